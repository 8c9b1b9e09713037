"""The monthly administrative-penalty report (安全生产行政处罚每月通报) per county-level unit and
for the city: the month, the year to date, the same period last year and the change, the
overdue steps on the report's day and the ranking of the units.

One code path on both sides: ``monthly_report(run, tree, year, month, today)`` runs plain
portable SQL with ``:named`` parameters over ``case_fact`` (``reports.case_facts``) through a
``Run`` — the laptop's sqlite3 connection over the officer's scope, the server's SQLAlchemy
connection over the city (``units`` narrows it to some units).

Rules of the figures:

* a month still running is counted up to ``today``, and the same period last year ends on the
  same day a year earlier (29 February → 28 February); a month after ``today`` is refused;
* the change is "—" when last year's figure is zero (never an infinite percentage), "持平"
  when equal, else "上升 x%" or "下降 x%" (one decimal at most);
* the county-level units are ranked on the year to date, highest first; equal figures share a
  rank and the next rank skips (1, 1, 3); cases supervised by the city itself form a row of
  their own (市本级), counted in the total and not ranked;
* money is counted in fen (integers) and shown in yuan as ``Decimal``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from inspector_app.messages import Bilingual
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.reports import case_facts
from inspector_app.reports.case_facts import DEADLINE_KINDS, Run
from inspector_app.store.database import Store


class ReportError(Bilingual):
    """A report that cannot be made as asked (``code`` is stable)."""


@dataclass(frozen=True)
class Figure:
    code: str
    zh: str
    en: str
    unit: str  # 起, 件, 人, 项 — or 元 for money (counted in fen)

    @property
    def money(self) -> bool:
        return self.unit == "元"


# what happened in a period (counted by the date of the fact)
FLOWS = (
    Figure("filed_other", "立案（非事故类）", "cases filed (not from accidents)", "起"),
    Figure("filed_accident", "立案（事故类）", "cases filed from accidents", "起"),
    Figure("decided", "作出处罚决定", "decisions", "件"),
    Figure("fines", "罚款", "fines", "元"),
    Figure("confiscations", "没收违法所得", "confiscations", "元"),
    Figure("penalties", "罚没款", "fines and confiscations", "元"),
    Figure("collected", "实缴罚没款", "paid in (surcharges included)", "元"),
    Figure("detentions", "行政拘留", "people detained", "人"),
    Figure("criminal_transfers", "移送追究刑事责任", "people handed to the judiciary", "人"),
    Figure("police_transfers", "移送公安机关", "cases handed to the police", "件"),
    Figure("closures", "结案", "cases closed", "件"),
    Figure("hearing_requests", "听证申请", "hearings requested", "件"),
)
# what stands on a day
STOCKS = (
    Figure("overdue_steps", "超期未办事项", "overdue steps", "项"),
    Figure("overdue_payments", "逾期未缴罚款", "overdue payments", "件"),
)
FIGURES = {f.code: f for f in (*FLOWS, *STOCKS)}
RANKED = ("filed_other", "penalties")  # the seed's two measures: cases and money

# (kind, accident) of case_fact → (figure counted by quantity, figure counted by amount)
_KIND_FIGURES: dict[tuple[str, int], tuple[str | None, str | None]] = {
    ("filed", 0): ("filed_other", None),
    ("filed", 1): ("filed_accident", None),
    ("decided", 0): ("decided", "fines"),
    ("decided", 1): ("decided", "fines"),
    ("confiscation", 0): (None, "confiscations"),
    ("confiscation", 1): (None, "confiscations"),
    ("paid", 0): (None, "collected"),
    ("paid", 1): (None, "collected"),
    ("detention", 0): ("detentions", None),
    ("detention", 1): ("detentions", None),
    ("transferred_judiciary", 0): ("criminal_transfers", None),
    ("transferred_judiciary", 1): ("criminal_transfers", None),
    ("transferred_police", 0): ("police_transfers", None),
    ("transferred_police", 1): ("police_transfers", None),
    ("closed", 0): ("closures", None),
    ("closed", 1): ("closures", None),
    ("hearing_requested", 0): ("hearing_requests", None),
    ("hearing_requested", 1): ("hearing_requests", None),
}

Figures = dict[str, int]


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date

    def year_before(self) -> Period:
        return Period(year_before(self.first), year_before(self.last))

    @property
    def label(self) -> str:
        a, b = self.first, self.last
        if a.year != b.year:
            return f"{a.year}年{a.month}月{a.day}日至{b.year}年{b.month}月{b.day}日"
        return f"{a.year}年{a.month}月{a.day}日至{b.month}月{b.day}日"


def year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


@dataclass(frozen=True)
class Change:
    """A figure against the same period last year."""

    now: int
    before: int

    @property
    def pct(self) -> Decimal | None:
        """The change in percent (one decimal), None when last year's figure is zero."""
        return self.percent(1)

    def percent(self, places: int) -> Decimal | None:
        """The change in percent rounded to ``places`` decimals; None when last year's figure
        is zero."""
        if self.before == 0:
            return None
        ratio = Decimal(self.now - self.before) * 100 / Decimal(self.before)
        return ratio.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)

    @property
    def zh(self) -> str:
        pct = self.pct
        if pct is None:
            return "—"
        if pct == 0:
            return "持平"
        return f"{'上升' if pct > 0 else '下降'}{percent_text(abs(pct))}"

    @property
    def en(self) -> str:
        pct = self.pct
        if pct is None:
            return "—"
        if pct == 0:
            return "unchanged"
        return f"{'up' if pct > 0 else 'down'} {percent_text(abs(pct))}"


def percent_text(pct: Decimal) -> str:
    """12.5% / 300% (no trailing ".0")."""
    text = f"{pct:.1f}"
    return (text[:-2] if text.endswith(".0") else text) + "%"


def competition_ranks(values: Mapping[str, int]) -> dict[str, int]:
    """Highest first; equal values share a rank and the next rank skips (1, 1, 3)."""
    ordered = sorted(values.values(), reverse=True)
    first_at: dict[int, int] = {}
    for n, value in enumerate(ordered, 1):
        first_at.setdefault(value, n)
    return {key: first_at[value] for key, value in values.items()}


@dataclass(frozen=True)
class UnitFigures:
    """One county-level unit (or the total): flows of the month and the year to date with last
    year's, the stocks on the report's day and a year earlier, and the unit's ranks."""

    code: str
    name: str
    month: Figures
    ytd: Figures
    month_before: Figures
    ytd_before: Figures
    as_of: Figures
    as_of_before: Figures
    ranks: Mapping[str, int]

    def change(self, figure: str, span: str = "ytd") -> Change:
        if figure in self.as_of:
            return Change(self.as_of[figure], self.as_of_before[figure])
        if span == "month":
            return Change(self.month[figure], self.month_before[figure])
        return Change(self.ytd[figure], self.ytd_before[figure])


@dataclass(frozen=True)
class MonthlyReport:
    year: int
    month: int
    month_period: Period
    ytd_period: Period
    as_of: dt.date
    city: UnitFigures  # the city, or the total of the units asked for
    units: tuple[UnitFigures, ...]

    @property
    def title(self) -> str:
        return f"{self.year}年{self.month}月安全生产行政处罚情况通报"


def monthly_report(
    run: Run,
    tree: JurisdictionTree,
    year: int,
    month: int,
    today: dt.date,
    units: Sequence[str] | None = None,
) -> MonthlyReport:
    """The report of ``month`` (up to ``today`` while it runs) over ``case_fact``."""
    if not 1 <= month <= 12:
        raise ReportError(f"月份应为1至12，而不是{month}。", f"No month {month}.", "month")
    first = dt.date(year, month, 1)
    if first > today:
        raise ReportError(
            f"{year}年{month}月尚未到来，不能统计。",
            f"{year}-{month:02d} has not begun: there is nothing to report.",
            "future",
        )
    last = min(month_end(year, month), today)
    month_period, ytd_period = Period(first, last), Period(dt.date(year, 1, 1), last)
    flows = _flows(run, month_period, ytd_period, units)
    stocks = _stocks(run, last, units)
    codes = _unit_codes(tree, units, [*flows, *stocks])
    rows = [_unit(tree, code, flows.get(code, {}), stocks.get(code, {})) for code in codes]
    # the county-level units are ranked; a row of the city's own cases is not
    counties = {u.code for u in tree.reporting_units()}
    ranks = {
        f: competition_ranks({r.code: r.ytd[f] for r in rows if r.code in counties}) for f in RANKED
    }
    ranked = tuple(
        replace(r, ranks={f: ranks[f][r.code] for f in RANKED}) if r.code in counties else r
        for r in rows
    )
    total_name = tree.city.name if units is None else "合计"
    total = _total(tree.city.code if units is None else "", total_name, ranked)
    return MonthlyReport(year, month, month_period, ytd_period, last, total, ranked)


_SPANS = ("month", "ytd", "month_before", "ytd_before")


def scope_clause(units: Sequence[str] | None, params: dict[str, Any]) -> str:
    """`` AND unit_code IN (:u0, …)`` for the units asked for (nothing for all)."""
    if units is None:
        return ""
    if not units:
        return " AND 1 = 0"
    for n, code in enumerate(units):
        params[f"u{n}"] = code
    return f" AND unit_code IN ({', '.join(f':u{n}' for n in range(len(units)))})"


def _flows(
    run: Run, month: Period, ytd: Period, units: Sequence[str] | None
) -> dict[str, dict[str, Figures]]:
    """The four spans as one statement of four plain aggregates (each a range scan of the date
    index: cheaper than one scan with a CASE per span, or an OR of two ranges)."""
    spans = dict(zip(_SPANS, (month, ytd, month.year_before(), ytd.year_before()), strict=True))
    params: dict[str, Any] = {}
    scope = scope_clause(units, params)
    parts = []
    for name, period in spans.items():
        params[f"{name}_first"] = period.first.isoformat()
        params[f"{name}_last"] = period.last.isoformat()
        parts.append(
            f"SELECT '{name}', unit_code, kind, accident, SUM(quantity), SUM(amount_fen) "
            f"FROM case_fact WHERE fact_date >= :{name}_first AND fact_date <= :{name}_last "
            f"AND kind <> 'deadline'{scope} GROUP BY unit_code, kind, accident"
        )
    out: dict[str, dict[str, Figures]] = {}
    for span, code, kind, accident, quantity, amount in run(" UNION ALL ".join(parts), params):
        by_count, by_amount = _KIND_FIGURES.get((str(kind), int(accident)), (None, None))
        figures = out.setdefault(str(code), {s: _zero(FLOWS) for s in _SPANS})[str(span)]
        if by_count:
            figures[by_count] += int(quantity or 0)
        if by_amount:
            figures[by_amount] += int(amount or 0)
    for spans_of in out.values():
        for figures in spans_of.values():
            figures["penalties"] = figures["fines"] + figures["confiscations"]
    return out


def _stocks(run: Run, day: dt.date, units: Sequence[str] | None) -> dict[str, dict[str, Figures]]:
    """Overdue limits on ``day`` and a year earlier: listed (``start_date <= D``), not met
    (``done_date`` after D or none) and past due (``fact_date < D``)."""
    params: dict[str, Any] = {"now": day.isoformat(), "before": year_before(day).isoformat()}
    sums = [
        f"SUM(CASE WHEN start_date <= :{d} AND fact_date < :{d} "
        f"AND (done_date IS NULL OR done_date > :{d}) THEN quantity ELSE 0 END)"
        for d in ("now", "before")
    ]
    sql = (
        f"SELECT unit_code, ref, {', '.join(sums)} FROM case_fact "
        "WHERE kind = 'deadline' AND fact_date < :now "
        "AND (done_date IS NULL OR done_date > :before)"
        f"{scope_clause(units, params)} GROUP BY unit_code, ref"
    )
    out: dict[str, dict[str, Figures]] = {}
    for code, ref, now, before in run(sql, params):
        kind = DEADLINE_KINDS.get(str(ref), DEADLINE_KINDS["other"])
        figure = "overdue_payments" if kind.duty == "payment" else "overdue_steps"
        both = out.setdefault(str(code), {"now": _zero(STOCKS), "before": _zero(STOCKS)})
        both["now"][figure] += int(now or 0)
        both["before"][figure] += int(before or 0)
    return out


def _zero(figures: Iterable[Figure]) -> Figures:
    return {f.code: 0 for f in figures}


def _unit_codes(
    tree: JurisdictionTree, units: Sequence[str] | None, found: Iterable[str]
) -> list[str]:
    """The units the report lists: those asked for, or the city's county-level units and any
    other unit its facts name (the city's own, say), in the tree's order."""
    if units is not None:
        return list(dict.fromkeys(units))
    codes = [u.code for u in tree.reporting_units()]
    extra = sorted(set(found) - set(codes), key=lambda c: _order(tree, c))
    return codes + extra


def _order(tree: JurisdictionTree, code: str) -> tuple[int, str]:
    unit = tree.units.get(code)
    return (unit.sort_order if unit else 10**6, code)


def unit_name(tree: JurisdictionTree, code: str) -> str:
    if code == tree.city.code:
        return f"{tree.city.name}本级"
    unit = tree.units.get(code)
    return unit.name if unit else code


def _unit(
    tree: JurisdictionTree,
    code: str,
    flows: Mapping[str, Figures],
    stocks: Mapping[str, Figures],
) -> UnitFigures:
    def flow(span: str) -> Figures:
        return dict(flows.get(span) or _zero(FLOWS))

    return UnitFigures(
        code,
        unit_name(tree, code),
        flow("month"),
        flow("ytd"),
        flow("month_before"),
        flow("ytd_before"),
        dict(stocks.get("now") or _zero(STOCKS)),
        dict(stocks.get("before") or _zero(STOCKS)),
        {},
    )


def _total(code: str, name: str, rows: Sequence[UnitFigures]) -> UnitFigures:
    def add(pick: str, figures: Iterable[Figure]) -> Figures:
        return {f.code: sum(getattr(r, pick)[f.code] for r in rows) for f in figures}

    return UnitFigures(
        code,
        name,
        add("month", FLOWS),
        add("ytd", FLOWS),
        add("month_before", FLOWS),
        add("ytd_before", FLOWS),
        add("as_of", STOCKS),
        add("as_of_before", STOCKS),
        {},
    )


def yuan(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def wan(fen: int) -> Decimal:
    """Fen as 万元 with two decimals (the reports' money unit)."""
    return (Decimal(fen) / 1_000_000).quantize(Decimal("0.01"), ROUND_HALF_UP)


def local_report(
    store: Store,
    tree: JurisdictionTree,
    year: int,
    month: int,
    units: Sequence[str] | None = None,
) -> MonthlyReport:
    """The report over this laptop's cases (its scope), the projection brought up to date
    first (on the store's writer: it writes the marked cases' facts)."""
    with store.transaction() as conn:
        case_facts.refresh_dirty(conn, tree)
    return monthly_report(
        case_facts.sqlite_run(store.conn), tree, year, month, store.clock.today(), units
    )
