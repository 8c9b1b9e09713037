"""Joint enforcement and clue exchange on the plans page: the joint inspections with each
department's members, a clue received from the police taken step by step (only the steps that
may follow offered), a step dated before the previous one refused with nothing written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox
from test_gui_plans import Office
from test_plans_world import HAINING, TODAY, build_world

from inspector_app.plans import joint
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from ui.joint_page import JointPage


@pytest.fixture
def page(
    qtbot: Any, tmp_path: Path, tree: JurisdictionTree, registry: Registry
) -> Iterator[tuple[Office, JointPage]]:
    base = tmp_path / "base"
    base.mkdir()
    w = build_world(base / "inspector.sqlite3", tree, registry)
    with w.uow() as uow:
        joint.record_joint(
            uow,
            w.facts,
            {
                "title": "消防与安全生产联合检查",
                "enterprise_id": w.firms["长安重点0"],
                "inspected_on": "2026-06-10",
                "lead_department": "emergency",
                "findings": "储罐区消防设施缺失",
            },
            [
                {"department": "emergency", "officer_id": w.people["海宁甲"]},
                {"department": "emergency", "officer_id": w.people["海宁乙"]},
                {"department": "fire", "person_name": "陈消防"},
            ],
            TODAY,
        )
        joint.record_clue(
            uow,
            w.facts,
            {
                "direction": "incoming",
                "counterpart": "海宁市公安局长安派出所",
                "party_name": "某加工点",
                "suspected_crime": "other",
                "summary": "群众举报无证加工",
                "dated_on": "2026-06-11",
                "county_code": HAINING,
            },
            TODAY,
        )
    w.store.close()
    o = Office(qtbot, base, w)
    screen = o.page.joint
    try:
        yield o, screen
    finally:
        o.close()


def events(o: Office) -> int:
    return int(o.conn.execute("SELECT count(*) FROM clue_event").fetchone()[0])


def test_joint_inspections_and_a_clue_step_by_step(
    page: tuple[Office, JointPage], qtmodeltester: Any
) -> None:
    o, screen = page
    qtbot = o.qtbot
    qtbot.waitUntil(lambda: screen.clue_model.rowCount() == 1, timeout=20_000)
    assert screen.joint_model.rowCount() == 1
    assert screen.joint_model.text(0, 3) == "应急管理部门：海宁甲、海宁乙；消防救援机构：陈消防"
    assert screen.clue_model.text(0, 6) == "已接收，待核查"
    qtmodeltester.check(screen.clue_model)
    qtmodeltester.check(screen.joint_model)

    screen.clue_table.selectRow(0)
    offered = [screen.step_combo.itemData(n) for n in range(screen.step_combo.count())]
    assert offered == ["case_filed", "no_violation"]
    screen.step_combo.setCurrentIndex(offered.index("no_violation"))
    screen.step_day.setDate(QDate(2026, 6, 12))
    with qtbot.waitSignal(screen.refreshed, timeout=20_000):
        screen.record_step()
    assert events(o) == 1
    assert screen.clue_model.text(0, 6) == "查无违法"
    assert [screen.step_combo.itemData(n) for n in range(screen.step_combo.count())] == ["feedback"]

    # the feedback dated before the previous step: refused, nothing written
    screen.step_day.setDate(QDate(2026, 6, 11))
    screen.record_step()
    qtbot.waitUntil(lambda: bool(screen.message.text()), timeout=20_000)
    assert "不能早于上一环节日期（2026-06-12）" in screen.message.text()
    assert events(o) == 1


def test_a_joint_inspection_recorded_from_the_dialog(page: tuple[Office, JointPage]) -> None:
    o, screen = page
    qtbot = o.qtbot
    screen.today = lambda: TODAY
    qtbot.waitUntil(lambda: screen.joint_model.rowCount() == 1, timeout=20_000)

    def joints() -> tuple[int, int]:
        return (
            int(o.conn.execute("SELECT count(*) FROM joint_inspection").fetchone()[0]),
            int(o.conn.execute("SELECT count(*) FROM joint_member").fetchone()[0]),
        )

    dialog = screen.record_joint()
    dialog.search_edit.setText("许村五金0厂")
    assert dialog.matches.count() >= 1 and dialog.matches.currentItem() is not None
    assert dialog.matches.currentItem().text().startswith("许村五金0厂")
    dialog.title_edit.setText("市场监管与应急管理联合检查")
    for n in range(dialog.officer_list.count()):
        item = dialog.officer_list.item(n)
        if item.text() in ("海宁甲", "海宁乙"):
            item.setCheckState(Qt.CheckState.Checked)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    # our officers alone are no joint inspection: refused, nothing written
    ok.click()
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=20_000)
    assert dialog.message.text() == "联合执法须有两个以上部门参加。"
    assert joints() == (1, 3) and dialog.isVisible()
    dialog.department_combo.setCurrentIndex(dialog.department_combo.findData("market"))
    dialog.person_edit.setText("王市监")
    dialog.add_button.click()
    assert dialog.member_list.item(0).text().endswith("：王市监")
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        ok.click()
    assert joints() == (2, 6)
    qtbot.waitUntil(lambda: screen.joint_model.rowCount() == 2, timeout=20_000)
    people = {screen.joint_model.text(n, 3) for n in range(2)}
    assert "应急管理部门：海宁乙、海宁甲；市场监督管理部门：王市监" in people  # as listed


def test_a_clue_to_the_police_recorded_from_the_dialog(page: tuple[Office, JointPage]) -> None:
    o, screen = page
    qtbot = o.qtbot
    screen.today = lambda: TODAY
    qtbot.waitUntil(lambda: screen.clue_model.rowCount() == 1, timeout=20_000)

    def clues() -> int:
        return int(o.conn.execute("SELECT count(*) FROM crime_clue").fetchone()[0])

    dialog = screen.record_clue()
    dialog.direction_combo.setCurrentIndex(dialog.direction_combo.findData("outgoing"))
    dialog.county_combo.setCurrentIndex(dialog.county_combo.findData(HAINING))
    dialog.party_edit.setText("某化工厂")
    dialog.crime_combo.setCurrentIndex(dialog.crime_combo.findData("major_liability"))
    dialog.day_edit.setDate(QDate(TODAY.year, TODAY.month, TODAY.day).addDays(1))
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.click()  # no organ, no summary, dated tomorrow: each named, nothing written
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=20_000)
    said = dialog.message.text()
    assert "对方机关：不能为空" in said and "线索内容：不能为空" in said
    assert f"移送（接收）日期：不能晚于今天（{TODAY.isoformat()}）" in said
    assert clues() == 1 and dialog.isVisible()
    dialog.counterpart_edit.setText("海宁市公安局")
    dialog.summary_edit.setText("违章指挥冒险作业致一人死亡")
    dialog.day_edit.setDate(QDate(TODAY.year, TODAY.month, TODAY.day))
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        ok.click()
    assert clues() == 2
    qtbot.waitUntil(lambda: screen.clue_model.rowCount() == 2, timeout=20_000)
    statuses = {screen.clue_model.text(n, 6) for n in range(2)}
    assert "已移送，待公安机关受理" in statuses  # its handling steps follow on the page
