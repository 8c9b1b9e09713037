"""What the forms of a case's steps are made of: each step's fields (``FIELDS``), how a field
is shown (a code list, a long text, a date) and read back, and the amounts a form offers.
``ui.case_steps`` builds the forms from these."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from inspector_app.cases import cases
from inspector_app.cases.cases import CaseState

# how a decision is delivered (行政处罚法 Art. 61 → 民事诉讼法): written on the receipt as is
DELIVERY_METHODS = ("直接送达", "留置送达", "邮寄送达", "委托送达", "电子送达", "公告送达")
# the fields of each step's form (the notice and the decision have the decision dialog)
FIELDS: dict[str, tuple[str, ...]] = {
    "filing_requested": ("officers", "found_on", "act_ended_on", "harm", "opinion"),
    "filing_approved": ("approver", "opinion"),
    "filing_refused": ("approver", "opinion"),
    "inquiry": (
        "officers",
        "person",
        "id_number",
        "gender",
        "phone",
        "position",
        "address",
        "started_at",
        "ended_at",
        "record",
    ),
    "evidence": ("description", "photos"),
    "preservation": ("approver", "description"),
    "preservation_decided": ("description",),
    "statement": ("summary",),
    "rights_waived": ("note",),
    "hearing_requested": ("note",),
    "hearing_notified": ("hearing_on",),
    "hearing_held": ("summary",),
    "decision_delivered": ("recipient", "method", "place"),
    "deferral_approved": ("approver", "due_on", "instalments"),
    "payment": ("amount",),
    "transfer_proposed": ("to", "reason", "organ"),
    "transfer_approved": ("approver",),
    "transferred": ("organ",),
    "transfer_accepted": ("organ",),
    "transfer_outcome": ("detention_days", "criminal_filed", "note"),
    "transfer_assistance": ("note",),
    "closure_approved": ("approver", "opinion"),
    "no_penalty": ("approver", "ground", "item", "reason"),
    "legal_review": ("reviewer", "opinion"),
    "collective_discussion": ("approver", "participants", "conclusion"),
    "referral": ("penalty", "organ"),
    "referral_outcome": ("penalty", "referral_result"),
    "resumption_accepted": ("approver", "note"),
    "review_applied": ("organ",),
    "review_decided": ("outcome", "note"),
    "suit_filed": ("court",),
    "suit_decided": ("outcome", "note"),
    "demand_notice": ("note",),
    "enforcement_applied": ("approver", "court"),
    "onsite_decision": ("officers", "onsite_penalty", "amount"),
    "onsite_filed": ("note",),
    "onsite_collected": ("reason",),
    # 行政强制法 Art. 18–28 (``cases.coercion``)
    "seizure": (
        "officers",
        "approver",
        "urgent",
        "urgent_reason",
        "measure",
        "place",
        "items",
        "days",
        "signed_by",
        "witness",
        "record",
    ),
    "seizure_ratified": ("approver",),
    "seizure_extended": ("approver", "days", "reason"),
    "seizure_released": ("approver", "release_ground"),
    # 安全生产法 Art. 70: dated on the day the decision is delivered (the written notice)
    "power_cut": (
        "approver",
        "order",
        "supplier",
        "notified_at",
        "cut_on",
        "cut_at",
        "emergency",
        "emergency_reason",
    ),
    "power_restored": ("reason",),
}
# a field whose name in the step's data differs from the form's
RENAMED = {"referral_result": "outcome", "onsite_penalty": "penalty", "release_ground": "ground"}
# fields chosen from a list of codes: the code is recorded, its name shown
CODE_FIELDS = frozenset(
    {
        "to",
        "ground",
        "item",
        "penalty",
        "outcome",
        "referral_result",
        "onsite_penalty",
        "measure",
        "signed_by",
        "release_ground",
    }
)
LONG_FIELDS = frozenset({"record", "description", "summary", "opinion", "conclusion", "items"})
DATE_FIELDS = frozenset({"hearing_on", "due_on", "found_on", "act_ended_on", "cut_on"})
REFUSED_STYLE = "border: 2px solid #b00020"


def parse_instalments(text: str) -> list[dict[str, str]]:
    """The officer's plan "2026-12-31 10000；2027-01-31 20000" as the domain takes it (the
    domain checks dates, amounts and the total)."""
    plan = []
    for part in text.replace("；", ";").replace("，", ",").replace(",", ";").split(";"):
        words = part.split()
        if len(words) == 2:
            plan.append({"due_on": words[0], "amount": words[1]})
        elif part.strip():
            plan.append({"due_on": part.strip(), "amount": ""})
    return plan


def owed(state: CaseState, day: dt.date) -> Decimal | None:
    """What the party still owes on ``day``: the fine, the surcharge after the due date
    (行政处罚法 Art. 72), less what was paid."""
    if state.fine is None:
        return None
    rules = cases.default_rules()
    extra = cases.surcharge(state.fine, state.due_on or day, day, rules)
    return max(state.fine + extra - state.paid, Decimal(0))
