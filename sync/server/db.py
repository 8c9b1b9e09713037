"""The central store: SQLAlchemy Core tables, engine set-up, versioned migrations.

SQLite by default (one file), PostgreSQL in production; the same code runs on both. Server
processes keep no state of their own: everything, including the change sequence, lives here,
so several processes behind a load balancer give the same answers.

Replicated records of every table live in ``records`` as canonical JSON, with the columns a
scope filter needs (county, town, supervising unit, unit) beside them; ``seq`` is the server's
change sequence that devices pull from. ``seq_counter`` hands out sequence numbers at the end of
each writing transaction and its row lock is held until commit, so sequence order is commit
order and a device never skips a change that committed late.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Engine,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    and_,
    bindparam,
    create_engine,
    event,
    false,
    inspect,
    select,
    text,
    true,
)
from sqlalchemy.engine import Connection

from inspector_app.plans import tasks
from inspector_app.replication import tables as replication
from inspector_app.replication.checksums import text_hash

SERVER_SCHEMA_VERSION = 6

metadata = MetaData()

server_meta = Table(
    "server_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

jurisdiction = Table(
    "jurisdiction",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("level", String(16), nullable=False),
    Column("parent_code", String(32)),
    Column("supervising_unit", String(32)),
    Column("authority", Text, nullable=False, default=""),
)

users = Table(
    "users",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("unit_code", String(32), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("locked_until", DateTime(timezone=True)),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("password_changed_at", DateTime(timezone=True), nullable=False),
)

devices = Table(
    "devices",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("user_id", String(36), nullable=False),
    Column("name", Text, nullable=False, default=""),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
    # a new device of a user whose device was revoked waits for an administrator's approval
    Column("approved", Boolean, nullable=False, server_default=true()),
)

tokens = Table(
    "tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("kind", String(8), nullable=False),  # access | refresh
    Column("user_id", String(36), nullable=False),
    Column("device_id", String(36), nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Index("tokens_device", "device_id"),
)

delegations = Table(
    "delegations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("town_code", String(32), nullable=False),
    Column("authority_code", String(32), nullable=False),  # the delegating county bureau
    Column("matters", Text, nullable=False),  # JSON list of matter codes
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=False),
    Column("revoked", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("delegations_town", "town_code"),
)

records = Table(
    "records",
    metadata,
    Column("table_name", String(40), primary_key=True),
    Column("record_id", String(36), primary_key=True),
    Column("data", Text, nullable=False),  # canonical JSON of the replicated fields
    # the record's 64-bit verification hash (checksums.text_hash) as two 32-bit halves,
    # so that a checksum is two SQL sums
    Column("hash_hi", BigInteger, nullable=False, server_default="0"),
    Column("hash_lo", BigInteger, nullable=False, server_default="0"),
    Column("county_code", String(32)),
    Column("town_code", String(32)),
    Column("supervising_unit", String(32)),
    Column("unit_code", String(32)),
    Column("public", Boolean, nullable=False, default=False),  # readable in the whole city
    Column("natural_key", String(64)),  # unique per table when set (an enterprise's code)
    # the record it belongs to (a hazard's inspection, a step's case): children by one index
    Column("parent_id", String(36)),
    Column("field_meta", Text, nullable=False, default="{}"),  # {field: [user, time]}
    # a covert record (暗查暗访): read only by the roles allowed and its ``record_viewers``
    Column("restricted", Boolean, nullable=False, server_default=false()),
    Column("seq", BigInteger, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(36), nullable=False),
    Index("records_seq", "seq"),
    Index("records_natural_key", "table_name", "natural_key", unique=True),
    Index("records_county", "table_name", "county_code"),
    Index("records_supervisor", "supervising_unit"),
    Index("records_town", "town_code"),
    Index("records_parent", "table_name", "parent_id"),
)

# records an administrator took out of the central store (``sync.admin withdraw-record``): the
# record as it was, why, by whom; ``seq`` numbers the withdrawal like a change, so that devices
# pulling past it drop their copy; the scope columns say which devices are told
withdrawn_records = Table(
    "withdrawn_records",
    metadata,
    Column("table_name", String(40), primary_key=True),
    Column("record_id", String(36), primary_key=True),
    Column("data", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("withdrawn_by", Text, nullable=False),
    Column("withdrawn_at", DateTime(timezone=True), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("county_code", String(32)),
    Column("town_code", String(32)),
    Column("supervising_unit", String(32)),
    Column("unit_code", String(32)),
    Column("public", Boolean, nullable=False, default=False),
    Index("withdrawn_seq", "seq"),
)

# failed sign-ins per account+address, per address and per account (``sync.server.throttle``)
sign_in_throttle = Table(
    "sign_in_throttle",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("failures", Integer, nullable=False, default=0),
    Column("locks", Integer, nullable=False, default=0),  # locks so far: the next lasts 2^n min
    Column("locked_until", DateTime(timezone=True)),
    Column("last_failure", DateTime(timezone=True), nullable=False),
)

seq_counter = Table(
    "seq_counter",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("value", BigInteger, nullable=False),
)

applied_entries = Table(
    "applied_entries",
    metadata,
    Column("entry_id", String(36), primary_key=True),
    Column("entry_hash", String(64), nullable=False),
    Column("device_id", String(36), nullable=False),
    Column("user_id", String(36), nullable=False),
    Column("table_name", String(40), nullable=False),
    Column("record_id", String(36), nullable=False),
    Column("status", String(10), nullable=False),
    Column("result", Text, nullable=False),  # the JSON answered for this entry
    Column("received_at", DateTime(timezone=True), nullable=False),
)

held_entries = Table(
    "held_entries",
    metadata,
    Column("entry_id", String(36), primary_key=True),
    Column("record_id", String(36), nullable=False),
    Column("parent_table", String(40), nullable=False),
    Column("parent_id", String(36), nullable=False),
    Column("device_id", String(36), nullable=False),
    Column("user_id", String(36), nullable=False),
    Column("entry", Text, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Index("held_parent", "parent_table", "parent_id"),
    Index("held_record", "record_id"),
)

blobs = Table(
    "blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("received", BigInteger, nullable=False),
    Column("complete", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("completed_at", DateTime(timezone=True)),
    # found not to be what its name says (a chunk read, or ``sync.admin check-blobs``): never
    # served again; ``damage`` says what was found (version 6)
    Column("damaged_at", DateTime(timezone=True)),
    Column("damage", Text),
)

blob_chunks = Table(
    "blob_chunks",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("offset", BigInteger, primary_key=True),
    Column("data", LargeBinary, nullable=False),
    # the chunk's own SHA-256, checked before it is served (version 6; NULL is never served)
    Column("chunk_sha256", String(64)),
)

# an upload in progress belongs to the device that began it: its chunks are kept in
# ``blob_chunks`` under ``upload_id`` until the whole hashes to its name, then become the blob's
uploads = Table(
    "uploads",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("device_id", String(36), primary_key=True),
    Column("upload_id", String(36), nullable=False, unique=True),
    Column("size", BigInteger, nullable=False),  # as this device declared it (0: not yet)
    Column("received", BigInteger, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# who may read a restricted (covert) record besides the roles allowed: its team and its author
record_viewers = Table(
    "record_viewers",
    metadata,
    Column("table_name", String(40), primary_key=True),
    Column("record_id", String(36), primary_key=True),
    Column("user_id", String(36), primary_key=True),
)

# which records name which blob (the fields a table declares as ``attachments``): a blob is
# readable by whoever may read one of them
blob_refs = Table(
    "blob_refs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("table_name", String(40), primary_key=True),
    Column("record_id", String(36), primary_key=True),
    Index("blob_refs_record", "table_name", "record_id"),
)

number_counters = Table(
    "number_counters",
    metadata,
    Column("doc_type", String(16), primary_key=True),
    Column("authority", String(32), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("next_value", BigInteger, nullable=False),
)

number_leases = Table(
    "number_leases",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("device_id", String(36), nullable=False),
    Column("user_id", String(36), nullable=False),
    Column("doc_type", String(16), nullable=False),
    Column("authority", String(32), nullable=False),
    Column("year", Integer, nullable=False),
    Column("first", BigInteger, nullable=False),
    Column("last", BigInteger, nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("returned_at", DateTime(timezone=True)),
    Column("unused", Text),  # JSON list of numbers given back unused
)

# each device's audit chain as the server holds it, and the heads it signed (``sync.server.audit``);
# a metadata of their own so that schema 1 stays what it was released as: version 5 adds them
audit_metadata = MetaData()

audit_chain = Table(
    "audit_chain",
    audit_metadata,
    Column("device_id", String(36), primary_key=True),
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("body", Text, nullable=False),  # the row as sent, canonical JSON
    Column("hash", String(64), nullable=False),
    Column("user_id", String(36), nullable=False),
    Column("received_at", String(40), nullable=False),
)

audit_signed = Table(
    "audit_signed",
    audit_metadata,
    Column("device_id", String(36), primary_key=True),
    Column("count", BigInteger, primary_key=True, autoincrement=False),
    Column("head", String(64), nullable=False),
    Column("signed_at", String(40), nullable=False),
    Column("signature", Text, nullable=False),
)


# changes a revoked device handed in after its revocation (``sync.server.quarantine``): kept
# whole, applied only when an administrator releases them, kept with the reason when rejected;
# a metadata of its own, made by version 6
quarantine_metadata = MetaData()

quarantined_entries = Table(
    "quarantined_entries",
    quarantine_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),  # what an administrator types
    Column("entry_id", String(36), nullable=False, unique=True),
    Column("entry_hash", String(64), nullable=False),
    Column("entry", Text, nullable=False),  # the change as pushed, canonical JSON
    Column("device_id", String(36), nullable=False),
    Column("user_id", String(36), nullable=False),
    Column("table_name", String(40), nullable=False),
    Column("record_id", String(36), nullable=False),
    Column("device_time", Text, nullable=False),  # the laptop's own clock: evidence only
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=False),  # the device's revocation
    Column("status", String(10), nullable=False),  # held | released | rejected
    Column("decided_by", Text),
    Column("decided_at", DateTime(timezone=True)),
    Column("reason", Text),  # why it was rejected
    Column("result", Text),  # the push answer its release gave
    Index("quarantined_status", "status", "id"),
    Index("quarantined_device", "device_id"),
)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Connection], None]


def _v1(conn: Connection) -> None:
    metadata.create_all(conn)
    conn.execute(seq_counter.insert().values(id=1, value=0))


def _v2(conn: Connection) -> None:
    """Record hashes (a database made by schema 1 gets the columns and every row hashed)."""
    names = {c["name"] for c in inspect(conn).get_columns("records")}
    for column in ("hash_hi", "hash_lo"):
        if column not in names:
            conn.execute(text(f"ALTER TABLE records ADD COLUMN {column} BIGINT NOT NULL DEFAULT 0"))
    r = records.c
    rows = conn.execute(select(r.table_name, r.record_id, r.data)).all()
    for start in range(0, len(rows), 5000):
        conn.execute(
            records.update()
            .where(and_(r.table_name == bindparam("t"), r.record_id == bindparam("i")))
            .values(hash_hi=bindparam("hi"), hash_lo=bindparam("lo")),
            [
                {"t": t, "i": i, "hi": h["hash_hi"], "lo": h["hash_lo"]}
                for t, i, data in rows[start : start + 5000]
                for h in (split_hash(text_hash(i, data)),)
            ],
        )


def _v3(conn: Connection) -> None:
    """Each record's parent id (a schema-1 or -2 database gets the column, its index and every
    child record's parent filled in)."""
    names = {c["name"] for c in inspect(conn).get_columns("records")}
    if "parent_id" not in names:
        conn.execute(text("ALTER TABLE records ADD COLUMN parent_id VARCHAR(36)"))
    indexes = {i["name"] for i in inspect(conn).get_indexes("records")}
    if "records_parent" not in indexes:
        conn.execute(text("CREATE INDEX records_parent ON records (table_name, parent_id)"))
    r = records.c
    rows = conn.execute(select(r.table_name, r.record_id, r.data)).all()
    updates = [
        {"t": t, "i": i, "p": parent}
        for t, i, data in rows
        for parent in (parent_id(t, json.loads(data)),)
        if parent is not None
    ]
    for start in range(0, len(updates), 5000):
        conn.execute(
            records.update()
            .where(and_(r.table_name == bindparam("t"), r.record_id == bindparam("i")))
            .values(parent_id=bindparam("p")),
            updates[start : start + 5000],
        )


def _v4(conn: Connection) -> None:
    """Withdrawn records, sign-in throttling, devices waiting for approval (a database made
    before has neither the tables nor the column)."""
    withdrawn_records.create(conn, checkfirst=True)
    sign_in_throttle.create(conn, checkfirst=True)
    record_viewers.create(conn, checkfirst=True)
    columns = {c["name"] for c in inspect(conn).get_columns("records")}
    if "restricted" not in columns:
        conn.execute(
            text("ALTER TABLE records ADD COLUMN restricted BOOLEAN NOT NULL DEFAULT FALSE")
        )
        rc = records.c
        for table, record_id, data, by in conn.execute(
            select(rc.table_name, rc.record_id, rc.data, rc.updated_by).where(
                rc.table_name.in_(("plan_task", "random_draw", "inspection"))
            )
        ).all():
            viewers = covert_viewers(json.loads(data), by)
            if viewers is None:
                continue
            conn.execute(
                records.update()
                .where(rc.table_name == table, rc.record_id == record_id)
                .values(restricted=True)
            )
            for user in viewers:
                conn.execute(
                    record_viewers.insert().values(
                        table_name=table, record_id=record_id, user_id=user
                    )
                )
    uploads.create(conn, checkfirst=True)
    blob_refs.create(conn, checkfirst=True)
    # uploads in progress were shared by every device: they start again, each its own
    partial = select(blobs.c.sha256).where(blobs.c.complete.is_(False)).scalar_subquery()
    conn.execute(blob_chunks.delete().where(blob_chunks.c.sha256.in_(partial)))
    conn.execute(blobs.delete().where(blobs.c.complete.is_(False)))
    r = records.c
    for spec in replication.SPECS.values():
        if not spec.attachments:
            continue
        rows = conn.execute(select(r.record_id, r.data).where(r.table_name == spec.name)).all()
        refs = [
            {"sha256": sha, "table_name": spec.name, "record_id": record_id}
            for record_id, data in rows
            for sha in attachment_shas(spec.name, json.loads(data))
        ]
        for start in range(0, len(refs), 5000):
            conn.execute(blob_refs.insert(), refs[start : start + 5000])
    names = {c["name"] for c in inspect(conn).get_columns("devices")}
    if "approved" not in names:
        conn.execute(text("ALTER TABLE devices ADD COLUMN approved BOOLEAN NOT NULL DEFAULT TRUE"))


def _v5(conn: Connection) -> None:
    """The audit chains and signed heads (a server before version 5 made them on start, outside
    the versioned schema: those already there are kept as they are)."""
    audit_metadata.create_all(conn, checkfirst=True)


def _v6(conn: Connection) -> None:
    """The quarantine of a revoked device's changes; each stored chunk's own SHA-256 (the
    chunks already stored get theirs) and the damaged mark of a blob."""
    quarantine_metadata.create_all(conn, checkfirst=True)
    names = {c["name"] for c in inspect(conn).get_columns("blob_chunks")}
    if "chunk_sha256" not in names:
        conn.execute(text("ALTER TABLE blob_chunks ADD COLUMN chunk_sha256 VARCHAR(64)"))
    names = {c["name"] for c in inspect(conn).get_columns("blobs")}
    if "damaged_at" not in names:
        kind = "TIMESTAMP WITH TIME ZONE" if conn.dialect.name == "postgresql" else "DATETIME"
        conn.execute(text(f"ALTER TABLE blobs ADD COLUMN damaged_at {kind}"))
    if "damage" not in names:
        conn.execute(text("ALTER TABLE blobs ADD COLUMN damage TEXT"))
    # the hash of what is stored now: a chunk damaged before this version goes unnoticed here,
    # but its blob no longer hashes to its name (``sync.admin check-blobs`` finds it)
    c = blob_chunks.c
    keys = conn.execute(
        select(c.sha256, c.offset).where(c.chunk_sha256.is_(None)).order_by(c.sha256, c.offset)
    ).all()
    for key, offset in keys:
        data = conn.execute(select(c.data).where(c.sha256 == key, c.offset == offset)).scalar_one()
        conn.execute(
            blob_chunks.update()
            .where(c.sha256 == key, c.offset == offset)
            .values(chunk_sha256=hashlib.sha256(data).hexdigest())
        )


def _covert_draw(data: Mapping[str, Any]) -> bool:
    """A random draw made for covert checks (its parameters say so)."""
    params = data.get("params")
    try:
        parsed = json.loads(params) if isinstance(params, str) else None
    except ValueError:
        return False
    return isinstance(parsed, dict) and bool(parsed.get("covert"))


def covert_viewers(data: Mapping[str, Any], by: str) -> set[str] | None:
    """Who besides the allowed roles may read a covert record (``plans.tasks.is_covert``): its
    team (``officer_ids``; an officer's id is its account's), whoever entered it
    (``created_by``) and whoever pushed it; None for an ordinary record."""
    if not tasks.is_covert(data) and not _covert_draw(data):
        return None
    team = data.get("officer_ids")
    try:
        members = json.loads(team) if isinstance(team, str) and team else (team or [])
    except ValueError:
        members = []
    people = {str(m) for m in members if isinstance(m, str)} if isinstance(members, list) else set()
    people |= {str(data.get("created_by") or ""), by}
    return {p for p in people if p}


def attachment_shas(table: str, data: Mapping[str, Any]) -> set[str]:
    """The blobs a record names (its table's ``attachments`` fields that are set)."""
    try:
        fields = replication.spec(table).attachments
    except replication.UnknownTable:
        return set()
    return {str(data[f]) for f in fields if isinstance(data.get(f), str) and data[f]}


def parent_id(table: str, data: Mapping[str, Any]) -> str | None:
    """The id of the record a record belongs to (its table's spec), or None."""
    try:
        parent = replication.spec(table).parent_of(data)
    except replication.UnknownTable:
        return None
    return parent[1] or None if parent is not None else None


def split_hash(value: int) -> dict[str, int]:
    return {"hash_hi": value >> 32, "hash_lo": value & 0xFFFFFFFF}


MIGRATIONS = (
    Migration(1, "initial schema", _v1),
    Migration(2, "record hashes", _v2),
    Migration(3, "parent ids", _v3),
    Migration(4, "withdrawn records, sign-in throttling, device approval", _v4),
    Migration(5, "audit chains and signed heads", _v5),
    Migration(6, "quarantine of revoked devices' changes, chunk hashes, damaged blobs", _v6),
)


class ServerSchemaTooNew(RuntimeError):
    pass


def normalise_url(url: str) -> str:
    """``postgresql://`` means the psycopg 3 driver; ``sqlite:///path`` stays as it is."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if not url.startswith("sqlite"):
        return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # transactions are begun below, not by the driver
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # writers take the write lock at BEGIN (no lock upgrade, so no deadlock between two
        # writers); readers stay deferred and read a WAL snapshot beside them
        write = conn.get_execution_options().get("fi_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


@contextlib.contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction (committed on success, rolled back on any exception)."""
    with engine.connect().execution_options(fi_write=True) as conn, conn.begin():
        yield conn


@contextlib.contextmanager
def reading(engine: Engine, snapshot: bool = False) -> Iterator[Connection]:
    """A read-only transaction. ``snapshot``: every statement sees the same moment (PostgreSQL
    REPEATABLE READ; a SQLite read transaction always does)."""
    with engine.connect() as conn:
        if snapshot and conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


def schema_version(conn: Connection) -> int:
    if not conn.dialect.has_table(conn, "server_meta"):
        return 0
    row = conn.execute(
        select(server_meta.c.value).where(server_meta.c.key == "schema_version")
    ).first()
    return int(row[0]) if row else 0


def migrate(engine: Engine) -> list[int]:
    """Bring the database to ``SERVER_SCHEMA_VERSION``; refuse a newer one."""
    applied = []
    with writing(engine) as conn:
        if conn.dialect.name == "postgresql":
            # two processes starting at once must not both migrate
            conn.execute(text("SELECT pg_advisory_xact_lock(727272)"))
        current = schema_version(conn)
        if current > SERVER_SCHEMA_VERSION:
            raise ServerSchemaTooNew(
                f"database schema {current} is newer than this server ({SERVER_SCHEMA_VERSION})"
            )
        for migration in MIGRATIONS:
            if migration.version <= current:
                continue
            migration.apply(conn)
            value = str(migration.version)
            if current == 0 and migration.version == 1:
                conn.execute(server_meta.insert().values(key="schema_version", value=value))
            else:
                conn.execute(
                    server_meta.update()
                    .where(server_meta.c.key == "schema_version")
                    .values(value=value)
                )
            applied.append(migration.version)
    return applied


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
