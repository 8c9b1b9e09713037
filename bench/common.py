"""Shared pieces of the benchmarks: the table, the JSON line, the cached city-scale store."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
# the city-scale stores are built once and kept here (FI_BENCH_CACHE moves it, e.g. for tests)
CACHE = Path(os.environ.get("FI_BENCH_CACHE") or ROOT / ".bench-cache")
SEED = 2018
# ``python -m bench --tiny`` (or FI_BENCH_TINY=1): every benchmark once on a tiny store, to show
# that it runs; its figures mean nothing
TINY_ENV = "FI_BENCH_TINY"
TINY_SCALE = 0.002


def tiny() -> bool:
    return os.environ.get(TINY_ENV) == "1"


def scale(full: float = 1.0) -> float:
    """The share of the city a benchmark works on: ``full``, or the tiny scale."""
    return TINY_SCALE if tiny() else full


def runs(count: int) -> int:
    """How many times to repeat a measurement: ``count``, or once at the tiny scale."""
    return 1 if tiny() else count


T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [[str(h) for h in headers]] + [[_fmt(c) for c in row] for row in rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(headers))]
    print(f"\n{title}")
    for n, row in enumerate(cells):
        print("  ".join(c + " " * (widths[i] - _width(c)) for i, c in enumerate(row)))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if value < 10 else f"{value:.1f}"
    return str(value)


def wait_until_up(url: str, timeout_s: float = 60) -> bool:
    """Poll ``url`` until it answers 2xx (a server process starting up)."""
    import requests

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).ok:
                return True
        except requests.RequestException:
            pass
        time.sleep(0.1)
    return False


def emit(name: str, figures: dict[str, Any]) -> dict[str, Any]:
    """The last line of a benchmark: its figures as one JSON object."""
    print(json.dumps({"benchmark": name, **figures}, ensure_ascii=False), flush=True)
    return figures


def city_store(share: float | None = None) -> Path:
    """A store holding the demo registry at ``share`` of the city (default ``scale()``), cached
    between runs in .bench-cache/."""
    from inspector_app.demo.install import install as install_demo
    from inspector_app.registry import jurisdictions
    from inspector_app.registry.entries import Registry
    from inspector_app.store import migrations
    from inspector_app.store.database import Store

    share = scale() if share is None else share
    schema = hashlib.sha256(
        repr([(m.version, m.name) for m in migrations.MIGRATIONS]).encode()
        + Path(migrations.__file__).read_bytes()
    ).hexdigest()
    folder = CACHE / f"city-{schema[:10]}-s{SEED}-x{share:g}"
    db = folder / "inspector.sqlite3"
    if (folder / "complete").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    print(
        f"(building the benchmark store at scale {share:g} in {folder.name}; cached for next runs)",
        flush=True,
    )
    tree = jurisdictions.load()
    store = Store.open(db)
    jurisdictions.install(store, tree)
    install_demo(store, Registry(tree), seed=SEED, scale=share)
    store.close()
    (folder / "complete").write_text("ok")
    return folder
