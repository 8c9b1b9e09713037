"""Help in the app: a guide to each page (what it is for, its legal basis, its keys), the
keyboard shortcuts read from the window's own actions, and the About box (version, the data
files the facts come from, the database in use)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from inspector_app import APP_VERSION
from inspector_app.datafile import inventory
from inspector_app.store.paths import resources_dir

_CTX = "Help"
# area → (what the page is for, its legal basis, the keys that matter on it)
GUIDES: dict[str, tuple[object, object, object]] = {
    "registry": (
        QT_TRANSLATE_NOOP(
            "Help",
            "The registry of enterprises and individual businesses of the jurisdiction: search "
            "by name, pinyin initials, code or address; filter by county, town, industry and "
            "key supervision; edit an entry (its history is kept); import a registry file "
            "(the changes are listed before anything is written); start an inspection.",
        ),
        QT_TRANSLATE_NOOP(
            "Help",
            "Unified social credit code: GB 32100-2015 (the 18th character is a check "
            "character). Industry sections: GB/T 4754-2017.",
        ),
        QT_TRANSLATE_NOOP(
            "Help",
            "Ctrl+F search box · F5 list again · Ctrl+N new entry · Ctrl+S save the entry "
            "being edited.",
        ),
    ),
    "inspections": (
        QT_TRANSLATE_NOOP(
            "Help",
            "On-site inspections: at least two certified officers, the industry checklist, "
            "hazards with photos and deadlines, signatures, and the inspection documents "
            "(inspection record, rectification order, review opinion).",
        ),
        QT_TRANSLATE_NOOP(
            "Help",
            "Work Safety Law Art. 65 (on-site inspection, orders to rectify); Administrative "
            "Penalty Law Art. 42 (at least two officers with certificates); Major accident "
            "hazard criteria for industry and trade enterprises (MEM Order No. 10, 2023).",
        ),
        QT_TRANSLATE_NOOP(
            "Help",
            "Ctrl+N new inspection · Ctrl+S save the draft now · Ctrl+P print the latest "
            "document · 1/2/3 on a checklist row: compliant / hazard / not applicable · F5.",
        ),
    ),
    "hazards": (
        QT_TRANSLATE_NOOP(
            "Help",
            "The hazard closed loop: found, ordered, extended, reviewed, closed or escalated "
            "to a case; what is due this week and what is overdue; major hazards under listed "
            "supervision.",
        ),
        QT_TRANSLATE_NOOP(
            "Help",
            "Work Safety Law Art. 41 (hazard elimination and listed supervision of major "
            "hazards), Art. 65 (orders to rectify within a time limit), Art. 102 (penalties "
            "for hazards not eliminated).",
        ),
        QT_TRANSLATE_NOOP("Help", "F5 list again."),
    ),
    "cases": (
        QT_TRANSLATE_NOOP(
            "Help",
            "Penalty cases from filing to closure: approval, evidence, legal basis with the "
            "statutory fine range and the discretion band, notice of rights, hearing, "
            "decision, payment and closure; transfers to the police and the judiciary.",
        ),
        QT_TRANSLATE_NOOP(
            "Help",
            "Administrative Penalty Law Arts. 36 (limitation: two years, five when life, "
            "health or safety was harmed), 44-45 (notice, statement), 63-65 (hearing); Work "
            "Safety Law Chapter VI (Arts. 93-114), Art. 112 (daily continuous fines).",
        ),
        QT_TRANSLATE_NOOP(
            "Help",
            "Ctrl+N new case · Ctrl+P print the latest document of the open case · F5.",
        ),
    ),
    "plans": (
        QT_TRANSLATE_NOOP(
            "Help",
            "Annual inspection plans of the city, the county-level units and the towns, "
            "approved top down; tasks and teams; random draws of targets and officers "
            "(双随机) recorded with their seed and verifiable; campaigns with supervision "
            "groups; delegation letters; joint inspections and police clues. Covert checks are "
            "shown only to whom may see them.",
        ),
        QT_TRANSLATE_NOOP(
            "Help",
            "State Council Opinion on 双随机、一公开 (国发〔2019〕5号); Work Safety Law Art. 62 "
            "(annual inspection plans); Administrative Penalty Law Arts. 20 (entrustment) and 24 "
            "(powers handed to towns).",
        ),
        QT_TRANSLATE_NOOP("Help", "F5 list again."),
    ),
    "accidents": (
        QT_TRANSLATE_NOOP(
            "Help",
            "Accidents with their grade, reports up the chain and their deadlines, the "
            "investigation, listed supervision, warning notices and the quarterly checks of "
            "investigation reports; a penalty case opened from an accident shows its grade's "
            "fine ranges.",
        ),
        QT_TRANSLATE_NOOP(
            "Help",
            "State Council Order No. 493 Arts. 3 (grades), 9-13 (reports and supplements), 29 "
            "(investigation period); Work Safety Law Arts. 95 and 114 (fines by grade).",
        ),
        QT_TRANSLATE_NOOP("Help", "F5 list again."),
    ),
    "reports": (
        QT_TRANSLATE_NOOP(
            "Help",
            "The monthly penalty report per county-level unit with the year to date, last "
            "year's figures, the change and the ranks; its charts and exports; typical-case "
            "bulletins and SMS notice lists.",
        ),
        QT_TRANSLATE_NOOP(
            "Help",
            "Administrative Penalty Law Art. 48 (publication of decisions, withdrawn within 3 "
            "days when a decision is changed).",
        ),
        QT_TRANSLATE_NOOP("Help", "F5 count again."),
    ),
    "officers": (
        QT_TRANSLATE_NOOP(
            "Help",
            "The officers of the jurisdiction with their enforcement certificates; an expired "
            "certificate is marked, and its holder cannot sign an inspection.",
        ),
        QT_TRANSLATE_NOOP(
            "Help",
            "Administrative Penalty Law Art. 42: enforcement by officers with enforcement "
            "certificates, at least two.",
        ),
        QT_TRANSLATE_NOOP("Help", "F5 list again."),
    ),
    "sync": (
        QT_TRANSLATE_NOOP(
            "Help",
            "Synchronisation with the central server: sign in, send this computer's changes, "
            "receive the jurisdiction's records; conflicts and refused records are listed "
            "with their author and reason. A demo store is never sent to a server.",
        ),
        QT_TRANSLATE_NOOP(
            "Help",
            "Documents get their numbers on this computer; the server checks the same rules "
            "as the app before it accepts a record.",
        ),
        QT_TRANSLATE_NOOP("Help", "F5 list again."),
    ),
}
NOT_BUILT = QT_TRANSLATE_NOOP("Help", "This area is being built; its page says what it will do.")


def _tr(text: object) -> str:
    return QCoreApplication.translate(_CTX, str(text))


def guide_html(area: str, title: str) -> str:
    """The guide to one page, as the help window shows it."""
    if area not in GUIDES:
        return f"<h3>{html.escape(title)}</h3><p>{html.escape(_tr(NOT_BUILT))}</p>"
    purpose, basis, keys = (html.escape(_tr(t)) for t in GUIDES[area])
    what = html.escape(QCoreApplication.translate("Help", "What it is for"))
    law = html.escape(QCoreApplication.translate("Help", "Legal basis"))
    keyboard = html.escape(QCoreApplication.translate("Help", "Keyboard"))
    return (
        f"<h3>{html.escape(title)}</h3>"
        f"<p><b>{what}</b><br>{purpose}</p>"
        f"<p><b>{law}</b><br>{basis}</p>"
        f"<p><b>{keyboard}</b><br>{keys}</p>"
    )


def _table(parent: QWidget, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setWordWrap(True)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            table.setItem(r, c, item)
    table.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    table.resizeColumnsToContents()
    table.resizeRowsToContents()
    return table


class HelpDialog(QDialog):
    """The guide to the page shown, every page's guide, and the keyboard shortcuts."""

    def __init__(
        self,
        pages: Sequence[tuple[str, str]],
        current: str,
        actions: Sequence[QAction],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.setWindowTitle(self.tr("Help"))
        self.resize(720, 520)
        self.tabs = QTabWidget(self)
        titles = dict(pages)
        self.page_guide = QTextBrowser(self)
        self.page_guide.setObjectName("pageGuide")
        self.page_guide.setHtml(guide_html(current, titles.get(current, current)))
        self.tabs.addTab(self.page_guide, self.tr("This page"))
        self.all_guides = QTextBrowser(self)
        self.all_guides.setHtml("".join(guide_html(key, title) for key, title in pages))
        self.tabs.addTab(self.all_guides, self.tr("All pages"))
        rows = [
            (a.shortcut().toString(QKeySequence.SequenceFormat.NativeText), _plain(a.text()))
            for a in actions
            if not a.shortcut().isEmpty()
        ]
        self.shortcuts = _table(self, [self.tr("Keys"), self.tr("Does")], rows)
        self.shortcuts.setObjectName("shortcutTable")
        self.tabs.addTab(self.shortcuts, self.tr("Keyboard shortcuts"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)


def _plain(text: str) -> str:
    """A menu text without its mnemonic marker ("&S", or "(&S)" after a Chinese text) and
    trailing ellipsis."""
    text = re.sub(r"\(&\w\)", "", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


class AboutDialog(QDialog):
    """Version, the data files (edition and fingerprint) and where the data lives."""

    def __init__(
        self, database: str, basedir: str, english: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Field Inspector"))
        self.resize(760, 520)
        self.summary = QLabel(self)
        self.summary.setObjectName("aboutSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setText(
            self.tr("Field Inspector %1 — offline-first work-safety enforcement.").replace(
                "%1", APP_VERSION
            )
            + "\n"
            + self.tr("Database: %1").replace("%1", database)
            + "\n"
            + self.tr("Data folder: %1").replace("%1", basedir)
        )
        rows = [
            (
                info.name,
                "" if info.format is None else str(info.format),
                info.digest,
                (info.title_en if english else info.title_zh) or "—",
            )
            for info in inventory(resources_dir())
        ]
        self.files = _table(
            self,
            [
                self.tr("Data file"),
                self.tr("Format"),
                self.tr("Fingerprint"),
                self.tr("Content"),
            ],
            rows,
        )
        self.files.setObjectName("dataFiles")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(self.tr("The facts the app applies come from these files:"), self))
        layout.addWidget(self.files, 1)
        layout.addWidget(buttons)
