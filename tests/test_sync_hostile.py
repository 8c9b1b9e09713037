"""Hostile records: what one account pushes, or what lies damaged in the central store, never
stops anyone's sync. Every field of every synced table is type-checked on the server; a device
never dies on one bad row (it sets it aside, reports it and goes on); an administrator can
withdraw a bad record with an audited command.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any

import pytest
import requests
from sqlalchemy import select
from sync_support import Device, server_records
from test_sync import ENTRY_HANING, registry_data

from inspector_app.registry.validation import RecordInvalid
from inspector_app.replication import conflicts, outbox
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.clock import new_id
from sync import admin, protocol
from sync.api import SyncError
from sync.server import db, records
from sync.server.records import Batch


def entry(table: str, data: dict[str, Any], record_id: str = "") -> dict[str, Any]:
    return {
        "entry_id": new_id(),
        "table": table,
        "record_id": record_id or new_id(),
        "op": "insert",
        "data": data,
        "device_time": dt.datetime.now(dt.UTC).isoformat(),
    }


def raw_push(device: Device, live_server: Any, body: str) -> requests.Response:
    creds = device.credentials
    assert creds is not None
    return requests.post(
        f"{live_server.url}/api/v1/push",
        data=body.encode(),
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {creds.access_token}",
            protocol.H_PROTOCOL: str(protocol.PROTOCOL_VERSION),
            protocol.H_DEVICE: device.store.device_id,
        },
        timeout=20,
    )


def conflict_data(device: Device, value: Any) -> dict[str, Any]:
    enterprise = device.store.conn.execute("SELECT id FROM enterprise LIMIT 1").fetchone()[0]
    return {
        "county_code": "330481",
        "town_code": "330481005",
        "supervising_unit": "330481",
        "table_name": "enterprise",
        "record_id": enterprise,
        "field": "address",
        "server_value": "a",
        "server_by": "x",
        "server_at": "",
        "incoming_value": value,
        "incoming_by": "x",
        "incoming_author": "",
        "incoming_at": "",
        "incoming_entry": new_id(),
        "status": "open",
        "resolved_value": None,
        "resolved_by": "",
        "resolved_at": "",
    }


def test_a_device_cannot_make_a_conflict_record(devices: Any) -> None:
    township: Device = devices("xucun1")
    township.sync()
    for value in ({"a": 1}, "plain text"):
        (result,) = township.api.push([entry("sync_conflict", conflict_data(township, value))])[
            "results"
        ]
        assert result["status"] == "rejected"
        assert result["reason"]["code"] == "server_only"


def test_a_value_of_the_wrong_kind_in_any_field_is_refused_naming_it(
    devices: Any, live_server: Any
) -> None:
    county: Device = devices("haining1")
    county.sync()
    good = registry_data(ENTRY_HANING)
    for field, value in (
        ("address", {"nested": "object"}),
        ("address", ["a", "list"]),
        ("employees", 2**70),
        ("key_supervised", float("nan")),
    ):
        # json.dumps writes NaN as the bare word a lenient parser accepts
        body = json.dumps({"entries": [entry("enterprise", {**good, field: value})]})
        (result,) = raw_push(county, live_server, body).json()["results"]
        assert result["status"] == "rejected", (field, value)
        assert result["reason"]["code"] == "invalid"
        assert field in [f["field"] for f in result["reason"]["fields"]]


def test_a_lone_surrogate_or_nul_anywhere_is_a_4xx_naming_the_field(
    devices: Any, live_server: Any
) -> None:
    county: Device = devices("haining1")
    county.sync()
    good = registry_data(ENTRY_HANING)
    # a lone surrogate can only be written as a JSON escape: it is not valid UTF-8
    body = json.dumps({"entries": [entry("enterprise", {**good, "name": "X"})]})
    response = raw_push(county, live_server, body.replace('"name": "X"', '"name": "\\ud800"'))
    assert response.status_code == 422
    assert "name" in response.text and "\\ud800" not in response.json()["message"]["en"]
    for field in ("name", "address", "legal_rep"):
        (result,) = county.api.push([entry("enterprise", {**good, field: "甲\x00乙"})])["results"]
        assert result["status"] == "rejected"
        assert result["reason"]["fields"] == [{"field": field, "rule": "control_char"}]
        # and the app refuses it with the same rule
        with pytest.raises(RecordInvalid) as local:
            county.create({**ENTRY_HANING, field: "甲\x00乙"})
        assert [(e.field, e.rule) for e in local.value.errors] == [(field, "control_char")]
    # in a change of an existing record too
    record_id = county.create(ENTRY_HANING)
    county.sync()
    body = json.dumps(
        {
            "entries": [
                {
                    **entry("enterprise", {}, record_id),
                    "op": "update",
                    "changes": {"address": ["", "X"]},
                }
            ]
        }
    )
    response = raw_push(county, live_server, body.replace('"X"', '"\\udc00"'))
    assert response.status_code == 422 and "address" in response.text


def poison(live_server: Any) -> dict[str, str]:
    """Bad records written straight into the central store, as an older server let them in: a
    conflict whose value is an object, an enterprise with a list for its address."""
    engine = live_server.engine
    with db.writing(engine) as conn:
        r = db.records.c
        enterprise_id, text = conn.execute(
            select(r.record_id, r.data)
            .where(r.table_name == "enterprise", r.county_code == "330481")
            .order_by(r.record_id)
            .limit(1)
        ).one()
        good = json.loads(text)
        where = records.Scope(good["county_code"], good["town_code"], good["supervising_unit"])
        batch = Batch()
        now = dt.datetime.now(dt.UTC)
        conflict = {
            "county_code": good["county_code"],
            "town_code": good["town_code"],
            "supervising_unit": good["supervising_unit"],
            "table_name": "enterprise",
            "record_id": enterprise_id,
            "field": "address",
            "server_value": good["address"],
            "server_by": "x",
            "server_at": "",
            "incoming_value": {"poisoned": True},
            "incoming_by": "x",
            "incoming_author": "",
            "incoming_at": "",
            "incoming_entry": new_id(),
            "status": "open",
            "resolved_value": None,
            "resolved_by": "",
            "resolved_at": "",
        }
        ids = {"sync_conflict": new_id(), "enterprise": new_id()}
        records.put(
            conn, batch, "sync_conflict", ids["sync_conflict"], conflict, where, "x", now, [], False
        )
        bad = {**good, "uscc": "91330481POISONED01", "address": ["not", "text"]}
        records.put(conn, batch, "enterprise", ids["enterprise"], bad, where, "x", now, [], False)
        batch.finish(conn)
    return ids


def set_aside(device: Device) -> set[tuple[str, str]]:
    return {
        (r[0], r[1])
        for r in device.store.conn.execute("SELECT table_name, record_id FROM sync_quarantine")
    }


def test_poisoned_records_never_stop_a_sync_and_can_be_withdrawn(
    devices: Any, live_server: Any
) -> None:
    settled: Device = devices("haining1")
    settled.sync()
    ids = poison(live_server)
    expected = {(t, i) for t, i in ids.items()}
    # a device that had synced before, a county's first sync, the city's first sync: each
    # finishes, sets the two records aside, and verifies without downloading anything again
    for device in (settled, devices("haining2"), devices("city1")):
        report = device.sync()
        assert set_aside(device) == expected
        assert report.set_aside == 2 and report.redownloaded == []
        assert any(ids["enterprise"] in p for p in report.problems)
    # the next sync tries them again, and still goes on
    again = settled.sync()
    assert again.set_aside == 2
    attempts = settled.store.conn.execute("SELECT max(attempts) FROM sync_quarantine").fetchone()
    assert attempts[0] >= 2
    # an administrator withdraws them (audited); every device drops them at its next pull
    url = live_server.engine.url.render_as_string(hide_password=False)
    for table, record_id in ids.items():
        assert (
            admin.main(
                [
                    "--db",
                    url,
                    "withdraw-record",
                    table,
                    record_id,
                    "--reason",
                    "数据损坏",
                    "--by",
                    "admin1",
                ]
            )
            == 0
        )
    with db.reading(live_server.engine) as conn:
        listed = records.withdrawals(conn)
    assert {(w["table_name"], w["record_id"]) for w in listed} == expected
    assert {w["withdrawn_by"] for w in listed} == {"admin1"}
    report = settled.sync()
    assert set_aside(settled) == set() and report.set_aside == 0
    assert report.redownloaded == []
    # a withdrawn record cannot come back
    (result,) = settled.api.push(
        [entry("enterprise", registry_data(ENTRY_HANING), ids["enterprise"])]
    )["results"]
    assert result["reason"]["code"] == "withdrawn"
    # withdrawing what the server does not hold is an error, not a silent success
    assert (
        admin.main(["--db", url, "withdraw-record", "enterprise", new_id(), "--reason", "x"]) == 1
    )


def test_the_change_log_history_cannot_be_rewritten_and_a_tampered_log_is_not_pushed(
    devices: Any, live_server: Any
) -> None:
    laptop: Device = devices("haining1")
    laptop.sync()
    record_id = laptop.create(ENTRY_HANING)
    conn = laptop.store.conn
    assert outbox.log_tampering(conn) is None
    guards = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    for statement in (
        "UPDATE change_log SET changes = '{\"x\": 1}' WHERE record_id = ?",
        "UPDATE change_log SET record_id = 'other' WHERE record_id = ?",
        "DELETE FROM change_log WHERE record_id = ?",
    ):
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(statement, (record_id,))
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("DELETE FROM change_tx")
    # only the server's answer on an entry may change
    conn.execute("UPDATE change_log SET status_at = 'x' WHERE record_id = ?", (record_id,))
    # someone drops a guard to rewrite the history: nothing is pushed any more
    conn.execute("DROP TRIGGER change_log_history_kept")
    assert "change_log_history_kept" in (outbox.log_tampering(conn) or "")
    with pytest.raises(SyncError) as info:
        laptop.sync()
    assert info.value.kind == "tampered" and "不再上传" in info.value.zh
    with db.reading(live_server.engine) as server:
        assert records.get(server, "enterprise", record_id) is None
    # a weaker guard put back in its place is seen
    conn.execute(
        "CREATE TRIGGER change_log_history_kept BEFORE UPDATE OF op ON change_log "
        "BEGIN SELECT RAISE(ABORT, 'the change log history cannot be changed'); END"
    )
    assert "change_log_history_kept" in (outbox.log_tampering(conn) or "")
    # an entry removed behind the guards' back is seen too, the guards restored as they were
    conn.execute("DROP TRIGGER change_log_history_kept")
    conn.execute(guards["change_log_history_kept"])
    conn.execute("DROP TRIGGER change_log_append_only")
    conn.execute("DELETE FROM change_log WHERE seq = 1")
    conn.execute(guards["change_log_append_only"])
    assert "removed" in (outbox.log_tampering(conn) or "")


def test_a_second_different_resolution_of_a_conflict_is_refused_naming_the_first(
    devices: Any, live_server: Any
) -> None:
    a: Device = devices("haining1")
    b: Device = devices("haining2")
    a.sync()
    entity = a.create(ENTRY_HANING)
    a.sync()
    b.sync()
    a.update(entity, {"contact_phone": "13900000001"})
    b.update(entity, {"contact_phone": "13900000002"})
    a.sync()
    b.sync()
    a.sync()
    (conflict_id,) = [c.id for c in conflicts.open_conflicts(a.store.conn)]
    assert [c.id for c in conflicts.open_conflicts(b.store.conn)] == [conflict_id]
    # both decide offline, differently: a keeps its own value, b takes the other
    with UnitOfWork(a.store, a.author) as uow:
        conflicts.resolve_conflict(uow, a.tables, conflict_id, "server")
    with UnitOfWork(b.store, b.author) as uow:
        conflicts.resolve_conflict(uow, b.tables, conflict_id, "incoming")
    a.sync()
    report = b.sync()
    (reason,) = [
        json.loads(r[0])
        for r in b.store.conn.execute(
            "SELECT status_reason FROM change_log WHERE table_name = 'sync_conflict' "
            "AND status = 'rejected'"
        )
    ]
    assert reason["code"] == "already_resolved" and "haining1" in reason["zh"]
    # the record change b made with its resolution is refused with it, not applied, and put
    # back on b as the first decision left it
    (record_reason,) = [
        json.loads(r[0])
        for r in b.store.conn.execute(
            "SELECT status_reason FROM change_log WHERE table_name = 'enterprise' "
            "AND status = 'rejected'"
        )
    ]
    assert record_reason["code"] == "already_resolved"
    (on_server,) = [r for r in server_records(live_server.engine) if r["id"] == entity]
    assert on_server["contact_phone"] == "13900000001"
    assert report.undone == 1
    assert b.store.conn.execute(
        "SELECT contact_phone FROM enterprise WHERE id = ?", (entity,)
    ).fetchone() == ("13900000001",)
    assert b.store.conn.execute(
        "SELECT resolved_value, status FROM sync_conflict WHERE id = ?", (conflict_id,)
    ).fetchone() == ("13900000001", "resolved")
    assert not report.redownloaded
    # the device keeps the name of who decided first
    assert conflicts.user_names(b.store.conn)[reason["resolved_by"]] == "haining1"
    # no conflict about the conflict
    with_server = b.store.conn.execute(
        "SELECT count(*) FROM sync_conflict WHERE table_name = 'sync_conflict'"
    ).fetchone()[0]
    assert with_server == 0


def test_numbers_are_leased_only_from_ones_own_organs_series_of_this_year(
    devices: Any,
) -> None:
    today = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    year = today.year
    refusals = (
        ("nanhu1", "海宁", year, "not_your_series"),  # another county's bureau
        ("changan1", "海宁", year, "not_your_series"),  # a township without delegation
        ("haining1", "嘉", year, "not_your_series"),  # the city's
        ("haining1", "海宁", year - 1, "series_year"),
        (
            "haining1",
            "海宁",
            year + (2 if (today.month, today.day) >= (12, 15) else 1),
            "series_year",
        ),
    )
    for username, authority, series_year, code in refusals:
        device: Device = devices(username)
        with pytest.raises(SyncError) as info:
            device.api.lease_numbers("检记", authority, series_year, 10, new_id())
        assert info.value.code == code, (username, authority, series_year)
    # a township under a delegation leases its delegating bureau's numbers
    delegated: Device = devices("xucun1")
    assert delegated.api.lease_numbers("检记", "海宁", year, 10, new_id())["first"] >= 1
    # one device cannot drain its own organ's series
    county: Device = devices("haining1")
    for _ in range(5):
        county.api.lease_numbers("罚决", "海宁", year, 1000, new_id())
    with pytest.raises(SyncError) as capped:
        county.api.lease_numbers("罚决", "海宁", year, 1, new_id())
    assert capped.value.code == "lease_cap" and capped.value.status == 429


def test_a_covert_task_reaches_only_those_who_may_see_it(devices: Any, live_server: Any) -> None:
    team_member: Device = devices("haining2")
    assert team_member.credentials is not None
    member_id = team_member.credentials.user["id"]
    task_id, ordinary_id = new_id(), new_id()
    with db.writing(live_server.engine) as conn:
        before = records.current_seq(conn)
        batch = Batch()
        where = records.Scope("330481", "330481005", "330481")
        for record_id, covert in ((task_id, 1), (ordinary_id, 0)):
            data = {
                "kind": "covert" if covert else "planned",
                "covert": covert,
                "officer_ids": json.dumps([member_id]),
                "created_by": "someone-else",
            }
            records.put(conn, batch, "plan_task", record_id, data, where, "x", db.now(), [], False)
        draw_id = new_id()  # a draw made for covert checks: its team is in its parameters
        draw = {"params": json.dumps({"covert": True}), "created_by": "someone-else"}
        records.put(conn, batch, "random_draw", draw_id, draw, where, "x", db.now(), [], False)
        batch.finish(conn)

    def draws(device: Device) -> set[str]:
        return {row[0] for row in device.api.snapshot("random_draw", "")["rows"]}

    assert draw_id not in draws(devices("haining1"))
    assert draw_id in draws(devices("approver1"))

    def seen(device: Device) -> set[str]:
        pulled = {r["id"] for r in device.api.pull(before, 1000)["records"]}
        snapshot = {row[0] for row in device.api.snapshot("plan_task", "")["rows"]}
        count = device.api.verify(["plan_task"])["tables"]["plan_task"]["count"]
        assert pulled & {task_id, ordinary_id} == snapshot == set(list(snapshot)[:count])
        return snapshot

    # the county's other officers see the ordinary task only; the team, the county's approver
    # and the city see the covert one too
    assert seen(devices("haining1")) == {ordinary_id}
    assert seen(devices("xucun1")) == {ordinary_id}
    for device in (team_member, devices("approver1"), devices("city1")):
        assert seen(device) == {task_id, ordinary_id}
    assert seen(devices("nanhu1")) == set()  # another county: neither


def test_children_of_a_covert_inspection_reach_only_those_who_may_see_it(
    devices: Any, live_server: Any
) -> None:
    """Hazards, their events and documents of a covert inspection go where the inspection
    goes: pull, snapshot and verification alike; an inspection made covert later takes its
    children with it."""
    team_member: Device = devices("haining2")
    assert team_member.credentials is not None
    member_id = team_member.credentials.user["id"]
    covert_id, later_id = new_id(), new_id()
    hazard_id, event_id, document_id, later_hazard = new_id(), new_id(), new_id(), new_id()
    where = records.Scope("330481", "330481005", "330481")

    def put(conn: Any, batch: Batch, table: str, record_id: str, data: dict[str, Any]) -> None:
        exists = records.get(conn, table, record_id) is not None
        records.put(conn, batch, table, record_id, data, where, "x", db.now(), [], exists)

    team = json.dumps([member_id])
    with db.writing(live_server.engine) as conn:
        before = records.current_seq(conn)
        batch = Batch()
        put(conn, batch, "inspection", covert_id, {"kind": "covert", "officer_ids": team})
        put(conn, batch, "hazard", hazard_id, {"inspection_id": covert_id})
        put(conn, batch, "hazard_event", event_id, {"hazard_id": hazard_id, "kind": "found"})
        document = {"record_table": "inspection", "record_id": covert_id, "kind": "record"}
        put(conn, batch, "document", document_id, document)
        put(conn, batch, "inspection", later_id, {"kind": "routine", "officer_ids": team})
        put(conn, batch, "hazard", later_hazard, {"inspection_id": later_id})
        batch.finish(conn)
    children = {"hazard": {hazard_id, later_hazard}, "hazard_event": {event_id}}
    children["document"] = {document_id}

    def seen(device: Device) -> dict[str, set[str]]:
        pulled = {r["id"] for r in device.api.pull(before, 1000)["records"]}
        out = {}
        for table in children:
            snapshot = {row[0] for row in device.api.snapshot(table, "")["rows"]}
            count = device.api.verify([table])["tables"][table]["count"]
            assert pulled & children[table] == snapshot and count == len(snapshot)
            out[table] = snapshot
        return out

    outsider: Device = devices("haining1")
    assert seen(outsider) == {"hazard": {later_hazard}, "hazard_event": set(), "document": set()}
    assert seen(team_member) == children
    # the ordinary inspection becomes covert: its hazard leaves the outsider's scope too
    with db.writing(live_server.engine) as conn:
        batch = Batch()
        put(conn, batch, "inspection", later_id, {"kind": "covert", "officer_ids": team})
        batch.finish(conn)
    assert seen(outsider)["hazard"] == set()
    assert seen(team_member) == children
