"""The document fonts chosen in the settings screen: from the installed Chinese fonts, checked,
saved on this computer and used by the renderer (pytest-qt, offscreen)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ui import document_fonts, documents
from ui.settings import DOCUMENT_BODY_FONT, DOCUMENT_TITLE_FONT, SERVER_URL, Settings
from ui.settings_dialog import SettingsDialog

SAMPLE = Path(__file__).resolve().parents[1] / "bench" / "document_samples"


@pytest.fixture(autouse=True)
def _no_choice(qapp: Any) -> Iterator[None]:
    """Each test starts and ends with the usual chains."""
    document_fonts.prefer("", "")
    yield
    document_fonts.prefer("", "")


def dialog_for(qtbot: Any, path: Path) -> SettingsDialog:
    dialog = SettingsDialog(Settings(path), "zh_CN")
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog


def other_family(current: str) -> str:
    """An installed Chinese family other than ``current``."""
    return next(f for f in sorted(document_fonts.installed_cjk_families()) if f != current)


def test_the_chosen_body_font_is_saved_and_printed(qtbot: Any, tmp_path: Path) -> None:
    before = document_fonts.document_fonts()
    dialog = dialog_for(qtbot, tmp_path / "settings.ini")
    box = dialog.font_boxes["body_font"]
    assert box.currentData() == ""  # automatic until chosen
    assert box.count() == len(document_fonts.installed_cjk_families()) + 1
    assert f"body={before.body}" in dialog.fonts_used.text()
    chosen = other_family(before.body)
    box.setCurrentIndex(box.findData(chosen))
    dialog.save()
    assert not dialog.isVisible()
    assert Settings(tmp_path / "settings.ini").get(DOCUMENT_BODY_FONT) == chosen
    assert Settings(tmp_path / "settings.ini").get(DOCUMENT_TITLE_FONT) == ""
    fonts = document_fonts.document_fonts()
    assert (fonts.body, fonts.title) == (chosen, before.title)
    assert "body" not in fonts.standard
    context = json.loads((SAMPLE / "penalty_decision.json").read_text(encoding="utf-8"))
    pdf = documents.render_pdf("penalty_decision", context, tmp_path / "d.pdf")
    listed = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    names = listed.stdout.lower().replace("-", "").replace(" ", "")
    assert chosen.lower().replace(" ", "") in names
    # opened again, the screen shows the choice
    again = dialog_for(qtbot, tmp_path / "settings.ini")
    assert again.font_boxes["body_font"].currentData() == chosen
    assert f"body={chosen} (fallback)" in again.fonts_used.text()


def test_a_font_no_longer_installed_is_refused_and_nothing_is_saved(
    qtbot: Any, tmp_path: Path
) -> None:
    path = tmp_path / "settings.ini"
    stored = Settings(path)
    stored.set(DOCUMENT_TITLE_FONT, "方正小标宋_已卸载")
    stored.sync()
    dialog = dialog_for(qtbot, path)
    box = dialog.font_boxes["title_font"]
    assert box.currentData() == "方正小标宋_已卸载"
    assert (
        box.currentText().startswith("方正小标宋_已卸载") and box.currentText() != box.currentData()
    )
    dialog.edits["server_url"].setText("https://aj.example.gov.cn")
    dialog.save()
    shown = dialog.errors["title_font"]
    assert not shown.isHidden()
    assert shown.text().startswith("标题字体：") and "方正小标宋_已卸载" in shown.text()
    assert dialog.isVisible() and dialog.tabs.currentIndex() == 3
    again = Settings(path)
    assert again.get(SERVER_URL) == ""  # the good field is not saved either
    assert document_fonts.preference() == ("", "")
    # at start, a stored font that is gone falls back to the chain instead of failing
    document_fonts.prefer_installed("方正小标宋_已卸载", "")
    assert document_fonts.preference() == ("", "")
    box.setCurrentIndex(0)  # automatic
    dialog.save()
    assert not dialog.isVisible()
    assert Settings(path).get(DOCUMENT_TITLE_FONT) == ""
    assert Settings(path).get(SERVER_URL) == "https://aj.example.gov.cn"
