"""What the joint-enforcement tab shows: the joint inspections with each department's members
(``joint.joint_rows``), the crime clues exchanged with the police with their handling status
(``joint.clue_rows``), and for each clue the steps that may follow (``joint.FLOW``)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from inspector_app.plans import joint
from inspector_app.store.facts import LocalFacts


@dataclass(frozen=True)
class JointLists:
    joints: list[list[str]]  # ``joint.JOINT_HEADERS``
    clues: list[list[str]]  # ``joint.CLUE_HEADERS``
    clue_ids: list[str]
    next_steps: dict[str, list[str]]  # clue id → the events that may follow, in FLOW's order


def joint_lists(conn: sqlite3.Connection) -> JointLists:
    facts = LocalFacts(conn)
    inspections = facts.find("joint_inspection", {})
    names = dict(
        conn.execute(
            "SELECT e.id, e.name FROM enterprise e JOIN joint_inspection j "
            "ON j.enterprise_id = e.id"
        ).fetchall()
    )
    clues = sorted(facts.find("crime_clue", {}), key=lambda c: (c["dated_on"], c["id"]))
    steps = {}
    for clue in clues:
        state = joint.derive(clue, facts.find("clue_event", {"clue_id": clue["id"]}))
        allowed = joint.FLOW[clue["direction"]].get(state.status, frozenset())
        steps[str(clue["id"])] = [k for k in joint.CLUE_EVENTS if k in allowed]
    return JointLists(
        joint.joint_rows(facts, inspections, names),
        joint.clue_rows(facts, clues),  # sorted the same way: by day, then id
        [str(c["id"]) for c in clues],
        steps,
    )
