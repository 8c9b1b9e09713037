"""Two of the city's three systems as registers beside the accident register: warning notices
(警示通报: drafts opened by the 60-day rule, edited, issued as numbered documents, or withdrawn)
and listed supervision (挂牌督办: each listed accident with its investigation's deadlines).

Both lists are read on the search thread (``accidents.queries``); a notice is edited and
issued through ``ui.ops`` and its PDF rendered from the frozen document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector_app.accidents import documents, listing, warnings
from inspector_app.accidents.queries import ListingRow, NoticeRow, listings, warning_notices
from inspector_app.documents import issued
from inspector_app.messages import Bilingual
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store.changelog import ChangeSet, UnitOfWork
from inspector_app.store.database import Store
from ui.accident_dialogs import form_error_label
from ui.case_page import OVERDUE_COLOR
from ui.case_steps import date_edit, from_qdate
from ui.context import AppContext
from ui.crash import refusal_text
from ui.issued_view import issued_pdf, preview_issued
from ui.ops import run_op
from ui.row_table import Index, RowTableModel
from ui.tasks import TaskContext

NOTICE_TABLES = frozenset({"warning_notice", "accident", "accident_report", "document"})
LISTING_TABLES = frozenset({"accident", "accident_report", "accident_step"})


def table_view(parent: QWidget, name: str, model: RowTableModel) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(24)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


class NoticeModel(RowTableModel):
    COLUMNS = (
        ("status", QT_TRANSLATE_NOOP("NoticeModel", "Status")),
        ("county", QT_TRANSLATE_NOOP("NoticeModel", "County")),
        ("basis", QT_TRANSLATE_NOOP("NoticeModel", "Basis")),
        ("accidents", QT_TRANSLATE_NOOP("NoticeModel", "Accidents")),
        ("number", QT_TRANSLATE_NOOP("NoticeModel", "Number")),
        ("issued_on", QT_TRANSLATE_NOOP("NoticeModel", "Issued on")),
        ("to", QT_TRANSLATE_NOOP("NoticeModel", "Addressed to")),
        ("enterprises", QT_TRANSLATE_NOOP("NoticeModel", "Enterprises")),
    )

    def __init__(self, tree: JurisdictionTree, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tree = tree
        self._rows: list[NoticeRow] = []
        self._headers = [self.tr(str(h)) for _, h in self.COLUMNS]

    def set_rows(self, rows: Sequence[NoticeRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[NoticeRow]:
        return list(self._rows)

    def notice_row(self, row: int) -> NoticeRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def _unit(self, code: str) -> str:
        unit = self.tree.units.get(code)
        return unit.name if unit else code

    def text(self, row: NoticeRow, key: str) -> str:
        n = row.notice
        if key == "status":
            return warnings.STATUSES.get(str(n["status"]), str(n["status"]))
        if key == "county":
            return self._unit(str(n["county_code"]))
        if key == "basis":
            return warnings.BASES.get(str(n["basis"]), str(n["basis"]))
        if key == "accidents":
            return str(len([i for i in str(n["accident_ids"]).split(",") if i]))
        if key == "to":
            return str(n["addressed_department"]) or self._unit(str(n["addressed_county"]))
        return str(n[key] or "")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.notice_row(index.row()) if index.isValid() else None
        if row is None or not 0 <= index.column() < len(self.COLUMNS):
            return None
        key = self.COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.blocked[0] if row.blocked else self.text(row, key)
        if role == Qt.ItemDataRole.ForegroundRole and key == "status" and row.blocked:
            return QBrush(OVERDUE_COLOR)
        return None


class WarningNoticeDialog(QDialog):
    """A draft warning notice: its addressee, lessons and measures; saved as a draft or issued
    with a number on a date (the domain checks it as issued)."""

    issued = Signal(str)  # the document's id
    saved = Signal()

    def __init__(
        self, ctx: AppContext, notice: dict[str, Any], today: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.notice_id = str(notice["id"])
        self.setObjectName("warningNoticeDialog")
        self.setWindowTitle(self.tr("Warning notice"))
        self.resize(720, 0)
        self.addressee = QComboBox(self)
        self.addressee.setObjectName("addressee")
        county = str(notice["county_code"])
        unit = ctx.tree.units.get(county)
        self.addressee.addItem(unit.name if unit else county, ("county", county))
        for department in documents.department_choices(ctx.tree):
            self.addressee.addItem(department, ("department", department))
        if notice["addressed_department"]:
            found = self.addressee.findText(str(notice["addressed_department"]))
            self.addressee.setCurrentIndex(max(found, 0))
        self.copy_to = QLineEdit(str(notice["copy_to"] or ""), self)
        self.copy_to.setObjectName("copy_to")
        self.course = QPlainTextEdit(str(notice["course"] or ""), self)
        self.course.setReadOnly(True)
        self.course.setMaximumHeight(90)
        self.lessons = QPlainTextEdit(str(notice["lessons"] or ""), self)
        self.lessons.setObjectName("lessons")
        self.lessons.setMaximumHeight(80)
        self.measures = QPlainTextEdit(str(notice["measures"] or ""), self)
        self.measures.setObjectName("measures")
        self.measures.setMaximumHeight(80)
        self.issued_on = date_edit(today, self)
        self.error_label = form_error_label(self, "noticeError")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.addButton(
            self.tr("Save the draft"), QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.issue_button = self.buttons.addButton(
            self.tr("Issue"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.clicked.connect(lambda: self.save(issue=False))
        self.issue_button.clicked.connect(lambda: self.save(issue=True))
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Addressed to"), self.addressee)
        form.addRow(self.tr("Copied to"), self.copy_to)
        form.addRow(self.tr("Course and causes"), self.course)
        form.addRow(self.tr("Lessons"), self.lessons)
        form.addRow(self.tr("Targeted measures"), self.measures)
        form.addRow(self.tr("Issued on"), self.issued_on)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def changes(self) -> dict[str, Any]:
        kind, value = self.addressee.currentData()
        return {
            "addressed_county": value if kind == "county" else "",
            "addressed_department": value if kind == "department" else "",
            "copy_to": self.copy_to.text().strip(),
            "lessons": self.lessons.toPlainText().strip(),
            "measures": self.measures.toPlainText().strip(),
        }

    def save(self, issue: bool) -> None:
        notice_id, changes, tree = self.notice_id, self.changes(), self.ctx.tree
        day = from_qdate(self.issued_on.date())
        for button in (self.save_button, self.issue_button):
            button.setEnabled(False)
        self.error_label.clear()

        def op(uow: UnitOfWork) -> str:
            warnings.edit(uow, notice_id, changes, tree=tree)
            return warnings.issue(uow, notice_id, day, tree=tree) if issue else ""

        def done(document_id: str) -> None:
            if issue:
                self.issued.emit(document_id)
            else:
                self.saved.emit()
            self.accept()

        def again() -> None:
            for button in (self.save_button, self.issue_button):
                button.setEnabled(True)

        run_op(self.ctx, op, on_done=done, say=self.error_label.setText, on_failed=again)


class WarningNoticesPanel(QWidget):
    refreshed = Signal(int)
    document_written = Signal(str)  # the PDF's path

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("warningNotices")
        self.today: Callable[[], dt.date] = dt.date.today
        self.dialog: WarningNoticeDialog | None = None
        self._attached = False
        self.model = NoticeModel(ctx.tree, self)
        self.summary = QLabel(self)
        self.summary.setObjectName("noticeSummary")
        self.message = form_error_label(self, "noticeMessage")
        self.edit_button = QPushButton(self.tr("Edit and issue…"), self)
        self.edit_button.clicked.connect(lambda: self.edit_current())
        self.withdraw_button = QPushButton(self.tr("Withdraw…"), self)
        self.withdraw_button.clicked.connect(lambda: self.withdraw_current())
        self.pdf_button = QPushButton(self.tr("PDF"), self)
        self.pdf_button.clicked.connect(lambda: self.pdf_of_current())
        self.table = table_view(self, "noticeTable", self.model)
        self.table.doubleClicked.connect(lambda _i: self.edit_current())
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        for button in (self.edit_button, self.withdraw_button, self.pdf_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        ctx.broadcaster.changes_applied.connect(self._on_changes)

    def attach(self) -> None:
        self._attached = True
        self.refresh()

    def refresh(self) -> None:
        if not self._attached:
            return

        def task(store: Store, _context: TaskContext) -> list[NoticeRow]:
            return warning_notices(store.conn)

        self.ctx.searcher.submit(
            task, on_done=self._show, on_error=self._failed, latest_only="warning_notices"
        )

    def _show(self, rows: list[NoticeRow]) -> None:
        self.model.set_rows(rows)
        issued_rows = [r.notice for r in rows if r.notice["status"] == "issued"]
        counted = warnings.summary(issued_rows)
        drafts = sum(1 for r in rows if r.notice["status"] == "draft")
        self.summary.setText(
            self.tr("Issued: %1 notices to %2 counties and %3 departments; drafts: %4")
            .replace("%1", str(counted.notices))
            .replace("%2", str(counted.counties))
            .replace("%3", str(counted.departments))
            .replace("%4", str(drafts))
        )
        self.refreshed.emit(len(rows))

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(refusal_text(exc, self.ctx.lang))
        self.refreshed.emit(-1)

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.tables() & NOTICE_TABLES:
            self.refresh()

    def current(self) -> NoticeRow | None:
        return self.model.notice_row(self.table.currentIndex().row())

    def select(self, notice_id: str) -> None:
        for n, row in enumerate(self.model.rows()):
            if row.notice["id"] == notice_id:
                self.table.selectRow(n)

    def edit_current(self) -> WarningNoticeDialog | None:
        row = self.current()
        if row is None or row.notice["status"] != "draft":
            return None
        dialog = WarningNoticeDialog(self.ctx, row.notice, self.today(), self)
        dialog.issued.connect(self.write_pdf)
        self.dialog = dialog
        dialog.open()
        return dialog

    def withdraw_current(self, reason: str | None = None) -> None:
        row = self.current()
        if row is None or row.notice["status"] != "draft":
            return
        if reason is None:
            text, ok = QInputDialog.getText(
                self, self.tr("Withdraw the draft"), self.tr("Why is it not issued?")
            )
            if not ok:
                return
            reason = text
        notice_id, why = str(row.notice["id"]), reason.strip()
        run_op(
            self.ctx,
            lambda uow: warnings.withdraw(uow, notice_id, why),
            say=self.message.setText,
        )

    def pdf_of_current(self) -> None:
        row = self.current()
        if row is None or row.notice["status"] != "issued":
            return
        reader = self.ctx.open_reader()
        found = issued.of_record(reader.conn, str(row.notice["id"]))
        if found:
            self.write_pdf(found[-1].id)

    def write_pdf(self, document_id: str) -> None:
        """The issued notice as its numbered PDF in the documents folder."""
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


class ListingModel(RowTableModel):
    COLUMNS = (
        ("status", QT_TRANSLATE_NOOP("ListingModel", "Listing")),
        ("unit", QT_TRANSLATE_NOOP("ListingModel", "Unit")),
        ("occurred", QT_TRANSLATE_NOOP("ListingModel", "Occurred")),
        ("casualties", QT_TRANSLATE_NOOP("ListingModel", "Casualties and loss")),
        ("number", QT_TRANSLATE_NOOP("ListingModel", "Number")),
        ("due", QT_TRANSLATE_NOOP("ListingModel", "Report due")),
        ("approved", QT_TRANSLATE_NOOP("ListingModel", "Report approved")),
        ("held", QT_TRANSLATE_NOOP("ListingModel", "Held responsible")),
    )

    def __init__(self, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.en = lang.startswith("en")
        self.today: Callable[[], dt.date] = dt.date.today
        self._rows: list[ListingRow] = []
        self._headers = [self.tr(str(h)) for _, h in self.COLUMNS]

    def set_rows(self, rows: Sequence[ListingRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[ListingRow]:
        return list(self._rows)

    def listing_row(self, row: int) -> ListingRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def text(self, row: ListingRow, key: str) -> str:
        inv = row.investigation
        if key == "status":
            zh, en = listing.STATUSES[row.listing.status]
            return en if self.en else zh
        if key == "unit":
            return str(row.view["unit_name"] or "")
        if key == "occurred":
            return row.view.occurred_at.strftime("%Y-%m-%d")
        if key == "casualties":
            return row.view.figures.describe()
        if key == "number":
            return row.listing.number
        if key == "due":
            return inv.due_on.isoformat()
        if key == "approved":
            return inv.approved_on.isoformat() if inv.approved_on else ""
        return str(len(inv.accountability))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.listing_row(index.row()) if index.isValid() else None
        if row is None or not 0 <= index.column() < len(self.COLUMNS):
            return None
        key = self.COLUMNS[index.column()][0]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(row, key)
        if role == Qt.ItemDataRole.ForegroundRole and key == "due":
            late = row.listing.open and row.investigation.overdue(self.today())
            return QBrush(OVERDUE_COLOR) if late else None
        if role == Qt.ItemDataRole.UserRole:
            return row.view.id
        return None


class ListingsPanel(QWidget):
    refreshed = Signal(int)
    open_requested = Signal(str)  # accident id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("listings")
        self._attached = False
        self.model = ListingModel(ctx.lang, self)
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("listingStatus")
        self.status_combo.addItem(self.tr("All listings"), None)
        en = ctx.lang.startswith("en")
        for code, (zh, en_text) in listing.STATUSES.items():
            if code != "none":
                self.status_combo.addItem(en_text if en else zh, code)
        self.status_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.summary = QLabel(self)
        self.table = table_view(self, "listingTable", self.model)
        self.table.doubleClicked.connect(self._open)
        bar = QHBoxLayout()
        bar.addWidget(self.status_combo)
        bar.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        ctx.broadcaster.changes_applied.connect(self._on_changes)

    def attach(self) -> None:
        self._attached = True
        self.refresh()

    def refresh(self) -> None:
        if not self._attached:
            return
        status = self.status_combo.currentData()

        def task(store: Store, _context: TaskContext) -> list[ListingRow]:
            return listings(store.conn, status=status)

        self.ctx.searcher.submit(
            task, on_done=self._show, on_error=self._failed, latest_only="listings"
        )

    def _show(self, rows: list[ListingRow]) -> None:
        self.model.set_rows(rows)
        today = self.model.today()
        late = sum(1 for r in rows if r.listing.open and r.investigation.overdue(today))
        self.summary.setText(
            self.tr("Listed accidents: %1, investigation report overdue: %2")
            .replace("%1", str(len(rows)))
            .replace("%2", str(late))
        )
        self.refreshed.emit(len(rows))

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(refusal_text(exc, self.ctx.lang))
        self.refreshed.emit(-1)

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.tables() & LISTING_TABLES:
            self.refresh()

    def _open(self, index: Any) -> None:
        row = self.model.listing_row(index.row())
        if row is not None:
            self.open_requested.emit(row.view.id)
