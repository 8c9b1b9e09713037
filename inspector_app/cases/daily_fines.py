"""The daily-fine calculator (按日连续处罚, 安全生产法 Art. 112): checks what the officer gives
and computes with ``cases.daily_fine``. Dates are evidence: neither date is in the future, and
the refusal is not established before the order it refuses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from inspector_app.cases.cases import daily_fine
from inspector_app.cases.money import MoneyError, parse_yuan
from inspector_app.registry.validation import Collector, FieldLabel, error

LABELS = {
    "original_fine": FieldLabel("原罚款数额", "Original fine"),
    "order_on": FieldLabel("责令改正日期", "Date of the correction order"),
    "refused_on": FieldLabel("拒不改正认定日期", "Date the refusal was established"),
}


@dataclass(frozen=True)
class DailyFine:
    original: Decimal
    days: int
    total: Decimal


def _fine(text: str) -> Decimal:
    try:
        amount = parse_yuan(text)
    except MoneyError as exc:
        raise error("original_fine", exc.rule, exc.zh, exc.en, LABELS) from exc
    if amount <= 0:
        raise error("original_fine", "positive", "应大于零", "must be more than zero", LABELS)
    return amount


def _not_future(field: str, day: dt.date, today: dt.date) -> dt.date:
    if day > today:
        raise error(field, "future", "不能晚于今天", "must not be after today", LABELS)
    return day


def compute(original: str, order_on: dt.date, refused_on: dt.date, today: dt.date) -> DailyFine:
    """The days and the total of the daily fine, or ``RecordInvalid`` naming each bad field."""
    collect = Collector()
    amount = collect("original_fine", lambda: _fine(original))
    ordered = collect("order_on", lambda: _not_future("order_on", order_on, today))
    refused = collect("refused_on", lambda: _not_future("refused_on", refused_on, today))
    if ordered is not None and refused is not None and refused <= ordered:
        collect.add(
            error(
                "refused_on",
                "order",
                "应晚于责令改正日期（自责令改正之日的次日起计算）",
                "must be after the correction order (counted from the day after it)",
                LABELS,
            )
        )
    collect.done()
    assert amount is not None and ordered is not None and refused is not None
    days, total = daily_fine(amount, ordered, refused)
    return DailyFine(amount, days, total)
