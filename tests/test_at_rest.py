"""The local database encrypted at rest: keyed stores, the key file, backups (issue 9 item 4)."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from inspector_app.store import database as store_mod
from inspector_app.store import dbapi
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store, StoreLocked, StoreNotEncrypted, WrongKey
from inspector_app.store.keyfile import (
    FREE_ATTEMPTS,
    KDF_BOUNDS,
    KDF_PARAMS,
    MAX_WAIT_SECONDS,
    KeyFile,
    KeyFileError,
    check_new_password,
)

MARKER = "明文标记-PLAINTEXT-MARKER-7f3a"
NOW = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)


def keyed_store(path: Path, key: bytes) -> Store:
    store = Store.open(path, key=key)
    with UnitOfWork(store, "tester") as uow:
        uow.conn.execute("INSERT INTO meta(key, value) VALUES (?, ?)", ("marker", MARKER))
    return store


def plaintext_hits(folder: Path, *needles: str) -> list[str]:
    """Files under ``folder`` whose bytes contain any needle (UTF-8 or UTF-16)."""
    hits = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for needle in needles:
            for encoding in ("utf-8", "utf-16-le"):
                if needle.encode(encoding) in data:
                    hits.append(f"{path.name}: {needle}")
    return hits


def test_keyed_store_is_encrypted_and_opens_only_with_its_key(tmp_path: Path) -> None:
    key = secrets.token_bytes(32)
    path = tmp_path / "inspector.sqlite3"
    store = keyed_store(path, key)
    assert store.conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # the WAL still holds the write: it must be ciphertext too
    assert (tmp_path / "inspector.sqlite3-wal").stat().st_size > 0
    assert plaintext_hits(tmp_path, MARKER, "CREATE TABLE", "device_id") == []
    store.close()
    assert dbapi.is_encrypted(path)
    assert plaintext_hits(tmp_path, MARKER, "CREATE TABLE") == []
    before = path.read_bytes()
    with pytest.raises(StoreLocked) as locked:
        Store.open(path)
    assert "已加密" in locked.value.zh and "encrypted" in locked.value.en
    with pytest.raises(WrongKey) as wrong:
        Store.open(path, key=secrets.token_bytes(32))
    assert "密码不正确" in wrong.value.zh
    with pytest.raises(StoreLocked):
        Store.open(path, readonly=True)
    assert path.read_bytes() == before  # refusals leave the file as it was
    with Store.open(path, key=key) as again:
        assert again.meta("marker") == MARKER
        assert again.quick_check() == []
    with Store.open(path, key=key, readonly=True) as reader:
        assert reader.meta("marker") == MARKER
    assert Store.is_current(path, key) and not Store.is_current(path)


def test_a_key_for_a_plain_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plain.sqlite3"
    Store.open(path).close()
    with pytest.raises(StoreNotEncrypted):
        Store.open(path, key=secrets.token_bytes(32))
    with Store.open(path) as plain:  # untouched, still plain
        assert plain.schema_version > 0
    assert not dbapi.is_encrypted(path)


def test_errors_of_a_keyed_connection_are_caught_as_database_errors(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "k.sqlite3", key=secrets.token_bytes(32))
    store.conn.execute("INSERT INTO meta(key, value) VALUES ('x', '1')")
    with pytest.raises(dbapi.IntegrityError):
        store.conn.execute("INSERT INTO meta(key, value) VALUES ('x', '2')")
    with pytest.raises(RuntimeError), store.transaction():
        raise RuntimeError("rolled back")
    assert store.meta("x") == "1"
    assert not isinstance(store.conn, sqlite3.Connection) and dbapi.is_connection(store.conn)
    store.close()


def test_backups_of_an_encrypted_store_stay_encrypted(tmp_path: Path) -> None:
    key = secrets.token_bytes(32)
    path = tmp_path / "inspector.sqlite3"
    backups_dir = tmp_path / "backups"
    store = keyed_store(path, key)
    made = store.backup(backups_dir, reason="test")
    store.close()
    other = store_mod.backup_database(path, backups_dir, NOW, key=key)
    for copy in (made, other):
        assert dbapi.is_encrypted(copy)
        assert plaintext_hits(backups_dir, MARKER) == []
        with pytest.raises(StoreLocked):
            Store.open(copy, readonly=True)
    # restored with the key: the database is back, encrypted
    path.write_bytes(b"damaged")
    store_mod.restore_latest_backup(backups_dir, path, NOW, key)
    with Store.open(path, key=key) as restored:
        assert restored.meta("marker") == MARKER
    with pytest.raises(store_mod.StoreError):  # a plain restore of an encrypted backup
        store_mod.restore_backup(made, path, NOW)


# -- the key file ------------------------------------------------------------------------


def test_key_file_wraps_the_key_by_the_password(tmp_path: Path) -> None:
    keys = KeyFile(tmp_path / "inspector.key", tmp_path / "backups" / "inspector.key")
    key = keys.create("correct horse 1")
    assert len(key) == 32
    text = keys.path.read_text("utf-8")
    assert key.hex() not in text and "correct horse" not in text
    slot = json.loads(text)["slots"][0]
    # OWASP ASVS 5.0 Appendix C: argon2id, t=3 needs m >= 12 MiB; ours is 64 MiB
    assert slot["kdf"]["type"] == "argon2id"
    assert slot["kdf"]["time_cost"] >= 3 and slot["kdf"]["memory_kib"] >= 64 * 1024
    assert KDF_PARAMS["memory_kib"] == slot["kdf"]["memory_kib"]
    assert keys.unlock("correct horse 1", now=NOW) == key
    with pytest.raises(KeyFileError) as wrong:
        keys.unlock("correct horse 2", now=NOW)
    assert wrong.value.code == "wrong_password" and wrong.value.zh == "密码不正确。"
    # a new password wraps the same key; the old one no longer opens it
    keys.change_password("correct horse 1", "a new password")
    assert keys.unlock("a new password", now=NOW) == key
    with pytest.raises(KeyFileError):
        keys.unlock("correct horse 1", now=NOW)
    # the copy in the backups follows the change
    assert keys.backup_copy is not None
    assert keys.backup_copy.read_text("utf-8") == keys.path.read_text("utf-8")
    with pytest.raises(KeyFileError) as exists:
        keys.create("another one")
    assert exists.value.code == "key_file_exists"


def test_failed_attempts_make_the_next_one_wait(tmp_path: Path) -> None:
    keys = KeyFile(tmp_path / "inspector.key")
    keys.create("the password")
    for _ in range(FREE_ATTEMPTS):
        with pytest.raises(KeyFileError):
            keys.unlock("not it", now=NOW)
    assert keys.backoff_seconds(NOW) == 2
    with pytest.raises(KeyFileError) as waiting:
        keys.unlock("the password", now=NOW)  # even the right one waits
    assert waiting.value.code == "backoff" and "2 秒" in waiting.value.zh
    # the count survives a restart (a new KeyFile over the same files)
    later = NOW + dt.timedelta(seconds=3)
    assert KeyFile(keys.path).backoff_seconds(later) == 0
    with pytest.raises(KeyFileError):
        keys.unlock("still not it", now=later)
    assert keys.backoff_seconds(later) == 4
    assert keys.unlock("the password", now=later + dt.timedelta(seconds=5))
    assert keys.backoff_seconds(later) == 0  # success clears the count


def test_damaged_or_missing_key_file_is_named_and_the_backup_copy_restores_it(
    tmp_path: Path,
) -> None:
    keys = KeyFile(tmp_path / "inspector.key", tmp_path / "backups" / "inspector.key")
    key = keys.create("the password")
    keys.path.write_text('{"format": "field-inspector-key", "version": 1, "slots": [{}]}')
    with pytest.raises(KeyFileError) as damaged:
        keys.unlock("the password", now=NOW)
    assert damaged.value.code == "key_file_damaged" and "备份" in damaged.value.zh
    keys.path.write_bytes(b"\x00garbage")
    with pytest.raises(KeyFileError) as garbage:
        keys.unlock("the password", now=NOW)
    assert garbage.value.code == "key_file_damaged"
    keys.restore_backup_copy()
    assert keys.unlock("the password", now=NOW) == key
    assert (tmp_path / "inspector.key.damaged").read_bytes() == b"\x00garbage"
    keys.path.unlink()
    with pytest.raises(KeyFileError) as missing:
        keys.unlock("the password", now=NOW)
    assert missing.value.code == "key_file_missing"
    shutil.rmtree(tmp_path / "backups")
    with pytest.raises(KeyFileError):
        keys.restore_backup_copy()


@pytest.mark.parametrize(
    ("password", "repeated", "code"),
    [("short", "short", "password_too_short"), ("long enough", "long enougH", "passwords_differ")],
)
def test_new_password_rules(password: str, repeated: str, code: str) -> None:
    with pytest.raises(KeyFileError) as refused:
        check_new_password(password, repeated)
    assert refused.value.code == code
    check_new_password("long enough", "long enough")


def test_a_copied_data_folder_opens_only_with_the_password(tmp_path: Path) -> None:
    """A lost laptop: its whole data folder copied elsewhere reveals nothing without the
    password, and opens with it."""
    base = tmp_path / "laptop"
    base.mkdir()
    keys = KeyFile(base / "inspector.key", base / "backups" / "inspector.key")
    key = keys.create("officer password 9")
    store = keyed_store(base / "inspector.sqlite3", key)
    store.backup(base / "backups", reason="test")
    # copied while the app runs: the -wal file goes with it
    copy = tmp_path / "copy"
    shutil.copytree(base, copy)
    store.close()
    assert plaintext_hits(copy, MARKER, "officer password 9", "CREATE TABLE", key.hex()) == []
    with pytest.raises(StoreLocked):
        Store.open(copy / "inspector.sqlite3")
    stolen = KeyFile(copy / "inspector.key")
    with pytest.raises(KeyFileError):
        stolen.unlock("officer password 8", now=NOW)
    found = stolen.unlock("officer password 9", now=NOW)
    with Store.open(copy / "inspector.sqlite3", key=found) as opened:
        assert opened.meta("marker") == MARKER


def _slot_kdf_set(keys: KeyFile, text: str) -> None:
    """Write ``text`` (JSON) as the password slot's time cost."""
    body = keys.path.read_text("utf-8")
    start = body.index('"time_cost": ') + len('"time_cost": ')
    end = body.index(",", start)
    keys.path.write_text(body[:start] + text + body[end:], "utf-8")


@pytest.mark.parametrize(
    "change",
    [
        {"time_cost": 10**9},  # a billion passes: the unlock would never end
        {"memory_kib": 2**40},  # a petabyte
        {"memory_kib": 2**31},
        {"parallelism": 0},
        {"time_cost": -1},
        {"time_cost": 1},  # weaker than ASVS App. C allows
        {"memory_kib": "65536"},
        {"time_cost": True},
        {"salt": ""},
    ],
)
def test_a_key_file_asking_for_an_absurd_kdf_is_refused_before_it_runs(
    tmp_path: Path, change: dict[str, object]
) -> None:
    keys = KeyFile(tmp_path / "inspector.key")
    keys.create("the password")
    body = json.loads(keys.path.read_text("utf-8"))
    body["slots"][0]["kdf"].update(change)
    keys.path.write_text(json.dumps(body), "utf-8")
    started = time.monotonic()
    with pytest.raises(KeyFileError) as refused:
        keys.unlock("the password", now=NOW)
    assert refused.value.code == "key_file_damaged" and "备份" in refused.value.zh
    assert time.monotonic() - started < 0.5  # no KDF ran (one at our cost takes ~0.2 s)
    name = next(iter(change))
    if name in KDF_BOUNDS:
        low, high = KDF_BOUNDS[name]
        assert low <= KDF_PARAMS[name] <= high  # what this app writes is within the bounds


@pytest.mark.parametrize("number", ["Infinity", "NaN", "1e400", "1" * 4000])
def test_a_key_file_with_an_odd_number_is_damaged(tmp_path: Path, number: str) -> None:
    keys = KeyFile(tmp_path / "inspector.key")
    keys.create("the password")
    _slot_kdf_set(keys, number)
    with pytest.raises(KeyFileError) as refused:
        keys.unlock("the password", now=NOW)
    assert refused.value.code == "key_file_damaged"


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 50_000 + "1" + "}" * 50_000,
        '{"format": "field-inspector-key", "version": ' + "[" * 900 + "]" * 900 + "}",
        '{"format": "field-inspector-key", "version": 1, "slots": [1, "x", [], {"name": [[]]}]}',
    ],
)
def test_a_deeply_nested_or_odd_key_file_is_damaged_not_a_crash(tmp_path: Path, text: str) -> None:
    keys = KeyFile(tmp_path / "inspector.key")
    keys.path.write_text(text, "utf-8")
    with pytest.raises(KeyFileError) as refused:
        keys.unlock("the password", now=NOW)
    assert refused.value.code == "key_file_damaged" and len(refused.value.zh) < 200


@pytest.mark.parametrize(
    "attempts",
    [
        {"failures": 10**9, "last": NOW.isoformat()},  # 2 ** 1e9 would never be computed
        {"failures": 1e308, "last": NOW.isoformat()},
        {"failures": 5, "last": "2026-05-01T09:00:00"},  # no offset: cannot be compared
        {"failures": -5, "last": NOW.isoformat()},
    ],
)
def test_an_odd_count_of_failed_attempts_gives_a_bounded_wait(
    tmp_path: Path, attempts: dict[str, object]
) -> None:
    keys = KeyFile(tmp_path / "inspector.key")
    keys.create("the password")
    keys.attempts_path.write_text(json.dumps(attempts), "utf-8")
    wait = keys.backoff_seconds(NOW)
    assert 0 <= wait <= MAX_WAIT_SECONDS
    if attempts["failures"] == 10**9:
        assert wait == MAX_WAIT_SECONDS
