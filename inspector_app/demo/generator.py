"""Deterministic demo data at the seed city's scale.

``registry_rows(tree, seed, scale)`` yields registry entries in the proportions of the city the
app was designed around: about 5,300 above-size industrial enterprises, 160,000 other legal
entities and 320,000 individual businesses (485,300 at ``scale=1.0``), spread over the
county-level units and their towns, with Chinese names, addresses, legal representatives and
valid unified social credit codes. The same seed always gives the same rows.

``officers(tree, seed)`` yields enforcement officers with certificate numbers and expiry dates.

All names are made up from word lists (``resources/demo/vocabulary.json``); the codes are
well-formed but belong to no registered entity.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from inspector_app.registry.jurisdictions import JurisdictionTree, Unit
from inspector_app.registry.validation import USCC_CHARSET, org_code_check_char, uscc_check_char
from inspector_app.store.paths import resources_dir

ABOVE_SIZE = 5_300
OTHER_LEGAL = 160_000
INDIVIDUAL = 320_000
FULL_SIZE = ABOVE_SIZE + OTHER_LEGAL + INDIVIDUAL

# Share of entities per county-level unit (by town count and economic weight; illustrative).
COUNTY_WEIGHT = {
    "330402": 11,
    "330411": 11,
    "330421": 12,
    "330424": 9,
    "330481": 18,
    "330482": 12,
    "330483": 18,
}

INDUSTRY_MIX: dict[str, dict[str, float]] = {
    "above": {
        "机械": 34,
        "纺织": 22,
        "轻工": 16,
        "建材": 6,
        "冶金": 4,
        "有色": 3,
        "危化": 8,
        "烟草": 0.2,
        "其他": 6.8,
    },
    "legal": {
        "商贸": 35,
        "其他": 35,
        "机械": 10,
        "纺织": 7,
        "轻工": 7,
        "建材": 2,
        "冶金": 1,
        "有色": 0.5,
        "危化": 2.5,
    },
    "individual": {"商贸": 55, "其他": 35, "轻工": 4, "纺织": 3, "机械": 3},
}
SECTION_FOR = {
    "冶金": "C",
    "有色": "C",
    "建材": "C",
    "机械": "C",
    "轻工": "C",
    "纺织": "C",
    "烟草": "C",
    "危化": "C",
}
OTHER_SECTIONS = {
    "E": 14,
    "H": 10,
    "I": 8,
    "K": 6,
    "L": 18,
    "M": 14,
    "O": 12,
    "R": 6,
    "N": 4,
    "D": 4,
    "P": 4,
}
INDIVIDUAL_OTHER_SECTIONS = {"H": 50, "O": 45, "R": 5}
RISK_BASE = {"major": 1, "high": 6, "general": 25, "low": 68}
RISKY = {"危化", "冶金", "有色"}
_BODY_SPACE = 31**6


@dataclass(frozen=True)
class Vocabulary:
    data: dict[str, Any]

    @classmethod
    def load(cls) -> Vocabulary:
        path = resources_dir() / "demo" / "vocabulary.json"
        return cls(json.loads(path.read_text(encoding="utf-8")))

    @cached_property
    def brand_chars(self) -> list[str]:
        return sorted(set(self.data["brand_chars"]))


class _Picker:
    """Fast repeated weighted choice from a fixed table (cumulative weights precomputed)."""

    def __init__(self, table: Mapping[str, float]) -> None:
        self.keys = list(table)
        total = 0.0
        self.cum: list[float] = []
        for w in table.values():
            total += w
            self.cum.append(total)

    def __call__(self, rng: random.Random) -> str:
        return rng.choices(self.keys, cum_weights=self.cum)[0]


def _uscc(kind_prefix: str, region: str, serial: int, numeric_body: bool) -> str:
    """A well-formed code; ``serial`` makes the body unique (a bijection of the serial)."""
    if numeric_body:
        body8 = f"{(serial * 7_919_113 + 10_000_000) % 90_000_000 + 10_000_000:08d}"
    else:
        n = (serial * 16_807_493) % _BODY_SPACE
        chars = []
        for _ in range(6):
            n, r = divmod(n, 31)
            chars.append(USCC_CHARSET[r])
        body8 = "MA" + "".join(chars)
    first17 = kind_prefix + region + body8 + org_code_check_char(body8)
    return first17 + uscc_check_char(first17)


class RegistryGenerator:
    def __init__(self, tree: JurisdictionTree, seed: int, vocab: Vocabulary | None = None) -> None:
        self.tree = tree
        self.seed = seed
        self.vocab = vocab or Vocabulary.load()
        v = self.vocab.data
        self.surnames = v["surnames"]
        self.given = v["given_chars"]
        self.roads = v["roads"]
        self.villages = v["villages"]
        self.buildings = v["buildings"]
        self.brands = self.vocab.brand_chars
        self.prefix = _Picker(dict(v["prefixes"]))
        self.org_form = _Picker(dict(v["org_forms"]))
        self.mix = {k: _Picker(t) for k, t in INDUSTRY_MIX.items()}
        self.other_section = _Picker(OTHER_SECTIONS)
        self.individual_section = _Picker(INDIVIDUAL_OTHER_SECTIONS)
        self.county = _Picker(COUNTY_WEIGHT)
        self.risk = _Picker(RISK_BASE)
        self.towns = {c.code: tree.towns_of(c.code) for c in tree.counties()}
        self.parks_by_town: dict[str, Unit] = {}
        for park in tree.by_level("park"):
            for town in park.covers:
                self.parks_by_town[town] = park

    # -- pieces ----------------------------------------------------------------------------

    def person_name(self, rng: random.Random) -> str:
        given = str(rng.choice(self.given))
        if rng.random() < 0.7:
            given += rng.choice(self.given)
        return str(rng.choice(self.surnames)) + given

    def brand(self, rng: random.Random) -> str:
        n = 3 if rng.random() < 0.12 else 2
        return "".join(rng.sample(self.brands, n))

    def phone(self, rng: random.Random) -> str:
        if rng.random() < 0.25:
            return f"0573-8{rng.randrange(1_000_000, 9_999_999)}"
        return f"1{rng.choice('35789')}{rng.randrange(100_000_000, 999_999_999)}"

    def address(self, rng: random.Random, county: Unit, town: Unit, rural: bool) -> str:
        city = self.tree.city
        head = (
            f"{self.tree.province}{city.name}{county.name}"
            if county.kind == "区"
            else f"{self.tree.province}{county.name}"
        )
        if rural:
            return (
                f"{head}{town.name}{rng.choice(self.villages)}村"
                f"{rng.randrange(1, 16)}组{rng.randrange(1, 120)}号"
            )
        tail = f"{rng.choice(self.roads)}{rng.randrange(1, 2000)}号"
        if rng.random() < 0.08:
            tail += (
                f"{rng.choice(self.buildings)}{rng.randrange(1, 30)}{rng.randrange(1, 20):02d}室"
            )
        return f"{head}{town.name}{tail}"

    # -- rows ------------------------------------------------------------------------------

    def rows(self, scale: float = 1.0) -> Iterator[dict[str, Any]]:
        rng = random.Random(self.seed)
        counts = (
            ("above", max(1, round(ABOVE_SIZE * scale))),
            ("legal", max(1, round(OTHER_LEGAL * scale))),
            ("individual", max(1, round(INDIVIDUAL * scale))),
        )
        serial = 0
        for group, count in counts:
            for _ in range(count):
                serial += 1
                yield self._row(rng, group, serial)

    def _row(self, rng: random.Random, group: str, serial: int) -> dict[str, Any]:
        county = self.tree.get(self.county(rng))
        town = rng.choice(self.towns[county.code])
        industry = self.mix[group](rng)
        individual = group == "individual"
        supervising = self.tree.default_supervisor(town.code)
        park = self.parks_by_town.get(town.code)
        industrial = industry in SECTION_FOR
        if park and industrial and supervising == county.code and rng.random() < 0.45:
            supervising = park.code
        if individual:
            name = self._individual_name(rng, county, town, industry)
            section = SECTION_FOR.get(industry) or (
                "F" if industry == "商贸" else self.individual_section(rng)
            )
        else:
            name = self._enterprise_name(rng, county, industry)
            if industry in SECTION_FOR:
                section = SECTION_FOR[industry]
            elif industry == "商贸":
                section = "G" if rng.random() < 0.3 else "F"
            else:
                section = self.other_section(rng)
        above = group == "above"
        key = (
            (industry == "危化" and rng.random() < 0.9)
            or (above and rng.random() < 0.6)
            or (group == "legal" and industrial and rng.random() < 0.03)
        )
        risk = self.risk(rng)
        if industry in RISKY and risk == "low":
            risk = "general"
        if key and risk in ("low", "general") and rng.random() < 0.5:
            risk = "high"
        if individual and risk in ("major", "high"):
            risk = "general"
        rural = rng.random() < (0.5 if individual else 0.25) and town.kind == "镇"
        region = county.code
        return {
            "uscc": _uscc(
                "92" if individual else "91",
                region,
                serial,
                numeric_body=not individual and rng.random() < 0.25,
            ),
            "name": name,
            "kind": "individual" if individual else "enterprise",
            "county_code": county.code,
            "town_code": town.code,
            "supervising_unit": supervising,
            "address": self.address(rng, county, town, rural),
            "legal_rep": self.person_name(rng),
            "contact_phone": self.phone(rng),
            "industry_section": section,
            "supervision_industry": industry,
            "above_size": above,
            "key_supervised": key,
            "risk_level": risk,
        }

    def _enterprise_name(self, rng: random.Random, county: Unit, industry: str) -> str:
        prefix = self.prefix(rng)
        if prefix == "@county":
            prefix = county.short_name
        words = self.vocab.data["industry_words"][industry]
        return f"{prefix}{self.brand(rng)}{rng.choice(words)}{self.org_form(rng)}"

    def _individual_name(self, rng: random.Random, county: Unit, town: Unit, industry: str) -> str:
        shops = self.vocab.data["shops"].get(industry) or self.vocab.data["shops"]["商贸"]
        roll = rng.random()
        if roll < 0.35:
            trade = self.person_name(rng)
        elif roll < 0.5:
            trade = rng.choice(("小", "阿", "老")) + rng.choice(self.surnames)
        else:
            trade = self.brand(rng)
        place = f"{county.name}{town.name}" if rng.random() < 0.7 else county.name
        return f"{place}{trade}{rng.choice(shops)}"


def registry_rows(
    tree: JurisdictionTree, seed: int = 2018, scale: float = 1.0
) -> Iterator[dict[str, Any]]:
    return RegistryGenerator(tree, seed).rows(scale)


ROLES_PER_UNIT = {"city": 30, "county": 18, "zone": 10, "park": 4, "town": 2}


def officers(
    tree: JurisdictionTree, seed: int = 2018, today: dt.date | None = None
) -> Iterator[dict[str, Any]]:
    """Officers of every unit with enforcement certificates; a few are expired or expiring.

    Township staff are ``township`` officers; a third of the towns work under a delegation.
    Each unit also has an approver (its head). Certificate numbers are synthetic.
    """
    gen = RegistryGenerator(tree, seed)
    rng = random.Random(seed * 7 + 1)
    today = today or dt.date(2026, 11, 29)
    serial = 0
    for unit in tree.all():
        count = ROLES_PER_UNIT[unit.level]
        for i in range(count):
            serial += 1
            if i == 0 and unit.level != "town":
                role = "approver"
            elif unit.level == "park":
                role = "park"
            elif unit.level == "town":
                role = "township"
            else:
                role = unit.level if unit.level != "zone" else "county"
            roll = rng.random()
            if roll < 0.04:
                expires = today - dt.timedelta(days=rng.randrange(1, 200))
            elif roll < 0.10:
                expires = today + dt.timedelta(days=rng.randrange(1, 60))
            else:
                expires = today + dt.timedelta(days=rng.randrange(90, 5 * 365))
            yield {
                "name": gen.person_name(rng),
                "unit_code": unit.code,
                "role": role,
                "phone": gen.phone(rng),
                "certificate_no": f"{unit.code[-6:].replace('-', '')}{serial:05d}",
                "certificate_issued_on": (expires - dt.timedelta(days=5 * 365)).isoformat(),
                "certificate_expires_on": expires.isoformat(),
                # 行政执法证 are issued by the provincial government
                "certificate_authority": f"{tree.province}人民政府",
            }
