"""Keeping the device stocked with document numbers (server side: ``sync.server.numbers``;
local blocks and allocation: ``inspector_app.numbers``).

At each sync, for every series of this year the device holds blocks of (or declared with
``numbers.want``): if fewer than ``threshold`` numbers remain, or a local block is still open,
lease a new block. Closed blocks are then reported: a server block's unused numbers are
returned, a local block is reported with its range and unused numbers. ``return_unused`` closes
every open server block and returns its numbers (at logout).

A lease request carries an id made and saved on the device before the request is sent: if the
answer is lost, the next sync asks again with the same id and the server answers the same block,
so no block is leased twice and no gap is left unexplained.
"""

from __future__ import annotations

import json

from inspector_app.documents import numbers
from inspector_app.documents.numbers import Block, Series
from inspector_app.store.clock import new_id
from inspector_app.store.database import Store
from sync.api import META, ApiClient, SyncError
from sync.report import SyncReport

DEFAULT_THRESHOLD = 20
DEFAULT_LEASE_SIZE = 100
PENDING = META + "numbers.pending."  # + series: the lease asked for and not yet answered
REPORTED = META + "numbers.reported."  # + block id: the server recorded the closed block


class NumberKeeper:
    def __init__(
        self,
        store: Store,
        api: ApiClient,
        threshold: int = DEFAULT_THRESHOLD,
        lease_size: int = DEFAULT_LEASE_SIZE,
    ) -> None:
        self.store = store
        self.api = api
        self.threshold = threshold
        self.lease_size = lease_size

    def run(self, report: SyncReport) -> None:
        """The sync step: refill what runs low, then report closed blocks.

        Local blocks exist only for the time before the first sign-in: once the server has
        answered, the ones a lease did not close (series of another year) are closed too, so
        that every local number is reported."""
        year = self.store.clock.today().year
        for series in numbers.series_in_use(self.store.conn, year):
            if self.needs_block(series):
                try:
                    self.lease(series)
                except SyncError as exc:
                    if exc.kind != "refused":
                        raise
                    # a series the server will not lease (not this officer's organ, a cap):
                    # said on the sync page; the other series and the sync go on
                    report.problems.append(f"{series.label()}: {exc.zh}")
                    with self.store.transaction():
                        self.store.set_meta(self._pending_key(series), "")
                    continue
                report.leased += 1
        numbers.close_open_blocks(self.store, numbers.LOCAL)
        report.numbers_returned += self.report_closed(report)

    def needs_block(self, series: Series) -> bool:
        held = numbers.blocks(self.store.conn, series)
        local_open = any(b.source == numbers.LOCAL and not b.returned for b in held)
        server_left = sum(b.remaining for b in held if b.source == numbers.SERVER)
        return local_open or server_left < self.threshold or bool(self._pending(series))

    def _pending_key(self, series: Series) -> str:
        key = json.dumps([series.doc_type, series.authority, series.year], ensure_ascii=False)
        return PENDING + key

    def _pending(self, series: Series) -> dict[str, object]:
        raw = self.store.meta(self._pending_key(series))
        return dict(json.loads(raw)) if raw else {}

    def lease(self, series: Series) -> Block:
        """Lease one block of the series from the server (the same one again after a lost
        answer) and record it."""
        pending = self._pending(series)
        if not pending:
            pending = {"lease_id": new_id(), "size": self.lease_size}
            with self.store.transaction():
                self.store.set_meta(self._pending_key(series), json.dumps(pending))
        lease_id, size = str(pending["lease_id"]), int(str(pending["size"]))
        answer = self.api.lease_numbers(
            series.doc_type, series.authority, series.year, size, lease_id
        )
        first, last = answer.get("first"), answer.get("last")
        if (
            answer.get("lease_id") != lease_id
            or not isinstance(first, int)
            or not isinstance(last, int)
            or last - first + 1 != size
        ):
            raise SyncError(
                "server", "服务器应答不完整，稍后重试。", "Incomplete answer; will retry."
            )
        with self.store.transaction() as conn:
            block = numbers.insert_block(
                conn, lease_id, series, first, last, numbers.SERVER, self.store.clock.timestamp()
            )
            self.store.set_meta(self._pending_key(series), "")
        return block

    def report_closed(self, report: SyncReport | None = None) -> int:
        """Tell the server about closed blocks it has not recorded yet; how many it recorded.
        A refusal (e.g. local numbers another device reported too) is kept as a problem and
        asked again at the next sync."""
        count = 0
        for block in numbers.blocks(self.store.conn):
            if not block.returned or self.store.meta(REPORTED + block.id):
                continue
            try:
                if block.source == numbers.SERVER:
                    self.api.return_numbers(block.id, block.unused)
                else:
                    self.api.report_local_numbers(
                        block.id,
                        block.doc_type,
                        block.authority,
                        block.year,
                        block.first,
                        block.last,
                        block.unused,
                    )
            except SyncError as exc:
                if exc.kind != "refused" or report is None:
                    raise
                report.problems.append(exc.zh)
                continue
            with self.store.transaction():
                self.store.set_meta(REPORTED + block.id, "1")
            count += 1
        return count


def return_block(store: Store, api: ApiClient, block_id: str) -> list[int]:
    """Close one block and give its unused numbers back; the numbers returned. If the server
    cannot be reached the block stays closed and is reported at the next sync."""
    with store.transaction() as conn:
        unused = numbers.close_block(conn, block_id)
    NumberKeeper(store, api).report_closed()
    return unused


def return_unused(store: Store, api: ApiClient) -> int:
    """Close every open server block and give its unused numbers back (e.g. at logout).
    Returns how many blocks the server recorded; blocks it could not reach are reported at the
    next sync (they stay closed: no number of them is given out any more)."""
    numbers.close_open_blocks(store, numbers.SERVER)
    return NumberKeeper(store, api).report_closed()
