"""Attachments of an encrypted store: sealed files, read back through the vault by the photo
view, the printed signature and the sync upload and download (issue 9 item 4)."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QByteArray
from PySide6.QtGui import QImage
from sync_support import Device

from inspector_app.documents import issued
from inspector_app.registry import jurisdictions
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store import attachments, sealed
from inspector_app.store.attachments import AttachmentError, Vault
from inspector_app.store.database import Store
from sync.api import ApiClient, Connection
from sync.transfer import Transfers
from ui.documents import read_image, render_html
from ui.photo_view import photo_image

CHUNK = 64 * 1024


def png_bytes(width: int = 64, height: int = 32, rgb: int = 0x3366CC) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(rgb)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def marked_bytes(size: int) -> bytes:
    """Content with a readable marker every 1000 bytes (a leak shows in any copy)."""
    unit = b"EVIDENCE-MARKER-" + b"x" * 984
    return (unit * (size // len(unit) + 1))[:size]


def keyed(tmp_path: Path, name: str = "inspector.sqlite3") -> Store:
    return Store.open(tmp_path / name, key=secrets.token_bytes(32))


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 77])
def test_sealed_files_round_trip_and_hold_no_plaintext(tmp_path: Path, size: int) -> None:
    key = secrets.token_bytes(32)
    plain = marked_bytes(size)
    path = tmp_path / "f"
    writer = sealed.SealedWriter(path, key)
    for at in range(0, size, 10_000):
        writer.write(plain[at : at + 10_000])
    writer.close()
    assert b"EVIDENCE-MARKER" not in path.read_bytes()
    reader = sealed.SealedReader(path, key)
    assert reader.size == size
    assert b"".join(reader.pieces()) == plain
    for offset, length in ((0, 5), (CHUNK - 3, 10), (size // 2, CHUNK + 9), (size, 4)):
        assert reader.read(offset, length) == plain[offset : offset + length]
    with pytest.raises(sealed.SealError):
        b"".join(sealed.SealedReader(path, secrets.token_bytes(32)).pieces())


def test_a_cut_or_altered_sealed_file_does_not_open(tmp_path: Path) -> None:
    key = secrets.token_bytes(32)
    path = tmp_path / "f"
    writer = sealed.SealedWriter(path, key)
    writer.write(marked_bytes(2 * CHUNK + 5))
    writer.close()
    whole = path.read_bytes()
    # cut at a chunk boundary: the new last chunk was not sealed as the last one
    path.write_bytes(whole[: sealed.HEADER + sealed.SEALED_CHUNK])
    with pytest.raises(sealed.SealError):
        b"".join(sealed.SealedReader(path, key).pieces())
    altered = bytearray(whole)
    altered[sealed.HEADER + 10] ^= 1
    path.write_bytes(bytes(altered))
    with pytest.raises(sealed.SealError):
        sealed.SealedReader(path, key).read(0, 10)


def test_add_file_on_an_encrypted_store_seals_it_under_its_plaintext_hash(
    tmp_path: Path,
) -> None:
    store = keyed(tmp_path)
    folder = tmp_path / "attachments"
    content = marked_bytes(3 * CHUNK + 5)
    source = tmp_path / "photo.jpg"
    source.write_bytes(content)
    sha = attachments.add_file(store, folder, source, "image/jpeg")
    assert sha == hashlib.sha256(content).hexdigest()
    kept = attachments.path_of(folder, sha)
    assert sealed.is_sealed(kept) and b"EVIDENCE-MARKER" not in kept.read_bytes()
    vault = Vault.of(folder, store)
    assert vault.read_bytes(sha) == content and vault.verify(sha)
    assert vault.size(sha) == len(content)
    assert vault.read_chunk(sha, CHUNK - 2, 6) == content[CHUNK - 2 : CHUNK + 4]
    # adding it again keeps one file; a plain reader never takes it for the photo
    assert attachments.add_file(store, folder, source, "image/jpeg") == sha
    assert not attachments.verify(folder, sha)
    with pytest.raises(AttachmentError) as plain_read:
        Vault(folder).read_bytes(sha)
    assert plain_read.value.code == "damaged"
    # another store's key does not open it
    other = Vault.for_key(folder, secrets.token_bytes(32))
    with pytest.raises(AttachmentError):
        other.read_bytes(sha)
    store.close()


def test_photo_view_and_printed_signature_read_the_sealed_file(qtbot: Any, tmp_path: Path) -> None:
    store = keyed(tmp_path)
    folder = tmp_path / "attachments"
    png = png_bytes()
    source = tmp_path / "sign.png"
    source.write_bytes(png)
    sha = attachments.add_file(store, folder, source, "image/png")
    assert png not in attachments.path_of(folder, sha).read_bytes()
    vault = Vault.of(folder, store)
    image = photo_image(vault, sha)
    assert (image.width(), image.height()) == (64, 32)
    assert image.pixelColor(5, 5).name() == "#3366cc"
    assert photo_image(Vault(folder), sha).isNull()  # without the key: nothing to show

    content = {"signatures": {"party": {"name": "张三", "image_sha256": sha}}}
    printed = issued.printable(content, vault)
    reference = printed["signatures"]["party"]["image"]
    assert reference.startswith("data:image/png;base64,")
    found = read_image(reference)
    assert found is not None and found[1] == (64, 32)
    # a missing signature file prints as a blank line to sign on paper
    gone = issued.printable(
        {"signatures": {"party": {"name": "李四", "image_sha256": "0" * 64}}}, vault
    )
    assert gone["signatures"]["party"]["image"] is None
    store.close()


def test_the_printed_document_draws_the_sealed_signature(qtbot: Any, tmp_path: Path) -> None:
    from test_documents import RECTIFICATION_ORDER, run, signature_png, with_change

    from ui.documents import render_pdf

    store = keyed(tmp_path)
    folder = tmp_path / "attachments"
    sha = attachments.add_file(store, folder, signature_png(tmp_path / "s.png"), "image/png")
    (tmp_path / "s.png").unlink()  # only the sealed copy is left
    content = with_change(RECTIFICATION_ORDER, "signatures.receiver.image_sha256", sha)
    context = issued.printable(content, Vault.of(folder, store))
    markup = render_html("rectification_order", context)
    assert '<img src="data:image/png;base64,' in markup and 'width="90" height="30"' in markup
    path = render_pdf("rectification_order", context, tmp_path / "r.pdf")
    images = run("pdfimages", "-list", str(path)).splitlines()[2:]
    assert len(images) >= 1
    store.close()


def encrypted_device(
    folder: Path, tree: JurisdictionTree, registry: Registry, url: str, username: str
) -> Device:
    folder.mkdir()
    store = Store.open(folder / "inspector.sqlite3", key=secrets.token_bytes(32))
    jurisdictions.install(store, tree)
    api = ApiClient(Connection(url), store.device_id)
    device = Device(store, registry, api)
    api.on_credentials = lambda creds: creds.save(store)
    device.login(username)
    return device


def test_sync_uploads_and_downloads_a_photo_between_encrypted_stores(
    live_server: Any, tree: JurisdictionTree, registry: Registry, tmp_path: Path
) -> None:
    from test_attachments import name_on_server

    a = encrypted_device(tmp_path / "a", tree, registry, live_server.url, "haining1")
    b = encrypted_device(tmp_path / "b", tree, registry, live_server.url, "haining2")
    try:
        content = marked_bytes(3 * CHUNK + 123)
        source = tmp_path / "photo.jpg"
        source.write_bytes(content)
        folder_a = a.store.path.parent / "attachments"
        sha = attachments.add_file(a.store, folder_a, source, "image/jpeg")
        report = a.sync()
        assert (report.uploaded, report.uploaded_bytes) == (1, len(content))
        name_on_server(live_server, sha)
        folder_b = b.store.path.parent / "attachments"
        fetched = Transfers(b.store, b.api, folder_b, chunk_bytes=CHUNK).download(sha)
        assert sealed.is_sealed(fetched) and b"EVIDENCE-MARKER" not in fetched.read_bytes()
        assert Vault.of(folder_b, b.store).read_bytes(sha) == content
        for device in (a, b):
            leaks = [
                p.name
                for p in device.store.path.parent.rglob("*")
                if p.is_file() and b"EVIDENCE-MARKER" in p.read_bytes()
            ]
            assert leaks == []
    finally:
        a.close()
        b.close()
