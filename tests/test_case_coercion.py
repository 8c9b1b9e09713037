"""Coercive measures in a case: sealing or seizure (行政强制法 Art. 18–28) and the power cut
that enforces a suspension (安全生产法 Art. 70), judged by the procedure's guards."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from case_support import FILED, Case
from inspection_support import World, make_world

from inspector_app.cases import coercion, deadlines
from inspector_app.cases.workdays import default_calendar
from inspector_app.inspections.rules import InspectionError
from inspector_app.registry import officers
from inspector_app.registry.validation import ValidationError
from inspector_app.reports import case_facts
from inspector_app.store.changelog import UnitOfWork


@pytest.fixture
def world(store, registry, tmp_path: Path) -> World:  # type: ignore[no-untyped-def]
    return make_world(store, registry, tmp_path)


@pytest.fixture
def approver(world: World) -> str:
    with UnitOfWork(world.store, "tester") as uow:
        return officers.create(uow, "冯局长", "330481", "approver")


def seizure(case: Case, day: dt.date = FILED, **data: Any) -> str:
    values: dict[str, Any] = {
        "officer_ids": [case.world.lead, case.world.second],
        "approved_by": case.approver,
        "measure": "seize",
        "place": "二号车间",
        "items": ["无安全标志的压力容器 1台", "报废的起重吊具 2套"],
        "days": 30,
        "signed_by": "party",
        "record": "执法人员出示证件，告知当事人扣押的理由、依据和享有的权利。",
        **data,
    }
    return case.step("seizure", day, **values)


def invalid_field(exc: pytest.ExceptionInfo[Any]) -> tuple[str, str]:
    assert isinstance(exc.value, ValidationError)
    return exc.value.field, exc.value.rule


def test_a_seizure_needs_two_officers_the_heads_approval_a_list_and_at_most_30_days(
    world: World, approver: str
) -> None:
    """行政强制法 Art. 18 (一)(二), Art. 24, Art. 25 ¶1."""
    case = Case(world, approver).filed()
    with pytest.raises(InspectionError) as team:
        seizure(case, officer_ids=[world.lead])
    assert team.value.code == "team" and "至少需要2名" in team.value.zh
    with pytest.raises(ValidationError) as caught:
        seizure(case, days=31)
    assert invalid_field(caught) == ("days", "range") and "第二十五条" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        seizure(case, items=[])
    assert invalid_field(caught) == ("items", "required")
    assert "第二十四条" in str(caught.value)
    refused = case.refused(
        "seizure",
        FILED,
        officer_ids=[world.lead, world.second],
        approved_by="",
        measure="seize",
        place="二号车间",
        items=["压力容器"],
        days=10,
        signed_by="party",
        record="x",
    )
    assert refused.code == "approval"  # no approval beforehand and no emergency stated
    with pytest.raises(ValidationError) as caught:
        seizure(case, signed_by="witness")  # the party absent: the witness is named
    assert invalid_field(caught) == ("witness", "required")
    assert case.state.steps[-1].kind == "filing_approved"  # nothing written
    seizure(case, signed_by="witness", witness="村委会 张见证")
    (running,) = coercion.seizures(case.state)
    assert running.until == FILED + dt.timedelta(days=30) and running.ratified


def test_an_urgent_seizure_is_approved_within_24_hours(world: World, approver: str) -> None:
    """行政强制法 Art. 19: on the spot in an emergency, the head approves within 24 hours."""
    case = Case(world, approver).filed()
    seizure(case, approved_by="", urgent=True, urgent_reason="压力容器泄漏，随时可能爆炸")
    state = case.state
    assert coercion.next_steps(state)[0] == "seizure_ratified"
    owed = [
        d
        for d in deadlines.deadlines(
            {"violation_on": "2026-11-20"}, state, FILED, default_calendar()
        )
        if "补办批准" in d.what
    ]
    assert owed and owed[0].due == FILED + dt.timedelta(days=1)
    late = case.refused("seizure_ratified", FILED + dt.timedelta(days=2), approved_by=approver)
    assert late.code == "ratify_late" and "第十九条" in late.zh
    case.step("seizure_ratified", FILED + dt.timedelta(days=1), approved_by=approver)
    assert coercion.seizures(case.state)[0].ratified


def test_a_seizure_is_extended_once_before_it_ends_and_released_before_closure(
    world: World, approver: str
) -> None:
    """行政强制法 Art. 25 (one extension of at most 30 days, approved, with a reason, before
    the period ends), Art. 28 (release); a lapse is an overdue deadline."""
    case = Case(world, approver).filed()
    seizure(case, days=10)
    end = FILED + dt.timedelta(days=10)
    state = case.state
    lapsed = deadlines.deadlines(
        {"violation_on": "2026-11-20"}, state, end + dt.timedelta(days=1), default_calendar()
    )
    assert any("第二十五条" in d.what and d.overdue for d in lapsed)
    # the reports count the lapse as a seizure limit, not as "other"
    kinds = {case_facts.deadline_kind(d.what) for d in lapsed}
    assert case_facts.DEADLINE_KINDS["seizure"] in kinds
    late = case.refused(
        "seizure_extended", end + dt.timedelta(days=1), approved_by=approver, days=5, reason="x"
    )
    assert late.code == "expired"
    with pytest.raises(ValidationError) as caught:
        case.step("seizure_extended", end, approved_by=approver, days=31, reason="需检测")
    assert invalid_field(caught) == ("days", "range")
    case.step("seizure_extended", end, approved_by=approver, days=30, reason="需委托检测")
    assert coercion.seizures(case.state)[0].until == end + dt.timedelta(days=30)
    twice = case.refused("seizure_extended", end, approved_by=approver, days=1, reason="x")
    assert twice.code == "twice" and "第二十五条" in twice.zh
    # the case ends only after the release
    refused = case.refused("no_penalty", end, ground="not_established", reason="证据不足")
    assert refused.code == "measure_running" and "第二十八条" in refused.zh
    with pytest.raises(ValidationError) as caught:
        case.step("seizure_released", end, approved_by=approver, ground="tired")
    assert invalid_field(caught)[0] == "ground"
    case.step("seizure_released", end, approved_by=approver, ground="no_violation")
    assert coercion.active_seizure(case.state) is None
    case.step("no_penalty", end, ground="not_established", reason="证据不足")
    assert case.state.stage == "closed"


POWER_CUT = {
    "order": "（海宁）应急现决〔2026〕3号 责令暂时停产停业",
    "supplier": "国网海宁市供电公司",
    "cut_at": "09:00",
}


def power_cut(case: Case, day: dt.date, cut_on: dt.date, **data: Any) -> str:
    """The decision delivered to the unit on ``day`` (the written notice), the cut planned."""
    values = {"approved_by": case.approver, **POWER_CUT, "cut_on": cut_on.isoformat(), **data}
    return case.step("power_cut", day, **values)


def test_a_power_cut_is_decided_24_hours_before_the_cut_unless_an_emergency(
    world: World, approver: str
) -> None:
    """安全生产法 Art. 70 ¶1: the head approves the decision; ¶2: the decision delivered to the
    unit is its written notice, so the step is dated on that day and the planned cut (which
    may lie ahead, like a deadline) comes 24 hours after it at the soonest, never before it,
    except in an emergency endangering safety, stated with its reason."""
    case = Case(world, approver).filed()
    day = FILED + dt.timedelta(days=2)
    tomorrow = day + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:  # 23 hours
        power_cut(case, day, tomorrow, notified_at="10:00")
    assert invalid_field(caught) == ("cut_on", "notice")
    assert "第七十条第二款" in caught.value.zh and "停止供电日期" in caught.value.zh
    assert "Art. 70 ¶2" in caught.value.en and f"{tomorrow.isoformat()} 10:00" in caught.value.en
    with pytest.raises(ValidationError) as caught:  # a cut before the decision is delivered
        power_cut(case, day, day - dt.timedelta(days=1), notified_at="08:00", emergency=True)
    assert invalid_field(caught) == ("cut_on", "order") and "第七十条第二款" in caught.value.zh
    with pytest.raises(ValidationError) as caught:  # an emergency says why
        power_cut(case, day, day, notified_at="08:00", emergency=True)
    assert invalid_field(caught) == ("emergency_reason", "required")
    with pytest.raises(ValidationError) as caught:  # even at once, not before the notice
        power_cut(case, day, day, notified_at="10:00", emergency=True, emergency_reason="泄漏")
    assert invalid_field(caught) == ("cut_at", "order")
    refused = case.refused("power_cut", day, **POWER_CUT, cut_on=tomorrow.isoformat())
    assert refused.code == "approval"  # the head's approval (Art. 70 ¶1)
    assert case.state.steps[-1].kind == "filing_approved"  # nothing written

    power_cut(case, day, tomorrow, notified_at="09:00", emergency_reason="无")  # 24 hours
    step = case.state.steps[-1]
    assert step.occurred_on == day and step.data["cut_on"] == tomorrow.isoformat()
    assert "notified_on" not in step.data and "emergency_reason" not in step.data
    cut = coercion.active_power_cut(case.state)
    assert cut is not None and not cut.emergency
    assert cut.cut == dt.datetime.combine(tomorrow, dt.time(9, 0))
    assert cut.notified == dt.datetime.combine(day, dt.time(9, 0))
    twice = case.refused("power_cut", day, **POWER_CUT, cut_on=tomorrow.isoformat())
    assert twice.code == "twice"


def test_an_emergency_power_cut_may_follow_its_decision_at_once(
    world: World, approver: str
) -> None:
    """安全生产法 Art. 70 ¶2: no 24 hours' notice where an emergency endangers safety: the cut
    may be at the very time the decision is delivered."""
    case = Case(world, approver).filed()
    power_cut(case, FILED, FILED, notified_at="09:00", emergency=True, emergency_reason="液氨泄漏")
    cut = coercion.active_power_cut(case.state)
    assert cut is not None and cut.emergency and cut.cut == cut.notified
    assert case.state.steps[-1].data["emergency_reason"] == "液氨泄漏"


def test_a_decided_power_cut_holds_the_case_open_and_is_lifted_from_the_cut_day(
    world: World, approver: str
) -> None:
    """安全生产法 Art. 70 ¶2: the cut is lifted once the unit complies: not before the day of
    the cut (a supply not cut is not resumed), with its reason; until then, planned or in
    force, the case cannot end."""
    case = Case(world, approver).filed()
    day = FILED + dt.timedelta(days=1)
    cut_on = day + dt.timedelta(days=3)  # notified on a Wednesday, cut on Saturday
    power_cut(case, day, cut_on, notified_at="16:00")
    assert "power_restored" in deadlines.next_steps(case.state)
    assert "power_cut" not in deadlines.next_steps(case.state)
    refused = case.refused("no_penalty", day, ground="not_established", reason="证据不足")
    assert refused.code == "measure_running" and "第七十条" in refused.zh  # planned
    refused = case.refused("no_penalty", cut_on, ground="not_established", reason="证据不足")
    assert refused.code == "measure_running"  # in force
    with pytest.raises(ValidationError) as caught:
        case.step("power_restored", cut_on - dt.timedelta(days=1), reason="已停产整改")
    assert invalid_field(caught) == ("occurred_on", "order")
    assert cut_on.isoformat() in caught.value.zh and "第七十条第二款" in caught.value.zh
    with pytest.raises(ValidationError) as caught:
        case.step("power_restored", cut_on)  # the reason it is lifted
    assert invalid_field(caught) == ("reason", "required")
    case.step("power_restored", cut_on, reason="已停产整改，隐患已消除")
    assert coercion.active_power_cut(case.state) is None
    assert "power_cut" in deadlines.next_steps(case.state)  # another may follow
    case.step("no_penalty", cut_on, ground="not_established", reason="证据不足")
    assert case.state.stage == "closed"


def test_a_power_cut_recorded_on_the_cut_day_is_read_as_it_was(world: World, approver: str) -> None:
    """Case steps are never rewritten: a power cut recorded before the decision had its own
    date (dated on the cut day, the notice on ``notified_on``; 安全生产法 Art. 70 ¶2, 24 hours
    ahead) is still judged, read and lifted as recorded."""
    case = Case(world, approver).filed()
    day = FILED + dt.timedelta(days=2)
    old = {"approved_by": approver, **POWER_CUT}
    before = (day - dt.timedelta(days=1)).isoformat()
    with pytest.raises(ValidationError) as caught:
        case.step("power_cut", day, notified_on=before, notified_at="10:00", **old)
    assert invalid_field(caught) == ("notified_on", "notice") and "第七十条" in caught.value.zh
    case.step("power_cut", day, notified_on=before, notified_at="09:00", **old)
    assert "cut_on" not in case.state.steps[-1].data
    cut = coercion.active_power_cut(case.state)
    assert cut is not None and cut.cut == dt.datetime.combine(day, dt.time(9, 0))
    assert cut.notified == dt.datetime.combine(day - dt.timedelta(days=1), dt.time(9, 0))
    case.step("power_restored", day, reason="已停产整改，隐患已消除")
    assert coercion.active_power_cut(case.state) is None


def test_the_limits_are_data_with_their_articles() -> None:
    rules = coercion.load()
    assert (rules.seizure_max_days, rules.extension_max_days, rules.extensions) == (30, 30, 1)
    assert (rules.ratify_hours, rules.power_notice_hours) == (24, 24)
    import json

    from inspector_app.store.paths import resources_dir

    section = json.loads((resources_dir() / "case_procedure.json").read_text("utf-8"))["coercion"]
    assert "第二十五条" in section["source"] and "第七十条" in section["source"]


def test_a_seizure_is_not_on_the_generic_onsite_measures_document() -> None:
    """查封、扣押 follows 行政强制法 (the case's seizure step and its own documents), not the
    现场处理措施决定书 of the other on-site measures of 安全生产法 Art. 65."""
    from inspector_app.inspections import rules as inspection_rules

    measure = inspection_rules.load_rules().measures["seal_equipment"]
    assert measure.onsite_decision is False and "第六十五条第一款第（四）项" in measure.basis
