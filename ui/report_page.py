"""The reports area: the monthly administrative-penalty report (安全生产行政处罚每月通报) of a
chosen month — the table per county-level unit with the total, the changes against last year
and the ranks, the year's summary sentence in the city's form, and the charts — with its
exports: the workbook (``reports.report_export`` through ``ui.export``), a PDF, Qt's print
preview and the charts as PNG files.

The table shown is the overview table the workbook carries (``report_export.overview_table``),
so the screen and the file cannot disagree. The figures are computed on the writer thread
(``reports.monthly.local_report`` brings the case projection up to date first), the PDF on
the search thread.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QMarginsF, QModelIndex, QObject, QSizeF, Qt, Signal
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector_app.inspections import hazard_figures
from inspector_app.inspections.hazard_figures import HazardFigures
from inspector_app.plans import progress
from inspector_app.reports import case_facts, export, report_export, series, summary
from inspector_app.reports.monthly import MonthlyReport, Period, local_report
from inspector_app.reports.series import MonthFigures
from inspector_app.store.changelog import ChangeSet
from inspector_app.store.database import Store
from ui.context import AppContext
from ui.crash import is_expected, refusal_text, show_refusal
from ui.document_fonts import document_fonts, fix_text_mapping
from ui.export import export_xlsx, print_preview, table_html
from ui.ops import Writes, run_work
from ui.report_charts import ReportCharts
from ui.row_table import Index
from ui.tasks import TaskContext

WATCHED_TABLES = frozenset({"penalty_case", "case_step", "hazard", "hazard_event"})


@dataclass(frozen=True)
class ReportFigures:
    """Everything the page shows for one month."""

    report: MonthlyReport
    sentence: str
    months: list[MonthFigures]
    hazards: list[HazardFigures]
    plans: list[list[object]]  # plans.progress.county_progress: the units, then the total

    @property
    def table(self) -> export.Table:
        return report_export.overview_table(self.report)


def compute(store: Store, tree: Any, year: int, month: int) -> ReportFigures:
    """The month's report, the year-to-date sentence, the series, the hazards and the plans'
    progress (on the writer thread: the projection is brought up to date first)."""
    report = local_report(store, tree, year, month)
    run = case_facts.sqlite_run(store.conn)
    today = store.clock.today()
    first = dt.date(year, 1, 1)
    said = summary.year_summary(run, tree, Period(first, report.as_of), today)
    return ReportFigures(
        report,
        said.zh,
        series.by_month(run, year, report.as_of),
        hazard_figures.by_unit(store.conn, tree, first, report.as_of),
        progress.county_progress(store.conn, tree, year, report.as_of),
    )


class TableModel(QAbstractTableModel):
    """An ``export.Table`` as a Qt model: the rows, then the totals (in bold)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table: export.Table | None = None
        self._rows: list[Sequence[Any]] = []
        self._total_from = 0

    def set_table(self, table: export.Table) -> None:
        self.beginResetModel()
        self.table = table
        rows = list(table.rows)
        self._total_from = len(rows)
        self._rows = [*rows, *table.totals]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.table is None else len(self.table.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self.table is None:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.table.columns):
            return self.header_text(section)
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return "" if section >= self._total_from else str(section + 1)
        return None

    def header_text(self, section: int) -> str:
        """The column's title under its group's name; the group is named over the first
        column of the group only (as the workbook merges it), broken before its unit."""
        assert self.table is not None
        columns = self.table.columns
        column = columns[section]
        if not column.group:
            return column.title.replace("（", "\n（", 1)
        first = section == 0 or columns[section - 1].group != column.group
        group = column.group.replace("（", "\n（", 1) if first else "\n"
        return f"{group}\n{column.title}"

    def value(self, row: int, column: int) -> Any:
        """The value of a cell as the table holds it (a count, a Decimal, a change's text)."""
        return self._rows[row][column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.table is None:
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._rows) and 0 <= column < len(self.table.columns)):
            return None
        kind = self.table.columns[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return export.display_text(kind, self._rows[row][column])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            right = kind.kind not in ("text", "date")
            return int(
                (Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft)
                | Qt.AlignmentFlag.AlignVCenter
            )
        if role == Qt.ItemDataRole.FontRole and row >= self._total_from:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def write_pdf(path: Path, title: str, body_html: str) -> Path:
    """``body_html`` on A4 landscape pages as a PDF with CJK fonts; the file appears complete
    or not at all. Runs on any thread (no widgets)."""
    partial = path.with_name(f".{path.name}.part")
    try:
        partial.touch()
    except OSError as exc:
        raise export.ExportError(
            f"无法保存到 {path}：{exc.strerror}。请检查文件夹是否存在、是否可写。",
            f"Cannot save to {path}: {exc.strerror}. Check that the folder exists and is writable.",
            "output",
        ) from exc
    writer = QPdfWriter(str(partial))
    writer.setResolution(150)
    writer.setTitle(title)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape,
            QMarginsF(12, 12, 12, 12),
            QPageLayout.Unit.Millimeter,
        )
    )
    fonts = document_fonts()
    document = QTextDocument()
    document.setDefaultFont(QFont(fonts.body, 9))
    document.setHtml(body_html)
    try:
        document.setPageSize(QSizeF(writer.pageLayout().paintRectPoints().size()))
        document.print_(writer)
        del writer  # the file is complete once the writer is gone
        # the text layer reads 月, not the look-alike radical ⽉ some fonts map it to
        fix_text_mapping(partial, fonts)
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise
    return path


class ReportsPage(QWidget):
    computed = Signal(object)  # ReportFigures, or None when refused
    exported = Signal(str, str)  # what (xlsx, pdf, png), the path

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("reportsPage")
        self.today: Callable[[], dt.date] = dt.date.today  # tests fix it
        self.figures: ReportFigures | None = None
        self._attached = False
        self._stale = False
        self.model = TableModel(self)
        self._build()
        ctx.broadcaster.changes_applied.connect(self._on_changes)

    def _build(self) -> None:
        today = self.today()
        self.year_spin = QSpinBox(self)
        self.year_spin.setObjectName("yearSpin")
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(today.year)
        self.month_combo = QComboBox(self)
        self.month_combo.setObjectName("monthCombo")
        for month in range(1, 13):
            self.month_combo.addItem(self.tr("Month %1").replace("%1", str(month)), month)
        self.month_combo.setCurrentIndex(today.month - 1)
        self.year_spin.valueChanged.connect(self.refresh)
        self.month_combo.currentIndexChanged.connect(self.refresh)
        self.status = QLabel(self)
        self.status.setObjectName("reportStatus")
        self.xlsx_button = QPushButton(self.tr("Export to Excel…"), self)
        self.xlsx_button.clicked.connect(lambda: self.export_xlsx())
        self.pdf_button = QPushButton(self.tr("Export to PDF…"), self)
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        self.print_button = QPushButton(self.tr("Print preview…"), self)
        self.print_button.clicked.connect(self.preview)
        self.png_button = QPushButton(self.tr("Save the charts…"), self)
        self.png_button.clicked.connect(lambda: self.save_charts())
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Report of"), self))
        bar.addWidget(self.year_spin)
        bar.addWidget(self.month_combo)
        bar.addWidget(self.status, 1)
        for button in (self.xlsx_button, self.pdf_button, self.print_button, self.png_button):
            button.setEnabled(False)
            bar.addWidget(button)
        self.title_label = QLabel(self)
        self.title_label.setObjectName("reportTitle")
        self.sentence_label = QLabel(self)
        self.sentence_label.setObjectName("yearSentence")
        self.sentence_label.setWordWrap(True)
        self.sentence_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.table = QTableView(self)
        self.table.setObjectName("reportTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.notes_label = QLabel(self)
        self.notes_label.setWordWrap(True)
        self.notes_label.setStyleSheet("color: #555")
        table_tab = QWidget(self)
        table_layout = QVBoxLayout(table_tab)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.table, 1)
        table_layout.addWidget(self.notes_label)
        self.charts = ReportCharts(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("reportTabs")
        self.tabs.addTab(table_tab, self.tr("Table"))
        self.tabs.addTab(self.charts, self.tr("Charts"))
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.title_label)
        layout.addWidget(self.sentence_label)
        layout.addWidget(self.tabs, 1)

    def attach(self, reader: Store) -> None:
        """Called once the database is open; the report is computed on the writer thread."""
        del reader
        self._attached = True
        self.refresh()

    def chosen(self) -> tuple[int, int]:
        return self.year_spin.value(), int(self.month_combo.currentData())

    def choose(self, year: int, month: int) -> None:
        """Show the report of ``month`` (one computation, not one per control)."""
        self.year_spin.blockSignals(True)
        self.year_spin.setValue(year)
        self.year_spin.blockSignals(False)
        self.month_combo.setCurrentIndex(month - 1)  # refreshes when it changes
        if self.chosen() == (year, month):
            self.refresh()

    def refresh(self, *_args: Any) -> None:
        if not self._attached:
            return
        (year, month), tree = self.chosen(), self.ctx.tree
        self.status.setText(self.tr("Computing…"))
        for button in (self.xlsx_button, self.pdf_button, self.print_button, self.png_button):
            button.setEnabled(False)

        def work(writes: Writes) -> ReportFigures:
            return compute(writes.store, tree, year, month)

        run_work(
            self.ctx,
            work,
            on_done=self._show,
            say=lambda text: self._refused(text, (year, month)),
        )

    def _refused(self, text: str, asked: tuple[int, int]) -> None:
        if asked != self.chosen():
            return  # an older month's answer
        self.figures = None
        self.model.set_table(export.Table("", [], []))
        self.status.setText(text)
        self.title_label.clear()
        self.sentence_label.clear()
        self.computed.emit(None)

    def _show(self, figures: ReportFigures) -> None:
        if (figures.report.year, figures.report.month) != self.chosen():
            return  # an older month's answer
        self.figures = figures
        table = figures.table
        self.model.set_table(table)
        self.table.resizeColumnsToContents()
        self.title_label.setText(f"<h3>{html.escape(table.title)}</h3>")
        self.sentence_label.setText(html.escape(figures.sentence))
        self.notes_label.setText("<br>".join(html.escape(n) for n in table.notes))
        # short names (海宁, 经开): a chart has little room under each bar
        names = {u.code: u.short_name or u.name for u in self.ctx.tree.reporting_units()}
        self.charts.show_figures(
            figures.report, figures.months, figures.hazards, names, figures.plans
        )
        self.status.setText(
            self.tr("Figures up to %1").replace("%1", figures.report.as_of.isoformat())
        )
        for button in (self.xlsx_button, self.pdf_button, self.print_button, self.png_button):
            button.setEnabled(True)
        self.computed.emit(figures)

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.tables() & WATCHED_TABLES:
            self.refresh()

    # -- exports -----------------------------------------------------------------------------

    def _file(self, title: str, suffix: str, kind: str) -> Path | None:
        start = Path.home() / f"{title}.{suffix}"
        chosen, _filter = QFileDialog.getSaveFileName(self, title, str(start), kind)
        if not chosen:
            return None
        return Path(chosen if chosen.endswith(f".{suffix}") else f"{chosen}.{suffix}")

    def export_xlsx(self, path: Path | None = None) -> None:
        figures = self.figures
        if figures is None:
            return
        tables = report_export.report_tables(figures.report)
        export_xlsx(
            self.ctx,
            self,
            figures.report.title,
            lambda _store: tables,
            on_done=lambda p, _n: self.exported.emit("xlsx", str(p)),
            path=path,
        )

    def pdf_html(self) -> str:
        figures = self.figures
        assert figures is not None
        return table_html(figures.table) + f"<p>{html.escape(figures.sentence)}</p>"

    def export_pdf(self, path: Path | None = None) -> None:
        figures = self.figures
        if figures is None:
            return
        title = figures.report.title
        target = path or self._file(title, "pdf", self.tr("PDF document (*.pdf)"))
        if target is None:
            return
        body = self.pdf_html()

        def task(_store: Store, _context: TaskContext) -> Path:
            return write_pdf(target, title, body)

        self.ctx.searcher.submit(
            task,
            on_done=lambda p: self.exported.emit("pdf", str(p)),
            on_error=self._export_failed,
        )

    def _export_failed(self, exc: BaseException) -> None:
        if is_expected(exc):
            show_refusal(self, self.tr("Not exported"), refusal_text(exc, self.ctx.lang))
        else:
            self.ctx.crashes.report(exc)

    def preview(self) -> None:
        if self.figures is not None:
            print_preview(self.ctx, self, self.figures.table)

    def save_charts(self, folder: Path | None = None) -> list[Path]:
        figures = self.figures
        if figures is None:
            return []
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, self.tr("Save the charts"))
            if not chosen:
                return []
            folder = Path(chosen)
        stem = f"{figures.report.year}-{figures.report.month:02d}"
        try:
            saved = self.charts.save_png(folder, stem)
        except export.ExportError as exc:
            self._export_failed(exc)
            return []
        for path in saved:
            self.exported.emit("png", str(path))
        return saved
