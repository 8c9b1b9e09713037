"""A small world for the accident tests: a store with the accident tables and a clock the test
sets, an enterprise of each sector of interest, officers, and short ways to record accidents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpers import new_store
from inspector_app.accidents import operations
from inspector_app.accidents.operations import Outcome
from inspector_app.registry import officers
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.clock import Clock
from inspector_app.store.database import Store
from inspector_app.store.facts import LocalFacts

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 30, 10, 0, tzinfo=TZ)

MACHINE_WORKS = {
    "uscc": "91330481MA2CD12348",
    "name": "海宁精工机械有限公司",
    "kind": "enterprise",
    "county_code": "330481",
    "town_code": "330481005",
    "address": "浙江省海宁市许村镇工业路18号",
    "legal_rep": "王海明",
    "contact_phone": "13905730018",
    "industry_section": "C",
    "supervision_industry": "机械",
    "above_size": True,
    "key_supervised": True,
    "risk_level": "general",
}
TEXTILE_MILL = {
    "uscc": "91330483MA2B3C4D5D",
    "name": "桐乡市华丰纺织有限公司",
    "kind": "enterprise",
    "county_code": "330483",
    "town_code": "330483005",
    "address": "浙江省桐乡市濮院镇工业园区6号",
    "legal_rep": "沈国华",
    "contact_phone": "13905730029",
    "industry_section": "C",
    "supervision_industry": "纺织",
    "above_size": True,
    "key_supervised": False,
    "risk_level": "general",
}


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TZ)


class SetClock(Clock):
    """The device clock, set by the test."""

    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def now(self) -> dt.datetime:
        return self.moment


@dataclass
class World:
    store: Store
    clock: SetClock
    tree: JurisdictionTree
    registry: Registry
    enterprises: dict[str, str] = field(default_factory=dict)
    officer: str = ""
    approver: str = ""

    def uow(self, author: str = "officer-1") -> UnitOfWork:
        return UnitOfWork(self.store, author)

    @property
    def facts(self) -> LocalFacts:
        return LocalFacts(self.store.conn)

    def record(
        self,
        occurred: dt.datetime,
        *,
        deaths: int = 0,
        serious: int = 0,
        minor: int = 0,
        missing: int = 0,
        loss: object = 0,
        enterprise: str = "machine",
        accident_type: str | None = None,
        reported: dt.datetime | None = None,
        **values: Any,
    ) -> Outcome:
        """Record an accident with its first report, half an hour after it happened."""
        accident: dict[str, Any] = {
            "occurred_at": occurred,
            "place": "二号车间",
            "sector": "industry_trade",
            "accident_type": accident_type
            or ("机械伤害" if occurred < at(2026, 7, 1, 0) else "机械致害"),
        }
        if enterprise:
            accident["enterprise_id"] = self.enterprises[enterprise]
        accident.update(values)
        report = {
            "reported_at": reported or occurred + dt.timedelta(minutes=30),
            "deaths": deaths,
            "missing": missing,
            "serious_injuries": serious,
            "minor_injuries": minor,
            "direct_loss_yuan": loss,
            "course": "操作工在清理设备时被卷入。",
            "reporter": "王海明",
        }
        with self.uow() as uow:
            return operations.record_accident(uow, accident, report, tree=self.tree)

    def supplement(self, accident_id: str, reported: dt.datetime, **figures: Any) -> Outcome:
        report = {
            "reported_at": reported,
            "deaths": figures.get("deaths", 0),
            "missing": figures.get("missing", 0),
            "serious_injuries": figures.get("serious", 0),
            "minor_injuries": figures.get("minor", 0),
            "direct_loss_yuan": figures.get("loss", 0),
            "change_note": figures.get("note", "伤者经抢救无效死亡。"),
        }
        with self.uow() as uow:
            return operations.add_supplementary_report(uow, accident_id, report, tree=self.tree)


def make_world(
    path: Path, tree: JurisdictionTree, registry: Registry, now: dt.datetime = NOW
) -> World:
    clock = SetClock(now)
    store = new_store(path, tree)
    store.clock = clock
    world = World(store, clock, tree, registry)
    with world.uow("admin") as uow:
        world.enterprises["machine"] = registry.create(uow, MACHINE_WORKS)
        world.enterprises["textile"] = registry.create(uow, TEXTILE_MILL)
        world.officer = officers.create(uow, "周建平", "330400", "city")
        world.approver = officers.create(uow, "沈丽华", "330400", "approver")
    return world
