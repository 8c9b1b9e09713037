"""Issued documents on an encrypted store are shown, never written out in clear: the inspection
record is issued, its button offers a preview drawn from the stored content, and the data folder
holds no PDF of it (issue 9 item 4: a copied laptop reveals nothing). A plain store keeps its
PDF beside the database as before (``test_gui_inspection``)."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path
from typing import Any

import pytest
from gui_support import Gui
from inspection_support import START, png_bytes
from PySide6.QtWidgets import QMessageBox, QPushButton

import ui.documents
from inspector_app.inspections import inspections, signing
from inspector_app.inspections.checklists import load_catalogue
from inspector_app.registry import officers
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store import attachments, conversion
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store
from inspector_app.store.paths import AppPaths
from ui.issued_view import open_label, preview_label


def signed_inspection(paths: AppPaths, key: bytes, tree: JurisdictionTree) -> tuple[str, str]:
    """A signed inspection of a machinery works by two certified officers; (id, a name in it)."""
    store = Store.open(paths.database, key=key)
    try:
        conn = store.conn
        enterprise_id, name, county = conn.execute(
            "SELECT id, name, county_code FROM enterprise WHERE supervision_industry = '机械' "
            "AND kind = 'enterprise' ORDER BY rid LIMIT 1"
        ).fetchone()
        team = [
            o.id
            for o, _c in officers.roster(conn)
            if o.unit_code == county
            and o.role == "county"
            and officers.valid_certificate(conn, o.id, START.date()) is not None
        ][:2]
        picture = paths.basedir / "signature.png"
        picture.write_bytes(png_bytes())
        sha = attachments.add_file(store, paths.attachments_dir, picture, "image/png")
        picture.unlink()
        checklist = load_catalogue().for_enterprise("机械", ())
        with UnitOfWork(store, "tester") as uow:
            inspection_id = inspections.start(
                uow, tree, enterprise_id, team, "planned", checklist, started_at=START
            )
            inspections.update(
                uow, inspection_id, {"person_in_charge": "李安全", "situation": "检查了车间。"}
            )
            for item in inspections.items(uow.conn, inspection_id):
                inspections.set_verdict(uow, inspection_id, item.item_code, "compliant")
            given = [
                signing.SignatureInput(
                    "officer", m.officer.name, officer_id=m.officer.id, image_sha256=sha
                )
                for m in inspections.team(uow.conn, inspection_id)
            ]
            given.append(signing.SignatureInput("person_in_charge", "李安全", image_sha256=sha))
            signing.sign(uow, inspection_id, given, ended_at=START + dt.timedelta(hours=1))
        return inspection_id, str(name)
    finally:
        store.close()


def action_button(box: QMessageBox) -> QPushButton:
    (button,) = [
        b
        for b in box.findChildren(QPushButton)
        if box.buttonRole(b) == QMessageBox.ButtonRole.ActionRole
    ]
    return button


@pytest.mark.slow
def test_an_issued_document_on_an_encrypted_store_is_previewed_not_written(
    qtbot: Any,
    demo_basedir: Path,
    tree: JurisdictionTree,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths = AppPaths.create(demo_basedir)
    key = secrets.token_bytes(32)
    conversion.convert(paths, key)
    inspection_id, name = signed_inspection(paths, key, tree)
    painted: list[str] = []
    original = ui.documents.print_document

    def recording(kind: str, context: Any, printer: Any) -> None:
        painted.append(kind)
        original(kind, context, printer)

    monkeypatch.setattr(ui.documents, "print_document", recording)
    gui = Gui(qtbot, demo_basedir, key=key)
    try:
        editor = gui.startup.window.inspections_page.editor
        editor.open(inspection_id)
        with qtbot.waitSignal(editor.documents_issued, timeout=30_000) as blocker:
            editor.document_actions["inspection_record"].trigger()
        assert blocker.args[0] == [("inspection_record", None)]
        box = editor.issued_box
        button = action_button(box)
        assert button.text() == preview_label() != open_label()
        button.click()
        preview = editor.preview
        assert preview is not None and preview.objectName() == "issuedPreview"
        qtbot.waitUntil(lambda: len(painted) > 0, timeout=30_000)
        assert set(painted) == {"inspection_record"}
        assert preview.isVisible()
        preview.done(0)
        box.done(0)
        # nothing of the document in clear anywhere in the data folder
        pdfs = [p for p in demo_basedir.rglob("*.pdf")]
        assert pdfs == []
        needles = [name.encode("utf-8"), "检查了车间".encode()]
        for path in demo_basedir.rglob("*"):
            if path.is_file() and "logs" not in path.parts:
                data = path.read_bytes()
                assert not any(n in data for n in needles), path
    finally:
        gui.close()
