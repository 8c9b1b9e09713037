"""The server's versioned schema: every table is made by a numbered migration, and a database of
an earlier version upgrades in place, keeping what it holds."""

from __future__ import annotations

import hashlib
import threading

from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.engine import Connection

from inspector_app.registry import jurisdictions
from inspector_app.replication.tables import Scope
from sync.server import audit, blobs, db, records
from sync.server.auth import Principal

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
        assert db.SERVER_SCHEMA_VERSION == db.MIGRATIONS[-1].version == 6
        expected = (
            set(db.metadata.tables)
            | set(db.audit_metadata.tables)
            | set(db.quarantine_metadata.tables)
        )
        assert expected <= _tables(engine)
        assert {"audit_chain", "audit_signed", "quarantined_entries"} <= _tables(engine)
        with db.reading(engine) as conn:
            assert db.schema_version(conn) == 6
        assert db.migrate(engine) == []  # nothing left to do
    finally:
        engine.dispose()


def test_a_version_4_database_gets_the_audit_tables(server_db: str) -> None:
    engine = db.make_engine(server_db)
    try:
        _version_4(engine, with_audit_tables=False)
        assert "audit_chain" not in _tables(engine)
        assert db.migrate(engine) == [5, 6]
        assert {"audit_chain", "audit_signed"} <= _tables(engine)
        with db.writing(engine) as conn:
            assert db.schema_version(conn) == 6
            conn.execute(db.audit_chain.insert().values(**CHAIN_ROW))
        assert audit.devices_of(engine) == [CHAIN_ROW["device_id"]]
    finally:
        engine.dispose()


def test_a_version_4_database_keeps_the_chains_it_already_holds(server_db: str) -> None:
    engine = db.make_engine(server_db)
    try:
        _version_4(engine, with_audit_tables=True)
        assert db.migrate(engine) == [5, 6]
        with db.reading(engine) as conn:
            assert db.schema_version(conn) == 6
            rows = conn.execute(select(db.audit_chain)).mappings().all()
        assert [dict(r) for r in rows] == [CHAIN_ROW]
    finally:
        engine.dispose()


def test_a_version_5_database_gets_the_quarantine_and_its_chunks_hashed(server_db: str) -> None:
    """Version 6: the quarantine table, the damaged mark of a blob, and each chunk's own
    SHA-256, computed for the chunks a version-5 server stored (they had none)."""
    engine = db.make_engine(server_db)
    chunks = [b"first chunk", b"second chunk"]
    whole = hashlib.sha256(b"".join(chunks)).hexdigest()
    try:
        with db.writing(engine) as conn:
            for migration in db.MIGRATIONS:
                if migration.version <= 5:
                    migration.apply(conn)
            conn.execute(db.server_meta.insert().values(key="schema_version", value="5"))
            # what version 5 made: no chunk hashes, no damaged mark (dropped from the
            # tables version 1 makes from today's definitions)
            conn.execute(text("ALTER TABLE blob_chunks DROP COLUMN chunk_sha256"))
            conn.execute(text("ALTER TABLE blobs DROP COLUMN damaged_at"))
            conn.execute(text("ALTER TABLE blobs DROP COLUMN damage"))
            now = db.now()
            conn.execute(
                text(
                    "INSERT INTO blobs (sha256, size, received, complete, created_at, "
                    "completed_at) VALUES (:s, :n, :n, :c, :t, :t)"
                ),
                {"s": whole, "n": sum(map(len, chunks)), "c": True, "t": now},
            )
            offset = 0
            for data in chunks:
                conn.execute(
                    text('INSERT INTO blob_chunks (sha256, "offset", data) VALUES (:s, :o, :d)'),
                    {"s": whole, "o": offset, "d": data},
                )
                offset += len(data)
        assert "quarantined_entries" not in _tables(engine)
        assert db.migrate(engine) == [6]
        assert "quarantined_entries" in _tables(engine)
        with db.reading(engine) as conn:
            assert db.schema_version(conn) == 6
            c = db.blob_chunks.c
            stored = conn.execute(
                select(c.data, c.chunk_sha256).where(c.sha256 == whole).order_by(c.offset)
            ).all()
            blob = conn.execute(select(db.blobs)).mappings().one()
        assert [bytes(d) for d, _h in stored] == chunks
        assert [h for _d, h in stored] == [hashlib.sha256(d).hexdigest() for d in chunks]
        assert blob["damaged_at"] is None and blob["damage"] is None
        assert blobs.check_all(engine, db.now()) == (1, [])
    finally:
        engine.dispose()


# -- the change sequence: numbers become visible in order ---------------------------------------

CITY = Principal("u-city", "city", "市局", "city", "330400", "dev-city", "t")


def _enterprise(n: int) -> dict[str, object]:
    return {"name": f"顺序测试{n}", "county_code": "330402", "town_code": "330402001"}


def _write(engine: Engine, names: list[int]) -> int:
    with db.writing(engine) as conn:
        return _put(conn, names)


def _put(conn: Connection, names: list[int]) -> int:
    batch = records.Batch()
    for n in names:
        records.put(
            conn,
            batch,
            "enterprise",
            f"e{n:06d}",
            _enterprise(n),
            Scope("330402", "330402001", "330402", "330402", False),
            "u-city",
            db.now(),
            ["name"],
            exists=False,
        )
    return batch.finish(conn)


def _pull_all(engine: Engine, cursor: int) -> tuple[list[tuple[str, int]], int]:
    tree = jurisdictions.load()
    got: list[tuple[str, int]] = []
    while True:
        with db.reading(engine) as conn:
            page = records.pull(conn, CITY, tree, cursor, 7)
        got += [(str(r["id"]), int(r["seq"])) for r in page["records"]]
        cursor = int(page["cursor"])
        if not page["more"]:
            return got, cursor


def test_a_later_push_waits_for_the_earlier_to_commit(server_db: str) -> None:
    engine = db.make_engine(server_db)
    try:
        db.migrate(engine)
        first = engine.connect().execution_options(fi_write=True)
        transaction = first.begin()
        top_a = _put(first, [1, 2])  # numbered, not yet committed
        later: list[int] = []
        pushing = threading.Thread(target=lambda: later.append(_write(engine, [3])))
        pushing.start()
        pushing.join(0.8)
        assert pushing.is_alive(), "the second push must wait for the first one's commit"
        seen, cursor = _pull_all(engine, 0)
        assert seen == [] and cursor == 0  # nothing uncommitted, and no cursor past it
        transaction.commit()
        first.close()
        pushing.join(30)
        assert not pushing.is_alive()
        seen_after, cursor = _pull_all(engine, cursor)
        assert [i for i, _ in seen_after] == ["e000001", "e000002", "e000003"]
        assert [s for _, s in seen_after] == [top_a - 1, top_a, later[0]] == [1, 2, 3]
    finally:
        engine.dispose()


def test_a_puller_beside_concurrent_pushes_skips_nothing(server_db: str) -> None:
    engine = db.make_engine(server_db)
    try:
        db.migrate(engine)
        pushers, each, size = 6, 8, 5
        done = threading.Event()
        seen: list[tuple[str, int]] = []
        cursor = 0
        failures: list[BaseException] = []

        def push(worker: int) -> None:
            try:
                for k in range(each):
                    base = (worker * each + k) * size
                    _write(engine, list(range(base, base + size)))
            except BaseException as exc:  # reported by the test below
                failures.append(exc)

        def pull() -> None:
            nonlocal cursor
            while not done.is_set():
                got, cursor = _pull_all(engine, cursor)
                seen.extend(got)

        puller = threading.Thread(target=pull)
        puller.start()
        threads = [threading.Thread(target=push, args=(w,)) for w in range(pushers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        done.set()
        puller.join(60)
        got, cursor = _pull_all(engine, cursor)
        seen.extend(got)
        assert failures == []
        total = pushers * each * size
        assert [s for _, s in seen] == list(range(1, total + 1))  # in order, none twice
        assert sorted(i for i, _ in seen) == [f"e{n:06d}" for n in range(total)]
    finally:
        engine.dispose()
