"""What a case may end in and what comes after its decision, each rule with its article:
penalties besides a fine and their hearing right, referrals and resumption, 从轻/减轻/不予处罚,
the legal review and the collective discussion, dates, payment, review, suit and enforcement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from case_support import CAL, FILED, Case, wd
from inspection_support import World, make_world

from inspector_app.cases import cases, deadlines, outcomes, sanctions
from inspector_app.cases.cases import CaseRules
from inspector_app.registry import officers
from inspector_app.registry.validation import ValidationError
from inspector_app.reports import case_facts
from inspector_app.store.changelog import UnitOfWork

RULES = CaseRules()


@pytest.fixture
def world(store, registry, tmp_path: Path) -> World:
    return make_world(store, registry, tmp_path)


@pytest.fixture
def approver(world: World) -> str:
    with UnitOfWork(world.store, "tester") as uow:
        return officers.create(uow, "冯局长", "330481", "approver")


def refused_field(case: Case, kind: str, day: dt.date, **data: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        case.step(kind, day, **data)
    return caught.value


def decided(case: Case, world: World, amount: str = "20000", **data: object) -> dt.date:
    """Notice, waiver, the reviews the decision needs, decision and delivery on ``FILED``."""
    case.step("notice_delivered", FILED, amount=amount, **data)
    case.step("rights_waived", FILED)
    case.step("decision", FILED, amount=amount, **data)
    case.step("decision_delivered", FILED)
    return FILED


# -- item 1: penalties besides a fine, each with its article --------------------------------


def test_a_suspension_is_allowed_only_where_the_article_lists_it(
    world: World, approver: str
) -> None:
    case = Case(world, approver).filed()
    # 安全生产法 Art. 97 lists 责令停产停业整顿 only when the order was not obeyed ("overdue")
    wrong = refused_field(
        case, "notice_delivered", FILED, amount="20000", penalties=[{"kind": "suspend_rectify"}]
    )
    assert wrong.field == "penalties" and "第九十七条" in wrong.zh
    case.step(
        "notice_delivered",
        FILED,
        amount="20000",
        stage="overdue",
        penalties=[{"kind": "suspend_rectify"}],
    )
    # 行政处罚法 Art. 63: a suspension gives the hearing right whatever the fine
    assert case.state.hearing_right


def test_closure_is_referred_to_the_government_and_a_suspension_needs_acceptance(
    world: World, approver: str
) -> None:
    case = Case(world, approver, article_id="AQ2021-113").filed()
    penalties = [{"kind": "closure"}]
    case.step("notice_delivered", FILED, amount="0", penalties=penalties)
    assert case.state.hearing_right  # Art. 63: 责令关闭
    case.step("rights_waived", FILED)
    # 行政处罚法 Art. 58 (一)/(三): flagged as a major case, reviewed and discussed first
    case.step("legal_review", FILED, officer_ids=[world.expired], opinion="同意")
    case.step("collective_discussion", FILED, participants="局长、副局长", conclusion="报请关闭")
    case.step("decision", FILED, amount="0", penalties=penalties, flags=["major"])
    assert case.state.penalties == [{"kind": "closure", "article_id": "AQ2021-113"}]
    case.step("decision_delivered", FILED)
    blocked = case.refused("closure_approved", wd(FILED, 1))
    assert blocked.code == "not_executed" and "第一百一十五条" in blocked.zh
    case.step("referral", wd(FILED, 1), penalty="closure", organ="嘉善县人民政府")
    case.step("referral_outcome", wd(FILED, 2), penalty="closure", outcome="granted")
    case.step("closure_approved", wd(FILED, 3))
    assert case.state.stage == "closed"


def test_a_penalty_not_in_the_notice_cannot_be_decided(world: World, approver: str) -> None:
    case = Case(world, approver).filed()
    case.step("notice_delivered", FILED, amount="20000", stage="overdue")
    case.step("rights_waived", FILED)
    added = case.refused(
        "decision",
        FILED,
        amount="20000",
        stage="overdue",
        penalties=[{"kind": "suspend_rectify"}],
    )
    assert added.code == "not_notified" and "第四十四条" in added.zh


# -- item 2: the hearing right from every trigger of Art. 63 --------------------------------


def test_a_larger_confiscation_gives_the_hearing_right(world: World, approver: str) -> None:
    case = Case(world, approver, article_id="AQ2021-103-1").filed()
    case.step(
        "notice_delivered",
        FILED,
        amount="0",
        gains="80000",
        penalties=[{"kind": "confiscate", "amount": "80000"}],
    )
    assert case.state.hearing_right  # 没收较大数额违法所得 (Art. 63 (二))


def test_the_confiscation_threshold_is_data_citing_order_18() -> None:
    text = (Path(__file__).parents[1] / "resources" / "discretion.json").read_text("utf-8")
    assert "应急管理部令第18号" in text
    assert cases.default_rules().confiscation.unit == Decimal(50000)


# -- item 3: 从轻, 减轻, 不予处罚 ------------------------------------------------------------


def test_below_the_minimum_only_when_mitigated_with_a_ground(world: World, approver: str) -> None:
    from inspector_app.cases import articles

    check = cases.fine_checker(articles.default_catalogue())
    case = Case(world, approver).filed()
    record = cases.require(world.store.conn, case.id)
    # 安全生产法 Art. 97, order not obeyed: 100,000 to 200,000 for the unit
    overdue = {"stage": "overdue"}
    with pytest.raises(ValidationError):
        check(Decimal(50000), record, overdue)
    check(Decimal(50000), record, {**overdue, "mitigation": "mitigated"})
    with pytest.raises(ValidationError):  # never above the maximum
        check(Decimal(250000), record, {**overdue, "mitigation": "mitigated"})
    case.step("notice_delivered", FILED, amount="100000", **overdue)
    case.step("rights_waived", FILED)
    with pytest.raises(ValidationError) as caught:
        case.step("decision", FILED, amount="50000", mitigation="mitigated", **overdue)
    assert caught.value.field == "mitigation_ground" and "第三十二条" in caught.value.zh


def test_no_penalty_closes_the_case_with_its_ground(world: World, approver: str) -> None:
    case = Case(world, approver).filed()
    bad = refused_field(case, "no_penalty", FILED, ground="kindness", reason="x")
    assert bad.field == "ground"
    off_list = refused_field(
        case, "no_penalty", FILED, ground="first_offence", item="ZJ-2", reason="首次"
    )
    assert off_list.field == "item"  # ZJ-2 is for Art. 99, the case is under Art. 97
    case.step("no_penalty", FILED, ground="first_offence", item="ZJ-1", reason="首次且已改正")
    assert case.state.stage == "closed"
    assert deadlines.next_steps(case.state) == []


def test_the_first_offence_list_is_marked_as_an_example() -> None:
    text = (Path(__file__).parents[1] / "resources" / "first_offence.json").read_text("utf-8")
    assert '"example": true' in text and "未核对" in text
    assert [i.code for i in sanctions.default().first_offence["330000"]][:1] == ["ZJ-1"]


# -- item 5: legal review, collective discussion, the band's reason --------------------------


def test_a_large_fine_needs_review_and_discussion(world: World, approver: str) -> None:
    case = Case(world, approver, article_id="AQ2021-114").filed()
    data = {"grade": "一般", "stage": "first"}
    case.step("notice_delivered", FILED, amount="500000", **data)
    case.step("rights_waived", FILED)
    first = case.refused("decision", FILED, amount="500000", **data)
    assert first.code == "legal_review" and "第五十八条" in first.zh
    case.step("legal_review", FILED, officer_ids=[world.expired], opinion="同意")
    second = case.refused("decision", FILED, amount="500000", **data)
    assert second.code == "collective" and "第五十七条第二款" in second.zh
    case.step("collective_discussion", FILED, participants="班子成员", conclusion="同意")
    case.step("decision", FILED, amount="500000", **data)


def test_a_fine_above_its_band_needs_a_written_reason(world: World, approver: str) -> None:
    from inspector_app.cases import articles

    check = cases.fine_checker(articles.default_catalogue())
    case = Case(world, approver)
    record = cases.require(world.store.conn, case.id)
    # Art. 97 overdue: 100,000–200,000; the ordinary band is 130,000–160,000
    data = {"stage": "overdue", "circumstance": "ordinary"}
    check(Decimal(150000), record, data)
    with pytest.raises(ValidationError) as caught:
        check(Decimal(190000), record, data)
    assert caught.value.field == "band_reason" and "理由" in caught.value.zh
    check(Decimal(190000), record, {**data, "band_reason": "一年内多次违法"})


# -- item 6: dates -----------------------------------------------------------------------------


def test_filing_dates_follow_the_act_and_its_discovery(world: World, approver: str) -> None:
    case = Case(world, approver)
    early = refused_field(case, "filing_requested", FILED, found_on="2026-11-01")
    assert early.field == "found_on"  # before the act of 2026-11-20
    late = refused_field(case, "filing_requested", FILED, found_on="2026-12-02")
    assert late.field == "found_on"  # after the filing request
    case.step("filing_requested", FILED, found_on="2026-11-25")
    assert case.refused("filing_approved", FILED - dt.timedelta(days=1)).code == "order"


def test_the_limitation_counts_to_the_discovery_and_from_the_end(
    world: World, approver: str
) -> None:
    old = Case(world, approver, violation_on="2023-06-01")
    # 行政处罚法 Art. 36: found more than two years after the act — no penalty
    assert old.refused("filing_requested", FILED).code == "limitation"
    # found within two years: filing later is still possible
    old.step("filing_requested", FILED, found_on="2025-05-01")
    continuing = Case(world, approver, violation_on="2023-06-01", continuing=1)
    # the act ended in 2025: counted from its end
    continuing.step("filing_requested", FILED, act_ended_on="2025-01-10")


def test_a_step_cannot_precede_the_one_it_follows(world: World, approver: str) -> None:
    case = Case(world, approver).filed()
    case.step("notice_delivered", wd(FILED, 2), amount="5000")
    assert case.refused("rights_waived", wd(FILED, 1)).code == "order"


# -- item 7: payment, review, suit, enforcement ---------------------------------------------


def test_the_due_date_moves_off_a_holiday(world: World, approver: str) -> None:
    case = Case(world, approver).filed()
    case.step("notice_delivered", FILED, amount="5000")
    case.step("rights_waived", FILED)
    case.step("decision", FILED, amount="5000")
    delivered = dt.date(2026, 12, 4)  # + 15 days = Saturday 19 December
    case.step("decision_delivered", delivered)
    # 行政处罚法 Art. 67 with Art. 85 and the calendar: the period ends on the next working day
    assert case.state.due_on == dt.date(2026, 12, 21) and CAL.is_working_day(dt.date(2026, 12, 21))


def test_no_surcharge_while_a_review_runs(world: World, approver: str) -> None:
    case = Case(world, approver).filed()
    decided(case, world, amount="5000")
    due = case.state.due_on
    assert due is not None
    case.step("review_applied", wd(FILED, 1), organ="嘉兴市人民政府")
    assert case.refused("demand_notice", due + dt.timedelta(days=5)).code == "pending"
    case.step("review_decided", due + dt.timedelta(days=10), outcome="upheld")
    paid_on = due + dt.timedelta(days=12)
    state = case.state
    # 行政处罚法 Art. 73 ¶3: the ten days of the review do not count, two days do
    assert cases.surcharge(Decimal(5000), due, paid_on, RULES, state.pauses) == Decimal("300.00")


def test_the_demand_only_when_overdue_and_court_after_ten_days(world: World, approver: str) -> None:
    case = Case(world, approver).filed()
    decided(case, world, amount="5000")
    due = case.state.due_on
    assert due is not None
    early = case.refused("demand_notice", due)
    assert early.code == "not_overdue" and "第五十四条" in early.zh
    demand = due + dt.timedelta(days=1)
    case.step("demand_notice", demand)
    window = outcomes.enforcement_window(case.state)
    assert window is not None
    first, last = window
    # 行政强制法 Art. 53: after the six months to sue; Art. 54: ten days after the demand
    assert first > dt.date(2027, 6, 1) and (last - first).days > 80
    assert first - demand > dt.timedelta(days=10)
    # the three months to apply to the court run as the bureau's own limit
    owed = deadlines.deadlines({"violation_on": "2026-11-20"}, case.state, demand, CAL)
    court = [d for d in owed if "第五十三条" in d.what]
    assert [d.due for d in court] == [last]
    assert case_facts.deadline_kind(court[0].what) == case_facts.DEADLINE_KINDS["enforcement"]


# -- issue 9: who approves ---------------------------------------------------------------------


def test_an_approval_is_the_approvers_own_in_the_cases_bureau(world: World, approver: str) -> None:
    with UnitOfWork(world.store, "tester") as uow:
        elsewhere = officers.create(uow, "褚局长", "330482", "approver")
        city = officers.create(uow, "卫局长", "330400", "approver")
    case = Case(world, approver)
    case.step("filing_requested", FILED)
    other = case.refused("filing_approved", FILED, approved_by=elsewhere)
    assert other.code == "approval_organ"  # another county's head
    named = case.refused("filing_approved", FILED, approved_by=approver, author=world.lead)
    assert named.code == "approval_author" and "本人" in named.zh
    case.step("filing_approved", FILED, approved_by=city)  # the city bureau above
    assert case.state.filed_on == FILED


def test_an_inquiry_records_its_times_and_the_persons_details(world: World, approver: str) -> None:
    case = Case(world, approver).filed()
    who = {"person": "李安全", "id_number": "110101199003074477", "record": "问：x 答：y"}
    backwards = refused_field(case, "inquiry", FILED, started_at="10:00", ended_at="09:30", **who)
    assert backwards.field == "ended_at"
    details = {"gender": "男", "phone": "13900000000", "position": "安全员", "address": "海宁"}
    case.step("inquiry", FILED, started_at="9:05", ended_at="09:40", **details, **who)
    data = next(s for s in case.state.steps if s.kind == "inquiry").data
    assert (data["started_at"], data["ended_at"], data["position"]) == ("09:05", "09:40", "安全员")


# -- item 4: on the spot --------------------------------------------------------------------


def test_an_on_the_spot_fine_within_its_limits(world: World, approver: str) -> None:
    case = Case(world, approver)
    assert "onsite_decision" in deadlines.next_steps(case.state)
    team = [world.lead, world.second]
    big = case.refused("onsite_decision", FILED, officer_ids=team, amount="3500")
    assert big.code == "onsite_limit" and "第五十一条" in big.zh  # a unit: at most 3,000
    case.step("onsite_decision", FILED, officer_ids=team, amount="2000")
    state = case.state
    number = cases.case_number(state)
    assert number is not None and "当罚" in number[0]  # its own pre-numbered series
    assert state.fine == Decimal("2000.00") and state.due_on is not None
    assert "notice_delivered" not in deadlines.next_steps(state)
    # Art. 68: more than 100 yuan is collected on the spot only with the reason
    assert refused_field(case, "onsite_collected", FILED).field == "reason"
    case.step("onsite_collected", FILED, reason="当事人系流动摊贩，事后难以执行")
    assert case.refused("closure_approved", wd(FILED, 1)).code == "not_executed"  # not filed
    case.step("onsite_filed", wd(FILED, 5))
    filed = next(s for s in case.state.steps if s.kind == "onsite_filed")
    assert filed.data["late"] is True  # after the two working days of the local rule
    case.step("closure_approved", wd(FILED, 6))
    assert case.state.stage == "closed"
    # the reports count it: decided and paid on the spot (no filing: Art. 51 has none)
    with world.store.transaction() as conn:
        case_facts.refresh_dirty(conn, world.tree)
    facts = dict(
        world.store.conn.execute(
            "SELECT kind, amount_fen FROM case_fact WHERE case_id = ? AND kind != 'deadline'",
            (case.id,),
        ).fetchall()
    )
    assert facts == {"decided": 200000, "paid": 200000, "closed": 0}
    limits = world.store.conn.execute(
        "SELECT ref, done_date FROM case_fact WHERE case_id = ? AND kind = 'deadline'",
        (case.id,),
    ).fetchall()
    assert (
        "onsite_filing",
        wd(FILED, 5).isoformat(),
    ) in limits  # Art. 52: the filing ran as an office limit until it was met
