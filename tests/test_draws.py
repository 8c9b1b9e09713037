"""双随机 draws on a store: pools and exclusions, the record, redraws, verification (also from
the command line), tasks, publication."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_plans_world import HAINING, TODAY, XUCUN, World, enterprise, open_world, signed_inspection

from helpers import ROOT, run_python
from inspector_app.cases.workdays import add_working_days, default_calendar
from inspector_app.inspections import hazards, inspections
from inspector_app.inspections import team as inspection_team
from inspector_app.plans import draw_checks, draws, publication, tasks, verification
from inspector_app.plans.common import PlanError
from inspector_app.plans.draws import DrawRequest
from inspector_app.plans.pools import ObjectFilter
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import RecordInvalid, ValidationError
from inspector_app.store import conversion, dbapi
from inspector_app.store.keyfile import KeyFile
from inspector_app.store.paths import AppPaths

PLANNED = dt.date(2026, 6, 22)


@pytest.fixture
def world(tmp_path: Path, tree: JurisdictionTree, registry: Registry) -> Iterator[World]:
    yield from open_world(tmp_path, tree, registry)


def request(count: int, **changes: Any) -> DrawRequest:
    return DrawRequest.standard(
        HAINING, "海宁市2026年第二季度双随机抽查", PLANNED, count, **changes
    )


def run(w: World, req: DrawRequest, attachments: Path | None = None) -> str:
    with w.uow("海宁甲") as uow:
        return draws.run_draw(uow, w.tree, req, attachments, TODAY)


def redraw(w: World, draw_id: str, reason: str, author: str = "海宁甲") -> str:
    with w.uow(author) as uow:
        return draws.redraw(uow, w.tree, draw_id, reason, None, TODAY)


def haining_firms(w: World) -> set[str]:
    return {v for k, v in w.firms.items() if k.startswith(("许村", "长安", "海洲"))}


# -- the draw and its record -----------------------------------------------------------------------


def test_a_draw_is_recorded_with_seed_pools_and_result(world: World, tmp_path: Path) -> None:
    draw_id = run(world, request(5), tmp_path / "attachments")
    record = draws.get(world.store.conn, draw_id)
    assert record is not None
    assert len(record["seed"]) == 64 and record["algorithm"] == "fi-draw-1"
    assert record["object_pool_size"] == len(haining_firms(world))
    assert len(record["object_pool_file"]) == 64
    chosen = [e for e, _ in record["result"]]
    assert len(chosen) == 5 == len(set(chosen)) and set(chosen) <= haining_firms(world)
    county_officers = {world.people[n] for n in ("海宁甲", "海宁乙", "海宁丙", "海宁丁", "园区甲")}
    for _, team in record["result"]:
        assert len(team) == 2 == len(set(team)) and set(team) <= county_officers
    assert {o for o, _ in record["officer_pool"]} == county_officers  # not the expired one
    assert record["params"]["objects"]["exclude_inspected_days"] == 90


def test_seeds_differ_and_are_never_given(world: World) -> None:
    first = draws.get(world.store.conn, run(world, request(3)))
    second = draws.get(world.store.conn, run(world, request(3)))
    assert first is not None and second is not None and first["seed"] != second["seed"]
    assert "seed" not in DrawRequest.__dataclass_fields__


def test_a_draw_verifies_and_cannot_be_changed(world: World) -> None:
    draw_id = run(world, request(4))
    found = verification.verify(world.store.conn, world.tree, draw_id)
    assert found.ok and found.zh.startswith("一致")
    with pytest.raises(sqlite3.IntegrityError, match="a random draw cannot be changed"):
        with world.store.transaction() as conn:
            conn.execute("UPDATE random_draw SET seed = ? WHERE id = ?", ("0" * 64, draw_id))
    with pytest.raises(sqlite3.IntegrityError, match="a random draw cannot be deleted"):
        with world.store.transaction() as conn:
            conn.execute("DELETE FROM random_draw WHERE id = ?", (draw_id,))


def test_the_snapshot_keeps_the_draw_verifiable_after_the_registry_changed(
    world: World, tmp_path: Path
) -> None:
    attachments = tmp_path / "attachments"
    draw_id = run(world, request(4), attachments)
    with world.uow() as uow:
        enterprise(uow, world.registry, "许村新开机械厂", HAINING, XUCUN)
    with_snapshot = verification.verify(world.store.conn, world.tree, draw_id, attachments)
    assert with_snapshot.ok
    assert any("新进入对象库" in zh for zh, _ in with_snapshot.notes)
    without = verification.verify(world.store.conn, world.tree, draw_id, None)
    assert not without.ok
    assert without.zh == (
        f"不一致：对象库（{len(haining_firms(world)) + 1}家）的哈希与记录"
        f"（{len(haining_firms(world))}家）不符"
    )


def test_verify_from_the_command_line(world: World, tmp_path: Path) -> None:
    attachments = tmp_path / "attachments"
    draw_id = run(world, request(4), attachments)
    world.store.close()
    db = Path(world.store.path)
    ok = run_python(
        "-m",
        "inspector_app.plans.draws",
        "verify",
        draw_id,
        "--db",
        str(db),
        "--attachments",
        str(attachments),
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("一致")
    # someone edits the evidence behind the app's back (the trigger dropped first)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("DROP TRIGGER random_draw_kept_update")
        result = json.loads(
            conn.execute("SELECT result FROM random_draw WHERE id = ?", (draw_id,)).fetchone()[0]
        )
        result[0][1] = list(reversed(result[0][1]))
        conn.execute(
            "UPDATE random_draw SET result = ? WHERE id = ?", (json.dumps(result), draw_id)
        )
    conn.close()
    bad = run_python(
        "-m",
        "inspector_app.plans.draws",
        "verify",
        draw_id,
        "--db",
        str(db),
        "--attachments",
        str(attachments),
    )
    assert bad.returncode == 1
    assert bad.stdout.startswith(f"不一致：第1个对象{result[0][0]}的检查组：重新计算为")
    missing = run_python("-m", "inspector_app.plans.draws", "verify", "nothing", "--db", str(db))
    assert missing.returncode == 1 and "找不到抽取记录nothing" in missing.stdout
    world.store = type(world.store).open(db)  # the fixture closes it again


def test_an_encrypted_store_is_verified_with_its_password(world: World, tmp_path: Path) -> None:
    """The command-line tools open an encrypted store with the officer's password (typed, or
    one line of standard input), the pool snapshot read through its sealed file."""
    folder = tmp_path / "base" / "attachments"
    draw_id = run(world, request(4), folder)
    world.store.close()
    paths = AppPaths.create(tmp_path / "base")
    shutil.copyfile(world.store.path, paths.database)
    key = KeyFile(paths.key_file, paths.key_backup).create("the password")
    conversion.convert(paths, key)
    assert dbapi.is_encrypted(paths.database)

    def tool(*args: str, password: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", *args, "--db", str(paths.database), "--password-stdin"],
            input=password + "\n",
            cwd=ROOT,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
            capture_output=True,
            text=True,
            timeout=120,
        )

    ok = tool("inspector_app.plans.draws", "verify", draw_id, password="the password")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("一致")
    wrong = tool("inspector_app.plans.draws", "verify", draw_id, password="not it at all")
    assert wrong.returncode == 2 and "密码不正确" in wrong.stderr
    progress = tool("inspector_app.plans", "progress", "--year", "2026", password="the password")
    assert progress.returncode == 0, progress.stderr
    assert "本年度尚未检查的重点监管企业" in progress.stdout
    world.store = type(world.store).open(world.store.path)  # the fixture closes it again


# -- pools and exclusions --------------------------------------------------------------------------


def test_recently_inspected_penalised_and_named_enterprises_stay_out(world: World) -> None:
    recent = world.firms["许村一般0"]
    old = world.firms["许村一般1"]
    signed_inspection(world, recent, TODAY - dt.timedelta(days=30))
    signed_inspection(world, old, TODAY - dt.timedelta(days=120))
    record = draws.get(world.store.conn, run(world, request(len(haining_firms(world)) - 1)))
    assert record is not None
    chosen = {e for e, _ in record["result"]}
    assert recent not in chosen and old in chosen
    with pytest.raises(PlanError) as caught:
        run(world, request(len(haining_firms(world))))
    assert caught.value.code == "pool_too_small"
    size = len(haining_firms(world))
    assert caught.value.zh == f"对象库只有{size - 1}家，少于要抽取的{size}家。"


def test_filters_by_industry_risk_and_key_flag(world: World) -> None:
    objects = ObjectFilter(units=(HAINING,), industries=("危化",), key_supervised=True)
    record = draws.get(world.store.conn, run(world, request(2, objects=objects)))
    assert record is not None
    assert {e for e, _ in record["result"]} == {world.firms["长安重点0"], world.firms["长安重点1"]}
    assert record["object_pool_size"] == 2


def test_recused_and_avoiding_officers_are_never_drawn_for_the_enterprise(world: World) -> None:
    firm = world.firms["许村一般2"]
    with world.uow() as uow:
        inspection_team.record_recusal(
            uow, world.people["海宁甲"], firm, "party", "亲属", "局长", TODAY
        )
        tasks.declare_avoidance(
            uow,
            world.facts,
            {
                "officer_id": world.people["海宁乙"],
                "enterprise_id": firm,
                "relation": "kinship",
                "reason": "配偶任职",
                "declared_on": TODAY,
            },
            TODAY,
        )
    objects = ObjectFilter(
        units=(HAINING,), industries=("机械",), risk_levels=("general",), key_supervised=False
    )
    first = run(world, request(7, objects=objects, create_tasks=False))
    chain = [first]
    for n in range(4):  # redraws share the first draw's previous rounds: none
        chain.append(redraw(world, chain[-1], f"第{n}次", "x"))
    for draw_id in chain:
        record = draws.get(world.store.conn, draw_id)
        assert record is not None
        team = dict((e, t) for e, t in record["result"])[firm]
        assert world.people["海宁甲"] not in team and world.people["海宁乙"] not in team
        kept = set(record["exclusions"]["enterprises"][firm])
        assert kept >= {world.people["海宁甲"], world.people["海宁乙"]}


def test_officers_who_may_not_serve_together_are_kept_apart(world: World) -> None:
    with world.uow() as uow:
        tasks.declare_avoidance(
            uow,
            world.facts,
            {
                "officer_id": world.people["海宁甲"],
                "other_officer_id": world.people["海宁乙"],
                "relation": "pair",
                "reason": "夫妻",
                "declared_on": TODAY,
            },
            TODAY,
        )
    record = draws.get(world.store.conn, run(world, request(10, create_tasks=False)))
    assert record is not None
    pair = {world.people["海宁甲"], world.people["海宁乙"]}
    assert all(not pair <= set(team) for _, team in record["result"])


def test_no_officer_meets_the_same_enterprise_in_consecutive_rounds(world: World) -> None:
    size = len(haining_firms(world))
    first = draws.get(world.store.conn, run(world, request(size, create_tasks=False)))
    second = draws.get(world.store.conn, run(world, request(size, create_tasks=False)))
    assert first is not None and second is not None
    assert second["params"]["officers"]["rounds"] == [first["id"]]
    before = {e: set(t) for e, t in first["result"]}
    for firm, team in second["result"]:
        assert not set(team) & before[firm]


def test_a_draw_without_enough_officers_is_refused(world: World) -> None:
    objects = ObjectFilter(units=(HAINING,), industries=("危化",))
    with pytest.raises(PlanError) as caught:
        run(world, request(1, objects=objects, team_size=6))
    assert caught.value.code == "no_team"
    assert "没有足够的可选执法人员组成6人检查组（可选5人" in caught.value.zh
    assert "“长安重点化工" in caught.value.zh
    with pytest.raises(PlanError) as caught:
        run(world, request(1, team_size=1))
    assert caught.value.zh.startswith("检查组至少2人")


def test_the_planned_day_cannot_precede_the_draw(world: World) -> None:
    with pytest.raises(Exception) as caught:
        run(world, DrawRequest.standard(HAINING, "x", TODAY - dt.timedelta(days=1), 1))
    assert "不能早于抽取日期" in str(caught.value)


# -- tasks, redraws --------------------------------------------------------------------------------


def test_a_draw_makes_its_tasks_with_the_drawn_teams(world: World) -> None:
    draw_id = run(world, request(3))
    made = world.facts.find("plan_task", {"source_id": draw_id})
    record = draws.get(world.store.conn, draw_id)
    assert record is not None
    assert {(t["enterprise_id"], t["officer_ids"]) for t in made} == {
        (e, ",".join(team)) for e, team in record["result"]
    }
    assert all(t["kind"] == "random" and t["due_on"] == PLANNED.isoformat() for t in made)
    with pytest.raises(PlanError) as caught, world.uow() as uow:
        tasks.assign_team(
            uow, world.facts, made[0]["id"], [world.people["海宁丙"], world.people["海宁丁"]], TODAY
        )
    assert caught.value.code == "drawn_team" and "不能人工调整" in caught.value.zh


def test_a_redraw_is_a_new_draw_with_a_reason(world: World) -> None:
    first = run(world, request(3))
    with pytest.raises(ValidationError) as caught:
        redraw(world, first, " ")
    assert caught.value.zh == "理由：重新抽取须说明理由"
    second = redraw(world, first, "抽中单位已停产")
    record = draws.get(world.store.conn, second)
    assert (
        record is not None and record["redraw_of"] == first and record["reason"] == "抽中单位已停产"
    )
    assert draws.chain(world.store.conn, first) == [first, second]
    old_tasks = world.facts.find("plan_task", {"source_id": first})
    assert all(
        t["cancelled_on"] == TODAY.isoformat() and "重新抽取" in t["cancel_reason"]
        for t in old_tasks
    )
    assert len(world.facts.find("plan_task", {"source_id": second})) == 3
    with pytest.raises(PlanError) as caught:
        redraw(world, first, "再抽")
    assert caught.value.code == "superseded"
    assert verification.verify(world.store.conn, world.tree, first).ok
    assert verification.verify(world.store.conn, world.tree, second).ok


def test_covert_draw_makes_covert_tasks_seen_by_few(world: World) -> None:
    from inspector_app.registry.delegations import Actor

    draw_id = run(world, request(2, covert=True))
    made = world.facts.find("plan_task", {"source_id": draw_id})
    assert all(t["covert"] == 1 and t["kind"] == "covert" for t in made)
    task = made[0]
    member = task["officer_ids"].split(",")[0]
    assert tasks.may_see(task, Actor("county", HAINING, member), world.tree)
    others = [
        n
        for n in ("海宁甲", "海宁乙", "海宁丙", "海宁丁")
        if world.people[n] not in task["officer_ids"]
    ]
    assert not tasks.may_see(task, Actor("county", HAINING, world.people[others[0]]), world.tree)
    assert tasks.may_see(task, Actor("approver", HAINING, world.people["海宁负责人"]), world.tree)
    assert not tasks.may_see(task, Actor("approver", "330402", ""), world.tree)  # another county
    assert tasks.may_see(task, Actor("city", "330400", ""), world.tree)
    assert not tasks.may_see(task, Actor("township", XUCUN, world.people["许村甲"]), world.tree)
    assert tasks.may_see(
        {**task, "covert": 0, "kind": "random"}, Actor("township", XUCUN, ""), world.tree
    )


# -- the server's check ----------------------------------------------------------------------------


def test_the_wire_check_refuses_a_forged_result(world: World) -> None:
    draw_id = run(world, request(3))
    row = world.facts.get("random_draw", draw_id)
    assert row is not None
    data = {k: row[k] for k in draw_checks.DRAW_FIELDS}
    assert draw_checks.check_random_draw(data, world.facts, TODAY) == data
    forged = json.loads(data["result"])
    forged[0][1] = [world.people["海宁过期"], forged[0][1][1]]
    text = json.dumps(forged, ensure_ascii=False, separators=(",", ":"))
    with pytest.raises(RecordInvalid) as caught:
        draw_checks.check_random_draw({**data, "result": text}, world.facts, TODAY)
    assert {e.zh for e in caught.value.errors} >= {"抽取结果：抽取结果哈希不符"}
    with pytest.raises(RecordInvalid) as caught:
        draw_checks.check_random_draw({**data, "drawn_on": "2026-06-16"}, world.facts, TODAY)
    assert "抽取日期：不能晚于今天（2026-06-15）" in {e.zh for e in caught.value.errors}


# -- publication -----------------------------------------------------------------------------------


def test_the_lists_to_publish(world: World) -> None:
    draw_id = run(world, request(2))
    record = draws.get(world.store.conn, draw_id)
    assert record is not None
    rows = publication.draw_rows(world.store.conn, draw_id)
    assert len(rows[0]) == len(publication.DRAW_HEADERS)
    assert rows[0][0] == 1 and rows[0][3] == "海宁市" and rows[0][5] == PLANNED.isoformat()
    calendar = default_calendar()
    pending = publication.results_rows(world.store.conn, draw_id, calendar, TODAY)
    assert [r[6] for r in pending] == ["未检查", "未检查"]
    firm = record["result"][0][0]
    inspection_id = signed_inspection_with_hazard(world, firm, PLANNED)
    deadline = add_working_days(calendar, PLANNED, 20)
    rows = publication.results_rows(world.store.conn, draw_id, calendar, PLANNED)
    assert rows[0][3:] == [
        PLANNED.isoformat(),
        "发现隐患1项，已责令整改",
        deadline.isoformat(),
        "待公示",
    ]
    late = publication.results_rows(
        world.store.conn, draw_id, calendar, deadline + dt.timedelta(days=1)
    )
    assert late[0][6] == "逾期未公示"
    with pytest.raises(RecordInvalid) as caught, world.uow() as uow:
        publication.record_publication(
            uow,
            world.facts,
            {
                "draw_id": draw_id,
                "kind": "results",
                "published_on": "2026-06-14",
                "channel": "网站",
            },
            PLANNED,
        )
    assert "不能早于抽取日期（2026-06-15）" in caught.value.errors[0].zh
    with world.uow() as uow:
        publication.record_publication(
            uow,
            world.facts,
            {
                "draw_id": draw_id,
                "kind": "results",
                "published_on": PLANNED,
                "channel": "国家企业信用信息公示系统",
            },
            PLANNED,
        )
    assert publication.results_rows(world.store.conn, draw_id, calendar, PLANNED)[0][6] == "已公示"
    assert inspection_id


def signed_inspection_with_hazard(w: World, firm: str, day: dt.date) -> str:
    from test_plans_world import TZ

    from helpers import on_day

    with on_day(w.store, day), w.uow() as uow:  # the inspection is made that day
        inspection_id = inspections.start(
            uow,
            w.tree,
            firm,
            [w.people["海宁丙"], w.people["海宁丁"]],
            "random",
            [],
            started_at=dt.datetime(day.year, day.month, day.day, 10, tzinfo=TZ),
        )
        hazards.add(uow, inspection_id, {"description": "安全出口堵塞"})
    with w.store.transaction() as conn:
        conn.execute("UPDATE inspection SET status = 'signed' WHERE id = ?", (inspection_id,))
    return inspection_id
