"""Document numbers (文书编号), e.g. （嘉）应急检记〔2026〕17号: taken from blocks the device holds,
so that a document printed offline carries its final number and two devices never print the
same one.

A *series* is (doc_type, authority, year); each has its own numbers 1, 2, 3 … A *block* is a
range [first, last] of one series held by this device (table ``number_block``); ``next`` is
the next number it gives out. ``number_allocation`` records which record got which number.

Rules:

* **Atomic.** ``take`` writes the allocation row and moves the block's ``next`` in one
  transaction (the caller's, so a document and its number commit together; ``allocate`` opens
  one of its own). A crash leaves both or neither: every number below ``next`` has exactly one
  allocation row, every number from ``next`` on is unused. A record asking again gets the number
  it already has.
* **Never reused.** ``next`` only grows; a closed (``returned``) block gives out nothing more; its
  unused numbers are reported to the server, which records them, so every gap is explained.
* **Server blocks** are leased from the central server (``sync.server.numbers``), which hands out
  each series' numbers once, in increasing order, and only below ``LOCAL_BASE``.
* **Local blocks** are for a device that has never held a server block of the series (before its
  first sign-in). They come from ``LOCAL_BASE`` upwards, a range the server never leases, so a
  local number can never collide with a leased one. Within that range each device uses its own
  window of ``LOCAL_WINDOW`` numbers, chosen from its device id (``local_window``). Once a server
  block of the series arrives, the local blocks are closed and no new one may be made; the next
  sync reports the local block (range and unused numbers) to the server, which records it and
  refuses a range another device already reported — so the one residual risk (two devices that
  both worked before ever signing in, with ids falling in the same of ``LOCAL_WINDOWS`` windows)
  is shown to a person at the first sync instead of passing silently.

Pure Python, no Qt, no HTTP (the sync client talks to the server).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass

from inspector_app.messages import Bilingual
from inspector_app.store.clock import new_id
from inspector_app.store.database import Store

LOCAL_BASE = 900_000  # the server leases numbers below this; local blocks start here
LOCAL_WINDOW = 1_000
LOCAL_WINDOWS = 100
LOCAL_BLOCK_SIZE = 50
MAX_DOC_TYPE = 16
MAX_AUTHORITY = 32
MIN_YEAR, MAX_YEAR = 2000, 2100
SERVER = "server"
LOCAL = "local"
WANTED_KEY = "numbers.wanted"


class NumbersError(Bilingual):
    """Why no number (or block) could be given: ``code`` is stable, ``zh``/``en`` are shown."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(zh, en, code)


@dataclass(frozen=True)
class Series:
    doc_type: str
    authority: str
    year: int

    def label(self) -> str:
        return f"{self.authority} {self.doc_type} {self.year}"


@dataclass(frozen=True)
class Block:
    id: str
    doc_type: str
    authority: str
    year: int
    first: int
    last: int
    next: int
    source: str
    returned: bool
    created_at: str

    @property
    def series(self) -> Series:
        return Series(self.doc_type, self.authority, self.year)

    @property
    def remaining(self) -> int:
        return 0 if self.returned else self.last - self.next + 1

    @property
    def unused(self) -> list[int]:
        """Numbers never given out (numbers are taken in order, so those from ``next`` on)."""
        return list(range(self.next, self.last + 1))


_BLOCK_COLUMNS = "id, doc_type, authority, year, first, last, next, source, returned, created_at"


def _block(row: tuple[object, ...]) -> Block:
    values = list(row)
    values[8] = bool(values[8])
    return Block(*values)  # type: ignore[arg-type]


def check_series(doc_type: str, authority: str, year: int) -> Series:
    """The rules of a series key (the server applies the same)."""
    for name, value, limit, zh in (
        ("doc_type", doc_type, MAX_DOC_TYPE, "文书种类"),
        ("authority", authority, MAX_AUTHORITY, "执法机关"),
    ):
        if not isinstance(value, str) or not value.strip():
            raise NumbersError("bad_series", f"{zh}不能为空。", f"{name} must not be empty.")
        if len(value) > limit or value != value.strip() or not value.isprintable():
            raise NumbersError(
                "bad_series",
                f"{zh}应为不超过{limit}个字符的简称，不含空白或控制字符。",
                f"{name} must be a short name of at most {limit} characters without "
                "surrounding spaces or control characters.",
            )
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise NumbersError(
            "bad_series",
            f"年份应在{MIN_YEAR}至{MAX_YEAR}之间。",
            f"The year must be between {MIN_YEAR} and {MAX_YEAR}.",
        )
    return Series(doc_type, authority, year)


def local_window(device_id: str) -> tuple[int, int]:
    """This device's window of the local range (first, last)."""
    slot = int(hashlib.sha256(device_id.encode()).hexdigest()[:8], 16) % LOCAL_WINDOWS
    first = LOCAL_BASE + slot * LOCAL_WINDOW
    return first, first + LOCAL_WINDOW - 1


# -- reading -----------------------------------------------------------------------------------


def blocks(conn: sqlite3.Connection, series: Series | None = None) -> list[Block]:
    sql = f"SELECT {_BLOCK_COLUMNS} FROM number_block"
    args: tuple[object, ...] = ()
    if series is not None:
        sql += " WHERE doc_type = ? AND authority = ? AND year = ?"
        args = (series.doc_type, series.authority, series.year)
    return [
        _block(r) for r in conn.execute(sql + " ORDER BY doc_type, authority, year, first", args)
    ]


def block(conn: sqlite3.Connection, block_id: str) -> Block | None:
    row = conn.execute(f"SELECT {_BLOCK_COLUMNS} FROM number_block WHERE id = ?", (block_id,))
    found = row.fetchone()
    return _block(found) if found else None


def remaining(
    conn: sqlite3.Connection, doc_type: str, authority: str, year: int, source: str | None = None
) -> int:
    """Numbers this device can still give out in the series (of ``source`` blocks only)."""
    return sum(
        b.remaining
        for b in blocks(conn, Series(doc_type, authority, year))
        if source is None or b.source == source
    )


def number_of(
    conn: sqlite3.Connection, doc_type: str, authority: str, year: int, record_id: str
) -> int | None:
    row = conn.execute(
        "SELECT number FROM number_allocation "
        "WHERE doc_type = ? AND authority = ? AND year = ? AND record_id = ?",
        (doc_type, authority, year, record_id),
    ).fetchone()
    return int(row[0]) if row else None


def allocations(conn: sqlite3.Connection, block_id: str) -> list[tuple[int, str]]:
    """(number, record id) given out of a block, in order."""
    return [
        (int(n), str(r))
        for n, r in conn.execute(
            "SELECT number, record_id FROM number_allocation WHERE block_id = ? ORDER BY number",
            (block_id,),
        )
    ]


def series_in_use(conn: sqlite3.Connection, year: int | None = None) -> list[Series]:
    """Series this device holds blocks of or declared it wants (``want``)."""
    found = {
        Series(d, a, int(y))
        for d, a, y in conn.execute("SELECT DISTINCT doc_type, authority, year FROM number_block")
    }
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (WANTED_KEY,)).fetchone()
    for d, a, y in json.loads(row[0]) if row else []:
        found.add(Series(d, a, int(y)))
    return sorted(
        (s for s in found if year is None or s.year == year),
        key=lambda s: (s.doc_type, s.authority, s.year),
    )


# -- writing -----------------------------------------------------------------------------------


def take(conn: sqlite3.Connection, series: Series, record_id: str, now: str) -> int:
    """The next number of the series for ``record_id``, inside the caller's transaction.

    Server blocks are used before local ones, lower ranges first. The allocation row and the
    block's ``next`` move together; a record that already has a number gets it again.
    """
    if not conn.in_transaction:
        raise RuntimeError("take() runs inside a transaction (see allocate)")
    if not record_id:
        raise ValueError("a number is taken for a record id")
    had = number_of(conn, series.doc_type, series.authority, series.year, record_id)
    if had is not None:
        return had
    row = conn.execute(
        f"SELECT {_BLOCK_COLUMNS} FROM number_block "
        "WHERE doc_type = ? AND authority = ? AND year = ? AND returned = 0 AND next <= last "
        "ORDER BY source = 'local', first LIMIT 1",
        (series.doc_type, series.authority, series.year),
    ).fetchone()
    if row is None:
        raise NumbersError(
            "no_numbers",
            f"本机没有可用的“{series.label()}”文书编号，请联网同步以领取新的编号段。",
            f"No document numbers left for {series.label()} on this device: connect and sync "
            "to get a new block.",
        )
    found = _block(row)
    number = found.next
    conn.execute(
        "INSERT INTO number_allocation"
        "(doc_type, authority, year, number, block_id, record_id, allocated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (series.doc_type, series.authority, series.year, number, found.id, record_id, now),
    )
    moved = conn.execute(
        "UPDATE number_block SET next = next + 1 WHERE id = ? AND next = ?", (found.id, number)
    ).rowcount
    if moved != 1:  # cannot happen under BEGIN IMMEDIATE; refuse rather than hand out twice
        raise RuntimeError(f"number block {found.id} moved under this transaction")
    return number


def allocate(store: Store, doc_type: str, authority: str, year: int, record_id: str) -> int:
    """Take the next number in a transaction of its own (see ``take``)."""
    series = check_series(doc_type, authority, year)
    with store.transaction() as conn:
        return take(conn, series, record_id, store.clock.timestamp())


def insert_block(
    conn: sqlite3.Connection,
    block_id: str,
    series: Series,
    first: int,
    last: int,
    source: str,
    now: str,
) -> Block:
    """Record a block inside the caller's transaction. The same block again changes nothing.

    A server block closes the series' local blocks (see the module docstring).
    """
    if source not in (SERVER, LOCAL):
        raise ValueError(f"unknown block source {source!r}")
    if not 1 <= first <= last:
        raise NumbersError("bad_block", "编号段无效。", f"Invalid number block [{first}, {last}].")
    if source == SERVER and last >= LOCAL_BASE:
        raise NumbersError(
            "bad_block",
            "服务器编号段不能进入本机号段范围。",
            f"A server block must lie below {LOCAL_BASE}.",
        )
    existing = block(conn, block_id)
    if existing is not None:
        if (existing.series, existing.first, existing.last, existing.source) == (
            series,
            first,
            last,
            source,
        ):
            return existing
        raise NumbersError("bad_block", "编号段标识重复。", f"Block id {block_id} is already used.")
    for other in blocks(conn, series):
        if first <= other.last and last >= other.first:
            raise NumbersError(
                "overlap",
                f"编号段 {first}–{last} 与本机已有的 {other.first}–{other.last} 重叠。",
                f"Block {first}-{last} overlaps {other.first}-{other.last} held already.",
            )
    if source == SERVER:
        conn.execute(
            "UPDATE number_block SET returned = 1 WHERE doc_type = ? AND authority = ? "
            "AND year = ? AND source = 'local' AND returned = 0",
            (series.doc_type, series.authority, series.year),
        )
    conn.execute(
        f"INSERT INTO number_block({_BLOCK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
        (block_id, series.doc_type, series.authority, series.year, first, last, first, source, now),
    )
    result = block(conn, block_id)
    assert result is not None
    return result


def add_block(
    store: Store,
    block_id: str,
    doc_type: str,
    authority: str,
    year: int,
    first: int,
    last: int,
    source: str = SERVER,
) -> Block:
    series = check_series(doc_type, authority, year)
    with store.transaction() as conn:
        return insert_block(conn, block_id, series, first, last, source, store.clock.timestamp())


def local_block(
    store: Store, doc_type: str, authority: str, year: int, size: int = LOCAL_BLOCK_SIZE
) -> Block:
    """A block from this device's local window, for a series it never leased from the server."""
    series = check_series(doc_type, authority, year)
    with store.transaction() as conn:
        return open_local_block(conn, store.device_id, series, store.clock.timestamp(), size)


def open_local_block(
    conn: sqlite3.Connection,
    device_id: str,
    series: Series,
    now: str,
    size: int = LOCAL_BLOCK_SIZE,
) -> Block:
    """``local_block`` inside the caller's transaction (a document and its number commit
    together)."""
    if not 1 <= size <= LOCAL_WINDOW:
        raise ValueError(f"local block size {size} out of range")
    held = blocks(conn, series)
    if any(b.source == SERVER for b in held):
        raise NumbersError(
            "local_not_allowed",
            f"本机已从服务器领取过“{series.label()}”编号，不能再使用本机临时号段。",
            f"This device has leased {series.label()} numbers from the server; local "
            "blocks are no longer allowed.",
        )
    low, high = local_window(device_id)
    start = max([b.last + 1 for b in held if b.source == LOCAL], default=low)
    if start > high:
        raise NumbersError(
            "no_numbers",
            "本机临时号段已用完，请联网登录以领取编号。",
            "This device's local numbers are used up: sign in to lease numbers.",
        )
    last = min(start + size - 1, high)
    return insert_block(conn, new_id(), series, start, last, LOCAL, now)


def close_block(conn: sqlite3.Connection, block_id: str) -> list[int]:
    """Stop giving numbers out of a block (inside the caller's transaction); its unused ones."""
    found = block(conn, block_id)
    if found is None:
        raise KeyError(block_id)
    conn.execute("UPDATE number_block SET returned = 1 WHERE id = ?", (block_id,))
    return found.unused


def unused(conn: sqlite3.Connection, block_id: str) -> list[int]:
    found = block(conn, block_id)
    if found is None:
        raise KeyError(block_id)
    return found.unused


def close_open_blocks(store: Store, source: str = SERVER) -> list[Block]:
    """Close every open block of ``source`` (at logout, before returning them); the blocks as
    they were, with their unused numbers."""
    with store.transaction() as conn:
        open_blocks = [b for b in blocks(conn) if b.source == source and not b.returned]
        for b in open_blocks:
            close_block(conn, b.id)
    return open_blocks


def want(store: Store, doc_type: str, authority: str, year: int) -> None:
    """Declare a series this device will need, so that the next sync leases a block of it."""
    series = check_series(doc_type, authority, year)
    with store.transaction() as conn:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (WANTED_KEY,)).fetchone()
        wanted = {tuple(w) for w in json.loads(row[0])} if row else set()
        wanted.add((series.doc_type, series.authority, series.year))
        store.set_meta(WANTED_KEY, json.dumps(sorted(wanted), ensure_ascii=False))
