"""The penalty cases area: the list of cases (most urgent deadline first) with its filters, and
the case page in the same stack; new cases are opened with ``NewCaseDialog``.

The list is computed on the search thread (``cases.listing.list_cases``): each case's stage and
deadlines are derived from its steps there, so the GUI thread only shows rows. It refreshes when an
operation changes cases or their steps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QModelIndex,
    QObject,
    QSignalBlocker,
    Qt,
    Signal,
)
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
    QVBoxLayout,
    QWidget,
)

from inspector_app.cases.listing import CaseFilter, CaseList, CaseRow, list_cases
from inspector_app.cases.workdays import default_calendar
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store.changelog import ChangeSet
from inspector_app.store.database import Store
from ui.case_page import OVERDUE_COLOR, STAGES, CasePage, days_text, stage_name, stage_width
from ui.context import AppContext
from ui.crash import refusal_text
from ui.export import export_button
from ui.new_case_dialog import NewCaseDialog
from ui.row_table import Index, RowTableModel
from ui.tasks import TaskContext

WATCHED_TABLES = frozenset({"penalty_case", "case_step"})


class CaseListModel(RowTableModel):
    """The rows ``list_cases`` returned, in its order (a city's cases: thousands at most)."""

    COLUMNS = (
        ("number", QT_TRANSLATE_NOOP("CaseListModel", "Case number")),
        ("party", QT_TRANSLATE_NOOP("CaseListModel", "Party")),
        ("cause", QT_TRANSLATE_NOOP("CaseListModel", "Cause")),
        ("stage", QT_TRANSLATE_NOOP("CaseListModel", "Stage")),
        ("deadline", QT_TRANSLATE_NOOP("CaseListModel", "Next deadline")),
        ("officers", QT_TRANSLATE_NOOP("CaseListModel", "Officers")),
        ("county", QT_TRANSLATE_NOOP("CaseListModel", "County")),
    )

    def __init__(self, tree: JurisdictionTree, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tree = tree
        self._rows: list[CaseRow] = []
        self._headers = [self.tr(str(h)) for _, h in self.COLUMNS]

    def set_rows(self, rows: Sequence[CaseRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def case_row(self, row: int) -> CaseRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def case_ids(self) -> list[str]:
        return [r.id for r in self._rows]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.case_row(index.row()) if index.isValid() else None
        if row is None or not 0 <= index.column() < len(self.COLUMNS):
            return None
        field = self.COLUMNS[index.column()][0]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display(row, field, role == Qt.ItemDataRole.ToolTipRole)
        if role == Qt.ItemDataRole.ForegroundRole and field == "deadline":
            overdue = row.deadline is not None and row.deadline.overdue
            return QBrush(OVERDUE_COLOR) if overdue else None
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def _display(self, row: CaseRow, field: str, tip: bool) -> str:
        if field == "number":
            return row.number or stage_name("new")
        if field == "stage":
            return stage_name(row.stage)
        if field == "deadline":
            if row.deadline is None:
                return ""
            when = f"{row.deadline.due.isoformat()}（{days_text(row.deadline.days_left)}）"
            return f"{row.deadline.what}：{when}" if tip else when
        if field == "county":
            unit = self.tree.units.get(row.county_code)
            return unit.name if unit else row.county_code
        return str(getattr(row, field))


class CasesPage(QWidget):
    opened = Signal(str)  # a case is shown on the case page
    refreshed = Signal(int)  # rows shown after a query, -1 when it failed

    DUE = (
        ("", QT_TRANSLATE_NOOP("CasesPage", "Any deadline")),
        ("overdue", QT_TRANSLATE_NOOP("CasesPage", "Overdue")),
        ("soon", QT_TRANSLATE_NOOP("CasesPage", "Due within 7 days")),
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("casesPage")
        # the day deadlines are counted from (the case page's too); tests fix it
        self.today: Callable[[], dt.date] = dt.date.today
        self.new_dialog: NewCaseDialog | None = None
        self._attached = False
        self.model = CaseListModel(ctx.tree, self)
        self._build()
        ctx.broadcaster.changes_applied.connect(self._on_changes)

    def _build(self) -> None:
        self.list_view = QWidget(self)
        self.stage_combo = QComboBox(self.list_view)
        self.stage_combo.setObjectName("stageFilter")
        self.stage_combo.addItem(self.tr("All stages"), None)
        for key, _name, covered in STAGES:
            self.stage_combo.addItem(stage_name(covered[0]), key)
        self.due_combo = QComboBox(self.list_view)
        self.due_combo.setObjectName("dueFilter")
        for key, title in self.DUE:
            self.due_combo.addItem(self.tr(str(title)), key or None)
        self.officer_combo = QComboBox(self.list_view)
        self.officer_combo.setObjectName("officerFilter")
        self.officer_combo.addItem(self.tr("All officers"), None)
        self.county_combo = QComboBox(self.list_view)
        self.county_combo.setObjectName("countyFilter")
        self.county_combo.addItem(self.tr("All counties"), None)
        for unit in self.ctx.tree.reporting_units():
            self.county_combo.addItem(unit.name, unit.code)
        for combo in (self.stage_combo, self.due_combo, self.officer_combo, self.county_combo):
            combo.currentIndexChanged.connect(self.refresh)
        self.count_label = QLabel(self.list_view)
        self.count_label.setObjectName("countLabel")
        self.new_button = QPushButton(self.tr("New case…"), self.list_view)
        self.new_button.clicked.connect(lambda: self.new_case())
        self.open_button = QPushButton(self.tr("Open"), self.list_view)
        filters = QHBoxLayout()
        for combo in (self.stage_combo, self.due_combo, self.officer_combo, self.county_combo):
            filters.addWidget(combo)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        filters.addWidget(self.open_button)
        filters.addWidget(self.new_button)
        self.export_button = export_button(
            self.ctx, self.list_view, lambda: self.tr("Penalty cases"), lambda: self.model
        )
        filters.addWidget(self.export_button)

        self.table = QTableView(self.list_view)
        self.table.setObjectName("caseList")
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
        for column, width in enumerate((240, 220, 240, 110, 230, 130, 90)):
            header.resizeSection(column, max(width, header.sectionSizeHint(column)))
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # every stage's name whole, in either language
        header.resizeSection(3, max(header.sectionSize(3), stage_width(self.table.fontMetrics())))
        list_layout = QVBoxLayout(self.list_view)
        list_layout.addLayout(filters)
        list_layout.addWidget(self.table, 1)

        self.case_page = CasePage(self.ctx, self)
        self.case_page.today = lambda: self.today()
        self.case_page.closed.connect(self.show_list)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.list_view)
        self.stack.addWidget(self.case_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def attach(self, reader: Store) -> None:
        """Called once the database is open; the list is queried on the search thread."""
        del reader
        self._attached = True
        self.refresh()

    # -- the list ----------------------------------------------------------------------------

    def current_filter(self) -> CaseFilter:
        def chosen(combo: QComboBox) -> str | None:
            data = combo.currentData()
            return str(data) if data else None

        key = chosen(self.stage_combo)
        covered = next((c for k, _name, c in STAGES if k == key), ())
        return CaseFilter(
            stages=frozenset(covered),
            due=chosen(self.due_combo),
            officer_id=chosen(self.officer_combo),
            county_code=chosen(self.county_combo),
        )

    def refresh(self, *_args: Any) -> None:
        if not self._attached:
            return
        flt, tree, today, calendar = (
            self.current_filter(),
            self.ctx.tree,
            self.today(),
            default_calendar(),
        )

        def task(store: Store, _context: TaskContext) -> CaseList:
            return list_cases(store.conn, tree, today, calendar, flt)

        self.count_label.setText(self.tr("Loading…"))
        self.ctx.searcher.submit(
            task, on_done=self._show, on_error=self._failed, latest_only="cases"
        )

    def _show(self, found: CaseList) -> None:
        keep = self.officer_combo.currentData()
        with QSignalBlocker(self.officer_combo):
            self.officer_combo.clear()
            self.officer_combo.addItem(self.tr("All officers"), None)
            for officer_id, name in found.officers:
                self.officer_combo.addItem(name, officer_id)
            self.officer_combo.setCurrentIndex(max(self.officer_combo.findData(keep), 0))
        self.model.set_rows(found.rows)
        overdue = sum(1 for r in found.rows if r.deadline is not None and r.deadline.overdue)
        self.count_label.setText(
            self.tr("Cases: %1, overdue: %2")
            .replace("%1", str(len(found.rows)))
            .replace("%2", str(overdue))
        )
        self.refreshed.emit(len(found.rows))

    def _failed(self, exc: BaseException) -> None:
        self.count_label.setText(
            self.tr("The cases could not be listed: %1").replace(
                "%1", refusal_text(exc, self.ctx.lang)
            )
        )
        self.refreshed.emit(-1)

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.tables() & WATCHED_TABLES:
            self.refresh()

    # -- opening -----------------------------------------------------------------------------

    def _open_index(self, index: QModelIndex) -> None:
        row = self.model.case_row(index.row()) if index.isValid() else None
        if row is not None:
            self.open_case(row.id)

    def open_case(self, case_id: str) -> None:
        self.case_page.open(case_id)
        self.stack.setCurrentWidget(self.case_page)
        self.opened.emit(case_id)

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_view)

    def new_case(
        self, enterprise_id: str | None = None, source: str = "inspection", source_id: str = ""
    ) -> NewCaseDialog:
        """Open the new-case dialog (from a hazard, an inspection or the list); the case
        opens on the case page once it is written."""
        dialog = NewCaseDialog(self.ctx, enterprise_id, source, source_id, self.today(), self)
        dialog.created.connect(self.open_case)
        self.new_dialog = dialog
        dialog.open()
        return dialog
