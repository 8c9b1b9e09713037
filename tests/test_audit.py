"""The audit chain of local writes: appended with each unit of work, and every way of tampering
with a copied database file found at the row where it was done."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from helpers import KNOWN_ENTRIES, ROOT, generated, run_python
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store import audit
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store
from sync.api import SyncError
from sync.server import audit as server_audit


def _write_history(store: Store, registry: Registry, tree: JurisdictionTree) -> list[str]:
    """Three entries created one by one, two updates, then a bulk import of 20: 6 chain rows."""
    ids = []
    for raw in KNOWN_ENTRIES[:3]:
        with UnitOfWork(store, "officer-1") as uow:
            ids.append(registry.create(uow, raw))
    with UnitOfWork(store, "officer-2") as uow:
        registry.update(uow, ids[0], {"contact_phone": "13905730999"})
    with UnitOfWork(store, "officer-1") as uow:
        registry.update(uow, ids[1], {"legal_rep": "王小明"})
    rows = generated(tree, 20)
    keys = [registry.pinyin.keys(r["name"]) for r in rows]
    records = [registry.rules.normalise(r) for r in rows]
    with UnitOfWork(store, "officer-1") as uow:
        registry.upsert_many(uow, records, keys)
    return ids


@pytest.fixture
def chained(store: Store, registry: Registry, tree: JurisdictionTree) -> tuple[Store, list[str]]:
    return store, _write_history(store, registry, tree)


def test_each_local_write_appends_one_row_in_its_transaction(
    chained: tuple[Store, list[str]],
) -> None:
    store, ids = chained
    chain = audit.rows(store.conn)
    assert [r["seq"] for r in chain] == [1, 2, 3, 4, 5, 6]
    assert [r["action"] for r in chain] == ["insert"] * 3 + ["update"] * 2 + [audit.BULK]
    assert [r["actor"] for r in chain[:5]] == ["officer-1"] * 3 + ["officer-2", "officer-1"]
    assert chain[0]["prev_hash"] == audit.GENESIS
    assert all(b["prev_hash"] == a["hash"] for a, b in zip(chain, chain[1:], strict=False))
    # the update's "before" is the insert's "after"; its "after" is the record as stored now
    assert chain[3]["before_sha256"] == chain[0]["after_sha256"] != chain[3]["after_sha256"]
    assert chain[3]["after_sha256"] == audit.record_state(store.conn, "enterprise", ids[0])
    # the bulk row stands for its 20 change-log entries
    assert chain[5]["entry_last"] - chain[5]["entry_first"] == 19
    verdict = audit.verify(store.conn)
    assert verdict.intact and verdict.rows == 6 and verdict.head == chain[-1]["hash"]


def test_a_failed_unit_of_work_leaves_no_row_and_remote_changes_none(
    store: Store, registry: Registry
) -> None:
    with pytest.raises(RuntimeError), UnitOfWork(store, "officer-1") as uow:
        registry.create(uow, KNOWN_ENTRIES[0])
        raise RuntimeError("stop")
    with UnitOfWork(store, "server", origin="remote") as uow:
        registry.create(uow, KNOWN_ENTRIES[1])
    assert audit.head(store.conn) == (0, audit.GENESIS)
    assert audit.verify(store.conn).intact


def test_a_chain_row_that_cannot_be_written_rolls_the_change_back(
    store: Store, registry: Registry
) -> None:
    store.conn.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'no'); END"
    )
    with pytest.raises(sqlite3.IntegrityError), UnitOfWork(store, "officer-1") as uow:
        registry.create(uow, KNOWN_ENTRIES[0])
    assert store.conn.execute("SELECT count(*) FROM enterprise").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM change_log").fetchone()[0] == 0
    assert not uow.changes


def test_the_app_cannot_change_or_remove_a_row(chained: tuple[Store, list[str]]) -> None:
    store, _ = chained
    for sql in (
        "UPDATE audit_log SET actor = 'someone' WHERE seq = 2",
        "DELETE FROM audit_log WHERE seq = 6",
        "INSERT INTO audit_log SELECT * FROM audit_log WHERE seq = 1",
    ):
        with pytest.raises(sqlite3.IntegrityError):
            store.conn.execute(sql)
    assert audit.verify(store.conn).intact


def _sign(store: Store, count: int) -> None:
    chain = audit.rows(store.conn)
    with store.transaction() as conn:
        audit.keep_checkpoint(
            conn,
            audit.Checkpoint(count, chain[count - 1]["hash"], "t", "server", "key", "sig"),
        )


def _tamper(store: Store, *statements: str) -> audit.Verdict:
    """What an attacker with a copy of the file can do: drop the triggers, then write."""
    conn = store.conn
    for name in ("audit_log_kept_update", "audit_log_kept_delete", "audit_log_append"):
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    for name in ("change_log_append_only", "change_log_history_kept"):
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    for sql in statements:
        conn.execute(sql)
    return audit.verify(conn)


def _rehash_from(store: Store, seq: int) -> None:
    """Recompute every hash from ``seq`` on, as a careful forger would."""
    chain = audit.rows(store.conn)
    prev = chain[seq - 2]["hash"] if seq > 1 else audit.GENESIS
    for row in chain[seq - 1 :]:
        row["prev_hash"] = prev
        prev = audit.row_hash(row)
        store.conn.execute(
            "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?",
            (row["prev_hash"], prev, row["seq"]),
        )


def _rewrite_row(s: Store) -> audit.Verdict:
    """Row 2 edited and given its own correct hash: row 3 no longer points at it."""
    _tamper(s, "UPDATE audit_log SET actor = 'officer-9' WHERE seq = 2")
    row = audit.rows(s.conn, 1, 1)[0]
    s.conn.execute("UPDATE audit_log SET hash = ? WHERE seq = 2", (audit.row_hash(row),))
    return audit.verify(s.conn)


def _reorder(s: Store) -> audit.Verdict:
    return _tamper(
        s,
        "UPDATE audit_log SET seq = -1 WHERE seq = 2",
        "UPDATE audit_log SET seq = 2 WHERE seq = 3",
        "UPDATE audit_log SET seq = 3 WHERE seq = -1",
    )


CASES: dict[str, tuple[Callable[[Store], audit.Verdict], str, int]] = {
    "edited actor": (
        lambda s: _tamper(s, "UPDATE audit_log SET actor = 'officer-9' WHERE seq = 4"),
        "edited",
        4,
    ),
    "edited after-hash": (
        lambda s: _tamper(s, "UPDATE audit_log SET after_sha256 = 'ab' WHERE seq = 1"),
        "edited",
        1,
    ),
    "missing row": (lambda s: _tamper(s, "DELETE FROM audit_log WHERE seq = 3"), "missing", 3),
    "reordered rows": (_reorder, "edited", 2),
    "row rewritten with its own hash": (_rewrite_row, "relinked", 3),
    "truncated tail": (
        lambda s: _tamper(s, "DELETE FROM audit_log WHERE seq >= 5"),
        "truncated",
        4,
    ),
    "change-log entry edited": (
        lambda s: _tamper(
            s,
            'UPDATE change_log SET changes = \'{"contact_phone":["1","2"]}\' '
            "WHERE seq = (SELECT entry_first FROM audit_log WHERE seq = 4)",
        ),
        "entry_changed",
        4,
    ),
    "entry of a bulk import edited": (
        lambda s: _tamper(
            s,
            "UPDATE change_log SET record_id = 'forged' "
            "WHERE seq = (SELECT entry_last FROM audit_log WHERE seq = 6)",
        ),
        "entry_changed",
        6,
    ),
    "record changed behind the app": (
        lambda s: _tamper(s, "UPDATE enterprise SET legal_rep = '李四' WHERE legal_rep = '王小明'"),
        "record_changed",
        5,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_tampering_is_found_at_its_row(chained: tuple[Store, list[str]], case: str) -> None:
    store, _ = chained
    assert audit.verify(store.conn).intact
    act, kind, seq = CASES[case]
    verdict = act(store)
    assert not verdict.intact
    first = verdict.first
    assert first is not None
    assert (first.kind, first.seq) == (kind, seq), verdict.breaks
    assert str(seq) in first.zh and str(seq) in first.en


def test_a_wholly_recomputed_chain_is_caught_by_the_signed_head(
    chained: tuple[Store, list[str]],
) -> None:
    store, _ = chained
    _sign(store, 4)
    verdict = _tamper(store, "UPDATE audit_log SET actor = 'officer-9' WHERE seq = 2")
    assert verdict.first is not None and verdict.first.kind == "edited"
    _rehash_from(store, 2)  # every link consistent again: only the server's signature tells
    verdict = audit.verify(store.conn)
    assert verdict.first is not None
    assert (verdict.first.kind, verdict.first.seq) == ("rewritten", 4)


def test_a_tail_cut_below_the_signed_head_is_truncation(chained: tuple[Store, list[str]]) -> None:
    store, _ = chained
    _sign(store, 6)
    verdict = _tamper(store, "DELETE FROM audit_log WHERE seq >= 4")
    assert verdict.first is not None
    assert (verdict.first.kind, verdict.first.seq) == ("truncated", 3)


def test_a_row_cut_out_and_the_chain_rebuilt_leaves_its_entry_unchained(
    chained: tuple[Store, list[str]],
) -> None:
    store, _ = chained
    entry = store.conn.execute("SELECT entry_first FROM audit_log WHERE seq = 2").fetchone()[0]
    _tamper(
        store,
        "DELETE FROM audit_log WHERE seq = 2",
        "UPDATE audit_log SET seq = seq - 1 WHERE seq > 2",
    )
    _rehash_from(store, 2)  # renumbered and rehashed: the links alone look sound
    verdict = audit.verify(store.conn)
    assert verdict.rows == 5
    assert verdict.first is not None
    assert (verdict.first.kind, verdict.first.seq) == ("unchained", entry)


def test_a_checkpoint_of_another_chain_is_refused(chained: tuple[Store, list[str]]) -> None:
    store, _ = chained
    with pytest.raises(ValueError), store.transaction() as conn:
        audit.keep_checkpoint(conn, audit.Checkpoint(3, "f" * 64, "t", "s", "k", "sig"))
    assert audit.checkpoints(store.conn) == []


def test_the_command_exits_0_intact_1_tampered_2_unreadable(
    tmp_path: Path, registry: Registry, tree: JurisdictionTree
) -> None:
    base = tmp_path / "base"
    base.mkdir()
    store = Store.open(base / "inspector.sqlite3")
    from inspector_app.registry import jurisdictions

    jurisdictions.install(store, tree)
    _write_history(store, registry, tree)
    store.close()
    ok = run_python("-m", "inspector_app.store.audit", "verify", "--basedir", str(base))
    assert ok.returncode == 0, ok.stderr
    assert "6" in ok.stdout and "intact" in ok.stdout
    conn = sqlite3.connect(base / "inspector.sqlite3")
    conn.execute("DROP TRIGGER audit_log_kept_update")
    conn.execute("UPDATE audit_log SET at = '2020-01-01T00:00:00+08:00' WHERE seq = 3")
    conn.commit()
    conn.close()
    bad = run_python("-m", "inspector_app.store.audit", "verify", "--basedir", str(base))
    assert bad.returncode == 1
    assert bad.stdout.startswith("edited\t3\t")
    missing = run_python("-m", "inspector_app.store.audit", "verify", "--basedir", str(tmp_path))
    assert missing.returncode == 2 and "cannot open" in missing.stderr
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "inspector.sqlite3").write_bytes(b"not a database" * 100)
    junk = run_python(
        "-m", "inspector_app.store.audit", "verify", "--basedir", str(tmp_path / "junk")
    )
    assert junk.returncode == 2


def test_the_command_opens_an_encrypted_store_with_its_password(
    tmp_path: Path, registry: Registry, tree: JurisdictionTree
) -> None:
    from inspector_app.registry import jurisdictions
    from inspector_app.store.keyfile import KeyFile
    from inspector_app.store.paths import AppPaths

    paths = AppPaths.create(tmp_path / "base")
    key = KeyFile(paths.key_file, paths.key_backup).create("the password")
    store = Store.open(paths.database, key=key)
    jurisdictions.install(store, tree)
    _write_history(store, registry, tree)
    store.close()

    def verify(password: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "inspector_app.store.audit",
                "verify",
                "--basedir",
                str(paths.basedir),
                "--password-stdin",
            ],
            input=password + "\n",
            cwd=ROOT,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
            capture_output=True,
            text=True,
            timeout=120,
        )

    ok = verify("the password")
    assert ok.returncode == 0, ok.stderr
    assert "intact" in ok.stdout
    wrong = verify("something else")
    assert wrong.returncode == 2 and "密码不正确" in wrong.stderr


# -- the server's copy and its signed heads ---------------------------------------------------


def _send(device: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return device.api.request("POST", "/audit/checkpoint", json={"rows": rows})


def test_the_server_keeps_the_chain_and_signs_its_head(devices: Any, live_server: Any) -> None:
    device = devices("haining1")
    ids = [device.create(raw) for raw in KNOWN_ENTRIES]
    rows = audit.unsent(device.store.conn)
    assert len(rows) == 3
    answer = _send(device, rows)
    assert (answer["count"], answer["head"]) == (3, rows[-1]["hash"])
    signed = server_audit.message(
        answer["server_id"], device.store.device_id, 3, answer["head"], answer["signed_at"]
    )
    assert server_audit.signature_ok(answer["public_key"], signed, answer["signature"])
    assert not server_audit.signature_ok(answer["public_key"], signed + b" ", answer["signature"])
    with device.store.transaction() as conn:
        audit.keep_answer(conn, answer)
    assert audit.unsent(device.store.conn) == []
    # a retry of the same rows answers the same head; the head can be asked for
    assert _send(device, rows)["count"] == 3
    head = device.api.request("GET", "/audit/head")
    assert (head["count"], head["head"], head["signature"]) == (
        3,
        rows[-1]["hash"],
        answer["signature"],
    )
    device.update(ids[0], {"contact_phone": "13905730999"})
    assert _send(device, audit.unsent(device.store.conn))["count"] == 4
    assert audit.verify(device.store.conn).intact


def test_the_server_refuses_a_gap_a_bad_link_and_a_rewritten_copy(
    devices: Any, live_server: Any
) -> None:
    device = devices("haining1")
    first = [device.create(raw) for raw in KNOWN_ENTRIES][0]
    device.update(first, {"contact_phone": "13905730999"})
    rows = audit.unsent(device.store.conn)
    _send(device, rows[:2])
    with pytest.raises(SyncError) as gap:
        _send(device, rows[3:])
    assert (gap.value.status, gap.value.code) == (409, "audit_gap")
    assert "2" in gap.value.zh and "3" in gap.value.en
    relinked = dict(rows[2], prev_hash=rows[0]["hash"])
    relinked["hash"] = audit.row_hash(relinked)
    with pytest.raises(SyncError) as broken:
        _send(device, [relinked])
    assert (broken.value.status, broken.value.code) == (409, "audit_broken")
    assert "3" in broken.value.en
    edited = dict(rows[2], actor="someone")  # hash left as it was
    with pytest.raises(SyncError) as bad_hash:
        _send(device, [edited])
    assert bad_hash.value.code == "audit_broken"
    rewritten = dict(rows[1], actor="someone")
    rewritten["hash"] = audit.row_hash(rewritten)
    with pytest.raises(SyncError) as differs:
        _send(device, [rewritten])
    assert differs.value.code == "audit_broken" and "rewritten" in differs.value.en
    other = dict(rows[2], device_id="0" * 36)
    other["hash"] = audit.row_hash(other)
    with pytest.raises(SyncError) as foreign:
        _send(device, [other])
    assert (foreign.value.status, foreign.value.code) == (403, "audit_foreign_device")
    assert _send(device, rows[2:])["count"] == 4  # nothing refused was kept


def test_the_server_verify_command_finds_a_changed_row(devices: Any, live_server: Any) -> None:
    device = devices("haining1")
    for raw in KNOWN_ENTRIES[:3]:
        device.create(raw)
    _send(device, audit.unsent(device.store.conn))
    url = live_server.config.db_url
    ok = run_python("-m", "sync.server.audit", "verify", "--db", url)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    with live_server.engine.begin() as conn:
        body = conn.execute(
            sa.select(server_audit.audit_chain.c.body).where(server_audit.audit_chain.c.seq == 2)
        ).scalar_one()
        conn.execute(
            server_audit.audit_chain.update()
            .where(server_audit.audit_chain.c.seq == 2)
            .values(body=body.replace("haining1", "x").replace('"actor":"', '"actor":"x'))
        )
    bad = run_python("-m", "sync.server.audit", "verify", "--db", url)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert f"{device.store.device_id}\tedited\t2" in bad.stdout
    missing = run_python("-m", "sync.server.audit", "verify", "--db", "sqlite:////nonexistent/x.db")
    assert missing.returncode == 2
