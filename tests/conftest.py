"""Shared fixtures: real SQLite files in temporary folders, offscreen Qt, a small demo store."""

from __future__ import annotations

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

from helpers import KNOWN_ENTRIES, copy_store, new_store  # noqa: E402
from inspector_app import demo, jurisdictions  # noqa: E402
from inspector_app.changelog import UnitOfWork  # noqa: E402
from inspector_app.jurisdictions import JurisdictionTree  # noqa: E402
from inspector_app.pinyin import PinyinKeys  # noqa: E402
from inspector_app.registry import Registry  # noqa: E402
from inspector_app.registry_rules import Classifications  # noqa: E402
from inspector_app.store import Store  # noqa: E402

SMALL_DEMO_SCALE = 0.005  # ~2,400 entries


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
    demo.install(s, registry, scale=SMALL_DEMO_SCALE)
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
