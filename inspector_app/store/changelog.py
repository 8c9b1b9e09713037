"""The unit of work: a record and its change-log (outbox) entry are written in one transaction.

Every domain write goes through ``UnitOfWork``::

    with UnitOfWork(store, author="officer-id") as uow:
        registry.create(uow, record)          # the aggregate writes its table and calls uow.log
    changes = uow.changes                     # what changed, for the views to refresh

Aggregate modules own their tables and call ``uow.log`` for each change; the log entry and the
record commit together or not at all. Sync (pushing the outbox, applying pulled changes) reads
and updates ``change_log`` through this module only.

A change-log entry: ``entry_id`` (UUIDv7, the idempotency key), ``table_name``, ``record_id``,
``op`` (insert/update/delete/event), ``changes`` (JSON), and — shared by the entries of one unit
of work, stored once in ``change_tx`` — ``tx_id``, ``device_time`` (with the device's UTC
offset), ``device_id``, ``author``; ``seq`` is the local creation order.

What ``changes`` holds, by operation:

* insert — ``{}``: the inserted values are the record's current values with every later update
  of the log undone (each update keeps the old value), so they are not copied;
* update — ``{field: [old, new]}`` for the fields that changed;
* delete — the whole record as it was;
* event — the event's body (lifecycle events are append-only records of their own).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from inspector_app.store import audit
from inspector_app.store.clock import new_id
from inspector_app.store.database import Store

OPS = ("insert", "update", "delete", "event")


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def encode(changes: Mapping[str, Any]) -> str:
    """Stable JSON: sorted keys, no spaces, Chinese kept as is."""
    return _ENCODER.encode(changes)


@dataclass
class ChangeSet:
    """What a unit of work changed: table → ids inserted / updated. Views refresh from it."""

    inserted: dict[str, list[str]] = field(default_factory=dict)
    updated: dict[str, list[str]] = field(default_factory=dict)

    def add(self, table: str, record_id: str, op: str) -> None:
        target = self.inserted if op == "insert" else self.updated
        target.setdefault(table, []).append(record_id)

    def tables(self) -> set[str]:
        return set(self.inserted) | set(self.updated)

    def merge(self, other: ChangeSet) -> None:
        """Add another unit of work's changes (a task that ran several)."""
        for table, ids in other.inserted.items():
            self.inserted.setdefault(table, []).extend(ids)
        for table, ids in other.updated.items():
            self.updated.setdefault(table, []).extend(ids)

    def count(self, table: str | None = None) -> int:
        if table is None:
            return sum(len(v) for v in self.inserted.values()) + sum(
                len(v) for v in self.updated.values()
            )
        return len(self.inserted.get(table, [])) + len(self.updated.get(table, []))

    def __bool__(self) -> bool:
        return bool(self.inserted or self.updated)


@dataclass(frozen=True)
class LogEntry:
    seq: int
    entry_id: str
    tx_id: str
    table_name: str
    record_id: str
    op: str
    changes: dict[str, Any]
    device_time: str
    device_id: str
    author: str
    origin: str
    status: str
    status_reason: str | None


class UnitOfWork:
    """One transaction: domain rows plus their change-log entries. See the module docstring."""

    def __init__(self, store: Store, author: str, origin: str = "local") -> None:
        """``origin="remote"``: changes received from the server (logged for history as
        already ``applied``, never pushed back)."""
        if not author:
            raise ValueError("a unit of work needs an author")
        if origin not in ("local", "remote"):
            raise ValueError(f"unknown origin {origin!r}")
        self.store = store
        self.author = author
        self.origin = origin
        self._status = "pending" if origin == "local" else "applied"
        self.tx_id = new_id()
        self.changes = ChangeSet()
        self._tx: Any = None
        self._tx_seq: int | None = None
        self._now = ""
        # the audit rows of this unit of work, appended just before it commits (local only)
        self._audit: list[audit.Pending] | None = None

    @property
    def conn(self) -> sqlite3.Connection:
        if self._tx is None:
            raise RuntimeError("unit of work used outside its 'with' block")
        return self.store.conn

    @property
    def now(self) -> str:
        """The time of this unit of work (one instant for all its writes)."""
        return self._now

    def __enter__(self) -> UnitOfWork:
        self._tx = self.store.transaction()
        self._tx.__enter__()
        self._now = self.store.clock.timestamp()
        self._audit = [] if self.origin == "local" and audit.enabled(self.store.conn) else None
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        failed: BaseException | None = None
        if exc_type is None and self._audit:
            try:  # in the transaction: the chain rows commit with the changes or not at all
                audit.append(
                    self.store.conn, self.store.device_id, self.author, self._now, self._audit
                )
            except BaseException as error:
                failed = error
        tx, self._tx = self._tx, None
        self._audit = None
        if failed is not None:
            self.changes = ChangeSet()
            tx.__exit__(type(failed), failed, failed.__traceback__)
            raise failed
        if exc_type is not None:
            self.changes = ChangeSet()
        tx.__exit__(exc_type, exc, tb)

    def _tx_row(self) -> int:
        if self._tx_seq is None:
            cursor = self.conn.execute(
                "INSERT INTO change_tx(tx_id, device_time, device_id, author, origin) "
                "VALUES (?, ?, ?, ?, ?)",
                (self.tx_id, self._now, self.store.device_id, self.author, self.origin),
            )
            self._tx_seq = int(cursor.lastrowid or 0)
        return self._tx_seq

    def log(
        self, table: str, record_id: str, op: str, changes: Mapping[str, Any] | None = None
    ) -> str:
        """Add one change-log entry in this transaction; returns its entry id."""
        if op not in OPS:
            raise ValueError(f"unknown change-log op {op!r}")
        entry_id = new_id()
        text = encode(changes or {})
        cursor = self.conn.execute(
            "INSERT INTO change_log(entry_id, tx_seq, table_name, record_id, op, changes, status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (entry_id, self._tx_row(), table, record_id, op, text, self._status),
        )
        if self._audit is not None:
            seq = int(cursor.lastrowid or 0)
            self._audit.append(
                audit.Pending(
                    op,
                    table,
                    record_id,
                    seq,
                    seq,
                    audit.entry_hash(entry_id, table, record_id, op, text),
                )
            )
        self.changes.add(table, record_id, op)
        return entry_id

    def insert(
        self, table: str, record: Mapping[str, Any], times: tuple[str, ...] = ("created_at",)
    ) -> str:
        """Insert a checked record under a new id, the unit of work's time in ``times`` (its
        local columns), and log it; returns the id."""
        record_id = new_id()
        row = {**record, "id": record_id, **{t: self.now for t in times}}
        columns = list(row)
        self.conn.execute(
            f"INSERT INTO {table}({', '.join(columns)}) "
            f"VALUES ({', '.join(':' + c for c in columns)})",
            row,
        )
        self.log(table, record_id, "insert", dict(record))
        return record_id

    def update(
        self,
        table: str,
        record_id: str,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        *,
        touch: bool = False,
    ) -> dict[str, list[Any]]:
        """Write the fields of ``new`` that differ from ``old`` (``touch``: and the record's
        ``updated_at``) and log them; returns {field: [old, new]}."""
        delta = diff(old, new)
        if delta:
            sets = ", ".join(f"{f} = :{f}" for f in delta)
            if touch:
                sets += ", updated_at = :updated_at"
            self.conn.execute(
                f"UPDATE {table} SET {sets} WHERE id = :id",
                {**{f: new[f] for f in delta}, "id": record_id, "updated_at": self.now},
            )
            self.log(table, record_id, "update", delta)
        return delta

    def log_inserts(self, table: str, record_ids: Iterable[str]) -> int:
        """Bulk form of ``log(table, id, "insert")`` (same transaction, one statement)."""
        tx_seq = self._tx_row()
        record_ids = list(record_ids)
        rows = [
            (entry_id, tx_seq, table, record_id, "insert", self._status)
            for entry_id, record_id in zip(new_id.many(len(record_ids)), record_ids, strict=True)
        ]
        if not rows:
            return 0
        self.conn.executemany(
            "INSERT INTO change_log(entry_id, tx_seq, table_name, record_id, op, status) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        if self._audit is not None:
            # one chain row for the whole batch: the hash of its entry ids and record ids
            last = int(self.conn.execute("SELECT last_insert_rowid()").fetchone()[0])
            self._audit.append(
                audit.Pending(
                    audit.BULK,
                    table,
                    f"{len(rows)} records",
                    last - len(rows) + 1,
                    last,
                    audit.digest([[r[0], r[3]] for r in rows]),
                )
            )
        ids = self.changes.inserted.setdefault(table, [])
        ids.extend(r[3] for r in rows)
        return len(rows)


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [old, new]} (only fields present in ``new``)."""
    return {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}


def _entry(row: tuple[Any, ...]) -> LogEntry:
    values = list(row)
    values[6] = json.loads(values[6])  # the changes column
    return LogEntry(*values)


_SELECT = (
    "SELECT l.seq, l.entry_id, t.tx_id, l.table_name, l.record_id, l.op, l.changes, "
    "t.device_time, t.device_id, t.author, t.origin, l.status, l.status_reason "
    "FROM change_log l JOIN change_tx t ON t.tx_seq = l.tx_seq"
)


def history(conn: sqlite3.Connection, table: str, record_id: str) -> list[LogEntry]:
    """Every change of one record, oldest first."""
    rows = conn.execute(
        f"{_SELECT} WHERE l.record_id = ? AND l.table_name = ? ORDER BY l.seq",
        (record_id, table),
    )
    return [_entry(r) for r in rows]


def pending(conn: sqlite3.Connection, limit: int | None = None) -> list[LogEntry]:
    """Entries waiting to be pushed, in creation order."""
    sql = f"{_SELECT} WHERE (l.status = 'pending' OR l.status = 'held') ORDER BY l.seq"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [_entry(r) for r in conn.execute(sql)]


def by_status(conn: sqlite3.Connection, status: str, limit: int = 1000) -> list[LogEntry]:
    rows = conn.execute(
        f"{_SELECT} WHERE l.status = ? ORDER BY l.seq DESC LIMIT ?", (status, limit)
    )
    return [_entry(r) for r in rows]


def pending_count(conn: sqlite3.Connection) -> int:
    # the predicate is the outbox index's own, so the count reads that index only
    return int(
        conn.execute(
            "SELECT count(*) FROM change_log WHERE status = 'pending' OR status = 'held'"
        ).fetchone()[0]
    )
