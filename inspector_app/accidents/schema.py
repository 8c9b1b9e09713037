"""The accident tables (SQLite), as text for a migration: ``SCRIPT`` creates them with their
indexes, their guards and the verification triggers of replicated tables.

* ``accident`` — one accident: when, where, the unit, sector and type. The time, the place in
  the jurisdictions and the unit never change once recorded (a trigger refuses it); the type,
  sector, place name and the wide-impact flag may be corrected, each change logged.
* ``accident_report`` — the first report and each supplementary report (补报), append-only:
  the accident's current figures and grade are those of its latest report.
* ``accident_step`` — append-only dated steps: reports forwarded up the levels, the
  investigation (extension, appraisal, report, approval), each person held responsible, and
  the listed supervision's issue, revocation and closure.
* ``warning_notice`` — a warning notice (警示通报): edited as a draft, frozen once issued.
* ``report_check_round`` — a quarter's check of investigation reports: a draft until its
  bulletin is issued; ``report_check`` — one report's check (append-only).

CHECK constraints are written as OR chains, as in the other migrations.
"""

from __future__ import annotations

from inspector_app.store.migrations import hash_triggers

TABLES = """
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

REPLICATED = (
    "accident",
    "accident_report",
    "accident_step",
    "warning_notice",
    "report_check_round",
    "report_check",
)

# what a migration runs (the verification triggers of every replicated table included)
SCRIPT = TABLES + "".join(hash_triggers(t) for t in REPLICATED)
