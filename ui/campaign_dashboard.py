"""The campaign dashboard (专项督查): the campaign's figures as tiles, a chart of checks and
problems by supervision group, the summary by group and county, the daily reports and the
problems still open (overdue first); a group's daily report entered here, refused on the
form with nothing written when it breaks a rule."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector_app.plans import campaign_board, campaigns, common
from inspector_app.plans.campaign_figures import Figures
from inspector_app.store.changelog import ChangeSet
from inspector_app.store.database import Store
from inspector_app.store.facts import LocalFacts
from ui.campaign_dialogs import GroupDialog, NewCampaignDialog
from ui.context import AppContext
from ui.ops import run_op
from ui.plan_models import ListModel, PlanScreen, message_line
from ui.tasks import TaskContext

WATCHED_TABLES = frozenset(
    {
        "campaign",
        "campaign_group",
        "campaign_report",
        "campaign_problem",
        "campaign_problem_event",
    }
)
SUMMARY_HEADERS = (
    QT_TRANSLATE_NOOP("CampaignDashboard", "Group"),
    QT_TRANSLATE_NOOP("CampaignDashboard", "County"),
    QT_TRANSLATE_NOOP("CampaignDashboard", "Checks"),
    QT_TRANSLATE_NOOP("CampaignDashboard", "Problems"),
    QT_TRANSLATE_NOOP("CampaignDashboard", "Rectified on the spot"),
    QT_TRANSLATE_NOOP("CampaignDashboard", "Cases"),
    QT_TRANSLATE_NOOP("CampaignDashboard", "Tracked"),
    QT_TRANSLATE_NOOP("CampaignDashboard", "Rectified"),
    QT_TRANSLATE_NOOP("CampaignDashboard", "Escalated"),
    QT_TRANSLATE_NOOP("CampaignDashboard", "Open"),
    QT_TRANSLATE_NOOP("CampaignDashboard", "Overdue"),
)
REPORT_HEADERS = (
    QT_TRANSLATE_NOOP("CampaignDashboard", "Day"),
    QT_TRANSLATE_NOOP("CampaignDashboard", "Group"),
    QT_TRANSLATE_NOOP("CampaignDashboard", "County"),
    QT_TRANSLATE_NOOP("CampaignDashboard", "Checks"),
    QT_TRANSLATE_NOOP("CampaignDashboard", "Problems"),
    QT_TRANSLATE_NOOP("CampaignDashboard", "Rectified on the spot"),
    QT_TRANSLATE_NOOP("CampaignDashboard", "Cases"),
)
PROBLEM_HEADERS = (
    QT_TRANSLATE_NOOP("CampaignDashboard", "Enterprise"),
    QT_TRANSLATE_NOOP("CampaignDashboard", "Group"),
    QT_TRANSLATE_NOOP("CampaignDashboard", "Problem"),
    QT_TRANSLATE_NOOP("CampaignDashboard", "Found on"),
    QT_TRANSLATE_NOOP("CampaignDashboard", "Deadline"),
    QT_TRANSLATE_NOOP("CampaignDashboard", "Overdue"),
)
TILES = (
    ("checks", QT_TRANSLATE_NOOP("CampaignDashboard", "Enterprises checked")),
    ("problems", QT_TRANSLATE_NOOP("CampaignDashboard", "Problems found")),
    ("rectified_on_spot", QT_TRANSLATE_NOOP("CampaignDashboard", "Rectified on the spot")),
    ("cases", QT_TRANSLATE_NOOP("CampaignDashboard", "Cases filed")),
    ("open", QT_TRANSLATE_NOOP("CampaignDashboard", "Problems open")),
    ("overdue", QT_TRANSLATE_NOOP("CampaignDashboard", "Overdue")),
)
CHECKS_COLOR = QColor("#1565c0")
PROBLEMS_COLOR = QColor("#ef6c00")


class GroupChart(QWidget):
    """Checks and problems of each supervision group as paired bars."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("groupChart")
        self.setMinimumHeight(170)
        self.groups: list[tuple[str, Figures]] = []

    def set_groups(self, groups: list[tuple[str, Figures]]) -> None:
        self.groups = groups
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        del event
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.rect().adjusted(8, 24, -8, -22)
        painter.setPen(self.palette().text().color())
        painter.drawText(8, 16, self.tr("Checks (blue) and problems (orange) by group"))
        if not self.groups:
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.tr("No reports yet"))
            return
        top = max(max(f.checks, f.problems) for _n, f in self.groups) or 1
        slot = rect.width() / len(self.groups)
        bar = max(4.0, min(28.0, slot / 3))
        for n, (name, f) in enumerate(self.groups):
            x = rect.left() + n * slot + (slot - 2 * bar) / 2
            for k, (value, color) in enumerate(
                ((f.checks, CHECKS_COLOR), (f.problems, PROBLEMS_COLOR))
            ):
                h = rect.height() * value / top
                box = QRectF(x + k * bar, rect.bottom() - h, bar - 2, h)
                painter.fillRect(box, color)
                painter.drawText(
                    QRectF(box.left() - 8, box.top() - 16, bar + 14, 14),
                    Qt.AlignmentFlag.AlignCenter,
                    str(value),
                )
            painter.drawText(
                QRectF(rect.left() + n * slot, rect.bottom() + 2, slot, 18),
                Qt.AlignmentFlag.AlignCenter,
                name,
            )


class CampaignDashboard(PlanScreen):
    WATCHED = WATCHED_TABLES
    refreshed = Signal(int)  # campaigns listed, -1 when the query failed

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "campaignDashboard", parent)
        self.dashboard: campaign_board.Dashboard | None = None
        self._build()

    def _build(self) -> None:
        self.campaign_combo = QComboBox(self)
        self.campaign_combo.setObjectName("campaignCombo")
        self.campaign_combo.setMinimumWidth(360)
        self.campaign_combo.currentIndexChanged.connect(lambda _n: self.refresh())
        self.dates_label = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Campaign"), self))
        top.addWidget(self.campaign_combo)
        top.addWidget(self.dates_label)
        top.addStretch(1)
        self.new_button = QPushButton(self.tr("New campaign…"), self)
        self.new_button.setObjectName("newCampaignButton")
        self.new_button.clicked.connect(lambda: self.new_campaign())
        top.addWidget(self.new_button)

        tiles = QHBoxLayout()
        self.tiles: dict[str, QLabel] = {}
        for key, title in TILES:
            frame = QFrame(self)
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            box = QVBoxLayout(frame)
            value = QLabel("0", frame)
            value.setObjectName(f"tile_{key}")
            value.setStyleSheet("font-size: 22px; font-weight: bold")
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption = QLabel(self.tr(str(title)), frame)
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(value)
            box.addWidget(caption)
            tiles.addWidget(frame)
            self.tiles[key] = value
        self.tiles["overdue"].setStyleSheet("font-size: 22px; font-weight: bold; color: #c62828")

        self.chart = GroupChart(self)
        self.summary_model = ListModel("CampaignDashboard", SUMMARY_HEADERS, self)
        self.report_model = ListModel("CampaignDashboard", REPORT_HEADERS, self)
        self.problem_model = ListModel("CampaignDashboard", PROBLEM_HEADERS, self)
        tabs = QTabWidget(self)
        tabs.addTab(self.list_table("summaryTable", self.summary_model), self.tr("Summary"))
        tabs.addTab(self.list_table("reportTable", self.report_model, 1), self.tr("Daily reports"))
        tabs.addTab(
            self.list_table("problemTable", self.problem_model, 2), self.tr("Problems to follow up")
        )

        form = QGroupBox(self.tr("Daily report of a group"), self)
        self.group_combo = QComboBox(form)
        self.group_combo.setObjectName("groupCombo")
        self.group_combo.currentIndexChanged.connect(lambda _n: self._group_changed())
        self.county_combo = QComboBox(form)
        self.county_combo.setObjectName("reportCounty")
        self.day_edit = QDateEdit(form)
        self.day_edit.setObjectName("reportDay")
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.day_edit.setCalendarPopup(True)
        today = self.today()
        self.day_edit.setDate(QDate(today.year, today.month, today.day))
        self.spins: dict[str, QSpinBox] = {}
        layout = QFormLayout(form)
        self.group_button = QPushButton(self.tr("Edit the group…"), form)
        self.group_button.setObjectName("editGroupButton")
        self.group_button.clicked.connect(lambda: self.edit_group())
        group_row = QHBoxLayout()
        group_row.addWidget(self.group_combo, 1)
        group_row.addWidget(self.group_button)
        layout.addRow(self.tr("Group"), group_row)
        layout.addRow(self.tr("County"), self.county_combo)
        layout.addRow(self.tr("Day"), self.day_edit)
        for key, title in (
            ("checks", QT_TRANSLATE_NOOP("CampaignDashboard", "Checks")),
            ("problems", QT_TRANSLATE_NOOP("CampaignDashboard", "Problems")),
            ("rectified", QT_TRANSLATE_NOOP("CampaignDashboard", "Rectified on the spot")),
            ("cases", QT_TRANSLATE_NOOP("CampaignDashboard", "Cases")),
        ):
            spin = QSpinBox(form)
            spin.setObjectName(f"spin_{key}")
            spin.setRange(0, 100_000)
            self.spins[key] = spin
            layout.addRow(self.tr(str(title)), spin)
        self.report_button = QPushButton(self.tr("Save the report"), form)
        self.report_button.setObjectName("reportButton")
        self.report_button.clicked.connect(self.save_report)
        layout.addRow(self.report_button)
        self.message = message_line(form)
        layout.addRow(self.message)

        body = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.chart)
        left.addWidget(tabs, 1)
        body.addLayout(left, 3)
        body.addWidget(form, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addLayout(tiles)
        outer.addLayout(body, 1)

    # -- querying --------------------------------------------------------------------------

    def attach(self, reader: Store) -> None:
        self._attached = True
        today = self.today()
        self.day_edit.setDate(QDate(today.year, today.month, today.day))
        self._list_campaigns(reader)

    def _list_campaigns(self, reader: Store) -> None:
        keep = self.campaign_combo.currentData()
        self.campaign_combo.blockSignals(True)
        self.campaign_combo.clear()
        for row in campaign_board.campaign_list(reader.conn):
            self.campaign_combo.addItem(row.title, row.id)
            self.campaign_combo.setItemData(
                self.campaign_combo.count() - 1,
                f"{row.starts_on} — {row.ends_on}",
                Qt.ItemDataRole.ToolTipRole,
            )
        found = self.campaign_combo.findData(keep) if keep else 0
        self.campaign_combo.setCurrentIndex(max(found, 0))
        self.campaign_combo.blockSignals(False)
        self.refresh()

    def campaign_id(self) -> str:
        return str(self.campaign_combo.currentData() or "")

    def refresh(self) -> None:
        if not self._attached:
            return
        campaign_id, today = self.campaign_id(), self.today()
        names = {code: unit.name for code, unit in self.ctx.tree.units.items()}
        count = self.campaign_combo.count()

        def task(
            store: Store, _context: TaskContext
        ) -> tuple[campaign_board.Dashboard | None, list[tuple[str, str, str]]]:
            if not campaign_id:
                return None, []
            groups = store.conn.execute(
                "SELECT id, name, counties FROM campaign_group WHERE campaign_id = ? ORDER BY id",
                (campaign_id,),
            ).fetchall()
            return campaign_board.dashboard(store.conn, campaign_id, today, names), groups

        def done(
            found: tuple[campaign_board.Dashboard | None, list[tuple[str, str, str]]],
        ) -> None:
            self._show(*found)
            self.refreshed.emit(count)

        self.ctx.searcher.submit(
            task,
            on_done=done,
            on_error=lambda _e: self.refreshed.emit(-1),
            latest_only="campaign_dashboard",
        )

    def _show(
        self, found: campaign_board.Dashboard | None, groups: list[tuple[str, str, str]]
    ) -> None:
        self.dashboard = found
        total = found.total if found else Figures()
        for key, label in self.tiles.items():
            label.setText(f"{getattr(total, key):,}")
        self.chart.set_groups(found.groups if found else [])
        self.summary_model.set_rows(found.summary if found else [])
        self.report_model.set_rows(found.reports if found else [])
        self.problem_model.set_rows(found.problems if found else [])
        keep = self.group_combo.currentData()
        self.group_combo.blockSignals(True)
        self.group_combo.clear()
        for group_id, name, counties in groups:
            self.group_combo.addItem(name, group_id)
            self.group_combo.setItemData(
                self.group_combo.count() - 1, counties, Qt.ItemDataRole.UserRole + 1
            )
        if keep and self.group_combo.findData(keep) >= 0:
            self.group_combo.setCurrentIndex(self.group_combo.findData(keep))
        self.group_combo.blockSignals(False)
        self._group_changed()

    def _group_changed(self) -> None:
        counties = self.group_combo.currentData(Qt.ItemDataRole.UserRole + 1) or ""
        self.county_combo.clear()
        for code in common.id_list(counties):
            unit = self.ctx.tree.units.get(code)
            self.county_combo.addItem(unit.name if unit else code, code)

    def _on_changes(self, changes: ChangeSet) -> None:
        if not changes.tables() & WATCHED_TABLES:
            return
        if "campaign" in changes.tables() and self.ctx.reader is not None:
            self._list_campaigns(self.ctx.reader)
        else:
            self.refresh()

    # -- writes ----------------------------------------------------------------------------

    def edit_group(self) -> GroupDialog | None:
        """Open the selected group: its counties and members."""
        group_id = str(self.group_combo.currentData() or "")
        if not group_id:
            return None
        dialog = GroupDialog(self.ctx, group_id, self)
        dialog.open()
        return dialog

    def new_campaign(self) -> NewCampaignDialog:
        """Open the dialog of a new campaign with its groups."""
        dialog = NewCampaignDialog(self.ctx, self.today(), self)
        dialog.open()
        return dialog

    def save_report(self) -> None:
        d = self.day_edit.date()
        values = {
            "campaign_id": self.campaign_id(),
            "group_id": self.group_combo.currentData(),
            "county_code": self.county_combo.currentData(),
            "report_on": dt.date(d.year(), d.month(), d.day()).isoformat(),
            **{key: spin.value() for key, spin in self.spins.items()},
        }
        self.message.clear()
        run_op(
            self.ctx,
            lambda uow: campaigns.report(uow, LocalFacts(uow.conn), values),
            say=self.message.setText,
            parent=self,
        )
