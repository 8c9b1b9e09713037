"""The facts the accident rules run on, as data: ``resources/accidents.json``.

Every section carries its ``source``, whether it was ``verified`` against that source and a
``note`` (required when unverified). ``load_params()`` reads and checks the file; a broken file
stops with ``AccidentDataError`` naming the file, the section and the rule, so that a wrong
threshold never grades an accident silently. No key outside those listed below is allowed::

    grades               国务院令第493号 Art. 3: the lower bound of each grade, highest first
    missing_as_deaths    whether missing persons count as deaths (grading and the city's rules)
    reporting            Art. 9-11: 1 hour to the county, 2 hours a level, levels by grade
    supplementary        Art. 13: 30 days for changed casualty figures, 7 for road traffic/fire
    fire_type_short_window   accident types that take the short window whatever the sector
    investigation        Art. 29, 32: report due in 60 days (+60 once), reply in 15 (30) days
    sectors              工矿商贸 and the other sectors
    accident_types       GB 6441-1986 and GB 6441-2025, each with the dates it applies to
    type_correspondence  old class → new classes, to compare types across the change
    warning, warning_casualties, warning_scope      警示通报 (the 60-day rule)
    listing              挂牌督办 triggers
    accountability       how a person held responsible is dealt with
    report_checklist     the quarterly check of investigation reports
    fines                the catalogue entries of Art. 114 and Art. 95
    documents            issuers, number formats, the city departments addressed
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from inspector_app.cases.articles import GRADES
from inspector_app.datafile import Problem, json_object
from inspector_app.messages import Bilingual
from inspector_app.store.paths import resources_dir

FORMAT = 1
PARAMS_FILE = "accidents.json"
FIGURES = ("deaths", "missing", "serious_injuries", "minor_injuries")
DOCUMENT_KINDS = ("warning_notice", "listing_notice", "report_check_bulletin")
_PROVENANCE = frozenset({"source", "verified", "note"})


class AccidentDataError(Bilingual, ValueError):
    """``resources/accidents.json`` breaks a rule: names the file, the section and the rule."""

    def __init__(self, file: str, section: str, rule: str, zh: str, en: str) -> None:
        where_zh = f"“{section}”部分" if section else ""
        where_en = f", {section}" if section else ""
        super().__init__(
            f"数据文件“{file}”{where_zh}：{zh}", f"data file {file}{where_en}: {en}", rule
        )
        self.file, self.section, self.rule = file, section, rule


@dataclass(frozen=True)
class Provenance:
    source: str
    verified: bool
    note: str


@dataclass(frozen=True)
class GradeLevel:
    """A grade is reached when any figure reaches its lower bound ("以上" includes it)."""

    grade: str
    deaths: int
    serious_injuries: int
    direct_loss_yuan: Decimal


@dataclass(frozen=True)
class ReportLevel:
    """A level the accident is reported up to (Art. 10), required from ``from_grade`` up."""

    code: str
    zh: str
    en: str
    from_grade: str


@dataclass(frozen=True)
class TypeList:
    """An accident classification and the accident dates it applies to (inclusive)."""

    code: str
    title: str
    types: tuple[str, ...]
    start: dt.date | None
    end: dt.date | None
    verified: bool

    def applies_on(self, day: dt.date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Trigger:
    """Each figure must reach its minimum."""

    deaths: int
    serious_injuries: int


@dataclass(frozen=True)
class CheckItem:
    code: str
    category: str
    text: str


@dataclass(frozen=True)
class DocumentSetting:
    issuer: str  # "{city}" is the city's name
    doc_type: str  # the number series' 代字
    number_format: str  # {region} {doc_type} {year} {seq}


@dataclass(frozen=True)
class AccidentParams:
    levels: tuple[GradeLevel, ...]  # highest first
    lowest: str
    missing_as_deaths: bool
    unit_to_county_hours: int
    per_level_hours: int
    report_levels: tuple[ReportLevel, ...]
    supplementary_days: int
    short_days: int
    short_sectors: frozenset[str]
    short_types: frozenset[str]
    report_due_days: int
    max_extension_days: int
    reply_days: int
    reply_days_especially_major: int
    max_reply_extension_days: int
    sectors: Mapping[str, tuple[str, str]]
    type_lists: Mapping[str, TypeList]
    correspondence: Mapping[str, tuple[str, ...]]
    warning_window_days: int
    warning_deaths_min: int
    warning_casualties_min: int
    casualty_fields: tuple[str, ...]
    warning_grades: frozenset[str]
    warning_sectors: frozenset[str]
    listing_sectors: frozenset[str]
    listing_grades: frozenset[str]
    listing_triggers: tuple[Trigger, ...]
    measures: Mapping[str, tuple[str, str]]
    check_sectors: frozenset[str]
    check_grades: frozenset[str]
    check_categories: Mapping[str, tuple[str, str]]
    check_items: tuple[CheckItem, ...]
    unit_fine_article: str
    principal_fine_article: str
    departments: tuple[str, ...]
    party_committee: Mapping[str, str]  # level (county, zone) → pattern with {place}
    bulletin_addressee: str
    documents: Mapping[str, DocumentSetting]
    provenance: Mapping[str, Provenance]

    def type_list_for(self, day: dt.date) -> TypeList:
        """The classification that applies to an accident of ``day``."""
        return next(t for t in self.type_lists.values() if t.applies_on(day))

    def sector_name(self, code: str) -> str:
        return self.sectors.get(code, (code, code))[0]

    def check_item(self, code: str) -> CheckItem | None:
        return next((i for i in self.check_items if i.code == code), None)


@cache
def default_params() -> AccidentParams:
    """The shipped file, loaded once."""
    return load_params()


def load_params(path: Path | None = None) -> AccidentParams:
    """Read and check the accident parameters (default: the shipped file)."""
    path = path if path is not None else resources_dir() / PARAMS_FILE
    reader = _Reader(path.name)
    with reader.at(""):
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise Problem("unreadable", f"无法读取（{exc}）", f"cannot be read ({exc})") from exc
        data = _object(raw, {"format", "title", *_SECTIONS})
        if data["format"] != FORMAT:
            raise Problem("format", f"格式版本应为{FORMAT}", f"format must be {FORMAT}")
    return reader.build(data)


_SECTIONS = (
    "grades",
    "missing_as_deaths",
    "reporting",
    "supplementary",
    "fire_type_short_window",
    "investigation",
    "sectors",
    "accident_types",
    "type_correspondence",
    "warning",
    "warning_casualties",
    "warning_scope",
    "listing",
    "accountability",
    "report_checklist",
    "fines",
    "documents",
)


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.provenance: dict[str, Provenance] = {}

    @contextmanager
    def at(self, section: str) -> Iterator[None]:
        try:
            yield
        except Problem as p:
            raise AccidentDataError(self.file, section, p.rule, p.zh, p.en) from None

    def section(self, data: Mapping[str, Any], name: str, keys: set[str]) -> dict[str, Any]:
        """A section with its provenance and exactly ``keys`` besides."""
        found = _object(data[name], keys | {"source", "verified"}, {"note"})
        source, verified, note = found["source"], found["verified"], found.get("note", "")
        if not isinstance(source, str) or not source.strip():
            raise Problem("missing_source", "缺少来源（source）", "source is missing")
        if not isinstance(verified, bool):
            raise Problem("type", "verified 应为 true 或 false", "verified must be true or false")
        if not isinstance(note, str) or (not verified and not note.strip()):
            raise Problem(
                "note_required", "未核实的数据须在 note 中说明", "unverified data needs a note"
            )
        self.provenance[name] = Provenance(source.strip(), verified, note.strip())
        return found

    def build(self, data: Mapping[str, Any]) -> AccidentParams:
        with self.at("grades"):
            levels, lowest = _grades(self.section(data, "grades", {"lowest", "levels"}))
        with self.at("missing_as_deaths"):
            missing = _bool(self.section(data, "missing_as_deaths", {"value"}), "value")
        with self.at("sectors"):
            sectors = _labels(self.section(data, "sectors", {"codes"})["codes"])
        with self.at("reporting"):
            rep = self.section(
                data, "reporting", {"unit_to_county_hours", "per_level_hours", "levels"}
            )
            report_levels = _report_levels(rep["levels"])
        with self.at("supplementary"):
            sup = self.section(
                data, "supplementary", {"default_days", "short_days", "short_sectors"}
            )
            short_sectors = _codes(sup, "short_sectors", sectors)
            if _int(sup, "short_days") > _int(sup, "default_days"):
                raise Problem(
                    "order", "short_days 不应大于 default_days", "short_days > default_days"
                )
        with self.at("accident_types"):
            type_lists = _type_lists(data["accident_types"], self)
        all_types = {t for tl in type_lists.values() for t in tl.types}
        with self.at("fire_type_short_window"):
            fire = self.section(data, "fire_type_short_window", {"types"})
            short_types = _codes(fire, "types", all_types)
        with self.at("investigation"):
            inv = self.section(
                data,
                "investigation",
                {
                    "report_due_days",
                    "max_extension_days",
                    "reply_days",
                    "reply_days_especially_major",
                    "max_reply_extension_days",
                },
            )
        with self.at("type_correspondence"):
            correspondence = _correspondence(
                self.section(data, "type_correspondence", {"map"})["map"], type_lists
            )
        with self.at("warning"):
            warn = self.section(data, "warning", {"window_days", "deaths_min", "casualties_min"})
        with self.at("warning_casualties"):
            fields = _codes(self.section(data, "warning_casualties", {"fields"}), "fields", FIGURES)
        with self.at("warning_scope"):
            scope = self.section(data, "warning_scope", {"grades", "sectors"})
            warning_grades = _codes(scope, "grades", GRADES)
            warning_sectors = _codes(scope, "sectors", sectors)
        with self.at("listing"):
            lst = self.section(data, "listing", {"sectors", "grades", "triggers"})
            triggers = tuple(_trigger(t) for t in _list(lst, "triggers"))
            listing_sectors, listing_grades = (
                _codes(lst, "sectors", sectors),
                _codes(lst, "grades", GRADES),
            )
        with self.at("accountability"):
            measures = _labels(self.section(data, "accountability", {"measures"})["measures"])
        with self.at("report_checklist"):
            chk = self.section(data, "report_checklist", {"scope", "categories", "items"})
            check_scope = _object(chk["scope"], {"sectors", "grades"})
            check_sectors = _codes(check_scope, "sectors", sectors)
            check_grades = _codes(check_scope, "grades", GRADES)
            categories = _labels(chk["categories"])
            items = _check_items(chk["items"], categories)
        with self.at("fines"):
            fines = self.section(data, "fines", {"unit", "principal"})
        with self.at("documents"):
            docs = self.section(
                data,
                "documents",
                {"departments", "party_committee", "bulletin_addressee", *DOCUMENT_KINDS},
            )
            documents = {kind: _document(docs[kind]) for kind in DOCUMENT_KINDS}
            departments = tuple(_str_item(d) for d in _list(docs, "departments"))
            party = _object(docs["party_committee"], {"county", "zone"})
            party_committee = {level: _text(party, level) for level in ("county", "zone")}
            if not all("{place}" in p for p in party_committee.values()):
                raise Problem(
                    "bad_format", "party_committee 须含 {place}", "party_committee needs {place}"
                )
        return AccidentParams(
            levels=levels,
            lowest=lowest,
            missing_as_deaths=missing,
            unit_to_county_hours=_int(rep, "unit_to_county_hours"),
            per_level_hours=_int(rep, "per_level_hours"),
            report_levels=report_levels,
            supplementary_days=_int(sup, "default_days"),
            short_days=_int(sup, "short_days"),
            short_sectors=short_sectors,
            short_types=short_types,
            report_due_days=_int(inv, "report_due_days"),
            max_extension_days=_int(inv, "max_extension_days"),
            reply_days=_int(inv, "reply_days"),
            reply_days_especially_major=_int(inv, "reply_days_especially_major"),
            max_reply_extension_days=_int(inv, "max_reply_extension_days"),
            sectors=sectors,
            type_lists=type_lists,
            correspondence=correspondence,
            warning_window_days=_int(warn, "window_days"),
            warning_deaths_min=_int(warn, "deaths_min"),
            warning_casualties_min=_int(warn, "casualties_min"),
            casualty_fields=tuple(sorted(fields, key=FIGURES.index)),
            warning_grades=warning_grades,
            warning_sectors=warning_sectors,
            listing_sectors=listing_sectors,
            listing_grades=listing_grades,
            listing_triggers=triggers,
            measures=measures,
            check_sectors=check_sectors,
            check_grades=check_grades,
            check_categories=categories,
            check_items=items,
            unit_fine_article=_text(fines, "unit"),
            principal_fine_article=_text(fines, "principal"),
            departments=departments,
            party_committee=party_committee,
            bulletin_addressee=_text(docs, "bulletin_addressee"),
            documents=documents,
            provenance=dict(self.provenance),
        )


def _grades(data: Mapping[str, Any]) -> tuple[tuple[GradeLevel, ...], str]:
    levels = []
    for raw in _list(data, "levels"):
        level = _object(raw, {"grade", "deaths", "serious_injuries", "direct_loss_yuan"})
        levels.append(
            GradeLevel(
                _text(level, "grade"),
                _int(level, "deaths"),
                _int(level, "serious_injuries"),
                Decimal(_int(level, "direct_loss_yuan")),
            )
        )
    lowest = _text(data, "lowest")
    names = [lowest, *reversed([lv.grade for lv in levels])]
    if names != list(GRADES):
        raise Problem(
            "bad_grade",
            f"等级应为（由低到高）：{'、'.join(GRADES)}，levels 由高到低列出",
            f"the grades must be, lowest first: {', '.join(GRADES)}; "
            "levels list them highest first",
        )
    for higher, lower in zip(levels, levels[1:], strict=False):
        for key in ("deaths", "serious_injuries", "direct_loss_yuan"):
            if getattr(higher, key) <= getattr(lower, key):
                raise Problem(
                    "order",
                    f"“{higher.grade}”的 {key} 下限应高于“{lower.grade}”",
                    f"{higher.grade}'s {key} must be above {lower.grade}'s",
                )
    return tuple(levels), lowest


def _report_levels(raw: object) -> tuple[ReportLevel, ...]:
    if not isinstance(raw, list) or not raw:
        raise Problem("empty", "levels 应为非空列表", "levels must be a non-empty list")
    out = []
    for item in raw:
        level = _object(item, {"code", "zh", "en", "from_grade"})
        grade = _text(level, "from_grade")
        if grade not in GRADES:
            raise Problem("bad_grade", f"未知的等级“{grade}”", f"unknown grade {grade!r}")
        out.append(ReportLevel(_text(level, "code"), _text(level, "zh"), _text(level, "en"), grade))
    ranks = [GRADES.index(lv.from_grade) for lv in out]
    if ranks != sorted(ranks) or ranks[0] != 0:
        raise Problem(
            "order",
            "上报层级应自一般事故起、按等级由低到高排列",
            "levels must start at the lowest grade",
        )
    return tuple(out)


def _type_lists(raw: object, reader: _Reader) -> dict[str, TypeList]:
    data = _object(raw, {"GB6441-1986", "GB6441-2025"})
    out: dict[str, TypeList] = {}
    for code, value in data.items():
        bound = "from" if isinstance(value, dict) and "from" in value else "until"
        section = reader.section(data, code, {"title", "types", bound})
        types = tuple(_str_item(t) for t in _list(section, "types"))
        if len(set(types)) != len(types):
            raise Problem("duplicate", f"{code} 的类别重复", f"{code} repeats a type")
        start = _date(section, "from") if "from" in section else None
        end = _date(section, "until") if "until" in section else None
        out[code] = TypeList(code, _text(section, "title"), types, start, end, section["verified"])
    old, new = out["GB6441-1986"], out["GB6441-2025"]
    if old.end is None or new.start is None or new.start != old.end + dt.timedelta(days=1):
        raise Problem(
            "dates",
            "GB6441-2025 的 from 应为 GB6441-1986 的 until 的次日",
            "GB6441-2025 must start the day after GB6441-1986 ends",
        )
    return out


def _correspondence(raw: object, lists: Mapping[str, TypeList]) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise Problem("type", "map 应为对象", "map must be an object")
    old, new = lists["GB6441-1986"].types, lists["GB6441-2025"].types
    if sorted(raw) != sorted(old):
        raise Problem(
            "coverage", "map 应列出 GB6441-1986 的全部类别", "map must list every old type"
        )
    out = {}
    for key, value in raw.items():
        if not isinstance(value, list) or not value or any(v not in new for v in value):
            raise Problem(
                "unknown_type",
                f"“{key}”应对应 GB6441-2025 中的类别",
                f"{key} must map to GB6441-2025 types",
            )
        out[key] = tuple(value)
    return out


def _trigger(raw: object) -> Trigger:
    data = _object(raw, {"deaths", "serious_injuries"})
    return Trigger(_int(data, "deaths", minimum=0), _int(data, "serious_injuries", minimum=0))


def _check_items(raw: object, categories: Mapping[str, Any]) -> tuple[CheckItem, ...]:
    if not isinstance(raw, list) or not raw:
        raise Problem("empty", "items 应为非空列表", "items must be a non-empty list")
    items = []
    for entry in raw:
        item = _object(entry, {"code", "category", "text"})
        category = _text(item, "category")
        if category not in categories:
            raise Problem(
                "unknown_category", f"未知的类别“{category}”", f"unknown category {category!r}"
            )
        items.append(CheckItem(_text(item, "code"), category, _text(item, "text")))
    codes = [i.code for i in items]
    if len(set(codes)) != len(codes):
        raise Problem("duplicate", "检查项编号重复", "repeated item code")
    return tuple(items)


def _document(raw: object) -> DocumentSetting:
    data = _object(raw, {"issuer", "doc_type", "number_format"})
    setting = DocumentSetting(
        _text(data, "issuer"), _text(data, "doc_type"), _text(data, "number_format")
    )
    try:
        setting.number_format.format(region="嘉", doc_type="x", year=2026, seq=1)
    except (KeyError, IndexError, ValueError):
        raise Problem(
            "bad_format",
            "number_format 只能使用 {region} {doc_type} {year} {seq}",
            "number_format may use only {region} {doc_type} {year} {seq}",
        ) from None
    if "{seq}" not in setting.number_format:
        raise Problem("bad_format", "number_format 须含 {seq}", "number_format needs {seq}")
    return setting


def _labels(raw: object) -> dict[str, tuple[str, str]]:
    if not isinstance(raw, dict) or not raw:
        raise Problem("empty", "应为非空对象", "must be a non-empty object")
    out = {}
    for code, value in raw.items():
        label = _object(value, {"zh", "en"})
        out[code] = (_text(label, "zh"), _text(label, "en"))
    return out


def _codes(data: Mapping[str, Any], key: str, allowed: Any) -> frozenset[str]:
    values = _list(data, key)
    bad = [v for v in values if v not in allowed]
    if bad:
        raise Problem("unknown_code", f"{key} 中“{bad[0]}”不是有效值", f"{key}: unknown {bad[0]!r}")
    return frozenset(values)


def _object(value: object, required: set[str], optional: set[str] | None = None) -> dict[str, Any]:
    return dict(json_object(value, required, optional or set()))


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data[key]
    if not isinstance(value, list) or not value:
        raise Problem("empty", f"“{key}”应为非空列表", f"{key} must be a non-empty list")
    return value


def _text(data: Mapping[str, Any], key: str) -> str:
    return _str_item(data[key], key)


def _str_item(value: object, key: str = "") -> str:
    if not isinstance(value, str) or not value.strip():
        raise Problem("empty", f"“{key}”应为非空文本", f"{key or 'value'} must be non-empty text")
    return value.strip()


def _int(data: Mapping[str, Any], key: str, minimum: int = 1) -> int:
    value = data[key]
    if type(value) is not int or value < minimum:
        raise Problem(
            "type", f"“{key}”应为不小于{minimum}的整数", f"{key} must be a whole number ≥ {minimum}"
        )
    return value


def _bool(data: Mapping[str, Any], key: str) -> bool:
    value = data[key]
    if not isinstance(value, bool):
        raise Problem("type", f"“{key}”应为 true 或 false", f"{key} must be true or false")
    return value


def _date(data: Mapping[str, Any], key: str) -> dt.date:
    try:
        return dt.date.fromisoformat(_text(data, key))
    except ValueError:
        raise Problem("date", f"“{key}”应为日期（2026-07-01）", f"{key} must be a date") from None
