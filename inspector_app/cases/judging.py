"""What every guard of the procedure works with: the step judged and the checks they share.

``Judged`` carries the case, the state its steps lead to, the step and its data (which a guard
normalises in place) and the ``Facts`` to consult; ``refuse`` makes the refusal citing the rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from inspector_app.cases.cases import (
    APPROVER_ROLES,
    STEP_KINDS,
    CaseError,
    CaseRules,
    CaseState,
    StepInput,
)
from inspector_app.cases.workdays import Calendar
from inspector_app.inspections.team import check_team
from inspector_app.store.facts import Facts

FineCheck = Callable[[Decimal, Mapping[str, Any], Mapping[str, Any]], None]


@dataclass(frozen=True)
class Judged:
    """What a guard judges: the case, the state its steps lead to, the step and its data (which
    the guard normalises in place), and what it may consult."""

    facts: Facts
    case: Mapping[str, Any]
    cur: CaseState
    step: StepInput
    data: dict[str, Any]
    calendar: Calendar
    rules: CaseRules
    check_fine: FineCheck | None
    author: str

    @property
    def day(self) -> dt.date:
        return self.step.occurred_on

    @property
    def name(self) -> str:
        return STEP_KINDS[self.step.kind][0]


def refuse(code: str, zh: str, en: str) -> CaseError:
    return CaseError(code, zh, en)


def require_approver(j: Judged, what: str) -> None:
    """Approved by the head of the organ (负责人): an active approver of the bureau in whose
    name the case is handled (or of the city bureau above it), recording the approval under
    his own account — nobody approves in another's name."""
    row = j.facts.get("officer", j.step.approved_by) if j.step.approved_by else None
    if row is None or not row["active"] or row["role"] not in APPROVER_ROLES:
        raise refuse(
            "approval",
            f"“{what}”须由行政机关负责人（审批人）批准。",
            f"{what} needs the approval of the bureau's head (an approver).",
        )
    authority = str(j.case["authority_code"])
    if str(row["unit_code"]) not in (authority, city_bureau(authority)):
        raise refuse(
            "approval_organ",
            f"“{what}”须由本案办案机关（或市局）的负责人批准。",
            f"{what} is approved by a head of the case's bureau (or of the city bureau).",
        )
    if j.step.approved_by != j.author:
        raise refuse(
            "approval_author",
            f"“{what}”须由审批人本人登录后记录，不能以他人名义批准。",
            f"{what} is recorded by the approver himself, signed in: nobody approves in "
            "another's name.",
        )


def city_bureau(unit_code: str) -> str:
    """The city (prefecture) of a division code: its first four digits (GB/T 2260)."""
    return unit_code[:4] + "00" if len(unit_code) >= 6 and unit_code[:6].isdigit() else ""


def require_team(j: Judged) -> None:
    check_team(j.facts, j.step.officer_ids, j.day, str(j.case["enterprise_id"]))
