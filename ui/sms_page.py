"""SMS notice lists for enterprise heads (``reports.sms``): who (county-level unit, industry,
kind, key supervision, above size), the message with its placeholders and its length in SMS
parts as it is typed, the list built with its numbers deduplicated and the landlines and bad
numbers set aside, the gateway's CSV written, and the round recorded as sent
(``reports.sms_rounds``).

The list is built on the search thread; the round is written through ``ui.ops``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector_app.messages import Bilingual
from inspector_app.reports import sms, sms_rounds
from inspector_app.reports.sms import Recipient, SmsList, TargetFilter, Template
from inspector_app.store.database import Store
from ui.accident_dialogs import form_error_label
from ui.accident_registers import table_view
from ui.context import AppContext
from ui.crash import refusal_text
from ui.ops import run_op
from ui.row_table import Index, RowTableModel
from ui.tasks import TaskContext

SHOWN = 2000  # rows of the list shown on screen; the file holds them all


class RecipientModel(RowTableModel):
    COLUMNS = (
        ("phone", QT_TRANSLATE_NOOP("RecipientModel", "Mobile number")),
        ("name", QT_TRANSLATE_NOOP("RecipientModel", "Unit")),
        ("parts", QT_TRANSLATE_NOOP("RecipientModel", "Parts")),
        ("message", QT_TRANSLATE_NOOP("RecipientModel", "Message")),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Recipient] = []
        self._headers = [self.tr(str(h)) for _, h in self.COLUMNS]

    def set_rows(self, rows: Sequence[Recipient]) -> None:
        self.beginResetModel()
        self._rows = list(rows[:SHOWN])
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self._rows[index.row()]
        key = self.COLUMNS[index.column()][0]
        if key == "parts":
            return str(row.segments.parts)
        return str(getattr(row, key))


class SmsPage(QWidget):
    built = Signal(object)  # SmsList, or None when refused
    exported = Signal(str, str)  # the CSV's path, its SHA-256
    recorded = Signal(str)  # the round's id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("smsPage")
        self.today: Callable[[], dt.date] = dt.date.today
        self.settings = sms.default_settings()
        self.sms_list: SmsList | None = None
        self.built_with: tuple[Template, TargetFilter] | None = None
        self.sent_sha256 = ""
        self.model = RecipientModel(self)
        self.county = QComboBox(self)
        self.county.setObjectName("smsCounty")
        self.county.addItem(self.tr("All counties"), None)
        for unit in ctx.tree.reporting_units():
            self.county.addItem(unit.name, unit.code)
        self.industry = QComboBox(self)
        self.industry.setObjectName("smsIndustry")
        self.industry.addItem(self.tr("All industries"), None)
        for code in ctx.classes.industries:
            self.industry.addItem(code, code)
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Enterprises and individual businesses"), None)
        for code in ("enterprise", "individual"):
            self.kind.addItem(ctx.classes.kind_name(code, ctx.lang), code)
        self.key_only = QCheckBox(self.tr("Key-supervised only"), self)
        self.above_size = QCheckBox(self.tr("Above designated size only"), self)
        self.title = QLineEdit(self)
        self.title.setObjectName("smsTitle")
        self.template = QPlainTextEdit(self)
        self.template.setObjectName("smsTemplate")
        self.template.setMaximumHeight(90)
        self.template.textChanged.connect(self._length)
        placeholders = "、".join(f"{{{k}}}" for k in self.settings.placeholders)
        self.length_label = QLabel(self)
        self.length_label.setObjectName("smsLength")
        self.summary = QLabel(self)
        self.summary.setObjectName("smsSummary")
        self.summary.setWordWrap(True)
        self.message = form_error_label(self, "smsMessage")
        self.build_button = QPushButton(self.tr("Build the list"), self)
        self.build_button.clicked.connect(lambda: self.build())
        self.export_button = QPushButton(self.tr("Export for the gateway…"), self)
        self.export_button.clicked.connect(lambda: self.export())
        self.record_button = QPushButton(self.tr("Record the round as sent"), self)
        self.record_button.clicked.connect(lambda: self.record())
        for button in (self.export_button, self.record_button):
            button.setEnabled(False)
        for combo in (self.county, self.industry, self.kind):
            combo.currentIndexChanged.connect(lambda _i: self._stale())
        for box in (self.key_only, self.above_size):
            box.toggled.connect(lambda _c: self._stale())
        self.table = table_view(self, "recipientTable", self.model)
        who = QHBoxLayout()
        for widget in (self.county, self.industry, self.kind, self.key_only, self.above_size):
            who.addWidget(widget)
        who.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("To"), who)
        form.addRow(self.tr("Round"), self.title)
        form.addRow(self.tr("Message"), self.template)
        form.addRow(self.tr("Placeholders"), QLabel(placeholders, self))
        form.addRow("", self.length_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        for button in (self.build_button, self.export_button, self.record_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        self._length()

    def attach(self, reader: Store | None = None) -> None:
        del reader

    def target(self) -> TargetFilter:
        def one(combo: QComboBox) -> tuple[str, ...]:
            value = combo.currentData()
            return (str(value),) if value else ()

        return TargetFilter(
            units=one(self.county),
            industries=one(self.industry),
            kinds=one(self.kind),
            key_only=self.key_only.isChecked(),
            above_size_only=self.above_size.isChecked(),
        )

    def _length(self) -> None:
        """The message as typed, with the signature, in characters and SMS parts (before the
        placeholders are filled: a name makes it longer)."""
        text = self.settings.signature + self.template.toPlainText().strip()
        found = sms.segments(text, self.settings)
        self.length_label.setText(
            self.tr("%1 characters with the signature: %2 SMS part(s) (%3) before placeholders")
            .replace("%1", str(found.units))
            .replace("%2", str(found.parts))
            .replace("%3", found.encoding)
        )
        self._stale()

    def _stale(self) -> None:
        """Anything changed after the list was built: it must be built again before export."""
        self.sms_list = None
        for button in (self.export_button, self.record_button):
            button.setEnabled(False)

    def build(self) -> None:
        self.message.clear()
        try:
            template = sms.parse_template(self.template.toPlainText(), self.settings)
        except Bilingual as exc:
            self.message.setText(exc.text(self.ctx.lang))
            self.built.emit(None)
            return
        target, tree, settings = self.target(), self.ctx.tree, self.settings

        def task(store: Store, _context: TaskContext) -> SmsList:
            found = sms.local_targets(store.conn, target, tree)
            return sms.build_list(found, template, tree, settings)

        self.summary.setText(self.tr("Building…"))
        self.ctx.searcher.submit(
            task,
            on_done=lambda made: self._show(made, template, target),
            on_error=self._failed,
            latest_only="sms",
        )

    def _show(self, made: SmsList, template: Template, target: TargetFilter) -> None:
        self.sms_list, self.built_with, self.sent_sha256 = made, (template, target), ""
        self.model.set_rows(made.recipients)
        self.summary.setText(
            self.tr(
                "%1 numbers, %2 SMS parts billed (longest: %3); set aside: %4 landlines, "
                "%5 missing or invalid, %6 duplicates"
            )
            .replace("%1", str(made.messages))
            .replace("%2", str(made.parts))
            .replace("%3", str(made.longest))
            .replace("%4", str(made.count("landline")))
            .replace("%5", str(made.count("invalid") + made.count("missing")))
            .replace("%6", str(made.count("duplicate")))
        )
        self.export_button.setEnabled(bool(made.recipients))
        self.record_button.setEnabled(False)
        self.built.emit(made)

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(refusal_text(exc, self.ctx.lang))
        self.built.emit(None)

    def export(self, path: Path | None = None) -> None:
        made = self.sms_list
        if made is None:
            return
        if path is None:
            chosen, _f = QFileDialog.getSaveFileName(
                self,
                self.tr("Export for the gateway"),
                str(Path.home() / f"{self.title.text().strip() or 'sms'}.csv"),
                self.tr("CSV file (*.csv)"),
            )
            if not chosen:
                return
            path = Path(chosen)
        try:
            digest = sms.write_gateway_csv(path, made, self.settings)
        except (OSError, Bilingual) as exc:
            text = exc.text(self.ctx.lang) if isinstance(exc, Bilingual) else str(exc)
            self.message.setText(text)
            return
        self.sent_sha256 = digest
        self.record_button.setEnabled(True)
        self.exported.emit(str(path), digest)

    def record(self, sent_on: dt.date | None = None) -> None:
        """Record the round the gateway sent (the file written last, by its SHA-256)."""
        made, built = self.sms_list, self.built_with
        if made is None or built is None or not self.sent_sha256:
            return
        template, target = built
        unit = self.ctx.tree.city.code
        title, digest = self.title.text().strip(), self.sent_sha256
        day, today = sent_on or self.today(), self.today()
        self.message.clear()
        run_op(
            self.ctx,
            lambda uow: sms_rounds.record_round(
                uow, unit, title, template, target, made, digest, day, today
            ),
            on_done=self._recorded,
            say=self.message.setText,
        )

    def _recorded(self, round_id: str) -> None:
        self.record_button.setEnabled(False)
        self.recorded.emit(round_id)
