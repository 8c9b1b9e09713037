"""Writing the accident tables: one insert and one update, each logged in the caller's unit of
work (the record and its change-log entry commit together)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from inspector_app.store.changelog import UnitOfWork, diff
from inspector_app.store.clock import new_id


def now_of(uow: UnitOfWork) -> dt.datetime:
    """The unit of work's instant (aware): what the writes check "not in the future" against."""
    return dt.datetime.fromisoformat(uow.now)


def insert(uow: UnitOfWork, table: str, record: Mapping[str, Any], times: tuple[str, ...]) -> str:
    """Insert a checked record with a new id and the unit of work's time in ``times``."""
    record_id = new_id()
    columns = [*record, "id", *times]
    values = {**record, "id": record_id, **{t: uow.now for t in times}}
    uow.conn.execute(
        f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})",
        values,
    )
    uow.log(table, record_id, "insert", dict(record))
    return record_id


def update(
    uow: UnitOfWork,
    table: str,
    record_id: str,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
) -> dict[str, list[Any]]:
    """Write the fields of ``new`` that differ from ``old``; returns {field: [old, new]}."""
    delta = diff(old, new)
    if delta:
        sets = ", ".join(f"{f} = :{f}" for f in delta)
        uow.conn.execute(
            f"UPDATE {table} SET {sets}, updated_at = :now WHERE id = :id",
            {**{f: new[f] for f in delta}, "now": uow.now, "id": record_id},
        )
        uow.log(table, record_id, "update", delta)
    return delta
