"""Is a plan consistent with the plans above and below it? The rules, precisely.

Terms: a plan's **unit** holds an enterprise when the enterprise lies in it — the city holds
every enterprise, a county-level unit the enterprises whose supervising unit reports to it
(``JurisdictionTree.reporting_unit``: one county-level unit for each enterprise), a town the
enterprises of the town. A plan's **total** for a category and risk level is the sum of its
target rows for them (its own share and what it hands down). **Population** is how many
enterprises of the category and risk level a unit holds.

Errors (approval is refused):

* ``target_unit`` — a row is for a unit that neither is the plan's unit nor plans directly
  under it;
* ``over_population`` — **nothing double-counted**: a plan's total, or what it hands to a unit
  below, exceeds the enterprises that unit holds (the same enterprise counted twice);
* ``allocation_dropped`` / ``visits_dropped`` — **nothing dropped**: what the plan above hands
  to this plan's unit is more than this plan's total for the category and risk level, or asks
  for more visits than this plan's rows give;
* ``outside`` — a named enterprise is not held by the plan's unit;
* ``over_cap`` — a named enterprise's visits exceed the year's cap for its risk level;
* ``double`` — an enterprise is named in two plans of the year (each named enterprise is
  inspected under exactly one plan);
* ``key_dropped`` — **重点监管企业一个不能少**: checked on a county-level plan: every
  key-supervised enterprise the unit holds is named in this plan or in the city's plan (key
  enterprises are inspected by the enforcement bureaus, not left to towns).

Warnings (shown, approval allowed):

* ``capacity`` — the inspections the plan sets its own unit (named visits plus the random quota)
  exceed its certified officers × the capacity per officer ÷ the team size;
* ``random_share`` — the random quota is below the configured share of the ordinary checks
  (random quota + visits to named enterprises that are not key-supervised);
* ``coverage_unreachable`` — the unit's own coverage goal for a category exceeds the named
  enterprises of that category plus the random quota.

``check_tree`` gives every plan's findings plus the allocations no plan below takes up
(``allocation_unplanned``) and the key enterprises of county-level units that have no plan.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from inspector_app.inspections.rules import default_rules
from inspector_app.plans import common
from inspector_app.plans.parameters import RISK_LEVELS, Parameters
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.rules import Classifications
from inspector_app.store.facts import Facts

SHOWN = 5  # names quoted in a finding before "…等N家"


@dataclass(frozen=True)
class Entry:
    """What the plan rules need of an enterprise."""

    id: str
    name: str
    supervising_unit: str
    town_code: str | None
    risk_level: str
    key: bool
    categories: frozenset[str] = frozenset()

    @classmethod
    def of(cls, row: Mapping[str, Any], categories: frozenset[str] = frozenset()) -> Entry:
        return cls(
            str(row["id"]),
            str(row["name"]),
            str(row["supervising_unit"]),
            row.get("town_code"),
            str(row["risk_level"]),
            bool(row["key_supervised"]),
            categories,
        )


@dataclass(frozen=True)
class PlanData:
    plan: dict[str, Any]
    targets: list[dict[str, Any]]
    named: list[dict[str, Any]]  # not withdrawn

    @property
    def id(self) -> str:
        return str(self.plan["id"])

    @property
    def unit(self) -> str:
        return str(self.plan["unit_code"])

    def total(self, category: str, risk: str) -> int:
        return sum(
            int(t["count"])
            for t in self.targets
            if t["category"] == category and t["risk_level"] == risk
        )

    def visits(self, category: str, risk: str) -> int:
        rows = [
            int(t["visits"])
            for t in self.targets
            if t["category"] == category and t["risk_level"] == risk and int(t["count"])
        ]
        return max(rows, default=0)


@dataclass(frozen=True)
class World:
    """Figures the rules compare plans with (``load_world`` reads them from the store)."""

    population: Mapping[tuple[str, str, str], int]  # (unit, category, risk or '') → count
    entries: Mapping[str, Entry]  # the named enterprises and the key-supervised ones
    officers: Mapping[str, int] = field(default_factory=dict)  # certified, by planning unit

    def holds(self, tree: JurisdictionTree, unit: str) -> list[Entry]:
        return [e for e in self.entries.values() if holds(tree, unit, e)]


@dataclass(frozen=True)
class Finding:
    severity: str  # error | warning
    code: str
    zh: str
    en: str
    plan_id: str
    subject: str = ""


def holds(tree: JurisdictionTree, unit_code: str, entry: Entry) -> bool:
    """The unit holds the enterprise (see the module docstring)."""
    unit = tree.units.get(unit_code)
    if unit is None:
        return False
    if unit.level == "city":
        return True
    if unit.level == "town":
        return entry.town_code == unit_code
    if entry.supervising_unit not in tree.units:
        return False
    return tree.reporting_unit(entry.supervising_unit).code == unit_code


def unit_holds(facts: Facts, unit_code: str, entry: Entry) -> bool:
    """``holds`` with the jurisdictions read through ``Facts`` (the wire checks)."""
    unit = common.unit_of(facts, unit_code)
    if unit is None:
        return False
    if unit["level"] == "city":
        return True
    if unit["level"] == "town":
        return entry.town_code == unit_code
    return common.county_level(facts, entry.supervising_unit) == unit_code


@cache
def _classes() -> Classifications:
    return Classifications.load()


def risk_name(risk: str) -> str:
    return _classes().risk_name(risk) if risk else "全部风险等级"


def _names(entries: Sequence[Entry]) -> tuple[str, str]:
    shown = "、".join(e.name for e in entries[:SHOWN])
    more = f"等{len(entries)}家" if len(entries) > SHOWN else ""
    return shown + more, f"{len(entries)} (e.g. {', '.join(e.id for e in entries[:SHOWN])})"


# -- the rules -------------------------------------------------------------------------------------


def check_node(
    node: PlanData,
    plans: Sequence[PlanData],
    world: World,
    tree: JurisdictionTree,
    params: Parameters,
) -> list[Finding]:
    """The findings of one plan among the year's plans in force (see the module docstring)."""
    out: list[Finding] = []
    unit = tree.units[node.unit]

    def add(severity: str, code: str, zh: str, en: str, subject: str = "") -> None:
        out.append(
            Finding(severity, code, f"{unit.name}：{zh}", f"{unit.code}: {en}", node.id, subject)
        )

    below = set(common.planning_children(tree, node.unit))
    keys = {(t["category"], t["risk_level"]) for t in node.targets}
    for t in node.targets:
        if t["unit_code"] != node.unit and t["unit_code"] not in below:
            add("error", "target_unit", f"目标分配给了非直属下级单位{t['unit_code']}", "bad unit")
    for category, risk in sorted(keys):
        cat = params.categories[category].zh
        pop = world.population.get((node.unit, category, risk), 0)
        total = node.total(category, risk)
        if total > pop:
            add(
                "error",
                "over_population",
                f"{cat}（{risk_name(risk)}）计划{total}家，超过辖区实有的{pop}家（不得重复计数）",
                f"{category}/{risk or 'any'}: {total} planned, only {pop} exist",
            )
        for t in node.targets:
            if (t["category"], t["risk_level"]) != (category, risk) or t["unit_code"] == node.unit:
                continue
            held = world.population.get((t["unit_code"], category, risk), 0)
            if int(t["count"]) > held:
                name = tree.units[t["unit_code"]].name if t["unit_code"] in tree.units else ""
                add(
                    "error",
                    "over_population",
                    f"分配给{name}的{cat}（{risk_name(risk)}）{t['count']}家，超过其实有的{held}家",
                    f"{t['unit_code']} {category}/{risk or 'any'}: {t['count']} > {held}",
                )
    parent = next((p for p in plans if p.id == node.plan["parent_id"]), None)
    if parent is not None:
        out.extend(_honours(node, parent, params, add_prefix=unit.name))
    out.extend(_named(node, plans, world, tree, params, unit.name))
    out.extend(_warnings(node, world, params, unit.name))
    return out


def _honours(
    node: PlanData, parent: PlanData, params: Parameters, add_prefix: str
) -> list[Finding]:
    out = []
    for t in parent.targets:
        if t["unit_code"] != node.unit or not int(t["count"]):
            continue
        category, risk = t["category"], t["risk_level"]
        cat = params.categories[category].zh
        total = node.total(category, risk)
        if total < int(t["count"]):
            out.append(
                Finding(
                    "error",
                    "allocation_dropped",
                    f"{add_prefix}：上级计划分配的{cat}（{risk_name(risk)}）{t['count']}家，"
                    f"本计划只安排{total}家",
                    f"{node.unit}: the plan above hands down {t['count']} {category}/"
                    f"{risk or 'any'}, this plan has {total}",
                    node.id,
                )
            )
        elif node.visits(category, risk) < int(t["visits"]):
            out.append(
                Finding(
                    "error",
                    "visits_dropped",
                    f"{add_prefix}：上级计划要求{cat}每家每年检查{t['visits']}次，本计划少于此数",
                    f"{node.unit}: the plan above asks {t['visits']} visits to {category}",
                    node.id,
                )
            )
    return out


def _named(
    node: PlanData,
    plans: Sequence[PlanData],
    world: World,
    tree: JurisdictionTree,
    params: Parameters,
    prefix: str,
) -> list[Finding]:
    out = []
    elsewhere: dict[str, PlanData] = {}
    for other in plans:
        if other.id != node.id:
            for n in other.named:
                elsewhere.setdefault(str(n["enterprise_id"]), other)
    for n in node.named:
        eid = str(n["enterprise_id"])
        entry = world.entries.get(eid)
        if entry is None:
            continue
        if not holds(tree, node.unit, entry):
            out.append(
                Finding(
                    "error",
                    "outside",
                    f"{prefix}：{entry.name}不在本单位辖区内",
                    f"{node.unit}: {eid} is outside the unit",
                    node.id,
                    eid,
                )
            )
        if int(n["visits"]) > params.cap(entry.risk_level):
            out.append(
                Finding(
                    "error",
                    "over_cap",
                    f"{prefix}：{entry.name}每年检查{n['visits']}次，超过{risk_name(entry.risk_level)}"
                    f"单位每年{params.cap(entry.risk_level)}次的上限",
                    f"{node.unit}: {eid} visited {n['visits']} times, cap "
                    f"{params.cap(entry.risk_level)}",
                    node.id,
                    eid,
                )
            )
        twin = elsewhere.get(eid)
        if twin is not None:
            out.append(
                Finding(
                    "error",
                    "double",
                    f"{prefix}：{entry.name}已列入“{twin.plan['title']}”，不得重复列入",
                    f"{node.unit}: {eid} is named in plan {twin.id} too",
                    node.id,
                    eid,
                )
            )
    if tree.units[node.unit].level in ("county", "zone"):
        city = [p for p in plans if p.plan["level"] == "city"]
        named = {str(n["enterprise_id"]) for p in [node, *city] for n in p.named}
        dropped = sorted(
            (e for e in world.holds(tree, node.unit) if e.key and e.id not in named),
            key=lambda e: e.name,
        )
        if dropped:
            zh, en = _names(dropped)
            out.append(
                Finding(
                    "error",
                    "key_dropped",
                    f"{prefix}：{len(dropped)}家重点监管企业未列入本计划或市级计划：{zh}",
                    f"{node.unit}: {en} key-supervised enterprises are in no plan",
                    node.id,
                )
            )
    return out


def _warnings(node: PlanData, world: World, params: Parameters, prefix: str) -> list[Finding]:
    out = []
    team = default_rules().min_officers
    quota = int(node.plan["random_quota"])
    named_visits = sum(int(n["visits"]) for n in node.named)
    demand = named_visits + quota
    officers = world.officers.get(node.unit, 0)
    capacity = officers * int(node.plan["capacity_per_officer"]) // team
    if demand > capacity:
        out.append(
            Finding(
                "warning",
                "capacity",
                f"{prefix}：计划检查{demand}次，超过{officers}名持证执法人员的能力（约{capacity}次）",
                f"{node.unit}: {demand} inspections planned, capacity about {capacity}",
                node.id,
            )
        )
    ordinary = quota + sum(
        int(n["visits"])
        for n in node.named
        if not (e := world.entries.get(str(n["enterprise_id"]))) or not e.key
    )
    if ordinary and quota * 100 < params.min_random_share_pct * ordinary:
        out.append(
            Finding(
                "warning",
                "random_share",
                f"{prefix}：双随机抽查{quota}次，低于一般检查的{params.min_random_share_pct}%",
                f"{node.unit}: random checks below {params.min_random_share_pct}% of ordinary ones",
                node.id,
            )
        )
    for t in node.targets:
        if t["unit_code"] != node.unit:
            continue
        named_in = sum(
            1
            for n in node.named
            if (e := world.entries.get(str(n["enterprise_id"])))
            and t["category"] in e.categories
            and (not t["risk_level"] or e.risk_level == t["risk_level"])
        )
        if int(t["count"]) > named_in + quota:
            out.append(
                Finding(
                    "warning",
                    "coverage_unreachable",
                    f"{prefix}：{params.categories[t['category']].zh}覆盖{t['count']}家，"
                    f"而列名单位{named_in}家加双随机{quota}次不足以达到",
                    f"{node.unit}: {t['category']} goal {t['count']} exceeds named + random",
                    node.id,
                )
            )
    return out


def check_tree(
    plans: Sequence[PlanData], world: World, tree: JurisdictionTree, params: Parameters
) -> list[Finding]:
    """Every plan's findings, the allocations no plan takes up, and the key enterprises of
    county-level units without a plan."""
    out: list[Finding] = []
    by_unit = {p.unit: p for p in plans}
    for node in plans:
        out.extend(check_node(node, plans, world, tree, params))
        for t in node.targets:
            if t["unit_code"] != node.unit and int(t["count"]) and t["unit_code"] not in by_unit:
                name = tree.units[t["unit_code"]].name if t["unit_code"] in tree.units else ""
                out.append(
                    Finding(
                        "error",
                        "allocation_unplanned",
                        f"分配给{name}的{params.categories[t['category']].zh}{t['count']}家没有下级计划承接",
                        f"{t['unit_code']} has no plan to take up {t['category']}",
                        node.id,
                        t["unit_code"],
                    )
                )
    city = [p for p in plans if p.plan["level"] == "city"]
    named = {str(n["enterprise_id"]) for p in city for n in p.named}
    for unit in tree.reporting_units():
        if unit.code in by_unit:
            continue
        dropped = sorted(
            (e for e in world.holds(tree, unit.code) if e.key and e.id not in named),
            key=lambda e: e.name,
        )
        if dropped:
            zh, en = _names(dropped)
            out.append(
                Finding(
                    "error",
                    "key_dropped",
                    f"{unit.name}尚无计划，{len(dropped)}家重点监管企业未列入任何计划：{zh}",
                    f"{unit.code} has no plan: {en} key-supervised enterprises are in none",
                    city[0].id if city else "",
                )
            )
    return out


# -- the figures -----------------------------------------------------------------------------------


def categories_of(
    row: Mapping[str, Any], operations: frozenset[str], params: Parameters
) -> frozenset[str]:
    return frozenset(c.code for c in params.categories.values() if c.matches(row, operations))


def population(
    groups: Iterable[tuple[Mapping[str, Any], int, frozenset[str]]],
    tree: JurisdictionTree,
    params: Parameters,
) -> dict[tuple[str, str, str], int]:
    """(unit, category, risk or '') → enterprises, from groups of identical enterprises (the
    fields a category tests, a count, the special operations recorded)."""
    out: dict[tuple[str, str, str], int] = defaultdict(int)
    for row, n, operations in groups:
        entry_units = [tree.city.code]
        sup = str(row["supervising_unit"])
        if sup in tree.units:
            entry_units.append(tree.reporting_unit(sup).code)
        if row.get("town_code"):
            entry_units.append(str(row["town_code"]))
        for category in categories_of(row, operations, params):
            for unit in entry_units:
                out[(unit, category, str(row["risk_level"]))] += n
                out[(unit, category, "")] += n
    return dict(out)


_GROUP_FIELDS = (
    "supervising_unit",
    "town_code",
    "risk_level",
    "above_size",
    "key_supervised",
    "supervision_industry",
    "kind",
    "industry_section",
)
_ENTRY_FIELDS = ("id", "name", *_GROUP_FIELDS)


def operations_by_enterprise(conn: sqlite3.Connection) -> dict[str, frozenset[str]]:
    """Special operations (dust, ammonia, confined spaces) the inspections recorded."""
    out: dict[str, set[str]] = defaultdict(set)
    for eid, ops in conn.execute(
        "SELECT enterprise_id, special_operations FROM inspection WHERE special_operations <> ''"
    ):
        out[eid].update(o for o in ops.split(",") if o)
    return {k: frozenset(v) for k, v in out.items()}


def load_world(
    conn: sqlite3.Connection,
    tree: JurisdictionTree,
    params: Parameters,
    year: int,
    day: dt.date | None = None,
) -> World:
    """The figures of the store for the year's plans, read with SQL."""
    ops = operations_by_enterprise(conn)
    cols = ", ".join(_GROUP_FIELDS)
    groups: list[tuple[Mapping[str, Any], int, frozenset[str]]] = [
        (dict(zip(_GROUP_FIELDS, r[:-1], strict=True)), int(r[-1]), frozenset())
        for r in conn.execute(f"SELECT {cols}, count(*) FROM enterprise GROUP BY {cols}")
    ]
    pop = population(groups, tree, params)
    op_codes = {c.code for c in params.categories.values() if c.operation}
    extra = population(((row, 1, o) for row, o in _rows_with_ops(conn, ops)), tree, params)
    for key, n in extra.items():
        if key[1] in op_codes:
            pop[key] = n
    entries: dict[str, Entry] = {}
    named_sql = (
        "SELECT pe.enterprise_id FROM plan_enterprise pe JOIN inspection_plan p "
        "ON p.id = pe.plan_id WHERE p.year = ?"
    )
    sql = (
        f"SELECT {', '.join(_ENTRY_FIELDS)} FROM enterprise WHERE key_supervised = 1 "
        f"OR id IN ({named_sql})"
    )
    for r in conn.execute(sql, (year,)):
        row = dict(zip(_ENTRY_FIELDS, r, strict=True))
        cats = categories_of(row, ops.get(row["id"], frozenset()), params)
        entries[row["id"]] = Entry.of(row, cats)
    day = day or dt.date(year, 1, 1)
    return World(pop, entries, certified_officers(conn, tree, day))


def _rows_with_ops(
    conn: sqlite3.Connection, ops: Mapping[str, frozenset[str]]
) -> Iterable[tuple[Mapping[str, Any], frozenset[str]]]:
    ids = list(ops)
    cols = ", ".join(("id", *_GROUP_FIELDS))
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        for r in conn.execute(
            f"SELECT {cols} FROM enterprise WHERE id IN ({', '.join('?' * len(part))})", part
        ):
            row = dict(zip(("id", *_GROUP_FIELDS), r, strict=True))
            yield row, ops[row["id"]]


def certified_officers(
    conn: sqlite3.Connection, tree: JurisdictionTree, day: dt.date
) -> dict[str, int]:
    """Active enforcement officers (not approvers or administrators) with a certificate valid
    on ``day``, by the unit whose plan they work for (park staff: their county)."""
    out: dict[str, int] = defaultdict(int)
    rows = conn.execute(
        "SELECT o.unit_code FROM officer o WHERE o.active = 1 AND o.role IN "
        "('city', 'county', 'park', 'township') AND EXISTS (SELECT 1 FROM "
        "enforcement_certificate c WHERE c.officer_id = o.id AND c.revoked = 0 "
        "AND c.issued_on <= ?1 AND c.expires_on >= ?1)",
        (day.isoformat(),),
    )
    for (unit,) in rows:
        level = tree.units[unit].level if unit in tree.units else ""
        planning = unit if level in ("city", "county", "zone", "town") else None
        if level == "park":
            planning = tree.reporting_unit(unit).code
        if planning:
            out[planning] += 1
    return dict(out)


RISKS = ("", *RISK_LEVELS)
