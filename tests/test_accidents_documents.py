"""The three documents of the accident systems, issued from the records and printed through
their templates: the text a reader finds in the PDF."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from accidents_support import World, at, make_world

from inspector_app.accidents import documents as content_of
from inspector_app.accidents import operations, report_checks, warnings
from inspector_app.documents import numbers, templates
from inspector_app.inspections import documents as issued
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from ui import documents


@pytest.fixture(autouse=True)
def _fonts(qapp: Any) -> None:
    """Fonts need a QGuiApplication."""


@pytest.fixture
def world(tmp_path: Path, tree: JurisdictionTree, registry: Registry) -> World:
    w = make_world(tmp_path / "inspector.sqlite3", tree, registry)
    for doc_type in ("警示", "督办", "事故查"):
        numbers.add_block(w.store, f"lease-{doc_type}", doc_type, "嘉", 2026, 1, 100)
    yield w
    w.store.close()


def flat(text: str) -> str:
    return "".join(text.split())


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def render(kind: str, content: dict[str, Any], tmp_path: Path) -> str:
    """The document's text without its page numbers (a sentence may run over a page)."""
    text = pdf_text(documents.render_pdf(kind, content, tmp_path / f"{kind}.pdf"))
    return flat(re.sub(r"第\d+页\s*共\d+页", "", text))


def stored(world: World, document_id: str) -> dict[str, Any]:
    found = issued.get(world.store.conn, document_id)
    assert found is not None
    return found.content


def test_the_warning_notice(world: World, tmp_path: Path) -> None:
    world.record(at(2026, 8, 1, 10, 0), deaths=2)
    second = world.record(at(2026, 9, 2, 14, 30), deaths=1, serious=3, loss=2_350_000)
    [notice_id] = second.warnings_opened
    with world.uow() as uow:
        warnings.edit(
            uow,
            notice_id,
            {
                "lessons": "企业未落实设备检修时停机断电挂牌上锁制度，现场安全管理缺位。",
                "measures": "立即组织机械设备检修作业专项检查。\n督促企业落实停机断电挂牌上锁。",
                "copy_to": "嘉兴市应急管理局、嘉兴市经济和信息化局",
            },
        )
        document_id = warnings.issue(uow, notice_id, dt.date(2026, 9, 10), tree=world.tree)
    text = render("warning_notice", stored(world, document_id), tmp_path)
    for expected in [
        "嘉兴市安全生产委员会办公室",
        "安全生产警示通报",
        "嘉安委办警示〔2026〕1号",
        "中共海宁市委员会、海宁市人民政府：",
        "2026年8月1日至2026年9月2日，海宁市在32天内接连发生2起机械致害事故",
        "2026年9月2日",
        "1人死亡、3人重伤，直接经济损失235万元",
        "一、事故经过及初步原因",
        "2026年9月2日14时30分，海宁市海宁精工机械有限公司二号车间发生一起机械致害事故",
        "二、事故教训",
        "现场安全管理缺位",
        "三、防止同类事故发生的针对性措施",
        "督促企业落实停机断电挂牌上锁",
        "2026年9月10日",
        "有关企业：海宁精工机械有限公司",
        "抄送：嘉兴市应急管理局、嘉兴市经济和信息化局",
    ]:
        assert flat(expected) in text, expected


def test_a_draft_warning_previews_without_number(world: World, tmp_path: Path) -> None:
    world.record(at(2026, 8, 1), deaths=2)
    [notice_id] = world.record(at(2026, 8, 20), deaths=2).warnings_opened
    draft = world.facts.get("warning_notice", notice_id)
    assert draft is not None
    content = content_of.warning_notice_content(
        {**draft, "lessons": "教训待补充", "measures": "措施待补充"}, world.facts, world.tree
    )
    text = render("warning_notice", content, tmp_path)
    assert "（草稿）" in text and "抄送" not in text


def test_the_listing_notice(world: World, tmp_path: Path) -> None:
    accident = world.record(at(2026, 9, 3, 8, 30), deaths=1, serious=2, loss=900_000)
    with world.uow() as uow:
        document_id = operations.issue_listing(
            uow, accident.accident_id, dt.date(2026, 9, 4), tree=world.tree
        )
    text = render("listing_notice", stored(world, document_id), tmp_path)
    for expected in [
        "生产安全事故挂牌督办通知书",
        "嘉安委办督办〔2026〕1号",
        "海宁市人民政府：",
        "2026年9月3日8时30分，海宁市海宁精工机械有限公司二号车间发生一起机械致害事故，"
        "造成1人死亡、2人重伤，直接经济损失90万元，为一般生产安全事故",
        "工矿商贸领域一般事故，死亡1人、重伤2人以上",
        "1．依法组织事故调查",
        "2026年11月2日前",
        "涉嫌犯罪的，依法移送司法机关追究刑事责任",
        "自收到事故调查报告之日起15日内作出批复",
        "4．督办事项办结后，由嘉兴市安全生产委员会办公室审核销号",
        "事故发生地点海宁市二号车间",
        "2026年9月4日",
    ]:
        assert flat(expected) in text, expected


def test_the_quarterly_bulletin(world: World, tmp_path: Path) -> None:
    first = world.record(at(2026, 5, 10), deaths=1).accident_id
    second = world.record(at(2026, 6, 5), serious=1, enterprise="textile").accident_id
    with world.uow() as uow:
        for accident_id, approved in ((first, dt.date(2026, 7, 3)), (second, dt.date(2026, 8, 5))):
            operations.record_step(uow, accident_id, "report_submitted", dt.date(2026, 7, 1))
            operations.record_step(
                uow, accident_id, "report_approved", approved, {"body": "县级人民政府"}
            )
        round_id = report_checks.start_round(uow, "2026Q3", tree=world.tree)
        report_checks.record_check(
            uow,
            round_id,
            first,
            checked_on=dt.date(2026, 10, 9),
            officer_ids=[world.officer],
            defects=[{"code": "C2", "note": "未分析企业安全培训缺失"}, "R4"],
        )
        report_checks.record_check(
            uow, round_id, second, checked_on=dt.date(2026, 10, 9), officer_ids=[world.officer]
        )
        document_id = report_checks.issue_bulletin(
            uow,
            round_id,
            dt.date(2026, 10, 15),
            "各地要对照检查发现的问题，认真整改。",
            tree=world.tree,
        )
    text = render("report_check_bulletin", stored(world, document_id), tmp_path)
    for expected in [
        "2026年第3季度生产安全事故调查报告检查情况通报",
        "嘉安委办事故查〔2026〕1号",
        "各县（市、区）安委办：",
        "共检查事故调查报告2份，其中存在问题的1份",
        "海宁市11",
        "桐乡市10",
        "2．事故原因分析不清：1份。",
        "3．事故责任认定不到位：1份。",
        "“5·10”",
        "间接原因分析到安全生产责任制、教育培训、隐患排查治理等管理层面（未分析企业安全培训缺失）",
        "三、工作要求",
        "认真整改",
        "2026年10月15日",
    ]:
        assert flat(expected) in text, expected


def test_a_missing_field_stops_the_document(world: World) -> None:
    accident = world.record(at(2026, 9, 3), deaths=2)
    with world.uow() as uow:
        document_id = operations.issue_listing(
            uow, accident.accident_id, dt.date(2026, 9, 4), tree=world.tree
        )
    content = dict(stored(world, document_id))
    del content["reason"]
    with pytest.raises(templates.TemplateError) as caught:
        documents.render_html("listing_notice", content)
    assert caught.value.key == "reason" and caught.value.template == "listing_notice.html"
