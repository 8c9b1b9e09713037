"""The delegation register (委托执法登记): the towns' letters with their state, a letter recorded
or revoked, the park stationing roster, and a check of what ``delegations.decide`` says for an
officer, a matter, a town and a day. A refusal stays on the form's message line with nothing
written (a duplicate letter number, a validity that starts before the letter was signed…)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector_app.plans import letters, registers
from inspector_app.registry import delegations
from inspector_app.registry.delegations import default_rights
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store
from inspector_app.store.facts import LocalFacts
from ui.context import AppContext
from ui.ops import run_op
from ui.plan_models import ListModel, PlanScreen, label_text, message_line, pick
from ui.tasks import TaskContext

WATCHED_TABLES = frozenset({"delegation_letter", "delegation_revocation", "stationing"})
LETTER_HEADERS = (
    QT_TRANSLATE_NOOP("DelegationRegister", "Number"),
    QT_TRANSLATE_NOOP("DelegationRegister", "Kind"),
    QT_TRANSLATE_NOOP("DelegationRegister", "Town"),
    QT_TRANSLATE_NOOP("DelegationRegister", "Delegating authority"),
    QT_TRANSLATE_NOOP("DelegationRegister", "Matters"),
    QT_TRANSLATE_NOOP("DelegationRegister", "Valid from"),
    QT_TRANSLATE_NOOP("DelegationRegister", "Valid to"),
    QT_TRANSLATE_NOOP("DelegationRegister", "Published on"),
    QT_TRANSLATE_NOOP("DelegationRegister", "State"),
)
ROSTER_HEADERS = (
    QT_TRANSLATE_NOOP("DelegationRegister", "Officer"),
    QT_TRANSLATE_NOOP("DelegationRegister", "Park"),
    QT_TRANSLATE_NOOP("DelegationRegister", "From"),
    QT_TRANSLATE_NOOP("DelegationRegister", "To"),
    QT_TRANSLATE_NOOP("DelegationRegister", "Order number"),
    QT_TRANSLATE_NOOP("DelegationRegister", "State"),
)


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(edit: QDateEdit) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


def date_edit(parent: QWidget, name: str, day: dt.date) -> QDateEdit:
    edit = QDateEdit(qdate(day), parent)
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class DelegationRegister(PlanScreen):
    WATCHED = WATCHED_TABLES
    refreshed = Signal(int)  # letters listed, -1 when the query failed
    decided = Signal(bool)  # the check's answer: allowed or not

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "delegationRegister", parent)
        self._build()

    # -- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        today = self.today()
        self.letter_model = ListModel("DelegationRegister", LETTER_HEADERS, self)
        self.letter_table = self.list_table("letterTable", self.letter_model, 4)
        self.roster_model = ListModel("DelegationRegister", ROSTER_HEADERS, self)
        self.revoke_button = QPushButton(self.tr("Revoke…"), self)
        self.revoke_button.setObjectName("revokeButton")
        self.revoke_button.clicked.connect(lambda: self.revoke())
        self.message = message_line(self)

        tree = self.ctx.tree
        form = QGroupBox(self.tr("Record a letter"), self)
        self.number_edit = QLineEdit(form)
        self.number_edit.setObjectName("numberEdit")
        self.kind_combo = QComboBox(form)
        self.kind_combo.setObjectName("kindCombo")
        for code, label in letters.KINDS.items():
            self.kind_combo.addItem(label_text(label, self.ctx.lang), code)
        self.town_combo = QComboBox(form)
        self.town_combo.setObjectName("townCombo")
        for county in tree.reporting_units():
            for town in tree.towns_of(county.code):
                self.town_combo.addItem(f"{county.name}　{town.name}", town.code)
        self.authority_edit = QLineEdit(form)
        self.authority_edit.setObjectName("authorityEdit")
        self.town_combo.currentIndexChanged.connect(lambda _n: self._town_changed())
        self.matter_list = QListWidget(form)
        self.matter_list.setObjectName("matterList")
        self.matter_list.setMaximumHeight(110)
        for code, matter in default_rights().matters.items():
            if matter.delegable:
                item = QListWidgetItem(pick(matter.zh, matter.en, self.ctx.lang), self.matter_list)
                item.setData(Qt.ItemDataRole.UserRole, code)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
        self.signed_edit = date_edit(form, "signedEdit", today)
        self.published_edit = date_edit(form, "publishedEdit", today)
        self.from_edit = date_edit(form, "fromEdit", today)
        self.to_edit = date_edit(form, "toEdit", today.replace(year=today.year + 1))
        self.ref_edit = QLineEdit(form)
        self.ref_edit.setObjectName("refEdit")
        self.save_button = QPushButton(self.tr("Record"), form)
        self.save_button.setObjectName("saveButton")
        self.save_button.clicked.connect(self.record)
        layout = QFormLayout(form)
        layout.addRow(self.tr("Number"), self.number_edit)
        layout.addRow(self.tr("Kind"), self.kind_combo)
        layout.addRow(self.tr("Town"), self.town_combo)
        layout.addRow(self.tr("Delegating authority"), self.authority_edit)
        layout.addRow(self.tr("Matters"), self.matter_list)
        layout.addRow(self.tr("Signed on"), self.signed_edit)
        layout.addRow(self.tr("Published on"), self.published_edit)
        layout.addRow(self.tr("Valid from"), self.from_edit)
        layout.addRow(self.tr("Valid to"), self.to_edit)
        layout.addRow(self.tr("Where published"), self.ref_edit)
        layout.addRow(self.save_button)
        self._town_changed()

        check = QGroupBox(self.tr("May this officer act here?"), self)
        self.officer_combo = QComboBox(check)
        self.officer_combo.setObjectName("checkOfficer")
        self.matter_combo = QComboBox(check)
        self.matter_combo.setObjectName("checkMatter")
        for code, matter in default_rights().matters.items():
            self.matter_combo.addItem(pick(matter.zh, matter.en, self.ctx.lang), code)
        self.place_combo = QComboBox(check)
        self.place_combo.setObjectName("checkTown")
        for n in range(self.town_combo.count()):
            self.place_combo.addItem(self.town_combo.itemText(n), self.town_combo.itemData(n))
        self.day_edit = date_edit(check, "checkDay", today)
        self.check_button = QPushButton(self.tr("Check"), check)
        self.check_button.setObjectName("checkButton")
        self.check_button.clicked.connect(self.check)
        self.answer = QLabel(check)
        self.answer.setObjectName("answerLabel")
        self.answer.setWordWrap(True)
        check_layout = QFormLayout(check)
        check_layout.addRow(self.tr("Officer"), self.officer_combo)
        check_layout.addRow(self.tr("Matter"), self.matter_combo)
        check_layout.addRow(self.tr("Town"), self.place_combo)
        check_layout.addRow(self.tr("Day"), self.day_edit)
        check_layout.addRow(self.check_button)
        check_layout.addRow(self.answer)

        letters_page = QWidget(self)
        letters_layout = QVBoxLayout(letters_page)
        letters_layout.setContentsMargins(0, 0, 0, 0)
        letters_layout.addWidget(self.letter_table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.revoke_button)
        letters_layout.addLayout(row)
        tabs = QTabWidget(self)
        tabs.addTab(letters_page, self.tr("Letters"))
        tabs.addTab(
            self.list_table("rosterTable", self.roster_model, 1), self.tr("Park stationing roster")
        )
        # the two forms scroll rather than make the page taller than a 1366×768 laptop's screen
        side_widget = QWidget()
        side = QVBoxLayout(side_widget)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(form)
        side.addWidget(check)
        side.addStretch(1)
        scroller = QScrollArea(self)
        scroller.setObjectName("delegationForms")
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        scroller.setWidget(side_widget)
        body = QHBoxLayout()
        body.addWidget(tabs, 3)
        body.addWidget(scroller, 2)
        outer = QVBoxLayout(self)
        outer.addWidget(self.message)
        outer.addLayout(body, 1)

    def _town_changed(self) -> None:
        """The authority a town's letter comes from: its county-level bureau."""
        code = self.town_combo.currentData()
        if not code:
            return
        bureau = delegations.own_bureau(self.ctx.tree, str(code))
        self.authority_edit.setText(bureau.authority or bureau.name)

    # -- querying --------------------------------------------------------------------------

    def attach(self, reader: Store) -> None:
        self.officer_combo.clear()
        for officer_id, name, unit in reader.conn.execute(
            "SELECT id, name, unit_code FROM officer WHERE active = 1 ORDER BY unit_code, name"
        ):
            where = self.ctx.tree.units.get(unit)
            self.officer_combo.addItem(f"{name}（{where.name if where else unit}）", officer_id)
        super().attach(reader)

    def refresh(self) -> None:
        if not self._attached:
            return
        tree, today = self.ctx.tree, self.today()

        def task(store: Store, _context: TaskContext) -> registers.Register:
            return registers.register(LocalFacts(store.conn), tree, today)

        self.ctx.searcher.submit(
            task, on_done=self._show, on_error=self._failed, latest_only="delegation_register"
        )

    def _show(self, found: registers.Register) -> None:
        self.letter_model.set_rows(found.letters, found.letter_ids)
        self.roster_model.set_rows(found.roster)
        self.refreshed.emit(len(found.letters))

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(str(exc))
        self.refreshed.emit(-1)

    # -- writes ----------------------------------------------------------------------------

    def matters(self) -> list[str]:
        return [
            str(self.matter_list.item(n).data(Qt.ItemDataRole.UserRole))
            for n in range(self.matter_list.count())
            if self.matter_list.item(n).checkState() == Qt.CheckState.Checked
        ]

    def set_matters(self, codes: list[str]) -> None:
        for n in range(self.matter_list.count()):
            item = self.matter_list.item(n)
            on = item.data(Qt.ItemDataRole.UserRole) in codes
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def values(self) -> dict[str, Any]:
        town = str(self.town_combo.currentData())
        return {
            "number": self.number_edit.text().strip(),
            "kind": self.kind_combo.currentData(),
            "town_code": town,
            "authority_code": delegations.own_bureau(self.ctx.tree, town).code,
            "authority_name": self.authority_edit.text().strip(),
            "matters": ",".join(self.matters()),
            "signed_on": pydate(self.signed_edit).isoformat(),
            "published_on": pydate(self.published_edit).isoformat(),
            "valid_from": pydate(self.from_edit).isoformat(),
            "valid_to": pydate(self.to_edit).isoformat(),
            "publication_ref": self.ref_edit.text().strip(),
        }

    def record(self) -> None:
        values = self.values()
        self.message.clear()
        self.save_button.setEnabled(False)

        def done(_letter_id: str) -> None:
            self.save_button.setEnabled(True)
            self.number_edit.clear()

        run_op(
            self.ctx,
            lambda uow: letters.record_letter(uow, LocalFacts(uow.conn), values),
            on_done=done,
            on_failed=lambda: self.save_button.setEnabled(True),
            say=self.message.setText,
            parent=self,
        )

    def revoke(self, reason: str | None = None) -> None:
        rows = self.letter_table.selectionModel().selectedRows()
        self.message.clear()
        if not rows:
            self.message.setText(self.tr("Letter: select the letter to revoke."))
            return
        letter_id = str(self.letter_model.key(rows[0].row()))
        if reason is None:
            text, ok = QInputDialog.getText(
                self, self.tr("Revoke"), self.tr("Why the letter is revoked:")
            )
            if not ok:
                return
            reason = text
        values = {
            "letter_id": letter_id,
            "revoked_on": self.today().isoformat(),
            "reason": reason,
            "decided_by": self.authority_edit.text().strip() or "-",
        }

        def op(uow: UnitOfWork) -> str:
            return letters.revoke_letter(uow, LocalFacts(uow.conn), values)

        run_op(self.ctx, op, say=self.message.setText, parent=self)

    def check(self) -> None:
        """Ask ``delegations.decide`` (on the search thread) and show its answer."""
        officer = str(self.officer_combo.currentData() or "")
        matter = str(self.matter_combo.currentData())
        town = str(self.place_combo.currentData() or "")
        day, tree = pydate(self.day_edit), self.ctx.tree

        def task(store: Store, _context: TaskContext) -> delegations.Decision:
            return registers.check(LocalFacts(store.conn), tree, officer, matter, town, day)

        def done(found: delegations.Decision) -> None:
            if found.allowed:
                self.answer.setStyleSheet("color: #2e7d32")
                self.answer.setText(
                    self.tr("Allowed, in the name of %1").replace("%1", found.issuer_name)
                )
            else:
                self.answer.setStyleSheet("color: #c62828")
                refusal = found.refusal
                self.answer.setText(refusal.text(self.ctx.lang) if refusal else "")
            self.decided.emit(found.allowed)

        self.ctx.searcher.submit(task, on_done=done, latest_only="delegation_check")
