"""Joint enforcement and clue exchange (联合执法, 行刑衔接): the joint inspections with each
department's members, the clues of suspected crimes passed to or received from the police with
their handling status, and the next step of a clue recorded (only the steps that may follow are
offered; a refusal stays on the message line with nothing written)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector_app.plans import joint, joint_lists
from inspector_app.store.database import Store
from inspector_app.store.facts import LocalFacts
from ui.context import AppContext
from ui.joint_dialogs import ClueDialog, JointInspectionDialog
from ui.ops import run_op
from ui.plan_models import ListModel, PlanScreen, label_text, message_line
from ui.tasks import TaskContext

WATCHED_TABLES = frozenset({"joint_inspection", "joint_member", "crime_clue", "clue_event"})
JOINT_HEADERS = (
    QT_TRANSLATE_NOOP("JointPage", "Day"),
    QT_TRANSLATE_NOOP("JointPage", "Enterprise"),
    QT_TRANSLATE_NOOP("JointPage", "Lead department"),
    QT_TRANSLATE_NOOP("JointPage", "Departments and members"),
    QT_TRANSLATE_NOOP("JointPage", "Findings"),
)
CLUE_HEADERS = (
    QT_TRANSLATE_NOOP("JointPage", "Day"),
    QT_TRANSLATE_NOOP("JointPage", "Direction"),
    QT_TRANSLATE_NOOP("JointPage", "Other organ"),
    QT_TRANSLATE_NOOP("JointPage", "Party"),
    QT_TRANSLATE_NOOP("JointPage", "Suspected crime"),
    QT_TRANSLATE_NOOP("JointPage", "Case"),
    QT_TRANSLATE_NOOP("JointPage", "Status"),
)


class JointPage(PlanScreen):
    WATCHED = WATCHED_TABLES
    refreshed = Signal(int)  # clues listed, -1 when the query failed

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "jointPage", parent)
        self._lists: joint_lists.JointLists | None = None
        self.joint_model = ListModel("JointPage", JOINT_HEADERS, self)
        self.clue_model = ListModel("JointPage", CLUE_HEADERS, self)
        self.clue_table = self.list_table("clueTable", self.clue_model, 3)
        self.clue_table.selectionModel().selectionChanged.connect(
            lambda _s, _d: self._clue_selected()
        )
        self.step_combo = QComboBox(self)
        self.step_combo.setObjectName("stepCombo")
        self.step_day = QDateEdit(self)
        self.step_day.setObjectName("stepDay")
        self.step_day.setDisplayFormat("yyyy-MM-dd")
        self.step_day.setCalendarPopup(True)
        self.note_edit = QLineEdit(self)
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setPlaceholderText(self.tr("Note (required when not accepted or returned)"))
        self.step_button = QPushButton(self.tr("Record the step"), self)
        self.step_button.setObjectName("stepButton")
        self.step_button.clicked.connect(self.record_step)
        self.joint_button = QPushButton(self.tr("Record a joint inspection…"), self)
        self.joint_button.setObjectName("jointButton")
        self.joint_button.clicked.connect(lambda: self.record_joint())
        self.clue_button = QPushButton(self.tr("Record a clue…"), self)
        self.clue_button.setObjectName("clueButton")
        self.clue_button.clicked.connect(lambda: self.record_clue())
        self.message = message_line(self)
        step_row = QHBoxLayout()
        step_row.addWidget(QLabel(self.tr("Next step"), self))
        step_row.addWidget(self.step_combo)
        step_row.addWidget(self.step_day)
        step_row.addWidget(self.note_edit, 1)
        step_row.addWidget(self.step_button)
        clue_page = QWidget(self)
        clue_layout = QVBoxLayout(clue_page)
        clue_layout.setContentsMargins(0, 0, 0, 0)
        clue_layout.addWidget(self.clue_table, 1)
        clue_layout.addLayout(step_row)
        tabs = QTabWidget(self)
        tabs.addTab(clue_page, self.tr("Clues exchanged with the police"))
        tabs.addTab(
            self.list_table("jointTable", self.joint_model, 3), self.tr("Joint inspections")
        )
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.clue_button)
        top.addWidget(self.joint_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(tabs, 1)
        self._clue_selected()

    def attach(self, reader: Store) -> None:
        today = self.today()
        self.step_day.setDate(QDate(today.year, today.month, today.day))
        super().attach(reader)

    def refresh(self) -> None:
        if not self._attached:
            return

        def task(store: Store, _context: TaskContext) -> joint_lists.JointLists:
            return joint_lists.joint_lists(store.conn)

        self.ctx.searcher.submit(
            task,
            on_done=self._show,
            on_error=lambda _e: self.refreshed.emit(-1),
            latest_only="joint_page",
        )

    def _show(self, found: joint_lists.JointLists) -> None:
        keep = self.selected_clue()
        self._lists = found
        self.joint_model.set_rows(found.joints)
        self.clue_model.set_rows(found.clues, found.clue_ids)
        if keep in found.clue_ids:
            self.clue_table.selectRow(found.clue_ids.index(keep))
        self._clue_selected()
        self.refreshed.emit(len(found.clues))

    def record_joint(self) -> JointInspectionDialog:
        """Open the dialog that records a joint inspection with each department's members."""
        dialog = JointInspectionDialog(self.ctx, self.today(), self)
        dialog.open()
        return dialog

    def record_clue(self) -> ClueDialog:
        """Open the dialog that records a clue passed to or received from the police."""
        dialog = ClueDialog(self.ctx, self.today(), self)
        dialog.open()
        return dialog

    def selected_clue(self) -> str:
        rows = self.clue_table.selectionModel().selectedRows()
        return str(self.clue_model.key(rows[0].row()) or "") if rows else ""

    def _clue_selected(self) -> None:
        clue = self.selected_clue()
        steps = self._lists.next_steps.get(clue, []) if self._lists else []
        self.step_combo.clear()
        for kind in steps:
            self.step_combo.addItem(label_text(joint.CLUE_EVENTS[kind], self.ctx.lang), kind)
        self.step_button.setEnabled(bool(steps))

    def record_step(self) -> None:
        clue = self.selected_clue()
        self.message.clear()
        if not clue:
            return
        d = self.step_day.date()
        values = {
            "clue_id": clue,
            "kind": self.step_combo.currentData(),
            "occurred_on": dt.date(d.year(), d.month(), d.day()).isoformat(),
            "note": self.note_edit.text().strip(),
        }

        def done(_event_id: str) -> None:
            self.note_edit.clear()

        run_op(
            self.ctx,
            lambda uow: joint.clue_event(uow, LocalFacts(uow.conn), values),
            on_done=done,
            say=self.message.setText,
            parent=self,
        )
