"""A hazard's photos: imported into the attachments by SHA-256 (the original untouched), linked
to a hazard of a draft inspection, taken off (marked withdrawn) but never deleted."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from inspector_app.inspections import photos
from inspector_app.inspections.hazards import get
from inspector_app.inspections.rules import InspectionError, require_draft
from inspector_app.registry import context
from inspector_app.registry.context import RuleContext
from inspector_app.registry.shapes import FLAG, Shape, check_shape, integer, text
from inspector_app.registry.validation import error
from inspector_app.store import attachments
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.clock import new_id
from inspector_app.store.database import Store
from inspector_app.store.facts import LocalFacts

PHOTO_SHAPES: Mapping[str, Shape] = {
    "hazard_id": text(36),
    "sha256": text(64),
    "original_name": text(200),
    "taken_at": text(40),
    "position": integer(0),
    "withdrawn": FLAG,
}


def check_photo(
    data: Mapping[str, Any], ctx: RuleContext, old: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """A photo of a hazard on a draft inspection, named by its SHA-256."""
    record = check_shape(data, PHOTO_SHAPES)
    try:
        attachments.check_sha256(record["sha256"])
    except ValueError:
        raise error(
            "photos", "sha256", "照片须以其SHA-256值登记", "a photo is named by its SHA-256"
        ) from None
    for hazard_id in {record["hazard_id"], str((old or record)["hazard_id"])}:
        hazard = ctx.facts.get("hazard", hazard_id)
        if hazard is None:
            raise InspectionError("not_found", "找不到该隐患。", f"No hazard {hazard_id}.")
        require_draft(ctx.facts, str(hazard["inspection_id"]))
    if old is not None and record["sha256"] != old.get("sha256"):
        raise error("photos", "fixed", "照片登记后不能更换", "a photo cannot be replaced")
    return record


def photos_of(conn: sqlite3.Connection, hazard_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT sha256, original_name, taken_at, position FROM hazard_photo "
        "WHERE hazard_id = ? AND withdrawn = 0 ORDER BY position, sha256",
        (hazard_id,),
    )
    return [
        dict(zip(("sha256", "original_name", "taken_at", "position"), r, strict=True)) for r in rows
    ]


def remove_photo(uow: UnitOfWork, hazard_id: str, sha256: str) -> None:
    """Take a photo off a hazard of a draft inspection (marked withdrawn; the file stays)."""
    conn = uow.conn
    old = get(conn, hazard_id)
    if old is None:
        return
    row = conn.execute(
        "SELECT id FROM hazard_photo WHERE hazard_id = ? AND sha256 = ? AND withdrawn = 0",
        (hazard_id, sha256),
    ).fetchone()
    require_draft(LocalFacts(conn), str(old["inspection_id"]))
    if row is not None:
        _set_photo_withdrawn(uow, row[0], 1)


def _set_photo_withdrawn(uow: UnitOfWork, photo_id: str, withdrawn: int) -> None:
    ctx = context.of(uow)
    current = ctx.facts.get("hazard_photo", photo_id)
    assert current is not None
    wire = {f: current[f] for f in PHOTO_SHAPES}
    check_photo({**wire, "withdrawn": withdrawn}, ctx, wire)
    uow.conn.execute("UPDATE hazard_photo SET withdrawn = ? WHERE id = ?", (withdrawn, photo_id))
    uow.log("hazard_photo", photo_id, "update", {"withdrawn": [1 - withdrawn, withdrawn]})


def import_photo(store: Store, attachments_dir: Path, source: Path) -> tuple[str, str]:
    """Copy a photo into the attachments (content-addressed, never altered); returns
    (sha256, taken_at from its EXIF or "")."""
    media = photos.media_type(source)
    sha = attachments.add_file(store, attachments_dir, source, media)
    return sha, photos.taken_at(source)


def add_photo(
    uow: UnitOfWork, hazard_id: str, sha256: str, original_name: str = "", taken_at: str = ""
) -> str | None:
    """Link an imported photo to a hazard of a draft inspection; None if already linked."""
    conn = uow.conn
    old = get(conn, hazard_id)
    if old is None or old["withdrawn"]:
        raise InspectionError("not_found", "找不到该隐患。", f"No hazard {hazard_id}.")
    linked = conn.execute(
        "SELECT id, withdrawn FROM hazard_photo WHERE hazard_id = ? AND sha256 = ?",
        (hazard_id, sha256),
    ).fetchone()
    if linked is not None:
        require_draft(LocalFacts(conn), str(old["inspection_id"]))
        if not linked[1]:
            return None
        _set_photo_withdrawn(uow, linked[0], 0)
        return str(linked[0])
    position = conn.execute(
        "SELECT coalesce(max(position), -1) + 1 FROM hazard_photo WHERE hazard_id = ?",
        (hazard_id,),
    ).fetchone()[0]
    photo_id = new_id()
    record = check_photo(
        {
            "hazard_id": hazard_id,
            "sha256": sha256,
            "original_name": original_name[:200],
            "taken_at": taken_at,
            "position": position,
            "withdrawn": 0,
        },
        context.of(uow),
    )
    conn.execute(
        "INSERT INTO hazard_photo(id, hazard_id, sha256, original_name, taken_at, position, "
        "created_at) VALUES (:id, :hazard_id, :sha256, :original_name, :taken_at, :position, :now)",
        {**record, "id": photo_id, "now": uow.now},
    )
    record.pop("withdrawn")
    uow.log("hazard_photo", photo_id, "insert", record)
    return photo_id
