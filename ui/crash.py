"""Errors by cause (qutebrowser's split): an *expected* error is one sentence for the officer;
anything else is a bug, logged with its traceback and shown in a crash dialog.

* Expected: the domain's bilingual refusals (``Bilingual``: validation, inspection, case, store,
  sync errors…) and ``RecordInvalid`` (several fields at once). They name the field and the rule
  in the UI's language; nothing about them is a bug, so no traceback is kept.
* A bug: every other exception. Its traceback goes to the log file (``AppPaths.log_file``) and
  ``CrashDialog`` shows what happened, copyable details and where the log is.

``CrashReporter`` is built once by the composition root (``main.build_context``) and reached
through ``AppContext.crashes``; ``install`` makes it the handler of every exception nobody caught
(``sys.excepthook`` — which PySide6 also calls for an exception in a slot — and
``threading.excepthook``). A report from another thread is shown on the GUI thread.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from inspector_app import APP_VERSION
from inspector_app.messages import Bilingual
from inspector_app.registry.validation import RecordInvalid

log = logging.getLogger(__name__)


class Refusal(Protocol):
    """What an expected error offers: its sentence in a language."""

    def text(self, lang: str = "zh") -> str: ...


def is_expected(exc: BaseException) -> bool:
    """A refusal the officer can act on (not a bug)."""
    return isinstance(exc, Bilingual | RecordInvalid)


def refusal_text(exc: BaseException, lang: str) -> str:
    """The sentence shown for an expected error, in the UI's language."""
    if isinstance(exc, Bilingual | RecordInvalid):
        return exc.text(lang)
    return str(exc) or type(exc).__name__


def details_of(exc: BaseException) -> str:
    """The text a crash report carries: versions, then the traceback."""
    lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
    header = (
        f"Field Inspector {APP_VERSION} · Python {platform.python_version()} · "
        f"{platform.platform()}\n"
    )
    return header + "".join(lines).rstrip()


class CrashDialog(QDialog):
    """A bug: what happened in a sentence, the details to copy, and the log file's path.

    A second report while the dialog is open is added to its details (one dialog, not a
    cascade of them)."""

    def __init__(self, details: str, log_file: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(self.tr("Field Inspector — unexpected error"))
        self.resize(640, 420)
        self.log_file = log_file
        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(size)
        )
        self.summary = QLabel(
            self.tr(
                "The program ran into an error it did not expect. This is a fault in the "
                "program, not in what you entered. What was saved before is kept; the action "
                "that failed may not have been saved. Please send the details below and the "
                "log file to your administrator."
            ),
            self,
        )
        self.summary.setWordWrap(True)
        self.details = QPlainTextEdit(details, self)
        self.details.setObjectName("crashDetails")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.log_label = QLabel(self.tr("Log file: %1").replace("%1", str(log_file)), self)
        self.log_label.setObjectName("crashLogPath")
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(self.tr("Copy details"), self)
        self.copy_button.setObjectName("copyDetails")
        self.copy_button.clicked.connect(self.copy_details)
        self.folder_button = QPushButton(self.tr("Open the log folder"), self)
        self.folder_button.clicked.connect(self.open_log_folder)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.log_label)
        layout.addWidget(buttons)

    def add(self, details: str) -> None:
        self.details.appendPlainText("\n" + "-" * 60 + "\n" + details)

    def report_text(self) -> str:
        return f"{self.details.toPlainText()}\n\nLog: {self.log_file}"

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text())

    def open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_file.parent)))


class CrashReporter(QObject):
    """Logs a bug with its traceback and shows it in a ``CrashDialog`` (from any thread)."""

    reported = Signal(str)  # the details, delivered on the GUI thread

    def __init__(self, log_file: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self.dialog: CrashDialog | None = None
        self.shown = 0  # reports shown (tests and the self-test read it)
        self._previous: tuple[object, object] | None = None
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    # -- reporting ---------------------------------------------------------------------------

    def report(self, exc: BaseException, what: str = "", *, logged: bool = False) -> None:
        """A bug: log it (unless ``logged``: the task thread did) and show the dialog."""
        if not logged:
            log.error("unexpected error%s", f" ({what})" if what else "", exc_info=exc)
        self.reported.emit(details_of(exc))

    def _show(self, details: str) -> None:
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            print(self.console_text(details), file=sys.stderr, flush=True)
            return
        self.shown += 1
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add(details)
            return
        parent = app.activeWindow()
        self.dialog = CrashDialog(details, self.log_file, parent)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(self._forget)
        self.dialog.open()

    def _forget(self, *_args: object) -> None:
        self.dialog = None

    def console_text(self, details: str) -> str:
        return (
            "Field Inspector: 程序出现意外错误 / unexpected error.\n"
            f"日志 / log: {self.log_file}\n{details}"
        )

    # -- hooks -------------------------------------------------------------------------------

    def excepthook(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        self.report(exc, "uncaught")

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "?"
        self.report(args.exc_value, f"thread {name}")

    def install(self) -> None:
        """Handle every exception nobody caught (main.py; ``uninstall`` restores)."""
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous  # type: ignore[assignment]
            self._previous = None


def show_refusal(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """An expected error where no form line can show it: a warning box with the sentence."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("refusalBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
