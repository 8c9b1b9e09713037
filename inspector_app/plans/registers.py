"""What the delegation register shows: the letters (委托书 and 赋权决定) of the towns with their
state (``letters.register_rows``) and ids, the park stationing roster, and the answer
``delegations.decide`` gives for an officer, a matter, a place and a day — the one rule the app,
the documents and the sync scope share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from inspector_app.plans import letters
from inspector_app.registry import delegations
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store.facts import Facts

ROSTER_HEADERS = ("执法人员", "派驻园区", "起始日期", "截止日期", "派驻文号", "状态")


@dataclass(frozen=True)
class Register:
    letters: list[list[str]]  # ``letters.REGISTER_HEADERS``
    letter_ids: list[str]
    roster: list[list[str]]  # ``ROSTER_HEADERS``


def register(facts: Facts, tree: JurisdictionTree, today: dt.date) -> Register:
    towns = sorted({str(r["town_code"]) for r in facts.find("delegation_letter", {})})
    ids = [x.id for code in towns for x in delegations.letters_of(facts, code)]
    names = {str(o["id"]): str(o["name"]) for o in facts.find("officer", {})}
    rows = facts.find("stationing", {})
    replaced = {r["supersedes_id"] for r in rows if r["supersedes_id"]}
    roster = []
    for r in sorted(rows, key=lambda r: (r["park_code"], r["from_on"], r["id"])):
        if r["id"] in replaced:
            continue
        if today < dt.date.fromisoformat(r["from_on"]):
            state = "未开始"
        elif today > dt.date.fromisoformat(r["to_on"]):
            state = "已结束"
        else:
            state = "派驻中"
        park = tree.units.get(r["park_code"])
        roster.append(
            [
                names.get(r["officer_id"], r["officer_id"]),
                park.name if park else r["park_code"],
                r["from_on"],
                r["to_on"],
                r["order_number"],
                state,
            ]
        )
    return Register(letters.register_rows(tree, facts, towns, today), ids, roster)


def check(
    facts: Facts,
    tree: JurisdictionTree,
    officer_id: str,
    matter: str,
    town_code: str,
    day: dt.date,
) -> delegations.Decision:
    """What ``decide`` says for the officer acting on the matter at a town on the day."""
    officer = facts.get("officer", officer_id)
    if officer is None:
        return delegations.refused("not_found", "找不到该执法人员。", "No such officer.")
    actor = delegations.Actor(str(officer["role"]), str(officer["unit_code"]), officer_id)
    town = tree.units.get(town_code)
    place = None
    if town is not None:
        place = delegations.Place(
            town.parent_code,
            town_code,
            town.supervising_unit or town.parent_code,
        )
    return delegations.decide(actor, matter, place, day, tree, facts)
