"""Attachments (photos, signatures, recordings): content-addressed files beside the database.

A file is kept as ``attachments/<sha256[:2]>/<sha256>`` (``AppPaths.attachments_dir``) and has a
row in the ``attachment`` table (size, media type, when it was added, when the server confirmed
it). The name is the SHA-256 of the content, so the same photo added twice is stored once and the
server can check every byte it receives.

How a file comes in (``add_file``): it is read once, hashed while it is copied to a temporary
name in the attachments folder, flushed to disk, read back and hashed again, and only then
renamed to its final name; then the row is written in one transaction. The original is only
read, never changed or removed. A crash leaves at worst a ``*.partial`` file (removed by
``clean_partials``) or a file without its row (the next ``add_file`` of that content records
it); never a row whose file is missing or wrong.

Files are never deleted here: an upload marks the row ``uploaded_at`` and the file stays.

An encrypted store's files are sealed (``sealed``: AES-256-GCM in chunks, under a key derived
from the database key); its name is still the SHA-256 of the plaintext. Every read goes through
a ``Vault`` (the folder and that key, or no key for a plain store), so the same calls read a
plain and a sealed file alike.

Pure Python, no Qt, no HTTP (the sync client moves the bytes).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from inspector_app.messages import Bilingual
from inspector_app.store import sealed
from inspector_app.store.clock import new_id
from inspector_app.store.database import Store
from inspector_app.store.keyfile import subkey

MAX_BYTES = 200 * 1024 * 1024  # the server's limit (sync.protocol.MAX_BLOB_BYTES)
READ_BYTES = 1024 * 1024
MAX_MEDIA_TYPE = 100
SHA256_PATTERN = re.compile(r"[0-9a-f]{64}")
PARTIAL = ".partial"
# A photo decodes to width × height × 4 bytes: over this many pixels it would take gigabytes to
# show or print (a "pixel flood", OWASP ASVS 5.2.6), so it is refused before it is kept. The
# largest phone sensors make 200-megapixel photos.
MAX_PIXELS = 250_000_000


class AttachmentError(Bilingual):
    """A file that cannot be taken in or read back, told in Chinese and English."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(zh, en, code)


@dataclass(frozen=True)
class Attachment:
    sha256: str
    size: int
    media_type: str
    created_at: str
    uploaded_at: str | None


_COLUMNS = "sha256, size, media_type, created_at, uploaded_at"


PURPOSE = "field-inspector attachments"


class Writer(Protocol):
    """Where the bytes of a file being kept go (plain or sealed)."""

    @property
    def written(self) -> int: ...

    def write(self, data: bytes) -> None: ...

    def pause(self) -> None: ...

    def close(self) -> None: ...

    def abandon(self) -> None: ...


class _PlainWriter:
    def __init__(self, path: Path, *, resume: bool = False) -> None:
        self._handle = open(path, "ab" if resume else "wb")
        self.written = self._handle.tell()

    def write(self, data: bytes) -> None:
        self._handle.write(data)
        self.written += len(data)

    def pause(self) -> None:
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()

    def close(self) -> None:
        self.pause()

    def abandon(self) -> None:
        self._handle.close()


@dataclass(frozen=True)
class Vault:
    """The attachments folder of a store, with the key its files are sealed with (None: a
    plain store). Every read of an attachment's content goes through here."""

    folder: Path
    key: bytes | None = None

    @classmethod
    def of(cls, where: Path | Vault, store: Store | None = None) -> Vault:
        """``where`` as is when it is a Vault; else the folder, sealed when ``store`` is
        encrypted."""
        if isinstance(where, Vault):
            return where
        return cls.for_key(Path(where), store.key if store is not None else None)

    @classmethod
    def for_key(cls, folder: Path, database_key: bytes | None) -> Vault:
        """The vault of a store whose database key is ``database_key``."""
        return cls(Path(folder), subkey(database_key, PURPOSE) if database_key else None)

    def path(self, sha256: str) -> Path:
        return path_of(self.folder, sha256)

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def pieces(self, path: Path) -> Iterator[bytes]:
        """The plaintext of the kept (or partial) file at ``path``, piece by piece;
        SealError when a sealed file does not open."""
        if self.key is None:
            with open(path, "rb") as handle:
                yield from _pieces(handle)
        else:
            yield from sealed.SealedReader(path, self.key).pieces()

    def digest(self, path: Path) -> tuple[str, int]:
        """(SHA-256 hex, size) of the plaintext at ``path``; ("", -1) when a sealed file does
        not open (damaged, or sealed with another key)."""
        hasher = hashlib.sha256()
        size = 0
        try:
            for piece in self.pieces(path):
                hasher.update(piece)
                size += len(piece)
        except sealed.SealError:
            return "", -1
        return hasher.hexdigest(), size

    def verify(self, sha256: str) -> bool:
        """True if the kept file exists and its content still hashes to its name."""
        path = self.path(sha256)
        return path.is_file() and self.digest(path)[0] == sha256

    def size(self, sha256: str) -> int:
        path = self.path(sha256)
        if self.key is None:
            return path.stat().st_size
        return sealed.plain_size(path.stat().st_size)

    def read_chunk(self, sha256: str, offset: int, length: int) -> bytes:
        path = self.path(sha256)
        if self.key is None:
            with open(path, "rb") as handle:
                handle.seek(offset)
                return handle.read(length)
        try:
            return sealed.SealedReader(path, self.key).read(offset, length)
        except sealed.SealError as exc:
            raise _damaged(sha256) from exc

    def read_bytes(self, sha256: str) -> bytes:
        """The whole content, checked against its SHA-256 (what a photo view or a printed
        signature shows); AttachmentError when it is missing or damaged."""
        path = self.path(sha256)
        if not path.is_file():
            raise AttachmentError(
                "not_found",
                f"本机没有该附件（{sha256[:12]}…）。",
                f"The attachment {sha256[:12]}… is not on this device.",
            )
        try:
            data = b"".join(self.pieces(path))
        except sealed.SealError as exc:
            raise _damaged(sha256) from exc
        if hashlib.sha256(data).hexdigest() != sha256:
            raise _damaged(sha256)
        return data

    def writer(self, path: Path, *, resume: bool = False) -> Writer:
        """A writer of a new file at ``path`` (sealed when the vault has a key); ``resume``
        goes on with what a paused writer left there."""
        if self.key is None:
            return _PlainWriter(path, resume=resume)
        return sealed.SealedWriter(path, self.key, resume=resume)


def _damaged(sha256: str) -> AttachmentError:
    return AttachmentError(
        "damaged",
        f"附件文件已损坏（{sha256[:12]}…）。",
        f"The attachment file {sha256[:12]}… is damaged.",
    )


def check_sha256(sha256: str) -> str:
    if not isinstance(sha256, str) or not SHA256_PATTERN.fullmatch(sha256):
        raise ValueError(f"not a SHA-256 in lowercase hex: {sha256!r}")
    return sha256


def path_of(attachments_dir: Path | Vault, sha256: str) -> Path:
    """Where the file of ``sha256`` is kept."""
    check_sha256(sha256)
    folder = attachments_dir.folder if isinstance(attachments_dir, Vault) else attachments_dir
    return Path(folder) / sha256[:2] / sha256


def partial_path(attachments_dir: Path | Vault, sha256: str) -> Path:
    """Where a download of ``sha256`` collects its bytes until they are verified."""
    return path_of(attachments_dir, sha256).with_name(sha256 + PARTIAL)


def hash_file(path: Path) -> tuple[str, int]:
    """(SHA-256 hex, size) of a file, read in pieces."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        for piece in _pieces(handle):
            digest.update(piece)
            size += len(piece)
    return digest.hexdigest(), size


def _pieces(handle: BinaryIO) -> Iterator[bytes]:
    while piece := handle.read(READ_BYTES):
        yield piece


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX; Windows has no directory handles to flush)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def verify(attachments_dir: Path | Vault, sha256: str) -> bool:
    """True if the kept file exists and its content still hashes to its name."""
    return Vault.of(attachments_dir).verify(sha256)


def _copy_in(source: Path, vault: Vault) -> tuple[str, int, Path]:
    """Copy ``source`` to a temporary file (sealed on an encrypted store), hashing on the way;
    (sha256, size, temp path)."""
    vault.folder.mkdir(parents=True, exist_ok=True)
    temp = vault.folder / f"incoming-{new_id()}{PARTIAL}"
    digest = hashlib.sha256()
    size = 0
    try:
        temp.touch(exist_ok=False)
        dst = vault.writer(temp)
        with open(source, "rb") as src:
            try:
                for piece in _pieces(src):
                    size += len(piece)
                    if size > MAX_BYTES:
                        raise AttachmentError(
                            "too_large",
                            f"附件过大：最大{MAX_BYTES // (1024 * 1024)} MB。",
                            f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.",
                        )
                    digest.update(piece)
                    dst.write(piece)
            except BaseException:
                dst.abandon()
                raise
        dst.close()
        sha = digest.hexdigest()
        if vault.digest(temp) != (sha, size):  # what reached the disk is what was read
            raise AttachmentError(
                "copy_failed",
                "附件复制后校验失败，请重试。",
                "The copy of the file does not match the original; try again.",
            )
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return sha, size, temp


def image_size(head: bytes) -> tuple[int, int] | None:
    """(width, height) from the first bytes of a PNG, GIF or JPEG file; None for other files
    (or a header too short to tell)."""
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR" and len(head) >= 24:
        width, height = struct.unpack(">II", head[16:24])
        return int(width), int(height)
    if head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
        width, height = struct.unpack("<HH", head[6:10])
        return int(width), int(height)
    if head.startswith(b"\xff\xd8"):
        return _jpeg_size(head)
    return None


# JPEG start-of-frame markers (baseline, progressive, …), which carry the image size
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_size(head: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 4 <= len(head):
        if head[at] != 0xFF:
            return None
        marker = head[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            at += 2
            continue
        (length,) = struct.unpack(">H", head[at + 2 : at + 4])
        if marker in _SOF and at + 9 <= len(head):
            height, width = struct.unpack(">HH", head[at + 5 : at + 9])
            return int(width), int(height)
        if marker == 0xD9 or length < 2:
            return None
        at += 2 + length
    return None


def check_pixels(source: Path) -> None:
    """Refuse an image whose header claims more than ``MAX_PIXELS`` pixels."""
    with open(source, "rb") as file:
        head = file.read(256 * 1024)  # EXIF blocks come before the frame header in a JPEG
    size = image_size(head)
    if size is not None and size[0] * size[1] > MAX_PIXELS:
        megapixels = size[0] * size[1] // 1_000_000
        raise AttachmentError(
            "too_many_pixels",
            f"图片“{source.name}”为 {size[0]}×{size[1]}（约 {megapixels} 百万像素），"
            f"超过上限 {MAX_PIXELS // 1_000_000} 百万像素，未保存。",
            f"The image {source.name} is {size[0]}×{size[1]} (about {megapixels} megapixels), "
            f"over the limit of {MAX_PIXELS // 1_000_000} megapixels; it was not kept.",
        )


def add_file(
    store: Store, attachments_dir: Path | Vault, source: str | Path, media_type: str
) -> str:
    """Take a copy of ``source`` into the attachments folder; returns its SHA-256.

    Adding the same content again changes nothing and returns the same SHA-256.
    """
    sha, size = keep_file(Vault.of(attachments_dir, store), source, media_type)
    with store.transaction() as conn:
        record_file(conn, sha, size, media_type, store.clock.timestamp())
    return sha


def keep_file(
    attachments_dir: Path | Vault, source: str | Path, media_type: str
) -> tuple[str, int]:
    """The file half of ``add_file``: ``source`` copied in under its SHA-256, sealed when the
    vault has a key (pass the store's ``Vault`` for an encrypted store); (sha256, size). Its
    row is then written by ``record_file`` in the caller's transaction."""
    vault = Vault.of(attachments_dir)
    source = Path(source)
    if not isinstance(media_type, str) or len(media_type) > MAX_MEDIA_TYPE:
        raise ValueError(f"media type must be a string of at most {MAX_MEDIA_TYPE} characters")
    if not source.is_file():
        raise AttachmentError(
            "not_found", f"找不到文件“{source.name}”。", f"The file {source.name} was not found."
        )
    try:
        check_pixels(source)
        sha, size, temp = _copy_in(source, vault)
    except OSError as exc:
        raise AttachmentError(
            "io_error",
            f"无法保存附件“{source.name}”：{exc.strerror or exc}",
            f"Cannot keep a copy of {source.name}: {exc.strerror or exc}",
        ) from exc
    final = vault.path(sha)
    try:
        if final.is_file() and vault.digest(final)[0] == sha:
            temp.unlink()  # the same content is kept already
        else:
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temp, final)
            fsync_dir(final.parent)
    finally:
        temp.unlink(missing_ok=True)
    return sha, size


def record_file(conn: sqlite3.Connection, sha: str, size: int, media_type: str, at: str) -> None:
    """The row of a file ``keep_file`` kept, written in an open transaction (once per content)."""
    conn.execute(
        f"INSERT OR IGNORE INTO attachment({_COLUMNS}) VALUES (?, ?, ?, ?, NULL)",
        (check_sha256(sha), size, media_type, at),
    )


def record_downloaded(store: Store, sha256: str, size: int, media_type: str = "") -> None:
    """Record a file fetched from the server (it has it: ``uploaded_at`` is set)."""
    check_sha256(sha256)
    now = store.clock.timestamp()
    with store.transaction() as conn:
        conn.execute(
            f"INSERT OR IGNORE INTO attachment({_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
            (sha256, size, media_type, now, now),
        )


def get(conn: sqlite3.Connection, sha256: str) -> Attachment | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM attachment WHERE sha256 = ?", (sha256,))
    found = row.fetchone()
    return Attachment(*found) if found else None


def pending_uploads(conn: sqlite3.Connection) -> list[Attachment]:
    """Attachments the server has not confirmed yet, oldest first."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM attachment WHERE uploaded_at IS NULL ORDER BY created_at, sha256"
    )
    return [Attachment(*r) for r in rows]


def mark_uploaded(store: Store, sha256: str) -> None:
    """The server confirmed the hash; the local file stays."""
    with store.transaction() as conn:
        conn.execute(
            "UPDATE attachment SET uploaded_at = ? WHERE sha256 = ? AND uploaded_at IS NULL",
            (store.clock.timestamp(), sha256),
        )


def send_again(store: Store, wanted: list[str]) -> int:
    """The server's copy of these is damaged (``GET wanted-blobs``): those held here are
    uploaded again at this sync (each is checked against its name before it is sent, and the
    server keeps it only if it hashes to its name). Returns how many are held here."""
    marked = 0
    with store.transaction() as conn:
        for sha in dict.fromkeys(wanted):
            marked += conn.execute(
                "UPDATE attachment SET uploaded_at = NULL WHERE sha256 = ? "
                "AND uploaded_at IS NOT NULL",
                (sha,),
            ).rowcount
    return marked


def missing_locally(attachments_dir: Path | Vault, wanted: list[str]) -> list[str]:
    """Of the SHA-256 values ``wanted`` (e.g. named by synced records), those with no file here."""
    return [sha for sha in dict.fromkeys(wanted) if not path_of(attachments_dir, sha).is_file()]


def read_chunk(attachments_dir: Path | Vault, sha256: str, offset: int, length: int) -> bytes:
    return Vault.of(attachments_dir).read_chunk(sha256, offset, length)


def clean_partials(attachments_dir: Path | Vault) -> int:
    """Remove temporary files of interrupted copies (not downloads, which resume)."""
    removed = 0
    folder = attachments_dir.folder if isinstance(attachments_dir, Vault) else attachments_dir
    for stale in Path(folder).glob(f"incoming-*{PARTIAL}"):
        with contextlib.suppress(OSError):
            stale.unlink()
            removed += 1
    return removed
