"""Drive the real app in tests: contexts, the main window, searches (pytest-qt, offscreen)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

import main as entry
from inspector_app.store.paths import AppPaths
from ui.app import Startup
from ui.context import AppContext
from ui.i18n import Translations
from ui.main_window import MainWindow
from ui.settings import LANGUAGE, Settings


class Gui:
    def __init__(
        self,
        qtbot: Any,
        basedir: Path,
        lang: str = "zh_CN",
        key: bytes | None = None,
        **startup_args: Any,
    ) -> None:
        self.qtbot = qtbot
        self.paths = AppPaths.create(basedir)
        self.app = QApplication.instance()
        self.settings = Settings(self.paths.settings_file)
        self.settings.set(LANGUAGE, lang)
        self.translations = Translations()
        self.translations.install(self.app, lang)
        # the log file as the app writes it (a bug's traceback goes there)
        self.log_handlers = entry.setup_logging(self.paths.log_file, console=False)
        self.ctx: AppContext = entry.build_context(self.paths, self.settings, key)
        startup_args.setdefault("ask_first_run", False)
        self.startup = Startup(self.app, self.ctx, self.translations, **startup_args)
        self.window: MainWindow = self.startup.start()
        qtbot.waitUntil(lambda: self.startup.is_ready, timeout=30_000)

    @property
    def page(self):  # the current window's registry page
        return self.startup.window.registry_page

    def search(self, text: str) -> int:
        with self.qtbot.waitSignal(
            self.page.search_finished, timeout=20_000, check_params_cb=lambda t, _n: t == text
        ) as blocker:
            self.page.search_box.setText(text)
        return blocker.args[1]

    def wait_listed(self) -> None:
        self.qtbot.waitUntil(
            lambda: self.page.model is not None and self.page.model.rowCount() > 0, timeout=20_000
        )

    def save_screenshot(self, name: str, area: str | None = None, widget: Any = None) -> None:
        """``FI_SCREENSHOTS=docs``: keep a picture of the window (or ``widget``) for the README.
        The test's temporary folder means nothing to a reader: the status bar shows the
        database's file name only."""
        folder = os.environ.get("FI_SCREENSHOTS")
        if not folder:
            return
        window = self.startup.window
        if widget is None:
            window.resize(1366, 768)
            if area:
                window.show_area(area)
            database = self.paths.database
            window.db_label.setText(window.db_label.text().replace(str(database), database.name))
        self.qtbot.wait(300)
        assert (widget or window).grab().save(str(Path(folder) / name))

    def close(self) -> None:
        if self.startup.window is not None:
            self.startup.window.close()
            self.startup.window.deleteLater()
        self.ctx.close()
        self.translations.install(self.app, "en")
        root = logging.getLogger()
        for handler in self.log_handlers:
            root.removeHandler(handler)
            handler.close()
