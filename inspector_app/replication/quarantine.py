"""Records the server sent that this device could not store, set aside rather than stopping the
sync: each kept with the reason, listed for the officer, tried again after every pull, and
counted by the server's hash when the tables are verified (the device did receive it).

A record leaves the list when it applies (the server corrected it) or when the server withdraws
it (an administrator's ``withdraw-record``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from inspector_app.store.changelog import encode


@dataclass(frozen=True)
class SetAside:
    table_name: str
    record_id: str
    data: Any
    problem: str
    first_seen: str
    last_tried: str
    attempts: int


def set_aside(
    conn: sqlite3.Connection, table: str, record_id: str, data: Any, problem: str, now: str
) -> None:
    """Keep (or keep again, one more attempt) a record that could not be applied."""
    from inspector_app.replication.checksums import record_hash  # checksums reads this table

    try:
        text = encode(data)
        text.encode("utf-8")
        value = record_hash(record_id, data) if isinstance(data, Mapping) else 0
    except (TypeError, ValueError):
        # not even storable as text (a lone surrogate): its repr, and no hash to count
        text, value = json.dumps(repr(data)), 0
    conn.execute(
        "INSERT INTO sync_quarantine(table_name, record_id, data, problem, hi, lo, first_seen, "
        "last_tried) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(table_name, record_id) DO UPDATE SET data = excluded.data, "
        "problem = excluded.problem, hi = excluded.hi, lo = excluded.lo, "
        "last_tried = excluded.last_tried, attempts = attempts + 1",
        (table, record_id, text, problem[:500], value >> 32, value & 0xFFFFFFFF, now, now),
    )


def release(conn: sqlite3.Connection, table: str, record_id: str) -> None:
    conn.execute(
        "DELETE FROM sync_quarantine WHERE table_name = ? AND record_id = ?", (table, record_id)
    )


def any_set_aside(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sync_quarantine LIMIT 1").fetchone() is not None


def listed(conn: sqlite3.Connection) -> list[SetAside]:
    """Every record set aside, oldest first (the sync page lists them)."""
    rows = conn.execute(
        "SELECT table_name, record_id, data, problem, first_seen, last_tried, attempts "
        "FROM sync_quarantine ORDER BY first_seen, table_name, record_id"
    ).fetchall()
    return [
        SetAside(table, record_id, json.loads(data), problem, first, last, attempts)
        for table, record_id, data, problem, first, last, attempts in rows
    ]


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM sync_quarantine").fetchone()[0])
