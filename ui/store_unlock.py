"""The password asked before the local database opens (it is encrypted with a key the password
unwraps: ``inspector_app.store.keyfile``).

Four cases, decided from the files in the data folder (``StoreDoor.mode``):
- ``create``: no database yet: a new password, typed twice, that cannot be recovered;
- ``convert``: a plain database from an older version: a new password, then the database, its
  photos and backups are encrypted (``conversion``), with progress;
- ``unlock``: an encrypted database: its password, with a growing wait after wrong ones; a
  missing or damaged key file can be replaced by the copy kept with the backups;
- ``resume``: a conversion was cut short: the password set for it, then the work is finished.
The slow parts (argon2id, the conversion) run off the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector_app.messages import Bilingual
from inspector_app.store import conversion, dbapi
from inspector_app.store.keyfile import KeyFile, KeyFileError, check_new_password
from inspector_app.store.paths import AppPaths

log = logging.getLogger(__name__)


def key_file(paths: AppPaths) -> KeyFile:
    return KeyFile(paths.key_file, paths.key_backup)


def door_mode(paths: AppPaths) -> str:
    """Which question the data folder asks: create, convert, unlock or resume."""
    if conversion.in_progress(paths):
        return "resume"
    db = paths.database
    if db.exists() and db.stat().st_size > 0:
        return "unlock" if dbapi.is_encrypted(db) else "convert"
    return "create"


def open_with_password(
    paths: AppPaths,
    password: str,
    mode: str,
    progress: Callable[[str, int, int], None] | None = None,
) -> bytes:
    """The database key for ``password`` (made, or unwrapped), with the conversion of a plain
    store done or finished; KeyFileError or StoreError when refused."""
    keys = key_file(paths)
    if mode in ("create", "convert") and not keys.exists():
        key = keys.create(password)
    else:
        key = keys.unlock(password, now=dt.datetime.now(dt.UTC))
    if mode in ("convert", "resume"):
        conversion.convert(paths, key, progress)
    return key


class _Relay(QObject):
    """Carries a worker thread's answer to the GUI thread."""

    finished = Signal(object)  # bytes, or the exception
    progressed = Signal(str, int, int)


class StorePasswordDialog(QDialog):
    """Asks the password and returns the key (``self.key``) once the store can be opened."""

    def __init__(self, paths: AppPaths, lang: str = "zh_CN", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.lang = lang
        self.mode = door_mode(paths)
        self.key: bytes | None = None
        self.worker: threading.Thread | None = None
        self.relay = _Relay()
        self.relay.finished.connect(self._finished)
        self.relay.progressed.connect(self._progressed)
        self.setObjectName("storePasswordDialog")
        self.setWindowTitle(self.tr("Field Inspector — password"))
        new = self.mode == "create" or (self.mode == "convert" and not key_file(paths).exists())
        self.explain = QLabel(self._explanation(new), self)
        self.explain.setObjectName("storePasswordExplain")
        self.explain.setWordWrap(True)
        self.password = QLineEdit(self)
        self.password.setObjectName("storePassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Password"))
        self.repeat = QLineEdit(self)
        self.repeat.setObjectName("storePasswordRepeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setPlaceholderText(self.tr("The same password again"))
        self.repeat.setVisible(new)
        self.message = QLabel(self)
        self.message.setObjectName("storePasswordMessage")
        self.message.setStyleSheet("color: #c62828")
        self.message.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("storePasswordProgress")
        self.bar.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.restore_button = QPushButton(self.tr("Use the key file's backup copy"), self)
        self.restore_button.setObjectName("storePasswordRestoreKey")
        self.restore_button.setVisible(False)
        self.restore_button.clicked.connect(self.restore_key_copy)
        layout = QVBoxLayout(self)
        for widget in (self.explain, self.password, self.repeat, self.message, self.bar):
            layout.addWidget(widget)
        layout.addWidget(self.restore_button)
        layout.addWidget(self.buttons)
        self.new_password = new

    def _explanation(self, new: bool) -> str:
        if self.mode == "create":
            return self.tr(
                "The data on this computer is encrypted with a password. Choose one (at least "
                "8 characters) and type it twice. It cannot be recovered: without it the data "
                "on this computer cannot be opened (what was synchronised stays on the server)."
            )
        if self.mode == "convert" and new:
            return self.tr(
                "The database on this computer is not encrypted yet. Choose a password (at "
                "least 8 characters, typed twice) to encrypt it with its photos and backups. "
                "It cannot be recovered: keep it safe."
            )
        if self.mode in ("convert", "resume"):
            return self.tr(
                "The encryption of the database was not finished. Enter its password to finish it."
            )
        return self.tr("Enter the password to open the data on this computer.")

    def submit(self) -> None:
        if self.worker is not None:
            return
        password = self.password.text()
        if self.new_password:
            try:
                check_new_password(password, self.repeat.text())
            except KeyFileError as exc:
                self.message.setText(self._said(exc))
                return
        self.message.setText(
            self.tr("Encrypting the database…")
            if self.mode in ("convert", "resume")
            else self.tr("Checking the password…")
        )
        self.buttons.setEnabled(False)
        self.bar.setVisible(self.mode in ("convert", "resume"))
        relay, paths, mode = self.relay, self.paths, self.mode

        def work() -> None:
            result: Any
            try:
                result = open_with_password(paths, password, mode, relay.progressed.emit)
            except Exception as exc:  # refusals and failures alike go back to the dialog
                result = exc
            relay.finished.emit(result)

        self.worker = threading.Thread(target=work, name="store-unlock", daemon=True)
        self.worker.start()

    def _progressed(self, _stage: str, done: int, total: int) -> None:
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(done)

    def _finished(self, result: object) -> None:
        self.worker = None
        self.buttons.setEnabled(True)
        self.bar.setVisible(False)
        if isinstance(result, bytes):
            self.key = result
            self.accept()
            return
        self.password.clear()
        self.repeat.clear()
        if isinstance(result, KeyFileError):
            self.message.setText(self._said(result))
            if result.code in ("key_file_missing", "key_file_damaged"):
                self.restore_button.setVisible(self.paths.key_backup.is_file())
            return
        text = result.text(self.lang) if isinstance(result, Bilingual) else str(result)
        log.error("the store could not be unlocked: %s", result)
        self.message.setText(text)

    def restore_key_copy(self) -> None:
        try:
            key_file(self.paths).restore_backup_copy()
        except KeyFileError as exc:
            QMessageBox.critical(self, self.windowTitle(), self._said(exc))
            return
        self.restore_button.setVisible(False)
        self.message.setText(self.tr("The key file was restored from its backup copy."))

    def _said(self, exc: KeyFileError) -> str:
        return exc.text(self.lang)

    def done(self, result: int) -> None:
        if self.worker is not None:  # the password check or conversion finishes first
            return
        super().done(result)


class ChangePasswordDialog(QDialog):
    """A new password for the store: the same database key wrapped again (nothing is
    re-encrypted); the key file's copy in the backups follows."""

    def __init__(self, paths: AppPaths, lang: str = "zh_CN", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths, self.lang = paths, lang
        self.worker: threading.Thread | None = None
        self.relay = _Relay()
        self.relay.finished.connect(self._finished)
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle(self.tr("Change the password"))
        self.old = QLineEdit(self)
        self.old.setPlaceholderText(self.tr("Current password"))
        self.new = QLineEdit(self)
        self.new.setPlaceholderText(self.tr("New password"))
        self.repeat = QLineEdit(self)
        self.repeat.setPlaceholderText(self.tr("The same password again"))
        for field in (self.old, self.new, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(self)
        self.message.setObjectName("changePasswordMessage")
        self.message.setStyleSheet("color: #c62828")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.old, self.new, self.repeat, self.message, self.buttons):
            layout.addWidget(widget)

    def submit(self) -> None:
        if self.worker is not None:
            return
        old, new = self.old.text(), self.new.text()
        try:
            check_new_password(new, self.repeat.text())
        except KeyFileError as exc:
            self.message.setText(exc.text(self.lang))
            return
        self.buttons.setEnabled(False)
        relay, keys = self.relay, key_file(self.paths)

        def work() -> None:
            result: object = None
            try:
                keys.change_password(old, new)
            except Exception as exc:  # a refusal goes back to the dialog
                result = exc
            relay.finished.emit(result)

        self.worker = threading.Thread(target=work, name="password-change", daemon=True)
        self.worker.start()

    def _finished(self, result: object) -> None:
        self.worker = None
        self.buttons.setEnabled(True)
        if result is None:
            self.accept()
            return
        self.old.clear()
        self.message.setText(
            result.text(self.lang) if isinstance(result, Bilingual) else str(result)
        )

    def done(self, result: int) -> None:
        if self.worker is not None:
            return
        super().done(result)
