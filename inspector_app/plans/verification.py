"""Verifying a recorded draw: re-run it from its record and pools and compare.

``verify_record`` is pure (the record decoded, the object pool given): the server can run it
once the pool snapshot has arrived. ``verify`` reads the record from the store and takes the
pool from its snapshot when it is here, else computes it again from the data as of the draw; a
note says when today's data would give another pool (the snapshot, not today's data, is what
the draw was made from).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspector_app.plans import drawing, pools
from inspector_app.plans.common import PlanError
from inspector_app.plans.draw_checks import get
from inspector_app.plans.drawing import Candidate, Exclusions, PoolEntry, TeamRules
from inspector_app.plans.pools import ObjectFilter
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store.attachments import Vault

# -- verification ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    ok: bool
    zh: str
    en: str
    notes: tuple[tuple[str, str], ...] = ()


def verify_record(record: Mapping[str, Any], pool: Sequence[PoolEntry]) -> Verification:
    """Re-run a decoded draw record on an object pool (pure: the server's full check)."""
    text = drawing.pool_text(pool)
    if drawing.sha256(text) != record["object_pool_sha256"]:
        return Verification(
            False,
            f"不一致：对象库（{len(pool)}家）的哈希与记录（{record['object_pool_size']}家）不符",
            f"mismatch: the object pool ({len(pool)}) does not hash to the recorded one",
        )
    officers_text = drawing.canonical(record["officer_pool"])
    if drawing.sha256(officers_text) != record["officer_pool_sha256"]:
        return Verification(
            False, "不一致：执法人员库的哈希与记录不符", "mismatch: officer pool hash"
        )
    params = record["params"]
    officers = [Candidate(str(i), str(u)) for i, u in record["officer_pool"]]
    team = params["team"]
    rules = TeamRules(
        int(team["team_size"]),
        bool(team["match_unit"]),
        str(team["city_code"]),
        int(team["max_per_officer"]),
    )
    try:
        chosen = drawing.choose_objects(
            record["seed"], pool, params["stratify_by"], params["counts"]
        )
        again = drawing.assign_teams(
            record["seed"],
            chosen,
            drawing.units_of(pool, chosen),
            officers,
            Exclusions.from_json(record["exclusions"]),
            rules,
        )
    except PlanError as exc:
        return Verification(False, f"不一致：{exc.zh}", f"mismatch: {exc.en}")
    recorded = [(str(e), tuple(t)) for e, t in record["result"]]
    difference = drawing.first_difference(again, recorded)
    if difference is not None:
        return Verification(False, f"不一致：{difference[0]}", f"mismatch: {difference[1]}")
    return Verification(
        True,
        f"一致：以记录的随机种子、对象库（{len(pool)}家）和执法人员库（{len(officers)}人）重新抽取，"
        f"结果与记录相同（{len(recorded)}个对象）",
        f"match: re-running from the record gives the recorded result ({len(recorded)} objects)",
    )


def verify(
    conn: sqlite3.Connection,
    tree: JurisdictionTree,
    draw_id: str,
    attachments_dir: Path | Vault | None = None,
    compare_current: bool = True,
) -> Verification:
    """Verify a recorded draw from the store (see the module docstring); ``compare_current``:
    also compute today's pool to note a change."""
    record = get(conn, draw_id)
    if record is None:
        return Verification(
            False, f"不一致：找不到抽取记录{draw_id}", f"mismatch: no draw {draw_id}"
        )
    text = pools.load_snapshot(attachments_dir, record["object_pool_file"])
    notes: list[tuple[str, str]] = []
    if text is None:
        pool = _current(conn, tree, record)
        notes.append(
            ("对象库快照不在本机，按现有数据重新生成", "no snapshot here: pool computed again")
        )
    else:
        if drawing.sha256(text) != record["object_pool_sha256"]:
            return Verification(
                False, "不一致：对象库快照的哈希与记录不符", "mismatch: snapshot hash"
            )
        pool = drawing.parse_pool(text)
        if compare_current:
            changed = pool_difference(pool, _current(conn, tree, record))
            if changed:
                notes.append(changed)
    found = verify_record(record, pool)
    return Verification(found.ok, found.zh, found.en, tuple(notes))


def _current(
    conn: sqlite3.Connection, tree: JurisdictionTree, record: Mapping[str, Any]
) -> list[PoolEntry]:
    day = dt.date.fromisoformat(record["drawn_on"])
    return pools.object_pool(conn, tree, ObjectFilter.from_json(record["params"]["objects"]), day)


def pool_difference(
    recorded: Sequence[PoolEntry], now: Sequence[PoolEntry]
) -> tuple[str, str] | None:
    """The first way today's pool differs from the recorded one, as a note; None if equal."""
    if list(recorded) == list(now):
        return None
    then_ids, now_ids = {e[0] for e in recorded}, {e[0] for e in now}
    for ident in sorted(then_ids ^ now_ids):
        zh, en = ("已不在", "no longer in") if ident in then_ids else ("新进入", "now in")
        return (
            f"注意：按现有数据重新生成的对象库已与抽取时不同（{ident}{zh}对象库）",
            f"note: the pool computed today differs ({ident} is {en} the pool)",
        )
    changed = next(a for a, b in zip(recorded, now, strict=True) if a != b)
    return (
        f"注意：{changed[0]}的所属单位或风险等级已与抽取时不同",
        f"note: the unit or risk level of {changed[0]} changed since the draw",
    )
