"""Conflicts: a field two devices changed differently, kept with both values for a person to
decide (never resolved silently)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from inspector_app.replication.local import ApplyStats, LocalTables
from inspector_app.replication.tables import CONFLICT_FIELDS
from inspector_app.store import changelog
from inspector_app.store.changelog import UnitOfWork


@dataclass(frozen=True)
class Conflict:
    id: str
    table_name: str
    record_id: str
    field: str
    server_value: Any
    server_by: str
    server_at: str
    incoming_value: Any
    incoming_by: str
    incoming_author: str
    incoming_at: str


def open_conflicts(conn: sqlite3.Connection) -> list[Conflict]:
    rows = conn.execute(
        "SELECT id, table_name, record_id, field, server_value, server_by, server_at, "
        "incoming_value, incoming_by, incoming_author, incoming_at FROM sync_conflict "
        "WHERE status = 'open' ORDER BY incoming_at"
    )
    return [Conflict(*row) for row in rows]


# the display names of the people the server named (conflicts, refusals): {user id: name}
NAMES_KEY = "sync.user_names"


def user_names(conn: sqlite3.Connection) -> dict[str, str]:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (NAMES_KEY,)).fetchone()
    names = json.loads(row[0]) if row else {}
    return names if isinstance(names, dict) else {}


def remember_names(conn: sqlite3.Connection, names: Any) -> None:
    """Keep the display names the server sent (inside the caller's transaction); anything
    that is not ``{id: name}`` text is ignored."""
    if not isinstance(names, Mapping):
        return
    fresh = {k: v for k, v in names.items() if isinstance(k, str) and isinstance(v, str)}
    known = user_names(conn)
    if not fresh or all(known.get(k) == v for k, v in fresh.items()):
        return
    conn.execute(
        "INSERT INTO meta(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (NAMES_KEY, json.dumps({**known, **fresh}, ensure_ascii=False, sort_keys=True)),
    )


def person(names: Mapping[str, str], user_id: str) -> str:
    """A user as the sync page shows them: the display name, or the id if none is known."""
    return names.get(user_id) or user_id


def resolve_conflict(uow: UnitOfWork, tables: LocalTables, conflict_id: str, keep: str) -> None:
    """A person chose: ``keep="server"`` keeps the record's value, ``"incoming"`` takes the
    other device's value. The record (if it changes) and the conflict are updated in this unit
    of work, so both reach the server at the next sync."""
    row = uow.conn.execute(
        f"SELECT {', '.join(CONFLICT_FIELDS)} FROM sync_conflict WHERE id = ?", (conflict_id,)
    ).fetchone()
    if row is None:
        raise KeyError(conflict_id)
    old = dict(zip(CONFLICT_FIELDS, row, strict=True))
    if old["status"] != "open":
        return
    chosen = old["server_value"] if keep == "server" else old["incoming_value"]
    current = tables.read(uow.conn, old["table_name"], old["record_id"])
    if current is not None and current.get(old["field"]) != chosen:
        if old["table_name"] == "enterprise":
            tables.registry.update(uow, old["record_id"], {old["field"]: chosen})
        else:
            uow.conn.execute(
                f"UPDATE {old['table_name']} SET {old['field']} = ? WHERE id = ?",
                (chosen, old["record_id"]),
            )
            uow.log(
                old["table_name"],
                old["record_id"],
                "update",
                {old["field"]: [current.get(old["field"]), chosen]},
            )
    new = dict(
        old, status="resolved", resolved_value=chosen, resolved_by=uow.author, resolved_at=uow.now
    )
    delta = changelog.diff(old, new)
    uow.conn.execute(
        "UPDATE sync_conflict SET status = ?, resolved_value = ?, resolved_by = ?, "
        "resolved_at = ? WHERE id = ?",
        (new["status"], chosen, new["resolved_by"], new["resolved_at"], conflict_id),
    )
    uow.log("sync_conflict", conflict_id, "update", delta)


# the server's refusal of a resolution someone else made first, otherwise
OVERRULED = "already_resolved"


def undo_overruled(
    uow: UnitOfWork, tables: LocalTables, table: str, record_id: str, changes: Mapping[str, Any]
) -> bool:
    """Put back what a refused resolution changed in the record (``uow`` of origin
    "remote": nothing to push): the first decision stands, and the record is again as the
    server has it. A field changed since is left alone. Returns whether anything changed."""
    current = tables.read(uow.conn, table, record_id)
    if current is None:
        return False
    back = {
        name: pair[0]
        for name, pair in changes.items()
        if name in current
        and isinstance(pair, list)
        and len(pair) == 2
        and current[name] == pair[1]
    }
    if not back:
        return False
    tables.apply(uow, table, record_id, {**current, **back}, ApplyStats())
    return True
