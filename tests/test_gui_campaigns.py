"""The campaign dashboard: tiles, the chart by group, the summary, daily reports and open
problems; a group's daily report entered from the form, a bad one refused with nothing written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox
from test_gui_plans import Office
from test_plans_campaigns import NINE, campaign, nine_groups, problem, report
from test_plans_world import HAINING, NANHU, TODAY, build_world

from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from ui.campaign_dashboard import CampaignDashboard


@pytest.fixture
def dashboard(
    qtbot: Any, tmp_path: Path, tree: JurisdictionTree, registry: Registry
) -> Iterator[tuple[Office, CampaignDashboard]]:
    base = tmp_path / "base"
    base.mkdir()
    world = build_world(base / "inspector.sqlite3", tree, registry)
    cid = campaign(world)
    groups = nine_groups(world, cid)
    report(world, cid, groups[HAINING], HAINING)  # 12 checks, 5 problems, 3 on the spot, 1 case
    report(world, cid, groups[NANHU], NANHU, checks=8, problems=2, rectified=2, cases=0)
    problem(world, cid, groups[HAINING], "许村一般0", deadline="2026-06-12")
    world.store.close()
    o = Office(qtbot, base, world)
    page = o.page.campaigns
    page.today = lambda: TODAY
    with qtbot.waitSignal(page.refreshed, timeout=20_000):
        page.refresh()
    try:
        yield o, page
    finally:
        o.close()


def test_tiles_chart_summary_reports_and_open_problems(
    dashboard: tuple[Office, CampaignDashboard], qtmodeltester: Any
) -> None:
    o, page = dashboard
    assert page.campaign_combo.count() == 1
    tiles = {key: label.text() for key, label in page.tiles.items()}
    assert tiles == {
        "checks": "20",
        "problems": "7",
        "rectified_on_spot": "5",
        "cases": "1",
        "open": "1",
        "overdue": "1",  # due 2026-06-12, still open on 2026-06-15
    }
    assert len(page.chart.groups) == len(NINE)
    by_name = dict(page.chart.groups)
    assert by_name["第五督查组"].checks == 12 and by_name["第一督查组"].checks == 8
    summary = page.summary_model
    assert summary.text(summary.rowCount() - 1, 0) == "合计"
    assert summary.text(summary.rowCount() - 1, 2) == "20"
    assert page.report_model.rowCount() == 2
    assert page.problem_model.rowCount() == 1
    assert page.problem_model.text(0, 0) == "许村五金0厂"
    assert page.problem_model.text(0, 5) == "3天"
    for model in (summary, page.report_model, page.problem_model):
        qtmodeltester.check(model)
    o.shot("campaign-zh_CN.png", page)


def test_a_daily_report_from_the_form_and_one_refused(
    dashboard: tuple[Office, CampaignDashboard],
) -> None:
    o, page = dashboard
    qtbot = o.qtbot
    page.group_combo.setCurrentIndex(page.group_combo.findText("第五督查组"))
    assert page.county_combo.currentData() == HAINING
    page.day_edit.setDate(QDate(2026, 6, 11))
    page.spins["checks"].setValue(6)
    page.spins["problems"].setValue(1)
    page.spins["rectified"].setValue(2)  # more rectified than found
    page.save_report()
    qtbot.waitUntil(lambda: bool(page.message.text()), timeout=20_000)
    assert "当场整改数不能多于发现问题数" in page.message.text()
    count = o.conn.execute("SELECT count(*) FROM campaign_report").fetchone()[0]
    assert count == 2

    page.spins["rectified"].setValue(1)
    with qtbot.waitSignal(page.refreshed, timeout=20_000):
        page.save_report()
    assert page.message.text() == ""
    assert page.tiles["checks"].text() == "26"
    assert page.report_model.rowCount() == 3


def test_the_lists_values_are_english_in_the_english_ui(
    qtbot: Any, tmp_path: Path, tree: JurisdictionTree, registry: Registry
) -> None:
    base = tmp_path / "base"
    base.mkdir()
    world = build_world(base / "inspector.sqlite3", tree, registry)
    cid = campaign(world)
    groups = nine_groups(world, cid)
    report(world, cid, groups[HAINING], HAINING)
    world.store.close()
    o = Office(qtbot, base, world, lang="en")
    try:
        page = o.page.campaigns
        page.today = lambda: TODAY
        with qtbot.waitSignal(page.refreshed, timeout=20_000):
            page.refresh()
        summary = page.summary_model
        last = summary.rowCount() - 1
        assert summary.text(last, 0) == "合计"  # the value kept as the domain wrote it
        assert summary.data(summary.index(last, 0)) == "Total"
        assert summary.data(summary.index(1, 1)) == "Subtotal"
        assert summary.data(summary.index(0, 0)) == "第一督查组"  # a name stays a name
        counties = o.board.county_model
        assert counties.data(counties.index(counties.rowCount() - 1, 0)) == "Total"
    finally:
        o.close()


def test_a_campaign_with_its_groups_from_the_dialog(
    dashboard: tuple[Office, CampaignDashboard],
) -> None:
    o, page = dashboard
    qtbot = o.qtbot

    def counted() -> tuple[int, int, int]:
        return tuple(  # type: ignore[return-value]
            int(o.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
            for t in ("campaign", "campaign_group", "campaign_member")
        )

    before = counted()
    dialog = page.new_campaign()
    dialog.title_edit.setText("汛期安全生产专项督查")
    dialog.start_edit.setDate(QDate(2026, 7, 1))
    dialog.end_edit.setDate(QDate(2026, 6, 30))  # before the first day: refused

    def check(view: Any, codes: tuple[str, ...]) -> None:
        for n in range(view.count()):
            item = view.item(n)
            if item.data(Qt.ItemDataRole.UserRole) in codes:
                item.setCheckState(Qt.CheckState.Checked)

    check(dialog.area_list, (HAINING, NANHU))
    for name, county, leader in (("第一督查组", HAINING, "海宁甲"), ("第二督查组", NANHU, "")):
        dialog.group_name.setText(name)
        check(dialog.group_counties, (county,))
        dialog.leader_combo.setCurrentIndex(max(dialog.leader_combo.findText(leader), 0))
        dialog.expert_name.setText("张专家" if leader else "")
        dialog.add_group()
    assert dialog.group_list.count() == 2
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.click()
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=20_000)
    assert dialog.message.text() == "结束日期：不能早于开始日期（2026-07-01）"
    assert counted() == before and dialog.isVisible()  # not the campaign without its groups
    dialog.end_edit.setDate(QDate(2026, 7, 31))
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        ok.click()
    assert counted() == (before[0] + 1, before[1] + 2, before[2] + 2)
    groups = o.conn.execute(
        "SELECT name, counties FROM campaign_group WHERE campaign_id = ? ORDER BY id",
        (dialog.campaign_id,),
    ).fetchall()
    assert groups == [("第一督查组", HAINING), ("第二督查组", NANHU)]
    roles = o.conn.execute(
        "SELECT m.role, m.department, m.person_name FROM campaign_member m JOIN campaign_group g "
        "ON g.id = m.group_id WHERE g.campaign_id = ? ORDER BY m.role",
        (dialog.campaign_id,),
    ).fetchall()
    assert roles == [("expert", "fire", "张专家"), ("leader", "emergency", "海宁甲")]
    qtbot.waitUntil(lambda: page.campaign_combo.count() == 2, timeout=20_000)


def test_a_groups_counties_and_members_changed_from_the_dialog(
    dashboard: tuple[Office, CampaignDashboard],
) -> None:
    o, page = dashboard
    qtbot = o.qtbot
    page.group_combo.setCurrentIndex(page.group_combo.findText("第五督查组"))
    group_id = str(page.group_combo.currentData())
    dialog = page.edit_group()
    assert dialog is not None and dialog.county_list.count() == len(NINE)

    def state() -> tuple[Any, int]:
        counties = o.conn.execute(
            "SELECT counties FROM campaign_group WHERE id = ?", (group_id,)
        ).fetchone()[0]
        members = o.conn.execute(
            "SELECT count(*) FROM campaign_member WHERE group_id = ?", (group_id,)
        ).fetchone()[0]
        return counties, int(members)

    def tick(code: str, on: bool) -> None:
        for n in range(dialog.county_list.count()):
            item = dialog.county_list.item(n)
            if item.data(Qt.ItemDataRole.UserRole) == code:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    before = state()
    assert before[0] == HAINING
    tick(NANHU, True)  # 第一督查组's county
    dialog.department_combo.setCurrentIndex(dialog.department_combo.findData("fire"))
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("expert"))
    dialog.person_edit.setText("李专家")
    dialog.add_member()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    save.click()
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=20_000)
    assert dialog.message.text().startswith("负责县（市、区）：南湖区已由第一督查组负责")
    assert state() == before  # the member is not added without the counties either
    tick(NANHU, False)
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        save.click()
    assert state() == (HAINING, before[1] + 1)
    expert = o.conn.execute(
        "SELECT department, role FROM campaign_member WHERE group_id = ? AND person_name = ?",
        (group_id, "李专家"),
    ).fetchone()
    assert expert == ("fire", "expert")
