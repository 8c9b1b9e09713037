"""The fonts of the enforcement documents and the text of their PDFs.

GB/T 9704-2012 (党政机关公文格式) §7: the title in 2号小标宋, the body in 3号仿宋_GB2312. Each role
takes the first installed family of its chain; the chains start with the standard's fonts, then
what Windows (仿宋, 宋体), macOS (华文仿宋, 宋体-简) and Linux (Noto Serif CJK, Source Han Serif,
WenQuanYi) ship, then any installed Chinese font; without any Chinese font no document can be
produced, and the error says what to install. The officer may choose other installed Chinese
families in the settings (``prefer``); ``DocumentFonts`` records which family each role got and
whether it is the standard's own font or a fallback.

Qt maps each embedded glyph of a PDF back to the *lowest* code point that uses it; with Noto CJK
that turns some Chinese characters into Kangxi radicals when the PDF's text is copied or
searched. ``fix_text_mapping`` rewrites the PDF's ToUnicode maps to name the Chinese character;
the page content is unchanged.
"""

from __future__ import annotations

import functools
import logging
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QRawFont

from inspector_app.documents.templates import DocumentError

log = logging.getLogger(__name__)

# The first installed family of each chain is used. The standard's fonts come first on every
# system (an organ may have installed them), then each system's own.
TITLE_STANDARD = ["方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "FZXiaoBiaoSong-B05"]
BODY_STANDARD = ["仿宋_GB2312", "FangSong_GB2312"]
BODY_FAMILIES = {
    "win32": [*BODY_STANDARD, "FangSong", "仿宋", "SimSun", "宋体", "NSimSun"],
    "darwin": [
        *BODY_STANDARD,
        "STFangsong",
        "华文仿宋",
        "Songti SC",
        "STSong",
        "Noto Serif CJK SC",
    ],
    "linux": [
        *BODY_STANDARD,
        "FangSong",
        "仿宋",
        "Noto Serif CJK SC",
        "Source Han Serif SC",
        "AR PL UMing CN",
        "Noto Sans CJK SC",
    ],
}
HEADING_FAMILIES = {
    "win32": ["SimSun", "宋体", "NSimSun", "FangSong", "仿宋"],
    "darwin": ["Songti SC", "STSong", "宋体-简", "Noto Serif CJK SC"],
    "linux": ["SimSun", "宋体", "Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC"],
}
TITLE_FAMILIES = {key: [*TITLE_STANDARD, *chain] for key, chain in HEADING_FAMILIES.items()}
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
# the application's dynamic property holding the officer's choice (``prefer``)
PREFERENCE_PROPERTY = "documentFontPreference"


@dataclass(frozen=True)
class DocumentFonts:
    body: str  # 仿宋_GB2312 role: body text and the number line
    heading: str  # 宋体 role: the organ's name, class ``song``
    title: str = ""  # 小标宋 role: the document's title ("": the heading's family)
    standard: tuple[str, ...] = ()  # the roles set in the standard's own font

    def __post_init__(self) -> None:
        if not self.title:
            object.__setattr__(self, "title", self.heading)

    def described(self) -> str:
        """Which family each role got, as recorded in the PDF's metadata and the log."""

        def role(name: str, family: str) -> str:
            return f"{name}={family}" + ("" if name in self.standard else " (fallback)")

        return "; ".join(
            (role("title", self.title), role("body", self.body), role("heading", self.heading))
        )


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
    """The families of the documents: the officer's choice (``prefer``) where it is installed,
    else the first installed family of each role's chain."""
    installed = installed_cjk_families()
    key = _platform_key()
    chosen = preference()
    title = choose_family(
        [chosen[0], *TITLE_FAMILIES[key]] if chosen[0] else TITLE_FAMILIES[key], installed
    )
    body = choose_family(
        [chosen[1], *BODY_FAMILIES[key]] if chosen[1] else BODY_FAMILIES[key], installed
    )
    heading = choose_family(HEADING_FAMILIES[key], installed)
    standard = tuple(
        role
        for role, family, names in (
            ("title", title, TITLE_STANDARD),
            ("body", body, BODY_STANDARD),
            ("heading", heading, ("SimSun", "宋体")),
        )
        if family in names
    )
    return DocumentFonts(body, heading, title, standard)


def check_choice(family: str, role: str) -> str:
    """``family`` when it is an installed Chinese family (or empty: the chain decides), else a
    bilingual ``DocumentError`` naming the role."""
    family = family.strip()
    if family and family not in installed_cjk_families():
        zh = {"title": "标题字体", "body": "正文字体"}.get(role, role)
        raise DocumentError(
            f"{zh}：“{family}”不是本机已安装的中文字体，请从列表中选择。",
            f"{role} font: “{family}” is not a Chinese font installed on this computer; "
            "choose one from the list.",
            f"font-{role}",
        )
    return family


def prefer(title: str, body: str) -> None:
    """Use these families (checked by ``check_choice``; empty: the chain) for the documents
    this application produces from now on."""
    app = QGuiApplication.instance()
    if app is not None:
        app.setProperty(
            PREFERENCE_PROPERTY, [check_choice(title, "title"), check_choice(body, "body")]
        )


def prefer_installed(title: str, body: str) -> None:
    """``prefer`` for the stored choice at start: a family no longer installed is left to the
    chain (logged), so a font removed from the computer never stops a document."""
    installed = installed_cjk_families()
    chosen = []
    for role, family in (("title", title.strip()), ("body", body.strip())):
        if family and family not in installed:
            log.warning(
                "the chosen %s font %r is not installed; the usual chain is used", role, family
            )
            family = ""
        chosen.append(family)
    prefer(*chosen)


def preference() -> tuple[str, str]:
    """The officer's (title, body) families; empty strings where none is chosen."""
    app = QGuiApplication.instance()
    value = app.property(PREFERENCE_PROPERTY) if app is not None else None
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return str(value[0] or ""), str(value[1] or "")
    return "", ""


def document_font(family: str, size_pt: float) -> QFont:
    font = QFont(family)
    font.setPointSizeF(size_pt)
    # Noto CJK's localised forms turn digits beside Latin letters (a credit code such as
    # 91330402MA2B…) into glyphs no character maps to; Qt's PDF then loses them from the text
    font.setFeature(QFont.Tag("locl"), 0)
    return font


# --- the text of the PDF ----------------------------------------------------------------------
# Noto CJK shares the glyphs of common characters with the Kangxi radicals (一 with ⼀, 人 with
# ⼈, 车 with ⻋): Qt's PDF would name the radicals.

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
    return {
        **_shadowed_codepoints(fonts.title),
        **_shadowed_codepoints(fonts.heading),
        **_shadowed_codepoints(fonts.body),
    }


def fix_text_mapping(pdf: Path, fonts: DocumentFonts) -> None:
    """Rewrite the ToUnicode maps of ``pdf`` (written by Qt with ``fonts``) in place."""
    data = pdf.read_bytes()
    fixed = fixed_text_mapping(data, fonts)
    if fixed is not data:
        pdf.write_bytes(fixed)


def fixed_text_mapping(data: bytes, fonts: DocumentFonts) -> bytes:
    """``data`` (a PDF written by Qt with ``fonts``) with its ToUnicode maps rewritten; the
    same object when nothing needed it."""
    return _prefer_cjk_codepoints(data, _text_remap(fonts))


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
