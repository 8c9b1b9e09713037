"""The limits a case's steps set running, and the steps the procedure allows next.

The case page counts the deadlines down and offers only ``next_steps``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from inspector_app.cases import coercion, outcomes, sanctions
from inspector_app.cases.cases import CaseRules, CaseState, default_rules, limitation_end
from inspector_app.cases.workdays import Calendar, add_working_days


@dataclass(frozen=True)
class Deadline:
    what: str  # zh
    due: dt.date
    days_left: int
    overdue: bool


def deadlines(
    case: Mapping[str, Any],
    cur: CaseState,
    today: dt.date,
    calendar: Calendar,
    rules: CaseRules | None = None,
) -> list[Deadline]:
    """The limits still running, soonest first (the case page counts them down)."""
    rules = rules or default_rules()
    out: list[tuple[str, dt.date]] = []
    if cur.stage in ("closed", "refused"):
        return []
    if cur.decided_on is None and cur.filed_on is None:
        # the filing request says whether harm gives five years instead of two (Art. 36)
        harm = any(s.kind == "filing_requested" and s.data.get("harm") for s in cur.steps)
        out.append(("追责时效（《行政处罚法》第三十六条）", limitation_end(case, rules, harm)))
    if cur.filed_on is not None and cur.decided_on is None:
        out.append(
            (
                f"作出处罚决定期限（立案后{rules.decision_limit_days}日，第六十条）",
                cur.filed_on + dt.timedelta(days=rules.decision_limit_days),
            )
        )
    for n, when in enumerate(cur.preservations):
        if n >= cur.preservations_decided:
            out.append(
                (
                    f"先行登记保存证据处理（{rules.preservation_days}个工作日，第五十六条）",
                    add_working_days(calendar, when, rules.preservation_days),
                )
            )
    if cur.notice_on is not None and cur.decided_on is None and not cur.waived:
        out.append(
            ("陈述申辩期限", add_working_days(calendar, cur.notice_on, rules.statement_days))
        )
        if cur.hearing_right and cur.hearing_requested_on is None:
            out.append(
                (
                    "听证申请期限（第六十四条）",
                    add_working_days(calendar, cur.notice_on, rules.hearing_request_days),
                )
            )
    if cur.decided_on is not None and cur.delivered_on is None:
        out.append(
            (
                f"送达处罚决定书（{rules.delivery_days}个工作日，第六十一条）",
                add_working_days(calendar, cur.decided_on, rules.delivery_days),
            )
        )
    if cur.instalments and cur.fine is not None and cur.paid < cur.fine:
        due_so_far = Decimal("0")
        for n, (when, amount) in enumerate(cur.instalments, 1):
            due_so_far += amount
            if cur.paid < due_so_far:  # the first instalment not yet covered
                out.append((f"第{n}期缴款期限（分期缴纳，第六十六条）", when))
                break
    elif cur.due_on is not None and cur.fine is not None and cur.paid < cur.fine:
        out.append(("缴纳罚款期限（第六十七条）", cur.due_on))
    if cur.onsite and cur.decided_on is not None and not cur.onsite_filed:
        out.append(
            (
                "当场处罚决定备案期限（《行政处罚法》第五十二条）",
                add_working_days(calendar, cur.decided_on, sanctions.default().onsite.filing_days),
            )
        )
    window = outcomes.enforcement_window(cur)
    if window is not None and cur.enforcement_on is None and not cur.revoked:
        if cur.fine is not None and cur.paid < cur.fine:
            out.append(("申请人民法院强制执行期限（《行政强制法》第五十三条）", window[1]))
    out += coercion.deadlines(cur)  # a seizure's period running out is overdue, not silent
    result = [Deadline(what, due, (due - today).days, today > due) for what, due in out]
    return sorted(result, key=lambda d: d.due)


def next_steps(cur: CaseState) -> list[str]:
    """The steps the procedure allows now (the case page offers only these)."""
    if cur.stage == "new":
        return ["filing_requested", "onsite_decision"]
    if cur.onsite and cur.stage != "closed":
        return _onsite_next(cur)
    if cur.stage == "requested":
        return ["filing_approved", "filing_refused"]
    if cur.stage in ("closed", "refused"):
        return ["transfer_outcome"] if cur.transferred_on else []
    allowed = ["inquiry", "evidence", "preservation", "transfer_proposed"]
    allowed += coercion.next_steps(cur)  # 行政强制法 Art. 18–28; 安全生产法 Art. 70
    if cur.preservations_decided < len(cur.preservations):
        allowed.append("preservation_decided")
    if cur.transfer_proposed_on and not cur.transfer_approved_on:
        allowed.append("transfer_approved")
    if cur.transfer_approved_on and not cur.transferred_on:
        allowed.append("transferred")
    if cur.transferred_on:
        allowed += ["transfer_accepted", "transfer_assistance", "transfer_outcome"]
    if cur.notice_on is None:
        allowed.append("notice_delivered")
    elif cur.decided_on is None:
        allowed += ["statement", "rights_waived"]
        if cur.hearing_right and cur.hearing_requested_on is None:
            allowed.append("hearing_requested")
        if cur.hearing_requested_on and cur.hearing_on is None:
            allowed.append("hearing_notified")
        if cur.hearing_on and not cur.hearing_held:
            allowed.append("hearing_held")
        allowed.append("decision")
    elif cur.delivered_on is None:
        allowed.append("decision_delivered")
    else:
        if cur.fine is not None and cur.paid < cur.fine and not cur.revoked:
            allowed += ["payment", "deferral_approved", "demand_notice"]
        allowed += _after_delivery(cur)
    if cur.decided_on is None:
        # 行政处罚法 Art. 58, 57: the reviews before a decision; or no penalty at all
        allowed += [k for k, done in _REVIEWS if not getattr(cur, done)] + ["no_penalty"]
    carried_out = cur.fine is not None and cur.paid >= cur.fine and cur.delivered_on
    if (carried_out or cur.revoked) and not outcomes.closure_blockers(cur) or cur.transfer_accepted:
        allowed.append("closure_approved")
    return list(dict.fromkeys(allowed))


_REVIEWS = (("legal_review", "legal_reviewed"), ("collective_discussion", "discussed"))


def _after_delivery(cur: CaseState) -> list[str]:
    """Referrals, resumption, review and suit, enforcement: what a delivered decision allows."""
    kinds = sanctions.default().kinds
    found = [kinds[p["kind"]] for p in cur.penalties if p["kind"] in kinds]
    allowed = []
    if any(k.referral and k.code not in cur.referred for k in found):
        allowed.append("referral")
    if cur.referred - cur.referral_decided:
        allowed.append("referral_outcome")
    if any(k.resumption for k in found) and not cur.resumed:
        allowed.append("resumption_accepted")
    pending = bool(cur.pauses) and cur.pauses[-1][1] is None
    if pending:
        allowed.append("suit_decided" if cur.suit_on else "review_decided")
    else:
        if cur.review_on is None and cur.suit_on is None:
            allowed.append("review_applied")
        if cur.suit_on is None:
            allowed.append("suit_filed")
    if cur.demand_on is not None and cur.enforcement_on is None:
        allowed.append("enforcement_applied")
    return allowed


def _onsite_next(cur: CaseState) -> list[str]:
    """After an on-the-spot decision (行政处罚法 Art. 51–52, 68): filing, payment, closure."""
    allowed = [] if cur.onsite_filed else ["onsite_filed"]
    if cur.fine is not None and cur.paid < cur.fine:
        allowed += ["onsite_collected", "payment"]
    elif not outcomes.closure_blockers(cur):
        allowed.append("closure_approved")
    return allowed
