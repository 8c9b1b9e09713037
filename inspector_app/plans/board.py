"""What the planning board shows: the year's plans of the city, its county-level units and
towns as one tree with their live progress, a plan's tasks with their status, and the people a
plan is approved or carried out by. Every figure comes from ``progress`` (nothing stored);
covert tasks are left out for whoever ``tasks.may_see`` refuses."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field

from inspector_app.plans import common, progress, tasks
from inspector_app.plans.plans import APPROVER_ROLES, LEVELS
from inspector_app.registry import delegations
from inspector_app.registry.jurisdictions import JurisdictionTree

LEVEL_ORDER = {level: n for n, level in enumerate(LEVELS)}


@dataclass(frozen=True)
class PlanNode:
    id: str
    parent_id: str
    year: int
    level: str
    unit_code: str
    unit_name: str
    title: str
    status: str
    approved_on: str
    named: int
    targets: int
    counts: progress.Counts = field(default_factory=progress.Counts)


@dataclass(frozen=True)
class TaskRow:
    id: str
    enterprise_id: str
    enterprise_name: str
    kind: str
    due_on: str
    officer_ids: tuple[str, ...]
    team: str  # the officers' names
    status: str  # done | scheduled | overdue | cancelled
    covert: bool
    drawn: bool  # made by a 双随机 draw: its team is not changed by hand


def year_board(
    conn: sqlite3.Connection,
    tree: JurisdictionTree,
    year: int,
    today: dt.date,
    viewer: delegations.Actor | None = None,
    found: progress.YearTasks | None = None,
) -> list[PlanNode]:
    """The plans of the year in force (corrected ones left out), parents before children,
    each with the counts of its tasks (one pass over the year's tasks)."""
    rows = conn.execute(
        "SELECT p.id, p.parent_id, p.year, p.level, p.unit_code, p.title, p.status, "
        "p.approved_on, (SELECT count(*) FROM plan_enterprise n WHERE n.plan_id = p.id "
        "AND n.withdrawn = 0), (SELECT count(*) FROM plan_target t WHERE t.plan_id = p.id) "
        "FROM inspection_plan p WHERE p.year = ? AND NOT EXISTS (SELECT 1 FROM inspection_plan "
        "s WHERE s.supersedes_id = p.id)",
        (year,),
    ).fetchall()
    tasks_found, statuses = found or progress.year_tasks(conn, tree, year, today, viewer)
    plan_of = dict(
        conn.execute(
            "SELECT id, plan_id FROM plan_task WHERE due_on >= ? AND due_on < ? AND plan_id <> ''",
            (f"{year}-01-01", f"{year + 1}-01-01"),
        ).fetchall()
    )
    by_plan: dict[str, progress.Counts] = defaultdict(progress.Counts)
    for t in tasks_found:
        plan_id = plan_of.get(t["id"])
        if plan_id:
            by_plan[plan_id].add(statuses[t["id"]])
    out = [
        PlanNode(
            r[0],
            r[1] or "",
            int(r[2]),
            r[3],
            r[4],
            tree.units[r[4]].name if r[4] in tree.units else r[4],
            r[5],
            r[6],
            r[7] or "",
            int(r[8]),
            int(r[9]),
            by_plan.get(r[0], progress.Counts()),
        )
        for r in rows
    ]
    out.sort(key=lambda n: (LEVEL_ORDER.get(n.level, 9), n.unit_code, n.id))
    return out


def plan_tasks(
    conn: sqlite3.Connection,
    tree: JurisdictionTree,
    plan_id: str,
    year: int,
    today: dt.date,
    viewer: delegations.Actor | None = None,
    found: progress.YearTasks | None = None,
) -> list[TaskRow]:
    """The plan's tasks the viewer may see, by planned day then enterprise (``found``: the
    year's tasks when already computed)."""
    year_found, statuses = found or progress.year_tasks(conn, tree, year, today, viewer)
    mine = {
        r[0]
        for r in conn.execute("SELECT id FROM plan_task WHERE plan_id = ?", (plan_id,)).fetchall()
    }
    rows = [t for t in year_found if t["id"] in mine]
    names = dict(
        conn.execute(
            "SELECT e.id, e.name FROM enterprise e JOIN plan_task t ON t.enterprise_id = e.id "
            "WHERE t.plan_id = ?",
            (plan_id,),
        ).fetchall()
    )
    people = dict(conn.execute("SELECT id, name FROM officer").fetchall())
    out = []
    for t in rows:
        team = tuple(common.id_list(t["officer_ids"]))
        out.append(
            TaskRow(
                t["id"],
                t["enterprise_id"],
                str(names.get(t["enterprise_id"], t["enterprise_id"])),
                t["kind"],
                t["due_on"],
                team,
                "、".join(people.get(o, o) for o in team),
                statuses[t["id"]],
                tasks.is_covert(t),
                t["source_table"] == "random_draw",
            )
        )
    out.sort(key=lambda r: (r.due_on, r.enterprise_name, r.id))
    return out


def task_rows(
    conn: sqlite3.Connection,
    tree: JurisdictionTree,
    plan_id: str,
    year: int,
    today: dt.date,
    viewer: delegations.Actor | None = None,
) -> list[list[object]]:
    """The plan's tasks as the export writes them (``progress.TASK_HEADERS``): the board's own
    rows, worded."""
    return [
        [
            r.enterprise_name,
            tasks.KINDS[r.kind].zh,
            r.due_on,
            r.team or "（未分组）",
            progress.STATUSES[r.status].zh,
        ]
        for r in plan_tasks(conn, tree, plan_id, year, today, viewer)
    ]


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    unit_code: str
    role: str


def approvers(conn: sqlite3.Connection) -> list[Person]:
    """Active officers who may approve a plan (负责人), by unit and name."""
    marks = ", ".join("?" * len(APPROVER_ROLES))
    return [
        Person(*r)
        for r in conn.execute(
            f"SELECT id, name, unit_code, role FROM officer WHERE active = 1 AND role IN ({marks}) "
            "ORDER BY unit_code, name",
            sorted(APPROVER_ROLES),
        )
    ]


def certified(conn: sqlite3.Connection, day: dt.date) -> list[Person]:
    """Active enforcement officers with a certificate valid on ``day`` (a team is checked
    again by ``tasks.assign_team``: recusal, avoidance)."""
    return [
        Person(*r)
        for r in conn.execute(
            "SELECT o.id, o.name, o.unit_code, o.role FROM officer o WHERE o.active = 1 AND "
            "o.role IN ('city', 'county', 'park', 'township') AND EXISTS (SELECT 1 FROM "
            "enforcement_certificate c WHERE c.officer_id = o.id AND c.revoked = 0 "
            "AND c.issued_on <= ?1 AND c.expires_on >= ?1) ORDER BY o.unit_code, o.name",
            (day.isoformat(),),
        )
    ]
