"""Unlocking the app with the officer's password, also offline: checked against the slow
salted verifier kept at the last sign-in (the server is not needed)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sync.api import check_verifier


class UnlockDialog(QDialog):
    def __init__(self, verifier: str, who: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.verifier = verifier
        self.setObjectName("unlockDialog")
        self.setWindowTitle(self.tr("Unlock"))
        self.password = QLineEdit(self)
        self.password.setObjectName("unlockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(self)
        self.message.setObjectName("unlockMessage")
        self.message.setStyleSheet("color: #c62828")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.try_unlock)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr("Enter the password of %1 to open the data on this computer.").replace(
                    "%1", who
                ),
                self,
            )
        )
        layout.addWidget(self.password)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.failures = 0

    def try_unlock(self) -> None:
        if check_verifier(self.password.text(), self.verifier):
            self.accept()
            return
        self.failures += 1
        self.password.clear()
        self.message.setText(self.tr("Wrong password."))
