"""Enforcement documents to PDF: every kind of ``resources/documents/kinds.json``, each with a
sample context of bench/document_samples/ (what the app issues), beside the way officers
produce them today — a Word (.docx) template filled by text replacement and converted by
LibreOffice (bench/libreoffice.py), measured in the same run on the same data.

Ours: median of RUNS renders in this process (fonts loaded), one render in a new Python process
(interpreter, PySide6 and the font database included), and a batch of BATCH documents of every
kind in turn. LibreOffice: a new ``soffice`` process per document with its profile in place
(median of SOFFICE_RUNS), and one persistent soffice driven through UNO (median of UNO_RUNS
conversions per kind after a first one). The new-process ratio is per document (one
process makes one document), the warm ratio per page.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from bench import common, libreoffice
from bench.common import ROOT, emit, median, print_table

RUNS = 9
SOFFICE_RUNS = 3
UNO_RUNS = 5
BATCH = 100
TARGET_MS_PER_PAGE = 150.0
TARGET_VS_WARM = 15.0
TARGET_VS_NEW_PROCESS = 6.0
SAMPLES = Path(__file__).resolve().parent / "document_samples"


def samples(kinds: list[str]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The sample context of each kind, and the kinds that have none."""
    found, missing = {}, []
    for kind in kinds:
        path = SAMPLES / f"{kind}.json"
        if path.exists():
            found[kind] = json.loads(path.read_text(encoding="utf-8"))
        else:
            missing.append(kind)
    return found, missing


COLD_SCRIPT = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
from ui import documents
documents.render_pdf(sys.argv[2], json.load(sys.stdin), Path(sys.argv[3]))
"""


def ours_in_new_process(kind: str, context: dict[str, Any], out: Path) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", COLD_SCRIPT, str(ROOT), kind, str(out)],
        input=json.dumps(context, ensure_ascii=False),
        text=True,
        check=True,
        env=env,
        timeout=120,
    )
    return time.perf_counter() - start


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return median(times) * 1000


def run() -> dict[str, Any]:
    from PySide6.QtGui import QGuiApplication

    from ui import document_fonts, documents

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    titles = documents.kind_titles()
    contexts, missing = samples(list(titles))
    tiny = common.tiny()
    soffice = None if tiny else libreoffice.find_soffice()
    uno = libreoffice.uno_python() if soffice else None
    font = document_fonts.pick_cjk_family()
    rows: list[list[object]] = []
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        first_kind = next(iter(contexts))
        first_start = time.perf_counter()
        documents.render_pdf(first_kind, contexts[first_kind], folder / "0.pdf")
        first_ms = (time.perf_counter() - first_start) * 1000
        profile = folder / "profile"
        docx: dict[str, Path] = {}
        first_profile_ms = None
        if soffice:
            for kind, context in contexts.items():
                filled = libreoffice.filled_docx(kind, titles[kind], context, font)
                docx[kind] = libreoffice.write_docx(folder / f"{kind}.docx", filled)
            first_profile_ms = (
                libreoffice.soffice_convert(soffice, profile, [docx[first_kind]], folder) * 1000
            )
        warm = (
            libreoffice.soffice_warm(soffice, uno, profile, list(docx.values()), UNO_RUNS)
            if soffice and uno
            else {}
        )
        batch_s, batch_pages = _batch(documents, contexts, folder, 1 if tiny else BATCH)
        # the same batch with a TrueType CJK font for every role (as Windows' 仿宋/宋体 are):
        # Qt's PDF engine then embeds glyphs without converting CFF outlines
        truetype = truetype_family(document_fonts.installed_cjk_families())
        tt_batch: tuple[float, int] | None = None
        if truetype:
            document_fonts.prefer(truetype, truetype)
            try:
                tt_batch = _batch(documents, contexts, folder, 1 if tiny else BATCH, "tt-batch")
            finally:
                document_fonts.prefer("", "")
        for n, (kind, context) in enumerate(contexts.items()):
            pdf = folder / f"{kind}.pdf"
            ours_ms = _median_ms(
                partial(documents.render_pdf, kind, context, pdf), common.runs(RUNS)
            )
            pages = libreoffice.pdf_pages(pdf)
            cold_ms = (
                ours_in_new_process(kind, context, folder / f"{kind}-cold.pdf") * 1000
                if not tiny or n == 0
                else float("nan")
            )
            entry: dict[str, Any] = {
                "pages": pages,
                "ms_per_page": round(ours_ms / pages, 1),
                "new_process_ms": round(cold_ms) if cold_ms == cold_ms else None,
            }
            row: list[object] = [
                kind,
                titles[kind],
                pages,
                ours_ms / pages,
                entry["new_process_ms"],
            ]
            if soffice:
                entry.update(_soffice_figures(soffice, profile, folder, docx[kind]))
                lo_pages = entry["soffice_pages"]
                entry["ratio_new_process"] = round(entry["soffice_ms"] / cold_ms, 1)
                row += [lo_pages, entry["soffice_ms"], f"{entry['ratio_new_process']:g}x"]
                if docx[kind] in warm:
                    entry["soffice_warm_ms"] = round(warm[docx[kind]] * 1000, 1)
                    entry["ratio_warm_per_page"] = round(
                        entry["soffice_warm_ms"] / lo_pages / (ours_ms / pages), 1
                    )
                    row += [
                        entry["soffice_warm_ms"] / lo_pages,
                        f"{entry['ratio_warm_per_page']:g}x",
                    ]
                else:
                    row += ["n/a"] * 2
            else:
                row += ["n/a"] * 5
            rows.append(row)
            figures[kind] = entry
    del app  # the application object stays alive until here (fonts)
    print_table(
        "Enforcement documents to PDF: ours (Qt, this app) beside a .docx template converted "
        "by LibreOffice, same data, same run",
        [
            "kind",
            "document",
            "pages",
            "ours ms/page",
            "ours new process ms",
            "LO pages",
            "LO new process ms",
            "ratio new process",
            "LO warm (UNO) ms/page",
            "ratio warm/page",
        ],
        rows,
    )
    worst = max(f["ms_per_page"] for f in figures.values())
    batch_ms_page = batch_s * 1000 / batch_pages
    print(
        f"ours: median of {common.runs(RUNS)} renders per kind; first render in this process "
        f"{first_ms:.0f} ms (font database, glyph tables); a batch of {BATCH if not tiny else 1} "
        f"documents of every kind in turn: {batch_s:.2f} s, {batch_pages} pages, "
        f"{batch_ms_page:.1f} ms a page; target <= {TARGET_MS_PER_PAGE:g} ms a page, "
        f"worst {worst:g}"
    )
    if tt_batch is not None:
        print(
            f"the same batch with the TrueType font {truetype} for title and body: "
            f"{tt_batch[0]:.2f} s, {tt_batch[1]} pages, {tt_batch[0] * 1000 / tt_batch[1]:.1f} ms "
            "a page"
        )
    if soffice:
        print(
            f"LibreOffice: new process = one soffice per document, profile in place (median of "
            f"{SOFFICE_RUNS}); warm = one persistent soffice driven through UNO, median of "
            f"{UNO_RUNS} conversions per kind after a first one; first conversion with a new "
            f"profile {first_profile_ms:.0f} ms"
        )
        if not uno:
            print(libreoffice.UNO_HINT)
    elif not tiny:
        print(libreoffice.SOFFICE_HINT)
    if missing:
        print(f"NO SAMPLE CONTEXT (add bench/document_samples/KIND.json): {', '.join(missing)}")
    ratios_new = [f["ratio_new_process"] for f in figures.values() if "ratio_new_process" in f]
    ratios_warm = [f["ratio_warm_per_page"] for f in figures.values() if "ratio_warm_per_page" in f]
    return emit(
        "documents",
        {
            "kinds": figures,
            "missing_samples": missing,
            "first_render_ms": round(first_ms),
            "worst_ms_per_page": worst,
            "batch": {
                "documents": BATCH if not tiny else 1,
                "seconds": round(batch_s, 2),
                "pages": batch_pages,
                "ms_per_page": round(batch_ms_page, 1),
            },
            "truetype_batch": {
                "family": truetype,
                "seconds": round(tt_batch[0], 2),
                "pages": tt_batch[1],
                "ms_per_page": round(tt_batch[0] * 1000 / tt_batch[1], 1),
            }
            if tt_batch is not None
            else None,
            "at_target": worst <= TARGET_MS_PER_PAGE,
            "min_ratio_new_process": min(ratios_new) if ratios_new else None,
            "min_ratio_warm_per_page": min(ratios_warm) if ratios_warm else None,
            "new_process_at_target": bool(ratios_new) and min(ratios_new) >= TARGET_VS_NEW_PROCESS,
            "warm_at_target": bool(ratios_warm) and min(ratios_warm) >= TARGET_VS_WARM,
            "soffice": bool(soffice),
            "uno": bool(uno),
            "soffice_first_profile_ms": round(first_profile_ms) if first_profile_ms else None,
        },
    )


def truetype_family(families: list[str]) -> str | None:
    """An installed Chinese family whose outlines are TrueType (a ``glyf`` table), if any."""
    from PySide6.QtGui import QFont, QRawFont

    for family in sorted(families):
        if QRawFont.fromFont(QFont(family)).fontTable("glyf"):
            return family
    return None


def _batch(
    documents: Any,
    contexts: dict[str, dict[str, Any]],
    folder: Path,
    count: int,
    name: str = "batch",
) -> tuple[float, int]:
    """Seconds to render ``count`` documents, the kinds in turn, and their pages."""
    kinds = list(contexts)
    out = folder / name
    out.mkdir()
    pages = 0
    start = time.perf_counter()
    for n in range(count):
        kind = kinds[n % len(kinds)]
        documents.render_pdf(kind, contexts[kind], out / f"{n}.pdf")
    elapsed = time.perf_counter() - start
    for n in range(count):
        pages += libreoffice.pdf_pages(out / f"{n}.pdf")
    return elapsed, pages


def _soffice_figures(soffice: str, profile: Path, folder: Path, docx: Path) -> dict[str, Any]:
    out = folder / f"lo-{docx.stem}"
    out.mkdir()
    single = [
        libreoffice.soffice_convert(soffice, profile, [docx], out) for _ in range(SOFFICE_RUNS)
    ]
    return {
        "soffice_pages": libreoffice.pdf_pages(out / f"{docx.stem}.pdf"),
        "soffice_ms": round(median(single) * 1000),
    }
