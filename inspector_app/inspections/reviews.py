"""Rectification reviews (整改复查): a review inspection whose checklist is the hazards it
reviews; signing it records a passed or failed review on each of them.

The one place where an inspection and its hazards' lifecycle meet: ``inspections`` knows
nothing of hazards and ``hazards`` starts no inspection.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from inspector_app.inspections import inspections
from inspector_app.inspections.checklists import ChecklistItem
from inspector_app.inspections.hazards import _state_name, get, record_event, state
from inspector_app.inspections.rules import REVIEW_PREFIX, InspectionError
from inspector_app.store.changelog import UnitOfWork


def start_review(
    uow: UnitOfWork,
    tree: Any,
    hazard_ids: Sequence[str],
    officer_ids: Sequence[str],
    started_at: dt.datetime | str | None = None,
) -> str:
    """Start a review inspection of ordered hazards of one enterprise: its checklist is the
    hazards (compliant = rectified, hazard = not rectified); signing it records the reviews."""
    conn = uow.conn
    rows = [get(conn, h) for h in hazard_ids]
    found = [r for r in rows if r is not None]
    if not found or len(found) != len(hazard_ids):
        raise InspectionError("not_found", "找不到要复查的隐患。", "No such hazard to review.")
    enterprises = {r["enterprise_id"] for r in found}
    if len(enterprises) != 1:
        raise InspectionError(
            "review_scope",
            "一次复查只能针对同一单位的隐患。",
            "One review covers the hazards of one enterprise.",
        )
    for r in found:
        current = state(conn, r["id"])
        if current.state not in ("ordered", "review_failed"):
            raise InspectionError(
                "lifecycle",
                f"隐患“{r['description'][:20]}”当前为“{_state_name(current.state)}”，不需复查。",
                f"Hazard {r['id']} is {current.state or 'unrecorded'}: nothing to review.",
            )
    checklist = [
        ChecklistItem(
            code=REVIEW_PREFIX + r["id"],
            text=r["description"],
            section_id="review",
            section_title="整改复查",
            checklist_id="review",
            basis=r["basis"],
            major=bool(r["major"]),
            verified=True,
            note="",
        )
        for r in found
    ]
    return inspections.start(
        uow,
        tree,
        enterprises.pop(),
        officer_ids,
        "review",
        checklist,
        started_at=started_at,
    )


def apply_review(uow: UnitOfWork, inspection_id: str, day: dt.date) -> int:
    """On signing a review inspection: a passed or failed review event per reviewed hazard."""
    count = 0
    for item in inspections.items(uow.conn, inspection_id):
        if not item.item_code.startswith(REVIEW_PREFIX):
            continue
        kind = {"compliant": "review_passed", "hazard": "review_failed"}.get(item.verdict)
        if kind is None:
            continue
        record_event(
            uow,
            item.item_code[len(REVIEW_PREFIX) :],
            kind,
            day,
            inspection_id=inspection_id,
            note=item.note,
        )
        count += 1
    return count
