"""Fault tests of the sync protocol: the real server on loopback (SQLite and PostgreSQL), the
real client, and the faults of the field: every push replayed, the client SIGKILLed at chosen
points of a push and of a pull, the server SIGKILLed and started again mid-sync, connections
cut mid-request and mid-response, answers lost after the server committed, hostile input on
every endpoint, and another device's commit landing in the middle of a sync.

After each fault the sync is run again and must complete; then the client and the server must
hold exactly the same records (ids and content), nothing lost, nothing duplicated, every entry
the client pushed accepted once, and the local store must pass ``integrity_check``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import re
import threading
import time
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from faults import (
    CUT_REQUEST,
    CUT_RESPONSE,
    REACHES_SERVER,
    RESET,
    RESET_AFTER,
    SWALLOW,
    Fault,
    FaultProxy,
    ServerProcess,
    run_client,
)
from sqlalchemy import and_, func, select, update
from sync_support import (
    PASSWORD,
    Device,
    LiveServer,
    create_pg_database,
    drop_pg_database,
    make_device,
    postgres_admin_url,
    seed_server,
)

from helpers import KNOWN_ENTRIES
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import uscc_check_char
from inspector_app.replication import outbox
from inspector_app.replication.local import LocalTables
from inspector_app.store import changelog
from inspector_app.store.database import Store
from sync import admin, engine, protocol
from sync.api import ApiClient, Connection, Credentials, SyncError
from sync.report import SyncReport
from sync.server import db, records, scope
from sync.server.auth import Principal

SCALE = 0.001  # about 500 registry entries on the server, a few dozen in Haining
ENTRY = KNOWN_ENTRIES[1]  # 海宁市许村镇: inside haining1's and haining2's county
API = protocol.API_PREFIX
SHORT = (2.0, 3.0)  # connect and read timeouts when the proxy swallows an answer
PATIENT = (5.0, 20.0)  # otherwise (a loaded CI machine must not add faults of its own)
# what a broken link or a dying server may look like to the client (the app retries all three;
# a response cut inside its head has no X-FI-Server header, hence "not_server")
RETRYABLE = ("offline", "not_server", "server")


# -- what both sides hold -----------------------------------------------------------------------


def uscc(n: int) -> str:
    first17 = f"9133048100{n:07d}"
    return first17 + uscc_check_char(first17)


def server_view(engine: Any, username: str, table: str = "enterprise") -> dict[str, dict]:
    """The records of ``table`` that ``username`` may read, as the server stores them."""
    tree = admin.tree_of(engine)
    r = db.records.c
    with db.reading(engine) as conn:
        user = conn.execute(select(db.users).where(db.users.c.username == username)).mappings()
        row = user.one()
        who = Principal(
            row["id"], username, row["display_name"], row["role"], row["unit_code"], "-", "-"
        )
        rows = conn.execute(
            select(r.record_id, r.data).where(
                and_(r.table_name == table, scope.read_clause(who, tree))
            )
        ).all()
    return {record_id: json.loads(data) for record_id, data in rows}


def local_view(store: Store, registry: Registry, table: str = "enterprise") -> dict[str, dict]:
    return dict(LocalTables(registry).rows(store.conn, table))


def local_entries(store: Store) -> dict[str, str]:
    """This device's own change-log entries (not the applied copies of pulled changes)."""
    return {
        entry_id: status
        for entry_id, status in store.conn.execute(
            "SELECT entry_id, status FROM change_log WHERE status <> 'applied'"
        )
    }


def applied_on_server(engine: Any) -> dict[str, str]:
    a = db.applied_entries.c
    with db.reading(engine) as conn:
        return dict(conn.execute(select(a.entry_id, a.status)).all())


def server_counts(engine: Any) -> dict[str, int]:
    r = db.records.c
    with db.reading(engine) as conn:
        rows = conn.execute(
            select(r.table_name, func.count(), func.count(func.distinct(r.natural_key))).group_by(
                r.table_name
            )
        ).all()
        held = conn.execute(select(func.count()).select_from(db.held_entries)).scalar_one()
    out = {table: count for table, count, _ in rows}
    for table, count, keys in rows:
        if table == "enterprise":
            assert count == keys, "two server records share one registry code"
    out["held"] = held
    return out


@dataclass
class Ledger:
    """What the test wrote, so that the end state can be checked record by record."""

    phones: dict[str, str] = field(default_factory=dict)  # record id -> latest phone
    codes: dict[str, str] = field(default_factory=dict)  # record id -> registry code
    next_code: int = 0

    def create(self, device: Device, base: int) -> str:
        self.next_code += 1
        code = uscc(base + self.next_code)
        phone = f"0573-8{base + self.next_code:07d}"
        record_id = device.create(
            dict(ENTRY, uscc=code, name=f"故障测试{base + self.next_code}号有限公司")
            | {"contact_phone": phone}
        )
        self.phones[record_id] = phone
        self.codes[record_id] = code
        return record_id

    def update(self, device: Device, record_id: str, n: int) -> None:
        phone = f"0573-7{n:07d}"
        device.update(record_id, {"contact_phone": phone})
        self.phones[record_id] = phone

    def work(self, device: Device, rng: random.Random, base: int, creates: int, updates: int):
        mine = [i for i in self.phones if Registry.get(device.store.conn, i) is not None]
        for _ in range(creates):
            self.create(device, base)
        for record_id in rng.sample(mine, min(updates, len(mine))):
            self.update(device, record_id, rng.randrange(10**6))


def assert_converged(
    engine: Any,
    store: Store,
    registry: Registry,
    username: str,
    ledgers: list[Ledger],
    initial_records: int | None = None,
    refused: Collection[str] = (),
) -> None:
    """Client and server hold the same records; nothing lost, nothing duplicated.

    ``refused``: records of this device that the server rightly refused (they stay local)."""
    assert store.integrity_check() == []
    assert changelog.pending_count(store.conn) == 0, "entries still waiting to be pushed"
    mine = local_entries(store)
    refusals = {
        r[0]
        for r in store.conn.execute("SELECT entry_id, record_id FROM change_log")
        if r[1] in set(refused)
    }
    assert {mine.pop(e) for e in refusals} <= {"rejected"}
    assert set(mine.values()) <= {"accepted"}, mine
    on_server = applied_on_server(engine)
    missing = [e for e in mine if e not in on_server]
    assert not missing, f"acknowledged entries unknown to the server: {missing}"
    assert {on_server[e] for e in mine} <= {"accepted"}
    for table in ("enterprise", "officer", "sync_conflict"):
        remote = server_view(engine, username, table)
        local = {i: d for i, d in local_view(store, registry, table).items() if i not in refused}
        assert sorted(local) == sorted(remote), f"{table}: ids differ"
        differ = [i for i in remote if remote[i] != local[i]]
        assert not differ, f"{table}: content differs for {differ[:3]}"
    counts = server_counts(engine)
    assert counts["held"] == 0
    everything = {r for ledger in ledgers for r in ledger.phones}
    remote = server_view(engine, username)
    lost = sorted(everything - set(remote))
    assert not lost, f"records lost: {lost}"
    for ledger in ledgers:
        for record_id, phone in ledger.phones.items():
            assert remote[record_id]["contact_phone"] == phone, record_id
            assert remote[record_id]["uscc"] == ledger.codes[record_id]
    if initial_records is not None:
        created = sum(len(ledger.phones) for ledger in ledgers)
        assert counts["enterprise"] == initial_records + created, "records duplicated"


def open_device(path: Path, registry: Registry, server_url: str, **connection: Any) -> Device:
    """The test process opening a device's store (after its own sync process died)."""
    store = Store.open(path)
    credentials = Credentials.load(store)
    api = ApiClient(Connection(server_url, **connection), store.device_id, credentials)
    api.on_credentials = lambda creds: creds.save(store)
    return Device(store, registry, api, credentials)


@pytest.fixture
def small_server(server_db: str) -> Iterator[LiveServer]:
    server = LiveServer(server_db)
    seed_server(server.engine, SCALE)
    yield server
    server.stop()


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small push batches and pull and snapshot pages, so a small sync has many steps."""
    monkeypatch.setattr(engine, "PUSH_BATCH", 4)
    pull, snapshot = ApiClient.pull, ApiClient.snapshot
    monkeypatch.setattr(ApiClient, "pull", lambda self, cursor, limit=5: pull(self, cursor, limit))
    monkeypatch.setattr(
        ApiClient,
        "snapshot",
        lambda self, table, after, limit=25: snapshot(self, table, after, limit),
    )


@pytest.fixture
def laptops(tmp_path: Path, tree: JurisdictionTree, registry: Registry):
    """A factory of devices on any server URL (through a proxy, or a server process)."""
    made: list[Device] = []

    def make(url: str, username: str, **connection: Any) -> Device:
        folder = tmp_path / f"laptop{len(made)}"
        folder.mkdir()
        device = make_device(folder, tree, registry, url, **connection)
        made.append(device)
        device.login(username)
        return device

    yield make
    for device in made:
        device.close()


def sync_until_done(device: Device, attempts: int = 8) -> tuple[SyncReport, list[str]]:
    """Sync; after a network or server failure, sync again (as the app's retry does)."""
    errors: list[str] = []
    for _ in range(attempts):
        try:
            return device.sync(), errors
        except SyncError as exc:
            errors.append(f"{exc.kind}: {exc.en}")
            if exc.kind not in RETRYABLE:
                raise
    raise AssertionError(f"the sync never completed: {errors}")


# -- 1. every push replayed ---------------------------------------------------------------------


def test_every_push_replayed_twice_changes_nothing(
    small_server: LiveServer, laptops: Any, small_pages: None
) -> None:
    """Each batch goes to the server twice; the answers must be identical, the second writes
    nothing; at the end every batch is replayed once more, out of order, with the same result."""
    a: Device = laptops(small_server.url, "haining1")
    b: Device = laptops(small_server.url, "haining2")
    sent: list[tuple[list[dict], dict]] = []

    def twice(device: Device) -> None:
        original = device.api.push

        def push(entries: list[dict]) -> dict:
            first = original(entries)
            second = original(entries)
            assert second == first, "a replayed push was answered differently"
            sent.append((entries, first))
            return second

        device.api.push = push  # type: ignore[method-assign]

    twice(a)
    twice(b)
    initial = server_counts(small_server.engine)["enterprise"]
    rng = random.Random(1)
    ledger_a, ledger_b = Ledger(), Ledger()
    a.sync()
    b.sync()
    for _ in range(3):
        ledger_a.work(a, rng, 1000, creates=5, updates=2)
        ledger_b.work(b, rng, 2000, creates=3, updates=1)
        a.sync()
        b.sync()
    # the same field changed on both devices: one conflict, not two
    shared = next(iter(ledger_a.phones))
    a.sync()
    b.sync()
    a.update(shared, {"legal_rep": "甲改名"})
    b.update(shared, {"legal_rep": "乙改名"})
    a.sync()
    b.sync()
    a.sync()
    # a record outside the county: refused, and refused the same way when replayed
    outside = a.create(KNOWN_ENTRIES[0])
    a.sync()
    assert a.status_of(outside) == ["rejected"]
    conflicts = server_view(small_server.engine, "haining1", "sync_conflict")
    assert [c["field"] for c in conflicts.values()] == ["legal_rep"]
    # a child before its parent, both replayed: held, then accepted, once
    boss: Device = laptops(small_server.url, "admin1")
    twice(boss)
    officer_id = "01a00000-0000-7000-8000-00000000f0f1"
    cert = {
        "entry_id": "01a00000-0000-7000-8000-00000000f0f2",
        "table": "enforcement_certificate",
        "record_id": "01a00000-0000-7000-8000-00000000f0f3",
        "op": "insert",
        "data": {
            "officer_id": officer_id,
            "number": "FAULT-0001",
            "issuing_authority": "浙江省人民政府",
            "issued_on": "2025-01-01",
            "expires_on": "2030-01-01",
            "revoked": 0,
        },
    }
    officer = {
        "entry_id": "01a00000-0000-7000-8000-00000000f0f4",
        "table": "officer",
        "record_id": officer_id,
        "op": "insert",
        "data": {
            "name": "重放员",
            "unit_code": "330481",
            "role": "county",
            "phone": "",
            "active": 1,
        },
    }
    assert boss.api.push([cert])["results"][0]["status"] == "held"
    assert boss.api.push([officer])["results"][0]["status"] == "accepted"
    assert boss.api.push([cert])["results"][0]["status"] == "accepted"
    # every batch once more, after all the later ones: each entry answered as it was last
    # answered (the held child: accepted since its parent came), and nothing written
    final = {r["entry_id"]: r for _, answer in sent for r in answer["results"]}
    counts = server_counts(small_server.engine)
    before = server_view(small_server.engine, "admin1")
    top = a.api.health()["seq"]
    for entries, _ in sent:
        sender = a if entries[0]["table"] == "enterprise" else boss
        replay = sender.api.request("POST", "/push", accept=(403,), json={"entries": entries})
        assert replay["results"] == [final[e["entry_id"]] for e in entries]
    assert final[cert["entry_id"]]["status"] == "accepted"
    assert a.api.health()["seq"] == top, "a replay wrote something"
    assert server_counts(small_server.engine) == counts
    assert server_view(small_server.engine, "admin1") == before
    certificates = server_view(small_server.engine, "admin1", "enforcement_certificate")
    assert [c["number"] for c in certificates.values()].count("FAULT-0001") == 1
    assert len(sent) >= 12
    a.sync()
    b.sync()
    assert counts["enterprise"] == initial + len(ledger_a.codes) + len(ledger_b.codes)
    assert_converged(
        small_server.engine,
        a.store,
        a.registry,
        "haining1",
        [ledger_a, ledger_b],
        refused={outside},
    )
    assert_converged(small_server.engine, b.store, b.registry, "haining2", [ledger_a, ledger_b])


# -- 2. the client SIGKILLed mid-sync ------------------------------------------------------------

# (point, occurrence): where the sync process dies. A point is announced before and after each
# request, inside each local transaction just before its COMMIT ("commit <last request>"), and
# after it ("committed ..."); the process waits at each, so the kill lands exactly there.
KILL_POINTS = [
    ("commit /snapshot:enterprise", 2),  # first sync: the 2nd page of the table being written
    ("commit /snapshot:enterprise", 2),  # the snapshot resumed: its last page and indexes
    ("after POST /push", 1),  # the server committed the batch; the client never marked it
    ("commit /push", 2),  # inside the transaction that marks the second batch as sent
    ("committed /push", 1),  # the first batch marked, the second not yet sent
    ("after POST /push", 2),
    ("after GET /pull", 1),  # a page received, not yet applied
    ("commit /pull", 2),  # inside the transaction that applies a pulled page
    ("before GET /verify", 1),
]
TIMED_KILLS = 4  # then SIGKILLs at random moments of a sync


@pytest.mark.slow
def test_client_killed_mid_sync_loses_and_duplicates_nothing(
    small_server: LiveServer, laptops: Any, tmp_path: Path, tree: JurisdictionTree, registry
) -> None:
    engine = small_server.engine
    initial = server_counts(engine)["enterprise"]
    (tmp_path / "victim").mkdir()
    victim = make_device(tmp_path / "victim", tree, registry, small_server.url)
    victim.login("haining1")
    path = victim.store.path
    rng = random.Random(2)
    mine, theirs = Ledger(), Ledger()
    mine.work(victim, rng, 3000, creates=6, updates=0)  # offline work before the first sync
    victim.close()
    other: Device = laptops(small_server.url, "haining2")
    other.sync()
    plans: list[tuple[str, Any]] = [("point", p) for p in KILL_POINTS]
    plans += [("timed", rng.uniform(0.0, 0.4)) for _ in range(TIMED_KILLS)]
    runs = []
    for n, (how, where) in enumerate(plans):
        if n:  # more work on both devices between the crashes
            device = open_device(path, registry, small_server.url)
            try:
                mine.work(device, rng, 3000, creates=3, updates=2)
            finally:
                device.close()
            theirs.work(other, rng, 5000, creates=2, updates=1)
            other.sync()
        if how == "point":
            label, occurrence = where
            run = run_client(path, small_server.url, kill_at=lambda lab, k, w=where: (lab, k) == w)
            assert run.outcome == "killed" and run.killed_at == label, (
                f"{where} was never reached: {run.outcome} {run.points}\n{run.output}"
            )
        else:
            run = run_client(path, small_server.url, kill_after=where)
            assert run.outcome in ("killed", "done"), run.output
        runs.append(run)
    final = run_client(path, small_server.url)
    assert final.outcome == "done", final.output
    reports = [r.report for r in [*runs, final] if r.report is not None]
    assert all(not r["redownloaded"] and not r["problems"] for r in reports), reports
    other.sync()
    store = Store.open(path)
    try:
        assert_converged(
            engine, store, registry, "haining1", [mine, theirs], initial_records=initial
        )
    finally:
        store.close()


@pytest.mark.parametrize("server_db", ["sqlite"], indirect=True)  # the client's side only
def test_client_killed_just_after_a_token_refresh_can_still_sync(
    small_server: LiveServer, tmp_path: Path, tree: JurisdictionTree, registry: Registry
) -> None:
    """The access token had run out; the sync swapped the refresh token (the server revoked the
    old one) and the laptop died before it saved the new pair. The next sync must go through
    without the password."""
    (tmp_path / "victim").mkdir()
    victim = make_device(tmp_path / "victim", tree, registry, small_server.url)
    victim.login("haining1")
    victim.sync()
    path = victim.store.path
    mine = Ledger()
    mine.work(victim, random.Random(9), 9700, creates=2, updates=0)
    victim.close()
    with db.writing(small_server.engine) as conn:  # the access token ran out
        conn.execute(
            update(db.tokens).where(db.tokens.c.kind == "access").values(expires_at=db.now())
        )
    run = run_client(
        path, small_server.url, kill_at=lambda label, k: label == "after POST /refresh"
    )
    assert run.outcome == "killed", run.output
    again = run_client(path, small_server.url)
    assert again.outcome == "done", (
        f"after a crash just after a token refresh the sync fails ({again.error}): "
        "the officer must sign in again"
    )
    store = Store.open(path)
    try:
        assert_converged(small_server.engine, store, registry, "haining1", [mine])
    finally:
        store.close()


# -- 3. the server SIGKILLed and started again mid-sync ------------------------------------------

# (request path, occurrence, delay): the server process is SIGKILLed that long after the client
# sent that request (0: as it arrives; later: while the server works on it or has answered)
SERVER_KILLS = [
    ("/snapshot", 3, 0.0),
    ("/push", 1, 0.0),
    ("/push", 2, 0.02),
    ("/push", 1, 0.05),
    ("/pull", 2, 0.0),
    ("/verify", 1, 0.0),
]


class ServerKiller:
    """SIGKILL the server ``delay`` seconds after the device sent its ``occurrence``-th request
    to ``target`` (from another thread, while the request is on its way)."""

    def __init__(
        self, device: Device, server: ServerProcess, target: str, occurrence: int, delay: float
    ) -> None:
        self.device, self.server = device, server
        self.target, self.occurrence, self.delay = target, occurrence, delay
        self.seen = 0
        self.threads: list[threading.Thread] = []
        self.original = device.api.request

    @property
    def fired(self) -> bool:
        return bool(self.threads)

    def request(self, method: str, path: str, **kwargs: Any) -> dict:
        if path == self.target:
            self.seen += 1
            if self.seen == self.occurrence:
                thread = threading.Thread(target=self.kill)
                thread.start()
                self.threads.append(thread)
        return self.original(method, path, **kwargs)

    def kill(self) -> None:
        if self.delay:
            time.sleep(self.delay)
        self.server.kill()

    def __enter__(self) -> ServerKiller:
        self.device.api.request = self.request  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        self.device.api.request = self.original  # type: ignore[method-assign]
        for thread in self.threads:
            thread.join(10)


@pytest.mark.slow
def test_server_killed_and_restarted_mid_sync(
    server_db: str, tmp_path: Path, laptops: Any, registry: Registry, small_pages: None
) -> None:
    engine = admin.engine_for(server_db)
    try:
        seed_server(engine, SCALE)
        initial = server_counts(engine)["enterprise"]
        with ServerProcess(server_db, tmp_path / "server.log") as server:
            device: Device = laptops(server.url, "haining1", timeout=PATIENT)
            other: Device = laptops(server.url, "haining2", timeout=PATIENT)
            rng = random.Random(3)
            mine, theirs = Ledger(), Ledger()
            mine.work(device, rng, 6000, creates=5, updates=0)
            errors: list[str] = []
            for n, (target, occurrence, delay) in enumerate(SERVER_KILLS):
                if n:
                    mine.work(device, rng, 6000, creates=4 + n, updates=2)
                    theirs.work(other, rng, 7000, creates=3, updates=1)
                    sync_until_done(other)  # its pooled connection died with the server
                with ServerKiller(device, server, target, occurrence, delay) as killer:
                    try:
                        device.sync()
                    except SyncError as exc:
                        assert exc.kind in RETRYABLE, exc
                        errors.append(exc.kind)
                assert killer.fired, f"no request to {target} (#{occurrence}) in this sync"
                assert server.proc is None
                with pytest.raises(SyncError) as down:
                    device.sync()
                assert down.value.kind == "offline"
                server.start()
                sync_until_done(device)
            assert server.starts == len(SERVER_KILLS) + 1 and errors
            sync_until_done(other)
            report, _ = sync_until_done(device)
            assert report.redownloaded == [] and report.problems == []
            assert_converged(
                engine,
                device.store,
                registry,
                "haining1",
                [mine, theirs],
                initial_records=initial,
            )
    finally:
        engine.dispose()


# -- 4. connections cut mid-request and mid-response, answers lost ------------------------------

PUSH_FAULTS = {
    "request-line-cut": Fault(CUT_REQUEST, f"{API}/push", 10),
    "request-body-cut": Fault(CUT_REQUEST, f"{API}/push", -40),
    "reset-before-server": Fault(RESET, f"{API}/push"),
    # the server committed the batch; the client never saw a whole answer
    "answer-head-cut": Fault(CUT_RESPONSE, f"{API}/push", 40),
    "answer-body-cut": Fault(CUT_RESPONSE, f"{API}/push", -10),
    "reset-after-commit": Fault(RESET_AFTER, f"{API}/push"),
    "timeout-after-success": Fault(SWALLOW, f"{API}/push"),
    "second-batch-timeout-after-success": Fault(SWALLOW, f"{API}/push", skip=1),
}
DOWNLOAD_FAULTS = {
    "snapshot-page-cut": Fault(CUT_RESPONSE, f"{API}/snapshot", -10, skip=3),
    "snapshot-request-reset": Fault(RESET, f"{API}/snapshot", skip=4),
    "pull-page-cut": Fault(CUT_RESPONSE, f"{API}/pull", -10, skip=1),
    "pull-timeout": Fault(SWALLOW, f"{API}/pull", skip=1),
    "verify-request-cut": Fault(CUT_REQUEST, f"{API}/verify", 20),
    "verify-answer-cut": Fault(CUT_RESPONSE, f"{API}/verify", -3),
}


# the faults that close a connection before any of the answer arrived
CLOSED_BEFORE_ANSWER = (CUT_REQUEST, RESET, RESET_AFTER)


def broken_once_then_complete(
    server: LiveServer, laptops: Any, registry: Registry, fault: Fault, seed: int
) -> None:
    """One device behind the proxy, one beside it; the fault breaks one sync, the next
    completes and both sides agree."""
    initial = server_counts(server.engine)["enterprise"]
    proxy = FaultProxy(server.url)
    try:
        timeout = SHORT if fault.mode == SWALLOW else PATIENT
        device: Device = laptops(proxy.url, "haining1", timeout=timeout)
        other: Device = laptops(server.url, "haining2")
        rng = random.Random(seed)
        mine, theirs = Ledger(), Ledger()
        mine.work(device, rng, 8000, creates=6, updates=0)
        contested = None
        if not fault.path.endswith("/snapshot"):
            device.sync()
            other.sync()
            # both change the same field of one record: one conflict on the server, even if
            # the entry that causes it reaches the server twice
            contested = next(iter(mine.phones))
            other.update(contested, {"legal_rep": "乙改名"})
            other.sync()
            device.update(contested, {"legal_rep": "甲改名"})
            mine.work(device, rng, 8000, creates=5, updates=3)
            theirs.work(other, rng, 9000, creates=4, updates=1)
            other.sync()
        # a request whose connection closed before any answer is sent once more by the client
        # (``test_a_connection_closed_before_the_answer_costs_no_sync``): broken both times
        times = 2 if fault.mode in CLOSED_BEFORE_ANSWER else 1
        proxy.inject(dataclasses.replace(fault, count=times))
        with pytest.raises(SyncError) as broken:
            device.sync()
        assert broken.value.kind in RETRYABLE, broken.value
        assert [(h.path, h.mode) for h in proxy.hits()] == [(fault.path, fault.mode)] * times
        # an entry is marked only on the server's whole, signed answer: never by a broken one
        statuses = local_entries(device.store)
        assert "rejected" not in statuses.values()
        if fault.path.endswith("/push"):
            waiting = {e.entry_id for e in changelog.pending(device.store.conn)}
            assert waiting
            if fault.mode in REACHES_SERVER:  # committed there, unknown here
                assert waiting & set(applied_on_server(server.engine))
        report, _ = sync_until_done(device)  # completes (at once, unless the machine is slow)
        assert report.redownloaded == [] and report.problems == []
        other.sync()
        assert_converged(server.engine, device.store, registry, "haining1", [mine, theirs], initial)
        assert_converged(server.engine, other.store, registry, "haining2", [mine, theirs])
        if contested is not None:
            conflicts = server_view(server.engine, "haining1", "sync_conflict").values()
            assert [(c["record_id"], c["field"]) for c in conflicts] == [(contested, "legal_rep")]
    finally:
        proxy.close()


@pytest.mark.parametrize("name", list(PUSH_FAULTS))
def test_push_survives_a_broken_connection(
    name: str, small_server: LiveServer, laptops: Any, registry: Registry, small_pages: None
) -> None:
    broken_once_then_complete(small_server, laptops, registry, PUSH_FAULTS[name], seed=4)


@pytest.mark.parametrize(
    "name", [n for n, f in PUSH_FAULTS.items() if f.mode in CLOSED_BEFORE_ANSWER]
)
def test_a_connection_closed_before_the_answer_costs_no_sync(
    name: str, small_server: LiveServer, laptops: Any, registry: Registry
) -> None:
    """The connection of a push closed before any answer (cut on the way, reset before the
    server, or reset after it committed): the client sends it once more and the sync completes
    at once; what the server had committed is answered as a replay, applied once."""
    initial = server_counts(small_server.engine)["enterprise"]
    with FaultProxy(small_server.url) as proxy:
        device: Device = laptops(proxy.url, "haining1", timeout=PATIENT)
        rng = random.Random(9)
        mine = Ledger()
        mine.work(device, rng, 8500, creates=5, updates=0)
        proxy.inject(PUSH_FAULTS[name])
        report = device.sync()
        assert [h.mode for h in proxy.hits()] == [PUSH_FAULTS[name].mode]
        assert report.pushed.get("accepted", 0) >= 5 and report.problems == []
        assert changelog.pending(device.store.conn) == []
        assert_converged(small_server.engine, device.store, registry, "haining1", [mine], initial)


@pytest.mark.parametrize("server_db", ["sqlite"], indirect=True)  # read-only on the server
@pytest.mark.parametrize("name", list(DOWNLOAD_FAULTS))
def test_download_survives_a_broken_connection(
    name: str, small_server: LiveServer, laptops: Any, registry: Registry, small_pages: None
) -> None:
    broken_once_then_complete(small_server, laptops, registry, DOWNLOAD_FAULTS[name], seed=5)


def test_a_lost_refresh_answer_does_not_sign_the_officer_out(
    small_server: LiveServer, laptops: Any, registry: Registry
) -> None:
    """The server swapped the refresh token (and revoked the old one), but its answer never
    arrived: the device still holds only the old pair. The next sync must still go through
    without asking for the password (the design: an expired session never locks anyone out)."""
    with FaultProxy(small_server.url) as proxy:
        device: Device = laptops(proxy.url, "haining1", timeout=PATIENT)
        device.sync()
        rng = random.Random(6)
        mine = Ledger()
        mine.work(device, rng, 9500, creates=3, updates=0)
        with db.writing(small_server.engine) as conn:  # the access token ran out
            conn.execute(
                update(db.tokens).where(db.tokens.c.kind == "access").values(expires_at=db.now())
            )
        proxy.inject(Fault(CUT_RESPONSE, f"{API}/refresh", -10))
        with pytest.raises(SyncError) as broken:
            device.sync()
        assert [h.path for h in proxy.hits()] == [f"{API}/refresh"]
        try:
            device.sync()
        except SyncError as exc:
            pytest.fail(
                f"after a lost /refresh answer (first sync: {broken.value.kind}) the next sync "
                f"fails with {exc.kind!r} ({exc.en}): the officer must sign in again"
            )
        assert broken.value.kind == "offline", "a network failure reported as a sign-in problem"
        assert_converged(small_server.engine, device.store, registry, "haining1", [mine])


@pytest.mark.slow
def test_sync_converges_on_a_link_that_breaks_often(
    small_server: LiveServer, laptops: Any, registry: Registry, small_pages: None
) -> None:
    """A random third of all requests broken (cut either way, reset before or after the
    server), sync retried until it completes, several rounds of work on two devices."""
    initial = server_counts(small_server.engine)["enterprise"]
    with FaultProxy(small_server.url) as proxy:
        device: Device = laptops(proxy.url, "haining1", timeout=PATIENT)
        other: Device = laptops(small_server.url, "haining2")
        chaos = random.Random(7)  # used by the proxy's thread only
        modes = (CUT_REQUEST, CUT_RESPONSE, RESET, RESET_AFTER)

        def policy(_n: int, _method: str, _path: str) -> Fault | None:
            if chaos.random() < 0.33:
                return Fault(chaos.choice(modes), nbytes=chaos.randrange(-300, 300))
            return None

        rng = random.Random(8)
        mine, theirs = Ledger(), Ledger()
        mine.work(device, rng, 10_000, creates=8, updates=0)
        proxy.policy = policy
        failures = 0
        for n in range(4):
            if n:
                mine.work(device, rng, 10_000, creates=6, updates=3)
                theirs.work(other, rng, 11_000, creates=4, updates=1)
                other.sync()
            _, errors = sync_until_done(device, attempts=60)
            failures += len(errors)
        proxy.clear()
        report = device.sync()
        assert report.redownloaded == [] and report.problems == []
        assert failures >= 5 and len(proxy.hits()) >= 5
        other.sync()
        assert_converged(
            small_server.engine, device.store, registry, "haining1", [mine, theirs], initial
        )


# -- 5. hostile input on every endpoint -----------------------------------------------------------

CORE_ENDPOINTS = {
    ("GET", f"{API}/health"),
    ("POST", f"{API}/login"),
    ("POST", f"{API}/refresh"),
    ("POST", f"{API}/logout"),
    ("GET", f"{API}/me"),
    ("POST", f"{API}/push"),
    ("GET", f"{API}/pull"),
    ("GET", f"{API}/snapshot"),
    ("GET", f"{API}/verify"),
}
NO_AUTH = {f"{API}/health", f"{API}/login", f"{API}/refresh"}
GOOD_VALUES: dict[str, Any] = {
    "table": "enterprise",
    "tables": "enterprise",
    "cursor": 0,
    "limit": 10,
    "after": "",
    "offset": 0,
    "length": 10,
    "total": 10,
    "sha256": "0" * 64,
}
HUGE = "9" * 30
BAD_INTEGERS = ["abc", "1.5", "-1", HUGE, str(2**63), "0x10"]
BAD_JSON = {
    "not JSON": b"{not json",
    "truncated JSON": b'{"entries": [',
    "empty body": b"",
    "null": b"null",
    "a list": b"[]",
    "a string": b'"text"',
    "a number": b"5",
    "invalid UTF-8": b'{"a": "\xff\xfe"}',
    "deep nesting": b"[" * 100_000,
}
WRONG_TYPES = {"string": [5, [], {}, None], "integer": ["x", 1.5, [], None], "array": ["x", 5, {}]}
WRONG_TYPES |= {"object": ["x", 5, []], "boolean": ["x", []], "number": ["x", []]}
BAD_ENTRIES: dict[str, Any] = {
    "not objects": [1, "x", None, [], {}],
    "unknown table": [
        {"entry_id": "e1", "table": "secrets", "record_id": "r1", "op": "insert", "data": {}}
    ],
    "table name of 300 characters": [
        {"entry_id": "e2", "table": "t" * 300, "record_id": "r2", "op": "insert", "data": {}}
    ],
    "unknown operation": [
        {"entry_id": "e3", "table": "enterprise", "record_id": "r3", "op": "drop", "data": {}}
    ],
    "ids of the wrong type": [
        {"entry_id": 5, "table": "enterprise", "record_id": [1], "op": "insert", "data": {}}
    ],
    "ids too long": [
        {
            "entry_id": "e" * 37,
            "table": "enterprise",
            "record_id": "r" * 37,
            "op": "insert",
            "data": {},
        }
    ],
    "NUL in the ids": [
        {
            "entry_id": "e\x004",
            "table": "enterprise",
            "record_id": "r\x004",
            "op": "update",
            "changes": {"name": ["a", "b"]},
        }
    ],
    "NUL in the data": [
        {
            "entry_id": "e5",
            "table": "enterprise",
            "record_id": "r5",
            "op": "insert",
            "data": dict(KNOWN_ENTRIES[1], name="a\x00b"),
        }
    ],
    "data of the wrong types": [
        {
            "entry_id": "e6",
            "table": "enterprise",
            "record_id": "r6",
            "op": "insert",
            "data": {"uscc": 5, "name": ["x"], "above_size": "yes", "risk_level": {}},
        }
    ],
    "data a list": [
        {"entry_id": "e7", "table": "officer", "record_id": "r7", "op": "insert", "data": [1, 2]}
    ],
    "changes not pairs": [
        {
            "entry_id": "e8",
            "table": "enterprise",
            "record_id": "r8",
            "op": "update",
            "changes": {"name": "x", "uscc": [1, 2, 3]},
        }
    ],
    "changes to unknown fields": [
        {
            "entry_id": "e9",
            "table": "officer",
            "record_id": "r9",
            "op": "update",
            "changes": {"password": ["a", "b"]},
        }
    ],
    "officer of the wrong types": [
        {
            "entry_id": "e10",
            "table": "officer",
            "record_id": "r10",
            "op": "insert",
            "data": {"name": {}, "unit_code": 5, "role": [], "active": "x"},
        }
    ],
    "conflict of the wrong shape": [
        {
            "entry_id": "e11",
            "table": "sync_conflict",
            "record_id": "r11",
            "op": "insert",
            "data": {"status": ["open"]},
        }
    ],
    "1001 entries": [{}] * (protocol.MAX_PUSH_ENTRIES + 1),
}

TOLERATED_ENTRIES = {"NUL in the data"}


@dataclass(frozen=True)
class Probe:
    """One hostile request. ``strict``: the input is wrong, so the answer must be a 4xx
    (otherwise any answer but a 5xx will do). ``per_entry``: a 200 or 403 whose results all
    reject their entry with a reason is a right answer too (a push's entries are judged one by
    one, so one bad entry never blocks the rest)."""

    name: str
    method: str
    path: str
    params: dict[str, Any] | None = None
    body: Any = None
    headers: dict[str, Any] = field(default_factory=dict)
    auth: bool = True
    strict: bool = True
    per_entry: bool = False


def chunked(size: int) -> Iterator[bytes]:
    """A JSON body sent without Content-Length (chunked), ``size`` bytes long."""
    yield b'{"entries": [], "padding": "'
    for _ in range(size // (1 << 20) + 1):
        yield b"x" * (1 << 20)
    yield b'"}'


def schema_of(spec: dict, node: dict) -> dict:
    while "$ref" in node:
        node = spec["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    if "anyOf" in node:
        node = next(n for n in node["anyOf"] if n.get("type") != "null")
    return node


def good_value(schema: dict, name: str) -> Any:
    if name in GOOD_VALUES:
        return GOOD_VALUES[name]
    return {"integer": 1, "number": 1, "boolean": False, "array": [], "object": {}}.get(
        schema.get("type", "string"), "abcdefgh12"
    )


def probes_for(spec: dict) -> list[Probe]:
    out: list[Probe] = []
    for template, operations in spec["paths"].items():
        if not template.startswith(API):
            continue
        concrete = re.sub(r"\{[^}]+\}", GOOD_VALUES["sha256"], template)
        methods = {m.upper() for m in operations}
        for method in sorted({"GET", "POST", "PUT", "DELETE", "PATCH"} - methods):
            out.append(Probe(f"{method} {template}: method not allowed", method, concrete))
        first = sorted(methods)[0]
        out.append(Probe(f"{first} {template}/nothing-here: unknown path", first, concrete + "/x"))
        sibling = template.rsplit("/", 1)[0] + "/nothing-here"
        out.append(Probe(f"{first} {sibling}: unknown path", first, sibling))
        for method, operation in operations.items():
            out += probes_for_operation(spec, template, method.upper(), operation)
    return out


def probes_for_operation(spec: dict, template: str, method: str, operation: dict) -> list[Probe]:
    out: list[Probe] = []
    parameters = operation.get("parameters", [])
    in_path = [p for p in parameters if p["in"] == "path"]
    in_query = [p for p in parameters if p["in"] == "query"]
    good_query = {
        p["name"]: good_value(schema_of(spec, p.get("schema", {})), p["name"])
        for p in in_query
        if p.get("required")
    }
    path = template
    for p in in_path:
        path = path.replace("{" + p["name"] + "}", str(GOOD_VALUES.get(p["name"], "x")))
    body_schema = None
    if "requestBody" in operation:
        content = operation["requestBody"].get("content", {})
        if "application/json" in content:
            body_schema = schema_of(spec, content["application/json"].get("schema", {}))
    good_body = (
        {n: good_value(schema_of(spec, s), n) for n, s in body_schema.get("properties", {}).items()}
        if body_schema
        else None
    )

    def probe(name: str, **kwargs: Any) -> Probe:
        where = kwargs.pop("path", path)
        values = {"params": dict(good_query), "body": good_body} | kwargs
        return Probe(f"{method} {template}: {name}", method, where, **values)

    # wrong path parameters
    for p in in_path:
        for bad in ("xyz", "Z" * 64, "%00", "a" * 2000, "..%2F..%2Fsecrets"):
            wrong = path.replace(str(GOOD_VALUES.get(p["name"], "x")), bad)
            out.append(probe(f"path {p['name']}={bad[:12]!r}", path=wrong))
    # wrong query parameters
    for p in in_query:
        schema = schema_of(spec, p.get("schema", {}))
        others = {k: v for k, v in good_query.items() if k != p["name"]}
        if p.get("required"):
            out.append(probe(f"{p['name']} missing", params=others))
        if schema.get("type") == "integer":
            for bad in BAD_INTEGERS:
                out.append(probe(f"{p['name']}={bad[:12]}", params=others | {p["name"]: bad}))
        else:
            for bad in ("\x00", "x\x00y", "x" * 5000, "é" * 300):
                params = others | {p["name"]: bad}
                out.append(probe(f"{p['name']}={bad[:6]!r}", params=params, strict=False))
        if p["name"] in ("table", "tables"):
            for bad in ("secrets", "", ",,,", "enterprise,secrets", "records", "ENTERPRISE"):
                out.append(probe(f"unknown table {bad!r}", params=others | {p["name"]: bad}))
    # headers
    if template != f"{API}/health":
        for name, value in (
            ("missing", None),
            ("not a number", "abc"),
            ("superscript two", b"\xb2"),
            ("negative", "-1"),
            ("zero", "0"),
        ):
            out.append(probe(f"protocol header {name}", headers={protocol.H_PROTOCOL: value}))
    if template not in NO_AUTH:
        out.append(probe("no token", auth=False))
        for value in ("Bearer nonsense", "Basic YTpi", "Bearer ", b"Bearer \xe9\xe9"):
            out.append(probe(f"authorization {value!r}", headers={"Authorization": value}))
    # oversized bodies: declared, and sent chunked without a length
    too_big = protocol.MAX_BODY_BYTES + 1
    out.append(probe("body over the limit", body=b"x" * too_big))
    if body_schema is not None or method == "PUT":  # the endpoints that read a body
        out.append(probe("chunked body over the limit", body=chunked(too_big)))
    # malformed and mistyped JSON
    if body_schema is not None:
        for name, raw in BAD_JSON.items():
            out.append(probe(f"body {name}", body=raw))
        for name, schema in body_schema.get("properties", {}).items():
            kind = schema_of(spec, schema).get("type", "string")
            for bad in WRONG_TYPES.get(kind, []):
                out.append(probe(f"{name}={bad!r}", body=good_body | {name: bad}))
            if kind == "string":
                for bad in ("a\x00b", "x" * 100_000):
                    body = good_body | {name: bad}
                    out.append(probe(f"{name}={bad[:6]!r}", body=body, strict=False))
        for name in body_schema.get("required", []):
            rest = {k: v for k, v in good_body.items() if k != name}
            out.append(probe(f"{name} missing", body=rest))
    if template == f"{API}/push":
        for name, entries in BAD_ENTRIES.items():
            body = {"entries": entries}
            if name in TOLERATED_ENTRIES:  # odd but not wrong: anything but a 5xx
                out.append(probe(f"entries: {name}", body=body, strict=False))
            else:
                out.append(probe(f"entries: {name}", body=body, per_entry=len(entries) <= 1000))
    return out


@dataclass
class Answered:
    probe: Probe
    status: int
    body: Any
    text: str


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def hostile_answers(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[Answered]]:
    """Every probe sent once to a server on this back end; the answers, for the tests below."""
    pg_name = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'central.sqlite3'}"
    else:
        admin_url = postgres_admin_url()
        if admin_url is None:
            if os.environ.get("FI_REQUIRE_POSTGRES"):
                pytest.fail("FI_TEST_POSTGRES_URL is not set but PostgreSQL is required")
            pytest.skip("no PostgreSQL for the tests (FI_TEST_POSTGRES_URL not set)")
        url, pg_name = create_pg_database(admin_url)
    server = LiveServer(url)
    try:
        seed_server(server.engine, SCALE)
        with requests.Session() as http:
            spec = http.get(f"{server.url}/openapi.json", timeout=10).json()
            answers = []
            tokens: dict[str, tuple[str, str]] = {}
            for probe in probes_for(spec):
                answers.append(send(http, server.url, probe, tokens))
        yield answers
    finally:
        server.stop()
        if pg_name is not None:
            drop_pg_database(postgres_admin_url() or "", pg_name)


def send(
    http: requests.Session, url: str, probe: Probe, tokens: dict[str, tuple[str, str]]
) -> Answered:
    # a fresh sign-in per endpoint, so that a probe that ends a session masks no other
    endpoint = probe.name.split(":")[0]
    if endpoint not in tokens:
        device_id = f"probe-{len(tokens):04d}-device"
        api = ApiClient(Connection(url), device_id)
        try:
            tokens[endpoint] = (api.login("haining1", PASSWORD, "probe").access_token, device_id)
        finally:
            api.close()
    token, device_id = tokens[endpoint]
    # a fresh connection per probe: after a 500 the server drops the connection, which must
    # not be blamed on the next probe
    headers: dict[str, Any] = {
        protocol.H_PROTOCOL: "1",
        protocol.H_DEVICE: device_id,
        "Connection": "close",
    }
    if probe.auth:
        headers["Authorization"] = f"Bearer {token}"
    headers |= probe.headers
    headers = {k: v for k, v in headers.items() if v is not None}
    body = probe.body
    if isinstance(body, dict | list):
        body = json.dumps(body).encode()
    if body is not None:
        headers.setdefault("Content-Type", "application/json")
    try:
        response = http.request(
            probe.method,
            url + probe.path,
            params=probe.params,
            data=body,
            headers=headers,
            timeout=60,
        )
    except requests.RequestException as exc:
        return Answered(probe, 0, None, f"no answer: {exc}")
    try:
        parsed = response.json()
    except ValueError:
        parsed = None
    return Answered(probe, response.status_code, parsed, response.text[:300])


def problem_of(answer: Answered) -> str | None:
    status, body, probe = answer.status, answer.body, answer.probe
    if status == 0 or status >= 500:
        return f"{status or 'no answer'}"
    if not isinstance(body, dict):
        return f"{status} without a JSON object"
    results = body.get("results")
    if probe.per_entry and status in (200, 403) and isinstance(results, list):
        bad = [
            r
            for r in results
            if r.get("status") != "rejected"
            or not r.get("reason", {}).get("zh")
            or not r.get("reason", {}).get("en")
        ]
        return f"{status} with entries not rejected with a reason: {bad[:2]}" if bad else None
    if 400 <= status < 500:
        message = body.get("message")
        if not isinstance(message, dict) or not message.get("zh") or not message.get("en"):
            return f"{status} without a zh and en message"
        return None
    if probe.strict:
        return f"{status} for wrong input"
    return None


def test_hostile_input_gets_a_4xx_with_a_message_never_a_500(
    hostile_answers: list[Answered],
) -> None:
    seen = {(a.probe.method, a.probe.path) for a in hostile_answers}
    assert CORE_ENDPOINTS <= seen, "the OpenAPI lacks endpoints of the sync API"
    assert len(hostile_answers) > 300
    problems = [
        f"{a.probe.name} -> {problem_of(a)}: {a.text[:120]}"
        for a in hostile_answers
        if problem_of(a) is not None
    ]
    assert not problems, f"{len(problems)} wrong answers:\n" + "\n".join(problems)


def test_error_messages_have_chinese_text(hostile_answers: list[Answered]) -> None:
    """The zh message is what the officer reads: it must be Chinese, not the framework's
    English passed through."""
    untranslated = sorted(
        {
            f"{a.status} {a.body['message']['zh']!r} (e.g. {a.probe.name})"
            for a in hostile_answers
            if 400 <= a.status < 500
            and isinstance(a.body, dict)
            and isinstance(a.body.get("message"), dict)
            and not re.search(r"[\u4e00-\u9fff]", str(a.body["message"].get("zh", "")))
        }
    )
    assert not untranslated, "zh messages without Chinese:\n" + "\n".join(untranslated)


# -- 6. another device's commit landing in the middle of a sync ------------------------------------


def test_a_change_committed_during_a_pull_is_not_skipped(
    small_server: LiveServer, laptops: Any, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another device's push commits between the two reads of a pull (the page of records,
    then the server's sequence number that becomes the device's cursor). The cursor must not
    move past records the device never received. (The verification is switched off here: it
    would hide the skip behind a re-download of the whole table.)"""
    reader: Device = laptops(small_server.url, "haining1")
    writer: Device = laptops(small_server.url, "haining2")
    reader.sync()
    writer.sync()
    theirs = Ledger()
    theirs.work(writer, random.Random(10), 12_000, creates=2, updates=0)
    batch = outbox.outbox(writer.store.conn, writer.tables, 100)
    original = records.current_seq
    armed = [True]

    def current_seq(conn: Any) -> int:
        if armed:  # the reader's pull has read its page: the writer's push commits now
            armed.clear()
            answer = writer.api.push(batch)
            assert {r["status"] for r in answer["results"]} == {"accepted"}
        return original(conn)

    monkeypatch.setattr(engine.SyncEngine, "verify", lambda self, report: None)
    monkeypatch.setattr(records, "current_seq", current_seq)
    reader.sync()  # nothing to push: its first call of current_seq is in the pull
    monkeypatch.setattr(records, "current_seq", original)
    assert not armed
    writer.sync()  # the writer learns its answers (a replay) and marks its entries
    reader.sync()  # the next pull must bring what the last one could not see
    cursor = int(reader.store.meta("sync.cursor") or 0)
    missing = sorted(set(theirs.phones) - set(local_view(reader.store, registry)))
    assert not missing, (
        f"the pull moved the cursor to {cursor} past records committed while it read; "
        f"they never arrive by pull: {missing}"
    )
    monkeypatch.undo()
    assert reader.sync().redownloaded == []
    assert_converged(small_server.engine, reader.store, registry, "haining1", [theirs])


def test_a_change_committed_just_before_verification_needs_no_redownload(
    small_server: LiveServer, laptops: Any, registry: Registry
) -> None:
    """Another officer's sync commits between this device's last pulled page and its
    verification (an ordinary moment on a busy morning). The device is not damaged, only one
    change behind: that must not cost a re-download of the whole table."""
    reader: Device = laptops(small_server.url, "haining1")
    writer: Device = laptops(small_server.url, "haining2")
    reader.sync()
    writer.sync()
    theirs = Ledger()
    theirs.work(writer, random.Random(11), 13_000, creates=1, updates=0)
    original = reader.api.verify
    batch = outbox.outbox(writer.store.conn, writer.tables, 1000)

    def verify(tables: list[str]) -> dict:
        # runs wherever the client asks the server (it may be a helper thread): only HTTP here
        reader.api.verify = original  # type: ignore[method-assign]
        writer.api.push(batch)  # commits now, after the reader's last page
        return original(tables)

    reader.api.verify = verify  # type: ignore[method-assign]
    report = reader.sync()
    assert reader.api.verify == original
    assert report.redownloaded == [], (
        f"one record committed by another device during the sync made this device re-download "
        f"the whole table ({report.snapshot})"
    )
    writer.sync()  # the writer learns its answers (a replay: nothing new on the server)
    reader.sync()
    assert_converged(small_server.engine, reader.store, registry, "haining1", [theirs])
