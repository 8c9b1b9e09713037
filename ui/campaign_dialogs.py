"""A new special-period campaign (专项督查) with its supervision groups: the title, kind,
response level, first and last day, the counties it covers; then each group's name, the counties
it is given (one group a county), its leader from our officers and an expert from another
department. The campaign and its groups are written in one unit of work by the rules of
``campaigns``: a refusal names the field and the rule on the dialog's message line, and nothing
is written."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from inspector_app.plans import board, campaigns
from inspector_app.plans.parameters import default_parameters
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.facts import LocalFacts
from ui.context import AppContext
from ui.ops import run_op
from ui.plan_models import message_line, pick


def _day(edit: QDateEdit) -> str:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day()).isoformat()


def _checked(view: QListWidget) -> list[str]:
    return [
        str(view.item(n).data(Qt.ItemDataRole.UserRole))
        for n in range(view.count())
        if view.item(n).checkState() == Qt.CheckState.Checked
    ]


class NewCampaignDialog(QDialog):
    def __init__(self, ctx: AppContext, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.campaign_id = ""
        self.groups: list[dict[str, Any]] = []
        self.setObjectName("newCampaignDialog")
        self.setWindowTitle(self.tr("New campaign"))
        params = default_parameters()
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("campaignTitle")
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("campaignKind")
        for code, name in params.campaign_kinds.items():
            self.kind_combo.addItem(pick(name.zh, name.en, ctx.lang), code)
        self.level_combo = QComboBox(self)
        self.level_combo.setObjectName("responseLevel")
        for code, name in params.response_levels.items():
            self.level_combo.addItem(pick(name.zh, name.en, ctx.lang), code)
        self.start_edit, self.end_edit = QDateEdit(self), QDateEdit(self)
        for edit, object_name in ((self.start_edit, "startsOn"), (self.end_edit, "endsOn")):
            edit.setObjectName(object_name)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
            edit.setDate(QDate(today.year, today.month, today.day))
        self.area_list = self._counties("areaList")
        self.group_name = QLineEdit(self)
        self.group_name.setObjectName("groupName")
        self.group_counties = self._counties("groupCounties")
        self.leader_combo = QComboBox(self)
        self.leader_combo.setObjectName("leaderCombo")
        self.leader_combo.addItem(self.tr("(none)"), "")
        reader = ctx.reader
        for person in board.certified(reader.conn, today) if reader is not None else []:
            self.leader_combo.addItem(person.name, person.id)
        self.expert_department = QComboBox(self)
        self.expert_department.setObjectName("expertDepartment")
        for code, name in params.departments.items():
            if code != params.own_department:
                self.expert_department.addItem(pick(name.zh, name.en, ctx.lang), code)
        self.expert_name = QLineEdit(self)
        self.expert_name.setObjectName("expertName")
        self.add_group_button = QPushButton(self.tr("Add the group"), self)
        self.add_group_button.setObjectName("addGroupButton")
        self.add_group_button.clicked.connect(self.add_group)
        self.group_list = QListWidget(self)
        self.group_list.setObjectName("groupList")
        self.group_list.setMaximumHeight(100)
        self.message = message_line(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Kind"), self.kind_combo)
        form.addRow(self.tr("Response level"), self.level_combo)
        form.addRow(self.tr("First day"), self.start_edit)
        form.addRow(self.tr("Last day"), self.end_edit)
        form.addRow(self.tr("Counties covered"), self.area_list)
        form.addRow(self.tr("Group name"), self.group_name)
        form.addRow(self.tr("Its counties"), self.group_counties)
        form.addRow(self.tr("Leader"), self.leader_combo)
        form.addRow(self.tr("Expert's department"), self.expert_department)
        form.addRow(self.tr("Expert"), self.expert_name)
        form.addRow("", self.add_group_button)
        form.addRow(self.tr("Groups"), self.group_list)
        form.addRow(self.message)
        form.addRow(self.buttons)

    def _counties(self, name: str) -> QListWidget:
        view = QListWidget(self)
        view.setObjectName(name)
        view.setMaximumHeight(90)
        for unit in self.ctx.tree.reporting_units():
            item = QListWidgetItem(unit.name, view)
            item.setData(Qt.ItemDataRole.UserRole, unit.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        return view

    def add_group(self) -> None:
        """The group in the form joins the list (checked by the rules when all is saved)."""
        group = {
            "name": self.group_name.text().strip(),
            "counties": _checked(self.group_counties),
            "leader": self.leader_combo.currentData(),
            "expert_department": self.expert_department.currentData(),
            "expert": self.expert_name.text().strip(),
        }
        self.groups.append(group)
        QListWidgetItem(
            f"{group['name']}（{len(group['counties'])}）　{self.leader_combo.currentText()}",
            self.group_list,
        )
        self.group_name.clear()
        self.expert_name.clear()
        for n in range(self.group_counties.count()):
            self.group_counties.item(n).setCheckState(Qt.CheckState.Unchecked)

    def save(self) -> None:
        values = {
            "title": self.title_edit.text().strip(),
            "kind": self.kind_combo.currentData(),
            "response_level": self.level_combo.currentData(),
            "unit_code": self.ctx.tree.city.code,
            "starts_on": _day(self.start_edit),
            "ends_on": _day(self.end_edit),
            "areas": _checked(self.area_list),
        }
        groups = [dict(g) for g in self.groups]
        self.message.clear()
        self.buttons.setEnabled(False)

        def op(uow: UnitOfWork) -> str:
            facts = LocalFacts(uow.conn)
            campaign_id = campaigns.create_campaign(uow, facts, values)
            for group in groups:
                group_id = campaigns.add_group(
                    uow, facts, campaign_id, group["name"], group["counties"]
                )
                own = default_parameters().own_department
                if group["leader"]:
                    member = {"officer_id": group["leader"], "department": own, "role": "leader"}
                    campaigns.add_member(uow, facts, {"group_id": group_id, **member})
                if group["expert"]:
                    expert = {
                        "person_name": group["expert"],
                        "department": group["expert_department"],
                        "role": "expert",
                    }
                    campaigns.add_member(uow, facts, {"group_id": group_id, **expert})
            return campaign_id

        def done(campaign_id: str) -> None:
            self.campaign_id = campaign_id
            self.accept()

        run_op(
            self.ctx,
            op,
            on_done=done,
            on_failed=lambda: self.buttons.setEnabled(True),
            say=self.message.setText,
            parent=self,
        )


class GroupDialog(QDialog):
    """A group of a campaign changed: the counties it is given (within the campaign's areas,
    one group a county) and members added — our officers or people of other departments, as
    leader, member or expert. Saved in one unit of work; a refusal names the field."""

    def __init__(self, ctx: AppContext, group_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.group_id = group_id
        self.added: list[dict[str, Any]] = []
        self.setObjectName("groupDialog")
        reader = ctx.reader
        assert reader is not None
        facts = LocalFacts(reader.conn)
        group = facts.get("campaign_group", group_id) or {}
        campaign = facts.get("campaign", str(group.get("campaign_id") or "")) or {}
        self.setWindowTitle(self.tr("Group %1").replace("%1", str(group.get("name") or "")))
        params = default_parameters()
        held = set(str(group.get("counties") or "").split(","))
        self.county_list = QListWidget(self)
        self.county_list.setObjectName("groupCountyList")
        for code in str(campaign.get("areas") or "").split(","):
            unit = ctx.tree.units.get(code)
            if unit is None:
                continue
            item = QListWidgetItem(unit.name, self.county_list)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = Qt.CheckState.Checked if code in held else Qt.CheckState.Unchecked
            item.setCheckState(checked)
        self.department_combo = QComboBox(self)
        self.department_combo.setObjectName("memberDepartment")
        for code, name in params.departments.items():
            self.department_combo.addItem(pick(name.zh, name.en, ctx.lang), code)
        self.role_combo = QComboBox(self)
        self.role_combo.setObjectName("memberRole")
        for code, label in campaigns.MEMBER_ROLES.items():
            self.role_combo.addItem(pick(label.zh, label.en, ctx.lang), code)
        self.role_combo.setCurrentIndex(self.role_combo.findData("member"))
        self.person_edit = QLineEdit(self)
        self.person_edit.setObjectName("memberName")
        self.add_button = QPushButton(self.tr("Add the member"), self)
        self.add_button.setObjectName("addMemberButton")
        self.add_button.clicked.connect(self.add_member)
        self.member_list = QListWidget(self)
        self.member_list.setObjectName("memberList")
        for member in facts.find("campaign_member", {"group_id": group_id}):
            if not member["withdrawn"]:
                role = campaigns.MEMBER_ROLES[member["role"]]
                QListWidgetItem(
                    f"{member['person_name']}（{pick(role.zh, role.en, ctx.lang)}）",
                    self.member_list,
                )
        self.message = message_line(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Its counties"), self.county_list)
        form.addRow(self.tr("Members"), self.member_list)
        form.addRow(self.tr("Department"), self.department_combo)
        form.addRow(self.tr("Role"), self.role_combo)
        form.addRow(self.tr("Name"), self.person_edit)
        form.addRow("", self.add_button)
        form.addRow(self.message)
        form.addRow(self.buttons)

    def add_member(self) -> None:
        member = {
            "department": self.department_combo.currentData(),
            "role": self.role_combo.currentData(),
            "person_name": self.person_edit.text().strip(),
        }
        self.added.append(member)
        QListWidgetItem(
            f"{member['person_name']}（{self.role_combo.currentText()}）", self.member_list
        )
        self.person_edit.clear()

    def save(self) -> None:
        group_id, counties = self.group_id, _checked(self.county_list)
        added = [dict(m) for m in self.added]
        self.message.clear()
        self.buttons.setEnabled(False)

        def op(uow: UnitOfWork) -> None:
            facts = LocalFacts(uow.conn)
            campaigns.change_group_counties(uow, facts, group_id, counties)
            for member in added:
                campaigns.add_member(uow, facts, {"group_id": group_id, **member})

        run_op(
            self.ctx,
            op,
            on_done=lambda _none: self.accept(),
            on_failed=lambda: self.buttons.setEnabled(True),
            say=self.message.setText,
            parent=self,
        )
