"""A small world for the plans tests (imported by the other ``test_plans*``, ``test_draws*`` and
``test_delegations`` modules), and the tests of the tables themselves: they are created on a
fresh store, immutable records refuse changes, approved plans are locked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from inspector_app.plans import tables as schema
from inspector_app.registry import jurisdictions, officers
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import uscc_check_char
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.clock import Clock
from inspector_app.store.database import Store
from inspector_app.store.facts import LocalFacts

TODAY = dt.date(2026, 6, 15)  # a Monday
TZ = dt.timezone(dt.timedelta(hours=8))
HAINING = "330481"
XUCUN = "330481005"  # 许村镇
CHANGAN = "330481006"  # 长安镇
HAIZHOU = "330481002"  # 海洲街道, in the park P330481-01
PARK = "P330481-01"
NANHU = "330402"
JIANSHE = "330402001"  # 建设街道
CITY = "330400"


class FixedClock(Clock):
    def __init__(self, day: dt.date = TODAY) -> None:
        self.day = day

    def now(self) -> dt.datetime:
        return dt.datetime(self.day.year, self.day.month, self.day.day, 9, 0, tzinfo=TZ)


def plans_store(path: Path, tree: JurisdictionTree, day: dt.date = TODAY) -> Store:
    store = Store.open(path, clock=FixedClock(day))  # the plans' tables: schema version 9
    jurisdictions.install(store, tree)
    return store


_serial = iter(range(1, 10**6))


def uscc(region: str) -> str:
    body = f"91{region}MA{next(_serial):07d}"
    return body + uscc_check_char(body)


def enterprise(
    uow: UnitOfWork,
    registry: Registry,
    name: str,
    county: str,
    town: str,
    key: bool = False,
    risk: str = "general",
    industry: str = "机械",
    **extra: Any,
) -> str:
    return registry.create(
        uow,
        {
            "uscc": uscc(county),
            "name": name,
            "kind": "enterprise",
            "county_code": county,
            "town_code": town,
            "address": f"{name}地址1号",
            "legal_rep": "王某",
            "contact_phone": "",
            "industry_section": "C",
            "supervision_industry": industry,
            "above_size": key,
            "key_supervised": key,
            "risk_level": risk,
            **extra,
        },
    )


def officer(
    uow: UnitOfWork,
    name: str,
    unit: str,
    role: str,
    issued: dt.date = dt.date(2021, 1, 1),
    expires: dt.date = dt.date(2030, 12, 31),
) -> str:
    officer_id = officers.create(uow, name, unit, role)
    officers.add_certificate(uow, officer_id, f"C{name}{unit}", "浙江省人民政府", issued, expires)
    return officer_id


@dataclass
class World:
    store: Store
    tree: JurisdictionTree
    registry: Registry
    firms: dict[str, str] = field(default_factory=dict)  # name → id
    people: dict[str, str] = field(default_factory=dict)  # name → officer id

    @property
    def facts(self) -> LocalFacts:
        return LocalFacts(self.store.conn)

    def uow(self, author: str = "tester") -> UnitOfWork:
        return UnitOfWork(self.store, author)

    def key_firms(self) -> list[str]:
        return [
            r[0]
            for r in self.store.conn.execute("SELECT id FROM enterprise WHERE key_supervised = 1")
        ]


def signed_inspection(
    w: World,
    firm: str,
    day: dt.date,
    team: tuple[str, ...] = ("海宁甲", "海宁乙"),
    kind: str = "planned",
) -> str:
    """An inspection of ``firm`` on ``day`` by ``team``, signed (the signing itself is tested
    with the inspections; here only its date and status matter)."""
    from inspector_app.inspections import inspections

    with w.uow() as uow:
        inspection_id = inspections.start(
            uow,
            w.tree,
            firm,
            [w.people[name] for name in team],
            kind,
            [],
            started_at=dt.datetime(day.year, day.month, day.day, 9, 30, tzinfo=TZ),
        )
    with w.store.transaction() as conn:
        conn.execute(
            "UPDATE inspection SET status = 'signed', signed_at = started_at WHERE id = ?",
            (inspection_id,),
        )
    return inspection_id


def build_world(path: Path, tree: JurisdictionTree, registry: Registry) -> World:
    store = plans_store(path, tree)
    w = World(store, tree, registry)
    with UnitOfWork(store, "setup") as uow:
        for i in range(4):
            w.firms[f"许村重点{i}"] = enterprise(
                uow, registry, f"许村重点机械{i}有限公司", HAINING, XUCUN, True, "high"
            )
        for i in range(6):
            w.firms[f"许村一般{i}"] = enterprise(uow, registry, f"许村五金{i}厂", HAINING, XUCUN)
        for i in range(2):
            w.firms[f"长安重点{i}"] = enterprise(
                uow, registry, f"长安重点化工{i}有限公司", HAINING, CHANGAN, True, "major", "危化"
            )
        for i in range(5):
            w.firms[f"长安一般{i}"] = enterprise(
                uow, registry, f"长安纺织{i}厂", HAINING, CHANGAN, industry="纺织"
            )
        w.firms["海洲园区"] = enterprise(
            uow, registry, "海洲园区精密机械有限公司", HAINING, HAIZHOU, supervising_unit=PARK
        )
        for i in range(2):
            w.firms[f"建设重点{i}"] = enterprise(
                uow, registry, f"建设重点化工{i}有限公司", NANHU, JIANSHE, True, "high", "危化"
            )
        for i in range(3):
            w.firms[f"建设一般{i}"] = enterprise(
                uow, registry, f"建设商贸{i}店", NANHU, JIANSHE, industry="商贸"
            )
        for name in ("海宁甲", "海宁乙", "海宁丙", "海宁丁"):
            w.people[name] = officer(uow, name, HAINING, "county")
        w.people["海宁过期"] = officer(
            uow, "海宁过期", HAINING, "county", expires=dt.date(2026, 3, 1)
        )
        w.people["海宁负责人"] = officer(uow, "海宁负责人", HAINING, "approver")
        w.people["园区甲"] = officer(uow, "园区甲", PARK, "park")
        for name in ("市队甲", "市队乙"):
            w.people[name] = officer(uow, name, CITY, "city")
        w.people["市负责人"] = officer(uow, "市负责人", CITY, "approver")
        for name in ("许村甲", "许村乙"):
            w.people[name] = officer(uow, name, XUCUN, "township")
        for name in ("南湖甲", "南湖乙"):
            w.people[name] = officer(uow, name, NANHU, "county")
    return w


def open_world(tmp_path: Path, tree: JurisdictionTree, registry: Registry) -> Iterator[World]:
    """The body of each module's ``world`` fixture."""
    w = build_world(tmp_path / "inspector.sqlite3", tree, registry)
    yield w
    w.store.close()


@pytest.fixture
def world(tmp_path: Path, tree: JurisdictionTree, registry: Registry) -> Iterator[World]:
    yield from open_world(tmp_path, tree, registry)


# -- the tables ------------------------------------------------------------------------------------


def test_tables_created_on_a_fresh_store(world: World) -> None:
    names = {
        r[0]
        for r in world.store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    assert {t.name for t in schema.TABLES} <= names
    # every replicated table marks its writes for the verification hashes
    triggers = {
        r[0]
        for r in world.store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    assert all(f"{t.name}_hash_insert" in triggers for t in schema.TABLES)


def test_every_table_spec_matches_its_columns(world: World) -> None:
    for table in schema.TABLES:
        columns = {
            r[1]
            for r in world.store.conn.execute(f"SELECT * FROM pragma_table_info('{table.name}')")
        }
        assert set(table.fields) | set(table.local_columns) | {"id"} == columns, table.name
        spec = table.spec()
        assert spec.fields == table.fields and spec.immutable == table.immutable


def test_immutable_tables_have_triggers_refusing_changes(world: World) -> None:
    sql = {
        r[0]: r[1]
        for r in world.store.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        )
    }
    for table in schema.TABLES:
        if table.immutable:
            assert f"{table.name}_kept_update" in sql, table.name
            assert f"{table.name}_kept_delete" in sql, table.name


def test_unknown_field_refused(world: World) -> None:
    from inspector_app.registry.validation import RecordInvalid

    with pytest.raises(RecordInvalid) as caught:
        schema.check("random_draw", {"colour": "red"}, world.facts, TODAY)
    assert caught.value.errors[0].field == "colour"
    assert "不是该表的字段" in caught.value.errors[0].zh
