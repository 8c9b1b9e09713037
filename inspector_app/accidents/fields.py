"""Reading the fields of the accident records: one checker per kind of value, each raising a
``ValidationError`` that names the field (in Chinese and in English) and the rule it broke.

Dates are evidence: ``not_future`` and ``not_before`` are the two checks every dated field of
this package goes through. ``today`` is what the caller says it is (a date, or an aware
datetime for a check to the minute): the rules never read a clock themselves, so the server
runs them with its own day.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from inspector_app.registry import validation
from inspector_app.registry.validation import FieldLabel, ValidationError

T = TypeVar("T")

LABELS: Mapping[str, FieldLabel] = {
    "deaths": FieldLabel("死亡人数", "deaths"),
    "missing": FieldLabel("失踪人数", "missing"),
    "serious_injuries": FieldLabel("重伤人数（含急性工业中毒）", "serious_injuries"),
    "minor_injuries": FieldLabel("轻伤人数", "minor_injuries"),
    "direct_loss_yuan": FieldLabel("直接经济损失", "direct_loss_yuan"),
    "accident_id": FieldLabel("事故", "Accident"),
    "occurred_at": FieldLabel("事故发生时间", "Time of the accident"),
    "known_at": FieldLabel("单位负责人接到报告时间", "Time the unit's head learned of it"),
    "place": FieldLabel("事故地点", "Place"),
    "enterprise_id": FieldLabel("事故发生单位", "Enterprise"),
    "unit_name": FieldLabel("事故发生单位名称", "Name of the unit"),
    "county_code": FieldLabel("所属县（市、区）", "County"),
    "town_code": FieldLabel("所属镇（街道）", "Town / street"),
    "supervising_unit": FieldLabel("监管单位", "Supervising unit"),
    "authority_code": FieldLabel("负责的县级单位", "Responsible county-level unit"),
    "sector": FieldLabel("行业领域", "Sector"),
    "type_standard": FieldLabel("事故分类标准", "Classification standard"),
    "accident_type": FieldLabel("事故类型", "Accident type"),
    "wide_impact": FieldLabel("较大社会影响", "Wide impact"),
    "wide_impact_reason": FieldLabel("社会影响情况", "Why the impact is wide"),
    "kind": FieldLabel("类别", "Kind"),
    "reported_at": FieldLabel("报告时间", "Time of the report"),
    "unit_overview": FieldLabel("事故发生单位概况", "About the unit"),
    "situation": FieldLabel("现场情况", "Situation on site"),
    "course": FieldLabel("事故简要经过", "Brief course of events"),
    "measures": FieldLabel("已经采取的措施", "Measures taken"),
    "other": FieldLabel("其他应当报告的情况", "Other matters"),
    "reporter": FieldLabel("报告人", "Reported by"),
    "change_note": FieldLabel("伤亡人数变化情况", "What changed"),
    "created_by": FieldLabel("录入人", "Recorded by"),
    "occurred_on": FieldLabel("日期", "Date"),
    "officer_id": FieldLabel("审批人", "Approver"),
    "data": FieldLabel("内容", "Content"),
    "level": FieldLabel("上报层级", "Level reported to"),
    "days": FieldLabel("延长天数", "Days of extension"),
    "body": FieldLabel("批复机关", "Approving government"),
    "document_no": FieldLabel("批复文号", "Number of the approval"),
    "name": FieldLabel("责任人姓名", "Name of the person"),
    "position": FieldLabel("职务", "Position"),
    "employer": FieldLabel("工作单位", "Employer"),
    "measure": FieldLabel("处理方式", "How dealt with"),
    "detail": FieldLabel("处理情况", "Details"),
    "reason": FieldLabel("理由", "Reason"),
    "note": FieldLabel("说明", "Note"),
    "from": FieldLabel("鉴定开始日期", "Appraisal from"),
    "to": FieldLabel("鉴定结束日期", "Appraisal to"),
    "basis": FieldLabel("通报依据", "Basis of the notice"),
    "accident_ids": FieldLabel("通报的事故", "Accidents of the notice"),
    "addressed_county": FieldLabel("主送县（市、区）", "County addressed"),
    "addressed_department": FieldLabel("主送部门", "Department addressed"),
    "copy_to": FieldLabel("抄送", "Copied to"),
    "enterprises": FieldLabel("有关企业", "Enterprises concerned"),
    "notice_id": FieldLabel("警示通报", "Warning notice"),
    "lessons": FieldLabel("事故教训", "Lessons"),
    "warning_course": FieldLabel("事故经过及初步原因", "Course and preliminary causes"),
    "warning_measures": FieldLabel("防止同类事故发生的针对性措施", "Measures against repeats"),
    "status": FieldLabel("状态", "Status"),
    "number": FieldLabel("文号", "Number"),
    "issued_on": FieldLabel("印发日期", "Date of issue"),
    "trigger_key": FieldLabel("触发条件", "Trigger"),
    "quarter": FieldLabel("季度", "Quarter"),
    "round_id": FieldLabel("季度检查", "Quarterly check"),
    "checked_on": FieldLabel("检查日期", "Date of the check"),
    "officer_ids": FieldLabel("检查人员", "Checked by"),
    "defects": FieldLabel("存在问题", "Defects"),
    "summary": FieldLabel("通报要求", "Requirements"),
    "income": FieldLabel("上一年年收入", "Prior-year income"),
    "by": FieldLabel("报送单位", "Sent by"),
    "case_id": FieldLabel("处罚案件", "Penalty case"),
    "what": FieldLabel("鉴定事项", "What was appraised"),
}


def label(field: str) -> FieldLabel:
    return validation.label(field, LABELS)


def fail(field: str, rule: str, zh: str, en: str, label_as: str = "") -> ValidationError:
    """A ValidationError whose sentences start with the field's name (or with the name of
    ``label_as`` where two tables give one field name different meanings)."""
    lab = label(label_as or field)
    return ValidationError(field, rule, f"{lab.zh}：{zh}", f"{lab.en}: {en}")


Collector = validation.Collector


def count(value: object, field: str) -> int:
    """A number of people: a whole number of at least 0 (``bool`` is not a number here)."""
    if value is None or value == "":
        raise fail(field, "required", "不能为空", "is required")
    if isinstance(value, bool) or not isinstance(value, int):
        raise fail(
            field,
            "integer",
            f"应为不小于0的整数（实际为“{value}”）",
            f"must be a whole number of at least 0, got {value!r}",
        )
    if value < 0:
        raise fail(
            field,
            "negative",
            f"不能为负数（实际为{value}）",
            f"must not be negative, got {value}",
        )
    return value


def amount(value: object, field: str) -> Decimal:
    """Yuan as ``Decimal``: an int, a Decimal, a numeric text ("1,234.50") or a finite float;
    never negative, never NaN or infinite."""
    if isinstance(value, bool):
        number = None
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().replace(",", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
    else:
        number = None
    if number is None:
        raise fail(field, "number", f"“{value}”不是数额", f"{value!r} is not a number")
    if not number.is_finite():
        raise fail(field, "finite", "应为有限的数额", f"must be a finite amount, got {value!r}")
    if number < 0:
        raise fail(field, "negative", "不能为负数", f"must not be negative, got {value!r}")
    return number


def yuan_text(value: Decimal) -> str:
    """The stored form of an amount: plain digits, to the fen when it has fen."""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return str(value.quantize(Decimal("0.01")))


def text(
    value: object, field: str, max_len: int, required: bool = False, label_as: str = ""
) -> str:
    out = unicodedata.normalize("NFC", "" if value is None else str(value)).strip()
    if required and not out:
        raise fail(field, "required", "不能为空", "is required", label_as)
    if len(out) > max_len:
        raise fail(
            field,
            "max_length",
            f"不能超过{max_len}个字符（实际{len(out)}个）",
            f"must be at most {max_len} characters (got {len(out)})",
            label_as,
        )
    return out


def choice(value: object, field: str, allowed: Mapping[str, str]) -> str:
    """A code of ``allowed`` (code → Chinese name); the Chinese name is accepted too."""
    raw = "" if value is None else str(value).strip()
    if raw in allowed:
        return raw
    for code, name in allowed.items():
        if raw == name:
            return code
    raise fail(
        field,
        "choice",
        f"“{raw}”不是有效值，应为：{'、'.join(allowed.values())}",
        f"{raw!r} is not one of: {', '.join(allowed)}",
    )


def flag(value: object, field: str) -> int:
    if value in (0, 1, True, False, None, ""):
        return int(bool(value))
    raise fail(field, "flag", "应为“是”或“否”", "must be 0 or 1")


def moment(value: object, field: str) -> dt.datetime:
    """A point in time with its UTC offset; a time without one is the device's local time."""
    if isinstance(value, dt.datetime):
        found = value
    elif isinstance(value, str) and value.strip():
        try:
            found = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise fail(
                field,
                "datetime",
                f"“{value}”不是有效时间（格式：2026-03-01T08:30+08:00）",
                f"{value!r} is not a valid time (format 2026-03-01T08:30+08:00)",
            ) from None
    else:
        raise fail(field, "required", "不能为空", "is required")
    return found if found.tzinfo is not None else found.astimezone()


def stamp(value: dt.datetime) -> str:
    """The stored form of a moment: ISO 8601 to the second, with the offset."""
    return value.isoformat(timespec="seconds")


def day(value: object, field: str) -> dt.date:
    return validation.parse_date(value, field, LABELS)


def today_of(today: dt.date) -> dt.date:
    return today.date() if isinstance(today, dt.datetime) else today


def not_future(value: dt.date, today: dt.date, field: str) -> None:
    """Refuse a date or moment after ``today`` (a moment after ``today`` when it is one)."""
    if isinstance(value, dt.datetime) and isinstance(today, dt.datetime):
        late = value > (today if today.tzinfo else today.astimezone())
    else:
        late = _date_of(value) > today_of(today)
    if late:
        raise fail(
            field,
            "future",
            f"不能晚于当前时间（{_shown(value)}）",
            f"cannot be in the future ({_shown(value)})",
        )


def not_before(value: dt.date, earliest: dt.date, field: str, what_zh: str, what_en: str) -> None:
    """Refuse a date or moment before what it follows (``what``: e.g. 事故发生时间)."""
    if isinstance(value, dt.datetime) and isinstance(earliest, dt.datetime):
        early = value < earliest
    else:
        early = _date_of(value) < _date_of(earliest)
    if early:
        raise fail(
            field,
            "before",
            f"不能早于{what_zh}（{_shown(earliest)}）",
            f"cannot be before {what_en} ({_shown(earliest)})",
        )


def _date_of(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _shown(value: dt.date) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    return value.isoformat()


def json_data(value: object, field: str = "data") -> dict[str, Any]:
    """A JSON object as text (how step data travels and is stored) or already a mapping."""
    if isinstance(value, Mapping):
        return dict(value)
    try:
        found = json.loads(str(value or "{}"))
    except ValueError:
        found = None
    if not isinstance(found, dict):
        raise fail(field, "json", "应为 JSON 对象", "must be a JSON object")
    return found


def encode_data(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def ids(value: object, field: str) -> tuple[str, ...]:
    """A list of record ids, stored comma-separated."""
    items = value if isinstance(value, (list, tuple)) else str(value or "").split(",")
    out = tuple(dict.fromkeys(str(i).strip() for i in items if str(i).strip()))
    if not out:
        raise fail(field, "required", "不能为空", "is required")
    return out
