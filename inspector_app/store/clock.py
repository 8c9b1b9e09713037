"""Ids and time: UUIDv7 record ids made on the device, timestamps with the device's offset.

Nothing here reads a global clock implicitly: callers that need a fixed time pass ``Clock``.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time


class Clock:
    """The device clock. Tests pass a subclass with a fixed ``now``."""

    def now(self) -> dt.datetime:
        """Aware local time: the UTC instant with the device's UTC offset."""
        return dt.datetime.now().astimezone()

    def today(self) -> dt.date:
        return self.now().date()

    def timestamp(self) -> str:
        """ISO 8601 with milliseconds and the device offset, e.g. 2026-11-29T09:38:30.123+08:00."""
        return self.now().isoformat(timespec="milliseconds")


class _Uuid7:
    """RFC 9562 UUIDv7: 48-bit Unix milliseconds, then a 12-bit counter and 62 random bits.

    Ids made on one device sort in creation order even within one millisecond (the counter).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last_ms = -1
        self._counter = 0

    def __call__(self) -> str:
        with self._lock:
            ms = time.time_ns() // 1_000_000
            if ms <= self._last_ms:
                ms = self._last_ms
                self._counter += 1
                if self._counter > 0xFFF:  # counter exhausted: borrow the next millisecond
                    ms += 1
                    self._counter = 0
            else:
                self._counter = int.from_bytes(os.urandom(2), "big") & 0x3FF
            self._last_ms = ms
            counter = self._counter
        rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
        value = (ms & ((1 << 48) - 1)) << 80
        value |= 0x7 << 76 | counter << 64
        value |= 0b10 << 62 | rand
        h = f"{value:032x}"  # formatted directly: uuid.UUID() costs several microseconds
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def many(self, count: int) -> list[str]:
        """``count`` ids at once (bulk writes): the same ids as ``count`` calls, made faster."""
        with self._lock:
            ms = max(time.time_ns() // 1_000_000, self._last_ms)
            counter = self._counter if ms == self._last_ms else -1
            out: list[str] = []
            randoms = os.urandom(8 * count)
            for i in range(count):
                counter += 1
                if counter > 0xFFF:
                    ms += 1
                    counter = 0
                rand = int.from_bytes(randoms[8 * i : 8 * i + 8], "big") & ((1 << 62) - 1)
                value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | counter << 64 | 0b10 << 62 | rand
                h = f"{value:032x}"
                out.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
            self._last_ms, self._counter = ms, max(counter, 0)
        return out


new_id = _Uuid7()
