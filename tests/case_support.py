"""A penalty case driven step by step through the procedure's guards, as the tests use it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from inspection_support import World

from helpers import on_day
from inspector_app.cases import cases, procedure
from inspector_app.cases.cases import CaseError, StepInput
from inspector_app.cases.workdays import add_working_days, default_calendar
from inspector_app.store.changelog import UnitOfWork

# steps approved by the head of the organ besides ``cases.APPROVALS``
APPROVED_TOO = (
    "decision",
    "preservation",
    "collective_discussion",
    "resumption_accepted",
    "enforcement_applied",
)

CAL = default_calendar()
FILED = dt.date(2026, 12, 1)  # a Tuesday, no holiday near


class Case:
    def __init__(self, world: World, approver: str, **values: Any) -> None:
        self.world = world
        self.approver = approver
        with UnitOfWork(world.store, "tester") as uow:
            self.id = procedure.open_case(
                uow,
                world.tree,  # type: ignore[arg-type]
                {
                    "enterprise_id": world.enterprise,
                    "party_kind": "unit",
                    "source": "inspection",
                    "cause": "未按规定对从业人员进行安全生产教育和培训",
                    "violation_on": "2026-11-20",
                    "article_id": "AQ2021-97",
                    **values,
                },
            )

    def step(self, kind: str, day: dt.date, **data: Any) -> str:
        officers_needed = kind in ("filing_requested", "inquiry")
        approval = kind in cases.APPROVALS or kind in APPROVED_TOO
        team = [self.world.lead, self.world.second] if officers_needed else ()
        # each step is recorded on its own day, as an officer would (never in the future)
        approved_by = data.pop("approved_by", self.approver if approval else "")
        # an approval is recorded by the approver himself (issue 9: nobody approves for another)
        author = data.pop("author", approved_by or "tester")
        with on_day(self.world.store, day), UnitOfWork(self.world.store, author) as uow:
            return procedure.add_step(
                uow,
                self.id,
                StepInput(
                    kind,
                    day,
                    officer_ids=data.pop("officer_ids", team),
                    approved_by=approved_by,
                    data=data,
                ),
                CAL,
            )

    def refused(self, kind: str, day: dt.date, **data: Any) -> CaseError:
        with pytest.raises(CaseError) as caught:
            self.step(kind, day, **data)
        return caught.value

    @property
    def state(self) -> cases.CaseState:
        return cases.state(self.world.store.conn, self.id)

    def filed(self) -> Case:
        self.step("filing_requested", FILED)
        self.step("filing_approved", FILED)
        return self


def wd(start: dt.date, n: int) -> dt.date:
    return add_working_days(CAL, start, n)
