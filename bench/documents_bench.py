"""Inspection documents to PDF: time to render each of the four kinds (ms per page), beside the
way officers produce them today — a Word (.docx) template filled by text replacement and
converted with LibreOffice headless (``soffice --headless --convert-to pdf``), measured in the
same run on the same data.

Ours: median of RUNS renders in this process (fonts loaded), and one render in a new Python
process (interpreter, PySide6 and the font database included). LibreOffice: a new ``soffice``
process per document with its profile in place (median of SOFFICE_RUNS), the extra time of each
further document converted in the same process (its warm cost), and once the first conversion
with a new profile. The .docx template is written here with ``zipfile``: the same fields as our
template, one table row per list item, the same font and A4 margins.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from bench.common import ROOT, emit, median, print_table

RUNS = 9
SOFFICE_RUNS = 3
WARM_BATCH = 4  # further documents in one soffice process, for its warm cost per document
TARGET_MS_PER_PAGE = 150.0
INSTALL_HINT = (
    "LibreOffice (soffice) not found: install it to measure the baseline, e.g. "
    "`apt-get install -y --no-install-recommends libreoffice-writer` (Debian/Ubuntu)."
)

ENTERPRISE = {
    "name": "嘉兴市南湖区长城精密机械有限公司",
    "address": "浙江省嘉兴市南湖区大桥镇工业园区亚太路1号",
    "legal_rep": "沈建国",
    "legal_rep_title": "总经理",
    "contact_phone": "0573-82281234",
    "uscc": "91330402MA2B3C4D1N",
}
OFFICERS = [
    {"name": "张伟", "certificate_no": "33040020230017"},
    {"name": "李明", "certificate_no": "33040020230042"},
]
SIGNATURES = [{"name": "张伟", "image": None}, {"name": "李明", "image": None}]
RECEIVER = {"name": "沈建国", "image": None}
REMEDY = {"review_body": "嘉兴市人民政府", "review_days": 60, "litigation_months": 6}
BASES = [
    "《中华人民共和国安全生产法》第四十二条",
    "《中华人民共和国安全生产法》第三十六条第一款",
    "《中华人民共和国安全生产法》第四十一条第二款",
    "《中华人民共和国安全生产法》第二十八条第一款",
]
PROBLEMS = [
    "一号车间东侧安全出口被成品货架堵塞",
    "配电箱未设置漏电保护装置，箱门锁具缺失",
    "未如实记录事故隐患排查治理情况",
    "新进员工未经安全生产教育和培训即上岗作业",
    "危险化学品仓库内甲类物品与氧化剂混存",
    "冲压机光电保护装置被拆除",
]


def common(number: str) -> dict[str, Any]:
    return {
        "number": number,
        "authority": "嘉兴市应急管理局",
        "issued_on": "2026年11月29日",
        "enterprise": ENTERPRISE,
        "officers": OFFICERS,
    }


CONTEXTS: dict[str, dict[str, Any]] = {
    "inspection_record": {
        **common("（嘉）应急检记〔2026〕17号"),
        "place": "一号生产车间、配电房、危险化学品仓库",
        "started_at": "2026年11月29日09时30分",
        "ended_at": "2026年11月29日11时00分",
        "inspection_kind": "计划检查",
        "person_in_charge": {"name": "王海东", "title": "安全主管", "phone": "13905731234"},
        "certificates_shown": True,
        "situation": "检查了一号生产车间、配电房和危险化学品仓库，查阅了安全生产责任制、"
        "教育培训记录和隐患排查台账。\n车间内叉车作业区与人行通道未分隔。",
        "hazards": [
            {
                "seq": n + 1,
                "description": problem,
                "location": "一号车间",
                "basis": BASES[n % len(BASES)],
                "major": n == 4,
                "measure": "责令限期整改",
            }
            for n, problem in enumerate(PROBLEMS)
        ],
        "signatures": {
            "officers": SIGNATURES,
            "person_in_charge": {"name": "王海东", "refused": True, "witness": "赵丽"},
        },
    },
    "onsite_measures": {
        **common("（嘉）应急现决〔2026〕3号"),
        "findings": [
            {"seq": 1, "description": PROBLEMS[4], "location": "危险化学品仓库"},
            {"seq": 2, "description": PROBLEMS[5], "location": "二号车间"},
        ],
        "basis": "《中华人民共和国安全生产法》第六十五条第一款第（三）项",
        "measures": ["从危险区域内撤出作业人员", "责令暂时停产停业"],
        "remedy": REMEDY,
        "signatures": {"officers": SIGNATURES, "receiver": RECEIVER},
    },
    "rectification_order": {
        **common("（嘉）应急责改〔2026〕5号"),
        "items": [
            {
                "seq": n + 1,
                "description": problem,
                "basis": BASES[n % len(BASES)],
                "deadline": "2026年12月15日",
            }
            for n, problem in enumerate(PROBLEMS[:4])
        ],
        "deadline": "2026年12月15日",
        "remedy": REMEDY,
        "signatures": {"officers": SIGNATURES, "receiver": RECEIVER},
    },
    "review_opinion": {
        **common("（嘉）应急复查〔2026〕8号"),
        "issued_on": "2026年12月16日",
        "order_number": "（嘉）应急责改〔2026〕5号",
        "review_date": "2026年12月16日",
        "items": [
            {
                "seq": n + 1,
                "description": problem,
                "result": "未整改" if n == 2 else "已整改",
                "note": "台账仍未建立" if n == 2 else "经现场核实已整改",
            }
            for n, problem in enumerate(PROBLEMS[:4])
        ],
        "conclusion": "第3项逾期未整改，依法立案查处。",
        "signatures": {"officers": SIGNATURES, "receiver": RECEIVER},
    },
}

# --- the .docx baseline ------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
LABELS = {
    "enterprise.name": "被检查单位",
    "enterprise.uscc": "统一社会信用代码",
    "enterprise.address": "地址",
    "enterprise.legal_rep": "法定代表人（负责人）",
    "enterprise.legal_rep_title": "职务",
    "enterprise.contact_phone": "联系电话",
    "person_in_charge.name": "现场负责人",
    "person_in_charge.title": "现场负责人职务",
    "person_in_charge.phone": "现场负责人电话",
    "place": "检查场所",
    "started_at": "检查开始时间",
    "ended_at": "检查结束时间",
    "inspection_kind": "检查类别",
    "situation": "检查情况",
    "basis": "依据",
    "deadline": "整改期限",
    "order_number": "责令限期整改指令书",
    "review_date": "复查日期",
    "conclusion": "处理意见",
    "remedy.review_body": "行政复议机关",
}
COLUMNS = {
    "seq": "序号",
    "description": "存在的问题",
    "location": "部位",
    "basis": "依据",
    "major": "重大隐患",
    "measure": "处理措施",
    "deadline": "整改期限",
    "result": "复查结果",
    "note": "说明",
    "name": "执法人员",
    "certificate_no": "执法证号",
}
SIGNERS = {
    "officers": "执法人员（签名）",
    "person_in_charge": "现场负责人（签名）",
    "receiver": "被检查单位负责人（签收）",
}
REMEDY_TEXT = (
    "如不服本决定，可以自收到之日起«remedy.review_days»日内向«remedy.review_body»申请行政复议，"
    "或者在«remedy.litigation_months»个月内依法向人民法院提起行政诉讼。"
)


class _Writer:
    """WordprocessingML paragraphs and tables in one font."""

    def __init__(self, font: str) -> None:
        self.font = escape(font, {'"': "&quot;"})

    def para(self, text: str, size_pt: float = 12, bold: bool = False, align: str = "left") -> str:
        f = self.font
        props = (
            f'<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}"/>'
            + ("<w:b/>" if bold else "")
            + f'<w:sz w:val="{round(size_pt * 2)}"/><w:lang w:eastAsia="zh-CN"/>'
        )
        run = f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'
        return f'<w:p><w:pPr><w:jc w:val="{align}"/></w:pPr>{run}</w:p>'

    def table(self, name: str, columns: Sequence[str]) -> str:
        """A bordered table: a header row, then the row template repeated per item of
        ``name``."""
        border = '<w:{0} w:val="single" w:sz="6" w:space="0" w:color="000000"/>'
        sides = ("top", "left", "bottom", "right", "insideH", "insideV")
        borders = "".join(border.format(side) for side in sides)

        def row(cells: Sequence[str], bold: bool) -> str:
            tcs = "".join(f"<w:tc>{self.para(c, 10.5, bold)}</w:tc>" for c in cells)
            return f"<w:tr>{tcs}</w:tr>"

        template = row([f"«{name}.{c}»" for c in columns], False)
        header = row([COLUMNS.get(c, c) for c in columns], True)
        return (
            f'<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>{borders}'
            f"</w:tblBorders></w:tblPr>{header}"
            f"<!--repeat {name}-->{template}<!--end {name}--></w:tbl>"
        )


def docx_template(kind: str, title: str, context: Mapping[str, Any], font: str) -> str:
    """document.xml of a Word template for ``kind`` with «path» fields for every value."""
    w = _Writer(font)
    body = [
        w.para("«authority»", 18, True, "center"),
        w.para(title, 22, True, "center"),
        w.para("«number»", 14, False, "right"),
    ]
    for path, _value in _scalars(context):
        if path in ("authority", "number", "issued_on") or path.startswith("remedy."):
            continue
        body.append(w.para(f"{LABELS.get(path, path)}：«{path}»"))
    for key, value in context.items():
        if isinstance(value, list) and value and isinstance(value[0], Mapping):
            body.append(w.table(key, list(value[0])))
        elif isinstance(value, list):
            body.append(f"<!--repeat {key}-->{w.para(f'«{key}.value»')}<!--end {key}-->")
    if "remedy" in context:
        body.append(w.para(REMEDY_TEXT))
    for side in context["signatures"]:
        body.append(w.para(f"{SIGNERS[side]}：______________　«issued_on»"))
    body.append(w.para("«authority»（印章）", align="right"))
    body.append(w.para("«issued_on»", align="right"))
    section = (
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1247" w:right="1474" '
        'w:bottom="1134" w:left="1588" w:header="0" w:footer="0" w:gutter="0"/></w:sectPr>'
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}">'
        f"<w:body>{''.join(body)}{section}</w:body></w:document>"
    )


def _scalars(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    if isinstance(value, Mapping):
        found: list[tuple[str, Any]] = []
        for key, item in value.items():
            if key != "signatures":
                found += _scalars(item, f"{prefix}{key}.")
        return found
    if isinstance(value, list) or isinstance(value, bool):
        return []
    return [(prefix.rstrip("."), value)]


def fill_docx_template(template: str, context: Mapping[str, Any]) -> str:
    """What a mail-merge script does: repeat the list rows, then replace every «field»."""

    def repeat(match: re.Match[str]) -> str:
        name, row = match.group(1), match.group(2)
        rows = []
        for item in context[name]:
            fields = item if isinstance(item, Mapping) else {"value": item}
            filled = row
            for key, value in fields.items():
                shown = ("是" if value else "否") if isinstance(value, bool) else str(value)
                filled = filled.replace(f"«{name}.{key}»", escape(shown))
            rows.append(filled)
        return "".join(rows)

    text = re.sub(r"<!--repeat (\w+)-->(.*?)<!--end \1-->", repeat, template, flags=re.DOTALL)
    for path, value in _scalars(context):
        text = text.replace(f"«{path}»", escape(str(value)))
    return text


def write_docx(path: Path, document_xml: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", PACKAGE_RELS)
        package.writestr("word/document.xml", document_xml)
    return path


def soffice_convert(soffice: str, profile: Path, files: Sequence[Path], outdir: Path) -> float:
    """Seconds for one ``soffice --convert-to pdf`` process converting ``files``."""
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        *map(str, files),
    ]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    elapsed = time.perf_counter() - start
    missing = [f for f in files if not (outdir / f"{f.stem}.pdf").exists()]
    if missing:
        raise RuntimeError(f"soffice did not convert {missing}")
    return elapsed


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    return int(found.group(1)) if found else 0


# --- ours ----------------------------------------------------------------------------------------

COLD_SCRIPT = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
from ui import documents
documents.render_pdf(sys.argv[2], json.load(sys.stdin), Path(sys.argv[3]))
"""


def ours_in_new_process(kind: str, out: Path) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", COLD_SCRIPT, str(ROOT), kind, str(out)],
        input=json.dumps(CONTEXTS[kind], ensure_ascii=False),
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
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    font = document_fonts.pick_cjk_family()
    rows: list[list[object]] = []
    figures: dict[str, Any] = {}
    first_profile_ms: float | None = None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        first_start = time.perf_counter()
        documents.render_pdf("inspection_record", CONTEXTS["inspection_record"], folder / "0.pdf")
        first_ms = (time.perf_counter() - first_start) * 1000
        profile = folder / "profile"
        if soffice:
            warmup = write_docx(folder / "warmup.docx", _filled("inspection_record", font))
            first_profile_ms = soffice_convert(soffice, profile, [warmup], folder) * 1000
        for kind, title in documents.kind_titles().items():
            context = CONTEXTS[kind]
            pdf = folder / f"{kind}.pdf"
            ours_ms = _median_ms(partial(documents.render_pdf, kind, context, pdf), RUNS)
            pages = pdf_pages(pdf)
            cold_ms = ours_in_new_process(kind, folder / f"{kind}-cold.pdf") * 1000
            entry: dict[str, Any] = {
                "pages": pages,
                "ms_per_page": round(ours_ms / pages, 1),
                "new_process_ms": round(cold_ms),
            }
            row: list[object] = [kind, title, pages, ours_ms / pages, round(cold_ms)]
            if soffice:
                entry.update(_soffice_figures(soffice, profile, folder, kind, font))
                entry["ratio_new_process"] = round(entry["soffice_ms"] / cold_ms, 1)
                entry["ratio_warm_per_page"] = round(
                    entry["soffice_warm_ms"] / entry["soffice_pages"] / (ours_ms / pages), 1
                )
                row += [
                    entry["soffice_pages"],
                    entry["soffice_ms"],
                    entry["soffice_warm_ms"] / entry["soffice_pages"],
                    f"{entry['ratio_new_process']:g}x",
                    f"{entry['ratio_warm_per_page']:g}x",
                ]
            else:
                row += ["n/a"] * 5
            rows.append(row)
            figures[kind] = entry
    from bench import history_bench

    history = history_bench.measure()
    del app  # the application object stays alive until here (fonts)
    print_table(
        "Inspection documents to PDF (ms): ours (Qt, this app) beside a .docx template "
        "converted by LibreOffice headless, same data, same run",
        [
            "kind",
            "document",
            "pages",
            "ours ms/page",
            "ours new process",
            "LO pages",
            "LO new process",
            "LO warm ms/page",
            "ratio new process",
            "ratio warm/page",
        ],
        rows,
    )
    worst = max(f["ms_per_page"] for f in figures.values())
    print(
        f"ours: median of {RUNS} renders per kind; first render in this process "
        f"{first_ms:.0f} ms (font database, glyph tables); target <= {TARGET_MS_PER_PAGE:g} "
        f"ms a page, worst {worst:g}"
    )
    if soffice:
        print(
            f"LibreOffice: new process = one soffice per document, profile in place (median of "
            f"{SOFFICE_RUNS}); warm = extra time per document when {WARM_BATCH} more are "
            f"converted by the same process (medians); first conversion with a new profile "
            f"{first_profile_ms:.0f} ms"
        )
    else:
        print(INSTALL_HINT)
    return emit(
        "documents",
        {
            "kinds": figures,
            "first_render_ms": round(first_ms),
            "worst_ms_per_page": worst,
            "at_target": worst <= TARGET_MS_PER_PAGE,
            "soffice": bool(soffice),
            "soffice_first_profile_ms": round(first_profile_ms) if first_profile_ms else None,
            "enterprise_page": history,
        },
    )


def _filled(kind: str, font: str) -> str:
    from ui.documents import kind_titles

    template = docx_template(kind, kind_titles()[kind], CONTEXTS[kind], font)
    return fill_docx_template(template, CONTEXTS[kind])


def _soffice_figures(
    soffice: str, profile: Path, folder: Path, kind: str, font: str
) -> dict[str, Any]:
    out = folder / f"lo-{kind}"
    out.mkdir()
    docx = write_docx(out / f"{kind}.docx", _filled(kind, font))
    single = [soffice_convert(soffice, profile, [docx], out) for _ in range(SOFFICE_RUNS)]
    copies = [shutil.copy(docx, out / f"{kind}-{n}.docx") for n in range(WARM_BATCH)]
    files = [docx, *map(Path, copies)]
    batch = [soffice_convert(soffice, profile, files, out) for _ in range(SOFFICE_RUNS)]
    single_s, batch_s = median(single), median(batch)
    return {
        "soffice_pages": pdf_pages(out / f"{kind}.pdf"),
        "soffice_ms": round(single_s * 1000),
        "soffice_warm_ms": round(max(batch_s - single_s, 0.0) / WARM_BATCH * 1000, 1),
    }
