"""Every list on screen exports as shown: the case list, the officers and the sync page's lists
go to a workbook with the same headers and rows (opened back with openpyxl)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from gui_support import Gui
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QFileDialog, QPushButton


@pytest.fixture
def gui(qtbot: Any, demo_basedir: Path) -> Iterator[Gui]:
    g = Gui(qtbot, demo_basedir)
    yield g
    g.close()


def _export(gui: Gui, button: QPushButton, target: Path, monkeypatch: Any) -> list[list[Any]]:
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "Excel (*.xlsx)")
    )
    button.click()
    gui.qtbot.waitUntil(target.exists, timeout=20_000)
    gui.qtbot.wait(200)  # the file is closed after it is renamed into place
    book = openpyxl.load_workbook(target, read_only=True)
    return [[c for c in row] for row in book.worksheets[0].iter_rows(values_only=True)]


def _shown(model: QAbstractItemModel) -> tuple[list[str], list[str]]:
    headers = [
        str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())
    ]
    first = [str(model.index(0, c).data() or "") for c in range(model.columnCount())]
    return headers, first


def _found(sheet: list[list[Any]], values: list[str]) -> bool:
    wanted = [v for v in values if v]
    return any(all(v in [str(c) for c in row if c is not None] for v in wanted) for row in sheet)


def test_the_case_list_and_the_officers_export_as_shown(
    gui: Gui, tmp_path: Path, monkeypatch: Any
) -> None:
    window = gui.window
    window.show_area("cases")
    cases = window.cases_page  # the small demo store has no cases: the header alone
    headers, _first = _shown(cases.model)
    sheet = _export(gui, cases.export_button, tmp_path / "cases.xlsx", monkeypatch)
    assert _found(sheet, headers), "the header row is the list's"
    assert cases.model.rowCount() == 0

    window.show_area("officers")
    officers = window.officers_page
    headers, first = _shown(officers.table.model())
    sheet = _export(gui, officers.export_button, tmp_path / "officers.xlsx", monkeypatch)
    assert _found(sheet, headers) and _found(sheet, first)
    body = [r for r in sheet if any(c is not None for c in r)]
    assert len(body) >= officers.table.rowCount() + 1


def test_the_sync_pages_lists_export_as_shown(gui: Gui, tmp_path: Path, monkeypatch: Any) -> None:
    from inspector_app.replication import quarantine
    from inspector_app.store.database import Store

    writer = Store.open(gui.paths.database)
    with writer.transaction() as conn:
        quarantine.set_aside(
            conn,
            "inspection",
            "0192a000-0000-7000-8000-000000000002",
            {},
            "缺少父记录",
            "2026-12-01T09:30:00+08:00",
        )
    writer.close()
    page = gui.window.sync_page
    page.refresh_lists()
    page.lists.setCurrentIndex(1)
    sheet = _export(gui, page.export_button, tmp_path / "waiting.xlsx", monkeypatch)
    assert _found(sheet, ["缺少父记录", "2026-12-01 09:30"])


def test_the_hazard_board_exports_what_it_shows(gui: Gui, tmp_path: Path, monkeypatch: Any) -> None:
    gui.window.show_area("hazards")
    board = gui.window.hazard_board
    headers, _first = _shown(board.table.model())
    sheet = _export(gui, board.export_button, tmp_path / "hazards.xlsx", monkeypatch)
    assert _found(sheet, headers)
    assert any("隐患" in str(c) for row in sheet[:2] for c in row if c), "titled by the board"


def test_the_registry_result_exports_every_row_as_shown(gui: Gui, tmp_path: Path) -> None:
    found = gui.search("嘉兴")
    assert found > 0
    target = tmp_path / "registry.xlsx"
    written: list[int] = []
    gui.page.export(path=target, on_done=lambda _p, rows: written.append(rows))
    gui.qtbot.waitUntil(lambda: bool(written), timeout=30_000)
    book = openpyxl.load_workbook(target, read_only=True)
    sheet = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    model = gui.page.model
    assert model is not None
    first = [str(model.index(0, c).data() or "") for c in range(model.columnCount())]
    assert _found(sheet, first)
    assert written[0] == model.rowCount() == found
