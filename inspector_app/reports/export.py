"""Excel export of any list the app shows (registry search results, hazard board, case list,
officers, sync refusals, reports), formatted to be printed as it is.

A list is a ``Table``: its title, its ``Column`` s (title, kind, width, an optional group
heading spanning adjacent columns) and its rows (sequences in column order, or mappings
through ``records_table``). ``write_xlsx(path, tables)`` writes one sheet per table:

* row 1 the title, row 2 the issuing unit on the left and the units line (单位：起、万元) and
  date on the right, then the header (one row, two with group headings), the rows, the totals
  in bold and the notes;
* column widths from the titles and the first rows (Chinese characters count double) unless
  a column sets its own; the header frozen; grid lines printed;
* A4 landscape, fitted to the page width, the header rows repeated on every printed page,
  "第 n 页，共 m 页" in the footer;
* numbers as numbers with their format: counts ``#,##0``, money ``#,##0.00`` (``Decimal``;
  a float is refused), dates as dates (``yyyy-mm-dd``), percentages ``0.0%``.

Rows are streamed (openpyxl's write-only mode): a registry result of half a million entries is
written without holding the workbook in memory. The file is written beside its final name and
moved into place, so a failed export leaves no half-written workbook.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.properties import PageSetupProperties

from inspector_app.messages import Bilingual

KINDS = ("text", "int", "money", "wan", "date", "datetime", "percent", "flag")
FORMATS = {
    "int": "#,##0",
    "money": "#,##0.00",
    "wan": "#,##0.00",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
    "percent": "0.0%",
}
MEASURED_ROWS = 1000  # rows looked at to size the columns
MIN_WIDTH, MAX_WIDTH = 6, 60
A4 = 9  # the paper-size code of the Office Open XML format
FOOTER = "第 &P 页，共 &N 页"

_TITLE_FONT = Font(bold=True, size=16)
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_ACROSS = Alignment(horizontal="centerContinuous", vertical="center")
_HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


class ExportError(Bilingual):
    """A table that cannot be written as given (``code`` is stable)."""


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = "text"
    width: float | None = None  # in characters; measured when None
    group: str = ""  # a heading over this and the adjacent columns of the same group

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass(frozen=True)
class Table:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    units: str = ""  # 单位：起、人、万元
    issuer: str = ""  # 填报单位：…
    dated: str = ""  # 制表日期：2026年12月5日
    totals: Sequence[Sequence[Any]] = ()  # in bold after the rows (合计)
    notes: Sequence[str] = ()  # lines under the table (说明)
    sheet: str = ""  # the sheet's name; the title by default


def records_table(
    title: str,
    columns: Sequence[tuple[str, Column]],
    records: Iterable[Mapping[str, Any]],
    **options: Any,
) -> Table:
    """A table of mappings: ``columns`` pairs a key of the records with its column."""
    keys = [k for k, _ in columns]
    rows = ([record.get(k) for k in keys] for record in records)
    return Table(title, [c for _, c in columns], rows, **options)


def write_xlsx(path: Path, tables: Sequence[Table]) -> int:
    """Write the workbook at ``path`` (replaced whole, never half-written); returns the data
    rows written."""
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=".xlsx", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    try:
        with open(tmp, "wb") as out:
            written = _write(out, tables)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from exc
        raise
    return written


def _cannot_write(path: Path, exc: OSError) -> ExportError:
    reason = exc.strerror or str(exc)
    return ExportError(
        f"无法写入文件“{path}”（{reason}），请换一个位置或关闭正在使用该文件的程序后重试。",
        f"Cannot write {path} ({reason}): choose another place or close the program using it.",
        "write",
    )


def xlsx_bytes(tables: Sequence[Table]) -> bytes:
    out = io.BytesIO()
    _write(out, tables)
    return out.getvalue()


def _write(out: Any, tables: Sequence[Table]) -> int:
    if not tables:
        raise ExportError("没有可导出的表格。", "There is no table to export.", "empty")
    book = Workbook(write_only=True)
    names: set[str] = set()
    written = 0
    try:
        for table in tables:
            written += _sheet(book, table, _sheet_name(table.sheet or table.title, names))
    except BaseException:
        for sheet in book.worksheets:  # end the half-written sheets' streams while they are open
            try:
                sheet.close()
            except Exception:
                pass
        raise
    book.save(out)
    return written


def _sheet_name(wanted: str, taken: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("", wanted).strip() or "Sheet"
    name, n = base[:31], 1
    while name in taken:
        n += 1
        name = f"{base[: 31 - len(str(n)) - 1]}_{n}"
    taken.add(name)
    return name


def _sheet(book: Workbook, table: Table, name: str) -> int:
    columns = list(table.columns)
    if not columns:
        raise ExportError("表格没有列。", "The table has no columns.", "no_columns")
    sheet = book.create_sheet(name)
    rows = iter(table.rows)
    sample = list(itertools.islice(rows, MEASURED_ROWS))
    grouped = any(c.group for c in columns)
    header_first = 3
    header_last = header_first + (1 if grouped else 0)
    for n, width in enumerate(_widths(columns, [*sample, *table.totals]), 1):
        sheet.column_dimensions[_letter(n)].width = width
    sheet.freeze_panes = f"A{header_last + 1}"
    _page_setup(sheet, table, header_first, header_last)

    width = len(columns)
    sheet.append(_title_row(sheet, table.title, width))
    sheet.append(_units_row(sheet, table, width))
    if grouped:
        sheet.append(_group_row(sheet, columns))
    sheet.append([_header_cell(sheet, c.title) for c in columns])
    count = 0
    for index, row in enumerate(itertools.chain(sample, rows)):
        sheet.append(_cells(sheet, columns, row, index, bold=False))
        count += 1
    for index, row in enumerate(table.totals):
        sheet.append(_cells(sheet, columns, row, index, bold=True))
    if table.notes:
        sheet.append([])
        for line in table.notes:
            sheet.append([line])
    return count


def _page_setup(sheet: Any, table: Table, header_first: int, header_last: int) -> None:
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.gridLines = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.print_title_rows = f"{header_first}:{header_last}"
    sheet.oddFooter.center.text = FOOTER
    sheet.oddFooter.left.text = table.title.replace("&", "&&")


def _title_row(sheet: Any, title: str, width: int) -> list[WriteOnlyCell]:
    cells = []
    for n in range(width):
        cell = WriteOnlyCell(sheet, value=title if n == 0 else None)
        cell.font = _TITLE_FONT
        cell.alignment = _ACROSS
        cells.append(cell)
    return cells


def _units_row(sheet: Any, table: Table, width: int) -> list[Any]:
    right = "　".join(t for t in (table.units, table.dated) if t)
    if width == 1:
        return ["　".join(t for t in (table.issuer, right) if t)]
    row: list[Any] = [table.issuer or None, *([None] * (width - 2))]
    cell = WriteOnlyCell(sheet, value=right or None)
    cell.alignment = _RIGHT
    return [*row, cell]


def _group_row(sheet: Any, columns: Sequence[Column]) -> list[WriteOnlyCell]:
    cells = []
    for n, column in enumerate(columns):
        starts = column.group and (n == 0 or columns[n - 1].group != column.group)
        cell = WriteOnlyCell(sheet, value=column.group if starts else None)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.border = _BOX
        cell.alignment = _ACROSS if column.group else _HEADER_ALIGN
        cells.append(cell)
    return cells


def _header_cell(sheet: Any, title: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=title)
    cell.font = _BOLD
    cell.fill = _HEADER_FILL
    cell.border = _BOX
    cell.alignment = _HEADER_ALIGN
    return cell


def _cells(
    sheet: Any, columns: Sequence[Column], row: Sequence[Any], index: int, bold: bool
) -> list[Any]:
    if isinstance(row, str | bytes) or len(row) != len(columns):
        raise ExportError(
            f"第{index + 1}行有{len(row)}个值，而表格有{len(columns)}列。",
            f"Row {index + 1} has {len(row)} values for {len(columns)} columns.",
            "row_length",
        )
    out: list[Any] = []
    for column, value in zip(columns, row, strict=True):
        converted = cell_value(column, value, index)
        fmt = FORMATS.get(column.kind)
        if converted is None or (fmt is None and not bold):
            out.append(converted)
            continue
        cell = WriteOnlyCell(sheet, value=converted)
        if fmt and not isinstance(converted, str):
            cell.number_format = fmt
        if bold:
            cell.font = _BOLD
        out.append(cell)
    return out


def cell_value(column: Column, value: Any, index: int = 0) -> Any:
    """What the cell holds for a value of the column's kind (None: an empty cell)."""
    if value is None or value == "":
        return None
    kind = column.kind
    try:
        if kind == "text":
            return str(value)
        if kind == "flag":
            return "是" if value else "否"
        if kind == "int":
            if isinstance(value, float):
                raise TypeError
            return int(value)
        if kind in ("money", "wan", "percent"):
            if isinstance(value, float):
                raise ExportError(
                    f"“{column.title}”第{index + 1}行的金额是浮点数，金额只能用Decimal。",
                    f"{column.title}, row {index + 1}: amounts are never floats.",
                    "float",
                )
            if isinstance(value, str) and not _NUMBER.match(value):
                return value  # "—" and the like: shown as they are
            number = Decimal(str(value))
            return number / 100 if kind == "percent" else number
        if kind == "date":
            return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        # datetime: the wall time as recorded on the device (Excel has no time zones)
        stamp = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
        return stamp.replace(tzinfo=None)
    except (TypeError, ValueError, InvalidOperation):
        raise ExportError(
            f"“{column.title}”第{index + 1}行的值“{value}”不符合该列的类型。",
            f"{column.title}, row {index + 1}: {value!r} is not a {kind} value.",
            "value",
        ) from None


_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _widths(columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> Iterator[float]:
    for n, column in enumerate(columns):
        if column.width is not None:
            yield column.width
            continue
        texts = [column.title] + [_shown(column, r[n]) for r in rows if len(r) == len(columns)]
        longest = max(display_width(t) for t in texts)
        yield float(min(max(longest + 2, MIN_WIDTH), MAX_WIDTH))


def display_text(column: Column, value: Any) -> str:
    """A value as the printed list shows it: money with the fen, counts with thousands,
    dates in ISO form, anything else as text."""
    if value is None:
        return ""
    if column.kind in ("money", "wan") and not isinstance(value, str | float):
        return f"{Decimal(str(value)):,.2f}"
    if column.kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if column.kind == "percent" and isinstance(value, (int, Decimal)):
        return f"{Decimal(str(value)):.1f}%"  # given in percent, as ``cell_value`` takes it
    if column.kind == "flag":
        return "是" if value else "否"
    return str(value)


def _shown(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.kind in ("money", "wan") and not isinstance(value, str | float):
        return f"{Decimal(str(value)):,.2f}"
    if column.kind == "int" and isinstance(value, int):
        return f"{value:,}"
    if column.kind == "date":
        return "0000-00-00"
    if column.kind == "datetime":
        return "0000-00-00 00:00"
    return str(value)


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: wide (CJK, full-width) characters count 2."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def _letter(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
