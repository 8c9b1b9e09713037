"""Every refusal of the wire checks, with the message a person reads: the records are checked
over plain dicts, as the server holds them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import pytest

from inspector_app.accidents import wire
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import RecordInvalid

TODAY = dt.date(2026, 12, 10)


class DictFacts:
    def __init__(self, tables: Mapping[str, list[dict[str, Any]]]) -> None:
        self.tables = tables

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        return next((r for r in self.tables.get(table, []) if r["id"] == record_id), None)

    def find(self, table: str, where: Mapping[str, Any]) -> list[dict[str, Any]]:
        rows = self.tables.get(table, [])
        found = [r for r in rows if all(r.get(k) == v for k, v in where.items())]
        return sorted(found, key=lambda r: r["id"])


def accident(record_id: str, county: str, town: str, day: str) -> dict[str, Any]:
    return {
        "id": record_id,
        "county_code": county,
        "town_code": town,
        "supervising_unit": county,
        "authority_code": county,
        "enterprise_id": "",
        "unit_name": "某机械厂",
        "occurred_at": f"{day}T09:00:00+08:00",
        "known_at": f"{day}T09:00:00+08:00",
        "place": "车间",
        "sector": "industry_trade",
        "type_standard": "GB6441-2025",
        "accident_type": "机械致害",
        "wide_impact": 0,
        "wide_impact_reason": "",
        "created_by": "o1",
    }


def report(record_id: str, accident_id: str, day: str, deaths: int) -> dict[str, Any]:
    return {
        "id": record_id,
        "accident_id": accident_id,
        "kind": "first",
        "reported_at": f"{day}T09:30:00+08:00",
        "deaths": deaths,
        "missing": 0,
        "serious_injuries": 0,
        "minor_injuries": 0,
        "direct_loss_yuan": "0",
        "unit_overview": "",
        "situation": "",
        "course": "经过",
        "measures": "",
        "other": "",
        "reporter": "",
        "change_note": "",
        "created_by": "o1",
    }


def step(record_id: str, accident_id: str, kind: str, day: str, data: Any) -> dict[str, Any]:
    return {
        "id": record_id,
        "accident_id": accident_id,
        "kind": kind,
        "occurred_on": day,
        "occurred_at": "",
        "officer_id": "",
        "data": json.dumps(data, ensure_ascii=False),
        "created_by": "o1",
    }


NOTICE = {
    "county_code": "330481",
    "basis": "repeat",
    "trigger_key": "repeat:a2",
    "accident_ids": "a1,a2",
    "addressed_county": "330481",
    "addressed_department": "",
    "copy_to": "",
    "enterprises": "",
    "course": "经过",
    "lessons": "",
    "measures": "",
    "status": "draft",
    "number": "",
    "issued_on": "",
    "reason": "",
    "created_by": "o1",
}


@pytest.fixture
def facts() -> DictFacts:
    return DictFacts(
        {
            "accident": [
                accident("a1", "330481", "330481005", "2026-08-01"),
                accident("a2", "330481", "330481005", "2026-08-20"),
                accident("a3", "330483", "330483005", "2026-08-10"),
            ],
            "accident_report": [
                report("r1", "a1", "2026-08-01", 2),
                report("r2", "a2", "2026-08-20", 2),
                report("r3", "a3", "2026-08-10", 1),
            ],
            "accident_step": [
                step("s1", "a1", "report_submitted", "2026-09-01", {"by": ""}),
                step("s2", "a1", "report_approved", "2026-09-10", {"body": "海宁市人民政府"}),
            ],
            "officer": [{"id": "o1", "role": "city", "active": 1}],
            "warning_notice": [
                {
                    **NOTICE,
                    "id": "w1",
                    "lessons": "教训",
                    "measures": "措施",
                    "status": "issued",
                    "number": "嘉安委办警示〔2026〕3号",
                    "issued_on": "2026-09-01",
                }
            ],
            "report_check_round": [
                {
                    "id": "q1",
                    "county_code": "330400",
                    "quarter": "2026Q3",
                    "status": "draft",
                    "summary": "",
                    "number": "",
                    "issued_on": "",
                    "created_by": "o1",
                }
            ],
        }
    )


def _fields(facts: DictFacts, table: str, record_id: str) -> dict[str, Any]:
    found = facts.get(table, record_id)
    assert found is not None
    return {f: found[f] for f in wire.TABLES[table].fields}


BASES: dict[str, Any] = {
    "accident": lambda f: {**_fields(f, "accident", "a3"), "town_code": "330483006"},
    "accident_report": lambda f: {
        **_fields(f, "accident_report", "r1"),
        "kind": "supplementary",
        "reported_at": "2026-08-05T10:00:00+08:00",
        "deaths": 3,
        "change_note": "伤者死亡",
    },
    "accident_step": lambda f: {
        "accident_id": "a3",
        "kind": "accountability",
        "occurred_on": "2026-09-01",
        "occurred_at": "",
        "officer_id": "",
        "data": {"name": "张三", "measure": "criminal", "detail": "移送"},
        "created_by": "o1",
    },
    "warning_notice": lambda f: dict(NOTICE),
    "report_check_round": lambda f: {
        "county_code": "330400",
        "quarter": "2026Q4",
        "status": "draft",
        "summary": "",
        "number": "",
        "issued_on": "",
        "created_by": "o1",
    },
    "report_check": lambda f: {
        "round_id": "q1",
        "accident_id": "a1",
        "county_code": "330481",
        "checked_on": "2026-10-09",
        "officer_ids": "o1",
        "defects": "[]",
        "note": "",
        "created_by": "o1",
    },
}


@pytest.mark.parametrize("table", list(BASES))
def test_each_base_record_is_valid(table: str, facts: DictFacts, tree: JurisdictionTree) -> None:
    wire.check(table, BASES[table](facts), facts, TODAY, tree=tree)


CASES = [
    (
        "accident",
        {"supervising_unit": "330402"},
        "supervising_unit",
        "监管单位：“330402”不能监管该地的单位，可选：",
    ),
    (
        "accident",
        {"authority_code": "330481"},
        "authority_code",
        "负责的县级单位：应为监管单位所属的县级单位“桐乡市”",
    ),
    (
        "accident",
        {"occurred_at": "2026-13-01"},
        "occurred_at",
        "事故发生时间：“2026-13-01”不是有效时间（格式：2026-03-01T08:30+08:00）",
    ),
    ("accident", {"occurred_at": ""}, "occurred_at", "事故发生时间：不能为空"),
    ("accident", {"wide_impact": "maybe"}, "wide_impact", "较大社会影响：应为“是”或“否”"),
    ("accident", {"place": "车" * 201}, "place", "事故地点：不能超过200个字符（实际201个）"),
    ("accident", {"created_by": ""}, "created_by", "录入人：不能为空"),
    ("accident_report", {"accident_id": "a9"}, "accident_id", "事故：找不到该事故"),
    ("accident_report", {"deaths": -1}, "deaths", "死亡人数：不能为负数（实际为-1）"),
    ("accident_report", {"kind": "third"}, "kind", "类别：“third”不是有效值，应为：首报、补报"),
    (
        "accident_step",
        {"kind": "closed"},
        "kind",
        "类别：“closed”不是有效值，应为：逐级上报、延长调查期限",
    ),
    ("accident_step", {"data": "not json"}, "data", "内容：应为 JSON 对象"),
    (
        "accident_step",
        {"occurred_on": "2026/11/30"},
        "occurred_on",
        "日期：“2026/11/30”不是有效日期（格式：2026-01-31）",
    ),
    (
        "accident_step",
        {
            "kind": "appraisal",
            "occurred_on": "2026-09-05",
            "data": {"from": "2026-09-01", "to": "2026-08-30", "what": "设备"},
        },
        "to",
        "鉴定结束日期：不能早于鉴定开始日期（2026-09-01）",
    ),
    (
        "accident_step",
        {
            "kind": "appraisal",
            "occurred_on": "2026-09-05",
            "data": {"from": "2026-09-01", "to": "2026-09-04"},
        },
        "what",
        "鉴定事项：不能为空",
    ),
    (
        "accident_step",
        {"kind": "listing_revoked", "data": {"reason": "x"}},
        "kind",
        "类别：挂牌督办当前为“不挂牌督办”，不能“撤销挂牌督办”",
    ),
    (
        "accident_step",
        {"data": {"measure": "criminal", "detail": "移送"}},
        "name",
        "责任人姓名：不能为空",
    ),
    (
        "accident_step",
        {
            "accident_id": "a1",
            "kind": "investigation_extended",
            "occurred_on": "2026-09-20",
            "data": {"days": 30, "body": "海宁市人民政府", "reason": "需要"},
        },
        "kind",
        "类别：事故调查报告已提交",
    ),
    (
        "accident_step",
        {"kind": "forwarded", "occurred_at": "", "data": {"level": "city"}},
        "occurred_on",
        "日期：不能为空",
    ),
    (
        "warning_notice",
        {"county_code": "330401"},
        "county_code",
        "所属县（市、区）：“330401”不是本市的县（市、区）",
    ),
    ("warning_notice", {"accident_ids": "a1,a9"}, "accident_ids", "通报的事故：找不到所列事故"),
    (
        "warning_notice",
        {"accident_ids": "a1,a3"},
        "accident_ids",
        "通报的事故：所列事故不在该县（市、区）",
    ),
    ("warning_notice", {"accident_ids": ""}, "accident_ids", "通报的事故：不能为空"),
    (
        "warning_notice",
        {"trigger_key": "repeat:a1"},
        "trigger_key",
        "触发条件：与通报依据和所列事故不符",
    ),
    ("warning_notice", {"basis": "rumour"}, "basis", "通报依据：“rumour”不是有效值"),
    ("warning_notice", {"issued_on": "2026-09-01"}, "issued_on", "印发日期：草稿没有印发日期"),
    (
        "warning_notice",
        {"status": "issued", "number": "嘉安委办警示〔2026〕9号", "issued_on": "2026-09-01"},
        "lessons",
        "事故教训：不能为空",
    ),
    (
        "warning_notice",
        {"status": "withdrawn"},
        "reason",
        "理由：不能为空",
    ),
    (
        "report_check_round",
        {"county_code": "330481"},
        "county_code",
        "所属县（市、区）：季度检查由嘉兴市组织",
    ),
    (
        "report_check_round",
        {"issued_on": "2026-12-01"},
        "issued_on",
        "印发日期：未通报的检查没有印发日期",
    ),
    (
        "report_check_round",
        {"status": "issued", "number": "嘉安委办事故查〔2026〕2号", "issued_on": "2026-12-01"},
        "summary",
        "通报要求：不能为空",
    ),
    ("report_check", {"round_id": "q9"}, "round_id", "季度检查：找不到该季度检查"),
    (
        "report_check",
        {"county_code": "330483"},
        "county_code",
        "所属县（市、区）：与事故所属县（市、区）不符",
    ),
    ("report_check", {"defects": "{bad"}, "defects", "存在问题：应为问题列表"),
    ("report_check", {"defects": '{"code": "F1"}'}, "defects", "存在问题：应为问题列表"),
    ("report_check", {"officer_ids": ""}, "officer_ids", "检查人员：不能为空"),
    (
        "report_check",
        {"accident_id": "a2"},
        "accident_id",
        "事故：不是2026Q3批复的工矿商贸领域一般事故调查报告",
    ),
]


@pytest.mark.parametrize(("table", "change", "field", "zh"), CASES)
def test_refusals_name_the_field_and_the_rule(
    table: str,
    change: dict[str, Any],
    field: str,
    zh: str,
    facts: DictFacts,
    tree: JurisdictionTree,
) -> None:
    data = {**BASES[table](facts), **change}
    with pytest.raises(RecordInvalid) as caught:
        wire.check(table, data, facts, TODAY, tree=tree)
    errors = {e.field: e for e in caught.value.errors}
    assert field in errors, caught.value
    assert errors[field].zh.startswith(zh)
    assert errors[field].en


def test_a_supplementary_report_needs_the_first(facts: DictFacts, tree: JurisdictionTree) -> None:
    data = BASES["accident_report"](facts)
    facts.tables["accident_report"] = [
        r for r in facts.tables["accident_report"] if r["id"] != "r1"
    ]
    with pytest.raises(RecordInvalid) as caught:
        wire.check("accident_report", data, facts, TODAY)
    assert caught.value.errors[0].zh == "类别：事故尚无首报，不能补报"


def test_an_issued_notice_never_changes(facts: DictFacts, tree: JurisdictionTree) -> None:
    issued = _fields(facts, "warning_notice", "w1")
    assert wire.check("warning_notice", issued, facts, TODAY, record_id="w1", tree=tree) == issued
    with pytest.raises(RecordInvalid) as caught:
        wire.check(
            "warning_notice",
            {**issued, "lessons": "改过的教训"},
            facts,
            TODAY,
            record_id="w1",
            tree=tree,
        )
    [error] = caught.value.errors
    assert error.field == "lessons"
    assert error.zh == "事故教训：警示通报已印发或撤回，不能再修改"
