"""The synced tables: the list of every table that replicates, each declared by the aggregate
that owns it (``<aggregate>/tables.py``: its wire fields, parent, who may write it, and the check
its records pass), and the checks the server runs on every pushed record.

On the wire a record is ``{field: value}`` of its spec's fields (no local keys, no derived
columns); its canonical JSON (``changelog.encode``) is what the checksums hash. Adding a synced
table means declaring its ``TableSpec`` in its aggregate and listing the aggregate's specs here.
The replication's own table, ``sync_conflict`` (two devices changed one field), is declared here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from inspector_app.accidents import tables as accidents_tables
from inspector_app.cases import tables as cases_tables
from inspector_app.documents import tables as documents_tables
from inspector_app.inspections import tables as inspections_tables
from inspector_app.plans import tables as plans_tables
from inspector_app.registry import tables as registry_tables
from inspector_app.registry.context import RuleContext
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.shapes import Shape, check_shape, text
from inspector_app.registry.tablespec import TableSpec
from inspector_app.registry.validation import (
    RecordInvalid,
    ValidationError,
    clean_text,
    error,
)
from inspector_app.reports import tables as reports_tables

# a conflict's values are the field values of other tables: text, numbers, flags or nothing
CONFLICT_SHAPES: Mapping[str, Shape] = {
    "county_code": text(32, optional=True),
    "town_code": text(32, optional=True),
    "supervising_unit": text(32, optional=True),
    "table_name": text(40),
    "record_id": text(36),
    "field": text(60),
    "server_value": Shape("scalar", optional=True),
    "server_by": text(64),
    "server_at": text(40),
    "incoming_value": Shape("scalar", optional=True),
    "incoming_by": text(64),
    "incoming_author": text(64),
    "incoming_at": text(40),
    "incoming_entry": text(36),
    "status": text(10, choices=("open", "resolved")),
    "resolved_value": Shape("scalar", optional=True),
    "resolved_by": text(64),
    "resolved_at": text(40),
}
CONFLICT_FIELDS = tuple(CONFLICT_SHAPES)


def _conflict(
    _id: str, data: Mapping[str, Any], ctx: RuleContext, old: Mapping[str, Any] | None
) -> dict[str, Any]:
    """A conflict names a field of a synced table; a person resolves it (its facts stay)."""
    record = check_shape(data, CONFLICT_SHAPES)
    target = SPECS.get(record["table_name"])
    if target is None or record["field"] not in target.fields:
        raise error(
            "field", "unknown", "不是已同步数据表的字段", "is not a field of a synced table"
        )
    if old is not None:
        kept = [f for f in CONFLICT_FIELDS if not f.startswith("resolved") and f != "status"]
        changed = [f for f in kept if record[f] != old.get(f)]
        if changed:
            raise error(changed[0], "fixed", "冲突记录只能被处理，不能被改写", "only resolved")
    return record


SPECS: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        *registry_tables.SPECS,
        # made by the server when two devices changed the same field; people resolve them
        TableSpec("sync_conflict", CONFLICT_FIELDS, matter="conflicts", check=_conflict),
        *inspections_tables.SPECS,
        *documents_tables.SPECS,
        *cases_tables.SPECS,
        *accidents_tables.SPECS,
        *reports_tables.SPECS,
        *plans_tables.SPECS,
    )
}


class UnknownTable(ValueError):
    pass


def spec(table: str) -> TableSpec:
    try:
        return SPECS[table]
    except KeyError:
        raise UnknownTable(table) from None


@dataclass(frozen=True)
class Scope:
    """Where a record belongs: what the server filters on and authorises against."""

    county_code: str | None = None
    town_code: str | None = None
    supervising_unit: str | None = None
    unit_code: str | None = None
    public: bool = False


def scope_of(table: str, data: Mapping[str, Any], tree: JurisdictionTree) -> Scope:
    s = spec(table)
    if "county_code" in data:
        return Scope(
            data.get("county_code"),
            data.get("town_code"),
            data.get("supervising_unit"),
            None,
            s.public,
        )
    unit = data.get("unit_code")
    if unit and unit in tree.units:
        county = tree.reporting_unit(unit).code
        return Scope(county_code=county, unit_code=unit, public=s.public)
    return Scope(public=s.public)


# a wire value fits a SQLite column and a PostgreSQL JSON text: a signed 64-bit integer
INT64_LOW, INT64_HIGH = -(2**63), 2**63 - 1


def wire_value(name: str, value: Any) -> None:
    """The one rule every field of every synced table keeps, whatever its table: text (valid
    Unicode, no control character but tab and line breaks), a 64-bit integer, a finite number
    or nothing. An object or a list is never a field's value."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        if not INT64_LOW <= value <= INT64_HIGH:
            raise error(name, "int64", "数值超出范围", "must fit in a 64-bit integer")
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise error(name, "finite", "应为有限的数值", "must be a finite number")
        return
    if isinstance(value, str):
        clean_text(value, name, multiline=True)
        return
    raise error(name, "scalar", "应为文字、数字或空值", "must be text, a number or null")


def check_wire(data: Mapping[str, Any]) -> None:
    """``RecordInvalid`` naming every field whose value breaks ``wire_value``."""
    errors: list[ValidationError] = []
    for name, value in data.items():
        try:
            wire_value(str(name), value)
        except ValidationError as exc:
            errors.append(exc)
    if errors:
        raise RecordInvalid(errors)


def check(
    table: str,
    record_id: str,
    data: Mapping[str, Any],
    ctx: RuleContext,
    old: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The record as it may be stored (normalised by its table's check), or ``RecordInvalid``
    naming each field, or the aggregate's own bilingual refusal. ``old``: the record before
    this change (None for a new record)."""
    s = spec(table)
    unknown = sorted(set(data) - set(s.fields))
    if unknown:
        raise RecordInvalid(
            [error(unknown[0], "unknown_field", "不是该表的字段", "is not a field of this table")]
        )
    check_wire(data)
    try:
        record = s.check(record_id, data, ctx, old)
    except ValidationError as exc:
        raise RecordInvalid([exc]) from None
    check_wire(record)  # what the table's check made of it, as it will be stored and sent
    return record
