"""Server load: 300 simulated devices syncing a day's work at once against PostgreSQL, through
1, 2 and 4 stateless server processes on one database (requests alternate between them).

A device's day: sign in, push 80 change-log entries (20 new registry entries, each then edited
three times) in two batches, pull what changed since its cursor. Baselines in the same run: one
device doing the same alone (latency without contention), and the same load on the server as it
was before a push's sequence numbers were taken in one statement (``BEFORE``, its code exported
from git into a temporary folder; FI_BENCH_LOAD_BEFORE=0 leaves it out).

The PostgreSQL: FI_BENCH_POSTGRES_URL (a database the benchmark may fill) if set; else a
throwaway cluster with production durability (fsync, synchronous_commit and full_page_writes
on) started in a temporary folder when PostgreSQL's programs are installed; else a fresh
database in FI_TEST_POSTGRES_URL's server (whose settings are printed beside the figures).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

from bench import common
from bench.common import ROOT, emit, percentile, print_table, wait_until_up
from bench.sync_bench import free_port

DEVICES = 300
WORKERS = 48
TINY_DEVICES = 4
# a server that keeps what it acknowledged: the figures are only production figures with these
DURABLE = {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}
PASSWORD = "load password 1"
UNITS = ["330402", "330411", "330421", "330424", "330481", "330482", "330483", "Z330401"]


def devices() -> int:
    return TINY_DEVICES if common.tiny() else DEVICES


def durability(url: str) -> dict[str, str]:
    """The PostgreSQL settings that decide whether an acknowledged push survives a crash."""
    import psycopg

    plain = url.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(plain) as conn:
        shown = {name: conn.execute(f"SHOW {name}").fetchone() for name in DURABLE}
    return {name: str(row[0]) if row else "?" for name, row in shown.items()}


@contextlib.contextmanager
def database() -> Iterator[str | None]:
    url = os.environ.get("FI_BENCH_POSTGRES_URL")
    if url:
        yield url
        return
    if not common.tiny():
        sys.path.insert(0, str(ROOT))
        import dev

        with dev.throwaway_postgres(durable=True) as durable_url:
            if durable_url is not None:
                yield durable_url
                return
    admin_url = os.environ.get("FI_TEST_POSTGRES_URL")
    if not admin_url:
        yield None
        return
    import secrets

    import psycopg

    plain = admin_url.replace("postgresql+psycopg", "postgresql")
    name = f"fi_load_{secrets.token_hex(4)}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield f"{admin_url.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# the server before a push's numbers were taken in one statement (one UPDATE a record under
# the counter's lock); same schema as today, so both run on one database
BEFORE = "56131ab"


@contextlib.contextmanager
def code_before() -> Iterator[Path | None]:
    """The server's code as of ``BEFORE`` in a temporary folder (None without git or history)."""
    if os.environ.get("FI_BENCH_LOAD_BEFORE") == "0" or common.tiny():
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="fi-load-before-"))
    try:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", BEFORE],
            capture_output=True,
            check=True,
        )
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    except (OSError, subprocess.CalledProcessError):
        print(f"(the before-figure needs git and commit {BEFORE}: left out)")
        shutil.rmtree(folder, ignore_errors=True)
        yield None
        return
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def seed(url: str) -> list[tuple[str, str]]:
    from sync import admin
    from sync.server import auth

    engine = admin.engine_for(url)
    admin.init(engine, ROOT / "resources" / "jurisdictions" / "jiaxing.json")
    admin.load_demo(engine, 0.02, 11)
    users = []
    kdf = auth.PasswordParams()  # the app's own password hashing: sign-in costs what it costs
    for i in range(devices()):
        unit = UNITS[i % len(UNITS)]
        name = f"load{i:03d}"
        admin.add_user(engine, name, name, "county", unit, PASSWORD, kdf)
        users.append((name, unit))
    engine.dispose()
    return users


@contextlib.contextmanager
def servers(url: str, count: int = 2, code: Path = ROOT) -> Iterator[list[str]]:
    procs, urls = [], []
    for _ in range(count):
        port = free_port()
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "sync.server", "--db", url, "--port", str(port)],
                cwd=code,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for base in urls:
            if not wait_until_up(f"{base}/api/v1/health", timeout_s=300):
                raise RuntimeError("a load server did not start")
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(30)


def day_of_work(index: int, unit: str, series: str = "L") -> list[dict[str, Any]]:
    from inspector_app.registry import jurisdictions
    from inspector_app.registry.validation import uscc_check_char
    from inspector_app.store.clock import new_id

    tree = jurisdictions.load()
    if unit.startswith("Z"):  # a zone: a town it manages, in that town's county
        town = tree.units[unit].covers[0]
        county = str(tree.units[town].parent_code)
    else:
        county, town = unit, tree.towns_of(unit)[0].code
    entries: list[dict[str, Any]] = []
    for n in range(20):
        first17 = f"91{county}{series}{index:03d}{n:05d}"
        code = first17 + uscc_check_char(first17)
        record_id = new_id()
        data = {
            "uscc": code,
            "name": f"负载测试{series}{index}号{n}有限公司",
            "kind": "enterprise",
            "county_code": county,
            "town_code": town,
            "supervising_unit": unit,
            "address": "浙江省嘉兴市测试路1号",
            "legal_rep": "测试",
            "contact_phone": "",
            "industry_section": "C",
            "supervision_industry": "机械",
            "above_size": 0,
            "key_supervised": 0,
            "risk_level": "low",
        }
        entries.append(
            {
                "entry_id": new_id(),
                "table": "enterprise",
                "record_id": record_id,
                "op": "insert",
                "data": data,
            }
        )
        phone = ""
        for k in range(3):
            new = f"1390000{index:03d}{k}"
            entries.append(
                {
                    "entry_id": new_id(),
                    "table": "enterprise",
                    "record_id": record_id,
                    "op": "update",
                    "changes": {"contact_phone": [phone, new]},
                }
            )
            phone = new
    return entries


def device_run(
    index: int,
    username: str,
    unit: str,
    urls: list[str],
    cursor: int,
    latencies: list[float],
    errors: list[str],
    pushes: list[float] | None = None,
    series: str = "L",
) -> int:
    base = urls[index % len(urls)]
    other = urls[(index + 1) % len(urls)]
    session = requests.Session()
    headers = {"X-FI-Protocol": "1", "X-FI-Device": f"load-device-{index:04d}"}

    mine: list[float] = []  # this device's latencies (``latencies`` is shared)

    def call(method: str, url: str, **kwargs: Any) -> dict[str, Any]:
        start = time.perf_counter()
        try:
            response = session.request(method, url, headers=headers, timeout=120, **kwargs)
        except requests.RequestException as exc:  # a timeout under load is a figure, not a crash
            mine.append(time.perf_counter() - start)
            latencies.append(mine[-1])
            errors.append(f"{type(exc).__name__} after {mine[-1]:.0f} s")
            return {}
        mine.append(time.perf_counter() - start)
        latencies.append(mine[-1])
        if response.status_code >= 400:
            errors.append(f"{response.status_code} {response.text[:120]}")
            return {}
        return dict(response.json())

    login = call(
        "POST",
        f"{base}/api/v1/login",
        json={"username": username, "password": PASSWORD, "device_id": f"load-device-{index:04d}"},
    )
    if not login:
        return 0
    headers["Authorization"] = f"Bearer {login['access_token']}"
    entries = day_of_work(index, unit, series)
    accepted = 0
    for half in (entries[:40], entries[40:]):
        # stateless servers: the second batch goes to the other process
        answer = call(
            "POST", f"{other if half is entries[40:] else base}/api/v1/push", json={"entries": half}
        )
        if pushes is not None:
            pushes.append(mine[-1])
        for result in answer.get("results", []):
            if result.get("status") == "accepted":
                accepted += 1
            else:
                errors.append(f"entry {result.get('status')}: {result.get('reason')}")
    while True:  # what changed since the device's last sync (the start of the day)
        page = call("GET", f"{base}/api/v1/pull", params={"cursor": cursor, "limit": 2000})
        if not page:
            break
        cursor = page["cursor"]
        if not page["more"]:
            break
    session.close()
    return accepted


SERVER_COUNTS = (1, 2, 4)  # server processes on the one database, a round each
SERIES = "LMNPQR"  # each round registers its own enterprises (letters a USCC may hold)


def one_round(
    url: str, users: list[tuple[str, str]], count: int, series: str, code: Path = ROOT
) -> dict[str, Any]:
    """All devices but the first sync a day's work at once through ``count`` server processes;
    the first device alone before them is the baseline."""
    with servers(url, count, code) as urls:
        alone_lat: list[float] = []
        alone_err: list[str] = []
        start = time.perf_counter()
        cursor = int(requests.get(f"{urls[0]}/api/v1/health", timeout=10).json()["seq"])
        alone_push: list[float] = []
        device_run(
            0, users[0][0], users[0][1], urls, cursor, alone_lat, alone_err, alone_push, series
        )
        alone_s = time.perf_counter() - start
        latencies: list[float] = []
        pushes: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        accepted_total = 0

        def one(i: int) -> None:
            nonlocal accepted_total
            got = device_run(
                i, users[i][0], users[i][1], urls, cursor, latencies, errors, pushes, series
            )
            with lock:
                accepted_total += got

        start = time.perf_counter()
        with ThreadPoolExecutor(common.runs(WORKERS) * 2) as pool:
            list(pool.map(one, range(1, len(users))))
        elapsed = time.perf_counter() - start
    synced = len(users) - 1
    return {
        "code": "now" if code == ROOT else f"before ({BEFORE})",
        "servers": count,
        "devices": synced,
        "seconds": round(elapsed, 1),
        "devices_per_s": round(synced / elapsed, 1),
        "entries_per_s": round(accepted_total / elapsed),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(percentile(latencies, 95) * 1000, 1),
        "push_p50_ms": round(statistics.median(pushes) * 1000, 1),
        "push_p95_ms": round(percentile(pushes, 95) * 1000, 1),
        "errors": len(errors),
        "first_errors": errors[:3],
        "accepted": accepted_total,
        "sent": synced * 80,
        "alone_s": round(alone_s, 2),
        "alone_p95_ms": round(percentile(alone_lat, 95) * 1000, 1),
        "alone_push_p95_ms": round(percentile(alone_push, 95) * 1000, 1),
    }


def run() -> dict[str, Any]:
    with database() as url, code_before() as before:
        if url is None:
            print("(server load not measured: set FI_BENCH_POSTGRES_URL or FI_TEST_POSTGRES_URL)")
            return emit("load", {"measured": False})
        settings = durability(url)
        users = seed(url)
        counts = SERVER_COUNTS[:1] if common.tiny() else SERVER_COUNTS
        plan = [(n, ROOT) for n in counts]
        if before is not None:  # each count before and now, side by side
            plan = [(n, code) for n in counts for code in (before, ROOT)]
        rounds = [
            one_round(url, users, n, series, code)
            for (n, code), series in zip(plan, SERIES, strict=False)
        ]
    print_table(
        f"Server load: {len(users) - 1} devices syncing a day's work at once, "
        f"{common.runs(WORKERS)} at a time (PostgreSQL, loopback); baselines: one device alone, "
        "and the server before a push's numbers were taken in one statement",
        [
            "server",
            "server processes",
            "wall s",
            "devices/s",
            "p50 ms",
            "p95 ms",
            "push p50 ms",
            "push p95 ms",
            "errors",
            "accepted / sent",
            "alone: p95 ms",
            "alone: push p95 ms",
        ],
        [
            [
                r["code"],
                r["servers"],
                r["seconds"],
                r["devices_per_s"],
                r["p50_ms"],
                r["p95_ms"],
                r["push_p50_ms"],
                r["push_p95_ms"],
                r["errors"],
                f"{r['accepted']:,} / {r['sent']:,}",
                r["alone_p95_ms"],
                r["alone_push_p95_ms"],
            ]
            for r in rounds
        ],
    )
    durable = settings == DURABLE
    shown = ", ".join(f"{k}={v}" for k, v in settings.items())
    print(
        f"PostgreSQL: {shown}; users hashed with the app's argon2id parameters"
        + ("" if durable else " — NOT durable: these are not production figures")
    )
    for r in rounds:
        if r["first_errors"]:
            print(f"first errors with {r['servers']} server(s), {r['code']}:", r["first_errors"])
    return emit(
        "load",
        {"measured": True, "rounds": rounds, "postgresql": settings, "durable": durable},
    )
