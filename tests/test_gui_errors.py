"""Errors by cause: an operation the domain refuses shows its sentence in the officer's language
and writes nothing; a bug is logged with its traceback and shown in the crash dialog with the
log's path — through ``run_op``, the task threads and the exception hooks (pytest-qt,
offscreen)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gui_support import Gui
from logfail import LogFail
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from helpers import KNOWN_ENTRIES, run_python
from inspector_app.registry.entries import Registry
from inspector_app.registry.validation import ValidationError
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.paths import AppPaths, DataFolderError
from ui.crash import CrashDialog, CrashReporter
from ui.ops import run_op

ENTRY = KNOWN_ENTRIES[0]


@pytest.fixture(params=["zh_CN", "en"])
def gui(request: pytest.FixtureRequest, qtbot: Any, tmp_path: Path) -> Iterator[Gui]:
    app = Gui(qtbot, tmp_path / "base", lang=request.param)
    yield app
    app.close()


def refusal_box() -> QMessageBox | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.objectName() == "refusalBox":
            if widget.isVisible():
                return widget
    return None


def entries(gui: Gui) -> int:
    reader = gui.ctx.reader
    assert reader is not None
    return Registry.count(reader.conn)


def test_a_refused_operation_says_why_and_writes_nothing(gui: Gui, qtbot: Any) -> None:
    registry = gui.ctx.registry

    def op(uow: UnitOfWork) -> str:
        registry.create(uow, ENTRY)  # written, then rolled back with the refusal below
        return registry.create(uow, ENTRY)  # the same code twice: RecordInvalid

    done: list[str] = []
    run_op(gui.ctx, op, on_done=done.append, parent=gui.window)
    qtbot.waitUntil(lambda: refusal_box() is not None, timeout=10_000)
    box = refusal_box()
    assert box is not None
    if gui.ctx.lang == "en":
        assert box.text() == "Unified social credit code: already registered"
        assert box.windowTitle() == "Not saved"
    else:
        assert box.text() == "统一社会信用代码：该代码已登记"
        assert box.windowTitle() == "未保存"
    box.done(0)
    assert done == [] and entries(gui) == 0
    assert gui.ctx.crashes.shown == 0


def test_a_refusal_goes_to_the_form_line_when_there_is_one(gui: Gui, qtbot: Any) -> None:
    said: list[str] = []
    failed: list[bool] = []
    registry = gui.ctx.registry
    bad = dict(ENTRY, uscc=ENTRY["uscc"][:-1] + ("0" if ENTRY["uscc"][-1] != "0" else "1"))
    run_op(
        gui.ctx,
        lambda uow: registry.create(uow, bad),
        say=said.append,
        on_failed=lambda: failed.append(True),
    )
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    word = "check character" if gui.ctx.lang == "en" else "校验码"
    assert word in said[0] and failed == [True]
    assert refusal_box() is None and entries(gui) == 0


def test_a_bug_in_an_operation_is_logged_and_shown_with_the_log_path(
    gui: Gui, qtbot: Any, logfail: LogFail
) -> None:
    logfail.expect(ZeroDivisionError)
    registry = gui.ctx.registry

    def faulty_op(uow: UnitOfWork) -> str:
        registry.create(uow, ENTRY)
        return str(1 / 0)

    done: list[str] = []
    run_op(gui.ctx, faulty_op, on_done=done.append)
    crashes = gui.ctx.crashes
    qtbot.waitUntil(
        lambda: crashes.dialog is not None and crashes.dialog.isVisible(), timeout=10_000
    )
    dialog = crashes.dialog
    assert isinstance(dialog, CrashDialog)
    log_file = gui.paths.log_file
    assert str(log_file) in dialog.log_label.text()
    details = dialog.details.toPlainText()
    assert "ZeroDivisionError" in details and "faulty_op" in details
    dialog.copy_details()
    copied = QApplication.clipboard().text()
    assert "faulty_op" in copied and str(log_file) in copied
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback" in logged and "faulty_op" in logged and "ZeroDivisionError" in logged
    assert len(logfail.expected) == 1  # logged once, by the writer thread
    assert done == [] and entries(gui) == 0
    dialog.close()


def test_an_error_callback_does_not_swallow_the_traceback(
    gui: Gui, qtbot: Any, logfail: LogFail
) -> None:
    logfail.expect(KeyError)
    seen: list[BaseException] = []

    def lookup(_store: Any, _context: Any) -> None:
        raise KeyError("no such thing")

    gui.ctx.writer.submit(lookup, on_error=seen.append)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert isinstance(seen[0], KeyError)
    (record,) = logfail.expected
    assert record.name == "ui.tasks" and record.exc_info is not None
    assert "lookup" in gui.paths.log_file.read_text(encoding="utf-8")


def test_the_hooks_report_what_nobody_caught(qtbot: Any, tmp_path: Path, logfail: LogFail) -> None:
    logfail.expect(RuntimeError)
    log_file = tmp_path / "inspector.log"
    reporter = CrashReporter(log_file)
    reporter.install()
    try:

        def in_a_slot() -> None:
            raise RuntimeError("slot went wrong")

        def in_a_thread() -> None:
            raise RuntimeError("thread went wrong")

        QTimer.singleShot(0, in_a_slot)
        qtbot.waitUntil(lambda: reporter.dialog is not None, timeout=10_000)
        worker = threading.Thread(target=in_a_thread, name="worker")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: reporter.shown == 2, timeout=10_000)
    finally:
        reporter.uninstall()
    assert reporter.dialog is not None
    details = reporter.dialog.details.toPlainText()
    assert "slot went wrong" in details and "thread went wrong" in details  # one dialog
    assert [r.getMessage() for r in logfail.expected] == [
        "unexpected error (uncaught)",
        "unexpected error (thread worker)",
    ]
    reporter.dialog.close()


def test_a_basedir_that_is_a_file_is_refused_with_a_sentence(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("not a folder", encoding="utf-8")
    with pytest.raises(DataFolderError) as refused:
        AppPaths.create(target)
    assert refused.value.code == "not_a_folder"
    result = run_python("main.py", "--basedir", str(target))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"数据文件夹“{target}”不可用" in result.stderr
    assert "is a file, not a folder" in result.stderr
    assert target.read_text(encoding="utf-8") == "not a folder"


def test_logfail_tells_a_bug_from_a_refusal() -> None:
    """What the autouse fixture counts: exceptions the app's loggers log, refusals excepted."""

    def record(logger: str, exc: BaseException) -> logging.LogRecord:
        try:
            raise exc
        except BaseException as raised:
            info = (type(raised), raised, raised.__traceback__)
        return logging.LogRecord(logger, logging.ERROR, __file__, 1, "failed", (), info)

    handler = LogFail()
    handler.expect(KeyError)
    handler.handle(record("ui.tasks", ZeroDivisionError()))
    handler.handle(record("ui.crash", KeyError("x")))
    handler.handle(record("ui.tasks", ValidationError("name", "required", "必填", "required")))
    handler.handle(record("sync.server.app", ZeroDivisionError()))  # not the app's
    handler.handle(logging.LogRecord("ui.app", logging.ERROR, __file__, 1, "no exc", (), None))
    assert [r.name for r in handler.unexpected] == ["ui.tasks"]
    assert [r.name for r in handler.expected] == ["ui.crash"]
    assert "ZeroDivisionError" in handler.report()
