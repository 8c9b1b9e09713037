"""The reports page with a demo year of cases (pytest-qt, offscreen): the figures shown are the
domain report's, the year sentence is the summary's, the charts add up to the same totals, a
month not yet begun is refused on the page, and the exports (workbook, PDF, PNG charts) are
written and read back."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from gui_support import Gui
from PySide6.QtCharts import QAbstractBarSeries
from PySide6.QtCore import Qt

from helpers import DayClock
from inspector_app.demo import cases as demo_cases
from inspector_app.reports import case_facts, monthly, summary
from inspector_app.reports.monthly import Period, wan
from inspector_app.store.changelog import ChangeSet
from inspector_app.store.database import Store
from ui.report_charts import nice_top
from ui.report_page import ReportFigures, ReportsPage

TODAY = demo_cases.DEFAULT_TODAY  # 2026-11-29: the demo year runs from 2025-11-30


class Screens:
    def __init__(self, qtbot: Any, basedir: Path) -> None:
        self.qtbot = qtbot
        self.gui = Gui(qtbot, basedir)
        self.ctx = self.gui.ctx
        reader = self.ctx.reader
        assert reader is not None
        self.conn = reader.conn
        tree = self.ctx.tree

        def install(store: Store) -> None:
            store.clock = DayClock(lambda: TODAY)
            demo_cases.install_cases(store, tree, seed=2018, scale=0.1, today=TODAY)

        self.write_store(install)
        self.page = ReportsPage(self.ctx)
        self.page.resize(1366, 768)
        self.page.show()
        self.page.choose(2026, 11)  # the demo year's last month (before the page is attached)
        self.page.attach(reader)

    def close(self) -> None:
        self.page.close()
        self.page.deleteLater()
        self.gui.close()

    def write_store(self, fn: Callable[[Store], None]) -> None:
        box: dict[str, Any] = {}

        def task(store: Store, _context: Any) -> Any:
            fn(store)
            return None, ChangeSet()

        self.ctx.writer.submit(
            task, on_done=lambda r: box.update(done=r), on_error=lambda e: box.update(error=e)
        )
        self.qtbot.waitUntil(lambda: bool(box), timeout=60_000)
        if "error" in box:
            raise box["error"]

    def choose(self, year: int, month: int) -> ReportFigures | None:
        def this_month(figures: ReportFigures | None) -> bool:
            return figures is None or (figures.report.year, figures.report.month) == (year, month)

        with self.qtbot.waitSignal(
            self.page.computed, timeout=60_000, check_params_cb=this_month
        ) as blocker:
            self.page.choose(year, month)
        return blocker.args[0]  # type: ignore[no-any-return]

    def column(self, group_starts: str, title: str) -> int:
        table = self.page.model.table
        assert table is not None
        for n, c in enumerate(table.columns):
            if c.group.startswith(group_starts) and c.title == title:
                return n
        raise AssertionError((group_starts, title))

    def shot(self, name: str) -> None:
        self.page.resize(1366, 768)
        self.gui.save_screenshot(name, widget=self.page)


@pytest.fixture
def screens(qtbot: Any, demo_basedir: Path) -> Iterator[Screens]:
    made = Screens(qtbot, demo_basedir)
    yield made
    made.close()


def test_the_page_shows_the_domain_report(screens: Screens, qtmodeltester: Any) -> None:
    figures = screens.choose(2026, 11)
    assert figures is not None
    tree = screens.ctx.tree
    run = case_facts.sqlite_run(screens.conn)
    report = monthly.monthly_report(run, tree, 2026, 11, TODAY)
    model = screens.page.model
    qtmodeltester.check(model)
    assert model.rowCount() == len(report.units) + 1
    filed_month = screens.column("立案（非事故类）", "本月")
    filed_ytd = screens.column("立案（非事故类）", "累计")
    money_ytd = screens.column("罚没款", "累计")
    for row, unit in enumerate((*report.units, report.city)):
        assert model.value(row, 0) == unit.name
        assert model.value(row, filed_month) == unit.month["filed_other"]
        assert model.value(row, filed_ytd) == unit.ytd["filed_other"]
        assert model.value(row, money_ytd) == wan(unit.ytd["penalties"])
    assert report.city.ytd["filed_other"] > 0
    total = model.rowCount() - 1
    assert model.data(model.index(total, filed_ytd), Qt.ItemDataRole.FontRole).bold()
    expected = summary.year_summary(run, tree, Period(report.ytd_period.first, TODAY), TODAY)
    assert screens.page.sentence_label.text() == expected.zh
    # the monthly chart adds up to the year to date
    chart = screens.page.charts.views["cases_by_month"].chart()
    [bars] = [s for s in chart.series() if isinstance(s, QAbstractBarSeries)]
    shown = sum(bar.at(i) for bar in bars.barSets() for i in range(bar.count()))
    ytd = report.city.ytd
    assert shown == ytd["filed_other"] + ytd["filed_accident"]
    assert figures.plans[-1][0] == "合计"  # the plans' progress, the total last
    screens.shot("report-zh_CN.png")
    screens.page.tabs.setCurrentWidget(screens.page.charts)
    screens.shot("report-charts-zh_CN.png")


def test_a_month_not_yet_begun_is_refused_on_the_page(screens: Screens) -> None:
    assert screens.choose(2026, 11) is not None
    assert screens.choose(2027, 1) is None
    assert "2027" in screens.page.status.text()
    assert screens.page.model.rowCount() == 0
    assert not screens.page.xlsx_button.isEnabled()


def test_the_exports(screens: Screens, tmp_path: Path) -> None:
    figures = screens.choose(2026, 11)
    assert figures is not None
    page = screens.page
    with screens.qtbot.waitSignal(page.exported, timeout=30_000) as blocker:
        page.export_xlsx(tmp_path / "report.xlsx")
    assert blocker.args == ["xlsx", str(tmp_path / "report.xlsx")]
    book = openpyxl.load_workbook(tmp_path / "report.xlsx")
    assert len(book.sheetnames) == 3
    sheet = book.worksheets[0]
    assert sheet["A1"].value == figures.report.title
    names = [sheet.cell(row=r, column=1).value for r in range(1, sheet.max_row + 1)]
    assert all(u.name in names for u in figures.report.units)
    with screens.qtbot.waitSignal(page.exported, timeout=30_000) as blocker:
        page.export_pdf(tmp_path / "report.pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "report.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = "".join(text.split())
    assert figures.report.title in flat
    assert figures.report.units[0].name in flat
    assert not list(tmp_path.glob(".*.part"))
    saved = page.save_charts(tmp_path)
    assert [p.name for p in saved] == [
        f"2026-11-{name}.png"
        for name in ("cases_by_month", "fines_by_month", "units", "hazards", "plans")
    ]
    assert all(p.stat().st_size > 1000 for p in saved)


def test_a_pdf_that_cannot_be_written_is_refused(screens: Screens, tmp_path: Path) -> None:
    assert screens.choose(2026, 11) is not None
    target = tmp_path / "missing-folder" / "report.pdf"
    shown: list[str] = []
    screens.page._export_failed = lambda exc: shown.append(str(exc))  # type: ignore[method-assign]
    screens.page.export_pdf(target)
    screens.qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert "missing-folder" in shown[0] and not target.exists()


def test_chart_axes_end_on_round_numbers() -> None:
    assert [nice_top(v) for v in (0, 3, 4.6, 22, 61, 378.05, 2903)] == [
        5.0,
        5.0,
        10.0,
        50.0,
        100.0,
        500.0,
        5000.0,
    ]
