"""Warning notices (警示通报): the 60-day rule, drafts, issue, withdrawal, wide impact, the
register."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from accidents_support import World, at, make_world

from inspector_app.accidents import documents, operations, warnings
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


def notice(world: World, notice_id: str) -> dict[str, Any]:
    found = world.facts.get("warning_notice", notice_id)
    assert found is not None
    return found


def test_a_repeat_on_day_60_opens_a_draft(world: World) -> None:
    first = world.record(at(2026, 8, 1, 10, 0), deaths=2)
    assert first.warnings_opened == []
    second = world.record(at(2026, 9, 30, 15, 0), deaths=2, loss=500_000)
    assert len(second.warnings_opened) == 1
    draft = notice(world, second.warnings_opened[0])
    assert draft["basis"] == "repeat" and draft["status"] == "draft"
    assert draft["trigger_key"] == f"repeat:{second.accident_id}"
    assert draft["accident_ids"] == f"{first.accident_id},{second.accident_id}"
    assert draft["county_code"] == "330481" and draft["addressed_county"] == "330481"
    assert draft["enterprises"] == "海宁精工机械有限公司"
    assert draft["course"].splitlines()[0] == (
        "2026年8月1日10时00分，海宁市海宁精工机械有限公司二号车间发生一起机械致害事故，"
        "造成2人死亡。操作工在清理设备时被卷入。"
    )
    assert draft["course"].splitlines()[1].startswith("2026年9月30日15时00分")


def test_a_repeat_on_day_61_does_not(world: World) -> None:
    world.record(at(2026, 8, 1, 10, 0), deaths=2)
    assert world.record(at(2026, 10, 1, 8, 0), deaths=2).warnings_opened == []


def test_the_same_type_in_another_county_does_not(world: World) -> None:
    world.record(at(2026, 8, 1), deaths=2)
    other = world.record(at(2026, 8, 20), deaths=2, enterprise="textile")
    assert other.view["authority_code"] == "330483"
    assert other.warnings_opened == []


def test_another_type_does_not(world: World) -> None:
    world.record(at(2026, 8, 1), deaths=2)
    assert world.record(at(2026, 8, 20), deaths=2, accident_type="起重致害").warnings_opened == []


@pytest.mark.parametrize(
    ("figures", "opens"),
    [
        ({"deaths": 1, "minor": 1}, False),
        ({"deaths": 1, "minor": 2}, True),  # 3 casualties
        ({"serious": 2, "minor": 1}, True),
        ({"deaths": 1, "missing": 1}, True),  # 2 deaths, the missing person counted
        ({"serious": 2}, False),
    ],
)
def test_each_accident_needs_two_deaths_or_three_casualties(
    world: World, figures: dict[str, int], opens: bool
) -> None:
    world.record(at(2026, 8, 1), deaths=2)
    assert bool(world.record(at(2026, 8, 10), **figures).warnings_opened) == opens


def test_types_are_compared_across_the_change_of_standard(world: World) -> None:
    world.record(at(2026, 6, 20), deaths=2, accident_type="中毒和窒息")
    assert world.record(at(2026, 7, 20), deaths=2, accident_type="窒息").warnings_opened
    world.record(at(2026, 6, 21), deaths=2, accident_type="触电", enterprise="textile")
    assert not world.record(
        at(2026, 7, 21), deaths=2, accident_type="灼烫", enterprise="textile"
    ).warnings_opened


def test_a_supplementary_report_can_make_an_earlier_accident_count(world: World) -> None:
    first = world.record(at(2026, 8, 1), deaths=1)
    assert world.record(at(2026, 8, 15), deaths=2).warnings_opened == []
    later = world.supplement(first.accident_id, at(2026, 8, 20), deaths=2)
    assert len(later.warnings_opened) == 1


def test_candidates_are_derived_again_after_a_sync(world: World) -> None:
    """Two accidents recorded on two laptops: neither saw the other; the rule sees both."""
    first = world.record(at(2026, 8, 1), deaths=2)
    second = world.record(at(2026, 8, 5), deaths=2)
    drafts = world.facts.find("warning_notice", {"county_code": "330481"})
    assert len(drafts) == 1
    with world.uow() as uow:
        uow.conn.execute("UPDATE warning_notice SET status = 'withdrawn', reason = 'x'")
    # the notice answers the candidate; a withdrawn one too: nothing new to open
    assert warnings.pending(world.facts, "330481") == []
    pending_keys = [c.key for c in warnings.candidates([first.view, second.view])]
    assert pending_keys == [f"repeat:{second.accident_id}"]


def _ready(world: World, notice_id: str) -> None:
    with world.uow() as uow:
        warnings.edit(
            uow,
            notice_id,
            {
                "lessons": "企业未落实设备检修时停机断电挂牌制度。",
                "measures": "立即开展机械设备检修作业专项检查。\n严格落实停机断电挂牌上锁。",
                "copy_to": "嘉兴市应急管理局、嘉兴市经济和信息化局",
            },
            tree=world.tree,
        )


def _issue(world: World, notice_id: str, day: dt.date) -> str:
    with world.uow() as uow:
        return warnings.issue(uow, notice_id, day, tree=world.tree)


def test_issuing_a_warning_notice(world: World) -> None:
    world.record(at(2026, 8, 1), deaths=2)
    notice_id = world.record(at(2026, 9, 2), deaths=3).warnings_opened[0]
    with pytest.raises(RecordInvalid) as caught:
        _issue(world, notice_id, dt.date(2026, 9, 10))
    errors = refused(caught)
    assert errors["lessons"].zh == "事故教训：不能为空"
    assert errors["measures"].zh == "防止同类事故发生的针对性措施：不能为空"
    assert set(errors) == {"lessons", "measures"}
    _ready(world, notice_id)
    numbers.add_block(world.store, "lease-w", "警示", "嘉", 2026, 1, 50)
    document_id = _issue(world, notice_id, dt.date(2026, 9, 10))
    issued = notice(world, notice_id)
    assert issued["status"] == "issued" and issued["number"] == "嘉安委办警示〔2026〕1号"
    assert issued["issued_on"] == "2026-09-10"
    document = issued_documents.get(world.store.conn, document_id)
    assert document is not None and document.kind == "warning_notice"
    assert document.record_id == notice_id and document.number == issued["number"]
    content = document.content
    assert content["addressees"] == "中共海宁市委员会、海宁市人民政府"
    assert content["issued_on"] == "2026年9月10日"
    assert content["intro"].startswith(
        "2026年8月1日至2026年9月2日，海宁市在32天内接连发生2起机械致害事故"
    )
    assert [a["figures"] for a in content["accidents"]] == ["2人死亡", "3人死亡"]
    assert [a["grade"] for a in content["accidents"]] == ["一般", "较大"]
    with pytest.raises(ValidationError) as caught, world.uow() as uow:
        warnings.edit(uow, notice_id, {"lessons": "改写"})
    assert caught.value.zh == "状态：警示通报已印发或撤回，不能再修改"
    with pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
        world.store.conn.execute(
            "UPDATE warning_notice SET lessons = '' WHERE id = ?", (notice_id,)
        )


def test_a_notice_is_not_issued_before_its_accidents_nor_in_the_future(world: World) -> None:
    world.record(at(2026, 8, 1), deaths=2)
    notice_id = world.record(at(2026, 9, 2), deaths=2).warnings_opened[0]
    _ready(world, notice_id)
    with pytest.raises(RecordInvalid) as caught:
        _issue(world, notice_id, dt.date(2026, 9, 1))
    assert refused(caught)["issued_on"].zh == "印发日期：不能早于所通报事故的发生日期（2026-09-02）"
    with pytest.raises(RecordInvalid) as caught:
        _issue(world, notice_id, dt.date(2026, 12, 1))
    assert refused(caught)["issued_on"].zh == "印发日期：不能晚于当前时间（2026-12-01）"
    assert notice(world, notice_id)["status"] == "draft"


def test_a_draft_that_no_longer_meets_the_rule_cannot_be_issued(world: World) -> None:
    first = world.record(at(2026, 8, 1), deaths=1, missing=1)
    notice_id = world.record(at(2026, 8, 20), deaths=2).warnings_opened[0]
    _ready(world, notice_id)
    world.supplement(first.accident_id, at(2026, 8, 3), deaths=1, note="失踪人员已找到")
    [(draft, why)] = warnings.drafts(world.facts, "330481")
    assert draft["id"] == notice_id and why is not None
    with pytest.raises(RecordInvalid) as caught:
        _issue(world, notice_id, dt.date(2026, 9, 1))
    assert refused(caught)["accident_ids"].zh == (
        "通报的事故：所列事故不都是60天内在同一县（市、区）发生、死亡2人或伤亡3人以上的同类型事故"
    )


def test_a_draft_is_addressed_to_a_county_or_a_department(world: World) -> None:
    world.record(at(2026, 8, 1), deaths=2)
    notice_id = world.record(at(2026, 8, 20), deaths=2).warnings_opened[0]
    with pytest.raises(RecordInvalid) as caught, world.uow() as uow:
        warnings.edit(uow, notice_id, {"addressed_department": "嘉兴市住房和城乡建设局"})
    assert refused(caught)["addressed_county"].zh == (
        "主送县（市、区）：主送一个县（市、区）或一个市级部门，二者选一"
    )
    with world.uow() as uow:
        warnings.edit(
            uow,
            notice_id,
            {"addressed_county": "", "addressed_department": "嘉兴市住房和城乡建设局"},
        )
    draft = notice(world, notice_id)
    content = documents.warning_notice_content(draft, world.facts, world.tree)
    assert content["addressees"] == "嘉兴市住房和城乡建设局"


def test_withdrawing_a_draft_keeps_the_reason(world: World) -> None:
    world.record(at(2026, 8, 1), deaths=2)
    notice_id = world.record(at(2026, 8, 20), deaths=2).warnings_opened[0]
    with pytest.raises(RecordInvalid) as caught, world.uow() as uow:
        warnings.withdraw(uow, notice_id, "")
    assert refused(caught)["reason"].zh == "理由：不能为空"
    with world.uow() as uow:
        warnings.withdraw(uow, notice_id, "已在全市安全生产会议上通报")
    assert notice(world, notice_id)["status"] == "withdrawn"
    with world.uow() as uow:
        assert warnings.open_drafts(uow, "330481", tree=world.tree) == []


def test_an_accident_of_wide_impact_gets_a_draft(world: World, tree: JurisdictionTree) -> None:
    view = world.record(
        at(2026, 9, 3),
        enterprise="",
        county_code="330402",
        town_code="330402008",  # 长水街道, managed by the development zone
        deaths=1,
    ).view
    with world.uow() as uow:
        outcome = operations.flag_wide_impact(uow, view.id, "网络舆情关注度高", tree=world.tree)
    [notice_id] = outcome.warnings_opened
    draft = notice(world, notice_id)
    assert draft["basis"] == "wide_impact" and draft["county_code"] == "Z330401"
    content = documents.warning_notice_content(draft, world.facts, world.tree)
    assert content["addressees"] == (
        "中共嘉兴经济技术开发区工作委员会、嘉兴经济技术开发区管理委员会"
    )
    assert content["intro"].startswith("嘉兴经济技术开发区发生的生产安全事故造成较大社会影响")


def test_the_register_counts_counties_and_departments() -> None:
    # the seed: 10 notices to 2 departments and 8 counties
    counties = ["330402", "330411", "330421", "330424", "330481", "330482", "330483", "Z330401"]
    rows = [{"addressed_county": c, "addressed_department": ""} for c in counties]
    rows += [
        {"addressed_county": "", "addressed_department": d}
        for d in ("嘉兴市住房和城乡建设局", "嘉兴市交通运输局")
    ]
    assert warnings.summary(rows) == warnings.RegisterSummary(10, 8, 2)
    again = rows + [{"addressed_county": "330481", "addressed_department": ""}]
    assert warnings.summary(again) == warnings.RegisterSummary(11, 8, 2)


def test_the_register_lists_issued_notices_of_a_year(world: World) -> None:
    world.record(at(2026, 8, 1), deaths=2)
    first = world.record(at(2026, 8, 20), deaths=2).warnings_opened[0]
    world.record(at(2026, 8, 2), deaths=2, enterprise="textile")
    second = world.record(at(2026, 8, 25), deaths=2, enterprise="textile").warnings_opened[0]
    for notice_id in (first, second):
        _ready(world, notice_id)
    _issue(world, first, dt.date(2026, 9, 1))
    assert [n["id"] for n in warnings.register(world.facts, 2026)] == [first]
    _issue(world, second, dt.date(2026, 9, 3))
    assert [n["id"] for n in warnings.register(world.facts, 2026)] == [second, first]
    assert [n["id"] for n in warnings.register(world.facts, 2026, "330483")] == [second]
    assert warnings.register(world.facts, 2025) == []
    assert warnings.summary(warnings.register(world.facts, 2026)) == warnings.RegisterSummary(
        2, 2, 0
    )


def test_the_departments_offered_are_the_citys(tree: JurisdictionTree) -> None:
    found = documents.department_choices(tree)
    assert found[:2] == ["嘉兴市应急管理局", "嘉兴市经济和信息化局"]
    assert all(d.startswith("嘉兴市") for d in found)
