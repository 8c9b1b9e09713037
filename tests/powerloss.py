"""A power cut, simulated: an APSW VFS that keeps a "durable" copy of each file.

Every write goes through to the real file at once (so the database runs normally), and is
remembered; only ``xSync`` copies the remembered writes into the durable copy, as a disk that
honours fsync would. A delete reaches the durable copy at once. ``cut()`` returns what the
disk would hold after the power went: the durable copies, and in the ``reorder`` mode a random
half of the writes not yet synced as well (a disk that wrote some of its cache out of order).
Modelled on SQLite's own crash tests (``src/test6.c``); it assumes a drive that honours fsync.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import apsw


@dataclass
class Disk:
    """The durable state of every file the VFS has opened, and the writes since each sync."""

    durable: dict[str, bytearray] = field(default_factory=dict)
    unsynced: dict[str, list[tuple[int, bytes | None]]] = field(default_factory=dict)

    def cut(self, folder: Path, reorder: random.Random | None = None) -> None:
        """Write what survives the power cut into ``folder`` (same file names)."""
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in self.durable.items():
            data = bytearray(content)
            if reorder is not None:
                for offset, piece in self.unsynced.get(name, []):
                    if reorder.random() < 0.5:
                        _apply(data, offset, piece)
            (folder / Path(name).name).write_bytes(bytes(data))


def _apply(data: bytearray, offset: int, piece: bytes | None) -> None:
    if piece is None:  # a truncate to ``offset`` bytes
        del data[offset:]
        return
    if len(data) < offset:
        data.extend(b"\0" * (offset - len(data)))
    data[offset : offset + len(piece)] = piece


class ShadowVFS(apsw.VFS):
    def __init__(self, name: str, disk: Disk) -> None:
        self.disk = disk
        self.vfs_name = name
        super().__init__(name, "")

    def xOpen(self, name: Any, flags: list[int]) -> apsw.VFSFile:
        return ShadowFile(self.disk, name, flags)

    def xDelete(self, filename: str, syncdir: bool) -> None:
        super().xDelete(filename, syncdir)
        self.disk.durable.pop(filename, None)
        self.disk.unsynced.pop(filename, None)


class ShadowFile(apsw.VFSFile):
    def __init__(self, disk: Disk, name: Any, flags: list[int]) -> None:
        super().__init__("", name, flags)
        self.disk = disk
        self.key = name.filename() if isinstance(name, apsw.URIFilename) else str(name)
        disk.durable.setdefault(self.key, bytearray())
        disk.unsynced.setdefault(self.key, [])

    def xWrite(self, data: bytes, offset: int) -> None:
        super().xWrite(data, offset)
        self.disk.unsynced[self.key].append((offset, bytes(data)))

    def xTruncate(self, newsize: int) -> None:
        super().xTruncate(newsize)
        self.disk.unsynced[self.key].append((newsize, None))

    def xSync(self, flags: int) -> None:
        super().xSync(flags)
        durable = self.disk.durable[self.key]
        for offset, piece in self.disk.unsynced[self.key]:
            _apply(durable, offset, piece)
        self.disk.unsynced[self.key] = []
