"""On-site inspections (现场检查): the record, its checklist items, autosaved drafts and
amendments — the record's own reading, rules and writing (about 650 lines: one aggregate root;
its neighbours live apart: ``rules`` (the rules file, the signed lock), ``team`` (two certified
officers, recusal), ``signing``, ``hazards``, ``hazard_photos``, ``reviews``, ``queries``).

Rules kept here, each once:

* **Where and when**: a record is of an enterprise of the registry, where that enterprise is,
  started no later than today; what it concerns never changes once started (``check_inspection``,
  which the server runs too).
* **Autosave**: ``update`` writes the changed fields of a draft at once (one unit of work, one
  change-log entry with only what changed); the editor calls it as the officer types.
* **Amendments** (安全生产法 Art. 68): a signed record stands; a correction is ``amend``: a new
  draft that names the original, which stays as it was.

The team rule is ``team.check_team``; signing and its lock are ``signing`` and
``rules.require_draft``; documents are ``inspections.documents``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from inspector_app.inspections.checklists import ChecklistItem
from inspector_app.inspections.rules import (
    VERDICTS,
    InspectionError,
    InspectionRules,
    default_rules,
    require_draft,
)
from inspector_app.inspections.team import TeamMember, add_officer, check_team, issuing_unit
from inspector_app.registry import context, officers
from inspector_app.registry.context import RuleContext
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.shapes import (
    FLAG,
    TIMESTAMP,
    Shape,
    check_shape,
    free_text,
    integer,
    number,
    text,
)
from inspector_app.registry.validation import choice, error, required_text, validate_phone
from inspector_app.store.changelog import UnitOfWork, diff
from inspector_app.store.clock import new_id
from inspector_app.store.facts import LocalFacts

EDITABLE = {
    "kind": None,
    "place": 200,
    "ended_at": None,
    "person_in_charge": 50,
    "person_title": 50,
    "person_phone": None,
    "situation": 5000,
    "latitude": None,
    "longitude": None,
}
COLUMNS = (
    "id",
    "enterprise_id",
    "county_code",
    "town_code",
    "supervising_unit",
    "authority_code",
    "kind",
    "place",
    "started_at",
    "ended_at",
    "person_in_charge",
    "person_title",
    "person_phone",
    "special_operations",
    "situation",
    "latitude",
    "longitude",
    "status",
    "signed_at",
    "content_sha256",
    "amends_id",
    "amend_reason",
    "created_by",
    "created_at",
    "updated_at",
)


@dataclass(frozen=True)
class Inspection:
    id: str
    enterprise_id: str
    county_code: str
    town_code: str | None
    supervising_unit: str
    authority_code: str
    kind: str
    place: str
    started_at: str
    ended_at: str
    person_in_charge: str
    person_title: str
    person_phone: str
    special_operations: str
    situation: str
    latitude: float | None
    longitude: float | None
    status: str
    signed_at: str
    content_sha256: str
    amends_id: str | None
    amend_reason: str
    created_by: str
    created_at: str
    updated_at: str

    @property
    def signed(self) -> bool:
        return self.status == "signed"

    @property
    def day(self) -> dt.date:
        return dt.datetime.fromisoformat(self.started_at).date()

    @property
    def operations(self) -> list[str]:
        return [s for s in self.special_operations.split(",") if s]


@dataclass(frozen=True)
class ItemVerdict:
    id: str
    item_code: str
    item_text: str
    basis: str
    major: bool
    position: int
    verdict: str
    note: str


# -- reading -----------------------------------------------------------------------------------


def get(conn: sqlite3.Connection, inspection_id: str) -> Inspection | None:
    row = conn.execute(
        f"SELECT {', '.join(COLUMNS)} FROM inspection WHERE id = ?", (inspection_id,)
    ).fetchone()
    return Inspection(*row) if row else None


def require(conn: sqlite3.Connection, inspection_id: str) -> Inspection:
    found = get(conn, inspection_id)
    if found is None:
        raise InspectionError("not_found", "找不到该检查记录。", f"No inspection {inspection_id}.")
    return found


def team(conn: sqlite3.Connection, inspection_id: str) -> list[TeamMember]:
    rows = conn.execute(
        "SELECT o.id, o.name, o.unit_code, o.role, o.phone, o.active, c.id, c.number, "
        "c.issuing_authority, c.issued_on, c.expires_on, c.revoked FROM inspection_officer io "
        "JOIN officer o ON o.id = io.officer_id "
        "JOIN enforcement_certificate c ON c.id = io.certificate_id "
        "WHERE io.inspection_id = ? ORDER BY io.position",
        (inspection_id,),
    )
    return [
        TeamMember(
            officers.Officer(r[0], r[1], r[2], r[3], r[4], bool(r[5])),
            officers.Certificate(
                r[6],
                r[0],
                r[7],
                r[8],
                dt.date.fromisoformat(r[9]),
                dt.date.fromisoformat(r[10]),
                bool(r[11]),
            ),
        )
        for r in rows
    ]


_ITEM_SELECT = (
    "SELECT id, item_code, item_text, basis, major, position, verdict, note FROM inspection_item"
)


def items(conn: sqlite3.Connection, inspection_id: str) -> list[ItemVerdict]:
    rows = conn.execute(
        f"{_ITEM_SELECT} WHERE inspection_id = ? ORDER BY position", (inspection_id,)
    )
    return [ItemVerdict(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6], r[7]) for r in rows]


def item(conn: sqlite3.Connection, inspection_id: str, item_code: str) -> ItemVerdict:
    """One checklist item of the record (InspectionError when it has no such item)."""
    r = conn.execute(
        f"{_ITEM_SELECT} WHERE inspection_id = ? AND item_code = ?", (inspection_id, item_code)
    ).fetchone()
    if r is None:
        raise InspectionError(
            "no_item", f"检查表中没有条目 {item_code}。", f"No checklist item {item_code}."
        )
    return ItemVerdict(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6], r[7])


def ancestry(conn: sqlite3.Connection, inspection_id: str) -> list[str]:
    """The inspection and the records it amends, back to the original (hazards stay with the
    original; an amendment corrects the record around them)."""
    out = [inspection_id]
    while True:
        row = conn.execute("SELECT amends_id FROM inspection WHERE id = ?", (out[-1],)).fetchone()
        if row is None or not row[0]:
            return out
        out.append(row[0])


def signatures(conn: sqlite3.Connection, record_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT role, signer_name, officer_id, image_sha256, refused, witness, signed_at "
        "FROM signature WHERE record_id = ? ORDER BY role = 'officer' DESC, signed_at, id",
        (record_id,),
    )
    keys = ("role", "signer_name", "officer_id", "image_sha256", "refused", "witness", "signed_at")
    return [dict(zip(keys, r, strict=True)) for r in rows]


# -- the rules of the inspection's records (the server runs them too) ----------------------------

INSPECTION_SHAPES: Mapping[str, Shape] = {
    "enterprise_id": text(36),
    "county_code": text(32),
    "town_code": text(32, optional=True),
    "supervising_unit": text(32),
    "authority_code": text(32),
    "kind": text(20),
    "place": text(200),
    "started_at": TIMESTAMP,
    "ended_at": TIMESTAMP,
    "person_in_charge": text(50),
    "person_title": text(50),
    "person_phone": text(40),
    "special_operations": text(400),
    "situation": free_text(5000),
    "latitude": number(-90, 90),
    "longitude": number(-180, 180),
    "status": text(10, choices=("draft", "signed")),
    "signed_at": TIMESTAMP,
    "content_sha256": text(64),
    "amends_id": text(36, optional=True),
    "amend_reason": free_text(500),
    "created_by": text(64),
}
# the fields of a new draft that the start does not set
DRAFT: Mapping[str, Any] = {
    "place": "",
    "ended_at": "",
    "person_in_charge": "",
    "person_title": "",
    "person_phone": "",
    "special_operations": "",
    "situation": "",
    "latitude": None,
    "longitude": None,
    "status": "draft",
    "signed_at": "",
    "content_sha256": "",
    "amends_id": None,
    "amend_reason": "",
}
WIRE_FIELDS = tuple(INSPECTION_SHAPES)
# where the inspection is and whom it concerns: set when it starts, never changed
FIXED = ("enterprise_id", "county_code", "town_code", "supervising_unit", "authority_code")
FIXED_TOO = ("started_at", "amends_id", "created_by")
ITEM_SHAPES: Mapping[str, Shape] = {
    "inspection_id": text(36),
    "item_code": text(80),
    "item_text": free_text(1000),
    "basis": free_text(500),
    "major": FLAG,
    "position": integer(0),
    "verdict": text(20, choices=("", *VERDICTS)),
    "note": free_text(500),
}


def check_inspection(
    data: Mapping[str, Any], ctx: RuleContext, old: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """An inspection record: of an enterprise of the registry, where that enterprise is (its
    county, town and supervising unit), started no later than today, ended after it started;
    a new record is a draft (it is signed on this device or not at all: ``signing``), and a
    draft's place in the registry and its start never change."""
    record = check_shape(data, INSPECTION_SHAPES)
    rules = default_rules()
    if record["kind"] not in rules.kinds:
        record["kind"] = choice(record["kind"], "inspection_kind", rules.kind_names())
    if not record["started_at"]:
        raise error("started_at", "required", "不能为空", "is required")
    started = dt.datetime.fromisoformat(record["started_at"])
    ctx.not_after_today(started.date(), "started_at")
    if record["ended_at"] and dt.datetime.fromisoformat(record["ended_at"]) < started:
        raise error("ended_at", "order", "不能早于开始时间", "must not be before the start")
    record["person_phone"] = validate_phone(record["person_phone"], "person_phone")
    if old is None:
        if record["status"] != "draft" or record["signed_at"] or record["content_sha256"]:
            raise InspectionError(
                "signed_on_arrival",
                "检查记录须先作为草稿登记，再经执法人员和被检查单位负责人签名。",
                "An inspection is recorded as a draft first, then signed by its officers and the "
                "person in charge.",
            )
        enterprise = ctx.facts.get("enterprise", record["enterprise_id"])
        if enterprise is None:
            raise InspectionError("no_enterprise", "找不到被检查单位。", "No such registry entry.")
        wrong = [f for f in FIXED[1:4] if record[f] != enterprise.get(f)]
        if wrong:
            raise error(
                wrong[0], "enterprise", "应与被检查单位的登记一致", "must match the registry"
            )
        if record["amends_id"]:
            original = ctx.facts.get("inspection", record["amends_id"])
            if original is None or original["status"] != "signed":
                raise InspectionError(
                    "not_signed",
                    "更正记录只能针对已签名的检查记录。",
                    "An amendment corrects a signed inspection.",
                )
    else:
        changed = [f for f in (*FIXED, *FIXED_TOO) if record[f] != old.get(f)]
        if changed:
            raise error(changed[0], "fixed", "检查开始后不能更改", "cannot change once started")
    return record


def check_item(
    data: Mapping[str, Any], ctx: RuleContext, old: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """A checklist item of a draft record (its code and text fixed once added)."""
    record = check_shape(data, ITEM_SHAPES)
    require_draft(ctx.facts, record["inspection_id"])
    if old is not None:
        changed = [f for f in ("inspection_id", "item_code", "item_text") if record[f] != old[f]]
        if changed:
            raise error(changed[0], "fixed", "检查项不能更换", "a checklist item cannot change")
    return record


# -- writing -------------------------------------------------------------------------------------


def _timestamp(value: object, field: str) -> str:
    if isinstance(value, dt.datetime):
        stamp = value
    else:
        try:
            stamp = dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise error(
                field,
                "timestamp",
                f"“{value}”不是有效时间（格式：2026-11-29T09:30:00+08:00）",
                f"{value!r} is not a valid time (format 2026-11-29T09:30:00+08:00)",
            ) from None
    if stamp.tzinfo is None:
        raise error(field, "timezone", "时间须带时区", "must carry its UTC offset")
    return stamp.isoformat(timespec="seconds")


def start(
    uow: UnitOfWork,
    tree: JurisdictionTree,
    enterprise_id: str,
    officer_ids: Sequence[str],
    kind: str,
    checklist: Iterable[ChecklistItem],
    started_at: dt.datetime | str | None = None,
    special_operations: Iterable[str] = (),
    place: str = "",
    rules: InspectionRules | None = None,
) -> str:
    """Start an inspection of an enterprise with its team and checklist; returns its id."""
    rules = rules or default_rules()
    conn = uow.conn
    enterprise = Registry.get(conn, enterprise_id)
    if enterprise is None:
        raise InspectionError(
            "no_enterprise", "找不到被检查单位。", f"No registry entry {enterprise_id}."
        )
    if kind not in rules.kinds:
        kind = choice(kind, "inspection_kind", rules.kind_names())
    stamp = _timestamp(started_at or uow.now, "started_at")
    members = check_team(
        conn, officer_ids, dt.datetime.fromisoformat(stamp).date(), enterprise_id, rules
    )
    authority = issuing_unit(tree, members[0].officer)
    inspection_id = new_id()
    record = {
        "enterprise_id": enterprise_id,
        "county_code": enterprise["county_code"],
        "town_code": enterprise["town_code"],
        "supervising_unit": enterprise["supervising_unit"],
        "authority_code": authority.code,
        "kind": kind,
        "place": place.strip() or str(enterprise["address"]),
        "started_at": stamp,
        "special_operations": ",".join(dict.fromkeys(special_operations)),
        "created_by": uow.author,
    }
    check_inspection({**DRAFT, **record}, context.of(uow))
    conn.execute(
        "INSERT INTO inspection(id, enterprise_id, county_code, town_code, supervising_unit, "
        "authority_code, kind, place, started_at, special_operations, created_by, created_at, "
        "updated_at) VALUES (:id, :enterprise_id, :county_code, :town_code, :supervising_unit, "
        ":authority_code, :kind, :place, :started_at, :special_operations, :created_by, :now, "
        ":now)",
        {**record, "id": inspection_id, "now": uow.now},
    )
    uow.log("inspection", inspection_id, "insert", record)
    for position, member in enumerate(members):
        add_officer(uow, inspection_id, member, position)
    add_items(uow, inspection_id, checklist)
    return inspection_id


def wire_record(conn: sqlite3.Connection, inspection_id: str) -> dict[str, Any]:
    """The inspection's wire fields as stored here."""
    found = LocalFacts(conn).get("inspection", inspection_id)
    if found is None:
        raise InspectionError("not_found", "找不到该检查记录。", f"No inspection {inspection_id}.")
    return {f: found[f] for f in WIRE_FIELDS}


def _require_draft(conn: sqlite3.Connection, inspection_id: str) -> Inspection:
    require_draft(LocalFacts(conn), inspection_id)
    return require(conn, inspection_id)


def add_items(uow: UnitOfWork, inspection_id: str, checklist: Iterable[ChecklistItem]) -> int:
    """Add checklist items not yet on the inspection (after the end, in the given order);
    verdicts already given are kept. Returns how many were added."""
    _require_draft(uow.conn, inspection_id)
    have = {
        r[0]: r[1]
        for r in uow.conn.execute(
            "SELECT item_code, position FROM inspection_item WHERE inspection_id = ?",
            (inspection_id,),
        )
    }
    position = max(have.values(), default=-1) + 1
    added = 0
    ctx = context.of(uow)
    for item in checklist:
        if item.code in have:
            continue
        row_id = new_id()
        record = {
            "inspection_id": inspection_id,
            "item_code": item.code,
            "item_text": item.text,
            "basis": item.basis,
            "major": int(item.major),
            "position": position,
        }
        check_item({**record, "verdict": "", "note": ""}, ctx)
        uow.conn.execute(
            "INSERT INTO inspection_item(id, inspection_id, item_code, item_text, basis, major, "
            "position) VALUES (:id, :inspection_id, :item_code, :item_text, :basis, :major, "
            ":position)",
            {**record, "id": row_id},
        )
        uow.log("inspection_item", row_id, "insert", record)
        have[item.code] = position
        position += 1
        added += 1
    return added


def set_special_operations(
    uow: UnitOfWork,
    inspection_id: str,
    operations: Iterable[str],
    checklist: Iterable[ChecklistItem],
) -> None:
    """Record the enterprise's specialised operations and add the items they bring."""
    found = _require_draft(uow.conn, inspection_id)
    value = ",".join(dict.fromkeys(operations))
    if value != found.special_operations:
        uow.conn.execute(
            "UPDATE inspection SET special_operations = ?, updated_at = ? WHERE id = ?",
            (value, uow.now, inspection_id),
        )
        uow.log(
            "inspection",
            inspection_id,
            "update",
            {"special_operations": [found.special_operations, value]},
        )
    add_items(uow, inspection_id, checklist)


def _clean(field: str, value: object, rules: InspectionRules) -> object:
    if field == "kind":
        return choice(value, "inspection_kind", rules.kind_names())
    if field == "ended_at":
        return "" if value in (None, "") else _timestamp(value, "ended_at")
    if field == "person_phone":
        return validate_phone(str(value or ""), "person_phone")
    if field in ("latitude", "longitude"):
        if value in (None, ""):
            return None
        try:
            number = float(str(value))
        except ValueError:
            raise error(field, "number", "应为数字", "must be a number") from None
        limit = 90 if field == "latitude" else 180
        if not -limit <= number <= limit:
            raise error(field, "range", f"应在 ±{limit} 之间", f"must be within ±{limit}")
        return number
    text = str(value if value is not None else "")
    max_len = EDITABLE[field]
    assert max_len is not None
    if len(text) > max_len:
        raise error(
            field,
            "max_length",
            f"不能超过{max_len}个字符（实际{len(text)}个）",
            f"must be at most {max_len} characters (got {len(text)})",
        )
    return text


def update(
    uow: UnitOfWork,
    inspection_id: str,
    changes: Mapping[str, object],
    rules: InspectionRules | None = None,
) -> dict[str, list[Any]]:
    """Save changed draft fields (the editor's autosave); returns {field: [old, new]}.

    Every field is checked before anything is written: one bad field saves nothing."""
    rules = rules or default_rules()
    found = _require_draft(uow.conn, inspection_id)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    clean = {field: _clean(field, value, rules) for field, value in changes.items()}
    end = clean.get("ended_at")
    if end and dt.datetime.fromisoformat(str(end)) < dt.datetime.fromisoformat(found.started_at):
        raise error("ended_at", "order", "不能早于开始时间", "must not be before the start")
    current = wire_record(uow.conn, inspection_id)
    check_inspection({**current, **clean}, context.of(uow), current)
    old = {f: getattr(found, f) for f in clean}
    delta = diff(old, clean)
    if not delta:
        return {}
    sets = ", ".join(f"{f} = :{f}" for f in delta)
    uow.conn.execute(
        f"UPDATE inspection SET {sets}, updated_at = :now WHERE id = :id",
        {**{f: clean[f] for f in delta}, "now": uow.now, "id": inspection_id},
    )
    uow.log("inspection", inspection_id, "update", delta)
    return delta


def set_verdict(
    uow: UnitOfWork,
    inspection_id: str,
    item_code: str,
    verdict: str | None,
    note: str | None = None,
) -> None:
    """Record an item's verdict ("" clears it) and/or its note; None keeps what is there."""
    _require_draft(uow.conn, inspection_id)
    if verdict is not None and verdict not in VERDICTS and verdict != "":
        verdict = choice(verdict, "verdict", VERDICTS)
    row = uow.conn.execute(
        "SELECT id, verdict, note FROM inspection_item WHERE inspection_id = ? AND item_code = ?",
        (inspection_id, item_code),
    ).fetchone()
    if row is None:
        raise InspectionError(
            "no_item", f"检查表中没有条目 {item_code}。", f"No checklist item {item_code}."
        )
    new = {
        "verdict": row[1] if verdict is None else verdict,
        "note": row[2] if note is None else note.strip(),
    }
    if len(new["note"]) > 500:
        raise error("note", "max_length", "不能超过500个字符", "must be at most 500 characters")
    delta = diff({"verdict": row[1], "note": row[2]}, new)
    if delta:
        ctx = context.of(uow)
        before = ctx.facts.get("inspection_item", row[0])
        assert before is not None
        old_item = {f: before[f] for f in ITEM_SHAPES}
        check_item({**old_item, **new}, ctx, old_item)
        uow.conn.execute(
            "UPDATE inspection_item SET verdict = ?, note = ? WHERE id = ?",
            (new["verdict"], new["note"], row[0]),
        )
        uow.log("inspection_item", row[0], "update", delta)


# -- signing and amending ------------------------------------------------------------------------


# status and hash are set by signing; the times are each device's own (not on the wire)
_VOLATILE = {"status", "signed_at", "content_sha256", "created_at", "updated_at"}


def amend(uow: UnitOfWork, inspection_id: str, reason: str) -> str:
    """Start a correction of a signed inspection: a new draft naming the original (which stays
    unchanged), with the same team and verdicts to edit. Returns the amendment's id."""
    conn = uow.conn
    original = require(conn, inspection_id)
    if not original.signed:
        raise InspectionError(
            "not_signed",
            "未签名的检查记录可直接修改，无需更正。",
            "An unsigned inspection is edited directly; no amendment is needed.",
        )
    why = required_text(reason, "reason", 500)
    amendment_id = new_id()
    copied = {k: getattr(original, k) for k in COLUMNS if k not in _VOLATILE | {"id"}}
    copied.update({"amends_id": original.id, "amend_reason": why, "created_by": uow.author})
    check_inspection({**copied, **{k: DRAFT[k] for k in _VOLATILE & set(DRAFT)}}, context.of(uow))
    columns = [*copied, "id", "created_at", "updated_at"]
    conn.execute(
        f"INSERT INTO inspection({', '.join(columns)}) VALUES "
        f"({', '.join(':' + c for c in columns)})",
        {**copied, "id": amendment_id, "created_at": uow.now, "updated_at": uow.now},
    )
    uow.log("inspection", amendment_id, "insert", copied)
    for position, member in enumerate(team(conn, inspection_id)):
        add_officer(uow, amendment_id, member, position)
    for item in items(conn, inspection_id):
        row_id = new_id()
        record = {
            "inspection_id": amendment_id,
            "item_code": item.item_code,
            "item_text": item.item_text,
            "basis": item.basis,
            "major": int(item.major),
            "position": item.position,
            "verdict": item.verdict,
            "note": item.note,
        }
        conn.execute(
            "INSERT INTO inspection_item(id, inspection_id, item_code, item_text, basis, major, "
            "position, verdict, note) VALUES (:id, :inspection_id, :item_code, :item_text, "
            ":basis, :major, :position, :verdict, :note)",
            {**record, "id": row_id},
        )
        uow.log("inspection_item", row_id, "insert", record)
    return amendment_id
