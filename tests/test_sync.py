"""Sync against the real server on loopback, on SQLite and on PostgreSQL, with the real client.

Scopes of every role against every other role's data, idempotent pushes, held children,
field conflicts, paged pulls that resume, verification that repairs, sign-in rules.
"""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
import requests
from sync_support import PASSWORD, USERS, Device, server_records

from helpers import KNOWN_ENTRIES
from inspector_app.registry.entries import Registry
from inspector_app.replication import outbox
from inspector_app.store import changelog, migrations
from sync import admin, protocol, ready
from sync.api import ApiClient, Connection, SyncError
from sync.engine import REPAIR_RANGES

ENTRY_HANING = KNOWN_ENTRIES[1]  # 海宁市许村镇
ENTRY_NANHU = KNOWN_ENTRIES[0]  # 南湖区


def expected_codes(live_server: Any, username: str, tree: Any) -> set[str]:
    """What a user may read, computed independently of the server's SQL."""
    role, unit_code = USERS[username]
    unit = tree.units[unit_code]
    out = set()
    for rec in server_records(live_server.engine):
        if role in ("city", "admin") or unit.level == "city":
            ok = True
        elif unit.level == "county":
            parks = {p.code for p in tree.parks_of(unit.code)}
            ok = (
                rec["county_code"] == unit.code
                or rec["supervising_unit"] == unit.code
                or rec["supervising_unit"] in parks
            )
        elif unit.level == "zone":
            ok = rec["supervising_unit"] == unit.code or rec["town_code"] in unit.covers
        elif unit.level == "park":
            ok = rec["supervising_unit"] == unit.code
        else:
            ok = rec["town_code"] == unit.code
        if ok:
            out.add(rec["uscc"])
    return out


def test_health_names_the_server_and_versions(live_server: Any) -> None:
    body = requests.get(f"{live_server.url}/api/v1/health", timeout=10).json()
    assert body["status"] == "ok" and body["protocol"] == protocol.PROTOCOL_VERSION
    assert body["server_id"] and body["database"] in ("sqlite", "postgresql")
    spec = requests.get(f"{live_server.url}/openapi.json", timeout=10).json()
    assert "/api/v1/push" in spec["paths"]


@pytest.mark.parametrize("username", sorted(USERS))
def test_each_role_pulls_exactly_its_scope(
    devices: Any, live_server: Any, tree: Any, username: str
) -> None:
    device: Device = devices(username)
    device.sync()
    assert device.codes() == expected_codes(live_server, username, tree)
    # officers are reference data: everyone gets all of them
    officers = device.store.conn.execute("SELECT count(*) FROM officer").fetchone()[0]
    assert officers == sum(1 for role, _ in USERS.values() if role != "admin")


def test_writes_outside_the_scope_are_rejected_per_record(devices: Any) -> None:
    haining: Device = devices("haining1")
    haining.sync()
    inside = haining.create(ENTRY_HANING)
    outside = haining.create(ENTRY_NANHU)
    report = haining.sync()
    assert report.pushed == {"accepted": 1, "rejected": 1}
    assert haining.status_of(inside) == ["accepted"]
    assert haining.status_of(outside) == ["rejected"]
    reason = json.loads(
        haining.store.conn.execute(
            "SELECT status_reason FROM change_log WHERE record_id = ?", (outside,)
        ).fetchone()[0]
    )
    assert reason["code"] == "out_of_scope" and "不在您的辖区内" in reason["zh"]
    # the refused record stays on the device (local work is never deleted by a sync)
    assert Registry.get(haining.store.conn, outside) is not None


def test_a_push_wholly_outside_the_scope_is_403(devices: Any, live_server: Any) -> None:
    haining: Device = devices("haining1")
    entry = {
        "entry_id": "01a00000-0000-7000-8000-000000000001",
        "table": "enterprise",
        "record_id": "01a00000-0000-7000-8000-000000000002",
        "op": "insert",
        "data": registry_data(ENTRY_NANHU),
    }
    creds = haining.credentials
    response = requests.post(
        f"{live_server.url}/api/v1/push",
        json={"entries": [entry]},
        headers={
            "Authorization": f"Bearer {creds.access_token}",
            protocol.H_PROTOCOL: "1",
            protocol.H_DEVICE: haining.store.device_id,
        },
        timeout=10,
    )
    assert response.status_code == 403
    assert response.json()["results"][0]["reason"]["code"] == "out_of_scope"


def registry_data(raw: dict[str, Any]) -> dict[str, Any]:
    from inspector_app.registry.rules import FIELDS

    return {
        f: (int(raw[f]) if isinstance(raw.get(f), bool) else raw.get(f, "")) for f in FIELDS
    } | {"supervising_unit": raw.get("supervising_unit") or raw["county_code"]}


def test_township_writes_only_under_delegation(devices: Any) -> None:
    delegated: Device = devices("xucun1")  # 许村镇 holds a registry delegation
    plain: Device = devices("changan1")  # 长安镇 does not
    delegated.sync()
    plain.sync()
    in_xucun = delegated.create(ENTRY_HANING)
    entry_changan = dict(
        ENTRY_HANING,
        uscc="92330481MA28K7F1XR"[:17] + "X",
        town_code="330481006",
        address="浙江省海宁市长安镇人民路1号",
    )
    from inspector_app.registry.validation import uscc_check_char

    entry_changan["uscc"] = entry_changan["uscc"][:17]
    entry_changan["uscc"] += uscc_check_char(entry_changan["uscc"])
    in_changan = plain.create(entry_changan)
    delegated.sync()
    plain.sync()
    assert delegated.status_of(in_xucun) == ["accepted"]
    assert plain.status_of(in_changan) == ["rejected"]
    reason = json.loads(
        plain.store.conn.execute(
            "SELECT status_reason FROM change_log WHERE record_id = ?", (in_changan,)
        ).fetchone()[0]
    )
    assert reason["code"] == "not_delegated" and "委托" in reason["zh"]


def test_replayed_push_returns_the_same_and_duplicates_nothing(
    devices: Any, live_server: Any
) -> None:
    device: Device = devices("haining1")
    device.sync()
    device.create(ENTRY_HANING)
    batch = outbox.outbox(device.store.conn, device.tables, 100)
    first = device.api.push(batch)
    second = device.api.push(batch)
    assert first["results"] == second["results"]
    assert first["server_seq"] == second["server_seq"]  # nothing written the second time
    codes = [r["uscc"] for r in server_records(live_server.engine)]
    assert codes.count(ENTRY_HANING["uscc"]) == 1
    changed = dict(batch[0], data=dict(batch[0]["data"], name="别的名称"))
    third = device.api.push([changed])
    assert third["results"][0]["reason"]["code"] == "entry_id_reused"


def test_one_bad_entry_never_blocks_the_rest(devices: Any) -> None:
    device: Device = devices("haining1")
    good = {
        "entry_id": "01a00000-0000-7000-8000-00000000000a",
        "table": "enterprise",
        "record_id": "01a00000-0000-7000-8000-00000000000b",
        "op": "insert",
        "data": registry_data(ENTRY_HANING),
    }
    bad_table = dict(good, entry_id="01a00000-0000-7000-8000-00000000000c", table="secrets")
    bad_shape = {"entry_id": 5, "table": "enterprise"}
    bad_data = dict(
        good,
        entry_id="01a00000-0000-7000-8000-00000000000d",
        record_id="01a00000-0000-7000-8000-00000000000e",
        data=dict(good["data"], uscc="123"),
    )
    answer = device.api.push([bad_table, bad_shape, bad_data, good])
    codes = [r.get("reason", {}).get("code") for r in answer["results"]]
    assert codes == ["unknown_table", "malformed_entry", "invalid", None]
    assert answer["results"][3]["status"] == "accepted"
    assert "长度应为18位" in answer["results"][2]["reason"]["zh"]


def test_a_child_waits_for_its_parent(devices: Any, live_server: Any) -> None:
    admin_device: Device = devices("admin1")
    officer_id = "01a00000-0000-7000-8000-0000000000f1"
    cert = {
        "entry_id": "01a00000-0000-7000-8000-0000000000f2",
        "table": "enforcement_certificate",
        "record_id": "01a00000-0000-7000-8000-0000000000f3",
        "op": "insert",
        "data": {
            "officer_id": officer_id,
            "number": "TEST-0001",
            "issuing_authority": "浙江省人民政府",
            "issued_on": "2025-01-01",
            "expires_on": "2030-01-01",
            "revoked": 0,
        },
    }
    officer = {
        "entry_id": "01a00000-0000-7000-8000-0000000000f4",
        "table": "officer",
        "record_id": officer_id,
        "op": "insert",
        "data": {
            "name": "新执法员",
            "unit_code": "330481",
            "role": "county",
            "phone": "",
            "active": 1,
        },
    }
    first = admin_device.api.push([cert])
    assert first["results"][0]["status"] == "held"
    assert first["results"][0]["reason"]["code"] == "parent_missing"
    second = admin_device.api.push([officer])
    assert second["results"][0]["status"] == "accepted"
    again = admin_device.api.push([cert])  # a retry now learns the final answer
    assert again["results"][0]["status"] == "accepted"
    numbers = [r["number"] for r in server_records(live_server.engine, "enforcement_certificate")]
    assert numbers.count("TEST-0001") == 1


def test_the_same_field_changed_on_two_devices_is_kept_as_a_conflict(devices: Any) -> None:
    a: Device = devices("haining1")
    b: Device = devices("haining2")
    a.sync()
    entity = a.create(ENTRY_HANING)
    a.sync()
    b.sync()
    # both offline: the same field, different values; another field only on one side
    a.update(entity, {"contact_phone": "13900000001", "legal_rep": "王改名"})
    b.update(entity, {"contact_phone": "13900000002"})
    a.sync()
    report = b.sync()
    assert report.pushed == {"accepted": 1}
    a.sync()
    for device in (a, b):
        row = Registry.get(device.store.conn, entity)
        assert row["contact_phone"] == "13900000001"  # the first to arrive stays...
        assert row["legal_rep"] == "王改名"  # ...and other fields merged
        conflicts = device.store.conn.execute(
            "SELECT field, server_value, incoming_value, status FROM sync_conflict "
            "WHERE record_id = ?",
            (entity,),
        ).fetchall()
        assert conflicts == [("contact_phone", "13900000001", "13900000002", "open")]  # ...and
        # the other value is kept for a person to choose, not overwritten


def test_pull_resumes_where_it_stopped(devices: Any, live_server: Any) -> None:
    first: Device = devices("city1")
    first.sync()
    writer: Device = devices("haining1")
    writer.sync()
    made = [
        writer.create(dict(ENTRY_HANING, uscc=code(i), name=f"续传测试{i}有限公司"))
        for i in range(30)
    ]
    writer.sync()
    pages: list[int] = []
    original = first.api.pull

    def small_pages(cursor: int, limit: int = 7) -> dict[str, Any]:
        pages.append(cursor)
        if len(pages) == 3:
            raise SyncError("offline", "断网", "link dropped")
        return original(cursor, limit)

    first.api.pull = small_pages  # type: ignore[method-assign]
    with pytest.raises(SyncError):
        first.sync()
    saved = int(first.store.meta("sync.cursor"))
    assert saved == pages[2]  # two pages applied and checkpointed, the third never arrived
    first.api.pull = lambda cursor, limit=7: original(cursor, limit)  # type: ignore[method-assign]
    first.sync()
    local = {r[0] for r in first.store.conn.execute("SELECT id FROM enterprise")}
    assert set(made) <= local


def code(i: int) -> str:
    from inspector_app.registry.validation import uscc_check_char

    first17 = f"9133048100{i:07d}"
    return first17 + uscc_check_char(first17)


def test_verification_repairs_a_damaged_copy(devices: Any) -> None:
    device: Device = devices("haining1")
    device.sync()
    mine = device.create(ENTRY_NANHU)  # rejected: outside the scope, but local work
    device.sync()
    victim = device.store.conn.execute(
        "SELECT id, name FROM enterprise WHERE id <> ? LIMIT 1", (mine,)
    ).fetchone()
    with device.store.transaction() as conn:  # damage behind the app's back
        conn.execute("UPDATE enterprise SET name = '被改坏的名称' WHERE id = ?", (victim[0],))
    report = device.sync()
    assert report.redownloaded == ["enterprise"]
    assert Registry.get(device.store.conn, victim[0])["name"] == victim[1]
    assert Registry.get(device.store.conn, mine) is not None  # never deleted by verification
    assert device.sync().redownloaded == []


def test_repair_downloads_only_the_ranges_that_differ(devices: Any) -> None:
    """A few damaged rows of a large table: both sides sum hashes per id range and only the
    differing ranges come down again (not the whole table)."""
    device: Device = devices("haining1")
    device.sync()
    mine = device.create(ENTRY_NANHU)  # refused by the server, but local work
    device.sync()
    conn = device.store.conn
    total = conn.execute("SELECT count(*) FROM enterprise").fetchone()[0]
    assert total >= 128
    ids = [
        r[0] for r in conn.execute("SELECT id FROM enterprise WHERE id <> ? ORDER BY id", (mine,))
    ]
    renamed, removed = ids[10], ids[12]  # in one range
    original = Registry.get(conn, renamed)["name"]
    with device.store.transaction() as write:  # damage behind the app's back
        write.execute("UPDATE enterprise SET name = '被改坏的名称' WHERE id = ?", (renamed,))
        row = Registry.get(write, removed)
        device.registry.delete_row(write, row)
    report = device.sync()
    assert report.redownloaded == ["enterprise"]
    ranges = min(REPAIR_RANGES, (total - 1) // 64)
    assert 2 <= report.repaired["enterprise"] <= -(-total // ranges) + 1 < total / 2
    assert not report.snapshot  # no whole-table download
    assert Registry.get(conn, renamed)["name"] == original
    assert Registry.get(conn, removed) is not None
    assert Registry.get(conn, mine) is not None  # never deleted by verification
    assert conn.execute("SELECT count(*) FROM enterprise").fetchone()[0] == total
    assert device.sync().redownloaded == []


def test_bad_password_and_lockout(devices: Any, live_server: Any) -> None:
    device: Device = devices()
    with pytest.raises(SyncError) as info:
        device.login("haining1", "wrong password")
    assert info.value.kind == "auth" and "用户名或密码错误" in info.value.zh
    for _ in range(5):
        with pytest.raises(SyncError):
            device.login("nanhu1", "wrong password")
    with pytest.raises(SyncError) as locked:
        device.login("nanhu1", PASSWORD)
    assert "锁定" in locked.value.zh
    admin.reset_password(live_server.engine, "nanhu1", "a new password 2")
    assert device.login("nanhu1", "a new password 2").user["username"] == "nanhu1"


def test_a_revoked_device_is_refused_and_keeps_its_data(devices: Any, live_server: Any) -> None:
    device: Device = devices("haining1")
    device.sync()
    entity = device.create(ENTRY_HANING)
    admin.revoke_device(live_server.engine, device.store.device_id)
    with pytest.raises(SyncError) as info:
        device.sync()
    assert info.value.kind == "revoked" and "停用" in info.value.zh
    # kept, still waiting: handed in to the server's quarantine, held for an administrator
    assert device.status_of(entity) == ["held"]
    assert changelog.pending_count(device.store.conn) == 1
    with pytest.raises(SyncError):
        device.login("haining1")


def test_old_protocol_is_told_to_upgrade(live_server: Any) -> None:
    response = requests.post(
        f"{live_server.url}/api/v1/push",
        json={"entries": []},
        headers={protocol.H_PROTOCOL: "0"},
        timeout=10,
    )
    assert response.status_code == 426
    assert "请升级" in response.json()["message"]["zh"]


@pytest.mark.parametrize(
    "body, headers, status",
    [
        (b"{not json", {"content-type": "application/json"}, 422),
        (b'{"entries": 5}', {"content-type": "application/json"}, 422),
        (b'{"entries": []}', {"content-type": "application/json"}, 401),
        (b"x" * (protocol.MAX_BODY_BYTES + 10), {"content-type": "application/json"}, 413),
    ],
)
def test_bad_requests_are_4xx_with_a_message(
    live_server: Any, body: bytes, headers: dict[str, str], status: int
) -> None:
    response = requests.post(
        f"{live_server.url}/api/v1/push",
        data=body,
        headers={protocol.H_PROTOCOL: "1", **headers},
        timeout=30,
    )
    assert response.status_code == status
    message = response.json()["message"]
    assert message["zh"] and message["en"]


def test_an_answer_that_is_not_the_servers_counts_for_nothing(devices: Any) -> None:
    device: Device = devices("haining1")
    device.sync()
    entity = device.create(ENTRY_HANING)

    class Portal(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self._page()

        def do_GET(self) -> None:
            self._page()

        def _page(self) -> None:
            body = b'{"results": [], "message": "please log in to the Wi-Fi"}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: Any) -> None:
            pass

    portal = HTTPServer(("127.0.0.1", free_port()), Portal)
    thread = threading.Thread(target=portal.serve_forever, daemon=True)
    thread.start()
    try:
        device.api.base = f"http://127.0.0.1:{portal.server_port}/api/v1"
        with pytest.raises(SyncError) as info:
            device.sync()
        assert info.value.kind == "not_server"
        assert device.status_of(entity) == ["pending"]
    finally:
        portal.shutdown()
        portal.server_close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_expired_session_refreshes_without_a_password(devices: Any, live_server: Any) -> None:
    from sqlalchemy import update

    from sync.server import db

    device: Device = devices("haining1")
    with db.writing(live_server.engine) as conn:  # the access token ran out
        conn.execute(
            update(db.tokens).where(db.tokens.c.kind == "access").values(expires_at=db.now())
        )
    old = device.credentials.access_token
    device.sync()
    assert device.credentials.access_token != old
    assert json.loads(device.store.meta("sync.access_token")) == device.credentials.access_token
    with db.writing(live_server.engine) as conn:  # and now the refresh token too
        conn.execute(update(db.tokens).values(expires_at=db.now()))
    entity = device.create(ENTRY_HANING)
    with pytest.raises(SyncError) as info:
        device.sync()
    assert info.value.kind == "auth"  # asks for the password; local work goes on
    assert device.status_of(entity) == ["pending"]


def test_two_clients_with_different_scopes_end_to_end(
    devices: Any, live_server: Any, tree: Any
) -> None:
    haining: Device = devices("haining1")
    nanhu: Device = devices("nanhu1")
    for device in (haining, nanhu):
        device.sync()
    # offline work on both sides
    h1 = haining.create(ENTRY_HANING)
    n1 = nanhu.create(ENTRY_NANHU)
    shared_code = code(99)
    h_dup = haining.create(dict(ENTRY_HANING, uscc=shared_code, name="同码甲有限公司"))
    n_dup = nanhu.create(dict(ENTRY_NANHU, uscc=shared_code, name="同码乙有限公司"))
    haining.sync()
    nanhu.sync()
    haining.sync()
    assert haining.status_of(h1) == ["accepted"] and nanhu.status_of(n1) == ["accepted"]
    assert haining.status_of(h_dup) == ["accepted"]
    assert nanhu.status_of(n_dup) == ["rejected"]  # the same code twice: the second refused
    for device, user in ((haining, "haining1"), (nanhu, "nanhu1")):
        local = device.codes() - {shared_code}
        assert local == expected_codes(live_server, user, tree) - {shared_code}
    server = [r["uscc"] for r in server_records(live_server.engine)]
    assert len(server) == len(set(server))  # nothing duplicated
    pending = changelog.pending_count(haining.store.conn) + changelog.pending_count(
        nanhu.store.conn
    )
    assert pending == 0


def test_client_settings_reach_the_http_layer(tmp_path: Any) -> None:
    api = ApiClient(
        Connection(
            "https://example.invalid", proxy="http://proxy:3128", verify=str(tmp_path / "ca.pem")
        ),
        "device-0001",
    )
    assert api.http.verify == str(tmp_path / "ca.pem")
    assert api.http.proxies["https"] == "http://proxy:3128"
    assert ApiClient(Connection("https://x.invalid"), "device-0002").http.verify is True
    api.close()


def test_a_lost_refresh_answer_gives_the_same_tokens_again(devices: Any, live_server: Any) -> None:
    device: Device = devices("haining1")
    old = device.credentials.refresh_token

    def refresh(token: str) -> requests.Response:
        return requests.post(
            f"{live_server.url}/api/v1/refresh",
            json={"refresh_token": token, "device_id": device.store.device_id},
            headers={protocol.H_PROTOCOL: "1"},
            timeout=10,
        )

    first = refresh(old)
    again = refresh(old)  # the first answer never reached the device
    assert first.status_code == again.status_code == 200
    assert first.json()["access_token"] == again.json()["access_token"]
    assert first.json()["refresh_token"] == again.json()["refresh_token"]
    newer = refresh(first.json()["refresh_token"])  # the device moves on...
    assert newer.status_code == 200
    assert refresh(old).status_code == 401  # ...and the old token is spent for good


def test_two_server_processes_on_one_database_answer_the_same(
    devices: Any, live_server: Any, server_db: str
) -> None:
    from sync_support import LiveServer

    second = LiveServer(server_db)  # another process's worth of server: no state of its own
    try:
        device: Device = devices("haining1")  # signed in through the first server
        device.sync()
        entity = device.create(ENTRY_HANING)
        device.api.base = f"{second.url}/api/v1"  # the load balancer picks the other one
        assert device.sync().pushed == {"accepted": 1}
        me_second = device.api.me()
        device.api.base = f"{live_server.url}/api/v1"
        assert device.api.me() == me_second
        cursor = 0
        first_page = device.api.pull(cursor, 50)
        device.api.base = f"{second.url}/api/v1"
        assert device.api.pull(cursor, 50) == first_page
        assert entity in {r["id"] for r in server_records(second.engine)}
    finally:
        second.stop()


def test_admin_command_line(tmp_path: Any) -> None:
    from helpers import run_python

    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    assert run_python("-m", "sync.admin", "--db", url, "init").returncode == 0
    added = subprocess_input(
        [
            "-m",
            "sync.admin",
            "--db",
            url,
            "add-user",
            "zhang",
            "--name",
            "张三",
            "--role",
            "county",
            "--unit",
            "330481",
            "--password-stdin",
        ],
        "a good password\n",
    )
    assert added.returncode == 0, added.stderr
    listed = run_python("-m", "sync.admin", "--db", url, "list-users")
    assert "zhang county 330481 张三" in listed.stdout
    short = subprocess_input(
        ["-m", "sync.admin", "--db", url, "reset-password", "zhang", "--password-stdin"], "short\n"
    )
    assert short.returncode == 1 and "at least 8 characters" in short.stderr
    wrong = run_python(
        "-m",
        "sync.admin",
        "--db",
        url,
        "add-delegation",
        "--town",
        "330402001",
        "--authority",
        "330481",
        "--matters",
        "registry",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
    )
    assert wrong.returncode == 1 and "not the county bureau" in wrong.stderr


def subprocess_input(args: list[str], stdin: str) -> Any:
    import os
    import subprocess
    import sys

    from helpers import ROOT

    return subprocess.run(
        [sys.executable, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )


# -- answers that are not what the server sends (found by the byte fuzz, tests/fuzz_targets.py) --

SIGNING_KEY = bytes(range(32))


class Canned(BaseHTTPRequestHandler):
    """Answers each request with the next of ``server.answers``: (status, headers, body)."""

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status, headers, body = self.server.answers.pop(0)  # type: ignore[attr-defined]
        self.send_response(status)
        for name, value in {protocol.H_SERVER: "server-1", **headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def canned() -> Any:
    """A loopback server giving canned answers, and a signed-in client of it."""
    from sync.api import Credentials

    server = HTTPServer(("127.0.0.1", free_port()), Canned)
    server.answers = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    credentials = Credentials(
        server_url=url,
        server_id="server-1",
        user={"username": "haining1"},
        access_token="access",
        refresh_token="refresh",
        signing_key=protocol.b64(SIGNING_KEY),
        access_expires_at="2026-05-01T09:00:00+00:00",
    )
    api = ApiClient(Connection(url), "device-1", credentials)
    try:
        yield server.answers, api  # type: ignore[attr-defined]
    finally:
        api.close()
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "status, body, kind, words",
    [
        # the parser's recursion limit: a RecursionError escaped before
        (400, b"[" * 100_000 + b"]" * 100_000, "refused", "拒绝"),
        (500, b'{"error":' * 50_000 + b"1" + b"}" * 50_000, "server", "稍后"),
        # a 426 or a revoked device with an empty body had an empty message
        (426, b"", "upgrade", "升级"),
        (
            426,
            b'{"error": "upgrade_required", "message": {"zh": " ", "en": ""}}',
            "upgrade",
            "升级",
        ),
        (403, b'{"error": "device_revoked"}', "revoked", "停用"),
        # texts that are not strings, or cannot be shown (a lone surrogate)
        (409, b'{"error": ["x"], "message": {"zh": 5, "en": ["x"]}}', "refused", "409"),
        (409, b'{"message": {"zh": "\\ud800", "en": "\\udfff"}}', "refused", "?"),
        (409, b'{"message": {"zh": "' + b"x" * 100_000 + b'", "en": "y"}}', "refused", "xxx"),
    ],
)
def test_an_odd_error_answer_gives_a_clear_message(
    canned: Any, status: int, body: bytes, kind: str, words: str
) -> None:
    answers, api = canned
    answers.append((status, {"Content-Type": "application/json"}, body))
    with pytest.raises(SyncError) as failed:
        api.me()
    error = failed.value
    assert error.kind == kind and error.status == status and words in error.zh
    for text in (error.zh, error.en):
        assert text.strip() and len(text) <= 2000
        text.encode("utf-8")  # can be shown and logged


def test_a_signature_that_is_not_ascii_is_not_the_servers(canned: Any) -> None:
    answers, api = canned
    body = b'{"user": {}}'
    answers.append((200, {protocol.H_SIGNATURE: "é" * 44}, body))  # compare_digest raised
    with pytest.raises(SyncError) as failed:
        api.me()
    assert failed.value.kind == "not_server"
    answers.append((200, {protocol.H_SIGNATURE: protocol.sign(SIGNING_KEY, body)}, body))
    assert api.me() == {"user": {}}


@pytest.mark.parametrize(
    "body",
    [
        b"{}",  # a KeyError escaped before
        b'{"server_id": "server-1", "user": {}, "access_token": "a", "refresh_token": "r", '
        b'"signing_key": "", "access_expires_at": "x"}',  # no key: answers would go unchecked
        b'{"server_id": "server-1", "user": [], "access_token": 5, "refresh_token": "r", '
        b'"signing_key": "AAAA", "access_expires_at": "x"}',
    ],
)
def test_a_sign_in_answer_without_its_session_signs_nobody_in(canned: Any, body: bytes) -> None:
    answers, api = canned
    before = api.credentials
    answers.append((200, {}, body))
    with pytest.raises(SyncError) as failed:
        api.login("haining1", PASSWORD, "laptop")
    assert failed.value.kind == "server" and "不完整" in failed.value.zh
    assert api.credentials is before
    # a refresh answered so: the sync stops (to retry later), the session is kept
    answers.append((401, {}, b'{"error": "token_expired"}'))
    answers.append((200, {}, body))
    with pytest.raises(SyncError) as refreshing:
        api.me()
    assert refreshing.value.kind == "server"
    assert api.credentials.access_token == "access"


def test_a_malformed_ready_manifest_is_not_used() -> None:
    """The client's reading of the ready database's manifest (``sync.ready``; tested here, as
    every test of test_sync_ready.py starts a live server)."""
    manifest = {"available": True, "seq": 1, "sha256": "ab" * 32, "size": 4096}
    manifest["schema"] = migrations.latest_version()
    assert ready.checked_manifest(manifest) == ("ab" * 32, 4096, 1)
    for change in (
        {"size": True},  # a bool is not a size (it was taken as 1)
        {"seq": False},
        {"size": ready.MAX_SIZE + 1},
        {"size": 10**30},
        {"sha256": "AB" * 32},
        {"schema": [[[[[]]]]] * 1000},  # named by its type, not printed
        {"schema": "x" * 1_000_000},
    ):
        with pytest.raises(ready.Unusable) as refused:
            ready.checked_manifest({**manifest, **change})
        assert len(str(refused.value)) < 100, change


class Closing:
    """A loopback server that closes the first ``closes`` connections as soon as a request
    arrives (no answer: a kept-alive connection let go just as the request left), then answers
    health requests."""

    def __init__(self, closes: int) -> None:
        self.closes, self.connections = closes, 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                self.connections += 1
                conn.recv(65536)
                if self.connections <= self.closes:
                    continue  # closed without a word
                body = json.dumps({"status": "ok"}).encode()
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + f"{protocol.H_SERVER}: server-1\r\n".encode()
                    + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                    + body
                )

    def close(self) -> None:
        self.sock.close()


def test_a_connection_closed_before_the_answer_is_tried_once_more() -> None:
    """The server closed the connection as the request left (its keep-alive ran out while the
    laptop slept): the request goes once more on a new connection; twice in a row is a real
    failure, told as offline, and not retried for ever."""
    once = Closing(closes=1)
    api = ApiClient(Connection(once.url), "device-1")
    try:
        assert api.health() == {"status": "ok"}
        assert once.connections == 2
    finally:
        api.close()
        once.close()
    always = Closing(closes=10)
    api = ApiClient(Connection(always.url), "device-1")
    try:
        with pytest.raises(SyncError) as info:
            api.health()
        assert info.value.kind == "offline"
        assert always.connections == 2
    finally:
        api.close()
        always.close()
