"""Accidents travel like every record: recorded on a county laptop, they reach the county's
other laptops and the city, and the server judges a pushed report by the same rules (a
supplementary report outside its window is refused with the app's own sentence)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from inspection_support import MACHINE_WORKS
from sync_support import Device

from inspector_app.accidents import operations
from inspector_app.accidents.model import view_of
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.clock import new_id
from inspector_app.store.facts import LocalFacts

CHINA = dt.timezone(dt.timedelta(hours=8))


def record(device: Device, enterprise: str, occurred: dt.datetime, deaths: int) -> str:
    with UnitOfWork(device.store, device.author) as uow:
        outcome = operations.record_accident(
            uow,
            {
                "enterprise_id": enterprise,
                "occurred_at": occurred.isoformat(),
                "place": "二号车间",
                "sector": "industry_trade",
                "accident_type": "机械致害",
            },
            {
                "reported_at": (occurred + dt.timedelta(minutes=30)).isoformat(),
                "deaths": deaths,
                "missing": 0,
                "serious_injuries": 0,
                "minor_injuries": 0,
                "direct_loss_yuan": "500000",
                "unit_overview": "机械加工企业",
                "situation": "冲床作业时发生机械伤害",
                "course": "操作工违章进入危险区域",
                "measures": "已停产整顿",
                "other": "",
                "reporter": "值班员",
                "change_note": "",
            },
            tree=device.registry.tree,
        )
    return outcome.accident_id


@pytest.mark.slow
def test_an_accident_reaches_the_county_and_a_late_supplement_is_refused(
    devices: Any,
) -> None:
    laptop: Device = devices("haining1")
    laptop.sync()
    enterprise = laptop.create(MACHINE_WORKS)
    occurred = dt.datetime.now(CHINA).replace(microsecond=0) - dt.timedelta(days=40)
    accident_id = record(laptop, enterprise, occurred, deaths=2)
    report = laptop.sync()
    assert report.pushed.get("rejected", 0) == 0, laptop.store.conn.execute(
        "SELECT table_name, status_reason FROM change_log WHERE status = 'rejected'"
    ).fetchall()
    colleague: Device = devices("haining2")
    colleague.sync()
    theirs = view_of(LocalFacts(colleague.store.conn), accident_id)
    assert theirs.grade == "一般" and theirs.figures.deaths == 2
    elsewhere: Device = devices("nanhu1")
    elsewhere.sync()
    assert elsewhere.store.conn.execute("SELECT count(*) FROM accident").fetchone()[0] == 0
    # a supplementary report 40 days after the accident (Art. 13: within 30), pushed by hand
    first = dict(
        next(
            data
            for _id, data in laptop.tables.rows(laptop.store.conn, "accident_report")
            if data["accident_id"] == accident_id
        )
    )
    late = dict(
        first,
        kind="supplementary",
        deaths=3,
        reported_at=dt.datetime.now(CHINA).replace(microsecond=0).isoformat(),
        change_note="一名重伤者经抢救无效死亡",
    )
    entry = {
        "entry_id": new_id(),
        "tx_id": new_id(),
        "table": "accident_report",
        "record_id": new_id(),
        "op": "insert",
        "data": late,
        "device_time": dt.datetime.now(dt.UTC).isoformat(),
        "author": laptop.author,
    }
    (result,) = laptop.api.push([entry])["results"]
    assert result["status"] == "rejected"
    assert "30" in result["reason"]["zh"]
