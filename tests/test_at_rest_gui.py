"""The password dialog before the store opens: a new store, a wrong and a right password, a
plain store converted, a damaged key file replaced by its copy (issue 9 item 4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gui_support import Gui
from PySide6.QtCore import Qt

from helpers import copy_store
from inspector_app.store import dbapi
from inspector_app.store.database import Store
from inspector_app.store.paths import AppPaths
from ui.store_unlock import ChangePasswordDialog, StorePasswordDialog, door_mode, key_file


def type_in(qtbot: Any, dialog: StorePasswordDialog, password: str, repeat: str = "") -> None:
    dialog.password.setText(password)
    dialog.repeat.setText(repeat)
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def wait_answer(qtbot: Any, dialog: StorePasswordDialog) -> None:
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=60_000)


def encrypted_basedir(qtbot: Any, tmp_path: Path) -> tuple[AppPaths, bytes]:
    """A data folder whose store was created from the dialog with "the password"."""
    paths = AppPaths.create(tmp_path / "base")
    first = StorePasswordDialog(paths)
    qtbot.addWidget(first)
    with qtbot.waitSignal(first.accepted, timeout=60_000):
        type_in(qtbot, first, "the password", "the password")
    assert first.key is not None
    Store.open(paths.database, key=first.key).close()
    return paths, first.key


def test_a_new_store_asks_a_password_twice_and_is_encrypted(qtbot: Any, tmp_path: Path) -> None:
    paths = AppPaths.create(tmp_path / "base")
    dialog = StorePasswordDialog(paths, "zh_CN")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.mode == "create" and dialog.repeat.isVisible()
    assert "cannot be recovered" in dialog.explain.text()  # no translation installed here
    type_in(qtbot, dialog, "short", "short")
    assert dialog.message.text() == "密码至少需要 8 个字符。"
    type_in(qtbot, dialog, "long enough", "long enough?")
    assert dialog.message.text() == "两次输入的密码不一致。"
    assert not paths.key_file.exists()
    with qtbot.waitSignal(dialog.accepted, timeout=60_000):
        type_in(qtbot, dialog, "long enough", "long enough")
    assert dialog.key is not None and paths.key_file.exists() and paths.key_backup.exists()
    Store.open(paths.database, key=dialog.key).close()
    assert dbapi.is_encrypted(paths.database) and door_mode(paths) == "unlock"


def test_a_wrong_password_is_said_and_the_right_one_opens(qtbot: Any, tmp_path: Path) -> None:
    paths, key = encrypted_basedir(qtbot, tmp_path)

    dialog = StorePasswordDialog(paths, "zh_CN")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.mode == "unlock" and not dialog.repeat.isVisible()
    type_in(qtbot, dialog, "not the password")
    wait_answer(qtbot, dialog)
    assert dialog.message.text() == "密码不正确。"
    assert dialog.result() == 0 and dialog.key is None and dialog.password.text() == ""
    with qtbot.waitSignal(dialog.accepted, timeout=60_000):
        type_in(qtbot, dialog, "the password")
    assert dialog.key == key

    english = StorePasswordDialog(paths, "en")
    qtbot.addWidget(english)
    type_in(qtbot, english, "wrong again")
    wait_answer(qtbot, english)
    assert english.message.text() == "Wrong password."


def test_a_plain_store_is_converted_from_the_dialog(
    qtbot: Any, tmp_path: Path, demo_template: Path
) -> None:
    paths = AppPaths.create(tmp_path / "base")
    copy_store(demo_template, paths.database)
    with Store.open(paths.database) as plain:
        entries = plain.conn.execute("SELECT count(*) FROM enterprise").fetchone()[0]
    dialog = StorePasswordDialog(paths, "zh_CN")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.mode == "convert" and dialog.repeat.isVisible()
    progress: list[int] = []
    dialog.relay.progressed.connect(lambda _s, done, _t: progress.append(done))
    with qtbot.waitSignal(dialog.accepted, timeout=120_000):
        type_in(qtbot, dialog, "a good password", "a good password")
    assert progress and dialog.key is not None
    assert dbapi.is_encrypted(paths.database)
    with Store.open(paths.database, key=dialog.key) as store:
        assert store.conn.execute("SELECT count(*) FROM enterprise").fetchone()[0] == entries


def test_a_damaged_key_file_is_replaced_by_its_backup_copy(qtbot: Any, tmp_path: Path) -> None:
    paths, key = encrypted_basedir(qtbot, tmp_path)
    paths.key_file.write_text("{ damaged", encoding="utf-8")
    dialog = StorePasswordDialog(paths, "zh_CN")
    qtbot.addWidget(dialog)
    dialog.show()
    type_in(qtbot, dialog, "the password")
    wait_answer(qtbot, dialog)
    assert "已损坏" in dialog.message.text() and dialog.restore_button.isVisible()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert not dialog.restore_button.isVisible()
    with qtbot.waitSignal(dialog.accepted, timeout=60_000):
        type_in(qtbot, dialog, "the password")
    assert dialog.key == key


def test_a_password_change_wraps_the_same_key(qtbot: Any, tmp_path: Path) -> None:
    paths, key = encrypted_basedir(qtbot, tmp_path)
    dialog = ChangePasswordDialog(paths, "zh_CN")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.old.setText("the password")
    dialog.new.setText("a new password")
    dialog.repeat.setText("a new passwort")
    dialog.submit()
    assert dialog.message.text() == "两次输入的密码不一致。"
    dialog.old.setText("not the password")
    dialog.repeat.setText("a new password")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=60_000)
    assert dialog.message.text() == "密码不正确。"
    dialog.old.setText("the password")
    with qtbot.waitSignal(dialog.accepted, timeout=60_000):
        dialog.submit()
    assert key_file(paths).unlock("a new password") == key
    with Store.open(paths.database, key=key) as store:  # the database was not touched
        assert store.schema_version > 0


def test_the_main_window_changes_the_password_of_an_encrypted_store_only(
    qtbot: Any, tmp_path: Path
) -> None:
    paths, key = encrypted_basedir(qtbot, tmp_path)
    gui = Gui(qtbot, paths.basedir, key=key)
    try:
        assert gui.window.password_action.isEnabled()
        gui.window.password_action.trigger()
        dialog = gui.window.password_dialog
        assert isinstance(dialog, ChangePasswordDialog) and dialog.isVisible()
        dialog.old.setText("the password")
        dialog.new.setText("another password")
        dialog.repeat.setText("another password")
        with qtbot.waitSignal(dialog.accepted, timeout=60_000):
            dialog.submit()
        assert key_file(paths).unlock("another password") == key
    finally:
        gui.close()
    plain = Gui(qtbot, tmp_path / "plain")
    try:
        assert not plain.window.password_action.isEnabled()  # a plain store has no password
    finally:
        plain.close()
