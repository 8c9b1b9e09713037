"""Two registry entries with one code: one registered on this laptop (not yet on the server),
one received from the server (set aside when it arrived, ``local.LocalTables``). The officer
merges them: the server's entry stays, with the fields the officer takes from the local one,
and the records filed against the local entry move onto it — in one unit of work with its
change log. A signed inspection or an issued document naming the local entry cannot move
(legal records are never rewritten): the merge is refused."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from inspector_app.messages import Bilingual
from inspector_app.registry.entries import Registry
from inspector_app.registry.rules import FIELDS
from inspector_app.replication import quarantine
from inspector_app.replication.local import ApplyStats, LocalTables, local_only
from inspector_app.replication.tables import SPECS
from inspector_app.store.changelog import UnitOfWork

PLACE_FIELDS = ("county_code", "town_code", "supervising_unit")
# what the change log says of the local entry's entries once it is merged (not to push)
MERGED = {
    "code": "merged",
    "zh": "已与服务器上代码相同的登记合并。",
    "en": "Merged into the server's entry with the same code.",
}


@dataclass(frozen=True)
class Pair:
    server_id: str
    local_id: str
    server: dict[str, Any]
    local: dict[str, Any]

    @property
    def differing(self) -> tuple[str, ...]:
        """The registry fields whose values differ (the officer chooses each)."""
        return tuple(f for f in FIELDS if f != "uscc" and self.server.get(f) != self.local.get(f))


def pairs(conn: sqlite3.Connection, tables: LocalTables) -> list[Pair]:
    """Every entry set aside because an entry of this laptop uses its code."""
    out = []
    for item in quarantine.listed(conn):
        if item.table_name != "enterprise" or not isinstance(item.data, dict):
            continue
        row = conn.execute(
            "SELECT id FROM enterprise WHERE uscc = ? AND id <> ?",
            (item.data.get("uscc"), item.record_id),
        ).fetchone()
        local = tables.read(conn, "enterprise", row[0]) if row else None
        if local is not None:
            out.append(Pair(item.record_id, row[0], dict(item.data), local))
    return out


def _pair(conn: sqlite3.Connection, tables: LocalTables, server_id: str) -> Pair:
    for pair in pairs(conn, tables):
        if pair.server_id == server_id:
            return pair
    raise Bilingual(
        "没有需要合并的登记（可能已经合并）。",
        "There is no such pair of entries to merge (already merged?).",
        "no_pair",
    )


def _fixed_records(conn: sqlite3.Connection, local_id: str) -> int:
    """Signed inspections and issued documents that name the entry."""
    signed = conn.execute(
        "SELECT count(*) FROM inspection WHERE enterprise_id = ? AND status = 'signed'",
        (local_id,),
    ).fetchone()[0]
    documents = conn.execute(
        "SELECT count(*) FROM document WHERE enterprise_id = ?", (local_id,)
    ).fetchone()[0]
    return int(signed) + int(documents)


def merge_duplicate(
    uow: UnitOfWork, tables: LocalTables, server_id: str, take_local: Iterable[str] = ()
) -> dict[str, list[str]]:
    """Merge the pair whose server entry is ``server_id``; ``take_local``: the fields whose
    value the local entry gives (the rest are the server's). Returns {table: ids changed}."""
    conn = uow.conn
    pair = _pair(conn, tables, server_id)
    take = list(dict.fromkeys(take_local))
    unknown = [f for f in take if f not in FIELDS or f == "uscc"]
    if unknown:
        raise Bilingual(
            f"不能选用本机登记的字段“{unknown[0]}”。",
            f"The field {unknown[0]!r} cannot be taken from the local entry.",
            "merge_field",
        )
    if _fixed_records(conn, pair.local_id):
        raise Bilingual(
            f"本机登记的“{pair.local['name']}”已有签名的检查记录或已出具的文书，不能合并"
            "（法律文书不得改写）。请联系管理员处理。",
            f"The local entry {pair.local['name']!r} is named by a signed inspection or an "
            "issued document, which cannot be rewritten: it cannot be merged. Contact your "
            "administrator.",
            "merge_signed",
        )
    changed: dict[str, list[str]] = {"enterprise": [server_id, pair.local_id]}
    # the local entry leaves; the server never had it, so none of its entries is pushed
    row = Registry.get(conn, pair.local_id)
    assert row is not None
    tables.registry.delete_row(conn, row)
    gone = uow.log("enterprise", pair.local_id, "delete", pair.local)
    _settle(conn, "enterprise", pair.local_id, gone)
    # the server's entry as the server has it (its insert is answered "accepted" as it is),
    # then the officer's choices as an ordinary change
    quarantine.release(conn, "enterprise", server_id)
    tables.apply(uow, "enterprise", server_id, pair.server, ApplyStats())
    if take:
        tables.registry.update(uow, server_id, {f: pair.local[f] for f in take})
    place = {f: pair.server.get(f) for f in PLACE_FIELDS}
    for table, spec in SPECS.items():  # parents before children
        if "enterprise_id" not in spec.fields or table == "enterprise":
            continue
        ids = [
            r[0]
            for r in conn.execute(
                f"SELECT id FROM {table} WHERE enterprise_id = ?", (pair.local_id,)
            )
        ]
        if not ids:
            continue
        fresh = local_only(conn, table)
        moved = {"enterprise_id": server_id, **{f: v for f, v in place.items() if f in spec.fields}}
        for record_id in ids:
            old = tables.read(conn, table, record_id)
            assert old is not None
            delta = {f: [old[f], v] for f, v in moved.items() if old[f] != v}
            sets = ", ".join(f"{f} = ?" for f in moved)
            conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*moved.values(), record_id))
            if record_id in fresh:
                # never accepted by the server (its entry was unknown there): sent again as
                # a new record filed under the server's entry
                _settle(conn, table, record_id, None)
                uow.log(table, record_id, "insert")
            elif delta:
                uow.log(table, record_id, "update", delta)
        changed[table] = ids
    return changed


def _settle(conn: sqlite3.Connection, table: str, record_id: str, also: str | None) -> None:
    """Mark a record's entries still waiting or refused as settled by the merge (not pushed,
    no longer listed as refused)."""
    conn.execute(
        "UPDATE change_log SET status = 'applied', status_reason = ? WHERE table_name = ? "
        "AND record_id = ? AND (status IN ('pending', 'held', 'rejected') OR entry_id = ?)",
        (json.dumps(MERGED, ensure_ascii=False), table, record_id, also or ""),
    )


def describe(pair: Pair, lang: str) -> str:
    """The pair in one line for lists."""
    if lang.startswith("en"):
        return f"{pair.local['name']} (this laptop) / {pair.server['name']} (server)"
    return f"{pair.local['name']}（本机）/ {pair.server['name']}（服务器）"


def values(pair: Pair) -> Mapping[str, tuple[Any, Any]]:
    """{field: (this laptop's value, the server's)} of the differing fields."""
    return {f: (pair.local.get(f), pair.server.get(f)) for f in pair.differing}
