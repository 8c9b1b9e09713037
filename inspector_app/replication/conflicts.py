"""Conflicts: a field two devices changed differently, kept with both values for a person to
decide (never resolved silently)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from inspector_app.replication.local import LocalTables
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
