"""Special-period campaigns: groups over counties, daily reports, the closed loop of problems,
the summary."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_plans_world import CITY, HAINING, NANHU, TODAY, World, open_world

from inspector_app.plans import campaign_figures, campaigns
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import RecordInvalid

NINE = ("330402", "330411", "330421", "330424", "330481", "330482", "330483", "Z330401", "Z330402")


@pytest.fixture
def world(tmp_path: Path, tree: JurisdictionTree, registry: Registry) -> Iterator[World]:
    yield from open_world(tmp_path, tree, registry)


def messages(caught: pytest.ExceptionInfo[RecordInvalid]) -> set[str]:
    return {e.zh for e in caught.value.errors}


def campaign(w: World, **changes: Any) -> str:
    values = {
        "title": "世界互联网大会一级响应期间专项督查",
        "kind": "major_event",
        "response_level": "1",
        "unit_code": CITY,
        "starts_on": "2026-06-01",
        "ends_on": "2026-06-30",
        "areas": list(NINE),
        **changes,
    }
    with w.uow() as uow:
        return campaigns.create_campaign(uow, w.facts, values, TODAY)


def nine_groups(w: World, campaign_id: str) -> dict[str, str]:
    numbers = "一二三四五六七八九"
    out = {}
    with w.uow() as uow:
        for n, county in enumerate(NINE):
            out[county] = campaigns.add_group(
                uow, w.facts, campaign_id, f"第{numbers[n]}督查组", [county], TODAY
            )
    return out


def report(
    w: World, campaign_id: str, group: str, county: str, day: str = "2026-06-10", **figures: Any
) -> str:
    values = {
        "campaign_id": campaign_id,
        "group_id": group,
        "county_code": county,
        "report_on": day,
        "checks": 12,
        "problems": 5,
        "rectified": 3,
        "cases": 1,
        **figures,
    }
    with w.uow() as uow:
        return campaigns.report(uow, w.facts, values, TODAY)


def problem(
    w: World, campaign_id: str, group: str, firm: str, found: str = "2026-06-10", **extra: Any
) -> str:
    with w.uow() as uow:
        return campaigns.record_problem(
            uow,
            w.facts,
            {
                "campaign_id": campaign_id,
                "group_id": group,
                "enterprise_id": w.firms[firm],
                "description": "消防通道堵塞",
                "found_on": found,
                **extra,
            },
            TODAY,
        )


def event(w: World, problem_id: str, kind: str, day: str = "2026-06-12", **extra: Any) -> str:
    with w.uow() as uow:
        return campaigns.problem_event(
            uow,
            w.facts,
            {"problem_id": problem_id, "kind": kind, "occurred_on": day, **extra},
            TODAY,
        )


def test_nine_groups_over_nine_counties(world: World) -> None:
    cid = campaign(world)
    groups = nine_groups(world, cid)
    assert len(groups) == 9
    with pytest.raises(RecordInvalid) as caught, world.uow() as uow:
        campaigns.add_group(uow, world.facts, cid, "第十督查组", [HAINING], TODAY)
    assert "负责县（市、区）：海宁市已由第五督查组负责（一个县只由一个督查组负责）" in messages(
        caught
    )


def test_campaign_dates_and_areas(world: World) -> None:
    with pytest.raises(RecordInvalid) as caught:
        campaign(world, ends_on="2026-05-31")
    assert "结束日期：不能早于开始日期（2026-06-01）" in messages(caught)
    with pytest.raises(RecordInvalid) as caught:
        campaign(world, areas=["330481005"])
    assert "督查范围：“330481005”不是县级单位" in messages(caught)
    with pytest.raises(RecordInvalid) as caught:
        campaign(world, unit_code=HAINING, areas=[HAINING, NANHU])
    assert "督查范围：县级组织的督查只能在本县（市、区）" in messages(caught)
    with pytest.raises(RecordInvalid) as caught:
        campaign(world, response_level="5")
    assert any(m.startswith("响应级别：“5”不是有效值") for m in messages(caught))
    # a campaign may be planned ahead
    assert campaign(world, starts_on="2026-10-01", ends_on="2026-10-07")


def test_members_from_several_departments(world: World) -> None:
    cid = campaign(world)
    group = nine_groups(world, cid)[HAINING]
    with world.uow() as uow:
        campaigns.add_member(
            uow,
            world.facts,
            {
                "group_id": group,
                "officer_id": world.people["市队甲"],
                "department": "emergency",
                "role": "leader",
            },
            TODAY,
        )
        campaigns.add_member(
            uow,
            world.facts,
            {"group_id": group, "person_name": "陈消防", "department": "fire"},
            TODAY,
        )
        expert = campaigns.add_member(
            uow,
            world.facts,
            {"group_id": group, "person_name": "周教授", "department": "expert", "role": "expert"},
            TODAY,
        )
    members = world.facts.find("campaign_member", {"group_id": group})
    assert {m["person_name"] for m in members} == {"市队甲", "陈消防", "周教授"}
    assert world.facts.get("campaign_member", expert)["role"] == "expert"  # type: ignore[index]
    with pytest.raises(RecordInvalid) as caught, world.uow() as uow:
        campaigns.add_member(
            uow,
            world.facts,
            {"group_id": group, "person_name": "某人", "department": "army"},
            TODAY,
        )
    assert any(m.startswith("所在部门：“army”不是有效值") for m in messages(caught))


def test_daily_reports_one_a_day_corrected_by_supersession(world: World) -> None:
    cid = campaign(world)
    group = nine_groups(world, cid)[HAINING]
    first = report(world, cid, group, HAINING)
    with pytest.raises(RecordInvalid) as caught:
        report(world, cid, group, HAINING)
    assert "报告日期：当日已报告；如需更正请提交更正报告" in messages(caught)
    report(world, cid, group, HAINING, checks=15, supersedes_id=first)
    with pytest.raises(RecordInvalid) as caught:
        report(world, cid, group, HAINING, supersedes_id=first)
    assert "被更正的记录：被更正的报告不存在或已被更正" in messages(caught)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"report_on": "2026-06-16"}, "报告日期：不能晚于今天（2026-06-15）"),
        ({"report_on": "2026-05-31"}, "报告日期：不能早于开始日期（2026-06-01）"),
        ({"county_code": NANHU}, "县（市、区）：南湖区不由第五督查组负责"),
        ({"rectified": 6}, "发现问题数：当场整改数不能多于发现问题数"),
        ({"checks": -1}, "检查单位数：应在0至100000之间"),
    ],
)
def test_a_report_breaking_a_rule_is_refused(
    world: World, changes: dict[str, Any], message: str
) -> None:
    cid = campaign(world)
    group = nine_groups(world, cid)[HAINING]
    values = {"county_code": HAINING, **changes}
    county = values.pop("county_code")
    with pytest.raises(RecordInvalid) as caught:
        report(world, cid, group, county, **values)
    assert message in messages(caught)


def test_a_report_after_the_campaign_is_refused(tmp_path: Path, world: World) -> None:
    cid = campaign(world, starts_on="2026-06-01", ends_on="2026-06-05")
    group = nine_groups(world, cid)[HAINING]
    with pytest.raises(RecordInvalid) as caught:
        report(world, cid, group, HAINING, day="2026-06-06")
    assert "报告日期：不能晚于督查结束日期（2026-06-05）" in messages(caught)


def test_the_closed_loop_of_a_problem(world: World) -> None:
    cid = campaign(world)
    group = nine_groups(world, cid)[HAINING]
    pid = problem(world, cid, group, "许村一般0")
    row = world.facts.get("campaign_problem", pid)
    assert row is not None and row["deadline"] == "2026-06-25"  # found + 15 days (plans.json)
    with pytest.raises(RecordInvalid) as caught:
        event(world, pid, "rectified", "2026-06-09", note="已清理")
    assert "日期：不能早于上一环节日期（2026-06-10）" in messages(caught)
    with pytest.raises(RecordInvalid) as caught:
        event(world, pid, "rectified", "2026-06-16", note="已清理")
    assert "日期：不能晚于今天（2026-06-15）" in messages(caught)
    with pytest.raises(RecordInvalid) as caught:
        event(world, pid, "extended", deadline="2026-06-20")
    assert "整改期限：延期后的期限应晚于2026-06-25" in messages(caught)
    event(world, pid, "extended", deadline="2026-07-10")
    with pytest.raises(RecordInvalid) as caught:
        event(world, pid, "rectified")
    assert "备注：不能为空" in messages(caught)
    event(world, pid, "rectified", "2026-06-14", note="复查已整改")
    with pytest.raises(RecordInvalid) as caught:
        event(world, pid, "escalated", "2026-06-15", note="移交")
    assert "类型：问题已整改，闭环已完成" in messages(caught)


def test_escalation_says_where_the_problem_went(world: World) -> None:
    cid = campaign(world)
    group = nine_groups(world, cid)[HAINING]
    pid = problem(world, cid, group, "许村一般1")
    with pytest.raises(RecordInvalid) as caught:
        event(world, pid, "escalated")
    assert "备注：移交处理须注明移交的隐患、案件或机关" in messages(caught)
    with pytest.raises(RecordInvalid) as caught:
        event(world, pid, "escalated", case_id="no-such-case")
    assert "行政处罚案件：找不到该记录" in messages(caught)
    event(world, pid, "escalated", note="移交海宁市应急管理局立案查处")


def test_a_problem_outside_the_groups_counties_is_refused(world: World) -> None:
    cid = campaign(world)
    group = nine_groups(world, cid)[HAINING]
    with pytest.raises(RecordInvalid) as caught:
        problem(world, cid, group, "建设一般0")
    assert "检查对象：该单位不在第五督查组负责的县（市、区）" in messages(caught)


def test_summary_by_group_and_county(world: World) -> None:
    cid = campaign(world)
    groups = nine_groups(world, cid)
    report(world, cid, groups[HAINING], HAINING, "2026-06-10")
    report(
        world,
        cid,
        groups[HAINING],
        HAINING,
        "2026-06-11",
        checks=8,
        problems=2,
        rectified=2,
        cases=0,
    )
    report(
        world, cid, groups[NANHU], NANHU, "2026-06-10", checks=5, problems=1, rectified=1, cases=0
    )
    fixed = problem(world, cid, groups[HAINING], "许村一般0", "2026-06-01")
    problem(world, cid, groups[HAINING], "许村一般1", "2026-06-01")  # due 06-16: open, not overdue
    late = problem(world, cid, groups[HAINING], "许村一般2", "2026-06-01", deadline="2026-06-10")
    event(world, fixed, "rectified", "2026-06-05", note="已整改")
    rows = campaign_figures.summary(
        world.store.conn, cid, TODAY, {u.code: u.name for u in world.tree.units.values()}
    )
    haining = next(r for r in rows if r[1] == "海宁市")
    assert haining == ["第五督查组", "海宁市", 20, 7, 5, 1, 3, 1, 0, 2, 1]
    assert rows[-1] == ["合计", "", 25, 8, 6, 1, 3, 1, 0, 2, 1]
    assert len(campaign_figures.SUMMARY_HEADERS) == len(rows[0])
    # the groups as they were formed, as the export prints them: not 第一, 第七, 第三…
    subtotals = [r[0] for r in rows if r[1] == "小计"]
    assert subtotals == [f"第{n}督查组" for n in "一二三四五六七八九"]
    todo = campaign_figures.open_problems(world.store.conn, cid, TODAY)
    assert [p["id"] for p, _ in todo][0] == late
    assert len(todo) == 2
