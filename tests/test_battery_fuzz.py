"""The reliability battery's S6 (shared reference: reliability.md §5): byte fuzz of the app's
readers of outside input, the targets of ``fuzz_targets`` (EXIF time, photo intake, sealed
files, the key file, the sync client's reading of answers, the ready-database manifest).

The targets run in a child process watched from here: an input still running after
``HANG_SECONDS`` is a hang (the child is killed and the run goes on from the next input); an
exception other than the module's own error, or a wrong outcome, is a crash. The inputs of
both are kept in the test's folder.

The default run takes ``INPUTS`` inputs per target from a fixed seed. ``pytest -m soak`` runs
each target for its share of ``FI_FUZZ_SECONDS`` (default 600: the reference's 10 minutes)
under atheris, coverage-guided, when atheris is installed; else with the same generator.
"""

from __future__ import annotations

import importlib.util
import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from helpers import ROOT

FUZZ = ROOT / "tests" / "fuzz_targets.py"
TARGETS = ("exif", "intake", "sealed", "keyfile", "sync", "ready")
INPUTS = 1000
SEED = 6
HANG_SECONDS = 10.0
STARTUP_SECONDS = 120.0  # the child's imports and seed files, on a loaded machine


def _say(capsys: pytest.CaptureFixture[str], line: str) -> None:
    with capsys.disabled():
        print(f"\n[battery] {line}", flush=True)


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")


@dataclass
class Run:
    inputs: dict[str, int] = field(default_factory=dict)
    outcomes: dict[str, dict[str, int]] = field(default_factory=dict)
    crashes: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    restarts: int = 0


def _lines(stream: Any, into: queue.Queue[str | None]) -> None:
    for line in stream:
        into.put(line)
    into.put(None)


def watched(
    folder: Path, *args: str, program: Path = FUZZ, hang_seconds: float = HANG_SECONDS
) -> Run:
    """``fuzz_targets.py run`` under a watchdog: restarted after the input it hung on (or
    died on), until every target is through."""
    run, start = Run(), ""
    while True:
        child = subprocess.Popen(
            [sys.executable, str(program), "run", str(folder), *args, "--start", start],
            cwd=ROOT,
            env=_env(),
            stdout=subprocess.PIPE,
            text=True,
        )
        lines: queue.Queue[str | None] = queue.Queue()
        reader = threading.Thread(target=_lines, args=(child.stdout, lines), daemon=True)
        reader.start()
        current: tuple[str, int] | None = None
        limit = STARTUP_SECONDS
        try:
            while True:
                try:
                    line = lines.get(timeout=limit)
                except queue.Empty:
                    if current is None:
                        raise AssertionError("the fuzz runner did not start") from None
                    name, index = current
                    kept = folder / f"hang-{name}-{index}"
                    (folder / "current").replace(kept)
                    run.hangs.append(f"{name} input {index} ran over {hang_seconds} s ({kept})")
                    break
                if line is None:  # the child ended
                    code = child.wait()
                    if current is None and code == 0:
                        return run
                    if current is None:
                        raise AssertionError(f"the fuzz runner failed ({code})")
                    name, index = current
                    kept = folder / f"died-{name}-{index}"
                    (folder / "current").replace(kept)
                    run.crashes.append(f"{name} input {index}: the process died ({code}) ({kept})")
                    break
                word, *rest = line.split(" ", 3)
                if word == "input":
                    current, limit = (rest[0], int(rest[1])), hang_seconds
                    run.inputs[rest[0]] = run.inputs.get(rest[0], 0) + 1
                elif word == "crash":
                    name, index, detail = rest
                    kept = folder / f"crash-{name}-{index}"
                    run.crashes.append(f"{name} input {index}: {json.loads(detail)} ({kept})")
                elif word == "slow":
                    run.hangs.append(f"{rest[0]} input {rest[1]} took {rest[2].strip()} s")
                elif word == "end":
                    name, _count, outcomes = rest
                    tally = run.outcomes.setdefault(name, {})
                    for outcome, n in json.loads(outcomes).items():
                        tally[outcome] = tally.get(outcome, 0) + n
                    current, limit = None, STARTUP_SECONDS
        finally:
            if child.poll() is None:
                child.kill()
            child.wait()
            reader.join(10)
            assert child.stdout is not None
            child.stdout.close()
        # go on after the input that hung or killed the process
        start = f"{name}:{index + 1}"
        run.restarts += 1


def _figure(run: Run, seconds: float, how: str) -> str:
    total = sum(run.inputs.values())
    return (
        f"S6 byte fuzz{how}: {len(run.inputs)} targets, {total:,} inputs, "
        f"{len(run.crashes)} crashes, {len(run.hangs)} hangs ({seconds:.1f} s)"
    )


def _check(run: Run) -> None:
    problems = "\n".join(run.crashes + run.hangs)
    assert not run.crashes and not run.hangs, problems
    assert sorted(run.inputs) == sorted(TARGETS)
    for name in TARGETS:
        # a target whose every input ends the same way tests one path only: the generator or
        # the target setup is broken
        assert len(run.outcomes.get(name, {})) >= 2, (name, run.outcomes.get(name))


def test_s6_byte_fuzz(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    started = time.monotonic()
    run = watched(tmp_path, "--inputs", str(INPUTS), "--seed", str(SEED))
    _say(capsys, _figure(run, time.monotonic() - started, ""))
    _check(run)
    assert run.inputs == dict.fromkeys(TARGETS, INPUTS)


def test_the_watchdog_counts_a_hang_and_goes_on(tmp_path: Path) -> None:
    """The runner's own check: a target that never returns is a hang, the run resumes."""
    folder = tmp_path / "fuzz"
    folder.mkdir()
    (folder / "current").write_bytes(b"")
    sleeper = tmp_path / "sleeper.py"
    sleeper.write_text(
        "import sys, time\n"
        "start = sys.argv[sys.argv.index('--start') + 1]\n"
        "first = int(start.split(':')[1]) if start else 0\n"
        "print('begin exif', flush=True)\n"
        "for i in range(first, 3):\n"
        "    open(sys.argv[2] + '/current', 'wb').write(bytes([i]))\n"
        "    print('input exif', i, flush=True)\n"
        "    if i == 1:\n"
        "        time.sleep(60)\n"
        "print('end exif', 3 - first, '{\"a\": 1, \"b\": 1}', flush=True)\n",
        encoding="utf-8",
    )
    started = time.monotonic()
    run = watched(folder, program=sleeper, hang_seconds=2)
    assert time.monotonic() - started < 30
    assert len(run.hangs) == 1 and "exif input 1" in run.hangs[0]
    assert (folder / "hang-exif-1").read_bytes() == b"\x01"
    assert run.inputs == {"exif": 3}  # 0 and 1 (hung), then 2 in the second process
    assert run.restarts == 1


# -- the soak --------------------------------------------------------------------------------


def _soak_seconds() -> float:
    return float(os.environ.get("FI_FUZZ_SECONDS", "600"))


@dataclass
class Guided:
    runs: dict[str, int] = field(default_factory=dict)
    crashes: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)


def _atheris(tmp_path: Path, share: int) -> Guided:
    """Each target under atheris for ``share`` seconds. libFuzzer stops at the first failure
    and leaves its input: ``crash-*`` (an exception, or ``oom-*``) or ``timeout-*``."""
    guided = Guided()
    for name in TARGETS:
        folder = tmp_path / name
        folder.mkdir()
        done = subprocess.run(
            [sys.executable, str(FUZZ), "atheris", name, str(share), str(folder)],
            cwd=ROOT,
            env=_env(),
            capture_output=True,
            text=True,
            timeout=share + STARTUP_SECONDS + 60,
        )
        found = re.search(r"Done (\d+) runs in", done.stderr)
        runs = re.findall(r"^#(\d+)\s", done.stderr, re.MULTILINE)
        guided.runs[name] = int(found.group(1)) if found else int((runs or ["0"])[-1])
        tail = done.stderr[-3000:]
        for artifact in sorted(p for p in folder.iterdir() if p.is_file()):
            into = guided.hangs if artifact.name.startswith("timeout-") else guided.crashes
            into.append(f"{name}: {artifact}\n{tail}")
        if done.returncode != 0 and not any(name in c for c in guided.crashes + guided.hangs):
            guided.crashes.append(f"{name}: exit {done.returncode}\n{tail}")
    return guided


@pytest.mark.soak
def test_s6_byte_fuzz_soak(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], long_run: None
) -> None:
    share = max(10, int(_soak_seconds() / len(TARGETS)))
    started = time.monotonic()
    if importlib.util.find_spec("atheris") is not None:
        guided = _atheris(tmp_path, share)
        each = ", ".join(f"{name} {n:,}" for name, n in guided.runs.items())
        _say(
            capsys,
            f"S6 byte fuzz soak (atheris, coverage-guided): {len(TARGETS)} targets × {share} s, "
            f"{sum(guided.runs.values()):,} inputs ({each}), {len(guided.crashes)} crashes, "
            f"{len(guided.hangs)} hangs ({time.monotonic() - started:.0f} s)",
        )
        assert not guided.crashes and not guided.hangs, "\n\n".join(guided.crashes + guided.hangs)
        return
    run = watched(tmp_path, "--seconds", str(share), "--seed", str(int(time.time())))
    _say(capsys, _figure(run, time.monotonic() - started, " soak (generator, no atheris)"))
    _check(run)
