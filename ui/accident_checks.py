"""The quarterly check of accident investigation reports (事故报告检查制度) as a register beside
the accident register: the quarter's collected reports (approved in the quarter) with their
latest check, the check of one report against the checklist of ``resources/accidents.json``,
and the quarter's bulletin issued as a numbered document once every report is checked.

Read on the search thread (``accidents.queries.quarter_checks``); written through ``ui.ops``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_app.accidents import report_checks
from inspector_app.accidents.params import default_params
from inspector_app.accidents.queries import QuarterChecks, quarter_checks
from inspector_app.documents import issued
from inspector_app.messages import Bilingual
from inspector_app.registry import officers
from inspector_app.store.changelog import ChangeSet
from inspector_app.store.database import Store
from ui.accident_dialogs import form_error_label
from ui.accident_registers import table_view
from ui.case_steps import date_edit, from_qdate
from ui.context import AppContext
from ui.crash import refusal_text
from ui.issued_view import issued_pdf, preview_issued
from ui.ops import run_op
from ui.row_table import Index, RowTableModel
from ui.tasks import TaskContext

WATCHED = frozenset({"report_check_round", "report_check", "accident_step", "document"})


def recent_quarters(today: dt.date, count: int = 8) -> list[str]:
    """This quarter and the ones before it, newest first."""
    year, quarter = today.year, (today.month - 1) // 3 + 1
    out = []
    for _ in range(count):
        out.append(f"{year}Q{quarter}")
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
    return out


class CheckModel(RowTableModel):
    COLUMNS = (
        ("name", QT_TRANSLATE_NOOP("CheckModel", "Accident")),
        ("approved_on", QT_TRANSLATE_NOOP("CheckModel", "Report approved")),
        ("checked", QT_TRANSLATE_NOOP("CheckModel", "Checked")),
        ("defects", QT_TRANSLATE_NOOP("CheckModel", "Defects found")),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self._headers = [self.tr(str(h)) for _, h in self.COLUMNS]

    def set_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[dict[str, Any]]:
        return list(self._rows)

    def check_row(self, row: int) -> dict[str, Any] | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def text(self, row: dict[str, Any], key: str) -> str:
        if key == "checked":
            return self.tr("yes") if row["checked"] else self.tr("not yet")
        if key == "defects":
            return "；".join(
                f"{d['text'][:24]}（{d['note']}）" if d["note"] else d["text"][:24]
                for d in row["defects"]
            )
        return str(row[key])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.check_row(index.row()) if index.isValid() else None
        if row is None or not 0 <= index.column() < len(self.COLUMNS):
            return None
        key = self.COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, key)
        if role == Qt.ItemDataRole.ToolTipRole and key == "defects":
            return "\n".join(f"{d['code']} {d['text']} {d['note']}" for d in row["defects"])
        return None


class ReportCheckDialog(QDialog):
    """One report checked against the checklist: the items found wanting, each with a note."""

    def __init__(
        self,
        ctx: AppContext,
        round_id: str,
        row: dict[str, Any],
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.round_id = round_id
        self.accident_id = str(row["accident_id"])
        self.setObjectName("reportCheckDialog")
        self.setWindowTitle(self.tr("Check an investigation report"))
        self.resize(820, 560)
        params = default_params()
        en = ctx.lang.startswith("en")
        self.items = QTableWidget(len(params.check_items), 2, self)
        self.items.setObjectName("checkItems")
        self.items.setHorizontalHeaderLabels([self.tr("Item found wanting"), self.tr("Note")])
        self.items.verticalHeader().setVisible(False)
        self.items.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.items.horizontalHeader().resizeSection(1, 220)
        self.items.setWordWrap(True)
        self.codes = [item.code for item in params.check_items]
        for n, item in enumerate(params.check_items):
            zh, en_name = params.check_categories.get(item.category, (item.category, ""))
            cell = QTableWidgetItem(f"{item.code}　{en_name if en else zh}：{item.text}")
            cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            cell.setCheckState(Qt.CheckState.Unchecked)
            self.items.setItem(n, 0, cell)
            self.items.setItem(n, 1, QTableWidgetItem(""))
        self.items.resizeRowsToContents()
        self.officers = QListWidget(self)
        self.officers.setObjectName("checkOfficers")
        self.officers.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.officers.setMaximumHeight(90)
        # the city's officers first: the check is the city's
        roster = [o for o, _cert in officers.roster(ctx.open_reader().conn)]
        roster.sort(key=lambda o: o.unit_code != ctx.tree.city.code)
        for officer in roster:
            unit = ctx.tree.units.get(officer.unit_code)
            entry = QListWidgetItem(f"{officer.name}（{unit.name if unit else ''}）", self.officers)
            entry.setData(Qt.ItemDataRole.UserRole, officer.id)
        self.checked_on = date_edit(today, self)
        self.note = QPlainTextEdit(self)
        self.note.setMaximumHeight(60)
        self.error_label = form_error_label(self, "checkError")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Record the check"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Checked by"), self.officers)
        form.addRow(self.tr("Checked on"), self.checked_on)
        form.addRow(self.tr("Note"), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{row['name']}</b>", self))
        layout.addWidget(self.items, 1)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def defects(self) -> list[dict[str, str]]:
        out = []
        for n, code in enumerate(self.codes):
            cell, note = self.items.item(n, 0), self.items.item(n, 1)
            if cell is not None and cell.checkState() == Qt.CheckState.Checked:
                out.append({"code": code, "note": note.text().strip() if note else ""})
        return out

    def save(self) -> None:
        round_id, accident_id, defects = self.round_id, self.accident_id, self.defects()
        chosen = [str(i.data(Qt.ItemDataRole.UserRole)) for i in self.officers.selectedItems()]
        day, note = from_qdate(self.checked_on.date()), self.note.toPlainText().strip()
        self.ok_button.setEnabled(False)
        self.error_label.clear()
        run_op(
            self.ctx,
            lambda uow: report_checks.record_check(
                uow,
                round_id,
                accident_id,
                checked_on=day,
                officer_ids=chosen,
                defects=defects,
                note=note,
            ),
            on_done=lambda _id: self.accept(),
            say=self.error_label.setText,
            on_failed=lambda: self.ok_button.setEnabled(True),
        )


class ReportChecksPanel(QWidget):
    refreshed = Signal(int)
    document_written = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("reportChecks")
        self.today: Callable[[], dt.date] = dt.date.today
        self.found: QuarterChecks | None = None
        self.dialog: QDialog | None = None
        self._attached = False
        self.model = CheckModel(self)
        self.quarter_combo = QComboBox(self)
        self.quarter_combo.setObjectName("quarterCombo")
        self.quarter_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.summary = QLabel(self)
        self.summary.setObjectName("checkSummary")
        self.message = form_error_label(self, "checkMessage")
        self.start_button = QPushButton(self.tr("Start the quarter's check"), self)
        self.start_button.clicked.connect(lambda: self.start_round())
        self.check_button = QPushButton(self.tr("Check the report…"), self)
        self.check_button.clicked.connect(lambda: self.check_current())
        self.issue_button = QPushButton(self.tr("Issue the bulletin…"), self)
        self.issue_button.clicked.connect(lambda: self.issue_bulletin())
        self.table = table_view(self, "checkTable", self.model)
        self.table.doubleClicked.connect(lambda _i: self.check_current())
        bar = QHBoxLayout()
        bar.addWidget(self.quarter_combo)
        bar.addWidget(self.summary, 1)
        for button in (self.start_button, self.check_button, self.issue_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        ctx.broadcaster.changes_applied.connect(self._on_changes)

    def attach(self) -> None:
        self.quarter_combo.blockSignals(True)
        self.quarter_combo.clear()
        for quarter in recent_quarters(self.today()):
            self.quarter_combo.addItem(quarter, quarter)
        self.quarter_combo.blockSignals(False)
        self._attached = True
        self.refresh()

    def quarter(self) -> str:
        return str(self.quarter_combo.currentData() or "")

    def refresh(self) -> None:
        if not self._attached or not self.quarter():
            return
        quarter = self.quarter()

        def task(store: Store, _context: TaskContext) -> QuarterChecks:
            return quarter_checks(store.conn, quarter)

        self.ctx.searcher.submit(
            task, on_done=self._show, on_error=self._failed, latest_only="report_checks"
        )

    def _show(self, found: QuarterChecks) -> None:
        if found.quarter != self.quarter():
            return
        self.found = found
        self.model.set_rows(found.rows)
        record = found.round
        if record is None:
            state = self.tr("not started")
        elif record["status"] == "issued":
            state = self.tr("bulletin %1 issued on %2").replace("%1", str(record["number"]))
            state = state.replace("%2", str(record["issued_on"]))
        else:
            state = self.tr("checking")
        self.summary.setText(
            self.tr("Reports collected: %1, not checked: %2; %3")
            .replace("%1", str(len(found.rows)))
            .replace("%2", str(found.unchecked))
            .replace("%3", state)
        )
        draft = record is not None and record["status"] == "draft"
        self.start_button.setVisible(record is None)
        self.check_button.setVisible(draft)
        self.issue_button.setVisible(draft)
        self.issue_button.setEnabled(draft and bool(found.rows) and not found.unchecked)
        self.refreshed.emit(len(found.rows))

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(refusal_text(exc, self.ctx.lang))
        self.refreshed.emit(-1)

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.tables() & WATCHED:
            self.refresh()

    def start_round(self) -> None:
        quarter, tree = self.quarter(), self.ctx.tree
        run_op(
            self.ctx,
            lambda uow: report_checks.start_round(uow, quarter, tree=tree),
            say=self.message.setText,
        )

    def check_current(self) -> ReportCheckDialog | None:
        found = self.found
        row = self.model.check_row(self.table.currentIndex().row())
        if found is None or found.round is None or row is None:
            return None
        if found.round["status"] != "draft":
            return None
        dialog = ReportCheckDialog(self.ctx, str(found.round["id"]), row, self.today(), self)
        self.dialog = dialog
        dialog.open()
        return dialog

    def issue_bulletin(self, summary: str | None = None, day: dt.date | None = None) -> None:
        """Issue the quarter's bulletin (``summary``: the overall finding, asked for when not
        given) and write its PDF."""
        found = self.found
        if found is None or found.round is None:
            return
        if summary is None:
            dialog = BulletinDialog(self.today(), self)
            self.dialog = dialog
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            summary, day = dialog.summary.toPlainText().strip(), from_qdate(dialog.day.date())
        round_id, tree, said = str(found.round["id"]), self.ctx.tree, summary
        when = day or self.today()
        run_op(
            self.ctx,
            lambda uow: report_checks.issue_bulletin(uow, round_id, when, said, tree=tree),
            on_done=self._write_pdf,
            say=self.message.setText,
        )

    def _write_pdf(self, document_id: str) -> None:
        doc = issued.get(self.ctx.open_reader().conn, document_id)
        if doc is None:
            return
        try:
            path = issued_pdf(self.ctx, doc)
            if path is None:  # an encrypted store: shown, never written out in clear
                self.preview = preview_issued(self.ctx, self, doc)
        except Bilingual as exc:
            self.message.setText(exc.text(self.ctx.lang))
            return
        self.message.clear()
        if path is not None:
            self.document_written.emit(str(path))


class BulletinDialog(QDialog):
    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Quarterly bulletin"))
        self.summary = QPlainTextEdit(self)
        self.day = date_edit(today, self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Overall finding"), self.summary)
        form.addRow(self.tr("Issued on"), self.day)
        form.addRow(buttons)
