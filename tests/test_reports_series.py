"""The charts' monthly series equal the monthly reports of the same months, on SQLite and on
PostgreSQL."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from test_reports_support import demo_year, postgres_facts, postgres_or_skip

from inspector_app.demo import cases as demo_cases
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.reports import case_facts, monthly, series
from inspector_app.store.database import Store

TODAY = demo_cases.DEFAULT_TODAY  # 2026-11-29


@pytest.fixture(scope="module")
def year(
    tmp_path_factory: pytest.TempPathFactory, tree: JurisdictionTree, registry: Registry
) -> Iterator[Store]:
    store = demo_year(tmp_path_factory.mktemp("series") / "i.sqlite3", tree, registry, 0.1)
    yield store
    store.close()


def test_each_month_equals_its_report(year: Store, tree: JurisdictionTree) -> None:
    run = case_facts.sqlite_run(year.conn)
    months = series.by_month(run, 2026, TODAY)
    assert [m.month for m in months] == list(range(1, 12))
    assert sum(m.filed for m in months) > 0
    for m in months:
        city = monthly.monthly_report(run, tree, 2026, m.month, TODAY).city
        assert m.filed_other == city.month["filed_other"]
        assert m.filed_accident == city.month["filed_accident"]
        assert m.penalties_fen == city.month["penalties"]
    # one county: its own figures
    haining = series.by_month(run, 2026, TODAY, ["330481"])
    report = monthly.monthly_report(run, tree, 2026, 11, TODAY, ["330481"])
    assert haining[-1].filed_other == report.city.month["filed_other"]
    assert sum(m.filed_other for m in haining) < sum(m.filed_other for m in months)


def test_a_past_year_has_twelve_months_and_a_future_one_none(year: Store) -> None:
    run = case_facts.sqlite_run(year.conn)
    last_year = series.by_month(run, 2025, TODAY)
    assert len(last_year) == 12
    assert sum(m.filed for m in last_year[:10]) == 0  # the demo year starts on 2025-11-30
    assert series.by_month(run, 2027, TODAY) == []


def test_the_same_series_on_postgresql(year: Store) -> None:
    postgres_or_skip()
    facts = [
        dict(zip([d[0] for d in cursor.description], row, strict=True))
        for cursor in [year.conn.execute("SELECT * FROM case_fact")]
        for row in cursor
    ]
    local = series.by_month(case_facts.sqlite_run(year.conn), 2026, TODAY)
    with postgres_facts(facts) as run:
        assert [dataclasses.astuple(m) for m in series.by_month(run, 2026, TODAY)] == [
            dataclasses.astuple(m) for m in local
        ]
