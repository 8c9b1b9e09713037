"""Progress of the plans, live from the inspections that really happened.

A task is **done** when a signed inspection of its enterprise took place in the task's year, on
or after the day the task was made, and no earlier task of that enterprise took that
inspection: tasks are matched in the order of their planned days with the earliest inspection
left. A task not done is **overdue** once its planned day has passed, **scheduled** before;
a cancelled task (or one of a redrawn draw) counts apart. Nothing is stored: every figure is
computed from the tasks and the ``inspection`` table when asked.

Also here: the key-supervised enterprises of a unit not inspected yet this year, and the
coverage of a plan's targets (distinct enterprises of each category inspected this year).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from inspector_app.plans import common, consistency, tasks
from inspector_app.plans.parameters import Parameters, default_parameters
from inspector_app.plans.pools import supervisors_of
from inspector_app.registry import delegations
from inspector_app.registry.jurisdictions import JurisdictionTree

STATUSES = {
    "done": common.Label("已完成", "Done"),
    "scheduled": common.Label("待检查", "Scheduled"),
    "overdue": common.Label("逾期未检查", "Overdue"),
    "cancelled": common.Label("已取消", "Cancelled"),
}


def task_statuses(
    task_rows: Iterable[Mapping[str, Any]],
    inspection_days: Mapping[str, Sequence[str]],
    today: dt.date,
) -> dict[str, str]:
    """task id → done | scheduled | overdue | cancelled (see the module docstring).

    ``task_rows``: id, enterprise_id, due_on, cancelled_on, made_on (the day it was made);
    ``inspection_days``: enterprise id → ISO days of its signed inspections."""
    out: dict[str, str] = {}
    by_firm: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for t in task_rows:
        if t["cancelled_on"]:
            out[t["id"]] = "cancelled"
        else:
            by_firm[t["enterprise_id"]].append(t)
    for firm, found in by_firm.items():
        days = sorted(d for d in inspection_days.get(firm, ()) if d <= today.isoformat())
        used = [False] * len(days)
        for t in sorted(found, key=lambda t: (t["due_on"], t["id"])):
            year = t["due_on"][:4]
            match = next(
                (
                    n
                    for n, d in enumerate(days)
                    if not used[n] and d[:4] == year and d >= t["made_on"]
                ),
                None,
            )
            if match is not None:
                used[match] = True
                out[t["id"]] = "done"
            else:
                out[t["id"]] = "overdue" if t["due_on"] < today.isoformat() else "scheduled"
    return out


@dataclass
class Counts:
    total: int = 0
    done: int = 0
    scheduled: int = 0
    overdue: int = 0
    cancelled: int = 0

    def add(self, status: str) -> None:
        self.total += 1
        setattr(self, status, getattr(self, status) + 1)

    @property
    def rate(self) -> float:
        """Done over the tasks not cancelled (0 when there are none)."""
        live = self.total - self.cancelled
        return self.done / live if live else 0.0

    def row(self) -> list[object]:
        return [
            self.total,
            self.done,
            self.scheduled,
            self.overdue,
            self.cancelled,
            f"{self.rate:.0%}",
        ]


PROGRESS_HEADERS = ("单位", "任务数", "已完成", "待检查", "逾期未检查", "已取消", "完成率")
_TASK_COLUMNS = (
    "id",
    "enterprise_id",
    "due_on",
    "cancelled_on",
    "county_code",
    "town_code",
    "supervising_unit",
    "kind",
    "covert",
    "officer_ids",
    "created_by",
    "source_table",
    "source_id",
)


def _tasks(conn: sqlite3.Connection, where: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    rows = conn.execute(
        f"SELECT {', '.join(_TASK_COLUMNS)}, substr(created_at, 1, 10) FROM plan_task "
        f"WHERE {where}",
        params,
    )
    out = [dict(zip((*_TASK_COLUMNS, "made_on"), r, strict=True)) for r in rows]
    # tasks of a draw that was redrawn count as cancelled
    redrawn = {
        r[0] for r in conn.execute("SELECT redraw_of FROM random_draw WHERE redraw_of <> ''")
    }
    for t in out:
        if (
            t["source_table"] == "random_draw"
            and t["source_id"] in redrawn
            and not t["cancelled_on"]
        ):
            t["cancelled_on"] = "redrawn"
    return out


def _visible(
    rows: list[dict[str, Any]], viewer: delegations.Actor | None, tree: JurisdictionTree
) -> list[dict[str, Any]]:
    if viewer is None:
        return rows
    return [r for r in rows if tasks.may_see(r, viewer, tree)]


def _signed_days(conn: sqlite3.Connection, year: int, today: dt.date) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for firm, day in conn.execute(
        "SELECT enterprise_id, substr(started_at, 1, 10) FROM inspection WHERE status = 'signed' "
        "AND started_at >= ? AND started_at < ? AND substr(started_at, 1, 10) <= ?",
        (f"{year}-01-01", f"{year + 1}-01-01", today.isoformat()),
    ):
        out[firm].append(day)
    return out


def plan_progress(
    conn: sqlite3.Connection,
    tree: JurisdictionTree,
    plan_id: str,
    year: int,
    today: dt.date,
    viewer: delegations.Actor | None = None,
) -> tuple[Counts, dict[str, str]]:
    """The plan's counts and each task's status."""
    rows = _visible(_tasks(conn, "plan_id = ?", (plan_id,)), viewer, tree)
    statuses = task_statuses(rows, _signed_days(conn, year, today), today)
    counts = Counts()
    for status in statuses.values():
        counts.add(status)
    return counts, statuses


TASK_HEADERS = ("单位名称", "类型", "计划检查日期", "检查人员", "状态")


YearTasks = tuple[list[dict[str, Any]], dict[str, str]]


def year_tasks(
    conn: sqlite3.Connection,
    tree: JurisdictionTree,
    year: int,
    today: dt.date,
    viewer: delegations.Actor | None = None,
) -> YearTasks:
    """Every task planned in the year that ``viewer`` may see, with each task's status."""
    rows = _visible(
        _tasks(conn, "due_on >= ? AND due_on < ?", (f"{year}-01-01", f"{year + 1}-01-01")),
        viewer,
        tree,
    )
    return rows, task_statuses(rows, _signed_days(conn, year, today), today)


def county_progress(
    conn: sqlite3.Connection,
    tree: JurisdictionTree,
    year: int,
    today: dt.date,
    viewer: delegations.Actor | None = None,
    found: YearTasks | None = None,
) -> list[list[object]]:
    """Every task of the year by county-level unit, then the city total (``PROGRESS_HEADERS``);
    ``found``: ``year_tasks`` already computed for the same year, day and viewer."""
    rows, statuses = found or year_tasks(conn, tree, year, today, viewer)
    by_unit: dict[str, Counts] = defaultdict(Counts)
    total = Counts()
    for t in rows:
        sup = t["supervising_unit"]
        unit = tree.reporting_unit(sup).code if sup in tree.units else t["county_code"]
        by_unit[unit].add(statuses[t["id"]])
        total.add(statuses[t["id"]])
    out: list[list[object]] = [
        [u.name, *by_unit[u.code].row()] for u in tree.reporting_units() if u.code in by_unit
    ]
    out.append(["合计", *total.row()])
    return out


def _area(tree: JurisdictionTree, unit_code: str) -> tuple[str, list[str]]:
    """A WHERE clause on ``enterprise`` (alias e) for what a unit holds."""
    unit = tree.units[unit_code]
    if unit.level == "city":
        return "1", []
    if unit.level == "town":
        return "e.town_code = ?", [unit_code]
    sups = supervisors_of(tree, unit_code)
    return f"e.supervising_unit IN ({', '.join('?' * len(sups))})", sups


KEY_HEADERS = ("单位名称", "所属县（市、区）", "所属镇（街道）", "风险等级")


def key_not_inspected(
    conn: sqlite3.Connection, tree: JurisdictionTree, unit_code: str, year: int, today: dt.date
) -> list[dict[str, Any]]:
    """Key-supervised enterprises the unit holds without a signed inspection this year so far
    (重点监管企业一个不能少), by name."""
    clause, params = _area(tree, unit_code)
    rows = conn.execute(
        "SELECT e.id, e.name, e.county_code, e.town_code, e.risk_level FROM enterprise e "
        f"WHERE e.key_supervised = 1 AND {clause} AND NOT EXISTS (SELECT 1 FROM inspection i "
        "WHERE i.enterprise_id = e.id AND i.status = 'signed' AND i.started_at >= ? "
        # ``+e.name``: sort the few key enterprises found rather than walk the whole registry
        # in name order (the name index), 0.15 s instead of 2-3 s at city scale
        "AND substr(i.started_at, 1, 10) <= ?) ORDER BY +e.name",
        (*params, f"{year}-01-01", today.isoformat()),
    )
    keys = ("id", "name", "county_code", "town_code", "risk_level")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def key_rows(tree: JurisdictionTree, found: Iterable[Mapping[str, Any]]) -> list[list[object]]:
    def name(code: str | None) -> str:
        return tree.units[code].name if code and code in tree.units else ""

    return [
        [
            f["name"],
            name(f["county_code"]),
            name(f["town_code"]),
            consistency.risk_name(f["risk_level"]),
        ]
        for f in found
    ]


@dataclass(frozen=True)
class Coverage:
    category: str
    risk_level: str
    target: int
    covered: int

    @property
    def short(self) -> int:
        return max(self.target - self.covered, 0)


COVERAGE_HEADERS = ("类别", "风险等级", "目标（家）", "已检查（家）", "差额（家）")


def coverage(
    conn: sqlite3.Connection,
    tree: JurisdictionTree,
    plan: Mapping[str, Any],
    targets: Iterable[Mapping[str, Any]],
    today: dt.date,
    params: Parameters | None = None,
) -> list[Coverage]:
    """For each of the plan's own targets: distinct enterprises of the category and risk level
    the plan's unit holds that had a signed inspection this year (up to ``today``)."""
    params = params or default_parameters()
    year = int(plan["year"])
    clause, area = _area(tree, str(plan["unit_code"]))
    fields = (
        "id",
        "supervising_unit",
        "town_code",
        "risk_level",
        "above_size",
        "key_supervised",
        "supervision_industry",
        "kind",
        "industry_section",
    )
    rows = conn.execute(
        f"SELECT {', '.join('e.' + f for f in fields)} FROM enterprise e WHERE {clause} AND "
        "EXISTS (SELECT 1 FROM inspection i WHERE i.enterprise_id = e.id AND i.status = 'signed' "
        "AND i.started_at >= ? AND substr(i.started_at, 1, 10) <= ?)",
        (*area, f"{year}-01-01", today.isoformat()),
    ).fetchall()
    ops = consistency.operations_by_enterprise(conn)
    inspected = [dict(zip(fields, r, strict=True)) for r in rows]
    cats = [
        (e["risk_level"], consistency.categories_of(e, ops.get(e["id"], frozenset()), params))
        for e in inspected
    ]
    out = []
    for t in targets:
        if t["unit_code"] != plan["unit_code"]:
            continue
        covered = sum(
            1
            for risk, c in cats
            if t["category"] in c and (not t["risk_level"] or risk == t["risk_level"])
        )
        out.append(Coverage(t["category"], t["risk_level"], int(t["count"]), covered))
    return out


def coverage_rows(
    found: Iterable[Coverage], params: Parameters | None = None
) -> list[list[object]]:
    params = params or default_parameters()
    return [
        [
            params.categories[c.category].zh,
            consistency.risk_name(c.risk_level),
            c.target,
            c.covered,
            c.short,
        ]
        for c in found
    ]
