"""Where the server files a record is derived from what it references, never from the place
fields a device pushed: a record about an enterprise goes where that enterprise is and stays
there; each top-level table says how it is placed (a new table needs its own case)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sync_support import Device
from test_sync_accidents import CHINA, record

from helpers import KNOWN_ENTRIES
from inspector_app.replication.tables import SPECS
from inspector_app.store.clock import new_id
from sync.server import scope

NANHU_ENTRY = KNOWN_ENTRIES[0]  # 南湖区建设街道
HAINING_PLACE = {
    "county_code": "330481",
    "town_code": "330481005",
    "supervising_unit": "330481",
    "authority_code": "330481",
}


def test_every_top_level_table_has_its_placement() -> None:
    top_level = {name for name, spec in SPECS.items() if spec.parent is None}
    assert set(scope.PLACEMENT) == top_level
    for name, placement in scope.PLACEMENT.items():
        fields = SPECS[name].fields
        if placement == scope.BY_ENTERPRISE:
            assert "enterprise_id" in fields and "county_code" in fields, name
        if placement == scope.CITY_WIDE:
            assert SPECS[name].public, name
    assert scope.PLACEMENT["inspection"] == scope.PLACEMENT["penalty_case"] == scope.BY_ENTERPRISE


def entry(device: Device, table: str, data: dict[str, Any], op: str = "insert") -> dict[str, Any]:
    return {
        "entry_id": new_id(),
        "tx_id": new_id(),
        "table": table,
        "record_id": new_id(),
        "op": op,
        "data": data,
        "device_time": dt.datetime.now(dt.UTC).isoformat(),
        "author": device.author,
    }


def test_a_record_about_an_enterprise_is_filed_where_the_enterprise_is(devices: Any) -> None:
    city: Device = devices("city1")
    city.sync()
    enterprise = city.create(NANHU_ENTRY)
    occurred = dt.datetime.now(CHINA).replace(microsecond=0) - dt.timedelta(days=3)
    honest = record(city, enterprise, occurred, deaths=0)
    report = city.sync()
    assert report.pushed.get("rejected", 0) == 0
    accident = city.tables.read(city.store.conn, "accident", honest)
    assert accident is not None and accident["county_code"] == "330402"
    # the same accident labelled with Haining's place, pushed by hand: refused naming the
    # field, so that Nanhu, whose enterprise it is, never misses it
    forged = entry(city, "accident", dict(accident, **HAINING_PLACE))
    (result,) = city.api.push([forged])["results"]
    assert result["status"] == "rejected", result
    assert result["reason"]["fields"][0] == {"field": "county_code", "rule": "enterprise_place"}
    # nor does a filed record move by a change of its place fields
    moved = dict(entry(city, "accident", {}, "update"), record_id=honest)
    del moved["data"]
    moved["changes"] = {name: [accident[name], value] for name, value in HAINING_PLACE.items()}
    (result,) = city.api.push([moved])["results"]
    assert result["status"] == "rejected", result
    assert result["reason"]["fields"][0]["field"] == "county_code"
    nanhu: Device = devices("nanhu1")
    nanhu.sync()
    assert nanhu.tables.read(nanhu.store.conn, "accident", honest) is not None
    haining: Device = devices("haining1")
    haining.sync()
    assert haining.store.conn.execute("SELECT count(*) FROM accident").fetchone()[0] == 0
