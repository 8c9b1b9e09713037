"""Every kind of document gives the same text when rendered again after the others (whatever is
kept warm between renders changes nothing on paper), and the PDF is written whole."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from bench import documents_bench
from ui import documents
from ui.documents import kind_titles

CONTEXTS, _MISSING = documents_bench.samples(list(kind_titles()))


@pytest.fixture(autouse=True)
def _app(qapp: Any) -> None:
    """Fonts need a QGuiApplication."""


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_every_kind_renders_the_same_text_again_after_the_others(tmp_path: Path) -> None:
    first = {
        kind: pdf_text(documents.render_pdf(kind, context, tmp_path / f"{kind}-1.pdf"))
        for kind, context in CONTEXTS.items()
    }
    for kind, context in reversed(CONTEXTS.items()):
        again = pdf_text(documents.render_pdf(kind, context, tmp_path / f"{kind}-2.pdf"))
        assert again == first[kind], kind
        # the printed title: the kind's name without a qualifier it may add (（行政拘留）), or
        # with its alternative chosen (查封（扣押）决定书 prints 查封决定书 or 扣押决定书)
        name = kind_titles()[kind].replace(" ", "")
        printed = "".join(again.split())
        titles = {
            name.split("（")[0],
            re.sub(r"（[^）]*）", "", name),
            re.sub(r"\w\w（(\w\w)）", r"\1", name),
        }
        assert any(title in printed for title in titles), (kind, titles)
    assert not list(tmp_path.glob(".*.part"))


def test_an_edited_stylesheet_is_read_again(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    source = documents_bench.SAMPLES.parent.parent / "resources" / "documents"
    folder.mkdir()
    for item in source.iterdir():
        (folder / item.name).write_bytes(item.read_bytes())
    kind = "rectification_order"
    before = documents.build_document(kind, CONTEXTS[kind], folder).defaultStyleSheet()
    (folder / "style.css").write_text("p { margin: 0; } /* edited */", encoding="utf-8")
    after = documents.build_document(kind, CONTEXTS[kind], folder).defaultStyleSheet()
    assert "/* edited */" not in before and "/* edited */" in after
