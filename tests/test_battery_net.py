"""Reliability battery, the network rows: clock skew (R12), sleep and resume (R13, and its
ten-minute soak: ``pytest -m soak``), the lost laptop (S8), TLS (S9) and a tampered evidence
blob (S11). The real server on loopback, the real client, real stores. The slow, lossy link
(R8) is ``test_battery_link``.

Each test prints its figure (``pytest -s`` shows it; the README's battery table quotes it)."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from faults import ROOT, child_env, client_command
from sqlalchemy import select
from sync_support import PASSWORD, LiveServer, make_device, seed_server
from test_attachments import CHUNK, add, attachments_dir, make_file, name_on_server, transfers
from test_sync_faults import (
    Ledger,
    applied_on_server,
    assert_converged,
    open_device,
    server_counts,
)

from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.replication import outbox
from inspector_app.store import attachments, changelog
from inspector_app.store.clock import Clock
from sync import admin
from sync.api import ApiClient, Connection, Credentials, SyncError
from sync.server import auth, db
from sync.server.push import CHINA

SCALE = 0.001


class ShiftedClock(Clock):
    """A device clock ``offset`` away from the true time (changed while running: a jump)."""

    def __init__(self, offset: dt.timedelta = dt.timedelta(0)) -> None:
        self.offset = offset

    def now(self) -> dt.datetime:
        return super().now() + self.offset


class ServerClock:
    """The server's clock, shifted by ``offset``: a device whose clock is ``d`` ahead of the
    server's is a server ``d`` behind the device's (the client reads the host's clock)."""

    def __init__(self) -> None:
        self.offset = dt.timedelta(0)

    def __call__(self) -> dt.datetime:
        return db.now() + self.offset


def as_utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


@pytest.fixture
def clocked_server(server_db: str) -> Iterator[tuple[LiveServer, ServerClock]]:
    clock = ServerClock()
    server = LiveServer(server_db, clock=clock)
    seed_server(server.engine, SCALE)
    yield server, clock
    server.stop()


@pytest.fixture
def laptop(tmp_path: Path, tree: JurisdictionTree, registry: Registry) -> Iterator[Callable]:
    made: list[Any] = []

    def make(url: str, username: str) -> Any:
        folder = tmp_path / f"laptop{len(made)}"
        folder.mkdir()
        device = make_device(folder, tree, registry, url)
        made.append(device)
        device.login(username)
        return device

    yield make
    for device in made:
        device.close()


def certificate_entries(tag: str, issued_on: dt.date) -> list[dict[str, Any]]:
    """An officer and an enforcement certificate issued on ``issued_on`` (the device's today)."""
    from inspector_app.store.clock import new_id

    officer_id = new_id()
    return [
        {
            "entry_id": new_id(),
            "table": "officer",
            "record_id": officer_id,
            "op": "insert",
            "data": {
                "name": f"钟差{tag}",
                "unit_code": "330481",
                "role": "county",
                "phone": "",
                "active": 1,
            },
        },
        {
            "entry_id": new_id(),
            "table": "enforcement_certificate",
            "record_id": new_id(),
            "op": "insert",
            "data": {
                "officer_id": officer_id,
                "number": f"SKEW-{tag}",
                "issuing_authority": "浙江省人民政府",
                "issued_on": issued_on.isoformat(),
                "expires_on": (issued_on + dt.timedelta(days=5 * 365)).isoformat(),
                "revoked": 0,
            },
        },
    ]


# -- R12 clock skew -----------------------------------------------------------------------------

SKEWS = {
    "-3 days": dt.timedelta(days=-3),
    "+1 day": dt.timedelta(days=1),
    "+1 year": dt.timedelta(days=365),
}


def test_r12_clock_skew_orders_by_sequence_and_keeps_server_time(
    clocked_server: tuple[LiveServer, ServerClock], laptop: Callable
) -> None:
    """Devices whose clocks are 3 days behind, 1 day and 1 year ahead of the server, and one
    whose clock jumps back mid-session: every sign-in and sync works (tokens judged by the
    server's clock), the skew is reported, the server keeps its own receive time beside the
    device's, the last edit by the device's sequence wins, nothing is lost or duplicated, and a
    certificate dated the device's today is refused by the server when that day is its future."""
    server, clock = clocked_server
    engine = server.engine
    initial = server_counts(engine)["enterprise"]
    ledger = Ledger()
    figures: list[str] = []
    for n, (name, skew) in enumerate(SKEWS.items()):
        clock.offset = -skew
        device = laptop(server.url, "haining1")
        admin = laptop(server.url, "admin1")
        started = db.now() - skew
        made = [ledger.create(device, 1000 * (n + 1)) for _ in range(3)]
        ledger.update(device, made[0], n)
        report = device.sync()
        assert report.clock_skew_s is not None and report.clock_warning
        assert abs(report.clock_skew_s - skew.total_seconds()) < 120
        officer, certificate = certificate_entries(str(n), db.now().astimezone(CHINA).date())
        answer = admin.api.push([officer, certificate])["results"]
        ended = db.now() - skew
        assert answer[0]["status"] == "accepted"
        server_today = (db.now() - skew).astimezone(CHINA).date()
        if skew > dt.timedelta(0):  # the device's today is the server's future: refused
            assert answer[1]["status"] == "rejected", answer[1]
            reason = answer[1]["reason"]
            assert reason["fields"] == [{"field": "issued_on", "rule": "future"}]
            assert server_today.isoformat() in reason["zh"]
        else:
            assert answer[1]["status"] == "accepted", answer[1]
        # the server's own time, not the device's, on everything it received
        a = db.applied_entries.c
        with db.reading(engine) as conn:
            times = [
                as_utc(t)
                for t in conn.execute(
                    select(a.received_at).where(a.device_id == device.store.device_id)
                ).scalars()
            ]
            updated = [
                as_utc(t)
                for t in conn.execute(
                    select(db.records.c.updated_at).where(db.records.c.record_id.in_(made))
                ).scalars()
            ]
        assert len(times) == 4 and len(updated) == 3
        slack = dt.timedelta(seconds=5)
        assert all(started - slack <= t <= ended + slack for t in times + updated)
        device_times = [
            dt.datetime.fromisoformat(r[0])
            for r in device.store.conn.execute("SELECT device_time FROM change_tx")
        ]
        assert device_times and all(abs(t - as_utc(times[0])) > abs(skew) / 2 for t in device_times)
        figures.append(f"{name}: skew seen {report.clock_skew_s / 3600:+.1f} h")
    # a clock that jumps back two hours between two edits of one record: the later edit wins
    clock.offset = dt.timedelta(0)
    jumper = laptop(server.url, "haining1")
    device_clock = ShiftedClock()
    jumper.store.clock = device_clock
    record_id = ledger.create(jumper, 9000)
    ledger.update(jumper, record_id, 111)
    device_clock.offset = dt.timedelta(hours=-2)
    ledger.update(jumper, record_id, 222)
    times = [
        r[0]
        for r in jumper.store.conn.execute(
            "SELECT t.device_time FROM change_log l JOIN change_tx t ON t.tx_seq = l.tx_seq "
            "WHERE l.record_id = ? ORDER BY l.seq",
            (record_id,),
        )
    ]
    assert times[-1] < times[-2], "the second edit carries the earlier device time"
    jumper.sync()
    jumper.sync()
    assert_converged(engine, jumper.store, jumper.registry, "haining1", [ledger], initial)
    statuses = applied_on_server(engine)
    assert list(statuses.values()).count("accepted") >= len(ledger.phones)
    print(
        f"\nR12 clock skew: {'; '.join(figures)}; a jump back of 2 h between two edits: the later "
        f"edit kept; {len(ledger.phones)} records, 0 lost, 0 duplicated; certificates dated the "
        "device's today refused as future at +1 day and +1 year, accepted at -3 days"
    )


# -- R13 sleep and resume -----------------------------------------------------------------------

ACCESS_LIFETIME = dt.timedelta(seconds=3)  # a loaded machine must not expire it on its own
# the soak: a lid closed for 10 minutes. The server's default access token lives 8 hours
# (``auth.Lifetimes``), longer than any such stop, so the soak's server gives it 5 minutes.
SOAK_SLEEP = dt.timedelta(minutes=10)
SOAK_ACCESS_LIFETIME = dt.timedelta(minutes=5)


def session_server(server_db: str, access: dt.timedelta) -> LiveServer:
    server = LiveServer(server_db, lifetimes=auth.Lifetimes(access=access))
    seed_server(server.engine, SCALE)
    return server


@pytest.fixture
def short_session_server(server_db: str) -> Iterator[LiveServer]:
    server = session_server(server_db, ACCESS_LIFETIME)
    yield server
    server.stop()


@pytest.fixture
def soak_session_server(server_db: str) -> Iterator[LiveServer]:
    server = session_server(server_db, SOAK_ACCESS_LIFETIME)
    yield server
    server.stop()


def sync_with_a_sleep(
    store: Path, url: str, sleep_at: str, occurrence: int, seconds: float
) -> tuple[list[str], float]:
    """Sync ``store`` in a child process; when it reaches ``sleep_at`` for the ``occurrence``-th
    time, SIGSTOP it for ``seconds`` (a laptop lid closed), then SIGCONT. Returns the points it
    passed and how long it was stopped (the sync must have ended well)."""
    command = client_command(store, url, pause=True, batch=4, page=5, snapshot_page=25)
    seen: dict[str, int] = {}
    points: list[str] = []
    last = ""
    slept = 0.0
    with subprocess.Popen(
        command,
        cwd=ROOT,
        env=child_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # its own session: a stopped process whose group is orphaned meanwhile (the shell that
        # started pytest exits) gets SIGHUP from the kernel, a death no lid ever causes
        start_new_session=True,
    ) as child:
        assert child.stdin is not None and child.stdout is not None
        watchdog = threading.Timer(90 + seconds, child.kill)
        watchdog.start()
        try:
            for raw in child.stdout:
                line = raw.rstrip("\n")
                last = line if line.startswith(("DONE", "ERROR")) else last
                if not line.startswith("POINT "):
                    continue
                label = line[6:]
                points.append(label)
                seen[label] = seen.get(label, 0) + 1
                if label == sleep_at and seen[label] == occurrence:
                    os.kill(child.pid, signal.SIGSTOP)
                    began = time.monotonic()
                    time.sleep(seconds)
                    slept = time.monotonic() - began
                    os.kill(child.pid, signal.SIGCONT)
                with contextlib.suppress(BrokenPipeError):
                    child.stdin.write("go\n")
                    child.stdin.flush()
            code = child.wait(30)
        finally:
            watchdog.cancel()
        stderr = child.stderr.read() if child.stderr else ""
    assert code == 0 and last.startswith("DONE"), f"{last}\n{stderr[-2000:]}"
    return points, slept


def sleep_mid_push(
    server: LiveServer,
    laptop: Callable,
    registry: Registry,
    sleep_at: str,
    seconds: float,
    records: int = 10,
) -> str:
    """Ten records made offline, then a sync process stopped at the second ``sleep_at`` of its
    push for ``seconds``: it must finish without the password (its session refreshed) and leave
    every record on the server once. Returns the figure's details."""
    engine = server.engine
    device = laptop(server.url, "haining1")
    device.sync()
    initial = server_counts(engine)["enterprise"]
    ledger = Ledger()
    for _ in range(records):
        ledger.create(device, 5000)
    first = Credentials.load(device.store)
    assert first is not None
    path = device.store.path
    device.close()
    points, slept = sync_with_a_sleep(path, server.url, sleep_at, 2, seconds)
    assert points.count("before POST /push") >= 3, "the push was not cut into batches"
    assert "before POST /login" not in points, "the sync asked for the password"
    refreshes = points.count("before POST /refresh")
    assert refreshes >= 1, "the session did not expire while asleep"
    again = open_device(path, registry, server.url)
    try:
        after = Credentials.load(again.store)
        assert after is not None and after.access_token != first.access_token
        again.sync()
        assert_converged(engine, again.store, again.registry, "haining1", [ledger], initial)
    finally:
        again.close()
    return (
        f"stopped {slept:.1f} s; the session refreshed {refreshes}× without the password; "
        f"{len(ledger.phones)} records pushed, 0 lost, 0 duplicated"
    )


@pytest.mark.parametrize(
    "sleep_at",
    ["before POST /push", "after POST /push"],
    ids=["before-the-batch", "after-the-server-committed"],
)
def test_r13_sleep_mid_push_longer_than_the_session(
    short_session_server: LiveServer, laptop: Callable, registry: Registry, sleep_at: str
) -> None:
    """A sync process stopped (SIGSTOP) between two batches of a push for longer than the
    access token lives, then continued: the sync finishes without asking for the password (the
    session is refreshed), and every record is on the server once."""
    seconds = ACCESS_LIFETIME.total_seconds() + 2
    figure = sleep_mid_push(short_session_server, laptop, registry, sleep_at, seconds)
    print(
        f"\nR13 sleep and resume ({sleep_at}), "
        f"{ACCESS_LIFETIME.total_seconds():.0f} s access token: {figure}"
    )


@pytest.mark.soak
def test_r13_sleep_mid_push_for_ten_minutes_soak(
    soak_session_server: LiveServer,
    laptop: Callable,
    registry: Registry,
    capsys: Any,
    long_run: None,
) -> None:
    """The reference's R13: the lid closed for 10 minutes in the middle of a push, after the
    server committed a batch and before its answer was recorded, with an access token that
    runs out meanwhile (5 minutes here: the default, 8 hours, would outlive the stop). The
    sync goes on after SIGCONT, the session refreshed without the password; nothing lost,
    nothing duplicated. About 11 minutes per server database."""
    assert auth.Lifetimes().access > SOAK_SLEEP > SOAK_ACCESS_LIFETIME
    began = time.monotonic()
    figure = sleep_mid_push(
        soak_session_server, laptop, registry, "after POST /push", SOAK_SLEEP.total_seconds()
    )
    with capsys.disabled():
        print(
            f"\nR13 sleep and resume soak (after POST /push), "
            f"{SOAK_ACCESS_LIFETIME.total_seconds() / 60:.0f} min access token: {figure}; "
            f"{time.monotonic() - began:.0f} s",
            flush=True,
        )


# -- S8 the lost laptop -------------------------------------------------------------------------


def test_s8_a_revoked_laptops_records_go_to_quarantine_until_an_administrator_decides(
    clocked_server: tuple[LiveServer, ServerClock], laptop: Callable, capsys: Any
) -> None:
    """The administrator revokes a lost laptop's device (``sync.admin revoke-device``); its
    next sync is refused as revoked (401/403, nothing pulled: a record a colleague added
    afterwards never reaches it), its session cannot be refreshed, and the changes it made
    offline are handed in to the server's quarantine: all kept there, none applied, none
    dropped, still on the laptop, shown as held for review, stored once however often the
    laptop tries again. The administrator releases some (applied by the ordinary push rules:
    a colleague receives them, the laptop is told they are accepted) and rejects one (the
    laptop is told, with the reason, like a refusal)."""
    server, _ = clocked_server
    engine = server.engine
    lost = laptop(server.url, "haining1")
    colleague = laptop(server.url, "haining2")
    lost.sync()
    colleague.sync()
    initial = server_counts(engine)["enterprise"]
    ledger, theirs = Ledger(), Ledger()
    pending = [ledger.create(lost, 7000) for _ in range(5)]
    ledger.update(lost, pending[0], 1)  # two changes of one record: released in their order
    changes = changelog.pending_count(lost.store.conn)
    before = {
        "rows": lost.store.conn.execute("SELECT count(*) FROM enterprise").fetchone()[0],
        "cursor": lost.store.meta("sync.cursor"),
    }
    url = engine.url.render_as_string(hide_password=False)
    assert admin.main(["--db", url, "revoke-device", lost.store.device_id]) == 0
    added = theirs.create(colleague, 8000)
    colleague.sync()
    statuses = []
    for _attempt in range(2):  # the second attempt replays the hand-in: nothing doubles
        with pytest.raises(SyncError) as info:
            lost.sync()
        statuses.append(info.value.status)
        assert info.value.kind == "revoked" and "停用" in info.value.zh
    creds = lost.credentials
    assert creds is not None
    for call in (
        lambda: lost.api.pull(0),
        lambda: lost.api.snapshot("enterprise", ""),
        lambda: lost.api.push([]),
    ):
        with pytest.raises(SyncError) as refused:
            call()
        statuses.append(refused.value.status)
        assert refused.value.kind == "revoked", refused.value
    with pytest.raises(SyncError) as refresh:
        lost.api.request(
            "POST",
            "/refresh",
            signed=False,
            retry_auth=False,
            json={"refresh_token": creds.refresh_token, "device_id": lost.store.device_id},
        )
    statuses.append(refresh.value.status)
    assert refresh.value.code == "device_revoked", refresh.value
    assert set(statuses) <= {401, 403}, statuses
    # nothing pulled; everything handed in, held, nothing applied, nothing lost
    assert (
        lost.store.conn.execute("SELECT count(*) FROM enterprise").fetchone()[0] == before["rows"]
    )
    assert lost.store.meta("sync.cursor") == before["cursor"]
    assert Registry.get(lost.store.conn, added) is None
    assert changelog.pending_count(lost.store.conn) == changes == 6
    assert all(set(lost.status_of(r)) == {"held"} for r in pending)
    assert all(Registry.get(lost.store.conn, r) is not None for r in pending)
    held = outbox.held_for_review(lost.store.conn)
    assert len(held) == changes and {reason["code"] for _e, reason in held} == {"quarantined"}
    assert "待管理员审核" in held[0][1]["zh"]
    assert not set(pending) & applied_records(engine), "a revoked device's record was applied"
    assert added in applied_records(engine)
    quarantined = quarantined_rows(engine)
    assert len(quarantined) == changes, "handed in twice, or not at all"
    assert {q["record_id"] for q in quarantined} == set(pending)
    assert {q["device_id"] for q in quarantined} == {lost.store.device_id}
    assert all(q["status"] == "held" and q["revoked_at"] is not None for q in quarantined)
    # a replay of the hand-in itself is answered as before and stored once
    again = lost.api.hand_in(outbox.outbox(lost.store.conn, lost.tables, 100))
    assert {r["status"] for r in again["results"]} == {"held"}
    assert len(quarantined_rows(engine)) == changes
    # the administrator lists, releases all but one record, rejects that one
    capsys.readouterr()
    assert admin.main(["--db", url, "quarantine-list"]) == 0
    listed = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert len(listed) == changes and all("held" in line for line in listed)
    rejected_record = pending[-1]
    ids = {int(line[0]): line[2] for line in listed}
    for item_id, record_id in ids.items():
        if record_id == rejected_record:
            assert (
                admin.main(
                    ["--db", url, "quarantine-reject", str(item_id), "--reason", "来源不明"]
                    + ["--by", "王管理"]
                )
                == 0
            )
        else:
            assert (
                admin.main(["--db", url, "quarantine-release", str(item_id), "--by", "王管理"]) == 0
            )
    assert "accepted" in capsys.readouterr().out
    assert {q["status"] for q in quarantined_rows(engine)} == {"released", "rejected"}
    # released: applied once, converged with a colleague; rejected: never applied
    colleague.sync()
    released = Ledger(
        {r: p for r, p in ledger.phones.items() if r != rejected_record},
        {r: c for r, c in ledger.codes.items() if r != rejected_record},
    )
    assert_converged(engine, colleague.store, colleague.registry, "haining2", [theirs, released])
    assert server_counts(engine)["enterprise"] == initial + 1 + len(pending) - 1
    assert rejected_record not in applied_records(engine)
    # the laptop, still revoked, hears the decisions at its next attempt
    with pytest.raises(SyncError):
        lost.sync()
    assert changelog.pending_count(lost.store.conn) == 0
    assert all(set(lost.status_of(r)) == {"accepted"} for r in pending[:-1])
    assert lost.status_of(rejected_record) == ["rejected"]
    told = outbox.rejected(lost.store.conn)
    assert [reason["code"] for _e, reason in told] == ["quarantine_rejected"]
    assert "来源不明" in told[0][1]["zh"] and "来源不明" in told[0][1]["en"]
    assert Registry.get(lost.store.conn, rejected_record) is not None  # kept on the laptop
    assert Registry.get(lost.store.conn, added) is None  # and still nothing pulled
    assert lost.store.integrity_check() == []
    print(
        f"\nS8 lost laptop: {len(statuses)} requests after the revocation refused "
        f"({sorted(set(statuses))}), 0 records pulled; {changes} pending changes of "
        f"{len(pending)} records -> {changes} in quarantine (2 attempts and a replay: "
        f"{len(quarantined_rows(engine))} stored), 0 dropped, 0 applied before release; "
        f"{changes - 1} released -> converged with a colleague, 1 rejected -> the laptop told "
        "with the reason"
    )


def quarantined_rows(engine: Any) -> list[dict[str, Any]]:
    with db.reading(engine) as conn:
        return [dict(r) for r in conn.execute(select(db.quarantined_entries)).mappings()]


def applied_records(engine: Any) -> set[str]:
    with db.reading(engine) as conn:
        return set(conn.execute(select(db.records.c.record_id)).scalars())


# -- S9 TLS -------------------------------------------------------------------------------------


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def make_certificate(
    folder: Path,
    stem: str,
    host: x509.GeneralName,
    issuer: tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None,
    days: tuple[int, int] = (-1, 30),
    ca: bool = False,
) -> tuple[Path, Path, x509.Certificate, ec.EllipticCurvePrivateKey]:
    """A certificate for ``host`` valid from ``days[0]`` to ``days[1]`` days from now, signed by
    ``issuer`` (itself when None); returns its PEM file, its key file, it and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    subject = _name(f"battery {stem}")
    signer_cert, signer_key = issuer if issuer else (None, key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(signer_cert.subject if signer_cert else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + dt.timedelta(days=days[0]))
        .not_valid_after(now + dt.timedelta(days=days[1]))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), True
        )
    else:
        builder = builder.add_extension(x509.SubjectAlternativeName([host]), critical=False)
    cert = builder.sign(signer_key, hashes.SHA256())
    cert_file, key_file = folder / f"{stem}.pem", folder / f"{stem}.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file, cert, key


class TlsFront:
    """The same server app served over HTTPS on another loopback port with a given certificate."""

    def __init__(self, app: Any, cert_file: Path, key_file: Path) -> None:
        self.server = uvicorn.Server(
            uvicorn.Config(
                app,
                host="127.0.0.1",
                port=0,
                log_level="critical",
                access_log=False,
                ssl_certfile=str(cert_file),
                ssl_keyfile=str(key_file),
            )
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive(), "no TLS server"
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"https://127.0.0.1:{port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture
def tls_fronts(
    clocked_server: tuple[LiveServer, ServerClock], tmp_path: Path
) -> Iterator[tuple[Path, dict[str, TlsFront]]]:
    """A test CA (the client is told to trust it) and four HTTPS fronts of the seeded server:
    a valid certificate for 127.0.0.1, a self-signed one, an expired one and one for another
    host (the last three from the same CA except the self-signed)."""
    server, _ = clocked_server
    loopback = x509.IPAddress(__import__("ipaddress").ip_address("127.0.0.1"))
    ca_file, _, ca_cert, ca_key = make_certificate(tmp_path, "ca", loopback, None, ca=True)
    ca = (ca_cert, ca_key)
    certs = {
        "valid": make_certificate(tmp_path, "valid", loopback, ca),
        "self-signed": make_certificate(tmp_path, "self", loopback, None),
        "expired": make_certificate(tmp_path, "expired", loopback, ca, days=(-60, -1)),
        "wrong host": make_certificate(tmp_path, "wrong", x509.DNSName("sync.example.gov.cn"), ca),
    }
    fronts = {name: TlsFront(server.app, c[0], c[1]) for name, c in certs.items()}
    yield ca_file, fronts
    for front in fronts.values():
        front.stop()


# what the refusal names, certificate by certificate
WHY = {"self-signed": "self", "expired": "expired", "wrong host": "mismatch"}


def test_s9_the_client_refuses_bad_certificates(
    tls_fronts: tuple[Path, dict[str, TlsFront]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the test CA trusted, the client signs in over a valid certificate and refuses a
    self-signed, an expired and a wrong-host one before sending the password (each refusal
    says the certificate check failed)."""
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):  # see the next test
        monkeypatch.delenv(name, raising=False)
    ca_file, fronts = tls_fronts
    refused = []
    for name, front in fronts.items():
        api = ApiClient(Connection(front.url, verify=str(ca_file)), "01a00000-0000-7000-8000-0000")
        try:
            if name == "valid":
                assert api.login("haining1", PASSWORD, "tls laptop").user["username"] == "haining1"
                continue
            with pytest.raises(SyncError) as info:
                api.login("haining1", PASSWORD, "tls laptop")
            assert info.value.kind == "offline" and "证书校验失败" in info.value.zh, name
            assert WHY[name] in info.value.en.lower(), info.value.en
            refused.append(name)
        finally:
            api.close()
    assert refused == ["self-signed", "expired", "wrong host"]
    print(
        f"\nS9 TLS: {len(refused)} of 3 bad certificates refused ({', '.join(refused)}); "
        "the valid one accepted"
    )


def test_s9_the_ca_file_of_the_settings_holds_whatever_the_environment_says(
    tls_fronts: tuple[Path, dict[str, TlsFront]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import certifi

    monkeypatch.setenv("REQUESTS_CA_BUNDLE", certifi.where())
    ca_file, fronts = tls_fronts
    api = ApiClient(Connection(fronts["valid"].url, verify=str(ca_file)), "01a00000-0000-7000")
    try:
        assert api.login("haining1", PASSWORD, "tls laptop").user["username"] == "haining1"
    finally:
        api.close()


@pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")
def test_s9_certificate_checks_cannot_be_turned_off(
    tls_fronts: tuple[Path, dict[str, TlsFront]], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):  # unset on an officer's laptop
        monkeypatch.delenv(name, raising=False)
    _, fronts = tls_fronts
    api = ApiClient(Connection(fronts["self-signed"].url, verify=False), "01a00000-0000-7000")
    try:
        with pytest.raises(SyncError):
            api.login("haining1", PASSWORD, "tls laptop")
    finally:
        api.close()


class Listener:
    """A loopback socket that records what a client sends it (then closes the connection)."""

    def __init__(self) -> None:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.received = b""
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(0.5)
                with contextlib.suppress(OSError):
                    while chunk := conn.recv(65536):  # until the client waits for an answer
                        self.received += chunk

    def close(self) -> None:
        self.running = False
        self.thread.join(5)
        self.sock.close()


def test_s9_plain_http_to_another_machine_is_refused_before_anything_is_sent() -> None:
    """An ``http://`` address of a remote host (reached here through a recording proxy, so
    nothing leaves the machine): the client must refuse before sending the password."""
    listener = Listener()
    api = ApiClient(
        Connection("http://sync.example.gov.cn", proxy=listener.url, timeout=(2.0, 2.0)),
        "01a00000-0000-7000",
    )
    try:
        api.login("haining1", PASSWORD, "clear laptop")
        kind = "sent"
    except SyncError as exc:
        kind = exc.kind
    finally:
        api.close()
        listener.close()
    assert PASSWORD.encode() not in listener.received, "the password went out in clear"
    assert kind not in ("sent", "offline"), "refused only because nothing answered"


# -- S11 an evidence blob tampered with on the server -------------------------------------------


def tamper_stored_blob(engine: Any, sha: str, rehash: bool = False) -> None:
    """Flip one byte of the second stored chunk of a complete blob, behind the server's back
    (``rehash``: and write the chunk's hash to match, as a careful forger would)."""
    c = db.blob_chunks.c
    with db.writing(engine) as conn:
        data = bytearray(
            conn.execute(select(c.data).where(c.sha256 == sha, c.offset == CHUNK)).scalar_one()
        )
        data[7] ^= 0x01
        values: dict[str, Any] = {"data": bytes(data)}
        if rehash:
            values["chunk_sha256"] = hashlib.sha256(data).hexdigest()
        conn.execute(
            db.blob_chunks.update().where(c.sha256 == sha, c.offset == CHUNK).values(**values)
        )


@pytest.fixture
def tampered_photo(devices: Any, live_server: Any, tmp_path: Path) -> tuple[Any, str]:
    """A photo uploaded by one device, named by a record in Haining, one byte of it flipped in
    the central store; returns a second device of Haining and the photo's SHA-256."""
    a = devices("haining1")
    sha = add(a, make_file(tmp_path, 3 * CHUNK + 10))
    transfers(a).upload(sha)
    name_on_server(live_server, sha)
    tamper_stored_blob(live_server.engine, sha)
    return devices("haining2"), sha


def test_s11_a_photo_tampered_on_the_server_is_never_kept(
    tampered_photo: tuple[Any, str], live_server: Any
) -> None:
    """A forger who also rewrote the chunk's own hash gets past the server's check of the
    chunk, not past the laptop's: the whole-file check on download finds the flipped byte, the
    download is refused with a message and nothing is kept on the laptop."""
    b, sha = tampered_photo
    tamper_stored_blob(live_server.engine, sha)  # the byte flipped back…
    tamper_stored_blob(live_server.engine, sha, rehash=True)  # …and again, its hash to match
    with pytest.raises(SyncError) as info:
        transfers(b).download(sha)
    assert "校验失败" in info.value.zh
    folder = attachments_dir(b)
    assert not attachments.path_of(folder, sha).exists()
    assert not attachments.partial_path(folder, sha).exists()
    assert attachments.get(b.store.conn, sha) is None
    print(
        "\nS11 blob tamper: 1 flipped byte on the server, its chunk hash rewritten to match, "
        "found by the download's whole-file SHA-256; 0 kept"
    )


def test_s11_the_server_refuses_to_serve_a_tampered_photo(
    tampered_photo: tuple[Any, str], live_server: Any
) -> None:
    """The chunk's own SHA-256, kept since its upload, no longer matches: the server refuses it
    (409 ``blob_damaged``, a message in both languages), marks the blob damaged and serves no
    part of it afterwards, not even the chunks that are intact."""
    b, sha = tampered_photo
    refused = []
    for offset in (CHUNK, 0, 2 * CHUNK):
        with pytest.raises(SyncError) as info:
            b.api.download_chunk(sha, offset, CHUNK)
        assert (info.value.status, info.value.code) == (409, "blob_damaged"), info.value
        assert "损坏" in info.value.zh and "damaged" in info.value.en
        refused.append(offset)
    with db.reading(live_server.engine) as conn:
        row = conn.execute(select(db.blobs).where(db.blobs.c.sha256 == sha)).mappings().one()
    assert row["damaged_at"] is not None
    assert row["damage"] == f"the chunk at offset {CHUNK} does not match its SHA-256"
    print(
        f"\nS11 blob tamper: the read of the flipped chunk refused (409 blob_damaged), the "
        f"blob marked damaged, the {len(refused) - 1} later reads of intact chunks refused too"
    )


def test_s11_the_integrity_run_flags_a_tampered_photo(
    devices: Any, live_server: Any, tmp_path: Path, capsys: Any
) -> None:
    """``sync.admin check-blobs`` re-hashes every stored blob in one run: a flipped byte is
    found whether or not anyone downloaded it, and so is one whose chunk hash was rewritten to
    match (the whole no longer hashes to its name); intact blobs are not listed. It exits 2."""
    a = devices("haining1")
    intact = add(a, make_file(tmp_path, 2 * CHUNK + 5))
    flipped = add(a, make_file(tmp_path, 3 * CHUNK + 10))
    rehashed = add(a, make_file(tmp_path, 2 * CHUNK + 7))
    for sha in (intact, flipped, rehashed):
        transfers(a).upload(sha)
    tamper_stored_blob(live_server.engine, flipped)
    tamper_stored_blob(live_server.engine, rehashed, rehash=True)
    url = live_server.engine.url.render_as_string(hide_password=False)
    capsys.readouterr()
    assert admin.main(["--db", url, "check-blobs"]) == 2
    out = capsys.readouterr().out
    damaged = [line.split()[1] for line in out.splitlines() if line.startswith("damaged ")]
    assert sorted(damaged) == sorted([flipped, rehashed])
    assert "3 attachments checked, 2 damaged" in out
    assert f"the chunk at offset {CHUNK} does not match its SHA-256" in out
    assert "the content does not hash to its name" in out
    with db.reading(live_server.engine) as conn:
        marked = set(
            conn.execute(
                select(db.blobs.c.sha256).where(db.blobs.c.damaged_at.is_not(None))
            ).scalars()
        )
    assert marked == {flipped, rehashed}
    # a blob put back as it was (restored from a backup) checks whole again and is unmarked
    tamper_stored_blob(live_server.engine, flipped)  # the same byte flipped back
    assert admin.main(["--db", url, "check-blobs"]) == 2
    again = capsys.readouterr().out
    assert flipped not in again and rehashed in again
    print(
        f"\nS11 integrity run: 3 stored blobs re-hashed in one run, {len(damaged)} tampered found "
        "and marked (1 flipped byte, 1 flipped byte with its chunk hash rewritten), 0 intact "
        "ones listed"
    )
