"""Annual inspection plans (年度监督检查计划, 安全生产法 Art. 62: 分类分级) at three levels.

A plan belongs to a unit and a year: the city's (level ``city``), a county-level unit's
(``county``: a county or a functional zone) or a town's (``town``); every plan but the city's
names the plan above it (``parent_id``), the plan of the unit that plans for it (a town: the
zone that manages it or else its county).

A plan holds:

* **targets** (``plan_target``): by category (``resources/plans.json``) and risk level, how
  many enterprises are to be covered and how often, either by the planning unit itself
  (``unit_code`` = the plan's unit) or handed down to a unit below (an allocation);
* the **named enterprises** (``plan_enterprise``) each to be inspected ``visits`` times —
  重点监管企业一个不能少;
* the **random-check quota** (双随机 draws over the year) and the officers' **capacity**
  (inspections per officer a year; two officers an inspection).

A draft is edited freely; approval (``approve``) runs the consistency rules of
``inspector_app.plans.consistency`` and locks the plan and its rows (database triggers refuse
changes); a correction is a new plan that ``supersedes_id`` the old one. Approval goes top
down: a plan is approved only after the plan above it.

The plan turns into inspection tasks (``schedule_tasks``): one a visit of each named
enterprise, spread over the rest of the year.
"""

from __future__ import annotations

import calendar as cal
import datetime as dt
from collections.abc import Mapping
from typing import Any

from inspector_app.plans import common, consistency, tasks
from inspector_app.plans.common import Collect, PlanError, fail
from inspector_app.plans.parameters import RISK_LEVELS, Parameters, default_parameters
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.facts import Facts

LEVELS: dict[str, tuple[str, ...]] = {
    "city": ("city",),
    "county": ("county", "zone"),
    "town": ("town",),
}
LEVEL_NAMES = {
    "city": common.Label("市级", "City"),
    "county": common.Label("县级", "County"),
    "town": common.Label("镇（街道）级", "Town"),
}
STATUSES = {"draft": common.Label("草稿", "Draft"), "approved": common.Label("已批准", "Approved")}
REASONS = {
    "key": common.Label("重点监管", "Key-supervised"),
    "risk": common.Label("风险较高", "Higher risk"),
    "other": common.Label("其他", "Other"),
}
PLAN_FIELDS = (
    "year",
    "level",
    "unit_code",
    "parent_id",
    "title",
    "county_code",
    "town_code",
    "supervising_unit",
    "random_quota",
    "capacity_per_officer",
    "status",
    "approved_by",
    "approved_on",
    "supersedes_id",
    "note",
    "created_by",
)
TARGET_FIELDS = ("plan_id", "category", "risk_level", "unit_code", "count", "visits")
NAMED_FIELDS = ("plan_id", "enterprise_id", "visits", "reason", "withdrawn")
FIRST_YEAR = 2000
PARENT_APPROVED = common.Label("上级计划的批准日期", "the approval of the plan above")
APPROVER_ROLES = frozenset({"approver", "admin"})


def planning_parent(facts: Facts, unit: Mapping[str, Any]) -> str | None:
    """The unit whose plan a unit's plan answers to: none for the city, the city for a
    county-level unit, the managing zone or the county for a town."""
    if unit["level"] == "city":
        return None
    if unit["level"] in ("county", "zone"):
        return str(unit["parent_code"])
    return str(unit.get("supervising_unit") or unit["parent_code"])


# -- wire checks -----------------------------------------------------------------------------------


def check_inspection_plan(data: Mapping[str, Any], facts: Facts, today: dt.date) -> dict[str, Any]:
    c = Collect()
    year = c.field(
        "year", lambda: common.whole(data.get("year"), "year", FIRST_YEAR, today.year + 1)
    )
    level = c.field("level", lambda: common.one_of(data.get("level"), "level", LEVEL_NAMES))
    unit = None
    if level is not None:
        unit = c.field(
            "unit_code",
            lambda: common.require_unit(facts, data.get("unit_code"), "unit_code", LEVELS[level]),
        )
    if unit is not None:
        c.out["unit_code"] = unit["code"]
        c.out.update(common.place_of_unit(facts, unit["code"]))
        c.field("parent_id", lambda: _parent(facts, data.get("parent_id"), unit, year))
    c.field("title", lambda: common.text(data.get("title"), "title", 100))
    c.field(
        "random_quota", lambda: common.whole(data.get("random_quota", 0), "random_quota", 0, 10**6)
    )
    c.field(
        "capacity_per_officer",
        lambda: common.whole(
            data.get("capacity_per_officer") or default_parameters().inspections_per_officer_year,
            "capacity_per_officer",
            1,
            1000,
        ),
    )
    status = c.field(
        "status", lambda: common.one_of(data.get("status", "draft"), "status", STATUSES)
    )
    if status == "approved":
        c.text("approved_by", data.get("approved_by"), 64)
        # approved top down: not before the plan above was approved
        above = facts.get("inspection_plan", str(c.out.get("parent_id") or "")) or {}
        after = above.get("approved_on") or None
        c.evidence("approved_on", data.get("approved_on"), today, after, PARENT_APPROVED)
    else:
        c.out["approved_by"], c.out["approved_on"] = "", ""
    c.field("supersedes_id", lambda: _superseded(facts, data.get("supersedes_id"), c.out))
    c.field("note", lambda: common.text(data.get("note"), "note", 1000, required=False))
    c.field("created_by", lambda: common.text(data.get("created_by"), "created_by", 64))
    out = c.done()
    return {f: out.get(f) for f in PLAN_FIELDS}


def _parent(facts: Facts, parent_id: object, unit: Mapping[str, Any], year: int | None) -> str:
    above = planning_parent(facts, unit)
    if above is None:
        if parent_id:
            raise fail("parent_id", "city", "市级计划没有上级计划", "a city plan has no parent")
        return ""
    parent = common.require(facts, "inspection_plan", parent_id, "parent_id")
    if parent["unit_code"] != above or parent["year"] != year:
        raise fail(
            "parent_id",
            "mismatch",
            "上级计划应为上一级单位同一年度的计划",
            "must be the same year's plan of the unit above",
        )
    return str(parent["id"])


def _superseded(facts: Facts, value: object, out: Mapping[str, Any]) -> str:
    if not value:
        return ""
    old = common.require(facts, "inspection_plan", value, "supersedes_id")
    if old["unit_code"] != out.get("unit_code") or old["year"] != out.get("year"):
        raise fail(
            "supersedes_id", "mismatch", "只能更正本单位同一年度的计划", "same unit and year only"
        )
    return str(old["id"])


def _draft_plan(facts: Facts, plan_id: object) -> dict[str, Any]:
    plan = common.require(facts, "inspection_plan", plan_id, "plan_id")
    if plan["status"] != "draft":
        raise fail(
            "plan_id", "approved", "计划已批准，不能再修改；如需调整请制定更正计划", "is approved"
        )
    return plan


def check_plan_target(data: Mapping[str, Any], facts: Facts, today: dt.date) -> dict[str, Any]:
    params = default_parameters()
    c = Collect()
    plan = c.field("plan_id", lambda: _draft_plan(facts, data.get("plan_id")))
    if plan is not None:
        c.out["plan_id"] = plan["id"]
        c.field("unit_code", lambda: _target_unit(facts, data.get("unit_code"), plan))
    c.field("category", lambda: common.one_of(data.get("category"), "category", params.categories))
    risk = c.field("risk_level", lambda: _risk(data.get("risk_level", "")))
    c.field("count", lambda: common.whole(data.get("count"), "count", 0, 10**6))
    if risk is not None:
        cap = params.cap(risk)
        c.field("visits", lambda: common.whole(data.get("visits", 1), "visits", 1, cap))
    out = c.done()
    return {f: out.get(f) for f in TARGET_FIELDS}


def _risk(value: object) -> str:
    code = str(value or "")
    if code and code not in RISK_LEVELS:
        raise fail("risk_level", "choice", f"“{code}”不是风险等级", f"{code!r} is not a risk level")
    return code


def _target_unit(facts: Facts, value: object, plan: Mapping[str, Any]) -> str:
    code = str(value or plan["unit_code"])
    if code == plan["unit_code"]:
        return code
    unit = common.unit_of(facts, code)
    if unit is None or planning_parent(facts, unit) != plan["unit_code"]:
        raise fail(
            "unit_code",
            "not_below",
            "只能分配给本单位或其直接下级单位",
            "must be the plan's unit or a unit directly below it",
        )
    return code


def check_plan_enterprise(data: Mapping[str, Any], facts: Facts, today: dt.date) -> dict[str, Any]:
    params = default_parameters()
    c = Collect()
    plan = c.field("plan_id", lambda: _draft_plan(facts, data.get("plan_id")))
    found = c.field("enterprise_id", lambda: common.enterprise_of(facts, data.get("enterprise_id")))
    if found is not None:
        c.out["enterprise_id"] = found["id"]
        cap = params.cap(str(found["risk_level"]))
        default = params.frequency[str(found["risk_level"])].default
        c.field("visits", lambda: common.whole(data.get("visits") or default, "visits", 1, cap))
        if plan is not None and not consistency.unit_holds(
            facts, plan["unit_code"], consistency.Entry.of(found)
        ):
            c.add(
                fail(
                    "enterprise_id", "outside", "不在本计划单位的辖区内", "outside the plan's unit"
                )
            )
    if plan is not None:
        c.out["plan_id"] = plan["id"]
    c.field("reason", lambda: common.one_of(data.get("reason", "key"), "reason", REASONS))
    c.field("withdrawn", lambda: common.flag01(data.get("withdrawn", 0), "withdrawn"))
    out = c.done()
    return {f: out.get(f) for f in NAMED_FIELDS}


# -- writing ---------------------------------------------------------------------------------------


def create_plan(
    uow: UnitOfWork, facts: Facts, values: Mapping[str, Any], today: dt.date | None = None
) -> str:
    """A draft plan of a unit for a year; returns its id."""
    record = check_inspection_plan(
        {**values, "status": "draft", "created_by": uow.author}, facts, common.today_of(uow, today)
    )
    return uow.insert("inspection_plan", record, ("created_at", "updated_at"))


def update_plan(
    uow: UnitOfWork,
    facts: Facts,
    plan_id: str,
    values: Mapping[str, Any],
    today: dt.date | None = None,
) -> None:
    """Change a draft's title, random-check quota or officers' capacity (an approved plan is
    corrected by a new plan instead)."""
    old = _draft_plan(facts, plan_id)
    changed = {k: v for k, v in values.items() if k in ("title", "random_quota", "note")}
    if "capacity_per_officer" in values:
        changed["capacity_per_officer"] = values["capacity_per_officer"]
    record = check_inspection_plan({**old, **changed}, facts, common.today_of(uow, today))
    uow.update("inspection_plan", plan_id, old, record, touch=True)


def set_target(
    uow: UnitOfWork,
    facts: Facts,
    plan_id: str,
    values: Mapping[str, Any],
    today: dt.date | None = None,
) -> str:
    """Add a target row, or change the count and visits of the row with the same category,
    risk level and unit; returns the row's id."""
    record = check_plan_target({**values, "plan_id": plan_id}, facts, common.today_of(uow, today))
    key = {k: record[k] for k in ("plan_id", "category", "risk_level", "unit_code")}
    old = facts.find("plan_target", key)
    if old:
        uow.update("plan_target", old[0]["id"], old[0], record)
        return str(old[0]["id"])
    return uow.insert("plan_target", record)


def name_enterprise(
    uow: UnitOfWork,
    facts: Facts,
    plan_id: str,
    enterprise_id: str,
    visits: int | None = None,
    reason: str = "key",
    today: dt.date | None = None,
) -> str:
    """Name an enterprise the plan's unit inspects itself (or change its visits); ids stay."""
    values = {
        "plan_id": plan_id,
        "enterprise_id": enterprise_id,
        "visits": visits,
        "reason": reason,
    }
    record = check_plan_enterprise(values, facts, common.today_of(uow, today))
    old = facts.find("plan_enterprise", {"plan_id": plan_id, "enterprise_id": enterprise_id})
    if old:
        uow.update("plan_enterprise", old[0]["id"], old[0], record)
        return str(old[0]["id"])
    return uow.insert("plan_enterprise", record)


def withdraw_enterprise(uow: UnitOfWork, facts: Facts, plan_id: str, enterprise_id: str) -> None:
    """Take a named enterprise off a draft plan (marked withdrawn: it may have synced)."""
    _draft_plan(facts, plan_id)
    old = facts.find("plan_enterprise", {"plan_id": plan_id, "enterprise_id": enterprise_id})
    if old:
        uow.update("plan_enterprise", old[0]["id"], old[0], {"withdrawn": 1})


def load(facts: Facts, plan_id: str) -> consistency.PlanData:
    plan = facts.get("inspection_plan", plan_id)
    if plan is None:
        raise PlanError("not_found", "找不到该计划。", f"No plan {plan_id}.")
    return consistency.PlanData(
        plan,
        facts.find("plan_target", {"plan_id": plan_id}),
        [n for n in facts.find("plan_enterprise", {"plan_id": plan_id}) if not n["withdrawn"]],
    )


def year_plans(facts: Facts, year: int) -> list[consistency.PlanData]:
    """The plans of a year in force: each unit's latest, those corrected left out."""
    rows = facts.find("inspection_plan", {"year": year})
    replaced = {r["supersedes_id"] for r in rows if r["supersedes_id"]}
    return [load(facts, r["id"]) for r in rows if r["id"] not in replaced]


def approve(
    uow: UnitOfWork,
    facts: Facts,
    tree: JurisdictionTree,
    plan_id: str,
    approver_id: str,
    world: consistency.World,
    day: dt.date | None = None,
    params: Parameters | None = None,
) -> list[consistency.Finding]:
    """Approve a draft after the consistency rules found no error (warnings are returned);
    PlanError lists the errors. The plan above must be approved first."""
    today = common.today_of(uow, None)
    day = day or today
    node = load(facts, plan_id)
    if node.plan["status"] != "draft":
        raise PlanError("approved", "该计划已批准。", "The plan is approved already.")
    approver = facts.get("officer", approver_id)
    if approver is None or approver["role"] not in APPROVER_ROLES or not approver["active"]:
        raise PlanError("approval", "计划须由负责人（审批人）批准。", "An approver must approve.")
    plans = year_plans(facts, int(node.plan["year"]))
    parent = next((p for p in plans if p.plan["id"] == node.plan["parent_id"]), None)
    if node.plan["parent_id"] and (parent is None or parent.plan["status"] != "approved"):
        raise PlanError(
            "parent_draft",
            "上级计划尚未批准，本计划不能先批准（计划自上而下逐级批准）。",
            "The plan above is not approved yet: plans are approved top down.",
        )
    findings = consistency.check_node(node, plans, world, tree, params or default_parameters())
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        raise PlanError(
            "inconsistent",
            "计划不能批准：" + "；".join(f.zh for f in errors[:10]) + "。",
            "The plan cannot be approved: " + "; ".join(f.en for f in errors[:10]) + ".",
        )
    new = {**node.plan, "status": "approved", "approved_by": approver_id}
    new["approved_on"] = day.isoformat()
    record = check_inspection_plan(new, facts, today)
    uow.update("inspection_plan", plan_id, node.plan, record, touch=True)
    return findings


# -- tasks from the plan ---------------------------------------------------------------------------


def visit_days(year: int, visits: int, start: dt.date) -> list[dt.date]:
    """Due days of ``visits`` inspections spread evenly from ``start`` to the year's end: the
    year's rest cut in equal parts, each due at the last month end inside its part (or at the
    part's end when no month ends inside it)."""
    first = max(start, dt.date(year, 1, 1))
    span = (dt.date(year, 12, 31) - first).days + 1
    out = []
    for k in range(1, visits + 1):
        part_start = first + dt.timedelta(days=span * (k - 1) // visits)
        part_end = first + dt.timedelta(days=span * k // visits - 1)
        month_end = part_end
        if part_end.day != cal.monthrange(part_end.year, part_end.month)[1]:
            month_end = part_end.replace(day=1) - dt.timedelta(days=1)
        out.append(month_end if month_end >= part_start else part_end)
    return out


def schedule_tasks(
    uow: UnitOfWork, facts: Facts, plan_id: str, today: dt.date | None = None
) -> list[str]:
    """The tasks of an approved plan: a visit of each named enterprise, without a team yet
    (``tasks.assign_team`` checks the team on the planned day). Refused when done before."""
    today = common.today_of(uow, today)
    node = load(facts, plan_id)
    if node.plan["status"] != "approved":
        raise PlanError("draft", "计划批准后才能生成检查任务。", "Approve the plan first.")
    if facts.find("plan_task", {"plan_id": plan_id, "source_table": "plan_enterprise"}):
        raise PlanError("scheduled", "该计划已生成检查任务。", "The plan's tasks exist already.")
    start = max(today, dt.date.fromisoformat(node.plan["approved_on"]))
    made = []
    for named in sorted(node.named, key=lambda n: str(n["enterprise_id"])):
        for day in visit_days(int(node.plan["year"]), int(named["visits"]), start):
            made.append(
                tasks.create_task(
                    uow,
                    facts,
                    {
                        "plan_id": plan_id,
                        "enterprise_id": named["enterprise_id"],
                        "kind": "planned",
                        "due_on": day.isoformat(),
                        "source_table": "plan_enterprise",
                        "source_id": named["id"],
                    },
                    today,
                )
            )
    return made


# -- lists for export ------------------------------------------------------------------------------

TARGET_HEADERS = ("类别", "风险等级", "承担单位", "数量（家）", "每家每年检查次数")


def target_rows(
    tree: JurisdictionTree, node: consistency.PlanData, params: Parameters | None = None
) -> list[list[object]]:
    params = params or default_parameters()
    rows: list[list[object]] = []
    for t in sorted(node.targets, key=lambda t: (t["category"], t["risk_level"], t["unit_code"])):
        unit = tree.units.get(t["unit_code"])
        rows.append(
            [
                params.categories[t["category"]].zh,
                consistency.risk_name(t["risk_level"]),
                unit.name if unit else t["unit_code"],
                t["count"],
                t["visits"],
            ]
        )
    return rows


def named_rows(node: consistency.PlanData, names: Mapping[str, str]) -> list[list[object]]:
    return [
        [names.get(n["enterprise_id"], n["enterprise_id"]), REASONS[n["reason"]].zh, n["visits"]]
        for n in sorted(node.named, key=lambda n: names.get(n["enterprise_id"], ""))
    ]


NAMED_HEADERS = ("单位名称", "列入理由", "每年检查次数")
