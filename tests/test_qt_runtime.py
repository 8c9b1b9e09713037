"""Guards the Qt binding version: PySide6 6.12.0 on Python 3.11 loses a reference to True on
every Signal.emit() and the process aborts after about a thousand emits."""

from __future__ import annotations

from helpers import run_python

SCRIPT = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal
class Emitter(QObject):
    fired = Signal(int, object)
app = QCoreApplication([])
e = Emitter()
e.fired.connect(lambda i, v: None)
before = sys.getrefcount(True)
for i in range(20000):
    e.fired.emit(i, None)
print(sys.getrefcount(True) - before)
"""


def test_many_signal_emits_do_not_corrupt_the_interpreter() -> None:
    result = run_python("-c", SCRIPT)
    assert result.returncode == 0, result.stderr[-500:]
    assert abs(int(result.stdout.strip())) < 100
