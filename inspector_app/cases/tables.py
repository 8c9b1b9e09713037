"""The penalty cases' synced tables: the case file and its steps (judged by the procedure's
guards on the laptop and on the server alike)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from inspector_app.cases import articles, cases, guards, judging, procedure
from inspector_app.cases.workdays import Calendar, default_calendar
from inspector_app.registry.context import RuleContext
from inspector_app.registry.tablespec import TableSpec


@cache
def _procedure() -> tuple[Calendar, cases.CaseRules, judging.FineCheck]:
    """The city's calendar, procedure constants and fine ranges (the data files)."""
    return (
        default_calendar(),
        cases.default_rules(),
        cases.fine_checker(articles.default_catalogue()),
    )


def _case(
    record_id: str, data: Mapping[str, Any], ctx: RuleContext, old: Mapping[str, Any] | None
) -> dict[str, Any]:
    return procedure.check_case(data, ctx, {**old, "id": record_id} if old else None)


def _step(
    _id: str, data: Mapping[str, Any], ctx: RuleContext, _old: Mapping[str, Any] | None
) -> dict[str, Any]:
    calendar, rules, check_fine = _procedure()
    return guards.check_step(data, ctx, calendar, rules, check_fine)


SPECS = (
    TableSpec(
        "penalty_case",
        tuple(procedure.CASE_SHAPES),
        matter="cases",
        check=_case,
        local_columns=("created_at", "updated_at"),
    ),
    TableSpec(
        "case_step",
        tuple(guards.STEP_SHAPES),
        matter="cases",
        check=_step,
        parent=("penalty_case", "case_id"),
        immutable=True,
        local_columns=("created_at",),
    ),
)
