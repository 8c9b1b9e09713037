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
