"""The shape of a record: each field's kind, declared once per table by the aggregate that owns
it, and checked the same way on the laptop and on the server.

``check_shape(data, shapes)`` returns the record normalised (every declared field present, of
its kind) or raises ``RecordInvalid`` naming every field that is missing, of the wrong kind,
too long, not one of its choices, or carrying text that cannot be stored (a lone surrogate, a
control character); a field that is not declared is refused too. The aggregate's own rules
(dates in order, a deadline after the finding…) run on the shaped record.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from inspector_app.registry.validation import RecordInvalid, ValidationError, clean_text, error

MAX_TEXT = 20_000


@dataclass(frozen=True)
class Shape:
    """A field's kind. ``optional``: None is allowed (stored as NULL)."""

    kind: str  # text | flag | integer | number | date | timestamp | json | scalar
    max_len: int = MAX_TEXT
    choices: Collection[Any] | None = None
    multiline: bool = False
    optional: bool = False
    low: float | None = None
    high: float | None = None


def text(
    max_len: int = 200,
    *,
    choices: Collection[str] | None = None,
    multiline: bool = False,
    optional: bool = False,
) -> Shape:
    return Shape("text", max_len, choices, multiline, optional)


def free_text(max_len: int = MAX_TEXT, *, optional: bool = False) -> Shape:
    return Shape("text", max_len, None, True, optional)


FLAG = Shape("flag")
DATE = Shape("date")  # ISO date, or "" for none
TIMESTAMP = Shape("timestamp")  # ISO date-time with its UTC offset, or ""


def integer(low: int | None = None, high: int | None = None, optional: bool = False) -> Shape:
    return Shape("integer", optional=optional, low=low, high=high)


def number(low: float | None = None, high: float | None = None, optional: bool = True) -> Shape:
    return Shape("number", optional=optional, low=low, high=high)


def json_text(max_len: int = 500_000) -> Shape:
    return Shape("json", max_len)


def check_shape(data: Mapping[str, Any], shapes: Mapping[str, Shape]) -> dict[str, Any]:
    """``data`` normalised to ``shapes`` (see the module docstring)."""
    errors: list[ValidationError] = []
    out: dict[str, Any] = {}
    for name in data:
        if name not in shapes:
            errors.append(error(name, "unknown_field", "不是该表的字段", "is not a field"))
    for name, shape in shapes.items():
        if name not in data:
            errors.append(error(name, "required", "缺少该字段", "is missing"))
            continue
        try:
            out[name] = _field(name, data[name], shape)
        except ValidationError as exc:
            errors.append(exc)
    if errors:
        raise RecordInvalid(errors)
    return out


def _field(name: str, value: Any, shape: Shape) -> Any:
    if value is None:
        if shape.optional:
            return None
        raise error(name, "required", "不能为空", "must not be empty")
    if shape.kind == "flag":
        if value not in (0, 1) or isinstance(value, float):
            raise error(name, "flag", "应为 0 或 1", "must be 0 or 1")
        return int(value)
    if shape.kind in ("integer", "number"):
        return _number(name, value, shape)
    if shape.kind == "scalar":  # a value of another record's field: text, number or flag
        if isinstance(value, bool) or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        if isinstance(value, float):
            return _number(name, value, Shape("number"))
        if not isinstance(value, str):
            raise error(name, "scalar", "应为文字或数字", "must be text or a number")
        clean_text(value, name, multiline=True)
        if len(value) > shape.max_len:
            raise error(name, "max_length", "过长", f"must be at most {shape.max_len} characters")
        return value
    if not isinstance(value, str):
        raise error(name, "text", "应为文字", "must be text")
    clean_text(value, name, multiline=shape.multiline or shape.kind == "json")
    if len(value) > shape.max_len:
        raise error(
            name,
            "max_length",
            f"不能超过{shape.max_len}个字符（实际{len(value)}个）",
            f"must be at most {shape.max_len} characters (got {len(value)})",
        )
    if shape.choices is not None and value not in shape.choices:
        raise error(name, "choice", f"“{value}”不是有效值", f"{value!r} is not allowed")
    if shape.kind == "date" and value:
        _parse(name, value, dt.date.fromisoformat, "2026-01-31")
    elif shape.kind == "timestamp" and value:
        stamp = _parse(name, value, dt.datetime.fromisoformat, "2026-11-29T09:30:00+08:00")
        if stamp.tzinfo is None:
            raise error(name, "timezone", "时间须带时区", "must carry its UTC offset")
    elif shape.kind == "json":
        try:
            json.loads(value)
        except ValueError:
            raise error(name, "json", "不是有效的 JSON", "is not valid JSON") from None
    return value


def _number(name: str, value: Any, shape: Shape) -> int | float:
    integer_only = shape.kind == "integer"
    ok = isinstance(value, int) if integer_only else isinstance(value, (int, float))
    if not ok or isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
        zh, en = ("应为整数", "must be an integer") if integer_only else ("应为数字", "a number")
        raise error(name, "integer" if integer_only else "number", zh, en)
    if (shape.low is not None and value < shape.low) or (
        shape.high is not None and value > shape.high
    ):
        raise error(
            name,
            "range",
            f"应在{shape.low}至{shape.high}之间",
            f"must be between {shape.low} and {shape.high}",
        )
    return int(value) if integer_only else float(value) if isinstance(value, float) else int(value)


def _parse(name: str, value: str, parse: Any, example: str) -> Any:
    try:
        return parse(value)
    except ValueError:
        raise error(
            name,
            "date",
            f"“{value}”不是有效日期或时间（格式：{example}）",
            f"{value!r} is not a valid date or time (format {example})",
        ) from None
