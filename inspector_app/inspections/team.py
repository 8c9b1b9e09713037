"""The team of an inspection or a case step: at least two officers, each acting under an
enforcement certificate valid on the day and not recused from the enterprise (行政处罚法
Art. 42–43, 安全生产法 Art. 67); recusals (回避) recorded and checked."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from inspector_app.inspections.rules import (
    InspectionError,
    InspectionRules,
    day_of,
    default_rules,
    require_draft,
)
from inspector_app.registry import context, officers
from inspector_app.registry.context import RuleContext
from inspector_app.registry.jurisdictions import JurisdictionTree, Unit
from inspector_app.registry.shapes import DATE, Shape, check_shape, free_text, integer, text
from inspector_app.registry.validation import choice, error, label, required_text
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.clock import new_id
from inspector_app.store.facts import Facts, facts_of


@dataclass(frozen=True)
class TeamMember:
    officer: officers.Officer
    certificate: officers.Certificate


MEMBER_SHAPES: Mapping[str, Shape] = {
    "inspection_id": text(36),
    "officer_id": text(36),
    "certificate_id": text(36),
    "position": integer(0),
}
RECUSAL_SHAPES: Mapping[str, Shape] = {
    "officer_id": text(36),
    "enterprise_id": text(36),
    "requested_by": text(10, choices=("officer", "party")),
    "reason": free_text(500),
    "decided_by": text(50),
    "decided_on": DATE,
}


# -- the team ------------------------------------------------------------------------------------


def check_team(
    facts: Facts | sqlite3.Connection,
    officer_ids: Sequence[str],
    day: dt.date,
    enterprise_id: str,
    rules: InspectionRules | None = None,
) -> list[TeamMember]:
    """The officers with the certificate each acts under on ``day``, or InspectionError naming
    every officer who lacks something (行政处罚法 Art. 42–43, 安全生产法 Art. 67)."""
    facts = facts_of(facts)
    rules = rules or default_rules()
    problems_zh: list[str] = []
    problems_en: list[str] = []
    members: list[TeamMember] = []
    if len(set(officer_ids)) != len(officer_ids):
        problems_zh.append("同一执法人员不能重复选择")
        problems_en.append("the same officer is chosen twice")
    recused = recused_from(facts, enterprise_id)
    for officer_id in dict.fromkeys(officer_ids):
        row = facts.get("officer", officer_id)
        if row is None:
            problems_zh.append(f"找不到执法人员 {officer_id}")
            problems_en.append(f"no officer {officer_id}")
            continue
        officer = officers.officer_from(row)
        if not officer.active:
            problems_zh.append(f"{officer.name}已停用")
            problems_en.append(f"{officer.name} is no longer active")
            continue
        if officer_id in recused:
            problems_zh.append(f"{officer.name}已对该单位回避")
            problems_en.append(f"{officer.name} is recused from this enterprise")
            continue
        held = officers.certificates_of(facts, officer_id)
        cert = officers.valid_among(held, day)
        if cert is None:
            if not held:
                why_zh, why_en = "没有执法证", "holds no enforcement certificate"
            elif all(c.revoked for c in held):
                why_zh, why_en = "执法证已被注销", "has only revoked certificates"
            else:
                last = max(c.expires_on for c in held if not c.revoked)
                if last < day:
                    why_zh = f"执法证已于{last.isoformat()}过期"
                    why_en = f"certificate expired on {last.isoformat()}"
                else:
                    why_zh = f"执法证在{day.isoformat()}尚未生效"
                    why_en = f"certificate not yet valid on {day.isoformat()}"
            problems_zh.append(f"{officer.name}{why_zh}")
            problems_en.append(f"{officer.name} {why_en}")
            continue
        members.append(TeamMember(officer, cert))
    if len(members) < rules.min_officers and not problems_zh:
        problems_zh.append(f"至少需要{rules.min_officers}名持有效执法证的执法人员")
        problems_en.append(f"at least {rules.min_officers} officers with valid certificates")
    if problems_zh:
        lab = label("officers")
        raise InspectionError(
            "team",
            f"{lab.zh}：{'；'.join(problems_zh)}（{rules.min_officers_basis}）。",
            f"{lab.en}: {'; '.join(problems_en)}.",
        )
    return members


def recused_from(facts: Facts | sqlite3.Connection, enterprise_id: str) -> set[str]:
    """The officers recused from the enterprise's matters (行政处罚法 Art. 43)."""
    facts = facts_of(facts)
    return {str(r["officer_id"]) for r in facts.find("recusal", {"enterprise_id": enterprise_id})}


def record_recusal(
    uow: UnitOfWork,
    officer_id: str,
    enterprise_id: str,
    requested_by: str,
    reason: str,
    decided_by: str,
    decided_on: dt.date,
) -> str:
    """回避 (行政处罚法 Art. 43): the officer is kept out of the enterprise's matters."""
    record = {
        "officer_id": officer_id,
        "enterprise_id": enterprise_id,
        "requested_by": choice(
            requested_by, "requested_by", {"officer": "本人申请", "party": "当事人申请"}
        ),
        "reason": required_text(reason, "reason", 500),
        "decided_by": required_text(decided_by, "decided_by", 50),
        "decided_on": decided_on.isoformat(),
    }
    record = check_recusal(record, context.of(uow))
    recusal_id = new_id()
    uow.conn.execute(
        "INSERT INTO recusal(id, officer_id, enterprise_id, requested_by, reason, decided_by, "
        "decided_on, created_at) VALUES (:id, :officer_id, :enterprise_id, :requested_by, "
        ":reason, :decided_by, :decided_on, :now)",
        {**record, "id": recusal_id, "now": uow.now},
    )
    uow.log("recusal", recusal_id, "insert", record)
    return recusal_id


def issuing_unit(tree: JurisdictionTree, officer: officers.Officer) -> Unit:
    """Whose name the documents carry: the officer's county-level unit (a park's officer → its
    county; township staff under delegation → the delegating county bureau, 行政处罚法 Art. 20);
    the city team → the city bureau."""
    if officer.unit_code not in tree.units:
        return tree.city
    return tree.reporting_unit(officer.unit_code)


def check_member(data: Mapping[str, Any], ctx: RuleContext) -> dict[str, Any]:
    """An officer of the team, added while the record is a draft, acting under one of their own
    certificates valid on the inspection's day and not recused from the enterprise."""
    record = check_shape(data, MEMBER_SHAPES)
    inspection = require_draft(ctx.facts, record["inspection_id"])
    cert = ctx.facts.get("enforcement_certificate", record["certificate_id"])
    if cert is None or cert["officer_id"] != record["officer_id"]:
        raise error("officers", "certificate", "执法证不属于该执法人员", "not the officer's")
    check_team(
        ctx.facts,
        [record["officer_id"]],
        day_of(inspection),
        str(inspection["enterprise_id"]),
        dataclasses.replace(default_rules(), min_officers=1),
    )
    if not officers.certificate_from(cert).valid_on(day_of(inspection)):
        raise error("officers", "certificate", "执法证在检查当日无效", "not valid that day")
    return record


def check_recusal(data: Mapping[str, Any], ctx: RuleContext) -> dict[str, Any]:
    """回避 (行政处罚法 Art. 43): of a known officer from a registry entry, decided no later
    than today, with its reason and who decided."""
    record = check_shape(data, RECUSAL_SHAPES)
    record["reason"] = required_text(record["reason"], "reason", 500)
    record["decided_by"] = required_text(record["decided_by"], "decided_by", 50)
    if not record["decided_on"]:
        raise error("decided_by", "required", "须填写决定日期", "needs its date")
    ctx.not_after_today(dt.date.fromisoformat(record["decided_on"]), "decided_by")
    if ctx.facts.get("officer", record["officer_id"]) is None:
        raise error("officers", "unknown", "找不到该执法人员", "no such officer")
    return record


def add_officer(uow: UnitOfWork, inspection_id: str, member: TeamMember, position: int) -> None:
    """Put ``member`` on a draft inspection's team (checked like a pushed team member)."""
    row_id = new_id()
    record = check_member(
        {
            "inspection_id": inspection_id,
            "officer_id": member.officer.id,
            "certificate_id": member.certificate.id,
            "position": position,
        },
        context.of(uow),
    )
    uow.conn.execute(
        "INSERT INTO inspection_officer(id, inspection_id, officer_id, certificate_id, position) "
        "VALUES (:id, :inspection_id, :officer_id, :certificate_id, :position)",
        {**record, "id": row_id},
    )
    uow.log("inspection_officer", row_id, "insert", record)
