"""The server's versioned schema: every table is made by a numbered migration, and a database of
an earlier version upgrades in place, keeping what it holds."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, select

from sync.server import audit, db

CHAIN_ROW = {
    "device_id": "dev-00000001",
    "seq": 1,
    "body": '{"seq":1}',
    "hash": "a" * 64,
    "user_id": "u1",
    "received_at": "2026-03-02T08:00:00+00:00",
}


def _version_4(engine: Engine, with_audit_tables: bool) -> None:
    """A database as a version-4 server left it (which made the audit tables on start, outside
    the versioned schema, once it served the audit endpoints)."""
    with db.writing(engine) as conn:
        for migration in db.MIGRATIONS:
            if migration.version <= 4:
                migration.apply(conn)
        conn.execute(db.server_meta.insert().values(key="schema_version", value="4"))
        if with_audit_tables:
            db.audit_metadata.create_all(conn)
            conn.execute(db.audit_chain.insert().values(**CHAIN_ROW))


def _tables(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def test_a_fresh_database_is_made_by_the_migrations_alone(server_db: str) -> None:
    engine = db.make_engine(server_db)
    try:
        assert db.migrate(engine) == [m.version for m in db.MIGRATIONS]
        assert db.SERVER_SCHEMA_VERSION == db.MIGRATIONS[-1].version == 5
        expected = set(db.metadata.tables) | set(db.audit_metadata.tables)
        assert expected <= _tables(engine)
        assert {"audit_chain", "audit_signed"} <= _tables(engine)
        with db.reading(engine) as conn:
            assert db.schema_version(conn) == 5
        assert db.migrate(engine) == []  # nothing left to do
    finally:
        engine.dispose()


def test_a_version_4_database_gets_the_audit_tables(server_db: str) -> None:
    engine = db.make_engine(server_db)
    try:
        _version_4(engine, with_audit_tables=False)
        assert "audit_chain" not in _tables(engine)
        assert db.migrate(engine) == [5]
        assert {"audit_chain", "audit_signed"} <= _tables(engine)
        with db.writing(engine) as conn:
            assert db.schema_version(conn) == 5
            conn.execute(db.audit_chain.insert().values(**CHAIN_ROW))
        assert audit.devices_of(engine) == [CHAIN_ROW["device_id"]]
    finally:
        engine.dispose()


def test_a_version_4_database_keeps_the_chains_it_already_holds(server_db: str) -> None:
    engine = db.make_engine(server_db)
    try:
        _version_4(engine, with_audit_tables=True)
        assert db.migrate(engine) == [5]
        with db.reading(engine) as conn:
            assert db.schema_version(conn) == 5
            rows = conn.execute(select(db.audit_chain)).mappings().all()
        assert [dict(r) for r in rows] == [CHAIN_ROW]
    finally:
        engine.dispose()
