"""Verification: each record's 64-bit hash kept current (triggers mark what was written, only
marked records are rehashed) and per-table counts and checksums compared with the server's."""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from inspector_app.replication.local import LOCAL_ONLY
from inspector_app.replication.tables import spec
from inspector_app.store.changelog import encode
from inspector_app.store.database import Store


def record_hash(record_id: str, data: Mapping[str, Any]) -> int:
    """64-bit hash of one record (id + canonical JSON); table checksums add these up."""
    return text_hash(record_id, encode(data))


def text_hash(record_id: str, canonical: str) -> int:
    """``record_hash`` of a record whose canonical JSON is at hand (the server stores it)."""
    digest = hashlib.sha256(f"{record_id}|{canonical}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def refresh_hashes(store: Store, tables: Iterable[str], batch: int = 20_000) -> int:
    """Rehash the records written since their hash was taken (``record_dirty``, filled by
    triggers); returns how many were hashed. Short transactions, so the officer's own writes
    never wait long; each reads and hashes under the write lock, so no hash is stale."""
    done = 0
    for table in tables:
        conn = store.conn
        (dirty,) = conn.execute(
            "SELECT count(*) FROM record_dirty WHERE table_name = ?", (table,)
        ).fetchone()
        if (
            dirty > batch
            and dirty * 2 > conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        ):
            done += _rehash_all(store, table, batch)  # most of it (a first sync): in key order
        done += _rehash_marked(store, table, batch)  # and whatever was written meanwhile
    return done


def _hashes(table: str, rows: Iterable[Sequence[Any]]) -> list[tuple[str, str, int, int]]:
    fields = spec(table).fields
    out = []
    for row in rows:
        value = record_hash(row[0], dict(zip(fields, row[1:], strict=True)))
        out.append((table, row[0], value >> 32, value & 0xFFFFFFFF))
    return out


def _rehash_all(store: Store, table: str, batch: int) -> int:
    with store.transaction() as conn:  # later writes mark themselves again
        conn.execute("DELETE FROM record_dirty WHERE table_name = ?", (table,))
        conn.execute("DELETE FROM record_hash WHERE table_name = ?", (table,))
    columns = ", ".join(("id", *spec(table).fields))
    done, after = 0, ""
    while True:
        with store.transaction() as conn:
            rows = conn.execute(
                f"SELECT {columns} FROM {table} WHERE id > ? ORDER BY id LIMIT ?", (after, batch)
            ).fetchall()
            if not rows:
                return done
            conn.executemany(
                "INSERT OR REPLACE INTO record_hash VALUES (?, ?, ?, ?)", _hashes(table, rows)
            )
        done += len(rows)
        after = rows[-1][0]


def _rehash_marked(store: Store, table: str, batch: int) -> int:
    columns = ", ".join(("id", *spec(table).fields))
    done = 0
    while True:
        with store.transaction() as conn:
            marked = [
                r[0]
                for r in conn.execute(
                    "SELECT record_id FROM record_dirty WHERE table_name = ? "
                    "ORDER BY record_id LIMIT ?",
                    (table, batch),
                )
            ]
            if not marked:
                return done
            span = (table, marked[-1])  # exactly the marks read above: the first ``batch``
            rows = conn.execute(
                f"SELECT {columns} FROM {table} WHERE id IN (SELECT record_id FROM "
                "record_dirty WHERE table_name = ? AND record_id <= ?)",
                span,
            ).fetchall()
            conn.executemany(
                "INSERT OR REPLACE INTO record_hash VALUES (?, ?, ?, ?)", _hashes(table, rows)
            )
            gone = set(marked) - {row[0] for row in rows}
            conn.executemany(
                "DELETE FROM record_hash WHERE table_name = ? AND record_id = ?",
                ((table, record_id) for record_id in gone),
            )
            conn.execute("DELETE FROM record_dirty WHERE table_name = ? AND record_id <= ?", span)
        done += len(marked)


def checksums(store: Store, names: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Count and checksum of each table as the server should have it: every local record
    except this device's own inserts the server has not accepted (``local_only_ids``)."""
    names = list(names)
    refresh_hashes(store, names)
    out = {}
    for table in names:
        # a record set aside (``quarantine``) counts as received, by the server's hash
        count, hi, lo = store.conn.execute(
            "SELECT count(*), coalesce(sum(hi), 0), coalesce(sum(lo), 0) FROM ("
            "SELECT hi, lo FROM record_hash "
            f"WHERE table_name = ? AND record_id NOT IN ({LOCAL_ONLY}) AND record_id NOT IN "
            "(SELECT record_id FROM sync_quarantine WHERE table_name = ?) "
            "UNION ALL SELECT hi, lo FROM sync_quarantine WHERE table_name = ?)",
            (table, table, table, table),
        ).fetchone()
        out[table] = checksum(count, hi, lo)
    return out


def range_checksums(store: Store, table: str, bounds: Sequence[str]) -> list[dict[str, Any]]:
    """``checksums`` of one table for each range (…, b1], (b1, b2], …, (bn, …) of record ids,
    as the server answers them (``sync.server.ranges``)."""
    refresh_hashes(store, [table])
    rows = store.conn.execute(
        "SELECT record_id, hi, lo FROM record_hash "
        f"WHERE table_name = ? AND record_id NOT IN ({LOCAL_ONLY}) AND record_id NOT IN "
        "(SELECT record_id FROM sync_quarantine WHERE table_name = ?) "
        "UNION ALL SELECT record_id, hi, lo FROM sync_quarantine WHERE table_name = ?",
        (table, table, table, table),
    )
    sums = [[0, 0, 0] for _ in range(len(bounds) + 1)]
    for record_id, hi, lo in rows:
        part = sums[bisect.bisect_left(bounds, record_id)]
        part[0] += 1
        part[1] += hi
        part[2] += lo
    return [checksum(*part) for part in sums]


def range_bounds(store: Store, table: str, ranges: int) -> list[str]:
    """Ids cutting the table into about ``ranges`` ranges of equal size, in key order."""
    (count,) = store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()
    step = max(1, -(-count // max(1, ranges)))
    ids = [r[0] for r in store.conn.execute(f"SELECT id FROM {table} ORDER BY id")]
    return ids[step - 1 : -1 : step] if count > step else []


def checksum(count: int, hi_sum: int, lo_sum: int) -> dict[str, Any]:
    """The wire form of a table checksum from the sums of the hashes' 32-bit halves."""
    total = ((int(hi_sum) << 32) + int(lo_sum)) % (1 << 64)
    return {"count": int(count), "sum": f"{total:016x}"}
