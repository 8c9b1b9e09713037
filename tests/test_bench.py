"""Every benchmark runs once at the tiny scale (``python -m bench --tiny NAME``) and ends with its
JSON line, so a benchmark that crashes cannot land; the documents benchmark covers every kind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import documents_bench
from bench.__main__ import BENCHMARKS, main
from ui.documents import kind_titles

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One benchmark cache for the module: the tiny city store is built once."""
    return tmp_path_factory.mktemp("bench-cache")


def run_bench(cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, FI_BENCH_CACHE=str(cache), QT_QPA_PLATFORM="offscreen")
    env.pop("FI_BENCH_TINY", None)
    return subprocess.run(
        [sys.executable, "-m", "bench", "--tiny", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.slow
@pytest.mark.parametrize("name", list(BENCHMARKS))
def test_each_benchmark_runs_at_the_tiny_scale(name: str, cache: Path) -> None:
    done = run_bench(cache, name)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    last = json.loads(done.stdout.strip().splitlines()[-1])
    assert last["benchmark"] == name


def test_every_document_kind_has_a_sample_context() -> None:
    contexts, missing = documents_bench.samples(list(kind_titles()))
    assert missing == [], f"add bench/document_samples/KIND.json for {missing}"
    assert set(contexts) == set(kind_titles())


def test_an_unknown_benchmark_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--tiny", "no-such-bench"]) == 2
    assert "no-such-bench" in capsys.readouterr().err
