"""The unit of work: a record and its change-log entry commit together or not at all."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from helpers import KNOWN_ENTRIES, ROOT, new_store
from inspector_app.registry.entries import Registry
from inspector_app.registry.validation import RecordInvalid
from inspector_app.store import changelog
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.clock import new_id
from inspector_app.store.database import Store


def test_record_and_entry_are_written_together(store: Store, registry: Registry) -> None:
    with UnitOfWork(store, "officer-7") as uow:
        entity = registry.create(uow, KNOWN_ENTRIES[0])
    entries = changelog.history(store.conn, "enterprise", entity)
    assert len(entries) == 1
    entry = entries[0]
    assert entry.op == "insert" and entry.author == "officer-7"
    assert entry.device_id == store.device_id
    assert entry.changes == {}  # the values are the record's (see test_insert_values_...)
    assert entry.status == "pending"
    assert uow.changes.inserted == {"enterprise": [entity]}
    # device time carries the UTC offset
    assert entry.device_time[-6] in "+-" and entry.device_time[-3] == ":"


def test_failure_after_the_write_leaves_neither(store: Store, registry: Registry) -> None:
    with pytest.raises(RuntimeError):
        with UnitOfWork(store, "x") as uow:
            registry.create(uow, KNOWN_ENTRIES[0])
            raise RuntimeError("power cut")
    assert Registry.count(store.conn) == 0
    assert store.conn.execute("SELECT count(*) FROM change_log").fetchone()[0] == 0


def test_failing_log_rolls_back_the_record(store: Store, registry: Registry) -> None:
    with pytest.raises(ValueError):
        with UnitOfWork(store, "x") as uow:
            registry.create(uow, KNOWN_ENTRIES[0])
            uow.log("enterprise", "id", "explode", {})
    assert Registry.count(store.conn) == 0


def test_invalid_record_writes_nothing(store: Store, registry: Registry) -> None:
    bad = dict(KNOWN_ENTRIES[0], uscc="91330402MA2B3C4D1M")
    with pytest.raises(RecordInvalid):
        with UnitOfWork(store, "x") as uow:
            registry.create(uow, KNOWN_ENTRIES[1])
            registry.create(uow, bad)
    assert Registry.count(store.conn) == 0
    assert changelog.pending_count(store.conn) == 0


def test_update_logs_old_and_new_values(store: Store, registry: Registry) -> None:
    with UnitOfWork(store, "a") as uow:
        entity = registry.create(uow, KNOWN_ENTRIES[0])
    with UnitOfWork(store, "b") as uow:
        delta = registry.update(
            uow, entity, {"contact_phone": "0573-82345678", "name": "嘉兴化工股份有限公司"}
        )
    assert delta == {
        "contact_phone": ["13905730001", "0573-82345678"],
        "name": ["嘉兴化工有限公司", "嘉兴化工股份有限公司"],
    }
    with UnitOfWork(store, "c") as uow:
        assert registry.update(uow, entity, {"contact_phone": "0573-82345678"}) == {}
    history = Registry.history(store.conn, entity)
    assert [h.op for h in history] == ["insert", "update"]
    assert history[1].author == "b"
    assert [e.seq for e in changelog.pending(store.conn)] == sorted(
        e.seq for e in changelog.pending(store.conn)
    )


def test_insert_values_are_the_record_with_later_updates_undone(
    store: Store, registry: Registry
) -> None:
    with UnitOfWork(store, "a") as uow:
        entity = registry.create(uow, KNOWN_ENTRIES[0])
    for phone, name in (("0573-81111111", "嘉兴化工一厂"), ("0573-82222222", "嘉兴化工二厂")):
        with UnitOfWork(store, "b") as uow:
            registry.update(uow, entity, {"contact_phone": phone, "name": name})
    current = Registry.get(store.conn, entity)
    for entry in reversed(Registry.history(store.conn, entity)):
        for field, (old, _new) in entry.changes.items():
            current[field] = old
    original = registry.rules.normalise(KNOWN_ENTRIES[0])
    assert {f: current[f] for f in original} == original


def test_one_unit_of_work_is_one_transaction_row(store: Store, registry: Registry) -> None:
    with UnitOfWork(store, "a") as uow:
        first = registry.create(uow, KNOWN_ENTRIES[0])
        second = registry.create(uow, KNOWN_ENTRIES[1])
    entries = changelog.pending(store.conn)
    assert [e.record_id for e in entries] == [first, second]
    assert entries[0].tx_id == entries[1].tx_id == uow.tx_id
    assert store.conn.execute("SELECT count(*) FROM change_tx").fetchone()[0] == 1


def test_ids_are_uuid7_in_creation_order() -> None:
    ids = [new_id() for _ in range(20_000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    parsed = uuid.UUID(ids[0])
    assert parsed.version == 7
    assert parsed.variant == uuid.RFC_4122
    ms = int(parsed.hex[:12], 16)
    assert abs(ms / 1000 - time.time()) < 60


def test_change_json_is_stable() -> None:
    assert changelog.encode({"b": 1, "a": "嘉兴"}) == '{"a":"嘉兴","b":1}'


CHILD = r"""
import sys
sys.path.insert(0, {root!r})
from inspector_app.registry import jurisdictions
from inspector_app.store.changelog import UnitOfWork
from inspector_app.registry.entries import Registry
from inspector_app.store.database import Store
from inspector_app.registry.validation import uscc_check_char
tree = jurisdictions.load()
reg = Registry(tree)
store = Store.open({path!r})
base = dict({entry!r})
i = {start}
while True:
    first17 = f"9133040200{{i:07d}}"
    code = first17 + uscc_check_char(first17)
    with UnitOfWork(store, "kill-test") as uow:
        eid = reg.create(uow, dict(base, uscc=code, name=f"测试单位{{i}}有限公司"))
        reg.update(uow, eid, {{"contact_phone": "0573-8" + str(1000000 + i)}})
    print(eid, flush=True)
    i += 1
"""


@pytest.mark.slow
def test_sigkill_never_leaves_a_record_without_its_entry(tmp_path: Path, tree) -> None:
    path = tmp_path / "kill.sqlite3"
    new_store(path, tree).close()
    acknowledged: list[str] = []
    for round_no in range(6):
        script = CHILD.format(
            root=str(ROOT), path=str(path), entry=KNOWN_ENTRIES[0], start=round_no * 100_000
        )
        with subprocess.Popen(
            [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True
        ) as child:
            assert child.stdout is not None
            wanted = 5 + round_no * 7
            for _ in range(wanted):
                line = child.stdout.readline()
                assert line, "child died early"
                acknowledged.append(line.strip())
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
    store = Store.open(path)
    try:
        assert store.integrity_check() == []
        conn = store.conn
        ids = {r[0] for r in conn.execute("SELECT id FROM enterprise")}
        assert set(acknowledged) <= ids  # every acknowledged commit survived
        for (eid,) in conn.execute("SELECT id FROM enterprise"):
            ops = [
                r[0]
                for r in conn.execute(
                    "SELECT op FROM change_log WHERE record_id = ? ORDER BY seq", (eid,)
                )
            ]
            assert ops == ["insert", "update"], eid  # never half a unit of work
        orphans = conn.execute(
            "SELECT count(*) FROM change_log WHERE record_id NOT IN (SELECT id FROM enterprise)"
        ).fetchone()[0]
        assert orphans == 0
        entries = [
            json.loads(r[0])
            for r in conn.execute("SELECT changes FROM change_log WHERE op = 'update'")
        ]
        assert all("contact_phone" in e for e in entries)
    finally:
        store.close()
