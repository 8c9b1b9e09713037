"""What the endpoint modules share with ``app``: the error type answered as JSON 4xx, and the
helpers of ``create_app`` that sign answers and identify the caller.

``app.create_app`` builds one ``Api`` and hands it to each endpoint module's ``register``
(``blobs``, ``numbers``), so every endpoint answers the same way: JSON with ``X-FI-Server`` and
``X-FI-Time``, signed once the caller is signed in, errors in Chinese and English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy import Engine, Table
from sqlalchemy.engine import Connection

from inspector_app.registry.jurisdictions import JurisdictionTree
from sync.server.auth import Principal


class ApiError(Exception):
    """A refused request: ``status`` (4xx), a stable ``code``, the message in both languages and
    any extra fields the client needs (e.g. how many bytes the server holds)."""

    def __init__(self, status: int, code: str, zh: str, en: str, **extra: Any) -> None:
        super().__init__(en)
        self.status, self.code, self.zh, self.en, self.extra = status, code, zh, en, extra


@dataclass(frozen=True)
class Api:
    engine: Engine
    server_id: str
    now: Callable[[], dt.datetime]
    answer: Callable[..., Response]  # (content, status=200, key=None)
    principal: Callable[[Request], Principal]
    key_of: Callable[[Principal], bytes]
    tree: Callable[[], JurisdictionTree]  # the city's jurisdictions (for read scopes)


def insert_if_missing(conn: Connection, table: Table, values: dict[str, Any]) -> None:
    """INSERT … ON CONFLICT DO NOTHING on both back ends: two requests creating the same row at
    once both succeed (on PostgreSQL the second waits for the first to commit)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        conn.execute(pg_insert(table).values(**values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        conn.execute(sqlite_insert(table).values(**values).on_conflict_do_nothing())
