"""Upload chunks sized to the link, and a chunk cut off on the way: the real server on loopback,
the real client; the link's speed is played by the client's clock (each chunk "takes" its bytes
divided by the rate), its failures by the client's HTTP session (see ``test_attachments``)."""

from __future__ import annotations

import logging
import socket
import time
from pathlib import Path
from typing import Any

import pytest
import requests
from sync_support import Device
from test_attachments import Wire, add, attachments_dir, make_file, server_blob, tap

from sync import protocol, transfer
from sync.api import SyncError
from sync.transfer import FIRST_CHUNK_BYTES, Transfers

SLOW = 16_000  # bytes a second: 128 kbit


class LinkClock:
    """The client's clock on a link of ``rate`` bytes a second: a chunk sent moves it on."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def on_link(
    device: Device, clock: LinkClock, puts: list[int], drops: frozenset[int] = frozenset()
) -> Wire:
    """Chunks sent through ``clock``'s link (rate 0: no time at all), their sizes in ``puts``;
    the chunks numbered in ``drops`` (from 1) lost with the link after half of them went out."""

    def link(send: Wire, method: str, url: str, kwargs: dict[str, Any]) -> requests.Response:
        if method != "PUT":
            return send(method, url, **kwargs)
        size = len(kwargs["data"])
        puts.append(size)
        if len(puts) in drops:
            clock.now += size / 2 / clock.rate if clock.rate else 0.0
            raise requests.ConnectionError("link dropped")
        clock.now += size / clock.rate if clock.rate else 0.0
        return send(method, url, **kwargs)

    return tap(device, link)


@pytest.fixture
def no_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transfer, "LINK_PAUSE_S", 0.0)


def test_a_slow_link_gets_chunks_of_about_two_seconds(
    devices: Any, live_server: Any, tmp_path: Path, no_pause: None
) -> None:
    """At 128 kbit the first chunk (64 KiB) takes four seconds: the next ones carry about two
    seconds' bytes, so a link that drops loses that much, not the photo. (Sent whole in one
    1 MiB chunk, a 600 KB photo went again whole after every drop.)"""
    device: Device = devices("haining1")
    source = make_file(tmp_path, 600_000)
    sha = add(device, source)
    clock = LinkClock(SLOW)
    puts: list[int] = []
    on_link(device, clock, puts, drops=frozenset({6}))
    chunks = Transfers(device.store, device.api, attachments_dir(device), clock=clock)
    result = chunks.upload(sha)
    assert puts[0] == FIRST_CHUNK_BYTES
    assert all(size == 2 * SLOW for size in puts[1:-1]), puts  # two seconds' worth each
    assert result.bytes_sent == 600_000
    assert sum(puts) - 600_000 == 2 * SLOW, puts  # the chunk the drop cut off, once more
    row, content = server_blob(live_server.engine, sha)
    assert row is not None and row["complete"] and content == source.read_bytes()


def test_an_upload_goes_on_after_the_link_drops(
    devices: Any, live_server: Any, tmp_path: Path, no_pause: None
) -> None:
    """A link that drops now and then (here three times, twice in a row) does not end the
    sync: after each drop the upload asks the server's count and goes on from there. (It used
    to end the sync at the first drop: on a link that resets every minute, a photo batch
    waited for the next automatic sync after each.)"""
    device: Device = devices("haining1")
    source = make_file(tmp_path, 300_000)
    sha = add(device, source)
    puts: list[int] = []
    statuses = record_statuses(device)
    on_link(device, LinkClock(0), puts, drops=frozenset({2, 3, 5}))
    chunks = Transfers(device.store, device.api, attachments_dir(device), clock=lambda: 0.0)
    result = chunks.upload(sha)
    assert result.bytes_sent == 300_000 and statuses[0] == 0
    assert len(statuses) == 4  # the first ask, then once after each drop
    row, content = server_blob(live_server.engine, sha)
    assert row is not None and row["complete"] and content == source.read_bytes()


def test_a_link_that_stays_down_ends_the_upload(
    devices: Any, live_server: Any, tmp_path: Path, no_pause: None
) -> None:
    device: Device = devices("haining1")
    sha = add(device, make_file(tmp_path, 300_000))

    def down(send: Wire, method: str, url: str, kwargs: dict[str, Any]) -> requests.Response:
        if method == "PUT" or attempts:
            attempts.append(method)
            raise requests.ConnectionError("link down")
        return send(method, url, **kwargs)

    attempts: list[str] = []
    tap(device, down)
    with pytest.raises(SyncError) as info:
        Transfers(device.store, device.api, attachments_dir(device)).upload(sha)
    assert info.value.kind == "offline"
    assert attempts == ["PUT"] + ["GET"] * transfer.MAX_LINK_DROPS


def test_a_refused_certificate_is_not_a_dropped_link(
    devices: Any, tmp_path: Path, no_pause: None
) -> None:
    device: Device = devices("haining1")
    sha = add(device, make_file(tmp_path, 1000))
    attempts: list[str] = []

    def refused(send: Wire, method: str, url: str, kwargs: dict[str, Any]) -> requests.Response:
        if method == "PUT":
            attempts.append(method)
            raise requests.exceptions.SSLError("certificate verify failed")
        return send(method, url, **kwargs)

    tap(device, refused)
    with pytest.raises(SyncError):
        Transfers(device.store, device.api, attachments_dir(device)).upload(sha)
    assert attempts == ["PUT"]


def record_statuses(device: Device) -> list[int]:
    """What the server said it holds, each time the device asks from now on."""
    said: list[int] = []
    original = device.api.blob_status

    def blob_status(sha256: str) -> dict[str, Any]:
        answer = original(sha256)
        said.append(answer["received"])
        return answer

    device.api.blob_status = blob_status  # type: ignore[method-assign]
    return said


def test_a_fast_link_gets_full_chunks_within_a_few_requests(
    devices: Any, live_server: Any, tmp_path: Path
) -> None:
    device: Device = devices("haining1")
    size = 3 * protocol.CHUNK_BYTES + 5
    sha = add(device, make_file(tmp_path, size))
    puts: list[int] = []
    on_link(device, LinkClock(0), puts)
    Transfers(device.store, device.api, attachments_dir(device), clock=lambda: 0.0).upload(sha)
    k = 1024
    assert puts[:5] == [64 * k, 128 * k, 256 * k, 512 * k, 1024 * k]
    assert sum(puts) == size and max(puts) == protocol.CHUNK_BYTES
    assert server_blob(live_server.engine, sha)[0]["complete"]  # type: ignore[index]


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_a_chunk_cut_off_on_the_way_is_no_server_error(devices: Any, live_server: Any) -> None:
    """The link drops in the middle of a chunk's body: the server stores nothing and logs the
    event, not an "Exception in ASGI application" with a traceback (it is the field's, not a
    bug of the server's)."""
    device: Device = devices("haining1")
    seen = Records()
    loggers = [logging.getLogger(n) for n in ("uvicorn.error", "sync.server.blobs", "")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(seen)
    logging.getLogger("sync.server.blobs").setLevel(logging.INFO)
    try:
        sha = "ab" * 32
        host, port = live_server.url.rsplit("/", 1)[-1].split(":")
        assert device.credentials is not None
        head = (
            f"PUT {protocol.API_PREFIX}/blobs/{sha}?offset=0 HTTP/1.1\r\n"
            f"Host: {host}:{port}\r\n"
            f"{protocol.H_PROTOCOL}: {protocol.PROTOCOL_VERSION}\r\n"
            f"{protocol.H_DEVICE}: {device.store.device_id}\r\n"
            f"Authorization: Bearer {device.credentials.access_token}\r\n"
            f"{protocol.H_CHUNK_SHA256}: {'cd' * 32}\r\n"
            "Content-Type: application/octet-stream\r\n"
            "Content-Length: 100000\r\n\r\n"
        )
        with socket.create_connection((host, int(port))) as sock:
            sock.sendall(head.encode() + b"x" * 3000)
            time.sleep(0.3)
        deadline = time.monotonic() + 10
        while not any("cut off" in r.getMessage() for r in seen.records):
            assert time.monotonic() < deadline, [r.getMessage() for r in seen.records]
            time.sleep(0.05)
        time.sleep(0.2)  # anything the server would log after it
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.removeHandler(seen)
            lg.setLevel(level)
    errors = [r for r in seen.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]
    assert device.api.blob_status(sha)["received"] == 0
