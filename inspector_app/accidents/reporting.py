"""Reporting deadlines of an accident (国务院令第493号 Art. 9-11), derived from its records.

* The unit's head reports to the county-level authority within 1 hour of learning of the
  accident (Art. 9): from ``known_at`` to the first report's ``reported_at``.
* Each authority reports to the next level within 2 hours of receiving the report (Art. 11),
  up to the city for a general accident, the province for a 较大 one, the State Council's
  ministry for 重大 and 特别重大 (Art. 10). A level that a supplementary report made necessary
  (the accident re-graded upwards) counts its 2 hours from that report.

Nothing is stored but the times things were done (the first report, the ``forwarded`` steps);
lateness is derived, so it can never disagree with them. The chain stops at the first level
not yet done: the next level's clock starts only when that one reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from inspector_app.accidents import fields
from inspector_app.accidents.grading import rank
from inspector_app.accidents.model import AccidentView
from inspector_app.accidents.params import AccidentParams, default_params


@dataclass(frozen=True)
class ReportingDeadline:
    code: str  # "county" (the unit's report), then the levels of the data: city, province, state
    zh: str
    en: str
    due: dt.datetime
    done_at: dt.datetime | None

    @property
    def late(self) -> bool:
        """Done, but after the deadline (迟报)."""
        return self.done_at is not None and self.done_at > self.due

    def overdue(self, now: dt.datetime) -> bool:
        """Not done and the deadline has passed."""
        return self.done_at is None and now > self.due

    def status(self, now: dt.datetime) -> str:
        """on_time, late, overdue or pending."""
        if self.done_at is not None:
            return "late" if self.late else "on_time"
        return "overdue" if self.overdue(now) else "pending"


def deadlines(
    view: AccidentView,
    steps: Iterable[Mapping[str, Any]],
    params: AccidentParams | None = None,
) -> list[ReportingDeadline]:
    """The reporting deadlines reached so far, in order (see the module docstring)."""
    params = params or default_params()
    first = view.first
    out = [
        ReportingDeadline(
            "county",
            "事故单位向县级应急管理部门报告（1小时内，第九条）",
            "the unit reports to the county authority (within 1 hour, Art. 9)",
            view.known_at + dt.timedelta(hours=params.unit_to_county_hours),
            first.reported_at if first else None,
        )
    ]
    sent = _forwarded(steps)
    received = out[0].done_at
    for level in params.report_levels:
        if received is None or rank(view.grade) < rank(level.from_grade):
            break
        since = _required_since(view, level.from_grade)
        start = max(received, since) if since else received
        done = sent.get(level.code)
        out.append(
            ReportingDeadline(
                level.code,
                f"上报{level.zh}（每级2小时内，第十一条）",
                f"report to {level.en} (2 hours a level, Art. 11)",
                start + dt.timedelta(hours=params.per_level_hours),
                done,
            )
        )
        received = done
    return out


def _forwarded(steps: Iterable[Mapping[str, Any]]) -> dict[str, dt.datetime]:
    sent: dict[str, dt.datetime] = {}
    for step in steps:
        if step["kind"] == "forwarded":
            level = str(fields.json_data(step.get("data")).get("level"))
            moment = dt.datetime.fromisoformat(str(step["occurred_at"]))
            sent[level] = min(moment, sent.get(level, moment))
    return sent


def _required_since(view: AccidentView, grade: str) -> dt.datetime | None:
    """When the reports first made the accident at least ``grade``."""
    for report, reached in zip(view.reports, view.grades, strict=True):
        if rank(reached) >= rank(grade):
            return report.reported_at
    return None


def late_first_report(view: AccidentView, params: AccidentParams | None = None) -> bool:
    """The unit reported later than 1 hour after its head learned of the accident (迟报:
    安全生产法 Art. 110, 国务院令第493号 Art. 35)."""
    params = params or default_params()
    first = view.first
    due = view.known_at + dt.timedelta(hours=params.unit_to_county_hours)
    return first is not None and first.reported_at > due
