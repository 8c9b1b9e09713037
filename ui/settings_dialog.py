"""The settings screen: the organ's profile printed on documents, the sync server, the
language and the document fonts (checked, then saved together: a bad field saves nothing), and,
to read, the hearing thresholds and discretion bands of the data files with their source."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector_app.cases.articles import load_discretion
from inspector_app.documents import organ_profiles
from inspector_app.documents.templates import DocumentError
from inspector_app.registry import validation
from inspector_app.registry.validation import (
    Collector,
    FieldLabel,
    RecordInvalid,
    ValidationError,
)
from inspector_app.settings import ORGAN_FIELDS, ORGAN_LABELS, organ_profile, server_url
from ui.context import AppContext
from ui.document_fonts import check_choice, document_fonts, installed_cjk_families, prefer
from ui.ops import run_op
from ui.settings import (
    DOCUMENT_BODY_FONT,
    DOCUMENT_TITLE_FONT,
    LANGUAGE,
    LANGUAGES,
    SERVER_URL,
    Settings,
)

ERROR_STYLE = "color: #c62828"
FONT_FIELDS = ("title_font", "body_font")
FONT_LABELS = {
    "title_font": FieldLabel("标题字体", "Title font"),
    "body_font": FieldLabel("正文字体", "Body font"),
}


class SettingsDialog(QDialog):
    language_chosen = Signal(str)
    saved = Signal()

    def __init__(
        self,
        settings: Settings,
        lang: str,
        parent: QWidget | None = None,
        ctx: AppContext | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings, self.lang, self.ctx = settings, lang, ctx
        self.english = lang.startswith("en")
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.resize(720, 520)
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._organ_tab(), self.tr("Organ"))
        self.tabs.addTab(self._general_tab(), self.tr("Sync and language"))
        self.tabs.addTab(self._rules_tab(), self.tr("Hearing and discretion"))
        self.tabs.addTab(self._fonts_tab(), self.tr("Document fonts"))
        self.status = QLabel(self)
        self.status.setObjectName("settingsStatus")
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    def _label(self, field: str) -> str:
        lab = ORGAN_LABELS[field]
        return lab.en if self.english else lab.zh

    def _row(self, form: QFormLayout, field: str, value: str) -> None:
        edit = QLineEdit(value, self)
        edit.setObjectName(f"setting_{field}")
        error = QLabel(self)
        error.setObjectName(f"error_{field}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(edit)
        box.addWidget(error)
        form.addRow(self._label(field), box)
        self.edits[field], self.errors[field] = edit, error

    def _organ_tab(self) -> QWidget:
        """The organ's profile: a synced record of the organ (``organ_profiles``), edited by
        its approvers and administrators; the organ chosen from the city's enforcing organs."""
        page = QWidget(self)
        form = QFormLayout(page)
        note = QLabel(
            self.tr(
                "Printed on the penalty decision and the orders: where to pay, the court for "
                "a suit, how to reach the organ. It belongs to the organ and is synced to every "
                "computer; only its approvers and administrators may change it."
            ),
            page,
        )
        note.setWordWrap(True)
        form.addRow(note)
        self.organ_box = QComboBox(page)
        self.organ_box.setObjectName("settingOrgan")
        tree = self.ctx.tree if self.ctx is not None else None
        for unit in tree.units.values() if tree is not None else ():
            if unit.authority:
                self.organ_box.addItem(unit.authority, unit.code)
        self.organ_box.setCurrentIndex(max(self.organ_box.findData(self._own_organ()), 0))
        form.addRow(self.tr("Organ"), self.organ_box)
        for field in ORGAN_FIELDS:
            self._row(form, field, "")
        if self.ctx is None:  # no database open: nothing to edit the profile in
            for field in ORGAN_FIELDS:
                self.edits[field].setEnabled(False)
            self.organ_box.setEnabled(False)
        self._show_organ()
        self.organ_box.currentIndexChanged.connect(self._show_organ)
        return page

    def _own_organ(self) -> str:
        """The organ of the signed-in officer (a township's: its county bureau's), else ""."""
        user = self.ctx.user if self.ctx is not None else None
        code = str((user or {}).get("unit_code") or "")
        tree = self.ctx.tree if self.ctx is not None else None
        if tree is None or code not in tree.units:
            return ""
        unit = tree.units[code]
        return code if unit.authority else tree.reporting_unit(code).code

    def _show_organ(self) -> None:
        """The chosen organ's profile as synced (before it was ever set: what this computer
        kept in its settings, to save as the organ's)."""
        unit = str(self.organ_box.currentData() or "")
        reader = self.ctx.reader if self.ctx is not None else None
        found = organ_profiles.stored(reader.conn, unit) if reader is not None and unit else None
        values = found or self.settings.organ().as_dict()
        for field in ORGAN_FIELDS:
            self.edits[field].setText(values.get(field, ""))

    def _general_tab(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self._row(form, "server_url", str(self.settings.get(SERVER_URL)))
        self.language_box = QComboBox(page)
        self.language_box.setObjectName("settingLanguage")
        for code, name in LANGUAGES.items():
            self.language_box.addItem(name, code)
        self.language_box.setCurrentIndex(max(self.language_box.findData(self.lang), 0))
        form.addRow(self.tr("Language"), self.language_box)
        return page

    def _rules_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        data = load_discretion()
        hearing = data.hearing
        self.hearing_label = QLabel(page)
        self.hearing_label.setObjectName("hearingThresholds")
        self.hearing_label.setWordWrap(True)
        self.hearing_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        offered = self.tr(
            "A hearing is offered for a fine of at least %1 yuan on a person, %2 on a unit."
        )
        self.hearing_label.setText(
            offered.replace("%1", f"{hearing.person:,.0f}").replace("%2", f"{hearing.unit:,.0f}")
            + "\n"
            + self.tr("Source: %1").replace("%1", hearing.source)
            + ("\n" + hearing.note if hearing.note else "")
        )
        layout.addWidget(self.hearing_label)
        bands = data.bands
        self.bands_table = QTableWidget(len(bands.bands), 3, page)
        self.bands_table.setObjectName("discretionBands")
        self.bands_table.setHorizontalHeaderLabels(
            [self.tr("Circumstances"), self.tr("From (% of the range)"), self.tr("To")]
        )
        self.bands_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.bands_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for row, band in enumerate(bands.bands):
            cells = (band.en if self.english else band.zh, str(band.lower_pct), str(band.upper_pct))
            for column, value in enumerate(cells):
                self.bands_table.setItem(row, column, QTableWidgetItem(value))
        layout.addWidget(self.bands_table, 1)
        self.bands_source = QLabel(
            self.tr("Source: %1").replace("%1", bands.source)
            + ("\n" + bands.note if bands.note else ""),
            page,
        )
        self.bands_source.setWordWrap(True)
        layout.addWidget(self.bands_source)
        layout.addWidget(
            QLabel(self.tr("These values are read from resources/discretion.json."), page)
        )
        return page

    def _fonts_tab(self) -> QWidget:
        """The title and body families, chosen from the installed Chinese fonts ("automatic":
        the chain of GB/T 9704's fonts and their fallbacks), and what each role uses now."""
        page = QWidget(self)
        form = QFormLayout(page)
        installed = installed_cjk_families()
        stored = {
            "title_font": str(self.settings.get(DOCUMENT_TITLE_FONT)),
            "body_font": str(self.settings.get(DOCUMENT_BODY_FONT)),
        }
        self.font_boxes: dict[str, QComboBox] = {}
        labels = {
            "title_font": self.tr("Title font (Xiaobiaosong role, size 2)"),
            "body_font": self.tr("Body font (FangSong_GB2312 role, size 3)"),
        }
        for field, label in labels.items():
            box = QComboBox(page)
            box.setObjectName(f"setting_{field}")
            box.addItem(self.tr("Automatic (the standard's font, else a fallback)"), "")
            for family in sorted(installed):
                box.addItem(family, family)
            chosen = stored[field]
            if chosen and box.findData(chosen) < 0:  # chosen once, since removed
                box.addItem(self.tr("%1 (not installed)").replace("%1", chosen), chosen)
            box.setCurrentIndex(max(box.findData(chosen), 0))
            error = QLabel(page)
            error.setObjectName(f"error_{field}")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(box)
            column.addWidget(error)
            form.addRow(label, column)
            self.font_boxes[field], self.errors[field] = box, error
        self.fonts_used = QLabel(page)
        self.fonts_used.setObjectName("fontsUsed")
        self.fonts_used.setWordWrap(True)
        self.fonts_used.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Used now"), self.fonts_used)
        self._show_fonts_used()
        note = QLabel(
            self.tr(
                "GB/T 9704 sets titles in FZ Xiaobiaosong and the body in FangSong_GB2312; "
                "where they are not installed the documents use the nearest installed font. "
                "Kept on this computer: the fonts installed differ from one computer to another."
            ),
            page,
        )
        note.setWordWrap(True)
        form.addRow(note)
        return page

    def _show_fonts_used(self) -> None:
        try:
            used = document_fonts().described()
        except DocumentError as exc:  # no Chinese font: the reason is what to show
            used = exc.text(self.lang)
        self.fonts_used.setText(used)

    # -- saving ------------------------------------------------------------------------------

    def _font_choice(self, field: str) -> str:
        """The chosen family, checked as installed; the error names the field."""
        family = str(self.font_boxes[field].currentData() or "")
        try:
            return check_choice(family, field.removesuffix("_font"))
        except DocumentError:
            raise validation.error(
                field,
                "installed",
                f"“{family}”不是本机已安装的中文字体，请从列表中选择",
                f"“{family}” is not a Chinese font installed on this computer; choose one "
                "from the list",
                FONT_LABELS,
            ) from None

    def save(self) -> None:
        """Check every field; then the organ's profile is written (on the writer thread: the
        rule may still refuse, e.g. an officer who is not the organ's approver) and only then
        the settings of this computer, so that a refusal saves nothing."""
        for error in self.errors.values():
            error.hide()
        raw = {field: edit.text() for field, edit in self.edits.items()}
        collect = Collector()
        try:
            organ_profile(raw)
        except RecordInvalid as exc:
            for item in exc.errors:
                collect.add(item)
        url = collect("server_url", lambda: server_url(raw["server_url"]))
        fonts = {field: collect(field, partial(self._font_choice, field)) for field in FONT_FIELDS}
        if collect.errors:
            self._show_errors(collect.errors)
            return
        unit = str(self.organ_box.currentData() or "")
        if self.ctx is None or not unit:
            self._save_here(str(url), fonts)
            return
        ctx = self.ctx
        values = {f: raw[f] for f in ORGAN_FIELDS}
        self.buttons.setEnabled(False)
        run_op(
            ctx,
            lambda uow: organ_profiles.save(uow, ctx.tree, unit, values),
            on_done=lambda _changed: self._save_here(str(url), fonts),
            on_refused=self._refused,
            on_failed=lambda: self.buttons.setEnabled(True),
            say=self.status.setText,
        )

    def _refused(self, exc: object) -> None:
        if isinstance(exc, RecordInvalid):
            self._show_errors(exc.errors)

    def _show_errors(self, errors: Sequence[ValidationError]) -> None:
        for item in errors:
            target = self.errors.get(item.field)
            if target is not None:
                target.setText(item.text(self.lang))
                target.show()
        first = next((e for e in errors if e.field in self.errors), None)
        if first is not None:
            self.tabs.setCurrentIndex(
                0 if first.field in ORGAN_FIELDS else 3 if first.field in FONT_FIELDS else 1
            )
        self.status.setText(self.tr("Not saved: correct the fields marked in red."))

    def _save_here(self, url: str, fonts: Mapping[str, object]) -> None:
        """The settings of this computer: the server, the fonts, the language."""
        self.buttons.setEnabled(True)
        self.settings.set(SERVER_URL, url)
        self.settings.set(DOCUMENT_TITLE_FONT, str(fonts["title_font"]))
        self.settings.set(DOCUMENT_BODY_FONT, str(fonts["body_font"]))
        self.settings.sync()
        prefer(str(fonts["title_font"]), str(fonts["body_font"]))  # checked above
        self._show_fonts_used()
        self.saved.emit()
        code = str(self.language_box.currentData())
        self.accept()
        if code != self.lang:
            self.settings.set(LANGUAGE, code)
            self.language_chosen.emit(code)
