"""A year of penalty cases for the demo store, at the seed city's rate.

The product began from a report on Jiaxing's work-safety enforcement team (人民网, 2019-09-17,
《嘉兴市安全生产行政执法队：全市安全执法总枢纽》, published with the Ministry of Emergency
Management's press office). For 2018 it gives:

* 2,903 non-accident cases filed (立案查处安全生产非事故类案件2903起);
* 38.44 million yuan of fines and confiscations (罚没款3844万元) — all of it fines here;
* 288 people placed in administrative detention (行政拘留288人);
* 30 people held criminally liable for 15 production-safety accidents (对15起生产安全事故的
  30名相关责任人予以追究刑事责任).

``install_cases`` writes the twelve months before ``today`` at that rate times ``scale``: the
non-accident cases spread over the nine county-level units by their share of the registry (an
entry counts where it is supervised, so the two zones get their own), with the fines decided in
the year adding up to the seed's figure; 288 of them also hand a worker to the police, who
detain him. The 30 people of the accidents are accident cases of their own (source ``accident``),
two an accident, transferred to the judiciary, so that the non-accident count stays the seed's.
Parties come from the demo registry (mostly units, some individual businesses, some persons with
valid resident ID numbers); officers and approvers are the demo officers of the case's unit,
with certificates valid on the day.

Each case is a history ``procedure.add_step`` accepts step by step (the tests replay a sample
through the guards): periods are counted in working days with the holiday calendar, fines lie
inside the article's statutory range (``resources/penalty_articles.json``), a decision after a
statement is never heavier than the notice, late payments carry the 3 %-a-day surcharge capped
at the fine, and the filing approval carries the case number. Cases of the last weeks stay open
at the stage they reached by ``today``.

The rows are written in bulk without change-log entries: demo data is reference data, like the
demo registry. The same seed on the same demo registry gives the same cases (not the same ids).

About 900 lines: a year of cases drafted to the seed's figures and calibrated to its total is
one generator; its parts (staff, parties, timelines, penalties) only make sense together.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import random
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any, TypedDict

from inspector_app.cases import articles, sanctions
from inspector_app.cases.cases import (
    CASE_COLUMNS,
    STEP_COLUMNS,
    CaseRules,
    default_rules,
    surcharge,
)
from inspector_app.cases.procedure import CASE_DOC_TYPE
from inspector_app.cases.workdays import Calendar, default_calendar
from inspector_app.demo.generator import RegistryGenerator
from inspector_app.documents.issued import format_number
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import id_check_char
from inspector_app.store.clock import new_id
from inspector_app.store.database import Store

SEED_YEAR = 2018
SEED_CASES = 2_903
SEED_FINES = Decimal("38440000")
SEED_DETENTIONS = 288
SEED_PROSECUTED = 30  # people, two an accident (15 accidents)
DEFAULT_TODAY = dt.date(2026, 11, 29)
AUTHOR = "demo"

# January to December: enforcement slows around the Spring Festival and peaks in June
# (安全生产月) and at the year's end
MONTH_WEIGHT = (1.0, 0.5, 1.1, 1.1, 1.0, 1.3, 0.9, 0.9, 1.1, 0.9, 1.1, 1.2)
PERSON_SHARE = 0.12
INDIVIDUAL_SHARE = 0.2
COMPLAINT_SHARE = 0.08
WAIVE_SHARE = 0.5  # of the notices: the party waives statement and hearing at once
STATEMENT_SHARE = 0.2
HEARING_SHARE = 0.45  # of the notices that give the right
REDUCED_SHARE = 0.4  # of the statements and hearings: the decision is lighter than the notice
NEVER_PAID_SHARE = 0.015
DEFERRED_SHARE = 0.04  # of the fines of 20,000 yuan or more (行政处罚法 Art. 66)
LATE_SHARE = 0.06
CALIBRATION_PASSES = 6  # a tiny demo's total may swing between two values: stop anyway
SETTLED_DAYS = 60  # transfers are filed this long before today at least: all have outcomes


@dataclass(frozen=True)
class Profile:
    """A kind of violation: its article (and item), the stage and subject of the statutory
    range, how common it is, and the usual fine inside the range (yuan, before calibration)."""

    article_id: str
    item: int | None
    weight: float
    low: int
    high: int
    stage: str = "first"
    subject: str = "unit"


PROFILES: dict[str, tuple[Profile, ...]] = {
    "unit": (
        Profile("AQ2021-99", 1, 8, 2_000, 10_000),  # warning signs
        Profile("AQ2021-99", 3, 10, 3_000, 25_000),  # equipment not maintained
        Profile("AQ2021-99", 5, 5, 2_000, 15_000),  # protective equipment
        Profile("AQ2021-99", 8, 2, 2_000, 10_000),  # gas alarm
        Profile("AQ2021-97", 3, 10, 3_000, 25_000),  # training
        Profile("AQ2021-97", 4, 6, 2_000, 15_000),  # training records
        Profile("AQ2021-97", 6, 5, 3_000, 20_000),  # emergency plan
        Profile("AQ2021-97", 7, 8, 5_000, 40_000),  # special operations without a certificate
        Profile("AQ2021-101", 3, 8, 5_000, 40_000),  # hot work without on-site management
        Profile("AQ2021-101", 5, 6, 5_000, 30_000),  # hazard investigation system
        Profile("AQ2021-102", None, 8, 5_000, 40_000),  # hazard not eliminated
        Profile("AQ2021-104", None, 2, 3_000, 25_000),
        Profile("AQ2021-105", 2, 6, 3_000, 30_000),  # exits blocked
        Profile("AQ2021-99", 3, 2.5, 50_000, 150_000, "overdue"),
        Profile("AQ2021-101", 5, 1, 100_000, 200_000, "overdue"),
        Profile("AQ2021-109", None, 1, 50_000, 100_000),  # no safety liability insurance
        Profile("AQ2021-108", None, 0.5, 20_000, 100_000, "refuse"),
        Profile("AQ2021-98", 4, 0.3, 100_000, 400_000),  # facilities used before acceptance
    ),
    "individual": (
        Profile("AQ2021-99", 8, 10, 2_000, 10_000),
        Profile("AQ2021-105", 2, 5, 2_000, 15_000),
        Profile("AQ2021-102", None, 4, 3_000, 20_000),
        Profile("AQ2021-99", 1, 3, 1_000, 8_000),
        Profile("AQ2021-97", 3, 2, 2_000, 10_000),
    ),
    "person": (
        Profile("AQ2021-94", None, 6, 20_000, 35_000, subject="principal"),
        Profile("AQ2021-96", None, 3, 10_000, 25_000, subject="safety_manager"),
        Profile("AQ2021-96", None, 1, 10_000, 25_000, subject="other_head"),
    ),
    # the enterprise is fined; the worker is handed to the police
    "police": (
        Profile("AQ2021-97", 7, 7, 10_000, 40_000),
        Profile("AQ2021-101", 3, 3, 10_000, 40_000),
    ),
}
WORK_TYPES = ("电焊", "气割", "电工", "高处")
EVIDENCE = (
    "现场检查笔录1份、现场照片{n}张",
    "安全生产教育培训记录复印件{n}页",
    "营业执照复印件、法定代表人身份证明复印件",
    "现场检查视频资料{n}段",
    "隐患整改通知书及复查意见书复印件",
)
STATEMENTS = (
    "当事人称已立即整改，请求从轻处罚。",
    "当事人对违法事实无异议，称经营困难，请求减轻罚款。",
    "当事人称系初次违法且已消除隐患，请求从轻处罚。",
)
DETENTION_DAYS = (3, 5, 5, 5, 7, 7, 10, 10, 10, 15)
PARTY_COLUMNS = tuple(
    "id uscc name kind county_code town_code supervising_unit address legal_rep".split()
)


class YearlyTotals(TypedDict):
    cases: int  # non-accident cases filed (批准立案)
    accident_cases: int
    fines: Decimal  # the fines decided
    detentions: int  # transfers to the police that ended in detention
    criminal_transfers: int  # people handed to the judiciary (涉嫌犯罪)


# -- the totals ---------------------------------------------------------------------------------


def year_window(year_end: dt.date) -> tuple[dt.date, dt.date]:
    """The twelve months that end with ``year_end``: (first day, last day)."""
    try:
        before = year_end.replace(year=year_end.year - 1)
    except ValueError:  # 29 February
        before = year_end.replace(year=year_end.year - 1, day=28)
    return before + dt.timedelta(days=1), year_end


def yearly_totals(conn: sqlite3.Connection, year_end: dt.date) -> YearlyTotals:
    """What the seed article counts, for the twelve months ending with ``year_end``."""
    window = tuple(d.isoformat() for d in year_window(year_end))
    filed = dict(
        conn.execute(
            "SELECT c.source = 'accident', count(DISTINCT c.id) FROM case_step s "
            "JOIN penalty_case c ON c.id = s.case_id WHERE s.kind = 'filing_approved' "
            "AND s.occurred_on BETWEEN ? AND ? GROUP BY 1",
            window,
        ).fetchall()
    )
    amounts = conn.execute(
        "SELECT json_extract(data, '$.amount') FROM case_step "
        "WHERE kind = 'decision' AND occurred_on BETWEEN ? AND ?",
        window,
    )
    # amounts are strings in the JSON; summing them in SQL would go through floats
    fines = sum((Decimal(str(a)) for (a,) in amounts if a is not None), Decimal("0.00"))
    detentions = conn.execute(
        "SELECT count(*) FROM case_step WHERE kind = 'transfer_outcome' "
        "AND occurred_on BETWEEN ? AND ? AND json_extract(data, '$.detention_days') IS NOT NULL",
        window,
    ).fetchone()[0]
    criminal = conn.execute(
        "SELECT count(*) FROM case_step s WHERE s.kind = 'transferred' "
        "AND s.occurred_on BETWEEN ? AND ? AND EXISTS (SELECT 1 FROM case_step p "
        "WHERE p.case_id = s.case_id AND p.kind = 'transfer_proposed' "
        "AND json_extract(p.data, '$.to') = 'judiciary')",
        window,
    ).fetchone()[0]
    return YearlyTotals(
        cases=int(filed.get(0, 0)),
        accident_cases=int(filed.get(1, 0)),
        fines=fines,
        detentions=int(detentions),
        criminal_transfers=int(criminal),
    )


# -- what the cases are made from ---------------------------------------------------------------


class _Days:
    """The working days of a span, precomputed: ``add`` is ``workdays.add_working_days``."""

    def __init__(self, calendar: Calendar, first: dt.date, last: dt.date) -> None:
        every = (first + dt.timedelta(days=i) for i in range((last - first).days + 1))
        self.working = [d for d in every if calendar.is_working_day(d)]

    def add(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after ``day`` (n=0: ``day`` itself)."""
        return day if n == 0 else self.working[bisect.bisect_right(self.working, day) + n - 1]

    def on_or_after(self, day: dt.date) -> dt.date:
        return self.working[bisect.bisect_left(self.working, day)]

    def between(self, first: dt.date, last: dt.date) -> list[dt.date]:
        lo, hi = bisect.bisect_left(self.working, first), bisect.bisect_right(self.working, last)
        return self.working[lo:hi]


@dataclass
class _Staff:
    """Each unit's demo officers with their certificates' validity, and its approver."""

    members: dict[str, list[tuple[str, list[tuple[dt.date, dt.date]]]]]
    approvers: dict[str, str]
    city: str
    _valid: dict[tuple[str, dt.date], list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, conn: sqlite3.Connection, city: str) -> _Staff:
        members: dict[str, dict[str, list[tuple[dt.date, dt.date]]]] = {}
        approvers: dict[str, str] = {}
        # by certificate number, not id: the same officers in the same order on every demo
        # store, so that the same seed picks the same people
        rows = conn.execute(
            "SELECT o.id, o.unit_code, o.role, c.issued_on, c.expires_on, c.revoked "
            "FROM officer o JOIN enforcement_certificate c ON c.officer_id = o.id "
            "WHERE o.active = 1 ORDER BY c.number"
        )
        for officer_id, unit, role, issued, expires, revoked in rows:
            if role in ("approver", "admin"):
                approvers.setdefault(unit, officer_id)
                continue
            held = members.setdefault(unit, {}).setdefault(officer_id, [])
            if not revoked:
                held.append((dt.date.fromisoformat(issued), dt.date.fromisoformat(expires)))
        return cls({u: list(m.items()) for u, m in members.items()}, approvers, city)

    def valid(self, unit: str, day: dt.date) -> list[str]:
        key = (unit, day)
        if key not in self._valid:
            self._valid[key] = [
                officer
                for officer, held in self.members.get(unit, [])
                if any(a <= day <= b for a, b in held)
            ]
        return self._valid[key]

    def reviewer(self, unit: str, day: dt.date, investigators: set[str]) -> str:
        """An officer of the unit (or of the city), certified on ``day``, who did not
        investigate the case."""
        for where in (unit, self.city):
            for officer in self.valid(where, day):
                if officer not in investigators:
                    return officer
        raise ValueError("no officer left to review the case")

    def team(
        self, unit: str, day: dt.date, rng: random.Random, keep: Sequence[str] = ()
    ) -> tuple[str, ...]:
        """Two officers able to act on ``day`` (行政处罚法 Art. 42): ``keep`` if both still
        are; the city's team steps in for a unit short of certified officers."""
        valid = self.valid(unit, day)
        if len(valid) < 2:
            valid = valid + [o for o in self.valid(self.city, day) if o not in valid]
        if len(keep) == 2 and all(o in valid for o in keep):
            return tuple(keep)
        if len(valid) < 2:
            raise ValueError(f"fewer than two officers hold a valid certificate on {day}")
        return tuple(rng.sample(valid, 2))


@dataclass(frozen=True)
class _Party:
    enterprise: Mapping[str, Any]
    kind: str  # unit or person
    name: str
    id_number: str


@dataclass
class _Draft:
    """One case before its steps: what is drawn once, so that calibration can redo the steps."""

    category: str  # unit, individual, person, police, accident
    authority: str
    party: _Party
    profile: Profile | None
    requested_on: dt.date
    violation_on: dt.date
    raw: float  # the fine's draw before calibration
    seed: int  # of the case's own draws
    source: str
    subject: str
    cause: str
    questioned: tuple[str, str]  # name and ID number of the person questioned
    worker: tuple[str, str] = ("", "")  # the person handed to the police


@dataclass
class _Planned:
    kind: str
    day: dt.date
    officers: tuple[str, ...] = ()
    approved_by: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Context:
    tree: JurisdictionTree
    days: _Days
    staff: _Staff
    today: dt.date
    rules: CaseRules
    catalogue: articles.ArticleCatalogue
    _ranges: dict[Profile, tuple[Decimal, Decimal]] = field(default_factory=dict)

    def fine_range(self, profile: Profile) -> tuple[Decimal, Decimal]:
        """The statutory range of the profile (from 500 yuan where the statute sets no floor)."""
        if profile not in self._ranges:
            entry = self.catalogue.get(profile.article_id)
            found = articles.statutory_range(entry, profile.subject, profile.stage)
            if found.max is None:
                raise ValueError(f"{profile.article_id} sets no upper limit for {profile.subject}")
            self._ranges[profile] = (max(found.min or Decimal(0), Decimal(500)), found.max)
        return self._ranges[profile]


# -- installing ---------------------------------------------------------------------------------


def install_cases(
    store: Store,
    tree: JurisdictionTree,
    seed: int = 2018,
    scale: float = 1.0,
    today: dt.date | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> int:
    """Add a year of cases to a demo store that has none; returns the cases added (0 when the
    store already has cases). Needs the demo registry and officers (``demo.install``)."""
    conn = store.conn
    if conn.execute("SELECT EXISTS (SELECT 1 FROM penalty_case)").fetchone()[0]:
        return 0
    today = today or DEFAULT_TODAY
    first, _ = year_window(today)
    ctx = _Context(
        tree,
        _Days(default_calendar(), first - dt.timedelta(days=90), today + dt.timedelta(days=400)),
        _Staff.load(conn, tree.city.code),
        today,
        default_rules(),
        articles.load_catalogue(),
    )
    drafts = _Drafter(conn, ctx, seed).drafts(scale)
    if progress:
        progress("cases", 0, len(drafts))
    plans = _calibrated(drafts, ctx, SEED_FINES * Decimal(str(scale)))
    _number_cases(drafts, plans, tree)
    case_ids = new_id.many(len(drafts))
    step_ids = iter(new_id.many(sum(len(p) for p in plans)))
    case_rows = [_case_row(i, d) for i, d in zip(case_ids, drafts, strict=True)]
    step_rows = [
        _step_row(case_id, step, next(step_ids), rank)
        for case_id, steps in zip(case_ids, plans, strict=True)
        for step, rank in zip(steps, _ranks(steps), strict=True)
    ]
    with store.transaction():
        conn.executemany(_insert("penalty_case", CASE_COLUMNS), case_rows)
        conn.executemany(_insert("case_step", STEP_COLUMNS), step_rows)
    if progress:
        progress("cases", len(drafts), len(drafts))
    return len(drafts)


def _calibrated(drafts: list[_Draft], ctx: _Context, target: Decimal) -> list[list[_Planned]]:
    """The steps of every draft, with the fines scaled so that those decided by ``today`` add up
    to ``target``. Scaling moves a few notices across the hearing threshold, and with them the
    decision dates, so it is repeated until the total settles."""
    factor = 1.0
    for _ in range(CALIBRATION_PASSES):
        plans = [_timeline(d, factor, ctx) for d in drafts]
        decided = sum(
            (Decimal(s.data["amount"]) for p in plans for s in p if s.kind == "decision"),
            Decimal(0),
        )
        ratio = float(target / decided) if decided and target else 1.0
        # bounded: a tiny demo may have too few cases to reach its share of the figure
        scaled = min(max(factor * ratio, 0.5), 2.0)
        if abs(ratio - 1) < 0.002 or abs(scaled - factor) < 1e-4:
            break
        factor = scaled
    return plans


def _number_cases(
    drafts: list[_Draft], plans: list[list[_Planned]], tree: JurisdictionTree
) -> None:
    """The case numbers the filing approvals carry (``cases._number_case``): 1, 2, 3 … per
    bureau and year, in the order of filing."""
    filings = [
        (step.day, n, step, drafts[n].authority)
        for n, steps in enumerate(plans)
        for step in steps
        if step.kind == "filing_approved"
    ]
    taken: dict[tuple[str, int], int] = {}
    for day, _, step, authority in sorted(filings, key=lambda f: (f[0], f[1])):
        region = tree.get(authority).short_name or "嘉"
        seq = taken[(region, day.year)] = taken.get((region, day.year), 0) + 1
        step.data["seq"] = seq
        step.data["case_number"] = format_number(region, CASE_DOC_TYPE, day.year, seq)


def _insert(table: str, columns: Sequence[str]) -> str:
    marks = ", ".join("?" * len(columns))
    return f"INSERT INTO {table}({', '.join(columns)}) VALUES ({marks})"


def _stamp(day: dt.date, minute: int) -> str:
    """A device timestamp on ``day``; it orders the steps of one day (``Step.order_key``)."""
    return f"{day.isoformat()}T{8 + minute // 60:02d}:{minute % 60:02d}:00.000+08:00"


def _ranks(steps: Sequence[_Planned]) -> list[int]:
    seen: dict[dt.date, int] = {}
    out = []
    for step in steps:
        seen[step.day] = seen.get(step.day, 0) + 1
        out.append(seen[step.day])
    return out


def _case_row(case_id: str, d: _Draft) -> tuple[Any, ...]:
    enterprise = d.party.enterprise
    v = d.violation_on
    when = f"{v.year}年{v.month}月{v.day}日"
    if d.category == "accident":
        facts = f"{when}，{enterprise['name']}发生生产安全事故，{d.party.name}{d.cause}。"
    else:
        facts = f"{when}，{enterprise['name']}存在以下违法行为：{d.cause}。"
    created = _stamp(d.requested_on, 0)
    record = {
        "id": case_id,
        "county_code": enterprise["county_code"],
        "town_code": enterprise["town_code"],
        "supervising_unit": enterprise["supervising_unit"],
        "authority_code": d.authority,
        "enterprise_id": enterprise["id"],
        "party_kind": d.party.kind,
        "party_name": d.party.name,
        "party_id_number": d.party.id_number,
        "party_address": enterprise["address"],
        "party_legal_rep": enterprise["legal_rep"],
        "source": d.source,
        "source_id": "",
        "cause": d.cause,
        "facts": facts,
        "violation_on": v.isoformat(),
        "continuing": 0,
        "article_id": d.profile.article_id if d.profile else "",
        "subject": d.subject,
        "created_by": AUTHOR,
        "created_at": created,
        "updated_at": created,
    }
    return tuple(record[c] for c in CASE_COLUMNS)


def _step_row(case_id: str, step: _Planned, step_id: str, rank: int) -> tuple[Any, ...]:
    record = {
        "id": step_id,
        "case_id": case_id,
        "kind": step.kind,
        "occurred_on": step.day.isoformat(),
        "officer_ids": ",".join(step.officers),
        "approved_by": step.approved_by,
        "data": json.dumps(step.data, ensure_ascii=False, sort_keys=True),  # as add_step
        # an approval is recorded by the approver himself
        "created_by": step.approved_by or AUTHOR,
        "created_at": _stamp(step.day, 5 * rank),
    }
    return tuple(record[c] for c in STEP_COLUMNS)


# -- drafting -----------------------------------------------------------------------------------


class _Drafter:
    """Draws the cases' parties, units, days and violations from one seeded generator."""

    def __init__(self, conn: sqlite3.Connection, ctx: _Context, seed: int) -> None:
        self.conn = conn
        self.ctx = ctx
        self.seed = seed
        self.rng = random.Random(f"demo-cases-{seed}")
        self.names = RegistryGenerator(ctx.tree, seed)
        self.regions = [c.code for c in ctx.tree.counties()]
        self.rids: dict[str, list[int]] = {}
        for unit in ctx.tree.reporting_units():
            supervised = [
                u.code
                for u in ctx.tree.units.values()
                if ctx.tree.reporting_unit(u.code).code == unit.code
            ]
            rows = conn.execute(
                f"SELECT rid FROM enterprise WHERE supervising_unit IN "
                f"({', '.join('?' * len(supervised))}) ORDER BY rid",
                supervised,
            )
            if found := [r[0] for r in rows]:
                self.rids[unit.code] = found
        if not self.rids:
            raise ValueError("the store has no registry: install the demo registry first")
        first, _ = year_window(ctx.today)
        self.days = ctx.days.between(first, ctx.today)
        settled = ctx.today - dt.timedelta(days=SETTLED_DAYS)
        self.early = [d for d in self.days if d <= settled]
        self.taken: set[tuple[str, dt.date, str]] = set()  # party, act, article: Art. 29

    def drafts(self, scale: float) -> list[_Draft]:
        count = round(SEED_CASES * scale)
        police = min(round(SEED_DETENTIONS * scale), count)
        units = self._allocate(count)
        self.rng.shuffle(units)
        out: list[_Draft] = []
        for n, unit in enumerate(units):
            roll = self.rng.random()
            if n < police:
                category = "police"
            elif roll < PERSON_SHARE:
                category = "person"
            elif roll < PERSON_SHARE + INDIVIDUAL_SHARE:
                category = "individual"
            else:
                category = "unit"
            out.append(self._draft(category, unit))
        out.extend(self._accident_drafts(round(SEED_PROSECUTED * scale)))
        return out

    def _allocate(self, count: int) -> list[str]:
        """``count`` cases over the units by their share of the registry (largest remainder,
        so that the total is exact)."""
        sizes = {u: len(r) for u, r in self.rids.items()}
        whole = sum(sizes.values())
        quotas = {u: count * n / whole for u, n in sizes.items()}
        given = {u: int(q) for u, q in quotas.items()}
        by_remainder = sorted(quotas, key=lambda u: (given[u] - quotas[u], u))
        for u in by_remainder[: count - sum(given.values())]:
            given[u] += 1
        return [u for u in sizes for _ in range(given[u])]

    def _unit(self) -> str:
        units = list(self.rids)
        return self.rng.choices(units, weights=[len(self.rids[u]) for u in units])[0]

    def _enterprise(self, unit: str, kind: str) -> dict[str, Any]:
        """A registry entry of the unit, of ``kind`` if it has one."""
        columns = PARTY_COLUMNS
        row: dict[str, Any] = {}
        for _ in range(100):
            found = self.conn.execute(
                f"SELECT {', '.join(columns)} FROM enterprise WHERE rid = ?",
                (self.rng.choice(self.rids[unit]),),
            ).fetchone()
            row = dict(zip(columns, found, strict=True))
            if row["kind"] == kind:
                break
        return row

    def _day(self, early: bool) -> dt.date:
        days = self.early if early else self.days
        return self.rng.choices(days, weights=[MONTH_WEIGHT[d.month - 1] for d in days])[0]

    def id_number(self, rng: random.Random, region: str | None = None) -> str:
        """A valid resident ID number (GB 11643) of someone born 1960-2000."""
        born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(41 * 365))
        first17 = f"{region or rng.choice(self.regions)}{born:%Y%m%d}{rng.randrange(1000):03d}"
        return first17 + id_check_char(first17)

    def representative(self, enterprise: Mapping[str, Any]) -> tuple[str, str]:
        """The legal representative and his ID number, the same in every case."""
        rng = random.Random(f"{self.seed}-{enterprise['uscc']}")
        return str(enterprise["legal_rep"]), self.id_number(rng, str(enterprise["county_code"]))

    def _draft(self, category: str, unit: str) -> _Draft:
        rng = self.rng
        enterprise = self._enterprise(
            unit, "individual" if category == "individual" else "enterprise"
        )
        table = PROFILES[category]
        profile = rng.choices(table, weights=[p.weight for p in table])[0]
        questioned = self.representative(enterprise)
        if category == "person":
            if profile.subject != "principal":
                questioned = (self.names.person_name(rng), self.id_number(rng))
            party = _Party(enterprise, "person", *questioned)
        else:
            party = _Party(enterprise, "unit", str(enterprise["name"]), "")
        requested = self._day(early=category == "police")
        violation = requested - dt.timedelta(days=rng.randrange(0, 45))
        while (party.name, violation, profile.article_id) in self.taken:
            violation -= dt.timedelta(days=1)
        self.taken.add((party.name, violation, profile.article_id))
        draft = _Draft(
            category,
            unit,
            party,
            profile,
            requested,
            violation,
            rng.triangular(profile.low, profile.high, profile.low),
            rng.randrange(1 << 62),
            "complaint" if rng.random() < COMPLAINT_SHARE else "inspection",
            profile.subject,
            self._cause(profile),
            questioned,
        )
        if category == "police":
            draft.worker = (self.names.person_name(rng), self.id_number(rng))
            work = rng.choice(WORK_TYPES)
            draft.cause = f"特种作业人员{draft.worker[0]}未取得特种作业操作证从事{work}作业"
        return draft

    def _cause(self, profile: Profile) -> str:
        entry = self.ctx.catalogue.get(profile.article_id)
        text = entry.violation
        if profile.item is not None:
            text = next(i.text for i in entry.items if i.no == profile.item)
        if profile.stage == "overdue":
            text += "，经责令限期改正逾期未改正"
        elif profile.stage == "refuse":
            text += "，经责令改正拒不改正"
        return text[:200]

    def _accident_drafts(self, people: int) -> list[_Draft]:
        """The people held liable for accidents, two an accident: the principal and the
        safety manager of the enterprise."""
        out: list[_Draft] = []
        while len(out) < people:
            unit = self._unit()
            enterprise = self._enterprise(unit, "enterprise")
            filed = self._day(early=True)
            happened = filed - dt.timedelta(days=self.rng.randrange(5, 30))
            pair = [
                ("principal", self.representative(enterprise)),
                ("safety_manager", (self.names.person_name(self.rng), self.id_number(self.rng))),
            ]
            for subject, person in pair[: people - len(out)]:
                out.append(
                    _Draft(
                        "accident",
                        unit,
                        _Party(enterprise, "person", *person),
                        None,
                        self.ctx.days.add(filed, self.rng.randrange(0, 5)),
                        happened,
                        0.0,
                        self.rng.randrange(1 << 62),
                        "accident",
                        subject,
                        "涉嫌重大责任事故罪（《中华人民共和国刑法》第一百三十四条）",
                        person,
                    )
                )
        return out


# -- the steps of one case ----------------------------------------------------------------------

_Add = Callable[..., dt.date]


def _amount(raw: float, lo: Decimal, hi: Decimal) -> Decimal:
    """A round fine (500 yuan steps below 10,000, else 1,000) inside [lo, hi]."""
    step = 500 if raw < 10_000 else 1_000
    value = Decimal(max(round(raw / step), 1) * step)
    return min(max(value, lo), hi).quantize(Decimal("0.01"))


def _timeline(d: _Draft, factor: float, ctx: _Context) -> list[_Planned]:
    """The case's steps up to ``today``, in the order the guards see them."""
    rng = random.Random(d.seed)
    days, staff = ctx.days, ctx.staff
    boss = staff.approvers[d.authority]
    steps: list[_Planned] = []

    def add(
        kind: str,
        day: dt.date,
        team: Sequence[str] = (),
        approved: bool = False,
        reviewer: bool = False,
        **data: Any,
    ) -> dt.date:
        """Record a step; its officers are the case's team if still certified on the day (the
        legal reviewer is an officer of the bureau who did not investigate, Art. 58)."""
        acting = staff.team(d.authority, day, rng, team) if team else ()
        if reviewer:
            seen = {
                o for s in steps if s.kind in ("filing_requested", "inquiry") for o in s.officers
            }
            acting = (staff.reviewer(d.authority, day, seen),)
        steps.append(_Planned(kind, day, acting, boss if approved else "", data))
        return day

    team = staff.team(d.authority, d.requested_on, rng)
    add("filing_requested", d.requested_on, team)
    filed = add("filing_approved", days.add(d.requested_on, rng.choice((0, 0, 1))), approved=True)
    asked = days.add(filed, rng.randint(0, 4))
    add("inquiry", asked, team, **_record(d, *d.questioned))
    if d.category == "police":
        add("inquiry", asked, team, **_record(d, *d.worker))
    found = rng.choice(EVIDENCE).format(n=rng.randint(2, 12))
    seen = add("evidence", days.add(asked, rng.randint(0, 3)), team, description=found)
    handed_over = _transfer(d, seen, team, rng, ctx, add)
    if d.profile is not None:
        _penalty(d, factor, seen, team, handed_over, rng, ctx, add)
    elif handed_over is not None:
        add("closure_approved", days.add(handed_over, rng.randint(1, 10)), approved=True)
    steps.sort(key=lambda s: s.day)  # stable: the steps of a day keep their order
    return [s for s in steps if s.day <= ctx.today]


def _record(d: _Draft, person: str, id_number: str) -> dict[str, Any]:
    """An inquiry (询问笔录): who was questioned and what was said."""
    works_at = d.party.enterprise["name"]
    if person == d.worker[0]:
        role = "作业人员"
    elif person == d.party.enterprise["legal_rep"]:
        role = "负责人"
    else:
        role = "安全管理人员"
    record = (
        f"问：请说明你的身份。答：我是{works_at}的{role}。"
        f"问：执法人员检查发现{d.cause}，情况是否属实？答：属实。"
        "问：你还有什么补充？答：没有。"
    )
    return {"person": person, "id_number": id_number, "record": record}


def _transfer(
    d: _Draft, seen: dt.date, team: Sequence[str], rng: random.Random, ctx: _Context, add: _Add
) -> dt.date | None:
    """A worker handed to the police (detention) or a person to the judiciary (a suspected
    crime); returns the day the receiving organ accepted the case."""
    if d.category not in ("police", "accident"):
        return None
    days, rules = ctx.days, ctx.rules
    to = "police" if d.category == "police" else "judiciary"
    reason = "涉嫌应予行政拘留的违法行为" if to == "police" else "涉嫌犯罪"
    proposed = days.add(seen, rng.randint(0, 2))
    add("transfer_proposed", proposed, team, to=to, reason=reason)
    approved = days.on_or_after(proposed + dt.timedelta(days=rng.randint(0, 2)))
    if (approved - proposed).days > rules.transfer_approval_days:  # a holiday in between
        approved = proposed
    add("transfer_approved", approved, approved=True)
    # 行政执法机关移送涉嫌犯罪案件的规定 Art. 3: to the public security organ, within 24 hours
    handed = approved + dt.timedelta(days=rng.choice((0, 0, 1)))
    add("transferred", handed, team, organ=_police(ctx.tree, d.authority))
    accepted = add("transfer_accepted", handed + dt.timedelta(days=rng.randint(0, 3)))
    later = accepted + dt.timedelta(days=rng.randint(1, 10))
    if to == "police":
        detained = rng.choice(DETENTION_DAYS)
        add("transfer_outcome", later, detention_days=detained, person=d.worker[0])
    else:
        add("transfer_outcome", later, criminal_case_filed=True, person=d.party.name)
    return accepted


def _police(tree: JurisdictionTree, authority: str) -> str:
    unit = tree.get(authority)
    if unit.kind in ("县", "市"):
        return f"{unit.name}公安局"
    return f"{tree.city.name}公安局{unit.name}分局"


def _penalty(
    d: _Draft,
    factor: float,
    seen: dt.date,
    team: Sequence[str],
    handed_over: dt.date | None,
    rng: random.Random,
    ctx: _Context,
    add: _Add,
) -> None:
    """Notice, the party's answer, decision, delivery, payment and closure."""
    assert d.profile is not None
    days, rules, profile = ctx.days, ctx.rules, d.profile
    lo, hi = ctx.fine_range(profile)
    proposed = _amount(d.raw * factor, lo, hi)
    right = articles.needs_hearing(proposed, d.party.kind, rules.hearing)
    act = {"article_id": profile.article_id, "stage": profile.stage}
    notified = days.add(seen, rng.randint(2, 12))
    add("notice_delivered", notified, team, amount=str(proposed), hearing_right=right, **act)
    spoke = heard = False
    if right and rng.random() < HEARING_SHARE:
        asked = days.add(notified, rng.randint(1, rules.hearing_request_days))
        add("hearing_requested", asked)
        told = days.add(asked, rng.randint(1, 3))
        held = days.add(told, rng.randint(rules.hearing_notice_days, rules.hearing_notice_days + 5))
        add("hearing_notified", told, team, hearing_on=held.isoformat())
        add("hearing_held", held, team)
        decided, spoke, heard = days.add(held, rng.randint(2, 8)), True, True
    elif (how := rng.random()) < WAIVE_SHARE:
        waived = add("rights_waived", days.add(notified, rng.choice((0, 0, 1))))
        decided = days.add(waived, rng.randint(0, 3))
    else:
        if how < WAIVE_SHARE + STATEMENT_SHARE:
            said = days.add(notified, rng.randint(1, rules.statement_days))
            add("statement", said, summary=rng.choice(STATEMENTS))
            spoke = True
        # 行政处罚法 Art. 62: no decision before the statement period is over
        decided = days.add(
            notified, rng.randint(rules.statement_days + 1, rules.statement_days + 6)
        )
    fine = proposed
    if spoke and rng.random() < REDUCED_SHARE:
        # Art. 45: what the party said may lighten the penalty, never make it heavier
        fine = _amount(d.raw * factor * rng.choice((0.6, 0.7, 0.8, 0.9)), lo, proposed)
    # 行政处罚法 Art. 58 and 57 ¶2: the legal review and the collective discussion first
    legal, collective = sanctions.reviews_required(
        fine, d.party.kind, (), heard, sanctions.default()
    )
    if legal:
        add(
            "legal_review",
            decided,
            reviewer=True,
            opinion="事实清楚，证据确凿，适用依据正确，程序合法",
        )
    if collective:
        add(
            "collective_discussion",
            decided,
            approved=True,
            participants="局长、副局长、法制科负责人",
            conclusion="同意作出行政处罚决定",
        )
    add("decision", decided, team, approved=True, amount=str(fine), **act)
    delivered = days.add(decided, rng.randint(0, 3))
    # 行政处罚法 Art. 67: fifteen days, moved off a weekend or holiday like the guard does
    due = days.on_or_after(delivered + dt.timedelta(days=rules.payment_days))
    add(
        "decision_delivered",
        delivered,
        team,
        payment_days=rules.payment_days,
        due_on=due.isoformat(),
    )
    paid = _payments(fine, delivered, due, rng, rules, days, add)
    if paid is not None:
        after = max(paid, handed_over or paid)
        add("closure_approved", days.add(after, rng.randint(1, 8)), approved=True)


def _payments(
    fine: Decimal,
    delivered: dt.date,
    due: dt.date,
    rng: random.Random,
    rules: CaseRules,
    days: _Days,
    add: _Add,
) -> dt.date | None:
    """The payments of a fine; returns the day it was paid in full (None: never)."""
    if rng.random() < NEVER_PAID_SHARE:
        return None
    if fine >= 20_000 and rng.random() < DEFERRED_SHARE:
        # 行政处罚法 Art. 66: instalments by approval, no surcharge before the new date
        approved = days.add(delivered, rng.randint(1, 5))
        new_due = due + dt.timedelta(days=rng.choice((30, 60, 90)))
        parts = rng.choice((2, 3))
        share = (fine / parts).quantize(Decimal("0.01"), ROUND_DOWN)
        span = (new_due - approved).days
        plan = [
            {
                "due_on": (approved + dt.timedelta(days=span * (k + 1) // parts)).isoformat(),
                "amount": str(share if k < parts - 1 else fine - share * (parts - 1)),
            }
            for k in range(parts)
        ]
        add(
            "deferral_approved",
            approved,
            approved=True,
            due_on=new_due.isoformat(),
            instalments=plan,
        )
        paid = approved
        for part in plan:
            due_part = dt.date.fromisoformat(part["due_on"])
            paid = max(paid, due_part - dt.timedelta(days=rng.randint(0, 5)))
            add("payment", paid, amount=part["amount"])
        return paid
    if rng.random() < LATE_SHARE:
        paid = due + dt.timedelta(days=rng.randint(1, 45))
        extra = surcharge(fine, due, paid, rules)  # Art. 72: 3 % a day, never above the fine
        add("payment", paid, amount=str(fine + extra), surcharge=str(extra))
        return paid
    paid = delivered + dt.timedelta(days=rng.randint(0, rules.payment_days))
    add("payment", paid, amount=str(fine))
    return paid
