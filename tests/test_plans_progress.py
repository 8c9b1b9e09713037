"""Progress from the inspections that really happened: done / scheduled / overdue per plan and
per county, key enterprises not yet inspected, coverage of the targets; tasks and their team."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_plans_world import CITY, HAINING, NANHU, TODAY, World, open_world, signed_inspection

from inspector_app.inspections import inspections
from inspector_app.plans import board, consistency, plans, progress, tasks
from inspector_app.plans.common import PlanError
from inspector_app.plans.parameters import default_parameters
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import RecordInvalid

PARAMS = default_parameters()


@pytest.fixture
def world(tmp_path: Path, tree: JurisdictionTree, registry: Registry) -> Iterator[World]:
    yield from open_world(tmp_path, tree, registry)


def approved_county_plan(w: World) -> str:
    with w.uow() as uow:
        city = plans.create_plan(
            uow,
            w.facts,
            {"year": 2026, "level": "city", "unit_code": CITY, "title": "市计划"},
            TODAY,
        )
    figures = consistency.load_world(w.store.conn, w.tree, PARAMS, 2026, TODAY)
    with w.uow() as uow:
        plans.approve(uow, w.facts, w.tree, city, w.people["市负责人"], figures, TODAY)
    with w.uow() as uow:
        county = plans.create_plan(
            uow,
            w.facts,
            {
                "year": 2026,
                "level": "county",
                "unit_code": HAINING,
                "parent_id": city,
                "title": "海宁计划",
            },
            TODAY,
        )
        for name in ("许村重点0", "许村重点1", "许村重点2", "许村重点3", "长安重点0", "长安重点1"):
            plans.name_enterprise(uow, w.facts, county, w.firms[name], visits=1, today=TODAY)
        plans.set_target(uow, w.facts, county, {"category": "key_supervised", "count": 6}, TODAY)
        plans.set_target(
            uow, w.facts, county, {"category": "hazardous_chemicals", "count": 2}, TODAY
        )
    figures = consistency.load_world(w.store.conn, w.tree, PARAMS, 2026, TODAY)
    with w.uow() as uow:
        plans.approve(uow, w.facts, w.tree, county, w.people["海宁负责人"], figures, TODAY)
    return county


def test_task_status_rules() -> None:
    tasks_ = [
        {
            "id": "a",
            "enterprise_id": "E",
            "due_on": "2026-03-31",
            "cancelled_on": "",
            "made_on": "2026-01-10",
        },
        {
            "id": "b",
            "enterprise_id": "E",
            "due_on": "2026-09-30",
            "cancelled_on": "",
            "made_on": "2026-01-10",
        },
        {
            "id": "c",
            "enterprise_id": "F",
            "due_on": "2026-05-31",
            "cancelled_on": "",
            "made_on": "2026-05-01",
        },
        {
            "id": "d",
            "enterprise_id": "F",
            "due_on": "2026-07-31",
            "cancelled_on": "2026-06-01",
            "made_on": "2026-05-01",
        },
        {
            "id": "e",
            "enterprise_id": "G",
            "due_on": "2026-05-31",
            "cancelled_on": "",
            "made_on": "2026-01-10",
        },
    ]
    days = {
        "E": ["2026-04-02"],  # late, but done: the first task takes it
        "F": ["2026-04-20"],  # before the task was made: does not count
        "G": ["2025-12-30", "2026-06-20"],  # last year's does not count; one after today neither
    }
    found = progress.task_statuses(tasks_, days, dt.date(2026, 6, 15))
    assert found == {
        "a": "done",
        "b": "scheduled",
        "c": "overdue",
        "d": "cancelled",
        "e": "overdue",
    }


def test_plan_progress_live_from_signed_inspections(world: World) -> None:
    county = approved_county_plan(world)
    with world.uow() as uow:
        made = plans.schedule_tasks(uow, world.facts, county, TODAY)
    assert len(made) == 6
    counts, _ = progress.plan_progress(world.store.conn, world.tree, county, 2026, TODAY)
    assert (counts.total, counts.done, counts.scheduled, counts.overdue) == (6, 0, 6, 0)
    signed_inspection(world, world.firms["许村重点0"], TODAY)
    later = dt.date(2027, 1, 5)
    counts, statuses = progress.plan_progress(world.store.conn, world.tree, county, 2026, later)
    assert (counts.done, counts.overdue, counts.scheduled) == (1, 5, 0)
    assert counts.row()[-1] == "17%"
    # a draft inspection is not done
    with world.uow() as uow:
        inspections.start(
            uow,
            world.tree,
            world.firms["许村重点1"],
            [world.people["海宁丙"], world.people["海宁丁"]],
            "planned",
            [],
            started_at=dt.datetime(2026, 6, 15, 14, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        )
    counts, _ = progress.plan_progress(world.store.conn, world.tree, county, 2026, later)
    assert counts.done == 1


def test_task_rows_for_export(world: World) -> None:
    county = approved_county_plan(world)
    with world.uow() as uow:
        made = plans.schedule_tasks(uow, world.facts, county, TODAY)
        tasks.assign_team(
            uow, world.facts, made[0], [world.people["海宁甲"], world.people["海宁乙"]], TODAY
        )
    signed_inspection(world, world.firms["长安重点0"], TODAY)
    rows = board.task_rows(world.store.conn, world.tree, county, 2026, TODAY)
    assert len(rows) == 6 and all(len(r) == len(progress.TASK_HEADERS) for r in rows)
    assert ["长安重点化工0有限公司", "计划检查", "2026-12-31", "（未分组）", "已完成"] in rows
    assert sum(1 for r in rows if r[3] == "海宁甲、海宁乙") == 1
    assert sorted(r[4] for r in rows) == [
        "已完成",
        "待检查",
        "待检查",
        "待检查",
        "待检查",
        "待检查",
    ]


def test_county_progress_rows(world: World) -> None:
    county = approved_county_plan(world)
    with world.uow() as uow:
        plans.schedule_tasks(uow, world.facts, county, TODAY)
    signed_inspection(world, world.firms["长安重点0"], TODAY)
    rows = progress.county_progress(world.store.conn, world.tree, 2026, TODAY)
    assert rows == [["海宁市", 6, 1, 5, 0, 0, "17%"], ["合计", 6, 1, 5, 0, 0, "17%"]]
    assert len(progress.PROGRESS_HEADERS) == len(rows[0])


def test_key_enterprises_not_inspected_this_year(world: World) -> None:
    signed_inspection(world, world.firms["许村重点0"], TODAY)
    signed_inspection(world, world.firms["许村重点1"], dt.date(2025, 11, 3))  # last year
    haining = progress.key_not_inspected(world.store.conn, world.tree, HAINING, 2026, TODAY)
    names = [f["name"] for f in haining]
    assert "许村重点机械0有限公司" not in names and "许村重点机械1有限公司" in names
    assert len(names) == 5
    city = progress.key_not_inspected(world.store.conn, world.tree, CITY, 2026, TODAY)
    assert len(city) == 7
    nanhu = progress.key_rows(
        world.tree, progress.key_not_inspected(world.store.conn, world.tree, NANHU, 2026, TODAY)
    )
    assert nanhu == [
        ["建设重点化工0有限公司", "南湖区", "建设街道", "较大风险（橙）"],
        ["建设重点化工1有限公司", "南湖区", "建设街道", "较大风险（橙）"],
    ]


def test_coverage_of_the_targets(world: World) -> None:
    county = approved_county_plan(world)
    signed_inspection(world, world.firms["长安重点0"], TODAY)
    signed_inspection(world, world.firms["长安重点0"], TODAY)  # the same enterprise once
    signed_inspection(world, world.firms["许村重点2"], TODAY)
    node = plans.load(world.facts, county)
    found = progress.coverage(world.store.conn, world.tree, node.plan, node.targets, TODAY)
    by_category = {c.category: c for c in found}
    assert (by_category["key_supervised"].covered, by_category["key_supervised"].short) == (2, 4)
    assert (
        by_category["hazardous_chemicals"].covered,
        by_category["hazardous_chemicals"].short,
    ) == (1, 1)
    rows = progress.coverage_rows(found)
    assert ["危险化学品企业", "全部风险等级", 2, 1, 1] in rows


def test_a_task_team_is_checked_on_the_planned_day(world: World) -> None:
    county = approved_county_plan(world)
    with world.uow() as uow:
        made = plans.schedule_tasks(uow, world.facts, county, TODAY)
    task = made[0]
    with pytest.raises(RecordInvalid) as caught, world.uow() as uow:
        tasks.assign_team(uow, world.facts, task, [world.people["海宁甲"]], TODAY)
    assert "至少需要2名持有效执法证的执法人员" in caught.value.errors[0].zh
    with pytest.raises(RecordInvalid) as caught, world.uow() as uow:
        tasks.assign_team(
            uow, world.facts, task, [world.people["海宁甲"], world.people["海宁过期"]], TODAY
        )
    assert (
        "海宁过期在" in caught.value.errors[0].zh and "没有有效执法证" in caught.value.errors[0].zh
    )
    assert "《中华人民共和国行政处罚法》第四十二条" in caught.value.errors[0].zh
    with world.uow() as uow:
        tasks.assign_team(
            uow, world.facts, task, [world.people["海宁甲"], world.people["海宁乙"]], TODAY
        )
    row = world.facts.get("plan_task", task)
    assert (
        row is not None
        and row["officer_ids"] == f"{world.people['海宁甲']},{world.people['海宁乙']}"
    )
    # moving the day checks the team again: 海宁甲's certificate still runs in December
    with world.uow() as uow:
        tasks.reschedule(uow, world.facts, task, dt.date(2026, 12, 1), TODAY)
    with world.uow() as uow:
        tasks.cancel(uow, world.facts, task, "企业已注销", TODAY, TODAY)
    with pytest.raises(PlanError) as caught2, world.uow() as uow:
        tasks.reschedule(uow, world.facts, task, dt.date(2026, 12, 2), TODAY)
    assert caught2.value.code == "cancelled"


def test_a_task_cannot_be_cancelled_in_the_future_nor_without_reason(world: World) -> None:
    county = approved_county_plan(world)
    with world.uow() as uow:
        task = plans.schedule_tasks(uow, world.facts, county, TODAY)[0]
    with pytest.raises(RecordInvalid) as caught, world.uow() as uow:
        tasks.cancel(uow, world.facts, task, "停产", TODAY + dt.timedelta(days=1), TODAY)
    assert "取消日期：不能晚于今天（2026-06-15）" in {e.zh for e in caught.value.errors}
    with pytest.raises(RecordInvalid) as caught, world.uow() as uow:
        tasks.cancel(uow, world.facts, task, "", TODAY, TODAY)
    assert "取消理由：不能为空" in {e.zh for e in caught.value.errors}


def test_a_task_of_a_plan_stays_in_the_plans_year(world: World) -> None:
    county = approved_county_plan(world)
    with pytest.raises(RecordInvalid) as caught, world.uow() as uow:
        tasks.create_task(
            uow,
            world.facts,
            {
                "plan_id": county,
                "enterprise_id": world.firms["许村一般0"],
                "kind": "planned",
                "due_on": "2027-01-05",
            },
            TODAY,
        )
    assert "应在计划年度2026年内" in caught.value.errors[0].zh


def test_covert_progress_is_counted_only_for_those_who_may_see(world: World) -> None:
    from inspector_app.registry.delegations import Actor

    with world.uow() as uow:
        tasks.create_task(
            uow,
            world.facts,
            {
                "enterprise_id": world.firms["许村一般0"],
                "kind": "covert",
                "due_on": "2026-07-01",
                "officer_ids": [world.people["海宁甲"], world.people["海宁乙"]],
            },
            TODAY,
        )
        tasks.create_task(
            uow,
            world.facts,
            {"enterprise_id": world.firms["许村一般1"], "kind": "planned", "due_on": "2026-07-01"},
            TODAY,
        )
    everyone = progress.county_progress(world.store.conn, world.tree, 2026, TODAY)
    township = Actor("township", "330481005", world.people["许村甲"])
    seen = progress.county_progress(world.store.conn, world.tree, 2026, TODAY, township)
    assert everyone[-1][1] == 2 and seen[-1][1] == 1
    member = Actor("county", HAINING, world.people["海宁甲"])
    assert progress.county_progress(world.store.conn, world.tree, 2026, TODAY, member)[-1][1] == 2


def test_declared_avoidance_dates_are_evidence(world: World) -> None:
    with pytest.raises(RecordInvalid) as caught, world.uow() as uow:
        tasks.declare_avoidance(
            uow,
            world.facts,
            {
                "officer_id": world.people["海宁甲"],
                "enterprise_id": world.firms["许村一般0"],
                "relation": "kinship",
                "reason": "兄弟",
                "declared_on": "2026-06-16",
            },
            TODAY,
        )
    assert "申报日期：不能晚于今天（2026-06-15）" in {e.zh for e in caught.value.errors}
    with pytest.raises(RecordInvalid) as caught, world.uow() as uow:
        tasks.declare_avoidance(
            uow,
            world.facts,
            {
                "officer_id": world.people["海宁甲"],
                "other_officer_id": world.people["海宁甲"],
                "relation": "pair",
                "reason": "本人",
                "declared_on": TODAY,
            },
            TODAY,
        )
    assert "另一名执法人员：不能是本人" in {e.zh for e in caught.value.errors}


def test_the_command_line(world: World) -> None:
    from helpers import run_python

    county = approved_county_plan(world)
    with world.uow() as uow:
        plans.schedule_tasks(uow, world.facts, county, TODAY)
    signed_inspection(world, world.firms["长安重点0"], TODAY)
    world.store.close()
    db = str(world.store.path)
    shown = run_python(
        "-m",
        "inspector_app.plans",
        "progress",
        "--db",
        db,
        "--year",
        "2026",
        "--today",
        "2026-06-15",
    )
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == "\t".join(progress.PROGRESS_HEADERS)
    assert lines[1] == "海宁市\t6\t1\t5\t0\t0\t17%"
    assert "本年度尚未检查的重点监管企业：7家" in lines
    checked = run_python(
        "-m", "inspector_app.plans", "check", "--db", db, "--year", "2026", "--today", "2026-06-15"
    )
    # 南湖 has no plan: its two key enterprises are in none
    assert checked.returncode == 1
    assert "错误\tkey_dropped\t南湖区尚无计划，2家重点监管企业未列入任何计划" in checked.stdout
    world.store = type(world.store).open(world.store.path)
