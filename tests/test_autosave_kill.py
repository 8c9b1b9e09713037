"""Autosave survives a hard kill: a real app process types into the inspection editor and is
killed with SIGKILL mid-typing; what it had typed more than a second before is in the database,
and nothing else is (the saved text is a prefix of what was typed)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from inspection_support import make_world

from helpers import ROOT
from inspector_app.inspections import inspections
from inspector_app.store.database import Store

ALPHABET = "abcdefghijklmnopqrstuvwxyz"
CHILD = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    import main as entry
    from inspector_app.store.paths import AppPaths
    from ui.app import Startup, wait_for
    from ui.i18n import Translations
    from ui.settings import Settings

    basedir, inspection_id, alphabet = sys.argv[1], sys.argv[2], sys.argv[3]
    app = QApplication(sys.argv[:1])
    paths = AppPaths.create(basedir)
    ctx = entry.build_context(paths, Settings(paths.settings_file))
    startup = Startup(app, ctx, Translations(), ask_first_run=False)
    window = startup.start()
    wait_for(window, lambda: startup.is_ready, 60)
    page = window.inspections_page
    page.open_inspection(inspection_id)
    editor = page.editor
    editor.situation.setFocus()
    print("ready", flush=True)
    n = 0
    while True:  # type until killed
        QTest.keyClick(editor.situation, alphabet[n % len(alphabet)])
        n += 1
        print(n, time.monotonic(), flush=True)
        QTest.qWait(15)
    """
)


@pytest.mark.slow
def test_autosave_loses_at_most_the_last_second_after_sigkill(
    store: Store, registry, tmp_path: Path
) -> None:
    world = make_world(store, registry, tmp_path)
    inspection_id = world.start()
    store.close()
    basedir = Path(store.path).parent
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    typed_at: list[float] = []
    with subprocess.Popen(
        [sys.executable, "-c", CHILD, str(basedir), inspection_id, ALPHABET],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as child:
        try:
            assert child.stdout is not None and child.stderr is not None
            first = child.stdout.readline()
            assert first.strip() == "ready", first + child.stderr.read()
            while len(typed_at) < 150:  # a few seconds of steady typing
                line = child.stdout.readline()
                assert line, "the app ended: " + child.stderr.read()
                count, when = line.split()
                typed_at.append(float(when))
                assert int(count) == len(typed_at)
            killed_at = time.monotonic()
            os.kill(child.pid, signal.SIGKILL)
        finally:
            if child.poll() is None:
                child.kill()
            child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    typed = "".join(ALPHABET[i % len(ALPHABET)] for i in range(len(typed_at)))
    reopened = Store.open(basedir / "inspector.sqlite3")
    try:
        saved = inspections.require(reopened.conn, inspection_id).situation
        assert reopened.quick_check() == []
    finally:
        reopened.close()
    assert typed.startswith(saved), "the saved text is exactly what was typed, in order"
    due = sum(1 for t in typed_at if t <= killed_at - 1.0)
    assert due > 50
    assert len(saved) >= due, f"saved {len(saved)} characters, {due} were typed a second before"
