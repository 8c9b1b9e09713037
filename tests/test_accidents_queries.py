"""Reading for the screens: the accident and listing registers, the timeline, the figures of
the year."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from accidents_support import World, at, make_world

from inspector_app.accidents import operations, queries
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree


@pytest.fixture
def world(tmp_path: Path, tree: JurisdictionTree, registry: Registry) -> World:
    w = make_world(tmp_path / "inspector.sqlite3", tree, registry)
    yield w
    w.store.close()


def test_the_accident_register_filters(world: World) -> None:
    old = world.record(at(2025, 12, 30), deaths=1).accident_id
    haining = world.record(at(2026, 3, 1), deaths=3).accident_id
    tongxiang = world.record(at(2026, 4, 1), deaths=1, enterprise="textile").accident_id
    road = world.record(
        at(2026, 5, 1), deaths=1, sector="road_traffic", accident_type="车辆伤害"
    ).accident_id
    conn = world.store.conn
    assert [v.id for v in queries.accidents(conn)] == [road, tongxiang, haining, old]
    assert [v.id for v in queries.accidents(conn, year=2026)] == [road, tongxiang, haining]
    assert [v.id for v in queries.accidents(conn, authority_code="330483")] == [tongxiang]
    assert [v.id for v in queries.accidents(conn, sector="road_traffic")] == [road]
    assert [v.id for v in queries.accidents(conn, grade="较大")] == [haining]


def test_the_listing_register(world: World) -> None:
    draft = world.record(at(2026, 9, 1), deaths=2).accident_id
    issued = world.record(at(2026, 9, 2), deaths=1, serious=2, enterprise="textile").accident_id
    world.record(at(2026, 9, 3), deaths=1)  # not listed
    with world.uow() as uow:
        operations.issue_listing(uow, issued, dt.date(2026, 9, 4), tree=world.tree)
    rows = queries.listings(world.store.conn)
    assert {(r.view.id, r.listing.status) for r in rows} == {(draft, "draft"), (issued, "issued")}
    [row] = queries.listings(world.store.conn, status="issued")
    assert row.view.id == issued and row.investigation.due_on == dt.date(2026, 11, 1)
    assert [r.view.id for r in queries.listings(world.store.conn, authority_code="330481")] == [
        draft
    ]


def test_the_accountability_figures_of_a_year(world: World) -> None:
    first = world.record(at(2026, 3, 1), deaths=2).accident_id
    second = world.record(at(2026, 4, 1), deaths=2).accident_id
    with world.uow() as uow:
        for accident_id, name, measure in (
            (first, "甲", "criminal"),
            (first, "乙", "criminal"),
            (first, "丙", "party_discipline"),
            (second, "丁", "criminal"),
        ):
            operations.record_step(
                uow,
                accident_id,
                "accountability",
                dt.date(2026, 6, 1),
                {"name": name, "measure": measure, "detail": "依法处理"},
            )
    figures = queries.accountability(world.store.conn, 2026)
    assert figures == queries.AccountabilityFigures(2, 4, 2, 3)
    assert queries.accountability(world.store.conn, 2025) == queries.AccountabilityFigures(
        0, 0, 0, 0
    )


def test_the_timeline_of_an_accident(world: World) -> None:
    world.record(at(2026, 8, 1), deaths=2)
    accident = world.record(at(2026, 8, 20, 9, 0), deaths=1, reported=at(2026, 8, 20, 9, 40))
    world.supplement(accident.accident_id, at(2026, 8, 21, 16, 0), deaths=2)
    with world.uow() as uow:
        operations.record_step(
            uow, accident.accident_id, "forwarded", at(2026, 8, 20, 11, 0), {"level": "city"}
        )
        operations.record_step(uow, accident.accident_id, "report_submitted", dt.date(2026, 9, 30))
    entries = queries.timeline(world.store.conn, accident.accident_id)
    assert [(e.kind, e.zh) for e in entries] == [
        ("occurred", "发生机械致害事故"),
        ("report", "首报：1人死亡（一般事故）"),
        ("forwarded", "逐级上报"),
        ("report", "补报：2人死亡（一般事故）"),
        ("report_submitted", "提交事故调查报告"),
        ("warning", "警示通报（草稿）"),  # drafted when the supplementary report was recorded
    ]
    assert entries[-1].when.startswith("2026-11-30T10:00")
    assert queries.timeline(world.store.conn, "nothing") == []
