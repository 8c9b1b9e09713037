"""One profile per organ (bank, account, court, contact), synced: changed only by the organ's
approvers and administrators, every field checked with its name, printed on its decisions
(行政处罚法 Art. 67: the bank where the fine is paid; 行政诉讼法 Art. 18: the court), the seed file
standing in for what the organ has not set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from case_support import FILED, Case, wd
from inspection_support import World, make_world
from sync_support import Device
from test_sync_rules import change, insert, pushed

from helpers import on_day
from inspector_app.cases import documents as case_documents
from inspector_app.documents import organ_profiles
from inspector_app.documents.organ_profiles import OrganProfileRefused
from inspector_app.registry import officers
from inspector_app.registry.validation import RecordInvalid
from inspector_app.replication import tables as replication
from inspector_app.store.changelog import UnitOfWork

HAINING = "330481"
PROFILE = {
    "bank": "中国农业银行海宁市支行",
    "account_name": "海宁市财政局非税收入汇缴结算户",
    "account_no": "1936 5101 0400 01234",
    "court": "海宁市人民法院",
    "contact_phone": "0573-87011234",
    "address": "海宁市海洲街道水月亭西路1号",
}


@pytest.fixture
def world(store: Any, registry: Any, tmp_path: Path) -> World:
    return make_world(store, registry, tmp_path)


@pytest.fixture
def approver(world: World) -> str:
    with UnitOfWork(world.store, "tester") as uow:
        return officers.create(uow, "冯局长", HAINING, "approver")


def save(world: World, author: str, values: dict[str, str], unit: str = HAINING) -> Any:
    with UnitOfWork(world.store, author) as uow:
        return organ_profiles.save(uow, world.tree, unit, values)


def test_the_decision_prints_the_organs_profile(world: World, approver: str) -> None:
    case = Case(world, approver).filed()
    case.step("inquiry", FILED, person="李安全", id_number="110101199003074477", record="问：答：")
    case.step("notice_delivered", FILED, amount="20000")
    case.step("rights_waived", FILED)
    case.step("decision", wd(FILED, 1), amount="20000")

    def decision() -> dict[str, Any]:
        with on_day(world.store, wd(FILED, 1)), UnitOfWork(world.store, "tester") as uow:
            found = case_documents.content_for(uow.conn, world.tree, "penalty_decision", case.id)
        return found

    before = decision()  # not set yet: the seed's placeholders, telling not to hand it over
    assert before["payment"]["bank"].startswith("【待设置")
    assert before["remedy"]["court"].startswith("【待设置")
    save(world, approver, PROFILE)
    after = decision()
    assert after["payment"] == {
        **before["payment"],
        "bank": "中国农业银行海宁市支行",
        "account_name": "海宁市财政局非税收入汇缴结算户",
        "account_no": "1936510104000123" + "4",  # the digits, spaces dropped
    }
    assert after["remedy"]["court"] == "海宁市人民法院"
    # the notice gives the organ's phone and address to reach it
    with UnitOfWork(world.store, "tester") as uow:
        notice = case_documents.content_for(uow.conn, world.tree, "penalty_notice", case.id)
    assert notice["contact"]["phone"] == "0573-87011234"
    assert notice["contact"]["address"] == "海宁市海洲街道水月亭西路1号"


def test_every_bad_field_is_named_and_nothing_is_written(world: World, approver: str) -> None:
    with pytest.raises(RecordInvalid) as caught:
        save(world, approver, {**PROFILE, "account_no": "12ab", "contact_phone": "12"})
    messages = {e.field: e.zh for e in caught.value.errors}
    assert messages["account_no"].startswith("收款账号：")
    assert messages["contact_phone"].startswith("联系电话：")
    with pytest.raises(RecordInvalid) as caught:  # half an account names the missing parts
        save(world, approver, {"bank": "中国农业银行海宁市支行"})
    assert {e.field for e in caught.value.errors} == {"account_name", "account_no"}
    with pytest.raises(RecordInvalid) as caught:
        save(world, approver, PROFILE, unit="999999")
    assert caught.value.errors[0].zh.startswith("执法机关：")
    assert organ_profiles.stored(world.store.conn, HAINING) is None
    assert not world.store.conn.execute(
        "SELECT 1 FROM change_log WHERE table_name = 'organ_profile'"
    ).fetchall()


def test_only_the_organs_approvers_and_administrators_change_it(
    world: World, approver: str
) -> None:
    with UnitOfWork(world.store, "tester") as uow:
        inspector = officers.create(uow, "张伟", HAINING, "county")
        elsewhere = officers.create(uow, "南湖局长", "330402", "approver")
        city_admin = officers.create(uow, "市局管理员", "330400", "admin")
    for author in (inspector, elsewhere):
        with pytest.raises(OrganProfileRefused) as caught:
            save(world, author, PROFILE)
        assert "负责人（审批人）或管理员" in caught.value.zh and "海宁" in caught.value.zh
    assert organ_profiles.stored(world.store.conn, HAINING) is None
    save(world, approver, PROFILE)
    changed = save(world, city_admin, {**PROFILE, "court": "嘉兴市中级人民法院"})
    assert changed == {"court": ["海宁市人民法院", "嘉兴市中级人民法院"]}
    assert organ_profiles.printed(world.store.conn, HAINING)["court"] == "嘉兴市中级人民法院"
    # one record per organ, with the id every device gives it
    rows = world.store.conn.execute("SELECT id, unit_code FROM organ_profile").fetchall()
    assert rows == [(organ_profiles.record_id(HAINING), HAINING)]


def test_an_unset_field_prints_the_seed(world: World, approver: str) -> None:
    save(world, approver, {"court": "海宁市人民法院"})
    printed = organ_profiles.printed(world.store.conn, HAINING)
    assert printed["court"] == "海宁市人民法院"
    assert printed["bank"] == organ_profiles.seed()["default"]["bank"]
    assert printed["contact_phone"] == ""


# --- synced, both ways, and judged by the server ---------------------------------------------


def profile_on(device: Device) -> dict[str, str]:
    return organ_profiles.printed(device.store.conn, HAINING)


def save_on(device: Device, values: dict[str, str]) -> None:
    with UnitOfWork(device.store, device.author) as uow:
        organ_profiles.save(uow, device.registry.tree, HAINING, values)


@pytest.mark.slow
def test_the_profile_syncs_both_ways(devices: Any) -> None:
    office: Device = devices("approver1")
    office.sync()
    save_on(office, PROFILE)
    office.sync()
    assert office.status_of(organ_profiles.record_id(HAINING)) == ["accepted"]
    # another laptop of the organ, an inspector's: the documents print what the head set
    field: Device = devices("haining1")
    field.sync()
    assert profile_on(field)["bank"] == "中国农业银行海宁市支行"
    assert profile_on(field)["account_no"] == "19365101040001234"
    # the inspector may not change it, on the laptop as on the server
    with pytest.raises(OrganProfileRefused):
        save_on(field, {**PROFILE, "court": "别的法院"})
    rid = organ_profiles.record_id(HAINING)
    [result] = pushed(
        field, change(field, "organ_profile", rid, {"court": [PROFILE["court"], "X"]})
    )
    assert result["status"] == "rejected"
    assert result["reason"]["code"] in ("organ_profile_editor", "forbidden_matter")
    # the head changes it on a second laptop; the first gets the change
    second: Device = devices("approver1")
    second.sync()
    save_on(second, {**PROFILE, "court": "嘉兴市中级人民法院"})
    second.sync()
    office.sync()
    field.sync()
    assert profile_on(office)["court"] == "嘉兴市中级人民法院"
    assert profile_on(field)["court"] == "嘉兴市中级人民法院"


@pytest.mark.slow
def test_the_server_checks_every_field_and_the_organ(devices: Any) -> None:
    head: Device = devices("approver1")
    head.sync()
    bad = {"unit_code": HAINING, **PROFILE, "account_no": "12ab"}
    [result] = pushed(head, insert(head, "organ_profile", bad, organ_profiles.record_id(HAINING)))
    assert result["status"] == "rejected"
    assert "收款账号" in str(result["reason"])
    other = {"unit_code": "330402", **PROFILE}  # 南湖区: not the approver's organ
    [result] = pushed(
        head, insert(head, "organ_profile", other, organ_profiles.record_id("330402"))
    )
    assert result["status"] == "rejected"
    assert result["reason"]["code"] == "organ_profile_editor"


def test_the_laptop_and_the_server_run_one_rule() -> None:
    spec = replication.spec("organ_profile")
    assert spec.public and spec.matter == "organ" and not spec.immutable
    assert spec.fields == organ_profiles.FIELDS
    assert organ_profiles.record_id(HAINING) != organ_profiles.record_id("330402")
