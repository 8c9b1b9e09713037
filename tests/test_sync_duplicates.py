"""An entry registered on this laptop whose code the server already holds under another entry
(a first sync cut short before that entry came down): the server's entry is set aside as a
pair to merge, the sync finishes and verifies, and a merge resolves the pair."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from inspection_support import START, make_world
from sync_support import Device, server_records
from test_sync_inspections import certify, officer_ids

from inspector_app.inspections import inspections
from inspector_app.inspections.checklists import load_catalogue
from inspector_app.messages import Bilingual
from inspector_app.registry.entries import Registry
from inspector_app.replication import duplicates, quarantine
from inspector_app.replication.local import LocalTables
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.clock import new_id
from inspector_app.store.database import Store
from sync.api import ApiClient, SyncError


@pytest.fixture
def small_snapshot_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    snapshot = ApiClient.snapshot
    monkeypatch.setattr(
        ApiClient,
        "snapshot",
        lambda self, table, after, limit=25: snapshot(self, table, after, limit),
    )


def cut_first_sync(device: Device) -> None:
    """A first sync stopped after two pages of the registry (as a killed one resumes)."""
    pages = []

    def progress(stage: str, done: int, _total: int) -> None:
        if stage == "snapshot:enterprise":
            pages.append(done)

    with pytest.raises(SyncError):
        device.sync(progress=progress, should_stop=lambda: len(pages) >= 2)
    assert len(pages) == 2


def register_a_code_not_yet_received(device: Device, live_server: Any) -> tuple[str, str]:
    """(the server's entry id, this laptop's new entry id) sharing one code."""
    local = {r[0] for r in device.store.conn.execute("SELECT id FROM enterprise")}
    theirs = next(
        r
        for r in sorted(server_records(live_server.engine), key=lambda r: r["id"], reverse=True)
        if r["county_code"] == "330481" and r["id"] not in local
    )
    raw = {k: v for k, v in theirs.items() if k != "id"}
    mine = device.create(dict(raw, name=raw["name"] + "（本机登记）"))
    return theirs["id"], mine


def test_a_first_sync_cut_short_finishes_when_a_local_entry_shares_a_code(
    devices: Any, live_server: Any, small_snapshot_pages: None
) -> None:
    device: Device = devices("haining1")
    cut_first_sync(device)
    server_id, mine = register_a_code_not_yet_received(device, live_server)
    report = device.sync()  # today: UNIQUE constraint failed: enterprise.uscc, every time
    assert report.set_aside == 1 and not report.redownloaded, report
    (aside,) = quarantine.listed(device.store.conn)
    assert (aside.table_name, aside.record_id) == ("enterprise", server_id)
    assert Registry.get(device.store.conn, mine) is not None
    assert Registry.get(device.store.conn, server_id) is None
    again = device.sync()  # no redownload of everything at every sync
    assert not again.redownloaded and not again.snapshot and again.set_aside == 1


def test_a_merge_keeps_the_servers_entry_and_moves_the_local_inspection_onto_it(
    devices: Any, live_server: Any, small_snapshot_pages: None
) -> None:
    certify(live_server)
    device: Device = devices("haining1")
    cut_first_sync(device)
    server_id, mine = register_a_code_not_yet_received(device, live_server)
    with UnitOfWork(device.store, device.author) as uow:
        device.registry.update(uow, mine, {"contact_phone": "13912345678"})
        inspection_id = inspections.start(
            uow,
            device.registry.tree,
            mine,
            officer_ids(device),
            "planned",
            load_catalogue().for_enterprise("机械", ()),
            started_at=START,
        )
    device.sync()  # the inspection of an entry the server does not know: refused
    (pair,) = duplicates.pairs(device.store.conn, device.tables)
    assert (pair.server_id, pair.local_id) == (server_id, mine)
    assert "contact_phone" in pair.differing and "name" in pair.differing
    with UnitOfWork(device.store, device.author) as uow:
        duplicates.merge_duplicate(uow, device.tables, server_id, ["contact_phone"])
    conn = device.store.conn
    assert Registry.get(conn, mine) is None
    merged = Registry.get(conn, server_id)
    assert merged is not None and merged["contact_phone"] == "13912345678"
    assert not duplicates.pairs(conn, device.tables)
    assert conn.execute(
        "SELECT enterprise_id FROM inspection WHERE id = ?", (inspection_id,)
    ).fetchone() == (server_id,)
    report = device.sync()
    assert report.set_aside == 0 and not report.redownloaded, report
    refused = conn.execute(
        "SELECT table_name, status_reason FROM change_log WHERE status = 'rejected'"
    ).fetchall()
    assert refused == []
    (on_server,) = [r for r in server_records(live_server.engine) if r["id"] == server_id]
    assert on_server["contact_phone"] == "13912345678"
    assert on_server["name"] == pair.server["name"]  # the server's, not the laptop's
    (inspection,) = [
        r for r in server_records(live_server.engine, "inspection") if r["id"] == inspection_id
    ]
    assert inspection["enterprise_id"] == server_id
    items = [
        r
        for r in server_records(live_server.engine, "inspection_item")
        if r["inspection_id"] == inspection_id
    ]
    assert items  # its checklist, held on the server until the inspection came, arrived too


def test_a_merge_is_refused_when_a_signed_inspection_names_the_local_entry(
    store: Store, registry: Registry, tmp_path: Path
) -> None:
    world = make_world(store, registry, tmp_path)
    inspection_id = world.start()
    world.fill(inspection_id, hazards_on=1)
    world.sign(inspection_id)
    tables = LocalTables(registry)
    local = tables.read(store.conn, "enterprise", world.enterprise)
    assert local is not None
    server_id = new_id()
    with store.transaction() as conn:
        quarantine.set_aside(
            conn, "enterprise", server_id, dict(local, name="服务器上的名称"), "uscc", "2026"
        )
    with pytest.raises(Bilingual) as refused, UnitOfWork(store, "tester") as uow:
        duplicates.merge_duplicate(uow, tables, server_id, ["name"])
    assert refused.value.code == "merge_signed" and "签名" in refused.value.zh
    # nothing moved, nothing lost
    assert Registry.get(store.conn, world.enterprise) is not None
    assert [p.server_id for p in duplicates.pairs(store.conn, tables)] == [server_id]
