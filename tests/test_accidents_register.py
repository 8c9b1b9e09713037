"""The accident screens' reading: the register's reporting status and listing per accident,
and the accident page's detail (deadlines, investigation, listing, the Art. 114 range)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from accidents_support import World, at, make_world

from inspector_app.accidents import operations, queries, report_checks, warnings
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree


@pytest.fixture
def world(tmp_path: Path, tree: JurisdictionTree, registry: Registry) -> Iterator[World]:
    w = make_world(tmp_path / "inspector.sqlite3", tree, registry)
    yield w
    w.store.close()


def test_the_register_tells_how_the_reports_up_the_chain_stand(world: World) -> None:
    # a general accident reported to the county in 30 minutes: the city is due 2 hours later
    general = world.record(at(2026, 11, 2, 9), deaths=1).accident_id
    # reported to the county after 2 hours: late
    late = world.record(
        at(2026, 11, 3, 9), deaths=1, reported=at(2026, 11, 3, 11), enterprise="textile"
    ).accident_id
    conn = world.store.conn
    rows = {r.view.id: r for r in queries.register(conn, at(2026, 11, 2, 10))}
    assert rows[general].reporting == "pending"
    rows = {r.view.id: r for r in queries.register(conn, at(2026, 11, 3, 11, 30))}
    assert rows[late].reporting == "late"  # the city's 2 hours are still running
    rows = {r.view.id: r for r in queries.register(conn, at(2026, 11, 30, 10))}
    assert rows[general].reporting == "overdue"  # never forwarded to the city
    assert rows[late].reporting == "overdue"
    with world.uow() as uow:
        operations.record_step(
            uow, general, "forwarded", at(2026, 11, 2, 10), {"level": "city", "by": "值班员"}
        )
    rows = {r.view.id: r for r in queries.register(conn, at(2026, 11, 30, 10))}
    assert rows[general].reporting == "on_time"
    assert rows[general].listing.status == "none"
    assert [r.view.id for r in queries.register(conn, at(2026, 11, 30), year=2025)] == []


def test_the_detail_of_a_listed_accident(world: World) -> None:
    accident = world.record(at(2026, 9, 1), deaths=2, loss=Decimal("1500000")).accident_id
    found = queries.detail(world.store.conn, accident)
    assert found is not None
    assert found.view.grade == "一般" and found.listing.status == "draft"
    assert found.investigation.due_on == dt.date(2026, 10, 31)
    assert found.supplementary_until.date() == dt.date(2026, 10, 1)
    assert found.fines is not None and found.fines_refused == ""
    assert (found.fines.unit.min, found.fines.unit.max) == (
        Decimal(300_000),
        Decimal(1_000_000),
    )
    assert [e.kind for e in found.timeline] == ["occurred", "report"]
    assert queries.detail(world.store.conn, "no-such-accident") is None


def test_an_accident_before_the_2021_law_has_no_article_114_range(world: World) -> None:
    world.clock.moment = at(2026, 11, 30)
    accident = world.record(at(2021, 8, 1), deaths=1, accident_type="机械伤害").accident_id
    found = queries.detail(world.store.conn, accident)
    assert found is not None and found.fines is None
    assert "施行之前" in found.fines_refused


def test_the_warning_notice_register(world: World) -> None:
    world.record(at(2026, 8, 1), deaths=2)
    draft = world.record(at(2026, 9, 2), deaths=3).warnings_opened[0]
    [row] = queries.warning_notices(world.store.conn)
    assert row.notice["id"] == draft and row.notice["status"] == "draft" and row.blocked is None
    assert queries.warning_notices(world.store.conn, year=2025) == []
    with world.uow() as uow:
        warnings.withdraw(uow, draft, "已另行通报")
    [row] = queries.warning_notices(world.store.conn, year=2026)
    assert row.notice["status"] == "withdrawn" and row.blocked is None


def test_a_quarter_of_report_checks(world: World) -> None:
    accident = world.record(at(2026, 7, 1), deaths=1).accident_id
    with world.uow() as uow:
        operations.record_step(uow, accident, "report_submitted", dt.date(2026, 8, 20))
        operations.record_step(
            uow, accident, "report_approved", dt.date(2026, 9, 1), {"body": "海宁市人民政府"}
        )
    before = queries.quarter_checks(world.store.conn, "2026Q3")
    assert before.round is None and [r["accident_id"] for r in before.rows] == [accident]
    assert before.unchecked == 1
    with world.uow() as uow:
        round_id = report_checks.start_round(uow, "2026Q3", tree=world.tree)
        report_checks.record_check(
            uow,
            round_id,
            accident,
            checked_on=dt.date(2026, 10, 10),
            officer_ids=[world.officer],
            defects=[{"code": "C1", "note": "直接原因缺少鉴定结论"}],
        )
    after = queries.quarter_checks(world.store.conn, "2026Q3")
    assert after.round is not None and after.round["id"] == round_id and after.unchecked == 0
    assert [d["code"] for d in after.rows[0]["defects"]] == ["C1"]
    assert queries.quarter_checks(world.store.conn, "2026Q2").rows == []
