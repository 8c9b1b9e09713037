"""Moving attachments between the device and the server, resumably (server side:
``sync.server.blobs``; local files: ``inspector_app.attachments``).

Upload: check that the local file still hashes to its name, ask the server how much of it it
holds, send the rest chunk by chunk from there, then ask it to complete (the server recomputes
the SHA-256). Only the server's signed "complete" marks the local row uploaded; the local file is
never deleted. A dropped link loses at most the chunk in flight: the upload waits a moment, asks
the server's count and goes on from there (a few drops in a row end the sync; the next one goes
on the same way). A chunk damaged on the way is refused by the server and sent again.

Chunks are sized to the link (``ChunkSizer``): the first is small, the next ones about what the
link carries in two seconds, at most the largest the server accepts. On a slow link a reset then
costs a few seconds' bytes, not a whole megabyte sent again (and a chunk never takes long enough
to outlast the client's patience); on a fast link the chunks reach full size within a few
requests. Shorter chunks would lose less to a reset but more to each request's round trip,
which on a lossy link often waits for a retransmission.

Download: bytes are appended to ``<sha256>.partial`` beside the final name (so an interrupted
download resumes), each chunk carrying the server's signature; the whole file's SHA-256 is
checked before it is renamed to its final name and recorded.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests

from inspector_app.store import attachments
from inspector_app.store.attachments import AttachmentError
from inspector_app.store.database import Store
from sync import protocol
from sync.api import ApiClient, SyncError
from sync.report import Progress, SyncReport

MAX_CHUNK_RETRIES = 3  # a chunk refused as damaged is sent again this many times
MAX_RESYNCS = 5  # times the server may tell another offset before the upload gives up
MAX_LINK_DROPS = 3  # drops in a row (no chunk through between them) before the upload gives up
LINK_PAUSE_S = 1.0  # the wait after a drop, times the number of drops in a row
FIRST_CHUNK_BYTES = 64 * 1024  # before the link is measured: little to lose if it breaks
MIN_CHUNK_BYTES = 16 * 1024
CHUNK_SECONDS = 2.0  # a chunk should take about this long: what a reset costs at most
SLOW_CHUNK_SECONDS = 2 * CHUNK_SECONDS  # a chunk is cut smaller only once it took this long


class ChunkSizer:
    """The size of the next upload chunk, from how fast the previous ones went: doubled while
    twice as much would still go within ``CHUNK_SECONDS`` (up to ``largest``), cut to that
    much after a chunk that took more than ``SLOW_CHUNK_SECONDS``, kept in between."""

    def __init__(self, largest: int) -> None:
        self.largest = largest
        self.smallest = min(MIN_CHUNK_BYTES, largest)
        self.size = min(FIRST_CHUNK_BYTES, largest)

    def took(self, nbytes: int, seconds: float) -> None:
        if nbytes < self.size:  # the file's last piece: says nothing of a full chunk
            return
        if 2 * seconds <= CHUNK_SECONDS:
            self.size = min(self.largest, 2 * self.size)
        elif seconds > SLOW_CHUNK_SECONDS:
            per_second = nbytes / seconds
            self.size = max(self.smallest, min(self.size, int(per_second * CHUNK_SECONDS)))


@dataclass
class Uploaded:
    sha256: str
    chunks_sent: int
    bytes_sent: int
    already_there: bool  # the server held the whole file before (another device sent it)


def link_dropped(exc: SyncError) -> bool:
    """The connection failed or timed out (not a certificate refused, not an answer)."""
    cause = exc.__cause__
    return (
        exc.kind == "offline"
        and isinstance(cause, requests.ConnectionError | requests.Timeout)
        and not isinstance(cause, requests.exceptions.SSLError)
    )


class Transfers:
    def __init__(
        self,
        store: Store,
        api: ApiClient,
        attachments_dir: Path,
        progress: Progress | None = None,
        should_stop: Callable[[], bool] | None = None,
        chunk_bytes: int = protocol.CHUNK_BYTES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``chunk_bytes``: the largest upload chunk (and the download's); ``clock`` times the
        chunks (seconds)."""
        if not 1 <= chunk_bytes <= protocol.CHUNK_BYTES:
            raise ValueError(f"chunk size {chunk_bytes} out of range")
        self.store = store
        self.api = api
        self.dir = Path(attachments_dir)
        # every read and write of a file's content: plain, or sealed on an encrypted store
        self.vault = attachments.Vault.of(self.dir, store)
        self.progress = progress or (lambda _stage, _done, _total: None)
        self.should_stop = should_stop or (lambda: False)
        self.chunk_bytes = chunk_bytes
        self.sizer = ChunkSizer(chunk_bytes)  # kept from one attachment to the next
        self.clock = clock

    def _pause(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            self._check_stop()
            time.sleep(min(left, 0.2))

    def _after_drop(self, sha256: str, drops: int) -> tuple[dict[str, object], int]:
        """The link dropped mid-upload (``drops`` times in a row): wait a moment, then ask the
        server how much it holds, again after each further drop; returns its answer and the
        drops counted. The last drop allowed is raised."""
        while True:
            self._pause(LINK_PAUSE_S * drops)
            try:
                return self.api.blob_status(sha256), drops
            except SyncError as exc:
                if not link_dropped(exc) or drops >= MAX_LINK_DROPS:
                    raise
                drops += 1

    def _check_stop(self) -> None:
        if self.should_stop():
            raise SyncError(
                "cancelled",
                "同步已取消（已完成的部分已保存）。",
                "Sync cancelled (what was done is kept).",
            )

    # upload

    def upload(self, sha256: str, on_bytes: Callable[[int], None] | None = None) -> Uploaded:
        """Send one attachment, continuing from what the server holds. ``on_bytes(n)`` is told
        each time ``n`` more bytes are on the server."""
        row = attachments.get(self.store.conn, sha256)
        if row is None:
            raise AttachmentError(
                "unknown", "本机没有该附件的记录。", f"No attachment {sha256[:12]}… on this device."
            )
        path = self.vault.path(sha256)
        if not path.is_file() or self.vault.digest(path) != (sha256, row.size):
            raise AttachmentError(
                "damaged",
                f"附件文件缺失或已损坏（{sha256[:12]}…），未上传；原记录保留。",
                f"The attachment file {sha256[:12]}… is missing or damaged; not uploaded, "
                "its record is kept.",
            )
        size = row.size
        told = on_bytes or (lambda _n: None)
        status = self.api.blob_status(sha256)
        if status.get("complete"):
            self._confirmed(status, sha256, size)
            told(size)
            return Uploaded(sha256, 0, 0, already_there=True)
        offset = self._received(status, size)
        told(offset)
        sent = sent_bytes = damaged = resyncs = drops = 0
        while offset < size:
            self._check_stop()
            data = self.vault.read_chunk(sha256, offset, self.sizer.size)
            started = self.clock()
            try:
                answer = self.api.upload_chunk(sha256, offset, data, total=size)
            except SyncError as exc:
                if exc.code == "chunk_corrupt" and damaged < MAX_CHUNK_RETRIES:
                    damaged += 1  # damaged on the way: the same chunk again
                    continue
                if link_dropped(exc) and drops < MAX_LINK_DROPS:
                    status, drops = self._after_drop(sha256, drops + 1)
                elif exc.code == "offset_mismatch" and resyncs < MAX_RESYNCS:
                    # an answer was lost, or another device is sending the same file: ask
                    # the server (signed) how much it holds and go on from there
                    resyncs += 1
                    status = self.api.blob_status(sha256)
                else:
                    raise
                if status.get("complete"):
                    break
                new_offset = self._received(status, size)
                told(new_offset - offset)
                offset = new_offset
                continue
            self.sizer.took(len(data), self.clock() - started)
            drops = 0
            sent += 1
            sent_bytes += len(data)
            if answer.get("status") == "already_complete":
                break
            new_offset = self._received(answer, size)
            told(new_offset - offset)
            offset = new_offset
        final = self.api.complete_blob(sha256, size)
        self._confirmed(final, sha256, size)
        return Uploaded(sha256, sent, sent_bytes, already_there=False)

    def _received(self, status: dict[str, object], size: int) -> int:
        received = status.get("received")
        if not isinstance(received, int) or not 0 <= received <= size:
            raise SyncError(
                "refused",
                "服务器上的同名附件与本机文件大小不符，暂不能上传。",
                f"The server holds {received} bytes of this attachment, more than the local "
                f"{size}; it cannot be uploaded now.",
            )
        return received

    def _confirmed(self, status: dict[str, object], sha256: str, size: int) -> None:
        if not status.get("complete") or status.get("size") != size:
            raise SyncError(
                "refused",
                "服务器未确认附件已完整接收。",
                f"The server did not confirm attachment {sha256[:12]}… as complete.",
            )
        attachments.mark_uploaded(self.store, sha256)

    def upload_pending(self, report: SyncReport) -> None:
        """Upload every attachment the server has not confirmed (a sync step). A file that is
        damaged here or refused by the server is reported and the rest go on; network and
        server errors stop the step (the next sync resumes). Attachments whose copy on the
        server is damaged are sent again when held here."""
        try:
            wanted = self.api.blobs_wanted()
        except SyncError as exc:
            if exc.kind not in ("offline", "server", "not_server"):
                raise
            wanted = []  # asked again at the next sync; the uploads need not wait for it
        report.resent += attachments.send_again(self.store, wanted)
        pending = attachments.pending_uploads(self.store.conn)
        total = sum(a.size for a in pending)
        done = 0

        def on_bytes(n: int) -> None:
            nonlocal done
            done += n
            self.progress("upload", done, total)

        for item in pending:
            self._check_stop()
            start = done
            try:
                result = self.upload(item.sha256, on_bytes)
            except AttachmentError as exc:
                report.problems.append(exc.zh)
            except OSError as exc:  # unreadable here: reported, the others go on
                report.problems.append(
                    f"无法读取附件文件（{item.sha256[:12]}…）：{exc.strerror or exc}"
                )
            except SyncError as exc:
                if exc.kind != "refused":
                    raise
                report.problems.append(f"{exc.zh}（{item.sha256[:12]}…）")
            else:
                report.uploaded += 1
                report.uploaded_bytes += result.bytes_sent
            done = start + item.size
            self.progress("upload", done, total)

    # download

    def download(self, sha256: str, media_type: str = "") -> Path:
        """Fetch an attachment the device lacks (resuming a partial download); its path."""
        final = self.vault.path(sha256)
        if final.is_file():
            found, found_size = self.vault.digest(final)
            if found == sha256:
                if attachments.get(self.store.conn, sha256) is None:
                    attachments.record_downloaded(self.store, sha256, found_size, media_type)
                return final
        status = self.api.blob_status(sha256)
        size = status.get("size")
        if status.get("damaged") is True:
            raise SyncError(
                "refused",
                "服务器上保存的该附件已损坏，正等待持有完整文件的设备重新上传，请稍后再同步。",
                f"The server's copy of attachment {sha256[:12]}… is damaged; it waits for a "
                "device that holds it whole to send it again. Sync again later.",
                409,
                "blob_damaged",
            )
        if not status.get("complete") or not isinstance(size, int):
            raise SyncError(
                "refused",
                "服务器上没有完整的该附件。",
                f"The server has no complete attachment {sha256[:12]}….",
            )
        partial = attachments.partial_path(self.dir, sha256)
        partial.parent.mkdir(parents=True, exist_ok=True)
        out = self.vault.writer(partial, resume=True)
        if out.written > size:
            out.abandon()
            partial.unlink()
            out = self.vault.writer(partial)
        offset = out.written
        try:
            while offset < size:
                self._check_stop()
                want = min(self.chunk_bytes, size - offset)
                data = self.api.download_chunk(sha256, offset, want)
                if not data:
                    raise SyncError(
                        "server", "服务器应答不完整，稍后重试。", "Incomplete answer; will retry."
                    )
                out.write(data)
                offset += len(data)
                self.progress("download", offset, size)
        except BaseException:
            out.pause()  # what arrived stays for the next attempt
            raise
        out.close()
        if self.vault.digest(partial) != (sha256, size):
            partial.unlink()
            raise SyncError(
                "server",
                "下载的附件校验失败，已丢弃，下次同步将重新下载。",
                f"The downloaded attachment {sha256[:12]}… failed its SHA-256 check; it was "
                "discarded and will be fetched again.",
            )
        os.replace(partial, final)
        attachments.fsync_dir(final.parent)
        attachments.record_downloaded(self.store, sha256, size, media_type)
        return final
