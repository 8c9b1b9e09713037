"""Running a domain operation from the UI: the one way (Anki's ``qt/aqt/operations``).

``run_op(ctx, op)`` runs ``op(uow)`` in a ``UnitOfWork`` on the writer thread; back on the GUI
thread its change set is broadcast (``ctx.apply``) and ``on_done`` gets what ``op`` returned::

    run_op(self.ctx, lambda uow: hazards.remove(uow, hazard_id), parent=self)

When it fails:

* an expected error (a refusal: ``Bilingual``, ``RecordInvalid`` — see ``ui.crash``) was rolled
  back with its unit of work, so nothing was written; its sentence, in the UI's language, goes to
  ``say`` (a form's message line) or else to a warning box over ``parent``, and ``on_refused``
  gets the error (a form that marks each field);
* anything else is a bug: the writer thread logged its traceback and the crash dialog shows it
  with the log's path;
* either way ``on_failed`` runs first (a form gives its buttons back, then shows why).

``run_work(ctx, work)`` is the same for work that needs the store itself or several units of
work: ``work(writes)`` opens each with ``writes.unit()`` (copies files into the attachments with
``writes.store``, reports progress through ``writes.task``). Units that committed before a
failure are broadcast all the same.

Searches and long tasks (imports, the demo data, sync) keep their own threads and callbacks.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from typing import TypeVar, cast

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from inspector_app.store import dbapi
from inspector_app.store.changelog import ChangeSet, UnitOfWork
from inspector_app.store.database import Store, StoreUnavailable
from ui.context import AppContext
from ui.crash import Refusal, is_expected, refusal_text, show_refusal
from ui.tasks import TaskContext

T = TypeVar("T")

# SQLite result codes that are the machine's state, not a bug (disk full, locked, read-only…)
_ENVIRONMENTAL = frozenset(
    {
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_IOERR,
    }
)


class Writes:
    """Given to ``run_work``'s function on the writer thread: the store, the task (progress,
    cancellation) and units of work whose changes are collected for the broadcast."""

    def __init__(self, author: str) -> None:
        self.author = author
        self.changes = ChangeSet()
        self._store: Store | None = None
        self._task: TaskContext | None = None

    def bind(self, store: Store, task: TaskContext) -> None:
        self._store, self._task = store, task

    @property
    def store(self) -> Store:
        assert self._store is not None, "used outside its task"
        return self._store

    @property
    def task(self) -> TaskContext:
        assert self._task is not None, "used outside its task"
        return self._task

    @contextlib.contextmanager
    def unit(self) -> Iterator[UnitOfWork]:
        """A unit of work by the app's author; its changes are kept once it commits."""
        with UnitOfWork(self.store, self.author) as uow:
            yield uow
        self.changes.merge(uow.changes)


def _environmental(store: Store, exc: Exception) -> StoreUnavailable | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in _ENVIRONMENTAL:
        return StoreUnavailable.from_sqlite(store.path, exc)
    return None


def run_work(
    ctx: AppContext,
    work: Callable[[Writes], T],
    *,
    on_done: Callable[[T], None] | None = None,
    say: Callable[[str], None] | None = None,
    on_refused: Callable[[Refusal], None] | None = None,
    on_failed: Callable[[], None] | None = None,
    on_progress: Callable[[str, int, int], None] | None = None,
    parent: QWidget | None = None,
    title: str = "",
) -> TaskContext:
    """Run ``work`` on the writer thread (see the module docstring); ``title``: of the warning
    box that shows a refusal when there is no ``say``."""
    writes = Writes(ctx.author)

    def task(store: Store, context: TaskContext) -> T:
        writes.bind(store, context)
        try:
            return work(writes)
        except dbapi.Error as exc:  # the disk, not the code: one sentence, no crash dialog
            told = _environmental(store, exc)
            if told is None:
                raise
            raise told from exc

    def done(value: T) -> None:
        ctx.apply(writes.changes)
        if on_done is not None:
            on_done(value)

    def failed(exc: BaseException) -> None:
        if writes.changes:  # units that committed before the failure
            ctx.apply(writes.changes)
        if on_failed is not None:  # the form is usable again, then told why
            on_failed()
        if not is_expected(exc):
            ctx.crashes.report(exc, logged=True)  # the writer thread logged the traceback
            return
        text = refusal_text(exc, ctx.lang)
        if say is not None:
            say(text)
        else:
            heading = title or QCoreApplication.translate("ops", "Not saved")
            show_refusal(parent, heading, text)
        if on_refused is not None:
            on_refused(cast(Refusal, exc))

    return ctx.writer.submit(task, on_done=done, on_error=failed, on_progress=on_progress)


def run_op(
    ctx: AppContext,
    op: Callable[[UnitOfWork], T],
    *,
    on_done: Callable[[T], None] | None = None,
    say: Callable[[str], None] | None = None,
    on_refused: Callable[[Refusal], None] | None = None,
    on_failed: Callable[[], None] | None = None,
    parent: QWidget | None = None,
    title: str = "",
) -> TaskContext:
    """Run ``op`` in one unit of work on the writer thread (see the module docstring)."""

    def work(writes: Writes) -> T:
        with writes.unit() as uow:
            return op(uow)

    return run_work(
        ctx,
        work,
        on_done=on_done,
        say=say,
        on_refused=on_refused,
        on_failed=on_failed,
        parent=parent,
        title=title,
    )
