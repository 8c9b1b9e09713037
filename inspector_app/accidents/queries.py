"""Reading for the screens: the accident register (with each accident's reporting status
and listing), the listed-supervision register, an accident's timeline and page, the year's
accountability figures. SQL over the local store, batched so
that a register of a few thousand accidents is a handful of queries; the rules themselves stay
in the modules that take plain records.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from inspector_app.accidents import listing, report_checks, reporting, steps, warnings
from inspector_app.accidents.accidents import ACCIDENT_FIELDS, REPORT_FIELDS, REPORT_KINDS
from inspector_app.accidents.fines import AccidentFines, fine_ranges
from inspector_app.accidents.model import AccidentView, derive, supplementary_window
from inspector_app.accidents.params import AccidentParams, default_params
from inspector_app.accidents.steps import STEP_FIELDS, STEP_KINDS
from inspector_app.registry.validation import ValidationError
from inspector_app.store.facts import LocalFacts

CHUNK = 500


def _rows(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _children(
    conn: sqlite3.Connection, table: str, columns: Iterable[str], ids: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """Rows of ``table`` by accident id, for many accidents at once."""
    out: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    names = ", ".join(["id", *columns, "created_at"])
    for start in range(0, len(ids), CHUNK):
        part = list(ids[start : start + CHUNK])
        marks = ", ".join("?" * len(part))
        for row in _rows(conn, f"SELECT {names} FROM {table} WHERE accident_id IN ({marks})", part):
            out[row["accident_id"]].append(row)
    return out


def accidents(
    conn: sqlite3.Connection,
    *,
    authority_code: str | None = None,
    year: int | None = None,
    sector: str | None = None,
    grade: str | None = None,
    params: AccidentParams | None = None,
) -> list[AccidentView]:
    """The accident register: newest first, filtered by county-level unit, year, sector and
    (current) grade."""
    where, args = [], []
    if authority_code:
        where.append("authority_code = ?")
        args.append(authority_code)
    if year:
        where.append("occurred_at >= ? AND occurred_at < ?")
        args += [f"{year:04d}-01-01", f"{year + 1:04d}-01-01"]
    if sector:
        where.append("sector = ?")
        args.append(sector)
    names = ", ".join(["id", *ACCIDENT_FIELDS, "created_at"])
    clause = " AND ".join(where) or "1"
    found = _rows(conn, f"SELECT {names} FROM accident WHERE {clause}", args)
    reports = _children(conn, "accident_report", REPORT_FIELDS, [a["id"] for a in found])
    views = [derive(a, reports[a["id"]], params) for a in found]
    if grade:
        views = [v for v in views if v.grade == grade]
    return sorted(views, key=lambda v: (v.occurred_at, v.id), reverse=True)


@dataclass(frozen=True)
class ListingRow:
    view: AccidentView
    listing: listing.Listing
    investigation: steps.Investigation


def listings(
    conn: sqlite3.Connection,
    *,
    status: str | None = None,
    authority_code: str | None = None,
    params: AccidentParams | None = None,
) -> list[ListingRow]:
    """The listed-supervision register: every accident with a listing (draft, issued,
    revoked, closed), by ``status`` if given; the investigation's deadlines beside each."""
    params = params or default_params()
    out = []
    for sector in sorted(params.listing_sectors):
        views = accidents(conn, authority_code=authority_code, sector=sector, params=params)
        found = _children(conn, "accident_step", STEP_FIELDS, [v.id for v in views])
        for view in views:
            state = listing.state(view, found[view.id], params)
            if state.status == "none" or (status and state.status != status):
                continue
            out.append(ListingRow(view, state, steps.investigation(view, found[view.id], params)))
    return out


@dataclass(frozen=True)
class AccountabilityFigures:
    """The seed's figures: people held criminally responsible, and for how many accidents."""

    accidents: int
    persons: int
    criminal_accidents: int
    criminal_persons: int


def accountability(conn: sqlite3.Connection, year: int) -> AccountabilityFigures:
    """People held responsible in ``year`` (by the date each measure was decided)."""
    rows = conn.execute(
        "SELECT accident_id, data FROM accident_step WHERE kind = 'accountability' "
        "AND occurred_on >= ? AND occurred_on < ?",
        (f"{year:04d}-01-01", f"{year + 1:04d}-01-01"),
    ).fetchall()
    criminal = [r for r in rows if json.loads(r[1]).get("measure") == "criminal"]
    return AccountabilityFigures(
        len({r[0] for r in rows}), len(rows), len({r[0] for r in criminal}), len(criminal)
    )


@dataclass(frozen=True)
class TimelineEntry:
    when: str  # ISO date or time, the order of the timeline
    kind: str  # occurred, report, step kinds, warning, check
    zh: str
    record_table: str
    record_id: str


def timeline(
    conn: sqlite3.Connection, accident_id: str, params: AccidentParams | None = None
) -> list[TimelineEntry]:
    """Everything recorded about one accident, in the order it happened (the accident page)."""
    params = params or default_params()
    names = ", ".join(["id", *ACCIDENT_FIELDS])
    found = _rows(conn, f"SELECT {names} FROM accident WHERE id = ?", [accident_id])
    if not found:
        return []
    accident = found[0]
    reports = _children(conn, "accident_report", REPORT_FIELDS, [accident_id])[accident_id]
    view = derive(accident, reports, params)
    out = [
        TimelineEntry(
            str(accident["occurred_at"]),
            "occurred",
            f"发生{accident['accident_type']}事故",
            "accident",
            accident_id,
        )
    ]
    for report, grade in zip(view.reports, view.grades, strict=True):
        out.append(
            TimelineEntry(
                report.reported_at.isoformat(),
                "report",
                f"{REPORT_KINDS[report.kind]}：{report.figures.describe()}（{grade}事故）",
                "accident_report",
                report.id,
            )
        )
    for step in _children(conn, "accident_step", STEP_FIELDS, [accident_id])[accident_id]:
        when = str(step["occurred_at"] or step["occurred_on"])
        out.append(
            TimelineEntry(
                when, str(step["kind"]), STEP_KINDS[step["kind"]][0], "accident_step", step["id"]
            )
        )
    for notice in conn.execute(
        "SELECT id, status, issued_on, created_at, number FROM warning_notice "
        "WHERE ',' || accident_ids || ',' LIKE ?",
        (f"%,{accident_id},%",),
    ):
        issued = notice[1] == "issued"
        out.append(
            TimelineEntry(
                str(notice[2] if issued else notice[3]),
                "warning",
                f"警示通报{notice[4]}" if issued else f"警示通报（{_status(notice[1])}）",
                "warning_notice",
                str(notice[0]),
            )
        )
    for check in conn.execute(
        "SELECT c.id, c.checked_on, r.quarter FROM report_check c "
        "JOIN report_check_round r ON r.id = c.round_id WHERE c.accident_id = ?",
        (accident_id,),
    ):
        out.append(
            TimelineEntry(
                str(check[1]), "check", f"{check[2]}事故调查报告检查", "report_check", check[0]
            )
        )
    zone = view.occurred_at.tzinfo
    return sorted(out, key=lambda e: (_instant(e.when, zone), e.record_id))


def _status(code: str) -> str:
    return {"draft": "草稿", "withdrawn": "已撤回"}.get(code, code)


def _instant(when: str, zone: dt.tzinfo | None) -> dt.datetime:
    """A date sorts at the start of its day, in the time zone of the accident."""
    found = dt.datetime.fromisoformat(when)
    return found if found.tzinfo is not None else found.replace(tzinfo=zone)


# -- the screens' rows ---------------------------------------------------------------------------

# how a chain of reports stands, worst first (the register shows the worst of its levels)
REPORTING_ORDER = ("overdue", "late", "pending", "on_time")


@dataclass(frozen=True)
class RegisterRow:
    """One line of the accident register: the accident, how its reports up the chain stand
    (the worst of its levels) and its listing."""

    view: AccidentView
    reporting: str  # REPORTING_ORDER
    listing: listing.Listing


def register(
    conn: sqlite3.Connection,
    now: dt.datetime,
    *,
    authority_code: str | None = None,
    year: int | None = None,
    sector: str | None = None,
    grade: str | None = None,
    params: AccidentParams | None = None,
) -> list[RegisterRow]:
    """``accidents`` with each one's reporting status on ``now`` and its listing."""
    params = params or default_params()
    views = accidents(
        conn, authority_code=authority_code, year=year, sector=sector, grade=grade, params=params
    )
    found = _children(conn, "accident_step", STEP_FIELDS, [v.id for v in views])
    out = []
    for view in views:
        statuses = {d.status(now) for d in reporting.deadlines(view, found[view.id], params)}
        worst = next(s for s in REPORTING_ORDER if s in statuses or s == "on_time")
        out.append(RegisterRow(view, worst, listing.state(view, found[view.id], params)))
    return out


@dataclass(frozen=True)
class AccidentDetail:
    """Everything the accident page shows, read at once off the GUI thread."""

    view: AccidentView
    step_records: list[dict[str, Any]]
    deadlines: list[reporting.ReportingDeadline]
    investigation: steps.Investigation
    listing: listing.Listing
    timeline: list[TimelineEntry]
    supplementary_until: dt.datetime
    fines: AccidentFines | None
    fines_refused: str  # why no Art. 114 range applies (an accident before the 2021 law)


def detail(
    conn: sqlite3.Connection, accident_id: str, params: AccidentParams | None = None
) -> AccidentDetail | None:
    """The accident page's content; None when there is no such accident."""
    params = params or default_params()
    names = ", ".join(["id", *ACCIDENT_FIELDS, "created_at"])
    found = _rows(conn, f"SELECT {names} FROM accident WHERE id = ?", [accident_id])
    if not found:
        return None
    reports = _children(conn, "accident_report", REPORT_FIELDS, [accident_id])[accident_id]
    view = derive(found[0], reports, params)
    own = _children(conn, "accident_step", STEP_FIELDS, [accident_id])[accident_id]
    ranges, refused = None, ""
    try:
        ranges = fine_ranges(view, params=params)
    except ValidationError as exc:
        refused = exc.zh
    return AccidentDetail(
        view,
        sorted(own, key=steps.step_order),
        reporting.deadlines(view, own, params),
        steps.investigation(view, own, params),
        listing.state(view, own, params),
        timeline(conn, accident_id, params),
        supplementary_window(found[0], params)[1],
        ranges,
        refused,
    )


@dataclass(frozen=True)
class NoticeRow:
    """A warning notice of the register (draft, issued or withdrawn); ``blocked``: why a draft
    cannot be issued as its accidents now stand (None when it can, or when it is not a draft)."""

    notice: dict[str, Any]
    blocked: tuple[str, str] | None


def warning_notices(
    conn: sqlite3.Connection,
    *,
    year: int | None = None,
    params: AccidentParams | None = None,
) -> list[NoticeRow]:
    """Every warning notice, drafts first, then the issued ones newest first (``year``: of
    their creation, or of their issue)."""
    facts = LocalFacts(conn)
    out = []
    for notice in facts.find("warning_notice", {}):
        day = str(notice["issued_on"] or notice["created_at"])
        if year is not None and not day.startswith(f"{year:04d}-"):
            continue
        blocked = None
        if notice["status"] == "draft":
            views = [
                derive(a, facts.find("accident_report", {"accident_id": a["id"]}), params)
                for a in (facts.get("accident", i) for i in str(notice["accident_ids"]).split(","))
                if a is not None
            ]
            blocked = warnings.rule_holds(str(notice["basis"]), views, params)
        out.append(NoticeRow(notice, blocked))
    order = {"draft": 0, "issued": 1, "withdrawn": 2}
    out.sort(key=lambda r: str(r.notice["issued_on"] or r.notice["created_at"]), reverse=True)
    return sorted(out, key=lambda r: order.get(str(r.notice["status"]), 3))


@dataclass(frozen=True)
class QuarterChecks:
    """A quarter's check of investigation reports: its round (None before it is started) and
    each report the quarter collects with its latest check (``report_checks.results``)."""

    quarter: str
    round: dict[str, Any] | None
    rows: list[dict[str, Any]]

    @property
    def unchecked(self) -> int:
        return sum(1 for r in self.rows if not r["checked"])


def quarter_checks(
    conn: sqlite3.Connection, quarter: str, params: AccidentParams | None = None
) -> QuarterChecks:
    facts = LocalFacts(conn)
    found = facts.find("report_check_round", {"quarter": quarter})
    round_record = found[0] if found else None
    rows = report_checks.results(facts, round_record or {"id": "", "quarter": quarter}, params)
    return QuarterChecks(quarter, round_record, rows)
