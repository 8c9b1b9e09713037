"""The inspection editor: the record's fields, the checklist, the hazards with their photos,
signing and the documents — built for a laptop keyboard.

* **Autosave.** Every edit is saved as it is typed: the first change starts a short timer
  (``AUTOSAVE_MS``) and everything changed until it fires goes to the writer thread in one task,
  so continuous typing is saved at least every ``AUTOSAVE_MS`` and a killed app loses at most that
  much. Each field is saved on its own: a field that breaks a rule is shown beside the editor
  with the rule, and the others are saved.
* **Checklist keys.** Arrow keys move; ``1`` compliant, ``2`` hazard, ``3`` not applicable,
  ``0``/Delete clears; the cursor moves to the next item. A hazard verdict records a hazard
  from the item (its text, basis and major flag) with the default deadline, ready to edit.
* **Signed records** are shown read-only; a correction starts an amendment.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QImage,
    QKeyEvent,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_app.documents import issued
from inspector_app.inspections import documents, hazard_photos, hazards, inspections, signing
from inspector_app.inspections import rules as inspection_rules
from inspector_app.inspections.checklists import SPECIAL_OPERATIONS
from inspector_app.messages import Bilingual
from inspector_app.registry.entries import Registry
from inspector_app.store import attachments
from inspector_app.store.changelog import ChangeSet, UnitOfWork
from inspector_app.store.database import Store
from ui.context import AppContext
from ui.tasks import TaskContext

AUTOSAVE_MS = 400
DEFAULT_DEADLINE_DAYS = 15
VERDICT_KEYS = {
    Qt.Key.Key_1: "compliant",
    Qt.Key.Key_2: "hazard",
    Qt.Key.Key_3: "not_applicable",
    Qt.Key.Key_0: "",
    Qt.Key.Key_Delete: "",
}
VERDICT_COLOURS = {"compliant": "#1b7f3b", "hazard": "#b00020", "not_applicable": "#777777"}
HAZARD_TABLES = {"inspection", "inspection_item", "hazard", "hazard_photo", "signature", "document"}


class PhotoStrip(QListWidget):
    """Thumbnails of a hazard's photos; image files dropped on it are imported."""

    files_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("photoStrip")
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setIconSize(QSize(96, 96))
        self.setFlow(QListWidget.Flow.LeftToRight)
        self.setWrapping(False)
        self.setFixedHeight(130)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: Any) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            self.files_dropped.emit(files)
            event.acceptProposedAction()


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
        self._loading = False
        self._pending: dict[str, object] = {}
        self._pending_hazard: dict[str, dict[str, object]] = {}
        self._thumbs: dict[str, QIcon] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)
        self._build()
        ctx.broadcaster.changes_applied.connect(self._on_changes)

    # -- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        en = self.ctx.lang.startswith("en")
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
        self.document_actions: dict[str, Any] = {}
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

        # the record's fields
        rules = inspection_rules.default_rules()
        self.kind = QComboBox(self)
        for code, name in rules.kinds.items():
            self.kind.addItem(name.en if en else name.zh, code)
        self.kind.currentIndexChanged.connect(
            lambda _i: self._changed("kind", self.kind.currentData())
        )
        self.place = QLineEdit(self)
        self.place.textChanged.connect(lambda t: self._changed("place", t))
        self.started = QLabel(self)
        self.person = QLineEdit(self)
        self.person.setObjectName("personInCharge")
        self.person.textChanged.connect(lambda t: self._changed("person_in_charge", t))
        self.person_title = QLineEdit(self)
        self.person_title.textChanged.connect(lambda t: self._changed("person_title", t))
        self.person_phone = QLineEdit(self)
        self.person_phone.textChanged.connect(lambda t: self._changed("person_phone", t))
        self.location = QLineEdit(self)
        self.location.setObjectName("location")
        self.location.setPlaceholderText(self.tr("latitude, longitude (optional)"))
        self.location.textChanged.connect(self._location_changed)
        self.team_label = QLabel(self)
        self.team_label.setWordWrap(True)
        self.operations: dict[str, QCheckBox] = {}
        ops = QHBoxLayout()
        for code, (zh, english) in SPECIAL_OPERATIONS.items():
            box = QCheckBox(english if en else zh, self)
            box.toggled.connect(self._operations_changed)
            self.operations[code] = box
            ops.addWidget(box)
        self.situation = QPlainTextEdit(self)
        self.situation.setObjectName("situation")
        self.situation.setPlaceholderText(self.tr("What was inspected and what was found"))
        self.situation.setMaximumHeight(110)
        self.situation.textChanged.connect(
            lambda: self._changed("situation", self.situation.toPlainText())
        )
        form = QFormLayout()
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Place"), self.place)
        form.addRow(self.tr("GPS position"), self.location)
        form.addRow(self.tr("Started"), self.started)
        form.addRow(self.tr("Officers"), self.team_label)
        form.addRow(self.tr("Person in charge"), self.person)
        form.addRow(self.tr("Position"), self.person_title)
        form.addRow(self.tr("Phone"), self.person_phone)
        form.addRow(self.tr("Specialised operations"), ops)
        form.addRow(self.tr("What was found"), self.situation)
        record_box = QGroupBox(self.tr("Inspection record"), self)
        record_box.setLayout(form)

        # the checklist
        self.checklist = QTableWidget(0, 5, self)
        self.checklist.setObjectName("checklistTable")
        self.checklist.setHorizontalHeaderLabels(
            [
                self.tr("Item"),
                self.tr("Major"),
                self.tr("Basis"),
                self.tr("Verdict"),
                self.tr("Note"),
            ]
        )
        header = self.checklist.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.checklist.setColumnWidth(1, 40)
        self.checklist.setColumnWidth(2, 130)
        self.checklist.setColumnWidth(3, 70)
        self.checklist.setColumnWidth(4, 100)
        self.checklist.setWordWrap(True)
        self.checklist.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.checklist.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.checklist.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.checklist.installEventFilter(self)
        self.checklist.cellDoubleClicked.connect(self._edit_note)
        keys = QLabel(
            self.tr(
                "Keys: ↑↓ move · 1 compliant · 2 hazard · 3 not applicable · 0 clear · "
                "double-click for a note"
            ),
            self,
        )
        keys.setStyleSheet("color: #555")
        checklist_box = QGroupBox(self.tr("Checklist"), self)
        checklist_layout = QVBoxLayout(checklist_box)
        checklist_layout.addWidget(self.checklist)
        checklist_layout.addWidget(keys)

        # hazards
        self.hazard_list = QListWidget(self)
        self.hazard_list.setObjectName("hazardList")
        self.hazard_list.currentItemChanged.connect(self._hazard_selected)
        self.hazard_list.setMaximumHeight(150)
        self.hazard_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.hazard_list.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.hazard_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.add_hazard_button = QPushButton(self.tr("New hazard"), self)
        self.add_hazard_button.clicked.connect(lambda: self.add_hazard())
        self.remove_hazard_button = QPushButton(self.tr("Remove"), self)
        self.remove_hazard_button.clicked.connect(self.remove_hazard)
        self.h_description = QPlainTextEdit(self)
        self.h_description.setObjectName("hazardDescription")
        self.h_description.setMaximumHeight(70)
        self.h_description.textChanged.connect(
            lambda: self._hazard_changed("description", self.h_description.toPlainText())
        )
        self.h_location = QLineEdit(self)
        self.h_location.textChanged.connect(lambda t: self._hazard_changed("location", t))
        self.h_basis = QLineEdit(self)
        self.h_basis.textChanged.connect(lambda t: self._hazard_changed("basis", t))
        self.h_major = QCheckBox(self.tr("Major hazard"), self)
        self.h_major.toggled.connect(lambda v: self._hazard_changed("major", v))
        self.h_measures: dict[str, QCheckBox] = {}
        measures_box = QVBoxLayout()
        for code, measure in rules.measures.items():
            box = QCheckBox(measure.en if en else measure.zh, self)
            box.toggled.connect(self._measures_changed)
            self.h_measures[code] = box
            measures_box.addWidget(box)
        self.h_deadline = QDateEdit(self)
        self.h_deadline.setObjectName("hazardDeadline")
        self.h_deadline.setCalendarPopup(True)
        self.h_deadline.setDisplayFormat("yyyy-MM-dd")
        self.h_deadline.dateChanged.connect(
            lambda d: self._hazard_changed("deadline", d.toString("yyyy-MM-dd"))
        )
        presets = QHBoxLayout()
        presets.addWidget(self.h_deadline)
        self.preset_buttons: list[QPushButton] = []
        for days in rules.deadline_presets_days:
            button = QPushButton(self.tr("%n day(s)", "", days), self)
            button.setObjectName(f"deadline{days}")
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.setMinimumWidth(44)
            button.clicked.connect(lambda _c=False, d=days: self.set_deadline_in(d))
            presets.addWidget(button)
            self.preset_buttons.append(button)
        self.photos = PhotoStrip(self)
        self.photos.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.photos.files_dropped.connect(self.add_photos)
        self.photos.itemDoubleClicked.connect(self._open_photo)
        self.add_photo_button = QPushButton(self.tr("Add photos…"), self)
        self.add_photo_button.clicked.connect(self._pick_photos)
        hazard_form = QFormLayout()
        hazard_form.addRow(self.tr("Description"), self.h_description)
        hazard_form.addRow(self.tr("Location"), self.h_location)
        hazard_form.addRow(self.tr("Legal basis"), self.h_basis)
        hazard_form.addRow("", self.h_major)
        hazard_form.addRow(self.tr("On-site measures"), measures_box)
        hazard_form.addRow(self.tr("Deadline"), presets)
        hazard_form.addRow(self.tr("Photos"), self.photos)
        hazard_form.addRow("", self.add_photo_button)
        self.hazard_form = QWidget(self)
        self.hazard_form.setLayout(hazard_form)
        hazard_buttons = QHBoxLayout()
        hazard_buttons.addWidget(self.add_hazard_button)
        hazard_buttons.addWidget(self.remove_hazard_button)
        hazard_buttons.addStretch(1)
        hazards_box = QGroupBox(self.tr("Hazards"), self)
        hazards_layout = QVBoxLayout(hazards_box)
        hazards_layout.addWidget(self.hazard_list, 1)
        hazards_layout.addLayout(hazard_buttons)
        hazards_layout.addWidget(self.hazard_form)

        # both sides scroll, so the editor fits a 1366×768 laptop screen
        left = QSplitter(Qt.Orientation.Vertical, self)
        left.addWidget(_scrolling(record_box, self))
        left.addWidget(checklist_box)
        left.setStretchFactor(0, 0)
        left.setStretchFactor(1, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(_scrolling(hazards_box, self))
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
        self._loading = True
        try:
            self._load_record(conn, found)
            self._load_checklist(conn)
            self._load_hazards(conn)
        finally:
            self._loading = False
        self._apply_lock()

    def _load_record(self, conn: Any, found: inspections.Inspection) -> None:
        enterprise = Registry.get(conn, found.enterprise_id) or {"name": "?"}
        title = self.tr("On-site inspection")
        extra = ""
        if found.amends_id:
            extra = " · " + html.escape(self.tr("correction: %1").replace("%1", found.amend_reason))
        self.title.setText(
            f"<h3>{html.escape(title)} — {html.escape(enterprise['name'])}{extra}</h3>"
        )
        self._set_if_idle(self.place, found.place, "place")
        self._set_if_idle(self.person, found.person_in_charge, "person_in_charge")
        self._set_if_idle(self.person_title, found.person_title, "person_title")
        self._set_if_idle(self.person_phone, found.person_phone, "person_phone")
        if "situation" not in self._pending and self.situation.toPlainText() != found.situation:
            self.situation.setPlainText(found.situation)
        self.kind.setCurrentIndex(max(self.kind.findData(found.kind), 0))
        if "latitude" not in self._pending:
            where = (
                f"{found.latitude:.6f}, {found.longitude:.6f}"
                if found.latitude is not None and found.longitude is not None
                else ""
            )
            if parse_location(self.location.text()) != parse_location(where):
                self.location.setText(where)
        self.started.setText(issued.chinese_time(found.started_at))
        for code, box in self.operations.items():
            box.setChecked(code in found.operations)
        team = inspections.team(conn, found.id)
        self.team_label.setText(
            "；".join(f"{m.officer.name}（{m.certificate.number}）" for m in team)
        )

    def _set_if_idle(self, widget: QLineEdit, value: str, field: str) -> None:
        if field not in self._pending and widget.text() != value:
            widget.setText(value)

    def _load_checklist(self, conn: Any) -> None:
        assert self.inspection_id is not None
        current = self.checklist.currentRow()
        rows = inspections.items(conn, self.inspection_id)
        self.checklist.setRowCount(len(rows))
        for row, item in enumerate(rows):
            cells = (
                item.item_text,
                self.tr("Yes") if item.major else "",
                item.basis,
                self._verdict_name(item.verdict),
                item.note,
            )
            for column, value in enumerate(cells):
                cell = QTableWidgetItem(value)
                if column == 0:
                    cell.setData(Qt.ItemDataRole.UserRole, item.item_code)
                    cell.setToolTip(f"{item.item_code}\n{item.item_text}")
                if column == 3 and item.verdict:
                    cell.setForeground(Qt.GlobalColor.white)
                    cell.setBackground(QBrush(QColor(VERDICT_COLOURS[item.verdict])))
                self.checklist.setItem(row, column, cell)
        self.checklist.resizeRowsToContents()
        if 0 <= current < len(rows):
            self.checklist.selectRow(current)

    def _verdict_name(self, verdict: str) -> str:
        return {
            "compliant": self.tr("Compliant"),
            "hazard": self.tr("Hazard"),
            "not_applicable": self.tr("N/A"),
        }.get(verdict, "")

    def _load_hazards(self, conn: Any) -> None:
        assert self.inspection_id is not None
        selected = self.current_hazard()
        self.hazard_list.blockSignals(True)
        self.hazard_list.clear()
        lineage = inspections.ancestry(conn, self.inspection_id)
        for record_id in reversed(lineage):
            for n, row in enumerate(hazards.of_inspection(conn, record_id), 1):
                mark = "【重大】" if row["major"] else ""
                deadline = f"（{row['deadline']}）" if row["deadline"] else ""
                item = QListWidgetItem(f"{n}. {mark}{row['description'][:40]}{deadline}")
                item.setData(Qt.ItemDataRole.UserRole, row["id"])
                self.hazard_list.addItem(item)
                if row["id"] == selected:
                    self.hazard_list.setCurrentItem(item)
        self.hazard_list.blockSignals(False)
        if self.hazard_list.currentItem() is None and self.hazard_list.count():
            self.hazard_list.setCurrentRow(0)
        self._show_hazard(self.current_hazard())

    def current_hazard(self) -> str | None:
        item = self.hazard_list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def _hazard_selected(self, *_args: Any) -> None:
        self._show_hazard(self.current_hazard())

    def _show_hazard(self, hazard_id: str | None) -> None:
        row = hazards.get(self._reader().conn, hazard_id) if hazard_id else None
        self.hazard_form.setEnabled(row is not None and self._editable())
        self.remove_hazard_button.setEnabled(row is not None and self._editable())
        loading, self._loading = self._loading, True
        try:
            pending = self._pending_hazard.get(hazard_id or "", {})
            if row is None:
                self.h_description.setPlainText("")
                self.h_location.clear()
                self.h_basis.clear()
                self.photos.clear()
                return
            if (
                "description" not in pending
                and self.h_description.toPlainText() != row["description"]
            ):
                self.h_description.setPlainText(row["description"])
            if "location" not in pending and self.h_location.text() != row["location"]:
                self.h_location.setText(row["location"])
            if "basis" not in pending and self.h_basis.text() != row["basis"]:
                self.h_basis.setText(row["basis"])
            self.h_major.setChecked(bool(row["major"]))
            chosen = set(row["measures"].split(","))
            for code, box in self.h_measures.items():
                box.setChecked(code in chosen)
            if row["deadline"]:
                self.h_deadline.setDate(QDate.fromString(row["deadline"], "yyyy-MM-dd"))
            self.h_deadline.setEnabled(True)
            self._load_photos(row["id"])
        finally:
            self._loading = loading

    def _load_photos(self, hazard_id: str) -> None:
        self.photos.clear()
        for photo in hazard_photos.photos_of(self._reader().conn, hazard_id):
            item = QListWidgetItem(
                self._thumbnail(photo["sha256"]), photo["taken_at"][:16].replace("T", " ")
            )
            item.setData(Qt.ItemDataRole.UserRole, photo["sha256"])
            item.setToolTip(photo["original_name"])
            self.photos.addItem(item)

    def _thumbnail(self, sha256: str) -> QIcon:
        if sha256 not in self._thumbs:
            image = QImage(str(attachments.path_of(self.ctx.paths.attachments_dir, sha256)))
            if image.isNull():
                self._thumbs[sha256] = QIcon()
            else:
                scaled = image.scaled(
                    96,
                    96,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
                self._thumbs[sha256] = QIcon(QPixmap.fromImage(scaled))
        return self._thumbs[sha256]

    def _editable(self) -> bool:
        return self.inspection is not None and not self.inspection.signed

    def _apply_lock(self) -> None:
        editable = self._editable()
        for widget in (
            self.kind,
            self.place,
            self.person,
            self.person_title,
            self.person_phone,
            self.location,
            self.situation,
            self.add_hazard_button,
            *self.operations.values(),
        ):
            widget.setEnabled(editable)
        self.situation.setReadOnly(not editable)
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

    # -- autosave ----------------------------------------------------------------------------

    def _changed(self, field: str, value: object) -> None:
        if self._loading or not self._editable():
            return
        self._pending[field] = value
        if not self._timer.isActive():
            self._timer.start()

    def _location_changed(self, text: str) -> None:
        parsed = parse_location(text)
        if parsed is None:
            if not self._loading:
                self.status.setText("⚠ " + self.tr("Location: type latitude, longitude"))
            return
        self._changed("latitude", parsed[0])
        self._changed("longitude", parsed[1])

    def _hazard_changed(self, field: str, value: object) -> None:
        hazard_id = self.current_hazard()
        if self._loading or hazard_id is None or not self._editable():
            return
        self._pending_hazard.setdefault(hazard_id, {})[field] = value
        if not self._timer.isActive():
            self._timer.start()

    def _measures_changed(self, *_args: Any) -> None:
        chosen = [c for c, box in self.h_measures.items() if box.isChecked()]
        self._hazard_changed("measures", ",".join(chosen))

    def pending(self) -> bool:
        return bool(self._pending or self._pending_hazard)

    def flush(self) -> None:
        """Send everything typed since the last save to the writer thread now."""
        self._timer.stop()
        if self.inspection_id is None or not self.pending():
            return
        inspection_id = self.inspection_id
        record, self._pending = self._pending, {}
        hazard_edits, self._pending_hazard = self._pending_hazard, {}
        author = self.ctx.author

        def task(store: Store, _context: TaskContext) -> tuple[ChangeSet, list[str]]:
            changes = ChangeSet()
            problems: list[str] = []
            lang = "zh"
            # each field on its own (one bad field does not hold the others back), except
            # the two halves of a position, which belong together
            groups: list[tuple[str, dict[str, object]]] = []
            position: dict[str, object] = {
                f: record.pop(f) for f in ("latitude", "longitude") if f in record
            }
            if position:
                groups.append(("", position))
            groups.extend(("", {f: v}) for f, v in record.items())
            for hazard_id, fields in hazard_edits.items():
                groups.extend((hazard_id, {f: v}) for f, v in fields.items())
            for hazard_id, values in groups:
                try:
                    with UnitOfWork(store, author) as uow:
                        if hazard_id:
                            hazards.update(uow, hazard_id, values)
                        else:
                            inspections.update(uow, inspection_id, values)
                    changes.merge(uow.changes)
                except Bilingual as exc:  # one bad field: the rest is saved
                    problems.append(exc.text(lang))
            return changes, problems

        def done(result: tuple[ChangeSet, list[str]]) -> None:
            changes, problems = result
            if problems:
                self.status.setText("⚠ " + "；".join(problems))
            elif self.status.text().startswith("⚠"):
                self.status.clear()
                self._apply_lock()
            self.ctx.apply(changes)
            self.saved.emit()

        self.ctx.writer.submit(task, on_done=done, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        text = exc.text(self.ctx.lang) if isinstance(exc, Bilingual) else str(exc)
        self.status.setText("⚠ " + text)

    def _on_changes(self, changes: ChangeSet) -> None:
        if self.inspection_id is not None and changes.tables() & HAZARD_TABLES:
            if not self.pending():
                self.reload()

    def _run(
        self, fn: Callable[[UnitOfWork], object], then: Callable[[Any], None] | None = None
    ) -> None:
        """Run a domain operation in one unit of work on the writer thread, after pending edits."""
        self.flush()
        author = self.ctx.author

        def task(store: Store, _context: TaskContext) -> tuple[object, ChangeSet]:
            with UnitOfWork(store, author) as uow:
                result = fn(uow)
            return result, uow.changes

        def done(result: tuple[object, ChangeSet]) -> None:
            value, changes = result
            self.ctx.apply(changes)
            if then is not None:
                then(value)

        self.ctx.writer.submit(task, on_done=done, on_error=self._failed)

    # -- checklist ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.checklist and event.type() == QEvent.Type.KeyPress:
            key = event.key() if isinstance(event, QKeyEvent) else None
            if key in VERDICT_KEYS and self._editable():
                self.set_verdict_at(self.checklist.currentRow(), VERDICT_KEYS[Qt.Key(key)])
                return True
        return super().eventFilter(watched, event)

    def set_verdict_at(self, row: int, verdict: str) -> None:
        cell = self.checklist.item(row, 0)
        if cell is None or self.inspection_id is None:
            return
        code = str(cell.data(Qt.ItemDataRole.UserRole))
        inspection_id = self.inspection_id
        verdict_cell = self.checklist.item(row, 3)
        if verdict_cell is not None:
            verdict_cell.setText(self._verdict_name(verdict))
        if row + 1 < self.checklist.rowCount():
            self.checklist.selectRow(row + 1)
        deadline = self.today() + dt.timedelta(days=DEFAULT_DEADLINE_DAYS)

        def op(uow: UnitOfWork) -> str | None:
            inspections.set_verdict(uow, inspection_id, code, verdict)
            if code.startswith(inspection_rules.REVIEW_PREFIX):
                return None
            existing = uow.conn.execute(
                "SELECT id FROM hazard WHERE inspection_id = ? AND item_code = ? AND withdrawn = 0",
                (inspection_id, code),
            ).fetchone()
            if verdict == "hazard" and existing is None:
                item = next(
                    i for i in inspections.items(uow.conn, inspection_id) if i.item_code == code
                )
                return hazards.add(
                    uow,
                    inspection_id,
                    {
                        "item_code": code,
                        "description": item.item_text,
                        "basis": item.basis,
                        "major": item.major,
                        "measures": "rectify_by_deadline",
                        "deadline": deadline.isoformat(),
                    },
                )
            if verdict != "hazard" and existing is not None:
                has_photos = uow.conn.execute(
                    "SELECT 1 FROM hazard_photo WHERE hazard_id = ? AND withdrawn = 0",
                    (existing[0],),
                ).fetchone()
                if not has_photos:
                    hazards.remove(uow, existing[0])
            return None

        self._run(op)

    def _edit_note(self, row: int, _column: int) -> None:
        if not self._editable() or self.inspection_id is None:
            return
        cell = self.checklist.item(row, 0)
        if cell is None:
            return
        note_cell = self.checklist.item(row, 4)
        text, ok = QInputDialog.getText(
            self, self.tr("Note"), cell.text()[:60], text=note_cell.text() if note_cell else ""
        )
        if ok:
            code = str(cell.data(Qt.ItemDataRole.UserRole))
            inspection_id = self.inspection_id
            self._run(lambda uow: inspections.set_verdict(uow, inspection_id, code, None, text))

    def _operations_changed(self, *_args: Any) -> None:
        if self._loading or not self._editable() or self.inspection_id is None:
            return
        chosen = [c for c, box in self.operations.items() if box.isChecked()]
        inspection_id = self.inspection_id
        assert self.inspection is not None
        industry = str(
            (Registry.get(self._reader().conn, self.inspection.enterprise_id) or {}).get(
                "supervision_industry", ""
            )
        )
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
        deadline = self.today() + dt.timedelta(days=DEFAULT_DEADLINE_DAYS)

        def op(uow: UnitOfWork) -> str:
            return hazards.add(
                uow,
                inspection_id,
                {"description": text, "measures": "rectify_by_deadline", "deadline": deadline},
            )

        def select(hazard_id: object) -> None:
            for row in range(self.hazard_list.count()):
                if self.hazard_list.item(row).data(Qt.ItemDataRole.UserRole) == hazard_id:
                    self.hazard_list.setCurrentRow(row)
            self.h_description.setFocus()
            self.h_description.selectAll()

        self._run(op, select)

    def remove_hazard(self) -> None:
        hazard_id = self.current_hazard()
        if hazard_id is None:
            return
        self._pending_hazard.pop(hazard_id, None)
        self._run(lambda uow: hazards.remove(uow, hazard_id))

    def set_deadline_in(self, days: int) -> None:
        day = self.today() + dt.timedelta(days=days)
        self.h_deadline.setDate(QDate(day.year, day.month, day.day))

    def _pick_photos(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Add photos"), "", self.tr("Images (*.jpg *.jpeg *.png *.heic *.webp)")
        )
        if files:
            self.add_photos([Path(f) for f in files])

    def add_photos(self, files: list[Path]) -> None:
        """Import photos (copied, hashed, EXIF time read) and link them to the current hazard,
        on the writer thread."""
        hazard_id = self.current_hazard()
        if hazard_id is None or not self._editable():
            return
        folder, author = self.ctx.paths.attachments_dir, self.ctx.author

        def task(store: Store, context: TaskContext) -> ChangeSet:
            changes = ChangeSet()
            for n, path in enumerate(files):
                context.progress("photos", n, len(files))
                sha, taken = hazard_photos.import_photo(store, folder, path)
                with UnitOfWork(store, author) as uow:
                    hazard_photos.add_photo(uow, hazard_id, sha, path.name, taken)
                changes.merge(uow.changes)
            return changes

        self.status.setText(self.tr("Importing %n photo(s)…", "", len(files)))
        self.ctx.writer.submit(
            task,
            on_done=self._photos_added,
            on_error=self._failed,
        )

    def _photos_added(self, changes: ChangeSet) -> None:
        self.ctx.apply(changes)
        self.status.clear()
        self._apply_lock()

    def _open_photo(self, item: QListWidgetItem) -> None:
        sha = str(item.data(Qt.ItemDataRole.UserRole))
        path = attachments.path_of(self.ctx.paths.attachments_dir, sha)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

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
            author = self.ctx.author

            def task(store: Store, _context: TaskContext) -> ChangeSet:
                inputs = store_signatures(store, folder, given)
                with UnitOfWork(store, author) as uow:
                    signing.sign(uow, inspection_id, inputs)
                return uow.changes

            self.ctx.writer.submit(task, on_done=self.ctx.apply, on_error=self._failed)

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
        self._run(
            lambda uow: documents.issue(uow, tree, kind, inspection_id),
            lambda doc: self._issued(doc),
        )

    def _issued(self, doc: issued.Document) -> None:
        path = self.render_document(doc)
        self.documents_issued.emit([(doc.kind, path)])
        box = QMessageBox(self)
        box.setObjectName("documentIssued")
        box.setWindowTitle(doc.title)
        box.setText(self.tr("%1 issued as %2.").replace("%1", doc.title).replace("%2", doc.number))
        print_button = box.addButton(self.tr("Print…"), QMessageBox.ButtonRole.AcceptRole)
        open_button = box.addButton(self.tr("Open PDF"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        print_button.clicked.connect(lambda: self.print_document(doc))
        open_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
        self.issued_box = box
        box.open()

    def render_document(self, doc: issued.Document) -> Path:
        from ui.documents import render_pdf

        folder = self.ctx.paths.documents_dir
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{doc.number}.pdf"
        context = issued.printable(doc.content, self.ctx.paths.attachments_dir)
        return render_pdf(doc.kind, context, path)

    def print_document(self, doc: issued.Document) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from ui.documents import print_document

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            context = issued.printable(doc.content, self.ctx.paths.attachments_dir)
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


def parse_location(text: str) -> tuple[float | None, float | None] | None:
    """ "30.7512, 120.6836" → (30.7512, 120.6836); "" → (None, None); None when unreadable
    (the domain checks the ranges)."""
    cleaned = text.replace("，", ",").strip()
    if not cleaned:
        return (None, None)
    parts = [p for p in cleaned.replace(",", " ").split() if p]
    if len(parts) != 2:
        return None
    try:
        return (float(parts[0]), float(parts[1]))
    except ValueError:
        return None
