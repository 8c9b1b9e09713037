"""Pieces every record of plans, draws, campaigns, joint enforcement and delegation shares:
field errors with Chinese and English labels, the evidence rule for dates, insertion with its
change-log entry, and look-ups through ``Facts``.

Dates are evidence: a date that records something done is never after ``today`` and never
before what it follows (``evidence_day``). A date that plans something (a task's due day, a
campaign's last day) may lie ahead, but not before what it follows (``ordered_day``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from typing import Any, TypeVar

from inspector_app.messages import Bilingual
from inspector_app.registry import jurisdictions, validation
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import FieldLabel as Label
from inspector_app.registry.validation import ValidationError
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.facts import Facts

T = TypeVar("T")

__all__ = ["Label"]  # the field-label type the plans modules name their fields with


class PlanError(Bilingual):
    """An operation refused by a rule of plans, draws, campaigns, joint enforcement or
    delegation: ``code`` is stable, the text names the rule."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(zh, en, code)


LABELS: dict[str, Label] = {
    "year": Label("计划年度", "Plan year"),
    "level": Label("计划层级", "Plan level"),
    "unit_code": Label("单位", "Unit"),
    "parent_id": Label("上级计划", "Parent plan"),
    "title": Label("标题", "Title"),
    "plan_id": Label("计划", "Plan"),
    "category": Label("检查类别", "Category"),
    "risk_level": Label("风险等级", "Risk level"),
    "count": Label("数量", "Count"),
    "visits": Label("每年检查次数", "Visits a year"),
    "enterprise_id": Label("检查对象", "Enterprise"),
    "random_quota": Label("双随机抽查数", "Random-check quota"),
    "capacity_per_officer": Label("每人每年检查次数", "Inspections per officer a year"),
    "approved_by": Label("批准人", "Approved by"),
    "approved_on": Label("批准日期", "Approval date"),
    "officer_ids": Label("执法人员", "Officers"),
    "due_on": Label("计划检查日期", "Planned day"),
    "kind": Label("类型", "Kind"),
    "cancelled_on": Label("取消日期", "Cancellation date"),
    "cancel_reason": Label("取消理由", "Reason for cancelling"),
    "drawn_on": Label("抽取日期", "Day of the draw"),
    "planned_on": Label("计划检查日期", "Planned day"),
    "seed": Label("随机种子", "Seed"),
    "params": Label("抽取参数", "Draw parameters"),
    "result": Label("抽取结果", "Result of the draw"),
    "reason": Label("理由", "Reason"),
    "redraw_of": Label("原抽取记录", "Original draw"),
    "published_on": Label("公示日期", "Publication date"),
    "starts_on": Label("开始日期", "First day"),
    "ends_on": Label("结束日期", "Last day"),
    "areas": Label("督查范围", "Areas"),
    "name": Label("名称", "Name"),
    "counties": Label("负责县（市、区）", "Counties assigned"),
    "person_name": Label("姓名", "Name"),
    "department": Label("所在部门", "Department"),
    "report_on": Label("报告日期", "Report date"),
    "county_code": Label("县（市、区）", "County"),
    "checks": Label("检查单位数", "Checks made"),
    "problems": Label("发现问题数", "Problems found"),
    "description": Label("问题描述", "Description"),
    "found_on": Label("发现日期", "Day found"),
    "deadline": Label("整改期限", "Deadline"),
    "occurred_on": Label("日期", "Date"),
    "inspected_on": Label("检查日期", "Inspection date"),
    "direction": Label("线索方向", "Direction"),
    "counterpart": Label("对方机关", "Counterpart organ"),
    "suspected_crime": Label("涉嫌罪名", "Suspected crime"),
    "summary": Label("线索内容", "Summary"),
    "dated_on": Label("移送（接收）日期", "Date sent or received"),
    "case_id": Label("行政处罚案件", "Penalty case"),
    "case_step_id": Label("案件移送环节", "Transfer step"),
    "number": Label("文号", "Document number"),
    "town_code": Label("镇（街道）", "Town / street"),
    "authority_code": Label("委托机关", "Delegating authority"),
    "authority_name": Label("委托机关名称", "Name of the delegating authority"),
    "matters": Label("委托事项", "Delegated matters"),
    "valid_from": Label("有效期起", "Valid from"),
    "valid_to": Label("有效期止", "Valid to"),
    "signed_on": Label("签发日期", "Date signed"),
    "letter_id": Label("委托书", "Delegation letter"),
    "revoked_on": Label("撤销日期", "Revocation date"),
    "officer_id": Label("执法人员", "Officer"),
    "other_officer_id": Label("另一名执法人员", "Other officer"),
    "park_code": Label("派驻园区", "Park"),
    "from_on": Label("派驻起始日期", "Stationed from"),
    "to_on": Label("派驻截止日期", "Stationed until"),
    "order_number": Label("派驻文号", "Stationing order"),
    "declared_on": Label("申报日期", "Declared on"),
    "group_id": Label("督查组", "Supervision group"),
    "campaign_id": Label("专项督查", "Campaign"),
    "members": Label("成员", "Members"),
    "publication_ref": Label("公布载体", "Where published"),
    "note": Label("备注", "Note"),
    "created_by": Label("录入人", "Entered by"),
    "decided_by": Label("决定人", "Decided by"),
    "supersedes_id": Label("被更正的记录", "Record corrected"),
    "status": Label("状态", "Status"),
    "covert": Label("暗查暗访", "Covert"),
    "source_id": Label("来源", "Source"),
    "relation": Label("回避关系", "Relation"),
    "organ": Label("机关", "Organ"),
    "party_name": Label("当事人", "Party"),
    "findings": Label("检查发现", "Findings"),
    "problem_id": Label("督查问题", "Problem"),
    "hazard_id": Label("隐患", "Hazard"),
    "inspection_id": Label("检查记录", "Inspection record"),
    "response_level": Label("响应级别", "Response level"),
    "basis": Label("依据", "Basis"),
    "withdrawn": Label("撤回", "Withdrawn"),
    "role": Label("职责", "Role"),
    "position": Label("排序", "Position"),
    "clue_id": Label("线索", "Clue"),
    "joint_id": Label("联合检查", "Joint inspection"),
    "rectified": Label("当场整改数", "Rectified on the spot"),
    "cases": Label("立案数", "Cases filed"),
    "lead_department": Label("牵头部门", "Lead department"),
}


def label(field: str) -> Label:
    return validation.label(field, LABELS)


def fail(field: str, rule: str, zh: str, en: str) -> ValidationError:
    """A field error whose sentences start with the field's name."""
    return validation.error(field, rule, zh, en, LABELS)


class Collect(validation.Collector):
    """Gathers the field errors of a record so that all of them are told at once, with the
    checks the plans' records use most."""

    def field(self, name: str, check: Callable[[], T]) -> T | None:
        return self(name, check)

    # the usual fields, checked and kept under their name (``field`` names the label)

    def text(
        self, name: str, value: object, max_len: int, required: bool = True, field: str = ""
    ) -> str | None:
        return self.field(name, lambda: text(value, field or name, max_len, required))

    def choice(
        self, name: str, value: object, allowed: Mapping[str, Any], field: str = ""
    ) -> str | None:
        return self.field(name, lambda: one_of(value, field or name, allowed))

    def evidence(
        self,
        name: str,
        value: object,
        today: dt.date,
        after: dt.date | str | None = None,
        what: Label | str | None = None,
    ) -> str | None:
        """A date of something done (see ``evidence_day``); ``what`` a label or field name."""
        first = dt.date.fromisoformat(after) if isinstance(after, str) else after
        return self.field(name, lambda: evidence_day(value, name, today, first, _what(what)))

    def ordered(
        self,
        name: str,
        value: object,
        after: dt.date | str | None = None,
        what: Label | str | None = None,
    ) -> str | None:
        """A planned date (see ``ordered_day``)."""
        first = dt.date.fromisoformat(after) if isinstance(after, str) else after
        return self.field(name, lambda: ordered_day(value, name, first, _what(what)))

    def record(
        self, name: str, facts: Facts, table: str, value: object, field: str = ""
    ) -> dict[str, Any] | None:
        """The record ``value`` names in ``table`` (its id kept under ``name``), or None."""
        found = self.field(name, lambda: require(facts, table, value, field or name))
        if found is not None:
            self.out[name] = found["id"]
        return found

    def optional_record(
        self, name: str, facts: Facts, table: str, value: object
    ) -> dict[str, Any] | None:
        """As ``record``, '' when no id is given."""
        self.out[name] = ""
        return self.record(name, facts, table, value) if value else None

    def unit(
        self, name: str, facts: Facts, value: object, levels: Sequence[str]
    ) -> dict[str, Any] | None:
        """The jurisdiction ``value`` names, of one of ``levels`` (its code kept)."""
        found = self.field(name, lambda: require_unit(facts, value, name, levels))
        if found is not None:
            self.out[name] = found["code"]
        return found

    def author(self, data: Mapping[str, Any]) -> None:
        self.text("created_by", data.get("created_by"), 64)

    @property
    def ok(self) -> bool:
        return not self.errors


def _what(what: Label | str | None) -> Label | None:
    return label(what) if isinstance(what, str) else what


# -- values ----------------------------------------------------------------------------------------


def parse_day(value: object, field: str) -> dt.date:
    return validation.parse_date(value, field, LABELS)


def evidence_day(
    value: object,
    field: str,
    today: dt.date,
    after: dt.date | None = None,
    after_what: Label | None = None,
) -> str:
    """A date recording something done: not after ``today``, not before ``after``."""
    day = parse_day(value, field)
    if day > today:
        raise fail(
            field,
            "future",
            f"不能晚于今天（{today.isoformat()}）",
            f"cannot be later than today ({today.isoformat()})",
        )
    return _not_before(day, field, after, after_what)


def ordered_day(
    value: object, field: str, after: dt.date | None = None, after_what: Label | None = None
) -> str:
    """A planned date: it may lie ahead, but not before ``after``."""
    return _not_before(parse_day(value, field), field, after, after_what)


def _not_before(day: dt.date, field: str, after: dt.date | None, what: Label | None) -> str:
    if after is not None and day < after:
        what = what or Label("前一日期", "the date it follows")
        raise fail(
            field,
            "order",
            f"不能早于{what.zh}（{after.isoformat()}）",
            f"cannot be before {what.en} ({after.isoformat()})",
        )
    return day.isoformat()


def text(value: object, field: str, max_len: int, required: bool = True) -> str:
    out = " ".join(str(value if value is not None else "").split())
    if required and not out:
        raise fail(field, "required", "不能为空", "is required")
    if len(out) > max_len:
        raise fail(
            field,
            "max_length",
            f"不能超过{max_len}个字符（实际{len(out)}个）",
            f"must be at most {max_len} characters (got {len(out)})",
        )
    return out


def one_of(value: object, field: str, allowed: Mapping[str, Any]) -> str:
    code = str(value if value is not None else "")
    if code not in allowed:
        names = "、".join(getattr(v, "zh", str(v)) or repr(k) for k, v in allowed.items())
        raise fail(
            field,
            "choice",
            f"“{code}”不是有效值，应为：{names}",
            f"{code!r} is not one of: {', '.join(allowed)}",
        )
    return code


def whole(value: object, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except ValueError:
            raise fail(field, "integer", "应为整数", "must be a whole number") from None
    if not low <= value <= high:
        raise fail(
            field,
            "range",
            f"应在{low}至{high}之间",
            f"must be from {low} to {high}",
        )
    return value


def flag01(value: object, field: str) -> int:
    if value in (0, 1, True, False):
        return int(bool(value))
    raise fail(field, "flag", "应为 0 或 1", "must be 0 or 1")


def id_list(value: object) -> list[str]:
    """Ids given as a list or as comma-separated text, in order, without blanks."""
    items = value if isinstance(value, (list, tuple)) else str(value or "").split(",")
    return [str(i).strip() for i in items if str(i).strip()]


def joined(ids: Iterable[str]) -> str:
    return ",".join(ids)


def canonical(value: Any) -> str:
    """The canonical JSON of a value (sorted keys, no spaces), as the change log writes it."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def loads(text_value: object, default: T) -> Any:
    try:
        return json.loads(str(text_value))
    except (TypeError, ValueError):
        return default


# -- facts -----------------------------------------------------------------------------------------


@cache
def _shipped_tree() -> JurisdictionTree:
    return jurisdictions.load()


def tree_of(facts: Facts) -> JurisdictionTree:
    """The jurisdictions a rule consults: ``facts.tree`` when the ``Facts`` carries one (the
    server passes its own), else the city file shipped with the app. (Jurisdictions are
    reference data, not replicated records: ``Facts.find`` does not serve them.)"""
    tree = getattr(facts, "tree", None)
    return tree if isinstance(tree, JurisdictionTree) else _shipped_tree()


def unit_of(facts: Facts, code: object) -> dict[str, Any] | None:
    """A jurisdiction (code, name, level, kind, parent_code, supervising_unit, authority)."""
    unit = tree_of(facts).units.get(str(code or ""))
    if unit is None:
        return None
    return {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "kind": unit.kind,
        "parent_code": unit.parent_code,
        "supervising_unit": unit.supervising_unit,
        "authority": unit.authority,
    }


def require_unit(facts: Facts, code: object, field: str, levels: Sequence[str]) -> dict[str, Any]:
    unit = unit_of(facts, code)
    if unit is None or unit["level"] not in levels:
        raise fail(field, "unknown", f"“{code}”不是有效的单位", f"{code!r} is not a valid unit")
    return unit


def county_level(facts: Facts, code: str) -> str:
    """The county-level unit (county or zone) a unit reports under; the city for the city."""
    tree = tree_of(facts)
    return tree.reporting_unit(code).code if code in tree.units else code


def place_of_unit(facts: Facts, code: str) -> dict[str, Any]:
    """Scope fields of a record that belongs to a unit (a plan, a draw, a campaign)."""
    unit = unit_of(facts, code)
    level = unit["level"] if unit else ""
    return {
        "county_code": county_level(facts, code),
        "town_code": code if level == "town" else None,
        "supervising_unit": (unit.get("supervising_unit") or unit["parent_code"])
        if level == "town" and unit
        else code,
    }


def enterprise_of(
    facts: Facts, enterprise_id: object, field: str = "enterprise_id"
) -> dict[str, Any]:
    found = facts.get("enterprise", str(enterprise_id or "")) if enterprise_id else None
    if found is None:
        raise fail(field, "unknown", "找不到该生产经营单位", "no such registry entry")
    return found


def require(facts: Facts, table: str, record_id: object, field: str) -> dict[str, Any]:
    found = facts.get(table, str(record_id or "")) if record_id else None
    if found is None:
        raise fail(field, "unknown", "找不到该记录", "no such record")
    return found


def planning_children(tree: JurisdictionTree, unit_code: str) -> list[str]:
    """The units that plan under ``unit_code``."""
    unit = tree.units[unit_code]
    if unit.level == "city":
        return [u.code for u in tree.reporting_units()]
    if unit.level in ("county", "zone"):
        return [
            t.code for t in tree.by_level("town") if tree.default_supervisor(t.code) == unit_code
        ]
    return []


# -- writing ---------------------------------------------------------------------------------------


def today_of(uow: UnitOfWork, today: dt.date | None) -> dt.date:
    return today if today is not None else uow.store.clock.today()


def wire(record: Mapping[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    """The wire fields of a record read from a table (no id, no local columns)."""
    return {f: record.get(f) for f in fields}
