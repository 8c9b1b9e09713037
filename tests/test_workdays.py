"""Working days and statutory periods over the shipped holiday calendar, and broken files."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from inspector_app.cases.workdays import (
    Calendar,
    HolidayDataError,
    add_working_days,
    days_left,
    default_calendar,
    holidays_file,
    load_calendar,
    penalty_law_unit,
    period_end,
    working_days_between,
)

D = dt.date


@pytest.fixture(scope="module")
def cal() -> Calendar:
    return default_calendar()


@pytest.fixture(scope="module")
def shipped() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(holidays_file().read_text(encoding="utf-8"))
    return data


@pytest.fixture
def broken(
    tmp_path: Path, shipped: dict[str, Any]
) -> Callable[[Callable[[dict[str, Any]], object]], Path]:
    """A copy of the shipped file with one change."""

    def write(change: Callable[[dict[str, Any]], object]) -> Path:
        data = copy.deepcopy(shipped)
        change(data)
        path = tmp_path / "cn.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    return write


# --- the shipped calendar ---------------------------------------------------------------------


def test_weekends_and_weekdays(cal: Calendar) -> None:
    assert cal.is_working_day(D(2025, 3, 7))  # Friday
    assert not cal.is_working_day(D(2025, 3, 8))  # Saturday
    assert not cal.is_working_day(D(2025, 3, 9))  # Sunday
    assert cal.is_working_day(D(2025, 3, 10))  # Monday


def test_national_day_week_2025(cal: Calendar) -> None:
    week = [D(2025, 10, d) for d in range(1, 9)]  # Wed 1 to Wed 8, 国庆节 with 中秋节
    assert not any(map(cal.is_working_day, week))
    assert {cal.holiday(d) for d in week} == {"国庆节、中秋节"}
    assert cal.is_working_day(D(2025, 10, 9))
    assert cal.is_working_day(D(2025, 9, 28))  # Sunday made a working day
    assert cal.is_working_day(D(2025, 10, 11))  # Saturday made a working day
    assert not cal.is_working_day(D(2025, 10, 12))
    assert cal.holiday(D(2025, 10, 11)) is None


def test_make_up_saturdays_are_working_days(cal: Calendar) -> None:
    for day in (D(2025, 2, 8), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 10, 10)):
        assert day.weekday() == 5
        assert cal.is_working_day(day)


def test_spring_festival(cal: Calendar) -> None:
    assert [cal.is_working_day(D(2025, 1, d)) for d in range(25, 32)] == [
        False,  # Sat
        True,  # Sun, 调休上班
        True,  # Mon
        False,  # Tue 除夕, the first day off
        False,
        False,
        False,
    ]
    assert not cal.is_working_day(D(2026, 2, 23))  # 正月初七, Monday
    assert cal.holiday(D(2026, 2, 17)) == "春节"


@pytest.mark.parametrize("year", [2025, 2026])
def test_each_year_has_248_working_days(cal: Calendar, year: int) -> None:
    # 13 public holidays a year (全国年节及纪念日放假办法, 2024), 补假 when one falls on a weekend,
    # make-up days balancing the borrowed ones: both years have 261 weekdays, so 261 - 13.
    assert working_days_between(cal, D(year - 1, 12, 31), D(year, 12, 31)) == 248


def test_shipped_years_and_sources(cal: Calendar) -> None:
    assert cal.years == (2025, 2026)
    assert cal.covers(2025) and cal.covers(2026)
    for year in cal.years:
        arrangement = cal.arrangement(year)
        assert arrangement is not None
        assert f"国务院办公厅关于{year}年部分节假日安排的通知" in arrangement.source
        assert arrangement.verified or arrangement.note


def test_years_outside_the_file_count_weekends_only(cal: Calendar) -> None:
    assert not cal.covers(2024)
    assert not cal.covers(2030)
    assert cal.arrangement(2030) is None
    assert cal.is_working_day(D(2030, 1, 1))  # really 元旦, but 2030 is not in the file
    assert not cal.is_working_day(D(2030, 1, 5))  # Saturday
    assert cal.holiday(D(2030, 1, 1)) is None
    assert add_working_days(cal, D(2027, 9, 30), 3) == D(2027, 10, 5)
    empty = Calendar()
    assert empty.years == ()
    assert not empty.is_working_day(D(2025, 3, 8))
    assert empty.is_working_day(D(2025, 10, 1))


# --- periods ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "n, last_day",
    [
        (1, D(2025, 9, 28)),  # Sunday, 调休上班
        (2, D(2025, 9, 29)),
        (3, D(2025, 9, 30)),
        (5, D(2025, 10, 10)),  # the holiday 10-01..10-08 is skipped
        (7, D(2025, 10, 13)),  # Saturday 10-11 counts, Sunday 10-12 does not
    ],
)
def test_art85_working_day_periods_across_national_day(n: int, last_day: dt.date) -> None:
    cal = default_calendar()
    notice_delivered = D(2025, 9, 26)  # Friday
    assert add_working_days(cal, notice_delivered, n) == last_day
    assert period_end(cal, notice_delivered, n, "working") == last_day
    assert working_days_between(cal, notice_delivered, last_day) == n


def test_working_days_on_an_ordinary_week(cal: Calendar) -> None:
    wednesday = D(2025, 3, 5)
    assert add_working_days(cal, wednesday, 2) == D(2025, 3, 7)
    assert add_working_days(cal, wednesday, 3) == D(2025, 3, 10)
    assert add_working_days(cal, wednesday, 5) == D(2025, 3, 12)
    assert add_working_days(cal, wednesday, 7) == D(2025, 3, 14)
    saturday = D(2025, 3, 8)  # an event on a day off: counting still starts the next day
    assert add_working_days(cal, saturday, 1) == D(2025, 3, 10)
    assert add_working_days(cal, wednesday, 0) == wednesday


def test_period_spanning_new_year(cal: Calendar) -> None:
    # Tue 2025-12-30 → Wed 12-31 (1), 2026-01-01..03 off, Sun 01-04 调休上班 (2), Mon 01-05 (3)
    assert add_working_days(cal, D(2025, 12, 30), 1) == D(2025, 12, 31)
    assert add_working_days(cal, D(2025, 12, 30), 2) == D(2026, 1, 4)
    assert add_working_days(cal, D(2025, 12, 30), 3) == D(2026, 1, 5)
    assert working_days_between(cal, D(2025, 12, 30), D(2026, 1, 5)) == 3


def test_period_across_spring_festival_2026(cal: Calendar) -> None:
    # Fri 02-13, Sat 02-14 调休上班, 02-15..02-23 off
    assert add_working_days(cal, D(2026, 2, 12), 2) == D(2026, 2, 14)
    assert add_working_days(cal, D(2026, 2, 12), 3) == D(2026, 2, 24)
    assert add_working_days(cal, D(2026, 2, 12), 7) == D(2026, 2, 28)  # Saturday 调休上班


def test_working_days_between_both_ways(cal: Calendar) -> None:
    start = D(2025, 9, 1)
    for n in range(0, 60):
        end = add_working_days(cal, start, n)
        assert working_days_between(cal, start, end) == n
        assert working_days_between(cal, end, start) == -n


def test_calendar_period_ending_on_a_holiday_moves_to_the_next_working_day(
    cal: Calendar,
) -> None:
    # 15 days from 2025-09-20 is 10-05, inside the National Day holiday → Thursday 10-09
    assert penalty_law_unit(15) == "calendar"
    assert period_end(cal, D(2025, 9, 20), 15, "calendar") == D(2025, 10, 9)
    # ending on 元旦 2026 (Thursday) → the next working day is Sunday 01-04, 调休上班
    assert period_end(cal, D(2025, 12, 17), 15, "calendar") == D(2026, 1, 4)


def test_calendar_period_ending_on_a_weekend_or_make_up_day(cal: Calendar) -> None:
    assert period_end(cal, D(2025, 3, 1), 15, "calendar") == D(2025, 3, 17)  # Sun → Mon
    assert period_end(cal, D(2025, 3, 3), 15, "calendar") == D(2025, 3, 18)  # a Tuesday
    # a make-up Saturday is a working day: the period is not moved
    assert period_end(cal, D(2025, 9, 26), 15, "calendar") == D(2025, 10, 11)
    assert period_end(cal, D(2025, 1, 1), 60, "calendar") == D(2025, 3, 3)  # Sat 03-02 → Mon


def test_penalty_law_units() -> None:
    assert [penalty_law_unit(d) for d in (2, 3, 5, 7)] == ["working"] * 4
    assert [penalty_law_unit(d) for d in (1, 4, 10, 15, 60, 90)] == ["calendar"] * 6


def test_days_left() -> None:
    assert days_left(D(2025, 10, 10), D(2025, 10, 10)) == 0  # the last day is today
    assert days_left(D(2025, 10, 10), D(2025, 10, 9)) == 1
    assert days_left(D(2025, 10, 10), D(2025, 10, 12)) == -2
    assert days_left(D(2026, 1, 5), D(2025, 12, 30)) == 6


def test_bad_arguments(cal: Calendar) -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        add_working_days(cal, D(2025, 3, 5), -1)
    with pytest.raises(ValueError, match="at least one day"):
        period_end(cal, D(2025, 3, 5), 0, "working")
    unit: Any = "weeks"
    with pytest.raises(ValueError, match="'working' or 'calendar'"):
        period_end(cal, D(2025, 3, 5), 5, unit)
    moment: Any = dt.datetime(2025, 10, 1, 9, 0)
    with pytest.raises(TypeError, match="datetime.date"):
        cal.is_working_day(moment)
    with pytest.raises(TypeError):
        days_left(moment, D(2025, 10, 1))


# --- broken data files ------------------------------------------------------------------------


def off(year: str, i: int) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda data: data["years"][year]["off"][i]


def test_invalid_date(broken: Callable[..., Path]) -> None:
    path = broken(lambda d: off("2025", 1)(d).update(last="2025-02-30"))
    with pytest.raises(HolidayDataError) as caught:
        load_calendar(path)
    error = caught.value
    assert error.rule == "date_invalid"
    assert error.file == "cn.json"
    assert error.text("zh").startswith("节假日文件“cn.json”2025年放假第2条（春节）：")
    assert "2025-02-30" in error.text("zh")
    assert "year 2025, off entry 2 (春节): last 2025-02-30 is not a real date" in error.text("en")


@pytest.mark.parametrize(
    "change, rule, fragment",
    [
        (lambda d: off("2025", 0)(d).update(first="2025/01/01"), "date_format", "YYYY-MM-DD"),
        (lambda d: off("2025", 0)(d).update(first=20250101), "date_format", "YYYY-MM-DD"),
        (lambda d: off("2025", 0)(d).update(first="2024-06-01"), "date_year", "not in 2025"),
        (lambda d: off("2025", 1)(d).update(last="2025-01-20"), "order", "before the first"),
        (lambda d: off("2025", 1)(d).update(last="2025-03-20"), "too_long", "typo"),
        (lambda d: off("2025", 0)(d).pop("name"), "missing_key", "missing key(s): name"),
        (lambda d: off("2025", 0)(d).update(nmae="元旦"), "unknown_key", "unknown key(s): nmae"),
        (lambda d: d["years"]["2026"]["working"][0].update(date="2026-01-05"), "not_weekend", ""),
        (lambda d: d["years"]["2026"].update(verified="yes"), "type", "true or false"),
        (lambda d: d["years"]["2026"].update(verified=False, note=""), "type", "non-empty"),
        (lambda d: d["years"]["2026"].update(verified=False), "", ""),  # has a note: fine
        (lambda d: d["years"].update({"26": d["years"]["2026"]}), "year", "four digits"),
        (lambda d: d.update(format=2), "format", "format must be 1"),
        (lambda d: d.update(years={}), "years", "non-empty"),
        (lambda d: d.pop("years"), "missing_key", "years"),
    ],
)
def test_broken_entries(
    broken: Callable[..., Path],
    change: Callable[[dict[str, Any]], object],
    rule: str,
    fragment: str,
) -> None:
    path = broken(change)
    if not rule:
        load_calendar(path)
        return
    with pytest.raises(HolidayDataError) as caught:
        load_calendar(path)
    assert caught.value.rule == rule
    assert fragment in caught.value.text("en")
    assert "cn.json" in caught.value.text("zh") and "cn.json" in caught.value.text("en")


def test_unverified_year_needs_a_note(broken: Callable[..., Path]) -> None:
    def change(data: dict[str, Any]) -> None:
        data["years"]["2026"]["verified"] = False
        del data["years"]["2026"]["note"]

    with pytest.raises(HolidayDataError) as caught:
        load_calendar(broken(change))
    assert caught.value.rule == "note_required"
    assert "年份“2026”" in caught.value.text("zh")


def test_a_day_both_off_and_working(broken: Callable[..., Path]) -> None:
    # make-up Sunday 2025-09-28 also listed inside the National Day holiday
    path = broken(lambda d: off("2025", 5)(d).update(first="2025-09-27"))
    with pytest.raises(HolidayDataError) as caught:
        load_calendar(path)
    error = caught.value
    assert error.rule == "off_and_working"
    assert "2025-09-28 同时列在2025年放假第6条（国庆节、中秋节）和2025年调休上班第4条" in (
        error.text("zh")
    )
    assert "cannot be both off and working" in error.text("en")


def test_a_day_off_twice(broken: Callable[..., Path]) -> None:
    again = {"name": "清明节", "first": "2025-04-05", "last": "2025-04-05"}
    path = broken(lambda d: d["years"]["2025"]["off"].append(again))
    with pytest.raises(HolidayDataError) as caught:
        load_calendar(path)
    assert caught.value.rule == "duplicate"
    assert "2025-04-05 is listed in 2025 off entry 3 and in 2025 off entry 7" in (
        caught.value.text("en")
    )


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(HolidayDataError) as caught:
        load_calendar(tmp_path / "missing.json")
    assert caught.value.rule == "unreadable"
    assert "missing.json" in caught.value.text("zh")
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", encoding="utf-8")
    with pytest.raises(HolidayDataError, match="bad.json") as caught:
        load_calendar(bad)
    assert caught.value.rule == "json"


def test_a_year_written_twice(tmp_path: Path, shipped: dict[str, Any]) -> None:
    year = json.dumps(shipped["years"]["2026"], ensure_ascii=False)
    twice = tmp_path / "cn.json"
    twice.write_text(f'{{"format": 1, "years": {{"2026": {year}, "2026": {year}}}}}', "utf-8")
    with pytest.raises(HolidayDataError) as caught:
        load_calendar(twice)
    assert caught.value.rule == "duplicate_key"
    assert "key(s) given twice: 2026" in caught.value.text("en")


def test_a_new_year_holiday_may_start_in_december(broken: Callable[..., Path]) -> None:
    # like the 2023 notice: 元旦 from 2022-12-31; the 2024 day off counts even though 2024
    # itself is not covered
    def change(data: dict[str, Any]) -> None:
        data["years"]["2025"]["off"][0]["first"] = "2024-12-31"

    cal = load_calendar(broken(change))
    assert not cal.is_working_day(D(2024, 12, 31))
    assert not cal.covers(2024)
