"""The plans area (监督检查计划, area key ``plans``): the planning board, the 双随机 draws, the
special-period campaigns, the delegation register, and joint enforcement with the clues
exchanged with the police: one tab each.

The main window builds ``PlansPage(ctx, parent)``, calls ``attach(reader)`` once the store is
open and ``refresh(user)`` when the signed-in officer changes: covert tasks and draws are then
shown only as ``tasks.may_see`` allows that officer.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from inspector_app.registry import delegations
from inspector_app.store.database import Store
from ui.campaign_dashboard import CampaignDashboard
from ui.context import AppContext
from ui.delegation_register import DelegationRegister
from ui.draws_page import DrawsPage
from ui.joint_page import JointPage
from ui.plan_board import PlanBoard
from ui.plan_models import viewer_of


class Screen(Protocol):
    viewer: delegations.Actor | None

    def attach(self, reader: Store) -> None: ...

    def refresh(self) -> None: ...


class PlansPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("plansPage")
        self.setProperty("area", "plans")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("plansTabs")
        self.tabs.setDocumentMode(True)
        self.board = PlanBoard(ctx, self)
        self.tabs.addTab(self.board, self.tr("Planning board"))
        self.screens: list[Screen] = [self.board]
        self.draws = DrawsPage(ctx, self)
        self.add_screen(self.draws, self.tr("Random checks"))
        self.campaigns = CampaignDashboard(ctx, self)
        self.add_screen(self.campaigns, self.tr("Campaigns"))
        self.delegations = DelegationRegister(ctx, self)
        self.add_screen(self.delegations, self.tr("Delegation register"))
        self.joint = JointPage(ctx, self)
        self.add_screen(self.joint, self.tr("Joint enforcement"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def add_screen(self, screen: Any, title: str) -> None:
        self.tabs.addTab(screen, title)
        self.screens.append(screen)

    def attach(self, reader: Store) -> None:
        viewer = viewer_of(self.ctx.user)
        for screen in self.screens:
            screen.viewer = viewer
            screen.attach(reader)

    def refresh(self, user: dict[str, Any] | None = None) -> None:
        """Query every tab again for ``user`` (else the signed-in officer)."""
        viewer = viewer_of(user if user is not None else self.ctx.user)
        for screen in self.screens:
            screen.viewer = viewer
            screen.refresh()
