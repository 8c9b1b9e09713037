"""Inspection checklists: the shipped files, who gets which items, bad files and local items."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from inspector_app.inspections.checklists import (
    SPECIAL_OPERATIONS,
    Applies,
    Catalogue,
    ChecklistError,
    ChecklistItem,
    load_catalogue,
    local_item_data,
    validate_local_item,
)
from inspector_app.registry.validation import ValidationError
from inspector_app.store.paths import resources_dir

GONGMAO = "gongmao_major_hazards_2023.json"
GENERAL = "general_management.json"
WORKS = ("冶金", "有色", "建材", "机械", "轻工", "纺织", "烟草")
CN_NUMBER = "[一二三四五六七八九十百零]+"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture
def edit_copy(tmp_path: Path) -> Callable[[str, Callable[[dict[str, Any]], object]], Path]:
    """Copy the shipped checklists to a temporary folder and change one file there."""
    folder = tmp_path / "checklists"
    shutil.copytree(resources_dir() / "checklists", folder)

    def edit(name: str, change: Callable[[dict[str, Any]], object]) -> Path:
        path = folder / name
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return folder

    return edit


def section_items(catalogue: Catalogue, section_id: str) -> list[ChecklistItem]:
    return [i for i in catalogue.items if i.section_id == section_id]


def sections_in_order(items: list[ChecklistItem]) -> list[str]:
    return list(dict.fromkeys(i.section_id for i in items))


def local(code: str = "LOCAL-001", **fields: object) -> dict[str, object]:
    raw: dict[str, object] = {
        "code": code,
        "text": "锂电池仓库是否设置独立防火分区",
        "basis": "浙江省安全生产条例 第二十七条",
        "applies": {"all": True},
    }
    raw.update(fields)
    return raw


# --- the shipped files ------------------------------------------------------------------


def test_shipped_checklists_load(catalogue: Catalogue) -> None:
    assert {c.id for c in catalogue.checklists} == {"gongmao-major-2023", "general-management"}
    assert {c.file for c in catalogue.checklists} == {GONGMAO, GENERAL}
    gongmao = next(c for c in catalogue.checklists if c.id == "gongmao-major-2023")
    assert gongmao.in_force == "2023-05-15"
    assert "应急管理部令第10号" in gongmao.source
    codes = [i.code for i in catalogue.items]
    assert len(codes) == len(set(codes))
    assert catalogue.get("GM23-6-7").text == "电熔制品电炉的水冷设备失效"
    with pytest.raises(KeyError):
        catalogue.get("GM23-99-1")


@pytest.mark.parametrize(
    "section_id, count",
    [
        ("management", 3),
        ("metallurgy", 8),
        ("building_materials", 8),
        ("light_industry", 7),
        ("textiles", 2),
        ("tobacco", 2),
        ("dust", 10),
        ("ammonia", 2),
        ("confined_space", 2),
    ],
)
def test_complete_sections_have_the_official_number_of_items(
    catalogue: Catalogue, section_id: str, count: int
) -> None:
    assert len(section_items(catalogue, section_id)) == count
    section = next(s for s in catalogue.sections if s.id == section_id)
    assert section.official_count == count


@pytest.mark.parametrize("section_id, official", [("nonferrous", 13), ("machinery", 7)])
def test_every_item_is_numbered_and_a_missing_text_says_so(
    catalogue: Catalogue, section_id: str, official: int
) -> None:
    """应急管理部令第10号: every item present by its number; one whose text is missing is
    marked unverified, saying it must not be used to judge a hazard."""
    section = next(s for s in catalogue.sections if s.id == section_id)
    items = section_items(catalogue, section_id)
    assert len(items) == official == section.official_count
    missing = [i for i in items if "原文缺失" in i.note]
    assert missing and all(not i.verified and "不得据此判定" in i.note for i in missing)


def test_major_hazard_standard_totals_64_items_in_the_source(catalogue: Catalogue) -> None:
    gongmao = [s for s in catalogue.sections if s.checklist_id == "gongmao-major-2023"]
    assert sum(s.official_count or 0 for s in gongmao) == 64
    items = [i for i in catalogue.items if i.checklist_id == "gongmao-major-2023"]
    assert len(items) == 64  # every item of the standard, each verified or saying why not
    assert all(i.major for i in items)
    pattern = re.compile(rf"^应急管理部令第10号 第{CN_NUMBER}条第（{CN_NUMBER}）项$")
    assert [i.code for i in items if not pattern.match(i.basis)] == []
    assert catalogue.get("GM23-11-3").basis == "应急管理部令第10号 第十一条第（三）项"


def test_unverified_items_are_marked_with_a_note(catalogue: Catalogue) -> None:
    verified = {i.code for i in catalogue.items if i.verified}
    gongmao_verified = sorted(c for c in verified if c.startswith("GM23-"))
    # [V] in the reference: Art. 3 all, Art. 4 (1)-(4), Art. 6 all, Art. 7 (1)-(2)
    assert gongmao_verified == sorted(
        [f"GM23-3-{n}" for n in range(1, 4)]
        + [f"GM23-4-{n}" for n in range(1, 5)]
        + [f"GM23-6-{n}" for n in range(1, 9)]
        + ["GM23-7-1", "GM23-7-2"]
    )
    unverified = [i for i in catalogue.items if not i.verified]
    assert len(unverified) == 47
    assert all(i.note for i in unverified)
    # [V-2nd]: the dust items (1)-(9) come from a secondary source
    assert all("二手来源" in catalogue.get(f"GM23-11-{n}").note for n in range(1, 10))
    assert "凭记忆" in catalogue.get("GM23-11-10").note


def test_general_checklist_cites_the_penalty_articles(catalogue: Catalogue) -> None:
    items = [i for i in catalogue.items if i.checklist_id == "general-management"]
    assert len(items) == 25
    assert all(i.verified and not i.major and i.applies == Applies() for i in items)
    articles = set()
    for item in items:
        cited = re.fullmatch(
            rf"安全生产法 第({CN_NUMBER})条(第（{CN_NUMBER}）项|第二款)?", item.basis
        )
        assert cited, item.code
        articles.add(cited.group(1))
    assert articles == {
        "九十七",
        "九十九",
        "一百零一",
        "一百零二",
        "一百零三",
        "一百零四",
        "一百零五",
    }
    assert catalogue.get("GEN-97-3").basis == "安全生产法 第九十七条第（三）项"
    assert "可燃气体报警" in catalogue.get("GEN-99-8").text
    assert "动火" in catalogue.get("GEN-101-3").text


# --- which items an enterprise gets -------------------------------------------------------


def test_commerce_gets_general_and_management_items_only(catalogue: Catalogue) -> None:
    items = catalogue.for_enterprise("商贸", [])
    sections = sections_in_order(items)
    assert sections[-1] == "management"
    assert items[0].checklist_id == "general-management"
    assert {i.checklist_id for i in items[:25]} == {"general-management"}
    assert len(items) == 25 + 3


def test_machinery_with_dust_gets_its_sections_in_order(catalogue: Catalogue) -> None:
    items = catalogue.for_enterprise("机械", ["confined_space", "dust"])
    gongmao = [i.section_id for i in items if i.checklist_id == "gongmao-major-2023"]
    assert list(dict.fromkeys(gongmao)) == ["management", "machinery", "dust", "confined_space"]
    assert items[0].code == "GEN-97-1"
    assert [i.code for i in items if i.section_id == "dust"] == [
        f"GM23-11-{n}" for n in range(1, 11)
    ]
    assert len(items) == 25 + 3 + 7 + 10 + 2


@pytest.mark.parametrize("industry", ["危化", "其他"])
def test_outside_industry_and_trade_only_the_general_checklist_applies(
    catalogue: Catalogue, industry: str
) -> None:
    items = catalogue.for_enterprise(industry, list(SPECIAL_OPERATIONS))
    assert {i.checklist_id for i in items} == {"general-management"}


def test_unknown_industry_or_special_operation_is_refused(catalogue: Catalogue) -> None:
    with pytest.raises(ValidationError) as info:
        catalogue.for_enterprise("化工", [])
    assert info.value.field == "supervision_industry"
    assert "“化工”不是有效值" in info.value.zh
    with pytest.raises(ValidationError) as info:
        catalogue.for_enterprise("机械", ["dust", "welding"])
    assert info.value.field == "special_operations"
    assert info.value.zh.startswith("专项作业：")
    assert "welding" in info.value.en


# --- broken files -------------------------------------------------------------------------


def first_item(data: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = data["sections"][0]["items"][0]
    return item


def duplicate_across_files(data: dict[str, Any]) -> None:
    first_item(data)["code"] = "GEN-97-1"


def duplicate_in_file(data: dict[str, Any]) -> None:
    data["sections"][1]["items"][1]["code"] = "GM23-3-2"


def missing_text(data: dict[str, Any]) -> None:
    data["sections"][1]["items"][2]["text"] = "  "


def unknown_industry(data: dict[str, Any]) -> None:
    data["sections"][1]["applies"] = {"industries": ["冶金", "钢铁"]}


def unknown_special_operation(data: dict[str, Any]) -> None:
    data["sections"][8]["applies"]["special_operation"] = "welding"


def unverified_without_note(data: dict[str, Any]) -> None:
    data["sections"][2]["items"][0]["note"] = ""


def incomplete_without_notes(data: dict[str, Any]) -> None:
    del data["sections"][4]["items"][-1]
    del data["sections"][4]["notes"]


def misspelt_key(data: dict[str, Any]) -> None:
    item = data["sections"][0]["items"][1]
    item["verifed"] = item.pop("verified")


def stray_key(data: dict[str, Any]) -> None:
    data["sections"][0]["comment"] = "待定"


def reserved_prefix(data: dict[str, Any]) -> None:
    first_item(data)["code"] = "LOCAL-1"


@pytest.mark.parametrize(
    "name, change, rule, where_zh, where_en",
    [
        (
            GONGMAO,
            duplicate_in_file,
            "duplicate_code",
            "第2节（metallurgy）第2项（GM23-3-2）",
            "section 2 (metallurgy), item 2 (GM23-3-2)",
        ),
        (
            GONGMAO,
            missing_text,
            "empty",
            "第2节（metallurgy）第3项（GM23-4-3）",
            "item 3 (GM23-4-3)",
        ),
        (GONGMAO, unknown_industry, "unknown_industry", "第2节（metallurgy）", "section 2"),
        (GONGMAO, unknown_special_operation, "unknown_special_operation", "第9节（dust）", "dust"),
        (GONGMAO, unverified_without_note, "note_required", "第1项（GM23-5-1）", "GM23-5-1"),
        (GONGMAO, incomplete_without_notes, "incomplete_unexplained", "（machinery）", "machinery"),
        (
            GONGMAO,
            misspelt_key,
            "missing_key",
            "第1节（management）第2项（GM23-3-2）：缺少字段“verified”（另有未知字段“verifed”）",
            "missing key(s): verified (unknown: verifed)",
        ),
        (
            GONGMAO,
            stray_key,
            "unknown_key",
            "第1节（management）：含有未知字段“comment”",
            "comment",
        ),
        (GENERAL, reserved_prefix, "reserved_prefix", "第1项（LOCAL-1）", "LOCAL-1"),
    ],
)
def test_a_broken_file_names_the_file_the_item_and_the_rule(
    edit_copy: Callable[[str, Callable[[dict[str, Any]], object]], Path],
    name: str,
    change: Callable[[dict[str, Any]], object],
    rule: str,
    where_zh: str,
    where_en: str,
) -> None:
    folder = edit_copy(name, change)
    with pytest.raises(ChecklistError) as info:
        load_catalogue(folder)
    error = info.value
    assert error.rule == rule
    assert error.file == name
    assert f"检查表文件“{name}”" in error.text("zh")
    assert where_zh in error.text("zh")
    assert name in error.text("en") and where_en in error.text("en")


def test_a_code_used_in_two_files_names_both(
    edit_copy: Callable[[str, Callable[[dict[str, Any]], object]], Path],
) -> None:
    folder = edit_copy(GONGMAO, duplicate_across_files)
    with pytest.raises(ChecklistError) as info:
        load_catalogue(folder)
    # files are read in name order: general_management.json first, so gongmao holds the copy
    assert info.value.file == GONGMAO
    assert info.value.item_code == "GEN-97-1"
    assert "与文件“general_management.json”中的检查项重复" in info.value.zh


def test_a_missing_text_key_and_a_wrong_format_are_named(
    edit_copy: Callable[[str, Callable[[dict[str, Any]], object]], Path],
) -> None:
    folder = edit_copy(GENERAL, lambda data: first_item(data).pop("text"))
    with pytest.raises(ChecklistError) as info:
        load_catalogue(folder)
    assert info.value.rule == "missing_key"
    assert "第1节（organisation）第1项（GEN-97-1）：缺少字段“text”" in info.value.zh
    folder = edit_copy(GENERAL, lambda data: data.update(format=2))
    with pytest.raises(ChecklistError) as info:
        load_catalogue(folder)
    assert info.value.rule == "format"
    assert info.value.zh == "检查表文件“general_management.json”：格式版本应为1，实际为“2”"


def test_an_unreadable_file_and_an_empty_folder_are_errors(tmp_path: Path) -> None:
    with pytest.raises(ChecklistError) as info:
        load_catalogue(tmp_path)
    assert info.value.rule == "no_files"
    (tmp_path / "broken.json").write_text('{"format": 1,', encoding="utf-8")
    with pytest.raises(ChecklistError) as info:
        load_catalogue(tmp_path)
    assert info.value.rule == "unreadable"
    assert info.value.file == "broken.json"


# --- local items --------------------------------------------------------------------------


def test_local_items_merge_into_the_groups_they_apply_to(catalogue: Catalogue) -> None:
    everyone = validate_local_item(local(" local-001 "), catalogue.industries)
    assert everyone.code == "LOCAL-001"
    assert everyone.local and everyone.verified and not everyone.major
    machinery = validate_local_item(
        local("LOCAL-002", applies={"industries": ["机械"]}, major=True), catalogue.industries
    )
    dust = validate_local_item(
        local("LOCAL-003", applies={"special_operation": "dust"}), catalogue.industries
    )
    merged = catalogue.with_local([everyone, machinery, dust])
    assert merged.get("LOCAL-002").major
    assert "LOCAL-001" not in catalogue  # the shipped catalogue is left as it was
    codes = [i.code for i in merged.for_enterprise("机械", ["dust", "ammonia"])]
    assert codes.index("GEN-105-2") + 1 == codes.index("LOCAL-001")
    assert codes.index("GM23-7-7") + 1 == codes.index("LOCAL-002")
    assert codes.index("GM23-11-10") + 1 == codes.index("LOCAL-003")
    assert codes.index("LOCAL-003") < codes.index("GM23-12-1")
    codes = [i.code for i in merged.for_enterprise("其他", ["dust"])]
    assert "LOCAL-001" in codes and "LOCAL-002" not in codes and "LOCAL-003" in codes


def test_local_item_data_round_trips(catalogue: Catalogue) -> None:
    item = validate_local_item(
        local(applies={"industries": ["轻工", "纺织"], "special_operation": "ammonia"}),
        catalogue.industries,
    )
    assert local_item_data(item)["applies"] == {
        "industries": ["纺织", "轻工"],
        "special_operation": "ammonia",
    }
    assert validate_local_item(local_item_data(item), catalogue.industries) == item


def test_local_items_cannot_reuse_a_code(catalogue: Catalogue) -> None:
    shipped = catalogue.get("GM23-3-1")
    with pytest.raises(ValidationError) as info:
        catalogue.with_local([shipped])
    assert info.value.field == "code" and info.value.rule == "prefix"
    one = validate_local_item(local(), catalogue.industries)
    with pytest.raises(ValidationError) as info:
        catalogue.with_local([one, one])
    assert info.value.rule == "duplicate"
    assert info.value.zh == "检查项编号：“LOCAL-001”与另一本地检查项重复"
    with pytest.raises(ValidationError) as info:
        catalogue.with_local([one]).with_local([one])
    assert info.value.rule == "duplicate"
    # a catalogue built by hand may hold a non-local item with such a code
    own = ChecklistItem("LOCAL-001", "t", "s", "节", "c", "依据", False, True, "")
    with pytest.raises(ValidationError) as info:
        Catalogue([own], catalogue.industries).with_local([one])
    assert "与内置检查项重复" in info.value.zh


@pytest.mark.parametrize(
    "fields, field, rule, zh",
    [
        ({"code": "A-1"}, "code", "prefix", "检查项编号：本地检查项的编号应以“LOCAL-”开头"),
        ({"code": "LOCAL-甲"}, "code", "format", "检查项编号："),
        ({"code": ""}, "code", "required", "检查项编号：不能为空"),
        ({"text": " \n "}, "text", "required", "检查内容：不能为空"),
        ({"text": "查" * 301}, "text", "max_length", "检查内容：不能超过300个字符（实际301个）"),
        ({"basis": ""}, "basis", "required", "法律依据：不能为空"),
        ({"applies": {"industries": ["钢铁"]}}, "applies", "unknown_industry", "适用范围：未知"),
        ({"applies": {"special_operation": "x"}}, "applies", "unknown_special_operation", ""),
        ({"applies": {"all": True, "industries": ["机械"]}}, "applies", "applies", "适用范围："),
        ({"applies": {}}, "applies", "applies", "适用范围："),
        ({"major": "yes"}, "major", "type", "重大事故隐患：应为"),
    ],
)
def test_local_item_rules_name_the_field(
    catalogue: Catalogue, fields: dict[str, object], field: str, rule: str, zh: str
) -> None:
    with pytest.raises(ValidationError) as info:
        validate_local_item(local(**fields), catalogue.industries)
    assert (info.value.field, info.value.rule) == (field, rule)
    assert info.value.zh.startswith(zh)


def test_local_item_of_300_characters_is_accepted(catalogue: Catalogue) -> None:
    item = validate_local_item(local(text="查" * 300), catalogue.industries)
    assert len(item.text) == 300


def test_the_items_the_legal_review_found_wrong_are_corrected_or_marked(
    catalogue: Catalogue,
) -> None:
    # 烟草 (1) names the phosphine alarm; 有限空间 (1) keeps "并且"; 冶金 (5) its opening words
    assert "磷化氢气体浓度监测报警仪器" in catalogue.get("GM23-10-1").text
    assert "并且" in catalogue.get("GM23-13-1").text
    assert catalogue.get("GM23-4-5").text.startswith("高炉生产期间炉顶工作压力设定值")
    for code in ("GM23-7-3", "GM23-7-4", "GM23-7-5", "GM23-8-1", "GM23-4-8"):
        item = catalogue.get(code)
        assert not item.verified and (
            "有误" in item.note or "2017" in item.note or "不符" in item.note
        )
