"""Inspection checklists: what an officer checks at an enterprise, kept as data.

Each checklist is one JSON file in ``resources/checklists/``, loaded and checked at start by
``load_catalogue()``. A file looks like this (keys marked "optional" may be left out; no other
keys are allowed, so that a misspelt key is an error rather than silently ignored)::

    {
      "format": 1,
      "id": "gongmao-major-2023",                  # unique among the files
      "title": {"zh": "...", "en": "..."},
      "source": "...",                            # the text the items come from, how far checked
      "in_force": "2023-05-15",                   # optional, ISO date
      "notes": "...",                             # optional
      "sections": [
        {
          "id": "management",                     # unique within the file
          "title": {"zh": "管理类", "en": "Management"},
          "applies": {"all": true},               # or {"industries": ["冶金", ...]}
                                                  # or {"special_operation": "dust"}
                                                  # or both "industries" and "special_operation"
          "official_count": 3,                    # optional: how many items the source has
          "notes": "...",                         # optional; required when items are missing
          "items": [
            {"code": "GM23-3-1",                  # stable: inspection records store it
             "text": "...", "basis": "应急管理部令第10号 第三条第（一）项",
             "major": true,                       # a 重大事故隐患 when found
             "verified": true,                    # text checked against the cited source
             "note": ""}                          # required when verified is false
          ]
        }
      ]
    }

``applies``: industries are the supervision industries of ``resources/classifications.json``;
special operations are the keys of ``SPECIAL_OPERATIONS``. A section with both applies only to
an enterprise of one of the industries that has the operation.

Order of the items that apply to an enterprise (``Catalogue.for_enterprise``): the sections that
apply to all enterprises, then the industry sections, then each chosen special operation in the
order of ``SPECIAL_OPERATIONS``; within each group, files in name order, sections and items in
file order, and local items last.

Local items are added by an administrator (``validate_local_item``, ``Catalogue.with_local``):
their code starts with ``LOCAL-``, they carry ``local=True`` and the same ``applies`` rule.

About 650 lines: the checklist files' format is checked here field by field, beside the model it
builds, so that a city editing a file meets one description of it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspector_app.datafile import Problem as _Problem
from inspector_app.datafile import json_object
from inspector_app.messages import Bilingual
from inspector_app.registry.rules import Classifications
from inspector_app.registry.validation import FieldLabel, ValidationError, label, normalise_code
from inspector_app.store.paths import resources_dir

FORMAT = 1
SPECIAL_OPERATIONS: dict[str, tuple[str, str]] = {
    "dust": ("粉尘爆炸", "Combustible dust"),
    "ammonia": ("液氨制冷", "Ammonia refrigeration"),
    "confined_space": ("有限空间", "Confined spaces"),
}
LOCAL_PREFIX = "LOCAL-"
LOCAL_CHECKLIST_ID = "local"
LOCAL_SECTION_ID = "local"
LOCAL_SECTION_TITLE = "本地补充检查项"
LOCAL_TEXT_MAX = 300
LOCAL_BASIS_MAX = 200
LOCAL_NOTE_MAX = 300
CODE_MAX = 40

# e.g. GM23-11-3, GEN-97-1, LOCAL-2024-01: capitals and digits in dash-separated parts
_CODE = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$")
_FILE_KEYS = ({"format", "id", "title", "source", "sections"}, {"in_force", "notes"})
_SECTION_KEYS = ({"id", "title", "applies", "items"}, {"official_count", "notes"})
_ITEM_KEYS = ({"code", "text", "basis", "major", "verified"}, {"note"})
_LOCAL_KEYS = ({"code", "text", "basis", "applies"}, {"note", "major"})
_APPLIES_KEYS = {"all", "industries", "special_operation"}
_LABELS: Mapping[str, FieldLabel] = {
    "code": FieldLabel("检查项编号", "Item code"),
    "text": FieldLabel("检查内容", "Check text"),
    "basis": FieldLabel("法律依据", "Legal basis"),
    "applies": FieldLabel("适用范围", "Applies to"),
    "note": FieldLabel("备注", "Note"),
    "major": FieldLabel("重大事故隐患", "Major hazard"),
    "special_operations": FieldLabel("专项作业", "Specialised operations"),
}


@dataclass(frozen=True)
class Applies:
    """Which enterprises a section or local item applies to; empty fields do not restrict."""

    industries: frozenset[str] = frozenset()
    special_operation: str = ""

    def matches(self, industry: str, special_operations: Collection[str]) -> bool:
        if self.industries and industry not in self.industries:
            return False
        return not self.special_operation or self.special_operation in special_operations

    @property
    def group(self) -> int:
        """Position of the group in a checklist: all, industry sections, special operations."""
        if self.special_operation:
            return 2 + list(SPECIAL_OPERATIONS).index(self.special_operation)
        return 1 if self.industries else 0

    def as_data(self) -> dict[str, Any]:
        """The JSON shape of ``applies`` (how local items are stored)."""
        if not self.industries and not self.special_operation:
            return {"all": True}
        data: dict[str, Any] = {}
        if self.industries:
            data["industries"] = sorted(self.industries)
        if self.special_operation:
            data["special_operation"] = self.special_operation
        return data


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    text: str
    section_id: str
    section_title: str  # Chinese
    checklist_id: str
    basis: str
    major: bool
    verified: bool
    note: str
    local: bool = False
    applies: Applies = Applies()


@dataclass(frozen=True)
class Checklist:
    id: str
    title_zh: str
    title_en: str
    source: str
    in_force: str
    notes: str
    file: str


@dataclass(frozen=True)
class Section:
    checklist_id: str
    id: str
    title_zh: str
    title_en: str
    applies: Applies
    official_count: int | None
    notes: str


class ChecklistError(Bilingual):
    """A shipped checklist file breaks a rule; the message names the file, the place and rule."""

    def __init__(self, place: _Place, rule: str, zh: str, en: str) -> None:
        where_zh, where_en = place.describe()
        super().__init__(
            f"检查表文件“{place.file}”{where_zh}：{zh}",
            f"checklist file {place.file}{where_en}: {en}",
            rule,
        )
        self.file = place.file
        self.item_code = place.code
        self.rule = rule


@dataclass(frozen=True)
class _Place:
    """Where in a checklist file a problem is (sections and items counted from 1)."""

    file: str
    section: int = 0
    section_id: str = ""
    item: int = 0
    code: str = ""

    def describe(self) -> tuple[str, str]:
        """The place in Chinese and in English, e.g. 第2节（metallurgy）第3项（GM23-4-3）."""
        zh = en = ""
        if self.section:
            name = self.section_id
            zh += f"第{self.section}节" + (f"（{name}）" if name else "")
            en += f", section {self.section}" + (f" ({name})" if name else "")
        if self.item:
            zh += f"第{self.item}项" + (f"（{self.code}）" if self.code else "")
            en += f", item {self.item}" + (f" ({self.code})" if self.code else "")
        return zh, en


class Catalogue:
    """All checklist items: the shipped ones in file order (files by name), then local ones."""

    def __init__(
        self,
        items: Iterable[ChecklistItem],
        industries: Iterable[str],
        checklists: Iterable[Checklist] = (),
        sections: Iterable[Section] = (),
    ) -> None:
        self.items: tuple[ChecklistItem, ...] = tuple(items)
        self.industries: tuple[str, ...] = tuple(industries)
        self.checklists: tuple[Checklist, ...] = tuple(checklists)
        self.sections: tuple[Section, ...] = tuple(sections)  # shipped sections only
        self._by_code = {item.code: item for item in self.items}
        if len(self._by_code) != len(self.items):
            raise ValueError("checklist item codes must be unique")

    def get(self, code: str) -> ChecklistItem:
        """The item with this code; KeyError if there is none."""
        return self._by_code[code]

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def for_enterprise(
        self, industry: str, special_operations: Iterable[str]
    ) -> list[ChecklistItem]:
        """The items that apply to an enterprise of ``industry`` (监管行业) with the given
        special operations, in checking order (see the module docstring)."""
        if industry not in self.industries:
            raise _field_error(
                "supervision_industry",
                "choice",
                f"“{industry}”不是有效值，应为：{'、'.join(self.industries)}",
                f"{industry!r} is not one of: {', '.join(self.industries)}",
            )
        chosen = set()
        for op in special_operations:
            if op not in SPECIAL_OPERATIONS:
                raise _field_error(
                    "special_operations",
                    "choice",
                    f"“{op}”不是已知的专项作业，应为：{_special_names()}",
                    f"{op!r} is not one of: {', '.join(SPECIAL_OPERATIONS)}",
                )
            chosen.add(op)
        matching = [item for item in self.items if item.applies.matches(industry, chosen)]
        return sorted(matching, key=lambda item: item.applies.group)  # stable within a group

    def with_local(self, items: Iterable[ChecklistItem]) -> Catalogue:
        """This catalogue plus an administrator's local items, each checked by the rules of
        ``validate_local_item``; a code already in the catalogue is refused."""
        added: list[ChecklistItem] = []
        codes = dict(self._by_code)
        for item in items:
            checked = validate_local_item(local_item_data(item), self.industries)
            taken = codes.get(checked.code)
            if taken is not None:
                if taken.local:
                    zh, en = "与另一本地检查项重复", "is used by another local item"
                else:
                    zh, en = (
                        f"与内置检查项重复（{taken.basis}）",
                        f"is a shipped item's ({taken.basis})",
                    )
                raise _field_error(
                    "code", "duplicate", f"“{checked.code}”{zh}", f"{checked.code} {en}"
                )
            codes[checked.code] = checked
            added.append(checked)
        return Catalogue(self.items + tuple(added), self.industries, self.checklists, self.sections)


def load_catalogue(folder: Path | None = None) -> Catalogue:
    """Read and check every ``*.json`` in ``folder`` (default: the shipped checklists).

    Raises ChecklistError naming the file, the section and item, and the rule broken.
    """
    folder = folder if folder is not None else resources_dir() / "checklists"
    industries = tuple(Classifications.load().industries)
    paths = sorted(folder.glob("*.json"))
    if not paths:
        raise ChecklistError(
            _Place(str(folder)),
            "no_files",
            "没有检查表文件（*.json）",
            "no checklist files (*.json)",
        )
    seen_codes: dict[str, str] = {}
    seen_ids: dict[str, str] = {}
    checklists: list[Checklist] = []
    sections: list[Section] = []
    items: list[ChecklistItem] = []
    for path in paths:
        checklist, file_sections, file_items = _read_file(path, industries, seen_codes)
        if checklist.id in seen_ids:
            raise ChecklistError(
                _Place(path.name),
                "duplicate_checklist",
                f"检查表编号“{checklist.id}”与文件“{seen_ids[checklist.id]}”重复",
                f"checklist id {checklist.id} is also used by {seen_ids[checklist.id]}",
            )
        seen_ids[checklist.id] = path.name
        checklists.append(checklist)
        sections.extend(file_sections)
        items.extend(file_items)
    return Catalogue(items, industries, checklists, sections)


def validate_local_item(raw: Mapping[str, object], industries: Collection[str]) -> ChecklistItem:
    """An administrator's local item, normalised; ValidationError names the field broken.

    ``raw`` has ``code`` (``LOCAL-`` then capitals, digits and dashes), ``text`` (at most
    300 characters), ``basis``, ``applies`` (the JSON shape of the checklist files), and
    optionally ``note`` and ``major``. Local items are the administrator's own wording, so they
    count as verified.
    """
    unknown = sorted(set(raw) - _LOCAL_KEYS[0] - _LOCAL_KEYS[1])
    if unknown:
        raise ValueError(f"unknown local item fields: {', '.join(unknown)}")
    code = _local_code(raw.get("code"))
    text = _local_text(raw.get("text"), "text", LOCAL_TEXT_MAX, required=True)
    basis = _local_text(raw.get("basis"), "basis", LOCAL_BASIS_MAX, required=True)
    note = _local_text(raw.get("note"), "note", LOCAL_NOTE_MAX, required=False)
    major = raw.get("major", False)
    if not isinstance(major, bool):
        raise _field_error("major", "type", "应为“是”或“否”", "must be yes or no")
    if "applies" not in raw:
        raise _field_error("applies", "required", "不能为空", "is required")
    try:
        applies = _applies(raw["applies"], industries)
    except _Problem as p:
        raise _field_error("applies", p.rule, p.zh, p.en) from None
    return ChecklistItem(
        code=code,
        text=text,
        section_id=LOCAL_SECTION_ID,
        section_title=LOCAL_SECTION_TITLE,
        checklist_id=LOCAL_CHECKLIST_ID,
        basis=basis,
        major=major,
        verified=True,
        note=note,
        local=True,
        applies=applies,
    )


def local_item_data(item: ChecklistItem) -> dict[str, Any]:
    """The fields of a local item as ``validate_local_item`` takes them (and as stored)."""
    return {
        "code": item.code,
        "text": item.text,
        "basis": item.basis,
        "applies": item.applies.as_data(),
        "note": item.note,
        "major": item.major,
    }


def _read_file(
    path: Path, industries: Collection[str], seen_codes: dict[str, str]
) -> tuple[Checklist, list[Section], list[ChecklistItem]]:
    place = _Place(path.name)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ChecklistError(
            place, "unreadable", f"无法读取（{exc}）", f"cannot be read ({exc})"
        ) from exc
    with _at(place):
        data = _object(data, _FILE_KEYS)
        if data["format"] != FORMAT:
            raise _Problem(
                "format",
                f"格式版本应为{FORMAT}，实际为“{data['format']}”",
                f"format must be {FORMAT}, got {data['format']!r}",
            )
        checklist_id = _str(data, "id")
        title_zh, title_en = _title(data)
        in_force = _str(data, "in_force", required=False)
        if in_force:
            try:
                dt.date.fromisoformat(in_force)
            except ValueError:
                raise _Problem(
                    "in_force",
                    f"施行日期“{in_force}”应为“YYYY-MM-DD”格式的日期",
                    f"in_force {in_force!r} must be a date YYYY-MM-DD",
                ) from None
        checklist = Checklist(
            id=checklist_id,
            title_zh=title_zh,
            title_en=title_en,
            source=_str(data, "source"),
            in_force=in_force,
            notes=_str(data, "notes", required=False),
            file=path.name,
        )
        raw_sections = _list(data, "sections")
    sections: list[Section] = []
    items: list[ChecklistItem] = []
    for s_index, raw_section in enumerate(raw_sections, 1):
        # name the section by its id in every message about it, even one on a missing key
        s_place = _Place(path.name, s_index, _name_of(raw_section, "id"))
        with _at(s_place):
            s_data = _object(raw_section, _SECTION_KEYS)
            section_id = _str(s_data, "id")
            if any(s.id == section_id for s in sections):
                raise _Problem(
                    "duplicate_section",
                    f"节编号“{section_id}”重复",
                    f"section id {section_id} is repeated",
                )
            section = _section(s_data, checklist_id, section_id, industries)
            raw_items = _list(s_data, "items")
            _check_count(section, len(raw_items))
        sections.append(section)
        for i_index, raw_item in enumerate(raw_items, 1):
            item = _item(raw_item, section, _Place(path.name, s_index, section_id, i_index))
            seen = seen_codes.get(item.code)
            if seen is not None:
                raise ChecklistError(
                    _Place(path.name, s_index, section_id, i_index, item.code),
                    "duplicate_code",
                    f"编号与文件“{seen}”中的检查项重复",
                    f"the code is already used in {seen}",
                )
            seen_codes[item.code] = path.name
            items.append(item)
    return checklist, sections, items


def _section(
    data: Mapping[str, Any], checklist_id: str, section_id: str, industries: Collection[str]
) -> Section:
    title_zh, title_en = _title(data)
    official = data.get("official_count")
    if official is not None and (type(official) is not int or official < 1):
        raise _Problem(
            "official_count",
            "official_count 应为正整数",
            "official_count must be a positive whole number",
        )
    return Section(
        checklist_id=checklist_id,
        id=section_id,
        title_zh=title_zh,
        title_en=title_en,
        applies=_applies(data["applies"], industries),
        official_count=official,
        notes=_str(data, "notes", required=False),
    )


def _check_count(section: Section, count: int) -> None:
    """A section shorter than its source must say why (the missing items are to be added)."""
    if section.official_count is None:
        return
    if count > section.official_count:
        raise _Problem(
            "too_many_items",
            f"有{count}项，多于原文的{section.official_count}项",
            f"has {count} items, more than the source's {section.official_count}",
        )
    if count < section.official_count and not section.notes:
        raise _Problem(
            "incomplete_unexplained",
            f"只有{count}项，少于原文的{section.official_count}项，须在 notes 中说明缺少的条目",
            f"has {count} of the source's {section.official_count} items; notes must say "
            "which are missing",
        )


def _item(raw: object, section: Section, place: _Place) -> ChecklistItem:
    # name the item by its code in every message about it, even one on a missing key
    place = _Place(place.file, place.section, place.section_id, place.item, _name_of(raw, "code"))
    with _at(place):
        data = _object(raw, _ITEM_KEYS)
        code = _str(data, "code")
        if not _CODE.match(code) or len(code) > CODE_MAX:
            raise _Problem(
                "code_format",
                f"编号应由大写字母、数字和连字符组成（如 GM23-3-1），不超过{CODE_MAX}个字符",
                f"the code must be capitals and digits in dash-separated parts (GM23-3-1), "
                f"at most {CODE_MAX} characters",
            )
        if code.startswith(LOCAL_PREFIX):
            raise _Problem(
                "reserved_prefix",
                f"“{LOCAL_PREFIX}”开头的编号留给本地检查项",
                f"codes starting {LOCAL_PREFIX} are reserved for local items",
            )
        verified = _bool(data, "verified")
        note = _str(data, "note", required=False)
        if not verified and not note:
            raise _Problem(
                "note_required",
                "未核实的检查项须在 note 中说明来源和待核对的内容",
                "an unverified item needs a note saying where it comes from and what to check",
            )
        return ChecklistItem(
            code=code,
            text=_str(data, "text"),
            section_id=section.id,
            section_title=section.title_zh,
            checklist_id=section.checklist_id,
            basis=_str(data, "basis"),
            major=_bool(data, "major"),
            verified=verified,
            note=note,
            applies=section.applies,
        )


def _applies(value: object, industries: Collection[str]) -> Applies:
    if not isinstance(value, Mapping):
        raise _Problem("applies", "applies 应为对象", "applies must be an object")
    unknown = sorted(set(value) - _APPLIES_KEYS)
    if unknown:
        raise _Problem(
            "unknown_key",
            f"applies 含有未知字段“{'、'.join(unknown)}”",
            f"applies has unknown keys: {', '.join(unknown)}",
        )
    if "all" in value:
        if value["all"] is not True or len(value) > 1:
            raise _Problem(
                "applies",
                "“all”只能单独使用，取值为 true",
                "'all' must be true and used alone",
            )
        return Applies()
    if not value:
        raise _Problem(
            "applies",
            "applies 应指明 all、industries 或 special_operation",
            "applies must give all, industries or special_operation",
        )
    chosen: frozenset[str] = frozenset()
    if "industries" in value:
        listed = value["industries"]
        if not (isinstance(listed, list) and listed and all(isinstance(i, str) for i in listed)):
            raise _Problem(
                "applies",
                "industries 应为监管行业名称的非空列表",
                "industries must be a non-empty list of supervision industries",
            )
        bad = [i for i in listed if i not in industries]
        if bad:
            raise _Problem(
                "unknown_industry",
                f"未知的监管行业“{'、'.join(bad)}”，应为：{'、'.join(industries)}",
                f"unknown supervision industry {', '.join(bad)}; one of: {', '.join(industries)}",
            )
        chosen = frozenset(listed)
    operation = value.get("special_operation", "")
    if "special_operation" in value and operation not in SPECIAL_OPERATIONS:
        raise _Problem(
            "unknown_special_operation",
            f"未知的专项作业“{operation}”，应为：{_special_names()}",
            f"unknown special operation {operation!r}; one of: {', '.join(SPECIAL_OPERATIONS)}",
        )
    return Applies(chosen, str(operation))


@contextmanager
def _at(place: _Place) -> Iterator[None]:
    """Give a broken rule found inside the block its place in the file."""
    try:
        yield
    except _Problem as p:
        raise ChecklistError(place, p.rule, p.zh, p.en) from None


def _object(value: object, keys: tuple[set[str], set[str]]) -> Mapping[str, Any]:
    return json_object(value, *keys)


def _name_of(raw: object, key: str) -> str:
    """The id or code of a part not checked yet, to name it in messages ("" if unusable)."""
    value = raw.get(key) if isinstance(raw, dict) else None
    return value.strip() if isinstance(value, str) else ""


def _str(data: Mapping[str, Any], key: str, required: bool = True) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise _Problem("type", f"“{key}”应为文本", f"{key} must be text")
    value = value.strip()
    if required and not value:
        raise _Problem("empty", f"“{key}”不能为空", f"{key} must not be empty")
    return value


def _bool(data: Mapping[str, Any], key: str) -> bool:
    value = data[key]
    if not isinstance(value, bool):
        raise _Problem("type", f"“{key}”应为 true 或 false", f"{key} must be true or false")
    return value


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data[key]
    if not isinstance(value, list) or not value:
        raise _Problem("empty", f"“{key}”应为非空列表", f"{key} must be a non-empty list")
    return value


def _title(data: Mapping[str, Any]) -> tuple[str, str]:
    title = _object(data["title"], ({"zh", "en"}, set()))
    return _str(title, "zh"), _str(title, "en")


def _special_names() -> str:
    return "、".join(f"{zh}（{code}）" for code, (zh, _en) in SPECIAL_OPERATIONS.items())


def _field_error(field: str, rule: str, zh: str, en: str) -> ValidationError:
    """As ``validation.error``, with the display names of the checklist fields."""
    lab = _LABELS.get(field) or label(field)
    return ValidationError(field, rule, f"{lab.zh}：{zh}", f"{lab.en}: {en}")


def _local_code(value: object) -> str:
    if not isinstance(value, str) or not normalise_code(value):
        raise _field_error("code", "required", "不能为空", "is required")
    code = normalise_code(value)
    if not code.startswith(LOCAL_PREFIX):
        raise _field_error(
            "code",
            "prefix",
            f"本地检查项的编号应以“{LOCAL_PREFIX}”开头",
            f"a local item's code must start with {LOCAL_PREFIX}",
        )
    if not _CODE.match(code) or len(code) > CODE_MAX:
        raise _field_error(
            "code",
            "format",
            f"“{LOCAL_PREFIX}”后只能使用大写字母、数字和连字符，总长不超过{CODE_MAX}个字符",
            f"after {LOCAL_PREFIX} only capitals, digits and dashes, at most {CODE_MAX} "
            "characters in all",
        )
    return code


def _local_text(value: object, field: str, max_len: int, required: bool) -> str:
    if value is not None and not isinstance(value, str):
        raise _field_error(field, "type", "应为文本", "must be text")
    text = " ".join(unicodedata.normalize("NFC", value or "").split())
    if required and not text:
        raise _field_error(field, "required", "不能为空", "is required")
    if len(text) > max_len:
        raise _field_error(
            field,
            "max_length",
            f"不能超过{max_len}个字符（实际{len(text)}个）",
            f"must be at most {max_len} characters (got {len(text)})",
        )
    return text
