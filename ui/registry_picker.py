"""Choosing a registry entry by typing (the start-inspection and new-case dialogs): a capped
search — a few milliseconds on the city registry, so it runs as the officer types — listed as
"name — address" with the entry's id as the item's data."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from inspector_app.registry import search
from inspector_app.registry.entries import Registry

SHOWN = 20


def fill_matches(results: QListWidget, conn: sqlite3.Connection, text: str) -> None:
    results.clear()
    if not text.strip():
        return
    found = search.first_page(conn, search.Query(text.strip()), limit=SHOWN, cap=SHOWN)
    if not found.rids:
        return
    rows = Registry.rows_by_rids(conn, found.rids, ("id", "name", "address"))
    for rid in found.rids:  # in rank order
        row = rows.get(rid)
        if row is not None:
            item = QListWidgetItem(f"{row['name']}  —  {row['address']}", results)
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
