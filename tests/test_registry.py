"""Registry entries: the rules of an entry, edits with history, the search index kept current."""

from __future__ import annotations

import pytest

from helpers import KNOWN_ENTRIES
from inspector_app.registry import search
from inspector_app.registry.entries import Registry
from inspector_app.registry.validation import RecordInvalid
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store


def errors_of(registry: Registry, raw: dict) -> dict[str, str]:
    with pytest.raises(RecordInvalid) as info:
        registry.rules.normalise(raw)
    return {e.field: e.zh for e in info.value.errors}


def test_a_complete_entry_is_normalised(registry: Registry) -> None:
    raw = dict(
        KNOWN_ENTRIES[0],
        uscc=" 91330402ma2b3c4d1n ",
        kind="企业",
        county_code="南湖区",
        town_code="建设街道",
        supervising_unit="",
        risk_level="橙",
        above_size="是",
        key_supervised="否",
        industry_section="c",
        name="  嘉兴化工  有限公司 ",
    )
    rec = registry.rules.normalise(raw)
    assert rec["uscc"] == "91330402MA2B3C4D1N"
    assert rec["kind"] == "enterprise"
    assert rec["county_code"] == "330402" and rec["town_code"] == "330402001"
    assert rec["supervising_unit"] == "330402"
    assert rec["risk_level"] == "high"
    assert rec["above_size"] == 1 and rec["key_supervised"] == 0
    assert rec["industry_section"] == "C"
    assert rec["name"] == "嘉兴化工 有限公司"


def test_all_problems_are_reported_together(registry: Registry) -> None:
    raw = dict(
        KNOWN_ENTRIES[0],
        uscc="123",
        name="",
        county_code="杭州市",
        supervision_industry="航天",
        contact_phone="12",
        risk_level="紫",
    )
    errs = errors_of(registry, raw)
    assert set(errs) == {
        "uscc",
        "name",
        "county_code",
        "supervision_industry",
        "contact_phone",
        "risk_level",
    }
    assert "长度应为18位" in errs["uscc"]
    assert errs["name"] == "单位名称：不能为空"
    assert "不是已知的县（市、区）" in errs["county_code"]
    assert "“航天”不是有效值" in errs["supervision_industry"]


def test_town_must_belong_to_the_county(registry: Registry) -> None:
    errs = errors_of(registry, dict(KNOWN_ENTRIES[0], town_code="乌镇镇"))
    assert "不在南湖区的辖区内" in errs["town_code"]


def test_supervising_unit_rules(registry: Registry, tree) -> None:
    # a town managed by the economic development zone is supervised by it by default
    rec = registry.rules.normalise(
        dict(KNOWN_ENTRIES[0], town_code="城南街道", supervising_unit="")
    )
    assert rec["supervising_unit"] == "Z330401"
    # a park of the same county may supervise; a park of another county may not
    park = tree.parks_of("330402")[0]
    rec = registry.rules.normalise(dict(KNOWN_ENTRIES[0], supervising_unit=park.name))
    assert rec["supervising_unit"] == park.code
    foreign = tree.parks_of("330481")[0]
    errs = errors_of(registry, dict(KNOWN_ENTRIES[0], supervising_unit=foreign.code))
    assert "不能监管该镇（街道）的单位" in errs["supervising_unit"]


def test_individual_business_cannot_be_above_size(registry: Registry) -> None:
    errs = errors_of(registry, dict(KNOWN_ENTRIES[1], above_size=True))
    assert "个体工商户不能标记为规模以上" in errs["above_size"]


def test_duplicate_code_is_refused(store: Store, registry: Registry) -> None:
    with UnitOfWork(store, "t") as uow:
        registry.create(uow, KNOWN_ENTRIES[0])
    with pytest.raises(RecordInvalid) as info:
        with UnitOfWork(store, "t") as uow:
            registry.create(uow, dict(KNOWN_ENTRIES[0], name="另一家公司"))
    assert "该代码已登记" in info.value.text()
    assert Registry.count(store.conn) == 1


def test_rename_updates_the_search_index(store: Store, registry: Registry) -> None:
    with UnitOfWork(store, "t") as uow:
        entity = registry.create(uow, KNOWN_ENTRIES[0])
    rid = Registry.get(store.conn, entity)["rid"]

    def found(text: str) -> list[int]:
        return search.first_page(store.conn, search.Query(text)).rids

    assert found("化工") == [rid] and found("jxhg") == [rid]
    with UnitOfWork(store, "t") as uow:
        registry.update(
            uow,
            entity,
            {"name": "秀洲新材料科技有限公司", "address": "新塍镇东大街1号", "legal_rep": "王小明"},
        )
    assert found("化工") == [] and found("jxhg") == [] and found("张建国") == []
    assert found("新材料") == [rid] and found("xzxcl") == [rid] and found("王小明") == [rid]
    assert found("东大街") == [rid]
    assert store.integrity_check() == []
    store.conn.execute(
        "INSERT INTO enterprise_fts(enterprise_fts, rank) VALUES ('integrity-check', 0)"
    )  # contentless index agrees with itself


def test_update_of_unknown_entry(store: Store, registry: Registry) -> None:
    from inspector_app.registry.rules import NotFound

    with pytest.raises(NotFound):
        with UnitOfWork(store, "t") as uow:
            registry.update(uow, "no-such-id", {"name": "x"})
