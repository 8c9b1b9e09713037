"""The issued documents' synced table: immutable, checked on the laptop and on the server."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from inspector_app.documents import issued
from inspector_app.registry.context import RuleContext
from inspector_app.registry.tablespec import TableSpec


def _document(
    _id: str, data: Mapping[str, Any], ctx: RuleContext, _old: Mapping[str, Any] | None
) -> dict[str, Any]:
    return issued.check_document(data, ctx)


SPECS = (
    TableSpec(
        "document",
        tuple(issued.DOCUMENT_SHAPES),
        matter="inspections",
        check=_document,
        parent=("@record_table", "record_id"),
        immutable=True,
        local_columns=("created_at",),
    ),
)
