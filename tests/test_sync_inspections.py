"""Inspections travel: a signed inspection with its hazards, events, signatures and documents
reaches the server and the county's other laptops exactly; the server refuses changes to what
a signature locked; hazard events added on two laptops offline merge by union."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from inspection_support import MACHINE_WORKS, START, png_bytes
from sync_support import Device

from inspector_app.inspections import documents, hazard_photos, hazards, inspections, signing
from inspector_app.inspections.checklists import load_catalogue
from inspector_app.store import attachments
from inspector_app.store.changelog import UnitOfWork
from sync import admin

TABLES = (
    "inspection",
    "inspection_officer",
    "inspection_item",
    "hazard",
    "hazard_photo",
    "hazard_event",
    "signature",
    "document",
)


def certify(live_server: Any) -> None:
    today = dt.date.today()
    for n, username in enumerate(("haining1", "haining2")):
        admin.add_certificate(
            live_server.engine,
            username,
            f"3304810090{n}",
            "浙江省人民政府",
            (today - dt.timedelta(days=400)).isoformat(),
            (today + dt.timedelta(days=800)).isoformat(),
        )


def officer_ids(device: Device) -> list[str]:
    rows = device.store.conn.execute(
        "SELECT o.id FROM officer o JOIN enforcement_certificate c ON c.officer_id = o.id "
        "WHERE o.unit_code = '330481' AND o.role = 'county' ORDER BY o.name"
    ).fetchall()
    return [r[0] for r in rows]


def inspect(device: Device, tmp_path: Any) -> tuple[str, list[str]]:
    """A full inspection on ``device``: three hazards, signed, record and order issued."""
    tree = device.registry.tree
    enterprise = device.create(MACHINE_WORKS)
    signature_file = tmp_path / "sig.png"
    signature_file.write_bytes(png_bytes())
    folder = tmp_path / "attachments"
    sha = attachments.add_file(device.store, folder, signature_file, "image/png")
    checklist = load_catalogue().for_enterprise("机械", ())
    with UnitOfWork(device.store, device.author) as uow:
        inspection_id = inspections.start(
            uow, tree, enterprise, officer_ids(device), "planned", checklist, started_at=START
        )
        inspections.update(
            uow, inspection_id, {"person_in_charge": "李安全", "situation": "检查了车间。"}
        )
        made = []
        for n, item in enumerate(inspections.items(uow.conn, inspection_id)):
            verdict = "hazard" if n < 3 else "compliant"
            inspections.set_verdict(uow, inspection_id, item.item_code, verdict)
            if n < 3:
                made.append(
                    hazards.add(
                        uow,
                        inspection_id,
                        {
                            "item_code": item.item_code,
                            "description": f"隐患{n + 1}",
                            "deadline": START.date() + dt.timedelta(days=10 + n),
                        },
                    )
                )
                hazard_photos.add_photo(uow, made[-1], sha, "p.png", "")
        team = inspections.team(uow.conn, inspection_id)
        given = [
            signing.SignatureInput(
                "officer", m.officer.name, officer_id=m.officer.id, image_sha256=sha
            )
            for m in team
        ]
        given.append(
            signing.SignatureInput(
                "person_in_charge", "李安全", refused=True, witness="村委会 陈见证"
            )
        )
        signing.sign(uow, inspection_id, given, ended_at=START + dt.timedelta(hours=1))
        documents.issue(uow, tree, "inspection_record", inspection_id, START.date())
        documents.issue(uow, tree, "rectification_order", inspection_id, START.date())
    return inspection_id, made


def rows(device: Device, table: str) -> dict[str, dict[str, Any]]:
    return dict(device.tables.rows(device.store.conn, table))


@pytest.mark.slow
def test_a_signed_inspection_reaches_the_countys_laptops_exactly(
    devices: Any, live_server: Any, tmp_path: Any
) -> None:
    certify(live_server)
    laptop: Device = devices("haining1")
    laptop.sync()
    inspection_id, made = inspect(laptop, tmp_path)
    report = laptop.sync()
    assert report.pushed.get("rejected", 0) == 0 and report.pushed.get("held", 0) == 0, report
    assert report.pushed["accepted"] > 50
    colleague: Device = devices("haining2")
    colleague.sync()
    for table in TABLES:
        assert rows(colleague, table) == rows(laptop, table), table
    theirs = inspections.require(colleague.store.conn, inspection_id)
    assert theirs.signed
    assert theirs.content_sha256 == signing.content_hash(
        signing.content_of(colleague.store.conn, inspection_id)
    )
    for hazard_id in made:
        assert hazards.state(colleague.store.conn, hazard_id).state == "ordered"
    # another county sees none of it; the city sees all of it
    elsewhere: Device = devices("nanhu1")
    elsewhere.sync()
    assert all(not rows(elsewhere, t) for t in TABLES)
    city: Device = devices("city1")
    city.sync()
    assert set(rows(city, "document")) == set(rows(laptop, "document"))


@pytest.mark.slow
def test_the_server_refuses_changes_to_signed_records(
    devices: Any, live_server: Any, tmp_path: Any
) -> None:
    certify(live_server)
    laptop: Device = devices("haining1")
    laptop.sync()
    inspection_id, made = inspect(laptop, tmp_path)
    laptop.sync()
    document_id = next(iter(rows(laptop, "document")))

    def entry(table: str, record_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        from inspector_app.store.clock import new_id

        return {
            "entry_id": new_id(),
            "tx_id": new_id(),
            "table": table,
            "record_id": record_id,
            "op": "update",
            "changes": changes,
            "device_time": dt.datetime.now(dt.UTC).isoformat(),
            "author": laptop.author,
        }

    answer = laptop.api.push(
        [
            entry("inspection", inspection_id, {"situation": ["检查了车间。", "改写"]}),
            entry("hazard", made[0], {"description": ["隐患1", "改写"]}),
            entry("document", document_id, {"number": ["x", "y"]}),
        ]
    )
    codes = [r["reason"]["code"] for r in answer["results"]]
    assert codes == ["signed", "signed", "immutable"]
    laptop.sync()
    assert inspections.require(laptop.store.conn, inspection_id).situation == "检查了车间。"


@pytest.mark.slow
def test_hazard_events_from_two_laptops_merge_by_union(
    devices: Any, live_server: Any, tmp_path: Any
) -> None:
    certify(live_server)
    one: Device = devices("haining1")
    one.sync()
    _inspection_id, made = inspect(one, tmp_path)
    one.sync()
    two: Device = devices("haining2")
    two.sync()
    # offline on both: one grants an extension of the first hazard, the other escalates it
    # to a case a day earlier, and escalates the second
    with UnitOfWork(one.store, one.author) as uow:
        hazards.record_event(
            uow, made[0], "extended", dt.date(2026, 12, 2), deadline=dt.date(2026, 12, 20)
        )
    with UnitOfWork(two.store, two.author) as uow:
        hazards.record_event(uow, made[0], "escalated", dt.date(2026, 12, 1), note="立案")
        hazards.record_event(uow, made[1], "escalated", dt.date(2026, 12, 1), note="立案")
    one.sync()
    two.sync()
    one.sync()
    assert rows(one, "hazard_event") == rows(two, "hazard_event")
    for device in (one, two):
        first = hazards.state(device.store.conn, made[0])
        assert first.state == "escalated"
        assert [e.kind for e in first.anomalies] == ["extended"]  # kept, shown, not lost
        assert hazards.state(device.store.conn, made[1]).state == "escalated"
        assert hazards.state(device.store.conn, made[2]).state == "ordered"


@pytest.mark.slow
def test_local_checklist_items_come_from_administrators_to_every_laptop(devices: Any) -> None:
    from inspector_app.inspections import local_checklist

    item = {
        "code": "LOCAL-010",
        "text": "是否按本市要求张贴岗位风险告知卡",
        "basis": "本市通知（示例）",
        "applies": {"all": True},
    }
    shipped = load_catalogue()
    administrator: Device = devices("admin1")
    administrator.sync()
    with UnitOfWork(administrator.store, administrator.author) as uow:
        local_checklist.add(uow, item, shipped)
    assert administrator.sync().pushed.get("accepted") == 1
    county: Device = devices("haining1")
    county.sync()
    merged = local_checklist.with_local(county.store.conn, shipped)
    assert "LOCAL-010" in [i.code for i in merged.for_enterprise("其他", ())]
    with UnitOfWork(county.store, county.author) as uow:
        local_checklist.add(uow, dict(item, code="LOCAL-011"), shipped)
    report = county.sync()
    assert report.pushed.get("rejected") == 1  # only administrators keep the checklists
    reasons = [
        r[0]
        for r in county.store.conn.execute(
            "SELECT status_reason FROM change_log WHERE status = 'rejected'"
        )
    ]
    assert any("forbidden_matter" in (r or "") for r in reasons)


@pytest.mark.slow
def test_an_approval_given_at_the_office_reaches_the_officer(
    devices: Any, live_server: Any
) -> None:
    from inspector_app.cases import cases, procedure
    from inspector_app.cases.workdays import default_calendar

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
                "violation_on": dt.date.today().isoformat(),
            },
        )
        procedure.add_step(
            uow,
            case_id,
            cases.StepInput("filing_requested", dt.date.today(), officer_ids=officer_ids(laptop)),
            default_calendar(),
        )
    laptop.sync()
    office: Device = devices("approver1")
    office.sync()
    assert cases.state(office.store.conn, case_id).stage == "requested"
    approver_id = office.credentials.user["id"]  # type: ignore[union-attr]
    with UnitOfWork(office.store, office.author) as uow:
        procedure.add_step(
            uow,
            case_id,
            cases.StepInput("filing_approved", dt.date.today(), approved_by=approver_id),
            default_calendar(),
        )
    assert office.sync().pushed.get("accepted") == 1
    laptop.sync()
    assert cases.state(laptop.store.conn, case_id).stage == "investigating"
    elsewhere: Device = devices("nanhu1")
    elsewhere.sync()
    assert cases.get(elsewhere.store.conn, case_id) is None
