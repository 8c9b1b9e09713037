"""What a synced table is: its wire fields, who may write it, what it hangs on, and the check
its records pass — declared by the aggregate that owns the table (``<aggregate>/tables.py``)
and listed by ``replication.tables``.

The check takes the record's id, its wire fields, the ``RuleContext`` and the record as it was
before (None for a new record), and returns the record as it may be stored or raises a
``RecordInvalid``, a ``ValidationError`` or the aggregate's own bilingual error. The laptop's
operations and the server's push run the same check.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from inspector_app.registry.context import RuleContext

Check = Callable[[str, Mapping[str, Any], RuleContext, Mapping[str, Any] | None], dict[str, Any]]


@dataclass(frozen=True)
class TableSpec:
    name: str
    fields: tuple[str, ...]
    matter: str  # what a user must be allowed to do to write it (the server's scope rules)
    check: Check
    # (table, field): the record it belongs to; a table name starting with "@" names the field
    # that holds the parent's table (a signature belongs to an inspection or a document).
    # A child record lives where its parent lives (the server takes the parent's scope).
    parent: tuple[str, str] | None = None
    public: bool = False  # reference data every user of the city reads
    immutable: bool = False  # never changed once written (events, signatures, documents)
    local_columns: tuple[str, ...] = ()  # columns set on this device when the record arrives
    # fields naming an attachment by its SHA-256: whoever reads the record may read the blob
    attachments: tuple[str, ...] = ()

    def parent_of(self, data: Mapping[str, Any]) -> tuple[str, str] | None:
        """(table, id) of the record this one belongs to."""
        if self.parent is None:
            return None
        table, field_name = self.parent
        if table.startswith("@"):
            table = str(data.get(table[1:]) or "")
        return table, str(data.get(field_name) or "")


def on_record(fn: Callable[[Mapping[str, Any], RuleContext], dict[str, Any]]) -> Check:
    """A table's check from a rule over the record alone (new records only: the table is
    immutable, or its rule needs no earlier state)."""

    def check(
        _id: str, data: Mapping[str, Any], ctx: RuleContext, _old: Mapping[str, Any] | None
    ) -> dict[str, Any]:
        return fn(data, ctx)

    return check


def on_change(
    fn: Callable[[Mapping[str, Any], RuleContext, Mapping[str, Any] | None], dict[str, Any]],
) -> Check:
    """A table's check from a rule over the record and what it was before (None if new)."""

    def check(
        _id: str, data: Mapping[str, Any], ctx: RuleContext, old: Mapping[str, Any] | None
    ) -> dict[str, Any]:
        return fn(data, ctx, old)

    return check
