"""Shared fixtures: real SQLite files in temporary folders, offscreen Qt, a small demo store."""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from logfail import LogFail  # noqa: E402

from helpers import KNOWN_ENTRIES, copy_store, new_store  # noqa: E402
from inspector_app.demo.install import install as install_demo  # noqa: E402
from inspector_app.registry import jurisdictions  # noqa: E402
from inspector_app.registry.entries import Registry  # noqa: E402
from inspector_app.registry.jurisdictions import JurisdictionTree  # noqa: E402
from inspector_app.registry.pinyin import PinyinKeys  # noqa: E402
from inspector_app.registry.rules import Classifications  # noqa: E402
from inspector_app.store.changelog import UnitOfWork  # noqa: E402
from inspector_app.store.database import Store  # noqa: E402

SMALL_DEMO_SCALE = 0.005  # ~2,400 entries


@pytest.fixture(autouse=True)
def logfail(request: pytest.FixtureRequest) -> Iterator[LogFail]:
    """A GUI test (one using ``qtbot``) fails when the app logged an unexpected exception: a
    Qt task's or the exception hook's (see ``tests/logfail.py``)."""
    handler = LogFail()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
    if "qtbot" in request.fixturenames and handler.unexpected:
        pytest.fail("unexpected exception logged by the app:\n" + handler.report(), False)


@pytest.fixture
def long_run() -> None:
    """For a soak that outlasts ``faulthandler_timeout`` by design: no stack dump midway (the
    test bounds its own time)."""
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture(scope="session")
def tree() -> JurisdictionTree:
    return jurisdictions.load()


@pytest.fixture(scope="session")
def pinyin_keys() -> PinyinKeys:
    return PinyinKeys()


@pytest.fixture(scope="session")
def classes() -> Classifications:
    return Classifications.load()


@pytest.fixture(scope="session")
def registry(tree: JurisdictionTree, classes: Classifications, pinyin_keys: PinyinKeys) -> Registry:
    return Registry(tree, classes, pinyin_keys)


@pytest.fixture
def store(tmp_path: Path, tree: JurisdictionTree) -> Iterator[Store]:
    s = new_store(tmp_path / "inspector.sqlite3", tree)
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_template(
    tmp_path_factory: pytest.TempPathFactory, tree: JurisdictionTree, registry: Registry
) -> Path:
    """A small demo store built once per session; tests get copies (``demo_store``)."""
    path = tmp_path_factory.mktemp("template") / "inspector.sqlite3"
    s = new_store(path, tree)
    # without the year of cases: the GUI tests count the cases they make (test_demo_cases
    # covers the demo year)
    install_demo(s, registry, scale=SMALL_DEMO_SCALE, cases=False)
    with UnitOfWork(s, "fixture") as uow:
        for entry in KNOWN_ENTRIES:
            registry.create(uow, entry)
    s.close()
    return path


@pytest.fixture
def demo_store(tmp_path: Path, demo_template: Path) -> Iterator[Store]:
    s = Store.open(copy_store(demo_template, tmp_path / "inspector.sqlite3"))
    yield s
    s.close()


@pytest.fixture
def demo_basedir(tmp_path: Path, demo_template: Path) -> Path:
    base = tmp_path / "base"
    copy_store(demo_template, base / "inspector.sqlite3")
    return base


@pytest.fixture(params=["sqlite", "postgresql"])
def server_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The central store behind a test server: a SQLite file, then a fresh PostgreSQL database
    (``FI_TEST_POSTGRES_URL``; CI starts a throwaway PostgreSQL and sets it)."""
    import sync_support

    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'central.sqlite3'}"
        return
    admin_url = sync_support.postgres_admin_url()
    if admin_url is None:
        if os.environ.get("FI_REQUIRE_POSTGRES"):
            pytest.fail(f"{sync_support.POSTGRES_ENV} is not set but PostgreSQL is required")
        pytest.skip(f"no PostgreSQL for the tests ({sync_support.POSTGRES_ENV} not set)")
    url, name = sync_support.create_pg_database(admin_url)
    yield url
    sync_support.drop_pg_database(admin_url, name)


@pytest.fixture
def live_server(server_db: str) -> Iterator[object]:
    import sync_support

    server = sync_support.LiveServer(server_db)
    sync_support.seed_server(server.engine)
    yield server
    server.stop()


@pytest.fixture
def devices(tmp_path: Path, tree: JurisdictionTree, registry: Registry, live_server: object):
    """A factory of devices (laptops) talking to the live server; closed after the test."""
    import sync_support

    made: list[sync_support.Device] = []

    def make(username: str | None = None, **connection: object) -> sync_support.Device:
        folder = tmp_path / f"device{len(made)}"
        folder.mkdir()
        device = sync_support.make_device(folder, tree, registry, live_server.url, **connection)
        made.append(device)
        if username:
            device.login(username)
        return device

    yield make
    for device in made:
        device.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say loudly when the PostgreSQL half of the sync tests did not run."""
    skipped = [
        r
        for r in terminalreporter.stats.get("skipped", [])
        if "[postgresql" in getattr(r, "nodeid", "")
    ]
    if skipped:
        terminalreporter.write_sep(
            "!",
            f"{len(skipped)} PostgreSQL tests SKIPPED: set FI_TEST_POSTGRES_URL "
            "(python3 dev.py test starts a throwaway PostgreSQL when its programs are installed)",
            red=True,
            bold=True,
        )
