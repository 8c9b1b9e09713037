"""The monthly report made by the server equals the laptop's: the same ``monthly_report`` over
the same projection, the server's kept current by the records' sequence numbers; a county sees
its own unit, a township none (its report is the laptop's)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from case_support import FILED, Case, wd
from inspection_support import World, make_world
from sqlalchemy import update
from sync_support import LiveServer, make_device, seed_server

from helpers import on_day
from inspector_app.registry import officers
from inspector_app.registry.entries import Registry
from inspector_app.replication.local import LocalTables
from inspector_app.reports import case_facts, monthly, monthly_wire
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store
from sync.api import SyncError
from sync.server import db

CHINA = dt.timezone(dt.timedelta(hours=8))
REPORT_DAY = wd(FILED, 8)


class Upload:
    """Copies the laptop's case records into the server's store as pushes leave them, each
    copy under the next sequence number."""

    def __init__(self, server: LiveServer, store: Store, registry: Registry) -> None:
        self.server, self.store, self.tables = server, store, LocalTables(registry)
        self.sent: dict[tuple[str, str], str] = {}

    def __call__(self) -> int:
        fresh = []
        for table in ("penalty_case", "case_step"):
            for record_id, data in self.tables.rows(self.store.conn, table):
                text = json.dumps(data, sort_keys=True, ensure_ascii=False)
                if self.sent.get((table, record_id)) != text:
                    fresh.append((table, record_id, data, text))
        with db.writing(self.server.engine) as conn:
            top = conn.execute(
                update(db.seq_counter)
                .where(db.seq_counter.c.id == 1)
                .values(value=db.seq_counter.c.value + len(fresh))
                .returning(db.seq_counter.c.value)
            ).scalar_one()
            for n, (table, record_id, data, text) in enumerate(fresh):
                r = db.records.c
                conn.execute(
                    db.records.delete().where((r.table_name == table) & (r.record_id == record_id))
                )
                conn.execute(
                    db.records.insert().values(
                        table_name=table,
                        record_id=record_id,
                        data=text,
                        parent_id=data["case_id"] if table == "case_step" else None,
                        county_code="330481",
                        seq=top - len(fresh) + 1 + n,
                        updated_at=dt.datetime.now(dt.UTC),
                        updated_by="test",
                    )
                )
                self.sent[(table, record_id)] = text
        return len(fresh)


@pytest.fixture
def world(store: Store, registry: Registry, tmp_path: Path) -> World:
    return make_world(store, registry, tmp_path)


@pytest.fixture
def server(server_db: str) -> Iterator[LiveServer]:
    moment = dt.datetime.combine(REPORT_DAY, dt.time(10), CHINA)
    live = LiveServer(server_db, clock=lambda: moment)
    seed_server(live.engine, scale=0)
    yield live
    live.stop()


def _local(world: World, units: list[str] | None = None) -> dict[str, Any]:
    store = world.store
    with on_day(store, REPORT_DAY):
        with store.transaction() as conn:
            case_facts.refresh_dirty(conn, world.tree)  # type: ignore[arg-type]
        report = monthly.monthly_report(
            case_facts.sqlite_run(store.conn),
            world.tree,  # type: ignore[arg-type]
            FILED.year,
            FILED.month,
            REPORT_DAY,
            units,
        )
    return monthly_wire.to_wire(report)


def _served(server: LiveServer, world: World, tmp_path: Path, username: str) -> dict[str, Any]:
    folder = tmp_path / username
    folder.mkdir(exist_ok=True)
    device = make_device(folder, world.tree, world.registry, server.url)  # type: ignore[arg-type]
    try:
        device.login(username)
        answer = device.api.monthly_report(FILED.year, FILED.month)
    finally:
        device.close()
    return monthly_wire.to_wire(monthly_wire.from_wire(answer))


@pytest.mark.slow
def test_the_servers_report_is_the_laptops(
    world: World, registry: Registry, server: LiveServer, tmp_path: Path
) -> None:
    with UnitOfWork(world.store, "tester") as uow:
        approver = officers.create(uow, "冯局长", "330481", "approver")
    first = Case(world, approver).filed()
    first.step("notice_delivered", FILED, amount="20000")
    first.step("rights_waived", FILED)
    first.step("decision", wd(FILED, 1), amount="20000")
    second = Case(world, approver, violation_on="2026-11-21").filed()
    upload = Upload(server, world.store, registry)
    assert upload() > 0

    city = _served(server, world, tmp_path, "city1")
    assert city == _local(world)
    assert city["city"]["month"]["filed_other"] == 2
    assert city["city"]["month"]["fines"] == 20000 * 100  # fen

    # a later decision reaches the server's projection by its sequence number alone
    second.step("notice_delivered", wd(FILED, 1), amount="30000")
    second.step("rights_waived", wd(FILED, 1))
    second.step("decision", wd(FILED, 2), amount="30000")
    assert upload() > 0
    again = _served(server, world, tmp_path, "city1")
    assert again == _local(world)
    assert again["city"]["month"]["fines"] == 50000 * 100

    county = _served(server, world, tmp_path, "haining1")
    assert county == _local(world, ["330481"])
    assert [u["code"] for u in county["units"]] == ["330481"]


@pytest.mark.slow
def test_a_township_has_no_server_report_and_a_future_month_is_refused(
    world: World, server: LiveServer, tmp_path: Path
) -> None:
    device = make_device(tmp_path, world.tree, world.registry, server.url)  # type: ignore[arg-type]
    try:
        device.login("xucun1")
        with pytest.raises(SyncError) as township:
            device.api.monthly_report(FILED.year, FILED.month)
        assert "report_scope" in str(township.value) or "汇总报表" in str(township.value)
        device.login("city1")
        with pytest.raises(SyncError) as future:
            device.api.monthly_report(FILED.year + 1, 1)
        assert "尚未到来" in str(future.value) or "future" in str(future.value)
    finally:
        device.close()
