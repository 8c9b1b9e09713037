"""Passwords, sessions and devices.

* Passwords are stored as argon2id hashes (argon2-cffi; memory-hard, RFC 9106's second
  recommended setting by default). Hashes made by earlier versions (salted scrypt) are still
  verified and replaced by an argon2id hash at the user's next successful sign-in. An unknown
  user name costs the same as a wrong password (a dummy hash is verified), so names cannot be
  told apart by timing.
* Failed sign-ins are counted per account and client address, per address and per account;
  each lock lasts twice as long as the one before (``throttle``), so one colleague's typing
  cannot lock an officer out for long from another address.
* Sign-in gives a device an access token (hours) and a refresh token (weeks), both bound to the
  user and the device; the server keeps only their SHA-256. Every call names its device
  (``X-FI-Device``) and a token is refused on any other. A revoked device's tokens stop working
  at once, and the device is told why.
* Each access token has a signing key (derived from the server's secret, never stored) that the
  server signs its answers with; the device got the key at sign-in (see ``sync.protocol``).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from sync.protocol import b64, unb64
from sync.server import db, throttle


@dataclass(frozen=True)
class PasswordParams:
    """argon2id cost: passes, memory in KiB, lanes (RFC 9106 §4, second recommended option)."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 4


@dataclass(frozen=True)
class ScryptParams:
    """The cost of the scrypt hashes earlier versions stored (verified, then upgraded)."""

    n: int = 2**15
    r: int = 8
    p: int = 1


@functools.lru_cache(maxsize=8)
def _hasher(params: PasswordParams) -> PasswordHasher:
    return PasswordHasher(
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
    )


def hash_password(password: str, params: PasswordParams = PasswordParams()) -> str:
    return _hasher(params).hash(password)


def scrypt_hash(password: str, params: ScryptParams = ScryptParams()) -> str:
    """A hash in the earlier versions' format (kept for databases made before argon2id)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode(),
        salt=salt,
        n=params.n,
        r=params.r,
        p=params.p,
        maxmem=256 * 1024 * 1024,
        dklen=32,
    )
    return f"scrypt${params.n}${params.r}${params.p}${b64(salt)}${b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    if stored.startswith("$argon2"):
        try:
            return bool(_hasher(PasswordParams()).verify(stored, password))
        except (VerificationError, InvalidHashError):
            return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    computed = hashlib.scrypt(
        password.encode(),
        salt=unb64(salt),
        n=int(n),
        r=int(r),
        p=int(p),
        maxmem=256 * 1024 * 1024,
        dklen=32,
    )
    return hmac.compare_digest(computed, unb64(digest))


def needs_rehash(stored: str, params: PasswordParams) -> bool:
    """An older scheme, or argon2id at another cost than the server's."""
    if not stored.startswith("$argon2id$"):
        return True
    try:
        return bool(_hasher(params).check_needs_rehash(stored))
    except InvalidHashError:
        return True


@functools.lru_cache(maxsize=8)
def _dummy_hash(params: PasswordParams) -> str:
    """What an unknown user's password is checked against: the same work as a real one."""
    return hash_password(secrets.token_urlsafe(16), params)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def signing_key(secret: bytes, hashed_token: str) -> bytes:
    return hmac.new(secret, f"sign:{hashed_token}".encode(), hashlib.sha256).digest()


class AuthError(Exception):
    """A refused sign-in or token; ``code`` and ``status`` decide the HTTP answer."""

    def __init__(self, code: str, status: int, zh: str, en: str) -> None:
        super().__init__(en)
        self.code, self.status, self.zh, self.en = code, status, zh, en


BAD_CREDENTIALS = ("bad_credentials", 401, "用户名或密码错误。", "Wrong user name or password.")


@dataclass(frozen=True)
class Principal:
    """Who is asking: the user behind a valid access token, on which device."""

    user_id: str
    username: str
    display_name: str
    role: str
    unit_code: str
    device_id: str
    token_hash: str


@dataclass(frozen=True)
class Lifetimes:
    access: dt.timedelta = dt.timedelta(hours=8)
    refresh: dt.timedelta = dt.timedelta(days=30)


def login(
    conn: Connection,
    username: str,
    password: str,
    device_id: str,
    device_name: str,
    lifetimes: Lifetimes,
    now: dt.datetime,
    address: str = "",
    params: PasswordParams = PasswordParams(),
) -> tuple[dict[str, str], dict[str, Any]]:
    """Check the password and issue tokens; returns (tokens, user row as dict). ``address``:
    the client's, for throttling; ``params``: the argon2id cost new hashes are made with."""
    until = throttle.locked_until(conn, username, address, now)
    if until is not None:
        minutes = max(1, int((until - now).total_seconds() // 60) + 1)
        raise AuthError(
            "account_locked",
            403,
            f"登录失败次数过多，已暂时锁定，请在{minutes}分钟后重试。",
            f"Too many failed sign-ins: locked for {minutes} min.",
        )
    row = conn.execute(select(db.users).where(db.users.c.username == username)).mappings().first()
    if row is None or not row["active"]:
        # the same answer after the same work as a wrong password: no user enumeration
        verify_password(password, _dummy_hash(params))
        throttle.failed(conn, username, address, now)
        raise AuthError(*BAD_CREDENTIALS)
    if not verify_password(password, row["password_hash"]):
        throttle.failed(conn, username, address, now)
        raise AuthError(*BAD_CREDENTIALS)
    throttle.succeeded(conn, username, address)
    values: dict[str, Any] = {"failed_logins": 0, "locked_until": None}
    if needs_rehash(row["password_hash"], params):
        values["password_hash"] = hash_password(password, params)  # upgraded at sign-in
    conn.execute(update(db.users).where(db.users.c.id == row["id"]).values(**values))
    _bind_device(conn, row["id"], device_id, device_name, now)
    user: dict[str, Any] = dict(row)
    return issue_tokens(conn, row["id"], device_id, lifetimes, now), user


def _bind_device(
    conn: Connection, user_id: str, device_id: str, device_name: str, now: dt.datetime
) -> None:
    """Bind the device to the user: a revoked device stays refused; a new device of someone
    whose device was revoked waits for an administrator (``sync.admin approve-device``)."""
    d = db.devices.c
    device = conn.execute(select(db.devices).where(d.id == device_id)).mappings().first()
    if device is not None and device["revoked_at"] is not None:
        raise device_revoked()
    approved = bool(device["approved"]) if device is not None else True
    if device is None:
        revoked = conn.execute(
            select(d.id).where(d.user_id == user_id, d.revoked_at.is_not(None)).limit(1)
        ).first()
        conn.execute(
            db.devices.insert().values(
                id=device_id,
                user_id=user_id,
                name=device_name,
                registered_at=now,
                last_seen_at=now,
                approved=revoked is None,
            )
        )
        approved = revoked is None
    elif device["user_id"] != user_id:
        # a device belongs to one officer at a time: a new sign-in moves it
        conn.execute(
            update(db.tokens).where(db.tokens.c.device_id == device_id).values(revoked_at=now)
        )
        conn.execute(
            update(db.devices)
            .where(d.id == device_id)
            .values(user_id=user_id, name=device_name, last_seen_at=now)
        )
    if not approved:
        raise device_unapproved()


def device_unapproved() -> AuthError:
    return AuthError(
        "device_unapproved",
        403,
        "您有设备已被停用，新设备须经管理员批准后才能同步。本机数据仍保留。",
        "A device of yours was revoked: a new device syncs only once an administrator "
        "approves it. Local data is kept.",
    )


def issue_tokens(
    conn: Connection,
    user_id: str,
    device_id: str,
    lifetimes: Lifetimes,
    now: dt.datetime,
    pair: tuple[str, str] | None = None,
) -> dict[str, str]:
    access, refresh = pair or (secrets.token_urlsafe(32), secrets.token_urlsafe(32))
    for token, kind, life in (
        (access, "access", lifetimes.access),
        (refresh, "refresh", lifetimes.refresh),
    ):
        conn.execute(
            db.tokens.insert().values(
                token_hash=token_hash(token),
                kind=kind,
                user_id=user_id,
                device_id=device_id,
                issued_at=now,
                expires_at=now + life,
            )
        )
    return {
        "access_token": access,
        "refresh_token": refresh,
        "access_expires_at": (now + lifetimes.access).isoformat(),
        "refresh_expires_at": (now + lifetimes.refresh).isoformat(),
    }


REFRESH_REPLAY_WINDOW = dt.timedelta(minutes=10)


def successor_pair(secret: bytes, refresh_hash: str) -> tuple[str, str]:
    """The token pair that replaces a refresh token, derived from it: a device whose answer was
    lost on the way asks again with the old token and gets the same pair, not a sign-out."""

    def derive(kind: str) -> str:
        digest = hmac.new(secret, f"{kind}:{refresh_hash}".encode(), hashlib.sha256).digest()
        return b64(digest).rstrip("=")

    return derive("access"), derive("refresh")


def refresh(
    conn: Connection,
    refresh_token: str,
    device_id: str,
    lifetimes: Lifetimes,
    now: dt.datetime,
    secret: bytes,
) -> tuple[dict[str, str], str]:
    """Swap a valid refresh token for a new pair (the old one is revoked). Asking again with
    the same old token within ``REFRESH_REPLAY_WINDOW`` (the answer was lost) returns the same
    new pair, as long as that pair has not been replaced in turn."""
    hashed = token_hash(refresh_token)
    row = conn.execute(select(db.tokens).where(db.tokens.c.token_hash == hashed)).mappings().first()
    if row is None or row["kind"] != "refresh" or row["device_id"] != device_id:
        raise AuthError(
            "token_invalid",
            401,
            "登录已失效，请重新登录。",
            "The session is not valid: sign in again.",
        )
    _check_device(conn, device_id)
    pair = successor_pair(secret, hashed)
    expired = AuthError(
        "token_expired",
        401,
        "登录已过期，请重新输入密码。",
        "The session expired: enter the password again.",
    )
    if row["revoked_at"] is not None:
        replay = _replayed(conn, pair, row, now)
        if replay is None:
            raise expired
        return replay, row["user_id"]
    if _aware(row["expires_at"]) <= now:
        raise expired
    conn.execute(update(db.tokens).where(db.tokens.c.token_hash == hashed).values(revoked_at=now))
    return issue_tokens(conn, row["user_id"], device_id, lifetimes, now, pair), row["user_id"]


def _replayed(
    conn: Connection, pair: tuple[str, str], old: Any, now: dt.datetime
) -> dict[str, str] | None:
    """The pair a lost refresh answer carried, if it may still be handed out again."""
    if now - _aware(old["revoked_at"]) > REFRESH_REPLAY_WINDOW:
        return None
    rows = {
        r["kind"]: r
        for r in conn.execute(
            select(db.tokens).where(db.tokens.c.token_hash.in_([token_hash(t) for t in pair]))
        ).mappings()
    }
    fresh = rows.get("refresh")
    if fresh is None or fresh["revoked_at"] is not None or "access" not in rows:
        return None  # the successor was itself rotated or revoked: not a lost answer
    return {
        "access_token": pair[0],
        "refresh_token": pair[1],
        "access_expires_at": _aware(rows["access"]["expires_at"]).isoformat(),
        "refresh_expires_at": _aware(fresh["expires_at"]).isoformat(),
    }


def authenticate(
    conn: Connection, bearer: str | None, device_id: str | None, now: dt.datetime
) -> Principal:
    if not bearer:
        raise AuthError("token_missing", 401, "需要登录。", "Sign-in required.")
    hashed = token_hash(bearer)
    row = conn.execute(select(db.tokens).where(db.tokens.c.token_hash == hashed)).mappings().first()
    if row is None or row["kind"] != "access":
        raise AuthError(
            "token_invalid",
            401,
            "登录已失效，请重新登录。",
            "The session is not valid: sign in again.",
        )
    if not device_id:
        raise AuthError(
            "device_missing",
            401,
            "请求未注明本机编号，已拒绝。",
            "The request does not name its device (X-FI-Device).",
        )
    if device_id != row["device_id"]:
        raise AuthError(
            "token_invalid",
            401,
            "登录凭据与本机不符，请重新登录。",
            "The token belongs to another device: sign in again.",
        )
    _check_device(conn, row["device_id"])
    if row["revoked_at"] is not None or _aware(row["expires_at"]) <= now:
        raise AuthError("token_expired", 401, "登录已过期。", "The session expired.")
    user = conn.execute(select(db.users).where(db.users.c.id == row["user_id"])).mappings().first()
    if user is None or not user["active"]:
        raise AuthError("user_disabled", 403, "该账号已停用。", "The account is disabled.")
    return Principal(
        user["id"],
        user["username"],
        user["display_name"],
        user["role"],
        user["unit_code"],
        row["device_id"],
        hashed,
    )


def revoked_device(conn: Connection, bearer: str | None, device_id: str | None) -> Principal:
    """Who hands in a revoked device's changes (``sync.server.quarantine``): an access token
    issued to this device, whatever became of it since (revoked with the device, or expired:
    the laptop may turn up months later), for a device that is revoked. It proves the laptop,
    not the person: what it hands in is only ever held for an administrator."""
    if not bearer:
        raise AuthError("token_missing", 401, "需要登录。", "Sign-in required.")
    hashed = token_hash(bearer)
    row = conn.execute(select(db.tokens).where(db.tokens.c.token_hash == hashed)).mappings().first()
    if row is None or row["kind"] != "access" or not device_id or device_id != row["device_id"]:
        raise AuthError(
            "token_invalid",
            401,
            "登录凭据与本机不符。",
            "The token was not issued to this device.",
        )
    device = conn.execute(
        select(db.devices.c.revoked_at).where(db.devices.c.id == device_id)
    ).first()
    if device is None or device[0] is None:
        raise AuthError(
            "device_not_revoked",
            403,
            "本机未被停用，请按正常方式同步。",
            "This device is not revoked: sync it the ordinary way (push).",
        )
    user = conn.execute(select(db.users).where(db.users.c.id == row["user_id"])).mappings().first()
    if user is None:
        raise AuthError("user_disabled", 403, "该账号已停用。", "The account is disabled.")
    return Principal(
        user["id"],
        user["username"],
        user["display_name"],
        user["role"],
        user["unit_code"],
        device_id,
        hashed,
    )


def principal_of(conn: Connection, user_id: str, device_id: str) -> Principal | None:
    """The principal of an active user on a device (an entry held for its parent is judged as
    its own author's when the parent arrives), or None when the account is disabled."""
    user = conn.execute(select(db.users).where(db.users.c.id == user_id)).mappings().first()
    if user is None or not user["active"]:
        return None
    return Principal(
        user["id"],
        user["username"],
        user["display_name"],
        user["role"],
        user["unit_code"],
        device_id,
        "",
    )


def _check_device(conn: Connection, device_id: str) -> None:
    device = conn.execute(
        select(db.devices.c.revoked_at, db.devices.c.approved).where(db.devices.c.id == device_id)
    ).first()
    if device is not None and device[0] is not None:
        raise device_revoked()
    if device is not None and not device[1]:
        raise device_unapproved()


def device_revoked() -> AuthError:
    return AuthError(
        "device_revoked",
        403,
        "本机已被管理员停用，无法同步。本机数据仍保留，请联系管理员。",
        "This device was revoked by an administrator and cannot sync. Local data is "
        "kept; contact your administrator.",
    )


def logout(conn: Connection, principal: Principal, now: dt.datetime) -> None:
    conn.execute(
        update(db.tokens)
        .where(db.tokens.c.device_id == principal.device_id, db.tokens.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite returns naive datetimes for DateTime(timezone=True) columns: they are UTC
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
