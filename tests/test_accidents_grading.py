"""Accident grades (国务院令第493号 Art. 3) and the data file the accident rules run on."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from inspector_app.accidents import grade
from inspector_app.accidents.grading import criteria, explain
from inspector_app.accidents.params import AccidentDataError, load_params
from inspector_app.registry.validation import ValidationError
from inspector_app.store.paths import resources_dir

# domain reference §2, "Tests for a grade function"
REFERENCE_VECTORS = [
    ((2, 0, 0), "一般"),
    ((3, 0, 0), "较大"),
    ((0, 10, 0), "较大"),
    ((0, 0, 10_000_000), "较大"),
    ((9, 55, 0), "重大"),
    ((0, 0, 99_999_999), "重大"),
    ((30, 0, 0), "特别重大"),
]


@pytest.mark.parametrize(("figures", "expected"), REFERENCE_VECTORS)
def test_reference_vectors(figures: tuple[int, int, int], expected: str) -> None:
    assert grade(*figures) == expected


# each criterion at bound-1 and at the bound: "以上" includes the bound, "以下" excludes it
BOUNDS = [
    ("deaths", 3, "较大"),
    ("deaths", 10, "重大"),
    ("deaths", 30, "特别重大"),
    ("serious_injuries", 10, "较大"),
    ("serious_injuries", 50, "重大"),
    ("serious_injuries", 100, "特别重大"),
    ("direct_loss_yuan", 10_000_000, "较大"),
    ("direct_loss_yuan", 50_000_000, "重大"),
    ("direct_loss_yuan", 100_000_000, "特别重大"),
]
BELOW = {"较大": "一般", "重大": "较大", "特别重大": "重大"}


def _figures(criterion: str, value: int) -> dict[str, Any]:
    figures: dict[str, Any] = {"deaths": 0, "serious_injuries": 0, "direct_loss_yuan": 0}
    figures[criterion] = value
    return figures


@pytest.mark.parametrize(("criterion", "bound", "reached"), BOUNDS)
def test_each_bound_starts_its_grade(criterion: str, bound: int, reached: str) -> None:
    assert grade(**_figures(criterion, bound - 1)) == BELOW[reached]
    assert grade(**_figures(criterion, bound)) == reached


def test_the_highest_criterion_decides() -> None:
    assert grade(2, 49, 100_000_000) == "特别重大"
    assert grade(29, 10, 0) == "重大"
    assert grade(0, 99, 10_000_000) == "重大"
    assert criteria(29, 10, Decimal(0)) == {
        "deaths": "重大",
        "serious_injuries": "较大",
        "direct_loss_yuan": "一般",
    }
    zh, en = explain(3, 10, Decimal(0))
    assert zh.startswith("按死亡人数、重伤人数为较大事故")
    assert "large by deaths, serious injuries" in en


@pytest.mark.parametrize(
    "loss",
    [
        9_999_999,
        Decimal("9999999.99"),
        "9999999.99",
        " 9,999,999.99 ",
        9_999_999.99,
    ],
)
def test_loss_just_below_the_bound_in_every_accepted_form(loss: object) -> None:
    assert grade(0, 0, loss) == "一般"


@pytest.mark.parametrize(
    "loss", [10_000_000, Decimal("10000000.00"), "10000000", "1e7", 10_000_000.0]
)
def test_loss_at_the_bound_in_every_accepted_form(loss: object) -> None:
    assert grade(0, 0, loss) == "较大"


@pytest.mark.parametrize(
    ("args", "field", "zh", "en"),
    [
        ((-1, 0, 0), "deaths", "死亡人数：不能为负数（实际为-1）", "deaths: must not be negative"),
        ((True, 0, 0), "deaths", "死亡人数：应为不小于0的整数", "deaths: must be a whole number"),
        ((None, 0, 0), "deaths", "死亡人数：不能为空", "deaths: is required"),
        ((2.0, 0, 0), "deaths", "死亡人数：应为不小于0的整数", "deaths: must be a whole number"),
        (("2", 0, 0), "deaths", "死亡人数：应为不小于0的整数", "deaths: must be a whole number"),
        (
            (0, -3, 0),
            "serious_injuries",
            "重伤人数（含急性工业中毒）：不能为负数",
            "serious_injuries: must not be negative",
        ),
        (
            (0, False, 0),
            "serious_injuries",
            "重伤人数（含急性工业中毒）：应为不小于0的整数",
            "serious_injuries: must be a whole number",
        ),
        ((0, 0, -1), "direct_loss_yuan", "直接经济损失：不能为负数", "direct_loss_yuan: must not"),
        ((0, 0, "-5"), "direct_loss_yuan", "直接经济损失：不能为负数", "must not be negative"),
        ((0, 0, "十万"), "direct_loss_yuan", "直接经济损失：“十万”不是数额", "is not a number"),
        ((0, 0, None), "direct_loss_yuan", "直接经济损失：“None”不是数额", "is not a number"),
        ((0, 0, True), "direct_loss_yuan", "直接经济损失：“True”不是数额", "is not a number"),
        ((0, 0, [1]), "direct_loss_yuan", "不是数额", "direct_loss_yuan: [1] is not a number"),
        ((0, 0, float("nan")), "direct_loss_yuan", "应为有限的数额", "must be a finite amount"),
        ((0, 0, float("inf")), "direct_loss_yuan", "应为有限的数额", "must be a finite amount"),
        ((0, 0, "NaN"), "direct_loss_yuan", "应为有限的数额", "must be a finite amount"),
        ((0, 0, Decimal("-Infinity")), "direct_loss_yuan", "应为有限的数额", "finite"),
    ],
)
def test_bad_input_names_the_argument(args: tuple[Any, ...], field: str, zh: str, en: str) -> None:
    with pytest.raises(ValueError) as caught:
        grade(*args)
    error = caught.value
    assert isinstance(error, ValidationError)
    assert error.field == field
    assert error.zh.startswith(zh) or zh in error.zh
    assert en in error.en


# -- the data file -------------------------------------------------------------------------------


def _shipped() -> dict[str, Any]:
    return json.loads((resources_dir() / "accidents.json").read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "accidents.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_shipped_file_loads_with_its_provenance() -> None:
    params = load_params()
    assert [lv.grade for lv in params.levels] == ["特别重大", "重大", "较大"]
    assert params.provenance["grades"].verified
    assert not params.provenance["warning_casualties"].verified
    assert params.provenance["warning_casualties"].note
    assert len(params.type_lists["GB6441-1986"].types) == 20
    assert len(params.type_lists["GB6441-2025"].types) == 27


def _broken(tmp_path: Path, change: Any) -> AccidentDataError:
    data = _shipped()
    change(data)
    with pytest.raises(AccidentDataError) as caught:
        load_params(_write(tmp_path, data))
    return caught.value


def test_grades_out_of_order_are_refused(tmp_path: Path) -> None:
    def swap(data: dict[str, Any]) -> None:
        data["grades"]["levels"][1]["deaths"] = 40

    error = _broken(tmp_path, swap)
    assert error.section == "grades" and error.rule == "order"
    assert "“特别重大”的 deaths 下限应高于“重大”" in error.zh
    assert error.zh.startswith("数据文件“accidents.json”“grades”部分：")


def test_unverified_data_needs_a_note(tmp_path: Path) -> None:
    def drop(data: dict[str, Any]) -> None:
        del data["warning_casualties"]["note"]

    error = _broken(tmp_path, drop)
    assert error.section == "warning_casualties" and error.rule == "note_required"
    assert "未核实的数据须在 note 中说明" in error.zh


def test_a_misspelt_key_is_refused(tmp_path: Path) -> None:
    def misspell(data: dict[str, Any]) -> None:
        data["warning"]["window_day"] = data["warning"].pop("window_days")

    error = _broken(tmp_path, misspell)
    assert error.rule == "missing_key"
    assert "window_days" in error.zh and "window_day" in error.en


def test_an_unknown_sector_in_a_rule_is_refused(tmp_path: Path) -> None:
    def unknown(data: dict[str, Any]) -> None:
        data["listing"]["sectors"] = ["mining"]

    error = _broken(tmp_path, unknown)
    assert error.section == "listing" and "“mining”不是有效值" in error.zh


def test_the_standards_must_meet_without_a_gap(tmp_path: Path) -> None:
    def gap(data: dict[str, Any]) -> None:
        data["accident_types"]["GB6441-2025"]["from"] = "2026-07-02"

    error = _broken(tmp_path, gap)
    assert error.section == "accident_types" and error.rule == "dates"


def test_a_number_format_with_an_unknown_placeholder_is_refused(tmp_path: Path) -> None:
    def bad(data: dict[str, Any]) -> None:
        data["documents"]["warning_notice"]["number_format"] = "{city}警〔{year}〕{seq}号"

    error = _broken(tmp_path, bad)
    assert error.section == "documents" and error.rule == "bad_format"


def test_an_unreadable_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "accidents.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(AccidentDataError) as caught:
        load_params(path)
    assert caught.value.rule == "unreadable"
    assert "数据文件“accidents.json”：无法读取" in caught.value.zh
