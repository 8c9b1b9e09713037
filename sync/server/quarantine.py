"""The quarantine of a lost laptop's changes.

A device an administrator revoked (``sync.admin revoke-device``) is refused on every ordinary
route: it pulls nothing and pushes nothing. What it made offline may still be evidence (made by
the officer before the loss) or not (made by whoever has the laptop since): it must neither be
lost nor flow into the central records unseen. So a revoked device hands its pending changes in
(``POST /api/v1/quarantine``, authenticated by an access token issued to it, whatever became of
that token since) and the server keeps each one whole in ``quarantined_entries``: who (the
account the laptop was signed in as), which device, the laptop's own time, when the server
received it, when the device was revoked, the change itself.

Every change handed in after the revocation is held, whatever time the laptop's clock gives it:
that clock is in the hands of whoever has the laptop, so "made before the revocation" cannot be
told from it. Changes the device pushed while it was still trusted were applied then and stay
(``withdraw-record`` takes one out if it has to go).

The device is answered ``held`` (code ``quarantined``): kept, neither refused nor applied; a
replay or retry is answered the same and stored once. An administrator lists them
(``quarantine-list``) and decides: ``quarantine-release`` applies a change through the ordinary
push path as its author's (the same domain rules and scope checks, so a release can still be
refused, with its code), ``quarantine-reject`` keeps it with the reason. From then on the
device's next hand-in of that change is told the decision (accepted, or refused with the
reason), so it stops waiting.

One device may leave at most ``MAX_HELD_PER_DEVICE`` undecided changes with the server: a
hand-in that would go beyond is refused whole (429 ``quarantine_full``) and its changes stay
pending on the laptop, nothing lost, until an administrator has decided on those held — whoever
holds a stolen laptop cannot fill the server's store through this route.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection

from inspector_app.registry.entries import Registry
from inspector_app.replication.outbox import QUARANTINED
from inspector_app.store.changelog import encode
from sync import protocol
from sync.protocol import API_PREFIX, HELD, REJECTED
from sync.server import auth, db, records
from sync.server import push as pushes
from sync.server.api import Api, ApiError

log = logging.getLogger(__name__)

REJECTED_IN_REVIEW = "quarantine_rejected"


class QuarantineError(Exception):
    """An administrator's decision that cannot be made (unknown id, decided already…)."""


class HandInBody(BaseModel):
    entries: list[Any] = Field(max_length=protocol.MAX_PUSH_ENTRIES)


# undecided changes of one revoked device the server keeps (an officer's months offline are a
# few thousand; a registry import on a laptop is pushed before a loss, not after)
MAX_HELD_PER_DEVICE = 100_000


def check_room(conn: Connection, device_id: str, entries: Sequence[Any]) -> None:
    """Refuse the whole hand-in (429 ``quarantine_full``) when its new changes would take the
    device past ``MAX_HELD_PER_DEVICE`` undecided ones (replays take no room)."""
    q, a = db.quarantined_entries.c, db.applied_entries.c
    held = conn.execute(
        select(func.count()).where(q.device_id == device_id, q.status == "held")
    ).scalar_one()
    ids = [
        e["entry_id"] for e in entries if isinstance(e, dict) and isinstance(e.get("entry_id"), str)
    ]
    known = (
        set(conn.execute(select(a.entry_id).where(a.entry_id.in_(ids))).scalars()) if ids else set()
    )
    new = sum(1 for i in dict.fromkeys(ids) if i not in known)
    if new and held + new > MAX_HELD_PER_DEVICE:
        raise ApiError(
            429,
            "quarantine_full",
            f"本机交服务器暂存、待管理员审核的修改已达{held}项（上限{MAX_HELD_PER_DEVICE}项），"
            "其余修改仍保留在本机，待管理员审核后再提交。",
            f"This device already has {held} changes held for review (at most "
            f"{MAX_HELD_PER_DEVICE}); the rest stay on the laptop until an administrator has "
            "decided on those.",
            held=int(held),
            limit=MAX_HELD_PER_DEVICE,
        )


def held_answer(entry_id: str) -> dict[str, Any]:
    return {
        "entry_id": entry_id,
        "status": HELD,
        "reason": pushes.reason(
            QUARANTINED,
            "本机已被停用：该修改已交服务器暂存，待管理员审核后再决定是否采用。",
            "This device was revoked: the change is held on the server until an "
            "administrator reviews it.",
        ),
    }


def rejected_answer(entry_id: str, why: str) -> dict[str, Any]:
    return {
        "entry_id": entry_id,
        "status": REJECTED,
        "reason": pushes.reason(
            REJECTED_IN_REVIEW,
            f"管理员审核后未采用该修改（本机已被停用）：{why}",
            f"An administrator reviewed this change from a revoked device and rejected it: {why}",
        ),
    }


def hand_in(
    ctx: pushes.PushContext, revoked_at: dt.datetime, entries: Sequence[Any]
) -> list[dict[str, Any]]:
    """Keep each change a revoked device hands in (once: a replay is answered as before, and
    one already applied before the revocation stays applied)."""
    results = []
    for entry in entries:
        problem = pushes.shape_problem(entry)
        if problem is not None:
            results.append(pushes.push(ctx, [entry])[0])  # the push's own refusal
            continue
        digest = pushes.entry_hash(entry)
        answered = pushes.replayed(ctx, entry, digest)
        if answered is not None:
            results.append(answered)
            continue
        ctx.conn.execute(
            db.quarantined_entries.insert().values(
                entry_id=entry["entry_id"],
                entry_hash=digest,
                entry=encode(entry),
                device_id=ctx.principal.device_id,
                user_id=ctx.principal.user_id,
                table_name=entry["table"],
                record_id=entry["record_id"],
                device_time=str(entry.get("device_time") or ""),
                received_at=ctx.now,
                revoked_at=revoked_at,
                status="held",
            )
        )
        answer = held_answer(entry["entry_id"])
        pushes.remember(ctx, entry, digest, answer)
        results.append(answer)
    return results


def listed(conn: Connection, status: str | None = "held") -> list[dict[str, Any]]:
    """The quarantined changes, oldest first (``status``: held, released, rejected; None: all)."""
    q = db.quarantined_entries.c
    query = select(db.quarantined_entries).order_by(q.id)
    if status is not None:
        query = query.where(q.status == status)
    return [dict(row) for row in conn.execute(query).mappings()]


def _held(conn: Connection, item_id: int) -> dict[str, Any]:
    q = db.quarantined_entries.c
    row = conn.execute(select(db.quarantined_entries).where(q.id == item_id)).mappings().first()
    if row is None:
        raise QuarantineError(f"no quarantined change {item_id}")
    if row["status"] != "held":
        raise QuarantineError(
            f"quarantined change {item_id} was {row['status']} already "
            f"(by {row['decided_by']} at {row['decided_at']})"
        )
    return dict(row)


def release(
    conn: Connection, registry: Registry, item_id: int, by: str, now: dt.datetime
) -> dict[str, Any]:
    """Apply a held change through the ordinary push path as its author's; returns the answer
    (accepted, held for its parent, or refused with the rule's code). A change of a record
    whose earlier change is still held waits for that one."""
    row = _held(conn, item_id)
    q = db.quarantined_entries.c
    earlier = conn.execute(
        select(q.id)
        .where(q.record_id == row["record_id"], q.status == "held", q.id < item_id)
        .order_by(q.id)
        .limit(1)
    ).first()
    if earlier is not None:
        raise QuarantineError(
            f"release or reject {earlier[0]} first: an earlier change of the same record"
        )
    # the author as principal is set by ``apply_as_author``; this one only carries the context
    ctx = pushes.PushContext(
        conn,
        auth.Principal(row["user_id"], "", "", "", "", row["device_id"], ""),
        registry,
        now,
    )
    result = pushes.apply_as_author(ctx, json.loads(row["entry"]), row["user_id"], row["device_id"])
    if ctx.batch.changed:
        ctx.batch.finish(conn)
    conn.execute(
        update(db.quarantined_entries)
        .where(q.id == item_id)
        .values(status="released", decided_by=by, decided_at=now, result=encode(result))
    )
    log.warning(
        "quarantined change %s (%s %s of device %s) released by %s: %s",
        item_id,
        row["table_name"],
        row["record_id"],
        row["device_id"],
        by,
        result["status"],
    )
    return result


def reject(conn: Connection, item_id: int, why: str, by: str, now: dt.datetime) -> None:
    """Keep a held change as rejected, with the reason; the device is told at its next hand-in."""
    if not why.strip():
        raise QuarantineError("a rejection needs its reason (--reason)")
    row = _held(conn, item_id)
    q, a = db.quarantined_entries.c, db.applied_entries.c
    answer = rejected_answer(row["entry_id"], why.strip())
    conn.execute(
        update(db.quarantined_entries)
        .where(q.id == item_id)
        .values(status="rejected", decided_by=by, decided_at=now, reason=why.strip())
    )
    conn.execute(
        update(db.applied_entries)
        .where(a.entry_id == row["entry_id"])
        .values(status=REJECTED, result=encode(answer))
    )
    log.warning(
        "quarantined change %s (%s %s of device %s) rejected by %s: %s",
        item_id,
        row["table_name"],
        row["record_id"],
        row["device_id"],
        by,
        why.strip(),
    )


def register(app: FastAPI, api: Api, registry: Callable[[], Registry]) -> None:
    @app.post(f"{API_PREFIX}/quarantine")
    def hand_in_changes(request: Request, body: HandInBody) -> Response:
        where = pushes.unicode_problem(body.entries, "entries")
        if where is not None:
            raise ApiError(
                422,
                "invalid_unicode",
                f"{where} 含有无效的字符编码（孤立的代理字符）。",
                f"{where} contains invalid Unicode (a lone surrogate).",
                field=where,
            )
        bearer = request.headers.get("authorization", "")
        token = bearer[7:] if bearer.lower().startswith("bearer ") else None
        rules = registry()
        now = api.now()
        with db.writing(api.engine) as conn:
            who = auth.revoked_device(conn, token, request.headers.get(protocol.H_DEVICE))
            revoked_at = conn.execute(
                select(db.devices.c.revoked_at).where(db.devices.c.id == who.device_id)
            ).scalar_one()
            check_room(conn, who.device_id, body.entries)
            ctx = pushes.PushContext(conn, who, rules, now)
            results = hand_in(ctx, revoked_at, body.entries)
            seq = records.current_seq(conn)
        held = sum(r.get("status") == HELD for r in results)
        log.warning(
            "revoked device %s (user %s) handed in %d changes, %d held for review",
            who.device_id,
            who.username,
            len(results),
            held,
        )
        return api.answer({"results": results, "server_seq": seq}, key=api.key_of(who))
