"""The writes the screens call: each runs in the caller's unit of work, checks its records with
the same rules the server runs (``check_*``), and returns what changed and what it set off.

Recording an accident, or a supplementary report that re-grades it, is followed at once by
the city's rules: the listing draft is derived (``Outcome.listing``) and the county's warning
candidates get their draft notices (``Outcome.warnings_opened``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from inspector_app.accidents import accidents, documents, listing, steps, warnings, writing
from inspector_app.accidents.fields import fail
from inspector_app.accidents.model import AccidentView, view_of
from inspector_app.accidents.params import AccidentParams
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.facts import LocalFacts


@dataclass
class Outcome:
    """What a write did: the accident as it now stands and what the city's rules made of it."""

    accident_id: str
    view: AccidentView
    listing: listing.Listing
    report_id: str = ""
    previous_grade: str | None = None
    warnings_opened: list[str] = field(default_factory=list)
    changed: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def regraded(self) -> bool:
        return self.previous_grade is not None and self.previous_grade != self.view.grade


def record_accident(
    uow: UnitOfWork,
    values: Mapping[str, Any],
    first_report: Mapping[str, Any],
    *,
    tree: JurisdictionTree | None = None,
    params: AccidentParams | None = None,
) -> Outcome:
    """Record an accident with its first report (Art. 9, 12).

    ``values``: the ``accident`` fields; with an ``enterprise_id`` the county, town,
    supervising unit and name come from the registry entry unless given. ``first_report``:
    the ``accident_report`` fields but ``accident_id`` and ``kind``."""
    facts = LocalFacts(uow.conn)
    record = dict(values)
    enterprise_id = str(record.get("enterprise_id") or "")
    enterprise = facts.get("enterprise", enterprise_id) if enterprise_id else None
    if enterprise is not None:
        for key, source in (
            ("county_code", "county_code"),
            ("town_code", "town_code"),
            ("supervising_unit", "supervising_unit"),
            ("unit_name", "name"),
        ):
            record.setdefault(key, enterprise[source])
    record["created_by"] = uow.author
    now = writing.now_of(uow)
    checked = accidents.check_accident(record, facts, now, tree=tree, params=params)
    accident_id = accidents.insert_accident(uow, checked)
    report = {**first_report, "accident_id": accident_id, "kind": "first", "created_by": uow.author}
    report_id = accidents.insert_report(
        uow, accidents.check_accident_report(report, facts, now, params=params)
    )
    return _outcome(uow, accident_id, report_id, None, tree, params)


def add_supplementary_report(
    uow: UnitOfWork,
    accident_id: str,
    report: Mapping[str, Any],
    *,
    tree: JurisdictionTree | None = None,
    params: AccidentParams | None = None,
) -> Outcome:
    """A supplementary report (补报, Art. 13): the figures as they now are, with what changed
    (``change_note``); the accident is re-graded from it."""
    facts = LocalFacts(uow.conn)
    before = view_of(facts, accident_id, params)
    record = {**report, "accident_id": accident_id, "kind": "supplementary"}
    record["created_by"] = uow.author
    checked = accidents.check_accident_report(record, facts, writing.now_of(uow), params=params)
    report_id = accidents.insert_report(uow, checked)
    return _outcome(uow, accident_id, report_id, before.grade, tree, params)


def correct_accident(
    uow: UnitOfWork,
    accident_id: str,
    changes: Mapping[str, Any],
    *,
    tree: JurisdictionTree | None = None,
    params: AccidentParams | None = None,
) -> Outcome:
    """Correct what may be corrected (type, sector, place, unit name, wide impact); the time,
    the place in the jurisdictions and the unit are fixed. Each change is logged."""
    unknown = set(changes) - set(accidents.CORRECTABLE)
    if unknown:
        field_name = sorted(unknown)[0]
        raise fail(field_name, "fixed", "登记后不能更改", "cannot be changed once recorded")
    facts = LocalFacts(uow.conn)
    old = facts.get("accident", accident_id)
    if old is None:
        raise fail("accident_id", "unknown", "找不到该事故", f"no accident {accident_id}")
    before = view_of(facts, accident_id, params)
    new = {**{f: old[f] for f in accidents.ACCIDENT_FIELDS}, **changes}
    checked = accidents.check_accident(
        new, facts, writing.now_of(uow), record_id=accident_id, tree=tree, params=params
    )
    delta = accidents.update_accident(uow, accident_id, old, checked)
    out = _outcome(uow, accident_id, "", before.grade, tree, params)
    out.changed = delta
    return out


def flag_wide_impact(
    uow: UnitOfWork,
    accident_id: str,
    reason: str,
    *,
    tree: JurisdictionTree | None = None,
    params: AccidentParams | None = None,
) -> Outcome:
    """Mark an accident as of wide social impact (a person's judgement, with the reason): it
    then gets a draft warning notice."""
    changes = {"wide_impact": 1, "wide_impact_reason": reason}
    return correct_accident(uow, accident_id, changes, tree=tree, params=params)


def _outcome(
    uow: UnitOfWork,
    accident_id: str,
    report_id: str,
    previous: str | None,
    tree: JurisdictionTree | None,
    params: AccidentParams | None,
) -> Outcome:
    facts = LocalFacts(uow.conn)
    view = view_of(facts, accident_id, params)
    found = facts.find("accident_step", {"accident_id": accident_id})
    opened = warnings.open_drafts(uow, str(view["authority_code"]), tree=tree, params=params)
    return Outcome(
        accident_id,
        view,
        listing.state(view, found, params),
        report_id=report_id,
        previous_grade=previous,
        warnings_opened=opened,
    )


# -- steps ----------------------------------------------------------------------------------------


def record_step(
    uow: UnitOfWork,
    accident_id: str,
    kind: str,
    when: dt.date,
    data: Mapping[str, Any] | None = None,
    officer_id: str = "",
    params: AccidentParams | None = None,
) -> str:
    """One step of the accident (``steps`` module docstring); ``when`` is a date, or for a
    report forwarded up a level the aware time it was sent."""
    values: dict[str, Any] = {
        "accident_id": accident_id,
        "kind": kind,
        "officer_id": officer_id,
        "data": dict(data or {}),
    }
    if isinstance(when, dt.datetime):
        values["occurred_at"] = when
    else:
        values["occurred_on"] = when
    return steps.add_step(uow, LocalFacts(uow.conn), values, params=params)


def issue_listing(
    uow: UnitOfWork,
    accident_id: str,
    issued_on: dt.date,
    *,
    tree: JurisdictionTree | None = None,
    params: AccidentParams | None = None,
) -> str:
    """Issue the listing notice of an accident whose listing is a draft: number, frozen
    content, and the ``listing_issued`` step; returns the document's id."""
    tree = tree or accidents.shipped_tree()
    facts = LocalFacts(uow.conn)
    view = view_of(facts, accident_id, params)
    found = facts.find("accident_step", {"accident_id": accident_id})
    current = listing.state(view, found, params)
    if current.status != "draft" or current.reason is None:
        why = current.withdrawn[0] if current.withdrawn else "不符合挂牌督办条件"
        raise fail(
            "kind",
            "listing",
            f"挂牌督办当前为“{listing.STATUSES[current.status][0]}”，不能印发通知书：{why}",
            f"the listing is {current.status}: no notice can be issued",
        )
    due = steps.investigation(view, found, params).due_on
    number, where = documents.take_number(
        uow, "listing_notice", accident_id, issued_on, tree, params
    )
    content = documents.listing_notice_content(
        view, current.reason, due, tree, number=number, issued_on=issued_on, params=params
    )
    document_id = documents.store(
        uow,
        "listing_notice",
        accident_id,
        content,
        where,
        str(view["authority_code"]),
        str(view["enterprise_id"]),
    )
    data = {"number": number, "document_id": document_id}
    record_step(uow, accident_id, "listing_issued", issued_on, data, params=params)
    return document_id
