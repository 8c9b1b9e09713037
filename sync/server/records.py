"""Replicated records on the server: writing them with sequence numbers, applying pushed
change-log entries (idempotent, held when the parent is missing, merged field by field with
conflicts kept), and reading them back for pulls, snapshots and verification.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, insert, select, update
from sqlalchemy.engine import Connection

from inspector_app.replication import tables as replication
from inspector_app.replication.checksums import checksum, text_hash
from inspector_app.replication.tables import Scope
from inspector_app.store.changelog import encode
from sync.server import db, scope
from sync.server.auth import Principal

log = logging.getLogger(__name__)

NATURAL_KEYS = {"enterprise": "uscc", "enforcement_certificate": "number", "document": "number"}
CONFLICT_TABLE = "sync_conflict"


@dataclass
class Batch:
    """The records one transaction changed, in order; ``finish`` gives them sequence numbers."""

    # in the order of each record's last change (a dict: ordered, and found in one step)
    changed: dict[tuple[str, str], None] = field(default_factory=dict)

    def touch(self, table: str, record_id: str) -> None:
        key = (table, record_id)
        self.changed.pop(key, None)
        self.changed[key] = None

    def finish(self, conn: Connection) -> int:
        """Number the changed records in the order they changed and return the highest number.

        One statement takes the whole block from the counter; the counter's row lock is then
        held until commit, so a transaction numbered later commits later and a puller that
        reads up to the counter skips nothing. While the lock is held only one more statement
        runs (the numbers written to the records in one batch), then the commit."""
        count = len(self.changed)
        top = int(
            conn.execute(
                update(db.seq_counter)
                .where(db.seq_counter.c.id == 1)
                .values(value=db.seq_counter.c.value + count)
                .returning(db.seq_counter.c.value)
            ).scalar_one()
        )
        first = top - count + 1
        r = db.records.c
        conn.execute(
            update(db.records)
            .where(and_(r.table_name == bindparam("t"), r.record_id == bindparam("i")))
            .values(seq=bindparam("s")),
            [
                {"t": table, "i": record_id, "s": first + offset}
                for offset, (table, record_id) in enumerate(self.changed)
            ],
        )
        return top


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
    was_restricted = False
    if exists:
        row = get(conn, table, record_id)
        was_restricted = bool(row and row["restricted"])
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
    _restrict(conn, table, record_id, data, by, was_restricted)
    batch.touch(table, record_id)


def _restrict(
    conn: Connection,
    table: str,
    record_id: str,
    data: Mapping[str, Any],
    by: str,
    was_restricted: bool,
) -> None:
    """Mark a covert record restricted and keep who may read it (``scope.read_clause``). A
    child of a covert record (a hazard, a document, a step of a covert inspection or task) is
    read by the same people as its parent, whatever its own fields say."""
    spec = replication.spec(table)
    viewers = (
        db.covert_viewers(data, by) if {"covert", "kind", "params"} & set(spec.fields) else None
    )
    parent = spec.parent_of(data)
    if viewers is None and parent is not None:
        viewers = _viewers_of(conn, *parent)
    if viewers is None and not was_restricted:
        return  # an ordinary record that was never covert: nothing to mark or forget
    _set_viewers(conn, table, record_id, viewers)


def _viewers_of(conn: Connection, table: str, record_id: str) -> set[str] | None:
    """Who may read a restricted record besides the roles allowed; None if not restricted."""
    r, v = db.records.c, db.record_viewers.c
    restricted = conn.execute(
        select(r.restricted).where(and_(r.table_name == table, r.record_id == record_id))
    ).scalar()
    if not restricted:
        return None
    return set(
        conn.execute(
            select(v.user_id).where(and_(v.table_name == table, v.record_id == record_id))
        ).scalars()
    )


def _set_viewers(
    conn: Connection, table: str, record_id: str, viewers: set[str] | None, depth: int = 0
) -> None:
    """Store a record's restriction, and its children's when it changed (an inspection made
    covert after its hazards arrived)."""
    if _viewers_of(conn, table, record_id) == viewers and depth == 0:
        return
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
    children = [
        name
        for name, spec in replication.SPECS.items()
        if spec.parent is not None and (spec.parent[0] == table or spec.parent[0][0] == "@")
    ]
    if not children or depth > 4:
        return
    for child_table, child_id, child_data in conn.execute(
        select(r.table_name, r.record_id, r.data).where(
            and_(r.table_name.in_(children), r.parent_id == record_id)
        )
    ).all():
        data = json.loads(child_data)
        if replication.spec(child_table).parent_of(data) != (table, record_id):
            continue
        if db.covert_viewers(data, "") is None:  # a child covert of its own keeps its own
            _set_viewers(conn, child_table, child_id, viewers, depth + 1)


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
