"""Hazard figures per county-level unit (the reports' closure-rate chart) agree with the hazard
board: found in the period, closed, open, overdue on the day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from inspection_support import DAY, make_world

from helpers import on_day
from inspector_app.inspections import documents, hazard_figures, hazards
from inspector_app.registry.entries import Registry
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store


def test_closure_rate_and_overdue_per_unit(
    store: Store, registry: Registry, tmp_path: Path
) -> None:
    world = make_world(store, registry, tmp_path)
    inspection_id = world.start()
    made = world.fill(inspection_id)  # deadlines 5, 6 and 7 December
    world.sign(inspection_id)
    with UnitOfWork(store, "tester") as uow:  # the order puts the hazards under their deadlines
        documents.issue(uow, registry.tree, "rectification_order", inspection_id, DAY)
    with on_day(store, dt.date(2026, 12, 1)), UnitOfWork(store, "tester") as uow:
        hazards.record_event(uow, made[2], "review_passed", dt.date(2026, 12, 1))
    tree = registry.tree
    found = {
        f.code: f
        for f in hazard_figures.by_unit(store.conn, tree, dt.date(2026, 1, 1), dt.date(2026, 12, 6))
    }
    assert set(found) == {u.code for u in tree.reporting_units()}
    haining = found["330481"]
    assert (haining.found, haining.closed, haining.open, haining.overdue) == (3, 1, 2, 1)
    assert haining.closure_rate == Decimal("33.3")
    assert found["330402"].found == 0 and found["330402"].closure_rate is None
    # a period that ends before the hazards were found counts none of them
    before = hazard_figures.by_unit(
        store.conn, tree, dt.date(2026, 1, 1), DAY - dt.timedelta(days=1)
    )
    assert sum(f.found for f in before) == 0
