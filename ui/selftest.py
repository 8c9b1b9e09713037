"""``--self-test``: the smoke test of a build (run by CI on the PyInstaller bundle).

Opens (or creates) the store under the base directory, adds a small demo registry if it is
empty, runs searches through the search thread, builds and paints the main window, and checks
the registry page shows rows. Exit code 0 when all passed; otherwise 1 with a message.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtWidgets import QApplication

from inspector_app import demo, search
from inspector_app.store import Store
from ui.app import Startup, wait_for
from ui.context import AppContext
from ui.i18n import Translations
from ui.tasks import TaskContext

SELF_TEST_SCALE = 0.002  # ~970 entries: enough to exercise every path, quick to create
TIMEOUT_S = 120


def run_self_test(app: QApplication, ctx: AppContext, translations: Translations) -> int:
    started = time.perf_counter()
    failures: list[str] = []
    fatal: list[str] = []
    startup = Startup(
        app, ctx, translations, ask_first_run=False, interactive=False, on_fatal=fatal.append
    )
    try:
        window = startup.start()
        probe: list[bool] = []
        # a first task runs only after the writer's start-up check passed
        ctx.writer.submit(lambda _store, _context: True, on_done=probe.append)
        if not wait_for(window, lambda: bool(probe) or bool(fatal), TIMEOUT_S):
            failures.append("store did not open in time")
        elif fatal:
            failures.append(f"store could not be opened: {fatal[0]}")
        else:
            results: dict[str, object] = {}
            registry = ctx.registry

            def prepare(store: Store, _context: TaskContext) -> int:
                return demo.install(store, registry, scale=SELF_TEST_SCALE)

            ctx.writer.submit(
                prepare,
                on_done=lambda n: results.update(demo=n),
                on_error=lambda e: results.update(error=e),
            )
            wait_for(window, lambda: "demo" in results or "error" in results, TIMEOUT_S)
            if "error" in results:
                failures.append(f"demo data: {results['error']}")
            queries: dict[str, int | None] = {"嘉兴": None, "jx": None, "913304": None}
            for text in queries:

                def find(store: Store, _context: TaskContext, text: str = text) -> int:
                    return search.first_page(store.conn, search.Query(text)).total

                def found(total: int, text: str = text) -> None:
                    queries[text] = total

                def failed(_exc: BaseException, text: str = text) -> None:
                    queries[text] = -1

                ctx.searcher.submit(find, on_done=found, on_error=failed)
            wait_for(window, lambda: all(v is not None for v in queries.values()), TIMEOUT_S)
            for text, total in queries.items():
                if not total or total < 0:
                    failures.append(f"search {text!r} found nothing")
            page = window.registry_page
            page.run_search()
            wait_for(window, lambda: page.model is not None and page.model.rowCount() > 0, 60)
            rows = page.model.rowCount() if page.model else 0
            if rows == 0:
                failures.append("registry page shows no rows")
            image = window.grab()
            if image.isNull() or image.width() < 100:
                failures.append("main window did not paint")
            print(
                f"self-test: store {ctx.paths.database}, {rows} rows shown, searches "
                f"{queries}, platform {app.platformName()}, "
                f"{time.perf_counter() - started:.2f} s",
                flush=True,
            )
    except Exception as exc:  # the self-test reports any failure as a message and exit code
        failures.append(f"{type(exc).__name__}: {exc}")
    finally:
        ctx.close()
    if failures:
        print("self-test FAILED: " + "; ".join(failures), file=sys.stderr, flush=True)
        return 1
    print("self-test OK", flush=True)
    return 0
