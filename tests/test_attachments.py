"""Attachments: the local content-addressed folder, and the resumable, verified upload and
download against the real server on loopback (SQLite and PostgreSQL) with the real client.

Faults are made on the wire: the client's HTTP session drops a request before or after the
server handled it, or damages a chunk's bytes while the header still names the original hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import func, select
from sync_support import Device

from inspector_app.replication.tables import Scope
from inspector_app.store import attachments
from inspector_app.store.attachments import AttachmentError
from inspector_app.store.clock import new_id
from inspector_app.store.database import Store
from sync import protocol, transfer
from sync.api import SyncError
from sync.server import blobs, db, records
from sync.server.records import Batch
from sync.transfer import Transfers

CHUNK = 64 * 1024  # small chunks in tests: many of them without big files


def make_file(folder: Path, size: int, name: str = "photo.jpg", seed: int = 1) -> Path:
    path = folder / name
    path.write_bytes(random_bytes(size, seed))
    return path


def random_bytes(size: int, seed: int) -> bytes:
    out = bytearray()
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        counter += 1
    return bytes(out[:size])


def attachments_dir(device: Device) -> Path:
    return device.store.path.parent / "attachments"


def transfers(device: Device, **kwargs: Any) -> Transfers:
    return Transfers(device.store, device.api, attachments_dir(device), chunk_bytes=CHUNK, **kwargs)


def add(device: Device, source: Path, media_type: str = "image/jpeg") -> str:
    return attachments.add_file(device.store, attachments_dir(device), source, media_type)


Wire = Callable[..., requests.Response]


def tap(
    device: Device, fault: Callable[[Wire, str, str, dict[str, Any]], requests.Response]
) -> Wire:
    """Route the device's HTTP requests through ``fault(send, method, url, kwargs)``; returns
    the untouched ``send`` (give it to ``untap``)."""
    send: Wire = device.api.http.request

    def request(method: str, url: str, **kwargs: Any) -> requests.Response:
        return fault(send, method, url, kwargs)

    device.api.http.request = request  # type: ignore[method-assign]
    return send


def untap(device: Device, send: Wire) -> None:
    device.api.http.request = send  # type: ignore[method-assign]


def record_offsets(device: Device, method: str) -> list[int]:
    """Offsets of the chunk requests (``method``) the device sends from now on."""
    offsets: list[int] = []

    def record(send: Wire, m: str, url: str, kwargs: dict[str, Any]) -> requests.Response:
        if m == method and "offset" in kwargs.get("params", {}):
            offsets.append(kwargs["params"]["offset"])
        return send(m, url, **kwargs)

    tap(device, record)
    return offsets


def server_blob(engine: Any, sha: str) -> tuple[dict[str, Any] | None, bytes]:
    """The server's row of a blob and its chunks joined in order."""
    with db.reading(engine) as conn:
        row = conn.execute(select(db.blobs).where(db.blobs.c.sha256 == sha)).mappings().first()
        chunks = conn.execute(
            select(db.blob_chunks.c.data)
            .where(db.blob_chunks.c.sha256 == sha)
            .order_by(db.blob_chunks.c.offset)
        ).all()
    return (dict(row) if row else None), b"".join(bytes(c[0]) for c in chunks)


def name_on_server(live_server: Any, sha: str, county: str = "330481") -> None:
    """A photo record in that county naming the blob (written straight into the central store):
    a blob is read only through a record in the reader's scope."""
    with db.writing(live_server.engine) as conn:
        batch = Batch()
        records.put(
            conn,
            batch,
            "hazard_photo",
            new_id(),
            {"hazard_id": new_id(), "sha256": sha},
            Scope(county, None, county),
            "test",
            db.now(),
            [],
            False,
        )
        batch.finish(conn)


def raw(device: Device, method: str, path: str, **kwargs: Any) -> requests.Response:
    """A request as a hostile or broken client would send it (no checks of the answer)."""
    headers = {
        protocol.H_PROTOCOL: str(protocol.PROTOCOL_VERSION),
        protocol.H_DEVICE: device.store.device_id,
        "Authorization": f"Bearer {device.credentials.access_token}",  # type: ignore[union-attr]
        **kwargs.pop("headers", {}),
    }
    return requests.request(
        method,
        device.api.base + path,
        headers=headers,
        timeout=30,
        **kwargs,
    )


# -- the local folder ----------------------------------------------------------------------------


def test_add_file_copies_verified_content_and_keeps_the_original(
    store: Store, tmp_path: Path
) -> None:
    source = make_file(tmp_path, 300_000)
    before = (source.read_bytes(), source.stat().st_mtime_ns)
    folder = tmp_path / "attachments"
    sha = attachments.add_file(store, folder, source, "image/jpeg")
    assert sha == hashlib.sha256(before[0]).hexdigest()
    kept = attachments.path_of(folder, sha)
    assert kept == folder / sha[:2] / sha and kept.read_bytes() == before[0]
    assert (source.read_bytes(), source.stat().st_mtime_ns) == before  # original untouched
    row = attachments.get(store.conn, sha)
    assert row is not None and (row.size, row.media_type, row.uploaded_at) == (
        300_000,
        "image/jpeg",
        None,
    )
    assert [a.sha256 for a in attachments.pending_uploads(store.conn)] == [sha]
    # the same content again (even under another name): same id, one file, one row
    copy = tmp_path / "copy.bin"
    copy.write_bytes(before[0])
    assert attachments.add_file(store, folder, copy, "image/jpeg") == sha
    assert store.conn.execute("SELECT count(*) FROM attachment").fetchone()[0] == 1
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert files == [kept]  # no temporary file left behind
    attachments.mark_uploaded(store, sha)
    assert attachments.pending_uploads(store.conn) == []
    assert kept.exists() and source.exists()


def test_add_file_repairs_a_damaged_copy_and_refuses_bad_input(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_file(tmp_path, 5000)
    folder = tmp_path / "attachments"
    sha = attachments.add_file(store, folder, source, "image/png")
    kept = attachments.path_of(folder, sha)
    kept.write_bytes(b"damaged")
    assert not attachments.verify(folder, sha)
    assert attachments.add_file(store, folder, source, "image/png") == sha
    assert attachments.verify(folder, sha)
    with pytest.raises(AttachmentError) as missing:
        attachments.add_file(store, folder, tmp_path / "nope.jpg", "image/jpeg")
    assert missing.value.code == "not_found" and "找不到文件" in missing.value.zh
    monkeypatch.setattr(attachments, "MAX_BYTES", 4000)
    with pytest.raises(AttachmentError) as big:
        attachments.add_file(store, folder, make_file(tmp_path, 4001, "big.bin"), "")
    assert big.value.code == "too_large" and "附件过大" in big.value.zh
    assert not list(folder.glob("*.partial"))
    with pytest.raises(ValueError):
        attachments.path_of(folder, "../../etc/passwd")
    assert attachments.missing_locally(folder, [sha, "0" * 64, sha]) == ["0" * 64]


def test_the_local_limit_is_the_servers() -> None:
    assert attachments.MAX_BYTES == protocol.MAX_BLOB_BYTES


# -- upload and download -------------------------------------------------------------------------


def test_sync_uploads_and_another_device_downloads_the_same_bytes(
    devices: Any, live_server: Any, tmp_path: Path
) -> None:
    officer: Device = devices("haining1")
    source = make_file(tmp_path, 2 * protocol.CHUNK_BYTES + 12_345)
    original = source.read_bytes()
    sha = add(officer, source)
    events: list[tuple[str, int, int]] = []
    report = officer.sync(progress=lambda *e: events.append(e))
    assert (report.uploaded, report.uploaded_bytes) == (1, len(original))
    uploads = [e for e in events if e[0] == "upload"]
    assert uploads[-1] == ("upload", len(original), len(original))
    assert [e[1] for e in uploads] == sorted(e[1] for e in uploads)  # never backwards
    row, content = server_blob(live_server.engine, sha)
    assert row is not None and row["complete"] and row["size"] == len(original)
    assert content == original
    local = attachments.get(officer.store.conn, sha)
    assert local is not None and local.uploaded_at is not None
    # the local copy and the original both stay after the upload
    assert attachments.path_of(attachments_dir(officer), sha).read_bytes() == original
    assert source.read_bytes() == original
    assert officer.sync().uploaded == 0  # nothing left to send

    # a blob is read only through a record in the reader's scope
    outside: Device = devices("nanhu1")
    with pytest.raises(SyncError) as refused:
        transfers(outside).download(sha, "image/jpeg")
    assert "没有该附件" in refused.value.zh
    name_on_server(live_server, sha)  # the photo's record, in Haining
    with pytest.raises(SyncError):
        transfers(outside).download(sha, "image/jpeg")
    other: Device = devices("haining2")
    path = transfers(other).download(sha, "image/jpeg")
    assert path == attachments.path_of(attachments_dir(other), sha)
    assert path.read_bytes() == original
    fetched = attachments.get(other.store.conn, sha)
    assert fetched is not None and fetched.uploaded_at is not None  # the server has it
    assert not list(attachments_dir(other).rglob("*.partial"))


def test_an_empty_file_round_trips(devices: Any, tmp_path: Path) -> None:
    a: Device = devices("haining1")
    b: Device = devices("haining2")
    sha = add(a, make_file(tmp_path, 0, "empty.txt"), "text/plain")
    result = transfers(a).upload(sha)
    assert (result.chunks_sent, result.already_there) == (0, False)
    assert a.api.blob_status(sha) == {"sha256": sha, "received": 0, "complete": True, "size": 0}
    assert transfers(b).download(sha).read_bytes() == b""


@pytest.mark.parametrize("lost", ["request", "answer"])
def test_an_upload_resumes_from_the_servers_count(
    devices: Any, live_server: Any, tmp_path: Path, lost: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The link goes down at the 5th chunk (and stays down): before the server got it, or after
    it stored it and before its answer arrived. The next call sends only what the server
    lacks."""
    device: Device = devices("haining1")
    source = make_file(tmp_path, 10 * CHUNK)
    sha = add(device, source)
    puts: list[int] = []

    def drop_fifth(send: Wire, method: str, url: str, kwargs: dict[str, Any]) -> requests.Response:
        if method == "PUT":
            puts.append(kwargs["params"]["offset"])
            if len(puts) == 5 and lost == "answer":
                send(method, url, **kwargs)  # the server stores it; the answer is lost
        if len(puts) >= 5:
            raise requests.ConnectionError("link down")
        return send(method, url, **kwargs)

    monkeypatch.setattr(transfer, "LINK_PAUSE_S", 0.0)
    send = tap(device, drop_fifth)
    with pytest.raises(SyncError) as info:
        transfers(device).upload(sha)
    assert info.value.kind == "offline"
    assert len(puts) == 5  # it asked the server's count while the link was down, sent nothing
    untap(device, send)
    stored = 5 if lost == "answer" else 4
    assert device.api.blob_status(sha)["received"] == stored * CHUNK
    assert attachments.pending_uploads(device.store.conn)[0].sha256 == sha  # not marked

    puts = record_offsets(device, "PUT")
    result = transfers(device).upload(sha)
    assert result.chunks_sent == 10 - stored  # continued, not restarted
    assert puts == [i * CHUNK for i in range(stored, 10)]
    row, content = server_blob(live_server.engine, sha)
    assert row is not None and row["complete"] and content == source.read_bytes()
    assert attachments.pending_uploads(device.store.conn) == []


@pytest.mark.parametrize("damage", ["truncated", "flipped"])
def test_a_chunk_damaged_on_the_way_is_refused_and_sent_again(
    devices: Any, live_server: Any, tmp_path: Path, damage: str
) -> None:
    device: Device = devices("haining1")
    source = make_file(tmp_path, 4 * CHUNK + 100)
    sha = add(device, source)
    answers: list[tuple[int, int, str]] = []

    def damage_third(
        send: Wire, method: str, url: str, kwargs: dict[str, Any]
    ) -> requests.Response:
        if method == "PUT" and len(answers) == 2:
            data = kwargs["data"]
            kwargs = dict(
                kwargs,
                data=data[: len(data) // 2]
                if damage == "truncated"
                else data[:10] + bytes([data[10] ^ 0xFF]) + data[11:],
            )
        response = send(method, url, **kwargs)
        if method == "PUT":
            code = response.json().get("error", "") if response.status_code >= 400 else ""
            answers.append((kwargs["params"]["offset"], response.status_code, code))
        return response

    tap(device, damage_third)
    result = transfers(device).upload(sha)
    assert answers[2] == (2 * CHUNK, 422, "chunk_corrupt")  # refused...
    assert answers[3] == (2 * CHUNK, 200, "")  # ...and the same chunk sent again
    assert result.chunks_sent == 5 and len(answers) == 6
    row, content = server_blob(live_server.engine, sha)
    assert row is not None and row["complete"]
    assert hashlib.sha256(content).hexdigest() == sha and content == source.read_bytes()


def test_a_chunk_with_a_wrong_hash_header_is_refused_with_a_message(devices: Any) -> None:
    device: Device = devices("haining1")
    data = random_bytes(1000, 7)
    sha = hashlib.sha256(data).hexdigest()
    response = raw(
        device,
        "PUT",
        f"/blobs/{sha}",
        params={"offset": 0},
        data=data,
        headers={protocol.H_CHUNK_SHA256: hashlib.sha256(data[:-1]).hexdigest()},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "chunk_corrupt"
    assert "损坏" in body["message"]["zh"] and "damaged" in body["message"]["en"]
    assert device.api.blob_status(sha)["received"] == 0  # nothing stored


def test_a_wrong_whole_file_hash_is_refused_and_nothing_is_kept(
    devices: Any, live_server: Any, tmp_path: Path
) -> None:
    device: Device = devices("haining1")
    claimed = random_bytes(3 * CHUNK, 1)
    sent = random_bytes(3 * CHUNK, 2)  # every chunk is intact, but not the named content
    sha = hashlib.sha256(claimed).hexdigest()
    for i in range(3):
        device.api.upload_chunk(sha, i * CHUNK, sent[i * CHUNK : (i + 1) * CHUNK], len(sent))
    assert device.api.blob_status(sha)["received"] == len(sent)
    with pytest.raises(SyncError) as info:
        device.api.complete_blob(sha, len(sent))
    assert info.value.status == 422 and info.value.code == "hash_mismatch"
    assert "SHA-256" in info.value.zh
    assert server_blob(live_server.engine, sha) == (None, b"")  # the partial upload is gone
    status = device.api.blob_status(sha)
    assert (status["received"], status["complete"]) == (0, False)

    # the same from the app: a file damaged on this disk is never uploaded, and is reported
    sha2 = add(device, make_file(tmp_path, 2 * CHUNK, seed=3))
    kept = attachments.path_of(attachments_dir(device), sha2)
    kept.write_bytes(random_bytes(2 * CHUNK, 4))
    report = device.sync()
    assert report.uploaded == 0 and any("损坏" in p for p in report.problems)
    assert server_blob(live_server.engine, sha2) == (None, b"")
    assert [a.sha256 for a in attachments.pending_uploads(device.store.conn)] == [sha2]
    assert kept.exists()  # never deleted


def test_the_same_content_from_two_devices_is_stored_once(
    devices: Any, live_server: Any, tmp_path: Path
) -> None:
    a: Device = devices("haining1")
    b: Device = devices("nanhu1")
    source = make_file(tmp_path, 3 * CHUNK + 7)
    sha_a, sha_b = add(a, source), add(b, source)
    assert sha_a == sha_b
    first = transfers(a).upload(sha_a)
    second = transfers(b).upload(sha_b)
    assert (first.chunks_sent, first.already_there) == (4, False)
    assert (second.chunks_sent, second.already_there) == (0, True)
    assert attachments.pending_uploads(b.store.conn) == []  # confirmed by the server
    with db.reading(live_server.engine) as conn:
        assert conn.execute(select(func.count()).select_from(db.blobs)).scalar_one() == 1
        stored = conn.execute(select(func.sum(func.length(db.blob_chunks.c.data)))).scalar_one()
    assert stored == 3 * CHUNK + 7
    # a chunk sent for a complete blob is not stored again
    again = b.api.upload_chunk(sha_b, 0, source.read_bytes()[:CHUNK], 3 * CHUNK + 7)
    assert again["status"] == "already_complete"
    assert server_blob(live_server.engine, sha_a)[1] == source.read_bytes()


def test_a_download_resumes_and_is_verified_before_it_is_kept(
    devices: Any, live_server: Any, tmp_path: Path
) -> None:
    a: Device = devices("haining1")
    b: Device = devices("haining2")
    source = make_file(tmp_path, 6 * CHUNK + 1)
    sha = add(a, source)
    transfers(a).upload(sha)
    name_on_server(live_server, sha)
    gets: list[int] = []

    def drop_third(send: Wire, method: str, url: str, kwargs: dict[str, Any]) -> requests.Response:
        if method == "GET" and "offset" in kwargs.get("params", {}):
            gets.append(kwargs["params"]["offset"])
            if len(gets) == 3:
                raise requests.ConnectionError("link dropped")
        return send(method, url, **kwargs)

    send = tap(b, drop_third)
    with pytest.raises(SyncError):
        transfers(b).download(sha)
    folder = attachments_dir(b)
    partial = attachments.partial_path(folder, sha)
    assert partial.stat().st_size == 2 * CHUNK
    assert not attachments.path_of(folder, sha).exists()
    assert attachments.get(b.store.conn, sha) is None

    # a damaged partial file: the whole-file check catches it, nothing is kept
    damaged = bytearray(partial.read_bytes())
    damaged[5] ^= 0xFF
    partial.write_bytes(bytes(damaged))
    untap(b, send)
    with pytest.raises(SyncError) as info:
        transfers(b).download(sha)
    assert "校验失败" in info.value.zh
    assert not partial.exists() and not attachments.path_of(folder, sha).exists()
    assert attachments.get(b.store.conn, sha) is None

    # interrupted again, then resumed from the bytes already here
    gets.clear()
    tap(b, drop_third)
    with pytest.raises(SyncError):
        transfers(b).download(sha)
    untap(b, send)
    gets = record_offsets(b, "GET")
    path = transfers(b).download(sha)
    assert gets == [i * CHUNK for i in range(2, 7)]
    assert path.read_bytes() == source.read_bytes()
    assert not partial.exists()


def test_a_chunk_not_signed_by_the_server_is_not_kept(
    devices: Any, live_server: Any, tmp_path: Path
) -> None:
    a: Device = devices("haining1")
    sha = add(a, make_file(tmp_path, 2 * CHUNK))
    transfers(a).upload(sha)
    name_on_server(live_server, sha)

    def tamper(send: Wire, method: str, url: str, kwargs: dict[str, Any]) -> requests.Response:
        response = send(method, url, **kwargs)
        if method == "GET" and "offset" in kwargs.get("params", {}):
            response._content = b"x" + response.content[1:]
        return response

    tap(a, tamper)
    folder = tmp_path / "elsewhere"
    with pytest.raises(SyncError) as info:
        Transfers(a.store, a.api, folder, chunk_bytes=CHUNK).download(sha)
    assert info.value.kind == "not_server"
    assert not attachments.path_of(folder, sha).exists()


def test_another_devices_wrong_declaration_never_blocks_the_owner(
    devices: Any, live_server: Any, tmp_path: Path
) -> None:
    owner: Device = devices("haining1")
    stranger: Device = devices("changan1")
    source = make_file(tmp_path, 2 * CHUNK + 7)
    sha = add(owner, source)
    # another account declares the photo's hash first, with a wrong size and wrong bytes
    junk = b"not the photo"
    stranger.api.upload_chunk(sha, 0, junk, 999)
    report = owner.sync()
    assert report.uploaded == 1 and not report.problems
    row, content = server_blob(live_server.engine, sha)
    assert row is not None and row["complete"] and content == source.read_bytes()
    # the stranger's bytes never became the blob; completing them is refused
    with pytest.raises(SyncError):
        stranger.api.complete_blob(sha, len(junk))
    # an abandoned upload and a blob no record names are collected; a named one stays
    orphan = random_bytes(CHUNK + 3, 5)
    orphan_sha = hashlib.sha256(orphan).hexdigest()
    stranger.api.upload_chunk(orphan_sha, 0, orphan, len(orphan))
    stranger.api.complete_blob(orphan_sha, len(orphan))
    name_on_server(live_server, sha)
    stranger.api.upload_chunk(hashlib.sha256(b"abandoned").hexdigest(), 0, b"aban", 9)
    with db.writing(live_server.engine) as conn:
        assert blobs.collect(conn, db.now(), dt.timedelta(0), dt.timedelta(0)) == (2, 1)
    assert server_blob(live_server.engine, orphan_sha)[0] is None
    assert server_blob(live_server.engine, sha)[1] == source.read_bytes()


# -- bad requests --------------------------------------------------------------------------------

SHA = hashlib.sha256(b"hello").hexdigest()
DATA = b"hello"
GOOD_HASH = {protocol.H_CHUNK_SHA256: hashlib.sha256(DATA).hexdigest()}


BAD_REQUESTS: list[tuple[str, str, dict[str, Any], int, str]] = [
    ("GET", "/blobs/abc/status", {}, 422, "bad_sha256"),
    ("GET", f"/blobs/{'g' * 64}/status", {}, 422, "bad_sha256"),
    ("GET", f"/blobs/{SHA}0/status", {}, 422, "bad_sha256"),
    ("PUT", "/blobs/xyz", {"params": {"offset": 0}, "data": DATA}, 422, "bad_sha256"),
    (
        "PUT",
        f"/blobs/{SHA}",
        {"params": {"offset": -1}, "data": DATA, "headers": GOOD_HASH},
        422,
        "bad_offset",
    ),
    (
        "PUT",
        f"/blobs/{SHA}",
        {"params": {"offset": "x"}, "data": DATA, "headers": GOOD_HASH},
        422,
        "invalid_request",
    ),
    ("PUT", f"/blobs/{SHA}", {"data": DATA, "headers": GOOD_HASH}, 422, "invalid_request"),
    (
        "PUT",
        f"/blobs/{SHA}",
        {"params": {"offset": 0}, "data": DATA},
        400,
        "chunk_hash_missing",
    ),
    (
        "PUT",
        f"/blobs/{SHA}",
        {"params": {"offset": 0}, "data": b"", "headers": GOOD_HASH},
        422,
        "empty_chunk",
    ),
    (
        "PUT",
        f"/blobs/{SHA}",
        {
            "params": {"offset": 0},
            "data": b"x" * (protocol.CHUNK_BYTES + 1),
            "headers": {protocol.H_CHUNK_SHA256: "0" * 64},
        },
        413,
        "chunk_too_large",
    ),
    (
        "PUT",
        f"/blobs/{SHA}",
        {
            "params": {"offset": 0, "total": protocol.MAX_BLOB_BYTES + 1},
            "data": DATA,
            "headers": GOOD_HASH,
        },
        413,
        "blob_too_large",
    ),
    (
        "PUT",
        f"/blobs/{SHA}",
        {"params": {"offset": protocol.MAX_BLOB_BYTES}, "data": DATA, "headers": GOOD_HASH},
        413,
        "blob_too_large",
    ),
    (
        "PUT",
        f"/blobs/{SHA}",
        {"params": {"offset": 0, "total": 3}, "data": DATA, "headers": GOOD_HASH},
        422,
        "beyond_total",
    ),
    (
        "PUT",
        f"/blobs/{SHA}",
        {"params": {"offset": 5}, "data": DATA, "headers": GOOD_HASH},
        409,
        "offset_mismatch",
    ),
    ("POST", f"/blobs/{SHA}/complete", {"json": {"size": -1}}, 422, "bad_size"),
    (
        "POST",
        f"/blobs/{SHA}/complete",
        {"json": {"size": protocol.MAX_BLOB_BYTES + 1}},
        413,
        "blob_too_large",
    ),
    ("POST", f"/blobs/{SHA}/complete", {"json": {"size": "five"}}, 422, "invalid_request"),
    ("POST", f"/blobs/{SHA}/complete", {"json": {"size": 5}}, 409, "incomplete"),
    ("POST", f"/blobs/{SHA}/complete", {"data": b"{oops"}, 422, "invalid_request"),
    ("GET", f"/blobs/{SHA}", {}, 404, "blob_unknown"),
    ("GET", f"/blobs/{SHA}", {"params": {"offset": -5}}, 422, "bad_offset"),
    ("GET", f"/blobs/{SHA}", {"params": {"length": 0}}, 422, "bad_length"),
    (
        "GET",
        f"/blobs/{SHA}",
        {"params": {"length": protocol.CHUNK_BYTES + 1}},
        422,
        "bad_length",
    ),
    ("DELETE", f"/blobs/{SHA}", {}, 405, "http_error"),
]


def test_bad_blob_requests_are_4xx_with_a_message(devices: Any) -> None:
    device: Device = devices("haining1")
    wrong = []
    for method, path, kwargs, status, code in BAD_REQUESTS:
        response = raw(device, method, path, **kwargs)
        body = response.json()
        message = body.get("message", {})
        if (
            (response.status_code, body.get("error")) != (status, code)
            or not message.get("zh")
            or not message.get("en")
            or message["zh"] == message["en"]
        ):
            wrong.append((method, path, kwargs.get("params"), response.status_code, body))
        if code == "offset_mismatch" and body.get("received") != 0:
            wrong.append(("offset_mismatch does not tell where to go on", body))
    assert wrong == []


def test_blob_requests_need_a_signed_in_device(devices: Any, live_server: Any) -> None:
    response = requests.get(
        f"{live_server.url}/api/v1/blobs/{SHA}/status",
        headers={protocol.H_PROTOCOL: "1"},
        timeout=10,
    )
    assert response.status_code == 401 and response.json()["message"]["zh"]


def test_reading_outside_a_complete_blob_is_refused(devices: Any, live_server: Any) -> None:
    device: Device = devices("haining1")
    data = random_bytes(2 * CHUNK, 9)
    sha = hashlib.sha256(data).hexdigest()
    name_on_server(live_server, sha)
    device.api.upload_chunk(sha, 0, data[:CHUNK], len(data))
    # an upload in progress is no blob yet
    partial = raw(device, "GET", f"/blobs/{sha}", params={"offset": 0, "length": 10})
    assert partial.status_code == 404 and partial.json()["error"] == "blob_unknown"
    device.api.upload_chunk(sha, CHUNK, data[CHUNK:], len(data))
    device.api.complete_blob(sha, len(data))
    beyond = raw(device, "GET", f"/blobs/{sha}", params={"offset": len(data) + 1})
    assert beyond.status_code == 422 and beyond.json()["error"] == "bad_offset"
    # a range across the chunk boundary is cut from both chunks
    middle = device.api.download_chunk(sha, CHUNK - 10, 20)
    assert middle == data[CHUNK - 10 : CHUNK + 10]
    assert device.api.download_chunk(sha, len(data) - 5, 100) == data[-5:]
