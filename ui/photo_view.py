"""Showing a kept photo: its content read through the vault (plain or sealed), never from a
path another program could be given, so a sealed photo is not written out in clear."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from inspector_app.store.attachments import AttachmentError, Vault

VIEW_PIXELS = 1024  # the longest side of a photo shown in the viewer


def photo_image(vault: Vault, sha256: str) -> QImage:
    """The photo kept under ``sha256``; a null image when it is missing, damaged or no image."""
    try:
        data = vault.read_bytes(sha256)
    except (AttachmentError, OSError):
        return QImage()
    return QImage.fromData(data)


class PhotoViewer(QDialog):
    """One photo, scaled to fit the screen."""

    def __init__(self, image: QImage, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("photoViewer")
        self.setWindowTitle(title or self.tr("Photo"))
        self.picture = QLabel(self)
        self.picture.setObjectName("photoViewerImage")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if image.isNull():
            self.picture.setText(self.tr("The photo cannot be shown (missing or damaged)."))
        else:
            shown = image
            if max(image.width(), image.height()) > VIEW_PIXELS:
                shown = image.scaled(
                    VIEW_PIXELS,
                    VIEW_PIXELS,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            self.picture.setPixmap(QPixmap.fromImage(shown))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture)
        layout.addWidget(buttons)
