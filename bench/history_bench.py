"""Opening an enterprise with ten years of history: the registry's detail panel (the entry's
fields, then its inspections, hazards with their derived state, the hazards' later steps and
the documents, newest first) — beside the same panel for an entry with no history, same run.

The store holds the city's jurisdictions, its demo officers, 200 other enterprises with an
inspection each, and one enterprise inspected four times a year for ten years (three hazards an
inspection, ordered, half of them reviewed; an inspection record and a rectification order
each). Timed: ``enterprise_history.timeline`` + the panel's HTML + ``QTextDocument.setHtml``
(what the panel's ``QTextBrowser`` does), median of RUNS.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import common
from bench.common import emit, median, print_table

RUNS = 25
YEARS = 10
PER_YEAR = 4
TARGET_MS = 100.0
TZ = dt.timezone(dt.timedelta(hours=8))


def build(folder: Path) -> tuple[Any, str, str]:
    """A store with the history described above; (store, busy enterprise, quiet enterprise)."""
    from inspector_app.demo import generator as demo
    from inspector_app.inspections import documents, hazards, inspections, signing
    from inspector_app.inspections.checklists import load_catalogue
    from inspector_app.registry import jurisdictions, officers
    from inspector_app.registry.entries import Registry
    from inspector_app.registry.rules import Classifications
    from inspector_app.store.changelog import UnitOfWork
    from inspector_app.store.database import Store

    tree = jurisdictions.load()
    registry = Registry(tree, Classifications.load())
    store = Store.open(folder / "inspector.sqlite3")
    jurisdictions.install(store, tree)
    officers.load_snapshot(store, demo.officers(tree, today=dt.date(2016, 12, 1)))
    with store.transaction() as conn:  # every officer certified across the ten years
        conn.execute(
            "UPDATE enforcement_certificate SET issued_on = '2010-01-01', "
            "expires_on = '2035-12-31', revoked = 0"
        )
    generator = demo.RegistryGenerator(tree, 11)
    entries = [e for e in generator.rows(0.002) if e["kind"] == "enterprise"][:202]
    with UnitOfWork(store, "bench") as uow:
        ids = [registry.create(uow, e) for e in entries]
    checklist = load_catalogue().for_enterprise("其他", ())
    busy, quiet = ids[0], ids[1]

    def team(enterprise_id: str, day: dt.date) -> list[str]:
        county = Registry.get(store.conn, enterprise_id)["county_code"]  # type: ignore[index]
        found = [
            o.id
            for o, _c in officers.roster(store.conn)
            if tree.reporting_unit(o.unit_code).code == county
            and o.role != "approver"
            and officers.valid_certificate(store.conn, o.id, day) is not None
        ]
        return found[:2]

    def inspect(enterprise_id: str, start: dt.datetime, n_hazards: int) -> None:
        officer_ids = team(enterprise_id, start.date())
        if len(officer_ids) < 2:
            return
        with UnitOfWork(store, "bench") as uow:
            inspection_id = inspections.start(
                uow, tree, enterprise_id, officer_ids, "planned", checklist, started_at=start
            )
            inspections.update(uow, inspection_id, {"person_in_charge": "负责人", "situation": "x"})
            made = []
            for k, item in enumerate(inspections.items(uow.conn, inspection_id)):
                verdict = "hazard" if k < n_hazards else "compliant"
                inspections.set_verdict(uow, inspection_id, item.item_code, verdict)
                if k < n_hazards:
                    made.append(
                        hazards.add(
                            uow,
                            inspection_id,
                            {
                                "item_code": item.item_code,
                                "description": item.item_text[:40],
                                "deadline": start.date() + dt.timedelta(days=15),
                            },
                        )
                    )
            given = [
                signing.SignatureInput(
                    "officer",
                    m.officer.name,
                    officer_id=m.officer.id,
                    refused=False,
                    image_sha256="0" * 64,
                )
                for m in inspections.team(uow.conn, inspection_id)
            ]
            given.append(
                signing.SignatureInput("person_in_charge", "负责人", refused=True, witness="见证人")
            )
            signing.sign(uow, inspection_id, given, ended_at=start + dt.timedelta(hours=1))
            documents.issue(uow, tree, "inspection_record", inspection_id, start.date())
            if made:
                documents.issue(uow, tree, "rectification_order", inspection_id, start.date())
                for hazard_id in made[::2]:
                    hazards.record_event(
                        uow, hazard_id, "review_passed", start.date() + dt.timedelta(days=16)
                    )
                    hazards.record_event(
                        uow, hazard_id, "closed", start.date() + dt.timedelta(days=16)
                    )

    first = dt.datetime(2016, 12, 5, 9, 30, tzinfo=TZ)
    for n in range(YEARS * PER_YEAR):
        inspect(busy, first + dt.timedelta(days=91 * n), 3)
    for k, other in enumerate(ids[2:]):
        inspect(other, first + dt.timedelta(days=k * 18), 1)
    return store, busy, quiet


def measure() -> dict[str, Any]:
    from PySide6.QtGui import QTextDocument

    from inspector_app.inspections import history as enterprise_history
    from ui.registry_page import timeline_html

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        store, busy, quiet = build(Path(tmp))
        built_s = time.perf_counter() - start
        try:

            def open_panel(enterprise_id: str) -> int:
                entries = enterprise_history.timeline(store.conn, enterprise_id)
                doc = QTextDocument()
                doc.setHtml(timeline_html(entries, "检查、隐患与文书", "尚无检查记录。", "……"))
                return len(entries)

            def timed(enterprise_id: str) -> tuple[float, int]:
                times = []
                count = 0
                for _ in range(common.runs(RUNS)):
                    t0 = time.perf_counter()
                    count = open_panel(enterprise_id)
                    times.append((time.perf_counter() - t0) * 1000)
                return median(times), count

            open_panel(busy)  # warm the page cache once
            busy_ms, busy_entries = timed(busy)
            quiet_ms, _ = timed(quiet)
            counts = {
                t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("inspection", "hazard", "hazard_event", "document")
            }
            inspected = store.conn.execute(
                "SELECT count(*) FROM inspection WHERE enterprise_id = ?", (busy,)
            ).fetchone()[0]
        finally:
            store.close()
    print_table(
        "Opening an enterprise's page: its history section (ms, median of "
        f"{RUNS}); store built in {built_s:.0f} s",
        ["enterprise", "history entries", "ms", "vs no history", "target"],
        [
            [
                f"{YEARS} years, {YEARS * PER_YEAR} inspections",
                busy_entries,
                busy_ms,
                f"{busy_ms / quiet_ms:.1f}x",
                f"<= {TARGET_MS:g} ms",
            ],
            ["no history (baseline)", 0, quiet_ms, "1.0x", ""],
        ],
    )
    print(f"store: {counts}")
    return {
        "history_ms": round(busy_ms, 1),
        "history_entries": busy_entries,
        "history_inspections": inspected,
        "no_history_ms": round(quiet_ms, 2),
        "history_at_target": busy_ms <= TARGET_MS,
        "store": counts,
    }


def run() -> dict[str, Any]:
    import sys

    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    figures = measure()
    del app
    return emit("history", figures)
