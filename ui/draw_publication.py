"""Recording a draw's publication (抽查结果公开): which notice — the draw's result or the
inspections' results —, the day it was published (not before the draw, not in the future), where
(the portal, a notice board) and its reference. The rules are ``publication.check_publication``;
a refusal stays on the dialog's message line, naming the field and the rule, with nothing
written."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from inspector_app.plans import publication
from inspector_app.store.facts import LocalFacts
from ui.context import AppContext
from ui.ops import run_op
from ui.plan_models import label_text, message_line


class PublicationDialog(QDialog):
    def __init__(
        self, ctx: AppContext, draw_id: str, today: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.draw_id = draw_id
        self.publication_id = ""
        self.setObjectName("publicationDialog")
        self.setWindowTitle(self.tr("Record the publication"))
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("publicationKind")
        for code, label in publication.KINDS.items():
            self.kind_combo.addItem(label_text(label, ctx.lang), code)
        self.day_edit = QDateEdit(self)
        self.day_edit.setObjectName("publishedOn")
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDate(QDate(today.year, today.month, today.day))
        self.channel_edit = QLineEdit(self)
        self.channel_edit.setObjectName("publicationChannel")
        self.channel_edit.setPlaceholderText(self.tr("e.g. the bureau's portal"))
        self.reference_edit = QLineEdit(self)
        self.reference_edit.setObjectName("publicationReference")
        self.message = message_line(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Notice"), self.kind_combo)
        form.addRow(self.tr("Published on"), self.day_edit)
        form.addRow(self.tr("Where published"), self.channel_edit)
        form.addRow(self.tr("Reference (link or number)"), self.reference_edit)
        form.addRow(self.message)
        form.addRow(self.buttons)

    def values(self) -> dict[str, object]:
        d = self.day_edit.date()
        return {
            "draw_id": self.draw_id,
            "kind": self.kind_combo.currentData(),
            "published_on": dt.date(d.year(), d.month(), d.day()).isoformat(),
            "channel": self.channel_edit.text().strip(),
            "reference": self.reference_edit.text().strip(),
        }

    def save(self) -> None:
        values = self.values()
        self.message.clear()
        self.buttons.setEnabled(False)

        def done(publication_id: str) -> None:
            self.publication_id = publication_id
            self.accept()

        run_op(
            self.ctx,
            lambda uow: publication.record_publication(uow, LocalFacts(uow.conn), values),
            on_done=done,
            on_failed=lambda: self.buttons.setEnabled(True),
            say=self.message.setText,
            parent=self,
        )
