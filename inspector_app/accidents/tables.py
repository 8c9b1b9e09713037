"""The accidents' synced tables (``wire.TABLES``) as the replication lists them: each record
judged by the same check on the laptop and on the server."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from inspector_app.accidents import wire
from inspector_app.registry.context import RuleContext
from inspector_app.registry.tablespec import Check, TableSpec


def _checked(table: wire.WireTable) -> Check:
    def check(
        record_id: str, data: Mapping[str, Any], ctx: RuleContext, _old: Mapping[str, Any] | None
    ) -> dict[str, Any]:
        tree = ctx.jurisdictions() if (ctx.tree or ctx.registry) else None
        return table.check(data, ctx.facts, ctx.today, record_id, tree)

    return check


SPECS = tuple(
    TableSpec(
        t.name,
        t.fields,
        matter=wire.MATTER,
        check=_checked(t),
        parent=t.parent,
        immutable=t.immutable,
        local_columns=t.local_columns,
    )
    for t in wire.TABLES.values()
)
