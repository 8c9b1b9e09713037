"""Recording a joint inspection (联合执法): the enterprise (found by typing), the day, the
leading department, this department's officers (a valid team on the day: two certified, none
recused) and the other departments' members by name. The rules are ``joint.record_joint``; a
refusal names the field and the rule on the dialog's message line, with nothing written."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from inspector_app.plans import board, joint
from inspector_app.plans.parameters import default_parameters
from inspector_app.store.facts import LocalFacts
from ui.context import AppContext
from ui.ops import run_op
from ui.plan_models import message_line, pick
from ui.registry_picker import fill_matches


class JointInspectionDialog(QDialog):
    def __init__(self, ctx: AppContext, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.joint_id = ""
        self.setObjectName("jointDialog")
        self.setWindowTitle(self.tr("Record a joint inspection"))
        params = default_parameters()
        self.own = params.own_department
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("enterpriseSearch")
        self.search_edit.setPlaceholderText(self.tr("Name, pinyin initials or credit code"))
        self.matches = QListWidget(self)
        self.matches.setObjectName("enterpriseMatches")
        self.matches.setMaximumHeight(110)
        self.search_edit.textChanged.connect(self._search)
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("jointTitle")
        self.day_edit = QDateEdit(self)
        self.day_edit.setObjectName("jointDay")
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDate(QDate(today.year, today.month, today.day))
        self.lead_combo = QComboBox(self)
        self.lead_combo.setObjectName("leadCombo")
        self.department_combo = QComboBox(self)
        self.department_combo.setObjectName("departmentCombo")
        for code, name in params.departments.items():
            self.lead_combo.addItem(pick(name.zh, name.en, ctx.lang), code)
            if code != self.own:
                self.department_combo.addItem(pick(name.zh, name.en, ctx.lang), code)
        self.officer_list = QListWidget(self)
        self.officer_list.setObjectName("ownOfficers")
        reader = ctx.reader
        for person in board.certified(reader.conn, today) if reader is not None else []:
            item = QListWidgetItem(person.name, self.officer_list)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.person_edit = QLineEdit(self)
        self.person_edit.setObjectName("personEdit")
        self.add_button = QPushButton(self.tr("Add"), self)
        self.add_button.setObjectName("addMemberButton")
        self.add_button.clicked.connect(self.add_member)
        self.member_list = QListWidget(self)
        self.member_list.setObjectName("otherMembers")
        self.member_list.setMaximumHeight(90)
        self.findings_edit = QLineEdit(self)
        self.findings_edit.setObjectName("jointFindings")
        self.message = message_line(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        other = QHBoxLayout()
        other.addWidget(self.department_combo)
        other.addWidget(self.person_edit, 1)
        other.addWidget(self.add_button)
        form = QFormLayout(self)
        form.addRow(self.tr("Enterprise"), self.search_edit)
        form.addRow("", self.matches)
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Day"), self.day_edit)
        form.addRow(self.tr("Lead department"), self.lead_combo)
        form.addRow(self.tr("Our officers"), self.officer_list)
        form.addRow(self.tr("Other departments"), other)
        form.addRow("", self.member_list)
        form.addRow(self.tr("Findings"), self.findings_edit)
        form.addRow(self.message)
        form.addRow(self.buttons)

    def _search(self, text: str) -> None:
        reader = self.ctx.reader
        if reader is not None:
            fill_matches(self.matches, reader.conn, text)
            if self.matches.count():
                self.matches.setCurrentRow(0)

    def add_member(self) -> None:
        """Another department's member, by name (empty names are left to the rule to refuse)."""
        name = self.person_edit.text().strip()
        item = QListWidgetItem(f"{self.department_combo.currentText()}：{name}", self.member_list)
        item.setData(Qt.ItemDataRole.UserRole, (self.department_combo.currentData(), name))
        self.person_edit.clear()

    def members(self) -> list[dict[str, object]]:
        out: list[dict[str, object]] = []
        for n in range(self.officer_list.count()):
            item = self.officer_list.item(n)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(
                    {"department": self.own, "officer_id": item.data(Qt.ItemDataRole.UserRole)}
                )
        for n in range(self.member_list.count()):
            department, name = self.member_list.item(n).data(Qt.ItemDataRole.UserRole)
            out.append({"department": department, "person_name": name})
        return out

    def save(self) -> None:
        chosen = self.matches.currentItem()
        d = self.day_edit.date()
        values = {
            "enterprise_id": chosen.data(Qt.ItemDataRole.UserRole) if chosen else "",
            "title": self.title_edit.text().strip(),
            "inspected_on": dt.date(d.year(), d.month(), d.day()).isoformat(),
            "lead_department": self.lead_combo.currentData(),
            "findings": self.findings_edit.text().strip(),
        }
        members = self.members()
        self.message.clear()
        self.buttons.setEnabled(False)

        def done(joint_id: str) -> None:
            self.joint_id = joint_id
            self.accept()

        run_op(
            self.ctx,
            lambda uow: joint.record_joint(uow, LocalFacts(uow.conn), values, members),
            on_done=done,
            on_failed=lambda: self.buttons.setEnabled(True),
            say=self.message.setText,
            parent=self,
        )


class ClueDialog(QDialog):
    """A clue of a suspected crime passed to the police or received from them (行刑衔接): the
    direction, the other organ, the county, the party, the suspected crime (刑法 article in
    ``plans.json``), what it is about and the day; its handling is then recorded step by step
    on the page. The rules are ``joint.check_crime_clue``."""

    def __init__(self, ctx: AppContext, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clue_id = ""
        self.setObjectName("clueDialog")
        self.setWindowTitle(self.tr("Record a clue"))
        params = default_parameters()
        self.direction_combo = QComboBox(self)
        self.direction_combo.setObjectName("directionCombo")
        for code, label in joint.DIRECTIONS.items():
            self.direction_combo.addItem(pick(label.zh, label.en, ctx.lang), code)
        self.counterpart_edit = QLineEdit(self)
        self.counterpart_edit.setObjectName("counterpartEdit")
        self.counterpart_edit.setPlaceholderText(self.tr("e.g. the county public security bureau"))
        self.county_combo = QComboBox(self)
        self.county_combo.setObjectName("clueCounty")
        for unit in ctx.tree.reporting_units():
            self.county_combo.addItem(unit.name, unit.code)
        self.party_edit = QLineEdit(self)
        self.party_edit.setObjectName("partyEdit")
        self.crime_combo = QComboBox(self)
        self.crime_combo.setObjectName("crimeCombo")
        for code, crime in params.crimes.items():
            self.crime_combo.addItem(pick(crime.zh, crime.en, ctx.lang), code)
        self.summary_edit = QLineEdit(self)
        self.summary_edit.setObjectName("summaryEdit")
        self.day_edit = QDateEdit(self)
        self.day_edit.setObjectName("clueDay")
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDate(QDate(today.year, today.month, today.day))
        self.message = message_line(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Direction"), self.direction_combo)
        form.addRow(self.tr("Other organ"), self.counterpart_edit)
        form.addRow(self.tr("County"), self.county_combo)
        form.addRow(self.tr("Party"), self.party_edit)
        form.addRow(self.tr("Suspected crime"), self.crime_combo)
        form.addRow(self.tr("What it is about"), self.summary_edit)
        form.addRow(self.tr("Sent or received on"), self.day_edit)
        form.addRow(self.message)
        form.addRow(self.buttons)

    def save(self) -> None:
        d = self.day_edit.date()
        values = {
            "direction": self.direction_combo.currentData(),
            "counterpart": self.counterpart_edit.text().strip(),
            "county_code": self.county_combo.currentData(),
            "party_name": self.party_edit.text().strip(),
            "suspected_crime": self.crime_combo.currentData(),
            "summary": self.summary_edit.text().strip(),
            "dated_on": dt.date(d.year(), d.month(), d.day()).isoformat(),
        }
        self.message.clear()
        self.buttons.setEnabled(False)

        def done(clue_id: str) -> None:
            self.clue_id = clue_id
            self.accept()

        run_op(
            self.ctx,
            lambda uow: joint.record_clue(uow, LocalFacts(uow.conn), values),
            on_done=done,
            on_failed=lambda: self.buttons.setEnabled(True),
            say=self.message.setText,
            parent=self,
        )
