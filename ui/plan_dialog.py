"""A new draft plan of a unit for a year (its plan above found for it), and the key-supervised
enterprises its unit holds named in a draft (重点监管企业一个不能少). Refusals stay on the
dialog's or the board's message line with nothing written."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from inspector_app.plans import common, consistency, plans
from inspector_app.plans.parameters import default_parameters
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.facts import LocalFacts
from ui.context import AppContext
from ui.ops import run_op
from ui.plan_models import message_line


def parent_plan(uow: UnitOfWork, unit_code: str, year: int) -> str:
    """The plan in force of the unit above for the year ('' when there is none: the rules
    then name what is missing)."""
    facts = LocalFacts(uow.conn)
    unit = common.unit_of(facts, unit_code)
    above = plans.planning_parent(facts, unit) if unit else None
    if not above:
        return ""
    found = [p.id for p in plans.year_plans(facts, year) if p.unit == above]
    return found[0] if found else ""


def name_key_enterprises(uow: UnitOfWork, tree: JurisdictionTree, plan_id: str) -> int:
    """Name in the draft every key-supervised enterprise its unit holds that neither it nor a
    plan above names yet; returns how many were named."""
    facts = LocalFacts(uow.conn)
    node = plans.load(facts, plan_id)
    year = int(node.plan["year"])
    world = consistency.load_world(
        uow.conn, tree, default_parameters(), year, uow.store.clock.today()
    )
    above: set[str] = set()
    plan = node.plan
    while plan.get("parent_id"):
        parent = plans.load(facts, str(plan["parent_id"]))
        above.update(str(n["enterprise_id"]) for n in parent.named)
        plan = parent.plan
    named = {str(n["enterprise_id"]) for n in node.named} | above
    count = 0
    for entry in sorted(world.holds(tree, node.unit), key=lambda e: e.id):
        if entry.key and entry.id not in named:
            plans.name_enterprise(uow, facts, plan_id, entry.id)
            count += 1
    return count


class NewPlanDialog(QDialog):
    def __init__(self, ctx: AppContext, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.year = year
        self.plan_id = ""
        self.setWindowTitle(self.tr("New plan"))
        tree = ctx.tree
        self.unit_combo = QComboBox(self)
        self.unit_combo.setObjectName("planUnit")
        self.unit_combo.addItem(tree.city.name, tree.city.code)
        for unit in tree.reporting_units():
            self.unit_combo.addItem(unit.name, unit.code)
            for town in tree.towns_of(unit.code):
                self.unit_combo.addItem("　" + town.name, town.code)
        self.unit_combo.currentIndexChanged.connect(lambda _n: self._unit_changed())
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("planTitle")
        self.quota_spin = QSpinBox(self)
        self.quota_spin.setObjectName("planQuota")
        self.quota_spin.setRange(0, 100_000)
        self.message = message_line(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Unit"), self.unit_combo)
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Random checks in the year"), self.quota_spin)
        form.addRow(self.message)
        form.addRow(self.buttons)
        self._unit_changed()

    def _unit_changed(self) -> None:
        name = self.unit_combo.currentText().strip()
        self.title_edit.setText(
            self.tr("%1 %2 annual inspection plan")
            .replace("%1", name)
            .replace("%2", str(self.year))
        )

    def save(self) -> None:
        code = str(self.unit_combo.currentData())
        level = self.ctx.tree.units[code].level
        values = {
            "year": self.year,
            "level": {"zone": "county"}.get(level, level),
            "unit_code": code,
            "title": self.title_edit.text().strip(),
            "random_quota": self.quota_spin.value(),
        }
        year = self.year
        self.message.clear()

        def op(uow: UnitOfWork) -> str:
            found = {**values, "parent_id": parent_plan(uow, code, year)}
            return plans.create_plan(uow, LocalFacts(uow.conn), found)

        def done(plan_id: str) -> None:
            self.plan_id = plan_id
            self.accept()

        run_op(self.ctx, op, on_done=done, say=self.message.setText, parent=self)
