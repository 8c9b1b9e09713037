"""Shared pieces of the reports' tests (no tests here): cases made step by step as plain data,
a demo year with its facts and the reports' tables, and the two databases the report runs on."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from helpers import new_store
from inspector_app.cases.cases import Step
from inspector_app.demo import cases as demo_cases
from inspector_app.demo import generator as demo
from inspector_app.registry import officers
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.reports import case_facts, publication, sms_rounds
from inspector_app.reports.case_facts import Run, RunMany
from inspector_app.store import migrations
from inspector_app.store.clock import new_id
from inspector_app.store.database import Store

POSTGRES_ENV = "FI_TEST_POSTGRES_URL"
NO_POSTGRES = f"no PostgreSQL for the tests ({POSTGRES_ENV} not set)"


def postgres_or_skip() -> None:
    """Skip a PostgreSQL test when no server is configured (fail when CI requires one)."""
    import pytest

    if os.environ.get(POSTGRES_ENV):
        return
    if os.environ.get("FI_REQUIRE_POSTGRES"):
        pytest.fail(f"{POSTGRES_ENV} is not set but PostgreSQL is required")
    pytest.skip(NO_POSTGRES)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


class Cases:
    """Penalty cases as records and steps (the guards are not run: the facts only read)."""

    def __init__(self) -> None:
        self.records: dict[str, dict[str, Any]] = {}
        self.steps: dict[str, list[Step]] = {}

    def open(
        self,
        supervising: str = "330402",
        county: str | None = None,
        town: str | None = None,
        source: str = "inspection",
        party_kind: str = "unit",
        party_name: str = "嘉兴化工有限公司",
        violation_on: str = "2025-01-01",
        **extra: Any,
    ) -> str:
        case_id = new_id()
        self.records[case_id] = {
            "id": case_id,
            "county_code": county or supervising,
            "town_code": town,
            "supervising_unit": supervising,
            "authority_code": supervising,
            "enterprise_id": extra.pop("enterprise_id", "ent-1"),
            "party_kind": party_kind,
            "party_name": party_name,
            "party_id_number": extra.pop("party_id_number", ""),
            "party_address": "",
            "party_legal_rep": extra.pop("party_legal_rep", ""),
            "source": source,
            "source_id": extra.pop("source_id", ""),
            "cause": extra.pop("cause", "未对安全设备进行经常性维护、保养和定期检测"),
            "facts": extra.pop("facts", ""),
            "violation_on": violation_on,
            "continuing": 0,
            "article_id": extra.pop("article_id", "AQ2021-99"),
            "subject": extra.pop("subject", "unit"),
            "created_by": "test",
            **extra,
        }
        self.steps[case_id] = []
        return case_id

    def step(self, case_id: str, kind: str, on: str, **data: Any) -> Step:
        made = Step(new_id(), case_id, kind, day(on), (), "", data, "test", "")
        self.steps[case_id].append(made)
        return made

    def filed(self, case_id: str, on: str) -> None:
        self.step(case_id, "filing_requested", on)
        self.step(case_id, "filing_approved", on)

    def decided(self, case_id: str, on: str, amount: str, **data: Any) -> None:
        self.step(case_id, "notice_delivered", on, amount=amount, article_id="AQ2021-99")
        self.step(case_id, "rights_waived", on)
        self.step(case_id, "decision", on, amount=amount, article_id="AQ2021-99", **data)

    def simple(
        self,
        supervising: str,
        filed: str,
        decided: str | None = None,
        amount: str = "10000.00",
        paid: str | None = None,
        closed: str | None = None,
        **options: Any,
    ) -> str:
        """A case filed, then (optionally) decided and delivered the same day, paid, closed."""
        case_id = self.open(supervising, **options)
        self.filed(case_id, filed)
        if decided:
            self.decided(case_id, decided, amount)
            self.step(case_id, "decision_delivered", decided, payment_days=15)
        if paid:
            self.step(case_id, "payment", paid, amount=amount)
        if closed:
            self.step(case_id, "closure_approved", closed)
        return case_id

    def facts(self, tree: JurisdictionTree) -> list[dict[str, Any]]:
        return [
            row
            for case_id, record in self.records.items()
            for row in case_facts.facts_of(record, self.steps[case_id], tree)
        ]


def sqlite_facts(facts: Sequence[Mapping[str, Any]]) -> sqlite3.Connection:
    """An in-memory SQLite database holding ``case_fact`` (as the local schema makes it) with
    these rows."""
    conn = sqlite3.connect(":memory:")
    case_facts.create_table(case_facts.sqlite_run(conn), local_case_fact_ddl())
    case_facts.insert_all(case_facts.sqlite_run_many(conn), facts)
    return conn


def local_case_fact_ddl() -> str:
    """The ``case_fact`` table and its indexes of the local schema's version 8."""
    script = migrations.V8_REPORTS
    return script[: script.index("CREATE TABLE case_fact_dirty")]


def sqlalchemy_runners(conn: Any) -> tuple[Run, RunMany]:
    """The server's runner: SQLAlchemy's ``text`` with the same ``:named`` parameters."""
    from sqlalchemy import text

    def run(sql: str, params: Mapping[str, Any], /) -> Sequence[Sequence[Any]]:
        result = conn.execute(text(sql), dict(params))
        return [tuple(r) for r in result] if result.returns_rows else []

    def run_many(sql: str, rows: Sequence[Mapping[str, Any]], /) -> None:
        conn.execute(text(sql), [dict(r) for r in rows])

    return run, run_many


@contextlib.contextmanager
def postgres_facts(facts: Sequence[Mapping[str, Any]]) -> Iterator[Run]:
    """A fresh PostgreSQL database holding ``case_fact`` with these rows (dropped after)."""
    import sqlalchemy
    import sync_support

    admin_url = os.environ[POSTGRES_ENV]
    url, name = sync_support.create_pg_database(admin_url)
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.begin() as conn:
            run, run_many = sqlalchemy_runners(conn)
            case_facts.create_table(run, case_facts.DDL_POSTGRESQL)
            case_facts.insert_all(run_many, facts)
        with engine.connect() as conn:
            yield sqlalchemy_runners(conn)[0]
    finally:
        engine.dispose()
        sync_support.drop_pg_database(admin_url, name)


def demo_year(
    path: Path,
    tree: JurisdictionTree,
    registry: Registry,
    scale: float,
    today: dt.date = demo_cases.DEFAULT_TODAY,
) -> Store:
    """A store with a small demo registry, its officers, a year of cases at ``scale`` up to
    ``today``, and the reports' tables (the case facts filled)."""
    store = new_store(path, tree)
    registry.load_snapshot(store, demo.registry_rows(tree, 2018, 0.01))
    officers.load_snapshot(store, demo.officers(tree, 2018))
    demo_cases.install_cases(store, tree, seed=2018, scale=scale, today=today)
    with store.transaction() as conn:
        case_facts.refresh_dirty(conn, tree)
    return store


def add_report_tables(store: Store) -> None:
    """The reports' tables: part of every store since the local schema's version 8."""
    assert store.schema_version >= 8


class WireFacts:
    """``Facts`` as the server sees the records: the wire fields and the id only (no device
    columns, step data as JSON text), read from a local store."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        from inspector_app.replication.tables import SPECS
        from inspector_app.store.facts import LocalFacts

        self.local = LocalFacts(conn)
        self.fields = {name: spec.fields for name, spec in SPECS.items()}
        self.fields[publication.TABLE] = publication.FIELDS
        self.fields[sms_rounds.TABLE] = sms_rounds.FIELDS

    def _wire(self, table: str, row: Mapping[str, Any]) -> dict[str, Any]:
        return {"id": row["id"], **{f: row[f] for f in self.fields[table]}}

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        found = self.local.get(table, record_id)
        return self._wire(table, found) if found else None

    def find(self, table: str, where: Mapping[str, Any]) -> list[dict[str, Any]]:
        return [self._wire(table, r) for r in self.local.find(table, where)]


def entry_of(store: Store, tree: JurisdictionTree, case_id: str) -> dict[str, str]:
    """The case as a bulletin tells it (anonymised): a publication's content."""
    from inspector_app.cases import cases
    from inspector_app.reports import bulletins
    from inspector_app.store.facts import LocalFacts

    record = cases.get(store.conn, case_id)
    assert record is not None
    enterprise = LocalFacts(store.conn).get("enterprise", record["enterprise_id"])
    found = bulletins.candidate(record, cases.steps(store.conn, case_id), enterprise)
    return bulletins.case_entry(found, tree)
