"""Listed supervision (挂牌督办): the triggers, re-grading in and out, the notice, the
investigation tracked to closure."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from accidents_support import World, at, make_world

from inspector_app.accidents import listing, operations, steps
from inspector_app.accidents.model import view_of
from inspector_app.documents import numbers
from inspector_app.inspections import documents as issued_documents
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import RecordInvalid, ValidationError


@pytest.fixture
def world(tmp_path: Path, tree: JurisdictionTree, registry: Registry) -> World:
    w = make_world(tmp_path / "inspector.sqlite3", tree, registry)
    yield w
    w.store.close()


def refused(error: pytest.ExceptionInfo[Any]) -> dict[str, ValidationError]:
    value = error.value
    errors = value.errors if isinstance(value, RecordInvalid) else [value]
    return {e.field: e for e in errors}


@pytest.mark.parametrize(
    ("sector", "accident_type", "deaths", "missing", "serious", "status"),
    [
        ("industry_trade", "机械致害", 2, 0, 0, "draft"),
        ("industry_trade", "机械致害", 1, 0, 2, "draft"),
        ("industry_trade", "机械致害", 1, 0, 9, "draft"),
        ("industry_trade", "机械致害", 1, 1, 0, "draft"),  # the missing person counts
        ("industry_trade", "机械致害", 1, 0, 1, "none"),
        ("industry_trade", "机械致害", 0, 0, 9, "none"),
        ("industry_trade", "机械致害", 3, 0, 0, "none"),  # 较大: the city investigates itself
        ("industry_trade", "机械致害", 1, 0, 10, "none"),  # 较大 by injuries
        ("road_traffic", "道路（轨道）车辆致害", 2, 0, 0, "none"),
    ],
)
def test_the_listing_triggers(
    world: World,
    sector: str,
    accident_type: str,
    deaths: int,
    missing: int,
    serious: int,
    status: str,
) -> None:
    outcome = world.record(
        at(2026, 9, 3),
        deaths=deaths,
        missing=missing,
        serious=serious,
        sector=sector,
        accident_type=accident_type,
    )
    assert outcome.listing.status == status
    assert (outcome.listing.reason is not None) == (status == "draft")


def test_a_supplementary_report_opens_the_draft(world: World) -> None:
    accident = world.record(at(2026, 9, 3), deaths=1, serious=1)
    assert accident.listing.status == "none" and accident.listing.withdrawn is None
    later = world.supplement(accident.accident_id, at(2026, 9, 10), deaths=1, serious=2)
    assert later.listing.status == "draft"
    assert later.listing.reason == (
        "工矿商贸领域一般事故，死亡1人、重伤2人以上",
        "general accident in industry and trade, 1+ deaths and 2+ serious injuries",
    )


def test_a_missing_person_found_alive_takes_the_draft_away(world: World) -> None:
    accident = world.record(at(2026, 9, 3), deaths=1, missing=1)
    assert accident.listing.status == "draft"
    later = world.supplement(accident.accident_id, at(2026, 9, 5), deaths=1, minor=1)
    assert later.listing.status == "none"
    assert later.listing.withdrawn is not None
    assert later.listing.withdrawn[0] == ("补报后伤亡情况为1人死亡、1人轻伤，不再符合挂牌督办条件")


def test_a_regrade_to_jiaoda_takes_the_draft_away(world: World) -> None:
    accident = world.record(at(2026, 9, 3), deaths=2)
    later = world.supplement(accident.accident_id, at(2026, 9, 8), deaths=3)
    assert later.view.grade == "较大" and later.listing.status == "none"
    assert later.listing.withdrawn is not None
    assert later.listing.withdrawn[0] == (
        "补报后为较大事故，由设区的市级以上人民政府负责调查，不再挂牌督办"
        "（《生产安全事故报告和调查处理条例》第十九条）"
    )
    with pytest.raises(ValidationError) as caught, world.uow() as uow:
        operations.issue_listing(uow, accident.accident_id, dt.date(2026, 9, 9), tree=world.tree)
    assert caught.value.zh.startswith(
        "类别：挂牌督办当前为“不挂牌督办”，不能印发通知书：补报后为较大事故"
    )


def _issue(world: World, accident_id: str, day: dt.date) -> str:
    with world.uow() as uow:
        return operations.issue_listing(uow, accident_id, day, tree=world.tree)


def _step(
    world: World,
    accident_id: str,
    kind: str,
    when: dt.date,
    data: dict[str, Any] | None = None,
    officer_id: str = "",
) -> str:
    with world.uow() as uow:
        return operations.record_step(uow, accident_id, kind, when, data, officer_id)


def _state(world: World, accident_id: str) -> listing.Listing:
    view = view_of(world.facts, accident_id)
    return listing.state(view, world.facts.find("accident_step", {"accident_id": accident_id}))


def test_issuing_the_listing_notice(world: World) -> None:
    accident = world.record(at(2026, 9, 3, 8, 30), deaths=2, loss=1_800_000)
    numbers.add_block(world.store, "lease-1", "督办", "嘉", 2026, 1, 20)  # leased by the server
    document_id = _issue(world, accident.accident_id, dt.date(2026, 9, 5))
    document = issued_documents.get(world.store.conn, document_id)
    assert document is not None
    assert document.kind == "listing_notice" and document.record_id == accident.accident_id
    assert document.number == "嘉安委办督办〔2026〕1号"
    content = document.content
    assert content["addressee"] == "海宁市人民政府"
    assert content["issuer"] == "嘉兴市安全生产委员会办公室"
    assert content["accident"]["occurred_at"] == "2026年9月3日8时30分"
    assert content["accident"]["figures"] == "2人死亡，直接经济损失180万元"
    assert "自事故发生之日起60日内（2026年11月2日前）" in content["requirements"][0]
    state = _state(world, accident.accident_id)
    assert state.status == "issued" and state.number == document.number
    assert state.document_id == document_id
    with pytest.raises(ValidationError) as caught:
        _issue(world, accident.accident_id, dt.date(2026, 9, 6))
    assert caught.value.zh.startswith("类别：挂牌督办当前为“挂牌督办中”，不能印发通知书")


def test_an_issued_listing_outlives_a_regrade_until_an_approver_revokes_it(world: World) -> None:
    accident = world.record(at(2026, 9, 3), deaths=2)
    _issue(world, accident.accident_id, dt.date(2026, 9, 4))
    later = world.supplement(accident.accident_id, at(2026, 9, 20), deaths=3)
    assert later.listing.status == "issued"
    assert later.listing.attention is not None
    assert later.listing.attention[0].startswith("补报后为较大事故")
    with pytest.raises(RecordInvalid) as caught:
        _step(
            world,
            accident.accident_id,
            "listing_revoked",
            dt.date(2026, 9, 21),
            {"reason": "升级为较大事故"},
            officer_id=world.officer,
        )
    assert refused(caught)["officer_id"].zh == "审批人：“撤销挂牌督办”须由审批负责人决定"
    _step(
        world,
        accident.accident_id,
        "listing_revoked",
        dt.date(2026, 9, 21),
        {"reason": "升级为较大事故，由市政府调查"},
        officer_id=world.approver,
    )
    assert _state(world, accident.accident_id).status == "revoked"


def test_the_investigation_period_and_its_one_extension(world: World) -> None:
    accident = world.record(at(2026, 8, 1), deaths=2)
    view = accident.view
    assert steps.investigation(view, []).due_on == dt.date(2026, 9, 30)
    with pytest.raises(RecordInvalid) as caught:
        _step(
            world,
            view.id,
            "investigation_extended",
            dt.date(2026, 9, 20),
            {"days": 61, "body": "海宁市人民政府", "reason": "需进一步调查"},
        )
    assert refused(caught)["days"].zh == "延长天数：延长期限应为1至60日（第二十九条）"
    with pytest.raises(RecordInvalid) as caught:
        _step(
            world,
            view.id,
            "investigation_extended",
            dt.date(2026, 10, 1),
            {"days": 30, "body": "海宁市人民政府", "reason": "需进一步调查"},
        )
    assert refused(caught)["occurred_on"].zh == (
        "日期：调查期限已于2026-09-30届满，应在届满前批准延长（第二十九条）"
    )
    _step(
        world,
        view.id,
        "investigation_extended",
        dt.date(2026, 9, 30),
        {"days": 30, "body": "海宁市人民政府", "reason": "需进一步调查"},
    )
    with pytest.raises(RecordInvalid) as caught:
        _step(
            world,
            view.id,
            "investigation_extended",
            dt.date(2026, 10, 2),
            {"days": 10, "body": "海宁市人民政府", "reason": "再延长"},
        )
    assert refused(caught)["kind"].zh == "类别：已经“延长调查期限”"
    _step(
        world,
        view.id,
        "appraisal",
        dt.date(2026, 10, 12),
        {"from": "2026-10-01", "to": "2026-10-10", "what": "设备安全性能鉴定"},
    )
    found = world.facts.find("accident_step", {"accident_id": view.id})
    inv = steps.investigation(view, found)
    assert inv.extended_days == 30 and inv.appraisal_days == 10
    assert inv.due_on == dt.date(2026, 11, 9)
    assert inv.overdue(dt.date(2026, 11, 10)) and not inv.overdue(dt.date(2026, 11, 9))


def test_the_report_is_approved_after_it_is_submitted(world: World) -> None:
    view = world.record(at(2026, 8, 1), deaths=2).view
    with pytest.raises(RecordInvalid) as caught:
        _step(world, view.id, "report_approved", dt.date(2026, 9, 20), {"body": "海宁市人民政府"})
    assert refused(caught)["kind"].zh == "类别：事故调查报告尚未提交"
    _step(world, view.id, "report_submitted", dt.date(2026, 9, 25), {"by": "事故调查组"})
    with pytest.raises(RecordInvalid) as caught:
        _step(world, view.id, "report_approved", dt.date(2026, 9, 24), {"body": "海宁市人民政府"})
    assert refused(caught)["occurred_on"].zh == "日期：不能早于报告提交日期（2026-09-25）"
    with pytest.raises(RecordInvalid) as caught:
        _step(world, view.id, "report_approved", dt.date(2026, 10, 1), {})
    assert refused(caught)["body"].zh == "批复机关：不能为空"
    _step(
        world,
        view.id,
        "report_approved",
        dt.date(2026, 10, 8),
        {"body": "海宁市人民政府", "document_no": "海政函〔2026〕88号"},
    )
    found = world.facts.find("accident_step", {"accident_id": view.id})
    inv = steps.investigation(view, found)
    assert inv.submitted_on == dt.date(2026, 9, 25) and inv.reply_due == dt.date(2026, 10, 10)
    assert inv.approved_on == dt.date(2026, 10, 8)
    assert inv.approval["document_no"] == "海政函〔2026〕88号"


def test_people_held_responsible_including_criminal_accountability(world: World) -> None:
    view = world.record(at(2026, 8, 1), deaths=2).view
    _step(
        world,
        view.id,
        "accountability",
        dt.date(2026, 8, 20),
        {
            "name": "王海明",
            "position": "总经理",
            "employer": "海宁精工机械有限公司",
            "measure": "追究刑事责任",
            "detail": "涉嫌重大责任事故罪，移送公安机关立案侦查",
        },
    )
    _step(
        world,
        view.id,
        "accountability",
        dt.date(2026, 10, 20),
        {"name": "李强", "measure": "administrative_penalty", "detail": "罚款上一年年收入40%"},
    )
    with pytest.raises(RecordInvalid) as caught:
        _step(
            world,
            view.id,
            "accountability",
            dt.date(2026, 10, 20),
            {"name": "赵六", "measure": "warning", "detail": "x"},
        )
    assert refused(caught)["measure"].zh.startswith(
        "处理方式：“warning”不是有效值，应为：追究刑事责任"
    )
    found = world.facts.find("accident_step", {"accident_id": view.id})
    inv = steps.investigation(view, found)
    assert [a["name"] for a in inv.accountability] == ["王海明", "李强"]
    assert [a["name"] for a in inv.criminal()] == ["王海明"]
    stored = world.facts.find("accident_step", {"accident_id": view.id, "kind": "accountability"})
    assert {json.loads(s["data"])["measure"] for s in stored} == {
        "criminal",
        "administrative_penalty",
    }


def test_closure_needs_the_issued_listing_the_approval_and_an_approver(world: World) -> None:
    view = world.record(at(2026, 8, 1), deaths=2).view
    with pytest.raises(RecordInvalid) as caught:
        _step(world, view.id, "listing_closed", dt.date(2026, 8, 2), {}, world.approver)
    assert refused(caught)["kind"].zh == "类别：挂牌督办当前为“待挂牌督办”，不能“挂牌督办销号”"
    _issue(world, view.id, dt.date(2026, 8, 3))
    with pytest.raises(RecordInvalid) as caught:
        _step(world, view.id, "listing_closed", dt.date(2026, 9, 2), {}, world.approver)
    assert refused(caught)["kind"].zh == "类别：事故调查报告尚未批复，不能销号（第三十二条）"
    _step(world, view.id, "report_submitted", dt.date(2026, 9, 25))
    _step(world, view.id, "report_approved", dt.date(2026, 10, 8), {"body": "海宁市人民政府"})
    with pytest.raises(RecordInvalid) as caught:
        _step(world, view.id, "listing_closed", dt.date(2026, 10, 7), {}, world.approver)
    assert refused(caught)["occurred_on"].zh == "日期：不能早于调查报告批复日期（2026-10-08）"
    with pytest.raises(RecordInvalid) as caught:
        _step(world, view.id, "listing_closed", dt.date(2026, 10, 9), {}, world.approver)
    assert refused(caught)["note"].zh == "说明：尚未登记责任追究情况，销号时须说明理由"
    _step(
        world,
        view.id,
        "accountability",
        dt.date(2026, 10, 9),
        {"name": "王海明", "measure": "administrative_penalty", "detail": "罚款"},
    )
    _step(world, view.id, "listing_closed", dt.date(2026, 10, 9), {}, world.approver)
    state = _state(world, view.id)
    assert state.status == "closed" and state.closed_on == dt.date(2026, 10, 9)
    assert not state.open


def test_steps_are_not_dated_before_the_accident_nor_in_the_future(world: World) -> None:
    view = world.record(at(2026, 8, 1), deaths=2).view
    with pytest.raises(RecordInvalid) as caught:
        _step(world, view.id, "report_submitted", dt.date(2026, 7, 31))
    assert refused(caught)["occurred_on"].zh == "日期：不能早于事故发生之日（2026-08-01）"
    with pytest.raises(RecordInvalid) as caught:
        _step(world, view.id, "report_submitted", dt.date(2026, 12, 1))
    assert refused(caught)["occurred_on"].zh == "日期：不能晚于当前时间（2026-12-01）"


def test_two_issues_made_offline_keep_the_first_and_report_the_other() -> None:
    accident = {
        "id": "a1",
        "occurred_at": "2026-08-01T09:00:00+08:00",
        "known_at": "2026-08-01T09:00:00+08:00",
        "sector": "industry_trade",
        "accident_type": "机械致害",
    }
    report = {
        "id": "r1",
        "accident_id": "a1",
        "kind": "first",
        "reported_at": "2026-08-01T09:30:00+08:00",
        "deaths": 2,
        "missing": 0,
        "serious_injuries": 0,
        "minor_injuries": 0,
        "direct_loss_yuan": "0",
    }
    from inspector_app.accidents.model import derive

    view = derive(accident, [report])
    issued = [
        {
            "id": f"s{n}",
            "accident_id": "a1",
            "kind": "listing_issued",
            "occurred_on": f"2026-08-0{n + 2}",
            "data": json.dumps({"number": f"督{n}", "document_id": f"d{n}"}),
        }
        for n in (1, 2)
    ]
    state = listing.state(view, issued)
    assert state.status == "issued" and state.number == "督1"
    assert [s["id"] for s in state.anomalies] == ["s2"]


def test_a_listing_is_not_issued_before_the_report_that_called_for_it(world: World) -> None:
    accident = world.record(at(2026, 9, 3), deaths=1, serious=1)
    world.supplement(accident.accident_id, at(2026, 9, 12, 16, 0), deaths=1, serious=2)
    with pytest.raises(RecordInvalid) as caught:
        _issue(world, accident.accident_id, dt.date(2026, 9, 11))
    assert refused(caught)["occurred_on"].zh == (
        "日期：不能早于事故符合挂牌督办条件的报告（2026-09-12）"
    )
    _issue(world, accident.accident_id, dt.date(2026, 9, 12))
    assert _state(world, accident.accident_id).status == "issued"
