"""The on-site inspections area: the list of inspections (drafts first) and the editor."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_app.inspections import hazards, queries
from inspector_app.inspections import rules as inspection_rules
from inspector_app.store.changelog import ChangeSet
from inspector_app.store.database import Store
from ui.context import AppContext
from ui.inspection_editor import InspectionEditor
from ui.inspection_start import StartInspectionDialog

LIST_TABLES = {"inspection", "hazard", "inspection_officer"}


class InspectionsPage(QWidget):
    opened = Signal(str)  # an inspection is shown in the editor

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("inspectionsPage")
        self.stack = QStackedWidget(self)
        self.list_view = QWidget(self)
        self.table = QTableWidget(0, 6, self.list_view)
        self.table.setObjectName("inspectionList")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Enterprise"),
                self.tr("Kind"),
                self.tr("Started"),
                self.tr("Status"),
                self.tr("Officers"),
                self.tr("Hazards"),
            ]
        )
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(2, 150)
        self.table.setColumnWidth(4, 200)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.cellDoubleClicked.connect(lambda row, _c: self._open_row(row))
        self.new_button = QPushButton(self.tr("New inspection…"), self.list_view)
        self.new_button.clicked.connect(lambda: self.start_for(None))
        self.open_button = QPushButton(self.tr("Open inspection"), self.list_view)
        self.open_button.clicked.connect(lambda: self._open_row(self.table.currentRow()))
        self.count_label = QLabel(self.list_view)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.new_button)
        list_layout = QVBoxLayout(self.list_view)
        list_layout.addLayout(buttons)
        list_layout.addWidget(self.table, 1)
        self.editor = InspectionEditor(ctx, self)
        self.editor.closed.connect(self.show_list)
        self.stack.addWidget(self.list_view)
        self.stack.addWidget(self.editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.start_dialog: StartInspectionDialog | None = None
        ctx.broadcaster.changes_applied.connect(self._on_changes)

    def attach(self, reader: Store) -> None:
        self.refresh()

    def refresh(self) -> None:
        reader = self.ctx.reader
        if reader is None:
            return
        rules = inspection_rules.default_rules()
        en = self.ctx.lang.startswith("en")
        rows = queries.recent(reader.conn)
        self.table.setRowCount(len(rows))
        for n, row in enumerate(rows):
            kind = rules.kinds.get(row.kind)
            status = self.tr("Signed") if row.status == "signed" else self.tr("Draft")
            if row.amends_id:
                status += " · " + self.tr("correction")
            cells = (
                row.enterprise_name,
                (kind.en if en else kind.zh) if kind else row.kind,
                row.started_at[:16].replace("T", " "),
                status,
                row.officers,
                str(row.hazards),
            )
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, row.id)
                self.table.setItem(n, column, item)
        self.count_label.setText(self.tr("%n inspection(s)", "", len(rows)))

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.tables() & LIST_TABLES and self.stack.currentWidget() is self.list_view:
            self.refresh()

    def _open_row(self, row: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.open_inspection(str(item.data(Qt.ItemDataRole.UserRole)))

    def open_inspection(self, inspection_id: str) -> None:
        self.editor.open(inspection_id)
        self.stack.setCurrentWidget(self.editor)
        self.opened.emit(inspection_id)

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_view)
        self.refresh()

    def start_for(self, enterprise_id: str | None) -> StartInspectionDialog:
        dialog = StartInspectionDialog(self.ctx, enterprise_id, self)
        dialog.started.connect(self.open_inspection)
        self.start_dialog = dialog
        dialog.open()
        return dialog

    def review(self, hazard_ids: list[str]) -> StartInspectionDialog | None:
        """Start the review of ordered hazards (one enterprise): officers first, then the
        review opens in the editor with the hazards as its checklist."""
        reader = self.ctx.reader
        first = hazards.get(reader.conn, hazard_ids[0]) if reader and hazard_ids else None
        if first is None:
            return None
        dialog = StartInspectionDialog(
            self.ctx, str(first["enterprise_id"]), self, review_of=hazard_ids
        )
        dialog.started.connect(self.open_inspection)
        self.start_dialog = dialog
        dialog.open()
        return dialog
