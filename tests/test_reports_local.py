"""The laptop's report follows every write: the projection marks a case when its record or a
step changes and the report rebuilds the marked cases before it counts."""

from __future__ import annotations

from pathlib import Path

from case_support import FILED, Case, wd
from inspection_support import World, make_world

from helpers import on_day
from inspector_app.registry import officers
from inspector_app.registry.entries import Registry
from inspector_app.reports import monthly
from inspector_app.store import migrations
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store


def test_a_new_decision_is_in_the_next_report(
    store: Store, registry: Registry, tmp_path: Path
) -> None:
    world: World = make_world(store, registry, tmp_path)
    with UnitOfWork(store, "tester") as uow:
        approver = officers.create(uow, "冯局长", "330481", "approver")
    with on_day(store, wd(FILED, 6)):
        before = monthly.local_report(store, registry.tree, FILED.year, FILED.month)
    case = Case(world, approver).filed()
    case.step("notice_delivered", FILED, amount="20000")
    case.step("rights_waived", FILED)
    case.step("decision", wd(FILED, 1), amount="20000")
    with on_day(store, wd(FILED, 6)):
        after = monthly.local_report(store, registry.tree, FILED.year, FILED.month)
    assert store.conn.execute("SELECT count(*) FROM case_fact_dirty").fetchone()[0] == 0
    assert after.city.month["filed_other"] == before.city.month["filed_other"] + 1
    assert after.city.month["fines"] - before.city.month["fines"] == 20000 * 100  # in fen


def test_the_projection_tables_come_with_the_schema(store: Store) -> None:
    tables = {
        r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    assert {"case_fact", "case_fact_dirty", "case_publication", "sms_round"} <= tables
    assert store.schema_version == migrations.latest_version() >= 8
