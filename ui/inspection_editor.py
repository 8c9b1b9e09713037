"""The inspection editor: the record's fields (``RecordForm``), the checklist
(``ChecklistTable``), the hazards with their photos (``HazardPanel``), signing and the
documents — built for a laptop keyboard.

* **Autosave.** Every edit is saved as it is typed: the first change starts a short timer
  (``AUTOSAVE_MS``) and everything changed until it fires goes to the writer thread in one task,
  so continuous typing is saved at least every ``AUTOSAVE_MS`` and a killed app loses at most that
  much. Each field is saved on its own: a field that breaks a rule is shown beside the editor
  with the rule, and the others are saved.
* **Checklist keys.** A hazard verdict records a hazard from the item with its finding
  (``inspections.verdicts``: the rule is the domain's), ready to edit.
* **Signed records** are shown read-only; a correction starts an amendment.

Every write is an operation (``ui.ops``), run after the edits still waiting.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from inspector_app.documents import issued
from inspector_app.inspections import (
    documents,
    hazard_photos,
    hazards,
    inspections,
    signing,
    verdicts,
)
from inspector_app.messages import Bilingual
from inspector_app.registry.entries import Registry
from inspector_app.store.changelog import ChangeSet, UnitOfWork
from inspector_app.store.database import Store
from ui.checklist_table import ChecklistTable
from ui.context import AppContext
from ui.crash import is_expected, refusal_text
from ui.hazard_panel import HazardPanel
from ui.inspection_record import RecordForm
from ui.issued_view import issued_pdf, open_label, preview_label, show_issued
from ui.ops import Writes, run_op, run_work

AUTOSAVE_MS = 400
HAZARD_TABLES = {"inspection", "inspection_item", "hazard", "hazard_photo", "signature", "document"}


class InspectionEditor(QWidget):
    closed = Signal()
    saved = Signal()  # an autosave reached the database
    documents_issued = Signal(list)  # [(kind, Path)]

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("inspectionEditor")
        self.inspection_id: str | None = None
        self.inspection: inspections.Inspection | None = None
        self.today: Callable[[], dt.date] = dt.date.today
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)
        self._build()
        ctx.broadcaster.changes_applied.connect(self._on_changes)

    # -- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel(self)
        self.title.setObjectName("inspectionTitle")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status = QLabel(self)
        self.status.setObjectName("inspectionStatus")
        self.status.setWordWrap(True)
        self.sign_button = QPushButton(self.tr("Sign…"), self)
        self.sign_button.clicked.connect(self.sign)
        self.documents_button = QPushButton(self.tr("Documents"), self)
        self.documents_menu = QMenu(self)
        self.document_actions: dict[str, QAction] = {}
        for kind, title in documents.TITLES.items():
            action = self.documents_menu.addAction(title)
            action.triggered.connect(lambda _c=False, k=kind: self.issue(k))
            self.document_actions[kind] = action
        self.documents_button.setMenu(self.documents_menu)
        self.amend_button = QPushButton(self.tr("Correct…"), self)
        self.amend_button.clicked.connect(self.amend)
        self.close_button = QPushButton(self.tr("Back to the list"), self)
        self.close_button.clicked.connect(self.close_editor)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        for button in (self.sign_button, self.documents_button, self.amend_button):
            top.addWidget(button)
        top.addWidget(self.close_button)

        self.record = RecordForm(self.ctx, self)
        self.record.edited.connect(self._edited)
        self.record.operations_changed.connect(self._operations_changed)
        self.record.location_unreadable.connect(
            lambda: self.status.setText("⚠ " + self.tr("Location: type latitude, longitude"))
        )
        self.checklist = ChecklistTable(self)
        self.checklist.verdict_chosen.connect(self.set_verdict)
        self.checklist.note_given.connect(self.set_note)
        keys = QLabel(self.checklist.keys_help(), self)
        keys.setStyleSheet("color: #555")
        self.hazard_panel = HazardPanel(self.ctx, lambda: self.today(), self)
        self.hazard_panel.edited.connect(self._edited)
        self.hazard_panel.add_requested.connect(lambda: self.add_hazard())
        self.hazard_panel.remove_requested.connect(self.remove_hazard)
        self.hazard_panel.photos_chosen.connect(self._add_photos_to)
        # the widgets the tests and the keyboard reach directly
        self.situation, self.person = self.record.situation, self.record.person
        self.person_title, self.location = self.record.person_title, self.record.location
        self.hazard_list, self.photos = self.hazard_panel.hazard_list, self.hazard_panel.photos
        self.preset_buttons = self.hazard_panel.preset_buttons

        checklist_box = QGroupBox(self.tr("Checklist"), self)
        checklist_layout = QVBoxLayout(checklist_box)
        checklist_layout.addWidget(self.checklist)
        checklist_layout.addWidget(keys)
        # both sides scroll, so the editor fits a 1366×768 laptop screen
        left = QSplitter(Qt.Orientation.Vertical, self)
        left.addWidget(_scrolling(self.record, self))
        left.addWidget(checklist_box)
        left.setStretchFactor(0, 0)
        left.setStretchFactor(1, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(_scrolling(self.hazard_panel, self))
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([860, 560])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.splitter, 1)

    # -- loading -----------------------------------------------------------------------------

    def _reader(self) -> Store:
        return self.ctx.open_reader()

    def open(self, inspection_id: str) -> None:
        self.flush()
        self.inspection_id = inspection_id
        self.reload()
        self.checklist.setFocus()
        if self.checklist.rowCount():
            self.checklist.selectRow(0)

    def reload(self) -> None:
        if self.inspection_id is None:
            return
        conn = self._reader().conn
        found = inspections.get(conn, self.inspection_id)
        if found is None:
            return
        self.inspection = found
        enterprise = Registry.get(conn, found.enterprise_id) or {"name": "?"}
        extra = ""
        if found.amends_id:
            extra = " · " + html.escape(self.tr("correction: %1").replace("%1", found.amend_reason))
        title = html.escape(self.tr("On-site inspection"))
        self.title.setText(f"<h3>{title} — {html.escape(enterprise['name'])}{extra}</h3>")
        self.record.load(conn, found)
        self.checklist.load(inspections.items(conn, found.id))
        self.hazard_panel.load(conn, found.id, self._editable())
        self._apply_lock()

    def current_hazard(self) -> str | None:
        return self.hazard_panel.current_hazard()

    def _editable(self) -> bool:
        return self.inspection is not None and not self.inspection.signed

    def _apply_lock(self) -> None:
        editable = self._editable()
        self.record.set_editable(editable)
        self.checklist.editable = editable
        self.hazard_panel.editable = editable
        self.hazard_panel.add_button.setEnabled(editable)
        self.sign_button.setEnabled(editable)
        self.amend_button.setEnabled(not editable)
        self.documents_button.setEnabled(not editable)
        review = self.inspection is not None and self.inspection.kind == "review"
        for kind, action in self.document_actions.items():
            action.setEnabled((kind == "review_opinion") == review)
        if self.inspection is not None and self.inspection.signed:
            when = self.inspection.signed_at[:16].replace("T", " ")
            self.status.setText(
                self.tr("Signed at %1 — locked. A correction is recorded as an amendment.").replace(
                    "%1", when
                )
            )
        elif not self.status.text().startswith("⚠"):
            self.status.setText(self.tr("Draft — saved as you type."))

    def _on_changes(self, changes: ChangeSet) -> None:
        if self.inspection_id is not None and changes.tables() & HAZARD_TABLES:
            if not self.pending():
                self.reload()

    # -- autosave ----------------------------------------------------------------------------

    def _edited(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def pending(self) -> bool:
        return bool(self.record.pending or self.hazard_panel.pending)

    def flush(self) -> None:
        """Send everything typed since the last save to the writer thread now."""
        self._timer.stop()
        if self.inspection_id is None or not self.pending():
            return
        inspection_id, lang = self.inspection_id, self.ctx.lang
        record = self.record.take_pending()
        hazard_edits = self.hazard_panel.take_pending()
        # each field on its own (one bad field does not hold the others back), except the two
        # halves of a position, which belong together
        groups: list[tuple[str, dict[str, object]]] = []
        position: dict[str, object] = {
            f: record.pop(f) for f in ("latitude", "longitude") if f in record
        }
        if position:
            groups.append(("", position))
        groups.extend(("", {f: v}) for f, v in record.items())
        for hazard_id, fields in hazard_edits.items():
            groups.extend((hazard_id, {f: v}) for f, v in fields.items())

        def work(writes: Writes) -> list[str]:
            problems: list[str] = []
            for hazard_id, values in groups:
                try:
                    with writes.unit() as uow:
                        if hazard_id:
                            hazards.update(uow, hazard_id, values)
                        else:
                            inspections.update(uow, inspection_id, values)
                except Exception as exc:  # a refused field: the rest is saved
                    if not is_expected(exc):
                        raise
                    problems.append(refusal_text(exc, lang))
            return problems

        def done(problems: list[str]) -> None:
            if problems:
                # a refused value is not kept on screen: the widgets show what is stored
                if not self.pending():
                    self.reload()
                self.status.setText("⚠ " + "；".join(problems))
            elif self.status.text().startswith("⚠"):
                self.status.clear()
                self._apply_lock()
            self.saved.emit()

        run_work(self.ctx, work, on_done=done, say=self._say)

    def _say(self, text: str) -> None:
        self.status.setText("⚠ " + text)

    def _run(
        self, op: Callable[[UnitOfWork], Any], then: Callable[[Any], None] | None = None
    ) -> None:
        """Run a domain operation after the pending edits (both on the writer thread)."""
        self.flush()
        run_op(self.ctx, op, on_done=then, say=self._say)

    # -- checklist ---------------------------------------------------------------------------

    def set_verdict(self, code: str, verdict: str) -> None:
        if self.inspection_id is None:
            return
        inspection_id, today = self.inspection_id, self.today()
        self._run(lambda uow: verdicts.record_verdict(uow, inspection_id, code, verdict, today))

    def set_verdict_at(self, row: int, verdict: str) -> None:
        self.checklist.set_verdict_at(row, verdict)

    def set_note(self, code: str, text: str) -> None:
        if self.inspection_id is None:
            return
        inspection_id = self.inspection_id
        self._run(lambda uow: inspections.set_verdict(uow, inspection_id, code, None, text))

    def _operations_changed(self, chosen: list[str]) -> None:
        if self.inspection_id is None or self.inspection is None:
            return
        inspection_id = self.inspection_id
        entry = Registry.get(self._reader().conn, self.inspection.enterprise_id) or {}
        industry = str(entry.get("supervision_industry", ""))
        checklist = self.ctx.catalogue().for_enterprise(industry, chosen)
        self._run(
            lambda uow: inspections.set_special_operations(uow, inspection_id, chosen, checklist)
        )

    # -- hazards -----------------------------------------------------------------------------

    def add_hazard(self, description: str | None = None) -> None:
        if self.inspection_id is None:
            return
        inspection_id = self.inspection_id
        text = description or self.tr("New hazard (describe it)")
        deadline = verdicts.default_deadline(self.today())

        def op(uow: UnitOfWork) -> str:
            values = {"description": text, "measures": verdicts.FIRST_MEASURE, "deadline": deadline}
            return hazards.add(uow, inspection_id, values)

        self._run(op, self.hazard_panel.select)

    def remove_hazard(self, hazard_id: str | None = None) -> None:
        hazard_id = hazard_id or self.current_hazard()
        if hazard_id is None:
            return
        self.hazard_panel.pending.pop(hazard_id, None)
        self._run(lambda uow: hazards.remove(uow, hazard_id))

    def set_deadline_in(self, days: int) -> None:
        self.hazard_panel.set_deadline_in(days)

    def add_photos(self, files: list[Path]) -> None:
        hazard_id = self.current_hazard()
        if hazard_id is not None and self._editable():
            self._add_photos_to(hazard_id, files)

    def _add_photos_to(self, hazard_id: str, files: list[Path]) -> None:
        """Import photos (copied, hashed, EXIF time read) and link them to the hazard."""
        folder = self.ctx.paths.attachments_dir

        def work(writes: Writes) -> None:
            for n, path in enumerate(files):
                writes.task.progress("photos", n, len(files))
                sha, taken = hazard_photos.import_photo(writes.store, folder, path)
                with writes.unit() as uow:
                    hazard_photos.add_photo(uow, hazard_id, sha, path.name, taken)

        def done(_result: None) -> None:
            self.status.clear()
            self._apply_lock()

        self.flush()
        self.status.setText(self.tr("Importing %n photo(s)…", "", len(files)))
        run_work(self.ctx, work, on_done=done, say=self._say)

    # -- signing, amending, documents ----------------------------------------------------------

    def sign(self) -> None:
        from ui.sign_dialog import SignDialog, Signer, store_signatures

        if self.inspection_id is None or self.inspection is None:
            return
        self.flush()
        conn = self._reader().conn
        missing = signing.readiness(conn, self.inspection_id)
        if missing:
            zh = self.ctx.lang.startswith("zh")
            self.status.setText(
                "⚠ "
                + ("；".join(z for z, _ in missing) if zh else "; ".join(e for _, e in missing))
            )
            return
        signers = [
            Signer("officer", m.officer.name, m.officer.id)
            for m in inspections.team(conn, self.inspection_id)
        ]
        person = self.person.text().strip()
        signers.append(Signer("person_in_charge", person, may_refuse=True))
        enterprise = Registry.get(conn, self.inspection.enterprise_id) or {"name": ""}
        subject = self.tr("On-site inspection record — %1").replace("%1", enterprise["name"])
        dialog = SignDialog(signers, subject, self)
        self.sign_dialog = dialog
        inspection_id, folder = self.inspection_id, self.ctx.paths.attachments_dir

        def accepted() -> None:
            given = dialog.result_signatures()

            def work(writes: Writes) -> None:
                inputs = store_signatures(writes.store, folder, given)
                with writes.unit() as uow:
                    signing.sign(uow, inspection_id, inputs)

            run_work(self.ctx, work, say=self._say)

        dialog.accepted.connect(accepted)
        dialog.open()

    def amend(self) -> None:
        if self.inspection_id is None:
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("Correct a signed record"), self.tr("What is corrected, and why:")
        )
        if not ok or not reason.strip():
            return
        inspection_id = self.inspection_id
        self._run(lambda uow: inspections.amend(uow, inspection_id, reason), self._open_amendment)

    def _open_amendment(self, amendment_id: object) -> None:
        self.open(str(amendment_id))

    def issue(self, kind: str) -> None:
        """Issue a document (number and frozen content on the writer thread), then render it."""
        if self.inspection_id is None:
            return
        inspection_id, tree = self.inspection_id, self.ctx.tree
        self._run(lambda uow: documents.issue(uow, tree, kind, inspection_id), self._issued)

    def _issued(self, doc: issued.Document) -> None:
        try:
            path = issued_pdf(self.ctx, doc)
        except Bilingual as exc:
            self.status.setText("⚠ " + exc.text(self.ctx.lang))
            return
        self.documents_issued.emit([(doc.kind, path)])
        box = QMessageBox(self)
        box.setObjectName("documentIssued")
        box.setWindowTitle(doc.title)
        box.setText(self.tr("%1 issued as %2.").replace("%1", doc.title).replace("%2", doc.number))
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
            self.preview = show_issued(self.ctx, self, doc)
        except Bilingual as exc:
            self.status.setText("⚠ " + exc.text(self.ctx.lang))

    def print_document(self, doc: issued.Document) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from ui.documents import print_document

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            context = issued.printable(doc.content, self.ctx.vault)
            print_document(doc.kind, context, printer)

    def close_editor(self) -> None:
        self.flush()
        self.closed.emit()


def _scrolling(widget: QWidget, parent: QWidget) -> QScrollArea:
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(widget)
    return area
