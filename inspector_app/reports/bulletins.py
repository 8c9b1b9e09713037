"""Typical-case bulletins (典型案例双月通报曝光): every two months the decided cases most worth
telling, anonymised, in a bulletin filled into ``resources/documents/typical_case_bulletin.html``.

* The period is two calendar months (``resources/publication.json``): January–February is the
  year's first issue, November–December its sixth.
* Candidates are the cases decided in the period (``candidates``). ``select_typical`` takes the
  weightiest first — a transfer to the judiciary, then detention, then the fine — while
  spreading the picks over the county-level units and the articles broken (a unit or an
  article already picked waits until the others had their turn). Cases already published are
  left out.
* ``bulletin_content`` gives the template's data: every text a natural person could be named
  in passes through ``anonymise.Anonymiser`` (names as 张某, ID and telephone numbers covered;
  units keep their names). Each entry is also the content of the case's publication record
  (``reports.publication``).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from inspector_app.cases import articles, cases
from inspector_app.cases.cases import CaseState, Step
from inspector_app.documents.issued import chinese_date
from inspector_app.messages import Bilingual
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.reports.anonymise import (
    Anonymiser,
    PublicationRules,
    default_rules,
    persons_of,
)
from inspector_app.reports.case_facts import reporting_unit, step_of


class BulletinError(Bilingual):
    """A bulletin that cannot be made as asked (``code`` is stable)."""


@dataclass(frozen=True)
class BulletinPeriod:
    year: int
    issue: int  # 1 = the year's first period
    first: dt.date
    last: dt.date

    @property
    def label(self) -> str:
        return f"{self.year}年第{self.issue}期"

    @property
    def span(self) -> str:
        return f"{self.year}年{self.first.month}月至{self.last.month}月"


def bulletin_period(day: dt.date, rules: PublicationRules | None = None) -> BulletinPeriod:
    """The period ``day`` falls in."""
    months = (rules or default_rules()).bulletin_months
    if 12 % months:
        raise ValueError(f"a bulletin every {months} months does not divide the year")
    issue = (day.month - 1) // months + 1
    first = dt.date(day.year, (issue - 1) * months + 1, 1)
    end_month = issue * months
    following = dt.date(day.year + end_month // 12, end_month % 12 + 1, 1)
    return BulletinPeriod(day.year, issue, first, following - dt.timedelta(days=1))


def previous_period(
    period: BulletinPeriod, rules: PublicationRules | None = None
) -> BulletinPeriod:
    return bulletin_period(period.first - dt.timedelta(days=1), rules)


@dataclass(frozen=True)
class Candidate:
    case: Mapping[str, Any]  # the case record with ``id``
    steps: tuple[Step, ...]
    state: CaseState
    enterprise_name: str = ""  # the registry entry's name, kept whole in the bulletin
    enterprise_phone: str = ""

    @property
    def unit_names(self) -> list[str]:
        names = [self.enterprise_name]
        if self.case.get("party_kind") == "unit":
            names.append(str(self.case.get("party_name") or ""))
        return [n for n in names if n]

    @property
    def to_judiciary(self) -> bool:
        return self.state.transferred_on is not None and self.state.transfer_to == "judiciary"

    @property
    def detained(self) -> list[Step]:
        return [
            s
            for s in self.state.steps
            if s.kind == "transfer_outcome" and s.data.get("detention_days") is not None
        ]


def candidate(
    case: Mapping[str, Any],
    steps: Iterable[Step],
    enterprise: Mapping[str, Any] | None = None,
) -> Candidate:
    ordered = tuple(sorted(steps, key=lambda s: (s.occurred_on, s.id)))
    return Candidate(
        case,
        ordered,
        cases.derive(ordered),
        str((enterprise or {}).get("name") or ""),
        str((enterprise or {}).get("contact_phone") or ""),
    )


def candidates(items: Iterable[Candidate], period: BulletinPeriod) -> list[Candidate]:
    """The cases decided in the period."""
    return [
        c
        for c in items
        if c.state.decided_on is not None and period.first <= c.state.decided_on <= period.last
    ]


def select_typical(
    found: Sequence[Candidate],
    limit: int,
    tree: JurisdictionTree,
    published: Iterable[str] = (),
) -> list[Candidate]:
    """Up to ``limit`` cases, weightiest first, spread over units and articles."""
    left = set(published)
    pool = sorted((c for c in found if str(c.case["id"]) not in left), key=_weight)
    picked: list[Candidate] = []
    units: Counter[str] = Counter()
    articles_seen: Counter[str] = Counter()
    while pool and len(picked) < limit:
        best = min(
            range(len(pool)),
            key=lambda i: (
                units[reporting_unit(pool[i].case, tree)],
                articles_seen[pool[i].state.article_id],
                i,
            ),
        )
        chosen = pool.pop(best)
        units[reporting_unit(chosen.case, tree)] += 1
        articles_seen[chosen.state.article_id] += 1
        picked.append(chosen)
    return picked


def _weight(c: Candidate) -> tuple[int, int, int, str]:
    fine = c.state.fine or Decimal(0)
    return (-int(c.to_judiciary), -len(c.detained), -int(fine * 100), str(c.case["id"]))


def bulletin_content(
    period: BulletinPeriod,
    picked: Sequence[Candidate],
    tree: JurisdictionTree,
    authority: str,
    issued_on: dt.date,
    today: dt.date,
    rules: PublicationRules | None = None,
) -> dict[str, Any]:
    """The data ``typical_case_bulletin.html`` is filled with."""
    if issued_on > today:
        raise BulletinError(
            "通报的印发日期不能晚于今天。", "A bulletin cannot be dated after today.", "future"
        )
    if issued_on <= period.last - dt.timedelta(days=period.last.day):
        raise BulletinError(
            f"{period.label}的通报不能早于该期最后一个月印发。",
            f"The bulletin of {period.label} cannot be issued before its last month.",
            "early",
        )
    last_decided = max((c.state.decided_on for c in picked if c.state.decided_on), default=None)
    if last_decided is not None and issued_on < last_decided:
        raise BulletinError(
            f"通报的印发日期不能早于所通报案件的处罚决定日期（{last_decided.isoformat()}）。",
            f"The bulletin cannot be dated before a decision it tells about ({last_decided}).",
            "order",
        )
    if not picked:
        raise BulletinError(
            f"{period.span}没有可通报的案件。",
            f"No decided case to tell about in {period.span}.",
            "empty",
        )
    entries = [case_entry(c, tree, rules) for c in picked]
    return {
        "authority": authority,
        "issue": period.label,
        "span": period.span,
        "issued_on": chinese_date(issued_on),
        "count": str(len(entries)),
        "cases": entries,
    }


def case_entry(
    c: Candidate, tree: JurisdictionTree, rules: PublicationRules | None = None
) -> dict[str, str]:
    """One case as the bulletin tells it, anonymised (also the publication record's content)."""
    rules = rules or default_rules()
    hide = Anonymiser(persons_of(c.case, c.steps), c.unit_names, rules)
    state = c.state
    assert state.decided_on is not None and state.fine is not None
    party = hide.text(str(c.case.get("party_name") or ""))
    if c.case.get("party_kind") == "person" and c.enterprise_name:
        subject = articles.SUBJECTS.get(str(c.case.get("subject") or ""))
        role = subject.zh if subject else "有关人员"
        party = f"{c.enterprise_name}{role}{party}"
    cause = hide.text(str(c.case.get("cause") or ""))
    numbered = cases.case_number(state)
    unit = tree.units.get(reporting_unit(c.case, tree))
    authority = tree.units.get(str(c.case.get("authority_code") or ""))
    return {
        "case_id": str(c.case["id"]),
        "case_number": numbered[0] if numbered else "",
        "heading": f"{party}{cause}案",
        "party": party,
        "unit": unit.name if unit else "",
        "authority": authority.authority if authority else "",
        "facts": hide.text(str(c.case.get("facts") or "") or cause),
        "basis": _basis(state.article_id or str(c.case.get("article_id") or "")),
        "penalty": penalty_text(c, hide),
        "decided_on": chinese_date(state.decided_on),
    }


def _basis(article_id: str) -> str:
    try:
        return articles.default_catalogue().get(article_id).cite
    except KeyError:
        return article_id or "有关法律法规"


def penalty_text(c: Candidate, hide: Anonymiser) -> str:
    """罚款人民币3万元；移送公安机关对张某依法行政拘留10日 — the outcome in one line."""
    parts = []
    fine = c.state.fine or Decimal(0)
    parts.append(f"罚款人民币{money_text(fine)}" if fine else "警告")
    for step in c.detained:
        who = hide.text(str(step.data.get("person") or "有关人员"))
        parts.append(f"移送公安机关对{who}依法行政拘留{step.data['detention_days']}日")
    if c.to_judiciary:
        parts.append("移送司法机关依法追究刑事责任")
    return "；".join(parts)


def money_text(amount: Decimal) -> str:
    """30000 → 3万元, 2500 → 2500元, 12345.60 → 12345.6元."""
    if amount >= 10_000 and amount % 1_000 == 0:
        wan = amount / 10_000
        return f"{wan.normalize():f}万元"
    return f"{amount.normalize():f}元"


# -- reading (local) ---------------------------------------------------------------------------


def local_candidates(conn: sqlite3.Connection, period: BulletinPeriod) -> list[Candidate]:
    """The cases decided in the period, from the local tables (the bulletin page's list)."""
    names = cases.CASE_COLUMNS
    ids = [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT case_id FROM case_step WHERE kind = 'decision' "
            "AND occurred_on BETWEEN ? AND ?",
            (period.first.isoformat(), period.last.isoformat()),
        )
    ]
    out = []
    for case_id in ids:
        row = conn.execute(
            f"SELECT {', '.join(names)} FROM penalty_case WHERE id = ?", (case_id,)
        ).fetchone()
        if row is None:
            continue
        record = dict(zip(names, row, strict=True))
        steps = [
            step_of(dict(zip(cases.STEP_COLUMNS, s, strict=True)))
            for s in conn.execute(
                f"SELECT {', '.join(cases.STEP_COLUMNS)} FROM case_step WHERE case_id = ?",
                (case_id,),
            )
        ]
        enterprise = conn.execute(
            "SELECT name, contact_phone FROM enterprise WHERE id = ?",
            (record["enterprise_id"],),
        ).fetchone()
        found = {"name": enterprise[0], "contact_phone": enterprise[1]} if enterprise else None
        out.append(candidate(record, steps, found))
    return candidates(out, period)
