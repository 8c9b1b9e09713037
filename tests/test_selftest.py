"""``main.py --self-test`` (what CI runs on the built bundle) and the command line."""

from __future__ import annotations

from pathlib import Path

from helpers import run_python


def test_self_test_creates_a_store_and_passes(tmp_path: Path) -> None:
    result = run_python("main.py", "--basedir", str(tmp_path / "base"), "--self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test OK" in result.stdout
    assert (tmp_path / "base" / "inspector.sqlite3").exists()
    assert (tmp_path / "base" / "settings.ini").exists()
    again = run_python("main.py", "--basedir", str(tmp_path / "base"), "--self-test")
    assert again.returncode == 0, again.stderr


def test_self_test_fails_loudly_on_a_foreign_database(tmp_path: Path) -> None:
    base = tmp_path / "base"
    base.mkdir()
    (base / "inspector.sqlite3").write_text("not a database" * 100, encoding="utf-8")
    result = run_python("main.py", "--basedir", str(base), "--self-test")
    assert result.returncode == 1
    assert "self-test FAILED" in result.stderr
    assert "不是本软件的数据库" in result.stderr


def test_help_lists_the_documented_flags() -> None:
    result = run_python("main.py", "--help")
    assert result.returncode == 0
    for flag in ("--basedir", "--demo", "--self-test", "--lang"):
        assert flag in result.stdout


def test_self_test_reports_a_damaged_store(tmp_path: Path) -> None:
    base = tmp_path / "base"
    first = run_python("main.py", "--basedir", str(base), "--self-test")
    assert first.returncode == 0, first.stderr
    db = base / "inspector.sqlite3"
    pages = db.stat().st_size // 4096
    with db.open("r+b") as fh:
        for page in range(pages // 2, pages // 2 + 6):
            fh.seek(page * 4096 + 64)
            fh.write(b"\xee" * 2000)
    result = run_python("main.py", "--basedir", str(base), "--self-test")
    assert result.returncode == 1
    assert "完整性检查未通过" in result.stderr
