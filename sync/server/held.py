"""Entries the server keeps until what they wait for arrives, and the backlog of them.

An entry waits for one of two things:

- a record (``parent_table``, ``parent_id``): its parent, or the record itself for a change
  to a record whose insert is waiting; released when that record is inserted;
- its device's previous entry (``ORDER``, the entry id): a device names, with each entry it
  pushes, the entry it made just before it that the server had not yet answered (``after``).
  An entry that arrives before that one (a batch resent out of order, a proxy that reorders,
  entries replayed from a copy) waits, so that every device's changes are judged in the order
  they were made whatever order they arrive in: an update before its insert, a hazard's
  rectification before its order, a case step before the step it follows. Released when the
  previous entry arrives (whatever its answer: one refused entry does not block the rest).

Waiting is never a refusal: the device is told ``held`` with the reason, keeps the entry
pending and learns the final answer at a later push. One device may have at most
``MAX_WAITING_PER_DEVICE`` entries waiting: a push that would hold more is refused whole
(429 ``held_full``; nothing of it is kept and the device keeps its entries pending), so that
entries naming predecessors that never come cannot fill the server's store.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import and_, func, insert, select
from sqlalchemy.engine import Connection

from inspector_app.messages import Bilingual
from inspector_app.store.changelog import encode
from sync.protocol import HELD
from sync.server import db
from sync.server.api import ApiError

# the parent_table of an entry waiting for its device's previous entry
ORDER = "@entry"
MAX_WAITING_PER_DEVICE = 100_000


def waiting_count(conn: Connection, device_id: str) -> int:
    h = db.held_entries.c
    return int(conn.execute(select(func.count()).where(h.device_id == device_id)).scalar_one())


def check_room(waiting: int) -> None:
    """429 ``held_full`` once a device has ``MAX_WAITING_PER_DEVICE`` entries waiting."""
    if waiting >= MAX_WAITING_PER_DEVICE:
        raise ApiError(
            429,
            "held_full",
            f"本机已有{waiting}项修改在服务器上等待此前的修改或所属记录（上限"
            f"{MAX_WAITING_PER_DEVICE}项），本次上传未被接收，修改仍保留在本机。请联系管理员。",
            f"This device has {waiting} changes waiting on the server for earlier changes or "
            f"the records they belong to (at most {MAX_WAITING_PER_DEVICE}); this push was not "
            "taken and its changes stay on the laptop. Contact your administrator.",
            waiting=waiting,
            limit=MAX_WAITING_PER_DEVICE,
        )


def previous_entry(entry: Mapping[str, Any]) -> str | None:
    """The entry this device made before ``entry`` and had not seen answered (``after``)."""
    after = entry.get("after")
    return after if isinstance(after, str) and after else None


def after_problem(entry: Mapping[str, Any]) -> str | None:
    """What is wrong with an entry's ``after`` (absent, null or an entry id), or None."""
    after = entry.get("after")
    if after is None:
        return None
    if not isinstance(after, str) or not after or len(after) > 36 or "\x00" in after:
        return "after must be an entry id (text of 1 to 36 characters)"
    if after == entry.get("entry_id"):
        return "an entry cannot come after itself"
    return None


def arrived_in_order(conn: Connection, after: str) -> bool:
    """The previous entry has arrived and is not itself waiting for its own predecessor (an
    entry waiting for its parent has arrived: what follows it goes on as it would have, had
    everything arrived in order)."""
    a, h = db.applied_entries.c, db.held_entries.c
    if conn.execute(select(a.entry_id).where(a.entry_id == after)).first() is None:
        return False
    waiting = conn.execute(
        select(h.entry_id).where(and_(h.entry_id == after, h.parent_table == ORDER))
    ).first()
    return waiting is None


def is_held(conn: Connection, record_id: str) -> bool:
    """An entry about this record is waiting (its insert, so later updates wait too)."""
    h = db.held_entries.c
    return conn.execute(select(h.entry_id).where(h.record_id == record_id)).first() is not None


def hold(
    conn: Connection,
    entry: Mapping[str, Any],
    parent_table: str,
    parent_id: str,
    device_id: str,
    user_id: str,
    now: dt.datetime,
) -> dict[str, Any]:
    """Keep ``entry`` until (``parent_table``, ``parent_id``) arrives; the answer ``held``."""
    conn.execute(
        insert(db.held_entries).values(
            entry_id=entry["entry_id"],
            record_id=entry["record_id"],
            parent_table=parent_table,
            parent_id=parent_id,
            device_id=device_id,
            user_id=user_id,
            entry=encode(entry),
            received_at=now,
        )
    )
    if parent_table == ORDER:
        why = Bilingual(
            "等待本机此前的一项修改送达后再按顺序处理。",
            "Held until the change this device made before it arrives, to be applied in order.",
            "order_pending",
        )
        extra: dict[str, Any] = {"after": parent_id}
    else:
        why = Bilingual(
            "等待所属记录上传后再处理。",
            "Held until the record it belongs to arrives.",
            "parent_missing",
        )
        extra = {"parent": [parent_table, parent_id]}
    return {
        "entry_id": entry["entry_id"],
        "status": HELD,
        "reason": {"code": why.code, "zh": why.zh, "en": why.en, **extra},
    }


def backlog(conn: Connection, device_id: str | None = None) -> list[dict[str, Any]]:
    """Every waiting entry, oldest first: who sent it, about which record, what it waits
    for and since when (``python -m sync.admin held-list``)."""
    h = db.held_entries.c
    query = select(
        h.entry_id,
        h.record_id,
        h.parent_table,
        h.parent_id,
        h.device_id,
        h.user_id,
        h.entry,
        h.received_at,
    ).order_by(h.received_at, h.entry_id)
    if device_id is not None:
        query = query.where(h.device_id == device_id)
    out = []
    for row in conn.execute(query).mappings():
        entry = json.loads(row["entry"])
        out.append(
            {
                "entry_id": row["entry_id"],
                "table": entry.get("table"),
                "record_id": row["record_id"],
                "op": entry.get("op"),
                "waits_for": "previous_entry" if row["parent_table"] == ORDER else "record",
                "parent_table": row["parent_table"],
                "parent_id": row["parent_id"],
                "device_id": row["device_id"],
                "user_id": row["user_id"],
                "received_at": row["received_at"],
            }
        )
    return out


def backlog_counts(conn: Connection) -> dict[str, int]:
    """{device id: entries waiting}."""
    h = db.held_entries.c
    rows = conn.execute(select(h.device_id, func.count()).group_by(h.device_id)).all()
    return {str(device): int(count) for device, count in rows}
