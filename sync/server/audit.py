"""The server's copy of each device's audit chain, and the heads it signs.

A device sends the rows of its chain (``inspector_app.store.audit``) that the server does not
hold yet; the server checks that they continue its copy — next ``seq``, linked to the head it
holds, each hash recomputed, every row of the caller's own device — stores them and signs
(server, device, count, head, time) with the server's Ed25519 key. The device keeps the signed
head; a chain later rewritten on the laptop no longer ends in it, and the server's copy names
where the two differ.

Endpoints (signed-in devices; answers signed like every other):

* ``GET /api/v1/audit/head`` → the last head signed for the caller's device
  ``{device_id, count, head, signed_at, signature, public_key, server_id}`` (count 0 if none).
* ``POST /api/v1/audit/checkpoint`` ``{rows: [...]}`` → the new signed head. Rows the server
  already holds may be sent again (a retry after a lost answer) if they are the same rows; a
  row that differs from the server's copy, a broken link or a bad hash is 409 ``audit_broken``
  with its ``seq``; rows that do not start right after the server's count are 409
  ``audit_gap`` with the ``count`` to resend from.

``python -m sync.server.audit verify [--db URL]`` walks every device's stored chain and checks
each signed head: exit 0 intact, 1 broken (each problem printed), 2 cannot open.
"""

from __future__ import annotations

import argparse
import base64
import sys
from collections.abc import Sequence
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from fastapi import FastAPI, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field, StrictInt
from sqlalchemy import Engine, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from inspector_app.store import audit as chain
from sync.protocol import API_PREFIX, canonical
from sync.server import db
from sync.server.api import Api, ApiError, insert_if_missing
from sync.server.auth import Principal

MAX_ROWS = 2000
KEY_NAME = "audit_signing_key"

# the server's tables for the chains (schema version 5)
audit_chain = db.audit_chain
audit_signed = db.audit_signed

HEX64 = r"^[0-9a-f]{64}$"
HEX64_OR_EMPTY = r"^([0-9a-f]{64})?$"


class ChainRow(BaseModel):
    seq: StrictInt = Field(ge=1)
    device_id: str = Field(min_length=8, max_length=36, pattern=r"^[0-9A-Za-z-]+$")
    at: str = Field(min_length=10, max_length=40, pattern=r"^[0-9T:.+-]+Z?$")
    actor: str = Field(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f]+$")
    action: str = Field(min_length=1, max_length=16, pattern=r"^[a-z-]+$")
    table_name: str = Field(min_length=1, max_length=64, pattern=r"^[a-z_0-9]+$")
    record_id: str = Field(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f]+$")
    entry_first: StrictInt = Field(ge=1)
    entry_last: StrictInt = Field(ge=1)
    change_sha256: str = Field(pattern=HEX64)
    before_sha256: str = Field(pattern=HEX64_OR_EMPTY)
    after_sha256: str = Field(pattern=HEX64_OR_EMPTY)
    prev_hash: str = Field(pattern=HEX64)
    hash: str = Field(pattern=HEX64)


class CheckpointBody(BaseModel):
    rows: list[ChainRow] = Field(max_length=MAX_ROWS)


def signing_key(conn: Connection) -> Ed25519PrivateKey:
    """The server's audit key, made on first use and kept in ``server_meta``."""
    fresh = Ed25519PrivateKey.generate().private_bytes_raw().hex()
    insert_if_missing(conn, db.server_meta, {"key": KEY_NAME, "value": fresh})
    stored = conn.execute(
        select(db.server_meta.c.value).where(db.server_meta.c.key == KEY_NAME)
    ).scalar_one()
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(stored))


def public_key_of(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.urlsafe_b64encode(raw).decode()


def message(server_id: str, device_id: str, count: int, head: str, signed_at: str) -> bytes:
    """What the signature covers."""
    return canonical(
        {
            "server_id": server_id,
            "device_id": device_id,
            "count": count,
            "head": head,
            "signed_at": signed_at,
        }
    )


def signature_ok(public_key: str, signed: bytes, signature: str) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(public_key.encode()))
        key.verify(base64.urlsafe_b64decode(signature.encode()), signed)
    except (InvalidSignature, ValueError):
        return False
    return True


def _held(conn: Connection, device_id: str) -> tuple[int, str]:
    row = conn.execute(
        select(audit_chain.c.seq, audit_chain.c.hash)
        .where(audit_chain.c.device_id == device_id)
        .order_by(audit_chain.c.seq.desc())
        .limit(1)
    ).first()
    return (int(row[0]), str(row[1])) if row else (0, chain.GENESIS)


def _broken(seq: int, zh: str, en: str) -> ApiError:
    return ApiError(
        409, "audit_broken", f"审计链第 {seq} 条：{zh}", f"audit row {seq}: {en}", seq=seq
    )


def _check(conn: Connection, who: Principal, rows: Sequence[ChainRow]) -> list[dict[str, Any]]:
    """The rows the server does not hold yet, checked to continue its copy."""
    count, head = _held(conn, who.device_id)
    fresh: list[dict[str, Any]] = []
    for row in rows:
        data = row.model_dump()
        if row.device_id != who.device_id:
            raise ApiError(
                403,
                "audit_foreign_device",
                "只能提交本设备的审计记录。",
                "Audit rows can only be sent by the device that wrote them.",
            )
        if chain.row_hash(data) != row.hash:
            raise _broken(row.seq, "内容与其哈希不符", "its content does not give its hash")
        if row.seq <= count:
            held = conn.execute(
                select(audit_chain.c.hash).where(
                    audit_chain.c.device_id == who.device_id, audit_chain.c.seq == row.seq
                )
            ).scalar_one_or_none()
            if held != row.hash:
                raise _broken(
                    row.seq,
                    "与服务器保存的副本不同（本机审计链被改写）",
                    "it differs from the server's copy (the chain was rewritten)",
                )
            continue
        expected = count + len(fresh) + 1
        if row.seq != expected:
            raise ApiError(
                409,
                "audit_gap",
                f"审计记录不连续：服务器已有 {count} 条，应从第 {count + 1} 条起提交。",
                f"Audit rows must continue the server's copy: it holds {count}, "
                f"send from {count + 1}.",
                count=count,
                head=head,
            )
        link = fresh[-1]["hash"] if fresh else head
        if row.prev_hash != link:
            raise _broken(row.seq, "未链接到前一条", "it does not link to the row before it")
        fresh.append(data)
    return fresh


def _signed_head(
    conn: Connection, api: Api, who: Principal, key: Ed25519PrivateKey
) -> dict[str, Any]:
    row = conn.execute(
        select(audit_signed)
        .where(audit_signed.c.device_id == who.device_id)
        .order_by(audit_signed.c.count.desc())
        .limit(1)
    ).first()
    answer: dict[str, Any] = {
        "server_id": api.server_id,
        "device_id": who.device_id,
        "public_key": public_key_of(key),
        "count": 0,
        "head": chain.GENESIS,
        "signed_at": "",
        "signature": "",
    }
    if row is not None:
        values = row._mapping
        answer.update(
            count=int(values["count"]),
            head=values["head"],
            signed_at=values["signed_at"],
            signature=values["signature"],
        )
    return answer


def checkpoint(api: Api, who: Principal, rows: Sequence[ChainRow]) -> dict[str, Any]:
    with db.writing(api.engine) as conn:
        key = signing_key(conn)
        fresh = _check(conn, who, rows)
        if not fresh:
            return _signed_head(conn, api, who, key)
        received = api.now().isoformat()
        conn.execute(
            audit_chain.insert(),
            [
                {
                    "device_id": who.device_id,
                    "seq": r["seq"],
                    "body": canonical(r).decode("utf-8"),
                    "hash": r["hash"],
                    "user_id": who.user_id,
                    "received_at": received,
                }
                for r in fresh
            ],
        )
        count, head = fresh[-1]["seq"], fresh[-1]["hash"]
        signed = message(api.server_id, who.device_id, count, head, received)
        signature = base64.urlsafe_b64encode(key.sign(signed)).decode()
        conn.execute(
            audit_signed.insert().values(
                device_id=who.device_id,
                count=count,
                head=head,
                signed_at=received,
                signature=signature,
            )
        )
        return _signed_head(conn, api, who, key)


def register(app: FastAPI, api: Api) -> None:
    prefix = f"{API_PREFIX}/audit"

    @app.get(prefix + "/head")
    def audit_head(request: Request) -> Response:
        who = api.principal(request)
        with db.writing(api.engine) as conn:
            answer = _signed_head(conn, api, who, signing_key(conn))
        return api.answer(answer, key=api.key_of(who))

    @app.post(prefix + "/checkpoint")
    def audit_checkpoint(request: Request, body: CheckpointBody) -> Response:
        who = api.principal(request)
        try:
            answer = checkpoint(api, who, body.rows)
        except IntegrityError as exc:
            # the same rows sent twice at once: the other request stored them first
            raise ApiError(
                409,
                "audit_gap",
                "审计记录正由另一个请求提交，请重试。",
                "These audit rows are being stored by another request; retry.",
            ) from exc
        return api.answer(answer, key=api.key_of(who))


# -- verifying the server's copy ------------------------------------------------------------


def verify(conn: Connection, server_id: str) -> list[tuple[str, chain.Break | str]]:
    """Every device's chain walked and every signed head checked; (device, problem) pairs."""
    import json

    key = signing_key(conn)
    public = public_key_of(key)
    problems: list[tuple[str, chain.Break | str]] = []
    devices = conn.execute(select(audit_chain.c.device_id).distinct()).scalars().all()
    for device in sorted(devices):
        stored = conn.execute(
            select(audit_chain.c.body, audit_chain.c.hash)
            .where(audit_chain.c.device_id == device)
            .order_by(audit_chain.c.seq)
        ).all()
        rows = [json.loads(body) for body, _ in stored]
        for row, (_, column_hash) in zip(rows, stored, strict=True):
            if row.get("hash") != column_hash:
                row["hash"] = column_hash  # the hash column is what later links were made to
        broken = chain.walk(rows)
        if broken is not None:
            problems.append((device, broken))
            continue
        for count, head, signed_at, signature in conn.execute(
            select(
                audit_signed.c.count,
                audit_signed.c.head,
                audit_signed.c.signed_at,
                audit_signed.c.signature,
            )
            .where(audit_signed.c.device_id == device)
            .order_by(audit_signed.c.count)
        ).all():
            if count > len(rows) or rows[count - 1]["hash"] != head:
                problems.append((device, chain.Break("rewritten", count)))
                break
            body = message(server_id, device, count, head, signed_at)
            if not signature_ok(public, body, signature):
                problems.append((device, f"signature of the head at {count} does not verify"))
                break
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sync.server.audit",
        description="Check the devices' audit chains the server holds.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("verify", help="walk every chain and check every signed head")
    check.add_argument("--db", default=None, help="database URL (default: embedded SQLite)")
    args = parser.parse_args(argv)
    from sync.server.app import default_db_url

    try:
        engine = db.make_engine(args.db or default_db_url())
        with db.writing(engine) as conn:
            if not conn.dialect.has_table(conn, "audit_chain"):
                raise SQLAlchemyError("no audit chains in this database")
            server_id = conn.execute(
                select(db.server_meta.c.value).where(db.server_meta.c.key == "server_id")
            ).scalar_one()
            problems = verify(conn, server_id)
    except (SQLAlchemyError, OSError) as exc:
        print(f"无法打开数据库 / cannot open the database: {exc}", file=sys.stderr)
        return 2
    if not problems:
        print(f"审计链完整 / audit chains intact ({len(devices_of(engine))} devices)")
        return 0
    for device, problem in problems:
        text = (
            problem if isinstance(problem, str) else f"{problem.kind}\t{problem.seq}\t{problem.en}"
        )
        print(f"{device}\t{text}")
    return 1


def devices_of(engine: Engine) -> list[str]:
    with db.reading(engine) as conn:
        return list(conn.execute(select(audit_chain.c.device_id).distinct()).scalars())


if __name__ == "__main__":
    sys.exit(main())
