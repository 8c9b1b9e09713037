"""Accident fines: Art. 114 (unit) and Art. 95 (principal person) ranges from the accident's
grade, through the article catalogue, into a penalty case."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from accidents_support import World, at, make_world

from inspector_app.accidents import fines
from inspector_app.cases import articles, cases, procedure
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import ValidationError


@pytest.fixture
def world(tmp_path: Path, tree: JurisdictionTree, registry: Registry) -> World:
    w = make_world(tmp_path / "inspector.sqlite3", tree, registry)
    yield w
    w.store.close()


@pytest.mark.parametrize(
    ("deaths", "grade", "unit", "aggravated", "share"),
    [
        (1, "一般", ("300000", "1000000"), ("600000", "5000000"), "0.40"),
        (3, "较大", ("1000000", "2000000"), ("2000000", "10000000"), "0.60"),
        (10, "重大", ("2000000", "10000000"), ("4000000", "50000000"), "0.80"),
        (30, "特别重大", ("10000000", "20000000"), ("20000000", "100000000"), "1"),
    ],
)
def test_ranges_by_grade(
    world: World,
    deaths: int,
    grade: str,
    unit: tuple[str, str],
    aggravated: tuple[str, str],
    share: str,
) -> None:
    view = world.record(at(2026, 9, 3), deaths=deaths).view
    found = fines.fine_ranges(view, income=Decimal("250000"))
    assert found.grade == grade
    assert (found.unit.min, found.unit.max) == tuple(Decimal(v) for v in unit)
    assert (found.unit_aggravated.min, found.unit_aggravated.max) == tuple(
        Decimal(v) for v in aggravated
    )
    assert found.principal is not None
    expected = (Decimal("250000") * Decimal(share)).quantize(Decimal("0.01"))
    assert found.principal.min == found.principal.max == expected
    assert found.unit.basis.startswith("《安全生产法》第一百一十四条")


def test_a_supplementary_report_moves_the_range(world: World) -> None:
    accident = world.record(at(2026, 9, 3), deaths=2)
    assert fines.fine_ranges(accident.view).unit.max == Decimal("1000000")
    later = world.supplement(accident.accident_id, at(2026, 9, 10), deaths=3)
    found = fines.fine_ranges_for(world.facts, accident.accident_id)
    assert later.view.grade == "较大" and found.unit.min == Decimal("1000000")
    assert found.principal is None


def test_the_2021_law_applies_to_accidents_from_its_day(world: World) -> None:
    assert fines.fine_ranges(world.record(at(2021, 9, 1, 0, 10), deaths=1).view).grade == "一般"
    before = world.record(at(2021, 8, 31, 23, 0), deaths=1).view
    with pytest.raises(ValidationError) as caught:
        fines.fine_ranges(before)
    assert caught.value.zh == (
        "事故发生时间：事故发生在安全生产法（2021）施行之前，"
        "应适用事故发生时的规定（《行政处罚法》第三十七条）"
    )


def test_the_case_checks_its_fine_against_the_accident_grade(world: World) -> None:
    view = world.record(at(2026, 9, 3), deaths=2).view
    found = fines.fine_ranges(view)
    check = cases.fine_checker(articles.default_catalogue())
    case = {"article_id": found.unit_article, "subject": "unit", "party_kind": "unit"}
    check(Decimal("800000"), case, found.unit_case())
    check(Decimal("3000000"), case, found.unit_case(aggravated=True))
    with pytest.raises(ValidationError) as caught:
        check(Decimal("1200000"), case, found.unit_case())
    assert caught.value.zh.startswith(
        "罚款金额超出法定幅度：依据《安全生产法》第一百一十四条，发生一般事故的，"
        "对单位处三十万元以上一百万元以下的罚款"
    )
    principal = {"article_id": found.principal_article, "subject": "principal"}
    principal["party_kind"] = "person"
    check(Decimal("48000"), principal, found.principal_case(Decimal("120000")))
    with pytest.raises(ValidationError):
        check(Decimal("50000"), principal, found.principal_case(Decimal("120000")))


def test_an_accident_opens_a_penalty_case(world: World) -> None:
    view = world.record(at(2026, 9, 3), deaths=2).view
    values = fines.case_values(view)
    assert values["violation_on"] == "2026-09-03" and values["article_id"] == "AQ2021-114"
    with world.uow() as uow:
        case_id = procedure.open_case(uow, world.tree, values)
    case = cases.get(world.store.conn, case_id)
    assert case is not None
    assert case["source"] == "accident" and case["source_id"] == view.id
    assert case["party_name"] == "海宁精工机械有限公司" and case["county_code"] == "330481"
    assert case["subject"] == "unit"
    principal = fines.case_values(view, "principal")
    assert principal["party_kind"] == "person" and principal["article_id"] == "AQ2021-95"
