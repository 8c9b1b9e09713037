"""The demo year of penalty cases: the seed city's totals, histories the guards accept,
determinism, and one install only."""

from __future__ import annotations

import datetime as dt
import random
import re
import time
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from helpers import copy_store, new_store
from inspector_app.cases import articles, cases, procedure
from inspector_app.cases.cases import StepInput
from inspector_app.cases.workdays import default_calendar
from inspector_app.demo import cases as demo_cases
from inspector_app.demo import generator as demo
from inspector_app.registry import officers
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import validate_id_number
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store

REGISTRY_SCALE = 0.01  # ~4,900 entries: enough parties for a full-scale year of cases
TODAY = demo_cases.DEFAULT_TODAY
CAL = default_calendar()
AMOUNT = re.compile(r"^\d+\.\d{2}$")


@pytest.fixture(scope="module")
def base(
    tmp_path_factory: pytest.TempPathFactory, tree: JurisdictionTree, registry: Registry
) -> Path:
    """The demo registry and officers without any case (as ``demo.install`` loads them)."""
    path = tmp_path_factory.mktemp("cases-base") / "inspector.sqlite3"
    store = new_store(path, tree)
    registry.load_snapshot(store, demo.registry_rows(tree, 2018, REGISTRY_SCALE))
    officers.load_snapshot(store, demo.officers(tree, 2018))
    store.close()
    return path


@pytest.fixture(scope="module")
def year(
    tmp_path_factory: pytest.TempPathFactory, base: Path, tree: JurisdictionTree
) -> Iterator[tuple[Store, int, float, list[tuple[str, int, int]]]]:
    """A full-scale year of cases (scale 1.0) on the small demo registry."""
    store = Store.open(copy_store(base, tmp_path_factory.mktemp("cases-year") / "i.sqlite3"))
    reported: list[tuple[str, int, int]] = []
    started = time.perf_counter()
    added = demo_cases.install_cases(
        store, tree, seed=2018, scale=1.0, progress=lambda *a: reported.append(a)
    )
    yield store, added, time.perf_counter() - started, reported
    store.close()


def near(value: Decimal | int, expected: Decimal | int, tolerance: float = 0.1) -> bool:
    return abs(Decimal(value) - Decimal(expected)) <= Decimal(expected) * Decimal(tolerance)


def all_cases(conn: Any) -> list[dict[str, Any]]:
    rows = conn.execute(
        f"SELECT {', '.join(cases.CASE_COLUMNS)} FROM penalty_case "
        "ORDER BY authority_code, created_at, party_name, violation_on"
    )
    return [dict(zip(cases.CASE_COLUMNS, r, strict=True)) for r in rows]


def test_a_year_at_the_seed_citys_rate(year) -> None:
    store, added, seconds, reported = year
    totals = demo_cases.yearly_totals(store.conn, TODAY)
    # 人民网 2019-09-17: 2,903 cases, 38.44 million yuan, 288 detained, 30 prosecuted (2018)
    assert near(totals["cases"], 2_903)
    assert near(totals["fines"], Decimal("38440000"))
    assert near(totals["detentions"], 288)
    assert near(totals["criminal_transfers"], 30)
    assert totals["accident_cases"] == 30
    assert isinstance(totals["fines"], Decimal)
    assert added == store.conn.execute("SELECT count(*) FROM penalty_case").fetchone()[0]
    assert reported[0] == ("cases", 0, added) and reported[-1] == ("cases", added, added)
    assert seconds < 15  # bulk inserts: about two seconds on a laptop


def test_a_smaller_scale_gives_proportional_totals(base: Path, tree, tmp_path: Path) -> None:
    store = Store.open(copy_store(base, tmp_path / "i.sqlite3"))
    demo_cases.install_cases(store, tree, scale=0.25)
    totals = demo_cases.yearly_totals(store.conn, TODAY)
    store.close()
    assert near(totals["cases"], 726)
    assert near(totals["fines"], Decimal("9610000"))
    assert totals["detentions"] == 72
    assert near(totals["criminal_transfers"], 8, 0.15)


@pytest.mark.parametrize(
    ("scale", "today"), [(0.005, TODAY), (0.05, dt.date(2026, 3, 15)), (0.05, dt.date(2025, 6, 1))]
)
def test_any_scale_and_year_end(base: Path, tree, tmp_path: Path, scale: float, today) -> None:
    """A tiny demo (the fixtures' scale) and other year ends: every case in its year."""
    store = Store.open(copy_store(base, tmp_path / "i.sqlite3"))
    added = demo_cases.install_cases(store, tree, scale=scale, today=today)
    first, last = demo_cases.year_window(today)
    days = store.conn.execute("SELECT min(occurred_on), max(occurred_on) FROM case_step").fetchone()
    totals = demo_cases.yearly_totals(store.conn, today)
    store.close()
    assert added == round(2_903 * scale) + round(30 * scale)
    assert first.isoformat() <= days[0] and days[1] <= last.isoformat()
    assert abs(totals["cases"] - round(2_903 * scale)) <= 2
    assert near(totals["fines"], Decimal("38440000") * Decimal(str(scale)), 0.5)


def test_cases_spread_over_the_nine_units_by_their_share_of_the_registry(year, tree) -> None:
    store = year[0]
    entries = Counter(
        tree.reporting_unit(u).code
        for (u,) in store.conn.execute("SELECT supervising_unit FROM enterprise")
    )
    filed = Counter(c["authority_code"] for c in all_cases(store.conn) if c["source"] != "accident")
    assert set(filed) == {u.code for u in tree.reporting_units()}  # 7 counties and 2 zones
    whole = sum(entries.values())
    for unit, n in entries.items():
        assert abs(filed[unit] - 2_903 * n / whole) <= 1


def steps_of(conn: Any, case_id: str) -> list[cases.Step]:
    return cases.steps(conn, case_id)


def sample(conn: Any, size: int = 50) -> list[dict[str, Any]]:
    """A fixed sample of cases, with at least one of each kind of history."""
    every = all_cases(conn)
    kinds = {c["id"]: {s.kind for s in steps_of(conn, c["id"])} for c in every}
    wanted = [
        lambda c: "hearing_held" in kinds[c["id"]],
        lambda c: "deferral_approved" in kinds[c["id"]],
        lambda c: "statement" in kinds[c["id"]],
        lambda c: c["source"] == "accident" and "closure_approved" in kinds[c["id"]],
        lambda c: "transfer_outcome" in kinds[c["id"]] and c["source"] != "accident",
        lambda c: c["party_kind"] == "person" and c["source"] != "accident",
        lambda c: "closure_approved" not in kinds[c["id"]],
    ]
    chosen = [next(c for c in every if want(c)) for want in wanted]
    late = conn.execute(
        "SELECT case_id FROM case_step WHERE kind = 'payment' AND data LIKE '%surcharge%' "
        "ORDER BY occurred_on, case_id LIMIT 1"
    ).fetchone()[0]
    chosen.append(next(c for c in every if c["id"] == late))
    chosen = list({c["id"]: c for c in chosen}.values())
    rest = [c for c in every if c not in chosen]
    return chosen + random.Random(50).sample(rest, size - len(chosen))


def test_every_history_passes_the_guards_again(year, base: Path, tmp_path: Path) -> None:
    """Replaying a sample step by step through ``procedure.add_step`` (statutory ranges checked)
    gives back the same steps: the generator wrote only what the guards accept."""
    source = year[0].conn
    fresh = Store.open(copy_store(base, tmp_path / "replay.sqlite3"))
    check_fine = cases.fine_checker(articles.load_catalogue())
    chosen = sample(source)
    for case in chosen:
        with fresh.transaction() as conn:
            marks = ", ".join("?" * len(cases.CASE_COLUMNS))
            conn.execute(
                f"INSERT INTO penalty_case({', '.join(cases.CASE_COLUMNS)}) VALUES ({marks})",
                tuple(case.values()),
            )
        for step in steps_of(source, case["id"]):
            with UnitOfWork(fresh, step.approved_by or "replay") as uow:
                procedure.add_step(
                    uow,
                    case["id"],
                    StepInput(
                        step.kind,
                        step.occurred_on,
                        step.officer_ids,
                        step.approved_by,
                        dict(step.data),
                    ),
                    CAL,
                    check_fine=check_fine,
                )
        original, again = steps_of(source, case["id"]), steps_of(fresh.conn, case["id"])
        for a, b in zip(original, again, strict=True):
            assert (a.kind, a.occurred_on, a.officer_ids, a.approved_by) == (
                b.kind,
                b.occurred_on,
                b.officer_ids,
                b.approved_by,
            )
            # the replay store numbers from its own block (provisional there)
            numbering = ("seq", "case_number", "provisional")
            assert {k: v for k, v in a.data.items() if k not in numbering} == {
                k: v for k, v in b.data.items() if k not in numbering
            }
        was, now = cases.derive(original), cases.derive(again)
        assert (was.stage, was.fine, was.paid, was.due_on) == (
            now.stage,
            now.fine,
            now.paid,
            now.due_on,
        )
    fresh.close()
    assert len(chosen) == 50


def test_closed_cases_were_carried_out(year) -> None:
    conn = year[0].conn
    closed = 0
    for case in all_cases(conn):
        state = cases.state(conn, case["id"])
        if state.stage != "closed":
            continue
        closed += 1
        if case["source"] == "accident":
            assert state.fine is None and state.transfer_accepted
        else:
            assert state.fine is not None and state.paid >= state.fine
    assert closed > 2_000


def test_amounts_are_decimal_strings_inside_the_statutory_ranges(year) -> None:
    conn = year[0].conn
    check_fine = cases.fine_checker(articles.load_catalogue())
    thresholds = cases.default_rules().hearing
    surcharged = 0
    for case in all_cases(conn):
        state = cases.state(conn, case["id"])
        for step in state.steps:
            if "amount" in step.data:
                assert AMOUNT.match(step.data["amount"]), step.data
            if step.kind in ("notice_delivered", "decision"):
                amount = Decimal(step.data["amount"])
                check_fine(amount, case, step.data)
            if step.kind == "notice_delivered":
                right = articles.needs_hearing(amount, case["party_kind"], thresholds)
                assert step.data["hearing_right"] == right
            if step.kind == "payment" and "surcharge" in step.data:
                extra = Decimal(step.data["surcharge"])
                assert state.fine is not None and state.due_on is not None
                assert extra == cases.surcharge(
                    state.fine, state.due_on, step.occurred_on, cases.CaseRules()
                )
                assert Decimal(step.data["amount"]) == state.fine + extra
                surcharged += 1
        if state.statement_on or state.hearing_held:
            assert state.fine is None or state.proposed is None or state.fine <= state.proposed
    assert surcharged > 50
    fines = [
        Decimal(a)
        for (a,) in conn.execute(
            "SELECT json_extract(data, '$.amount') FROM case_step WHERE kind = 'decision'"
        )
    ]
    assert sum(5_000 <= f < 30_000 for f in fines) > len(fines) / 2  # many
    assert 30 < sum(50_000 <= f <= 200_000 for f in fines) < len(fines) / 10  # some
    assert sum(f > 200_000 for f in fines) < 10  # few


def test_people_are_identified_by_valid_id_numbers(year) -> None:
    conn = year[0].conn
    numbers = [
        r[0]
        for r in conn.execute(
            "SELECT party_id_number FROM penalty_case WHERE party_kind = 'person'"
        )
    ]
    numbers += [
        r[0]
        for r in conn.execute(
            "SELECT json_extract(data, '$.id_number') FROM case_step WHERE kind = 'inquiry'"
        )
    ]
    assert len(numbers) > 3_000
    for number in numbers:
        assert validate_id_number(number) == number
    kinds = Counter(r[0] for r in conn.execute("SELECT party_kind FROM penalty_case"))
    assert kinds["unit"] > 4 * kinds["person"] > 0


def test_officers_hold_certificates_and_approvers_approve(year) -> None:
    conn = year[0].conn
    roles = dict(conn.execute("SELECT id, role FROM officer"))
    units = dict(conn.execute("SELECT id, unit_code FROM officer"))
    rows = conn.execute(
        "SELECT c.authority_code, s.kind, s.occurred_on, s.officer_ids, s.approved_by "
        "FROM case_step s JOIN penalty_case c ON c.id = s.case_id"
    )
    held: dict[str, list[tuple[str, str]]] = {}
    for officer, issued, expires in conn.execute(
        "SELECT officer_id, issued_on, expires_on FROM enforcement_certificate WHERE revoked = 0"
    ):
        held.setdefault(officer, []).append((issued, expires))
    for authority, kind, day, officer_ids, approved_by in rows:
        team = [o for o in officer_ids.split(",") if o]
        if kind in ("filing_requested", "inquiry"):
            assert len(set(team)) == 2
        for officer in team:  # 行政处罚法 Art. 42: a certificate valid on the day
            assert any(a <= day <= b for a, b in held[officer]), (kind, day)
        if kind in cases.APPROVALS or kind == "decision":
            assert roles[approved_by] == "approver" and units[approved_by] == authority


def test_recent_cases_are_open_at_various_stages(year) -> None:
    conn = year[0].conn
    assert (
        conn.execute(
            "SELECT count(*) FROM case_step WHERE occurred_on > ?", (TODAY.isoformat(),)
        ).fetchone()[0]
        == 0
    )
    recent = [
        c for c in all_cases(conn) if c["created_at"] >= (TODAY - dt.timedelta(days=60)).isoformat()
    ]
    stages = Counter(cases.state(conn, c["id"]).stage for c in recent)
    assert {"investigating", "notified", "executing", "closed"} <= set(stages)
    unpaid = [
        s for c in recent if (s := cases.state(conn, c["id"])).fine is not None and s.paid < s.fine
    ]
    assert unpaid


def test_the_same_seed_gives_the_same_year(base: Path, tree, tmp_path: Path) -> None:
    def install(name: str, seed: int) -> tuple[Any, list[tuple[Any, ...]]]:
        store = Store.open(copy_store(base, tmp_path / name))
        demo_cases.install_cases(store, tree, seed=seed, scale=0.1)
        cases_seen = sorted(
            (
                c["party_name"],
                c["violation_on"],
                c["cause"],
                c["authority_code"],
                tuple(
                    (s.kind, s.occurred_on, s.officer_ids, tuple(sorted(s.data.items())))
                    for s in steps_of(store.conn, c["id"])
                ),
            )
            for c in all_cases(store.conn)
        )
        totals = demo_cases.yearly_totals(store.conn, TODAY)
        store.close()
        return totals, cases_seen

    first, again, other = install("a.sqlite3", 7), install("b.sqlite3", 7), install("c.sqlite3", 8)
    assert first == again
    assert first[0] != other[0]


def test_a_second_install_adds_nothing(year, tree) -> None:
    store = year[0]
    before = store.conn.execute("SELECT count(*) FROM case_step").fetchone()[0]
    assert demo_cases.install_cases(store, tree) == 0
    assert store.conn.execute("SELECT count(*) FROM case_step").fetchone()[0] == before
    # reference data, like the demo registry: nothing to push
    assert store.conn.execute("SELECT count(*) FROM change_log").fetchone()[0] == 0


def test_the_totals_count_only_the_year_asked_for(year) -> None:
    totals = demo_cases.yearly_totals(year[0].conn, TODAY - dt.timedelta(days=400))
    assert totals == {
        "cases": 0,
        "accident_cases": 0,
        "fines": Decimal("0.00"),
        "detentions": 0,
        "criminal_transfers": 0,
    }
    assert demo_cases.year_window(dt.date(2028, 2, 29)) == (
        dt.date(2027, 3, 1),
        dt.date(2028, 2, 29),
    )


def test_a_store_without_a_registry_is_refused(store: Store, tree) -> None:
    with pytest.raises(ValueError, match="registry"):
        demo_cases.install_cases(store, tree)
