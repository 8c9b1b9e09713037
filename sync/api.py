"""The HTTP side of sync: the client of the central server's API (``ApiClient``), the sign-in
it keeps (``Credentials``) and the offline unlock.

An answer counts only if it carries the server's signature (a captive portal's 200 does not);
versions travel in every request and an expired session asks for the password again without
ever blocking local work.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import ipaddress
import json
import secrets
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

from inspector_app import APP_VERSION
from inspector_app.messages import Bilingual
from inspector_app.store import migrations
from inspector_app.store.database import Store
from sync import protocol

META = "sync."


def _closed_before_answer(exc: BaseException) -> bool:
    """A connection closed or reset by the other end before any of the answer arrived
    (urllib3's "Connection aborted." with ``RemoteDisconnected`` or ``ConnectionResetError``),
    as opposed to a timeout, a refused connection or an answer cut short."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, http.client.RemoteDisconnected | ConnectionResetError):
            return True
        for arg in current.args:
            if isinstance(arg, BaseException) and _closed_before_answer(arg):
                return True
        current = current.__cause__ or current.__context__
    return False


class SyncError(Bilingual):
    """Why a sync could not go on, by cause: offline, auth, revoked, upgrade, not_server,
    server (5xx), refused (4xx), demo, cancelled, tampered (the local change log), insecure
    (plain ``http://`` to another machine: nothing is sent). ``code``:
    the server's error code, if any."""

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


def verification(connection: Connection) -> bool | str:
    """What TLS checks the server's certificate against: the CA file of the settings, else the
    system's. Certificate checks cannot be turned off (``verify=False`` counts as on)."""
    if isinstance(connection.verify, str) and connection.verify:
        return connection.verify
    return True


def refuse_plain_remote(url: str) -> None:
    """Plain ``http://`` only to this machine (tests, a server on the laptop): to any other
    host the password and tokens would cross the network in clear, so nothing is sent."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http":
        return
    host = (parts.hostname or "").strip("[]")
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        raise SyncError(
            "insecure",
            f"服务器地址“{parts.netloc}”未加密（http://），为保护密码和数据不予连接，"
            "请使用 https:// 地址。",
            f"The server address {parts.netloc} is not encrypted (http://): nothing was sent; "
            "use an https:// address.",
        )


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
        self.http.verify = verification(connection)

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

    def _send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """One request, sent once more on a new connection when the connection it went out on
        was closed by the server before any answer began (a kept-alive connection the server
        let go just as the request left: after a laptop slept, say). Every call of the API may
        be repeated: pushes, chunks and hand-ins carry their ids and offsets, so one the server
        did take is answered the same the second time."""
        try:
            return self.http.request(method, url, **kwargs)
        except requests.exceptions.ConnectionError as exc:
            if not _closed_before_answer(exc):
                raise
        return self.http.request(method, url, **kwargs)

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
        refuse_plain_remote(self.base)
        headers = dict(kwargs.pop("headers", {}))
        # given with each request, a CA file of the settings is not replaced by the
        # environment's (requests lets REQUESTS_CA_BUNDLE override a session-wide one)
        kwargs.setdefault("verify", self.http.verify)
        if self.credentials and self.credentials.access_token:
            headers["Authorization"] = f"Bearer {self.credentials.access_token}"
        try:
            response = self._send(
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
        body = _json_of(response)
        if not isinstance(body, dict):
            raise not_server
        return body

    def _note_clock(self, response: requests.Response) -> None:
        stamp = response.headers.get(protocol.H_TIME)
        if stamp:
            try:
                server_time = dt.datetime.fromisoformat(stamp)
            except ValueError:
                return
            if server_time.tzinfo is None:  # cut short on the way (no offset): not the server's
                return
            self.clock_skew_s = (dt.datetime.now(dt.UTC) - server_time).total_seconds()

    def _failure(self, response: requests.Response) -> SyncError:
        body = _json_of(response)
        body = body if isinstance(body, dict) else {}
        message = body.get("message")
        message = message if isinstance(message, dict) else {}
        zh, en = _text(message.get("zh")), _text(message.get("en"))
        code = _text(body.get("error"))
        status = response.status_code
        if not response.headers.get(protocol.H_SERVER):
            return SyncError(
                "not_server",
                "收到的应答不是来自服务器，本次未同步。",
                f"HTTP {status} from something that is not the server.",
                status,
            )
        # the server words these two itself; an answer cut short still says what happened
        if code == "device_revoked":
            return SyncError(
                "revoked",
                zh or "本机已被管理员停用，无法同步。本机数据仍保留，请联系管理员。",
                en
                or "This device was revoked by an administrator and cannot sync. Local data "
                "is kept; contact your administrator.",
                status,
                code,
            )
        if status == 426:
            return SyncError(
                "upgrade",
                zh or "软件版本过旧，请升级到最新版本后再同步。本机数据仍保留。",
                en or "This app version is too old: please upgrade, then sync. Local data is kept.",
                status,
                code,
            )
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
        session = _session_of(body)
        creds.access_token = session["access_token"]
        creds.refresh_token = session["refresh_token"]
        creds.signing_key = session["signing_key"]
        creds.access_expires_at = session["access_expires_at"]
        if self.on_credentials:
            self.on_credentials(creds)
        return True

    # the API

    def health(self) -> dict[str, Any]:
        return self.request("GET", "/health", signed=False)

    def login(self, username: str, password: str, device_name: str) -> Credentials:
        """Sign in; on any failure the session held before stays (a sign-in to another
        server, or an answer without a session, replaces nothing)."""
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
            session = _session_of(body, "server_id")
            user, scope = body.get("user"), body.get("scope", {})
            if not isinstance(user, dict) or not isinstance(scope, dict):
                raise _incomplete()
            if previous and previous.server_id and previous.server_id != session["server_id"]:
                raise SyncError(
                    "not_server",
                    "这不是本机之前同步过的服务器。",
                    "This is not the server this device synced with before.",
                )
        except SyncError:
            self.credentials = previous
            raise
        self.credentials = Credentials(
            server_url=self.connection.server_url, user=user, scope=scope, **session
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

    def hand_in(self, entries: list[dict[str, Any]]) -> dict[str, Any]:
        """A revoked device's pending changes, handed in to be held for an administrator's
        review (``sync.server.quarantine``): per-entry results like a push's."""
        return self.request("POST", "/quarantine", retry_auth=False, json={"entries": entries})

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

    def verify_ranges(self, table: str, bounds: list[str]) -> dict[str, Any]:
        """Count and checksum of each range of ids between ``bounds`` (``sync.server.ranges``)."""
        return self.request("POST", "/verify/ranges", json={"table": table, "bounds": bounds})

    def audit_head(self) -> dict[str, Any]:
        """The head of this device's audit chain the server holds and signed (count 0: none)."""
        return self.request("GET", "/audit/head")

    def audit_checkpoint(self, rows: list[dict[str, Any]]) -> dict[str, Any]:
        """Send the chain's next rows; the answer is the new signed head."""
        return self.request("POST", "/audit/checkpoint", json={"rows": rows})

    def monthly_report(self, year: int, month: int) -> dict[str, Any]:
        """The server's monthly penalty report over the user's units (``reports.monthly_wire``
        JSON: read it with ``monthly_wire.from_wire``)."""
        return self.request("GET", "/reports/monthly", params={"year": year, "month": month})

    # the first sync's ready database (see sync.server.ready; the flow is sync.ready)

    def ready(self) -> dict[str, Any]:
        """The manifest of the scope's ready database (``available`` false: none to use)."""
        return self.request("GET", "/ready")

    def ready_file(self, sha256: str, offset: int) -> requests.Response:
        """The ready database's bytes from ``offset`` on, streamed (HTTP Range); the caller
        checks them against the manifest's hash, which came signed."""
        range_header = {"Range": f"bytes={offset}-"} if offset else {}
        response, _key = self._exchange(
            "GET",
            f"/ready/{sha256}",
            signed=False,
            retry_auth=True,
            accept=(),
            stream=True,
            headers=range_header,
        )
        self._check_server(response)
        return response

    # attachments (see sync.server.blobs; the resumable flow is sync.transfer)

    def blobs_wanted(self) -> list[str]:
        """The attachments whose copy on the server is damaged and that a record this device
        may read names: a device holding one sends it again."""
        found = self.request("GET", "/wanted-blobs").get("wanted")
        if not isinstance(found, list) or not all(isinstance(s, str) for s in found):
            raise SyncError(
                "server",
                "服务器应答格式错误（待重传附件）。",
                "Malformed answer from the server (attachments wanted).",
            )
        return [str(s) for s in found]

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


SESSION = ("access_token", "refresh_token", "signing_key", "access_expires_at")


def _session_of(body: dict[str, Any], *more: str) -> dict[str, str]:
    """The session a sign-in or a refresh gives: each field a text, the signing key one the
    answers can be checked with (an answer without them signs nobody in)."""
    session = {name: body.get(name) for name in (*more, *SESSION)}
    texts = {name: value for name, value in session.items() if isinstance(value, str) and value}
    if len(texts) != len(session):
        raise _incomplete()
    try:
        key = protocol.unb64(texts["signing_key"])
    except ValueError:
        raise _incomplete() from None
    if len(key) < 16:
        raise _incomplete()
    return texts


def _incomplete() -> SyncError:
    return SyncError(
        "server",
        "服务器的登录应答不完整，本次未同步，稍后会自动重试。",
        "The server's sign-in answer is incomplete; nothing was synced, will retry.",
    )


def _error_code(response: requests.Response) -> str:
    body = _json_of(response)
    return _text(body.get("error")) if isinstance(body, dict) else ""


def _json_of(response: requests.Response) -> Any:
    """The body as JSON, or None when it is not JSON (or is nested deeper than any answer of
    the server: the parser would run out of stack)."""
    try:
        return response.json()
    except (ValueError, RecursionError):
        return None


MAX_TEXT = 2000


def _text(value: object) -> str:
    """A text of the server's answer as it can be shown and logged: a string, cut to
    ``MAX_TEXT`` characters, without the lone surrogates JSON can carry; else ""."""
    if not isinstance(value, str):
        return ""
    return value[:MAX_TEXT].encode("utf-8", "replace").decode("utf-8").strip()
