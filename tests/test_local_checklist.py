"""The city's own checklist items: the domain's rules, the administrator's dialog, and the
inspection checklist that includes them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gui_support import Gui

from inspector_app.inspections import local_checklist
from inspector_app.inspections.checklists import load_catalogue
from inspector_app.registry.validation import ValidationError
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store

ITEM = {
    "code": "local-001",
    "text": "是否按本市要求在车间入口张贴岗位风险告知卡",
    "basis": "嘉兴市安全生产委员会办公室通知（示例）",
    "applies": {"industries": ["机械"]},
    "major": False,
}


def test_a_local_item_joins_the_checklist_of_its_industry(store: Store) -> None:
    shipped = load_catalogue()
    with UnitOfWork(store, "admin") as uow:
        item_id = local_checklist.add(uow, ITEM, shipped)
    merged = local_checklist.with_local(store.conn, shipped)
    codes = [i.code for i in merged.for_enterprise("机械", ())]
    assert codes[-1] == "LOCAL-001"  # normalised, after the shipped items of its group
    assert "LOCAL-001" not in [i.code for i in merged.for_enterprise("纺织", ())]
    with UnitOfWork(store, "admin") as uow:
        local_checklist.set_active(uow, item_id, False)
    again = local_checklist.with_local(store.conn, shipped)
    assert "LOCAL-001" not in [i.code for i in again.for_enterprise("机械", ())]
    assert local_checklist.rows(store.conn)[0]["active"] == 0  # kept, switched off


def test_bad_local_items_name_the_field_and_save_nothing(store: Store) -> None:
    shipped = load_catalogue()
    for change, field in (
        ({"code": "GM23-3-1"}, "code"),  # not LOCAL-
        ({"text": ""}, "text"),
        ({"applies": {"industries": ["造船"]}}, "applies"),
    ):
        with pytest.raises(ValidationError) as caught:
            with UnitOfWork(store, "admin") as uow:
                local_checklist.add(uow, {**ITEM, **change}, shipped)
        assert caught.value.field == field
    with UnitOfWork(store, "admin") as uow:
        item_id = local_checklist.add(uow, ITEM, shipped)
        local_checklist.set_active(uow, item_id, False)
    with pytest.raises(ValidationError) as caught:  # a switched-off item keeps its code
        with UnitOfWork(store, "admin") as uow:
            local_checklist.add(uow, ITEM, shipped)
    assert caught.value.rule == "duplicate"
    assert len(local_checklist.rows(store.conn)) == 1


def test_the_dialog_adds_an_item_and_shows_a_broken_rule(qtbot: Any, tmp_path: Path) -> None:
    gui = Gui(qtbot, tmp_path / "laptop")
    try:
        gui.window.edit_local_checklist()
        dialog = gui.window.checklist_dialog
        dialog.code.setText("BAD")
        dialog.text.setText(ITEM["text"])
        dialog.basis.setText(ITEM["basis"])
        dialog.add_button.click()
        qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=10_000)
        assert "LOCAL-" in dialog.error.text()
        assert dialog.table.rowCount() == 0
        dialog.code.setText("LOCAL-002")
        dialog.applies.setCurrentIndex(dialog.applies.findData({"industries": ["机械"]}))
        with qtbot.waitSignal(dialog.saved, timeout=10_000):
            dialog.add_button.click()
        assert dialog.table.rowCount() == 1 and dialog.error.text() == ""
        codes = [i.code for i in gui.ctx.catalogue().for_enterprise("机械", ())]
        assert "LOCAL-002" in codes
    finally:
        gui.close()
