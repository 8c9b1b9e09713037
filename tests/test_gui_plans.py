"""The planning board driven as an office would: the year's plans in one tree, approval top
down by an approver (a refusal stays on the board with nothing written), tasks made from the
approved plan, a team assigned and checked, progress and the key enterprises not inspected."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from gui_support import Gui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from test_plans_world import CITY, HAINING, TODAY, FixedClock, World, build_world

from inspector_app.plans import plans
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store.database import Store
from ui.plan_board import PlanBoard
from ui.plans_page import PlansPage


class Office:
    """The app's context around a plans world, with the plans page on its own."""

    def __init__(self, qtbot: Any, base: Path, world: World, lang: str = "zh_CN") -> None:
        self.qtbot = qtbot
        self.world = world
        self.gui = Gui(qtbot, base, lang=lang)
        self.ctx = self.gui.ctx
        reader = self.ctx.reader
        assert reader is not None
        self.conn = reader.conn
        self.write_store(lambda store: setattr(store, "clock", FixedClock(TODAY)))
        self.page = PlansPage(self.ctx)
        self.board: PlanBoard = self.page.board
        self.board.today = lambda: TODAY
        self.page.resize(1366, 768)
        self.page.show()
        with qtbot.waitSignal(self.board.refreshed, timeout=20_000):
            self.page.attach(reader)

    def write_store(self, fn: Callable[[Store], None]) -> None:
        box: dict[str, Any] = {}

        def task(store: Store, _context: Any) -> Any:
            fn(store)
            return None

        self.ctx.writer.submit(
            task, on_done=lambda r: box.update(done=r), on_error=lambda e: box.update(error=e)
        )
        self.qtbot.waitUntil(lambda: bool(box), timeout=20_000)
        assert "error" not in box, box

    def wait(self, action: Callable[[], None]) -> int:
        with self.qtbot.waitSignal(self.board.refreshed, timeout=20_000) as blocker:
            action()
        return int(blocker.args[0])

    def plan_row(self, plan_id: str) -> Any:
        model = self.board.tree_model
        found = model.match(
            model.index(0, 0), Qt.ItemDataRole.UserRole, plan_id, 1, Qt.MatchFlag.MatchRecursive
        )
        assert found, plan_id
        return found[0]

    def select(self, plan_id: str) -> None:
        self.wait(lambda: self.board.tree.setCurrentIndex(self.plan_row(plan_id)))

    def choose_approver(self, name: str) -> None:
        combo = self.board.approver_combo
        combo.setCurrentIndex(combo.findData(self.world.people[name]))

    def status(self, plan_id: str) -> str:
        row = self.conn.execute(
            "SELECT status FROM inspection_plan WHERE id = ?", (plan_id,)
        ).fetchone()
        return str(row[0])

    def shot(self, name: str, screen: QWidget) -> None:
        """``FI_SCREENSHOTS=docs``: the plans page at 1366×768 with ``screen``'s tab shown."""
        self.page.tabs.setCurrentWidget(screen)
        self.gui.save_screenshot(name, widget=self.page)

    def close(self) -> None:
        self.page.close()
        self.page.deleteLater()
        self.gui.close()


def make_plan(w: World, unit: str, level: str, parent: str = "") -> str:
    with w.uow() as uow:
        return plans.create_plan(
            uow,
            w.facts,
            {
                "year": 2026,
                "level": level,
                "unit_code": unit,
                "parent_id": parent,
                "title": "2026年度监督检查计划",
                "random_quota": 10,
            },
            TODAY,
        )


@pytest.fixture
def office(
    qtbot: Any, tmp_path: Path, tree: JurisdictionTree, registry: Registry
) -> Iterator[tuple[Office, str, str]]:
    base = tmp_path / "base"
    base.mkdir()
    world = build_world(base / "inspector.sqlite3", tree, registry)
    city = make_plan(world, CITY, "city")
    county = make_plan(world, HAINING, "county", city)
    with world.uow() as uow:  # every key enterprise of 海宁 named in the county plan
        for firm in world.key_firms():
            row = world.facts.get("enterprise", firm)
            assert row is not None
            if row["county_code"] == HAINING:
                plans.name_enterprise(uow, world.facts, county, firm, today=TODAY)
    world.store.close()
    o = Office(qtbot, base, world)
    try:
        yield o, city, county
    finally:
        o.close()


def test_the_year_plans_form_one_tree_with_progress(
    office: tuple[Office, str, str], qtmodeltester: Any
) -> None:
    o, city, county = office
    model = o.board.tree_model
    assert model.rowCount() == 1
    top = model.index(0, 0)
    assert top.data(Qt.ItemDataRole.UserRole) == city
    assert model.rowCount(top) == 1
    child = model.index(0, 0, top)
    assert child.data(Qt.ItemDataRole.UserRole) == county
    assert model.index(0, 1, top).data() == "县级"
    assert model.index(0, 2, top).data() == "草稿"
    assert model.index(0, 3, top).data() == "6"  # the county's key enterprises, named
    # nothing inspected yet: the city's key enterprises are all listed as not inspected
    assert o.board.key_model.rowCount() == 8
    assert o.board.count_label.text().endswith("8")
    qtmodeltester.check(model)
    qtmodeltester.check(o.board.key_model)
    qtmodeltester.check(o.board.county_model)


def test_approval_before_the_plan_above_is_refused_on_the_board(
    office: tuple[Office, str, str],
) -> None:
    o, city, county = office
    o.select(county)
    assert o.board.approve_button.isEnabled()
    o.choose_approver("海宁负责人")
    o.board.approve()
    o.qtbot.waitUntil(lambda: bool(o.board.message.text()), timeout=20_000)
    assert "上级计划尚未批准" in o.board.message.text()
    assert o.status(county) == "draft" and o.status(city) == "draft"  # nothing written

    # an officer who is no approver is refused too
    combo = o.board.approver_combo
    assert combo.findData(o.world.people["海宁甲"]) == -1  # not offered at all


def test_approve_top_down_make_tasks_and_assign_a_checked_team(
    office: tuple[Office, str, str], qtmodeltester: Any
) -> None:
    o, city, county = office
    o.select(city)
    o.choose_approver("市负责人")
    o.wait(o.board.approve)
    assert o.status(city) == "approved"
    o.select(county)
    o.choose_approver("海宁负责人")
    o.wait(o.board.approve)
    assert o.status(county) == "approved"
    assert o.board.schedule_button.isEnabled()
    o.wait(o.board.schedule)
    tasks = o.board.task_model
    assert tasks.rowCount() >= 6
    assert {tasks.text(n, 4) for n in range(tasks.rowCount())} == {"待检查"}
    assert tasks.text(0, 3) == o.board.tr("(no team yet)")
    qtmodeltester.check(tasks)

    o.board.task_table.selectRow(0)
    task_id = str(tasks.key(0))
    # one officer is no team: refused in the board's message line, the task unchanged
    o.board.assign_team([o.world.people["海宁甲"]])
    o.qtbot.waitUntil(lambda: bool(o.board.message.text()), timeout=20_000)
    assert "至少需要2名持有效执法证的执法人员" in o.board.message.text()
    row = o.conn.execute("SELECT officer_ids FROM plan_task WHERE id = ?", (task_id,)).fetchone()
    assert not row[0]
    # two certified officers of the county: assigned and shown
    team = [o.world.people["海宁甲"], o.world.people["海宁乙"]]
    o.wait(lambda: o.board.assign_team(team))
    assert o.board.message.text() == ""
    row = o.conn.execute("SELECT officer_ids FROM plan_task WHERE id = ?", (task_id,)).fetchone()
    assert sorted(row[0].split(",")) == sorted(team)
    shown = [tasks.text(n, 3) for n in range(tasks.rowCount()) if tasks.key(n) == task_id]
    assert shown == ["海宁甲、海宁乙"]
    # the county's progress counts the tasks
    county_rows = o.board.county_model
    names = [county_rows.text(n, 0) for n in range(county_rows.rowCount())]
    assert "海宁市" in names and names[-1] == "合计"
    o.shot("plans-zh_CN.png", o.board)


def test_a_new_plan_needs_its_plan_above_and_names_its_key_enterprises(
    office: tuple[Office, str, str],
) -> None:
    o, city, _county = office
    qtbot = o.qtbot
    dialog = o.board.new_plan()
    # 南湖's 建设街道 before 南湖 has a plan: refused in the dialog, nothing written
    dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findData("330402001"))
    dialog.save()
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=20_000)
    assert "上级计划" in dialog.message.text() and dialog.isVisible()
    assert o.conn.execute("SELECT count(*) FROM inspection_plan").fetchone()[0] == 2
    # 南湖 itself: made under the city plan and selected on the board
    dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findData("330402"))
    assert dialog.title_edit.text().startswith("南湖区")
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.save()
    qtbot.waitUntil(lambda: o.board.selected_plan() is not None, timeout=20_000)
    node = o.board.selected_plan()
    assert node is not None and (node.unit_code, node.parent_id) == ("330402", city)
    assert o.board.name_button.isEnabled()
    o.wait(o.board.name_key)
    node = o.board.selected_plan()
    assert node is not None and node.named == 2  # 建设重点化工0 and 1


def test_a_drafts_targets_quota_and_capacity_from_the_dialog(
    office: tuple[Office, str, str],
) -> None:
    o, _city, county = office
    qtbot = o.qtbot
    with qtbot.waitSignal(o.board.refreshed, timeout=20_000):
        o.board.select_plan(county)
    dialog = o.board.edit_targets()
    assert dialog is not None and dialog.target_list.count() == 0
    dialog.quota_spin.setValue(20)
    dialog.capacity_spin.setValue(150)
    dialog.risk_combo.setCurrentIndex(dialog.risk_combo.findData("low"))
    dialog.count_spin.setValue(10)
    dialog.visits_spin.setValue(5)  # a low-risk enterprise is visited twice a year at most

    def figures() -> tuple[Any, ...]:
        plan = o.conn.execute(
            "SELECT random_quota, capacity_per_officer FROM inspection_plan WHERE id = ?",
            (county,),
        ).fetchone()
        rows = o.conn.execute(
            "SELECT risk_level, count, visits FROM plan_target WHERE plan_id = ?", (county,)
        ).fetchall()
        return (*plan, rows)

    before = figures()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=20_000)
    assert dialog.message.text().startswith("每年检查次数：")
    assert "2" in dialog.message.text()
    assert figures() == before and dialog.isVisible()  # the quota is not half-saved either
    dialog.visits_spin.setValue(2)
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert figures() == (20, 150, [("low", 10, 2)])
    # opened again, the target is listed and selecting it fills the form to change it
    again = o.board.edit_targets()
    assert again is not None and again.target_list.count() == 1
    again.target_list.setCurrentRow(0)
    assert (again.count_spin.value(), again.visits_spin.value()) == (10, 2)
    assert again.risk_combo.currentData() == "low"
    again.reject()
