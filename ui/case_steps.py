"""The forms that record a case's steps: what every form shares (``StepDialog``: the date,
the message line, OK/Cancel; it emits the ``StepInput`` for the case page to write and shows
the domain's refusal when the step is refused) and the form of each step other than the notice
and the decision (``StepForm``, its fields in ``ui.case_dialogs_fields.FIELDS``; those two have
the decision dialog).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inspector_app.cases import cases, coercion, money, outcomes, procedure, sanctions
from inspector_app.cases.cases import CaseState, StepInput
from inspector_app.cases.workdays import add_working_days, default_calendar
from inspector_app.inspections import rules as inspection_rules
from inspector_app.messages import Bilingual
from inspector_app.registry import officers
from inspector_app.registry.jurisdictions import JurisdictionTree
from ui.case_dialogs_fields import (
    CODE_FIELDS,
    DATE_FIELDS,
    DELIVERY_METHODS,
    FIELDS,
    LONG_FIELDS,
    REFUSED_STYLE,
    RENAMED,
    owed,
    parse_instalments,
)
from ui.context import AppContext
from ui.crash import refusal_text

ERROR_STYLE = "color: #b00020"


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def date_edit(day: dt.date, parent: QWidget) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(to_qdate(day))
    return edit


def fill_approvers(
    combo: QComboBox,
    conn: sqlite3.Connection,
    tree: JurisdictionTree,
    unit_code: str,
    me: str = "",
) -> None:
    """The officers who may approve (``cases.approvers``), the case's bureau first; the one
    signed in (``me``) chosen, since an approval is recorded by the approver himself."""
    combo.clear()
    for officer in cases.approvers(conn, first=unit_code):
        unit = officer.unit_code
        where = tree.units[unit].name if unit in tree.units else unit
        combo.addItem(f"{officer.name}（{where}）", officer.id)
    combo.setCurrentIndex(max(combo.findData(me), 0) if combo.count() else -1)


class StepDialog(QDialog):
    """A form recording one step: subclasses add their fields and build the ``StepInput``.

    OK emits ``submitted``; the case page writes the step and either closes the dialog
    (``accept``) or shows the domain's refusal here (``show_error``), nothing saved."""

    submitted = Signal(object)  # cases.StepInput

    def __init__(self, ctx: AppContext, kind: str, today: dt.date, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.setObjectName(f"step_{kind}")
        zh, en = cases.STEP_KINDS[kind]
        self.setWindowTitle(en if ctx.lang.startswith("en") else zh)
        self.date = date_edit(today, self)
        self.date.setObjectName("stepDate")
        self.form = QFormLayout()
        self.form.addRow(self.tr("Date"), self.date)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("stepError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Record"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._busy = False

    def day(self) -> dt.date:
        return from_qdate(self.date.date())

    def step_input(self) -> StepInput:
        return StepInput(self.kind, self.day())

    def can_submit(self) -> bool:
        return True

    def update_ok(self) -> None:
        self.ok_button.setEnabled(not self._busy and self.can_submit())

    def submit(self) -> None:
        if self._busy or not self.can_submit() or not self.confirmed():
            return
        try:
            step = self.step_input()
        except (Bilingual, ValueError) as exc:
            self.error_label.setText(refusal_text(exc, self.ctx.lang))
            return
        self._busy = True
        self.update_ok()
        self.error_label.clear()
        self.submitted.emit(step)

    def confirmed(self) -> bool:
        """Whether the step may go (a form that must ask first says no and asks)."""
        return True

    def show_error(self, text: str) -> None:
        """The step was refused: say why and let the officer correct the form."""
        self.release()
        self.error_label.setText(text)

    def release(self) -> None:
        """The write failed (refused or a bug, reported elsewhere): the form is usable again."""
        self._busy = False
        self.update_ok()


class OfficerChoice(QListWidget):
    """The officers to tick, each with the certificate valid on the step's day (or why not);
    those of the case's county first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("officerChoice")

    def fill(
        self,
        ctx: AppContext,
        conn: sqlite3.Connection,
        day: dt.date,
        county: str,
        tick: Sequence[str] = (),
    ) -> None:
        """List the officers for ``day``, keeping the ticks and adding ``tick``."""
        checked = set(self.chosen()) | set(tick)
        tree = ctx.tree
        rows: list[tuple[tuple[int, int, int, str], str, str, bool]] = []
        for officer, _cert in officers.roster(conn):
            if not officer.active:
                continue
            valid = officers.valid_certificate(conn, officer.id, day)
            unit = tree.units.get(officer.unit_code)
            home = tree.reporting_unit(unit.code).code if unit else ""
            where = unit.name if unit else officer.unit_code
            if valid is not None:
                text = (
                    self.tr("%1 (%2) — certificate %3, valid until %4")
                    .replace("%1", officer.name)
                    .replace("%2", where)
                    .replace("%3", valid.number)
                    .replace("%4", valid.expires_on.isoformat())
                )
            else:
                text = (
                    self.tr("%1 (%2) — no certificate valid on that day")
                    .replace("%1", officer.name)
                    .replace("%2", where)
                )
            # the ones ticked (the filing team for an inquiry) first, then those who can act
            first = 0 if officer.id in checked else 1
            rank = (first, 0 if home == county else 1, 0 if valid else 1, officer.name)
            rows.append((rank, officer.id, text, valid is not None))
        self.blockSignals(True)
        self.clear()
        for _rank, officer_id, text, certified in sorted(rows):
            item = QListWidgetItem(text, self)
            item.setData(Qt.ItemDataRole.UserRole, officer_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            state = Qt.CheckState.Checked if officer_id in checked else Qt.CheckState.Unchecked
            item.setCheckState(state)
            if not certified:
                item.setForeground(Qt.GlobalColor.gray)
        self.blockSignals(False)

    def chosen(self) -> list[str]:
        items = (self.item(n) for n in range(self.count()))
        return [
            str(i.data(Qt.ItemDataRole.UserRole))
            for i in items
            if i.checkState() == Qt.CheckState.Checked
        ]

    def check(self, officer_id: str) -> None:
        for n in range(self.count()):
            item = self.item(n)
            if item.data(Qt.ItemDataRole.UserRole) == officer_id:
                item.setCheckState(Qt.CheckState.Checked)
                return
        raise KeyError(officer_id)


class StepForm(StepDialog):
    """The form of a step other than the notice and the decision (``FIELDS``)."""

    def __init__(
        self,
        ctx: AppContext,
        case: Mapping[str, Any],
        state: CaseState,
        conn: sqlite3.Connection,
        kind: str,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, kind, today, parent)
        self.case, self.state, self.conn = dict(case), state, conn
        self.resize(680 if "officers" in FIELDS[kind] else 460, 0)
        self.fields: dict[str, QWidget] = {}
        self.refused_field = ""  # the field the last refusal named (``mark_refused``)
        self.provisional_chosen = False  # the officer chose a provisional number knowingly
        self.provisional_box: QMessageBox | None = None
        labels = {
            "officers": self.tr(
                "Officers (%n or more, with certificates)",
                "",
                inspection_rules.default_rules().min_officers,
            ),
            "approver": self.tr("Approved by"),
            "opinion": self.tr("Opinion"),
            "person": self.tr("Person questioned"),
            "id_number": self.tr("ID number"),
            "record": self.tr("Questions and answers"),
            "description": self.tr("Description"),
            "summary": self.tr("Summary"),
            "note": self.tr("Note"),
            "hearing_on": self.tr("Hearing on"),
            "recipient": self.tr("Recipient"),
            "method": self.tr("Delivered by"),
            "place": self.tr("Place"),
            "due_on": self.tr("New due date"),
            "amount": self.tr("Amount (yuan)"),
            "to": self.tr("Transfer to"),
            "reason": self.tr("Reason"),
            "organ": self.tr("Receiving organ"),
            "detention_days": self.tr("Detention (days)"),
            "criminal_filed": self.tr("Outcome"),
            "photos": self.tr("Photos"),
            "instalments": self.tr("Instalments (optional)"),
            "ground": self.tr("Ground"),
            "found_on": self.tr("Found on"),
            "gender": self.tr("Sex"),
            "phone": self.tr("Phone"),
            "position": self.tr("Position"),
            "address": self.tr("Address"),
            "started_at": self.tr("Started at (HH:MM)"),
            "ended_at": self.tr("Ended at (HH:MM)"),
            "act_ended_on": self.tr("The act ended on"),
            "item": self.tr("First-offence list item"),
            "reviewer": self.tr("Legal reviewer"),
            "participants": self.tr("Participants"),
            "conclusion": self.tr("Conclusion"),
            "penalty": self.tr("Penalty"),
            "referral_result": self.tr("Outcome"),
            "onsite_penalty": self.tr("Penalty"),
            "outcome": self.tr("Outcome"),
            "court": self.tr("Court"),
            "harm": self.tr("Limitation"),
            "urgent": self.tr("Emergency"),
            "urgent_reason": self.tr("Why it could not wait"),
            "measure": self.tr("Measure"),
            "items": self.tr("Items (one a line: name, quantity)"),
            "days": self.tr("Period (days)"),
            "signed_by": self.tr("Record signed by"),
            "witness": self.tr("Witness"),
            "release_ground": self.tr("Ground"),
            "order": self.tr("Decision enforced"),
            "supplier": self.tr("Power supplier notified"),
            "notified_at": self.tr("Decision delivered to the unit at (HH:MM, on the date)"),
            "cut_on": self.tr("Power cut on"),
            "cut_at": self.tr("Power cut at (HH:MM)"),
            "emergency": self.tr("Emergency"),
            "emergency_reason": self.tr("The emergency"),
        }
        for name in FIELDS[kind]:
            widget = self._widget(name)
            widget.setObjectName(name)
            self.fields[name] = widget
            self.form.addRow(labels[name], widget)
        if kind == "filing_requested":  # 行政处罚法 Art. 36: a continuing act counts from its end
            self.form.setRowVisible(self.fields["act_ended_on"], bool(case["continuing"]))
        if kind == "seizure":  # 行政强制法 Art. 19: on the spot, approved afterwards
            urgent = self.fields["urgent"]
            assert isinstance(urgent, QCheckBox)
            urgent.toggled.connect(self._urgent_toggled)
            self._urgent_toggled(False)
        if kind == "power_cut":  # 安全生产法 Art. 70 ¶2: an emergency states why
            emergency = self.fields["emergency"]
            assert isinstance(emergency, QCheckBox)
            emergency.toggled.connect(self._emergency_toggled)
            self._emergency_toggled(False)
        if kind == "transfer_outcome":  # police: detention; judiciary: a criminal case
            self.form.setRowVisible(self.fields["detention_days"], state.transfer_to != "judiciary")
            self.form.setRowVisible(self.fields["criminal_filed"], state.transfer_to != "police")
        if "amount" in self.fields:
            self.capitals = QLabel(self)
            self.capitals.setObjectName("capitalsLabel")
            self.form.addRow(self.tr("In capitals"), self.capitals)
            self.amount_edit.textChanged.connect(self._show_capitals)
            self._show_capitals()
        self.date.dateChanged.connect(self._date_changed)
        self._date_changed()

    def _widget(self, name: str) -> QWidget:
        if name == "officers":
            self.officer_list = OfficerChoice(self)
            self.officer_list.setMinimumHeight(180)
            self.officer_list.itemChanged.connect(lambda _i: self.update_ok())
            return self.officer_list
        if name == "approver":
            combo = QComboBox(self)
            unit = str(self.case["authority_code"])
            fill_approvers(combo, self.conn, self.ctx.tree, unit, self.ctx.author)
            return combo
        if name in LONG_FIELDS:
            edit = QPlainTextEdit(self)
            edit.setMinimumHeight(140 if name == "record" else 70)
            return edit
        if name in DATE_FIELDS:
            return date_edit(self._default_date(name), self)
        if name == "gender":
            sexes = QComboBox(self)
            sexes.addItems(["", "男", "女"])
            return sexes
        if name == "method":
            methods = QComboBox(self)
            methods.setEditable(True)
            methods.addItems(DELIVERY_METHODS)
            return methods
        if name in CODE_FIELDS:
            combo = QComboBox(self)
            for code, text in self._codes(name).items():
                combo.addItem(text, code)
            return combo
        if name == "reviewer":  # 行政处罚法 Art. 58: not one of the investigators
            combo = QComboBox(self)
            kinds = ("filing_requested", "inquiry")
            seen = {o for s in self.state.steps if s.kind in kinds for o in s.officer_ids}
            for officer, _cert in officers.roster(self.conn):
                if officer.active and officer.id not in seen:
                    combo.addItem(officer.name, officer.id)
            return combo
        if name == "detention_days":
            spin = QSpinBox(self)
            spin.setRange(0, 20)
            spin.setSpecialValueText(self.tr("none"))
            return spin
        if name == "criminal_filed":
            return QCheckBox(self.tr("A criminal case was filed"), self)
        if name == "urgent":
            return QCheckBox(
                self.tr("Done on the spot before approval (approved within 24 h)"), self
            )
        if name == "emergency":  # 安全生产法 Art. 70 ¶2: no 24-hour notice in an emergency
            return QCheckBox(self.tr("An emergency endangering safety (no 24-hour notice)"), self)
        if name == "days":
            days = QSpinBox(self)
            days.setRange(1, 365)  # the rule's limit is the domain's: a longer one is refused
            days.setValue(coercion.default_rules().seizure_max_days)
            days.setSuffix(self.tr(" days"))
            return days
        if name == "harm":  # 行政处罚法 Art. 36: five years where life or health was harmed
            harm = QCheckBox(
                self.tr("Harm to life, health or financial security (five years, not two)"), self
            )
            harm.setToolTip(
                self.tr(
                    "Administrative Penalty Law Art. 36: an act endangering life, health or "
                    "financial security with harmful consequences can be punished within five "
                    "years."
                )
            )
            return harm
        if name == "photos":
            self.photo_files: list[str] = []
            button = QPushButton(self.tr("Add photos…"), self)
            button.clicked.connect(self._pick_photos)
            return button
        line = QLineEdit(self._default_text(name), self)
        if name == "instalments":
            line.setPlaceholderText(self.tr("e.g. 2026-12-31 10000; 2027-01-31 20000"))
        if name == "amount":
            self.amount_edit = line
        return line

    def _codes(self, name: str) -> dict[str, str]:
        """The choices of a code field, in the officer's language where the data has it."""
        en = self.ctx.lang.startswith("en")
        data = sanctions.default()
        if name == "to":
            return dict(cases.TRANSFER_TO)
        if name == "ground":
            return {c: g.en if en else f"{g.zh}（{g.cite}）" for c, g in data.no_penalty.items()}
        if name == "item":
            province = str(self.case["county_code"])[:2] + "0000"
            items = data.first_offence.get(province, ())
            return {"": "", **{i.code: f"{i.code} {i.text}" for i in items}}
        if name == "penalty":
            kinds = {p["kind"] for p in self.state.penalties}
            if self.kind == "referral_outcome":
                kinds = self.state.referred - self.state.referral_decided
            return {
                c: k.en if en else k.zh
                for c, k in data.kinds.items()
                if c in kinds and (k.referral or self.kind != "referral")
            }
        if name == "referral_result":
            return dict(outcomes.REFERRAL_OUTCOMES)
        if name == "onsite_penalty":
            return dict(outcomes.ONSITE_KINDS)
        if name == "measure":
            return dict(coercion.MEASURES)
        if name == "signed_by":
            return dict(coercion.SIGNED_BY)
        if name == "release_ground":
            return dict(coercion.RELEASE_GROUNDS)
        return dict(outcomes.OUTCOMES)

    def _pick_photos(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Add photos"), "", self.tr("Images (*.jpg *.jpeg *.png *.heic *.webp)")
        )
        self.add_photo_files(files)

    def add_photo_files(self, files: Sequence[str]) -> None:
        """Photos to keep with the evidence (imported by SHA-256 when the step is written)."""
        self.photo_files.extend(f for f in files if f not in self.photo_files)
        button = self.fields.get("photos")
        if isinstance(button, QPushButton):
            button.setText(self.tr("%n photo(s) chosen", "", len(self.photo_files)))

    def _default_text(self, name: str) -> str:
        case, state = self.case, self.state
        if name == "recipient":
            return str(case["party_legal_rep"] or "")
        if name == "place":
            return str(case["party_address"] or "")
        if name in ("notified_at", "cut_at"):
            return "09:00"
        if name == "organ":
            proposal = next((s for s in state.steps if s.kind == "transfer_proposed"), None)
            return str(proposal.data.get("organ", "")) if proposal else ""
        return ""

    def _default_date(self, name: str) -> dt.date:
        today = self.day()
        if name == "hearing_on":  # 行政处罚法 Art. 64 (二): notified seven days ahead
            return add_working_days(default_calendar(), today, 7)
        if name in ("found_on", "act_ended_on"):
            return today
        if name == "cut_on":  # 安全生产法 Art. 70 ¶2: 24 hours after the notice, at the soonest
            return today + dt.timedelta(days=1)
        return (self.state.due_on or today) + dt.timedelta(days=30)

    def _date_changed(self, *_args: Any) -> None:
        day = self.day()
        if "officers" in self.fields:
            team: Sequence[str] = ()
            if self.kind == "inquiry" and not self.officer_list.chosen():  # the filing team
                filing = next((s for s in self.state.steps if s.kind == "filing_requested"), None)
                team = filing.officer_ids if filing else ()
            county = str(self.case["county_code"])
            self.officer_list.fill(self.ctx, self.conn, day, county, team)
        if "amount" in self.fields:
            amount = owed(self.state, day)
            self.amount_edit.setText("" if amount is None else f"{amount:f}")
        self.update_ok()

    def _show_capitals(self, *_args: Any) -> None:
        try:
            text = money.decision_phrase(money.parse_yuan(self.amount_edit.text()))
        except (Bilingual, ValueError):
            text = ""
        self.capitals.setText(text)

    def confirmed(self) -> bool:
        """The on-the-spot decision is handed to the party with its number at once (行政处罚法
        Art. 52): a provisional number (no block leased from the server) only when chosen."""
        if self.kind != "onsite_decision" or self.provisional_chosen:
            return True
        doc_type = sanctions.default().onsite.doc_type
        case_id = str(self.case["id"])
        if not procedure.number_would_be_provisional(self.conn, case_id, self.day(), doc_type):
            return True
        box = QMessageBox(self)
        box.setObjectName("provisionalQuestion")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Provisional number"))
        box.setText(
            self.tr(
                "This device has no number block leased from the server: the decision would "
                "carry a provisional number, and the party keeps it. Syncing first gets a final "
                "number. Record the decision with a provisional number?"
            )
        )
        accept = box.addButton(
            self.tr("Record with a provisional number"), QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        accept.clicked.connect(self._provisional_accepted)
        self.provisional_box = box
        box.open()
        return False

    def _provisional_accepted(self) -> None:
        self.provisional_chosen = True
        self.submit()

    def _emergency_toggled(self, emergency: bool) -> None:
        self.form.setRowVisible(self.fields["emergency_reason"], emergency)

    def _urgent_toggled(self, urgent: bool) -> None:
        self.form.setRowVisible(self.fields["approver"], not urgent)
        self.form.setRowVisible(self.fields["urgent_reason"], urgent)

    def mark_refused(self, exc: object) -> None:
        """A refusal naming a field (``ValidationError.field``) marks that field, which keeps
        the value refused for the officer to correct."""
        for each in self.fields.values():
            each.setStyleSheet("")
        self.refused_field = ""
        name = str(getattr(exc, "field", "") or "")
        names = [name, *(k for k, v in RENAMED.items() if v == name)]
        form_name = next((n for n in names if n in self.fields), "")
        if not form_name:
            return
        self.refused_field = form_name
        widget = self.fields[form_name]
        widget.setStyleSheet(REFUSED_STYLE)
        widget.setToolTip(self.error_label.text())
        widget.setFocus()

    def can_submit(self) -> bool:
        if "officers" in self.fields:
            return len(self.officer_list.chosen()) >= inspection_rules.default_rules().min_officers
        return True

    def step_input(self) -> StepInput:
        data: dict[str, Any] = {}
        officer_ids: list[str] = []
        approver = ""
        for name, widget in self.fields.items():
            if isinstance(widget, OfficerChoice):
                officer_ids = widget.chosen()
            elif name == "approver" and isinstance(widget, QComboBox):
                approver = str(widget.currentData() or "")
            elif name == "amount" and isinstance(widget, QLineEdit):
                if widget.text().strip() or self.kind != "onsite_decision":  # a warning: none
                    data[name] = str(money.parse_yuan(widget.text()))
            elif name == "reviewer" and isinstance(widget, QComboBox):
                officer_ids = [str(widget.currentData() or "")]
            elif isinstance(widget, QComboBox):
                value = widget.currentData() if name in CODE_FIELDS else widget.currentText()
                data[RENAMED.get(name, name)] = str(value or "")
            elif isinstance(widget, QPlainTextEdit):
                data[name] = widget.toPlainText().strip()
            elif isinstance(widget, QLineEdit):
                if self.form.isRowVisible(widget):
                    data[name] = widget.text().strip()
            elif isinstance(widget, QSpinBox):
                if widget.value() and self.form.isRowVisible(widget):
                    data[name] = widget.value()
            elif isinstance(widget, QCheckBox):
                if widget.isChecked():
                    data[name] = True
            elif isinstance(widget, QDateEdit):
                if self.form.isRowVisible(widget):
                    data[name] = from_qdate(widget.date()).isoformat()
            elif name == "photos" and self.photo_files:
                data["photo_files"] = list(self.photo_files)
        if "items" in data:  # one item a line
            data["items"] = [line.strip() for line in str(data["items"]).splitlines()]
        if data.get("urgent"):  # approved afterwards (行政强制法 Art. 19)
            approver = ""
        if "instalments" in data:  # "2026-12-31 10000; 2027-01-31 20000"
            data["instalments"] = parse_instalments(str(data["instalments"]))
        data = {k: v for k, v in data.items() if v not in ("", None)}
        return StepInput(self.kind, self.day(), officer_ids, approver, data)
