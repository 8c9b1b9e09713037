"""The documents of seizures, of the on-the-spot decision and of the demand notice, issued from
a real case and rendered to PDF (pdftotext shows their fields): 现场笔录 and 查封（扣押）决定书
(行政强制法 Art. 18, 24), 延长查封（扣押）期限决定书 (Art. 25), 解除查封（扣押）决定书 (Art. 28),
当场行政处罚决定书 (行政处罚法 Art. 52, pre-numbered), 催告书 (行政强制法 Art. 35, 54), and the
power cut's 停止供电决定书, 停止供电通知书 and 恢复供电通知书 (安全生产法 Art. 70)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

import pytest
from case_support import FILED, Case
from inspection_support import World, make_world

from helpers import on_day
from inspector_app.cases import documents as case_documents
from inspector_app.cases.cases import CaseError
from inspector_app.documents import issued
from inspector_app.registry import officers
from inspector_app.store.changelog import UnitOfWork
from ui import documents


@pytest.fixture(autouse=True)
def _app(qapp: Any) -> None:
    """Fonts need a QGuiApplication."""


@pytest.fixture
def world(store, registry, tmp_path: Path) -> World:  # type: ignore[no-untyped-def]
    return make_world(store, registry, tmp_path)


@pytest.fixture
def approver(world: World) -> str:
    with UnitOfWork(world.store, "tester") as uow:
        return officers.create(uow, "冯局长", "330481", "approver")


def issue(case: Case, kind: str, day: dt.date) -> issued.Document:
    with on_day(case.world.store, day), UnitOfWork(case.world.store, "tester") as uow:
        return case_documents.issue(
            uow,
            case.world.tree,
            kind,
            case.id,
            day,
            provisional_ok=True,  # type: ignore[arg-type]
        )


def printed(doc: issued.Document, tmp_path: Path) -> str:
    path = documents.render_pdf(doc.kind, doc.content, tmp_path / f"{doc.kind}.pdf")
    text = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return "".join(text.split())


def test_the_seizure_documents_print_the_items_period_and_grounds(
    world: World, approver: str, tmp_path: Path
) -> None:
    case = Case(world, approver).filed()
    case.step(
        "seizure",
        FILED,
        officer_ids=[world.lead, world.second],
        approved_by=approver,
        measure="seize",
        place="二号车间",
        items=["无安全标志的压力容器 1台", "报废的起重吊具 2套"],
        days=20,
        signed_by="witness",
        witness="张见证",
        record="当事人的安全负责人未到场，邀请村委会张见证到场见证。",
    )
    record = printed(issue(case, "seizure_record", FILED), tmp_path)
    assert "现场笔录" in record and "二号车间" in record and "报废的起重吊具2套" in record
    assert "见证人：张见证" in record and "出示了行政执法证件" in record
    # an extension cites the decision: the decision first
    extension_day = FILED + dt.timedelta(days=10)
    case.step("seizure_extended", extension_day, approved_by=approver, days=15, reason="需委托检测")
    with pytest.raises(CaseError) as caught:
        issue(case, "seizure_extension", extension_day)
    assert caught.value.code == "no_decision"
    decision = issue(case, "seizure_decision", FILED)
    text = printed(decision, tmp_path)
    assert "扣押决定书" in text and "封扣" in decision.number
    assert "无安全标志的压力容器1台" in text and "期限为20日" in text and "2026年12月21日" in text
    assert "第六十五条第一款第（四）项" in text and "申请行政复议" in text
    extension = printed(issue(case, "seizure_extension", extension_day), tmp_path)
    assert "延长扣押期限决定书" in extension and "延长15日" in extension
    assert "2027年1月5日" in extension and decision.number in extension
    assert "需委托检测" in extension and "第二十五条" in extension
    release_day = extension_day + dt.timedelta(days=5)
    case.step("seizure_released", release_day, approved_by=approver, ground="no_violation")
    release = printed(issue(case, "seizure_release", release_day), tmp_path)
    assert "解除扣押决定书" in release and "当事人没有违法行为" in release
    assert "予以退还" in release and decision.number in release and "第二十八条" in release


def test_the_on_the_spot_decision_carries_its_pre_numbered_series(
    world: World, approver: str, tmp_path: Path
) -> None:
    case = Case(world, approver)
    case.step("onsite_decision", FILED, officer_ids=[world.lead, world.second], amount="2000")
    doc = issue(case, "onsite_penalty_decision", FILED)
    number = case.state.steps[0].data["case_number"]
    assert doc.number == number and "当罚" in number  # the number the officer wrote on site
    text = printed(doc, tmp_path)
    assert "当场行政处罚决定书" in text and number in text
    assert "贰仟元整" in text and "第五十一条" in text and "执法证号" in text
    assert "2026年12月1日" in text and "申请行政复议" in text


def test_the_demand_notice_states_what_is_owed_and_the_ten_days(
    world: World, approver: str, tmp_path: Path
) -> None:
    case = Case(world, approver).filed()
    case.step("evidence", FILED, description="培训记录缺失的照片")
    case.step("notice_delivered", FILED, amount="5000")
    case.step("rights_waived", FILED)
    case.step("decision", FILED, amount="5000")
    case.step("decision_delivered", FILED)
    due = case.state.due_on
    assert due is not None
    demand = due + dt.timedelta(days=2)
    case.step("demand_notice", demand)
    decision = issue(case, "penalty_decision", FILED)
    text = printed(issue(case, "demand_notice", demand), tmp_path)
    # 行政处罚法 Art. 72: 3 % a day for two days of 5,000 = 300
    assert "催告书" in text and decision.number in text and "10日内" in text
    assert "加处罚款人民币300.00元" in text and "合计应缴人民币5,300.00元" in text
    assert "伍仟叁佰元整" in text and "陈述和申辩" in text and "第五十四条" in text


POWER_CUT = {
    "order": "（海宁）应急现决〔2026〕3号 责令暂时停产停业",
    "supplier": "国网海宁市供电公司",
    "cut_at": "09:00",
}


def test_a_power_cut_has_its_decision_to_the_unit_and_notices_to_the_supplier(
    world: World, approver: str, tmp_path: Path
) -> None:
    """安全生产法 Art. 70 ¶1: approved by the head, the supplier told in writing to stop the
    supply; ¶2: the unit told in writing 24 hours ahead — the decision is that notice, dated on
    the day it is delivered (its step's day, whatever day it is printed) and printing the
    notice time and the planned cut —, the measure lifted once the unit complies. The notices
    cite the decision's number, so it comes first; only the decision goes to the party (the
    provisional-number question)."""
    case = Case(world, approver).filed()
    decided = FILED + dt.timedelta(days=1)
    cut_day = decided + dt.timedelta(days=1)
    with pytest.raises(CaseError) as caught:
        issue(case, "power_cut_decision", decided)
    assert caught.value.code == "no_step"
    case.step(
        "power_cut",
        decided,
        approved_by=approver,
        notified_at="08:30",
        cut_on=cut_day.isoformat(),
        **POWER_CUT,
    )
    cur = case.state
    assert case_documents.applies("power_cut_notice", cur)
    assert not case_documents.applies("power_restore_notice", cur)  # nothing lifted yet
    with pytest.raises(CaseError) as caught:
        issue(case, "power_restore_notice", decided)
    assert caught.value.code == "no_step"
    # the decision goes to the unit: under the case's provisional number only when asked
    assert case.state.steps[1].data.get("provisional")
    conn = world.store.conn
    assert case_documents.provisional_question(conn, case.id, "power_cut_decision") is not None
    assert case_documents.provisional_question(conn, case.id, "power_cut_notice") is None
    # the notice to the supplier cites the decision: the decision first
    with pytest.raises(CaseError) as caught:
        issue(case, "power_cut_notice", decided)
    assert caught.value.code == "no_decision" and "停止供电决定书" in caught.value.zh

    # printed a day late, the decision still bears the day it was delivered: the notice
    decision = issue(case, "power_cut_decision", cut_day)
    assert decision.issued_on == decided.isoformat()
    assert "应急停电〔2026〕" in decision.number
    text = printed(decision, tmp_path)
    assert "停止供电决定书" in text and decision.number in text
    assert "（海宁）应急现决〔2026〕3号责令暂时停产停业" in text and "拒不执行" in text
    assert "主要负责人批准" in text and "第七十条第一款" in text
    assert "通知国网海宁市供电公司自2026年12月3日9时00分起停止对你单位供电" in text
    assert "于2026年12月2日8时30分以本决定书书面通知你单位" in text
    assert "（提前24小时以上，该法第七十条第二款）" in text
    assert "紧急情形" not in text
    assert "本机关将及时解除停止供电措施（第七十条第二款）" in text
    assert "申请行政复议" in text and "提起行政诉讼" in text
    assert text.endswith("2026年12月2日")  # the decision's own date is the notice's

    notice = issue(case, "power_cut_notice", cut_day)
    assert "应急停电通〔2026〕" in notice.number
    text = printed(notice, tmp_path)
    assert "停止供电通知书" in text and text.index("国网海宁市供电公司：") < text.index("请你单位")
    assert f"已作出{decision.number}停止供电决定书" in text and "第七十条第一款" in text
    party = str(notice.content["party"]["name"])
    address = str(notice.content["party"]["address"])
    assert party and address and f"{party}（地址：{address}）" in text
    assert f"请你单位自2026年12月3日9时00分起停止对{party}供电" in text

    restored_day = cut_day + dt.timedelta(days=5)
    case.step("power_restored", restored_day, reason="已停产整改，重大事故隐患已消除")
    restore = issue(case, "power_restore_notice", restored_day)
    assert "应急复电通〔2026〕" in restore.number
    text = printed(restore, tmp_path)
    assert "恢复供电通知书" in text and "国网海宁市供电公司：" in text
    assert f"依据{decision.number}停止供电决定书" in text
    assert "鉴于已停产整改，重大事故隐患已消除" in text
    assert "第七十条第二款" in text and "请你单位自2026年12月8日起恢复对该单位供电" in text


def test_an_emergency_power_cut_decision_states_the_emergency_instead_of_the_notice(
    world: World, approver: str, tmp_path: Path
) -> None:
    """安全生产法 Art. 70 ¶2: no 24 hours' notice where an emergency endangers safety; the
    decision states why instead of a notice time."""
    case = Case(world, approver).filed()
    cut_day = FILED + dt.timedelta(days=1)
    case.step(
        "power_cut",
        cut_day,
        approved_by=approver,
        notified_at="08:40",
        cut_on=cut_day.isoformat(),
        emergency=True,
        emergency_reason="液氨储罐区拒不停用且泄漏报警持续",
        **POWER_CUT,
    )
    text = printed(issue(case, "power_cut_decision", cut_day), tmp_path)
    assert "因液氨储罐区拒不停用且泄漏报警持续，存在危及生产安全的紧急情形" in text
    assert "不再提前24小时通知" in text and "以本决定书书面通知" not in text
    assert "自2026年12月2日9时00分起停止对你单位供电" in text


def test_a_power_cut_recorded_on_the_cut_day_prints_as_recorded(
    world: World, approver: str, tmp_path: Path
) -> None:
    """Case steps are never rewritten: a power cut recorded before the decision had its own
    date (dated on the cut day, the notice on ``notified_on``, 安全生产法 Art. 70 ¶2) prints its
    notice and its cut as recorded."""
    case = Case(world, approver).filed()
    cut_day = FILED + dt.timedelta(days=2)
    case.step(
        "power_cut",
        cut_day,
        approved_by=approver,
        notified_on=(cut_day - dt.timedelta(days=1)).isoformat(),
        notified_at="08:30",
        **POWER_CUT,
    )
    text = printed(issue(case, "power_cut_decision", cut_day), tmp_path)
    assert "自2026年12月3日9时00分起停止对你单位供电" in text
    assert "于2026年12月2日8时30分以本决定书书面通知你单位" in text
