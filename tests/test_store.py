"""The local store: durability settings, migrations, refusal of newer or foreign files,
integrity check at start, backups."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest

from helpers import KNOWN_ENTRIES, new_store
from inspector_app.registry import jurisdictions
from inspector_app.registry.entries import Registry
from inspector_app.store import migrations
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.clock import new_id
from inspector_app.store.database import (
    APPLICATION_ID,
    NotAStore,
    Store,
    StoreCorrupt,
    StoreError,
    StoreTooNew,
    backup_database,
    backup_due,
    backups,
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_connection_settings_are_enforced(store: Store) -> None:
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert store.schema_version == migrations.latest_version()
    assert len(store.device_id) == 36


def test_readonly_store_refuses_writes(store: Store) -> None:
    reader = Store.open(store.path, readonly=True)
    try:
        with pytest.raises(StoreError):
            with reader.transaction():
                pass
        with pytest.raises(sqlite3.OperationalError):
            reader.conn.execute("DELETE FROM meta")
    finally:
        reader.close()


def test_foreign_keys_reject_unknown_jurisdiction(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        with store.transaction() as conn:
            conn.execute(
                "INSERT INTO officer(id, name, unit_code, role, created_at, updated_at)"
                " VALUES ('x', '张三', 'NOPE', 'city', '', '')"
            )


def test_old_database_is_upgraded_with_its_data(tmp_path: Path, tree, registry) -> None:
    path = tmp_path / "old.sqlite3"
    old = Store.open(path, target_version=1)
    assert old.schema_version == 1
    assert not old.db["officer"].exists()
    jurisdictions.install(old, tree)
    entity = new_id()
    # a row as version 1 wrote it (today's unit of work needs today's schema)
    with old.transaction() as conn:
        registry.insert_rows(conn, [(entity, registry.rules.normalise(KNOWN_ENTRIES[0]))], "t")
    old.close()

    backups_dir = tmp_path / "backups"
    upgraded = Store.open(path, backups_dir=backups_dir)
    try:
        assert upgraded.schema_version == migrations.latest_version()
        assert upgraded.db["officer"].exists()
        assert Registry.get(upgraded.conn, entity)["name"] == KNOWN_ENTRIES[0]["name"]
        marked = upgraded.conn.execute("SELECT record_id FROM record_dirty").fetchall()
        assert marked == [(entity,)]  # hashed at the next verification (migration 4)
        applied = [
            r[0]
            for r in upgraded.conn.execute("SELECT version FROM schema_migrations ORDER BY version")
        ]
        assert applied == [m.version for m in migrations.MIGRATIONS]
        saved = backups(backups_dir)
        assert len(saved) == 1 and "before-upgrade-v1" in saved[0].name
        copy = sqlite3.connect(saved[0])
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
        copy.close()
    finally:
        upgraded.close()


def test_a_failing_migration_leaves_the_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.sqlite3"
    Store.open(path, target_version=1).close()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("disk trouble")

    patched = (migrations.MIGRATIONS[0], migrations.Migration(2, "broken", broken))
    monkeypatch.setattr(migrations, "MIGRATIONS", patched)
    with pytest.raises(RuntimeError):
        Store.open(path)
    monkeypatch.undo()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert (
        conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0]
        == 0
    )
    conn.close()


def test_newer_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    s = Store.open(path)
    s.conn.execute(f"PRAGMA user_version = {migrations.latest_version() + 5}")
    s.close()
    before = digest(path)
    with pytest.raises(StoreTooNew) as info:
        Store.open(path)
    assert "较新版本" in info.value.zh and "请升级软件" in info.value.zh
    assert "newer version" in info.value.en
    assert info.value.found == migrations.latest_version() + 5
    assert digest(path) == before


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE accounts (x)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NotAStore) as info:
        Store.open(path)
    assert "不是本软件的数据库" in info.value.zh
    assert digest(path) == before


def test_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("这不是数据库" * 500, encoding="utf-8")
    with pytest.raises(NotAStore):
        Store.open(path)


def test_corruption_is_found_at_start(tmp_path: Path, tree, registry) -> None:
    path = tmp_path / "c.sqlite3"
    s = new_store(path, tree)
    with UnitOfWork(s, "t") as uow:
        for i in range(400):
            registry.create(uow, dict(KNOWN_ENTRIES[0], uscc=_code(i), name=f"测试单位{i}有限公司"))
    root = s.conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'enterprise_name'"
    ).fetchone()[0]
    s.close()
    page_size = 4096
    with path.open("r+b") as fh:  # scribble over an index of the registry (pages count from 1)
        for page in range(root - 1, root + 3):
            fh.seek(page * page_size)
            fh.write(b"\xff\x00" * (page_size // 2))
    with pytest.raises(StoreCorrupt) as info:
        Store.open(path)
    assert "完整性检查未通过" in info.value.zh and "请从备份恢复" in info.value.zh
    assert len(info.value.zh) < 400  # one readable sentence, not the whole report


def _code(i: int) -> str:
    from inspector_app.registry.validation import uscc_check_char

    first17 = f"91330402MA{i:06d}0"
    first17 = first17[:17]
    return first17 + uscc_check_char(first17)


def test_backup_is_a_verified_copy_and_rotates(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    made = []
    start = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)
    for day in range(10):
        made.append(backup_database(store.path, folder, start + dt.timedelta(days=day), keep=7))
    kept = backups(folder)
    assert kept == made[-7:]
    copy = Store.open(kept[-1], check=True)
    try:
        assert copy.quick_check() == []
        assert copy.device_id == store.device_id
    finally:
        copy.close()
    assert not list(folder.glob("*.partial"))


def test_backup_due_after_interval(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "b"
    now = dt.datetime.now(dt.UTC)
    assert backup_due(folder, now)
    store.backup(folder)
    assert not backup_due(folder, now)
    assert backup_due(folder, now + dt.timedelta(hours=25))


def test_transaction_rolls_back_everything(store: Store) -> None:
    with pytest.raises(ZeroDivisionError):
        with store.transaction() as conn:
            store.set_meta("half", "written")
            conn.execute("INSERT INTO meta(key, value) VALUES ('other', 'x')")
            1 / 0  # noqa: B018
    assert store.meta("half") is None and store.meta("other") is None


def test_restore_from_backup_keeps_the_damaged_files(tmp_path: Path, tree, registry) -> None:
    from inspector_app.store.database import restore_backup

    path = tmp_path / "inspector.sqlite3"
    s = new_store(path, tree)
    with UnitOfWork(s, "t") as uow:
        saved = registry.create(uow, KNOWN_ENTRIES[0])
    good = s.backup(tmp_path / "backups")
    with UnitOfWork(s, "t") as uow:
        registry.create(uow, KNOWN_ENTRIES[1])  # after the backup: lost by the restore
    s.close()
    path.write_bytes(path.read_bytes()[:8192] + b"\x00" * 40_000)  # damage it
    aside = restore_backup(good, path, dt.datetime(2026, 11, 29, tzinfo=dt.UTC))
    assert (aside / "inspector.sqlite3").exists()  # the damaged file is kept as evidence
    restored = Store.open(path)
    try:
        assert [r["id"] for r in [Registry.get(restored.conn, saved)]] == [saved]
        assert Registry.count(restored.conn) == 1
    finally:
        restored.close()


def test_a_damaged_backup_is_not_restored(tmp_path: Path, store: Store) -> None:
    from inspector_app.store.database import restore_backup

    bad = store.backup(tmp_path / "backups")
    data = bytearray(bad.read_bytes())
    for page in range(2, len(data) // 4096):
        data[page * 4096 + 8 : page * 4096 + 4000] = b"\xff" * 3992
    bad.write_bytes(bytes(data))
    with pytest.raises(StoreError) as info:
        restore_backup(bad, store.path, dt.datetime.now(dt.UTC))
    assert "已损坏" in info.value.zh
    assert store.quick_check() == []  # the database in use was not touched


def test_restore_latest_skips_damaged_backups(tmp_path: Path, tree, registry) -> None:
    from inspector_app.store.database import restore_latest_backup

    path = tmp_path / "inspector.sqlite3"
    folder = tmp_path / "backups"
    s = new_store(path, tree)
    older = backup_database(path, folder, dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    with UnitOfWork(s, "t") as uow:
        registry.create(uow, KNOWN_ENTRIES[0])
    newer = backup_database(path, folder, dt.datetime(2026, 11, 2, tzinfo=dt.UTC))
    s.close()
    data = bytearray(newer.read_bytes())
    data[4096 * 2 : 4096 * 3] = b"\xff" * 4096
    newer.write_bytes(bytes(data))
    used = restore_latest_backup(folder, path, dt.datetime(2026, 11, 3, tzinfo=dt.UTC))
    assert used == older
    restored = Store.open(path)
    try:
        assert Registry.count(restored.conn) == 0
    finally:
        restored.close()
