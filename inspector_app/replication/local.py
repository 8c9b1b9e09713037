"""The local copies of the synced tables: reading them in their wire form, and applying what the
server sends (a pull page or a snapshot page in one local transaction)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from inspector_app.registry.entries import Registry
from inspector_app.replication import quarantine
from inspector_app.replication.tables import spec
from inspector_app.store import changelog, dbapi
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store


@dataclass
class ApplyStats:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    set_aside: int = 0  # records that could not be applied (``quarantine``)
    released: int = 0  # records set aside before that applied this time
    problems: list[str] = field(default_factory=list)
    # whether anything is set aside on this device (asked once per page)
    open_quarantine: bool | None = None


# what a stored field can hold; anything else (an object, a list) cannot be applied
SCALARS = (str, int, float, type(None), bool)
# what storing one record can raise when the server sent something this device cannot keep
APPLY_ERRORS: tuple[type[Exception], ...] = (
    *dbapi.Error,
    KeyError,
    TypeError,
    ValueError,
    OverflowError,
    AttributeError,
)


def unfit(table: str, data: Any) -> str | None:
    """Why a record as received cannot be stored locally (its shape), or None."""
    if not isinstance(data, Mapping):
        return "not an object"
    fields = spec(table).fields
    missing = [f for f in fields if f not in data]
    if missing:
        return f"missing field {missing[0]}"
    bad = [f for f in fields if type(data[f]) not in SCALARS]
    if bad:
        return f"field {bad[0]}: a {type(data[bad[0]]).__name__} is not a field value"
    return None


class LocalTables:
    """Reads and writes the local copies of replicated tables (the app's side of sync)."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    # reading

    def read(self, conn: sqlite3.Connection, table: str, record_id: str) -> dict[str, Any] | None:
        fields = spec(table).fields
        if table == "enterprise":
            row = Registry.get(conn, record_id)
            return {f: row[f] for f in fields} if row else None
        row = conn.execute(
            f"SELECT {', '.join(fields)} FROM {table} WHERE id = ?", (record_id,)
        ).fetchone()
        return dict(zip(fields, row, strict=True)) if row else None

    def rows(self, conn: sqlite3.Connection, table: str) -> Iterator[tuple[str, dict[str, Any]]]:
        fields = spec(table).fields
        cursor = conn.execute(f"SELECT id, {', '.join(fields)} FROM {table}")
        while batch := cursor.fetchmany(5000):
            for row in batch:
                yield row[0], dict(zip(fields, row[1:], strict=True))

    def ids(self, conn: sqlite3.Connection, table: str) -> set[str]:
        return {r[0] for r in conn.execute(f"SELECT id FROM {table}")}

    # writing what the server sent

    def apply(
        self,
        uow: UnitOfWork,
        table: str,
        record_id: str,
        data: Any,
        stats: ApplyStats,
    ) -> None:
        """Insert or update one record as the server has it (``uow`` of origin "remote"). A
        record that cannot be stored is set aside (``quarantine``), never an error."""
        problem = unfit(table, data)
        if problem is None:
            uow.conn.execute("SAVEPOINT apply_one")
            try:
                self._apply(uow, table, record_id, data, stats)
            except APPLY_ERRORS as exc:
                uow.conn.execute("ROLLBACK TO apply_one")
                problem = f"{type(exc).__name__}: {exc}"
            uow.conn.execute("RELEASE apply_one")
        if stats.open_quarantine is None:
            stats.open_quarantine = quarantine.any_set_aside(uow.conn)
        if problem is not None:
            quarantine.set_aside(uow.conn, table, record_id, data, problem, uow.now)
            stats.open_quarantine = True
            stats.set_aside += 1
            stats.problems.append(f"{table} {record_id}: {problem}")
        elif stats.open_quarantine:
            before = uow.conn.total_changes
            quarantine.release(uow.conn, table, record_id)
            stats.released += uow.conn.total_changes - before

    def _apply(
        self,
        uow: UnitOfWork,
        table: str,
        record_id: str,
        data: Mapping[str, Any],
        stats: ApplyStats,
    ) -> None:
        old = self.read(uow.conn, table, record_id)
        if old is None:
            # a unique key this device already uses (an entry registered here meanwhile)
            # raises: the record is set aside as a pair to merge (``duplicates``)
            self._insert(uow, table, record_id, data)
            uow.log(table, record_id, "insert")
            stats.inserted += 1
            return
        delta = changelog.diff(old, data)
        if not delta:
            stats.unchanged += 1
            return
        self._update(uow, table, record_id, old, data)
        uow.log(table, record_id, "update", delta)
        stats.updated += 1

    def _insert(self, uow: UnitOfWork, table: str, record_id: str, data: Mapping[str, Any]) -> None:
        conn = uow.conn
        if table == "enterprise":
            self.registry.insert_rows(conn, [(record_id, data)], uow.now)
            self.registry.index_new_rows(conn, Registry.max_rid(conn) - 1)
            return
        fields = spec(table).fields
        extra = spec(table).local_columns
        columns = ("id", *fields, *extra)
        values = (record_id, *(data[f] for f in fields), *(uow.now for _ in extra))
        conn.execute(
            f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            values,
        )

    def _update(
        self,
        uow: UnitOfWork,
        table: str,
        record_id: str,
        old: Mapping[str, Any],
        data: Mapping[str, Any],
    ) -> None:
        conn = uow.conn
        if table == "enterprise":
            row = Registry.get(conn, record_id)
            assert row is not None
            self.registry.apply_update(conn, row, data, uow.now)
            return
        sets = ", ".join(f"{f} = ?" for f in data)
        conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*data.values(), record_id))

    def delete(self, uow: UnitOfWork, table: str, record_id: str) -> bool:
        """Remove a local copy the server no longer shows this device (logged with its values)."""
        old = self.read(uow.conn, table, record_id)
        if old is None:
            return False
        if table == "enterprise":
            row = Registry.get(uow.conn, record_id)
            assert row is not None
            self.registry.delete_row(uow.conn, row)
        else:
            uow.conn.execute(f"DELETE FROM {table} WHERE id = ?", (record_id,))
        uow.log(table, record_id, "delete", old)
        return True

    def load(
        self,
        store: Store,
        table: str,
        items: Iterable[tuple[str, Mapping[str, Any]]],
        author: str,
        meta: Mapping[str, str] | None = None,
        snapshot: bool = False,
        rebuild: Sequence[str] = (),
    ) -> ApplyStats:
        """Apply a page of records (from a pull or a snapshot) in one transaction, together with
        the ``meta`` values that record how far the download got.

        ``snapshot``: new records are installed like reference data, without change-log
        entries (there is nothing to push and no earlier value to keep); ``rebuild``: the
        index statements a bulk load dropped (``begin_bulk_load``), run with the last page.
        """
        stats = ApplyStats()
        items = list(items)
        with UnitOfWork(store, author, origin="remote") as uow:
            for key, value in (meta or {}).items():
                store.set_meta(key, value)
            if table == "enterprise" and (items or rebuild):
                fit = [(i, d) for i, d in items if unfit(table, d) is None]
                counted = stats.inserted, len(stats.problems)
                uow.conn.execute("SAVEPOINT bulk_page")
                try:
                    rest = self._bulk_enterprise(uow, fit, stats, snapshot, rebuild)
                except APPLY_ERRORS:
                    # one record the bulk statement could not take: the page goes record by
                    # record, setting aside what cannot be stored
                    uow.conn.execute("ROLLBACK TO bulk_page")
                    stats.inserted = counted[0]
                    del stats.problems[counted[1] :]
                    if rebuild:
                        self.registry.index_new_rows(
                            uow.conn, Registry.max_rid(uow.conn), rebuild=rebuild
                        )
                else:
                    done = {i for i, _ in fit} - {i for i, _ in rest}
                    items = [(i, d) for i, d in items if i not in done]
                uow.conn.execute("RELEASE bulk_page")
            for record_id, data in items:
                self.apply(uow, table, record_id, data, stats)
        return stats

    def _bulk_enterprise(
        self,
        uow: UnitOfWork,
        items: list[tuple[str, Mapping[str, Any]]],
        stats: ApplyStats,
        snapshot: bool,
        rebuild: Sequence[str],
    ) -> list[tuple[str, Mapping[str, Any]]]:
        """Insert the page's new entries with one statement; return the rest (updates)."""
        conn = uow.conn
        # a bulk load into an empty table (its unique indexes dropped until the last page) has
        # nothing to compare with: the server's ids and codes are unique
        bulk = snapshot and not self.registry.has_unique_keys(conn)
        known = set() if bulk else _existing(conn, "enterprise", "id", [i for i, _ in items])
        fresh = [(i, d) for i, d in items if i not in known]
        if len(fresh) < 1000 and not rebuild:
            return items  # small pages go record by record
        codes = (
            set() if bulk else _existing(conn, "enterprise", "uscc", [d["uscc"] for _, d in fresh])
        )
        fresh = [(i, d) for i, d in fresh if d["uscc"] not in codes]  # the rest: set aside
        first = Registry.max_rid(conn)
        self.registry.insert_rows(conn, fresh, uow.now)
        self.registry.index_new_rows(conn, first)
        if rebuild:
            # a bulk load checked no code: an entry registered here while the load was
            # interrupted may share one with an entry received since
            aside = self._set_aside_duplicates(uow, stats)
            fresh = [(i, d) for i, d in fresh if i not in aside]
            self.registry.index_new_rows(conn, Registry.max_rid(conn), rebuild=rebuild)
        if not snapshot:
            uow.log_inserts("enterprise", (i for i, _ in fresh))
        stats.inserted += len(fresh)
        done = {i for i, _ in fresh}
        return [(i, d) for i, d in items if i not in done]

    def _set_aside_duplicates(self, uow: UnitOfWork, stats: ApplyStats) -> set[str]:
        """Entries received whose code an entry of this device's own (not yet on the server)
        already uses: taken out of the table and set aside as a pair to merge. Returns their
        ids."""
        conn = uow.conn
        codes = [
            r[0]
            for r in conn.execute(
                "SELECT uscc FROM enterprise GROUP BY uscc HAVING count(*) > 1"
            ).fetchall()
        ]
        if not codes:
            return set()
        own = local_only(conn, "enterprise")
        aside: set[str] = set()
        for code in codes:
            rows = conn.execute("SELECT id FROM enterprise WHERE uscc = ?", (code,)).fetchall()
            mine = [r[0] for r in rows if r[0] in own]
            for (record_id,) in rows:
                if record_id in own or not mine:
                    continue
                data = self.read(conn, "enterprise", record_id)
                row = Registry.get(conn, record_id)
                assert data is not None and row is not None
                self.registry.delete_row(conn, row)
                problem = f"uscc {code} is already registered on this device ({mine[0]})"
                quarantine.set_aside(conn, "enterprise", record_id, data, problem, uow.now)
                stats.set_aside += 1
                stats.open_quarantine = True
                stats.problems.append(f"enterprise {record_id}: {problem}")
                aside.add(record_id)
        return aside

    def begin_bulk_load(self, store: Store, table: str) -> list[str]:
        """Before a snapshot into an empty table: drop its bulk indexes (rebuilt by the last
        page's ``load(rebuild=...)``; ``Registry.ensure_indexes`` repairs an abandoned load)."""
        if table != "enterprise":
            return []
        with store.transaction() as conn:
            if Registry.count(conn):
                return []
            return self.registry.begin_bulk(conn, 10**9)


# records this device created that the server has not accepted (never counted or deleted by
# verification, never replaced by what the server sends: they are local work)
LOCAL_ONLY = (
    "SELECT record_id FROM change_log WHERE table_name = ? AND op = 'insert' AND "
    "status IN ('pending', 'held', 'rejected')"
)


def local_only(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[0] for r in conn.execute(LOCAL_ONLY, (table,))}


def _existing(conn: sqlite3.Connection, table: str, column: str, values: list[Any]) -> set[Any]:
    out: set[Any] = set()
    for start in range(0, len(values), 500):
        part = values[start : start + 500]
        marks = ", ".join("?" * len(part))
        out.update(
            r[0]
            for r in conn.execute(f"SELECT {column} FROM {table} WHERE {column} IN ({marks})", part)
        )
    return out
