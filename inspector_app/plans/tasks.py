"""Inspection tasks: what a plan, a draw or a campaign asks to be inspected, by whom, when.

A task names an enterprise, a planned day and (once assigned) a team. The team rule is
``team_problems`` — the rule of ``team.check_team`` (行政处罚法 Art. 42–43, 安全生产法
Art. 67: at least two active officers, each with a certificate valid on the day, none recused
from the enterprise) written over ``Facts`` so that the server checks a pushed task the same
way, plus the declared avoidance relations (``officer_avoidance``: kinship, prior involvement,
an interest; and pairs of officers who may not serve together).

A task is done when a signed inspection of its enterprise happened in the task's year (see
``inspector_app.plans.progress``); nothing stored can go stale.

Covert checks (暗查暗访) are tasks (and inspections) marked covert; ``may_see`` is the rule
that decides who sees them, for the screens and for the server's pull.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from inspector_app.inspections.rules import default_rules
from inspector_app.plans import common
from inspector_app.plans.common import Collect, PlanError, fail
from inspector_app.plans.parameters import Parameters, default_parameters
from inspector_app.registry import delegations
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.officers import Certificate
from inspector_app.registry.validation import ValidationError
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.facts import Facts

KINDS = {
    "planned": common.Label("计划检查", "Planned"),
    "random": common.Label("双随机抽查", "Random check"),
    "covert": common.Label("暗查暗访", "Covert check"),
    "campaign": common.Label("专项检查", "Campaign"),
}
SOURCES = {
    "": common.Label("无", "None"),
    "plan_enterprise": common.Label("计划列名单位", "Named in a plan"),
    "random_draw": common.Label("双随机抽取", "Random draw"),
    "campaign": common.Label("专项督查", "Campaign"),
}
RELATIONS = {
    "kinship": common.Label("近亲属关系", "Kinship"),
    "prior_involvement": common.Label("曾参与处理", "Prior involvement"),
    "interest": common.Label("利害关系", "An interest"),
    "pair": common.Label("执法人员之间的回避", "Officers who may not serve together"),
    "other": common.Label("其他应当回避的情形", "Other"),
}
TASK_FIELDS = (
    "plan_id",
    "enterprise_id",
    "county_code",
    "town_code",
    "supervising_unit",
    "kind",
    "covert",
    "due_on",
    "officer_ids",
    "source_table",
    "source_id",
    "cancelled_on",
    "cancel_reason",
    "created_by",
)
AVOIDANCE_FIELDS = (
    "officer_id",
    "enterprise_id",
    "other_officer_id",
    "relation",
    "reason",
    "declared_on",
    "valid_to",
    "county_code",
    "supervising_unit",
    "created_by",
)


# -- the team --------------------------------------------------------------------------------------


def avoided(facts: Facts, officer_id: str, day: dt.date) -> tuple[set[str], set[str]]:
    """(enterprises, officers) the officer must keep away from on ``day``."""
    enterprises, officers = set(), set()
    for row in facts.find("officer_avoidance", {"officer_id": officer_id}):
        if row["declared_on"] > day.isoformat() or (
            row["valid_to"] and row["valid_to"] < day.isoformat()
        ):
            continue
        if row["enterprise_id"]:
            enterprises.add(str(row["enterprise_id"]))
        if row["other_officer_id"]:
            officers.add(str(row["other_officer_id"]))
    return enterprises, officers


def team_problems(
    facts: Facts, officer_ids: Sequence[str], day: dt.date, enterprise_id: str
) -> list[tuple[str, str]]:
    """What is wrong with a team on ``day`` at the enterprise, as (zh, en) sentences."""
    minimum = default_rules().min_officers
    problems: list[tuple[str, str]] = []
    if len(set(officer_ids)) != len(officer_ids):
        problems.append(("同一执法人员不能重复选择", "the same officer is chosen twice"))
    recused = {r["officer_id"] for r in facts.find("recusal", {"enterprise_id": enterprise_id})}
    valid = 0
    chosen = list(dict.fromkeys(officer_ids))
    for officer_id in chosen:
        officer = facts.get("officer", officer_id)
        if officer is None:
            problems.append((f"找不到执法人员 {officer_id}", f"no officer {officer_id}"))
            continue
        name = officer["name"]
        if not officer["active"]:
            problems.append((f"{name}已停用", f"{name} is no longer active"))
            continue
        if officer_id in recused:
            problems.append((f"{name}已对该单位回避", f"{name} is recused from this enterprise"))
            continue
        firms, partners = avoided(facts, officer_id, day)
        if enterprise_id in firms:
            problems.append(
                (f"{name}与该单位有应当回避的关系", f"{name} must avoid this enterprise")
            )
            continue
        clash = partners & set(chosen)
        if clash:
            problems.append(
                (
                    f"{name}不能与同组人员共同执法（回避）",
                    f"{name} may not serve with {sorted(clash)[0]}",
                )
            )
            continue
        if certificate_on(facts, officer_id, day) is None:
            problems.append(
                (
                    f"{name}在{day.isoformat()}没有有效执法证",
                    f"{name} holds no valid certificate on {day}",
                )
            )
            continue
        valid += 1
    if valid < minimum and not problems:
        problems.append(
            (f"至少需要{minimum}名持有效执法证的执法人员", f"at least {minimum} certified officers")
        )
    return problems


def certificate_on(facts: Facts, officer_id: str, day: dt.date) -> Certificate | None:
    """The certificate that lets the officer act on ``day`` (``officers.valid_certificate``
    over Facts)."""
    for row in facts.find("enforcement_certificate", {"officer_id": officer_id}):
        cert = Certificate(
            str(row["id"]),
            str(row["officer_id"]),
            str(row["number"]),
            str(row["issuing_authority"]),
            dt.date.fromisoformat(row["issued_on"]),
            dt.date.fromisoformat(row["expires_on"]),
            bool(row["revoked"]),
        )
        if cert.valid_on(day):
            return cert
    return None


def check_team(facts: Facts, officer_ids: Sequence[str], day: dt.date, enterprise_id: str) -> None:
    problems = team_problems(facts, officer_ids, day, enterprise_id)
    if problems:
        basis = default_rules().min_officers_basis
        raise fail(
            "officer_ids",
            "team",
            "；".join(p[0] for p in problems) + f"（{basis}）",
            "; ".join(p[1] for p in problems),
        )


# -- wire checks -----------------------------------------------------------------------------------


def check_plan_task(data: Mapping[str, Any], facts: Facts, today: dt.date) -> dict[str, Any]:
    c = Collect()
    plan = None
    if data.get("plan_id"):
        plan = c.field(
            "plan_id",
            lambda: common.require(facts, "inspection_plan", data.get("plan_id"), "plan_id"),
        )
        if plan is not None and plan["status"] != "approved":
            c.add(fail("plan_id", "draft", "计划尚未批准", "the plan is not approved"))
    c.out["plan_id"] = plan["id"] if plan else ""
    firm = c.field("enterprise_id", lambda: common.enterprise_of(facts, data.get("enterprise_id")))
    if firm is not None:
        c.out["enterprise_id"] = firm["id"]
        c.out.update({k: firm[k] for k in ("county_code", "town_code", "supervising_unit")})
    kind = c.field("kind", lambda: common.one_of(data.get("kind"), "kind", KINDS))
    covert = c.field(
        "covert", lambda: common.flag01(data.get("covert", kind == "covert"), "covert")
    )
    if kind == "covert" and not covert:
        c.add(fail("covert", "kind", "暗查暗访任务须标记为暗查", "a covert task is marked covert"))
    due = c.field("due_on", lambda: common.parse_day(data.get("due_on"), "due_on").isoformat())
    if due and plan is not None and int(due[:4]) != int(plan["year"]):
        c.add(
            fail("due_on", "year", f"应在计划年度{plan['year']}年内", f"must be in {plan['year']}")
        )
    team = common.id_list(data.get("officer_ids"))
    c.out["officer_ids"] = common.joined(team)
    if team and due and firm is not None:
        try:
            check_team(facts, team, dt.date.fromisoformat(due), firm["id"])
        except ValidationError as exc:
            c.add(exc)
    c.field(
        "source_table", lambda: common.one_of(data.get("source_table", ""), "source_id", SOURCES)
    )
    c.out["source_id"] = str(data.get("source_id") or "")
    if c.out.get("source_table") and not c.out["source_id"]:
        c.add(fail("source_id", "required", "须注明任务来源记录", "the source record is required"))
    c.out["cancelled_on"], c.out["cancel_reason"] = "", ""
    if data.get("cancelled_on"):
        c.field(
            "cancelled_on",
            lambda: common.evidence_day(data.get("cancelled_on"), "cancelled_on", today),
        )
        c.field(
            "cancel_reason", lambda: common.text(data.get("cancel_reason"), "cancel_reason", 500)
        )
    c.field("created_by", lambda: common.text(data.get("created_by"), "created_by", 64))
    out = c.done()
    return {f: out.get(f) for f in TASK_FIELDS}


def check_officer_avoidance(
    data: Mapping[str, Any], facts: Facts, today: dt.date
) -> dict[str, Any]:
    c = Collect()
    officer = c.field(
        "officer_id", lambda: common.require(facts, "officer", data.get("officer_id"), "officer_id")
    )
    if officer is not None:
        c.out["officer_id"] = officer["id"]
        c.out["county_code"] = common.county_level(facts, officer["unit_code"])
        c.out["supervising_unit"] = officer["unit_code"]
    relation = c.field(
        "relation", lambda: common.one_of(data.get("relation"), "relation", RELATIONS)
    )
    c.out["enterprise_id"], c.out["other_officer_id"] = "", ""
    if relation == "pair":
        other = c.field(
            "other_officer_id",
            lambda: common.require(
                facts, "officer", data.get("other_officer_id"), "other_officer_id"
            ),
        )
        if other is not None:
            c.out["other_officer_id"] = other["id"]
            if officer is not None and other["id"] == officer["id"]:
                c.add(fail("other_officer_id", "same", "不能是本人", "must be another officer"))
    elif relation is not None:
        firm = c.field(
            "enterprise_id", lambda: common.enterprise_of(facts, data.get("enterprise_id"))
        )
        if firm is not None:
            c.out["enterprise_id"] = firm["id"]
    c.field("reason", lambda: common.text(data.get("reason"), "reason", 500))
    declared = c.field(
        "declared_on", lambda: common.evidence_day(data.get("declared_on"), "declared_on", today)
    )
    c.out["valid_to"] = ""
    if data.get("valid_to") and declared:
        c.field(
            "valid_to",
            lambda: common.ordered_day(
                data.get("valid_to"),
                "valid_to",
                dt.date.fromisoformat(declared),
                common.label("declared_on"),
            ),
        )
    c.field("created_by", lambda: common.text(data.get("created_by"), "created_by", 64))
    out = c.done()
    return {f: out.get(f) for f in AVOIDANCE_FIELDS}


# -- writing ---------------------------------------------------------------------------------------


def create_task(
    uow: UnitOfWork, facts: Facts, values: Mapping[str, Any], today: dt.date | None = None
) -> str:
    record = check_plan_task(
        {**values, "created_by": uow.author}, facts, common.today_of(uow, today)
    )
    return uow.insert("plan_task", record, ("created_at", "updated_at"))


def _change(
    uow: UnitOfWork, facts: Facts, task_id: str, changes: Mapping[str, Any], today: dt.date | None
) -> dict[str, list[Any]]:
    old = facts.get("plan_task", task_id)
    if old is None:
        raise PlanError("not_found", "找不到该检查任务。", f"No task {task_id}.")
    if old["cancelled_on"]:
        raise PlanError("cancelled", "该任务已取消，不能再修改。", "The task is cancelled.")
    if old["source_table"] == "random_draw" and "officer_ids" in changes:
        raise PlanError(
            "drawn_team",
            "双随机抽取的检查组不能人工调整；确需调整的，请重新抽取并说明理由。",
            "A drawn team cannot be changed by hand: redraw with a reason.",
        )
    record = check_plan_task({**old, **changes}, facts, common.today_of(uow, today))
    return uow.update("plan_task", task_id, old, {k: record[k] for k in changes}, touch=True)


def assign_team(
    uow: UnitOfWork,
    facts: Facts,
    task_id: str,
    officer_ids: Sequence[str],
    today: dt.date | None = None,
) -> dict[str, list[Any]]:
    """Give the task its team (checked on the task's planned day)."""
    return _change(uow, facts, task_id, {"officer_ids": common.joined(officer_ids)}, today)


def reschedule(
    uow: UnitOfWork, facts: Facts, task_id: str, due_on: dt.date, today: dt.date | None = None
) -> dict[str, list[Any]]:
    """Move the planned day (the team is checked again on the new day)."""
    return _change(uow, facts, task_id, {"due_on": due_on.isoformat()}, today)


def cancel(
    uow: UnitOfWork,
    facts: Facts,
    task_id: str,
    reason: str,
    day: dt.date,
    today: dt.date | None = None,
) -> dict[str, list[Any]]:
    return _change(
        uow, facts, task_id, {"cancelled_on": day.isoformat(), "cancel_reason": reason}, today
    )


def declare_avoidance(
    uow: UnitOfWork, facts: Facts, values: Mapping[str, Any], today: dt.date | None = None
) -> str:
    record = check_officer_avoidance(
        {**values, "created_by": uow.author}, facts, common.today_of(uow, today)
    )
    return uow.insert("officer_avoidance", record)


# -- covert checks ---------------------------------------------------------------------------------


def is_covert(record: Mapping[str, Any]) -> bool:
    """A covert task or inspection (暗查暗访)."""
    return bool(record.get("covert")) or record.get("kind") == "covert"


def may_see(
    record: Mapping[str, Any],
    actor: delegations.Actor,
    tree: JurisdictionTree,
    params: Parameters | None = None,
) -> bool:
    """Whether ``actor`` may see ``record`` (a task, an inspection or anything carrying
    ``covert``/``kind`` and the scope fields). Ordinary records: yes (the sync scope decides
    the rest). Covert ones: the roles listed in ``plans.json`` within their area
    (``delegations.covers``), the officers of the team (``officer_ids``) and whoever entered it
    (``created_by``); nobody else — the server sends a covert record to no other device."""
    if not is_covert(record):
        return True
    params = params or default_parameters()
    if actor.officer_id:
        team = common.id_list(record.get("officer_ids"))
        if params.covert_team_sees and actor.officer_id in team:
            return True
        if record.get("created_by") == actor.officer_id:
            return True
    if actor.role not in params.covert_roles:
        return False
    return delegations.covers(tree, actor, delegations.Place.of(record))
