"""Jurisdictions come from a data file; another city is another file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector_app.registry import jurisdictions
from inspector_app.registry.jurisdictions import JurisdictionDataError
from inspector_app.store.database import Store


def test_jiaxing_has_nine_reporting_units(tree) -> None:
    units = tree.reporting_units()
    assert [u.name for u in units] == [
        "南湖区",
        "秀洲区",
        "嘉善县",
        "海盐县",
        "海宁市",
        "平湖市",
        "桐乡市",
        "嘉兴经济技术开发区",
        "嘉兴港区",
    ]
    assert [u.code for u in tree.counties()][:3] == ["330402", "330411", "330421"]
    assert len(tree.towns_of("330424")) == 9  # 海盐: 5 towns, 4 streets


def test_zones_supervise_the_towns_they_manage(tree) -> None:
    assert tree.default_supervisor("330482004") == "Z330402"  # 乍浦镇 → 嘉兴港区
    assert tree.get("330482004").parent_code == "330482"  # still in 平湖市
    assert tree.default_supervisor("330482001") == "330482"
    park = tree.parks_of("330481")[0]
    assert tree.reporting_unit(park.code).code == "330481"


def test_install_is_idempotent(store: Store, tree) -> None:
    assert jurisdictions.install(store, tree) is False  # the fixture installed it already
    count = store.conn.execute("SELECT count(*) FROM jurisdiction").fetchone()[0]
    assert count == len(tree.units)
    row = store.conn.execute(
        "SELECT parent_code, supervising_unit FROM jurisdiction WHERE code = '330482004'"
    ).fetchone()
    assert row == ("330482", "Z330402")


def test_another_city_is_another_file(tmp_path: Path, store: Store) -> None:
    data = {
        "city": {
            "code": "330100",
            "name": "杭州市",
            "short_name": "杭",
            "region_name": "杭州",
            "authority": "杭州市应急管理局",
            "government": "杭州市人民政府",
            "province": "浙江省",
        },
        "counties": [
            {
                "code": "330106",
                "name": "西湖区",
                "short_name": "西湖",
                "kind": "区",
                "authority": "杭州市西湖区应急管理局",
                "government": "杭州市西湖区人民政府",
                "towns": [{"code": "330106001", "name": "北山街道", "kind": "街道"}],
            }
        ],
    }
    path = tmp_path / "hangzhou.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    other = jurisdictions.load(path)
    assert [u.name for u in other.reporting_units()] == ["西湖区"]
    assert jurisdictions.install(store, other) is True
    assert store.meta("jurisdictions_city") == "330100"


@pytest.mark.parametrize(
    "content, fragment",
    [
        ("{not json", "cannot read"),
        ('{"city": {}}', "missing or wrong field"),
    ],
)
def test_malformed_file_is_reported(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(JurisdictionDataError) as info:
        jurisdictions.load(path)
    assert fragment in str(info.value) and "bad.json" in str(info.value)
