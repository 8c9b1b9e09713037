"""The sync service the entry point builds once (``sync.service``): its connection comes from the
settings, and sign-in, sync and sign-out run through it against the real server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sync_support import PASSWORD

import main as entry
from helpers import KNOWN_ENTRIES, new_store
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.replication.local import LocalTables
from inspector_app.store.changelog import UnitOfWork, pending_count
from inspector_app.store.paths import AppPaths
from sync.api import Connection, Credentials, SyncError
from sync.service import SyncService
from ui.settings import CA_FILE, PROXY, SERVER_URL, TLS_VERIFY, Settings


def test_the_connection_is_read_from_the_settings(tmp_path: Path) -> None:
    paths = AppPaths.create(tmp_path / "base")
    settings = Settings(paths.settings_file)
    ctx = entry.build_context(paths, settings)
    try:
        settings.set(SERVER_URL, "https://sync.example.gov.cn")
        settings.set(PROXY, "http://proxy:3128")
        settings.set(CA_FILE, "/etc/city-ca.pem")
        assert ctx.sync.connection() == Connection(
            "https://sync.example.gov.cn", proxy="http://proxy:3128", verify="/etc/city-ca.pem"
        )
        settings.set(TLS_VERIFY, False)  # an earlier version's setting: no longer obeyed
        assert ctx.sync.connection().verify == "/etc/city-ca.pem"
        settings.set(CA_FILE, "")
        assert ctx.sync.connection().verify is True
    finally:
        ctx.close()


def test_sign_in_sync_and_sign_out_through_the_service(
    tmp_path: Path, tree: JurisdictionTree, registry: Registry, live_server: Any
) -> None:
    store = new_store(tmp_path / "inspector.sqlite3", tree)
    try:
        service = SyncService(LocalTables(registry), lambda: Connection(live_server.url))
        connection = service.connection()
        creds = service.login(store, connection, "haining1", PASSWORD)
        assert creds.user["username"] == "haining1" and store.meta("sync.offline_verifier")
        service.sync(store, connection)
        assert Registry.count(store.conn) > 0  # the jurisdiction's registry arrived
        with UnitOfWork(store, str(creds.user["id"])) as uow:
            registry.create(uow, KNOWN_ENTRIES[1])  # 海宁: inside the officer's jurisdiction
        with pytest.raises(SyncError) as refused:
            service.logout(store, connection)  # a change is waiting
        assert refused.value.kind == "refused" and "未上传" in refused.value.zh
        still = Credentials.load(store)
        assert still is not None and still.access_token  # still signed in
        service.sync(store, connection)
        assert pending_count(store.conn) == 0
        service.logout(store, connection)
        loaded = Credentials.load(store)
        assert loaded is not None and loaded.access_token == ""  # the user is kept, not the key
    finally:
        store.close()
