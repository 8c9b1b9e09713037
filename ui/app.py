"""Start-up flow of the GUI: open the store off the GUI thread, explain a store that cannot be
opened, offer demo data on first run, attach the views, rebuild the window on a language change.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QProcess, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from inspector_app.demo.install import install as install_demo
from inspector_app.registry import officers
from inspector_app.registry.entries import Registry
from inspector_app.replication import outbox
from inspector_app.store import database as store_mod
from inspector_app.store.changelog import pending_count
from inspector_app.store.database import Store, StoreCorrupt, StoreError
from sync.api import Credentials
from ui.context import AppContext
from ui.crash import is_expected, refusal_text
from ui.i18n import Translations
from ui.main_window import MainWindow
from ui.settings import AUTO_BACKUP, LANGUAGE
from ui.tasks import TaskContext
from ui.unlock import UnlockDialog

log = logging.getLogger(__name__)
AUTO_BACKUP_DELAY_MS = 60_000  # the automatic backup starts a minute after the window opened


def open_info(store: Store) -> dict[str, Any]:
    """Facts about the freshly opened store, computed on the writer thread."""
    return {
        "entries": Registry.count(store.conn),
        "officers": officers.count(store.conn),
        "demo": store.meta("demo"),
        "pending": pending_count(store.conn),
        "schema": store.schema_version,
        # the change log's guards, checked at every start (and again before every push)
        "tampering": outbox.log_tampering(store.conn),
    }


class Startup(QObject):
    """Owns the main window's life: opening, first run, demo data, language switch."""

    ready = Signal()
    demo_loaded = Signal(int)
    demo_cancelled = Signal()

    def __init__(
        self,
        app: QApplication,
        ctx: AppContext,
        translations: Translations,
        *,
        demo: bool = False,
        demo_scale: float = 1.0,
        ask_first_run: bool = True,
        interactive: bool = True,
        on_fatal: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        self.app = app
        self.ctx = ctx
        self.translations = translations
        self.want_demo = demo
        self.demo_scale = demo_scale
        self.ask_first_run = ask_first_run
        self.interactive = interactive  # False: no message boxes (self-test, scripted runs)
        self.on_fatal = on_fatal or (lambda _msg: app.exit(2))
        self.window: MainWindow | None = None
        self.info: dict[str, Any] = {}
        self.is_ready = False
        self.progress: QProgressDialog | None = None
        self.demo_task: TaskContext | None = None
        ctx.writer.open_info = open_info
        ctx.writer.opened.connect(self._opened)
        ctx.writer.open_failed.connect(self._open_failed)

    def start(self) -> MainWindow:
        self.window = self._make_window()
        self.window.show()
        self.ctx.writer.start()
        return self.window

    def _make_window(self) -> MainWindow:
        window = MainWindow(self.ctx)
        window.language_change_requested.connect(self.change_language)
        return window

    # -- opening ---------------------------------------------------------------------------

    def _opened(self, info: dict[str, Any]) -> None:
        self.info = info
        self.ctx.searcher.start()
        if self.ctx.syncer is not None:
            self.ctx.syncer.start()
        if not self.unlock():  # before any data is shown
            self.on_fatal("locked")
            return
        if info.get("tampering"):
            self._warn_tampering(str(info["tampering"]))
        self.is_ready = True
        self.ctx.broadcaster.store_ready.emit()
        self.ready.emit()
        # later, off the path of a quick open-and-close (a look-up, then the window closed)
        QTimer.singleShot(AUTO_BACKUP_DELAY_MS, self._maybe_backup)
        empty = not info["entries"] and not info["officers"]
        if empty and self.want_demo:
            self.load_demo()
        elif empty and self.ask_first_run and not self.ctx.settings.state("first_run_done"):
            self._first_run()

    def _warn_tampering(self, why: str) -> None:
        log.error("the change log was tampered with: %s", why)
        if not self.interactive:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("The change log was altered"),
            self.tr(
                "The local change log was altered outside the app (%1). Nothing will be "
                "pushed to the server until this is resolved; ask the administrator."
            ).replace("%1", why),
            parent=self.window,
        )
        box.setObjectName("tamperingWarning")
        self.tampering_box = box
        box.open()

    def unlock(self) -> bool:
        """Ask for the signed-in officer's password (checked offline). True when unlocked or
        when nobody has signed in on this computer yet."""
        reader = self.ctx.open_reader()
        verifier = reader.meta("sync.offline_verifier")
        # an encrypted store was opened with its password already (ui.store_unlock)
        if not verifier or not self.interactive or self.ctx.key is not None:
            return True
        creds = Credentials.load(reader)
        who = str(creds.user.get("display_name", "")) if creds else ""
        dialog = UnlockDialog(verifier, who, self.window)
        return dialog.exec() == UnlockDialog.DialogCode.Accepted

    def _open_failed(self, exc: BaseException) -> None:
        lang = self.ctx.lang
        text = exc.text(lang) if isinstance(exc, StoreError) else str(exc)
        log.error("store could not be opened: %s", exc)
        if (
            self.interactive
            and isinstance(exc, StoreCorrupt)
            and store_mod.backups(self.ctx.paths.backups_dir)
        ):
            self._offer_restore(text)
        elif self.interactive:
            QMessageBox.critical(self.window, self.tr("The database cannot be opened"), text)
        self.on_fatal(text)

    def _offer_restore(self, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            self.tr("The database cannot be opened"),
            text,
            parent=self.window,
        )
        box.setInformativeText(
            self.tr(
                "Restore the newest good backup? The damaged files are kept in a folder beside the "
                "database; changes made after that backup are lost."
            )
        )
        restore = box.addButton(self.tr("Restore from backup"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Quit"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is not restore:
            return
        self.ctx.close()
        paths = self.ctx.paths
        try:
            used = store_mod.restore_latest_backup(
                paths.backups_dir, paths.database, dt.datetime.now().astimezone(), self.ctx.key
            )
        except StoreError as exc:
            QMessageBox.critical(self.window, self.tr("Restore failed"), exc.text(self.ctx.lang))
            return
        QMessageBox.information(
            self.window,
            self.tr("Restored"),
            self.tr("The database was restored from %1. The program starts again.").replace(
                "%1", used.name
            ),
        )
        arguments = sys.argv[1:] if getattr(sys, "frozen", False) else sys.argv
        QProcess.startDetached(sys.executable, arguments)

    def _maybe_backup(self) -> None:
        if not self.ctx.settings.get(AUTO_BACKUP):
            return
        paths, key = self.ctx.paths, self.ctx.key
        now = dt.datetime.now().astimezone()
        if not store_mod.backup_due(paths.backups_dir, now):
            return

        def run() -> None:
            try:
                store_mod.backup_database(paths.database, paths.backups_dir, now, key=key)
            except (StoreError, OSError, Exception) as exc:  # a failed backup must not stop work
                log.warning("automatic backup failed: %s", exc)

        threading.Thread(target=run, name="auto-backup", daemon=True).start()

    # -- first run and demo data -----------------------------------------------------------

    def _first_run(self) -> None:
        box = QMessageBox(self.window)
        box.setObjectName("firstRunDialog")
        box.setWindowTitle(self.tr("Welcome"))
        box.setText(self.tr("The local database is empty."))
        box.setInformativeText(
            self.tr(
                "Load the demo data (a fictitious registry of about 485,000 entries of the city, "
                "with officers) to try the app, import your registry file, or start empty."
            )
        )
        demo_button = box.addButton(self.tr("Load demo data"), QMessageBox.ButtonRole.AcceptRole)
        import_button = box.addButton(
            self.tr("Import a registry file…"), QMessageBox.ButtonRole.ActionRole
        )
        box.addButton(self.tr("Start empty"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        self.ctx.settings.set_state("first_run_done", True)
        clicked = box.clickedButton()
        if clicked is demo_button:
            self.load_demo()
        elif clicked is import_button and self.window is not None:
            self.window.import_registry()

    def load_demo(self) -> None:
        registry, scale = self.ctx.registry, self.demo_scale
        progress = QProgressDialog(
            self.tr("Creating the demo data…"), self.tr("Cancel"), 0, 100, self.window
        )
        progress.setObjectName("demoProgress")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setValue(0)
        self.progress = progress

        def task(store: Store, context: TaskContext) -> int:
            def step(stage: str, done: int, total: int) -> None:
                # the registry is written in one transaction: a cancel there leaves nothing;
                # after it the rest is short and finishes (a demo store is marked at the end)
                if stage == "registry":
                    context.check()
                context.progress(stage, done, total)

            return install_demo(store, registry, scale=scale, progress=step)

        def on_progress(stage: str, done: int, total: int) -> None:
            if stage != "registry":
                progress.setCancelButton(None)
            if total:
                progress.setMaximum(total)
                progress.setValue(min(done, total))
                progress.setLabelText(
                    self.tr("Creating the demo data… %1 of %2 entries")
                    .replace("%1", f"{done:,}")
                    .replace("%2", f"{total:,}")
                )

        self.demo_task = self.ctx.writer.submit(
            task, on_done=self._demo_done, on_error=self._demo_failed, on_progress=on_progress
        )
        progress.canceled.connect(self.cancel_demo)

    def cancel_demo(self) -> None:
        """Stop creating the demo data: nothing of it is kept; the app stays empty."""
        if self.demo_task is None:  # finished already (closing the dialog says "canceled")
            return
        self.ctx.writer.cancel(self.demo_task)
        self.demo_task = None
        if self.progress is not None:
            self.progress.close()
            self.progress = None
        self.demo_cancelled.emit()

    def _demo_done(self, added: int) -> None:
        self.demo_task = None
        if self.progress is not None:
            self.progress.close()
            self.progress = None
        self.ctx.reload()
        self.demo_loaded.emit(added)

    def _demo_failed(self, exc: BaseException) -> None:
        self.demo_task = None
        if self.progress is not None:
            self.progress.close()
            self.progress = None
        if not is_expected(exc):  # a bug: logged by the writer thread
            self.ctx.crashes.report(exc, logged=True)
            return
        text = refusal_text(exc, self.ctx.lang)
        log.warning("demo data not created: %s", text)
        if self.interactive:
            QMessageBox.warning(self.window, self.tr("Demo data not created"), text)

    # -- language --------------------------------------------------------------------------

    def change_language(self, code: str) -> None:
        self.ctx.settings.set(LANGUAGE, code)
        self.translations.install(self.app, code)
        old = self.window
        if old is not None:
            old.save_state()
        self.window = self._make_window()
        if self.is_ready:
            self.window._store_ready()
        self.window.show()
        if old is not None:
            old.hide()
            old.deleteLater()


def wait_for(
    signal_owner: QWidget | QObject, predicate: Callable[[], bool], timeout_s: float
) -> bool:
    """Process events until ``predicate()`` holds (used by the self-test)."""
    import time

    deadline = time.monotonic() + timeout_s
    app = QApplication.instance()
    while not predicate():
        if time.monotonic() > deadline:
            return False
        if app is not None:
            app.processEvents()
        time.sleep(0.01)
    return True
