"""The parameters of plans and draws are data (``resources/plans.json``), each section with its
source and a verified flag, checked when loaded."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from inspector_app.plans.parameters import PlansDataError, load_parameters
from inspector_app.store.paths import resources_dir


def shipped() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((resources_dir() / "plans.json").read_text("utf-8"))
    return data


def test_the_shipped_parameters() -> None:
    params = load_parameters()
    assert params.cap("major") == 12 and params.cap("") == 2
    assert params.frequency["high"].default == 2
    assert params.publication_working_days == 20 and params.min_random_share_pct == 70
    assert params.covert_roles == {"admin", "city", "approver"}
    # every figure here is still to be confirmed locally: the screens say so
    assert params.unverified() == list(params.sources)
    assert params.categories["hazardous_chemicals"].matches(
        {"supervision_industry": "危化"}, frozenset()
    )
    assert params.categories["key_supervised"].matches({"key_supervised": 1}, frozenset())
    assert not params.categories["key_supervised"].matches({"key_supervised": 0}, frozenset())
    assert params.categories["dust"].matches({}, frozenset({"dust"}))


def _broken(change: Callable[[dict[str, Any]], None], tmp_path: Path) -> PlansDataError:
    data = shipped()
    change(data)
    path = tmp_path / "plans.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with pytest.raises(PlansDataError) as caught:
        load_parameters(path)
    return caught.value


def test_a_section_without_its_source_is_refused(tmp_path: Path) -> None:
    error = _broken(lambda d: d["publication"].pop("source"), tmp_path)
    assert error.zh == "plans.json（publication）：缺少出处（source）"
    assert error.rule == "no_source"


def test_a_default_above_the_cap_is_refused(tmp_path: Path) -> None:
    error = _broken(lambda d: d["frequency"]["by_risk"]["low"].update(default=3), tmp_path)
    assert error.zh == "plans.json（frequency）：low：默认次数大于上限"


def test_a_category_testing_an_unknown_field_is_refused(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["categories"]["items"][1]["match"] = {"field": "colour", "equals": "red"}

    error = _broken(change, tmp_path)
    assert error.zh == "plans.json（categories）：类别“above_size”的字段无效"


def test_an_unknown_covert_role_is_refused(tmp_path: Path) -> None:
    error = _broken(lambda d: d["covert"]["visible_roles"].append("journalist"), tmp_path)
    assert error.zh == "plans.json（covert）：未知角色“journalist”"


def test_an_unreadable_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "plans.json"
    path.write_text("{", "utf-8")
    with pytest.raises(PlansDataError) as caught:
        load_parameters(path)
    assert caught.value.zh.startswith("plans.json（file）：无法读取")
