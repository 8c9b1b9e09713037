"""The case-fact projection: what the reports count, one row per fact of a penalty case.

A report cannot read ``penalty_case`` and ``case_step`` directly: the server keeps replicated
records as JSON, the laptop as columns. Both keep instead a ``case_fact`` table with the same
columns and fill it with the same function, ``facts_of(case, steps)``, built on
``cases.derive`` and ``deadlines.deadlines``; the monthly report (``reports.monthly``) is plain
portable SQL over that table.

One row per fact (``kind``):

========================  =======================  ===============================================
kind                      date (``fact_date``)     amount / quantity / ref
========================  =======================  ===============================================
``filed``                 filing approved (立案)   —
``decided``               decision (or on-the-spot the fine in fen (0 for a warning)
                          decision, Art. 51–52)
``confiscation``          decision                 the confiscated amount in fen (``confiscated``
                                                   of the decision's data)
``hearing_requested``     request                  —
``paid``                  payment (or collected on the amount paid in fen (surcharge included)
                          the spot, Art. 68)
``transferred_police``    handed over              —
``transferred_judiciary`` handed over              ref: the accident's key for an accident case
``detention``             the police's outcome     quantity: people detained (1)
``closed``                closure approved         —
``deadline``              the due date             ref: the deadline's code (``DEADLINES``);
                                                   ``start_date``: from when it ran,
                                                   ``done_date``: when it stopped (met), or NULL
========================  =======================  ===============================================

Every row also carries the case's ``unit_code`` (the county-level unit the case's supervising
unit reports under: 7 counties and 2 zones in Jiaxing), ``county_code``, ``town_code`` ('' when
none) and ``accident`` (1 when the case comes from an accident, ``source = 'accident'``).

Deadlines make "overdue" an as-of figure without anything going stale: the steps are replayed
day by day and each limit ``deadlines.deadlines`` lists is kept with the day it appeared and the day
it disappeared (the step that met it, or closure). A deadline is overdue on day D exactly when
``start_date <= D < done_date`` (or no ``done_date``) and ``fact_date < D`` — what
``deadlines.deadlines`` says on D from the steps recorded up to D. The office's own limits and the
party's payment limits are kept (``DEADLINES``: overdue steps and overdue payments); the party's
periods for a statement or a hearing request are rights, not duties, and never "overdue".

Steps are ordered by (date, id), not by the device's creation time: the server has no device
times (they are local columns), and ids are UUIDv7, made in time order on the device.

Keeping the table current (the hooks): locally, after a unit of work that wrote ``penalty_case``
or ``case_step`` (``cases_changed`` names the cases), in the same transaction,
``refresh_local(conn, case_ids, tree)``; on the server, after a pushed ``penalty_case`` or
``case_step`` record is applied, ``rebuild(run, case_id, facts_for(view, case_id, tree))`` in
the push's transaction. A full rebuild (``rebuild_local``; on the server the same loop over its
cases) fills the table the first time and whenever ``projection_version`` changes (a new
holiday arrangement moves working-day deadlines).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from typing import Any, Protocol

from inspector_app.cases import cases, deadlines
from inspector_app.cases.cases import CaseRules, Step
from inspector_app.cases.workdays import Calendar, default_calendar
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store.changelog import ChangeSet
from inspector_app.store.facts import Facts, LocalFacts

FORMAT = 2  # bump when the rows facts_of makes change: every store rebuilds its table
TABLE = "case_fact"
COLUMNS = (
    "case_id",
    "kind",
    "seq",
    "unit_code",
    "county_code",
    "town_code",
    "accident",
    "fact_date",
    "start_date",
    "done_date",
    "amount_fen",
    "quantity",
    "ref",
)
KINDS = (
    "filed",
    "decided",
    "confiscation",
    "hearing_requested",
    "paid",
    "transferred_police",
    "transferred_judiciary",
    "detention",
    "closed",
    "deadline",
)

# The local table is version 8 of the local schema (``store.migrations``); the server's is this
# PostgreSQL form (the ISO dates collated byte by byte whatever the database's locale).
# case_fact_date covers the report's flows (a range of dates); case_fact_due its overdue limits
# (the limits still open, or met after the day a year before the report's)
DDL_POSTGRESQL = """
CREATE TABLE case_fact (
    case_id     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    unit_code   TEXT NOT NULL,
    county_code TEXT NOT NULL,
    town_code   TEXT NOT NULL,
    accident    INTEGER NOT NULL,
    fact_date   TEXT COLLATE "C" NOT NULL,
    start_date  TEXT COLLATE "C",
    done_date   TEXT COLLATE "C",
    amount_fen  BIGINT NOT NULL,
    quantity    INTEGER NOT NULL,
    ref         TEXT NOT NULL,
    PRIMARY KEY (case_id, kind, seq)
);
CREATE INDEX case_fact_date ON case_fact(fact_date, kind, unit_code, accident, quantity,
                                         amount_fen);
CREATE INDEX case_fact_due ON case_fact(kind, done_date, fact_date, start_date, unit_code, ref,
                                        quantity);
"""
INSERT = (
    f"INSERT INTO case_fact ({', '.join(COLUMNS)}) VALUES ({', '.join(':' + c for c in COLUMNS)})"
)
DELETE_CASE = "DELETE FROM case_fact WHERE case_id = :case_id"


@dataclasses.dataclass(frozen=True)
class DeadlineKind:
    code: str
    duty: str  # "office": a step the bureau owes; "payment": the party's fine
    zh: str
    en: str


# The limits of ``deadlines.deadlines`` by the start of their text (it names them in Chinese only).
# A text not listed here counts as the office's (shown rather than hidden); a test replays a
# full procedure and fails if ``deadlines.deadlines`` gains a limit this list does not know.
DEADLINES: tuple[tuple[re.Pattern[str], DeadlineKind | None], ...] = (
    (re.compile("^追责时效"), DeadlineKind("limitation", "office", "追责时效", "limitation")),
    (
        re.compile("^作出处罚决定期限"),
        DeadlineKind("decision", "office", "作出处罚决定", "decision within 90 days"),
    ),
    (
        re.compile("^先行登记保存证据处理"),
        DeadlineKind("preservation", "office", "保存证据处理", "preserved evidence decided"),
    ),
    (
        re.compile("^送达处罚决定书"),
        DeadlineKind("delivery", "office", "送达处罚决定书", "decision delivered"),
    ),
    (re.compile("^缴纳罚款期限"), DeadlineKind("payment", "payment", "缴纳罚款", "payment")),
    (
        re.compile(r"^第\d+期缴款期限"),
        DeadlineKind("instalment", "payment", "分期缴款", "instalment"),
    ),
    (
        re.compile("^当场处罚决定备案期限"),
        DeadlineKind("onsite_filing", "office", "当场处罚备案", "on-the-spot decision filed"),
    ),
    (
        re.compile("^查封（扣押）补办批准"),
        DeadlineKind("seizure_approval", "office", "查封扣押补批", "urgent seizure approved"),
    ),
    (
        re.compile("^查封（扣押）期限届满"),
        DeadlineKind("seizure", "office", "查封扣押期限", "seizure lifted or extended"),
    ),
    (
        re.compile("^申请人民法院强制执行期限"),
        DeadlineKind("enforcement", "office", "申请强制执行", "court enforcement applied for"),
    ),
    # the party's periods: rights, not duties
    (re.compile("^陈述申辩期限"), None),
    (re.compile("^听证申请期限"), None),
)
OTHER_DEADLINE = DeadlineKind("other", "office", "其他期限", "other limit")
DEADLINE_KINDS = {k.code: k for _, k in DEADLINES if k is not None} | {"other": OTHER_DEADLINE}


class Run(Protocol):
    """Executes one statement with ``:named`` parameters and returns its rows (none for a
    write): ``sqlite3.Connection.execute(...).fetchall()`` locally, SQLAlchemy's
    ``conn.execute(text(sql), params)`` on the server."""

    def __call__(self, sql: str, params: Mapping[str, Any], /) -> Sequence[Sequence[Any]]: ...


class RunMany(Protocol):
    """Executes one statement once per parameter set (an executemany)."""

    def __call__(self, sql: str, rows: Sequence[Mapping[str, Any]], /) -> None: ...


def sqlite_run(conn: sqlite3.Connection) -> Run:
    def run(sql: str, params: Mapping[str, Any], /) -> Sequence[Sequence[Any]]:
        return conn.execute(sql, dict(params)).fetchall()

    return run


def sqlite_run_many(conn: sqlite3.Connection) -> RunMany:
    def run_many(sql: str, rows: Sequence[Mapping[str, Any]], /) -> None:
        conn.executemany(sql, rows)

    return run_many


def statements(ddl: str) -> list[str]:
    """The DDL's statements one by one (both drivers run one statement per call)."""
    return [s.strip() for s in ddl.split(";") if s.strip()]


def create_table(run: Run, ddl: str) -> None:
    for statement in statements(ddl):
        run(statement, {})


# -- the facts of one case ---------------------------------------------------------------------


def step_of(record: Mapping[str, Any]) -> Step:
    """A case step from its record: the wire fields and ``id`` (a local row may add columns;
    they are not used, so that both sides build the same steps)."""
    data = record.get("data") or {}
    if isinstance(data, str):
        data = json.loads(data or "{}")
    officer_ids = str(record.get("officer_ids") or "")
    return Step(
        id=str(record["id"]),
        case_id=str(record["case_id"]),
        kind=str(record["kind"]),
        occurred_on=dt.date.fromisoformat(str(record["occurred_on"])),
        officer_ids=tuple(o for o in officer_ids.split(",") if o),
        approved_by=str(record.get("approved_by") or ""),
        data=data,
        created_by=str(record.get("created_by") or ""),
        created_at="",
    )


def facts_of(
    case: Mapping[str, Any],
    steps: Iterable[Step],
    tree: JurisdictionTree,
    calendar: Calendar | None = None,
    rules: CaseRules | None = None,
) -> list[dict[str, Any]]:
    """The ``case_fact`` rows of one case (its record with ``id``, and all its steps)."""
    calendar, rules = _defaults(calendar, rules)
    ordered = sorted(
        (dataclasses.replace(s, created_at="") for s in steps),
        key=lambda s: (s.occurred_on, s.id),
    )
    state = cases.derive(ordered)
    accident = case.get("source") == "accident"
    found: list[dict[str, Any]] = []

    def add(kind: str, day: dt.date, amount_fen: int = 0, ref: str = "") -> None:
        found.append(_row(kind, day.isoformat(), amount_fen=amount_fen, ref=ref))

    transfer_to = ""
    for step in state.steps:
        kind, day, data = step.kind, step.occurred_on, step.data
        if kind == "filing_approved":
            add("filed", day)
        elif kind == "decision":
            add("decided", day, fen(data.get("amount")))
            confiscated = fen(data.get("confiscated"))
            if confiscated:
                add("confiscation", day, confiscated)
        elif kind == "onsite_decision":  # 行政处罚法 Art. 51–52: decided on the spot, no filing
            add("decided", day, fen(data.get("amount")))
        elif kind == "hearing_requested":
            add("hearing_requested", day)
        elif kind in ("payment", "onsite_collected"):  # Art. 68: collected on the spot
            add("paid", day, fen(data.get("amount")))
        elif kind == "transfer_proposed":
            transfer_to = str(data.get("to") or "")
        elif kind == "transferred":
            if transfer_to == "judiciary":
                add("transferred_judiciary", day, ref=accident_key(case) if accident else "")
            else:
                add("transferred_police", day)
        elif kind == "transfer_outcome" and data.get("detention_days") is not None:
            add("detention", day)
        elif kind == "closure_approved":
            add("closed", day)
    for code, due, start, done in _deadlines(case, ordered, calendar, rules):
        found.append(_row("deadline", due.isoformat(), start.isoformat(), done, ref=code))
    where = {
        "case_id": str(case["id"]),
        "unit_code": reporting_unit(case, tree),
        "county_code": str(case.get("county_code") or ""),
        "town_code": str(case.get("town_code") or ""),
        "accident": int(accident),
    }
    found.sort(key=lambda r: (r["kind"], r["fact_date"], r["ref"], r["start_date"] or ""))
    numbered: Counter[str] = Counter()
    out = []
    for row in found:
        numbered[row["kind"]] += 1
        out.append({**row, **where, "seq": numbered[row["kind"]]})
    return out


def _row(
    kind: str,
    day: str,
    start: str | None = None,
    done: dt.date | None = None,
    amount_fen: int = 0,
    ref: str = "",
) -> dict[str, Any]:
    return {
        "kind": kind,
        "fact_date": day,
        "start_date": start,
        "done_date": done.isoformat() if done else None,
        "amount_fen": amount_fen,
        "quantity": 1,
        "ref": ref,
    }


def _deadlines(
    case: Mapping[str, Any], ordered: Sequence[Step], calendar: Calendar, rules: CaseRules
) -> list[tuple[str, dt.date, dt.date, dt.date | None]]:
    """(code, due, start, done) of every office limit the case ever had: the steps replayed day
    by day, a limit kept from the day ``deadlines.deadlines`` first lists it to the day it no longer
    does. A case without steps is a draft: no limit runs yet."""
    running: dict[tuple[str, dt.date], list[dt.date]] = {}
    out: list[tuple[str, dt.date, dt.date, dt.date | None]] = []
    days = sorted({s.occurred_on for s in ordered})
    upto = 0
    for day in days:
        while upto < len(ordered) and ordered[upto].occurred_on <= day:
            upto += 1
        state = cases.derive(ordered[:upto])
        listed = Counter(
            (d.what, d.due) for d in deadlines.deadlines(case, state, day, calendar, rules)
        )
        for key, starts in list(running.items()):
            while len(starts) > listed.get(key, 0):
                start = starts.pop()
                out.append((key[0], key[1], start, day))
            if not starts:
                del running[key]
        for key, n in listed.items():
            starts = running.setdefault(key, [])
            starts.extend([day] * (n - len(starts)))
    out.extend(
        (what, due, start, None) for (what, due), starts in running.items() for start in starts
    )
    result = []
    for what, due, start, done in out:
        kind = deadline_kind(what)
        if kind is not None and start != done:
            result.append((kind.code, due, start, done))
    return result


def deadline_kind(what: str) -> DeadlineKind | None:
    """The kind of a limit ``deadlines.deadlines`` names; None for the party's own periods."""
    for pattern, kind in DEADLINES:
        if pattern.match(what):
            return kind
    return OTHER_DEADLINE


def accident_key(case: Mapping[str, Any]) -> str:
    """What identifies an accident across the cases it gave rise to: the accident record when
    the case names it, else the enterprise and the day it happened."""
    source_id = str(case.get("source_id") or "")
    if source_id:
        return source_id
    return f"{case.get('enterprise_id') or case.get('party_name')}|{case.get('violation_on')}"


def reporting_unit(case: Mapping[str, Any], tree: JurisdictionTree) -> str:
    """The county-level unit the case is reported under (that of its supervising unit)."""
    for key in ("supervising_unit", "county_code"):
        code = str(case.get(key) or "")
        if code in tree.units:
            return tree.reporting_unit(code).code
    return str(case.get("county_code") or "")


def fen(value: object) -> int:
    """An amount in yuan (a ``Decimal`` or its text) as whole fen; 0 when absent."""
    if value is None or value == "":
        return 0
    if isinstance(value, float):
        raise TypeError("amounts are never floats")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{value!r} is not an amount") from None
    return int((amount * 100).to_integral_value(ROUND_HALF_UP))


def _defaults(calendar: Calendar | None, rules: CaseRules | None) -> tuple[Calendar, CaseRules]:
    return calendar or default_calendar(), rules or _default_rules()


@cache
def _default_rules() -> CaseRules:
    return cases.default_rules()


def projection_version(calendar: Calendar | None = None, rules: CaseRules | None = None) -> str:
    """Changes when the rows ``facts_of`` makes would: the format, the procedure constants or
    the holiday arrangements (working-day deadlines move). Keep it beside the table and
    rebuild everything when it differs."""
    calendar, rules = _defaults(calendar, rules)
    years = [repr(calendar.arrangement(y)) for y in calendar.years]
    text = json.dumps([FORMAT, repr(rules), years], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# -- writing the table -------------------------------------------------------------------------


def rebuild(run: Run, case_id: str, facts: Sequence[Mapping[str, Any]]) -> None:
    """Replace one case's rows (inside the caller's transaction)."""
    run(DELETE_CASE, {"case_id": case_id})
    for row in facts:
        if row["case_id"] != case_id:
            raise ValueError(f"a fact of case {row['case_id']} given for {case_id}")
        run(INSERT, row)


def insert_all(run_many: RunMany, facts: Sequence[Mapping[str, Any]]) -> None:
    """Add rows in bulk (a first fill into an empty table)."""
    for start in range(0, len(facts), 5000):
        run_many(INSERT, facts[start : start + 5000])


def facts_for(
    view: Facts,
    case_id: str,
    tree: JurisdictionTree,
    calendar: Calendar | None = None,
    rules: CaseRules | None = None,
) -> list[dict[str, Any]]:
    """The rows of one case read through ``Facts`` (the same on the laptop and the server);
    none when the case is gone."""
    case = view.get("penalty_case", case_id)
    if case is None:
        return []
    steps = [step_of(r) for r in view.find("case_step", {"case_id": case_id})]
    return facts_of(case, steps, tree, calendar, rules)


def cases_changed(conn: sqlite3.Connection, changes: ChangeSet) -> set[str]:
    """The cases whose facts a unit of work may have changed (its ``penalty_case`` and
    ``case_step`` records)."""
    found = set(changes.inserted.get("penalty_case", [])) | set(
        changes.updated.get("penalty_case", [])
    )
    step_ids = [*changes.inserted.get("case_step", []), *changes.updated.get("case_step", [])]
    for start in range(0, len(step_ids), 500):
        part = step_ids[start : start + 500]
        marks = ", ".join("?" * len(part))
        found.update(
            r[0] for r in conn.execute(f"SELECT case_id FROM case_step WHERE id IN ({marks})", part)
        )
    return found


def refresh_local(
    conn: sqlite3.Connection,
    case_ids: Iterable[str],
    tree: JurisdictionTree,
    calendar: Calendar | None = None,
    rules: CaseRules | None = None,
) -> int:
    """Rebuild the rows of the given cases from the local tables (in the caller's
    transaction); returns the rows written."""
    view, run, written = LocalFacts(conn), sqlite_run(conn), 0
    for case_id in sorted(set(case_ids)):
        rows = facts_for(view, case_id, tree, calendar, rules)
        rebuild(run, case_id, rows)
        written += len(rows)
    return written


DIRTY = "case_fact_dirty"  # cases marked by triggers when their record or steps change
VERSION_KEY = "case_fact.version"


def refresh_dirty(
    conn: sqlite3.Connection,
    tree: JurisdictionTree,
    calendar: Calendar | None = None,
    rules: CaseRules | None = None,
) -> int:
    """Bring the local projection up to date in the caller's transaction: every case marked
    since (a write, a pull, a demo install), or all of them when ``projection_version``
    changed (new holidays, new procedure data); returns the rows written."""
    version = projection_version(calendar, rules)
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (VERSION_KEY,)).fetchone()
    if row is None or row[0] != version:
        written = rebuild_local(conn, tree, calendar, rules)
        conn.execute(f"DELETE FROM {DIRTY}")
        conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (VERSION_KEY, version),
        )
        return written
    marked = [r[0] for r in conn.execute(f"SELECT case_id FROM {DIRTY}")]
    written = refresh_local(conn, marked, tree, calendar, rules) if marked else 0
    conn.execute(f"DELETE FROM {DIRTY}")
    return written


def rebuild_local(
    conn: sqlite3.Connection,
    tree: JurisdictionTree,
    calendar: Calendar | None = None,
    rules: CaseRules | None = None,
) -> int:
    """Every case's rows from the local tables, replacing the table's content (the first fill;
    after ``projection_version`` changed). Runs in the caller's transaction; returns the rows."""
    names = cases.CASE_COLUMNS
    records = {
        r[0]: dict(zip(names, r, strict=True))
        for r in conn.execute(f"SELECT {', '.join(names)} FROM penalty_case")
    }
    by_case: dict[str, list[Step]] = {case_id: [] for case_id in records}
    step_names = cases.STEP_COLUMNS
    rows = conn.execute(f"SELECT {', '.join(step_names)} FROM case_step ORDER BY case_id")
    for row in rows:
        record = dict(zip(step_names, row, strict=True))
        if record["case_id"] in by_case:
            by_case[record["case_id"]].append(step_of(record))
    conn.execute("DELETE FROM case_fact")
    facts = [
        row
        for case_id, record in records.items()
        for row in facts_of(record, by_case[case_id], tree, calendar, rules)
    ]
    insert_all(sqlite_run_many(conn), facts)
    return len(facts)
