"""Attachments on the server: content-addressed blobs uploaded in resumable, verified chunks.

A blob is named by the SHA-256 of its content (64 lowercase hex digits), so the same photo sent
by two devices is stored once. Blobs and their chunks live in the database (``blobs``,
``blob_chunks``), never on a server's disk, so several stateless server processes share them.

An upload in progress belongs to the device that began it (``uploads``; its chunks are kept
under the upload's own id): another device's declaration, wrong size or bytes never touch it.
A blob exists only once some device's bytes hashed to its name. A blob is read only by a device
whose scope holds a record naming it (``blob_refs``, kept by ``records.put``); ``collect``
deletes abandoned uploads and blobs no record names (``sync.admin collect-blobs``).

Endpoints (all need a signed-in device; answers are signed like every other answer):

* ``GET  /api/v1/blobs/{sha256}/status`` → ``{sha256, received, complete, size}``: how many
  bytes the server holds of this device's upload (all of them once the blob is complete, 0 for
  one it never saw). ``size`` is the declared total, or null. A blob marked damaged is not
  complete, and the answer adds ``damaged: true``.
* ``PUT  /api/v1/blobs/{sha256}?offset=N[&total=T]`` with the raw chunk as body (at most
  ``protocol.CHUNK_BYTES``) and ``X-FI-Chunk-SHA256`` (hex SHA-256 of the chunk). The server
  checks the chunk's hash (422 ``chunk_corrupt`` otherwise) and accepts it only at
  ``offset == received`` (409 ``offset_mismatch`` otherwise, with ``received``), so a client
  that lost an answer asks ``status`` and goes on from there. A chunk for a complete blob is
  not stored: the answer says ``already_complete``.
* ``POST /api/v1/blobs/{sha256}/complete`` ``{"size": T}``: the server recomputes the SHA-256
  over all chunks; only when it equals the name is the blob marked complete. A mismatch deletes
  the partial upload and answers 422 ``hash_mismatch``; too few bytes answer 409 ``incomplete``.
* ``GET  /api/v1/wanted-blobs`` → ``{"wanted": [sha256, …]}``: the blobs marked damaged that a
  record in the caller's scope names. To an uploader a damaged blob is not complete (``status``
  says so, chunks are taken): a device holding the file sends it again, and once its bytes
  hash to the name they replace the damaged copy and its mark.
* ``GET  /api/v1/blobs/{sha256}?offset=N&length=L`` → the raw bytes of a complete blob a
  record in the reader's scope names (404 ``blob_unknown`` otherwise, whether or not it
  exists) (``application/octet-stream``), with ``X-FI-Blob-Size`` and ``X-FI-Blob-Offset``; the
  signature covers ``protocol.blob_signed_bytes(sha256, offset, body)``. Each chunk is checked
  against its own SHA-256 (kept since upload) before it is served: a stored blob found damaged
  is marked so and answered 409 ``blob_damaged`` from then on (``check_all``, the integrity
  run of ``sync.admin check-blobs``, re-hashes every stored blob and marks those damaged).

Bad input (a name that is not 64 hex digits, a negative offset, a chunk or total above the
limits) is answered 4xx with a message in Chinese and English, never 500.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy import Engine, and_, delete, insert, select, update
from sqlalchemy.engine import Connection
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store.clock import new_id
from sync import protocol
from sync.protocol import API_PREFIX, CHUNK_BYTES, MAX_BLOB_BYTES
from sync.server import db, scope
from sync.server.api import Api, ApiError, insert_if_missing
from sync.server.auth import Principal

log = logging.getLogger(__name__)

SHA256_PATTERN = re.compile(r"[0-9a-f]{64}")
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
_MB = 1024 * 1024


class CompleteBody(BaseModel):
    size: int


def check_sha256(value: str) -> str:
    sha = value.strip().lower()
    if not SHA256_PATTERN.fullmatch(sha):
        raise ApiError(
            422,
            "bad_sha256",
            "附件标识应为64位十六进制SHA-256值。",
            "The attachment id must be a SHA-256 of 64 hex digits.",
        )
    return sha


def check_offset(offset: int) -> None:
    if offset < 0:
        raise ApiError(
            422, "bad_offset", "偏移量不能为负数。", f"The offset must not be negative ({offset})."
        )


def check_total(total: int, name: str = "total") -> None:
    if total < 0:
        raise ApiError(
            422, "bad_size", "附件大小不能为负数。", f"The {name} must not be negative ({total})."
        )
    if total > MAX_BLOB_BYTES:
        raise ApiError(
            413,
            "blob_too_large",
            f"附件过大：最大{MAX_BLOB_BYTES // _MB} MB。",
            f"The attachment is larger than {MAX_BLOB_BYTES // _MB} MB.",
            max_bytes=MAX_BLOB_BYTES,
        )


def status_of(sha: str, row: Mapping[str, Any] | None) -> dict[str, Any]:
    """A blob's state as one device sees it: ``row`` is the complete blob, or this device's
    own upload in progress, or None."""
    if row is None:
        return {"sha256": sha, "received": 0, "complete": False, "size": None}
    complete = bool(row.get("complete"))
    declared = complete or row["size"] > 0
    return {
        "sha256": sha,
        "received": int(row["received"]),
        "complete": complete,
        "size": int(row["size"]) if declared else None,
    }


def _row(
    conn: Connection, sha: str, *, lock: bool = False, sound: bool = False
) -> Mapping[str, Any] | None:
    """The complete blob of that name, or None; ``sound``: None too when it is marked damaged
    (for uploads, a damaged blob is one to be sent again)."""
    query = select(db.blobs).where(db.blobs.c.sha256 == sha, db.blobs.c.complete.is_(True))
    if sound:
        query = query.where(db.blobs.c.damaged_at.is_(None))
    if lock:
        query = query.with_for_update()  # PostgreSQL; SQLite writers are serialised at BEGIN
    row = conn.execute(query).mappings().first()
    return dict(row) if row is not None else None


def _upload(
    conn: Connection, sha: str, device_id: str, *, lock: bool = False
) -> Mapping[str, Any] | None:
    """This device's upload of that blob in progress, or None."""
    u = db.uploads.c
    query = select(db.uploads).where(u.sha256 == sha, u.device_id == device_id)
    if lock:
        query = query.with_for_update()
    row = conn.execute(query).mappings().first()
    return dict(row) if row is not None else None


def seen_by(conn: Connection, sha: str, device_id: str) -> dict[str, Any]:
    """A damaged blob is not complete: an uploader sends it again (``wanted``), a reader is
    told it is damaged (``damaged``: true)."""
    seen = status_of(sha, _row(conn, sha, sound=True) or _upload(conn, sha, device_id))
    stored = _row(conn, sha)
    if stored is not None and stored["damaged_at"] is not None:
        seen["damaged"] = True
    return seen


def _offset_mismatch(received: int, offset: int) -> ApiError:
    return ApiError(
        409,
        "offset_mismatch",
        f"服务器已收到{received}字节，请从该位置继续上传。",
        f"The server holds {received} bytes: continue from there (got offset {offset}).",
        received=received,
    )


def _drop_upload(conn: Connection, upload: Mapping[str, Any]) -> None:
    conn.execute(delete(db.blob_chunks).where(db.blob_chunks.c.sha256 == upload["upload_id"]))
    conn.execute(
        delete(db.uploads).where(
            db.uploads.c.sha256 == upload["sha256"],
            db.uploads.c.device_id == upload["device_id"],
        )
    )


def store_chunk(
    api: Api, device_id: str, sha: str, offset: int, chunk: bytes, total: int | None
) -> dict[str, Any]:
    """Append a chunk to this device's own upload of ``sha`` (nobody else's declaration or
    bytes touch it). A new declared size starts this device's upload again from 0."""
    now = api.now()
    u = db.uploads.c
    with db.writing(api.engine) as conn:
        row = _row(conn, sha, lock=True, sound=True)
        if row is not None:
            return {**status_of(sha, row), "status": "already_complete"}
        insert_if_missing(
            conn,
            db.uploads,
            {
                "sha256": sha,
                "device_id": device_id,
                "upload_id": new_id(),
                "size": total or 0,
                "received": 0,
                "created_at": now,
                "updated_at": now,
            },
        )
        upload = _upload(conn, sha, device_id, lock=True)
        assert upload is not None
        if total is not None and upload["size"] and upload["size"] != total:
            # this device declared another size before (its file changed?): start over
            conn.execute(
                delete(db.blob_chunks).where(db.blob_chunks.c.sha256 == upload["upload_id"])
            )
            upload = {**upload, "size": total, "received": 0}
            conn.execute(
                update(db.uploads)
                .where(u.sha256 == sha, u.device_id == device_id)
                .values(size=total, received=0, updated_at=now)
            )
        if offset != upload["received"]:
            raise _offset_mismatch(int(upload["received"]), offset)
        conn.execute(
            insert(db.blob_chunks).values(
                sha256=upload["upload_id"],
                offset=offset,
                data=chunk,
                chunk_sha256=hashlib.sha256(chunk).hexdigest(),
            )
        )
        received = offset + len(chunk)
        size = total if total is not None else upload["size"]
        conn.execute(
            update(db.uploads)
            .where(u.sha256 == sha, u.device_id == device_id)
            .values(received=received, size=size, updated_at=now)
        )
    return {
        "sha256": sha,
        "received": received,
        "complete": False,
        "size": size or None,
        "status": "stored",
    }


def _digest(conn: Connection, key: str) -> tuple[str, int]:
    """SHA-256 over the chunks stored under ``key`` in order, and the byte count (-1 if the
    chunks leave a hole)."""
    c = db.blob_chunks.c
    digest = hashlib.sha256()
    position = 0
    with conn.execution_options(yield_per=4).execute(
        select(c.offset, c.data).where(c.sha256 == key).order_by(c.offset)
    ) as rows:  # closed on an early answer too (a server-side cursor on PostgreSQL)
        for offset, data in rows:
            if offset != position:
                return digest.hexdigest(), -1
            digest.update(data)
            position += len(data)
    return digest.hexdigest(), position


def complete(api: Api, device_id: str, sha: str, size: int) -> dict[str, Any]:
    """The blob is complete only when this device's bytes hash to its name; a mismatch drops
    this device's upload alone."""
    # hash in a read transaction (up to 200 MB: writers are not held up meanwhile), then check
    # in a write transaction that nothing changed before marking the blob complete
    with db.reading(api.engine) as conn:
        row = _row(conn, sha, sound=True)
        if row is not None:
            return _already_complete(sha, row, size)
        upload = _upload(conn, sha, device_id)
        received = int(upload["received"]) if upload is not None else 0
        if upload is not None and received == size:
            digest, hashed = _digest(conn, upload["upload_id"])
        elif upload is None and size == 0:
            digest, hashed = EMPTY_SHA256, 0
        else:
            raise _incomplete(received, size)
    verified = digest == sha and hashed == size
    now = api.now()
    refused: ApiError | None = None
    with db.writing(api.engine) as conn:
        row = _row(conn, sha, lock=True, sound=True)
        upload = _upload(conn, sha, device_id, lock=True)
        if row is not None:  # another device completed it meanwhile
            if upload is not None:
                _drop_upload(conn, upload)
            return _already_complete(sha, row, size)
        if upload is not None and int(upload["received"]) != size:
            raise _incomplete(int(upload["received"]), size)
        if verified:
            repaired = conn.execute(
                select(db.blobs.c.damage).where(
                    db.blobs.c.sha256 == sha, db.blobs.c.damaged_at.is_not(None)
                )
            ).first()
            # a stale partial, or the damaged copy this upload replaces (with its chunks)
            conn.execute(delete(db.blobs).where(db.blobs.c.sha256 == sha))
            conn.execute(delete(db.blob_chunks).where(db.blob_chunks.c.sha256 == sha))
            if repaired is not None:
                log.warning(
                    "damaged blob %s (%s) replaced by a whole copy from device %s",
                    sha,
                    repaired[0],
                    device_id,
                )
            conn.execute(
                insert(db.blobs).values(
                    sha256=sha,
                    size=size,
                    received=size,
                    complete=True,
                    created_at=upload["created_at"] if upload is not None else now,
                    completed_at=now,
                )
            )
            if upload is not None:
                conn.execute(
                    update(db.blob_chunks)
                    .where(db.blob_chunks.c.sha256 == upload["upload_id"])
                    .values(sha256=sha)
                )
                conn.execute(
                    delete(db.uploads).where(
                        db.uploads.c.sha256 == sha, db.uploads.c.device_id == device_id
                    )
                )
        else:
            # every chunk matched its own hash, yet the whole is not the named content: the
            # sender's file is not what it claims. Drop its upload so it starts again.
            if upload is not None:
                _drop_upload(conn, upload)
            refused = ApiError(
                422,
                "hash_mismatch",
                "附件内容与其SHA-256不符，已删除本次上传，请重新上传。",
                "The uploaded content does not match its SHA-256; the partial upload was "
                "deleted. Upload it again.",
                received=0,
            )
    if refused is not None:
        raise refused  # after the deletion committed
    return {"sha256": sha, "received": size, "complete": True, "size": size, "status": "complete"}


def _already_complete(sha: str, row: Mapping[str, Any], size: int) -> dict[str, Any]:
    if row["size"] != size:
        raise ApiError(
            422,
            "size_mismatch",
            "附件大小与服务器上的不一致。",
            f"The server holds this attachment with {row['size']} bytes, not {size}.",
        )
    return {**status_of(sha, row), "status": "already_complete"}


def _incomplete(received: int, size: int) -> ApiError:
    return ApiError(
        409,
        "incomplete",
        f"附件尚未上传完整（服务器已收到{received}字节，共{size}字节）。",
        f"The upload is not complete: the server holds {received} of {size} bytes.",
        received=received,
    )


def readable(conn: Connection, who: Principal, tree: JurisdictionTree, sha: str) -> bool:
    """Whether a record this principal may read names the blob (``blob_refs``)."""
    b, r = db.blob_refs.c, db.records.c
    return (
        conn.execute(
            select(b.record_id)
            .join(db.records, and_(r.table_name == b.table_name, r.record_id == b.record_id))
            .where(b.sha256 == sha, scope.read_clause(who, tree))
            .limit(1)
        ).first()
        is not None
    )


def blob_damaged(sha: str) -> ApiError:
    return ApiError(
        409,
        "blob_damaged",
        "服务器上保存的该附件已损坏（与其SHA-256校验值不符），不予提供，请联系管理员。",
        "The server's copy of this attachment is damaged (it does not match its SHA-256) and "
        "is not served; contact your administrator.",
        sha256=sha,
    )


def mark_damaged(conn: Connection, sha: str, damage: str, now: dt.datetime) -> bool:
    """Mark a blob damaged (never served again); False if it was marked already."""
    b = db.blobs.c
    done = conn.execute(
        update(db.blobs)
        .where(b.sha256 == sha, b.complete.is_(True), b.damaged_at.is_(None))
        .values(damaged_at=now, damage=damage[:500])
    )
    return bool(done.rowcount)


def wanted(conn: Connection, who: Principal, tree: JurisdictionTree) -> list[str]:
    """The damaged blobs this principal may read: a device that holds one whole sends it
    again (an upload of a damaged blob replaces it once it hashes to its name)."""
    b = db.blobs.c
    damaged = conn.execute(
        select(b.sha256).where(b.complete.is_(True), b.damaged_at.is_not(None)).order_by(b.sha256)
    ).all()
    return [sha for (sha,) in damaged if readable(conn, who, tree, sha)]


def read_range(api: Api, who: Principal, sha: str, offset: int, length: int) -> tuple[bytes, int]:
    """Bytes [offset, offset + length) of a complete blob a record in the reader's scope
    names, and its size. Each chunk read is checked against its own SHA-256 first: one that
    does not match (or has none) marks the blob damaged, is logged with the reader and the
    blob, and is refused (409 ``blob_damaged``), as is every later read of that blob."""
    c = db.blob_chunks.c
    with db.reading(api.engine) as conn:
        row = _row(conn, sha)
        if row is None or not readable(conn, who, api.tree(), sha):
            # the same answer whether it does not exist or is not this reader's to see
            raise ApiError(404, "blob_unknown", "服务器上没有该附件。", "No such attachment.")
        if row["damaged_at"] is not None:
            log.warning(
                "damaged blob %s refused to user %s on device %s", sha, who.username, who.device_id
            )
            raise blob_damaged(sha)
        size = int(row["size"])
        if offset > size:
            raise ApiError(
                422,
                "bad_offset",
                f"偏移量超出附件大小（{size}字节）。",
                f"The offset {offset} is beyond the attachment's {size} bytes.",
                size=size,
            )
        end = min(offset + length, size)
        # every chunk is at most CHUNK_BYTES long, so the first one needed starts after this
        rows = conn.execute(
            select(c.offset, c.data, c.chunk_sha256)
            .where(and_(c.sha256 == sha, c.offset > offset - CHUNK_BYTES, c.offset < end))
            .order_by(c.offset)
        ).all()
    parts = []
    for start, data, chunk_sha in rows:
        if start + len(data) <= offset:
            continue
        if chunk_sha is None or hashlib.sha256(data).hexdigest() != chunk_sha:
            damage = f"the chunk at offset {start} does not match its SHA-256"
            with db.writing(api.engine) as conn:
                mark_damaged(conn, sha, damage, api.now())
            log.warning(
                "blob %s damaged (%s): found and refused reading it for user %s on device %s",
                sha,
                damage,
                who.username,
                who.device_id,
            )
            raise blob_damaged(sha)
        parts.append(bytes(data[max(0, offset - start) : end - start]))
    return b"".join(parts), size


def damage_of(conn: Connection, sha: str, size: int) -> str | None:
    """What is wrong with a stored complete blob, or None: each chunk against its own SHA-256,
    the chunks without hole or overlap, the whole against its name and size."""
    c = db.blob_chunks.c
    digest = hashlib.sha256()
    position = 0
    with conn.execution_options(yield_per=4).execute(
        select(c.offset, c.data, c.chunk_sha256).where(c.sha256 == sha).order_by(c.offset)
    ) as rows:  # closed on an early answer too (a server-side cursor on PostgreSQL)
        for start, data, chunk_sha in rows:
            if start != position:
                return f"the chunks leave a gap or overlap at offset {position}"
            if chunk_sha is None or hashlib.sha256(data).hexdigest() != chunk_sha:
                return f"the chunk at offset {start} does not match its SHA-256"
            digest.update(data)
            position += len(data)
    if position != size:
        return f"{position} bytes stored, {size} expected"
    if digest.hexdigest() != sha:
        return "the content does not hash to its name"
    return None


def check_all(engine: Engine, now: dt.datetime) -> tuple[int, list[dict[str, Any]]]:
    """Re-hash every complete blob (``sync.admin check-blobs``): the number checked and the
    damaged ones (``sha256``, ``size``, ``damage``, ``new``: not marked before this run), each
    marked so that it is never served. A blob that checks whole again (restored from a backup)
    loses its mark."""
    b = db.blobs.c
    with db.reading(engine) as conn:
        stored = conn.execute(
            select(b.sha256, b.size).where(b.complete.is_(True)).order_by(b.sha256)
        ).all()
    damaged = []
    for sha, size in stored:
        with db.reading(engine) as conn:
            damage = damage_of(conn, sha, int(size))
        with db.writing(engine) as conn:
            if damage is None:
                conn.execute(
                    update(db.blobs)
                    .where(b.sha256 == sha, b.damaged_at.is_not(None))
                    .values(damaged_at=None, damage=None)
                )
                continue
            new = mark_damaged(conn, sha, damage, now)
        log.warning("blob %s damaged (%s): found by the integrity check", sha, damage)
        damaged.append({"sha256": sha, "size": int(size), "damage": damage, "new": new})
    return len(stored), damaged


def collect(
    conn: Connection, now: dt.datetime, abandoned_after: dt.timedelta, unused_after: dt.timedelta
) -> tuple[int, int]:
    """Delete uploads left unfinished for ``abandoned_after`` and complete blobs no record has
    named for ``unused_after`` (with their chunks); returns (uploads, blobs) deleted."""
    u = db.uploads.c
    stale = (
        conn.execute(select(db.uploads).where(u.updated_at < now - abandoned_after))
        .mappings()
        .all()
    )
    for upload in stale:
        _drop_upload(conn, dict(upload))
    b, refs = db.blobs.c, db.blob_refs.c
    named = select(refs.sha256).where(refs.sha256 == b.sha256).exists()
    unused = [
        row[0]
        for row in conn.execute(
            select(b.sha256).where(~named, b.completed_at < now - unused_after)
        ).all()
    ]
    for sha in unused:
        conn.execute(delete(db.blob_chunks).where(db.blob_chunks.c.sha256 == sha))
        conn.execute(delete(db.blobs).where(b.sha256 == sha))
    return len(stale), len(unused)


async def _read_body(request: Request, limit: int) -> bytes:
    """The chunk's bytes. A client whose link dropped mid-chunk is answered with a refusal it
    will never read: an event of the field, not a fault of the server (nothing is stored and
    nothing logged as an error)."""
    parts: list[bytes] = []
    size = 0
    try:
        async for piece in request.stream():
            size += len(piece)
            if size > limit:
                raise ApiError(
                    413,
                    "chunk_too_large",
                    f"分块过大：每块最多{limit}字节。",
                    f"The chunk is larger than {limit} bytes.",
                    max_chunk=limit,
                )
            parts.append(piece)
    except ClientDisconnect:
        log.info("an upload chunk was cut off after %d bytes; nothing stored", size)
        raise ApiError(
            400,
            "chunk_cut_off",
            "分块未完整送达（连接中断），未保存。",
            "The chunk did not arrive whole (the connection dropped); nothing was stored.",
        ) from None
    return b"".join(parts)


def register(app: FastAPI, api: Api) -> None:
    prefix = f"{API_PREFIX}/blobs"

    @app.get(f"{API_PREFIX}/wanted-blobs")
    def blobs_wanted(request: Request) -> Response:
        who = api.principal(request)
        with db.reading(api.engine) as conn:
            found = wanted(conn, who, api.tree())
        return api.answer({"wanted": found}, key=api.key_of(who))

    @app.get(prefix + "/{sha256}/status")
    def blob_status(request: Request, sha256: str) -> Response:
        who = api.principal(request)
        sha = check_sha256(sha256)
        with db.reading(api.engine) as conn:
            seen = seen_by(conn, sha, who.device_id)
        return api.answer(seen, key=api.key_of(who))

    @app.put(prefix + "/{sha256}")
    async def upload_chunk(
        request: Request, sha256: str, offset: int, total: int | None = None
    ) -> Response:
        who = await run_in_threadpool(api.principal, request)
        sha = check_sha256(sha256)
        check_offset(offset)
        if total is not None:
            check_total(total)
        claimed = request.headers.get(protocol.H_CHUNK_SHA256, "").strip().lower()
        if not SHA256_PATTERN.fullmatch(claimed):
            raise ApiError(
                400,
                "chunk_hash_missing",
                f"缺少分块校验值（{protocol.H_CHUNK_SHA256}）。",
                f"The {protocol.H_CHUNK_SHA256} header (hex SHA-256 of the chunk) is missing.",
            )
        chunk = await _read_body(request, CHUNK_BYTES)
        if not chunk:
            raise ApiError(422, "empty_chunk", "分块为空。", "The chunk is empty.")
        if hashlib.sha256(chunk).hexdigest() != claimed:
            raise ApiError(
                422,
                "chunk_corrupt",
                "分块在传输中损坏（校验值不符），请重新发送该分块。",
                "The chunk was damaged on the way (its SHA-256 does not match): send it again.",
            )
        if offset + len(chunk) > MAX_BLOB_BYTES:
            check_total(offset + len(chunk))
        if total is not None and offset + len(chunk) > total:
            raise ApiError(
                422,
                "beyond_total",
                "分块超出了声明的附件大小。",
                f"The chunk ends at {offset + len(chunk)}, beyond the declared {total} bytes.",
            )
        result = await run_in_threadpool(store_chunk, api, who.device_id, sha, offset, chunk, total)
        return api.answer(result, key=api.key_of(who))

    @app.post(prefix + "/{sha256}/complete")
    def complete_blob(request: Request, sha256: str, body: CompleteBody) -> Response:
        who = api.principal(request)
        sha = check_sha256(sha256)
        check_total(body.size, "size")
        return api.answer(complete(api, who.device_id, sha, body.size), key=api.key_of(who))

    @app.get(prefix + "/{sha256}")
    def download(
        request: Request, sha256: str, offset: int = 0, length: int = CHUNK_BYTES
    ) -> Response:
        who = api.principal(request)
        sha = check_sha256(sha256)
        check_offset(offset)
        if not 1 <= length <= CHUNK_BYTES:
            raise ApiError(
                422,
                "bad_length",
                f"读取长度应在1到{CHUNK_BYTES}字节之间。",
                f"The length must be between 1 and {CHUNK_BYTES} bytes (got {length}).",
            )
        body, size = read_range(api, who, sha, offset, length)
        signature = protocol.sign(api.key_of(who), protocol.blob_signed_bytes(sha, offset, body))
        headers = {
            protocol.H_SERVER: api.server_id,
            protocol.H_TIME: api.now().isoformat(),
            protocol.H_SIGNATURE: signature,
            protocol.H_BLOB_SIZE: str(size),
            protocol.H_BLOB_OFFSET: str(offset),
        }
        return Response(body, media_type="application/octet-stream", headers=headers)
