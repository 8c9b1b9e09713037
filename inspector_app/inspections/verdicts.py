"""What a checklist verdict does to the inspection's hazards — the rule written once, whoever
records the verdict (the editor's keys today).

* A "hazard" verdict records a hazard from the item, unless the item has one already: the
  item's finding (``findings.finding_of``: "是否按照规定设置…" → "未按照规定设置…"), its legal
  basis and major flag, rectification by the rules' ``default_deadline_days`` after the day
  the verdict is given (``inspection_rules.json``; the officer changes it with the presets).
* Any other verdict (compliant, not applicable, cleared) takes the item's hazard off the
  record — unless photos were taken of it: evidence is never dropped by a key press; the
  officer removes that hazard by hand.
* Review items (``REVIEW-…``) judge hazards found before and make none.
"""

from __future__ import annotations

import datetime as dt

from inspector_app.inspections import hazard_photos, hazards, inspections
from inspector_app.inspections.findings import finding_of
from inspector_app.inspections.rules import REVIEW_PREFIX, default_rules
from inspector_app.store.changelog import UnitOfWork

FIRST_MEASURE = "rectify_by_deadline"


def default_deadline(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=default_rules().default_deadline_days)


def record_verdict(
    uow: UnitOfWork, inspection_id: str, item_code: str, verdict: str, today: dt.date
) -> str | None:
    """Set an item's verdict ("" clears it) and keep the item's hazard in step (see the module
    docstring); returns the id of the hazard it recorded, if it recorded one."""
    inspections.set_verdict(uow, inspection_id, item_code, verdict)
    if item_code.startswith(REVIEW_PREFIX):
        return None
    existing = hazards.of_item(uow.conn, inspection_id, item_code)
    if verdict == "hazard":
        if existing is not None:
            return None
        item = inspections.item(uow.conn, inspection_id, item_code)
        return hazards.add(
            uow,
            inspection_id,
            {
                "item_code": item_code,
                "description": finding_of(item.item_text),
                "basis": item.basis,
                "major": item.major,
                "measures": FIRST_MEASURE,
                "deadline": default_deadline(today).isoformat(),
            },
        )
    if existing is not None and not hazard_photos.photos_of(uow.conn, existing):
        hazards.remove(uow, existing)
    return None
