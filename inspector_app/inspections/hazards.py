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
from pathlib import Path
from typing import Any

from inspector_app.cases import articles
from inspector_app.inspections import inspections, photos
from inspector_app.inspections.inspections import InspectionError, default_rules, require
from inspector_app.registry.validation import error, required_text
from inspector_app.store import attachments
from inspector_app.store.changelog import UnitOfWork, diff
from inspector_app.store.clock import new_id
from inspector_app.store.database import Store

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


def photos_of(conn: sqlite3.Connection, hazard_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT sha256, original_name, taken_at, position FROM hazard_photo "
        "WHERE hazard_id = ? AND withdrawn = 0 ORDER BY position, sha256",
        (hazard_id,),
    )
    return [
        dict(zip(("sha256", "original_name", "taken_at", "position"), r, strict=True)) for r in rows
    ]


@dataclass(frozen=True)
class BoardFilter:
    """What the hazard board shows: ``view`` is open | due_week | overdue | closed | all."""

    view: str = "open"
    county_code: str | None = None
    town_code: str | None = None
    industry: str | None = None
    major: bool | None = None
    enterprise_id: str | None = None


@dataclass(frozen=True)
class BoardRow:
    hazard: dict[str, Any]
    enterprise_name: str
    state: HazardState


def board(conn: sqlite3.Connection, today: dt.date, flt: BoardFilter) -> list[BoardRow]:
    """Hazards of signed inspections matching the filter, most urgent first."""
    where = ["i.status = 'signed'", "h.withdrawn = 0"]
    params: list[Any] = []
    for column, value in (
        ("h.county_code", flt.county_code),
        ("h.town_code", flt.town_code),
        ("h.supervision_industry", flt.industry),
        ("h.enterprise_id", flt.enterprise_id),
    ):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if flt.major is not None:
        where.append("h.major = ?")
        params.append(int(flt.major))
    columns = ", ".join(f"h.{c}" for c in HAZARD_COLUMNS)
    rows = conn.execute(
        f"SELECT {columns}, coalesce(e.name, '') FROM hazard h "
        "JOIN inspection i ON i.id = h.inspection_id "
        "LEFT JOIN enterprise e ON e.id = h.enterprise_id "
        f"WHERE {' AND '.join(where)}",
        params,
    ).fetchall()
    by_hazard: dict[str, list[Event]] = {}
    ids = [r[0] for r in rows]
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        for r in conn.execute(
            f"SELECT {EVENT_COLUMNS} FROM hazard_event WHERE hazard_id IN "
            f"({', '.join('?' * len(part))})",
            part,
        ):
            by_hazard.setdefault(r[1], []).append(event_from_row(r))
    out: list[BoardRow] = []
    for r in rows:
        derived = derive(by_hazard.get(r[0], []))
        keep = {
            "open": derived.is_open,
            "due_week": derived.due_within(today, 7),
            "overdue": derived.overdue(today),
            "closed": not derived.is_open,
            "all": True,
        }[flt.view]
        if keep:
            out.append(BoardRow(dict(zip(HAZARD_COLUMNS, r[:-1], strict=True)), r[-1], derived))
    far = dt.date.max
    out.sort(key=lambda b: (b.state.deadline or far, b.hazard["found_on"], b.hazard["id"]))
    return out


@dataclass(frozen=True)
class ClosureCheck:
    """安全生产法 Art. 113 (一): major hazards penalised in the windows, and whether closure
    must be proposed to the government."""

    counts: tuple[tuple[int, int, int], ...]  # (days, threshold, count)

    @property
    def triggered(self) -> bool:
        return any(count >= threshold for _, threshold, count in self.counts)


def closure_check(conn: sqlite3.Connection, enterprise_id: str, today: dt.date) -> ClosureCheck:
    """Count the enterprise's major hazards escalated to a penalty case in each window."""
    days = [
        dt.date.fromisoformat(r[0])
        for r in conn.execute(
            "SELECT e.occurred_on FROM hazard_event e JOIN hazard h ON h.id = e.hazard_id "
            "WHERE h.enterprise_id = ? AND h.major = 1 AND e.kind = 'escalated'",
            (enterprise_id,),
        )
    ]
    # 安全生产法 Art. 113 (一): 3 times in 180 days or 4 in a year (the article catalogue)
    windows = articles.default_catalogue().closure_rule.repeat_windows
    counts = tuple(
        (window, threshold, sum(1 for d in days if today - dt.timedelta(days=window) < d <= today))
        for window, threshold in windows
    )
    return ClosureCheck(counts)


def major_counts(conn: sqlite3.Connection, enterprise_id: str) -> tuple[int, int]:
    """(major hazards found, of which still open) for an enterprise — listed supervision."""
    ids = [
        r[0]
        for r in conn.execute(
            "SELECT h.id FROM hazard h JOIN inspection i ON i.id = h.inspection_id "
            "WHERE h.enterprise_id = ? AND h.major = 1 AND i.status = 'signed' "
            "AND h.withdrawn = 0",
            (enterprise_id,),
        )
    ]
    return len(ids), sum(1 for i in ids if state(conn, i).is_open)


# -- writing -----------------------------------------------------------------------------------


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


def _check_date(value: object, field_name: str) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise error(
            field_name,
            "date",
            f"“{value}”不是有效日期（格式：2026-01-31）",
            f"{value!r} is not a valid date (format 2026-01-31)",
        ) from None


def _clean(changes: Mapping[str, object], found_on: dt.date) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "description":
            out[key] = required_text(value, "description", 1000)
        elif key in ("location", "basis"):
            text = str(value or "").strip()
            if len(text) > 300:
                raise error(
                    key, "max_length", "不能超过300个字符", "must be at most 300 characters"
                )
            out[key] = text
        elif key == "major":
            out[key] = int(bool(value))
        elif key == "measures":
            out[key] = _check_measures(value)
        elif key == "deadline":
            out[key] = _check_date(value, "deadline")
            if out[key] and dt.date.fromisoformat(out[key]) < found_on:
                raise error(
                    "deadline", "order", "不能早于检查日期", "must not be before the inspection"
                )
        elif key == "item_code":
            out[key] = str(value or "")
        else:
            raise ValueError(f"not editable: {key}")
    return out


def _draft_inspection(conn: sqlite3.Connection, inspection_id: str) -> Any:
    found = require(conn, inspection_id)
    if found.signed:
        raise InspectionError(
            "signed",
            "该检查记录已签名，隐患不能再修改；如需更正，请制作更正记录。",
            "The inspection is signed: its hazards cannot be changed.",
        )
    return found


def add(uow: UnitOfWork, inspection_id: str, values: Mapping[str, object]) -> str:
    """Record a hazard on a draft inspection; returns its id."""
    conn = uow.conn
    inspection = _draft_inspection(conn, inspection_id)
    clean = _clean({"major": 0, "measures": "", "deadline": "", **values}, inspection.day)
    if "description" not in clean:
        raise error("description", "required", "不能为空", "is required")
    industry = conn.execute(
        "SELECT supervision_industry FROM enterprise WHERE id = ?", (inspection.enterprise_id,)
    ).fetchone()
    position = conn.execute(
        "SELECT coalesce(max(position), -1) + 1 FROM hazard WHERE inspection_id = ?",
        (inspection_id,),
    ).fetchone()[0]
    hazard_id = new_id()
    record = {
        "inspection_id": inspection_id,
        "enterprise_id": inspection.enterprise_id,
        "county_code": inspection.county_code,
        "town_code": inspection.town_code,
        "supervising_unit": inspection.supervising_unit,
        "supervision_industry": industry[0] if industry else "",
        "item_code": clean.get("item_code", ""),
        "description": clean["description"],
        "location": clean.get("location", ""),
        "basis": clean.get("basis", ""),
        "major": clean["major"],
        "measures": clean["measures"],
        "deadline": clean["deadline"],
        "found_on": inspection.day.isoformat(),
        "position": position,
    }
    columns = [*record, "id", "created_at", "updated_at"]
    conn.execute(
        f"INSERT INTO hazard({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})",
        {**record, "id": hazard_id, "created_at": uow.now, "updated_at": uow.now},
    )
    uow.log("hazard", hazard_id, "insert", record)
    return hazard_id


def update(uow: UnitOfWork, hazard_id: str, changes: Mapping[str, object]) -> dict[str, list[Any]]:
    conn = uow.conn
    old = get(conn, hazard_id)
    if old is None or old["withdrawn"]:
        raise InspectionError("not_found", "找不到该隐患。", f"No hazard {hazard_id}.")
    inspection = _draft_inspection(conn, old["inspection_id"])
    clean = _clean(changes, inspection.day)
    delta = diff(old, clean)
    if delta:
        sets = ", ".join(f"{f} = :{f}" for f in delta)
        conn.execute(
            f"UPDATE hazard SET {sets}, updated_at = :now WHERE id = :id",
            {**{f: clean[f] for f in delta}, "now": uow.now, "id": hazard_id},
        )
        uow.log("hazard", hazard_id, "update", delta)
    return delta


def remove(uow: UnitOfWork, hazard_id: str) -> None:
    """Take a hazard off a draft inspection: marked withdrawn, never deleted (it may have
    reached the server already; the mark travels like any edit)."""
    conn = uow.conn
    old = get(conn, hazard_id)
    if old is None or old["withdrawn"]:
        return
    _draft_inspection(conn, old["inspection_id"])
    conn.execute(
        "UPDATE hazard SET withdrawn = 1, updated_at = ? WHERE id = ?", (uow.now, hazard_id)
    )
    uow.log("hazard", hazard_id, "update", {"withdrawn": [0, 1]})


def remove_photo(uow: UnitOfWork, hazard_id: str, sha256: str) -> None:
    """Take a photo off a hazard of a draft inspection (marked withdrawn; the file stays)."""
    conn = uow.conn
    old = get(conn, hazard_id)
    if old is None:
        return
    _draft_inspection(conn, old["inspection_id"])
    row = conn.execute(
        "SELECT id FROM hazard_photo WHERE hazard_id = ? AND sha256 = ? AND withdrawn = 0",
        (hazard_id, sha256),
    ).fetchone()
    if row is not None:
        conn.execute("UPDATE hazard_photo SET withdrawn = 1 WHERE id = ?", (row[0],))
        uow.log("hazard_photo", row[0], "update", {"withdrawn": [0, 1]})


def import_photo(store: Store, attachments_dir: Path, source: Path) -> tuple[str, str]:
    """Copy a photo into the attachments (content-addressed, never altered); returns
    (sha256, taken_at from its EXIF or "")."""
    media = photos.media_type(source)
    sha = attachments.add_file(store, attachments_dir, source, media)
    return sha, photos.taken_at(source)


def add_photo(
    uow: UnitOfWork, hazard_id: str, sha256: str, original_name: str = "", taken_at: str = ""
) -> str | None:
    """Link an imported photo to a hazard of a draft inspection; None if already linked."""
    conn = uow.conn
    old = get(conn, hazard_id)
    if old is None or old["withdrawn"]:
        raise InspectionError("not_found", "找不到该隐患。", f"No hazard {hazard_id}.")
    _draft_inspection(conn, old["inspection_id"])
    linked = conn.execute(
        "SELECT id, withdrawn FROM hazard_photo WHERE hazard_id = ? AND sha256 = ?",
        (hazard_id, sha256),
    ).fetchone()
    if linked is not None:
        if not linked[1]:
            return None
        conn.execute("UPDATE hazard_photo SET withdrawn = 0 WHERE id = ?", (linked[0],))
        uow.log("hazard_photo", linked[0], "update", {"withdrawn": [1, 0]})
        return str(linked[0])
    position = conn.execute(
        "SELECT coalesce(max(position), -1) + 1 FROM hazard_photo WHERE hazard_id = ?",
        (hazard_id,),
    ).fetchone()[0]
    photo_id = new_id()
    record = {
        "hazard_id": hazard_id,
        "sha256": sha256,
        "original_name": original_name[:200],
        "taken_at": taken_at,
        "position": position,
    }
    conn.execute(
        "INSERT INTO hazard_photo(id, hazard_id, sha256, original_name, taken_at, position, "
        "created_at) VALUES (:id, :hazard_id, :sha256, :original_name, :taken_at, :position, :now)",
        {**record, "id": photo_id, "now": uow.now},
    )
    uow.log("hazard_photo", photo_id, "insert", record)
    return photo_id


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
    conn = uow.conn
    found = get(conn, hazard_id)
    if found is None:
        raise InspectionError("not_found", "找不到该隐患。", f"No hazard {hazard_id}.")
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown hazard event {kind!r}")
    if occurred_on < dt.date.fromisoformat(found["found_on"]):
        raise error(
            "event",
            "order",
            f"日期不能早于隐患发现之日（{found['found_on']}）",
            f"cannot be dated before the hazard was found ({found['found_on']})",
        )
    current = state(conn, hazard_id)
    if kind not in ALLOWED[current.state]:
        now_zh = _state_name(current.state)
        raise InspectionError(
            "lifecycle",
            f"{'隐患处理环节'}：隐患当前为“{now_zh}”，不能“{EVENT_KINDS[kind][0]}”。",
            f"Hazard step: the hazard is {current.state or 'unrecorded'}; {kind} does not follow.",
        )
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
    if kind == "escalated" and not case_id and not note:
        note = "转立案查处"
    event_id = new_id()
    record = {
        "hazard_id": hazard_id,
        "kind": kind,
        "occurred_on": occurred_on.isoformat(),
        "deadline": deadline.isoformat() if deadline else "",
        "inspection_id": inspection_id,
        "document_id": document_id,
        "case_id": case_id,
        "note": note,
        "created_by": uow.author,
    }
    conn.execute(
        "INSERT INTO hazard_event(id, hazard_id, kind, occurred_on, deadline, inspection_id, "
        "document_id, case_id, note, created_by, created_at) VALUES (:id, :hazard_id, :kind, "
        ":occurred_on, :deadline, :inspection_id, :document_id, :case_id, :note, :created_by, "
        ":now)",
        {**record, "id": event_id, "now": uow.now},
    )
    uow.log("hazard_event", event_id, "insert", record)
    return event_id


# -- review (整改复查) ----------------------------------------------------------------------

REVIEW_PREFIX = inspections.REVIEW_PREFIX


def start_review(
    uow: UnitOfWork,
    tree: Any,
    hazard_ids: Sequence[str],
    officer_ids: Sequence[str],
    started_at: dt.datetime | str | None = None,
) -> str:
    """Start a review inspection of ordered hazards of one enterprise: its checklist is the
    hazards (compliant = rectified, hazard = not rectified); signing it records the reviews."""
    from inspector_app.inspections import inspections
    from inspector_app.inspections.checklists import ChecklistItem

    conn = uow.conn
    rows = [get(conn, h) for h in hazard_ids]
    found = [r for r in rows if r is not None]
    if not found or len(found) != len(hazard_ids):
        raise InspectionError("not_found", "找不到要复查的隐患。", "No such hazard to review.")
    enterprises = {r["enterprise_id"] for r in found}
    if len(enterprises) != 1:
        raise InspectionError(
            "review_scope",
            "一次复查只能针对同一单位的隐患。",
            "One review covers the hazards of one enterprise.",
        )
    for r in found:
        current = state(conn, r["id"])
        if current.state not in ("ordered", "review_failed"):
            raise InspectionError(
                "lifecycle",
                f"隐患“{r['description'][:20]}”当前为“{_state_name(current.state)}”，不需复查。",
                f"Hazard {r['id']} is {current.state or 'unrecorded'}: nothing to review.",
            )
    checklist = [
        ChecklistItem(
            code=REVIEW_PREFIX + r["id"],
            text=r["description"],
            section_id="review",
            section_title="整改复查",
            checklist_id="review",
            basis=r["basis"],
            major=bool(r["major"]),
            verified=True,
            note="",
        )
        for r in found
    ]
    return inspections.start(
        uow,
        tree,
        enterprises.pop(),
        officer_ids,
        "review",
        checklist,
        started_at=started_at,
    )


def apply_review(uow: UnitOfWork, inspection_id: str, day: dt.date) -> int:
    """On signing a review inspection: a passed or failed review event per reviewed hazard."""
    from inspector_app.inspections import inspections

    count = 0
    for item in inspections.items(uow.conn, inspection_id):
        if not item.item_code.startswith(REVIEW_PREFIX):
            continue
        kind = {"compliant": "review_passed", "hazard": "review_failed"}.get(item.verdict)
        if kind is None:
            continue
        record_event(
            uow,
            item.item_code[len(REVIEW_PREFIX) :],
            kind,
            day,
            inspection_id=inspection_id,
            note=item.note,
        )
        count += 1
    return count
