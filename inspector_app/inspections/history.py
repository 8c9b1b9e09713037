"""An enterprise's enforcement history in time order: its inspections, hazards (with the state
their events lead to), the hazards' later steps and the documents issued — what the registry's
detail panel shows. A few indexed queries, whatever the length of the history."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from inspector_app.inspections import hazards
from inspector_app.inspections import rules as inspection_rules
from inspector_app.inspections.documents import TITLES

# a change to any of these may change an enterprise's history
TABLES = frozenset({"inspection", "inspection_officer", "hazard", "hazard_event", "document"})


@dataclass(frozen=True)
class Entry:
    when: str  # ISO date or timestamp (sorts as text)
    kind: str  # inspection | hazard | event | document
    title: str
    detail: str
    record_id: str


def timeline(conn: sqlite3.Connection, enterprise_id: str) -> list[Entry]:
    """Newest first."""
    rules = inspection_rules.default_rules()
    out: list[Entry] = []
    for row in conn.execute(
        "SELECT i.id, i.kind, i.started_at, i.status, i.amends_id, "
        "(SELECT group_concat(o.name, '、') FROM inspection_officer io "
        " JOIN officer o ON o.id = io.officer_id WHERE io.inspection_id = i.id) "
        "FROM inspection i WHERE i.enterprise_id = ?",
        (enterprise_id,),
    ):
        kind = rules.kinds.get(row[1])
        status = "已签名" if row[3] == "signed" else "草稿"
        if row[4]:
            status += "（更正）"
        out.append(
            Entry(
                row[2],
                "inspection",
                f"现场检查（{kind.zh if kind else row[1]}）",
                f"{row[5] or ''} · {status}",
                row[0],
            )
        )
    by_hazard: dict[str, list[hazards.Event]] = {}
    for row in conn.execute(
        f"SELECT {', '.join('e.' + c.strip() for c in hazards.EVENT_COLUMNS.split(','))} "
        "FROM hazard_event e JOIN hazard h ON h.id = e.hazard_id WHERE h.enterprise_id = ?",
        (enterprise_id,),
    ):
        by_hazard.setdefault(row[1], []).append(hazards.event_from_row(row))
    for row in conn.execute(
        "SELECT h.id, h.description, h.major, h.found_on, h.deadline FROM hazard h "
        "JOIN inspection i ON i.id = h.inspection_id "
        "WHERE h.enterprise_id = ? AND i.status = 'signed' AND h.withdrawn = 0",
        (enterprise_id,),
    ):
        derived = hazards.derive(by_hazard.get(row[0], []))
        state = hazards.STATES.get(derived.state, ("", ""))[0]
        major = "重大隐患" if row[2] else "一般隐患"
        deadline = f" · 期限 {derived.deadline.isoformat()}" if derived.deadline else ""
        out.append(Entry(row[3], "hazard", f"{major}：{row[1]}", f"{state}{deadline}", row[0]))
        for event in derived.events:
            if event.kind in ("found", "ordered"):
                continue  # shown by the hazard and its order
            out.append(
                Entry(
                    event.occurred_on.isoformat(),
                    "event",
                    f"{hazards.EVENT_KINDS[event.kind][0]}：{row[1][:30]}",
                    event.note,
                    row[0],
                )
            )
    for row in conn.execute(
        "SELECT id, kind, number, issued_on FROM document WHERE enterprise_id = ?",
        (enterprise_id,),
    ):
        out.append(Entry(row[3], "document", TITLES.get(row[1], row[1]), row[2], row[0]))
    out.sort(key=lambda e: (e.when[:10], e.kind != "inspection", e.when), reverse=True)
    return out
