"""Real components for the sync tests: the central server on loopback (SQLite or PostgreSQL)
and devices with their own local store and the real HTTP client."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn

from helpers import new_store
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.replication.local import LocalTables
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store
from sync import admin
from sync.api import ApiClient, Connection, Credentials
from sync.engine import SyncEngine
from sync.report import SyncReport
from sync.server import auth, db
from sync.server.app import ServerConfig, create_app

# argon2id at a test's cost (the server's default costs ~64 MiB and a tenth of a second)
FAST_KDF = auth.PasswordParams(time_cost=1, memory_kib=1024, parallelism=1)
PASSWORD = "correct horse 1"
POSTGRES_ENV = "FI_TEST_POSTGRES_URL"


def postgres_admin_url() -> str | None:
    return os.environ.get(POSTGRES_ENV)


def create_pg_database(admin_url: str) -> tuple[str, str]:
    """A fresh database on the test PostgreSQL; returns (url, name)."""
    import psycopg

    name = f"fi_{secrets.token_hex(6)}"
    with psycopg.connect(
        admin_url.replace("postgresql+psycopg", "postgresql"), autocommit=True
    ) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    base = admin_url.rsplit("/", 1)[0]
    return f"{base}/{name}", name


def drop_pg_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(
        admin_url.replace("postgresql+psycopg", "postgresql"), autocommit=True
    ) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class LiveServer:
    """The real server (uvicorn) on a free loopback port, in a thread of the test process."""

    def __init__(self, db_url: str, **config: Any) -> None:
        self.config = ServerConfig(db_url=db_url, passwords=FAST_KDF, **config)
        self.app = create_app(self.config)
        self.server = uvicorn.Server(
            uvicorn.Config(self.app, host="127.0.0.1", port=0, log_level="error", access_log=False)
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"

    @property
    def engine(self):  # type: ignore[no-untyped-def]
        return self.app.state.server.engine

    def stop(self) -> None:
        """Stop serving, then close the server's pooled connections (left to the garbage
        collector, a PostgreSQL connection warns in whichever later test collects it)."""
        self.server.should_exit = True
        self.thread.join(10)
        self.engine.dispose()


@dataclass
class Device:
    """One laptop: its local store, its client, its officer."""

    store: Store
    registry: Registry
    api: ApiClient
    credentials: Credentials | None = None
    reports: list[SyncReport] = field(default_factory=list)

    @property
    def tables(self) -> LocalTables:
        return LocalTables(self.registry)

    def login(self, username: str, password: str = PASSWORD) -> Credentials:
        self.credentials = self.api.login(username, password, "test laptop")
        self.credentials.save(self.store)
        return self.credentials

    def sync(self, **kwargs: Any) -> SyncReport:
        report = SyncEngine(self.store, self.tables, self.api, **kwargs).run()
        self.reports.append(report)
        return report

    @property
    def author(self) -> str:
        return self.credentials.user["id"] if self.credentials else "local"

    def create(self, raw: dict[str, Any]) -> str:
        with UnitOfWork(self.store, self.author) as uow:
            return self.registry.create(uow, raw)

    def update(self, record_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        with UnitOfWork(self.store, self.author) as uow:
            return self.registry.update(uow, record_id, changes)

    def codes(self) -> set[str]:
        return {r[0] for r in self.store.conn.execute("SELECT uscc FROM enterprise")}

    def status_of(self, record_id: str) -> list[str]:
        return [
            r[0]
            for r in self.store.conn.execute(
                "SELECT status FROM change_log WHERE record_id = ? ORDER BY seq", (record_id,)
            )
        ]

    def close(self) -> None:
        self.api.close()
        self.store.close()


def make_device(
    folder: Path, tree: JurisdictionTree, registry: Registry, server_url: str, **connection: Any
) -> Device:
    store = new_store(folder / "inspector.sqlite3", tree)
    api = ApiClient(Connection(server_url, **connection), store.device_id)
    device = Device(store, registry, api)
    api.on_credentials = lambda creds: creds.save(store)
    return device


USERS = {
    # username: (role, unit)
    "city1": ("city", "330400"),
    "haining1": ("county", "330481"),
    "haining2": ("county", "330481"),
    "nanhu1": ("county", "330402"),
    "kaifaqu1": ("county", "Z330401"),
    "park1": ("park", "P330481-01"),
    "xucun1": ("township", "330481005"),  # 许村镇, delegated below
    "changan1": ("township", "330481006"),  # 长安镇, no delegation
    "approver1": ("approver", "330481"),
    "admin1": ("admin", "330400"),
}


def seed_server(engine: Any, scale: float = 0.004) -> int:
    admin.init(
        engine,
        Path(__file__).resolve().parent.parent / "resources" / "jurisdictions" / "jiaxing.json",
    )
    for username, (role, unit) in USERS.items():
        admin.add_user(engine, username, username, role, unit, PASSWORD, FAST_KDF)
    today = dt.date.today()
    admin.add_delegation(
        engine,
        "330481005",
        "330481",
        ["registry"],
        today - dt.timedelta(days=30),
        today + dt.timedelta(days=300),
    )
    return admin.load_demo(engine, scale, seed=7)


def server_records(engine: Any, table: str = "enterprise") -> Iterator[dict[str, Any]]:
    import json

    from sqlalchemy import select

    with db.reading(engine) as conn:
        rows = conn.execute(
            select(db.records.c.record_id, db.records.c.data).where(
                db.records.c.table_name == table
            )
        ).all()
    for record_id, data in rows:
        yield {"id": record_id, **json.loads(data)}
