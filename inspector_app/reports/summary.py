"""The year's figures in one sentence, in the form the city reports them (人民网, 2019-09-17):

    2018年，嘉兴市共立案查处安全生产非事故类案件2903起，罚没款3844万元（同比分别上升300%、350%，
    列全省第二与第一），行政拘留288人，对15起生产安全事故的30名相关责任人予以追究刑事责任。

Everything but the provincial ranks comes from ``case_fact`` (``reports.case_facts``) through
the same ``Run`` as the monthly report; the ranks are not in the city's data and are passed in
(left out when not given). A comparison whose last-year figure is zero is left out rather than
written as an infinite rise; a clause whose figure is zero is left out. The accidents are
counted by their key (``case_facts.accident_key``): the accident record a case names, else the
enterprise and the day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from inspector_app.cases.articles import chinese_number
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.reports.case_facts import Run
from inspector_app.reports.monthly import Change, Period, ReportError, percent_text, scope_clause


@dataclass(frozen=True)
class Totals:
    """What the sentence counts over a period."""

    filed_other: int = 0  # non-accident cases filed (立案)
    filed_accident: int = 0
    fines_fen: int = 0
    penalties_fen: int = 0  # fines and confiscations (罚没款)
    detentions: int = 0  # people
    criminal_transfers: int = 0  # people handed to the judiciary
    criminal_from_accidents: int = 0  # of them, from accident cases
    accidents: int = 0  # the accidents those came from


@dataclass(frozen=True)
class Summary:
    period: Period
    totals: Totals
    before: Totals  # the same period a year earlier
    zh: str


def totals(run: Run, period: Period, units: Sequence[str] | None = None) -> Totals:
    params: dict[str, Any] = {"first": period.first.isoformat(), "last": period.last.isoformat()}
    sql = (
        "SELECT kind, accident, SUM(quantity), SUM(amount_fen), COUNT(DISTINCT ref) "
        "FROM case_fact WHERE kind <> 'deadline' AND fact_date >= :first AND fact_date <= :last"
        f"{scope_clause(units, params)} GROUP BY kind, accident"
    )
    found: dict[str, int] = {}
    for kind, accident, quantity, amount, refs in run(sql, params):
        key = f"{kind}/{int(accident)}"
        found[key + "/n"] = int(quantity or 0)
        found[key + "/fen"] = int(amount or 0)
        found[key + "/refs"] = int(refs or 0)

    def pick(kind: str, what: str = "n") -> int:
        return found.get(f"{kind}/0/{what}", 0) + found.get(f"{kind}/1/{what}", 0)

    fines = pick("decided", "fen")
    return Totals(
        filed_other=found.get("filed/0/n", 0),
        filed_accident=found.get("filed/1/n", 0),
        fines_fen=fines,
        penalties_fen=fines + pick("confiscation", "fen"),
        detentions=pick("detention"),
        criminal_transfers=pick("transferred_judiciary"),
        criminal_from_accidents=found.get("transferred_judiciary/1/n", 0),
        accidents=found.get("transferred_judiciary/1/refs", 0),
    )


def year_summary(
    run: Run,
    tree: JurisdictionTree,
    period: Period,
    today: dt.date,
    units: Sequence[str] | None = None,
    province_ranks: tuple[int, int] | None = None,
    place: str | None = None,
) -> Summary:
    """The sentence for ``period`` (a calendar year, or any span up to ``today``) with the
    change against the same span a year earlier; ``province_ranks``: the city's rank in the
    province by cases and by money, when known."""
    if period.last > today:
        raise ReportError(
            f"统计期间不能晚于今天（{today.isoformat()}）。",
            f"The period cannot end after today ({today.isoformat()}).",
            "future",
        )
    if period.first > period.last:
        raise ReportError("统计期间的起止日期颠倒。", "The period ends before it begins.", "order")
    now, before = totals(run, period, units), totals(run, period.year_before(), units)
    text = sentence(period_label(period), place or tree.city.name, now, before, province_ranks)
    return Summary(period, now, before, text)


def sentence(
    label: str,
    place: str,
    now: Totals,
    before: Totals,
    province_ranks: tuple[int, int] | None = None,
) -> str:
    head = (
        f"{label}，{place}共立案查处安全生产非事故类案件{now.filed_other}起，"
        f"罚没款{wan_text(now.penalties_fen)}万元"
    )
    notes = []
    compared = _compared(
        Change(now.filed_other, before.filed_other),
        Change(now.penalties_fen, before.penalties_fen),
    )
    if compared:
        notes.append(compared)
    if province_ranks is not None:
        cases_rank, money_rank = province_ranks
        if cases_rank == money_rank:
            notes.append(f"均列全省第{chinese_number(cases_rank)}")
        else:
            notes.append(f"列全省第{chinese_number(cases_rank)}与第{chinese_number(money_rank)}")
    clauses = [head + (f"（{'，'.join(notes)}）" if notes else "")]
    if now.detentions:
        clauses.append(f"行政拘留{now.detentions}人")
    if now.criminal_from_accidents:
        clauses.append(
            f"对{now.accidents}起生产安全事故的{now.criminal_from_accidents}名相关责任人"
            "予以追究刑事责任"
        )
    others = now.criminal_transfers - now.criminal_from_accidents
    if others:
        clauses.append(f"移送司法机关追究刑事责任{others}人")
    return "，".join(clauses) + "。"


def _compared(cases: Change, money: Change) -> str:
    """同比分别上升300%、350% (whole percents, as the city writes them) — or the one comparison
    that exists, or nothing."""
    pairs = ((cases.percent(0), "立案数"), (money.percent(0), "罚没款"))
    parts = [(pct, what) for pct, what in pairs if pct is not None]
    if not parts:
        return ""
    words = [_direction(pct) for pct, _ in parts]
    if len(parts) == 1:
        pct, what = parts[0]
        return f"{what}同比{words[0]}{_amount(pct)}"
    if words == ["持平", "持平"]:
        return "同比均持平"
    first = f"{words[0]}{_amount(parts[0][0])}"
    second = _amount(parts[1][0]) if words[1] == words[0] else f"{words[1]}{_amount(parts[1][0])}"
    return f"同比分别{first}、{second}"


def _direction(pct: Decimal) -> str:
    return "持平" if pct == 0 else ("上升" if pct > 0 else "下降")


def _amount(pct: Decimal) -> str:
    return "" if pct == 0 else percent_text(abs(pct))


def period_label(period: Period) -> str:
    """2018年 for a calendar year; 2026年1月至11月, 2025年12月至2026年11月 for whole months;
    else the days."""
    a, b = period.first, period.last
    whole_months = a.day == 1 and (b + dt.timedelta(days=1)).day == 1
    if whole_months and (a.month, b.month) == (1, 12) and a.year == b.year:
        return f"{a.year}年"
    if whole_months:
        if a.year == b.year:
            return (
                f"{a.year}年{a.month}月"
                if a.month == b.month
                else f"{a.year}年{a.month}月至{b.month}月"
            )
        return f"{a.year}年{a.month}月至{b.year}年{b.month}月"
    return period.label


def wan_text(fen: int) -> str:
    """Money in 万元 as a report writes it: whole 万 from a million yuan up (3844), else up to
    two decimals (19.5, 0.35)."""
    amount = Decimal(fen) / 1_000_000
    if amount >= 100:
        return str(amount.quantize(Decimal("1"), ROUND_HALF_UP))
    text = f"{amount.quantize(Decimal('0.01'), ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
