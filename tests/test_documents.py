"""The four inspection documents: filled from the templates, written as PDF, printed."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QFontDatabase, QImage, QPageSize, QPainter, QPen
from PySide6.QtPrintSupport import QPrinter

from inspector_app.documents import kinds
from inspector_app.documents.templates import DocumentError, TemplateError
from ui import document_fonts, documents
from ui.documents import kind_titles

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
OFFICER_SIGNATURES = [{"name": "张伟", "image": None}, {"name": "李明", "image": None}]
RECEIVER = {"name": "沈建国", "image": None}
REMEDY = {
    "review_body": "海宁市人民政府",
    "review_days": 60,
    "litigation_months": 6,
    "court": "海宁市人民法院",
}


def common(number: str) -> dict[str, Any]:
    return {
        "number": number,
        "authority": "嘉兴市应急管理局",
        "issued_on": "2026年11月29日",
        "enterprise": ENTERPRISE,
        "officers": OFFICERS,
    }


INSPECTION_RECORD = {
    **common("（嘉）应急检记〔2026〕17号"),
    "place": "一号生产车间、危险化学品仓库",
    "started_at": "2026年11月29日09时30分",
    "ended_at": "2026年11月29日11时00分",
    "inspection_kind": "计划检查",
    "person_in_charge": {"name": "王海东", "title": "安全主管", "phone": "13905731234"},
    "certificates_shown": True,
    "situation": "检查了一号生产车间和危险化学品仓库，查阅了教育培训记录和隐患排查台账。",
    "hazards": [
        {
            "seq": 1,
            "description": "一号车间东侧安全出口被成品货架堵塞",
            "location": "一号车间",
            "basis": "《中华人民共和国安全生产法》第四十二条",
            "major": False,
            "measure": "责令限期整改",
        },
        {
            "seq": 2,
            "description": "危险化学品仓库内甲类物品与氧化剂混存",
            "location": "危险化学品仓库",
            "basis": "《中华人民共和国安全生产法》第三十九条第一款",
            "major": True,
            "measure": "责令立即排除",
        },
    ],
    "signatures": {
        "officers": OFFICER_SIGNATURES,
        "person_in_charge": {"name": "王海东", "refused": True, "witness": "赵丽（大桥镇安全员）"},
    },
}
ONSITE_MEASURES = {
    **common("（嘉）应急现决〔2026〕3号"),
    "findings": [
        {
            "seq": 1,
            "description": "危险化学品仓库内甲类物品与氧化剂混存，存在火灾爆炸危险",
            "location": "危险化学品仓库",
        },
        {"seq": 2, "description": "喷涂间可燃气体报警装置失效仍在作业", "location": "二号车间"},
    ],
    "basis": "《中华人民共和国安全生产法》第六十五条第一款第（三）项",
    "measures": ["从危险区域内撤出作业人员", "责令暂时停产停业"],
    "remedy": REMEDY,
    "signatures": {"officers": OFFICER_SIGNATURES, "receiver": RECEIVER},
}
RECTIFICATION_ORDER = {
    **common("（嘉）应急责改〔2026〕5号"),
    "items": [
        {
            "seq": 1,
            "description": "一号车间东侧安全出口被成品货架堵塞",
            "basis": "《中华人民共和国安全生产法》第四十二条",
            "deadline": "2026年12月5日",
        },
        {
            "seq": 2,
            "description": "未如实记录事故隐患排查治理情况",
            "basis": "《中华人民共和国安全生产法》第四十一条第二款",
            "deadline": "2026年12月15日",
        },
    ],
    "deadline": "2026年12月15日",
    "remedy": {k: v for k, v in REMEDY.items() if k != "court"},  # the court is optional
    "signatures": {"officers": OFFICER_SIGNATURES, "receiver": RECEIVER},
}
REVIEW_OPINION = {
    **common("（嘉）应急复查〔2026〕8号"),
    "issued_on": "2026年12月16日",
    "order_number": "（嘉）应急责改〔2026〕5号",
    "review_date": "2026年12月16日",
    "items": [
        {
            "seq": 1,
            "description": "一号车间东侧安全出口被成品货架堵塞",
            "result": "已整改",
            "note": "货架已移除",
        },
        {
            "seq": 2,
            "description": "未如实记录事故隐患排查治理情况",
            "result": "未整改",
            "note": "",
        },
    ],
    "conclusion": "第2项逾期未整改，依法立案查处。",
    "signatures": {"officers": OFFICER_SIGNATURES, "receiver": RECEIVER},
}
CONTEXTS: dict[str, dict[str, Any]] = {
    "inspection_record": INSPECTION_RECORD,
    "onsite_measures": ONSITE_MEASURES,
    "rectification_order": RECTIFICATION_ORDER,
    "review_opinion": REVIEW_OPINION,
}

# what each document must show besides the common fields
KEY_FIELDS = {
    "inspection_record": ["2026年11月29日09时30分", "一号生产车间", "王海东", "执法证件"],
    "onsite_measures": [
        "第六十五条第一款第（三）项",
        "从危险区域内撤出作业人员",
        "海宁市人民政府申请行政复议",
        "60日",
        "6个月",
        "海宁市人民法院",
    ],
    "rectification_order": [
        "2026年12月5日",
        "2026年12月15日",
        "海宁市人民政府申请行政复议",
        "60日",
        "6个月",
        "依法向人民法院提起行政诉讼",
    ],
    "review_opinion": ["（嘉）应急责改〔2026〕5号", "2026年12月16日", "已整改", "未整改", "立案"],
}


@pytest.fixture(autouse=True)
def _app(qapp: Any) -> None:
    """Fonts need a QGuiApplication."""


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pdf_text(path: Path, *pages: int) -> str:
    first_last = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    return run("pdftotext", *first_last, str(path), "-")


def flat(text: str) -> str:
    """Text without white space: a field may wrap at the end of a line or a cell."""
    return "".join(text.split())


def page_count(path: Path) -> int:
    found = re.search(r"^Pages:\s+(\d+)", run("pdfinfo", str(path)), re.MULTILINE)
    assert found
    return int(found.group(1))


def with_change(context: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of ``context`` with ``path`` ("a.b.0.c") set, or deleted when ``value`` is
    ``DELETE``."""
    changed = copy.deepcopy(context)
    *parents, last = path.split(".")
    target: Any = changed
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value
    return changed


DELETE = object()


@pytest.mark.parametrize("kind", list(CONTEXTS))
def test_each_document_shows_its_key_fields(kind: str, tmp_path: Path) -> None:
    context = CONTEXTS[kind]
    path = documents.render_pdf(kind, context, tmp_path / f"{kind}.pdf")
    text = flat(pdf_text(path))
    expected = [
        kind_titles()[kind],
        context["number"],
        "嘉兴市应急管理局",
        ENTERPRISE["name"],
        *(officer[key] for officer in OFFICERS for key in ("name", "certificate_no")),
        context["issued_on"],
        *KEY_FIELDS[kind],
    ]
    if kind != "review_opinion":  # the review names the order, not the enterprise's code
        expected.append(ENTERPRISE["uscc"])
    missing = [field for field in expected if flat(field) not in text]
    assert not missing, f"{kind}: {missing} not in {text}"
    info = run("pdfinfo", str(path))
    assert f"{kind_titles()[kind]} {context['number']}" in info
    assert "Field Inspector" in info
    assert "(A4)" in info


@pytest.mark.parametrize("kind", list(CONTEXTS))
def test_fonts_are_embedded(kind: str, tmp_path: Path) -> None:
    path = documents.render_pdf(kind, CONTEXTS[kind], tmp_path / "doc.pdf")
    rows = run("pdffonts", str(path)).splitlines()[2:]
    assert rows
    for row in rows:
        emb = row.split()[-5]
        assert emb == "yes", row


def test_two_renders_give_the_same_text(tmp_path: Path) -> None:
    first = documents.render_pdf("inspection_record", INSPECTION_RECORD, tmp_path / "a.pdf")
    second = documents.render_pdf("inspection_record", INSPECTION_RECORD, tmp_path / "b.pdf")
    assert pdf_text(first) == pdf_text(second)
    assert not list(tmp_path.glob(".*.part"))


def test_text_extracts_as_chinese_characters_not_radicals(tmp_path: Path) -> None:
    # Noto CJK draws 一 人 车 长 门 见 with the glyphs of Kangxi radicals; the PDF must still
    # give the characters when copied or searched
    words = "一人车长门见工厂大日月金"
    context = with_change(ONSITE_MEASURES, "findings.0.description", f"叉车{words}")
    path = documents.render_pdf("onsite_measures", context, tmp_path / "doc.pdf")
    text = pdf_text(path)
    assert words in flat(text)
    assert not [ch for ch in text if 0x2E80 <= ord(ch) <= 0x2FDF], "radicals in the text"


def test_pdf_cross_references_point_at_their_objects(tmp_path: Path) -> None:
    data = documents.render_pdf("review_opinion", REVIEW_OPINION, tmp_path / "d.pdf").read_bytes()
    start = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    head = re.compile(rb"xref\n0 (\d+)\n").match(data, start)
    assert head, "xref table where startxref says"
    for number in range(1, int(head.group(1))):
        row = data[head.end() + 20 * number : head.end() + 20 * number + 20]
        if row.endswith(b"n \n"):
            offset = int(row[:10])
            assert data[offset:].startswith(b"%d 0 obj" % number), number


def test_credit_code_digits_beside_letters_survive(tmp_path: Path) -> None:
    path = documents.render_pdf("rectification_order", RECTIFICATION_ORDER, tmp_path / "r.pdf")
    assert "91330402MA2B3C4D1N" in pdf_text(path)


def test_missing_key_names_the_template_and_the_key() -> None:
    context = with_change(INSPECTION_RECORD, "enterprise.uscc", DELETE)
    with pytest.raises(TemplateError) as caught:
        documents.render_html("inspection_record", context)
    assert caught.value.key == "enterprise.uscc"
    assert caught.value.template == "inspection_record.html"
    assert "enterprise.uscc" in caught.value.zh and "inspection_record.html" in caught.value.zh
    assert "enterprise.uscc" in caught.value.en


def test_missing_key_inside_a_list_names_the_item() -> None:
    context = with_change(INSPECTION_RECORD, "hazards.1.basis", DELETE)
    with pytest.raises(TemplateError, match=r"hazards\[1\]\.basis"):
        documents.render_html("inspection_record", context)


@pytest.mark.parametrize(
    ("value", "message"), [(None, "为空"), (["a"], "不是文字"), (True, "不是文字")]
)
def test_a_value_that_is_not_text_is_refused(value: Any, message: str) -> None:
    context = with_change(REVIEW_OPINION, "conclusion", value)
    with pytest.raises(TemplateError, match=message) as caught:
        documents.render_html("review_opinion", context)
    assert caught.value.key == "conclusion"


def edited_templates(tmp_path: Path, kind: str, old: str, new: str) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(kinds.templates_dir(), folder)
    template = folder / f"{kind}.html"
    text = template.read_text(encoding="utf-8")
    assert old in text
    template.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("new", "key"),
    [
        ("{{ enterprise.fax }}", "enterprise.fax"),
        ("{{ inspector }}", "inspector"),
        ("{{ number | upper }}", "upper"),
        ("{{ enterprise name }}", "{{ enterprise name }}"),
        ("{% while hazards %}", "{% while hazards %}"),
        ("{{ number", "{{"),
        ("{% if certificates_shown %}", "if certificates_shown"),
        ("{% endfor %}", "{% endfor %}"),
        ("{% else %}", "{% else %}"),
        ("{% for x in hazards[0] %}", "{% for x in hazards[0] %}"),
    ],
)
def test_unknown_or_broken_placeholder_names_the_key(tmp_path: Path, new: str, key: str) -> None:
    folder = edited_templates(tmp_path, "inspection_record", "现场检查记录</p>", f"{new}</p>")
    text = (folder / "inspection_record.html").read_text(encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        documents.render_html("inspection_record", INSPECTION_RECORD, folder)
    assert caught.value.key == key
    assert caught.value.template == "inspection_record.html"
    assert caught.value.line == text[: text.index(new)].count("\n") + 1
    assert key in str(caught.value)


def test_a_city_can_change_the_wording(tmp_path: Path) -> None:
    folder = edited_templates(
        tmp_path, "review_opinion", "处理意见：", "{# 海宁用语 #}下一步处理意见："
    )
    path = documents.render_pdf("review_opinion", REVIEW_OPINION, tmp_path / "r.pdf", folder)
    text = pdf_text(path)
    assert "下一步处理意见：" in text
    assert "海宁用语" not in text


def test_html_in_a_value_is_printed_literally(tmp_path: Path) -> None:
    name = '嘉兴<b>&amp;"精工"</b>有限公司'
    context = with_change(RECTIFICATION_ORDER, "enterprise.name", name)
    assert "&lt;b&gt;&amp;amp;" in documents.render_html("rectification_order", context)
    path = documents.render_pdf("rectification_order", context, tmp_path / "r.pdf")
    assert name in pdf_text(path)


def test_line_breaks_in_free_text_are_kept(tmp_path: Path) -> None:
    context = with_change(INSPECTION_RECORD, "situation", "第一段<情况>。\r\n\n第二段情况。")
    context = with_change(context, "place", "一号车间\n二号车间")
    markup = documents.render_html("inspection_record", context)
    # "| paragraphs": one indented paragraph per line; a plain placeholder keeps the break
    assert '<p class="paragraph">第一段&lt;情况&gt;。</p><p class="paragraph">第二段情况。</p>' in (
        markup
    )
    assert "一号车间<br />二号车间" in markup
    path = documents.render_pdf("inspection_record", context, tmp_path / "i.pdf")
    assert "第一段<情况>。\n第二段情况。" in pdf_text(path)


def test_empty_free_text_is_refused() -> None:
    context = with_change(INSPECTION_RECORD, "situation", " \n ")
    with pytest.raises(TemplateError, match="situation"):
        documents.render_html("inspection_record", context)


def test_refused_signature_prints_the_refusal_and_the_witness(tmp_path: Path) -> None:
    path = documents.render_pdf("inspection_record", INSPECTION_RECORD, tmp_path / "i.pdf")
    assert "王海东拒绝签字（见证人：赵丽（大桥镇安全员））" in flat(pdf_text(path))


def test_refusal_without_a_witness_is_an_error() -> None:
    context = with_change(INSPECTION_RECORD, "signatures.person_in_charge.witness", DELETE)
    with pytest.raises(TemplateError) as caught:
        documents.render_html("inspection_record", context)
    assert caught.value.key == "signatures.person_in_charge.witness"


def signature_png(path: Path) -> Path:
    image = QImage(600, 200, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    painter.setPen(QPen(QColor("navy"), 8))
    painter.drawLine(40, 150, 560, 50)
    painter.end()
    assert image.save(str(path))
    return path


def test_signature_image_is_drawn(tmp_path: Path) -> None:
    png = signature_png(tmp_path / "沈建国.png")
    context = with_change(RECTIFICATION_ORDER, "signatures.receiver.image", str(png))
    markup = documents.render_html("rectification_order", context)
    assert re.search(r'<img src="file://[^"]+" width="90" height="30" />', markup)
    path = documents.render_pdf("rectification_order", context, tmp_path / "r.pdf")
    images = run("pdfimages", "-list", str(path)).splitlines()[2:]
    assert len(images) >= 1


def test_unreadable_signature_image_is_an_error(tmp_path: Path) -> None:
    context = with_change(
        RECTIFICATION_ORDER, "signatures.receiver.image", str(tmp_path / "missing.png")
    )
    with pytest.raises(TemplateError, match="missing.png") as caught:
        documents.render_html("rectification_order", context)
    assert caught.value.key == "signatures.receiver.image"


def test_blank_signature_leaves_a_line_to_sign_on() -> None:
    markup = documents.render_html("review_opinion", REVIEW_OPINION)
    assert markup.count('class="sign-line"') == 3  # two officers and the receiver


def test_long_hazard_list_flows_onto_more_pages(tmp_path: Path) -> None:
    hazards = [
        {**INSPECTION_RECORD["hazards"][0], "seq": n, "description": f"第{n}项隐患：消防通道堵塞"}
        for n in range(1, 41)
    ]
    context = with_change(INSPECTION_RECORD, "hazards", hazards)
    path = documents.render_pdf("inspection_record", context, tmp_path / "long.pdf")
    pages = page_count(path)
    assert pages >= 2
    last = next(n for n in range(pages, 0, -1) if "第40项隐患" in flat(pdf_text(path, n)))
    text = flat(pdf_text(path, last))
    assert last >= 2
    assert "存在的问题" in text  # the table header repeats on each page
    assert f"第{last}页共{pages}页" in text
    assert "第1项隐患" not in text


def test_print_document_prints_the_chosen_pages(tmp_path: Path) -> None:
    hazards = [
        {**INSPECTION_RECORD["hazards"][0], "seq": n, "description": f"第{n}项隐患"}
        for n in range(1, 41)
    ]
    context = with_change(INSPECTION_RECORD, "hazards", hazards)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))  # the dialog's choice
    printer.setFromTo(2, 2)
    documents.print_document("inspection_record", context, printer)
    path = tmp_path / "printed.pdf"
    assert page_count(path) == 1
    text = flat(pdf_text(path))
    assert "第2页" in text and "第1项隐患" not in text
    assert "A4" in run("pdfinfo", str(path))


def test_build_document_is_an_a4_page_with_a_chinese_font() -> None:
    doc = documents.build_document("review_opinion", REVIEW_OPINION)
    mm = 25.4 / documents.LAYOUT_DPI
    assert doc.pageSize().width() * mm == pytest.approx(210, abs=0.1)
    assert doc.pageSize().height() * mm == pytest.approx(297, abs=0.1)
    assert doc.defaultFont().family() == document_fonts.document_fonts().body
    assert doc.defaultFont().pointSizeF() == 16.0  # GB/T 9704 §7.3: 3号
    assert doc.rootFrame().frameFormat().leftMargin() > 70
    assert 1 <= doc.pageCount() <= 2  # 3号 body text (GB/T 9704 §7.3)
    assert doc.full_title == "整改复查意见书 （嘉）应急复查〔2026〕8号"


def test_font_choice_follows_the_preferences() -> None:
    installed = ["WenQuanYi Micro Hei", "Noto Serif CJK SC"]
    assert document_fonts.choose_family(["FangSong", "Noto Serif CJK SC"], installed) == (
        "Noto Serif CJK SC"
    )
    assert document_fonts.choose_family(["FangSong"], ["Some Chinese Font"]) == "Some Chinese Font"
    family = document_fonts.pick_cjk_family()
    assert family in QFontDatabase.families()
    chinese = QFontDatabase.WritingSystem.SimplifiedChinese
    assert chinese in QFontDatabase.writingSystems(family)


def test_no_chinese_font_is_a_clear_bilingual_error() -> None:
    with pytest.raises(DocumentError) as caught:
        document_fonts.choose_family(["FangSong", "SimSun"], [])
    assert "中文字体" in caught.value.zh
    assert "CJK" in caught.value.en
    assert caught.value.code == "no-cjk-font"


def test_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "no such folder" / "r.pdf"
    with pytest.raises(DocumentError) as caught:
        documents.render_pdf("review_opinion", REVIEW_OPINION, target)
    assert caught.value.code == "output"
    assert str(target) in caught.value.zh and "writable" in caught.value.en


def test_unknown_kind_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="stop_work_order") as caught:
        documents.render_pdf("stop_work_order", REVIEW_OPINION, tmp_path / "x.pdf")
    assert caught.value.code == "unknown-kind"
    assert not list(tmp_path.iterdir())


# --- the kinds are data ------------------------------------------------------------------------


def test_the_shipped_kinds_are_declared_in_their_data_file() -> None:
    declared = kinds.default_kinds()
    templates = {p.stem for p in kinds.templates_dir().glob("*.html")}
    assert set(declared) == templates  # every template is a kind, every kind has its template
    assert [k for k, v in declared.items() if v.area == "inspection"] == list(CONTEXTS)
    assert declared["rectification_order"].code == "责改"
    assert declared["inquiry_record"].page_signature == "被询问人（签名）："


def test_a_new_kind_is_a_template_and_a_line(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    shutil.copytree(kinds.templates_dir(), folder)
    (folder / "accident_report.html").write_text(
        '<p class="title">事故调查报告审查意见</p><p>{{ number }}</p>'
        "<p>{{ summary | paragraphs }}</p>",
        encoding="utf-8",
    )
    data = json.loads((folder / "kinds.json").read_text(encoding="utf-8"))
    data["kinds"]["accident_report"] = {
        "title": "事故调查报告审查意见",
        "code": "事审",
        "area": "accident",
    }
    (folder / "kinds.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    context = {"number": "（嘉）应急事审〔2026〕1号", "summary": "报告事实清楚。\n同意结案。"}
    path = documents.render_pdf("accident_report", context, tmp_path / "a.pdf", folder)
    assert "Title:           事故调查报告审查意见 （嘉）应急事审〔2026〕1号" in run(
        "pdfinfo", str(path)
    )
    assert "同意结案" in pdf_text(path)
    with pytest.raises(DocumentError) as caught:  # not a kind of the shipped folder
        documents.render_html("accident_report", context)
    assert caught.value.code == "unknown-kind"


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"title": ""}, "rectification_order.title"),
        ({"code": "很长很长很长很长很长很长很长很长很长"}, "rectification_order.code"),
        ({"area": None}, "rectification_order.area"),
    ],
)
def test_a_wrong_kind_line_names_the_kind_and_the_field(
    tmp_path: Path, change: dict[str, Any], where: str
) -> None:
    folder = tmp_path / "templates"
    shutil.copytree(kinds.templates_dir(), folder)
    data = json.loads((folder / "kinds.json").read_text(encoding="utf-8"))
    data["kinds"]["rectification_order"].update(change)
    (folder / "kinds.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(kinds.KindsDataError, match=re.escape(where)):
        kinds.load_kinds(folder)


def test_a_declared_kind_without_its_template_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    shutil.copytree(kinds.templates_dir(), folder)
    (folder / "review_opinion.html").unlink()
    with pytest.raises(kinds.KindsDataError, match="review_opinion.html"):
        kinds.load_kinds(folder)
