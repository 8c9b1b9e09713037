"""Export and print any list the app shows: the one way every page does it.

A page describes its list as ``reports.export.Table`` s built by a function that runs on the
search thread (``build(store) -> tables``: a large registry result is read there, not on the
GUI thread). ``export_xlsx`` asks where to save and writes the workbook there (formatted to be
printed: title, units, widths, frozen header, A4 landscape — ``reports.export``);
``print_preview`` shows the same table in Qt's print preview (A4 landscape, the header repeated
on every page), for a list short enough to print (``PRINT_ROWS``).

Either way a refusal (a file that cannot be written, a list too long to print) is told in the
UI's language and a bug goes to the crash dialog.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QMarginsF, QSizeF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QPushButton, QWidget

from inspector_app.reports import export
from inspector_app.store.database import Store
from ui.context import AppContext
from ui.crash import is_expected, refusal_text, show_refusal
from ui.tasks import TaskContext

PRINT_ROWS = 5000  # a longer list is exported to Excel, not printed page by page

Build = Callable[[Store], Sequence[export.Table]]


def file_name(title: str, day: dt.date) -> str:
    """The name offered for a list's workbook: its title (the characters a file name allows)
    and the day."""
    safe = "".join(c for c in title if c not in '\\/:*?"<>|').strip() or "export"
    return f"{safe}-{day.isoformat()}.xlsx"


def export_xlsx(
    ctx: AppContext,
    parent: QWidget,
    title: str,
    build: Build,
    on_done: Callable[[Path, int], None] | None = None,
    path: Path | None = None,
) -> None:
    """Ask for a file (unless ``path`` is given), then build the tables on the search thread
    and write the workbook there; ``on_done(path, rows)`` when it is written."""
    if path is None:
        start = Path.home() / file_name(title, dt.date.today())
        chosen, _filter = QFileDialog.getSaveFileName(
            parent,
            QCoreApplication.translate("Export", "Export to Excel"),
            str(start),
            QCoreApplication.translate("Export", "Excel workbook (*.xlsx)"),
        )
        if not chosen:
            return
        path = Path(chosen if chosen.endswith(".xlsx") else chosen + ".xlsx")
    target = path

    def task(store: Store, _context: TaskContext) -> int:
        return export.write_xlsx(target, build(store))

    def failed(exc: BaseException) -> None:
        if is_expected(exc):
            show_refusal(
                parent,
                QCoreApplication.translate("Export", "Not exported"),
                refusal_text(exc, ctx.lang),
            )
        else:
            ctx.crashes.report(exc)

    ctx.searcher.submit(
        task,
        on_done=lambda rows: on_done(target, int(rows)) if on_done else None,
        on_error=failed,
    )


def model_table(title: str, model: QAbstractItemModel, skip: Sequence[int] = ()) -> export.Table:
    """A list already on screen as the workbook's table: its column headers and every row's
    text as shown (``skip``: columns of buttons)."""
    display = Qt.ItemDataRole.DisplayRole
    shown = [c for c in range(model.columnCount()) if c not in skip]
    columns = [
        export.Column(str(model.headerData(c, Qt.Orientation.Horizontal, display) or ""))
        for c in shown
    ]
    rows = [
        [_shown(model.index(r, c).data(display)) for c in shown] for r in range(model.rowCount())
    ]
    return export.Table(title, columns, rows)


def _shown(value: Any) -> Any:
    return "" if value is None else value if isinstance(value, int | float) else str(value)


def export_button(
    ctx: AppContext,
    parent: QWidget,
    title: Callable[[], str],
    model: Callable[[], QAbstractItemModel],
    skip: Sequence[int] = (),
) -> QPushButton:
    """An "导出…" button that writes the list as shown to a workbook (the rows are read on the
    GUI thread, where the model lives — these lists are in memory — and written on the search
    thread)."""
    button = QPushButton(QCoreApplication.translate("Export", "Export…"), parent)
    button.setObjectName("exportButton")

    def run() -> None:
        table = model_table(title(), model(), skip)
        export_xlsx(ctx, parent, table.title, lambda _store: [table])

    button.clicked.connect(run)
    return button


def table_html(table: export.Table, limit: int = PRINT_ROWS) -> str:
    """The table as the rich text Qt prints (title, units, header, rows, totals, notes)."""
    rows = list(_take(table.rows, limit + 1))
    if len(rows) > limit:
        raise export.ExportError(
            f"列表共{limit}行以上，请导出为Excel后打印。",
            f"The list has more than {limit} rows: export it to Excel and print that.",
            "too_long",
        )
    head = "".join(f"<th>{html.escape(c.title)}</th>" for c in table.columns)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' align=right' if c.kind not in ('text', 'date') else ''}>"
            f"{html.escape(export.display_text(c, v))}</td>"
            for c, v in zip(table.columns, row, strict=False)
        )
        + "</tr>"
        for row in [*rows, *table.totals]
    )
    meta = "　".join(html.escape(x) for x in (table.issuer, table.units, table.dated) if x)
    notes = "".join(f"<p>{html.escape(n)}</p>" for n in table.notes)
    return (
        f"<h3 align=center>{html.escape(table.title)}</h3>"
        f"<p align=right>{meta}</p>"
        "<table border=1 cellspacing=0 cellpadding=3 width=100%>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{notes}"
    )


def a4_landscape() -> QPageLayout:
    """The page every list is printed on: A4 landscape, 15 mm margins."""
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Landscape,
        QMarginsF(15, 15, 15, 15),
        QPageLayout.Unit.Millimeter,
    )


def print_preview(ctx: AppContext, parent: QWidget, table: export.Table) -> None:
    """Qt's print preview of a short list (A4 landscape)."""
    try:
        text = table_html(table)
    except export.ExportError as exc:
        show_refusal(
            parent, QCoreApplication.translate("Export", "Not printed"), refusal_text(exc, ctx.lang)
        )
        return
    document = QTextDocument(parent)
    document.setHtml(text)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(a4_landscape())
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(table.title)

    def paint(target: QPrinter) -> None:
        document.setPageSize(QSizeF(target.pageRect(QPrinter.Unit.Point).size()))
        document.print_(target)

    dialog.paintRequested.connect(paint)
    dialog.exec()


def _take(rows: Any, n: int) -> Any:
    for count, row in enumerate(rows):
        if count >= n:
            return
        yield row
