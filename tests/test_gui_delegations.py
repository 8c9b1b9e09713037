"""The delegation register: a letter recorded from the form, the same number refused with
nothing written, what ``decide`` says for a township officer inside and outside the letter,
and a revocation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate
from test_gui_plans import Office
from test_plans_world import TODAY, XUCUN, build_world

from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from ui.delegation_register import DelegationRegister

NUMBER = "海宁应急委〔2026〕3号"


@pytest.fixture
def register(
    qtbot: Any, tmp_path: Path, tree: JurisdictionTree, registry: Registry
) -> Iterator[tuple[Office, DelegationRegister]]:
    base = tmp_path / "base"
    base.mkdir()
    world = build_world(base / "inspector.sqlite3", tree, registry)
    world.store.close()
    o = Office(qtbot, base, world)
    page = o.page.delegations
    page.today = lambda: TODAY
    try:
        yield o, page
    finally:
        o.close()


def fill(page: DelegationRegister) -> None:
    page.number_edit.setText(NUMBER)
    page.town_combo.setCurrentIndex(page.town_combo.findData(XUCUN))
    page.set_matters(["penalty_fine", "penalty_warning"])
    page.signed_edit.setDate(QDate(2026, 1, 5))
    page.published_edit.setDate(QDate(2026, 1, 8))
    page.from_edit.setDate(QDate(2026, 1, 10))
    page.to_edit.setDate(QDate(2026, 12, 31))
    page.ref_edit.setText("海宁市人民政府网站")


def letters_recorded(o: Office) -> int:
    return int(o.conn.execute("SELECT count(*) FROM delegation_letter").fetchone()[0])


def ask(o: Office, page: DelegationRegister, person: str, matter: str) -> bool:
    page.officer_combo.setCurrentIndex(page.officer_combo.findData(o.world.people[person]))
    page.matter_combo.setCurrentIndex(page.matter_combo.findData(matter))
    page.place_combo.setCurrentIndex(page.place_combo.findData(XUCUN))
    page.day_edit.setDate(QDate(2026, 6, 15))
    with o.qtbot.waitSignal(page.decided, timeout=20_000) as answer:
        page.check_button.click()
    return bool(answer.args[0])


def test_record_a_letter_refuse_its_number_twice_check_and_revoke(
    register: tuple[Office, DelegationRegister], qtmodeltester: Any
) -> None:
    o, page = register
    qtbot = o.qtbot
    assert page.authority_edit.text()  # the town's bureau, filled in
    fill(page)
    with qtbot.waitSignal(page.refreshed, timeout=20_000) as listed:
        page.record()
    assert listed.args[0] == 1 and letters_recorded(o) == 1
    model = page.letter_model
    assert model.text(0, 0) == NUMBER
    assert model.text(0, 4) == "罚款、警告"
    assert model.text(0, 8) == "有效"
    qtmodeltester.check(model)
    qtmodeltester.check(page.roster_model)

    # the same number again: refused on the form, nothing written
    fill(page)
    page.record()
    qtbot.waitUntil(lambda: bool(page.message.text()), timeout=20_000)
    assert "该机关已登记同一文号的委托书" in page.message.text()
    assert letters_recorded(o) == 1 and page.save_button.isEnabled()

    # a validity starting before the letter was signed: refused, named by its field
    fill(page)
    page.number_edit.setText("海宁应急委〔2026〕4号")
    page.from_edit.setDate(QDate(2026, 1, 1))
    page.message.clear()
    page.record()
    qtbot.waitUntil(lambda: bool(page.message.text()), timeout=20_000)
    assert "有效期" in page.message.text() and letters_recorded(o) == 1

    # decide: a fine under the letter is allowed in the bureau's name; a suspension is not
    assert ask(o, page, "许村甲", "penalty_fine") is True
    assert "海宁市应急管理局" in page.answer.text()
    assert ask(o, page, "许村甲", "penalty_suspension") is False
    assert NUMBER in page.answer.text() and "不包括“责令停产停业”" in page.answer.text()

    # revoked: the register says so and the fine is refused from then on
    page.letter_table.selectRow(0)
    with qtbot.waitSignal(page.refreshed, timeout=20_000):
        page.revoke("镇综合行政执法队已组建")
    assert model.text(0, 8) == f"已撤销（{TODAY.isoformat()}）"
    assert ask(o, page, "许村甲", "penalty_fine") is False
