"""The daily-fine calculator (安全生产法 Art. 112): the original fine, the date of the correction
order and the date the refusal was established give the days and the total. Each bad field is
named beside it; the article's citation and note come from the article catalogue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from inspector_app.cases import articles
from inspector_app.cases.daily_fines import LABELS, compute
from inspector_app.cases.money import decision_phrase
from inspector_app.registry.validation import RecordInvalid

ERROR_STYLE = "color: #c62828"


def _date(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class DailyFineDialog(QDialog):
    def __init__(
        self, lang: str, today: Callable[[], dt.date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.lang, self.today = lang, today
        english = lang.startswith("en")
        self.setObjectName("dailyFineDialog")
        self.setWindowTitle(self.tr("Daily fine calculator"))
        self.setMinimumWidth(520)
        entry = next(
            e
            for e in articles.default_catalogue().entries
            if isinstance(e.rule, articles.DailyFineRule)
        )
        self.basis = QLabel(self)
        self.basis.setObjectName("dailyFineBasis")
        self.basis.setWordWrap(True)
        self.basis.setText(
            (entry.cite_en if english else entry.cite)
            + ": "
            + self.tr("the original fine again for each day, from the day after the order.")
            + "\n"
            + entry.note
        )
        now = today()
        self.fine_edit = QLineEdit(self)
        self.fine_edit.setObjectName("originalFine")
        self.fine_edit.setPlaceholderText("20,000")
        self.order_edit = QDateEdit(QDate(now.year, now.month, now.day), self)
        self.order_edit.setObjectName("orderOn")
        self.refused_edit = QDateEdit(QDate(now.year, now.month, now.day), self)
        self.refused_edit.setObjectName("refusedOn")
        for edit in (self.order_edit, self.refused_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self.calculate)
        self.fine_edit.textChanged.connect(self.calculate)
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for field, widget in (
            ("original_fine", self.fine_edit),
            ("order_on", self.order_edit),
            ("refused_on", self.refused_edit),
        ):
            error = QLabel(self)
            error.setObjectName(f"error_{field}")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            box.addWidget(error)
            lab = LABELS[field]
            form.addRow(lab.en if english else lab.zh, box)
            self.errors[field] = error
        self.outcome = QLabel(self)
        self.outcome.setObjectName("dailyFineResult")
        self.outcome.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.basis)
        layout.addLayout(form)
        layout.addWidget(self.outcome)
        layout.addWidget(buttons)
        self.calculate()

    def calculate(self, *_args: object) -> None:
        for error in self.errors.values():
            error.hide()
        try:
            found = compute(
                self.fine_edit.text(),
                _date(self.order_edit.date()),
                _date(self.refused_edit.date()),
                self.today(),
            )
        except RecordInvalid as exc:
            for item in exc.errors:
                target = self.errors[item.field]
                target.setText(item.text(self.lang))
                target.show()
            self.outcome.setText(self.tr("Enter the original fine and both dates."))
            self.outcome.setProperty("total", None)
            return
        self.outcome.setText(
            self.tr("%1 days × the original fine = %2")
            .replace("%1", str(found.days))
            .replace("%2", decision_phrase(found.total))
        )
        self.outcome.setProperty("total", str(found.total))
