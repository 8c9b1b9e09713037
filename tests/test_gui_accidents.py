"""Accidents through the screens, with the demo registry (pytest-qt, offscreen): an accident
recorded in the form with its grade shown live, a refusal shown in the form with nothing
written, a supplementary report that re-grades it, a report sent up a level, the listing
issued, only the fitting actions offered, the register's filters and its export.

The checks look at data (ids, grades, statuses, the domain's messages), not at the UI's labels,
so they hold with and without the Chinese translation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from accidents_support import SetClock, at
from gui_support import Gui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from inspector_app.accidents import fields, operations
from inspector_app.store.changelog import ChangeSet, UnitOfWork
from inspector_app.store.database import Store
from ui.accident_dialogs import AccidentStepDialog, RecordAccidentDialog, SupplementaryDialog
from ui.accident_page import AccidentPage
from ui.accidents_page import AccidentsPage

NOW = at(2026, 11, 30, 10)


class Screens:
    """The accidents area on its own (the main window wires it)."""

    def __init__(self, qtbot: Any, basedir: Path) -> None:
        self.qtbot = qtbot
        self.gui = Gui(qtbot, basedir)
        self.ctx = self.gui.ctx
        reader = self.ctx.reader
        assert reader is not None
        self.conn = reader.conn
        self.write_store(lambda store: setattr(store, "clock", SetClock(NOW)))
        self.page = AccidentsPage(self.ctx)
        self.page.now = lambda: NOW
        self.page.resize(1366, 768)
        self.page.show()
        with qtbot.waitSignal(self.page.refreshed, timeout=20_000):
            self.page.attach(reader)

    @property
    def accident_page(self) -> AccidentPage:
        return self.page.accident_page

    def close(self) -> None:
        self.page.close()
        self.page.deleteLater()
        self.gui.close()

    def enterprise(self, county: str = "330481") -> str:
        row = self.conn.execute(
            "SELECT id FROM enterprise WHERE kind = 'enterprise' AND county_code = ? "
            "ORDER BY rid LIMIT 1",
            (county,),
        ).fetchone()
        return str(row[0])

    def write_store(self, fn: Callable[[Store], None]) -> None:
        box: dict[str, Any] = {}

        def task(store: Store, _context: Any) -> Any:
            fn(store)
            return None, ChangeSet()

        self.ctx.writer.submit(
            task, on_done=lambda r: box.update(done=r), on_error=lambda e: box.update(error=e)
        )
        self.qtbot.waitUntil(lambda: bool(box), timeout=20_000)
        if "error" in box:
            raise box["error"]

    def write(self, fn: Callable[[UnitOfWork], Any]) -> Any:
        box: dict[str, Any] = {}

        def task(store: Store, _context: Any) -> Any:
            with UnitOfWork(store, "tester") as uow:
                result = fn(uow)
            return result, uow.changes

        self.ctx.writer.submit(
            task, on_done=lambda r: box.update(done=r), on_error=lambda e: box.update(error=e)
        )
        self.qtbot.waitUntil(lambda: bool(box), timeout=20_000)
        if "error" in box:
            raise box["error"]
        result, changes = box["done"]
        self.ctx.apply(changes)
        return result

    def record(self, occurred: dt.datetime, deaths: int, county: str = "330481") -> str:
        enterprise, tree = self.enterprise(county), self.ctx.tree
        accident = {
            "enterprise_id": enterprise,
            "occurred_at": occurred,
            "place": "二号车间",
            "sector": "industry_trade",
            "accident_type": "机械致害",
        }
        report = {
            "reported_at": occurred + dt.timedelta(minutes=30),
            "deaths": deaths,
            "serious_injuries": 0,
            "direct_loss_yuan": "800000",
            "course": "操作工在清理设备时被卷入。",
        }
        outcome = self.write(
            lambda uow: operations.record_accident(uow, accident, report, tree=tree)
        )
        return str(outcome.accident_id)

    def count(self, table: str) -> int:
        return int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def refresh(self) -> None:
        self.qtbot.waitUntil(lambda: not self.ctx.searcher.busy(), timeout=20_000)
        QApplication.processEvents()
        with self.qtbot.waitSignal(self.page.refreshed, timeout=20_000):
            self.page.refresh()

    def open(self, accident_id: str) -> None:
        with self.qtbot.waitSignal(self.accident_page.loaded, timeout=20_000):
            self.page.open_accident(accident_id)

    def offered(self) -> set[str]:
        return {k for k, b in self.accident_page.action_buttons.items() if not b.isHidden()}

    def shot(self, name: str) -> None:
        """``FI_SCREENSHOTS``: the area at 1366×768, as on an officer's laptop."""
        self.page.resize(1366, 768)
        self.gui.save_screenshot(name, widget=self.page)

    def submit(self, dialog: Any) -> None:
        """OK in a form; the accident page is read again once the write is broadcast."""
        with self.qtbot.waitSignal(self.accident_page.loaded, timeout=20_000):
            dialog.ok_button.click()
        assert not dialog.isVisible(), dialog.error_label.text()


@pytest.fixture
def screens(qtbot: Any, demo_basedir: Path) -> Iterator[Screens]:
    made = Screens(qtbot, demo_basedir)
    yield made
    made.close()


def test_an_accident_recorded_in_the_form_is_graded_live_and_listed(screens: Screens) -> None:
    dialog = screens.page.record_accident()
    assert isinstance(dialog, RecordAccidentDialog)
    dialog.enterprise_id = screens.enterprise()
    dialog._show_enterprise()
    dialog.place.setText("二号车间")
    dialog.course.setPlainText("操作工在清理设备时被卷入。")
    dialog.occurred_at.setDateTime(dialog.occurred_at.dateTime().addSecs(-3600))
    dialog.figures.spins["deaths"].setValue(3)
    assert dialog.figures.grade() == "较大" and "较大" in dialog.figures.grade_label.text()
    dialog.figures.spins["deaths"].setValue(2)
    dialog.figures.loss.setText("1200000")
    assert dialog.figures.grade() == "一般"
    assert "工矿商贸领域一般事故" in dialog.figures.grade_label.text()  # the listing trigger
    dialog.figures.loss.setText("一百万")
    assert dialog.figures.grade() is None
    dialog.figures.loss.setText("1200000")
    with screens.qtbot.waitSignal(screens.accident_page.loaded, timeout=20_000):
        dialog.ok_button.click()
    assert not dialog.isVisible(), dialog.error_label.text()
    found = screens.accident_page.found
    assert found is not None and found.view.grade == "一般"
    assert found.listing.status == "draft"
    assert screens.count("accident") == 1 and screens.count("accident_report") == 1
    offered = screens.offered()
    assert {"supplementary", "forwarded", "listing_issued", "case"} <= offered
    assert not offered & {"report_approved", "listing_closed", "listing_revoked"}


def test_a_refused_accident_shows_why_and_writes_nothing(screens: Screens) -> None:
    dialog = screens.page.record_accident()
    dialog.enterprise_id = screens.enterprise()
    dialog.course.setPlainText("操作工在清理设备时被卷入。")  # no place
    dialog.ok_button.click()
    screens.qtbot.waitUntil(lambda: bool(dialog.error_label.text()), timeout=20_000)
    assert fields.label("place").zh in dialog.error_label.text()
    assert dialog.isVisible() and dialog.ok_button.isEnabled()
    # a time in the future is refused too, and nothing at all is written
    dialog.place.setText("二号车间")
    dialog.occurred_at.setDateTime(dialog.occurred_at.dateTime().addDays(2))
    dialog.ok_button.click()
    screens.qtbot.waitUntil(
        lambda: fields.label("occurred_at").zh in dialog.error_label.text(), timeout=20_000
    )
    assert screens.count("accident") == 0 and screens.count("accident_report") == 0
    # without a unit of the registry nor the box ticked, the form says so itself
    dialog.enterprise_id = ""
    dialog.ok_button.click()
    assert dialog.error_label.text() and screens.count("accident") == 0


def test_a_supplementary_report_regrades_the_accident(screens: Screens, qtmodeltester: Any) -> None:
    accident = screens.record(at(2026, 11, 20, 8), deaths=1)
    screens.open(accident)
    dialog = screens.accident_page.start("supplementary")
    assert isinstance(dialog, SupplementaryDialog)
    dialog.figures.spins["deaths"].setValue(3)
    assert "较大" in dialog.regrade_label.text()
    dialog.change_note.setPlainText("两名重伤者经抢救无效死亡。")
    screens.submit(dialog)
    found = screens.accident_page.found
    assert found is not None and found.view.grades == ("一般", "较大")
    assert screens.count("accident_report") == 2
    screens.refresh()
    model = screens.page.model
    qtmodeltester.check(model)
    [row] = model.rows()
    assert row.view.id == accident
    assert model.text(row, "grade") == "一般 → 较大"  # the re-grade mark


def test_a_supplementary_report_after_its_window_is_not_offered(screens: Screens) -> None:
    accident = screens.record(at(2026, 10, 1, 8), deaths=1)
    screens.open(accident)  # 30 days from 1 October ended on 31 October
    assert "supplementary" not in screens.offered()


def test_reports_up_the_chain_and_the_listing(screens: Screens) -> None:
    accident = screens.record(at(2026, 11, 29, 8), deaths=2)
    screens.open(accident)
    found = screens.accident_page.found
    assert found is not None
    assert [d.status(NOW) for d in found.deadlines] == ["on_time", "overdue"]
    dialog = screens.accident_page.start("forwarded")
    assert isinstance(dialog, AccidentStepDialog)
    dialog.when.setDateTime(dialog.when.dateTime().addDays(-1))
    dialog.fields["by"].setText("值班员")
    screens.submit(dialog)
    found = screens.accident_page.found
    assert found is not None and found.deadlines[1].done_at is not None
    assert "forwarded" not in screens.offered()
    with screens.qtbot.waitSignal(screens.accident_page.loaded, timeout=30_000):
        screens.accident_page.action_buttons["listing_issued"].click()
    found = screens.accident_page.found
    assert found is not None and found.listing.status == "issued" and found.listing.number
    offered = screens.offered()
    assert "listing_revoked" in offered and "listing_issued" not in offered
    assert "listing_closed" not in offered  # the report is not approved yet
    screens.shot("accident-zh_CN.png")


def test_a_refused_step_is_shown_in_its_form(screens: Screens) -> None:
    accident = screens.record(at(2026, 11, 20, 8), deaths=1)
    screens.open(accident)
    dialog = screens.accident_page.start("investigation_extended")
    assert isinstance(dialog, AccidentStepDialog)
    dialog.fields["days"].setValue(90)  # at most 60 (Art. 29)
    dialog.fields["body"].setText("海宁市人民政府")
    dialog.fields["reason"].setPlainText("需进一步调查")
    dialog.ok_button.click()
    screens.qtbot.waitUntil(lambda: bool(dialog.error_label.text()), timeout=20_000)
    assert "60" in dialog.error_label.text()
    assert screens.count("accident_step") == 0


def test_a_penalty_case_is_asked_for_with_the_accident(screens: Screens) -> None:
    accident = screens.record(at(2026, 11, 20, 8), deaths=1)
    screens.open(accident)
    with screens.qtbot.waitSignal(screens.page.case_requested) as blocker:
        screens.accident_page.action_buttons["case"].click()
    assert blocker.args == [screens.enterprise(), accident]


def test_the_register_filters_and_exports(
    screens: Screens, qtmodeltester: Any, tmp_path: Path
) -> None:
    haining = screens.record(at(2026, 11, 20, 8), deaths=1)
    tongxiang = screens.record(at(2026, 11, 25, 8), deaths=3, county="330483")
    screens.refresh()
    assert [r.view.id for r in screens.page.model.rows()] == [tongxiang, haining]
    qtmodeltester.check(screens.page.model)
    combo = screens.page.grade_combo
    with screens.qtbot.waitSignal(screens.page.refreshed, timeout=20_000):
        combo.setCurrentIndex(combo.findData("较大"))
    assert [r.view.id for r in screens.page.model.rows()] == [tongxiang]
    with screens.qtbot.waitSignal(screens.page.refreshed, timeout=20_000):
        combo.setCurrentIndex(0)
    county = screens.page.county_combo
    with screens.qtbot.waitSignal(screens.page.refreshed, timeout=20_000):
        county.setCurrentIndex(county.findData("330481"))
    assert [r.view.id for r in screens.page.model.rows()] == [haining]
    with screens.qtbot.waitSignal(screens.page.refreshed, timeout=20_000):
        county.setCurrentIndex(0)
    # a listed accident and a re-graded one for the picture
    screens.record(at(2026, 11, 28, 14), deaths=2, county="330402")
    regraded = screens.record(at(2026, 11, 27, 9), deaths=1, county="330421")
    tree = screens.ctx.tree
    report = {
        "reported_at": at(2026, 11, 29, 9),
        "deaths": 3,
        "serious_injuries": 0,
        "direct_loss_yuan": "2100000",
        "change_note": "两名重伤者经抢救无效死亡。",
    }
    screens.write(lambda uow: operations.add_supplementary_report(uow, regraded, report, tree=tree))
    screens.refresh()
    assert screens.page.model.rowCount() == 4
    screens.shot("accidents-zh_CN.png")
    done: dict[str, Any] = {}
    path = tmp_path / "accidents.xlsx"
    screens.page.export(path, on_done=lambda p, n: done.update(path=p, rows=n))
    screens.qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "较大" in values and "一般" in values


def test_a_warning_notice_from_draft_to_issued_pdf(screens: Screens, qtmodeltester: Any) -> None:
    screens.record(at(2026, 11, 10, 8), deaths=2)
    second = screens.record(at(2026, 11, 20, 8), deaths=2)
    panel = screens.page.notices
    screens.page.tabs.setCurrentWidget(panel)
    screens.qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=20_000)
    qtmodeltester.check(panel.model)
    [row] = panel.model.rows()
    assert row.notice["status"] == "draft" and second in str(row.notice["accident_ids"])
    panel.table.selectRow(0)
    dialog = panel.edit_current()
    assert dialog is not None
    dialog.issue_button.click()  # no lessons nor measures yet: refused in the form
    screens.qtbot.waitUntil(lambda: bool(dialog.error_label.text()), timeout=20_000)
    assert fields.label("lessons").zh in dialog.error_label.text()
    status = screens.conn.execute("SELECT status, lessons FROM warning_notice").fetchone()
    assert tuple(status) == ("draft", "")  # neither the edit nor the issue was kept
    dialog.lessons.setPlainText("企业未落实设备检修时停机断电挂牌制度。")
    dialog.measures.setPlainText("立即开展机械设备检修作业专项检查。")
    with screens.qtbot.waitSignal(panel.document_written, timeout=30_000) as blocker:
        dialog.issue_button.click()
    path = Path(blocker.args[0])
    number, issued_on = screens.conn.execute(
        "SELECT number, issued_on FROM warning_notice"
    ).fetchone()
    assert issued_on == NOW.date().isoformat() and path.name == f"{number}.pdf"
    assert path.is_file() and path.stat().st_size > 1000
    screens.qtbot.waitUntil(
        lambda: panel.model.rows()[0].notice["status"] == "issued", timeout=20_000
    )
    assert "1" in panel.summary.text()
    screens.shot("accident-notices-zh_CN.png")


def test_the_listing_register(screens: Screens, qtmodeltester: Any) -> None:
    listed = screens.record(at(2026, 11, 20, 8), deaths=2)
    screens.record(at(2026, 11, 21, 8), deaths=1)  # not listed
    panel = screens.page.listings
    screens.page.tabs.setCurrentWidget(panel)
    screens.qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=20_000)
    qtmodeltester.check(panel.model)
    [row] = panel.model.rows()
    assert row.view.id == listed and row.listing.status == "draft"
    assert panel.model.text(row, "due") == "2027-01-19"
    with screens.qtbot.waitSignal(screens.accident_page.loaded, timeout=20_000):
        panel.table.doubleClicked.emit(panel.model.index(0, 0))
    assert screens.page.stack.currentWidget() is screens.accident_page


def test_a_quarter_of_report_checks_to_its_bulletin(screens: Screens, qtmodeltester: Any) -> None:
    accident = screens.record(at(2026, 7, 1, 8), deaths=1)
    screens.write(
        lambda uow: operations.record_step(uow, accident, "report_submitted", dt.date(2026, 8, 20))
    )
    screens.write(
        lambda uow: operations.record_step(
            uow, accident, "report_approved", dt.date(2026, 9, 1), {"body": "海宁市人民政府"}
        )
    )
    panel = screens.page.checks
    screens.page.tabs.setCurrentWidget(panel)
    with screens.qtbot.waitSignal(panel.refreshed, timeout=20_000):
        panel.quarter_combo.setCurrentIndex(panel.quarter_combo.findData("2026Q3"))
    assert panel.found is not None and panel.found.round is None and panel.found.unchecked == 1
    assert not panel.start_button.isHidden() and panel.check_button.isHidden()
    with screens.qtbot.waitSignal(panel.refreshed, timeout=20_000):
        panel.start_button.click()
    assert panel.found is not None and panel.found.round is not None
    assert not panel.issue_button.isEnabled()  # a report is not checked yet
    qtmodeltester.check(panel.model)
    panel.table.selectRow(0)
    dialog = panel.check_current()
    assert dialog is not None
    dialog.ok_button.click()  # nobody chosen to have checked it: refused in the form
    screens.qtbot.waitUntil(lambda: bool(dialog.error_label.text()), timeout=20_000)
    assert screens.count("report_check") == 0
    dialog.officers.item(0).setSelected(True)
    cause = dialog.codes.index("C1")
    dialog.items.item(cause, 0).setCheckState(Qt.CheckState.Checked)
    dialog.items.item(cause, 1).setText("直接原因缺少鉴定结论")
    with screens.qtbot.waitSignal(panel.refreshed, timeout=20_000):
        dialog.ok_button.click()
    assert not dialog.isVisible(), dialog.error_label.text()
    [row] = panel.model.rows()
    assert row["checked"] and [d["code"] for d in row["defects"]] == ["C1"]
    assert panel.issue_button.isEnabled()
    with screens.qtbot.waitSignal(panel.document_written, timeout=30_000) as blocker:
        panel.issue_bulletin("本季度检查事故调查报告1份，发现问题1项。", NOW.date())
    assert Path(blocker.args[0]).is_file()
    screens.qtbot.waitUntil(lambda: panel.issue_button.isHidden(), timeout=20_000)
    status = screens.conn.execute("SELECT status FROM report_check_round").fetchone()[0]
    assert status == "issued"
