"""The documents of seizures, of the on-the-spot decision and of the demand notice, issued from
a real case and rendered to PDF (pdftotext shows their fields): 现场笔录 and 查封（扣押）决定书
(行政强制法 Art. 18, 24), 延长查封（扣押）期限决定书 (Art. 25), 解除查封（扣押）决定书 (Art. 28),
当场行政处罚决定书 (行政处罚法 Art. 52, pre-numbered), 催告书 (行政强制法 Art. 35, 54)."""

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
