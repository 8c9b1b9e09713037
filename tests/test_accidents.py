"""Accident records and their reports: recording, supplementary reports that re-grade, the dates
that are evidence, the reporting deadlines, corrections."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from accidents_support import World, at, make_world

from inspector_app.accidents import accidents, operations, reporting
from inspector_app.accidents.model import view_of
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import RecordInvalid, ValidationError
from inspector_app.store import changelog


@pytest.fixture
def world(tmp_path: Path, tree: JurisdictionTree, registry: Registry) -> World:
    w = make_world(tmp_path / "inspector.sqlite3", tree, registry)
    yield w
    w.store.close()


def refused(error: pytest.ExceptionInfo[Any]) -> dict[str, ValidationError]:
    """The errors of a refusal by field."""
    value = error.value
    errors = value.errors if isinstance(value, RecordInvalid) else [value]
    return {e.field: e for e in errors}


def test_an_accident_is_recorded_from_the_registry_with_its_first_report(world: World) -> None:
    outcome = world.record(at(2026, 3, 1, 8, 30), deaths=1, serious=1, loss="1,200,000")
    view = outcome.view
    assert view["county_code"] == "330481" and view["town_code"] == "330481005"
    assert view["authority_code"] == "330481" and view["supervising_unit"] == "330481"
    assert view["unit_name"] == "海宁精工机械有限公司"
    assert view["type_standard"] == "GB6441-1986" and view["accident_type"] == "机械伤害"
    assert view["occurred_at"] == "2026-03-01T08:30:00+08:00"
    assert view["known_at"] == view["occurred_at"]
    assert view.grade == "一般" and view.grades == ("一般",)
    assert view.figures.direct_loss_yuan == Decimal("1200000")
    assert view.first is not None and view.first.record["direct_loss_yuan"] == "1200000"
    logged = changelog.history(world.store.conn, "accident", view.id)
    assert [e.op for e in logged] == ["insert"]
    assert logged[0].changes["accident_type"] == "机械伤害"
    assert changelog.history(world.store.conn, "accident_report", view.first.id)[0].op == "insert"


def test_accidents_from_july_2026_are_classified_by_gb6441_2025(world: World) -> None:
    view = world.record(at(2026, 7, 1, 0, 5), deaths=1, accident_type="机械致害").view
    assert view["type_standard"] == "GB6441-2025"
    with pytest.raises(RecordInvalid) as caught:
        world.record(at(2026, 7, 2), accident_type="机械伤害")
    error = refused(caught)["accident_type"]
    assert error.zh == ("事故类型：“机械伤害”不是GB 6441-2025《生产安全事故分类与编码》的事故类型")
    with pytest.raises(RecordInvalid) as caught:
        world.record(at(2026, 6, 30, 23, 50), type_standard="GB6441-2025")
    error = refused(caught)["type_standard"]
    assert error.rule == "standard"
    assert (
        error.zh == "事故分类标准：2026-06-30发生的事故应按GB 6441-1986《企业职工伤亡事故分类》分类"
    )


def test_an_accident_without_a_registered_unit_names_its_county_and_town(world: World) -> None:
    view = world.record(
        at(2026, 9, 3, 14, 0),
        enterprise="",
        county_code="330402",
        town_code="330402006",  # 城南街道, managed by the development zone
        sector="road_traffic",
        accident_type="道路（轨道）车辆致害",
        deaths=1,
    ).view
    assert view["enterprise_id"] == "" and view["unit_name"] == ""
    assert view["supervising_unit"] == "Z330401" and view["authority_code"] == "Z330401"
    with pytest.raises(RecordInvalid) as caught:
        world.record(at(2026, 9, 3), enterprise="", county_code="330402", town_code="330481005")
    assert refused(caught)["town_code"].zh == "所属镇（街道）：“330481005”不在南湖区的辖区内"
    with pytest.raises(RecordInvalid) as caught:
        world.record(at(2026, 9, 3), enterprise="", county_code="330499")
    assert refused(caught)["county_code"].zh == "所属县（市、区）：“330499”不是已知的县（市、区）"


def test_unknown_enterprise_and_sector_are_refused_together(world: World) -> None:
    with pytest.raises(RecordInvalid) as caught:
        world.record(at(2026, 9, 3), enterprise="", enterprise_id="nobody", sector="mining")
    errors = refused(caught)
    assert errors["enterprise_id"].zh == "事故发生单位：不在单位名录中"
    assert errors["sector"].zh.startswith("行业领域：“mining”不是有效值，应为：工矿商贸、道路交通")
    assert set(errors) == {"enterprise_id", "sector", "county_code"}


def test_dates_are_evidence(world: World) -> None:
    with pytest.raises(RecordInvalid) as caught:
        world.record(at(2026, 11, 30, 10, 5))  # the clock says 10:00
    assert refused(caught)["occurred_at"].zh == (
        "事故发生时间：不能晚于当前时间（2026-11-30T10:05+08:00）"
    )
    with pytest.raises(RecordInvalid) as caught:
        world.record(at(2026, 9, 3, 8, 0), known_at=at(2026, 9, 3, 7, 59))
    assert refused(caught)["known_at"].zh == (
        "单位负责人接到报告时间：不能早于事故发生时间（2026-09-03T08:00+08:00）"
    )
    with pytest.raises(RecordInvalid) as caught:
        world.record(at(2026, 9, 3, 8, 0), reported=at(2026, 9, 3, 7, 30))
    assert refused(caught)["reported_at"].zh == (
        "报告时间：不能早于事故发生时间（2026-09-03T08:00+08:00）"
    )
    assert world.store.conn.execute("SELECT count(*) FROM accident").fetchone()[0] == 0


def test_a_supplementary_report_regrades_the_accident(world: World) -> None:
    first = world.record(at(2026, 9, 3, 8, 0), deaths=2, serious=1)
    assert first.view.grade == "一般"
    later = world.supplement(first.accident_id, at(2026, 9, 20), deaths=3, serious=1)
    assert later.regraded and later.previous_grade == "一般"
    assert later.view.grade == "较大" and later.view.grades == ("一般", "较大")
    assert later.view.figures.deaths == 3
    # the first report is kept as it was made
    assert later.view.first is not None and later.view.first.figures.deaths == 2
    again = world.supplement(first.accident_id, at(2026, 9, 25), deaths=3, serious=12)
    assert again.view.grade == "较大" and not again.regraded


def test_missing_persons_count_as_deaths_for_the_grade(world: World) -> None:
    view = world.record(at(2026, 9, 3), deaths=1, missing=2).view
    assert view.grade == "较大"


def test_reports_are_append_only(world: World) -> None:
    view = world.record(at(2026, 9, 3), deaths=1).view
    assert view.first is not None
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        world.store.conn.execute(
            "UPDATE accident_report SET deaths = 0 WHERE id = ?", (view.first.id,)
        )
    with pytest.raises(sqlite3.IntegrityError, match="cannot be deleted"):
        world.store.conn.execute("DELETE FROM accident WHERE id = ?", (view.id,))


@pytest.mark.parametrize(
    ("sector", "accident_type", "days"),
    [
        ("industry_trade", "机械致害", 30),
        ("road_traffic", "道路（轨道）车辆致害", 7),
        ("fire", "火灾", 7),
        ("industry_trade", "火灾", 7),  # a fire at a factory is a fire accident too
    ],
)
def test_the_supplementary_window(world: World, sector: str, accident_type: str, days: int) -> None:
    accident = world.record(
        at(2026, 9, 3, 8, 0), deaths=1, sector=sector, accident_type=accident_type
    )
    last_day = dt.date(2026, 9, 3) + dt.timedelta(days=days)
    late = dt.datetime.combine(
        last_day + dt.timedelta(days=1), dt.time(0, 0), at(2026, 1, 1).tzinfo
    )
    with pytest.raises(RecordInvalid) as caught:
        world.supplement(accident.accident_id, late, deaths=2)
    error = refused(caught)["reported_at"]
    assert error.rule == "window"
    assert error.zh == (
        f"报告时间：补报应在事故发生之日起{days}日内（至{last_day.isoformat()}），"
        "逾期伤亡人数的变化不再补报（《生产安全事故报告和调查处理条例》第十三条）"
    )
    in_time = dt.datetime.combine(last_day, dt.time(23, 59), at(2026, 1, 1).tzinfo)
    assert world.supplement(accident.accident_id, in_time, deaths=2).view.figures.deaths == 2


def test_supplementary_reports_follow_the_first_and_change_something(world: World) -> None:
    accident = world.record(at(2026, 9, 3, 8, 0), deaths=1, reported=at(2026, 9, 3, 9, 0))
    with pytest.raises(RecordInvalid) as caught:
        world.supplement(accident.accident_id, at(2026, 9, 3, 8, 45), deaths=2)
    assert refused(caught)["reported_at"].zh == (
        "报告时间：不能早于首报时间（2026-09-03T09:00+08:00）"
    )
    with pytest.raises(RecordInvalid) as caught:
        world.supplement(accident.accident_id, at(2026, 9, 4), deaths=1)
    assert refused(caught)["change_note"].zh == (
        "伤亡人数变化情况：补报的伤亡人数和直接经济损失与上次报告相同"
    )
    with pytest.raises(RecordInvalid) as caught:
        world.supplement(accident.accident_id, at(2026, 9, 4), deaths=2, note="")
    assert refused(caught)["change_note"].zh == "伤亡人数变化情况：不能为空"
    with pytest.raises(RecordInvalid) as caught:
        world.supplement(accident.accident_id, at(2026, 12, 1), deaths=2)
    assert refused(caught)["reported_at"].rule == "future"


def test_one_first_report_per_accident(world: World) -> None:
    accident = world.record(at(2026, 9, 3, 8, 0), deaths=1)
    report = {
        "accident_id": accident.accident_id,
        "kind": "first",
        "reported_at": "2026-09-03T09:10:00+08:00",
        "deaths": 1,
        "missing": 0,
        "serious_injuries": 0,
        "minor_injuries": 0,
        "direct_loss_yuan": "0",
        "course": "同一事故在另一台电脑上又报了一次。",
        "created_by": "officer-2",
    }
    with pytest.raises(RecordInvalid) as caught:
        accidents.check_accident_report(report, world.facts, at(2026, 11, 30))
    assert refused(caught)["kind"].zh == "类别：该事故已有首报，伤亡人数变化请作补报"
    with pytest.raises(RecordInvalid) as caught:
        accidents.check_accident_report(
            {**report, "accident_id": "nope"}, world.facts, at(2026, 11, 30)
        )
    assert refused(caught)["accident_id"].zh == "事故：找不到该事故"


def test_a_first_report_tells_the_course_of_events(world: World) -> None:
    with pytest.raises(RecordInvalid) as caught, world.uow() as uow:
        operations.record_accident(
            uow,
            {
                "enterprise_id": world.enterprises["machine"],
                "occurred_at": at(2026, 9, 3),
                "place": "仓库",
                "sector": "industry_trade",
                "accident_type": "物体打击",
            },
            {"reported_at": at(2026, 9, 3, 9, 30), "deaths": 1, "direct_loss_yuan": 0},
            tree=world.tree,
        )
    errors = refused(caught)
    assert errors["course"].zh == "事故简要经过：不能为空"
    # deaths and serious injuries are always stated; missing and minor injuries default to 0
    assert errors["serious_injuries"].zh == "重伤人数（含急性工业中毒）：不能为空"
    assert set(errors) == {"course", "serious_injuries"}


# -- reporting deadlines -----------------------------------------------------------------------


def test_the_unit_reports_within_an_hour(world: World) -> None:
    on_time = world.record(at(2026, 9, 3, 8, 0), deaths=1, reported=at(2026, 9, 3, 9, 0)).view
    late = world.record(
        at(2026, 9, 4, 8, 0),
        deaths=1,
        known_at=at(2026, 9, 4, 8, 20),
        reported=at(2026, 9, 4, 9, 21),
    ).view
    assert not reporting.late_first_report(on_time)
    assert reporting.late_first_report(late)
    county = reporting.deadlines(late, [])[0]
    assert county.due == at(2026, 9, 4, 9, 20) and county.late
    assert county.status(at(2026, 9, 5)) == "late"


def _forward(world: World, accident_id: str, level: str, moment: dt.datetime) -> str:
    with world.uow() as uow:
        return operations.record_step(uow, accident_id, "forwarded", moment, {"level": level})


def test_each_level_forwards_within_two_hours(world: World) -> None:
    view = world.record(at(2026, 9, 3, 8, 0), deaths=1, reported=at(2026, 9, 3, 8, 40)).view
    chain = reporting.deadlines(view, [])
    assert [d.code for d in chain] == ["county", "city"]
    assert chain[1].due == at(2026, 9, 3, 10, 40)
    assert chain[1].status(at(2026, 9, 3, 10, 41)) == "overdue"
    _forward(world, view.id, "city", at(2026, 9, 3, 10, 40))
    steps = world.facts.find("accident_step", {"accident_id": view.id})
    chain = reporting.deadlines(view, steps)
    assert chain[1].done_at == at(2026, 9, 3, 10, 40) and not chain[1].late
    # a general accident goes no higher than the city (Art. 10)
    assert [d.code for d in chain] == ["county", "city"]


def test_a_regrade_adds_the_province_counted_from_the_supplementary_report(world: World) -> None:
    accident = world.record(at(2026, 9, 3, 8, 0), deaths=2, reported=at(2026, 9, 3, 8, 30))
    _forward(world, accident.accident_id, "city", at(2026, 9, 3, 10, 0))
    later = world.supplement(accident.accident_id, at(2026, 9, 6, 15, 0), deaths=3)
    steps = world.facts.find("accident_step", {"accident_id": accident.accident_id})
    chain = reporting.deadlines(later.view, steps)
    assert [d.code for d in chain] == ["county", "city", "province"]
    assert chain[2].due == at(2026, 9, 6, 17, 0)
    _forward(world, accident.accident_id, "province", at(2026, 9, 6, 17, 30))
    steps = world.facts.find("accident_step", {"accident_id": accident.accident_id})
    assert reporting.deadlines(later.view, steps)[2].late


def test_reports_go_up_level_by_level(world: World) -> None:
    view = world.record(at(2026, 9, 3, 8, 0), deaths=5).view
    with pytest.raises(RecordInvalid) as caught:
        _forward(world, view.id, "province", at(2026, 9, 3, 10, 0))
    assert refused(caught)["level"].zh == "上报层级：应逐级上报：下一级尚未上报（第十条）"
    _forward(world, view.id, "city", at(2026, 9, 3, 9, 50))
    with pytest.raises(RecordInvalid) as caught:
        _forward(world, view.id, "city", at(2026, 9, 3, 9, 55))
    assert refused(caught)["level"].zh == "上报层级：已向该层级上报"
    with pytest.raises(RecordInvalid) as caught:
        _forward(world, view.id, "province", at(2026, 9, 3, 9, 40))
    assert refused(caught)["occurred_on"].zh == (
        "日期：不能早于下一级上报时间（2026-09-03T09:50+08:00）"
    )


# -- corrections ---------------------------------------------------------------------------------


def test_the_type_and_place_may_be_corrected_and_the_change_is_logged(world: World) -> None:
    view = world.record(at(2026, 9, 3), deaths=1).view
    with world.uow() as uow:
        outcome = operations.correct_accident(
            uow, view.id, {"accident_type": "起重致害", "place": "三号车间行车下"}, tree=world.tree
        )
    assert outcome.changed == {
        "accident_type": ["机械致害", "起重致害"],
        "place": ["二号车间", "三号车间行车下"],
    }
    logged = changelog.history(world.store.conn, "accident", view.id)
    assert [e.op for e in logged] == ["insert", "update"]
    assert view_of(world.facts, view.id)["accident_type"] == "起重致害"


def test_the_time_and_unit_of_an_accident_are_fixed(world: World) -> None:
    view = world.record(at(2026, 9, 3), deaths=1).view
    with pytest.raises(ValidationError) as caught, world.uow() as uow:
        operations.correct_accident(uow, view.id, {"occurred_at": at(2026, 9, 2)})
    assert caught.value.zh == "事故发生时间：登记后不能更改"
    changed = {
        **world.facts.get("accident", view.id),
        "enterprise_id": world.enterprises["textile"],
    }
    with pytest.raises(RecordInvalid) as caught:
        accidents.check_accident(changed, world.facts, at(2026, 11, 30), record_id=view.id)
    errors = refused(caught)
    assert errors["enterprise_id"].zh == "事故发生单位：事故的时间、地点和单位登记后不能更改"
    with pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
        world.store.conn.execute(
            "UPDATE accident SET occurred_at = '2026-09-01T08:00:00+08:00' WHERE id = ?",
            (view.id,),
        )


def test_wide_impact_needs_a_reason(world: World) -> None:
    view = world.record(at(2026, 9, 3), deaths=1).view
    with pytest.raises(RecordInvalid) as caught, world.uow() as uow:
        operations.flag_wide_impact(uow, view.id, "  ")
    assert refused(caught)["wide_impact_reason"].zh == "社会影响情况：不能为空"
