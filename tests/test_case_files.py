"""The documents of a penalty case: contents from the case and its steps, numbers sharing the
case's running number, frozen at issue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from case_support import FILED, Case, wd
from inspection_support import World, make_world

from helpers import on_day
from inspector_app.cases import documents as case_documents
from inspector_app.cases.cases import CaseError
from inspector_app.registry import officers
from inspector_app.store.changelog import UnitOfWork


@pytest.fixture
def world(store, registry, tmp_path: Path) -> World:
    return make_world(store, registry, tmp_path)


@pytest.fixture
def approver(world: World) -> str:
    with UnitOfWork(world.store, "tester") as uow:
        return officers.create(uow, "冯局长", "330481", "approver")


def issue(case: Case, kind: str, day: dt.date = FILED, **extra: str):  # type: ignore[no-untyped-def]
    with on_day(case.world.store, day), UnitOfWork(case.world.store, "tester") as uow:
        return case_documents.issue(
            uow,
            case.world.tree,
            kind,
            case.id,
            day,
            extra,  # type: ignore[arg-type]
            provisional_ok=True,  # the test store leases no block: its numbers are provisional
        )


def test_every_document_of_a_case_carries_its_running_number(world: World, approver: str) -> None:
    case = Case(world, approver).filed()
    case.step(
        "inquiry",
        FILED,
        person="李安全",
        id_number="110101199003074477",
        record="问：是否培训？\n答：没有。",
    )
    case.step("evidence", FILED, description="培训记录缺失的照片")
    case.step("notice_delivered", FILED, amount="20000")
    case.step("rights_waived", FILED)
    case.step("decision", wd(FILED, 1), amount="20000")
    case.step("decision_delivered", wd(FILED, 2), recipient="王海明")
    case.step("payment", wd(FILED, 3), amount="20000")
    case.step("closure_approved", wd(FILED, 4))
    made = {
        kind: issue(case, kind)
        for kind in (
            "filing_approval",
            "inquiry_record",
            "penalty_notice",
            "penalty_decision",
            "delivery_receipt",
            "closure_approval",
        )
    }
    filing = made["filing_approval"].number
    seq = filing[filing.index("〕") + 1 : -1]
    assert filing.startswith("（海宁）应急立〔2026〕")
    assert made["penalty_decision"].number == f"（海宁）应急罚〔2026〕{seq}号"
    assert made["penalty_notice"].number == f"（海宁）应急罚告〔2026〕{seq}号"
    decision = made["penalty_decision"].content
    assert decision["penalty_text"] == "罚款人民币贰万元整（¥20,000.00）"
    assert decision["amount_upper"] == "贰万元整"
    assert decision["remedy"]["review_body"] == "海宁市人民政府"
    # 行政处罚法 Art. 40, 59: the real evidence, the inquiry included
    assert decision["evidence"] == [
        "询问笔录（被询问人李安全，2026年12月1日）",
        "培训记录缺失的照片",
    ]
    # the provision broken beside the penalty article, each penalty with its article, the
    # order to correct (Art. 28), the account and the court from the organ's profile
    assert "第二十八条" in decision["violates"] and "第二十八条" in decision["correction"]
    assert decision["penalty_lines"] == [
        {"text": "罚款人民币贰万元整（¥20,000.00）", "cite": decision["basis"]}
    ]
    assert decision["payment"]["account_no"].startswith("【待设置")
    assert decision["remedy"]["court"].startswith("【待设置")
    assert made["penalty_notice"].content["hearing_right"] is False
    assert (
        made["delivery_receipt"].content["documents"][0]["number"]
        == made["penalty_decision"].number
    )
    assert made["closure_approval"].content["approver"]["name"] == "冯局长"
    assert made["inquiry_record"].content["person"]["id_number"] == "110101199003074477"
    again = issue(case, "inquiry_record")  # a second record of inquiry
    assert again.number == f"（海宁）应急询录〔2026〕{seq}-2号"


def test_documents_wait_for_their_step(world: World, approver: str) -> None:
    case = Case(world, approver)
    with pytest.raises(CaseError) as caught:
        issue(case, "filing_approval")
    assert caught.value.code == "not_filed"
    case.filed()
    with pytest.raises(CaseError) as caught:
        issue(case, "penalty_decision")
    assert caught.value.code == "no_step" and "作出行政处罚决定" in caught.value.zh
    case.step("notice_delivered", FILED, amount="1000")
    with pytest.raises(CaseError) as caught:
        issue(case, "hearing_notice")
    assert caught.value.code == "no_hearing_right"


def test_the_hearing_notice_and_the_criminal_transfer(world: World, approver: str) -> None:
    case = Case(world, approver).filed()
    case.step("notice_delivered", FILED, amount="60000")
    hearing = issue(case, "hearing_notice")
    assert "听告" in hearing.number and hearing.content["hearing_days"] == 5
    assert hearing.content["penalty_text"] == "罚款人民币陆万元整（¥60,000.00）"
    case.step("transfer_proposed", FILED, to="judiciary", reason="涉嫌重大责任事故罪")
    case.step("transfer_approved", FILED)
    transfer = issue(case, "criminal_transfer", organ="海宁市公安局")
    assert transfer.content["organ"] == "海宁市公安局"
    assert transfer.content["suspected"] == "涉嫌重大责任事故罪"
    assert transfer.content["approver"]["name"] == "冯局长"


def test_no_notice_without_evidence(world: World, approver: str) -> None:
    """行政处罚法 Art. 40: facts unclear, evidence insufficient — no penalty notice."""
    case = Case(world, approver).filed()
    case.step("notice_delivered", FILED, amount="1000")
    with pytest.raises(CaseError) as caught:
        issue(case, "penalty_notice")
    assert caught.value.code == "no_evidence" and "第四十条" in caught.value.zh
    case.step("evidence", FILED, description="现场照片")
    assert issue(case, "penalty_notice").content["evidence"] == ["现场照片"]


def test_the_filing_approval_prints_the_discovery_date(world: World, approver: str) -> None:
    case = Case(world, approver)
    case.step("filing_requested", FILED, found_on="2026-11-25")
    case.step("filing_approved", FILED)
    content = issue(case, "filing_approval").content
    assert content["found_on"] == "2026年11月25日" and "第二十八条" in content["violates"]


def test_a_detention_transfer_has_its_own_document(world: World, approver: str) -> None:
    """Detention is decided by the police (安全生产法 Art. 115): not the crime-transfer form."""
    case = Case(world, approver).filed()
    case.step("transfer_proposed", FILED, to="police", reason="涉嫌应予行政拘留的违法行为")
    case.step("transfer_approved", FILED)
    with pytest.raises(CaseError) as caught:
        issue(case, "criminal_transfer", organ="海宁市公安局")
    assert caught.value.code == "transfer_kind"
    made = issue(case, "detention_transfer", organ="海宁市公安局")
    assert "移拘" in made.number and made.content["organ"] == "海宁市公安局"


def test_no_penalty_has_its_decision(world: World, approver: str) -> None:
    case = Case(world, approver).filed()
    case.step("no_penalty", FILED, ground="slight_corrected", reason="已当场改正，未造成危害后果")
    made = issue(case, "no_penalty_decision")
    assert made.content["ground_cite"] == "第三十三条第一款" and "不罚" in made.number


def test_a_number_from_the_devices_own_range_is_marked_provisional(
    world: World, approver: str
) -> None:
    """A device with no leased block numbers from its own range: the case and its documents
    say the number is provisional."""
    case = Case(world, approver).filed()
    filing = next(s for s in case.state.steps if s.kind == "filing_approved")
    assert filing.data["seq"] >= 900_000 and filing.data["provisional"] is True
    assert issue(case, "filing_approval").content["provisional_number"] is True


def test_a_document_for_the_party_under_a_provisional_number_needs_the_officers_choice(
    world: World, approver: str
) -> None:
    """Issue 10 item 12: the party never receives a provisional number (from the device's own
    range) unless the officer chose it knowingly: ``issue`` refuses a caller that never asked;
    an internal form (立案审批表) needs no question."""
    case = Case(world, approver).filed()
    case.step("evidence", FILED, description="培训记录缺失的照片")
    case.step("notice_delivered", FILED, amount="20000")
    conn = world.store.conn
    question = case_documents.provisional_question(conn, case.id, "penalty_notice")
    assert question is not None and "临时编号" in question[0] and "provisional" in question[1]
    assert case_documents.provisional_question(conn, case.id, "filing_approval") is None
    with pytest.raises(CaseError) as caught:
        with on_day(world.store, FILED), UnitOfWork(world.store, "tester") as uow:
            case_documents.issue(uow, world.tree, "penalty_notice", case.id, FILED)
    assert caught.value.code == "provisional"
    assert case_documents.documents_of(conn, case.id) == []
    with on_day(world.store, FILED), UnitOfWork(world.store, "tester") as uow:
        internal = case_documents.issue(uow, world.tree, "filing_approval", case.id, FILED)
    assert internal.content["provisional_number"] is True
    chosen = issue(case, "penalty_notice")
    assert chosen.content["provisional_number"] is True


def test_a_number_from_a_leased_block_needs_no_question(world: World, approver: str) -> None:
    """With a block leased from the server for the case's series, the filing takes a final
    number: nothing is provisional and nothing is asked before the party gets a document."""
    from inspector_app.cases import procedure
    from inspector_app.documents import numbers

    case = Case(world, approver)
    conn = world.store.conn
    assert procedure.number_would_be_provisional(conn, case.id, FILED)
    row = conn.execute(
        "SELECT short_name FROM jurisdiction WHERE code = "
        "(SELECT authority_code FROM penalty_case WHERE id = ?)",
        (case.id,),
    ).fetchone()
    numbers.add_block(world.store, "b-1", "立", str(row[0]), FILED.year, 100, 199)
    assert not procedure.number_would_be_provisional(conn, case.id, FILED)
    assert procedure.number_would_be_provisional(conn, case.id, FILED, "当罚")  # its own series
    case.filed()
    filing = next(s for s in case.state.steps if s.kind == "filing_approved")
    assert filing.data["seq"] == 100 and "provisional" not in filing.data
    case.step("evidence", FILED, description="培训记录缺失的照片")
    case.step("notice_delivered", FILED, amount="20000")
    assert case_documents.provisional_question(conn, case.id, "penalty_notice") is None
    with on_day(world.store, FILED), UnitOfWork(world.store, "tester") as uow:
        notice = case_documents.issue(uow, world.tree, "penalty_notice", case.id, FILED)
    assert notice.content["provisional_number"] is False and "〔2026〕100号" in notice.number
