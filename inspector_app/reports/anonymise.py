"""What a published decision must not show, and hiding it (行政处罚法 Art. 48 publication;
国办发〔2018〕118号: personal privacy is handled before publication).

The rules are data (``resources/publication.json``): a natural person's name becomes the
surname and "某" (a second person of the same surname in the case "某某", then "某甲"…), ID
numbers and telephone numbers are covered whole; units keep their names (an individual
business named after its owner keeps its name too: it is the unit's name).

The people are those the case records as natural persons (``persons_of``): a party who is a
person with the ID number, the unit's legal representative, the people questioned and the
people handed to the police. Their names are replaced wherever they occur outside the units'
names; ID numbers are found by their form (GB 11643 check character) besides those recorded,
telephone numbers by theirs. ``leaks`` is the same rule as a check: the server runs it on a
pushed publication record, so nothing the rules hide reaches the public from any device.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from inspector_app.cases.cases import Step
from inspector_app.datafile import Problem, json_object
from inspector_app.messages import Bilingual
from inspector_app.registry.validation import ValidationError, validate_id_number
from inspector_app.store.paths import resources_dir

FORMAT = 1
RULES_FILE = "publication.json"

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![\d+])(?:\+?86[-\s]?)?1[3-9]\d{9}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")


class PublicationDataError(Bilingual, ValueError):
    """The publication rules file breaks a rule: the message names the file, the key and the
    rule."""

    def __init__(self, file: str, key: str, rule: str, zh: str, en: str) -> None:
        super().__init__(f"公开规则文件“{file}”的“{key}”：{zh}", f"{file}, {key}: {en}", rule)


@dataclass(frozen=True)
class PublicationRules:
    withdraw_working_days: int
    withdrawal_reasons: Mapping[str, str]
    bulletin_months: int
    bulletin_max_cases: int
    name_suffixes: tuple[str, ...]
    compound_surnames: frozenset[str]
    id_number_mask: str
    phone_mask: str


def load_rules(path: Path | None = None) -> PublicationRules:
    path = path or resources_dir() / RULES_FILE
    name = path.name
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PublicationDataError(name, "", "read", "无法读取", f"cannot be read ({exc})") from exc
    key = ""
    try:
        top = json_object(raw, {"format", "withdrawal", "bulletin", "masking"})
        if top["format"] != FORMAT:
            raise Problem("format", f"格式版本应为{FORMAT}", f"format must be {FORMAT}")
        key = "withdrawal"
        withdrawal = json_object(top[key], {"working_days", "reasons", "source", "verified"})
        working_days = _positive(withdrawal["working_days"])
        reasons = withdrawal["reasons"]
        if not isinstance(reasons, dict) or not reasons:
            raise Problem("reasons", "撤回事由不能为空", "the reasons must not be empty")
        key = "bulletin"
        bulletin = json_object(top[key], {"months", "max_cases", "source", "verified"})
        months, max_cases = _positive(bulletin["months"]), _positive(bulletin["max_cases"])
        key = "masking"
        masking = json_object(
            top[key],
            {
                "name_suffixes",
                "compound_surnames",
                "id_number_mask",
                "phone_mask",
                "source",
                "verified",
            },
            {"note"},
        )
        if not masking["verified"] and not masking.get("note"):
            raise Problem("note", "未核实的规则须附说明", "an unverified rule needs a note")
        return PublicationRules(
            withdraw_working_days=working_days,
            withdrawal_reasons={str(k): str(v) for k, v in reasons.items()},
            bulletin_months=months,
            bulletin_max_cases=max_cases,
            name_suffixes=_texts(masking["name_suffixes"]),
            compound_surnames=frozenset(_texts(masking["compound_surnames"])),
            id_number_mask=_texts([masking["id_number_mask"]])[0],
            phone_mask=_texts([masking["phone_mask"]])[0],
        )
    except Problem as problem:
        raise PublicationDataError(name, key, problem.rule, problem.zh, problem.en) from None


def _positive(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise Problem("positive", "应为正整数", "must be a positive integer")
    return value


def _texts(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise Problem("list", "应为非空的文字列表", "must be a non-empty list of texts")
    if not all(isinstance(v, str) and v for v in value):
        raise Problem("text", "列表中每一项都应为非空文字", "every item must be non-empty text")
    return tuple(value)


@cache
def default_rules() -> PublicationRules:
    return load_rules()


@dataclass(frozen=True)
class Person:
    name: str
    id_number: str = ""


def persons_of(case: Mapping[str, Any], steps: Iterable[Step]) -> list[Person]:
    """The natural persons a case records, each once, in the order met."""
    found: dict[str, str] = {}

    def add(name: object, id_number: object = "") -> None:
        text = str(name or "").strip()
        if len(text) >= 2:
            found[text] = found.get(text) or str(id_number or "")

    if case.get("party_kind") == "person":
        add(case.get("party_name"), case.get("party_id_number"))
    add(case.get("party_legal_rep"))
    for step in steps:
        if step.kind in ("inquiry", "transfer_outcome"):
            add(step.data.get("person"), step.data.get("id_number"))
    return [Person(n, i) for n, i in found.items()]


def pseudonyms(names: Iterable[str], rules: PublicationRules) -> dict[str, str]:
    """张三 → 张某, a second 张 → 张某某, 欧阳明 → 欧阳某 (the compound surnames of the rules)."""
    seen: Counter[str] = Counter()
    out: dict[str, str] = {}
    for name in dict.fromkeys(names):
        surname = name[:2] if name[:2] in rules.compound_surnames and len(name) > 2 else name[:1]
        n = seen[surname]
        seen[surname] += 1
        suffixes = rules.name_suffixes
        out[name] = surname + (suffixes[n] if n < len(suffixes) else f"某{n + 1}")
    return out


class Anonymiser:
    """Hides the persons of one case (and any ID or telephone number) in texts, keeping the
    units' names whole."""

    def __init__(
        self,
        persons: Sequence[Person],
        units: Iterable[str],
        rules: PublicationRules | None = None,
    ) -> None:
        self.rules = rules or default_rules()
        self.names = pseudonyms([p.name for p in persons], self.rules)
        self.id_numbers = {p.id_number.upper() for p in persons if p.id_number}
        kept = sorted({u for u in units if u}, key=len, reverse=True)
        self._units = re.compile("|".join(map(re.escape, kept))) if kept else None
        longest = sorted(self.names, key=len, reverse=True)
        self._names = re.compile("|".join(map(re.escape, longest))) if longest else None

    def text(self, value: str) -> str:
        return "".join(
            part if kept else self._hide(part) for part, kept in _split(value, self._units)
        )

    def _hide(self, text: str) -> str:
        text = _ID_NUMBER.sub(
            lambda m: self.rules.id_number_mask if self._is_id(m.group(0)) else m.group(0), text
        )
        text = _MOBILE.sub(self.rules.phone_mask, text)
        text = _LANDLINE.sub(self.rules.phone_mask, text)
        if self._names is not None:
            text = self._names.sub(lambda m: self.names[m.group(0)], text)
        return text

    def _is_id(self, candidate: str) -> bool:
        return candidate.upper() in self.id_numbers or looks_like_id_number(candidate)

    def leaks(self, value: str) -> list[str]:
        """What the rules hide that ``value`` still shows: "name", "id_number", "phone"."""
        found = []
        for part, kept in _split(value, self._units):
            if kept:
                continue
            if self._names is not None and self._names.search(part):
                found.append("name")
            if any(self._is_id(m.group(0)) for m in _ID_NUMBER.finditer(part)):
                found.append("id_number")
            if _MOBILE.search(part) or _LANDLINE.search(part):
                found.append("phone")
        return _ordered(found)

    def value(self, data: Any) -> Any:
        """Every text of a JSON-like value hidden (keys kept)."""
        if isinstance(data, str):
            return self.text(data)
        if isinstance(data, Mapping):
            return {k: self.value(v) for k, v in data.items()}
        if isinstance(data, list | tuple):
            return [self.value(v) for v in data]
        return data

    def value_leaks(self, data: Any) -> list[str]:
        found: list[str] = []
        if isinstance(data, str):
            found = self.leaks(data)
        elif isinstance(data, Mapping):
            found = [k for v in data.values() for k in self.value_leaks(v)]
        elif isinstance(data, list | tuple):
            found = [k for v in data for k in self.value_leaks(v)]
        return _ordered(found)


LEAK_NAMES = {
    "name": ("自然人姓名", "a natural person's name"),
    "id_number": ("身份证号码", "an ID number"),
    "phone": ("电话号码", "a telephone number"),
}


def _ordered(kinds: list[str]) -> list[str]:
    return [k for k in LEAK_NAMES if k in kinds]


def looks_like_id_number(text: str) -> bool:
    """An 18-character resident ID number with a valid check character, or a 15-digit one."""
    if len(text) == 15:
        return text.isdigit()
    try:
        validate_id_number(text)
    except ValidationError:
        return False
    return True


def _split(text: str, units: re.Pattern[str] | None) -> list[tuple[str, bool]]:
    """The text cut into (part, is a unit's name)."""
    if units is None:
        return [(text, False)]
    out: list[tuple[str, bool]] = []
    pos = 0
    for match in units.finditer(text):
        if match.start() > pos:
            out.append((text[pos : match.start()], False))
        out.append((match.group(0), True))
        pos = match.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out
