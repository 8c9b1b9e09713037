"""Issue 10 item 9: 安全生产法 Art. 92 (assessment, certification, testing and inspection
agencies) in the penalty catalogue with its ranges; the checklist item of Art. 99 (六) no wider
than the article; Art. 113 (一) counts the penalties the enterprise *received*."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from case_support import Case
from inspection_support import World, make_world

from inspector_app.cases import articles, repeat
from inspector_app.inspections import checklists, findings
from inspector_app.registry import officers
from inspector_app.store.changelog import UnitOfWork


def test_article_92_ranges_are_in_the_catalogue() -> None:
    """Art. 92 ¶1: a false report, suspension of business and 30,000–100,000 yuan; ¶2: leased
    qualification, affiliation or a fabricated report, the gains confiscated and 2–5 times the
    gains from 100,000 yuan on, else 100,000–200,000; the persons 50,000–100,000."""
    catalogue = articles.default_catalogue()
    false_report = catalogue.get("AQ2021-92-1")
    assert "失实报告" in false_report.violation and false_report.verified
    one = articles.statutory_range(false_report, "unit", "first")
    assert (one.min, one.max) == (Decimal(30000), Decimal(100000))
    fabricated = catalogue.get("AQ2021-92-2")
    assert "虚假报告" in fabricated.violation and "第九十二条第二款" in fabricated.cite
    gains = articles.statutory_range(fabricated, "unit", "first", gains=Decimal(200000))
    assert (gains.min, gains.max) == (Decimal(400000), Decimal(1000000))
    small = articles.statutory_range(fabricated, "unit", "first", gains=Decimal(50000))
    assert (small.min, small.max) == (Decimal(100000), Decimal(200000))
    people = articles.statutory_range(fabricated, "responsible_person", "first")
    assert (people.min, people.max) == (Decimal(50000), Decimal(100000))
    assert not false_report.daily_fine  # Art. 112 is for an enterprise ordered to correct


def test_the_article_99_6_item_covers_what_the_article_covers() -> None:
    """Art. 99 (六): the containers and vehicles of dangerous goods, and the offshore oil and
    underground mine special equipment — not every special equipment (the Special Equipment
    Safety Law covers the rest)."""
    item = checklists.load_catalogue().get("GEN-99-6")
    assert "运输工具" in item.text and "海洋石油开采特种设备和矿山井下特种设备" in item.text
    assert "危险性较大的特种设备" not in item.text.replace("危险性较大的海洋石油", "")
    assert "特种设备安全法" in item.note
    finding = findings.finding_of(item.text)
    assert finding.startswith("危险物品的容器、运输工具") and "未经具有专业资质的机构" in finding


@pytest.fixture
def world(store, registry, tmp_path: Path) -> World:  # type: ignore[no-untyped-def]
    return make_world(store, registry, tmp_path)


@pytest.fixture
def approver(world: World) -> str:
    with UnitOfWork(world.store, "tester") as uow:
        return officers.create(uow, "冯局长", "330481", "approver")


def penalised(world: World, approver: str, act: str, delivered: dt.date | None) -> None:
    """A case of the enterprise decided on ``delivered`` (delivered then, or never)."""
    case = Case(world, approver, violation_on=act)
    case.step("filing_requested", dt.date(2026, 12, 1))
    case.step("filing_approved", dt.date(2026, 12, 1))
    case.step("notice_delivered", dt.date(2026, 12, 1), amount="20000")
    case.step("rights_waived", dt.date(2026, 12, 1))
    case.step("decision", dt.date(2026, 12, 2), amount="20000")
    if delivered is not None:
        case.step("decision_delivered", delivered)


def test_article_113_counts_the_penalties_received(world: World, approver: str) -> None:
    """Art. 113 (一): three penalties *received* in 180 days (or four in a year) — a decision
    counts once it reached the party, not when it was made, and not an escalation."""
    for n, delivered in enumerate(
        (dt.date(2026, 12, 2), dt.date(2026, 12, 3), None, dt.date(2026, 12, 4))
    ):
        penalised(world, approver, f"2026-11-{10 + n}", delivered)
    conn = world.store.conn
    counts = repeat.closure_counts(conn, world.enterprise, dt.date(2026, 12, 4))
    assert counts == ((180, 3, 3), (365, 4, 3))  # the undelivered decision does not count
    assert repeat.closure_counts(conn, world.enterprise, dt.date(2026, 12, 3))[0][2] == 2
    later = dt.date(2026, 12, 4) + dt.timedelta(days=181)
    assert repeat.closure_counts(conn, world.enterprise, later)[0][2] == 0
