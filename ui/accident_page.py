"""One accident: what happened and its grade (re-graded by supplementary reports), the reports up
the chain with their deadlines, the investigation, the listed supervision, the ranges of
安全生产法 Art. 114 for its grade, and everything in time order — with only the actions that
fit now. A penalty case is asked for with ``case_requested`` (the cases area opens it).

The page is read on the search thread (``accidents.queries.detail``); writes go through
``ui.ops`` from the forms of ``ui.accident_dialogs``.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_app.accidents import listing, operations
from inspector_app.accidents.fines import AccidentFines
from inspector_app.accidents.params import default_params
from inspector_app.accidents.queries import AccidentDetail, detail
from inspector_app.cases.articles import FineRange
from inspector_app.store.changelog import ChangeSet
from inspector_app.store.database import Store
from ui.accident_dialogs import AccidentStepDialog, SupplementaryDialog, grade_html
from ui.case_page import OVERDUE_COLOR
from ui.context import AppContext
from ui.crash import refusal_text
from ui.ops import run_op
from ui.tasks import TaskContext

WATCHED_TABLES = frozenset(
    {"accident", "accident_report", "accident_step", "warning_notice", "report_check", "document"}
)
# the actions of the page, in the order they are shown
ACTIONS = (
    "supplementary",
    "forwarded",
    "investigation_extended",
    "appraisal",
    "report_submitted",
    "report_approved",
    "accountability",
    "listing_issued",
    "listing_revoked",
    "listing_closed",
    "case",
)


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


def range_text(fine: FineRange) -> str:
    def wan(amount: object) -> str:
        return f"{amount:,.0f}" if amount is not None else "—"

    return f"{wan(fine.min)}–{wan(fine.max)}"


def status_text(status: str, en: bool) -> str:
    zh, en_text = REPORTING_STATUS.get(status, (status, status))
    return en_text if en else zh


REPORTING_STATUS = {
    "on_time": ("按时", "on time"),
    "late": ("迟报", "late"),
    "overdue": ("逾期未报", "overdue"),
    "pending": ("待报", "pending"),
}


class AccidentPage(QWidget):
    closed = Signal()
    loaded = Signal(str)  # accident id, once its page is shown
    changed = Signal(str)  # the kind of what was recorded
    case_requested = Signal(str, str)  # enterprise id, accident id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("accidentPage")
        self.now: Callable[[], dt.datetime] = local_now  # tests fix it
        self.accident_id = ""
        self.found: AccidentDetail | None = None
        self.dialog: QDialog | None = None
        self._build()
        ctx.broadcaster.changes_applied.connect(self._on_changes)

    def _build(self) -> None:
        self.back_button = QPushButton(self.tr("← Accidents"), self)
        self.back_button.clicked.connect(self.closed.emit)
        self.heading = QLabel(self)
        self.heading.setObjectName("accidentHeading")
        self.heading.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.heading, 1)

        self.action_buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        titles = {
            "supplementary": self.tr("Supplementary report…"),
            "forwarded": self.tr("Report up…"),
            "investigation_extended": self.tr("Extend the investigation…"),
            "appraisal": self.tr("Technical appraisal…"),
            "report_submitted": self.tr("Report submitted…"),
            "report_approved": self.tr("Report approved…"),
            "accountability": self.tr("Person held responsible…"),
            "listing_issued": self.tr("Issue the listing notice"),
            "listing_revoked": self.tr("Revoke the listing…"),
            "listing_closed": self.tr("Close the listing…"),
            "case": self.tr("Open a penalty case"),
        }
        for key in ACTIONS:
            button = QPushButton(titles[key], self)
            button.setObjectName(f"action_{key}")
            button.clicked.connect(lambda _c=False, k=key: self.start(k))
            button.setVisible(False)  # offered once the accident is read
            self.action_buttons[key] = button
            actions.addWidget(button)
        actions.addStretch(1)

        self.deadlines = self._table(
            "deadlineTable",
            (self.tr("Report"), self.tr("Due"), self.tr("Done"), self.tr("Status")),
        )
        self.timeline = self._table("timelineTable", (self.tr("When"), self.tr("What")))
        self.investigation_label = QLabel(self)
        self.investigation_label.setObjectName("investigationLabel")
        self.investigation_label.setWordWrap(True)
        self.listing_label = QLabel(self)
        self.listing_label.setObjectName("listingLabel")
        self.listing_label.setWordWrap(True)
        self.fines_label = QLabel(self)
        self.fines_label.setObjectName("finesLabel")
        self.fines_label.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("accidentMessage")

        def box(title: str, *widgets: QWidget) -> QGroupBox:
            group = QGroupBox(title, self)
            inner = QVBoxLayout(group)
            for widget in widgets:
                inner.addWidget(widget)
                if isinstance(widget, QLabel):
                    widget.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            return group

        grid = QGridLayout()
        grid.addWidget(box(self.tr("Reports up the chain"), self.deadlines), 0, 0)
        grid.addWidget(box(self.tr("Investigation"), self.investigation_label), 0, 1)
        grid.addWidget(box(self.tr("Listed supervision"), self.listing_label), 1, 1)
        grid.addWidget(box(self.tr("Fines for the accident"), self.fines_label), 2, 1)
        grid.addWidget(box(self.tr("Timeline"), self.timeline), 1, 0, 2, 1)
        self.deadlines.setMaximumHeight(130)
        grid.setRowStretch(1, 1)
        grid.setRowStretch(2, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addLayout(grid, 1)

    def _table(self, name: str, headers: tuple[str, ...]) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(list(headers))
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # the longest text takes the room left: the deadline's rule, the timeline's entry
        stretch = len(headers) - 1 if name == "timelineTable" else 0
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        return table

    # -- loading -----------------------------------------------------------------------------

    def open(self, accident_id: str) -> None:
        self.accident_id = accident_id
        self.refresh()

    def refresh(self) -> None:
        if not self.accident_id:
            return
        accident_id = self.accident_id

        def task(store: Store, _context: TaskContext) -> AccidentDetail | None:
            return detail(store.conn, accident_id)

        self.ctx.searcher.submit(
            task, on_done=self._show, on_error=self._failed, latest_only="accident"
        )

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(refusal_text(exc, self.ctx.lang))

    def _on_changes(self, changes: ChangeSet) -> None:
        if self.accident_id and changes.tables() & WATCHED_TABLES:
            self.refresh()

    def _show(self, found: AccidentDetail | None) -> None:
        if found is None or found.view.id != self.accident_id:
            return
        self.found = found
        en = self.ctx.lang.startswith("en")
        now = self.now()
        view = found.view
        params = default_params()
        unit = view["unit_name"] or self.tr("(no unit)")
        county = self.ctx.tree.units.get(str(view["county_code"]))
        grades = " → ".join(grade_html(g) for g in view.grades) if view.regraded else ""
        regraded = self.tr("re-graded: %1").replace("%1", grades) if grades else ""
        graded = self.tr("%1 accident").replace("%1", grade_html(view.grade))
        self.heading.setText(
            f"<h3>{html.escape(str(unit))}　{graded}</h3>"
            f"<p>{html.escape(view.occurred_at.strftime('%Y-%m-%d %H:%M'))}　"
            f"{html.escape(county.name if county else '')}　{html.escape(str(view['place']))}　"
            f"{html.escape(params.sector_name(str(view['sector'])))}·"
            f"{html.escape(str(view['accident_type']))}<br>"
            f"{html.escape(view.figures.describe())}"
            + (f"　<i>{regraded}</i>" if regraded else "")
            + "</p>"
        )
        self.deadlines.setRowCount(len(found.deadlines))
        for row, d in enumerate(found.deadlines):
            status = d.status(now)
            cells = (
                d.en if en else d.zh,
                d.due.strftime("%m-%d %H:%M"),
                d.done_at.strftime("%m-%d %H:%M") if d.done_at else "",
                status_text(status, en),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 3 and status in ("late", "overdue"):
                    item.setForeground(OVERDUE_COLOR)
                self.deadlines.setItem(row, column, item)
        self.timeline.setRowCount(len(found.timeline))
        for row, entry in enumerate(found.timeline):
            self.timeline.setItem(row, 0, QTableWidgetItem(entry.when[:16].replace("T", " ")))
            self.timeline.setItem(row, 1, QTableWidgetItem(entry.zh))
        self._show_investigation(found, now.date())
        self._show_listing(found, en)
        self._show_fines(found.fines, found.fines_refused)
        self._offer(found, now)
        self.message.clear()
        self.loaded.emit(found.view.id)

    def _show_investigation(self, found: AccidentDetail, today: dt.date) -> None:
        inv = found.investigation
        lines = [self.tr("Report due: %1").replace("%1", inv.due_on.isoformat())]
        if inv.extended_days:
            lines.append(self.tr("extended by %1 days").replace("%1", str(inv.extended_days)))
        if inv.appraisal_days:
            lines.append(
                self.tr("%1 days of technical appraisal not counted").replace(
                    "%1", str(inv.appraisal_days)
                )
            )
        if inv.submitted_on:
            lines.append(self.tr("submitted %1").replace("%1", inv.submitted_on.isoformat()))
        if inv.approved_on:
            lines.append(self.tr("approved %1").replace("%1", inv.approved_on.isoformat()))
        elif inv.reply_due:
            lines.append(self.tr("reply due %1").replace("%1", inv.reply_due.isoformat()))
        text = "<br>".join(html.escape(x) for x in lines)
        if inv.overdue(today) or inv.reply_overdue(today):
            text = f"<span style='color:{OVERDUE_COLOR.name()}'><b>{text}</b></span>"
        people = [
            f"{html.escape(str(a.get('name')))}（{html.escape(str(a.get('detail')))}）"
            for a in inv.accountability
        ]
        if people:
            held = self.tr("Held responsible: %1").replace("%1", "")
            text += f"<br>{html.escape(held)}{'；'.join(people)}"
        self.investigation_label.setText(text)

    def _show_listing(self, found: AccidentDetail, en: bool) -> None:
        state = found.listing
        zh, en_text = listing.STATUSES[state.status]
        parts = [f"<b>{html.escape(en_text if en else zh)}</b>"]
        for why in (state.reason, state.withdrawn, state.attention):
            if why is not None:
                parts.append(html.escape(why[1] if en else why[0]))
        if state.number:
            parts.append(html.escape(state.number))
        self.listing_label.setText("<br>".join(parts))

    def _show_fines(self, fines: AccidentFines | None, refused: str) -> None:
        if fines is None:
            self.fines_label.setText(html.escape(refused))
            return
        self.fines_label.setText(
            html.escape(
                self.tr("Unit (Art. 114, %1 accident): %2 yuan; especially serious: %3 yuan")
                .replace("%1", fines.grade)
                .replace("%2", range_text(fines.unit))
                .replace("%3", range_text(fines.unit_aggravated))
            )
            + "<br>"
            + html.escape(
                self.tr("Principal person (Art. 95): a share of last year's income by grade")
            )
        )

    # -- what can be done now ----------------------------------------------------------------

    def offered(self, found: AccidentDetail, now: dt.datetime) -> dict[str, bool]:
        """Which actions fit the accident now (the domain still judges each one)."""
        inv, state = found.investigation, found.listing
        pending_level = self.next_level(found)
        done = {s["kind"] for s in found.step_records}
        return {
            "supplementary": now <= found.supplementary_until,
            "forwarded": bool(pending_level),
            "investigation_extended": "investigation_extended" not in done
            and inv.submitted_on is None,
            "appraisal": inv.submitted_on is None,
            "report_submitted": inv.submitted_on is None,
            "report_approved": inv.submitted_on is not None and inv.approved_on is None,
            "accountability": True,
            "listing_issued": state.status == "draft",
            "listing_revoked": state.status == "issued",
            "listing_closed": state.status == "issued" and inv.approved_on is not None,
            "case": bool(found.view["enterprise_id"]),
        }

    @staticmethod
    def next_level(found: AccidentDetail) -> str:
        """The first level up the chain still waiting for the report ("" when none is)."""
        for d in found.deadlines:
            if d.code != "county" and d.done_at is None:
                return d.code
        return ""

    def _offer(self, found: AccidentDetail, now: dt.datetime) -> None:
        for key, fits in self.offered(found, now).items():
            self.action_buttons[key].setVisible(fits)

    def start(self, key: str) -> QDialog | None:
        found = self.found
        if found is None:
            return None
        now = self.now()
        if key == "case":
            self.case_requested.emit(str(found.view["enterprise_id"]), found.view.id)
            return None
        if key == "listing_issued":
            self._issue_listing(found, now.date())
            return None
        dialog: QDialog
        if key == "supplementary":
            supplementary = SupplementaryDialog(self.ctx, found, now, self)
            supplementary.recorded.connect(lambda *_a: self.changed.emit("supplementary"))
            dialog = supplementary
        else:
            step = AccidentStepDialog(self.ctx, found, key, now, self.next_level(found), self)
            step.recorded.connect(self.changed.emit)
            dialog = step
        self.dialog = dialog
        dialog.open()
        return dialog

    def _issue_listing(self, found: AccidentDetail, day: dt.date) -> None:
        accident_id, tree = found.view.id, self.ctx.tree
        run_op(
            self.ctx,
            lambda uow: operations.issue_listing(uow, accident_id, day, tree=tree),
            on_done=lambda _doc: self.changed.emit("listing_issued"),
            say=self.message.setText,
        )
