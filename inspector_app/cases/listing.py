"""The list of penalty cases: each case with its stage and the next deadline running, filtered,
most urgent first. Computed off the GUI thread (a city's cases: thousands at most); states are
derived from all the steps read in one pass."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from inspector_app.cases import cases, deadlines
from inspector_app.cases.deadlines import Deadline
from inspector_app.cases.workdays import Calendar
from inspector_app.registry import officers
from inspector_app.registry.jurisdictions import JurisdictionTree

DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class CaseFilter:
    stages: frozenset[str] = frozenset()  # the domain's stages (``CaseState.stage``); empty: any
    due: str | None = None  # "overdue" or "soon" (within DUE_SOON_DAYS)
    officer_id: str | None = None
    county_code: str | None = None  # a county-level unit (a zone covers its parks)


@dataclass(frozen=True)
class CaseRow:
    id: str
    number: str  # "" before filing
    party: str
    cause: str
    stage: str  # the domain's stage
    deadline: Deadline | None  # the next one running
    officers: str
    officer_ids: tuple[str, ...]
    county_code: str
    reporting_unit: str


@dataclass(frozen=True)
class CaseList:
    rows: list[CaseRow]
    officers: list[tuple[str, str]]  # (id, name) of the officers on any case


def steps_by_case(conn: sqlite3.Connection) -> dict[str, list[cases.Step]]:
    """Every step, grouped by case (``cases.derive`` puts each case's in order)."""
    by_case: dict[str, list[cases.Step]] = defaultdict(list)
    for row in conn.execute(f"SELECT {', '.join(cases.STEP_COLUMNS)} FROM case_step"):
        by_case[row[1]].append(cases.step_from_row(row))
    return by_case


def list_cases(
    conn: sqlite3.Connection,
    tree: JurisdictionTree,
    today: dt.date,
    calendar: Calendar,
    flt: CaseFilter,
) -> CaseList:
    """Every case with its stage and next deadline, filtered; overdue and soonest first."""
    by_case = steps_by_case(conn)
    names = officers.names(conn)
    rows: list[CaseRow] = []
    seen_officers: set[str] = set()
    query = f"SELECT {', '.join(cases.CASE_COLUMNS)} FROM penalty_case ORDER BY created_at DESC"
    for values in conn.execute(query):
        case = dict(zip(cases.CASE_COLUMNS, values, strict=True))
        state = cases.derive(by_case.get(case["id"], []))
        running = deadlines.deadlines(case, state, today, calendar)
        numbered = cases.case_number(state)
        filing = next((s for s in state.steps if s.kind == "filing_requested"), None)
        team = filing.officer_ids if filing else ()
        seen_officers.update(team)
        unit = str(case["supervising_unit"])
        reporting = tree.reporting_unit(unit).code if unit in tree.units else ""
        rows.append(
            CaseRow(
                id=case["id"],
                number=numbered[0] if numbered else "",
                party=case["party_name"],
                cause=case["cause"],
                stage=state.stage,
                deadline=running[0] if running else None,
                officers="、".join(names.get(o, o) for o in team),
                officer_ids=team,
                county_code=case["county_code"],
                reporting_unit=reporting,
            )
        )
    shown = [r for r in rows if matches(r, flt)]
    far = dt.date.max
    shown.sort(key=lambda r: r.deadline.due if r.deadline else far)  # stable: newest first
    chosen = sorted((names.get(o, o), o) for o in seen_officers)
    return CaseList(shown, [(o, name) for name, o in chosen])


def matches(row: CaseRow, flt: CaseFilter) -> bool:
    if flt.stages and row.stage not in flt.stages:
        return False
    if flt.officer_id and flt.officer_id not in row.officer_ids:
        return False
    if flt.county_code and flt.county_code not in (row.county_code, row.reporting_unit):
        return False
    if flt.due == "overdue":
        return row.deadline is not None and row.deadline.overdue
    if flt.due == "soon":
        return row.deadline is not None and 0 <= row.deadline.days_left <= DUE_SOON_DAYS
    return True
