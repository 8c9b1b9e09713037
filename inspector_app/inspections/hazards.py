"""Hazards (事故隐患) and their closed loop.

A hazard is found in an inspection (from a checklist item or free-form), with its description,
location, legal basis, photos, on-site measures (安全生产法 Art. 65) and rectification deadline.
While the inspection is a draft the hazard is edited freely; signing the inspection locks it.

Its lifecycle is an append-only stream of events (``hazard_event``)::

    found → ordered → (extended …) → review_passed → closed
                                   → review_failed → ordered (a new deadline) | escalated
    found → closed (eliminated on the spot)         any open state → escalated (a penalty case)

``derive`` computes the current state from the events alone, so that events two devices added
offline merge by union: events are applied in (occurred_on, created_at, id) order, and one that
does not fit the state reached (two reviews of the same order recorded on two laptops, say) is
kept and reported as an anomaly instead of being lost or rewriting the state. ``record_event``
refuses such an event when it is entered on this device.

Overdue is computed from the deadline (the last ``ordered``/``extended`` one) and the day asked
about; nothing is stored that could go stale.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from inspector_app.inspections import rules as inspection_rules
from inspector_app.inspections.rules import InspectionError, default_rules
from inspector_app.registry import context, validation
from inspector_app.registry.context import RuleContext
from inspector_app.registry.shapes import DATE, FLAG, Shape, check_shape, free_text, integer, text
from inspector_app.registry.validation import error, required_text
from inspector_app.store.changelog import UnitOfWork, diff
from inspector_app.store.clock import new_id

EVENT_KINDS = {
    "found": ("发现", "Found"),
    "ordered": ("责令限期整改", "Ordered"),
    "extended": ("延期整改", "Extension granted"),
    "review_passed": ("复查合格", "Review passed"),
    "review_failed": ("复查不合格", "Review failed"),
    "closed": ("销号", "Closed"),
    "escalated": ("转立案查处", "Escalated to a case"),
}
STATES = {
    "found": ("已发现", "Found"),
    "ordered": ("整改中", "Being rectified"),
    "review_failed": ("复查不合格", "Review failed"),
    "review_passed": ("复查合格", "Review passed"),
    "closed": ("已销号", "Closed"),
    "escalated": ("已立案", "Escalated"),
}
# which events may follow which state (the lifecycle in the module docstring)
ALLOWED: Mapping[str, frozenset[str]] = {
    "": frozenset({"found"}),
    "found": frozenset({"ordered", "closed", "escalated"}),
    "ordered": frozenset({"extended", "review_passed", "review_failed", "escalated"}),
    "review_failed": frozenset({"ordered", "review_passed", "escalated"}),
    "review_passed": frozenset({"closed"}),
    "closed": frozenset(),
    "escalated": frozenset(),
}
OPEN_STATES = frozenset({"found", "ordered", "review_failed"})
EDITABLE = ("description", "location", "basis", "major", "measures", "deadline", "item_code")


@dataclass(frozen=True)
class Event:
    id: str
    hazard_id: str
    kind: str
    occurred_on: dt.date
    deadline: dt.date | None
    inspection_id: str
    document_id: str
    case_id: str
    note: str
    created_by: str
    created_at: str

    @property
    def order_key(self) -> tuple[dt.date, str, str]:
        return (self.occurred_on, self.created_at, self.id)


@dataclass
class HazardState:
    state: str = ""
    deadline: dt.date | None = None
    ordered_on: dt.date | None = None
    closed_on: dt.date | None = None
    case_id: str = ""
    reviews_failed: int = 0
    events: list[Event] = field(default_factory=list)
    anomalies: list[Event] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def overdue(self, today: dt.date) -> bool:
        """Ordered, the deadline passed and no passing review yet."""
        return (
            self.state in ("ordered", "review_failed")
            and self.deadline is not None
            and today > self.deadline
        )

    def due_within(self, today: dt.date, days: int) -> bool:
        return (
            self.state == "ordered"
            and self.deadline is not None
            and today <= self.deadline <= today + dt.timedelta(days=days)
        )


def _state_name(code: str) -> str:
    return STATES.get(code, ("未登记", "unrecorded"))[0]


def derive(events: Iterable[Event]) -> HazardState:
    """The state the events lead to (see the module docstring)."""
    out = HazardState()
    for event in sorted(events, key=lambda e: e.order_key):
        if event.kind not in ALLOWED.get(out.state, frozenset()):
            out.anomalies.append(event)
            continue
        out.events.append(event)
        if event.kind in ("ordered", "extended"):
            out.deadline = event.deadline
            if event.kind == "ordered":
                out.ordered_on = event.occurred_on
            out.state = "ordered"
        elif event.kind == "review_failed":
            out.reviews_failed += 1
            out.state = "review_failed"
        elif event.kind == "closed":
            out.closed_on = event.occurred_on
            out.state = "closed"
        elif event.kind == "escalated":
            out.case_id = event.case_id
            out.closed_on = event.occurred_on
            out.state = "escalated"
        else:
            out.state = event.kind
    return out


# -- reading -----------------------------------------------------------------------------------

EVENT_COLUMNS = (
    "id, hazard_id, kind, occurred_on, deadline, inspection_id, document_id, case_id, note, "
    "created_by, created_at"
)


def event_from_row(row: Sequence[Any]) -> Event:
    return Event(
        row[0],
        row[1],
        row[2],
        dt.date.fromisoformat(row[3]),
        dt.date.fromisoformat(row[4]) if row[4] else None,
        row[5],
        row[6],
        row[7],
        row[8],
        row[9],
        row[10],
    )


def events(conn: sqlite3.Connection, hazard_id: str) -> list[Event]:
    rows = conn.execute(
        f"SELECT {EVENT_COLUMNS} FROM hazard_event WHERE hazard_id = ? "
        "ORDER BY occurred_on, created_at, id",
        (hazard_id,),
    )
    return [event_from_row(r) for r in rows]


def state(conn: sqlite3.Connection, hazard_id: str) -> HazardState:
    return derive(events(conn, hazard_id))


HAZARD_COLUMNS = (
    "id",
    "inspection_id",
    "enterprise_id",
    "county_code",
    "town_code",
    "supervising_unit",
    "supervision_industry",
    "item_code",
    "description",
    "location",
    "basis",
    "major",
    "measures",
    "deadline",
    "found_on",
    "position",
    "withdrawn",
)


def get(conn: sqlite3.Connection, hazard_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        f"SELECT {', '.join(HAZARD_COLUMNS)} FROM hazard WHERE id = ?", (hazard_id,)
    ).fetchone()
    return dict(zip(HAZARD_COLUMNS, row, strict=True)) if row else None


def of_inspection(conn: sqlite3.Connection, inspection_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        f"SELECT {', '.join(HAZARD_COLUMNS)} FROM hazard WHERE inspection_id = ? "
        "AND withdrawn = 0 ORDER BY position, id",
        (inspection_id,),
    )
    return [dict(zip(HAZARD_COLUMNS, r, strict=True)) for r in rows]


def of_item(conn: sqlite3.Connection, inspection_id: str, item_code: str) -> str | None:
    """The id of the hazard recorded from a checklist item of the inspection (not withdrawn)."""
    row = conn.execute(
        "SELECT id FROM hazard WHERE inspection_id = ? AND item_code = ? AND withdrawn = 0",
        (inspection_id, item_code),
    ).fetchone()
    return str(row[0]) if row else None


# -- the rules (the server runs them on every pushed record) ------------------------------------

HAZARD_SHAPES: Mapping[str, Shape] = {
    "inspection_id": text(36),
    "enterprise_id": text(36),
    "county_code": text(32),
    "town_code": text(32, optional=True),
    "supervising_unit": text(32),
    "supervision_industry": text(60),
    "item_code": text(60),
    "description": free_text(1000),
    "location": text(300),
    "basis": text(300),
    "major": FLAG,
    "measures": text(300),
    "deadline": DATE,
    "found_on": DATE,
    "position": integer(0),
    "withdrawn": FLAG,
}
# what a hazard takes from its inspection and keeps: where it was found, when, in which record
FROM_INSPECTION = ("inspection_id", "enterprise_id", "county_code", "town_code", "supervising_unit")
FIXED = (*FROM_INSPECTION, "found_on")
EVENT_SHAPES: Mapping[str, Shape] = {
    "hazard_id": text(36),
    "kind": text(20, choices=EVENT_KINDS),
    "occurred_on": DATE,
    "deadline": DATE,
    "inspection_id": text(36),
    "document_id": text(36),
    "case_id": text(36),
    "note": free_text(1000),
    "created_by": text(64),
}


def check_hazard(
    data: Mapping[str, Any], ctx: RuleContext, old: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """A hazard as it may be stored: on a draft inspection, found on the inspection's day
    (never in the future), with known on-site measures and a deadline not before the finding."""
    record = check_shape(data, HAZARD_SHAPES)
    inspection = inspection_rules.require_draft(ctx.facts, record["inspection_id"])
    if old is not None:
        inspection_rules.require_draft(ctx.facts, str(old["inspection_id"]))
        changed = [f for f in FIXED if record[f] != old.get(f)]
        if changed:
            raise error(changed[0], "fixed", "隐患登记后不能更改", "cannot change once recorded")
    found_on = inspection_rules.day_of(inspection)
    if old is None:
        wrong = [
            f
            for f in FROM_INSPECTION
            if record[f] != inspection.get(f if f != "inspection_id" else "id")
        ]
        if wrong:
            raise error(wrong[0], "inspection", "应与所属检查记录一致", "must match the inspection")
        if record["found_on"] != found_on.isoformat():
            raise error("found_on", "inspection", "应为检查日期", "must be the inspection's day")
    ctx.not_after_today(found_on, "found_on")
    if not record["description"].strip():
        raise error("description", "required", "不能为空", "is required")
    record["measures"] = _check_measures(record["measures"])
    if record["deadline"] and dt.date.fromisoformat(record["deadline"]) < found_on:
        raise error("deadline", "order", "不能早于检查日期", "must not be before the inspection")
    return record


def check_event(data: Mapping[str, Any], ctx: RuleContext) -> dict[str, Any]:
    """A lifecycle event that follows from the hazard's state, dated between the finding and
    today, with a deadline where it needs one."""
    record = check_shape(data, EVENT_SHAPES)
    hazard = ctx.facts.get("hazard", record["hazard_id"])
    if hazard is None:
        raise InspectionError("not_found", "找不到该隐患。", f"No hazard {record['hazard_id']}.")
    if not record["occurred_on"]:
        raise error("event", "required", "须填写日期", "needs its date")
    occurred_on = dt.date.fromisoformat(record["occurred_on"])
    if occurred_on < dt.date.fromisoformat(str(hazard["found_on"])):
        raise error(
            "event",
            "order",
            f"日期不能早于隐患发现之日（{hazard['found_on']}）",
            f"cannot be dated before the hazard was found ({hazard['found_on']})",
        )
    ctx.not_after_today(occurred_on, "event")
    kind = record["kind"]
    current = derive(
        event_from_record(e) for e in ctx.facts.find("hazard_event", {"hazard_id": hazard["id"]})
    )
    if kind not in ALLOWED[current.state]:
        raise InspectionError(
            "lifecycle",
            f"隐患处理环节：隐患当前为“{_state_name(current.state)}”，不能“{EVENT_KINDS[kind][0]}”。",
            f"Hazard step: the hazard is {current.state or 'unrecorded'}; {kind} does not follow.",
        )
    deadline = dt.date.fromisoformat(record["deadline"]) if record["deadline"] else None
    if kind in ("ordered", "extended"):
        if deadline is None:
            raise error("deadline", "required", "须定整改期限", "a deadline is required")
        if deadline < occurred_on:
            raise error("deadline", "order", "不能早于决定日期", "must not be before the order")
        if kind == "extended" and current.deadline and deadline <= current.deadline:
            raise error(
                "deadline",
                "extension",
                f"延期后的期限应晚于原期限{current.deadline.isoformat()}",
                f"an extension must end after {current.deadline.isoformat()}",
            )
    return record


def event_from_record(record: Mapping[str, Any]) -> Event:
    """An event from its record (``Facts``; ``created_at`` is local only: ids keep the order)."""
    return Event(
        str(record["id"]),
        str(record["hazard_id"]),
        str(record["kind"]),
        dt.date.fromisoformat(str(record["occurred_on"])),
        dt.date.fromisoformat(str(record["deadline"])) if record["deadline"] else None,
        str(record["inspection_id"]),
        str(record["document_id"]),
        str(record["case_id"]),
        str(record["note"]),
        str(record["created_by"]),
        str(record.get("created_at") or ""),
    )


def _check_measures(value: object) -> str:
    codes = [
        c for c in (value if isinstance(value, (list, tuple)) else str(value or "").split(",")) if c
    ]
    known = default_rules().measures
    bad = [c for c in codes if c not in known]
    if bad:
        names = "、".join(m.zh for m in known.values())
        raise error(
            "measures",
            "choice",
            f"“{bad[0]}”不是有效措施，应为：{names}",
            f"unknown measure {bad[0]!r}",
        )
    return ",".join(dict.fromkeys(str(c) for c in codes))


# -- writing -----------------------------------------------------------------------------------


def _check_date(value: object, field_name: str) -> str:
    if value in (None, ""):
        return ""
    return validation.parse_date(value, field_name).isoformat()


def _clean(changes: Mapping[str, object]) -> dict[str, Any]:
    """What an officer typed, tidied (the rules then run on the whole record)."""
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "description":
            out[key] = required_text(value, "description", 1000)
        elif key in ("location", "basis"):
            out[key] = " ".join(str(value or "").split())
        elif key == "major":
            out[key] = int(bool(value))
        elif key == "measures":
            out[key] = _check_measures(value)
        elif key == "deadline":
            out[key] = _check_date(value, "deadline")
        elif key == "item_code":
            out[key] = str(value or "")
        else:
            raise ValueError(f"not editable: {key}")
    return out


def _wire(row: Mapping[str, Any]) -> dict[str, Any]:
    return {f: row[f] for f in HAZARD_SHAPES}


def add(uow: UnitOfWork, inspection_id: str, values: Mapping[str, object]) -> str:
    """Record a hazard on a draft inspection; returns its id."""
    conn = uow.conn
    ctx = context.of(uow)
    inspection = inspection_rules.require_draft(ctx.facts, inspection_id)
    clean = _clean({"major": 0, "measures": "", "deadline": "", **values})
    if "description" not in clean:
        raise error("description", "required", "不能为空", "is required")
    industry = conn.execute(
        "SELECT supervision_industry FROM enterprise WHERE id = ?", (inspection["enterprise_id"],)
    ).fetchone()
    position = conn.execute(
        "SELECT coalesce(max(position), -1) + 1 FROM hazard WHERE inspection_id = ?",
        (inspection_id,),
    ).fetchone()[0]
    hazard_id = new_id()
    record = check_hazard(
        {
            "inspection_id": inspection_id,
            "enterprise_id": inspection["enterprise_id"],
            "county_code": inspection["county_code"],
            "town_code": inspection["town_code"],
            "supervising_unit": inspection["supervising_unit"],
            "supervision_industry": industry[0] if industry else "",
            "item_code": clean.get("item_code", ""),
            "description": clean["description"],
            "location": clean.get("location", ""),
            "basis": clean.get("basis", ""),
            "major": clean["major"],
            "measures": clean["measures"],
            "deadline": clean["deadline"],
            "found_on": inspection_rules.day_of(inspection).isoformat(),
            "position": position,
            "withdrawn": 0,
        },
        ctx,
    )
    columns = [*record, "id", "created_at", "updated_at"]
    conn.execute(
        f"INSERT INTO hazard({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})",
        {**record, "id": hazard_id, "created_at": uow.now, "updated_at": uow.now},
    )
    record.pop("withdrawn")
    uow.log("hazard", hazard_id, "insert", record)
    return hazard_id


def _change(uow: UnitOfWork, hazard_id: str, changes: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Apply ``changes`` to a hazard after the rules accept the changed record."""
    old = get(uow.conn, hazard_id)
    if old is None or old["withdrawn"]:
        raise InspectionError("not_found", "找不到该隐患。", f"No hazard {hazard_id}.")
    current = _wire(old)
    checked = check_hazard({**current, **changes}, context.of(uow), current)
    delta = diff(current, checked)
    if delta:
        sets = ", ".join(f"{f} = :{f}" for f in delta)
        uow.conn.execute(
            f"UPDATE hazard SET {sets}, updated_at = :now WHERE id = :id",
            {**{f: checked[f] for f in delta}, "now": uow.now, "id": hazard_id},
        )
        uow.log("hazard", hazard_id, "update", delta)
    return delta


def update(uow: UnitOfWork, hazard_id: str, changes: Mapping[str, object]) -> dict[str, list[Any]]:
    return _change(uow, hazard_id, _clean(changes))


def remove(uow: UnitOfWork, hazard_id: str) -> None:
    """Take a hazard off a draft inspection: marked withdrawn, never deleted (it may have
    reached the server already; the mark travels like any edit)."""
    old = get(uow.conn, hazard_id)
    if old is None or old["withdrawn"]:
        return
    _change(uow, hazard_id, {"withdrawn": 1})


def record_event(
    uow: UnitOfWork,
    hazard_id: str,
    kind: str,
    occurred_on: dt.date,
    deadline: dt.date | None = None,
    inspection_id: str = "",
    document_id: str = "",
    case_id: str = "",
    note: str = "",
) -> str:
    """Append a lifecycle event, refused when it does not follow from the current state."""
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown hazard event {kind!r}")
    if kind == "escalated" and not case_id and not note:
        note = "转立案查处"
    record = check_event(
        {
            "hazard_id": hazard_id,
            "kind": kind,
            "occurred_on": occurred_on.isoformat(),
            "deadline": deadline.isoformat() if deadline else "",
            "inspection_id": inspection_id,
            "document_id": document_id,
            "case_id": case_id,
            "note": note,
            "created_by": uow.author,
        },
        context.of(uow),
    )
    event_id = new_id()
    uow.conn.execute(
        "INSERT INTO hazard_event(id, hazard_id, kind, occurred_on, deadline, inspection_id, "
        "document_id, case_id, note, created_by, created_at) VALUES (:id, :hazard_id, :kind, "
        ":occurred_on, :deadline, :inspection_id, :document_id, :case_id, :note, :created_by, "
        ":now)",
        {**record, "id": event_id, "now": uow.now},
    )
    uow.log("hazard_event", event_id, "insert", record)
    return event_id
