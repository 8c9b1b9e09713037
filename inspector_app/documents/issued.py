"""Issued enforcement documents, whatever they come from (an inspection, a case, an accident):
the number series, the frozen content and the reading of them.

An issued document's content is stored as canonical JSON with its SHA-256 in the ``document``
table (what every reprint shows; the row cannot be changed). Numbers follow
``（{region}）应急{code}〔{year}〕{n}号`` (domain reference §4.2) and come from the device's blocks
of the series (``inspector_app.documents.numbers``). Rendering to PDF is the UI's.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspector_app.documents import numbers
from inspector_app.messages import Bilingual
from inspector_app.registry import context
from inspector_app.registry.context import RuleContext
from inspector_app.registry.shapes import DATE, Shape, check_shape, integer, json_text, text
from inspector_app.registry.validation import error
from inspector_app.store import attachments
from inspector_app.store.attachments import Vault
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


# the records a document is issued from
RECORD_TABLES = ("inspection", "penalty_case", "accident", "warning_notice", "report_check_round")
DOCUMENT_SHAPES: Mapping[str, Shape] = {
    "kind": text(40),
    "record_table": text(
        20,
        choices=("inspection", "penalty_case", "accident", "warning_notice", "report_check_round"),
    ),
    "record_id": text(36),
    "enterprise_id": text(36),
    "county_code": text(32),
    "doc_type": text(numbers.MAX_DOC_TYPE),
    "authority": text(numbers.MAX_AUTHORITY),
    "year": integer(2000, 2100),
    "seq": integer(1),
    "number": text(80),
    "issued_on": DATE,
    "content": json_text(500_000),
    "content_sha256": text(64),
    "supersedes_id": text(36, optional=True),
    "created_by": text(64),
}


def seal(content: Mapping[str, Any]) -> tuple[str, str]:
    """(canonical JSON, its SHA-256): how an issued document's content is frozen."""
    encoded = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return encoded, hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def check_document(data: Mapping[str, Any], ctx: RuleContext) -> dict[str, Any]:
    """An issued document: its content hash is the hash of its content, its number is the
    number of its series and running number, it is dated no later than today in the year of
    its series, and it is issued from a record that exists (an inspection only once signed)."""
    record = check_shape(data, DOCUMENT_SHAPES)
    if hashlib.sha256(record["content"].encode("utf-8")).hexdigest() != record["content_sha256"]:
        raise DocumentSealError(
            "content_hash",
            "文书内容与其校验值不符。",
            "The document's content does not match its hash.",
        )
    expected = expected_number(record)
    if not record["number"].endswith(expected[expected.index("〔") :]):
        raise error("number", "format", f"文号应为“{expected}”", f"the number should be {expected}")
    if not record["issued_on"]:
        raise error("issued_on", "required", "不能为空", "is required")
    issued_on = dt.date.fromisoformat(record["issued_on"])
    ctx.not_after_today(issued_on, "issued_on")
    if issued_on.year != record["year"]:
        raise error("issued_on", "year", "应在文号的年度内", "must fall in the number's year")
    source = ctx.facts.get(record["record_table"], record["record_id"])
    if source is None:
        raise DocumentSealError("not_found", "找不到文书所依据的记录。", "No such record.")
    if record["record_table"] == "inspection" and source["status"] != "signed":
        raise DocumentSealError(
            "not_signed", "检查记录签名后才能出具文书。", "Documents come from a signed record."
        )
    return record


# a case's documents share its running number (seq = running number × 1000 + how many of the
# kind came before): the first of a kind is 17号, a second 17-2号 (domain reference §4.2)
CASE_SEQ = 1000


def expected_number(record: Mapping[str, Any]) -> str:
    """The number a document of this series and running number carries in the usual form
    (a kind may word the part before the year its own way: ``〔year〕n号`` is what counts)."""
    if record["record_table"] == "penalty_case":
        base, nth = divmod(int(record["seq"]), CASE_SEQ)
        number = format_number(record["authority"], record["doc_type"], record["year"], base)
        return number if nth == 0 else number.replace("号", f"-{nth + 1}号")
    return format_number(record["authority"], record["doc_type"], record["year"], record["seq"])


class DocumentSealError(Bilingual):
    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(zh, en, code)


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
    encoded, digest = seal(content)
    record = check_document(
        {
            "supersedes_id": None,
            **where,
            "content": encoded,
            "content_sha256": digest,
            "created_by": uow.author,
        },
        context.of(uow),
    )
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


def printable(content: Mapping[str, Any], attachments_dir: Path | Vault) -> dict[str, Any]:
    """The content with each signature's image as a ``data:`` URL (what the renderer draws):
    read through the vault, so a sealed signature is never written out in clear; a missing or
    damaged image prints as a blank line to sign on paper."""
    vault = Vault.of(attachments_dir)

    def resolve(sig: Mapping[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in sig.items() if k != "image_sha256"}
        if "image_sha256" in sig:
            try:
                data = vault.read_bytes(str(sig["image_sha256"]))
            except (attachments.AttachmentError, OSError):
                out["image"] = None
            else:
                out["image"] = "data:image/png;base64," + base64.b64encode(data).decode()
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
