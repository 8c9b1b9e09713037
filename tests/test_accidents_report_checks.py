"""Quarterly checks of accident investigation reports: what a quarter collects, the defects
found, the bulletin."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from accidents_support import World, at, make_world

from inspector_app.accidents import operations, report_checks
from inspector_app.documents import numbers
from inspector_app.inspections import documents as issued_documents
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import RecordInvalid, ValidationError


@pytest.fixture
def world(tmp_path: Path, tree: JurisdictionTree, registry: Registry) -> World:
    w = make_world(tmp_path / "inspector.sqlite3", tree, registry)
    yield w
    w.store.close()


def refused(error: pytest.ExceptionInfo[Any]) -> dict[str, ValidationError]:
    value = error.value
    errors = value.errors if isinstance(value, RecordInvalid) else [value]
    return {e.field: e for e in errors}


def approve(world: World, accident_id: str, submitted: dt.date, approved: dt.date) -> None:
    with world.uow() as uow:
        operations.record_step(uow, accident_id, "report_submitted", submitted)
        operations.record_step(
            uow, accident_id, "report_approved", approved, {"body": "海宁市人民政府"}
        )


@pytest.fixture
def quarter(world: World) -> dict[str, str]:
    """Accidents whose reports were approved in and around 2026Q3."""
    ids = {
        "crush": world.record(at(2026, 5, 10), deaths=1).accident_id,
        "fall": world.record(at(2026, 6, 2), deaths=1, accident_type="高处坠落").accident_id,
        "late": world.record(at(2026, 7, 20), deaths=1).accident_id,
        "road": world.record(
            at(2026, 5, 12),
            deaths=1,
            sector="road_traffic",
            accident_type="车辆伤害",
        ).accident_id,
        "large": world.record(at(2026, 5, 20), deaths=3).accident_id,
        "textile": world.record(at(2026, 6, 5), serious=1, enterprise="textile").accident_id,
    }
    approve(world, ids["crush"], dt.date(2026, 6, 25), dt.date(2026, 7, 3))
    approve(world, ids["fall"], dt.date(2026, 7, 30), dt.date(2026, 9, 30))
    approve(world, ids["late"], dt.date(2026, 9, 15), dt.date(2026, 10, 1))
    approve(world, ids["road"], dt.date(2026, 7, 1), dt.date(2026, 7, 10))
    approve(world, ids["large"], dt.date(2026, 7, 1), dt.date(2026, 7, 15))
    approve(world, ids["textile"], dt.date(2026, 7, 1), dt.date(2026, 8, 15))
    return ids


def test_quarters() -> None:
    assert report_checks.quarter_of(dt.date(2026, 9, 30)) == "2026Q3"
    assert report_checks.quarter_bounds("2026Q4") == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert report_checks.quarter_bounds("2026Q1") == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    with pytest.raises(ValidationError) as caught:
        report_checks.quarter_bounds("2026-3")
    assert caught.value.zh == "季度：“2026-3”应写作2026Q3"


def test_a_quarter_collects_the_general_industry_reports_approved_in_it(
    world: World, quarter: dict[str, str]
) -> None:
    found = report_checks.collected(world.facts, "2026Q3")
    assert [view.id for view, _ in found] == [quarter["crush"], quarter["fall"], quarter["textile"]]
    assert [approved for _, approved in found] == [
        dt.date(2026, 7, 3),
        dt.date(2026, 9, 30),
        dt.date(2026, 8, 15),
    ]
    assert [v.id for v, _ in report_checks.collected(world.facts, "2026Q4")] == [quarter["late"]]


def _start(world: World, name: str = "2026Q3") -> str:
    with world.uow() as uow:
        return report_checks.start_round(uow, name, tree=world.tree)


def _check(world: World, round_id: str, accident_id: str, day: dt.date, defects: Any = ()) -> str:
    with world.uow() as uow:
        return report_checks.record_check(
            uow,
            round_id,
            accident_id,
            checked_on=day,
            officer_ids=[world.officer],
            defects=defects,
        )


def test_one_round_a_quarter_and_none_for_a_quarter_to_come(world: World) -> None:
    _start(world)
    with pytest.raises(RecordInvalid) as caught:
        _start(world)
    assert refused(caught)["quarter"].zh == "季度：2026Q3已有季度检查"
    with pytest.raises(RecordInvalid) as caught:
        _start(world, "2027Q1")
    assert refused(caught)["quarter"].zh == "季度：不能晚于当前时间（2027-01-01）"


def test_recording_defects(world: World, quarter: dict[str, str]) -> None:
    round_id = _start(world)
    check_id = _check(
        world,
        round_id,
        quarter["crush"],
        dt.date(2026, 10, 10),
        ["F1", {"code": "R4", "note": "未对涉嫌犯罪人员提出移送建议"}],
    )
    stored = world.facts.get("report_check", check_id)
    assert stored is not None and stored["county_code"] == "330481"
    assert stored["defects"] == (
        '[{"code":"F1","note":""},{"code":"R4","note":"未对涉嫌犯罪人员提出移送建议"}]'
    )
    rows = report_checks.results(world.facts, world.facts.get("report_check_round", round_id))
    crush = next(r for r in rows if r["accident_id"] == quarter["crush"])
    assert [(d["code"], d["category"]) for d in crush["defects"]] == [
        ("F1", "format"),
        ("R4", "responsibility"),
    ]
    assert not next(r for r in rows if r["accident_id"] == quarter["fall"])["checked"]
    with pytest.raises(sqlite3.IntegrityError, match="kept as recorded"):
        world.store.conn.execute("UPDATE report_check SET defects = '[]' WHERE id = ?", (check_id,))


def test_a_report_checked_again_counts_by_its_latest_check(
    world: World, quarter: dict[str, str]
) -> None:
    round_id = _start(world)
    _check(world, round_id, quarter["crush"], dt.date(2026, 10, 10), ["C1"])
    _check(world, round_id, quarter["crush"], dt.date(2026, 10, 12), [])
    rows = report_checks.results(world.facts, world.facts.get("report_check_round", round_id))
    assert next(r for r in rows if r["accident_id"] == quarter["crush"])["defects"] == []


def test_check_refusals(world: World, quarter: dict[str, str]) -> None:
    round_id = _start(world)
    with pytest.raises(RecordInvalid) as caught:
        _check(world, round_id, quarter["road"], dt.date(2026, 10, 10))
    assert refused(caught)["accident_id"].zh == (
        "事故：不是2026Q3批复的工矿商贸领域一般事故调查报告"
    )
    with pytest.raises(RecordInvalid) as caught:
        _check(world, round_id, quarter["crush"], dt.date(2026, 7, 2))
    assert refused(caught)["checked_on"].zh == "检查日期：不能早于报告批复日期（2026-07-03）"
    with pytest.raises(RecordInvalid) as caught:
        _check(world, round_id, quarter["crush"], dt.date(2026, 12, 2))
    assert refused(caught)["checked_on"].zh == "检查日期：不能晚于当前时间（2026-12-02）"
    with pytest.raises(RecordInvalid) as caught:
        _check(world, round_id, quarter["crush"], dt.date(2026, 10, 10), ["Z9"])
    assert refused(caught)["defects"].zh == "存在问题：“Z9”不是检查项"
    with pytest.raises(RecordInvalid) as caught:
        _check(world, round_id, quarter["crush"], dt.date(2026, 10, 10), ["F1", "F1"])
    assert refused(caught)["defects"].zh == "存在问题：“F1”重复"
    with pytest.raises(RecordInvalid) as caught, world.uow() as uow:
        report_checks.record_check(
            uow,
            round_id,
            quarter["crush"],
            checked_on=dt.date(2026, 10, 10),
            officer_ids=["someone"],
        )
    assert refused(caught)["officer_ids"].zh == "检查人员：检查人员不在执法人员名单中"


def _issue(world: World, round_id: str, day: dt.date) -> str:
    with world.uow() as uow:
        return report_checks.issue_bulletin(
            uow,
            round_id,
            day,
            "各地要严格按照条例规定规范事故调查报告。\n对涉嫌犯罪的责任人员依法移送司法机关。",
            tree=world.tree,
        )


def test_the_bulletin(world: World, quarter: dict[str, str]) -> None:
    round_id = _start(world)
    _check(world, round_id, quarter["crush"], dt.date(2026, 10, 10), ["F1", "R4"])
    _check(world, round_id, quarter["fall"], dt.date(2026, 10, 11), ["C2"])
    with pytest.raises(ValidationError) as caught:
        _issue(world, round_id, dt.date(2026, 10, 20))
    assert caught.value.zh == "季度检查：本季度收集的3份事故调查报告中尚有1份未检查"
    _check(world, round_id, quarter["textile"], dt.date(2026, 10, 12))
    numbers.add_block(world.store, "lease-q", "事故查", "嘉", 2026, 1, 10)
    with pytest.raises(RecordInvalid) as caught:
        world.clock.moment = at(2026, 9, 30, 18)
        _issue(world, round_id, dt.date(2026, 9, 30))
    assert refused(caught)["issued_on"].zh == "印发日期：不能早于季度结束次日（2026-10-01）"
    world.clock.moment = at(2026, 11, 30, 10)
    document_id = _issue(world, round_id, dt.date(2026, 10, 20))
    document = issued_documents.get(world.store.conn, document_id)
    assert document is not None and document.kind == "report_check_bulletin"
    assert document.number == "嘉安委办事故查〔2026〕1号"
    content = document.content
    assert content["period"] == "2026年第3季度"
    assert (content["checked"], content["defective"]) == ("3", "2")
    assert content["counties"] == [
        {"name": "海宁市", "checked": "2", "defective": "2"},
        {"name": "桐乡市", "checked": "1", "defective": "0"},
    ]
    assert content["categories"] == [
        {"name": "格式不规范", "count": "1"},
        {"name": "事故原因分析不清", "count": "1"},
        {"name": "事故责任认定不到位", "count": "1"},
        {"name": "事故责任追究不到位", "count": "0"},
    ]
    assert [r["accident"] for r in content["reports"]] == [
        "海宁精工机械有限公司“5·10”机械伤害事故",
        "海宁精工机械有限公司“6·2”高处坠落事故",
    ]
    assert content["reports"][0]["defects"].startswith("报告内容齐全")
    round_record = world.facts.get("report_check_round", round_id)
    assert round_record is not None and round_record["status"] == "issued"
    with pytest.raises(RecordInvalid) as caught:
        _check(world, round_id, quarter["textile"], dt.date(2026, 10, 25))
    assert refused(caught)["status"].zh == "状态：本季度检查情况已通报，不能再修改或增加检查"
    with pytest.raises(sqlite3.IntegrityError, match="no more checks"):
        world.store.conn.execute(
            "INSERT INTO report_check(id, round_id, accident_id, county_code, checked_on, "
            "officer_ids, created_by, created_at) VALUES ('x', ?, ?, '330483', '2026-10-25', "
            "'o', 'o', 'now')",
            (round_id, quarter["textile"]),
        )


def test_no_bulletin_for_a_quarter_without_reports(world: World) -> None:
    round_id = _start(world, "2026Q1")
    with pytest.raises(ValidationError) as caught:
        _issue(world, round_id, dt.date(2026, 4, 10))
    assert caught.value.zh == "季度检查：本季度没有收集到事故调查报告"
