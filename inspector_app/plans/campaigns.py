"""Special-period campaigns (专项督查): a level-1 response during a major event, routine joint
supervision by groups drawn from several departments.

A campaign has its dates, its areas (county-level units) and its supervision groups (督查组),
each with members (officers, staff of other departments, experts) and the counties assigned
to it — a county to one group only. Each group reports daily per county: checks made,
problems found, rectified on the spot, cases filed (a correction supersedes a report). Each
problem found is tracked to its end — rectified, or escalated (to the hazard path, a penalty
case or a higher authority) — by append-only events (the closed loop, 闭环管理); its state is
derived. The summary gives the figures by group and county.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from inspector_app.plans import common
from inspector_app.plans.common import Collect, fail
from inspector_app.plans.parameters import default_parameters
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.facts import Facts

MEMBER_ROLES = {
    "leader": common.Label("组长", "Leader"),
    "member": common.Label("组员", "Member"),
    "expert": common.Label("专家", "Expert"),
}
EVENT_KINDS = {
    "extended": common.Label("延期整改", "Extended"),
    "rectified": common.Label("已整改", "Rectified"),
    "escalated": common.Label("已移交处理", "Escalated"),
}
STATES = {
    "open": common.Label("整改中", "Open"),
    "rectified": common.Label("已整改", "Rectified"),
    "escalated": common.Label("已移交处理", "Escalated"),
}
CAMPAIGN_FIELDS = (
    "title",
    "kind",
    "response_level",
    "unit_code",
    "county_code",
    "town_code",
    "supervising_unit",
    "starts_on",
    "ends_on",
    "areas",
    "basis",
    "created_by",
)
GROUP_FIELDS = ("campaign_id", "name", "counties", "created_by")
MEMBER_FIELDS = (
    "group_id",
    "person_name",
    "officer_id",
    "department",
    "role",
    "withdrawn",
    "created_by",
)
REPORT_FIELDS = (
    "campaign_id",
    "group_id",
    "county_code",
    "town_code",
    "supervising_unit",
    "report_on",
    "checks",
    "problems",
    "rectified",
    "cases",
    "note",
    "supersedes_id",
    "created_by",
)
PROBLEM_FIELDS = (
    "campaign_id",
    "group_id",
    "enterprise_id",
    "county_code",
    "town_code",
    "supervising_unit",
    "description",
    "found_on",
    "deadline",
    "major",
    "inspection_id",
    "created_by",
)
EVENT_FIELDS = (
    "problem_id",
    "kind",
    "occurred_on",
    "deadline",
    "hazard_id",
    "case_id",
    "note",
    "created_by",
)


# -- wire checks -----------------------------------------------------------------------------------


def check_campaign(data: Mapping[str, Any], facts: Facts, today: dt.date) -> dict[str, Any]:
    params = default_parameters()
    c = Collect()
    unit = c.field(
        "unit_code",
        lambda: common.require_unit(
            facts, data.get("unit_code"), "unit_code", ("city", "county", "zone")
        ),
    )
    if unit is not None:
        c.out["unit_code"] = unit["code"]
        c.out.update(common.place_of_unit(facts, unit["code"]))
        c.field("areas", lambda: _areas(facts, data.get("areas"), unit))
    c.field("title", lambda: common.text(data.get("title"), "title", 100))
    c.field("kind", lambda: common.one_of(data.get("kind"), "kind", params.campaign_kinds))
    c.field(
        "response_level",
        lambda: common.one_of(
            data.get("response_level", ""), "response_level", params.response_levels
        ),
    )
    start = c.field(
        "starts_on", lambda: common.parse_day(data.get("starts_on"), "starts_on").isoformat()
    )
    if start:
        c.field(
            "ends_on",
            lambda: common.ordered_day(
                data.get("ends_on"),
                "ends_on",
                dt.date.fromisoformat(start),
                common.label("starts_on"),
            ),
        )
    c.field("basis", lambda: common.text(data.get("basis"), "basis", 300, required=False))
    c.field("created_by", lambda: common.text(data.get("created_by"), "created_by", 64))
    out = c.done()
    return {f: out.get(f) for f in CAMPAIGN_FIELDS}


def _areas(facts: Facts, value: object, unit: Mapping[str, Any]) -> str:
    codes = sorted(set(common.id_list(value)))
    if not codes:
        raise fail("areas", "required", "至少选择一个县（市、区）", "choose at least one county")
    for code in codes:
        area = common.unit_of(facts, code)
        if area is None or area["level"] not in ("county", "zone"):
            raise fail("areas", "unknown", f"“{code}”不是县级单位", f"{code!r} is not a county")
        if unit["level"] != "city" and code != unit["code"]:
            raise fail("areas", "outside", "县级组织的督查只能在本县（市、区）", "own county only")
    return common.joined(codes)


def check_campaign_group(data: Mapping[str, Any], facts: Facts, today: dt.date) -> dict[str, Any]:
    c = Collect()
    campaign = c.field(
        "campaign_id",
        lambda: common.require(facts, "campaign", data.get("campaign_id"), "campaign_id"),
    )
    c.field("name", lambda: common.text(data.get("name"), "name", 50))
    if campaign is not None:
        c.out["campaign_id"] = campaign["id"]
        c.field("counties", lambda: _group_counties(facts, data, campaign))
    c.field("created_by", lambda: common.text(data.get("created_by"), "created_by", 64))
    out = c.done()
    return {f: out.get(f) for f in GROUP_FIELDS}


def _group_counties(facts: Facts, data: Mapping[str, Any], campaign: Mapping[str, Any]) -> str:
    codes = sorted(set(common.id_list(data.get("counties"))))
    areas = set(common.id_list(campaign["areas"]))
    if not codes:
        raise fail("counties", "required", "至少负责一个县（市、区）", "assign at least one county")
    outside = [c for c in codes if c not in areas]
    if outside:
        raise fail(
            "counties",
            "outside",
            f"{_name(facts, outside[0])}不在本次督查范围内",
            f"{outside[0]} not in the areas",
        )
    for group in facts.find("campaign_group", {"campaign_id": campaign["id"]}):
        if group["name"] == data.get("name"):
            continue  # the same group being changed
        taken = set(common.id_list(group["counties"])) & set(codes)
        if taken:
            raise fail(
                "counties",
                "taken",
                f"{_name(facts, sorted(taken)[0])}已由{group['name']}负责"
                "（一个县只由一个督查组负责）",
                f"{sorted(taken)[0]} is assigned to {group['name']} already",
            )
    return common.joined(codes)


def check_campaign_member(data: Mapping[str, Any], facts: Facts, today: dt.date) -> dict[str, Any]:
    params = default_parameters()
    c = Collect()
    group = c.field(
        "group_id",
        lambda: common.require(facts, "campaign_group", data.get("group_id"), "group_id"),
    )
    if group is not None:
        c.out["group_id"] = group["id"]
    c.out["officer_id"] = str(data.get("officer_id") or "")
    name = data.get("person_name")
    if c.out["officer_id"]:
        officer = c.field(
            "officer_id",
            lambda: common.require(facts, "officer", data.get("officer_id"), "officer_id"),
        )
        if officer is not None:
            c.out["officer_id"] = officer["id"]
            name = name or officer["name"]
            if not officer["active"]:
                c.add(fail("officer_id", "inactive", "该执法人员已停用", "no longer active"))
    c.field("person_name", lambda: common.text(name, "person_name", 50))
    c.field(
        "department",
        lambda: common.one_of(data.get("department"), "department", params.departments),
    )
    c.field("role", lambda: common.one_of(data.get("role", "member"), "role", MEMBER_ROLES))
    c.field("withdrawn", lambda: common.flag01(data.get("withdrawn", 0), "withdrawn"))
    c.field("created_by", lambda: common.text(data.get("created_by"), "created_by", 64))
    out = c.done()
    return {f: out.get(f) for f in MEMBER_FIELDS}


def _name(facts: Facts, code: str) -> str:
    unit = common.unit_of(facts, code)
    return str(unit["name"]) if unit else code


def _group_of(facts: Facts, data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    group = common.require(facts, "campaign_group", data.get("group_id"), "group_id")
    campaign = common.require(facts, "campaign", group["campaign_id"], "campaign_id")
    if data.get("campaign_id") and data["campaign_id"] != campaign["id"]:
        raise fail(
            "group_id", "mismatch", "督查组不属于该专项督查", "the group is another campaign's"
        )
    return group, campaign


def _within(campaign: Mapping[str, Any], value: object, field: str, today: dt.date) -> str:
    start = dt.date.fromisoformat(campaign["starts_on"])
    day = common.evidence_day(value, field, today, start, common.label("starts_on"))
    if day > campaign["ends_on"]:
        raise fail(
            field, "after", f"不能晚于督查结束日期（{campaign['ends_on']}）", "after the campaign"
        )
    return day


def check_campaign_report(data: Mapping[str, Any], facts: Facts, today: dt.date) -> dict[str, Any]:
    c = Collect()
    found = c.field("group_id", lambda: _group_of(facts, data))
    if found is not None:
        group, campaign = found
        c.out["group_id"], c.out["campaign_id"] = group["id"], campaign["id"]
        county = str(data.get("county_code") or "")
        if county not in common.id_list(group["counties"]):
            c.add(
                fail(
                    "county_code",
                    "not_assigned",
                    f"{_name(facts, county)}不由{group['name']}负责",
                    "not assigned",
                )
            )
        c.out.update({"county_code": county, "town_code": None, "supervising_unit": county})
        c.field("report_on", lambda: _within(campaign, data.get("report_on"), "report_on", today))
    for name in ("checks", "problems", "rectified", "cases"):
        c.field(name, _count(data.get(name, 0), name))
    if c.out.get("rectified", 0) > c.out.get("problems", 0):
        c.add(
            fail("problems", "order", "当场整改数不能多于发现问题数", "more rectified than found")
        )
    c.field("note", lambda: common.text(data.get("note"), "note", 1000, required=False))
    c.field("created_by", lambda: common.text(data.get("created_by"), "created_by", 64))
    c.out["supersedes_id"] = str(data.get("supersedes_id") or "")
    if c.ok:
        _one_report(c, facts)
    out = c.done()
    return {f: out.get(f) for f in REPORT_FIELDS}


def _one_report(c: Collect, facts: Facts) -> None:
    """One report a group, county and day; a correction supersedes the one in force."""
    same = facts.find(
        "campaign_report",
        {
            "group_id": c.out["group_id"],
            "county_code": c.out["county_code"],
            "report_on": c.out["report_on"],
        },
    )
    replaced = {r["supersedes_id"] for r in same}
    current = [r for r in same if r["id"] not in replaced]
    if c.out["supersedes_id"]:
        if c.out["supersedes_id"] not in {r["id"] for r in current}:
            c.add(
                fail(
                    "supersedes_id", "unknown", "被更正的报告不存在或已被更正", "nothing to correct"
                )
            )
    elif current:
        c.add(
            fail("report_on", "duplicate", "当日已报告；如需更正请提交更正报告", "reported already")
        )


def _count(value: object, name: str) -> Callable[[], int]:
    return lambda: common.whole(value, name, 0, 100_000)


def check_campaign_problem(data: Mapping[str, Any], facts: Facts, today: dt.date) -> dict[str, Any]:
    params = default_parameters()
    c = Collect()
    found = c.field("group_id", lambda: _group_of(facts, data))
    firm = c.field("enterprise_id", lambda: common.enterprise_of(facts, data.get("enterprise_id")))
    if firm is not None:
        c.out["enterprise_id"] = firm["id"]
        c.out.update({k: firm[k] for k in ("county_code", "town_code", "supervising_unit")})
    if found is not None:
        group, campaign = found
        c.out["group_id"], c.out["campaign_id"] = group["id"], campaign["id"]
        day = c.field(
            "found_on", lambda: _within(campaign, data.get("found_on"), "found_on", today)
        )
        if firm is not None and common.county_level(
            facts, firm["supervising_unit"]
        ) not in common.id_list(group["counties"]):
            c.add(
                fail(
                    "enterprise_id",
                    "not_assigned",
                    f"该单位不在{group['name']}负责的县（市、区）",
                    "not assigned",
                )
            )
        if day:
            first = dt.date.fromisoformat(day)
            default = first + dt.timedelta(days=params.problem_deadline_days)
            c.field(
                "deadline",
                lambda: common.ordered_day(
                    data.get("deadline") or default, "deadline", first, common.label("found_on")
                ),
            )
    c.field("description", lambda: common.text(data.get("description"), "description", 1000))
    c.field("major", lambda: common.flag01(data.get("major", 0), "major"))
    c.out["inspection_id"] = str(data.get("inspection_id") or "")
    if c.out["inspection_id"]:
        c.field(
            "inspection_id",
            lambda: common.require(facts, "inspection", data["inspection_id"], "inspection_id")[
                "id"
            ],
        )
    c.field("created_by", lambda: common.text(data.get("created_by"), "created_by", 64))
    out = c.done()
    return {f: out.get(f) for f in PROBLEM_FIELDS}


# -- the closed loop -------------------------------------------------------------------------------


@dataclass
class ProblemState:
    state: str = "open"
    deadline: dt.date | None = None
    closed_on: dt.date | None = None
    last_on: dt.date | None = None
    anomalies: list[dict[str, Any]] = field(default_factory=list)

    def overdue(self, today: dt.date) -> bool:
        return self.state == "open" and self.deadline is not None and today > self.deadline


def derive(problem: Mapping[str, Any], events: Iterable[Mapping[str, Any]]) -> ProblemState:
    """The problem's state from its events (merged by union; a late one that does not fit the
    state reached is kept as an anomaly)."""
    out = ProblemState(deadline=dt.date.fromisoformat(problem["deadline"]))
    out.last_on = dt.date.fromisoformat(problem["found_on"])
    for event in sorted(events, key=lambda e: (e["occurred_on"], e.get("created_at", ""), e["id"])):
        if out.state != "open":
            out.anomalies.append(dict(event))
            continue
        day = dt.date.fromisoformat(event["occurred_on"])
        out.last_on = day
        if event["kind"] == "extended":
            out.deadline = dt.date.fromisoformat(event["deadline"])
        else:
            out.state, out.closed_on = event["kind"], day
    return out


def check_campaign_problem_event(
    data: Mapping[str, Any], facts: Facts, today: dt.date
) -> dict[str, Any]:
    c = Collect()
    problem = c.field(
        "problem_id",
        lambda: common.require(facts, "campaign_problem", data.get("problem_id"), "problem_id"),
    )
    kind = c.field("kind", lambda: common.one_of(data.get("kind"), "kind", EVENT_KINDS))
    c.out["deadline"], c.out["hazard_id"], c.out["case_id"] = "", "", ""
    if problem is not None:
        c.out["problem_id"] = problem["id"]
        state = derive(problem, facts.find("campaign_problem_event", {"problem_id": problem["id"]}))
        if state.state != "open":
            c.add(
                fail(
                    "kind",
                    "closed",
                    f"问题{STATES[state.state].zh}，闭环已完成",
                    "the problem is closed",
                )
            )
        last = state.last_on
        day = c.field(
            "occurred_on",
            lambda: common.evidence_day(
                data.get("occurred_on"),
                "occurred_on",
                today,
                last,
                common.Label("上一环节日期", "the previous step"),
            ),
        )
        if kind == "extended" and day:
            current = state.deadline or dt.date.fromisoformat(day)
            new = c.field("deadline", lambda: common.parse_day(data.get("deadline"), "deadline"))
            if new is not None and new <= current:
                c.add(
                    fail(
                        "deadline",
                        "extension",
                        f"延期后的期限应晚于{current.isoformat()}",
                        "must extend",
                    )
                )
            elif new is not None:
                c.out["deadline"] = new.isoformat()
    if kind == "escalated":
        c.out["hazard_id"] = str(data.get("hazard_id") or "")
        c.out["case_id"] = str(data.get("case_id") or "")
        if c.out["hazard_id"]:
            c.field(
                "hazard_id",
                lambda: common.require(facts, "hazard", data["hazard_id"], "hazard_id")["id"],
            )
        if c.out["case_id"]:
            c.field(
                "case_id",
                lambda: common.require(facts, "penalty_case", data["case_id"], "case_id")["id"],
            )
        if not (c.out["hazard_id"] or c.out["case_id"] or str(data.get("note") or "").strip()):
            c.add(
                fail(
                    "note", "required", "移交处理须注明移交的隐患、案件或机关", "say where it went"
                )
            )
    c.field(
        "note", lambda: common.text(data.get("note"), "note", 1000, required=kind == "rectified")
    )
    c.field("created_by", lambda: common.text(data.get("created_by"), "created_by", 64))
    out = c.done()
    return {f: out.get(f) for f in EVENT_FIELDS}


# -- writing ---------------------------------------------------------------------------------------


def _write(
    uow: UnitOfWork,
    table: str,
    check: Any,
    values: Mapping[str, Any],
    facts: Facts,
    today: dt.date | None,
    updated: bool = False,
) -> str:
    record = check({**values, "created_by": uow.author}, facts, common.today_of(uow, today))
    return uow.insert(table, record, ("created_at", "updated_at") if updated else ("created_at",))


def create_campaign(
    uow: UnitOfWork, facts: Facts, values: Mapping[str, Any], today: dt.date | None = None
) -> str:
    return _write(uow, "campaign", check_campaign, values, facts, today, updated=True)


def add_group(
    uow: UnitOfWork,
    facts: Facts,
    campaign_id: str,
    name: str,
    counties: Sequence[str],
    today: dt.date | None = None,
) -> str:
    values = {"campaign_id": campaign_id, "name": name, "counties": common.joined(counties)}
    return _write(uow, "campaign_group", check_campaign_group, values, facts, today, updated=True)


def change_group_counties(
    uow: UnitOfWork,
    facts: Facts,
    group_id: str,
    counties: Sequence[str],
    today: dt.date | None = None,
) -> None:
    """Give a group other counties (within the campaign's areas, none another group holds)."""
    old = common.require(facts, "campaign_group", group_id, "group_id")
    values = {**old, "counties": common.joined(counties)}
    record = check_campaign_group(values, facts, common.today_of(uow, today))
    uow.update("campaign_group", group_id, old, record, touch=True)


def add_member(
    uow: UnitOfWork, facts: Facts, values: Mapping[str, Any], today: dt.date | None = None
) -> str:
    return _write(uow, "campaign_member", check_campaign_member, values, facts, today)


def report(
    uow: UnitOfWork, facts: Facts, values: Mapping[str, Any], today: dt.date | None = None
) -> str:
    """A group's daily report for a county (``supersedes_id`` to correct one)."""
    return _write(uow, "campaign_report", check_campaign_report, values, facts, today)


def record_problem(
    uow: UnitOfWork, facts: Facts, values: Mapping[str, Any], today: dt.date | None = None
) -> str:
    return _write(uow, "campaign_problem", check_campaign_problem, values, facts, today)


def problem_event(
    uow: UnitOfWork, facts: Facts, values: Mapping[str, Any], today: dt.date | None = None
) -> str:
    return _write(uow, "campaign_problem_event", check_campaign_problem_event, values, facts, today)
