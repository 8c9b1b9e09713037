"""The app's sync service: the API client and the sync engine for a store, made in one place.

Built once by the entry point (``main.build_context``) with the replicated tables and a
function that reads the connection settings, and handed to the UI, which calls it from the
sync thread (each call takes the ``Store`` that thread owns). No Qt here.

``connection()`` reads the settings (the GUI thread calls it and passes the result on, so the
settings are never read from two threads); ``login``, ``sync`` and ``logout`` each open a
client for the call and close it after.
"""

from __future__ import annotations

from collections.abc import Callable

from inspector_app.replication.local import LocalTables
from inspector_app.store import attachments, changelog
from inspector_app.store.database import Store
from sync import leases
from sync.api import META, ApiClient, Connection, Credentials, SyncError, make_verifier
from sync.engine import SyncEngine
from sync.report import Progress, SyncReport

DEVICE_NAME = "Field Inspector"


class SyncService:
    def __init__(self, tables: LocalTables, connection: Callable[[], Connection]) -> None:
        self.tables = tables
        self._connection = connection

    def connection(self) -> Connection:
        """The server, proxy and TLS settings as they are now."""
        return self._connection()

    def client(
        self, store: Store, connection: Connection, *, keep_renewed: bool = False
    ) -> ApiClient:
        """A client signed in as the store's saved credentials; ``keep_renewed``: renewed
        tokens are saved in the store (call from the thread that owns it)."""
        return ApiClient(
            connection,
            store.device_id,
            Credentials.load(store),
            on_credentials=(lambda creds: creds.save(store)) if keep_renewed else None,
        )

    def login(
        self, store: Store, connection: Connection, username: str, password: str
    ) -> Credentials:
        """Sign in; keeps the credentials and the verifier that unlocks the app offline."""
        api = self.client(store, connection)
        try:
            creds = api.login(username, password, DEVICE_NAME)
        finally:
            api.close()
        creds.save(store)
        with store.transaction():
            store.set_meta(META + "offline_verifier", make_verifier(password))
        return creds

    def sync(
        self,
        store: Store,
        connection: Connection,
        progress: Progress | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> SyncReport:
        """One sync (``SyncEngine.run``)."""
        api = self.client(store, connection, keep_renewed=True)
        try:
            return SyncEngine(store, self.tables, api, progress, should_stop).run()
        finally:
            api.close()

    @staticmethod
    def waiting(store: Store) -> int:
        """Changes and files not yet on the server."""
        return changelog.pending_count(store.conn) + len(attachments.pending_uploads(store.conn))

    def logout(self, store: Store, connection: Connection) -> None:
        """Sign out: refused while anything waits to be sent; unused document numbers go back
        to the server; the tokens are forgotten here even when the server cannot be reached
        (they expire there)."""
        if self.waiting(store):
            raise SyncError(
                "refused",
                "仍有未上传的修改或附件，不能退出登录。",
                "Changes or files are still waiting: cannot sign out.",
            )
        api = self.client(store, connection)
        try:
            leases.return_unused(store, api)
            api.logout()
        except SyncError:
            pass  # offline: the tokens are forgotten here anyway and expire on the server
        finally:
            api.close()
        Credentials.forget_tokens(store)
