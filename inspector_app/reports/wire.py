"""Shape rules shared by the wire checks of the reports' tables (``check_case_publication``,
``check_sms_round``): every field present with a value of its kind, each problem named by
field and rule, dates that are ISO dates and never after ``today``."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from typing import Any

from inspector_app.registry.validation import RecordInvalid, ValidationError, error

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_TEXT = 20_000
MAX_CONTENT = 200_000


class Shape:
    """Collects the problems of one record; ``done`` raises them together."""

    def __init__(self, data: Mapping[str, Any], fields: Sequence[str]) -> None:
        self.data = data
        self.errors: list[ValidationError] = []
        self.out: dict[str, Any] = {}
        unknown = sorted(set(data) - set(fields))
        if unknown:
            self.add(error(unknown[0], "unknown_field", "不是该表的字段", "is not a field"))
        for name in fields:
            if name not in data:
                self.add(error(name, "required", "缺少该字段", "is missing"))

    def add(self, problem: ValidationError) -> None:
        self.errors.append(problem)

    def text(self, name: str, required: bool = True, limit: int = MAX_TEXT) -> str:
        value = self.data.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str) or len(value) > limit:
            self.add(error(name, "text", f"应为不超过{limit}字的文字", f"must be text ≤ {limit}"))
            value = ""
        elif required and not value.strip() and name in self.data:
            self.add(error(name, "required", "不能为空", "is required"))
        self.out[name] = value
        return value

    def choice(self, name: str, allowed: Mapping[str, str]) -> str:
        value = self.text(name)
        if value and value not in allowed:
            self.add(error(name, "choice", f"“{value}”不是有效值", f"{value!r} is not allowed"))
        return value

    def date(self, name: str, today: dt.date, required: bool = True) -> dt.date | None:
        value = self.text(name, required)
        if not value:
            return None
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            self.add(
                error(name, "date", f"“{value}”不是有效日期（格式：2026-01-31）", "not a date")
            )
            return None
        if day > today:
            self.add(
                error(
                    name,
                    "future",
                    f"日期{value}晚于今天（{today.isoformat()}）",
                    f"{value} is after today ({today.isoformat()})",
                )
            )
        return day

    def integer(self, name: str, minimum: int = 0) -> int:
        value = self.data.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            self.add(error(name, "integer", f"应为不小于{minimum}的整数", f"must be ≥ {minimum}"))
            value = minimum
        self.out[name] = value
        return value

    def sha256_of(self, name: str, content_field: str) -> None:
        """``name`` must be the SHA-256 of the text in ``content_field``."""
        value = self.text(name)
        if value and not _SHA256.match(value):
            self.add(error(name, "sha256", "应为64位小写十六进制", "must be a lowercase SHA-256"))
            return
        content = self.out.get(content_field, "")
        if value and value != sha256_text(content):
            self.add(error(name, "mismatch", "与内容的SHA-256不符", "does not match the content"))

    def later(self, name: str, day: dt.date | None, than: dt.date | None, what: str) -> None:
        """``day`` of ``name`` must not precede ``than`` (what it follows)."""
        if day is not None and than is not None and day < than:
            self.add(
                error(
                    name,
                    "order",
                    f"日期{day.isoformat()}早于{what}（{than.isoformat()}）",
                    f"{day.isoformat()} is before {what} ({than.isoformat()})",
                )
            )

    def done(self) -> dict[str, Any]:
        if self.errors:
            raise RecordInvalid(self.errors)
        return dict(self.out)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
