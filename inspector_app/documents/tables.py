"""The issued documents' synced table: immutable, checked on the laptop and on the server."""

from __future__ import annotations

from inspector_app.documents import issued
from inspector_app.registry.tablespec import TableSpec, on_record

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
)
