"""The inspection editor's checklist, built for a laptop keyboard: arrow keys move; ``1``
compliant, ``2`` hazard, ``3`` not applicable, ``0``/Delete clears, and the cursor moves to the
next item; a double click asks for a note. The table says what was chosen (``verdict_chosen``,
``note_given``); the editor writes it, and what a verdict does to the hazards is the domain's
(``inspections.verdicts``)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QInputDialog,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from inspector_app.inspections.inspections import ItemVerdict

VERDICT_KEYS = {
    Qt.Key.Key_1: "compliant",
    Qt.Key.Key_2: "hazard",
    Qt.Key.Key_3: "not_applicable",
    Qt.Key.Key_0: "",
    Qt.Key.Key_Delete: "",
}
VERDICT_COLOURS = {"compliant": "#1b7f3b", "hazard": "#b00020", "not_applicable": "#777777"}
TEXT, MAJOR, BASIS, VERDICT, NOTE = range(5)


class ChecklistTable(QTableWidget):
    verdict_chosen = Signal(str, str)  # item code, verdict ("" clears)
    note_given = Signal(str, str)  # item code, note

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self.setObjectName("checklistTable")
        self.editable = False
        self.setHorizontalHeaderLabels(
            [
                self.tr("Item"),
                self.tr("Major"),
                self.tr("Basis"),
                self.tr("Verdict"),
                self.tr("Note"),
            ]
        )
        self.horizontalHeader().setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(MAJOR, 40)
        self.setColumnWidth(BASIS, 130)
        self.setColumnWidth(VERDICT, 70)
        self.setColumnWidth(NOTE, 100)
        self.setWordWrap(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.cellDoubleClicked.connect(self._edit_note)

    def keys_help(self) -> str:
        return self.tr(
            "Keys: ↑↓ move · 1 compliant · 2 hazard · 3 not applicable · 0 clear · "
            "double-click for a note"
        )

    def load(self, rows: Sequence[ItemVerdict]) -> None:
        current = self.currentRow()
        self.setRowCount(len(rows))
        for row, item in enumerate(rows):
            cells = (
                item.item_text,
                self.tr("Yes") if item.major else "",
                item.basis,
                self.verdict_name(item.verdict),
                item.note,
            )
            for column, value in enumerate(cells):
                cell = QTableWidgetItem(value)
                if column == TEXT:
                    cell.setData(Qt.ItemDataRole.UserRole, item.item_code)
                    cell.setToolTip(f"{item.item_code}\n{item.item_text}")
                if column == VERDICT and item.verdict:
                    cell.setForeground(Qt.GlobalColor.white)
                    cell.setBackground(QBrush(QColor(VERDICT_COLOURS[item.verdict])))
                self.setItem(row, column, cell)
        self.resizeRowsToContents()
        if 0 <= current < len(rows):
            self.selectRow(current)

    def verdict_name(self, verdict: str) -> str:
        return {
            "compliant": self.tr("Compliant"),
            "hazard": self.tr("Hazard"),
            "not_applicable": self.tr("N/A"),
        }.get(verdict, "")

    def code_at(self, row: int) -> str | None:
        cell = self.item(row, TEXT)
        return str(cell.data(Qt.ItemDataRole.UserRole)) if cell is not None else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in VERDICT_KEYS and self.editable:
            self.set_verdict_at(self.currentRow(), VERDICT_KEYS[Qt.Key(key)])
            return
        super().keyPressEvent(event)

    def set_verdict_at(self, row: int, verdict: str) -> None:
        """Show the verdict at once, move to the next item, and say it was chosen."""
        code = self.code_at(row)
        if code is None:
            return
        verdict_cell = self.item(row, VERDICT)
        if verdict_cell is not None:
            verdict_cell.setText(self.verdict_name(verdict))
        if row + 1 < self.rowCount():
            self.selectRow(row + 1)
        self.verdict_chosen.emit(code, verdict)

    def _edit_note(self, row: int, _column: int) -> None:
        code, cell = self.code_at(row), self.item(row, TEXT)
        if not self.editable or code is None or cell is None:
            return
        note_cell = self.item(row, NOTE)
        text, ok = QInputDialog.getText(
            self, self.tr("Note"), cell.text()[:60], text=note_cell.text() if note_cell else ""
        )
        if ok:
            self.note_given.emit(code, text)
