"""一公开: the lists a draw publishes, as rows with their column headers (for the screens and
the shared Excel/PDF export), and the record of each publication.

* ``draw_rows`` — the draw's result: who is checked, by whom, on which planned day.
* ``results_rows`` — the results of the checks, each due for publication within the configured
  working days after the inspection (``plans.json``: 20 working days, counted with the holiday
  calendar of ``cases.workdays``), with its state: not yet inspected, to publish by a date,
  published, or late.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from inspector_app.cases.workdays import Calendar, add_working_days
from inspector_app.plans import common
from inspector_app.plans.common import Collect, PlanError
from inspector_app.plans.parameters import Parameters, default_parameters
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.facts import Facts

KINDS = {
    "draw": common.Label("抽取结果公示", "Publication of the draw"),
    "results": common.Label("检查结果公示", "Publication of the results"),
}
FIELDS = ("draw_id", "kind", "published_on", "channel", "reference", "created_by")


def check_publication(data: Mapping[str, Any], facts: Facts, today: dt.date) -> dict[str, Any]:
    c = Collect()
    draw = c.field(
        "draw_id", lambda: common.require(facts, "random_draw", data.get("draw_id"), "redraw_of")
    )
    c.field("kind", lambda: common.one_of(data.get("kind"), "kind", KINDS))
    if draw is not None:
        c.out["draw_id"] = draw["id"]
        first = dt.date.fromisoformat(draw["drawn_on"])
        c.field(
            "published_on",
            lambda: common.evidence_day(
                data.get("published_on"), "published_on", today, first, common.label("drawn_on")
            ),
        )
    c.field("channel", lambda: common.text(data.get("channel"), "publication_ref", 100))
    c.field("reference", lambda: common.text(data.get("reference"), "publication_ref", 300, False))
    c.field("created_by", lambda: common.text(data.get("created_by"), "created_by", 64))
    out = c.done()
    return {f: out.get(f) for f in FIELDS}


def record_publication(
    uow: UnitOfWork, facts: Facts, values: Mapping[str, Any], today: dt.date | None = None
) -> str:
    record = check_publication(
        {**values, "created_by": uow.author}, facts, common.today_of(uow, today)
    )
    return uow.insert("random_draw_publication", record)


def due(calendar: Calendar, inspected_on: dt.date, params: Parameters | None = None) -> dt.date:
    """The last day to publish a check's result."""
    params = params or default_parameters()
    return add_working_days(calendar, inspected_on, params.publication_working_days)


DRAW_HEADERS = (
    "序号",
    "单位名称",
    "统一社会信用代码",
    "所属县（市、区）",
    "检查人员",
    "计划检查日期",
)
RESULT_HEADERS = (
    "序号",
    "单位名称",
    "统一社会信用代码",
    "检查日期",
    "检查结果",
    "公示期限",
    "公示状态",
)


def _draw(conn: sqlite3.Connection, draw_id: str) -> tuple[dict[str, Any], list[Any]]:
    row = conn.execute(
        "SELECT drawn_on, planned_on, result FROM random_draw WHERE id = ?", (draw_id,)
    ).fetchone()
    if row is None:
        raise PlanError("not_found", "找不到该抽取记录。", f"No draw {draw_id}.")
    return {"drawn_on": row[0], "planned_on": row[1]}, json.loads(row[2])


def _enterprises(conn: sqlite3.Connection, ids: list[str]) -> dict[str, tuple[str, str, str]]:
    out: dict[str, tuple[str, str, str]] = {}
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        for r in conn.execute(
            "SELECT e.id, e.name, e.uscc, coalesce(j.name, '') FROM enterprise e LEFT JOIN "
            "jurisdiction j ON j.code = e.county_code WHERE e.id IN "
            f"({', '.join('?' * len(part))})",
            part,
        ):
            out[r[0]] = (r[1], r[2], r[3])
    return out


def draw_rows(conn: sqlite3.Connection, draw_id: str) -> list[list[object]]:
    """The draw's list (``DRAW_HEADERS``)."""
    head, result = _draw(conn, draw_id)
    firms = _enterprises(conn, [r[0] for r in result])
    officers = {r[0]: r[1] for r in conn.execute("SELECT id, name FROM officer")}
    rows: list[list[object]] = []
    for n, (firm, team) in enumerate(result, 1):
        name, uscc, county = firms.get(firm, (firm, "", ""))
        people = "、".join(officers.get(o, o) for o in team)
        rows.append([n, name, uscc, county, people, head["planned_on"]])
    return rows


def results_rows(
    conn: sqlite3.Connection,
    draw_id: str,
    calendar: Calendar,
    today: dt.date,
    params: Parameters | None = None,
) -> list[list[object]]:
    """The results to publish (``RESULT_HEADERS``): the first signed inspection of each drawn
    enterprise on or after the draw, the hazards it found, and the publication deadline."""
    head, result = _draw(conn, draw_id)
    firms = _enterprises(conn, [r[0] for r in result])
    published = [
        r[0]
        for r in conn.execute(
            "SELECT published_on FROM random_draw_publication WHERE draw_id = ? "
            "AND kind = 'results'",
            (draw_id,),
        )
    ]
    rows: list[list[object]] = []
    for n, (firm, _team) in enumerate(result, 1):
        name, uscc, _county = firms.get(firm, (firm, "", ""))
        found = conn.execute(
            "SELECT id, substr(started_at, 1, 10) FROM inspection WHERE enterprise_id = ? "
            "AND status = 'signed' AND substr(started_at, 1, 10) >= ? ORDER BY started_at LIMIT 1",
            (firm, head["drawn_on"]),
        ).fetchone()
        if found is None:
            rows.append([n, name, uscc, "", "尚未检查", "", "未检查"])
            continue
        day = dt.date.fromisoformat(found[1])
        hazards = conn.execute(
            "SELECT count(*) FROM hazard WHERE inspection_id = ? AND withdrawn = 0", (found[0],)
        ).fetchone()[0]
        outcome = f"发现隐患{hazards}项，已责令整改" if hazards else "未发现问题"
        last = due(calendar, day, params)
        if any(p >= found[1] for p in published):
            state = "已公示"
        elif today > last:
            state = "逾期未公示"
        else:
            state = "待公示"
        rows.append([n, name, uscc, found[1], outcome, last.isoformat(), state])
    return rows
