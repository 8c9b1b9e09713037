"""Administrative coercive measures in a case (行政强制措施): sealing or seizure (查封、扣押,
行政强制法 Art. 18–28; 安全生产法 Art. 65 ¶1 (四)) and the power cut that enforces a
suspension (停止供电, 安全生产法 Art. 70).

* a seizure is made by two officers (Art. 18 (二)) with the head's approval beforehand, or on
  the spot in an emergency with the approval sought within 24 hours (Art. 19); its record
  (现场笔录) is signed by the party, notes the party's refusal, or is signed by a witness when
  the party is absent (Art. 18 (八)(九)); the decision lists the items and the period, at most
  30 days (Art. 24, 25);
* the period is extended once, by at most 30 days, with the head's approval and a reason,
  before it ends (Art. 25);
* the seizure is released with its ground (Art. 28), before the case closes; a period that
  ran out without a release is an overdue deadline;
* a power cut is decided with the head's approval (安全生产法 Art. 70 ¶1) and recorded on the day
  the decision is delivered to the unit, which is its written notice: the planned cut
  (``cut_on``, ``cut_at``) is at least 24 hours after that notice unless an emergency is stated,
  and never before it (Art. 70 ¶2); the decided cut counts until it is lifted, once the unit
  complies (Art. 70 ¶2), not before the cut day.

The limits are data (``case_procedure.json``, section ``coercion``, with their articles); the
state of each measure is read from the case's steps, so a server judges them as a device does.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from inspector_app.cases.cases import PROCEDURE_FILE, CaseState, ProcedureDataError, Step
from inspector_app.cases.judging import Judged, refuse, require_approver, require_team
from inspector_app.datafile import Problem, json_object
from inspector_app.registry import officers
from inspector_app.registry.validation import FieldLabel, choice, error, required_text
from inspector_app.store.paths import resources_dir

# the steps (named in ``cases.STEP_KINDS``)
KINDS = (
    "seizure",
    "seizure_ratified",
    "seizure_extended",
    "seizure_released",
    "power_cut",
    "power_restored",
)
MEASURES = {"seal": "查封", "seize": "扣押"}
# 行政强制法 Art. 18 (八)(九): who signed the record on the spot
SIGNED_BY = {
    "party": "当事人签名",
    "party_refused": "当事人拒绝签名，已在笔录中注明",
    "witness": "当事人不到场，见证人签名",
}
# 行政强制法 Art. 28 ¶1 (一)–(五), and Art. 19: the head did not approve an urgent seizure
RELEASE_GROUNDS = {
    "no_violation": "当事人没有违法行为（第二十八条第一款第（一）项）",
    "unrelated": "查封、扣押的场所、设施或者财物与违法行为无关（第二十八条第一款第（二）项）",
    "decided": (
        "行政机关对违法行为已经作出处理决定，不再需要查封、扣押（第二十八条第一款第（三）项）"
    ),
    "expired": "查封、扣押期限已经届满（第二十八条第一款第（四）项）",
    "other": "其他不再需要采取查封、扣押措施的情形（第二十八条第一款第（五）项）",
    "not_approved": "行政机关负责人认为不应当采取行政强制措施（第十九条）",
}
FOLLOWS: Mapping[str, tuple[str, ...]] = {
    "seizure": ("filing_approved",),
    "seizure_ratified": ("seizure",),
    "seizure_extended": ("seizure", "seizure_ratified"),
    "seizure_released": ("seizure", "seizure_ratified", "seizure_extended"),
    "power_cut": ("filing_approved",),
    "power_restored": ("power_cut",),
}


@dataclass(frozen=True)
class CoercionRules:
    """``case_procedure.json`` section ``coercion``; defaults are the law's."""

    seizure_max_days: int = 30  # 行政强制法 Art. 25 ¶1
    extension_max_days: int = 30  # Art. 25 ¶1
    extensions: int = 1  # Art. 25 ¶1: 延长期限不得超过三十日 (once)
    ratify_hours: int = 24  # Art. 19
    power_notice_hours: int = 24  # 安全生产法 Art. 70 ¶2


_NUMBERS = ("seizure_max_days", "extension_max_days", "extensions", "ratify_hours")


def load(path: Path | None = None) -> CoercionRules:
    path = path if path is not None else resources_dir() / PROCEDURE_FILE
    try:
        body = json_object(
            json.loads(path.read_text(encoding="utf-8"))["coercion"],
            {"source", "verified", *_NUMBERS, "power_notice_hours"},
            {"note"},
        )
        values = {name: body[name] for name in (*_NUMBERS, "power_notice_hours")}
        for name, value in values.items():
            if type(value) is not int or value <= 0:
                raise Problem("value", f"{name} 应为正整数", f"{name} must be a positive integer")
    except (OSError, ValueError, KeyError, Problem) as exc:
        zh, en = (exc.zh, exc.en) if isinstance(exc, Problem) else (str(exc), str(exc))
        raise ProcedureDataError(
            f"数据文件“{path.name}”有误：{zh}", f"data file {path.name}: {en}", "coercion"
        ) from None
    return CoercionRules(**values)


@cache
def default_rules() -> CoercionRules:
    return load()


# -- what the steps say ----------------------------------------------------------------------


@dataclass(frozen=True)
class Seizure:
    step: Step  # the seizure itself
    until: dt.date  # the last day of the period, extended or not
    urgent: bool  # made on the spot before approval (Art. 19)
    ratified: bool
    extensions: int
    released_on: dt.date | None


def seizures(cur: CaseState) -> list[Seizure]:
    """The case's seizures in order, each with what later steps did to it."""
    out: list[Seizure] = []
    for step in cur.steps:
        if step.kind == "seizure":
            urgent = bool(step.data.get("urgent"))
            until = dt.date.fromisoformat(str(step.data["until"]))
            out.append(Seizure(step, until, urgent, not urgent, 0, None))
        elif out and step.kind in ("seizure_ratified", "seizure_extended", "seizure_released"):
            last = out[-1]
            if step.kind == "seizure_ratified":
                out[-1] = _with(last, ratified=True)
            elif step.kind == "seizure_extended":
                until = dt.date.fromisoformat(str(step.data["until"]))
                out[-1] = _with(last, until=until, extensions=last.extensions + 1)
            else:
                out[-1] = _with(last, released_on=step.occurred_on)
    return out


def _with(seizure: Seizure, **changes: Any) -> Seizure:
    return replace(seizure, **changes)


def active_seizure(cur: CaseState) -> Seizure | None:
    found = seizures(cur)
    return found[-1] if found and found[-1].released_on is None else None


@dataclass(frozen=True)
class PowerCut:
    """A decided power cut as its step records it (安全生产法 Art. 70)."""

    step: Step  # dated on the day the decision was delivered to the unit
    cut: dt.datetime  # when the supply stops (planned: it may lie ahead)
    notified: dt.datetime | None  # the written notice; None for an emergency recorded without
    emergency: bool


def power_cut(step: Step) -> PowerCut:
    """What a ``power_cut`` step says. A step recorded before the cut had its own date (no
    ``cut_on``) was dated on the cut day, its notice on ``notified_on``: read as it was."""
    data = step.data
    cut_on = dt.date.fromisoformat(str(data["cut_on"])) if data.get("cut_on") else step.occurred_on
    cut = dt.datetime.combine(cut_on, _hhmm(str(data["cut_at"])))
    notified = None
    if data.get("notified_at"):
        notified_on = dt.date.fromisoformat(str(data.get("notified_on") or step.occurred_on))
        notified = dt.datetime.combine(notified_on, _hhmm(str(data["notified_at"])))
    return PowerCut(step, cut, notified, bool(data.get("emergency")))


def _hhmm(text: str) -> dt.time:
    return dt.datetime.strptime(text, "%H:%M").time()


def active_power_cut(cur: CaseState) -> PowerCut | None:
    """The power cut decided and not lifted: planned or in force, it is lifted before the case
    ends (a unit told of a cut keeps that decision until it is lifted)."""
    cut: Step | None = None
    for step in cur.steps:
        if step.kind == "power_cut":
            cut = step
        elif step.kind == "power_restored":
            cut = None
    return power_cut(cut) if cut is not None else None


def blocker(cur: CaseState) -> str:
    """Why the case cannot close or end yet because of a measure ("" when none is running)."""
    if active_seizure(cur) is not None:
        return "查封（扣押）尚未解除（《行政强制法》第二十八条）"
    if active_power_cut(cur) is not None:
        return "停止供电措施尚未解除（《安全生产法》第七十条）"
    return ""


def deadlines(cur: CaseState) -> list[tuple[str, dt.date]]:
    """The measures' limits: the approval of an urgent seizure, the end of its period."""
    seizure = active_seizure(cur)
    if seizure is None:
        return []
    out = []
    if not seizure.ratified:
        hours = default_rules().ratify_hours
        out.append(
            (
                f"查封（扣押）补办批准（{hours}小时内，《行政强制法》第十九条）",
                seizure.step.occurred_on + dt.timedelta(days=max(hours // 24, 1)),
            )
        )
    out.append(("查封（扣押）期限届满，应解除或延长（《行政强制法》第二十五条）", seizure.until))
    return out


def next_steps(cur: CaseState) -> list[str]:
    """The measures' steps the case allows now (after filing, before closure)."""
    allowed: list[str] = []
    seizure = active_seizure(cur)
    if seizure is None:
        allowed.append("seizure")
    else:
        if not seizure.ratified:
            allowed.append("seizure_ratified")
        if seizure.extensions < default_rules().extensions:
            allowed.append("seizure_extended")
        allowed.append("seizure_released")
    allowed.append("power_restored" if active_power_cut(cur) else "power_cut")
    return allowed


# -- the guards ------------------------------------------------------------------------------


def _days(j: Judged, name: str, most: int) -> int:
    try:
        days = int(str(j.data.get(name, "")).strip())
    except ValueError:
        days = 0
    if not 1 <= days <= most:
        raise error(
            name,
            "range",
            f"期限应为1至{most}日（《行政强制法》第二十五条）",
            f"1 to {most} days (Administrative Coercion Law Art. 25)",
        )
    j.data[name] = days
    return days


def _seizure(j: Judged) -> None:
    if active_seizure(j.cur) is not None:
        raise refuse(
            "twice",
            "本案已有未解除的查封（扣押），请先解除或延长。",
            "A seizure of this case is still in force.",
        )
    require_team(j)  # 行政强制法 Art. 18 (二): two officers or more
    j.data["measure"] = choice(j.data.get("measure"), "measure", MEASURES)
    if j.data.get("urgent"):
        # Art. 19: on the spot in an emergency; the head approves within 24 hours
        j.data["urgent"] = True
        j.data["urgent_reason"] = required_text(j.data.get("urgent_reason"), "urgent_reason", 500)
        if j.step.approved_by:
            require_approver(j, j.name)
    else:
        j.data.pop("urgent", None)
        require_approver(j, j.name)  # Art. 18 (一): reported to and approved by the head
    j.data["place"] = required_text(j.data.get("place"), "place", 200)
    items = [str(i).strip() for i in j.data.get("items") or [] if str(i).strip()]
    if not items:
        raise error(
            "items",
            "required",
            "应列明查封（扣押）的场所、设施或者财物的名称、数量（《行政强制法》第二十四条）",
            "list the places, equipment or goods sealed or seized (Art. 24)",
        )
    j.data["items"] = [required_text(i, "items", 200) for i in items]
    days = _days(j, "days", default_rules().seizure_max_days)
    j.data["until"] = (j.day + dt.timedelta(days=days)).isoformat()
    j.data["signed_by"] = choice(j.data.get("signed_by"), "signed_by", SIGNED_BY)
    if j.data["signed_by"] == "witness":  # Art. 18 (八): the party absent, a witness signs
        j.data["witness"] = required_text(j.data.get("witness"), "witness", 50)
    j.data["record"] = required_text(j.data.get("record"), "record", 20_000)


def _ratified(j: Judged) -> None:
    seizure = active_seizure(j.cur)
    if seizure is None or seizure.ratified:
        raise refuse("order", "没有待补办批准的查封（扣押）。", "No urgent seizure waits.")
    require_approver(j, j.name)
    hours = default_rules().ratify_hours
    last = seizure.step.occurred_on + dt.timedelta(days=max(hours // 24, 1))
    if j.day > last:
        raise refuse(
            "ratify_late",
            f"当场实施的查封（扣押）应在{hours}小时内补办批准手续（至{last.isoformat()}），"
            "已逾期，应当立即解除（《行政强制法》第十九条）。",
            f"An urgent seizure is approved within {hours} hours (by {last.isoformat()}); too "
            "late: release it (Administrative Coercion Law Art. 19).",
        )


def _extended(j: Judged) -> None:
    seizure = active_seizure(j.cur)
    if seizure is None:
        raise refuse("order", "没有未解除的查封（扣押）。", "No seizure in force.")
    rules = default_rules()
    if seizure.extensions >= rules.extensions:
        raise refuse(
            "twice",
            "查封（扣押）期限只能延长一次（《行政强制法》第二十五条）。",
            "A seizure is extended once only (Art. 25).",
        )
    if j.day > seizure.until:
        raise refuse(
            "expired",
            f"查封（扣押）期限已于{seizure.until.isoformat()}届满，不能再延长，应当解除"
            "（《行政强制法》第二十五条、第二十八条）。",
            f"The period ended on {seizure.until.isoformat()}: release, not extend (Arts. 25, 28).",
        )
    require_approver(j, j.name)  # Art. 25: 经行政机关负责人批准
    days = _days(j, "days", rules.extension_max_days)
    j.data["reason"] = required_text(j.data.get("reason"), "reason", 500)  # Art. 25 ¶2
    j.data["until"] = (seizure.until + dt.timedelta(days=days)).isoformat()


def _released(j: Judged) -> None:
    if active_seizure(j.cur) is None:
        raise refuse("order", "没有未解除的查封（扣押）。", "No seizure in force.")
    require_approver(j, j.name)
    j.data["ground"] = choice(j.data.get("ground"), "ground", RELEASE_GROUNDS)


# the names of the power cut's fields in its refusals
POWER_LABELS: Mapping[str, FieldLabel] = {
    "cut_on": FieldLabel("停止供电日期", "Power cut date"),
    "cut_at": FieldLabel("停止供电时间", "Power cut time"),
    "notified_at": FieldLabel("书面通知时间", "Time the unit was notified"),
    "notified_on": FieldLabel("书面通知日期", "Date the unit was notified"),
}


def _power_cut(j: Judged) -> None:
    if active_power_cut(j.cur) is not None:
        raise refuse("twice", "停止供电措施尚未解除。", "A power cut is in force already.")
    # 安全生产法 Art. 70 ¶1: approved by the head (主要负责人) of the bureau
    require_approver(j, j.name)
    j.data["order"] = required_text(j.data.get("order"), "order", 300)
    j.data["supplier"] = required_text(j.data.get("supplier"), "supplier", 100)
    if "cut_on" not in j.data:
        _power_cut_dated_on_the_cut(j)
        return
    # the step is the decision, delivered to the unit on its own day: that is the notice
    notified = dt.datetime.combine(j.day, _time(j.data, "notified_at"))
    cut_on = officers.parse_date(j.data.get("cut_on"), "cut_on", POWER_LABELS)
    j.data["cut_on"] = cut_on.isoformat()
    cut = dt.datetime.combine(cut_on, _time(j.data, "cut_at"))
    if cut < notified:
        field = "cut_on" if cut_on < j.day else "cut_at"
        raise error(
            field,
            "order",
            "停止供电不能早于停止供电决定书送达（书面通知）当事人的时间（《安全生产法》第七十条第二款）",
            "the power is not cut before the decision is delivered to the unit "
            "(Work Safety Law Art. 70 ¶2)",
            POWER_LABELS,
        )
    if _emergency(j, drop_reason=True):
        return  # Art. 70 ¶2: in an emergency endangering safety the cut may follow at once
    hours = default_rules().power_notice_hours
    earliest = notified + dt.timedelta(hours=hours)
    if cut < earliest:
        told, first = f"{notified:%Y-%m-%d %H:%M}", f"{earliest:%Y-%m-%d %H:%M}"
        raise error(
            "cut_on",
            "notice",
            f"停止供电应当在书面通知生产经营单位{hours}小时以后（通知于{told}，最早{first}），"
            "危及生产安全的紧急情形除外（《安全生产法》第七十条第二款）",
            f"the power is cut {hours} hours or more after the unit is told in writing (told "
            f"{told}, so not before {first}) unless an emergency is stated (Work Safety Law "
            "Art. 70 ¶2)",
            POWER_LABELS,
        )


def _emergency(j: Judged, *, drop_reason: bool) -> bool:
    """Whether the cut is an emergency (its reason then required); otherwise the flag is
    dropped, and its leftover reason too when ``drop_reason`` (a step in the old shape keeps
    what it was recorded with)."""
    if j.data.get("emergency"):
        j.data["emergency"] = True
        j.data["emergency_reason"] = required_text(
            j.data.get("emergency_reason"), "emergency_reason", 500
        )
        return True
    j.data.pop("emergency", None)
    if drop_reason:
        j.data.pop("emergency_reason", None)
    return False


def _power_cut_dated_on_the_cut(j: Judged) -> None:
    """A step as recorded before the decision had its own date: dated on the cut day, the
    notice on ``notified_on``. A device may still push one recorded then; it is judged as it
    was (case steps are never rewritten)."""
    cut_at = _time(j.data, "cut_at")
    if _emergency(j, drop_reason=False):
        return
    hours = default_rules().power_notice_hours
    notified_on = officers.parse_date(j.data.get("notified_on"), "notified_on", POWER_LABELS)
    notified = dt.datetime.combine(notified_on, _time(j.data, "notified_at"))
    j.data["notified_on"] = notified_on.isoformat()
    if dt.datetime.combine(j.day, cut_at) - notified < dt.timedelta(hours=hours):
        raise error(
            "notified_on",
            "notice",
            f"停止供电应当提前{hours}小时书面通知生产经营单位，危及生产安全的紧急情形除外"
            "（《安全生产法》第七十条第二款）",
            f"the unit is told in writing {hours} hours ahead unless an emergency is stated "
            "(Work Safety Law Art. 70 ¶2)",
            POWER_LABELS,
        )


def _time(data: dict[str, Any], name: str) -> dt.time:
    raw = str(data.get(name) or "").strip().replace("：", ":")
    try:
        value = dt.datetime.strptime(raw, "%H:%M").time()
    except ValueError:
        raise error(
            name, "time", "应为时:分，如 09:30", "must be HH:MM, e.g. 09:30", POWER_LABELS
        ) from None
    data[name] = value.strftime("%H:%M")
    return value


def _power_restored(j: Judged) -> None:
    cut = active_power_cut(j.cur)
    if cut is None:
        raise refuse("order", "没有未解除的停止供电措施。", "No power cut in force.")
    # Art. 70 ¶2: lifted once the unit carries out the decision; a supply not yet cut is
    # not resumed
    if j.day < cut.cut.date():
        raise error(
            "occurred_on",
            "order",
            f"解除停止供电的日期不能早于停止供电日期（{cut.cut.date().isoformat()}）"
            "（《安全生产法》第七十条第二款）",
            f"the cut is lifted on or after the day of the cut ({cut.cut.date().isoformat()}) "
            "(Work Safety Law Art. 70 ¶2)",
        )
    j.data["reason"] = required_text(j.data.get("reason"), "reason", 500)


GUARDS: Mapping[str, Callable[[Judged], None]] = {
    "seizure": _seizure,
    "seizure_ratified": _ratified,
    "seizure_extended": _extended,
    "seizure_released": _released,
    "power_cut": _power_cut,
    "power_restored": _power_restored,
}
assert set(GUARDS) == set(KINDS)
