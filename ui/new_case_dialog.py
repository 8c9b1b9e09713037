"""Open a penalty case: the party (a unit found in the registry, or a person with an ID number),
where the case comes from, the cause and facts, when the act happened, the article and whom it
fines. The rules are the domain's (``procedure.open_case``); a refusal is shown in the dialog."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from inspector_app.cases import articles, cases, procedure
from inspector_app.registry.entries import Registry
from inspector_app.store.database import Store
from ui.case_steps import ERROR_STYLE, date_edit, from_qdate
from ui.context import AppContext
from ui.decision_dialog import ArticlePicker
from ui.ops import run_op
from ui.registry_picker import fill_matches


class NewCaseDialog(QDialog):
    """Open a case file: the party (from the registry, or a person), the source, the cause and
    facts, when the act happened, the article and who it fines."""

    created = Signal(str)  # case id

    def __init__(
        self,
        ctx: AppContext,
        enterprise_id: str | None = None,
        source: str = "inspection",
        source_id: str = "",
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("newCaseDialog")
        self.setWindowTitle(self.tr("New penalty case"))
        self.resize(680, 0)
        self.enterprise_id = enterprise_id
        self.source_id = source_id
        en = ctx.lang.startswith("en")

        self.unit_radio = QRadioButton(self.tr("A unit in the registry"), self)
        self.person_radio = QRadioButton(self.tr("A person"), self)
        kinds = QButtonGroup(self)
        for radio in (self.unit_radio, self.person_radio):
            kinds.addButton(radio)
        self.unit_radio.setChecked(True)
        self.unit_radio.toggled.connect(self._kind_changed)
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(self.tr("Search the registry by name, pinyin or code"))
        self.search_box.textChanged.connect(self._search)
        self.results = QListWidget(self)
        self.results.setMaximumHeight(110)
        self.results.currentItemChanged.connect(self._picked)
        self.enterprise_label = QLabel(self)
        self.enterprise_label.setWordWrap(True)
        self.person_name = QLineEdit(self)
        self.person_id = QLineEdit(self)
        self.person_id.setPlaceholderText(self.tr("18-character resident ID number"))
        self.person_address = QLineEdit(self)
        self.county = QComboBox(self)
        for unit in ctx.tree.reporting_units():
            self.county.addItem(unit.name, unit.code)

        self.source = QComboBox(self)
        for code, zh in cases.SOURCES.items():
            self.source.addItem(code.capitalize() if en else zh, code)
        self.source.setCurrentIndex(max(self.source.findData(source), 0))
        self.cause = QLineEdit(self)
        self.cause.setObjectName("cause")
        self.facts = QPlainTextEdit(self)
        self.facts.setObjectName("facts")
        self.facts.setMaximumHeight(90)
        self.violation_on = date_edit(today or dt.date.today(), self)
        self.continuing = QCheckBox(self.tr("The act continues"), self)
        self.article = ArticlePicker(self, allow_none=True)
        self.article.changed.connect(self._article_changed)
        self.subject = QComboBox(self)
        self.subject.setObjectName("subjectChoice")

        self.error_label = QLabel(self)
        self.error_label.setObjectName("newCaseError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Open the case"))
        self.buttons.accepted.connect(self.create_case)
        self.buttons.rejected.connect(self.reject)
        for edit in (self.person_name, self.cause):
            edit.textChanged.connect(self._update_ok)

        kind_row = QHBoxLayout()
        kind_row.addWidget(self.unit_radio)
        kind_row.addWidget(self.person_radio)
        kind_row.addStretch(1)
        when_row = QHBoxLayout()
        when_row.addWidget(self.violation_on)
        when_row.addWidget(self.continuing)
        when_row.addStretch(1)
        self.form = QFormLayout()
        self.form.addRow(self.tr("Party"), kind_row)
        self.form.addRow(self.tr("Search"), self.search_box)
        self.form.addRow("", self.results)
        self.form.addRow(self.tr("Selected"), self.enterprise_label)
        self.form.addRow(self.tr("Name"), self.person_name)
        self.form.addRow(self.tr("ID number"), self.person_id)
        self.form.addRow(self.tr("Address"), self.person_address)
        self.form.addRow(self.tr("County"), self.county)
        self.form.addRow(self.tr("Source"), self.source)
        self.form.addRow(self.tr("Cause"), self.cause)
        self.form.addRow(self.tr("Facts"), self.facts)
        self.form.addRow(self.tr("Date of the act"), when_row)
        self.form.addRow(self.tr("Article"), self.article)
        self.form.addRow(self.tr("Party penalised"), self.subject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._kind_changed()
        self._show_enterprise()
        self._article_changed()

    def _reader(self) -> Store:
        return self.ctx.open_reader()

    def _kind_changed(self, *_args: Any) -> None:
        unit = self.unit_radio.isChecked()
        rows: list[tuple[QWidget, bool]] = [
            (self.search_box, unit),
            (self.results, unit),
            (self.enterprise_label, unit),
            (self.person_name, not unit),
            (self.person_id, not unit),
            (self.person_address, not unit),
            (self.county, not unit),
        ]
        for widget, visible in rows:
            self.form.setRowVisible(widget, visible)
        self._article_changed()

    def _search(self, text: str) -> None:
        fill_matches(self.results, self._reader().conn, text)

    def _picked(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.enterprise_id = str(item.data(Qt.ItemDataRole.UserRole))
            self._show_enterprise()

    def _show_enterprise(self) -> None:
        rec = Registry.get(self._reader().conn, self.enterprise_id) if self.enterprise_id else None
        if rec is None:
            self.enterprise_label.setText(self.tr("No unit chosen yet."))
        else:
            self.enterprise_label.setText(
                f"<b>{html.escape(rec['name'])}</b><br>{html.escape(rec['address'])}"
                f"<br>{html.escape(rec['supervision_industry'])}"
            )
        self._update_ok()

    def _article_changed(self, *_args: Any) -> None:
        """Who the article fines (any stage); the party's kind first."""
        entry = self.article.entry()
        party = "unit" if self.unit_radio.isChecked() else "person"
        keep = self.subject.currentData()
        en = self.ctx.lang.startswith("en")
        with QSignalBlocker(self.subject):
            self.subject.clear()
            for code in entry.subjects if entry else ():
                who = articles.SUBJECTS[code]
                self.subject.addItem(who.en if en else who.zh, code)
            kinds = [
                articles.SUBJECTS[str(self.subject.itemData(n))].kind
                for n in range(self.subject.count())
            ]
            index = self.subject.findData(keep)
            if index < 0 or kinds[index] != party:  # a person is not fined as a unit
                index = kinds.index(party) if party in kinds else 0
            self.subject.setCurrentIndex(index)

    def _update_ok(self, *_args: Any) -> None:
        party = (
            bool(self.enterprise_id)
            if self.unit_radio.isChecked()
            else bool(self.person_name.text().strip())
        )
        self.ok_button.setEnabled(party and bool(self.cause.text().strip()))

    def values(self) -> dict[str, object]:
        """What ``procedure.open_case`` is given."""
        unit = self.unit_radio.isChecked()
        values: dict[str, object] = {
            "party_kind": "unit" if unit else "person",
            "source": self.source.currentData(),
            "source_id": self.source_id,
            "cause": self.cause.text().strip(),
            "facts": self.facts.toPlainText().strip(),
            "violation_on": from_qdate(self.violation_on.date()).isoformat(),
            "continuing": self.continuing.isChecked(),
            "article_id": self.article.article_id(),
            "subject": self.subject.currentData() or "",
        }
        if unit:
            values["enterprise_id"] = self.enterprise_id or ""
        else:
            values.update(
                {
                    "party_name": self.person_name.text().strip(),
                    "party_id_number": self.person_id.text().strip(),
                    "party_address": self.person_address.text().strip(),
                    "county_code": self.county.currentData(),
                }
            )
        return values

    def create_case(self) -> None:
        values, tree = self.values(), self.ctx.tree
        self.ok_button.setEnabled(False)
        self.error_label.clear()

        def done(case_id: str) -> None:
            self.created.emit(case_id)
            self.accept()

        run_op(
            self.ctx,
            lambda uow: procedure.open_case(uow, tree, values),
            on_done=done,
            say=self.error_label.setText,
            on_failed=self._update_ok,
        )
