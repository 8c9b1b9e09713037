"""The screens' queries of the plans area: the board's tree and counts agree with
``progress``; a covert task is counted only for whom may see it; the delegation register and
the check of ``decide``; the campaign groups in the order they were formed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_plans_progress import approved_county_plan
from test_plans_world import CITY, HAINING, TODAY, XUCUN, World, open_world, signed_inspection

from inspector_app.plans import board, campaign_board, letters, plans, progress, registers, tasks
from inspector_app.registry import delegations
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree


@pytest.fixture
def world(tmp_path: Path, tree: JurisdictionTree, registry: Registry) -> Iterator[World]:
    yield from open_world(tmp_path, tree, registry)


def test_the_board_counts_each_plan_as_progress_does(world: World) -> None:
    county = approved_county_plan(world)
    with world.uow() as uow:
        plans.schedule_tasks(uow, world.facts, county, TODAY)
    signed_inspection(world, world.firms["许村重点0"], TODAY)
    later = dt.date(2026, 12, 31)
    conn, tree = world.store.conn, world.tree
    nodes = board.year_board(conn, tree, 2026, later)
    assert [(n.level, n.unit_code, n.status) for n in nodes] == [
        ("city", CITY, "approved"),
        ("county", HAINING, "approved"),
    ]
    counts, _ = progress.plan_progress(conn, tree, county, 2026, later)
    assert nodes[1].counts == counts and (counts.total, counts.done) == (6, 1)
    assert nodes[1].parent_id == nodes[0].id and nodes[1].named == 6
    rows = board.plan_tasks(conn, tree, county, 2026, later)
    assert len(rows) == 6 and [r.status for r in rows].count("done") == 1
    assert all(r.team == "" and not r.drawn for r in rows)
    # the same with the year's tasks given
    found = progress.year_tasks(conn, tree, 2026, later)
    assert board.year_board(conn, tree, 2026, later, None, found) == nodes


def test_a_covert_task_is_counted_only_for_whom_may_see_it(world: World) -> None:
    county = approved_county_plan(world)
    with world.uow() as uow:
        tasks.create_task(
            uow,
            world.facts,
            {
                "plan_id": county,
                "enterprise_id": world.firms["许村一般0"],
                "kind": "covert",
                "covert": 1,
                "due_on": "2026-07-01",
                "officer_ids": ",".join([world.people["海宁甲"], world.people["海宁乙"]]),
            },
            TODAY,
        )
    conn, tree = world.store.conn, world.tree
    outsider = delegations.Actor("township", XUCUN, world.people["许村甲"])
    member = delegations.Actor("county", HAINING, world.people["海宁甲"])
    hidden = {
        n.unit_code: n.counts.total for n in board.year_board(conn, tree, 2026, TODAY, outsider)
    }
    shown = {n.unit_code: n.counts.total for n in board.year_board(conn, tree, 2026, TODAY, member)}
    assert (hidden[HAINING], shown[HAINING]) == (0, 1)
    assert board.plan_tasks(conn, tree, county, 2026, TODAY, outsider) == []


def test_the_register_lists_letters_and_the_check_names_the_letter(world: World) -> None:
    with world.uow() as uow:
        letters.record_letter(
            uow,
            world.facts,
            {
                "number": "海宁应急委〔2026〕3号",
                "kind": "delegation",
                "town_code": XUCUN,
                "authority_code": HAINING,
                "authority_name": "海宁市应急管理局",
                "matters": "penalty_fine",
                "signed_on": "2026-01-05",
                "published_on": "2026-01-08",
                "valid_from": "2026-01-10",
                "valid_to": "2026-12-31",
                "publication_ref": "海宁市人民政府网站",
            },
            TODAY,
        )
    found = registers.register(world.facts, world.tree, TODAY)
    assert len(found.letter_ids) == 1 and found.letters[0][0] == "海宁应急委〔2026〕3号"
    assert found.letters[0][-1] == "有效" and found.roster == []
    ok = registers.check(
        world.facts, world.tree, world.people["许村甲"], "penalty_fine", XUCUN, TODAY
    )
    assert ok.allowed and ok.issuer_name == "海宁市应急管理局"
    no = registers.check(
        world.facts, world.tree, world.people["许村甲"], "penalty_suspension", XUCUN, TODAY
    )
    assert not no.allowed and no.refusal is not None and "海宁应急委〔2026〕3号" in no.refusal.zh


def test_campaign_groups_in_the_order_they_were_formed(world: World) -> None:
    from test_plans_campaigns import campaign, nine_groups, report

    cid = campaign(world)
    groups = nine_groups(world, cid)
    report(world, cid, groups[HAINING], HAINING)
    names = {code: unit.name for code, unit in world.tree.units.items()}
    found = campaign_board.dashboard(world.store.conn, cid, TODAY, names)
    assert [name for name, _f in found.groups] == [f"第{n}督查组" for n in "一二三四五六七八九"]
    assert found.summary[-1][0] == "合计" and found.total.checks == 12
    assert [row[0] for row in found.summary[:2]] == ["第一督查组", "第一督查组"]
