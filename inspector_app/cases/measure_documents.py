"""What the documents of coercive measures, of the on-the-spot decision and of the demand
notice say (``cases.documents.content_for`` adds the parts every case document shares).

* 现场笔录 and 查封（扣押）决定书 from a seizure (行政强制法 Art. 18, 24), the decision
  extending it (Art. 25) and the one releasing it (Art. 28);
* 当场行政处罚决定书, pre-numbered in its own series (行政处罚法 Art. 52);
* 催告书 before the court is asked to enforce (行政强制法 Art. 35, 54);
* the power cut that enforces a suspension (安全生产法 Art. 70): the 停止供电决定书 to the unit,
  dated on its step's day, which is the written notice 24 hours before the planned cut (or
  states the emergency), and the notices to the supplier to stop the supply at the planned
  time and to resume it, citing the decision's number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from inspector_app.cases import cases, coercion, money, outcomes
from inspector_app.documents.issued import chinese_date

FROM_STEP = {
    "seizure_record": "seizure",
    "seizure_decision": "seizure",
    "seizure_extension": "seizure_extended",
    "seizure_release": "seizure_released",
    "onsite_penalty_decision": "onsite_decision",
    "demand_notice": "demand_notice",
    "power_cut_decision": "power_cut",
    "power_cut_notice": "power_cut",
    "power_restore_notice": "power_restored",
}
# 安全生产法 Art. 65 ¶1 (四): the power; 行政强制法 Art. 23, 24: what may be sealed, the decision
SEIZURE_BASIS = (
    "《中华人民共和国安全生产法》第六十五条第一款第（四）项和"
    "《中华人民共和国行政强制法》第二十三条、第二十四条"
)

# 安全生产法 Art. 70 ¶1: the power cut, approved by the head, notified in writing
POWER_CUT_BASIS = "《中华人民共和国安全生产法》第七十条第一款"
# Art. 70 ¶2: the 24 hours' notice (or the emergency), and the lifting once the unit complies
POWER_NOTICE_BASIS = "《中华人民共和国安全生产法》第七十条第二款"
POWER_KINDS = ("power_cut_decision", "power_cut_notice", "power_restore_notice")


def _seizure_of(cur: cases.CaseState, step: cases.Step) -> coercion.Seizure:
    """The seizure ``step`` belongs to (the last one begun on or before it)."""
    found = [s for s in coercion.seizures(cur) if s.step.order_key <= step.order_key]
    return found[-1]


def _at(day: dt.date, hhmm: str) -> str:
    """A moment as written on a document: 2026年12月3日9时00分."""
    time = dt.datetime.strptime(hhmm, "%H:%M").time()
    return f"{chinese_date(day)}{time.hour}时{time.minute:02d}分"


def _power_cut_of(cur: cases.CaseState, step: cases.Step) -> coercion.PowerCut:
    """The power cut ``step`` belongs to (the last one recorded on or before it)."""
    found = [s for s in cur.steps if s.kind == "power_cut" and s.order_key <= step.order_key]
    return coercion.power_cut(found[-1])


def dated_on_step(kind: str, cur: cases.CaseState) -> dt.date | None:
    """The day a document bears whatever day it is printed, or None: the 停止供电决定书 is the
    unit's written notice (安全生产法 Art. 70 ¶2), dated on the day of its step, from which the
    24 hours before the cut count."""
    if kind != "power_cut_decision":
        return None
    found = [s for s in cur.steps if s.kind == "power_cut"]
    return found[-1].occurred_on if found else None


def _moment(when: dt.datetime) -> str:
    return _at(when.date(), when.strftime("%H:%M"))


def _power(
    kind: str, cur: cases.CaseState, step: cases.Step, shared: Mapping[str, Any]
) -> dict[str, Any]:
    cut = _power_cut_of(cur, step)
    data = cut.step.data
    out: dict[str, Any] = {
        "order": str(data["order"]),
        "supplier": str(data["supplier"]),
        "cut_at": _moment(cut.cut),
        "basis": POWER_CUT_BASIS,
        "notice_basis": POWER_NOTICE_BASIS,
    }
    if kind == "power_cut_decision":
        out.update(
            {
                "emergency": cut.emergency,
                "emergency_reason": str(data.get("emergency_reason") or ""),
                "notified_at": _moment(cut.notified) if cut.notified else "",
                "notice_hours": coercion.default_rules().power_notice_hours,
                "remedy": shared["remedy"],
            }
        )
        return out
    out.update({"decision_number": shared["decision_number"], "contact": shared["contact"]})
    if kind == "power_restore_notice":
        out.update(
            {"reason": str(step.data["reason"]), "restored_on": chinese_date(step.occurred_on)}
        )
    return out


def content(
    kind: str,
    case: Mapping[str, Any],
    cur: cases.CaseState,
    step: cases.Step,
    shared: Mapping[str, Any],
) -> dict[str, Any]:
    """The fields of ``kind`` besides those every case document has. ``shared``: what
    ``content_for`` computed (officers of the step, facts, basis, remedy, payment, contact,
    the decision's number…)."""
    data = step.data
    if kind in ("seizure_record", "seizure_decision", "seizure_extension", "seizure_release"):
        seizure = _seizure_of(cur, step)
        first = seizure.step.data
        out: dict[str, Any] = {
            "measure": coercion.MEASURES[str(first["measure"])],
            "items": list(first["items"]),
            "place": str(first["place"]),
            "from_date": chinese_date(seizure.step.occurred_on),
        }
        if kind == "seizure_record":
            out.update(
                {
                    "occurred_on": chinese_date(step.occurred_on),
                    "officers": shared["step_officers"],
                    "record": str(data["record"]),
                    "urgent": bool(data.get("urgent")),
                    "urgent_reason": str(data.get("urgent_reason") or ""),
                    "signed_by": str(data["signed_by"]),
                    "witness": str(data.get("witness") or ""),
                }
            )
        elif kind == "seizure_decision":
            out.update(
                {
                    "facts": shared["facts"],
                    "basis": SEIZURE_BASIS,
                    "days": int(data["days"]),
                    "until": chinese_date(dt.date.fromisoformat(str(data["until"]))),
                    "remedy": shared["remedy"],
                }
            )
        elif kind == "seizure_extension":
            old = dt.date.fromisoformat(str(first["until"]))
            out.update(
                {
                    "decision_number": shared["decision_number"],
                    "old_until": chinese_date(old),
                    "reason": str(data["reason"]),
                    "days": int(data["days"]),
                    "until": chinese_date(dt.date.fromisoformat(str(data["until"]))),
                    "remedy": shared["remedy"],
                }
            )
        else:
            out.update(
                {
                    "decision_number": shared["decision_number"],
                    "ground": coercion.RELEASE_GROUNDS[str(data["ground"])],
                    "released_on": chinese_date(step.occurred_on),
                }
            )
        return out
    if kind == "onsite_penalty_decision":
        amount = Decimal(str(data.get("amount", "0")))
        warning = data.get("penalty") == "warning"
        return {
            "facts": shared["facts"],
            "basis": shared["basis"],
            "violates": shared["violates"],
            "correction": shared["correction"],
            "penalty_text": "警告" if warning else "罚款" + money.decision_phrase(amount),
            "fined": not warning,
            "payment": shared["payment"],
            "remedy": shared["remedy"],
            "decided_on": chinese_date(step.occurred_on),
            "place": str(data.get("place") or case["party_address"] or "现场"),
            "officers": shared["step_officers"],
        }
    if kind == "demand_notice":
        fine = cur.fine or Decimal("0")
        due = cur.due_on or step.occurred_on
        rules = cases.default_rules()
        extra = cases.surcharge(fine, due, step.occurred_on, rules, cur.pauses)
        owed = fine + extra - cur.paid
        return {
            "decision_number": shared["decision_number"],
            "decided_on": chinese_date(cur.decided_on or step.occurred_on),
            "delivered_on": chinese_date(cur.delivered_on or step.occurred_on),
            "due_on": chinese_date(due),
            "penalty_text": "罚款" + money.decision_phrase(fine),
            "fine": money.format_yuan(fine).lstrip("¥"),
            "surcharge": money.format_yuan(extra).lstrip("¥"),
            "paid": money.format_yuan(cur.paid).lstrip("¥"),
            "owed": money.format_yuan(owed).lstrip("¥"),
            "owed_upper": money.to_chinese_upper(owed),
            "demand_days": outcomes.DEMAND_DAYS,
            "payment": shared["payment"],
            "contact": shared["contact"],
        }
    if kind in POWER_KINDS:
        return _power(kind, cur, step, shared)
    raise ValueError(f"unknown case document {kind!r}")
