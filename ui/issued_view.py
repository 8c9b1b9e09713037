"""Showing an issued document: one place for every page that issues or lists documents.

On a plain store the document is rendered to ``{number}.pdf`` in the documents folder and opened
with the system's viewer, as before. On an encrypted store nothing of it is written to disk in
clear: it is drawn from its stored (frozen) content into Qt's print preview, from which the
officer prints it or, through the print dialog, saves a PDF where they choose. A copied data
folder then holds no document an outsider could read.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from inspector_app.documents import issued
from ui.context import AppContext


def kept_in_clear(ctx: AppContext) -> bool:
    """Whether issued documents may be kept as PDF files in the documents folder."""
    return ctx.key is None


def issued_pdf(ctx: AppContext, doc: issued.Document) -> Path | None:
    """The document rendered to ``{number}.pdf`` in the documents folder; None on an
    encrypted store (nothing in clear on disk). Raises the renderer's ``DocumentError``."""
    if not kept_in_clear(ctx):
        return None
    from ui.documents import render_pdf  # Qt's PDF machinery, loaded when first needed

    folder = ctx.paths.documents_dir
    folder.mkdir(parents=True, exist_ok=True)
    context = issued.printable(doc.content, ctx.vault)
    return render_pdf(doc.kind, context, folder / f"{doc.number}.pdf")


def open_label() -> str:
    """The caption of the button that shows an issued document."""
    return QCoreApplication.translate("IssuedView", "Open PDF")


def preview_label() -> str:
    return QCoreApplication.translate("IssuedView", "Preview…")


def show_issued(
    ctx: AppContext, parent: QWidget, doc: issued.Document, title: str = ""
) -> QPrintPreviewDialog | None:
    """Show the document: its PDF in the system's viewer (plain store), or the print preview
    drawn from its content (encrypted store; returned, open and not blocking). Raises the
    renderer's ``DocumentError``."""
    path = issued_pdf(ctx, doc)
    if path is not None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return None
    return preview_issued(ctx, parent, doc, title)


def preview_issued(
    ctx: AppContext, parent: QWidget, doc: issued.Document, title: str = ""
) -> QPrintPreviewDialog:
    from ui.documents import print_document

    context = issued.printable(doc.content, ctx.vault)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setObjectName("issuedPreview")
    dialog.setWindowTitle(f"{title or doc.title} {doc.number}".strip())
    # the preview paints on its printer whenever it redraws: the printer lives as long as it
    _alive[id(dialog)] = printer
    dialog.finished.connect(lambda _result: _alive.pop(id(dialog), None))
    dialog.paintRequested.connect(lambda target: print_document(doc.kind, context, target))
    dialog.open()
    return dialog


# printers of the previews still open (a QPrinter is not a QObject: nothing else keeps it)
_alive: dict[int, QPrinter] = {}
