"""What the screens list: an enterprise's inspections, a record's versions, the recent
inspections (reading only)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from inspector_app.inspections.inspections import COLUMNS, Inspection, require


def for_enterprise(conn: sqlite3.Connection, enterprise_id: str) -> list[Inspection]:
    """The enterprise's inspections, newest first (amendments included)."""
    rows = conn.execute(
        f"SELECT {', '.join(COLUMNS)} FROM inspection WHERE enterprise_id = ? "
        "ORDER BY started_at DESC, created_at DESC",
        (enterprise_id,),
    )
    return [Inspection(*r) for r in rows]


def versions(conn: sqlite3.Connection, inspection_id: str) -> list[Inspection]:
    """The original and every amendment of it, oldest first (the record's history)."""
    root = require(conn, inspection_id)
    while root.amends_id:
        root = require(conn, root.amends_id)
    out = [root]
    frontier = [root.id]
    while frontier:
        rows = conn.execute(
            f"SELECT {', '.join(COLUMNS)} FROM inspection WHERE amends_id IN "
            f"({', '.join('?' * len(frontier))}) ORDER BY created_at",
            frontier,
        ).fetchall()
        found = [Inspection(*r) for r in rows]
        out.extend(found)
        frontier = [f.id for f in found]
    return out


@dataclass(frozen=True)
class ListRow:
    id: str
    enterprise_name: str
    kind: str
    started_at: str
    status: str
    amends_id: str | None
    officers: str
    hazards: int


def recent(conn: sqlite3.Connection, limit: int = 500, drafts_first: bool = True) -> list[ListRow]:
    """Inspections for the list view: drafts first, then newest first."""
    order = "i.status = 'signed', " if drafts_first else ""
    rows = conn.execute(
        "SELECT i.id, coalesce(e.name, ''), i.kind, i.started_at, i.status, i.amends_id, "
        "(SELECT group_concat(o.name, '、') FROM inspection_officer io "
        " JOIN officer o ON o.id = io.officer_id WHERE io.inspection_id = i.id), "
        "(SELECT count(*) FROM hazard h WHERE h.inspection_id = i.id AND h.withdrawn = 0) "
        "FROM inspection i LEFT JOIN enterprise e ON e.id = i.enterprise_id "
        f"ORDER BY {order}i.started_at DESC, i.created_at DESC LIMIT ?",
        (limit,),
    )
    return [ListRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or "", r[7]) for r in rows]
