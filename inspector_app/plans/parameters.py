"""The parameters of plans, random checks, campaigns and joint enforcement:
``resources/plans.json``, read and checked once (``load_parameters``).

Every section carries its ``source`` and a ``verified`` flag; a broken file is refused with an
error naming the file, the section and the rule (``PlansDataError``), never half-loaded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from inspector_app.datafile import Problem, json_object
from inspector_app.inspections import checklists
from inspector_app.messages import Bilingual
from inspector_app.registry.officers import ROLES
from inspector_app.store.paths import resources_dir

PARAMETERS_FILE = "plans.json"
RISK_LEVELS = ("low", "general", "high", "major")
# enterprise fields a category may test (registry columns)
CATEGORY_FIELDS = frozenset(
    {
        "above_size",
        "key_supervised",
        "supervision_industry",
        "kind",
        "risk_level",
        "industry_section",
    }
)
FLAG_FIELDS = frozenset({"above_size", "key_supervised"})
SPECIAL_OPERATIONS = frozenset(checklists.SPECIAL_OPERATIONS)


class PlansDataError(Bilingual, ValueError):
    """``plans.json`` is broken: names the file, the section and the rule."""

    def __init__(self, file: str, section: str, rule: str, zh: str, en: str) -> None:
        super().__init__(f"{file}（{section}）：{zh}", f"{file} ({section}): {en}", rule)
        self.file, self.section, self.rule = file, section, rule


@dataclass(frozen=True)
class Name:
    zh: str
    en: str


@dataclass(frozen=True)
class Category:
    """A planning category; ``field``/``values`` test a registry column, ``operation`` a
    special operation recorded by the enterprise's inspections; neither: every entry."""

    code: str
    zh: str
    en: str
    field: str = ""
    values: tuple[Any, ...] = ()
    operation: str = ""

    def matches(self, enterprise: Mapping[str, Any], operations: frozenset[str]) -> bool:
        if self.operation:
            return self.operation in operations
        if not self.field:
            return True
        value = enterprise.get(self.field)
        if self.field in FLAG_FIELDS:  # stored as 0/1
            return bool(value) in {bool(v) for v in self.values}
        return value in self.values


@dataclass(frozen=True)
class Frequency:
    default: int
    max: int


@dataclass(frozen=True)
class Crime:
    zh: str
    en: str
    article: str


@dataclass(frozen=True)
class Parameters:
    categories: Mapping[str, Category]
    frequency: Mapping[str, Frequency]
    min_random_share_pct: int
    exclude_inspected_days: int
    exclude_penalised_days: int
    officer_recent_days: int
    consecutive_rounds: int
    publication_working_days: int
    inspections_per_officer_year: int
    covert_roles: frozenset[str]
    covert_team_sees: bool
    campaign_kinds: Mapping[str, Name]
    response_levels: Mapping[str, Name]
    problem_deadline_days: int
    own_department: str
    departments: Mapping[str, Name]
    crimes: Mapping[str, Crime]
    sources: Mapping[str, tuple[str, bool]]  # section → (source, verified)

    def cap(self, risk_level: str) -> int:
        """Most visits a year to one enterprise of ``risk_level``; '' (any level): the lowest."""
        if risk_level in self.frequency:
            return self.frequency[risk_level].max
        return min(f.max for f in self.frequency.values())

    def unverified(self) -> list[str]:
        """Sections whose figures still need confirming (shown beside the figures)."""
        return [name for name, (_, verified) in self.sources.items() if not verified]


def load_parameters(path: Path | None = None) -> Parameters:
    path = path if path is not None else resources_dir() / PARAMETERS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PlansDataError(
            path.name, "file", "unreadable", f"无法读取（{exc}）", f"cannot be read ({exc})"
        ) from exc
    reader = _Reader(path.name)
    return reader.parameters(data)


@cache
def default_parameters() -> Parameters:
    return load_parameters()


SECTIONS = (
    "categories",
    "frequency",
    "random_checks",
    "publication",
    "capacity",
    "covert",
    "campaigns",
    "joint",
    "clues",
)


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.section = "file"
        self.sources: dict[str, tuple[str, bool]] = {}

    def fail(self, problem: Problem) -> PlansDataError:
        return PlansDataError(self.file, self.section, problem.rule, problem.zh, problem.en)

    def parameters(self, data: object) -> Parameters:
        try:
            top = json_object(data, {"format", "title", *SECTIONS})
            if top["format"] != 1:
                raise Problem("format", f"未知的格式 {top['format']!r}", "unknown format")
            s = {name: self._section(top, name) for name in SECTIONS}
            self.section = "categories"
            categories = self._categories(s["categories"])
            self.section = "frequency"
            frequency = self._frequency(s["frequency"])
            self.section = "random_checks"
            rc = s["random_checks"]
            self.section = "covert"
            roles = _strings(s["covert"], "visible_roles")
            unknown = sorted(set(roles) - set(ROLES))
            if unknown:
                raise Problem(
                    "unknown_role", f"未知角色“{unknown[0]}”", f"unknown role {unknown[0]}"
                )
            self.section = "campaigns"
            kinds = _names(s["campaigns"], "kinds")
            levels = _names(s["campaigns"], "response_levels")
            self.section = "joint"
            departments = _names(s["joint"], "departments")
            own = s["joint"]["own_department"]
            if own not in departments:
                raise Problem("unknown_department", "本部门不在部门表中", "own_department unknown")
            self.section = "clues"
            crimes = self._crimes(s["clues"])
            return Parameters(
                categories=categories,
                frequency=frequency,
                min_random_share_pct=_count(rc, "min_share_pct", 0, 100, "random_checks"),
                exclude_inspected_days=_count(rc, "exclude_inspected_days", 0, 3660, "random"),
                exclude_penalised_days=_count(rc, "exclude_penalised_days", 0, 3660, "random"),
                officer_recent_days=_count(rc, "officer_recent_days", 0, 3660, "random"),
                consecutive_rounds=_count(rc, "consecutive_rounds", 0, 12, "random"),
                publication_working_days=_count(s["publication"], "working_days", 1, 60, "pub"),
                inspections_per_officer_year=_count(
                    s["capacity"], "inspections_per_officer_year", 1, 1000, "capacity"
                ),
                covert_roles=frozenset(roles),
                covert_team_sees=bool(s["covert"]["team_sees"]),
                campaign_kinds=kinds,
                response_levels=levels,
                problem_deadline_days=_count(s["campaigns"], "problem_deadline_days", 1, 365, ""),
                own_department=str(own),
                departments=departments,
                crimes=crimes,
                sources=self.sources,
            )
        except Problem as problem:
            raise self.fail(problem) from None

    def _section(self, top: Mapping[str, Any], name: str) -> Mapping[str, Any]:
        self.section = name
        raw = top[name]
        if not isinstance(raw, dict):
            raise Problem("type", "应为 JSON 对象", "must be a JSON object")
        source, verified = raw.get("source"), raw.get("verified")
        if not isinstance(source, str) or not source.strip():
            raise Problem("no_source", "缺少出处（source）", "the source is missing")
        if not isinstance(verified, bool):
            raise Problem("no_verified", "缺少核实标志（verified）", "verified must be true/false")
        self.sources[name] = (source, verified)
        return raw

    def _categories(self, raw: Mapping[str, Any]) -> dict[str, Category]:
        out: dict[str, Category] = {}
        items = raw.get("items")
        if not isinstance(items, list) or not items:
            raise Problem("empty", "类别表为空", "no categories")
        for item in items:
            entry = json_object(item, {"code", "zh", "en", "match"})
            code = str(entry["code"])
            if code in out:
                raise Problem("duplicate", f"类别“{code}”重复", f"category {code} repeated")
            match = json_object(
                entry["match"], set(), {"field", "equals", "in", "special_operation"}
            )
            out[code] = _category(code, str(entry["zh"]), str(entry["en"]), match)
        return out

    def _frequency(self, raw: Mapping[str, Any]) -> dict[str, Frequency]:
        by_risk = json_object(raw.get("by_risk"), set(RISK_LEVELS))
        out: dict[str, Frequency] = {}
        for level in RISK_LEVELS:
            entry = json_object(by_risk[level], {"default", "max"})
            default = _count(entry, "default", 1, 366, level)
            most = _count(entry, "max", 1, 366, level)
            if default > most:
                raise Problem("order", f"{level}：默认次数大于上限", f"{level}: default above max")
            out[level] = Frequency(default, most)
        return out

    def _crimes(self, raw: Mapping[str, Any]) -> dict[str, Crime]:
        crimes = raw.get("suspected_crimes")
        if not isinstance(crimes, dict) or not crimes:
            raise Problem("empty", "罪名表为空", "no suspected crimes")
        out: dict[str, Crime] = {}
        for code, value in crimes.items():
            entry = json_object(value, {"zh", "en", "article"})
            out[code] = Crime(str(entry["zh"]), str(entry["en"]), str(entry["article"]))
        return out


def _category(code: str, zh: str, en: str, match: Mapping[str, Any]) -> Category:
    if "special_operation" in match:
        operation = match["special_operation"]
        if operation not in SPECIAL_OPERATIONS or len(match) != 1:
            raise Problem("bad_match", f"类别“{code}”的专项作业无效", f"{code}: bad operation")
        return Category(code, zh, en, operation=str(operation))
    if not match:
        return Category(code, zh, en)
    field = match.get("field")
    if field not in CATEGORY_FIELDS:
        raise Problem("bad_match", f"类别“{code}”的字段无效", f"{code}: unknown field {field!r}")
    if ("equals" in match) == ("in" in match):
        raise Problem("bad_match", f"类别“{code}”须给出 equals 或 in", f"{code}: equals or in")
    values = (match["equals"],) if "equals" in match else match["in"]
    if not isinstance(values, (list, tuple)) or not values:
        raise Problem("bad_match", f"类别“{code}”的取值为空", f"{code}: no values")
    return Category(code, zh, en, field=str(field), values=tuple(values))


def _count(raw: Mapping[str, Any], key: str, low: int, high: int, where: str) -> int:
    value = raw.get(key)
    if type(value) is not int or not low <= value <= high:
        raise Problem(
            "bad_number",
            f"{key} 应为 {low} 至 {high} 的整数",
            f"{key} must be an integer from {low} to {high}",
        )
    return value


def _strings(raw: Mapping[str, Any], key: str) -> list[str]:
    value = raw.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Problem("type", f"{key} 应为文字列表", f"{key} must be a list of strings")
    return list(value)


def _names(raw: Mapping[str, Any], key: str) -> dict[str, Name]:
    value = raw.get(key)
    if not isinstance(value, dict) or not value:
        raise Problem("empty", f"{key} 为空", f"{key} is empty")
    out: dict[str, Name] = {}
    for code, item in value.items():
        entry = json_object(item, {"zh", "en"})
        out[str(code)] = Name(str(entry["zh"]), str(entry["en"]))
    return out
