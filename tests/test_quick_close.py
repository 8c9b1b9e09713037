"""A quick open-and-close does not wait for the start-up check: stopping the store's thread
interrupts it (it runs again at the next start), and that is not reported as a failure."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from inspector_app.store.database import Store
from ui.tasks import StoreThread

# counts to a billion: minutes of work for SQLite unless interrupted
ENDLESS_CHECK = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) "
    "SELECT count(*) FROM c"
)


def test_closing_during_the_start_up_check_interrupts_it(qapp: Any, tmp_path: Path) -> None:
    Store.open(tmp_path / "inspector.sqlite3").close()
    thread = StoreThread(lambda: Store.open(tmp_path / "inspector.sqlite3", check=False), "writer")
    started: list[bool] = []
    failures: list[object] = []

    def slow_check(store: Store) -> None:
        started.append(True)
        store.conn.execute(ENDLESS_CHECK).fetchone()

    thread.after_open = slow_check
    thread.open_failed.connect(failures.append)
    thread.start()
    deadline = time.monotonic() + 20
    while not started and time.monotonic() < deadline:
        time.sleep(0.01)
    assert started
    time.sleep(0.2)  # well inside the check
    begun = time.monotonic()
    assert thread.stop(20_000)
    assert time.monotonic() - begun < 10
    QCoreApplication.processEvents()
    assert failures == []


def test_a_thread_stopped_before_its_check_skips_it(qapp: Any, tmp_path: Path) -> None:
    Store.open(tmp_path / "inspector.sqlite3").close()
    thread = StoreThread(lambda: Store.open(tmp_path / "inspector.sqlite3", check=False), "writer")
    checked: list[bool] = []
    thread.after_open = lambda store: checked.append(True)
    thread.stop(0)  # asked to stop before it ran
    thread.start()
    assert thread.wait(20_000)
    assert checked == []
