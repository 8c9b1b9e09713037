"""The sync protocol's shared vocabulary: versions, headers, signing, canonical JSON.

Client and server import this module (it imports neither Qt nor a web framework).

Every request carries ``X-FI-Protocol``, ``X-FI-App`` and ``X-FI-Schema``. Every answer of the
server carries ``X-FI-Server`` (its id), ``X-FI-Time`` (its clock) and, once a device has
signed in, ``X-FI-Signature``: HMAC-SHA256 of the body under the session's signing key, which
the server gave the device at sign-in. Only an answer with a valid signature counts as the
server's — a captive-portal page that returns 200 does not.

Attachment chunks are downloaded as raw bytes (``application/octet-stream``), not JSON: their
``X-FI-Signature`` is the HMAC of ``blob_signed_bytes(sha256, offset, body)``, and the client
checks the SHA-256 of the whole file before keeping it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

PROTOCOL_VERSION = 1
MIN_PROTOCOL_VERSION = 1  # the server refuses older clients with 426 "please upgrade"
API_PREFIX = "/api/v1"

H_PROTOCOL = "X-FI-Protocol"
H_APP = "X-FI-App"
H_SCHEMA = "X-FI-Schema"
H_DEVICE = "X-FI-Device"
H_SERVER = "X-FI-Server"
H_TIME = "X-FI-Time"
H_SIGNATURE = "X-FI-Signature"
H_CHUNK_SHA256 = "X-FI-Chunk-SHA256"
H_BLOB_SIZE = "X-FI-Blob-Size"
H_BLOB_OFFSET = "X-FI-Blob-Offset"

CLOCK_SKEW_WARNING_S = 300  # device and server clocks further apart than this are reported
MAX_PUSH_ENTRIES = 1000
MAX_BODY_BYTES = 8 * 1024 * 1024
CHUNK_BYTES = 1024 * 1024  # attachment chunk size (the largest chunk the server accepts)
MAX_BLOB_BYTES = 200 * 1024 * 1024  # the largest attachment (inspector_app.attachments agrees)
PULL_PAGE = 2000
SNAPSHOT_PAGE = 20_000
# the tables a ready database holds (``sync.server.ready``), parents first: registry-side
# tables, whose records are never covert, so one file serves every device of a scope
READY_TABLES = ("officer", "enforcement_certificate", "enterprise")

# Result of one pushed change-log entry.
ACCEPTED = "accepted"
REJECTED = "rejected"
HELD = "held"


def canonical(value: Any) -> bytes:
    """Stable JSON bytes (sorted keys, no spaces, UTF-8)."""
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    ).encode("utf-8")


def sign(key: bytes, body: bytes) -> str:
    return base64.urlsafe_b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode()


def signature_ok(key: bytes, body: bytes, signature: str | None) -> bool:
    if not signature:
        return False
    # compared as bytes: a header may carry any Latin-1 character, and compare_digest refuses
    # non-ASCII strings (TypeError) where it should just say "not equal"
    given = signature.encode("utf-8", "replace")
    return hmac.compare_digest(sign(key, body).encode("ascii"), given)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text.encode())


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def blob_signed_bytes(sha256: str, offset: int, body: bytes) -> bytes:
    """What the signature of a downloaded attachment chunk covers: the blob, the offset and the
    bytes, so a signed chunk of one blob or position cannot be passed off as another."""
    return f"blob:{sha256}:{offset}:".encode() + body
