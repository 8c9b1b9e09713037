"""The services a window needs, built by ``main.py`` (the composition root) and passed in.

Nothing here is global: tests build their own ``AppContext`` around a temporary base directory.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from inspector_app.inspections import local_checklist
from inspector_app.inspections.checklists import Catalogue, load_catalogue
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.rules import Classifications
from inspector_app.store.attachments import Vault
from inspector_app.store.changelog import ChangeSet
from inspector_app.store.database import Store
from inspector_app.store.paths import AppPaths
from sync.service import SyncService
from ui.crash import CrashReporter
from ui.settings import OPERATOR, Settings
from ui.tasks import StoreThread

log = logging.getLogger(__name__)


class Broadcaster(QObject):
    """Tells every view what a finished operation changed (views refresh only what they show)."""

    changes_applied = Signal(object)  # ChangeSet
    store_ready = Signal()
    # a bulk change (demo data, a registry import, a sync): every view reloads all it shows
    reloaded = Signal()


@dataclass
class AppContext:
    paths: AppPaths
    settings: Settings
    tree: JurisdictionTree
    classes: Classifications
    registry: Registry
    writer: StoreThread
    searcher: StoreThread
    crashes: CrashReporter  # bugs: logged with their traceback, shown in the crash dialog
    sync: SyncService  # the API client and the sync engine (runs on ``syncer``)
    syncer: StoreThread | None = None  # sync runs here: its own connection, network calls
    broadcaster: Broadcaster = field(default_factory=Broadcaster)
    reader: Store | None = None  # GUI-thread, query-only; opened once the writer has the store
    user: dict[str, Any] | None = None  # the signed-in officer (set by the sync page)
    key: bytes | None = None  # the database key of an encrypted store (from the unlock)
    _shipped: Catalogue | None = None
    _catalogue: Catalogue | None = None

    @property
    def lang(self) -> str:
        return self.settings.language

    @property
    def author(self) -> str:
        """Who the change log names: the signed-in officer, else the operator of the settings."""
        if self.user and self.user.get("id"):
            return str(self.user["id"])
        return self.settings.get(OPERATOR) or "local"

    def catalogue(self) -> Catalogue:
        """The checklists shipped in ``resources/checklists`` (loaded once) with the city's
        local items (read again after they change)."""
        if self._shipped is None:
            self._shipped = load_catalogue()
        if self._catalogue is None:
            reader = self.reader
            self._catalogue = (
                local_checklist.with_local(reader.conn, self._shipped)
                if reader is not None
                else self._shipped
            )
        return self._catalogue

    def open_reader(self) -> Store:
        if self.reader is None:
            self.reader = Store.open(self.paths.database, readonly=True, check=False, key=self.key)
        return self.reader

    @property
    def vault(self) -> Vault:
        """The attachments folder: every read of a photo's or a signature's content."""
        return Vault.for_key(self.paths.attachments_dir, self.key)

    def apply(self, changes: ChangeSet) -> None:
        if "checklist_local_item" in changes.tables():
            self._catalogue = None
        if changes:
            self.broadcaster.changes_applied.emit(changes)

    def reload(self) -> None:
        """After a bulk change whose ids are not listed: every page reloads."""
        self._catalogue = None
        self.broadcaster.reloaded.emit()

    def close(self) -> None:
        for thread in (self.syncer, self.searcher, self.writer):
            if thread is None:
                continue
            if thread.isRunning():
                thread.stop()
        if self.reader is not None:
            self.reader.close()
            self.reader = None
