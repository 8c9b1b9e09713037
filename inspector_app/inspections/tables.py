"""The inspections' synced tables, each with the check its records pass on the laptop and on
the server: the record and its team, checklist items, recusals, hazards with their photos and
lifecycle events, signatures, and the city's own checklist items."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from inspector_app.inspections import (
    hazard_photos,
    hazards,
    inspections,
    local_checklist,
    signing,
    team,
)
from inspector_app.registry.context import RuleContext
from inspector_app.registry.tablespec import TableSpec, on_change, on_record


def _inspection(
    record_id: str, data: Mapping[str, Any], ctx: RuleContext, old: Mapping[str, Any] | None
) -> dict[str, Any]:
    record = inspections.check_inspection(data, ctx, old)
    signing.check_signed(ctx.facts, record_id, record, old or {"status": "draft"})
    return record


SPECS = (
    TableSpec(
        "inspection",
        inspections.WIRE_FIELDS,
        matter="inspections",
        check=_inspection,
        local_columns=("created_at", "updated_at"),
    ),
    TableSpec(
        "inspection_officer",
        tuple(team.MEMBER_SHAPES),
        matter="inspections",
        check=on_record(team.check_member),
        parent=("inspection", "inspection_id"),
        immutable=True,
    ),
    TableSpec(
        "inspection_item",
        tuple(inspections.ITEM_SHAPES),
        matter="inspections",
        check=on_change(inspections.check_item),
        parent=("inspection", "inspection_id"),
    ),
    TableSpec(
        "recusal",
        tuple(team.RECUSAL_SHAPES),
        matter="inspections",
        check=on_record(team.check_recusal),
        parent=("enterprise", "enterprise_id"),
        immutable=True,
        local_columns=("created_at",),
    ),
    TableSpec(
        "hazard",
        tuple(hazards.HAZARD_SHAPES),
        matter="inspections",
        check=on_change(hazards.check_hazard),
        parent=("inspection", "inspection_id"),
        local_columns=("created_at", "updated_at"),
    ),
    TableSpec(
        "hazard_photo",
        tuple(hazard_photos.PHOTO_SHAPES),
        matter="inspections",
        check=on_change(hazard_photos.check_photo),
        parent=("hazard", "hazard_id"),
        local_columns=("created_at",),
        attachments=("sha256",),
    ),
    TableSpec(
        "hazard_event",
        tuple(hazards.EVENT_SHAPES),
        matter="inspections",
        check=on_record(hazards.check_event),
        parent=("hazard", "hazard_id"),
        immutable=True,
        local_columns=("created_at",),
    ),
    TableSpec(
        "signature",
        tuple(signing.SIGNATURE_SHAPES),
        matter="inspections",
        check=on_record(signing.check_signature),
        parent=("@record_table", "record_id"),
        immutable=True,
        attachments=("image_sha256",),
    ),
    # the city's own checklist items: read by everyone, written by administrators
    TableSpec(
        "checklist_local_item",
        tuple(local_checklist.SHAPES),
        matter="checklists",
        check=on_change(local_checklist.check_record),
        public=True,
        local_columns=("created_at", "updated_at"),
    ),
)
