"""Joint enforcement with other departments (联合执法) and the exchange of clues of suspected
crimes with the police (行刑衔接).

A **joint inspection** records the enterprise, the day, the leading department and each
department's members: at least two departments; this department's members are officers who
form a valid team on the day (行政处罚法 Art. 42: two certified officers, none recused); other
departments' members are named. The findings flow through this department's ordinary
inspection record (``inspection_id``) into hazards and cases.

A **clue** (涉嫌犯罪线索) goes to the police (``outgoing``) or comes from them (``incoming``),
with its handling as append-only events and a derived status:

* outgoing: sent → accepted (立案) | not accepted (不予立案) | returned (退回补充) → resent …;
  accepted → outcome → closed; not accepted → closed;
* incoming: received → case filed (an administrative case here) | no violation → feedback to the
  police → closed.

An outgoing clue may stand for a penalty case's transfer (``case_step`` ``transferred``, the
steps ``transfer_*`` of ``inspector_app.cases.cases``): ``clue_from_transfer`` makes it from
the step, and ``transfer_mismatches`` tells where the clue and the case's steps disagree.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from inspector_app.cases.cases import STEP_KINDS
from inspector_app.plans import common, tasks
from inspector_app.plans.common import Collect, PlanError, fail
from inspector_app.plans.parameters import default_parameters
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.facts import Facts

JOINT_FIELDS = (
    "title",
    "enterprise_id",
    "county_code",
    "town_code",
    "supervising_unit",
    "inspected_on",
    "lead_department",
    "inspection_id",
    "findings",
    "created_by",
)
MEMBER_FIELDS = (
    "joint_id",
    "department",
    "person_name",
    "officer_id",
    "certificate_id",
    "position",
    "created_by",
)
CLUE_FIELDS = (
    "direction",
    "counterpart",
    "enterprise_id",
    "party_name",
    "suspected_crime",
    "summary",
    "dated_on",
    "case_id",
    "case_step_id",
    "county_code",
    "town_code",
    "supervising_unit",
    "created_by",
)
EVENT_FIELDS = ("clue_id", "kind", "occurred_on", "case_id", "note", "created_by")
DIRECTIONS = {
    "outgoing": common.Label("移送公安机关", "Passed to the police"),
    "incoming": common.Label("公安机关移交", "Received from the police"),
}
CLUE_EVENTS = {
    "accepted": common.Label("公安机关立案", "Accepted by the police"),
    "not_accepted": common.Label("公安机关不予立案", "Not accepted"),
    "returned": common.Label("退回补充材料", "Returned for more material"),
    "resent": common.Label("补充后再次移送", "Sent again"),
    "outcome": common.Label("处理结果", "Outcome"),
    "case_filed": common.Label("立案查处", "Administrative case filed"),
    "no_violation": common.Label("查无违法", "No violation found"),
    "feedback": common.Label("反馈公安机关", "Feedback to the police"),
    "closed": common.Label("办结", "Closed"),
}
# which event may follow which status, by direction ('' = just sent or received)
FLOW: Mapping[str, Mapping[str, frozenset[str]]] = {
    "outgoing": {
        "": frozenset({"accepted", "not_accepted", "returned"}),
        "returned": frozenset({"resent"}),
        "resent": frozenset({"accepted", "not_accepted", "returned"}),
        "accepted": frozenset({"outcome"}),
        "not_accepted": frozenset({"closed"}),
        "outcome": frozenset({"closed"}),
        "closed": frozenset(),
    },
    "incoming": {
        "": frozenset({"case_filed", "no_violation"}),
        "case_filed": frozenset({"feedback"}),
        "no_violation": frozenset({"feedback"}),
        "feedback": frozenset({"closed"}),
        "closed": frozenset(),
    },
}


# -- joint inspections -----------------------------------------------------------------------------


def check_joint_inspection(data: Mapping[str, Any], facts: Facts, today: dt.date) -> dict[str, Any]:
    params = default_parameters()
    c = Collect()
    firm = c.field("enterprise_id", lambda: common.enterprise_of(facts, data.get("enterprise_id")))
    if firm is not None:
        c.out["enterprise_id"] = firm["id"]
        c.out.update({k: firm[k] for k in ("county_code", "town_code", "supervising_unit")})
    c.field("title", lambda: common.text(data.get("title"), "title", 100))
    c.field(
        "inspected_on", lambda: common.evidence_day(data.get("inspected_on"), "inspected_on", today)
    )
    c.field(
        "lead_department",
        lambda: common.one_of(data.get("lead_department"), "department", params.departments),
    )
    c.out["inspection_id"] = str(data.get("inspection_id") or "")
    if c.out["inspection_id"]:
        own = c.field(
            "inspection_id",
            lambda: common.require(facts, "inspection", data["inspection_id"], "inspection_id"),
        )
        if own is not None and firm is not None and own["enterprise_id"] != firm["id"]:
            c.add(
                fail(
                    "inspection_id",
                    "mismatch",
                    "检查记录不是该单位的",
                    "another enterprise's record",
                )
            )
        if own is not None:
            c.out["inspection_id"] = own["id"]
    c.field("findings", lambda: common.text(data.get("findings"), "findings", 5000, required=False))
    c.field("created_by", lambda: common.text(data.get("created_by"), "created_by", 64))
    out = c.done()
    return {f: out.get(f) for f in JOINT_FIELDS}


def check_joint_member(data: Mapping[str, Any], facts: Facts, today: dt.date) -> dict[str, Any]:
    params = default_parameters()
    c = Collect()
    joint = c.field(
        "joint_id",
        lambda: common.require(facts, "joint_inspection", data.get("joint_id"), "joint_id"),
    )
    if joint is not None:
        c.out["joint_id"] = joint["id"]
    department = c.field(
        "department",
        lambda: common.one_of(data.get("department"), "department", params.departments),
    )
    c.out["officer_id"], c.out["certificate_id"] = "", ""
    name = data.get("person_name")
    if department == params.own_department:
        officer = c.field(
            "officer_id",
            lambda: common.require(facts, "officer", data.get("officer_id"), "officer_id"),
        )
        if officer is not None:
            c.out["officer_id"] = officer["id"]
            name = name or officer["name"]
            if joint is not None:
                cert = tasks.certificate_on(
                    facts, officer["id"], dt.date.fromisoformat(joint["inspected_on"])
                )
                if cert is None:
                    c.add(
                        fail(
                            "officer_id",
                            "certificate",
                            f"{officer['name']}在检查日没有有效执法证",
                            "no valid certificate",
                        )
                    )
                else:
                    c.out["certificate_id"] = cert.id
    c.field("person_name", lambda: common.text(name, "person_name", 50))
    c.field("position", lambda: common.whole(data.get("position", 0), "position", 0, 100))
    c.field("created_by", lambda: common.text(data.get("created_by"), "created_by", 64))
    out = c.done()
    return {f: out.get(f) for f in MEMBER_FIELDS}


def record_joint(
    uow: UnitOfWork,
    facts: Facts,
    values: Mapping[str, Any],
    members: Sequence[Mapping[str, Any]],
    today: dt.date | None = None,
) -> str:
    """Record a joint inspection with its members (one unit of work); returns its id."""
    params = default_parameters()
    today = common.today_of(uow, today)
    record = check_joint_inspection({**values, "created_by": uow.author}, facts, today)
    departments = {str(m.get("department")) for m in members}
    if len(departments) < 2:
        raise PlanError(
            "one_department",
            "联合执法须有两个以上部门参加。",
            "A joint inspection needs at least two departments.",
        )
    if record["lead_department"] not in departments:
        raise fail(
            "lead_department", "absent", "牵头部门须有人员参加", "the lead department takes part"
        )
    own = [
        str(m.get("officer_id") or "")
        for m in members
        if m.get("department") == params.own_department
    ]
    day = dt.date.fromisoformat(record["inspected_on"])
    if own or params.own_department in departments:
        tasks.check_team(facts, own, day, record["enterprise_id"])
    joint_id = uow.insert("joint_inspection", record)
    for position, member in enumerate(members):
        row = check_joint_member(
            {**member, "joint_id": joint_id, "position": position, "created_by": uow.author},
            facts,
            today,
        )
        uow.insert("joint_member", row)
    return joint_id


JOINT_HEADERS = ("检查日期", "单位名称", "牵头部门", "参加部门及人员", "检查发现")


def joint_rows(
    facts: Facts, joints: Iterable[Mapping[str, Any]], names: Mapping[str, str]
) -> list[list[str]]:
    params = default_parameters()
    rows = []
    for j in sorted(joints, key=lambda j: (j["inspected_on"], j["id"])):
        by_department: dict[str, list[str]] = {}
        for m in sorted(
            facts.find("joint_member", {"joint_id": j["id"]}), key=lambda m: m["position"]
        ):
            by_department.setdefault(m["department"], []).append(m["person_name"])
        people = "；".join(
            f"{params.departments[d].zh}：{'、'.join(p)}" for d, p in by_department.items()
        )
        rows.append(
            [
                j["inspected_on"],
                names.get(j["enterprise_id"], j["enterprise_id"]),
                params.departments[j["lead_department"]].zh,
                people,
                j["findings"],
            ]
        )
    return rows


# -- clues -----------------------------------------------------------------------------------------


def check_crime_clue(data: Mapping[str, Any], facts: Facts, today: dt.date) -> dict[str, Any]:
    params = default_parameters()
    c = Collect()
    direction = c.field(
        "direction", lambda: common.one_of(data.get("direction"), "direction", DIRECTIONS)
    )
    c.field("counterpart", lambda: common.text(data.get("counterpart"), "counterpart", 100))
    c.field(
        "suspected_crime",
        lambda: common.one_of(data.get("suspected_crime"), "suspected_crime", params.crimes),
    )
    c.field("summary", lambda: common.text(data.get("summary"), "summary", 5000))
    day = c.field("dated_on", lambda: common.evidence_day(data.get("dated_on"), "dated_on", today))
    c.out["enterprise_id"] = str(data.get("enterprise_id") or "")
    firm = None
    if c.out["enterprise_id"]:
        firm = c.field(
            "enterprise_id", lambda: common.enterprise_of(facts, data.get("enterprise_id"))
        )
        if firm is not None:
            c.out["enterprise_id"] = firm["id"]
    c.out["case_id"], c.out["case_step_id"] = str(data.get("case_id") or ""), ""
    case = None
    if c.out["case_id"]:
        case = c.field(
            "case_id", lambda: common.require(facts, "penalty_case", data.get("case_id"), "case_id")
        )
    if case is not None:
        c.out["case_id"] = case["id"]
        if direction == "outgoing" and day:
            c.field(
                "case_step_id",
                lambda: _transfer_step(facts, case["id"], data.get("case_step_id"), day),
            )
    place = firm or case
    if place is not None:
        c.out.update({k: place[k] for k in ("county_code", "town_code", "supervising_unit")})
    else:
        unit = c.field(
            "county_code",
            lambda: common.require_unit(
                facts, data.get("county_code"), "county_code", ("county", "zone")
            ),
        )
        if unit is not None:
            c.out.update(
                {"county_code": unit["code"], "town_code": None, "supervising_unit": unit["code"]}
            )
    name = data.get("party_name") or (firm or {}).get("name") or (case or {}).get("party_name")
    c.field("party_name", lambda: common.text(name, "party_name", 100))
    c.field("created_by", lambda: common.text(data.get("created_by"), "created_by", 64))
    out = c.done()
    return {f: out.get(f) for f in CLUE_FIELDS}


def _transfer_step(facts: Facts, case_id: str, step_id: object, day: str) -> str:
    """The case's ``transferred`` step the clue stands for: given, or the latest one; the clue
    cannot be dated before it."""
    steps = [s for s in facts.find("case_step", {"case_id": case_id}) if s["kind"] == "transferred"]
    if step_id:
        steps = [s for s in steps if s["id"] == step_id]
    if not steps:
        raise fail(
            "case_step_id",
            "no_transfer",
            f"案件尚无“{STEP_KINDS['transferred'][0]}”环节",
            "the case has no transfer step",
        )
    step = max(steps, key=lambda s: (s["occurred_on"], s["id"]))
    if day < step["occurred_on"]:
        raise fail(
            "dated_on",
            "order",
            f"不能早于案件移送日期（{step['occurred_on']}）",
            "before the transfer",
        )
    return str(step["id"])


@dataclass
class ClueState:
    status: str = ""  # '' = just sent or received
    last_on: dt.date | None = None
    case_id: str = ""
    events: list[dict[str, Any]] = field(default_factory=list)
    anomalies: list[dict[str, Any]] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return self.status == "closed"


def derive(clue: Mapping[str, Any], events: Iterable[Mapping[str, Any]]) -> ClueState:
    flow = FLOW[clue["direction"]]
    out = ClueState(last_on=dt.date.fromisoformat(clue["dated_on"]), case_id=clue["case_id"])
    for event in sorted(events, key=lambda e: (e["occurred_on"], e.get("created_at", ""), e["id"])):
        if event["kind"] not in flow.get(out.status, frozenset()):
            out.anomalies.append(dict(event))
            continue
        out.events.append(dict(event))
        out.status = str(event["kind"])
        out.last_on = dt.date.fromisoformat(event["occurred_on"])
        if event["case_id"]:
            out.case_id = str(event["case_id"])
    return out


def status_name(clue: Mapping[str, Any], state: ClueState) -> str:
    if not state.status:
        return "已移送，待公安机关受理" if clue["direction"] == "outgoing" else "已接收，待核查"
    return CLUE_EVENTS[state.status].zh


def check_clue_event(data: Mapping[str, Any], facts: Facts, today: dt.date) -> dict[str, Any]:
    c = Collect()
    clue = c.field(
        "clue_id", lambda: common.require(facts, "crime_clue", data.get("clue_id"), "clue_id")
    )
    c.out["case_id"] = ""
    if clue is not None:
        c.out["clue_id"] = clue["id"]
        state = derive(clue, facts.find("clue_event", {"clue_id": clue["id"]}))
        allowed = FLOW[clue["direction"]].get(state.status, frozenset())
        kind = c.field(
            "kind",
            lambda: common.one_of(
                data.get("kind"),
                "kind",
                {k: CLUE_EVENTS[k] for k in allowed}
                or {"": common.Label("（已办结）", "(closed)")},
            ),
        )
        c.field(
            "occurred_on",
            lambda: common.evidence_day(
                data.get("occurred_on"),
                "occurred_on",
                today,
                state.last_on,
                common.Label("上一环节日期", "the previous step"),
            ),
        )
        if kind == "case_filed":
            found = c.field(
                "case_id",
                lambda: common.require(facts, "penalty_case", data.get("case_id"), "case_id"),
            )
            if found is not None:
                c.out["case_id"] = found["id"]
    c.field(
        "note",
        lambda: common.text(
            data.get("note"),
            "note",
            2000,
            required=data.get("kind") in ("not_accepted", "returned", "outcome"),
        ),
    )
    c.field("created_by", lambda: common.text(data.get("created_by"), "created_by", 64))
    out = c.done()
    return {f: out.get(f) for f in EVENT_FIELDS}


def record_clue(
    uow: UnitOfWork, facts: Facts, values: Mapping[str, Any], today: dt.date | None = None
) -> str:
    record = check_crime_clue(
        {**values, "created_by": uow.author}, facts, common.today_of(uow, today)
    )
    return uow.insert("crime_clue", record)


def clue_event(
    uow: UnitOfWork, facts: Facts, values: Mapping[str, Any], today: dt.date | None = None
) -> str:
    record = check_clue_event(
        {**values, "created_by": uow.author}, facts, common.today_of(uow, today)
    )
    return uow.insert("clue_event", record)


def clue_from_transfer(
    uow: UnitOfWork,
    facts: Facts,
    case_id: str,
    suspected_crime: str,
    summary: str,
    today: dt.date | None = None,
) -> str:
    """The outgoing clue of a penalty case's transfer, dated and addressed as the step was."""
    steps = [s for s in facts.find("case_step", {"case_id": case_id}) if s["kind"] == "transferred"]
    if not steps:
        raise PlanError("no_transfer", "案件尚未移送。", "The case was not transferred.")
    step = max(steps, key=lambda s: (s["occurred_on"], s["id"]))
    organ = str(json.loads(step["data"] or "{}").get("organ") or "")
    values = {
        "direction": "outgoing",
        "counterpart": organ,
        "suspected_crime": suspected_crime,
        "summary": summary,
        "dated_on": step["occurred_on"],
        "case_id": case_id,
        "case_step_id": step["id"],
        "enterprise_id": (facts.get("penalty_case", case_id) or {}).get("enterprise_id", ""),
    }
    return record_clue(uow, facts, values, today)


def transfer_mismatches(facts: Facts, clue_id: str) -> list[tuple[str, str]]:
    """Where an outgoing clue and its case's transfer steps disagree (shown, not resolved)."""
    clue = facts.get("crime_clue", clue_id)
    if clue is None or not clue["case_id"]:
        return []
    state = derive(clue, facts.find("clue_event", {"clue_id": clue_id}))
    kinds = {s["kind"] for s in facts.find("case_step", {"case_id": clue["case_id"]})}
    accepted_clue = any(e["kind"] == "accepted" for e in state.events)
    out = []
    if "transfer_accepted" in kinds and not accepted_clue:
        out.append(
            (
                "案件已记录接收机关受理，线索尚未记录立案",
                "the case says accepted, the clue does not",
            )
        )
    if accepted_clue and "transfer_accepted" not in kinds:
        out.append(
            (
                "线索已记录公安机关立案，案件尚未记录接收机关受理",
                "the clue says accepted, the case does not",
            )
        )
    if state.status in ("outcome", "closed") and "transfer_outcome" not in kinds:
        out.append(
            ("线索已有处理结果，案件尚未记录处理结果", "the clue has an outcome, the case does not")
        )
    return out


CLUE_HEADERS = ("日期", "方向", "对方机关", "当事人", "涉嫌罪名", "关联案件", "办理状态")


def clue_rows(facts: Facts, clues: Iterable[Mapping[str, Any]]) -> list[list[str]]:
    params = default_parameters()
    rows = []
    for clue in sorted(clues, key=lambda c: (c["dated_on"], c["id"])):
        state = derive(clue, facts.find("clue_event", {"clue_id": clue["id"]}))
        rows.append(
            [
                clue["dated_on"],
                DIRECTIONS[clue["direction"]].zh,
                clue["counterpart"],
                clue["party_name"],
                params.crimes[clue["suspected_crime"]].zh,
                state.case_id,
                status_name(clue, state),
            ]
        )
    return rows
