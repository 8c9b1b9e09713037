"""Delegation letters, the stationing roster and the one decision of who may act where and in
whose name (行政处罚法 Art. 20, 24; 浙江省安全生产条例 Art. 27)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_plans_world import CHANGAN, CITY, HAINING, NANHU, PARK, TODAY, XUCUN, World, open_world

from inspector_app.plans import letters
from inspector_app.registry import delegations
from inspector_app.registry.delegations import Actor, Place
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import RecordInvalid

XUCUN_PLACE = Place(HAINING, XUCUN, HAINING)
LETTER = {
    "number": "海宁应急委〔2026〕3号",
    "kind": "delegation",
    "town_code": XUCUN,
    "authority_code": HAINING,
    "authority_name": "海宁市应急管理局",
    "matters": ["penalty_warning", "penalty_fine"],
    "signed_on": "2026-01-05",
    "published_on": "2026-01-08",
    "publication_ref": "海宁市人民政府网站",
    "valid_from": "2026-01-10",
    "valid_to": "2026-12-31",
}


@pytest.fixture
def world(tmp_path: Path, tree: JurisdictionTree, registry: Registry) -> Iterator[World]:
    yield from open_world(tmp_path, tree, registry)


def letter(w: World, **changes: Any) -> str:
    with w.uow("admin") as uow:
        return letters.record_letter(uow, w.facts, {**LETTER, **changes}, TODAY)


def decide(
    w: World, actor: Actor, matter: str, place: Place | None = XUCUN_PLACE, day: dt.date = TODAY
) -> delegations.Decision:
    return delegations.decide(actor, matter, place, day, w.tree, w.facts)


def township(w: World) -> Actor:
    return Actor("township", XUCUN, w.people["许村甲"])


def errors_of(caught: pytest.ExceptionInfo[RecordInvalid]) -> dict[str, str]:
    return {e.field: e.zh for e in caught.value.errors}


# -- the data file ---------------------------------------------------------------------------------


def test_rights_from_the_data_file() -> None:
    rights = delegations.load_rights()
    assert rights.granted("county", "penalty_fine")  # the family "cases" grants its matters
    assert rights.granted("township", "inspections")
    assert not rights.granted("township", "coercive_measures")  # an exception of the role
    assert not rights.granted("township", "cases")
    assert rights.covered_by("cases", ["penalty_fine"]) and not rights.covered_by(
        "penalty_fine", ["penalty_warning"]
    )


def test_a_broken_data_file_names_the_file_and_the_section(tmp_path: Path) -> None:
    data = json.loads(
        (Path(delegations.__file__).parents[2] / "resources" / "delegations.json").read_text(
            "utf-8"
        )
    )
    del data["roles"]["source"]
    path = tmp_path / "delegations.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with pytest.raises(delegations.DelegationDataError) as caught:
        delegations.load_rights(path)
    assert caught.value.zh == "delegations.json（roles）：缺少字段“source”"
    data["roles"]["source"] = "x"
    data["roles"]["matters"]["township"].append("sleeping")
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with pytest.raises(delegations.DelegationDataError) as caught:
        delegations.load_rights(path)
    assert "未知事项“sleeping”" in caught.value.zh


# -- letters ---------------------------------------------------------------------------------------


def test_a_letter_is_recorded_with_its_scope(world: World) -> None:
    letter_id = letter(world)
    row = world.facts.get("delegation_letter", letter_id)
    assert row is not None
    assert (row["county_code"], row["supervising_unit"], row["matters"]) == (
        HAINING,
        HAINING,
        "penalty_fine,penalty_warning",
    )


def test_only_the_towns_own_bureau_may_delegate(world: World) -> None:
    with pytest.raises(RecordInvalid) as caught:
        letter(world, authority_code=NANHU)
    assert "应为该镇（街道）所属县级应急管理部门" in errors_of(caught)["authority_code"]


def test_coercive_measures_cannot_be_delegated(world: World) -> None:
    with pytest.raises(RecordInvalid) as caught:
        letter(world, matters=["penalty_fine", "coercive_measures"])
    assert errors_of(caught)["matters"] == "委托事项：“查封、扣押”不能委托"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"signed_on": "2026-06-16"}, "signed_on", "不能晚于今天（2026-06-15）"),
        ({"published_on": "2026-01-04"}, "published_on", "不能早于签发日期（2026-01-05）"),
        ({"published_on": "2026-07-01"}, "published_on", "不能晚于今天"),
        ({"valid_from": "2026-01-01"}, "valid_from", "不能早于签发日期（2026-01-05）"),
        ({"valid_to": "2026-01-09"}, "valid_to", "不能早于有效期起（2026-01-10）"),
        ({"matters": []}, "matters", "至少列明一项委托事项"),
    ],
)
def test_letter_dates_are_evidence(
    world: World, changes: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(RecordInvalid) as caught:
        letter(world, **changes)
    assert message in errors_of(caught)[field]


def test_the_same_number_twice_refused(world: World) -> None:
    letter(world)
    with pytest.raises(RecordInvalid) as caught:
        letter(world, town_code=CHANGAN)
    assert "已登记同一文号" in errors_of(caught)["number"]


def test_a_letter_is_never_changed(world: World) -> None:
    letter_id = letter(world)
    with (
        pytest.raises(sqlite3.IntegrityError, match="cannot be changed"),
        world.store.transaction() as conn,
    ):
        conn.execute(
            "UPDATE delegation_letter SET valid_to = '2030-01-01' WHERE id = ?", (letter_id,)
        )
    with (
        pytest.raises(sqlite3.IntegrityError, match="revoke it"),
        world.store.transaction() as conn,
    ):
        conn.execute("DELETE FROM delegation_letter WHERE id = ?", (letter_id,))


# -- the decision ----------------------------------------------------------------------------------


def test_county_officers_act_in_their_bureaus_name(world: World) -> None:
    found = decide(world, Actor("county", HAINING, world.people["海宁甲"]), "penalty_fine")
    assert found.allowed and (found.issuer_code, found.issuer_name, found.basis) == (
        HAINING,
        "海宁市应急管理局",
        "own",
    )
    outside = decide(world, Actor("county", NANHU, world.people["南湖甲"]), "penalty_fine")
    assert not outside.allowed and outside.refusal is not None
    assert outside.refusal.code == "out_of_scope" and "不在您的辖区内" in outside.refusal.zh
    city = decide(world, Actor("city", CITY, world.people["市队甲"]), "penalty_fine")
    assert city.allowed and city.issuer_name == "嘉兴市应急管理局"


def test_township_inspects_in_the_towns_name_without_a_letter(world: World) -> None:
    found = decide(world, township(world), "inspections")
    assert found.allowed and found.basis == "township"
    assert found.issuer_name == "海宁市许村镇人民政府"
    refused = decide(world, township(world), "penalty_fine")
    assert refused.refusal is not None and refused.refusal.code == "not_delegated"
    assert (
        refused.refusal.zh
        == "本镇（街道）没有委托书，不能办理“罚款”，只能向县级应急管理部门提出处罚建议。"
    )
    street = decide(
        world, Actor("township", "330481002", ""), "inspections", Place(HAINING, "330481002", PARK)
    )
    assert street.issuer_name == "海宁市海洲街道办事处"


def test_under_a_letter_documents_carry_the_delegating_bureau(world: World) -> None:
    letter_id = letter(world)
    found = decide(world, township(world), "penalty_fine")
    assert found.allowed and found.basis == "delegation"
    assert (found.issuer_code, found.issuer_name) == (HAINING, "海宁市应急管理局")
    assert found.letter is not None and found.letter.id == letter_id
    # the sync server asks by family: a letter with a penalty matter lets the town write cases
    assert decide(world, township(world), "cases").allowed


def test_a_matter_outside_the_letter_is_refused_naming_the_letter(world: World) -> None:
    letter(world)
    found = decide(world, township(world), "penalty_suspension")
    assert found.refusal is not None and found.refusal.code == "not_delegated"
    assert found.refusal.zh == (
        "《委托书》海宁应急委〔2026〕3号（海宁市应急管理局，有效期2026-01-10至2026-12-31）"
        "委托的事项为“罚款、警告”，不包括“责令停产停业”，不能办理（《行政处罚法》第二十条）。"
    )
    assert "delegation letter 海宁应急委〔2026〕3号" in found.refusal.en


def test_after_expiry_the_letter_is_named_with_its_end(world: World) -> None:
    letter(world)
    found = decide(world, township(world), "penalty_fine", day=dt.date(2027, 1, 4))
    assert found.refusal is not None and found.refusal.code == "delegation_expired"
    assert found.refusal.zh.startswith(
        "《委托书》海宁应急委〔2026〕3号（海宁市应急管理局，有效期2026-01-10至2026-12-31）已于2026-12-31到期"
    )
    before = decide(world, township(world), "penalty_fine", day=dt.date(2026, 1, 9))
    assert before.refusal is not None and "尚未生效" in before.refusal.zh


def test_an_unpublished_letter_gives_no_power(world: World) -> None:
    letter(world, published_on="2026-06-10", valid_from="2026-01-10")
    found = decide(world, township(world), "penalty_fine", day=dt.date(2026, 6, 1))
    assert found.refusal is not None and "于2026-06-10才公布" in found.refusal.zh
    assert decide(world, township(world), "penalty_fine", day=dt.date(2026, 6, 10)).allowed


def test_a_revoked_letter_ends_on_the_revocation_day(world: World) -> None:
    letter_id = letter(world)
    with world.uow("admin") as uow:
        letters.revoke_letter(
            uow,
            world.facts,
            {
                "letter_id": letter_id,
                "revoked_on": "2026-06-01",
                "reason": "调整",
                "decided_by": "局长",
            },
            TODAY,
        )
    assert decide(world, township(world), "penalty_fine", day=dt.date(2026, 5, 31)).allowed
    found = decide(world, township(world), "penalty_fine", day=dt.date(2026, 6, 1))
    assert found.refusal is not None and "已于2026-06-01撤销" in found.refusal.zh
    with pytest.raises(RecordInvalid) as caught, world.uow("admin") as uow:
        letters.revoke_letter(
            uow,
            world.facts,
            {
                "letter_id": letter_id,
                "revoked_on": "2026-06-02",
                "reason": "再撤",
                "decided_by": "局长",
            },
            TODAY,
        )
    assert "该委托书已撤销" in errors_of(caught)["letter_id"]


def test_granted_powers_act_in_the_towns_own_name(world: World) -> None:
    letter(world, kind="grant", number="浙政发〔2026〕9号", authority_name="浙江省人民政府（赋权）")
    found = decide(world, township(world), "penalty_fine")
    assert found.allowed and found.basis == "grant" and found.issuer_name == "海宁市许村镇人民政府"


def test_a_township_acts_only_in_its_town(world: World) -> None:
    letter(world)
    found = decide(world, township(world), "penalty_fine", Place(HAINING, CHANGAN, HAINING))
    assert found.refusal is not None and found.refusal.code == "out_of_scope"


def test_coercive_measures_never_for_a_township(world: World) -> None:
    found = decide(world, township(world), "coercive_measures")
    assert found.refusal is not None and found.refusal.code == "not_delegable"
    assert found.refusal.zh == "“查封、扣押”不能委托或赋权给镇（街道），本镇（街道）不能办理。"


def test_require_raises_the_refusal(world: World) -> None:
    with pytest.raises(delegations.PlanError) as caught:
        decide(world, township(world), "penalty_fine").require()
    assert caught.value.code == "not_delegated"
    assert decide(world, township(world), "inspections").require().allowed


# -- stationing ------------------------------------------------------------------------------------


def station(w: World, officer: str, start: str, end: str, **extra: Any) -> str:
    with w.uow("admin") as uow:
        return letters.station(
            uow,
            w.facts,
            {
                "officer_id": w.people[officer],
                "park_code": PARK,
                "from_on": start,
                "to_on": end,
                "order_number": "海应急派〔2026〕1号",
                **extra,
            },
            TODAY,
        )


def test_stationed_staff_act_in_the_park_while_posted(world: World) -> None:
    park_officer = Actor("park", PARK, world.people["园区甲"])
    place = Place(HAINING, "330481002", PARK)
    found = decide(world, park_officer, "penalty_fine", place)
    assert (
        found.refusal is not None
        and found.refusal.zh == "派驻名册中没有您派驻该园区的记录，不能以派驻身份执法。"
    )
    station(world, "园区甲", "2026-01-01", "2026-06-30")
    found = decide(world, park_officer, "penalty_fine", place)
    assert found.allowed and found.basis == "stationing" and found.issuer_name == "海宁市应急管理局"
    late = decide(world, park_officer, "penalty_fine", place, dt.date(2026, 7, 1))
    assert late.refusal is not None
    assert late.refusal.zh == (
        "派驻期限（海应急派〔2026〕1号，2026-01-01至2026-06-30）不含2026-07-01，"
        "不能以派驻身份执法。"
    )
    elsewhere = decide(world, park_officer, "penalty_fine", XUCUN_PLACE)
    assert elsewhere.refusal is not None and elsewhere.refusal.code == "out_of_scope"


def test_stationings_do_not_overlap_and_corrections_supersede(world: World) -> None:
    first = station(world, "海宁甲", "2026-01-01", "2026-06-30")
    with pytest.raises(RecordInvalid) as caught:
        station(world, "海宁甲", "2026-06-01", "2026-12-31")
    assert (
        "与已登记的派驻（海应急派〔2026〕1号，2026-01-01至2026-06-30）重叠"
        in errors_of(caught)["from_on"]
    )
    station(world, "海宁甲", "2026-01-01", "2026-03-31", supersedes_id=first)
    assert [s.to_on for s in delegations.stationings_of(world.facts, world.people["海宁甲"])] == [
        dt.date(2026, 3, 31)
    ]
    with pytest.raises(RecordInvalid) as caught:
        station(world, "南湖甲", "2026-01-01", "2026-03-31")
    assert "只能派驻本县（市、区）的执法人员" in errors_of(caught)["officer_id"]


# -- the register and the sync scope ---------------------------------------------------------------


def test_register_rows_for_export(world: World) -> None:
    letter(world)
    rows = letters.register_rows(world.tree, world.facts, [XUCUN], TODAY)
    assert rows == [
        [
            "海宁应急委〔2026〕3号",
            "委托",
            "许村镇",
            "海宁市应急管理局",
            "罚款、警告",
            "2026-01-10",
            "2026-12-31",
            "2026-01-08",
            "有效",
        ]
    ]
    assert len(letters.REGISTER_HEADERS) == len(rows[0])


def test_covers_is_the_sync_servers_read_scope(tree: JurisdictionTree) -> None:
    """The geography the app enforces equals the one the server filters with."""
    from inspector_app.replication.tables import Scope
    from sync.server.auth import Principal
    from sync.server.scope import in_scope

    places = [
        Place(county, town, sup)
        for county in (HAINING, NANHU, "330402")
        for town in (XUCUN, "330481002", "330402006", "330482004", None)
        for sup in (HAINING, PARK, "Z330401", "Z330402", NANHU, None)
    ]
    for unit in tree.units.values():
        for role in ("county", "park", "township", "approver", "city"):
            principal = Principal("u", "u", "u", role, unit.code, "d", "t")
            actor = Actor(role, unit.code)
            for place in places:
                scope = Scope(place.county_code, place.town_code, place.supervising_unit)
                assert delegations.covers(tree, actor, place) == in_scope(principal, tree, scope), (
                    unit.code,
                    role,
                    place,
                )
