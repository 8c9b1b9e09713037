"""Signing on site: every signer signs on a pad, or refuses before a witness.

安全生产法 Art. 68: the inspection record is signed by the officers and by the person in charge
of the inspected unit; when that person refuses, the officers record the refusal, and here a
witness is named with it. Only the signers the caller marks ``may_refuse`` get the choice (an
officer always signs). The dialog cannot be confirmed until each signer has signed or refused
with a witness, and it names who is still missing.

The dialog only collects the drawings. ``store_signatures`` (run on the writer thread) keeps the
images as attachments and gives the ``SignatureInput`` values that ``signing.sign`` and
``signing.sign_receipt`` take.
"""

from __future__ import annotations

import html
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from inspector_app.inspections import signing
from inspector_app.store import attachments
from inspector_app.store.database import Store
from ui.signature_pad import SignaturePad

ROLES = {
    "officer": QT_TRANSLATE_NOOP("SignDialog", "Officer"),
    "person_in_charge": QT_TRANSLATE_NOOP("SignDialog", "Person in charge of the inspected unit"),
    "receiver": QT_TRANSLATE_NOOP("SignDialog", "Receiver"),
}
PNG = "image/png"
ERROR_STYLE = "color: #c62828"
DONE_STYLE = "color: #2e7d32"


@dataclass(frozen=True)
class Signer:
    """Who is asked to sign. ``may_refuse``: a refusal can be recorded instead (with a witness)."""

    role: str  # officer | person_in_charge | receiver
    name: str
    officer_id: str = ""
    may_refuse: bool = False

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown signer role {self.role!r}")
        if self.role == "officer" and (not self.officer_id or self.may_refuse):
            raise ValueError("an officer signs in person: needs officer_id, cannot refuse")


@dataclass(frozen=True)
class GivenSignature:
    """What one signer gave: the drawn signature as PNG, or a refusal and its witness."""

    role: str
    name: str
    officer_id: str
    png: bytes | None
    refused: bool
    witness: str


class SignerCard(QFrame):
    """One signer: name and role, the pad, Clear, and where allowed the refusal and witness."""

    def __init__(self, signer: Signer, role_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.signer = signer
        self.setObjectName(f"signer_{signer.role}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        heading = QLabel(self)
        heading.setObjectName("signerHeading")
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setText(
            f"<b>{html.escape(signer.name)}</b>&nbsp;&nbsp;"
            f"<span style='color:#616161'>{html.escape(role_label)}</span>"
        )
        self.pad = SignaturePad(self)
        self.pad.setAccessibleName(
            self.tr("Signature of %1 (%2)").replace("%1", signer.name).replace("%2", role_label)
        )
        self.clear_button = QPushButton(self.tr("Clear"), self)
        self.clear_button.setObjectName("clearSignature")
        self.clear_button.setToolTip(self.tr("Erase this signature and sign again"))
        self.clear_button.clicked.connect(self.pad.clear)
        self.pad.changed.connect(self._pad_changed)
        self._pad_changed()

        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        self.refuse_box: QCheckBox | None = None
        self.witness_edit: QLineEdit | None = None
        self.witness_row: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.pad)
        layout.addLayout(buttons)
        if signer.may_refuse:
            self.refuse_box = QCheckBox(self.tr("Refuses to sign"), self)
            self.refuse_box.setObjectName("refuseToSign")
            self.refuse_box.toggled.connect(self._refusal_toggled)
            buttons.addWidget(self.refuse_box)
            self.witness_row = QWidget(self)
            witness_label = QLabel(self.tr("Witness:"), self.witness_row)
            self.witness_edit = QLineEdit(self.witness_row)
            self.witness_edit.setObjectName("witness")
            self.witness_edit.setPlaceholderText(self.tr("Name and unit of the witness (required)"))
            self.witness_edit.setMaxLength(100)
            witness_label.setBuddy(self.witness_edit)
            row = QHBoxLayout(self.witness_row)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(witness_label)
            row.addWidget(self.witness_edit, 1)
            self.witness_row.hide()
            layout.addWidget(self.witness_row)

    @property
    def refused(self) -> bool:
        return self.refuse_box is not None and self.refuse_box.isChecked()

    @property
    def witness(self) -> str:
        return self.witness_edit.text().strip() if self.witness_edit is not None else ""

    def signed(self) -> bool:
        return not self.refused and not self.pad.is_empty()

    def refusal_without_witness(self) -> bool:
        return self.refused and not self.witness

    def given(self) -> GivenSignature:
        s = self.signer
        if self.refused:
            return GivenSignature(s.role, s.name, s.officer_id, None, True, self.witness)
        return GivenSignature(s.role, s.name, s.officer_id, self.pad.to_png(), False, "")

    def _pad_changed(self) -> None:
        self.clear_button.setEnabled(self.pad.isEnabled() and not self.pad.is_empty())

    def _refusal_toggled(self, refused: bool) -> None:
        # the drawing stays, greyed: unticking the box by mistake loses nothing
        self.pad.setEnabled(not refused)
        self.pad.set_placeholder(self.tr("Refused to sign") if refused else None)
        self._pad_changed()
        if self.witness_row is not None and self.witness_edit is not None:
            self.witness_row.setVisible(refused)
            if refused:
                self.witness_edit.setFocus()


class SignDialog(QDialog):
    """Collects the signatures of ``signers``; ``result_signatures()`` once accepted."""

    def __init__(
        self, signers: Sequence[Signer], subject: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        if not signers:
            raise ValueError("nobody to sign")
        self.setObjectName("signDialog")
        self.setWindowTitle(self.tr("Signatures"))
        self.cards: list[SignerCard] = []

        intro = QLabel(self)
        intro.setObjectName("signIntro")
        intro.setWordWrap(True)
        notice = self.tr(
            "Each signer signs in the box. A person who refuses to sign is recorded "
            "with a witness (Work Safety Law Art. 68)."
        )
        intro.setText(f"<b>{html.escape(subject)}</b><br/>{notice}" if subject else notice)

        inner = QWidget()
        cards_layout = QVBoxLayout(inner)
        for signer in signers:
            card = SignerCard(signer, self.role_label(signer.role), inner)
            card.pad.changed.connect(self.update_state)
            if card.refuse_box is not None and card.witness_edit is not None:
                card.refuse_box.toggled.connect(self.update_state)
                card.witness_edit.textChanged.connect(self.update_state)
            cards_layout.addWidget(card)
            self.cards.append(card)
        cards_layout.addStretch(1)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("signersArea")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(inner)
        self.scroll_area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self.missing_label = QLabel(self)
        self.missing_label.setObjectName("missingSignatures")
        self.missing_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None
        self.ok_button = ok
        self.ok_button.setText(self.tr("Confirm signatures"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.missing_label)
        layout.addWidget(self.buttons)
        # as tall as three signers, then it scrolls; never taller than a laptop's screen
        shown = min(len(self.cards), 3)
        height = 150 + shown * (inner.sizeHint().height() // len(self.cards))
        screen = self.screen()
        if screen is not None:
            height = min(height, int(screen.availableGeometry().height() * 0.9))
        self.resize(580, height)
        self.cards[0].pad.setFocus()
        self.update_state()

    def role_label(self, role: str) -> str:
        return self.tr(str(ROLES[role]))

    def missing(self) -> list[str]:
        """Why the dialog cannot be confirmed yet, one sentence per kind of gap (translated)."""
        unsigned: list[str] = []
        no_witness: list[str] = []
        for card in self.cards:
            who = (
                self.tr("%1 (%2)")
                .replace("%1", card.signer.name)
                .replace("%2", self.role_label(card.signer.role))
            )
            if card.refusal_without_witness():
                no_witness.append(who)
            elif not card.refused and not card.signed():
                unsigned.append(who)
        separator = self.tr(", ", "between the names of a list")
        out = []
        if unsigned:
            out.append(self.tr("Still to sign: %1").replace("%1", separator.join(unsigned)))
        if no_witness:
            out.append(
                self.tr("A refusal to sign needs a witness: %1").replace(
                    "%1", separator.join(no_witness)
                )
            )
        return out

    def is_complete(self) -> bool:
        return not self.missing()

    def update_state(self) -> None:
        missing = self.missing()
        self.ok_button.setEnabled(not missing)
        if missing:
            self.missing_label.setStyleSheet(ERROR_STYLE)
            self.missing_label.setText("\n".join(missing))
        else:
            self.missing_label.setStyleSheet(DONE_STYLE)
            self.missing_label.setText(self.tr("Everyone has signed or refused before a witness."))

    def accept(self) -> None:
        if not self.is_complete():  # Enter on a disabled button, or a caller's mistake
            self.update_state()
            return
        super().accept()

    def result_signatures(self) -> list[GivenSignature]:
        """The signatures in the order of the signers (call once the dialog is complete)."""
        if not self.is_complete():
            raise ValueError("not everyone has signed: " + "; ".join(self.missing()))
        return [card.given() for card in self.cards]


def store_signatures(
    store: Store, attachments_dir: Path, given: Sequence[GivenSignature]
) -> list[signing.SignatureInput]:
    """Keep the drawn signatures as attachments; the ``SignatureInput`` of each signer.

    Runs on the writer thread (``add_file`` writes the attachment row). A refusal has no image.
    """
    out: list[signing.SignatureInput] = []
    for g in given:
        if g.refused:
            out.append(
                signing.SignatureInput(
                    g.role, g.name, g.officer_id, None, refused=True, witness=g.witness
                )
            )
            continue
        if not g.png:
            raise ValueError(f"no signature image for {g.name}")
        sha = _add_png(store, Path(attachments_dir), g.png)
        out.append(signing.SignatureInput(g.role, g.name, g.officer_id, image_sha256=sha))
    return out


def _add_png(store: Store, attachments_dir: Path, png: bytes) -> str:
    attachments_dir.mkdir(parents=True, exist_ok=True)
    # named like add_file's own temporary files: one left by a crash is removed at start-up
    # (attachments.clean_partials); the signature never sits in the system's temp folder
    fd, name = tempfile.mkstemp(
        prefix="incoming-signature-", suffix=attachments.PARTIAL, dir=attachments_dir
    )
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(png)
        return attachments.add_file(store, attachments_dir, temp, PNG)
    finally:
        temp.unlink(missing_ok=True)
