"""The enforcement documents (执法文书) on paper: a filled template laid out on A4 pages, as
PDF or printed.

The kinds are data (``resources/documents/kinds.json``, ``inspector_app.documents.kinds``) and
the templates are filled by the Qt-free template language (``inspector_app.documents.templates``),
so a city can change the wording or the layout — or add a kind — without touching code. The
caller passes a context of already formatted strings; ``render_html`` fills the template (the
signature images read here), ``build_document`` lays it out on A4 pages, ``render_pdf`` writes a
PDF and ``print_document`` sends it to a printer chosen in a QPrintDialog. Everything needs a
running ``QGuiApplication`` (fonts: ``ui.document_fonts``).

Layout: pages are laid out at 96 dpi, the resolution CSS lengths assume, so ``1px`` in a template
is 1/96 inch (0.75 pt) on paper, as in a browser, and the page margins come out exact (at any other
resolution Qt's layout scales pixel lengths by it/96); font sizes are written in ``pt``. The PDF
itself is written at 300 dpi.

The page follows GB/T 9704-2012 (党政机关公文格式): A4, margins (天头 37 mm, 订口 28 mm,
right 26 mm, bottom 35 mm: a 156 × 225 mm text area, §5.2.1–5.2.2), the title in 2号小标宋, the
body and the number line in 3号仿宋_GB2312 (§7.2–7.3), the page number in 4号 7 mm below the
text area (§7.5), and the organ's name centred over the date, the date four characters from the
right margin, with room above them for the seal that presses on both (§7.3.5.1). The domain
reference's convention for enforcement documents (小四 body) is smaller; the standard is followed
here.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import logging
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QPointF,
    QRectF,
    QSizeF,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QImage,
    QImageReader,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrinter

from inspector_app.documents import kinds, templates
from inspector_app.documents.templates import DocumentError
from ui.document_fonts import (
    DocumentFonts,
    document_font,
    document_fonts,
    fix_text_mapping,
    fixed_text_mapping,
)

log = logging.getLogger(__name__)

LAYOUT_DPI = 96  # one layout pixel is a CSS pixel
PDF_DPI = 300
A4_MM = (210.0, 297.0)
# GB/T 9704-2012 §5.2.2: 天头 37 mm, 订口 28 mm; the text area 156 × 225 mm
MARGINS_MM = {"top": 37.0, "bottom": 35.0, "left": 28.0, "right": 26.0}
# §7.5: the page number 7 mm below the text area's lower edge
FOOTER_FROM_BOTTOM_MM = MARGINS_MM["bottom"] - 7.0
FOOTER = "第{page}页　共{pages}页"
FOOTER_PT = 14.0  # 4号
BODY_PT = 16.0  # 3号 (§7.3: 正文 3号仿宋)
TITLE_PT = 22.0  # 2号 (§7.3.1: 标题 2号小标宋)
# §7.3.5.1: the date 4 characters from the right; the organ's name centred over it; the seal
# (about 42 mm across) starts within a line of the text above and presses on both
SIGN_OFF_RIGHT_CHARS = 4
SIGN_OFF_TOP_PT = 40.0
_SIGN_OFF = re.compile(r'<p class="seal">(.*?)</p>\s*<p align="right">(.*?)</p>', re.DOTALL)
PDF_CREATOR = "Field Inspector（安全生产执法检查）"
PAGE_SIGNATURE_LINE_MM = 30.0  # the line of a kind's ``page_signature``


def kind_titles() -> dict[str, str]:
    """Every kind of document and its title (``kinds.json``)."""
    return {k: v.title for k, v in kinds.default_kinds().items()}


def read_image(reference: str) -> tuple[str, tuple[int, int]] | None:
    """Where a signature image is (a file path or a ``data:`` URL), for the markup, and its
    size; None when unreadable."""
    if reference.startswith("data:"):
        _head, _comma, payload = reference.partition(",")
        try:
            image = QImage.fromData(base64.b64decode(payload, validate=True))
        except ValueError:
            return None
        if image.isNull():
            return None
        return reference, (image.width(), image.height())
    size = QImageReader(reference).size()
    if not size.isValid() or size.isEmpty():
        return None
    return QUrl.fromLocalFile(reference).toString(), (size.width(), size.height())


def render_html(kind: str, context: Mapping[str, Any], folder: Path | None = None) -> str:
    """The kind's template filled with ``context`` (from ``folder``, default the shipped one)."""
    return templates.render_html(kind, context, read_image, folder)


def _px(mm: float) -> float:
    """Millimetres in layout pixels."""
    return mm / 25.4 * LAYOUT_DPI


def _pt_px(points: float) -> float:
    """Points in layout pixels."""
    return points * LAYOUT_DPI / 72


class PagedDocument(QTextDocument):
    """A filled template laid out on A4 pages at ``LAYOUT_DPI``."""

    def __init__(self, kind: kinds.DocumentKind, number: str, fonts: DocumentFonts) -> None:
        super().__init__()
        self.kind, self.number, self.fonts = kind.kind, number, fonts
        self.title, self.page_signature = kind.title, kind.page_signature
        # the layout measures text on a fixed 96 dpi device, so the pages break the same way on
        # every machine, screen and printer
        self._reference = QImage(1, 1, QImage.Format.Format_RGB32)
        dots_per_metre = round(LAYOUT_DPI / 0.0254)
        self._reference.setDotsPerMeterX(dots_per_metre)
        self._reference.setDotsPerMeterY(dots_per_metre)
        self.documentLayout().setPaintDevice(self._reference)
        self.setUseDesignMetrics(True)
        self.page_width, self.page_height = _px(A4_MM[0]), _px(A4_MM[1])

    @property
    def full_title(self) -> str:
        return f"{self.title} {self.number}".strip()


def build_document(
    kind: str, context: Mapping[str, Any], folder: Path | None = None
) -> PagedDocument:
    """The filled template as an A4 ``QTextDocument`` with margins and CJK fonts set."""
    markup = _sign_off(render_html(kind, context, folder))
    declared = kinds.kinds_in(folder)[kind]
    folder = folder or kinds.templates_dir()
    fonts = document_fonts()
    number = context.get("number")
    doc = PagedDocument(declared, number if isinstance(number, str) else "", fonts)
    doc.setDefaultFont(document_font(fonts.body, BODY_PT))
    doc.setDefaultStyleSheet(_font_rules(fonts) + _style(folder))
    doc.setHtml(markup)
    doc.setPageSize(QSizeF(doc.page_width, doc.page_height))
    frame = doc.rootFrame().frameFormat()
    frame.setTopMargin(_px(MARGINS_MM["top"]))
    frame.setBottomMargin(_px(MARGINS_MM["bottom"]))
    frame.setLeftMargin(_px(MARGINS_MM["left"]))
    frame.setRightMargin(_px(MARGINS_MM["right"]))
    doc.rootFrame().setFrameFormat(frame)
    return doc


def _font_rules(fonts: DocumentFonts) -> str:
    """The families of the roles (before the folder's ``style.css``, which sets the sizes)."""
    # 小标宋 is a bold design; a fallback family is made bold to look like it
    weight = "" if "title" in fonts.standard else " font-weight: bold;"
    return (
        f'.song {{ font-family: "{fonts.heading}"; }}\n'
        f'.title {{ font-family: "{fonts.title}";{weight} }}\n'
        f'.number {{ font-family: "{fonts.body}"; }}\n'
    )


def _sign_off(markup: str) -> str:
    """The organ's name (class ``seal``) and the date after it, as GB/T 9704 §7.3.5.1 places
    them: the date four characters from the right margin, the name centred over the date.

    Both are centred in the same span of the line, found from their widths (in characters of
    the body's size: a Chinese character one, a digit or Latin letter half); a right-aligned
    table would place them by itself, but Qt shifts one by the page's left margin."""
    text_width = _px(A4_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"])
    em = _pt_px(BODY_PT)

    def width(html: str) -> float:
        text = re.sub(r"<[^>]+>", "", html).strip()
        return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text) * em

    def span(centre: float, half: float) -> str:
        return (
            f"margin-left: {centre - half:.1f}px; margin-right: {text_width - centre - half:.1f}px;"
        )

    def place(m: re.Match[str]) -> str:
        organ, date = m.group(1), m.group(2)
        centre = text_width - SIGN_OFF_RIGHT_CHARS * em - width(date) / 2
        half = (width(organ) + em) / 2
        # a name too long to centre over the date ends at the right margin
        over = (
            span(centre, half) if half <= text_width - centre else 'margin-left: 0px;" align="right'
        )
        top = f"margin-top: {_pt_px(SIGN_OFF_TOP_PT):.1f}px;"
        return (
            f'<p class="seal" align="center" style="{top} {over}">{organ}</p>\n'
            f'<p align="center" style="{span(centre, (width(date) + em) / 2)}">{date}</p>'
        )

    return _SIGN_OFF.sub(place, markup)


def _style(folder: Path) -> str:
    """The folder's ``style.css`` (kept while the file is unchanged), or nothing."""
    style = folder / "style.css"
    try:
        stat = style.stat()
    except OSError:
        return ""
    return _read_style(style, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _read_style(style: Path, _mtime_ns: int, _size: int) -> str:
    return style.read_text(encoding="utf-8")


def _paint(
    doc: PagedDocument, device: QPagedPaintDevice, pages: Sequence[int], target: str
) -> None:
    """Draw ``pages`` (0-based) of ``doc`` on ``device``, whose origin is the paper's corner."""
    painter = QPainter()
    if not painter.begin(device):
        raise DocumentError(
            f"无法输出文书到{target}：请检查文件夹是否存在、可写，或打印机是否可用。",
            f"cannot write the document to {target}: check that the folder exists and is "
            "writable, or that the printer is available.",
            "output",
        )
    try:
        sx = device.logicalDpiX() / LAYOUT_DPI
        sy = device.logicalDpiY() / LAYOUT_DPI
        total = doc.pageCount()
        footer = document_font(doc.fonts.heading, FOOTER_PT)  # §7.5: 4号半角宋体
        for n, index in enumerate(pages):
            if n:
                device.newPage()
            top = index * doc.page_height
            painter.save()
            painter.scale(sx, sy)
            painter.translate(0, -top)
            doc.drawContents(painter, QRectF(0, top, doc.page_width, doc.page_height))
            painter.restore()
            if total > 1:
                painter.setFont(footer)
                footer_top = (doc.page_height - _px(FOOTER_FROM_BOTTOM_MM)) * sy
                # §7.5: one character in from the right margin on odd pages, from the left on
                # even ones; a record signed page by page has its number on the left, the
                # signature on the right
                inset = _pt_px(FOOTER_PT)
                left = (_px(MARGINS_MM["left"]) + inset) * sx
                width = doc.page_width - _px(MARGINS_MM["left"] + MARGINS_MM["right"]) - 2 * inset
                area = QRectF(left, footer_top, width * sx, _pt_px(20) * sy)
                text = FOOTER.format(page=index + 1, pages=total)
                odd = index % 2 == 0
                side = (
                    Qt.AlignmentFlag.AlignRight
                    if odd and not doc.page_signature
                    else Qt.AlignmentFlag.AlignLeft
                )
                painter.drawText(area, side, text)
                if doc.page_signature:
                    _page_signature(painter, doc, area, doc.page_signature, sx)
    finally:
        painter.end()


def _page_signature(
    painter: QPainter, doc: PagedDocument, area: QRectF, label: str, sx: float
) -> None:
    """``label`` and a line to sign on, in the footer row, ending at the right margin."""
    right = (doc.page_width - _px(MARGINS_MM["right"])) * sx
    line_start = right - _px(PAGE_SIGNATURE_LINE_MM) * sx
    label_area = QRectF(area.left(), area.top(), line_start - area.left(), area.height())
    painter.drawText(label_area, Qt.AlignmentFlag.AlignRight, label)
    under = area.top() + painter.fontMetrics().ascent() + painter.fontMetrics().descent()
    painter.drawLine(QPointF(line_start, under), QPointF(right, under))


def _a4_layout() -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF()
    )


def render_pdf(
    kind: str, context: Mapping[str, Any], path: Path, folder: Path | None = None
) -> Path:
    """Write the document to ``path`` as an A4 PDF with its fonts embedded; returns ``path``.

    The file appears complete or not at all (written beside it, then renamed)."""
    doc = build_document(kind, context, folder)
    path = Path(path)
    partial = path.with_name(f".{path.name}.part")
    try:
        partial.touch()  # fail here, with the reason, rather than inside Qt
    except OSError as exc:
        raise DocumentError(
            f"无法保存文书到 {path}：{exc.strerror}。请检查文件夹是否存在、是否可写。",
            f"cannot save the document to {path}: {exc.strerror}. Check that the folder exists "
            "and is writable.",
            "output",
        ) from exc
    # written in memory, its text mapping fixed there, then to disk once
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(_a4_layout())
    writer.setTitle(doc.full_title)
    # which family each role got is recorded with the document (pdfinfo's Creator)
    writer.setCreator(f"{PDF_CREATOR} — {doc.fonts.described()}")
    log.info("%s %s: %s", kind, doc.number, doc.fonts.described())
    authority = context.get("authority")
    if isinstance(authority, str):
        writer.setAuthor(authority)
    try:
        _paint(doc, writer, range(doc.pageCount()), str(path))  # the PDF ends at the end
        buffer.close()
        partial.write_bytes(fixed_text_mapping(bytes(data.data()), doc.fonts))
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise
    return path


def print_document(kind: str, context: Mapping[str, Any], printer: QPrinter) -> None:
    """Print on ``printer`` (set up by a QPrintDialog): A4 portrait, the chosen page range."""
    doc = build_document(kind, context)
    printer.setFullPage(True)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setDocName(doc.full_title)
    if not printer.creator():
        printer.setCreator(PDF_CREATOR)
    total = doc.pageCount()
    first, last = printer.fromPage(), printer.toPage()
    pages = range(total) if first <= 0 else range(first - 1, min(last or total, total))
    _paint(doc, printer, pages, printer.outputFileName() or printer.printerName() or "打印机")
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        fix_text_mapping(Path(printer.outputFileName()), doc.fonts)  # "print to file"
