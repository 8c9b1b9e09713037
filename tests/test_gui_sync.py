"""The sync page driven as an officer would, against the real server (pytest-qt, offscreen)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gui_support import Gui
from PySide6.QtWidgets import QMessageBox, QPushButton
from sqlalchemy import update
from sync_support import PASSWORD, Device

from helpers import KNOWN_ENTRIES
from inspector_app.registry.entries import Registry
from inspector_app.replication import conflicts
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store
from sync.server import db

ENTRY = KNOWN_ENTRIES[1]  # 海宁市许村镇


def sign_in(gui: Gui, url: str, username: str) -> None:
    page = gui.startup.window.sync_page
    page.url_edit.setText(url)
    page.user_edit.setText(username)
    page.password_edit.setText(PASSWORD)
    with gui.qtbot.waitSignal(page.sync_finished, timeout=60_000) as blocker:
        page.login_button.click()
    assert not isinstance(blocker.args[0], Exception), blocker.args[0]


def test_sign_in_syncs_the_jurisdiction_and_shows_the_state(
    qtbot: Any, tmp_path: Path, live_server: Any
) -> None:
    gui = Gui(qtbot, tmp_path / "laptop")
    try:
        sign_in(gui, live_server.url, "haining1")
        page = gui.startup.window.sync_page
        reader = gui.ctx.reader
        assert Registry.count(reader.conn) > 0
        assert reader.meta("sync.offline_verifier")  # the officer can unlock offline later
        assert "已登录：haining1" in page.account_label.text()
        assert "待上传 0 条" in page.state_label.text()
        assert gui.startup.window.sync_label.text() == page.status_changed_text
        gui.wait_listed()
        # work offline, then sync from the button
        with UnitOfWork(reader_writer(gui), gui.ctx.author) as uow:
            gui.ctx.registry.create(uow, ENTRY)
        page.update_state()
        assert "待上传 1 条" in page.state_label.text()
        with qtbot.waitSignal(page.sync_finished, timeout=60_000):
            page.sync_button.click()
        assert "待上传 0 条" in page.state_label.text()
    finally:
        gui.close()


def reader_writer(gui: Gui) -> Any:
    """A writable store for the test to act as the app's writer would."""
    from inspector_app.store.database import Store

    return Store.open(gui.paths.database, check=False)


def test_conflicts_and_refusals_are_shown_and_resolved(
    qtbot: Any, tmp_path: Path, live_server: Any, devices: Any
) -> None:
    other: Device = devices("haining2")
    other.sync()
    entity = other.create(ENTRY)
    outside = dict(KNOWN_ENTRIES[0])  # 南湖区: outside 海宁's jurisdiction
    other.sync()
    gui = Gui(qtbot, tmp_path / "laptop")
    try:
        sign_in(gui, live_server.url, "haining1")
        page = gui.startup.window.sync_page
        store = reader_writer(gui)
        with UnitOfWork(store, gui.ctx.author) as uow:
            gui.ctx.registry.update(uow, entity, {"contact_phone": "13900000009"})
            refused = gui.ctx.registry.create(uow, outside)
        other.update(entity, {"contact_phone": "13900000001"})
        other.sync()  # the other device's value reaches the server first
        with qtbot.waitSignal(page.sync_finished, timeout=60_000):
            page.sync_now()
        assert page.conflicts.rowCount() == 1
        assert page.conflicts.item(0, 0).text() == ENTRY["name"]
        assert page.conflicts.item(0, 1).text() == "联系电话"
        assert page.conflicts.item(0, 2).text().startswith("13900000001")
        assert page.conflicts.item(0, 3).text().startswith("13900000009")
        assert page.rejected.rowCount() == 1
        assert "不在您的辖区内" in page.rejected.item(0, 2).text()
        assert Registry.get(gui.ctx.reader.conn, refused) is not None  # kept on the laptop
        gui.save_screenshot("sync-zh_CN.png", "sync")
        use_other: QPushButton = page.conflicts.cellWidget(0, 5)
        with qtbot.waitSignal(gui.ctx.broadcaster.changes_applied, timeout=10_000):
            use_other.click()
        qtbot.waitUntil(lambda: page.conflicts.rowCount() == 0, timeout=10_000)
        with qtbot.waitSignal(page.sync_finished, timeout=60_000):
            page.sync_now()
        other.sync()
        assert Registry.get(other.store.conn, entity)["contact_phone"] == "13900000009"
        status = other.store.conn.execute("SELECT status FROM sync_conflict").fetchall()
        assert status == [("resolved",)]
        store.close()
    finally:
        gui.close()


def test_sign_out_is_refused_while_changes_wait(
    qtbot: Any, tmp_path: Path, live_server: Any, monkeypatch: Any
) -> None:
    gui = Gui(qtbot, tmp_path / "laptop")
    try:
        sign_in(gui, live_server.url, "haining1")
        page = gui.startup.window.sync_page
        store = reader_writer(gui)
        with UnitOfWork(store, gui.ctx.author) as uow:
            gui.ctx.registry.create(uow, ENTRY)
        store.close()
        warnings: list[str] = []
        monkeypatch.setattr(
            QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text)
        )
        page.logout()
        assert warnings and "1 条修改尚未上传" in warnings[0]
        assert gui.ctx.user is not None
        with qtbot.waitSignal(page.sync_finished, timeout=60_000):
            page.sync_now()
        with qtbot.waitSignal(page.signed_in, timeout=20_000):
            page.logout()
        assert gui.ctx.user is None
        assert "未登录" in page.account_label.text()
    finally:
        gui.close()


def test_a_wrong_password_is_explained(qtbot: Any, tmp_path: Path, live_server: Any) -> None:
    gui = Gui(qtbot, tmp_path / "laptop")
    try:
        page = gui.startup.window.sync_page
        page.url_edit.setText(live_server.url)
        page.user_edit.setText("haining1")
        page.password_edit.setText("not the password")
        with qtbot.waitSignal(page.sync_finished, timeout=30_000):
            page.login_button.click()
        assert "用户名或密码错误" in page.state_label.text()
        assert gui.ctx.user is None
    finally:
        gui.close()


def test_unlock_offline_with_the_password(qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from helpers import new_store
    from inspector_app.registry import jurisdictions
    from sync.api import make_verifier
    from ui.unlock import UnlockDialog

    base = tmp_path / "laptop"
    base.mkdir()
    store = new_store(base / "inspector.sqlite3", jurisdictions.load())
    with store.transaction():
        store.set_meta("sync.offline_verifier", make_verifier(PASSWORD))
    store.close()
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, UnlockDialog):
            QTimer.singleShot(30, answer)
            return
        if not seen:
            dialog.password.setText("wrong")
            dialog.try_unlock()
            seen.append(dialog.message.text())
            QTimer.singleShot(30, answer)
            return
        dialog.password.setText(PASSWORD)
        dialog.try_unlock()

    QTimer.singleShot(30, answer)
    gui = Gui(qtbot, base)  # no network: the password is checked on this computer
    try:
        assert seen == ["密码错误。"]
        assert gui.startup.is_ready
    finally:
        gui.close()


def test_a_received_record_set_aside_is_listed_with_its_reason(qtbot: Any, tmp_path: Path) -> None:
    from inspector_app.replication import quarantine

    gui = Gui(qtbot, tmp_path / "laptop")
    try:
        page = gui.startup.window.sync_page
        page.refresh_lists()
        assert page.set_aside.rowCount() == 0
        writer = Store.open(gui.paths.database)  # as the sync thread's store would
        with writer.transaction() as conn:  # what a pull does with a row it cannot store
            quarantine.set_aside(
                conn,
                "inspection",
                "0192a000-0000-7000-8000-000000000001",
                {"enterprise_id": "missing"},
                "父记录不存在 (its parent is missing)",
                "2026-12-01T09:30:00+08:00",
            )
        writer.close()
        page.refresh_lists()
        assert page.set_aside.rowCount() == 1
        assert "父记录不存在" in page.set_aside.item(0, 2).text()
        assert page.set_aside.item(0, 1).text() == "2026-12-01 09:30"
        assert page.lists.tabText(1).endswith("(1)")
    finally:
        gui.close()


def test_every_stage_the_sync_reports_has_its_words(qtbot: Any, tmp_path: Path) -> None:
    """Each stage name the sync passes to its progress callback is shown in words, not as
    the raw name (found in the sources, so a new stage needs its label)."""
    import re

    root = Path(__file__).resolve().parent.parent / "sync"
    stages = {
        m.group(1)
        for path in root.glob("*.py")
        for m in re.finditer(r'progress\(\s*f?"([a-z_]+)', path.read_text(encoding="utf-8"))
    }
    assert {"push", "pull", "upload", "download", "snapshot", "ready"} <= stages
    gui = Gui(qtbot, tmp_path / "laptop")
    try:
        page = gui.startup.window.sync_page
        unnamed = [s for s in sorted(stages) if page.stage_label(s) == s]
        assert unnamed == []
        assert page.stage_label("snapshot:enterprise") == page.stage_label("snapshot")
    finally:
        gui.close()


def test_progress_over_two_gibibytes_is_shown(qtbot: Any, tmp_path: Path) -> None:
    """Byte counts past a C int (a month of photos to upload) raised OverflowError in the
    progress slot; they are shown in larger steps."""
    from PySide6.QtWidgets import QProgressDialog

    gui = Gui(qtbot, tmp_path / "laptop")
    try:
        page = gui.startup.window.sync_page
        page.progress = QProgressDialog("", "", 0, 0, page)
        page._progress("upload", 3 * 2**30, 5 * 2**30)
        bar = page.progress
        assert 0 < bar.maximum() <= 2**31 - 1
        assert bar.value() / bar.maximum() == pytest.approx(0.6, abs=0.01)
        assert "3,221,225,472 / 5,368,709,120" in bar.labelText()
        page._progress("upload", 10, 100)  # small counts as they are
        assert (bar.value(), bar.maximum()) == (10, 100)
        page.progress = None
        bar.close()
    finally:
        gui.close()


def test_conflict_authors_are_shown_by_their_names(
    qtbot: Any, tmp_path: Path, live_server: Any, devices: Any
) -> None:
    with db.writing(live_server.engine) as conn:
        for username, name in (("haining1", "李卫"), ("haining2", "王海")):
            conn.execute(
                update(db.users).where(db.users.c.username == username).values(display_name=name)
            )
    other: Device = devices("haining2")
    other.sync()
    entity = other.create(ENTRY)
    other.sync()
    gui = Gui(qtbot, tmp_path / "laptop")
    try:
        sign_in(gui, live_server.url, "haining1")
        page = gui.startup.window.sync_page
        store = reader_writer(gui)
        with UnitOfWork(store, gui.ctx.author) as uow:
            gui.ctx.registry.update(uow, entity, {"contact_phone": "13900000009"})
        other.update(entity, {"contact_phone": "13900000001"})
        other.sync()
        with qtbot.waitSignal(page.sync_finished, timeout=60_000):
            page.sync_now()
        assert page.conflicts.rowCount() == 1
        kept, incoming = page.conflicts.item(0, 2).text(), page.conflicts.item(0, 3).text()
        assert kept.startswith("13900000001 (王海, ")
        assert incoming.startswith("13900000009 (李卫, ")
        # a device that never pulled the conflict page (a new laptop's first sync) gets the
        # names with the snapshot
        fresh: Device = devices("haining1")
        fresh.sync()
        names = conflicts.user_names(fresh.store.conn)
        assert {"王海", "李卫"} <= set(names.values())
        store.close()
    finally:
        gui.close()


def test_two_entries_with_one_code_are_merged_from_the_sync_page(
    qtbot: Any, tmp_path: Path
) -> None:
    from inspector_app.replication import quarantine

    gui = Gui(qtbot, tmp_path / "laptop")
    try:
        page = gui.startup.window.sync_page
        writer = Store.open(gui.paths.database)  # as the writer thread's store would
        with UnitOfWork(writer, gui.ctx.author) as uow:
            mine = gui.ctx.registry.create(uow, dict(ENTRY, contact_phone="13911112222"))
        local = gui.ctx.sync.tables.read(writer.conn, "enterprise", mine)
        assert local is not None
        server_id = "0192a000-0000-7000-8000-0000000000aa"
        with writer.transaction() as conn:  # what a first sync sets aside (same code)
            quarantine.set_aside(
                conn,
                "enterprise",
                server_id,
                dict(local, name="海宁市许村镇重庆面馆", contact_phone="13900000000"),
                "uscc already registered on this device",
                "2026-12-01T09:30:00+08:00",
            )
        writer.close()
        page.refresh_lists()
        assert page.pairs.rowCount() == 1
        assert page.lists.tabText(2).endswith("(1)")
        assert "联系电话" in page.pairs.item(0, 2).text() and "名称" in page.pairs.item(0, 2).text()

        page.pairs.cellWidget(0, 3).click()
        qtbot.waitUntil(
            lambda: page.merge_dialog is not None and page.merge_dialog.isVisible(),
            timeout=10_000,
        )
        dialog = page.merge_dialog
        assert dialog is not None
        dialog.boxes["contact_phone"].setChecked(True)  # this laptop's phone
        with qtbot.waitSignal(gui.ctx.broadcaster.changes_applied, timeout=10_000):
            dialog.accept()
        qtbot.waitUntil(lambda: page.pairs.rowCount() == 0, timeout=10_000)
        conn = gui.ctx.reader.conn
        assert Registry.get(conn, mine) is None
        merged = Registry.get(conn, server_id)
        assert merged["name"] == "海宁市许村镇重庆面馆"  # the server's
        assert merged["contact_phone"] == "13911112222"  # chosen from this laptop's
        assert page.set_aside.rowCount() == 0
        # the registry list searches again for the merged entry: let it finish before closing
        for _ in range(2):
            qtbot.waitUntil(lambda: not gui.ctx.searcher.busy(), timeout=20_000)
            qtbot.wait(300)
    finally:
        gui.close()


def test_a_revoked_laptops_changes_are_shown_held_for_review_then_decided(
    qtbot: Any, tmp_path: Path, live_server: Any
) -> None:
    """A revoked laptop's sync hands its changes in to the server's quarantine: the sync page
    lists them as held for review (not synced, not refused); once an administrator rejects
    one, the next attempt lists it among the refusals with the reason."""
    from sync import admin

    gui = Gui(qtbot, tmp_path / "laptop")
    try:
        sign_in(gui, live_server.url, "haining1")
        page = gui.startup.window.sync_page
        store = reader_writer(gui)
        with UnitOfWork(store, gui.ctx.author) as uow:
            gui.ctx.registry.create(uow, ENTRY)
        device_id = store.device_id
        store.close()
        admin.revoke_device(live_server.engine, device_id)
        with qtbot.waitSignal(page.sync_finished, timeout=60_000) as blocker:
            page.sync_now()
        assert getattr(blocker.args[0], "kind", None) == "revoked"
        assert "停用" in page.state_label.text()
        assert page.held.rowCount() == 1 and page.rejected.rowCount() == 0
        assert page.held.item(0, 0).text() == ENTRY["name"]
        assert "待管理员审核" in page.held.item(0, 2).text()
        assert page.lists.tabText(3).endswith("(1)")
        assert "待上传 1 条" in page.state_label.text()  # still this laptop's, kept
        with db.reading(live_server.engine) as conn:
            (item_id,) = conn.execute(db.quarantined_entries.select()).all()[0][:1]
        admin.reject_quarantined(live_server.engine, item_id, "来源不明", "王管理")
        with qtbot.waitSignal(page.sync_finished, timeout=60_000):
            page.sync_now()
        assert page.held.rowCount() == 0 and page.rejected.rowCount() == 1
        assert "来源不明" in page.rejected.item(0, 2).text()
        assert not page.lists.tabText(3).endswith(")")
    finally:
        gui.close()
