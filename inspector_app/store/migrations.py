"""Versioned schema migrations of the local store.

Each migration runs in one transaction together with the ``user_version`` bump and its row in
``schema_migrations``: a crash mid-upgrade leaves the previous version intact. Released
migrations are never edited; a change is a new migration at the end of ``MIGRATIONS``.

This file is long on purpose: it is the schema's history, every released version's statements
as they were shipped, so that an old database is upgraded exactly as it would have been.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from inspector_app import APP_VERSION


class Target(Protocol):
    """What the runner needs of the store it upgrades (``Store`` is one)."""

    @property
    def schema_version(self) -> int: ...

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]: ...

    def timestamp(self) -> str: ...


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[sqlite3.Connection], None]


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Execute statements one by one inside the caller's transaction.

    (``executescript`` would commit the open transaction first.)
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement in migration: {statement[:80]!r}")


# CHECK constraints are written as OR chains, not IN lists: under executemany SQLite rebuilds
# the IN list for every row, which tripled the cost of a bulk insert.
V1_CORE = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE schema_migrations (
    version     INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    applied_at  TEXT NOT NULL,
    app_version TEXT NOT NULL
);

-- City, county-level units, functional zones, parks, towns/streets (reference data).
CREATE TABLE jurisdiction (
    code             TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    short_name       TEXT NOT NULL DEFAULT '',
    level            TEXT NOT NULL CHECK (level = 'city' OR level = 'county' OR level = 'zone'
                                      OR level = 'park' OR level = 'town'),
    kind             TEXT NOT NULL DEFAULT '',
    parent_code      TEXT REFERENCES jurisdiction(code),
    supervising_unit TEXT REFERENCES jurisdiction(code),
    authority        TEXT NOT NULL DEFAULT '',
    government       TEXT NOT NULL DEFAULT '',
    sort_order       INTEGER NOT NULL DEFAULT 0,
    verified         INTEGER NOT NULL DEFAULT 1 CHECK (verified = 0 OR verified = 1)
) WITHOUT ROWID;

-- The change log (outbox). Every local domain write adds its entries in the same transaction.
-- change_tx: one row per unit of work (who, when, on which device).
-- change_log: one row per changed record. seq is the local creation order (the push order);
-- entry_id is the idempotency key the server applies at most once; changes is JSON:
-- {} for an insert (the values are the record's, with every later update undone),
-- {field: [old, new]} for an update, the full record for a delete, the body of an event.
CREATE TABLE change_tx (
    tx_seq      INTEGER PRIMARY KEY,
    tx_id       TEXT NOT NULL UNIQUE,
    device_time TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    author      TEXT NOT NULL,
    origin      TEXT NOT NULL DEFAULT 'local' CHECK (origin = 'local' OR origin = 'remote')
);
-- Append-only (the trigger below), so seq is never reused without AUTOINCREMENT's cost.
-- tx_seq always names a change_tx row written in the same transaction (UnitOfWork).
CREATE TABLE change_log (
    seq           INTEGER PRIMARY KEY,
    entry_id      TEXT NOT NULL UNIQUE,
    tx_seq        INTEGER NOT NULL,
    table_name    TEXT NOT NULL,
    record_id     TEXT NOT NULL,
    op            TEXT NOT NULL CHECK (op = 'insert' OR op = 'update' OR op = 'delete'
                                   OR op = 'event'),
    changes       TEXT NOT NULL DEFAULT '{}',
    status        TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status = 'pending' OR status = 'accepted' OR status = 'rejected'
                         OR status = 'held' OR status = 'applied'),
    status_reason TEXT,
    status_at     TEXT
);
CREATE INDEX change_log_record ON change_log(record_id, seq);
CREATE INDEX change_log_outbox ON change_log(seq) WHERE status = 'pending' OR status = 'held';
CREATE TRIGGER change_log_append_only BEFORE DELETE ON change_log
BEGIN
    SELECT RAISE(ABORT, 'the change log is append-only');
END;

-- Registry: enterprises and individual businesses.
-- rid is the local integer key (full-text index, table views); id is the global UUIDv7.
CREATE TABLE enterprise (
    rid                  INTEGER PRIMARY KEY,
    id                   TEXT NOT NULL,
    uscc                 TEXT NOT NULL,
    name                 TEXT NOT NULL,
    kind                 TEXT NOT NULL CHECK (kind = 'enterprise' OR kind = 'individual'),
    county_code          TEXT NOT NULL REFERENCES jurisdiction(code),
    town_code            TEXT REFERENCES jurisdiction(code),
    supervising_unit     TEXT NOT NULL REFERENCES jurisdiction(code),
    address              TEXT NOT NULL,
    legal_rep            TEXT NOT NULL,
    contact_phone        TEXT NOT NULL DEFAULT '',
    industry_section     TEXT NOT NULL DEFAULT '',
    supervision_industry TEXT NOT NULL,
    above_size           INTEGER NOT NULL DEFAULT 0 CHECK (above_size = 0 OR above_size = 1),
    key_supervised       INTEGER NOT NULL DEFAULT 0
                         CHECK (key_supervised = 0 OR key_supervised = 1),
    risk_level           TEXT NOT NULL DEFAULT 'low'
                         CHECK (risk_level = 'low' OR risk_level = 'general'
                                OR risk_level = 'high' OR risk_level = 'major'),
    name_initials        TEXT NOT NULL,
    name_pinyin          TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
-- Unique keys as named indexes, so that a bulk load can rebuild them (see registry.begin_bulk).
CREATE UNIQUE INDEX enterprise_id ON enterprise(id);
CREATE UNIQUE INDEX enterprise_uscc ON enterprise(uscc);
CREATE INDEX enterprise_name ON enterprise(name);
CREATE INDEX enterprise_initials ON enterprise(name_initials);
CREATE INDEX enterprise_pinyin ON enterprise(name_pinyin);
CREATE INDEX enterprise_county ON enterprise(county_code);
CREATE INDEX enterprise_town ON enterprise(town_code);
CREATE INDEX enterprise_supervisor ON enterprise(supervising_unit);

-- Full-text index over single characters (any substring of 1+ characters is a phrase query)
-- and pinyin syllables. Contentless: the registry module writes and deletes its rows.
CREATE VIRTUAL TABLE enterprise_fts USING fts5(
    name, address, legal_rep, pinyin,
    content = '', tokenize = 'unicode61', detail = 'full', columnsize = 0
);
-- Trigram index over the same texts (NFKC), for queries of 3+ characters: far fewer postings
-- to read than a phrase of single characters that occur in every address.
CREATE VIRTUAL TABLE enterprise_trigram USING fts5(
    name, address, legal_rep,
    content = '', tokenize = 'trigram', detail = 'full', columnsize = 0
);
-- Trigram index over pinyin initials (substring queries of 3+ letters).
CREATE VIRTUAL TABLE enterprise_initials_fts USING fts5(
    name_initials,
    content = 'enterprise', content_rowid = 'rid', tokenize = 'trigram', detail = 'full',
    columnsize = 0
);
"""

V2_OFFICERS = """
-- Enforcement officers and their certificates (行政执法证).
CREATE TABLE officer (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    unit_code  TEXT NOT NULL REFERENCES jurisdiction(code),
    role       TEXT NOT NULL
               CHECK (role = 'city' OR role = 'county' OR role = 'park' OR role = 'township'
                      OR role = 'approver' OR role = 'admin'),
    phone      TEXT NOT NULL DEFAULT '',
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active = 0 OR active = 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX officer_unit ON officer(unit_code, name);

CREATE TABLE enforcement_certificate (
    id                TEXT PRIMARY KEY,
    officer_id        TEXT NOT NULL REFERENCES officer(id),
    number            TEXT NOT NULL UNIQUE,
    issuing_authority TEXT NOT NULL,
    issued_on         TEXT NOT NULL CHECK (date(issued_on) IS NOT NULL),
    expires_on        TEXT NOT NULL CHECK (date(expires_on) IS NOT NULL),
    revoked           INTEGER NOT NULL DEFAULT 0 CHECK (revoked = 0 OR revoked = 1),
    created_at        TEXT NOT NULL,
    CHECK (expires_on > issued_on)
) WITHOUT ROWID;
CREATE INDEX certificate_officer ON enforcement_certificate(officer_id, expires_on);
"""


V3_SYNC = """
-- Field conflicts the server found between two devices; a person picks the value to keep.
CREATE TABLE sync_conflict (
    id               TEXT PRIMARY KEY,
    county_code      TEXT,
    town_code        TEXT,
    supervising_unit TEXT,
    table_name       TEXT NOT NULL,
    record_id        TEXT NOT NULL,
    field            TEXT NOT NULL,
    server_value,
    server_by        TEXT NOT NULL DEFAULT '',
    server_at        TEXT NOT NULL DEFAULT '',
    incoming_value,
    incoming_by      TEXT NOT NULL DEFAULT '',
    incoming_author  TEXT NOT NULL DEFAULT '',
    incoming_at      TEXT NOT NULL DEFAULT '',
    incoming_entry   TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL CHECK (status = 'open' OR status = 'resolved'),
    resolved_value,
    resolved_by      TEXT NOT NULL DEFAULT '',
    resolved_at      TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX sync_conflict_open ON sync_conflict(status, record_id);

-- Attachments (photos, signatures, recordings), content-addressed: the file is
-- attachments/<sha256[:2]>/<sha256>. uploaded_at is set when the server confirmed the hash.
CREATE TABLE attachment (
    sha256      TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    size        INTEGER NOT NULL,
    media_type  TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    uploaded_at TEXT
) WITHOUT ROWID;

-- Document numbers: blocks leased from the server (or made locally before any sign-in) and
-- the numbers handed out of them. Two devices never hold the same block.
CREATE TABLE number_block (
    id         TEXT PRIMARY KEY,
    doc_type   TEXT NOT NULL,
    authority  TEXT NOT NULL,
    year       INTEGER NOT NULL,
    first      INTEGER NOT NULL,
    last       INTEGER NOT NULL CHECK (last >= first),
    next       INTEGER NOT NULL,
    source     TEXT NOT NULL CHECK (source = 'server' OR source = 'local'),
    returned   INTEGER NOT NULL DEFAULT 0 CHECK (returned = 0 OR returned = 1),
    created_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE number_allocation (
    doc_type     TEXT NOT NULL,
    authority    TEXT NOT NULL,
    year         INTEGER NOT NULL,
    number       INTEGER NOT NULL,
    block_id     TEXT NOT NULL REFERENCES number_block(id),
    record_id    TEXT NOT NULL,
    allocated_at TEXT NOT NULL,
    PRIMARY KEY (doc_type, authority, year, number)
) WITHOUT ROWID;
"""


def hash_triggers(table: str) -> str:
    """The verification triggers of a replicated table: every write marks the record for
    rehashing."""
    return f"""
CREATE TRIGGER {table}_hash_insert AFTER INSERT ON {table} BEGIN
    INSERT OR IGNORE INTO record_dirty VALUES ('{table}', NEW.id);
END;
CREATE TRIGGER {table}_hash_update AFTER UPDATE ON {table} BEGIN
    INSERT OR IGNORE INTO record_dirty VALUES ('{table}', OLD.id);
    INSERT OR IGNORE INTO record_dirty VALUES ('{table}', NEW.id);
END;
CREATE TRIGGER {table}_hash_delete AFTER DELETE ON {table} BEGIN
    INSERT OR IGNORE INTO record_dirty VALUES ('{table}', OLD.id);
END;
"""


V4_RECORD_HASHES = """
-- Verification after a sync compares per-table counts and checksums with the server. The
-- checksum is the sum of every record's 64-bit hash; record_hash keeps each record's hash
-- (as two 32-bit halves, so that SQL can add them up without overflow) and record_dirty names
-- the records written since their hash was taken. The triggers mark every write, through the
-- app or behind its back, so verification rehashes only what changed (replication.py).
CREATE TABLE record_hash (
    table_name TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    hi         INTEGER NOT NULL,
    lo         INTEGER NOT NULL,
    PRIMARY KEY (table_name, record_id)
) WITHOUT ROWID;
CREATE TABLE record_dirty (
    table_name TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    PRIMARY KEY (table_name, record_id)
) WITHOUT ROWID;
"""
# the tables replicated when version 4 was made; their records written before are marked
V4_REPLICATED = ("enterprise", "officer", "enforcement_certificate", "sync_conflict")
V4_RECORD_HASHES += "".join(
    hash_triggers(t) + f"INSERT INTO record_dirty SELECT '{t}', id FROM {t};\n"
    for t in V4_REPLICATED
)


# Inspections, hazards, signatures and issued documents. Signed inspections and issued documents
# are legal records: triggers refuse any change to them (a correction is an amendment, a new
# record linked to the original); hazard events are append-only. Dates are ISO dates, times
# ISO timestamps with offset.
V5_INSPECTIONS = """
-- On-site inspections (现场检查). A draft is autosaved as typed; signing locks it.
CREATE TABLE inspection (
    id                 TEXT PRIMARY KEY,
    enterprise_id      TEXT NOT NULL,
    county_code        TEXT NOT NULL REFERENCES jurisdiction(code),
    town_code          TEXT REFERENCES jurisdiction(code),
    supervising_unit   TEXT NOT NULL REFERENCES jurisdiction(code),
    authority_code     TEXT NOT NULL REFERENCES jurisdiction(code),
    kind               TEXT NOT NULL
                       CHECK (kind = 'planned' OR kind = 'random' OR kind = 'complaint'
                              OR kind = 'campaign' OR kind = 'covert' OR kind = 'review'),
    place              TEXT NOT NULL DEFAULT '',
    started_at         TEXT NOT NULL,
    ended_at           TEXT NOT NULL DEFAULT '',
    person_in_charge   TEXT NOT NULL DEFAULT '',
    person_title       TEXT NOT NULL DEFAULT '',
    person_phone       TEXT NOT NULL DEFAULT '',
    special_operations TEXT NOT NULL DEFAULT '',
    situation          TEXT NOT NULL DEFAULT '',
    latitude           REAL,
    longitude          REAL,
    status             TEXT NOT NULL DEFAULT 'draft'
                       CHECK (status = 'draft' OR status = 'signed'),
    signed_at          TEXT NOT NULL DEFAULT '',
    content_sha256     TEXT NOT NULL DEFAULT '',
    amends_id          TEXT REFERENCES inspection(id),
    amend_reason       TEXT NOT NULL DEFAULT '',
    created_by         TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX inspection_enterprise ON inspection(enterprise_id, started_at);
CREATE INDEX inspection_county ON inspection(county_code, started_at);
CREATE INDEX inspection_amends ON inspection(amends_id) WHERE amends_id IS NOT NULL;
CREATE TRIGGER inspection_signed_locked BEFORE UPDATE ON inspection
WHEN OLD.status = 'signed'
BEGIN
    SELECT RAISE(ABORT, 'a signed inspection cannot be changed: record an amendment');
END;
CREATE TRIGGER inspection_signed_kept BEFORE DELETE ON inspection
WHEN OLD.status = 'signed'
BEGIN
    SELECT RAISE(ABORT, 'a signed inspection cannot be deleted');
END;

-- The officers who inspect, with the certificate each showed (行政处罚法 Art. 42).
CREATE TABLE inspection_officer (
    id             TEXT PRIMARY KEY,
    inspection_id  TEXT NOT NULL REFERENCES inspection(id),
    officer_id     TEXT NOT NULL REFERENCES officer(id),
    certificate_id TEXT NOT NULL REFERENCES enforcement_certificate(id),
    position       INTEGER NOT NULL,
    UNIQUE (inspection_id, officer_id)
) WITHOUT ROWID;

-- Checklist verdicts; the item's text is copied so the record keeps what was checked.
CREATE TABLE inspection_item (
    id            TEXT PRIMARY KEY,
    inspection_id TEXT NOT NULL REFERENCES inspection(id),
    item_code     TEXT NOT NULL,
    item_text     TEXT NOT NULL,
    basis         TEXT NOT NULL DEFAULT '',
    major         INTEGER NOT NULL DEFAULT 0 CHECK (major = 0 OR major = 1),
    position      INTEGER NOT NULL,
    verdict       TEXT NOT NULL DEFAULT ''
                  CHECK (verdict = '' OR verdict = 'compliant' OR verdict = 'hazard'
                         OR verdict = 'not_applicable'),
    note          TEXT NOT NULL DEFAULT '',
    UNIQUE (inspection_id, item_code)
) WITHOUT ROWID;

-- Recusal (回避, 行政处罚法 Art. 43): the officer takes no part in matters of the enterprise.
CREATE TABLE recusal (
    id            TEXT PRIMARY KEY,
    officer_id    TEXT NOT NULL REFERENCES officer(id),
    enterprise_id TEXT NOT NULL,
    requested_by  TEXT NOT NULL CHECK (requested_by = 'officer' OR requested_by = 'party'),
    reason        TEXT NOT NULL,
    decided_by    TEXT NOT NULL,
    decided_on    TEXT NOT NULL CHECK (date(decided_on) IS NOT NULL),
    created_at    TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX recusal_enterprise ON recusal(enterprise_id, officer_id);

-- Hazards (事故隐患), found in an inspection from a checklist item or free-form.
CREATE TABLE hazard (
    id               TEXT PRIMARY KEY,
    inspection_id    TEXT NOT NULL REFERENCES inspection(id),
    enterprise_id    TEXT NOT NULL,
    county_code      TEXT NOT NULL REFERENCES jurisdiction(code),
    town_code        TEXT REFERENCES jurisdiction(code),
    supervising_unit TEXT NOT NULL REFERENCES jurisdiction(code),
    supervision_industry TEXT NOT NULL DEFAULT '',
    item_code        TEXT NOT NULL DEFAULT '',
    description      TEXT NOT NULL,
    location         TEXT NOT NULL DEFAULT '',
    basis            TEXT NOT NULL DEFAULT '',
    major            INTEGER NOT NULL DEFAULT 0 CHECK (major = 0 OR major = 1),
    measures         TEXT NOT NULL DEFAULT '',
    deadline         TEXT NOT NULL DEFAULT ''
                     CHECK (deadline = '' OR date(deadline) IS NOT NULL),
    found_on         TEXT NOT NULL CHECK (date(found_on) IS NOT NULL),
    position         INTEGER NOT NULL DEFAULT 0,
    withdrawn        INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn = 0 OR withdrawn = 1),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX hazard_inspection ON hazard(inspection_id, position);
CREATE INDEX hazard_enterprise ON hazard(enterprise_id, found_on);
CREATE INDEX hazard_county ON hazard(county_code, found_on);
CREATE TRIGGER hazard_signed_locked BEFORE UPDATE ON hazard
WHEN (SELECT status FROM inspection WHERE id = OLD.inspection_id) = 'signed'
BEGIN
    SELECT RAISE(ABORT, 'a hazard of a signed inspection cannot be changed');
END;
CREATE TRIGGER hazard_signed_kept BEFORE DELETE ON hazard
WHEN (SELECT status FROM inspection WHERE id = OLD.inspection_id) = 'signed'
BEGIN
    SELECT RAISE(ABORT, 'a hazard of a signed inspection cannot be deleted');
END;
CREATE TRIGGER inspection_item_signed_locked BEFORE UPDATE ON inspection_item
WHEN (SELECT status FROM inspection WHERE id = OLD.inspection_id) = 'signed'
BEGIN
    SELECT RAISE(ABORT, 'a checklist verdict of a signed inspection cannot be changed');
END;
CREATE TRIGGER inspection_officer_signed_locked BEFORE DELETE ON inspection_officer
WHEN (SELECT status FROM inspection WHERE id = OLD.inspection_id) = 'signed'
BEGIN
    SELECT RAISE(ABORT, 'the officers of a signed inspection cannot be changed');
END;

-- Photos of a hazard: attachments by SHA-256 (originals never altered); taken_at from EXIF.
-- A hazard or photo taken off a draft is marked withdrawn, never deleted (it may have synced).
CREATE TABLE hazard_photo (
    id            TEXT PRIMARY KEY,
    hazard_id     TEXT NOT NULL REFERENCES hazard(id),
    sha256        TEXT NOT NULL,
    original_name TEXT NOT NULL DEFAULT '',
    taken_at      TEXT NOT NULL DEFAULT '',
    position      INTEGER NOT NULL DEFAULT 0,
    withdrawn     INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn = 0 OR withdrawn = 1),
    created_at    TEXT NOT NULL,
    UNIQUE (hazard_id, sha256)
) WITHOUT ROWID;
CREATE TRIGGER hazard_photo_signed_locked BEFORE UPDATE ON hazard_photo
WHEN (SELECT i.status FROM hazard h JOIN inspection i ON i.id = h.inspection_id
      WHERE h.id = OLD.hazard_id) = 'signed'
BEGIN
    SELECT RAISE(ABORT, 'a photo of a signed inspection cannot be changed');
END;
CREATE TRIGGER hazard_photo_signed_kept BEFORE DELETE ON hazard_photo
WHEN (SELECT i.status FROM hazard h JOIN inspection i ON i.id = h.inspection_id
      WHERE h.id = OLD.hazard_id) = 'signed'
BEGIN
    SELECT RAISE(ABORT, 'a photo of a signed inspection cannot be removed');
END;

-- The hazard's lifecycle as append-only events; its state is derived (inspector_app.hazards).
CREATE TABLE hazard_event (
    id            TEXT PRIMARY KEY,
    hazard_id     TEXT NOT NULL REFERENCES hazard(id),
    kind          TEXT NOT NULL
                  CHECK (kind = 'found' OR kind = 'ordered' OR kind = 'extended'
                         OR kind = 'review_passed' OR kind = 'review_failed'
                         OR kind = 'closed' OR kind = 'escalated'),
    occurred_on   TEXT NOT NULL CHECK (date(occurred_on) IS NOT NULL),
    deadline      TEXT NOT NULL DEFAULT '' CHECK (deadline = '' OR date(deadline) IS NOT NULL),
    inspection_id TEXT NOT NULL DEFAULT '',
    document_id   TEXT NOT NULL DEFAULT '',
    case_id       TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX hazard_event_hazard ON hazard_event(hazard_id, occurred_on, created_at);
CREATE TRIGGER hazard_event_append_only_update BEFORE UPDATE ON hazard_event
BEGIN
    SELECT RAISE(ABORT, 'hazard events are append-only');
END;
CREATE TRIGGER hazard_event_append_only_delete BEFORE DELETE ON hazard_event
BEGIN
    SELECT RAISE(ABORT, 'hazard events are append-only');
END;

-- Signatures (安全生产法 Art. 68): a drawn image (attachment), or a refusal with its witness.
CREATE TABLE signature (
    id             TEXT PRIMARY KEY,
    record_table   TEXT NOT NULL,
    record_id      TEXT NOT NULL,
    role           TEXT NOT NULL
                   CHECK (role = 'officer' OR role = 'person_in_charge' OR role = 'receiver'),
    signer_name    TEXT NOT NULL,
    officer_id     TEXT NOT NULL DEFAULT '',
    image_sha256   TEXT,
    refused        INTEGER NOT NULL DEFAULT 0 CHECK (refused = 0 OR refused = 1),
    witness        TEXT NOT NULL DEFAULT '',
    signed_at      TEXT NOT NULL,
    CHECK (refused = 1 OR image_sha256 IS NOT NULL),
    CHECK (refused = 0 OR witness <> '')
) WITHOUT ROWID;
CREATE INDEX signature_record ON signature(record_id, role);
CREATE TRIGGER signature_kept_update BEFORE UPDATE ON signature
BEGIN
    SELECT RAISE(ABORT, 'a signature cannot be changed');
END;
CREATE TRIGGER signature_kept_delete BEFORE DELETE ON signature
BEGIN
    SELECT RAISE(ABORT, 'a signature cannot be removed');
END;

-- Issued documents: the number and the exact content printed (JSON), frozen at issue.
CREATE TABLE document (
    id             TEXT PRIMARY KEY,
    kind           TEXT NOT NULL,
    record_table   TEXT NOT NULL,
    record_id      TEXT NOT NULL,
    enterprise_id  TEXT NOT NULL,
    county_code    TEXT NOT NULL REFERENCES jurisdiction(code),
    doc_type       TEXT NOT NULL,
    authority      TEXT NOT NULL,
    year           INTEGER NOT NULL,
    seq            INTEGER NOT NULL,
    number         TEXT NOT NULL UNIQUE,
    issued_on      TEXT NOT NULL CHECK (date(issued_on) IS NOT NULL),
    content        TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    supersedes_id  TEXT REFERENCES document(id),
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    UNIQUE (doc_type, authority, year, seq)
) WITHOUT ROWID;
CREATE INDEX document_record ON document(record_id, kind);
CREATE INDEX document_enterprise ON document(enterprise_id, issued_on);
CREATE TRIGGER document_issued_update BEFORE UPDATE ON document
BEGIN
    SELECT RAISE(ABORT, 'an issued document cannot be changed: issue a correction');
END;
CREATE TRIGGER document_issued_delete BEFORE DELETE ON document
BEGIN
    SELECT RAISE(ABORT, 'an issued document cannot be deleted');
END;

-- Checklist items an administrator added for the city (the shipped ones are resources/).
CREATE TABLE checklist_local_item (
    id         TEXT PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    text       TEXT NOT NULL,
    basis      TEXT NOT NULL,
    applies    TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    major      INTEGER NOT NULL DEFAULT 0 CHECK (major = 0 OR major = 1),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active = 0 OR active = 1),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
"""


V5_REPLICATED = (
    "inspection",
    "inspection_officer",
    "inspection_item",
    "recusal",
    "hazard",
    "hazard_photo",
    "hazard_event",
    "signature",
    "document",
    "checklist_local_item",
)
V5_SCRIPT = V5_INSPECTIONS + "".join(hash_triggers(t) for t in V5_REPLICATED)


# Penalty cases (行政处罚案件): the case and its steps. The steps are append-only events (filing,
# approvals, inquiry, evidence, notice, statement, hearing, decision, delivery, payment,
# transfers, closure); the case's stage and deadlines are derived (inspector_app.cases).
V6_CASES = """
CREATE TABLE penalty_case (
    id                TEXT PRIMARY KEY,
    county_code       TEXT NOT NULL REFERENCES jurisdiction(code),
    town_code         TEXT REFERENCES jurisdiction(code),
    supervising_unit  TEXT NOT NULL REFERENCES jurisdiction(code),
    authority_code    TEXT NOT NULL REFERENCES jurisdiction(code),
    enterprise_id     TEXT NOT NULL DEFAULT '',
    party_kind        TEXT NOT NULL CHECK (party_kind = 'unit' OR party_kind = 'person'),
    party_name        TEXT NOT NULL,
    party_id_number   TEXT NOT NULL DEFAULT '',
    party_address     TEXT NOT NULL DEFAULT '',
    party_legal_rep   TEXT NOT NULL DEFAULT '',
    source            TEXT NOT NULL
                      CHECK (source = 'inspection' OR source = 'complaint' OR source = 'accident'
                             OR source = 'transfer' OR source = 'other'),
    source_id         TEXT NOT NULL DEFAULT '',
    cause             TEXT NOT NULL,
    facts             TEXT NOT NULL DEFAULT '',
    violation_on      TEXT NOT NULL CHECK (date(violation_on) IS NOT NULL),
    continuing        INTEGER NOT NULL DEFAULT 0 CHECK (continuing = 0 OR continuing = 1),
    article_id        TEXT NOT NULL DEFAULT '',
    subject           TEXT NOT NULL DEFAULT '',
    created_by        TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX penalty_case_county ON penalty_case(county_code, violation_on);
CREATE INDEX penalty_case_enterprise ON penalty_case(enterprise_id);

CREATE TABLE case_step (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES penalty_case(id),
    kind        TEXT NOT NULL,
    occurred_on TEXT NOT NULL CHECK (date(occurred_on) IS NOT NULL),
    officer_ids TEXT NOT NULL DEFAULT '',
    approved_by TEXT NOT NULL DEFAULT '',
    data        TEXT NOT NULL DEFAULT '{}',
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX case_step_case ON case_step(case_id, occurred_on, created_at);
CREATE INDEX case_step_kind ON case_step(kind, occurred_on);
CREATE TRIGGER case_step_append_only_update BEFORE UPDATE ON case_step
BEGIN
    SELECT RAISE(ABORT, 'case steps are append-only');
END;
CREATE TRIGGER case_step_append_only_delete BEFORE DELETE ON case_step
BEGIN
    SELECT RAISE(ABORT, 'case steps are append-only');
END;
"""
V6_REPLICATED = ("penalty_case", "case_step")
V6_SCRIPT = V6_CASES + "".join(hash_triggers(t) for t in V6_REPLICATED)


# Accidents (国务院令第493号): the record, its first and supplementary reports and its steps
# (investigation, listed supervision), the city's warning notices and quarterly report checks.
V7_ACCIDENTS = """
CREATE TABLE accident (
    id                 TEXT PRIMARY KEY,
    county_code        TEXT NOT NULL REFERENCES jurisdiction(code),
    town_code          TEXT REFERENCES jurisdiction(code),
    supervising_unit   TEXT NOT NULL REFERENCES jurisdiction(code),
    authority_code     TEXT NOT NULL REFERENCES jurisdiction(code),
    enterprise_id      TEXT NOT NULL DEFAULT '',
    unit_name          TEXT NOT NULL DEFAULT '',
    occurred_at        TEXT NOT NULL CHECK (datetime(occurred_at) IS NOT NULL),
    known_at           TEXT NOT NULL CHECK (datetime(known_at) IS NOT NULL),
    place              TEXT NOT NULL,
    sector             TEXT NOT NULL,
    type_standard      TEXT NOT NULL
                       CHECK (type_standard = 'GB6441-1986' OR type_standard = 'GB6441-2025'),
    accident_type      TEXT NOT NULL,
    wide_impact        INTEGER NOT NULL DEFAULT 0 CHECK (wide_impact = 0 OR wide_impact = 1),
    wide_impact_reason TEXT NOT NULL DEFAULT '',
    created_by         TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    CHECK (wide_impact = 0 OR wide_impact_reason <> '')
) WITHOUT ROWID;
CREATE INDEX accident_authority ON accident(authority_code, occurred_at);
CREATE INDEX accident_county ON accident(county_code, occurred_at);
CREATE INDEX accident_enterprise ON accident(enterprise_id) WHERE enterprise_id <> '';
CREATE TRIGGER accident_fixed_fields BEFORE UPDATE ON accident
WHEN NEW.occurred_at IS NOT OLD.occurred_at OR NEW.known_at IS NOT OLD.known_at
  OR NEW.county_code IS NOT OLD.county_code OR NEW.town_code IS NOT OLD.town_code
  OR NEW.supervising_unit IS NOT OLD.supervising_unit
  OR NEW.authority_code IS NOT OLD.authority_code OR NEW.enterprise_id IS NOT OLD.enterprise_id
  OR NEW.type_standard IS NOT OLD.type_standard OR NEW.created_by IS NOT OLD.created_by
BEGIN
    SELECT RAISE(ABORT, 'the time, place and unit of an accident cannot be changed');
END;
CREATE TRIGGER accident_kept BEFORE DELETE ON accident
BEGIN
    SELECT RAISE(ABORT, 'an accident cannot be deleted');
END;

CREATE TABLE accident_report (
    id               TEXT PRIMARY KEY,
    accident_id      TEXT NOT NULL REFERENCES accident(id),
    kind             TEXT NOT NULL CHECK (kind = 'first' OR kind = 'supplementary'),
    reported_at      TEXT NOT NULL CHECK (datetime(reported_at) IS NOT NULL),
    deaths           INTEGER NOT NULL CHECK (deaths >= 0),
    missing          INTEGER NOT NULL CHECK (missing >= 0),
    serious_injuries INTEGER NOT NULL CHECK (serious_injuries >= 0),
    minor_injuries   INTEGER NOT NULL CHECK (minor_injuries >= 0),
    direct_loss_yuan TEXT NOT NULL,
    unit_overview    TEXT NOT NULL DEFAULT '',
    situation        TEXT NOT NULL DEFAULT '',
    course           TEXT NOT NULL DEFAULT '',
    measures         TEXT NOT NULL DEFAULT '',
    other            TEXT NOT NULL DEFAULT '',
    reporter         TEXT NOT NULL DEFAULT '',
    change_note      TEXT NOT NULL DEFAULT '',
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX accident_report_accident ON accident_report(accident_id, reported_at);
CREATE TRIGGER accident_report_append_only_update BEFORE UPDATE ON accident_report
BEGIN
    SELECT RAISE(ABORT, 'accident reports are append-only: make a supplementary report');
END;
CREATE TRIGGER accident_report_append_only_delete BEFORE DELETE ON accident_report
BEGIN
    SELECT RAISE(ABORT, 'accident reports are append-only');
END;

CREATE TABLE accident_step (
    id          TEXT PRIMARY KEY,
    accident_id TEXT NOT NULL REFERENCES accident(id),
    kind        TEXT NOT NULL
                CHECK (kind = 'forwarded' OR kind = 'investigation_extended'
                       OR kind = 'appraisal' OR kind = 'report_submitted'
                       OR kind = 'report_approved' OR kind = 'accountability'
                       OR kind = 'listing_issued' OR kind = 'listing_revoked'
                       OR kind = 'listing_closed'),
    occurred_on TEXT NOT NULL CHECK (date(occurred_on) IS NOT NULL),
    occurred_at TEXT NOT NULL DEFAULT ''
                CHECK (occurred_at = '' OR datetime(occurred_at) IS NOT NULL),
    officer_id  TEXT NOT NULL DEFAULT '',
    data        TEXT NOT NULL DEFAULT '{}',
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX accident_step_accident ON accident_step(accident_id, occurred_on, created_at);
CREATE INDEX accident_step_kind ON accident_step(kind, occurred_on);
CREATE TRIGGER accident_step_append_only_update BEFORE UPDATE ON accident_step
BEGIN
    SELECT RAISE(ABORT, 'accident steps are append-only');
END;
CREATE TRIGGER accident_step_append_only_delete BEFORE DELETE ON accident_step
BEGIN
    SELECT RAISE(ABORT, 'accident steps are append-only');
END;

CREATE TABLE warning_notice (
    id                   TEXT PRIMARY KEY,
    county_code          TEXT NOT NULL REFERENCES jurisdiction(code),
    basis                TEXT NOT NULL CHECK (basis = 'repeat' OR basis = 'wide_impact'),
    trigger_key          TEXT NOT NULL,
    accident_ids         TEXT NOT NULL,
    addressed_county     TEXT NOT NULL DEFAULT '',
    addressed_department TEXT NOT NULL DEFAULT '',
    copy_to              TEXT NOT NULL DEFAULT '',
    enterprises          TEXT NOT NULL DEFAULT '',
    course               TEXT NOT NULL DEFAULT '',
    lessons              TEXT NOT NULL DEFAULT '',
    measures             TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL DEFAULT 'draft'
                         CHECK (status = 'draft' OR status = 'issued' OR status = 'withdrawn'),
    number               TEXT NOT NULL DEFAULT '',
    issued_on            TEXT NOT NULL DEFAULT ''
                         CHECK (issued_on = '' OR date(issued_on) IS NOT NULL),
    reason               TEXT NOT NULL DEFAULT '',
    created_by           TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    CHECK ((addressed_county = '') <> (addressed_department = '')),
    CHECK (status <> 'issued' OR (number <> '' AND issued_on <> ''))
) WITHOUT ROWID;
CREATE INDEX warning_notice_county ON warning_notice(county_code, status);
CREATE INDEX warning_notice_trigger ON warning_notice(trigger_key);
CREATE TRIGGER warning_notice_issued_locked BEFORE UPDATE ON warning_notice
WHEN OLD.status <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'an issued or withdrawn warning notice cannot be changed');
END;
CREATE TRIGGER warning_notice_kept BEFORE DELETE ON warning_notice
BEGIN
    SELECT RAISE(ABORT, 'a warning notice cannot be deleted: withdraw the draft');
END;

CREATE TABLE report_check_round (
    id             TEXT PRIMARY KEY,
    county_code    TEXT NOT NULL REFERENCES jurisdiction(code),
    quarter        TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'draft' CHECK (status = 'draft' OR status = 'issued'),
    summary        TEXT NOT NULL DEFAULT '',
    number         TEXT NOT NULL DEFAULT '',
    issued_on      TEXT NOT NULL DEFAULT ''
                   CHECK (issued_on = '' OR date(issued_on) IS NOT NULL),
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK (status <> 'issued' OR (number <> '' AND issued_on <> ''))
) WITHOUT ROWID;
CREATE INDEX report_check_round_quarter ON report_check_round(quarter);
CREATE TRIGGER report_check_round_issued_locked BEFORE UPDATE ON report_check_round
WHEN OLD.status = 'issued'
BEGIN
    SELECT RAISE(ABORT, 'the bulletin of this quarter is issued: its check cannot be changed');
END;
CREATE TRIGGER report_check_round_kept BEFORE DELETE ON report_check_round
BEGIN
    SELECT RAISE(ABORT, 'a quarterly check cannot be deleted');
END;

CREATE TABLE report_check (
    id          TEXT PRIMARY KEY,
    round_id    TEXT NOT NULL REFERENCES report_check_round(id),
    accident_id TEXT NOT NULL REFERENCES accident(id),
    county_code TEXT NOT NULL REFERENCES jurisdiction(code),
    checked_on  TEXT NOT NULL CHECK (date(checked_on) IS NOT NULL),
    officer_ids TEXT NOT NULL,
    defects     TEXT NOT NULL DEFAULT '[]',
    note        TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX report_check_round_accident ON report_check(round_id, accident_id);
CREATE INDEX report_check_accident ON report_check(accident_id);
CREATE TRIGGER report_check_append_only_update BEFORE UPDATE ON report_check
BEGIN
    SELECT RAISE(ABORT, 'a report check is kept as recorded: record a new check');
END;
CREATE TRIGGER report_check_append_only_delete BEFORE DELETE ON report_check
BEGIN
    SELECT RAISE(ABORT, 'a report check cannot be deleted');
END;
CREATE TRIGGER report_check_round_open BEFORE INSERT ON report_check
WHEN (SELECT status FROM report_check_round WHERE id = NEW.round_id) = 'issued'
BEGIN
    SELECT RAISE(ABORT, 'the bulletin of this quarter is issued: no more checks');
END;
"""
V7_REPLICATED = (
    "accident",
    "accident_report",
    "accident_step",
    "warning_notice",
    "report_check_round",
    "report_check",
)
V7_SCRIPT = V7_ACCIDENTS + "".join(hash_triggers(t) for t in V7_REPLICATED)


# Reports: the penalty cases' reportable facts (a projection the monthly report reads; triggers
# mark a case whose record or steps changed and the report rebuilds the marked cases first),
# publication of decisions (行政处罚法 Art. 48) and SMS notice rounds, both append-only.
V8_REPORTS = (
    """
CREATE TABLE case_fact (
    case_id     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    unit_code   TEXT NOT NULL,
    county_code TEXT NOT NULL,
    town_code   TEXT NOT NULL,
    accident    INTEGER NOT NULL,
    fact_date   TEXT NOT NULL,
    start_date  TEXT,
    done_date   TEXT,
    amount_fen  BIGINT NOT NULL,
    quantity    INTEGER NOT NULL,
    ref         TEXT NOT NULL,
    PRIMARY KEY (case_id, kind, seq)
) WITHOUT ROWID;
CREATE INDEX case_fact_date ON case_fact(fact_date, kind, unit_code, accident, quantity,
                                         amount_fen);
CREATE INDEX case_fact_due ON case_fact(kind, done_date, fact_date, start_date, unit_code, ref,
                                        quantity);
CREATE TABLE case_fact_dirty (
    case_id TEXT PRIMARY KEY
) WITHOUT ROWID;
CREATE TRIGGER penalty_case_fact_insert AFTER INSERT ON penalty_case
BEGIN
    INSERT OR IGNORE INTO case_fact_dirty(case_id) VALUES (NEW.id);
END;
CREATE TRIGGER penalty_case_fact_update AFTER UPDATE ON penalty_case
BEGIN
    INSERT OR IGNORE INTO case_fact_dirty(case_id) VALUES (NEW.id);
END;
CREATE TRIGGER penalty_case_fact_delete AFTER DELETE ON penalty_case
BEGIN
    INSERT OR IGNORE INTO case_fact_dirty(case_id) VALUES (OLD.id);
END;
CREATE TRIGGER case_step_fact_insert AFTER INSERT ON case_step
BEGIN
    INSERT OR IGNORE INTO case_fact_dirty(case_id) VALUES (NEW.case_id);
END;
CREATE TRIGGER case_step_fact_delete AFTER DELETE ON case_step
BEGIN
    INSERT OR IGNORE INTO case_fact_dirty(case_id) VALUES (OLD.case_id);
END;
INSERT INTO case_fact_dirty(case_id) SELECT id FROM penalty_case;
"""
    + """
CREATE TABLE case_publication (
    id               TEXT PRIMARY KEY,
    case_id          TEXT NOT NULL REFERENCES penalty_case(id),
    county_code      TEXT NOT NULL,
    town_code        TEXT,
    supervising_unit TEXT NOT NULL,
    action           TEXT NOT NULL CHECK (action = 'publish' OR action = 'withdraw'),
    channel          TEXT NOT NULL,
    issue            TEXT NOT NULL DEFAULT '',
    published_on     TEXT NOT NULL CHECK (date(published_on) IS NOT NULL),
    content          TEXT NOT NULL,
    content_sha256   TEXT NOT NULL,
    withdraws_id     TEXT NOT NULL DEFAULT '',
    reason           TEXT NOT NULL DEFAULT '',
    changed_on       TEXT NOT NULL DEFAULT '',
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX case_publication_case ON case_publication(case_id, published_on);
CREATE INDEX case_publication_withdraws ON case_publication(withdraws_id);
CREATE TRIGGER case_publication_immutable_update BEFORE UPDATE ON case_publication
BEGIN
    SELECT RAISE(ABORT, 'publication records are immutable');
END;
CREATE TRIGGER case_publication_immutable_delete BEFORE DELETE ON case_publication
BEGIN
    SELECT RAISE(ABORT, 'publication records are immutable');
END;
"""
    + """
CREATE TABLE sms_round (
    id            TEXT PRIMARY KEY,
    unit_code     TEXT NOT NULL REFERENCES jurisdiction(code),
    title         TEXT NOT NULL,
    template      TEXT NOT NULL,
    signature     TEXT NOT NULL,
    target_filter TEXT NOT NULL,
    case_ids      TEXT NOT NULL DEFAULT '',
    recipients    INTEGER NOT NULL CHECK (recipients > 0),
    segments      INTEGER NOT NULL CHECK (segments >= recipients),
    landlines     INTEGER NOT NULL CHECK (landlines >= 0),
    invalid       INTEGER NOT NULL CHECK (invalid >= 0),
    duplicates    INTEGER NOT NULL CHECK (duplicates >= 0),
    list_sha256   TEXT NOT NULL,
    sent_on       TEXT NOT NULL CHECK (date(sent_on) IS NOT NULL),
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sms_round_unit ON sms_round(unit_code, sent_on);
CREATE TRIGGER sms_round_immutable_update BEFORE UPDATE ON sms_round
BEGIN
    SELECT RAISE(ABORT, 'SMS rounds are immutable');
END;
CREATE TRIGGER sms_round_immutable_delete BEFORE DELETE ON sms_round
BEGIN
    SELECT RAISE(ABORT, 'SMS rounds are immutable');
END;
"""
)
V8_REPLICATED = ("case_publication", "sms_round")
V8_SCRIPT = V8_REPORTS + "".join(hash_triggers(t) for t in V8_REPLICATED)


# Plans and their tasks (安全生产法 Art. 62), 双随机 draws and their publication, special-period
# campaigns, joint enforcement and clues passed to the police, delegation letters and stationing.
V9_PLANS = """
-- Annual inspection plans (安全生产法 Art. 62) of the city, a county-level unit or a town.
CREATE TABLE inspection_plan (
    id                   TEXT PRIMARY KEY,
    year                 INTEGER NOT NULL,
    level                TEXT NOT NULL CHECK (level = 'city' OR level = 'county' OR level = 'town'),
    unit_code            TEXT NOT NULL REFERENCES jurisdiction(code),
    parent_id            TEXT NOT NULL DEFAULT '',
    title                TEXT NOT NULL,
    county_code          TEXT NOT NULL REFERENCES jurisdiction(code),
    town_code            TEXT REFERENCES jurisdiction(code),
    supervising_unit     TEXT NOT NULL REFERENCES jurisdiction(code),
    random_quota         INTEGER NOT NULL DEFAULT 0 CHECK (random_quota >= 0),
    capacity_per_officer INTEGER NOT NULL CHECK (capacity_per_officer > 0),
    status               TEXT NOT NULL DEFAULT 'draft'
                         CHECK (status = 'draft' OR status = 'approved'),
    approved_by          TEXT NOT NULL DEFAULT '',
    approved_on          TEXT NOT NULL DEFAULT ''
                         CHECK (approved_on = '' OR date(approved_on) IS NOT NULL),
    supersedes_id        TEXT NOT NULL DEFAULT '',
    note                 TEXT NOT NULL DEFAULT '',
    created_by           TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    CHECK (status = 'draft' OR (approved_by <> '' AND approved_on <> ''))
) WITHOUT ROWID;
CREATE INDEX inspection_plan_year ON inspection_plan(year, unit_code);
CREATE INDEX inspection_plan_parent ON inspection_plan(parent_id);
CREATE TRIGGER inspection_plan_approved_locked BEFORE UPDATE ON inspection_plan
WHEN OLD.status = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'an approved plan cannot be changed: record a corrected plan');
END;
CREATE TRIGGER inspection_plan_kept_delete BEFORE DELETE ON inspection_plan
BEGIN
    SELECT RAISE(ABORT, 'a plan is never deleted: record a corrected plan');
END;

-- Targets: how many enterprises of a category and risk level ('' = any), how often, by the
-- plan's own unit or handed to a unit below (unit_code).
CREATE TABLE plan_target (
    id          TEXT PRIMARY KEY,
    plan_id     TEXT NOT NULL REFERENCES inspection_plan(id),
    category    TEXT NOT NULL,
    risk_level  TEXT NOT NULL DEFAULT ''
                CHECK (risk_level = '' OR risk_level = 'low' OR risk_level = 'general'
                       OR risk_level = 'high' OR risk_level = 'major'),
    unit_code   TEXT NOT NULL REFERENCES jurisdiction(code),
    count       INTEGER NOT NULL CHECK (count >= 0),
    visits      INTEGER NOT NULL CHECK (visits >= 1),
    created_at  TEXT NOT NULL,
    UNIQUE (plan_id, category, risk_level, unit_code)
) WITHOUT ROWID;
CREATE TRIGGER plan_target_plan_locked_insert BEFORE INSERT ON plan_target
WHEN (SELECT status FROM inspection_plan WHERE id = NEW.plan_id) = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'the plan is approved: record a corrected plan');
END;
CREATE TRIGGER plan_target_plan_locked_update BEFORE UPDATE ON plan_target
WHEN (SELECT status FROM inspection_plan WHERE id = OLD.plan_id) = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'the plan is approved: record a corrected plan');
END;
CREATE TRIGGER plan_target_kept_delete BEFORE DELETE ON plan_target
BEGIN
    SELECT RAISE(ABORT, 'plan rows are never deleted');
END;

-- The enterprises a plan names (重点检查): each inspected ``visits`` times by the plan's unit.
CREATE TABLE plan_enterprise (
    id            TEXT PRIMARY KEY,
    plan_id       TEXT NOT NULL REFERENCES inspection_plan(id),
    enterprise_id TEXT NOT NULL,
    visits        INTEGER NOT NULL CHECK (visits >= 1),
    reason        TEXT NOT NULL CHECK (reason = 'key' OR reason = 'risk' OR reason = 'other'),
    withdrawn     INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn = 0 OR withdrawn = 1),
    created_at    TEXT NOT NULL,
    UNIQUE (plan_id, enterprise_id)
) WITHOUT ROWID;
CREATE INDEX plan_enterprise_enterprise ON plan_enterprise(enterprise_id);
CREATE TRIGGER plan_enterprise_plan_locked_insert BEFORE INSERT ON plan_enterprise
WHEN (SELECT status FROM inspection_plan WHERE id = NEW.plan_id) = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'the plan is approved: record a corrected plan');
END;
CREATE TRIGGER plan_enterprise_plan_locked_update BEFORE UPDATE ON plan_enterprise
WHEN (SELECT status FROM inspection_plan WHERE id = OLD.plan_id) = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'the plan is approved: record a corrected plan');
END;
CREATE TRIGGER plan_enterprise_kept_delete BEFORE DELETE ON plan_enterprise
BEGIN
    SELECT RAISE(ABORT, 'plan rows are never deleted');
END;

-- Inspection tasks from plans, draws and campaigns; done is derived from the inspections.
CREATE TABLE plan_task (
    id               TEXT PRIMARY KEY,
    plan_id          TEXT NOT NULL DEFAULT '',
    enterprise_id    TEXT NOT NULL,
    county_code      TEXT NOT NULL REFERENCES jurisdiction(code),
    town_code        TEXT REFERENCES jurisdiction(code),
    supervising_unit TEXT NOT NULL REFERENCES jurisdiction(code),
    kind             TEXT NOT NULL CHECK (kind = 'planned' OR kind = 'random' OR kind = 'covert'
                                          OR kind = 'campaign'),
    covert           INTEGER NOT NULL DEFAULT 0 CHECK (covert = 0 OR covert = 1),
    due_on           TEXT NOT NULL CHECK (date(due_on) IS NOT NULL),
    officer_ids      TEXT NOT NULL DEFAULT '',
    source_table     TEXT NOT NULL DEFAULT '',
    source_id        TEXT NOT NULL DEFAULT '',
    cancelled_on     TEXT NOT NULL DEFAULT ''
                     CHECK (cancelled_on = '' OR date(cancelled_on) IS NOT NULL),
    cancel_reason    TEXT NOT NULL DEFAULT '',
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK (cancelled_on = '' OR cancel_reason <> '')
) WITHOUT ROWID;
CREATE INDEX plan_task_plan ON plan_task(plan_id, due_on);
CREATE INDEX plan_task_enterprise ON plan_task(enterprise_id, due_on);
CREATE INDEX plan_task_county ON plan_task(county_code, due_on);
CREATE INDEX plan_task_source ON plan_task(source_id);
CREATE TRIGGER plan_task_kept_delete BEFORE DELETE ON plan_task
BEGIN
    SELECT RAISE(ABORT, 'a task is never deleted: cancel it');
END;

-- Declared avoidance (回避, 行政处罚法 Art. 43): an officer and an enterprise (kinship, prior
-- involvement, an interest) or two officers who may not serve together (relation 'pair').
CREATE TABLE officer_avoidance (
    id               TEXT PRIMARY KEY,
    officer_id       TEXT NOT NULL REFERENCES officer(id),
    enterprise_id    TEXT NOT NULL DEFAULT '',
    other_officer_id TEXT NOT NULL DEFAULT '',
    relation         TEXT NOT NULL
                     CHECK (relation = 'kinship' OR relation = 'prior_involvement'
                            OR relation = 'interest' OR relation = 'pair' OR relation = 'other'),
    reason           TEXT NOT NULL,
    declared_on      TEXT NOT NULL CHECK (date(declared_on) IS NOT NULL),
    valid_to         TEXT NOT NULL DEFAULT '' CHECK (valid_to = '' OR date(valid_to) IS NOT NULL),
    county_code      TEXT NOT NULL REFERENCES jurisdiction(code),
    supervising_unit TEXT NOT NULL REFERENCES jurisdiction(code),
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    CHECK ((relation = 'pair') = (other_officer_id <> '' AND enterprise_id = ''))
) WITHOUT ROWID;
CREATE INDEX officer_avoidance_officer ON officer_avoidance(officer_id);
CREATE INDEX officer_avoidance_enterprise ON officer_avoidance(enterprise_id);
CREATE TRIGGER officer_avoidance_kept_update BEFORE UPDATE ON officer_avoidance
BEGIN
    SELECT RAISE(ABORT, 'a declared avoidance cannot be changed');
END;
CREATE TRIGGER officer_avoidance_kept_delete BEFORE DELETE ON officer_avoidance
BEGIN
    SELECT RAISE(ABORT, 'a declared avoidance cannot be deleted');
END;

-- Random draws (双随机): seed, parameters, pool hashes, result. Recorded before the result is
-- shown and never changed or deleted: a redraw is a new draw naming this one, with a reason.
CREATE TABLE random_draw (
    id                  TEXT PRIMARY KEY,
    unit_code           TEXT NOT NULL REFERENCES jurisdiction(code),
    county_code         TEXT NOT NULL REFERENCES jurisdiction(code),
    town_code           TEXT REFERENCES jurisdiction(code),
    supervising_unit    TEXT NOT NULL REFERENCES jurisdiction(code),
    plan_id             TEXT NOT NULL DEFAULT '',
    title               TEXT NOT NULL,
    drawn_on            TEXT NOT NULL CHECK (date(drawn_on) IS NOT NULL),
    drawn_at            TEXT NOT NULL,
    planned_on          TEXT NOT NULL CHECK (date(planned_on) IS NOT NULL),
    seed                TEXT NOT NULL CHECK (length(seed) = 64),
    algorithm           TEXT NOT NULL,
    params              TEXT NOT NULL,
    object_pool_sha256  TEXT NOT NULL CHECK (length(object_pool_sha256) = 64),
    object_pool_size    INTEGER NOT NULL CHECK (object_pool_size >= 0),
    object_pool_file    TEXT NOT NULL DEFAULT '',
    officer_pool        TEXT NOT NULL,
    officer_pool_sha256 TEXT NOT NULL CHECK (length(officer_pool_sha256) = 64),
    exclusions          TEXT NOT NULL,
    result              TEXT NOT NULL,
    result_sha256       TEXT NOT NULL CHECK (length(result_sha256) = 64),
    redraw_of           TEXT NOT NULL DEFAULT '',
    reason              TEXT NOT NULL DEFAULT '',
    created_by          TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    CHECK (planned_on >= drawn_on),
    CHECK (redraw_of = '' OR reason <> '')
) WITHOUT ROWID;
CREATE INDEX random_draw_unit ON random_draw(unit_code, drawn_at);
CREATE INDEX random_draw_redraw ON random_draw(redraw_of) WHERE redraw_of <> '';
CREATE TRIGGER random_draw_kept_update BEFORE UPDATE ON random_draw
BEGIN
    SELECT RAISE(ABORT, 'a random draw cannot be changed');
END;
CREATE TRIGGER random_draw_kept_delete BEFORE DELETE ON random_draw
BEGIN
    SELECT RAISE(ABORT, 'a random draw cannot be deleted');
END;

-- Publication (公示) of a draw's list or of its results.
CREATE TABLE random_draw_publication (
    id           TEXT PRIMARY KEY,
    draw_id      TEXT NOT NULL REFERENCES random_draw(id),
    kind         TEXT NOT NULL CHECK (kind = 'draw' OR kind = 'results'),
    published_on TEXT NOT NULL CHECK (date(published_on) IS NOT NULL),
    channel      TEXT NOT NULL,
    reference    TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX random_draw_publication_draw ON random_draw_publication(draw_id);
CREATE TRIGGER random_draw_publication_kept_update BEFORE UPDATE ON random_draw_publication
BEGIN
    SELECT RAISE(ABORT, 'a publication record cannot be changed');
END;
CREATE TRIGGER random_draw_publication_kept_delete BEFORE DELETE ON random_draw_publication
BEGIN
    SELECT RAISE(ABORT, 'a publication record cannot be deleted');
END;

-- Special-period campaigns and supervision groups (专项督查、督查组).
CREATE TABLE campaign (
    id               TEXT PRIMARY KEY,
    title            TEXT NOT NULL,
    kind             TEXT NOT NULL,
    response_level   TEXT NOT NULL DEFAULT '',
    unit_code        TEXT NOT NULL REFERENCES jurisdiction(code),
    county_code      TEXT NOT NULL REFERENCES jurisdiction(code),
    town_code        TEXT REFERENCES jurisdiction(code),
    supervising_unit TEXT NOT NULL REFERENCES jurisdiction(code),
    starts_on        TEXT NOT NULL CHECK (date(starts_on) IS NOT NULL),
    ends_on          TEXT NOT NULL CHECK (date(ends_on) IS NOT NULL),
    areas            TEXT NOT NULL,
    basis            TEXT NOT NULL DEFAULT '',
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK (ends_on >= starts_on)
) WITHOUT ROWID;
CREATE TRIGGER campaign_kept_delete BEFORE DELETE ON campaign
BEGIN
    SELECT RAISE(ABORT, 'a campaign cannot be deleted');
END;

CREATE TABLE campaign_group (
    id          TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL REFERENCES campaign(id),
    name        TEXT NOT NULL,
    counties    TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (campaign_id, name)
) WITHOUT ROWID;
CREATE TRIGGER campaign_group_kept_delete BEFORE DELETE ON campaign_group
BEGIN
    SELECT RAISE(ABORT, 'a supervision group cannot be deleted');
END;

CREATE TABLE campaign_member (
    id          TEXT PRIMARY KEY,
    group_id    TEXT NOT NULL REFERENCES campaign_group(id),
    person_name TEXT NOT NULL,
    officer_id  TEXT NOT NULL DEFAULT '',
    department  TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role = 'leader' OR role = 'member' OR role = 'expert'),
    withdrawn   INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn = 0 OR withdrawn = 1),
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX campaign_member_group ON campaign_member(group_id);
CREATE TRIGGER campaign_member_kept_delete BEFORE DELETE ON campaign_member
BEGIN
    SELECT RAISE(ABORT, 'a member is never deleted: withdraw them');
END;

-- A group's daily report for one county (a correction supersedes it).
CREATE TABLE campaign_report (
    id               TEXT PRIMARY KEY,
    campaign_id      TEXT NOT NULL REFERENCES campaign(id),
    group_id         TEXT NOT NULL REFERENCES campaign_group(id),
    county_code      TEXT NOT NULL REFERENCES jurisdiction(code),
    town_code        TEXT REFERENCES jurisdiction(code),
    supervising_unit TEXT NOT NULL REFERENCES jurisdiction(code),
    report_on        TEXT NOT NULL CHECK (date(report_on) IS NOT NULL),
    checks           INTEGER NOT NULL CHECK (checks >= 0),
    problems         INTEGER NOT NULL CHECK (problems >= 0),
    rectified        INTEGER NOT NULL CHECK (rectified >= 0),
    cases            INTEGER NOT NULL CHECK (cases >= 0),
    note             TEXT NOT NULL DEFAULT '',
    supersedes_id    TEXT NOT NULL DEFAULT '',
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX campaign_report_group ON campaign_report(group_id, report_on);
CREATE TRIGGER campaign_report_kept_update BEFORE UPDATE ON campaign_report
BEGIN
    SELECT RAISE(ABORT, 'a daily report cannot be changed');
END;
CREATE TRIGGER campaign_report_kept_delete BEFORE DELETE ON campaign_report
BEGIN
    SELECT RAISE(ABORT, 'a daily report cannot be deleted');
END;

-- Problems a group found, each tracked to rectified or escalated (the closed loop).
CREATE TABLE campaign_problem (
    id               TEXT PRIMARY KEY,
    campaign_id      TEXT NOT NULL REFERENCES campaign(id),
    group_id         TEXT NOT NULL REFERENCES campaign_group(id),
    enterprise_id    TEXT NOT NULL,
    county_code      TEXT NOT NULL REFERENCES jurisdiction(code),
    town_code        TEXT REFERENCES jurisdiction(code),
    supervising_unit TEXT NOT NULL REFERENCES jurisdiction(code),
    description      TEXT NOT NULL,
    found_on         TEXT NOT NULL CHECK (date(found_on) IS NOT NULL),
    deadline         TEXT NOT NULL CHECK (date(deadline) IS NOT NULL),
    major            INTEGER NOT NULL DEFAULT 0 CHECK (major = 0 OR major = 1),
    inspection_id    TEXT NOT NULL DEFAULT '',
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    CHECK (deadline >= found_on)
) WITHOUT ROWID;
CREATE INDEX campaign_problem_campaign ON campaign_problem(campaign_id, group_id);
CREATE TRIGGER campaign_problem_kept_update BEFORE UPDATE ON campaign_problem
BEGIN
    SELECT RAISE(ABORT, 'a campaign problem cannot be changed');
END;
CREATE TRIGGER campaign_problem_kept_delete BEFORE DELETE ON campaign_problem
BEGIN
    SELECT RAISE(ABORT, 'a campaign problem cannot be deleted');
END;

CREATE TABLE campaign_problem_event (
    id          TEXT PRIMARY KEY,
    problem_id  TEXT NOT NULL REFERENCES campaign_problem(id),
    kind        TEXT NOT NULL CHECK (kind = 'extended' OR kind = 'rectified' OR kind = 'escalated'),
    occurred_on TEXT NOT NULL CHECK (date(occurred_on) IS NOT NULL),
    deadline    TEXT NOT NULL DEFAULT '' CHECK (deadline = '' OR date(deadline) IS NOT NULL),
    hazard_id   TEXT NOT NULL DEFAULT '',
    case_id     TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX campaign_problem_event_problem ON campaign_problem_event(problem_id, occurred_on);
CREATE TRIGGER campaign_problem_event_kept_update BEFORE UPDATE ON campaign_problem_event
BEGIN
    SELECT RAISE(ABORT, 'an event of a problem cannot be changed');
END;
CREATE TRIGGER campaign_problem_event_kept_delete BEFORE DELETE ON campaign_problem_event
BEGIN
    SELECT RAISE(ABORT, 'an event of a problem cannot be deleted');
END;

-- Joint inspections with other departments (联合执法), each department's members listed.
CREATE TABLE joint_inspection (
    id               TEXT PRIMARY KEY,
    title            TEXT NOT NULL,
    enterprise_id    TEXT NOT NULL,
    county_code      TEXT NOT NULL REFERENCES jurisdiction(code),
    town_code        TEXT REFERENCES jurisdiction(code),
    supervising_unit TEXT NOT NULL REFERENCES jurisdiction(code),
    inspected_on     TEXT NOT NULL CHECK (date(inspected_on) IS NOT NULL),
    lead_department  TEXT NOT NULL,
    inspection_id    TEXT NOT NULL DEFAULT '',
    findings         TEXT NOT NULL DEFAULT '',
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX joint_inspection_enterprise ON joint_inspection(enterprise_id, inspected_on);
CREATE TRIGGER joint_inspection_kept_update BEFORE UPDATE ON joint_inspection
BEGIN
    SELECT RAISE(ABORT, 'a joint inspection cannot be changed');
END;
CREATE TRIGGER joint_inspection_kept_delete BEFORE DELETE ON joint_inspection
BEGIN
    SELECT RAISE(ABORT, 'a joint inspection cannot be deleted');
END;

CREATE TABLE joint_member (
    id             TEXT PRIMARY KEY,
    joint_id       TEXT NOT NULL REFERENCES joint_inspection(id),
    department     TEXT NOT NULL,
    person_name    TEXT NOT NULL,
    officer_id     TEXT NOT NULL DEFAULT '',
    certificate_id TEXT NOT NULL DEFAULT '',
    position       INTEGER NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX joint_member_joint ON joint_member(joint_id, position);
CREATE TRIGGER joint_member_kept_update BEFORE UPDATE ON joint_member
BEGIN
    SELECT RAISE(ABORT, 'a member of a joint inspection cannot be changed');
END;
CREATE TRIGGER joint_member_kept_delete BEFORE DELETE ON joint_member
BEGIN
    SELECT RAISE(ABORT, 'a member of a joint inspection cannot be deleted');
END;

-- Clues of suspected crimes passed to or received from the police (行刑衔接).
CREATE TABLE crime_clue (
    id               TEXT PRIMARY KEY,
    direction        TEXT NOT NULL CHECK (direction = 'outgoing' OR direction = 'incoming'),
    counterpart      TEXT NOT NULL,
    enterprise_id    TEXT NOT NULL DEFAULT '',
    party_name       TEXT NOT NULL,
    suspected_crime  TEXT NOT NULL,
    summary          TEXT NOT NULL,
    dated_on         TEXT NOT NULL CHECK (date(dated_on) IS NOT NULL),
    case_id          TEXT NOT NULL DEFAULT '',
    case_step_id     TEXT NOT NULL DEFAULT '',
    county_code      TEXT NOT NULL REFERENCES jurisdiction(code),
    town_code        TEXT REFERENCES jurisdiction(code),
    supervising_unit TEXT NOT NULL REFERENCES jurisdiction(code),
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX crime_clue_case ON crime_clue(case_id) WHERE case_id <> '';
CREATE INDEX crime_clue_county ON crime_clue(county_code, dated_on);
CREATE TRIGGER crime_clue_kept_update BEFORE UPDATE ON crime_clue
BEGIN
    SELECT RAISE(ABORT, 'a clue cannot be changed');
END;
CREATE TRIGGER crime_clue_kept_delete BEFORE DELETE ON crime_clue
BEGIN
    SELECT RAISE(ABORT, 'a clue cannot be deleted');
END;

CREATE TABLE clue_event (
    id          TEXT PRIMARY KEY,
    clue_id     TEXT NOT NULL REFERENCES crime_clue(id),
    kind        TEXT NOT NULL,
    occurred_on TEXT NOT NULL CHECK (date(occurred_on) IS NOT NULL),
    case_id     TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX clue_event_clue ON clue_event(clue_id, occurred_on);
CREATE TRIGGER clue_event_kept_update BEFORE UPDATE ON clue_event
BEGIN
    SELECT RAISE(ABORT, 'an event of a clue cannot be changed');
END;
CREATE TRIGGER clue_event_kept_delete BEFORE DELETE ON clue_event
BEGIN
    SELECT RAISE(ABORT, 'an event of a clue cannot be deleted');
END;

-- Delegation letters (委托书, 行政处罚法 Art. 20) and decisions granting powers to a town
-- (赋权, Art. 24): the town, the matters, the validity, the authority; entered once published.
CREATE TABLE delegation_letter (
    id               TEXT PRIMARY KEY,
    number           TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind = 'delegation' OR kind = 'grant'),
    town_code        TEXT NOT NULL REFERENCES jurisdiction(code),
    county_code      TEXT NOT NULL REFERENCES jurisdiction(code),
    supervising_unit TEXT NOT NULL REFERENCES jurisdiction(code),
    authority_code   TEXT NOT NULL REFERENCES jurisdiction(code),
    authority_name   TEXT NOT NULL,
    matters          TEXT NOT NULL,
    valid_from       TEXT NOT NULL CHECK (date(valid_from) IS NOT NULL),
    valid_to         TEXT NOT NULL CHECK (date(valid_to) IS NOT NULL),
    signed_on        TEXT NOT NULL CHECK (date(signed_on) IS NOT NULL),
    published_on     TEXT NOT NULL CHECK (date(published_on) IS NOT NULL),
    publication_ref  TEXT NOT NULL,
    note             TEXT NOT NULL DEFAULT '',
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    CHECK (valid_to >= valid_from),
    UNIQUE (authority_code, number)
) WITHOUT ROWID;
CREATE INDEX delegation_letter_town ON delegation_letter(town_code, valid_to);
CREATE TRIGGER delegation_letter_kept_update BEFORE UPDATE ON delegation_letter
BEGIN
    SELECT RAISE(ABORT, 'a delegation letter cannot be changed: record a new one');
END;
CREATE TRIGGER delegation_letter_kept_delete BEFORE DELETE ON delegation_letter
BEGIN
    SELECT RAISE(ABORT, 'a delegation letter cannot be deleted: revoke it');
END;

CREATE TABLE delegation_revocation (
    id          TEXT PRIMARY KEY,
    letter_id   TEXT NOT NULL REFERENCES delegation_letter(id),
    revoked_on  TEXT NOT NULL CHECK (date(revoked_on) IS NOT NULL),
    reason      TEXT NOT NULL,
    decided_by  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX delegation_revocation_letter ON delegation_revocation(letter_id);
CREATE TRIGGER delegation_revocation_kept_update BEFORE UPDATE ON delegation_revocation
BEGIN
    SELECT RAISE(ABORT, 'a revocation cannot be changed');
END;
CREATE TRIGGER delegation_revocation_kept_delete BEFORE DELETE ON delegation_revocation
BEGIN
    SELECT RAISE(ABORT, 'a revocation cannot be deleted');
END;

-- The park stationing roster (派驻): which county officer serves in which park, when.
-- A correction supersedes an entry (supersedes_id); entries are never changed.
CREATE TABLE stationing (
    id               TEXT PRIMARY KEY,
    officer_id       TEXT NOT NULL REFERENCES officer(id),
    park_code        TEXT NOT NULL REFERENCES jurisdiction(code),
    county_code      TEXT NOT NULL REFERENCES jurisdiction(code),
    supervising_unit TEXT NOT NULL REFERENCES jurisdiction(code),
    from_on          TEXT NOT NULL CHECK (date(from_on) IS NOT NULL),
    to_on            TEXT NOT NULL CHECK (date(to_on) IS NOT NULL),
    order_number     TEXT NOT NULL,
    supersedes_id    TEXT NOT NULL DEFAULT '',
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    CHECK (to_on >= from_on)
) WITHOUT ROWID;
CREATE INDEX stationing_officer ON stationing(officer_id, from_on);
CREATE TRIGGER stationing_kept_update BEFORE UPDATE ON stationing
BEGIN
    SELECT RAISE(ABORT, 'a stationing entry cannot be changed: record a correction');
END;
CREATE TRIGGER stationing_kept_delete BEFORE DELETE ON stationing
BEGIN
    SELECT RAISE(ABORT, 'a stationing entry cannot be deleted');
END;
"""
V9_REPLICATED = (
    "inspection_plan",
    "plan_target",
    "plan_enterprise",
    "plan_task",
    "officer_avoidance",
    "random_draw",
    "random_draw_publication",
    "campaign",
    "campaign_group",
    "campaign_member",
    "campaign_report",
    "campaign_problem",
    "campaign_problem_event",
    "joint_inspection",
    "joint_member",
    "crime_clue",
    "clue_event",
    "delegation_letter",
    "delegation_revocation",
    "stationing",
)
V9_SCRIPT = V9_PLANS + "".join(hash_triggers(t) for t in V9_REPLICATED)


# Version 10: pulled records that cannot be applied, and the change log's history kept.
V10_SYNC_GUARDS = """
-- A record the server sent that this device could not store (a wrong kind of value, a missing
-- parent, a broken rule): set aside with the reason, listed on the sync page and tried again
-- after each pull; verification counts it by the server's hash (hi, lo: the 64-bit record
-- hash in two 32-bit halves, as record_hash keeps it).
CREATE TABLE sync_quarantine (
    table_name  TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    data        TEXT NOT NULL,
    problem     TEXT NOT NULL,
    hi          INTEGER NOT NULL,
    lo          INTEGER NOT NULL,
    first_seen  TEXT NOT NULL,
    last_tried  TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (table_name, record_id)
) WITHOUT ROWID;

-- The history cannot be rewritten: only an entry's sync status (the server's answer) changes.
CREATE TRIGGER change_log_history_kept
BEFORE UPDATE OF seq, entry_id, tx_seq, table_name, record_id, op, changes ON change_log
BEGIN
    SELECT RAISE(ABORT, 'the change log history cannot be changed');
END;
CREATE TRIGGER change_tx_kept BEFORE UPDATE ON change_tx
BEGIN
    SELECT RAISE(ABORT, 'the change log history cannot be changed');
END;
CREATE TRIGGER change_tx_append_only BEFORE DELETE ON change_tx
BEGIN
    SELECT RAISE(ABORT, 'the change log is append-only');
END;
"""


# The audit chain (issue 9 item 5): one row per local change-log entry (a bulk insert is one row),
# each holding the hash of the row before it, so that an edited, removed or inserted row breaks
# the chain at that point (store.audit). Rows are appended only; the server signs the head.
V11_AUDIT = """
CREATE TABLE audit_log (
    seq           INTEGER PRIMARY KEY,
    device_id     TEXT NOT NULL,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    action        TEXT NOT NULL,
    table_name    TEXT NOT NULL,
    record_id     TEXT NOT NULL,
    entry_first   INTEGER NOT NULL,
    entry_last    INTEGER NOT NULL,
    change_sha256 TEXT NOT NULL,
    before_sha256 TEXT NOT NULL,
    after_sha256  TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
);
CREATE INDEX audit_log_record ON audit_log(table_name, record_id);
CREATE TRIGGER audit_log_append BEFORE INSERT ON audit_log
WHEN NEW.seq != coalesce((SELECT max(seq) FROM audit_log), 0) + 1
BEGIN
    SELECT RAISE(ABORT, 'the audit log is appended to in order');
END;
CREATE TRIGGER audit_log_kept_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'an audit row cannot be changed');
END;
CREATE TRIGGER audit_log_kept_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'an audit row cannot be deleted');
END;
-- The heads the server signed: the chain's first ``count`` rows end in ``head``.
CREATE TABLE audit_checkpoint (
    count       INTEGER PRIMARY KEY,
    head        TEXT NOT NULL,
    signed_at   TEXT NOT NULL,
    server_id   TEXT NOT NULL,
    public_key  TEXT NOT NULL,
    signature   TEXT NOT NULL
);
CREATE TRIGGER audit_checkpoint_kept_update BEFORE UPDATE ON audit_checkpoint
BEGIN
    SELECT RAISE(ABORT, 'a checkpoint cannot be changed');
END;
CREATE TRIGGER audit_checkpoint_kept_delete BEFORE DELETE ON audit_checkpoint
BEGIN
    SELECT RAISE(ABORT, 'a checkpoint cannot be deleted');
END;
-- Local entries from this one on are chained (older ones were written before the chain).
INSERT INTO meta(key, value)
SELECT 'audit_from_seq', CAST(coalesce(max(seq), 0) + 1 AS TEXT) FROM change_log;
"""


# Version 12: the organ's profile printed on its documents (bank, account, court, contact), one
# synced record per organ (inspector_app.documents.organ_profiles).
V12_ORGAN_PROFILE = """
CREATE TABLE organ_profile (
    id            TEXT PRIMARY KEY,
    unit_code     TEXT NOT NULL UNIQUE,
    bank          TEXT NOT NULL DEFAULT '',
    account_name  TEXT NOT NULL DEFAULT '',
    account_no    TEXT NOT NULL DEFAULT '',
    court         TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    address       TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
"""
V12_SCRIPT = V12_ORGAN_PROFILE + hash_triggers("organ_profile")


def _script(sql: str) -> Callable[[sqlite3.Connection], None]:
    return lambda conn: run_script(conn, sql)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "core: meta, jurisdictions, change log, registry, search index", _script(V1_CORE)),
    Migration(2, "officers and enforcement certificates", _script(V2_OFFICERS)),
    Migration(3, "sync: conflicts, attachments, document numbers", _script(V3_SYNC)),
    Migration(4, "verification: record hashes kept current by triggers", _script(V4_RECORD_HASHES)),
    Migration(
        5,
        "inspections, checklists, hazards and their events, signatures, documents",
        _script(V5_SCRIPT),
    ),
    Migration(6, "penalty cases and their steps", _script(V6_SCRIPT)),
    Migration(
        7, "accidents, their reports and steps, warning notices, report checks", _script(V7_SCRIPT)
    ),
    Migration(8, "reports: case facts, publication of decisions, SMS rounds", _script(V8_SCRIPT)),
    Migration(
        9,
        "plans, tasks, random draws, campaigns, joint enforcement, clues, delegation letters",
        _script(V9_SCRIPT),
    ),
    Migration(10, "pulled records set aside, change log history kept", _script(V10_SYNC_GUARDS)),
    Migration(11, "audit chain of local writes and its signed checkpoints", _script(V11_AUDIT)),
    Migration(12, "the organs' profiles printed on documents", _script(V12_SCRIPT)),
)


def latest_version() -> int:
    return MIGRATIONS[-1].version


def migrate(store: Target, target: int | None = None) -> list[int]:
    """Apply every migration above the store's version (up to ``target``); return those applied."""
    applied: list[int] = []
    target = latest_version() if target is None else target
    for migration in MIGRATIONS:
        if migration.version <= store.schema_version or migration.version > target:
            continue
        with store.transaction() as conn:
            migration.apply(conn)
            conn.execute(
                "INSERT INTO schema_migrations(version, name, applied_at, app_version) "
                "VALUES (?, ?, ?, ?)",
                (migration.version, migration.name, store.timestamp(), APP_VERSION),
            )
            conn.execute(f"PRAGMA user_version = {migration.version:d}")
        applied.append(migration.version)
    return applied
