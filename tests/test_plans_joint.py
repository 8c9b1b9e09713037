"""Joint enforcement with other departments and clues exchanged with the police, linked to a
penalty case's transfer steps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_plans_world import HAINING, TODAY, World, open_world

from inspector_app.cases import cases, procedure
from inspector_app.cases.cases import StepInput
from inspector_app.cases.workdays import default_calendar
from inspector_app.plans import joint
from inspector_app.plans.common import PlanError
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import RecordInvalid, ValidationError

DAY = dt.date(2026, 6, 10)


@pytest.fixture
def world(tmp_path: Path, tree: JurisdictionTree, registry: Registry) -> Iterator[World]:
    yield from open_world(tmp_path, tree, registry)


def messages(caught: pytest.ExceptionInfo[RecordInvalid]) -> set[str]:
    return {e.zh for e in caught.value.errors}


def members(w: World, *emergency: str) -> list[dict[str, Any]]:
    return [
        *({"department": "emergency", "officer_id": w.people[name]} for name in emergency),
        {"department": "fire", "person_name": "陈消防"},
        {"department": "market", "person_name": "李市监"},
    ]


def joint_inspection(w: World, people: list[dict[str, Any]], **changes: Any) -> str:
    values = {
        "title": "消防与安全生产联合检查",
        "enterprise_id": w.firms["长安重点0"],
        "inspected_on": DAY,
        "lead_department": "emergency",
        **changes,
    }
    with w.uow() as uow:
        return joint.record_joint(uow, w.facts, values, people, TODAY)


def test_a_joint_inspection_with_each_departments_members(world: World) -> None:
    jid = joint_inspection(world, members(world, "海宁甲", "海宁乙"), findings="储罐区消防设施缺失")
    found = sorted(world.facts.find("joint_member", {"joint_id": jid}), key=lambda m: m["position"])
    assert [(m["department"], m["person_name"]) for m in found] == [
        ("emergency", "海宁甲"),
        ("emergency", "海宁乙"),
        ("fire", "陈消防"),
        ("market", "李市监"),
    ]
    assert all(m["certificate_id"] for m in found[:2]) and not found[2]["certificate_id"]
    rows = joint.joint_rows(
        world.facts,
        world.facts.find("joint_inspection", {}),
        {world.firms["长安重点0"]: "长安重点化工0有限公司"},
    )
    assert rows == [
        [
            DAY.isoformat(),
            "长安重点化工0有限公司",
            "应急管理部门",
            "应急管理部门：海宁甲、海宁乙；消防救援机构：陈消防；市场监督管理部门：李市监",
            "储罐区消防设施缺失",
        ]
    ]


def test_one_department_is_not_joint(world: World) -> None:
    with pytest.raises(PlanError) as caught:
        joint_inspection(world, members(world, "海宁甲", "海宁乙")[:2])
    assert caught.value.zh == "联合执法须有两个以上部门参加。"


def test_this_departments_members_are_a_valid_team(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        joint_inspection(world, members(world, "海宁甲"))
    assert "至少需要2名持有效执法证的执法人员" in caught.value.zh
    with pytest.raises(ValidationError) as caught:
        joint_inspection(world, members(world, "海宁甲", "海宁过期"))
    assert "海宁过期在2026-06-10没有有效执法证" in caught.value.zh


def test_the_lead_department_takes_part_and_the_day_is_not_ahead(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        joint_inspection(world, members(world, "海宁甲", "海宁乙"), lead_department="police")
    assert caught.value.zh == "牵头部门：牵头部门须有人员参加"
    with pytest.raises(RecordInvalid) as caught2:
        joint_inspection(world, members(world, "海宁甲", "海宁乙"), inspected_on="2026-06-16")
    assert "检查日期：不能晚于今天（2026-06-15）" in messages(caught2)


# -- clues -----------------------------------------------------------------------------------------


def transferred_case(w: World, transfer: bool = True) -> str:
    calendar = default_calendar()
    approver = w.people["海宁负责人"]
    with w.uow() as uow:
        case_id = procedure.open_case(
            uow,
            w.tree,
            {
                "enterprise_id": w.firms["长安重点0"],
                "party_kind": "unit",
                "source": "inspection",
                "cause": "未经许可储存危险化学品",
                "violation_on": "2026-06-01",
                "article_id": "",
            },
        )
    steps: list[tuple[str, dt.date, dict[str, Any]]] = [
        ("filing_requested", dt.date(2026, 6, 2), {}),
        ("filing_approved", dt.date(2026, 6, 2), {}),
    ]
    if transfer:
        steps += [
            (
                "transfer_proposed",
                dt.date(2026, 6, 3),
                {"to": "judiciary", "reason": "涉嫌危险作业罪"},
            ),
            ("transfer_approved", dt.date(2026, 6, 4), {}),
            ("transferred", dt.date(2026, 6, 5), {"organ": "海宁市公安局"}),
        ]
    for kind, day, data in steps:
        # an approval is recorded by the approver himself
        with w.uow(approver if kind in cases.APPROVALS else "tester") as uow:
            procedure.add_step(
                uow,
                case_id,
                StepInput(
                    kind,
                    day,
                    officer_ids=[w.people["海宁甲"], w.people["海宁乙"]]
                    if kind == "filing_requested"
                    else (),
                    approved_by=approver if kind in cases.APPROVALS else "",
                    data=data,
                ),
                calendar,
            )
    return case_id


def event(w: World, clue_id: str, kind: str, day: str, **extra: Any) -> str:
    with w.uow() as uow:
        return joint.clue_event(
            uow, w.facts, {"clue_id": clue_id, "kind": kind, "occurred_on": day, **extra}, TODAY
        )


def test_a_clue_from_a_cases_transfer(world: World) -> None:
    case_id = transferred_case(world)
    with world.uow() as uow:
        clue_id = joint.clue_from_transfer(
            uow, world.facts, case_id, "dangerous_operation", "未经许可储存甲类危化品", TODAY
        )
    clue = world.facts.get("crime_clue", clue_id)
    assert clue is not None
    step = next(
        s for s in world.facts.find("case_step", {"case_id": case_id}) if s["kind"] == "transferred"
    )
    assert (clue["direction"], clue["counterpart"], clue["dated_on"], clue["case_step_id"]) == (
        "outgoing",
        "海宁市公安局",
        "2026-06-05",
        step["id"],
    )
    assert (clue["county_code"], clue["party_name"]) == (HAINING, "长安重点化工0有限公司")


def test_a_clue_cannot_precede_the_transfer_or_stand_for_none(world: World) -> None:
    case_id = transferred_case(world)
    values = {
        "direction": "outgoing",
        "counterpart": "海宁市公安局",
        "suspected_crime": "dangerous_operation",
        "summary": "x",
        "dated_on": "2026-06-04",
        "case_id": case_id,
    }
    with pytest.raises(RecordInvalid) as caught, world.uow() as uow:
        joint.record_clue(uow, world.facts, values, TODAY)
    assert "移送（接收）日期：不能早于案件移送日期（2026-06-05）" in messages(caught)
    plain = transferred_case(world, transfer=False)
    with pytest.raises(RecordInvalid) as caught, world.uow() as uow:
        joint.record_clue(
            uow, world.facts, {**values, "case_id": plain, "dated_on": "2026-06-05"}, TODAY
        )
    assert "案件移送环节：案件尚无“移送”环节" in messages(caught)


def test_an_outgoing_clue_handled_step_by_step(world: World) -> None:
    case_id = transferred_case(world)
    with world.uow() as uow:
        clue_id = joint.clue_from_transfer(
            uow, world.facts, case_id, "dangerous_operation", "未经许可储存", TODAY
        )
    with pytest.raises(RecordInvalid) as caught:
        event(world, clue_id, "outcome", "2026-06-08", note="判决")
    assert any(m.startswith("类型：“outcome”不是有效值，应为：") for m in messages(caught))
    with pytest.raises(RecordInvalid) as caught:
        event(world, clue_id, "accepted", "2026-06-04")
    assert "日期：不能早于上一环节日期（2026-06-05）" in messages(caught)
    event(world, clue_id, "accepted", "2026-06-08")
    assert joint.transfer_mismatches(world.facts, clue_id) == [
        (
            "线索已记录公安机关立案，案件尚未记录接收机关受理",
            "the clue says accepted, the case does not",
        )
    ]
    with world.uow() as uow:
        procedure.add_step(
            uow, case_id, StepInput("transfer_accepted", dt.date(2026, 6, 8)), default_calendar()
        )
    assert joint.transfer_mismatches(world.facts, clue_id) == []
    with pytest.raises(RecordInvalid) as caught:
        event(world, clue_id, "outcome", "2026-06-12")
    assert "备注：不能为空" in messages(caught)
    event(world, clue_id, "outcome", "2026-06-12", note="已刑事立案侦查")
    event(world, clue_id, "closed", "2026-06-13")
    rows = joint.clue_rows(world.facts, world.facts.find("crime_clue", {}))
    assert rows == [
        [
            "2026-06-05",
            "移送公安机关",
            "海宁市公安局",
            "长安重点化工0有限公司",
            "危险作业罪",
            case_id,
            "办结",
        ]
    ]
    with pytest.raises(RecordInvalid) as caught:
        event(world, clue_id, "closed", "2026-06-14")
    assert any("（已办结）" in m for m in messages(caught))


def test_an_incoming_clue_from_the_police(world: World) -> None:
    values = {
        "direction": "incoming",
        "counterpart": "海宁市公安局长安派出所",
        "party_name": "某加工点",
        "suspected_crime": "other",
        "summary": "群众举报无证加工",
        "dated_on": "2026-06-11",
        "county_code": HAINING,
    }
    with world.uow() as uow:
        clue_id = joint.record_clue(uow, world.facts, values, TODAY)
    clue = world.facts.get("crime_clue", clue_id)
    assert clue is not None and clue["supervising_unit"] == HAINING
    assert joint.status_name(clue, joint.derive(clue, [])) == "已接收，待核查"
    with pytest.raises(RecordInvalid) as caught:
        event(world, clue_id, "case_filed", "2026-06-12", case_id="nothing")
    assert "行政处罚案件：找不到该记录" in messages(caught)
    case_id = transferred_case(world, transfer=False)
    event(world, clue_id, "case_filed", "2026-06-12", case_id=case_id)
    event(world, clue_id, "feedback", "2026-06-13", note="已立案并反馈")
    state = joint.derive(clue, world.facts.find("clue_event", {"clue_id": clue_id}))
    assert (state.status, state.case_id) == ("feedback", case_id)
    with pytest.raises(RecordInvalid) as caught, world.uow() as uow:
        joint.record_clue(uow, world.facts, {**values, "dated_on": "2026-06-16"}, TODAY)
    assert "移送（接收）日期：不能晚于今天（2026-06-15）" in messages(caught)
