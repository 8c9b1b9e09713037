"""The first sync from a ready database (``sync.server.ready`` builds it, ``sync.ready`` attaches
it): the same store as the ordinary paged snapshot, resumable, refused when damaged, exactly the
scope, and caught up by the ordinary pull."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sync_support import Device, LiveServer
from test_sync_hostile import poison

from inspector_app.registry import search
from inspector_app.registry.rules import FIELDS
from sync import admin, protocol
from sync.api import SyncError
from sync.server import db, ready, ready_admin, scope
from sync.server.auth import Principal

ROW = ", ".join(("rid", "id", *FIELDS, "name_initials", "name_pinyin"))


@pytest.fixture(autouse=True)
def ready_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[Path]:
    """Each test's server keeps its files in the test's folder; a build that a sync queued
    in the background is waited for before the server stops."""
    folder = tmp_path / "ready-files"
    monkeypatch.setenv(ready.READY_DIR_ENV, str(folder))
    monkeypatch.setattr(ready, "MIN_ENTRIES", 0)  # the demo scopes are small
    server = request.getfixturevalue("live_server")
    yield folder
    shelf_of(server).close()
    server.engine.dispose()  # the builds' pooled connections, closed before the server stops


def shelf_of(server: LiveServer) -> ready.Shelf:
    shelf: ready.Shelf = server.app.state.ready
    return shelf


def rows(device: Device, table: str = "enterprise") -> list[tuple[Any, ...]]:
    columns = ROW if table == "enterprise" else "*"
    order = "rid" if table == "enterprise" else "id"
    return device.store.conn.execute(f"SELECT {columns} FROM {table} ORDER BY {order}").fetchall()


def local_columns_dropped(device: Device, table: str) -> list[tuple[Any, ...]]:
    from inspector_app.replication.tables import spec

    fields = ", ".join(("id", *spec(table).fields))
    return device.store.conn.execute(f"SELECT {fields} FROM {table} ORDER BY id").fetchall()


def hashes(device: Device) -> list[tuple[Any, ...]]:
    names = ", ".join(f"'{t}'" for t in protocol.READY_TABLES)
    return device.store.conn.execute(
        f"SELECT * FROM record_hash WHERE table_name IN ({names}) ORDER BY 1, 2"
    ).fetchall()


def found(device: Device, text: str) -> list[str]:
    conn = device.store.conn
    page = search.first_page(conn, search.Query(text), limit=500)
    return sorted(
        conn.execute(f"SELECT id FROM enterprise WHERE rid = {rid}").fetchone()[0]
        for rid in page.rids
    )


def test_the_attached_store_equals_the_ordinary_one(devices: Any, live_server: Any) -> None:
    ordinary: Device = devices("city1")
    report = ordinary.sync()  # no file yet: the ordinary snapshot, and a build is queued
    assert report.ready == {} and report.snapshot["enterprise"] > 500
    shelf_of(live_server).queue("city").result(timeout=120)

    attached: Device = devices("city1")
    device_id = attached.store.device_id
    logged = attached.store.conn.execute("SELECT count(*) FROM change_log").fetchone()[0]
    report = attached.sync()
    assert report.ready["tables"]["enterprise"] == report.snapshot["enterprise"]
    assert report.redownloaded == [] and report.problems == []  # verified as always

    for table in protocol.READY_TABLES:
        assert local_columns_dropped(attached, table) == local_columns_dropped(ordinary, table)
    assert rows(attached) == rows(ordinary)  # with the pinyin keys, in the same local order
    assert hashes(attached) == hashes(ordinary)
    # search works the same: pinyin initials, full pinyin, one character, trigrams, codes
    name, initials, pinyin, uscc = attached.store.conn.execute(
        "SELECT name, name_initials, name_pinyin, uscc FROM enterprise ORDER BY rid LIMIT 1 "
        "OFFSET 7"
    ).fetchone()
    for text in (initials[:3], pinyin.split()[0] + pinyin.split()[1], name[:1], name[:4], uscc):
        assert found(attached, text) == found(ordinary, text) != [], text
    # the store's own tables are untouched: same identity, no change-log entries for the copy
    assert attached.store.device_id == device_id
    assert attached.store.conn.execute("SELECT count(*) FROM change_log").fetchone()[0] == logged
    assert attached.store.conn.execute("SELECT count(*) FROM record_dirty").fetchone()[0] == 0
    assert not list((attached.store.path.parent / "ready").iterdir())  # the download is gone
    # and it goes on syncing as any store: a local edit is pushed and verified
    target = attached.store.conn.execute("SELECT id FROM enterprise LIMIT 1").fetchone()[0]
    attached.update(target, {"contact_phone": "13900001111"})
    again = attached.sync()
    assert again.pushed.get("accepted") == 1 and again.redownloaded == []


def test_a_county_file_holds_exactly_the_county(
    devices: Any, live_server: Any, tree: Any, ready_folder: Path
) -> None:
    county = shelf_of(live_server).build("330481")
    city = shelf_of(live_server).build("city")
    assert 0 < county.tables["enterprise"] < city.tables["enterprise"]
    who = Principal("", "haining1", "", "county", "330481", "", "")
    with db.reading(live_server.engine) as conn:
        r = db.records.c
        expected = {
            rid
            for (rid,) in conn.execute(
                select(r.record_id).where(
                    r.table_name == "enterprise", scope.read_clause(who, tree)
                )
            )
        }
    with sqlite3.connect(county.path) as file:
        inside = {i for (i,) in file.execute("SELECT id FROM enterprise")}
        places = set(file.execute("SELECT DISTINCT county_code FROM enterprise").fetchall()) | set(
            file.execute("SELECT DISTINCT supervising_unit FROM enterprise").fetchall()
        )
    assert inside == expected
    parks = {p.code for p in tree.parks_of("330481")}
    assert {p for (p,) in places} <= {"330481", *parks}

    device: Device = devices("haining1")
    report = device.sync()
    assert report.ready["sha256"] == county.sha256
    assert {i for (i,) in device.store.conn.execute("SELECT id FROM enterprise")} == expected
    assert report.redownloaded == []


def test_a_download_cut_short_resumes(devices: Any, live_server: Any) -> None:
    built = shelf_of(live_server).build("city")
    assert built.size > 2 * 1024 * 1024  # several chunks
    device: Device = devices("city1")
    seen: list[int] = []

    def progress(stage: str, done: int, _total: int) -> None:
        if stage == "ready":
            seen.append(done)

    with pytest.raises(SyncError) as cancelled:
        device.sync(progress=progress, should_stop=lambda: bool(seen))
    assert cancelled.value.kind == "cancelled"
    part = device.store.path.parent / "ready" / f"{built.sha256}.part"
    kept = part.stat().st_size
    assert 0 < kept < built.size  # what a kill leaves: the bytes received so far
    assert device.store.conn.execute("SELECT count(*) FROM enterprise").fetchone()[0] == 0

    report = device.sync()
    assert report.ready["resumed_from"] == kept
    assert report.snapshot["enterprise"] == built.tables["enterprise"]
    assert report.redownloaded == [] and report.problems == []

    # a part left by a process killed mid-write (half the file, as it was on disk)
    other: Device = devices("city1")
    half = built.path.read_bytes()[: built.size // 2]
    folder = other.store.path.parent / "ready"
    folder.mkdir()
    (folder / f"{built.sha256}.part").write_bytes(half)
    report = other.sync()
    assert report.ready["resumed_from"] == len(half) and report.redownloaded == []
    assert rows(other) == rows(device)


def test_a_damaged_file_is_refused_and_the_snapshot_finishes(
    devices: Any, live_server: Any
) -> None:
    built = shelf_of(live_server).build("city")
    with built.path.open("r+b") as fh:  # damaged on the server's disk after it was hashed
        fh.seek(built.size // 2)
        fh.write(b"\x00" * 64)
    device: Device = devices("city1")
    report = device.sync()
    assert any("not the announced" in p for p in report.problems)
    assert report.snapshot["enterprise"] == built.tables["enterprise"]  # the ordinary way
    assert report.redownloaded == []
    assert not list((device.store.path.parent / "ready").iterdir())  # the bad bytes are gone


def test_a_file_of_another_schema_or_none_falls_back(devices: Any, live_server: Any) -> None:
    shelf_of(live_server).build("city")
    device: Device = devices("city1")
    device.api.http.headers[protocol.H_SCHEMA] = "1"  # as an app of another schema asks
    report = device.sync()
    assert report.ready == {} and report.redownloaded == [] and report.snapshot["enterprise"]

    # an older server, without the endpoint: 404, and the ordinary snapshot
    live_server.app.router.routes[:] = [
        r for r in live_server.app.router.routes if "/ready" not in getattr(r, "path", "")
    ]
    old: Device = devices("city1")
    report = old.sync()
    assert report.ready == {} and report.redownloaded == [] and report.snapshot["enterprise"]


def test_changes_after_the_build_arrive_by_pull(devices: Any, live_server: Any, tree: Any) -> None:
    built = shelf_of(live_server).build("city")
    editor: Device = devices("city1")
    editor.sync()
    changed = editor.store.conn.execute("SELECT id FROM enterprise LIMIT 1").fetchone()[0]
    editor.update(changed, {"contact_phone": "13911112222"})
    editor.sync()
    gone = editor.store.conn.execute(
        "SELECT id FROM enterprise WHERE id <> ? LIMIT 1", (changed,)
    ).fetchone()[0]
    admin.withdraw_record(live_server.engine, "enterprise", gone, "duplicate entry", "admin1")

    device: Device = devices("city1")
    report = device.sync()
    assert report.ready["seq"] == built.seq and report.pulled >= 2
    phone = device.store.conn.execute(
        "SELECT contact_phone FROM enterprise WHERE id = ?", (changed,)
    ).fetchone()[0]
    assert phone == "13911112222"
    assert (
        device.store.conn.execute("SELECT 1 FROM enterprise WHERE id = ?", (gone,)).fetchone()
        is None
    )
    assert report.redownloaded == []

    # the next file is the previous one plus those changes, and equals a whole build
    refreshed = shelf_of(live_server).build("city")
    assert refreshed.seq > built.seq and refreshed.sha256 != built.sha256
    whole = ready.Shelf(live_server.engine, refreshed.path.parent.parent / "whole", lambda: tree)
    fresh = whole.build("city")
    assert fresh.tables == refreshed.tables
    for table in protocol.READY_TABLES:
        with sqlite3.connect(refreshed.path) as a, sqlite3.connect(fresh.path) as b:
            fields = "id, uscc, name, name_initials, name_pinyin" if table == "enterprise" else "id"
            query = f"SELECT {fields} FROM {table} ORDER BY id"
            assert a.execute(query).fetchall() == b.execute(query).fetchall()
            hashed = "SELECT * FROM record_hash ORDER BY 1, 2"
            assert a.execute(hashed).fetchall() == b.execute(hashed).fetchall()
    with sqlite3.connect(refreshed.path) as file:
        assert file.execute("SELECT 1 FROM enterprise WHERE id = ?", (gone,)).fetchone() is None
    later: Device = devices("city1")
    assert later.sync().ready["sha256"] == refreshed.sha256
    assert local_columns_dropped(later, "enterprise") == local_columns_dropped(device, "enterprise")


def test_records_a_laptop_cannot_store_are_set_aside_as_by_the_snapshot(
    devices: Any, live_server: Any
) -> None:
    ids = poison(live_server)  # an enterprise whose address is a list, as an old server let in
    built = shelf_of(live_server).build("city")
    with sqlite3.connect(built.path) as file:
        kept = file.execute("SELECT table_name, record_id FROM sync_quarantine").fetchall()
    assert kept == [("enterprise", ids["enterprise"])]
    ordinary: Device = devices("haining1")  # no county file: the ordinary snapshot
    attached: Device = devices("city1")
    for device in (ordinary, attached):
        report = device.sync()
        assert report.set_aside == 2 and report.redownloaded == []
        assert any(ids["enterprise"] in p for p in report.problems)
    assert report.ready["sha256"] == built.sha256


def test_the_file_endpoint_answers_only_its_scope(devices: Any, live_server: Any) -> None:
    city = shelf_of(live_server).build("city")
    county: Device = devices("haining1")
    with pytest.raises(SyncError) as refused:
        county.api.ready_file(city.sha256, 0)
    assert refused.value.status == 404 and refused.value.code == "ready_gone"
    manifest = county.api.ready()
    assert manifest["available"] is False and manifest["reason"] == "building"
    shelf_of(live_server).queue("330481").result(timeout=60)
    manifest = county.api.ready()
    assert manifest["available"] and manifest["scope"] == "330481"
    response = county.api.ready_file(manifest["sha256"], 100)
    assert response.status_code == 206 and len(response.content) == manifest["size"] - 100
    assert json.loads(json.dumps(manifest))["tables"]["enterprise"] > 0


def test_the_command_line_builds_files_a_device_then_takes(
    devices: Any, live_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    url = live_server.engine.url.render_as_string(hide_password=False)
    assert ready_admin.main(["--db", url, "build", "330481"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("330481: ") and "sha256 " in printed
    device: Device = devices("haining1")
    report = device.sync()
    assert report.ready["sha256"] in printed and report.redownloaded == []

    assert ready_admin.main(["--db", url, "build", "no-such-unit"]) == 2
    assert "unknown unit(s): no-such-unit" in capsys.readouterr().err


def test_a_file_replaced_before_its_download_falls_back(
    devices: Any, live_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = shelf_of(live_server).build("city")
    device: Device = devices("city1")
    announced = {**device.api.ready(), "sha256": "0" * 64}  # a file the server no longer has
    monkeypatch.setattr(device.api, "ready", lambda: announced)
    report = device.sync()
    assert any("replaced by a newer one" in p for p in report.problems)
    assert report.snapshot["enterprise"] == built.tables["enterprise"]
    assert report.redownloaded == []
