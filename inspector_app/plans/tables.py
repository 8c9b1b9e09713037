"""Every synced table of plans, tasks, draws, campaigns, joint enforcement, clues and
delegation: its wire fields, the record it belongs to, whether it is immutable, the matter a
writer needs and its wire check — ``check(table, data, facts, today)``, the function the write
operations run themselves and the server runs on every pushed record (one rule, one place).

The tables themselves are version 9 of the local schema (``store.migrations``); ``SPECS`` are
listed by ``replication.tables``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from inspector_app.plans import campaigns, draw_checks, joint, letters, plans, publication, tasks
from inspector_app.registry.context import RuleContext
from inspector_app.registry.tablespec import TableSpec
from inspector_app.registry.validation import RecordInvalid, error
from inspector_app.store.facts import Facts

Check = Callable[[Mapping[str, Any], Facts, dt.date], dict[str, Any]]
PUBLICATION_FIELDS = ("draw_id", "kind", "published_on", "channel", "reference", "created_by")


@dataclass(frozen=True)
class Table:
    name: str
    fields: tuple[str, ...]
    check: Check
    matter: str
    parent: tuple[str, str] | None = None
    immutable: bool = False
    public: bool = False
    local_columns: tuple[str, ...] = ("created_at",)

    def spec(self) -> TableSpec:
        def checked(
            _id: str, data: Mapping[str, Any], ctx: RuleContext, _old: Mapping[str, Any] | None
        ) -> dict[str, Any]:
            return self.check(data, ctx.facts, ctx.today)

        return TableSpec(
            self.name,
            self.fields,
            matter=self.matter,
            check=checked,
            parent=self.parent,
            public=self.public,
            immutable=self.immutable,
            local_columns=self.local_columns,
        )


def check_random_draw_publication(
    data: Mapping[str, Any], facts: Facts, today: dt.date
) -> dict[str, Any]:
    return publication.check_publication(data, facts, today)


_BOTH_TIMES = ("created_at", "updated_at")

TABLES: tuple[Table, ...] = (
    Table(
        "inspection_plan",
        plans.PLAN_FIELDS,
        plans.check_inspection_plan,
        "plans",
        public=True,
        local_columns=_BOTH_TIMES,
    ),
    Table(
        "plan_target",
        plans.TARGET_FIELDS,
        plans.check_plan_target,
        "plans",
        parent=("inspection_plan", "plan_id"),
        public=True,
    ),
    Table(
        "plan_enterprise",
        plans.NAMED_FIELDS,
        plans.check_plan_enterprise,
        "plans",
        parent=("inspection_plan", "plan_id"),
        public=True,
    ),
    Table(
        "plan_task", tasks.TASK_FIELDS, tasks.check_plan_task, "plans", local_columns=_BOTH_TIMES
    ),
    Table(
        "officer_avoidance",
        tasks.AVOIDANCE_FIELDS,
        tasks.check_officer_avoidance,
        "plans",
        immutable=True,
    ),
    Table(
        "random_draw",
        draw_checks.DRAW_FIELDS,
        draw_checks.check_random_draw,
        "plans",
        immutable=True,
    ),
    Table(
        "random_draw_publication",
        PUBLICATION_FIELDS,
        check_random_draw_publication,
        "plans",
        parent=("random_draw", "draw_id"),
        immutable=True,
    ),
    Table(
        "campaign",
        campaigns.CAMPAIGN_FIELDS,
        campaigns.check_campaign,
        "plans",
        public=True,
        local_columns=_BOTH_TIMES,
    ),
    Table(
        "campaign_group",
        campaigns.GROUP_FIELDS,
        campaigns.check_campaign_group,
        "plans",
        parent=("campaign", "campaign_id"),
        public=True,
        local_columns=_BOTH_TIMES,
    ),
    Table(
        "campaign_member",
        campaigns.MEMBER_FIELDS,
        campaigns.check_campaign_member,
        "plans",
        parent=("campaign_group", "group_id"),
        public=True,
    ),
    Table(
        "campaign_report",
        campaigns.REPORT_FIELDS,
        campaigns.check_campaign_report,
        "plans",
        immutable=True,
    ),
    Table(
        "campaign_problem",
        campaigns.PROBLEM_FIELDS,
        campaigns.check_campaign_problem,
        "plans",
        immutable=True,
    ),
    Table(
        "campaign_problem_event",
        campaigns.EVENT_FIELDS,
        campaigns.check_campaign_problem_event,
        "plans",
        parent=("campaign_problem", "problem_id"),
        immutable=True,
    ),
    Table(
        "joint_inspection",
        joint.JOINT_FIELDS,
        joint.check_joint_inspection,
        "inspections",
        immutable=True,
    ),
    Table(
        "joint_member",
        joint.MEMBER_FIELDS,
        joint.check_joint_member,
        "inspections",
        parent=("joint_inspection", "joint_id"),
        immutable=True,
    ),
    Table("crime_clue", joint.CLUE_FIELDS, joint.check_crime_clue, "cases", immutable=True),
    Table(
        "clue_event",
        joint.EVENT_FIELDS,
        joint.check_clue_event,
        "cases",
        parent=("crime_clue", "clue_id"),
        immutable=True,
    ),
    Table(
        "delegation_letter",
        letters.LETTER_FIELDS,
        letters.check_delegation_letter,
        "officers",
        immutable=True,
        public=True,
    ),
    Table(
        "delegation_revocation",
        letters.REVOCATION_FIELDS,
        letters.check_delegation_revocation,
        "officers",
        parent=("delegation_letter", "letter_id"),
        immutable=True,
        public=True,
    ),
    Table(
        "stationing",
        letters.STATIONING_FIELDS,
        letters.check_stationing,
        "officers",
        immutable=True,
        public=True,
    ),
)
BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
SPECS: tuple[TableSpec, ...] = tuple(t.spec() for t in TABLES)


def check(table: str, data: Mapping[str, Any], facts: Facts, today: dt.date) -> dict[str, Any]:
    """The pushed record normalised by its table's rules, or RecordInvalid naming each
    problem; a field outside the table's wire fields is refused."""
    spec = BY_NAME[table]
    unknown = sorted(set(data) - set(spec.fields))
    if unknown:
        raise RecordInvalid(
            [error(unknown[0], "unknown_field", "不是该表的字段", "is not a field of this table")]
        )
    return spec.check(data, facts, today)
