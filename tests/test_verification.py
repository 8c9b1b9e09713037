"""The checksums that verify a sync: kept current record by record on both sides, and always
equal to hashing every record afresh."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select, text, update

from helpers import KNOWN_ENTRIES, generated
from inspector_app.registry.entries import Registry
from inspector_app.replication import checksums, local, outbox
from inspector_app.replication import tables as replication
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store
from sync.server import db

TABLES = list(replication.SPECS)


def from_scratch(store: Store, registry: Registry) -> dict[str, dict[str, Any]]:
    """The checksum of every table computed the slow way: hash each record now."""
    tables = local.LocalTables(registry)
    out = {}
    for table in TABLES:
        skip = outbox.local_only_ids(store.conn, table)
        count, total = 0, 0
        for record_id, data in tables.rows(store.conn, table):
            if record_id not in skip:
                count += 1
                total = (total + checksums.record_hash(record_id, data)) % (1 << 64)
        out[table] = {"count": count, "sum": f"{total:016x}"}
    return out


def accept_all(store: Store) -> None:
    with store.transaction() as conn:
        conn.execute("UPDATE change_log SET status = 'accepted' WHERE status = 'pending'")


def test_every_replicated_table_marks_its_writes(store: Store) -> None:
    triggers = {
        r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    for table in TABLES:
        for op in ("insert", "update", "delete"):
            assert f"{table}_hash_{op}" in triggers, (table, op)


def test_checksums_follow_every_write_including_those_behind_the_apps_back(
    store: Store, registry: Registry
) -> None:
    with UnitOfWork(store, "tester") as uow:
        ids = [registry.create(uow, entry) for entry in KNOWN_ENTRIES]
    accept_all(store)
    first = checksums.checksums(store, TABLES)
    assert first == from_scratch(store, registry)
    assert first["enterprise"]["count"] == len(ids)
    assert store.conn.execute("SELECT count(*) FROM record_dirty").fetchone()[0] == 0

    with UnitOfWork(store, "tester") as uow:  # through the app
        registry.update(uow, ids[0], {"address": "浙江省嘉兴市南湖区新地址88号"})
    with store.transaction() as conn:  # behind the app's back: no change-log entry
        conn.execute("UPDATE enterprise SET legal_rep = '王某' WHERE id = ?", (ids[1],))
        conn.execute("DELETE FROM enterprise WHERE id = ?", (ids[2],))
    second = checksums.checksums(store, TABLES)
    assert second == from_scratch(store, registry)
    assert second["enterprise"] != first["enterprise"]
    assert second["enterprise"]["count"] == len(ids) - 1

    with UnitOfWork(store, "tester") as uow:  # new local work the server has not accepted
        registry.create(uow, {**KNOWN_ENTRIES[2], "uscc": "91330402MA2B3C4E0L"})
    assert checksums.checksums(store, TABLES) == second == from_scratch(store, registry)


def test_rehashing_in_small_batches_gives_the_same_sums(
    store: Store, registry: Registry, tree: Any
) -> None:
    with UnitOfWork(store, "tester") as uow:
        ids = [registry.create(uow, entry) for entry in generated(tree, 12)]
    accept_all(store)
    assert checksums.refresh_hashes(store, TABLES, batch=5) == 12  # all of it, in key order
    assert checksums.checksums(store, TABLES) == from_scratch(store, registry)
    with store.transaction() as conn:  # a few: only those, in batches of the marks
        for record_id in ids[:4]:
            conn.execute(
                "UPDATE enterprise SET address = address || '号' WHERE id = ?", (record_id,)
            )
        conn.execute("DELETE FROM enterprise WHERE id = ?", (ids[4],))
    assert checksums.refresh_hashes(store, TABLES, batch=2) == 5
    assert store.conn.execute("SELECT count(*) FROM record_dirty").fetchone()[0] == 0
    assert checksums.checksums(store, TABLES) == from_scratch(store, registry)


def test_old_server_database_gets_its_record_hashes_and_parents(server_db: str) -> None:
    import sync_support
    from sync_support import seed_server

    from sync import admin

    engine = db.make_engine(server_db)
    try:
        db.migrate(engine)
        seed_server(engine, scale=0.001)
        officer = next(iter(sync_support.server_records(engine, "officer")))["id"]
        admin.add_certificate(
            engine, "haining1", "33048100999", "浙江省人民政府", "2025-01-01", "2030-01-01"
        )
        with db.writing(engine) as conn:  # make it a schema-1 database again
            conn.execute(text("DROP INDEX records_parent"))
            for column in ("hash_hi", "hash_lo", "parent_id"):
                conn.execute(text(f"ALTER TABLE records DROP COLUMN {column}"))
            conn.execute(
                update(db.server_meta)
                .where(db.server_meta.c.key == "schema_version")
                .values(value="1")
            )
        engine.dispose()
        engine = db.make_engine(server_db)
        assert db.migrate(engine) == list(range(2, db.SERVER_SCHEMA_VERSION + 1))
        r = db.records.c
        with db.reading(engine) as conn:
            parents = conn.execute(
                select(r.parent_id, r.data).where(r.table_name == "enforcement_certificate")
            ).all()
        assert parents and all(p == json.loads(d)["officer_id"] for p, d in parents)
        assert officer
        with db.reading(engine) as conn:
            rows = conn.execute(select(r.record_id, r.data, r.hash_hi, r.hash_lo)).all()
            sums = conn.execute(select(func.sum(r.hash_hi), func.sum(r.hash_lo))).one()
        assert len(rows) > 100
        for record_id, data, hi, lo in rows:
            assert (hi << 32) + lo == checksums.text_hash(record_id, data)
        expected = sum(checksums.text_hash(i, d) for i, d, _, _ in rows)
        assert checksums.checksum(len(rows), *sums)["sum"] == f"{expected % (1 << 64):016x}"
    finally:
        engine.dispose()


def test_a_bulk_load_marks_its_rows_and_puts_the_trigger_back(
    store: Store, registry: Registry, tree: Any, monkeypatch: Any
) -> None:
    from inspector_app.registry import entries as registry_module

    monkeypatch.setattr(registry_module, "BULK_MIN_ROWS", 1)
    records = [registry.rules.normalise(r) for r in generated(tree, 50)]
    with UnitOfWork(store, "loader") as uow:
        result = registry.upsert_many(uow, records)
        assert "enterprise_hash_insert" in " ".join(result.rebuild)  # dropped for the load
        registry.index_new_rows(uow.conn, result.first_new_rid, rebuild=result.rebuild)
    names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
    assert "enterprise_hash_insert" in names
    assert store.conn.execute("SELECT count(*) FROM record_dirty").fetchone()[0] == 50
    accept_all(store)
    assert checksums.checksums(store, TABLES) == from_scratch(store, registry)

    with store.transaction() as conn:  # a load cut short: the trigger is missing until repaired
        registry.begin_bulk(conn, 10**9)
    assert "enterprise_hash_insert" in Registry.ensure_indexes(store)
    with UnitOfWork(store, "tester") as uow:
        registry.create(uow, KNOWN_ENTRIES[0])
    accept_all(store)
    sums = checksums.checksums(store, TABLES)
    assert sums == from_scratch(store, registry) and sums["enterprise"]["count"] == 51
