"""Delegation letters (委托书), granted powers (赋权), the park stationing roster (派驻), and the
one decision of who may act where and in whose name.

``decide(actor, matter, place, day, tree, facts)`` answers, for the app and the sync server
alike: may this user (role, unit, officer) act on this matter at this place on this day, and in
whose name are the documents issued?

* Geography (the rule the sync scope uses, ``covers``): the city and its roles ``city`` and
  ``admin`` everywhere; a county its records, those it supervises and its parks'; a functional
  zone what it supervises and the towns it manages; a park what it supervises; a town its own.
* Matters by role (``resources/delegations.json``): a role's list names matters or families of
  matters (a family grants its members, minus the role's exceptions).
* Stationed staff (role ``park``) act only while the roster posts them to their park, in the
  name of the county bureau that sent them.
* Township staff inspect and order corrections in their town in the town's own name (浙江省安全
  生产条例 Art. 27); anything else needs a letter of their town valid on the day, published, not
  revoked, listing the matter. Under 委托 documents carry the delegating bureau's name (行政处罚法
  Art. 20: only within the letter, no sub-delegation, the letter published); under 赋权 the
  town's own (Art. 24). A refusal names the letter that came closest: number, authority,
  validity.

Letters, revocations and stationings are immutable records kept by ``plans.letters`` (their
tables, wire checks and write operations); this module reads them through ``Facts``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from inspector_app.datafile import Problem, json_object
from inspector_app.plans import common
from inspector_app.plans.common import PlanError
from inspector_app.registry.jurisdictions import JurisdictionTree, Unit
from inspector_app.registry.officers import ROLES
from inspector_app.store.facts import Facts
from inspector_app.store.paths import resources_dir

DATA_FILE = "delegations.json"
EVERYWHERE_ROLES = frozenset({"admin", "city"})


# -- the data file ---------------------------------------------------------------------------------


class DelegationDataError(PlanError, ValueError):
    """``delegations.json`` is broken: names the file, the section and the rule."""


@dataclass(frozen=True)
class Matter:
    code: str
    zh: str
    en: str
    family: str
    delegable: bool


@dataclass(frozen=True)
class Rights:
    matters: Mapping[str, Matter]
    roles: Mapping[str, frozenset[str]]
    exceptions: Mapping[str, frozenset[str]]
    stationed_roles: frozenset[str]

    def granted(self, role: str, matter: str) -> bool:
        """The role's own right: the matter or its family is listed, and no exception."""
        listed = self.roles.get(role, frozenset())
        if matter in self.exceptions.get(role, frozenset()):
            return False
        entry = self.matters[matter]
        return matter in listed or entry.family in listed

    def covered_by(self, matter: str, letter_matters: Sequence[str]) -> bool:
        """A letter covers a matter it lists, or a family one of its matters belongs to."""
        return matter in letter_matters or any(
            self.matters[m].family == matter for m in letter_matters if m in self.matters
        )


def load_rights(path: Path | None = None) -> Rights:
    path = path if path is not None else resources_dir() / DATA_FILE
    section = "file"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        top = json_object(data, {"format", "title", "matters", "roles"})
        if top["format"] != 1:
            raise Problem("format", "未知的格式", "unknown format")
        section = "matters"
        raw = json_object(top["matters"], {"source", "verified", "items"}, {"note"})
        _provenance(raw)
        matters: dict[str, Matter] = {}
        for code, item in dict(raw["items"]).items():
            entry = json_object(item, {"zh", "en", "family", "delegable"})
            matters[code] = Matter(
                code,
                str(entry["zh"]),
                str(entry["en"]),
                str(entry["family"]),
                bool(entry["delegable"]),
            )
        families = {m.family for m in matters.values()}
        bad = sorted(families - set(matters))
        if bad:
            raise Problem("unknown_family", f"大类“{bad[0]}”不是事项", f"family {bad[0]} unknown")
        section = "roles"
        raw = json_object(
            top["roles"], {"source", "verified", "matters", "stationed_roles"}, {"except"}
        )
        _provenance(raw)
        roles = {str(r): frozenset(str(m) for m in ms) for r, ms in dict(raw["matters"]).items()}
        exceptions = {
            str(r): frozenset(str(m) for m in ms) for r, ms in dict(raw.get("except", {})).items()
        }
        for role, listed in [*roles.items(), *exceptions.items()]:
            if role not in ROLES:
                raise Problem("unknown_role", f"未知角色“{role}”", f"unknown role {role}")
            unknown = sorted(listed - set(matters))
            if unknown:
                raise Problem("unknown_matter", f"未知事项“{unknown[0]}”", f"unknown {unknown[0]}")
        stationed = frozenset(str(r) for r in raw["stationed_roles"])
    except Problem as problem:
        raise DelegationDataError(
            problem.rule,
            f"{path.name}（{section}）：{problem.zh}",
            f"{path.name} ({section}): {problem.en}",
        ) from None
    except (OSError, ValueError, TypeError) as exc:
        raise DelegationDataError(
            "unreadable", f"{path.name}：无法读取（{exc}）", f"{path.name}: cannot be read ({exc})"
        ) from exc
    return Rights(matters, roles, exceptions, stationed)


def _provenance(raw: Mapping[str, Any]) -> None:
    if not isinstance(raw.get("source"), str) or not raw["source"].strip():
        raise Problem("no_source", "缺少出处（source）", "the source is missing")
    if not isinstance(raw.get("verified"), bool):
        raise Problem("no_verified", "缺少核实标志（verified）", "verified must be true/false")


@cache
def default_rights() -> Rights:
    return load_rights()


# -- records ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Letter:
    id: str
    number: str
    kind: str
    town_code: str
    authority_code: str
    authority_name: str
    matters: tuple[str, ...]
    valid_from: dt.date
    valid_to: dt.date
    signed_on: dt.date
    published_on: dt.date
    revoked_on: dt.date | None = None

    @classmethod
    def of(cls, row: Mapping[str, Any], revoked_on: dt.date | None = None) -> Letter:
        return cls(
            str(row["id"]),
            str(row["number"]),
            str(row["kind"]),
            str(row["town_code"]),
            str(row["authority_code"]),
            str(row["authority_name"]),
            tuple(common.id_list(row["matters"])),
            dt.date.fromisoformat(row["valid_from"]),
            dt.date.fromisoformat(row["valid_to"]),
            dt.date.fromisoformat(row["signed_on"]),
            dt.date.fromisoformat(row["published_on"]),
            revoked_on,
        )

    def in_force(self, day: dt.date) -> bool:
        return (
            self.valid_from <= day <= self.valid_to
            and self.published_on <= day
            and (self.revoked_on is None or day < self.revoked_on)
        )

    def describe(self) -> tuple[str, str]:
        """The letter as a refusal names it: number, authority, validity."""
        what_zh = "委托书" if self.kind == "delegation" else "赋权决定"
        what_en = "delegation letter" if self.kind == "delegation" else "grant of powers"
        span = f"{self.valid_from.isoformat()}至{self.valid_to.isoformat()}"
        return (
            f"《{what_zh}》{self.number}（{self.authority_name}，有效期{span}）",
            f"{what_en} {self.number} ({self.authority_name}, valid {self.valid_from.isoformat()}"
            f" to {self.valid_to.isoformat()})",
        )


@dataclass(frozen=True)
class Stationing:
    id: str
    officer_id: str
    park_code: str
    from_on: dt.date
    to_on: dt.date
    order_number: str

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> Stationing:
        return cls(
            str(row["id"]),
            str(row["officer_id"]),
            str(row["park_code"]),
            dt.date.fromisoformat(row["from_on"]),
            dt.date.fromisoformat(row["to_on"]),
            str(row["order_number"]),
        )


def letters_of(facts: Facts, town_code: str) -> list[Letter]:
    """The town's letters with their revocation dates (the earliest, if several)."""
    out = []
    for row in facts.find("delegation_letter", {"town_code": town_code}):
        revoked = [
            dt.date.fromisoformat(r["revoked_on"])
            for r in facts.find("delegation_revocation", {"letter_id": row["id"]})
        ]
        out.append(Letter.of(row, min(revoked) if revoked else None))
    return out


def stationings_of(facts: Facts, officer_id: str) -> list[Stationing]:
    """The officer's roster entries still in effect (those not superseded by a correction)."""
    rows = facts.find("stationing", {"officer_id": officer_id})
    replaced = {r["supersedes_id"] for r in rows if r["supersedes_id"]}
    return [Stationing.of(r) for r in rows if r["id"] not in replaced]


# -- geography -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where a record belongs (its scope fields)."""

    county_code: str | None = None
    town_code: str | None = None
    supervising_unit: str | None = None

    @classmethod
    def of(cls, record: Mapping[str, Any]) -> Place:
        return cls(
            record.get("county_code"), record.get("town_code"), record.get("supervising_unit")
        )


@dataclass(frozen=True)
class Actor:
    """A user: role, unit, and the officer record behind the account ('' if none)."""

    role: str
    unit_code: str
    officer_id: str = ""


def covers(tree: JurisdictionTree, actor: Actor, place: Place) -> bool:
    """The actor's unit covers the place (the same rule as the sync server's read scope)."""
    if actor.role in EVERYWHERE_ROLES or actor.unit_code == tree.city.code:
        return True
    unit = tree.units.get(actor.unit_code)
    if unit is None:
        return False
    if unit.level == "county":
        parks = {p.code for p in tree.parks_of(unit.code)}
        return (
            place.county_code == unit.code
            or place.supervising_unit == unit.code
            or place.supervising_unit in parks
        )
    if unit.level == "zone":
        return place.supervising_unit == unit.code or place.town_code in unit.covers
    if unit.level == "park":
        return place.supervising_unit == unit.code
    if unit.level == "town":
        return place.town_code == unit.code
    return False


def town_organ(tree: JurisdictionTree, town: Unit) -> str:
    """The town's own organ: 镇 → 人民政府, 街道 → 办事处 (浙江省安全生产条例 Art. 27)."""
    county = tree.units.get(town.parent_code or "")
    prefix = county.name if county else ""
    return f"{prefix}{town.name}{'人民政府' if town.kind == '镇' else '办事处'}"


def own_bureau(tree: JurisdictionTree, unit_code: str) -> Unit:
    """The bureau a unit's staff act for: the city bureau, or the county-level unit's."""
    if unit_code not in tree.units:
        return tree.city
    return tree.reporting_unit(unit_code)


# -- the decision ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    allowed: bool
    issuer_code: str = ""
    issuer_name: str = ""
    basis: str = ""  # own | township | stationing | delegation | grant
    letter: Letter | None = None
    refusal: PlanError | None = None

    def require(self) -> Decision:
        """The decision, or its refusal raised."""
        if self.refusal is not None:
            raise self.refusal
        return self


def refused(code: str, zh: str, en: str, letter: Letter | None = None) -> Decision:
    return Decision(False, letter=letter, refusal=PlanError(code, zh, en))


def decide(
    actor: Actor,
    matter: str,
    place: Place | None,
    day: dt.date,
    tree: JurisdictionTree,
    facts: Facts,
    rights: Rights | None = None,
) -> Decision:
    """May ``actor`` act on ``matter`` at ``place`` on ``day``, and in whose name (see the
    module docstring). ``place=None``: no record place to check (e.g. a list of the unit's
    own)."""
    rights = rights or default_rights()
    unit = tree.units.get(actor.unit_code)
    letters: list[Letter] = []
    stations: list[Stationing] = []
    if unit is not None and unit.level == "town" and actor.role == "township":
        letters = letters_of(facts, unit.code)
    if actor.role in rights.stationed_roles and actor.officer_id:
        stations = stationings_of(facts, actor.officer_id)
    return decide_with(actor, matter, place, day, tree, letters, stations, rights)


def decide_with(
    actor: Actor,
    matter: str,
    place: Place | None,
    day: dt.date,
    tree: JurisdictionTree,
    letters: Sequence[Letter],
    stations: Sequence[Stationing],
    rights: Rights | None = None,
) -> Decision:
    """``decide`` over records already read (the server may read them its own way)."""
    rights = rights or default_rights()
    entry = rights.matters.get(matter)
    if entry is None:
        raise ValueError(f"unknown matter {matter!r}")
    if actor.role not in rights.roles:
        return refused(
            "forbidden_matter", "您的角色无权办理此事项。", "Your role may not act on this."
        )
    if place is not None and not covers(tree, actor, place):
        return refused(
            "out_of_scope",
            "该记录不在您的辖区内，无权办理。",
            "The record is outside your jurisdiction.",
        )
    unit = tree.units.get(actor.unit_code)
    if actor.role in rights.stationed_roles:
        return _stationed(actor, entry, day, tree, stations, rights)
    if actor.role == "township" and unit is not None and unit.level == "town":
        return _township(actor, entry, day, tree, unit, letters, rights)
    if not rights.granted(actor.role, matter):
        return refused(
            "forbidden_matter",
            f"您的角色无权办理“{entry.zh}”。",
            f"Your role may not act on {entry.en}.",
        )
    bureau = own_bureau(tree, actor.unit_code)
    return Decision(True, bureau.code, bureau.authority or bureau.name, "own")


def _stationed(
    actor: Actor,
    entry: Matter,
    day: dt.date,
    tree: JurisdictionTree,
    stations: Sequence[Stationing],
    rights: Rights,
) -> Decision:
    if not rights.granted(actor.role, entry.code):
        return refused(
            "forbidden_matter",
            f"您的角色无权办理“{entry.zh}”。",
            f"Your role may not act on {entry.en}.",
        )
    mine = sorted((s for s in stations if s.park_code == actor.unit_code), key=lambda s: s.to_on)
    if not any(s.from_on <= day <= s.to_on for s in mine):
        if mine:
            last = mine[-1]
            span = f"{last.from_on.isoformat()}至{last.to_on.isoformat()}"
            return refused(
                "not_stationed",
                f"派驻期限（{last.order_number}，{span}）不含{day.isoformat()}，不能以派驻身份执法。",
                f"The stationing ({last.order_number}, {last.from_on} to {last.to_on}) does not "
                f"cover {day.isoformat()}.",
            )
        return refused(
            "not_stationed",
            "派驻名册中没有您派驻该园区的记录，不能以派驻身份执法。",
            "The stationing roster does not post you to this park.",
        )
    bureau = own_bureau(tree, actor.unit_code)
    return Decision(True, bureau.code, bureau.authority or bureau.name, "stationing")


def _township(
    actor: Actor,
    entry: Matter,
    day: dt.date,
    tree: JurisdictionTree,
    town: Unit,
    letters: Sequence[Letter],
    rights: Rights,
) -> Decision:
    if rights.granted(actor.role, entry.code):
        return Decision(True, town.code, town_organ(tree, town), "township")
    if not entry.delegable:
        return refused(
            "not_delegable",
            f"“{entry.zh}”不能委托或赋权给镇（街道），本镇（街道）不能办理。",
            f"{entry.en} cannot be delegated to a town.",
        )
    listing = [x for x in letters if rights.covered_by(entry.code, x.matters)]
    for letter in sorted(listing, key=lambda x: (x.valid_to, x.id), reverse=True):
        if letter.in_force(day):
            if letter.kind == "grant":
                return Decision(True, town.code, town_organ(tree, town), "grant", letter)
            return Decision(
                True, letter.authority_code, letter.authority_name, "delegation", letter
            )
    if listing:
        letter = max(listing, key=lambda x: (x.valid_to, x.id))
        zh, en = letter.describe()
        why_zh, why_en = _why_not_in_force(letter, day)
        return refused(
            "delegation_expired",
            f"{zh}{why_zh}，不能办理“{entry.zh}”（《行政处罚法》第二十条）。",
            f"The {en} {why_en}: {entry.en} is not allowed (Administrative Penalty Law Art. 20).",
            letter,
        )
    if letters:
        letter = max(letters, key=lambda x: (x.valid_to, x.id))
        zh, en = letter.describe()
        names = "、".join(rights.matters[m].zh for m in letter.matters if m in rights.matters)
        return refused(
            "not_delegated",
            f"{zh}委托的事项为“{names}”，不包括“{entry.zh}”，不能办理（《行政处罚法》第二十条）。",
            f"The {en} delegates only {', '.join(letter.matters)}, not {entry.en} "
            "(Administrative Penalty Law Art. 20).",
            letter,
        )
    return refused(
        "not_delegated",
        f"本镇（街道）没有委托书，不能办理“{entry.zh}”，只能向县级应急管理部门提出处罚建议。",
        f"Your town holds no delegation letter for {entry.en}; you may only recommend a penalty.",
    )


def _why_not_in_force(letter: Letter, day: dt.date) -> tuple[str, str]:
    if letter.revoked_on is not None and day >= letter.revoked_on:
        when = letter.revoked_on.isoformat()
        return f"已于{when}撤销", f"was revoked on {when}"
    if day > letter.valid_to:
        return f"已于{letter.valid_to.isoformat()}到期", f"expired on {letter.valid_to.isoformat()}"
    if day < letter.valid_from:
        return "尚未生效", "is not yet in force"
    return (
        f"于{letter.published_on.isoformat()}才公布",
        f"was published only on {letter.published_on}",
    )
