"""Field Inspector — entry point and composition root.

    python main.py [--basedir DIR] [--demo] [--lang zh_CN|en] [--self-test]

Builds the paths, settings, domain services, background threads and the main window, and
passes each to the constructors that need it. Nothing else creates services.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inspector_app.store.paths import AppPaths
    from ui.context import AppContext
    from ui.settings import Settings

_STARTED = time.perf_counter()


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="field-inspector", description="Field Inspector / 安全生产执法检查"
    )
    parser.add_argument(
        "--basedir",
        metavar="DIR",
        help="put every file the app writes under DIR (default: the user's data folder)",
    )
    parser.add_argument(
        "--demo", action="store_true", help="create the demo data in the data folder if it is empty"
    )
    parser.add_argument(
        "--demo-scale",
        type=float,
        default=1.0,
        metavar="FACTOR",
        help="size of the demo registry relative to the city (1.0 = 485,300)",
    )
    parser.add_argument(
        "--lang", choices=("zh_CN", "en"), help="user interface language (saved in the settings)"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open or create the store, run a search, build the main window, "
        "exit 0 (non-zero with a message on failure)",
    )
    parser.add_argument("--quit-after-paint", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def setup_logging(log_file: Path, console: bool = True) -> list[logging.Handler]:
    """The log file (rotated) and, with ``console``, warnings on stderr; returns the handlers
    added to the root logger."""
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    added: list[logging.Handler] = [handler]
    if console:
        stream = logging.StreamHandler()
        stream.setLevel(logging.WARNING)
        root.addHandler(stream)
        added.append(stream)
    return added


def build_context(paths: AppPaths, settings: Settings, key: bytes | None = None) -> AppContext:
    """The services of one running app (see ``ui.context.AppContext``); ``key`` is the
    database key of an encrypted store (every connection is opened with it)."""
    from inspector_app.registry import jurisdictions
    from inspector_app.registry.entries import Registry
    from inspector_app.registry.rules import Classifications
    from inspector_app.replication.local import LocalTables
    from inspector_app.store.database import Store
    from sync.api import Connection
    from sync.service import SyncService
    from ui.context import AppContext
    from ui.crash import CrashReporter
    from ui.settings import CA_FILE, PROXY, SERVER_URL
    from ui.tasks import StoreThread

    tree = jurisdictions.load()
    classes = Classifications.load()
    registry = Registry(tree, classes)

    def open_writer() -> Store:
        # A current store opens at once and is checked right after (before any write runs);
        # one that needs an upgrade is checked first, so that a damaged file is never migrated.
        current = Store.is_current(paths.database, key)
        return Store.open(paths.database, backups_dir=paths.backups_dir, check=not current, key=key)

    def after_open(store: Store) -> None:
        store.check_integrity()
        jurisdictions.install(store, tree)
        registry.ensure_indexes(store)  # after a bulk load that was cut short

    def open_searcher() -> Store:
        store = Store.open(paths.database, readonly=True, check=False, key=key)
        # warm the pinyin syllable table so that the first pinyin query is not slow
        from inspector_app.registry import textindex

        textindex.syllable_splits("a")
        return store

    def open_syncer() -> Store:
        # its own connection: a long sync never holds up the writer thread's edits
        return Store.open(paths.database, check=False, key=key)

    def connection() -> Connection:
        # the server's certificate is always checked: against the CA file if one is set
        verify: bool | str = str(settings.get(CA_FILE)) or True
        return Connection(
            str(settings.get(SERVER_URL)), proxy=str(settings.get(PROXY)), verify=verify
        )

    writer = StoreThread(open_writer, "writer")
    writer.after_open = after_open
    searcher = StoreThread(open_searcher, "search")
    syncer = StoreThread(open_syncer, "sync")
    return AppContext(
        syncer=syncer,
        crashes=CrashReporter(paths.log_file),
        sync=SyncService(LocalTables(registry), connection),
        paths=paths,
        settings=settings,
        tree=tree,
        classes=classes,
        registry=registry,
        writer=writer,
        searcher=searcher,
        key=key,
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from inspector_app.store.paths import AppPaths, DataFolderError

    try:
        paths = AppPaths.create(args.basedir)
    except DataFolderError as exc:
        # before any window: said on the console, and in a box when frozen (no console there)
        return _cannot_start(exc.zh, exc.en)
    setup_logging(paths.log_file)

    from PySide6.QtWidgets import QApplication

    from ui.i18n import Translations
    from ui.settings import LANGUAGE, Settings

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Field Inspector")
    app.setOrganizationName("FieldInspector")
    settings = Settings(paths.settings_file)
    if args.lang:
        settings.set(LANGUAGE, args.lang)
    translations = Translations()
    translations.install(app, settings.language)
    from ui.document_fonts import prefer_installed
    from ui.settings import DOCUMENT_BODY_FONT, DOCUMENT_TITLE_FONT

    prefer_installed(str(settings.get(DOCUMENT_TITLE_FONT)), str(settings.get(DOCUMENT_BODY_FONT)))
    try:
        key = store_key(paths, args, settings.language)
    except StoreKeyRefused as refused:
        return _cannot_start(refused.zh, refused.en) if refused.zh else 0
    ctx = build_context(paths, settings, key)
    ctx.crashes.install()  # every exception nobody caught: logged, shown in the crash dialog

    if args.self_test:
        from ui.selftest import run_self_test

        return run_self_test(app, ctx, translations)

    from ui.app import Startup

    startup = Startup(
        app,
        ctx,
        translations,
        demo=args.demo,
        demo_scale=args.demo_scale,
        ask_first_run=not args.quit_after_paint,
        on_fatal=lambda _msg: app.exit(2),
    )
    window = startup.start()
    if args.quit_after_paint:
        # benchmark hook: report the time to the first painted main window, then quit
        from ui.app import wait_for

        wait_for(window, lambda: window.isVisible() and not window.grab().isNull(), 30)
        app.processEvents()
        print(f"first-paint {time.perf_counter() - _STARTED:.3f}", flush=True)
        page = window.registry_page
        wait_for(window, lambda: page.model is not None and page.model.rowCount() > 0, 60)
        window.grab()
        print(f"rows-visible {time.perf_counter() - _STARTED:.3f}", flush=True)
        ctx.close()
        return 0
    code = app.exec()
    ctx.close()
    return code


class StoreKeyRefused(Exception):
    """No key for the store: the password was not given (``zh`` empty) or was refused."""

    def __init__(self, zh: str = "", en: str = "") -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def store_key(paths: AppPaths, args: argparse.Namespace, lang: str) -> bytes | None:
    """The database key, asked before any connection opens (``ui.store_unlock``): a new store
    is encrypted from its first byte, a plain one is converted, an encrypted one unlocked.

    The self-test (CI, on the bundle) runs on a throwaway folder: a new store there is
    encrypted with the self-test's own password. The benchmark hook opens a plain store as is.
    """
    from inspector_app.messages import Bilingual
    from ui.store_unlock import StorePasswordDialog, door_mode, open_with_password

    mode = door_mode(paths)
    if args.self_test or args.quit_after_paint:
        if mode == "convert" or (args.quit_after_paint and mode == "create"):
            return None  # a plain store stays plain when nobody can be asked
        from ui.selftest import SELF_TEST_PASSWORD

        try:
            return open_with_password(paths, SELF_TEST_PASSWORD, mode)
        except Bilingual as exc:
            raise StoreKeyRefused(exc.zh, exc.en) from exc
    dialog = StorePasswordDialog(paths, lang)
    if dialog.exec() != StorePasswordDialog.DialogCode.Accepted or dialog.key is None:
        raise StoreKeyRefused()
    return dialog.key


def _cannot_start(zh: str, en: str) -> int:
    print(f"Field Inspector: {zh}\n{en}", file=sys.stderr, flush=True)
    if getattr(sys, "frozen", False):
        from PySide6.QtWidgets import QApplication, QMessageBox

        app = QApplication.instance() or QApplication(sys.argv[:1])
        QMessageBox.critical(None, "Field Inspector", f"{zh}\n\n{en}")
        del app
    return 2


if __name__ == "__main__":
    sys.exit(main())
