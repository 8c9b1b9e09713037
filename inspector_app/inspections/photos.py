"""Evidence photos: their media type and the time the camera recorded (EXIF).

The file itself is never altered (``inspector_app.attachments`` keeps the original bytes); the
EXIF time is read here, without an image library, so the domain layer stays free of Qt.
"""

from __future__ import annotations

import datetime as dt
import struct
from pathlib import Path

MEDIA_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".heic": "image/heic",
    ".webp": "image/webp",
    ".bmp": "image/bmp",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
}
EXIF_IFD_POINTER = 0x8769
DATETIME_ORIGINAL = 0x9003
DATETIME = 0x0132
MAX_HEADER = 256 * 1024  # the EXIF segment sits at the start of the file


def media_type(path: Path) -> str:
    return MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")


def taken_at(path: Path) -> str:
    """The camera's DateTimeOriginal (else DateTime) as ``YYYY-MM-DDTHH:MM:SS`` (camera local
    time, no offset: EXIF does not say which), or "" when the file has none or is not a JPEG."""
    try:
        with path.open("rb") as handle:
            head = handle.read(MAX_HEADER)
    except OSError:
        return ""
    return exif_time(head)


def exif_time(data: bytes) -> str:
    """``taken_at`` of a JPEG's first bytes (``MAX_HEADER`` of them are read): any bytes
    give a time or ""."""
    tiff = _exif_block(data[:MAX_HEADER])
    if tiff is None:
        return ""
    try:
        return _read_time(tiff)
    except (struct.error, ValueError, IndexError):
        return ""


def _exif_block(data: bytes) -> bytes | None:
    """The TIFF structure inside the JPEG's APP1 "Exif" segment."""
    if data[:2] != b"\xff\xd8":
        return None
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker in (0xD9, 0xDA):  # end of image, start of scan: no EXIF before the pixels
            return None
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        segment = data[pos + 4 : pos + 2 + length]
        if marker == 0xE1 and segment[:6] == b"Exif\x00\x00":
            return segment[6:]
        pos += 2 + length
    return None


def _read_time(tiff: bytes) -> str:
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None:
        return ""

    def entries(offset: int) -> dict[int, tuple[int, int, int]]:
        count = struct.unpack(order + "H", tiff[offset : offset + 2])[0]
        out = {}
        for i in range(count):
            at = offset + 2 + 12 * i
            tag, kind, n, value = struct.unpack(order + "HHII", tiff[at : at + 12])
            out[tag] = (kind, n, value)
        return out

    def text(entry: tuple[int, int, int]) -> str:
        kind, n, offset = entry
        if kind != 2 or n < 19:
            return ""
        raw = tiff[offset : offset + n].split(b"\x00")[0].decode("ascii", "replace")
        stamp = dt.datetime.strptime(raw.strip(), "%Y:%m:%d %H:%M:%S")
        return stamp.isoformat()

    ifd0 = entries(struct.unpack(order + "I", tiff[4:8])[0])
    if EXIF_IFD_POINTER in ifd0:
        exif = entries(ifd0[EXIF_IFD_POINTER][2])
        if DATETIME_ORIGINAL in exif:
            found = text(exif[DATETIME_ORIGINAL])
            if found:
                return found
    if DATETIME in ifd0:
        return text(ifd0[DATETIME])
    return ""


def jpeg_with_exif_time(pixels_jpeg: bytes, when: dt.datetime) -> bytes:
    """A copy of a JPEG with an APP1 EXIF segment carrying DateTimeOriginal (for tests and the
    demo data: cameras write this segment themselves)."""
    stamp = when.strftime("%Y:%m:%d %H:%M:%S").encode("ascii") + b"\x00"
    # little-endian TIFF: header, IFD0 with one entry (Exif IFD pointer), Exif IFD with one
    # entry (DateTimeOriginal, ASCII, 20 bytes stored after the IFDs)
    ifd0_offset = 8
    exif_offset = ifd0_offset + 2 + 12 + 4
    value_offset = exif_offset + 2 + 12 + 4
    tiff = b"II*\x00" + struct.pack("<I", ifd0_offset)
    tiff += struct.pack("<H", 1) + struct.pack("<HHII", EXIF_IFD_POINTER, 4, 1, exif_offset)
    tiff += struct.pack("<I", 0)
    tiff += struct.pack("<H", 1)
    tiff += struct.pack("<HHII", DATETIME_ORIGINAL, 2, len(stamp), value_offset)
    tiff += struct.pack("<I", 0) + stamp
    segment = b"Exif\x00\x00" + tiff
    app1 = b"\xff\xe1" + struct.pack(">H", len(segment) + 2) + segment
    if pixels_jpeg[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    return pixels_jpeg[:2] + app1 + pixels_jpeg[2:]
