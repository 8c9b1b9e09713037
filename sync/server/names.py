"""The display names of the users the server names in what it sends (the two sides of a
conflict and who resolved it, who decided first in a refusal), so that a device shows people,
not account ids."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from sync.server import db
from sync.server.records import CONFLICT_TABLE

# the fields of a conflict that hold a user id
CONFLICT_PEOPLE = ("server_by", "incoming_by", "resolved_by")


def display_names(conn: Connection, ids: Iterable[str]) -> dict[str, str]:
    """{user id: display name} of the ids that are accounts (others are left out)."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    u = db.users.c
    out: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        rows = conn.execute(
            select(u.id, u.display_name).where(u.id.in_(wanted[start : start + 500]))
        ).all()
        out.update({str(i): str(name) for i, name in rows})
    return out


def in_conflicts(rows: Iterable[tuple[str, Mapping[str, Any] | None]]) -> set[str]:
    """The user ids named by the conflict records among ``(table, data)`` pairs."""
    return {
        str(data[name])
        for table, data in rows
        if table == CONFLICT_TABLE and isinstance(data, Mapping)
        for name in CONFLICT_PEOPLE
        if isinstance(data.get(name), str)
    }


def for_page(conn: Connection, records: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """The names a pull page's conflicts need."""
    return display_names(conn, in_conflicts((r.get("table", ""), r.get("data")) for r in records))
