"""One sync of the app (``SyncEngine``) over the server's API (``sync.api``): push the outbox,
lease document numbers where they run low and report closed blocks (``sync.leases``), upload
attachments (``sync.transfer``), pull what changed (a bulk snapshot the first time), verify
per-table counts and checksums, re-download a table that does not match.

No Qt here: the app runs ``SyncEngine.run`` on a background thread and shows its progress.

Rules that keep evidence safe:

* An answer counts only if it carries the server's signature (a captive portal's 200 does
  not); otherwise nothing is marked as sent.
* Each pulled page is applied and its cursor saved in one local transaction, so a dropped link
  resumes where it stopped; pushes are idempotent on the server, so a retry after a timeout
  never duplicates.
* Nothing local is deleted because an upload failed; rejected entries keep their reason.
* An expired session never blocks local work: the next sync asks for the password again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from inspector_app.replication import checksums, conflicts, outbox, quarantine
from inspector_app.replication import tables as replication
from inspector_app.replication.local import ApplyStats, LocalTables
from inspector_app.store import audit, changelog
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store
from inspector_app.store.paths import AppPaths
from sync import protocol, ready
from sync.api import META, ApiClient, Credentials, SyncError
from sync.leases import NumberKeeper
from sync.report import Progress, SyncReport
from sync.transfer import Transfers

# parents before children (a snapshot inserts in this order; local foreign keys hold)
_FIRST = ("officer", "enforcement_certificate", "enterprise", "sync_conflict")
SYNCED_TABLES = _FIRST + tuple(t for t in replication.SPECS if t not in _FIRST)
PUSH_BATCH = 500
# a table that differs from the server's is compared in at most this many id ranges (of at
# least 64 records each) and only the ranges that differ are downloaded again
REPAIR_RANGES = 1024


AUDIT_BATCH = 1000  # audit rows per checkpoint request (the server takes up to 2,000)


def demo_refusal() -> SyncError:
    """Why a demo store never syncs, as the sync page and the engine say it."""
    return SyncError(
        "demo",
        "这是演示数据库：其中的企业、执法人员和案件都是虚构的，为免混入真实数据，不能与服务器"
        "同步。要同步，请换用新的数据文件夹（--basedir）后登录。",
        "This is a demo database: its enterprises, officers and cases are invented, so it never "
        "syncs with a server (they would mix with real records). To sync, use a new data folder "
        "(--basedir) and sign in.",
    )


class SyncEngine:
    def __init__(
        self,
        store: Store,
        tables: LocalTables,
        api: ApiClient,
        progress: Progress | None = None,
        should_stop: Callable[[], bool] | None = None,
        attachments_dir: Path | None = None,
        number_threshold: int = 20,
        lease_size: int = 100,
        use_ready: bool = True,
    ) -> None:
        """``attachments_dir`` defaults to the data folder's (``AppPaths``, beside the
        database); ``number_threshold``/``lease_size``: a series with fewer numbers left gets
        a new block of that size; ``use_ready``: a first sync may take the server's ready
        database (``sync.ready``; off: the ordinary snapshot only)."""
        self.store = store
        self.tables = tables
        self.api = api
        self.progress = progress or (lambda _stage, _done, _total: None)
        self.should_stop = should_stop or (lambda: False)
        self.attachments_dir = attachments_dir or AppPaths(store.path.parent).attachments_dir
        self.ready_dir = store.path.parent / "ready"  # a ready database while it downloads
        self.use_ready = use_ready
        self.number_threshold = number_threshold
        self.lease_size = lease_size
        self.author = api.credentials.user.get("id", "sync") if api.credentials else "sync"
        # a refresh may happen on a helper thread (prefetch): keep the new credentials and
        # save them here, on the thread that owns the store
        self._renewed: Credentials | None = None
        self._on_credentials = api.on_credentials

    def _keep_renewed(self, creds: Credentials) -> None:
        self._renewed = creds

    def _save_renewed(self) -> None:
        creds, self._renewed = self._renewed, None
        if creds is not None and self._on_credentials is not None:
            self._on_credentials(creds)

    def _check_stop(self) -> None:
        self._save_renewed()
        if self.should_stop():
            raise SyncError(
                "cancelled",
                "同步已取消（已完成的部分已保存）。",
                "Sync cancelled (what was done is kept).",
            )

    def run(self) -> SyncReport:
        if self.store.meta("demo"):
            raise demo_refusal()
        report = SyncReport()
        self.api.on_credentials = self._keep_renewed
        try:
            self.push(report)
            self.checkpoints(report)
            self.numbers(report)
            self.upload(report)
            if self.store.meta(META + "cursor") is None:
                self.first_snapshot(report)
            self.pull(report)
            self.verify(report)
        finally:
            self.api.on_credentials = self._on_credentials
            self._save_renewed()
        report.clock_skew_s = self.api.clock_skew_s
        with self.store.transaction():
            self.store.set_meta(META + "last_sync", self.store.clock.timestamp())
        return report

    # push

    def push(self, report: SyncReport) -> None:
        tampered = outbox.log_tampering(self.store.conn)
        if tampered is not None:
            raise SyncError(
                "tampered",
                "本机的修改记录（变更日志）已被改动，为保全证据不再上传。请联系管理员。"
                f"（{tampered}）",
                f"The local change log was tampered with ({tampered}); nothing is pushed. "
                "Contact your administrator.",
            )
        total = changelog.pending_count(self.store.conn)
        done = 0
        sent_held: set[str] = set()
        asked_again = False
        while True:
            self._check_stop()
            # read past the entries already answered held in this push: a batch's worth of
            # them must not keep the newer changes from ever being sent
            # one more than a batch: whether its last transaction goes on beyond it
            batch = outbox.whole_transactions(
                [
                    e
                    for e in outbox.outbox(
                        self.store.conn, self.tables, PUSH_BATCH + len(sent_held) + 1
                    )
                    if e["entry_id"] not in sent_held
                ],
                PUSH_BATCH,
            )
            if not batch and sent_held and not asked_again:
                # entries held for a parent pushed after them (records moved by a merge):
                # asked once more, so that those the parent released are answered now
                asked_again, sent_held = True, set()
                continue
            if not batch:
                return
            try:
                answer = self.api.push(batch)
            except SyncError as exc:
                if exc.kind == "revoked":
                    self.hand_in()
                raise
            results = answer.get("results", [])
            by_id = {r.get("entry_id") for r in results}
            if not all(e["entry_id"] in by_id for e in batch):
                raise SyncError(
                    "server",
                    "服务器应答不完整，稍后重试。",
                    "Incomplete answer from the server; will retry.",
                )
            counts = outbox.mark(self.store, results)
            for result in results:
                if isinstance(result.get("reason"), dict):
                    self._remember_names(result["reason"].get("names"))
            report.undone += self._undo_overruled(batch, results)
            for key, value in counts.items():
                report.pushed[key] = report.pushed.get(key, 0) + value
            sent_held |= {r["entry_id"] for r in results if r.get("status") == protocol.HELD}
            done += len(batch)
            self.progress("push", done, total)

    def hand_in(self) -> int:
        """This device was revoked: hand every pending change in to the server's quarantine,
        where an administrator decides on it (``sync.server.quarantine``); each is marked as
        the server answers (held for review, or the decision once made). Nothing is pulled and
        nothing is deleted here. Returns the number handed in; a failure to reach the server
        leaves them pending for the next attempt."""
        entries = outbox.outbox(
            self.store.conn, self.tables, max(1, changelog.pending_count(self.store.conn))
        )
        for start in range(0, len(entries), PUSH_BATCH):
            batch = entries[start : start + PUSH_BATCH]
            try:
                answer = self.api.hand_in(batch)
            except SyncError:
                return start  # told as revoked anyway; tried again at the next sync
            results = answer.get("results", [])
            by_id = {r.get("entry_id") for r in results}
            if not all(e["entry_id"] in by_id for e in batch):
                return start
            outbox.mark(self.store, results)
        return len(entries)

    def _undo_overruled(self, batch: list[dict[str, Any]], results: list[dict[str, Any]]) -> int:
        """A record change refused because the conflict it resolved was resolved otherwise
        first: put the record back as the server has it (the refusal stays listed)."""
        refused = {
            r.get("entry_id")
            for r in results
            if r.get("status") == protocol.REJECTED
            and isinstance(r.get("reason"), dict)
            and r["reason"].get("code") == conflicts.OVERRULED
        }
        undo = [
            e
            for e in batch
            if e["entry_id"] in refused and e["op"] == "update" and e["table"] != "sync_conflict"
        ]
        if not undo:
            return 0
        with UnitOfWork(self.store, self.author, origin="remote") as uow:
            return sum(
                conflicts.undo_overruled(uow, self.tables, e["table"], e["record_id"], e["changes"])
                for e in undo
            )

    def _remember_names(self, names: Any) -> None:
        """Keep the display names the server sent with an answer (the sync page shows them)."""
        if names:
            with self.store.transaction() as conn:
                conflicts.remember_names(conn, names)

    def checkpoints(self, report: SyncReport) -> None:
        """Have the server sign the local audit chain's head (``store.audit``): the rows it
        does not hold yet are sent from its own count, so a lost answer is simply resent; each
        signed head is checked against the local row at that count and kept."""
        conn = self.store.conn
        if not audit.enabled(conn):
            return
        held = self.api.audit_head()
        self._keep_signed(held)
        after = int(held.get("count") or 0)
        while True:
            self._check_stop()
            rows = audit.rows(conn, after, AUDIT_BATCH)
            if not rows:
                return
            answer = self.api.audit_checkpoint(rows)
            self._keep_signed(answer)
            signed = int(answer.get("count") or 0)
            if signed <= after:
                raise SyncError(
                    "server",
                    "服务器没有签收本机的审计记录，稍后重试。",
                    "The server did not sign the audit rows; will retry.",
                )
            report.audit_signed += signed - after
            after = signed

    def _keep_signed(self, answer: dict[str, Any]) -> None:
        if not answer.get("signature") or int(answer.get("count") or 0) <= audit.last_checkpoint(
            self.store.conn
        ):
            return
        try:
            with self.store.transaction() as conn:
                audit.keep_answer(conn, answer)
        except ValueError as exc:
            raise SyncError(
                "integrity",
                "服务器签收的审计链与本机的不一致，可能被改动过。请联系管理员。",
                f"The audit chain the server signed differs from this laptop's ({exc}). "
                "Contact your administrator.",
            ) from exc

    # document numbers and attachments (their own modules, on the same API client)

    def numbers(self, report: SyncReport) -> None:
        self._check_stop()
        NumberKeeper(self.store, self.api, self.number_threshold, self.lease_size).run(report)

    def upload(self, report: SyncReport) -> None:
        """Attachments after the records that name them; progress ("upload", bytes, total)."""
        Transfers(
            self.store, self.api, self.attachments_dir, self.progress, self.should_stop
        ).upload_pending(report)

    # snapshot and pull

    def first_snapshot(self, report: SyncReport) -> None:
        """The registry from the server's ready database when it has one (``sync.ready``:
        those tables' snapshots are then done at its sequence number), the rest page by page."""
        if self.use_ready:
            ready.first_sync(
                self.store, self.api, self.ready_dir, report, self.progress, self._check_stop
            )
        start_seq = None
        for table in SYNCED_TABLES:
            seq = self.snapshot(table, report)
            start_seq = seq if start_seq is None else min(start_seq, seq)
        with self.store.transaction():
            self.store.set_meta(META + "cursor", str(start_seq or 0))

    def snapshot(self, table: str, report: SyncReport, seen: set[str] | None = None) -> int:
        """Download one table whole, page by page; each page commits together with the position
        reached, so a dropped link resumes after the last page. The next page is fetched while
        the current one is written. Into an empty table the indexes are built once, with the
        last page. Collects the ids into ``seen``. Returns the server's sequence number at the
        start."""
        key = META + f"snapshot.{table}"
        state = json.loads(self.store.meta(key) or "{}")
        after, start_seq = state.get("after", ""), state.get("seq")
        received = state.get("received", 0)
        if state.get("done"):
            return int(start_seq)
        rebuild = state.get("rebuild")
        if rebuild is None:
            rebuild = self.tables.begin_bulk_load(self.store, table)
        with ThreadPoolExecutor(1, thread_name_prefix="prefetch") as fetcher:
            upcoming = fetcher.submit(self.api.snapshot, table, after)
            while True:
                self._check_stop()
                page = upcoming.result()
                done = not page["more"]
                if not done:
                    upcoming = fetcher.submit(self.api.snapshot, table, page["after"])
                if start_seq is None:
                    start_seq = page["server_seq"]
                items = [(row[0], row[1]) for row in page["rows"]]
                if seen is not None:
                    seen.update(i for i, _ in items)
                received += len(items)
                after = page["after"]
                position = json.dumps(
                    {
                        "after": after,
                        "seq": start_seq,
                        "received": received,
                        "done": done,
                        "rebuild": [] if done else rebuild,
                    }
                )
                stats = self.tables.load(
                    self.store,
                    table,
                    items,
                    self.author,
                    {key: position},
                    snapshot=True,
                    rebuild=rebuild if done else (),
                )
                self._remember_names(page.get("names"))
                report.problems.extend(stats.problems)
                report.released += stats.released
                report.snapshot[table] = received
                self.progress(f"snapshot:{table}", received, 0)
                if done:
                    return int(start_seq)

    def pull(self, report: SyncReport) -> None:
        cursor = int(self.store.meta(META + "cursor") or 0)
        while True:
            self._check_stop()
            page = self.api.pull(cursor)
            cursor = int(page["cursor"])
            stats = self.apply_page(page["records"], cursor, page.get("names"))
            report.pulled += len(page["records"])
            report.problems.extend(stats.problems)
            report.released += stats.released
            report.server_seq = int(page["server_seq"])
            self.progress("pull", report.pulled, 0)
            if not page["more"]:
                self.retry_set_aside(report)
                return

    def apply_page(self, items: list[dict[str, Any]], cursor: int, names: Any = None) -> ApplyStats:
        """Apply one pulled page and move the cursor, in one transaction. A record the server
        withdrew is removed (and no longer set aside); one that cannot be stored is set
        aside (``quarantine``) and the page goes on. ``names``: the display names of the
        people the page's conflicts name."""
        stats = ApplyStats()
        with UnitOfWork(self.store, self.author, origin="remote") as uow:
            conflicts.remember_names(uow.conn, names)
            for item in items:
                table, record_id = item.get("table"), item.get("id")
                if table not in replication.SPECS or not isinstance(record_id, str):
                    continue
                if item.get("withdrawn"):
                    self.tables.delete(uow, table, record_id)
                    quarantine.release(uow.conn, table, record_id)
                    continue
                self.tables.apply(uow, table, record_id, item.get("data"), stats)
            self.store.set_meta(META + "cursor", str(cursor))
        return stats

    def retry_set_aside(self, report: SyncReport) -> None:
        """Try again the records set aside (parents first): what now applies leaves the list."""
        waiting = quarantine.listed(self.store.conn)
        if not waiting:
            report.set_aside = 0
            return
        order = {t: i for i, t in enumerate(SYNCED_TABLES)}
        waiting.sort(key=lambda r: (order.get(r.table_name, len(order)), r.first_seen))
        stats = ApplyStats(open_quarantine=True)
        with UnitOfWork(self.store, self.author, origin="remote") as uow:
            for record in waiting:
                if record.table_name in replication.SPECS:
                    self.tables.apply(uow, record.table_name, record.record_id, record.data, stats)
        report.released += stats.released
        report.set_aside = quarantine.count(self.store.conn)

    # verify

    def verify(self, report: SyncReport, attempts: int = 3) -> None:
        """Compare counts and checksums with the server's at the same sequence number; a
        table that differs is downloaded again. If other devices keep committing meanwhile,
        pull and compare again (a few times), rather than download a table for nothing."""
        tables = list(SYNCED_TABLES)
        for _attempt in range(attempts):
            with ThreadPoolExecutor(1, thread_name_prefix="verify") as asker:
                answer = asker.submit(self.api.verify, tables)  # the server counts meanwhile
                local = checksums.checksums(self.store, tables)
                result = answer.result()
            cursor = int(self.store.meta(META + "cursor") or 0)
            if int(result.get("server_seq", cursor)) == cursor:
                break
            self.pull(report)  # the server moved on while we compared: catch up, compare again
        else:
            report.problems.append("verification skipped: the server kept changing")
            return
        remote = result["tables"]
        for table in tables:
            if remote[table] != local[table]:
                report.redownloaded.append(table)
                report.deleted += self.repair(table, report)

    def repair(self, table: str, report: SyncReport) -> int:
        """Download again only the id ranges where the table differs from the server's: both
        sides sum their records' hashes per range (cut at this device's ids), and each range
        that differs is fetched and what the server no longer shows is removed. Returns how
        many local copies were removed."""
        count = int(self.store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        bounds = checksums.range_bounds(self.store, table, min(REPAIR_RANGES, count // 64))
        with ThreadPoolExecutor(1, thread_name_prefix="verify") as asker:
            answer = asker.submit(self.api.verify_ranges, table, bounds)
            local = checksums.range_checksums(self.store, table, bounds)
            remote = answer.result()["ranges"]
        edges: list[str | None] = [None, *bounds, None]
        # a page a little longer than a range: one request a range
        page = min(protocol.SNAPSHOT_PAGE, count // (len(bounds) + 1) + 64)
        removed = 0
        for i, (mine, theirs) in enumerate(zip(local, remote, strict=True)):
            self._check_stop()
            if mine != theirs:
                removed += self._download_range(table, edges[i], edges[i + 1], report, page)
        return removed

    def _download_range(
        self, table: str, low: str | None, high: str | None, report: SyncReport, limit: int
    ) -> int:
        """Fetch the records of ids in (low, high] page by page; remove local copies in the
        range the server no longer shows this device (never its own records the server has
        not accepted)."""
        seen: set[str] = set()
        after = low or ""
        while True:
            page = self.api.snapshot(table, after, limit)
            rows = [(r[0], r[1]) for r in page["rows"] if high is None or r[0] <= high]
            seen.update(i for i, _ in rows)
            stats = self.tables.load(self.store, table, rows, self.author)
            report.problems.extend(stats.problems)
            report.released += stats.released
            report.repaired[table] = report.repaired.get(table, 0) + len(rows)
            if len(rows) < len(page["rows"]) or not page["more"]:
                break
            after = page["after"]
        inside = "id > ?" if low is not None else "1"
        inside += " AND id <= ?" if high is not None else ""
        args = [a for a in (low, high) if a is not None]
        local = {
            r[0] for r in self.store.conn.execute(f"SELECT id FROM {table} WHERE {inside}", args)
        }
        keep = outbox.local_only_ids(self.store.conn, table)
        gone = sorted(local - seen - keep)
        aside = [
            r.record_id
            for r in quarantine.listed(self.store.conn)
            if r.table_name == table
            and r.record_id not in seen
            and (low is None or r.record_id > low)
            and (high is None or r.record_id <= high)
        ]
        if gone or aside:
            with UnitOfWork(self.store, self.author, origin="remote") as uow:
                for record_id in gone:
                    self.tables.delete(uow, table, record_id)
                for record_id in aside:
                    quarantine.release(uow.conn, table, record_id)
        return len(gone)

    def redownload(self, table: str, report: SyncReport) -> int:
        """Fetch the table whole again; remove local copies the server no longer shows this
        device (never this device's own records that the server has not accepted)."""
        with self.store.transaction():
            self.store.set_meta(META + f"snapshot.{table}", "{}")
        seen: set[str] = set()
        self.snapshot(table, report, seen)
        known = seen | outbox.local_only_ids(self.store.conn, table)  # once, not once a row
        gone = [i for i in self.tables.ids(self.store.conn, table) if i not in known]
        aside = [
            r.record_id
            for r in quarantine.listed(self.store.conn)
            if r.table_name == table and r.record_id not in seen
        ]
        if gone or aside:
            with UnitOfWork(self.store, self.author, origin="remote") as uow:
                for record_id in gone:
                    self.tables.delete(uow, table, record_id)
                for record_id in aside:
                    quarantine.release(uow.conn, table, record_id)
        return len(gone)
