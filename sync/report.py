"""What one sync did (the sync page shows it) and how it reports its progress."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sync import protocol

Progress = Callable[[str, int, int], None]


@dataclass
class SyncReport:
    pushed: dict[str, int] = field(default_factory=dict)
    pulled: int = 0
    snapshot: dict[str, int] = field(default_factory=dict)
    redownloaded: list[str] = field(default_factory=list)  # tables that differed (repaired)
    repaired: dict[str, int] = field(default_factory=dict)  # records downloaded to repair them
    deleted: int = 0
    problems: list[str] = field(default_factory=list)
    clock_skew_s: float | None = None
    server_seq: int = 0
    uploaded: int = 0  # attachments the server confirmed in this run
    uploaded_bytes: int = 0
    resent: int = 0  # attachments sent again: the server's copy was damaged
    leased: int = 0  # blocks of document numbers leased
    numbers_returned: int = 0  # closed blocks the server recorded
    # records received that could not be stored, set aside and tried again after each pull
    # (``inspector_app.replication.quarantine``): how many wait now, how many applied this run
    set_aside: int = 0
    released: int = 0
    # records put back as the server has them: a conflict resolution this device pushed was
    # refused (someone resolved it otherwise first)
    undone: int = 0
    audit_signed: int = 0  # rows of the local audit chain the server signed in this run
    # the first sync's ready database (``sync.ready``): its hash, size, sequence number,
    # bytes kept from an earlier attempt, tables installed
    ready: dict[str, Any] = field(default_factory=dict)

    @property
    def clock_warning(self) -> bool:
        return self.clock_skew_s is not None and abs(self.clock_skew_s) > (
            protocol.CLOCK_SKEW_WARNING_S
        )
