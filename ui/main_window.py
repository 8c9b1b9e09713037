"""The main window: navigation over every area, the pages, menus and the status bar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from inspector_app.documents import issued
from inspector_app.registry.entries import Registry
from inspector_app.registry.rules import TABLE
from inspector_app.store.changelog import ChangeSet
from inspector_app.store.database import backup_database
from ui.accidents_page import AccidentsPage
from ui.cases_page import CasesPage
from ui.context import AppContext
from ui.daily_fine import DailyFineDialog
from ui.hazard_board import HazardBoardPage
from ui.help import AboutDialog, HelpDialog
from ui.import_dialog import ImportDialog
from ui.inspections_page import InspectionsPage
from ui.ops import run_work
from ui.pages import OfficersPage, PlannedPage
from ui.plans_page import PlansPage
from ui.registry_page import RegistryPage
from ui.reports_area import ReportsArea
from ui.settings import LANGUAGES, OPERATOR, SERVER_URL
from ui.settings_dialog import SettingsDialog
from ui.store_unlock import ChangePasswordDialog
from ui.sync_page import SyncPage

_CTX = "MainWindow"
# the window's state is written this long after it last changed (moves and resizes come in bursts)
STATE_SAVE_DELAY_MS = 400
FITS_HEIGHT = 420  # a page's least height before it scrolls (768 px less bars, at 125 %)

# (key, title, description of what the area will do) — every area of the product.
AREAS = (
    ("registry", QT_TRANSLATE_NOOP("MainWindow", "Registry"), ""),
    (
        "plans",
        QT_TRANSLATE_NOOP("MainWindow", "Plans and random checks"),
        QT_TRANSLATE_NOOP(
            "MainWindow",
            "Annual inspection plans at city, county and township level; coverage of every "
            "key-supervised enterprise; random draws of targets and officers with avoidance "
            "rules; covert checks and special campaigns.",
        ),
    ),
    (
        "inspections",
        QT_TRANSLATE_NOOP("MainWindow", "On-site inspections"),
        QT_TRANSLATE_NOOP(
            "MainWindow",
            "On-site inspections by two certified officers with the industry checklist, "
            "findings with photo evidence, on-site measures, rectification orders, signatures "
            "and the inspection documents printed on the spot.",
        ),
    ),
    (
        "hazards",
        QT_TRANSLATE_NOOP("MainWindow", "Hazards"),
        QT_TRANSLATE_NOOP(
            "MainWindow",
            "The hazard closed loop: found, ordered, extended, reviewed, closed or escalated "
            "to a case; overdue lists; major hazards under listed supervision.",
        ),
    ),
    (
        "cases",
        QT_TRANSLATE_NOOP("MainWindow", "Penalty cases"),
        QT_TRANSLATE_NOOP(
            "MainWindow",
            "Penalty cases from filing to closure: evidence, legal basis with statutory fine "
            "ranges, notice of rights, hearing, decision, payment, transfers to police and "
            "judiciary.",
        ),
    ),
    (
        "accidents",
        QT_TRANSLATE_NOOP("MainWindow", "Accidents"),
        QT_TRANSLATE_NOOP(
            "MainWindow",
            "Accident records graded by the State Council rules, warning notices, listed "
            "supervision and quarterly checks of investigation reports.",
        ),
    ),
    (
        "reports",
        QT_TRANSLATE_NOOP("MainWindow", "Reports"),
        QT_TRANSLATE_NOOP(
            "MainWindow",
            "Monthly penalty reports per county with year-on-year change and ranking, annual "
            "figures and typical-case bulletins.",
        ),
    ),
    ("officers", QT_TRANSLATE_NOOP("MainWindow", "Officers"), ""),
    (
        "sync",
        QT_TRANSLATE_NOOP("MainWindow", "Sync"),
        QT_TRANSLATE_NOOP(
            "MainWindow",
            "Synchronisation with the central server: sign-in, pushing local changes, "
            "pulling the jurisdiction's records, conflicts and rejected records.",
        ),
    ),
)


def _fitted(page: QWidget, key: str) -> QWidget:
    """The page as the stack holds it: a page taller than a 1366×768 laptop leaves room for
    (the reports' table and charts, the plans' forms) scrolls inside its area rather than
    forcing the window past the screen."""
    if page.minimumSizeHint().height() <= FITS_HEIGHT:
        return page
    scroller = QScrollArea()
    scroller.setObjectName(f"{key}Scroller")
    scroller.setProperty("area", key)
    scroller.setWidgetResizable(True)
    scroller.setFrameShape(QScrollArea.Shape.NoFrame)
    scroller.setWidget(page)
    return scroller


class MainWindow(QMainWindow):
    language_change_requested = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Field Inspector — work-safety enforcement"))
        self.resize(1280, 800)
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        self.stack = QStackedWidget(self)
        self.pages: dict[str, QWidget] = {}
        self.registry_page = RegistryPage(ctx, self)
        self.officers_page = OfficersPage(ctx, self)
        self.sync_page = SyncPage(ctx, self)
        self.inspections_page = InspectionsPage(ctx, self)
        self.hazard_board = HazardBoardPage(ctx, self)
        self.cases_page = CasesPage(ctx, self)
        self.accidents_page = AccidentsPage(ctx, self)
        self.reports_area = ReportsArea(ctx, self)
        self.plans_page = PlansPage(ctx, self)
        for key, title, description in AREAS:
            translated = QCoreApplication.translate(_CTX, str(title))
            if key == "registry":
                page: QWidget = self.registry_page
            elif key == "officers":
                page = self.officers_page
            elif key == "sync":
                page = self.sync_page
            elif key == "inspections":
                page = self.inspections_page
            elif key == "hazards":
                page = self.hazard_board
            elif key == "cases":
                page = self.cases_page
            elif key == "accidents":
                page = self.accidents_page
            elif key == "reports":
                page = self.reports_area
            elif key == "plans":
                page = self.plans_page
            else:
                page = PlannedPage(
                    translated, QCoreApplication.translate(_CTX, str(description)), self
                )
            page.setProperty("area", key)
            self.pages[key] = page
            self.stack.addWidget(_fitted(page, key))
            item = QListWidgetItem(translated, self.nav)
            item.setData(Qt.ItemDataRole.UserRole, key)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.db_label = QLabel(self)
        self.db_label.setObjectName("dbStatus")
        self.sync_label = QLabel(self.tr("Sync: not set up"), self)
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.sync_label)
        self.sync_page.status_changed.connect(self.sync_label.setText)
        self.sync_page.signed_in.connect(self.plans_page.refresh)  # covert items follow who looks
        self.accidents_page.case_requested.connect(self.case_from_accident)
        self.db_label.setText(self.tr("Opening the database…"))

        self._build_menus()
        self.registry_page.new_button.clicked.connect(self.new_entry)
        self.registry_page.import_button.clicked.connect(self.import_registry)
        self.registry_page.inspect_requested.connect(self.start_inspection)
        self.hazard_board.review_requested.connect(self.start_review)
        self.hazard_board.inspection_requested.connect(self.open_inspection)
        self.hazard_board.case_requested.connect(self.start_case)
        ctx.broadcaster.changes_applied.connect(self._on_changes)
        ctx.broadcaster.store_ready.connect(self._store_ready)
        ctx.broadcaster.reloaded.connect(self.reload_all)
        # state is written as it changes: a window ended by SIGTERM or a logout keeps it
        self._state_timer = QTimer(self)
        self._state_timer.setSingleShot(True)
        self._state_timer.setInterval(STATE_SAVE_DELAY_MS)
        self._state_timer.timeout.connect(self.save_state)
        self._restore_state()
        self.nav.currentRowChanged.connect(self._state_changed)
        self.registry_page.splitter.splitterMoved.connect(self._state_changed)

    # -- menus -----------------------------------------------------------------------------

    def _action(
        self, text: str, key: QKeySequence | QKeySequence.StandardKey | str, slot: Any
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.new_action = self._action(
            self.tr("&New (entry, inspection or case)"), QKeySequence.StandardKey.New, self.new_item
        )
        self.save_action = self._action(
            self.tr("&Save"), QKeySequence.StandardKey.Save, self.save_current
        )
        self.print_action = self._action(
            self.tr("&Print current document…"), QKeySequence.StandardKey.Print, self.print_current
        )
        for action in (self.new_action, self.save_action, self.print_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        self.import_action = QAction(self.tr("&Import registry…"), self)
        self.import_action.triggered.connect(self.import_registry)
        file_menu.addAction(self.import_action)
        backup = QAction(self.tr("&Back up now"), self)
        backup.triggered.connect(self.backup_now)
        file_menu.addAction(backup)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.addAction(quit_action)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.find_action = self._action(
            self.tr("&Find on this page"), QKeySequence.StandardKey.Find, self.focus_search
        )
        self.refresh_action = self._action(self.tr("&Refresh"), "F5", self.refresh_current)
        view_menu.addAction(self.find_action)
        view_menu.addAction(self.refresh_action)

        tools_menu = self.menuBar().addMenu(self.tr("&Tools"))
        daily = QAction(self.tr("&Daily fine calculator (Work Safety Law Art. 112)…"), self)
        daily.triggered.connect(self.daily_fine_calculator)
        tools_menu.addAction(daily)

        settings_menu = self.menuBar().addMenu(self.tr("&Settings"))
        self.settings_action = QAction(self.tr("&Settings…"), self)
        self.settings_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Preferences))
        self.settings_action.triggered.connect(self.open_settings)
        self.addAction(self.settings_action)
        settings_menu.addAction(self.settings_action)
        language_menu = settings_menu.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        for code, name in LANGUAGES.items():
            action = QAction(name, self, checkable=True)
            action.setChecked(code == self.ctx.lang)
            action.setData(code)
            action.triggered.connect(lambda _checked=False, c=code: self._change_language(c))
            group.addAction(action)
            language_menu.addAction(action)
        operator = QAction(self.tr("&Operator name…"), self)
        operator.triggered.connect(self.set_operator)
        settings_menu.addAction(operator)
        local_items = QAction(self.tr("Local &checklist items…"), self)
        local_items.triggered.connect(self.edit_local_checklist)
        settings_menu.addAction(local_items)
        self.password_action = QAction(self.tr("Change the store's &password…"), self)
        self.password_action.triggered.connect(self.change_password)
        self.password_action.setEnabled(self.ctx.key is not None)  # a plain store has none
        settings_menu.addAction(self.password_action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.help_action = self._action(
            self.tr("&Guide to this page"), QKeySequence.StandardKey.HelpContents, self.show_help
        )
        self.shortcuts_action = QAction(self.tr("&Keyboard shortcuts"), self)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        help_menu.addAction(self.help_action)
        help_menu.addAction(self.shortcuts_action)
        about = QAction(self.tr("&About"), self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)

    # -- state -----------------------------------------------------------------------------

    def _restore_state(self) -> None:
        geometry = self.ctx.settings.geometry("main_geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = self.ctx.settings.geometry("registry_splitter")
        if splitter is not None:
            self.registry_page.splitter.restoreState(splitter)
        last = self.ctx.settings.state("last_page", "registry")
        keys = [a[0] for a in AREAS]
        self.nav.setCurrentRow(keys.index(last) if last in keys else 0)

    def save_state(self) -> None:
        self.ctx.settings.set_state("main_geometry", self.saveGeometry())
        self.ctx.settings.set_state("registry_splitter", self.registry_page.splitter.saveState())
        self.ctx.settings.set_state("last_page", self.current_area())
        self.ctx.settings.sync()

    def current_area(self) -> str:
        return str(AREAS[max(self.nav.currentRow(), 0)][0])

    def case_from_accident(self, enterprise_id: str, accident_id: str) -> None:
        """An accident's page asked for a penalty case: the new-case dialog, linked to it."""
        self.show_area("cases")
        self.cases_page.new_case(enterprise_id or None, source="accident", source_id=accident_id)

    def show_area(self, key: str) -> None:
        self.nav.setCurrentRow([a[0] for a in AREAS].index(key))

    def _state_changed(self, *_args: object) -> None:
        self._state_timer.start()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.WindowStateChange:
            self._state_changed()
        super().changeEvent(event)

    def resizeEvent(self, event: Any) -> None:
        self._state_changed()
        super().resizeEvent(event)

    def moveEvent(self, event: Any) -> None:
        self._state_changed()
        super().moveEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._state_timer.stop()
        self.save_state()
        super().closeEvent(event)

    # -- store -----------------------------------------------------------------------------

    def _store_ready(self) -> None:
        reader = self.ctx.open_reader()
        self.registry_page.attach(reader)
        self.officers_page.attach(reader)
        self.sync_page.attach(reader)
        self.inspections_page.attach(reader)
        self.hazard_board.attach(reader)
        self.cases_page.attach(reader)
        self.accidents_page.attach(reader)
        self.reports_area.attach(reader)
        self.plans_page.attach(reader)
        self.refresh_status()

    def reload_all(self) -> None:
        """A bulk change (demo data, an import, a sync): every page lists again."""
        reader = self.ctx.reader
        if reader is None:
            return
        self.registry_page.reload()
        self.officers_page.refresh(reader)
        self.sync_page.refresh_lists()
        self.inspections_page.refresh()
        self.hazard_board.refresh()
        self.cases_page.refresh()
        self.accidents_page.refresh()
        self.plans_page.refresh()
        self.refresh_status()

    def refresh_status(self) -> None:
        reader = self.ctx.reader
        if reader is None:
            return
        count = Registry.count(reader.conn)
        demo = reader.meta("demo")
        text = (
            self.tr("Database: %1 · %2 registry entries")
            .replace("%1", str(self.ctx.paths.database))
            .replace("%2", f"{count:,}")
        )
        if demo:
            text += " · " + self.tr("demo data")
        self.db_label.setText(text)

    def _on_changes(self, changes: ChangeSet) -> None:
        if TABLE in changes.tables():
            self.refresh_status()
        if "officer" in changes.tables() and self.ctx.reader is not None:
            self.officers_page.refresh(self.ctx.reader)

    # -- keyboard: what each key does on the page shown ----------------------------------

    def current_page(self) -> QWidget:
        return self.pages[self.current_area()]

    def _say(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    def focus_search(self) -> None:
        box = getattr(self.current_page(), "search_box", None)
        if isinstance(box, QLineEdit):
            box.setFocus(Qt.FocusReason.ShortcutFocusReason)
            box.selectAll()
        else:
            self._say(self.tr("This page has no search box."))

    def refresh_current(self) -> None:
        reader = self.ctx.reader
        if reader is None:
            return
        area = self.current_area()
        if area == "registry":
            self.registry_page.reload()
        elif area == "officers":
            self.officers_page.refresh(reader)
        elif area == "sync":
            self.sync_page.refresh_lists()
        elif area == "inspections":
            if self.inspections_page.stack.currentWidget() is self.inspections_page.editor:
                self.inspections_page.editor.reload()
            else:
                self.inspections_page.refresh()
        elif area == "hazards":
            self.hazard_board.refresh()
        elif area == "cases":
            self.cases_page.refresh()
        elif area == "accidents":
            self.accidents_page.refresh()
        elif area == "plans":
            self.plans_page.refresh()
        elif area == "reports":
            self.reports_area.report.refresh()
        self.refresh_status()

    def new_item(self) -> None:
        area = self.current_area()
        if area == "registry":
            self.new_entry()
        elif area == "inspections":
            self.inspections_page.start_for(None)
        elif area == "cases":
            self.cases_page.new_case()
        else:
            self._say(self.tr("New: open the registry, the inspections or the penalty cases."))

    def save_current(self) -> None:
        editor = self.inspections_page.editor
        if self.current_area() == "inspections" and editor.inspection_id is not None:
            editor.flush()
            self._say(self.tr("Saved."))
        else:
            self._say(self.tr("Nothing to save here: this page saves each change at once."))

    def current_document(self) -> issued.Document | None:
        """The latest document issued for the inspection or case open on the page shown."""
        reader = self.ctx.reader
        record_id: str | None = None
        if self.current_area() == "inspections":
            if self.inspections_page.stack.currentWidget() is self.inspections_page.editor:
                record_id = self.inspections_page.editor.inspection_id
        elif self.current_area() == "cases":
            if self.cases_page.stack.currentWidget() is self.cases_page.case_page:
                record_id = self.cases_page.case_page.case_id
        if reader is None or record_id is None:
            return None
        documents = issued.of_record(reader.conn, record_id)
        return documents[-1] if documents else None

    def print_current(self) -> None:
        doc = self.current_document()
        if doc is None:
            self._say(self.tr("Nothing to print: open an inspection or a case with a document."))
        elif self.current_area() == "cases":
            self.cases_page.case_page.print_document(doc)
        else:
            self.inspections_page.editor.print_document(doc)

    # -- actions ---------------------------------------------------------------------------

    def start_inspection(self, enterprise_id: str | None) -> None:
        """Start an inspection of an enterprise (from the registry page)."""
        self.show_area("inspections")
        self.inspections_page.start_for(enterprise_id)

    def start_review(self, hazard_ids: list[str]) -> None:
        """Review the rectification of hazards chosen on the hazard board."""
        self.show_area("inspections")
        self.inspections_page.review(hazard_ids)

    def start_case(self, enterprise_id: str, hazard_id: str) -> None:
        """A hazard went to a penalty case: open its case file (the source is the hazard)."""
        self.show_area("cases")
        self.cases_page.new_case(enterprise_id, "inspection", hazard_id)

    def open_inspection(self, inspection_id: str) -> None:
        self.show_area("inspections")
        self.inspections_page.open_inspection(inspection_id)

    def new_entry(self) -> None:
        from ui.enterprise_dialog import EnterpriseDialog

        EnterpriseDialog(self.ctx, None, self).open()

    def import_registry(self, path: Any = None) -> ImportDialog | None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Import registry"),
                str(Path.home()),
                self.tr("Registry files (*.csv *.xlsx)"),
            )
            if not path:
                return None
        dialog = ImportDialog(self.ctx, Path(path), self)
        dialog.finished_import.connect(lambda report: self._imported(report))
        dialog.open()
        dialog.start()
        return dialog

    def _imported(self, report: Any) -> None:
        if report.inserted or report.updated:
            # a bulk change: views reload rather than look at ids
            self.ctx.reload()

    def backup_now(self) -> None:
        paths = self.ctx.paths

        def done(path: Path) -> None:
            self.statusBar().showMessage(
                self.tr("Backup written: %1").replace("%1", path.name), 8000
            )

        run_work(
            self.ctx,
            lambda writes: backup_database(
                paths.database,
                paths.backups_dir,
                writes.store.clock.now(),
                reason="manual",
                key=writes.store.key,
            ),
            on_done=done,
            parent=self,
            title=self.tr("Backup failed"),
        )

    def edit_local_checklist(self) -> None:
        from ui.checklist_dialog import LocalChecklistDialog

        self.checklist_dialog = LocalChecklistDialog(self.ctx, self)
        self.checklist_dialog.open()

    def set_operator(self) -> None:
        name, ok = QInputDialog.getText(
            self,
            self.tr("Operator name"),
            self.tr("Name recorded as the author of changes on this computer:"),
            text=self.ctx.settings.get(OPERATOR),
        )
        if ok:
            self.ctx.settings.set(OPERATOR, name.strip())

    def _change_language(self, code: str) -> None:
        if code != self.ctx.lang:
            self.language_change_requested.emit(code)

    def change_password(self) -> ChangePasswordDialog:
        """The store's password changed: the same key wrapped again (``ui.store_unlock``)."""
        dialog = ChangePasswordDialog(self.ctx.paths, self.ctx.lang, self)
        self.password_dialog = dialog
        dialog.open()
        return dialog

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.ctx.settings, self.ctx.lang, self, self.ctx)
        dialog.saved.connect(
            lambda: self.sync_page.url_edit.setText(str(self.ctx.settings.get(SERVER_URL)))
        )
        dialog.language_chosen.connect(self._change_language)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def daily_fine_calculator(self) -> DailyFineDialog:
        reader = self.ctx.reader
        dialog = DailyFineDialog(
            self.ctx.lang,
            reader.clock.today if reader is not None else dt.date.today,
            self,
        )
        self.daily_fine_dialog = dialog
        dialog.open()
        return dialog

    def show_help(self) -> HelpDialog:
        """The guide to the page shown, every page's guide and the keyboard shortcuts."""
        pages = [(key, QCoreApplication.translate(_CTX, str(title))) for key, title, _d in AREAS]
        dialog = HelpDialog(pages, self.current_area(), self.actions(), self)
        self.help_dialog = dialog
        dialog.open()
        return dialog

    def show_shortcuts(self) -> HelpDialog:
        dialog = self.show_help()
        dialog.tabs.setCurrentWidget(dialog.shortcuts)
        return dialog

    def about(self) -> AboutDialog:
        dialog = AboutDialog(
            str(self.ctx.paths.database),
            str(self.ctx.paths.basedir),
            self.ctx.lang.startswith("en"),
            self,
        )
        self.about_dialog = dialog
        dialog.open()
        return dialog
