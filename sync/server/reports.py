"""The monthly penalty report on the server, for the users who see more than one laptop does:
``GET /api/v1/reports/monthly?year=&month=`` answers ``reports.monthly_wire`` JSON computed by
the same ``reports.monthly.monthly_report`` the laptop runs, over the server's own
``case_fact`` table.

The server's ``case_fact`` is the laptop's projection (``reports.case_facts.facts_of``) kept
beside the records and brought up to date before each report: the cases whose record or steps
changed since the last report are found by their sequence numbers (``records.seq``, which
commits in order: the counter row is locked until the push commits), and rebuilt. When the
projection's version changes (new holidays, new procedure data) the whole table is rebuilt.

Who sees what: the city and the administrators the whole city; a county-level unit's users their
own unit. Other users (townships, parks) have no report here: theirs is the laptop's.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import Response
from sqlalchemy import and_, select, text, update
from sqlalchemy.engine import Connection

from inspector_app.cases.cases import Step
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.reports import case_facts, monthly, monthly_wire
from inspector_app.reports.case_facts import Run, RunMany
from inspector_app.reports.monthly import ReportError
from sync.protocol import API_PREFIX
from sync.server import db, scope
from sync.server.api import Api, ApiError
from sync.server.auth import Principal
from sync.server.facts import ServerFacts

CHINA = dt.timezone(dt.timedelta(hours=8))
VERSION_KEY = "case_fact.version"
CURSOR_KEY = "case_fact.seq"
CASE_TABLES = ("penalty_case", "case_step")
BULK = 500  # more changed cases than this: read them all at once rather than one by one


def sql_run(conn: Connection) -> Run:
    def run(sql: str, params: Mapping[str, Any], /) -> Sequence[Sequence[Any]]:
        result = conn.execute(text(sql), dict(params))
        return [tuple(r) for r in result] if result.returns_rows else []

    return run


def sql_run_many(conn: Connection) -> RunMany:
    def run_many(sql: str, rows: Sequence[Mapping[str, Any]], /) -> None:
        if rows:
            conn.execute(text(sql), [dict(r) for r in rows])

    return run_many


def ddl(conn: Connection) -> str:
    """The projection's table: the PostgreSQL form, or SQLite's (which sorts text byte by byte
    without being told)."""
    if conn.dialect.name == "postgresql":
        return case_facts.DDL_POSTGRESQL
    return case_facts.DDL_POSTGRESQL.replace(' COLLATE "C"', "")


def _meta(conn: Connection, key: str) -> str | None:
    row = conn.execute(select(db.server_meta.c.value).where(db.server_meta.c.key == key)).first()
    return None if row is None else str(row[0])


def _set_meta(conn: Connection, key: str, value: str) -> None:
    m = db.server_meta
    done = conn.execute(update(m).where(m.c.key == key).values(value=value)).rowcount
    if not done:
        conn.execute(m.insert().values(key=key, value=value))


def refresh(conn: Connection, tree: JurisdictionTree) -> int:
    """Bring the server's projection up to date in the caller's write transaction; returns the
    cases rebuilt. Concurrent callers queue on the cursor row."""
    if not conn.dialect.has_table(conn, case_facts.TABLE):
        case_facts.create_table(sql_run(conn), ddl(conn))
    _set_meta(conn, CURSOR_KEY, _meta(conn, CURSOR_KEY) or "0")  # takes the row's lock
    cursor = int(_meta(conn, CURSOR_KEY) or "0")
    top = int(
        conn.execute(
            select(db.seq_counter.c.value).where(db.seq_counter.c.id == 1)
        ).scalar_one_or_none()
        or 0
    )
    version = case_facts.projection_version()
    if _meta(conn, VERSION_KEY) != version:
        conn.execute(text(f"DELETE FROM {case_facts.TABLE}"))
        case_ids = None  # every case
    else:
        case_ids = _changed_cases(conn, cursor)
    count = _rebuild(conn, tree, case_ids)
    _set_meta(conn, VERSION_KEY, version)
    _set_meta(conn, CURSOR_KEY, str(top))
    return count


def _changed_cases(conn: Connection, cursor: int) -> set[str]:
    r = db.records.c
    rows = conn.execute(
        select(r.table_name, r.record_id, r.parent_id).where(
            and_(r.seq > cursor, r.table_name.in_(CASE_TABLES))
        )
    )
    return {
        record_id if table == "penalty_case" else str(parent)
        for table, record_id, parent in rows
        if table == "penalty_case" or parent
    }


def _rebuild(conn: Connection, tree: JurisdictionTree, case_ids: set[str] | None) -> int:
    run, run_many = sql_run(conn), sql_run_many(conn)
    if case_ids is not None and len(case_ids) <= BULK:
        for case_id in sorted(case_ids):
            rows = case_facts.facts_for(ServerFacts(conn), case_id, tree)
            case_facts.rebuild(run, case_id, rows)
        return len(case_ids)
    cases, steps = _read_cases(conn, case_ids)
    if case_ids is not None:
        for case_id in case_ids:
            run(case_facts.DELETE_CASE, {"case_id": case_id})
    rows = [
        row
        for case_id, record in cases.items()
        for row in case_facts.facts_of(record, steps.get(case_id, []), tree)
    ]
    case_facts.insert_all(run_many, rows)
    return len(cases) if case_ids is None else len(case_ids)


def _read_cases(
    conn: Connection, case_ids: Iterable[str] | None
) -> tuple[dict[str, dict[str, Any]], dict[str, list[Step]]]:
    """Every case record (or those named) and their steps, in two reads."""
    r = db.records.c
    wanted = None if case_ids is None else set(case_ids)
    cases: dict[str, dict[str, Any]] = {}
    for record_id, data in conn.execute(
        select(r.record_id, r.data).where(r.table_name == "penalty_case")
    ):
        if wanted is None or record_id in wanted:
            cases[record_id] = {**json.loads(data), "id": record_id}
    steps: dict[str, list[Step]] = defaultdict(list)
    for record_id, parent, data in conn.execute(
        select(r.record_id, r.parent_id, r.data).where(r.table_name == "case_step")
    ):
        if parent in cases:
            steps[parent].append(case_facts.step_of({**json.loads(data), "id": record_id}))
    return cases, steps


def units_of(who: Principal, tree: JurisdictionTree) -> list[str] | None:
    """The county-level units whose figures the user may see (None: the whole city)."""
    if scope.everything(who, tree):
        return None
    unit = tree.units.get(who.unit_code)
    if unit is not None and unit.level in ("county", "zone"):
        return [unit.code]
    raise ApiError(
        403,
        "report_scope",
        "只有市、县（市、区）及开发区的账号可以在服务器上汇总报表；本机报表仍可使用。",
        "Only city and county-level accounts can have reports made by the server; "
        "the laptop's own report is still there.",
    )


def register(app: FastAPI, api: Api, tree_of: Callable[[], JurisdictionTree]) -> None:
    @app.get(f"{API_PREFIX}/reports/monthly")
    def monthly_report(
        request: Request,
        year: int = Query(ge=2000, le=2100),
        month: int = Query(ge=1, le=12),
    ) -> Response:
        who = api.principal(request)
        tree = tree_of()
        units = units_of(who, tree)
        today = api.now().astimezone(CHINA).date()
        with db.writing(api.engine) as conn:
            refresh(conn, tree)
            try:
                report = monthly.monthly_report(sql_run(conn), tree, year, month, today, units)
            except ReportError as exc:
                raise ApiError(422, exc.code or "report", exc.zh, exc.en) from exc
        return api.answer(monthly_wire.to_wire(report), key=api.key_of(who))
