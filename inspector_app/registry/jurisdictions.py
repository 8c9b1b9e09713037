"""Jurisdictions: city → county-level units → towns/streets, plus functional zones and parks.

A city is a data file in ``resources/jurisdictions/`` (Jiaxing ships as the default); another
city is another file, not a code change. Levels:

* ``city`` — the prefecture-level city (设区的市).
* ``county`` — a county-level administrative unit (区、县、县级市).
* ``zone`` — a functional zone (开发区、港区) that supervises the towns it manages (托管) and
  reports as a county-level unit, but is not an administrative division.
* ``park`` — an industrial park inside a county, supervised by county staff stationed there.
* ``town`` — a town or street (镇、街道), child of its county.

An enterprise has an administrative area (county + town) and a supervising unit (a county,
zone or park). The city reports by its county-level units: counties and zones
(``reporting_unit``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspector_app.store.database import Store
from inspector_app.store.paths import resources_dir

LEVELS = ("city", "county", "zone", "park", "town")
DEFAULT_CITY = "jiaxing"


class JurisdictionDataError(ValueError):
    """The jurisdiction data file is malformed (names the file and the problem)."""


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    level: str
    kind: str = ""
    short_name: str = ""
    parent_code: str | None = None
    supervising_unit: str | None = None
    authority: str = ""
    government: str = ""
    sort_order: int = 0
    verified: bool = True
    covers: tuple[str, ...] = ()  # towns a zone manages or a park lies in


@dataclass
class JurisdictionTree:
    city: Unit
    units: dict[str, Unit] = field(default_factory=dict)
    province: str = ""
    region_name: str = ""

    def get(self, code: str) -> Unit:
        return self.units[code]

    def by_level(self, level: str) -> list[Unit]:
        return sorted(
            (u for u in self.units.values() if u.level == level), key=lambda u: u.sort_order
        )

    def counties(self) -> list[Unit]:
        return self.by_level("county")

    def reporting_units(self) -> list[Unit]:
        """The city's county-level units for reports: counties then zones (Jiaxing: 9)."""
        return self.by_level("county") + self.by_level("zone")

    def towns_of(self, county_code: str) -> list[Unit]:
        return [u for u in self.by_level("town") if u.parent_code == county_code]

    def parks_of(self, county_code: str) -> list[Unit]:
        return [u for u in self.by_level("park") if u.parent_code == county_code]

    def reporting_unit(self, supervising_code: str) -> Unit:
        """The county-level unit a supervising unit reports under (a park → its county)."""
        unit = self.units[supervising_code]
        while unit.level not in ("county", "zone", "city"):
            if unit.parent_code is None:
                break
            unit = self.units[unit.parent_code]
        return unit

    def default_supervisor(self, town_code: str) -> str:
        """Who supervises a town by default: the zone that manages it, else its county."""
        town = self.units[town_code]
        return town.supervising_unit or town.parent_code or self.city.code

    def all(self) -> list[Unit]:
        return sorted(self.units.values(), key=lambda u: (LEVELS.index(u.level), u.sort_order))


def city_file(city: str = DEFAULT_CITY) -> Path:
    return resources_dir() / "jurisdictions" / f"{city}.json"


def load(path: Path | None = None) -> JurisdictionTree:
    """Load and check a city's jurisdiction file."""
    path = path or city_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise JurisdictionDataError(f"{path.name}: cannot read ({exc})") from exc
    try:
        return build(data)
    except (KeyError, TypeError) as exc:
        raise JurisdictionDataError(f"{path.name}: missing or wrong field {exc}") from exc


def build(data: dict[str, Any]) -> JurisdictionTree:
    """The tree of a city's data (the content of a jurisdiction file)."""
    c = data["city"]
    city = Unit(
        code=c["code"],
        name=c["name"],
        level="city",
        kind="市",
        short_name=c["short_name"],
        authority=c["authority"],
        government=c["government"],
    )
    tree = JurisdictionTree(
        city=city, province=c.get("province", ""), region_name=c.get("region_name", c["name"])
    )
    order = 0

    def add(unit: Unit) -> None:
        if unit.code in tree.units:
            raise JurisdictionDataError(f"duplicate jurisdiction code {unit.code}")
        tree.units[unit.code] = unit

    add(city)
    for county in data["counties"]:
        order += 1
        add(
            Unit(
                code=county["code"],
                name=county["name"],
                level="county",
                kind=county["kind"],
                short_name=county["short_name"],
                parent_code=city.code,
                authority=county["authority"],
                government=county["government"],
                sort_order=order,
            )
        )
        for t_order, town in enumerate(county["towns"], 1):
            add(
                Unit(
                    code=town["code"],
                    name=town["name"],
                    level="town",
                    kind=town["kind"],
                    parent_code=county["code"],
                    sort_order=order * 1000 + t_order,
                    verified=town.get("verified", True),
                )
            )
    managed: dict[str, str] = {}
    for zone in data.get("zones", []):
        order += 1
        add(
            Unit(
                code=zone["code"],
                name=zone["name"],
                level="zone",
                kind=zone["kind"],
                short_name=zone["short_name"],
                parent_code=city.code,
                authority=zone["authority"],
                government=zone["government"],
                sort_order=order,
                verified=zone.get("verified", True),
                covers=tuple(zone.get("manages", [])),
            )
        )
        for town_code in zone.get("manages", []):
            managed[town_code] = zone["code"]
    for p_order, park in enumerate(data.get("parks", []), 1):
        add(
            Unit(
                code=park["code"],
                name=park["name"],
                level="park",
                kind="园区",
                parent_code=park["county"],
                sort_order=10_000 + p_order,
                verified=park.get("verified", True),
                covers=tuple(park.get("towns", [])),
            )
        )
    for town_code, zone_code in managed.items():
        town = tree.units.get(town_code)
        if town is None or town.level != "town":
            raise JurisdictionDataError(f"zone {zone_code} manages unknown town {town_code}")
        tree.units[town_code] = Unit(**{**town.__dict__, "supervising_unit": zone_code})
    for unit in tree.units.values():
        if unit.parent_code and unit.parent_code not in tree.units:
            raise JurisdictionDataError(f"{unit.code}: unknown parent {unit.parent_code}")
    return tree


def install(store: Store, tree: JurisdictionTree) -> bool:
    """Write the tree into the store's ``jurisdiction`` table if it changed; True if written.

    Jurisdictions are reference data shipped with the app (later: sent by the server), so they
    are written without change-log entries. Units are upserted, never deleted: records keep
    pointing at a unit that a newer file no longer lists.
    """
    digest = tree_digest(tree)
    if store.meta("jurisdictions_digest") == digest:
        return False
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO jurisdiction(code, name, short_name, level, kind, parent_code, "
            "supervising_unit, authority, government, sort_order, verified) "
            "VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?) "
            "ON CONFLICT(code) DO UPDATE SET name = excluded.name, "
            "short_name = excluded.short_name, level = excluded.level, kind = excluded.kind, "
            "authority = excluded.authority, government = excluded.government, "
            "sort_order = excluded.sort_order, verified = excluded.verified",
            [
                (
                    u.code,
                    u.name,
                    u.short_name,
                    u.level,
                    u.kind,
                    u.authority,
                    u.government,
                    u.sort_order,
                    int(u.verified),
                )
                for u in tree.all()
            ],
        )
        # links after every unit exists (foreign keys are checked per statement)
        conn.executemany(
            "UPDATE jurisdiction SET parent_code = ?, supervising_unit = ? WHERE code = ?",
            [(u.parent_code, u.supervising_unit, u.code) for u in tree.all()],
        )
        store.set_meta("jurisdictions_city", tree.city.code)
        store.set_meta("jurisdictions_digest", digest)
    return True


def tree_digest(tree: JurisdictionTree) -> str:
    blob = json.dumps([u.__dict__ for u in tree.all()], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()
