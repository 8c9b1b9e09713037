"""Run as a program (``python tests/form_fit.py BASEDIR LANG``) under a given screen and
``QT_SCALE_FACTOR``: opens the registry entry dialog, saves it with broken fields and prints,
as JSON, every field error that is not fully visible (empty list: all are)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).parent), str(Path(__file__).parent.parent)]

from PySide6.QtCore import QPoint, QRect  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


class Bot:
    """Enough of pytest-qt's ``qtbot`` for ``Gui`` outside pytest."""

    def waitUntil(self, predicate, timeout: int = 30_000) -> None:
        deadline = time.monotonic() + timeout / 1000
        while not predicate():
            if time.monotonic() > deadline:
                raise TimeoutError("the app did not get ready")
            QApplication.processEvents()
            time.sleep(0.01)

    def addWidget(self, _widget: object) -> None:
        pass


def main(basedir: str, lang: str) -> list[str]:
    app = QApplication([])
    from gui_support import Gui

    from ui.enterprise_dialog import EnterpriseDialog

    gui = Gui(Bot(), Path(basedir), lang=lang)
    problems: list[str] = []
    try:
        dialog = EnterpriseDialog(gui.ctx, None, gui.window)
        dialog.show()
        dialog.widgets["uscc"].setText("91330402MA2B3C4D1M")  # wrong check character
        dialog.widgets["contact_phone"].setText("12")
        dialog.save()
        for _ in range(5):
            app.processEvents()
        screen = dialog.screen().availableGeometry()
        if dialog.frameGeometry().height() > screen.height():
            problems.append(f"dialog {dialog.frameGeometry()} taller than {screen}")
        rows = sorted(dialog.widgets.values(), key=lambda w: w.mapTo(dialog, QPoint()).y())
        shown = [e for e in dialog.errors.values() if e.isVisible()]
        if len(shown) < 2:
            problems.append(f"expected errors, got {[e.text() for e in shown]}")
        for field, error in dialog.errors.items():
            if not error.isVisible():
                continue
            dialog.fields_scroll.ensureWidgetVisible(error)
            app.processEvents()
            top = error.mapTo(dialog, QPoint())
            rect = QRect(top, error.size())
            if error.height() < error.heightForWidth(error.width()):
                problems.append(
                    f"{field}: {error.height()} < {error.heightForWidth(error.width())}"
                )
            if error.visibleRegion().boundingRect() != error.rect():
                problems.append(f"{field}: clipped to {error.visibleRegion().boundingRect()}")
            for widget in rows:
                other = QRect(widget.mapTo(dialog, QPoint()), widget.size())
                if widget.isVisible() and other.intersects(rect):
                    problems.append(f"{field}: overlaps {widget.objectName()}")
    finally:
        gui.close()
        del app
    return problems


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2]), ensure_ascii=False))
