"""The signature pad and the signing dialog, driven with the mouse and a pen (pytest-qt)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from inspection_support import make_world
from PySide6.QtCore import QPoint, QPointF, Qt, QTranslator
from PySide6.QtGui import (
    QColor,
    QImage,
    QInputDevice,
    QInputMethodEvent,
    QPointingDevice,
    QTabletEvent,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from inspector_app.inspections import inspections, signing
from inspector_app.registry.entries import Registry
from inspector_app.store import attachments
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store
from ui.i18n import Translations
from ui.sign_dialog import GivenSignature, SignDialog, Signer, store_signatures
from ui.signature_pad import SignaturePad

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# a signature-like zigzag across the pad
STROKE = [QPoint(40, 90), QPoint(70, 40), QPoint(100, 95), QPoint(140, 45), QPoint(190, 85)]

# The Chinese the catalogue is to give these strings (resources/i18n is translated separately):
# the dialog is checked through Qt's translation lookup, as the app runs it.
CHINESE = {
    "Officer": "执法人员",
    "Person in charge of the inspected unit": "被检查单位负责人",
    "Receiver": "受送达人",
    "%1 (%2)": "%1（%2）",
    ", ": "、",
    "Still to sign: %1": "尚未签名：%1",
    "A refusal to sign needs a witness: %1": "拒绝签字须写明见证人：%1",
    "Everyone has signed or refused before a witness.": "全部签名已完成。",
    "Confirm signatures": "确认签名",
    "Signatures": "签名",
    "Clear": "清除",
    "Refuses to sign": "拒绝签字",
    "Refused to sign": "已拒绝签字",
    "Witness:": "见证人：",
    "Name and unit of the witness (required)": "见证人姓名及单位（必填）",
    "Sign here": "请在此签名",
    "Each signer signs in the box. A person who refuses to sign is recorded with a witness "
    "(Work Safety Law Art. 68).": "请各方在框内签名。拒绝签字的，记录在案并写明见证人"
    "（《安全生产法》第六十八条）。",
}
CONTEXTS = {"SignDialog", "SignerCard", "SignaturePad"}


class Chinese(QTranslator):
    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None: not ours, the next catalogue answers (an empty string would be a translation)
        return CHINESE.get(source) if context in CONTEXTS else None

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    """The UI in Chinese: Qt's own strings from the real catalogue, these from ``CHINESE``."""
    translations = Translations()
    translations.install(qapp, "zh_CN")
    ours = Chinese(qapp)
    qapp.installTranslator(ours)
    yield
    qapp.removeTranslator(ours)
    translations.install(qapp, "en")


def draw(pad: SignaturePad, points: list[QPoint] = STROKE, shift: QPoint = QPoint()) -> None:
    first, *rest = [p + shift for p in points]
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, first)
    for point in rest:
        QTest.mouseMove(pad, point)
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rest[-1])


def type_text(widget: QWidget | None, text: str) -> None:
    """Commit Chinese text as an input method does (QTest types Latin-1 only)."""
    assert widget is not None
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def new_pad(qtbot: Any) -> SignaturePad:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(480, 150)
    pad.show()
    qtbot.waitExposed(pad)
    return pad


def dark_pixels(image: QImage) -> int:
    count = 0
    for y in range(image.height()):
        for x in range(image.width()):
            colour = QColor(image.pixelColor(x, y))
            if colour.alpha() > 200 and colour.lightness() < 90:
                count += 1
    return count


def check_png(data: bytes) -> QImage:
    assert data.startswith(PNG_SIGNATURE)
    image = QImage.fromData(data, "PNG")
    assert not image.isNull()
    assert 0 < image.width() <= 600 and 0 < image.height() <= 200
    return image


def test_a_drawn_stroke_gives_a_cropped_png_with_ink(qtbot: Any) -> None:
    pad = new_pad(qtbot)
    assert pad.is_empty() and pad.strokes == 0
    assert pad.minimumWidth() >= 360 and pad.minimumHeight() >= 120
    with qtbot.waitSignal(pad.changed):
        draw(pad)
    assert not pad.is_empty() and pad.strokes == 1
    image = check_png(pad.to_png())
    assert dark_pixels(image) > 100
    # cropped: narrower than the pad, a transparent margin around the ink
    assert image.width() < 2 * pad.width()
    assert QColor(image.pixelColor(0, 0)).alpha() == 0
    assert QColor(image.pixelColor(image.width() - 1, image.height() - 1)).alpha() == 0


def test_the_png_depends_only_on_the_strokes(qtbot: Any) -> None:
    one, two = new_pad(qtbot), new_pad(qtbot)
    two.resize(700, 200)
    draw(one)
    draw(one, [QPoint(60, 60), QPoint(180, 60)])
    draw(two, shift=QPoint(200, 30))  # the same strokes elsewhere on a larger pad
    draw(two, [QPoint(60, 60), QPoint(180, 60)], shift=QPoint(200, 30))
    assert one.to_png() == one.to_png() == two.to_png()
    draw(two, [QPoint(20, 20), QPoint(30, 25)])
    assert two.to_png() != one.to_png()


def test_a_large_signature_is_scaled_down(qtbot: Any) -> None:
    pad = new_pad(qtbot)
    pad.resize(1600, 700)
    draw(pad, [QPoint(20, 20), QPoint(800, 650), QPoint(1580, 30)])
    image = check_png(pad.to_png())
    assert image.height() == 200 and image.width() <= 600
    assert dark_pixels(image) > 50


def test_clear_delete_backspace_and_undo(qtbot: Any) -> None:
    pad = new_pad(qtbot)
    draw(pad)
    draw(pad, [QPoint(50, 50), QPoint(150, 60)])
    assert pad.strokes == 2
    pad.setFocus()
    with qtbot.waitSignal(pad.changed):
        QTest.keyClick(pad, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert pad.strokes == 1
    with qtbot.waitSignal(pad.changed):
        QTest.keyClick(pad, Qt.Key.Key_Delete)
    assert pad.is_empty() and pad.strokes == 0
    with pytest.raises(ValueError):
        pad.to_png()
    draw(pad)
    QTest.keyClick(pad, Qt.Key.Key_Backspace)
    assert pad.is_empty()
    draw(pad)
    with qtbot.waitSignal(pad.changed):
        pad.clear()
    assert pad.is_empty()
    with qtbot.assertNotEmitted(pad.changed):
        pad.clear()  # nothing to clear, nothing changed


def test_the_pad_takes_focus_from_the_keyboard(qtbot: Any) -> None:
    pad = new_pad(qtbot)
    assert pad.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert pad.accessibleName()


def pen_stroke(pad: SignaturePad, pressure: float) -> None:
    stylus = QPointingDevice(
        "test stylus",
        7,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        2,
    )
    kinds = [QTabletEvent.Type.TabletPress]
    kinds += [QTabletEvent.Type.TabletMove] * (len(STROKE) - 2)
    kinds += [QTabletEvent.Type.TabletRelease]
    for kind, point in zip(kinds, STROKE, strict=True):
        position = QPointF(point)
        event = QTabletEvent(
            kind,
            stylus,
            position,
            QPointF(pad.mapToGlobal(point)),
            pressure,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            Qt.KeyboardModifier.NoModifier,
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.NoButton
            if kind == QTabletEvent.Type.TabletRelease
            else Qt.MouseButton.LeftButton,
        )
        QApplication.sendEvent(pad, event)
        assert event.isAccepted()


def test_pen_pressure_sets_the_width(qtbot: Any) -> None:
    light, firm = new_pad(qtbot), new_pad(qtbot)
    with qtbot.waitSignal(light.changed):
        pen_stroke(light, 0.05)
    pen_stroke(firm, 1.0)
    assert light.strokes == firm.strokes == 1
    inked_light = dark_pixels(check_png(light.to_png()))
    inked_firm = dark_pixels(check_png(firm.to_png()))
    assert inked_firm > 1.5 * inked_light > 0


# -- the dialog -------------------------------------------------------------------------------

OFFICERS = [
    Signer("officer", "周执法", officer_id="officer-1"),
    Signer("officer", "吴执法", officer_id="officer-2"),
]
PERSON = Signer("person_in_charge", "李安全", may_refuse=True)


def new_dialog(qtbot: Any, signers: list[Signer], subject: str = "") -> SignDialog:
    dialog = SignDialog(signers, subject)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_confirm_stays_disabled_until_everyone_has_signed(qtbot: Any) -> None:
    dialog = new_dialog(qtbot, [*OFFICERS, PERSON])
    assert not dialog.ok_button.isEnabled()
    assert [c.refuse_box is not None for c in dialog.cards] == [False, False, True]
    for card in dialog.cards[:2]:
        draw(card.pad)
    assert not dialog.ok_button.isEnabled()
    assert "李安全" in dialog.missing_label.text()
    assert "周执法" not in dialog.missing_label.text()
    draw(dialog.cards[2].pad)
    assert dialog.ok_button.isEnabled()
    dialog.cards[0].clear_button.click()
    assert not dialog.ok_button.isEnabled()
    assert "周执法" in dialog.missing_label.text()
    dialog.accept()  # refused while incomplete: Enter, or a caller's mistake
    assert dialog.isVisible() and dialog.result() == 0
    with pytest.raises(ValueError):
        dialog.result_signatures()


def test_a_refusal_needs_a_witness(qtbot: Any) -> None:
    dialog = new_dialog(qtbot, [*OFFICERS, PERSON])
    for card in dialog.cards[:2]:
        draw(card.pad)
    person = dialog.cards[2]
    assert person.refuse_box is not None and person.witness_edit is not None
    assert not person.witness_edit.isVisible()
    person.refuse_box.click()
    assert person.witness_edit.isVisible()
    assert not person.pad.isEnabled()
    draw(person.pad)  # a disabled pad takes no ink
    assert person.pad.is_empty()
    assert not dialog.ok_button.isEnabled()
    person.witness_edit.setText("   ")
    assert not dialog.ok_button.isEnabled()
    type_text(person.witness_edit, "村委会 陈见证")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        dialog.ok_button.click()
    given = dialog.result_signatures()
    assert [(g.role, g.name, g.refused) for g in given] == [
        ("officer", "周执法", False),
        ("officer", "吴执法", False),
        ("person_in_charge", "李安全", True),
    ]
    assert [g.officer_id for g in given] == ["officer-1", "officer-2", ""]
    assert given[2].witness == "村委会 陈见证" and given[2].png is None
    for g in given[:2]:
        assert g.png is not None
        check_png(g.png)


def test_unticking_the_refusal_brings_back_the_drawing(qtbot: Any) -> None:
    dialog = new_dialog(qtbot, [Signer("receiver", "王收件", may_refuse=True)])
    card = dialog.cards[0]
    assert card.refuse_box is not None
    draw(card.pad)
    card.refuse_box.click()
    assert not dialog.ok_button.isEnabled()
    card.refuse_box.click()
    assert card.pad.isEnabled() and not card.pad.is_empty()
    assert dialog.ok_button.isEnabled()
    [given] = dialog.result_signatures()
    assert (given.role, given.refused, given.witness) == ("receiver", False, "")


def test_the_dialog_says_in_chinese_who_is_missing(qtbot: Any, chinese: None) -> None:
    dialog = new_dialog(qtbot, [*OFFICERS, PERSON])
    assert dialog.ok_button.text() == "确认签名"
    assert dialog.missing_label.text() == (
        "尚未签名：周执法（执法人员）、吴执法（执法人员）、李安全（被检查单位负责人）"
    )
    draw(dialog.cards[0].pad)
    person = dialog.cards[2]
    assert person.refuse_box is not None and person.refuse_box.text() == "拒绝签字"
    person.refuse_box.click()
    assert dialog.missing_label.text() == (
        "尚未签名：吴执法（执法人员）\n拒绝签字须写明见证人：李安全（被检查单位负责人）"
    )
    assert dialog.cards[0].clear_button.text() == "清除"


def test_signers_are_checked() -> None:
    with pytest.raises(ValueError):
        Signer("witness", "陈见证")
    with pytest.raises(ValueError):
        Signer("officer", "周执法", officer_id="officer-1", may_refuse=True)
    with pytest.raises(ValueError):
        Signer("officer", "周执法")


def test_stored_signatures_sign_an_inspection(
    qtbot: Any, store: Store, registry: Registry, tmp_path: Path
) -> None:
    world = make_world(store, registry, tmp_path)
    inspection_id = world.start()
    world.fill(inspection_id)
    members = inspections.team(store.conn, inspection_id)
    signers = [Signer("officer", m.officer.name, officer_id=m.officer.id) for m in members]
    dialog = new_dialog(qtbot, [*signers, PERSON])
    draw(dialog.cards[0].pad)
    draw(dialog.cards[1].pad, [QPoint(30, 40), QPoint(200, 90), QPoint(260, 40)])
    draw(dialog.cards[2].pad, [QPoint(30, 90), QPoint(120, 30)])
    given = dialog.result_signatures()

    stored = store_signatures(store, world.attachments_dir, given)
    assert [s.role for s in stored] == ["officer", "officer", "person_in_charge"]
    for s, g in zip(stored, given, strict=True):
        assert s.image_sha256 is not None and g.png is not None
        assert attachments.path_of(world.attachments_dir, s.image_sha256).read_bytes() == g.png
        found = attachments.get(store.conn, s.image_sha256)
        assert found is not None and found.media_type == "image/png"
    assert len({s.image_sha256 for s in stored}) == 3
    assert not list(world.attachments_dir.glob("incoming-*"))  # no temporary file left

    with UnitOfWork(store, "tester") as uow:
        signing.sign(uow, inspection_id, stored)
    assert inspections.require(store.conn, inspection_id).signed
    kept = inspections.signatures(store.conn, inspection_id)
    assert sorted(s["image_sha256"] for s in kept) == sorted(str(s.image_sha256) for s in stored)


def test_a_stored_refusal_signs_with_its_witness(
    store: Store, registry: Registry, tmp_path: Path
) -> None:
    world = make_world(store, registry, tmp_path)
    inspection_id = world.start()
    world.fill(inspection_id)
    officers = [
        GivenSignature("officer", m.officer.name, m.officer.id, signature_png(), False, "")
        for m in inspections.team(store.conn, inspection_id)
    ]
    refusal = GivenSignature("person_in_charge", "李安全", "", None, True, "村委会 陈见证")
    stored = store_signatures(store, world.attachments_dir, [*officers, refusal])
    assert stored[-1] == signing.SignatureInput(
        "person_in_charge", "李安全", refused=True, witness="村委会 陈见证"
    )
    assert stored[0].image_sha256 == stored[1].image_sha256  # the same image is kept once
    with UnitOfWork(store, "tester") as uow:
        signing.sign(uow, inspection_id, stored)
    [person] = [
        s
        for s in inspections.signatures(store.conn, inspection_id)
        if s["role"] == "person_in_charge"
    ]
    assert person["refused"] and person["witness"] == "村委会 陈见证"
    assert person["image_sha256"] is None


def signature_png() -> bytes:
    pad = SignaturePad()
    draw(pad)
    data = pad.to_png()
    pad.deleteLater()
    return data


def test_picture_of_the_dialog(qtbot: Any, chinese: None, tmp_path: Path) -> None:
    """Two officers and the person in charge: one signed, one still to sign, one refusal.
    ``FI_SCREENSHOTS=folder`` keeps the picture as ``sign-dialog.png``."""
    dialog = new_dialog(qtbot, [*OFFICERS, PERSON], subject="现场检查记录 · 海宁精工机械有限公司")
    dialog.resize(620, 760)
    draw(dialog.cards[0].pad, [QPoint(40, 80), QPoint(60, 40), QPoint(90, 90), QPoint(120, 50)])
    draw(dialog.cards[0].pad, [QPoint(130, 85), QPoint(170, 45), QPoint(210, 80)])
    draw(dialog.cards[0].pad, [QPoint(220, 60), QPoint(300, 62)])
    person = dialog.cards[2]
    assert person.refuse_box is not None
    person.refuse_box.click()
    type_text(person.witness_edit, "许村镇村委会 陈见证")
    qtbot.wait(50)
    folder = Path(os.environ.get("FI_SCREENSHOTS") or tmp_path)
    picture = dialog.grab()
    assert not picture.isNull()
    assert picture.save(str(folder / "sign-dialog.png"))
