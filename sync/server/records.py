"""Replicated records on the server: writing them with sequence numbers, applying pushed
change-log entries (idempotent, held when the parent is missing, merged field by field with
conflicts kept), and reading them back for pulls, snapshots and verification.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.engine import Connection

from inspector_app.messages import Bilingual
from inspector_app.registry.context import RuleContext
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.tablespec import TableSpec
from inspector_app.registry.validation import RecordInvalid, ValidationError
from inspector_app.replication import tables as replication
from inspector_app.replication.checksums import checksum, text_hash
from inspector_app.replication.tables import Scope
from inspector_app.store.changelog import encode
from inspector_app.store.clock import new_id
from sync.protocol import ACCEPTED, HELD, REJECTED
from sync.server import auth, db, scope
from sync.server.auth import Principal
from sync.server.facts import ServerFacts

log = logging.getLogger(__name__)

NATURAL_KEYS = {"enterprise": "uscc", "enforcement_certificate": "number", "document": "number"}
CONFLICT_TABLE = "sync_conflict"


@dataclass
class Batch:
    """The records one transaction changed, in order; ``finish`` gives them sequence numbers."""

    changed: list[tuple[str, str]] = field(default_factory=list)

    def touch(self, table: str, record_id: str) -> None:
        key = (table, record_id)
        if key in self.changed:
            self.changed.remove(key)
        self.changed.append(key)

    def finish(self, conn: Connection) -> int:
        """Assign sequence numbers; the counter's row lock is then held until commit, so
        numbers become visible in order. Returns the highest number."""
        count = len(self.changed)
        top = conn.execute(
            update(db.seq_counter)
            .where(db.seq_counter.c.id == 1)
            .values(value=db.seq_counter.c.value + count)
            .returning(db.seq_counter.c.value)
        ).scalar_one()
        r = db.records.c
        for offset, (table, record_id) in enumerate(self.changed):
            conn.execute(
                update(db.records)
                .where(and_(r.table_name == table, r.record_id == record_id))
                .values(seq=top - count + 1 + offset)
            )
        return int(top)


def current_seq(conn: Connection) -> int:
    return int(
        conn.execute(select(db.seq_counter.c.value).where(db.seq_counter.c.id == 1)).scalar_one()
    )


def get(conn: Connection, table: str, record_id: str) -> Mapping[str, Any] | None:
    r = db.records.c
    row = (
        conn.execute(
            select(db.records).where(and_(r.table_name == table, r.record_id == record_id))
        )
        .mappings()
        .first()
    )
    return dict(row) if row is not None else None


def put(
    conn: Connection,
    batch: Batch,
    table: str,
    record_id: str,
    data: Mapping[str, Any],
    where: Scope,
    by: str,
    when: dt.datetime,
    fields_changed: Sequence[str],
    exists: bool,
) -> None:
    """Insert or replace one record (its sequence number comes from ``batch.finish``)."""
    key_field = NATURAL_KEYS.get(table)
    canonical = encode(data)
    values: dict[str, Any] = {
        "data": canonical,
        **db.split_hash(text_hash(record_id, canonical)),
        "county_code": where.county_code,
        "town_code": where.town_code,
        "supervising_unit": where.supervising_unit,
        "unit_code": where.unit_code,
        "public": where.public,
        "natural_key": data.get(key_field) if key_field else None,
        "parent_id": db.parent_id(table, data),
        "updated_at": when,
        "updated_by": by,
    }
    r = db.records.c
    if exists:
        row = get(conn, table, record_id)
        meta = json.loads(row["field_meta"]) if row else {}
        for name in fields_changed:
            meta[name] = [by, when.isoformat()]
        values["field_meta"] = json.dumps(meta, ensure_ascii=False)
        conn.execute(
            update(db.records)
            .where(and_(r.table_name == table, r.record_id == record_id))
            .values(**values)
        )
    else:
        meta = {name: [by, when.isoformat()] for name in fields_changed}
        conn.execute(
            insert(db.records).values(
                table_name=table,
                record_id=record_id,
                seq=0,
                field_meta=json.dumps(meta, ensure_ascii=False),
                **values,
            )
        )
    _refer(conn, table, record_id, data)
    _restrict(conn, table, record_id, data, by)
    batch.touch(table, record_id)


def _restrict(
    conn: Connection, table: str, record_id: str, data: Mapping[str, Any], by: str
) -> None:
    """Mark a covert record restricted and keep who may read it (``scope.read_clause``)."""
    fields = replication.spec(table).fields
    if not {"covert", "kind", "params"} & set(fields):
        return  # a table whose records are never covert
    viewers = db.covert_viewers(data, by)
    r, v = db.records.c, db.record_viewers.c
    conn.execute(
        update(db.records)
        .where(and_(r.table_name == table, r.record_id == record_id))
        .values(restricted=viewers is not None)
    )
    conn.execute(
        delete(db.record_viewers).where(and_(v.table_name == table, v.record_id == record_id))
    )
    for user in sorted(viewers or ()):
        conn.execute(
            insert(db.record_viewers).values(table_name=table, record_id=record_id, user_id=user)
        )


def _refer(conn: Connection, table: str, record_id: str, data: Mapping[str, Any]) -> None:
    """Keep ``blob_refs`` to the blobs this record names (a blob is read through them)."""
    if not replication.spec(table).attachments:
        return
    b = db.blob_refs.c
    conn.execute(delete(db.blob_refs).where(and_(b.table_name == table, b.record_id == record_id)))
    for sha in sorted(db.attachment_shas(table, data)):
        conn.execute(insert(db.blob_refs).values(sha256=sha, table_name=table, record_id=record_id))


def put_many(
    conn: Connection,
    table: str,
    items: Sequence[tuple[str, Mapping[str, Any], Scope]],
    by: str,
    when: dt.datetime,
) -> int:
    """Insert many new records at once (administrative loads): reserve their sequence numbers
    first (the counter's lock is held until commit), then write them in one statement."""
    if not items:
        return current_seq(conn)
    top = conn.execute(
        update(db.seq_counter)
        .where(db.seq_counter.c.id == 1)
        .values(value=db.seq_counter.c.value + len(items))
        .returning(db.seq_counter.c.value)
    ).scalar_one()
    first = top - len(items) + 1
    key_field = NATURAL_KEYS.get(table)
    rows = [
        {
            "table_name": table,
            "record_id": record_id,
            "data": canonical,
            **db.split_hash(text_hash(record_id, canonical)),
            "county_code": where.county_code,
            "town_code": where.town_code,
            "supervising_unit": where.supervising_unit,
            "unit_code": where.unit_code,
            "public": where.public,
            "natural_key": data.get(key_field) if key_field else None,
            "parent_id": db.parent_id(table, data),
            "field_meta": "{}",
            "seq": first + i,
            "updated_at": when,
            "updated_by": by,
        }
        for i, (record_id, data, where) in enumerate(items)
        for canonical in (encode(data),)
    ]
    for start in range(0, len(rows), 5000):
        conn.execute(insert(db.records), rows[start : start + 5000])
    for record_id, data, _where in items:
        _refer(conn, table, record_id, data)
    return int(top)


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
    return hashlib.sha256(encode(entry).encode()).hexdigest()


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
    return None


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
    """Apply entries in order; one bad entry never blocks the rest. Replays answer the same."""
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
        results.append(_push_one(ctx, entry))
    return results


def _push_one(ctx: PushContext, entry: dict[str, Any]) -> dict[str, Any]:
    conn = ctx.conn
    digest = entry_hash(entry)
    a = db.applied_entries.c
    seen = conn.execute(
        select(a.entry_hash, a.result).where(a.entry_id == entry["entry_id"])
    ).first()
    if seen is not None:
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
    _remember(ctx, entry, digest, result)
    if result["status"] == ACCEPTED and entry["op"] == "insert":
        _release_held(ctx, entry["table"], entry["record_id"])
    return result


def _remember(
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
        if _is_held(ctx, record_id):
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
) -> Scope:
    """Where a record lives: a child record where its parent lives (read and written by the
    same people), anything else by its own fields."""
    if parent_row is not None and not spec.public:
        return Scope(
            parent_row["county_code"],
            parent_row["town_code"],
            parent_row["supervising_unit"],
            parent_row["unit_code"],
            False,
        )
    return replication.scope_of(spec.name, data, ctx.tree)


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
    before = _where(ctx, spec, current, parent_row)
    after = _where(ctx, spec, merged, parent_row)
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


def _is_held(ctx: PushContext, record_id: str) -> bool:
    """An entry about this record is waiting (its insert, so later updates wait too)."""
    h = db.held_entries.c
    return ctx.conn.execute(select(h.entry_id).where(h.record_id == record_id)).first() is not None


def _hold(
    ctx: PushContext, entry: Mapping[str, Any], parent_table: str, parent_id: str
) -> dict[str, Any]:
    ctx.conn.execute(
        insert(db.held_entries).values(
            entry_id=entry["entry_id"],
            record_id=entry["record_id"],
            parent_table=parent_table,
            parent_id=parent_id,
            device_id=ctx.principal.device_id,
            user_id=ctx.principal.user_id,
            entry=encode(entry),
            received_at=ctx.now,
        )
    )
    return {
        "entry_id": entry["entry_id"],
        "status": HELD,
        "reason": reason(
            "parent_missing",
            "等待所属记录上传后再处理。",
            "Held until the record it belongs to arrives.",
            parent=[parent_table, parent_id],
        ),
    }


def _release_held(ctx: PushContext, parent_table: str, parent_id: str) -> None:
    h = db.held_entries.c
    waiting = ctx.conn.execute(
        select(h.entry_id, h.entry, h.user_id, h.device_id)
        .where(and_(h.parent_table == parent_table, h.parent_id == parent_id))
        .order_by(h.received_at, h.entry_id)
    ).all()
    for entry_id, text, user_id, device_id in waiting:
        ctx.conn.execute(delete(db.held_entries).where(h.entry_id == entry_id))
        entry = json.loads(text)
        # a held entry is judged, authorised and attributed as its own author's, never as
        # whoever pushed the record it waited for
        author = auth.principal_of(ctx.conn, user_id, device_id)
        own = replace(ctx, principal=author) if author is not None else None
        if own is None:
            result = {
                "entry_id": entry_id,
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
        _remember(own or ctx, entry, entry_hash(entry), result)
        if own is not None and result["status"] == ACCEPTED and entry["op"] == "insert":
            _release_held(own, entry["table"], entry["record_id"])


# -- withdrawal ------------------------------------------------------------------------------


class NotStored(LookupError):
    pass


def is_withdrawn(conn: Connection, table: str, record_id: str) -> bool:
    w = db.withdrawn_records.c
    row = conn.execute(
        select(w.seq).where(and_(w.table_name == table, w.record_id == record_id))
    ).first()
    return row is not None


def withdraw(
    conn: Connection, table: str, record_id: str, why: str, by: str, when: dt.datetime
) -> int:
    """Take a record out of the central store (kept with the reason in ``withdrawn_records``);
    the withdrawal gets a sequence number so that every device that pulls past it drops its
    copy. Returns that number."""
    row = get(conn, table, record_id)
    if row is None:
        raise NotStored(f"no {table} record {record_id} on the server")
    top = conn.execute(
        update(db.seq_counter)
        .where(db.seq_counter.c.id == 1)
        .values(value=db.seq_counter.c.value + 1)
        .returning(db.seq_counter.c.value)
    ).scalar_one()
    r = db.records.c
    conn.execute(delete(db.records).where(and_(r.table_name == table, r.record_id == record_id)))
    b = db.blob_refs.c
    conn.execute(delete(db.blob_refs).where(and_(b.table_name == table, b.record_id == record_id)))
    conn.execute(
        insert(db.withdrawn_records).values(
            table_name=table,
            record_id=record_id,
            data=row["data"],
            reason=why,
            withdrawn_by=by,
            withdrawn_at=when,
            seq=top,
            county_code=row["county_code"],
            town_code=row["town_code"],
            supervising_unit=row["supervising_unit"],
            unit_code=row["unit_code"],
            public=row["public"],
        )
    )
    return int(top)


def withdrawals(conn: Connection) -> list[dict[str, Any]]:
    w = db.withdrawn_records.c
    rows = conn.execute(
        select(w.seq, w.table_name, w.record_id, w.reason, w.withdrawn_by, w.withdrawn_at).order_by(
            w.seq
        )
    ).mappings()
    return [dict(row) for row in rows]


def _withdrawn_between(
    conn: Connection, principal: Principal, tree: Any, after: int, upto: int
) -> list[dict[str, Any]]:
    """Withdrawals numbered in (after, upto] of records this principal could read."""
    w = db.withdrawn_records.c
    rows = conn.execute(
        select(
            w.table_name,
            w.record_id,
            w.seq,
            w.county_code,
            w.town_code,
            w.supervising_unit,
            w.unit_code,
            w.public,
        ).where(and_(w.seq > after, w.seq <= upto))
    ).all()
    return [
        {"table": t, "id": i, "withdrawn": True, "seq": seq}
        for t, i, seq, county, town, unit, code, public in rows
        if public or scope.in_scope(principal, tree, Scope(county, town, unit, code, False))
    ]


# -- reading -----------------------------------------------------------------------------------


def pull(
    conn: Connection, principal: Principal, tree: Any, cursor: int, limit: int
) -> dict[str, Any]:
    r = db.records.c
    # the top first: every change numbered up to it has committed (numbers are taken and
    # committed under one lock), so reading up to it can skip nothing; a change committed
    # while this page is read has a higher number and comes with the next pull
    top = current_seq(conn)
    rows = conn.execute(
        select(r.table_name, r.record_id, r.data, r.seq)
        .where(and_(r.seq > cursor, r.seq <= top, scope.read_clause(principal, tree)))
        .order_by(r.seq)
        .limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = rows[-1][3] if more else top
    page: list[dict[str, Any]] = [
        {"table": t, "id": i, "data": json.loads(d), "seq": s} for t, i, d, s in rows
    ]
    gone = _withdrawn_between(conn, principal, tree, cursor, next_cursor)
    if gone:
        page = sorted(page + gone, key=lambda item: int(item["seq"]))
    return {
        "records": page,
        "cursor": next_cursor,
        "more": more,
        "server_seq": top,
    }


def snapshot_page(
    conn: Connection, principal: Principal, tree: Any, table: str, after: str, limit: int
) -> tuple[str, bool, str, int]:
    """(JSON array text of [id, data] pairs, more, last id, server seq): the stored JSON is
    passed through without being parsed again."""
    r = db.records.c
    top = current_seq(conn)  # first: a change committed after it is pulled later (see pull)
    rows = conn.execute(
        select(r.record_id, r.data)
        .where(and_(r.table_name == table, r.record_id > after, scope.read_clause(principal, tree)))
        .order_by(r.record_id)
        .limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    body = "[" + ",".join(f'["{rid}",{data}]' for rid, data in rows) + "]"
    return body, more, rows[-1][0] if rows else after, top


def checksums(
    conn: Connection, principal: Principal, tree: Any, tables: Sequence[str]
) -> dict[str, dict[str, Any]]:
    r = db.records.c
    out = {}
    for table in tables:
        count, hi, lo = conn.execute(
            select(
                func.count(),
                func.coalesce(func.sum(r.hash_hi), 0),
                func.coalesce(func.sum(r.hash_lo), 0),
            ).where(and_(r.table_name == table, scope.read_clause(principal, tree)))
        ).one()
        out[table] = checksum(count, hi, lo)
    return out


def count_by_table(conn: Connection) -> Iterator[tuple[str, int]]:
    r = db.records.c
    yield from conn.execute(select(r.table_name, func.count()).group_by(r.table_name)).all()
