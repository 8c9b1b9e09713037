"""A working day as an officer lives it (pytest-qt, offscreen): the pages list what the database
holds right after the demo data, an import or a sync; the demo load can be cancelled; the window
keeps its state without being closed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_support import Gui
from PySide6.QtWidgets import QPushButton

from inspector_app.registry.entries import Registry
from inspector_app.store.database import Store
from ui.main_window import STATE_SAVE_DELAY_MS
from ui.settings import Settings


@pytest.fixture
def gui(qtbot, demo_basedir: Path) -> Iterator[Gui]:
    g = Gui(qtbot, demo_basedir)
    g.wait_listed()
    yield g
    g.close()


def test_every_page_lists_the_demo_data_once_it_is_loaded(qtbot, tmp_path: Path) -> None:
    g = Gui(qtbot, tmp_path / "empty", demo=True, demo_scale=0.002)
    try:
        with qtbot.waitSignal(g.startup.demo_loaded, timeout=90_000):
            pass
        with Store.open(g.paths.database, readonly=True, check=False) as store:
            cases = store.conn.execute("SELECT count(*) FROM penalty_case").fetchone()[0]
            officers = store.conn.execute("SELECT count(*) FROM officer").fetchone()[0]
        assert cases > 0 and officers > 0
        window = g.startup.window
        # the case list was attached to the empty store: it must list the new cases at once
        qtbot.waitUntil(lambda: window.cases_page.model.rowCount() == cases, timeout=20_000)
        assert window.officers_page.table.rowCount() == officers
        assert window.cases_page.count_label.text().startswith(f"共 {cases} 件")
    finally:
        g.close()


def test_the_demo_load_can_be_cancelled_and_leaves_nothing(qtbot, tmp_path: Path) -> None:
    g = Gui(qtbot, tmp_path / "empty")
    try:
        g.startup.demo_scale = 0.2
        cancelled: list[bool] = []
        g.startup.demo_cancelled.connect(lambda: cancelled.append(True))
        loaded: list[int] = []
        g.startup.demo_loaded.connect(loaded.append)
        g.startup.load_demo()
        progress = g.startup.progress
        assert progress is not None
        # cancel as soon as the first registry chunk is written (inside its transaction)
        qtbot.waitUntil(lambda: progress.value() > 0, timeout=60_000)
        progress.findChild(QPushButton).click()
        assert cancelled == [True] and g.startup.progress is None
        qtbot.waitUntil(lambda: not g.ctx.writer.busy(), timeout=60_000)
        qtbot.wait(100)
        assert loaded == []
        with Store.open(g.paths.database, readonly=True, check=False) as store:
            assert Registry.count(store.conn) == 0
            assert store.conn.execute("SELECT count(*) FROM officer").fetchone()[0] == 0
            assert not store.meta("demo")
    finally:
        g.close()


def test_window_state_is_saved_as_it_changes(gui: Gui) -> None:
    window = gui.window
    window.show_area("officers")
    window.resize(900, 600)
    gui.qtbot.wait(STATE_SAVE_DELAY_MS + 300)
    # read from the file, as the next start would after a SIGTERM (no close event)
    on_disk = Settings(gui.paths.settings_file)
    assert on_disk.state("last_page") == "officers"
    assert on_disk.geometry("main_geometry") is not None


def test_each_context_has_its_own_words(gui: Gui) -> None:
    window = gui.window
    # the inspection list's button opens an inspection; only the hazard board's view says
    # "not rectified"
    assert window.inspections_page.open_button.text() == "打开"
    tabs = window.hazard_board.view_tabs
    titles = [tabs.tabText(n) for n in range(tabs.count())]
    assert titles[0] == "未整改"
    assert window.cases_page.open_button.text() == "打开"
