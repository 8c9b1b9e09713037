"""The HTTP API of the central server (FastAPI over SQLAlchemy Core), versioned under /api/v1.

Every answer is JSON with ``X-FI-Server`` and ``X-FI-Time``; once a device is signed in, answers
are signed (``X-FI-Signature``). Bad input of any kind is a 4xx with a message naming the
problem, never a 500. Requests older than the minimum protocol get 426 "please upgrade".
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field, field_validator
from sqlalchemy import Engine, select
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from inspector_app import APP_VERSION
from inspector_app.registry import jurisdictions
from inspector_app.registry.entries import Registry
from inspector_app.registry.rules import Classifications
from inspector_app.replication.tables import SPECS
from inspector_app.store import migrations as client_migrations
from inspector_app.store.paths import default_basedir
from sync import protocol
from sync.protocol import API_PREFIX, canonical
from sync.server import (
    audit,
    auth,
    blobs,
    db,
    numbers,
    openapi,
    quarantine,
    ranges,
    ready,
    records,
    reports,
    scope,
)
from sync.server import names as people
from sync.server import push as pushes
from sync.server.api import Api, ApiError
from sync.server.auth import AuthError, Lifetimes, PasswordParams, Principal
from sync.server.openapi import MAX_CURSOR, MAX_PULL, MAX_SNAPSHOT

log = logging.getLogger(__name__)


HTTP_ERRORS_ZH = {
    400: "请求内容无法解析。",
    404: "没有这个接口。",
    405: "该接口不支持这种请求方法。",
}


def no_nul(value: str) -> str:
    """PostgreSQL text cannot hold NUL nor UTF-8 a lone surrogate: refuse them at the door
    (a 422 naming the field, not a 500)."""
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("contains invalid Unicode (a lone surrogate)") from None
    return value


class BodyLimit:
    """Refuses a request body over the limit while it is read, whether or not a
    Content-Length was sent (a chunked body has none)."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        received = 0

        async def limited() -> Any:
            nonlocal received
            message = await receive()
            if message.get("type") == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise ApiError(
                        413,
                        "too_large",
                        "请求内容过大。",
                        f"The request body exceeds {self.limit} bytes.",
                    )
            return message

        await self.app(scope, limited, send)


@dataclass
class ServerConfig:
    db_url: str
    name: str = "Field Inspector central server"
    lifetimes: Lifetimes = field(default_factory=Lifetimes)
    passwords: PasswordParams = field(default_factory=PasswordParams)
    clock: Callable[[], dt.datetime] = field(default=db.now)


def default_db_url() -> str:
    """The embedded default: a SQLite file in the platform's data folder."""
    folder = default_basedir().parent / "field-inspector-server"
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'central.sqlite3'}"


class LoginBody(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    device_id: str = Field(min_length=8, max_length=36)
    device_name: str = Field(default="", max_length=200)

    _no_nul = field_validator("*")(no_nul)


class RefreshBody(BaseModel):
    refresh_token: str = Field(min_length=8, max_length=200)
    device_id: str = Field(min_length=8, max_length=36)

    _no_nul = field_validator("*")(no_nul)


class PushBody(BaseModel):
    entries: list[Any] = Field(max_length=protocol.MAX_PUSH_ENTRIES)


class Server:
    """State shared by the request handlers: the engine, the server identity, the rules."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.engine: Engine = db.make_engine(config.db_url)
        db.migrate(self.engine)
        with db.writing(self.engine) as conn:
            self.server_id = _meta(conn, "server_id", lambda: secrets.token_hex(8))
            self.secret = bytes.fromhex(
                _meta(conn, "signing_secret", lambda: secrets.token_hex(32))
            )
        self.classes = Classifications.load()
        self._registry: Registry | None = None
        self._tree_version: str | None = None

    @property
    def registry(self) -> Registry:
        """Rules for checking records, on the city's jurisdictions as stored in the database
        (reloaded when an administrator changes them)."""
        with db.reading(self.engine) as conn:
            row = conn.execute(
                select(db.server_meta.c.value).where(db.server_meta.c.key == "jurisdictions")
            ).first()
        if row is None:
            raise ApiError(
                503,
                "not_initialised",
                "服务器尚未初始化辖区数据。",
                "The server has no jurisdictions yet (run the admin 'init').",
            )
        if self._registry is None or self._tree_version != row[0]:
            tree = jurisdictions.build(json.loads(row[0]))
            self._registry = Registry(tree, self.classes)
            self._tree_version = row[0]
        return self._registry

    def now(self) -> dt.datetime:
        return self.config.clock()


def _meta(conn: Any, key: str, default: Callable[[], str]) -> str:
    row = conn.execute(select(db.server_meta.c.value).where(db.server_meta.c.key == key)).first()
    if row is not None:
        return str(row[0])
    value = default()
    conn.execute(db.server_meta.insert().values(key=key, value=value))
    return value


def create_app(config: ServerConfig) -> FastAPI:
    server = Server(config)
    app = FastAPI(
        title="Field Inspector sync API",
        version=str(protocol.PROTOCOL_VERSION),
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.server = server
    openapi.install(app, API_PREFIX)
    app.add_middleware(BodyLimit, limit=protocol.MAX_BODY_BYTES)

    def answer(content: Any, status: int = 200, key: bytes | None = None) -> Response:
        body = canonical(content)
        headers = {protocol.H_SERVER: server.server_id, protocol.H_TIME: server.now().isoformat()}
        if key is not None:
            headers[protocol.H_SIGNATURE] = protocol.sign(key, body)
        return Response(body, status_code=status, media_type="application/json", headers=headers)

    def error_answer(status: int, code: str, zh: str, en: str, **extra: Any) -> Response:
        return answer({"error": code, "message": {"zh": zh, "en": en}, **extra}, status)

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Any]) -> Response:
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > protocol.MAX_BODY_BYTES:
            return error_answer(
                413,
                "too_large",
                "请求内容过大。",
                f"The request body exceeds {protocol.MAX_BODY_BYTES} bytes.",
            )
        path = request.url.path
        if path.startswith(API_PREFIX) and path != f"{API_PREFIX}/health":
            raw = request.headers.get(protocol.H_PROTOCOL, "")
            if not (raw.isascii() and raw.isdigit() and len(raw) < 6):
                return error_answer(
                    400,
                    "protocol_missing",
                    "请求缺少协议版本。",
                    f"The {protocol.H_PROTOCOL} header is missing.",
                )
            if int(raw) < protocol.MIN_PROTOCOL_VERSION:
                return error_answer(
                    426,
                    "upgrade_required",
                    "软件版本过旧，请升级到最新版本后再同步。本机数据仍保留。",
                    "This app version is too old: please upgrade, then sync. Local data is kept.",
                    min_protocol=protocol.MIN_PROTOCOL_VERSION,
                )
        response: Response = await call_next(request)
        return response

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> Response:
        return error_answer(exc.status, exc.code, exc.zh, exc.en, **exc.extra)

    @app.exception_handler(AuthError)
    async def auth_error(_request: Request, exc: AuthError) -> Response:
        return error_answer(exc.status, exc.code, exc.zh, exc.en)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> Response:
        problems = [
            {"field": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg")}
            for e in exc.errors()
        ]
        shown = "; ".join(f"{p['field']}: {p['problem']}" for p in problems[:5])
        return error_answer(
            422,
            "invalid_request",
            f"请求格式错误：{shown}",
            f"Invalid request: {shown}",
            problems=problems,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        zh = HTTP_ERRORS_ZH.get(exc.status_code, str(exc.detail))
        response = error_answer(exc.status_code, "http_error", zh, str(exc.detail))
        response.headers.update(exc.headers or {})
        if exc.status_code == 405:  # Allow names the methods of every route on this path
            allowed = {
                method
                for route in app.routes
                if isinstance(route, APIRoute) and route.matches(request.scope)[0] != Match.NONE
                for method in route.methods or ()
            }
            response.headers["Allow"] = ", ".join(sorted(allowed))
        return response

    @app.exception_handler(json.JSONDecodeError)
    async def bad_json(_request: Request, exc: json.JSONDecodeError) -> Response:
        return error_answer(400, "bad_json", "请求不是有效的 JSON。", f"Invalid JSON: {exc.msg}")

    def principal(request: Request) -> Principal:
        bearer = request.headers.get("authorization", "")
        token = bearer[7:] if bearer.lower().startswith("bearer ") else None
        with db.reading(server.engine) as conn:
            return auth.authenticate(
                conn, token, request.headers.get(protocol.H_DEVICE), server.now()
            )

    def key_of(who: Principal) -> bytes:
        return auth.signing_key(server.secret, who.token_hash)

    def user_info(row: dict[str, Any], who: Principal | None = None) -> dict[str, Any]:
        info = {
            "id": row["id"],
            "username": row["username"],
            "display_name": row["display_name"],
            "role": row["role"],
            "unit_code": row["unit_code"],
        }
        return info

    # -- endpoints -------------------------------------------------------------------------

    @app.get(f"{API_PREFIX}/health")
    def health() -> Response:
        with db.reading(server.engine) as conn:
            seq = records.current_seq(conn)
        return answer(
            {
                "status": "ok",
                "server_id": server.server_id,
                "name": config.name,
                "protocol": protocol.PROTOCOL_VERSION,
                "min_protocol": protocol.MIN_PROTOCOL_VERSION,
                "app_version": APP_VERSION,
                "client_schema": client_migrations.latest_version(),
                "server_schema": db.SERVER_SCHEMA_VERSION,
                "database": server.engine.dialect.name,
                "seq": seq,
                "time": server.now().isoformat(),
            }
        )

    @app.post(f"{API_PREFIX}/login")
    def login(request: Request, body: LoginBody) -> Response:
        now = server.now()
        address = request.client.host if request.client else ""
        refused: AuthError | None = None
        with db.writing(server.engine) as conn:
            try:
                tokens, row = auth.login(
                    conn,
                    body.username,
                    body.password,
                    body.device_id,
                    body.device_name,
                    config.lifetimes,
                    now,
                    address,
                    config.passwords,
                )
            except AuthError as exc:
                refused = exc  # commit the failure count, then answer
        if refused is not None:
            raise refused
        key = auth.signing_key(server.secret, auth.token_hash(tokens["access_token"]))
        who = Principal(
            row["id"],
            row["username"],
            row["display_name"],
            row["role"],
            row["unit_code"],
            body.device_id,
            auth.token_hash(tokens["access_token"]),
        )
        return answer(
            {
                **tokens,
                "signing_key": protocol.b64(key),
                "server_id": server.server_id,
                "user": user_info(row),
                "scope": scope.describe(who, server.registry.tree),
            },
            key=key,
        )

    @app.post(f"{API_PREFIX}/refresh")
    def refresh(body: RefreshBody) -> Response:
        with db.writing(server.engine) as conn:
            tokens, _user = auth.refresh(
                conn,
                body.refresh_token,
                body.device_id,
                config.lifetimes,
                server.now(),
                server.secret,
            )
        key = auth.signing_key(server.secret, auth.token_hash(tokens["access_token"]))
        return answer({**tokens, "signing_key": protocol.b64(key)}, key=key)

    @app.post(f"{API_PREFIX}/logout")
    def logout(request: Request) -> Response:
        who = principal(request)
        with db.writing(server.engine) as conn:
            auth.logout(conn, who, server.now())
        return answer({"status": "ok"}, key=key_of(who))

    @app.get(f"{API_PREFIX}/me")
    def me(request: Request) -> Response:
        who = principal(request)
        return answer(
            {
                "user": {
                    "id": who.user_id,
                    "username": who.username,
                    "display_name": who.display_name,
                    "role": who.role,
                    "unit_code": who.unit_code,
                },
                "scope": scope.describe(who, server.registry.tree),
                "tables": sorted(SPECS),
            },
            key=key_of(who),
        )

    @app.post(f"{API_PREFIX}/push")
    def push(request: Request, body: PushBody) -> Response:
        who = principal(request)
        where = pushes.unicode_problem(body.entries, "entries")
        if where is not None:
            raise ApiError(
                422,
                "invalid_unicode",
                f"{where} 含有无效的字符编码（孤立的代理字符）。",
                f"{where} contains invalid Unicode (a lone surrogate).",
                field=where,
            )
        registry = server.registry
        with db.writing(server.engine) as conn:
            ctx = pushes.PushContext(conn, who, registry, server.now())
            results = pushes.push(ctx, body.entries)
            top = ctx.batch.finish(conn) if ctx.batch.changed else records.current_seq(conn)
        status = 200
        if results and all(r.get("reason", {}).get("code") in scope.REFUSAL_CODES for r in results):
            status = 403  # the request is wholly outside what this user may write
        return answer({"results": results, "server_seq": top}, status, key=key_of(who))

    @app.get(f"{API_PREFIX}/pull")
    def pull(request: Request, cursor: int = 0, limit: int = protocol.PULL_PAGE) -> Response:
        who = principal(request)
        if not 0 <= cursor <= MAX_CURSOR or not 1 <= limit <= MAX_PULL:
            raise ApiError(
                422, "invalid_request", "游标或页大小超出范围。", "cursor or limit out of range"
            )
        tree = server.registry.tree
        with db.reading(server.engine) as conn:
            page = records.pull(conn, who, tree, cursor, limit)
            page["names"] = people.for_page(conn, page["records"])
        return answer(page, key=key_of(who))

    @app.get(f"{API_PREFIX}/snapshot")
    def snapshot(
        request: Request, table: str, after: str = "", limit: int = protocol.SNAPSHOT_PAGE
    ) -> Response:
        who = principal(request)
        if table not in SPECS:
            raise ApiError(
                404, "unknown_table", f"未知的数据表“{table}”", f"unknown table {table!r}"
            )
        if not 1 <= limit <= MAX_SNAPSHOT:
            raise ApiError(422, "invalid_request", "页大小超出范围。", "limit out of range")
        if len(after) > 36 or "\x00" in after:
            raise ApiError(422, "invalid_request", "起始编号格式错误。", "invalid 'after'")
        tree = server.registry.tree
        with db.reading(server.engine) as conn:
            rows, more, last, seq = records.snapshot_page(conn, who, tree, table, after, limit)
            named = (
                people.display_names(
                    conn, people.in_conflicts((table, data) for _i, data in json.loads(rows))
                )
                if table == records.CONFLICT_TABLE
                else {}
            )
        # the rows are stored canonical JSON, passed through without parsing them again
        body = (
            f'{{"after":{json.dumps(last)},"more":{json.dumps(more)},"rows":{rows},'
            f'"server_seq":{seq},"table":{json.dumps(table)},'
            f'"names":{json.dumps(named, ensure_ascii=False)}}}'
        ).encode()
        headers = {
            protocol.H_SERVER: server.server_id,
            protocol.H_TIME: server.now().isoformat(),
            protocol.H_SIGNATURE: protocol.sign(key_of(who), body),
        }
        return Response(body, media_type="application/json", headers=headers)

    @app.get(f"{API_PREFIX}/verify")
    def verify(request: Request, tables: str) -> Response:
        who = principal(request)
        names = [t for t in tables.split(",") if t]
        unknown = [t for t in names if t not in SPECS]
        if unknown or not names:
            raise ApiError(
                422, "unknown_table", f"未知的数据表：{unknown}", f"unknown tables: {unknown}"
            )
        tree = server.registry.tree
        with db.reading(server.engine, snapshot=True) as conn:  # sums and seq of one moment
            seq = records.current_seq(conn)
            sums = records.checksums(conn, who, tree, names)
        return answer({"tables": sums, "server_seq": seq}, key=key_of(who))

    api = Api(
        server.engine,
        server.server_id,
        server.now,
        answer,
        principal,
        key_of,
        lambda: server.registry.tree,
    )
    blobs.register(app, api)
    numbers.register(app, api)
    reports.register(app, api, lambda: server.registry.tree)
    audit.register(app, api)
    ready.register(app, api, config.db_url)  # the first sync as a prebuilt database
    ranges.register(app, api)
    quarantine.register(app, api, lambda: server.registry)  # a revoked device's changes
    return app
