"""Reliability battery R11, out-of-order delivery: one laptop's chain of changes (a registry
entry edited three times, an inspection with its team, checklist, hazard, signatures and the
hazard's whole rectification — ordered, review failed, ordered again, review passed, closed)
reaches the server in shuffled order, in batches of random size. The server holds what comes
before its time (``sync.server.held``) and ends, for every permutation, exactly where delivery
in order ends: the same records, every entry accepted, nothing left held, no conflict. While
entries wait they are listed in the backlog with what they wait for.

The default run shuffles the chain 100 times; the soak run (``pytest -m soak``) 1,000 times."""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from inspection_support import MACHINE_WORKS, START, png_bytes
from sqlalchemy import select
from sync_support import Device, LiveServer, make_device, seed_server
from test_sync_inspections import certify, officer_ids

from helpers import new_store
from inspector_app.inspections import hazards, inspections, signing
from inspector_app.inspections.checklists import load_catalogue
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.replication import outbox
from inspector_app.replication.local import LocalTables
from inspector_app.store import attachments
from inspector_app.store.changelog import UnitOfWork
from sync import admin
from sync import engine as sync_engine
from sync.protocol import ACCEPTED, HELD
from sync.report import SyncReport
from sync.server import auth, db, held
from sync.server import push as pushes
from sync.server.api import ApiError

PERMUTATIONS = 100
STATE_COLUMNS = (
    "table_name",
    "record_id",
    "data",
    "county_code",
    "town_code",
    "supervising_unit",
    "unit_code",
    "public",
    "natural_key",
    "parent_id",
    "restricted",
)


def make_chain(device: Device, tmp_path: Path) -> list[dict[str, Any]]:
    """The laptop's work, as its outbox pushes it (each entry naming the one before)."""
    tree = device.registry.tree
    enterprise = device.create(MACHINE_WORKS)
    for phone in ("13900000001", "13900000002", "13900000003"):
        device.update(enterprise, {"contact_phone": phone})
    picture = tmp_path / "signature.png"
    picture.write_bytes(png_bytes())
    sha = attachments.add_file(device.store, tmp_path / "attachments", picture, "image/png")
    checklist = load_catalogue().for_enterprise("机械", ())
    with UnitOfWork(device.store, device.author) as uow:
        inspection_id = inspections.start(
            uow, tree, enterprise, officer_ids(device), "planned", checklist, started_at=START
        )
    with UnitOfWork(device.store, device.author) as uow:
        inspections.update(
            uow, inspection_id, {"person_in_charge": "李安全", "situation": "检查了车间。"}
        )
    made = []
    for n, item in enumerate(inspections.items(device.store.conn, inspection_id)):
        with UnitOfWork(device.store, device.author) as uow:
            inspections.set_verdict(
                uow, inspection_id, item.item_code, "hazard" if n < 3 else "compliant"
            )
            if n < 3:
                made.append(
                    hazards.add(
                        uow,
                        inspection_id,
                        {
                            "item_code": item.item_code,
                            "description": f"隐患{n + 1}",
                            "deadline": START.date() + dt.timedelta(days=3 + n),
                        },
                    )
                )
    with UnitOfWork(device.store, device.author) as uow:
        given = [
            signing.SignatureInput(
                "officer", m.officer.name, officer_id=m.officer.id, image_sha256=sha
            )
            for m in inspections.team(uow.conn, inspection_id)
        ]
        given.append(signing.SignatureInput("person_in_charge", "李安全", image_sha256=sha))
        signing.sign(uow, inspection_id, given, ended_at=START + dt.timedelta(hours=1))
    day = START.date()
    steps: Sequence[tuple[int, str, int, int | None]] = (
        (1, "ordered", 1, 5),
        (0, "ordered", 1, 3),
        (0, "review_failed", 4, None),
        (1, "review_passed", 5, None),
        (0, "ordered", 4, 8),
        (2, "escalated", 6, None),
        (0, "review_passed", 8, None),
        (1, "closed", 8, None),
        (0, "closed", 9, None),
    )
    for n, kind, offset, deadline in steps:
        with UnitOfWork(device.store, device.author) as uow:
            hazards.record_event(
                uow,
                made[n],
                kind,
                day + dt.timedelta(days=offset),
                deadline=day + dt.timedelta(days=deadline) if deadline else None,
            )
    return outbox.outbox(device.store.conn, device.tables, 10_000)


@dataclass
class Setting:
    """A server with the laptop signed in and up to date, saved as a file to copy, and the
    laptop's chain of changes (not pushed)."""

    template: Path
    user_id: str
    device_id: str
    chain: list[dict[str, Any]]
    registry: Registry


@pytest.fixture(scope="module")
def setting(
    tmp_path_factory: pytest.TempPathFactory, tree: JurisdictionTree, registry: Registry
) -> Iterator[Setting]:
    folder = tmp_path_factory.mktemp("r11")
    template = folder / "central.sqlite3"
    server = LiveServer(f"sqlite:///{template}")
    seed_server(server.engine, scale=0.001)
    certify(server)
    (folder / "laptop").mkdir()
    laptop = make_device(folder / "laptop", tree, registry, server.url)
    laptop.login("haining1")
    laptop.sync()
    chain = make_chain(laptop, folder)
    user_id, device_id = laptop.author, laptop.store.device_id
    laptop.close()
    server.stop()
    yield Setting(template, user_id, device_id, chain, registry)


class Central:
    """A copy of the server's store, pushed to in-process as the push route does."""

    def __init__(self, setting: Setting, folder: Path) -> None:
        folder.mkdir()
        path = folder / "central.sqlite3"
        shutil.copyfile(setting.template, path)
        self.setting = setting
        self.engine = db.make_engine(f"sqlite:///{path}")

    def push(self, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        with db.writing(self.engine) as conn:
            who = auth.principal_of(conn, self.setting.user_id, self.setting.device_id)
            assert who is not None
            ctx = pushes.PushContext(conn, who, self.setting.registry, db.now())
            results = pushes.push(ctx, entries)
            if ctx.batch.changed:
                ctx.batch.finish(conn)
        return results

    def backlog(self) -> list[dict[str, Any]]:
        with db.reading(self.engine) as conn:
            return held.backlog(conn)

    def state(self, chain: list[dict[str, Any]]) -> dict[str, Any]:
        """The records the chain touched, every conflict, and each entry's final answer."""
        r, a = db.records.c, db.applied_entries.c
        ids = {e["record_id"] for e in chain}
        with db.reading(self.engine) as conn:
            rows = conn.execute(
                select(*(r[c] for c in STATE_COLUMNS)).where(
                    r.record_id.in_(ids) | (r.table_name == "sync_conflict")
                )
            ).all()
            answers = dict(
                conn.execute(
                    select(a.entry_id, a.status).where(
                        a.entry_id.in_([e["entry_id"] for e in chain])
                    )
                ).all()
            )
        records = {(row[0], row[1]): (json.loads(row[2]), *row[3:]) for row in rows}
        return {"records": records, "answers": answers}

    def close(self) -> None:
        self.engine.dispose()


def deliver(
    central: Central,
    chain: list[dict[str, Any]],
    order: list[int],
    rng: random.Random,
    check_backlog: bool = True,
) -> int:
    """Push ``chain`` in ``order`` in batches of 1 to 8; after each batch the backlog holds
    exactly the delivered entries some earlier entry of the chain has not reached yet.
    Returns the largest backlog seen."""
    delivered: set[int] = set()
    largest = 0
    at = 0
    while at < len(order):
        size = rng.randint(1, 8)
        batch = order[at : at + size]
        at += size
        results = central.push([chain[i] for i in batch])
        assert [r["entry_id"] for r in results] == [chain[i]["entry_id"] for i in batch]
        delivered |= set(batch)
        first_missing = next((i for i in range(len(chain)) if i not in delivered), len(chain))
        waiting = {chain[i]["entry_id"] for i in delivered if i > first_missing}
        for i, result in zip(batch, results, strict=True):
            # held when it arrived (a later entry of the same batch may have released it)
            if result["status"] == HELD:
                assert result["reason"]["code"] == "order_pending", result
                assert result["reason"]["after"] == chain[i]["after"]
            else:
                assert result["status"] == ACCEPTED, (chain[i]["table"], result)
                assert i < first_missing
        if check_backlog:
            backlog = central.backlog()
            assert {b["entry_id"] for b in backlog} == waiting
            assert all(b["waits_for"] == "previous_entry" for b in backlog)
            largest = max(largest, len(backlog))
    return largest


def shuffled(setting: Setting, tmp_path: Path, permutations: int, label: str) -> None:
    chain = setting.chain
    in_order = Central(setting, tmp_path / "in-order")
    deliver(in_order, chain, list(range(len(chain))), random.Random(0))
    expected = in_order.state(chain)
    in_order.close()
    assert set(expected["answers"].values()) == {ACCEPTED}
    assert not any(key[0] == "sync_conflict" for key in expected["records"])
    rng = random.Random(11)
    largest = 0
    for n in range(permutations):
        order = list(range(len(chain)))
        if n == 0:
            order.reverse()
        else:
            rng.shuffle(order)
        central = Central(setting, tmp_path / f"p{n}")
        largest = max(largest, deliver(central, chain, order, rng))
        got = central.state(chain)
        assert got == expected, f"permutation {n}: {order}"
        assert central.backlog() == []
        central.close()
    tables = Counter(e["table"] for e in chain)
    print(
        f"\nR11 {label}: {len(chain)} entries ("
        + ", ".join(f"{n} {t}" for t, n in tables.most_common())
        + f"), {permutations} "
        f"permutations in batches of 1-8: {permutations} of {permutations} end identical to "
        f"in-order delivery, 0 left held, 0 conflicts; largest backlog {largest} entries"
    )


def test_r11_a_shuffled_chain_ends_as_in_order(setting: Setting, tmp_path: Path) -> None:
    assert len(setting.chain) > 90
    shuffled(setting, tmp_path, PERMUTATIONS, "out-of-order delivery")


@pytest.mark.soak
def test_r11_soak_the_whole_chain_shuffled(
    setting: Setting, tmp_path: Path, long_run: None
) -> None:
    shuffled(setting, tmp_path, 10 * PERMUTATIONS, "out-of-order delivery, soak")


def test_r11_the_hazards_closing_steps_wait_for_the_order_they_follow(
    setting: Setting, tmp_path: Path
) -> None:
    """A review passed before the order it reviews ("verified" before "issued"): the later
    steps arrive first and wait; the step they follow releases them in their own order."""
    chain = setting.chain
    hazard = chain[-1]["data"]["hazard_id"]
    events = [
        i
        for i, e in enumerate(chain)
        if e["table"] == "hazard_event" and e["data"]["hazard_id"] == hazard
    ]
    kinds = [chain[i]["data"]["kind"] for i in events]
    assert kinds[-4:] == ["review_failed", "ordered", "review_passed", "closed"]
    first_late = events[-4]
    central = Central(setting, tmp_path / "c")
    head = central.push(chain[:first_late])
    assert {r["status"] for r in head} == {ACCEPTED}
    rest = list(range(first_late + 1, len(chain)))
    late = central.push([chain[i] for i in reversed(rest)])
    assert [r["status"] for r in late] == [HELD] * len(rest)
    assert [r["reason"]["after"] for r in late] == [chain[i]["after"] for i in reversed(rest)]
    assert len(central.backlog()) == len(rest)
    opened = central.push([chain[first_late]])
    assert opened[0]["status"] == ACCEPTED
    assert central.backlog() == []
    replay = central.push([chain[i] for i in rest])
    assert [r["status"] for r in replay] == [ACCEPTED] * len(rest)
    with db.reading(central.engine) as conn:
        stored = [
            json.loads(d)["kind"]
            for (d,) in conn.execute(
                select(db.records.c.data).where(db.records.c.table_name == "hazard_event")
            )
            if json.loads(d)["hazard_id"] == hazard
        ]
    assert sorted(stored) == sorted(kinds)
    central.close()


def test_r11_a_retry_naming_another_predecessor_is_the_same_entry(
    setting: Setting, tmp_path: Path
) -> None:
    """A device re-sends an entry once the one before was answered, so it names no
    predecessor any more: still the same entry (answered the same), never ``entry_id_reused``."""
    chain = setting.chain
    central = Central(setting, tmp_path / "c")
    first = central.push(chain[:3])
    assert [r["status"] for r in first] == [ACCEPTED] * 3
    again = central.push([{**chain[2], "after": None}])
    assert again == [first[2]]
    central.close()


@pytest.mark.parametrize("after", [7, "", "x" * 37, "a\x00b"])
def test_r11_a_malformed_predecessor_is_refused(
    setting: Setting, tmp_path: Path, after: Any
) -> None:
    central = Central(setting, tmp_path / "c")
    result = central.push([{**setting.chain[0], "after": after}])
    assert result[0]["status"] == "rejected"
    assert result[0]["reason"]["code"] == "malformed_entry"
    central.close()


def test_r11_the_laptop_settles_a_backlog_left_by_a_reordered_delivery(
    devices: Callable[..., Device], live_server: Any, tmp_path: Path
) -> None:
    """Entries a proxy delivered backwards wait on the server; the laptop's ordinary sync then
    delivers them again in order: every one accepted, nothing left held, the backlog empty and
    ``sync.admin held-list`` saying so."""
    certify(live_server)
    laptop = devices("haining1")
    laptop.sync()
    chain = make_chain(laptop, tmp_path)
    backwards = laptop.api.push(list(reversed(chain[1:12])))["results"]
    assert {r["status"] for r in backwards} == {HELD}
    with db.reading(live_server.engine) as conn:
        assert len(held.backlog(conn)) == 11
        assert held.backlog_counts(conn) == {laptop.store.device_id: 11}
    report = laptop.sync()
    assert report.pushed.get("rejected", 0) == 0, report
    statuses = {s for e in chain for s in laptop.status_of(e["record_id"])}
    assert statuses == {ACCEPTED}
    with db.reading(live_server.engine) as conn:
        assert held.backlog(conn) == []
    assert admin.main(["--db", live_server.config.db_url, "held-list"]) == 0


class HoldingServer:
    """A server that holds the changes of some records (their parent never arrives)."""

    credentials = None
    on_credentials = None

    def __init__(self, holding: set[str]) -> None:
        self.holding = holding
        self.pushed: list[list[str]] = []

    def push(self, entries: list[dict[str, Any]]) -> dict[str, Any]:
        self.pushed.append([e["record_id"] for e in entries])
        return {
            "results": [
                {"entry_id": e["entry_id"], "status": HELD, "reason": {"code": "parent_missing"}}
                if e["record_id"] in self.holding
                else {"entry_id": e["entry_id"], "status": ACCEPTED}
                for e in entries
            ]
        }


def test_a_push_goes_past_a_full_batch_of_held_changes(
    tmp_path: Path, tree: JurisdictionTree, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More held changes than a batch holds at the head of the outbox: the newer changes are
    still sent in the same sync (they used to wait behind them for ever)."""
    monkeypatch.setattr(sync_engine, "PUSH_BATCH", 3)
    store = new_store(tmp_path / "inspector.sqlite3", tree)
    with UnitOfWork(store, "officer") as uow:
        for n in range(10):
            uow.log("enterprise", f"record-{n}", "update", {"contact_phone": ["", str(n)]})
    server = HoldingServer({f"record-{n}" for n in range(5)})
    report = SyncReport()
    sync_engine.SyncEngine(store, LocalTables(registry), server).push(report)  # type: ignore[arg-type]
    statuses = dict(store.conn.execute("SELECT record_id, status FROM change_log").fetchall())
    assert statuses == {f"record-{n}": HELD if n < 5 else ACCEPTED for n in range(10)}
    assert report.pushed == {HELD: 10, ACCEPTED: 5}  # the held asked once more at the end
    store.close()


def test_a_device_cannot_leave_more_than_its_share_of_entries_waiting(
    setting: Setting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the limit of waiting entries a push is refused whole (429 ``held_full``, both
    languages, nothing of it kept); once the missing entry arrives the backlog drains."""
    monkeypatch.setattr(held, "MAX_WAITING_PER_DEVICE", 3)
    chain = setting.chain
    central = Central(setting, tmp_path / "c")
    with pytest.raises(ApiError) as full:
        central.push(chain[1:5])
    assert (full.value.status, full.value.code) == (429, "held_full")
    assert "上限3项" in full.value.zh and "at most 3" in full.value.en
    assert central.backlog() == []  # refused whole
    assert [r["status"] for r in central.push(chain[1:4])] == [HELD] * 3
    with pytest.raises(ApiError):
        central.push(chain[4:5])
    assert len(central.backlog()) == 3
    assert [r["status"] for r in central.push(chain[:1])] == [ACCEPTED]
    assert central.backlog() == []
    assert {r["status"] for r in central.push(chain[4:])} == {ACCEPTED}
    central.close()


def test_a_push_never_splits_a_local_transaction_that_fits_in_a_batch(
    tmp_path: Path, tree: JurisdictionTree, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Transactions of 2, 2, 1 and 4 changes with batches of 3: each push ends where a
    transaction ends, except the one larger than a batch, which is sent in parts."""
    monkeypatch.setattr(sync_engine, "PUSH_BATCH", 3)
    store = new_store(tmp_path / "inspector.sqlite3", tree)
    n = 0
    for size in (2, 2, 1, 4):
        with UnitOfWork(store, "officer") as uow:
            for _ in range(size):
                uow.log("enterprise", f"record-{n}", "update", {"contact_phone": ["", str(n)]})
                n += 1
    server = HoldingServer(set())
    sync_engine.SyncEngine(store, LocalTables(registry), server).push(SyncReport())  # type: ignore[arg-type]
    assert [len(b) for b in server.pushed] == [2, 3, 3, 1]
    assert server.pushed[0] == ["record-0", "record-1"]
    assert server.pushed[1] == ["record-2", "record-3", "record-4"]
    assert outbox.whole_transactions([], 3) == []
