"""The monthly report as JSON and back: the server computes a city user's report with
``monthly.monthly_report`` over its own ``case_fact`` and sends it in this form; the laptop
reads it back into the same ``MonthlyReport`` its screens show for a local report, so that both
sides print the same numbers from one code path.

Figures are integers (money in fen), dates ISO text; a report read back equals the one sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from inspector_app.reports.monthly import FIGURES, MonthlyReport, Period, ReportError, UnitFigures

FORMAT = 1
_FIGURE_SPANS = ("month", "ytd", "month_before", "ytd_before", "as_of", "as_of_before")


def to_wire(report: MonthlyReport) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "year": report.year,
        "month": report.month,
        "month_period": _period(report.month_period),
        "ytd_period": _period(report.ytd_period),
        "as_of": report.as_of.isoformat(),
        "city": _unit(report.city),
        "units": [_unit(u) for u in report.units],
    }


def from_wire(data: Mapping[str, Any]) -> MonthlyReport:
    """The report sent by ``to_wire``; a body of another format or shape is a ``ReportError``."""
    try:
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}")
        return MonthlyReport(
            year=int(data["year"]),
            month=int(data["month"]),
            month_period=_read_period(data["month_period"]),
            ytd_period=_read_period(data["ytd_period"]),
            as_of=dt.date.fromisoformat(str(data["as_of"])),
            city=_read_unit(data["city"]),
            units=tuple(_read_unit(u) for u in data["units"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ReportError(
            "服务器发来的报表格式无法识别，请升级软件。",
            f"The server's report cannot be read ({exc}): please upgrade the app.",
            "report_format",
        ) from exc


def _period(period: Period) -> list[str]:
    return [period.first.isoformat(), period.last.isoformat()]


def _read_period(value: Any) -> Period:
    first, last = value
    return Period(dt.date.fromisoformat(first), dt.date.fromisoformat(last))


def _unit(unit: UnitFigures) -> dict[str, Any]:
    out: dict[str, Any] = {"code": unit.code, "name": unit.name, "ranks": dict(unit.ranks)}
    for span in _FIGURE_SPANS:
        out[span] = dict(getattr(unit, span))
    return out


def _read_unit(value: Mapping[str, Any]) -> UnitFigures:
    spans = {span: _figures(value[span]) for span in _FIGURE_SPANS}
    ranks = {str(k): int(v) for k, v in dict(value["ranks"]).items()}
    return UnitFigures(code=str(value["code"]), name=str(value["name"]), ranks=ranks, **spans)


def _figures(value: Mapping[str, Any]) -> dict[str, int]:
    out = {}
    for code, number in dict(value).items():
        if code not in FIGURES or isinstance(number, bool) or not isinstance(number, int):
            raise ValueError(f"figure {code!r}")
        out[code] = number
    return out
