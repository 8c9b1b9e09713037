"""The quarantine of a revoked device's changes, as an administrator works it (``sync.admin
quarantine-list``, ``quarantine-release``, ``quarantine-reject``) and as the hand-in route
answers (``POST /api/v1/quarantine``). The lost-laptop battery row S8 is in
``test_battery_net.py``."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from sqlalchemy import select
from sync_support import Device

from helpers import KNOWN_ENTRIES
from inspector_app.replication import outbox
from inspector_app.store import changelog
from inspector_app.store.clock import new_id
from sync import admin, protocol
from sync.api import SyncError
from sync.server import db

ENTRY = KNOWN_ENTRIES[1]  # 海宁市许村镇


def held_ids(engine: Any) -> list[int]:
    q = db.quarantined_entries.c
    with db.reading(engine) as conn:
        return list(conn.execute(select(q.id).where(q.status == "held").order_by(q.id)).scalars())


@pytest.fixture
def revoked(devices: Any, live_server: Any) -> Device:
    """A device of haining1 that made one record and changed it offline, then was revoked and
    tried to sync: both changes are in the quarantine."""
    device: Device = devices("haining1")
    device.sync()
    record = device.create(ENTRY)
    device.update(record, {"contact_phone": "0573-87654321"})
    admin.revoke_device(live_server.engine, device.store.device_id)
    with pytest.raises(SyncError):
        device.sync()
    assert len(held_ids(live_server.engine)) == 2
    return device


def run(live_server: Any, capsys: Any, *args: str) -> tuple[int, str, str]:
    url = live_server.engine.url.render_as_string(hide_password=False)
    capsys.readouterr()
    code = admin.main(["--db", url, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_administrator_decides_in_order_once_with_reasons(
    revoked: Device, live_server: Any, capsys: Any
) -> None:
    first, second = held_ids(live_server.engine)
    code, out, _ = run(live_server, capsys, "quarantine-list")
    assert code == 0 and len(out.splitlines()) == 2
    assert "user=haining1" in out and f"device={revoked.store.device_id}" in out
    # the change waits for the earlier change of its record
    code, _, err = run(live_server, capsys, "quarantine-release", str(second), "--by", "王管理")
    assert code == 1 and f"release or reject {first} first" in err
    # a rejection needs a reason; an unknown id is named
    code, _, err = run(
        live_server, capsys, "quarantine-reject", str(first), "--reason", " ", "--by", "王管理"
    )
    assert code == 1 and "reason" in err
    code, _, err = run(live_server, capsys, "quarantine-release", "999999", "--by", "王管理")
    assert code == 1 and "no quarantined change 999999" in err
    # decided once: released, then never again
    code, out, _ = run(live_server, capsys, "quarantine-release", str(first), "--by", "王管理")
    assert (code, out.split()[-1]) == (0, "accepted")
    code, _, err = run(live_server, capsys, "quarantine-release", str(first), "--by", "王管理")
    assert code == 1 and "released already" in err
    code, _, _ = run(
        live_server, capsys, "quarantine-reject", str(second), "--reason", "号码不符", "--by", "李"
    )
    assert code == 0
    code, out, _ = run(live_server, capsys, "quarantine-list")
    assert (code, out) == (0, "")
    code, out, _ = run(live_server, capsys, "quarantine-list", "--all")
    lines = out.splitlines()
    assert "released by 王管理: accepted" in lines[0]
    assert "rejected by 李: 号码不符" in lines[1]


def test_a_release_is_judged_by_the_push_rules_and_can_be_refused(
    revoked: Device, live_server: Any, capsys: Any
) -> None:
    """A change of a record the server does not hold, handed in and released: refused with the
    push's own code, and the device is told so."""
    entry = {
        "entry_id": new_id(),
        "table": "enterprise",
        "record_id": new_id(),
        "op": "update",
        "changes": {"contact_phone": ["", "0573-80000000"]},
    }
    answer = revoked.api.hand_in([entry])
    assert [r["status"] for r in answer["results"]] == ["held"]
    item = held_ids(live_server.engine)[-1]
    code, out, err = run(live_server, capsys, "quarantine-release", str(item), "--by", "王管理")
    assert code == 0 and "rejected unknown_record" in out and "no such record" in err
    again = revoked.api.hand_in([entry])  # the device asks again: told the decision
    assert again["results"][0]["status"] == "rejected"
    assert again["results"][0]["reason"]["code"] == "unknown_record"


def test_only_a_revoked_device_hands_in_and_nothing_of_it_is_applied(
    devices: Any, live_server: Any, revoked: Device
) -> None:
    """A device in good standing is sent to push; a revoked one's hand-in is held whatever it
    claims; the same entry id with other content is refused, not stored twice."""
    ok: Device = devices("haining2")
    ok.sync()
    with pytest.raises(SyncError) as info:
        ok.api.hand_in([])
    assert (info.value.status, info.value.code) == (403, "device_not_revoked")
    pending = outbox.outbox(revoked.store.conn, revoked.tables, 10)
    changed = dict(pending[0], device_time="2020-01-01T00:00:00+08:00")
    answer = revoked.api.hand_in([changed])
    assert answer["results"][0]["reason"]["code"] == "entry_id_reused"
    assert len(held_ids(live_server.engine)) == 2
    assert changelog.pending_count(revoked.store.conn) == 2
    # a token never issued to the device names nobody
    response = requests.post(
        f"{live_server.url}/api/v1/quarantine",
        json={"entries": []},
        headers={
            protocol.H_PROTOCOL: str(protocol.PROTOCOL_VERSION),
            protocol.H_DEVICE: revoked.store.device_id,
            "Authorization": "Bearer not-a-token",
        },
        timeout=30,
    )
    assert (response.status_code, response.json()["error"]) == (401, "token_invalid")


def test_a_device_cannot_leave_more_than_its_share_of_changes_held(
    devices: Any, live_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the limit of undecided changes a hand-in is refused whole (429 ``quarantine_full``,
    both languages) and its changes stay pending on the laptop; once an administrator has
    decided, the rest are handed in. Replays of changes already held take no room."""
    from sync.server import quarantine

    monkeypatch.setattr(quarantine, "MAX_HELD_PER_DEVICE", 2)
    device: Device = devices("haining1")
    device.sync()
    record = device.create(ENTRY)
    device.update(record, {"contact_phone": "0573-87654321"})
    device.update(record, {"contact_phone": "0573-87654322"})
    admin.revoke_device(live_server.engine, device.store.device_id)
    pending = outbox.outbox(device.store.conn, device.tables, 10)
    assert len(pending) == 3
    with pytest.raises(SyncError) as full:
        device.api.hand_in(pending)
    assert (full.value.status, full.value.code) == (429, "quarantine_full")
    assert "上限2项" in full.value.zh and "at most 2" in full.value.en
    assert held_ids(live_server.engine) == []  # refused whole: nothing kept of it
    first = device.api.hand_in(pending[:2])
    assert [r["status"] for r in first["results"]] == [protocol.HELD] * 2
    again = device.api.hand_in(pending[:2])  # a replay takes no room
    assert again["results"] == first["results"]
    with pytest.raises(SyncError):
        device.sync()  # hands in what it can: refused, all three still pending here
    assert changelog.pending_count(device.store.conn) == 3
    admin.reject_quarantined(live_server.engine, held_ids(live_server.engine)[0], "spam", "admin1")
    last = device.api.hand_in(pending[2:])
    assert [r["status"] for r in last["results"]] == [protocol.HELD]
    assert len(held_ids(live_server.engine)) == 2
