"""Officers and their enforcement certificates (执法人员 / 行政执法证).

An officer may act only with a certificate valid on the day (行政处罚法 Art. 42, 安全生产法
Art. 67): ``valid_certificate`` is the one place that rule is checked.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from inspector_app.registry import context
from inspector_app.registry.context import RuleContext
from inspector_app.registry.shapes import DATE, FLAG, Shape, check_shape, text
from inspector_app.registry.validation import choice, error, required_text
from inspector_app.registry.validation import parse_date as parse_date  # callers know it here
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.clock import new_id
from inspector_app.store.database import Store
from inspector_app.store.facts import Facts

ROLES = {
    "city": "市执法队",
    "county": "县级执法人员",
    "park": "派驻园区执法人员",
    "township": "镇（街道）执法人员",
    "approver": "审批负责人",
    "admin": "系统管理员",
}


@dataclass(frozen=True)
class Certificate:
    id: str
    officer_id: str
    number: str
    issuing_authority: str
    issued_on: dt.date
    expires_on: dt.date
    revoked: bool

    def valid_on(self, day: dt.date) -> bool:
        return not self.revoked and self.issued_on <= day <= self.expires_on


@dataclass(frozen=True)
class Officer:
    id: str
    name: str
    unit_code: str
    role: str
    phone: str
    active: bool


OFFICER_SHAPES: Mapping[str, Shape] = {
    "name": text(50),
    "unit_code": text(32),
    "role": text(16, choices=ROLES),
    "phone": text(40),
    "active": FLAG,
}
CERTIFICATE_SHAPES: Mapping[str, Shape] = {
    "officer_id": text(36),
    "number": text(40),
    "issuing_authority": text(100),
    "issued_on": DATE,
    "expires_on": DATE,
    "revoked": FLAG,
}


def check_officer(
    data: Mapping[str, Any], ctx: RuleContext, old: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """An officer of a known unit with a role of ``ROLES``."""
    record = check_shape(data, OFFICER_SHAPES)
    record["name"] = required_text(record["name"], "officer_name", 50)
    if ctx.tree is not None or ctx.registry is not None:
        if record["unit_code"] not in ctx.jurisdictions().units:
            raise error(
                "unit_code",
                "unknown",
                f"“{record['unit_code']}”不是已知的单位",
                f"{record['unit_code']!r} is not a known unit",
            )
    return record


def check_certificate(
    data: Mapping[str, Any], ctx: RuleContext, old: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """An enforcement certificate of a known officer, expiring after it was issued (never
    issued in the future); once recorded only its revocation changes."""
    record = check_shape(data, CERTIFICATE_SHAPES)
    record["number"] = required_text(record["number"], "certificate_no", 40)
    record["issuing_authority"] = required_text(
        record["issuing_authority"], "issuing_authority", 100
    )
    issued = parse_date(record["issued_on"], "issued_on")
    expires = parse_date(record["expires_on"], "expires_on")
    if expires <= issued:
        raise error(
            "expires_on",
            "order",
            "有效期截止日应晚于发证日期",
            "expiry must be after the issue date",
        )
    ctx.not_after_today(issued, "issued_on")
    if ctx.facts.get("officer", record["officer_id"]) is None:
        raise error("officer_id", "unknown", "找不到该执法人员", "no such officer")
    if old is not None:
        changed = [k for k in CERTIFICATE_SHAPES if k != "revoked" and record[k] != old.get(k)]
        if changed:
            raise error(changed[0], "fixed", "执法证登记后只能注销", "only revocation may change")
    return record


def create(uow: UnitOfWork, name: str, unit_code: str, role: str, phone: str = "") -> str:
    officer_id = new_id()
    record = check_officer(
        {
            "name": name,
            "unit_code": unit_code,
            "role": choice(role, "role", ROLES),
            "phone": phone,
            "active": 1,
        },
        context.of(uow),
    )
    uow.conn.execute(
        "INSERT INTO officer(id, name, unit_code, role, phone, active, created_at, updated_at) "
        "VALUES (:id, :name, :unit_code, :role, :phone, :active, :now, :now)",
        {**record, "id": officer_id, "now": uow.now},
    )
    uow.log("officer", officer_id, "insert", record)
    return officer_id


def add_certificate(
    uow: UnitOfWork,
    officer_id: str,
    number: str,
    issuing_authority: str,
    issued_on: object,
    expires_on: object,
) -> str:
    cert_id = new_id()
    record = check_certificate(
        {
            "officer_id": officer_id,
            "number": str(number),
            "issuing_authority": str(issuing_authority),
            "issued_on": parse_date(issued_on, "issued_on").isoformat(),
            "expires_on": parse_date(expires_on, "expires_on").isoformat(),
            "revoked": 0,
        },
        context.of(uow),
    )
    uow.conn.execute(
        "INSERT INTO enforcement_certificate(id, officer_id, number, issuing_authority, "
        "issued_on, expires_on, revoked, created_at) VALUES (:id, :officer_id, :number, "
        ":issuing_authority, :issued_on, :expires_on, :revoked, :now)",
        {**record, "id": cert_id, "now": uow.now},
    )
    uow.log("enforcement_certificate", cert_id, "insert", record)
    return cert_id


def load_snapshot(store: Store, rows: Iterable[Mapping[str, Any]]) -> int:
    """Install reference officers with one certificate each (demo data; later the server's)."""
    now = store.clock.timestamp()
    count = 0
    with store.transaction() as conn:
        for row in rows:
            officer_id, cert_id = new_id(), new_id()
            conn.execute(
                "INSERT INTO officer(id, name, unit_code, role, phone, active, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
                (officer_id, row["name"], row["unit_code"], row["role"], row["phone"], now, now),
            )
            conn.execute(
                "INSERT INTO enforcement_certificate(id, officer_id, number, issuing_authority, "
                "issued_on, expires_on, revoked, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
                (
                    cert_id,
                    officer_id,
                    row["certificate_no"],
                    row["certificate_authority"],
                    row["certificate_issued_on"],
                    row["certificate_expires_on"],
                    now,
                ),
            )
            count += 1
    return count


def list_officers(conn: sqlite3.Connection, unit_code: str | None = None) -> list[Officer]:
    sql = "SELECT id, name, unit_code, role, phone, active FROM officer"
    params: tuple[Any, ...] = ()
    if unit_code:
        sql += " WHERE unit_code = ?"
        params = (unit_code,)
    rows = conn.execute(sql + " ORDER BY unit_code, name", params)
    return [Officer(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in rows]


def names(conn: sqlite3.Connection) -> dict[str, str]:
    """Every officer's name by id (timelines and lists name the officers of a step)."""
    return {str(r[0]): str(r[1]) for r in conn.execute("SELECT id, name FROM officer")}


def certificates(conn: sqlite3.Connection, officer_id: str) -> list[Certificate]:
    rows = conn.execute(
        "SELECT id, officer_id, number, issuing_authority, issued_on, expires_on, revoked "
        "FROM enforcement_certificate WHERE officer_id = ? ORDER BY expires_on DESC",
        (officer_id,),
    )
    return [
        Certificate(
            r[0],
            r[1],
            r[2],
            r[3],
            dt.date.fromisoformat(r[4]),
            dt.date.fromisoformat(r[5]),
            bool(r[6]),
        )
        for r in rows
    ]


def roster(conn: sqlite3.Connection) -> list[tuple[Officer, Certificate | None]]:
    """Every officer with the certificate that expires last (one query, for list views)."""
    rows = conn.execute(
        "SELECT o.id, o.name, o.unit_code, o.role, o.phone, o.active, c.id, c.number, "
        "c.issuing_authority, c.issued_on, c.expires_on, c.revoked FROM officer o "
        "LEFT JOIN enforcement_certificate c ON c.id = ("
        "  SELECT id FROM enforcement_certificate WHERE officer_id = o.id "
        "  ORDER BY expires_on DESC LIMIT 1) "
        "ORDER BY o.unit_code, o.name"
    )
    out: list[tuple[Officer, Certificate | None]] = []
    for r in rows:
        officer = Officer(r[0], r[1], r[2], r[3], r[4], bool(r[5]))
        cert = None
        if r[6] is not None:
            cert = Certificate(
                r[6],
                r[0],
                r[7],
                r[8],
                dt.date.fromisoformat(r[9]),
                dt.date.fromisoformat(r[10]),
                bool(r[11]),
            )
        out.append((officer, cert))
    return out


def valid_certificate(
    conn: sqlite3.Connection, officer_id: str, day: dt.date
) -> Certificate | None:
    """The certificate that lets the officer act on ``day``, or None (行政处罚法 Art. 42)."""
    return valid_among(certificates(conn, officer_id), day)


def valid_among(held: Iterable[Certificate], day: dt.date) -> Certificate | None:
    """The one place the rule is written: not revoked, issued on or before ``day``, not
    expired (the latest-expiring first)."""
    for cert in sorted(held, key=lambda c: c.expires_on, reverse=True):
        if cert.valid_on(day):
            return cert
    return None


def officer_from(record: Mapping[str, Any]) -> Officer:
    """An officer from its record (``Facts``)."""
    return Officer(
        str(record["id"]),
        str(record["name"]),
        str(record["unit_code"]),
        str(record["role"]),
        str(record["phone"] or ""),
        bool(record["active"]),
    )


def certificate_from(record: Mapping[str, Any]) -> Certificate:
    return Certificate(
        str(record["id"]),
        str(record["officer_id"]),
        str(record["number"]),
        str(record["issuing_authority"]),
        dt.date.fromisoformat(str(record["issued_on"])),
        dt.date.fromisoformat(str(record["expires_on"])),
        bool(record["revoked"]),
    )


def certificates_of(facts: Facts, officer_id: str) -> list[Certificate]:
    return [
        certificate_from(r)
        for r in facts.find("enforcement_certificate", {"officer_id": officer_id})
    ]


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM officer").fetchone()[0])
