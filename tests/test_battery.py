"""The reliability battery (shared reference: reliability.md §5), the parts that run on the
desktop's store: R1 kill -9 during writes, R2 simulated power cuts, R15 a migration killed
mid-way, R16 backup while writing and restore, S12 no secrets in logs, S13 static checks.

Each test prints its figure. The default run uses a small N; ``pytest -m soak`` runs the same
tests at the reference's N (200 kills, 200 power cuts, 50 interrupted migrations).
"""

from __future__ import annotations

import logging
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import powerloss
import pytest

from helpers import ROOT, copy_store, new_store, run_python
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store import audit, migrations
from inspector_app.store.database import Store, backup_database, restore_backup

SOAK = pytest.mark.soak


def _say(capsys: pytest.CaptureFixture[str], line: str) -> None:
    with capsys.disabled():
        print(f"\n[battery] {line}", flush=True)


# -- R1: kill -9 during writes -----------------------------------------------------------------

WRITER = """
import sys
from helpers import generated
from inspector_app.registry import jurisdictions
from inspector_app.registry.entries import Registry
from inspector_app.registry.rules import Classifications
from inspector_app.registry.validation import RecordInvalid, org_code_check_char, uscc_check_char
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store

tree = jurisdictions.load()
registry = Registry(tree, Classifications.load())
store = Store.open(sys.argv[1], check=False)
run = int(sys.argv[2])
rows = generated(tree, 400, seed=run)
for n, raw in enumerate(rows):
    # a code no earlier run wrote (the run and row number as the organisation code): every
    # row is a write, so a kill lands mid-write and not after a run of refused duplicates
    body = f"{run % 10000:04d}{n:04d}"
    first17 = raw["uscc"][:8] + body + org_code_check_char(body)
    raw["uscc"] = first17 + uscc_check_char(first17)
registry.pinyin.keys(rows[0]["name"])  # loads the pinyin tables before the clock starts
print("ready", flush=True)
for raw in rows:
    try:
        with UnitOfWork(store, "officer-1") as uow:
            record_id = registry.create(uow, raw)
    except RecordInvalid:  # a code an earlier run registered already
        continue
    print(record_id, flush=True)
print("finished", flush=True)
"""


def _writer(path: Path, seed: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(seed)],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=f"{ROOT}{os.pathsep}{ROOT / 'tests'}"),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def _kill_during_writes(path: Path, kills: int, rng: random.Random) -> tuple[set[str], int]:
    """Start a writer, let it write for a random while, SIGKILL it; ``kills`` times. Returns
    the acknowledged ids and how many kills landed mid-run."""
    acknowledged: set[str] = set()
    landed = 0
    for seed in range(kills):
        with _writer(path, 1000 + seed) as proc:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready"
            deadline = time.monotonic() + rng.uniform(0.1, 1.2)
            finished = False
            while time.monotonic() < deadline:
                line = proc.stdout.readline().strip()
                if line == "finished" or not line:
                    finished = True
                    break
                acknowledged.add(line)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(10)
            landed += not finished
    return acknowledged, landed


def _check_after_kills(path: Path, acknowledged: set[str]) -> dict[str, int]:
    store = Store.open(path)
    try:
        assert store.integrity_check() == []
        present = {r[0] for r in store.conn.execute("SELECT id FROM enterprise")}
        logged = {
            r[0] for r in store.conn.execute("SELECT record_id FROM change_log WHERE op='insert'")
        }
        verdict = audit.verify(store.conn)
        assert verdict.intact, verdict.breaks
        return {
            "acknowledged": len(acknowledged),
            "lost": len(acknowledged - present),
            "without_outbox": len(present - logged),
            "rows": len(present),
            "audit_rows": verdict.rows,
        }
    finally:
        store.close()


def _r1(tmp_path: Path, tree: JurisdictionTree, kills: int, capsys: Any) -> None:
    path = tmp_path / "inspector.sqlite3"
    new_store(path, tree).close()
    started = time.monotonic()
    acknowledged, landed = _kill_during_writes(path, kills, random.Random(kills))
    figures = _check_after_kills(path, acknowledged)
    _say(
        capsys,
        f"R1 kill -9 during writes: {kills} kills ({landed} mid-write) in "
        f"{time.monotonic() - started:.1f} s; {figures['acknowledged']} acknowledged, "
        f"{figures['lost']} lost, {figures['without_outbox']} without their outbox entry, "
        f"{figures['rows'] - figures['acknowledged']} committed but not acknowledged, "
        f"audit chain intact over {figures['audit_rows']} rows",
    )
    assert landed > 0
    assert figures["lost"] == 0 and figures["without_outbox"] == 0
    assert figures["audit_rows"] == figures["rows"]


def test_r1_kill_during_writes(tmp_path: Path, tree: JurisdictionTree, capsys: Any) -> None:
    _r1(tmp_path, tree, 4, capsys)


@SOAK
def test_r1_kill_during_writes_soak(tmp_path: Path, tree: JurisdictionTree, capsys: Any) -> None:
    _r1(tmp_path, tree, 200, capsys)


# -- R2: power cuts ----------------------------------------------------------------------------


def _power_cut(
    folder: Path, n: int, synchronous: str, rng: random.Random, reorder: bool
) -> tuple[bool, int, int]:
    """One trial: the store's PRAGMAs over the crash VFS, transactions of a record and its
    outbox row, a cut at a random point. (sound, acknowledged, lost)."""
    disk = powerloss.Disk()
    vfs = powerloss.ShadowVFS(f"powerloss-{n}", disk)
    conn = powerloss.apsw.Connection(str(folder / "t.db"), vfs=vfs.vfs_name)
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")  # no -shm: the model has no shared memory
        assert conn.execute("PRAGMA journal_mode = WAL").fetchall()[0][0] == "wal"
        conn.execute(f"PRAGMA synchronous = {synchronous}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(
            "CREATE TABLE rec(id INTEGER PRIMARY KEY, body TEXT NOT NULL);"
            "CREATE TABLE outbox(seq INTEGER PRIMARY KEY, rec INTEGER NOT NULL REFERENCES rec(id))"
        )
        acknowledged = []
        for i in range(rng.randint(1, 60)):
            with conn:
                conn.execute("INSERT INTO rec VALUES (?, ?)", (i, "x" * rng.randint(10, 3000)))
                conn.execute("INSERT INTO outbox(rec) VALUES (?)", (i,))
            acknowledged.append(i)
        disk.cut(folder / "after", rng if reorder else None)
    finally:
        conn.close()
        vfs.unregister()
    after = sqlite3.connect(folder / "after" / "t.db")
    try:
        if after.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            return False, len(acknowledged), len(acknowledged)
        tables = after.execute("SELECT count(*) FROM sqlite_master WHERE name='rec'").fetchone()
        if not tables[0]:  # nothing reached the disk: every commit lost
            return True, len(acknowledged), len(acknowledged)
        ids = {r[0] for r in after.execute("SELECT id FROM rec")}
        orphans = after.execute(
            "SELECT count(*) FROM rec WHERE id NOT IN (SELECT rec FROM outbox)"
        ).fetchone()[0]
        return orphans == 0, len(acknowledged), len(set(acknowledged) - ids)
    except sqlite3.DatabaseError:
        return False, len(acknowledged), len(acknowledged)
    finally:
        after.close()


def _r2(tmp_path: Path, trials: int, synchronous: str) -> dict[str, int]:
    rng = random.Random(trials)
    figures = {"trials": trials, "corrupt": 0, "acknowledged": 0, "lost": 0, "losing_trials": 0}
    for n in range(trials):
        folder = tmp_path / f"trial{n}"
        folder.mkdir(parents=True)
        sound, acked, lost = _power_cut(folder, n, synchronous, rng, reorder=n % 2 == 1)
        figures["corrupt"] += not sound
        figures["acknowledged"] += acked
        figures["lost"] += lost
        figures["losing_trials"] += lost > 0
    return figures


def _r2_run(tmp_path: Path, trials: int, capsys: Any) -> None:
    started = time.monotonic()
    full = _r2(tmp_path / "full", trials, "FULL")
    _say(
        capsys,
        f"R2 power cuts (WAL+FULL, half with reordered unsynced writes): {trials} cuts in "
        f"{time.monotonic() - started:.1f} s; {full['corrupt']} corrupt, "
        f"{full['lost']} of {full['acknowledged']} acknowledged commits lost",
    )
    assert full["corrupt"] == 0 and full["lost"] == 0


def test_r2_power_cuts(tmp_path: Path, capsys: Any) -> None:
    _r2_run(tmp_path, 16, capsys)


@SOAK
def test_r2_power_cuts_soak(tmp_path: Path, capsys: Any) -> None:
    _r2_run(tmp_path, 200, capsys)


def test_r2_the_simulator_catches_the_loss_that_synchronous_normal_allows(
    tmp_path: Path, capsys: Any
) -> None:
    normal = _r2(tmp_path, 6, "NORMAL")
    _say(
        capsys,
        f"R2 guard (WAL+NORMAL): {normal['losing_trials']} of 6 cuts lost "
        f"{normal['lost']} acknowledged commits",
    )
    assert normal["losing_trials"] == 6


def test_r2_the_store_runs_with_synchronous_full_only(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "inspector.sqlite3")
    try:
        assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        store.close()


# -- R15: a migration killed mid-way ---------------------------------------------------------

MIGRATOR = """
import sys
from inspector_app.store.database import Store
print("migrating", flush=True)
Store.open(sys.argv[1]).close()
print("done", flush=True)
"""


@pytest.fixture(scope="module")
def version_one(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("v1") / "inspector.sqlite3"
    Store.open(path, target_version=1).close()
    return path


def _migration_seconds(tmp_path: Path, template: Path) -> float:
    """How long the whole upgrade of ``template`` takes here (the kills land within it)."""
    path = copy_store(template, tmp_path / "timed" / "inspector.sqlite3")
    started = time.monotonic()
    Store.open(path).close()
    return time.monotonic() - started


def _r15(tmp_path: Path, template: Path, kills: int, capsys: Any) -> None:
    rng = random.Random(kills)
    seen: dict[int, int] = {}
    # kills spread over the upgrade itself (a longer delay would mostly land after it)
    window = _migration_seconds(tmp_path, template)
    started = time.monotonic()
    for n in range(kills):
        path = copy_store(template, tmp_path / f"kill{n}" / "inspector.sqlite3")
        with subprocess.Popen(
            [sys.executable, "-c", MIGRATOR, str(path)],
            cwd=ROOT,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        ) as proc:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "migrating"
            time.sleep(rng.uniform(0, window))
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(10)
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            recorded = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]
        finally:
            conn.close()
        assert version == recorded  # a version is there whole or not at all
        assert version in {m.version for m in migrations.MIGRATIONS}
        seen[version] = seen.get(version, 0) + 1
        reopened = Store.open(path)  # the app starts and finishes the upgrade
        assert reopened.schema_version == migrations.latest_version()
        assert audit.verify(reopened.conn).intact
        reopened.close()
    latest = migrations.latest_version()
    mid = sum(count for version, count in seen.items() if version < latest)
    _say(
        capsys,
        f"R15 migration killed: {kills} kills ({mid} mid-migration; the upgrade takes "
        f"{window * 1000:.0f} ms here) in {time.monotonic() - started:.1f} s; versions found "
        f"after the kill {dict(sorted(seen.items()))}; 0 between versions, every store "
        f"upgraded on the next start",
    )
    assert mid > 0


def test_r15_migration_killed(tmp_path: Path, version_one: Path, capsys: Any) -> None:
    _r15(tmp_path, version_one, 4, capsys)


@SOAK
def test_r15_migration_killed_soak(tmp_path: Path, version_one: Path, capsys: Any) -> None:
    _r15(tmp_path, version_one, 50, capsys)


# -- R16: backup while writing, then restore -------------------------------------------------


def test_r16_backup_while_writing_and_restore(
    tmp_path: Path, tree: JurisdictionTree, capsys: Any
) -> None:
    path = tmp_path / "inspector.sqlite3"
    new_store(path, tree).close()
    folder = tmp_path / "backups"
    made = []
    with _writer(path, 77) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        for n in range(3):
            proc.stdout.readline()
            made.append(backup_database(path, folder, _when(n)))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    counts = []
    for backup in made:
        conn = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert audit.verify(conn).intact
            counts.append(conn.execute("SELECT count(*) FROM enterprise").fetchone()[0])
        finally:
            conn.close()
    restore_backup(made[0], path, _when(9))
    restored = Store.open(path)
    try:
        assert restored.conn.execute("SELECT count(*) FROM enterprise").fetchone()[0] == counts[0]
        assert audit.verify(restored.conn).intact
    finally:
        restored.close()
    _say(
        capsys,
        f"R16 backup while writing: 3 backups of {counts} records, each integrity_check ok "
        f"and its audit chain intact; restore of the first opens with {counts[0]} records",
    )


def _when(n: int) -> Any:
    import datetime as dt

    return dt.datetime(2026, 11, 1, tzinfo=dt.UTC) + dt.timedelta(hours=n)


# -- S12: no secrets in the logs -------------------------------------------------------------


class _Everything(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def every_log_line() -> Iterator[_Everything]:
    handler = _Everything()
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    root.setLevel(level)


@pytest.mark.parametrize("server_db", ["sqlite"], indirect=True)
def test_s12_no_secret_reaches_a_log(
    devices: Any, every_log_line: _Everything, capsys: Any
) -> None:
    from sync_support import PASSWORD

    from helpers import KNOWN_ENTRIES

    device = devices()
    credentials = device.login("haining1")
    device.create(KNOWN_ENTRIES[0])
    device.sync()
    with pytest.raises(Exception):  # noqa: B017 (a wrong password: any refusal will do)
        device.api.login("haining1", PASSWORD + "-wrong", "test laptop")
    secrets = {
        "password": PASSWORD,
        "access token": credentials.access_token,
        "refresh token": credentials.refresh_token,
    }
    text = "\n".join(every_log_line.lines)
    leaks = [name for name, value in secrets.items() if value and value in text]
    _say(capsys, f"S12 secrets in logs: {len(every_log_line.lines)} log lines, {len(leaks)} leaks")
    assert every_log_line.lines  # the logs were captured at all
    assert leaks == []


# -- S13: static checks ------------------------------------------------------------------------


@pytest.mark.slow
def test_s13_bandit_finds_no_high_severity_issue(capsys: Any) -> None:
    done = run_python(
        "-m",
        "bandit",
        "-q",
        "-r",
        "inspector_app",
        "sync",
        "ui",
        "main.py",
        "-lll",
        "-f",
        "txt",
        timeout=300,
    )
    _say(capsys, f"S13 bandit (high severity): exit {done.returncode}")
    assert done.returncode == 0, done.stdout + done.stderr
