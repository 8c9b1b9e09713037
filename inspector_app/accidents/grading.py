"""Accident grades (事故等级), 《生产安全事故报告和调查处理条例》(国务院令第493号) Art. 3.

Art. 3: 特别重大 — 30 or more deaths, or 100 or more serious injuries (acute industrial poisoning
included), or a direct economic loss of 100 million yuan or more; 重大 — 10 to under 30 deaths,
50 to under 100 serious injuries, 50 to under 100 million yuan; 较大 — 3 to under 10, 10 to
under 50, 10 to under 50 million; 一般 — below. "以上" includes the bound and "以下" excludes it
(Art. 3 ¶2), so each grade starts exactly at its lower bound. The grade is the highest that any
of the three figures reaches. The bounds are data (``resources/accidents.json``, "grades").
"""

from __future__ import annotations

from decimal import Decimal

from inspector_app.accidents import fields
from inspector_app.accidents.params import AccidentParams, default_params
from inspector_app.cases.articles import GRADES, GRADES_EN

CRITERIA = ("deaths", "serious_injuries", "direct_loss_yuan")


def grade(deaths: int, serious_injuries: int, direct_loss_yuan: object) -> str:
    """一般, 较大, 重大 or 特别重大: the highest grade any of the three figures reaches.

    ``deaths`` and ``serious_injuries`` are whole numbers of at least 0 (not ``bool``);
    ``direct_loss_yuan`` is yuan as an int, a ``Decimal``, a numeric text or a finite float, at
    least 0. Anything else raises ``ValidationError`` (a ``ValueError``) naming the argument.
    """
    return grade_of(
        fields.count(deaths, "deaths"),
        fields.count(serious_injuries, "serious_injuries"),
        fields.amount(direct_loss_yuan, "direct_loss_yuan"),
    )


def grade_of(
    deaths: int, serious_injuries: int, loss: Decimal, params: AccidentParams | None = None
) -> str:
    """The grade of figures already checked (``grade`` checks them first)."""
    return max(criteria(deaths, serious_injuries, loss, params).values(), key=rank)


def criteria(
    deaths: int, serious_injuries: int, loss: Decimal, params: AccidentParams | None = None
) -> dict[str, str]:
    """The grade each figure reaches on its own (for saying why an accident has its grade)."""
    params = params or default_params()
    figures = {"deaths": deaths, "serious_injuries": serious_injuries, "direct_loss_yuan": loss}
    out = {}
    for name, value in figures.items():
        reached = params.lowest
        for level in params.levels:  # highest first: the first bound reached is the grade
            if value >= getattr(level, name):
                reached = level.grade
                break
        out[name] = reached
    return out


def rank(grade_name: str) -> int:
    """0 for 一般 up to 3 for 特别重大."""
    return GRADES.index(grade_name)


def explain(deaths: int, serious_injuries: int, loss: Decimal) -> tuple[str, str]:
    """Why the figures have their grade, in Chinese and English (the criteria that decide it)."""
    found = criteria(deaths, serious_injuries, loss)
    top = max(found.values(), key=rank)
    names = {
        "deaths": ("死亡人数", "deaths"),
        "serious_injuries": ("重伤人数", "serious injuries"),
        "direct_loss_yuan": ("直接经济损失", "direct loss"),
    }
    deciding = [n for n in CRITERIA if found[n] == top]
    return (
        f"按{'、'.join(names[n][0] for n in deciding)}为{top}事故"
        "（《生产安全事故报告和调查处理条例》第三条）",
        f"{GRADES_EN[top]} by {', '.join(names[n][1] for n in deciding)} "
        "(Art. 3 of State Council Order 493)",
    )
