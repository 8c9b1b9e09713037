"""Create or edit a registry entry. Each broken rule is shown beside its field, in the UI
language; nothing is saved until every field passes, and the save runs on the writer thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from inspector_app.registry.rules import FIELDS
from inspector_app.registry.validation import RecordInvalid, label
from inspector_app.store.changelog import UnitOfWork
from ui.context import AppContext
from ui.crash import Refusal
from ui.ops import run_op


class EnterpriseDialog(QDialog):
    saved = Signal(str)  # enterprise id

    def __init__(
        self, ctx: AppContext, record: dict[str, Any] | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record = record
        self.setObjectName("enterpriseDialog")
        # wide enough that a USCC message takes two lines at most
        self.setMinimumWidth(520)
        self.setWindowTitle(self.tr("Edit entry") if record else self.tr("New entry"))
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._build()
        if record:
            self._load(record)

    def _label(self, field: str) -> str:
        lab = label(field)
        return lab.en if self.ctx.lang.startswith("en") else lab.zh

    def _build(self) -> None:
        form = self.form = QFormLayout()
        tree, classes, lang = self.ctx.tree, self.ctx.classes, self.ctx.lang
        for field in FIELDS:
            widget: QWidget
            if field == "kind":
                widget = QComboBox(self)
                for code in classes.kinds:
                    widget.addItem(classes.kind_name(code, lang), code)
            elif field == "county_code":
                widget = QComboBox(self)
                for unit in tree.counties():
                    widget.addItem(unit.name, unit.code)
                widget.currentIndexChanged.connect(self._county_changed)
            elif field in ("town_code", "supervising_unit"):
                widget = QComboBox(self)
            elif field == "industry_section":
                widget = QComboBox(self)
                widget.addItem("", "")
                for code, name in classes.sections.items():
                    widget.addItem(f"{code} {name}", code)
            elif field == "supervision_industry":
                widget = QComboBox(self)
                for code, english in classes.industries.items():
                    widget.addItem(english if lang.startswith("en") else code, code)
            elif field == "risk_level":
                widget = QComboBox(self)
                for code in classes.risk_levels:
                    widget.addItem(classes.risk_name(code, lang), code)
                widget.setCurrentIndex(widget.findData("low"))
            elif field in ("above_size", "key_supervised"):
                widget = QCheckBox(self)
            else:
                widget = QLineEdit(self)
            widget.setObjectName(f"field_{field}")
            error = QLabel(self)
            error.setObjectName(f"error_{field}")
            error.setStyleSheet("color: #c62828")
            error.setWordWrap(True)
            error.hide()
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            box.addWidget(error)
            form.addRow(self._label(field), box)
            self.widgets[field] = widget
            self.errors[field] = error
        town = self.widgets["town_code"]
        assert isinstance(town, QComboBox)
        town.currentIndexChanged.connect(self._town_changed)
        self._county_changed()

        self.status = QLabel(self)
        self.status.setObjectName("dialogStatus")
        self.status.setStyleSheet("color: #c62828")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)
        self.buttons.rejected.connect(self.reject)
        # the fields scroll when the screen is short (1366×768 at 150 % leaves 512 points)
        self.fields = QWidget(self)
        self.fields.setLayout(form)
        self.fields_scroll = QScrollArea(self)
        self.fields_scroll.setObjectName("fieldsScroll")
        self.fields_scroll.setWidgetResizable(True)
        self.fields_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.fields_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.fields_scroll.setWidget(self.fields)
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields_scroll, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.fit_screen()

    def _combo(self, field: str) -> QComboBox:
        widget = self.widgets[field]
        assert isinstance(widget, QComboBox)
        return widget

    def _county_changed(self) -> None:
        county = self._combo("county_code").currentData()
        town = self._combo("town_code")
        town.blockSignals(True)
        town.clear()
        for unit in self.ctx.tree.towns_of(county):
            town.addItem(unit.name, unit.code)
        town.blockSignals(False)
        self._town_changed()

    def _town_changed(self) -> None:
        tree = self.ctx.tree
        county = self._combo("county_code").currentData()
        town = self._combo("town_code").currentData()
        supervisor = self._combo("supervising_unit")
        previous = supervisor.currentData()
        supervisor.clear()
        if not town:
            return
        codes = dict.fromkeys(
            [tree.default_supervisor(town), county, *(p.code for p in tree.parks_of(county))]
        )
        for code in codes:
            supervisor.addItem(tree.units[code].name, code)
        index = supervisor.findData(previous)
        supervisor.setCurrentIndex(max(index, 0))

    def _load(self, record: dict[str, Any]) -> None:
        for field in ("county_code", "town_code", "supervising_unit"):
            combo = self._combo(field)
            combo.setCurrentIndex(combo.findData(record[field]))
        for field in FIELDS:
            widget = self.widgets[field]
            value = record[field]
            if isinstance(widget, QLineEdit):
                widget.setText("" if value is None else str(value))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox) and field not in (
                "county_code",
                "town_code",
                "supervising_unit",
            ):
                widget.setCurrentIndex(max(widget.findData(value), 0))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for field, widget in self.widgets.items():
            if isinstance(widget, QLineEdit):
                out[field] = widget.text()
            elif isinstance(widget, QCheckBox):
                out[field] = widget.isChecked()
            elif isinstance(widget, QComboBox):
                out[field] = widget.currentData()
        return out

    def show_errors(self, exc: RecordInvalid) -> None:
        for error in self.errors.values():
            error.hide()
            error.setMinimumHeight(0)
        shown: list[QLabel] = []
        for item in exc.errors:
            target = self.errors.get(item.field)
            if target is None:
                continue
            target.setText(item.text(self.ctx.lang))
            target.show()
            shown.append(target)
        self.status.setText(self.tr("Not saved: correct the fields marked in red."))
        # a form row does not ask a wrapped label for its height: give each its lines
        self.form.activate()
        for lab in shown:
            lab.setMinimumHeight(lab.heightForWidth(lab.width()))
        self.fit_screen()
        if shown:
            self.fields_scroll.ensureWidgetVisible(shown[0])

    def fit_screen(self) -> None:
        """As tall as the fields need, never taller than the screen the dialog is on."""
        self.form.activate()
        screen = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        frame = 40  # title bar and borders, drawn by the window system
        chrome = self.status.sizeHint().height() + self.buttons.sizeHint().height() + 48
        wanted = self.fields.sizeHint().height() + chrome
        self.resize(max(self.width(), self.minimumWidth()), min(wanted, screen.height() - frame))

    def save(self) -> None:
        raw = self.values()
        try:
            self.ctx.registry.rules.normalise(raw)  # immediate feedback; the writer checks again
        except RecordInvalid as exc:
            self.show_errors(exc)
            return
        registry, record = self.ctx.registry, self.record

        def op(uow: UnitOfWork) -> str:
            if record is None:
                return registry.create(uow, raw)
            registry.update(uow, record["id"], raw)
            return str(record["id"])

        def refused(exc: Refusal) -> None:
            if isinstance(exc, RecordInvalid):
                self.show_errors(exc)

        self.buttons.setEnabled(False)
        self.status.setText(self.tr("Saving…"))
        run_op(
            self.ctx,
            op,
            on_done=self._saved,
            say=self.status.setText,
            on_refused=refused,
            on_failed=lambda: self.buttons.setEnabled(True),
        )

    def _saved(self, entity_id: str) -> None:
        self.saved.emit(entity_id)
        self.accept()
