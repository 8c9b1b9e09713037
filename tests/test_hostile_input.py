"""Hostile input on the desktop (issue 9 item 7): a malformed import file, a huge or
pixel-bomb photo, a corrupt template, a database from a newer version — each refused with a
message in both languages, and nothing already saved changed."""

from __future__ import annotations

import hashlib
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from helpers import KNOWN_ENTRIES
from inspector_app.documents import kinds
from inspector_app.documents.templates import (
    DocumentError,
    TemplateError,
    parse_template,
    render_html,
)
from inspector_app.registry import importer
from inspector_app.registry.entries import Registry
from inspector_app.registry.importer import ImportFileError
from inspector_app.store import attachments, migrations
from inspector_app.store.attachments import AttachmentError
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store, StoreTooNew

HEADER = "统一社会信用代码,名称,类型,县（市、区）,住所\n"


def _counts(store: Store) -> tuple[int, int, int]:
    return tuple(  # type: ignore[return-value]
        store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("enterprise", "change_log", "audit_log")
    )


@pytest.fixture
def saved(store: Store, registry: Registry) -> Store:
    with UnitOfWork(store, "officer-1") as uow:
        registry.create(uow, KNOWN_ENTRIES[0])
    return store


def _good_xlsx(path: Path, rows: int = 3) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["统一社会信用代码", "名称", "类型", "县（市、区）", "住所"])
    for i in range(rows):
        sheet.append(["91330402MA2B3C4D1N", f"企业{i}", "企业", "南湖区", "中山路1号"])
    book.save(path)
    return path


def _truncated(path: Path) -> None:
    data = _good_xlsx(path).read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _damaged_sheet(path: Path) -> None:
    """A whole zip whose worksheet XML breaks off: openpyxl fails only while reading rows."""
    source = _good_xlsx(path.with_name("source.xlsx"), rows=50)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            new.writestr(info, data)


def _bomb(path: Path) -> None:
    """A worksheet part that inflates to 600 MB from a file of well under 1 MB."""
    source = _good_xlsx(path.with_name("source.xlsx"))
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename.startswith("xl/worksheets/"):
                with new.open(info.filename, "w", force_zip64=True) as part:
                    part.write(data)
                    chunk = b" " * (1024 * 1024)
                    for _ in range(600):
                        part.write(chunk)
                continue
            new.writestr(info, data)


FILES = {
    "binary as csv": ("data.csv", lambda p: p.write_bytes(bytes(range(256)) * 40)),
    "NUL in csv": ("data.csv", lambda p: p.write_bytes((HEADER + "9133\x00,名称\n").encode())),
    "broken quote csv": (
        "data.csv",
        lambda p: p.write_text(HEADER + '91330402MA2B3C4D1N,"嘉兴化工,企业\n' * 3),
    ),
    "huge csv field": (
        "data.csv",
        lambda p: p.write_text(
            HEADER + "91330402MA2B3C4D1N," + "名" * 200_000 + ",企业,南湖区,x\n"
        ),
    ),
    "truncated xlsx": ("data.xlsx", _truncated),
    "damaged worksheet": ("data.xlsx", _damaged_sheet),
    "inflating part": ("data.xlsx", _bomb),
    "empty xlsx": ("data.xlsx", lambda p: p.write_bytes(b"")),
}


@pytest.mark.parametrize("case", sorted(FILES))
def test_a_malformed_import_file_is_refused_and_nothing_changes(
    tmp_path: Path, saved: Store, registry: Registry, case: str
) -> None:
    name, make = FILES[case]
    path = tmp_path / name
    make(path)
    before = _counts(saved)
    with pytest.raises(ImportFileError) as refused:
        importer.import_file(saved, registry, path, "officer-1")
    assert refused.value.zh and refused.value.en and refused.value.zh != refused.value.en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.value.zh)
    assert _counts(saved) == before
    assert saved.quick_check() == []


# -- photos ----------------------------------------------------------------------------------


def _png(path: Path, width: int, height: int) -> Path:
    """A PNG whose header claims ``width`` × ``height`` (the pixel data of a 1×1 image)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )
    return path


def _jpeg(path: Path, width: int, height: int) -> Path:
    sof = struct.pack(">BHHB", 8, height, width, 3) + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    path.write_bytes(
        b"\xff\xd8"
        + b"\xff\xe0"
        + struct.pack(">H", 16)
        + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + b"\xff\xc0"
        + struct.pack(">H", len(sof) + 2)
        + sof
        + b"\xff\xd9"
    )
    return path


@pytest.mark.parametrize("make", [_png, _jpeg], ids=["png", "jpeg"])
def test_a_pixel_bomb_photo_is_refused_before_it_is_kept(
    tmp_path: Path, saved: Store, make: object
) -> None:
    folder = tmp_path / "attachments"
    bomb = make(tmp_path / "bomb.img", 50_000, 50_000)  # type: ignore[operator]
    before = _counts(saved)
    with pytest.raises(AttachmentError) as refused:
        attachments.add_file(saved, folder, bomb, "image/jpeg")
    assert refused.value.code == "too_many_pixels"
    assert "2500" in refused.value.zh and "megapixels" in refused.value.en
    assert _counts(saved) == before
    assert not folder.exists() or not any(p.is_file() for p in folder.rglob("*"))
    # an ordinary photo of the same kind goes in
    small = make(tmp_path / "small.img", 4000, 3000)  # type: ignore[operator]
    sha = attachments.add_file(saved, folder, small, "image/jpeg")
    assert attachments.verify(folder, sha)


def test_a_photo_over_the_size_limit_is_refused_and_nothing_is_left(
    tmp_path: Path, saved: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(attachments, "MAX_BYTES", 64 * 1024)
    big = tmp_path / "big.jpg"
    big.write_bytes(b"\xff\xd8" + b"\x00" * (65 * 1024))
    folder = tmp_path / "attachments"
    before = _counts(saved)
    with pytest.raises(AttachmentError) as refused:
        attachments.add_file(saved, folder, big, "image/jpeg")
    assert refused.value.code == "too_large"
    assert "附件过大" in refused.value.zh and "larger than" in refused.value.en
    assert _counts(saved) == before
    assert not any(p.is_file() for p in folder.rglob("*"))


# -- templates and databases -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "{% for x in %}{{ x }}{% end %}",
        "{% if a %}never closed",
        "{{ a.b. }}",
        "{% end %}",
    ],
    ids=["bad for", "unclosed if", "bad name", "stray end"],
)
def test_a_corrupt_template_is_named_with_its_line(text: str) -> None:
    with pytest.raises(TemplateError) as refused:
        parse_template(text, "corrupt.html")
    assert "corrupt.html" in refused.value.zh and "corrupt.html" in refused.value.en
    assert "行" in refused.value.zh and "line" in refused.value.en


def test_a_template_file_that_is_not_text_is_refused(tmp_path: Path) -> None:
    shutil.copytree(kinds.templates_dir(), tmp_path / "templates")
    kind = sorted(kinds.kinds_in(tmp_path / "templates"))[0]
    (tmp_path / "templates" / f"{kind}.html").write_bytes(b"<p>\xff\xfe\x00garbage")
    with pytest.raises(DocumentError) as refused:
        render_html(kind, {}, lambda _p: None, tmp_path / "templates")
    assert refused.value.code == "template-corrupt"
    assert "损坏" in refused.value.zh and "damaged" in refused.value.en


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path: Path, tree: object) -> None:
    path = tmp_path / "inspector.sqlite3"
    s = Store.open(path)
    s.conn.execute(f"PRAGMA user_version = {migrations.latest_version() + 3}")
    s.close()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(StoreTooNew) as refused:
        Store.open(path, backups_dir=tmp_path / "backups")
    assert "较新版本" in refused.value.zh and "newer version" in refused.value.en
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert not (tmp_path / "backups").exists()
