"""Helpers shared by the tests (imported as ``helpers``)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from inspector_app.demo import generator as demo
from inspector_app.registry import jurisdictions
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store.clock import Clock
from inspector_app.store.database import Store

CHINA = dt.timezone(dt.timedelta(hours=8))


class FixedClock(Clock):
    """A device clock stopped at one instant (``now``)."""

    def __init__(self, now: dt.datetime) -> None:
        self.fixed = now if now.tzinfo else now.replace(tzinfo=CHINA)

    def now(self) -> dt.datetime:
        return self.fixed


class DayClock(Clock):
    """A device clock at noon of whatever day ``day()`` says (a test that moves through the
    weeks of a case moves the app's clock with it)."""

    def __init__(self, day: Callable[[], dt.date]) -> None:
        self.day = day

    def now(self) -> dt.datetime:
        d = self.day()
        return dt.datetime(d.year, d.month, d.day, 12, tzinfo=CHINA)


@contextlib.contextmanager
def on_day(store: Store, day: dt.date | dt.datetime) -> Iterator[None]:
    """The store's clock set to ``day`` (noon in China) for what runs inside: a test that plays
    a case or a hazard over weeks records each step on its own day, as an officer would."""
    when = day if isinstance(day, dt.datetime) else dt.datetime(day.year, day.month, day.day, 12)
    saved = store.clock
    store.clock = FixedClock(when)
    try:
        yield
    finally:
        store.clock = saved


ROOT = Path(__file__).resolve().parent.parent

# Entries every search test can rely on, besides the generated ones.
KNOWN_ENTRIES = [
    {
        "uscc": "91330402MA2B3C4D1N",
        "name": "嘉兴化工有限公司",
        "kind": "enterprise",
        "county_code": "330402",
        "town_code": "330402001",
        "address": "浙江省嘉兴市南湖区建设街道中山路1号",
        "legal_rep": "张建国",
        "contact_phone": "13905730001",
        "industry_section": "C",
        "supervision_industry": "危化",
        "above_size": True,
        "key_supervised": True,
        "risk_level": "high",
    },
    {
        "uscc": "92330481MA28K7F1XR",
        "name": "海宁市许村镇重庆小面馆",
        "kind": "individual",
        "county_code": "330481",
        "town_code": "330481005",
        "address": "浙江省海宁市许村镇人民路8号",
        "legal_rep": "李重阳",
        "contact_phone": "",
        "industry_section": "H",
        "supervision_industry": "其他",
        "above_size": False,
        "key_supervised": False,
        "risk_level": "low",
    },
    {
        "uscc": "93330483MA2JX0A52C",
        "name": "桐乡市银行路五金店",
        "kind": "individual",
        "county_code": "330483",
        "town_code": "330483001",
        "address": "浙江省桐乡市梧桐街道银行路12号",
        "legal_rep": "沈华兴",
        "contact_phone": "0573-88888888",
        "industry_section": "F",
        "supervision_industry": "商贸",
        "above_size": False,
        "key_supervised": False,
        "risk_level": "low",
    },
]


def new_store(path: Path, tree: JurisdictionTree) -> Store:
    store = Store.open(path)
    jurisdictions.install(store, tree)
    return store


def copy_store(template: Path, target: Path) -> Path:
    """Copy a closed store file (no -wal left after close)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(template)
    dest = sqlite3.connect(target)
    with dest:
        source.backup(dest)
    source.close()
    dest.close()
    return target


def run_python(
    *args: str, cwd: Path = ROOT, timeout: float = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    if env:
        full_env.update(env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
    )


def generated(tree: JurisdictionTree, n: int, seed: int = 9) -> list[dict]:
    """``n`` valid registry rows from the demo generator (the same ones for the same seed)."""
    rows = demo.registry_rows(tree, seed=seed, scale=max(0.01, n / demo.FULL_SIZE * 1.1))
    return [next(rows) for _ in range(n)]
