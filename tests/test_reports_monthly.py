"""The monthly penalty report and the year summary: reconciled with the records, year on year
with zero and with falls, ranking ties, and the same figures on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from test_reports_support import (
    Cases,
    demo_year,
    postgres_facts,
    postgres_or_skip,
    sqlite_facts,
)

from inspector_app.demo import cases as demo_cases
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.reports import case_facts, monthly, summary
from inspector_app.reports.monthly import Change, Period, ReportError, competition_ranks
from inspector_app.reports.summary import Totals, sentence
from inspector_app.store.database import Store

TODAY = demo_cases.DEFAULT_TODAY  # 2026-11-29: the demo year runs from 2025-11-30


@pytest.fixture(scope="module")
def year(
    tmp_path_factory: pytest.TempPathFactory, tree: JurisdictionTree, registry: Registry
) -> Iterator[Store]:
    """The demo year at the seed's rate (2,903 non-accident cases, 38.44 million yuan)."""
    store = demo_year(tmp_path_factory.mktemp("monthly") / "i.sqlite3", tree, registry, 1.0)
    yield store
    store.close()


def direct_counts(
    store: Store, tree: JurisdictionTree, first: str, last: str
) -> dict[str, Counter[str]]:
    """The figures counted straight from penalty_case and case_step, per county-level unit."""
    out: dict[str, Counter[str]] = {}
    proposals = {
        case_id: json.loads(data).get("to")
        for case_id, data in store.conn.execute(
            "SELECT case_id, data FROM case_step WHERE kind = 'transfer_proposed'"
        )
    }
    rows = store.conn.execute(
        "SELECT c.id, c.supervising_unit, c.source, s.kind, s.data FROM case_step s "
        "JOIN penalty_case c ON c.id = s.case_id WHERE s.occurred_on BETWEEN ? AND ?",
        (first, last),
    )
    for case_id, supervising, source, kind, data in rows:
        unit = tree.reporting_unit(supervising).code
        counts = out.setdefault(unit, Counter())
        values = json.loads(data)
        if kind == "filing_approved":
            counts["filed_accident" if source == "accident" else "filed_other"] += 1
        elif kind == "decision":
            counts["decided"] += 1
            counts["fines"] += int(Decimal(values["amount"]) * 100)
        elif kind == "payment":
            counts["collected"] += int(Decimal(values["amount"]) * 100)
        elif kind == "transfer_outcome" and "detention_days" in values:
            counts["detentions"] += 1
        elif kind == "transferred":
            judiciary = proposals[case_id] == "judiciary"
            counts["criminal_transfers" if judiciary else "police_transfers"] += 1
        elif kind == "closure_approved":
            counts["closures"] += 1
        elif kind == "hearing_requested":
            counts["hearing_requests"] += 1
    return out


CHECKED = (
    "filed_other",
    "filed_accident",
    "decided",
    "fines",
    "collected",
    "detentions",
    "criminal_transfers",
    "police_transfers",
    "closures",
    "hearing_requests",
)


@pytest.mark.parametrize(("month", "today"), [(3, TODAY), (6, TODAY), (11, TODAY), (12, TODAY)])
def test_the_report_reconciles_with_the_records(
    year: Store, tree: JurisdictionTree, month: int, today: dt.date
) -> None:
    report_year = 2025 if month == 12 else 2026
    run = case_facts.sqlite_run(year.conn)
    report = monthly.monthly_report(run, tree, report_year, month, today)
    month_counts = direct_counts(
        year, tree, report.month_period.first.isoformat(), report.month_period.last.isoformat()
    )
    ytd_counts = direct_counts(
        year, tree, report.ytd_period.first.isoformat(), report.ytd_period.last.isoformat()
    )
    assert [u.code for u in report.units] == [u.code for u in tree.reporting_units()]
    for unit in report.units:
        for figure in CHECKED:
            assert unit.month[figure] == month_counts.get(unit.code, Counter())[figure], figure
            assert unit.ytd[figure] == ytd_counts.get(unit.code, Counter())[figure], figure
        assert unit.ytd["penalties"] == unit.ytd["fines"] + unit.ytd["confiscations"]
    for figure in CHECKED:
        assert report.city.ytd[figure] == sum(c[figure] for c in ytd_counts.values())
    assert report.city.ytd["filed_other"] > 0


def test_a_running_month_stops_today_and_last_year_on_the_same_day(
    year: Store, tree: JurisdictionTree
) -> None:
    report = monthly.monthly_report(case_facts.sqlite_run(year.conn), tree, 2026, 11, TODAY)
    assert report.month_period == Period(dt.date(2026, 11, 1), TODAY)
    assert report.as_of == TODAY
    assert report.ytd_period.year_before() == Period(dt.date(2025, 1, 1), dt.date(2025, 11, 29))
    # the demo year begins on 2025-11-30: nothing a year earlier, so every change is "—"
    assert report.city.change("filed_other").zh == "—"
    assert report.city.change("filed_other", "month").zh == "—"


def test_the_year_summary_reconciles_with_the_demo_totals(
    year: Store, tree: JurisdictionTree
) -> None:
    first, last = demo_cases.year_window(TODAY)
    totals = demo_cases.yearly_totals(year.conn, TODAY)
    made = summary.year_summary(case_facts.sqlite_run(year.conn), tree, Period(first, last), TODAY)
    assert made.totals.filed_other == totals["cases"]
    assert made.totals.filed_accident == totals["accident_cases"]
    assert made.totals.fines_fen == int(totals["fines"] * 100)
    assert made.totals.detentions == totals["detentions"]
    assert made.totals.criminal_transfers == totals["criminal_transfers"]
    accidents = year.conn.execute(
        "SELECT count(DISTINCT c.enterprise_id || c.violation_on) FROM penalty_case c "
        "JOIN case_step s ON s.case_id = c.id WHERE c.source = 'accident' "
        "AND s.kind = 'transferred' AND s.occurred_on BETWEEN ? AND ?",
        (first.isoformat(), last.isoformat()),
    ).fetchone()[0]
    wan = (totals["fines"] / 10_000).quantize(Decimal(1), ROUND_HALF_UP)
    assert made.zh == (
        f"2025年11月30日至2026年11月29日，嘉兴市共立案查处安全生产非事故类案件{totals['cases']}起，"
        f"罚没款{wan}万元，行政拘留{totals['detentions']}人，"
        f"对{accidents}起生产安全事故的{totals['criminal_transfers']}名相关责任人予以追究刑事责任。"
    )
    # the seed's figures, at the demo's rate
    assert abs(totals["cases"] - 2_903) <= 30 and accidents == 15


def test_a_calendar_year_gives_the_seeds_sentence(
    tmp_path: Path, tree: JurisdictionTree, registry: Registry
) -> None:
    year_end = dt.date(2025, 12, 31)
    store = demo_year(tmp_path / "i.sqlite3", tree, registry, 0.1, today=year_end)
    totals = demo_cases.yearly_totals(store.conn, year_end)
    made = summary.year_summary(
        case_facts.sqlite_run(store.conn),
        tree,
        Period(dt.date(2025, 1, 1), year_end),
        dt.date(2026, 1, 5),
        province_ranks=(2, 1),
    )
    store.close()
    wan = Decimal(made.totals.penalties_fen) / 1_000_000
    assert made.zh.startswith(
        f"2025年，嘉兴市共立案查处安全生产非事故类案件{totals['cases']}起，"
        f"罚没款{wan.quantize(Decimal(1), ROUND_HALF_UP)}万元（列全省第二与第一），"
        f"行政拘留{totals['detentions']}人，"
    )
    assert made.zh.endswith("名相关责任人予以追究刑事责任。")


def two_years(tree: JurisdictionTree) -> Cases:
    """March 2025 against March 2026 in four units: a fall, a rise from nothing, a threefold
    rise, and no change; and money that rises in one unit."""
    made = Cases()
    for on in ("2025-03-03", "2025-03-10"):
        made.simple("330402", on, "2025-03-20", "10000.00")
    made.simple("330402", "2026-03-04", "2026-03-20", "40000.00")
    for on in ("2026-03-02", "2026-03-05", "2026-03-09"):
        made.simple("330411", on)
    made.simple("330421", "2025-03-05")
    for on in ("2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"):
        made.simple("330421", on)
    for on in ("2025-03-02", "2025-03-03", "2026-03-02", "2026-03-03"):
        made.simple("330424", on)
    made.simple("330402", "2025-03-20")  # after the 15th: outside a report made on 2026-03-15
    return made


def test_year_on_year_with_zero_falls_and_rises(tree: JurisdictionTree) -> None:
    conn = sqlite_facts(two_years(tree).facts(tree))
    report = monthly.monthly_report(
        case_facts.sqlite_run(conn), tree, 2026, 3, dt.date(2026, 12, 1)
    )
    units = {u.code: u for u in report.units}
    assert units["330402"].change("filed_other", "month").zh == "下降66.7%"
    assert units["330402"].change("filed_other", "month").pct == Decimal("-66.7")
    assert units["330402"].change("penalties", "month").zh == "上升100%"
    assert units["330411"].change("filed_other", "month").zh == "—"
    assert units["330411"].change("filed_other", "month").pct is None
    assert units["330421"].change("filed_other", "month").zh == "上升300%"
    assert units["330424"].change("filed_other", "month").zh == "持平"
    assert units["330402"].change("filed_other", "month").en == "down 66.7%"
    assert report.city.month["filed_other"] == 1 + 3 + 4 + 2
    assert report.city.month_before["filed_other"] == 3 + 1 + 2


def test_a_report_made_mid_month_compares_the_same_days(tree: JurisdictionTree) -> None:
    conn = sqlite_facts(two_years(tree).facts(tree))
    report = monthly.monthly_report(
        case_facts.sqlite_run(conn), tree, 2026, 3, dt.date(2026, 3, 15)
    )
    units = {u.code: u for u in report.units}
    assert report.month_period.last == dt.date(2026, 3, 15)
    assert units["330402"].month_before["filed_other"] == 2  # not the case of 2025-03-20
    assert units["330402"].change("filed_other", "month").zh == "下降50%"


def test_29_february_compares_with_28_february() -> None:
    assert monthly.year_before(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)
    assert Period(dt.date(2028, 2, 1), dt.date(2028, 2, 29)).year_before().last == dt.date(
        2027, 2, 28
    )


def test_change_texts() -> None:
    assert Change(0, 0).zh == "—"
    assert Change(5, 0).zh == "—" and Change(5, 0).en == "—"
    assert Change(4, 1).zh == "上升300%"
    assert Change(1, 8).zh == "下降87.5%"
    assert Change(2, 3).zh == "下降33.3%"
    assert Change(3, 3).zh == "持平" and Change(3, 3).en == "unchanged"
    assert Change(0, 7).zh == "下降100%"


def test_ranks_share_places_and_skip() -> None:
    assert competition_ranks({"a": 5, "b": 5, "c": 3}) == {"a": 1, "b": 1, "c": 3}
    assert competition_ranks({"a": 1, "b": 9, "c": 9, "d": 0, "e": 0}) == {
        "a": 3,
        "b": 1,
        "c": 1,
        "d": 4,
        "e": 4,
    }


def test_the_report_ranks_units_with_ties(tree: JurisdictionTree) -> None:
    made = Cases()
    for unit, n in (("330402", 3), ("330411", 3), ("330421", 1), ("330424", 2)):
        for k in range(n):
            made.simple(unit, f"2026-02-0{k + 2}", f"2026-02-2{k}", "5000.00")
    conn = sqlite_facts(made.facts(tree))
    report = monthly.monthly_report(case_facts.sqlite_run(conn), tree, 2026, 2, dt.date(2026, 3, 1))
    ranks = {u.code: u.ranks["filed_other"] for u in report.units}
    assert ranks["330402"] == ranks["330411"] == 1
    assert ranks["330424"] == 3 and ranks["330421"] == 4
    zeros = [u.code for u in report.units if u.ytd["filed_other"] == 0]
    assert len(zeros) == 5 and {ranks[z] for z in zeros} == {5}
    assert report.city.ranks == {}


def test_the_citys_own_cases_have_a_row_not_a_rank(tree: JurisdictionTree) -> None:
    made = Cases()
    made.simple("330400", "2026-02-03", county="330402")
    made.simple("330402", "2026-02-04")
    conn = sqlite_facts(made.facts(tree))
    report = monthly.monthly_report(case_facts.sqlite_run(conn), tree, 2026, 2, dt.date(2026, 3, 1))
    own = report.units[-1]
    assert (own.code, own.name, own.ranks) == ("330400", "嘉兴市本级", {})
    assert len(report.units) == 10 and report.city.month["filed_other"] == 2
    assert {u.code: u.ranks["filed_other"] for u in report.units[:-1]}["330402"] == 1


def test_a_scope_reports_its_units_and_their_total(tree: JurisdictionTree) -> None:
    conn = sqlite_facts(two_years(tree).facts(tree))
    run = case_facts.sqlite_run(conn)
    report = monthly.monthly_report(run, tree, 2026, 3, dt.date(2026, 4, 1), ["330402", "330421"])
    assert [u.code for u in report.units] == ["330402", "330421"]
    assert report.city.name == "合计"
    assert report.city.month["filed_other"] == 1 + 4
    assert (
        monthly.monthly_report(run, tree, 2026, 3, dt.date(2026, 4, 1), []).city.month[
            "filed_other"
        ]
        == 0
    )


def test_overdue_steps_are_counted_on_the_reports_day(tree: JurisdictionTree) -> None:
    made = Cases()
    made.simple("330402", "2025-01-06")  # never decided: overdue from 2025-04-07
    made.simple("330402", "2026-01-05")  # overdue from 2026-04-06
    unpaid = made.simple("330411", "2026-01-05", "2026-02-02", "3000.00")  # due 2026-02-17
    made.step(unpaid, "payment", "2026-06-10", amount="3000.00")
    conn = sqlite_facts(made.facts(tree))
    run = case_facts.sqlite_run(conn)
    april = monthly.monthly_report(run, tree, 2026, 4, dt.date(2026, 12, 1))
    units = {u.code: u for u in april.units}
    assert units["330402"].as_of["overdue_steps"] == 2
    assert units["330402"].as_of_before["overdue_steps"] == 1  # on 2025-04-30
    assert units["330411"].as_of["overdue_payments"] == 1
    assert april.city.change("overdue_steps").zh == "上升100%"
    july = monthly.monthly_report(run, tree, 2026, 7, dt.date(2026, 12, 1))
    assert {u.code: u for u in july.units}["330411"].as_of["overdue_payments"] == 0


def test_a_month_not_yet_begun_is_refused(tree: JurisdictionTree) -> None:
    run = case_facts.sqlite_run(sqlite_facts([]))
    with pytest.raises(ReportError) as caught:
        monthly.monthly_report(run, tree, 2026, 12, dt.date(2026, 11, 29))
    assert caught.value.code == "future"
    assert "尚未到来" in caught.value.zh and "has not begun" in caught.value.en
    with pytest.raises(ReportError) as bad:
        monthly.monthly_report(run, tree, 2026, 13, dt.date(2026, 11, 29))
    assert bad.value.code == "month" and "1至12" in bad.value.zh


def test_a_summary_ending_after_today_is_refused(tree: JurisdictionTree) -> None:
    run = case_facts.sqlite_run(sqlite_facts([]))
    with pytest.raises(ReportError) as caught:
        summary.year_summary(run, tree, Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31)), TODAY)
    assert caught.value.code == "future" and "不能晚于今天" in caught.value.zh
    with pytest.raises(ReportError) as reversed_:
        summary.year_summary(run, tree, Period(dt.date(2026, 5, 1), dt.date(2026, 4, 1)), TODAY)
    assert reversed_.value.code == "order"


SEED_LAST_YEAR = Totals(filed_other=726, penalties_fen=854_222_200)
SEED_YEAR = Totals(
    filed_other=2903,
    penalties_fen=3_844_000_000,
    detentions=288,
    criminal_transfers=30,
    criminal_from_accidents=30,
    accidents=15,
)


def test_the_sentence_in_the_seeds_form() -> None:
    assert sentence("2018年", "嘉兴市", SEED_YEAR, SEED_LAST_YEAR, (2, 1)) == (
        "2018年，嘉兴市共立案查处安全生产非事故类案件2903起，罚没款3844万元（同比分别上升300%、"
        "350%，列全省第二与第一），行政拘留288人，对15起生产安全事故的30名相关责任人予以追究刑事责任。"
    )


def test_the_sentence_with_falls_zeros_and_what_is_not_known() -> None:
    fell = sentence(
        "2019年",
        "嘉兴市",
        Totals(filed_other=2903, penalties_fen=1_000_000_000),
        Totals(filed_other=800, penalties_fen=3_844_000_000),
    )
    assert "（同比分别上升263%、下降74%）" in fell
    only_cases = sentence("2019年", "嘉兴市", SEED_YEAR, Totals(filed_other=2903))
    assert "（立案数同比持平）" in only_cases
    nothing_before = sentence("2019年", "嘉兴市", SEED_YEAR, Totals())
    assert "同比" not in nothing_before and "（" not in nothing_before
    same_rank = sentence("2019年", "嘉兴市", SEED_YEAR, Totals(), (1, 1))
    assert "（均列全省第一）" in same_rank
    quiet = sentence("2019年", "嘉兴市", Totals(filed_other=3, penalties_fen=150_000), Totals())
    assert quiet == "2019年，嘉兴市共立案查处安全生产非事故类案件3起，罚没款0.15万元。"
    others = Totals(filed_other=1, criminal_transfers=3, criminal_from_accidents=2, accidents=1)
    assert sentence("2019年", "嘉兴市", others, Totals()).endswith(
        "对1起生产安全事故的2名相关责任人予以追究刑事责任，移送司法机关追究刑事责任1人。"
    )
    both_flat = sentence("2019年", "嘉兴市", SEED_YEAR, SEED_YEAR)
    assert "（同比均持平）" in both_flat


def test_money_and_period_labels() -> None:
    assert summary.wan_text(3_844_000_000) == "3844"
    assert summary.wan_text(3_844_600_000) == "3845"
    assert summary.wan_text(195_000_000) == "195"
    assert summary.wan_text(1_955_000) == "1.96"
    assert summary.wan_text(0) == "0"
    assert summary.period_label(Period(dt.date(2018, 1, 1), dt.date(2018, 12, 31))) == "2018年"
    assert summary.period_label(Period(dt.date(2026, 1, 1), dt.date(2026, 11, 30))) == (
        "2026年1月至11月"
    )
    assert summary.period_label(Period(dt.date(2025, 12, 1), dt.date(2026, 11, 30))) == (
        "2025年12月至2026年11月"
    )
    assert summary.period_label(Period(dt.date(2026, 1, 1), dt.date(2026, 11, 29))) == (
        "2026年1月1日至11月29日"
    )


def test_the_same_report_on_sqlite_and_postgresql(year: Store, tree: JurisdictionTree) -> None:
    postgres_or_skip()
    rows = [
        dict(zip(case_facts.COLUMNS, r, strict=True))
        for r in year.conn.execute(f"SELECT {', '.join(case_facts.COLUMNS)} FROM case_fact")
    ]
    extra = two_years(tree).facts(tree)
    local = sqlite_facts(rows + extra)
    with postgres_facts(rows + extra) as server:
        for y, m, today in ((2026, 3, TODAY), (2026, 11, TODAY), (2025, 12, TODAY)):
            on_laptop = monthly.monthly_report(case_facts.sqlite_run(local), tree, y, m, today)
            on_server = monthly.monthly_report(server, tree, y, m, today)
            assert on_laptop == on_server
            assert on_server.city.ytd["filed_other"] > 0
        scoped = ["330402", "Z330401"]
        assert monthly.monthly_report(server, tree, 2026, 6, TODAY, scoped) == (
            monthly.monthly_report(case_facts.sqlite_run(local), tree, 2026, 6, TODAY, scoped)
        )
        period = Period(*demo_cases.year_window(TODAY))
        assert summary.year_summary(server, tree, period, TODAY) == summary.year_summary(
            case_facts.sqlite_run(local), tree, period, TODAY
        )


def test_figures_are_counted_once_per_fact(tree: JurisdictionTree) -> None:
    made = Cases()
    made.simple("330402", "2026-01-05", "2026-01-20", "1000.00", paid="2026-01-25")
    rows: list[dict[str, Any]] = made.facts(tree)
    report = monthly.monthly_report(
        case_facts.sqlite_run(sqlite_facts(rows)), tree, 2026, 1, dt.date(2026, 2, 1)
    )
    assert report.city.month["decided"] == 1
    assert report.city.month["fines"] == 100_000
    assert report.city.month["collected"] == 100_000
    assert monthly.yuan(report.city.month["fines"]) == Decimal("1000.00")
    assert monthly.wan(report.city.month["fines"]) == Decimal("0.10")
