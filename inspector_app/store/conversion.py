"""Converting a plain store to an encrypted one: resumable, and safe to kill at any point.

The steps, each recorded in the marker file ``inspector.sqlite3.converting`` before it starts:

1. ``export``: the plain database is copied into ``inspector.sqlite3.encrypting`` with
   ``sqlcipher_export`` (SQLCipher's own copy into an encrypted database), which is then checked
   (``quick_check``, schema version, the row count of every table), flushed to disk and renamed
   over the plain file in one atomic step. Killed before the rename, the plain file is whole and
   the step starts again; after it, the database is encrypted and the step is skipped.
2. ``seal``: each attachment in clear is sealed into a temporary file, checked against its name
   (the SHA-256 of its content) and renamed over the plain file. Partial downloads and copies in
   clear are deleted (a download starts again).
3. ``backups``: each backup in clear is exported the same way, checked and renamed over itself.
4. ``documents``: the PDFs of issued documents the plain store wrote in the documents folder
   (``{number}.pdf``) are deleted: each is made again from the document's stored content, and
   an encrypted store only shows them, never writes them in clear (``ui.issued_view``).
5. The marker is removed. While it exists the app does not start without finishing the work.

The plain database is opened through ``sqlcipher3`` only (no stdlib connection is open while it
runs), so one file is never opened by two SQLite libraries at once.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlcipher3

from inspector_app.store import dbapi, sealed
from inspector_app.store.attachments import PARTIAL, Vault, fsync_dir
from inspector_app.store.database import StoreError, backups
from inspector_app.store.paths import AppPaths

STEPS = ("export", "seal", "backups", "documents")
_SHA_NAME = re.compile(r"[0-9a-f]{64}")

Progress = Callable[[str, int, int], None]
# told of each point reached (the crash tests kill the process there)
Checkpoint = Callable[[str], None]


class ConversionError(StoreError):
    """The encrypted copy did not match the plain store: nothing was replaced."""


def marker_path(paths: AppPaths) -> Path:
    return paths.database.with_name(paths.database.name + ".converting")


def _temp_path(database: Path) -> Path:
    return database.with_name(database.name + ".encrypting")


def needs_conversion(paths: AppPaths) -> bool:
    """True when the store is plain, or a conversion was cut short."""
    if marker_path(paths).exists():
        return True
    db = paths.database
    return db.exists() and db.stat().st_size > 0 and not dbapi.is_encrypted(db)


def in_progress(paths: AppPaths) -> bool:
    return marker_path(paths).exists()


def convert(
    paths: AppPaths,
    key: bytes,
    progress: Progress | None = None,
    checkpoint: Checkpoint | None = None,
) -> None:
    """Encrypt the store at ``paths`` with ``key`` (its key file must already hold it), or
    finish a conversion that was cut short."""
    told = progress or (lambda _stage, _done, _total: None)
    reached = checkpoint or (lambda _point: None)
    marker = marker_path(paths)
    for step in STEPS:
        _write_marker(marker, step)
        reached(f"{step}-started")
        if step == "export":
            _export_database(paths.database, key, told, reached)
        elif step == "seal":
            _seal_attachments(Vault.for_key(paths.attachments_dir, key), told, reached)
        elif step == "backups":
            _encrypt_backups(paths.backups_dir, key, told, reached)
        else:
            _remove_documents(paths, key, told)
        reached(f"{step}-done")
    marker.unlink()
    fsync_dir(marker.parent)
    reached("finished")


def _write_marker(marker: Path, step: str) -> None:
    temp = marker.with_name(marker.name + PARTIAL)
    with open(temp, "w", encoding="utf-8") as handle:
        json.dump({"step": step}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, marker)
    fsync_dir(marker.parent)


# -- the database --------------------------------------------------------------------------


def _remove_with_journals(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _tables(conn: Any, schema: str = "main") -> list[str]:
    rows = conn.execute(
        f"SELECT name, sql FROM {schema}.sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    # a virtual table's rows live in its shadow tables, which are counted themselves
    return [name for name, sql in rows if not str(sql or "").upper().startswith("CREATE VIRTUAL")]


def _counts(conn: Any, schema: str = "main") -> dict[str, int]:
    return {
        t: int(conn.execute(f'SELECT count(*) FROM {schema}."{t}"').fetchone()[0])
        for t in _tables(conn, schema)
    }


def export_copy(source: Path, target: Path, key: bytes) -> dict[str, int]:
    """Copy the plain database ``source`` into a new encrypted ``target`` and check the copy;
    returns the row counts checked. ``target`` is removed first and on failure."""
    _remove_with_journals(target)
    plain: Any = sqlcipher3.connect(str(source), isolation_level=None)
    try:
        plain.execute("PRAGMA cipher_log_level = NONE")
        if plain.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
            plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        version = int(plain.execute("PRAGMA user_version").fetchone()[0])
        app_id = int(plain.execute("PRAGMA application_id").fetchone()[0])
        counts = _counts(plain)
        plain.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(target),))
        plain.execute("SELECT sqlcipher_export('encrypted')")
        plain.execute(f"PRAGMA encrypted.user_version = {version}")
        plain.execute(f"PRAGMA encrypted.application_id = {app_id}")
        plain.execute("DETACH DATABASE encrypted")
    finally:
        plain.close()
    try:
        _check_copy(target, key, version, counts)
    except BaseException:
        _remove_with_journals(target)
        raise
    return counts


def _check_copy(target: Path, key: bytes, version: int, counts: dict[str, int]) -> None:
    copy = dbapi.connect(target, key)
    try:
        problems = [r[0] for r in copy.execute("PRAGMA quick_check")]
        found_version = int(copy.execute("PRAGMA user_version").fetchone()[0])
        found = _counts(copy)
    finally:
        copy.close()
    if problems != ["ok"] or found_version != version or found != counts:
        differ = sorted(t for t in set(found) | set(counts) if found.get(t) != counts.get(t))
        raise ConversionError(
            "加密副本与原数据库不一致，未替换原数据库（"
            f"检查：{problems[:2]}，版本 {found_version}/{version}，表 {differ[:5]}）。",
            "The encrypted copy does not match the database, which was not replaced "
            f"(check: {problems[:2]}, version {found_version}/{version}, tables {differ[:5]}).",
            "conversion_mismatch",
        )
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())


def _export_database(database: Path, key: bytes, told: Progress, reached: Checkpoint) -> None:
    temp = _temp_path(database)
    if dbapi.is_encrypted(database):  # renamed already before a kill: the step is done
        _remove_with_journals(temp)
        return
    told("export", 0, 1)
    export_copy(database, temp, key)
    reached("export-verified")
    # the plain file's WAL was emptied by the export's checkpoint; no stale WAL may stay beside
    # the encrypted file
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    os.replace(temp, database)
    fsync_dir(database.parent)
    told("export", 1, 1)


# -- attachments ---------------------------------------------------------------------------


def _seal_attachments(vault: Vault, told: Progress, reached: Checkpoint) -> None:
    folder = vault.folder
    if not folder.is_dir():
        return
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    for n, path in enumerate(files):
        told("seal", n, len(files))
        if _SHA_NAME.fullmatch(path.name):
            if not sealed.is_sealed(path):
                _seal_one(vault, path)
                reached("seal-one")
        elif path.name.endswith(".sealing") or path.name.endswith(PARTIAL):
            # a copy in clear (an interrupted sealing or download): gone, fetched again
            path.unlink()
    told("seal", len(files), len(files))


def _seal_one(vault: Vault, path: Path) -> None:
    assert vault.key is not None
    temp = path.with_name(path.name + ".sealing")
    writer = sealed.SealedWriter(temp, vault.key)
    try:
        with open(path, "rb") as source:
            while piece := source.read(1024 * 1024):
                writer.write(piece)
    except BaseException:
        writer.abandon()
        temp.unlink(missing_ok=True)
        raise
    writer.close()
    # a plain file that no longer matched its name is sealed as it is (nothing stays in clear);
    # every read reports it as damaged, as it did before
    os.replace(temp, path)
    fsync_dir(path.parent)


# -- backups -------------------------------------------------------------------------------


def _encrypt_backups(folder: Path, key: bytes, told: Progress, reached: Checkpoint) -> None:
    found = backups(folder)
    for n, backup in enumerate(found):
        told("backups", n, len(found))
        temp = backup.with_name("." + backup.name + ".encrypting")
        if dbapi.is_encrypted(backup):
            _remove_with_journals(temp)
            continue
        try:
            export_copy(backup, temp, key)
        except ConversionError:
            backup.unlink()  # a damaged backup cannot be copied; it must not stay in clear
            continue
        except dbapi.Error:
            backup.unlink()
            continue
        os.replace(temp, backup)
        fsync_dir(folder)
        reached("backup-one")
    for stale in folder.glob(".*.encrypting*"):
        stale.unlink(missing_ok=True)
    told("backups", len(found), len(found))


# -- documents -----------------------------------------------------------------------------


def _remove_documents(paths: AppPaths, key: bytes, told: Progress) -> None:
    folder = paths.documents_dir
    if not folder.is_dir():
        return
    conn = dbapi.connect(paths.database, key)
    try:
        numbers = {
            str(r[0]) for r in conn.execute("SELECT number FROM document WHERE number <> ''")
        }
    finally:
        conn.close()
    found = sorted(p for p in folder.glob("*.pdf") if p.stem in numbers or p.name == SELF_TEST)
    for n, path in enumerate(found):
        told("documents", n, len(found))
        path.unlink(missing_ok=True)
    fsync_dir(folder)
    told("documents", len(found), len(found))


# the document the start-up self-test renders (``ui.selftest``)
SELF_TEST = "self-test.pdf"
