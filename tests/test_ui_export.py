"""Every list exports and prints the one way: a workbook written on the search thread, a print
preview of a short list, a refusal in the UI's language when a list is too long to print."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from gui_support import Gui
from openpyxl import load_workbook

from inspector_app.reports import export
from inspector_app.store.database import Store
from ui import export as ui_export


def officers_table(store: Store) -> list[export.Table]:
    rows = store.conn.execute("SELECT name, unit_code, role FROM officer ORDER BY name").fetchall()
    columns = [export.Column("姓名"), export.Column("单位"), export.Column("角色")]
    return [export.Table("执法人员名单", columns, rows, units="单位：人")]


def test_a_list_is_written_to_a_workbook_off_the_gui_thread(
    qtbot: Any, demo_basedir: Path, tmp_path: Path
) -> None:
    gui = Gui(qtbot, demo_basedir)
    target = tmp_path / "officers.xlsx"
    done: dict[str, Any] = {}
    ui_export.export_xlsx(
        gui.ctx,
        gui.window,
        "执法人员名单",
        officers_table,
        on_done=lambda path, rows: done.update(path=path, rows=rows),
        path=target,
    )
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    reader = gui.ctx.reader
    assert reader is not None
    count = reader.conn.execute("SELECT count(*) FROM officer").fetchone()[0]
    assert done == {"path": target, "rows": count}
    sheet = load_workbook(target).active
    assert sheet["A1"].value == "执法人员名单"
    assert sheet.freeze_panes is not None
    gui.close()


def test_the_printed_list_shows_values_as_people_read_them() -> None:
    columns = [
        export.Column("当事人"),
        export.Column("罚款", "money"),
        export.Column("决定日期", "date"),
        export.Column("重点监管", "flag"),
    ]
    table = export.Table(
        "处罚案件", columns, [["嘉兴某公司", Decimal("20000"), dt.date(2026, 12, 1), True]]
    )
    text = ui_export.table_html(table)
    assert "20,000.00" in text and "2026-12-01" in text and "是" in text
    assert "<th>罚款</th>" in text


def test_a_list_too_long_to_print_is_refused_with_its_reason() -> None:
    table = export.Table("名录", [export.Column("名称")], ([f"单位{n}"] for n in range(20)))
    with pytest.raises(export.ExportError) as caught:
        ui_export.table_html(table, limit=10)
    assert "导出为Excel" in caught.value.zh and "Excel" in caught.value.en


def test_the_offered_file_name_is_the_title_and_the_day() -> None:
    assert (
        ui_export.file_name("隐患/闭环:清单", dt.date(2026, 12, 5))
        == "隐患闭环清单-2026-12-05.xlsx"
    )
