"""The registry's synced tables: registry entries, officers and their certificates."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from inspector_app.registry import officers
from inspector_app.registry.context import RuleContext
from inspector_app.registry.rules import FIELDS
from inspector_app.registry.tablespec import TableSpec, on_change


def _enterprise(
    _id: str, data: Mapping[str, Any], ctx: RuleContext, _old: Mapping[str, Any] | None
) -> dict[str, Any]:
    # the registry's field rules (codes, jurisdictions, code lists), as the editor and the
    # import apply them
    return ctx.registry_rules().rules.normalise(data)


SPECS = (
    TableSpec("enterprise", FIELDS, matter="registry", check=_enterprise),
    TableSpec(
        "officer",
        tuple(officers.OFFICER_SHAPES),
        matter="officers",
        check=on_change(officers.check_officer),
        public=True,
        local_columns=("created_at", "updated_at"),
    ),
    TableSpec(
        "enforcement_certificate",
        tuple(officers.CERTIFICATE_SHAPES),
        matter="officers",
        check=on_change(officers.check_certificate),
        parent=("officer", "officer_id"),
        public=True,
        local_columns=("created_at",),
    ),
)
