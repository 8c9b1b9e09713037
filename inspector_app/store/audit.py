"""The audit chain: every local write, hash-linked, so that a changed copy of the file shows.

Each local unit of work appends, before it commits, one ``audit_log`` row per change-log entry
(a bulk insert is one row): who (``actor``), on which device, when, what (``action``, table,
record, the change-log entries it covers and the SHA-256 of the change), the record's hash
before and after, the previous row's hash and its own hash over all of these. Rows are only
ever appended (triggers refuse an update or a delete). The server keeps a copy of the chain and
signs its head (``sync.server.audit``); the signed heads it returned are kept in
``audit_checkpoint``, so a rewritten or shortened chain is found even when every row was
recomputed.

``verify`` walks the chain and names the first broken link:

* ``missing`` — a row is gone (a gap in ``seq``);
* ``edited`` — a row's content no longer gives its hash;
* ``relinked`` — a row does not point at the row before it (the row before was rewritten, or
  this one was moved or inserted);
* ``rewritten`` — the chain no longer ends, at a signed count, in the head the server signed;
* ``truncated`` — rows after a signed head, or after the last chained change, are gone;
* ``unchained`` — a local change-log entry written since the chain began has no row;
* ``entry_changed`` — a change-log entry no longer matches the hash its row holds;
* ``record_changed`` — a record differs from the state its last row recorded, with no
  change received from the server since.

``python -m inspector_app.store.audit verify --basedir DIR`` prints the verdict and exits 0
when the chain is intact, 1 when it is broken, 2 when the database cannot be opened.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspector_app.store import dbapi

AUDIT_VERSION = 11  # the schema version that made the chain
GENESIS = "0" * 64
FIELDS = (
    "seq",
    "device_id",
    "at",
    "actor",
    "action",
    "table_name",
    "record_id",
    "entry_first",
    "entry_last",
    "change_sha256",
    "before_sha256",
    "after_sha256",
    "prev_hash",
)
BULK = "bulk-insert"  # the action of one row standing for many inserted records


def digest(value: Any) -> str:
    """SHA-256 of a value's canonical JSON (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def row_hash(row: Mapping[str, Any]) -> str:
    """The hash of one chain row: over every field but the hash itself, in a fixed order."""
    return digest([row[f] for f in FIELDS])


def entry_hash(entry_id: str, table: str, record_id: str, op: str, changes: str) -> str:
    """What a row records of its change-log entry (``changes`` as stored, JSON text)."""
    return digest([entry_id, table, record_id, op, changes])


def record_state(conn: sqlite3.Connection, table: str, record_id: str) -> str:
    """The hash of a record as stored now; empty when it is gone or has no ``id`` column."""
    try:
        cursor = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (record_id,))
    except dbapi.OperationalError:
        return ""
    row = cursor.fetchone()
    if row is None:
        return ""
    names = [d[0] for d in cursor.description]
    return digest(dict(zip(names, row, strict=True)))


def enabled(conn: sqlite3.Connection) -> bool:
    return int(conn.execute("PRAGMA user_version").fetchone()[0]) >= AUDIT_VERSION


@dataclass
class Pending:
    """A change waiting for its chain row (written when its unit of work commits)."""

    action: str
    table: str
    record_id: str
    entry_first: int
    entry_last: int
    change_sha256: str


def append(
    conn: sqlite3.Connection, device_id: str, actor: str, at: str, items: Sequence[Pending]
) -> int:
    """Append the chain rows of one unit of work (in its transaction); returns the last seq."""
    last = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (int(last[0]), str(last[1])) if last else (0, GENESIS)
    for item in items:
        seq += 1
        before = ""
        if item.action != BULK:
            found = conn.execute(
                "SELECT after_sha256 FROM audit_log WHERE table_name = ? AND record_id = ? "
                "ORDER BY seq DESC LIMIT 1",
                (item.table, item.record_id),
            ).fetchone()
            before = str(found[0]) if found else ""
        after = "" if item.action == BULK else record_state(conn, item.table, item.record_id)
        row = {
            "seq": seq,
            "device_id": device_id,
            "at": at,
            "actor": actor,
            "action": item.action,
            "table_name": item.table,
            "record_id": item.record_id,
            "entry_first": item.entry_first,
            "entry_last": item.entry_last,
            "change_sha256": item.change_sha256,
            "before_sha256": before,
            "after_sha256": after,
            "prev_hash": prev,
        }
        prev = row_hash(row)
        conn.execute(
            f"INSERT INTO audit_log({', '.join(FIELDS)}, hash) "
            f"VALUES ({', '.join(':' + f for f in FIELDS)}, :hash)",
            {**row, "hash": prev},
        )
    return seq


# -- reading -------------------------------------------------------------------------------


def rows(
    conn: sqlite3.Connection, after: int = 0, limit: int | None = None
) -> list[dict[str, Any]]:
    """Chain rows with ``seq > after``, in order (what a checkpoint request sends)."""
    sql = f"SELECT {', '.join(FIELDS)}, hash FROM audit_log WHERE seq > ? ORDER BY seq"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    names = (*FIELDS, "hash")
    return [dict(zip(names, r, strict=True)) for r in conn.execute(sql, (after,))]


def head(conn: sqlite3.Connection) -> tuple[int, str]:
    """(count, hash of the last row); (0, GENESIS) for an empty chain."""
    last = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (int(last[0]), str(last[1])) if last else (0, GENESIS)


@dataclass(frozen=True)
class Checkpoint:
    count: int
    head: str
    signed_at: str
    server_id: str
    public_key: str
    signature: str


def checkpoints(conn: sqlite3.Connection) -> list[Checkpoint]:
    return [
        Checkpoint(int(r[0]), *r[1:])
        for r in conn.execute(
            "SELECT count, head, signed_at, server_id, public_key, signature "
            "FROM audit_checkpoint ORDER BY count"
        )
    ]


def last_checkpoint(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT max(count) FROM audit_checkpoint").fetchone()
    return int(row[0] or 0)


def keep_checkpoint(conn: sqlite3.Connection, checkpoint: Checkpoint) -> None:
    """Keep a head the server signed (inside a transaction), after checking it is this chain's:
    ``ValueError`` when the signed head is not the hash of the local row at that count."""
    row = conn.execute("SELECT hash FROM audit_log WHERE seq = ?", (checkpoint.count,)).fetchone()
    if row is None or row[0] != checkpoint.head:
        raise ValueError(f"the signed head at {checkpoint.count} is not this chain's")
    conn.execute(
        "INSERT OR IGNORE INTO audit_checkpoint"
        "(count, head, signed_at, server_id, public_key, signature) VALUES (?, ?, ?, ?, ?, ?)",
        (
            checkpoint.count,
            checkpoint.head,
            checkpoint.signed_at,
            checkpoint.server_id,
            checkpoint.public_key,
            checkpoint.signature,
        ),
    )


def unsent(conn: sqlite3.Connection, limit: int = 2000) -> list[dict[str, Any]]:
    """The rows after the last head the server signed: the body of the next checkpoint request
    (``POST /api/v1/audit/checkpoint {"rows": ...}``)."""
    return rows(conn, last_checkpoint(conn), limit)


def keep_answer(conn: sqlite3.Connection, answer: Mapping[str, Any]) -> Checkpoint | None:
    """Keep the signed head of a checkpoint answer (inside a transaction); None if the server
    has signed nothing yet."""
    if not answer.get("signature"):
        return None
    signed = Checkpoint(
        int(answer["count"]),
        str(answer["head"]),
        str(answer["signed_at"]),
        str(answer["server_id"]),
        str(answer["public_key"]),
        str(answer["signature"]),
    )
    keep_checkpoint(conn, signed)
    return signed


# -- verifying -----------------------------------------------------------------------------

_KINDS = {
    "missing": ("第 {seq} 条审计记录缺失", "audit row {seq} is missing"),
    "edited": ("第 {seq} 条审计记录内容被修改", "audit row {seq} was edited"),
    "relinked": (
        "第 {seq} 条审计记录与前一条的链接断开（前一条被改写，或本条被移动或插入）",
        "audit row {seq} does not link to the row before it (that row was rewritten, or this "
        "one was moved or inserted)",
    ),
    "rewritten": (
        "审计链在第 {seq} 条处与服务器签名的链头不符（此前的记录被改写）",
        "the chain does not end at row {seq} in the head the server signed (rows up to it "
        "were rewritten)",
    ),
    "truncated": (
        "审计链在第 {seq} 条之后被截断",
        "the audit chain was truncated after row {seq}",
    ),
    "unchained": (
        "第 {seq} 条变更记录没有审计记录",
        "change-log entry {seq} has no audit row",
    ),
    "entry_changed": (
        "第 {seq} 条审计记录对应的变更记录被修改",
        "the change-log entry of audit row {seq} was changed",
    ),
    "record_changed": (
        "第 {seq} 条审计记录之后，记录 {record} 被绕过软件修改",
        "record {record} was changed outside the app after audit row {seq}",
    ),
}


@dataclass(frozen=True)
class Break:
    kind: str
    seq: int
    record: str = ""

    @property
    def zh(self) -> str:
        return _KINDS[self.kind][0].format(seq=self.seq, record=self.record)

    @property
    def en(self) -> str:
        return _KINDS[self.kind][1].format(seq=self.seq, record=self.record)


@dataclass
class Verdict:
    rows: int = 0
    head: str = GENESIS
    breaks: list[Break] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.breaks

    @property
    def first(self) -> Break | None:
        return self.breaks[0] if self.breaks else None


def verify(conn: sqlite3.Connection) -> Verdict:
    """Walk the chain (see the module docstring); the first break of the chain itself comes
    first, then entries and records that do not match it."""
    verdict = Verdict()
    chain = rows(conn)
    verdict.rows = len(chain)
    chain_break = walk(chain)
    if chain_break is not None:
        verdict.breaks.append(chain_break)
    else:
        verdict.head = chain[-1]["hash"] if chain else GENESIS
        signed = _signed_break(chain, checkpoints(conn))
        if signed is not None:
            verdict.breaks.append(signed)
    verdict.breaks.extend(_entry_breaks(conn, chain))
    if not verdict.breaks:
        verdict.breaks.extend(_record_breaks(conn, chain))
    return verdict


def walk(chain: Sequence[Mapping[str, Any]]) -> Break | None:
    """The first broken link of rows in order (also the server's check of its copy)."""
    prev = GENESIS
    for expected, row in enumerate(chain, start=1):
        if row["seq"] != expected:
            return Break("missing", expected)
        if row_hash(row) != row["hash"]:
            return Break("edited", expected)
        if row["prev_hash"] != prev:
            return Break("relinked", expected)
        prev = row["hash"]
    return None


def _signed_break(chain: list[dict[str, Any]], signed: list[Checkpoint]) -> Break | None:
    for checkpoint in signed:
        if checkpoint.count > len(chain):
            return Break("truncated", len(chain))
        if chain[checkpoint.count - 1]["hash"] != checkpoint.head:
            return Break("rewritten", checkpoint.count)
    return None


_ENTRY = (
    "SELECT l.seq, l.entry_id, l.table_name, l.record_id, l.op, l.changes "
    "FROM change_log l JOIN change_tx t ON t.tx_seq = l.tx_seq "
    "WHERE t.origin = 'local' AND l.seq BETWEEN ? AND ? ORDER BY l.seq"
)


def _entry_breaks(conn: sqlite3.Connection, chain: list[dict[str, Any]]) -> list[Break]:
    """Each row's change-log entries still as the row recorded them, and every local entry
    since the chain began covered by a row (read in streams: a registry import holds
    hundreds of thousands of entries)."""
    breaks: list[Break] = []
    for link in chain:
        first, last = int(link["entry_first"]), int(link["entry_last"])
        entries = conn.execute(_ENTRY, (first, last)).fetchall()
        if link["action"] == BULK:
            found = digest([[e[1], e[3]] for e in entries])
            sound = len(entries) == last - first + 1 and found == link["change_sha256"]
        else:
            sound = len(entries) == 1 and entry_hash(*entries[0][1:]) == link["change_sha256"]
        if not sound:
            breaks.append(Break("entry_changed", int(link["seq"])))
    row = conn.execute("SELECT value FROM meta WHERE key = 'audit_from_seq'").fetchone()
    start = int(row[0]) if row else 1
    ranges = sorted((int(r["entry_first"]), int(r["entry_last"])) for r in chain)
    at = 0
    for (seq,) in conn.execute(
        "SELECT l.seq FROM change_log l JOIN change_tx t ON t.tx_seq = l.tx_seq "
        "WHERE l.seq >= ? AND t.origin = 'local' ORDER BY l.seq",
        (start,),
    ):
        while at < len(ranges) and ranges[at][1] < seq:
            at += 1
        if at < len(ranges) and ranges[at][0] <= seq:
            continue
        if at == len(ranges) and chain:
            breaks.append(Break("truncated", len(chain)))  # entries after the chain's end
        else:
            breaks.append(Break("unchained", int(seq)))
        break
    return breaks


def _record_breaks(conn: sqlite3.Connection, chain: list[dict[str, Any]]) -> list[Break]:
    """Each record's current state against the state its last chain row recorded (records
    changed by the server afterwards are skipped: their state came from elsewhere)."""
    last: dict[tuple[str, str], dict[str, Any]] = {}
    for link in chain:
        if link["action"] != BULK and link["after_sha256"]:
            last[(link["table_name"], link["record_id"])] = link
    breaks: list[Break] = []
    for (table, record_id), link in last.items():
        if record_state(conn, table, record_id) == link["after_sha256"]:
            continue
        remote = conn.execute(
            "SELECT 1 FROM change_log l JOIN change_tx t ON t.tx_seq = l.tx_seq "
            "WHERE l.table_name = ? AND l.record_id = ? AND l.seq > ? AND t.origin = 'remote' "
            "LIMIT 1",
            (table, record_id, link["entry_last"]),
        ).fetchone()
        if remote is None:
            breaks.append(Break("record_changed", int(link["seq"]), f"{table}/{record_id}"))
    breaks.sort(key=lambda b: b.seq)
    return breaks


# -- command line --------------------------------------------------------------------------


def _open(path: Path, key: bytes | None = None) -> sqlite3.Connection:
    if not path.is_file():
        raise FileNotFoundError(f"no database at {path}")
    conn = dbapi.connect(f"file:{path}?mode=ro", key, uri=True)
    try:
        found = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'audit_log'"
        ).fetchone()[0]
    except dbapi.DatabaseError:
        conn.close()
        raise
    if not found:
        conn.close()
        raise sqlite3.DatabaseError("the database has no audit chain (schema older than 11)")
    return conn


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m inspector_app.store.audit",
        description="Check the audit chain of a local database.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("verify", help="walk the chain and name the first broken link")
    from inspector_app.store.cli import add_password_option, database_key
    from inspector_app.store.keyfile import KeyFileError

    check.add_argument("--basedir", required=True, metavar="DIR", help="the app's data folder")
    add_password_option(check)
    args = parser.parse_args(argv)
    from inspector_app.store.paths import AppPaths

    database = AppPaths(Path(args.basedir).expanduser()).database
    try:  # an encrypted store: the officer's password unwraps the database key
        key = database_key(database, args.password_stdin)
    except KeyFileError as exc:
        print(f"{exc.zh} / {exc.en}", file=sys.stderr)
        return 2
    try:
        conn = _open(database, key)
        try:
            verdict = verify(conn)
        finally:
            conn.close()
    except OSError as exc:
        print(f"无法打开数据库 / cannot open the database: {exc}", file=sys.stderr)
        return 2
    except dbapi.Error as exc:
        print(f"无法打开数据库 / cannot open the database: {exc}", file=sys.stderr)
        return 2
    if verdict.intact:
        print(f"审计链完整 / audit chain intact: {verdict.rows} rows, head {verdict.head}")
        return 0
    for problem in verdict.breaks:
        print(f"{problem.kind}\t{problem.seq}\t{problem.zh} / {problem.en}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
