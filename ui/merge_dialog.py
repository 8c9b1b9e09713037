"""Merging two registry entries with one code (``replication.duplicates``): the server's entry
stays; for each field the two differ in, the officer chooses whose value it keeps."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from inspector_app.registry.validation import label
from inspector_app.replication.duplicates import Pair, values


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


class MergeDialog(QDialog):
    """One row per differing field: both values and a box "keep this laptop's value"."""

    def __init__(self, pair: Pair, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle(self.tr("Merge entries with the same code"))
        intro = QLabel(
            self.tr(
                "The server already holds an entry with this code. The server's entry is kept "
                "and the records filed against this laptop's entry move onto it. Tick the "
                "fields whose value should come from this laptop's entry."
            ),
            self,
        )
        intro.setWordWrap(True)
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Field"), self), 0, 0)
        grid.addWidget(QLabel(self.tr("This laptop"), self), 0, 1)
        grid.addWidget(QLabel(self.tr("Server"), self), 0, 2)
        self.boxes: dict[str, QCheckBox] = {}
        for row, (name, (mine, theirs)) in enumerate(values(pair).items(), start=1):
            lab = label(name)
            grid.addWidget(QLabel(lab.en if lang.startswith("en") else lab.zh, self), row, 0)
            box = QCheckBox(_shown(mine), self)
            box.setObjectName(f"take_{name}")
            self.boxes[name] = box
            grid.addWidget(box, row, 1)
            theirs_label = QLabel(_shown(theirs), self)
            theirs_label.setWordWrap(True)
            grid.addWidget(theirs_label, row, 2)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(buttons)

    def take_local(self) -> list[str]:
        return [name for name, box in self.boxes.items() if box.isChecked()]
