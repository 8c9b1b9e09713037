"""Filling an empty store with the demo data: the registry and officers (``generator``) and a
year of penalty cases (``cases``), marked as a demo store so that it never reaches a real
server."""

from __future__ import annotations

import json
from collections.abc import Callable

from inspector_app.demo.cases import install_cases
from inspector_app.demo.generator import (
    ABOVE_SIZE,
    INDIVIDUAL,
    OTHER_LEGAL,
    officers,
    registry_rows,
)
from inspector_app.registry import officers as officers_mod
from inspector_app.registry.entries import Registry
from inspector_app.store.database import Store


def install(
    store: Store,
    registry: Registry,
    seed: int = 2018,
    scale: float = 1.0,
    progress: Callable[[str, int, int], None] | None = None,
    cases: bool = True,
) -> int:
    """Fill an empty store with the demo registry, officers and (``cases``) a year of penalty
    cases (``demo.cases``); returns the registry entries added.

    Demo data is installed like a snapshot from the server (no change-log entries), and the
    store is marked as a demo store so that it is never pushed to a real server.
    """
    tree = registry.tree
    if Registry.count(store.conn) or officers_mod.count(store.conn):
        return 0
    total = sum(max(1, round(n * scale)) for n in (ABOVE_SIZE, OTHER_LEGAL, INDIVIDUAL))

    def step(done: int, of: int) -> None:
        if progress:
            progress("registry", done, of)

    added = registry.load_snapshot(
        store, registry_rows(tree, seed, scale), progress=step, total=total
    )
    officers_mod.load_snapshot(store, officers(tree, seed))
    if cases:
        install_cases(store, tree, seed, scale, progress=progress)
    with store.transaction():
        store.set_meta("demo", json.dumps({"seed": seed, "scale": scale}))
    if progress:
        progress("done", total, total)
    return added
