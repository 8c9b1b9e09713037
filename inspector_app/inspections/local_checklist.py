"""Checklist items an administrator adds for the city (``checklist_local_item``): checked by
the rules of ``checklists.validate_local_item``, never reusing a shipped code, switched off
rather than deleted (inspections keep the text they were checked against). They sync to every
laptop like the officers; the server lets administrators alone write them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from functools import cache
from typing import Any

from inspector_app.inspections.checklists import (
    CODE_MAX,
    LOCAL_BASIS_MAX,
    LOCAL_NOTE_MAX,
    LOCAL_TEXT_MAX,
    Catalogue,
    ChecklistItem,
    load_catalogue,
    local_item_data,
    validate_local_item,
)
from inspector_app.registry.context import RuleContext
from inspector_app.registry.shapes import FLAG, Shape, check_shape, free_text, json_text, text
from inspector_app.registry.validation import RecordInvalid, ValidationError, error
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.clock import new_id

COLUMNS = ("id", "code", "text", "basis", "applies", "note", "major", "active")
SHAPES: Mapping[str, Shape] = {
    "code": text(CODE_MAX),
    "text": free_text(LOCAL_TEXT_MAX),
    "basis": free_text(LOCAL_BASIS_MAX),
    "applies": json_text(5000),
    "note": free_text(LOCAL_NOTE_MAX),
    "major": FLAG,
    "active": FLAG,
    "created_by": text(64),
}


@cache
def _shipped() -> Catalogue:
    return load_catalogue()


def check_record(
    data: Mapping[str, Any], ctx: RuleContext, old: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """A local item as stored and synced: the administrator's rules (``validate_local_item``)
    against the shipped checklists' industries; its code never changes."""
    record = check_shape(data, SHAPES)
    try:
        validate_local_item(
            {
                "code": record["code"],
                "text": record["text"],
                "basis": record["basis"],
                "applies": json.loads(record["applies"]),
                "note": record["note"],
                "major": bool(record["major"]),
            },
            _shipped().industries,
        )
    except ValidationError as exc:
        raise RecordInvalid([exc]) from None
    if old is not None and record["code"] != old.get("code"):
        raise error("code", "fixed", "检查项编号不能更改", "the code cannot change")
    return record


def rows(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every local item, switched off ones too (the administrator's list)."""
    found = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM checklist_local_item ORDER BY code")
    return [dict(zip(COLUMNS, r, strict=True)) for r in found]


def items(conn: sqlite3.Connection, catalogue: Catalogue) -> list[ChecklistItem]:
    """The active local items as checklist items (checked again: stored data may come from
    another device)."""
    out = []
    for row in rows(conn):
        if row["active"]:
            raw = {
                "code": row["code"],
                "text": row["text"],
                "basis": row["basis"],
                "applies": json.loads(row["applies"]),
                "note": row["note"],
                "major": bool(row["major"]),
            }
            out.append(validate_local_item(raw, catalogue.industries))
    return out


def with_local(conn: sqlite3.Connection, catalogue: Catalogue) -> Catalogue:
    return catalogue.with_local(items(conn, catalogue))


def add(uow: UnitOfWork, raw: Mapping[str, object], catalogue: Catalogue) -> str:
    """Add a local item; ValidationError names the field broken (a duplicate code included)."""
    item = validate_local_item(raw, catalogue.industries)
    with_local(uow.conn, catalogue).with_local([item])  # refuses a code already in use
    taken = uow.conn.execute(
        "SELECT 1 FROM checklist_local_item WHERE code = ?", (item.code,)
    ).fetchone()
    if taken:  # a switched-off item keeps its code
        raise error("code", "duplicate", f"“{item.code}”已被停用的本地检查项使用", "is taken")
    data = local_item_data(item)
    record = {
        "code": item.code,
        "text": item.text,
        "basis": item.basis,
        "applies": json.dumps(data["applies"], ensure_ascii=False, sort_keys=True),
        "note": item.note,
        "major": int(item.major),
        "active": 1,
        "created_by": uow.author,
    }
    item_id = new_id()
    columns = [*record, "id", "created_at", "updated_at"]
    uow.conn.execute(
        f"INSERT INTO checklist_local_item({', '.join(columns)}) "
        f"VALUES ({', '.join(':' + c for c in columns)})",
        {**record, "id": item_id, "created_at": uow.now, "updated_at": uow.now},
    )
    uow.log("checklist_local_item", item_id, "insert", record)
    return item_id


def set_active(uow: UnitOfWork, item_id: str, active: bool) -> None:
    row = uow.conn.execute(
        "SELECT active FROM checklist_local_item WHERE id = ?", (item_id,)
    ).fetchone()
    if row is None or bool(row[0]) == active:
        return
    uow.conn.execute(
        "UPDATE checklist_local_item SET active = ?, updated_at = ? WHERE id = ?",
        (int(active), uow.now, item_id),
    )
    uow.log("checklist_local_item", item_id, "update", {"active": [row[0], int(active)]})
