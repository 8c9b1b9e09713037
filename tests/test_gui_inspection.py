"""An officer's inspection through the GUI, with the demo data: two officers, three hazards with
photos, signatures, the inspection record and the rectification order, then a review that
passes one hazard and fails another (pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

import pytest
from gui_support import Gui
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from inspector_app.documents import issued
from inspector_app.inspections import hazard_photos, hazards, inspections, photos, queries
from inspector_app.registry import officers
from ui.inspection_editor import InspectionEditor
from ui.sign_dialog import SignDialog

STROKE = [QPoint(30, 60), QPoint(60, 40), QPoint(90, 70), QPoint(130, 45), QPoint(170, 65)]


def type_text(widget: QWidget, text: str) -> None:
    """Commit Chinese text as an input method does (QTest types Latin-1 only)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def draw(widget: QWidget) -> None:
    first, *rest = STROKE
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, first)
    for point in rest:
        QTest.mouseMove(widget, point)
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rest[-1])


def photo(tmp_path: Path, n: int) -> Path:
    image = QImage(320, 240, QImage.Format.Format_RGB32)
    image.fill(QColor(40 * n, 120, 200))
    plain = tmp_path / f"plain{n}.jpg"
    assert image.save(str(plain), "JPG")
    path = tmp_path / f"hazard{n}.jpg"
    path.write_bytes(
        photos.jpeg_with_exif_time(plain.read_bytes(), dt.datetime(2026, 11, 29, 10, n))
    )
    return path


def two_officers(gui: Gui, county: str) -> list[str]:
    conn = gui.ctx.reader.conn  # type: ignore[union-attr]
    today = dt.date.today()
    found = [
        o.id
        for o, _c in officers.roster(conn)
        if o.unit_code == county
        and o.role == "county"
        and officers.valid_certificate(conn, o.id, today) is not None
    ]
    assert len(found) >= 2, "the demo data has certified officers in every county"
    return found[:2]


def sign_all(qtbot: Any, editor: InspectionEditor, gui: Gui, refuse: bool = False) -> None:
    editor.sign_button.click()
    dialog: SignDialog = editor.sign_dialog
    for card in dialog.cards:
        if refuse and card.refuse_box is not None:
            card.refuse_box.setChecked(True)
            assert card.witness_edit is not None
            type_text(card.witness_edit, "村委会 陈见证")
        else:
            draw(card.pad)
    assert dialog.is_complete()
    if refuse:
        gui.save_screenshot("sign-zh_CN.png", widget=dialog)
    dialog.accept()
    qtbot.waitUntil(
        lambda: editor.inspection is not None and editor.inspection.signed, timeout=20_000
    )


def issue(qtbot: Any, editor: InspectionEditor, kind: str) -> Path:
    with qtbot.waitSignal(editor.documents_issued, timeout=30_000) as blocker:
        editor.document_actions[kind].trigger()
    ((issued_kind, path),) = blocker.args[0]
    assert issued_kind == kind and path.is_file()
    editor.issued_box.done(0)
    return Path(path)


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.slow
def test_full_inspection_and_review_through_the_gui(
    qtbot: Any, demo_basedir: Path, tmp_path: Path
) -> None:
    gui = Gui(qtbot, demo_basedir)
    try:
        window = gui.startup.window
        conn = gui.ctx.reader.conn  # type: ignore[union-attr]
        enterprise_id, name, county = conn.execute(
            "SELECT id, name, county_code FROM enterprise WHERE supervision_industry = '机械' "
            "AND kind = 'enterprise' ORDER BY rid LIMIT 1"
        ).fetchone()
        team = two_officers(gui, county)

        # start from the registry: the dialog lists the officers and their certificates
        window.start_inspection(enterprise_id)
        dialog = window.inspections_page.start_dialog
        assert dialog is not None and not dialog.ok_button.isEnabled()
        dialog.check_officer(team[0])
        assert not dialog.ok_button.isEnabled()  # one officer is not enough
        dialog.check_officer(team[1])
        assert dialog.ok_button.isEnabled()
        with qtbot.waitSignal(dialog.started, timeout=20_000) as started:
            dialog.ok_button.click()
        inspection_id = started.args[0]
        editor = window.inspections_page.editor
        assert window.current_area() == "inspections" and editor.inspection_id == inspection_id
        assert name in editor.title.text()

        # the record's fields, autosaved
        type_text(editor.person, "李安全")
        type_text(editor.person_title, "安全科长")
        type_text(editor.situation, "检查了生产车间和仓库。")
        qtbot.waitUntil(
            lambda: inspections.require(conn, inspection_id).situation == "检查了生产车间和仓库。",
            timeout=10_000,
        )

        # the checklist by keyboard: three hazards, the rest compliant
        table = editor.checklist
        table.setFocus()
        table.selectRow(0)
        rows = table.rowCount()
        for _ in range(3):
            QTest.keyClick(table, Qt.Key.Key_2)
        for _ in range(rows - 3):
            QTest.keyClick(table, Qt.Key.Key_1)
        qtbot.waitUntil(
            lambda: all(i.verdict for i in inspections.items(conn, inspection_id)), timeout=20_000
        )
        verdicts = [i.verdict for i in inspections.items(conn, inspection_id)]
        assert verdicts[:3] == ["hazard"] * 3 and set(verdicts[3:]) == {"compliant"}
        qtbot.waitUntil(lambda: editor.hazard_list.count() == 3, timeout=10_000)
        # each hazard records the item's finding, not its question
        found = [h["description"] for h in hazards.of_inspection(conn, inspection_id)]
        assert found[0].startswith("未按照规定") and not any("是否" in f for f in found)

        # a photo for each hazard; the deadline of the first by its preset button
        for n in range(3):
            editor.hazard_list.setCurrentRow(n)
            editor.add_photos([photo(tmp_path, n)])
            hazard_id = editor.current_hazard()
            qtbot.waitUntil(
                lambda h=hazard_id: len(hazard_photos.photos_of(conn, h)) == 1, timeout=10_000
            )
        qtbot.waitUntil(lambda: editor.photos.count() == 1, timeout=10_000)
        editor.hazard_list.setCurrentRow(0)
        first_hazard = editor.current_hazard()
        editor.today = lambda: dt.date(2026, 11, 29)
        editor.preset_buttons[1].click()  # 7 days
        qtbot.waitUntil(
            lambda: hazards.get(conn, first_hazard)["deadline"] == "2026-12-06", timeout=10_000
        )

        editor.checklist.scrollToTop()
        gui.save_screenshot("inspection-zh_CN.png", "inspections")
        # sign: two officers draw, the person in charge refuses before a witness
        sign_all(qtbot, editor, gui, refuse=True)
        assert not editor.situation.isEnabled() and editor.amend_button.isEnabled()

        record_pdf = issue(qtbot, editor, "inspection_record")
        order_pdf = issue(qtbot, editor, "rectification_order")
        record_text, order_text = pdf_text(record_pdf), pdf_text(order_pdf)
        for text in (record_text, order_text):
            assert name[:8] in text
        assert "应急检记〔" in record_text and "拒绝签字" in record_text
        assert "应急责改〔" in order_text and "2026年12月6日" in order_text
        for hazard_id in hazards.of_inspection(conn, inspection_id):
            assert hazards.state(conn, hazard_id["id"]).state == "ordered"

        board = window.hazard_board
        board.today = lambda: dt.date.today() + dt.timedelta(days=10)  # the first is overdue
        with qtbot.waitSignal(board.refreshed, timeout=20_000):
            window.show_area("hazards")
            board.refresh()
        assert board.model is not None and board.model.rowCount() == 3
        gui.save_screenshot("hazards-zh_CN.png", "hazards")

        # later: review two hazards — the first rectified, the second not
        editor.close_button.click()
        made = [h["id"] for h in hazards.of_inspection(conn, inspection_id)]
        review_dialog = window.inspections_page.review(made[:2])
        assert review_dialog is not None
        review_dialog.check_officer(team[0])
        review_dialog.check_officer(team[1])
        with qtbot.waitSignal(review_dialog.started, timeout=20_000) as started:
            review_dialog.ok_button.click()
        review_id = started.args[0]
        assert editor.inspection_id == review_id
        type_text(editor.person, "李安全")
        type_text(editor.situation, "复查两项隐患。")
        editor.checklist.setFocus()
        editor.checklist.selectRow(0)
        QTest.keyClick(editor.checklist, Qt.Key.Key_1)
        QTest.keyClick(editor.checklist, Qt.Key.Key_2)
        qtbot.waitUntil(
            lambda: (
                [i.verdict for i in inspections.items(conn, review_id)] == ["compliant", "hazard"]
            ),
            timeout=10_000,
        )
        qtbot.waitUntil(lambda: not editor.pending(), timeout=5_000)
        qtbot.waitUntil(
            lambda: inspections.require(conn, review_id).situation == "复查两项隐患。",
            timeout=10_000,
        )
        sign_all(qtbot, editor, gui)
        assert hazards.state(conn, made[0]).state == "review_passed"
        assert hazards.state(conn, made[1]).state == "review_failed"
        assert hazards.state(conn, made[2]).state == "ordered"
        opinion_pdf = issue(qtbot, editor, "review_opinion")
        opinion_text = pdf_text(opinion_pdf)
        assert "已整改" in opinion_text and "未整改" in opinion_text
        order_number = issued.of_record(conn, inspection_id)[1].number
        assert order_number in "".join(opinion_text.split())  # may wrap across lines
    finally:
        gui.close()


def test_recusal_and_location_through_the_gui(qtbot: Any, demo_basedir: Path) -> None:
    gui = Gui(qtbot, demo_basedir)
    try:
        window = gui.startup.window
        conn = gui.ctx.reader.conn  # type: ignore[union-attr]
        enterprise_id, county = conn.execute(
            "SELECT id, county_code FROM enterprise WHERE kind = 'enterprise' ORDER BY rid LIMIT 1"
        ).fetchone()
        first, second = two_officers(gui, county)
        window.start_inspection(enterprise_id)
        dialog = window.inspections_page.start_dialog
        assert dialog is not None
        dialog.recusal_button.click()
        assert "勾选" in dialog.error_label.text()  # which officer is recused?
        dialog.check_officer(first)
        dialog.recusal_button.click()
        type_text(dialog.recusal_reason, "与法定代表人系近亲属")
        type_text(dialog.recusal_decided, "局长 冯决定")
        dialog.recusal_requested.setCurrentIndex(1)  # the party asked
        with qtbot.waitSignal(dialog.recusal_recorded, timeout=10_000):
            dialog.recusal_dialog.accept()
        row = conn.execute(
            "SELECT requested_by, reason FROM recusal WHERE officer_id = ? AND enterprise_id = ?",
            (first, enterprise_id),
        ).fetchone()
        assert row == ("party", "与法定代表人系近亲属")
        dialog.check_officer(first)
        dialog.check_officer(second)
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: "回避" in dialog.error_label.text(), timeout=10_000)
        assert queries.for_enterprise(conn, enterprise_id) == []

        # with another officer the inspection starts; its location is typed as "lat, lon"
        third = next(
            o.id
            for o, _c in officers.roster(conn)
            if o.unit_code == county
            and o.id not in (first, second)
            and o.role == "county"
            and officers.valid_certificate(conn, o.id, dt.date.today()) is not None
        )
        dialog.reject()
        window.start_inspection(enterprise_id)
        dialog = window.inspections_page.start_dialog
        dialog.check_officer(second)
        dialog.check_officer(third)
        with qtbot.waitSignal(dialog.started, timeout=20_000) as started:
            dialog.ok_button.click()
        editor = window.inspections_page.editor
        editor.location.setText("30.7512，120.6836")
        qtbot.waitUntil(
            lambda: inspections.require(conn, started.args[0]).latitude == 30.7512, timeout=10_000
        )
        assert inspections.require(conn, started.args[0]).longitude == 120.6836
        editor.location.setText("北纬30度")
        assert "纬度, 经度" in editor.status.text() or "经度" in editor.status.text()
    finally:
        gui.close()


def test_photos_dropped_on_the_strip_are_offered_for_import(qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    from ui.hazard_panel import PhotoStrip

    strip = PhotoStrip()
    qtbot.addWidget(strip)
    files = [photo(tmp_path, 1), photo(tmp_path, 2)]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(strip.files_dropped, timeout=5_000) as blocker:
        strip.dropEvent(event)
    assert blocker.args[0] == files


def test_the_enterprise_panel_shows_major_hazards_and_the_closure_rule(
    qtbot: Any, tmp_path: Path, tree: Any, registry: Any
) -> None:
    from inspection_support import MACHINE_WORKS, make_world

    from helpers import new_store
    from inspector_app.store.changelog import UnitOfWork
    from inspector_app.store.paths import AppPaths

    paths = AppPaths.create(tmp_path / "base")
    store = new_store(paths.database, tree)
    world = make_world(store, registry, tmp_path)
    today = dt.date.today()
    for n in range(3):  # three major hazards, each escalated to a case within 180 days
        inspection_id = world.start()
        with UnitOfWork(store, "tester") as uow:
            for item in inspections.items(uow.conn, inspection_id):
                inspections.set_verdict(uow, inspection_id, item.item_code, "compliant")
            inspections.update(uow, inspection_id, {"person_in_charge": "李安全", "situation": "x"})
            hazard_id = hazards.add(
                uow,
                inspection_id,
                {"description": f"重大隐患{n}", "major": True, "deadline": "2026-12-31"},
            )
        world.sign(inspection_id)
        with UnitOfWork(store, "tester") as uow:
            hazards.record_event(uow, hazard_id, "escalated", today)
    # 安全生产法 Art. 113 (一) counts the penalties received: three within 180 days
    from case_support import Case

    from inspector_app.registry import officers

    with UnitOfWork(store, "tester") as uow:
        approver = officers.create(uow, "冯局长", "330481", "approver")
    for _n in range(3):
        case = Case(world, approver, violation_on=today.isoformat())
        case.step("onsite_decision", today, officer_ids=[world.lead, world.second], amount="500")
    store.close()
    gui = Gui(qtbot, paths.basedir)
    try:
        assert gui.search(MACHINE_WORKS["name"]) == 1
        gui.page.select_row(0)
        text = gui.page.detail.toPlainText()
        assert "重大隐患 3 项，其中未整改（挂牌督办）0 项" in text  # all three went to cases
        assert "第一百一十三条" in text and "180日内3次" in text
        assert "现场检查（计划检查）" in text
    finally:
        gui.close()
