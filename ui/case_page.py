"""One penalty case: its header, the timeline of its steps, the deadlines counting down, the
steps the procedure allows next (only those: ``deadlines.next_steps``) and its documents.

Each action opens a small form for that step; the page writes the step on the writer thread
with the domain's guards and the statutory ranges (``procedure.add_step`` with
``cases.fine_checker``). A refusal is shown in the form, in the officer's language, and nothing
is saved. Documents are issued under the case's running number and rendered as PDF like the
inspection documents.
"""

from __future__ import annotations

import datetime as dt
import html
import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_app.cases import articles, cases, coercion, deadlines, money, procedure
from inspector_app.cases import documents as case_documents
from inspector_app.cases.cases import CaseState, Step, StepInput
from inspector_app.cases.workdays import default_calendar
from inspector_app.documents import issued
from inspector_app.inspections import photos
from inspector_app.messages import Bilingual
from inspector_app.registry import officers
from inspector_app.store import attachments
from inspector_app.store.changelog import ChangeSet
from inspector_app.store.database import Store
from ui.case_steps import StepDialog, StepForm
from ui.context import AppContext
from ui.decision_dialog import DecisionDialog
from ui.issued_view import issued_pdf, open_label, preview_label, show_issued
from ui.ops import Writes, run_op, run_work

WATCHED_TABLES = frozenset({"penalty_case", "case_step", "document"})
OVERDUE_COLOR = QColor("#c62828")
# (key, name, the domain's stages it covers) — "To be filed" covers a request not yet approved
STAGES = (
    ("pending", QT_TRANSLATE_NOOP("CaseStages", "To be filed"), ("new", "requested")),
    ("investigating", QT_TRANSLATE_NOOP("CaseStages", "Under investigation"), ("investigating",)),
    ("notified", QT_TRANSLATE_NOOP("CaseStages", "Notified"), ("notified",)),
    ("decided", QT_TRANSLATE_NOOP("CaseStages", "Decided"), ("decided",)),
    ("executing", QT_TRANSLATE_NOOP("CaseStages", "Being carried out"), ("executing",)),
    ("closed", QT_TRANSLATE_NOOP("CaseStages", "Closed"), ("closed",)),
    ("refused", QT_TRANSLATE_NOOP("CaseStages", "Not filed"), ("refused",)),
    ("transferred", QT_TRANSLATE_NOOP("CaseStages", "Transferred"), ("transferred",)),
)


def stage_name(stage: str) -> str:
    """The name of a domain stage (``CaseState.stage``) as the lists show it."""
    name = next(name for _key, name, covered in STAGES if stage in covered)
    return QCoreApplication.translate("CaseStages", str(name))


def stage_names() -> list[str]:
    """Every stage's name as shown (in the current language)."""
    return [QCoreApplication.translate("CaseStages", str(name)) for _key, name, _c in STAGES]


def stage_width(metrics: QFontMetrics) -> int:
    """The width a column or box needs to show every stage's name whole (issue 15: the
    English "Being carried out" was cut off), with the item's margins."""
    return max(metrics.horizontalAdvance(name) for name in stage_names()) + 2 * STAGE_MARGIN


# an item view's text margin on each side (QStyle.PM_FocusFrameHMargin + 1, and some air)
STAGE_MARGIN = 8


def title_of(doc: issued.Document) -> str:
    """``Document.title`` knows the inspection documents only; a case document's title is
    in its frozen content (and in ``case_documents.KINDS``)."""
    known = case_documents.KINDS.get(doc.kind)
    return str(doc.content.get("title") or (known[1] if known else doc.title))


def days_text(days_left: int) -> str:
    if days_left < 0:
        return QCoreApplication.translate("CasePage", "%n day(s) overdue", "", -days_left)
    return QCoreApplication.translate("CasePage", "%n day(s) left", "", days_left)


class CasePage(QWidget):
    closed = Signal()
    step_recorded = Signal(str)  # the kind of step written
    step_refused = Signal(str)  # the refusal shown in the form
    documents_issued = Signal(list)  # [(kind, Path)]

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("casePage")
        self.en = ctx.lang.startswith("en")
        # the day deadlines are counted from and forms start at; tests fix it
        self.today: Callable[[], dt.date] = dt.date.today
        self.case_id: str | None = None
        self.case: dict[str, Any] | None = None
        self.state = CaseState()
        self.action_buttons: dict[str, QPushButton] = {}
        self.document_actions: dict[str, QAction] = {}
        self.step_dialog: StepDialog | None = None
        self.issued_box: QMessageBox | None = None
        self.provisional_box: QMessageBox | None = None
        self._build()
        ctx.broadcaster.changes_applied.connect(self._on_changes)

    def _build(self) -> None:
        self.title = QLabel(self)
        self.title.setObjectName("caseTitle")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.close_button = QPushButton(self.tr("Back to the list"), self)
        self.close_button.clicked.connect(self.closed.emit)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.status = QLabel(self)
        self.status.setObjectName("caseStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #b00020")
        self.status.setVisible(False)

        self.timeline = QTableWidget(0, 4, self)
        self.timeline.setObjectName("caseTimeline")
        self.timeline.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Step"), self.tr("By"), self.tr("Details")]
        )
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline.setWordWrap(True)
        self.timeline.verticalHeader().setVisible(False)
        header = self.timeline.horizontalHeader()
        for column, width in enumerate((92, 150, 170)):
            header.resizeSection(column, max(width, header.sectionSizeHint(column)))
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

        self.deadline_list = QListWidget(self)
        self.deadline_list.setObjectName("caseDeadlines")
        self.deadline_list.setMaximumHeight(120)
        self.deadline_list.setWordWrap(True)
        self.actions_box = QGroupBox(self.tr("Next steps"), self)
        self.actions_layout = QVBoxLayout(self.actions_box)
        self.document_list = QListWidget(self)
        self.document_list.setObjectName("caseDocuments")
        self.document_list.itemDoubleClicked.connect(self._open_document)
        self.issue_button = QPushButton(self.tr("Issue…"), self)
        self.issue_button.setObjectName("issueButton")
        self.issue_menu = QMenu(self)
        for kind, (_code, title) in case_documents.KINDS.items():
            action = self.issue_menu.addAction(title)
            action.triggered.connect(lambda _c=False, k=kind: self.issue(k))
            self.document_actions[kind] = action
        self.issue_button.setMenu(self.issue_menu)

        deadlines_box = QGroupBox(self.tr("Deadlines"), self)
        QVBoxLayout(deadlines_box).addWidget(self.deadline_list)
        documents_box = QGroupBox(self.tr("Documents"), self)
        docs = QVBoxLayout(documents_box)
        docs.addWidget(self.document_list, 1)
        docs.addWidget(self.issue_button)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(deadlines_box)
        side_layout.addWidget(self.actions_box)
        side_layout.addWidget(documents_box, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.timeline)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 340])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)

    # -- loading -----------------------------------------------------------------------------

    def say(self, text: str) -> None:
        """A problem with the case's documents, above the timeline ("" hides the line)."""
        self.status.setText(f"⚠ {text}" if text else "")
        self.status.setVisible(bool(text))

    def _reader(self) -> Store:
        return self.ctx.open_reader()

    def open(self, case_id: str) -> None:
        self.case_id = case_id
        self.say("")
        self.reload()

    def reload(self) -> None:
        if self.case_id is None:
            return
        conn = self._reader().conn
        case = cases.get(conn, self.case_id)
        if case is None:
            return
        self.case, self.state = case, cases.state(conn, self.case_id)
        names = officers.names(conn)
        self._show_header(case, names)
        self._show_timeline(names)
        self._show_deadlines(case)
        self._show_actions()
        self._show_documents(conn)

    def _show_header(self, case: Mapping[str, Any], names: Mapping[str, str]) -> None:
        numbered = cases.case_number(self.state)
        number = numbered[0] if numbered else stage_name("new")
        catalogue = articles.default_catalogue()
        article_id = self.state.article_id or str(case["article_id"] or "")
        entry = catalogue.get(article_id) if article_id in catalogue else None
        article = f"{entry.cite}　{entry.violation}" if entry else self.tr("no article chosen")
        unit = self.ctx.tree.units.get(str(case["county_code"]))
        filing = next((s for s in self.state.steps if s.kind == "filing_requested"), None)
        team = "、".join(names.get(o, o) for o in filing.officer_ids) if filing else ""
        rows = [
            (self.tr("Cause"), str(case["cause"])),
            (self.tr("Article"), article),
            (self.tr("Stage"), stage_name(self.state.stage)),
            (self.tr("County"), unit.name if unit else str(case["county_code"])),
            (self.tr("Officers"), team or "—"),
        ]
        cells = "".join(
            f"<tr><td style='color:#555; padding-right:10px'>{html.escape(k)}</td>"
            f"<td>{html.escape(v)}</td></tr>"
            for k, v in rows
        )
        self.title.setText(
            f"<span style='font-size:15pt'><b>{html.escape(number)}</b>　"
            f"{html.escape(str(case['party_name']))}</span><table>{cells}</table>"
        )

    def _show_timeline(self, names: Mapping[str, str]) -> None:
        steps = self.state.steps
        self.timeline.setRowCount(len(steps))
        for row, step in enumerate(steps):
            zh, en = cases.STEP_KINDS[step.kind]
            who = "、".join(names.get(o, o) for o in step.officer_ids)
            if step.approved_by:
                approver = self.tr("approved by %1").replace(
                    "%1", names.get(step.approved_by, step.approved_by)
                )
                who = f"{who}；{approver}" if who else approver
            cells = (step.occurred_on.isoformat(), en if self.en else zh, who, self.details(step))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, step.id)
                self.timeline.setItem(row, column, item)
        self.timeline.resizeRowsToContents()

    def details(self, step: Step) -> str:
        """The step's key data in a line: amounts as 人民币…元, dates, names."""
        data = step.data
        parts: list[str] = []
        if "case_number" in data:
            parts.append(str(data["case_number"]))
        if "amount" in data:
            parts.append(money.decision_phrase(str(data["amount"])))
        if step.kind in ("notice_delivered", "decision") and data.get("basis"):
            parts.append(str(data["basis"]))
        if data.get("hearing_right"):
            parts.append(self.tr("hearing right"))
        if "person" in data:
            parts.append(f"{data['person']}（{data.get('id_number', '')}）")
        for key in ("description", "summary", "opinion", "reason", "organ", "recipient"):
            if data.get(key):
                parts.append(str(data[key]))
        if data.get("method"):
            parts.append(str(data["method"]))
        if "hearing_on" in data:
            parts.append(self.tr("hearing on %1").replace("%1", str(data["hearing_on"])))
        if step.kind == "power_cut":  # dated on the decision; the cut may lie ahead
            when = coercion.power_cut(step).cut.strftime("%Y-%m-%d %H:%M")
            parts.append(self.tr("power cut from %1").replace("%1", when))
        if step.kind == "deferral_approved":
            parts.append(self.tr("due %1").replace("%1", str(data["due_on"])))
        if data.get("to"):
            parts.append(cases.TRANSFER_TO.get(str(data["to"]), str(data["to"])))
        if data.get("detention_days"):
            days = str(data["detention_days"])
            parts.append(self.tr("detention of %1 days").replace("%1", days))
        if data.get("criminal_filed"):
            parts.append(self.tr("criminal case filed"))
        if data.get("note"):
            parts.append(str(data["note"]))
        return "；".join(parts)

    def _show_deadlines(self, case: Mapping[str, Any]) -> None:
        self.deadlines = deadlines.deadlines(case, self.state, self.today(), default_calendar())
        self.deadline_list.clear()
        for deadline in self.deadlines:
            text = f"{deadline.what}\n{deadline.due.isoformat()}　{days_text(deadline.days_left)}"
            item = QListWidgetItem(text, self.deadline_list)
            item.setToolTip(text)
            if deadline.overdue:
                item.setForeground(QBrush(OVERDUE_COLOR))
        if not self.deadlines:
            QListWidgetItem(self.tr("No deadline running."), self.deadline_list)

    def offered(self) -> list[str]:
        """The steps the page offers now: exactly the procedure's next steps."""
        return deadlines.next_steps(self.state)

    def _show_actions(self) -> None:
        for button in self.action_buttons.values():
            self.actions_layout.removeWidget(button)
            button.deleteLater()
        self.action_buttons = {}
        for kind in self.offered():
            zh, en = cases.STEP_KINDS[kind]
            button = QPushButton((en if self.en else zh) + "…", self.actions_box)
            button.setObjectName(f"action_{kind}")
            button.clicked.connect(lambda _c=False, k=kind: self.start_step(k))
            self.actions_layout.addWidget(button)
            self.action_buttons[kind] = button
        if not self.action_buttons:
            button = QPushButton(self.tr("Nothing more to record"), self.actions_box)
            button.setEnabled(False)
            self.actions_layout.addWidget(button)
            self.action_buttons[""] = button

    def _show_documents(self, conn: sqlite3.Connection) -> None:
        self.documents = case_documents.documents_of(conn, self.case_id or "")
        self.document_list.clear()
        for doc in self.documents:
            item = QListWidgetItem(f"{title_of(doc)}　{doc.number}", self.document_list)
            item.setData(Qt.ItemDataRole.UserRole, doc.id)
            item.setToolTip(self.tr("Issued on %1").replace("%1", doc.issued_on))
        available = self.issuable()
        for kind, action in self.document_actions.items():
            action.setVisible(kind in available)
        self.issue_button.setEnabled(bool(available))

    def issuable(self) -> list[str]:
        """Documents whose step exists (the hearing notice only with a hearing right)."""
        if cases.case_number(self.state) is None:
            return []
        return [
            kind for kind in case_documents.FROM_STEP if case_documents.applies(kind, self.state)
        ]

    def _on_changes(self, changes: ChangeSet) -> None:
        if self.case_id is not None and changes.tables() & WATCHED_TABLES:
            self.reload()

    # -- recording steps ---------------------------------------------------------------------

    def start_step(self, kind: str) -> StepDialog:
        """Open the form of a step the procedure allows now."""
        assert self.case is not None and kind in self.offered()
        conn, today = self._reader().conn, self.today()
        dialog: StepDialog
        if kind in ("notice_delivered", "decision"):
            dialog = DecisionDialog(self.ctx, self.case, self.state, conn, kind, today, self)
        else:
            dialog = StepForm(self.ctx, self.case, self.state, conn, kind, today, self)
        dialog.submitted.connect(lambda step: self._write(dialog, step))
        self.step_dialog = dialog
        dialog.open()
        return dialog

    def _write(self, dialog: StepDialog, step: StepInput) -> None:
        case_id = self.case_id
        assert case_id is not None
        calendar = default_calendar()
        check_fine = cases.fine_checker(articles.default_catalogue())
        folder = self.ctx.paths.attachments_dir

        def work(writes: Writes) -> None:
            data = dict(step.data)
            files = data.pop("photo_files", [])
            if files:  # evidence photos: copied in by SHA-256 first (originals untouched)
                data["photos"] = [
                    attachments.add_file(writes.store, folder, f, photos.media_type(Path(f)))
                    for f in files
                ]
            written = cases.StepInput(
                step.kind, step.occurred_on, step.officer_ids, step.approved_by, data
            )
            with writes.unit() as uow:
                procedure.add_step(uow, case_id, written, calendar, check_fine=check_fine)

        def done(_result: None) -> None:
            dialog.accept()
            self.step_recorded.emit(step.kind)

        def refused(text: str) -> None:
            dialog.show_error(text)
            self.step_refused.emit(text)

        marks = dialog.mark_refused if isinstance(dialog, StepForm) else None
        run_work(
            self.ctx, work, on_done=done, say=refused, on_refused=marks, on_failed=dialog.release
        )

    # -- documents ---------------------------------------------------------------------------

    def issue(self, kind: str) -> None:
        """Issue a document (number and frozen content on the writer thread), then render it.
        A document for the party under a provisional number is issued only once the officer
        chose it in the question (cancel issues nothing)."""
        if self.case_id is None:
            return
        question = case_documents.provisional_question(self._reader().conn, self.case_id, kind)
        if question is None:
            self._issue(kind, provisional_ok=False)
            return
        box = QMessageBox(self)
        box.setObjectName("provisionalQuestion")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Provisional number"))
        box.setText(question[1] if self.en else question[0])
        issue_button = box.addButton(
            self.tr("Issue with the provisional number"), QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        issue_button.clicked.connect(lambda: self._issue(kind, provisional_ok=True))
        self.provisional_box = box
        box.open()

    def _issue(self, kind: str, *, provisional_ok: bool) -> None:
        if self.case_id is None:
            return
        case_id, tree, day = self.case_id, self.ctx.tree, self.today()
        run_op(
            self.ctx,
            lambda uow: case_documents.issue(
                uow, tree, kind, case_id, day, provisional_ok=provisional_ok
            ),
            on_done=self._issued,
            say=self.say,
        )

    def _issued(self, doc: issued.Document) -> None:
        try:
            path = issued_pdf(self.ctx, doc)
        except Bilingual as exc:
            self.say(exc.text(self.ctx.lang))
            return
        self.documents_issued.emit([(doc.kind, path)])
        box = QMessageBox(self)
        box.setObjectName("documentIssued")
        title = title_of(doc)
        box.setWindowTitle(title)
        box.setText(self.tr("%1 issued as %2.").replace("%1", title).replace("%2", doc.number))
        print_button = box.addButton(self.tr("Print…"), QMessageBox.ButtonRole.AcceptRole)
        open_button = box.addButton(
            open_label() if path is not None else preview_label(),
            QMessageBox.ButtonRole.ActionRole,
        )
        box.addButton(QMessageBox.StandardButton.Close)
        print_button.clicked.connect(lambda: self.print_document(doc))
        open_button.clicked.connect(lambda: self.show_document(doc))
        self.issued_box = box
        box.open()

    def show_document(self, doc: issued.Document) -> None:
        try:
            self.preview = show_issued(self.ctx, self, doc, title_of(doc))
        except Bilingual as exc:
            self.say(exc.text(self.ctx.lang))

    def print_document(self, doc: issued.Document) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from ui.documents import print_document

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            context = issued.printable(doc.content, self.ctx.vault)
            print_document(doc.kind, context, printer)

    def _open_document(self, item: QListWidgetItem) -> None:
        doc_id = item.data(Qt.ItemDataRole.UserRole)
        doc = next((d for d in self.documents if d.id == doc_id), None)
        if doc is not None:
            self.show_document(doc)
