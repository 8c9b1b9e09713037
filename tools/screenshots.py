"""Take the README screenshots: ``python tools/screenshots.py --basedir DIR [--out docs]``.

Starts the app on DIR (creating the demo data there if it is empty), searches, selects an
entry, and saves PNGs of the main window. Run offscreen or under Xvfb.

The sync page needs a server and a second device; its picture comes from the GUI test that
shows a conflict: ``FI_SCREENSHOTS=docs python -m pytest tests/test_gui_sync.py -k conflicts``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--basedir", required=True)
    parser.add_argument("--out", default="docs")
    parser.add_argument("--lang", default="zh_CN")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    import main as entry
    from inspector_app.store.paths import AppPaths
    from ui.app import Startup, wait_for
    from ui.i18n import Translations
    from ui.settings import LANGUAGE, Settings

    paths = AppPaths.create(args.basedir)
    app = QApplication(sys.argv[:1])
    settings = Settings(paths.settings_file)
    settings.set(LANGUAGE, args.lang)
    translations = Translations()
    translations.install(app, args.lang)
    ctx = entry.build_context(paths, settings)
    startup = Startup(app, ctx, translations, demo=True, demo_scale=args.scale, ask_first_run=False)
    loaded: list[int] = []
    startup.demo_loaded.connect(loaded.append)
    window = startup.start()
    window.resize(1366, 768)
    wait_for(window, lambda: startup.is_ready, 60)
    if startup.info.get("entries", 0) == 0:
        wait_for(window, lambda: bool(loaded), 600)
    page = window.registry_page
    done: list[int] = []
    page.search_finished.connect(lambda text, n: done.append(n))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    def hide_folder() -> None:
        # the reader's own folder means nothing in a README: the file name only
        database = paths.database
        window.db_label.setText(window.db_label.text().replace(str(database), database.name))

    def search(text: str) -> None:
        done.clear()
        page.search_box.setText(text)
        page.run_search()
        wait_for(window, lambda: bool(done), 60)

    search("")
    search("嘉兴华")
    page.select_row(0)
    hide_folder()
    wait_for(window, lambda: False, 0.5)
    window.grab().save(str(out / f"registry-{args.lang}.png"))
    search("jxhg")
    page.select_row(1)
    hide_folder()
    wait_for(window, lambda: False, 0.5)
    window.grab().save(str(out / f"registry-pinyin-{args.lang}.png"))
    window.show_area("officers")
    hide_folder()
    wait_for(window, lambda: False, 0.3)
    window.grab().save(str(out / f"officers-{args.lang}.png"))
    print("saved to", out)
    ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
