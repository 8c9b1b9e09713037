"""Fail a GUI test when the app logs an unexpected exception (a Qt task that failed, the
exception hook) — qutebrowser's ``logfail``: a bug that only reaches the log must not pass.

``conftest.logfail`` attaches a ``LogFail`` to the root logger for every test and fails a test
that uses ``qtbot`` when it caught anything. A test that provokes a bug on purpose says which:
``logfail.expect(ZeroDivisionError)``; what matched is in ``logfail.expected``.
"""

from __future__ import annotations

import logging

# the app's loggers: the task threads (ui.tasks), the crash reporter and hooks (ui.crash), the
# pages (ui.*) and the entry point
APP_LOGGERS = ("ui", "main")


def _is_app(name: str) -> bool:
    return any(name == n or name.startswith(n + ".") for n in APP_LOGGERS)


class LogFail(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.unexpected: list[logging.LogRecord] = []
        self.expected: list[logging.LogRecord] = []
        self._allowed: tuple[type[BaseException], ...] = ()

    def expect(self, *kinds: type[BaseException]) -> None:
        self._allowed += kinds

    def emit(self, record: logging.LogRecord) -> None:
        from ui.crash import is_expected

        if not _is_app(record.name) or record.exc_info is None:
            return
        exc = record.exc_info[1]
        if exc is None or is_expected(exc):
            return
        if isinstance(exc, self._allowed):
            self.expected.append(record)
        else:
            self.unexpected.append(record)

    def report(self) -> str:
        formatter = logging.Formatter("%(name)s: %(message)s")
        return "\n\n".join(formatter.format(r) for r in self.unexpected)
