"""Reliability battery R8: a slow, lossy link with a batch of evidence photos.

The kernel makes the link (``netns``): a private network namespace whose loopback is limited by
``tc tbf`` and loses a share of its packets at random (nftables ``numgen``), a few of them
answered with a TCP reset. The real server (``python -m sync.server``) and the real sync client
(``faults.py sync``) both run inside it, over its 127.0.0.1. The laptop has hazards with photos
(random, incompressible, JPEG-sized files imported through the app's own functions) and syncs,
again after every failure, until a sync completes. Then every photo must be on the server,
complete, with the laptop's SHA-256; every record there once; and the chunk bytes the client
tried to send (every attempt counted whole, those cut off on the way too) at most 1.2 times the
photos' size.

The server's store is a SQLite file: inside the namespace the test PostgreSQL (on the host's
loopback) cannot be reached. Each test prints its figure (``pytest -s``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import netns
import pytest
from faults import ROOT, ServerProcess, child_env, client_command
from inspection_support import MACHINE_WORKS, START
from sqlalchemy import func, select
from sync_support import PASSWORD, make_device, seed_server
from test_attachments import random_bytes, server_blob
from test_sync_faults import open_device

from inspector_app.inspections import hazard_photos, hazards, inspections
from inspector_app.inspections.checklists import load_catalogue
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store import attachments, changelog
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store
from sync import admin
from sync.api import Connection
from sync.server import db

SCALE = 0.001  # a small registry: the link's time goes to the photos
RESENT_LIMIT = 1.2
RECORD_TABLES = ("inspection", "hazard", "hazard_photo")
APP_TIMEOUT = Connection("http://127.0.0.1").timeout  # the app's own connect and read timeouts


@dataclass
class Batch:
    """What the laptop holds before the slow sync."""

    hazard_ids: list[str]
    shas: list[str]
    sizes: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.sizes.values())


@dataclass
class Attempts:
    """The sync runs on the slow link, until one completed."""

    errors: list[str] = field(default_factory=list)
    sent_bytes: int = 0  # every chunk the client tried to send, counted whole
    sent_chunks: int = 0
    report: dict[str, Any] | None = None


def certify(engine: Any) -> None:
    """Enforcement certificates for two Haining officers (an inspection needs two)."""
    today = dt.date.today()
    for n, username in enumerate(("haining1", "haining2")):
        admin.add_certificate(
            engine,
            username,
            f"3304810090{n}",
            "浙江省人民政府",
            (today - dt.timedelta(days=400)).isoformat(),
            (today + dt.timedelta(days=800)).isoformat(),
        )


def officer_ids(store: Store) -> list[str]:
    rows = store.conn.execute(
        "SELECT o.id FROM officer o JOIN enforcement_certificate c ON c.officer_id = o.id "
        "WHERE o.unit_code = '330481' AND o.role = 'county' ORDER BY o.name"
    ).fetchall()
    return [r[0] for r in rows]


def photograph(device: Any, tmp_path: Path, photos: int, photo_bytes: int) -> Batch:
    """An inspection of a new enterprise with hazards, each with its photos (imported as the
    app does: copied into the attachments by SHA-256, linked to the hazard)."""
    store: Store = device.store
    folder = store.path.parent / "attachments"
    camera = tmp_path / "camera"
    camera.mkdir()
    batch = Batch([], [], {})
    imported = []
    for n in range(photos):
        # a little more or less than the mean size: no two photos alike
        size = photo_bytes + (n % 5 - 2) * photo_bytes // 20
        source = camera / f"IMG_{n:04d}.jpg"
        source.write_bytes(b"\xff\xd8\xff\xe0" + random_bytes(size - 4, 1000 + n))
        sha, taken_at = hazard_photos.import_photo(store, folder, source)
        imported.append((sha, source.name, taken_at))
        batch.shas.append(sha)
        batch.sizes[sha] = size
    enterprise = device.create(MACHINE_WORKS)
    checklist = load_catalogue().for_enterprise("机械", ())
    with UnitOfWork(store, device.author) as uow:
        inspection_id = inspections.start(
            uow, device.registry.tree, enterprise, officer_ids(store), "planned", checklist,
            started_at=START,
        )  # fmt: skip
        items = inspections.items(uow.conn, inspection_id)
        for n, (sha, name, taken_at) in enumerate(imported):
            if n % 3 == 0:  # three photos a hazard
                item = items[len(batch.hazard_ids)]
                inspections.set_verdict(uow, inspection_id, item.item_code, "hazard")
                batch.hazard_ids.append(
                    hazards.add(
                        uow,
                        inspection_id,
                        {
                            "item_code": item.item_code,
                            "description": f"隐患{len(batch.hazard_ids) + 1}",
                            "deadline": START.date() + dt.timedelta(days=10),
                        },
                    )
                )
            assert hazard_photos.add_photo(uow, batch.hazard_ids[-1], sha, name, taken_at)
    return batch


def sync_until_done(
    ns: netns.Namespace, store: Path, url: str, budget_s: float, attempts: Attempts
) -> None:
    """Run the sync client inside the namespace, again after each failure (as an officer
    presses "sync" again), until one run completes or ``budget_s`` is spent."""
    deadline = time.monotonic() + budget_s
    while attempts.report is None:
        left = deadline - time.monotonic()
        assert left > 0, f"no sync completed in {budget_s:.0f} s: {attempts.errors[-5:]}"
        command = client_command(
            store,
            url,
            pause=False,
            batch=500,
            page=2000,
            snapshot_page=20_000,
            prefix=ns.prefix(),
            timeout=APP_TIMEOUT,
        )
        try:
            done = subprocess.run(
                command,
                cwd=ROOT,
                env=child_env(),
                capture_output=True,
                text=True,
                timeout=left,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise AssertionError(f"the sync hung: {attempts.errors[-5:]}") from exc
        lines = done.stdout.splitlines()
        for line in lines:
            if line.startswith("SENT "):
                sent, chunks = line.split()[1:]
                attempts.sent_bytes += int(sent)
                attempts.sent_chunks += int(chunks)
            elif line.startswith("DONE ") and done.returncode == 0:
                attempts.report = json.loads(line[5:])
            elif line.startswith("ERROR "):
                kind = line.split()[1]
                assert kind in ("offline", "server", "not_server"), line
                attempts.errors.append(line[6:])
        if attempts.report is None and not any(line.startswith("ERROR ") for line in lines):
            raise AssertionError(f"the sync client failed:\n{done.stdout}\n{done.stderr[-3000:]}")
        if attempts.report is None:
            time.sleep(1)


def server_rows(engine: Any, table: str) -> dict[str, dict[str, Any]]:
    r = db.records.c
    with db.reading(engine) as conn:
        rows = conn.execute(select(r.record_id, r.data).where(r.table_name == table)).all()
        count = conn.execute(
            select(func.count(), func.count(func.distinct(r.record_id))).where(
                r.table_name == table
            )
        ).one()
    assert count[0] == count[1] == len(rows), f"{table}: a record stored twice"
    return {record_id: json.loads(data) for record_id, data in rows}


def photos_over_a_lossy_link(
    tmp_path: Path,
    tree: JurisdictionTree,
    registry: Registry,
    spec: netns.LinkSpec,
    photos: int,
    photo_bytes: int,
    budget_s: float,
    min_resets: int = 0,
) -> str:
    """The whole R8 run; returns the figure. ``min_resets``: how many reset moments must have
    broken a connection (a short run may see none hit)."""
    reason = netns.missing()
    if reason:
        pytest.skip(f"R8 needs a network namespace: {reason}")
    server_db = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    engine = admin.engine_for(server_db)
    ns = netns.Namespace()
    server: ServerProcess | None = None
    link: netns.LossyLink | None = None
    device = None
    try:
        seed_server(engine, SCALE)
        certify(engine)
        server = ServerProcess(
            server_db, tmp_path / "server.log", port=8765, prefix=ns.prefix(), probe_in=ns.call
        )
        folder = tmp_path / "laptop"
        folder.mkdir()
        device = make_device(folder, tree, registry, server.url)
        # signed in (by a thread inside the namespace) and a first sync made before the link
        # is spoiled: the slow sync is the photos'
        credentials = ns.call(lambda: device.api.login("haining1", PASSWORD, "R8 laptop"))
        credentials.save(device.store)
        path = device.store.path
        device.close()
        device = None
        sync_until_done(ns, path, server.url, 120, Attempts())
        device = open_device(path, registry, server.url)
        batch = photograph(device, tmp_path, photos, photo_bytes)
        local = {t: dict(device.tables.rows(device.store.conn, t)) for t in RECORD_TABLES}
        device.close()
        device = None

        link = netns.LossyLink(ns, server.port, spec)
        began = time.monotonic()
        attempts = Attempts()
        link.start()
        sync_until_done(ns, path, server.url, budget_s, attempts)
        link.stop()
        took = time.monotonic() - began
        counters = link.counters()
        assert attempts.report is not None

        # every photo complete on the server, with the laptop's SHA-256
        equal = 0
        for sha in batch.shas:
            row, content = server_blob(engine, sha)
            assert row is not None and row["complete"], f"photo {sha[:12]} not stored"
            assert row["size"] == batch.sizes[sha] == len(content)
            kept = attachments.path_of(folder / "attachments", sha).read_bytes()
            equal += hashlib.sha256(content).hexdigest() == hashlib.sha256(kept).hexdigest() == sha
        assert equal == len(batch.shas), f"{len(batch.shas) - equal} photos differ"
        # every record there once, as the laptop has it; nothing left to send
        lost = duplicated = 0
        for table in RECORD_TABLES:
            remote = server_rows(engine, table)
            lost += len(set(local[table]) - set(remote))
            assert set(remote) >= set(local[table]), f"{table}: records lost"
        assert len(server_rows(engine, "hazard_photo")) == photos
        store = Store.open(path)
        try:
            assert changelog.pending_count(store.conn) == 0
            assert attachments.pending_uploads(store.conn) == []
            statuses = {r[0] for r in store.conn.execute("SELECT DISTINCT status FROM change_log")}
            assert statuses <= {"accepted", "applied"}, statuses
        finally:
            store.close()
        resent = attempts.sent_bytes / batch.total
        assert resent <= RESENT_LIMIT, (
            f"the uploads sent {attempts.sent_bytes} bytes for {batch.total} "
            f"({resent:.2f}×) over {len(attempts.errors) + 1} runs: {attempts.errors[-5:]}"
        )
        resets = link.resets
        assert resets >= min_resets, f"only {resets} resets broke a connection"
        wire = counters.get("bytes_up", {}).get("bytes", 0) / batch.total
        return (
            f"R8 lossy link: {spec.rate_kbit} kbit, {spec.drop_percent} % drop, "
            f"{counters['drops_up']['packets'] + counters['drops_down']['packets']} packets "
            f"dropped, {resets} resets, "
            f"{photos} photos {batch.total / 1e6:.1f} MB, {100 * equal // len(batch.shas)} % "
            f"hashes equal, sent {resent:.2f}× ({attempts.sent_chunks} chunks; {wire:.2f}× on "
            f"the wire with TCP's own retransmissions), {len(attempts.errors)} failed syncs "
            f"before one completed, {lost} lost, {duplicated} duplicated, {took:.0f} s"
            + "".join(f"\n  failed: {n}× {why}" for why, n in Counter(attempts.errors).items())
        )
    finally:
        if link is not None:
            link.stop()
        if device is not None:
            device.close()
        if server is not None:
            server.stop()
        ns.delete()
        engine.dispose()


def test_r8_photos_over_a_slow_lossy_link(
    tmp_path: Path, tree: JurisdictionTree, registry: Registry, capsys: Any
) -> None:
    """A small batch (4 photos, about 1 MB) at 512 kbit, 20 % of the packets lost, the
    connection reset every 12 s: about 40 seconds (such a loss rate costs TCP half the
    rate)."""
    figure = photos_over_a_lossy_link(
        tmp_path,
        tree,
        registry,
        netns.LinkSpec(rate_kbit=512, drop_percent=20, reset_every_s=12),
        photos=4,
        photo_bytes=250_000,
        budget_s=150,
    )
    with capsys.disabled():
        print(f"\n{figure}", flush=True)


@pytest.mark.soak
def test_r8_fifty_megabytes_of_photos_at_256_kbit_soak(
    tmp_path: Path, tree: JurisdictionTree, registry: Registry, capsys: Any, long_run: None
) -> None:
    """The reference's R8: 50 MB of photos (20 of 2.5 MB) at 256 kbit, 10 % of the packets
    lost (the reference's range is 10 to 30 %; the default test takes 20 %), the connection
    reset every minute. 256 kbit moves 32 kB/s at best, so 50 MB take 26 minutes on a clean
    link; the losses cost TCP a share of that: the run takes 30 to 40 minutes (50 at most)."""
    figure = photos_over_a_lossy_link(
        tmp_path,
        tree,
        registry,
        netns.LinkSpec(rate_kbit=256, drop_percent=10, reset_every_s=60),
        photos=20,
        photo_bytes=2_500_000,
        budget_s=50 * 60,
        min_resets=5,
    )
    with capsys.disabled():
        print(f"\n{figure}", flush=True)
