"""双随机 draws: run one, record it, check it, verify it.

``run_draw`` reads the pools (``pools``), takes a fresh seed from ``os.urandom`` (never chosen
by the user), draws (``drawing``, algorithm ``fi-draw-1``), keeps the object pool's snapshot as
an attachment, and records the draw — seed, parameters, pool hashes and sizes, the officer
pool, the exclusions applied and the result — in one unit of work together with the tasks it
creates. Only then does anyone see the result: the screens read it from the record.

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
import json
import os
import re
import sqlite3
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspector_app.inspections.inspections import default_rules
from inspector_app.plans import common, drawing, pools, tasks
from inspector_app.plans.common import Collect, PlanError, fail
from inspector_app.plans.drawing import ALGORITHM, Candidate, Exclusions, PoolEntry, TeamRules
from inspector_app.plans.parameters import Parameters, default_parameters
from inspector_app.plans.pools import ObjectFilter, OfficerFilter
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store
from inspector_app.store.facts import Facts, LocalFacts

DRAW_FIELDS = (
    "unit_code",
    "county_code",
    "town_code",
    "supervising_unit",
    "plan_id",
    "title",
    "drawn_on",
    "drawn_at",
    "planned_on",
    "seed",
    "algorithm",
    "params",
    "object_pool_sha256",
    "object_pool_size",
    "object_pool_file",
    "officer_pool",
    "officer_pool_sha256",
    "exclusions",
    "result",
    "result_sha256",
    "redraw_of",
    "reason",
    "created_by",
)
_HEX64 = re.compile(r"[0-9a-f]{64}")


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
    store: Store,
    tree: JurisdictionTree,
    request: DrawRequest,
    author: str,
    attachments_dir: Path | None = None,
    today: dt.date | None = None,
    redraw_of: str = "",
    reason: str = "",
) -> str:
    """Draw and record (see the module docstring); returns the draw's id."""
    params = default_parameters()
    today = today or store.clock.today()
    conn = store.conn
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
    officers = pools.officer_pool(conn, tree, officer_filter, request.planned_on)
    seed = os.urandom(32).hex()
    chosen = drawing.choose_objects(seed, pool, request.stratify_by, request.counts)
    previous = {r: _result(get(conn, r)) for r in rounds}
    exclusions = pools.exclusions(
        conn, chosen, officers, officer_filter, today, request.planned_on, previous
    )
    rules = TeamRules(team_size, request.match_unit, tree.city.code, request.max_per_officer)
    units = _units(pool, chosen)
    try:
        result = drawing.assign_teams(seed, chosen, units, officers, exclusions, rules)
    except drawing.NoTeam as exc:
        row = conn.execute("SELECT name FROM enterprise WHERE id = ?", (exc.enterprise,)).fetchone()
        name = row[0] if row else ""
        raise drawing.NoTeam(exc.enterprise, exc.eligible, exc.team_size, name) from None
    text = drawing.pool_text(pool)
    file_sha = pools.save_snapshot(store, attachments_dir, text) if attachments_dir else ""
    record = {
        "unit_code": request.unit_code,
        "plan_id": request.plan_id,
        "title": request.title,
        "drawn_on": today.isoformat(),
        "drawn_at": store.clock.timestamp(),
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
    with UnitOfWork(store, author) as uow:
        facts = LocalFacts(uow.conn)
        checked = check_random_draw({**record, "created_by": author}, facts, today)
        draw_id = common.insert(uow, "random_draw", checked)
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


def redraw(
    store: Store,
    tree: JurisdictionTree,
    draw_id: str,
    reason: str,
    author: str,
    attachments_dir: Path | None = None,
    today: dt.date | None = None,
    planned_on: dt.date | None = None,
) -> str:
    """Draw again with the parameters of ``draw_id`` (the latest of its chain), a new seed and
    a reason; the replaced draw and its tasks stay, the tasks cancelled."""
    original = get(store.conn, draw_id)
    if original is None:
        raise PlanError("not_found", "找不到该抽取记录。", f"No draw {draw_id}.")
    later = store.conn.execute("SELECT id FROM random_draw WHERE redraw_of = ?", (draw_id,))
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
    return run_draw(store, tree, request, author, attachments_dir, today, draw_id, reason)


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


def _units(pool: Sequence[PoolEntry], chosen: Sequence[str]) -> dict[str, str]:
    wanted = set(chosen)
    return {e.id: e.unit for e in pool if e.id in wanted}


def _result(record: Mapping[str, Any] | None) -> list[tuple[str, tuple[str, ...]]]:
    if record is None:
        return []
    return [(str(e), tuple(t)) for e, t in record["result"]]


# -- reading ---------------------------------------------------------------------------------------


def get(conn: sqlite3.Connection, draw_id: str) -> dict[str, Any] | None:
    """The draw record with its JSON fields decoded."""
    columns = ("id", *DRAW_FIELDS, "created_at")
    row = conn.execute(
        f"SELECT {', '.join(columns)} FROM random_draw WHERE id = ?", (draw_id,)
    ).fetchone()
    if row is None:
        return None
    out = dict(zip(columns, row, strict=True))
    for name in ("params", "officer_pool", "exclusions", "result"):
        out[name] = json.loads(out[name])
    return out


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


# -- the wire check (the server runs the same) -----------------------------------------------------


def check_random_draw(data: Mapping[str, Any], facts: Facts, today: dt.date) -> dict[str, Any]:
    c = Collect()
    unit = c.field(
        "unit_code",
        lambda: common.require_unit(
            facts, data.get("unit_code"), "unit_code", ("city", "county", "zone", "park", "town")
        ),
    )
    if unit is not None:
        c.out["unit_code"] = unit["code"]
        c.out.update(common.place_of_unit(facts, unit["code"]))
    c.out["plan_id"] = str(data.get("plan_id") or "")
    if c.out["plan_id"]:
        c.field(
            "plan_id",
            lambda: common.require(facts, "inspection_plan", data["plan_id"], "plan_id")["id"],
        )
    c.field("title", lambda: common.text(data.get("title"), "title", 100))
    drawn = c.field(
        "drawn_on", lambda: common.evidence_day(data.get("drawn_on"), "drawn_on", today)
    )
    c.field("drawn_at", lambda: common.text(data.get("drawn_at"), "drawn_on", 40))
    if drawn:
        first = dt.date.fromisoformat(drawn)
        c.field(
            "planned_on",
            lambda: common.ordered_day(
                data.get("planned_on"), "planned_on", first, common.label("drawn_on")
            ),
        )
    c.field("seed", lambda: _hex(data.get("seed"), "seed"))
    if data.get("algorithm") != ALGORITHM:
        c.add(
            fail(
                "params", "algorithm", f"算法应为{ALGORITHM}", f"the algorithm must be {ALGORITHM}"
            )
        )
    c.out["algorithm"] = ALGORITHM
    params = c.field("params", lambda: _json_text(data.get("params"), "params", dict))
    for name in ("object_pool_sha256", "officer_pool_sha256", "result_sha256"):
        c.field(name, lambda name=name: _hex(data.get(name), "params"))
    c.field(
        "object_pool_size", lambda: common.whole(data.get("object_pool_size"), "params", 0, 10**8)
    )
    c.out["object_pool_file"] = str(data.get("object_pool_file") or "")
    if c.out["object_pool_file"] and not _HEX64.fullmatch(c.out["object_pool_file"]):
        c.add(fail("params", "hash", "对象库快照应为SHA-256", "the snapshot must be a SHA-256"))
    officers = c.field("officer_pool", lambda: _json_text(data.get("officer_pool"), "params", list))
    excl = c.field("exclusions", lambda: _json_text(data.get("exclusions"), "params", dict))
    result = c.field("result", lambda: _json_text(data.get("result"), "result", list))
    c.field("redraw_of", lambda: _redraw(facts, data, drawn))
    c.out["reason"] = str(data.get("reason") or "").strip()
    if c.out.get("redraw_of") and not c.out["reason"]:
        c.add(fail("reason", "required", "重新抽取须说明理由", "a redraw needs a reason"))
    c.field("created_by", lambda: common.text(data.get("created_by"), "created_by", 64))
    if (
        c.ok
        and params is not None
        and officers is not None
        and excl is not None
        and result is not None
    ):
        for problem in _consistent(data, params, officers, excl, result, facts):
            c.add(problem)
    out = c.done()
    return {f: out.get(f) for f in DRAW_FIELDS}


def _hex(value: object, field: str) -> str:
    text = str(value or "")
    if not _HEX64.fullmatch(text):
        raise fail(field, "hash", "应为64位十六进制数", "must be 64 hexadecimal digits")
    return text


def _json_text(value: object, field: str, kind: type) -> str:
    try:
        parsed = json.loads(str(value))
    except ValueError:
        parsed = None
    if not isinstance(parsed, kind):
        raise fail(field, "json", "格式不正确", "is not well formed")
    if drawing.canonical(parsed) != value:
        raise fail(field, "canonical", "应为规范JSON", "must be canonical JSON")
    return str(value)


def _redraw(facts: Facts, data: Mapping[str, Any], drawn: str | None) -> str:
    original_id = str(data.get("redraw_of") or "")
    if not original_id:
        return ""
    original = common.require(facts, "random_draw", original_id, "redraw_of")
    if drawn and drawn < original["drawn_on"]:
        raise fail(
            "drawn_on", "order", "重新抽取不能早于原抽取", "a redraw cannot precede the draw"
        )
    if original["unit_code"] != data.get("unit_code"):
        raise fail("redraw_of", "unit", "只能重新抽取本单位的抽取", "same unit only")
    return original_id


def _consistent(
    data: Mapping[str, Any],
    params_text: str,
    officers_text: str,
    excl_text: str,
    result_text: str,
    facts: Facts,
) -> list[Any]:
    """What a server can check without the object pool: hashes, counts, teams and their
    officers (in the pool, certified on the day, not kept away)."""
    problems = []
    if drawing.sha256(officers_text) != data["officer_pool_sha256"]:
        problems.append(fail("params", "hash", "执法人员库哈希不符", "officer pool hash mismatch"))
    if drawing.sha256(result_text) != data["result_sha256"]:
        problems.append(fail("result", "hash", "抽取结果哈希不符", "result hash mismatch"))
    params = json.loads(params_text)
    result = json.loads(result_text)
    pool = {str(o[0]) for o in json.loads(officers_text)}
    excl = Exclusions.from_json(json.loads(excl_text))
    try:
        wanted = sum(int(v) for v in params["counts"].values())
        team_size = int(params["team"]["team_size"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return [
            *problems,
            fail("params", "json", "缺少抽取数量或检查组人数", "counts or team missing"),
        ]
    if len(result) != wanted or len({str(r[0]) for r in result}) != len(result):
        problems.append(
            fail(
                "result",
                "count",
                f"应抽取{wanted}个不同对象",
                f"must hold {wanted} distinct objects",
            )
        )
    planned = dt.date.fromisoformat(str(data["planned_on"]))
    seen: dict[str, bool] = {}
    for enterprise, team in result:
        if len(set(team)) != len(team) or len(team) < max(team_size, default_rules().min_officers):
            problems.append(
                fail("result", "team", f"{enterprise}的检查组人数不足", "a team is too small")
            )
            break
        kept = excl.enterprises.get(enterprise, frozenset())
        if (
            set(team) - pool
            or set(team) & kept
            or any(frozenset((a, b)) in excl.pairs for a in team for b in team if a < b)
        ):
            problems.append(
                fail(
                    "result",
                    "team",
                    f"{enterprise}的检查组含有不应选派的人员",
                    "a team breaks the pools",
                )
            )
            break
        for officer in team:
            if officer not in seen:
                seen[officer] = tasks.certificate_on(facts, officer, planned) is not None
            if not seen[officer]:
                problems.append(
                    fail(
                        "result",
                        "certificate",
                        f"{officer}在计划检查日没有有效执法证",
                        "uncertified officer",
                    )
                )
                return problems
    return problems


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
            _units(pool, chosen),
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
    attachments_dir: Path | None = None,
) -> Verification:
    """Verify a recorded draw from the store: the pool from its snapshot when it is here, else
    computed again from the data as of the draw; notes say what changed since."""
    record = get(conn, draw_id)
    if record is None:
        return Verification(
            False, f"不一致：找不到抽取记录{draw_id}", f"mismatch: no draw {draw_id}"
        )
    day = dt.date.fromisoformat(record["drawn_on"])
    current = pools.object_pool(
        conn, tree, ObjectFilter.from_json(record["params"]["objects"]), day
    )
    text = pools.load_snapshot(attachments_dir, record["object_pool_file"])
    notes: list[tuple[str, str]] = []
    if text is None:
        pool = current
        notes.append(
            ("对象库快照不在本机，按现有数据重新生成", "no snapshot here: pool computed again")
        )
    else:
        if drawing.sha256(text) != record["object_pool_sha256"]:
            return Verification(
                False, "不一致：对象库快照的哈希与记录不符", "mismatch: snapshot hash"
            )
        pool = drawing.parse_pool(text)
        diff = _pool_difference(pool, current)
        if diff:
            notes.append(diff)
    found = verify_record(record, pool)
    return Verification(found.ok, found.zh, found.en, tuple(notes))


def _pool_difference(
    recorded: Sequence[PoolEntry], now: Sequence[PoolEntry]
) -> tuple[str, str] | None:
    a, b = {e.id: e for e in recorded}, {e.id: e for e in now}
    for ident in sorted(set(a) ^ set(b)):
        where = ("已不在", "no longer in") if ident in a else ("新进入", "now in")
        return (
            f"注意：按现有数据重新生成的对象库已与抽取时不同（{ident}{where[0]}对象库）",
            f"note: the pool computed today differs ({ident} is {where[1]} the pool)",
        )
    return None


# -- command line ----------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m inspector_app.plans.draws")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("verify", help="re-run a recorded draw and compare / 重新计算并核对")
    p.add_argument("draw_id")
    p.add_argument("--db", required=True, type=Path)
    p.add_argument("--attachments", type=Path, default=None)
    args = parser.parse_args(argv)
    from inspector_app.registry import jurisdictions

    store = Store.open(args.db, readonly=True, check=False)
    try:
        attachments_dir = args.attachments or args.db.parent / "attachments"
        found = verify(store.conn, jurisdictions.load(), args.draw_id, attachments_dir)
    finally:
        store.close()
    print(found.zh)
    print(found.en)
    for zh, en in found.notes:
        print(f"{zh} ({en})")
    return 0 if found.ok else 1


if __name__ == "__main__":
    sys.exit(main())
