"""The daily-fine calculator's checks and figures (安全生产法 Art. 112)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from inspector_app.cases.daily_fines import compute
from inspector_app.registry.validation import RecordInvalid

TODAY = dt.date(2026, 12, 5)


def test_the_original_fine_for_each_day_after_the_order() -> None:
    found = compute("20,000", dt.date(2026, 11, 1), dt.date(2026, 11, 11), TODAY)
    assert (found.days, found.total) == (10, Decimal("200000.00"))


@pytest.mark.parametrize(
    ("fine", "order", "refused", "field", "words"),
    [
        ("0", dt.date(2026, 11, 1), dt.date(2026, 11, 2), "original_fine", "原罚款数额：应大于零"),
        ("abc", dt.date(2026, 11, 1), dt.date(2026, 11, 2), "original_fine", "原罚款数额"),
        ("100", dt.date(2026, 12, 6), dt.date(2026, 12, 5), "order_on", "不能晚于今天"),
        ("100", dt.date(2026, 11, 1), dt.date(2026, 12, 6), "refused_on", "不能晚于今天"),
        ("100", dt.date(2026, 11, 1), dt.date(2026, 11, 1), "refused_on", "应晚于责令改正日期"),
    ],
)
def test_bad_input_names_the_field_and_the_rule(
    fine: str, order: dt.date, refused: dt.date, field: str, words: str
) -> None:
    with pytest.raises(RecordInvalid) as caught:
        compute(fine, order, refused, TODAY)
    fields = {e.field: e.text("zh") for e in caught.value.errors}
    assert field in fields and words in fields[field]
