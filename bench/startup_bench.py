"""Cold start: from launching ``main.py`` to its first painted main window (on the city-scale
store), beside a bare PySide6 window doing the same in the same run. Measured from outside the
process: the time until it reports the painted window on stdout, and the whole process — an
open-and-close, from launch until the process has ended (its store closed, its threads done)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import common
from bench.common import ROOT, city_store, emit, median, print_table

RUNS = 5
TARGET_S = 1.5

BARE = r"""
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("安全生产执法检查"))
window.resize(1280, 800)
window.show()
app.processEvents()
window.grab()
print("first-paint", flush=True)
"""


def _launch(args: list[str]) -> dict[str, float]:
    """Seconds from launch until each marker line ("first-paint", "rows-visible") appears."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    start = time.perf_counter()
    marks: dict[str, float] = {}
    with subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT, env=env
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            marks[line.split()[0]] = time.perf_counter() - start
        proc.wait(timeout=120)
    marks["exit"] = time.perf_counter() - start
    if "first-paint" not in marks:
        raise RuntimeError(f"{args} ended without painting")
    return marks


def run() -> dict[str, Any]:
    folder = city_store()
    with tempfile.TemporaryDirectory() as tmp:
        bare_script = Path(tmp) / "bare.py"
        bare_script.write_text(BARE, encoding="utf-8")
        app_cmd = [
            sys.executable,
            str(ROOT / "main.py"),
            "--basedir",
            str(folder),
            "--quit-after-paint",
        ]
        bare_cmd = [sys.executable, str(bare_script)]
        _launch(bare_cmd)  # warm the OS file cache for both
        _launch(app_cmd)
        app_runs, bare_runs = [], []
        for _ in range(common.runs(RUNS)):
            bare_runs.append(_launch(bare_cmd))
            app_runs.append(_launch(app_cmd))
    app_s = median([r["first-paint"] for r in app_runs])
    rows_s = median([r["rows-visible"] for r in app_runs])
    bare_s = median([r["first-paint"] for r in bare_runs])
    app_exit_s = median([r["exit"] for r in app_runs])
    bare_exit_s = median([r["exit"] for r in bare_runs])
    print_table(
        f"Cold start to the first painted main window (median of {common.runs(RUNS)})",
        ["program", "seconds", "ratio", "target"],
        [
            ["main.py: window painted", app_s, f"{app_s / bare_s:.2f}x", f"<= {TARGET_S:g} s"],
            ["main.py: registry rows on screen", rows_s, f"{rows_s / bare_s:.2f}x", ""],
            ["bare PySide6 window", bare_s, "1.00x", ""],
            [
                "main.py: whole process (open, paint, close)",
                app_exit_s,
                f"{app_exit_s / bare_exit_s:.2f}x",
                "",
            ],
            ["bare PySide6 window: whole process", bare_exit_s, "1.00x", ""],
        ],
    )
    return emit(
        "startup",
        {
            "app_s": round(app_s, 3),
            "rows_visible_s": round(rows_s, 3),
            "bare_s": round(bare_s, 3),
            "app_whole_process_s": round(app_exit_s, 3),
            "bare_whole_process_s": round(bare_exit_s, 3),
            "ratio": round(app_s / bare_s, 2),
            "runs": common.runs(RUNS),
            "at_target": app_s <= TARGET_S,
        },
    )
