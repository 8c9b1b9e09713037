"""Local checklist items (administrators): the city's own items beside the shipped checklists.
Each is checked by the domain's rules (``checklists.validate_local_item``), the broken rule
shown beside the form; items are switched off, never deleted. The writes run on the writer
thread; the server accepts them from administrators only."""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_app.inspections import local_checklist
from inspector_app.inspections.checklists import SPECIAL_OPERATIONS
from inspector_app.store.changelog import UnitOfWork
from ui.context import AppContext
from ui.ops import run_op


class LocalChecklistDialog(QDialog):
    saved = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("localChecklistDialog")
        self.setWindowTitle(self.tr("Local checklist items"))
        self.resize(860, 560)
        en = ctx.lang.startswith("en")
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("localItems")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Code"),
                self.tr("Item"),
                self.tr("Basis"),
                self.tr("Applies to"),
                self.tr("In use"),
            ]
        )
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.toggle_button = QPushButton(self.tr("Switch on/off"), self)
        self.toggle_button.clicked.connect(self.toggle_current)

        self.code = QLineEdit(self)
        self.code.setPlaceholderText("LOCAL-001")
        self.text = QLineEdit(self)
        self.basis = QLineEdit(self)
        self.applies = QComboBox(self)
        self.applies.addItem(self.tr("Every enterprise"), {"all": True})
        for code, name in self.ctx.classes.industries.items():
            self.applies.addItem(
                self.tr("Industry: %1").replace("%1", name if en else code),
                {"industries": [code]},
            )
        for code, (zh, english) in SPECIAL_OPERATIONS.items():
            self.applies.addItem(
                self.tr("Operation: %1").replace("%1", english if en else zh),
                {"special_operation": code},
            )
        self.major = QCheckBox(self.tr("Major hazard item"), self)
        self.error = QLabel(self)
        self.error.setObjectName("localItemError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.add_button = QPushButton(self.tr("Add item"), self)
        self.add_button.clicked.connect(self.add)
        form = QFormLayout()
        form.addRow(self.tr("Code"), self.code)
        form.addRow(self.tr("Item"), self.text)
        form.addRow(self.tr("Basis"), self.basis)
        form.addRow(self.tr("Applies to"), self.applies)
        form.addRow("", self.major)
        buttons = QHBoxLayout()
        buttons.addWidget(self.toggle_button)
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        reader = self.ctx.open_reader()
        rows = local_checklist.rows(reader.conn)
        self.table.setRowCount(len(rows))
        for n, row in enumerate(rows):
            applies = json.loads(row["applies"])
            where = (
                "、".join(applies.get("industries", []))
                or SPECIAL_OPERATIONS.get(applies.get("special_operation", ""), ("",))[0]
                or self.tr("Every enterprise")
            )
            cells = (
                row["code"],
                row["text"],
                row["basis"],
                where,
                self.tr("Yes") if row["active"] else self.tr("No"),
            )
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, row["id"])
                    item.setData(Qt.ItemDataRole.UserRole + 1, bool(row["active"]))
                self.table.setItem(n, column, item)

    def _run(self, op: Callable[[UnitOfWork], object]) -> None:
        def done(_result: object) -> None:
            self.error.clear()
            self.refresh()
            self.saved.emit()

        run_op(self.ctx, op, on_done=done, say=self.error.setText)

    def add(self) -> None:
        raw = {
            "code": self.code.text(),
            "text": self.text.text(),
            "basis": self.basis.text(),
            "applies": self.applies.currentData(),
            "major": self.major.isChecked(),
        }
        catalogue = self.ctx.catalogue()
        self._run(lambda uow: local_checklist.add(uow, raw, catalogue))

    def toggle_current(self) -> None:
        cell = self.table.item(self.table.currentRow(), 0)
        if cell is None:
            return
        item_id = str(cell.data(Qt.ItemDataRole.UserRole))
        active = bool(cell.data(Qt.ItemDataRole.UserRole + 1))
        self._run(lambda uow: local_checklist.set_active(uow, item_id, not active))
