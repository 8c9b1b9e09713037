"""The main window and the registry page, driven as a user would (pytest-qt, offscreen)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_support import Gui
from PySide6.QtCore import QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox

from helpers import KNOWN_ENTRIES
from inspector_app.registry.entries import Registry
from inspector_app.registry.importer import HEADER_ALIASES
from inspector_app.registry.rules import FIELDS
from ui.main_window import AREAS, MainWindow


@pytest.fixture
def gui(qtbot, demo_basedir: Path) -> Iterator[Gui]:
    g = Gui(qtbot, demo_basedir)
    g.wait_listed()
    yield g
    g.close()


def visible_names(gui: Gui) -> list[str]:
    model = gui.page.model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def test_registry_lists_every_entry(gui: Gui) -> None:
    gui.qtbot.waitUntil(lambda: "户" in gui.page.count_label.text())
    total = Registry.count(gui.ctx.reader.conn)
    gui.qtbot.waitUntil(lambda: gui.page.model.rowCount() == total, timeout=10_000)
    assert f"{total:,}" in gui.window.db_label.text()
    assert "演示数据" in gui.window.db_label.text()


def type_chinese(widget: QLineEdit, text: str) -> None:
    """What an input method does when the officer picks the characters: commit them."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_typing_shows_matching_rows(gui: Gui) -> None:
    gui.page.search_box.setFocus()
    with gui.qtbot.waitSignal(
        gui.page.search_finished, timeout=20_000, check_params_cb=lambda t, _n: t == "重庆"
    ):
        type_chinese(gui.page.search_box, "重庆")
    assert visible_names(gui) == ["海宁市许村镇重庆小面馆"]
    assert gui.page.count_label.text() == "共 1 户"
    gui.page.search_box.clear()
    with gui.qtbot.waitSignal(
        gui.page.search_finished, timeout=20_000, check_params_cb=lambda t, _n: t == "jxhg"
    ):
        gui.qtbot.keyClicks(gui.page.search_box, "jxhg")
    assert gui.page.search_box.text() == "jxhg"
    assert "嘉兴化工有限公司" in visible_names(gui)


def test_fast_typing_ends_on_the_last_query(gui: Gui) -> None:
    for text in ("嘉", "嘉兴", "嘉兴化", "嘉兴化工有"):
        gui.page.search_box.setText(text)
        gui.page.run_search()  # no debounce: every keystroke queries
    gui.qtbot.waitUntil(lambda: visible_names(gui) == ["嘉兴化工有限公司"], timeout=20_000)


def test_filters_restrict_the_rows(gui: Gui) -> None:
    page = gui.page
    with gui.qtbot.waitSignal(page.search_finished, timeout=20_000):
        page.county_combo.setCurrentIndex(page.county_combo.findData("330481"))
    assert page.town_combo.isEnabled()
    with gui.qtbot.waitSignal(page.search_finished, timeout=20_000):
        page.key_check.setChecked(True)
    model = page.model
    assert model.rowCount() > 0
    for row in range(model.rowCount()):
        rec = model.record(row)
        assert rec["county_code"] == "330481" and rec["key_supervised"] == 1
    assert model.data(model.index(0, 3)) == "海宁市"


def test_selecting_a_row_fills_the_detail_panel(gui: Gui) -> None:
    gui.search("嘉兴化工有限公司")
    gui.page.select_row(0)
    text = gui.page.detail.toPlainText()
    assert "嘉兴化工有限公司" in text and KNOWN_ENTRIES[0]["uscc"] in text
    assert "南湖区" in text and "危化" in text and "修改记录" in text
    assert gui.page.edit_button.isEnabled()


def open_editor(gui: Gui):
    from ui.enterprise_dialog import EnterpriseDialog

    gui.search("嘉兴化工有限公司")
    gui.page.select_row(0)
    gui.page.edit_current()
    dialog = gui.window.findChild(EnterpriseDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_bad_input_is_explained_and_nothing_saved(gui: Gui) -> None:
    dialog = open_editor(gui)
    code = dialog.findChild(QLineEdit, "field_uscc")
    code.setText("91330402MA2B3C4D1M")
    dialog.findChild(QLineEdit, "field_name").setText("")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    error = dialog.findChild(QLabel, "error_uscc")
    assert error.isVisible() and "校验码错误：第18位应为“N”" in error.text()
    assert dialog.findChild(QLabel, "error_name").text() == "单位名称：不能为空"
    assert "未保存" in dialog.status.text()
    assert dialog.isVisible()
    row = Registry.get_by_uscc(gui.ctx.reader.conn, KNOWN_ENTRIES[0]["uscc"])
    assert row["name"] == "嘉兴化工有限公司"
    dialog.reject()


def test_an_edit_is_saved_with_history(gui: Gui) -> None:
    dialog = open_editor(gui)
    dialog.findChild(QLineEdit, "field_contact_phone").setText("0573-82000000")
    with gui.qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    row = Registry.get_by_uscc(gui.ctx.reader.conn, KNOWN_ENTRIES[0]["uscc"])
    assert row["contact_phone"] == "0573-82000000"
    gui.qtbot.waitUntil(lambda: "0573-82000000" in gui.page.detail.toPlainText(), timeout=10_000)
    assert "13905730001 → 0573-82000000" in gui.page.detail.toPlainText()


def test_new_entry_dialog(gui: Gui) -> None:
    from ui.enterprise_dialog import EnterpriseDialog

    gui.window.new_entry()
    dialog = gui.window.findChild(EnterpriseDialog)
    values = {
        "uscc": "91330481MA2B3C4D1J",
        "name": "海宁新建测试有限公司",
        "address": "浙江省海宁市硖石街道文苑路1号",
        "legal_rep": "王五",
    }
    from inspector_app.registry.validation import uscc_check_char

    values["uscc"] = values["uscc"][:17] + uscc_check_char(values["uscc"][:17])
    combo = dialog.widgets["county_code"]
    combo.setCurrentIndex(combo.findData("330481"))
    for field, value in values.items():
        dialog.findChild(QLineEdit, f"field_{field}").setText(value)
    with gui.qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    gui.search("海宁新建测试")
    assert visible_names(gui) == ["海宁新建测试有限公司"]


def test_model_is_a_well_behaved_qt_model(gui: Gui, qtmodeltester) -> None:
    gui.search("店")
    qtmodeltester.check(gui.page.model)


def test_every_area_is_there_and_built(gui: Gui) -> None:
    window = gui.window
    assert window.nav.count() == len(AREAS) == 9
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles[:2] == ["企业名录", "检查计划与双随机"] and "行政处罚" in titles
    for key, _title, _desc in AREAS:
        window.show_area(key)
        page = window.stack.currentWidget()
        assert page.property("area") == key
        assert page.findChild(QLabel, "plannedText") is None, f"{key} is still a placeholder"
    assert window.pages["accidents"] is window.accidents_page
    assert window.pages["reports"] is window.reports_area
    assert window.pages["plans"] is window.plans_page
    window.show_area("officers")
    table = window.officers_page.table
    assert table.rowCount() > 300
    assert "执法人员" in window.officers_page.summary.text()


def test_page_and_geometry_are_remembered(gui: Gui) -> None:
    gui.window.show_area("officers")
    gui.window.resize(800, 470)
    gui.window.close()
    again = MainWindow(gui.ctx)
    gui.qtbot.addWidget(again)
    assert again.current_area() == "officers"
    assert again.size().height() == 470 and again.size().width() <= 800


def test_switching_to_english(gui: Gui) -> None:
    gui.startup.change_language("en")
    window = gui.startup.window
    assert window is not gui.window
    assert window.windowTitle() == "Field Inspector — work-safety enforcement"
    assert window.nav.item(0).text() == "Registry"
    gui.qtbot.waitUntil(
        lambda: (
            window.registry_page.model is not None and window.registry_page.model.rowCount() > 0
        ),
        timeout=20_000,
    )
    assert gui.settings.language == "en"
    gui.startup.change_language("zh_CN")
    assert gui.startup.window.nav.item(0).text() == "企业名录"


def test_import_dialog_reports_rows_and_imports(gui: Gui, tmp_path: Path) -> None:
    path = tmp_path / "新名录.csv"
    good = dict(KNOWN_ENTRIES[0], uscc="91330402MA2B3C4D2M", name="南湖新导入有限公司")
    from inspector_app.registry.validation import uscc_check_char

    good["uscc"] = good["uscc"][:17] + uscc_check_char(good["uscc"][:17])
    bad = dict(KNOWN_ENTRIES[0], uscc="91330402MA2B3C4D1M", name="坏行")
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([HEADER_ALIASES[f][0] for f in FIELDS])
        for row in (good, bad):
            writer.writerow(
                [
                    "是" if row.get(f) is True else "否" if row.get(f) is False else row.get(f, "")
                    for f in FIELDS
                ]
            )
    dialog = gui.window.import_registry(path)
    gui.qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=20_000)
    assert "共读取 2 行：1 行可以导入，1 行有问题" in dialog.summary.text()
    assert dialog.problems.rowCount() == 1
    assert dialog.problems.item(0, 0).text() == "3"
    assert dialog.problems.item(0, 1).text() == "统一社会信用代码"
    assert "校验码错误" in dialog.problems.item(0, 2).text()
    with gui.qtbot.waitSignal(dialog.finished_import, timeout=20_000):
        dialog.import_button.click()
    assert "新增 1" in dialog.summary.text()
    gui.search("南湖新导入")
    assert visible_names(gui) == ["南湖新导入有限公司"]
    export = tmp_path / "problems.csv"
    dialog.export_problems(str(export))
    assert "校验码错误" in export.read_text(encoding="utf-8-sig")


def test_demo_flag_fills_an_empty_folder(qtbot, tmp_path: Path) -> None:
    g = Gui(qtbot, tmp_path / "empty", demo=True, demo_scale=0.001)
    try:
        with qtbot.waitSignal(g.startup.demo_loaded, timeout=60_000) as blocker:
            pass
        assert blocker.args[0] > 400
        g.wait_listed()
        qtbot.waitUntil(lambda: g.page.model.rowCount() == blocker.args[0], timeout=20_000)
    finally:
        g.close()


def test_first_run_offers_the_demo(qtbot, tmp_path: Path) -> None:
    clicked: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, answer)
            return
        assert "本机数据库为空" in box.text()
        for button in box.buttons():
            if button.text() == "载入演示数据":
                clicked.append(button.text())
                button.click()

    QTimer.singleShot(50, answer)
    paths = tmp_path / "first"
    g = Gui(qtbot, paths, ask_first_run=True, demo_scale=0.001)
    try:
        qtbot.waitUntil(lambda: bool(clicked), timeout=20_000)
        qtbot.waitUntil(
            lambda: g.page.model is not None and g.page.model.rowCount() > 400, timeout=60_000
        )
        assert g.settings.state("first_run_done") in (True, "true")
    finally:
        g.close()
