"""The accidents area: the accident register (filters by county-level unit, year, grade and
sector; the grade with its re-grade mark, the reports up the chain, the listing) and the
accident page in the same stack. New accidents are recorded with ``RecordAccidentDialog``.

The register is computed on the search thread (``accidents.queries.register``) and refreshes
when an operation changes the accident tables. ``case_requested(enterprise_id, accident_id)``
passes on the accident page's request for a penalty case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector_app.accidents import listing
from inspector_app.accidents.params import default_params
from inspector_app.accidents.queries import RegisterRow, register
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.reports import export
from inspector_app.store.changelog import ChangeSet
from inspector_app.store.database import Store
from ui.accident_checks import ReportChecksPanel
from ui.accident_dialogs import RecordAccidentDialog
from ui.accident_page import WATCHED_TABLES, AccidentPage, local_now, status_text
from ui.accident_registers import ListingsPanel, WarningNoticesPanel
from ui.case_page import OVERDUE_COLOR
from ui.context import AppContext
from ui.crash import refusal_text
from ui.export import export_xlsx
from ui.row_table import Index, RowTableModel
from ui.tasks import TaskContext

GRADES = ("一般", "较大", "重大", "特别重大")


class AccidentListModel(RowTableModel):
    """The register's rows, newest first."""

    COLUMNS = (
        ("occurred", QT_TRANSLATE_NOOP("AccidentListModel", "Occurred")),
        ("unit", QT_TRANSLATE_NOOP("AccidentListModel", "Unit")),
        ("county", QT_TRANSLATE_NOOP("AccidentListModel", "County")),
        ("type", QT_TRANSLATE_NOOP("AccidentListModel", "Type")),
        ("casualties", QT_TRANSLATE_NOOP("AccidentListModel", "Casualties and loss")),
        ("grade", QT_TRANSLATE_NOOP("AccidentListModel", "Grade")),
        ("reporting", QT_TRANSLATE_NOOP("AccidentListModel", "Reports up")),
        ("listing", QT_TRANSLATE_NOOP("AccidentListModel", "Listing")),
    )

    def __init__(self, tree: JurisdictionTree, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tree = tree
        self.en = lang.startswith("en")
        self._rows: list[RegisterRow] = []
        self._headers = [self.tr(str(h)) for _, h in self.COLUMNS]

    def set_rows(self, rows: Sequence[RegisterRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[RegisterRow]:
        return list(self._rows)

    def accident_row(self, row: int) -> RegisterRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.accident_row(index.row()) if index.isValid() else None
        if row is None or not 0 <= index.column() < len(self.COLUMNS):
            return None
        key = self.COLUMNS[index.column()][0]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(row, key)
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == "grade":
                return QBrush(OVERDUE_COLOR) if row.view.grade != "一般" else None
            if key == "reporting" and row.reporting in ("late", "overdue"):
                return QBrush(OVERDUE_COLOR)
            return None
        if role == Qt.ItemDataRole.UserRole:
            return row.view.id
        return None

    def text(self, row: RegisterRow, key: str) -> str:
        view = row.view
        if key == "occurred":
            return view.occurred_at.strftime("%Y-%m-%d %H:%M")
        if key == "unit":
            return str(view["unit_name"] or "")
        if key == "county":
            unit = self.tree.units.get(str(view["authority_code"]))
            return unit.name if unit else str(view["authority_code"])
        if key == "type":
            sector = default_params().sector_name(str(view["sector"]))
            return f"{sector}·{view['accident_type']}"
        if key == "casualties":
            return view.figures.describe()
        if key == "grade":
            # the re-grade mark: the grades the reports went through
            return " → ".join(view.grades) if view.regraded else view.grade
        if key == "reporting":
            return status_text(row.reporting, self.en)
        zh, en = listing.STATUSES[row.listing.status]
        return "" if row.listing.status == "none" else (en if self.en else zh)


class AccidentsPage(QWidget):
    refreshed = Signal(int)  # rows shown after a query, -1 when it failed
    opened = Signal(str)
    case_requested = Signal(str, str)  # enterprise id, accident id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("accidentsPage")
        self.now: Callable[[], dt.datetime] = local_now  # tests fix it
        self.record_dialog: RecordAccidentDialog | None = None
        self._attached = False
        self.model = AccidentListModel(ctx.tree, ctx.lang, self)
        self._build()
        ctx.broadcaster.changes_applied.connect(self._on_changes)

    def _build(self) -> None:
        self.list_view = QWidget(self)
        self.county_combo = QComboBox(self.list_view)
        self.county_combo.setObjectName("countyFilter")
        self.county_combo.addItem(self.tr("All counties"), None)
        for unit in self.ctx.tree.reporting_units():
            self.county_combo.addItem(unit.name, unit.code)
        self.year_combo = QComboBox(self.list_view)
        self.year_combo.setObjectName("yearFilter")
        self.year_combo.addItem(self.tr("All years"), None)
        this_year = self.now().year
        for year in range(this_year, this_year - 6, -1):
            self.year_combo.addItem(str(year), year)
        self.grade_combo = QComboBox(self.list_view)
        self.grade_combo.setObjectName("gradeFilter")
        self.grade_combo.addItem(self.tr("All grades"), None)
        for grade in GRADES:
            self.grade_combo.addItem(grade, grade)
        self.sector_combo = QComboBox(self.list_view)
        self.sector_combo.setObjectName("sectorFilter")
        self.sector_combo.addItem(self.tr("All sectors"), None)
        en = self.ctx.lang.startswith("en")
        for code, (zh, en_name) in default_params().sectors.items():
            self.sector_combo.addItem(en_name if en else zh, code)
        self.combos = (self.county_combo, self.year_combo, self.grade_combo, self.sector_combo)
        for combo in self.combos:
            combo.currentIndexChanged.connect(self.refresh)
        self.count_label = QLabel(self.list_view)
        self.count_label.setObjectName("countLabel")
        self.record_button = QPushButton(self.tr("Record an accident…"), self.list_view)
        self.record_button.clicked.connect(lambda: self.record_accident())
        self.open_button = QPushButton(self.tr("Open"), self.list_view)
        self.export_button = QPushButton(self.tr("Export…"), self.list_view)
        self.export_button.clicked.connect(lambda: self.export())
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        for combo in self.combos:
            filters.addWidget(combo)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        for button in (self.open_button, self.export_button, self.record_button):
            filters.addWidget(button)

        self.table = QTableView(self.list_view)
        self.table.setObjectName("accidentList")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.doubleClicked.connect(self._open_index)
        self.open_button.clicked.connect(lambda: self._open_index(self.table.currentIndex()))
        header = self.table.horizontalHeader()
        for column, width in enumerate((130, 220, 80, 150, 300, 90, 80, 90)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        register_tab = QWidget(self.list_view)
        register_layout = QVBoxLayout(register_tab)
        register_layout.addLayout(filters)
        register_layout.addWidget(self.table, 1)
        self.notices = WarningNoticesPanel(self.ctx, self.list_view)
        self.notices.today = lambda: self.now().date()
        self.listings = ListingsPanel(self.ctx, self.list_view)
        self.listings.model.today = lambda: self.now().date()
        self.listings.open_requested.connect(self.open_accident)
        self.tabs = QTabWidget(self.list_view)
        self.tabs.setObjectName("accidentTabs")
        self.tabs.addTab(register_tab, self.tr("Accidents"))
        self.tabs.addTab(self.notices, self.tr("Warning notices"))
        self.tabs.addTab(self.listings, self.tr("Listed supervision"))
        self.checks = ReportChecksPanel(self.ctx, self.list_view)
        self.checks.today = lambda: self.now().date()
        self.tabs.addTab(self.checks, self.tr("Report checks"))
        list_layout = QVBoxLayout(self.list_view)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.tabs)

        self.accident_page = AccidentPage(self.ctx, self)
        self.accident_page.now = lambda: self.now()
        self.accident_page.closed.connect(self.show_list)
        self.accident_page.case_requested.connect(self.case_requested.emit)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.list_view)
        self.stack.addWidget(self.accident_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def attach(self, reader: Store) -> None:
        """Called once the database is open; the register is queried on the search thread."""
        del reader
        self._attached = True
        self.refresh()
        self.notices.attach()
        self.listings.attach()
        self.checks.attach()

    def filters(self) -> dict[str, Any]:
        keys = ("authority_code", "year", "grade", "sector")
        return {key: combo.currentData() for key, combo in zip(keys, self.combos, strict=True)}

    def refresh(self, *_args: Any) -> None:
        if not self._attached:
            return
        chosen, now = self.filters(), self.now()

        def task(store: Store, _context: TaskContext) -> list[RegisterRow]:
            return register(store.conn, now, **chosen)

        self.count_label.setText(self.tr("Loading…"))
        self.ctx.searcher.submit(
            task, on_done=self._show, on_error=self._failed, latest_only="accidents"
        )

    def _show(self, rows: list[RegisterRow]) -> None:
        self.model.set_rows(rows)
        late = sum(1 for r in rows if r.reporting in ("late", "overdue"))
        listed = sum(1 for r in rows if r.listing.open)
        self.count_label.setText(
            self.tr("Accidents: %1, reported late or overdue: %2, listed: %3")
            .replace("%1", str(len(rows)))
            .replace("%2", str(late))
            .replace("%3", str(listed))
        )
        self.refreshed.emit(len(rows))

    def _failed(self, exc: BaseException) -> None:
        self.count_label.setText(refusal_text(exc, self.ctx.lang))
        self.refreshed.emit(-1)

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.tables() & WATCHED_TABLES:
            self.refresh()

    # -- opening, recording, exporting -------------------------------------------------------

    def _open_index(self, index: QModelIndex) -> None:
        row = self.model.accident_row(index.row()) if index.isValid() else None
        if row is not None:
            self.open_accident(row.view.id)

    def open_accident(self, accident_id: str) -> None:
        self.accident_page.open(accident_id)
        self.stack.setCurrentWidget(self.accident_page)
        self.opened.emit(accident_id)

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_view)

    def record_accident(self, enterprise_id: str | None = None) -> RecordAccidentDialog:
        dialog = RecordAccidentDialog(self.ctx, self.now(), enterprise_id, self)
        dialog.recorded.connect(lambda accident_id, _o: self.open_accident(accident_id))
        self.record_dialog = dialog
        dialog.open()
        return dialog

    def export_table(self, rows: Sequence[RegisterRow] | None = None) -> export.Table:
        """The register as shown (its columns, its rows) for the workbook."""
        shown = self.model.rows() if rows is None else rows
        columns = [
            export.Column(self.model.headerData(n, Qt.Orientation.Horizontal))
            for n in range(self.model.columnCount())
        ]
        body = [[self.model.text(r, key) for key, _ in self.model.COLUMNS] for r in shown]
        return export.Table(self.tr("Accident register"), columns, body)

    def export(self, path: Any = None, on_done: Any = None) -> None:
        table = self.export_table()
        export_xlsx(self.ctx, self, table.title, lambda _store: [table], on_done=on_done, path=path)
