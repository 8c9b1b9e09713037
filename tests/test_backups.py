"""Backups that never fill the disk (issue 16 item 3): an interrupted backup leaves nothing
behind, the folder keeps to a size budget, a disk too full is refused before anything is
written, and a disk that fills during a backup or any transaction is told in one sentence."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import namedtuple
from pathlib import Path

import pytest

from helpers import KNOWN_ENTRIES, ROOT
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store import database
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import (
    BackupRefused,
    Store,
    StoreUnavailable,
    backup_database,
    backups,
)
from inspector_app.store.paths import AppPaths

NOW = dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)


def _filled(store: Store, mib: int = 4) -> None:
    """Some megabytes of pages, so that a backup takes many steps."""
    with store.transaction() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS filler (data BLOB)")
        conn.executemany("INSERT INTO filler VALUES (randomblob(8192))", [()] * (mib * 1024 // 8))


def _folder_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


CHILD = """
import datetime as dt, sys, time
from pathlib import Path
from inspector_app.store import database
database.BACKUP_STEP_PAGES = 1
said = []
def progress(done, total):
    if not said:
        print("copying", flush=True)
        said.append(1)
    time.sleep(0.002)
database.backup_database(Path(sys.argv[1]), Path(sys.argv[2]), dt.datetime.now(dt.UTC),
                         progress=progress)
print("finished", flush=True)
"""


def test_a_killed_backup_leaves_nothing_after_the_next_start(tmp_path: Path, store: Store) -> None:
    _filled(store)
    paths = AppPaths.create(tmp_path / "base")
    with subprocess.Popen(
        [sys.executable, "-c", CHILD, str(store.path), str(paths.backups_dir)],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        stdout=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "copying"
        time.sleep(0.2)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    left = _folder_files(paths.backups_dir)
    assert left and all(name.startswith(".") for name in left), left  # hidden while written
    assert backups(paths.backups_dir) == []
    AppPaths.create(tmp_path / "base")  # the next start
    assert _folder_files(paths.backups_dir) == []


def test_leftovers_of_older_versions_go_at_start_and_at_each_backup(
    tmp_path: Path, store: Store
) -> None:
    folder = tmp_path / "base" / "backups"
    folder.mkdir(parents=True)
    names = [
        "inspector-20261101T000000000000Z-auto.partial",
        "inspector-20261101T000000000000Z-auto.partial-journal",
        ".inspector-20261102T000000000000Z-auto.sqlite3.partial",
    ]
    for name in names:
        (folder / name).write_bytes(b"x" * 1000)
    AppPaths.create(tmp_path / "base")
    assert _folder_files(folder) == []
    for name in names:
        (folder / name).write_bytes(b"x" * 1000)
    made = backup_database(store.path, folder, NOW)
    assert _folder_files(folder) == [made.name]


def test_the_folder_keeps_to_its_budget_and_always_the_newest(tmp_path: Path, store: Store) -> None:
    _filled(store, 1)
    folder = tmp_path / "backups"
    first = database.write_backup(store.conn, folder, NOW, reason="auto")
    size = first.stat().st_size
    made = [first]
    for day in range(1, 5):
        made.append(
            database.write_backup(
                store.conn,
                folder,
                NOW + dt.timedelta(days=day),
                reason="auto",
                budget=size * 5 // 2,
            )
        )
    assert backups(folder) == made[-2:]  # two fit in 2.5 copies' worth
    newest = database.write_backup(
        store.conn, folder, NOW + dt.timedelta(days=9), reason="auto", budget=size // 2
    )
    assert backups(folder) == [newest]  # over budget on its own, kept all the same


Usage = namedtuple("Usage", "total used free")


def test_a_disk_too_full_is_refused_before_anything_is_written(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filled(store, 1)
    folder = tmp_path / "backups"
    monkeypatch.setattr(
        database.shutil, "disk_usage", lambda _p: Usage(10**9, 10**9, database.FREE_RESERVE)
    )
    with pytest.raises(BackupRefused) as refused:
        backup_database(store.path, folder, NOW)
    assert refused.value.code == "backup_disk_full"
    assert "磁盘剩余空间不足" in refused.value.zh and "free disk space" in refused.value.en
    assert _folder_files(folder) == []
    assert store.quick_check() == []


def test_a_disk_that_fills_during_the_backup_leaves_nothing_and_harms_nothing(
    tmp_path: Path, store: Store, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    with UnitOfWork(store, "officer-1") as uow:
        registry.create(uow, KNOWN_ENTRIES[0])
    _filled(store, 2)
    folder = tmp_path / "backups"
    kept = backup_database(store.path, folder, NOW)

    def small_disk(path: Path, key: bytes | None = None) -> sqlite3.Connection:
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA max_page_count = 50")  # the disk fills after 50 pages
        return conn

    monkeypatch.setattr(database, "open_target", small_disk)
    with pytest.raises(StoreUnavailable) as full:
        backup_database(store.path, folder, NOW + dt.timedelta(days=1))
    assert full.value.code == "disk_full"
    assert "磁盘空间已满" in full.value.zh
    assert _folder_files(folder) == [kept.name]
    assert store.quick_check() == []
    assert store.conn.execute("SELECT count(*) FROM enterprise").fetchone()[0] == 1


def test_a_disk_that_fills_inside_a_transaction_is_told_and_nothing_half_applied(
    store: Store, registry: Registry, tree: JurisdictionTree
) -> None:
    with UnitOfWork(store, "officer-1") as uow:
        registry.create(uow, KNOWN_ENTRIES[0])
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    before = store.conn.execute("SELECT count(*) FROM change_log").fetchone()[0]
    with pytest.raises(StoreUnavailable) as full, UnitOfWork(store, "officer-1") as uow:
        registry.create(uow, KNOWN_ENTRIES[1])
        uow.conn.execute("CREATE TABLE bulk (data BLOB)")
        uow.conn.executemany("INSERT INTO bulk VALUES (randomblob(4096))", [()] * 100)
    assert full.value.code == "disk_full"
    assert "disk is full" in full.value.en
    assert store.conn.execute("SELECT count(*) FROM enterprise").fetchone()[0] == 1
    assert store.conn.execute("SELECT count(*) FROM change_log").fetchone()[0] == before
    assert not store.conn.in_transaction
    store.conn.execute("PRAGMA max_page_count = 1073741823")
    with UnitOfWork(store, "officer-1") as uow:  # space freed: the same write goes through
        registry.create(uow, KNOWN_ENTRIES[1])
    assert store.conn.execute("SELECT count(*) FROM enterprise").fetchone()[0] == 2
