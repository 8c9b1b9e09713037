"""The guards of what a case may end in besides a paid fine, and of what comes after a decision.

* penalties other than a fine (``sanctions``) and the hearing right they give (行政处罚法
  Art. 63); a licence or a closure referred to whoever decides it (安全生产法 Art. 115) and
  its outcome; work resumed only after the rectification is accepted;
* 从轻 / 减轻 (Art. 30–32) with a ground; 不予行政处罚 (Art. 30, 31, 33, 36, 57) closing the
  case; the first-offence list of the province (Art. 33 ¶1);
* the legal review (Art. 58) by someone who did not investigate, the collective discussion
  (Art. 57 ¶2), before the decision where required;
* review and suit (行政复议法, 行政诉讼法) with their outcomes, pausing the surcharge (Art. 73
  ¶3); the demand notice once overdue and the application to the court (行政强制法 Art. 53–54).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from inspector_app.cases import coercion, sanctions
from inspector_app.cases.cases import CaseState, surcharge, yuan
from inspector_app.cases.judging import Judged, refuse, require_approver
from inspector_app.cases.judging import require_team as from_step_team
from inspector_app.cases.workdays import add_working_days
from inspector_app.registry.validation import choice, error, required_text

# 行政复议法 (2023) Art. 20: 60 days to apply; 行政诉讼法 Art. 46: six months to sue
REVIEW_DAYS = 60
SUIT_MONTHS = 6
# 行政强制法 Art. 54: ten days after the demand; Art. 53: within three months after the periods
DEMAND_DAYS = 10
ENFORCEMENT_MONTHS = 3
OUTCOMES = {
    "upheld": "维持",
    "changed": "变更",
    "revoked": "撤销",
    "confirmed_illegal": "确认违法",
    "dismissed": "驳回",
    "withdrawn": "撤回申请（起诉）",
}
REFERRAL_OUTCOMES = {"granted": "依法作出决定", "refused": "未予批准"}

# what each step follows: it is not dated before the latest of these (dates are evidence)
FOLLOWS: Mapping[str, tuple[str, ...]] = {
    "filing_approved": ("filing_requested",),
    "filing_refused": ("filing_requested",),
    "inquiry": ("filing_approved",),
    "evidence": ("filing_approved",),
    "preservation": ("filing_approved",),
    "preservation_decided": ("preservation",),
    "notice_delivered": ("filing_approved",),
    "statement": ("notice_delivered",),
    "rights_waived": ("notice_delivered",),
    "hearing_requested": ("notice_delivered",),
    "hearing_notified": ("hearing_requested",),
    "hearing_held": ("hearing_notified",),
    "legal_review": ("filing_approved", "hearing_held"),
    "collective_discussion": ("filing_approved", "legal_review", "hearing_held"),
    "decision": (
        "notice_delivered",
        "statement",
        "rights_waived",
        "hearing_held",
        "legal_review",
        "collective_discussion",
    ),
    "no_penalty": ("filing_approved", "legal_review", "collective_discussion"),
    "decision_delivered": ("decision",),
    "deferral_approved": ("decision_delivered",),
    "payment": ("decision_delivered",),
    "referral": ("decision_delivered",),
    "referral_outcome": ("referral",),
    "resumption_accepted": ("decision_delivered",),
    "review_applied": ("decision_delivered",),
    "review_decided": ("review_applied",),
    "suit_filed": ("decision_delivered", "review_decided"),
    "suit_decided": ("suit_filed",),
    "demand_notice": ("decision_delivered",),
    "enforcement_applied": ("demand_notice",),
    "onsite_filed": ("onsite_decision",),
    "onsite_collected": ("onsite_decision",),
    "transfer_approved": ("transfer_proposed",),
    "transferred": ("transfer_approved",),
    "transfer_accepted": ("transferred",),
    "transfer_outcome": ("transferred",),
    "transfer_assistance": ("transferred",),
    "closure_approved": (
        "decision_delivered",
        "payment",
        "transfer_accepted",
        "referral_outcome",
        "resumption_accepted",
        "review_decided",
        "suit_decided",
        "no_penalty",
        "seizure_released",
        "power_restored",
    ),
    **coercion.FOLLOWS,
}


def not_before_predecessors(j: Judged) -> None:
    """A step is not dated before the step it follows."""
    kinds = FOLLOWS.get(j.step.kind, ())
    earlier = [s for s in j.cur.steps if s.kind in kinds and s.occurred_on > j.day]
    if earlier:
        last = max(earlier, key=lambda s: s.occurred_on)
        raise refuse(
            "order",
            f"“{j.name}”的日期不能早于其前一环节（{last.occurred_on.isoformat()}）。",
            f"A step cannot precede the step it follows ({last.occurred_on.isoformat()}).",
        )


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _names(options: Mapping[str, Any]) -> dict[str, str]:
    """Codes and their Chinese names, as ``choice`` takes them."""
    return {
        code: (value[0] if isinstance(value, tuple) else str(getattr(value, "zh", value)))
        for code, value in options.items()
    }


# -- the notice and the decision ------------------------------------------------------------


def judge_penalties(j: Judged, article_id: str) -> list[dict[str, str]]:
    """The penalties besides the fine (normalised into ``j.data``) and whether they give a
    hearing right (``j.data["hearing_right"]`` raised when they do)."""
    s = sanctions.default()
    stage = str(j.data.get("stage") or "first")
    penalties = sanctions.check_penalties(j.data.get("penalties"), article_id, stage, s)
    if penalties:
        j.data["penalties"] = penalties
    else:
        j.data.pop("penalties", None)
    return penalties


def judge_decision(j: Judged, amount: Decimal, article_id: str) -> None:
    """What the decision adds to its fine: its penalties (the notice's kinds, none added after a
    statement, Art. 45), its 从轻/减轻 ground, and the reviews it needs first (Art. 57, 58)."""
    s = sanctions.default()
    penalties = judge_penalties(j, article_id)
    notice = next((st for st in j.cur.steps if st.kind == "notice_delivered"), None)
    told = {p["kind"] for p in (notice.data.get("penalties") or [])} if notice else set()
    added = [p for p in penalties if p["kind"] not in told]
    if added:
        kind = s.kinds[added[0]["kind"]]
        raise refuse(
            "not_notified",
            f"“{kind.zh}”未在告知书中告知当事人，不得在决定中给予（《行政处罚法》第四十四条）。",
            f"{kind.en} was not in the notice (Art. 44).",
        )
    mitigation = choice(j.data.get("mitigation", ""), "mitigation", _names(sanctions.MITIGATIONS))
    if mitigation:
        j.data["mitigation"] = mitigation
        ground = str(j.data.get("mitigation_ground") or "")
        if mitigation == "mitigated" and ground not in s.mitigation:
            raise error(
                "mitigation_ground",
                "required",
                "减轻处罚应当有《行政处罚法》第三十条至第三十二条规定的情形",
                "a mitigated penalty needs a ground of Arts. 30–32",
            )
        if ground:
            j.data["mitigation_ground"] = choice(ground, "mitigation_ground", _names(s.mitigation))
    else:
        j.data.pop("mitigation", None)
    flags = sorted(set(j.data.get("flags") or []))
    for flag in flags:
        choice(flag, "flags", _names(sanctions.REVIEW_FLAGS))
    if flags:
        j.data["flags"] = flags
    legal, collective = sanctions.reviews_required(
        amount, str(j.case["party_kind"]), flags, j.cur.hearing_held, s
    )
    if legal and not j.cur.legal_reviewed:
        raise refuse(
            "legal_review",
            "本案作出决定前应当进行法制审核（《行政处罚法》第五十八条）。",
            "A legal review is required before this decision (Art. 58).",
        )
    if collective and not j.cur.discussed:
        raise refuse(
            "collective",
            "情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定"
            "（《行政处罚法》第五十七条第二款）。",
            "The heads of the organ must discuss and decide this case collectively (Art. 57 ¶2).",
        )


# -- the steps -------------------------------------------------------------------------------


def _undecided(j: Judged) -> None:
    if j.cur.decided_on is not None:
        raise refuse("twice", "本案已作出处罚决定。", "The case is decided already.")


def _no_penalty(j: Judged) -> None:
    """不予行政处罚 with its ground; the first-offence ground names an item of the province's
    list for the case's article (Art. 33 ¶1)."""
    _undecided(j)
    s = sanctions.default()
    ground = choice(j.data.get("ground"), "ground", _names(s.no_penalty))
    j.data["ground"] = ground
    if ground == "first_offence":
        province = str(j.case["county_code"])[:2] + "0000"
        items = {i.code: i for i in s.first_offence.get(province, ())}
        item = items.get(str(j.data.get("item") or ""))
        if item is None or item.article_id != str(j.case["article_id"] or item.article_id):
            raise error(
                "item",
                "first_offence",
                "首违不罚应当属于本省公布的清单，并与本案的违法条款一致",
                "a first offence must be on the province's list, for the case's article",
            )
        j.data["item"] = item.code
    if j.cur.hearing_held and not j.cur.legal_reviewed:
        raise refuse(
            "legal_review",
            "经过听证的案件作出决定前应当进行法制审核（《行政处罚法》第五十八条）。",
            "A legal review is required after a hearing (Art. 58).",
        )
    j.data["reason"] = required_text(j.data.get("reason"), "reason", 2000)


def _investigators(cur: CaseState) -> set[str]:
    return {
        o for s in cur.steps if s.kind in ("filing_requested", "inquiry") for o in s.officer_ids
    }


def _legal_review(j: Judged) -> None:
    """法制审核 (Art. 58): by an officer who did not investigate the case."""
    _undecided(j)
    reviewers = set(j.step.officer_ids)
    if not reviewers:
        raise error("officer_ids", "required", "应当写明审核人员", "name the reviewer")
    if reviewers & _investigators(j.cur):
        raise refuse(
            "reviewer",
            "法制审核人员不得是本案的调查人员（《行政处罚法》第五十八条）。",
            "The legal reviewer must not be one of the case's investigators (Art. 58).",
        )
    j.data["opinion"] = required_text(j.data.get("opinion"), "opinion", 2000)


def _collective(j: Judged) -> None:
    _undecided(j)
    require_approver(j, j.name)
    j.data["participants"] = required_text(j.data.get("participants"), "participants", 500)
    j.data["conclusion"] = required_text(j.data.get("conclusion"), "conclusion", 2000)


def _delivered(j: Judged) -> None:
    if j.cur.delivered_on is None:
        raise refuse("order", "处罚决定书尚未送达。", "The decision is not delivered.")


def _referral(j: Judged) -> None:
    """安全生产法 Art. 115: closure is decided by the government; a licence by its issuer."""
    _delivered(j)
    s = sanctions.default()
    referable = {p["kind"] for p in j.cur.penalties if s.kinds[p["kind"]].referral}
    kind = choice(j.data.get("penalty"), "penalty", _names(s.kinds))
    if kind not in referable - j.cur.referred:
        raise refuse(
            "order",
            "决定中没有待报请有权机关决定的处罚（吊销许可证件、关闭）。",
            "The decision has no penalty left to refer (licence, closure).",
        )
    j.data["organ"] = required_text(j.data.get("organ"), "organ", 100)


def _referral_outcome(j: Judged) -> None:
    kind = str(j.data.get("penalty") or "")
    if kind not in j.cur.referred - j.cur.referral_decided:
        raise refuse("order", "没有等待结果的报请。", "No referral waits for its outcome.")
    j.data["outcome"] = choice(j.data.get("outcome"), "outcome", REFERRAL_OUTCOMES)


def _resumption(j: Judged) -> None:
    _delivered(j)
    s = sanctions.default()
    if not any(s.kinds[p["kind"]].resumption for p in j.cur.penalties) or j.cur.resumed:
        raise refuse("order", "决定中没有待验收的停产停业。", "No suspension waits for acceptance.")
    require_approver(j, j.name)


def _review_applied(j: Judged) -> None:
    _delivered(j)
    assert j.cur.delivered_on is not None
    if j.cur.review_on is not None or j.cur.suit_on is not None:
        raise refuse("twice", "已经申请行政复议或者提起诉讼。", "Review or suit already recorded.")
    last = j.cur.delivered_on + dt.timedelta(days=REVIEW_DAYS)
    if j.day > last:
        raise refuse(
            "late",
            f"行政复议应当自知道决定之日起{REVIEW_DAYS}日内申请（截止{last.isoformat()}）"
            "（《行政复议法》第二十条）。",
            f"A review is applied for within {REVIEW_DAYS} days (by {last.isoformat()}).",
        )
    j.data["organ"] = required_text(j.data.get("organ"), "organ", 100)


def _suit_filed(j: Judged) -> None:
    _delivered(j)
    assert j.cur.delivered_on is not None
    if j.cur.suit_on is not None:
        raise refuse("twice", "已经提起行政诉讼。", "A suit is already recorded.")
    if j.cur.review_on is not None and j.cur.pauses and j.cur.pauses[-1][1] is None:
        raise refuse("order", "行政复议尚未决定。", "The review is not decided yet.")
    last = add_months(j.cur.delivered_on, SUIT_MONTHS)
    if j.cur.review_on is None and j.day > last:
        raise refuse(
            "late",
            f"行政诉讼应当自知道决定之日起{SUIT_MONTHS}个月内提起（截止{last.isoformat()}）"
            "（《行政诉讼法》第四十六条）。",
            f"A suit is filed within {SUIT_MONTHS} months (by {last.isoformat()}).",
        )
    j.data["court"] = required_text(j.data.get("court"), "court", 100)


def _decided(j: Judged) -> None:
    applied = j.cur.review_on if j.step.kind == "review_decided" else j.cur.suit_on
    if applied is None or not j.cur.pauses or j.cur.pauses[-1][1] is not None:
        raise refuse("order", "没有待决定的复议或者诉讼。", "Nothing waits for a decision.")
    j.data["outcome"] = choice(j.data.get("outcome"), "outcome", OUTCOMES)


def _pending(cur: CaseState) -> bool:
    return bool(cur.pauses) and cur.pauses[-1][1] is None


def owed(cur: CaseState, day: dt.date, j: Judged) -> Decimal:
    assert cur.fine is not None
    extra = surcharge(cur.fine, cur.due_on or day, day, j.rules, cur.pauses)
    return cur.fine + extra - cur.paid


def _demand(j: Judged) -> None:
    """催告 (行政强制法 Art. 54) only once the payment is overdue, not while review or suit run."""
    cur = j.cur
    _delivered(j)
    if cur.fine is None or cur.due_on is None or j.day <= cur.due_on or owed(cur, j.day, j) <= 0:
        raise refuse(
            "not_overdue",
            "罚款尚未逾期未缴，不得催告（《行政强制法》第五十四条）。",
            "Nothing is overdue: no demand (Administrative Coercion Law Art. 54).",
        )
    if _pending(cur) or cur.revoked:
        raise refuse(
            "pending",
            "行政复议或者行政诉讼期间（或决定已被撤销）不得催告。",
            "No demand while a review or suit runs, or after the decision was revoked.",
        )


def enforcement_window(cur: CaseState) -> tuple[dt.date, dt.date] | None:
    """The days on which the court may be asked to enforce (行政强制法 Art. 53–54): ten days
    after the demand and after the periods for review and suit ran out; within three months."""
    if cur.demand_on is None or cur.delivered_on is None:
        return None
    periods_end = max(
        cur.delivered_on + dt.timedelta(days=REVIEW_DAYS),
        add_months(cur.delivered_on, SUIT_MONTHS),
        *(end for _start, end in cur.pauses if end is not None),
    )
    first = max(cur.demand_on + dt.timedelta(days=DEMAND_DAYS), periods_end) + dt.timedelta(days=1)
    return first, add_months(periods_end, ENFORCEMENT_MONTHS)


def _enforcement(j: Judged) -> None:
    window = enforcement_window(j.cur)
    if window is None:
        raise refuse("order", "应当先送达催告书。", "Deliver the demand first.")
    first, last = window
    if _pending(j.cur) or j.cur.revoked or not first <= j.day <= last:
        raise refuse(
            "enforcement_window",
            f"申请人民法院强制执行应在催告书送达十日后、复议和诉讼期限届满后，"
            f"{first.isoformat()}至{last.isoformat()}之间提出（《行政强制法》第五十三条、"
            "第五十四条）。",
            f"Court enforcement is applied for between {first.isoformat()} and "
            f"{last.isoformat()} (Administrative Coercion Law Arts. 53–54).",
        )
    require_approver(j, j.name)
    j.data["court"] = required_text(j.data.get("court"), "court", 100)


def closure_blockers(cur: CaseState) -> str:
    """Why a decided case cannot be closed yet ("" when nothing stands in the way)."""
    s = sanctions.default()
    kinds = [s.kinds[p["kind"]] for p in cur.penalties if p["kind"] in s.kinds]
    if coercion.blocker(cur):  # a seizure or power cut is lifted first, whatever the outcome
        return coercion.blocker(cur)
    if cur.revoked:
        return ""
    waiting = [k.zh for k in kinds if k.referral and k.code not in cur.referral_decided]
    if waiting:
        return f"“{'、'.join(waiting)}”尚待有权机关决定（《安全生产法》第一百一十五条）"
    if any(k.resumption for k in kinds) and not cur.resumed:
        return "停产停业整顿尚未验收"
    if _pending(cur):
        return "行政复议或者行政诉讼尚未终结"
    if cur.onsite and not cur.onsite_filed:
        return "当场处罚决定尚未报所属行政机关备案（《行政处罚法》第五十二条）"
    return ""


def due_date(j: Judged) -> dt.date:
    """15 days from delivery (Art. 67), moved off a weekend or holiday (``workdays``)."""
    return j.calendar.next_working_day(j.day + dt.timedelta(days=j.rules.payment_days))


ONSITE_KINDS = {"fine": "罚款", "warning": "警告"}


def _onsite_decision(j: Judged) -> None:
    """当场处罚 (行政处罚法 Art. 51, 52): the case's first step; a warning, or a fine of at most
    200 yuan for a person and 3,000 for a unit, on an article; paid within 15 days (Art. 67)."""
    if j.cur.steps:
        raise refuse(
            "order",
            "当场处罚只能在案件尚未办理其他环节时作出。",
            "An on-the-spot decision is the case's first step.",
        )
    from_step_team(j)
    limits = sanctions.default().onsite
    kind = choice(j.data.get("penalty", "fine"), "penalty", ONSITE_KINDS)
    amount = yuan(j.data.get("amount", "0"), "fine_amount")
    person = j.case["party_kind"] == "person"
    top = limits.person_max if person else limits.unit_max
    if kind == "warning":
        amount = Decimal("0.00")
    elif not Decimal(0) < amount <= top:
        raise refuse(
            "onsite_limit",
            f"当场处罚的罚款对{'公民' if person else '法人或者其他组织'}不得超过{top}元，"
            "超过的应当适用普通程序（《行政处罚法》第五十一条）。",
            f"An on-the-spot fine is at most {top} yuan for this party (Art. 51).",
        )
    article_id = required_text(j.data.get("article_id") or j.case["article_id"], "article_id", 40)
    j.data.update({"penalty": kind, "amount": str(amount), "article_id": article_id})
    j.data["due_on"] = due_date(j).isoformat()


def _onsite_filed(j: Judged) -> None:
    """Art. 52: filed with the bureau; a filing after the local period is marked late."""
    decided = j.cur.decided_on
    if not j.cur.onsite or decided is None or j.cur.onsite_filed:
        raise refuse("order", "没有待备案的当场处罚决定。", "No on-the-spot decision to file.")
    last = add_working_days(j.calendar, decided, sanctions.default().onsite.filing_days)
    if j.day > last:
        j.data["late"] = True
    else:
        j.data.pop("late", None)


def _onsite_collected(j: Judged) -> None:
    """Art. 68: collected on the spot only up to 100 yuan, or with the reason it could not be
    collected later."""
    cur = j.cur
    if not cur.onsite or cur.fine is None or cur.paid >= cur.fine:
        raise refuse("order", "没有可当场收缴的罚款。", "No fine to collect on the spot.")
    amount = cur.fine - cur.paid
    if j.day != cur.decided_on:
        raise refuse("order", "当场收缴应在作出决定的当场进行。", "Collected on the spot only.")
    if amount > sanctions.default().onsite.collect_max:
        j.data["reason"] = required_text(j.data.get("reason"), "reason", 500)
    j.data["amount"] = str(amount)


OUTCOME_GUARDS: Mapping[str, Callable[[Judged], None]] = {
    "onsite_decision": _onsite_decision,
    "onsite_filed": _onsite_filed,
    "onsite_collected": _onsite_collected,
    "no_penalty": _no_penalty,
    "legal_review": _legal_review,
    "collective_discussion": _collective,
    "referral": _referral,
    "referral_outcome": _referral_outcome,
    "resumption_accepted": _resumption,
    "review_applied": _review_applied,
    "review_decided": _decided,
    "suit_filed": _suit_filed,
    "suit_decided": _decided,
    "demand_notice": _demand,
    "enforcement_applied": _enforcement,
}
