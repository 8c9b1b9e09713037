"""The two SQLite libraries a store is opened through, and the errors of both.

A store without a key is a plain SQLite file opened through the standard library's ``sqlite3``.
A store with a key is a SQLCipher file (AES-256, an HMAC on every page) opened through
``sqlcipher3``. One file is never opened through both libraries at once (two SQLite libraries
in one process break each other's file locks: sqlite.org/howtocorrupt.html §2.2).

The two libraries raise their own exception classes; code that catches a database error catches
the tuples below (``Error``, ``IntegrityError`` …), which hold the classes of both.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any, TypeGuard

import sqlcipher3

PLAIN_HEADER = b"SQLite format 3\x00"
KEY_BYTES = 32  # AES-256
MIN_PAGE = 512  # the smallest SQLite page: a database file is a whole number of pages

Error: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher3.Error)
DatabaseError: tuple[type[Exception], ...] = (sqlite3.DatabaseError, sqlcipher3.DatabaseError)
IntegrityError: tuple[type[Exception], ...] = (sqlite3.IntegrityError, sqlcipher3.IntegrityError)
OperationalError: tuple[type[Exception], ...] = (
    sqlite3.OperationalError,
    sqlcipher3.OperationalError,
)
# both connection classes (``isinstance`` checks that tell a connection from other facts)
Connection: tuple[type[Any], ...] = (sqlite3.Connection, sqlcipher3.Connection)


def is_connection(value: object) -> TypeGuard[sqlite3.Connection]:
    """True for a connection of either library."""
    return isinstance(value, Connection)


def is_encrypted(path: Path) -> bool:
    """True for a file that looks like a SQLCipher database: whole pages, and no plain SQLite
    header (a SQLCipher file starts with its random salt). Any other file (a text file, a
    truncated copy) is left to the plain library, which names it as no database."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(PLAIN_HEADER))
            size = os.fstat(handle.fileno()).st_size
    except FileNotFoundError:
        return False
    return size >= MIN_PAGE and size % MIN_PAGE == 0 and head != PLAIN_HEADER


def key_pragma(key: bytes) -> str:
    """``PRAGMA key`` with a raw 256-bit key: SQLCipher uses it as is (no KDF of its own; the
    key is random and the password's stretching is done by the key file)."""
    if len(key) != KEY_BYTES:
        raise ValueError(f"a database key has {KEY_BYTES} bytes, not {len(key)}")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect(
    path: Path | str,
    key: bytes | None,
    *,
    uri: bool = False,
    isolation_level: Any = None,
    timeout: float = 5.0,
) -> sqlite3.Connection:
    """A connection to ``path``: through ``sqlcipher3`` with the key applied when ``key`` is
    given, else through ``sqlite3``. A keyed connection keeps temporary tables and sort files
    in memory (a temporary file on disk would hold pages in clear)."""
    if key is None:
        return sqlite3.connect(path, isolation_level=isolation_level, timeout=timeout, uri=uri)
    conn: Any = sqlcipher3.connect(
        str(path), isolation_level=isolation_level, timeout=timeout, uri=uri
    )
    try:
        # a wrong key is an answer, not an event for stderr (SQLCipher logs the HMAC failure)
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(key_pragma(key))
        conn.execute("PRAGMA temp_store = MEMORY")
    except BaseException:
        conn.close()
        raise
    # typed as sqlite3's: sqlcipher3 is the same DB-API module built against SQLCipher
    result: sqlite3.Connection = conn
    return result


def errorcode(exc: BaseException) -> int | None:
    """The primary SQLite result code of an error of either library."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None
