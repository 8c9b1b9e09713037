"""Figures month by month for the report's charts: cases filed (non-accident and accident) and
fines and confiscations decided in each month of a year, up to the report's day.

Counted over ``case_fact`` with the same kinds and the same dates as the monthly report
(``reports.monthly``), through a ``Run`` — so a month's bar equals that month's report, on the
laptop and on the server alike (``substr`` on the ISO date is portable SQL).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from inspector_app.reports.case_facts import Run
from inspector_app.reports.monthly import scope_clause


@dataclass(frozen=True)
class MonthFigures:
    month: int
    filed_other: int = 0
    filed_accident: int = 0
    penalties_fen: int = 0  # fines decided and confiscations

    @property
    def filed(self) -> int:
        return self.filed_other + self.filed_accident


def by_month(
    run: Run, year: int, last: dt.date, units: Sequence[str] | None = None
) -> list[MonthFigures]:
    """The months of ``year`` up to ``last`` (a month still running up to that day)."""
    if last.year < year:
        return []
    end = last if last.year == year else dt.date(year, 12, 31)
    params: dict[str, Any] = {"first": f"{year:04d}-01-01", "last": end.isoformat()}
    sql = (
        "SELECT substr(fact_date, 1, 7), kind, accident, SUM(quantity), SUM(amount_fen) "
        "FROM case_fact WHERE fact_date >= :first AND fact_date <= :last "
        "AND kind IN ('filed', 'decided', 'confiscation')"
        f"{scope_clause(units, params)} GROUP BY substr(fact_date, 1, 7), kind, accident"
    )
    found: dict[int, dict[str, int]] = {
        m: {"filed_other": 0, "filed_accident": 0, "penalties_fen": 0}
        for m in range(1, end.month + 1)
    }
    for month, kind, accident, quantity, amount in run(sql, params):
        figures = found[int(str(month)[5:7])]
        if kind == "filed":
            figures["filed_accident" if int(accident) else "filed_other"] += int(quantity or 0)
        else:
            figures["penalties_fen"] += int(amount or 0)
    return [MonthFigures(m, **f) for m, f in sorted(found.items())]
