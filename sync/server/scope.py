"""Who may read and write which records — checked on every push and pull.

Geography comes from the user's unit:

* the city (and the roles ``city`` and ``admin``): everything;
* a county: records of the county, or supervised by it or by one of its parks;
* a functional zone: records it supervises or in the towns it manages;
* a park (stationed county staff): records the park supervises;
* a town (township staff): records of the town.

Matters come from the role: registry edits, officers (administrators only), conflict
resolution, inspections (with their hazards, signatures and documents); township staff write
registry entries only under a valid delegation of that matter from their county bureau
(行政处罚法 Art. 20: delegated matters only). Public reference records (officers,
certificates) are read by everyone.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, false, or_, select, true
from sqlalchemy.engine import Connection

from inspector_app.plans.parameters import default_parameters
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.replication.tables import Scope
from sync.server import db
from sync.server.auth import Principal

# Where the server files each top-level synced table (a child record lives where its parent
# lives): never where the pushed fields say when the record concerns an enterprise.
BY_ENTERPRISE = "enterprise"  # where its enterprise was when it was filed; it never moves
BY_OWN_PLACE = "own place"  # its own place fields: the registry entry itself, or a record of
# a unit or a county as such (a warning notice to a county), checked by ``may_write``
BY_RECORD = "record"  # made by the server where the record it is about lives
CITY_WIDE = "public"  # reference data every user of the city reads
PLACEMENT: dict[str, str] = {
    "enterprise": BY_OWN_PLACE,
    "officer": CITY_WIDE,
    "sync_conflict": BY_RECORD,
    "inspection": BY_ENTERPRISE,
    "checklist_local_item": CITY_WIDE,
    "penalty_case": BY_ENTERPRISE,
    "accident": BY_ENTERPRISE,
    "warning_notice": BY_OWN_PLACE,
    "report_check_round": BY_OWN_PLACE,
    "sms_round": BY_OWN_PLACE,
    "inspection_plan": CITY_WIDE,
    "plan_task": BY_ENTERPRISE,
    "officer_avoidance": BY_OWN_PLACE,  # about an officer: the officer's unit
    "random_draw": BY_OWN_PLACE,
    "campaign": CITY_WIDE,
    "campaign_report": BY_OWN_PLACE,
    "campaign_problem": BY_ENTERPRISE,
    "joint_inspection": BY_ENTERPRISE,
    "crime_clue": BY_ENTERPRISE,
    "delegation_letter": CITY_WIDE,
    "stationing": CITY_WIDE,
    "organ_profile": CITY_WIDE,  # an organ's bank, account and court, printed by any of it
}

# matters each role may write (township: see ``DELEGABLE``)
# (inspections: township staff inspect and order corrections in their own township without a
# delegation; only penalties need one — DESIGN §1)
ROLE_MATTERS: dict[str, frozenset[str]] = {
    "admin": frozenset(
        {
            "registry",
            "officers",
            "conflicts",
            "inspections",
            "checklists",
            "cases",
            "accidents",
            "publicity",
            "plans",
            "organ",
        }
    ),
    # accidents are recorded and handled by the city and county bureaus (国务院令第493号), who
    # also publish decisions and send the SMS notice rounds
    "city": frozenset(
        {"registry", "conflicts", "inspections", "cases", "accidents", "publicity", "plans"}
    ),
    "county": frozenset(
        {"registry", "conflicts", "inspections", "cases", "accidents", "publicity", "plans"}
    ),
    "park": frozenset({"registry", "conflicts", "inspections", "cases", "plans"}),
    # approvals are case steps; the head of an organ keeps its profile (bank, account, court)
    "approver": frozenset({"conflicts", "cases", "plans", "organ"}),
    "township": frozenset({"conflicts", "inspections", "plans"}),
}
# township staff file cases only under a delegation of that matter (行政处罚法 Art. 20)
DELEGABLE = frozenset({"registry", "cases"})
REFUSAL_CODES = frozenset({"forbidden_matter", "not_delegated", "out_of_scope"})


@dataclass(frozen=True)
class Refusal:
    code: str
    zh: str
    en: str

    def as_reason(self) -> dict[str, str]:
        return {"code": self.code, "zh": self.zh, "en": self.en}


def everything(principal: Principal, tree: JurisdictionTree) -> bool:
    return principal.role in ("admin", "city") or principal.unit_code == tree.city.code


def read_clause(principal: Principal, tree: JurisdictionTree) -> ColumnElement[bool]:
    """SQL condition on ``records`` selecting what the principal may read: the places of its
    scope, and of covert records (暗查暗访, ``plans.tasks.may_see``) only those its role may
    see or whose team it is in."""
    places = _places_clause(principal, tree)
    if principal.role in default_parameters().covert_roles:
        return places
    r, v = db.records.c, db.record_viewers.c
    viewer = (
        select(v.user_id)
        .where(
            v.table_name == r.table_name,
            v.record_id == r.record_id,
            v.user_id == principal.user_id,
        )
        .exists()
    )
    return and_(places, or_(r.restricted.is_(False), viewer))


def _places_clause(principal: Principal, tree: JurisdictionTree) -> ColumnElement[bool]:
    r = db.records.c
    if everything(principal, tree):
        return true()
    unit = tree.units.get(principal.unit_code)
    if unit is None:
        return r.public.is_(True)
    if unit.level == "county":
        parks = [p.code for p in tree.parks_of(unit.code)]
        geo = or_(
            r.county_code == unit.code,
            r.supervising_unit == unit.code,
            r.supervising_unit.in_(parks) if parks else false(),
        )
    elif unit.level == "zone":
        geo = or_(
            r.supervising_unit == unit.code,
            r.town_code.in_(unit.covers) if unit.covers else false(),
        )
    elif unit.level == "park":
        geo = r.supervising_unit == unit.code
    elif unit.level == "town":
        geo = r.town_code == unit.code
    else:
        geo = false()
    return or_(r.public.is_(True), geo)


def in_scope(principal: Principal, tree: JurisdictionTree, scope: Scope) -> bool:
    """The same rule as ``read_clause``, for one record (public records excepted)."""
    if everything(principal, tree):
        return True
    unit = tree.units.get(principal.unit_code)
    if unit is None:
        return False
    if unit.level == "county":
        parks = {p.code for p in tree.parks_of(unit.code)}
        return (
            scope.county_code == unit.code
            or scope.supervising_unit == unit.code
            or scope.supervising_unit in parks
        )
    if unit.level == "zone":
        return scope.supervising_unit == unit.code or scope.town_code in unit.covers
    if unit.level == "park":
        return scope.supervising_unit == unit.code
    if unit.level == "town":
        return scope.town_code == unit.code
    return False


def may_write(
    conn: Connection,
    principal: Principal,
    tree: JurisdictionTree,
    matter: str,
    scopes: list[Scope],
    today: dt.date,
) -> Refusal | None:
    """None if allowed; else why not. ``scopes``: where the record is (before and after)."""
    if principal.role == "admin":
        return None
    allowed = ROLE_MATTERS.get(principal.role, frozenset())
    if matter not in allowed:
        if principal.role == "township" and matter in DELEGABLE:
            if not delegated(conn, principal.unit_code, matter, today):
                return Refusal(
                    "not_delegated",
                    "本镇（街道）未获得该事项的委托执法权，无权修改。",
                    "Your town holds no delegation for this matter.",
                )
        else:
            return Refusal(
                "forbidden_matter",
                "您的角色无权修改此类记录。",
                "Your role may not change records of this kind.",
            )
    for scope in scopes:
        if not in_scope(principal, tree, scope):
            return Refusal(
                "out_of_scope",
                "该记录不在您的辖区内，无权修改。",
                "The record is outside your jurisdiction.",
            )
    return None


def delegated(conn: Connection, town: str, matter: str, today: dt.date) -> bool:
    d = db.delegations.c
    rows = conn.execute(
        select(d.matters).where(
            and_(
                d.town_code == town,
                d.revoked.is_(False),
                d.valid_from <= today,
                d.valid_to >= today,
            )
        )
    )
    return any(matter in json.loads(row[0]) for row in rows)


def describe(principal: Principal, tree: JurisdictionTree) -> dict[str, object]:
    """The principal's scope as the app shows it."""
    unit = tree.units.get(principal.unit_code)
    return {
        "unit_code": principal.unit_code,
        "unit_name": unit.name if unit else principal.unit_code,
        "level": "city" if everything(principal, tree) else (unit.level if unit else ""),
        "matters": sorted(ROLE_MATTERS.get(principal.role, frozenset())),
    }
