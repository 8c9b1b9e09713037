"""Applying pushed change-log entries on the server: each entry once (replays answered the
same), checked by the domain's own rules (``replication.check``) before and after the checks
every field of every table passes, held while its parent is missing, merged field by field with
conflicts kept; ``records`` stores what this module decides.

A little over 600 lines: one entry's path from arrival to answer (held, merged, refused) is
read best in one place."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.engine import Connection

from inspector_app.messages import Bilingual
from inspector_app.registry.context import RuleContext
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.tablespec import TableSpec
from inspector_app.registry.validation import RecordInvalid, ValidationError, error
from inspector_app.replication import tables as replication
from inspector_app.replication.tables import Scope
from inspector_app.store.changelog import encode
from inspector_app.store.clock import new_id
from sync.protocol import ACCEPTED, HELD, REJECTED
from sync.server import auth, db, held, scope
from sync.server.auth import Principal
from sync.server.facts import ServerFacts
from sync.server.records import CONFLICT_TABLE, NATURAL_KEYS, Batch, get, is_withdrawn, put

log = logging.getLogger(__name__)


# -- push ------------------------------------------------------------------------------------


# the day a pushed record is judged on (nothing may be dated after it): the date in China,
# where every user of the app works (UTC+8 all year)
CHINA = dt.timezone(dt.timedelta(hours=8))


@dataclass
class PushContext:
    conn: Connection
    principal: Principal
    registry: Registry
    now: dt.datetime
    batch: Batch = field(default_factory=Batch)
    held: int | None = None  # this device's entries waiting on the server (counted when needed)

    @property
    def tree(self) -> JurisdictionTree:
        return self.registry.tree

    def rules(self) -> RuleContext:
        """What the domain's rules run with: the central store, today in China, the pusher."""
        return RuleContext(
            ServerFacts(self.conn),
            self.now.astimezone(CHINA).date(),
            self.principal.user_id,
            registry=self.registry,
        )


def reason(code: str, zh: str, en: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "zh": zh, "en": en, **extra}


def entry_hash(entry: Mapping[str, Any]) -> str:
    """The entry's content: what an entry id must always carry. ``after`` is left out: it
    names what the device had not seen answered when it sent the entry, which a retry may
    have learnt since."""
    content = {k: v for k, v in entry.items() if k != "after"}
    return hashlib.sha256(encode(content).encode()).hexdigest()


REQUIRED = {"entry_id": str, "table": str, "record_id": str, "op": str}


def shape_problem(entry: Any) -> str | None:
    if not isinstance(entry, dict):
        return "entry is not an object"
    for name, kind in REQUIRED.items():
        if not isinstance(entry.get(name), kind) or not entry.get(name):
            return f"{name} missing or not a {kind.__name__}"
    if len(entry["entry_id"]) > 36 or len(entry["record_id"]) > 36:
        return "id longer than 36 characters"
    if len(entry["table"]) > 40 or len(entry["op"]) > 16:
        return "table or op too long"
    if any("\x00" in entry[name] for name in REQUIRED):
        return "NUL character in an id, table or op"
    if entry["op"] == "insert" and not isinstance(entry.get("data"), dict):
        return "an insert needs data (an object)"
    if entry["op"] == "update" and not isinstance(entry.get("changes"), dict):
        return "an update needs changes (an object)"
    if entry["op"] == "update" and not all(
        isinstance(v, list) and len(v) == 2 for v in entry["changes"].values()
    ):
        return "each change is [old, new]"
    return held.after_problem(entry)


def unicode_problem(value: Any, path: str) -> str | None:
    """Where in a request body a text is not valid Unicode (a lone surrogate, which JSON
    escapes can carry but UTF-8 cannot store), as ``entries[0].data.name``; None if nowhere."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            found = unicode_problem(key, path) or unicode_problem(item, f"{path}.{key}")
            if found:
                return found
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found = unicode_problem(item, f"{path}[{i}]")
            if found:
                return found
    return None


def push(ctx: PushContext, entries: Sequence[Any]) -> list[dict[str, Any]]:
    """Apply entries in order; one bad entry never blocks the rest. Replays answer the same.
    A change made together with a second, different resolution of a conflict (the same local
    transaction) is refused with it."""
    overruled = _overruled_transactions(ctx, entries)
    results = []
    for entry in entries:
        problem = shape_problem(entry)
        if problem is not None:
            entry_id = entry.get("entry_id") if isinstance(entry, dict) else None
            results.append(
                {
                    "entry_id": entry_id,
                    "status": REJECTED,
                    "reason": reason(
                        "malformed_entry", f"记录格式错误：{problem}", f"malformed entry: {problem}"
                    ),
                }
            )
            continue
        results.append(_push_one(ctx, entry, overruled.get(str(entry.get("tx_id") or ""))))
    return results


def _overruled_transactions(ctx: PushContext, entries: Sequence[Any]) -> dict[str, dict[str, Any]]:
    """{tx_id: refusal} of the pushed transactions that resolve a conflict someone else
    already resolved otherwise: what they change with it follows the first decision too."""
    out: dict[str, dict[str, Any]] = {}
    for entry in entries:
        if (
            shape_problem(entry) is not None
            or entry["table"] != CONFLICT_TABLE
            or entry["op"] != "update"
            or not entry.get("tx_id")
        ):
            continue
        existing = get(ctx.conn, CONFLICT_TABLE, entry["record_id"])
        if existing is None:
            continue
        current = json.loads(existing["data"])
        if current.get("status") != "resolved":
            continue
        second = _second_resolution(ctx, entry, current)
        if second is not None and second["status"] == REJECTED:
            out[str(entry["tx_id"])] = second["reason"]
    return out


def _push_one(
    ctx: PushContext, entry: dict[str, Any], overruled: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """``overruled``: the refusal of the conflict resolution this entry was made with."""
    conn = ctx.conn
    digest = entry_hash(entry)
    answered = replayed(ctx, entry, digest)
    if answered is not None:
        return answered
    if overruled is not None:
        result = {"entry_id": entry["entry_id"], "status": REJECTED, "reason": dict(overruled)}
        remember(ctx, entry, digest, result)
        _release(ctx, _arrived(entry, result))
        return result
    after = held.previous_entry(entry)
    if after is not None and not held.arrived_in_order(conn, after):
        result = _hold(ctx, entry, held.ORDER, after)
        remember(ctx, entry, digest, result)
        return result
    savepoint = conn.begin_nested()
    try:
        result = _apply(ctx, entry)
    except Exception:
        savepoint.rollback()
        raise
    if result["status"] == REJECTED:
        savepoint.rollback()
    else:
        savepoint.commit()
    remember(ctx, entry, digest, result)
    _release(ctx, _arrived(entry, result))
    return result


def replayed(ctx: PushContext, entry: Mapping[str, Any], digest: str) -> dict[str, Any] | None:
    """The answer an entry received before was given (as it stands now: a held entry's once
    it is decided), a refusal if its id came with other content, or None for a new entry."""
    a = db.applied_entries.c
    seen = ctx.conn.execute(
        select(a.entry_hash, a.result).where(a.entry_id == entry["entry_id"])
    ).first()
    if seen is None:
        return None
    if seen[0] != digest:
        return {
            "entry_id": entry["entry_id"],
            "status": REJECTED,
            "reason": reason(
                "entry_id_reused",
                "同一编号的修改内容不同，已拒绝。",
                "An entry with this id but other content was received before.",
            ),
        }
    return dict(json.loads(seen[1]))


def remember(
    ctx: PushContext, entry: Mapping[str, Any], digest: str, result: Mapping[str, Any]
) -> None:
    a = db.applied_entries.c
    values = {"status": result["status"], "result": encode(result)}
    exists = ctx.conn.execute(select(a.entry_id).where(a.entry_id == entry["entry_id"])).first()
    if exists:
        ctx.conn.execute(
            update(db.applied_entries).where(a.entry_id == entry["entry_id"]).values(**values)
        )
    else:
        ctx.conn.execute(
            insert(db.applied_entries).values(
                entry_id=entry["entry_id"],
                entry_hash=digest,
                device_id=ctx.principal.device_id,
                user_id=ctx.principal.user_id,
                table_name=entry["table"],
                record_id=entry["record_id"],
                received_at=ctx.now,
                **values,
            )
        )


def _apply(ctx: PushContext, entry: dict[str, Any]) -> dict[str, Any]:
    entry_id, table, record_id = entry["entry_id"], entry["table"], entry["record_id"]
    rejected = {"entry_id": entry_id, "status": REJECTED}
    try:
        spec = replication.spec(table)
    except replication.UnknownTable:
        return {
            **rejected,
            "reason": reason("unknown_table", f"未知的数据表“{table}”", f"unknown table {table!r}"),
        }
    if entry["op"] not in ("insert", "update"):
        return {
            **rejected,
            "reason": reason(
                "unsupported_op",
                f"不支持的操作“{entry['op']}”",
                f"unsupported operation {entry['op']!r}",
            ),
        }
    if is_withdrawn(ctx.conn, table, record_id):
        return {
            **rejected,
            "reason": reason(
                "withdrawn",
                "该记录已被管理员撤回，不能再上传或修改。",
                "An administrator withdrew this record; it cannot be pushed or changed again.",
            ),
        }
    existing = get(ctx.conn, table, record_id)
    if entry["op"] == "insert":
        if table == CONFLICT_TABLE:
            # only the server records that two devices changed one field; people resolve it
            return {
                **rejected,
                "reason": reason(
                    "server_only",
                    "冲突记录只能由服务器生成。",
                    "Conflict records are made by the server only.",
                ),
            }
        return _insert(ctx, entry, spec, existing)
    if existing is None:
        if held.is_held(ctx.conn, record_id):
            return _hold(ctx, entry, table, record_id)
        return {
            **rejected,
            "reason": reason(
                "unknown_record", "服务器上没有这条记录。", "The server has no such record."
            ),
        }
    return _update(ctx, entry, spec, existing)


def _invalid(entry_id: str, exc: RecordInvalid | Bilingual) -> dict[str, Any]:
    """The refusal of a record the domain's rules refused: a field's rule (``invalid`` with
    the fields), or the rule's own code (``statement_period``, ``signed``…), with the very
    sentences the app shows."""
    if isinstance(exc, RecordInvalid):
        return {
            "entry_id": entry_id,
            "status": REJECTED,
            "reason": reason(
                "invalid",
                exc.text("zh"),
                exc.text("en"),
                fields=[{"field": e.field, "rule": e.rule} for e in exc.errors],
            ),
        }
    return {"entry_id": entry_id, "status": REJECTED, "reason": reason(exc.code, exc.zh, exc.en)}


def _checked(
    ctx: PushContext,
    table: str,
    record_id: str,
    data: Mapping[str, Any],
    old: Mapping[str, Any] | None,
) -> dict[str, Any]:
    try:
        return replication.check(
            table, record_id, data, ctx.rules(), {**old, "id": record_id} if old else None
        )
    except (RecordInvalid, Bilingual):
        raise
    except Exception as exc:
        # a record the table's check could not even judge is refused, never a server error
        log.warning("check of %s %s failed: %r", table, record_id, exc)
        raise Bilingual(
            "记录内容无法校验，已拒绝。",
            f"The record could not be checked ({type(exc).__name__}); refused.",
            "check_failed",
        ) from None


def _insert(
    ctx: PushContext,
    entry: dict[str, Any],
    spec: TableSpec,
    existing: Mapping[str, Any] | None,
) -> dict[str, Any]:
    entry_id, table, record_id = entry["entry_id"], entry["table"], entry["record_id"]
    if existing is not None:
        if json.loads(existing["data"]) == entry["data"]:
            return {"entry_id": entry_id, "status": ACCEPTED}
        return {
            "entry_id": entry_id,
            "status": REJECTED,
            "reason": reason(
                "record_exists", "服务器上已有同一编号的记录。", "The record already exists."
            ),
        }
    parent = spec.parent_of(entry["data"])
    parent_row = None
    if parent is not None:
        parent_row = get(ctx.conn, *parent)
        if parent_row is None:
            return _hold(ctx, entry, *parent)
    try:
        data = _checked(ctx, table, record_id, entry["data"], None)
    except (RecordInvalid, Bilingual) as exc:
        return _invalid(entry_id, exc)
    where = _where(ctx, spec, data, parent_row)
    try:
        _filed_where(spec, data, where, None)
    except RecordInvalid as exc:
        return _invalid(entry_id, exc)
    refusal = scope.may_write(
        ctx.conn, ctx.principal, ctx.tree, spec.matter, [where], ctx.now.date()
    )
    if refusal is not None:
        return {"entry_id": entry_id, "status": REJECTED, "reason": refusal.as_reason()}
    key_field = NATURAL_KEYS.get(table)
    if key_field and _natural_key_taken(ctx.conn, table, str(data[key_field]), record_id):
        return {
            "entry_id": entry_id,
            "status": REJECTED,
            "reason": reason(
                "duplicate_key",
                f"“{data[key_field]}”已登记在另一条记录中。",
                f"{data[key_field]} is already registered in another record.",
                field=key_field,
            ),
        }
    put(
        ctx.conn,
        ctx.batch,
        table,
        record_id,
        data,
        where,
        ctx.principal.user_id,
        ctx.now,
        list(data),
        exists=False,
    )
    return {"entry_id": entry_id, "status": ACCEPTED}


def _where(
    ctx: PushContext,
    spec: TableSpec,
    data: Mapping[str, Any],
    parent_row: Mapping[str, Any] | None,
    stored: Mapping[str, Any] | None = None,
) -> Scope:
    """Where a record lives, derived from what it references (``scope.PLACEMENT``), never
    from its pushed place fields: a child where its parent lives (read and written by the
    same people); a record about an enterprise where that enterprise was when the record was
    filed (``stored``: the record as the server holds it; it never moves); anything else by
    its own fields."""
    if parent_row is not None and not spec.public:
        return _scope_of_row(parent_row)
    if scope.PLACEMENT.get(spec.name) == scope.BY_ENTERPRISE:
        if stored is not None:
            return _scope_of_row(stored)
        enterprise_id = data.get("enterprise_id")
        enterprise = get(ctx.conn, "enterprise", str(enterprise_id)) if enterprise_id else None
        if enterprise is not None:
            return replace(_scope_of_row(enterprise), public=spec.public)
    return replication.scope_of(spec.name, data, ctx.tree)


PLACE_FIELDS = ("county_code", "town_code", "supervising_unit")


def _filed_where(
    spec: TableSpec, data: Mapping[str, Any], where: Scope, stored: Mapping[str, Any] | None
) -> None:
    """A record about an enterprise states the place it is filed under (``where``, its
    enterprise's) and keeps it: ``RecordInvalid`` naming the first place field that says
    otherwise. ``stored``: the record's fields as the server holds them (an update)."""
    if scope.PLACEMENT.get(spec.name) != scope.BY_ENTERPRISE:
        return
    fields = [f for f in PLACE_FIELDS if f in spec.fields]
    if stored is not None:
        moved = [f for f in fields if data.get(f) != stored.get(f)]
        if moved:
            raise RecordInvalid(
                [
                    error(
                        moved[0],
                        "filed",
                        "已按所属单位的属地归档，不能改动",
                        "is where the record was filed (its enterprise's place) and never changes",
                    )
                ]
            )
        return
    wrong = [f for f in fields if (data.get(f) or None) != (getattr(where, f) or None)]
    if wrong:
        raise RecordInvalid(
            [
                error(
                    wrong[0],
                    "enterprise_place",
                    "应与所属单位在服务器上登记的属地一致",
                    "must be the place of its enterprise as registered on the server",
                )
            ]
        )


def _scope_of_row(row: Mapping[str, Any]) -> Scope:
    return Scope(
        row["county_code"], row["town_code"], row["supervising_unit"], row["unit_code"], False
    )


def _natural_key_taken(conn: Connection, table: str, key: str, record_id: str) -> bool:
    r = db.records.c
    row = conn.execute(
        select(r.record_id).where(and_(r.table_name == table, r.natural_key == key))
    ).first()
    return row is not None and row[0] != record_id


def _update(
    ctx: PushContext,
    entry: dict[str, Any],
    spec: TableSpec,
    existing: Mapping[str, Any],
) -> dict[str, Any]:
    entry_id, table, record_id = entry["entry_id"], entry["table"], entry["record_id"]
    current = json.loads(existing["data"])
    if spec.immutable:
        return {
            "entry_id": entry_id,
            "status": REJECTED,
            "reason": reason(
                "immutable",
                "该记录一经形成不得修改（签名、文书与处理环节只能新增）。",
                "This record cannot be changed once made (signatures, documents and events are "
                "only ever added).",
            ),
        }
    if table == CONFLICT_TABLE and current.get("status") == "resolved":
        second = _second_resolution(ctx, entry, current)
        if second is not None:
            return second
    merged = dict(current)
    applied: list[str] = []
    conflicts: list[dict[str, Any]] = []
    for name, (old, new) in entry["changes"].items():
        if name not in spec.fields:
            return {
                "entry_id": entry_id,
                "status": REJECTED,
                "reason": reason(
                    "unknown_field", f"“{name}”不是该表的字段", f"{name!r} is not a field"
                ),
            }
        try:
            replication.wire_value(name, new)
        except ValidationError as exc:
            return _invalid(entry_id, RecordInvalid([exc]))
        value = current.get(name)
        if value == new:
            continue  # already so (a replay, or the same change from two devices)
        if value == old:
            merged[name] = new
            applied.append(name)
        else:
            conflicts.append(
                {"field": name, "server_value": value, "incoming_value": new, "base_value": old}
            )
    if not applied and not conflicts:
        return {"entry_id": entry_id, "status": ACCEPTED}  # a replay, or already so
    try:
        merged = _checked(ctx, table, record_id, merged, current)
    except (RecordInvalid, Bilingual) as exc:
        return _invalid(entry_id, exc)
    parent = spec.parent_of(current)
    parent_row = get(ctx.conn, *parent) if parent is not None else None
    before = _where(ctx, spec, current, parent_row, existing)
    after = _where(ctx, spec, merged, parent_row, existing)
    try:
        _filed_where(spec, merged, after, current)
    except RecordInvalid as exc:
        return _invalid(entry_id, exc)
    refusal = scope.may_write(
        ctx.conn, ctx.principal, ctx.tree, spec.matter, [before, after], ctx.now.date()
    )
    if refusal is not None:
        return {"entry_id": entry_id, "status": REJECTED, "reason": refusal.as_reason()}
    key_field = NATURAL_KEYS.get(table)
    if (
        key_field
        and key_field in applied
        and _natural_key_taken(ctx.conn, table, str(merged[key_field]), record_id)
    ):
        return {
            "entry_id": entry_id,
            "status": REJECTED,
            "reason": reason(
                "duplicate_key",
                f"“{merged[key_field]}”已登记在另一条记录中。",
                f"{merged[key_field]} is already registered in another record.",
                field=key_field,
            ),
        }
    if applied:
        put(
            ctx.conn,
            ctx.batch,
            table,
            record_id,
            merged,
            after,
            ctx.principal.user_id,
            ctx.now,
            applied,
            exists=True,
        )
    result: dict[str, Any] = {"entry_id": entry_id, "status": ACCEPTED}
    if conflicts:
        meta = json.loads(existing["field_meta"] or "{}")
        for item in conflicts:
            by, at = meta.get(item["field"], [existing["updated_by"], None])
            _record_conflict(ctx, entry, table, record_id, item, by, at, after)
        result["conflicts"] = [c["field"] for c in conflicts]
    return result


def _second_resolution(
    ctx: PushContext, entry: Mapping[str, Any], current: Mapping[str, Any]
) -> dict[str, Any] | None:
    """A conflict someone already resolved: the same decision again is accepted as it is; a
    different one is refused naming who decided first (never a conflict about the conflict)."""
    changes = entry["changes"]
    chosen = changes.get("resolved_value", [None, current.get("resolved_value")])[1]
    if chosen == current.get("resolved_value"):
        return {"entry_id": entry["entry_id"], "status": ACCEPTED}
    first = str(current.get("resolved_by") or "")
    u = db.users.c
    name = ctx.conn.execute(select(u.display_name).where(u.id == first)).scalar() or first
    at = str(current.get("resolved_at") or "")
    return {
        "entry_id": entry["entry_id"],
        "status": REJECTED,
        "reason": reason(
            "already_resolved",
            f"该冲突已由{name}于{at}处理（保留值：{current.get('resolved_value')}），"
            "您的处理未生效。",
            f"{name} resolved this conflict first, at {at} (kept: "
            f"{current.get('resolved_value')!r}); your decision was not applied.",
            resolved_by=first,
            resolved_at=at,
            names={first: name} if name != first else {},
        ),
    }


def _record_conflict(
    ctx: PushContext,
    entry: Mapping[str, Any],
    table: str,
    record_id: str,
    item: Mapping[str, Any],
    server_by: str,
    server_at: str | None,
    where: Scope,
) -> None:
    """Keep both values: the server's stays in the record, the other waits for a person."""
    conflict_id = new_id()
    data = {
        "county_code": where.county_code,
        "town_code": where.town_code,
        "supervising_unit": where.supervising_unit,
        "table_name": table,
        "record_id": record_id,
        "field": item["field"],
        "server_value": item["server_value"],
        "server_by": server_by,
        "server_at": server_at or "",
        "incoming_value": item["incoming_value"],
        "incoming_by": ctx.principal.user_id,
        "incoming_author": str(entry.get("author") or ""),
        "incoming_at": str(entry.get("device_time") or ""),
        "incoming_entry": entry["entry_id"],
        "status": "open",
        "resolved_value": None,
        "resolved_by": "",
        "resolved_at": "",
    }
    put(
        ctx.conn,
        ctx.batch,
        CONFLICT_TABLE,
        conflict_id,
        data,
        Scope(where.county_code, where.town_code, where.supervising_unit, where.unit_code, False),
        ctx.principal.user_id,
        ctx.now,
        list(data),
        exists=False,
    )


def _hold(
    ctx: PushContext, entry: Mapping[str, Any], parent_table: str, parent_id: str
) -> dict[str, Any]:
    p = ctx.principal
    if ctx.held is None:
        ctx.held = held.waiting_count(ctx.conn, p.device_id)
    held.check_room(ctx.held)
    ctx.held += 1
    return held.hold(ctx.conn, entry, parent_table, parent_id, p.device_id, p.user_id, ctx.now)


def _arrived(entry: Mapping[str, Any], result: Mapping[str, Any]) -> list[tuple[str, str]]:
    """What the entries waiting for this one wait for, now that it has its answer: its
    device's next entries (unless it waits for its own predecessor) and, once the record is
    inserted, the records that belong to it and the changes made to it."""
    reason_code = (result.get("reason") or {}).get("code")
    keys = []
    if not (result["status"] == HELD and reason_code == "order_pending"):
        keys.append((held.ORDER, str(entry["entry_id"])))
    if result["status"] == ACCEPTED and entry["op"] == "insert":
        keys.append((str(entry["table"]), str(entry["record_id"])))
    return keys


def _release(ctx: PushContext, keys: list[tuple[str, str]]) -> None:
    """Apply the entries waiting for ``keys``, and in turn those waiting for them (a loop,
    not recursion: a chain of thousands of entries delivered backwards is released at once)."""
    h = db.held_entries.c
    queue = deque(keys)
    while queue:
        parent_table, parent_id = queue.popleft()
        waiting = ctx.conn.execute(
            select(h.entry_id, h.entry, h.user_id, h.device_id)
            .where(and_(h.parent_table == parent_table, h.parent_id == parent_id))
            .order_by(h.received_at, h.entry_id)
        ).all()
        for entry_id, text, user_id, device_id in waiting:
            ctx.conn.execute(delete(db.held_entries).where(h.entry_id == entry_id))
            entry = json.loads(text)
            result = _apply_kept(ctx, entry, user_id, device_id)
            queue.extend(_arrived(entry, result))


def apply_as_author(
    ctx: PushContext, entry: dict[str, Any], user_id: str, device_id: str
) -> dict[str, Any]:
    """Apply an entry received earlier and kept (held for its parent, or quarantined and then
    released by an administrator) through the same rules as a push, judged, authorised and
    attributed as its own author's, never as whoever caused it to be applied now; the answer
    is what a replay of the entry is told from then on."""
    result = _apply_kept(ctx, entry, user_id, device_id)
    _release(ctx, _arrived(entry, result))
    return result


def _apply_kept(
    ctx: PushContext, entry: dict[str, Any], user_id: str, device_id: str
) -> dict[str, Any]:
    """``apply_as_author`` without releasing what waits for the entry."""
    author = auth.principal_of(ctx.conn, user_id, device_id)
    own = replace(ctx, principal=author) if author is not None else None
    if own is None:
        result = {
            "entry_id": entry["entry_id"],
            "status": REJECTED,
            "reason": reason("user_disabled", "该账号已停用。", "The account is disabled."),
        }
    else:
        savepoint = ctx.conn.begin_nested()
        result = _apply(own, entry)
        if result["status"] == REJECTED:
            savepoint.rollback()
        else:
            savepoint.commit()
    remember(own or ctx, entry, entry_hash(entry), result)
    return result
