"""The accident forms: recording an accident with its first report, a supplementary report, and
one step of what follows (reported up a level, the investigation, accountability, the listing).

The grade is shown live as the figures are typed, by the domain's own rule
(``model.Figures.grade``, i.e. ``inspector_app.accidents.grade`` with the city's counting of the
missing), beside the listing it would trigger. The rules are the domain's
(``accidents.operations``); a refusal is shown in the form and nothing is written.

A little over 600 lines: the three accident forms share their figures and refusal display.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDateTime, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inspector_app.accidents import listing, operations
from inspector_app.accidents.model import Figures
from inspector_app.accidents.params import AccidentParams, default_params
from inspector_app.accidents.queries import AccidentDetail
from inspector_app.accidents.steps import STEP_KINDS
from inspector_app.registry.entries import Registry
from inspector_app.store.changelog import UnitOfWork
from ui.case_steps import ERROR_STYLE, date_edit, fill_approvers, from_qdate
from ui.context import AppContext
from ui.ops import run_op
from ui.registry_picker import fill_matches

GRADE_COLORS = {"一般": "#2e7d32", "较大": "#ef6c00", "重大": "#c62828", "特别重大": "#6a1b9a"}


def grade_html(grade: str) -> str:
    color = GRADE_COLORS.get(grade, "#000")
    return f"<b style='color:{color}'>{html.escape(grade)}</b>"


def datetime_edit(moment: dt.datetime, parent: QWidget) -> QDateTimeEdit:
    edit = QDateTimeEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    set_moment(edit, moment)
    return edit


def set_moment(edit: QDateTimeEdit, moment: dt.datetime) -> None:
    edit.setDateTime(
        QDateTime(moment.year, moment.month, moment.day, moment.hour, moment.minute, 0)
    )


def moment_of(edit: QDateTimeEdit, zone: dt.tzinfo | None) -> dt.datetime:
    """The edit's time in ``zone`` (the zone of the officer's clock)."""
    d, t = edit.date(), edit.time()
    return dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=zone)


class FiguresBox(QWidget):
    """Deaths, missing, serious and minor injuries, direct loss — and the grade they make."""

    changed = Signal()

    def __init__(self, params: AccidentParams, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.params = params
        self.sector = "industry_trade"
        self.spins: dict[str, QSpinBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        titles = (
            ("deaths", self.tr("Deaths")),
            ("missing", self.tr("Missing")),
            ("serious_injuries", self.tr("Serious injuries")),
            ("minor_injuries", self.tr("Minor injuries")),
        )
        for n, (name, title) in enumerate(titles):
            spin = QSpinBox(self)
            spin.setObjectName(name)
            spin.setRange(0, 100_000)
            spin.valueChanged.connect(self._changed)
            self.spins[name] = spin
            grid.addWidget(QLabel(title, self), 0, 2 * n)
            grid.addWidget(spin, 0, 2 * n + 1)
        self.loss = QLineEdit(self)
        self.loss.setObjectName("direct_loss_yuan")
        self.loss.setPlaceholderText(self.tr("yuan"))
        self.loss.textChanged.connect(self._changed)
        grid.addWidget(QLabel(self.tr("Direct economic loss (yuan)"), self), 1, 0, 1, 3)
        grid.addWidget(self.loss, 1, 3, 1, 2)
        self.grade_label = QLabel(self)
        self.grade_label.setObjectName("gradeLabel")
        self.grade_label.setWordWrap(True)
        grid.addWidget(self.grade_label, 2, 0, 1, 8)
        self._changed()

    def set_figures(self, figures: Figures) -> None:
        for name, spin in self.spins.items():
            with QSignalBlocker(spin):
                spin.setValue(int(getattr(figures, name)))
        with QSignalBlocker(self.loss):
            self.loss.setText(f"{figures.direct_loss_yuan:f}" if figures.direct_loss_yuan else "")
        self._changed()

    def loss_value(self) -> Decimal | None:
        text = self.loss.text().strip().replace(",", "")
        if not text:
            return Decimal(0)
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None
        return value if value.is_finite() and value >= 0 else None

    def figures(self) -> Figures | None:
        loss = self.loss_value()
        if loss is None:
            return None
        counts = {name: spin.value() for name, spin in self.spins.items()}
        return Figures(direct_loss_yuan=loss, **counts)

    def values(self) -> dict[str, Any]:
        """The report's figure fields (the loss as typed: the domain judges it)."""
        out: dict[str, Any] = {name: spin.value() for name, spin in self.spins.items()}
        out["direct_loss_yuan"] = self.loss.text().strip().replace(",", "") or "0"
        return out

    def grade(self) -> str | None:
        figures = self.figures()
        return figures.grade(self.params) if figures is not None else None

    def _changed(self, *_args: Any) -> None:
        figures = self.figures()
        if figures is None:
            self.grade_label.setText(self.tr("The loss is not a number of yuan."))
        else:
            grade = figures.grade(self.params)
            text = self.tr("Grade: %1 accident").replace("%1", grade_html(grade))
            why = listing.trigger_of(self.sector, grade, figures, self.params)
            if why is not None:
                listed = self.tr("listed supervision: %1").replace("%1", html.escape(why[0]))
                text += f"　·　{listed}"
            self.grade_label.setText(text)
        self.changed.emit()


def form_error_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    return label


class RecordAccidentDialog(QDialog):
    """Record an accident with its first report (国务院令第493号 Art. 9, 12)."""

    recorded = Signal(str, object)  # accident id, operations.Outcome

    def __init__(
        self,
        ctx: AppContext,
        now: dt.datetime,
        enterprise_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.now = now
        self.params = default_params()
        self.enterprise_id = enterprise_id or ""
        en = ctx.lang.startswith("en")
        self.setObjectName("recordAccidentDialog")
        self.setWindowTitle(self.tr("Record an accident"))
        self.resize(760, 0)

        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(self.tr("Search the registry by name, pinyin or code"))
        self.search_box.textChanged.connect(self._search)
        self.results = QListWidget(self)
        self.results.setMaximumHeight(90)
        self.results.currentItemChanged.connect(self._picked)
        self.enterprise_label = QLabel(self)
        self.enterprise_label.setWordWrap(True)
        self.no_unit = QCheckBox(self.tr("Not a unit of the registry"), self)
        self.no_unit.toggled.connect(self._unit_kind)
        self.unit_name = QLineEdit(self)
        self.unit_name.setObjectName("unit_name")
        self.county = QComboBox(self)
        self.county.setObjectName("county_code")
        for unit in ctx.tree.reporting_units():
            self.county.addItem(unit.name, unit.code)
        start = now.replace(second=0, microsecond=0)
        self.occurred_at = datetime_edit(start - dt.timedelta(hours=1), self)
        self.occurred_at.setObjectName("occurred_at")
        self.occurred_at.dateTimeChanged.connect(self._fill_types)
        self.known_at = datetime_edit(start - dt.timedelta(hours=1), self)
        self.reported_at = datetime_edit(start, self)
        self.place = QLineEdit(self)
        self.place.setObjectName("place")
        self.sector = QComboBox(self)
        self.sector.setObjectName("sector")
        for code, (zh, en_name) in self.params.sectors.items():
            self.sector.addItem(en_name if en else zh, code)
        self.sector.currentIndexChanged.connect(self._sector_changed)
        self.accident_type = QComboBox(self)
        self.accident_type.setObjectName("accident_type")
        self.figures = FiguresBox(self.params, self)
        self.course = QPlainTextEdit(self)
        self.course.setObjectName("course")
        self.course.setMaximumHeight(80)
        self.reporter = QLineEdit(self)
        self.error_label = form_error_label(self, "accidentError")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Record"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        self.form = QFormLayout()
        self.form.addRow(self.tr("Unit"), self.search_box)
        self.form.addRow("", self.results)
        self.form.addRow(self.tr("Selected"), self.enterprise_label)
        self.form.addRow("", self.no_unit)
        self.form.addRow(self.tr("Unit name"), self.unit_name)
        self.form.addRow(self.tr("County"), self.county)
        self.form.addRow(self.tr("Occurred at"), self.occurred_at)
        self.form.addRow(self.tr("Unit's head learned of it at"), self.known_at)
        self.form.addRow(self.tr("Place"), self.place)
        self.form.addRow(self.tr("Sector"), self.sector)
        self.form.addRow(self.tr("Type"), self.accident_type)
        self.form.addRow(self.tr("First report at"), self.reported_at)
        self.form.addRow(self.tr("Casualties and loss"), self.figures)
        self.form.addRow(self.tr("Course of events"), self.course)
        self.form.addRow(self.tr("Reported by"), self.reporter)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._fill_types()
        self._unit_kind()
        self._show_enterprise()

    def _search(self, text: str) -> None:
        fill_matches(self.results, self.ctx.open_reader().conn, text)

    def _picked(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.enterprise_id = str(item.data(Qt.ItemDataRole.UserRole))
            self._show_enterprise()

    def _show_enterprise(self) -> None:
        conn = self.ctx.open_reader().conn
        rec = Registry.get(conn, self.enterprise_id) if self.enterprise_id else None
        if rec is None:
            self.enterprise_label.setText(self.tr("No unit chosen yet."))
        else:
            self.enterprise_label.setText(
                f"<b>{html.escape(rec['name'])}</b><br>{html.escape(rec['address'])}"
            )

    def _unit_kind(self, *_args: Any) -> None:
        registry = not self.no_unit.isChecked()
        shown: list[tuple[QWidget, bool]] = [
            (self.search_box, registry),
            (self.results, registry),
            (self.enterprise_label, registry),
            (self.unit_name, not registry),
            (self.county, not registry),
        ]
        for widget, visible in shown:
            self.form.setRowVisible(widget, visible)

    def _fill_types(self, *_args: Any) -> None:
        """The classification in force on the accident's day (GB 6441-1986 or its successor)."""
        day = from_qdate(self.occurred_at.date())
        listed = self.params.type_list_for(day)
        keep = self.accident_type.currentText()
        with QSignalBlocker(self.accident_type):
            self.accident_type.clear()
            self.accident_type.addItems(list(listed.types))
            self.accident_type.setCurrentIndex(max(self.accident_type.findText(keep), 0))
        self.accident_type.setToolTip(listed.title)

    def _sector_changed(self, *_args: Any) -> None:
        self.figures.sector = str(self.sector.currentData())
        self.figures._changed()

    def values(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """(the accident, its first report) as ``operations.record_accident`` takes them."""
        zone = self.now.tzinfo
        accident: dict[str, Any] = {
            "occurred_at": moment_of(self.occurred_at, zone),
            "known_at": moment_of(self.known_at, zone),
            "place": self.place.text().strip(),
            "sector": self.sector.currentData(),
            "accident_type": self.accident_type.currentText(),
        }
        if self.no_unit.isChecked():
            accident["county_code"] = self.county.currentData()
            accident["unit_name"] = self.unit_name.text().strip()
        else:
            accident["enterprise_id"] = self.enterprise_id
        report = {
            "reported_at": moment_of(self.reported_at, zone),
            **self.figures.values(),
            "course": self.course.toPlainText().strip(),
            "reporter": self.reporter.text().strip(),
        }
        return accident, report

    def save(self) -> None:
        accident, report = self.values()
        if not self.no_unit.isChecked() and not self.enterprise_id:
            self.error_label.setText(
                self.tr("Unit: choose the unit in the registry, or tick that it is not there.")
            )
            return
        tree = self.ctx.tree
        self.ok_button.setEnabled(False)
        self.error_label.clear()

        def done(outcome: operations.Outcome) -> None:
            self.recorded.emit(outcome.accident_id, outcome)
            self.accept()

        run_op(
            self.ctx,
            lambda uow: operations.record_accident(uow, accident, report, tree=tree),
            on_done=done,
            say=self.error_label.setText,
            on_failed=lambda: self.ok_button.setEnabled(True),
        )


class SupplementaryDialog(QDialog):
    """A supplementary report (补报, Art. 13): the figures as they now are and what changed; the
    accident is re-graded from it."""

    recorded = Signal(str, object)  # accident id, operations.Outcome

    def __init__(
        self,
        ctx: AppContext,
        found: AccidentDetail,
        now: dt.datetime,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.now = now
        self.accident_id = found.view.id
        self.before = found.view.grade
        self.setObjectName("supplementaryDialog")
        self.setWindowTitle(self.tr("Supplementary report"))
        self.resize(640, 0)
        params = default_params()
        self.reported_at = datetime_edit(now.replace(second=0, microsecond=0), self)
        self.figures = FiguresBox(params, self)
        self.figures.sector = str(found.view["sector"])
        self.figures.set_figures(found.view.figures)
        self.figures.changed.connect(self._regrade)
        self.change_note = QPlainTextEdit(self)
        self.change_note.setObjectName("change_note")
        self.change_note.setMaximumHeight(70)
        self.regrade_label = QLabel(self)
        self.regrade_label.setObjectName("regradeLabel")
        self.error_label = form_error_label(self, "supplementaryError")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Record"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        until = found.supplementary_until.strftime("%Y-%m-%d")
        window = QLabel(self.tr("Supplementary reports until %1 (Art. 13).").replace("%1", until))
        form = QFormLayout()
        form.addRow(self.tr("Reported at"), self.reported_at)
        form.addRow(self.tr("Casualties and loss"), self.figures)
        form.addRow(self.tr("What changed"), self.change_note)
        layout = QVBoxLayout(self)
        layout.addWidget(window)
        layout.addLayout(form)
        layout.addWidget(self.regrade_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._regrade()

    def _regrade(self) -> None:
        grade = self.figures.grade()
        if grade is not None and grade != self.before:
            self.regrade_label.setText(
                self.tr("Re-graded: %1 → %2")
                .replace("%1", grade_html(self.before))
                .replace("%2", grade_html(grade))
            )
        else:
            self.regrade_label.clear()

    def values(self) -> dict[str, Any]:
        return {
            "reported_at": moment_of(self.reported_at, self.now.tzinfo),
            **self.figures.values(),
            "change_note": self.change_note.toPlainText().strip(),
        }

    def save(self) -> None:
        report, tree, accident_id = self.values(), self.ctx.tree, self.accident_id
        self.ok_button.setEnabled(False)
        self.error_label.clear()

        def done(outcome: operations.Outcome) -> None:
            self.recorded.emit(outcome.accident_id, outcome)
            self.accept()

        run_op(
            self.ctx,
            lambda uow: operations.add_supplementary_report(uow, accident_id, report, tree=tree),
            on_done=done,
            say=self.error_label.setText,
            on_failed=lambda: self.ok_button.setEnabled(True),
        )


# the fields of each step's data: (key, kind, label to translate); kinds: text, long, int,
# date, level (the report levels of the data), measure (accountability measures of the data)
STEP_FIELDS: dict[str, tuple[tuple[str, str, object], ...]] = {
    "forwarded": (
        ("level", "level", QT_TRANSLATE_NOOP("AccidentStepDialog", "Level")),
        ("by", "text", QT_TRANSLATE_NOOP("AccidentStepDialog", "Reported by")),
    ),
    "investigation_extended": (
        ("days", "int", QT_TRANSLATE_NOOP("AccidentStepDialog", "Days")),
        ("body", "text", QT_TRANSLATE_NOOP("AccidentStepDialog", "Approved by")),
        ("reason", "long", QT_TRANSLATE_NOOP("AccidentStepDialog", "Reason")),
    ),
    "appraisal": (
        ("from", "date", QT_TRANSLATE_NOOP("AccidentStepDialog", "From")),
        ("to", "date", QT_TRANSLATE_NOOP("AccidentStepDialog", "To")),
        ("what", "text", QT_TRANSLATE_NOOP("AccidentStepDialog", "What is appraised")),
    ),
    "report_submitted": (("by", "text", QT_TRANSLATE_NOOP("AccidentStepDialog", "Submitted by")),),
    "report_approved": (
        ("body", "text", QT_TRANSLATE_NOOP("AccidentStepDialog", "Approved by")),
        ("document_no", "text", QT_TRANSLATE_NOOP("AccidentStepDialog", "Approval number")),
    ),
    "accountability": (
        ("name", "text", QT_TRANSLATE_NOOP("AccidentStepDialog", "Name")),
        ("position", "text", QT_TRANSLATE_NOOP("AccidentStepDialog", "Position")),
        ("employer", "text", QT_TRANSLATE_NOOP("AccidentStepDialog", "Employer")),
        ("measure", "measure", QT_TRANSLATE_NOOP("AccidentStepDialog", "Measure")),
        ("detail", "long", QT_TRANSLATE_NOOP("AccidentStepDialog", "Detail")),
    ),
    "listing_revoked": (("reason", "long", QT_TRANSLATE_NOOP("AccidentStepDialog", "Reason")),),
    "listing_closed": (("note", "long", QT_TRANSLATE_NOOP("AccidentStepDialog", "Note")),),
}
APPROVED_STEPS = frozenset({"listing_revoked", "listing_closed"})


class AccidentStepDialog(QDialog):
    """One step of an accident (``accidents.steps``): its date (a time for a report sent up a
    level), its data, and the approver where the step needs one."""

    recorded = Signal(str)  # the step's kind

    def __init__(
        self,
        ctx: AppContext,
        found: AccidentDetail,
        kind: str,
        now: dt.datetime,
        level: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.now = now
        self.accident_id = found.view.id
        en = ctx.lang.startswith("en")
        zh_title, en_title = STEP_KINDS[kind]
        self.setObjectName("accidentStepDialog")
        self.setWindowTitle(en_title if en else zh_title)
        self.resize(560, 0)
        params = default_params()
        self.when: QWidget
        if kind == "forwarded":
            self.when = datetime_edit(now.replace(second=0, microsecond=0), self)
        else:
            self.when = date_edit(now.date(), self)
        self.when.setObjectName("when")
        self.fields: dict[str, QWidget] = {}
        form = QFormLayout()
        form.addRow(self.tr("Date"), self.when)
        for key, kind_of, title in STEP_FIELDS.get(kind, ()):
            widget = self._field(key, kind_of, params, en, level, now.date())
            widget.setObjectName(key)
            self.fields[key] = widget
            form.addRow(self.tr(str(title)), widget)
        self.approver: QComboBox | None = None
        if kind in APPROVED_STEPS:
            self.approver = QComboBox(self)
            self.approver.setObjectName("approver")
            conn = ctx.open_reader().conn
            fill_approvers(self.approver, conn, ctx.tree, str(found.view["authority_code"]))
            form.addRow(self.tr("Approver"), self.approver)
        self.error_label = form_error_label(self, "stepError")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Record"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _field(
        self, key: str, kind: str, params: AccidentParams, en: bool, level: str, today: dt.date
    ) -> QWidget:
        if kind in ("level", "measure"):
            combo = QComboBox(self)
            if kind == "level":
                for lv in params.report_levels:
                    combo.addItem(lv.en if en else lv.zh, lv.code)
                combo.setCurrentIndex(max(combo.findData(level), 0))
            else:
                for code, (zh, en_name) in params.measures.items():
                    combo.addItem(en_name if en else zh, code)
            return combo
        if kind == "int":
            spin = QSpinBox(self)
            spin.setRange(0, 366)
            spin.setValue(30)
            return spin
        if kind == "date":
            return date_edit(today, self)
        if kind == "long":
            edit = QPlainTextEdit(self)
            edit.setMaximumHeight(80)
            return edit
        return QLineEdit(self)

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, widget in self.fields.items():
            if isinstance(widget, QComboBox):
                out[key] = widget.currentData()
            elif isinstance(widget, QSpinBox):
                out[key] = widget.value()
            elif isinstance(widget, QPlainTextEdit):
                out[key] = widget.toPlainText().strip()
            elif isinstance(widget, QDateTimeEdit):  # a QDateEdit
                out[key] = from_qdate(widget.date()).isoformat()
            elif isinstance(widget, QLineEdit):
                out[key] = widget.text().strip()
        return out

    def when_value(self) -> dt.date:
        assert isinstance(self.when, QDateTimeEdit)
        if self.kind == "forwarded":
            return moment_of(self.when, self.now.tzinfo)
        return from_qdate(self.when.date())

    def save(self) -> None:
        accident_id, kind, data = self.accident_id, self.kind, self.data()
        when = self.when_value()
        officer = str(self.approver.currentData() or "") if self.approver is not None else ""
        self.ok_button.setEnabled(False)
        self.error_label.clear()
        op: Callable[[UnitOfWork], str] = lambda uow: operations.record_step(  # noqa: E731
            uow, accident_id, kind, when, data, officer
        )

        def done(_step_id: str) -> None:
            self.recorded.emit(kind)
            self.accept()

        run_op(
            self.ctx,
            op,
            on_done=done,
            say=self.error_label.setText,
            on_failed=lambda: self.ok_button.setEnabled(True),
        )
