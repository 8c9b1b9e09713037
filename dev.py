#!/usr/bin/env python3
"""One-command set-up for a fresh machine with only Python >= 3.11.

    python3 dev.py start [APP ARGS...]   install the pinned dependencies into .venv, start the app
    python3 dev.py test [PYTEST ARGS...] install app + test dependencies, run the tests
    python3 dev.py bench [NAME]          run the benchmarks (python -m bench NAME)
    python3 dev.py build                 build the PyInstaller bundle from build.spec
    python3 dev.py check                 lint and type checks (ruff, mypy)
    python3 dev.py server [ARGS...]      run the central sync server (python -m sync.server)

The virtual environment lives in .venv/ next to this file. It is (re)installed only when the
dependency list in pyproject.toml changes, so the second run starts at once.
"""

from __future__ import annotations

import sys

if sys.version_info < (3, 11):  # noqa: UP036 - this file may be run by any Python
    sys.exit("Field Inspector needs Python 3.11 or newer / 需要 Python 3.11 或更高版本")

import contextlib
import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
import tomllib
import venv
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
EXTRAS = {
    "start": [],
    "test": ["test", "server"],
    "bench": ["test", "server"],
    "build": ["build"],
    "check": ["test", "server", "check"],
    "server": ["server"],
}


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def requirements(extras: list[str]) -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(project["dependencies"])
    for extra in extras:
        reqs += project["optional-dependencies"][extra]
    return reqs


def ensure_venv(extras: list[str]) -> Path:
    python = venv_python()
    if not python.exists():
        print(f"creating virtual environment in {VENV.name}/ ...", flush=True)
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except (subprocess.CalledProcessError, OSError) as exc:
            sys.exit(
                f"could not create the virtual environment ({exc}).\n"
                "On Debian/Ubuntu install the venv module first: apt-get install python3-venv"
            )
    reqs = requirements(extras)
    stamp = VENV / f".installed-{'-'.join(extras) or 'app'}"
    digest = hashlib.sha256("\n".join(reqs).encode()).hexdigest()
    if not stamp.exists() or stamp.read_text() != digest:
        print("installing pinned dependencies ...", flush=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q", *reqs],
            check=True,
        )
        stamp.write_text(digest)
    return python


def _postgres_bin() -> Path | None:
    """The folder of PostgreSQL's server programs (initdb, pg_ctl), if installed: Debian's
    versioned folder first (the programs on PATH may be wrappers), else PATH."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name)
    if versions:
        return versions[-1]
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _start_postgres(
    folder: Path, pgbin: Path, port: int, durable: bool = False
) -> Callable[[], None] | None:
    """initdb, start and createdb in ``folder``; returns how to stop it, or None. ``durable``:
    with production durability (fsync, synchronous commit, full pages on) for figures, else
    with the three off for fast tests."""
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0

    def pg(*cmd: str) -> None:
        # initdb refuses to run as root: the server then runs as the "postgres" user
        full = ["runuser", "-u", "postgres", "--", *cmd] if as_root else list(cmd)
        subprocess.run(full, cwd=folder, check=True, stdout=subprocess.DEVNULL)

    data = str(folder / "data")

    def stop() -> None:
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            pg(str(pgbin / "pg_ctl"), "-D", data, "-m", "fast", "-w", "stop")

    try:
        if as_root:
            shutil.chown(folder, "postgres", "postgres")
        pg(
            str(pgbin / "initdb"),
            "-D",
            data,
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        flag = "on" if durable else "off"
        options = (
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync={flag} "
            f"-c synchronous_commit={flag} -c full_page_writes={flag} -c max_connections=400"
        )
        pg(
            str(pgbin / "pg_ctl"),
            "-D",
            data,
            "-l",
            str(folder / "log"),
            "-w",
            "-t",
            "60",
            "start",
            "-o",
            options,
        )
    except (OSError, LookupError, subprocess.CalledProcessError) as exc:
        print(f"(could not start a PostgreSQL for the tests: {exc})", flush=True)
        return None
    try:
        pg(str(pgbin / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "fi_test")
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"(could not create the test database: {exc})", flush=True)
        stop()
        return None
    return stop


@contextlib.contextmanager
def throwaway_postgres(durable: bool = False) -> Iterator[str | None]:
    """A PostgreSQL for the sync tests' PostgreSQL half, in a temporary folder on a free
    loopback port, stopped and removed afterwards; None where PostgreSQL is not installed
    (the tests then say loudly that they skipped it)."""
    pgbin = _postgres_bin()
    if pgbin is None or os.name == "nt":
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="fi-test-pg-"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    stop = _start_postgres(folder, pgbin, port, durable)
    try:
        if stop is not None:
            print(f"(a throwaway PostgreSQL on port {port} for the tests)", flush=True)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/fi_test" if stop else None
    finally:
        if stop is not None:
            stop()
        shutil.rmtree(folder, ignore_errors=True)


def parallel(rest: list[str]) -> list[str]:
    """pytest-xdist workers, one per core up to four, for the default run: most tests wait on
    subprocesses, servers and sockets, so two workers on two cores take half the time. Not for
    the soak runs (each measures a long run on its own), nor when the caller chose ``-n`` or
    ``-p no:xdist``."""
    text = " ".join(rest)
    if "soak" in text or "-n" in rest or "--numprocesses" in text or "no:xdist" in text:
        return []
    workers = min(4, os.cpu_count() or 1)
    return ["-n", str(workers)] if workers > 1 else []


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in EXTRAS:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    python = ensure_venv(EXTRAS[command])
    env = dict(os.environ)
    env.setdefault("PYTHONUTF8", "1")
    if command == "start":
        args = [str(python), str(ROOT / "main.py"), *rest]
    elif command == "test":
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        args = [str(python), "-m", "pytest", *parallel(rest), *rest]
        if "FI_TEST_POSTGRES_URL" not in env:
            with throwaway_postgres() as url:
                if url:
                    env["FI_TEST_POSTGRES_URL"] = url
                return subprocess.run(args, cwd=ROOT, env=env).returncode
    elif command == "bench":
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        args = [str(python), "-m", "bench", *rest]
    elif command == "server":
        args = [str(python), "-m", "sync.server", *rest]
    elif command == "check":
        steps = [
            [str(python), "-m", "ruff", "check", "."],
            [str(python), "-m", "ruff", "format", "--check", "."],
            [str(python), "-m", "mypy"],
        ]
        failed = [step for step in steps if subprocess.run(step, cwd=ROOT, env=env).returncode]
        return 1 if failed else 0
    else:
        spec = str(ROOT / "build.spec")
        args = [str(python), "-m", "PyInstaller", "--noconfirm", "--clean", spec]
    return subprocess.run(args, cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
