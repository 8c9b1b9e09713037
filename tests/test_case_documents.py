"""The eight documents of a penalty case: filled from the templates, written as PDF."""

from __future__ import annotations

import copy
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from inspector_app.documents import kinds, templates
from inspector_app.documents.templates import TemplateError
from ui import documents
from ui.documents import kind_titles

AUTHORITY = "海宁市应急管理局"
CASE_NUMBER = "（海宁）应急立〔2026〕17号"
CAUSE = "未按规定对从业人员进行安全生产教育和培训"
UNIT = {
    "kind": "unit",
    "name": "海宁市恒达机械制造有限公司",
    "address": "浙江省海宁市海昌街道双联路128号",
    "legal_rep": "陈国强",
    "legal_rep_title": "总经理",
    "id_number": "",
    "uscc": "91330481MA2JD7K3X1",
    "phone": "0573-87051234",
}
PERSON = {
    "kind": "person",
    "name": "钱志明",
    "address": "浙江省海宁市硖石街道西山路56号",
    "legal_rep": "",
    "legal_rep_title": "",
    "id_number": "330481198503121238",
    "uscc": "",
    "phone": "13805731234",
}
OFFICERS = [
    {"name": "周建平", "certificate_no": "33048120230011"},
    {"name": "沈丽华", "certificate_no": "33048120230027"},
]
OFFICER_SIGNATURES = [{"name": "周建平", "image": None}, {"name": "沈丽华", "image": None}]
FACTS = (
    "2026年11月25日，本机关执法人员在现场检查时发现，当事人2026年新招用的"
    "12名一线操作工未经安全生产教育和培训即上岗作业，且无法提供上述人员的培训记录。"
)
BASIS = "《中华人民共和国安全生产法》第九十七条第（三）项"
PENALTY = "罚款人民币贰万元整（¥20,000.00）"
EVIDENCE = [
    "现场检查记录（（海宁）应急检记〔2026〕41号）",
    "询问笔录2份",
    "从业人员花名册及劳动合同复印件",
    "现场照片6张",
]
CONTACT = {
    "person": "周建平",
    "phone": "0573-87216110",
    "address": "浙江省海宁市海洲街道文苑南路235号",
}
REMEDY = {"review_body": "海宁市人民政府", "review_days": 60, "litigation_months": 6}


def common(number: str, issued_on: str = "2026年12月9日") -> dict[str, Any]:
    return {
        "number": number,
        "authority": AUTHORITY,
        "issued_on": issued_on,
        "case_number": CASE_NUMBER,
        "cause": CAUSE,
        "party": UNIT,
        "officers": OFFICERS,
    }


FILING_APPROVAL = {
    **common(CASE_NUMBER, "2026年11月26日"),
    "source": "现场检查发现",
    "found_on": "2026年11月25日",
    "facts": FACTS,
    "officers_opinion": "当事人涉嫌违反《中华人民共和国安全生产法》第二十八条第一款的规定，"
    "符合立案条件，建议立案调查。",
    "approver": {"name": "徐卫东", "opinion": "同意立案。", "date": "2026年11月26日"},
}
INQUIRY_RECORD = {
    **common("（海宁）应急询录〔2026〕17号", "2026年12月2日"),
    "started_at": "2026年12月2日09时00分",
    "ended_at": "2026年12月2日10时15分",
    "place": "海宁市应急管理局询问室",
    "person": {
        "name": "王建军",
        "gender": "男",
        "id_number": "330481199007152216",
        "employer": "海宁市恒达机械制造有限公司",
        "position": "安全管理员",
        "phone": "13957391234",
        "address": "浙江省海宁市海昌街道东山路12号",
    },
    "inquirer": "周建平",
    "recorder": "沈丽华",
    "record": "问：你在单位担任什么职务？负责哪些工作？\n"
    "答：我是安全管理员，负责公司的安全生产教育培训和隐患排查。\n"
    "问：2026年新招用的一线操作工是否经过安全生产教育和培训？\n"
    "答：今年新招的12名操作工因为订单紧张，没有组织培训就直接上岗了。\n"
    "问：你还有什么需要补充的吗？\n"
    "答：没有了。",
    "rights_told": True,
    "signatures": {"person": {"name": "王建军", "image": None}, "officers": OFFICER_SIGNATURES},
}
PENALTY_NOTICE = {
    **common("（海宁）应急罚告〔2026〕17号", "2026年12月3日"),
    "facts": FACTS,
    "evidence": EVIDENCE,
    "basis": BASIS,
    "penalty_text": PENALTY,
    "statement_days": 3,
    "hearing_right": True,
    "hearing_days": 5,
    "contact": CONTACT,
}
HEARING_NOTICE = {
    **common("（海宁）应急听告〔2026〕17号", "2026年12月3日"),
    "facts": FACTS,
    "basis": BASIS,
    "penalty_text": PENALTY,
    "hearing_days": 5,
    "contact": CONTACT,
}
PENALTY_DECISION = {
    **common("（海宁）应急罚〔2026〕17号"),
    "facts": FACTS,
    "evidence": EVIDENCE,
    "statement_summary": "新招用人员均已于2026年12月1日补充完成安全生产教育和培训，请求从轻处罚。",
    "basis": BASIS,
    "penalty_text": PENALTY,
    "amount_upper": "贰万元整",
    "amount_figures": "¥20,000.00",
    "payment": {
        "days": 15,
        "bank": "中国农业银行海宁市支行",
        "account_name": "海宁市财政局非税收入汇缴结算户",
        "account_no": "19365101040001234",
        "surcharge_pct": 3,
    },
    "remedy": REMEDY,
    "decided_on": "2026年12月9日",
}
DELIVERY_RECEIPT = {
    **common("（海宁）应急回〔2026〕17号"),
    "documents": [{"name": "行政处罚决定书", "number": "（海宁）应急罚〔2026〕17号"}],
    "recipient": "陈国强（海宁市恒达机械制造有限公司法定代表人）",
    "place": "海宁市恒达机械制造有限公司办公室",
    "delivered_at": "2026年12月9日14时30分",
    "method": "直接送达",
    "signatures": {
        "recipient": {"name": "陈国强", "image": None},
        "deliverers": OFFICER_SIGNATURES,
    },
}
CLOSURE_APPROVAL = {
    **common("（海宁）应急结〔2026〕17号", "2026年12月22日"),
    "decision_number": "（海宁）应急罚〔2026〕17号",
    "penalty_text": PENALTY,
    "executed": "已于2026年12月20日全额缴纳罚款",
    "summary": "本案于2026年11月26日立案，2026年12月9日作出行政处罚决定并当场送达，"
    "当事人已全额缴纳罚款，未申请行政复议或者提起行政诉讼。",
    "officers_opinion": "行政处罚决定已执行完毕，建议结案。",
    "approver": {"name": "徐卫东", "opinion": "同意结案。", "date": "2026年12月23日"},
}
CRIMINAL_TRANSFER = {
    **common("（海宁）应急移〔2026〕2号", "2026年12月10日"),
    "organ": "海宁市公安局",
    "suspected": "涉嫌重大责任事故罪",
    "facts": "2026年11月18日，当事人冲压车间一名未经培训的操作工在作业中被冲床压伤，"
    "经抢救无效死亡。经调查，当事人长期未对新招用人员进行安全生产教育和培训。",
    "attachments": ["涉嫌犯罪案件情况的调查报告", "涉案物品清单", "现场勘验笔录及照片"],
    "approver": {"name": "徐卫东", "date": "2026年12月10日"},
}
CONTEXTS: dict[str, dict[str, Any]] = {
    "filing_approval": FILING_APPROVAL,
    "inquiry_record": INQUIRY_RECORD,
    "penalty_notice": PENALTY_NOTICE,
    "hearing_notice": HEARING_NOTICE,
    "penalty_decision": PENALTY_DECISION,
    "delivery_receipt": DELIVERY_RECEIPT,
    "closure_approval": CLOSURE_APPROVAL,
    "criminal_transfer": CRIMINAL_TRANSFER,
}

HEARING_SENTENCE = "有权要求举行听证"

# what each document must show besides the common fields
KEY_FIELDS = {
    "filing_approval": ["现场检查发现", "2026年11月25日", "建议立案调查", "同意立案", "徐卫东"],
    "inquiry_record": [
        "2026年12月2日09时00分至2026年12月2日10时15分",
        "海宁市应急管理局询问室",
        "王建军",
        "330481199007152216",
        "安全管理员",
        "出示执法证件",
        "申请回避",
        "如实回答",
        "问：2026年新招用的一线操作工是否经过安全生产教育和培训？",
        "答：没有了。",
        "以上笔录我看过（或向我宣读过），与我说的相符",
    ],
    "penalty_notice": [
        *EVIDENCE,
        BASIS,
        PENALTY,
        "第四十四条",
        "陈述和申辩",
        "3个工作日内",
        HEARING_SENTENCE,
        "5个工作日内",
        CONTACT["phone"],
        CONTACT["address"],
    ],
    "hearing_notice": [BASIS, PENALTY, HEARING_SENTENCE, "5个工作日内", CONTACT["person"]],
    "penalty_decision": [
        UNIT["address"],
        *EVIDENCE,
        "请求从轻处罚",
        "复核",
        BASIS,
        PENALTY,
        "人民币贰万元整（¥20,000.00）",
        "收到本决定书之日起15日内",
        "中国农业银行海宁市支行",
        "海宁市财政局非税收入汇缴结算户",
        "19365101040001234",
        "每日按罚款数额的3%加处罚款",
        "加处罚款的数额不超过罚款数额",
        "60日内向海宁市人民政府申请行政复议",
        "6个月内依法向人民法院提起行政诉讼",
        "海宁市应急管理局（印章）",
        "2026年12月9日",
    ],
    "delivery_receipt": [
        "行政处罚决定书",
        "（海宁）应急罚〔2026〕17号",
        "陈国强（海宁市恒达机械制造有限公司法定代表人）",
        "海宁市恒达机械制造有限公司办公室",
        "2026年12月9日14时30分",
        "直接送达",
    ],
    "closure_approval": [
        "（海宁）应急罚〔2026〕17号",
        PENALTY,
        "已于2026年12月20日全额缴纳罚款",
        "建议结案",
        "同意结案",
        "2026年12月23日",
    ],
    "criminal_transfer": [
        "海宁市公安局：",
        "涉嫌重大责任事故罪",
        "被冲床压伤",
        "徐卫东于2026年12月10日批准",
        "涉嫌犯罪案件情况的调查报告",
        "涉案物品清单",
        "第二十七条",
    ],
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


DELETE = object()


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


def markup_text(kind: str, context: dict[str, Any]) -> str:
    return flat(re.sub(r"<[^>]+>", "", documents.render_html(kind, context)))


def render_text(kind: str, context: dict[str, Any], tmp_path: Path) -> str:
    return flat(pdf_text(documents.render_pdf(kind, context, tmp_path / f"{kind}.pdf")))


def test_the_case_documents_are_kinds() -> None:
    assert {kind: kind_titles()[kind] for kind in CONTEXTS} == {
        "filing_approval": "立案审批表",
        "inquiry_record": "询问笔录",
        "penalty_notice": "行政处罚告知书",
        "hearing_notice": "听证告知书",
        "penalty_decision": "行政处罚决定书",
        "delivery_receipt": "文书送达回执",
        "closure_approval": "结案审批表",
        "criminal_transfer": "涉嫌犯罪案件移送书",
    }
    for kind in CONTEXTS:
        assert (kinds.templates_dir() / f"{kind}.html").is_file()


@pytest.mark.parametrize("kind", list(CONTEXTS))
def test_each_document_shows_its_key_fields(kind: str, tmp_path: Path) -> None:
    context = CONTEXTS[kind]
    path = documents.render_pdf(kind, context, tmp_path / f"{kind}.pdf")
    text = flat(pdf_text(path))
    expected = [
        kind_titles()[kind],
        AUTHORITY,
        context["number"],
        CASE_NUMBER,
        CAUSE,
        UNIT["name"],
        *(officer[key] for officer in OFFICERS for key in ("name", "certificate_no")),
        *KEY_FIELDS[kind],
    ]
    missing = [field for field in expected if flat(field) not in text]
    assert not missing, f"{kind}: {missing} not in {text}"
    info = run("pdfinfo", str(path))
    assert f"{kind_titles()[kind]} {context['number']}" in info
    assert "(A4)" in info


@pytest.mark.parametrize("kind", list(CONTEXTS))
def test_two_renders_give_the_same_text(kind: str, tmp_path: Path) -> None:
    first = documents.render_pdf(kind, CONTEXTS[kind], tmp_path / "a.pdf")
    second = documents.render_pdf(kind, CONTEXTS[kind], tmp_path / "b.pdf")
    assert pdf_text(first) == pdf_text(second)


@pytest.mark.parametrize("kind", list(CONTEXTS))
def test_fonts_are_embedded_and_the_text_has_no_radicals(kind: str, tmp_path: Path) -> None:
    path = documents.render_pdf(kind, CONTEXTS[kind], tmp_path / "doc.pdf")
    rows = run("pdffonts", str(path)).splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), rows
    text = pdf_text(path)
    assert not [ch for ch in text if 0x2E80 <= ord(ch) <= 0x2FDF], "radicals in the text"


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        ("filing_approval", "approver.date"),
        ("filing_approval", "party.uscc"),
        ("inquiry_record", "person.id_number"),
        ("inquiry_record", "rights_told"),
        ("inquiry_record", "signatures.person"),
        ("penalty_notice", "hearing_right"),
        ("penalty_notice", "contact.phone"),
        ("penalty_notice", "statement_days"),
        ("hearing_notice", "hearing_days"),
        ("penalty_decision", "payment.bank"),
        ("penalty_decision", "payment.surcharge_pct"),
        ("penalty_decision", "remedy.review_body"),
        ("penalty_decision", "amount_upper"),
        ("penalty_decision", "statement_summary"),
        ("penalty_decision", "decided_on"),
        ("penalty_decision", "party.kind"),
        ("delivery_receipt", "method"),
        ("delivery_receipt", "signatures.recipient"),
        ("closure_approval", "executed"),
        ("closure_approval", "decision_number"),
        ("criminal_transfer", "organ"),
        ("criminal_transfer", "approver.name"),
        ("criminal_transfer", "case_number"),
    ],
)
def test_missing_key_names_the_template_and_the_key(kind: str, key: str) -> None:
    context = with_change(CONTEXTS[kind], key, DELETE)
    with pytest.raises(TemplateError) as caught:
        documents.render_html(kind, context)
    assert caught.value.key == key
    assert caught.value.template == f"{kind}.html"
    assert key in caught.value.zh and f"{kind}.html" in caught.value.zh


def test_missing_key_inside_a_list_names_the_item() -> None:
    context = with_change(DELIVERY_RECEIPT, "documents.0.number", DELETE)
    with pytest.raises(TemplateError) as caught:
        documents.render_html("delivery_receipt", context)
    assert caught.value.key == "documents[0].number"


# keys of the example contexts that a template does not read (the domain side may leave them
# out); every other key is required, and its absence stops the document naming it
UNREAD = {
    "filing_approval": {"case_number", "party.id_number"},  # the number is the case number
    "inquiry_record": {
        "party.kind",
        "party.address",
        "party.legal_rep",
        "party.legal_rep_title",
        "party.id_number",
        "party.uscc",
        "party.phone",
    },
    "penalty_notice": {
        "party.address",
        "party.legal_rep",
        "party.legal_rep_title",
        "party.id_number",
        "party.uscc",
        "party.phone",
    },
    "hearing_notice": {
        "party.address",
        "party.legal_rep",
        "party.legal_rep_title",
        "party.id_number",
        "party.uscc",
        "party.phone",
    },
    "penalty_decision": {"issued_on", "party.id_number"},  # dated decided_on
    "delivery_receipt": {
        "issued_on",  # dated delivered_at
        "party.kind",
        "party.address",
        "party.legal_rep",
        "party.legal_rep_title",
        "party.id_number",
        "party.uscc",
        "party.phone",
    },
    "closure_approval": {"party.id_number", "party.phone"},
    "criminal_transfer": {"party.id_number"},
}


def key_paths(value: Any, prefix: str = "") -> list[str]:
    """Every key of ``value`` as a path ("a.b", "a.0.c" for the first item of a list)."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            found += [f"{prefix}{key}", *key_paths(inner, f"{prefix}{key}.")]
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        found += key_paths(value[0], f"{prefix}0.")
    return found


@pytest.mark.parametrize("kind", list(CONTEXTS))
def test_every_key_a_template_reads_is_required(kind: str) -> None:
    unread: set[str] = set()
    for path in key_paths(CONTEXTS[kind]):
        try:
            documents.render_html(kind, with_change(CONTEXTS[kind], path, DELETE))
        except TemplateError as error:
            assert error.key == re.sub(r"\.(\d+)\.", r"[\1].", path)
        else:
            unread.add(path)
    assert unread == UNREAD[kind]


def test_the_hearing_sentence_is_there_only_with_the_right(tmp_path: Path) -> None:
    with_right = render_text("penalty_notice", PENALTY_NOTICE, tmp_path)
    assert HEARING_SENTENCE in with_right and "第六十三条" in with_right
    without = with_change(PENALTY_NOTICE, "hearing_right", False)
    text = render_text("penalty_notice", without, tmp_path)
    assert HEARING_SENTENCE not in text and "听证" not in text
    assert "3个工作日内" in text and "陈述和申辩" in text


def test_decision_without_a_statement_says_none_was_made(tmp_path: Path) -> None:
    context = with_change(PENALTY_DECISION, "statement_summary", "")
    text = render_text("penalty_decision", context, tmp_path)
    assert "未提出陈述、申辩意见" in text
    assert "复核" not in text


def test_decision_names_the_court_when_given(tmp_path: Path) -> None:
    context = with_change(PENALTY_DECISION, "remedy.court", "海宁市人民法院")
    text = render_text("penalty_decision", context, tmp_path)
    assert "6个月内依法向海宁市人民法院提起行政诉讼" in text


def test_documents_for_a_person_use_the_persons_identity(tmp_path: Path) -> None:
    for kind in ("penalty_decision", "penalty_notice", "filing_approval", "criminal_transfer"):
        context = with_change(CONTEXTS[kind], "party", PERSON)
        text = render_text(kind, context, tmp_path)
        assert PERSON["name"] in text, kind
        assert "你单位" not in text and "统一社会信用代码" not in text, kind
        if kind != "penalty_notice":  # the notice is addressed by name only
            assert PERSON["id_number"] in text, kind
    decision = with_change(PENALTY_DECISION, "party", PERSON)
    assert "被处罚人" in render_text("penalty_decision", decision, tmp_path)


def test_a_persons_document_does_not_need_the_unit_fields() -> None:
    person = {k: v for k, v in PERSON.items() if k not in ("uscc", "legal_rep", "legal_rep_title")}
    for kind in ("penalty_decision", "filing_approval", "closure_approval", "criminal_transfer"):
        assert documents.render_html(kind, with_change(CONTEXTS[kind], "party", person))


def test_inquiry_record_without_the_notice_of_rights_does_not_claim_it(tmp_path: Path) -> None:
    context = with_change(INQUIRY_RECORD, "rights_told", False)
    text = render_text("inquiry_record", context, tmp_path)
    assert "出示执法证件" not in text and "申请回避" not in text
    assert "以上笔录我看过（或向我宣读过），与我说的相符" in text


def test_a_long_inquiry_record_has_a_signature_line_on_every_page(tmp_path: Path) -> None:
    lines = [
        f"问：第{n}个问题，请你说明当时的作业情况。\n答：第{n}个回答，当时正在作业。"
        for n in range(1, 61)
    ]
    context = with_change(INQUIRY_RECORD, "record", "\n".join(lines))
    path = documents.render_pdf("inquiry_record", context, tmp_path / "long.pdf")
    pages = page_count(path)
    assert pages >= 3
    for page in range(1, pages + 1):
        text = flat(pdf_text(path, page))
        assert "被询问人（签名）：" in text, page
        assert f"第{page}页共{pages}页" in text
    assert "第60个回答" in flat(pdf_text(path, pages))


def test_a_one_page_inquiry_record_is_signed_once(tmp_path: Path) -> None:
    # at 3号 (GB/T 9704) the form, the notice of rights and a few questions fill a page
    short = with_change(INQUIRY_RECORD, "record", "问：你还有什么需要补充的吗？\n答：没有了。")
    short = with_change(short, "rights_told", False)
    text = render_text("inquiry_record", short, tmp_path)
    assert text.count("被询问人（签名）") == 1
    assert "第1页" not in text


def test_delivery_by_leaving_it_prints_the_refusal_and_the_witness(tmp_path: Path) -> None:
    context = with_change(DELIVERY_RECEIPT, "method", "留置送达")
    context = with_change(
        context,
        "signatures.recipient",
        {"name": "陈国强", "refused": True, "witness": "吴红英（海昌街道安监员）"},
    )
    context = with_change(context, "witness", "吴红英（海昌街道安监员）")
    text = render_text("delivery_receipt", context, tmp_path)
    assert "留置送达" in text
    assert "陈国强拒绝签字（见证人：吴红英（海昌街道安监员））" in text
    assert text.count("吴红英（海昌街道安监员）") == 2  # the refusal and the witness's row
    # the row's label (the PDF's text runs across the row, so it is read from the markup)
    assert "见证人（签名）" in markup_text("delivery_receipt", context)
    assert "见证人（签名）" not in markup_text("delivery_receipt", DELIVERY_RECEIPT)


def test_delivery_lists_every_document(tmp_path: Path) -> None:
    papers = [
        {"name": "行政处罚告知书", "number": "（海宁）应急罚告〔2026〕17号"},
        {"name": "听证告知书", "number": "（海宁）应急听告〔2026〕17号"},
    ]
    text = render_text(
        "delivery_receipt", with_change(DELIVERY_RECEIPT, "documents", papers), tmp_path
    )
    assert "1．《行政处罚告知书》（海宁）应急罚告〔2026〕17号" in text
    assert "2．《听证告知书》（海宁）应急听告〔2026〕17号" in text


def test_the_documents_fit_their_pages() -> None:
    # a one-page form stays on one page with the example data; a letter (notice, decision,
    # transfer) and the inquiry record may take two, their text being 3号 (GB/T 9704 §7.3)
    forms = ("filing_approval", "closure_approval", "delivery_receipt")
    for kind, context in CONTEXTS.items():
        pages = documents.build_document(kind, context).pageCount()
        assert pages <= (1 if kind in forms else 2), (kind, pages)


# --- the comparison in {% if %} ---------------------------------------------------------------


def fill(tmp_path: Path, template: str, context: dict[str, Any]) -> str:
    """``template`` filled as if it were the notice's template (a folder of that one kind)."""
    (tmp_path / "penalty_notice.html").write_text(template, encoding="utf-8")
    declared = {"title": "行政处罚告知书", "code": "罚告", "area": "case"}
    (tmp_path / "kinds.json").write_text(
        json.dumps({"kinds": {"penalty_notice": declared}}, ensure_ascii=False), encoding="utf-8"
    )
    return documents.render_html("penalty_notice", context, tmp_path)


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ('{% if party.kind == "person" %}你{% else %}你单位{% endif %}', "你单位"),
        ('{% if party.kind == "unit" %}你单位{% endif %}', "你单位"),
        ('{% if not party.kind == "person" %}非个人{% endif %}', "非个人"),
        ('{% if party.kind=="unit" %}是{% endif %}', "是"),
        ('{% if party.court? == "x" %}是{% else %}否{% endif %}', "否"),
        ('{% if party.kind == "" %}空{% else %}非空{% endif %}', "非空"),
        ('{% if days == "15" %}十五{% endif %}', "十五"),
    ],
)
def test_if_compares_with_a_text(tmp_path: Path, template: str, expected: str) -> None:
    assert fill(tmp_path, template, {"party": UNIT, "days": 15}) == expected


def test_if_comparison_with_a_missing_key_names_it(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        fill(tmp_path, '{% if party.court == "x" %}是{% endif %}', {"party": UNIT})
    assert caught.value.key == "party.court"


def test_if_comparison_with_a_value_that_is_not_text_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="不是文字") as caught:
        fill(tmp_path, '{% if party == "unit" %}是{% endif %}', {"party": UNIT})
    assert caught.value.key == "party"


@pytest.mark.parametrize(
    "statement",
    ["{% if party.kind == person %}", "{% if party.kind = 'unit' %}", '{% if == "unit" %}'],
)
def test_a_malformed_comparison_is_refused(statement: str) -> None:
    with pytest.raises(TemplateError, match="写法不对") as caught:
        templates.parse_template(f"a\n{statement}x{{% endif %}}", "t.html")
    assert caught.value.line == 2


def test_the_decision_lists_each_penalty_with_its_article(tmp_path: Path) -> None:
    """行政处罚法 Art. 59: the provision broken, each penalty with its article, and the order
    to correct (Art. 28)."""
    context = copy.deepcopy(PENALTY_DECISION)
    context["violates"] = "《安全生产法》第二十八条"
    context["penalty_lines"] = [
        {"text": PENALTY, "cite": BASIS},
        {"text": "责令停产停业整顿", "cite": "《安全生产法》第九十七条"},
    ]
    context["correction"] = "责令限期改正违法行为（《中华人民共和国行政处罚法》第二十八条）"
    text = render_text("penalty_decision", context, tmp_path)
    assert "违反了《安全生产法》第二十八条的规定" in text
    assert "2．责令停产停业整顿（依据《安全生产法》第九十七条）" in text
    assert "同时，责令限期改正违法行为" in text


@pytest.mark.parametrize("kind", ["detention_transfer", "no_penalty_decision"])
def test_the_new_case_documents_render(kind: str, tmp_path: Path) -> None:
    context = {
        **common(f"（海宁）应急{kinds.default_kinds()[kind].code}〔2026〕17号"),
        "organ": "海宁市公安局",
        "suspected": "涉嫌应予行政拘留的违法行为",
        "facts": FACTS,
        "approver": {"name": "冯局长", "date": "2026年12月1日"},
        "reason": "已当场改正，未造成危害后果。",
        "ground": "违法行为轻微并及时改正，没有造成危害后果",
        "ground_cite": "第三十三条第一款",
        "remedy": REMEDY,
        "decided_on": "2026年12月1日",
    }
    text = render_text(kind, context, tmp_path)
    assert (
        ("海宁市公安局" in text) if kind == "detention_transfer" else ("第三十三条第一款" in text)
    )
