"""The 双随机 draw through its wizard: the pool counted live, a draw larger than its pool
refused with nothing written, a draw recorded and read back from its record, verified by
running it again; a redraw without a reason refused, with one recorded; the notice exported."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialogButtonBox
from test_gui_plans import Office, make_plan
from test_plans_world import CITY, HAINING, TODAY, build_world

from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from ui.draws_page import DrawsPage


@pytest.fixture
def office(
    qtbot: Any, tmp_path: Path, tree: JurisdictionTree, registry: Registry
) -> Iterator[Office]:
    base = tmp_path / "base"
    base.mkdir()
    world = build_world(base / "inspector.sqlite3", tree, registry)
    make_plan(world, CITY, "city")
    world.store.close()
    o = Office(qtbot, base, world)
    o.page.draws.today = lambda: TODAY
    try:
        yield o
    finally:
        o.close()


def publications(o: Office) -> int:
    return int(o.conn.execute("SELECT count(*) FROM random_draw_publication").fetchone()[0])


def draws_recorded(o: Office) -> int:
    return int(o.conn.execute("SELECT count(*) FROM random_draw").fetchone()[0])


def test_a_draw_through_the_wizard_is_recorded_read_back_and_verified(
    office: Office, qtmodeltester: Any, tmp_path: Path
) -> None:
    o, qtbot = office, office.qtbot
    page: DrawsPage = o.page.draws
    wizard = page.new_draw()
    pool = wizard.pool_page
    qtbot.waitUntil(lambda: pool.pool_size == 23, timeout=20_000)  # the whole city first
    with qtbot.waitSignal(pool.counted, timeout=20_000) as counted:
        pool.unit_combo.setCurrentIndex(pool.unit_combo.findData(HAINING))
    size = int(counted.args[0])
    assert size == 18  # every registry entry of 海宁 (its park included)
    assert pool.count_label.text().startswith("18")
    wizard.next()
    step = wizard.draw_page
    step.day_edit.setDate(QDate(2026, 6, 22))

    # more than the pool holds: refused on the page, nothing written, the wizard stays
    step.count_spin.setValue(size + 1)
    wizard.next()
    qtbot.waitUntil(lambda: bool(step.message.text()), timeout=20_000)
    assert "对象库只有18家，少于要抽取的19家" in step.message.text()
    assert draws_recorded(o) == 0 and wizard.currentPage() is step

    step.count_spin.setValue(3)
    with qtbot.waitSignal(wizard.drawn, timeout=30_000) as drawn:
        wizard.next()
    draw_id = str(drawn.args[0])
    assert draws_recorded(o) == 1
    assert wizard.currentPage() is wizard.result_page
    result = wizard.result_page
    seed = o.conn.execute("SELECT seed FROM random_draw WHERE id = ?", (draw_id,)).fetchone()[0]
    assert seed in result.record_label.text()
    assert result.model.rowCount() == 3
    assert {result.model.text(n, 5) for n in range(3)} == {"2026-06-22"}
    assert all("、" in result.model.text(n, 4) for n in range(3))  # teams of two
    qtmodeltester.check(result.model)
    with qtbot.waitSignal(wizard.verified, timeout=30_000) as verified:
        result.verify_button.click()
    assert verified.args[0] is True
    assert result.verdict.text().startswith("一致")
    wizard.accept()

    # the draws tab lists it; selecting it shows the record, and it verifies there too
    qtbot.waitUntil(lambda: page.list_model.rowCount() == 1, timeout=20_000)
    qtmodeltester.check(page.list_model)
    page.draw_table.selectRow(0)  # the new draw is selected already: the record is shown
    qtbot.waitUntil(lambda: seed in page.record_label.text(), timeout=20_000)
    with qtbot.waitSignal(page.verified, timeout=30_000) as again:
        page.verify()
    assert again.args[0] is True
    o.shot("draw-zh_CN.png", page)

    # its publication: where it was published is required, the day neither before the draw nor
    # in the future; each refusal names the field with nothing written
    dialog = page.record_publication()
    assert dialog is not None
    dialog.day_edit.setDate(QDate(TODAY.year, TODAY.month, TODAY.day).addDays(-1))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=20_000)
    assert dialog.message.text().splitlines() == [
        f"公示日期：不能早于抽取日期（{TODAY.isoformat()}）",
        "公布载体：不能为空",
    ]
    assert publications(o) == 0 and dialog.isVisible()
    dialog.channel_edit.setText("嘉兴市应急管理局门户网站")
    dialog.day_edit.setDate(QDate(TODAY.year, TODAY.month, TODAY.day).addDays(1))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: "不能晚于今天" in dialog.message.text(), timeout=20_000)
    assert dialog.message.text() == f"公示日期：不能晚于今天（{TODAY.isoformat()}）"
    assert publications(o) == 0
    dialog.day_edit.setDate(QDate(TODAY.year, TODAY.month, TODAY.day))
    dialog.reference_edit.setText("https://yjj.jiaxing.gov.cn/gs/1")
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert publications(o) == 1
    row = o.conn.execute(
        "SELECT draw_id, kind, published_on, channel FROM random_draw_publication"
    ).fetchone()
    assert row == (draw_id, "draw", TODAY.isoformat(), "嘉兴市应急管理局门户网站")

    # the notice: Excel and PDF
    written: list[int] = []
    target = tmp_path / "notice.xlsx"
    page.export_xlsx(target, lambda _p, rows: written.append(rows))
    qtbot.waitUntil(lambda: bool(written), timeout=20_000)
    assert target.exists() and written == [3]
    pdf = page.export_pdf(tmp_path / "notice.pdf")
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF")

    # a redraw needs its reason: refused with nothing written
    page.redraw("")
    qtbot.waitUntil(lambda: bool(page.message.text()), timeout=20_000)
    assert "重新抽取须说明理由" in page.message.text()
    assert draws_recorded(o) == 1
    with qtbot.waitSignal(page.shown, timeout=30_000):
        page.redraw("检查组成员临时出差")
    assert draws_recorded(o) == 2
    assert "检查组成员临时出差" in page.record_label.text()
    states = [page.list_model.text(n, 6) for n in range(page.list_model.rowCount())]
    assert sorted(states) == sorted([page.tr("Redraw"), page.tr("Replaced by a redraw")])
    cancelled = o.conn.execute(
        "SELECT count(*) FROM plan_task WHERE source_id = ? AND cancelled_on <> ''", (draw_id,)
    ).fetchone()[0]
    assert cancelled == 3


def test_a_covert_draw_is_hidden_from_an_officer_outside_it(office: Office) -> None:
    o, qtbot = office, office.qtbot
    page = o.page.draws
    wizard = page.new_draw()
    pool = wizard.pool_page
    qtbot.waitUntil(lambda: pool.pool_size == 23, timeout=20_000)  # the whole city first
    with qtbot.waitSignal(pool.counted, timeout=20_000):
        pool.unit_combo.setCurrentIndex(pool.unit_combo.findData(HAINING))
    wizard.next()
    wizard.draw_page.day_edit.setDate(QDate(2026, 6, 22))
    wizard.draw_page.count_spin.setValue(1)
    wizard.draw_page.covert_check.setChecked(True)
    with qtbot.waitSignal(wizard.drawn, timeout=30_000):
        wizard.next()
    wizard.accept()
    qtbot.waitUntil(lambda: page.list_model.rowCount() == 1, timeout=20_000)
    # a township officer outside the team does not see it; the city team and the drawn do
    outsider = {"id": o.world.people["许村甲"], "role": "township", "unit_code": "330481005"}
    with qtbot.waitSignal(page.refreshed, timeout=20_000) as seen:
        o.page.refresh(outsider)
    assert seen.args[0] == 0
    city = {"id": o.world.people["市队甲"], "role": "city", "unit_code": CITY}
    with qtbot.waitSignal(page.refreshed, timeout=20_000) as seen:
        o.page.refresh(city)
    assert seen.args[0] == 1
    team = o.conn.execute("SELECT officer_ids FROM plan_task WHERE covert = 1").fetchone()[0]
    member = team.split(",")[0]
    unit = o.conn.execute("SELECT unit_code FROM officer WHERE id = ?", (member,)).fetchone()[0]
    drawn = {"id": member, "role": "county", "unit_code": unit}
    with qtbot.waitSignal(page.refreshed, timeout=20_000) as seen:
        o.page.refresh(drawn)
    assert seen.args[0] == 1
