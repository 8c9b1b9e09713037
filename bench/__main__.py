"""``python -m bench [--tiny] [NAME ...]`` — see bench/__init__.py."""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# every benchmark module; each has ``run() -> dict`` and ends its output with one JSON line
BENCHMARKS = {
    "import": "bench.import_bench",
    "search": "bench.search_bench",
    "startup": "bench.startup_bench",
    "sync": "bench.sync_bench",
    "load": "bench.load_bench",
    "documents": "bench.documents_bench",
    "history": "bench.history_bench",
    "reports": "bench.reports_bench",
    "draws": "bench.draws_bench",
}


def main(argv: list[str]) -> int:
    from bench import common

    if "--tiny" in argv:
        os.environ[common.TINY_ENV] = "1"
    names = [a for a in argv if a != "--tiny"] or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(
            f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(BENCHMARKS)}"
            " (--tiny: each once on a tiny store)",
            file=sys.stderr,
        )
        return 2
    results = {}
    for name in names:
        module = importlib.import_module(BENCHMARKS[name])
        results[name] = module.run()
        print(flush=True)
    if len(names) > 1:
        print(json.dumps({"benchmarks": results}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
