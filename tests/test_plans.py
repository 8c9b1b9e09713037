"""Annual plans at three levels: records, the consistency rules, approval, tasks."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_plans_world import CHANGAN, CITY, HAINING, NANHU, TODAY, XUCUN, World, open_world

from inspector_app.plans import consistency, plans
from inspector_app.plans.common import PlanError
from inspector_app.plans.parameters import default_parameters
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import RecordInvalid

PARAMS = default_parameters()


@pytest.fixture
def world(tmp_path: Path, tree: JurisdictionTree, registry: Registry) -> Iterator[World]:
    yield from open_world(tmp_path, tree, registry)


def make_plan(w: World, unit: str, level: str, parent: str = "", **extra: object) -> str:
    with w.uow() as uow:
        return plans.create_plan(
            uow,
            w.facts,
            {
                "year": 2026,
                "level": level,
                "unit_code": unit,
                "parent_id": parent,
                "title": f"{unit} 2026年度监督检查计划",
                "random_quota": 10,
                **extra,
            },
            TODAY,
        )


def world_figures(w: World) -> consistency.World:
    return consistency.load_world(w.store.conn, w.tree, PARAMS, 2026, TODAY)


def approve(w: World, plan_id: str, approver: str) -> list[consistency.Finding]:
    with w.uow() as uow:
        return plans.approve(
            uow, w.facts, w.tree, plan_id, w.people[approver], world_figures(w), TODAY
        )


def name_all_key(w: World, plan_id: str, county: str) -> None:
    with w.uow() as uow:
        for firm in w.key_firms():
            row = w.facts.get("enterprise", firm)
            assert row is not None
            if row["county_code"] == county:
                plans.name_enterprise(uow, w.facts, plan_id, firm, today=TODAY)


def errors_of(caught: pytest.ExceptionInfo[RecordInvalid]) -> dict[str, str]:
    return {e.field: e.zh for e in caught.value.errors}


# -- records ---------------------------------------------------------------------------------------


def test_three_levels_chain_to_the_plan_above(world: World) -> None:
    city = make_plan(world, CITY, "city")
    county = make_plan(world, HAINING, "county", city)
    town = make_plan(world, XUCUN, "town", county)
    row = world.facts.get("inspection_plan", town)
    assert row is not None
    assert (row["county_code"], row["town_code"], row["parent_id"]) == (HAINING, XUCUN, county)
    assert (
        row["status"] == "draft"
        and row["capacity_per_officer"] == PARAMS.inspections_per_officer_year
    )


def test_a_county_plan_needs_the_city_plan_of_the_same_year(world: World) -> None:
    with pytest.raises(RecordInvalid) as caught:
        make_plan(world, HAINING, "county")
    assert "找不到该记录" in errors_of(caught)["parent_id"]
    city = make_plan(world, CITY, "city")
    town_parent = make_plan(world, HAINING, "county", city)
    with pytest.raises(RecordInvalid) as caught:
        make_plan(world, XUCUN, "town", city)  # a town answers to its county, not the city
    assert "上一级单位同一年度" in errors_of(caught)["parent_id"]
    with pytest.raises(RecordInvalid) as caught:
        make_plan(world, CHANGAN, "county", town_parent)
    assert "不是有效的单位" in errors_of(caught)["unit_code"]


def test_a_plan_year_cannot_be_far_ahead(world: World) -> None:
    with pytest.raises(RecordInvalid) as caught, world.uow() as uow:
        plans.create_plan(
            uow,
            world.facts,
            {"year": 2028, "level": "city", "unit_code": CITY, "title": "x"},
            TODAY,
        )
    assert "应在2000至2027之间" in errors_of(caught)["year"]


def test_targets_go_to_the_unit_or_a_unit_directly_below(world: World) -> None:
    city = make_plan(world, CITY, "city")
    with world.uow() as uow:
        plans.set_target(
            uow,
            world.facts,
            city,
            {"category": "key_supervised", "unit_code": HAINING, "count": 6},
            TODAY,
        )
        with pytest.raises(RecordInvalid) as caught:
            plans.set_target(
                uow,
                world.facts,
                city,
                {"category": "key_supervised", "unit_code": XUCUN, "count": 2},
                TODAY,
            )
    assert "直接下级单位" in errors_of(caught)["unit_code"]


def test_a_target_row_is_changed_in_place(world: World) -> None:
    city = make_plan(world, CITY, "city")
    with world.uow() as uow:
        first = plans.set_target(uow, world.facts, city, {"category": "all", "count": 5}, TODAY)
        again = plans.set_target(
            uow, world.facts, city, {"category": "all", "count": 7, "visits": 2}, TODAY
        )
    assert first == again
    row = world.facts.get("plan_target", first)
    assert row is not None and (row["count"], row["visits"]) == (7, 2)


def test_visits_above_the_cap_of_the_risk_level_refused(world: World) -> None:
    city = make_plan(world, CITY, "city")
    county = make_plan(world, HAINING, "county", city)
    cap = PARAMS.cap("high")
    with pytest.raises(RecordInvalid) as caught, world.uow() as uow:
        plans.name_enterprise(
            uow, world.facts, county, world.firms["许村重点0"], visits=cap + 1, today=TODAY
        )
    assert f"应在1至{cap}之间" in errors_of(caught)["visits"]


def test_a_plan_names_only_enterprises_of_its_unit(world: World) -> None:
    city = make_plan(world, CITY, "city")
    county = make_plan(world, HAINING, "county", city)
    with pytest.raises(RecordInvalid) as caught, world.uow() as uow:
        plans.name_enterprise(uow, world.facts, county, world.firms["建设重点0"], today=TODAY)
    assert "不在本计划单位的辖区内" in errors_of(caught)["enterprise_id"]


def test_park_enterprises_belong_to_the_county_plan(world: World) -> None:
    city = make_plan(world, CITY, "city")
    county = make_plan(world, HAINING, "county", city)
    with world.uow() as uow:
        named = plans.name_enterprise(
            uow, world.facts, county, world.firms["海洲园区"], today=TODAY
        )
    row = world.facts.get("plan_enterprise", named)
    assert row is not None and row["visits"] == PARAMS.frequency["general"].default


# -- consistency and approval ----------------------------------------------------------------------


def test_county_plan_must_name_every_key_enterprise(world: World) -> None:
    city = make_plan(world, CITY, "city")
    approve(world, city, "市负责人")
    county = make_plan(world, HAINING, "county", city)
    with world.uow() as uow:
        plans.name_enterprise(uow, world.facts, county, world.firms["许村重点0"], today=TODAY)
    with pytest.raises(PlanError) as caught:
        approve(world, county, "海宁负责人")
    assert caught.value.code == "inconsistent"
    assert "5家重点监管企业未列入本计划或市级计划" in caught.value.zh
    assert "长安重点化工0有限公司" in caught.value.zh
    name_all_key(world, county, HAINING)
    findings = approve(world, county, "海宁负责人")
    assert all(f.severity == "warning" for f in findings)
    row = world.facts.get("inspection_plan", county)
    assert (
        row is not None and row["status"] == "approved" and row["approved_on"] == TODAY.isoformat()
    )


def test_key_enterprise_named_by_the_city_counts_for_the_county(world: World) -> None:
    city = make_plan(world, CITY, "city")
    with world.uow() as uow:
        plans.name_enterprise(uow, world.facts, city, world.firms["长安重点0"], today=TODAY)
    approve(world, city, "市负责人")
    county = make_plan(world, HAINING, "county", city)
    with world.uow() as uow:
        for name in ("许村重点0", "许村重点1", "许村重点2", "许村重点3", "长安重点1"):
            plans.name_enterprise(uow, world.facts, county, world.firms[name], today=TODAY)
    assert approve(world, county, "海宁负责人") is not None


def test_the_same_enterprise_in_two_plans_is_double_counting(world: World) -> None:
    city = make_plan(world, CITY, "city")
    with world.uow() as uow:
        plans.name_enterprise(uow, world.facts, city, world.firms["许村重点0"], today=TODAY)
    approve(world, city, "市负责人")
    county = make_plan(world, HAINING, "county", city)
    name_all_key(world, county, HAINING)
    with pytest.raises(PlanError) as caught:
        approve(world, county, "海宁负责人")
    assert (
        "许村重点机械0有限公司已列入“330400 2026年度监督检查计划”，不得重复列入" in caught.value.zh
    )


def test_allocation_handed_down_must_be_taken_up(world: World) -> None:
    city = make_plan(world, CITY, "city")
    with world.uow() as uow:
        plans.set_target(
            uow,
            world.facts,
            city,
            {"category": "key_supervised", "unit_code": HAINING, "count": 6},
            TODAY,
        )
    approve(world, city, "市负责人")
    county = make_plan(world, HAINING, "county", city)
    name_all_key(world, county, HAINING)
    with world.uow() as uow:
        plans.set_target(
            uow, world.facts, county, {"category": "key_supervised", "count": 4}, TODAY
        )
    with pytest.raises(PlanError) as caught:
        approve(world, county, "海宁负责人")
    assert "上级计划分配的重点监管企业（全部风险等级）6家，本计划只安排4家" in caught.value.zh
    with world.uow() as uow:
        plans.set_target(
            uow, world.facts, county, {"category": "key_supervised", "count": 6}, TODAY
        )
    approve(world, county, "海宁负责人")


def test_more_than_the_enterprises_held_is_refused(world: World) -> None:
    city = make_plan(world, CITY, "city")
    with world.uow() as uow:
        plans.set_target(
            uow, world.facts, city, {"category": "hazardous_chemicals", "count": 3}, TODAY
        )
        plans.set_target(
            uow,
            world.facts,
            city,
            {"category": "hazardous_chemicals", "unit_code": HAINING, "count": 3},
            TODAY,
        )
    with pytest.raises(PlanError) as caught:
        approve(world, city, "市负责人")
    # the city holds 4 危化 enterprises: 3 of its own and 3 handed to 海宁 count 6
    assert (
        "危险化学品企业（全部风险等级）计划6家，超过辖区实有的4家（不得重复计数）"
        in caught.value.zh
    )
    assert "分配给海宁市的危险化学品企业（全部风险等级）3家，超过其实有的2家" in caught.value.zh


def test_plans_are_approved_top_down_by_an_approver(world: World) -> None:
    city = make_plan(world, CITY, "city")
    county = make_plan(world, HAINING, "county", city)
    name_all_key(world, county, HAINING)
    with pytest.raises(PlanError) as caught:
        approve(world, county, "海宁负责人")
    assert caught.value.code == "parent_draft" and "上级计划尚未批准" in caught.value.zh
    with pytest.raises(PlanError) as caught:
        approve(world, city, "市队甲")
    assert caught.value.code == "approval" and "负责人" in caught.value.zh


def test_an_approved_plan_is_locked(world: World) -> None:
    city = make_plan(world, CITY, "city")
    approve(world, city, "市负责人")
    with pytest.raises(RecordInvalid) as caught, world.uow() as uow:
        plans.set_target(uow, world.facts, city, {"category": "all", "count": 1}, TODAY)
    assert "计划已批准，不能再修改" in errors_of(caught)["plan_id"]
    with pytest.raises(sqlite3.IntegrityError, match="approved plan cannot be changed"):
        with world.store.transaction() as conn:
            conn.execute("UPDATE inspection_plan SET title = 'x' WHERE id = ?", (city,))
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
        with world.store.transaction() as conn:
            conn.execute("DELETE FROM inspection_plan WHERE id = ?", (city,))


def test_a_correction_supersedes_and_replaces_the_plan(world: World) -> None:
    city = make_plan(world, CITY, "city")
    approve(world, city, "市负责人")
    corrected = make_plan(world, CITY, "city", supersedes_id=city, title="更正计划")
    in_force = [p.id for p in plans.year_plans(world.facts, 2026)]
    assert in_force == [corrected]


def test_warnings_for_capacity_and_random_share(world: World) -> None:
    city = make_plan(world, CITY, "city")
    approve(world, city, "市负责人")
    county = make_plan(world, HAINING, "county", city, random_quota=1, capacity_per_officer=1)
    name_all_key(world, county, HAINING)
    with world.uow() as uow:
        for i in range(3):
            plans.name_enterprise(
                uow, world.facts, county, world.firms[f"许村一般{i}"], reason="risk", today=TODAY
            )
    findings = approve(world, county, "海宁负责人")
    codes = {f.code: f for f in findings}
    # 4 certified county officers and the park's (not the expired one, not the approver), one
    # inspection each a year, teams of two
    assert "计划检查20次，超过5名持证执法人员的能力（约2次）" in codes["capacity"].zh
    assert "低于一般检查的70%" in codes["random_share"].zh


def test_the_tree_reports_units_without_plans(world: World) -> None:
    city = make_plan(world, CITY, "city")
    with world.uow() as uow:
        plans.set_target(
            uow, world.facts, city, {"category": "all", "unit_code": NANHU, "count": 2}, TODAY
        )
    found = consistency.check_tree(
        plans.year_plans(world.facts, 2026), world_figures(world), world.tree, PARAMS
    )
    codes = [(f.code, f.subject) for f in found]
    assert ("allocation_unplanned", NANHU) in codes
    dropped = [f for f in found if f.code == "key_dropped"]
    assert {f.zh[:3] for f in dropped} == {"南湖区", "海宁市"}
    assert any("2家重点监管企业未列入任何计划" in f.zh for f in dropped)


def test_population_counts_each_enterprise_at_every_level(world: World) -> None:
    figures = world_figures(world)
    assert figures.population[(CITY, "key_supervised", "")] == 8
    assert figures.population[(HAINING, "key_supervised", "")] == 6
    assert figures.population[(HAINING, "key_supervised", "major")] == 2
    assert figures.population[(XUCUN, "all", "")] == 10
    assert figures.population[(NANHU, "hazardous_chemicals", "")] == 2
    assert figures.officers[HAINING] == 5  # 4 + the park officer; not the approver or expired one


# -- tasks from the plan ---------------------------------------------------------------------------


def test_visit_days_spread_over_the_rest_of_the_year() -> None:
    days = plans.visit_days(2026, 4, dt.date(2026, 1, 1))
    assert days == [
        dt.date(2026, 3, 31),
        dt.date(2026, 6, 30),
        dt.date(2026, 9, 30),
        dt.date(2026, 12, 31),
    ]
    late = plans.visit_days(2026, 2, dt.date(2026, 7, 1))
    assert late == [dt.date(2026, 9, 30), dt.date(2026, 12, 31)]
    many = plans.visit_days(2026, 24, dt.date(2026, 1, 1))
    assert len(many) == 24 and many == sorted(many) and many[-1] == dt.date(2026, 12, 31)


def test_tasks_one_a_visit_after_approval(world: World) -> None:
    city = make_plan(world, CITY, "city")
    approve(world, city, "市负责人")
    county = make_plan(world, HAINING, "county", city)
    name_all_key(world, county, HAINING)
    with world.uow() as uow:
        with pytest.raises(PlanError) as caught:
            plans.schedule_tasks(uow, world.facts, county, TODAY)
    assert caught.value.code == "draft"
    approve(world, county, "海宁负责人")
    with world.uow() as uow:
        made = plans.schedule_tasks(uow, world.facts, county, TODAY)
    # 4 high-risk firms at 2 visits, 2 major-risk firms at 4 visits (plans.json defaults)
    assert len(made) == 4 * 2 + 2 * 4
    due = sorted(world.facts.get("plan_task", t)["due_on"] for t in made)  # type: ignore[index]
    assert due[0] >= TODAY.isoformat() and due[-1] == "2026-12-31"
    with world.uow() as uow, pytest.raises(PlanError) as caught:
        plans.schedule_tasks(uow, world.facts, county, TODAY)
    assert caught.value.code == "scheduled"


def test_approval_cannot_be_dated_in_the_future(world: World) -> None:
    city = make_plan(world, CITY, "city")
    row = world.facts.get("inspection_plan", city)
    assert row is not None
    future = {**row, "status": "approved", "approved_by": "x", "approved_on": "2026-06-16"}
    with pytest.raises(RecordInvalid) as caught:
        plans.check_inspection_plan(future, world.facts, TODAY)
    assert "不能晚于今天（2026-06-15）" in errors_of(caught)["approved_on"]


def test_a_plan_is_not_approved_before_the_plan_above(world: World) -> None:
    city = make_plan(world, CITY, "city")
    approve(world, city, "市负责人")  # on 2026-06-15
    county = make_plan(world, HAINING, "county", city)
    name_all_key(world, county, HAINING)
    with pytest.raises(RecordInvalid) as caught, world.uow() as uow:
        plans.approve(
            uow,
            world.facts,
            world.tree,
            county,
            world.people["海宁负责人"],
            world_figures(world),
            dt.date(2026, 6, 14),
        )
    assert "批准日期：不能早于上级计划的批准日期（2026-06-15）" in errors_of(caught)["approved_on"]


def test_finding_is_plain_data() -> None:
    f = consistency.Finding("error", "x", "中", "en", "p")
    assert dataclasses.asdict(f)["severity"] == "error"
