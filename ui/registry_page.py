"""The registry page: search-as-you-type over all entries, filters, a lazy table, a detail panel.

Typing restarts a short timer; the query then runs on the search thread (``latest_only``: an
older query still running is abandoned). The first page of results arrives first, then the
whole ranked list; the GUI thread only ever fetches the rows being painted.
"""

from __future__ import annotations

import datetime as dt
import html
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from inspector_app.inspections import board
from inspector_app.inspections import history as enterprise_history
from inspector_app.registry import search
from inspector_app.registry.entries import Registry
from inspector_app.registry.rules import FIELDS, TABLE
from inspector_app.registry.validation import label
from inspector_app.store.changelog import ChangeSet, LogEntry
from inspector_app.store.database import Store
from ui.context import AppContext
from ui.export import export_xlsx
from ui.registry_model import RegistryTableModel
from ui.tasks import TaskContext

SEARCH_DELAY_MS = 150


TIMELINE_SHOWN = 40


# the rows looked at, and the widest a short column grows to, when columns are fitted
FIT_ROWS = 40
SHORT_COLUMNS = range(2, 9)  # type … risk level; the name, the code and the address keep theirs
MAX_FITTED_WIDTH = 180


class RegistryPage(QWidget):
    search_finished = Signal(str, int)  # query text, number of entries shown
    inspect_requested = Signal(str)  # enterprise id: start an inspection of it

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("registryPage")
        self._model: RegistryTableModel | None = None
        self._current_id: str | None = None
        self._pending_total: tuple[int, bool] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self._columns_fitted = False
        self._build()
        ctx.broadcaster.changes_applied.connect(self._on_changes)

    # -- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText(
            self.tr(
                "Search by name, pinyin initials, full pinyin, code, address or legal "
                "representative"
            )
        )
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self._timer.start)

        self.county_combo = QComboBox(self)
        self.county_combo.setObjectName("countyFilter")
        self.county_combo.addItem(self.tr("All counties"), None)
        for unit in self.ctx.tree.reporting_units():
            self.county_combo.addItem(unit.name, unit.code)
        self.county_combo.currentIndexChanged.connect(self._county_changed)

        self.town_combo = QComboBox(self)
        self.town_combo.setObjectName("townFilter")
        self.town_combo.addItem(self.tr("All towns"), None)
        self.town_combo.setEnabled(False)
        self.town_combo.currentIndexChanged.connect(self._timer.start)

        self.industry_combo = QComboBox(self)
        self.industry_combo.setObjectName("industryFilter")
        self.industry_combo.addItem(self.tr("All industries"), None)
        for code, english in self.ctx.classes.industries.items():
            self.industry_combo.addItem(english if self.ctx.lang.startswith("en") else code, code)
        self.industry_combo.currentIndexChanged.connect(self._timer.start)

        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("kindFilter")
        self.kind_combo.addItem(self.tr("All types"), None)
        for code in self.ctx.classes.kinds:
            self.kind_combo.addItem(self.ctx.classes.kind_name(code, self.ctx.lang), code)
        self.kind_combo.currentIndexChanged.connect(self._timer.start)

        self.key_check = QCheckBox(self.tr("Key supervision only"), self)
        self.key_check.setObjectName("keyFilter")
        self.key_check.toggled.connect(self._timer.start)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")

        self.new_button = QPushButton(self.tr("New…"), self)
        self.new_button.setObjectName("newButton")
        self.import_button = QPushButton(self.tr("Import…"), self)
        self.import_button.setObjectName("importButton")

        top = QHBoxLayout()
        top.addWidget(self.search_box, 3)
        top.addWidget(self.new_button)
        top.addWidget(self.import_button)
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(lambda: self.export())
        top.addWidget(self.export_button)
        filters = QHBoxLayout()
        for widget in (
            self.county_combo,
            self.town_combo,
            self.industry_combo,
            self.kind_combo,
            self.key_check,
        ):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.count_label)

        self.table = QTableView(self)
        self.table.setObjectName("registryTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.edit_current())

        self.detail = QTextBrowser(self)
        self.detail.setObjectName("detailPanel")
        self.detail.setOpenLinks(False)
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.setObjectName("editButton")
        self.edit_button.setEnabled(False)
        self.edit_button.clicked.connect(self.edit_current)
        self.inspect_button = QPushButton(self.tr("Start inspection…"), self)
        self.inspect_button.setObjectName("inspectButton")
        self.inspect_button.setEnabled(False)
        self.inspect_button.clicked.connect(self._inspect_current)
        detail_buttons = QHBoxLayout()
        detail_buttons.addStretch(1)
        detail_buttons.addWidget(self.inspect_button)
        detail_buttons.addWidget(self.edit_button)
        detail_box = QWidget(self)
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail)
        detail_layout.addLayout(detail_buttons)
        self._show_detail(None)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(detail_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)

    # -- wiring after the store is open ----------------------------------------------------

    def attach(self, reader: Store) -> None:
        """Called once the database is open: build the model and list the registry."""
        self._model = RegistryTableModel(
            reader, self.ctx.tree, self.ctx.classes, self.ctx.lang, self
        )
        self.table.setModel(self._model)
        header = self.table.horizontalHeader()
        widths = (260, 170, 60, 80, 100, 70, 70, 70, 90)
        for column, width in enumerate(widths):
            # never narrower than the column's title (English titles are longer)
            header.resizeSection(column, max(width, header.sectionSizeFromContents(column).width()))
        self._columns_fitted = False
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.run_search()

    def reload(self) -> None:
        """List again after a bulk change (cached rows and counts are stale)."""
        if self._model is None:
            return
        self._model.invalidate()
        self.run_search()

    @property
    def model(self) -> RegistryTableModel | None:
        return self._model

    # -- searching -------------------------------------------------------------------------

    def export(self, path: Path | None = None, on_done: Any = None) -> None:
        """The search result as shown, every row of it, to a workbook (written on the search
        thread)."""
        model = self.model
        if model is None:
            return
        title = self.tr("Registry") + (
            f" · {self.search_box.text()}" if self.search_box.text() else ""
        )
        export_xlsx(self.ctx, self, title, model.export_table(title), on_done=on_done, path=path)

    def current_query(self) -> search.Query:
        county = self.county_combo.currentData()
        filters = search.Filters(
            county_code=county if county and not county.startswith("Z") else None,
            supervising_unit=county if county and county.startswith("Z") else None,
            town_code=self.town_combo.currentData(),
            supervision_industry=self.industry_combo.currentData(),
            kind=self.kind_combo.currentData(),
            key_supervised=True if self.key_check.isChecked() else None,
        )
        return search.Query(self.search_box.text(), filters)

    def _county_changed(self) -> None:
        code = self.county_combo.currentData()
        self.town_combo.blockSignals(True)
        self.town_combo.clear()
        self.town_combo.addItem(self.tr("All towns"), None)
        units = self.ctx.tree
        towns = []
        if code and units.get(code).level == "county":
            towns = units.towns_of(code)
        elif code:
            towns = [units.get(c) for c in units.get(code).covers]
        for town in towns:
            self.town_combo.addItem(town.name, town.code)
        self.town_combo.setEnabled(bool(towns))
        self.town_combo.blockSignals(False)
        self._timer.start()

    def run_search(self) -> None:
        self._timer.stop()
        if self._model is None:
            return
        query = self.current_query()
        self.count_label.setText(self.tr("Searching…"))

        def task(store: Store, context: TaskContext) -> array[int]:
            page = search.first_page(store.conn, query)
            context.partial(page)
            return search.all_ids(store.conn, query, context.should_stop)

        self.ctx.searcher.submit(
            task,
            on_partial=self._first_page,
            on_done=lambda rids: self._all_ids(query.text, rids),
            on_error=lambda exc: self._search_failed(query.text, exc),
            latest_only="registry",
        )

    def _first_page(self, page: search.Page) -> None:
        assert self._model is not None
        self._pending_total = (page.total, page.capped)
        self._model.set_rids(array("q", page.rids))
        self._show_count(page.total, page.capped)

    def _fit_short_columns(self) -> None:
        """Once rows are listed: the short columns (type, county, industry…) as wide as the
        first rows' values, so that no value ends in "…" (the name keeps its width)."""
        if self._columns_fitted or self._model is None or not self._model.rowCount():
            return
        self._columns_fitted = True
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(FIT_ROWS)
        for column in SHORT_COLUMNS:
            wanted = max(self.table.sizeHintForColumn(column), header.sectionSize(column))
            header.resizeSection(column, min(wanted, MAX_FITTED_WIDTH))

    def _all_ids(self, text: str, rids: array[int]) -> None:
        assert self._model is not None
        self._model.set_rids(rids)
        self._fit_short_columns()
        self._show_count(len(rids), False)
        self._reselect()
        self.search_finished.emit(text, len(rids))

    def _search_failed(self, text: str, exc: BaseException) -> None:
        self.count_label.setText(self.tr("Search failed: %1").replace("%1", str(exc)))
        self.search_finished.emit(text, -1)

    def _show_count(self, total: int, capped: bool) -> None:
        shown = f"{total:,}+" if capped else f"{total:,}"
        self.count_label.setText(self.tr("%1 entries").replace("%1", shown))

    # -- selection and detail ---------------------------------------------------------------

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes or self._model is None:
            return
        rec = self._model.record(indexes[0].row())
        self._current_id = rec["id"] if rec else None
        self._refresh_detail()

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _reselect(self) -> None:
        """Keep the selected entry selected (and visible) after a refresh."""
        if not self._current_id or self._model is None or self.ctx.reader is None:
            return
        rec = Registry.get(self.ctx.reader.conn, self._current_id)
        row = self._model.row_of(rec["rid"]) if rec else None
        if row is not None:
            self.table.selectRow(row)
        self._refresh_detail()

    def current_record(self) -> dict[str, Any] | None:
        if not self._current_id or self.ctx.reader is None:
            return None
        return Registry.get(self.ctx.reader.conn, self._current_id)

    def _refresh_detail(self) -> None:
        rec = self.current_record()
        history = (
            Registry.history(self.ctx.reader.conn, rec["id"]) if rec and self.ctx.reader else []
        )
        self._show_detail(rec, history)

    def _show_detail(self, rec: dict[str, Any] | None, history: Sequence[LogEntry] = ()) -> None:
        self.edit_button.setEnabled(rec is not None)
        self.inspect_button.setEnabled(rec is not None)
        if rec is None:
            hint = html.escape(self.tr("Select an entry to see its details."))
            self.detail.setHtml(f"<p style='color:gray'>{hint}</p>")
            return
        lang = self.ctx.lang
        tree, classes = self.ctx.tree, self.ctx.classes
        rows = []
        for field in FIELDS:
            value = rec[field]
            if field in ("county_code", "town_code", "supervising_unit") and value:
                value = tree.units[value].name if value in tree.units else value
            elif field == "kind":
                value = classes.kind_name(value, lang)
            elif field == "risk_level":
                value = classes.risk_name(value, lang)
            elif field in ("above_size", "key_supervised"):
                value = self.tr("Yes") if value else self.tr("No")
            elif field == "industry_section" and value:
                value = f"{value} {classes.sections.get(value, '')}"
            elif field == "supervision_industry" and lang.startswith("en"):
                value = classes.industries.get(value, value)
            name = label(field).en if lang.startswith("en") else label(field).zh
            rows.append(
                f"<tr><td style='color:#555;padding-right:8px'>{html.escape(name)}</td>"
                f"<td>{html.escape(str(value))}</td></tr>"
            )
        title = html.escape(self.tr("Change history"))
        parts = [
            f"<h3>{html.escape(rec['name'])}</h3>",
            "<table>",
            *rows,
            "</table>",
            self._timeline_html(rec["id"]),
            f"<h4>{title}</h4>",
        ]
        if not history:
            none = html.escape(self.tr("No local changes (entry as received)."))
            parts.append(f"<p style='color:gray'>{none}</p>")
        for entry in reversed(history):
            parts.append(self._history_html(entry))
        self.detail.setHtml("".join(parts))

    def _timeline_html(self, enterprise_id: str) -> str:
        """Inspections, hazards and documents of the entry, newest first."""
        reader = self.ctx.reader
        if reader is None:
            return ""
        entries = enterprise_history.timeline(reader.conn, enterprise_id)
        more = self.tr("… and %n earlier item(s)", "", max(len(entries) - TIMELINE_SHOWN, 0))
        return self._major_html(reader.conn, enterprise_id) + timeline_html(
            entries,
            self.tr("Inspections, hazards and documents"),
            self.tr("No inspection recorded yet."),
            more,
        )

    def _major_html(self, conn: Any, enterprise_id: str) -> str:
        """Major hazards under listed supervision, and the closure rule (安全生产法 Art. 113)
        when it is met."""
        found, still_open = board.major_counts(conn, enterprise_id)
        if not found:
            return ""
        text = self.tr("Major hazards: %1, of which open (listed supervision): %2")
        parts = [
            "<p style='color:#b00020'>"
            + html.escape(text.replace("%1", str(found)).replace("%2", str(still_open)))
            + "</p>"
        ]
        check = board.closure_check(conn, enterprise_id, dt.date.today())
        if check.triggered:
            warning = self.tr(
                "Major hazards penalised %1 times in 180 days and %2 times in a year: closure "
                "must be proposed to the government (Work Safety Law Art. 113)"
            )
            parts.append(
                "<p style='color:#b00020;font-weight:bold'>"
                + html.escape(
                    warning.replace("%1", str(check.counts[0][2])).replace(
                        "%2", str(check.counts[1][2])
                    )
                )
                + "</p>"
            )
        return "".join(parts)

    def _inspect_current(self) -> None:
        rec = self.current_record()
        if rec is not None:
            self.inspect_requested.emit(rec["id"])

    def _history_html(self, entry: LogEntry) -> str:
        when = entry.device_time[:19].replace("T", " ")
        if entry.op == "insert":
            what = self.tr("created")
        else:
            changes = []
            for field, pair in entry.changes.items():
                old, new = pair if isinstance(pair, list) else (None, pair)
                name = label(field).en if self.ctx.lang.startswith("en") else label(field).zh
                changes.append(
                    f"{html.escape(name)}: {html.escape(str(old))} → {html.escape(str(new))}"
                )
            what = "<br>".join(changes)
        return f"<p><b>{html.escape(when)}</b> · {html.escape(entry.author)}<br>{what}</p>"

    # -- edits -----------------------------------------------------------------------------

    def edit_current(self) -> None:
        rec = self.current_record()
        if rec is None:
            return
        from ui.enterprise_dialog import EnterpriseDialog

        dialog = EnterpriseDialog(self.ctx, rec, self)
        dialog.open()

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.tables() & enterprise_history.TABLES:
            self._refresh_detail()
        if TABLE not in changes.tables() or self._model is None:
            return
        self._model.invalidate()
        inserted = changes.inserted.get(TABLE)
        if inserted and len(inserted) == 1:
            self._current_id = inserted[0]
        self.run_search()


def timeline_html(
    entries: Sequence[enterprise_history.Entry], title: str, empty: str, more: str
) -> str:
    """The history section of the detail panel (the newest ``TIMELINE_SHOWN`` entries)."""
    heading = f"<h4>{html.escape(title)}</h4>"
    if not entries:
        return f"{heading}<p style='color:gray'>{html.escape(empty)}</p>"
    lines = [heading, "<table>"]
    for entry in entries[:TIMELINE_SHOWN]:
        colour = {"hazard": "#b00020", "document": "#1a5fb4"}.get(entry.kind, "#222")
        lines.append(
            f"<tr><td style='color:#555;padding-right:8px'>{html.escape(entry.when[:10])}</td>"
            f"<td style='color:{colour}'>{html.escape(entry.title)}"
            f"<br><span style='color:#666'>{html.escape(entry.detail)}</span></td></tr>"
        )
    lines.append("</table>")
    if len(entries) > TIMELINE_SHOWN:
        lines.append(f"<p style='color:gray'>{html.escape(more)}</p>")
    return "".join(lines)
