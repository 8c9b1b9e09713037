"""Translations: the UI's source strings are English; Chinese (the default) comes from
``resources/i18n/field_inspector_zh_CN.qm`` plus Qt's own translations of its dialogs."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from inspector_app.store.paths import resources_dir

log = logging.getLogger(__name__)

CATALOG = "field_inspector"


class Translations:
    def __init__(self) -> None:
        self._installed: list[QTranslator] = []

    def install(self, app: QCoreApplication, language: str) -> None:
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed = []
        QLocale.setDefault(QLocale(language))
        if language.startswith("en"):
            return
        ours = QTranslator(app)
        path = resources_dir() / "i18n" / f"{CATALOG}_{language}.qm"
        if not ours.load(str(path)):
            log.warning("translation file missing: %s", path)
        else:
            self._installed.append(ours)
        qt = QTranslator(app)
        if qt.load(
            QLocale(language),
            "qtbase",
            "_",
            QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
        ):
            self._installed.append(qt)
        for translator in self._installed:
            app.installTranslator(translator)
