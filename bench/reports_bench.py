"""The monthly city penalty report over five years of city data (≈ 15,000 cases), on the
laptop's SQLite and on the server's database (PostgreSQL when ``FI_TEST_POSTGRES_URL`` is set),
beside a naive per-county Python loop over the derived cases measured in the same run.

The cases are synthetic but shaped like the seed city's: about 3,000 a year growing over the
five years, spread over the nine county-level units, slower around the Spring Festival; one in
ten hands a worker to the police for detention, one in a hundred comes from an accident and
goes to the judiciary; some wait for a hearing, some pay late or never, a few run past the
90-day decision limit; the cases of the last weeks are still open. They are written as
``penalty_case`` and ``case_step`` rows (the naive loop reads those) and projected into
``case_fact`` by ``case_facts.facts_of`` (the report reads that). The report reads no
inspection and no hazard, so none are generated.

Both sides must give the same figures: the run stops if the report and the naive loop differ.

``python -m bench reports`` (``--scale 0.2`` for a quick run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sqlite3
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench import common
from bench.common import emit, median, print_table

TARGET_MS = 300.0
TODAY = dt.date(2026, 11, 29)
YEARS = 5
CASES_PER_YEAR = (2_600, 2_800, 3_000, 3_200, 3_400)  # oldest first: 15,000
UNIT_SHARE = {
    "330402": 0.10,
    "330411": 0.09,
    "330421": 0.13,
    "330424": 0.10,
    "330481": 0.20,
    "330482": 0.12,
    "330483": 0.19,
    "Z330401": 0.05,
    "Z330402": 0.02,
}
MONTH_WEIGHT = (1.0, 0.5, 1.1, 1.1, 1.0, 1.3, 0.9, 0.9, 1.1, 0.9, 1.1, 1.2)
POSTGRES_ENV = "FI_TEST_POSTGRES_URL"


def run(args: Sequence[str] = ()) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m bench reports")
    parser.add_argument(
        "--scale", type=float, default=common.scale(), help="share of the 15,000 cases"
    )
    options = parser.parse_args(list(args))
    from inspector_app.registry import jurisdictions
    from inspector_app.reports import case_facts

    tree = jurisdictions.load()
    with tempfile.TemporaryDirectory(prefix="reports-bench-") as folder:
        store, records, made_s = _city(Path(folder) / "inspector.sqlite3", tree, options.scale)
        conn = store.conn
        facts_s, facts = _timed(lambda: _project(store, tree))
        cases_count = len(records)
        month = _last_full_month(TODAY)
        sqlite_run = case_facts.sqlite_run(conn)
        sqlite_ms, report = _best_ms(lambda: _report(sqlite_run, tree, month))
        naive_ms, naive = _best_ms(lambda: _naive(conn, tree, month), runs=1)
        _agree("SQLite", report, naive)
        server = _postgres(facts, tree, month, naive)
        store.close()
    rows = [
        [
            "monthly city report, SQLite (laptop)",
            f"{sqlite_ms:.1f}",
            f"{naive_ms / sqlite_ms:.0f}x",
        ],
    ]
    if server is not None:
        rows.append(
            [
                "monthly city report, PostgreSQL (server)",
                f"{server['report_ms']:.1f}",
                f"{naive_ms / server['report_ms']:.0f}x",
            ]
        )
    rows.append(["naive per-county loop over derived cases", f"{naive_ms:.0f}", "1x"])
    print_table(
        f"Monthly penalty report, {month[0]}-{month[1]:02d}, over {cases_count:,} cases "
        f"({len(facts):,} case facts, {YEARS} years)",
        ["what", "ms", "vs naive"],
        rows,
    )
    print(
        f"generated the cases in {made_s:.1f} s; projected every case's facts in "
        f"{facts_s:.1f} s; report and naive loop agree; target <= {TARGET_MS:g} ms"
        + ("" if server is not None else f"; PostgreSQL skipped ({POSTGRES_ENV} not set)")
    )
    figures: dict[str, Any] = {
        "cases": cases_count,
        "case_facts": len(facts),
        "report_sqlite_ms": round(sqlite_ms, 1),
        "naive_ms": round(naive_ms, 1),
        "projection_s": round(facts_s, 2),
        "sqlite_at_target": sqlite_ms <= TARGET_MS,
    }
    if server is not None:
        figures["report_postgresql_ms"] = round(server["report_ms"], 1)
        figures["postgresql_load_s"] = round(server["load_s"], 1)
        figures["postgresql_at_target"] = server["report_ms"] <= TARGET_MS
    return emit("reports", figures)


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _best_ms(fn: Callable[[], Any], runs: int = 5) -> tuple[float, Any]:
    result = fn()  # warm the caches (a report page is opened more than once)
    times = []
    for _ in range(runs):
        seconds, result = _timed(fn)
        times.append(seconds * 1000)
    return median(times), result


def _last_full_month(today: dt.date) -> tuple[int, int]:
    first = today.replace(day=1) - dt.timedelta(days=1)
    return first.year, first.month


def _report(run: Any, tree: Any, month: tuple[int, int]) -> Any:
    from inspector_app.reports import monthly

    return monthly.monthly_report(run, tree, month[0], month[1], TODAY)


# -- the synthetic city ------------------------------------------------------------------------


def _city(path: Path, tree: Any, scale: float) -> tuple[Any, list[str], float]:
    from inspector_app.store.database import Store

    start = time.perf_counter()
    store = Store.open(path)
    from inspector_app.registry import jurisdictions

    jurisdictions.install(store, tree)
    generator = _Generator(tree, random.Random(2018))
    case_rows, step_rows = generator.cases(scale)
    with store.transaction() as conn:
        conn.executemany(_insert("penalty_case", len(case_rows[0])), case_rows)
        conn.executemany(_insert("case_step", len(step_rows[0])), step_rows)
    return store, [r[0] for r in case_rows], time.perf_counter() - start


def _insert(table: str, width: int) -> str:
    return f"INSERT INTO {table} VALUES ({', '.join('?' * width)})"


class _Generator:
    def __init__(self, tree: Any, rng: random.Random) -> None:
        from inspector_app.store.clock import new_id

        self.tree, self.rng, self.new_id = tree, rng, new_id
        self.units = list(UNIT_SHARE)
        self.weights = [UNIT_SHARE[u] for u in self.units]

    def cases(self, scale: float) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        case_rows: list[tuple[Any, ...]] = []
        step_rows: list[tuple[Any, ...]] = []
        for n, count in enumerate(CASES_PER_YEAR):
            year = TODAY.year - YEARS + 1 + n
            days = _year_days(year)
            weights = [MONTH_WEIGHT[d.month - 1] for d in days]
            for filed in self.rng.choices(days, weights=weights, k=round(count * scale)):
                case, steps = self._case(filed)
                case_rows.append(case)
                step_rows.extend(steps)
        return case_rows, step_rows

    def _case(self, filed: dt.date) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
        rng = self.rng
        unit_code = rng.choices(self.units, weights=self.weights)[0]
        unit = self.tree.get(unit_code)
        towns = self.tree.towns_of(unit_code) if unit.level == "county" else []
        county = unit_code if unit.level == "county" else "330402"
        town = rng.choice(towns).code if towns else None
        case_id = self.new_id()
        roll = rng.random()
        category = "accident" if roll < 0.01 else ("police" if roll < 0.11 else "plain")
        violation = filed - dt.timedelta(days=rng.randrange(0, 40))
        case = (
            case_id,
            county,
            town,
            unit_code,
            unit_code,
            self.new_id(),
            "person" if category == "accident" else "unit",
            f"单位{case_id[-6:]}",
            "",
            "",
            "",
            "accident" if category == "accident" else "inspection",
            "",
            "违法行为",
            "",
            violation.isoformat(),
            0,
            "AQ2021-99",
            "unit",
            "bench",
            f"{filed.isoformat()}T08:00:00+08:00",
            f"{filed.isoformat()}T08:00:00+08:00",
        )
        steps: list[tuple[str, dt.date, dict[str, Any]]] = []

        def add(kind: str, day: dt.date, **data: Any) -> dt.date:
            steps.append((kind, day, data))
            return day

        add("filing_requested", filed)
        approved = add("filing_approved", filed + dt.timedelta(days=rng.choice((0, 0, 1))))
        if category != "plain":
            self._transfer(category, approved, add)
        if category != "accident":
            self._penalty(approved, add)
        elif steps[-1][0] == "transfer_outcome":
            add("closure_approved", steps[-1][1] + dt.timedelta(days=rng.randint(1, 10)))
        rows = []
        for rank, (kind, day, data) in enumerate(sorted(steps, key=lambda s: s[1])):
            if day > TODAY:
                break
            stamp = f"{day.isoformat()}T{8 + rank // 60:02d}:{rank % 60:02d}:00+08:00"
            rows.append(
                (
                    self.new_id(),
                    case_id,
                    kind,
                    day.isoformat(),
                    "",
                    "",
                    json.dumps(data, ensure_ascii=False),
                    "bench",
                    stamp,
                )
            )
        return case, rows

    def _transfer(self, category: str, approved: dt.date, add: Callable[..., dt.date]) -> None:
        rng = self.rng
        to = "judiciary" if category == "accident" else "police"
        proposed = add("transfer_proposed", approved + dt.timedelta(days=rng.randint(2, 8)), to=to)
        handed = add("transfer_approved", proposed + dt.timedelta(days=rng.randint(0, 2)))
        handed = add("transferred", handed + dt.timedelta(days=rng.choice((0, 1))), organ="公安局")
        accepted = add("transfer_accepted", handed + dt.timedelta(days=rng.randint(0, 3)))
        outcome = {"detention_days": rng.choice((5, 7, 10))} if to == "police" else {}
        add("transfer_outcome", accepted + dt.timedelta(days=rng.randint(1, 10)), **outcome)

    def _penalty(self, approved: dt.date, add: Callable[..., dt.date]) -> None:
        rng = self.rng
        slow = rng.random() < 0.03  # past the 90 days of Art. 60
        notified = approved + dt.timedelta(
            days=rng.randint(95, 150) if slow else rng.randint(5, 40)
        )
        fine = round(rng.triangular(2_000, 200_000, 5_000) / 500) * 500
        right = fine >= 50_000
        add("notice_delivered", notified, amount=str(fine), hearing_right=right)
        if right and rng.random() < 0.3:
            asked = add("hearing_requested", notified + dt.timedelta(days=rng.randint(1, 5)))
            held = add(
                "hearing_notified",
                asked + dt.timedelta(days=1),
                hearing_on=(asked + dt.timedelta(days=12)).isoformat(),
            )
            decided = add("hearing_held", held + dt.timedelta(days=11)) + dt.timedelta(days=3)
        else:
            add("rights_waived", notified)
            decided = notified + dt.timedelta(days=rng.randint(1, 5))
        add("decision", decided, amount=f"{fine}.00", article_id="AQ2021-99")
        delivered = add("decision_delivered", decided + dt.timedelta(days=rng.randint(0, 3)))
        roll = rng.random()
        if roll < 0.02:
            return  # never paid
        late = roll < 0.08
        paid = delivered + dt.timedelta(days=rng.randint(16, 60) if late else rng.randint(0, 15))
        add("payment", paid, amount=f"{fine}.00")
        add("closure_approved", paid + dt.timedelta(days=rng.randint(1, 8)))


def _year_days(year: int) -> list[dt.date]:
    first = dt.date(year, 1, 1)
    last = min(dt.date(year, 12, 31), TODAY)
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _project(store: Any, tree: Any) -> list[dict[str, Any]]:
    """Every case's facts, as the first fill of a store does it (one transaction)."""
    from inspector_app.reports import case_facts

    with store.transaction() as conn:
        case_facts.rebuild_local(conn, tree)
    columns = case_facts.COLUMNS
    rows = store.conn.execute(f"SELECT {', '.join(columns)} FROM case_fact")
    return [dict(zip(columns, r, strict=True)) for r in rows]


# -- the naive loop ----------------------------------------------------------------------------


def _naive(conn: sqlite3.Connection, tree: Any, month: tuple[int, int]) -> dict[str, Counter[str]]:
    """Per county-level unit: read its cases, derive each, count what the report counts."""
    from inspector_app.cases import cases, deadlines
    from inspector_app.cases.workdays import default_calendar
    from inspector_app.reports import case_facts, monthly

    calendar, rules = default_calendar(), cases.default_rules()
    first = dt.date(month[0], month[1], 1)
    last = min(monthly.month_end(*month), TODAY)
    spans = {
        "month": (first, last),
        "ytd": (dt.date(month[0], 1, 1), last),
        "month_before": (monthly.year_before(first), monthly.year_before(last)),
        "ytd_before": (dt.date(month[0] - 1, 1, 1), monthly.year_before(last)),
    }
    out: dict[str, Counter[str]] = {}
    for unit in tree.reporting_units():
        counts = out.setdefault(unit.code, Counter())
        supervisors = [c for c in tree.units if tree.reporting_unit(c).code == unit.code]
        marks = ", ".join("?" * len(supervisors))
        rows = conn.execute(
            f"SELECT {', '.join(cases.CASE_COLUMNS)} FROM penalty_case "
            f"WHERE supervising_unit IN ({marks})",
            supervisors,
        ).fetchall()
        for row in rows:
            record = dict(zip(cases.CASE_COLUMNS, row, strict=True))
            steps = cases.steps(conn, record["id"])
            state = cases.derive(steps)
            accident = record["source"] == "accident"
            to = ""
            for step in state.steps:
                figure, amount = _figure(step, accident, to)
                if step.kind == "transfer_proposed":
                    to = str(step.data.get("to"))
                for span, (a, b) in spans.items():
                    if figure and a <= step.occurred_on <= b:
                        counts[f"{span}/{figure}"] += amount
            for when, name in ((last, "now"), (monthly.year_before(last), "before")):
                known = [s for s in steps if s.occurred_on <= when]
                if not known:
                    continue
                for limit in deadlines.deadlines(
                    record, cases.derive(known), when, calendar, rules
                ):
                    kind = case_facts.deadline_kind(limit.what)
                    if kind is not None and limit.overdue:
                        counts[f"{name}/{kind.duty}"] += 1
    return out


def _figure(step: Any, accident: bool, to: str) -> tuple[str, int]:
    from inspector_app.reports.case_facts import fen

    kind = step.kind
    if kind == "filing_approved":
        return ("filed_accident" if accident else "filed_other"), 1
    if kind == "decision":
        return "fines", fen(step.data.get("amount"))
    if kind == "transfer_outcome" and step.data.get("detention_days") is not None:
        return "detentions", 1
    if kind == "transferred":
        return ("criminal_transfers" if to == "judiciary" else "police_transfers"), 1
    if kind == "closure_approved":
        return "closures", 1
    if kind == "hearing_requested":
        return "hearing_requests", 1
    return "", 0


def _agree(where: str, report: Any, naive: dict[str, Counter[str]]) -> None:
    checked = (
        "filed_other",
        "filed_accident",
        "fines",
        "detentions",
        "criminal_transfers",
        "police_transfers",
        "closures",
        "hearing_requests",
    )
    for unit in report.units:
        counts = naive.get(unit.code, Counter())
        for figure in checked:
            for span in ("month", "ytd", "month_before", "ytd_before"):
                mine = getattr(unit, span)[figure]
                if mine != counts[f"{span}/{figure}"]:
                    raise SystemExit(f"{where}: {unit.code} {span} {figure}: {mine} vs naive")
        stocks = (
            (unit.as_of["overdue_steps"], counts["now/office"]),
            (unit.as_of["overdue_payments"], counts["now/payment"]),
            (unit.as_of_before["overdue_steps"], counts["before/office"]),
            (unit.as_of_before["overdue_payments"], counts["before/payment"]),
        )
        if any(mine != theirs for mine, theirs in stocks):
            raise SystemExit(f"{where}: {unit.code} overdue figures differ: {stocks}")


# -- the server's database ---------------------------------------------------------------------


def _postgres(
    facts: list[dict[str, Any]], tree: Any, month: tuple[int, int], naive: Any
) -> dict[str, float] | None:
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        return None
    import psycopg
    import sqlalchemy
    from sqlalchemy import text

    from inspector_app.reports import case_facts

    name = f"fi_bench_{os.getpid()}"
    plain = admin_url.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(plain, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    engine = sqlalchemy.create_engine(f"{admin_url.rsplit('/', 1)[0]}/{name}")
    try:
        start = time.perf_counter()
        with engine.begin() as conn:
            for statement in case_facts.statements(case_facts.DDL_POSTGRESQL):
                conn.execute(text(statement))
            for first in range(0, len(facts), 10_000):
                conn.execute(text(case_facts.INSERT), facts[first : first + 10_000])
            conn.execute(text("ANALYZE case_fact"))
        load_s = time.perf_counter() - start
        with engine.connect() as conn:

            def run(sql: str, params: Any, /) -> list[tuple[Any, ...]]:
                return [tuple(r) for r in conn.execute(text(sql), dict(params))]

            report_ms, report = _best_ms(lambda: _report(run, tree, month))
        _agree("PostgreSQL", report, naive)
        return {"report_ms": report_ms, "load_s": load_s}
    finally:
        engine.dispose()
        with psycopg.connect(plain, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
