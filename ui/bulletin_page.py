"""The typical-case bulletin (典型案例双月通报): the decided cases of a two-month period, the
weightiest picked first and spread over the units (``reports.bulletins.select_typical``), each
shown as the bulletin will tell it — anonymised — and the bulletin issued: one publication
record per case (行政处罚法 Art. 48, ``reports.publication``) and the document as a PDF.

The candidates are read on the search thread; the publication records are written through
``ui.ops``; the PDF is rendered from the very content the records keep.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from inspector_app.cases import cases
from inspector_app.messages import Bilingual
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.reports import bulletins, publication
from inspector_app.reports.bulletins import BulletinPeriod, Candidate
from inspector_app.store.changelog import ChangeSet
from inspector_app.store.database import Store
from ui.accident_dialogs import form_error_label
from ui.accident_registers import table_view
from ui.case_steps import date_edit, from_qdate, to_qdate
from ui.context import AppContext
from ui.crash import refusal_text
from ui.ops import run_op
from ui.row_table import Index, RowTableModel
from ui.tasks import TaskContext

WATCHED = frozenset({"penalty_case", "case_step", "case_publication"})


def recent_periods(today: dt.date, count: int = 6) -> list[BulletinPeriod]:
    """The period of ``today`` and the ones before it, newest first."""
    out = [bulletins.bulletin_period(today)]
    while len(out) < count:
        out.append(bulletins.previous_period(out[-1]))
    return out


@dataclass(frozen=True)
class BulletinChoice:
    """The period's candidates, those already published, and the suggested picks."""

    period: BulletinPeriod
    found: list[Candidate]
    published: frozenset[str]
    picked: list[str]  # case ids, in the bulletin's order


def choose(conn: Any, period: BulletinPeriod, limit: int, tree: JurisdictionTree) -> BulletinChoice:
    found = bulletins.local_candidates(conn, period)
    # a case published and not withdrawn is not told again
    published = frozenset(
        str(p.record["case_id"]) for p in publication.local_records(conn) if p.live
    )
    picked = bulletins.select_typical(found, limit, tree, published)
    return BulletinChoice(period, found, published, [str(c.case["id"]) for c in picked])


class CandidateModel(RowTableModel):
    COLUMNS = (
        ("picked", QT_TRANSLATE_NOOP("CandidateModel", "In the bulletin")),
        ("number", QT_TRANSLATE_NOOP("CandidateModel", "Case number")),
        ("heading", QT_TRANSLATE_NOOP("CandidateModel", "As the bulletin tells it")),
        ("penalty", QT_TRANSLATE_NOOP("CandidateModel", "Penalty")),
        ("decided_on", QT_TRANSLATE_NOOP("CandidateModel", "Decided on")),
    )

    def __init__(self, tree: JurisdictionTree, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tree = tree
        self._rows: list[tuple[Candidate, dict[str, str]]] = []
        self.picked: list[str] = []
        self.published: frozenset[str] = frozenset()
        self._headers = [self.tr(str(h)) for _, h in self.COLUMNS]

    def set_choice(self, choice: BulletinChoice) -> None:
        self.beginResetModel()
        # the picks first, in the bulletin's order, then the other cases of the period
        order = {case_id: n for n, case_id in enumerate(choice.picked)}
        found = sorted(choice.found, key=lambda c: order.get(str(c.case["id"]), len(order)))
        self._rows = [(c, bulletins.case_entry(c, self.tree)) for c in found]
        self.picked = list(choice.picked)
        self.published = choice.published
        self.endResetModel()

    def chosen(self) -> list[Candidate]:
        """The ticked cases in the order they were picked."""
        by_id = {str(c.case["id"]): c for c, _e in self._rows}
        return [by_id[i] for i in self.picked if i in by_id]

    def case_id(self, row: int) -> str:
        return str(self._rows[row][0].case["id"])

    def entry(self, row: int) -> dict[str, str]:
        return self._rows[row][1]

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == 0:
            case_id = str(self._rows[index.row()][0].case["id"])
            if case_id not in self.published:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        candidate, entry = self._rows[index.row()]
        case_id = str(candidate.case["id"])
        key = self.COLUMNS[index.column()][0]
        if key == "picked":
            if role == Qt.ItemDataRole.CheckStateRole:
                ticked = case_id in self.picked
                return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.DisplayRole and case_id in self.published:
                return self.tr("published")
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if key == "number":
            numbered = cases.case_number(candidate.state)
            return numbered[0] if numbered else ""
        return entry[key]

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        case_id = str(self._rows[index.row()][0].case["id"])
        if case_id in self.published:
            return False
        ticked = Qt.CheckState(value) == Qt.CheckState.Checked
        if ticked and case_id not in self.picked:
            self.picked.append(case_id)
        elif not ticked and case_id in self.picked:
            self.picked.remove(case_id)
        self.dataChanged.emit(index, index, [role])
        return True


class BulletinPage(QWidget):
    listed = Signal(int)  # candidates shown, -1 when the query failed
    issued = Signal(str, list)  # the PDF's path, the publication records' ids

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("bulletinPage")
        self.today: Callable[[], dt.date] = dt.date.today
        self.choice: BulletinChoice | None = None
        self._attached = False
        self.model = CandidateModel(ctx.tree, self)
        self.model.dataChanged.connect(lambda *_a: self.preview())
        self.period_combo = QComboBox(self)
        self.period_combo.setObjectName("periodCombo")
        self.period_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.limit = QSpinBox(self)
        self.limit.setObjectName("limit")
        self.limit.setRange(1, 50)
        self.limit.setValue(10)
        self.limit.setPrefix(self.tr("at most "))
        self.limit.valueChanged.connect(lambda _v: self.refresh())
        self.summary = QLabel(self)
        self.issued_on = date_edit(self.today(), self)
        self.issue_button = QPushButton(self.tr("Issue the bulletin"), self)
        self.issue_button.setObjectName("issueBulletin")
        self.issue_button.clicked.connect(lambda: self.issue())
        self.message = form_error_label(self, "bulletinMessage")
        self.table = table_view(self, "candidateTable", self.model)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("bulletinPreview")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Period"), self))
        bar.addWidget(self.period_combo)
        bar.addWidget(self.limit)
        bar.addWidget(self.summary, 1)
        bar.addWidget(QLabel(self.tr("Issued on"), self))
        bar.addWidget(self.issued_on)
        bar.addWidget(self.issue_button)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.browser)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        ctx.broadcaster.changes_applied.connect(self._on_changes)

    def attach(self, reader: Store | None = None) -> None:
        del reader
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        for period in recent_periods(self.today()):
            self.period_combo.addItem(f"{period.label}（{period.span}）", period)
        self.period_combo.setCurrentIndex(min(1, self.period_combo.count() - 1))
        self.period_combo.blockSignals(False)
        self.issued_on.setDate(to_qdate(self.today()))
        self._attached = True
        self.refresh()

    def period(self) -> BulletinPeriod | None:
        found = self.period_combo.currentData()
        return found if isinstance(found, BulletinPeriod) else None

    def choose_period(self, period: BulletinPeriod) -> None:
        for n in range(self.period_combo.count()):
            if self.period_combo.itemData(n) == period:
                self.period_combo.setCurrentIndex(n)

    def refresh(self) -> None:
        period = self.period()
        if not self._attached or period is None:
            return
        limit, tree = self.limit.value(), self.ctx.tree

        def task(store: Store, _context: TaskContext) -> BulletinChoice:
            return choose(store.conn, period, limit, tree)

        self.summary.setText(self.tr("Loading…"))
        self.ctx.searcher.submit(
            task, on_done=self._show, on_error=self._failed, latest_only="bulletin"
        )

    def _show(self, choice: BulletinChoice) -> None:
        if choice.period != self.period():
            return
        self.choice = choice
        self.model.set_choice(choice)
        told = choice.published
        self.summary.setText(
            self.tr("Decided in the period: %1; already published: %2")
            .replace("%1", str(len(choice.found)))
            .replace("%2", str(sum(1 for c in choice.found if str(c.case["id"]) in told)))
        )
        self.preview()
        self.listed.emit(len(choice.found))

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(refusal_text(exc, self.ctx.lang))
        self.listed.emit(-1)

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.tables() & WATCHED:
            self.refresh()

    def content(self, day: dt.date) -> dict[str, Any]:
        """The bulletin's data for the ticked cases (the domain refuses an empty or misdated
        one)."""
        period = self.period()
        assert period is not None
        tree = self.ctx.tree
        return bulletins.bulletin_content(
            period, self.model.chosen(), tree, tree.city.authority, day, self.today()
        )

    def preview(self) -> None:
        from ui.documents import render_html

        try:
            body = render_html("typical_case_bulletin", self.content(self.today()))
        except Bilingual as exc:
            self.browser.setHtml(f"<p>{html.escape(exc.text(self.ctx.lang))}</p>")
            return
        self.browser.setHtml(body)

    def issue(self) -> None:
        day = from_qdate(self.issued_on.date())
        self.message.clear()
        try:
            content = self.content(day)
        except Bilingual as exc:
            self.message.setText(exc.text(self.ctx.lang))
            return
        today = self.today()
        run_op(
            self.ctx,
            lambda uow: publication.publish_bulletin(uow, content, day, today),
            on_done=lambda ids: self._write_pdf(content, ids),
            say=self.message.setText,
        )

    def _write_pdf(self, content: dict[str, Any], ids: Sequence[str]) -> None:
        from ui.documents import render_pdf

        folder = self.ctx.paths.documents_dir
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{content['authority']}典型案例通报{content['issue']}.pdf"
        try:
            path = render_pdf("typical_case_bulletin", content, Path(folder) / name)
        except Bilingual as exc:
            self.message.setText(exc.text(self.ctx.lang))
            return
        self.issued.emit(str(path), list(ids))
