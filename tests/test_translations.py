"""Every user-visible string of the UI has its Chinese translation, and the shipped .qm is
built from the committed .ts."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import PySide6

from helpers import ROOT

TS = ROOT / "resources" / "i18n" / "field_inspector_zh_CN.ts"
QM = TS.with_suffix(".qm")
TOOLS = Path(PySide6.__file__).parent


def tool(name: str) -> str:
    found = shutil.which(f"pyside6-{name}")
    return found or str(TOOLS / name)


def unfinished(ts: Path) -> list[str]:
    out = []
    for message in ET.parse(ts).iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") in ("unfinished", "missing"):
            out.append(message.findtext("source") or "")
            continue
        forms = [f.text or "" for f in translation.iter("numerusform")]
        done = all(f.strip() for f in forms) if forms else bool((translation.text or "").strip())
        if not done:
            out.append(message.findtext("source") or "")
    return out


def test_every_string_in_the_sources_is_translated(tmp_path: Path) -> None:
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    sources = sorted(str(p) for p in (ROOT / "ui").glob("*.py"))
    result = subprocess.run(
        [tool("lupdate"), *sources, "-ts", str(copy)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert "0 new" in result.stdout or "new and" not in result.stdout, result.stdout
    assert unfinished(copy) == []


def test_shipped_qm_matches_the_ts(tmp_path: Path) -> None:
    built = tmp_path / "built.qm"
    result = subprocess.run(
        [tool("lrelease"), str(TS), "-qm", str(built)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert built.read_bytes() == QM.read_bytes(), "run lrelease: the .qm is out of date"


def test_contexts_get_their_own_wording() -> None:
    officers = {
        m.findtext("source"): m.findtext("translation")
        for c in ET.parse(TS).iter("context")
        if c.findtext("name") == "OfficersPage"
        for m in c.iter("message")
    }
    assert officers["Name"] == "姓名"
