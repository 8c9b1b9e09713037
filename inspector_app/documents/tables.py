"""The documents' synced tables: the issued documents (immutable) and the organs' profiles
printed on them, checked on the laptop and on the server."""

from __future__ import annotations

from inspector_app.documents import issued, organ_profiles
from inspector_app.registry.tablespec import TableSpec, on_change, on_record

SPECS = (
    TableSpec(
        "document",
        tuple(issued.DOCUMENT_SHAPES),
        matter="inspections",
        check=on_record(issued.check_document),
        parent=("@record_table", "record_id"),
        immutable=True,
        local_columns=("created_at",),
    ),
    # one per organ, read by every officer of the city (a township issues in its county
    # bureau's name); written by the organ's approvers and administrators
    TableSpec(
        organ_profiles.TABLE,
        organ_profiles.FIELDS,
        matter="organ",
        check=on_change(organ_profiles.check_profile),
        public=True,
        local_columns=("created_at", "updated_at"),
    ),
)
