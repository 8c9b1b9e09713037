"""The documents' page as GB/T 9704-2012 lays it out, measured in the PDF itself: A4, the margins
of §5.2.2, the sizes of §7.2–7.3, the page number of §7.5, the organ's name and date of §7.3.5.1,
and the fonts listed by pdffonts and recorded in the PDF."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from bench import documents_bench
from inspector_app.documents.templates import DocumentError
from ui import document_fonts, documents
from ui.documents import kind_titles

CONTEXTS, _MISSING = documents_bench.samples(list(kind_titles()))
MM = 72 / 25.4
PAGE = (595.0, 842.0)  # A4 in whole points, as the PDF's MediaBox gives it
LEFT, RIGHT = 28 * MM, PAGE[0] - 26 * MM
TOP, BOTTOM = 37 * MM, PAGE[1] - 35 * MM
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


@pytest.fixture(autouse=True)
def _app(qapp: Any) -> None:
    """Fonts need a QGuiApplication."""


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def words(path: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """The words of each page with their boxes (x0, y0, x1, y1, text), in points from the top
    left corner."""
    out = []
    for page in run("pdftotext", "-bbox", str(path), "-").split("<page ")[1:]:
        out.append(
            [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in WORD.findall(page)]
        )
    return out


@pytest.mark.parametrize("kind", list(CONTEXTS))
def test_every_kind_is_a4_with_the_standard_margins(kind: str, tmp_path: Path) -> None:
    path = documents.render_pdf(kind, CONTEXTS[kind], tmp_path / f"{kind}.pdf")
    assert "595 x 842 pts (A4)" in run("pdfinfo", str(path))
    pages = words(path)
    for number, found in enumerate(pages, 1):
        body = [w for w in found if w[1] < BOTTOM]  # the page number is below the text area
        assert body, (kind, number)
        assert min(w[0] for w in body) >= LEFT - 0.5, (kind, number, "left margin")
        assert max(w[2] for w in body) <= RIGHT + 0.5, (kind, number, "right margin: cut")
        assert min(w[1] for w in body) >= TOP - 0.5, (kind, number, "top margin")
        assert max(w[3] for w in body) <= BOTTOM + 0.5, (kind, number, "bottom margin")
    # the text starts at the margins (a form's cells pad their text by a few points)
    first = pages[0]
    assert min(w[0] for w in first) == pytest.approx(LEFT, abs=6)
    assert min(w[1] for w in first) == pytest.approx(TOP, abs=6)


def test_the_page_number_is_7_mm_below_the_text_area(tmp_path: Path) -> None:
    path = documents.render_pdf(
        "penalty_decision", CONTEXTS["penalty_decision"], tmp_path / "d.pdf"
    )
    pages = words(path)
    assert len(pages) >= 2
    for number, found in enumerate(pages, 1):
        footer = [w for w in found if w[1] > BOTTOM]
        assert footer and footer[0][4] == f"第{number}页", footer
        assert footer[0][1] == pytest.approx(BOTTOM + 7 * MM, abs=2)
        height = footer[0][3] - footer[0][1]
        if number % 2:  # §7.5: odd pages on the right, even ones on the left
            assert max(w[2] for w in footer) == pytest.approx(RIGHT - 14, abs=2)
        else:
            assert min(w[0] for w in footer) == pytest.approx(LEFT + 14, abs=2)
    # 4号 (14 pt): the box of a line is about 1.4 times the size
    assert height == pytest.approx(14 * 1.43, rel=0.1)


def test_title_number_and_body_sizes(tmp_path: Path) -> None:
    context = CONTEXTS["penalty_decision"]
    path = documents.render_pdf("penalty_decision", context, tmp_path / "d.pdf")
    first = words(path)[0]
    title = next(w for w in first if w[4] == "行政处罚决定书")
    number = next(w for w in first if w[4] == context["number"])
    body = next(w for w in first if w[4].startswith("本机关依法"))
    assert (title[3] - title[1]) / (body[3] - body[1]) == pytest.approx(22 / 16, rel=0.05)
    assert number[3] - number[1] == pytest.approx(body[3] - body[1], rel=0.02)  # 3号 both
    # centred: the title and the number line
    for line in (title, number):
        assert (line[0] + line[2]) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=2)
    # a body line holds about 28 characters of 16 pt (the text area is 156 mm wide)
    full = max(w[2] - w[0] for w in first if w[1] < BOTTOM)
    assert full == pytest.approx(156 * MM, abs=16)


def test_the_organ_is_centred_over_the_date_four_characters_from_the_right(
    tmp_path: Path,
) -> None:
    context = CONTEXTS["penalty_decision"]
    path = documents.render_pdf("penalty_decision", context, tmp_path / "d.pdf")
    last = words(path)[-1]
    organ = next(w for w in last if w[4].startswith(context["authority"]))
    date = next(w for w in last if w[4] == context["decided_on"])
    assert date[2] == pytest.approx(RIGHT - 4 * 16, abs=3)
    assert (organ[0] + organ[2]) / 2 == pytest.approx((date[0] + date[2]) / 2, abs=3)
    assert 0 < date[1] - organ[3] < 16  # the date on the line below
    # room for the seal above the name: at least a line below the text before it
    above = max(w[3] for w in last if w[3] <= organ[1])
    assert organ[1] - above >= 29


def test_a_name_too_long_to_centre_ends_at_the_margin(tmp_path: Path) -> None:
    context = {
        **CONTEXTS["penalty_decision"],
        "authority": "嘉兴市南湖区大桥镇人民政府安全生产监督管理办公室",
    }
    path = documents.render_pdf("penalty_decision", context, tmp_path / "d.pdf")
    last = words(path)[-1]
    organ = [w for w in last if "人民政府" in w[4] and "（印章）" in w[4]]
    assert len(organ) == 1, "the name on one line"
    assert organ[0][2] == pytest.approx(RIGHT, abs=1)


def test_the_fonts_are_embedded_and_recorded(tmp_path: Path) -> None:
    fonts = document_fonts.document_fonts()
    path = documents.render_pdf(
        "penalty_decision", CONTEXTS["penalty_decision"], tmp_path / "d.pdf"
    )
    listed = run("pdffonts", str(path)).splitlines()[2:]
    assert listed and all(row.split()[-5] == "yes" for row in listed)
    names = " ".join(row.split()[0] for row in listed).lower().replace("-", "").replace(" ", "")
    for family in {fonts.title, fonts.body}:
        assert family.lower().replace(" ", "") in names, (family, names)
    creator = re.search(r"^Creator:\s+(.*)$", run("pdfinfo", str(path)), re.MULTILINE)
    assert creator and fonts.described() in creator.group(1)
    assert f"title={fonts.title}" in fonts.described()


def test_the_chain_prefers_the_standard_fonts_then_falls_back() -> None:
    key = "linux"
    installed = ["Noto Serif CJK SC", "WenQuanYi Micro Hei"]
    assert document_fonts.choose_family(document_fonts.TITLE_FAMILIES[key], installed) == (
        "Noto Serif CJK SC"
    )
    with_standard = [*installed, "方正小标宋简体", "仿宋_GB2312"]
    assert document_fonts.choose_family(document_fonts.TITLE_FAMILIES[key], with_standard) == (
        "方正小标宋简体"
    )
    assert document_fonts.choose_family(document_fonts.BODY_FAMILIES[key], with_standard) == (
        "仿宋_GB2312"
    )
    for chains in (document_fonts.TITLE_FAMILIES, document_fonts.BODY_FAMILIES):
        assert set(chains) == {"win32", "darwin", "linux"}
    assert document_fonts.BODY_FAMILIES["win32"].index("仿宋") < (
        document_fonts.BODY_FAMILIES["win32"].index("宋体")
    )
    described = document_fonts.DocumentFonts("A", "B", "C", ("body",)).described()
    assert described == "title=C (fallback); body=A; heading=B (fallback)"


def test_a_chosen_font_that_is_not_installed_is_refused(qapp: Any) -> None:
    with pytest.raises(DocumentError) as caught:
        document_fonts.prefer("No Such Font 小标宋", "")
    assert "标题字体" in caught.value.zh and "No Such Font 小标宋" in caught.value.zh
    assert "title font" in caught.value.en
    assert document_fonts.preference() == ("", "")  # nothing half-applied
