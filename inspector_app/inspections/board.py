"""The hazard board and an enterprise's hazard counts: what the screens list (reading only).

The board lists hazards of signed inspections with the state their events lead to
(``hazards.derive``); ``closure_check`` counts for 安全生产法 Art. 113 and ``major_counts``
for listed supervision.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import Any

from inspector_app.cases import repeat
from inspector_app.inspections.hazards import (
    EVENT_COLUMNS,
    HAZARD_COLUMNS,
    Event,
    HazardState,
    derive,
    event_from_row,
    state,
)


@dataclass(frozen=True)
class BoardFilter:
    """What the hazard board shows: ``view`` is open | due_week | overdue | closed | all."""

    view: str = "open"
    county_code: str | None = None
    town_code: str | None = None
    industry: str | None = None
    major: bool | None = None
    enterprise_id: str | None = None


@dataclass(frozen=True)
class BoardRow:
    hazard: dict[str, Any]
    enterprise_name: str
    state: HazardState


def board(conn: sqlite3.Connection, today: dt.date, flt: BoardFilter) -> list[BoardRow]:
    """Hazards of signed inspections matching the filter, most urgent first."""
    where = ["i.status = 'signed'", "h.withdrawn = 0"]
    params: list[Any] = []
    for column, value in (
        ("h.county_code", flt.county_code),
        ("h.town_code", flt.town_code),
        ("h.supervision_industry", flt.industry),
        ("h.enterprise_id", flt.enterprise_id),
    ):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if flt.major is not None:
        where.append("h.major = ?")
        params.append(int(flt.major))
    columns = ", ".join(f"h.{c}" for c in HAZARD_COLUMNS)
    rows = conn.execute(
        f"SELECT {columns}, coalesce(e.name, '') FROM hazard h "
        "JOIN inspection i ON i.id = h.inspection_id "
        "LEFT JOIN enterprise e ON e.id = h.enterprise_id "
        f"WHERE {' AND '.join(where)}",
        params,
    ).fetchall()
    by_hazard: dict[str, list[Event]] = {}
    ids = [r[0] for r in rows]
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        for r in conn.execute(
            f"SELECT {EVENT_COLUMNS} FROM hazard_event WHERE hazard_id IN "
            f"({', '.join('?' * len(part))})",
            part,
        ):
            by_hazard.setdefault(r[1], []).append(event_from_row(r))
    out: list[BoardRow] = []
    for r in rows:
        derived = derive(by_hazard.get(r[0], []))
        keep = {
            "open": derived.is_open,
            "due_week": derived.due_within(today, 7),
            "overdue": derived.overdue(today),
            "closed": not derived.is_open,
            "all": True,
        }[flt.view]
        if keep:
            out.append(BoardRow(dict(zip(HAZARD_COLUMNS, r[:-1], strict=True)), r[-1], derived))
    far = dt.date.max
    out.sort(key=lambda b: (b.state.deadline or far, b.hazard["found_on"], b.hazard["id"]))
    return out


@dataclass(frozen=True)
class ClosureCheck:
    """安全生产法 Art. 113 (一): 存在重大事故隐患, 一百八十日内三次或者一年内四次受到本法规定的
    行政处罚 — a major hazard present *and* penalties received in a window; then closure must be
    proposed to the government. A major hazard is present until its rectification is accepted
    (closed): one escalated to a case still counts, the case does not remove it."""

    counts: tuple[tuple[int, int, int], ...]  # (days, threshold, count)
    major_present: int = 0  # major hazards of the enterprise not closed

    @property
    def penalties_met(self) -> bool:
        return any(count >= threshold for _, threshold, count in self.counts)

    @property
    def triggered(self) -> bool:
        return self.major_present > 0 and self.penalties_met


def closure_check(conn: sqlite3.Connection, enterprise_id: str, today: dt.date) -> ClosureCheck:
    """The penalties the enterprise received in each window (``cases.repeat``) and its major
    hazards not closed."""
    present = sum(1 for i in _major_ids(conn, enterprise_id) if state(conn, i).state != "closed")
    return ClosureCheck(repeat.closure_counts(conn, enterprise_id, today), present)


def _major_ids(conn: sqlite3.Connection, enterprise_id: str) -> list[str]:
    """The enterprise's major hazards recorded in signed inspections, not withdrawn."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT h.id FROM hazard h JOIN inspection i ON i.id = h.inspection_id "
            "WHERE h.enterprise_id = ? AND h.major = 1 AND i.status = 'signed' "
            "AND h.withdrawn = 0",
            (enterprise_id,),
        )
    ]


def major_counts(conn: sqlite3.Connection, enterprise_id: str) -> tuple[int, int]:
    """(major hazards found, of which still open) for an enterprise — listed supervision."""
    ids = _major_ids(conn, enterprise_id)
    return len(ids), sum(1 for i in ids if state(conn, i).is_open)
