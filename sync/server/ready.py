"""Ready databases: a scope's registry as the laptop stores it, built once on the server.

A device's first sync used to rebuild, after downloading 485,300 entries, what every device of
the same scope rebuilds identically: pinyin keys, the full-text, trigram and B-tree indexes and
every record's verification hash. The server now builds that once per scope, as a SQLite file
in the local store's own schema (made by the app's own migrations and filled by the app's own
snapshot code, ``LocalTables.load``), and the device attaches it in one transaction
(``sync.ready``). The file holds the registry-side tables (``TABLES``) exactly as the ordinary
paged snapshot would leave them: the same scope clause (``scope.read_clause``, the query of
``records.snapshot_page``), withdrawn records absent, records the laptop could not store set
aside in its ``sync_quarantine``.

A file is named by (scope, local schema version, server sequence number) and known by its
SHA-256; it is rebuilt incrementally (the previous file copied, the records changed after its
sequence number applied) in the background when it falls behind. The device catches up from
the file's sequence number by the ordinary pull, then verifies as always: the ordinary protocol
stays the source of truth and the fallback.

Files live in a folder per server (``folder_for``): beside a SQLite central store, else in the
server's data folder, or where ``FI_READY_DIR`` says. Several processes may share it: a file is
written under a temporary name and renamed, its manifest last, so a reader sees whole files only.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, Response
from sqlalchemy import Engine, and_, func, select
from sqlalchemy.engine import Connection

from inspector_app.registry import jurisdictions
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.replication import checksums, quarantine
from inspector_app.replication.local import ApplyStats, LocalTables
from inspector_app.store import migrations
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store
from inspector_app.store.paths import default_basedir
from sync import protocol
from sync.protocol import API_PREFIX
from sync.server import db, records, scope
from sync.server.api import Api, ApiError
from sync.server.auth import Principal

log = logging.getLogger(__name__)

TABLES = protocol.READY_TABLES
PAGE = protocol.SNAPSHOT_PAGE
# changes (server sequence numbers) a file may lag before a background refresh is queued, and
# before it is no longer offered at all (the device would pull more than it saves)
REFRESH_AFTER = 200
STALE_AFTER = 100_000
# a scope with fewer registry entries gets no file unless asked (``build``): the ordinary
# snapshot of it takes a few seconds at most
MIN_ENTRIES = 20_000
KEEP = 2  # files kept per scope (the newest, and the one a slow download may still be reading)
AUTHOR = "server"
READY_DIR_ENV = "FI_READY_DIR"


@dataclass(frozen=True)
class ReadyFile:
    scope: str
    schema: int
    seq: int
    sha256: str
    size: int
    tables: dict[str, int]
    path: Path

    def manifest(self) -> dict[str, Any]:
        return {
            "available": True,
            "scope": self.scope,
            "schema": self.schema,
            "seq": self.seq,
            "sha256": self.sha256,
            "size": self.size,
            "tables": self.tables,
        }


def scope_key(principal: Principal, tree: JurisdictionTree) -> str:
    """Whose file a device gets: the whole city, or its unit's places (registry records are
    never covert, so the role matters only for the whole city)."""
    return "city" if scope.everything(principal, tree) else principal.unit_code


def reader_of(key: str, tree: JurisdictionTree) -> Principal:
    """A principal reading exactly the scope ``key`` (for ``scope.read_clause``)."""
    if key == "city":
        return Principal("", "", "", "city", tree.city.code, "", "")
    return Principal("", "", "", "", key, "", "")


def folder_for(db_url: str, server_id: str) -> Path:
    """Where this server keeps its ready files."""
    chosen = os.environ.get(READY_DIR_ENV)
    if chosen:
        return Path(chosen) / server_id
    url = db.normalise_url(db_url)
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///") :] + ".ready") / server_id
    return default_basedir().parent / "field-inspector-server" / "ready" / server_id


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(4 * 1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


class Shelf:
    """The ready files of one server: what is offered, and the builds that keep them fresh."""

    def __init__(self, engine: Engine, folder: Path, tree: Callable[[], JurisdictionTree]) -> None:
        self.engine, self.folder, self.tree = engine, folder, tree
        self.schema = migrations.latest_version()
        self._lock = threading.Lock()
        self._queued: dict[str, Future[ReadyFile]] = {}
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="ready-build")
        self._registry: tuple[JurisdictionTree, Registry] | None = None

    def close(self) -> None:
        self._worker.shutdown(wait=True, cancel_futures=True)

    # what is on the shelf

    def current(self, key: str) -> ReadyFile | None:
        """The newest complete file of ``key`` for this schema version."""
        found = [self.current_of(m) for m in (self.folder / key).glob(f"{self.schema}-*.json")]
        return max((f for f in found if f is not None), key=lambda f: f.seq, default=None)

    def by_hash(self, key: str, sha256: str) -> ReadyFile | None:
        for manifest in (self.folder / key).glob(f"{self.schema}-*.json"):
            if manifest.stem.endswith(sha256[:16]):
                found = self.current_of(manifest)
                if found is not None and found.sha256 == sha256:
                    return found
        return None

    def current_of(self, manifest: Path) -> ReadyFile | None:
        """The file a manifest describes, if whole (None while replaced, or damaged)."""
        path = manifest.with_suffix(".sqlite3")
        try:
            info = json.loads(manifest.read_text(encoding="utf-8"))
            found = ReadyFile(
                str(info["scope"]),
                int(info["schema"]),
                int(info["seq"]),
                str(info["sha256"]),
                int(info["size"]),
                {str(k): int(v) for k, v in info["tables"].items()},
                path,
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        if found.schema != self.schema or not path.exists():
            return None
        return found

    def offer(self, key: str) -> ReadyFile | None:
        """The file to give a device now (None: not yet, use the ordinary snapshot); a file
        that lags is refreshed in the background meanwhile."""
        have = self.current(key)
        with db.reading(self.engine) as conn:
            now = records.current_seq(conn)
            if have is None and self._entries(conn, key) < MIN_ENTRIES:
                return None  # a small scope: the ordinary snapshot is as quick
        behind = now - have.seq if have else None
        if behind is None or behind > REFRESH_AFTER:
            self.queue(key)
        if behind is None or behind > STALE_AFTER:
            return None
        return have

    def _entries(self, conn: Connection, key: str) -> int:
        r = db.records.c
        tree = self.tree()
        clause = and_(r.table_name == "enterprise", scope.read_clause(reader_of(key, tree), tree))
        return int(conn.execute(select(func.count()).where(clause)).scalar_one())

    def queue(self, key: str) -> Future[ReadyFile]:
        """Build (or refresh) ``key``'s file in the background, once at a time."""
        with self._lock:
            pending = self._queued.get(key)
            if pending is not None and not pending.done():
                return pending
            future = self._worker.submit(self._build_logged, key)
            self._queued[key] = future
            return future

    def _build_logged(self, key: str) -> ReadyFile:
        try:
            return self.build(key)
        except Exception:
            log.exception("building the ready database of %s failed", key)
            raise

    # building

    def registry(self) -> Registry:
        tree = self.tree()
        if self._registry is None or self._registry[0] is not tree:
            self._registry = (tree, Registry(tree))
        return self._registry[1]

    def build(self, key: str) -> ReadyFile:
        """Write a new file of ``key``: from the previous one plus what changed after it, or
        whole when there is none."""
        previous = self.current(key)
        target = self.folder / key
        target.mkdir(parents=True, exist_ok=True)
        work = target / f"building-{os.getpid()}-{threading.get_ident()}.tmp"
        work.unlink(missing_ok=True)
        try:
            if previous is not None:
                shutil.copyfile(previous.path, work)
                seq = self._apply_changes(key, work, previous.seq)
            else:
                seq = self._fill(key, work)
            counts = _finish(work)
            sha = file_sha256(work)
            name = f"{self.schema}-{seq:012d}-{sha[:16]}"
            path = target / f"{name}.sqlite3"
            os.replace(work, path)
            ready = ReadyFile(key, self.schema, seq, sha, path.stat().st_size, counts, path)
            _write_atomic(path.with_suffix(".json"), json.dumps(ready.manifest()))
        finally:
            work.unlink(missing_ok=True)
            for extra in ("-journal", "-wal", "-shm"):
                Path(str(work) + extra).unlink(missing_ok=True)
        self._prune(key)
        return ready

    def _prune(self, key: str) -> None:
        manifests = sorted((self.folder / key).glob("*.json"), key=lambda p: p.stem)
        for old in manifests[:-KEEP]:
            old.unlink(missing_ok=True)
            old.with_suffix(".sqlite3").unlink(missing_ok=True)

    def _open(self, path: Path) -> tuple[Store, LocalTables]:
        store = Store.open(path, check=False)
        jurisdictions.install(store, self.tree())
        return store, LocalTables(self.registry())

    def _fill(self, key: str, path: Path) -> int:
        """The whole scope, page by page, through the laptop's own snapshot code."""
        tree = self.tree()
        who = reader_of(key, tree)
        store, tables = self._open(path)
        try:
            with store.bulk_cache(), db.reading(self.engine, snapshot=True) as conn:
                seq = records.current_seq(conn)
                for table in TABLES:
                    rebuild = tables.begin_bulk_load(store, table)
                    page = _page(conn, who, tree, table, "")
                    while True:
                        items, more, last = page
                        following = _page(conn, who, tree, table, last) if more else None
                        tables.load(
                            store,
                            table,
                            items,
                            AUTHOR,
                            snapshot=True,
                            rebuild=() if more else rebuild,
                        )
                        if following is None:
                            break
                        page = following
            checksums.refresh_hashes(store, TABLES)
        finally:
            store.close()
        return seq

    def _apply_changes(self, key: str, path: Path, after: int) -> int:
        """Apply to a copy of the previous file the records changed after ``after``: those in
        the scope as the server has them, the others (withdrawn, or moved out) removed."""
        tree = self.tree()
        who = reader_of(key, tree)
        with db.reading(self.engine, snapshot=True) as conn:
            seq = records.current_seq(conn)
            changed, visible = _changes(conn, who, tree, after, seq)
        store, tables = self._open(path)
        try:
            order = {t: i for i, t in enumerate(TABLES)}
            stats = ApplyStats(open_quarantine=True)
            with UnitOfWork(store, AUTHOR, origin="remote") as uow:
                for table, record_id in sorted(changed, key=lambda k: order[k[0]]):
                    if (table, record_id) in visible:
                        data = visible[(table, record_id)]
                        tables.apply(uow, table, record_id, data, stats)
                for table, record_id in sorted(changed, key=lambda k: -order[k[0]]):
                    if (table, record_id) not in visible:
                        tables.delete(uow, table, record_id)
                        quarantine.release(uow.conn, table, record_id)
            checksums.refresh_hashes(store, TABLES)
        finally:
            store.close()
        return seq


def _page(
    conn: Connection, who: Principal, tree: JurisdictionTree, table: str, after: str
) -> tuple[list[tuple[str, Any]], bool, str]:
    body, more, last, _seq = records.snapshot_page(conn, who, tree, table, after, PAGE)
    return [(row[0], row[1]) for row in json.loads(body)], more, last


def _changes(
    conn: Connection, who: Principal, tree: JurisdictionTree, after: int, upto: int
) -> tuple[set[tuple[str, str]], dict[tuple[str, str], Any]]:
    """The registry-side records changed in (after, upto], and of them those in the scope."""
    r, w = db.records.c, db.withdrawn_records.c
    span = and_(r.table_name.in_(TABLES), r.seq > after, r.seq <= upto)
    changed = {(t, i) for t, i in conn.execute(select(r.table_name, r.record_id).where(span))}
    changed |= {
        (t, i)
        for t, i in conn.execute(
            select(w.table_name, w.record_id).where(
                and_(w.table_name.in_(TABLES), w.seq > after, w.seq <= upto)
            )
        )
    }
    visible = {
        (t, i): json.loads(d)
        for t, i, d in conn.execute(
            select(r.table_name, r.record_id, r.data).where(
                and_(span, scope.read_clause(who, tree))
            )
        )
    }
    return changed, visible


def _finish(path: Path) -> dict[str, int]:
    """Make the file one self-contained page image (no WAL) and count its tables."""
    store = Store.open(path, check=False)
    try:
        counts = {
            t: int(store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES
        }
        store.conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        store.close()
    return counts


def _write_atomic(path: Path, text: str) -> None:
    temp = path.with_suffix(".tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


class ReadyFileResponse(FileResponse):
    chunk_size = 1024 * 1024  # loopback and LAN: fewer, larger writes


def register(app: FastAPI, api: Api, db_url: str) -> Shelf:
    """``GET ready`` (the manifest of the caller's file, signed) and ``GET ready/{sha256}``
    (its bytes; HTTP Range resumes a download)."""
    shelf = Shelf(api.engine, folder_for(db_url, api.server_id), api.tree)
    app.state.ready = shelf

    @app.get(f"{API_PREFIX}/ready")
    def ready(request: Request) -> Response:
        who = api.principal(request)
        key = scope_key(who, api.tree())
        schema = request.headers.get(protocol.H_SCHEMA, "")
        if schema != str(shelf.schema):
            return api.answer(
                {"available": False, "reason": "schema", "schema": shelf.schema},
                key=api.key_of(who),
            )
        found = shelf.offer(key)
        if found is None:
            return api.answer({"available": False, "reason": "building"}, key=api.key_of(who))
        return api.answer(found.manifest(), key=api.key_of(who))

    @app.get(API_PREFIX + "/ready/{sha256}")
    def ready_file(request: Request, sha256: str) -> Response:
        who = api.principal(request)
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise ApiError(422, "invalid_request", "文件标识格式错误。", "invalid file hash")
        found = shelf.by_hash(scope_key(who, api.tree()), sha256)
        if found is None:
            raise ApiError(
                404,
                "ready_gone",
                "该预制数据库已被更新的版本替换，请重新开始同步。",
                "That ready database was replaced by a newer one; start the sync again.",
            )
        return ReadyFileResponse(
            found.path,
            media_type="application/vnd.sqlite3",
            headers={protocol.H_SERVER: api.server_id, "X-FI-Ready-SHA256": found.sha256},
        )

    return shelf


def build_all(shelf: Shelf, keys: Sequence[str]) -> list[ReadyFile]:
    """Build (or refresh) the files of ``keys`` now (administration, benchmarks)."""
    return [shelf.build(key) for key in keys]
