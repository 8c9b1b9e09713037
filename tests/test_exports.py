"""The Excel exporter: a workbook written and opened back with openpyxl, formatted for print."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from test_reports_support import Cases, sqlite_facts

from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.reports import case_facts, monthly
from inspector_app.reports.export import (
    Column,
    ExportError,
    Table,
    display_width,
    records_table,
    write_xlsx,
    xlsx_bytes,
)
from inspector_app.reports.report_export import report_tables
from inspector_app.store.database import Store

COLUMNS = [
    Column("案件名称"),
    Column("立案数", "int", group="立案"),
    Column("罚款", "money", group="立案"),
    Column("决定日期", "date"),
    Column("记录时间", "datetime"),
    Column("同比", "percent"),
    Column("重点监管", "flag"),
    Column("备注", width=30),
]
ROWS: list[list[Any]] = [
    [
        "嘉兴化工有限公司未对安全设备进行经常性维护案",
        12,
        Decimal("38440000.50"),
        "2026-11-02",
        "2026-11-02T08:05:00.000+08:00",
        Decimal("12.5"),
        True,
        "",
    ],
    ["秀洲区五金店", 3, "—", None, None, "—", False, "补充"],
]


def workbook(tmp_path: Path, tables: list[Table]) -> Any:
    path = tmp_path / "export.xlsx"
    write_xlsx(path, tables)
    return openpyxl.load_workbook(path)


def sample(**options: Any) -> Table:
    return Table(
        "2026年11月安全生产行政处罚情况",
        COLUMNS,
        ROWS,
        units="单位：起、元",
        issuer="填报单位：嘉兴市应急管理局",
        dated="制表日期：2026年12月5日",
        totals=[["合计", 15, Decimal("38440000.50"), None, None, None, None, None]],
        notes=["说明：同比以去年同期为基数。"],
        **options,
    )


def test_a_table_opens_back_with_its_values(tmp_path: Path) -> None:
    sheet = workbook(tmp_path, [sample()]).active
    assert sheet["A1"].value == "2026年11月安全生产行政处罚情况"
    assert sheet["A2"].value == "填报单位：嘉兴市应急管理局"
    assert sheet["H2"].value == "单位：起、元　制表日期：2026年12月5日"
    assert sheet["B3"].value == "立案" and sheet["C3"].value is None
    assert [c.value for c in sheet[4]] == [c.title for c in COLUMNS]
    first = [c.value for c in sheet[5]]
    assert first[0] == ROWS[0][0]
    assert first[1] == 12
    assert Decimal(str(first[2])) == Decimal("38440000.5")
    assert first[3] == dt.datetime(2026, 11, 2)
    assert first[4] == dt.datetime(2026, 11, 2, 8, 5)
    assert first[5] == pytest.approx(0.125)
    assert first[6] == "是"
    second = [c.value for c in sheet[6]]
    assert second[2] == "—" and second[3] is None and second[6] == "否" and second[7] == "补充"
    assert sheet["A7"].value == "合计" and sheet["A7"].font.b
    assert sheet["B7"].font.b and sheet["B7"].value == 15
    assert sheet["A9"].value == "说明：同比以去年同期为基数。"


def test_the_sheet_is_set_up_for_printing(tmp_path: Path) -> None:
    sheet = workbook(tmp_path, [sample()]).active
    setup = sheet.page_setup
    assert setup.orientation == "landscape"
    assert int(setup.paperSize) == 9  # A4
    assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$3:$4"  # the group and column headings on every page
    assert sheet.freeze_panes == "A5"
    assert sheet.print_options.gridLines
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
    assert sheet["A1"].font.b and sheet["A1"].font.sz == 16
    assert sheet["A1"].alignment.horizontal == "centerContinuous"
    assert sheet["A4"].font.b and sheet["A4"].fill.fgColor.rgb.endswith("D9D9D9")


def test_number_formats_and_widths(tmp_path: Path) -> None:
    sheet = workbook(tmp_path, [sample()]).active
    assert sheet["B5"].number_format == "#,##0"
    assert sheet["C5"].number_format == "#,##0.00"
    assert sheet["D5"].number_format == "yyyy-mm-dd"
    assert sheet["E5"].number_format == "yyyy-mm-dd hh:mm"
    assert sheet["F5"].number_format == "0.0%"
    widths = {k: v.width for k, v in sheet.column_dimensions.items()}
    # the long Chinese name sets column A (2 per character), the given width column H
    assert widths["A"] == display_width(str(ROWS[0][0])) + 2
    assert widths["H"] == 30
    assert widths["C"] == len("38,440,000.50") + 2
    assert widths["G"] == 10  # the title, 重点监管: 4 wide characters


def test_money_is_never_a_float() -> None:
    bad = Table("t", [Column("罚款", "money")], [[12.5]])
    with pytest.raises(ExportError) as caught:
        xlsx_bytes([bad])
    assert caught.value.code == "float"
    assert "浮点数" in caught.value.zh and "never floats" in caught.value.en


def test_a_row_of_the_wrong_length_is_named(tmp_path: Path) -> None:
    bad = Table("t", [Column("a"), Column("b")], [["1", "2"], ["only one"]])
    target = tmp_path / "out.xlsx"
    with pytest.raises(ExportError) as caught:
        write_xlsx(target, [bad])
    assert caught.value.code == "row_length"
    assert "第2行有1个值" in caught.value.zh and "Row 2" in caught.value.en
    assert not target.exists() and list(tmp_path.iterdir()) == []  # nothing half-written


def test_a_value_not_of_its_kind_is_named() -> None:
    with pytest.raises(ExportError) as caught:
        xlsx_bytes([Table("t", [Column("决定日期", "date")], [["2026-13-40"]])])
    assert caught.value.code == "value" and "决定日期" in caught.value.zh
    with pytest.raises(ExportError) as counted:
        xlsx_bytes([Table("t", [Column("件数", "int")], [["many"]])])
    assert counted.value.code == "value"


def test_nothing_to_export_is_refused() -> None:
    with pytest.raises(ExportError) as caught:
        xlsx_bytes([])
    assert caught.value.code == "empty" and "没有可导出" in caught.value.zh
    with pytest.raises(ExportError) as no_columns:
        xlsx_bytes([Table("t", [], [])])
    assert no_columns.value.code == "no_columns"


def test_records_and_sheet_names(tmp_path: Path) -> None:
    officers = [
        {"name": "张建国", "unit": "南湖区", "certificate": "33040001", "expires": "2028-06-30"},
        {"name": "李重阳", "unit": "秀洲区", "certificate": "33041102", "expires": "2027-01-31"},
    ]
    columns = [
        ("name", Column("姓名")),
        ("unit", Column("单位")),
        ("certificate", Column("执法证号")),
        ("expires", Column("有效期至", "date")),
    ]
    first = records_table("执法人员名单/2026:[全市]", columns, officers)
    second = records_table("执法人员名单/2026:[全市]", columns, officers[:1])
    book = workbook(tmp_path, [first, second])
    assert book.sheetnames == ["执法人员名单2026全市", "执法人员名单2026全市_2"]
    sheet = book["执法人员名单2026全市"]
    assert [c.value for c in sheet[5]] == ["李重阳", "秀洲区", "33041102", dt.datetime(2027, 1, 31)]
    assert sheet["A4"].value == "张建国"
    assert sheet.freeze_panes == "A4" and sheet.print_title_rows == "$3:$3"


def test_a_long_list_is_streamed(tmp_path: Path) -> None:
    rows = ([f"单位{n}", n, Decimal(n) / 100] for n in range(30_000))
    columns = [Column("名称"), Column("序号", "int"), Column("金额", "money")]
    path = tmp_path / "big.xlsx"
    assert write_xlsx(path, [Table("登记名录", columns, rows)]) == 30_000
    book = openpyxl.load_workbook(path, read_only=True)
    read = list(book.active.iter_rows(values_only=True))
    book.close()
    assert len(read) == 3 + 30_000
    assert read[-1][:2] == ("单位29999", 29_999)


def test_the_monthly_report_as_a_workbook(tmp_path: Path, tree: JurisdictionTree) -> None:
    made = Cases()
    made.simple("330402", "2025-03-03", "2025-03-20", "10000.00")
    made.simple("330402", "2026-03-04", "2026-03-20", "40000.00")
    made.simple("330411", "2026-03-05", "2026-03-25", "25000.00")
    run = case_facts.sqlite_run(sqlite_facts(made.facts(tree)))
    report = monthly.monthly_report(run, tree, 2026, 3, dt.date(2026, 4, 2))
    book = workbook(tmp_path, report_tables(report, "嘉兴市应急管理局", "2026年4月2日"))
    assert book.sheetnames == ["2026年3月", "件数明细", "金额明细"]
    overview = book["2026年3月"]
    assert overview["A1"].value == "2026年3月安全生产行政处罚情况通报"
    heads = [c.value for c in overview[4]]
    assert heads[:4] == ["单位", "本月", "累计", "同比"]
    rows = {r[0].value: [c.value for c in r] for r in overview.iter_rows(min_row=5, max_row=14)}
    assert list(rows) == [u.name for u in tree.reporting_units()] + ["嘉兴市"]
    nanhu = rows["南湖区"]
    assert nanhu[1:4] == [1, 1, "持平"]
    assert nanhu[4:6] == [0, 1]  # accident cases, decisions
    assert Decimal(str(nanhu[6])) == Decimal("4") and nanhu[8] == "上升300%"
    assert rows["秀洲区"][3] == "—"
    assert rows["嘉兴市"][2] == 2
    assert overview["A14"].font.b  # the total in bold
    assert nanhu[-2:] == [1, 1] and rows["秀洲区"][-2:] == [1, 2]
    money = book["金额明细"]
    labels = [money.cell(row=r, column=2).value for r in range(5, 9)]
    assert labels == ["罚款", "没收违法所得", "罚没款", "实缴罚没款"]


def test_a_list_from_the_store(tmp_path: Path, demo_store: Store) -> None:
    """An app list (the officers) read from a store and exported."""
    rows = demo_store.conn.execute(
        "SELECT o.name, o.unit_code, c.number, c.expires_on FROM officer o "
        "JOIN enforcement_certificate c ON c.officer_id = o.id ORDER BY c.number"
    ).fetchall()
    table = Table(
        "执法人员及执法证",
        [Column("姓名"), Column("单位代码"), Column("执法证号"), Column("有效期至", "date")],
        rows,
    )
    sheet = workbook(tmp_path, [table]).active
    assert sheet.max_row == 3 + len(rows) > 3
    assert sheet.cell(row=4, column=3).value == rows[0][2]
    assert sheet.cell(row=4, column=4).value == dt.datetime.fromisoformat(rows[0][3])


def test_a_place_that_cannot_be_written_is_said_so(tmp_path: Path) -> None:
    with pytest.raises(ExportError) as caught:
        write_xlsx(tmp_path / "no-such-folder" / "out.xlsx", [sample()])
    assert caught.value.code == "write"
    assert "无法写入文件" in caught.value.zh and "Cannot write" in caught.value.en
    folder = tmp_path / "taken.xlsx"
    folder.mkdir()  # a folder where the file should go: the final move fails
    with pytest.raises(ExportError) as moved:
        write_xlsx(folder, [sample()])
    assert moved.value.code == "write"
    assert [p.name for p in tmp_path.iterdir()] == ["taken.xlsx"]  # no temporary file left
