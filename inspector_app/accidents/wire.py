"""The accident tables as they travel: wire fields, parent, immutability, and the check the
server runs on a pushed record (the same function the writes here run).

Every check has the form ``check(data, facts, today, record_id="", tree=None) -> dict``: ``data``
holds the wire fields, ``facts`` is the server's (or the laptop's) read-only view of the records
(``inspector_app.store.facts``), ``today`` the server's date or aware time, ``record_id`` the
record's id (an update of a mutable record is checked against the stored one), ``tree`` the
city's jurisdictions. It returns the record normalised or raises ``RecordInvalid`` naming each
field and rule broken. For ``replication.tables.TableSpec`` entries: ``matter`` "accidents".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from inspector_app.accidents import accidents, report_checks, steps, warnings
from inspector_app.accidents.fields import fail
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import RecordInvalid
from inspector_app.store.facts import Facts

MATTER = "accidents"
Check = Callable[[Mapping[str, Any], Facts, dt.date, str, JurisdictionTree | None], dict[str, Any]]


@dataclass(frozen=True)
class WireTable:
    name: str
    fields: tuple[str, ...]
    parent: tuple[str, str] | None  # (table, field) of the record it belongs to
    immutable: bool  # never changed once written
    local_columns: tuple[str, ...]  # set on the device when the record arrives
    check: Check


def _accident(
    data: Mapping[str, Any], facts: Facts, today: dt.date, record_id: str, tree: Any
) -> dict[str, Any]:
    return accidents.check_accident(data, facts, today, record_id=record_id, tree=tree)


def _report(
    data: Mapping[str, Any], facts: Facts, today: dt.date, record_id: str, tree: Any
) -> dict[str, Any]:
    return accidents.check_accident_report(data, facts, today, record_id=record_id)


def _step(
    data: Mapping[str, Any], facts: Facts, today: dt.date, record_id: str, tree: Any
) -> dict[str, Any]:
    return steps.check_accident_step(data, facts, today, record_id=record_id)


def _warning(
    data: Mapping[str, Any], facts: Facts, today: dt.date, record_id: str, tree: Any
) -> dict[str, Any]:
    return warnings.check_warning_notice(data, facts, today, record_id=record_id, tree=tree)


def _round(
    data: Mapping[str, Any], facts: Facts, today: dt.date, record_id: str, tree: Any
) -> dict[str, Any]:
    return report_checks.check_report_check_round(
        data, facts, today, record_id=record_id, tree=tree
    )


def _check(
    data: Mapping[str, Any], facts: Facts, today: dt.date, record_id: str, tree: Any
) -> dict[str, Any]:
    return report_checks.check_report_check(data, facts, today, record_id=record_id)


TABLES: dict[str, WireTable] = {
    t.name: t
    for t in (
        WireTable(
            "accident",
            accidents.ACCIDENT_FIELDS,
            None,
            False,
            ("created_at", "updated_at"),
            _accident,
        ),
        WireTable(
            "accident_report",
            accidents.REPORT_FIELDS,
            ("accident", "accident_id"),
            True,
            ("created_at",),
            _report,
        ),
        WireTable(
            "accident_step",
            steps.STEP_FIELDS,
            ("accident", "accident_id"),
            True,
            ("created_at",),
            _step,
        ),
        WireTable(
            "warning_notice",
            warnings.WARNING_FIELDS,
            None,
            False,
            ("created_at", "updated_at"),
            _warning,
        ),
        WireTable(
            "report_check_round",
            report_checks.ROUND_FIELDS,
            None,
            False,
            ("created_at", "updated_at"),
            _round,
        ),
        WireTable(
            "report_check",
            report_checks.CHECK_FIELDS,
            ("report_check_round", "round_id"),
            True,
            ("created_at",),
            _check,
        ),
    )
}


def check(
    table: str,
    data: Mapping[str, Any],
    facts: Facts,
    today: dt.date,
    *,
    record_id: str = "",
    tree: JurisdictionTree | None = None,
) -> dict[str, Any]:
    """The record of ``table`` normalised by its rules (KeyError for a table not listed); a
    field the table does not have is refused, as the other tables' checks do."""
    spec = TABLES[table]
    unknown = sorted(set(data) - set(spec.fields))
    if unknown:
        raise RecordInvalid(
            [
                fail(name, "unknown_field", "不是该表的字段", "is not a field of this table")
                for name in unknown
            ]
        )
    return spec.check(data, facts, today, record_id, tree)
