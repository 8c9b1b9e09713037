"""The key file: the database key, wrapped by the officer's password.

The database key is 256 random bits, made once when the store is first encrypted; it never
changes (a password change wraps the same key again, so nothing has to be re-encrypted). The key
file ``inspector.key`` beside the database holds it wrapped once per password "slot": the
password is stretched by argon2id (``KDF_PARAMS``, above OWASP ASVS 5.0 Appendix C: t=3 with
m ≥ 12 MiB), and the key is sealed with AES-256-GCM under the stretched password. A wrong
password fails the GCM tag; a damaged file fails its JSON or its tag, and a copy kept in the
backups folder can take its place.

Failed attempts are counted in ``inspector.key.attempts``; from the fourth on, the next attempt
waits (``backoff_seconds``), also across restarts.

Keys derived from the database key (``subkey``) seal the attachments (``sealed``).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from inspector_app.messages import Bilingual
from inspector_app.store.dbapi import KEY_BYTES

FORMAT = "field-inspector-key"
VERSION = 1
# argon2id: 3 passes over 64 MiB, 4 lanes (about 0.2 s on a laptop; OWASP ASVS 5.0 App. C)
KDF_PARAMS = {"time_cost": 3, "memory_kib": 64 * 1024, "parallelism": 4}
# What a key file may ask of argon2id, checked before it runs: below, weaker than ASVS 5.0
# App. C allows (m = 19 MiB with t = 2, p = 1); above, an unlock of minutes or of more memory
# than a laptop has (a damaged or planted file would hang the app, not open it).
KDF_BOUNDS = {
    "time_cost": (2, 8),
    "memory_kib": (19 * 1024, 512 * 1024),
    "parallelism": (1, 16),
}
SALT_BYTES = 16
NONCE_BYTES = 12
# as the server's accounts (sync.admin): a password has at least this many characters
MIN_PASSWORD_LENGTH = 8
FREE_ATTEMPTS = 3
MAX_WAIT_SECONDS = 300
PASSWORD_SLOT = "password"


class KeyFileError(Bilingual):
    """The key file cannot give the key (missing, damaged, wrong password, too soon)."""


def _missing(path: Path) -> KeyFileError:
    return KeyFileError(
        f"找不到密钥文件“{path.name}”，无法打开加密的数据库。可从备份中的副本恢复。",
        f"The key file {path.name} is missing; the encrypted database cannot be opened. "
        "Its copy in the backups folder can be restored.",
        "key_file_missing",
    )


def _damaged(path: Path, detail: str) -> KeyFileError:
    return KeyFileError(
        f"密钥文件“{path.name}”已损坏（{detail}）。可从备份中的副本恢复。",
        f"The key file {path.name} is damaged ({detail}). Its copy in the backups folder can "
        "be restored.",
        "key_file_damaged",
    )


def wrong_password() -> KeyFileError:
    return KeyFileError("密码不正确。", "Wrong password.", "wrong_password")


def check_new_password(password: str, repeated: str) -> None:
    """The rules for a new password: long enough, typed twice the same."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise KeyFileError(
            f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符。",
            f"The password must have at least {MIN_PASSWORD_LENGTH} characters.",
            "password_too_short",
        )
    if password != repeated:
        raise KeyFileError(
            "两次输入的密码不一致。", "The two passwords differ.", "passwords_differ"
        )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text, validate=True)


def stretch(password: str, salt: bytes, params: dict[str, int]) -> bytes:
    """argon2id of the password: the key that wraps the database key."""
    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=params["time_cost"],
        memory_cost=params["memory_kib"],
        parallelism=params["parallelism"],
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def _aad(slot: str) -> bytes:
    return f"{FORMAT} v{VERSION} slot {slot}".encode()


def _wrap(key: bytes, password: str, slot: str) -> dict[str, Any]:
    salt, nonce = secrets.token_bytes(SALT_BYTES), secrets.token_bytes(NONCE_BYTES)
    wrapping = stretch(password, salt, KDF_PARAMS)
    return {
        "name": slot,
        "kdf": {"type": "argon2id", **KDF_PARAMS, "salt": _b64(salt)},
        "cipher": "AES-256-GCM",
        "nonce": _b64(nonce),
        "wrapped": _b64(AESGCM(wrapping).encrypt(nonce, key, _aad(slot))),
    }


def kdf_params(kdf: dict[str, Any]) -> dict[str, int]:
    """A slot's argon2id parameters, each a whole number within ``KDF_BOUNDS``; else
    ValueError (before any stretching is done)."""
    if kdf.get("type") != "argon2id":
        raise ValueError("unsupported key derivation")
    params = {}
    for name, (low, high) in KDF_BOUNDS.items():
        value = kdf.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"key derivation {name} out of bounds")
        params[name] = value
    return params


def _unwrap(slot: object, password: str) -> bytes:
    if not isinstance(slot, dict):
        raise ValueError("slot is not an object")
    kdf = slot.get("kdf")
    if not isinstance(kdf, dict):
        raise ValueError("no key derivation")
    params = kdf_params(kdf)
    salt = _unb64(kdf.get("salt"))
    if len(salt) != SALT_BYTES:
        raise ValueError("salt of the wrong size")
    name = slot.get("name")
    if not isinstance(name, str):
        raise ValueError("slot without a name")
    wrapping = stretch(password, salt, params)
    key = AESGCM(wrapping).decrypt(
        _unb64(slot.get("nonce")), _unb64(slot.get("wrapped")), _aad(name)
    )
    if len(key) != KEY_BYTES:
        raise ValueError("wrapped key of the wrong size")
    return key


def subkey(key: bytes, purpose: str) -> bytes:
    """A key for one purpose derived from the database key (HKDF-SHA256)."""
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=purpose.encode()
    ).derive(key)


def key_id(key: bytes) -> str:
    """Names the key without revealing it (a backup copy of the key file is matched by it)."""
    return subkey(key, "field-inspector key id").hex()[:16]


@dataclass(frozen=True)
class KeyFile:
    """``inspector.key`` beside the database, with its copy in the backups folder."""

    path: Path
    backup_copy: Path | None = None

    @property
    def attempts_path(self) -> Path:
        return self.path.with_name(self.path.name + ".attempts")

    def exists(self) -> bool:
        return self.path.is_file()

    def create(self, password: str) -> bytes:
        """A new random database key wrapped by ``password``; returns the key."""
        if self.path.exists():
            raise KeyFileError(
                "密钥文件已存在，未覆盖。",
                "A key file exists already; it was not overwritten.",
                "key_file_exists",
            )
        key = secrets.token_bytes(KEY_BYTES)
        self._save({"id": key_id(key), "slots": [_wrap(key, password, PASSWORD_SLOT)]})
        return key

    def _load(self, path: Path) -> dict[str, Any]:
        try:
            data = json.loads(path.read_bytes())
        except FileNotFoundError:
            raise _missing(path) from None
        except (OSError, ValueError, RecursionError) as exc:  # (nested too deep: not ours)
            raise _damaged(path, type(exc).__name__) from exc
        if (
            not isinstance(data, dict)
            or data.get("format") != FORMAT
            or not isinstance(data.get("slots"), list)
        ):
            raise _damaged(path, "format")
        version = data.get("version")
        if version != VERSION:
            # named only when short: the file may hold anything there
            shown = repr(version) if isinstance(version, int | str) else type(version).__name__
            raise _damaged(path, f"version {shown:.20}")
        return data

    def unlock(self, password: str, *, now: dt.datetime | None = None) -> bytes:
        """The database key, or KeyFileError (wrong password, too soon after failures,
        missing or damaged file)."""
        now = now or dt.datetime.now(dt.UTC)
        wait = self.backoff_seconds(now)
        if wait > 0:
            raise KeyFileError(
                f"密码错误次数过多，请 {wait} 秒后再试。",
                f"Too many wrong passwords; try again in {wait} seconds.",
                "backoff",
            )
        data = self._load(self.path)
        key = self._try_slots(data, password)
        if key is None:
            self._failed(now)
            raise wrong_password()
        self._clear_attempts()
        return key

    def _try_slots(self, data: dict[str, Any], password: str) -> bytes | None:
        damaged = False
        for slot in data["slots"]:
            try:
                key = _unwrap(slot, password)
            except InvalidTag:
                continue
            except (KeyError, TypeError, ValueError):
                damaged = True
                continue
            if key_id(key) != data.get("id"):
                damaged = True
                continue
            return key
        if damaged:
            raise _damaged(self.path, "slot")
        return None

    def change_password(self, old: str, new: str) -> None:
        """Wrap the same key under ``new`` (the database is not touched)."""
        data = self._load(self.path)
        key = self._try_slots(data, old)
        if key is None:
            raise wrong_password()
        slots = [s for s in data["slots"] if isinstance(s, dict) and s.get("name") != PASSWORD_SLOT]
        self._save({"id": data["id"], "slots": [*slots, _wrap(key, new, PASSWORD_SLOT)]})

    def restore_backup_copy(self) -> None:
        """Put the copy kept in the backups folder in place of a missing or damaged key file
        (the damaged one is kept beside it as ``.damaged``)."""
        if self.backup_copy is None or not self.backup_copy.is_file():
            raise _missing(self.backup_copy or self.path)
        data = self._load(self.backup_copy)
        if self.path.exists():
            self.path.replace(self.path.with_name(self.path.name + ".damaged"))
        _write_atomically(self.path, _dump(data))

    def _save(self, body: dict[str, Any]) -> None:
        text = _dump({"format": FORMAT, "version": VERSION, **body})
        _write_atomically(self.path, text)
        if self.backup_copy is not None:
            self.backup_copy.parent.mkdir(parents=True, exist_ok=True)
            _write_atomically(self.backup_copy, text)

    # -- failed attempts -------------------------------------------------------------------

    def _failures(self) -> tuple[int, dt.datetime | None]:
        """The count of failed attempts and the time of the last one (0, None: none, or a
        file this app did not write)."""
        try:
            data = json.loads(self.attempts_path.read_text("utf-8"))
            failures, last = data["failures"], dt.datetime.fromisoformat(data["last"])
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return 0, None
        if isinstance(failures, bool) or not isinstance(failures, int) or last.tzinfo is None:
            return 0, None
        return max(0, failures), last

    def backoff_seconds(self, now: dt.datetime) -> int:
        """Seconds to wait before the next attempt: none for the first ``FREE_ATTEMPTS``
        failures, then doubling up to ``MAX_WAIT_SECONDS``."""
        failures, last = self._failures()
        if failures < FREE_ATTEMPTS or last is None:
            return 0
        # (the exponent capped: a count of a billion must not compute 2 ** 1e9)
        doublings = min(failures - FREE_ATTEMPTS + 1, MAX_WAIT_SECONDS.bit_length())
        wait = min(2**doublings, MAX_WAIT_SECONDS)
        # a clock set back is no way around the wait: the wait counts from the last failure
        left = wait - max(0.0, (now - last).total_seconds())
        return max(0, int(left + 0.999))

    def _failed(self, now: dt.datetime) -> None:
        failures, _last = self._failures()
        body = json.dumps({"failures": failures + 1, "last": now.isoformat()})
        with contextlib.suppress(OSError):
            _write_atomically(self.attempts_path, body)

    def _clear_attempts(self) -> None:
        self.attempts_path.unlink(missing_ok=True)


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _write_atomically(path: Path, text: str) -> None:
    temp = path.with_name(path.name + ".partial")
    with open(temp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)
    if os.name != "nt":
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
