"""A working day as an officer lives it (pytest-qt, offscreen): the pages list what the database
holds right after the demo data, an import or a sync; the demo load can be cancelled; the window
keeps its state without being closed."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_support import Gui
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QPushButton

from inspector_app.documents import organ_profiles
from inspector_app.registry.entries import Registry
from inspector_app.store.database import Store
from ui.enterprise_dialog import EnterpriseDialog
from ui.main_window import STATE_SAVE_DELAY_MS
from ui.registry_page import SHORT_COLUMNS
from ui.settings import SERVER_URL, Settings

CTRL = Qt.KeyboardModifier.ControlModifier
NO_MOD = Qt.KeyboardModifier.NoModifier


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


def test_a_refused_hazard_deadline_shows_the_stored_one_again(
    qtbot, tmp_path: Path, tree, registry
) -> None:
    from inspection_support import DAY, make_world

    from helpers import new_store
    from inspector_app.inspections import hazards
    from inspector_app.store.paths import AppPaths

    paths = AppPaths.create(tmp_path / "base")
    store = new_store(paths.database, tree)
    world = make_world(store, registry, tmp_path)
    inspection_id = world.start()
    (hazard_id,) = world.fill(inspection_id, hazards_on=1)
    stored = hazards.get(store.conn, hazard_id)["deadline"]
    store.close()
    g = Gui(qtbot, paths.basedir)
    try:
        g.window.open_inspection(inspection_id)
        editor = g.window.inspections_page.editor
        qtbot.waitUntil(lambda: editor.current_hazard() == hazard_id, timeout=20_000)
        panel = editor.hazard_panel
        before = DAY - dt.timedelta(days=30)  # before the inspection: refused
        panel.deadline.setDate(QDate(before.year, before.month, before.day))
        editor.flush()
        qtbot.waitUntil(lambda: editor.status.text().startswith("⚠"), timeout=20_000)
        assert "不能早于检查日期" in editor.status.text()
        conn = g.ctx.reader.conn
        assert hazards.get(conn, hazard_id)["deadline"] == stored
        assert panel.deadline.date().toString("yyyy-MM-dd") == stored
    finally:
        g.close()


SCREEN_1366 = {
    "synchronousWindowSystemEvents": False,
    "windowFrameMargins": False,
    "screens": [
        {
            "name": "laptop",
            "x": 0,
            "y": 0,
            "width": 1366,
            "height": 768,
            "logicalDpi": 96,
            "logicalBaseDpi": 96,
            "dpr": 1,
        }
    ],
}


@pytest.mark.parametrize("scale", ["1", "1.25", "1.5"])
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_field_errors_are_fully_visible_on_a_laptop_screen(
    tmp_path: Path, demo_basedir: Path, scale: str, lang: str
) -> None:
    # the screen and its scaling are fixed when the application starts: a process of its own
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(SCREEN_1366), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", QT_SCALE_FACTOR=scale)
    script = Path(__file__).parent / "form_fit.py"
    done = subprocess.run(
        [sys.executable, str(script), str(demo_basedir), lang],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_the_import_preview_lists_the_entries_it_will_change(gui: Gui, tmp_path: Path) -> None:
    from helpers import KNOWN_ENTRIES
    from inspector_app.registry.importer import HEADER_ALIASES
    from inspector_app.registry.rules import FIELDS
    from inspector_app.registry.validation import uscc_check_char

    conn = gui.ctx.reader.conn
    existing = Registry.get_by_uscc(conn, KNOWN_ENTRIES[0]["uscc"])
    assert existing is not None
    changed = dict(existing, address="浙江省嘉兴市南湖区预览路1号")
    fresh = dict(KNOWN_ENTRIES[0], name="预览新增有限公司")
    fresh["uscc"] = "91330402MA2B3C4D7" + uscc_check_char("91330402MA2B3C4D7")
    path = tmp_path / "preview.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([HEADER_ALIASES[f][0] for f in FIELDS])
        for row in (changed, fresh):
            writer.writerow(
                [
                    "是" if row.get(f) is True else "否" if row.get(f) in (False, 0) else row.get(f)
                    for f in FIELDS
                ]
            )
    dialog = gui.window.import_registry(path)
    assert dialog is not None
    gui.qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=20_000)
    # told before confirming, with the entry and its change listed
    assert "新增 1 条、更新 1 条已有条目" in dialog.summary.text()
    assert dialog.changes.isVisibleTo(dialog) and dialog.changes.rowCount() == 1
    assert dialog.changes.item(0, 1).text() == existing["uscc"]
    assert dialog.changes.item(0, 2).text() == existing["name"]
    assert "预览路1号" in dialog.changes.item(0, 3).text()
    assert "地址" in dialog.changes.item(0, 3).text()
    # nothing was written yet
    assert Registry.get_by_uscc(conn, existing["uscc"])["address"] == existing["address"]
    dialog.reject()


def press(gui: Gui, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MOD) -> None:
    window = gui.window
    window.show()
    window.activateWindow()
    gui.qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    QTest.keyClick(QApplication.focusWidget() or window, key, modifier)


def test_keyboard_shortcuts_work_and_are_shown_in_the_menus(gui: Gui) -> None:
    window = gui.window
    menus = {a for m in window.menuBar().findChildren(QMenu) for a in m.actions()}
    for action, keys in (
        (window.find_action, "Ctrl+F"),
        (window.refresh_action, "F5"),
        (window.print_action, "Ctrl+P"),
        (window.save_action, "Ctrl+S"),
        (window.new_action, "Ctrl+N"),
    ):
        assert action.shortcut().toString() == keys and action in menus
    # Ctrl+F: to the registry's search box
    window.show_area("registry")
    window.nav.setFocus()
    press(gui, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is gui.page.search_box
    # F5 lists the shown page again
    window.show_area("cases")
    with gui.qtbot.waitSignal(window.cases_page.refreshed, timeout=20_000):
        press(gui, Qt.Key.Key_F5)
    # Ctrl+P where nothing is open says so
    press(gui, Qt.Key.Key_P, CTRL)
    assert "没有可打印的文书" in window.statusBar().currentMessage()
    # Ctrl+N: a new inspection from the inspections page
    window.show_area("inspections")
    press(gui, Qt.Key.Key_N, CTRL)
    dialog = window.inspections_page.start_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    # Ctrl+N on the registry opens a new entry; Ctrl+S in it saves (here: refused, explained)
    window.show_area("registry")
    press(gui, Qt.Key.Key_N, CTRL)
    editor = QApplication.activeModalWidget() or window.findChild(EnterpriseDialog)
    assert isinstance(editor, EnterpriseDialog)
    editor.activateWindow()
    gui.qtbot.waitUntil(editor.isActiveWindow, timeout=5_000)
    QTest.keyClick(editor.widgets["uscc"], Qt.Key.Key_S, CTRL)
    assert editor.errors["uscc"].isVisible()
    editor.reject()


def test_help_guides_the_page_shown_and_lists_the_shortcuts(gui: Gui) -> None:
    window = gui.window
    window.show_area("cases")
    dialog = window.show_help()
    guide = dialog.page_guide.toPlainText()
    assert "行政处罚案件" in guide and "第一百一十二条" in guide and "Ctrl+N" in guide
    shown = {
        dialog.shortcuts.item(r, 0).text(): dialog.shortcuts.item(r, 1).text()
        for r in range(dialog.shortcuts.rowCount())
    }
    assert {"Ctrl+F", "F5", "Ctrl+P", "Ctrl+S", "Ctrl+N", "F1"} <= set(shown)
    assert shown["F5"] == "刷新"
    dialog.reject()
    dialog = window.show_shortcuts()
    assert dialog.tabs.currentWidget() is dialog.shortcuts
    dialog.reject()


def test_about_tells_the_version_the_data_files_and_the_database(gui: Gui) -> None:
    from inspector_app import APP_VERSION

    dialog = gui.window.about()
    text = dialog.summary.text()
    assert APP_VERSION in text and str(gui.paths.database) in text
    files = {dialog.files.item(r, 0).text(): r for r in range(dialog.files.rowCount())}
    assert "penalty_articles.json" in files and "discretion.json" in files
    row = files["discretion.json"]
    assert dialog.files.item(row, 1).text() == "1"
    assert len(dialog.files.item(row, 2).text()) == 12
    assert "听证" in dialog.files.item(row, 3).text()
    dialog.reject()


def test_the_daily_fine_calculator(gui: Gui) -> None:
    dialog = gui.window.daily_fine_calculator()
    dialog.today = lambda: dt.date(2026, 12, 5)
    assert "第一百一十二条" in dialog.basis.text()
    dialog.order_edit.setDate(QDate(2026, 11, 1))
    dialog.refused_edit.setDate(QDate(2026, 11, 11))
    dialog.fine_edit.setText("20,000")
    assert dialog.outcome.property("total") == "200000.00"
    assert "10" in dialog.outcome.text() and "贰拾万元整" in dialog.outcome.text()
    # a refusal before the order: named beside its field, no figure shown
    dialog.refused_edit.setDate(QDate(2026, 10, 1))
    error = dialog.errors["refused_on"]
    assert error.isVisibleTo(dialog) and "拒不改正认定日期" in error.text()
    assert dialog.outcome.property("total") is None
    dialog.reject()


def test_a_demo_store_says_why_it_cannot_sync(gui: Gui) -> None:
    page = gui.window.sync_page
    assert gui.ctx.reader.meta("demo")
    page.update_state()
    assert not page.sync_button.isEnabled()
    assert "演示数据库" in page.state_label.text() and "虚构" in page.sync_button.toolTip()
    page.sync_now()  # asked anyway: the reason, not "sign in first"
    assert page.last_error is not None and page.last_error.kind == "demo"
    assert "请先登录" not in page.state_label.text()


def test_settings_are_checked_saved_together_and_show_the_data_files(gui: Gui) -> None:
    dialog = gui.window.open_settings()
    dialog.organ_box.setCurrentIndex(dialog.organ_box.findData("330481"))
    assert dialog.organ_box.currentText() == "海宁市应急管理局"
    edits = dialog.edits
    edits["bank"].setText("中国工商银行嘉兴分行")
    edits["account_no"].setText("12ab")
    edits["contact_phone"].setText("12")
    edits["court"].setText("嘉兴市南湖区人民法院")
    edits["server_url"].setText("ftp://x")
    dialog.save()
    shown = {f: e.text() for f, e in dialog.errors.items() if not e.isHidden()}
    assert "收款账号" in shown["account_no"] and "联系电话" in shown["contact_phone"]
    assert "收款账户名称" in shown["account_name"]  # half an account is refused
    assert "同步服务器地址" in shown["server_url"]
    assert dialog.isVisible()
    reader = gui.ctx.open_reader()
    assert organ_profiles.stored(reader.conn, "330481") is None  # nothing saved
    assert Settings(gui.paths.settings_file).get(SERVER_URL) == ""  # not even the good fields
    edits["account_name"].setText("嘉兴市财政局非税收入专户")
    edits["account_no"].setText("1204 0600 0900 0012 345")
    edits["contact_phone"].setText("0573-82345678")
    edits["server_url"].setText(" https://aj.example.gov.cn/ ")
    dialog.save()
    gui.qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    on_disk = Settings(gui.paths.settings_file)
    organ = organ_profiles.stored(reader.conn, "330481")
    assert organ is not None  # the organ's synced record, waiting in the outbox
    assert (organ["account_no"], organ["court"]) == ("1204060009000012345", "嘉兴市南湖区人民法院")
    assert organ_profiles.printed(reader.conn, "330481")["bank"] == "中国工商银行嘉兴分行"
    assert on_disk.get(SERVER_URL) == "https://aj.example.gov.cn"
    assert gui.window.sync_page.url_edit.text() == "https://aj.example.gov.cn"
    # the thresholds and bands as the data file gives them, with its source
    dialog = gui.window.open_settings()
    dialog.organ_box.setCurrentIndex(dialog.organ_box.findData("330481"))
    assert dialog.edits["court"].text() == "嘉兴市南湖区人民法院"  # read back from the record
    assert "20,000" in dialog.hearing_label.text() and "50,000" in dialog.hearing_label.text()
    assert "第六十三条" in dialog.hearing_label.text()
    assert dialog.bands_table.rowCount() == 4 and dialog.bands_table.item(0, 0).text() == "轻微"
    dialog.reject()


def test_an_officer_who_is_not_the_organs_head_cannot_change_its_profile(gui: Gui) -> None:
    reader = gui.ctx.open_reader()
    officer = reader.conn.execute(
        "SELECT id, unit_code FROM officer WHERE role = 'county' AND unit_code = '330481' "
        "AND active = 1 LIMIT 1"
    ).fetchone()
    assert officer is not None
    gui.ctx.user = {"id": officer[0], "unit_code": officer[1]}  # signed in as an inspector
    dialog = gui.window.open_settings()
    assert dialog.organ_box.currentData() == "330481"  # the officer's own organ
    dialog.edits["court"].setText("海宁市人民法院")
    dialog.edits["server_url"].setText("https://aj.example.gov.cn")
    dialog.save()
    gui.qtbot.waitUntil(lambda: "负责人（审批人）或管理员" in dialog.status.text(), timeout=10_000)
    assert dialog.isVisible() and dialog.buttons.isEnabled()
    assert organ_profiles.stored(reader.conn, "330481") is None
    assert Settings(gui.paths.settings_file).get(SERVER_URL) == ""  # nothing half-saved
    dialog.reject()


def test_stored_settings_are_upgraded_once(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    old = Settings(path)
    old._qs.setValue("meta/version", 1)
    old.set(SERVER_URL, " https://aj.example.gov.cn/ ")
    old.sync()
    upgraded = Settings(path)
    assert upgraded.version == 2
    assert upgraded.get(SERVER_URL) == "https://aj.example.gov.cn"


def test_registry_columns_show_their_titles_and_values_whole(qtbot, demo_basedir: Path) -> None:
    g = Gui(qtbot, demo_basedir, lang="en")
    try:
        g.wait_listed()
        qtbot.waitUntil(lambda: g.page._columns_fitted, timeout=20_000)
        table, model = g.page.table, g.page.model
        header = table.horizontalHeader()
        metrics = table.fontMetrics()
        for column in SHORT_COLUMNS:
            assert header.sectionSize(column) >= header.sectionSizeFromContents(column).width()
            for row in range(min(10, model.rowCount())):
                text = str(model.data(model.index(row, column)) or "")
                assert metrics.horizontalAdvance(text) <= header.sectionSize(column), (column, text)
    finally:
        g.close()
