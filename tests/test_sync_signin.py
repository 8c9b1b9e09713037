"""Sign-in that cannot be turned against an officer: argon2id hashes (older scrypt ones upgraded
at the next sign-in), names that cannot be told apart by timing, locks per account and address
that double, devices named on every call, and a new device after a revocation approved first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import select, update
from sync_support import FAST_KDF, PASSWORD, Device

from sync import admin, protocol
from sync.api import SyncError
from sync.server import auth, db
from sync.server.auth import AuthError, Lifetimes

ROOT = Path(__file__).resolve().parent.parent
T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def engine(tmp_path: Path) -> Any:
    engine = admin.engine_for(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    admin.init(engine, ROOT / "resources" / "jurisdictions" / "jiaxing.json")
    admin.add_user(engine, "haining1", "甲", "county", "330481", PASSWORD, FAST_KDF)
    yield engine
    engine.dispose()


def sign_in(
    engine: Any,
    password: str,
    address: str = "10.0.0.1",
    now: dt.datetime = T0,
    username: str = "haining1",
    device: str = "device-0001",
    params: auth.PasswordParams = FAST_KDF,
) -> str:
    """'ok', or the refusal's code (its failure counted, as the server commits it)."""
    with db.writing(engine) as conn:
        try:
            auth.login(conn, username, password, device, "", Lifetimes(), now, address, params)
        except AuthError as exc:
            refused = exc.code
        else:
            return "ok"
    return refused


def stored_hash(engine: Any) -> str:
    with db.reading(engine) as conn:
        return str(
            conn.execute(
                select(db.users.c.password_hash).where(db.users.c.username == "haining1")
            ).scalar_one()
        )


def test_passwords_are_argon2id_and_old_scrypt_hashes_upgrade_at_sign_in(engine: Any) -> None:
    assert stored_hash(engine).startswith("$argon2id$")
    with db.writing(engine) as conn:
        conn.execute(
            update(db.users)
            .where(db.users.c.username == "haining1")
            .values(password_hash=auth.scrypt_hash(PASSWORD, auth.ScryptParams(n=2**10)))
        )
    assert sign_in(engine, "wrong password") == "bad_credentials"
    assert stored_hash(engine).startswith("scrypt$")  # a wrong password changes nothing
    assert sign_in(engine, PASSWORD) == "ok"
    upgraded = stored_hash(engine)
    assert upgraded.startswith("$argon2id$") and auth.verify_password(PASSWORD, upgraded)
    assert sign_in(engine, PASSWORD, device="device-0002") == "ok"
    assert stored_hash(engine) == upgraded  # already current: not hashed again


@pytest.mark.slow
def test_an_unknown_name_costs_as_much_as_a_wrong_password(engine: Any, monkeypatch: Any) -> None:
    """The same work either way, counted rather than timed: one argon2id verification at the
    server's own cost for a wrong password and for a name nobody has (a timing comparison
    would only measure the machine's load)."""
    real = auth.PasswordParams()
    admin.reset_password(engine, "haining1", PASSWORD, real)
    checked: list[str] = []
    verify = auth.verify_password

    def counted(password: str, stored: str) -> bool:
        checked.append(stored.rsplit("$", 2)[0])  # the scheme and its cost, not salt or digest
        return verify(password, stored)

    monkeypatch.setattr(auth, "verify_password", counted)
    assert sign_in(engine, "wrong password", "10.0.1.1", username="haining1", params=real) == (
        "bad_credentials"
    )
    known, checked[:] = list(checked), []
    assert sign_in(engine, "wrong password", "10.0.2.1", username="nobody", params=real) == (
        "bad_credentials"
    )
    assert len(known) == 1 and checked == known, (known, checked)
    assert known[0].startswith(f"$argon2id$v=19$m={real.memory_kib},t={real.time_cost},")


def test_locks_are_per_account_and_address_and_double(engine: Any) -> None:
    for _ in range(5):
        assert sign_in(engine, "wrong password", "10.0.0.9") == "bad_credentials"
    # that desk is locked out of this account for a minute; the officer's own laptop is not
    assert sign_in(engine, PASSWORD, "10.0.0.9") == "account_locked"
    assert sign_in(engine, PASSWORD, "10.0.0.1") == "ok"
    later = T0 + dt.timedelta(minutes=1, seconds=1)
    for _ in range(5):
        assert sign_in(engine, "wrong password", "10.0.0.9", later) == "bad_credentials"
    # the second lock lasts twice as long
    assert sign_in(engine, PASSWORD, "10.0.0.9", later + dt.timedelta(seconds=90)) == (
        "account_locked"
    )
    assert sign_in(engine, PASSWORD, "10.0.0.9", later + dt.timedelta(seconds=121)) == "ok"


def test_one_address_guessing_many_names_and_many_addresses_one_name_are_locked(
    engine: Any,
) -> None:
    for i in range(30):
        sign_in(engine, "guess", "10.9.9.9", username=f"user{i}")
    assert sign_in(engine, PASSWORD, "10.9.9.9") == "account_locked"
    assert sign_in(engine, PASSWORD, "10.0.0.1") == "ok"
    for i in range(60):
        sign_in(engine, "guess", f"10.8.{i}.1")
    assert sign_in(engine, PASSWORD, "10.0.0.1") == "account_locked"
    # an administrator's password reset lifts the account's locks
    admin.reset_password(engine, "haining1", "a new password 2", FAST_KDF)
    assert sign_in(engine, "a new password 2", "10.0.0.1") == "ok"


def test_every_call_names_its_device(devices: Any, live_server: Any) -> None:
    laptop: Device = devices("haining1")
    assert laptop.credentials is not None
    headers = {
        "Authorization": f"Bearer {laptop.credentials.access_token}",
        protocol.H_PROTOCOL: str(protocol.PROTOCOL_VERSION),
    }
    response = requests.get(f"{live_server.url}/api/v1/me", headers=headers, timeout=10)
    assert response.status_code == 401 and response.json()["error"] == "device_missing"
    headers[protocol.H_DEVICE] = laptop.store.device_id
    assert requests.get(f"{live_server.url}/api/v1/me", headers=headers, timeout=10).ok


def test_a_new_device_after_a_revocation_waits_for_approval(devices: Any, live_server: Any) -> None:
    lost: Device = devices("haining1")
    admin.revoke_device(live_server.engine, lost.store.device_id)
    replacement: Device = devices()
    with pytest.raises(SyncError) as info:
        replacement.login("haining1")
    assert "管理员批准" in info.value.zh
    with pytest.raises(SyncError):
        replacement.login("haining1")  # still waiting
    assert (
        admin.main(
            [
                "--db",
                live_server.engine.url.render_as_string(hide_password=False),
                "approve-device",
                replacement.store.device_id,
            ]
        )
        == 0
    )
    replacement.login("haining1")
    replacement.sync()
    # another officer's new device is not held up by a colleague's revocation
    devices("haining2").sync()
