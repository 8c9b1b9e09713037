"""Schemathesis against the sync server's own ``/openapi.json`` with a signed-in device: every
operation's coverage, fuzzing and stateful phases under all checks (no 5xx, every status, header
and body as documented, schema-valid requests accepted, invalid ones refused, 405 with Allow).
Rejections a schema cannot state are listed with their reasons in ``tests/schemathesis.toml``."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import sync_support

from sync import protocol
from sync.api import ApiClient, Connection

CONFIG = Path(__file__).with_name("schemathesis.toml")


def fuzz(tmp_path: Path, examples: int, seed: int, timeout: float) -> dict[str, object]:
    server = sync_support.LiveServer(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    try:
        sync_support.seed_server(server.engine)
        device = str(uuid.uuid4())
        api = ApiClient(Connection(server.url), device)
        token = api.login("haining1", sync_support.PASSWORD, "schemathesis").access_token
        api.close()
        report = tmp_path / "schemathesis.json"
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "schemathesis.cli",
                "--config-file",
                str(CONFIG),
                "run",
                f"{server.url}/openapi.json",
                "-H",
                f"{protocol.H_PROTOCOL}: {protocol.PROTOCOL_VERSION}",
                "-H",
                f"Authorization: Bearer {token}",
                "-H",
                f"{protocol.H_DEVICE}: {device}",
                "--checks",
                "all",
                "--max-examples",
                str(examples),
                "--seed",
                str(seed),
                "--no-shrink",
                "--workers",
                "1",
                "--report",
                "json",
                "--report-json-path",
                str(report),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            cwd=tmp_path,  # its cache directory stays out of the repository
        )
    finally:
        server.stop()
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    result: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))
    return result


def figure(result: dict[str, object]) -> tuple[int, int, int, int]:
    operations = result["operations"]
    cases = result["test_cases"]
    failures = result["failures"]
    assert isinstance(operations, dict) and isinstance(cases, dict)
    assert isinstance(failures, list)
    server_errors = sum(1 for f in failures if "server error" in json.dumps(f).lower())
    print(
        f"schemathesis: {operations['tested']} operations, {cases['generated']} cases, "
        f"{len(failures)} failures, {server_errors} server errors"
    )
    return operations["tested"], cases["generated"], len(failures), server_errors


def check(result: dict[str, object]) -> None:
    tested, generated, failures, server_errors = figure(result)
    assert result["complete"] is True and result["errors"] == []
    assert (failures, server_errors) == (0, 0)
    # every operation but logout (which would end the token the run uses) was exercised
    assert tested == result["operations"]["total"] - 1  # type: ignore[index]
    assert generated >= 10 * tested


@pytest.mark.slow
def test_schemathesis_finds_nothing(tmp_path: Path) -> None:
    check(fuzz(tmp_path, examples=20, seed=1, timeout=120))


@pytest.mark.soak
def test_schemathesis_finds_nothing_at_length(tmp_path: Path) -> None:
    check(fuzz(tmp_path, examples=300, seed=20261205, timeout=3600))
