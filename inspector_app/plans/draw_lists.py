"""What the draw screens list: the recorded 双随机 draws (newest first, a covert one only to
whom ``tasks.may_see`` allows), one draw read back from its record, and its publications."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from inspector_app.cases.workdays import default_calendar
from inspector_app.plans import common, draws, publication, tasks
from inspector_app.registry import delegations
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store.facts import LocalFacts


@dataclass(frozen=True)
class DrawSummary:
    id: str
    title: str
    unit_code: str
    unit_name: str
    drawn_on: str
    planned_on: str
    pool_size: int
    drawn: int  # objects in the result
    redraw_of: str
    replaced: bool  # a later draw replaced this one
    covert: bool


def draw_list(
    conn: sqlite3.Connection,
    tree: JurisdictionTree,
    viewer: delegations.Actor | None = None,
) -> list[DrawSummary]:
    replaced = {
        r[0] for r in conn.execute("SELECT redraw_of FROM random_draw WHERE redraw_of <> ''")
    }
    facts = LocalFacts(conn)
    out = []
    for (
        ident,
        title,
        unit,
        drawn_on,
        planned_on,
        size,
        params,
        result,
        redraw_of,
        author,
    ) in conn.execute(
        "SELECT id, title, unit_code, drawn_on, planned_on, object_pool_size, params, "
        "result, redraw_of, created_by FROM random_draw ORDER BY drawn_at DESC, id DESC"
    ):
        covert = bool(json.loads(params).get("covert"))
        teams = json.loads(result)
        if viewer is not None and covert:
            # the officers drawn see their covert draw, as they see its tasks
            members = sorted({o for _firm, team in teams for o in team})
            record = {
                "covert": 1,
                "created_by": author,
                "officer_ids": common.joined(members),
                **common.place_of_unit(facts, unit),
            }
            if not tasks.may_see(record, viewer, tree):
                continue
        out.append(
            DrawSummary(
                ident,
                title,
                unit,
                tree.units[unit].name if unit in tree.units else unit,
                drawn_on,
                planned_on,
                int(size),
                len(teams),
                redraw_of or "",
                ident in replaced,
                covert,
            )
        )
    return out


@dataclass(frozen=True)
class DrawDetail:
    record: dict[str, Any]  # ``draws.get``: the record with its JSON decoded
    rows: list[list[object]]  # ``publication.draw_rows`` (DRAW_HEADERS)
    chain: list[str]  # the draws it replaced and that replaced it, oldest first
    publications: list[dict[str, Any]]


def draw_detail(conn: sqlite3.Connection, draw_id: str) -> DrawDetail | None:
    """One draw as its record holds it (the screens show nothing the record does not)."""
    record = draws.get(conn, draw_id)
    if record is None:
        return None
    fields = ("id", *publication.FIELDS)
    published = [
        dict(zip(fields, r, strict=True))
        for r in conn.execute(
            f"SELECT {', '.join(fields)} FROM random_draw_publication WHERE draw_id = ? "
            "ORDER BY published_on, id",
            (draw_id,),
        )
    ]
    return DrawDetail(
        record, publication.draw_rows(conn, draw_id), draws.chain(conn, draw_id), published
    )


def results_due(conn: sqlite3.Connection, draw_id: str, today: dt.date) -> list[list[object]]:
    """The results to publish with their deadlines (``publication.RESULT_HEADERS``)."""
    return publication.results_rows(conn, draw_id, default_calendar(), today)
