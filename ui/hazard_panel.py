"""The inspection editor's hazard panel: the record's hazards, the form of the one selected
(finding, location, basis, major flag, on-site measures, deadline with presets) and its photos.

The panel shows and collects: edits wait in ``pending`` (the editor saves them with the record's
own), and adding, removing and photos are asked of the editor (``add_requested``…), which runs
them as operations. What the panel shows is always what is stored: a field the domain refused
shows the stored value again on the next load.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QIcon,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from inspector_app.inspections import hazard_photos, hazards, inspections
from inspector_app.inspections import rules as inspection_rules
from ui.context import AppContext
from ui.photo_view import PhotoViewer, photo_image


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

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            self.files_dropped.emit(files)
            event.acceptProposedAction()


class HazardPanel(QGroupBox):
    edited = Signal()  # a field changed: ``pending`` has it
    add_requested = Signal()
    remove_requested = Signal(str)  # hazard id
    photos_chosen = Signal(str, list)  # hazard id, [Path]

    def __init__(
        self, ctx: AppContext, today: Callable[[], dt.date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Hazards"))
        self.ctx = ctx
        self.today = today
        self.pending: dict[str, dict[str, object]] = {}
        self.editable = False
        self._loading = False
        self._thumbs: dict[str, QIcon] = {}
        self._build()

    def _build(self) -> None:
        en = self.ctx.lang.startswith("en")
        rules = inspection_rules.default_rules()
        self.hazard_list = QListWidget(self)
        self.hazard_list.setObjectName("hazardList")
        self.hazard_list.currentItemChanged.connect(self._selected)
        self.hazard_list.setMaximumHeight(150)
        self.hazard_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.hazard_list.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.hazard_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.add_button = QPushButton(self.tr("New hazard"), self)
        self.add_button.clicked.connect(self.add_requested.emit)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.clicked.connect(self._remove)
        self.description = QPlainTextEdit(self)
        self.description.setObjectName("hazardDescription")
        self.description.setMaximumHeight(70)
        self.description.textChanged.connect(
            lambda: self._changed("description", self.description.toPlainText())
        )
        self.location = QLineEdit(self)
        self.location.textChanged.connect(lambda t: self._changed("location", t))
        self.basis = QLineEdit(self)
        self.basis.textChanged.connect(lambda t: self._changed("basis", t))
        self.major = QCheckBox(self.tr("Major hazard"), self)
        self.major.toggled.connect(lambda v: self._changed("major", v))
        self.measures: dict[str, QCheckBox] = {}
        measures_box = QVBoxLayout()
        for code, measure in rules.measures.items():
            box = QCheckBox(measure.en if en else measure.zh, self)
            box.toggled.connect(self._measures_changed)
            self.measures[code] = box
            measures_box.addWidget(box)
        self.deadline = QDateEdit(self)
        self.deadline.setObjectName("hazardDeadline")
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.deadline.dateChanged.connect(
            lambda d: self._changed("deadline", d.toString("yyyy-MM-dd"))
        )
        presets = QHBoxLayout()
        presets.addWidget(self.deadline)
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
        self.photos.files_dropped.connect(self._photos_dropped)
        self.photos.itemDoubleClicked.connect(self._open_photo)
        self.add_photo_button = QPushButton(self.tr("Add photos…"), self)
        self.add_photo_button.clicked.connect(self._pick_photos)
        form = QFormLayout()
        form.addRow(self.tr("Description"), self.description)
        form.addRow(self.tr("Location"), self.location)
        form.addRow(self.tr("Legal basis"), self.basis)
        form.addRow("", self.major)
        form.addRow(self.tr("On-site measures"), measures_box)
        form.addRow(self.tr("Deadline"), presets)
        form.addRow(self.tr("Photos"), self.photos)
        form.addRow("", self.add_photo_button)
        self.form = QWidget(self)
        self.form.setLayout(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hazard_list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.form)

    # -- showing -----------------------------------------------------------------------------

    def load(self, conn: sqlite3.Connection, inspection_id: str, editable: bool) -> None:
        """The hazards of the record and of the records it corrects, the selection kept."""
        self.editable = editable
        self.add_button.setEnabled(editable)
        selected = self.current_hazard()
        self.hazard_list.blockSignals(True)
        self.hazard_list.clear()
        lineage = inspections.ancestry(conn, inspection_id)
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
        self.show_hazard(self.current_hazard())

    def current_hazard(self) -> str | None:
        item = self.hazard_list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def select(self, hazard_id: object) -> None:
        """Select a hazard and put the cursor in its description (a new one)."""
        for row in range(self.hazard_list.count()):
            if self.hazard_list.item(row).data(Qt.ItemDataRole.UserRole) == hazard_id:
                self.hazard_list.setCurrentRow(row)
        self.description.setFocus()
        self.description.selectAll()

    def _selected(self, *_args: Any) -> None:
        self.show_hazard(self.current_hazard())

    def show_hazard(self, hazard_id: str | None) -> None:
        row = hazards.get(self.ctx.open_reader().conn, hazard_id) if hazard_id else None
        self.form.setEnabled(row is not None and self.editable)
        self.remove_button.setEnabled(row is not None and self.editable)
        loading, self._loading = self._loading, True
        try:
            pending = self.pending.get(hazard_id or "", {})
            if row is None:
                self.description.setPlainText("")
                self.location.clear()
                self.basis.clear()
                self.photos.clear()
                return
            if (
                "description" not in pending
                and self.description.toPlainText() != row["description"]
            ):
                self.description.setPlainText(row["description"])
            if "location" not in pending and self.location.text() != row["location"]:
                self.location.setText(row["location"])
            if "basis" not in pending and self.basis.text() != row["basis"]:
                self.basis.setText(row["basis"])
            self.major.setChecked(bool(row["major"]))
            chosen = set(row["measures"].split(","))
            for code, box in self.measures.items():
                box.setChecked(code in chosen)
            if row["deadline"]:
                self.deadline.setDate(QDate.fromString(row["deadline"], "yyyy-MM-dd"))
            self.deadline.setEnabled(True)
            self._load_photos(row["id"])
        finally:
            self._loading = loading

    def _load_photos(self, hazard_id: str) -> None:
        self.photos.clear()
        for photo in hazard_photos.photos_of(self.ctx.open_reader().conn, hazard_id):
            item = QListWidgetItem(
                self._thumbnail(photo["sha256"]), photo["taken_at"][:16].replace("T", " ")
            )
            item.setData(Qt.ItemDataRole.UserRole, photo["sha256"])
            item.setToolTip(photo["original_name"])
            self.photos.addItem(item)

    def _thumbnail(self, sha256: str) -> QIcon:
        if sha256 not in self._thumbs:
            image = photo_image(self.ctx.vault, sha256)
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

    # -- editing -----------------------------------------------------------------------------

    def _changed(self, field: str, value: object) -> None:
        hazard_id = self.current_hazard()
        if self._loading or hazard_id is None or not self.editable:
            return
        self.pending.setdefault(hazard_id, {})[field] = value
        self.edited.emit()

    def _measures_changed(self, *_args: Any) -> None:
        chosen = [c for c, box in self.measures.items() if box.isChecked()]
        self._changed("measures", ",".join(chosen))

    def take_pending(self) -> dict[str, dict[str, object]]:
        taken, self.pending = self.pending, {}
        return taken

    def set_deadline_in(self, days: int) -> None:
        day = self.today() + dt.timedelta(days=days)
        self.deadline.setDate(QDate(day.year, day.month, day.day))

    def _remove(self) -> None:
        hazard_id = self.current_hazard()
        if hazard_id is not None:
            self.pending.pop(hazard_id, None)
            self.remove_requested.emit(hazard_id)

    def _pick_photos(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Add photos"), "", self.tr("Images (*.jpg *.jpeg *.png *.heic *.webp)")
        )
        if files:
            self._photos_dropped([Path(f) for f in files])

    def _photos_dropped(self, files: list[Path]) -> None:
        hazard_id = self.current_hazard()
        if hazard_id is not None and self.editable:
            self.photos_chosen.emit(hazard_id, files)

    def _open_photo(self, item: QListWidgetItem) -> None:
        sha = str(item.data(Qt.ItemDataRole.UserRole))
        vault = self.ctx.vault
        if vault.key is None:  # a plain file: the system's viewer shows it
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(vault.path(sha))))
            return
        # a sealed photo is shown here, never written out in clear for another program
        dialog = PhotoViewer(photo_image(vault, sha), item.toolTip(), self)
        self.photo_viewer = dialog
        dialog.open()
