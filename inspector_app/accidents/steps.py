"""What happens to an accident after its reports, as append-only dated steps (``accident_step``).

Kinds, with what each one's ``data`` holds and the rule it obeys:

* ``forwarded`` — the report sent up one level (``level``: city, province, state; ``by``), at
  ``occurred_at`` (国务院令第493号 Art. 10-11: level by level, 2 hours each); each level once,
  after the one below.
* ``investigation_extended`` — the investigation period extended by ``days`` (at most 60, once,
  approved by ``body`` the government in charge, ``reason``) before the report was due (Art. 29).
* ``appraisal`` — a technical appraisal from ``from`` to ``to`` (``what``): its days are not
  counted in the investigation period (Art. 29).
* ``report_submitted`` — the investigation report handed to the government (once).
* ``report_approved`` — the government's approval (批复, ``body``, ``document_no``), after the
  report was submitted (Art. 32).
* ``accountability`` — one person held responsible (``name``, ``position``, ``employer``) and how
  (``measure``: criminal, party discipline, government sanction, administrative penalty,
  organisational, internal; ``detail``; ``case_id`` of a penalty case if any).
* ``listing_issued`` / ``listing_revoked`` / ``listing_closed`` — listed supervision
  (``listing``): issued only while the accident meets the trigger; revoked and closed by an
  approver (``officer_id``); closed only once the investigation report is approved.

No step is dated in the future or before the accident. The investigation's state and deadlines
are derived from the steps (``investigation``), like a hazard's or a case's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from inspector_app.accidents import fields, listing, writing
from inspector_app.accidents.fields import Collector, fail
from inspector_app.accidents.model import AccidentView, derive
from inspector_app.accidents.params import AccidentParams, default_params
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.facts import Facts

STEP_FIELDS = (
    "accident_id",
    "kind",
    "occurred_on",
    "occurred_at",
    "officer_id",
    "data",
    "created_by",
)
STEP_KINDS: Mapping[str, tuple[str, str]] = {
    "forwarded": ("逐级上报", "Reported up a level"),
    "investigation_extended": ("延长调查期限", "Investigation extended"),
    "appraisal": ("技术鉴定", "Technical appraisal"),
    "report_submitted": ("提交事故调查报告", "Investigation report submitted"),
    "report_approved": ("批复事故调查报告", "Investigation report approved"),
    "accountability": ("追究责任", "Person held responsible"),
    "listing_issued": ("挂牌督办", "Listed for supervision"),
    "listing_revoked": ("撤销挂牌督办", "Listing revoked"),
    "listing_closed": ("挂牌督办销号", "Listing closed"),
}
APPROVER_ROLES = frozenset({"approver", "admin"})
ONCE = frozenset({"investigation_extended", "report_submitted", "report_approved"})


@dataclass
class Investigation:
    """The investigation as its steps leave it (Art. 29, 32)."""

    due_on: dt.date
    extended_days: int = 0
    appraisal_days: int = 0
    submitted_on: dt.date | None = None
    approved_on: dt.date | None = None
    approval: Mapping[str, Any] = field(default_factory=dict)
    reply_due: dt.date | None = None
    accountability: list[Mapping[str, Any]] = field(default_factory=list)
    forwarded: dict[str, dt.datetime] = field(default_factory=dict)

    def overdue(self, today: dt.date) -> bool:
        """The report is due and not submitted."""
        return self.submitted_on is None and today > self.due_on

    def reply_overdue(self, today: dt.date) -> bool:
        return self.reply_due is not None and self.approved_on is None and today > self.reply_due

    def criminal(self) -> list[Mapping[str, Any]]:
        return [a for a in self.accountability if a.get("measure") == "criminal"]


def step_order(step: Mapping[str, Any]) -> tuple[str, str, str]:
    return (str(step["occurred_on"]), str(step.get("created_at", "")), str(step["id"]))


def investigation(
    view: AccidentView, steps: Iterable[Mapping[str, Any]], params: AccidentParams | None = None
) -> Investigation:
    """Deadlines and results of the accident's investigation.

    The report is due 60 days after the day of the accident, plus an approved extension and
    the days of technical appraisal (Art. 29); the government replies within 15 days of
    receiving it, 30 for an especially major accident (Art. 32)."""
    params = params or default_params()
    out = Investigation(view.occurred_on + dt.timedelta(days=params.report_due_days))
    for step in sorted(steps, key=step_order):
        kind, data = step["kind"], fields.json_data(step.get("data"))
        day = dt.date.fromisoformat(str(step["occurred_on"]))
        if kind == "investigation_extended" and not out.extended_days:
            out.extended_days = int(data.get("days", 0))
        elif kind == "appraisal":
            start, end = (dt.date.fromisoformat(str(data[k])) for k in ("from", "to"))
            out.appraisal_days += (end - start).days + 1
        elif kind == "report_submitted" and out.submitted_on is None:
            out.submitted_on = day
        elif kind == "report_approved" and out.approved_on is None:
            out.approved_on, out.approval = day, data
        elif kind == "accountability":
            out.accountability.append({**data, "occurred_on": day.isoformat()})
        elif kind == "forwarded":
            out.forwarded.setdefault(
                str(data.get("level")), dt.datetime.fromisoformat(str(step["occurred_at"]))
            )
    out.due_on += dt.timedelta(days=out.extended_days + out.appraisal_days)
    if out.submitted_on is not None:
        reply = (
            params.reply_days_especially_major if view.grade == "特别重大" else params.reply_days
        )
        out.reply_due = out.submitted_on + dt.timedelta(days=reply)
    return out


# -- the wire rule -------------------------------------------------------------------------------


def check_accident_step(
    data: Mapping[str, Any],
    facts: Facts,
    today: dt.date,
    *,
    record_id: str = "",
    params: AccidentParams | None = None,
) -> dict[str, Any]:
    """An ``accident_step`` record normalised, or ``RecordInvalid`` naming every problem."""
    params = params or default_params()
    c = Collector()
    accident = c("accident_id", lambda: _accident(data.get("accident_id"), facts))
    kind = c("kind", lambda: fields.choice(data.get("kind"), "kind", _kind_names()))
    c("created_by", lambda: fields.text(data.get("created_by"), "created_by", 64, required=True))
    body = c("data", lambda: fields.json_data(data.get("data")))
    out = c.done()
    assert accident is not None and kind is not None and body is not None
    view = derive(accident, facts.find("accident_report", {"accident_id": accident["id"]}), params)
    others = [
        s
        for s in facts.find("accident_step", {"accident_id": accident["id"]})
        if s["id"] != record_id
    ]
    c = Collector()
    when = c("occurred_on", partial(_when, data, kind, view, today))
    if when is not None:
        c("data", partial(_body, kind, body, when, view, others, today, params))
    c("officer_id", partial(_officer, kind, data.get("officer_id"), facts))
    checked = c.done()
    day, moment = when if when is not None else (dt.date.min, None)
    return {
        "accident_id": accident["id"],
        "kind": kind,
        "occurred_on": day.isoformat(),
        "occurred_at": fields.stamp(moment) if moment else "",
        "officer_id": checked["officer_id"],
        "data": fields.encode_data(checked["data"]),
        "created_by": out["created_by"],
    }


def _kind_names() -> dict[str, str]:
    return {k: zh for k, (zh, _) in STEP_KINDS.items()}


def _accident(value: object, facts: Facts) -> dict[str, Any]:
    accident_id = str(value or "").strip()
    found = facts.get("accident", accident_id) if accident_id else None
    if found is None:
        raise fail("accident_id", "unknown", "找不到该事故", f"no accident {accident_id!r}")
    return found


def _when(
    data: Mapping[str, Any], kind: str, view: AccidentView, today: dt.date
) -> tuple[dt.date, dt.datetime | None]:
    """(date, time) of the step: a forwarded report has a time (the 2-hour rule), the others a
    date; neither in the future nor before the accident."""
    if kind == "forwarded":
        moment = fields.moment(data.get("occurred_at"), "occurred_on")
        fields.not_future(moment, today, "occurred_on")
        fields.not_before(moment, view.occurred_at, "occurred_on", "事故发生时间", "the accident")
        return moment.date(), moment
    day = fields.day(data.get("occurred_on"), "occurred_on")
    fields.not_future(day, today, "occurred_on")
    fields.not_before(day, view.occurred_on, "occurred_on", "事故发生之日", "the accident")
    return day, None


def _officer(kind: str, value: object, facts: Facts) -> str:
    officer_id = str(value or "").strip()
    if kind not in ("listing_revoked", "listing_closed"):
        return officer_id
    found = facts.get("officer", officer_id) if officer_id else None
    if found is None or found.get("role") not in APPROVER_ROLES or not found.get("active"):
        raise fail(
            "officer_id",
            "approval",
            f"“{STEP_KINDS[kind][0]}”须由审批负责人决定",
            f"{STEP_KINDS[kind][1]} needs an approver",
        )
    return officer_id


def _body(
    kind: str,
    body: Mapping[str, Any],
    when: tuple[dt.date, dt.datetime | None],
    view: AccidentView,
    others: list[dict[str, Any]],
    today: dt.date,
    params: AccidentParams,
) -> dict[str, Any]:
    """The step's data checked for its kind, against the steps already there."""
    day, moment = when
    done = {s["kind"]: s for s in sorted(others, key=step_order)}
    if kind in ONCE and kind in done:
        raise fail("kind", "twice", f"已经“{STEP_KINDS[kind][0]}”", f"already {kind}")
    if kind == "forwarded":
        assert moment is not None
        return _forwarded(body, moment, others, params)
    if kind == "investigation_extended":
        return _extension(body, day, view, others, params)
    if kind == "appraisal":
        start = fields.day(body.get("from"), "from")
        end = fields.day(body.get("to"), "to")
        fields.not_before(start, view.occurred_on, "from", "事故发生之日", "the accident")
        fields.not_before(end, start, "to", "鉴定开始日期", "the start of the appraisal")
        fields.not_future(end, today, "to")
        fields.not_before(day, end, "occurred_on", "鉴定结束日期", "the end of the appraisal")
        what = fields.text(body.get("what"), "what", 200, required=True)
        return {"from": start.isoformat(), "to": end.isoformat(), "what": what}
    if kind == "report_submitted":
        return {"by": fields.text(body.get("by"), "by", 100)}
    if kind == "report_approved":
        submitted = done.get("report_submitted")
        if submitted is None:
            raise fail("kind", "order", "事故调查报告尚未提交", "no report was submitted")
        fields.not_before(
            day,
            dt.date.fromisoformat(str(submitted["occurred_on"])),
            "occurred_on",
            "报告提交日期",
            "the report was submitted",
        )
        return {
            "body": fields.text(body.get("body"), "body", 100, required=True),
            "document_no": fields.text(body.get("document_no"), "document_no", 60),
        }
    if kind == "accountability":
        return _accountability(body, params)
    return _listing_step(kind, body, day, view, others, params)


def _forwarded(
    body: Mapping[str, Any],
    moment: dt.datetime,
    others: list[dict[str, Any]],
    params: AccidentParams,
) -> dict[str, Any]:
    codes = [lv.code for lv in params.report_levels]
    level = fields.choice(
        body.get("level"), "level", {lv.code: lv.zh for lv in params.report_levels}
    )
    sent = {
        str(fields.json_data(s.get("data")).get("level")): dt.datetime.fromisoformat(
            str(s["occurred_at"])
        )
        for s in others
        if s["kind"] == "forwarded"
    }
    if level in sent:
        raise fail("level", "twice", "已向该层级上报", "already reported to this level")
    below = codes[codes.index(level) - 1] if codes.index(level) else None
    if below is not None:
        if below not in sent:
            raise fail(
                "level",
                "order",
                "应逐级上报：下一级尚未上报（第十条）",
                "reports go up level by level: the level below has not reported (Art. 10)",
            )
        fields.not_before(moment, sent[below], "occurred_on", "下一级上报时间", "the level below")
    return {"level": level, "by": fields.text(body.get("by"), "by", 100)}


def _extension(
    body: Mapping[str, Any],
    day: dt.date,
    view: AccidentView,
    others: list[dict[str, Any]],
    params: AccidentParams,
) -> dict[str, Any]:
    days = fields.count(body.get("days"), "days")
    if not 1 <= days <= params.max_extension_days:
        raise fail(
            "days",
            "range",
            f"延长期限应为1至{params.max_extension_days}日（第二十九条）",
            f"an extension is 1 to {params.max_extension_days} days (Art. 29)",
        )
    if any(s["kind"] == "report_submitted" for s in others):
        raise fail("kind", "order", "事故调查报告已提交", "the report was already submitted")
    due = investigation(view, others, params).due_on
    if day > due:
        raise fail(
            "occurred_on",
            "late",
            f"调查期限已于{due.isoformat()}届满，应在届满前批准延长（第二十九条）",
            f"the period ended on {due.isoformat()}: an extension is approved before (Art. 29)",
        )
    return {
        "days": days,
        "body": fields.text(body.get("body"), "body", 100, required=True),
        "reason": fields.text(body.get("reason"), "reason", 500, required=True),
    }


def _accountability(body: Mapping[str, Any], params: AccidentParams) -> dict[str, Any]:
    measures = {code: zh for code, (zh, _) in params.measures.items()}
    return {
        "name": fields.text(body.get("name"), "name", 50, required=True),
        "position": fields.text(body.get("position"), "position", 50),
        "employer": fields.text(body.get("employer"), "employer", 100),
        "measure": fields.choice(body.get("measure"), "measure", measures),
        "detail": fields.text(body.get("detail"), "detail", 1000, required=True),
        "case_id": fields.text(body.get("case_id"), "case_id", 40),
    }


def _listing_step(
    kind: str,
    body: Mapping[str, Any],
    day: dt.date,
    view: AccidentView,
    others: list[dict[str, Any]],
    params: AccidentParams,
) -> dict[str, Any]:
    current = listing.state(view, others, params)
    if kind not in listing.ALLOWED[current.status] or (
        kind == "listing_issued" and current.status != "draft"
    ):
        why = current.withdrawn[0] if current.withdrawn else ""
        raise fail(
            "kind",
            "listing",
            f"挂牌督办当前为“{listing.STATUSES[current.status][0]}”，不能“{STEP_KINDS[kind][0]}”"
            + (f"：{why}" if why else ""),
            f"the listing is {current.status}: {kind} does not follow",
        )
    if kind == "listing_issued":
        since = listing.triggered_since(view, params)
        if since is not None:
            fields.not_before(
                day, since.date(), "occurred_on", "事故符合挂牌督办条件的报告", "the report"
            )
        return {
            "number": fields.text(body.get("number"), "number", 60, required=True),
            "document_id": fields.text(body.get("document_id"), "number", 40, required=True),
        }
    assert current.issued_on is not None
    fields.not_before(day, current.issued_on, "occurred_on", "挂牌督办日期", "the listing")
    if kind == "listing_revoked":
        return {"reason": fields.text(body.get("reason"), "reason", 500, required=True)}
    approved = investigation(view, others, params).approved_on
    if approved is None:
        raise fail(
            "kind",
            "not_approved",
            "事故调查报告尚未批复，不能销号（第三十二条）",
            "the investigation report is not approved yet (Art. 32)",
        )
    fields.not_before(day, approved, "occurred_on", "调查报告批复日期", "the approval")
    # the listing follows the accountability through: closing without any person held
    # responsible recorded needs the reason
    held = any(s["kind"] == "accountability" for s in others)
    if not held and not str(body.get("note") or "").strip():
        raise fail(
            "note",
            "no_accountability",
            "尚未登记责任追究情况，销号时须说明理由",
            "nobody is recorded as held responsible: say why when closing",
        )
    return {"note": fields.text(body.get("note"), "note", 500)}


# -- writing ------------------------------------------------------------------------------------


def add_step(
    uow: UnitOfWork,
    facts: Facts,
    values: Mapping[str, Any],
    today: dt.date | None = None,
    params: AccidentParams | None = None,
) -> str:
    """Check and record one step (``values``: the wire fields but ``created_by``); its id."""
    record = check_accident_step(
        {**values, "created_by": uow.author},
        facts,
        today or writing.now_of(uow),
        params=params,
    )
    return uow.insert("accident_step", record, ("created_at",))
