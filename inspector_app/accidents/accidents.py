"""Accidents and their reports (《生产安全事故报告和调查处理条例》, 国务院令第493号).

An accident (``accident``) is when and where it happened, the unit (a registry entry, or only a
county and town when there is none), the sector (工矿商贸 or another) and the type of the
classification in force on its day (GB 6441-1986 until 2026-06-30, GB 6441-2025 from
2026-07-01; the standard is recorded on the accident).

Its figures — deaths, missing, serious injuries (acute industrial poisoning included, Art. 3),
minor injuries and the direct economic loss in yuan — are those of its reports
(``accident_report``): the first report (Art. 9, 12) and each supplementary report (补报,
Art. 13), every one kept as recorded. The accident's current figures and grade are those of
its latest report (``model.derive``), so a supplementary report re-grades it (Art. 13, 20).

Dates are evidence: nothing is dated in the future; the unit's head cannot learn of an
accident before it happened; no report precedes the accident; a supplementary report follows
the first and falls within 30 days of the accident (7 for road traffic and fire) — after that
the figures stand as reported (Art. 13).

``check_accident`` and ``check_accident_report`` are the rules of a record as it arrives over
the wire (the server runs them before accepting a pushed record); the writes here run them too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache, partial
from typing import Any

from inspector_app.accidents import fields
from inspector_app.accidents.fields import Collector, fail
from inspector_app.accidents.model import (
    FIGURE_FIELDS,
    figures_of,
    report_of,
    supplementary_window,
)
from inspector_app.accidents.params import AccidentParams, default_params
from inspector_app.registry import jurisdictions
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import RecordInvalid, ValidationError
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.facts import Facts

ACCIDENT_FIELDS = (
    "county_code",
    "town_code",
    "supervising_unit",
    "authority_code",
    "enterprise_id",
    "unit_name",
    "occurred_at",
    "known_at",
    "place",
    "sector",
    "type_standard",
    "accident_type",
    "wide_impact",
    "wide_impact_reason",
    "created_by",
)
# what may be corrected after recording (each change is logged); the rest is fixed
CORRECTABLE = ("unit_name", "place", "sector", "accident_type", "wide_impact", "wide_impact_reason")
FIXED = tuple(f for f in ACCIDENT_FIELDS if f not in CORRECTABLE)
REPORT_FIELDS = (
    "accident_id",
    "kind",
    "reported_at",
    "deaths",
    "missing",
    "serious_injuries",
    "minor_injuries",
    "direct_loss_yuan",
    "unit_overview",
    "situation",
    "course",
    "measures",
    "other",
    "reporter",
    "change_note",
    "created_by",
)
REPORT_KINDS = {"first": "首报", "supplementary": "补报"}
NARRATIVE = ("unit_overview", "situation", "course", "measures", "other")
MAX_NARRATIVE = 4000


# -- the wire rules ------------------------------------------------------------------------------


@cache
def shipped_tree() -> JurisdictionTree:
    """The jurisdictions shipped with the app (used when the caller passes none)."""
    return jurisdictions.load()


def check_accident(
    data: Mapping[str, Any],
    facts: Facts,
    today: dt.date,
    *,
    record_id: str = "",
    tree: JurisdictionTree | None = None,
    params: AccidentParams | None = None,
) -> dict[str, Any]:
    """An ``accident`` record normalised, or ``RecordInvalid`` naming every problem.

    ``record_id``: the record's id when it may exist already (an update): its fixed fields must
    not change. ``today``: a date, or an aware datetime to check times to the minute."""
    tree = tree or shipped_tree()
    params = params or default_params()
    c = Collector()
    enterprise = c("enterprise_id", lambda: _enterprise(data.get("enterprise_id"), facts))
    county = c("county_code", lambda: _county(data.get("county_code"), tree))
    if county is not None:
        town = c("town_code", lambda: _town(data.get("town_code"), county, tree))
        if "town_code" in c.out:
            unit = c(
                "supervising_unit",
                lambda: _supervisor(data.get("supervising_unit"), county, town, tree),
            )
            if unit is not None:
                c("authority_code", lambda: _authority(data.get("authority_code"), unit, tree))
    name = data.get("unit_name") or (enterprise or {}).get("name")
    c("unit_name", lambda: fields.text(name, "unit_name", 100))
    occurred = c("occurred_at", lambda: _occurred(data.get("occurred_at"), today))
    if occurred is not None:
        c("known_at", lambda: _known(data.get("known_at") or occurred, occurred, today))
        standard = c(
            "type_standard", lambda: _standard(data.get("type_standard"), occurred, params)
        )
        if standard is not None:
            c("accident_type", lambda: _type(data.get("accident_type"), standard, params))
    c("place", lambda: fields.text(data.get("place"), "place", 200, required=True))
    sectors = {code: zh for code, (zh, _) in params.sectors.items()}
    c("sector", lambda: fields.choice(data.get("sector"), "sector", sectors))
    wide = c("wide_impact", lambda: fields.flag(data.get("wide_impact"), "wide_impact"))
    c(
        "wide_impact_reason",
        lambda: fields.text(
            data.get("wide_impact_reason"), "wide_impact_reason", 500, required=bool(wide)
        ),
    )
    c("created_by", lambda: fields.text(data.get("created_by"), "created_by", 64, required=True))
    out = c.done()
    out["enterprise_id"] = enterprise["id"] if enterprise else ""
    if occurred is not None:
        out["occurred_at"] = fields.stamp(occurred)
        out["known_at"] = fields.stamp(out["known_at"])
    old = facts.get("accident", record_id) if record_id else None
    if old is not None:
        changed = [f for f in FIXED if old.get(f) != out[f]]
        if changed:
            raise RecordInvalid(
                [
                    fail(
                        f,
                        "fixed",
                        "事故的时间、地点和单位登记后不能更改",
                        "the time, place and unit of an accident cannot be changed",
                    )
                    for f in changed
                ]
            )
    return {f: out[f] for f in ACCIDENT_FIELDS}


def _enterprise(value: object, facts: Facts) -> dict[str, Any] | None:
    enterprise_id = str(value or "").strip()
    if not enterprise_id:
        return None
    found = facts.get("enterprise", enterprise_id)
    if found is None:
        raise fail(
            "enterprise_id",
            "unknown",
            "不在单位名录中",
            f"{enterprise_id!r} is not in the registry",
        )
    return found


def _county(value: object, tree: JurisdictionTree) -> str:
    code = str(value or "").strip()
    unit = tree.units.get(code)
    if unit is None or unit.level != "county":
        raise fail(
            "county_code",
            "unknown",
            f"“{code}”不是已知的县（市、区）",
            f"{code!r} is not a known county",
        )
    return code


def _town(value: object, county: str, tree: JurisdictionTree) -> str | None:
    code = str(value or "").strip()
    if not code:
        return None
    unit = tree.units.get(code)
    if unit is None or unit.level != "town" or unit.parent_code != county:
        raise fail(
            "town_code",
            "unknown",
            f"“{code}”不在{tree.units[county].name}的辖区内",
            f"{code!r} is not within {county}",
        )
    return code


def _supervisor(value: object, county: str, town: str | None, tree: JurisdictionTree) -> str:
    default = tree.default_supervisor(town) if town else county
    code = str(value or "").strip() or default
    allowed = {default, county, *(p.code for p in tree.parks_of(county))}
    if code not in allowed:
        names = "、".join(tree.units[a].name for a in sorted(allowed))
        raise fail(
            "supervising_unit",
            "not_allowed",
            f"“{code}”不能监管该地的单位，可选：{names}",
            f"{code!r} cannot supervise this place; allowed: {', '.join(sorted(allowed))}",
        )
    return code


def _authority(value: object, unit: str, tree: JurisdictionTree) -> str:
    expected = tree.reporting_unit(unit).code
    given = str(value or "").strip()
    if given and given != expected:
        raise fail(
            "authority_code",
            "mismatch",
            f"应为监管单位所属的县级单位“{tree.units[expected].name}”",
            f"must be {expected}, the county-level unit of the supervising unit",
        )
    return expected


def _occurred(value: object, today: dt.date) -> dt.datetime:
    found = fields.moment(value, "occurred_at")
    fields.not_future(found, today, "occurred_at")
    return found


def _known(value: object, occurred: dt.datetime, today: dt.date) -> dt.datetime:
    found = fields.moment(value, "known_at")
    fields.not_future(found, today, "known_at")
    fields.not_before(found, occurred, "known_at", "事故发生时间", "the accident")
    return found


def _standard(value: object, occurred: dt.datetime, params: AccidentParams) -> str:
    """The classification in force on the accident's day; another one is refused."""
    expected = params.type_list_for(occurred.date())
    given = str(value or "").strip()
    if given and given != expected.code:
        raise fail(
            "type_standard",
            "standard",
            f"{occurred.date().isoformat()}发生的事故应按{expected.title}分类",
            f"an accident of {occurred.date().isoformat()} is classified by {expected.code}",
        )
    return expected.code


def _type(value: object, standard: str, params: AccidentParams) -> str:
    name = str(value or "").strip()
    listed = params.type_lists[standard]
    if name not in listed.types:
        raise fail(
            "accident_type",
            "choice",
            f"“{name}”不是{listed.title}的事故类型",
            f"{name!r} is not an accident type of {standard}",
        )
    return name


def check_accident_report(
    data: Mapping[str, Any],
    facts: Facts,
    today: dt.date,
    *,
    record_id: str = "",
    params: AccidentParams | None = None,
) -> dict[str, Any]:
    """An ``accident_report`` record normalised, or ``RecordInvalid``.

    The accident must exist; one first report per accident; a supplementary report follows
    the first, stays within the window of Art. 13 and changes the figures."""
    params = params or default_params()
    c = Collector()
    accident = c("accident_id", lambda: _accident(data.get("accident_id"), facts))
    kind = c("kind", lambda: fields.choice(data.get("kind"), "kind", REPORT_KINDS))
    reported = c("reported_at", lambda: fields.moment(data.get("reported_at"), "reported_at"))
    for name in FIGURE_FIELDS:
        # deaths and serious injuries are always stated (Art. 12); missing and minor may be left
        given = data.get(name) if name in ("deaths", "serious_injuries") else data.get(name, 0)
        c(name, partial(fields.count, given, name))
    loss = c(
        "direct_loss_yuan", lambda: fields.amount(data.get("direct_loss_yuan"), "direct_loss_yuan")
    )
    for name in NARRATIVE:
        required = name == "course" and kind == "first"  # Art. 12 (三): the course of events
        c(name, partial(fields.text, data.get(name), name, MAX_NARRATIVE, required=required))
    c("reporter", lambda: fields.text(data.get("reporter"), "reporter", 100))
    c(
        "change_note",
        lambda: fields.text(
            data.get("change_note"), "change_note", 1000, required=kind == "supplementary"
        ),
    )
    c("created_by", lambda: fields.text(data.get("created_by"), "created_by", 64, required=True))
    if reported is not None:
        c("reported_at", lambda: _report_time(reported, accident, today))
    out = c.done()
    out["accident_id"] = accident["id"] if accident else ""
    out["reported_at"] = fields.stamp(reported) if reported else ""
    out["direct_loss_yuan"] = fields.yuan_text(loss) if loss is not None else ""
    assert accident is not None and reported is not None
    others = [
        r
        for r in facts.find("accident_report", {"accident_id": accident["id"]})
        if r["id"] != record_id
    ]
    _check_sequence(out, reported, accident, others, params)
    return {f: out[f] for f in REPORT_FIELDS}


def _accident(value: object, facts: Facts) -> dict[str, Any]:
    accident_id = str(value or "").strip()
    found = facts.get("accident", accident_id) if accident_id else None
    if found is None:
        raise fail("accident_id", "unknown", "找不到该事故", f"no accident {accident_id!r}")
    return found


def _report_time(
    reported: dt.datetime, accident: Mapping[str, Any] | None, today: dt.date
) -> dt.datetime:
    fields.not_future(reported, today, "reported_at")
    if accident is not None:
        occurred = dt.datetime.fromisoformat(str(accident["occurred_at"]))
        fields.not_before(reported, occurred, "reported_at", "事故发生时间", "the accident")
    return reported


def _check_sequence(
    out: Mapping[str, Any],
    reported: dt.datetime,
    accident: Mapping[str, Any],
    others: list[dict[str, Any]],
    params: AccidentParams,
) -> None:
    firsts = [r for r in others if r["kind"] == "first"]
    if out["kind"] == "first":
        if firsts:
            raise RecordInvalid(
                [
                    fail(
                        "kind",
                        "twice",
                        "该事故已有首报，伤亡人数变化请作补报",
                        "the accident has its first report: make a supplementary report",
                    )
                ]
            )
        return
    if not firsts:
        raise RecordInvalid(
            [fail("kind", "no_first", "事故尚无首报，不能补报", "there is no first report yet")]
        )
    first_at = dt.datetime.fromisoformat(str(firsts[0]["reported_at"]))
    problems: list[ValidationError] = []
    try:
        fields.not_before(reported, first_at, "reported_at", "首报时间", "the first report")
    except ValidationError as exc:
        problems.append(exc)
    days, last = supplementary_window(accident, params)
    if reported > last:
        problems.append(
            fail(
                "reported_at",
                "window",
                f"补报应在事故发生之日起{days}日内（至{last.date().isoformat()}），"
                "逾期伤亡人数的变化不再补报（《生产安全事故报告和调查处理条例》第十三条）",
                f"a supplementary report is made within {days} days of the accident "
                f"(by {last.date().isoformat()}) (Art. 13)",
            )
        )
    earlier = sorted(
        (
            report_of(r)
            for r in others
            if dt.datetime.fromisoformat(str(r["reported_at"])) <= reported
        ),
        key=lambda r: r.order_key,
    )
    if earlier and figures_of(out) == earlier[-1].figures:
        problems.append(
            fail(
                "change_note",
                "unchanged",
                "补报的伤亡人数和直接经济损失与上次报告相同",
                "the figures are the same as in the last report",
            )
        )
    if problems:
        raise RecordInvalid(problems)


# -- writing ------------------------------------------------------------------------------------


def insert_accident(uow: UnitOfWork, record: Mapping[str, Any]) -> str:
    """Insert a checked ``accident`` record and log it; returns its id."""
    return uow.insert("accident", record, ("created_at", "updated_at"))


def insert_report(uow: UnitOfWork, record: Mapping[str, Any]) -> str:
    """Insert a checked ``accident_report`` record and log it; returns its id."""
    return uow.insert("accident_report", record, ("created_at",))


def update_accident(
    uow: UnitOfWork, accident_id: str, old: Mapping[str, Any], new: Mapping[str, Any]
) -> dict[str, list[Any]]:
    """Write the changed fields of a checked record (only ``CORRECTABLE`` ones can differ)."""
    return uow.update("accident", accident_id, old, {f: new[f] for f in CORRECTABLE}, touch=True)
