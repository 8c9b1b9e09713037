"""The monthly report as tables for ``reports.export``: the overview the office circulates (one
row per county-level unit, the total in bold) and the detail of every figure with last year's
and the change, counts and money on their own sheets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from inspector_app.documents.issued import chinese_date
from inspector_app.reports.export import Column, Table
from inspector_app.reports.monthly import FIGURES, FLOWS, STOCKS, MonthlyReport, UnitFigures, wan

OVERVIEW_FLOWS = (
    ("filed_other", ("month", "ytd", "change")),
    ("filed_accident", ("ytd",)),
    ("decided", ("ytd",)),
    ("penalties", ("month", "ytd", "change")),
    ("collected", ("ytd",)),
    ("detentions", ("ytd",)),
    ("criminal_transfers", ("ytd",)),
    ("police_transfers", ("ytd",)),
    ("closures", ("ytd",)),
    ("hearing_requests", ("ytd",)),
)
_SPAN_TITLES = {"month": "本月", "ytd": "累计", "change": "同比"}


def report_tables(report: MonthlyReport, issuer: str = "", dated: str = "") -> list[Table]:
    return [
        overview_table(report, issuer, dated),
        detail_table(report, money=False, issuer=issuer, dated=dated),
        detail_table(report, money=True, issuer=issuer, dated=dated),
    ]


def overview_table(report: MonthlyReport, issuer: str = "", dated: str = "") -> Table:
    columns = [Column("单位", width=18)]
    for code, spans in OVERVIEW_FLOWS:
        figure = FIGURES[code]
        group = f"{figure.zh}（{'万元' if figure.money else figure.unit}）"
        for span in spans:
            kind = "text" if span == "change" else ("wan" if figure.money else "int")
            columns.append(Column(_SPAN_TITLES[span], kind, group=group))
    for figure in STOCKS:
        columns.append(Column(f"{figure.zh}（{figure.unit}）", "int", group="截至统计日"))
    columns += [Column("立案", "int", group="累计排名"), Column("罚没款", "int", group="累计排名")]
    return Table(
        report.title,
        columns,
        [_overview_row(u) for u in report.units],
        units="单位：起、件、人、万元",
        issuer=issuer,
        dated=dated,
        totals=[_overview_row(report.city)],
        notes=_notes(report),
        sheet=f"{report.year}年{report.month}月",
    )


def _overview_row(unit: UnitFigures) -> list[Any]:
    row: list[Any] = [unit.name]
    for code, spans in OVERVIEW_FLOWS:
        money = FIGURES[code].money
        for span in spans:
            if span == "change":
                row.append(unit.change(code).zh)
            else:
                value = unit.month[code] if span == "month" else unit.ytd[code]
                row.append(wan(value) if money else value)
    row += [unit.as_of[f.code] for f in STOCKS]
    row += [unit.ranks.get("filed_other"), unit.ranks.get("penalties")]
    return row


def detail_table(report: MonthlyReport, money: bool, issuer: str = "", dated: str = "") -> Table:
    kind = "wan" if money else "int"
    columns = [
        Column("单位", width=18),
        Column("指标", width=20),
        Column("本月", kind, group="本月"),
        Column("去年同月", kind, group="本月"),
        Column("同比", group="本月"),
        Column("本年累计", kind, group="累计"),
        Column("去年同期", kind, group="累计"),
        Column("同比", group="累计"),
    ]
    figures = [f for f in FLOWS if f.money == money]
    rows: list[list[Any]] = []
    for unit in (*report.units, report.city):
        for figure in figures:
            rows.append(_detail_row(unit, figure.code, money))
        if not money:
            for figure in STOCKS:
                change = unit.change(figure.code)
                rows.append(
                    [
                        unit.name,
                        f"{figure.zh}（截至统计日）",
                        change.now,
                        change.before,
                        change.zh,
                        None,
                        None,
                        None,
                    ]
                )
    what = "金额" if money else "件数"
    return Table(
        f"{report.title}（{what}明细）",
        columns,
        rows,
        units="单位：万元" if money else "单位：起、件、人、项",
        issuer=issuer,
        dated=dated,
        notes=_notes(report),
        sheet=f"{what}明细",
    )


def _detail_row(unit: UnitFigures, code: str, money: bool) -> list[Any]:
    def shown(value: int) -> Any:
        return wan(value) if money else value

    month, ytd = unit.change(code, "month"), unit.change(code)
    return [
        unit.name,
        FIGURES[code].zh,
        shown(month.now),
        shown(month.before),
        month.zh,
        shown(ytd.now),
        shown(ytd.before),
        ytd.zh,
    ]


def _notes(report: MonthlyReport) -> Sequence[str]:
    return (
        f"说明：统计期间为{report.month_period.label}，累计为{report.ytd_period.label}；"
        "同比以去年同期为基数，去年同期为零的记为“—”。",
        f"超期未办事项、逾期未缴罚款为截至{chinese_date(report.as_of)}的数，同比为去年同日的数；"
        "排名按本年累计，数值相同的并列。",
    )
