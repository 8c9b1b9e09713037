"""The reports area of the main window: the monthly report with its charts and exports, the
typical-case bulletin and the SMS notice lists, one tab each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from inspector_app.store.database import Store
from ui.bulletin_page import BulletinPage
from ui.context import AppContext
from ui.report_page import ReportsPage
from ui.sms_page import SmsPage


class ReportsArea(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsArea")
        self.report = ReportsPage(ctx, self)
        self.bulletin = BulletinPage(ctx, self)
        self.sms = SmsPage(ctx, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("reportsTabs")
        self.tabs.addTab(self.report, self.tr("Monthly penalty report"))
        self.tabs.addTab(self.bulletin, self.tr("Typical-case bulletin"))
        self.tabs.addTab(self.sms, self.tr("SMS notices"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def set_today(self, today: Callable[[], dt.date]) -> None:
        """The day the pages count from (tests fix it)."""
        self.report.today = today
        self.bulletin.today = today
        self.sms.today = today

    def attach(self, reader: Store) -> None:
        """Called once the database is open."""
        self.report.attach(reader)
        self.bulletin.attach(reader)
        self.sms.attach(reader)
