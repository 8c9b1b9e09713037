"""Registry search over the city's 485,300 entries: latency of the ranked first page (top 50
and the match count, what the user sees) and of the complete ranked id list, over a fixed set of
60 queries; baseline: a naive ``LIKE '%q%'`` scan doing the same job (first 50 + count)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from bench.common import city_store, emit, median, percentile, print_table

TARGET_P95_MS = 30.0
TARGET_RATIO_3PLUS = 20.0

QUERIES: dict[str, list[str]] = {
    "Chinese, 1 character": ["鑫", "华", "店", "厂", "沈", "桐", "宁", "皮"],
    "Chinese, 2 characters": [
        "华兴",
        "五金",
        "海宁",
        "面馆",
        "沈建",
        "机械",
        "纺织",
        "许村",
        "有限",
        "经编",
        "化工",
        "濮院",
    ],
    "Chinese, 3 characters": [
        "华兴机",
        "经编有",
        "许村镇",
        "水果店",
        "胜利路",
        "沈建国",
        "精密机",
        "乌镇镇",
        "嘉兴市",
        "股份有",
    ],
    "Chinese, 4 characters": [
        "精密机械",
        "有限公司",
        "嘉兴市鑫",
        "鑫源塑业",
        "海宁市许",
        "服装加工",
        "桐乡市濮",
        "汽车修理",
        "工业大道",
        "中山路1",
    ],
    "pinyin initials": ["jxhg", "hnsx", "txs", "yxgs", "jx", "hx", "zj", "cq"],
    "full pinyin": ["jiaxing", "huaxing", "haining", "wujin", "jixie", "jiax"],
    "code prefix": ["91330481", "92330402", "913304", "91330482MA", "9233048", "91330421M"],
}


def _best(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return median(times) * 1000


def naive(conn: sqlite3.Connection, text: str) -> tuple[list[int], int]:
    pattern = f"%{text}%"
    where = (
        "name LIKE ?1 OR address LIKE ?1 OR legal_rep LIKE ?1 OR name_initials LIKE ?1 "
        "OR uscc LIKE ?1"
    )
    rows = [
        r[0] for r in conn.execute(f"SELECT rid FROM enterprise WHERE {where} LIMIT 50", (pattern,))
    ]
    total = conn.execute(f"SELECT count(*) FROM enterprise WHERE {where}", (pattern,)).fetchone()[0]
    return rows, total


@dataclass(frozen=True)
class Measured:
    category: str
    q: str
    ours_ms: float
    full_ms: float
    naive_ms: float
    total: int
    capped: bool


def run() -> dict[str, Any]:
    from inspector_app.registry import search
    from inspector_app.store.database import Store

    folder = city_store()
    store = Store.open(folder / "inspector.sqlite3", readonly=True, check=False)
    conn = store.conn
    entries = conn.execute("SELECT count(*) FROM enterprise").fetchone()[0]
    search.first_page(conn, search.Query("jiaxing"))  # load the syllable table once
    per_query: list[Measured] = []
    for category, texts in QUERIES.items():
        for text in texts:
            query = search.Query(text)
            page = search.first_page(conn, query)  # warm the page cache for both sides
            ours = _best(partial(search.first_page, conn, query))
            full = _best(partial(search.all_ids, conn, query))
            naive(conn, text)
            base = _best(partial(naive, conn, text), runs=1)
            per_query.append(Measured(category, text, ours, full, base, page.total, page.capped))
    store.close()

    rows = []
    for category in QUERIES:
        items = [p for p in per_query if p.category == category]
        rows.append(
            [
                category,
                len(items),
                median([p.ours_ms for p in items]),
                percentile([p.ours_ms for p in items], 95),
                percentile([p.full_ms for p in items], 95),
                median([p.naive_ms for p in items]),
                f"{median([p.naive_ms / p.ours_ms for p in items]):.0f}x",
            ]
        )
    ours_all = [p.ours_ms for p in per_query]
    full_all = [p.full_ms for p in per_query]
    naive_all = [p.naive_ms for p in per_query]
    three_plus = [p for p in per_query if len(p.q) >= 3]
    ratios_3 = [p.naive_ms / p.ours_ms for p in three_plus]
    rows.append(
        [
            "all queries",
            len(per_query),
            median(ours_all),
            percentile(ours_all, 95),
            percentile(full_all, 95),
            median(naive_all),
            f"{median([p.naive_ms / p.ours_ms for p in per_query]):.0f}x",
        ]
    )
    print_table(
        f"Registry search over {entries:,} entries (ms; ours = ranked top 50 + count)",
        [
            "queries",
            "n",
            "ours p50",
            "ours p95",
            "full list p95",
            "LIKE scan p50",
            "speed-up (median)",
        ],
        rows,
    )
    slowest = max(per_query, key=lambda p: p.ours_ms)
    print(
        f"3+ character queries: speed-up over the scan min {min(ratios_3):.0f}x, median "
        f"{median(ratios_3):.0f}x (target >= {TARGET_RATIO_3PLUS:g}x); slowest query "
        f"{slowest.q!r} {slowest.ours_ms:.1f} ms; target p95 <= {TARGET_P95_MS:g} ms"
    )
    return emit(
        "search",
        {
            "entries": entries,
            "queries": len(per_query),
            "p50_ms": round(median(ours_all), 2),
            "p95_ms": round(percentile(ours_all, 95), 2),
            "full_list_p50_ms": round(median(full_all), 2),
            "full_list_p95_ms": round(percentile(full_all, 95), 2),
            "naive_p50_ms": round(median(naive_all), 1),
            "naive_p95_ms": round(percentile(naive_all, 95), 1),
            "speedup_3plus_min": round(min(ratios_3), 1),
            "speedup_3plus_median": round(median(ratios_3), 1),
            "p95_at_target": percentile(ours_all, 95) <= TARGET_P95_MS,
            "ratio_at_target": min(ratios_3) >= TARGET_RATIO_3PLUS,
        },
    )
