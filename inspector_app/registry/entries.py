"""Registry aggregate: enterprises and individual businesses (生产经营单位 / 个体工商户).

Owns the ``enterprise`` table and its two full-text indexes. Rules for a registry entry live in
``RegistryRules`` (built on ``validation``); every write goes through a ``UnitOfWork`` so the
change log records it, except ``load_snapshot`` which installs reference data that came from
elsewhere (the demo generator, later the server's snapshot) and so has nothing to push.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from inspector_app.registry import textindex
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.pinyin import PinyinKeys
from inspector_app.registry.rules import (
    FIELDS,
    TABLE,
    Classifications,
    NotFound,
    RegistryRules,
)
from inspector_app.registry.validation import RecordInvalid, error
from inspector_app.store import changelog
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.clock import new_id
from inspector_app.store.database import Store
from inspector_app.store.migrations import V1_CORE, V4_RECORD_HASHES

_COLUMNS = ("rid", "id", *FIELDS, "name_initials", "name_pinyin", "created_at", "updated_at")
_INSERT_COLUMNS = ("id", *FIELDS, "name_initials", "name_pinyin", "created_at", "updated_at")
# B-tree indexes dropped during a bulk load and rebuilt after it: building an index from the
# finished table sorts once, several times faster than inserting rows in random key order.
# The unique keys are among them; a bulk load checks uniqueness before it inserts, and the
# rebuild would fail (rolling back the whole load) if a duplicate had slipped through.
BULK_INDEXES = (
    "enterprise_id",
    "enterprise_uscc",
    "enterprise_name",
    "enterprise_initials",
    "enterprise_pinyin",
    "enterprise_county",
    "enterprise_town",
    "enterprise_supervisor",
)
# The trigger that marks each inserted entry for rehashing is dropped too: the search-index
# step marks a whole range of new entries with one statement instead (index_new_rows).
BULK_TRIGGERS = ("enterprise_hash_insert",)
# their definitions, from the migrations that made them (one place)
INDEX_SQL = {
    match.group(1): match.group(0).rstrip(";")
    for match in re.finditer(
        r"CREATE (?:UNIQUE )?INDEX (enterprise_\w+) ON enterprise\([^)]*\);", V1_CORE
    )
} | {
    match.group(1): match.group(0).rstrip(";")
    for match in re.finditer(r"CREATE TRIGGER (\w+) .*?END;", V4_RECORD_HASHES, re.DOTALL)
    if match.group(1) in BULK_TRIGGERS
}
BULK_MIN_ROWS = 20_000
FTS_TABLES = ("enterprise_fts", "enterprise_trigram", "enterprise_initials_fts")
_INSERT_SQL = (
    f"INSERT INTO enterprise({', '.join(_INSERT_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(_INSERT_COLUMNS))})"
)


class Registry:
    """Reads and writes of the registry. One instance per app (holds the pinyin tables)."""

    def __init__(
        self,
        tree: JurisdictionTree,
        classes: Classifications | None = None,
        pinyin: PinyinKeys | None = None,
    ) -> None:
        self.tree = tree
        self.classes = classes or Classifications.load()
        self.rules = RegistryRules(tree, self.classes)
        self._pinyin = pinyin

    @cached_property
    def pinyin(self) -> PinyinKeys:
        return self._pinyin or PinyinKeys()

    # -- writes ----------------------------------------------------------------------------

    def create(self, uow: UnitOfWork, raw: Mapping[str, object]) -> str:
        """Validate and insert one entry; returns its id. Refuses a code already registered."""
        record = self.rules.normalise(raw)
        if uow.conn.execute(
            "SELECT 1 FROM enterprise WHERE uscc = ?", (record["uscc"],)
        ).fetchone():
            raise RecordInvalid([error("uscc", "duplicate", "该代码已登记", "already registered")])
        enterprise_id = new_id()
        self.insert_rows(uow.conn, [(enterprise_id, record)], uow.now)
        self.index_new_rows(uow.conn, self.max_rid(uow.conn) - 1)
        uow.log(TABLE, enterprise_id, "insert")
        return enterprise_id

    def update(
        self, uow: UnitOfWork, enterprise_id: str, changes: Mapping[str, object]
    ) -> dict[str, list[Any]]:
        """Apply field changes (validated as a whole entry); returns {field: [old, new]}."""
        old = self.get(uow.conn, enterprise_id)
        if old is None:
            raise NotFound(enterprise_id)
        unknown = set(changes) - set(FIELDS)
        if unknown:
            raise ValueError(f"unknown registry fields: {sorted(unknown)}")
        merged = {f: old[f] for f in FIELDS} | dict(changes)
        record = self.rules.normalise(merged)
        if (
            record["uscc"] != old["uscc"]
            and uow.conn.execute(
                "SELECT 1 FROM enterprise WHERE uscc = ? AND id <> ?",
                (record["uscc"], enterprise_id),
            ).fetchone()
        ):
            raise RecordInvalid([error("uscc", "duplicate", "该代码已登记", "already registered")])
        delta = changelog.diff(old, record)
        if not delta:
            return {}
        self.apply_update(uow.conn, old, record, uow.now)
        uow.log(TABLE, enterprise_id, "update", delta)
        return delta

    def apply_update(
        self, conn: sqlite3.Connection, old: Mapping[str, Any], record: Mapping[str, Any], now: str
    ) -> None:
        initials, syllables = self.pinyin.keys(record["name"])
        values = dict(record, name_initials=initials, name_pinyin=syllables, updated_at=now)
        self._unindex(conn, old)
        sets = ", ".join(f"{k} = :{k}" for k in values)
        conn.execute(
            f"UPDATE enterprise SET {sets} WHERE rid = :rid", {**values, "rid": old["rid"]}
        )
        self.index_new_rows(conn, old["rid"] - 1, old["rid"])

    def delete_row(self, conn: sqlite3.Connection, old: Mapping[str, Any]) -> None:
        """Remove an entry and its search-index rows (the caller logs the delete)."""
        self._unindex(conn, old)
        conn.execute("DELETE FROM enterprise WHERE rid = ?", (old["rid"],))

    def upsert_many(
        self,
        uow: UnitOfWork,
        records: Sequence[Mapping[str, Any]],
        keys: Sequence[tuple[str, str]] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> UpsertResult:
        """Insert new codes, update changed ones, skip identical ones (keyed by USCC).

        ``records`` are normalised entries (``rules.normalise``) with distinct codes; ``keys``
        their precomputed pinyin keys. The search-index rows of the new entries (and the indexes
        a bulk load dropped, ``UpsertResult.rebuild``) are written by ``index_new_rows``,
        which the importer runs as its own timed stage, in the same transaction.
        """
        conn = uow.conn
        existing = (
            self.rows_by_codes(conn, [r["uscc"] for r in records]) if self.max_rid(conn) else {}
        )
        fresh: list[Mapping[str, Any]] = []
        fresh_keys: list[tuple[str, str] | None] = []
        updated = unchanged = 0
        for i, rec in enumerate(records):
            old = existing.get(rec["uscc"])
            if old is None:
                fresh.append(rec)
                fresh_keys.append(keys[i] if keys else None)
                continue
            delta = changelog.diff(old, rec)
            if delta:
                self.apply_update(conn, old, rec, uow.now)
                uow.log(TABLE, old["id"], "update", delta)
                updated += 1
            else:
                unchanged += 1
        first_rid = self.max_rid(conn)
        rebuild = self.begin_bulk(conn, len(fresh))
        started = time.perf_counter()
        ids = new_id.many(len(fresh))
        self.insert_rows(
            conn, list(zip(ids, fresh, strict=True)), uow.now, keys=fresh_keys, progress=progress
        )
        rows_s = time.perf_counter() - started
        uow.log_inserts(TABLE, ids)
        return UpsertResult(
            inserted=len(fresh),
            updated=updated,
            unchanged=unchanged,
            first_new_rid=first_rid,
            rebuild=tuple(rebuild),
            rows_s=rows_s,
            log_s=time.perf_counter() - started - rows_s,
        )

    def insert_rows(
        self,
        conn: sqlite3.Connection,
        rows: Sequence[tuple[str, Mapping[str, Any]]],
        now: str,
        keys: Sequence[tuple[str, str] | None] | None = None,
        progress: Callable[[int, int], None] | None = None,
        chunk: int = 20_000,
    ) -> None:
        """Insert entries (id, normalised record) into the table; no change log, no index."""
        total = len(rows)
        pinyin = self.pinyin
        for start in range(0, total, chunk):
            batch = []
            for j in range(start, min(start + chunk, total)):
                enterprise_id, rec = rows[j]
                key = keys[j] if keys else None
                initials, syllables = key or pinyin.keys(rec["name"])
                batch.append(
                    (
                        enterprise_id,
                        rec["uscc"],
                        rec["name"],
                        rec["kind"],
                        rec["county_code"],
                        rec["town_code"],
                        rec["supervising_unit"],
                        rec["address"],
                        rec["legal_rep"],
                        rec["contact_phone"],
                        rec["industry_section"],
                        rec["supervision_industry"],
                        int(rec["above_size"]),
                        int(rec["key_supervised"]),
                        rec["risk_level"],
                        initials,
                        syllables,
                        now,
                        now,
                    )
                )
            conn.executemany(_INSERT_SQL, batch)
            if progress:
                progress(min(start + chunk, total), total)

    def begin_bulk(self, conn: sqlite3.Connection, incoming: int) -> list[str]:
        """Before inserting ``incoming`` rows: drop the ``BULK_INDEXES`` if that is many.

        Returns the statements that ``index_new_rows(rebuild=...)`` runs to recreate them
        (read from the schema, so the migrations stay the one definition). Call inside the
        transaction that inserts the rows: a rollback restores the indexes too.
        """
        if incoming < max(BULK_MIN_ROWS, self.count(conn) // 4):
            return []
        names = (*BULK_INDEXES, *BULK_TRIGGERS)
        rows = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
            f"AND name IN ({', '.join('?' * len(names))})",
            names,
        ).fetchall()
        for kind, name, _ in rows:
            conn.execute(f"DROP {kind.upper()} {name}")
        for table in FTS_TABLES:  # no merging while pages arrive: one 'optimize' at the end
            conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', 0)")
        return [sql for _, _, sql in rows]

    @staticmethod
    def has_unique_keys(conn: sqlite3.Connection) -> bool:
        """False while a bulk load has the unique-key indexes dropped."""
        return bool(
            conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'enterprise_uscc'"
            ).fetchone()
        )

    @staticmethod
    def ensure_indexes(store: Store) -> list[str]:
        """Recreate any of the ``BULK_INDEXES`` (and ``BULK_TRIGGERS``) that is missing (a bulk
        load was cut short, e.g. a first sync interrupted and never resumed); returns the names
        recreated."""
        present = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
        missing = [name for name in (*BULK_INDEXES, *BULK_TRIGGERS) if name not in present]
        if missing:
            with store.transaction() as conn:
                for name in missing:
                    conn.execute(INDEX_SQL[name])
        return missing

    @staticmethod
    def index_new_rows(
        conn: sqlite3.Connection,
        after_rid: int,
        upto_rid: int | None = None,
        rebuild: Sequence[str] = (),
    ) -> None:
        """Write the search-index rows of entries with ``after_rid < rid <= upto_rid``, mark
        them for rehashing, and recreate what ``begin_bulk`` dropped."""
        present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        for sql in rebuild:
            name = re.search(r"(?:INDEX|TRIGGER) (\w+)", sql)
            if name is None or name.group(1) not in present:  # ensure_indexes may have run
                conn.execute(sql)
        conn.create_function("fi_spaced", 1, textindex.spaced, deterministic=True)
        conn.create_function("fi_trigram", 1, textindex.trigram_text, deterministic=True)
        upper = upto_rid if upto_rid is not None else 2**62
        conn.execute(
            "INSERT INTO enterprise_fts(rowid, name, address, legal_rep, pinyin) "
            "SELECT rid, fi_spaced(name), fi_spaced(address), fi_spaced(legal_rep), name_pinyin "
            "FROM enterprise WHERE rid > ? AND rid <= ?",
            (after_rid, upper),
        )
        conn.execute(
            "INSERT INTO enterprise_trigram(rowid, name, address, legal_rep) "
            "SELECT rid, fi_trigram(name), fi_trigram(address), fi_trigram(legal_rep) "
            "FROM enterprise WHERE rid > ? AND rid <= ?",
            (after_rid, upper),
        )
        conn.execute(
            "INSERT INTO enterprise_initials_fts(rowid, name_initials) "
            "SELECT rid, name_initials FROM enterprise WHERE rid > ? AND rid <= ?",
            (after_rid, upper),
        )
        conn.execute(
            "INSERT OR IGNORE INTO record_dirty(table_name, record_id) "
            "SELECT 'enterprise', id FROM enterprise WHERE rid > ? AND rid <= ?",
            (after_rid, upper),
        )
        if rebuild:
            # after a bulk load: merge the index segments into one for faster queries, and
            # let later writes merge as they go again (see begin_bulk)
            for table in FTS_TABLES:
                conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
                conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', 4)")

    @staticmethod
    def _unindex(conn: sqlite3.Connection, old: Mapping[str, Any]) -> None:
        # Contentless / external-content FTS5: a delete must repeat the indexed values.
        conn.execute(
            "INSERT INTO enterprise_fts(enterprise_fts, rowid, name, address, legal_rep, pinyin) "
            "VALUES ('delete', ?, ?, ?, ?, ?)",
            (
                old["rid"],
                textindex.spaced(old["name"]),
                textindex.spaced(old["address"]),
                textindex.spaced(old["legal_rep"]),
                old["name_pinyin"],
            ),
        )
        conn.execute(
            "INSERT INTO enterprise_trigram(enterprise_trigram, rowid, name, address, legal_rep) "
            "VALUES ('delete', ?, ?, ?, ?)",
            (
                old["rid"],
                textindex.trigram_text(old["name"]),
                textindex.trigram_text(old["address"]),
                textindex.trigram_text(old["legal_rep"]),
            ),
        )
        conn.execute(
            "INSERT INTO enterprise_initials_fts(enterprise_initials_fts, rowid, name_initials) "
            "VALUES ('delete', ?, ?)",
            (old["rid"], old["name_initials"]),
        )

    def load_snapshot(
        self,
        store: Store,
        records: Iterable[Mapping[str, Any]],
        progress: Callable[[int, int], None] | None = None,
        total: int | None = None,
        chunk: int = 20_000,
    ) -> int:
        """Install reference entries in one transaction, without change-log entries.

        For data that did not originate on this device: the demo registry, and (with sync) the
        server's snapshot. Codes already present (or repeated) are skipped. Returns the number
        inserted.
        """
        inserted = 0
        with store.bulk_cache(), store.transaction() as conn:
            first = self.max_rid(conn)
            known = {r[0] for r in conn.execute("SELECT uscc FROM enterprise")}
            rebuild = self.begin_bulk(conn, total or BULK_MIN_ROWS)
            batch: list[Mapping[str, Any]] = []

            def flush() -> None:
                nonlocal inserted, batch
                ids = new_id.many(len(batch))
                self.insert_rows(conn, list(zip(ids, batch, strict=True)), store.clock.timestamp())
                inserted += len(batch)
                batch = []
                if progress:
                    progress(inserted, total or inserted)

            for rec in records:
                if rec["uscc"] in known:
                    continue
                known.add(rec["uscc"])
                batch.append(rec)
                if len(batch) >= chunk:
                    flush()
            flush()
            self.index_new_rows(conn, first, rebuild=rebuild)
        return inserted

    # -- reads -----------------------------------------------------------------------------

    @staticmethod
    def max_rid(conn: sqlite3.Connection) -> int:
        return int(conn.execute("SELECT coalesce(max(rid), 0) FROM enterprise").fetchone()[0])

    @staticmethod
    def count(conn: sqlite3.Connection) -> int:
        return int(conn.execute("SELECT count(*) FROM enterprise").fetchone()[0])

    @staticmethod
    def get(conn: sqlite3.Connection, enterprise_id: str) -> dict[str, Any] | None:
        row = conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM enterprise WHERE id = ?", (enterprise_id,)
        ).fetchone()
        return dict(zip(_COLUMNS, row, strict=True)) if row else None

    @staticmethod
    def get_by_uscc(conn: sqlite3.Connection, uscc: str) -> dict[str, Any] | None:
        row = conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM enterprise WHERE uscc = ?", (uscc,)
        ).fetchone()
        return dict(zip(_COLUMNS, row, strict=True)) if row else None

    @staticmethod
    def rows_by_codes(
        conn: sqlite3.Connection, codes: Sequence[str], chunk: int = 500
    ) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        cols = ", ".join(_COLUMNS)
        for start in range(0, len(codes), chunk):
            part = codes[start : start + chunk]
            sql = f"SELECT {cols} FROM enterprise WHERE uscc IN ({', '.join('?' * len(part))})"
            for row in conn.execute(sql, part):
                rec = dict(zip(_COLUMNS, row, strict=True))
                out[rec["uscc"]] = rec
        return out

    @staticmethod
    def rows_by_rids(
        conn: sqlite3.Connection, rids: Sequence[int], columns: Sequence[str] = _COLUMNS
    ) -> dict[int, dict[str, Any]]:
        """Rows for a page of a view, keyed by rid (missing rids are simply absent)."""
        if not rids:
            return {}
        cols = ", ".join(("rid", *[c for c in columns if c != "rid"]))
        names = ("rid", *[c for c in columns if c != "rid"])
        sql = f"SELECT {cols} FROM enterprise WHERE rid IN ({', '.join('?' * len(rids))})"
        return {row[0]: dict(zip(names, row, strict=True)) for row in conn.execute(sql, rids)}

    @staticmethod
    def history(conn: sqlite3.Connection, enterprise_id: str) -> list[changelog.LogEntry]:
        return changelog.history(conn, TABLE, enterprise_id)


@dataclass(frozen=True)
class UpsertResult:
    inserted: int
    updated: int
    unchanged: int
    first_new_rid: int
    rebuild: tuple[str, ...] = ()  # index statements for index_new_rows
    rows_s: float = 0.0  # time spent inserting the new rows (the benchmark reports it)
    log_s: float = 0.0  # time spent writing their change-log entries
