"""Byte fuzz targets of the reliability battery (S6): the app's readers of outside input fed
arbitrary bytes.

Each target takes ``bytes`` and returns quietly when the outcome is one the code promises: a
valid result, or the module's own error with a message a user can read. Anything else escapes:
``Unexpected`` for a wrong outcome (an altered sealed file accepted, an unsigned answer taken,
an empty message), the parser's own exception for a crash (RecursionError, KeyError, ...).

``inputs`` makes a target's inputs from a seed: the hand-written nasties first, then a mix of
random bytes, mutations of real seeds (bit flips, cuts, insertions, splices, numbers made huge)
and splices of two seeds.

Run as a program (``PYTHONPATH=<repository> python tests/fuzz_targets.py``):

    run FOLDER [--inputs N] [--seed S] [--start TARGET:INDEX] [--seconds T] [--only A,B]
        every target over N inputs (or for T seconds each), one line per event, for the
        watchdog in ``test_battery_fuzz`` (a hang is seen from outside, a crash from inside)
    atheris TARGET SECONDS FOLDER
        one target under atheris (coverage-guided libFuzzer) for SECONDS
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import hashlib
import io
import json
import os
import random
import resource
import struct
import sys
import time
import traceback
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
import urllib3
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from requests.adapters import HTTPAdapter

from inspector_app.inspections import photos
from inspector_app.store import attachments, keyfile, sealed
from inspector_app.store.attachments import AttachmentError, Vault
from inspector_app.store.database import Store
from inspector_app.store.keyfile import KeyFile, KeyFileError
from sync import protocol
from sync import ready as ready_mod
from sync.api import ApiClient, Connection, Credentials, SyncError
from sync.report import SyncReport

NOW = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)
PASSWORD = "the password 1"
SERVER_ID = "server-under-fuzz"
SIGNING_KEY = bytes(range(32))
KINDS = {
    "offline",
    "auth",
    "revoked",
    "upgrade",
    "not_server",
    "server",
    "refused",
    "demo",
    "cancelled",
    "tampered",
    "insecure",
}
# the longest line a message or a report's problem may be: a text from the wire is cut
LONGEST_MESSAGE = 5000
# address space of the runner: an allocation a hostile input asks for fails (MemoryError
# counts as a crash) instead of taking the machine down
MEMORY_LIMIT = 4 * 1024**3
# the per-input limit: longer is a hang (the slowest honest input, a key file at the KDF
# bounds' top, takes a few seconds); test_battery_fuzz's watchdog uses the same
HANG_SECONDS = 10.0


class Unexpected(AssertionError):
    """An outcome the code does not promise (not a crash of the code: a wrong answer)."""


def _readable(error: Exception, zh: str, en: str) -> None:
    for text in (zh, en):
        if not isinstance(text, str) or not text.strip():
            raise Unexpected(f"{type(error).__name__} without a message: {zh!r} / {en!r}")
        if len(text) > LONGEST_MESSAGE:
            raise Unexpected(f"{type(error).__name__} with a message of {len(text)} characters")
        text.encode("utf-8")  # a lone surrogate cannot be shown or logged: UnicodeEncodeError


@dataclass
class Target:
    name: str
    # returns the outcome's name (tallied by the runner: which paths the inputs reached)
    check: Callable[[bytes], str]
    seeds: list[bytes]
    nasties: list[bytes]


# -- a: the EXIF time of a photo ----------------------------------------------------------------

# a minimal JPEG: start of image, one quantisation table, a baseline frame header, end of image
PLAIN_JPEG = (
    b"\xff\xd8\xff\xdb\x00\x43\x00"
    + bytes(64)
    + b"\xff\xc0\x00\x11\x08\x00\x10\x00\x10\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    + b"\xff\xd9"
)


def _exif_seeds() -> list[bytes]:
    jpeg = photos.jpeg_with_exif_time(PLAIN_JPEG, dt.datetime(2026, 11, 20, 9, 45, 12))
    # a big-endian ("MM") EXIF block, as other cameras write it: IFD0 at 8 pointing to the
    # Exif IFD at 26, whose DateTimeOriginal is stored at 44
    big = bytearray(b"MM\x00*") + struct.pack(">I", 8)
    big += struct.pack(">H", 1) + struct.pack(">HHII", photos.EXIF_IFD_POINTER, 4, 1, 26)
    big += struct.pack(">I", 0) + struct.pack(">H", 1)
    big += struct.pack(">HHII", photos.DATETIME_ORIGINAL, 2, 20, 44) + struct.pack(">I", 0)
    big += b"2025:01:02 03:04:05\x00"
    segment = b"Exif\x00\x00" + bytes(big)
    big_jpeg = b"\xff\xd8\xff\xe1" + struct.pack(">H", len(segment) + 2) + segment + jpeg[2:]
    return [jpeg, big_jpeg, PLAIN_JPEG]


def _exif_nasties() -> list[bytes]:
    app1 = b"\xff\xd8\xff\xe1"
    return [
        b"",
        b"\xff\xd8",
        app1 + b"\x00\x00",  # a segment length of 0
        app1 + b"\x00\x01",
        app1 + b"\xff\xff" + b"Exif\x00\x00II*\x00\xff\xff\xff\xff",  # IFD far past the end
        app1 + b"\x00\x20Exif\x00\x00II*\x00\x08\x00\x00\x00\xff\xff" + bytes(14),  # 65535 entries
        app1 + b"\x00\x20Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x01\x87\x69\x00\x04"
        b"\x00\x00\x00\x01\x00\x00\x00\x08",  # the Exif IFD points at IFD0: a loop
        b"\xff\xd8" + b"\xff\xfe\x00\x02" * 60000,  # many empty comments
        b"\xff\xd8\xff\xe1\x00\x2cExif\x00\x00II*\x00\x08\x00\x00\x00\x01\x00\x32\x01\x02\x00"
        b"\x14\x00\x00\x00\x1a\x00\x00\x00\x00\x00\x00\x009999:99:99 99:99:99\x00",
        b"\xff\xd8\xff\xe1\x00\x2cExif\x00\x00II*\x00\x08\x00\x00\x00\x01\x00\x32\x01\x02\x00"
        b"\x14\x00\x00\x00\x1a\x00\x00\x00\x00\x00\x00\x00\xed\xa0\x80\x00\x00:01:01 00:00:00\x00",
    ]


def check_exif(data: bytes) -> str:
    found = photos.exif_time(data)
    if not isinstance(found, str):
        raise Unexpected(f"exif_time gave {found!r}")
    if found:
        parsed = dt.datetime.fromisoformat(found)  # ValueError: not the promised format
        if parsed.tzinfo is not None or len(found) != 19:
            raise Unexpected(f"exif_time gave {found!r}, not YYYY-MM-DDTHH:MM:SS")
        return "time"
    return "no time"


# -- b: a photo taken in as evidence ------------------------------------------------------------


def _png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + b"\x00" * 4


def _bombs() -> list[bytes]:
    """Headers that claim more pixels than ``MAX_PIXELS``: refused before they are kept."""
    frame = b"\xff\xc0\x00\x11\x08\xff\xff\xff\xff\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    return [
        _png_header(100_000, 100_000),
        _png_header(2**32 - 1, 2**32 - 1),
        b"GIF89a\xff\xff\xff\xff" + bytes(20),
        b"\xff\xd8" + frame + b"\xff\xd9",
        photos.jpeg_with_exif_time(b"\xff\xd8" + frame + b"\xff\xd9", NOW.replace(tzinfo=None)),
    ]


def make_intake(folder: Path) -> Callable[[bytes], str]:
    source = folder / "camera" / "IMG_0001.jpg"
    source.parent.mkdir(parents=True, exist_ok=True)
    vaults = (
        Vault(folder / "plain-attachments"),
        Vault.for_key(folder / "sealed-attachments", hashlib.sha256(b"database key").digest()),
    )

    def check_intake(data: bytes) -> str:
        source.write_bytes(data)
        vault = vaults[len(data) % 2]
        claimed = attachments.image_size(data[: 256 * 1024])
        bomb = claimed is not None and claimed[0] * claimed[1] > attachments.MAX_PIXELS
        try:
            sha, size = attachments.keep_file(vault, source, photos.media_type(source))
        except AttachmentError as exc:
            _readable(exc, exc.zh, exc.en)
            if bomb and exc.code != "too_many_pixels":
                raise Unexpected(f"a {claimed} image refused as {exc.code}") from exc
            return f"refused ({exc.code})"
        if bomb:
            raise Unexpected(f"an image of {claimed} pixels was kept")
        if sha != hashlib.sha256(data).hexdigest() or size != len(data):
            raise Unexpected("kept under another hash or size")
        if vault.read_bytes(sha) != data:
            raise Unexpected("kept bytes differ from the original")
        check_exif(data)
        if photos.taken_at(source) != photos.exif_time(data):
            raise Unexpected("taken_at of the file differs from exif_time of its bytes")
        return "kept"

    return check_intake


# -- c: sealed attachment files ------------------------------------------------------------------


def make_sealed(folder: Path) -> tuple[Callable[[bytes], str], list[bytes]]:
    folder.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(b"attachments key").digest()
    rng = random.Random(3)
    genuine: dict[bytes, bytes] = {}
    for n, plain in enumerate(
        (b"", b"a small photo", rng.randbytes(sealed.CHUNK * 2 + 100), rng.randbytes(sealed.CHUNK))
    ):
        path = folder / f"seed-{n}.sealed"
        writer = sealed.SealedWriter(path, key)
        writer.write(plain)
        writer.close()
        genuine[path.read_bytes()] = plain
    target = folder / "under-test.sealed"

    def check_sealed(data: bytes) -> str:
        target.write_bytes(data)
        try:
            reader = sealed.SealedReader(target, key)
            whole = b"".join(reader.pieces())
            middle = reader.read(reader.size // 3, sealed.CHUNK)
        except sealed.SealError as exc:
            if not str(exc):
                raise Unexpected("SealError without a message") from exc
            return "refused"
        if data not in genuine:
            raise Unexpected(f"an altered sealed file of {len(data)} bytes was opened")
        if whole != genuine[data] or middle != whole[reader.size // 3 :][: sealed.CHUNK]:
            raise Unexpected("a sealed file read back other bytes than were sealed")
        return "opened"

    return check_sealed, list(genuine)


def _sealed_nasties() -> list[bytes]:
    head = sealed.MAGIC + bytes(sealed.SALT_BYTES)
    return [
        b"",
        sealed.MAGIC,
        head,
        head + bytes(sealed.TAG - 1),
        head + bytes(sealed.TAG),
        head + bytes(sealed.SEALED_CHUNK),
        head + bytes(sealed.SEALED_CHUNK + sealed.TAG - 1),
        head + bytes(sealed.SEALED_CHUNK * 2 + 1),
        b"FISEAL02" + bytes(40),
    ]


# -- d: the key file -----------------------------------------------------------------------------

# the cheapest parameters the bounds allow: the fuzz runs the KDF for every input that parses
SEED_KDF = {name: low for name, (low, _high) in keyfile.KDF_BOUNDS.items()}
DATABASE_KEY = hashlib.sha256(b"the database key").digest()


def _key_file_seed() -> bytes:
    """A genuine key file (as ``KeyFile.create`` writes one, with the cheapest KDF)."""
    salt, nonce = b"s" * keyfile.SALT_BYTES, b"n" * keyfile.NONCE_BYTES
    wrapping = keyfile.stretch(PASSWORD, salt, SEED_KDF)
    aad = f"{keyfile.FORMAT} v{keyfile.VERSION} slot {keyfile.PASSWORD_SLOT}".encode()
    slot = {
        "name": keyfile.PASSWORD_SLOT,
        "kdf": {"type": "argon2id", **SEED_KDF, "salt": _b64(salt)},
        "cipher": "AES-256-GCM",
        "nonce": _b64(nonce),
        "wrapped": _b64(AESGCM(wrapping).encrypt(nonce, DATABASE_KEY, aad)),
    }
    body = {
        "format": keyfile.FORMAT,
        "version": keyfile.VERSION,
        "id": keyfile.key_id(DATABASE_KEY),
        "slots": [slot],
    }
    return json.dumps(body, indent=1, sort_keys=True).encode()


def _b64(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode("ascii")


def _key_file_nasties(seed: bytes) -> list[bytes]:
    body = json.loads(seed)
    out = [b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 50_000 + b"1" + b"}" * 50_000]
    for name, value in (
        ("time_cost", 10**9),
        ("memory_kib", 2**40),
        ("memory_kib", 2**31),
        ("parallelism", 0),
        ("parallelism", 2**24),
        ("time_cost", -1),
        ("time_cost", 1e308),
        ("memory_kib", "65536"),
        ("time_cost", True),
        ("time_cost", None),
    ):
        changed = json.loads(seed)
        changed["slots"][0]["kdf"][name] = value
        out.append(json.dumps(changed).encode())
    for text in ("Infinity", "NaN", "-Infinity", "1" * 4000, "1e400"):
        out.append(
            json.dumps(body)
            .replace(f'"time_cost": {SEED_KDF["time_cost"]}', f'"time_cost": {text}')
            .encode()
        )
    for slots in ("[1, 2]", '["x"]', "[[]]", '[{"kdf": []}]', "{}", '[{"name": [[[]]]}]'):
        out.append(json.dumps(body).replace(json.dumps(body["slots"]), slots).encode())
    salted = json.loads(seed)
    salted["slots"][0]["kdf"]["salt"] = ""
    out += [
        json.dumps(salted).encode(),
        seed.replace(b'"version": 1', b'"version": ' + b"[" * 900 + b"]" * 900),
        seed.replace(b'"format"', b'"\\ud800"'),
        seed.replace(b"field-inspector-key", b"field-inspector-key\\u0000"),
        b"\x00" * 64,
        b"\xef\xbb\xbf" + seed,  # a byte-order mark before the JSON
        seed.decode().encode("utf-16"),
    ]
    for attempts in (
        {"failures": 10**9, "last": NOW.isoformat()},
        {"failures": 1e308, "last": NOW.isoformat()},
        {"failures": 5, "last": "2026-05-01T09:00:00"},  # no offset
        {"failures": -5, "last": NOW.isoformat()},
        {"failures": True, "last": NOW.isoformat()},
    ):
        out.append(json.dumps(attempts).encode())
    return out


def make_key_file(folder: Path) -> Callable[[bytes], str]:
    keys = KeyFile(folder / "keys" / "inspector.key")
    keys.path.parent.mkdir(parents=True, exist_ok=True)

    def check_key_file(data: bytes) -> str:
        keys.path.write_bytes(data)
        keys.attempts_path.unlink(missing_ok=True)
        started = time.monotonic()
        try:
            key = keys.unlock(PASSWORD, now=NOW)
        except KeyFileError as exc:
            _readable(exc, exc.zh, exc.en)
            outcome = f"refused ({exc.code})"
        else:
            if key != DATABASE_KEY:
                raise Unexpected("a key file gave another key")
            outcome = "unlocked"
        _check_kdf_was_bounded(data, time.monotonic() - started)
        # the same bytes as the count of failed attempts: a wait within the promised range
        keys.attempts_path.write_bytes(data)
        wait = keys.backoff_seconds(NOW)
        if not isinstance(wait, int) or not 0 <= wait <= keyfile.MAX_WAIT_SECONDS:
            raise Unexpected(f"a wait of {wait!r} seconds")
        return outcome

    return check_key_file


def _check_kdf_was_bounded(data: bytes, seconds: float) -> None:
    """A file asking for a KDF outside the bounds is refused before the KDF runs: quickly."""
    try:
        body = json.loads(data)
        kdf = body["slots"][0]["kdf"]
        bounded = all(
            isinstance(kdf[name], int) and low <= kdf[name] <= high
            for name, (low, high) in keyfile.KDF_BOUNDS.items()
        )
    except Exception:  # not a key file this check can read: nothing to say
        return
    if not bounded and seconds > 1.0:
        raise Unexpected(f"an out-of-bounds KDF took {seconds:.1f} s to refuse")


# -- e, f: the sync client's reading of the server's answers --------------------------------------

# what the first bytes of a sync input choose: the status, the headers, the call
STATUSES = (200, 200, 200, 201, 204, 206, 301, 400, 401, 403, 404, 409, 413, 422, 426, 429, 500)
SIGNED, UNSIGNED_SIGNATURE, NO_SERVER, OTHER_SERVER, CLOCK, GZIP, CHARSET = (
    1 << i for i in range(7)
)
CALLS = ("health", "me", "push", "login", "refresh", "download", "ready")


@dataclass
class Answer:
    status: int
    flags: int
    call: str
    body: bytes

    @classmethod
    def of(cls, data: bytes) -> Answer:
        head = data[:3].ljust(3, b"\x00")
        status = STATUSES[head[0] % len(STATUSES)] if head[0] < 224 else 100 + head[0] * 2
        return cls(status, head[1], CALLS[head[2] % len(CALLS)], data[3:])

    def encode(self) -> bytes:
        status = STATUSES.index(self.status) if self.status in STATUSES else 224
        return bytes((status, self.flags, CALLS.index(self.call))) + self.body

    def headers(self, garbage: bytes) -> dict[str, str]:
        headers = {"Content-Type": "application/json"}
        if self.flags & CHARSET:
            headers["Content-Type"] = "application/json; charset=" + garbage[:12].decode("latin-1")
        if not self.flags & NO_SERVER:
            headers[protocol.H_SERVER] = "someone else" if self.flags & OTHER_SERVER else SERVER_ID
        if self.flags & SIGNED:
            headers[protocol.H_SIGNATURE] = protocol.sign(SIGNING_KEY, self.body)
        elif self.flags & UNSIGNED_SIGNATURE:
            headers[protocol.H_SIGNATURE] = garbage[:44].decode("latin-1")
        if self.flags & CLOCK:
            headers[protocol.H_TIME] = garbage[:32].decode("latin-1")
        if self.flags & GZIP:
            headers["Content-Encoding"] = "gzip"
        headers[protocol.H_BLOB_OFFSET] = "0"
        return headers


class Wire(HTTPAdapter):
    """The transport under ``requests``: each request gets the next queued answer, built as
    urllib3 builds one from the socket (status, headers, body)."""

    def __init__(self) -> None:
        super().__init__()
        self.queue: list[tuple[int, dict[str, str], bytes]] = []
        self.route: Callable[[str], tuple[int, dict[str, str], bytes] | None] = lambda _u: None

    def send(self, request: Any, *args: Any, **kwargs: Any) -> requests.Response:
        answer = self.route(request.url or "") or (self.queue.pop(0) if self.queue else None)
        if answer is None:
            raise requests.exceptions.ConnectionError("no answer queued")
        status, headers, body = answer
        raw = urllib3.HTTPResponse(
            body=io.BytesIO(body),
            headers=headers,
            status=status,
            preload_content=False,
            decode_content=True,
        )
        return self.build_response(request, raw)


def _client() -> tuple[ApiClient, Wire]:
    credentials = Credentials(
        server_url="http://127.0.0.1:9",
        server_id=SERVER_ID,
        user={"username": "fuzz"},
        access_token="access",
        refresh_token="refresh",
        signing_key=protocol.b64(SIGNING_KEY),
        access_expires_at=NOW.isoformat(),
    )
    api = ApiClient(Connection("http://127.0.0.1:9"), "device-under-fuzz", credentials)
    wire = Wire()
    api.http.mount("http://", wire)
    return api, wire


def _check_sync_error(exc: SyncError, answer: Answer) -> None:
    _readable(exc, exc.zh, exc.en)
    if exc.kind not in KINDS:
        raise Unexpected(f"a SyncError of kind {exc.kind!r}") from exc
    if answer.status == 426 and not answer.flags & (NO_SERVER | GZIP) and exc.kind == "refused":
        raise Unexpected("a 426 from the server not told as an upgrade") from exc


def make_sync() -> Callable[[bytes], str]:
    def check_sync(data: bytes) -> str:
        answer = Answer.of(data)
        api, wire = _client()
        garbage = hashlib.sha256(data).digest() + data[-40:]
        wire.queue.append((answer.status, answer.headers(garbage), answer.body))
        signed = answer.flags & SIGNED and not answer.flags & (NO_SERVER | OTHER_SERVER)
        try:
            result = _call(api, wire, answer)
        except SyncError as exc:
            _check_sync_error(exc, answer)
            return f"{answer.call}: {exc.kind}"
        finally:
            api.close()
        if answer.call in ("me", "push", "download", "ready") and not signed:
            raise Unexpected(f"{answer.call}: an answer without the server's signature was taken")
        if answer.call in ("login", "refresh"):
            creds = api.credentials
            assert creds is not None
            for name in ("access_token", "refresh_token", "signing_key", "server_id"):
                value = getattr(creds, name)
                if not isinstance(value, str) or not value:
                    raise Unexpected(f"{answer.call} left {name} = {value!r}")
        elif answer.call != "download" and not isinstance(result, dict):
            raise Unexpected(f"{answer.call} gave {type(result).__name__}")
        return f"{answer.call}: taken"

    return check_sync


def _call(api: ApiClient, wire: Wire, answer: Answer) -> object:
    if answer.call == "health":
        return api.health()
    if answer.call == "me":
        return api.me()
    if answer.call == "push":
        return api.push([])
    if answer.call == "login":
        api.credentials = None
        return api.login("fuzz", "a password", "laptop")
    if answer.call == "refresh":
        # the access token ran out: the fuzzed answer is the refresh's, then the call is retried
        expired = json.dumps({"error": "token_expired"}).encode()
        wire.queue.insert(0, (401, {protocol.H_SERVER: SERVER_ID}, expired))
        wire.queue.append((200, {protocol.H_SERVER: SERVER_ID}, b"{}"))
        return api.request("GET", "/me", signed=False)
    if answer.call == "download":
        return api.download_chunk("0" * 64, 0, 1024)
    return api.ready()


def _sync_seeds() -> list[bytes]:
    manifest = {
        "available": True,
        "schema": 1,
        "seq": 120,
        "sha256": "ab" * 32,
        "size": 4096,
    }
    session = {
        "server_id": SERVER_ID,
        "user": {"username": "fuzz", "role": "township"},
        "access_token": "a" * 43,
        "refresh_token": "r" * 43,
        "signing_key": protocol.b64(bytes(32)),
        "access_expires_at": NOW.isoformat(),
        "scope": {"units": ["330481"]},
    }
    error = {"error": "bad_request", "message": {"zh": "请求有误。", "en": "Bad request."}}
    bodies = [
        (200, SIGNED, "me", {"user": {"username": "fuzz"}}),
        (200, SIGNED, "push", {"results": [{"id": "x", "status": "accepted"}]}),
        (403, SIGNED, "push", {"results": [{"id": "x", "status": "rejected"}]}),
        (200, 0, "login", session),
        (200, 0, "refresh", session),
        (200, SIGNED, "ready", manifest),
        (200, 0, "health", {"status": "ok", "protocol": protocol.PROTOCOL_VERSION}),
        (400, 0, "me", error),
        (426, 0, "push", {**error, "error": "upgrade_required"}),
        (403, 0, "push", {**error, "error": "device_revoked"}),
        (401, 0, "me", {**error, "error": "token_invalid"}),
        (500, 0, "me", error),
    ]
    out = [
        Answer(s, f, c, json.dumps(b, ensure_ascii=False).encode()).encode()
        for s, f, c, b in bodies
    ]
    out.append(Answer(200, SIGNED, "download", b"\x00\x01 bytes of a photo").encode())
    return out


def _sync_nasties() -> list[bytes]:
    deep = b"[" * 100_000 + b"]" * 100_000
    deep_object = b'{"error":' * 50_000 + b"1" + b"}" * 50_000
    out = []
    for status in (400, 401, 403, 409, 426, 500):
        for body in (
            deep,
            deep_object,
            b"",
            b"null",
            b'{"error": "device_revoked"}',
            b'{"error": "device_revoked", "message": {"zh": "", "en": "  "}}',
            b'{"error": ["device_revoked"], "message": "x"}',
            b'{"error": "token_expired", "message": {"zh": 5, "en": ["x"]}}',
            b'{"message": {"zh": "\\ud800", "en": "\\udfff"}}',
            b'{"message": {"zh": "' + b"x" * 100_000 + b'", "en": "y"}}',
            b'{"error": NaN, "message": Infinity}',
            b'{"error": 1e999999}',
            b'{"error": ' + b"9" * 5000 + b"}",
            b"\x00\x00\x00\x00",
            b"\xff\xfe{\x00}\x00",
        ):
            for call in ("me", "push", "refresh"):
                out.append(Answer(status, 0, call, body).encode())
    session_holes = (
        b"{}",
        b'{"access_token": null, "refresh_token": 5, "signing_key": [], "access_expires_at": {}}',
        b'{"server_id": "s", "user": [], "access_token": "a", "refresh_token": "r", '
        b'"signing_key": "not base64!", "access_expires_at": "x"}',
        b'{"server_id": "s", "user": {}, "access_token": "a", "refresh_token": "r", '
        b'"signing_key": "", "access_expires_at": "x"}',
        deep,
    )
    for body in session_holes:
        out += [Answer(200, 0, "login", body).encode(), Answer(200, 0, "refresh", body).encode()]
    for flags in (UNSIGNED_SIGNATURE, UNSIGNED_SIGNATURE | CLOCK, CHARSET, GZIP):
        out.append(Answer(200, flags, "me", b'{"user": {}}' + bytes(range(128, 256))).encode())
    return out


def _manifest_nasties() -> list[bytes]:
    good = {"available": True, "schema": 1, "seq": 1, "sha256": "ab" * 32, "size": 1}
    changes: list[dict[str, Any]] = [
        {"size": True},
        {"seq": True},
        {"size": 10**30},
        {"size": -1},
        {"size": 2**31},
        {"seq": -1},
        {"sha256": "AB" * 32},
        {"sha256": ["ab"] * 64},
        {"schema": [[[[[]]]]]},
        {"schema": "x" * 1_000_000},
        {"available": "no"},
    ]
    out = [
        Answer(200, SIGNED, "ready", json.dumps({**good, **c}).encode()).encode() for c in changes
    ]
    for text in (b"NaN", b"Infinity", b"1e400", b"9" * 4000, b"[" * 900 + b"]" * 900):
        body = b'{"available": true, "schema": 1, "seq": 1, "sha256": "' + b"ab" * 32
        out.append(Answer(200, SIGNED, "ready", body + b'", "size": ' + text + b"}").encode())
    out.append(Answer(200, SIGNED, "ready", b"[" * 100_000 + b"]" * 100_000).encode())
    return out


@contextlib.contextmanager
def make_ready(folder: Path) -> Iterator[tuple[Callable[[bytes], str], list[bytes]]]:
    (folder / "ready-store").mkdir(parents=True, exist_ok=True)
    store = Store.open(folder / "ready-store" / "inspector.sqlite3")
    schema = store.schema_version

    def check_ready(data: bytes) -> str:
        answer = Answer.of(data)
        api, wire = _client()
        garbage = hashlib.sha256(data).digest() + data[-40:]
        manifest = (answer.status, answer.headers(garbage), answer.body)
        missing = json.dumps({"error": "not_found", "message": {"zh": "无", "en": "None"}})
        wire.route = lambda url: (
            manifest
            if url.split("?")[0].endswith("/ready")
            else (404, {protocol.H_SERVER: SERVER_ID}, missing.encode())
        )
        report = SyncReport()
        try:
            installed = ready_mod.first_sync(
                store, api, folder / "ready-files", report, lambda *_a: None, lambda: None
            )
        except SyncError as exc:
            _check_sync_error(exc, answer)
            return f"error: {exc.kind}"
        finally:
            api.close()
        if installed:
            raise Unexpected("a ready database was installed from a file never served")
        for problem in report.problems:
            if not isinstance(problem, str) or len(problem) > LONGEST_MESSAGE:
                raise Unexpected(f"a problem reported as {str(problem)[:80]!r}…")
        if not report.ready:
            return "not used: " + (report.problems[0].split(":")[1][:30] if report.problems else "")
        return "download refused"

    good = {"available": True, "schema": schema, "seq": 7, "sha256": "cd" * 32, "size": 8192}
    seeds = [
        Answer(200, SIGNED, "ready", json.dumps(good).encode()).encode(),
        Answer(200, SIGNED, "ready", b'{"available": false, "reason": "building"}').encode(),
        Answer(200, SIGNED, "ready", json.dumps({**good, "schema": schema + 1}).encode()).encode(),
    ]
    try:
        yield check_ready, seeds
    finally:
        store.close()


# -- all targets ---------------------------------------------------------------------------------


@contextlib.contextmanager
def targets(folder: Path) -> Iterator[dict[str, Target]]:
    """The six targets, their files kept in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    check_sealed, sealed_seeds = make_sealed(folder / "sealed")
    key_seed = _key_file_seed()
    exif_seeds = _exif_seeds()
    with make_ready(folder / "ready") as (check_ready, ready_seeds):
        yield {
            target.name: target
            for target in (
                Target("exif", check_exif, exif_seeds, _exif_nasties()),
                Target(
                    "intake",
                    make_intake(folder / "intake"),
                    [*exif_seeds, _png_header(640, 480) + bytes(64)],
                    _bombs() + _exif_nasties()[:4],
                ),
                Target("sealed", check_sealed, sealed_seeds, _sealed_nasties()),
                Target(
                    "keyfile",
                    make_key_file(folder / "keyfile"),
                    [key_seed],
                    _key_file_nasties(key_seed),
                ),
                Target("sync", make_sync(), _sync_seeds(), _sync_nasties()),
                Target("ready", check_ready, ready_seeds, _manifest_nasties()),
            )
        }


# -- inputs --------------------------------------------------------------------------------------

INTERESTING = (b"\x00", b"\xff", b"\x7f", b"\x80", b"\xff\xff\xff\xff", b"\x00\x00\x00\x80")
NUMBERS = (b"0", b"-1", b"1e999", b"NaN", b"-Infinity", b"4294967296", b"1" * 40, b"1.5", b"true")


WIRE_VALUES: tuple[Any, ...] = (
    None,
    True,
    0,
    -1,
    2**31,
    10**9,
    2**40,
    10**30,
    1.5,
    float("nan"),
    float("inf"),
    "",
    " ",
    "\ud800",
    "\x00",
    "x" * 10_000,
    [],
    {},
    [[[[[[]]]]]],
    {"zh": "", "en": ""},
)


def mutate_json(data: bytes, rng: random.Random) -> bytes | None:
    """The JSON document in ``data`` (after any prefix) with one value replaced by an odd one
    (wrong type, extreme number, NaN, lone surrogate, ...), a key dropped, or a value nested
    deep; None when ``data`` holds no JSON document."""
    starts = [i for i in (data.find(b"{"), data.find(b"[")) if i >= 0]
    if not starts:
        return None
    prefix, text = data[: min(starts)], data[min(starts) :]
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return None
    places: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in node:
                places.append((node, key))
                walk(node[key])
        elif isinstance(node, list):
            for index in range(len(node)):
                places.append((node, index))
                walk(node[index])

    walk(document)
    if not places:
        return None
    parent, key = rng.choice(places)
    roll = rng.random()
    if roll < 0.1 and isinstance(parent, dict):
        del parent[key]
    elif roll < 0.2:
        parent[key] = json.loads("[" * 50 + json.dumps(parent[key]) + "]" * 50)
    else:
        parent[key] = rng.choice(WIRE_VALUES)
    return prefix + json.dumps(document, ensure_ascii=rng.random() < 0.5).encode(
        "utf-8", "surrogatepass"
    )


def mutate(data: bytes, rng: random.Random, others: list[bytes]) -> bytes:
    """One to four stacked changes: bit flips, interesting bytes, cuts, insertions, deleted or
    repeated blocks, numbers swapped for extreme ones, a splice with another seed."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(9)
        at = rng.randrange(len(out) + 1)
        if kind == 0 and out:
            for _flip in range(rng.randint(1, 8)):
                i = rng.randrange(len(out))
                out[i] ^= 1 << rng.randrange(8)
        elif kind == 1 and out:
            value = rng.choice(INTERESTING)
            out[at : at + len(value)] = value
        elif kind == 2:
            del out[at:]
        elif kind == 3:
            out[at:at] = rng.randbytes(rng.randint(1, 32))
        elif kind == 4 and out:
            end = min(len(out), at + rng.randint(1, 256))
            del out[at:end]
        elif kind == 5 and out:
            end = min(len(out), at + rng.randint(1, 64))
            out[at:at] = bytes(out[at:end]) * rng.randint(2, 50)
        elif kind == 6:
            digits = [i for i, b in enumerate(out) if 0x30 <= b <= 0x39]
            if digits:
                i = rng.choice(digits)
                end = i
                while end < len(out) and 0x30 <= out[end] <= 0x39:
                    end += 1
                out[i:end] = rng.choice(NUMBERS)
        elif kind == 7 and others:
            other = rng.choice(others)
            cut = rng.randrange(len(other) + 1)
            out = out[:at] + bytearray(other[cut:])
        elif out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def inputs(target: Target, count: int, seed: int) -> Iterator[bytes]:
    """``count`` inputs for ``target`` (or endless when ``count`` is 0), the same for the same
    seed: the seeds as they are (the valid outcome is reached) and the nasties, then random
    bytes (15 %), seeds whose JSON had a value changed (35 %), seeds changed byte-wise (40 %)
    and splices (10 %)."""
    rng = random.Random(f"{target.name}:{seed}")
    n = 0
    for fixed in target.seeds + target.nasties:
        if count and n >= count:
            return
        yield fixed
        n += 1
    pool = target.seeds + target.nasties[:3]
    while not count or n < count:
        roll = rng.random()
        if roll < 0.15:
            size = min(int(rng.expovariate(1 / 200)), 64 * 1024)
            yield rng.randbytes(size)
        elif roll < 0.5:
            seed_bytes = rng.choice(target.seeds)
            yield mutate_json(seed_bytes, rng) or mutate(seed_bytes, rng, pool)
        elif roll < 0.9:
            yield mutate(rng.choice(target.seeds), rng, pool)
        else:
            first, second = rng.choice(pool), rng.choice(pool)
            yield first[: rng.randrange(len(first) + 1)] + second[rng.randrange(len(second) + 1) :]
        n += 1


# -- the runner and the atheris entry ------------------------------------------------------------


def _say(*words: object) -> None:
    print(*words, flush=True)


def run(folder: Path, count: int, seed: int, start: str, seconds: float, only: list[str]) -> None:
    """Each target over its inputs. Lines: ``begin T``, ``input T I`` before each input (its
    bytes are in ``FOLDER/current``: the watchdog keeps them when it must kill), ``crash T I
    REPR`` (its bytes in ``FOLDER/crash-T-I``), ``slow T I SECONDS``, ``end T N OUTCOMES``
    (a JSON count of each outcome)."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    first, _, index = start.partition(":")
    skip = int(index or 0)
    with targets(folder / "work") as found:
        names = [name for name in found if not only or name in only]
        if first:
            names = names[names.index(first) :]
        for name in names:
            target = found[name]
            _say("begin", name)
            deadline = time.monotonic() + seconds if seconds else None
            done = 0
            outcomes: dict[str, int] = {}
            for i, data in enumerate(inputs(target, 0 if seconds else count, seed)):
                if deadline is not None and time.monotonic() > deadline:
                    break
                if name == first and i < skip:
                    continue
                (folder / "current").write_bytes(data)
                _say("input", name, i)
                started = time.monotonic()
                try:
                    outcome = target.check(data)
                    outcomes[outcome] = outcomes.get(outcome, 0) + 1
                except Exception as exc:
                    (folder / f"crash-{name}-{i}").write_bytes(data)
                    detail = "".join(traceback.format_exception_only(exc)).strip()
                    _say("crash", name, i, json.dumps(detail[:500]))
                took = time.monotonic() - started
                if took > HANG_SECONDS:
                    (folder / f"slow-{name}-{i}").write_bytes(data)
                    _say("slow", name, i, f"{took:.1f}")
                done += 1
            _say("end", name, done, json.dumps(outcomes, sort_keys=True))


def _instrument_the_app(atheris: Any) -> None:
    """Coverage feedback from the app's own code (``instrument_all`` would instrument every
    library loaded too: a minute of start-up on a loaded machine)."""
    for obj in gc.get_objects():
        if isinstance(obj, types.FunctionType) and str(obj.__module__).split(".")[0] in (
            "inspector_app",
            "sync",
        ):
            atheris.instrument_func(obj)


def fuzz_with_atheris(name: str, seconds: int, folder: Path) -> None:
    import atheris

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    with targets(folder / "work") as found:
        target = found[name]
        corpus = folder / f"corpus-{name}"
        corpus.mkdir(parents=True, exist_ok=True)
        for n, data in enumerate(target.seeds + target.nasties):
            (corpus / f"seed-{n}").write_bytes(data)
        _instrument_the_app(atheris)
        atheris.Setup(
            [
                sys.argv[0],
                f"-max_total_time={seconds}",
                f"-timeout={int(HANG_SECONDS)}",
                f"-artifact_prefix={folder}/",
                f"-rss_limit_mb={MEMORY_LIMIT // 1024**2}",
                str(corpus),
            ],
            target.check,
        )
        atheris.Fuzz()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    runner = sub.add_parser("run")
    runner.add_argument("folder", type=Path)
    runner.add_argument("--inputs", type=int, default=1000)
    runner.add_argument("--seed", type=int, default=6)
    runner.add_argument("--start", default="")
    runner.add_argument("--seconds", type=float, default=0.0)
    runner.add_argument("--only", default="")
    guided = sub.add_parser("atheris")
    guided.add_argument("target")
    guided.add_argument("seconds", type=int)
    guided.add_argument("folder", type=Path)
    args = parser.parse_args()
    if args.mode == "run":
        only = [name for name in args.only.split(",") if name]
        run(args.folder, args.inputs, args.seed, args.start, args.seconds, only)
    else:
        fuzz_with_atheris(args.target, args.seconds, args.folder)


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()
