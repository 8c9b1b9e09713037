"""Converting a plain store to an encrypted one, and a SIGKILL at each step of it: nothing is
lost and nothing is left in clear (issue 9 item 4)."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import copy_store
from inspector_app.store import attachments, conversion, dbapi, sealed
from inspector_app.store.attachments import Vault
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store, StoreLocked, backups
from inspector_app.store.paths import AppPaths

ROOT = Path(__file__).resolve().parent.parent
MARKER = "转换标记-CONVERSION-MARKER-51c2"
PHOTO = b"PHOTO-IN-CLEAR-" * 5000
POINTS = [
    "export-started",
    "export-verified",
    "export-done",
    "seal-started",
    "seal-one",
    "seal-done",
    "backups-started",
    "backup-one",
    "backups-done",
    "documents-started",
    "documents-done",
]
ISSUED_PDF = b"%PDF-1.4 ISSUED-DOCUMENT-IN-CLEAR-7d3e"
NUMBER = "海应急责改〔2026〕1号"
BULLETIN = "典型案例通报.pdf"  # a publication, not an issued document: kept


def plain_basedir(base: Path, template: Path) -> tuple[AppPaths, dict[str, int], list[str]]:
    """A plain store with the small demo, a marker row, two photos and two backups."""
    paths = AppPaths.create(base)
    copy_store(template, paths.database)
    store = Store.open(paths.database)
    with UnitOfWork(store, "tester") as uow:
        uow.conn.execute("INSERT INTO meta(key, value) VALUES ('marker', ?)", (MARKER,))
    shas = []
    for n in range(2):
        source = base / f"photo{n}.jpg"
        source.write_bytes(PHOTO + bytes([n]))
        shas.append(attachments.add_file(store, paths.attachments_dir, source, "image/jpeg"))
        source.unlink()
        store.backup(paths.backups_dir, reason=f"test{n}")
    # the PDF a plain store wrote when a document was issued, and a published bulletin
    with UnitOfWork(store, "tester") as uow:
        county = uow.conn.execute("SELECT code FROM jurisdiction LIMIT 1").fetchone()[0]
        uow.conn.execute(
            "INSERT INTO document(id, kind, record_table, record_id, enterprise_id, county_code, "
            "doc_type, authority, year, seq, number, issued_on, content, content_sha256, "
            "created_by, created_at) VALUES ('d1', 'rectification_order', 'inspection', 'i1', "
            "'e1', ?, '责改', '海应急', 2026, 1, ?, '2026-11-20', '{}', '', 'tester', "
            "'2026-11-20T10:00:00+08:00')",
            (county, NUMBER),
        )
    paths.documents_dir.mkdir(parents=True, exist_ok=True)
    (paths.documents_dir / f"{NUMBER}.pdf").write_bytes(ISSUED_PDF)
    (paths.documents_dir / BULLETIN).write_bytes(b"%PDF-1.4 bulletin")
    counts = conversion._counts(store.conn)
    store.close()
    # a download cut short, in clear
    partial = attachments.partial_path(paths.attachments_dir, "a" * 64)
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_bytes(PHOTO[:1000])
    return paths, counts, shas


def names_in(store: Store) -> list[str]:
    rows = store.conn.execute("SELECT name FROM enterprise ORDER BY name LIMIT 3").fetchall()
    return [r[0] for r in rows]


def leaks(base: Path, needles: list[bytes]) -> list[str]:
    found = []
    for path in base.rglob("*"):
        if path.is_file() and "logs" not in path.parts:
            data = path.read_bytes()
            found += [f"{path.relative_to(base)}: {n[:20]!r}" for n in needles if n in data]
    return found


def check_converted(
    paths: AppPaths, key: bytes, counts: dict[str, int], shas: list[str], needles: list[bytes]
) -> None:
    assert not conversion.needs_conversion(paths)
    assert dbapi.is_encrypted(paths.database)
    with pytest.raises(StoreLocked):
        Store.open(paths.database)
    with Store.open(paths.database, key=key) as store:
        assert store.meta("marker") == MARKER
        assert conversion._counts(store.conn) == counts  # nothing lost, nothing doubled
        assert store.integrity_check() == []
    vault = Vault.for_key(paths.attachments_dir, key)
    for n, sha in enumerate(shas):
        assert sealed.is_sealed(vault.path(sha))
        assert vault.read_bytes(sha) == PHOTO + bytes([n])
    kept = backups(paths.backups_dir)
    assert len(kept) == 2
    for backup in kept:
        assert dbapi.is_encrypted(backup)
        with Store.open(backup, key=key, readonly=True) as copy:
            assert copy.meta("marker") == MARKER
    assert leaks(paths.basedir, needles) == []
    leftovers = [
        p.name
        for p in paths.basedir.rglob("*")
        if p.name.endswith((".encrypting", ".sealing", ".partial", ".converting"))
    ]
    assert leftovers == []
    assert [p.name for p in paths.documents_dir.iterdir()] == [BULLETIN]


def test_a_plain_store_is_converted_with_its_photos_and_backups(
    tmp_path: Path, demo_template: Path
) -> None:
    paths, counts, shas = plain_basedir(tmp_path / "base", demo_template)
    with Store.open(paths.database) as plain:
        needles = [
            MARKER.encode(),
            PHOTO[:60],
            ISSUED_PDF,
            *(n.encode() for n in names_in(plain)),
        ]
    assert leaks(paths.basedir, needles)  # the plain store does show them
    assert conversion.needs_conversion(paths)
    key = secrets.token_bytes(32)
    stages: list[str] = []
    conversion.convert(paths, key, progress=lambda stage, _d, _t: stages.append(stage))
    assert {"export", "seal", "backups", "documents"} <= set(stages)
    check_converted(paths, key, counts, shas, needles)
    # converting again changes nothing
    before = paths.database.read_bytes()
    conversion.convert(paths, key)
    assert paths.database.read_bytes() == before


def test_a_copy_that_does_not_match_is_not_put_in_place(
    tmp_path: Path, demo_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths, counts, _shas = plain_basedir(tmp_path / "base", demo_template)
    original = conversion._counts
    calls: list[int] = []

    def one_row_short(conn: object, schema: str = "main") -> dict[str, int]:
        found = original(conn, schema)
        calls.append(1)
        if len(calls) == 2:  # the encrypted copy's count (the first is the plain source's)
            found["meta"] -= 1
        return found

    monkeypatch.setattr(conversion, "_counts", one_row_short)
    with pytest.raises(conversion.ConversionError) as refused:
        conversion.convert(paths, secrets.token_bytes(32))
    assert "meta" in refused.value.en and "未替换" in refused.value.zh
    monkeypatch.undo()
    assert not dbapi.is_encrypted(paths.database)
    with Store.open(paths.database) as plain:
        assert conversion._counts(plain.conn) == counts
    assert not conversion._temp_path(paths.database).exists()
    assert conversion.in_progress(paths)  # the next start finishes it


KILLER = """
import os, signal, sys
sys.path.insert(0, {root!r})
from inspector_app.store import conversion
from inspector_app.store.paths import AppPaths

def checkpoint(point):
    if point == {point!r}:
        os.kill(os.getpid(), signal.SIGKILL)

conversion.convert(AppPaths.create({base!r}), bytes.fromhex({key!r}), checkpoint=checkpoint)
print("finished")
"""


@pytest.mark.parametrize("point", POINTS)
def test_a_kill_at_each_step_loses_nothing_and_leaves_nothing_in_clear(
    tmp_path: Path, demo_template: Path, point: str
) -> None:
    paths, counts, shas = plain_basedir(tmp_path / "base", demo_template)
    with Store.open(paths.database) as plain:
        needles = [
            MARKER.encode(),
            PHOTO[:60],
            ISSUED_PDF,
            *(n.encode() for n in names_in(plain)),
        ]
    key = secrets.token_bytes(32)
    script = KILLER.format(root=str(ROOT), point=point, base=str(paths.basedir), key=key.hex())
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == -9, done.stderr  # killed at the point
    assert conversion.in_progress(paths)
    # the database is whole either way: plain before the rename, encrypted after it
    if dbapi.is_encrypted(paths.database):
        with Store.open(paths.database, key=key, readonly=True) as store:
            assert store.meta("marker") == MARKER
    else:
        with Store.open(paths.database, readonly=True) as store:
            assert store.meta("marker") == MARKER
    conversion.convert(paths, key)  # the next start finishes the work
    check_converted(paths, key, counts, shas, needles)


def test_kill_points_are_the_ones_the_conversion_reaches(
    tmp_path: Path, demo_template: Path
) -> None:
    paths, _counts, _shas = plain_basedir(tmp_path / "base", demo_template)
    reached: list[str] = []
    conversion.convert(paths, secrets.token_bytes(32), checkpoint=reached.append)
    assert set(POINTS) <= set(reached) and reached[-1] == "finished"
    shutil.rmtree(paths.basedir)
    assert not os.path.exists(paths.basedir)
