"""The planning board (监督检查计划): the year's plans of the city, county-level units and towns
in one tree with their live progress; the selected plan's tasks, approval by an approver,
tasks made from an approved plan and teams assigned; progress by county and the key-supervised
enterprises not inspected yet this year.

Every list is computed on the search thread (``plans.board``, ``plans.progress``); writes go
through ``run_op`` and a refusal stays on the board's message line with nothing written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from inspector_app.plans import board, consistency, plans, progress
from inspector_app.plans import tasks as plan_tasks
from inspector_app.plans.parameters import default_parameters
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store
from inspector_app.store.facts import LocalFacts
from ui.context import AppContext
from ui.ops import run_op
from ui.plan_dialog import NewPlanDialog, name_key_enterprises
from ui.plan_models import ListModel, PlanScreen, label_text, message_line, pick
from ui.plan_targets import PlanTargetsDialog
from ui.tasks import TaskContext

WATCHED_TABLES = frozenset(
    {"inspection_plan", "plan_target", "plan_enterprise", "plan_task", "inspection", "random_draw"}
)
TREE_HEADERS = (
    QT_TRANSLATE_NOOP("PlanBoard", "Plan"),
    QT_TRANSLATE_NOOP("PlanBoard", "Level"),
    QT_TRANSLATE_NOOP("PlanBoard", "Status"),
    QT_TRANSLATE_NOOP("PlanBoard", "Named"),
    QT_TRANSLATE_NOOP("PlanBoard", "Tasks"),
    QT_TRANSLATE_NOOP("PlanBoard", "Done"),
    QT_TRANSLATE_NOOP("PlanBoard", "Overdue"),
    QT_TRANSLATE_NOOP("PlanBoard", "Done %"),
)
TASK_HEADERS = (
    QT_TRANSLATE_NOOP("PlanBoard", "Enterprise"),
    QT_TRANSLATE_NOOP("PlanBoard", "Kind"),
    QT_TRANSLATE_NOOP("PlanBoard", "Planned day"),
    QT_TRANSLATE_NOOP("PlanBoard", "Team"),
    QT_TRANSLATE_NOOP("PlanBoard", "Status"),
)
PROGRESS_HEADERS = (
    QT_TRANSLATE_NOOP("PlanBoard", "Unit"),
    QT_TRANSLATE_NOOP("PlanBoard", "Tasks"),
    QT_TRANSLATE_NOOP("PlanBoard", "Done"),
    QT_TRANSLATE_NOOP("PlanBoard", "Scheduled"),
    QT_TRANSLATE_NOOP("PlanBoard", "Overdue"),
    QT_TRANSLATE_NOOP("PlanBoard", "Cancelled"),
    QT_TRANSLATE_NOOP("PlanBoard", "Done %"),
)
KEY_HEADERS = (
    QT_TRANSLATE_NOOP("PlanBoard", "Enterprise"),
    QT_TRANSLATE_NOOP("PlanBoard", "County"),
    QT_TRANSLATE_NOOP("PlanBoard", "Town"),
    QT_TRANSLATE_NOOP("PlanBoard", "Risk level"),
)
COVERAGE_HEADERS = (
    QT_TRANSLATE_NOOP("PlanBoard", "Category"),
    QT_TRANSLATE_NOOP("PlanBoard", "Risk level"),
    QT_TRANSLATE_NOOP("PlanBoard", "Target"),
    QT_TRANSLATE_NOOP("PlanBoard", "Inspected"),
    QT_TRANSLATE_NOOP("PlanBoard", "Short"),
)
OVERDUE = Qt.GlobalColor.red


@dataclass
class Snapshot:
    """One query of the board, made on the search thread."""

    nodes: list[board.PlanNode]
    counties: list[list[object]]
    key_missing: list[list[object]]
    tasks: list[board.TaskRow]
    coverage: list[list[object]]
    approvers: list[board.Person]


class PlanBoard(PlanScreen):
    WATCHED = WATCHED_TABLES
    refreshed = Signal(int)  # plans shown, -1 when the query failed

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "planBoard", parent)
        self._plan_id = ""
        self._snapshot: Snapshot | None = None
        self._task: TaskContext | None = None
        self._build()

    # -- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.year_spin = QSpinBox(self)
        self.year_spin.setObjectName("yearSpin")
        self.year_spin.setRange(plans.FIRST_YEAR, 2100)
        self.year_spin.setValue(self.today().year)
        self.year_spin.valueChanged.connect(lambda _v: self.refresh())
        self.new_button = QPushButton(self.tr("New plan…"), self)
        self.new_button.setObjectName("newPlanButton")
        self.new_button.clicked.connect(lambda: self.new_plan())
        self.name_button = QPushButton(self.tr("Name the key enterprises"), self)
        self.name_button.setObjectName("nameKeyButton")
        self.name_button.setToolTip(
            self.tr("Name in the draft every key-supervised enterprise of its unit not named above")
        )
        self.name_button.clicked.connect(self.name_key)
        self.targets_button = QPushButton(self.tr("Targets…"), self)
        self.targets_button.setObjectName("targetsButton")
        self.targets_button.setToolTip(
            self.tr("The draft's targets by category and risk level, its quota and capacity")
        )
        self.targets_button.clicked.connect(lambda: self.edit_targets())
        self.approver_combo = QComboBox(self)
        self.approver_combo.setObjectName("approverCombo")
        self.approver_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.approve_button = QPushButton(self.tr("Approve"), self)
        self.approve_button.setObjectName("approveButton")
        self.approve_button.setToolTip(
            self.tr("The approver approves the selected draft; the plan above must be approved")
        )
        self.approve_button.clicked.connect(self.approve)
        self.schedule_button = QPushButton(self.tr("Make tasks"), self)
        self.schedule_button.setObjectName("scheduleButton")
        self.schedule_button.setToolTip(
            self.tr("One inspection task per visit of each named enterprise, spread over the year")
        )
        self.schedule_button.clicked.connect(self.schedule)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Year"), self))
        top.addWidget(self.year_spin)
        top.addWidget(self.new_button)
        top.addWidget(self.name_button)
        top.addWidget(self.targets_button)
        top.addStretch(1)
        top.addWidget(self.count_label)
        top.addWidget(QLabel(self.tr("Approver"), self))
        top.addWidget(self.approver_combo)
        top.addWidget(self.approve_button)
        top.addWidget(self.schedule_button)
        self.message = message_line(self)

        self.tree_model = QStandardItemModel(self)
        self.tree_model.setHorizontalHeaderLabels([self.tr(str(h)) for h in TREE_HEADERS])
        self.tree = QTreeView(self)
        self.tree.setObjectName("planTree")
        self.tree.setModel(self.tree_model)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        self.tree.selectionModel().currentRowChanged.connect(self._plan_selected)

        self.task_model = ListModel("PlanBoard", TASK_HEADERS, self)
        self.task_table = self.list_table("taskTable", self.task_model, 0)
        self.task_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.assign_button = QPushButton(self.tr("Assign team…"), self)
        self.assign_button.setObjectName("assignButton")
        self.assign_button.clicked.connect(lambda: self.assign_team())
        task_page = QWidget(self)
        task_layout = QVBoxLayout(task_page)
        task_layout.setContentsMargins(0, 0, 0, 0)
        task_layout.addWidget(self.task_table, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.assign_button)
        task_layout.addLayout(buttons)

        self.coverage_model = ListModel("PlanBoard", COVERAGE_HEADERS, self)
        self.county_model = ListModel("PlanBoard", PROGRESS_HEADERS, self)
        self.key_model = ListModel("PlanBoard", KEY_HEADERS, self)
        self.details = QTabWidget(self)
        self.details.setObjectName("planDetails")
        self.details.addTab(task_page, self.tr("Tasks"))
        self.details.addTab(
            self.list_table("coverageTable", self.coverage_model, 0), self.tr("Coverage")
        )
        self.details.addTab(
            self.list_table("countyTable", self.county_model, 0), self.tr("Progress by county")
        )
        self.details.addTab(
            self.list_table("keyTable", self.key_model, 0), self.tr("Key enterprises not inspected")
        )

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.tree)
        split.addWidget(self.details)
        split.setSizes([520, 760])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        self._update_buttons()

    # -- querying --------------------------------------------------------------------------

    def refresh(self) -> None:
        if not self._attached:
            return
        year, today, viewer, tree = self.year_spin.value(), self.today(), self.viewer, self.ctx.tree
        plan_id = self._plan_id
        scope = viewer.unit_code if viewer and viewer.unit_code in tree.units else tree.city.code
        params = default_parameters()

        def task(store: Store, _context: TaskContext) -> Snapshot:
            conn = store.conn
            year_tasks = progress.year_tasks(conn, tree, year, today, viewer)  # once, for all
            nodes = board.year_board(conn, tree, year, today, viewer, year_tasks)
            chosen = next((n for n in nodes if n.id == plan_id), None)
            found: list[board.TaskRow] = []
            cover: list[list[object]] = []
            if chosen is not None:
                found = board.plan_tasks(conn, tree, chosen.id, year, today, viewer, year_tasks)
                node = plans.load(LocalFacts(conn), chosen.id)
                cover = progress.coverage_rows(
                    progress.coverage(conn, tree, node.plan, node.targets, today, params), params
                )
            key_unit = chosen.unit_code if chosen is not None else scope
            return Snapshot(
                nodes,
                progress.county_progress(conn, tree, year, today, viewer, year_tasks),
                progress.key_rows(
                    tree, progress.key_not_inspected(conn, tree, key_unit, year, today)
                ),
                found,
                cover,
                board.approvers(conn),
            )

        self.count_label.setText(self.tr("Loading…"))
        self._task = self.ctx.searcher.submit(
            task, on_done=self._show, on_error=self._failed, latest_only="plan_board"
        )

    def _show(self, snap: Snapshot) -> None:
        self._task = None
        self._snapshot = snap
        self._fill_tree(snap.nodes)
        self.task_model.set_rows(
            [
                [
                    t.enterprise_name,
                    label_text(plan_tasks.KINDS[t.kind], self.ctx.lang)
                    if t.kind in plan_tasks.KINDS
                    else t.kind,
                    t.due_on,
                    t.team or self.tr("(no team yet)"),
                    label_text(progress.STATUSES[t.status], self.ctx.lang),
                ]
                for t in snap.tasks
            ],
            [t.id for t in snap.tasks],
        )
        self.coverage_model.set_rows(snap.coverage)
        self.county_model.set_rows(snap.counties)
        self.key_model.set_rows(snap.key_missing)
        keep = self.approver_combo.currentData()
        self.approver_combo.clear()
        for person in snap.approvers:
            unit = self.ctx.tree.units.get(person.unit_code)
            self.approver_combo.addItem(
                f"{person.name}（{unit.name if unit else person.unit_code}）", person.id
            )
        if keep is not None and self.approver_combo.findData(keep) >= 0:
            self.approver_combo.setCurrentIndex(self.approver_combo.findData(keep))
        self.count_label.setText(
            self.tr("Plans: %1, key enterprises not inspected: %2")
            .replace("%1", str(len(snap.nodes)))
            .replace("%2", str(len(snap.key_missing)))
        )
        self._update_buttons()
        self.refreshed.emit(len(snap.nodes))

    def _fill_tree(self, nodes: list[board.PlanNode]) -> None:
        self.tree.selectionModel().blockSignals(True)
        self.tree_model.removeRows(0, self.tree_model.rowCount())
        items: dict[str, QStandardItem] = {}
        lang = self.ctx.lang
        for node in nodes:
            c = node.counts
            cells = [
                f"{node.unit_name}　{node.title}",
                label_text(plans.LEVEL_NAMES[node.level], lang),
                label_text(plans.STATUSES[node.status], lang),
                str(node.named),
                str(c.total),
                str(c.done),
                str(c.overdue),
                f"{c.rate:.0%}",
            ]
            row = [QStandardItem(v) for v in cells]
            for item in row:
                item.setData(node.id, Qt.ItemDataRole.UserRole)
            if c.overdue:
                row[6].setForeground(OVERDUE)
            parent = items.get(node.parent_id)
            (parent or self.tree_model.invisibleRootItem()).appendRow(row)
            items[node.id] = row[0]
        self.tree.expandAll()
        for column in range(1, len(TREE_HEADERS)):
            self.tree.resizeColumnToContents(column)
        if self._plan_id in items:
            self.tree.setCurrentIndex(items[self._plan_id].index())
        self.tree.selectionModel().blockSignals(False)

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self.count_label.setText(
            self.tr("The plans could not be listed: %1").replace("%1", str(exc))
        )
        self.refreshed.emit(-1)

    # -- selection -------------------------------------------------------------------------

    def select_plan(self, plan_id: str) -> None:
        """Show this plan's tasks and coverage (a new query)."""
        self._plan_id = plan_id
        self.refresh()

    def _plan_selected(self, current: Any, _previous: Any) -> None:
        plan_id = current.data(Qt.ItemDataRole.UserRole) if current.isValid() else ""
        if plan_id and plan_id != self._plan_id:
            self.select_plan(str(plan_id))

    def selected_plan(self) -> board.PlanNode | None:
        if self._snapshot is None:
            return None
        return next((n for n in self._snapshot.nodes if n.id == self._plan_id), None)

    def _update_buttons(self) -> None:
        node = self.selected_plan()
        self.approve_button.setEnabled(node is not None and node.status == "draft")
        self.name_button.setEnabled(node is not None and node.status == "draft")
        self.targets_button.setEnabled(node is not None and node.status == "draft")
        self.schedule_button.setEnabled(node is not None and node.status == "approved")
        self.assign_button.setEnabled(bool(self._snapshot and self._snapshot.tasks))

    # -- writes ----------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def new_plan(self) -> NewPlanDialog:
        """Open the new plan dialog; the plan made is selected on the board."""
        dialog = NewPlanDialog(self.ctx, self.year_spin.value(), self)
        dialog.accepted.connect(lambda: self.select_plan(dialog.plan_id))
        dialog.open()
        return dialog

    def edit_targets(self) -> PlanTargetsDialog | None:
        """Open the selected draft's targets, quota and capacity."""
        node = self.selected_plan()
        if node is None:
            return None
        dialog = PlanTargetsDialog(self.ctx, node.id, self)
        dialog.open()
        return dialog

    def name_key(self) -> None:
        node = self.selected_plan()
        self.message.clear()
        if node is None:
            return
        tree, plan_id = self.ctx.tree, node.id
        run_op(
            self.ctx,
            lambda uow: name_key_enterprises(uow, tree, plan_id),
            say=self._say,
            parent=self,
        )

    def approve(self) -> None:
        node = self.selected_plan()
        approver = self.approver_combo.currentData()
        self.message.clear()
        if node is None:
            return
        if not approver:
            self._say(self.tr("Approver: choose the approver (负责人) who approves the plan."))
            return
        tree, plan_id, year = self.ctx.tree, node.id, node.year

        def op(uow: UnitOfWork) -> list[consistency.Finding]:
            today = uow.store.clock.today()
            world = consistency.load_world(uow.conn, tree, default_parameters(), year, today)
            return plans.approve(uow, LocalFacts(uow.conn), tree, plan_id, str(approver), world)

        def done(findings: list[consistency.Finding]) -> None:
            warnings = [
                pick(f.zh, f.en, self.ctx.lang) for f in findings if f.severity == "warning"
            ]
            if warnings:
                self._say(self.tr("Approved, with warnings: %1").replace("%1", "；".join(warnings)))

        run_op(self.ctx, op, on_done=done, say=self._say, parent=self)

    def schedule(self) -> None:
        node = self.selected_plan()
        self.message.clear()
        if node is None:
            return
        plan_id = node.id
        run_op(
            self.ctx,
            lambda uow: plans.schedule_tasks(uow, LocalFacts(uow.conn), plan_id),
            say=self._say,
            parent=self,
        )

    def selected_task(self) -> board.TaskRow | None:
        if self._snapshot is None:
            return None
        rows = self.task_table.selectionModel().selectedRows()
        if not rows:
            return None
        n = rows[0].row()
        return self._snapshot.tasks[n] if 0 <= n < len(self._snapshot.tasks) else None

    def assign_team(self, officer_ids: list[str] | None = None) -> None:
        """Give the selected task a team: chosen in a dialog unless ``officer_ids`` is given;
        the team is checked on the planned day (certificates, recusal, avoidance)."""
        found = self.selected_task()
        self.message.clear()
        if found is None:
            self._say(self.tr("Task: select the task to assign a team to."))
            return
        task = found
        if officer_ids is None:
            people = self._certified(dt.date.fromisoformat(task.due_on))
            dialog = TeamDialog(people, task.officer_ids, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            officer_ids = dialog.chosen()
        chosen = list(officer_ids)
        run_op(
            self.ctx,
            lambda uow: plan_tasks.assign_team(uow, LocalFacts(uow.conn), task.id, chosen),
            say=self._say,
            parent=self,
        )

    def _certified(self, day: dt.date) -> list[board.Person]:
        reader = self.ctx.reader
        return board.certified(reader.conn, day) if reader is not None else []


class TeamDialog(QDialog):
    """Officers with a certificate valid on the task's day; two at least are chosen."""

    def __init__(
        self, people: list[board.Person], current: tuple[str, ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Assign a team"))
        self.list = QListWidget(self)
        self.list.setObjectName("officerList")
        for person in people:
            item = QListWidgetItem(person.name, self.list)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = person.id in current
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Officers (two at least):"), self))
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    def chosen(self) -> list[str]:
        return [
            str(self.list.item(n).data(Qt.ItemDataRole.UserRole))
            for n in range(self.list.count())
            if self.list.item(n).checkState() == Qt.CheckState.Checked
        ]
