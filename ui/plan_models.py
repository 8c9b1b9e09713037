"""What the plans area's screens share: a table model over ready-made rows with translated
headers, the signed-in officer as the ``Actor`` the covert-check rule asks about, and a
message line for refusals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

from inspector_app.plans import campaigns, consistency, joint, letters, plans, progress, publication
from inspector_app.plans import tasks as plan_tasks
from inspector_app.plans.parameters import RISK_LEVELS, default_parameters
from inspector_app.registry import delegations
from inspector_app.store.changelog import ChangeSet
from inspector_app.store.database import Store
from ui.context import AppContext
from ui.row_table import Index, RowTableModel


class ListModel(RowTableModel):
    """Rows of display values under headers translated in ``context`` (a few thousand rows at
    most: the board's lists, a draw's result, a register)."""

    def __init__(
        self, context: str, headers: Sequence[object], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.COLUMNS = tuple((str(h), h) for h in headers)
        self._headers = [QCoreApplication.translate(context, str(h)) for h in headers]
        self._keys: list[object] = []
        # the plans' list values (statuses, kinds, 小计/合计…) as the UI's language shows them
        self.words: Mapping[str, str] = {}

    def set_rows(self, rows: Sequence[Sequence[object]], keys: Sequence[object] = ()) -> None:
        self.beginResetModel()
        self._rows = [list(r) for r in rows]
        self._keys = list(keys) or [None] * len(self._rows)
        self.endResetModel()

    def key(self, row: int) -> object:
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def text(self, row: int, column: int) -> str:
        value = self._rows[row][column] if 0 <= row < len(self._rows) else None
        return "" if value is None else str(value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if not 0 <= index.column() < len(row):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = row[index.column()]
            text = "" if value is None else str(value)
            return self.words.get(text, text)
        if role == Qt.ItemDataRole.UserRole:
            return self._keys[index.row()]
        return None


def list_words(ctx: AppContext) -> dict[str, str]:
    """The values the plans' list functions write in Chinese (task statuses and kinds, levels,
    directions and steps of clues, departments, categories, risk levels, 小计 and 合计), each
    with its English: what a list shows in the English UI. Empty in the Chinese UI."""
    if not ctx.lang.startswith("en"):
        return {}
    params = default_parameters()
    tables: list[Mapping[str, Any]] = [
        progress.STATUSES,
        plan_tasks.KINDS,
        plan_tasks.SOURCES,
        plan_tasks.RELATIONS,
        plans.LEVEL_NAMES,
        plans.STATUSES,
        plans.REASONS,
        joint.DIRECTIONS,
        joint.CLUE_EVENTS,
        campaigns.MEMBER_ROLES,
        campaigns.EVENT_KINDS,
        campaigns.STATES,
        letters.KINDS,
        publication.KINDS,
        params.categories,
        params.departments,
        params.crimes,
        params.campaign_kinds,
        params.response_levels,
    ]
    words = {str(v.zh): str(v.en) for table in tables for v in table.values()}
    for risk in RISK_LEVELS:
        words[ctx.classes.risk_name(risk)] = ctx.classes.risk_name(risk, ctx.lang)
    words[consistency.risk_name("")] = QCoreApplication.translate("PlanLists", "All risk levels")
    words["小计"] = QCoreApplication.translate("PlanLists", "Subtotal")
    words["合计"] = QCoreApplication.translate("PlanLists", "Total")
    words["已移送，待公安机关受理"] = QCoreApplication.translate(
        "PlanLists", "Sent, awaiting the police's decision"
    )
    words["已接收，待核查"] = QCoreApplication.translate("PlanLists", "Received, being checked")
    return words


def viewer_of(user: dict[str, Any] | None) -> delegations.Actor | None:
    """The signed-in officer as the rules see them; None (no one signed in): the device's own
    data, as the local store holds it."""
    if not user or not user.get("role"):
        return None
    return delegations.Actor(
        str(user["role"]), str(user.get("unit_code") or ""), str(user.get("id") or "")
    )


def message_line(parent: QWidget) -> QLabel:
    """A form's message line: refusals in red, kept until the next attempt."""
    label = QLabel(parent)
    label.setObjectName("messageLabel")
    label.setWordWrap(True)
    label.setStyleSheet("color: #c62828")
    return label


def pick(zh: str, en: str, lang: str) -> str:
    """A bilingual value (a domain label, a finding) in the UI's language."""
    return en if lang.startswith("en") else zh


def label_text(label: Any, lang: str) -> str:
    """A domain label (``zh``, ``en``) in the UI's language."""
    return pick(str(label.zh), str(label.en), lang)


class PlanScreen(QWidget):
    """A tab of the plans page: its context, the day it counts from (tests fix it), the
    signed-in officer it shows what they may see, and a new query when an operation changed
    one of the ``WATCHED`` tables. Subclasses answer ``refresh``."""

    WATCHED: frozenset[str] = frozenset()

    def __init__(self, ctx: AppContext, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(name)
        self.today: Callable[[], dt.date] = dt.date.today
        self.viewer: delegations.Actor | None = None
        self._attached = False
        ctx.broadcaster.changes_applied.connect(self._on_changes)

    def attach(self, reader: Store) -> None:
        """The store is open: list what the tab shows (queried on the search thread)."""
        del reader
        self._attached = True
        self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.tables() & self.WATCHED:
            self.refresh()

    def list_table(self, name: str, model: ListModel, stretch: int = -1) -> QTableView:
        """A read-only table over ``model``: columns sized to their contents, ``stretch``
        taking the rest of the width."""
        model.words = list_words(self.ctx)
        table = QTableView(self)
        table.setObjectName(name)
        table.setModel(model)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().setDefaultSectionSize(24)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if stretch >= 0:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        return table
