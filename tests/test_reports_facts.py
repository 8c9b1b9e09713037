"""The case-fact projection: what ``facts_of`` makes of a case, the deadlines as as-of facts,
the same rows from local rows and from wire records, and keeping the table current."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from test_reports_support import Cases, WireFacts, demo_year, sqlite_facts

from inspector_app.cases import cases, deadlines, procedure
from inspector_app.cases.cases import StepInput
from inspector_app.cases.workdays import default_calendar
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.reports import case_facts
from inspector_app.reports.case_facts import facts_of
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store

CAL = default_calendar()


@pytest.fixture(scope="module")
def year(
    tmp_path_factory: pytest.TempPathFactory, tree: JurisdictionTree, registry: Registry
) -> Iterator[Store]:
    store = demo_year(tmp_path_factory.mktemp("facts") / "i.sqlite3", tree, registry, 0.1)
    yield store
    store.close()


def kinds(rows: list[dict[str, Any]]) -> Counter[str]:
    return Counter(r["kind"] for r in rows)


def test_a_decided_paid_closed_case(tree: JurisdictionTree) -> None:
    made = Cases()
    case_id = made.simple(
        "330402", "2026-03-02", "2026-03-20", "12345.67", paid="2026-03-25", closed="2026-03-30"
    )
    made.step(case_id, "hearing_requested", "2026-03-10")
    rows = facts_of(made.records[case_id], made.steps[case_id], tree)
    assert set(r["kind"] for r in rows) >= {
        "filed",
        "decided",
        "paid",
        "closed",
        "hearing_requested",
    }
    by_kind = {r["kind"]: r for r in rows}
    assert by_kind["filed"]["fact_date"] == "2026-03-02"
    assert by_kind["decided"]["fact_date"] == "2026-03-20"
    assert by_kind["decided"]["amount_fen"] == 1234567
    assert by_kind["paid"]["amount_fen"] == 1234567
    assert all(r["accident"] == 0 and r["unit_code"] == "330402" for r in rows)
    assert all(r["case_id"] == case_id for r in rows)
    assert set(rows[0]) == set(case_facts.COLUMNS)


def test_a_park_reports_under_its_county_and_town_is_kept(tree: JurisdictionTree) -> None:
    park = tree.parks_of("330481")[0]
    town = tree.towns_of("330481")[0]
    made = Cases()
    case_id = made.simple(park.code, "2026-03-02", county="330481", town=town.code)
    rows = facts_of(made.records[case_id], made.steps[case_id], tree)
    assert {r["unit_code"] for r in rows} == {"330481"}
    assert {r["town_code"] for r in rows} == {town.code}


def test_transfers_detention_and_confiscation(tree: JurisdictionTree) -> None:
    made = Cases()
    police = made.simple("330411", "2026-04-01", "2026-04-20", "20000.00")
    made.step(police, "transfer_proposed", "2026-04-05", to="police")
    made.step(police, "transfer_approved", "2026-04-05")
    made.step(police, "transferred", "2026-04-06", organ="公安局")
    made.step(police, "transfer_accepted", "2026-04-07")
    made.step(police, "transfer_outcome", "2026-04-10", detention_days=5, person="王五")
    accident = made.open("330411", source="accident", party_kind="person", party_name="李四")
    made.filed(accident, "2026-05-01")
    made.step(accident, "transfer_proposed", "2026-05-02", to="judiciary")
    made.step(accident, "transfer_approved", "2026-05-02")
    made.step(accident, "transferred", "2026-05-03", organ="公安局")
    confiscating = made.open("330411")
    made.filed(confiscating, "2026-05-01")
    made.decided(confiscating, "2026-05-20", "50000.00", confiscated="8000.50")
    rows = made.facts(tree)
    by_case = {cid: kinds([r for r in rows if r["case_id"] == cid]) for cid in made.records}
    assert by_case[police]["transferred_police"] == 1
    assert by_case[police]["detention"] == 1
    assert by_case[police]["transferred_judiciary"] == 0
    assert by_case[accident]["transferred_judiciary"] == 1
    judiciary = next(r for r in rows if r["kind"] == "transferred_judiciary")
    assert judiciary["accident"] == 1
    assert judiciary["ref"] == case_facts.accident_key(made.records[accident])
    confiscation = next(r for r in rows if r["kind"] == "confiscation")
    assert confiscation["amount_fen"] == 800050
    assert confiscation["fact_date"] == "2026-05-20"


def test_an_accident_is_known_by_its_record_else_by_enterprise_and_day() -> None:
    assert case_facts.accident_key({"source_id": "acc-9", "enterprise_id": "e"}) == "acc-9"
    assert (
        case_facts.accident_key(
            {"source_id": "", "enterprise_id": "e", "violation_on": "2026-01-02"}
        )
        == "e|2026-01-02"
    )


def test_amounts_are_whole_fen_and_never_floats() -> None:
    assert case_facts.fen("38440000.00") == 3_844_000_000
    assert case_facts.fen(Decimal("0.005")) == 1
    assert case_facts.fen(None) == 0
    with pytest.raises(TypeError):
        case_facts.fen(12.5)
    with pytest.raises(ValueError, match="not an amount"):
        case_facts.fen("abc")


def as_of_overdue(record: Mapping[str, Any], steps: list[cases.Step], on: dt.date) -> Counter[str]:
    """What ``deadlines.deadlines`` itself says on ``on`` from the steps recorded up to then."""
    known = [s for s in steps if s.occurred_on <= on]
    state = cases.derive(known)
    out: Counter[str] = Counter()
    for deadline in deadlines.deadlines(record, state, on, CAL):
        kind = case_facts.deadline_kind(deadline.what)
        if kind is not None and deadline.overdue and known:
            out[kind.duty] += 1
    return out


def projected_overdue(rows: list[dict[str, Any]], on: dt.date) -> Counter[str]:
    d = on.isoformat()
    out: Counter[str] = Counter()
    for r in rows:
        if r["kind"] != "deadline":
            continue
        if (
            r["start_date"] <= d
            and r["fact_date"] < d
            and (r["done_date"] is None or r["done_date"] > d)
        ):
            out[case_facts.DEADLINE_KINDS[r["ref"]].duty] += 1
    return out


def test_deadline_rows_say_what_cases_deadlines_says_on_any_day(tree: JurisdictionTree) -> None:
    made = Cases()
    slow = made.simple("330402", "2026-01-05")  # never decided: the 90 days run out
    late = made.simple("330402", "2026-01-05", "2026-02-02", "3000.00")
    made.step(late, "payment", "2026-04-01", amount="3000.00")  # due 15 days after delivery
    undelivered = made.open("330402")
    made.filed(undelivered, "2026-02-01")
    made.decided(undelivered, "2026-02-10", "2000.00")  # never delivered: 7 working days
    preserved = made.open("330402")
    made.filed(preserved, "2026-03-02")
    made.step(preserved, "preservation", "2026-03-03")
    made.step(preserved, "preservation", "2026-03-03")
    made.step(preserved, "preservation_decided", "2026-03-20")
    seen: Counter[str] = Counter()
    for case_id in made.records:
        rows = facts_of(made.records[case_id], made.steps[case_id], tree)
        for n in range(0, 200, 3):
            on = dt.date(2026, 1, 1) + dt.timedelta(days=n)
            expected = as_of_overdue(made.records[case_id], made.steps[case_id], on)
            assert projected_overdue(rows, on) == expected, (case_id, on)
            seen.update(expected)
    assert seen["office"] > 0 and seen["payment"] > 0  # the comparison saw overdue limits
    refs = {r["ref"] for r in made.facts(tree) if r["kind"] == "deadline"}
    # (the limitation ran for no whole day: filing was approved on the day it was asked)
    assert refs == {"decision", "delivery", "payment", "preservation"}
    slow_rows = facts_of(made.records[slow], made.steps[slow], tree)
    decision = next(r for r in slow_rows if r["ref"] == "decision")
    assert decision["fact_date"] == "2026-04-05" and decision["done_date"] is None


def test_the_partys_own_periods_are_never_overdue(tree: JurisdictionTree) -> None:
    made = Cases()
    case_id = made.open("330402")
    made.filed(case_id, "2026-01-05")
    made.step(case_id, "notice_delivered", "2026-01-10", amount="60000", hearing_right=True)
    rows = facts_of(made.records[case_id], made.steps[case_id], tree)
    refs = {r["ref"] for r in rows if r["kind"] == "deadline"}
    assert "decision" in refs and refs <= {"limitation", "decision"}
    assert case_facts.deadline_kind("陈述申辩期限") is None
    assert case_facts.deadline_kind("听证申请期限（第六十四条）") is None
    assert case_facts.deadline_kind("第2期缴款期限（分期缴纳，第六十六条）").code == "instalment"  # type: ignore[union-attr]
    assert case_facts.deadline_kind("某个新期限") is case_facts.OTHER_DEADLINE


def test_every_limit_the_demo_year_meets_is_known(year: Store, tree: JurisdictionTree) -> None:
    """deadlines.deadlines names its limits in Chinese only: a new one must be classified here."""
    conn = year.conn
    seen: set[str] = set()
    for (case_id,) in conn.execute("SELECT id FROM penalty_case"):
        record = cases.get(conn, case_id)
        assert record is not None
        steps = cases.steps(conn, case_id)
        for n in range(1, len(steps) + 1):
            state = cases.derive(steps[:n])
            seen.update(
                d.what for d in deadlines.deadlines(record, state, steps[n - 1].occurred_on, CAL)
            )
    assert seen
    assert not [w for w in seen if case_facts.deadline_kind(w) is case_facts.OTHER_DEADLINE]


def test_the_same_rows_from_local_rows_and_from_wire_records(
    year: Store, tree: JurisdictionTree
) -> None:
    """The server has the wire fields only (no device times, data as JSON text)."""
    conn = year.conn
    wire = WireFacts(conn)
    ids = [r[0] for r in conn.execute("SELECT id FROM penalty_case ORDER BY id LIMIT 60")]
    for case_id in ids:
        from_wire = case_facts.facts_for(wire, case_id, tree)
        stored = [
            dict(zip(case_facts.COLUMNS, r, strict=True))
            for r in conn.execute(
                f"SELECT {', '.join(case_facts.COLUMNS)} FROM case_fact WHERE case_id = ? "
                "ORDER BY kind, seq",
                (case_id,),
            )
        ]
        assert from_wire == sorted(stored, key=lambda r: (r["kind"], r["seq"]))
        assert from_wire


def test_step_of_reads_data_as_text_or_as_object() -> None:
    record = {
        "id": "s1",
        "case_id": "c1",
        "kind": "payment",
        "occurred_on": "2026-01-02",
        "officer_ids": "a,b",
        "approved_by": "",
        "data": json.dumps({"amount": "1.00"}),
        "created_by": "x",
        "created_at": "2026-01-02T08:00:00+08:00",
    }
    as_text = case_facts.step_of(record)
    as_object = case_facts.step_of({**record, "data": {"amount": "1.00"}})
    assert as_text == as_object
    assert as_text.officer_ids == ("a", "b") and as_text.created_at == ""


def test_rebuild_replaces_one_cases_rows_only(tree: JurisdictionTree) -> None:
    made = Cases()
    first = made.simple("330402", "2026-01-05", "2026-01-20")
    second = made.simple("330411", "2026-01-06")
    conn = sqlite_facts(made.facts(tree))
    run = case_facts.sqlite_run(conn)
    made.step(first, "payment", "2026-01-25", amount="10000.00")
    case_facts.rebuild(run, first, facts_of(made.records[first], made.steps[first], tree))
    counts = dict(conn.execute("SELECT case_id, count(*) FROM case_fact GROUP BY 1").fetchall())
    assert counts[first] == len(facts_of(made.records[first], made.steps[first], tree))
    assert counts[second] == len(facts_of(made.records[second], made.steps[second], tree))
    assert conn.execute("SELECT count(*) FROM case_fact WHERE kind = 'paid'").fetchone()[0] == 1
    with pytest.raises(ValueError, match="given for"):
        case_facts.rebuild(run, second, facts_of(made.records[first], made.steps[first], tree))


def test_a_step_written_through_a_unit_of_work_refreshes_its_case(
    tmp_path: Path, tree: JurisdictionTree, registry: Registry
) -> None:
    """The local hook: the cases a unit of work touched are rebuilt in its transaction."""
    store = demo_year(tmp_path / "i.sqlite3", tree, registry, 0.02)
    conn = store.conn
    unpaid = conn.execute(
        "SELECT c.id FROM penalty_case c WHERE EXISTS (SELECT 1 FROM case_step s WHERE "
        "s.case_id = c.id AND s.kind = 'decision_delivered') AND NOT EXISTS (SELECT 1 FROM "
        "case_step s WHERE s.case_id = c.id AND s.kind IN ('payment', 'closure_approved')) "
        "ORDER BY c.id LIMIT 1"
    ).fetchone()[0]
    state = cases.state(conn, unpaid)
    assert state.fine is not None and state.delivered_on is not None
    paid_on = state.delivered_on + dt.timedelta(days=3)
    before = conn.execute(
        "SELECT count(*) FROM case_fact WHERE case_id = ? AND kind = 'paid'", (unpaid,)
    ).fetchone()[0]
    with UnitOfWork(store, "officer") as uow:
        procedure.add_step(
            uow, unpaid, StepInput("payment", paid_on, data={"amount": str(state.fine)}), CAL
        )
        touched = case_facts.cases_changed(uow.conn, uow.changes)
        case_facts.refresh_local(uow.conn, touched, tree)
    assert touched == {unpaid}
    paid = conn.execute(
        "SELECT fact_date, amount_fen FROM case_fact WHERE case_id = ? AND kind = 'paid'",
        (unpaid,),
    ).fetchall()
    assert before == 0 and paid == [(paid_on.isoformat(), case_facts.fen(state.fine))]
    payment = conn.execute(
        "SELECT done_date FROM case_fact WHERE case_id = ? AND kind = 'deadline' "
        "AND ref = 'payment'",
        (unpaid,),
    ).fetchone()
    assert payment == (paid_on.isoformat(),)
    store.close()


def test_projection_version_follows_the_rules() -> None:
    base = case_facts.projection_version()
    assert base == case_facts.projection_version()
    changed = dataclasses.replace(cases.default_rules(), decision_limit_days=60)
    assert case_facts.projection_version(rules=changed) != base


def test_a_full_rebuild_gives_each_cases_rows(year: Store, tree: JurisdictionTree) -> None:
    conn = year.conn
    total = conn.execute("SELECT count(*) FROM case_fact").fetchone()[0]
    expected = 0
    for (case_id,) in conn.execute("SELECT id FROM penalty_case"):
        expected += len(case_facts.facts_for(case_facts.LocalFacts(conn), case_id, tree))
    assert total == expected > 0
    filed = conn.execute("SELECT count(*) FROM case_fact WHERE kind = 'filed'").fetchone()[0]
    approvals = conn.execute(
        "SELECT count(*) FROM case_step WHERE kind = 'filing_approved'"
    ).fetchone()[0]
    assert filed == approvals
