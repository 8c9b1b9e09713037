"""A draft plan's figures (分类分级, 安全生产法 Art. 62): its random-check quota, the officers'
capacity (inspections per officer a year), and its targets by category and risk level — how many
enterprises, how many visits each (capped by ``plans.json``'s frequency for the risk level),
kept by the plan's unit or handed to a unit below. Selecting a target fills the form to change
it. The rules are those of ``plans``; a refusal names the field and the rule on the dialog's
message line, and nothing of the save is written (one unit of work)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from inspector_app.plans import common, consistency, plans
from inspector_app.plans.parameters import RISK_LEVELS, default_parameters
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.facts import LocalFacts
from ui.context import AppContext
from ui.ops import run_op
from ui.plan_models import message_line, pick


class PlanTargetsDialog(QDialog):
    def __init__(self, ctx: AppContext, plan_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan_id = plan_id
        self.setObjectName("planTargetsDialog")
        self.setWindowTitle(self.tr("Plan targets"))
        reader = ctx.reader
        assert reader is not None
        node = plans.load(LocalFacts(reader.conn), plan_id)
        params = default_parameters()
        self.quota_spin = QSpinBox(self)
        self.quota_spin.setObjectName("quotaSpin")
        self.quota_spin.setRange(0, 1_000_000)
        self.quota_spin.setValue(int(node.plan["random_quota"]))
        self.capacity_spin = QSpinBox(self)
        self.capacity_spin.setObjectName("capacitySpin")
        self.capacity_spin.setRange(1, 1000)
        self.capacity_spin.setValue(int(node.plan["capacity_per_officer"]))
        self.target_list = QListWidget(self)
        self.target_list.setObjectName("targetList")
        self.category_combo = QComboBox(self)
        self.category_combo.setObjectName("categoryCombo")
        for code, category in params.categories.items():
            self.category_combo.addItem(pick(category.zh, category.en, ctx.lang), code)
        self.risk_combo = QComboBox(self)
        self.risk_combo.setObjectName("targetRiskCombo")
        self.risk_combo.addItem(self.tr("All risk levels"), "")
        for risk in RISK_LEVELS:
            self.risk_combo.addItem(ctx.classes.risk_name(risk, ctx.lang), risk)
        self.unit_combo = QComboBox(self)
        self.unit_combo.setObjectName("targetUnitCombo")
        tree = ctx.tree
        own = str(node.plan["unit_code"])
        for code in (own, *common.planning_children(tree, own)):
            self.unit_combo.addItem(tree.units[code].name, code)
        self.count_spin = QSpinBox(self)
        self.count_spin.setObjectName("targetCount")
        self.count_spin.setRange(0, 1_000_000)
        self.visits_spin = QSpinBox(self)
        self.visits_spin.setObjectName("targetVisits")
        self.visits_spin.setRange(1, 99)  # the cap of the risk level is the rule's to tell
        self.message = message_line(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Random checks in the year"), self.quota_spin)
        form.addRow(self.tr("Inspections per officer a year"), self.capacity_spin)
        form.addRow(self.tr("Targets"), self.target_list)
        form.addRow(self.tr("Category"), self.category_combo)
        form.addRow(self.tr("Risk level"), self.risk_combo)
        form.addRow(self.tr("Carried out by"), self.unit_combo)
        form.addRow(self.tr("Enterprises"), self.count_spin)
        form.addRow(self.tr("Visits a year each"), self.visits_spin)
        form.addRow(self.message)
        form.addRow(self.buttons)
        for target in sorted(
            node.targets, key=lambda t: (t["category"], t["risk_level"], t["unit_code"])
        ):
            category = params.categories[target["category"]]
            unit = tree.units.get(target["unit_code"])
            text = "　".join(
                (
                    pick(category.zh, category.en, ctx.lang),
                    consistency.risk_name(target["risk_level"]),
                    unit.name if unit else target["unit_code"],
                    f"{target['count']} × {target['visits']}",
                )
            )
            item = QListWidgetItem(text, self.target_list)
            item.setData(Qt.ItemDataRole.UserRole, dict(target))
        self.target_list.currentItemChanged.connect(lambda item, _old: self._fill(item))

    def _fill(self, item: QListWidgetItem | None) -> None:
        """A target selected: the form shows it, to be changed."""
        if item is None:
            return
        target: dict[str, Any] = item.data(Qt.ItemDataRole.UserRole)
        for combo, value in (
            (self.category_combo, target["category"]),
            (self.risk_combo, target["risk_level"]),
            (self.unit_combo, target["unit_code"]),
        ):
            combo.setCurrentIndex(max(combo.findData(value), 0))
        self.count_spin.setValue(int(target["count"]))
        self.visits_spin.setValue(int(target["visits"]))

    def save(self) -> None:
        plan_id = self.plan_id
        figures = {
            "random_quota": self.quota_spin.value(),
            "capacity_per_officer": self.capacity_spin.value(),
        }
        target = {
            "category": self.category_combo.currentData(),
            "risk_level": self.risk_combo.currentData(),
            "unit_code": self.unit_combo.currentData(),
            "count": self.count_spin.value(),
            "visits": self.visits_spin.value(),
        }
        self.message.clear()
        self.buttons.setEnabled(False)

        def op(uow: UnitOfWork) -> None:
            facts = LocalFacts(uow.conn)
            plans.update_plan(uow, facts, plan_id, figures)
            key = {k: target[k] for k in ("category", "risk_level", "unit_code")}
            if target["count"] or facts.find("plan_target", {"plan_id": plan_id, **key}):
                plans.set_target(uow, facts, plan_id, target)

        run_op(
            self.ctx,
            op,
            on_done=lambda _none: self.accept(),
            on_failed=lambda: self.buttons.setEnabled(True),
            say=self.message.setText,
            parent=self,
        )
