"""Hazard figures per county-level unit for the reports' charts: hazards found in a period,
how many of them are closed (the closure rate), how many are open and how many overdue on the
report's day. Each hazard's state comes from the hazard board's derivation (``board.board``), so
a chart never disagrees with the board.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from inspector_app.inspections import board
from inspector_app.registry.jurisdictions import JurisdictionTree


@dataclass(frozen=True)
class HazardFigures:
    code: str  # county-level unit
    found: int = 0
    closed: int = 0
    open: int = 0
    overdue: int = 0

    @property
    def closure_rate(self) -> Decimal | None:
        """Closed of found, in percent with one decimal; None when none was found."""
        if not self.found:
            return None
        return (Decimal(self.closed) * 100 / self.found).quantize(Decimal("0.1"), ROUND_HALF_UP)


def by_unit(
    conn: sqlite3.Connection, tree: JurisdictionTree, first: dt.date, today: dt.date
) -> list[HazardFigures]:
    """Hazards found from ``first`` to ``today`` per county-level unit, in the tree's order
    (every unit listed, those with none too)."""
    counts: dict[str, list[int]] = {u.code: [0, 0, 0, 0] for u in tree.reporting_units()}
    for row in board.board(conn, today, board.BoardFilter(view="all")):
        found_on = dt.date.fromisoformat(str(row.hazard["found_on"])[:10])
        if not first <= found_on <= today:
            continue
        code = tree.reporting_unit(
            str(row.hazard["supervising_unit"] or row.hazard["county_code"])
        ).code
        figures = counts.setdefault(code, [0, 0, 0, 0])
        figures[0] += 1
        if row.state.is_open:
            figures[2] += 1
            figures[3] += int(row.state.overdue(today))
        else:
            figures[1] += 1
    return [HazardFigures(code, *f) for code, f in counts.items()]
