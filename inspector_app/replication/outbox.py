"""The outbox: pending change-log entries as push payloads, the server's answers recorded, and
what the server refused (shown to the officer)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from inspector_app.replication.local import LocalTables
from inspector_app.store import changelog
from inspector_app.store.database import Store


def outbox(conn: sqlite3.Connection, tables: LocalTables, limit: int) -> list[dict[str, Any]]:
    """Pending change-log entries as push payloads, in creation order.

    An insert carries the record as it was inserted: its current values with every later
    change of the log undone (the log keeps each old value).
    """
    payloads = []
    for entry in changelog.pending(conn, limit):
        payload: dict[str, Any] = {
            "entry_id": entry.entry_id,
            "tx_id": entry.tx_id,
            "table": entry.table_name,
            "record_id": entry.record_id,
            "op": entry.op,
            "device_time": entry.device_time,
            "author": entry.author,
        }
        if entry.op == "insert":
            payload["data"] = inserted_values(conn, tables, entry)
        else:
            payload["changes"] = entry.changes
        payloads.append(payload)
    return payloads


def inserted_values(
    conn: sqlite3.Connection, tables: LocalTables, entry: changelog.LogEntry
) -> dict[str, Any] | None:
    current = tables.read(conn, entry.table_name, entry.record_id)
    if current is None:
        return None
    later = conn.execute(
        "SELECT changes FROM change_log WHERE record_id = ? AND seq > ? AND op = 'update' "
        "ORDER BY seq DESC",
        (entry.record_id, entry.seq),
    )
    for (changes,) in later:
        for name, pair in json.loads(changes).items():
            current[name] = pair[0]
    return current


def mark(store: Store, results: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Record the server's answer for pushed entries; returns counts by status."""
    counts: dict[str, int] = {}
    now = store.clock.timestamp()
    with store.transaction() as conn:
        for result in results:
            status = result["status"]
            reason = result.get("reason")
            conn.execute(
                "UPDATE change_log SET status = ?, status_reason = ?, status_at = ? "
                "WHERE entry_id = ? AND status IN ('pending', 'held')",
                (
                    status,
                    json.dumps(reason, ensure_ascii=False) if reason else None,
                    now,
                    result["entry_id"],
                ),
            )
            counts[status] = counts.get(status, 0) + 1
    return counts


def local_only_ids(conn: sqlite3.Connection, table: str) -> set[str]:
    """Records this device created that the server has not accepted (never counted or deleted
    by verification: they are local work)."""
    return {r[0] for r in conn.execute(LOCAL_ONLY, (table,))}


LOCAL_ONLY = (
    "SELECT record_id FROM change_log WHERE table_name = ? AND op = 'insert' AND "
    "status IN ('pending', 'held', 'rejected')"
)


def rejected(conn: sqlite3.Connection) -> list[tuple[changelog.LogEntry, dict[str, Any]]]:
    """Entries the server refused, with the reason it gave (shown to the user)."""
    out = []
    for entry in changelog.by_status(conn, "rejected"):
        reason = json.loads(entry.status_reason) if entry.status_reason else {}
        out.append((entry, reason))
    return out
