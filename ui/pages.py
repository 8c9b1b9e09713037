"""The areas of the main window besides the registry.

Areas that later versions fill say so plainly: they show no sample or invented data.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_app.registry import officers
from inspector_app.store.database import Store
from ui.context import AppContext
from ui.export import export_button


class PlannedPage(QWidget):
    """An area that is not built yet: its name, what it will do, and that it is not there."""

    def __init__(self, title: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(f"<h2>{html.escape(title)}</h2>", self)
        body = QLabel(self)
        body.setObjectName("plannedText")
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.RichText)
        notice = self.tr(
            "This area is not available in this version yet. Nothing shown here is real data."
        )
        body.setText(
            f"<p>{html.escape(description)}</p>"
            f"<p style='color:#8a6d3b'><b>{html.escape(notice)}</b></p>"
        )
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)


class OfficersPage(QWidget):
    """Officers of the local store with their enforcement certificates and validity."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("OfficersPage", "Name"),
        QT_TRANSLATE_NOOP("OfficersPage", "Unit"),
        QT_TRANSLATE_NOOP("OfficersPage", "Role"),
        QT_TRANSLATE_NOOP("OfficersPage", "Certificate number"),
        QT_TRANSLATE_NOOP("OfficersPage", "Valid until"),
        QT_TRANSLATE_NOOP("OfficersPage", "Status"),
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("officersPage")
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("officersTable")
        self.table.setHorizontalHeaderLabels([self.tr(str(c)) for c in self.COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel(self)
        self.export_button = export_button(
            ctx, self, lambda: self.tr("Officers"), lambda: self.table.model()
        )
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def attach(self, reader: Store) -> None:
        self.refresh(reader)

    def refresh(self, reader: Store, today: dt.date | None = None) -> None:
        today = today or reader.clock.today()
        roles = officers.ROLES
        rows = officers.roster(reader.conn)
        self.table.setRowCount(len(rows))
        expired = 0
        for i, (officer, cert) in enumerate(rows):
            valid = cert is not None and cert.valid_on(today)
            if not valid:
                expired += 1
            if cert is None:
                status = self.tr("No certificate")
            elif not valid:
                status = self.tr("Expired")
            elif (cert.expires_on - today).days <= 60:
                status = self.tr("Expires soon")
            else:
                status = self.tr("Valid")
            unit = self.ctx.tree.units.get(officer.unit_code)
            cells = (
                officer.name,
                unit.name if unit else officer.unit_code,
                roles.get(officer.role, officer.role)
                if not self.ctx.lang.startswith("en")
                else officer.role,
                cert.number if cert else "",
                cert.expires_on.isoformat() if cert else "",
                status,
            )
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if column == 5 and not valid:
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(i, column, item)
        self.summary.setText(
            self.tr("%1 officers; %2 without a valid certificate today.")
            .replace("%1", str(len(rows)))
            .replace("%2", str(expired))
        )
