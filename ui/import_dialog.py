"""Import a registry file: check every row first (off the GUI thread, cancellable), show the
bad rows with their row number, field and reason, then write the good rows in one transaction.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_app.registry import importer
from inspector_app.registry.importer import ImportCancelled, ImportReport, Prepared, Preview
from inspector_app.registry.validation import label
from inspector_app.store.database import Store
from ui.context import AppContext
from ui.crash import is_expected, refusal_text
from ui.tasks import TaskContext

PROBLEMS_SHOWN = 1000


class ImportDialog(QDialog):
    finished_import = Signal(object)  # ImportReport

    def __init__(self, ctx: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path = Path(path)
        self.prepared: Prepared | None = None
        self.preview: Preview | None = None
        self.report: ImportReport | None = None
        self._task: TaskContext | None = None
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Import registry: %1").replace("%1", self.path.name))
        self.resize(760, 480)

        self.summary = QLabel(self.tr("Checking the file…"), self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.problems = QTableWidget(0, 3, self)
        self.problems.setObjectName("importProblems")
        self.problems.setHorizontalHeaderLabels(
            [self.tr("Row"), self.tr("Field"), self.tr("Problem")]
        )
        self.problems.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.hide()

        self.changes_title = QLabel(
            self.tr("Existing entries this import will change (check them before importing):"),
            self,
        )
        self.changes_title.setWordWrap(True)
        self.changes_title.hide()
        self.changes = QTableWidget(0, 4, self)
        self.changes.setObjectName("importChanges")
        self.changes.setHorizontalHeaderLabels(
            [self.tr("Row"), self.tr("Code"), self.tr("Name"), self.tr("Changes")]
        )
        self.changes.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.changes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.changes.hide()

        self.export_button = QPushButton(self.tr("Save problem list…"), self)
        self.export_button.clicked.connect(self.export_problems)
        self.export_button.hide()
        self.import_button = QPushButton(self.tr("Import"), self)
        self.import_button.setObjectName("importConfirm")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.commit)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("importCancel")
        self.cancel_button.clicked.connect(self.cancel)

        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.changes_title)
        layout.addWidget(self.changes, 1)
        layout.addLayout(buttons)

    def start(self) -> None:
        rules, path = self.ctx.registry.rules, self.path

        def task(store: Store, context: TaskContext) -> tuple[Prepared, Preview]:
            prepared = importer.prepare(path, rules, context.progress, context.should_stop)
            return prepared, importer.preview(store.conn, prepared)

        self._task = self.ctx.writer.submit(
            task, on_done=self._prepared, on_error=self._failed, on_progress=self._progress
        )

    # -- steps -----------------------------------------------------------------------------

    def _progress(self, stage: str, done: int, total: int) -> None:
        names = {
            "validate": self.tr("Checking rows"),
            "pinyin": self.tr("Computing pinyin"),
            "insert": self.tr("Writing entries"),
            "index": self.tr("Updating the search index"),
        }
        self.summary.setText(f"{names.get(stage, stage)}… {done:,}")
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        else:
            self.progress.setRange(0, 0)

    def _prepared(self, result: tuple[Prepared, Preview]) -> None:
        prepared, preview = result
        self.prepared, self.preview = prepared, preview
        self._task = None
        self.progress.hide()
        good = len(prepared.records)
        text = self.tr("%1 rows read: %2 can be imported, %3 have problems.")
        text = (
            text.replace("%1", f"{prepared.total_rows:,}")
            .replace("%2", f"{good:,}")
            .replace("%3", f"{prepared.bad_rows:,}")
        )
        if prepared.problems:
            text += " " + self.tr(
                "Rows with problems are not imported; fix them and import "
                "the file again (rows already imported stay unchanged)."
            )
        text += " " + (
            self.tr("Importing will add %1 new entries and change %2 existing ones (%3 unchanged).")
            .replace("%1", f"{preview.new:,}")
            .replace("%2", f"{len(preview.changes):,}")
            .replace("%3", f"{preview.unchanged:,}")
        )
        self.summary.setText(text)
        self._show_problems(prepared)
        self._show_changes(preview)
        self.import_button.setText(self.tr("Import %1 rows").replace("%1", f"{good:,}"))
        self.import_button.setEnabled(good > 0)

    def _show_problems(self, prepared: Prepared) -> None:
        if not prepared.problems:
            return
        lang = self.ctx.lang
        shown = prepared.problems[:PROBLEMS_SHOWN]
        self.problems.setRowCount(len(shown))
        for i, problem in enumerate(shown):
            lab = label(problem.field)
            cells = (
                str(problem.row),
                lab.en if lang.startswith("en") else lab.zh,
                problem.en if lang.startswith("en") else problem.zh,
            )
            for column, value in enumerate(cells):
                self.problems.setItem(i, column, QTableWidgetItem(value))
        self.problems.show()
        self.export_button.show()

    def _show_changes(self, preview: Preview) -> None:
        if not preview.changes:
            return
        english = self.ctx.lang.startswith("en")
        shown = preview.changes[:PROBLEMS_SHOWN]
        self.changes.setRowCount(len(shown))
        for i, change in enumerate(shown):
            fields = "；".join(
                f"{label(f).en if english else label(f).zh}: {old or '—'} → {new or '—'}"
                for f, (old, new) in change.fields.items()
            )
            cells = (str(change.row), change.uscc, change.name, fields)
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.changes.setItem(i, column, item)
        self.changes_title.show()
        self.changes.show()

    def commit(self) -> None:
        prepared, registry, author = self.prepared, self.ctx.registry, self.ctx.author
        assert prepared is not None
        self.import_button.setEnabled(False)
        self.progress.show()

        def task(store: Store, context: TaskContext) -> ImportReport:
            return importer.commit(
                store, registry, prepared, author, context.progress, context.should_stop
            )

        self._task = self.ctx.writer.submit(
            task, on_done=self._committed, on_error=self._failed, on_progress=self._progress
        )

    def _committed(self, report: ImportReport) -> None:
        self.report = report
        self._task = None
        self.progress.hide()
        text = self.tr("Import finished: %1 new, %2 updated, %3 unchanged, %4 rows with problems.")
        text = (
            text.replace("%1", f"{report.inserted:,}")
            .replace("%2", f"{report.updated:,}")
            .replace("%3", f"{report.unchanged:,}")
            .replace("%4", f"{len({p.row for p in report.problems}):,}")
        )
        self.summary.setText(text)
        self.cancel_button.setText(self.tr("Close"))
        self.finished_import.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self.progress.hide()
        if isinstance(exc, ImportCancelled):
            self.summary.setText(self.tr("Cancelled: nothing was imported."))
        elif is_expected(exc):  # the file, the disk: said in a sentence
            self.summary.setText(refusal_text(exc, self.ctx.lang))
        else:  # a bug: logged by the writer thread, shown in the crash dialog
            self.summary.setText(
                self.tr("Import failed, nothing was imported: %1").replace("%1", str(exc))
            )
            self.ctx.crashes.report(exc, logged=True)
        self.cancel_button.setText(self.tr("Close"))

    def cancel(self) -> None:
        if self._task is not None:
            self.ctx.writer.cancel(self._task)
            self.summary.setText(self.tr("Cancelling…"))
            return
        self.reject()

    def export_problems(self, path: Any = None) -> None:
        if self.prepared is None:
            return
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Save problem list"),
                str(self.path.with_suffix(".problems.csv")),
                "CSV (*.csv)",
            )
            if not path:
                return
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["行号", "字段", "问题"])
            for p in self.prepared.problems:
                writer.writerow([p.row, label(p.field).zh, p.zh])
