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


def test_a_power_cut_is_notified_24_hours_ahead_unless_an_emergency_and_lifted(
    world: World, approver: str
) -> None:
    """安全生产法 Art. 70: approved by the head, the unit told in writing 24 hours ahead
    except in an emergency with its reason; lifted once the unit complies."""
    case = Case(world, approver).filed()
    day = FILED + dt.timedelta(days=2)
    base = {
        "approved_by": approver,
        "order": "（海宁）应急现决〔2026〕3号 责令暂时停产停业",
        "supplier": "国网海宁市供电公司",
        "cut_at": "09:00",
    }
    with pytest.raises(ValidationError) as caught:
        case.step(
            "power_cut",
            day,
            notified_on=(day - dt.timedelta(days=1)).isoformat(),
            notified_at="10:00",
            **base,
        )
    assert invalid_field(caught) == ("notified_on", "notice")
    assert "第七十条" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        case.step("power_cut", day, emergency=True, **base)  # an emergency says why
    assert invalid_field(caught) == ("emergency_reason", "required")
    case.step(
        "power_cut",
        day,
        notified_on=(day - dt.timedelta(days=1)).isoformat(),
        notified_at="09:00",
        **base,
    )
    assert coercion.active_power_cut(case.state) is not None
    assert "power_restored" in deadlines.next_steps(case.state)
    refused = case.refused("no_penalty", day, ground="not_established", reason="证据不足")
    assert refused.code == "measure_running" and "第七十条" in refused.zh
    with pytest.raises(ValidationError):
        case.step("power_restored", day)  # the reason it is lifted
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
