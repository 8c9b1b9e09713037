"""Publication records of decisions (行政处罚法 Art. 48): written through a unit of work,
checked on both sides, immutable, withdrawn within three working days."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_reports_support import WireFacts, demo_year, entry_of

from inspector_app.cases import cases
from inspector_app.demo import cases as demo_cases
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import RecordInvalid
from inspector_app.reports import bulletins, publication
from inspector_app.reports.wire import sha256_text
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store
from inspector_app.store.facts import LocalFacts

TODAY = demo_cases.DEFAULT_TODAY


@pytest.fixture
def store(tmp_path: Path, tree: JurisdictionTree, registry: Registry) -> Iterator[Store]:
    made = demo_year(tmp_path / "i.sqlite3", tree, registry, 0.02)
    yield made
    made.close()


def decided_case(store: Store, party_kind: str = "unit") -> tuple[str, dt.date]:
    case_id, decided = store.conn.execute(
        "SELECT c.id, s.occurred_on FROM penalty_case c JOIN case_step s ON s.case_id = c.id "
        "WHERE s.kind = 'decision' AND c.party_kind = ? AND s.occurred_on < '2026-09-01' "
        "ORDER BY s.occurred_on LIMIT 1",
        (party_kind,),
    ).fetchone()
    return case_id, dt.date.fromisoformat(decided)


def problems(exc: RecordInvalid) -> dict[str, str]:
    return {e.field: e.rule for e in exc.errors}


def test_a_decided_case_is_published_and_logged(store: Store, tree: JurisdictionTree) -> None:
    case_id, decided = decided_case(store)
    entry = entry_of(store, tree, case_id)
    on = decided + dt.timedelta(days=7)
    with UnitOfWork(store, "officer") as uow:
        record_id = publication.publish(uow, case_id, entry, "website", on, TODAY)
    row = store.conn.execute(
        "SELECT case_id, action, published_on, content, content_sha256, county_code "
        "FROM case_publication WHERE id = ?",
        (record_id,),
    ).fetchone()
    case = cases.get(store.conn, case_id)
    assert case is not None
    assert row[:3] == (case_id, "publish", on.isoformat())
    assert json.loads(row[3]) == entry and row[4] == sha256_text(row[3])
    assert row[5] == case["county_code"]
    logged = store.conn.execute(
        "SELECT op FROM change_log WHERE table_name = 'case_publication' AND record_id = ?",
        (record_id,),
    ).fetchall()
    assert logged == [("insert",)]
    [found] = publication.local_records(store.conn, case_id)
    assert found.live and found.id == record_id


def test_publication_records_are_immutable(store: Store, tree: JurisdictionTree) -> None:
    case_id, decided = decided_case(store)
    with UnitOfWork(store, "officer") as uow:
        record_id = publication.publish(
            uow, case_id, entry_of(store, tree, case_id), "website", decided, TODAY
        )
    with pytest.raises(sqlite3.DatabaseError, match="immutable"):
        with store.transaction() as conn:
            conn.execute("UPDATE case_publication SET channel = 'tv' WHERE id = ?", (record_id,))
    with pytest.raises(sqlite3.DatabaseError, match="immutable"):
        with store.transaction() as conn:
            conn.execute("DELETE FROM case_publication WHERE id = ?", (record_id,))


def test_a_content_that_shows_a_person_is_refused(store: Store, tree: JurisdictionTree) -> None:
    case_id, decided = decided_case(store, "person")
    case = cases.get(store.conn, case_id)
    assert case is not None
    raw = {"party": case["party_name"], "facts": f"身份证号码{case['party_id_number']}"}
    with pytest.raises(RecordInvalid) as caught:
        with UnitOfWork(store, "officer") as uow:
            publication.publish(uow, case_id, raw, "website", decided, TODAY)
    [problem] = caught.value.errors
    assert (problem.field, problem.rule) == ("content", "personal_data")
    assert "自然人姓名、身份证号码" in problem.zh and "须先隐去" in problem.zh
    assert store.conn.execute("SELECT count(*) FROM case_publication").fetchone()[0] == 0
    with UnitOfWork(store, "officer") as uow:  # the bulletin's entry passes
        publication.publish(uow, case_id, entry_of(store, tree, case_id), "tv", decided, TODAY)


def record(store: Store, case_id: str, **changes: Any) -> dict[str, Any]:
    case = cases.get(store.conn, case_id) or {
        "party_name": "",
        "party_kind": "unit",
        "county_code": "330402",
        "town_code": None,
        "supervising_unit": "330402",
    }
    content = json.dumps({"heading": case["party_name"] if case["party_kind"] == "unit" else ""})
    base = {
        "case_id": case_id,
        "county_code": case["county_code"],
        "town_code": case["town_code"],
        "supervising_unit": case["supervising_unit"],
        "action": "publish",
        "channel": "website",
        "issue": "",
        "published_on": "2026-09-01",
        "content": content,
        "content_sha256": sha256_text(content),
        "withdraws_id": "",
        "reason": "",
        "changed_on": "",
        "created_by": "officer",
    }
    return {**base, **changes}


def test_the_wire_check_names_each_problem(store: Store) -> None:
    case_id, decided = decided_case(store)
    facts = LocalFacts(store.conn)
    publication.check_case_publication(record(store, case_id), facts, TODAY)
    cases_ = {
        "future": record(store, case_id, published_on="2026-12-01"),
        "order": record(store, case_id, published_on=(decided - dt.timedelta(days=1)).isoformat()),
        "choice": record(store, case_id, channel="radio"),
        "required": record(store, case_id, channel="bulletin"),
        "mismatch": record(store, case_id, content_sha256="0" * 64),
        "scope": record(store, case_id, county_code="330483"),
        "unknown": record(store, "no-such-case"),
        "publish": record(store, case_id, reason="changed"),
        "unknown_field": {**record(store, case_id), "extra": 1},
    }
    for rule, data in cases_.items():
        with pytest.raises(RecordInvalid) as caught:
            publication.check_case_publication(data, facts, TODAY)
        assert rule in problems(caught.value).values(), (rule, problems(caught.value))
    with pytest.raises(RecordInvalid) as future:
        publication.check_case_publication(cases_["future"], facts, TODAY)
    assert "晚于今天" in future.value.errors[0].zh


def test_a_case_without_a_decision_is_not_published(store: Store) -> None:
    undecided = store.conn.execute(
        "SELECT id FROM penalty_case c WHERE NOT EXISTS (SELECT 1 FROM case_step s "
        "WHERE s.case_id = c.id AND s.kind = 'decision') LIMIT 1"
    ).fetchone()[0]
    with pytest.raises(RecordInvalid) as caught:
        publication.check_case_publication(record(store, undecided), LocalFacts(store.conn), TODAY)
    [problem] = caught.value.errors
    assert problem.rule == "not_decided" and "第四十八条" in problem.zh


def test_the_server_sees_the_same_with_wire_records(store: Store, tree: JurisdictionTree) -> None:
    case_id, decided = decided_case(store, "person")
    case = cases.get(store.conn, case_id)
    assert case is not None
    leaking = json.dumps({"party": case["party_name"]}, ensure_ascii=False)
    data = record(store, case_id, content=leaking, content_sha256=sha256_text(leaking))
    for facts in (LocalFacts(store.conn), WireFacts(store.conn)):
        with pytest.raises(RecordInvalid) as caught:
            publication.check_case_publication(data, facts, TODAY)
        assert problems(caught.value) == {"content": "personal_data"}
    good = record(store, case_id)
    assert publication.check_case_publication(good, WireFacts(store.conn), TODAY) == (
        publication.check_case_publication(good, LocalFacts(store.conn), TODAY)
    )


def test_three_working_days_to_withdraw() -> None:
    # 2025: Sunday 09-28 is a make-up working day before the National Day holiday
    assert publication.withdrawal_due(dt.date(2025, 9, 26)) == dt.date(2025, 9, 30)
    assert publication.withdrawal_due(dt.date(2026, 3, 6)) == dt.date(2026, 3, 11)


def publish_one(store: Store, tree: JurisdictionTree) -> tuple[str, str, dt.date]:
    case_id, decided = decided_case(store)
    with UnitOfWork(store, "officer") as uow:
        record_id = publication.publish(
            uow, case_id, entry_of(store, tree, case_id), "website", decided, TODAY
        )
    return case_id, record_id, decided


def test_a_withdrawal_on_time_and_a_late_one(store: Store, tree: JurisdictionTree) -> None:
    case_id, record_id, decided = publish_one(store, tree)
    changed = dt.date(2026, 9, 25)  # a Friday
    with UnitOfWork(store, "officer") as uow:
        withdrawal_id = publication.withdraw(
            uow, record_id, "revoked", changed, "该决定经行政复议被撤销。", changed, TODAY
        )
    [found] = publication.local_records(store.conn, case_id)
    assert not found.live and found.withdrawal is not None
    assert found.withdrawal["withdraws_id"] == record_id
    assert not publication.withdrawal_late(found.withdrawal)
    late = {**found.withdrawal, "published_on": "2026-10-12"}
    assert publication.withdrawal_late(late)
    with pytest.raises(RecordInvalid) as twice:
        with UnitOfWork(store, "officer") as uow:
            publication.withdraw(uow, record_id, "revoked", changed, "再次撤回。", changed, TODAY)
    assert problems(twice.value) == {"withdraws_id": "twice"}
    assert store.conn.execute(
        "SELECT count(*) FROM case_publication WHERE id = ?", (withdrawal_id,)
    ).fetchone() == (1,)


def test_a_late_withdrawal_is_recorded_all_the_same(store: Store, tree: JurisdictionTree) -> None:
    case_id, record_id, decided = publish_one(store, tree)
    changed = dt.date(2026, 9, 1)
    with UnitOfWork(store, "officer") as uow:
        publication.withdraw(uow, record_id, "changed", changed, "决定已变更。", TODAY, TODAY)
    [found] = publication.local_records(store.conn, case_id)
    assert found.withdrawal is not None and publication.withdrawal_late(found.withdrawal)


def test_withdrawals_that_break_the_order_or_the_rules(
    store: Store, tree: JurisdictionTree
) -> None:
    case_id, record_id, decided = publish_one(store, tree)

    def refused(reason: str, changed: dt.date, on: dt.date) -> dict[str, str]:
        with pytest.raises(RecordInvalid) as caught:
            with UnitOfWork(store, "officer") as uow:
                publication.withdraw(uow, record_id, reason, changed, "说明。", on, TODAY)
        return problems(caught.value)

    assert refused("forgotten", dt.date(2026, 9, 1), dt.date(2026, 9, 2)) == {"reason": "choice"}
    assert refused("changed", dt.date(2026, 9, 10), dt.date(2026, 9, 2)) == {
        "published_on": "order"
    }
    assert refused("changed", decided - dt.timedelta(days=1), decided) == {"changed_on": "order"}
    assert refused("changed", dt.date(2026, 12, 1), TODAY)["changed_on"] == "future"
    other, _ = store.conn.execute(
        "SELECT c.id, 1 FROM penalty_case c WHERE c.id <> ? LIMIT 1", (case_id,)
    ).fetchone()
    data = record(
        store,
        other,
        action="withdraw",
        withdraws_id=record_id,
        reason="changed",
        changed_on="2026-09-01",
        published_on="2026-09-02",
    )
    with pytest.raises(RecordInvalid) as caught:
        publication.check_case_publication(data, LocalFacts(store.conn), TODAY)
    assert problems(caught.value).get("withdraws_id") == "unknown"


def test_pending_withdrawals_are_listed_soonest_first(store: Store, tree: JurisdictionTree) -> None:
    case_id, record_id, decided = publish_one(store, tree)
    found = publication.local_records(store.conn)
    changed = {case_id: dt.date(2026, 9, 25)}
    [pending] = publication.pending_withdrawals(found, changed, dt.date(2026, 9, 28))
    assert pending.due == dt.date(2026, 9, 30) and not pending.overdue
    [overdue] = publication.pending_withdrawals(found, changed, dt.date(2026, 10, 12))
    assert overdue.overdue
    assert publication.pending_withdrawals(found, {}, TODAY) == []
    before_publication = {case_id: decided - dt.timedelta(days=1)}
    assert publication.pending_withdrawals(found, before_publication, TODAY) == []


def test_a_bulletin_publishes_each_of_its_cases(store: Store, tree: JurisdictionTree) -> None:
    period = bulletins.bulletin_period(dt.date(2026, 9, 1))
    picked = bulletins.select_typical(bulletins.local_candidates(store.conn, period), 3, tree)
    content = bulletins.bulletin_content(
        period, picked, tree, "嘉兴市应急管理局", dt.date(2026, 11, 2), TODAY
    )
    with UnitOfWork(store, "officer") as uow:
        ids = publication.publish_bulletin(uow, content, dt.date(2026, 11, 3), TODAY)
    rows = store.conn.execute(
        "SELECT case_id, channel, issue, content FROM case_publication ORDER BY published_on"
    ).fetchall()
    assert len(ids) == len(picked) == len(rows) > 0
    assert {r[0] for r in rows} == {str(c.case["id"]) for c in picked}
    assert {(r[1], r[2]) for r in rows} == {("bulletin", "2026年第5期")}
    shown = json.loads(rows[0][3])
    assert "case_id" not in shown and shown["bulletin"] == "嘉兴市应急管理局2026年第5期"
