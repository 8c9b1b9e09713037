"""The hazard board (隐患闭环): open, due, overdue and closed hazards, most urgent first.

The list is computed by ``board.board`` on the search thread: states are derived from the
events there, so the GUI thread only formats rows. The board refreshes when an operation
changes hazards, their events or inspections. Selecting hazards of one enterprise that await
rectification offers their review; the main window opens the review flow.
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
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector_app.inspections import board, hazards
from inspector_app.inspections.board import BoardFilter, BoardRow
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store.changelog import ChangeSet, UnitOfWork
from inspector_app.store.database import Store
from ui.context import AppContext
from ui.export import export_button
from ui.ops import run_op
from ui.row_table import Index, RowTableModel
from ui.tasks import TaskContext

# the tables whose changes can change what the board shows
WATCHED_TABLES = frozenset({"hazard", "hazard_event", "inspection"})
# states a review (整改复查) can follow; see ``reviews.start_review``
REVIEWABLE_STATES = frozenset({"ordered", "review_failed"})
OVERDUE_COLOR = QColor("#c62828")


class HazardBoardModel(RowTableModel):
    """The rows ``board.board`` returned, in its order (most urgent first).

    A board holds the hazards of one jurisdiction, a few thousand at most, and each row is
    already computed on the search thread: the model keeps them as they came.
    """

    COLUMNS = (
        ("enterprise", QT_TRANSLATE_NOOP("HazardBoardModel", "Enterprise")),
        ("description", QT_TRANSLATE_NOOP("HazardBoardModel", "Hazard")),
        ("location", QT_TRANSLATE_NOOP("HazardBoardModel", "Location")),
        ("major", QT_TRANSLATE_NOOP("HazardBoardModel", "Major")),
        ("found_on", QT_TRANSLATE_NOOP("HazardBoardModel", "Found on")),
        ("deadline", QT_TRANSLATE_NOOP("HazardBoardModel", "Deadline")),
        ("state", QT_TRANSLATE_NOOP("HazardBoardModel", "State")),
        ("overdue", QT_TRANSLATE_NOOP("HazardBoardModel", "Days overdue")),
    )

    def __init__(self, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names = 1 if lang.startswith("en") else 0  # index into hazards.STATES values
        self._rows: list[BoardRow] = []
        self._today = dt.date.today()
        self._headers = [self.tr(str(h)) for _, h in self.COLUMNS]
        self._yes = self.tr("Yes")
        self._anomaly_note = self.tr(
            "Some events recorded on other devices did not fit this hazard's history and were "
            "kept aside; check its inspection."
        )

    # -- content ---------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[BoardRow], today: dt.date) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._today = today
        self.endResetModel()

    def board_row(self, row: int) -> BoardRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def hazard_ids(self) -> list[str]:
        return [str(r.hazard["id"]) for r in self._rows]

    def row_of(self, hazard_id: str) -> int | None:
        for n, r in enumerate(self._rows):
            if r.hazard["id"] == hazard_id:
                return n
        return None

    @property
    def today(self) -> dt.date:
        """The day the rows' overdue days are counted from."""
        return self._today

    def overdue_days(self, row: BoardRow) -> int | None:
        deadline = row.state.deadline
        if deadline is None or not row.state.overdue(self._today):
            return None
        return (self._today - deadline).days

    def overdue_count(self) -> int:
        return sum(1 for r in self._rows if r.state.overdue(self._today))

    # -- Qt model interface ----------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.board_row(index.row())
        if row is None or not 0 <= index.column() < len(self.COLUMNS):
            return None
        field = self.COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, field)
        if role == Qt.ItemDataRole.ForegroundRole and field in ("deadline", "overdue"):
            return QBrush(OVERDUE_COLOR) if self.overdue_days(row) is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole and field in ("major", "overdue"):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if field in ("enterprise", "description", "location"):
                return self._display(row, field) or None
            if field == "state" and row.state.anomalies:
                return self._anomaly_note
        if role == Qt.ItemDataRole.UserRole:
            return row.hazard["id"]
        return None

    def _display(self, row: BoardRow, field: str) -> str:
        hazard = row.hazard
        if field == "enterprise":
            return row.enterprise_name
        if field == "major":
            return self._yes if hazard["major"] else "—"
        if field == "deadline":
            # the deadline in force (after extensions); before an order, the one proposed
            deadline = row.state.deadline
            return deadline.isoformat() if deadline else str(hazard["deadline"] or "")
        if field == "state":
            names = hazards.STATES.get(row.state.state)
            if names is None:
                return row.state.state
            return names[self._names]
        if field == "overdue":
            days = self.overdue_days(row)
            return "" if days is None else str(days)
        value = hazard.get(field)
        return "" if value is None else str(value)


class HazardBoardPage(QWidget):
    review_requested = Signal(list)  # hazard ids: one enterprise, all awaiting a review
    inspection_requested = Signal(str)  # the id of the inspection that found the hazard
    case_requested = Signal(str, str)  # enterprise id, hazard id: open its penalty case
    refreshed = Signal(int)  # rows shown after a query, -1 when it failed

    VIEWS = (
        ("open", QT_TRANSLATE_NOOP("HazardBoardPage", "Not rectified")),
        ("due_week", QT_TRANSLATE_NOOP("HazardBoardPage", "Due this week")),
        ("overdue", QT_TRANSLATE_NOOP("HazardBoardPage", "Overdue")),
        ("closed", QT_TRANSLATE_NOOP("HazardBoardPage", "Closed")),
        ("all", QT_TRANSLATE_NOOP("HazardBoardPage", "All")),
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("hazardBoardPage")
        # the day "overdue" and "due this week" are counted from; tests fix it
        self.today: Callable[[], dt.date] = dt.date.today
        self._model: HazardBoardModel | None = None
        self._task: TaskContext | None = None
        self._build()
        ctx.broadcaster.changes_applied.connect(self._on_changes)

    # -- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.view_tabs = QTabBar(self)
        self.view_tabs.setObjectName("viewTabs")
        self.view_tabs.setDocumentMode(True)
        self.view_tabs.setExpanding(False)
        self.view_tabs.setDrawBase(False)
        for n, (view, title) in enumerate(self.VIEWS):
            self.view_tabs.addTab(self.tr(str(title)))
            self.view_tabs.setTabData(n, view)
        self.view_tabs.currentChanged.connect(self._filters_changed)

        self.county_combo = QComboBox(self)
        self.county_combo.setObjectName("countyFilter")
        self.county_combo.addItem(self.tr("All counties"), None)
        for unit in self.ctx.tree.reporting_units():
            self.county_combo.addItem(unit.name, unit.code)
        self.county_combo.currentIndexChanged.connect(self._county_changed)

        self.town_combo = QComboBox(self)
        self.town_combo.setObjectName("townFilter")
        self.town_combo.addItem(self.tr("All towns"), None)
        self.town_combo.setEnabled(False)
        self.town_combo.currentIndexChanged.connect(self._filters_changed)

        self.industry_combo = QComboBox(self)
        self.industry_combo.setObjectName("industryFilter")
        self.industry_combo.addItem(self.tr("All industries"), None)
        for code, english in self.ctx.classes.industries.items():
            self.industry_combo.addItem(english if self.ctx.lang.startswith("en") else code, code)
        self.industry_combo.currentIndexChanged.connect(self._filters_changed)

        self.major_combo = QComboBox(self)
        self.major_combo.setObjectName("majorFilter")
        self.major_combo.addItem(self.tr("Major and general"), None)
        self.major_combo.addItem(self.tr("Major hazards"), "major")
        self.major_combo.addItem(self.tr("General hazards"), "general")
        self.major_combo.currentIndexChanged.connect(self._filters_changed)

        self.busy = QProgressBar(self)
        self.busy.setObjectName("busyIndicator")
        self.busy.setRange(0, 0)  # no known length: the bar just moves
        self.busy.setTextVisible(False)
        self.busy.setFixedWidth(80)
        self.busy.setMaximumHeight(12)
        self.busy.setVisible(False)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")

        self.review_button = QPushButton(self.tr("Review…"), self)
        self.review_button.setObjectName("reviewButton")
        self.review_button.setToolTip(
            self.tr("Review the selected hazards (one enterprise, rectification ordered)")
        )
        self.review_button.setEnabled(False)
        self.review_button.clicked.connect(self.request_review)
        self.escalate_button = QPushButton(self.tr("Open a penalty case…"), self)
        self.escalate_button.setObjectName("escalateButton")
        self.escalate_button.setToolTip(
            self.tr("The review failed: the hazard goes to a penalty case (安全生产法 Art. 102)")
        )
        self.escalate_button.setEnabled(False)
        self.escalate_button.clicked.connect(self.escalate)

        top = QHBoxLayout()
        top.addWidget(self.view_tabs)
        top.addStretch(1)
        top.addWidget(self.escalate_button)
        top.addWidget(self.review_button)
        self.export_button = export_button(
            self.ctx,
            self,
            lambda: (
                self.tr("Hazards") + " · " + self.view_tabs.tabText(self.view_tabs.currentIndex())
            ),
            lambda: self.table.model(),
        )
        top.addWidget(self.export_button)
        filters = QHBoxLayout()
        for widget in (self.county_combo, self.town_combo, self.industry_combo, self.major_combo):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.busy)
        filters.addWidget(self.count_label)

        self.table = QTableView(self)
        self.table.setObjectName("hazardTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.doubleClicked.connect(self._open_inspection)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

    # -- wiring after the store is open ----------------------------------------------------

    def attach(self, reader: Store) -> None:
        """Called once the database is open: build the model and list the hazards.

        The board is queried on the search thread's own connection; ``reader`` is taken for
        the same call as the other pages."""
        del reader
        self._model = HazardBoardModel(self.ctx.lang, self)
        self.table.setModel(self._model)
        header = self.table.horizontalHeader()
        widths = (220, 320, 120, 50, 95, 95, 90, 80)
        for column, width in enumerate(widths):
            # never narrower than the title: English titles are longer than Chinese ones
            header.resizeSection(column, max(width, header.sectionSizeHint(column)))
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.refresh()

    @property
    def model(self) -> HazardBoardModel | None:
        return self._model

    # -- filters ---------------------------------------------------------------------------

    def view(self) -> str:
        return str(self.view_tabs.tabData(self.view_tabs.currentIndex()))

    def set_view(self, view: str) -> None:
        for n, (key, _title) in enumerate(self.VIEWS):
            if key == view:
                self.view_tabs.setCurrentIndex(n)
                return
        raise ValueError(f"unknown hazard board view {view!r}")

    def current_filter(self) -> BoardFilter:
        """What ``board.board`` is asked for. A zone is not a county: it is filtered by the
        supervising unit after the query (see ``_in_zone``)."""
        county = self._unit_choice()
        major = self.major_combo.currentData()
        return BoardFilter(
            view=self.view(),
            county_code=county if county and self.ctx.tree.get(county).level == "county" else None,
            town_code=self.town_combo.currentData(),
            industry=self.industry_combo.currentData(),
            major=None if major is None else major == "major",
        )

    def _unit_choice(self) -> str | None:
        code = self.county_combo.currentData()
        return str(code) if code else None

    def _county_changed(self) -> None:
        code = self._unit_choice()
        tree = self.ctx.tree
        towns = []
        if code and tree.get(code).level == "county":
            towns = tree.towns_of(code)
        elif code:
            towns = [tree.get(c) for c in tree.get(code).covers]
        with QSignalBlocker(self.town_combo):
            self.town_combo.clear()
            self.town_combo.addItem(self.tr("All towns"), None)
            for town in towns:
                self.town_combo.addItem(town.name, town.code)
        self.town_combo.setEnabled(bool(towns))
        self.refresh()

    def _filters_changed(self) -> None:
        self.refresh()

    # -- querying --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Query the board again with the current view, filters and day."""
        if self._model is None:
            return
        flt = self.current_filter()
        code = self._unit_choice()
        zone = code if code and self.ctx.tree.get(code).level == "zone" else None
        tree = self.ctx.tree
        today = self.today()

        def task(store: Store, _context: TaskContext) -> list[BoardRow]:
            rows = board.board(store.conn, today, flt)
            if zone is not None:
                rows = [r for r in rows if _in_zone(tree, r, zone)]
            return rows

        self.busy.setVisible(True)
        self.count_label.setText(self.tr("Loading…"))
        self._task = self.ctx.searcher.submit(
            task,
            on_done=lambda rows: self._show(rows, today),
            on_error=self._failed,
            latest_only="hazard_board",  # a newer query of this page replaces the older one
        )

    def _show(self, rows: list[BoardRow], today: dt.date) -> None:
        assert self._model is not None
        self._task = None
        self.busy.setVisible(False)
        keep = self.selected_ids()
        self._model.set_rows(rows, today)
        self._reselect(keep)
        self.count_label.setText(
            self.tr("Hazards: %1, overdue: %2")
            .replace("%1", str(len(rows)))
            .replace("%2", str(self._model.overdue_count()))
        )
        self._update_review_button()
        self.refreshed.emit(len(rows))

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self.busy.setVisible(False)
        self.count_label.setText(
            self.tr("The hazards could not be listed: %1").replace("%1", str(exc))
        )
        self.refreshed.emit(-1)

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.tables() & WATCHED_TABLES:
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._model is None:
            return
        # a board left open overnight counts from the new day
        if self._model.today != self.today():
            self.refresh()

    # -- selection -------------------------------------------------------------------------

    def selected_rows(self) -> list[BoardRow]:
        if self._model is None:
            return []
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        found = (self._model.board_row(n) for n in rows)
        return [r for r in found if r is not None]

    def selected_ids(self) -> list[str]:
        return [str(r.hazard["id"]) for r in self.selected_rows()]

    def select_hazards(self, hazard_ids: Sequence[str]) -> None:
        self._reselect(hazard_ids)

    def _reselect(self, hazard_ids: Sequence[str]) -> None:
        """Select these hazards where they are listed (after a refresh, say)."""
        if self._model is None:
            return
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
        for hazard_id in hazard_ids:
            row = self._model.row_of(hazard_id)
            if row is not None:
                selection.select(self._model.index(row, 0), flags)

    def _selection_changed(self) -> None:
        self._update_review_button()

    def reviewable(self) -> bool:
        """A review covers hazards of one enterprise awaiting one (``reviews.start_review``)."""
        rows = self.selected_rows()
        return (
            bool(rows)
            and len({r.hazard["enterprise_id"] for r in rows}) == 1
            and all(r.state.state in REVIEWABLE_STATES for r in rows)
        )

    def _update_review_button(self) -> None:
        self.review_button.setEnabled(self.reviewable())
        self.escalate_button.setEnabled(self.escalatable())

    def escalatable(self) -> bool:
        """A failed review offers a penalty case (the case itself is recorded in the cases
        area; the event keeps the link)."""
        rows = self.selected_rows()
        return bool(rows) and all(r.state.state == "review_failed" for r in rows)

    def escalate(self, note: str | None = None) -> None:
        """Record that the selected hazards go to a penalty case (the ``escalated`` event)."""
        if not self.escalatable():
            return
        if note is None:
            text, ok = QInputDialog.getText(
                self,
                self.tr("Open a penalty case"),
                self.tr("Why the hazard goes to a case (kept with the hazard):"),
                text=self.tr("Not rectified at the review: case to be filed"),
            )
            if not ok:
                return
            note = text
        ids, day = self.selected_ids(), self.today()
        enterprise_id = str(self.selected_rows()[0].hazard["enterprise_id"])

        def op(uow: UnitOfWork) -> None:
            for hazard_id in ids:
                hazards.record_event(uow, hazard_id, "escalated", day, note=note or "")

        def done(_result: None) -> None:
            if len(ids) == 1:  # one hazard, one case file to open now
                self.case_requested.emit(enterprise_id, ids[0])

        run_op(self.ctx, op, on_done=done, parent=self)

    def request_review(self) -> None:
        if self.reviewable():
            self.review_requested.emit(self.selected_ids())

    def _open_inspection(self, index: QModelIndex) -> None:
        row = self._model.board_row(index.row()) if self._model is not None else None
        if row is not None:
            self.inspection_requested.emit(str(row.hazard["inspection_id"]))


def _in_zone(tree: JurisdictionTree, row: BoardRow, zone: str) -> bool:
    """Whether the hazard's supervising unit reports under the zone (a park in it, say)."""
    unit = row.hazard["supervising_unit"]
    if not unit or unit not in tree.units:
        return False
    return unit == zone or tree.reporting_unit(unit).code == zone
