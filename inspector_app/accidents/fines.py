"""Accident fines, from the accident's grade, through the article catalogue.

* 安全生产法 Art. 114: the unit responsible for the accident — 一般 30万–100万, 较大 100万–200万,
  重大 200万–1000万, 特别重大 1000万–2000万; where the circumstances are especially serious and
  the impact especially bad, 2 to 5 times those amounts (¶2).
* 安全生产法 Art. 95: its principal person in charge who failed the duties of Art. 21 — a share
  of the income of the year before: 一般 40 %, 较大 60 %, 重大 80 %, 特别重大 100 %.

The amounts live in ``resources/penalty_articles.json`` (``AQ2021-114``, ``AQ2021-95``; the
entries to use are data, ``fines`` in ``resources/accidents.json``) and are computed by
``articles.statutory_range``, so the decision dialog, the case's guards and this module show the
same range. ``case_step_data`` is what a case's notice or decision step carries so that
``cases.fine_checker`` checks the amount against the accident's grade.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from inspector_app.accidents.fields import fail
from inspector_app.accidents.model import AccidentView, view_of
from inspector_app.accidents.params import AccidentParams, default_params
from inspector_app.cases import articles
from inspector_app.cases.articles import ArticleCatalogue, FineRange
from inspector_app.store.facts import Facts


@dataclass(frozen=True)
class AccidentFines:
    grade: str
    unit_article: str  # catalogue id, e.g. AQ2021-114
    unit: FineRange  # Art. 114 ¶1
    unit_aggravated: FineRange  # Art. 114 ¶2
    principal_article: str  # AQ2021-95
    principal: FineRange | None  # None until the prior-year income is known

    def unit_case(self, aggravated: bool = False) -> dict[str, Any]:
        """The step data of a case against the unit (``cases.fine_checker`` reads it)."""
        return case_step_data(self.unit_article, "unit", self.grade, aggravated=aggravated)

    def principal_case(self, income: Decimal) -> dict[str, Any]:
        return case_step_data(self.principal_article, "principal", self.grade, income=income)


def fine_ranges(
    accident: AccidentView,
    *,
    income: Decimal | None = None,
    catalogue: ArticleCatalogue | None = None,
    params: AccidentParams | None = None,
) -> AccidentFines:
    """The statutory ranges of Art. 114 (unit, plain and aggravated) and, with the principal
    person's prior-year ``income``, of Art. 95 for the accident's current grade.

    Refused for an accident before the 2021 law took effect (行政处罚法 Art. 37: the rules in
    force when the act was done apply; the superseded amounts are in the catalogue to read)."""
    params = params or default_params()
    catalogue = catalogue or articles.default_catalogue()
    unit_entry = catalogue.get(params.unit_fine_article)
    principal_entry = catalogue.get(params.principal_fine_article)
    in_force = dt.date.fromisoformat(unit_entry.law.in_force)
    if accident.occurred_on < in_force:
        raise fail(
            "occurred_at",
            "law",
            f"事故发生在{unit_entry.law.short}（{unit_entry.law.edition}）施行之前，"
            "应适用事故发生时的规定（《行政处罚法》第三十七条）",
            f"the accident predates the {unit_entry.law.short_en} ({unit_entry.law.edition}): "
            "the rules in force at the time apply",
        )
    grade = accident.grade
    return AccidentFines(
        grade=grade,
        unit_article=unit_entry.id,
        unit=articles.statutory_range(unit_entry, "unit", grade=grade),
        unit_aggravated=articles.statutory_range(unit_entry, "unit", grade=grade, aggravated=True),
        principal_article=principal_entry.id,
        principal=(
            articles.statutory_range(principal_entry, "principal", grade=grade, income=income)
            if income is not None
            else None
        ),
    )


def fine_ranges_for(
    facts: Facts,
    accident_id: str,
    *,
    income: Decimal | None = None,
    params: AccidentParams | None = None,
) -> AccidentFines:
    """``fine_ranges`` of the accident with this id (its latest report's grade)."""
    return fine_ranges(view_of(facts, accident_id, params), income=income, params=params)


def case_step_data(
    article_id: str,
    subject: str,
    grade: str,
    *,
    aggravated: bool = False,
    income: Decimal | None = None,
) -> dict[str, Any]:
    """Keys a case's notice or decision step carries for its fine to be checked."""
    data: dict[str, Any] = {
        "article_id": article_id,
        "subject": subject,
        "stage": "first",
        "grade": grade,
        "aggravated": aggravated,
    }
    if income is not None:
        data["income"] = str(income)
    return data


def case_values(
    accident: AccidentView, subject: str = "unit", params: AccidentParams | None = None
) -> dict[str, Any]:
    """What ``procedure.open_case`` needs of an accident case: the source, the date of the act,
    the article and who is fined (the party's name and identity come from the screen)."""
    params = params or default_params()
    article = params.unit_fine_article if subject == "unit" else params.principal_fine_article
    return {
        "source": "accident",
        "source_id": accident.id,
        "enterprise_id": str(accident["enterprise_id"]),
        "party_kind": "unit" if subject == "unit" else "person",
        "county_code": str(accident["county_code"]),
        "town_code": accident["town_code"],
        "cause": "对生产安全事故发生负有责任"
        if subject == "unit"
        else "主要负责人未履行安全生产管理职责导致发生生产安全事故",
        "violation_on": accident.occurred_on.isoformat(),
        "article_id": article,
        "subject": subject,
    }
