"""The tables of plans, tasks, draws, campaigns, joint enforcement and clue exchange, as SQL
text (the schema migration that adds them runs ``schema.SCRIPT``). Conventions of
``store/migrations.py``: ids made on the device, ISO dates checked by ``date()``, CHECK lists
as OR chains, WITHOUT ROWID, legal records kept by triggers that refuse UPDATE and DELETE.
"""

from __future__ import annotations


def kept(table: str, what: str) -> str:
    """Triggers refusing any change or removal of an immutable record."""
    return f"""CREATE TRIGGER {table}_kept_update BEFORE UPDATE ON {table}
BEGIN
    SELECT RAISE(ABORT, '{what} cannot be changed');
END;
CREATE TRIGGER {table}_kept_delete BEFORE DELETE ON {table}
BEGIN
    SELECT RAISE(ABORT, '{what} cannot be deleted');
END;
"""


def plan_locked(table: str) -> str:
    """Rows of an approved plan are locked; rows are never deleted (withdrawn or count 0)."""
    return f"""CREATE TRIGGER {table}_plan_locked_insert BEFORE INSERT ON {table}
WHEN (SELECT status FROM inspection_plan WHERE id = NEW.plan_id) = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'the plan is approved: record a corrected plan');
END;
CREATE TRIGGER {table}_plan_locked_update BEFORE UPDATE ON {table}
WHEN (SELECT status FROM inspection_plan WHERE id = OLD.plan_id) = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'the plan is approved: record a corrected plan');
END;
CREATE TRIGGER {table}_kept_delete BEFORE DELETE ON {table}
BEGIN
    SELECT RAISE(ABORT, 'plan rows are never deleted');
END;
"""


PLANS = (
    """
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
"""
    + plan_locked("plan_target")
    + """
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
"""
    + plan_locked("plan_enterprise")
    + """
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
"""
    + kept("officer_avoidance", "a declared avoidance")
)

DRAWS = (
    """
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
"""
    + kept("random_draw", "a random draw")
    + """
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
"""
    + kept("random_draw_publication", "a publication record")
)

CAMPAIGNS = (
    """
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
"""
    + kept("campaign_report", "a daily report")
    + """
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
"""
    + kept("campaign_problem", "a campaign problem")
    + """
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
"""
    + kept("campaign_problem_event", "an event of a problem")
)

JOINT = (
    """
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
"""
    + kept("joint_inspection", "a joint inspection")
    + """
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
"""
    + kept("joint_member", "a member of a joint inspection")
    + """
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
"""
    + kept("crime_clue", "a clue")
    + """
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
"""
    + kept("clue_event", "an event of a clue")
)

DELEGATIONS = """
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
