"""Table model over the registry: holds only the ranked rids (a compact array), loads rows in
blocks on demand through a read-only connection, keeps a small cache.

Scrolling through all 485,000 entries never creates a Python object per entry: a row is
fetched when the view paints it (one indexed query per block of ``BLOCK`` rows). A row that
vanished since the search (deleted or re-keyed by sync) is shown greyed out, not as an error.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.rules import Classifications
from inspector_app.reports import export
from inspector_app.store.database import Store

BLOCK = 200
Build = Callable[[Store], Sequence[export.Table]]
CACHE_BLOCKS = 64
_ROW_COLUMNS = (
    "rid",
    "id",
    "name",
    "uscc",
    "kind",
    "county_code",
    "town_code",
    "supervising_unit",
    "supervision_industry",
    "key_supervised",
    "risk_level",
    "legal_rep",
    "address",
)

Index = QModelIndex | QPersistentModelIndex


class RegistryTableModel(QAbstractTableModel):
    # (field, header) — headers are translated at display time
    COLUMNS = (
        ("name", QT_TRANSLATE_NOOP("RegistryTableModel", "Name")),
        ("uscc", QT_TRANSLATE_NOOP("RegistryTableModel", "Unified social credit code")),
        ("kind", QT_TRANSLATE_NOOP("RegistryTableModel", "Type")),
        ("county_code", QT_TRANSLATE_NOOP("RegistryTableModel", "County")),
        ("town_code", QT_TRANSLATE_NOOP("RegistryTableModel", "Town / street")),
        ("supervision_industry", QT_TRANSLATE_NOOP("RegistryTableModel", "Industry")),
        ("key_supervised", QT_TRANSLATE_NOOP("RegistryTableModel", "Key supervision")),
        ("risk_level", QT_TRANSLATE_NOOP("RegistryTableModel", "Risk level")),
        ("legal_rep", QT_TRANSLATE_NOOP("RegistryTableModel", "Legal representative")),
        ("address", QT_TRANSLATE_NOOP("RegistryTableModel", "Address")),
    )

    def __init__(
        self,
        reader: Store,
        tree: JurisdictionTree,
        classes: Classifications,
        lang: str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._reader = reader
        self._tree = tree
        self._classes = classes
        self._lang = lang
        self._rids: array[int] = array("q")
        self._blocks: OrderedDict[int, dict[int, dict[str, Any]]] = OrderedDict()
        self._headers = [self.tr(str(h)) for _, h in self.COLUMNS]
        self._risk_colors = {k: QColor(v["color"]) for k, v in classes.risk_levels.items()}
        self._yes = self.tr("Yes")

    # -- content ---------------------------------------------------------------------------

    def set_rids(self, rids: array[int]) -> None:
        """Show these rids. If they extend the current list (same head), rows are appended."""
        old = self._rids
        n = len(old)
        if 0 < n < len(rids) and rids[:n] == old:
            self.beginInsertRows(QModelIndex(), n, len(rids) - 1)
            self._rids = rids
            self.endInsertRows()
            return
        self.beginResetModel()
        self._rids = rids
        self._blocks.clear()
        self.endResetModel()

    def rid_at(self, row: int) -> int | None:
        return self._rids[row] if 0 <= row < len(self._rids) else None

    def row_of(self, rid: int) -> int | None:
        try:
            return self._rids.index(rid)
        except ValueError:
            return None

    def invalidate(self) -> None:
        """Forget cached rows (after a write) and repaint what is visible."""
        self._blocks.clear()
        if self._rids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rids) - 1, len(self.COLUMNS) - 1)
            )

    def record(self, row: int) -> dict[str, Any] | None:
        if not 0 <= row < len(self._rids):
            return None
        block_no = row // BLOCK
        block = self._blocks.get(block_no)
        if block is None:
            rids = self._rids[block_no * BLOCK : (block_no + 1) * BLOCK].tolist()
            block = Registry.rows_by_rids(self._reader.conn, rids, _ROW_COLUMNS)
            self._blocks[block_no] = block
            if len(self._blocks) > CACHE_BLOCKS:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(block_no)
        return block.get(self._rids[row])

    # -- Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.record(index.row()) is None:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        rec = self.record(index.row())
        field = self.COLUMNS[index.column()][0]
        if rec is None:
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return self.tr("(no longer in the registry)")
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(rec, field)
        if role == Qt.ItemDataRole.ForegroundRole and field == "risk_level":
            color = self._risk_colors.get(rec["risk_level"])
            return QBrush(color) if color else None
        if role == Qt.ItemDataRole.ToolTipRole and field in ("name", "address"):
            return rec[field]
        if role == Qt.ItemDataRole.ToolTipRole and field in ("kind", "risk_level"):
            name = self._classes.kind_name if field == "kind" else self._classes.risk_name
            return name(rec[field], self._lang)
        if role == Qt.ItemDataRole.UserRole:
            return rec["id"]
        return None

    def export_table(self, title: str) -> Build:
        """The result as the workbook's table, read on the search thread from the rows' ids in
        blocks (a result may be the whole registry: nothing of it is held on the GUI thread)."""
        rids = array("q", self._rids)
        headers = list(self._headers)
        fields = [f for f, _ in self.COLUMNS]

        def rows(store: Store) -> Iterator[list[str]]:
            for start in range(0, len(rids), 2000):
                part = rids[start : start + 2000].tolist()
                block = Registry.rows_by_rids(store.conn, part, _ROW_COLUMNS)
                for rid in part:
                    rec = block.get(rid)
                    if rec is not None:
                        yield [self._display(rec, f) for f in fields]

        def build(store: Store) -> list[export.Table]:
            columns = [export.Column(h) for h in headers]
            return [export.Table(title, columns, rows(store))]

        return build

    def _display(self, rec: dict[str, Any], field: str) -> str:
        value = rec[field]
        if field in ("county_code", "town_code"):
            unit = self._tree.units.get(value) if value else None
            return unit.name if unit else (value or "")
        if field == "kind":
            return self._classes.kind_name(value, self._lang, short=True)
        if field == "risk_level":
            return self._classes.risk_name(value, self._lang, short=True)
        if field == "key_supervised":
            return self._yes if value else ""
        if field == "supervision_industry" and self._lang.startswith("en"):
            return str(self._classes.industries.get(value, value))
        return "" if value is None else str(value)
