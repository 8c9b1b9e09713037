"""Replication: which tables sync, what a record looks like on the wire, how pulled records are
applied locally, how the outbox becomes a push, and the checksums that verify a sync.

Shared by the app (``LocalTables``, ``outbox``) and the central server (``SPECS``, ``check``,
``scope_of``); it imports neither Qt nor HTTP. Adding a table to sync means adding its
``TableSpec`` here and its local adapter to ``LocalTables``.

On the wire a record is ``{field: value}`` of the spec's fields (no local keys, no derived
columns); its canonical JSON (``changelog.encode``) is what the checksums hash.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from inspector_app.cases import cases
from inspector_app.inspections import checklists, hazards, inspections
from inspector_app.registry import officers
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.rules import FIELDS
from inspector_app.registry.validation import (
    RecordInvalid,
    ValidationError,
    choice,
    error,
    flag,
    required_text,
)
from inspector_app.store import changelog, migrations
from inspector_app.store.changelog import UnitOfWork, encode
from inspector_app.store.database import Store

CONFLICT_FIELDS = (
    "county_code",
    "town_code",
    "supervising_unit",
    "table_name",
    "record_id",
    "field",
    "server_value",
    "server_by",
    "server_at",
    "incoming_value",
    "incoming_by",
    "incoming_author",
    "incoming_at",
    "incoming_entry",
    "status",
    "resolved_value",
    "resolved_by",
    "resolved_at",
)


@dataclass(frozen=True)
class TableSpec:
    name: str
    fields: tuple[str, ...]
    matter: str  # what a user must be allowed to do to write it (see the server's scope rules)
    # (table, field): the record it belongs to; a table name starting with "@" names the field
    # that holds the parent's table (a signature belongs to an inspection or a document).
    # A child record lives where its parent lives (the server takes the parent's scope).
    parent: tuple[str, str] | None = None
    public: bool = False  # reference data every user of the city reads
    immutable: bool = False  # never changed once written (events, signatures, documents)
    local_columns: tuple[str, ...] = ()  # columns set on this device when the record arrives

    def parent_of(self, data: Mapping[str, Any]) -> tuple[str, str] | None:
        """(table, id) of the record this one belongs to."""
        if self.parent is None:
            return None
        table, field_name = self.parent
        if table.startswith("@"):
            table = str(data.get(table[1:]) or "")
        return table, str(data.get(field_name) or "")


# the wire fields: the columns but the id and each device's own times
INSPECTION_FIELDS = inspections.COLUMNS[1:-2]
HAZARD_FIELDS = hazards.HAZARD_COLUMNS[1:]
# records a signature locks: a change to them (or to what hangs on them) is refused once the
# inspection is signed — the local triggers and the server apply the same rule
# (the path from the record to its inspection: (field, table) steps)
SIGNED_LOCK: dict[str, tuple[tuple[str, str], ...]] = {
    "inspection": (),
    "inspection_item": (("inspection_id", "inspection"),),
    "hazard": (("inspection_id", "inspection"),),
    "hazard_photo": (("hazard_id", "hazard"), ("inspection_id", "inspection")),
}


SPECS: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec("enterprise", FIELDS, matter="registry"),
        TableSpec(
            "officer",
            ("name", "unit_code", "role", "phone", "active"),
            matter="officers",
            public=True,
            local_columns=("created_at", "updated_at"),
        ),
        TableSpec(
            "enforcement_certificate",
            ("officer_id", "number", "issuing_authority", "issued_on", "expires_on", "revoked"),
            matter="officers",
            parent=("officer", "officer_id"),
            public=True,
            local_columns=("created_at",),
        ),
        # made by the server when two devices changed the same field; people resolve them
        TableSpec("sync_conflict", CONFLICT_FIELDS, matter="conflicts"),
        # inspections and what hangs on them (inspector_app.inspections, .hazards, .documents)
        TableSpec(
            "inspection",
            INSPECTION_FIELDS,
            matter="inspections",
            local_columns=("created_at", "updated_at"),
        ),
        TableSpec(
            "inspection_officer",
            ("inspection_id", "officer_id", "certificate_id", "position"),
            matter="inspections",
            parent=("inspection", "inspection_id"),
            immutable=True,
        ),
        TableSpec(
            "inspection_item",
            (
                "inspection_id",
                "item_code",
                "item_text",
                "basis",
                "major",
                "position",
                "verdict",
                "note",
            ),
            matter="inspections",
            parent=("inspection", "inspection_id"),
        ),
        TableSpec(
            "recusal",
            (
                "officer_id",
                "enterprise_id",
                "requested_by",
                "reason",
                "decided_by",
                "decided_on",
            ),
            matter="inspections",
            parent=("enterprise", "enterprise_id"),
            immutable=True,
            local_columns=("created_at",),
        ),
        TableSpec(
            "hazard",
            HAZARD_FIELDS,
            matter="inspections",
            parent=("inspection", "inspection_id"),
            local_columns=("created_at", "updated_at"),
        ),
        TableSpec(
            "hazard_photo",
            ("hazard_id", "sha256", "original_name", "taken_at", "position", "withdrawn"),
            matter="inspections",
            parent=("hazard", "hazard_id"),
            local_columns=("created_at",),
        ),
        TableSpec(
            "hazard_event",
            (
                "hazard_id",
                "kind",
                "occurred_on",
                "deadline",
                "inspection_id",
                "document_id",
                "case_id",
                "note",
                "created_by",
            ),
            matter="inspections",
            parent=("hazard", "hazard_id"),
            immutable=True,
            local_columns=("created_at",),
        ),
        TableSpec(
            "signature",
            (
                "record_table",
                "record_id",
                "role",
                "signer_name",
                "officer_id",
                "image_sha256",
                "refused",
                "witness",
                "signed_at",
            ),
            matter="inspections",
            parent=("@record_table", "record_id"),
            immutable=True,
        ),
        TableSpec(
            "document",
            (
                "kind",
                "record_table",
                "record_id",
                "enterprise_id",
                "county_code",
                "doc_type",
                "authority",
                "year",
                "seq",
                "number",
                "issued_on",
                "content",
                "content_sha256",
                "supersedes_id",
                "created_by",
            ),
            matter="inspections",
            parent=("@record_table", "record_id"),
            immutable=True,
            local_columns=("created_at",),
        ),
        # penalty cases and their steps (inspector_app.cases); approvals are steps too
        TableSpec(
            "penalty_case",
            cases.CASE_COLUMNS[1:-2],
            matter="cases",
            local_columns=("created_at", "updated_at"),
        ),
        TableSpec(
            "case_step",
            cases.STEP_COLUMNS[1:-1],
            matter="cases",
            parent=("penalty_case", "case_id"),
            immutable=True,
            local_columns=("created_at",),
        ),
        # the city's own checklist items (inspector_app.local_checklist): read by everyone
        TableSpec(
            "checklist_local_item",
            ("code", "text", "basis", "applies", "note", "major", "active", "created_by"),
            matter="checklists",
            public=True,
            local_columns=("created_at", "updated_at"),
        ),
    )
}


class UnknownTable(ValueError):
    pass


def spec(table: str) -> TableSpec:
    try:
        return SPECS[table]
    except KeyError:
        raise UnknownTable(table) from None


@dataclass(frozen=True)
class Scope:
    """Where a record belongs: what the server filters on and authorises against."""

    county_code: str | None = None
    town_code: str | None = None
    supervising_unit: str | None = None
    unit_code: str | None = None
    public: bool = False


def scope_of(table: str, data: Mapping[str, Any], tree: JurisdictionTree) -> Scope:
    s = spec(table)
    if "county_code" in data:
        return Scope(
            data.get("county_code"),
            data.get("town_code"),
            data.get("supervising_unit"),
            None,
            s.public,
        )
    unit = data.get("unit_code")
    if unit and unit in tree.units:
        county = tree.reporting_unit(unit).code
        return Scope(county_code=county, unit_code=unit, public=s.public)
    return Scope(public=s.public)


# -- checking records (the server runs these on every pushed record) ------------------------


def check(table: str, data: Mapping[str, Any], registry: Registry) -> dict[str, Any]:
    """The record normalised by its table's rules, or RecordInvalid naming each problem."""
    s = spec(table)
    unknown = set(data) - set(s.fields)
    if unknown:
        raise RecordInvalid(
            [
                error(
                    sorted(unknown)[0],
                    "unknown_field",
                    "不是该表的字段",
                    "is not a field of this table",
                )
            ]
        )
    if table == "enterprise":
        return registry.rules.normalise(data)
    if table == "sync_conflict":
        if data.get("status") not in ("open", "resolved"):
            raise RecordInvalid(
                [error("status", "choice", "应为 open 或 resolved", "must be open or resolved")]
            )
        return {f: data.get(f) for f in s.fields}
    errors: list[ValidationError] = []
    out: dict[str, Any] = {}

    def field_check(name: str, fn: Any) -> None:
        try:
            out[name] = fn()
        except ValidationError as exc:
            errors.append(exc)

    tree = registry.tree
    if table == "officer":
        field_check("name", lambda: required_text(data.get("name"), "officer_name", 50))
        field_check("unit_code", lambda: _unit(data.get("unit_code"), tree))
        field_check("role", lambda: choice(data.get("role"), "role", officers.ROLES))
        field_check("phone", lambda: str(data.get("phone") or ""))
        field_check("active", lambda: int(flag(data.get("active", 1), "active")))
    elif table == "enforcement_certificate":
        field_check("officer_id", lambda: required_text(data.get("officer_id"), "officer_id", 36))
        field_check("number", lambda: required_text(data.get("number"), "certificate_no", 40))
        field_check(
            "issuing_authority",
            lambda: required_text(data.get("issuing_authority"), "issuing_authority", 100),
        )
        field_check(
            "issued_on", lambda: officers.parse_date(data.get("issued_on"), "issued_on").isoformat()
        )
        field_check(
            "expires_on",
            lambda: officers.parse_date(data.get("expires_on"), "expires_on").isoformat(),
        )
        field_check("revoked", lambda: int(flag(data.get("revoked", 0), "revoked")))
    elif table == "checklist_local_item":
        out = _check_inspection_table(s, data)
        try:
            applies = json.loads(str(out.get("applies") or ""))
        except ValueError:
            applies = None
        try:  # the administrator's rules (the field named on failure)
            checklists.validate_local_item(
                {
                    "code": out.get("code"),
                    "text": out.get("text"),
                    "basis": out.get("basis"),
                    "applies": applies,
                    "note": out.get("note"),
                    "major": bool(out.get("major")),
                },
                _shipped_checklists().industries,
            )
        except ValidationError as exc:
            raise RecordInvalid([exc]) from None
        return out
    elif table in INSPECTION_TABLES:
        return _check_inspection_table(s, data)
    if errors:
        raise RecordInvalid(errors)
    return out


# tables whose records are checked by their shape (``_check_inspection_table``)
INSPECTION_TABLES = frozenset(migrations.V5_REPLICATED + migrations.V6_REPLICATED) - {
    "checklist_local_item"
}
# values a field may take (the local schema's CHECK constraints say the same)
_CHOICES: dict[tuple[str, str], frozenset[Any]] = {
    ("inspection", "kind"): frozenset(
        {"planned", "random", "complaint", "campaign", "covert", "review"}
    ),
    ("inspection", "status"): frozenset({"draft", "signed"}),
    ("inspection_item", "verdict"): frozenset({"", "compliant", "hazard", "not_applicable"}),
    ("recusal", "requested_by"): frozenset({"officer", "party"}),
    ("hazard_event", "kind"): frozenset(
        {"found", "ordered", "extended", "review_passed", "review_failed", "closed", "escalated"}
    ),
    ("signature", "role"): frozenset({"officer", "person_in_charge", "receiver"}),
    ("signature", "record_table"): frozenset({"inspection", "document"}),
    ("document", "record_table"): frozenset({"inspection", "penalty_case"}),
    ("penalty_case", "party_kind"): frozenset(cases.PARTY_KINDS),
    ("penalty_case", "source"): frozenset(cases.SOURCES),
    ("case_step", "kind"): frozenset(cases.STEP_KINDS),
}
_FLAGS = frozenset({"major", "withdrawn", "refused", "active", "continuing"})
_NUMBERS = frozenset({"latitude", "longitude"})
_INTEGERS = frozenset({"position", "year", "seq"})
_OPTIONAL = frozenset(
    {"town_code", "latitude", "longitude", "amends_id", "image_sha256", "supersedes_id"}
)
MAX_TEXT = 20_000
MAX_CONTENT = 500_000  # a document's frozen content (JSON)


def _check_inspection_table(s: TableSpec, data: Mapping[str, Any]) -> dict[str, Any]:
    """Shape rules of the inspection tables: every field present with a value of its kind."""
    errors: list[ValidationError] = []
    out: dict[str, Any] = {}
    for name in s.fields:
        value = data.get(name)
        if name not in data or (value is None and name not in _OPTIONAL):
            errors.append(error(name, "required", "缺少该字段", "is missing"))
            continue
        if value is None:
            out[name] = None
        elif name in _FLAGS:
            if value not in (0, 1, True, False):
                errors.append(error(name, "flag", "应为 0 或 1", "must be 0 or 1"))
            out[name] = int(value)
        elif name in _INTEGERS:
            if not isinstance(value, int) or isinstance(value, bool):
                errors.append(error(name, "integer", "应为整数", "must be an integer"))
            out[name] = value
        elif name in _NUMBERS:
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                errors.append(error(name, "number", "应为数字", "must be a number"))
            out[name] = value
        else:
            limit = MAX_CONTENT if name == "content" else MAX_TEXT
            if not isinstance(value, str) or len(value) > limit:
                errors.append(
                    error(name, "text", f"应为不超过{limit}字的文字", f"must be text ≤ {limit}")
                )
            out[name] = value
        allowed = _CHOICES.get((s.name, name))
        if allowed is not None and value not in allowed:
            errors.append(
                error(name, "choice", f"“{value}”不是有效值", f"{value!r} is not allowed")
            )
    unknown = set(data) - set(s.fields)
    if unknown:
        errors.append(
            error(sorted(unknown)[0], "unknown_field", "不是该表的字段", "is not a field")
        )
    if errors:
        raise RecordInvalid(errors)
    return out


@cache
def _shipped_checklists() -> checklists.Catalogue:
    return checklists.load_catalogue()


def _unit(value: object, tree: JurisdictionTree) -> str:
    code = str(value or "")
    if code not in tree.units:
        raise error(
            "unit_code", "unknown", f"“{code}”不是已知的单位", f"{code!r} is not a known unit"
        )
    return code


def record_hash(record_id: str, data: Mapping[str, Any]) -> int:
    """64-bit hash of one record (id + canonical JSON); table checksums add these up."""
    return text_hash(record_id, encode(data))


def text_hash(record_id: str, canonical: str) -> int:
    """``record_hash`` of a record whose canonical JSON is at hand (the server stores it)."""
    digest = hashlib.sha256(f"{record_id}|{canonical}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


# -- the local side ----------------------------------------------------------------------------


@dataclass
class ApplyStats:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)


class LocalTables:
    """Reads and writes the local copies of replicated tables (the app's side of sync)."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    # reading

    def read(self, conn: sqlite3.Connection, table: str, record_id: str) -> dict[str, Any] | None:
        fields = spec(table).fields
        if table == "enterprise":
            row = Registry.get(conn, record_id)
            return {f: row[f] for f in fields} if row else None
        row = conn.execute(
            f"SELECT {', '.join(fields)} FROM {table} WHERE id = ?", (record_id,)
        ).fetchone()
        return dict(zip(fields, row, strict=True)) if row else None

    def rows(self, conn: sqlite3.Connection, table: str) -> Iterator[tuple[str, dict[str, Any]]]:
        fields = spec(table).fields
        cursor = conn.execute(f"SELECT id, {', '.join(fields)} FROM {table}")
        while batch := cursor.fetchmany(5000):
            for row in batch:
                yield row[0], dict(zip(fields, row[1:], strict=True))

    def ids(self, conn: sqlite3.Connection, table: str) -> set[str]:
        return {r[0] for r in conn.execute(f"SELECT id FROM {table}")}

    # writing what the server sent

    def apply(
        self,
        uow: UnitOfWork,
        table: str,
        record_id: str,
        data: Mapping[str, Any],
        stats: ApplyStats,
    ) -> None:
        """Insert or update one record as the server has it (``uow`` of origin "remote")."""
        old = self.read(uow.conn, table, record_id)
        if old is None:
            try:
                self._insert(uow, table, record_id, data)
            except sqlite3.IntegrityError as exc:
                stats.problems.append(f"{table} {record_id}: {exc}")
                return
            uow.log(table, record_id, "insert")
            stats.inserted += 1
            return
        delta = changelog.diff(old, data)
        if not delta:
            stats.unchanged += 1
            return
        self._update(uow, table, record_id, old, data)
        uow.log(table, record_id, "update", delta)
        stats.updated += 1

    def _insert(self, uow: UnitOfWork, table: str, record_id: str, data: Mapping[str, Any]) -> None:
        conn = uow.conn
        if table == "enterprise":
            self.registry.insert_rows(conn, [(record_id, data)], uow.now)
            self.registry.index_new_rows(conn, Registry.max_rid(conn) - 1)
            return
        fields = spec(table).fields
        extra = spec(table).local_columns
        columns = ("id", *fields, *extra)
        values = (record_id, *(data[f] for f in fields), *(uow.now for _ in extra))
        conn.execute(
            f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            values,
        )

    def _update(
        self,
        uow: UnitOfWork,
        table: str,
        record_id: str,
        old: Mapping[str, Any],
        data: Mapping[str, Any],
    ) -> None:
        conn = uow.conn
        if table == "enterprise":
            row = Registry.get(conn, record_id)
            assert row is not None
            self.registry.apply_update(conn, row, data, uow.now)
            return
        sets = ", ".join(f"{f} = ?" for f in data)
        conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*data.values(), record_id))

    def delete(self, uow: UnitOfWork, table: str, record_id: str) -> bool:
        """Remove a local copy the server no longer shows this device (logged with its values)."""
        old = self.read(uow.conn, table, record_id)
        if old is None:
            return False
        if table == "enterprise":
            row = Registry.get(uow.conn, record_id)
            assert row is not None
            self.registry.delete_row(uow.conn, row)
        else:
            uow.conn.execute(f"DELETE FROM {table} WHERE id = ?", (record_id,))
        uow.log(table, record_id, "delete", old)
        return True

    def load(
        self,
        store: Store,
        table: str,
        items: Iterable[tuple[str, Mapping[str, Any]]],
        author: str,
        meta: Mapping[str, str] | None = None,
        snapshot: bool = False,
        rebuild: Sequence[str] = (),
    ) -> ApplyStats:
        """Apply a page of records (from a pull or a snapshot) in one transaction, together with
        the ``meta`` values that record how far the download got.

        ``snapshot``: new records are installed like reference data, without change-log
        entries (there is nothing to push and no earlier value to keep); ``rebuild``: the
        index statements a bulk load dropped (``begin_bulk_load``), run with the last page.
        """
        stats = ApplyStats()
        items = list(items)
        with UnitOfWork(store, author, origin="remote") as uow:
            for key, value in (meta or {}).items():
                store.set_meta(key, value)
            if table == "enterprise" and (items or rebuild):
                items = self._bulk_enterprise(uow, items, stats, snapshot, rebuild)
            for record_id, data in items:
                self.apply(uow, table, record_id, data, stats)
        return stats

    def _bulk_enterprise(
        self,
        uow: UnitOfWork,
        items: list[tuple[str, Mapping[str, Any]]],
        stats: ApplyStats,
        snapshot: bool,
        rebuild: Sequence[str],
    ) -> list[tuple[str, Mapping[str, Any]]]:
        """Insert the page's new entries with one statement; return the rest (updates)."""
        conn = uow.conn
        # a bulk load into an empty table (its unique indexes dropped until the last page) has
        # nothing to compare with: the server's ids and codes are unique
        bulk = snapshot and not self.registry.has_unique_keys(conn)
        known = set() if bulk else _existing(conn, "enterprise", "id", [i for i, _ in items])
        fresh = [(i, d) for i, d in items if i not in known]
        if len(fresh) < 1000 and not rebuild:
            return items  # small pages go record by record
        codes = (
            set() if bulk else _existing(conn, "enterprise", "uscc", [d["uscc"] for _, d in fresh])
        )
        clash = [(i, d) for i, d in fresh if d["uscc"] in codes]
        fresh = [(i, d) for i, d in fresh if d["uscc"] not in codes]
        first = Registry.max_rid(conn)
        self.registry.insert_rows(conn, fresh, uow.now)
        self.registry.index_new_rows(conn, first, rebuild=rebuild)
        if not snapshot:
            uow.log_inserts("enterprise", (i for i, _ in fresh))
        stats.inserted += len(fresh)
        stats.problems.extend(
            f"enterprise {i}: uscc {d['uscc']} already used locally" for i, d in clash
        )
        done = {i for i, _ in fresh} | {i for i, _ in clash}
        return [(i, d) for i, d in items if i not in done]

    def begin_bulk_load(self, store: Store, table: str) -> list[str]:
        """Before a snapshot into an empty table: drop its bulk indexes (rebuilt by the last
        page's ``load(rebuild=...)``; ``Registry.ensure_indexes`` repairs an abandoned load)."""
        if table != "enterprise":
            return []
        with store.transaction() as conn:
            if Registry.count(conn):
                return []
            return self.registry.begin_bulk(conn, 10**9)


def _existing(conn: sqlite3.Connection, table: str, column: str, values: list[Any]) -> set[Any]:
    out: set[Any] = set()
    for start in range(0, len(values), 500):
        part = values[start : start + 500]
        marks = ", ".join("?" * len(part))
        out.update(
            r[0]
            for r in conn.execute(f"SELECT {column} FROM {table} WHERE {column} IN ({marks})", part)
        )
    return out


# -- the outbox ------------------------------------------------------------------------------


def outbox(conn: sqlite3.Connection, tables: LocalTables, limit: int) -> list[dict[str, Any]]:
    """Pending change-log entries as push payloads, in creation order.

    An insert carries the record as it was inserted: its current values with every later
    change of the log undone (the log keeps each old value).
    """
    payloads = []
    for entry in changelog.pending(conn, limit):
        payload: dict[str, Any] = {
            "entry_id": entry.entry_id,
            "tx_id": entry.tx_id,
            "table": entry.table_name,
            "record_id": entry.record_id,
            "op": entry.op,
            "device_time": entry.device_time,
            "author": entry.author,
        }
        if entry.op == "insert":
            payload["data"] = inserted_values(conn, tables, entry)
        else:
            payload["changes"] = entry.changes
        payloads.append(payload)
    return payloads


def inserted_values(
    conn: sqlite3.Connection, tables: LocalTables, entry: changelog.LogEntry
) -> dict[str, Any] | None:
    current = tables.read(conn, entry.table_name, entry.record_id)
    if current is None:
        return None
    later = conn.execute(
        "SELECT changes FROM change_log WHERE record_id = ? AND seq > ? AND op = 'update' "
        "ORDER BY seq DESC",
        (entry.record_id, entry.seq),
    )
    for (changes,) in later:
        for name, pair in json.loads(changes).items():
            current[name] = pair[0]
    return current


def mark(store: Store, results: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Record the server's answer for pushed entries; returns counts by status."""
    counts: dict[str, int] = {}
    now = store.clock.timestamp()
    with store.transaction() as conn:
        for result in results:
            status = result["status"]
            reason = result.get("reason")
            conn.execute(
                "UPDATE change_log SET status = ?, status_reason = ?, status_at = ? "
                "WHERE entry_id = ? AND status IN ('pending', 'held')",
                (
                    status,
                    json.dumps(reason, ensure_ascii=False) if reason else None,
                    now,
                    result["entry_id"],
                ),
            )
            counts[status] = counts.get(status, 0) + 1
    return counts


def local_only_ids(conn: sqlite3.Connection, table: str) -> set[str]:
    """Records this device created that the server has not accepted (never counted or deleted
    by verification: they are local work)."""
    return {r[0] for r in conn.execute(_LOCAL_ONLY, (table,))}


_LOCAL_ONLY = (
    "SELECT record_id FROM change_log WHERE table_name = ? AND op = 'insert' AND "
    "status IN ('pending', 'held', 'rejected')"
)


def refresh_hashes(store: Store, tables: Iterable[str], batch: int = 20_000) -> int:
    """Rehash the records written since their hash was taken (``record_dirty``, filled by
    triggers); returns how many were hashed. Short transactions, so the officer's own writes
    never wait long; each reads and hashes under the write lock, so no hash is stale."""
    done = 0
    for table in tables:
        conn = store.conn
        (dirty,) = conn.execute(
            "SELECT count(*) FROM record_dirty WHERE table_name = ?", (table,)
        ).fetchone()
        if (
            dirty > batch
            and dirty * 2 > conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        ):
            done += _rehash_all(store, table, batch)  # most of it (a first sync): in key order
        done += _rehash_marked(store, table, batch)  # and whatever was written meanwhile
    return done


def _hashes(table: str, rows: Iterable[Sequence[Any]]) -> list[tuple[str, str, int, int]]:
    fields = spec(table).fields
    out = []
    for row in rows:
        value = record_hash(row[0], dict(zip(fields, row[1:], strict=True)))
        out.append((table, row[0], value >> 32, value & 0xFFFFFFFF))
    return out


def _rehash_all(store: Store, table: str, batch: int) -> int:
    with store.transaction() as conn:  # later writes mark themselves again
        conn.execute("DELETE FROM record_dirty WHERE table_name = ?", (table,))
        conn.execute("DELETE FROM record_hash WHERE table_name = ?", (table,))
    columns = ", ".join(("id", *spec(table).fields))
    done, after = 0, ""
    while True:
        with store.transaction() as conn:
            rows = conn.execute(
                f"SELECT {columns} FROM {table} WHERE id > ? ORDER BY id LIMIT ?", (after, batch)
            ).fetchall()
            if not rows:
                return done
            conn.executemany(
                "INSERT OR REPLACE INTO record_hash VALUES (?, ?, ?, ?)", _hashes(table, rows)
            )
        done += len(rows)
        after = rows[-1][0]


def _rehash_marked(store: Store, table: str, batch: int) -> int:
    columns = ", ".join(("id", *spec(table).fields))
    done = 0
    while True:
        with store.transaction() as conn:
            marked = [
                r[0]
                for r in conn.execute(
                    "SELECT record_id FROM record_dirty WHERE table_name = ? "
                    "ORDER BY record_id LIMIT ?",
                    (table, batch),
                )
            ]
            if not marked:
                return done
            span = (table, marked[-1])  # exactly the marks read above: the first ``batch``
            rows = conn.execute(
                f"SELECT {columns} FROM {table} WHERE id IN (SELECT record_id FROM "
                "record_dirty WHERE table_name = ? AND record_id <= ?)",
                span,
            ).fetchall()
            conn.executemany(
                "INSERT OR REPLACE INTO record_hash VALUES (?, ?, ?, ?)", _hashes(table, rows)
            )
            gone = set(marked) - {row[0] for row in rows}
            conn.executemany(
                "DELETE FROM record_hash WHERE table_name = ? AND record_id = ?",
                ((table, record_id) for record_id in gone),
            )
            conn.execute("DELETE FROM record_dirty WHERE table_name = ? AND record_id <= ?", span)
        done += len(marked)


def checksums(store: Store, names: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Count and checksum of each table as the server should have it: every local record
    except this device's own inserts the server has not accepted (``local_only_ids``)."""
    names = list(names)
    refresh_hashes(store, names)
    out = {}
    for table in names:
        count, hi, lo = store.conn.execute(
            "SELECT count(*), coalesce(sum(hi), 0), coalesce(sum(lo), 0) FROM record_hash "
            f"WHERE table_name = ? AND record_id NOT IN ({_LOCAL_ONLY})",
            (table, table),
        ).fetchone()
        out[table] = checksum(count, hi, lo)
    return out


def checksum(count: int, hi_sum: int, lo_sum: int) -> dict[str, Any]:
    """The wire form of a table checksum from the sums of the hashes' 32-bit halves."""
    total = ((int(hi_sum) << 32) + int(lo_sum)) % (1 << 64)
    return {"count": int(count), "sum": f"{total:016x}"}


# -- conflicts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    id: str
    table_name: str
    record_id: str
    field: str
    server_value: Any
    server_by: str
    server_at: str
    incoming_value: Any
    incoming_by: str
    incoming_author: str
    incoming_at: str


def open_conflicts(conn: sqlite3.Connection) -> list[Conflict]:
    rows = conn.execute(
        "SELECT id, table_name, record_id, field, server_value, server_by, server_at, "
        "incoming_value, incoming_by, incoming_author, incoming_at FROM sync_conflict "
        "WHERE status = 'open' ORDER BY incoming_at"
    )
    return [Conflict(*row) for row in rows]


def resolve_conflict(uow: UnitOfWork, tables: LocalTables, conflict_id: str, keep: str) -> None:
    """A person chose: ``keep="server"`` keeps the record's value, ``"incoming"`` takes the
    other device's value. The record (if it changes) and the conflict are updated in this unit
    of work, so both reach the server at the next sync."""
    row = uow.conn.execute(
        f"SELECT {', '.join(CONFLICT_FIELDS)} FROM sync_conflict WHERE id = ?", (conflict_id,)
    ).fetchone()
    if row is None:
        raise KeyError(conflict_id)
    old = dict(zip(CONFLICT_FIELDS, row, strict=True))
    if old["status"] != "open":
        return
    chosen = old["server_value"] if keep == "server" else old["incoming_value"]
    current = tables.read(uow.conn, old["table_name"], old["record_id"])
    if current is not None and current.get(old["field"]) != chosen:
        if old["table_name"] == "enterprise":
            tables.registry.update(uow, old["record_id"], {old["field"]: chosen})
        else:
            uow.conn.execute(
                f"UPDATE {old['table_name']} SET {old['field']} = ? WHERE id = ?",
                (chosen, old["record_id"]),
            )
            uow.log(
                old["table_name"],
                old["record_id"],
                "update",
                {old["field"]: [current.get(old["field"]), chosen]},
            )
    new = dict(
        old, status="resolved", resolved_value=chosen, resolved_by=uow.author, resolved_at=uow.now
    )
    delta = changelog.diff(old, new)
    uow.conn.execute(
        "UPDATE sync_conflict SET status = ?, resolved_value = ?, resolved_by = ?, "
        "resolved_at = ? WHERE id = ?",
        (new["status"], chosen, new["resolved_by"], new["resolved_at"], conflict_id),
    )
    uow.log("sync_conflict", conflict_id, "update", delta)


def rejected(conn: sqlite3.Connection) -> list[tuple[changelog.LogEntry, dict[str, Any]]]:
    """Entries the server refused, with the reason it gave (shown to the user)."""
    out = []
    for entry in changelog.by_status(conn, "rejected"):
        reason = json.loads(entry.status_reason) if entry.status_reason else {}
        out.append((entry, reason))
    return out
