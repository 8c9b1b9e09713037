"""The app's side of sync: an HTTP client for the central server (``ApiClient``) and the run
of one sync (``SyncEngine``): push the outbox, lease document numbers where they run low and
report closed blocks (``sync.leases``), upload attachments (``sync.transfer``), pull what changed
(a bulk snapshot the first time), verify per-table counts and checksums, re-download a table
that does not match.

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

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from inspector_app import APP_VERSION
from inspector_app.messages import Bilingual
from inspector_app.replication import checksums, outbox
from inspector_app.replication import tables as replication
from inspector_app.replication.local import ApplyStats, LocalTables
from inspector_app.store import changelog, migrations
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store
from inspector_app.store.paths import AppPaths
from sync import protocol

Progress = Callable[[str, int, int], None]
# parents before children (a snapshot inserts in this order; local foreign keys hold)
_FIRST = ("officer", "enforcement_certificate", "enterprise", "sync_conflict")
SYNCED_TABLES = _FIRST + tuple(t for t in replication.SPECS if t not in _FIRST)
PUSH_BATCH = 500
META = "sync."


class SyncError(Bilingual):
    """Why a sync could not go on, by cause: offline, auth, revoked, upgrade, not_server,
    server (5xx), refused (4xx), demo, cancelled. ``code``: the server's error code, if any."""

    def __init__(
        self, kind: str, zh: str, en: str, status: int | None = None, code: str = ""
    ) -> None:
        super().__init__(zh, en, code)
        self.kind, self.status = kind, status


@dataclass
class Credentials:
    """What a sign-in leaves on the device (kept in the local store's meta table)."""

    server_url: str
    server_id: str
    user: dict[str, Any]
    access_token: str
    refresh_token: str
    signing_key: str
    access_expires_at: str
    scope: dict[str, Any] = field(default_factory=dict)

    def save(self, store: Store) -> None:
        with store.transaction():
            for name, value in self.__dict__.items():
                store.set_meta(META + name, json.dumps(value, ensure_ascii=False))

    @classmethod
    def load(cls, store: Store) -> Credentials | None:
        values = {}
        for name in cls.__dataclass_fields__:
            raw = store.meta(META + name)
            if raw is None:
                return None
            values[name] = json.loads(raw)
        return cls(**values)

    @staticmethod
    def forget_tokens(store: Store) -> None:
        with store.transaction():
            for name in ("access_token", "refresh_token", "signing_key"):
                store.set_meta(META + name, json.dumps(""))


# -- offline unlock ----------------------------------------------------------------------------

VERIFIER_PARAMS = {"n": 2**15, "r": 8, "p": 1}


def make_verifier(password: str) -> str:
    """A slow salted hash of the password, so the officer can unlock the app offline."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode(), salt=salt, maxmem=256 * 1024 * 1024, dklen=32, **VERIFIER_PARAMS
    )
    return f"scrypt${salt.hex()}${digest.hex()}"


def check_verifier(password: str, verifier: str) -> bool:
    try:
        _, salt, digest = verifier.split("$")
    except ValueError:
        return False
    computed = hashlib.scrypt(
        password.encode(),
        salt=bytes.fromhex(salt),
        dklen=32,
        maxmem=256 * 1024 * 1024,
        **VERIFIER_PARAMS,
    )
    return secrets.compare_digest(computed.hex(), digest)


# -- HTTP --------------------------------------------------------------------------------------


@dataclass
class Connection:
    """Network settings: server URL, proxy, TLS verification (on by default; a CA file can be
    given), timeouts (connect, read) in seconds."""

    server_url: str
    proxy: str = ""
    verify: bool | str = True
    timeout: tuple[float, float] = (5.0, 60.0)


class ApiClient:
    def __init__(
        self,
        connection: Connection,
        device_id: str,
        credentials: Credentials | None = None,
        on_credentials: Callable[[Credentials], None] | None = None,
    ) -> None:
        self.connection = connection
        self.base = connection.server_url.rstrip("/") + protocol.API_PREFIX
        self.device_id = device_id
        self.credentials = credentials
        self.on_credentials = on_credentials
        self.clock_skew_s: float | None = None
        self.http = requests.Session()
        self.http.headers.update(
            {
                protocol.H_PROTOCOL: str(protocol.PROTOCOL_VERSION),
                protocol.H_APP: APP_VERSION,
                protocol.H_SCHEMA: str(migrations.latest_version()),
                protocol.H_DEVICE: device_id,
                "User-Agent": f"FieldInspector/{APP_VERSION}",
            }
        )
        if connection.proxy:
            self.http.proxies = {"http": connection.proxy, "https": connection.proxy}
        self.http.verify = connection.verify

    def close(self) -> None:
        self.http.close()

    # one request, every failure turned into a SyncError by cause

    def request(
        self,
        method: str,
        path: str,
        *,
        signed: bool = True,
        retry_auth: bool = True,
        accept: tuple[int, ...] = (),
        **kwargs: Any,
    ) -> dict[str, Any]:
        """``accept``: error statuses whose (signed) body is an answer, not a failure."""
        response, key = self._exchange(
            method, path, signed=signed, retry_auth=retry_auth, accept=accept, **kwargs
        )
        return self._checked_body(response, key)

    def _exchange(
        self,
        method: str,
        path: str,
        *,
        signed: bool,
        retry_auth: bool,
        accept: tuple[int, ...],
        **kwargs: Any,
    ) -> tuple[requests.Response, bytes | None]:
        """Send one request (refreshing an expired session once); the response and the key its
        signature must verify with."""
        headers = dict(kwargs.pop("headers", {}))
        if self.credentials and self.credentials.access_token:
            headers["Authorization"] = f"Bearer {self.credentials.access_token}"
        try:
            response = self.http.request(
                method, self.base + path, headers=headers, timeout=self.connection.timeout, **kwargs
            )
        except requests.exceptions.SSLError as exc:
            raise SyncError(
                "offline",
                "无法建立安全连接（证书校验失败）。",
                f"Secure connection failed (certificate check): {exc}",
            ) from exc
        except requests.exceptions.RequestException as exc:
            raise SyncError(
                "offline", "无法连接服务器，请检查网络。", f"Cannot reach the server: {exc}"
            ) from exc
        self._note_clock(response)
        if response.status_code == 401 and retry_auth and self.credentials:
            error = _error_code(response)
            if error in ("token_expired", "token_invalid") and self._refresh():
                return self._exchange(
                    method,
                    path,
                    signed=signed,
                    retry_auth=False,
                    accept=accept,
                    headers=headers,
                    **kwargs,
                )
        if response.status_code >= 400 and (
            response.status_code not in accept or _error_code(response)
        ):
            raise self._failure(response)
        key = (
            protocol.unb64(self.credentials.signing_key)
            if (signed and self.credentials and self.credentials.signing_key)
            else None
        )
        return response, key

    def _check_server(self, response: requests.Response) -> None:
        server = response.headers.get(protocol.H_SERVER)
        if not server or (
            self.credentials and self.credentials.server_id and server != self.credentials.server_id
        ):
            raise _not_server()

    def _checked_body(self, response: requests.Response, key: bytes | None) -> dict[str, Any]:
        self._check_server(response)
        not_server = _not_server()
        if key is not None and not protocol.signature_ok(
            key, response.content, response.headers.get(protocol.H_SIGNATURE)
        ):
            raise not_server
        try:
            body = response.json()
        except ValueError as exc:
            raise not_server from exc
        if not isinstance(body, dict):
            raise not_server
        return body

    def _note_clock(self, response: requests.Response) -> None:
        stamp = response.headers.get(protocol.H_TIME)
        if stamp:
            try:
                server_time = dt.datetime.fromisoformat(stamp)
                self.clock_skew_s = (dt.datetime.now(dt.UTC) - server_time).total_seconds()
            except ValueError:
                pass

    def _failure(self, response: requests.Response) -> SyncError:
        try:
            body = response.json()
            message = body.get("message", {})
            zh, en, code = message.get("zh", ""), message.get("en", ""), body.get("error", "")
        except (ValueError, AttributeError):
            zh = en = code = ""
        status = response.status_code
        if not response.headers.get(protocol.H_SERVER):
            return SyncError(
                "not_server",
                "收到的应答不是来自服务器，本次未同步。",
                f"HTTP {status} from something that is not the server.",
                status,
            )
        code = code if isinstance(code, str) else ""
        if code == "device_revoked":
            return SyncError("revoked", zh, en, status, code)
        if status == 426:
            return SyncError("upgrade", zh, en, status, code)
        if status == 401 or code in ("bad_credentials", "account_locked", "user_disabled"):
            return SyncError("auth", zh or "需要重新登录。", en or "Sign in again.", status, code)
        if status >= 500:
            return SyncError(
                "server",
                "服务器暂时出错，稍后会自动重试。",
                f"Server error {status}; will retry.",
                status,
                code,
            )
        return SyncError(
            "refused",
            zh or f"服务器拒绝了请求（{status}）。",
            en or f"The server refused the request ({status}).",
            status,
            code,
        )

    def _refresh(self) -> bool:
        creds = self.credentials
        if creds is None or not creds.refresh_token:
            return False
        try:
            body = self.request(
                "POST",
                "/refresh",
                signed=False,
                retry_auth=False,
                json={"refresh_token": creds.refresh_token, "device_id": self.device_id},
            )
        except SyncError as exc:
            if exc.kind in ("offline", "server", "not_server"):
                raise  # the network failed, not the session: try again later, still signed in
            return False
        creds.access_token = body["access_token"]
        creds.refresh_token = body["refresh_token"]
        creds.signing_key = body["signing_key"]
        creds.access_expires_at = body["access_expires_at"]
        if self.on_credentials:
            self.on_credentials(creds)
        return True

    # the API

    def health(self) -> dict[str, Any]:
        return self.request("GET", "/health", signed=False)

    def login(self, username: str, password: str, device_name: str) -> Credentials:
        previous = self.credentials
        self.credentials = None
        try:
            body = self.request(
                "POST",
                "/login",
                signed=False,
                retry_auth=False,
                json={
                    "username": username,
                    "password": password,
                    "device_id": self.device_id,
                    "device_name": device_name,
                },
            )
        except SyncError:
            self.credentials = previous
            raise
        if previous and previous.server_id and previous.server_id != body["server_id"]:
            raise SyncError(
                "not_server",
                "这不是本机之前同步过的服务器。",
                "This is not the server this device synced with before.",
            )
        self.credentials = Credentials(
            server_url=self.connection.server_url,
            server_id=body["server_id"],
            user=body["user"],
            access_token=body["access_token"],
            refresh_token=body["refresh_token"],
            signing_key=body["signing_key"],
            access_expires_at=body["access_expires_at"],
            scope=body.get("scope", {}),
        )
        return self.credentials

    def me(self) -> dict[str, Any]:
        return self.request("GET", "/me")

    def logout(self) -> None:
        self.request("POST", "/logout")

    def push(self, entries: list[dict[str, Any]]) -> dict[str, Any]:
        """Per-entry results; a 403 (every entry outside what the user may write) carries them
        too, so that each entry is marked rejected with its reason."""
        return self.request("POST", "/push", accept=(403,), json={"entries": entries})

    def pull(self, cursor: int, limit: int = protocol.PULL_PAGE) -> dict[str, Any]:
        return self.request("GET", "/pull", params={"cursor": cursor, "limit": limit})

    def snapshot(
        self, table: str, after: str, limit: int = protocol.SNAPSHOT_PAGE
    ) -> dict[str, Any]:
        return self.request(
            "GET", "/snapshot", params={"table": table, "after": after, "limit": limit}
        )

    def verify(self, tables: list[str]) -> dict[str, Any]:
        return self.request("GET", "/verify", params={"tables": ",".join(tables)})

    # attachments (see sync.server.blobs; the resumable flow is sync.transfer)

    def blob_status(self, sha256: str) -> dict[str, Any]:
        """``{received, complete, size}``: what the server holds of an attachment."""
        return self.request("GET", f"/blobs/{sha256}/status")

    def upload_chunk(
        self, sha256: str, offset: int, data: bytes, total: int | None = None
    ) -> dict[str, Any]:
        params: dict[str, int] = {"offset": offset}
        if total is not None:
            params["total"] = total
        return self.request(
            "PUT",
            f"/blobs/{sha256}",
            params=params,
            data=data,
            headers={
                protocol.H_CHUNK_SHA256: protocol.sha256_hex(data),
                "Content-Type": "application/octet-stream",
            },
        )

    def complete_blob(self, sha256: str, size: int) -> dict[str, Any]:
        return self.request("POST", f"/blobs/{sha256}/complete", json={"size": size})

    def download_chunk(self, sha256: str, offset: int, length: int = protocol.CHUNK_BYTES) -> bytes:
        """Bytes of a complete attachment, checked against the server's signature."""
        response, key = self._exchange(
            "GET",
            f"/blobs/{sha256}",
            signed=True,
            retry_auth=True,
            accept=(),
            params={"offset": offset, "length": length},
        )
        self._check_server(response)
        body = response.content
        if (
            key is None
            or response.headers.get(protocol.H_BLOB_OFFSET) != str(offset)
            or len(body) > length
            or not protocol.signature_ok(
                key,
                protocol.blob_signed_bytes(sha256, offset, body),
                response.headers.get(protocol.H_SIGNATURE),
            )
        ):
            raise _not_server()
        return body

    # document numbers (see sync.server.numbers; the sync step is sync.leases)

    def lease_numbers(
        self, doc_type: str, authority: str, year: int, size: int, lease_id: str
    ) -> dict[str, Any]:
        return self.request(
            "POST",
            "/numbers/lease",
            json={
                "doc_type": doc_type,
                "authority": authority,
                "year": year,
                "size": size,
                "lease_id": lease_id,
            },
        )

    def return_numbers(self, lease_id: str, unused: list[int]) -> dict[str, Any]:
        return self.request(
            "POST", "/numbers/return", json={"lease_id": lease_id, "unused": unused}
        )

    def report_local_numbers(
        self,
        block_id: str,
        doc_type: str,
        authority: str,
        year: int,
        first: int,
        last: int,
        unused: list[int],
    ) -> dict[str, Any]:
        return self.request(
            "POST",
            "/numbers/local",
            json={
                "block_id": block_id,
                "doc_type": doc_type,
                "authority": authority,
                "year": year,
                "first": first,
                "last": last,
                "unused": unused,
            },
        )


def _not_server() -> SyncError:
    return SyncError(
        "not_server",
        "收到的应答不是来自服务器（可能是需要网页登录的无线网络），本次未同步。",
        "The answer did not come from the server (perhaps a Wi-Fi login page); nothing was synced.",
    )


def _error_code(response: requests.Response) -> str:
    try:
        return str(response.json().get("error", ""))
    except (ValueError, AttributeError):
        return ""


# -- one sync ----------------------------------------------------------------------------------


@dataclass
class SyncReport:
    pushed: dict[str, int] = field(default_factory=dict)
    pulled: int = 0
    snapshot: dict[str, int] = field(default_factory=dict)
    redownloaded: list[str] = field(default_factory=list)
    deleted: int = 0
    problems: list[str] = field(default_factory=list)
    clock_skew_s: float | None = None
    server_seq: int = 0
    uploaded: int = 0  # attachments the server confirmed in this run
    uploaded_bytes: int = 0
    leased: int = 0  # blocks of document numbers leased
    numbers_returned: int = 0  # closed blocks the server recorded

    @property
    def clock_warning(self) -> bool:
        return self.clock_skew_s is not None and abs(self.clock_skew_s) > (
            protocol.CLOCK_SKEW_WARNING_S
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
    ) -> None:
        """``attachments_dir`` defaults to the data folder's (``AppPaths``, beside the
        database); ``number_threshold``/``lease_size``: a series with fewer numbers left gets
        a new block of that size."""
        self.store = store
        self.tables = tables
        self.api = api
        self.progress = progress or (lambda _stage, _done, _total: None)
        self.should_stop = should_stop or (lambda: False)
        self.attachments_dir = attachments_dir or AppPaths(store.path.parent).attachments_dir
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
            raise SyncError(
                "demo",
                "演示数据库不能与服务器同步，请换用新的数据文件夹。",
                "A demo database cannot sync with a server; use a new data folder.",
            )
        report = SyncReport()
        self.api.on_credentials = self._keep_renewed
        try:
            self.push(report)
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
        total = changelog.pending_count(self.store.conn)
        done = 0
        sent_held: set[str] = set()
        while True:
            self._check_stop()
            batch = [
                e
                for e in outbox.outbox(self.store.conn, self.tables, PUSH_BATCH)
                if e["entry_id"] not in sent_held
            ]
            if not batch:
                return
            answer = self.api.push(batch)
            results = answer.get("results", [])
            by_id = {r.get("entry_id") for r in results}
            if not all(e["entry_id"] in by_id for e in batch):
                raise SyncError(
                    "server",
                    "服务器应答不完整，稍后重试。",
                    "Incomplete answer from the server; will retry.",
                )
            counts = outbox.mark(self.store, results)
            for key, value in counts.items():
                report.pushed[key] = report.pushed.get(key, 0) + value
            sent_held |= {r["entry_id"] for r in results if r.get("status") == protocol.HELD}
            done += len(batch)
            self.progress("push", done, total)

    # document numbers and attachments (their own modules build on ApiClient, hence the
    # imports here)

    def numbers(self, report: SyncReport) -> None:
        from sync.leases import NumberKeeper

        self._check_stop()
        NumberKeeper(self.store, self.api, self.number_threshold, self.lease_size).run(report)

    def upload(self, report: SyncReport) -> None:
        """Attachments after the records that name them; progress ("upload", bytes, total)."""
        from sync.transfer import Transfers

        Transfers(
            self.store, self.api, self.attachments_dir, self.progress, self.should_stop
        ).upload_pending(report)

    # snapshot and pull

    def first_snapshot(self, report: SyncReport) -> None:
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
                report.problems.extend(stats.problems)
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
            stats = self.apply_page(page["records"], cursor)
            report.pulled += len(page["records"])
            report.problems.extend(stats.problems)
            report.server_seq = int(page["server_seq"])
            self.progress("pull", report.pulled, 0)
            if not page["more"]:
                return

    def apply_page(self, items: list[dict[str, Any]], cursor: int) -> ApplyStats:
        """Apply one pulled page and move the cursor, in one transaction."""
        stats = ApplyStats()
        with UnitOfWork(self.store, self.author, origin="remote") as uow:
            for item in items:
                if item["table"] in replication.SPECS:
                    self.tables.apply(uow, item["table"], item["id"], item["data"], stats)
            self.store.set_meta(META + "cursor", str(cursor))
        return stats

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
                report.deleted += self.redownload(table, report)

    def redownload(self, table: str, report: SyncReport) -> int:
        """Fetch the table whole again; remove local copies the server no longer shows this
        device (never this device's own records that the server has not accepted)."""
        with self.store.transaction():
            self.store.set_meta(META + f"snapshot.{table}", "{}")
        seen: set[str] = set()
        self.snapshot(table, report, seen)
        keep = outbox.local_only_ids(self.store.conn, table)
        gone = [i for i in self.tables.ids(self.store.conn, table) if i not in seen | keep]
        if gone:
            with UnitOfWork(self.store, self.author, origin="remote") as uow:
                for record_id in gone:
                    self.tables.delete(uow, table, record_id)
        return len(gone)
