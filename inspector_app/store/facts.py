"""What a rule may consult: a read-only view of the records, the same on the laptop and on the
server.

A domain rule that needs more than the record in front of it (the officer who approves, the
steps a case already has, the inspection a hazard hangs on) asks ``Facts`` instead of running
SQL, so that the server can run the very same rule over its central store before it accepts a
pushed record. On the laptop ``LocalFacts`` reads the local SQLite tables; the server has its
own implementation over the replicated records.

Records come back as dicts of their wire fields plus ``"id"`` (the local implementation may
add local columns; rules must not rely on them).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any, Protocol, cast

from inspector_app.store import dbapi


class Facts(Protocol):
    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        """The record, or None."""

    def find(self, table: str, where: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Every record of ``table`` whose fields equal the values in ``where``, in id order."""


class LocalFacts:
    """``Facts`` over the local store's tables (a connection of the caller's thread)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._columns: dict[str, tuple[str, ...]] = {}

    def columns(self, table: str) -> tuple[str, ...]:
        found = self._columns.get(table)
        if found is None:
            found = tuple(
                r[1] for r in self.conn.execute("SELECT * FROM pragma_table_info(?)", (table,))
            )
            if not found:
                raise KeyError(f"no table {table!r}")
            self._columns[table] = found
        return found

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        rows = self.find(table, {"id": record_id})
        return rows[0] if rows else None

    def find(self, table: str, where: Mapping[str, Any]) -> list[dict[str, Any]]:
        columns = self.columns(table)
        unknown = set(where) - set(columns)
        if unknown:
            raise KeyError(f"{table} has no column {sorted(unknown)[0]!r}")
        clause = " AND ".join(f"{name} = ?" for name in where) or "1"
        names = ", ".join(columns)
        rows = self.conn.execute(
            f"SELECT {names} FROM {table} WHERE {clause} ORDER BY id", tuple(where.values())
        )
        return [dict(zip(columns, row, strict=True)) for row in rows]


def facts_of(source: Facts | sqlite3.Connection) -> Facts:
    """``Facts`` as given, or over a connection (of either SQLite library: ``dbapi``)."""
    if dbapi.is_connection(source):
        return LocalFacts(source)
    return cast(Facts, source)
