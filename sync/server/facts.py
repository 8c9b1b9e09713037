"""``Facts`` over the central store: what the domain's rules consult when the server judges a
pushed record (the same rules the app runs over its local tables).

A record's children are found through the indexed ``parent_id`` column; any other lookup
filters the table's JSON in SQL (PostgreSQL ``->>``, SQLite ``json_extract``) and compares the
values exactly in Python.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, String, and_, cast, func, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Connection

from inspector_app.replication import tables as replication
from sync.server import db


class ServerFacts:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        r = db.records.c
        row = self.conn.execute(
            select(r.data).where(and_(r.table_name == table, r.record_id == record_id))
        ).first()
        return {**json.loads(row[0]), "id": record_id} if row is not None else None

    def find(self, table: str, where: Mapping[str, Any]) -> list[dict[str, Any]]:
        r = db.records.c
        spec = replication.spec(table)
        query = select(r.record_id, r.data).where(r.table_name == table)
        rest = dict(where)
        if spec.parent is not None and not spec.parent[0].startswith("@"):
            parent_field = spec.parent[1]
            if parent_field in rest:
                query = query.where(r.parent_id == str(rest.pop(parent_field)))
        elif spec.parent is not None and spec.parent[1] in rest:
            query = query.where(r.parent_id == str(rest.pop(spec.parent[1])))
        for name, value in rest.items():
            if name == "id":
                query = query.where(r.record_id == str(value))
            else:
                query = query.where(self._field(name) == str(value))
        out = []
        for record_id, data in self.conn.execute(query.order_by(r.record_id)):
            record = {**json.loads(data), "id": record_id}
            if all(record.get(k) == v for k, v in where.items()):
                out.append(record)
        return out

    def _field(self, name: str) -> ColumnElement[Any]:
        data = db.records.c.data
        if self.conn.dialect.name == "postgresql":
            field: ColumnElement[Any] = cast(data, JSONB)[name].astext
            return field
        return cast(func.json_extract(data, f"$.{name}"), String)
