"""The 双随机 draws tab: the recorded draws (a covert one only for whom ``tasks.may_see``
allows), the selected draw read back from its record, its verification, a redraw with its
reason, the results due for publication, and the draw's notice exported to Excel and PDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSizeF, Qt, Signal
from PySide6.QtGui import QPdfWriter, QTextDocument
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector_app.plans import draw_lists, draws, publication, verification
from inspector_app.reports import export
from inspector_app.store import attachments
from inspector_app.store.database import Store
from ui.context import AppContext
from ui.draw_publication import PublicationDialog
from ui.draw_wizard import RESULT_HEADERS, DrawWizard, record_text, verdict_text
from ui.export import a4_landscape, export_xlsx, table_html
from ui.ops import run_op
from ui.plan_models import ListModel, PlanScreen, message_line
from ui.tasks import TaskContext

WATCHED_TABLES = frozenset({"random_draw", "random_draw_publication", "inspection"})
LIST_HEADERS = (
    QT_TRANSLATE_NOOP("DrawsPage", "Title"),
    QT_TRANSLATE_NOOP("DrawsPage", "Unit"),
    QT_TRANSLATE_NOOP("DrawsPage", "Drawn on"),
    QT_TRANSLATE_NOOP("DrawsPage", "Planned day"),
    QT_TRANSLATE_NOOP("DrawsPage", "Pool"),
    QT_TRANSLATE_NOOP("DrawsPage", "Drawn"),
    QT_TRANSLATE_NOOP("DrawsPage", "State"),
)
DUE_HEADERS = (
    QT_TRANSLATE_NOOP("DrawsPage", "No."),
    QT_TRANSLATE_NOOP("DrawsPage", "Enterprise"),
    QT_TRANSLATE_NOOP("DrawsPage", "Credit code"),
    QT_TRANSLATE_NOOP("DrawsPage", "Inspected on"),
    QT_TRANSLATE_NOOP("DrawsPage", "Result"),
    QT_TRANSLATE_NOOP("DrawsPage", "Publish by"),
    QT_TRANSLATE_NOOP("DrawsPage", "Publication"),
)


class DrawsPage(PlanScreen):
    WATCHED = WATCHED_TABLES
    refreshed = Signal(int)  # draws listed, -1 when the query failed
    shown = Signal(str)  # the draw whose record is shown
    verified = Signal(bool)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "drawsPage", parent)
        self.wizard: DrawWizard | None = None
        self._draws: list[draw_lists.DrawSummary] = []
        self._draw_id = ""
        self._build()

    def _build(self) -> None:
        self.new_button = QPushButton(self.tr("New draw…"), self)
        self.new_button.setObjectName("newDrawButton")
        self.new_button.clicked.connect(lambda: self.new_draw())
        self.verify_button = QPushButton(self.tr("Verify"), self)
        self.verify_button.setObjectName("verifyButton")
        self.verify_button.clicked.connect(self.verify)
        self.redraw_button = QPushButton(self.tr("Redraw…"), self)
        self.redraw_button.setObjectName("redrawButton")
        self.redraw_button.clicked.connect(lambda: self.redraw())
        self.xlsx_button = QPushButton(self.tr("Export to Excel…"), self)
        self.xlsx_button.setObjectName("xlsxButton")
        self.xlsx_button.clicked.connect(lambda: self.export_xlsx())
        self.publish_button = QPushButton(self.tr("Record publication…"), self)
        self.publish_button.setObjectName("publishButton")
        self.publish_button.clicked.connect(lambda: self.record_publication())
        self.pdf_button = QPushButton(self.tr("Export notice to PDF…"), self)
        self.pdf_button.setObjectName("pdfButton")
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addStretch(1)
        for button in (
            self.verify_button,
            self.redraw_button,
            self.publish_button,
            self.xlsx_button,
            self.pdf_button,
        ):
            top.addWidget(button)
        self.message = message_line(self)

        self.list_model = ListModel("DrawsPage", LIST_HEADERS, self)
        self.draw_table = self.list_table("drawTable", self.list_model, 0)
        self.draw_table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.show_draw(str(self.list_model.key(current.row()) or ""))
        )

        self.record_label = QLabel(self)
        self.record_label.setObjectName("recordLabel")
        self.record_label.setWordWrap(True)
        self.record_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict = QLabel(self)
        self.verdict.setObjectName("verdictLabel")
        self.verdict.setWordWrap(True)
        self.result_model = ListModel("DrawWizard", RESULT_HEADERS, self)
        self.due_model = ListModel("DrawsPage", DUE_HEADERS, self)
        tabs = QTabWidget(self)
        tabs.addTab(self._numbered("resultTable", self.result_model), self.tr("Result"))
        tabs.addTab(self._numbered("dueTable", self.due_model), self.tr("Results to publish"))
        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.record_label)
        detail_layout.addWidget(self.verdict)
        detail_layout.addWidget(tabs, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.draw_table)
        split.addWidget(detail)
        split.setSizes([150, 490])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        self._update_buttons()

    def _numbered(self, name: str, model: ListModel) -> QTableView:
        table = self.list_table(name, model, 1)
        table.verticalHeader().setVisible(False)  # the lists carry their own 序号
        return table

    # -- listing ---------------------------------------------------------------------------

    def refresh(self) -> None:
        if not self._attached:
            return
        tree, viewer = self.ctx.tree, self.viewer

        def task(store: Store, _context: TaskContext) -> list[draw_lists.DrawSummary]:
            return draw_lists.draw_list(store.conn, tree, viewer)

        self.ctx.searcher.submit(
            task, on_done=self._listed, on_error=self._failed, latest_only="draws_page"
        )

    def _listed(self, found: list[draw_lists.DrawSummary]) -> None:
        self._draws = found
        rows = []
        for d in found:
            if d.replaced:
                state = self.tr("Replaced by a redraw")
            elif d.redraw_of:
                state = self.tr("Redraw")
            else:
                state = self.tr("In force")
            if d.covert:
                state += self.tr(" · covert")
            rows.append(
                [d.title, d.unit_name, d.drawn_on, d.planned_on, d.pool_size, d.drawn, state]
            )
        self.list_model.set_rows(rows, [d.id for d in found])
        ids = [d.id for d in found]
        if self._draw_id in ids:
            self.draw_table.selectRow(ids.index(self._draw_id))
            self.show_draw(self._draw_id, force=True)
        elif self._draw_id:
            self.show_draw("")
        self._update_buttons()
        self.refreshed.emit(len(found))

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(str(exc))
        self.refreshed.emit(-1)

    def show_draw(self, draw_id: str, force: bool = False) -> None:
        """Show the draw as its record holds it (search thread)."""
        if draw_id == self._draw_id and not force:
            return
        self._draw_id = draw_id
        self.verdict.clear()
        self._update_buttons()
        if not draw_id:
            self.record_label.clear()
            self.result_model.set_rows([])
            self.due_model.set_rows([])
            return
        today = self.today()

        def task(
            store: Store, _context: TaskContext
        ) -> tuple[draw_lists.DrawDetail | None, list[list[object]]]:
            return (
                draw_lists.draw_detail(store.conn, draw_id),
                draw_lists.results_due(store.conn, draw_id, today),
            )

        def done(found: tuple[draw_lists.DrawDetail | None, list[list[object]]]) -> None:
            detail, due = found
            if detail is None or detail.record["id"] != self._draw_id:
                return
            text = record_text(detail.record)
            if detail.record["reason"]:
                text += "\n" + self.tr("Redrawn because: %1").replace(
                    "%1", str(detail.record["reason"])
                )
            self.record_label.setText(text)
            self.result_model.set_rows(detail.rows)
            self.due_model.set_rows(due)
            self.shown.emit(draw_id)

        self.ctx.searcher.submit(task, on_done=done, latest_only="draws_page_detail")

    def selected(self) -> draw_lists.DrawSummary | None:
        return next((d for d in self._draws if d.id == self._draw_id), None)

    def _update_buttons(self) -> None:
        chosen = self.selected()
        for button in (self.verify_button, self.publish_button, self.xlsx_button, self.pdf_button):
            button.setEnabled(chosen is not None)
        self.redraw_button.setEnabled(chosen is not None and not chosen.replaced)

    # -- actions ---------------------------------------------------------------------------

    def new_draw(self, plan_id: str = "") -> DrawWizard:
        """Open the draw wizard (kept in ``self.wizard`` while it is open)."""
        wizard = DrawWizard(self.ctx, self.today(), plan_id, self)
        wizard.drawn.connect(self._select_later)
        self.wizard = wizard
        wizard.open()
        return wizard

    def record_publication(self) -> PublicationDialog | None:
        """Open the dialog that records where and when the selected draw was published."""
        if not self._draw_id:
            return None
        dialog = PublicationDialog(self.ctx, self._draw_id, self.today(), self)
        dialog.open()
        return dialog

    def _select_later(self, draw_id: str) -> None:
        self._draw_id = draw_id

    def verify(self) -> None:
        draw_id, tree, folder = self._draw_id, self.ctx.tree, self.ctx.paths.attachments_dir
        if not draw_id:
            return
        self.verdict.setText(self.tr("Verifying…"))

        def task(store: Store, _context: TaskContext) -> verification.Verification:
            vault = attachments.Vault.of(folder, store)
            return verification.verify(store.conn, tree, draw_id, vault)

        def done(found: verification.Verification) -> None:
            self.verdict.setText(verdict_text(found, self.ctx.lang))
            color = "#2e7d32" if found.ok else "#c62828"
            self.verdict.setStyleSheet(f"color: {color}")
            self.verified.emit(found.ok)

        self.ctx.searcher.submit(
            task, on_done=done, on_error=lambda e: self.verdict.setText(str(e))
        )

    def redraw(self, reason: str | None = None) -> None:
        """Draw again with the same parameters and a new seed; the reason is required."""
        draw_id = self._draw_id
        self.message.clear()
        if not draw_id:
            return
        if reason is None:
            text, ok = QInputDialog.getText(
                self, self.tr("Redraw"), self.tr("Why the draw is made again (kept on record):")
            )
            if not ok:
                return
            reason = text
        why, tree, folder = reason, self.ctx.tree, self.ctx.paths.attachments_dir

        def done(new_id: str) -> None:
            self._draw_id = new_id

        run_op(
            self.ctx,
            lambda uow: draws.redraw(uow, tree, draw_id, why, folder),
            on_done=done,
            say=self.message.setText,
            parent=self,
        )

    def notice(self, store: Store) -> export.Table:
        """The draw's notice (抽取结果公示) as a table, built from its record."""
        found = self.selected()
        assert found is not None
        rows = publication.draw_rows(store.conn, found.id)
        return export.Table(
            title=f"{found.title}抽取结果公示",
            columns=[export.Column(h) for h in publication.DRAW_HEADERS],
            rows=rows,
            issuer=found.unit_name,
            dated=f"抽取日期：{found.drawn_on}",
        )

    def export_xlsx(
        self, path: Path | None = None, on_done: Callable[[Path, int], None] | None = None
    ) -> None:
        found = self.selected()
        if found is None:
            return
        export_xlsx(self.ctx, self, found.title, lambda store: [self.notice(store)], on_done, path)

    def export_pdf(self, path: Path | None = None) -> Path | None:
        """The notice as an A4 landscape PDF (a short list: built on the GUI thread)."""
        reader = self.ctx.reader
        found = self.selected()
        if found is None or reader is None:
            return None
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Export notice to PDF"), f"{found.title}.pdf", "PDF (*.pdf)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        document = QTextDocument(self)
        document.setHtml(table_html(self.notice(reader)))
        writer = QPdfWriter(str(path))
        writer.setPageLayout(a4_landscape())
        document.setPageSize(QSizeF(writer.pageLayout().paintRectPoints().size()))
        document.print_(writer)
        return path
