"""The domain layer stays free of Qt and HTTP; the sync layer free of Qt."""

from __future__ import annotations

import pkgutil

import pytest

import inspector_app
from helpers import run_python


def test_domain_imports_no_qt_and_no_http() -> None:
    modules = [m.name for m in pkgutil.walk_packages(inspector_app.__path__, "inspector_app.")]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'requests', 'urllib3', 'ui', 'sync'))\n"
        "print(len(" + repr(modules) + "), bad)\n"
    )
    result = run_python("-c", code)
    assert result.returncode == 0, result.stderr
    count, bad = result.stdout.split(" ", 1)
    assert int(count) >= 10
    assert bad.strip() == "[]"


@pytest.mark.parametrize("package", ["sync"])
def test_sync_imports_no_qt(package: str) -> None:
    code = (
        f"import importlib, pkgutil, sys\nimport {package}\n"
        f"for m in pkgutil.walk_packages({package}.__path__, '{package}.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'ui'))))\n"
    )
    result = run_python("-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
