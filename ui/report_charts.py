"""The report's charts (QtCharts): cases filed and fines by month, the county-level units compared,
hazard closure and overdue hazards per unit. Each chart is built from the figures the report
page computed (``reports.series``, the monthly report, ``inspections.hazard_figures``) and
renders offscreen, so it can be saved as a PNG beside the exported workbook.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGridLayout, QWidget

from inspector_app.inspections.hazard_figures import HazardFigures
from inspector_app.reports.export import ExportError
from inspector_app.reports.monthly import MonthlyReport, wan
from inspector_app.reports.series import MonthFigures

COLORS = ("#1565c0", "#ef6c00", "#2e7d32", "#c62828")
CHART_NAMES = ("cases_by_month", "fines_by_month", "units", "hazards", "plans")


def bar_chart(
    title: str,
    categories: Sequence[str],
    sets: Sequence[tuple[str, Sequence[float]]],
    *,
    stacked: bool = False,
    axis_title: str = "",
    labels: bool = True,
) -> QChart:
    """A bar chart of ``sets`` (name, one value per category), side by side or stacked."""
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    series: QAbstractBarSeries = QStackedBarSeries() if stacked else QBarSeries()
    totals = [0.0] * len(categories)
    for n, (name, values) in enumerate(sets):
        bar = QBarSet(name)
        bar.setColor(QColor(COLORS[n % len(COLORS)]))
        for i, value in enumerate(values):
            bar.append(float(value))
            totals[i] = totals[i] + float(value) if stacked else max(totals[i], float(value))
        series.append(bar)
    top = max(totals, default=0.0)
    series.setLabelsVisible(labels and len(categories) <= 12)
    chart.addSeries(series)
    x_axis = QBarCategoryAxis()
    x_axis.append(list(categories))
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(x_axis)
    y_axis = QValueAxis()
    y_axis.setRange(0, nice_top(top))
    y_axis.setTickCount(6)  # the top is 1, 2 or 5 times a power of ten: round steps
    y_axis.setLabelFormat("%.0f")
    if axis_title and categories:  # an empty chart's axis has no room for its title
        y_axis.setTitleText(axis_title)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(y_axis)
    chart.legend().setVisible(len(sets) > 1)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def nice_top(value: float) -> float:
    """A round upper bound a little above ``value`` (5, 10, 20, 50, 100…): five steps of
    whole numbers."""
    if value <= 0:
        return 5.0
    target = value * 1.1
    power = 1.0
    while power * 10 <= target:
        power *= 10
    for step in (1, 2, 5, 10):
        if step * power >= max(target, 5):
            return float(step * power)
    return float(10 * power)


def _count(value: object) -> int:
    return value if isinstance(value, int) else 0


class ReportCharts(QWidget):
    """The charts of the report page: money and cases on top, the units below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportCharts")
        self.views: dict[str, QChartView] = {}
        grid = QGridLayout(self)
        for n, name in enumerate(CHART_NAMES):
            view = QChartView(self)
            view.setObjectName(name)
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumSize(300, 200)
            self.views[name] = view
            grid.addWidget(view, n // 3, n % 3)

    def show_figures(
        self,
        report: MonthlyReport,
        months: Sequence[MonthFigures],
        hazards: Sequence[HazardFigures],
        unit_names: dict[str, str],
        plans: Sequence[Sequence[object]] = (),
    ) -> None:
        """``plans``: the rows of ``plans.progress.county_progress`` (the units, then the
        total)."""
        labels = [str(m.month) for m in months]
        self._set(
            "cases_by_month",
            bar_chart(
                self.tr("Cases filed by month, %1").replace("%1", str(report.year)),
                labels,
                [
                    (self.tr("Not from accidents"), [m.filed_other for m in months]),
                    (self.tr("From accidents"), [m.filed_accident for m in months]),
                ],
                stacked=True,
                axis_title=self.tr("cases"),
            ),
        )
        self._set(
            "fines_by_month",
            bar_chart(
                self.tr("Fines and confiscations by month, %1").replace("%1", str(report.year)),
                labels,
                [(self.tr("10,000 yuan"), [float(wan(m.penalties_fen)) for m in months])],
                axis_title=self.tr("10,000 yuan"),
                labels=False,
            ),
        )
        names = [unit_names.get(u.code, u.name) for u in report.units]
        self._set(
            "units",
            bar_chart(
                self.tr("Cases filed this year and last year, by unit"),
                names,
                [
                    (self.tr("This year"), [u.ytd["filed_other"] for u in report.units]),
                    (
                        self.tr("Same period last year"),
                        [u.ytd_before["filed_other"] for u in report.units],
                    ),
                ],
                axis_title=self.tr("cases"),
            ),
        )
        shown = [h for h in hazards if h.found]
        title = self.tr("Hazards found this year: closed, open and overdue, by unit")
        if not shown:
            title += "\n" + self.tr("(no hazard found in this period)")
        self._set(
            "hazards",
            bar_chart(
                title,
                [unit_names.get(h.code, h.code) for h in shown],
                [
                    (self.tr("Closed"), [h.closed for h in shown]),
                    (self.tr("Open, in time"), [h.open - h.overdue for h in shown]),
                    (self.tr("Overdue"), [h.overdue for h in shown]),
                ],
                stacked=True,
                axis_title=self.tr("hazards"),
            ),
        )

        units = list(plans[:-1])  # the last row is the total
        title = self.tr("Inspection plans this year: tasks done, scheduled and overdue")
        if not units:
            title += "\n" + self.tr("(no inspection plan this year)")
        self._set(
            "plans",
            bar_chart(
                title,
                [str(r[0]) for r in units],
                [
                    (self.tr("Inspected"), [_count(r[2]) for r in units]),
                    (self.tr("Not yet due"), [_count(r[3]) for r in units]),
                    (self.tr("Overdue, not inspected"), [_count(r[4]) for r in units]),
                ],
                stacked=True,
                axis_title=self.tr("tasks"),
            ),
        )

    def _set(self, name: str, chart: QChart) -> None:
        view = self.views[name]
        old = view.chart()
        view.setChart(chart)
        if old is not None:
            old.deleteLater()

    def save_png(self, folder: Path, stem: str) -> list[Path]:
        """Each chart as ``{stem}-{name}.png`` in ``folder`` (rendered at 800×500)."""
        out = []
        for name, view in self.views.items():
            path = folder / f"{stem}-{name}.png"
            size = view.size()
            view.resize(800, 500)
            saved = view.grab().save(str(path))
            view.resize(size)
            if not saved:
                raise ExportError(
                    f"无法保存图表到 {path}：请检查文件夹是否存在、是否可写。",
                    f"Cannot save the chart to {path}: check that the folder exists and is "
                    "writable.",
                    "output",
                )
            out.append(path)
        return out
