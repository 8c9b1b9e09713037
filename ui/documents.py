"""The enforcement documents (执法文书), filled from editable templates, as PDF or on paper.

The four inspection documents (检查记录 to 复查意见书) and the eight of a penalty case (立案审批表
to 结案审批表, and the 移送书 when the act is a crime) are kinds of ``KINDS``.

Each kind has an HTML template in ``resources/documents/<kind>.html`` (Qt's rich-text subset of
HTML and CSS) and the folder's ``style.css`` applies to all of them, so a city can change the
wording or the layout without touching code. The caller (the domain layer) passes a context of
already formatted strings; ``render_html`` fills the template, ``build_document`` lays it out on
A4 pages, ``render_pdf`` writes a PDF and ``print_document`` sends it to a printer chosen in a
QPrintDialog. Everything needs a running ``QGuiApplication`` (fonts).

Template syntax (small and strict; an error always names the template, the line and the key):

``{{ enterprise.name }}``
    The value at that dotted path of the context (or of a loop variable), HTML-escaped; line
    breaks become ``<br />``. A missing key, an empty value (``None``) or a value that is not
    text or a number (a list, a mapping, ``True``) raises ``TemplateError``.
``{{ signatures.receiver | signature }}``
    A value passed through a filter. ``signature`` draws a signature: the image at signature
    size, "拒绝签字" with the witness, or a blank line to sign on paper. ``paragraphs`` makes
    free text one paragraph per line (class ``paragraph``, indented like the body).
``{% for hazard in hazards %} … {% endfor %}``
    The body once per item of a list, with the item as ``hazard`` (``{{ hazard.seq }}``) and
    ``loop.index`` (1, 2, …), ``loop.first`` and ``loop.last`` (for separators).
``{% if hazard.major %} … {% else %} … {% endif %}``
    The first part if the value is true (not empty, not false), else the optional second part;
    ``{% if not loop.last %}`` inverts the test. The key must exist unless it ends with ``?``
    (``{% if remedy.court? %}``): then a missing key counts as false.
``{% if party.kind == "person" %} … {% endif %}``
    The first part if the value is exactly that text (a person's and a unit's document differ
    in a few words); ``not`` and ``?`` work as above.
``{# a note for whoever edits the template #}``
    Left out of the output.

Layout: pages are laid out at 72 dpi, so a CSS length of ``1px`` in a template is 1 pt on paper
(font sizes are written in ``pt``); the PDF itself is written at 300 dpi. Body text uses the
first installed 仿宋-like family, elements of class ``song`` the first 宋体-like family
(the usual convention of enforcement documents: number line in 四号宋体, body in 小四仿宋).
"""

from __future__ import annotations

import contextlib
import functools
import html
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QImage,
    QImageReader,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QRawFont,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrinter

from inspector_app.messages import Bilingual
from inspector_app.store.paths import resources_dir

log = logging.getLogger(__name__)

KINDS: dict[str, str] = {
    "inspection_record": "现场检查记录",
    "onsite_measures": "现场处理措施决定书",
    "rectification_order": "责令限期整改指令书",
    "review_opinion": "整改复查意见书",
    # a penalty case, in the order of the procedure (行政处罚法 Art. 54-65, 67)
    "filing_approval": "立案审批表",
    "inquiry_record": "询问笔录",
    "penalty_notice": "行政处罚告知书",
    "hearing_notice": "听证告知书",
    "penalty_decision": "行政处罚决定书",
    "delivery_receipt": "文书送达回执",
    "closure_approval": "结案审批表",
    "criminal_transfer": "涉嫌犯罪案件移送书",
}

# Kinds whose every page carries a line for the signature of the person the record is about,
# printed beside the page number when the record runs over more than one page (a 笔录 is signed
# page by page, so no page can be swapped afterwards)
PAGE_SIGNATURE: dict[str, str] = {
    "inquiry_record": "被询问人（签名）：",
}
PAGE_SIGNATURE_LINE_MM = 30.0

LAYOUT_DPI = 72  # one layout pixel is one point
PDF_DPI = 300
A4_MM = (210.0, 297.0)
MARGINS_MM = {"top": 22.0, "bottom": 20.0, "left": 28.0, "right": 26.0}
FOOTER_FROM_BOTTOM_MM = 13.0
FOOTER = "第{page}页　共{pages}页"
FOOTER_PT = 10.5  # 五号
BODY_PT = 12.0  # 小四
SIGNATURE_BOX_PT = (90.0, 34.0)  # about 32 mm × 12 mm
BLANK_SIGNATURE = "&nbsp;" * 24
PDF_CREATOR = "Field Inspector（安全生产执法检查）"

# The first installed family of each list is used. 仿宋 for the body, 宋体 for headings and the
# number line; the Linux/macOS lists start with what those systems ship.
BODY_FAMILIES = {
    "win32": ["FangSong", "仿宋", "FangSong_GB2312", "仿宋_GB2312", "SimSun", "宋体", "NSimSun"],
    "darwin": ["STFangsong", "华文仿宋", "Songti SC", "STSong", "Noto Serif CJK SC"],
    "linux": ["FangSong", "仿宋", "Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC"],
}
HEADING_FAMILIES = {
    "win32": ["SimSun", "宋体", "NSimSun", "FangSong", "仿宋"],
    "darwin": ["Songti SC", "STSong", "宋体-简", "Noto Serif CJK SC"],
    "linux": ["SimSun", "宋体", "Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC"],
}
COMMON_FALLBACK = [
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
]


class DocumentError(Bilingual):
    """A document could not be produced (template, data, font or output problem)."""


class TemplateError(DocumentError):
    """A template does not fit the data: names the template, its line and the key."""

    def __init__(self, template: str, line: int, key: str, zh: str, en: str) -> None:
        super().__init__(
            f"文书模板 {template} 第{line}行：{key} {zh}",
            f"document template {template}, line {line}: {key} {en}",
            "template",
        )
        self.template, self.line, self.key = template, line, key


def templates_dir() -> Path:
    return resources_dir() / "documents"


# --- the template filler ---------------------------------------------------------------------

_TAG = re.compile(r"\{\{([^{}\n]*)\}\}|\{%([^{}\n]*)%\}|\{#.*?#\}", re.DOTALL)
_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*\Z")
_FOR = re.compile(r"for\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\s+(\S+)\Z")
_IF = re.compile(r'if\s+(not\s+)?([^\s?=]+)(\?)?(?:\s*==\s*"([^"]*)")?\Z')


@dataclass(frozen=True)
class _Text:
    text: str


@dataclass(frozen=True)
class _Value:
    path: str
    filter: str | None
    line: int


@dataclass(frozen=True)
class _Each:
    name: str
    path: str
    body: tuple[_Node, ...]
    line: int


@dataclass(frozen=True)
class _When:
    path: str
    negated: bool
    optional: bool
    equals: str | None
    then: tuple[_Node, ...]
    otherwise: tuple[_Node, ...]
    line: int


_Node = _Text | _Value | _Each | _When


@dataclass
class _Block:
    """An open ``for`` or ``if`` while parsing."""

    word: str
    header: str
    line: int
    nodes: list[_Node]
    otherwise: list[_Node] | None = None

    def target(self) -> list[_Node]:
        return self.nodes if self.otherwise is None else self.otherwise


def parse_template(text: str, name: str) -> tuple[_Node, ...]:
    stack = [_Block("", "", 0, [])]

    def error(line: int, key: str, zh: str, en: str) -> TemplateError:
        return TemplateError(name, line, key, zh, en)

    def add_text(chunk: str, line: int) -> None:
        for opener in ("{{", "{%", "{#"):
            if opener in chunk:
                at = line + chunk[: chunk.index(opener)].count("\n")
                raise error(at, opener, "没有闭合", "is not closed")
        if chunk:
            stack[-1].target().append(_Text(chunk))

    pos = 0
    for match in _TAG.finditer(text):
        add_text(text[pos : match.start()], text.count("\n", 0, pos) + 1)
        pos = match.end()
        line = text.count("\n", 0, match.start()) + 1
        target = stack[-1].target()
        if match.group(1) is not None:
            path, _, filter_name = (part.strip() for part in match.group(1).partition("|"))
            if not _PATH.match(path):
                raise error(line, match.group(0), "不是有效的字段", "is not a valid placeholder")
            if filter_name and filter_name not in _FILTERS:
                raise error(line, filter_name, "是未知的过滤器", "is an unknown filter")
            target.append(_Value(path, filter_name or None, line))
            continue
        if match.group(2) is None:
            continue  # a comment
        statement = " ".join(match.group(2).split())
        word = statement.split(" ", 1)[0] if statement else ""
        if word in ("for", "if"):
            found = (_FOR if word == "for" else _IF).match(statement)
            if not found or not _PATH.match(found.group(2)):
                raise error(line, match.group(0), "写法不对", "is malformed")
            stack.append(_Block(word, statement, line, []))
        elif word == "else" and statement == "else":
            if stack[-1].word != "if" or stack[-1].otherwise is not None:
                raise error(line, "{% else %}", "没有对应的 if", "has no matching if")
            stack[-1].otherwise = []
        elif statement in ("endfor", "endif"):
            block = stack.pop() if len(stack) > 1 else None
            if block is None or statement != "end" + block.word:
                raise error(
                    line, match.group(0), "没有对应的开始标记", "has no matching opening tag"
                )
            stack[-1].target().append(_close(block))
        else:
            raise error(line, match.group(0), "是未知的标记", "is an unknown tag")
    add_text(text[pos:], text.count("\n", 0, pos) + 1)
    if len(stack) > 1:
        raise error(stack[-1].line, stack[-1].header, "没有结束标记", "is never closed")
    return tuple(stack[0].nodes)


def _close(block: _Block) -> _Node:
    if block.word == "for":
        found = _FOR.match(block.header)
        assert found is not None
        return _Each(found.group(1), found.group(2), tuple(block.nodes), block.line)
    found = _IF.match(block.header)
    assert found is not None
    otherwise = tuple(block.otherwise or ())
    negated, path, optional = bool(found.group(1)), found.group(2), bool(found.group(3))
    then = tuple(block.nodes)
    return _When(path, negated, optional, found.group(4), then, otherwise, block.line)


_ErrorAt = Callable[[str, str, str], TemplateError]


class _Filler:
    def __init__(self, template: str, context: Mapping[str, Any]) -> None:
        self.template = template
        self.context = context

    def fill(self, nodes: Iterable[_Node], scope: dict[str, tuple[Any, str]]) -> str:
        out: list[str] = []
        for node in nodes:
            if isinstance(node, _Text):
                out.append(node.text)
            elif isinstance(node, _Value):
                value, label = self.lookup(node.path, scope, node.line)
                if node.filter:
                    out.append(_FILTERS[node.filter](value, label, self.error_at(node.line)))
                else:
                    out.append(_escape(_text(value, label, self.error_at(node.line))))
            elif isinstance(node, _Each):
                items, label = self.lookup(node.path, scope, node.line)
                if not isinstance(items, Sequence) or isinstance(items, str):
                    raise self.error_at(node.line)(label, "不是列表", "is not a list")
                for i, item in enumerate(items):
                    counter = {"index": i + 1, "first": i == 0, "last": i == len(items) - 1}
                    inner = {**scope, node.name: (item, f"{label}[{i}]"), "loop": (counter, "loop")}
                    out.append(self.fill(node.body, inner))
            else:
                try:
                    value, label = self.lookup(node.path, scope, node.line)
                except TemplateError:
                    if not node.optional:
                        raise
                    value, label = None, node.path
                if node.equals is None:
                    holds = bool(value)
                elif value is None and node.optional:
                    holds = False
                else:
                    holds = _text(value, label, self.error_at(node.line)) == node.equals
                chosen = holds != node.negated
                out.append(self.fill(node.then if chosen else node.otherwise, scope))
        return "".join(out)

    def lookup(self, path: str, scope: dict[str, tuple[Any, str]], line: int) -> tuple[Any, str]:
        head, *rest = path.split(".")
        if head in scope:
            value, label = scope[head]
        elif head in self.context:
            value, label = self.context[head], head
        else:
            raise self.error_at(line)(head, "在数据中不存在", "is missing from the data")
        for part in rest:
            label = f"{label}.{part}"
            if not isinstance(value, Mapping) or part not in value:
                raise self.error_at(line)(label, "在数据中不存在", "is missing from the data")
            value = value[part]
        return value, label

    def error_at(self, line: int) -> _ErrorAt:
        return functools.partial(TemplateError, self.template, line)


def _text(value: Any, label: str, error: _ErrorAt) -> str:
    if value is None:
        raise error(label, "为空", "is empty")
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise error(label, "不是文字", "is not text")
    return str(value)


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _escape(text: str) -> str:
    return "<br />".join(html.escape(part) for part in _lines(text))


def _paragraphs(value: Any, label: str, error: _ErrorAt) -> str:
    """Free text as paragraphs, one per line, each with a first-line indent (class
    ``paragraph``)."""
    lines = [line.strip() for line in _lines(_text(value, label, error)) if line.strip()]
    if not lines:
        raise error(label, "为空", "is empty")
    return "".join(f'<p class="paragraph">{html.escape(line)}</p>' for line in lines)


def _signature(value: Any, label: str, error: _ErrorAt) -> str:
    """A signature: ``{name, image: path}``, ``{name, refused: true, witness}`` or
    ``{name, image: null}`` (a blank line to sign on paper)."""

    def field(key: str) -> str:
        found = value.get(key)
        if not isinstance(found, str) or not found:
            raise error(f"{label}.{key}", "在数据中不存在或为空", "is missing or empty")
        return found

    if not isinstance(value, Mapping):
        raise error(label, "不是签名", "is not a signature")
    name = field("name")
    if value.get("refused"):
        # 安全生产法 Art. 68: a refusal to sign is recorded on the document itself
        return f"{_escape(name)}拒绝签字（见证人：{_escape(field('witness'))}）"
    if "image" not in value:
        raise error(f"{label}.image", "在数据中不存在", "is missing from the data")
    if value["image"] is None:
        return f'<span class="sign-line">{BLANK_SIGNATURE}</span>'
    path = Path(field("image")).resolve()
    size = QImageReader(str(path)).size()
    if not size.isValid() or size.isEmpty():
        raise error(f"{label}.image", f"的图片无法读取：{path}", f"image cannot be read: {path}")
    box_w, box_h = SIGNATURE_BOX_PT
    scale = min(box_w / size.width(), box_h / size.height())
    url = html.escape(QUrl.fromLocalFile(str(path)).toString())
    width, height = round(size.width() * scale), round(size.height() * scale)
    return f'<img src="{url}" width="{width}" height="{height}" />'


_FILTERS: dict[str, Callable[[Any, str, _ErrorAt], str]] = {
    "signature": _signature,
    "paragraphs": _paragraphs,
}


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise DocumentError(
            f"未知的文书种类：{kind}", f"unknown document kind: {kind}", "unknown-kind"
        )
    return KINDS[kind]


def render_html(kind: str, context: Mapping[str, Any], folder: Path | None = None) -> str:
    """The kind's template filled with ``context`` (from ``folder``, default the shipped one)."""
    _check_kind(kind)
    path = (folder or templates_dir()) / f"{kind}.html"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DocumentError(
            f"无法读取文书模板：{path}（{exc.strerror}）",
            f"cannot read the document template {path} ({exc.strerror})",
            "template-missing",
        ) from exc
    return _Filler(path.name, context).fill(parse_template(text, path.name), {})


# --- fonts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentFonts:
    body: str  # 仿宋 role
    heading: str  # 宋体 role: title, number line


def installed_cjk_families() -> list[str]:
    chinese = QFontDatabase.WritingSystem.SimplifiedChinese
    return [f for f in QFontDatabase.families(chinese) if not QFontDatabase.isPrivateFamily(f)]


def choose_family(preferences: Sequence[str], installed: Sequence[str]) -> str:
    """The first preferred family that is installed, else any installed Chinese family."""
    for family in [*preferences, *COMMON_FALLBACK]:
        if family in installed:
            return family
    if installed:
        return sorted(installed)[0]
    raise DocumentError(
        "没有找到可用的中文字体，无法生成文书。请安装宋体、仿宋或 Noto Serif CJK SC 等中文字体。",
        "No Chinese (CJK) font is installed, so documents cannot be produced. Install SimSun, "
        "FangSong or Noto Serif CJK SC.",
        "no-cjk-font",
    )


def _platform_key() -> str:
    return sys.platform if sys.platform in ("win32", "darwin") else "linux"


def pick_cjk_family(preferences: Sequence[str] | None = None) -> str:
    """The body font: the first installed family of ``preferences`` (default: the platform's
    仿宋 list); fails with a bilingual ``DocumentError`` when no Chinese font is installed."""
    return choose_family(preferences or BODY_FAMILIES[_platform_key()], installed_cjk_families())


def document_fonts() -> DocumentFonts:
    installed = installed_cjk_families()
    key = _platform_key()
    return DocumentFonts(
        choose_family(BODY_FAMILIES[key], installed),
        choose_family(HEADING_FAMILIES[key], installed),
    )


# --- layout and output -----------------------------------------------------------------------


def _document_font(family: str, size_pt: float) -> QFont:
    font = QFont(family)
    font.setPointSizeF(size_pt)
    # Noto CJK's localised forms turn digits beside Latin letters (a credit code such as
    # 91330402MA2B…) into glyphs no character maps to; Qt's PDF then loses them from the text
    font.setFeature(QFont.Tag("locl"), 0)
    return font


def _pt(mm: float) -> float:
    return mm / 25.4 * 72


class PagedDocument(QTextDocument):
    """A filled template laid out on A4 pages, one layout pixel per point."""

    def __init__(self, kind: str, number: str, fonts: DocumentFonts) -> None:
        super().__init__()
        self.kind, self.title, self.number, self.fonts = kind, KINDS[kind], number, fonts
        # the layout measures text on a fixed 72 dpi device, so the pages break the same way on
        # every machine, screen and printer
        self._reference = QImage(1, 1, QImage.Format.Format_RGB32)
        dots_per_metre = round(LAYOUT_DPI / 0.0254)
        self._reference.setDotsPerMeterX(dots_per_metre)
        self._reference.setDotsPerMeterY(dots_per_metre)
        self.documentLayout().setPaintDevice(self._reference)
        self.setUseDesignMetrics(True)
        self.page_width, self.page_height = _pt(A4_MM[0]), _pt(A4_MM[1])

    @property
    def full_title(self) -> str:
        return f"{self.title} {self.number}".strip()


def build_document(
    kind: str, context: Mapping[str, Any], folder: Path | None = None
) -> PagedDocument:
    """The filled template as an A4 ``QTextDocument`` with margins and CJK fonts set."""
    folder = folder or templates_dir()
    markup = render_html(kind, context, folder)
    fonts = document_fonts()
    number = context.get("number")
    doc = PagedDocument(kind, number if isinstance(number, str) else "", fonts)
    doc.setDefaultFont(_document_font(fonts.body, BODY_PT))
    style = folder / "style.css"
    sheet = style.read_text(encoding="utf-8") if style.exists() else ""
    doc.setDefaultStyleSheet(f'.song {{ font-family: "{fonts.heading}"; }}\n{sheet}')
    doc.setHtml(markup)
    doc.setPageSize(QSizeF(doc.page_width, doc.page_height))
    frame = doc.rootFrame().frameFormat()
    frame.setTopMargin(_pt(MARGINS_MM["top"]))
    frame.setBottomMargin(_pt(MARGINS_MM["bottom"]))
    frame.setLeftMargin(_pt(MARGINS_MM["left"]))
    frame.setRightMargin(_pt(MARGINS_MM["right"]))
    doc.rootFrame().setFrameFormat(frame)
    return doc


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
        footer = _document_font(doc.fonts.body, FOOTER_PT)
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
                footer_top = (doc.page_height - _pt(FOOTER_FROM_BOTTOM_MM)) * sy
                area = QRectF(0, footer_top, doc.page_width * sx, 20 * sy)
                text = FOOTER.format(page=index + 1, pages=total)
                painter.drawText(area, Qt.AlignmentFlag.AlignHCenter, text)
                if doc.kind in PAGE_SIGNATURE:
                    _page_signature(painter, doc, area, PAGE_SIGNATURE[doc.kind], sx)
    finally:
        painter.end()


def _page_signature(
    painter: QPainter, doc: PagedDocument, area: QRectF, label: str, sx: float
) -> None:
    """``label`` and a line to sign on, in the footer row, ending at the right margin."""
    right = (doc.page_width - _pt(MARGINS_MM["right"])) * sx
    line_start = right - _pt(PAGE_SIGNATURE_LINE_MM) * sx
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
    writer = QPdfWriter(str(partial))
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(_a4_layout())
    writer.setTitle(doc.full_title)
    writer.setCreator(PDF_CREATOR)
    authority = context.get("authority")
    if isinstance(authority, str):
        writer.setAuthor(authority)
    try:
        _paint(doc, writer, range(doc.pageCount()), str(path))  # the file closes at the end
        _fix_text_mapping(partial, doc.fonts)
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
        _fix_text_mapping(Path(printer.outputFileName()), doc.fonts)  # "print to file"


# --- text extraction ---------------------------------------------------------------------------
# Qt maps each embedded glyph back to the *lowest* code point that uses it. Noto CJK shares the
# glyphs of common characters with the Kangxi radicals (一 with ⼀, 人 with ⼈, 车 with ⻋), so
# copying or searching the PDF would give radicals. The PDF's ToUnicode maps are rewritten to
# name the Chinese character instead; the page content is unchanged.

# CJK punctuation, ideographs, fullwidth ASCII and signs: what Chinese text is written in
_CJK_RANGES = (
    (0x3000, 0x303F),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xFF01, 0xFF5E),
    (0xFFE0, 0xFFE6),
)
_STREAM = re.compile(rb"<< /Length (\d+) >>\nstream\n")
_HEX = re.compile(rb"<([0-9A-Fa-f]{4})>")


def _is_cjk(code: int) -> bool:
    return any(lo <= code <= hi for lo, hi in _CJK_RANGES)


@functools.cache
def _shadowed_codepoints(family: str) -> dict[int, int]:
    """Code point Qt would write → the Chinese character drawn with the same glyph."""
    codes = [c for c in range(0x20, 0x10000) if not 0xD800 <= c <= 0xDFFF]
    raw = QRawFont.fromFont(QFont(family))
    glyphs = raw.glyphIndexesForString("".join(map(chr, codes)))
    lowest: dict[int, int] = {}
    remap: dict[int, int] = {}
    for code, glyph in zip(codes, glyphs, strict=True):
        if not glyph:
            continue
        low = lowest.setdefault(glyph, code)
        if low != code and low not in remap and _is_cjk(code) and not _is_cjk(low):
            remap[low] = code
    return remap


def _text_remap(fonts: DocumentFonts) -> dict[int, int]:
    return {**_shadowed_codepoints(fonts.heading), **_shadowed_codepoints(fonts.body)}


def _fix_text_mapping(pdf: Path, fonts: DocumentFonts) -> None:
    data = pdf.read_bytes()
    fixed = _prefer_cjk_codepoints(data, _text_remap(fonts))
    if fixed is not data:
        pdf.write_bytes(fixed)


def _remap_range(line: bytes, remap: Mapping[int, int]) -> bytes:
    codes = [int(h, 16) for h in _HEX.findall(line)]
    if len(codes) < 3:
        return line
    lo, hi, *targets = codes
    if b"[" not in line:  # <lo> <hi> <first>: consecutive code points
        targets = [targets[0] + k for k in range(hi - lo + 1)]
    if not any(code in remap for code in targets):
        return line
    mapped = b" ".join(b"<%04X>" % remap.get(code, code) for code in targets)
    return b"<%04X> <%04X> [%s]" % (lo, hi, mapped)


def _remap_cmap(body: bytes, remap: Mapping[int, int]) -> bytes:
    lines, inside = body.split(b"\n"), False
    for i, line in enumerate(lines):
        if line.endswith(b"beginbfrange"):
            inside = True
        elif line.startswith(b"endbfrange"):
            inside = False
        elif inside:
            lines[i] = _remap_range(line, remap)
    return b"\n".join(lines)


def _prefer_cjk_codepoints(data: bytes, remap: Mapping[int, int]) -> bytes:
    """``data`` (a PDF written by Qt) with its ToUnicode maps rewritten by ``remap``."""
    pieces: list[bytes] = []
    shifts: list[tuple[int, int]] = []  # (offset in the old file, bytes added there)
    pos = 0
    for match in _STREAM.finditer(data):
        start, length = match.end(), int(match.group(1))
        body = data[start : start + length]
        if match.start() < pos or b"/CMapName /Adobe-Identity-UCS" not in body:
            continue
        new_body = _remap_cmap(body, remap)
        if new_body == body:
            continue
        header = b"<< /Length %d >>\nstream\n" % len(new_body)
        pieces += [data[pos : match.start()], header, new_body]
        shifts.append(
            (match.start(), len(header) + len(new_body) - (start + length - match.start()))
        )
        pos = start + length
    if not shifts:
        return data
    pieces.append(data[pos:])
    moved = _move_xref(data, b"".join(pieces), shifts)
    if moved is None:
        log.warning("unexpected PDF cross-reference table; text mapping left as Qt wrote it")
        return data
    return moved


_END = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*\Z")
_XREF_HEAD = re.compile(rb"xref\n0 (\d+)\n")
_XREF_ROW = re.compile(rb"(\d{10}) \d{5} ([nf])(?: \n|\r\n| \r)")


def _move_xref(old: bytes, new: bytes, shifts: Sequence[tuple[int, int]]) -> bytes | None:
    """``new`` with its cross-reference table pointing at the objects' new offsets."""

    def moved(offset: int) -> int:
        return offset + sum(delta for at, delta in shifts if at < offset)

    old_end, new_end = _END.search(old), _END.search(new)
    if old_end is None or new_end is None:
        return None
    head = _XREF_HEAD.match(old, int(old_end.group(1)))
    if head is None:
        return None
    count, table_at = int(head.group(1)), moved(head.end())
    rows = bytearray(new[table_at : table_at + 20 * count])
    for i in range(count):
        row = _XREF_ROW.fullmatch(rows, 20 * i, 20 * i + 20)
        if row is None:
            return None
        if row.group(2) == b"n":
            rows[20 * i : 20 * i + 10] = b"%010d" % moved(int(row.group(1)))
    tail = b"startxref\n%d\n%%%%EOF\n" % moved(int(old_end.group(1)))
    return new[:table_at] + bytes(rows) + new[table_at + 20 * count : new_end.start()] + tail
