"""The pools of a draw read from the local store (SQL: they must be fast at city scale), and
the object pool's snapshot kept as an attachment.

* **Objects** (检查对象名录库): registry entries of the chosen units, industries, risk levels,
  key flag and kinds, without those inspected or penalised in the last N days before the draw
  and, if asked, those a plan of the year names (they are inspected by name, not drawn).
* **Officers** (执法检查人员名录库): active officers of the chosen units with a certificate valid
  on the planned day (approvers and administrators are not drawn).
* **Exclusions** for the chosen enterprises: recusals decided by the day of the draw, declared
  avoidance in force on the planned day, officers who inspected the enterprise in the last N
  days, and the officer–enterprise pairs of the previous rounds.

Every time-dependent fact is read as of the draw (dates before it), so that the pools computed
again later are the same unless the registry itself changed; the snapshot settles even that.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import sqlite3
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from inspector_app.plans.drawing import Candidate, Exclusions, PoolEntry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store import attachments
from inspector_app.store.changelog import UnitOfWork

POOL_MEDIA_TYPE = "application/gzip"
DRAWN_ROLES = ("city", "county", "park", "township")


@dataclass(frozen=True)
class ObjectFilter:
    units: tuple[str, ...] = ()  # county-level units, parks or towns; () = the whole city
    industries: tuple[str, ...] = ()
    risk_levels: tuple[str, ...] = ()
    key_supervised: bool | None = None
    kinds: tuple[str, ...] = ()
    exclude_inspected_days: int = 0
    exclude_penalised_days: int = 0
    exclude_named_year: int = 0  # leave out enterprises named in that year's plans

    def as_json(self) -> dict[str, object]:
        return {
            "units": list(self.units),
            "industries": list(self.industries),
            "risk_levels": list(self.risk_levels),
            "key_supervised": self.key_supervised,
            "kinds": list(self.kinds),
            "exclude_inspected_days": self.exclude_inspected_days,
            "exclude_penalised_days": self.exclude_penalised_days,
            "exclude_named_year": self.exclude_named_year,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, object]) -> ObjectFilter:
        def strings(key: str) -> tuple[str, ...]:
            value = raw.get(key) or []
            assert isinstance(value, list)
            return tuple(str(v) for v in value)

        key = raw.get("key_supervised")
        return cls(
            strings("units"),
            strings("industries"),
            strings("risk_levels"),
            None if key is None else bool(key),
            strings("kinds"),
            int(str(raw.get("exclude_inspected_days") or 0)),
            int(str(raw.get("exclude_penalised_days") or 0)),
            int(str(raw.get("exclude_named_year") or 0)),
        )


@dataclass(frozen=True)
class OfficerFilter:
    units: tuple[str, ...] = ()  # officers of these units (and their parks and towns); () = all
    recent_days: int = 0  # officers who inspected the enterprise this many days back are out
    rounds: tuple[str, ...] = field(default=())  # previous draws whose pairs are kept apart

    def as_json(self) -> dict[str, object]:
        return {
            "units": list(self.units),
            "recent_days": self.recent_days,
            "rounds": list(self.rounds),
        }


def supervisors_of(tree: JurisdictionTree, unit_code: str) -> list[str]:
    """Supervising units whose enterprises a county-level unit or a park holds."""
    unit = tree.units[unit_code]
    if unit.level == "park":
        return [unit_code]
    return [
        u.code
        for u in tree.units.values()
        if u.level in ("county", "zone", "park") and tree.reporting_unit(u.code).code == unit_code
    ]


def object_pool(
    conn: sqlite3.Connection, tree: JurisdictionTree, flt: ObjectFilter, day: dt.date
) -> list[PoolEntry]:
    """The object pool as of ``day`` (the day of the draw), sorted by id."""
    where: list[str] = []
    params: list[object] = []
    sups: list[str] = []
    towns: list[str] = []
    for code in flt.units:
        level = tree.units[code].level
        if level == "city":
            sups, towns = [], []
            break
        if level == "town":
            towns.append(code)
        else:
            sups.extend(supervisors_of(tree, code))
    area = []
    if sups:
        area.append(f"supervising_unit IN ({', '.join('?' * len(sups))})")
        params.extend(sups)
    if towns:
        area.append(f"town_code IN ({', '.join('?' * len(towns))})")
        params.extend(towns)
    if area:
        where.append("(" + " OR ".join(area) + ")")
    for column, values in (
        ("supervision_industry", flt.industries),
        ("risk_level", flt.risk_levels),
        ("kind", flt.kinds),
    ):
        if values:
            where.append(f"{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    if flt.key_supervised is not None:
        where.append("key_supervised = ?")
        params.append(int(flt.key_supervised))
    sql = "SELECT id, supervising_unit, risk_level FROM enterprise"
    if where:
        sql += " WHERE " + " AND ".join(where)
    left_out = excluded_objects(conn, flt, day)
    # each supervising unit stands for its county-level unit. Worked out here, not by a CASE
    # over every unit in SQL (several times slower), and only for the rows of units that are
    # not county-level themselves: the others are kept as SQLite made them
    county = {
        code: tree.reporting_unit(code).code
        for code in tree.units
        if tree.reporting_unit(code).code != code
    }
    rows: list[PoolEntry] = conn.execute(sql, params).fetchall()
    out = [
        row if row[1] not in county else (row[0], county[row[1]], row[2])
        for row in rows
        if row[0] not in left_out
    ]
    out.sort()
    return out


def excluded_objects(conn: sqlite3.Connection, flt: ObjectFilter, day: dt.date) -> set[str]:
    out: set[str] = set()
    if flt.exclude_inspected_days:
        since = day - dt.timedelta(days=flt.exclude_inspected_days)
        out.update(
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT enterprise_id FROM inspection "
                "WHERE substr(started_at, 1, 10) >= ? AND substr(started_at, 1, 10) < ?",
                (since.isoformat(), day.isoformat()),
            )
        )
    if flt.exclude_penalised_days:
        since = day - dt.timedelta(days=flt.exclude_penalised_days)
        out.update(
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT c.enterprise_id FROM case_step s JOIN penalty_case c "
                "ON c.id = s.case_id WHERE s.kind = 'decision' AND s.occurred_on >= ? "
                "AND s.occurred_on < ?",
                (since.isoformat(), day.isoformat()),
            )
        )
    if flt.exclude_named_year:
        out.update(
            r[0]
            for r in conn.execute(
                "SELECT pe.enterprise_id FROM plan_enterprise pe JOIN inspection_plan p "
                "ON p.id = pe.plan_id WHERE p.year = ? AND pe.withdrawn = 0",
                (flt.exclude_named_year,),
            )
        )
    return out


def officer_pool(
    conn: sqlite3.Connection, tree: JurisdictionTree, flt: OfficerFilter, planned_on: dt.date
) -> list[Candidate]:
    """Active officers of the units, certified on the planned day, sorted by id. A unit brings
    its own officers and those stationed in its parks; township staff come only when their
    town is listed, or with the city, which brings every officer."""
    marks = ", ".join("?" * len(DRAWN_ROLES))
    rows = conn.execute(
        f"SELECT o.id, o.unit_code FROM officer o WHERE o.active = 1 "
        f"AND o.role IN ({marks}) AND EXISTS (SELECT 1 FROM enforcement_certificate c "
        "WHERE c.officer_id = o.id AND c.revoked = 0 AND c.issued_on <= ? AND c.expires_on >= ?) "
        "ORDER BY o.id",
        (*DRAWN_ROLES, planned_on.isoformat(), planned_on.isoformat()),
    )
    wanted = set(flt.units)
    everyone = not wanted or tree.city.code in wanted
    out = []
    for ident, unit in rows:
        known = tree.units.get(unit)
        county = tree.reporting_unit(unit).code if known else unit
        if everyone:
            keep = True
        else:
            keep = unit in wanted or (
                known is not None and known.level == "park" and known.parent_code in wanted
            )
        if keep:
            out.append(Candidate(ident, county))
    return out


def exclusions(
    conn: sqlite3.Connection,
    chosen: Sequence[str],
    officers: Iterable[Candidate],
    flt: OfficerFilter,
    drawn_on: dt.date,
    planned_on: dt.date,
    previous: Mapping[str, Sequence[tuple[str, Sequence[str]]]],
) -> Exclusions:
    """Who is kept away from each chosen enterprise, and who may not serve together."""
    ids = {o.id for o in officers}
    away: dict[str, set[str]] = defaultdict(set)
    for start in range(0, len(chosen), 500):
        part = list(chosen[start : start + 500])
        marks = ", ".join("?" * len(part))
        for officer, firm in conn.execute(
            f"SELECT officer_id, enterprise_id FROM recusal WHERE enterprise_id IN ({marks}) "
            "AND decided_on <= ?",
            (*part, drawn_on.isoformat()),
        ):
            away[firm].add(officer)
        for officer, firm in conn.execute(
            "SELECT officer_id, enterprise_id FROM officer_avoidance WHERE enterprise_id IN "
            f"({marks}) AND declared_on <= ? AND (valid_to = '' OR valid_to >= ?)",
            (*part, drawn_on.isoformat(), planned_on.isoformat()),
        ):
            away[firm].add(officer)
        if flt.recent_days:
            since = drawn_on - dt.timedelta(days=flt.recent_days)
            for officer, firm in conn.execute(
                "SELECT io.officer_id, i.enterprise_id FROM inspection_officer io JOIN "
                f"inspection i ON i.id = io.inspection_id WHERE i.enterprise_id IN ({marks}) "
                "AND substr(i.started_at, 1, 10) >= ? AND substr(i.started_at, 1, 10) < ?",
                (*part, since.isoformat(), drawn_on.isoformat()),
            ):
                away[firm].add(officer)
    chosen_set = set(chosen)
    for result in previous.values():
        for firm, team in result:
            if firm in chosen_set:
                away[firm].update(team)
    pairs = set()
    if ids:
        for a, b in conn.execute(
            "SELECT officer_id, other_officer_id FROM officer_avoidance WHERE relation = 'pair' "
            "AND declared_on <= ? AND (valid_to = '' OR valid_to >= ?)",
            (drawn_on.isoformat(), planned_on.isoformat()),
        ):
            if a in ids and b in ids:
                pairs.add(frozenset((a, b)))
    return Exclusions(
        {firm: frozenset(o for o in found if o in ids) for firm, found in away.items()},
        frozenset(pairs),
    )


# -- the snapshot ----------------------------------------------------------------------------------


def save_snapshot(uow: UnitOfWork, attachments_dir: Path | attachments.Vault, text: str) -> str:
    """Keep the pool's canonical text as an attachment (sealed on an encrypted store), its row
    written in ``uow``; its SHA-256."""
    sha, size = write_snapshot(attachments.Vault.of(attachments_dir, uow.store), text)
    record_snapshot(uow, sha, size)
    return sha


def write_snapshot(vault: attachments.Vault, text: str) -> tuple[str, int]:
    """The file half of ``save_snapshot`` (gzip, no timestamp), in ``vault`` (the store's:
    sealed when it is encrypted): (sha256, size). It may run on another thread while the
    draw goes on: compressing and hashing release the GIL."""
    data = gzip.compress(text.encode("utf-8"), compresslevel=1, mtime=0)
    folder = vault.folder
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix="pool-", suffix=".gz", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        return attachments.keep_file(vault, name, POOL_MEDIA_TYPE)
    finally:
        Path(name).unlink(missing_ok=True)


def record_snapshot(uow: UnitOfWork, sha: str, size: int) -> None:
    attachments.record_file(uow.conn, sha, size, POOL_MEDIA_TYPE, uow.now)


def load_snapshot(attachments_dir: Path | attachments.Vault | None, file_sha: str) -> str | None:
    """The pool text kept under ``file_sha``, or None when the file is not here (or damaged)."""
    if not attachments_dir or not file_sha:
        return None
    try:
        data = attachments.Vault.of(attachments_dir).read_bytes(file_sha)
    except (attachments.AttachmentError, OSError):
        return None
    return gzip.decompress(data).decode("utf-8")
