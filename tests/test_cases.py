"""Penalty cases: the procedure's guards, each refused with the rule it breaks; fines,
surcharges and daily fines; transfers; the deadlines a case page counts down."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from case_support import CAL, FILED, Case, wd
from inspection_support import World, make_world

from inspector_app.cases import cases, deadlines, procedure
from inspector_app.cases.cases import CaseRules, StepInput
from inspector_app.registry import officers
from inspector_app.registry.validation import ValidationError
from inspector_app.store.changelog import UnitOfWork


@pytest.fixture
def world(store, registry, tmp_path: Path) -> World:
    return make_world(store, registry, tmp_path)


@pytest.fixture
def approver(world: World) -> str:
    with UnitOfWork(world.store, "tester") as uow:
        return officers.create(uow, "冯局长", "330481", "approver")


def test_a_case_from_filing_to_closure(world: World, approver: str) -> None:
    case = Case(world, approver).filed()
    case.step(
        "inquiry",
        FILED,
        person="李安全",
        id_number="110101199003074477",
        record="问：你单位是否对新员工进行了安全培训？答：没有。",
    )
    case.step("notice_delivered", FILED, amount="20000")
    assert not case.state.hearing_right  # 20,000 for a unit is below 50,000
    assert case.state.stage == "notified"
    refusal = case.refused("decision", wd(FILED, 3), amount="20000")
    assert refusal.code == "statement_period" and "第六十二条" in refusal.zh
    case.step("decision", wd(FILED, 4), amount="20000")
    case.step("decision_delivered", wd(FILED, 5))
    assert case.refused("closure_approved", wd(FILED, 6)).code == "not_executed"
    case.step("payment", wd(FILED, 6), amount="20000")
    case.step("closure_approved", wd(FILED, 7))
    final = case.state
    assert final.stage == "closed" and final.paid == Decimal("20000.00")
    assert case.refused("payment", wd(FILED, 8), amount="1").code == "closed"
    assert deadlines.next_steps(final) == []


def test_a_waiver_ends_the_statement_period(world: World, approver: str) -> None:
    case = Case(world, approver).filed()
    case.step("notice_delivered", FILED, amount="5000")
    case.step("rights_waived", FILED)
    case.step("decision", FILED, amount="5000")
    assert case.state.fine == Decimal("5000.00")


def test_steps_need_their_predecessors_and_approvers(world: World, approver: str) -> None:
    case = Case(world, approver)
    assert case.refused("inquiry", FILED, person="x").code == "not_filed"
    assert case.refused("filing_approved", FILED).code == "order"
    case.step("filing_requested", FILED)
    assert case.refused("filing_requested", FILED).code == "twice"
    refusal = case.refused("filing_approved", FILED, approved_by=world.lead)
    assert refusal.code == "approval" and "负责人" in refusal.zh
    case.step("filing_approved", FILED)
    assert case.refused("decision", FILED, amount="100").code == "no_notice"
    assert "第四十四条" in case.refused("decision", FILED, amount="100").zh


def test_filing_needs_two_certified_officers(world: World, approver: str) -> None:
    case = Case(world, approver)
    with pytest.raises(Exception) as caught:
        with UnitOfWork(world.store, "tester") as uow:
            procedure.add_step(
                uow,
                case.id,
                StepInput("filing_requested", FILED, officer_ids=[world.lead, world.expired]),
                CAL,
            )
    assert "郑过期执法证已于2025-12-31过期" in str(caught.value)


def test_an_inquiry_identifies_the_person_by_a_valid_id_number(world: World, approver: str) -> None:
    case = Case(world, approver).filed()
    with pytest.raises(ValidationError) as caught:
        case.step("inquiry", FILED, person="李安全", id_number="110101199003074478", record="x")
    assert caught.value.field == "id_number"
    assert len([s for s in case.state.steps if s.kind == "inquiry"]) == 0


def test_hearing_rules(world: World, approver: str) -> None:
    case = Case(world, approver).filed()
    case.step("notice_delivered", FILED, amount="60000")
    assert case.state.hearing_right  # 60,000 for a unit: a larger amount (Art. 63)
    late = case.refused("hearing_requested", wd(FILED, 6))
    assert late.code == "hearing_late" and "5个工作日" in late.zh
    case.step("hearing_requested", wd(FILED, 5))
    assert case.refused("decision", wd(FILED, 6), amount="60000").code == "hearing_pending"
    early = case.refused("hearing_notified", wd(FILED, 6), hearing_on=wd(FILED, 10).isoformat())
    assert early.code == "hearing_notice" and "第六十四条" in early.zh
    hearing_on = wd(FILED, 13)
    case.step("hearing_notified", wd(FILED, 6), hearing_on=hearing_on.isoformat())
    assert case.refused("hearing_held", wd(FILED, 12)).code == "order"
    case.step("hearing_held", hearing_on)
    # 行政处罚法 Art. 58 (二): after a hearing, the legal review before the decision, by
    # someone who did not investigate the case
    assert case.refused("decision", hearing_on, amount="60000").code == "legal_review"
    own = case.refused("legal_review", hearing_on, officer_ids=[world.lead], opinion="同意")
    assert own.code == "reviewer" and "第五十八条" in own.zh
    case.step("legal_review", hearing_on, officer_ids=[world.expired], opinion="事实清楚")
    case.step("decision", hearing_on, amount="60000")
    assert case.state.decided_on == hearing_on


def test_no_hearing_for_a_small_fine(world: World, approver: str) -> None:
    case = Case(world, approver).filed()
    case.step("notice_delivered", FILED, amount="1000")
    assert case.refused("hearing_requested", FILED).code == "no_hearing_right"


def test_the_hearing_threshold_is_a_setting(world: World, approver: str) -> None:
    from inspector_app.cases.articles import HearingThresholds

    case = Case(world, approver).filed()
    higher = CaseRules(hearing=HearingThresholds(person=Decimal(20000), unit=Decimal(100000)))
    with UnitOfWork(world.store, "tester") as uow:
        procedure.add_step(
            uow,
            case.id,
            StepInput("notice_delivered", FILED, data={"amount": "60000"}),
            CAL,
            rules=higher,
        )
    assert not case.state.hearing_right  # 60,000 is below this province's 100,000


def test_no_heavier_penalty_after_a_statement(world: World, approver: str) -> None:
    case = Case(world, approver).filed()
    case.step("notice_delivered", FILED, amount="10000")
    case.step("statement", wd(FILED, 1))
    refusal = case.refused("decision", wd(FILED, 4), amount="12000")
    assert refusal.code == "heavier" and "第四十五条" in refusal.zh
    case.step("decision", wd(FILED, 4), amount="8000")


def test_the_same_act_is_not_fined_twice(world: World, approver: str) -> None:
    first = Case(world, approver).filed()
    first.step("notice_delivered", FILED, amount="10000")
    first.step("rights_waived", FILED)
    first.step("decision", FILED, amount="10000")
    second = Case(world, approver).filed()
    second.step("notice_delivered", FILED, amount="10000")
    second.step("rights_waived", FILED)
    refusal = second.refused("decision", FILED, amount="10000")
    assert refusal.code == "double_fine" and "第二十九条" in refusal.zh
    other_act = Case(world, approver, article_id="AQ2021-99").filed()
    other_act.step("notice_delivered", FILED, amount="10000")
    other_act.step("rights_waived", FILED)
    other_act.step("decision", FILED, amount="10000")  # another act: allowed


def test_filing_after_the_limitation_is_refused(world: World, approver: str) -> None:
    old = Case(world, approver, violation_on="2024-11-30")
    refusal = old.refused("filing_requested", FILED)
    assert refusal.code == "limitation" and "第三十六条" in refusal.zh
    harmed = Case(world, approver, violation_on="2024-11-30")
    harmed.step("filing_requested", FILED, harm=True)  # five years where health was harmed


def test_statutory_range_is_checked_through_the_callback(world: World, approver: str) -> None:
    def check_fine(amount: Decimal, _case: Any, _data: Any) -> None:
        if amount > Decimal("100000"):
            raise ValidationError(
                "fine_amount", "range", "罚款超出法定幅度（第九十七条：十万元以下）", "too much"
            )

    case = Case(world, approver).filed()
    with pytest.raises(ValidationError) as caught:
        with UnitOfWork(world.store, "tester") as uow:
            procedure.add_step(
                uow,
                case.id,
                StepInput("notice_delivered", FILED, data={"amount": "100000.01"}),
                CAL,
                check_fine=check_fine,
            )
    assert caught.value.field == "fine_amount" and "第九十七条" in caught.value.zh
    assert case.state.notice_on is None


def test_surcharge_is_three_percent_a_day_capped_at_the_fine() -> None:
    rules = CaseRules()
    due = dt.date(2026, 12, 16)
    fine = Decimal("20000.00")
    assert cases.surcharge(fine, due, due, rules) == Decimal("0.00")
    assert cases.surcharge(fine, due, due + dt.timedelta(days=10), rules) == Decimal("6000.00")
    assert cases.surcharge(fine, due, due + dt.timedelta(days=40), rules) == fine  # capped


def test_late_payment_owes_the_surcharge(world: World, approver: str) -> None:
    case = Case(world, approver).filed()
    case.step("notice_delivered", FILED, amount="20000")
    case.step("rights_waived", FILED)
    case.step("decision", FILED, amount="20000")
    case.step("decision_delivered", FILED)
    due = case.state.due_on
    assert due == FILED + dt.timedelta(days=15)
    late = due + dt.timedelta(days=2)  # type: ignore[operator]
    with pytest.raises(ValidationError) as caught:
        case.step("payment", late, amount="21200.01")
    assert "21200.00" in caught.value.zh
    case.step("payment", late, amount="21200")
    case.step("closure_approved", late)


def test_a_deferral_moves_the_due_date(world: World, approver: str) -> None:
    case = Case(world, approver).filed()
    case.step("notice_delivered", FILED, amount="20000")
    case.step("rights_waived", FILED)
    case.step("decision", FILED, amount="20000")
    case.step("decision_delivered", FILED)
    assert case.refused("deferral_approved", FILED, due_on="2026-12-10").code == "order"
    case.step("deferral_approved", FILED, due_on="2027-01-31")
    assert case.state.due_on == dt.date(2027, 1, 31)


def test_daily_fine_counts_from_the_day_after_the_order() -> None:
    days, total = cases.daily_fine(Decimal("50000"), dt.date(2026, 12, 1), dt.date(2026, 12, 11))
    assert days == 10 and total == Decimal("500000.00")
    assert cases.daily_fine(Decimal("50000"), dt.date(2026, 12, 1), dt.date(2026, 12, 1))[0] == 0


def test_transfer_to_the_police_within_its_limits(world: World, approver: str) -> None:
    case = Case(world, approver).filed()
    case.step("transfer_proposed", FILED, to="police", reason="拒不执行停产停业决定")
    late = case.refused("transfer_approved", FILED + dt.timedelta(days=4))
    assert late.code == "transfer_late" and "3日内" in late.zh
    case.step("transfer_approved", FILED + dt.timedelta(days=3))
    slow = case.refused("transferred", FILED + dt.timedelta(days=5), organ="海宁市公安局")
    assert slow.code == "transfer_late" and "24小时" in slow.zh
    case.step("transferred", FILED + dt.timedelta(days=4), organ="海宁市公安局")
    case.step("transfer_accepted", FILED + dt.timedelta(days=5))
    case.step("transfer_outcome", FILED + dt.timedelta(days=8), detention_days=10)
    case.step("closure_approved", FILED + dt.timedelta(days=9))
    assert case.state.stage == "closed"


def test_deadlines_count_down(world: World, approver: str) -> None:
    case = Case(world, approver).filed()
    case.step("notice_delivered", FILED, amount="60000")
    row = cases.require(world.store.conn, case.id)
    found = deadlines.deadlines(row, case.state, FILED, CAL)
    names = [d.what for d in found]
    assert names[0] == "陈述申辩期限" and found[0].due == wd(FILED, 3)
    assert any(n.startswith("听证申请期限") for n in names)
    assert any(
        n.startswith("作出处罚决定期限") and d.due == FILED + dt.timedelta(days=90)
        for n, d in zip(names, found, strict=True)
    )
    later = deadlines.deadlines(row, case.state, wd(FILED, 4), CAL)
    assert later[0].overdue


def test_steps_are_append_only(world: World, approver: str) -> None:
    import sqlite3

    case = Case(world, approver).filed()
    with pytest.raises(sqlite3.IntegrityError):
        with world.store.transaction() as conn:
            conn.execute("DELETE FROM case_step WHERE case_id = ?", (case.id,))
    assert len(case.state.steps) == 2


def test_a_person_is_identified_by_id_number(world: World, approver: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Case(world, approver, party_kind="person", party_name="王海明", party_id_number="123")
    assert caught.value.field == "party_id_number"
    person = Case(
        world,
        approver,
        party_kind="person",
        party_name="王海明",
        party_id_number="110101199003074477",
        enterprise_id="",
        county_code="330481",
    )
    row = cases.require(world.store.conn, person.id)
    assert row["party_id_number"] == "110101199003074477" and row["county_code"] == "330481"


def test_filing_gives_the_case_its_running_number(world: World, approver: str) -> None:
    first = Case(world, approver).filed()
    second = Case(world, approver).filed()
    one, n1 = cases.case_number(first.state)  # type: ignore[misc]
    two, n2 = cases.case_number(second.state)  # type: ignore[misc]
    assert one.startswith("（海宁）应急立〔2026〕") and one.endswith(f"{n1}号")
    assert n2 == n1 + 1 and one != two


def test_evidence_names_its_photos_by_hash_and_assistance_follows_a_transfer(
    world: World, approver: str
) -> None:
    case = Case(world, approver).filed()
    with pytest.raises(ValidationError):
        case.step("evidence", FILED, description="照片", photos=["not-a-hash"])
    case.step("evidence", FILED, description="照片", photos=["ab" * 32])
    assert case.refused("transfer_assistance", FILED, note="协助调查").code == "order"
    case.step("transfer_proposed", FILED, to="judiciary", reason="涉嫌重大责任事故罪")
    case.step("transfer_approved", FILED)
    case.step("transferred", FILED, organ="海宁市公安局")
    assert "transfer_assistance" in deadlines.next_steps(case.state)
    case.step("transfer_assistance", FILED + dt.timedelta(days=3), note="派员协助现场勘验")


def test_instalments_by_approval_add_up_to_what_is_owed(world: World, approver: str) -> None:
    case = Case(world, approver).filed()
    case.step("notice_delivered", FILED, amount="30000")
    case.step("rights_waived", FILED)
    case.step("decision", FILED, amount="30000")
    case.step("decision_delivered", FILED)
    with pytest.raises(ValidationError) as caught:
        case.step(
            "deferral_approved",
            FILED,
            instalments=[{"due_on": "2026-12-31", "amount": "10000"}],
        )
    assert caught.value.field == "instalments" and "30000.00" in caught.value.zh
    case.step(
        "deferral_approved",
        FILED,
        instalments=[
            {"due_on": "2026-12-31", "amount": "10000"},
            {"due_on": "2027-01-31", "amount": "20000"},
        ],
    )
    row = cases.require(world.store.conn, case.id)
    first = deadlines.deadlines(row, case.state, FILED, CAL)
    assert first[0].what.startswith("第1期") and first[0].due == dt.date(2026, 12, 31)
    case.step("payment", dt.date(2026, 12, 30), amount="10000")
    second = deadlines.deadlines(row, case.state, FILED, CAL)
    assert second[0].what.startswith("第2期") and second[0].due == dt.date(2027, 1, 31)
    assert case.state.due_on == dt.date(2027, 1, 31)
