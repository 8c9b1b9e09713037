"""Document numbers: the local allocator (atomic, never reused, crash-safe, local blocks before
the first sign-in) and the server's leases against the real server on loopback (SQLite and
PostgreSQL): concurrent leases never overlap, refill before running out, returns recorded."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import select, update
from sync_support import Device, make_device

from helpers import ROOT, new_store
from inspector_app.documents import numbers
from inspector_app.documents.numbers import LOCAL_BASE, NumbersError
from inspector_app.store.database import Store
from sync import protocol
from sync.api import ApiClient, Connection, SyncError
from sync.leases import NumberKeeper, return_block, return_unused
from sync.server import db

YEAR = dt.date.today().year
DOC = "检记"  # 现场检查记录
AUTH = "海宁"  # the Haining bureau's series: the test officers' own organ
SERIES = (DOC, AUTH, YEAR)


def all_allocations(store: Store) -> list[tuple[int, str, str]]:
    return [
        (int(n), b, r)
        for n, b, r in store.conn.execute(
            "SELECT number, block_id, record_id FROM number_allocation ORDER BY number"
        )
    ]


def assert_consistent(store: Store) -> None:
    """Every block's numbers below ``next`` are allocated exactly once; none from ``next`` on."""
    for block in numbers.blocks(store.conn):
        taken = [n for n, _ in numbers.allocations(store.conn, block.id)]
        assert taken == list(range(block.first, block.next)), block


# -- the local allocator -------------------------------------------------------------------------


def test_numbers_are_taken_in_order_once_per_record(store: Store) -> None:
    numbers.add_block(store, "block-0001", *SERIES, 1, 3)
    assert numbers.remaining(store.conn, *SERIES) == 3
    got = [numbers.allocate(store, *SERIES, f"record-{i}") for i in range(3)]
    assert got == [1, 2, 3]
    assert numbers.allocate(store, *SERIES, "record-1") == 2  # asked again: the same number
    assert numbers.remaining(store.conn, *SERIES) == 0
    with pytest.raises(NumbersError) as info:
        numbers.allocate(store, *SERIES, "record-9")
    assert info.value.code == "no_numbers"
    assert "没有可用" in info.value.zh and "sync" in info.value.en
    assert_consistent(store)
    # another series has its own numbers
    numbers.add_block(store, "block-0002", "罚决", AUTH, YEAR, 1, 5)
    assert numbers.allocate(store, "罚决", AUTH, YEAR, "record-1") == 1


def test_blocks_never_overlap_and_closed_numbers_are_never_given(store: Store) -> None:
    numbers.add_block(store, "block-a", *SERIES, 1, 10)
    with pytest.raises(NumbersError) as overlap:
        numbers.add_block(store, "block-b", *SERIES, 10, 20)
    assert overlap.value.code == "overlap" and "重叠" in overlap.value.zh
    # the same block again (a replayed lease) changes nothing
    assert numbers.add_block(store, "block-a", *SERIES, 1, 10).next == 1
    assert numbers.allocate(store, *SERIES, "r1") == 1
    closed = numbers.close_open_blocks(store)
    assert [b.unused for b in closed] == [list(range(2, 11))]
    with pytest.raises(NumbersError):
        numbers.allocate(store, *SERIES, "r2")
    numbers.add_block(store, "block-c", *SERIES, 11, 20)
    assert numbers.allocate(store, *SERIES, "r2") == 11  # not 2: numbers are never reused
    with pytest.raises(NumbersError) as bad:
        numbers.add_block(store, "block-d", *SERIES, LOCAL_BASE - 5, LOCAL_BASE + 5)
    assert bad.value.code == "bad_block"


@pytest.mark.parametrize(
    "doc_type, authority, year",
    [
        ("", AUTH, YEAR),
        (" 检记", AUTH, YEAR),
        ("检" * 17, AUTH, YEAR),
        (DOC, "嘉\n", YEAR),
        (DOC, "嘉" * 33, YEAR),
        (DOC, AUTH, 1999),
        (DOC, AUTH, 2101),
    ],
)
def test_a_bad_series_is_refused(store: Store, doc_type: str, authority: str, year: int) -> None:
    with pytest.raises(NumbersError) as info:
        numbers.add_block(store, "block-x", doc_type, authority, year, 1, 10)
    assert info.value.code == "bad_series" and info.value.zh and info.value.en
    assert numbers.blocks(store.conn) == []


def test_allocation_is_atomic_across_connections(store: Store) -> None:
    numbers.add_block(store, "block-big", *SERIES, 1, 1000)
    path = store.path
    got: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(6)

    def worker(name: int) -> None:
        own = Store.open(path, check=False)  # each thread its own connection
        try:
            start.wait()
            for i in range(40):
                number = numbers.allocate(own, *SERIES, f"t{name}-{i}")
                with lock:
                    got.append(number)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sorted(got) == list(range(1, 241))  # no number twice, none skipped
    assert numbers.blocks(store.conn)[0].next == 241
    assert_consistent(store)


KILL_BETWEEN = """
import os, signal, sys
sys.path.insert(0, {root!r})
from inspector_app.documents import numbers
from inspector_app.store.database import Store
store = Store.open({path!r})
def trace(sql):
    # the allocation row is written; die before the block's next moves
    if sql.lstrip().upper().startswith("UPDATE NUMBER_BLOCK SET NEXT"):
        os.kill(os.getpid(), signal.SIGKILL)
store.conn.set_trace_callback(trace)
numbers.allocate(store, {doc!r}, {auth!r}, {year}, "in-flight")
print("survived", flush=True)
"""

KILL_ANYWHERE = """
import sys
sys.path.insert(0, {root!r})
from inspector_app.documents import numbers
from inspector_app.store.database import Store
store = Store.open({path!r})
i = 0
while True:
    number = numbers.allocate(store, {doc!r}, {auth!r}, {year}, f"{round}-{{i}}")
    print(number, flush=True)
    i += 1
"""


def test_a_kill_between_the_two_writes_leaves_neither(tmp_path: Path, tree: Any) -> None:
    path = tmp_path / "kill.sqlite3"
    store = new_store(path, tree)
    numbers.add_block(store, "block-k", *SERIES, 1, 50)
    numbers.allocate(store, *SERIES, "before")
    store.close()
    script = KILL_BETWEEN.format(root=str(ROOT), path=str(path), doc=DOC, auth=AUTH, year=YEAR)
    child = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert child.returncode == -signal.SIGKILL, child.stderr  # it died mid-allocation
    store = Store.open(path)
    try:
        assert store.integrity_check() == []
        assert [(n, r) for n, _, r in all_allocations(store)] == [(1, "before")]
        assert numbers.blocks(store.conn)[0].next == 2  # neither write survived
        assert numbers.allocate(store, *SERIES, "in-flight") == 2  # no gap left behind
        assert_consistent(store)
    finally:
        store.close()


def test_sigkill_at_any_point_never_leaves_a_gap_or_a_duplicate(tmp_path: Path, tree: Any) -> None:
    path = tmp_path / "kill.sqlite3"
    store = new_store(path, tree)
    numbers.add_block(store, "block-k", *SERIES, 1, 100_000)
    store.close()
    acknowledged: list[int] = []
    for round_no in range(5):
        script = KILL_ANYWHERE.format(
            root=str(ROOT), path=str(path), doc=DOC, auth=AUTH, year=YEAR, round=round_no
        )
        with subprocess.Popen(
            [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True
        ) as c:
            assert c.stdout is not None
            for _ in range(20 + round_no * 13):
                line = c.stdout.readline()
                assert line, "child died early"
                acknowledged.append(int(line))
            os.kill(c.pid, signal.SIGKILL)
            c.wait()
    store = Store.open(path)
    try:
        assert store.integrity_check() == []
        taken = [n for n, _, _ in all_allocations(store)]
        assert set(acknowledged) <= set(taken)  # every acknowledged number survived
        assert len(acknowledged) == len(set(acknowledged))
        assert taken == list(range(1, len(taken) + 1))  # contiguous: no gap, no duplicate
        assert_consistent(store)
    finally:
        store.close()


def test_local_blocks_stay_clear_of_server_numbers(store: Store) -> None:
    low, high = numbers.local_window(store.device_id)
    assert LOCAL_BASE <= low < high and high - low + 1 == numbers.LOCAL_WINDOW
    local = numbers.local_block(store, *SERIES, size=5)
    assert (local.first, local.last, local.source) == (low, low + 4, "local")
    got = [numbers.allocate(store, *SERIES, f"offline-{i}") for i in range(5)]
    assert got == list(range(low, low + 5))
    second = numbers.local_block(store, *SERIES, size=5)
    assert second.first == low + 5  # the next local block follows, inside the window
    assert numbers.allocate(store, *SERIES, "offline-5") == low + 5
    # the first server block closes the local ones, and server numbers come first from now on
    numbers.add_block(store, "lease-1", *SERIES, 1, 30)
    assert numbers.allocate(store, *SERIES, "online-0") == 1
    assert [b.returned for b in numbers.blocks(store.conn) if b.source == "local"] == [True, True]
    with pytest.raises(NumbersError) as info:
        numbers.local_block(store, *SERIES)
    assert info.value.code == "local_not_allowed" and "服务器" in info.value.zh
    assert_consistent(store)


def test_local_windows_differ_between_devices_and_cover_only_the_local_range() -> None:
    windows = {numbers.local_window(f"device-{i:04d}") for i in range(3000)}
    assert len(windows) == numbers.LOCAL_WINDOWS  # every window used by some device id
    assert min(w[0] for w in windows) == LOCAL_BASE
    assert all(LOCAL_BASE <= lo <= hi for lo, hi in windows)


# -- against the server --------------------------------------------------------------------------


def lease_rows(engine: Any) -> list[dict[str, Any]]:
    with db.reading(engine) as conn:
        rows = conn.execute(select(db.number_leases).order_by(db.number_leases.c.first))
        return [dict(r) for r in rows.mappings()]


def counter(engine: Any) -> int | None:
    c = db.number_counters.c
    with db.reading(engine) as conn:
        value = conn.execute(
            select(c.next_value).where(c.doc_type == DOC, c.authority == AUTH, c.year == YEAR)
        ).scalar_one_or_none()
    return None if value is None else int(value)


def test_concurrent_leases_never_overlap(devices: Any, live_server: Any) -> None:
    officers: list[Device] = [devices(u) for u in ("haining1", "haining2", "approver1", "park1")]
    clients = [
        ApiClient(Connection(live_server.url), d.store.device_id, d.credentials)
        for d in officers
        for _ in range(2)
    ]
    got: list[tuple[int, int, int]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(len(clients))

    def worker(index: int, api: ApiClient) -> None:
        try:
            start.wait()  # all at once, the series' counter row not made yet
            for i in range(6):
                size = 1 + (index * 7 + i * 5) % 17
                answer = api.lease_numbers(DOC, AUTH, YEAR, size, f"lease-{index:02d}-{i:02d}-x")
                with lock:
                    got.append((answer["first"], answer["last"], size))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            api.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    assert all(last - first + 1 == size for first, last, size in got)
    ranges = sorted((first, last) for first, last, _ in got)
    expected_first = 1
    for first, last in ranges:  # one after the other: no overlap and no gap
        assert first == expected_first
        expected_first = last + 1
    assert counter(live_server.engine) == expected_first
    recorded = [(r["first"], r["last"]) for r in lease_rows(live_server.engine)]
    assert recorded == ranges and len(recorded) == 8 * 6


def test_numbers_are_allocated_offline_from_a_lease(devices: Any) -> None:
    device: Device = devices("haining1")
    numbers.want(device.store, *SERIES)
    report = device.sync(lease_size=25)
    assert report.leased == 1
    [block] = numbers.blocks(device.store.conn)
    assert (block.first, block.last, block.source) == (1, 25, "server")
    device.api.base = "http://127.0.0.1:9/api/v1"  # the network is gone
    with pytest.raises(SyncError) as info:
        device.sync()
    assert info.value.kind == "offline"
    got = [numbers.allocate(device.store, *SERIES, f"doc-{i}") for i in range(10)]
    assert got == list(range(1, 11))
    assert numbers.remaining(device.store.conn, *SERIES) == 15


def test_a_new_block_comes_before_the_numbers_run_out(devices: Any, live_server: Any) -> None:
    device: Device = devices("haining1")
    other: Device = devices("haining2")
    numbers.want(device.store, *SERIES)
    device.sync(lease_size=30)
    other.api.lease_numbers(DOC, AUTH, YEAR, 5, "other-device-lease")  # takes 31..35
    for i in range(10):
        numbers.allocate(device.store, *SERIES, f"doc-{i}")
    assert device.sync(lease_size=30).leased == 0  # 20 left: not below the threshold
    numbers.allocate(device.store, *SERIES, "doc-10")
    assert device.sync(lease_size=30).leased == 1  # 19 left: refilled while online
    assert [(b.first, b.last) for b in numbers.blocks(device.store.conn)] == [(1, 30), (36, 65)]
    assert numbers.remaining(device.store.conn, *SERIES) == 49
    got = [numbers.allocate(device.store, *SERIES, f"doc-{i}") for i in range(11, 40)]
    assert got == list(range(12, 31)) + list(range(36, 46))  # straight on into the new block
    assert_consistent(device.store)


def test_a_lost_lease_answer_gives_the_same_block_again(devices: Any, live_server: Any) -> None:
    device: Device = devices("haining1")
    numbers.want(device.store, *SERIES)
    send = device.api.http.request

    def lose_answer(method: str, url: str, **kwargs: Any) -> requests.Response:
        response = send(method, url, **kwargs)
        if url.endswith("/numbers/lease"):
            raise requests.ConnectionError("answer lost")  # the server leased, we never heard
        return response

    device.api.http.request = lose_answer  # type: ignore[method-assign]
    with pytest.raises(SyncError):
        device.sync(lease_size=40)
    assert numbers.blocks(device.store.conn) == []
    device.api.http.request = send  # type: ignore[method-assign]
    device.sync(lease_size=40)
    [block] = numbers.blocks(device.store.conn)
    assert (block.first, block.last) == (1, 40)
    rows = lease_rows(live_server.engine)
    assert [(r["id"], r["first"], r["last"]) for r in rows] == [(block.id, 1, 40)]
    assert counter(live_server.engine) == 41  # leased once, no gap


def test_returned_numbers_are_recorded_on_the_server(devices: Any, live_server: Any) -> None:
    device: Device = devices("haining1")
    numbers.want(device.store, *SERIES)
    device.sync(lease_size=10)
    for i in range(3):
        numbers.allocate(device.store, *SERIES, f"doc-{i}")
    assert return_unused(device.store, device.api) == 1
    [row] = lease_rows(live_server.engine)
    assert row["returned_at"] is not None
    assert json.loads(row["unused"]) == list(range(4, 11))
    with pytest.raises(NumbersError):  # returned numbers are never given out
        numbers.allocate(device.store, *SERIES, "doc-late")
    assert NumberKeeper(device.store, device.api).report_closed() == 0  # recorded: not again
    # the same return again answers the same; others are refused with a reason
    again = device.api.return_numbers(row["id"], list(range(4, 11)))
    assert again["unused"] == list(range(4, 11))
    stranger: Device = devices("nanhu1")
    refusals = [
        (stranger, row["id"], [4], 403, "not_your_lease"),
        (device, row["id"], [4, 5], 409, "already_returned"),
        (device, "0000-unknown-lease", [1], 404, "lease_unknown"),
    ]
    for who, lease_id, unused, status, code in refusals:
        with pytest.raises(SyncError) as info:
            who.api.return_numbers(lease_id, unused)
        assert (info.value.status, info.value.code) == (status, code)
        assert info.value.zh and info.value.en
    fresh = device.api.lease_numbers(DOC, AUTH, YEAR, 5, "second-lease-01")
    assert fresh["first"] == 11  # returned numbers are not leased again
    numbers.add_block(device.store, "second-lease-01", *SERIES, 11, 15)
    numbers.allocate(device.store, *SERIES, "doc-3")
    assert return_block(device.store, device.api, "second-lease-01") == [12, 13, 14, 15]
    returned = {r["id"]: r for r in lease_rows(live_server.engine)}["second-lease-01"]
    assert json.loads(returned["unused"]) == [12, 13, 14, 15]
    device.api.lease_numbers(DOC, AUTH, YEAR, 5, "third-lease-01")  # 16..20
    for unused, code in (([17, 17], "bad_numbers"), ([15, 16], "bad_numbers")):
        with pytest.raises(SyncError) as info:
            device.api.return_numbers("third-lease-01", unused)
        assert (info.value.status, info.value.code) == (422, code)


def test_local_numbers_are_reported_at_the_first_sync(
    devices: Any, live_server: Any, tmp_path: Path, tree: Any, registry: Any
) -> None:
    first: Device = devices()  # never signed in
    local = numbers.local_block(first.store, *SERIES, size=10)
    offline = [numbers.allocate(first.store, *SERIES, f"early-{i}") for i in range(3)]
    assert offline == [local.first, local.first + 1, local.first + 2]
    first.login("haining1")
    report = first.sync(lease_size=20)
    assert report.leased == 1 and report.numbers_returned == 1
    assert numbers.allocate(first.store, *SERIES, "online-0") == 1  # server numbers now
    reported = {r["id"]: r for r in lease_rows(live_server.engine)}[local.id]
    assert (reported["first"], reported["last"]) == (local.first, local.last)
    assert json.loads(reported["unused"]) == list(range(local.first + 3, local.last + 1))
    assert reported["device_id"] == first.store.device_id

    # a device whose id falls into the same window, also working before its first sign-in:
    # its overlapping report is refused and shown, never silently accepted
    twin = twin_device(tmp_path, tree, registry, live_server.url, first.store.device_id)
    try:
        clash = numbers.local_block(twin.store, *SERIES, size=10)
        assert clash.first == local.first
        numbers.allocate(twin.store, *SERIES, "twin-0")
        twin.login("haining2")
        report = twin.sync(lease_size=20)
        assert report.numbers_returned == 0
        assert any("重叠" in p for p in report.problems)
        ids = {r["id"] for r in lease_rows(live_server.engine)}
        assert clash.id not in ids
        # a report outside the device's own window is refused as well
        with pytest.raises(SyncError) as info:
            twin.api.report_local_numbers("fake-block-01", DOC, AUTH, YEAR, 5, 6, [])
        assert info.value.code == "not_local_window"
    finally:
        twin.close()


def test_a_local_block_of_last_year_is_reported_too(devices: Any, live_server: Any) -> None:
    device: Device = devices()
    old = numbers.local_block(device.store, DOC, AUTH, YEAR - 1, size=4)
    numbers.allocate(device.store, DOC, AUTH, YEAR - 1, "late-doc")
    device.login("haining1")
    report = device.sync()
    assert (report.leased, report.numbers_returned) == (0, 1)  # no lease for last year
    row = {r["id"]: r for r in lease_rows(live_server.engine)}[old.id]
    assert (row["year"], json.loads(row["unused"])) == (
        YEAR - 1,
        [old.first + 1, old.first + 2, old.last],
    )
    with pytest.raises(NumbersError):
        numbers.allocate(device.store, DOC, AUTH, YEAR - 1, "later-doc")


def twin_device(folder: Path, tree: Any, registry: Any, url: str, device_id: str) -> Device:
    """A device whose id differs from ``device_id`` but has the same local window."""
    window = numbers.local_window(device_id)
    twin_id = next(
        candidate
        for i in range(100_000)
        if (candidate := f"01a00000-0000-7000-8000-{i:012d}") != device_id
        and numbers.local_window(candidate) == window
    )
    (folder / "twin").mkdir()
    device = make_device(folder / "twin", tree, registry, url)
    with device.store.transaction():
        device.store.set_meta("device_id", twin_id)
    device.api.close()
    device.api = ApiClient(Connection(url), twin_id)
    device.api.on_credentials = lambda creds: creds.save(device.store)
    return device


def test_a_series_near_its_ceiling_is_refused(devices: Any, live_server: Any) -> None:
    device: Device = devices("haining1")
    device.api.lease_numbers(DOC, AUTH, YEAR, 1, "ceiling-lease-01")
    with db.writing(live_server.engine) as conn:
        conn.execute(update(db.number_counters).values(next_value=LOCAL_BASE - 5))
    with pytest.raises(SyncError) as info:
        device.api.lease_numbers(DOC, AUTH, YEAR, 10, "ceiling-lease-02")
    assert (info.value.status, info.value.code) == (409, "series_exhausted")
    last = device.api.lease_numbers(DOC, AUTH, YEAR, 5, "ceiling-lease-03")
    assert (last["first"], last["last"]) == (LOCAL_BASE - 5, LOCAL_BASE - 1)


GOOD_LEASE = {"doc_type": DOC, "authority": AUTH, "year": YEAR, "size": 10}
BAD_LEASES: list[tuple[dict[str, Any], int, str]] = [
    ({"size": 0}, 422, "bad_size"),
    ({"size": 1001}, 422, "bad_size"),
    ({"size": -3}, 422, "bad_size"),
    ({"size": "10"}, 422, "invalid_request"),
    ({"year": 1999}, 422, "bad_series"),
    ({"year": YEAR + 2}, 422, "bad_series"),
    ({"year": 2026.5}, 422, "invalid_request"),
    ({"doc_type": ""}, 422, "bad_series"),
    ({"doc_type": "检" * 17}, 422, "bad_series"),
    ({"authority": "嘉\t"}, 422, "bad_series"),
    ({"authority": None}, 422, "invalid_request"),
    ({"lease_id": "short"}, 422, "bad_id"),
]


def test_bad_number_requests_are_4xx_with_a_message(devices: Any) -> None:
    device: Device = devices("haining1")
    creds = device.credentials
    assert creds is not None
    headers = {
        protocol.H_PROTOCOL: "1",
        protocol.H_DEVICE: device.store.device_id,
        "Authorization": f"Bearer {creds.access_token}",
    }
    wrong = []
    cases = [
        (f"{device.api.base}/numbers/lease", {**GOOD_LEASE, **c}, s, e) for c, s, e in BAD_LEASES
    ]
    cases += [
        (f"{device.api.base}/numbers/return", {"lease_id": "abcdefgh"}, 422, "invalid_request"),
        (
            f"{device.api.base}/numbers/return",
            {"lease_id": "abcdefgh", "unused": list(range(1001))},
            422,
            "invalid_request",
        ),
        (f"{device.api.base}/numbers/local", {"block_id": "x"}, 422, "invalid_request"),
    ]
    for url, body, status, code in cases:
        response = requests.post(url, json=body, headers=headers, timeout=10)
        answer = response.json()
        message = answer.get("message", {})
        if (response.status_code, answer.get("error")) != (status, code) or not (
            message.get("zh") and message.get("en")
        ):
            wrong.append((body, response.status_code, answer))
    assert wrong == []
    device.api.lease_numbers(DOC, AUTH, YEAR, 10, "reused-lease-01")
    with pytest.raises(SyncError) as info:
        device.api.lease_numbers(DOC, AUTH, YEAR, 11, "reused-lease-01")
    assert (info.value.status, info.value.code) == (409, "lease_id_reused")
    unauthenticated = requests.post(
        f"{device.api.base}/numbers/lease",
        json=GOOD_LEASE,
        headers={protocol.H_PROTOCOL: "1"},
        timeout=10,
    )
    assert unauthenticated.status_code == 401
