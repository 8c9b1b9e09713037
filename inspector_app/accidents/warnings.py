"""Warning notices (警示通报) on repeated accidents and accidents of wide impact.

嘉兴市《安全生产通报警示实施办法（试行）》: a county (县、市、区, the functional zones counted as
the city reports them) where accidents of the same type, each with 2 or more deaths or 3 or
more casualties, happen again within 60 days — or another general accident of wide social
impact — gets a warning notice addressed to its party committee and government, the city's
departments concerned and the enterprises concerned: the course and preliminary causes, the
lessons, and measures against the same kind of accident. The parameters are data
(``warning``, ``warning_casualties``, ``warning_scope`` in ``resources/accidents.json``):

* "within 60 days": the days between the two accidents' dates — 60 apart is within, 61 is not;
* casualties (伤亡) are deaths, missing, serious and minor injuries together (an interpretation,
  marked unverified in the data); "以上" includes the number;
* the same type: the same class of one standard; across the change of standard (2026-07-01)
  an old class is the same as any new class it corresponds to (``type_correspondence``);
* wide impact is a person's judgement: the ``wide_impact`` flag on the accident, with a reason.

Each accident that repeats an earlier one gives a *candidate* (``candidates``), keyed by the
repeating accident: it is derived from the accidents, so it appears on any device as soon as
the records are there (after a sync too). ``open_drafts`` stores a draft notice for each
candidate no notice answers yet; a person completes the draft (lessons, measures), then issues
it (number, frozen content) or withdraws it with a reason. The rule is checked again at issue:
a draft that a supplementary report made undue cannot be issued (``register`` flags it).

The register of notices issued counts the counties and departments addressed (the seed: 10
notices to 2 departments and 8 counties since 2018): a notice is addressed to one county or to
one city department (``addressed_county`` / ``addressed_department``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from inspector_app.accidents import documents, fields, writing
from inspector_app.accidents.accidents import shipped_tree
from inspector_app.accidents.fields import Collector, fail
from inspector_app.accidents.model import AccidentView, derive
from inspector_app.accidents.params import AccidentParams, default_params
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import RecordInvalid
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.facts import Facts, LocalFacts

WARNING_FIELDS = (
    "county_code",
    "basis",
    "trigger_key",
    "accident_ids",
    "addressed_county",
    "addressed_department",
    "copy_to",
    "enterprises",
    "course",
    "lessons",
    "measures",
    "status",
    "number",
    "issued_on",
    "reason",
    "created_by",
)
BASES = {"repeat": "60天内重复发生同类型事故", "wide_impact": "有较大社会影响的一般事故"}
STATUSES = {"draft": "草稿", "issued": "已印发", "withdrawn": "已撤回"}
EDITABLE = (
    "addressed_county",
    "addressed_department",
    "copy_to",
    "enterprises",
    "course",
    "lessons",
    "measures",
)
MAX_TEXT = 4000


def same_type(a: AccidentView, b: AccidentView, params: AccidentParams | None = None) -> bool:
    """Whether two accidents are of the same type, across the change of standard too."""
    params = params or default_params()
    type_a, type_b = str(a.record["accident_type"]), str(b.record["accident_type"])
    std_a, std_b = a.record["type_standard"], b.record["type_standard"]
    if std_a == std_b:
        return type_a == type_b
    old, new = (type_a, type_b) if std_a == "GB6441-1986" else (type_b, type_a)
    return new in params.correspondence.get(old, ())


def qualifies(view: AccidentView, params: AccidentParams | None = None) -> bool:
    """Deaths (missing included, by data) at least 2, or casualties at least 3."""
    params = params or default_params()
    if view.grade not in params.warning_grades:
        return False
    if view.record["sector"] not in params.warning_sectors:
        return False
    return (
        view.figures.grading_deaths(params) >= params.warning_deaths_min
        or view.figures.casualties(params) >= params.warning_casualties_min
    )


@dataclass(frozen=True)
class Candidate:
    """A notice the rule calls for: ``accident_ids`` in the order they happened."""

    key: str
    basis: str
    county_code: str
    accident_ids: tuple[str, ...]
    reason: tuple[str, str]


def _order(view: AccidentView) -> tuple[dt.datetime, str]:
    return (view.occurred_at, view.id)


def repeats(
    view: AccidentView, others: Iterable[AccidentView], params: AccidentParams | None = None
) -> list[AccidentView]:
    """The earlier qualifying accidents of the same county and type that ``view`` repeats
    within the window (empty if ``view`` itself does not qualify)."""
    params = params or default_params()
    if not qualifies(view, params):
        return []
    county = view.record["authority_code"]
    found = [
        other
        for other in others
        if other.id != view.id
        and other.record["authority_code"] == county
        and _order(other) < _order(view)
        and (view.occurred_on - other.occurred_on).days <= params.warning_window_days
        and same_type(view, other, params)
        and qualifies(other, params)
    ]
    return sorted(found, key=_order)


def candidates(
    views: Sequence[AccidentView], params: AccidentParams | None = None
) -> list[Candidate]:
    """Every notice the accidents call for (repeats, then accidents flagged as of wide impact)."""
    params = params or default_params()
    out = []
    for view in sorted(views, key=_order):
        earlier = repeats(view, views, params)
        if earlier:
            days = (view.occurred_on - earlier[-1].occurred_on).days
            kind = view.record["accident_type"]
            out.append(
                Candidate(
                    f"repeat:{view.id}",
                    "repeat",
                    str(view.record["authority_code"]),
                    tuple(v.id for v in [*earlier, view]),
                    (
                        f"{params.warning_window_days}天内重复发生{kind}事故（间隔{days}天）",
                        f"{kind} accidents repeated within {params.warning_window_days} days "
                        f"({days} days apart)",
                    ),
                )
            )
    for view in sorted(views, key=_order):
        if view.record.get("wide_impact"):
            out.append(
                Candidate(
                    f"wide_impact:{view.id}",
                    "wide_impact",
                    str(view.record["authority_code"]),
                    (view.id,),
                    (str(view.record["wide_impact_reason"]), "an accident of wide impact"),
                )
            )
    return out


def rule_holds(
    basis: str, accidents: Sequence[AccidentView], params: AccidentParams | None = None
) -> tuple[str, str] | None:
    """None if the accidents meet the basis of a notice, else why not (zh, en)."""
    params = params or default_params()
    if basis == "wide_impact":
        if accidents and all(v.record.get("wide_impact") for v in accidents):
            return None
        return ("所列事故未标记为有较大社会影响", "the accidents are not flagged as of wide impact")
    ordered = sorted(accidents, key=_order)
    if len(ordered) < 2:
        return ("重复事故通报至少须列两起事故", "a repeat notice lists at least two accidents")
    latest = ordered[-1]
    if set(v.id for v in repeats(latest, ordered, params)) != {v.id for v in ordered[:-1]}:
        window = params.warning_window_days
        return (
            f"所列事故不都是{window}天内在同一县（市、区）发生、死亡"
            f"{params.warning_deaths_min}人或伤亡{params.warning_casualties_min}人以上的同类型事故",
            f"the accidents are not all of one county and type, within {window} days, each with "
            f"{params.warning_deaths_min}+ deaths or {params.warning_casualties_min}+ casualties",
        )
    return None


# -- loading ------------------------------------------------------------------------------------


def views_of_county(
    facts: Facts, county_code: str, params: AccidentParams | None = None
) -> list[AccidentView]:
    return [
        derive(a, facts.find("accident_report", {"accident_id": a["id"]}), params)
        for a in facts.find("accident", {"authority_code": county_code})
    ]


def notices(facts: Facts, county_code: str) -> list[dict[str, Any]]:
    return facts.find("warning_notice", {"county_code": county_code})


def pending(
    facts: Facts, county_code: str, params: AccidentParams | None = None
) -> list[Candidate]:
    """The county's candidates that no notice answers yet (a withdrawn one answers too)."""
    taken = {n["trigger_key"] for n in notices(facts, county_code)}
    views = views_of_county(facts, county_code, params)
    return [c for c in candidates(views, params) if c.key not in taken]


# -- the wire rule -------------------------------------------------------------------------------


def check_warning_notice(
    data: Mapping[str, Any],
    facts: Facts,
    today: dt.date,
    *,
    record_id: str = "",
    tree: JurisdictionTree | None = None,
    params: AccidentParams | None = None,
) -> dict[str, Any]:
    """A ``warning_notice`` record normalised, or ``RecordInvalid`` naming every problem.

    A draft may be edited; an issued or withdrawn notice never changes. At issue the notice
    needs its content, number and date, and its accidents must meet the rule of its basis."""
    tree = tree or shipped_tree()
    params = params or default_params()
    old = facts.get("warning_notice", record_id) if record_id else None
    if old is not None and old["status"] != "draft":
        changed = [f for f in WARNING_FIELDS if f in data and data[f] != old.get(f)]
        if changed:
            raise RecordInvalid(
                [
                    fail(
                        changed[0],
                        "issued",
                        "警示通报已印发或撤回，不能再修改",
                        "the notice is issued or withdrawn and cannot change",
                    )
                ]
            )
    c = Collector()
    county = c("county_code", lambda: _reporting_unit(data.get("county_code"), "county_code", tree))
    basis = c("basis", lambda: fields.choice(data.get("basis"), "basis", BASES))
    status = c("status", lambda: fields.choice(data.get("status") or "draft", "status", STATUSES))
    views = c("accident_ids", lambda: _accidents(data.get("accident_ids"), county, facts, params))
    c("trigger_key", lambda: _trigger_key(data.get("trigger_key"), basis, views))
    _addressees(c, data, tree)
    for name in ("copy_to", "enterprises"):
        c(name, partial(fields.text, data.get(name), name, 1000))
    for name in ("course", "lessons", "measures"):
        shown = {"course": "warning_course", "measures": "warning_measures"}.get(name, "")
        c(name, partial(fields.text, data.get(name), name, MAX_TEXT, status == "issued", shown))
    c("number", lambda: fields.text(data.get("number"), "number", 60, status == "issued"))
    c("issued_on", lambda: _issued_on(data.get("issued_on"), status, views, today))
    c("reason", lambda: fields.text(data.get("reason"), "reason", 500, status == "withdrawn"))
    c("created_by", lambda: fields.text(data.get("created_by"), "created_by", 64, required=True))
    out = c.done()
    if status == "issued" and basis is not None and views is not None:
        why = rule_holds(basis, views, params)
        if why is not None:
            raise RecordInvalid([fail("accident_ids", "rule", why[0], why[1])])
    out["accident_ids"] = ",".join(v.id for v in sorted(views or [], key=_order))
    return {f: out[f] for f in WARNING_FIELDS}


def _reporting_unit(value: object, field: str, tree: JurisdictionTree) -> str:
    code = str(value or "").strip()
    unit = tree.units.get(code)
    if unit is None or unit.level not in ("county", "zone"):
        raise fail(
            field,
            "unknown",
            f"“{code}”不是本市的县（市、区）",
            f"{code!r} is not a county-level unit of the city",
        )
    return code


def _accidents(
    value: object, county: str | None, facts: Facts, params: AccidentParams
) -> list[AccidentView]:
    out = []
    for accident_id in fields.ids(value, "accident_ids"):
        found = facts.get("accident", accident_id)
        if found is None:
            raise fail("accident_ids", "unknown", "找不到所列事故", f"no accident {accident_id}")
        if county is not None and found["authority_code"] != county:
            raise fail(
                "accident_ids",
                "county",
                "所列事故不在该县（市、区）",
                f"accident {accident_id} is not of county {county}",
            )
        out.append(
            derive(found, facts.find("accident_report", {"accident_id": accident_id}), params)
        )
    return out


def _trigger_key(value: object, basis: str | None, views: list[AccidentView] | None) -> str:
    key = str(value or "").strip()
    prefix, _, trigger = key.partition(":")
    if basis is not None and views is not None:
        latest = max(views, key=_order).id if basis == "repeat" else None
        if (
            prefix != basis
            or trigger not in {v.id for v in views}
            or (latest is not None and trigger != latest)
        ):
            raise fail(
                "trigger_key",
                "mismatch",
                "与通报依据和所列事故不符",
                "does not match the basis and the accidents",
            )
    return key


def _addressees(c: Collector, data: Mapping[str, Any], tree: JurisdictionTree) -> None:
    county = str(data.get("addressed_county") or "").strip()
    department = str(data.get("addressed_department") or "").strip()
    if bool(county) == bool(department):
        c.add(
            fail(
                "addressed_county",
                "one_addressee",
                "主送一个县（市、区）或一个市级部门，二者选一",
                "address the notice to one county or to one city department",
            )
        )
        return
    c(
        "addressed_county",
        lambda: _reporting_unit(county, "addressed_county", tree) if county else "",
    )
    c("addressed_department", lambda: fields.text(department, "addressed_department", 100))


def _issued_on(
    value: object, status: str | None, views: list[AccidentView] | None, today: dt.date
) -> str:
    if status != "issued":
        if value:
            raise fail("issued_on", "draft", "草稿没有印发日期", "a draft has no date of issue")
        return ""
    day = fields.day(value, "issued_on")
    fields.not_future(day, today, "issued_on")
    if views:
        latest = max(v.occurred_on for v in views)
        fields.not_before(day, latest, "issued_on", "所通报事故的发生日期", "the accidents")
    return day.isoformat()


# -- writing ------------------------------------------------------------------------------------


def open_drafts(
    uow: UnitOfWork,
    county_code: str,
    *,
    tree: JurisdictionTree | None = None,
    params: AccidentParams | None = None,
) -> list[str]:
    """Store a draft notice for each of the county's candidates no notice answers yet; returns
    the new notices' ids (run after an accident is recorded, re-graded or flagged)."""
    facts = LocalFacts(uow.conn)
    made = []
    for candidate in pending(facts, county_code, params):
        made.append(prepare(uow, candidate, tree=tree, params=params))
    return made


def prepare(
    uow: UnitOfWork,
    candidate: Candidate,
    *,
    tree: JurisdictionTree | None = None,
    params: AccidentParams | None = None,
) -> str:
    """A draft notice for ``candidate``: addressed to its county, the course of each accident
    and the enterprises concerned filled in from the reports."""
    facts = LocalFacts(uow.conn)
    views = [
        derive(a, facts.find("accident_report", {"accident_id": a["id"]}), params)
        for a in (facts.get("accident", i) for i in candidate.accident_ids)
        if a is not None
    ]
    record = {
        "county_code": candidate.county_code,
        "basis": candidate.basis,
        "trigger_key": candidate.key,
        "accident_ids": list(candidate.accident_ids),
        "addressed_county": candidate.county_code,
        "addressed_department": "",
        "copy_to": "",
        "enterprises": "、".join(
            dict.fromkeys(str(v["unit_name"]) for v in views if v["unit_name"])
        ),
        "course": "\n".join(course_of(v, tree) for v in sorted(views, key=_order)),
        "lessons": "",
        "measures": "",
        "status": "draft",
        "number": "",
        "issued_on": "",
        "reason": "",
        "created_by": uow.author,
    }
    checked = check_warning_notice(record, facts, writing.now_of(uow), tree=tree, params=params)
    return uow.insert("warning_notice", checked, ("created_at", "updated_at"))


def course_of(view: AccidentView, tree: JurisdictionTree | None = None) -> str:
    """One accident in a sentence, then the course of events as last reported."""
    tree = tree or shipped_tree()
    head = (
        f"{documents.chinese_moment(view.occurred_at)}，{documents.where_text(view, tree)}"
        f"发生一起{view['accident_type']}事故，造成{view.figures.describe()}。"
    )
    told = next(
        (r.record.get("course") for r in reversed(view.reports) if r.record.get("course")), ""
    )
    return head + str(told or "")


def edit(
    uow: UnitOfWork,
    notice_id: str,
    changes: Mapping[str, Any],
    *,
    tree: JurisdictionTree | None = None,
    params: AccidentParams | None = None,
) -> dict[str, list[Any]]:
    """Change the text or the addressee of a draft; returns {field: [old, new]}."""
    old = _require(uow, notice_id)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    return _save(uow, notice_id, old, {**old, **changes}, tree, params)


def withdraw(uow: UnitOfWork, notice_id: str, reason: str) -> dict[str, list[Any]]:
    """Withdraw a draft the office decides not to issue (the reason is kept)."""
    old = _require(uow, notice_id)
    return _save(uow, notice_id, old, {**old, "status": "withdrawn", "reason": reason}, None, None)


def _require(uow: UnitOfWork, notice_id: str) -> dict[str, Any]:
    found = LocalFacts(uow.conn).get("warning_notice", notice_id)
    if found is None:
        raise fail("notice_id", "unknown", "找不到该警示通报", f"no warning notice {notice_id}")
    if found["status"] != "draft":
        raise fail(
            "status",
            "issued",
            "警示通报已印发或撤回，不能再修改",
            "the notice is issued or withdrawn and cannot change",
        )
    return found


def _save(
    uow: UnitOfWork,
    notice_id: str,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    tree: JurisdictionTree | None,
    params: AccidentParams | None,
) -> dict[str, list[Any]]:
    record = {f: new[f] for f in WARNING_FIELDS}
    checked = check_warning_notice(
        record,
        LocalFacts(uow.conn),
        writing.now_of(uow),
        record_id=notice_id,
        tree=tree,
        params=params,
    )
    return uow.update("warning_notice", notice_id, old, checked, touch=True)


def issue(
    uow: UnitOfWork,
    notice_id: str,
    issued_on: dt.date,
    *,
    tree: JurisdictionTree | None = None,
    params: AccidentParams | None = None,
) -> str:
    """Issue a draft: check it as issued, take its number, freeze its content as a
    ``document`` (kind ``warning_notice``); returns the document's id."""
    tree = tree or shipped_tree()
    old = _require(uow, notice_id)
    number, where = documents.take_number(uow, "warning_notice", notice_id, issued_on, tree, params)
    new = {**old, "status": "issued", "number": number, "issued_on": issued_on.isoformat()}
    _save(uow, notice_id, old, new, tree, params)
    notice = LocalFacts(uow.conn).get("warning_notice", notice_id)
    assert notice is not None
    content = documents.warning_notice_content(notice, LocalFacts(uow.conn), tree, params)
    return documents.store(
        uow, "warning_notice", notice_id, content, where, str(notice["county_code"])
    )


# -- the register -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterSummary:
    notices: int
    counties: int
    departments: int


def register(
    facts: Facts, year: int | None = None, county_code: str | None = None
) -> list[dict[str, Any]]:
    """Issued notices, newest first, of a year and a county if given."""
    where = {"status": "issued", **({"county_code": county_code} if county_code else {})}
    rows = [
        n
        for n in facts.find("warning_notice", where)
        if year is None or str(n["issued_on"]).startswith(f"{year:04d}-")
    ]
    return sorted(rows, key=lambda n: (str(n["issued_on"]), str(n["id"])), reverse=True)


def summary(rows: Iterable[Mapping[str, Any]]) -> RegisterSummary:
    """How many notices, to how many counties and how many departments."""
    rows = list(rows)
    counties = {r["addressed_county"] for r in rows if r["addressed_county"]}
    departments = {r["addressed_department"] for r in rows if r["addressed_department"]}
    return RegisterSummary(len(rows), len(counties), len(departments))


def drafts(
    facts: Facts, county_code: str, params: AccidentParams | None = None
) -> list[tuple[dict[str, Any], tuple[str, str] | None]]:
    """The county's drafts, each with why it could not be issued as it stands (None if it can)."""
    out = []
    for notice in facts.find("warning_notice", {"county_code": county_code, "status": "draft"}):
        views = [
            derive(a, facts.find("accident_report", {"accident_id": a["id"]}), params)
            for a in (facts.get("accident", i) for i in str(notice["accident_ids"]).split(","))
            if a is not None
        ]
        out.append((notice, rule_holds(str(notice["basis"]), views, params)))
    return out
