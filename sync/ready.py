"""The first sync from a ready database (``sync.server.ready``): the scope's registry as this
laptop would store it, with its search indexes and verification hashes, downloaded and attached
in one step instead of rebuilt here.

1. ``GET ready``: the manifest of the caller's file (signed like every answer): its scope,
   schema version, server sequence number, SHA-256 and size. An old server (404), a file not
   built yet, another schema version: the ordinary paged snapshot runs instead.
2. ``GET ready/{sha256}`` into ``<data folder>/ready/<sha256>.part``, resumed with an HTTP Range
   from the bytes already there (a download cut by a kill, a lost link or a cancel goes on
   where it stopped); the whole file must hash to the manifest's SHA-256, or it is deleted and
   the ordinary snapshot runs.
3. Attach: in one local transaction, copy each table (``INSERT … SELECT`` from the attached
   file), the full-text indexes' own tables and the tables' record hashes and set-aside
   records, and record each table's snapshot as done at the file's sequence number. The local
   store's own tables (change log, audit chain, device identity, settings) are not touched.
   Nothing is half-applied: any failure rolls the whole copy back.

Why a copy into the open store and not the file swapped in for it: the store file is held open
by the app's writer and search threads, and it already holds this device's identity, its
change log and audit chain; a transaction is atomic and survives a crash (WAL), a file swap
under open connections is neither. The copy is fast because SQLite copies a table with its
indexes page by page when the target is empty and has the same definition (its transfer
optimisation: no triggers on the target, foreign keys checked once afterwards).

The engine then pulls from the file's sequence number and verifies as always.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeGuard

import requests

from inspector_app.registry.entries import FTS_TABLES
from inspector_app.replication import quarantine
from inspector_app.store import migrations
from inspector_app.store.database import APPLICATION_ID, Store
from sync import protocol
from sync.api import META, ApiClient, SyncError
from sync.report import Progress, SyncReport

TABLES = protocol.READY_TABLES
CHUNK = 1024 * 1024
# the own tables of an FTS5 index (those that exist are copied)
FTS_PARTS = ("data", "idx", "config", "docsize", "content")
# far above any scope's registry (a whole city's was 502 MB, README): a manifest announcing
# more is not believed
MAX_SIZE = 16 * 1024**3


class Unusable(Exception):
    """Why a downloaded ready database is not attached (the ordinary snapshot runs)."""


def eligible(store: Store) -> bool:
    """Only into tables still empty, before any ordinary snapshot of them began."""
    conn = store.conn
    for table in TABLES:
        if store.meta(META + f"snapshot.{table}") is not None:
            return False
        if conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
            return False
    return True


def first_sync(
    store: Store,
    api: ApiClient,
    folder: Path,
    report: SyncReport,
    progress: Progress,
    check_stop: Callable[[], None],
) -> bool:
    """Install the scope's ready database if the server has one; True if installed. A
    download that cannot be used leaves a problem in the report and returns False (the
    ordinary snapshot follows); a lost link or a cancel raises ``SyncError`` and keeps the bytes
    received for the next sync."""
    if not eligible(store):
        return False
    try:
        manifest = api.ready()
    except SyncError as exc:
        if exc.kind in ("refused", "server"):  # an older server, or a failure there
            return False
        raise
    if not manifest.get("available"):
        return False
    try:
        sha, size, seq = checked_manifest(manifest)
    except Unusable as exc:
        report.problems.append(f"ready database: {exc}")
        return False
    report.ready = {"sha256": sha, "size": size, "seq": seq}
    try:
        path = download(api, sha, size, folder, report, progress, check_stop)
    except SyncError as exc:
        if exc.kind not in ("refused", "server"):
            raise  # offline, cancelled: the bytes received stay for the next sync
        report.problems.append(f"ready database: {exc.en}")  # replaced meanwhile, say
        return False
    if path is None:
        return False
    try:
        counts = attach(store, path, seq)
    except Unusable as exc:
        report.problems.append(f"ready database: {exc}")
        return False
    finally:
        path.unlink(missing_ok=True)
    report.snapshot.update(counts)
    report.ready["tables"] = counts
    # records the server's build could not store as this laptop would not either: set aside
    # here as by the ordinary snapshot, and reported the same way
    report.problems.extend(
        f"{r.table_name} {r.record_id}: {r.problem}"
        for r in quarantine.listed(store.conn)
        if r.table_name in TABLES
    )
    return True


def checked_manifest(manifest: dict[str, Any]) -> tuple[str, int, int]:
    """The SHA-256, size and sequence number a manifest announces; ``Unusable`` when it is
    malformed or of another schema version."""
    sha, size, seq = manifest.get("sha256"), manifest.get("size"), manifest.get("seq")
    if not (
        isinstance(sha, str)
        and len(sha) == 64
        and all(c in "0123456789abcdef" for c in sha)
        and _whole(size)
        and 0 < size <= MAX_SIZE
        and _whole(seq)
        and seq >= 0
    ):
        raise Unusable("the manifest is malformed")
    schema = manifest.get("schema")
    if schema != migrations.latest_version():
        # named only when a number: the manifest may hold anything there
        shown = schema if _whole(schema) else type(schema).__name__
        raise Unusable(f"schema version {shown} is not this app's")
    return sha, size, seq


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def download(
    api: ApiClient,
    sha: str,
    size: int,
    folder: Path,
    report: SyncReport,
    progress: Progress,
    check_stop: Callable[[], None],
) -> Path | None:
    """The file, whole and hashing to ``sha``, or None (deleted: it was not the file)."""
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / f"{sha}.part"
    for other in folder.glob("*.part"):
        if other != part:
            other.unlink(missing_ok=True)  # an older file's partial download
    digest = hashlib.sha256()
    have = part.stat().st_size if part.exists() else 0
    if have > size:
        part.unlink()
        have = 0
    part.touch()
    with part.open("r+b") as fh:
        while fh.tell() < have:  # the bytes kept from an earlier attempt
            digest.update(fh.read(min(4 * CHUNK, have - fh.tell())))
        report.ready["resumed_from"] = have
        if have < size:
            response = api.ready_file(sha, have)
            try:
                if response.status_code != 206 or not response.headers.get(
                    "content-range", ""
                ).startswith(f"bytes {have}-"):
                    have, digest = 0, hashlib.sha256()  # the whole file came: start over
                fh.seek(have)
                fh.truncate()
                for chunk in response.iter_content(CHUNK):
                    fh.write(chunk)
                    digest.update(chunk)
                    have += len(chunk)
                    progress("ready", have, size)
                    check_stop()
            except requests.exceptions.RequestException as exc:
                raise SyncError(
                    "offline",
                    "下载中断，下次同步时将从中断处继续。",
                    f"The download was cut ({exc}); the next sync resumes it.",
                ) from exc
            finally:
                response.close()
                fh.flush()
                os.fsync(fh.fileno())
    if have != size or digest.hexdigest() != sha:
        part.unlink(missing_ok=True)
        report.problems.append(
            f"ready database: {have} bytes received hash to {digest.hexdigest()[:16]}…, "
            f"not the announced {sha[:16]}… ({size} bytes); the ordinary snapshot is used"
        )
        return None
    final = folder / f"{sha}.sqlite3"
    os.replace(part, final)
    return final


def attach(store: Store, path: Path, seq: int) -> dict[str, int]:
    """Copy the file's tables into the store in one transaction; their row counts."""
    conn = store.conn
    conn.execute("PRAGMA foreign_keys = OFF")  # checked once below, inside the transaction
    try:
        conn.execute("ATTACH DATABASE ? AS ready", (str(path),))
    except sqlite3.Error as exc:
        conn.execute("PRAGMA foreign_keys = ON")
        raise Unusable(f"cannot open the file: {exc}") from exc
    try:
        with store.transaction():
            return _copy(store, seq)
    except sqlite3.DatabaseError as exc:
        raise Unusable(f"cannot copy from the file: {exc}") from exc
    finally:
        conn.execute("DETACH DATABASE ready")
        conn.execute("PRAGMA foreign_keys = ON")


def _copy(store: Store, seq: int) -> dict[str, int]:
    conn = store.conn
    app_id = conn.execute("PRAGMA ready.application_id").fetchone()[0]
    version = conn.execute("PRAGMA ready.user_version").fetchone()[0]
    if app_id != APPLICATION_ID or version != store.schema_version:
        raise Unusable(f"not a store of this schema (application {app_id}, version {version})")
    if not eligible(store):
        raise Unusable("the local tables are no longer empty")
    names = ", ".join(f"'{t}'" for t in TABLES)
    triggers = conn.execute(
        f"SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' AND tbl_name IN ({names})"
    ).fetchall()
    for name, _sql in triggers:  # (a target with triggers would be copied row by row)
        conn.execute(f"DROP TRIGGER main.{name}")
    counts = {}
    for table in TABLES:
        conn.execute(f"INSERT INTO main.{table} SELECT * FROM ready.{table}")
        counts[table] = int(conn.execute(f"SELECT count(*) FROM main.{table}").fetchone()[0])
    present = {r[0] for r in conn.execute("SELECT name FROM main.sqlite_master")}
    for index in FTS_TABLES:
        for part in FTS_PARTS:
            name = f"{index}_{part}"
            if name in present:
                conn.execute(f"DELETE FROM main.{name}")
                conn.execute(f"INSERT INTO main.{name} SELECT * FROM ready.{name}")
    for extra in ("record_hash", "sync_quarantine"):
        conn.execute(
            f"INSERT OR REPLACE INTO main.{extra} SELECT * FROM ready.{extra} "
            f"WHERE table_name IN ({names})"
        )
    for _name, sql in triggers:
        conn.execute(sql)
    for table in TABLES:
        _check_references(conn, table)
    for table in TABLES:
        state = {"after": "", "seq": seq, "received": counts[table], "done": True, "rebuild": []}
        store.set_meta(META + f"snapshot.{table}", json.dumps(state))
    return counts


def _check_references(conn: sqlite3.Connection, table: str) -> None:
    """The foreign keys the copy did not check: each referencing column's distinct values
    (read from its index) must exist in the parent table (e.g. every jurisdiction code)."""
    for row in conn.execute(f"PRAGMA main.foreign_key_list({table})").fetchall():
        parent, column, key = row[2], row[3], row[4] or "rowid"
        missing = conn.execute(
            f"SELECT {column} FROM (SELECT DISTINCT {column} FROM main.{table}) "
            f"WHERE {column} IS NOT NULL AND {column} NOT IN (SELECT {key} FROM main.{parent})"
        ).fetchone()
        if missing is not None:
            raise Unusable(f"{table}.{column} names {missing[0]!r}, not in this store's {parent}")
