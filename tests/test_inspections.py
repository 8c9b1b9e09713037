"""Inspections: the two-officer rule, autosaved drafts, signing locks, amendments, the hazard
lifecycle and the documents issued from them."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from case_support import Case
from inspection_support import DAY, START, World, make_world, png_bytes

from helpers import on_day
from inspector_app.documents import issued
from inspector_app.inspections import (
    board,
    documents,
    hazard_photos,
    hazards,
    inspections,
    photos,
    queries,
    reviews,
    signing,
    team,
)
from inspector_app.inspections.hazards import Event, derive
from inspector_app.inspections.rules import InspectionError
from inspector_app.registry.validation import ValidationError
from inspector_app.store import changelog
from inspector_app.store.changelog import UnitOfWork


@pytest.fixture
def world(store, registry, tmp_path: Path) -> World:
    return make_world(store, registry, tmp_path)


# -- the team ------------------------------------------------------------------------------------


def test_two_certified_officers_start_an_inspection(world: World) -> None:
    inspection_id = world.start()
    found = inspections.require(world.store.conn, inspection_id)
    assert found.status == "draft"
    assert found.county_code == "330481"
    assert found.authority_code == "330481"  # 海宁市应急管理局
    team = inspections.team(world.store.conn, inspection_id)
    assert [m.certificate.number for m in team] == ["33048100101", "33048100102"]
    codes = [i.item_code for i in inspections.items(world.store.conn, inspection_id)]
    assert codes and len(codes) == len(set(codes))
    assert {e.table_name for e in changelog.pending(world.store.conn)} >= {
        "inspection",
        "inspection_officer",
        "inspection_item",
    }


def test_one_officer_is_refused_naming_the_rule(world: World) -> None:
    with pytest.raises(InspectionError) as caught:
        world.start([world.lead])
    assert "至少需要2名持有效执法证的执法人员" in caught.value.zh
    assert "行政处罚法》第四十二条" in caught.value.zh
    assert queries.for_enterprise(world.store.conn, world.enterprise) == []


def test_an_expired_certificate_names_the_officer_and_the_date(world: World) -> None:
    with pytest.raises(InspectionError) as caught:
        world.start([world.lead, world.expired])
    assert "郑过期执法证已于2025-12-31过期" in caught.value.zh
    assert "expired on 2025-12-31" in caught.value.en


def test_a_revoked_certificate_and_a_missing_one_are_named(world: World) -> None:
    with UnitOfWork(world.store, "tester") as uow:
        uow.conn.execute(
            "UPDATE enforcement_certificate SET revoked = 1 WHERE officer_id = ?", (world.second,)
        )
        nobody = inspections.officers.create(uow, "孙无证", "330481", "county")
    with pytest.raises(InspectionError) as caught:
        world.start([world.lead, world.second, nobody])
    assert "吴执法执法证已被注销" in caught.value.zh
    assert "孙无证没有执法证" in caught.value.zh


def test_a_recused_officer_cannot_inspect_the_enterprise(world: World) -> None:
    with UnitOfWork(world.store, "tester") as uow:
        team.record_recusal(
            uow, world.second, world.enterprise, "party", "与法定代表人系亲属", "局长 冯决定", DAY
        )
    with pytest.raises(InspectionError) as caught:
        world.start()
    assert "吴执法已对该单位回避" in caught.value.zh
    inspection_id = world.start([world.lead, world.township])
    assert len(inspections.team(world.store.conn, inspection_id)) == 2


def test_township_staff_issue_in_the_county_bureaus_name(world: World) -> None:
    inspection_id = world.start([world.township, world.lead])
    found = inspections.require(world.store.conn, inspection_id)
    unit = world.tree.units[found.authority_code]  # type: ignore[attr-defined]
    assert unit.code == "330481"
    assert unit.authority.endswith("应急管理局")


# -- drafts and autosave -------------------------------------------------------------------------


def test_autosave_writes_only_what_changed_and_bad_input_saves_nothing(world: World) -> None:
    inspection_id = world.start()
    with UnitOfWork(world.store, "tester") as uow:
        delta = inspections.update(uow, inspection_id, {"situation": "检查了车间", "place": "车间"})
    assert set(delta) == {"situation", "place"}
    with UnitOfWork(world.store, "tester") as uow:
        assert inspections.update(uow, inspection_id, {"situation": "检查了车间"}) == {}
    with pytest.raises(ValidationError) as caught:
        with UnitOfWork(world.store, "tester") as uow:
            inspections.update(uow, inspection_id, {"situation": "改了", "person_phone": "12345"})
    assert caught.value.field == "person_phone"
    assert caught.value.zh.startswith("负责人电话：")
    assert inspections.require(world.store.conn, inspection_id).situation == "检查了车间"
    with pytest.raises(ValidationError) as caught:
        with UnitOfWork(world.store, "tester") as uow:
            inspections.update(uow, inspection_id, {"ended_at": "2026-11-20T08:00:00+08:00"})
    assert caught.value.rule == "order"


def test_special_operations_add_their_items_and_keep_verdicts(world: World) -> None:
    inspection_id = world.start()
    first = inspections.items(world.store.conn, inspection_id)[0]
    with UnitOfWork(world.store, "tester") as uow:
        inspections.set_verdict(uow, inspection_id, first.item_code, "compliant", "良好")
        inspections.set_special_operations(uow, inspection_id, ["dust"], world.checklist(("dust",)))
    after = inspections.items(world.store.conn, inspection_id)
    assert len(after) > len(world.checklist())
    assert after[0].verdict == "compliant" and after[0].note == "良好"
    assert inspections.require(world.store.conn, inspection_id).operations == ["dust"]


# -- signing, locking, amending ------------------------------------------------------------------


def test_signing_needs_verdicts_hazards_and_every_signature(world: World) -> None:
    inspection_id = world.start()
    with pytest.raises(InspectionError) as caught:
        world.sign(inspection_id)
    assert "检查表还有" in caught.value.zh and "现场负责人" in caught.value.zh
    world.fill(inspection_id)
    team = inspections.team(world.store.conn, inspection_id)
    only_one = [
        signing.SignatureInput(
            "officer",
            team[0].officer.name,
            officer_id=team[0].officer.id,
            image_sha256=world.signature,
        ),
        signing.SignatureInput("person_in_charge", "李安全", image_sha256=world.signature),
    ]
    with pytest.raises(InspectionError) as caught:
        with UnitOfWork(world.store, "tester") as uow:
            signing.sign(uow, inspection_id, only_one)
    assert "吴执法须亲自签名" in caught.value.zh
    refused_without_witness = [
        *only_one[:1],
        signing.SignatureInput(
            "officer",
            team[1].officer.name,
            officer_id=team[1].officer.id,
            image_sha256=world.signature,
        ),
        signing.SignatureInput("person_in_charge", "李安全", refused=True),
    ]
    with pytest.raises(ValidationError) as caught_v:
        with UnitOfWork(world.store, "tester") as uow:
            signing.sign(uow, inspection_id, refused_without_witness)
    assert caught_v.value.field == "witness"
    assert not inspections.require(world.store.conn, inspection_id).signed
    assert inspections.signatures(world.store.conn, inspection_id) == []


def test_a_signed_inspection_is_locked_in_the_domain_and_in_the_database(world: World) -> None:
    inspection_id = world.start()
    made = world.fill(inspection_id)
    digest = world.sign(inspection_id, refuse=True)
    found = inspections.require(world.store.conn, inspection_id)
    assert found.signed and found.content_sha256 == digest
    assert digest == signing.content_hash(signing.content_of(world.store.conn, inspection_id))
    refusal = [s for s in inspections.signatures(world.store.conn, inspection_id) if s["refused"]]
    assert refusal[0]["witness"] == "村委会 陈见证"
    with pytest.raises(InspectionError) as caught:
        with UnitOfWork(world.store, "tester") as uow:
            inspections.update(uow, inspection_id, {"situation": "改写"})
    assert caught.value.code == "signed"
    with pytest.raises(InspectionError):
        with UnitOfWork(world.store, "tester") as uow:
            hazards.update(uow, made[0], {"description": "改写"})
    for sql in (
        "UPDATE inspection SET situation = 'x' WHERE id = ?",
        "DELETE FROM inspection WHERE id = ?",
        "UPDATE inspection_item SET verdict = 'compliant' WHERE inspection_id = ?",
        "UPDATE hazard SET description = 'x' WHERE inspection_id = ?",
        "UPDATE signature SET refused = 0 WHERE record_id = ?",
    ):
        with pytest.raises(sqlite3.IntegrityError):
            with world.store.transaction() as conn:
                conn.execute(sql, (inspection_id,))
    assert inspections.require(world.store.conn, inspection_id).situation.startswith("检查了")


def test_an_amendment_is_a_new_record_and_the_history_shows_both(world: World) -> None:
    inspection_id = world.start()
    world.fill(inspection_id)
    world.sign(inspection_id)
    with UnitOfWork(world.store, "tester") as uow:
        amendment = inspections.amend(uow, inspection_id, "现场负责人职务写错")
        inspections.update(uow, amendment, {"person_title": "副总经理"})
    world.sign(amendment)
    history = queries.versions(world.store.conn, amendment)
    assert [v.id for v in history] == [inspection_id, amendment]
    assert history[0].person_title == "安全科长"  # the original is untouched
    assert history[1].person_title == "副总经理"
    assert history[1].amend_reason == "现场负责人职务写错"
    # the hazards stay with the original; they are not found twice
    assert len(hazards.of_inspection(world.store.conn, amendment)) == 0
    found_events = world.store.conn.execute(
        "SELECT count(*) FROM hazard_event WHERE kind = 'found'"
    ).fetchone()[0]
    assert found_events == 3


# -- the hazard lifecycle ------------------------------------------------------------------------


def _event(kind: str, day: int, created: str = "a", deadline: int | None = None) -> Event:
    return Event(
        id=f"{kind}-{created}",
        hazard_id="h",
        kind=kind,
        occurred_on=dt.date(2026, 12, day),
        deadline=dt.date(2026, 12, deadline) if deadline else None,
        inspection_id="",
        document_id="",
        case_id="",
        note="",
        created_by="t",
        created_at=created,
    )


def test_state_is_derived_from_events_in_any_arrival_order() -> None:
    stream = [
        _event("found", 1),
        _event("ordered", 1, "b", deadline=15),
        _event("extended", 10, deadline=25),
        _event("review_failed", 26),
        _event("ordered", 26, "c", deadline=31),
        _event("review_passed", 31),
        _event("closed", 31, "z"),
    ]
    for order in (stream, list(reversed(stream)), stream[3:] + stream[:3]):
        derived = derive(order)
        assert derived.state == "closed"
        assert derived.reviews_failed == 1
        assert derived.deadline == dt.date(2026, 12, 31)
        assert derived.anomalies == []


def test_overdue_and_due_this_week_come_from_the_deadline() -> None:
    derived = derive([_event("found", 1), _event("ordered", 1, "b", deadline=15)])
    assert derived.is_open
    assert not derived.overdue(dt.date(2026, 12, 15))
    assert derived.overdue(dt.date(2026, 12, 16))
    assert derived.due_within(dt.date(2026, 12, 9), 7)
    assert not derived.due_within(dt.date(2026, 12, 7), 7)
    extended = derive([*derived.events, _event("extended", 14, "c", deadline=30)])
    assert not extended.overdue(dt.date(2026, 12, 16))


def test_events_that_no_longer_fit_after_a_merge_are_kept_as_anomalies() -> None:
    # one laptop closed the hazard as eliminated on the spot, another ordered it fixed
    merged = derive(
        [
            _event("found", 1),
            _event("ordered", 1, "c", deadline=15),
            _event("closed", 1, "b"),
        ]
    )
    assert merged.state == "closed"
    assert [e.kind for e in merged.anomalies] == ["ordered"]
    # a later passing review after a failed one is the normal loop, not an anomaly
    loop = derive(
        [
            _event("found", 1),
            _event("ordered", 1, "b", deadline=15),
            _event("review_failed", 16, "w"),
            _event("review_passed", 16, "x"),
        ]
    )
    assert loop.state == "review_passed" and loop.anomalies == []


def test_events_are_refused_out_of_order_and_the_table_is_append_only(world: World) -> None:
    inspection_id = world.start()
    made = world.fill(inspection_id, hazards_on=1)
    world.sign(inspection_id)
    with pytest.raises(InspectionError) as caught:
        with UnitOfWork(world.store, "tester") as uow:
            hazards.record_event(uow, made[0], "review_passed", DAY)
    assert "隐患当前为“已发现”" in caught.value.zh
    with pytest.raises(ValidationError) as caught_v:
        with UnitOfWork(world.store, "tester") as uow:
            hazards.record_event(uow, made[0], "ordered", DAY)
    assert caught_v.value.field == "deadline"
    with pytest.raises(sqlite3.IntegrityError):
        with world.store.transaction() as conn:
            conn.execute("DELETE FROM hazard_event")


def test_full_loop_order_review_documents_and_board(world: World) -> None:
    inspection_id = world.start()
    made = world.fill(inspection_id)
    world.sign(inspection_id)
    with UnitOfWork(world.store, "tester") as uow:
        record = documents.issue(uow, world.tree, "inspection_record", inspection_id, DAY)  # type: ignore[arg-type]
        order = documents.issue(uow, world.tree, "rectification_order", inspection_id, DAY)  # type: ignore[arg-type]
    assert record.number.startswith("（海宁）应急检记〔2026〕")
    assert order.number.startswith("（海宁）应急责改〔2026〕")
    assert order.content["hazard_ids"] == made
    assert order.content["items"][0]["deadline"] == "2026年12月5日"
    assert order.content["remedy"]["review_body"] == "海宁市人民政府"
    assert [o["certificate_no"] for o in record.content["officers"]] == [
        "33048100101",
        "33048100102",
    ]
    for hazard_id in made:
        assert hazards.state(world.store.conn, hazard_id).state == "ordered"

    today = dt.date(2026, 12, 6)
    overdue = board.board(world.store.conn, today, board.BoardFilter(view="overdue"))
    assert [b.hazard["id"] for b in overdue] == made[:1]
    open_rows = board.board(world.store.conn, today, board.BoardFilter(county_code="330481"))
    assert len(open_rows) == 3
    assert board.board(world.store.conn, today, board.BoardFilter(county_code="330402")) == []

    review_day = on_day(world.store, dt.date(2026, 12, 6))  # the review is made that day
    review_day.__enter__()
    with UnitOfWork(world.store, "tester") as uow:
        review = reviews.start_review(
            uow, world.tree, made[:2], [world.lead, world.second], START.replace(day=6, month=12)
        )
        review_items = inspections.items(uow.conn, review)
        inspections.set_verdict(uow, review, review_items[0].item_code, "compliant")
        inspections.set_verdict(uow, review, review_items[1].item_code, "hazard", "未加装防护罩")
        inspections.update(uow, review, {"person_in_charge": "李安全", "situation": "复查两项隐患"})
    world.sign(review)
    assert hazards.state(world.store.conn, made[0]).state == "review_passed"
    assert hazards.state(world.store.conn, made[1]).state == "review_failed"
    with UnitOfWork(world.store, "tester") as uow:
        opinion = documents.issue(uow, world.tree, "review_opinion", review, dt.date(2026, 12, 6))  # type: ignore[arg-type]
    assert opinion.content["order_number"] == order.number
    assert [i["result"] for i in opinion.content["items"]] == ["已整改", "未整改"]
    assert opinion.number.startswith("（海宁）应急复查〔2026〕")
    review_day.__exit__(None, None, None)


def test_issued_documents_are_frozen_and_numbers_never_repeat(world: World) -> None:
    inspection_id = world.start()
    world.fill(inspection_id)
    world.sign(inspection_id)
    with UnitOfWork(world.store, "tester") as uow:
        first = documents.issue(uow, world.tree, "inspection_record", inspection_id, DAY)  # type: ignore[arg-type]
        again = documents.issue(uow, world.tree, "inspection_record", inspection_id, DAY)  # type: ignore[arg-type]
    assert first.number != again.number
    with pytest.raises(sqlite3.IntegrityError):
        with world.store.transaction() as conn:
            conn.execute("UPDATE document SET content = '{}' WHERE id = ?", (first.id,))
    stored = issued.get(world.store.conn, first.id)
    assert stored is not None and stored.content == first.content
    assert (
        json.loads(
            world.store.conn.execute(
                "SELECT content FROM document WHERE id = ?", (first.id,)
            ).fetchone()[0]
        )["number"]
        == first.number
    )


def test_documents_need_a_signed_inspection(world: World) -> None:
    inspection_id = world.start()
    with pytest.raises(InspectionError) as caught:
        with UnitOfWork(world.store, "tester") as uow:
            documents.issue(uow, world.tree, "inspection_record", inspection_id, DAY)  # type: ignore[arg-type]
    assert caught.value.code == "not_signed"
    assert world.store.conn.execute("SELECT count(*) FROM number_allocation").fetchone()[0] == 0


def test_closure_rule_counts_penalties_received(world: World) -> None:
    """安全生产法 Art. 113 (一): an open major hazard (存在重大事故隐患) and three penalties
    received in 180 days (counted on the day the decision reached the party), not hazards
    escalated."""
    with UnitOfWork(world.store, "tester") as uow:
        approver = inspections.officers.create(uow, "冯局长", "330481", "approver")
    for n in range(3):
        day = DAY + dt.timedelta(days=30 * n)
        case = Case(world, approver, violation_on=DAY.isoformat())
        case.step("onsite_decision", day, officer_ids=[world.lead, world.second], amount="1000")
    check = board.closure_check(world.store.conn, world.enterprise, DAY + dt.timedelta(days=70))
    assert check.counts[0] == (180, 3, 3)
    assert check.penalties_met
    assert check.major_present == 0 and not check.triggered  # penalties alone are not enough

    inspection_id = world.start()
    (hazard_id, *_) = world.fill(inspection_id, hazards_on=1)
    with UnitOfWork(world.store, "tester") as uow:
        hazards.update(uow, hazard_id, {"major": True})
    world.sign(inspection_id)
    check = board.closure_check(world.store.conn, world.enterprise, DAY + dt.timedelta(days=70))
    assert check.major_present == 1 and check.triggered
    later = board.closure_check(world.store.conn, world.enterprise, DAY + dt.timedelta(days=200))
    assert later.counts[0][2] == 2 and later.major_present == 1 and not later.triggered
    with UnitOfWork(world.store, "tester") as uow:  # rectification accepted: no longer present
        if hazards.state(uow.conn, hazard_id).state == "found":
            hazards.record_event(uow, hazard_id, "closed", dt.date.today())
        else:
            hazards.record_event(uow, hazard_id, "review_passed", dt.date.today())
            hazards.record_event(uow, hazard_id, "closed", dt.date.today())
    check = board.closure_check(world.store.conn, world.enterprise, DAY + dt.timedelta(days=70))
    assert check.penalties_met and check.major_present == 0 and not check.triggered


# -- photos --------------------------------------------------------------------------------------


def test_a_photo_keeps_its_bytes_and_exif_time(world: World, tmp_path: Path) -> None:
    jpeg = tmp_path / "p.jpg"
    # a minimal JPEG skeleton (start, one table, end): EXIF sits before the pixels
    base = b"\xff\xd8\xff\xdb\x00\x43\x00" + bytes(64) + b"\xff\xd9"
    taken = dt.datetime(2026, 11, 20, 9, 45, 12)
    jpeg.write_bytes(photos.jpeg_with_exif_time(base, taken))
    original = jpeg.read_bytes()
    inspection_id = world.start()
    with UnitOfWork(world.store, "tester") as uow:
        hazard_id = hazards.add(uow, inspection_id, {"description": "配电箱门缺失"})
    sha, when = hazard_photos.import_photo(world.store, world.attachments_dir, jpeg)
    assert when == "2026-11-20T09:45:12"
    with UnitOfWork(world.store, "tester") as uow:
        assert hazard_photos.add_photo(uow, hazard_id, sha, jpeg.name, when) is not None
        assert hazard_photos.add_photo(uow, hazard_id, sha, jpeg.name, when) is None  # same photo
    kept = (world.attachments_dir / sha[:2] / sha).read_bytes()
    assert kept == original
    assert hazard_photos.photos_of(world.store.conn, hazard_id)[0]["taken_at"] == when
    assert photos.taken_at(tmp_path / "missing.jpg") == ""
    # the same from the bytes; cut inside the EXIF block: no time, no error
    assert photos.exif_time(original) == when
    assert [photos.exif_time(original[:n]) for n in (0, 2, 10, 30, 50)] == [""] * 5
    png = tmp_path / "s.png"
    png.write_bytes(png_bytes())
    assert photos.taken_at(png) == ""


def test_an_event_cannot_precede_the_finding(world: World) -> None:
    inspection_id = world.start()
    made = world.fill(inspection_id, hazards_on=1)
    world.sign(inspection_id)
    with pytest.raises(ValidationError) as caught:
        with UnitOfWork(world.store, "tester") as uow:
            hazards.record_event(uow, made[0], "escalated", DAY - dt.timedelta(days=1))
    assert caught.value.field == "event" and "2026-11-20" in caught.value.zh


def test_documents_that_do_not_fit_the_record_are_refused_with_their_reason(world: World) -> None:
    inspection_id = world.start()
    world.fill(inspection_id, hazards_on=0)
    world.sign(inspection_id)
    with pytest.raises(InspectionError) as caught:
        with UnitOfWork(world.store, "tester") as uow:
            documents.issue(uow, world.tree, "rectification_order", inspection_id, DAY)  # type: ignore[arg-type]
    assert caught.value.code == "nothing_to_order" and "责令限期整改指令书" in caught.value.zh
    with pytest.raises(InspectionError) as caught:
        with UnitOfWork(world.store, "tester") as uow:
            documents.issue(uow, world.tree, "review_opinion", inspection_id, DAY)  # type: ignore[arg-type]
    assert caught.value.code == "not_review" and "复查" in caught.value.zh
    assert world.store.conn.execute("SELECT count(*) FROM document").fetchone()[0] == 0
