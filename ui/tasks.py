"""Background work: threads that own a store connection and run tasks off the GUI thread.

``StoreThread`` opens its ``Store`` inside the thread (a connection belongs to its thread) and
runs submitted functions one at a time, in order. Results, errors and throttled progress come
back to the GUI thread through Qt signals; the callbacks given to ``submit`` run there.

* The app's writer thread runs every write (operations return a ``ChangeSet``), imports,
  demo generation and backups.
* The search thread has its own read-only connection; ``submit(..., latest_only="page")``
  drops that page's queued queries and asks its running one to stop, so typing never waits for
  a stale query — and one page's new query never drops another page's.

A task that raises something other than an expected refusal (``ui.crash.is_expected``) or
``Cancelled`` is a bug: its traceback is logged here, on the thread that ran it, whether or not
the caller gave an error callback. Domain writes go through ``ui.ops.run_op``.
"""

from __future__ import annotations

import itertools
import logging
import queue
import sqlite3
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from inspector_app.store.database import Store, explain
from ui.crash import is_expected

log = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.1


class Cancelled(Exception):
    """Raised inside a task by ``TaskContext.check`` when the task was cancelled."""


@dataclass
class TaskContext:
    """Given to every task: report progress and partial results, notice cancellation."""

    task_id: int
    _thread: StoreThread
    _cancel: threading.Event = field(default_factory=threading.Event)
    _last_progress: float = 0.0

    def should_stop(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def progress(self, stage: str, done: int, total: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._last_progress >= PROGRESS_INTERVAL_S or (total and done >= total):
            self._last_progress = now
            self._thread.task_progress.emit(self.task_id, stage, int(done), int(total))

    def partial(self, value: object) -> None:
        self._thread.task_partial.emit(self.task_id, value)


TaskFn = Callable[[Store, TaskContext], Any]


@dataclass
class _Callbacks:
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    on_progress: Callable[[str, int, int], None] | None
    on_partial: Callable[[Any], None] | None
    context: TaskContext
    group: str = ""  # the ``latest_only`` key it was submitted with


class StoreThread(QThread):
    """A thread that owns one ``Store`` and runs tasks on it, one at a time."""

    task_done = Signal(int, object)
    task_failed = Signal(int, object, str)
    task_progress = Signal(int, str, int, int)
    task_partial = Signal(int, object)
    opened = Signal(object)  # the facts the GUI needs after opening (see ``open_info``)
    open_failed = Signal(object)

    def __init__(
        self, open_store: Callable[[], Store], name: str, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._open_store = open_store
        self._queue: queue.Queue[tuple[int, TaskFn] | None] = queue.Queue()
        self._callbacks: dict[int, _Callbacks] = {}
        self._ids = itertools.count(1)
        self._running: int | None = None
        self._lock = threading.Lock()
        self.open_info: Callable[[Store], object] = lambda store: None
        # runs after ``opened`` and before any task; raising stops the thread (open_failed)
        self.after_open: Callable[[Store], None] | None = None
        # the store's connection while ``after_open`` runs: stopping interrupts that check, so
        # a quick open-and-close does not wait for it (it runs again at the next start)
        self._checking: sqlite3.Connection | None = None
        self._stopping = False
        self.task_done.connect(self._on_done)
        self.task_failed.connect(self._on_failed)
        self.task_progress.connect(self._on_progress)
        self.task_partial.connect(self._on_partial)

    # -- GUI side --------------------------------------------------------------------------

    def submit(
        self,
        fn: TaskFn,
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[str, int, int], None] | None = None,
        on_partial: Callable[[Any], None] | None = None,
        latest_only: str = "",
    ) -> TaskContext:
        """Queue ``fn``. ``latest_only="key"``: a newer task replaces the queued and running
        tasks submitted with the same key (a page's previous query); others are untouched."""
        task_id = next(self._ids)
        context = TaskContext(task_id, self)
        if latest_only:
            self._drop_pending(latest_only)
        self._callbacks[task_id] = _Callbacks(
            on_done, on_error, on_progress, on_partial, context, latest_only
        )
        self._queue.put((task_id, fn))
        return context

    def cancel(self, context: TaskContext) -> None:
        context._cancel.set()

    def busy(self) -> bool:
        return self._running is not None or not self._queue.empty()

    def _drop_pending(self, group: str) -> None:
        """Drop the queued tasks of ``group`` and ask its running one to stop (a newer one
        replaces them); other tasks keep their place in the queue."""
        kept: list[tuple[int, TaskFn] | None] = []
        try:
            while True:
                item = self._queue.get_nowait()
                callbacks = self._callbacks.get(item[0]) if item is not None else None
                if item is not None and callbacks is not None and callbacks.group == group:
                    self._callbacks.pop(item[0], None)
                else:
                    kept.append(item)
        except queue.Empty:
            pass
        for item in kept:
            self._queue.put(item)
        with self._lock:
            running = self._running
        if running is not None and running in self._callbacks:
            callbacks = self._callbacks[running]
            if callbacks.group == group:
                callbacks.context._cancel.set()

    def stop(self, timeout_ms: int = 30_000) -> bool:
        """Finish the running task, drop queued ones, close the store, end the thread."""
        with self._lock:
            self._stopping = True
            if self._checking is not None:
                self._checking.interrupt()
        self._drop_pending_without_cancel()
        self._queue.put(None)
        return self.wait(timeout_ms)

    def _drop_pending_without_cancel(self) -> None:
        try:
            while True:
                item = self._queue.get_nowait()
                if item is not None:
                    self._callbacks.pop(item[0], None)
        except queue.Empty:
            pass

    def _on_done(self, task_id: int, result: object) -> None:
        cb = self._callbacks.pop(task_id, None)
        if cb and cb.on_done and not cb.context.should_stop():
            cb.on_done(result)

    def _on_failed(self, task_id: int, exc: object, details: str) -> None:
        cb = self._callbacks.pop(task_id, None)
        if cb is None or isinstance(exc, Cancelled) and cb.context.should_stop():
            return
        if cb.on_error:
            cb.on_error(exc)  # type: ignore[arg-type]
        elif details == "":  # expected (a bug was logged with its traceback by the thread)
            log.warning("background task refused: %s", exc)

    def _on_progress(self, task_id: int, stage: str, done: int, total: int) -> None:
        cb = self._callbacks.get(task_id)
        if cb and cb.on_progress:
            cb.on_progress(stage, done, total)

    def _on_partial(self, task_id: int, value: object) -> None:
        cb = self._callbacks.get(task_id)
        if cb and cb.on_partial and not cb.context.should_stop():
            cb.on_partial(value)

    # -- worker side -----------------------------------------------------------------------

    def run(self) -> None:
        try:
            store = self._open_store()
        except BaseException as exc:  # reported to the GUI, which explains it
            log.exception("could not open the store in %s", self.objectName())
            self.open_failed.emit(exc)
            return
        try:
            try:
                info = self.open_info(store)
            except BaseException as exc:  # a damaged page met by the first reads
                log.exception("could not read the store in %s", self.objectName())
                self.open_failed.emit(explain(store.path, exc))
                return
            self.opened.emit(info)
            if self.after_open is not None:
                with self._lock:
                    self._checking = None if self._stopping else store.conn
                try:
                    if self._checking is not None:
                        self.after_open(store)
                except BaseException as exc:
                    if self._stopping:  # closed during the check: nothing was changed by it
                        log.info("start-up check of %s left for the next start", self.objectName())
                        return
                    log.exception("start-up check failed in %s", self.objectName())
                    self._drop_pending_without_cancel()
                    self.open_failed.emit(exc)
                    return
                finally:
                    with self._lock:
                        self._checking = None
            while True:
                item = self._queue.get()
                if item is None:
                    break
                task_id, fn = item
                cb = self._callbacks.get(task_id)
                context = cb.context if cb else TaskContext(task_id, self)
                if context.should_stop():
                    self.task_failed.emit(task_id, Cancelled(), "")
                    continue
                with self._lock:
                    self._running = task_id
                try:
                    result = fn(store, context)
                except BaseException as exc:
                    details = ""
                    if not (isinstance(exc, Cancelled) or is_expected(exc)):
                        details = traceback.format_exc()
                        log.error("task failed in %s", self.objectName(), exc_info=exc)
                    self.task_failed.emit(task_id, exc, details)
                else:
                    self.task_done.emit(task_id, result)
                finally:
                    with self._lock:
                        self._running = None
        finally:
            store.close()
