"""The outbox: pending change-log entries as push payloads, the server's answers recorded, and
what the server refused (shown to the officer)."""

from __future__ import annotations

import functools
import json
import re
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from inspector_app.replication.local import LocalTables, local_only
from inspector_app.store import changelog, migrations
from inspector_app.store.database import Store


def outbox(conn: sqlite3.Connection, tables: LocalTables, limit: int) -> list[dict[str, Any]]:
    """Pending change-log entries as push payloads, in creation order.

    An insert carries the record as it was inserted: its current values with every later
    change of the log undone (the log keeps each old value). Each names the entry made just
    before it that the server has not answered yet (``after``; None for the first): the
    server applies them in this order whatever order they reach it in
    (``sync.server.held``).
    """
    payloads = []
    after = None
    for entry in changelog.pending(conn, limit):
        payload: dict[str, Any] = {
            "entry_id": entry.entry_id,
            "after": after,
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
        after = entry.entry_id
    return payloads


def whole_transactions(entries: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` of ``entries`` (payloads in order), ending where a local transaction
    ends when one does: a transaction is not split between two pushes, so the server judges its
    changes together (a record change made with a conflict's resolution follows that
    resolution). A transaction larger than ``limit`` is sent in parts."""
    if len(entries) <= limit:
        return entries
    batch = entries[:limit]
    last = batch[-1].get("tx_id")
    if not last or entries[limit].get("tx_id") != last:
        return batch
    for i in range(len(batch) - 1, -1, -1):
        if batch[i].get("tx_id") != last:
            return batch[: i + 1]
    return batch


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


# the code of the server's answer to a change a revoked device handed in: kept on the server,
# neither applied nor refused, until an administrator decides (``sync.server.quarantine``)
QUARANTINED = "quarantined"


def held_for_review(conn: sqlite3.Connection) -> list[tuple[changelog.LogEntry, dict[str, Any]]]:
    """Entries the server holds for an administrator's review (this device was revoked), with
    the server's words; still pending here, told the decision at the next attempt."""
    out = []
    for entry in changelog.by_status(conn, "held"):
        reason = json.loads(entry.status_reason) if entry.status_reason else {}
        if reason.get("code") == QUARANTINED:
            out.append((entry, reason))
    return out


def local_only_ids(conn: sqlite3.Connection, table: str) -> set[str]:
    """Records this device created that the server has not accepted (never counted or deleted
    by verification: they are local work)."""
    return local_only(conn, table)


def rejected(conn: sqlite3.Connection) -> list[tuple[changelog.LogEntry, dict[str, Any]]]:
    """Entries the server refused, with the reason it gave (shown to the user)."""
    out = []
    for entry in changelog.by_status(conn, "rejected"):
        reason = json.loads(entry.status_reason) if entry.status_reason else {}
        out.append((entry, reason))
    return out


# the guards the local schema puts on the change log's history (migrations 1 and 11)
LOG_GUARDS = (
    "change_log_append_only",
    "change_log_history_kept",
    "change_tx_kept",
    "change_tx_append_only",
)


def _spaced(sql: str) -> str:
    return " ".join(sql.replace(";", " ; ").split())


@functools.cache
def _guard_statements() -> dict[str, str]:
    """Each guard trigger's statement as the migrations create it (whitespace aside)."""
    text = migrations.V1_CORE + migrations.V10_SYNC_GUARDS
    found = {
        m.group(1): _spaced(m.group(0))
        for m in re.finditer(r"CREATE TRIGGER (\w+)\b.*?\bEND\b", text, re.DOTALL)
    }
    return {name: found[name] for name in LOG_GUARDS}


def log_tampering(conn: sqlite3.Connection) -> str | None:
    """Why the change log cannot be trusted (a guard trigger dropped or altered, an entry
    removed, an entry of no transaction), or None. Checked at start and before every push: a
    log that was tampered with is not pushed."""
    triggers = dict(
        conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN "
            f"({', '.join('?' * len(LOG_GUARDS))})",
            LOG_GUARDS,
        ).fetchall()
    )
    expected = _guard_statements()
    for name in LOG_GUARDS:
        if _spaced(triggers.get(name) or "") != expected[name]:
            return f"trigger {name} is missing or altered"
    count, top = conn.execute("SELECT count(*), coalesce(max(seq), 0) FROM change_log").fetchone()
    if count != top:
        return f"{top - count} change-log entries were removed"
    orphan = conn.execute(
        "SELECT l.seq FROM change_log l LEFT JOIN change_tx t ON t.tx_seq = l.tx_seq "
        "WHERE t.tx_seq IS NULL LIMIT 1"
    ).fetchone()
    if orphan is not None:
        return f"change-log entry {orphan[0]} names no transaction"
    return None
