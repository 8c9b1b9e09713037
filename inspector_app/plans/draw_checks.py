"""The wire check of a draw record: what the server can check of a pushed draw without its
object pool — shape, dates, canonical JSON, hashes, counts, and every team against the recorded
officer pool and exclusions and the officers' certificates on the planned day. With the pool
snapshot, ``verification.verify_record`` re-runs the whole draw."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import sqlite3
from collections.abc import Mapping
from typing import Any

from inspector_app.inspections.rules import default_rules
from inspector_app.plans import common, drawing, tasks
from inspector_app.plans.common import Collect, fail
from inspector_app.plans.drawing import ALGORITHM, Exclusions
from inspector_app.store.facts import Facts

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
        c.field(name, functools.partial(_hex, data.get(name), "params"))
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
