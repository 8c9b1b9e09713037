"""Sync benchmarks over loopback, each figure beside a baseline measured in the same run.

* First sync of the whole city registry (485,300 entries) to an empty client, through the real
  server process and the real client, two ways: from the server's ready database
  (``sync.ready``: downloaded, hash-checked and attached, then pull and verify) and by the
  ordinary paged snapshot; beside (a) the same rows as one raw JSON download plus a raw
  ``executemany`` into a plain table, and (b) PouchDB replicating the same kind of documents
  from ``pouchdb-server`` (the canonical offline-first peer; its rate is measured on 50,000
  documents, installed from npm into .bench-cache/node). The same two ways for one county
  (海宁市). The server's one-time build of each ready database (``sync.server.ready``) is timed
  apart and kept in .bench-cache/; its incremental rebuild after the day's work below too.
* A day's work of one officer pushed, its photos uploaded, then pulled and verified.
* Repair of a few damaged rows of the client's registry by id ranges, beside downloading the
  whole table again.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests

from bench import common
from bench.common import CACHE, ROOT, SEED, emit, print_table, wait_until_up

CITY_USER = "bench_city"
COUNTY_USER = "bench_county"
COUNTY = "330481"  # 海宁市
PASSWORD = "bench password 1"
TARGET_FIRST_SYNC_S = 60.0  # the ordinary paged snapshot
TARGET_READY_S = 10.0  # from the ready database
TARGET_VS_RAW = 1.5
TARGET_VS_POUCHDB = 10.0
TARGET_INCREMENTAL_S = 10.0
POUCH_DOCS = 50_000
NODE_DIR = CACHE / "node"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_database(scale: float = 1.0) -> Path:
    """A server database holding the demo registry (cached in .bench-cache/)."""
    from sync import admin
    from sync.server import db

    folder = CACHE / f"server-s{SEED}-x{scale:g}-v{db.SERVER_SCHEMA_VERSION}"
    path = folder / "central.sqlite3"
    if (folder / "complete").exists():
        return path
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    print(f"(building the benchmark server database at scale {scale:g}; cached)", flush=True)
    engine = admin.engine_for(f"sqlite:///{path}")
    admin.init(engine, ROOT / "resources" / "jurisdictions" / "jiaxing.json")
    admin.add_user(engine, CITY_USER, "基准测试", "city", "330400", PASSWORD)
    admin.load_demo(engine, scale, SEED)
    engine.dispose()
    (folder / "complete").write_text("ok")
    return path


def ready_files(database: Path, folder: Path) -> dict[str, float]:
    """The server's ready databases of the city and the county, built once and kept in
    ``folder`` (the server finds them through FI_READY_DIR); the seconds each build took in
    this run (none when cached)."""
    from sync import admin
    from sync.server import ready
    from sync.server.app import Server, ServerConfig

    url = f"sqlite:///{database}"
    server = Server(ServerConfig(db_url=url))  # gives the database its server id
    tree = admin.tree_of(server.engine)
    shelf = ready.Shelf(server.engine, folder / server.server_id, lambda: tree)
    built = {}
    for key in ("city", COUNTY):
        if shelf.current(key) is None:
            print(f"(building the ready database of {key}; cached)", flush=True)
            started = time.perf_counter()
            shelf.build(key)
            built[key] = time.perf_counter() - started
    shelf.close()
    server.engine.dispose()
    return built


@contextlib.contextmanager
def server_process(database: Path, ready_dir: Path | None = None) -> Iterator[str]:
    from sync.server import ready

    port = free_port()
    env = dict(os.environ)
    if ready_dir is not None:
        env[ready.READY_DIR_ENV] = str(ready_dir)
    proc = subprocess.Popen(
        [sys.executable, "-m", "sync.server", "--db", f"sqlite:///{database}", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        if not wait_until_up(f"{url}/api/v1/health"):
            raise RuntimeError("the benchmark server did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(30)


def first_sync(
    url: str, folder: Path, user: str = CITY_USER, use_ready: bool = True
) -> tuple[float, dict[str, Any], int]:
    from inspector_app.registry import jurisdictions
    from inspector_app.registry.entries import Registry
    from inspector_app.registry.rules import Classifications
    from inspector_app.replication.local import LocalTables
    from inspector_app.store.database import Store
    from sync.api import ApiClient, Connection
    from sync.engine import SyncEngine

    tree = jurisdictions.load()
    registry = Registry(tree, Classifications.load())
    folder.mkdir(parents=True, exist_ok=True)
    store = Store.open(folder / "inspector.sqlite3")
    jurisdictions.install(store, tree)
    api = ApiClient(Connection(url, timeout=(5, 300)), store.device_id)
    api.login(user, PASSWORD, "benchmark").save(store)
    start = time.perf_counter()
    report = SyncEngine(store, LocalTables(registry), api, use_ready=use_ready).run()
    elapsed = time.perf_counter() - start
    count = Registry.count(store.conn)
    api.close()
    store.close()
    if use_ready and not report.ready.get("tables"):
        raise RuntimeError(f"the ready database was not used: {report.problems[:3]}")
    detail = {
        "snapshot": report.snapshot,
        "redownloaded": report.redownloaded,
        "pulled": report.pulled,
        "ready_mb": round(report.ready.get("size", 0) / 1e6, 1),
    }
    return elapsed, detail, count


def incremental_rebuild(database: Path, ready_dir: Path, folder: Path) -> float:
    """The city's ready database rebuilt after the day's work: the cached file copied and the
    changes since its sequence number applied (in a scratch folder: the cache stays as built)."""
    from sync import admin
    from sync.server import ready

    scratch = folder / "ready-rebuild"
    source = next(p for p in ready_dir.iterdir() if p.is_dir()) / "city"
    shutil.copytree(source, scratch / "city")
    engine = admin.engine_for(f"sqlite:///{database}")
    tree = admin.tree_of(engine)
    shelf = ready.Shelf(engine, scratch, lambda: tree)
    seconds, rebuilt = common.timed(lambda: shelf.build("city"))
    shelf.close()
    engine.dispose()
    if rebuilt.tables["enterprise"] <= 0:
        raise RuntimeError("the rebuilt ready database is empty")
    return seconds


def incremental(url: str, folder: Path) -> dict[str, Any]:
    """A day's work for one officer on the client that just synced: 80 registry changes (20
    new entries, each edited three times) and 100 photos of 2 MB, then one sync."""
    from inspector_app.registry import jurisdictions
    from inspector_app.registry.entries import Registry
    from inspector_app.registry.rules import Classifications
    from inspector_app.registry.validation import uscc_check_char
    from inspector_app.replication.local import LocalTables
    from inspector_app.store import attachments
    from inspector_app.store.changelog import UnitOfWork
    from inspector_app.store.database import Store
    from sync.api import ApiClient, Connection, Credentials
    from sync.engine import SyncEngine

    tree = jurisdictions.load()
    registry = Registry(tree, Classifications.load())
    store = Store.open(folder / "inspector.sqlite3")
    author = "bench"
    for n in range(20):
        first17 = f"91330481D{n:08d}"
        raw = {
            "uscc": first17 + uscc_check_char(first17),
            "name": f"日常工作{n}号有限公司",
            "kind": "enterprise",
            "county_code": "330481",
            "town_code": "330481001",
            "address": "浙江省海宁市硖石街道测试路1号",
            "legal_rep": "测试",
            "supervision_industry": "机械",
            "above_size": False,
            "key_supervised": False,
        }
        with UnitOfWork(store, author) as uow:
            record = registry.create(uow, raw)
        for k in range(3):
            with UnitOfWork(store, author) as uow:
                registry.update(uow, record, {"contact_phone": f"1390000{n:02d}{k:02d}"})
    photos = folder / "photos"
    photos.mkdir()
    for n in range(common.runs(100)):
        path = photos / f"photo{n:03d}.jpg"
        path.write_bytes(os.urandom(2 * 1024 * 1024))
        attachments.add_file(store, folder / "attachments", path, "image/jpeg")
    api = ApiClient(Connection(url, timeout=(5, 300)), store.device_id, Credentials.load(store))
    start = time.perf_counter()
    report = SyncEngine(
        store, LocalTables(registry), api, attachments_dir=folder / "attachments"
    ).run()
    elapsed = time.perf_counter() - start
    api.close()
    store.close()
    return {
        "seconds": elapsed,
        "pushed": report.pushed,
        "uploaded": report.uploaded,
        "uploaded_mb": report.uploaded_bytes / 1e6,
    }


DAMAGED_ROWS = 5
TARGET_REPAIR_S = 10.0


def repair(url: str, folder: Path) -> dict[str, Any]:
    """A few rows of the client's registry damaged behind the app's back (renamed, one
    removed), then repaired: by id ranges (what verification does), and, damaged again the
    same way, by downloading the whole table (what it did before), in the same run."""
    from inspector_app.registry import jurisdictions
    from inspector_app.registry.entries import Registry
    from inspector_app.registry.rules import Classifications
    from inspector_app.replication.local import LocalTables
    from inspector_app.store.database import Store
    from sync.api import ApiClient, Connection, Credentials
    from sync.engine import SyncEngine
    from sync.report import SyncReport

    tree = jurisdictions.load()
    registry = Registry(tree, Classifications.load())
    store = Store.open(folder / "inspector.sqlite3")
    api = ApiClient(Connection(url, timeout=(5, 300)), store.device_id, Credentials.load(store))
    engine = SyncEngine(store, LocalTables(registry), api)

    def damage(round_: int) -> list[str]:
        ids = [r[0] for r in store.conn.execute("SELECT id FROM enterprise ORDER BY id")]
        step = len(ids) // (DAMAGED_ROWS + 1)
        victims = [ids[step * (k + 1) + round_] for k in range(DAMAGED_ROWS)]
        with store.transaction() as conn:
            for victim in victims[:-1]:
                conn.execute("UPDATE enterprise SET name = '损坏' WHERE id = ?", (victim,))
            row = Registry.get(conn, victims[-1])
            assert row is not None
            registry.delete_row(conn, row)
        return victims

    def intact(victims: list[str]) -> bool:
        rows = [Registry.get(store.conn, v) for v in victims]
        return all(row is not None and row["name"] != "损坏" for row in rows)

    count = Registry.count(store.conn)
    by_ranges = SyncReport()
    victims = damage(0)
    ranges_s, _ = common.timed(lambda: engine.repair("enterprise", by_ranges))
    ranges_ok = intact(victims)
    whole = SyncReport()
    victims = damage(1)
    whole_s, _ = common.timed(lambda: engine.redownload("enterprise", whole))
    whole_ok = intact(victims)
    api.close()
    store.close()
    return {
        "rows": count,
        "damaged": DAMAGED_ROWS,
        "ranges_s": ranges_s,
        "ranges_downloaded": by_ranges.repaired.get("enterprise", 0),
        "ranges_repaired": ranges_ok,
        "whole_s": whole_s,
        "whole_downloaded": whole.snapshot.get("enterprise", 0),
        "whole_repaired": whole_ok,
    }


def raw_baseline(database: Path, folder: Path) -> tuple[float, int]:
    """The same rows as one JSON file over HTTP, parsed, then one executemany."""
    source = sqlite3.connect(database)
    rows = source.execute(
        "SELECT record_id, data FROM records WHERE table_name = 'enterprise'"
    ).fetchall()
    source.close()
    blob = ("[" + ",".join(f'["{rid}",{data}]' for rid, data in rows) + "]").encode()
    (folder / "rows.json").write_bytes(blob)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *_args: Any) -> None:
            pass

    handler = lambda *a, **k: Quiet(*a, directory=str(folder), **k)  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        target = sqlite3.connect(folder / "raw.sqlite3", isolation_level=None)
        target.execute("PRAGMA journal_mode = WAL")
        target.execute("PRAGMA synchronous = FULL")
        start = time.perf_counter()
        data = requests.get(f"http://127.0.0.1:{httpd.server_port}/rows.json", timeout=300).json()
        fields = list(data[0][1])
        target.execute(f"CREATE TABLE t (id, {', '.join(fields)})")
        target.execute("BEGIN")
        target.executemany(
            f"INSERT INTO t VALUES ({', '.join('?' * (len(fields) + 1))})",
            [(rid, *(row[f] for f in fields)) for rid, row in data],
        )
        target.execute("COMMIT")
        elapsed = time.perf_counter() - start
        target.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return elapsed, len(rows)


POUCH_SCRIPT = r"""
const PouchDB = require('pouchdb');
const fs = require('fs');
const [url, docsFile, dir] = process.argv.slice(2);
(async () => {
  const docs = fs.readFileSync(docsFile, 'utf8').trim().split('\n').map(JSON.parse);
  const remote = new PouchDB(url + '/bench');
  for (let i = 0; i < docs.length; i += 5000) await remote.bulkDocs(docs.slice(i, i + 5000));
  const local = new PouchDB(dir + '/local');
  const start = Date.now();
  const result = await local.replicate.from(remote, {batch_size: 2000, batches_limit: 10});
  const seconds = (Date.now() - start) / 1000;
  console.log(JSON.stringify({docs: result.docs_written, seconds}));
})().catch((e) => { console.error(e); process.exit(1); });
"""


def pouchdb_rate(database: Path, folder: Path) -> dict[str, Any] | None:
    """PouchDB pulling POUCH_DOCS documents from pouchdb-server: documents per second."""
    server_bin = NODE_DIR / "node_modules" / ".bin" / "pouchdb-server"
    if not server_bin.exists() or not shutil.which("node"):
        print(
            "(PouchDB not measured: run `npm install pouchdb-server@4.2.0 pouchdb@9.0.0` in "
            ".bench-cache/node)"
        )
        return None
    source = sqlite3.connect(database)
    rows = source.execute(
        "SELECT record_id, data FROM records WHERE table_name = 'enterprise' LIMIT ?", (POUCH_DOCS,)
    ).fetchall()
    source.close()
    docs = folder / "docs.ndjson"
    with docs.open("w", encoding="utf-8") as fh:
        for rid, data in rows:
            fh.write(json.dumps({"_id": rid, **json.loads(data)}, ensure_ascii=False) + "\n")
    script = folder / "replicate.js"
    script.write_text(POUCH_SCRIPT, encoding="utf-8")
    port = free_port()
    data_dir = folder / "pouch-server"
    data_dir.mkdir()
    server = subprocess.Popen(
        [str(server_bin), "--host", "127.0.0.1", "--port", str(port), "--dir", str(data_dir)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        if not wait_until_up(f"http://127.0.0.1:{port}/"):
            return None
        env = dict(os.environ, NODE_PATH=str(NODE_DIR / "node_modules"))
        out = subprocess.run(
            ["node", str(script), f"http://127.0.0.1:{port}", str(docs), str(folder)],
            capture_output=True,
            text=True,
            env=env,
            timeout=1800,
            cwd=folder,
        )
        if out.returncode != 0:
            print(f"(PouchDB run failed: {out.stderr[-300:]})")
            return None
        result = json.loads(out.stdout.strip().splitlines()[-1])
        result["rate"] = result["docs"] / result["seconds"]
        return dict(result)
    finally:
        server.terminate()
        server.wait(30)


def run() -> dict[str, Any]:
    from sync import admin

    cached = server_database(common.scale())
    ready_dir = cached.parent / "ready"
    built = ready_files(cached, ready_dir)
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        folder = Path(tmp)
        database = folder / "central.sqlite3"
        shutil.copyfile(cached, database)  # the run writes to it; the cache stays as built
        engine = admin.engine_for(f"sqlite:///{database}")
        admin.add_user(engine, COUNTY_USER, "基准测试县", "county", COUNTY, PASSWORD)
        engine.dispose()
        with server_process(database, ready_dir) as url:
            ready_s, ready_detail, count = first_sync(url, folder / "ready-client")
            ours_s, detail, ordinary_count = first_sync(url, folder / "client", use_ready=False)
            county_ready_s, county_detail, county_count = first_sync(
                url, folder / "county-ready", COUNTY_USER
            )
            county_s, _, _ = first_sync(url, folder / "county", COUNTY_USER, use_ready=False)
            day = incremental(url, folder / "client")
            fix = repair(url, folder / "client")
        rebuild_s = incremental_rebuild(database, ready_dir, folder)
        raw_s, raw_rows = raw_baseline(database, folder)
        pouch = None if common.tiny() else pouchdb_rate(database, folder)
    if ordinary_count != count:
        raise RuntimeError(f"the two first syncs differ: {count} and {ordinary_count} entries")
    rate = count / ready_s
    ordinary_rate = count / ours_s
    rows = [
        [
            "first sync from the ready database (download, attach, pull, verify)",
            count,
            ready_s,
            f"{rate:,.0f}",
            f"{ready_s / raw_s:.2f}x",
            f"<= {TARGET_READY_S:g} s, <= {TARGET_VS_RAW:g}x raw",
        ],
        [
            "first sync by the ordinary snapshot (indexes built here, verify)",
            count,
            ours_s,
            f"{ordinary_rate:,.0f}",
            f"{ours_s / raw_s:.2f}x",
            f"<= {TARGET_FIRST_SYNC_S:g} s",
        ],
        ["raw JSON download + executemany", raw_rows, raw_s, f"{raw_rows / raw_s:,.0f}", "1x", ""],
    ]
    if pouch:
        rows.append(
            [
                f"PouchDB replicate.from (pouchdb-server, {pouch['docs']:,} docs)",
                pouch["docs"],
                pouch["seconds"],
                f"{pouch['rate']:,.0f}",
                f"ready: {rate / pouch['rate']:.1f}x faster",
                f">= {TARGET_VS_POUCHDB:g}x",
            ]
        )
    print_table(
        "First sync of the city registry to an empty client (loopback)",
        ["what", "rows", "seconds", "rows/s", "vs raw", "target"],
        rows,
    )
    print_table(
        f"First sync of one county ({COUNTY}) to an empty client (loopback)",
        ["what", "rows", "seconds", "share of the city's time"],
        [
            [
                "from the ready database",
                county_count,
                county_ready_s,
                f"{county_ready_s / ready_s:.0%}",
            ],
            ["by the ordinary snapshot", county_count, county_s, f"{county_s / ours_s:.0%}"],
        ],
    )
    print_table(
        "The server's ready databases (once per scope, then incremental)",
        ["what", "seconds"],
        [[f"whole build of {key}", seconds] for key, seconds in built.items()]
        + [["incremental rebuild of the city after the day's work", rebuild_s]],
    )
    print_table(
        "Incremental sync of a day's work for one officer (loopback)",
        ["what", "seconds", "target"],
        [
            [
                f"80 registry changes + {day['uploaded']} photos of 2 MB "
                f"({day['uploaded_mb']:.0f} MB), then pull and verify",
                day["seconds"],
                f"<= {TARGET_INCREMENTAL_S:g} s",
            ]
        ],
    )
    print_table(
        f"Repair of {fix['damaged']} damaged rows in the client's registry of {fix['rows']:,} "
        "(loopback)",
        ["what", "rows downloaded", "seconds", "repaired", "ratio", "target"],
        [
            [
                "by id ranges (hashes per range on both sides)",
                fix["ranges_downloaded"],
                fix["ranges_s"],
                fix["ranges_repaired"],
                f"{fix['whole_s'] / fix['ranges_s']:.1f}x faster",
                f"<= {TARGET_REPAIR_S:g} s",
            ],
            [
                "whole-table download (before)",
                fix["whole_downloaded"],
                fix["whole_s"],
                fix["whole_repaired"],
                "1x",
                "",
            ],
        ],
    )
    return emit(
        "sync",
        {
            "ready_first_sync_s": round(ready_s, 1),
            "first_sync_s": round(ours_s, 1),
            "rows": count,
            "ready_rows_per_s": round(rate),
            "rows_per_s": round(ordinary_rate),
            "raw_s": round(raw_s, 1),
            "ready_vs_raw": round(ready_s / raw_s, 2),
            "vs_raw": round(ours_s / raw_s, 2),
            "pouchdb_rate": round(pouch["rate"]) if pouch else None,
            "ready_vs_pouchdb": round(rate / pouch["rate"], 1) if pouch else None,
            "county_rows": county_count,
            "county_ready_s": round(county_ready_s, 1),
            "county_s": round(county_s, 1),
            "ready_build_s": {k: round(v, 1) for k, v in built.items()},
            "ready_rebuild_s": round(rebuild_s, 1),
            "incremental_s": round(day["seconds"], 1),
            "incremental_pushed": day["pushed"],
            "incremental_photos": day["uploaded"],
            "incremental_at_target": day["seconds"] <= TARGET_INCREMENTAL_S,
            "ready_at_target": ready_s <= TARGET_READY_S and ready_s / raw_s <= TARGET_VS_RAW,
            "repair_ranges_s": round(fix["ranges_s"], 2),
            "repair_ranges_rows": fix["ranges_downloaded"],
            "repair_whole_s": round(fix["whole_s"], 1),
            "repair_at_target": fix["ranges_s"] <= TARGET_REPAIR_S and fix["ranges_repaired"],
            "first_sync_at_target": ours_s <= TARGET_FIRST_SYNC_S,
            "detail": {"ready": ready_detail, "ordinary": detail, "county_ready": county_detail},
        },
    )
