"""Choosing a registry entry by typing (the start-inspection and new-case dialogs): a capped
search — a few milliseconds on the city registry, so it runs as the officer types — listed as
"name — address" with the entry's id as the item's data."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from inspector_app.registry import search

SHOWN = 20


def fill_matches(results: QListWidget, conn: sqlite3.Connection, text: str) -> None:
    results.clear()
    if not text.strip():
        return
    found = search.first_page(conn, search.Query(text.strip()), limit=SHOWN, cap=SHOWN)
    if not found.rids:
        return
    marks = ", ".join("?" * len(found.rids))
    rows = {
        r[0]: r[1:]
        for r in conn.execute(
            f"SELECT rid, id, name, address FROM enterprise WHERE rid IN ({marks})", found.rids
        )
    }
    for rid in found.rids:  # in rank order
        if rid in rows:
            entry_id, name, address = rows[rid]
            item = QListWidgetItem(f"{name}  —  {address}", results)
            item.setData(Qt.ItemDataRole.UserRole, entry_id)
