"""Quarterly checks of accident investigation reports (事故报告检查制度).

Every quarter the city collects the investigation reports the counties' governments approved
(批复) in the quarter — of general accidents in 工矿商贸, by data (``report_checklist.scope``) —
checks each against a checklist (format, cause analysis, responsibility findings and their
handling: ``report_checklist`` in ``resources/accidents.json``; 国务院令第493号 Art. 29-30, 32)
and issues a bulletin on the defects found.

* ``report_check_round`` — the quarter's check: one per quarter, a draft until its bulletin is
  issued, then frozen (no more checks, no change).
* ``report_check`` — one report checked: the items found wanting (``defects``, each with a
  note), who checked it and when; kept as recorded. Checking a report again records a new
  check; the latest counts.

Dates: a quarter is checked from its first day on, a report not before its approval, and the
bulletin only after the quarter has ended and every collected report has been checked.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from inspector_app.accidents import documents, fields, writing
from inspector_app.accidents.accidents import shipped_tree
from inspector_app.accidents.fields import Collector, fail
from inspector_app.accidents.model import AccidentView, derive
from inspector_app.accidents.params import AccidentParams, default_params
from inspector_app.accidents.steps import step_order
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import RecordInvalid
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.facts import Facts, LocalFacts

ROUND_FIELDS = ("county_code", "quarter", "status", "summary", "number", "issued_on", "created_by")
CHECK_FIELDS = (
    "round_id",
    "accident_id",
    "county_code",
    "checked_on",
    "officer_ids",
    "defects",
    "note",
    "created_by",
)
ROUND_STATUSES = {"draft": "检查中", "issued": "已通报"}


def quarter_of(day: dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(quarter: str) -> tuple[dt.date, dt.date]:
    """(first day, last day) of a quarter written 2026Q3; ValidationError if malformed."""
    year, _, number = str(quarter).partition("Q")
    if not (year.isdigit() and len(year) == 4 and number in ("1", "2", "3", "4")):
        raise fail("quarter", "format", f"“{quarter}”应写作2026Q3", f"{quarter!r}: write 2026Q3")
    first = dt.date(int(year), 3 * int(number) - 2, 1)
    after = dt.date(int(year) + (number == "4"), (3 * int(number)) % 12 + 1, 1)
    return first, after - dt.timedelta(days=1)


# -- what a quarter collects ---------------------------------------------------------------------


def collected(
    facts: Facts, quarter: str, params: AccidentParams | None = None
) -> list[tuple[AccidentView, dt.date]]:
    """The accidents in scope whose investigation report was approved in the quarter, with
    the date of the approval, in the order they happened."""
    params = params or default_params()
    first, last = quarter_bounds(quarter)
    out = []
    approvals: dict[str, dt.date] = {}
    for step in sorted(facts.find("accident_step", {"kind": "report_approved"}), key=step_order):
        approvals.setdefault(str(step["accident_id"]), dt.date.fromisoformat(step["occurred_on"]))
    for accident_id, approved in approvals.items():
        if not first <= approved <= last:
            continue
        accident = facts.get("accident", accident_id)
        if accident is None:
            continue
        view = derive(accident, facts.find("accident_report", {"accident_id": accident_id}), params)
        if view["sector"] in params.check_sectors and view.grade in params.check_grades:
            out.append((view, approved))
    return sorted(out, key=lambda pair: (pair[0].occurred_at, pair[0].id))


def results(
    facts: Facts,
    round_record: Mapping[str, Any],
    params: AccidentParams | None = None,
    tree: JurisdictionTree | None = None,
) -> list[dict[str, Any]]:
    """Each collected report with its latest check: ``checked`` and its ``defects`` (code,
    category, text, note) — what the bulletin reports."""
    params = params or default_params()
    tree = tree or shipped_tree()
    checks: dict[str, Mapping[str, Any]] = {}
    for found in sorted(
        facts.find("report_check", {"round_id": round_record["id"]}),
        key=lambda c: (str(c["checked_on"]), str(c.get("created_at", "")), str(c["id"])),
    ):
        checks[str(found["accident_id"])] = found
    rows = []
    for view, approved in collected(facts, str(round_record["quarter"]), params):
        check = checks.get(view.id)
        defects = []
        for item in json.loads(str(check["defects"])) if check else []:
            known = params.check_item(item["code"])
            defects.append(
                {
                    "code": item["code"],
                    "category": known.category if known else "",
                    "text": known.text if known else item["code"],
                    "note": item.get("note", ""),
                }
            )
        rows.append(
            {
                "accident_id": view.id,
                "authority_code": view["authority_code"],
                "unit_name": view["unit_name"],
                "occurred_on": view.occurred_on,
                "accident_type": view["accident_type"],
                "name": documents.accident_name(view, tree),
                "approved_on": approved,
                "checked": check is not None,
                "check_id": check["id"] if check else "",
                "defects": defects,
            }
        )
    return rows


# -- the wire rules ------------------------------------------------------------------------------


def check_report_check_round(
    data: Mapping[str, Any],
    facts: Facts,
    today: dt.date,
    *,
    record_id: str = "",
    tree: JurisdictionTree | None = None,
) -> dict[str, Any]:
    """A ``report_check_round`` record normalised, or ``RecordInvalid``."""
    tree = tree or shipped_tree()
    old = facts.get("report_check_round", record_id) if record_id else None
    if old is not None and old["status"] == "issued":
        if any(f in data and data[f] != old.get(f) for f in ROUND_FIELDS):
            raise RecordInvalid([_issued_error()])
    c = Collector()
    c("county_code", lambda: _city(data.get("county_code"), tree))
    quarter = c("quarter", lambda: _quarter(data.get("quarter"), today))
    status = c(
        "status", lambda: fields.choice(data.get("status") or "draft", "status", ROUND_STATUSES)
    )
    issued = status == "issued"
    c("summary", lambda: fields.text(data.get("summary"), "summary", 4000, required=issued))
    c("number", lambda: fields.text(data.get("number"), "number", 60, required=issued))
    c("issued_on", lambda: _bulletin_day(data.get("issued_on"), issued, quarter, today))
    c("created_by", lambda: fields.text(data.get("created_by"), "created_by", 64, required=True))
    out = c.done()
    others = [
        r for r in facts.find("report_check_round", {"quarter": quarter}) if r["id"] != record_id
    ]
    if others:
        raise RecordInvalid(
            [fail("quarter", "twice", f"{quarter}已有季度检查", f"{quarter} has its check already")]
        )
    return {f: out[f] for f in ROUND_FIELDS}


def _issued_error() -> Any:
    return fail(
        "status",
        "issued",
        "本季度检查情况已通报，不能再修改或增加检查",
        "the quarter's bulletin is issued: nothing can be changed or added",
    )


def _city(value: object, tree: JurisdictionTree) -> str:
    code = str(value or "").strip() or tree.city.code
    if code != tree.city.code:
        raise fail(
            "county_code",
            "city",
            f"季度检查由{tree.city.name}组织",
            f"the quarterly check is the city's ({tree.city.code})",
        )
    return code


def _quarter(value: object, today: dt.date) -> str:
    quarter = str(value or "").strip()
    first, _ = quarter_bounds(quarter)
    fields.not_future(first, today, "quarter")
    return quarter


def _bulletin_day(value: object, issued: bool, quarter: str | None, today: dt.date) -> str:
    if not issued:
        if value:
            raise fail(
                "issued_on", "draft", "未通报的检查没有印发日期", "a draft has no date of issue"
            )
        return ""
    day = fields.day(value, "issued_on")
    fields.not_future(day, today, "issued_on")
    if quarter is not None:
        after = quarter_bounds(quarter)[1] + dt.timedelta(days=1)
        fields.not_before(day, after, "issued_on", "季度结束次日", "the day after the quarter")
    return day.isoformat()


def check_report_check(
    data: Mapping[str, Any],
    facts: Facts,
    today: dt.date,
    *,
    record_id: str = "",
    params: AccidentParams | None = None,
) -> dict[str, Any]:
    """A ``report_check`` record normalised, or ``RecordInvalid``: the round is not yet
    issued, the report is one the quarter collects, the defects are items of the checklist."""
    params = params or default_params()
    c = Collector()
    round_record = c("round_id", lambda: _round(data.get("round_id"), facts))
    accident_id = str(data.get("accident_id") or "").strip()
    approved = None
    if round_record is not None:
        approved = c("accident_id", lambda: _collected(accident_id, round_record, facts, params))
    accident = facts.get("accident", accident_id) if accident_id else None
    c("county_code", lambda: _same_county(data.get("county_code"), accident))
    day = c("checked_on", lambda: fields.day(data.get("checked_on"), "checked_on"))
    if day is not None:
        c("checked_on", partial(_checked_on, day, approved, today))
    c("officer_ids", lambda: _officers(data.get("officer_ids"), facts))
    c("defects", lambda: _defects(data.get("defects"), params))
    c("note", lambda: fields.text(data.get("note"), "note", 1000))
    c("created_by", lambda: fields.text(data.get("created_by"), "created_by", 64, required=True))
    out = c.done()
    out["round_id"] = round_record["id"] if round_record else ""
    out["accident_id"] = accident_id
    return {f: out[f] for f in CHECK_FIELDS}


def _round(value: object, facts: Facts) -> dict[str, Any]:
    found = facts.get("report_check_round", str(value or "")) if value else None
    if found is None:
        raise fail("round_id", "unknown", "找不到该季度检查", f"no quarterly check {value!r}")
    if found["status"] == "issued":
        raise _issued_error()
    return found


def _collected(
    accident_id: str, round_record: Mapping[str, Any], facts: Facts, params: AccidentParams
) -> dt.date:
    for view, approved in collected(facts, str(round_record["quarter"]), params):
        if view.id == accident_id:
            return approved
    raise fail(
        "accident_id",
        "not_collected",
        f"不是{round_record['quarter']}批复的工矿商贸领域一般事故调查报告",
        f"not an investigation report the quarter {round_record['quarter']} collects",
    )


def _same_county(value: object, accident: Mapping[str, Any] | None) -> str:
    expected = str(accident["authority_code"]) if accident else str(value or "")
    if value and str(value) != expected:
        raise fail("county_code", "mismatch", "与事故所属县（市、区）不符", "not the accident's")
    return expected


def _checked_on(day: dt.date, approved: dt.date | None, today: dt.date) -> str:
    fields.not_future(day, today, "checked_on")
    if approved is not None:
        fields.not_before(day, approved, "checked_on", "报告批复日期", "the approval")
    return day.isoformat()


def _officers(value: object, facts: Facts) -> str:
    found = fields.ids(value, "officer_ids")
    unknown = [o for o in found if facts.get("officer", o) is None]
    if unknown:
        raise fail("officer_ids", "unknown", "检查人员不在执法人员名单中", f"unknown {unknown[0]}")
    return ",".join(found)


def _defects(value: object, params: AccidentParams) -> str:
    try:
        raw = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        raw = None
    if not isinstance(raw, list):
        raise fail("defects", "json", "应为问题列表", "must be a list of defects")
    out, seen = [], set()
    for item in raw:
        code = str(item.get("code") if isinstance(item, Mapping) else item).strip()
        if params.check_item(code) is None:
            raise fail("defects", "unknown", f"“{code}”不是检查项", f"{code!r} is not a check item")
        if code in seen:
            raise fail("defects", "twice", f"“{code}”重复", f"{code} is listed twice")
        seen.add(code)
        note = item.get("note", "") if isinstance(item, Mapping) else ""
        out.append({"code": code, "note": fields.text(note, "defects", 500)})
    return json.dumps(out, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# -- writing ------------------------------------------------------------------------------------


def start_round(uow: UnitOfWork, quarter: str, *, tree: JurisdictionTree | None = None) -> str:
    """Open the quarter's check; returns its id."""
    record = {"quarter": quarter, "status": "draft", "created_by": uow.author}
    checked = check_report_check_round(record, LocalFacts(uow.conn), writing.now_of(uow), tree=tree)
    return uow.insert("report_check_round", checked, ("created_at", "updated_at"))


def record_check(
    uow: UnitOfWork,
    round_id: str,
    accident_id: str,
    *,
    checked_on: dt.date,
    officer_ids: Sequence[str],
    defects: Sequence[Mapping[str, str] | str] = (),
    note: str = "",
    params: AccidentParams | None = None,
) -> str:
    """Record one report's check (``defects``: item codes, or {code, note}); returns its id."""
    record = {
        "round_id": round_id,
        "accident_id": accident_id,
        "checked_on": checked_on,
        "officer_ids": list(officer_ids),
        "defects": [d if isinstance(d, Mapping) else {"code": d} for d in defects],
        "note": note,
        "created_by": uow.author,
    }
    checked = check_report_check(record, LocalFacts(uow.conn), writing.now_of(uow), params=params)
    return uow.insert("report_check", checked, ("created_at",))


def issue_bulletin(
    uow: UnitOfWork,
    round_id: str,
    issued_on: dt.date,
    summary: str,
    *,
    tree: JurisdictionTree | None = None,
    params: AccidentParams | None = None,
) -> str:
    """Issue the quarter's bulletin once every collected report is checked: number, frozen
    content (``document`` of kind ``report_check_bulletin``); returns the document's id."""
    tree = tree or shipped_tree()
    facts = LocalFacts(uow.conn)
    old = facts.get("report_check_round", round_id)
    if old is None:
        raise fail("round_id", "unknown", "找不到该季度检查", f"no quarterly check {round_id!r}")
    if old["status"] == "issued":
        raise _issued_error()
    rows = results(facts, old, params, tree)
    waiting = [r for r in rows if not r["checked"]]
    if not rows or waiting:
        raise fail(
            "round_id",
            "unchecked",
            f"本季度收集的{len(rows)}份事故调查报告中尚有{len(waiting)}份未检查"
            if rows
            else "本季度没有收集到事故调查报告",
            f"{len(waiting)} of the {len(rows)} reports of the quarter are not checked",
        )
    number, where = documents.take_number(
        uow, "report_check_bulletin", round_id, issued_on, tree, params
    )
    new = {
        **old,
        "status": "issued",
        "summary": summary,
        "number": number,
        "issued_on": issued_on.isoformat(),
    }
    checked = check_report_check_round(
        new, facts, writing.now_of(uow), record_id=round_id, tree=tree
    )
    uow.update("report_check_round", round_id, old, checked, touch=True)
    content = documents.bulletin_content({**checked, "id": round_id}, rows, tree, params)
    return documents.store(
        uow, "report_check_bulletin", round_id, content, where, str(checked["county_code"])
    )
