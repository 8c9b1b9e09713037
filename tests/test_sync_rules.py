"""The server runs the domain's rules: a record pushed by hand, not through the app, is refused
with the code and the very sentences the app shows for the same mistake.

Each test makes the honest part of a record on a laptop (so that it exists on the server), then
pushes a forged record or change straight to the API, as someone holding a valid officer
account could."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import pytest
from inspection_support import MACHINE_WORKS, START
from sqlalchemy import text
from sync_support import Device
from test_sync_inspections import certify, inspect, officer_ids

from inspector_app.cases import cases, procedure
from inspector_app.inspections import checklists, hazards, inspections
from inspector_app.registry import context
from inspector_app.registry.validation import RecordInvalid, ValidationError
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.clock import new_id
from sync.server import db


def insert(device: Device, table: str, data: dict[str, Any], record_id: str = "") -> dict[str, Any]:
    return {
        "entry_id": new_id(),
        "tx_id": new_id(),
        "table": table,
        "record_id": record_id or new_id(),
        "op": "insert",
        "data": data,
        "device_time": dt.datetime.now(dt.UTC).isoformat(),
        "author": device.author,
    }


def change(device: Device, table: str, record_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    entry = insert(device, table, {}, record_id)
    del entry["data"]
    return {**entry, "op": "update", "changes": changes}


def pushed(device: Device, *entries: dict[str, Any]) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = device.api.push(list(entries))["results"]
    return results


def draft(device: Device) -> tuple[str, str]:
    """An unsigned inspection of the machine works, synced: (inspection id, enterprise id)."""
    enterprise = device.create(MACHINE_WORKS)
    checklist = checklists.load_catalogue().for_enterprise("机械", ())
    with UnitOfWork(device.store, device.author) as uow:
        inspection_id = inspections.start(
            uow,
            device.registry.tree,
            enterprise,
            officer_ids(device),
            "planned",
            checklist,
            started_at=START,
        )
    device.sync()
    return inspection_id, enterprise


@pytest.mark.slow
def test_a_hazard_due_before_its_finding_is_refused_as_the_app_refuses_it(
    devices: Any, live_server: Any
) -> None:
    certify(live_server)
    laptop: Device = devices("haining1")
    laptop.sync()
    inspection_id, enterprise = draft(laptop)
    row = laptop.store.conn.execute(
        "SELECT county_code, town_code, supervising_unit FROM enterprise WHERE id = ?",
        (enterprise,),
    ).fetchone()
    forged = {
        "inspection_id": inspection_id,
        "enterprise_id": enterprise,
        "county_code": row[0],
        "town_code": row[1],
        "supervising_unit": row[2],
        "supervision_industry": "机械",
        "item_code": "",
        "description": "冲床未安装防护装置",
        "location": "冲压车间",
        "basis": "",
        "major": 0,
        "measures": "rectify_by_deadline",
        "deadline": (START.date() - dt.timedelta(days=3)).isoformat(),
        "found_on": START.date().isoformat(),
        "position": 0,
        "withdrawn": 0,
    }
    (result,) = pushed(laptop, insert(laptop, "hazard", forged))
    assert result["status"] == "rejected"
    assert result["reason"]["code"] == "invalid"
    assert result["reason"]["fields"] == [{"field": "deadline", "rule": "order"}]
    # the app refuses the same deadline with the same sentence
    with pytest.raises(ValidationError) as local:
        with UnitOfWork(laptop.store, laptop.author) as uow:
            hazards.check_hazard(forged, context.of(uow))
    assert result["reason"]["zh"] == local.value.zh
    assert result["reason"]["en"] == local.value.en


@pytest.mark.slow
def test_a_decision_out_of_order_by_a_self_named_approver_is_refused(
    devices: Any, live_server: Any
) -> None:
    certify(live_server)
    laptop: Device = devices("haining1")
    laptop.sync()
    enterprise = laptop.create(MACHINE_WORKS)
    with UnitOfWork(laptop.store, laptop.author) as uow:
        case_id = procedure.open_case(
            uow,
            laptop.registry.tree,
            {
                "enterprise_id": enterprise,
                "cause": "未按规定进行安全培训",
                "violation_on": (dt.date.today() - dt.timedelta(days=5)).isoformat(),
                "article_id": "AQ2021-97",
            },
        )
    laptop.sync()
    step = {
        "case_id": case_id,
        "kind": "decision",
        "occurred_on": dt.date.today().isoformat(),
        "officer_ids": "",
        "approved_by": laptop.author,  # the officer names himself as the approver
        "data": json.dumps(
            {"amount": "99999999.99", "article_id": "AQ2021-97"}, ensure_ascii=False
        ),
        "created_by": laptop.author,
    }
    (result,) = pushed(laptop, insert(laptop, "case_step", step))
    assert result["status"] == "rejected"
    assert result["reason"]["code"] == "not_filed"  # no filing, no notice: the first rule broken
    assert "第五十四条" in result["reason"]["zh"]
    assert cases.state(laptop.store.conn, case_id).stage == "new"


@pytest.mark.slow
def test_an_inspection_cannot_arrive_signed_nor_gain_signatures_or_officers_once_signed(
    devices: Any, live_server: Any, tmp_path: Any
) -> None:
    certify(live_server)
    laptop: Device = devices("haining1")
    laptop.sync()
    inspection_id, _made = inspect(laptop, tmp_path)
    laptop.sync()
    ours = laptop.tables.read(laptop.store.conn, "inspection", inspection_id)
    assert ours is not None
    arriving_signed = dict(ours, amends_id=None)
    signature = dict(next(iter(laptop.tables.rows(laptop.store.conn, "signature")))[1])
    member = dict(next(iter(laptop.tables.rows(laptop.store.conn, "inspection_officer")))[1])
    results = pushed(
        laptop,
        insert(laptop, "inspection", arriving_signed),
        insert(laptop, "signature", dict(signature, signer_name="冒名者")),
        insert(laptop, "inspection_officer", dict(member, position=5)),
    )
    assert [r["status"] for r in results] == ["rejected"] * 3
    assert [r["reason"]["code"] for r in results] == ["signed_on_arrival", "signed", "signed"]


@pytest.mark.slow
def test_a_document_whose_hash_does_not_match_its_content_is_refused(
    devices: Any, live_server: Any, tmp_path: Any
) -> None:
    certify(live_server)
    laptop: Device = devices("haining1")
    laptop.sync()
    inspect(laptop, tmp_path)
    laptop.sync()
    document = dict(next(iter(laptop.tables.rows(laptop.store.conn, "document")))[1])
    content = json.loads(document["content"])
    content["hazards"] = []
    tampered = dict(document, content=json.dumps(content, ensure_ascii=False), seq=document["seq"])
    (result,) = pushed(laptop, insert(laptop, "document", tampered))
    assert result["reason"]["code"] == "content_hash"
    resealed = dict(
        tampered,
        content_sha256=hashlib.sha256(tampered["content"].encode("utf-8")).hexdigest(),
        number=document["number"].replace("号", "0号"),
    )
    (result,) = pushed(laptop, insert(laptop, "document", resealed))
    assert result["reason"]["code"] == "invalid"
    assert result["reason"]["fields"] == [{"field": "number", "rule": "format"}]


@pytest.mark.slow
def test_a_decided_case_keeps_its_party_facts_and_article(devices: Any, live_server: Any) -> None:
    certify(live_server)
    laptop: Device = devices("haining1")
    laptop.sync()
    enterprise = laptop.create(MACHINE_WORKS)
    today = dt.date.today()
    with UnitOfWork(laptop.store, laptop.author) as uow:
        case_id = procedure.open_case(
            uow,
            laptop.registry.tree,
            {
                "enterprise_id": enterprise,
                "cause": "未按规定进行安全培训",
                "violation_on": (today - dt.timedelta(days=30)).isoformat(),
                "article_id": "AQ2021-97",
            },
        )
    laptop.sync()
    # the case decided on the server (steps written there as the procedure allows them)
    with db.writing(live_server.engine) as conn:
        conn.execute(
            text(
                "INSERT INTO records (table_name, record_id, data, county_code, town_code, "
                "supervising_unit, unit_code, public, natural_key, parent_id, field_meta, seq, "
                "updated_at, updated_by) SELECT 'case_step', :i, :d, county_code, town_code, "
                "supervising_unit, unit_code, public, NULL, record_id, '{}', 0, updated_at, "
                "updated_by FROM records WHERE table_name = 'penalty_case' AND record_id = :c"
            ),
            {
                "i": new_id(),
                "c": case_id,
                "d": json.dumps(
                    {
                        "case_id": case_id,
                        "kind": "decision",
                        "occurred_on": today.isoformat(),
                        "officer_ids": "",
                        "approved_by": "",
                        "data": json.dumps({"amount": "20000", "article_id": "AQ2021-97"}),
                        "created_by": laptop.author,
                    }
                ),
            },
        )
    row = laptop.tables.read(laptop.store.conn, "penalty_case", case_id)
    assert row is not None
    results = pushed(
        laptop,
        change(laptop, "penalty_case", case_id, {"party_name": [row["party_name"], "他人公司"]}),
        change(laptop, "penalty_case", case_id, {"facts": [row["facts"], "改写的事实"]}),
        change(laptop, "penalty_case", case_id, {"article_id": ["AQ2021-97", "AQ2021-99"]}),
    )
    assert [r["reason"]["code"] for r in results] == ["decided"] * 3


def test_the_server_and_the_app_judge_a_step_with_one_function() -> None:
    """The refusal the server sends is built from the app's own exception (no second text)."""
    from sync.server import push as records

    exc = cases.CaseError("statement_period", "陈述申辩期限尚未届满", "The period has not passed")
    reason = records._invalid("e1", exc)["reason"]
    assert reason == {"code": "statement_period", "zh": exc.zh, "en": exc.en}
    invalid = RecordInvalid([ValidationError("deadline", "order", "期限：早", "deadline: early")])
    assert records._invalid("e2", invalid)["reason"]["fields"] == [
        {"field": "deadline", "rule": "order"}
    ]


def filed_case(devices: Any, live_server: Any) -> tuple[Device, str, str, list[str]]:
    """A case filed on the server (a laptop requests, the approver approves, both synced):
    the approver's device, the case id, the approver's id and the certified team."""
    from test_sync_inspections import officer_ids as certified

    from inspector_app.cases.workdays import default_calendar

    certify(live_server)
    laptop: Device = devices("haining1")
    laptop.sync()
    enterprise = laptop.create(MACHINE_WORKS)
    today = dt.date.today()
    team = certified(laptop)
    with UnitOfWork(laptop.store, laptop.author) as uow:
        case_id = procedure.open_case(
            uow,
            laptop.registry.tree,
            {"enterprise_id": enterprise, "cause": "使用报废的起重吊具", "violation_on": today},
        )
        procedure.add_step(
            uow,
            case_id,
            cases.StepInput("filing_requested", today, officer_ids=team),
            default_calendar(),
        )
    laptop.sync()
    office: Device = devices("approver1")
    office.sync()
    approver_id = office.credentials.user["id"]  # type: ignore[union-attr]
    with UnitOfWork(office.store, office.author) as uow:
        procedure.add_step(
            uow,
            case_id,
            cases.StepInput("filing_approved", today, approved_by=approver_id),
            default_calendar(),
        )
    office.sync()
    return office, case_id, approver_id, team


@pytest.mark.slow
def test_a_seizure_pushed_by_hand_is_judged_as_the_app_judges_it(
    devices: Any, live_server: Any
) -> None:
    """行政强制法 Art. 25: a seizure of more than 30 days, pushed straight to the API by the
    approver of a filed case, is refused with the field and the rule the app names; the same
    step within the limit is accepted."""
    office, case_id, approver_id, team = filed_case(devices, live_server)
    today = dt.date.today()
    data = {
        "measure": "seize",
        "place": "二号车间",
        "items": ["报废的起重吊具 2套"],
        "days": 45,
        "until": (today + dt.timedelta(days=45)).isoformat(),
        "signed_by": "party",
        "record": "当场告知扣押的理由、依据和权利。",
    }
    step = {
        "case_id": case_id,
        "kind": "seizure",
        "occurred_on": today.isoformat(),
        "officer_ids": ",".join(team),
        "approved_by": approver_id,
        "data": json.dumps(data, ensure_ascii=False),
        "created_by": office.author,
    }
    (result,) = pushed(office, insert(office, "case_step", step))
    assert result["status"] == "rejected"
    assert result["reason"]["fields"] == [{"field": "days", "rule": "range"}]
    assert "第二十五条" in result["reason"]["zh"]
    data.update(days=30, until=(today + dt.timedelta(days=30)).isoformat())
    step["data"] = json.dumps(data, ensure_ascii=False)
    (result,) = pushed(office, insert(office, "case_step", step))
    assert result["status"] == "accepted", result


@pytest.mark.slow
def test_a_power_cut_pushed_by_hand_is_judged_as_the_app_judges_it(
    devices: Any, live_server: Any
) -> None:
    """安全生产法 Art. 70 ¶2: a power cut decided today and planned under 24 hours after the
    notice, pushed straight to the API, is refused naming the planned cut's date; planned 24
    hours ahead (a day the server has not reached yet) it is accepted."""
    office, case_id, approver_id, _team = filed_case(devices, live_server)
    today = dt.date.today()
    data = {
        "order": "（海宁）应急现决〔2026〕3号 责令暂时停产停业",
        "supplier": "国网海宁市供电公司",
        "notified_at": "10:00",
        "cut_on": (today + dt.timedelta(days=1)).isoformat(),
        "cut_at": "09:00",
    }
    step = {
        "case_id": case_id,
        "kind": "power_cut",
        "occurred_on": today.isoformat(),
        "officer_ids": "",
        "approved_by": approver_id,
        "data": json.dumps(data, ensure_ascii=False),
        "created_by": office.author,
    }
    (result,) = pushed(office, insert(office, "case_step", step))
    assert result["status"] == "rejected"
    assert result["reason"]["fields"] == [{"field": "cut_on", "rule": "notice"}]
    assert "第七十条第二款" in result["reason"]["zh"]
    data.update(notified_at="09:00")
    step["data"] = json.dumps(data, ensure_ascii=False)
    (result,) = pushed(office, insert(office, "case_step", step))
    assert result["status"] == "accepted", result
