"""Working days and statutory periods, with the State Council's holiday arrangements as data.

Public API:

* ``load_calendar(path=None) -> Calendar`` — read and check ``resources/holidays/cn.json``
  (``HolidayDataError`` names the file, the year, the entry and the rule);
  ``default_calendar()`` loads it once.
* ``Calendar.is_working_day(day)``, ``Calendar.covers(year)``, ``Calendar.holiday(day)``,
  ``Calendar.arrangement(year)``.
* ``add_working_days(calendar, start, n)``, ``working_days_between(calendar, a, b)``,
  ``period_end(calendar, start, days, unit)``, ``penalty_law_unit(days)``,
  ``days_left(deadline, today)``.

A working day is a Monday to Friday that the year's notice does not give off, or a Saturday or
Sunday that the notice makes a working day (调休上班). For a year the file does not cover, only
weekends are days off: the result may then be wrong around that year's holidays, and
``Calendar.covers(year)`` lets the UI say so.

How periods are counted (the convention of every function here):

* The day of the event — a notice delivered, a decision received — is not counted; counting
  starts the next day (民法典 Art. 201; 民事诉讼法 says the same of its periods).
* 行政处罚法 Art. 85: a period written "二日", "三日", "五日" or "七日" in that law counts working
  days; any other period counts calendar days (``penalty_law_unit``).
* A period of n working days after an event on day D ends at the end (24:00) of
  ``add_working_days(calendar, D, n)``, the n-th working day after D. Example: a notice
  delivered on Friday 2025-09-26 leaves five working days to ask for a hearing (Art. 64(一)):
  Sun 09-28 (调休上班), Mon 09-29, Tue 09-30, then after the National Day holiday Thu 10-09 and
  Fri 10-10, the last day.
* A period of n calendar days after D ends at the end of D + n; if that day is not a working
  day (a weekend or a day off of a public holiday), the period ends at the end of the next
  working day. This is the rule of 民法典 Art. 203 and of 民事诉讼法 on periods (the last day is
  a 法定休假日 → the first day after it); 行政处罚法 has no rule of its own, applying it to
  administrative penalties and treating an ordinary weekend as a 法定休假日 follow common
  practice — unverified against a binding text. A make-up working Saturday does not move it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from inspector_app.datafile import Problem as _Problem
from inspector_app.datafile import json_object
from inspector_app.messages import Bilingual
from inspector_app.store.paths import resources_dir

FORMAT = 1
HOLIDAYS_FILE = Path("holidays") / "cn.json"
# 行政处罚法 Art. 85: these periods of that law are working days, all others calendar days
PENALTY_LAW_WORKING_DAY_PERIODS = frozenset({2, 3, 5, 7})
# a longer run of days off is taken for a typo (the longest arrangement so far is 9 days)
MAX_HOLIDAY_DAYS = 14

PeriodUnit = Literal["working", "calendar"]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FILE_KEYS = ({"format", "years"}, {"sources"})
_YEAR_KEYS = ({"source", "verified", "off", "working"}, {"note"})
_OFF_KEYS = ({"name", "first", "last"}, set[str]())
_WORKING_KEYS = ({"date", "name"}, set[str]())


class HolidayDataError(Bilingual, ValueError):
    """The holiday file breaks a rule: the message names the file, the entry and the rule."""

    def __init__(self, file: str, where: tuple[str, str], rule: str, zh: str, en: str) -> None:
        where_zh, where_en = where
        super().__init__(
            f"节假日文件“{file}”{where_zh}：{zh}", f"holiday file {file}{where_en}: {en}", rule
        )
        self.file = file
        self.rule = rule


@dataclass(frozen=True)
class Holiday:
    """A run of days off given by a notice, weekends inside it included."""

    name: str
    first: dt.date
    last: dt.date

    def days(self) -> Iterator[dt.date]:
        day = self.first
        while day <= self.last:
            yield day
            day += dt.timedelta(days=1)


@dataclass(frozen=True)
class MakeUpDay:
    """A Saturday or Sunday made a working day (调休上班) for the holiday ``name``."""

    day: dt.date
    name: str


@dataclass(frozen=True)
class YearArrangement:
    """One year's notice: its days off and make-up working days, and how far it was checked."""

    year: int
    source: str
    verified: bool
    note: str
    holidays: tuple[Holiday, ...]
    make_up_days: tuple[MakeUpDay, ...]


class Calendar:
    """Which days are working days; built once from the holiday file and passed around."""

    def __init__(self, arrangements: Iterable[YearArrangement] = ()) -> None:
        self._years = {a.year: a for a in arrangements}
        self._off: dict[dt.date, str] = {}
        self._working: dict[dt.date, str] = {}
        for arrangement in self._years.values():
            for holiday in arrangement.holidays:
                self._off.update(dict.fromkeys(holiday.days(), holiday.name))
            self._working.update({m.day: m.name for m in arrangement.make_up_days})
        both = sorted(self._off.keys() & self._working.keys())
        if both:
            raise ValueError(f"{both[0]} is both a day off and a working day")

    @property
    def years(self) -> tuple[int, ...]:
        """The years whose notice the calendar has, in order."""
        return tuple(sorted(self._years))

    def covers(self, year: int) -> bool:
        """True if the year's notice is known; otherwise only weekends count as days off."""
        return year in self._years

    def arrangement(self, year: int) -> YearArrangement | None:
        return self._years.get(year)

    def is_working_day(self, day: dt.date) -> bool:
        _check_date(day)
        if day in self._off:
            return False
        if day in self._working:
            return True
        return day.weekday() < 5

    def holiday(self, day: dt.date) -> str | None:
        """The public holiday ``day`` is a day off of, e.g. "春节"; None on any other day."""
        _check_date(day)
        return self._off.get(day)

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day


def add_working_days(calendar: Calendar, start: dt.date, n: int) -> dt.date:
    """The n-th working day after ``start`` (``start`` itself is not counted; n=0 gives start).

    An n-working-day period after an event on ``start`` ends at the end of this day.
    """
    _check_date(start)
    if n < 0:
        raise ValueError(f"the number of working days must not be negative, got {n}")
    day = start
    for _ in range(n):
        day = calendar.next_working_day(day + dt.timedelta(days=1))
    return day


def working_days_between(calendar: Calendar, a: dt.date, b: dt.date) -> int:
    """The working days after ``a`` up to and including ``b``; negative when ``b`` is before ``a``.

    The inverse of ``add_working_days``: ``working_days_between(c, d, add_working_days(c, d, n))
    == n``.
    """
    _check_date(a)
    _check_date(b)
    if b < a:
        return -working_days_between(calendar, b, a)
    count = 0
    day = a + dt.timedelta(days=1)
    while day <= b:
        count += calendar.is_working_day(day)
        day += dt.timedelta(days=1)
    return count


def period_end(calendar: Calendar, start: dt.date, days: int, unit: PeriodUnit) -> dt.date:
    """The last day of a period of ``days`` days after the event on ``start``.

    ``unit="working"``: the ``days``-th working day after ``start``. ``unit="calendar"``:
    ``start + days``, moved to the next working day when it is not one (see the module doc for
    the basis and what is unverified).
    """
    _check_date(start)
    if days < 1:
        raise ValueError(f"a period must be at least one day, got {days}")
    if unit == "working":
        return add_working_days(calendar, start, days)
    if unit == "calendar":
        return calendar.next_working_day(start + dt.timedelta(days=days))
    raise ValueError(f"unit must be 'working' or 'calendar', got {unit!r}")


def penalty_law_unit(days: int) -> PeriodUnit:
    """How 行政处罚法 counts a period it writes as ``days`` 日 (Art. 85).

    Only for periods of 行政处罚法 itself: another law's "五日" may be calendar days.
    """
    return "working" if days in PENALTY_LAW_WORKING_DAY_PERIODS else "calendar"


def days_left(deadline: dt.date, today: dt.date) -> int:
    """Calendar days from ``today`` to ``deadline``: 0 = the last day is today, -1 = one day late.

    A period runs to the end of its last day, so a deadline is missed only from the next day on.
    """
    _check_date(deadline)
    _check_date(today)
    return (deadline - today).days


def holidays_file() -> Path:
    return resources_dir() / HOLIDAYS_FILE


def load_calendar(path: Path | None = None) -> Calendar:
    """Read and check a holiday file (the shipped one by default)."""
    path = path or holidays_file()
    file = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise HolidayDataError(
            file, ("", ""), "unreadable", f"无法读取（{exc}）", f"cannot be read ({exc})"
        ) from exc
    with _at(file, ("", "")):
        try:
            # a year written twice would otherwise silently replace the first
            data = json.loads(text, object_pairs_hook=_without_duplicate_keys)
        except json.JSONDecodeError as exc:
            raise _Problem(
                "json", f"不是有效的 JSON（{exc}）", f"is not valid JSON ({exc})"
            ) from None
        top = _object(data, _FILE_KEYS)
        if top["format"] != FORMAT:
            raise _Problem(
                "format",
                f"格式版本应为{FORMAT}，实际为{top['format']!r}",
                f"format must be {FORMAT}, got {top['format']!r}",
            )
        years = top["years"]
        if not isinstance(years, dict) or not years:
            raise _Problem("years", "years 应为非空对象", "years must be a non-empty object")
    arrangements = [_year(key, raw, file) for key, raw in years.items()]
    _check_no_clashes(arrangements, file)
    return Calendar(arrangements)


@cache
def default_calendar() -> Calendar:
    """The shipped calendar, loaded once."""
    return load_calendar()


@contextmanager
def _at(file: str, where: tuple[str, str]) -> Iterator[None]:
    try:
        yield
    except _Problem as p:
        raise HolidayDataError(file, where, p.rule, p.zh, p.en) from None


def _year(key: str, raw: object, file: str) -> YearArrangement:
    with _at(file, (f"年份“{key}”", f", year {key}")):
        if not re.fullmatch(r"\d{4}", key):
            raise _Problem("year", "年份应为四位数字", "the year must be four digits")
        year = int(key)
        data = _object(raw, _YEAR_KEYS)
        source = _text(data, "source")
        verified = data["verified"]
        if not isinstance(verified, bool):
            raise _Problem("type", "verified 应为 true 或 false", "verified must be true or false")
        note = _text(data, "note") if "note" in data else ""
        if not verified and not note:
            raise _Problem(
                "note_required",
                "未核实的年份须在 note 中说明来源和待核对的内容",
                "an unverified year needs a note saying where it comes from and what to check",
            )
        off, working = data["off"], data["working"]
        if not isinstance(off, list) or not isinstance(working, list):
            raise _Problem("type", "off 和 working 应为列表", "off and working must be lists")
    holidays = tuple(
        _holiday(entry, year, file, (f"{year}年放假第{i}条", f", year {year}, off entry {i}"))
        for i, entry in enumerate(off, 1)
    )
    make_up_days = tuple(
        _make_up_day(
            entry, year, file, (f"{year}年调休上班第{i}条", f", year {year}, working entry {i}")
        )
        for i, entry in enumerate(working, 1)
    )
    return YearArrangement(year, source, verified, note, holidays, make_up_days)


def _holiday(raw: object, year: int, file: str, where: tuple[str, str]) -> Holiday:
    with _at(file, _named(where, raw)):
        data = _object(raw, _OFF_KEYS)
        name = _text(data, "name")
        first, last = _date(data, "first", year), _date(data, "last", year)
        if last < first:
            raise _Problem(
                "order",
                f"最后一天 {last} 早于第一天 {first}",
                f"the last day {last} is before the first day {first}",
            )
        if (last - first).days >= MAX_HOLIDAY_DAYS:
            raise _Problem(
                "too_long",
                f"放假超过{MAX_HOLIDAY_DAYS}天（{first} 至 {last}），可能是笔误",
                f"more than {MAX_HOLIDAY_DAYS} days off ({first} to {last}), probably a typo",
            )
        return Holiday(name, first, last)


def _make_up_day(raw: object, year: int, file: str, where: tuple[str, str]) -> MakeUpDay:
    with _at(file, _named(where, raw)):
        data = _object(raw, _WORKING_KEYS)
        name = _text(data, "name")
        day = _date(data, "date", year)
        if day.weekday() < 5:
            raise _Problem(
                "not_weekend",
                f"{day} 不是周六或周日，列为调休上班没有意义，可能是笔误",
                f"{day} is not a Saturday or Sunday, so making it a working day changes "
                "nothing; probably a typo",
            )
        return MakeUpDay(day, name)


def _check_no_clashes(arrangements: Iterable[YearArrangement], file: str) -> None:
    """No day off twice, and no day both off and a working day (names both entries)."""
    seen: dict[dt.date, _Entry] = {}
    for a in arrangements:
        for i, holiday in enumerate(a.holidays, 1):
            entry = _Entry(
                True, f"{a.year}年放假第{i}条（{holiday.name}）", f"{a.year} off entry {i}"
            )
            for day in holiday.days():
                _clash(seen, day, entry, file)
        for i, m in enumerate(a.make_up_days, 1):
            entry = _Entry(
                False, f"{a.year}年调休上班第{i}条（{m.name}）", f"{a.year} working entry {i}"
            )
            _clash(seen, m.day, entry, file)


@dataclass(frozen=True)
class _Entry:
    off: bool
    zh: str
    en: str


def _clash(seen: dict[dt.date, _Entry], day: dt.date, entry: _Entry, file: str) -> None:
    before = seen.setdefault(day, entry)
    if before is entry:
        return
    if before.off and entry.off:
        rule, zh, en = "duplicate", "", ""
    else:
        rule, zh, en = (
            "off_and_working",
            "，不能既放假又上班",
            ": a day cannot be both off and working",
        )
    raise HolidayDataError(
        file,
        ("", ""),
        rule,
        f"{day} 同时列在{before.zh}和{entry.zh}{zh}",
        f"{day} is listed in {before.en} and in {entry.en}{en}",
    )


def _without_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise _Problem(
            "duplicate_key",
            f"字段“{'、'.join(twice)}”重复出现",
            f"key(s) given twice: {', '.join(twice)}",
        )
    return dict(pairs)


def _named(where: tuple[str, str], raw: object) -> tuple[str, str]:
    """The place with the entry's name when it has one: 2025年放假第2条（春节）."""
    name = raw.get("name") if isinstance(raw, dict) else None
    if not isinstance(name, str) or not name:
        return where
    return f"{where[0]}（{name}）", f"{where[1]} ({name})"


def _object(value: object, keys: tuple[set[str], set[str]]) -> Mapping[str, Any]:
    return json_object(value, *keys)


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise _Problem("type", f"{key} 应为非空文本", f"{key} must be non-empty text")
    return value.strip()


def _date(data: Mapping[str, Any], key: str, year: int) -> dt.date:
    """An ISO date in ``year``, or in December of the year before (元旦 may start there)."""
    value = data[key]
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise _Problem(
            "date_format",
            f"{key} 应为 YYYY-MM-DD 格式的日期，实际为“{value}”",
            f"{key} must be a date written YYYY-MM-DD, got {value!r}",
        )
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise _Problem(
            "date_invalid", f"{key}“{value}”不是有效日期", f"{key} {value} is not a real date"
        ) from None
    if not dt.date(year - 1, 12, 1) <= day <= dt.date(year, 12, 31):
        raise _Problem(
            "date_year",
            f"{key} {value} 不在{year}年内（元旦假期可从上年12月开始）",
            f"{key} {value} is not in {year} (nor in the December before, where 元旦 may start)",
        )
    return day


def _check_date(day: object) -> None:
    # a datetime is a date too, but never equal to one: it would miss every holiday
    if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
        raise TypeError(f"expected a datetime.date, got {type(day).__name__}")
