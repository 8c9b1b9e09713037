"""Listed supervision (挂牌督办) of serious general accidents: the city's rule and its lifecycle.

The city lists for supervision every general accident (一般事故) of a 工矿商贸 enterprise with 2
deaths, or with 1 death and 2 or more serious injuries (嘉兴市《关于进一步明确生产安全事故调查
处理工作中有关规定的通知》; the triggers are data, ``listing`` in ``resources/accidents.json``;
missing persons count as deaths when the data says so).

The draft is not a stored record: it is what the rule says of the accident's current figures,
so it appears the moment the accident is recorded or re-graded, on every device, and after a
sync too, with nothing to merge. What people do is stored, as ``accident_step`` records:

    draft (derived) ── listing_issued ──> issued ── listing_closed ──> closed
                                            └────── listing_revoked ─> revoked

* A supplementary report that takes the accident out of the trigger (a missing person found
  alive) makes the draft disappear, with the reason shown (``Listing.withdrawn``).
* A supplementary report that makes it a 较大 (or graver) accident takes it out too: its
  investigation is then led by the city's government itself (国务院令第493号 Art. 19), and the
  city does not list its own investigation.
* A listing already issued is never undone by a re-grade: it stays ``issued`` with
  ``attention`` saying why it no longer fits, until an approver revokes it (an issued notice
  is a record; ending it is a decision).
* Closure needs the investigation report approved (Art. 32); the steps module checks that.

Tracking to closure — the investigation report due in 60 days with one extension of at most
60 (Art. 29), its approval, each person held responsible and how — is the accident's
investigation (``steps.investigation``), which the listing page shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from inspector_app.accidents.fields import json_data
from inspector_app.accidents.model import AccidentView, Figures
from inspector_app.accidents.params import AccidentParams, default_params

LISTING_STEPS = ("listing_issued", "listing_revoked", "listing_closed")
STATUSES = {
    "none": ("不挂牌督办", "Not listed"),
    "draft": ("待挂牌督办", "Draft listing"),
    "issued": ("挂牌督办中", "Listed"),
    "revoked": ("已撤销挂牌", "Listing revoked"),
    "closed": ("已销号", "Closed"),
}
# which listing step may follow which status (an issue that a later supplementary report on
# another device made undue stays an issue: ``attention`` says so)
ALLOWED: Mapping[str, frozenset[str]] = {
    "none": frozenset({"listing_issued"}),
    "draft": frozenset({"listing_issued"}),
    "issued": frozenset({"listing_revoked", "listing_closed"}),
    "revoked": frozenset(),
    "closed": frozenset(),
}


def trigger_of(
    sector: str, grade: str, figures: Figures, params: AccidentParams | None = None
) -> tuple[str, str] | None:
    """Why figures of this sector and grade are listed (zh, en), or None."""
    params = params or default_params()
    if sector not in params.listing_sectors or grade not in params.listing_grades:
        return None
    deaths = figures.grading_deaths(params)
    for trigger in params.listing_triggers:
        if deaths >= trigger.deaths and figures.serious_injuries >= trigger.serious_injuries:
            injuries_zh = (
                f"、重伤{trigger.serious_injuries}人以上" if trigger.serious_injuries else ""
            )
            injuries_en = (
                f" and {trigger.serious_injuries}+ serious injuries"
                if trigger.serious_injuries
                else ""
            )
            return (
                f"工矿商贸领域一般事故，死亡{trigger.deaths}人{injuries_zh}",
                f"general accident in industry and trade, {trigger.deaths}+ deaths{injuries_en}",
            )
    return None


def triggered(view: AccidentView, params: AccidentParams | None = None) -> tuple[str, str] | None:
    """Why the accident, as its latest report leaves it, is listed; None if it is not."""
    return trigger_of(str(view.record["sector"]), view.grade, view.figures, params)


def triggered_since(view: AccidentView, params: AccidentParams | None = None) -> dt.datetime | None:
    """When the reports made the accident meet the trigger it meets now (None if it does not):
    a listing is not issued before the report that called for it."""
    params = params or default_params()
    sector, since = str(view.record["sector"]), None
    for report, grade in zip(view.reports, view.grades, strict=True):
        if trigger_of(sector, grade, report.figures, params) is None:
            since = None
        elif since is None:
            since = report.reported_at
    return since


@dataclass
class Listing:
    """What the rule and the steps say of an accident's listed supervision."""

    status: str = "none"
    reason: tuple[str, str] | None = None  # the trigger the accident meets now
    withdrawn: tuple[str, str] | None = None  # why an earlier draft is gone
    attention: tuple[str, str] | None = None  # why an issued listing no longer fits
    issued_on: dt.date | None = None
    number: str = ""
    document_id: str = ""
    revoked_on: dt.date | None = None
    closed_on: dt.date | None = None
    steps: list[Mapping[str, Any]] = field(default_factory=list)
    anomalies: list[Mapping[str, Any]] = field(default_factory=list)

    @property
    def open(self) -> bool:
        return self.status in ("draft", "issued")


def state(
    view: AccidentView,
    steps: Iterable[Mapping[str, Any]],
    params: AccidentParams | None = None,
) -> Listing:
    """The listing of ``view`` after its listing steps (other steps are ignored).

    Steps are taken in (date, created_at, id) order; one that does not fit the status reached
    (two devices issued the same listing offline) is kept in ``anomalies``."""
    params = params or default_params()
    out = Listing(reason=triggered(view, params))
    out.status = "draft" if out.reason else "none"
    if out.reason is None:
        out.withdrawn = _why_gone(view, params)
    ordered = sorted(
        (s for s in steps if s["kind"] in LISTING_STEPS),
        key=lambda s: (str(s["occurred_on"]), str(s.get("created_at", "")), str(s["id"])),
    )
    for step in ordered:
        kind, data = str(step["kind"]), json_data(step.get("data"))
        if kind not in ALLOWED[out.status]:
            out.anomalies.append(step)
            continue
        out.steps.append(step)
        day = dt.date.fromisoformat(str(step["occurred_on"]))
        if kind == "listing_issued":
            out.status, out.issued_on = "issued", day
            out.number = str(data.get("number", ""))
            out.document_id = str(data.get("document_id", ""))
        elif kind == "listing_revoked":
            out.status, out.revoked_on = "revoked", day
        else:
            out.status, out.closed_on = "closed", day
    if out.status == "issued" and out.reason is None:
        out.attention = out.withdrawn or (
            "不再符合挂牌督办条件，请审批人决定是否撤销",
            "no longer meets the trigger; an approver decides whether to revoke",
        )
    return out


def _why_gone(view: AccidentView, params: AccidentParams) -> tuple[str, str] | None:
    """Why a listing that an earlier report triggered is no longer due (None if none was)."""
    sector = str(view.record["sector"])
    was = any(
        trigger_of(sector, g, r.figures, params)
        for r, g in zip(view.reports, view.grades, strict=True)
    )
    if not was:
        return None
    if view.grade not in params.listing_grades:
        return (
            f"补报后为{view.grade}事故，由设区的市级以上人民政府负责调查，不再挂牌督办"
            "（《生产安全事故报告和调查处理条例》第十九条）",
            f"after the supplementary report the accident is {view.grade}: investigated by the "
            "city's or a higher government (Art. 19), not listed",
        )
    return (
        f"补报后伤亡情况为{view.figures.describe()}，不再符合挂牌督办条件",
        "after the supplementary report the figures no longer meet the trigger",
    )
