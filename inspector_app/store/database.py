"""The local store: one SQLite file opened through sqlite-utils.

Every connection runs with WAL, ``synchronous=FULL`` (an acknowledged commit survives a power
cut), foreign keys on and a busy timeout; the settings are read back and checked, never assumed.
The schema is versioned (``PRAGMA user_version``) and upgraded by ``migrations``; a file written
by a newer version is refused. ``quick_check`` runs at start; ``backup`` copies the database
through SQLite's backup API (never a file copy) and keeps a rotating set.

Threads: a ``Store`` belongs to the thread that opened it. The app opens one writable store on
its database thread and read-only stores (``query_only``) for page-sized reads elsewhere.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import sqlite_utils

from inspector_app import APP_VERSION
from inspector_app.messages import Bilingual
from inspector_app.store import dbapi, migrations
from inspector_app.store.clock import Clock, new_id

log = logging.getLogger(__name__)

APPLICATION_ID = 0x46494E53  # "FINS": marks the file as a Field Inspector store
BUSY_TIMEOUT_MS = 5000
CACHE_KIB = 64 * 1024  # page cache per connection; bulk writes raise it (see bulk_cache)
BACKUPS_KEPT = 7
BACKUP_INTERVAL = dt.timedelta(hours=24)
# The backups folder never grows past this: the oldest copies go first, the newest is always kept.
BACKUP_BUDGET = 2 * 1024**3
# A backup is refused unless this much stays free on the disk after it (the app must go on saving).
FREE_RESERVE = 256 * 1024**2
BACKUP_STEP_PAGES = 4096  # pages copied per step (the app's writer goes on between steps)
PARTIAL_PREFIX = "."  # a backup being written is hidden: ".inspector-….sqlite3.partial"


class StoreError(Bilingual):
    """An environmental problem with the local database, told to the user in one sentence."""


class StoreTooNew(StoreError):
    def __init__(self, found: int, supported: int) -> None:
        super().__init__(
            f"此数据库由较新版本的软件创建（结构版本 {found}），当前软件最高支持版本 {supported}。"
            "请升级软件后再打开；数据库未作任何修改。",
            f"This database was written by a newer version of the app (schema {found}); this "
            f"version supports up to {supported}. Please upgrade; the database was not changed.",
        )
        self.found = found
        self.supported = supported


class BackupRefused(StoreError):
    """A backup not made because the disk is (or would be) full; nothing was written."""

    def __init__(self, needed: int, free: int) -> None:
        mib = 1024**2
        super().__init__(
            f"磁盘剩余空间不足，未进行备份（需要约 {needed // mib + 1} MB，"
            f"剩余 {free // mib} MB）。请清理磁盘；数据库未受影响。",
            f"Not enough free disk space for a backup (about {needed // mib + 1} MB needed, "
            f"{free // mib} MB free). Free some space; the database is unharmed.",
            "backup_disk_full",
        )
        self.needed, self.free = needed, free


class NotAStore(StoreError):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            f"文件“{path.name}”不是本软件的数据库（{detail}），未作任何修改。",
            f"{path.name} is not a Field Inspector database ({detail}); it was not changed.",
        )


class StoreLocked(StoreError):
    """An encrypted store opened without its key: nothing was read or changed."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"数据库“{path.name}”已加密，需要输入密码才能打开；文件未作任何修改。",
            f"The database {path.name} is encrypted and opens only with the password; "
            "the file was not changed.",
            "store_locked",
        )


class WrongKey(StoreError):
    """The key does not open the encrypted store (a wrong password); the file is untouched."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"密码不正确，无法打开数据库“{path.name}”；文件未作任何修改。",
            f"Wrong password: the database {path.name} cannot be opened; it was not changed.",
            "wrong_key",
        )


class StoreNotEncrypted(StoreError):
    """A key given for a plain store: it must be converted first (``conversion``)."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"数据库“{path.name}”尚未加密，需先转换为加密数据库。",
            f"The database {path.name} is not encrypted yet; convert it first.",
            "store_not_encrypted",
        )


class StoreCorrupt(StoreError):
    def __init__(self, path: Path, problems: list[str]) -> None:
        lines = [line for p in problems for line in p.splitlines() if not line.startswith("***")]
        shown = "; ".join(lines[:3]) + (f" … (+{len(lines) - 3})" if len(lines) > 3 else "")
        super().__init__(
            f"数据库“{path.name}”完整性检查未通过（{shown}）。请从备份恢复。",
            f"Database {path.name} failed its integrity check ({shown}). Restore it from a backup.",
        )
        self.problems = problems


class StoreUnavailable(StoreError):
    """Disk full, read-only medium, locked by another program, cannot open."""

    @classmethod
    def disk_full(cls) -> StoreUnavailable:
        return cls(
            "磁盘空间已满，无法保存。请清理磁盘后重试，已保存的数据不受影响。",
            "The disk is full. Free some space and retry; saved data is safe.",
            "disk_full",
        )

    @classmethod
    def from_sqlite(cls, path: Path, exc: Exception) -> StoreUnavailable:
        primary = _primary(exc)
        if primary == sqlite3.SQLITE_FULL:
            return cls.disk_full()
        if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return cls(
                "数据库正被另一个程序使用。请关闭其他正在运行的本软件后重试。",
                "The database is in use by another program. Close other copies and retry.",
            )
        if primary == sqlite3.SQLITE_READONLY:
            return cls(
                f"数据库“{path}”为只读，无法保存。请检查文件权限。",
                f"The database {path} is read-only. Check the file permissions.",
            )
        if primary == sqlite3.SQLITE_CANTOPEN:
            return cls(
                f"无法打开数据库“{path}”。请检查文件夹是否存在且可写。",
                f"Cannot open the database {path}. Check that the folder exists and is writable.",
            )
        return cls(f"数据库错误：{exc}", f"Database error: {exc}")


class Store:
    """An open local database. Use ``Store.open``; close with ``close()`` or ``with``."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        *,
        readonly: bool,
        clock: Clock | None = None,
        key: bytes | None = None,
    ) -> None:
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        self.path = path
        self.readonly = readonly
        self.clock = clock or Clock()
        self.key = key  # the database key of an encrypted store (None: a plain store)

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        readonly: bool = False,
        backups_dir: Path | None = None,
        clock: Clock | None = None,
        check: bool = True,
        target_version: int | None = None,
        key: bytes | None = None,
    ) -> Store:
        """Open (creating if missing) and upgrade the database at ``path``.

        ``key``: the 256-bit database key (``keyfile``) of an encrypted store, which is then
        opened (or created) through SQLCipher; without it the file is a plain SQLite file. An
        encrypted file without a key raises StoreLocked, a wrong key WrongKey, a key for a
        plain file StoreNotEncrypted; in each case the file is not touched.

        ``readonly`` opens a query-only connection to an existing, current database.
        ``backups_dir``: where a backup is written before an upgrade of an existing database.
        ``target_version`` stops the upgrade early (tests build old databases with it).
        """
        path = Path(path)
        existed = path.exists() and path.stat().st_size > 0
        if readonly and not existed:
            raise StoreUnavailable(
                f"数据库“{path}”不存在。", f"The database {path} does not exist."
            )
        encrypted = existed and dbapi.is_encrypted(path)
        if encrypted and key is None:
            raise StoreLocked(path)
        if existed and not encrypted and key is not None:
            raise StoreNotEncrypted(path)
        try:
            conn = dbapi.connect(path, key, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        except dbapi.Error as exc:
            raise StoreUnavailable.from_sqlite(path, exc) from exc
        store = cls(conn, path, readonly=readonly, clock=clock, key=key)
        try:
            # identity first: nothing may touch a file that is not ours (WAL rewrites the header)
            try:
                store._check_identity(existed)
            except dbapi.DatabaseError as exc:
                if encrypted and dbapi.errorcode(exc) == sqlite3.SQLITE_NOTADB:
                    raise WrongKey(path) from exc
                raise
            configure(conn, readonly=readonly)
            version = store.schema_version
            latest = migrations.latest_version()
            if version > latest:
                raise StoreTooNew(version, latest)
            if check and existed:
                problems = store.quick_check()
                if problems:
                    raise StoreCorrupt(path, problems)
            if not readonly and version < (target_version or latest):
                if existed and version > 0 and backups_dir is not None:
                    store.backup(backups_dir, reason=f"before-upgrade-v{version}")
                migrations.migrate(store, target_version)
                if not existed:
                    store._init_meta()
            elif readonly and version < latest:
                raise StoreUnavailable(
                    "数据库尚未升级，无法以只读方式打开。", "The database needs an upgrade first."
                )
        except dbapi.DatabaseError as exc:
            conn.close()
            if getattr(exc, "sqlite_errorcode", 0) == sqlite3.SQLITE_NOTADB:
                raise NotAStore(path, "文件格式不符 / unknown file format") from exc
            if getattr(exc, "sqlite_errorcode", 0) == sqlite3.SQLITE_CORRUPT:
                raise StoreCorrupt(path, [str(exc)]) from exc
            raise StoreUnavailable.from_sqlite(path, exc) from exc
        except BaseException:
            conn.close()
            raise
        return store

    @staticmethod
    def is_current(path: str | Path, key: bytes | None = None) -> bool:
        """True if ``path`` is a store of the latest schema (then opening it migrates nothing)."""
        path = Path(path)
        if not path.exists() or path.stat().st_size == 0:
            return False
        if dbapi.is_encrypted(path) != (key is not None):
            return False
        try:
            conn = dbapi.connect(f"file:{path}?mode=ro", key, uri=True)
            try:
                return int(conn.execute("PRAGMA user_version").fetchone()[0]) == (
                    migrations.latest_version()
                )
            finally:
                conn.close()
        except dbapi.Error:
            return False

    def check_integrity(self) -> None:
        """``quick_check``, raising StoreCorrupt on a problem (for a deferred start-up check)."""
        problems = self.quick_check()
        if problems:
            raise StoreCorrupt(self.path, problems)

    def _check_identity(self, existed: bool) -> None:
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id == APPLICATION_ID:
            return
        if existed:
            tables = self.conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type='table'"
            ).fetchone()[0]
            if app_id != 0 or tables:
                raise NotAStore(self.path, f"application_id={app_id:#x}")
        if not self.readonly:
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def _init_meta(self) -> None:
        with self.transaction():
            for key, value in (
                ("device_id", new_id()),
                ("created_at", self.clock.timestamp()),
                ("created_by_app", APP_VERSION),
            ):
                self.conn.execute(
                    "INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", (key, value)
                )

    # -- basic facts -----------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        """Write a meta value; call inside ``transaction()``."""
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def timestamp(self) -> str:
        """Now by the store's clock (what migrations record as their time)."""
        return self.clock.timestamp()

    @property
    def device_id(self) -> str:
        value = self.meta("device_id")
        if value is None:
            raise StoreError("数据库缺少设备标识。", "The database has no device id.")
        return value

    # -- transactions ----------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``; any exception rolls everything back."""
        if self.readonly:
            raise StoreError("只读连接不能写入。", "This connection is read-only.")
        if self.conn.in_transaction:
            raise RuntimeError("nested transaction: a unit of work must not contain another")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except dbapi.OperationalError as exc:
            raise StoreUnavailable.from_sqlite(self.path, exc) from exc
        try:
            yield self.conn
        except dbapi.OperationalError as exc:
            self._rollback()
            if _primary(exc) == sqlite3.SQLITE_FULL:
                raise StoreUnavailable.disk_full() from exc
            raise
        except BaseException:
            self._rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except dbapi.Error as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise StoreUnavailable.from_sqlite(self.path, exc) from exc

    def _rollback(self) -> None:
        # SQLite may already have rolled back by itself (e.g. after SQLITE_FULL)
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    @contextlib.contextmanager
    def bulk_cache(self, kib: int = 512 * 1024) -> Iterator[None]:
        """A larger page cache for the duration of a bulk write (random-order index inserts)."""
        self.conn.execute(f"PRAGMA cache_size = -{kib:d}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")

    # -- checks and backups ----------------------------------------------------------------

    def quick_check(self) -> list[str]:
        """SQLite's ``quick_check``: an empty list when the file is sound."""
        rows = [r[0] for r in self.conn.execute("PRAGMA quick_check")]
        return [] if rows == ["ok"] else rows

    def integrity_check(self) -> list[str]:
        rows = [r[0] for r in self.conn.execute("PRAGMA integrity_check")]
        return [] if rows == ["ok"] else rows

    def backup(self, backups_dir: Path, *, reason: str = "auto", keep: int = BACKUPS_KEPT) -> Path:
        """Copy the database through this connection (see ``write_backup``)."""
        return write_backup(
            self.conn, backups_dir, self.clock.now(), reason=reason, keep=keep, key=self.key
        )

    def close(self) -> None:
        if not self.readonly:
            # a damaged encrypted page can surface here as SQLITE_NOMEM (a MemoryError): closing
            # must still close
            with contextlib.suppress(*dbapi.Error, MemoryError):
                self.conn.execute("PRAGMA analysis_limit = 1000")
                self.conn.execute("PRAGMA optimize")
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def explain(path: Path, exc: BaseException) -> BaseException:
    """A database error met while reading as the user's sentence (a damaged file as
    StoreCorrupt); any other exception as it is."""
    if not isinstance(exc, dbapi.Error):
        return exc
    if _primary(exc) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return StoreCorrupt(path, [str(exc)])
    return StoreUnavailable.from_sqlite(path, exc)


def connect(path: Path, *, readonly: bool = False, key: bytes | None = None) -> sqlite3.Connection:
    """A connection with the durability settings read back and checked."""
    conn = dbapi.connect(path, key, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    configure(conn, readonly=readonly)
    return conn


def configure(conn: sqlite3.Connection, *, readonly: bool = False) -> None:
    """Apply WAL, synchronous=FULL, foreign keys, busy timeout; read each back and check it."""
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        if readonly:
            conn.execute("PRAGMA query_only = ON")
        checks = {
            "journal_mode": (mode.lower(), "wal"),
            "synchronous": (conn.execute("PRAGMA synchronous").fetchone()[0], 2),
            "foreign_keys": (conn.execute("PRAGMA foreign_keys").fetchone()[0], 1),
        }
        for name, (got, want) in checks.items():
            if got != want:
                raise StoreError(
                    f"数据库设置 {name}={got} 不符合要求（应为 {want}）。",
                    f"Database setting {name}={got}, expected {want}.",
                )
    except BaseException:
        conn.close()
        raise


def _primary(exc: Exception) -> int | None:
    return dbapi.errorcode(exc)


def backups(backups_dir: Path) -> list[Path]:
    """Finished backups, oldest first."""
    if not backups_dir.exists():
        return []
    return sorted(backups_dir.glob("inspector-*.sqlite3"))


def remove_partials(backups_dir: Path) -> int:
    """Delete what an interrupted backup left behind (its file and journal, under the hidden
    name or the older visible one); returns how many files went. Run at every start and
    before every backup."""
    if not backups_dir.is_dir():
        return 0
    removed = 0
    for pattern in ("*.partial", "*.partial-*"):
        for stale in backups_dir.glob(pattern):
            with contextlib.suppress(OSError):
                stale.unlink()
                removed += 1
    for stale in backups_dir.glob(f"{PARTIAL_PREFIX}inspector-*"):
        with contextlib.suppress(OSError):
            stale.unlink()
            removed += 1
    if removed:
        log.warning("removed %d files of interrupted backups", removed)
    return removed


def rotate_backups(
    backups_dir: Path, keep: int = BACKUPS_KEPT, budget: int = BACKUP_BUDGET
) -> list[Path]:
    """Keep the newest ``keep`` backups within ``budget`` bytes (the newest is kept whatever
    its size); returns the backups removed."""
    removed = []
    total = 0
    for rank, path in enumerate(reversed(backups(backups_dir))):
        size = path.stat().st_size
        if rank == 0 or (rank < keep and total + size <= budget):
            total += size
            continue
        path.unlink(missing_ok=True)
        removed.append(path)
    remove_partials(backups_dir)
    return removed


def backup_due(
    backups_dir: Path, now: dt.datetime, interval: dt.timedelta = BACKUP_INTERVAL
) -> bool:
    existing = backups(backups_dir)
    if not existing:
        return True
    newest = dt.datetime.fromtimestamp(existing[-1].stat().st_mtime, tz=dt.UTC)
    return now - newest >= interval


def backup_database(
    path: Path,
    backups_dir: Path,
    now: dt.datetime,
    *,
    reason: str = "auto",
    keep: int = BACKUPS_KEPT,
    progress: Callable[[int, int], None] | None = None,
    key: bytes | None = None,
) -> Path:
    """Back up the database file at ``path`` on a connection of its own (any thread).

    In WAL mode the copy reads a consistent snapshot while the app goes on writing.
    """
    source = connect(path, readonly=True, key=key)
    try:
        return write_backup(
            source, backups_dir, now, reason=reason, keep=keep, progress=progress, key=key
        )
    finally:
        source.close()


def open_target(path: Path, key: bytes | None = None) -> sqlite3.Connection:
    """The connection a backup is written through (encrypted with the same key as its source:
    the backup of an encrypted store is encrypted too)."""
    return dbapi.connect(path, key)


def _needed_bytes(source: sqlite3.Connection) -> int:
    pages, free, size = (
        int(source.execute(f"PRAGMA {p}").fetchone()[0])
        for p in ("page_count", "freelist_count", "page_size")
    )
    return (pages - free) * size


def write_backup(
    source: sqlite3.Connection,
    backups_dir: Path,
    now: dt.datetime,
    *,
    reason: str,
    keep: int = BACKUPS_KEPT,
    budget: int = BACKUP_BUDGET,
    reserve: int = FREE_RESERVE,
    progress: Callable[[int, int], None] | None = None,
    key: bytes | None = None,
) -> Path:
    """Copy with SQLite's backup API, verify the copy, then rotate old copies.

    The copy is written under a hidden temporary name that is removed on every way out
    (error, disk full, cancel) and renamed only after it passed ``quick_check``; what a killed
    process leaves is removed at the next start or backup (``remove_partials``). A backup that
    would leave less than ``reserve`` bytes free is refused before anything is written.
    """
    backups_dir.mkdir(parents=True, exist_ok=True)
    remove_partials(backups_dir)
    needed = _needed_bytes(source)
    free = shutil.disk_usage(backups_dir).free
    if free < needed + reserve:
        raise BackupRefused(needed + reserve, free)
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    final = backups_dir / f"inspector-{stamp}-{reason}.sqlite3"
    partial = backups_dir / f"{PARTIAL_PREFIX}{final.name}.partial"
    try:
        target = open_target(partial, key)
        try:
            source.backup(target, pages=BACKUP_STEP_PAGES, progress=_steps(progress))
            target.execute("PRAGMA journal_mode=DELETE")
            result = target.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            target.close()
        if result != "ok":
            raise StoreError(f"备份校验失败：{result}", f"Backup verification failed: {result}")
        partial.replace(final)
    except dbapi.Error as exc:
        if _primary(exc) == sqlite3.SQLITE_FULL:
            raise StoreUnavailable.disk_full() from exc
        raise StoreUnavailable.from_sqlite(final, exc) from exc
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise StoreUnavailable.disk_full() from exc
        raise
    finally:
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            leftover.unlink(missing_ok=True)
    rotate_backups(backups_dir, keep, budget)
    log.info("backup written: %s", final.name)
    return final


def _steps(progress: Callable[[int, int], None] | None) -> Callable[[int, int, int], None] | None:
    if progress is None:
        return None
    return lambda _status, remaining, total: progress(total - remaining, total)


def restore_backup(
    backup: Path, database: Path, now: dt.datetime, key: bytes | None = None
) -> Path:
    """Replace ``database`` by a copy of ``backup``; the damaged files are kept, not deleted.

    The current file and its ``-wal``/``-shm`` move together into ``damaged-<time>/`` beside
    the database (a stale WAL next to a restored file would corrupt it); then the backup is
    copied in through the backup API and checked. Returns the folder holding the old files.
    """
    if dbapi.is_encrypted(backup) != (key is not None):
        raise StoreError(
            f"备份文件“{backup.name}”与当前数据库的加密方式不符。",
            f"The backup {backup.name} is not encrypted the way the database is.",
        )
    check = dbapi.connect(f"file:{backup}?mode=ro", key, uri=True)
    try:
        result = check.execute("PRAGMA quick_check").fetchone()[0]
    except dbapi.DatabaseError as exc:
        result = str(exc)
    finally:
        check.close()
    if result != "ok":
        raise StoreError(
            f"备份文件“{backup.name}”已损坏：{result}",
            f"The backup {backup.name} is damaged: {result}",
        )
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = database.parent / f"damaged-{stamp}"
    aside.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        part = database.with_name(database.name + suffix)
        if part.exists():
            part.replace(aside / part.name)
    source = dbapi.connect(f"file:{backup}?mode=ro", key, uri=True)
    target = dbapi.connect(database, key)
    try:
        source.backup(target)
        if target.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise StoreError(
                "恢复后的数据库未通过检查。", "The restored database failed its check."
            )
    finally:
        source.close()
        target.close()
    log.warning("database restored from %s; damaged files kept in %s", backup.name, aside)
    return aside


def restore_latest_backup(
    backups_dir: Path, database: Path, now: dt.datetime, key: bytes | None = None
) -> Path:
    """Restore the newest backup that passes its check; returns the backup used."""
    problems: list[str] = []
    for candidate in reversed(backups(backups_dir)):
        try:
            restore_backup(candidate, database, now, key)
            return candidate
        except StoreError as exc:
            problems.append(exc.en)
    raise StoreError(
        "没有可用的备份。", "No usable backup." + (f" ({'; '.join(problems)})" if problems else "")
    )
