"""The way officers produce documents today, as the documents benchmark's baseline: a Word
(.docx) template filled by text replacement (what a mail-merge script does) and converted to PDF
by LibreOffice — either a new ``soffice --convert-to pdf`` process per document, or one
persistent ``soffice`` driven through UNO (its warm cost per document, measured inside the
driver). The UNO driver runs under the system Python that ships LibreOffice's ``uno`` module.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

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
    for side in context.get("signatures", {}):
        body.append(w.para(f"{SIGNERS.get(side, side)}：______________　«issued_on»"))
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


SOFFICE_HINT = (
    "LibreOffice (soffice) not found: install it to measure the baseline, e.g. "
    "`apt-get install -y --no-install-recommends libreoffice-writer python3-uno` (Debian/Ubuntu)."
)
UNO_HINT = (
    "LibreOffice's Python bridge (uno) not found: install it for the warm figure, e.g. "
    "`apt-get install -y --no-install-recommends python3-uno` (Debian/Ubuntu)."
)

# Runs under the system Python (LibreOffice's ``uno`` module): connects to the soffice listening
# on the pipe, converts each .docx once to warm up, then RUNS more times; prints the median
# seconds of each file as one JSON object, then ends soffice.
UNO_DRIVER = r"""
import json, sys, time
import uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p

pipe, runs, jobs = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext(
    "com.sun.star.bridge.UnoUrlResolver", local)
deadline = time.monotonic() + 120
while True:
    try:
        ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        break
    except Exception:
        if time.monotonic() > deadline:
            raise
        time.sleep(0.2)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)

def convert(src, dst):
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),))
    try:
        doc.storeToURL(uno.systemPathToFileUrl(dst), (prop("FilterName", "writer_pdf_Export"),))
    finally:
        doc.close(True)

result = {}
for src, dst in jobs:
    convert(src, dst)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        convert(src, dst)
        times.append(time.perf_counter() - start)
    result[src] = sorted(times)[len(times) // 2]
print(json.dumps(result), flush=True)
try:
    desktop.terminate()
except Exception:
    pass
"""


def uno_python() -> str | None:
    """A Python that can import LibreOffice's ``uno`` module (the system one), if any."""
    for candidate in ("/usr/bin/python3", shutil.which("python3")):
        if not candidate:
            continue
        try:
            found = subprocess.run(
                [candidate, "-c", "import uno"], capture_output=True, timeout=30
            ).returncode
        except (OSError, subprocess.SubprocessError):
            continue
        if found == 0:
            return candidate
    return None


def soffice_warm(
    soffice: str, python: str, profile: Path, files: Sequence[Path], runs: int
) -> dict[Path, float]:
    """Seconds per conversion of each file by one persistent soffice driven through UNO
    (median of ``runs`` after a first conversion of that file)."""
    pipe = f"fi-bench-{time.monotonic_ns()}"
    office = subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with tempfile.TemporaryDirectory(prefix="uno-") as out:
            jobs = [[str(f), str(Path(out) / f"{f.stem}.pdf")] for f in files]
            answer = subprocess.run(
                [python, "-c", UNO_DRIVER, pipe, str(runs), json.dumps(jobs)],
                capture_output=True,
                text=True,
                timeout=1800,
                check=True,
            )
        times = json.loads(answer.stdout.strip().splitlines()[-1])
        return {Path(src): float(seconds) for src, seconds in times.items()}
    finally:
        try:
            office.wait(30)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait(30)


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def filled_docx(kind: str, title: str, context: Mapping[str, Any], font: str) -> str:
    """The filled document.xml of ``kind``'s Word template."""
    return fill_docx_template(docx_template(kind, title, context, font), context)
