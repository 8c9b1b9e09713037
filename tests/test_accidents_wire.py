"""The accident tables on the wire: the schema matches the wire fields, every stored record
passes its own check unchanged, and the checks run over any ``Facts`` (the server's too)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from accidents_support import World, at, make_world

from helpers import new_store
from inspector_app.accidents import operations, report_checks, warnings, wire
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import RecordInvalid
from inspector_app.store import migrations


@pytest.fixture
def world(tmp_path: Path, tree: JurisdictionTree, registry: Registry) -> World:
    w = make_world(tmp_path / "inspector.sqlite3", tree, registry)
    yield w
    w.store.close()


def test_the_schema_creates_each_wire_table_on_a_fresh_store(
    tmp_path: Path, tree: JurisdictionTree
) -> None:
    store = new_store(tmp_path / "fresh.sqlite3", tree)  # migration 7 made the tables
    assert set(migrations.V7_REPLICATED) == set(wire.TABLES)
    for name, table in wire.TABLES.items():
        columns = {r[1] for r in store.conn.execute("SELECT * FROM pragma_table_info(?)", (name,))}
        assert columns == {"id", *table.fields, *table.local_columns}, name
        triggers = {
            r[0]
            for r in store.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (name,)
            )
        }
        assert {f"{name}_hash_insert", f"{name}_hash_update", f"{name}_hash_delete"} <= triggers
        if table.parent is not None:
            parent, key = table.parent
            assert parent in wire.TABLES and key in table.fields
    store.close()


def _populate(world: World) -> None:
    first = world.record(at(2026, 8, 1, 10, 0), deaths=2, loss="1234567.5")
    second = world.record(at(2026, 8, 20, 9, 0), deaths=1, serious=2)
    world.supplement(second.accident_id, at(2026, 8, 22), deaths=2, serious=2)
    with world.uow() as uow:
        operations.record_step(
            uow, first.accident_id, "forwarded", at(2026, 8, 1, 12, 0), {"level": "city"}
        )
        operations.record_step(uow, first.accident_id, "report_submitted", dt.date(2026, 8, 25))
        operations.record_step(
            uow,
            first.accident_id,
            "report_approved",
            dt.date(2026, 9, 2),
            {"body": "海宁市人民政府"},
        )
        operations.record_step(
            uow,
            first.accident_id,
            "accountability",
            dt.date(2026, 9, 5),
            {"name": "王海明", "measure": "criminal", "detail": "移送公安机关"},
        )
        operations.issue_listing(uow, second.accident_id, dt.date(2026, 8, 23), tree=world.tree)
        [draft] = world.facts.find("warning_notice", {"status": "draft"})
        notice_id = draft["id"]
        warnings.edit(uow, notice_id, {"lessons": "教训", "measures": "措施"})
        warnings.issue(uow, notice_id, dt.date(2026, 9, 1), tree=world.tree)
        round_id = report_checks.start_round(uow, "2026Q3", tree=world.tree)
        report_checks.record_check(
            uow,
            round_id,
            first.accident_id,
            checked_on=dt.date(2026, 10, 8),
            officer_ids=[world.officer],
            defects=[{"code": "R2", "note": "未提出对主要负责人的处理建议"}],
        )


def test_every_stored_record_passes_its_own_check_unchanged(world: World) -> None:
    _populate(world)
    facts = world.facts
    for name, table in wire.TABLES.items():
        rows = facts.find(name, {})
        assert rows, name
        for row in rows:
            data = {f: row[f] for f in table.fields}
            again = wire.check(
                name, data, facts, at(2026, 11, 30), record_id=row["id"], tree=world.tree
            )
            assert again == data, name


def test_a_field_the_table_does_not_have_is_refused(world: World) -> None:
    view = world.record(at(2026, 9, 3), deaths=1).view
    data = {f: view.record[f] for f in wire.TABLES["accident"].fields}
    with pytest.raises(RecordInvalid) as caught:
        wire.check("accident", {**data, "grade": "一般"}, world.facts, at(2026, 11, 30))
    [error] = caught.value.errors
    assert error.field == "grade" and error.zh == "grade：不是该表的字段"


class DictFacts:
    """Records as plain dicts, as the server holds them."""

    def __init__(self, tables: Mapping[str, list[dict[str, Any]]]) -> None:
        self.tables = tables

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        return next((r for r in self.tables.get(table, []) if r["id"] == record_id), None)

    def find(self, table: str, where: Mapping[str, Any]) -> list[dict[str, Any]]:
        rows = [
            r for r in self.tables.get(table, []) if all(r.get(k) == v for k, v in where.items())
        ]
        return sorted(rows, key=lambda r: r["id"])


ACCIDENT = {
    "id": "a1",
    "county_code": "330481",
    "town_code": "330481005",
    "supervising_unit": "330481",
    "authority_code": "330481",
    "enterprise_id": "",
    "unit_name": "海宁某五金加工厂",
    "occurred_at": "2026-11-29T16:40:00+08:00",
    "known_at": "2026-11-29T16:50:00+08:00",
    "place": "冲压车间",
    "sector": "industry_trade",
    "type_standard": "GB6441-2025",
    "accident_type": "机械致害",
    "wide_impact": 0,
    "wide_impact_reason": "",
    "created_by": "officer-9",
}


def _report(**changes: Any) -> dict[str, Any]:
    report = {
        "accident_id": "a1",
        "kind": "first",
        "reported_at": "2026-11-29T17:30:00+08:00",
        "deaths": 1,
        "missing": 0,
        "serious_injuries": 0,
        "minor_injuries": 0,
        "direct_loss_yuan": "150000",
        "unit_overview": "",
        "situation": "",
        "course": "冲床压伤。",
        "measures": "",
        "other": "",
        "reporter": "",
        "change_note": "",
        "created_by": "officer-9",
    }
    report.update(changes)
    return report


def test_the_server_runs_the_rules_over_its_own_records(tree: JurisdictionTree) -> None:
    facts = DictFacts({"accident": [ACCIDENT]})
    today = dt.date(2026, 11, 29)
    data = {k: v for k, v in ACCIDENT.items() if k != "id"}
    assert wire.check("accident", data, facts, today, tree=tree) == data
    assert wire.check("accident_report", _report(), facts, today) == _report()
    with pytest.raises(RecordInvalid) as caught:
        wire.check(
            "accident_report", _report(reported_at="2026-11-30T00:10:00+08:00"), facts, today
        )
    assert caught.value.errors[0].zh == "报告时间：不能晚于当前时间（2026-11-30T00:10+08:00）"
    facts.tables["accident_report"] = [{**_report(), "id": "r1"}]
    with pytest.raises(RecordInvalid) as caught:
        wire.check("accident_report", _report(), facts, today)
    assert caught.value.errors[0].rule == "twice"
    # the same record again, named by its id, is itself and passes
    assert wire.check("accident_report", _report(), facts, today, record_id="r1") == _report()


def test_an_orphan_report_is_refused_by_name(tree: JurisdictionTree) -> None:
    with pytest.raises(RecordInvalid) as caught:
        wire.check(
            "accident_report", _report(accident_id="a9"), DictFacts({}), dt.date(2026, 12, 1)
        )
    assert caught.value.errors[0].zh == "事故：找不到该事故"
