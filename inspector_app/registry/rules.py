"""Rules of a registry entry and the code lists it uses — one place, used by the app's forms
and imports and by the sync server's checks of pushed records.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import (
    RecordInvalid,
    ValidationError,
    choice,
    error,
    flag,
    required_text,
    validate_phone,
    validate_uscc,
)
from inspector_app.store.paths import resources_dir

TABLE = "enterprise"
# The fields of a registry entry, in display and import order.
FIELDS = (
    "uscc",
    "name",
    "kind",
    "county_code",
    "town_code",
    "supervising_unit",
    "address",
    "legal_rep",
    "contact_phone",
    "industry_section",
    "supervision_industry",
    "above_size",
    "key_supervised",
    "risk_level",
)
BOOL_FIELDS = ("above_size", "key_supervised")
MAX_LEN = {"name": 100, "address": 200, "legal_rep": 50}
KIND_ALIASES = {
    "企业": "enterprise",
    "法人": "enterprise",
    "法人单位": "enterprise",
    "个体": "individual",
    "个体户": "individual",
}
RISK_ALIASES = {
    "红": "major",
    "重大": "major",
    "橙": "high",
    "较大": "high",
    "黄": "general",
    "一般": "general",
    "蓝": "low",
    "低": "low",
}


class NotFound(LookupError):
    pass


@dataclass(frozen=True)
class Classifications:
    """Code lists of ``resources/classifications.json``."""

    sections: dict[str, str]
    industries: dict[str, str]
    kinds: dict[str, dict[str, str]]
    risk_levels: dict[str, dict[str, Any]]
    # the 工贸 industries that the major-hazard criteria cover (判定标准 Art. 2)
    gongmao: frozenset[str] = frozenset()

    @classmethod
    def load(cls) -> Classifications:
        data = json.loads((resources_dir() / "classifications.json").read_text(encoding="utf-8"))
        gongmao = set(data["supervision_industries"]["gongmao"])
        if not gongmao <= set(data["supervision_industries"]["codes"]):
            raise ValueError("classifications.json: a 工贸 industry is not a supervision industry")
        return cls(
            sections=data["gbt4754_2017_sections"]["codes"],
            industries=data["supervision_industries"]["codes"],
            gongmao=frozenset(data["supervision_industries"]["gongmao"]),
            kinds=data["entity_kinds"]["codes"],
            risk_levels=data["risk_levels"]["codes"],
        )

    def kind_name(self, code: str, lang: str = "zh", short: bool = False) -> str:
        key = _lang_key(lang) + ("_short" if short else "")
        return str(self.kinds.get(code, {}).get(key, code))

    def risk_name(self, code: str, lang: str = "zh", short: bool = False) -> str:
        key = _lang_key(lang) + ("_short" if short else "")
        return str(self.risk_levels.get(code, {}).get(key, code))


def _lang_key(lang: str) -> str:
    """UI language (zh_CN, en, ...) → the key of the bilingual code lists."""
    return "en" if lang.startswith("en") else "zh"


class RegistryRules:
    """Checks and normalises one registry entry; the same rules serve forms, imports and sync."""

    def __init__(self, tree: JurisdictionTree, classes: Classifications) -> None:
        self.tree = tree
        self.classes = classes
        self._kinds = {k: v["zh"] for k, v in classes.kinds.items()}
        self._risks = {k: v["zh"] for k, v in classes.risk_levels.items()}
        self._industries = {k: k for k in classes.industries}
        self._sections = dict(classes.sections)
        # lookups by code or name, built once (an import checks hundreds of thousands of rows)
        self._counties = {key: u.code for u in tree.counties() for key in (u.code, u.name)}
        self._towns: dict[str, dict[str, str]] = {
            c.code: {key: t.code for t in tree.towns_of(c.code) for key in (t.code, t.name)}
            for c in tree.counties()
        }
        self._supervisors: dict[tuple[str, str], dict[str, str]] = {}
        for county in tree.counties():
            parks = [p.code for p in tree.parks_of(county.code)]
            for town in tree.towns_of(county.code):
                allowed = dict.fromkeys([tree.default_supervisor(town.code), county.code, *parks])
                self._supervisors[(county.code, town.code)] = {
                    key: code for code in allowed for key in (code, tree.units[code].name)
                }

    def normalise(self, raw: Mapping[str, object]) -> dict[str, Any]:
        """A complete entry: every field checked; all problems reported together.

        Flags come out as 0/1, as they are stored and logged.
        """
        out: dict[str, Any] = {}
        errors: list[ValidationError] = []

        def check(field: str, fn: Callable[[], Any]) -> None:
            try:
                out[field] = fn()
            except ValidationError as exc:
                errors.append(exc)

        check("uscc", lambda: validate_uscc(_text(raw.get("uscc"), "uscc")))
        check("name", lambda: required_text(raw.get("name"), "name", MAX_LEN["name"]))
        check(
            "kind",
            lambda: choice(
                KIND_ALIASES.get(str(raw.get("kind") or "").strip(), raw.get("kind")),
                "kind",
                self._kinds,
            ),
        )
        check("county_code", lambda: self._county(raw.get("county_code")))
        if "county_code" in out:
            county = out["county_code"]
            check("town_code", lambda: self._town(raw.get("town_code"), county))
        check("address", lambda: required_text(raw.get("address"), "address", MAX_LEN["address"]))
        check(
            "legal_rep",
            lambda: required_text(raw.get("legal_rep"), "legal_rep", MAX_LEN["legal_rep"]),
        )
        check("contact_phone", lambda: validate_phone(str(raw.get("contact_phone") or "")))
        check("industry_section", lambda: self._section(raw.get("industry_section")))
        check(
            "supervision_industry",
            lambda: choice(
                raw.get("supervision_industry"), "supervision_industry", self._industries
            ),
        )
        for field in BOOL_FIELDS:

            def as_int(field: str = field) -> int:
                return int(flag(raw.get(field), field))

            check(field, as_int)
        check(
            "risk_level",
            lambda: choice(
                RISK_ALIASES.get(
                    str(raw.get("risk_level") or "").strip(), raw.get("risk_level") or "low"
                ),
                "risk_level",
                self._risks,
            ),
        )
        if "town_code" in out:
            check(
                "supervising_unit",
                lambda: self._supervisor(
                    raw.get("supervising_unit"), out["county_code"], out["town_code"]
                ),
            )
        if out.get("kind") == "individual" and out.get("above_size"):
            errors.append(
                error(
                    "above_size",
                    "individual",
                    "个体工商户不能标记为规模以上工业企业",
                    "an individual business cannot be above designated size",
                )
            )
        if errors:
            raise RecordInvalid(errors)
        return {f: out[f] for f in FIELDS}

    def _county(self, value: object) -> str:
        text = str(value if value is not None else "").strip()
        code = self._counties.get(text)
        if code is None:
            raise error(
                "county_code",
                "unknown",
                f"“{text}”不是已知的县（市、区）",
                f"{text!r} is not a known county",
            )
        return code

    def _town(self, value: object, county: str) -> str:
        text = str(value if value is not None else "").strip()
        code = self._towns[county].get(text)
        if code is None:
            parent = self.tree.units[county].name
            raise error(
                "town_code",
                "unknown",
                f"“{text}”不在{parent}的辖区内",
                f"{text!r} is not within {county}",
            )
        return code

    def _section(self, value: object) -> str:
        text = str(value if value is not None else "").strip().upper()
        if not text:
            return ""
        return choice(
            text if text in self._sections else str(value).strip(),
            "industry_section",
            self._sections,
        )

    def _supervisor(self, value: object, county: str, town: str) -> str:
        text = str(value if value is not None else "").strip()
        if not text:
            return self.tree.default_supervisor(town)
        allowed = self._supervisors[(county, town)]
        code = allowed.get(text)
        if code is None:
            codes = sorted(set(allowed.values()))
            names = "、".join(self.tree.units[c].name for c in codes)
            raise error(
                "supervising_unit",
                "not_allowed",
                f"“{text}”不能监管该镇（街道）的单位，可选：{names}",
                f"{text!r} cannot supervise this town; allowed: {', '.join(codes)}",
            )
        return code


def _text(value: object, field: str) -> str:
    """Cell values from spreadsheets: an Excel number would have lost digits of a code."""
    if isinstance(value, float):
        raise error(
            field,
            "numeric_cell",
            "单元格为数字格式，长代码会丢失精度；请将该列设为文本格式后重新导出",
            "the cell is numeric and long codes lose digits; format the column as text",
        )
    return "" if value is None else str(value)
