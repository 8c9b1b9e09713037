"""双随机 draws: run one, record it, check it, verify it.

``run_draw`` reads the pools (``pools``), takes a fresh seed from ``os.urandom`` (never chosen
by the user), draws (``drawing``, algorithm ``fi-draw-1``), keeps the object pool's snapshot as
an attachment, and records the draw — seed, parameters, pool hashes and sizes, the officer
pool, the exclusions applied and the result — in the caller's unit of work together with the
tasks it creates (its change set carries them to the views). Only then does anyone see the
result: the screens read it from the record.

A draw record is never changed or deleted (triggers here; the server must refuse the same: the
table is immutable). A redraw is a new draw naming the one it replaces, with a reason; the
tasks of the replaced draw are cancelled in the same unit of work. Both stay.

``verify`` re-runs a recorded draw from its record and pools and answers 一致 or names the
first difference; from the command line::

    python -m inspector_app.plans.draws verify DRAW_ID --db PATH [--attachments DIR]

(exit 0 and 一致 when it matches, 1 naming the first difference).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import sys
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspector_app.inspections.rules import default_rules
from inspector_app.plans import common, drawing, pools, tasks, verification
from inspector_app.plans.common import PlanError, fail
from inspector_app.plans.draw_checks import check_random_draw
from inspector_app.plans.draw_checks import get as get  # the stored draw, as callers name it
from inspector_app.plans.drawing import ALGORITHM, TeamRules
from inspector_app.plans.parameters import Parameters, default_parameters
from inspector_app.plans.pools import ObjectFilter, OfficerFilter
from inspector_app.registry import jurisdictions
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store import attachments
from inspector_app.store.attachments import Vault
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.cli import add_password_option, database_key
from inspector_app.store.database import Store
from inspector_app.store.facts import LocalFacts
from inspector_app.store.keyfile import KeyFileError


@dataclass(frozen=True)
class DrawRequest:
    """What to draw. ``counts``: how many from each stratum ({"": n} without strata)."""

    unit_code: str
    title: str
    planned_on: dt.date
    counts: Mapping[str, int]
    objects: ObjectFilter = field(default_factory=ObjectFilter)
    stratify_by: str = ""
    officer_units: tuple[str, ...] = ()
    officer_recent_days: int = 0
    team_size: int = 0  # 0: the inspection rules' minimum (two)
    match_unit: bool = False
    max_per_officer: int = 0
    plan_id: str = ""
    covert: bool = False
    create_tasks: bool = True

    @classmethod
    def standard(
        cls,
        unit_code: str,
        title: str,
        planned_on: dt.date,
        count: int,
        params: Parameters | None = None,
        **changes: Any,
    ) -> DrawRequest:
        """A draw over the unit with the exclusions of ``plans.json``."""
        params = params or default_parameters()
        objects = ObjectFilter(
            units=(unit_code,),
            exclude_inspected_days=params.exclude_inspected_days,
            exclude_penalised_days=params.exclude_penalised_days,
            exclude_named_year=planned_on.year,
        )
        values: dict[str, Any] = {
            "objects": objects,
            "officer_units": (unit_code,),
            "officer_recent_days": params.officer_recent_days,
        }
        values.update(changes)
        return cls(unit_code, title, planned_on, {"": count}, **values)


# -- running ---------------------------------------------------------------------------------------


def run_draw(
    uow: UnitOfWork,
    tree: JurisdictionTree,
    request: DrawRequest,
    attachments_dir: Path | None = None,
    today: dt.date | None = None,
    redraw_of: str = "",
    reason: str = "",
) -> str:
    """Draw and record in the caller's unit of work (see the module docstring); returns the
    draw's id. The author is the unit of work's."""
    params = default_parameters()
    today = today or uow.store.clock.today()
    conn = uow.conn
    if request.planned_on < today:
        raise fail("planned_on", "order", "不能早于抽取日期", "cannot be before the draw")
    team_size = request.team_size or default_rules().min_officers
    if team_size < default_rules().min_officers:
        raise PlanError(
            "team_size",
            f"检查组至少{default_rules().min_officers}人（{default_rules().min_officers_basis}）。",
            f"A team has at least {default_rules().min_officers} officers.",
        )
    if redraw_of:
        original = get(conn, redraw_of)
        rounds = tuple(original["params"]["officers"]["rounds"]) if original else ()
    else:
        rounds = previous_rounds(
            conn, request.unit_code, request.plan_id, params.consecutive_rounds
        )
    officer_filter = OfficerFilter(request.officer_units, request.officer_recent_days, rounds)
    pool = pools.object_pool(conn, tree, request.objects, today)
    text = drawing.pool_text(pool)
    # the snapshot is compressed and written while the draw goes on; its row comes below
    snapshot = ThreadPoolExecutor(1, "draw-snapshot")
    try:
        kept = None
        if attachments_dir:
            vault = attachments.Vault.of(attachments_dir, uow.store)  # sealed if encrypted
            kept = snapshot.submit(pools.write_snapshot, vault, text)
        officers = pools.officer_pool(conn, tree, officer_filter, request.planned_on)
        seed = os.urandom(32).hex()
        chosen = drawing.choose_objects(seed, pool, request.stratify_by, request.counts)
        previous = {r: _result(get(conn, r)) for r in rounds}
        exclusions = pools.exclusions(
            conn, chosen, officers, officer_filter, today, request.planned_on, previous
        )
        rules = TeamRules(team_size, request.match_unit, tree.city.code, request.max_per_officer)
        units = drawing.units_of(pool, chosen)
        result = _teams(conn, seed, chosen, units, officers, exclusions, rules)
        file_sha = ""
        if kept is not None:
            file_sha, size = kept.result()
            pools.record_snapshot(uow, file_sha, size)
    finally:
        snapshot.shutdown(wait=True, cancel_futures=True)
    record = {
        "unit_code": request.unit_code,
        "plan_id": request.plan_id,
        "title": request.title,
        "drawn_on": today.isoformat(),
        "drawn_at": uow.now,
        "planned_on": request.planned_on.isoformat(),
        "seed": seed,
        "algorithm": ALGORITHM,
        "params": drawing.canonical(_params(request, officer_filter, rules)),
        "object_pool_sha256": drawing.sha256(text),
        "object_pool_size": len(pool),
        "object_pool_file": file_sha,
        "officer_pool": drawing.officers_json(officers),
        "officer_pool_sha256": drawing.sha256(drawing.officers_json(officers)),
        "exclusions": drawing.canonical(exclusions.as_json()),
        "result": drawing.result_json(result),
        "result_sha256": drawing.sha256(drawing.result_json(result)),
        "redraw_of": redraw_of,
        "reason": reason,
    }
    facts = LocalFacts(conn)
    checked = check_random_draw({**record, "created_by": uow.author}, facts, today)
    draw_id = uow.insert("random_draw", checked)
    if redraw_of:
        for task in facts.find("plan_task", {"source_id": redraw_of}):
            if not task["cancelled_on"]:
                tasks.cancel(uow, facts, task["id"], f"重新抽取：{reason}", today, today)
    if request.create_tasks:
        for enterprise, team in result:
            tasks.create_task(
                uow,
                facts,
                {
                    "plan_id": request.plan_id,
                    "enterprise_id": enterprise,
                    "kind": "covert" if request.covert else "random",
                    "covert": int(request.covert),
                    "due_on": request.planned_on.isoformat(),
                    "officer_ids": common.joined(team),
                    "source_table": "random_draw",
                    "source_id": draw_id,
                },
                today,
            )
    return draw_id


def _teams(
    conn: sqlite3.Connection,
    seed: str,
    chosen: Sequence[str],
    units: Mapping[str, str],
    officers: Sequence[drawing.Candidate],
    exclusions: drawing.Exclusions,
    rules: TeamRules,
) -> list[tuple[str, tuple[str, ...]]]:
    """``drawing.assign_teams``; when no team can be formed, the message names the enterprise."""
    try:
        return drawing.assign_teams(seed, chosen, units, officers, exclusions, rules)
    except drawing.NoTeam as exc:
        row = conn.execute("SELECT name FROM enterprise WHERE id = ?", (exc.enterprise,)).fetchone()
        name = row[0] if row else ""
        raise drawing.NoTeam(exc.enterprise, exc.eligible, exc.team_size, name) from None


def redraw(
    uow: UnitOfWork,
    tree: JurisdictionTree,
    draw_id: str,
    reason: str,
    attachments_dir: Path | None = None,
    today: dt.date | None = None,
    planned_on: dt.date | None = None,
) -> str:
    """Draw again with the parameters of ``draw_id`` (the latest of its chain), a new seed and
    a reason, in the caller's unit of work; the replaced draw and its tasks stay, the tasks
    cancelled."""
    original = get(uow.conn, draw_id)
    if original is None:
        raise PlanError("not_found", "找不到该抽取记录。", f"No draw {draw_id}.")
    later = uow.conn.execute("SELECT id FROM random_draw WHERE redraw_of = ?", (draw_id,))
    if later.fetchone() is not None:
        raise PlanError(
            "superseded",
            "该抽取已被重新抽取，请对最新的抽取操作。",
            "The draw was redrawn already.",
        )
    if not reason.strip():
        raise fail("reason", "required", "重新抽取须说明理由", "a redraw needs a reason")
    p = original["params"]
    request = DrawRequest(
        unit_code=original["unit_code"],
        title=original["title"],
        planned_on=planned_on or dt.date.fromisoformat(original["planned_on"]),
        counts={str(k): int(v) for k, v in p["counts"].items()},
        objects=ObjectFilter.from_json(p["objects"]),
        stratify_by=str(p["stratify_by"]),
        officer_units=tuple(p["officers"]["units"]),
        officer_recent_days=int(p["officers"]["recent_days"]),
        team_size=int(p["team"]["team_size"]),
        match_unit=bool(p["team"]["match_unit"]),
        max_per_officer=int(p["team"]["max_per_officer"]),
        plan_id=original["plan_id"],
        covert=bool(p.get("covert")),
        create_tasks=bool(p.get("create_tasks", True)),
    )
    return run_draw(uow, tree, request, attachments_dir, today, draw_id, reason)


def previous_rounds(
    conn: sqlite3.Connection, unit_code: str, plan_id: str, n: int
) -> tuple[str, ...]:
    """The last ``n`` draws of the same unit and plan still in force (not redrawn)."""
    if n <= 0:
        return ()
    rows = conn.execute(
        "SELECT id FROM random_draw d WHERE unit_code = ? AND plan_id = ? AND NOT EXISTS "
        "(SELECT 1 FROM random_draw r WHERE r.redraw_of = d.id) ORDER BY drawn_at DESC, id DESC "
        "LIMIT ?",
        (unit_code, plan_id, n),
    )
    return tuple(r[0] for r in rows)


def _params(request: DrawRequest, officers: OfficerFilter, rules: TeamRules) -> dict[str, Any]:
    return {
        "algorithm": ALGORITHM,
        "objects": request.objects.as_json(),
        "stratify_by": request.stratify_by,
        "counts": {str(k): int(v) for k, v in request.counts.items()},
        "officers": officers.as_json(),
        "team": {
            "team_size": rules.team_size,
            "match_unit": rules.match_unit,
            "max_per_officer": rules.max_per_officer,
            "city_code": rules.city_code,
        },
        "covert": request.covert,
        "create_tasks": request.create_tasks,
    }


def _result(record: Mapping[str, Any] | None) -> list[tuple[str, tuple[str, ...]]]:
    if record is None:
        return []
    return [(str(e), tuple(t)) for e, t in record["result"]]


# -- reading ---------------------------------------------------------------------------------------


def chain(conn: sqlite3.Connection, draw_id: str) -> list[str]:
    """The draw, the draws it replaced and those that replaced it, oldest first."""
    first = draw_id
    while True:
        row = conn.execute("SELECT redraw_of FROM random_draw WHERE id = ?", (first,)).fetchone()
        if row is None or not row[0]:
            break
        first = row[0]
    out = [first]
    while True:
        row = conn.execute("SELECT id FROM random_draw WHERE redraw_of = ?", (out[-1],)).fetchone()
        if row is None:
            return out
        out.append(row[0])


# -- command line ----------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m inspector_app.plans.draws")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("verify", help="re-run a recorded draw and compare / 重新计算并核对")
    p.add_argument("draw_id")
    p.add_argument("--db", required=True, type=Path)
    p.add_argument("--attachments", type=Path, default=None)
    add_password_option(p)
    args = parser.parse_args(argv)
    try:  # an encrypted store asks its password; its pool snapshots are sealed with its key
        key = database_key(args.db, args.password_stdin)
    except KeyFileError as exc:
        print(f"{exc.zh} / {exc.en}", file=sys.stderr)
        return 2
    store = Store.open(args.db, readonly=True, check=False, key=key)
    try:
        folder = args.attachments or args.db.parent / "attachments"
        vault = Vault.for_key(folder, key)
        found = verification.verify(store.conn, jurisdictions.load(), args.draw_id, vault)
    finally:
        store.close()
    print(found.zh)
    print(found.en)
    for zh, en in found.notes:
        print(f"{zh} ({en})")
    return 0 if found.ok else 1


if __name__ == "__main__":
    sys.exit(main())
