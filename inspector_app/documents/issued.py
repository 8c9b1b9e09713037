"""Issued enforcement documents, whatever they come from (an inspection, a case, an accident):
the number series, the frozen content and the reading of them.

An issued document's content is stored as canonical JSON with its SHA-256 in the ``document``
table (what every reprint shows; the row cannot be changed). Numbers follow
``（{region}）应急{code}〔{year}〕{n}号`` (domain reference §4.2) and come from the device's blocks
of the series (``inspector_app.documents.numbers``). Rendering to PDF is the UI's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspector_app.documents import numbers
from inspector_app.store import attachments
from inspector_app.store.changelog import UnitOfWork


@dataclass(frozen=True)
class Document:
    id: str
    kind: str
    record_id: str
    enterprise_id: str
    number: str
    issued_on: str
    content: dict[str, Any]
    content_sha256: str
    created_at: str

    @property
    def title(self) -> str:
        return str(self.content.get("title") or self.kind)


def format_number(region: str, doc_type: str, year: int, seq: int) -> str:
    """（嘉）应急检记〔2026〕17号 — 六角括号 for the year (domain reference §4.2)."""
    return f"（{region}）应急{doc_type}〔{year}〕{seq}号"


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_time(stamp: str) -> str:
    if not stamp:
        return ""
    t = dt.datetime.fromisoformat(stamp)
    return f"{t.year}年{t.month}月{t.day}日{t.hour:02d}时{t.minute:02d}分"


# -- reading -----------------------------------------------------------------------------------

_COLUMNS = (
    "id, kind, record_id, enterprise_id, number, issued_on, content, content_sha256, created_at"
)


def _document(row: Sequence[Any]) -> Document:
    values = list(row)
    values[6] = json.loads(values[6])
    return Document(*values)


def get(conn: sqlite3.Connection, document_id: str) -> Document | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM document WHERE id = ?", (document_id,)).fetchone()
    return _document(row) if row else None


def of_record(conn: sqlite3.Connection, record_id: str) -> list[Document]:
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM document WHERE record_id = ? ORDER BY created_at, id",
        (record_id,),
    )
    return [_document(r) for r in rows]


def of_enterprise(conn: sqlite3.Connection, enterprise_id: str) -> list[Document]:
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM document WHERE enterprise_id = ? ORDER BY issued_on DESC, "
        "created_at DESC",
        (enterprise_id,),
    )
    return [_document(r) for r in rows]


def store_issued(
    uow: UnitOfWork, document_id: str, content: Mapping[str, Any], where: Mapping[str, Any]
) -> Document:
    """Store an issued document in the caller's unit of work: its content frozen as canonical
    JSON with its SHA-256 (what every reprint shows), ``where`` its kind, record and number."""
    encoded = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    record = {
        **where,
        "content": encoded,
        "content_sha256": hashlib.sha256(encoded.encode("utf-8")).hexdigest(),
        "created_by": uow.author,
    }
    columns = [*record, "id", "created_at"]
    marks = ", ".join(":" + c for c in columns)
    uow.conn.execute(
        f"INSERT INTO document({', '.join(columns)}) VALUES ({marks})",
        {**record, "id": document_id, "created_at": uow.now},
    )
    uow.log("document", document_id, "insert", record)
    found = get(uow.conn, document_id)
    assert found is not None
    return found


def take_number(uow: UnitOfWork, series: numbers.Series, record_id: str) -> int:
    """The series' next number in this unit of work; a device that never leased the series
    from the server opens a block of its own local range (``numbers`` module docstring)."""
    try:
        return numbers.take(uow.conn, series, record_id, uow.now)
    except numbers.NumbersError as exc:
        if exc.code != "no_numbers":
            raise
        numbers.open_local_block(uow.conn, uow.store.device_id, series, uow.now)
        return numbers.take(uow.conn, series, record_id, uow.now)


def printable(content: Mapping[str, Any], attachments_dir: Path) -> dict[str, Any]:
    """The content with each signature's image as a file path (what the renderer draws)."""

    def resolve(sig: Mapping[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in sig.items() if k != "image_sha256"}
        if "image_sha256" in sig:
            path = attachments.path_of(attachments_dir, str(sig["image_sha256"]))
            out["image"] = str(path) if path.is_file() else None
        elif "refused" not in sig:
            out.setdefault("image", None)
        return out

    result = dict(content)
    sigs = content.get("signatures")
    if isinstance(sigs, Mapping):
        result["signatures"] = {
            role: [resolve(s) for s in value] if isinstance(value, list) else resolve(value)
            for role, value in sigs.items()
        }
    return result
