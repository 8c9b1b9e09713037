"""Import of the city's 485,300 registry entries from a CSV file, stage by stage.

Baselines measured in the same run: the same rows written by a raw ``sqlite3.executemany`` into
a plain table (no constraints, indexes or change log), and pinyin through pypinyin's per-name
call (on 50,000 names, scaled to the full count).
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import common
from bench.common import SEED, emit, print_table, timed

TARGET_TOTAL_S = 60.0
TARGET_INSERT_RATIO = 3.0
PYPINYIN_SAMPLE = 50_000


def run() -> dict[str, Any]:
    from inspector_app.demo import generator as demo
    from inspector_app.registry import importer, jurisdictions
    from inspector_app.registry.entries import _INSERT_COLUMNS, Registry
    from inspector_app.registry.rules import BOOL_FIELDS, FIELDS
    from inspector_app.store.clock import new_id
    from inspector_app.store.database import Store

    tmp = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        tree = jurisdictions.load()
        registry = Registry(tree)
        tables_s, _ = timed(lambda: registry.pinyin)
        gen_s, rows = timed(lambda: list(demo.registry_rows(tree, SEED, common.scale())))
        csv_path = tmp / "registry.csv"
        write_s, _ = timed(lambda: importer.write_csv(csv_path, rows))
        n = len(rows)
        print(
            f"(input: {n:,} rows generated in {gen_s:.1f} s, CSV written in {write_s:.1f} s, "
            f"{csv_path.stat().st_size / 1e6:.0f} MB)",
            flush=True,
        )

        store = Store.open(tmp / "inspector.sqlite3")
        jurisdictions.install(store, tree)
        started = time.perf_counter()
        report = importer.import_file(store, registry, csv_path, "bench")
        total_s = time.perf_counter() - started
        store.close()
        assert report.inserted == n and not report.problems, report.problems[:3]
        t = report.timings
        db_mb = (tmp / "inspector.sqlite3").stat().st_size / 1e6

        # baseline 1: the same rows through a raw executemany into a plain table
        keys = [registry.pinyin.keys(r["name"]) for r in rows]
        now = "2026-11-29T10:00:00.000+08:00"
        tuples = [
            (
                new_id(),
                *(int(r[f]) if f in BOOL_FIELDS else r[f] for f in FIELDS),
                k[0],
                k[1],
                now,
                now,
            )
            for r, k in zip(rows, keys, strict=True)
        ]
        raw = sqlite3.connect(tmp / "raw.sqlite3", isolation_level=None)
        raw.execute("PRAGMA journal_mode = WAL")
        raw.execute("PRAGMA synchronous = FULL")
        raw.execute(f"CREATE TABLE t ({', '.join(_INSERT_COLUMNS)})")
        raw.execute("BEGIN")
        marks = ", ".join("?" * len(_INSERT_COLUMNS))
        raw_insert_s, _ = timed(lambda: raw.executemany(f"INSERT INTO t VALUES ({marks})", tuples))
        raw_commit_s, _ = timed(lambda: raw.execute("COMMIT"))
        raw.close()

        # baseline 2: pypinyin's own per-name conversion
        sample = [r["name"] for r in rows[:PYPINYIN_SAMPLE]]
        ref_s, _ = timed(lambda: [registry.pinyin.reference_keys(x) for x in sample])
        pypinyin_full_s = ref_s * n / len(sample)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    insert_ratio = t["insert_rows"] / raw_insert_s
    stage_ratio = t["insert"] / raw_insert_s
    print_table(
        f"Import of {n:,} registry entries (CSV → local store)",
        ["stage", "ours (s)", "baseline", "baseline (s)", "ratio", "target"],
        [
            ["read + validate", t["validate"], "", "", "", ""],
            [
                "pinyin keys",
                t["pinyin"],
                f"pypinyin per name (from {len(sample):,})",
                pypinyin_full_s,
                f"{pypinyin_full_s / t['pinyin']:.1f}x faster",
                "",
            ],
            [
                "insert: registry rows",
                t["insert_rows"],
                "raw executemany, same rows",
                raw_insert_s,
                f"{insert_ratio:.2f}x of raw",
                f"<= {TARGET_INSERT_RATIO:g}x",
            ],
            ["insert: change-log entries", t["change_log"], "", "", "", ""],
            [
                "insert stage (all of it)",
                t["insert"],
                "raw executemany, same rows",
                raw_insert_s,
                f"{stage_ratio:.2f}x of raw",
                "",
            ],
            ["search index", t["index"], "", "", "", ""],
            ["commit (fsync)", t["commit"], "raw commit", raw_commit_s, "", ""],
            ["total", total_s, "", "", "", f"<= {TARGET_TOTAL_S:g} s"],
        ],
    )
    print(
        f"pinyin tables built in {tables_s:.2f} s; {registry.pinyin.fallbacks:,} names needed "
        f"pypinyin's phrase lookup; database {db_mb:.0f} MB"
    )
    return emit(
        "import",
        {
            "rows": n,
            "validate_s": round(t["validate"], 2),
            "pinyin_s": round(t["pinyin"], 2),
            "insert_s": round(t["insert"], 2),
            "insert_rows_s": round(t["insert_rows"], 2),
            "change_log_s": round(t["change_log"], 2),
            "index_s": round(t["index"], 2),
            "commit_s": round(t["commit"], 2),
            "total_s": round(total_s, 2),
            "raw_insert_s": round(raw_insert_s, 2),
            "insert_vs_raw": round(insert_ratio, 2),
            "insert_stage_vs_raw": round(stage_ratio, 2),
            "pypinyin_s": round(pypinyin_full_s, 1),
            "db_mb": round(db_mb),
            "insert_at_target": insert_ratio <= TARGET_INSERT_RATIO,
            "total_at_target": total_s <= TARGET_TOTAL_S,
        },
    )
