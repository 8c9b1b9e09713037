"""A city-level 双随机 draw over the whole registry (485,300 entries at scale 1) and every
certified officer, beside a naive baseline doing the same job in the same run; then the city's
plan-progress figures over a year of inspections.

The store is a copy of the cached city-scale demo store with the plans tables added, a year of
signed inspections (one in eight enterprises, two officers each) and the planned tasks of the
key-supervised enterprises.

* **ours**: ``draws.run_draw`` — the object pool by SQL with the 90-day and 180-day exclusions,
  the officer pool, the draw (``fi-draw-1``), the exclusions for the chosen, teams matched by
  unit, the pool snapshot kept as an attachment, the record and its tasks written in one unit of
  work; then ``verification.verify`` of that record.
* **naive**: every registry row read into a Python list, each candidate filtered one by one
  (two look-ups each for the exclusions), ``random.sample`` over the survivors, and each team
  picked from officers checked one by one (certificate, recusal). No record, no snapshot, no
  reproducibility: only the same selection work.
* **progress**: ``progress.county_progress`` and ``progress.key_not_inspected`` for the city.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sqlite3
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench import common
from bench.common import emit, print_table, timed

TARGET_S = 3.0  # "a few seconds at most"
TODAY = dt.date(2026, 11, 30)
TZ = "+08:00"


def prepare(db: Path, seed: int = 7) -> dict[str, int]:
    """Add a year of inspections and the key enterprises' tasks (the store has the plans'
    tables since the local schema's version 9)."""
    from inspector_app.store.clock import new_id

    rng = random.Random(seed)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN")
    firms = conn.execute(
        "SELECT id, county_code, town_code, supervising_unit, key_supervised FROM enterprise"
    ).fetchall()
    officers = [
        r
        for r in conn.execute(
            "SELECT o.id, c.id FROM officer o JOIN enforcement_certificate c "
            "ON c.officer_id = o.id WHERE o.role <> 'approver' AND c.expires_on >= ?",
            (TODAY.isoformat(),),
        )
    ]
    inspections, members = [], []
    now = f"{TODAY.isoformat()}T08:00:00{TZ}"
    for firm in rng.sample(firms, len(firms) // 8):
        day = TODAY - dt.timedelta(days=rng.randrange(1, 366))
        iid = new_id()
        stamp = f"{day.isoformat()}T10:00:00{TZ}"
        inspections.append(
            (
                iid,
                firm[0],
                firm[1],
                firm[2],
                firm[3],
                firm[1],
                "planned",
                stamp,
                "signed",
                stamp,
                "x",
                now,
                now,
            )
        )
        for pos, (officer, cert) in enumerate(rng.sample(officers, 2)):
            members.append((new_id(), iid, officer, cert, pos))
    conn.executemany(
        "INSERT INTO inspection(id, enterprise_id, county_code, town_code, supervising_unit, "
        "authority_code, kind, started_at, status, signed_at, created_by, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        inspections,
    )
    conn.executemany(
        "INSERT INTO inspection_officer(id, inspection_id, officer_id, certificate_id, position) "
        "VALUES (?, ?, ?, ?, ?)",
        members,
    )
    tasks = []
    for firm in firms:
        if firm[4]:
            for due in ("2026-06-30", "2026-12-31"):
                tasks.append(
                    (new_id(), firm[0], firm[1], firm[2], firm[3], "planned", due, "x", now, now)
                )
    conn.executemany(
        "INSERT INTO plan_task(id, enterprise_id, county_code, town_code, supervising_unit, kind, "
        "due_on, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        tasks,
    )
    conn.execute("COMMIT")
    conn.close()
    return {"inspections": len(inspections), "tasks": len(tasks), "officers": len(officers)}


def naive(
    conn: sqlite3.Connection, count: int, team_size: int, day: dt.date
) -> list[tuple[str, list[str]]]:
    """The same selection done the obvious way (see the module docstring)."""
    rows = conn.execute("SELECT id, supervising_unit, risk_level, kind FROM enterprise").fetchall()
    since_inspected = (day - dt.timedelta(days=90)).isoformat()
    since_penalised = (day - dt.timedelta(days=180)).isoformat()
    pool = []
    for ident, _sup, _risk, _kind in rows:
        inspected = conn.execute(
            "SELECT 1 FROM inspection WHERE enterprise_id = ? AND started_at >= ? LIMIT 1",
            (ident, since_inspected),
        ).fetchone()
        penalised = conn.execute(
            "SELECT 1 FROM penalty_case c JOIN case_step s ON s.case_id = c.id WHERE "
            "c.enterprise_id = ? AND s.kind = 'decision' AND s.occurred_on >= ? LIMIT 1",
            (ident, since_penalised),
        ).fetchone()
        if not inspected and not penalised:
            pool.append(ident)
    chosen = random.sample(pool, count)
    officers = [
        r[0] for r in conn.execute("SELECT id FROM officer WHERE active = 1 AND role <> 'approver'")
    ]
    out = []
    for firm in chosen:
        fit = []
        for officer in officers:
            cert = conn.execute(
                "SELECT 1 FROM enforcement_certificate WHERE officer_id = ? AND revoked = 0 "
                "AND issued_on <= ? AND expires_on >= ?",
                (officer, day.isoformat(), day.isoformat()),
            ).fetchone()
            recused = conn.execute(
                "SELECT 1 FROM recusal WHERE officer_id = ? AND enterprise_id = ?", (officer, firm)
            ).fetchone()
            if cert and not recused:
                fit.append(officer)
        out.append((firm, random.sample(fit, team_size)))
    return out


def run(args: Sequence[str] = ()) -> dict[str, Any]:
    from inspector_app.plans import draws, progress, verification
    from inspector_app.plans.draws import DrawRequest
    from inspector_app.plans.pools import ObjectFilter
    from inspector_app.registry import jurisdictions
    from inspector_app.store.changelog import UnitOfWork
    from inspector_app.store.clock import Clock
    from inspector_app.store.database import Store

    parser = argparse.ArgumentParser(prog="python -m bench draws")
    parser.add_argument("--scale", type=float, default=common.scale())
    parser.add_argument("--count", type=int, default=10 if common.tiny() else 1000)
    options = parser.parse_args(list(args))
    tree = jurisdictions.load()
    source = common.city_store(options.scale) / "inspector.sqlite3"

    class Fixed(Clock):
        def now(self) -> dt.datetime:
            return dt.datetime.fromisoformat(f"{TODAY.isoformat()}T09:00:00{TZ}")

    with tempfile.TemporaryDirectory(prefix="draws-bench-") as tmp:
        db = Path(tmp) / "inspector.sqlite3"
        shutil.copyfile(source, db)
        added = prepare(db)
        store = Store.open(db, clock=Fixed(), check=False)
        entries = store.conn.execute("SELECT count(*) FROM enterprise").fetchone()[0]
        planned = TODAY + dt.timedelta(days=7)
        request = DrawRequest(
            unit_code=tree.city.code,
            title="全市双随机抽查",
            planned_on=planned,
            counts={"": options.count},
            objects=ObjectFilter(exclude_inspected_days=90, exclude_penalised_days=180),
            officer_units=tuple(tree.units),
            officer_recent_days=365,
            match_unit=True,
        )

        def draw() -> str:
            with UnitOfWork(store, "bench") as uow:
                return draws.run_draw(uow, tree, request, Path(tmp) / "attachments", TODAY)

        ours_s, draw_id = timed(draw)
        record = draws.get(store.conn, draw_id)
        assert record is not None
        verify_s, found = timed(
            lambda: verification.verify(store.conn, tree, draw_id, Path(tmp) / "attachments")
        )
        officers = len(record["officer_pool"])
        progress_s, rows = timed(lambda: progress.county_progress(store.conn, tree, 2026, TODAY))
        key_s, missing = timed(
            lambda: progress.key_not_inspected(store.conn, tree, tree.city.code, 2026, TODAY)
        )
        naive_s, _ = timed(lambda: naive(store.conn, options.count, 2, planned))
        store.close()
    print_table(
        f"双随机 draw over {entries:,} entries and {officers} certified officers, "
        f"{options.count} drawn (seconds)",
        ["step", "ours", "naive baseline"],
        [
            ["draw (pools, teams, snapshot, record, tasks)", ours_s, naive_s],
            ["verify the recorded draw", verify_s, "-"],
            [
                f"county progress ({rows[-1][1]:,} tasks, {added['inspections']:,} inspections)",
                progress_s,
                "-",
            ],
            [f"key enterprises not inspected ({len(missing):,})", key_s, "-"],
        ],
    )
    print(
        f"pool {record['object_pool_size']:,} after exclusions; speed-up {naive_s / ours_s:.0f}x; "
        f"verification: {found.zh[:2]}; target draw <= {TARGET_S:g} s"
    )
    return emit(
        "draws",
        {
            "entries": entries,
            "officers": officers,
            "drawn": options.count,
            "pool": record["object_pool_size"],
            "draw_s": round(ours_s, 3),
            "verify_s": round(verify_s, 3),
            "naive_s": round(naive_s, 3),
            "speedup": round(naive_s / ours_s, 1),
            "progress_s": round(progress_s, 3),
            "key_not_inspected_s": round(key_s, 3),
            "verified": found.ok,
            "draw_at_target": ours_s <= TARGET_S,
        },
    )


if __name__ == "__main__":
    import sys

    run(sys.argv[1:])
