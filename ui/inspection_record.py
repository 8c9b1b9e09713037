"""The inspection editor's record form: kind, place, position, the officers, the person in charge,
the specialised operations and what was found.

Typed values wait in ``pending`` until the editor saves them (``edited`` says one arrived); a
field being typed is never overwritten by a reload. A change of the specialised operations is
its own operation (it changes the checklist): ``operations_changed``.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from inspector_app.documents import issued
from inspector_app.inspections import inspections
from inspector_app.inspections import rules as inspection_rules
from inspector_app.inspections.checklists import SPECIAL_OPERATIONS
from ui.context import AppContext


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


class RecordForm(QGroupBox):
    edited = Signal()  # a field changed: ``pending`` has it
    operations_changed = Signal(list)  # the codes ticked
    location_unreadable = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Inspection record"))
        self.ctx = ctx
        self.pending: dict[str, object] = {}
        self.editable = False
        self._loading = False
        self._build()

    def _build(self) -> None:
        en = self.ctx.lang.startswith("en")
        self.kind = QComboBox(self)
        for code, name in inspection_rules.default_rules().kinds.items():
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
            box.toggled.connect(self._operations_toggled)
            self.operations[code] = box
            ops.addWidget(box)
        self.situation = QPlainTextEdit(self)
        self.situation.setObjectName("situation")
        self.situation.setPlaceholderText(self.tr("What was inspected and what was found"))
        self.situation.setMaximumHeight(110)
        self.situation.textChanged.connect(
            lambda: self._changed("situation", self.situation.toPlainText())
        )
        form = QFormLayout(self)
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

    # -- showing -----------------------------------------------------------------------------

    def load(self, conn: sqlite3.Connection, found: inspections.Inspection) -> None:
        self._loading = True
        try:
            self._set_if_idle(self.place, found.place, "place")
            self._set_if_idle(self.person, found.person_in_charge, "person_in_charge")
            self._set_if_idle(self.person_title, found.person_title, "person_title")
            self._set_if_idle(self.person_phone, found.person_phone, "person_phone")
            if "situation" not in self.pending and self.situation.toPlainText() != found.situation:
                self.situation.setPlainText(found.situation)
            self.kind.setCurrentIndex(max(self.kind.findData(found.kind), 0))
            if "latitude" not in self.pending:
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
        finally:
            self._loading = False

    def _set_if_idle(self, widget: QLineEdit, value: str, field: str) -> None:
        if field not in self.pending and widget.text() != value:
            widget.setText(value)

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        for widget in (
            self.kind,
            self.place,
            self.person,
            self.person_title,
            self.person_phone,
            self.location,
            self.situation,
            *self.operations.values(),
        ):
            widget.setEnabled(editable)
        self.situation.setReadOnly(not editable)

    # -- editing -----------------------------------------------------------------------------

    def _changed(self, field: str, value: object) -> None:
        if self._loading or not self.editable:
            return
        self.pending[field] = value
        self.edited.emit()

    def _location_changed(self, text: str) -> None:
        parsed = parse_location(text)
        if parsed is None:
            if not self._loading:
                self.location_unreadable.emit()
            return
        self._changed("latitude", parsed[0])
        self._changed("longitude", parsed[1])

    def _operations_toggled(self, *_args: Any) -> None:
        if self._loading or not self.editable:
            return
        self.operations_changed.emit([c for c, box in self.operations.items() if box.isChecked()])

    def take_pending(self) -> dict[str, object]:
        taken, self.pending = self.pending, {}
        return taken
