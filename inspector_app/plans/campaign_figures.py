"""The figures of a campaign: by supervision group and county, from the daily reports in force
and the problems tracked in the closed loop — the dashboard and its export."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from inspector_app.plans import common
from inspector_app.plans.campaigns import (
    EVENT_FIELDS,
    PROBLEM_FIELDS,
    REPORT_FIELDS,
    ProblemState,
    derive,
)

# -- the summary -----------------------------------------------------------------------------------

SUMMARY_HEADERS = (
    "督查组",
    "县（市、区）",
    "检查单位数",
    "发现问题数",
    "当场整改",
    "立案查处",
    "跟踪问题",
    "已整改",
    "已移交",
    "整改中",
    "逾期未改",
)


@dataclass
class Figures:
    checks: int = 0
    problems: int = 0
    rectified_on_spot: int = 0
    cases: int = 0
    tracked: int = 0
    rectified: int = 0
    escalated: int = 0
    open: int = 0
    overdue: int = 0

    def row(self) -> list[int]:
        return [
            self.checks,
            self.problems,
            self.rectified_on_spot,
            self.cases,
            self.tracked,
            self.rectified,
            self.escalated,
            self.open,
            self.overdue,
        ]

    def add(self, other: Figures) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def figures(
    reports: Iterable[Mapping[str, Any]],
    problems: Iterable[Mapping[str, Any]],
    events: Mapping[str, Sequence[Mapping[str, Any]]],
    today: dt.date,
) -> dict[tuple[str, str], Figures]:
    """(group id, county) → figures, from the reports in force and the tracked problems."""
    out: dict[tuple[str, str], Figures] = {}
    reports = list(reports)
    replaced = {r["supersedes_id"] for r in reports if r["supersedes_id"]}
    for r in reports:
        if r["id"] in replaced:
            continue
        f = out.setdefault((r["group_id"], r["county_code"]), Figures())
        f.checks += int(r["checks"])
        f.problems += int(r["problems"])
        f.rectified_on_spot += int(r["rectified"])
        f.cases += int(r["cases"])
    for p in problems:
        f = out.setdefault((p["group_id"], p["county_code"]), Figures())
        state = derive(p, events.get(p["id"], ()))
        f.tracked += 1
        if state.state == "rectified":
            f.rectified += 1
        elif state.state == "escalated":
            f.escalated += 1
        else:
            f.open += 1
            f.overdue += int(state.overdue(today))
    return out


def summary(
    conn: sqlite3.Connection, campaign_id: str, today: dt.date, unit_names: Mapping[str, str]
) -> list[list[object]]:
    """The campaign summary (figures by group and county, group totals, a grand total), for
    the dashboard and export (``SUMMARY_HEADERS``)."""
    facts_rows = _rows(conn, "campaign_report", REPORT_FIELDS, campaign_id)
    problems = _rows(conn, "campaign_problem", PROBLEM_FIELDS, campaign_id)
    events: dict[str, list[dict[str, Any]]] = {}
    for row in conn.execute(
        f"SELECT e.id, {', '.join('e.' + f for f in EVENT_FIELDS)}, e.created_at FROM "
        "campaign_problem_event e JOIN campaign_problem p ON p.id = e.problem_id "
        "WHERE p.campaign_id = ?",
        (campaign_id,),
    ):
        event = dict(zip(("id", *EVENT_FIELDS, "created_at"), row, strict=True))
        events.setdefault(event["problem_id"], []).append(event)
    found = figures(facts_rows, problems, events, today)
    # groups in the order they were formed (ids are time-ordered): 第一, 第二 … 第九, not by the
    # code points of their names (第一, 第七, 第三 …)
    groups = conn.execute(
        "SELECT id, name, counties FROM campaign_group WHERE campaign_id = ? ORDER BY id",
        (campaign_id,),
    ).fetchall()
    rows: list[list[object]] = []
    total = Figures()
    for group_id, name, counties in groups:
        group_total = Figures()
        for county in common.id_list(counties):
            f = found.get((group_id, county), Figures())
            group_total.add(f)
            rows.append([name, unit_names.get(county, county), *f.row()])
        rows.append([name, "小计", *group_total.row()])
        total.add(group_total)
    rows.append(["合计", "", *total.row()])
    return rows


def _rows(
    conn: sqlite3.Connection, table: str, fields: Sequence[str], campaign_id: str
) -> list[dict[str, Any]]:
    columns = ("id", *fields, "created_at")
    return [
        dict(zip(columns, r, strict=True))
        for r in conn.execute(
            f"SELECT {', '.join(columns)} FROM {table} WHERE campaign_id = ?", (campaign_id,)
        )
    ]


def open_problems(
    conn: sqlite3.Connection, campaign_id: str, today: dt.date
) -> list[tuple[dict[str, Any], ProblemState]]:
    """Problems not yet rectified or escalated, overdue first (the dashboard's to-do list)."""
    problems = _rows(conn, "campaign_problem", PROBLEM_FIELDS, campaign_id)
    out = []
    for p in problems:
        events = [
            dict(zip(("id", *EVENT_FIELDS, "created_at"), r, strict=True))
            for r in conn.execute(
                f"SELECT id, {', '.join(EVENT_FIELDS)}, created_at FROM campaign_problem_event "
                "WHERE problem_id = ?",
                (p["id"],),
            )
        ]
        state = derive(p, events)
        if state.state == "open":
            out.append((p, state))
    out.sort(key=lambda ps: (not ps[1].overdue(today), ps[1].deadline or dt.date.max))
    return out
