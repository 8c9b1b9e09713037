"""Verification by id ranges: the count and checksum of a table's records the caller may read,
for each range between the ids a device names. A device whose table differs from the server's
compares ranges and downloads only those that differ (``sync.engine``), not the whole table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection

from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.replication.checksums import checksum
from inspector_app.replication.tables import SPECS
from sync.protocol import API_PREFIX
from sync.server import db, records, scope
from sync.server.api import Api, ApiError
from sync.server.auth import Principal

MAX_BOUNDS = 4096


class RangesBody(BaseModel):
    table: str
    bounds: list[str]


def range_checksums(
    conn: Connection,
    principal: Principal,
    tree: JurisdictionTree,
    table: str,
    bounds: Sequence[str],
) -> list[dict[str, Any]]:
    """Count and checksum of each range (…, b1], (b1, b2], …, (bn, …) of record ids."""
    r = db.records.c
    readable = scope.read_clause(principal, tree)
    edges: list[str | None] = [None, *bounds, None]
    out = []
    for low, high in zip(edges, edges[1:], strict=False):
        where = [r.table_name == table, readable]
        if low is not None:
            where.append(r.record_id > low)
        if high is not None:
            where.append(r.record_id <= high)
        count, hi, lo = conn.execute(
            select(
                func.count(),
                func.coalesce(func.sum(r.hash_hi), 0),
                func.coalesce(func.sum(r.hash_lo), 0),
            ).where(and_(*where))
        ).one()
        out.append(checksum(count, hi, lo))
    return out


def bounds_problem(bounds: Sequence[str]) -> str | None:
    if len(bounds) > MAX_BOUNDS:
        return f"at most {MAX_BOUNDS} bounds"
    if any(len(b) > 36 or "\x00" in b for b in bounds):
        return "a bound is not an id"
    if any(a >= b for a, b in zip(bounds, bounds[1:], strict=False)):
        return "bounds must increase"
    return None


def register(app: FastAPI, api: Api) -> None:
    @app.post(f"{API_PREFIX}/verify/ranges")
    def verify_ranges(request: Request, body: RangesBody) -> Response:
        who = api.principal(request)
        if body.table not in SPECS:
            raise ApiError(
                404, "unknown_table", f"未知的数据表“{body.table}”", f"unknown table {body.table!r}"
            )
        problem = bounds_problem(body.bounds)
        if problem is not None:
            raise ApiError(
                422, "invalid_request", f"区间边界格式错误：{problem}", f"invalid bounds: {problem}"
            )
        with db.reading(api.engine, snapshot=True) as conn:  # sums and seq of one moment
            seq = records.current_seq(conn)
            sums = range_checksums(conn, who, api.tree(), body.table, body.bounds)
        return api.answer({"ranges": sums, "server_seq": seq}, key=api.key_of(who))
