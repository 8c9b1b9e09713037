"""Sealed files: attachments of an encrypted store, encrypted in chunks with AES-256-GCM.

Why sealed files and not rows in the database: photos and recordings are large (up to 200 MB)
and written once; kept in the database they would be copied again by every rotating backup and
would make each backup and each ``quick_check`` as slow as the photos are big. A sealed file keeps
the folder layout (and its name, the SHA-256 of the plaintext, which the server checks) and is
read by offset, as the resumable upload needs.

Layout: ``MAGIC`` (8 bytes), a random salt (16 bytes), then the plaintext in chunks of
``CHUNK`` bytes, each sealed with its 16-byte tag. The file's key is HKDF(attachments key,
salt); chunk ``i``'s nonce is ``i`` with a flag for the last chunk, so chunks cannot be
reordered, dropped or cut off at the end without the tag failing. An empty file is one empty
sealed chunk.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"FISEAL01"
SALT_BYTES = 16
HEADER = len(MAGIC) + SALT_BYTES
CHUNK = 64 * 1024
TAG = 16
SEALED_CHUNK = CHUNK + TAG


class SealError(ValueError):
    """A sealed file that does not open: not sealed, cut short, altered, or another key."""


def _file_key(key: bytes, salt: bytes) -> AESGCM:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=b"field-inspector sealed file"
    ).derive(key)
    return AESGCM(derived)


def _nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def is_sealed(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def plain_size(sealed_size: int) -> int:
    """The plaintext size of a complete sealed file of ``sealed_size`` bytes."""
    body = sealed_size - HEADER
    chunks = -(-body // SEALED_CHUNK)
    if body < TAG or body - (chunks - 1) * SEALED_CHUNK < TAG:
        raise SealError("sealed file cut short")
    return body - chunks * TAG


class SealedWriter:
    """Writes plaintext to a sealed file. ``resume`` continues a sealed partial file (a
    download) after its last whole chunk; a cut-off chunk at its end is dropped."""

    def __init__(self, path: Path, key: bytes, *, resume: bool = False) -> None:
        self.path = path
        self._buffer = bytearray()
        existing = path.stat().st_size if resume and path.exists() else 0
        if existing >= HEADER and is_sealed(path):
            chunks = (existing - HEADER) // SEALED_CHUNK
            self._handle: BinaryIO = open(path, "r+b")
            self._handle.truncate(HEADER + chunks * SEALED_CHUNK)
            self._handle.seek(len(MAGIC))
            salt = self._handle.read(SALT_BYTES)
            self._handle.seek(0, os.SEEK_END)
            self._index = chunks
        else:
            salt = secrets.token_bytes(SALT_BYTES)
            self._handle = open(path, "wb")
            self._handle.write(MAGIC + salt)
            self._index = 0
        self._aead = _file_key(key, salt)

    @property
    def written(self) -> int:
        """Plaintext bytes in whole chunks on disk (where a resumed download goes on)."""
        return self._index * CHUNK

    def write(self, data: bytes) -> None:
        self._buffer += data
        # a full chunk is held back until more follows: the last chunk carries its own flag
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]

    def _seal(self, plain: bytes, *, last: bool) -> None:
        self._handle.write(self._aead.encrypt(_nonce(self._index, last), plain, MAGIC))
        self._index += 1

    def pause(self) -> None:
        """Flush the whole chunks to disk and close, leaving the file to be resumed."""
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()

    def close(self) -> None:
        """Seal what is left as the last chunk, flush to disk, close."""
        self._seal(bytes(self._buffer), last=True)
        self._buffer.clear()
        self.pause()

    def abandon(self) -> None:
        self._handle.close()


class SealedReader:
    """Reads the plaintext of a sealed file by offset; every chunk read is authenticated."""

    def __init__(self, path: Path, key: bytes) -> None:
        self.path = path
        with open(path, "rb") as handle:
            head = handle.read(HEADER)
        if len(head) < HEADER or head[: len(MAGIC)] != MAGIC:
            raise SealError("not a sealed file")
        self._aead = _file_key(key, head[len(MAGIC) :])
        self.sealed_size = path.stat().st_size
        self.size = plain_size(self.sealed_size)
        self.chunks = max(1, -(-self.size // CHUNK))

    def _chunk(self, handle: BinaryIO, index: int) -> bytes:
        handle.seek(HEADER + index * SEALED_CHUNK)
        data = handle.read(SEALED_CHUNK)
        try:
            return self._aead.decrypt(_nonce(index, index == self.chunks - 1), data, MAGIC)
        except InvalidTag:
            raise SealError(f"chunk {index} does not authenticate") from None

    def read(self, offset: int, length: int) -> bytes:
        end = min(self.size, offset + length)
        if offset >= end:
            return b""
        out = bytearray()
        with open(self.path, "rb") as handle:
            for index in range(offset // CHUNK, (end - 1) // CHUNK + 1):
                plain = self._chunk(handle, index)
                start = index * CHUNK
                out += plain[max(0, offset - start) : end - start]
        return bytes(out)

    def pieces(self) -> Iterator[bytes]:
        """The plaintext chunk by chunk."""
        with open(self.path, "rb") as handle:
            for index in range(self.chunks):
                yield self._chunk(handle, index)
