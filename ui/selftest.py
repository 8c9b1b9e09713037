"""``--self-test``: the smoke test of a build (run by CI on the PyInstaller bundle).

Opens (or creates) the store under the base directory, adds a small demo registry if it is
empty, runs searches through the search thread, builds and paints the main window, checks the
registry page shows rows, then runs an inspection through the domain (checklists, two certified
officers, signing, a numbered document) and renders its record to PDF (templates and fonts in
the bundle). Exit code 0 when all passed; otherwise 1 with a message.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import time
from typing import Any

from PySide6.QtWidgets import QApplication

from inspector_app.demo.install import install as install_demo
from inspector_app.documents import issued
from inspector_app.inspections import documents, inspections, signing
from inspector_app.registry import officers, search
from inspector_app.registry.entries import Registry
from inspector_app.store import attachments
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store
from ui.app import Startup, wait_for
from ui.context import AppContext
from ui.i18n import Translations
from ui.tasks import TaskContext

# the password of the store a self-test creates in its throwaway data folder (not a secret:
# the folder holds only the self-test's demo data)
SELF_TEST_PASSWORD = "self-test only"
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
                return install_demo(store, registry, scale=SELF_TEST_SCALE)

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
            pdf_pages = _inspection_document(window, ctx, failures)
            print(
                f"self-test: store {ctx.paths.database} "
                f"({'encrypted' if ctx.key else 'plain'}), {rows} rows shown, searches "
                f"{queries}, inspection record PDF {pdf_pages} page(s), "
                f"platform {app.platformName()}, "
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


def _inspection_document(window: Any, ctx: AppContext, failures: list[str]) -> int:
    """An inspection of a demo enterprise, signed (the person in charge refuses before a
    witness), its record issued and rendered to PDF; the PDF's page count (0 on failure)."""
    from PySide6.QtGui import QColor, QImage

    from ui.documents import render_pdf

    signature = ctx.paths.basedir / "self-test-signature.png"
    image = QImage(120, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    image.save(str(signature))
    catalogue = ctx.catalogue()
    tree, folder = ctx.tree, ctx.paths.attachments_dir
    today = dt.date.today()
    outcome: dict[str, Any] = {}

    def inspect(store: Store, _context: TaskContext) -> issued.Document:
        conn = store.conn
        units = search.Query(filters=search.Filters(kind="enterprise"))
        (rid,) = search.first_page(conn, units, limit=1).rids
        entry = Registry.rows_by_rids(conn, [rid])[rid]
        enterprise_id, county = str(entry["id"]), str(entry["county_code"])
        industry = str(entry["supervision_industry"])
        team = [
            o.id
            for o, _c in officers.roster(conn)
            if o.role == "county"
            and tree.reporting_unit(o.unit_code).code == county
            and officers.valid_certificate(conn, o.id, today) is not None
        ][:2]
        sha = attachments.add_file(store, folder, signature, "image/png")
        with UnitOfWork(store, "self-test") as uow:
            inspection_id = inspections.start(
                uow, tree, enterprise_id, team, "planned", catalogue.for_enterprise(industry, ())
            )
            inspections.update(
                uow, inspection_id, {"person_in_charge": "自检", "situation": "自检"}
            )
            for item in inspections.items(uow.conn, inspection_id):
                inspections.set_verdict(uow, inspection_id, item.item_code, "compliant")
            given = [
                signing.SignatureInput(
                    "officer", m.officer.name, officer_id=m.officer.id, image_sha256=sha
                )
                for m in inspections.team(uow.conn, inspection_id)
            ]
            given.append(
                signing.SignatureInput("person_in_charge", "自检", refused=True, witness="自检")
            )
            signing.sign(uow, inspection_id, given)
            return documents.issue(uow, tree, "inspection_record", inspection_id)

    ctx.writer.submit(
        inspect,
        on_done=lambda doc: outcome.update(doc=doc),
        on_error=lambda exc: outcome.update(error=exc),
    )
    wait_for(window, lambda: bool(outcome), TIMEOUT_S)
    if "doc" not in outcome:
        failures.append(f"inspection: {outcome.get('error', 'timed out')}")
        return 0
    doc: issued.Document = outcome["doc"]
    path = ctx.paths.documents_dir / "self-test.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    render_pdf(doc.kind, issued.printable(doc.content, ctx.vault), path)
    data = path.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?![a-z])", data))
    if not data.startswith(b"%PDF") or pages == 0:
        failures.append("the inspection record did not render to PDF")
    return pages
