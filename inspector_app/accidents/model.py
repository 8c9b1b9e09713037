"""An accident as its reports leave it: the current figures and grade are those of the latest
report (国务院令第493号 Art. 13, 20: a supplementary report may change the grade).

Plain data in, plain data out: ``derive`` takes the ``accident`` record and its
``accident_report`` records as dicts (what ``Facts`` or a query returns) and gives an
``AccidentView``; the rules of the other modules take that view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from inspector_app.accidents import fields, grading
from inspector_app.accidents.fields import fail
from inspector_app.accidents.params import AccidentParams, default_params
from inspector_app.store.facts import Facts

FIGURE_FIELDS = ("deaths", "missing", "serious_injuries", "minor_injuries")


@dataclass(frozen=True)
class Figures:
    deaths: int = 0
    missing: int = 0
    serious_injuries: int = 0
    minor_injuries: int = 0
    direct_loss_yuan: Decimal = Decimal(0)

    def grading_deaths(self, params: AccidentParams) -> int:
        """Deaths as the grade and the city's rules count them (missing included, by data)."""
        return self.deaths + (self.missing if params.missing_as_deaths else 0)

    def casualties(self, params: AccidentParams) -> int:
        """伤亡 as the warning rule counts it (``warning_casualties`` in the data)."""
        return sum(getattr(self, name) for name in params.casualty_fields)

    def grade(self, params: AccidentParams) -> str:
        return grading.grade_of(
            self.grading_deaths(params), self.serious_injuries, self.direct_loss_yuan, params
        )

    def describe(self) -> str:
        """E.g. 2人死亡、1人失踪、3人重伤，直接经济损失约120万元."""
        parts = [
            f"{n}人{word}"
            for n, word in (
                (self.deaths, "死亡"),
                (self.missing, "失踪"),
                (self.serious_injuries, "重伤"),
                (self.minor_injuries, "轻伤"),
            )
            if n
        ]
        people = "、".join(parts) or "无人员伤亡"
        if not self.direct_loss_yuan:
            return people
        return f"{people}，直接经济损失{_loss_text(self.direct_loss_yuan)}"


def _loss_text(loss: Decimal) -> str:
    if loss >= 10000 and loss % 100 == 0:
        return f"{(loss / 10000).normalize():f}万元"
    return f"{fields.yuan_text(loss)}元"


def figures_of(record: Mapping[str, Any]) -> Figures:
    return Figures(
        int(record["deaths"]),
        int(record["missing"]),
        int(record["serious_injuries"]),
        int(record["minor_injuries"]),
        Decimal(str(record["direct_loss_yuan"])),
    )


@dataclass(frozen=True)
class Report:
    id: str
    kind: str
    reported_at: dt.datetime
    figures: Figures
    record: Mapping[str, Any]

    @property
    def order_key(self) -> tuple[dt.datetime, str, str]:
        return (self.reported_at, str(self.record.get("created_at", "")), self.id)


def report_of(record: Mapping[str, Any]) -> Report:
    return Report(
        str(record["id"]),
        str(record["kind"]),
        dt.datetime.fromisoformat(str(record["reported_at"])),
        figures_of(record),
        record,
    )


@dataclass(frozen=True)
class AccidentView:
    """An accident with its reports: the current figures and grade are the latest report's."""

    id: str
    record: Mapping[str, Any]
    reports: tuple[Report, ...]  # in the order they were made
    figures: Figures
    grade: str
    grades: tuple[str, ...]  # the grade after each report

    @property
    def occurred_at(self) -> dt.datetime:
        return dt.datetime.fromisoformat(str(self.record["occurred_at"]))

    @property
    def known_at(self) -> dt.datetime:
        return dt.datetime.fromisoformat(str(self.record["known_at"]))

    @property
    def occurred_on(self) -> dt.date:
        return self.occurred_at.date()

    @property
    def first(self) -> Report | None:
        return next((r for r in self.reports if r.kind == "first"), None)

    @property
    def latest(self) -> Report | None:
        return self.reports[-1] if self.reports else None

    @property
    def regraded(self) -> bool:
        return len(set(self.grades)) > 1

    def __getitem__(self, key: str) -> Any:
        return self.record[key]


def derive(
    accident: Mapping[str, Any],
    reports: Iterable[Mapping[str, Any]],
    params: AccidentParams | None = None,
) -> AccidentView:
    """The accident as its reports leave it (reports of other accidents are ignored)."""
    params = params or default_params()
    own = sorted(
        (report_of(r) for r in reports if r["accident_id"] == accident["id"]),
        key=lambda r: r.order_key,
    )
    grades = tuple(r.figures.grade(params) for r in own)
    figures = own[-1].figures if own else Figures()
    return AccidentView(
        str(accident["id"]),
        dict(accident),
        tuple(own),
        figures,
        grades[-1] if grades else figures.grade(params),
        grades,
    )


def view_of(facts: Facts, accident_id: str, params: AccidentParams | None = None) -> AccidentView:
    accident = facts.get("accident", accident_id)
    if accident is None:
        raise fail("accident_id", "unknown", "找不到该事故", f"no accident {accident_id}")
    return derive(accident, facts.find("accident_report", {"accident_id": accident_id}), params)


def supplementary_window(
    record: Mapping[str, Any], params: AccidentParams | None = None
) -> tuple[int, dt.datetime]:
    """(days, last moment) for supplementary reports (Art. 13): 30 days from the day of the
    accident, 7 for road traffic and fire; the day of the accident is not counted (民法典
    Art. 201), so the window closes at the end of its last day."""
    params = params or default_params()
    occurred = dt.datetime.fromisoformat(str(record["occurred_at"]))
    short = record["sector"] in params.short_sectors or record["accident_type"] in (
        params.short_types
    )
    days = params.short_days if short else params.supplementary_days
    last_day = occurred.date() + dt.timedelta(days=days)
    return days, dt.datetime.combine(last_day, dt.time.max, tzinfo=occurred.tzinfo)
