"""The template language of the enforcement documents: parsing a template and filling it with
a document's data. No Qt: the UI lays the filled HTML out on pages and draws it
(``ui.documents``), and tells the ``signature`` filter about images (``ImageReader``).

Each kind of document has a template ``resources/documents/<kind>.html`` (Qt's rich-text subset
of HTML and CSS), declared in ``kinds.json`` beside it (``documents.kinds``). The syntax (small
and strict; an error always names the template, the line and the key):

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
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspector_app.documents import kinds
from inspector_app.messages import Bilingual

# an image's address for the markup and its size in pixels, or None when it cannot be read
# an image by its file path or its ``data:`` URL → (the URL for the markup, pixel size)
ImageReader = Callable[[str], tuple[str, tuple[int, int]] | None]
SIGNATURE_BOX_PT = (90.0, 34.0)  # about 32 mm × 12 mm
BLANK_SIGNATURE = "&nbsp;" * 24


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
            if filter_name and filter_name not in FILTERS:
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
    def __init__(self, template: str, context: Mapping[str, Any], image: ImageReader) -> None:
        self.template = template
        self.context = context
        self.image = image

    def fill(self, nodes: Iterable[_Node], scope: dict[str, tuple[Any, str]]) -> str:
        out: list[str] = []
        for node in nodes:
            if isinstance(node, _Text):
                out.append(node.text)
            elif isinstance(node, _Value):
                value, label = self.lookup(node.path, scope, node.line)
                if node.filter == "signature":
                    out.append(_signature(value, label, self.error_at(node.line), self.image))
                elif node.filter == "paragraphs":
                    out.append(_paragraphs(value, label, self.error_at(node.line)))
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


def _signature(value: Any, label: str, error: _ErrorAt, image: ImageReader) -> str:
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
    reference = field("image")
    if not reference.startswith("data:"):
        reference = str(Path(reference).resolve())
    found = image(reference)
    if found is None:
        shown = reference if len(reference) < 200 else reference[:40] + "…"
        raise error(f"{label}.image", f"的图片无法读取：{shown}", f"image cannot be read: {shown}")
    url, (pixels_w, pixels_h) = found
    box_w, box_h = SIGNATURE_BOX_PT
    scale = min(box_w / pixels_w, box_h / pixels_h)
    width, height = round(pixels_w * scale), round(pixels_h * scale)
    return f'<img src="{html.escape(url)}" width="{width}" height="{height}" />'


FILTERS = ("signature", "paragraphs")


def render_html(
    kind: str,
    context: Mapping[str, Any],
    image: ImageReader,
    folder: Path | None = None,
) -> str:
    """The kind's template filled with ``context`` (from ``folder``, default the shipped one);
    ``image`` tells the signature filter where an image is and how big (``ImageReader``)."""
    if kind not in kinds.kinds_in(folder):
        raise DocumentError(
            f"未知的文书种类：{kind}", f"unknown document kind: {kind}", "unknown-kind"
        )
    path = (folder or kinds.templates_dir()) / f"{kind}.html"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DocumentError(
            f"无法读取文书模板：{path}（{exc.strerror}）",
            f"cannot read the document template {path} ({exc.strerror})",
            "template-missing",
        ) from exc
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"文书模板已损坏（不是 UTF-8 文本）：{path.name}，第 {exc.start} 字节",
            f"the document template {path.name} is damaged (not UTF-8 text) at byte {exc.start}",
            "template-corrupt",
        ) from exc
    return fill(text, path.name, context, image)


def fill(text: str, name: str, context: Mapping[str, Any], image: ImageReader) -> str:
    """A template's text filled with ``context`` (``name`` names it in errors)."""
    return _Filler(name, context, image).fill(_parsed(text, name), {})


@functools.lru_cache(maxsize=64)
def _parsed(text: str, name: str) -> tuple[_Node, ...]:
    """``parse_template`` kept warm: a template is parsed once per text (its nodes are frozen;
    an edited file is a new text, parsed again)."""
    return parse_template(text, name)
