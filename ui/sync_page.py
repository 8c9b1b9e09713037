"""The sync page: server settings, sign-in, "sync now", the state of the outbox, the field
conflicts a person must decide and the records the server refused (with its reasons).

Syncs run on their own thread (own database connection, network calls there); the GUI only
shows progress. A sync starts by itself when signed in (at start and every few minutes).
"""

from __future__ import annotations

import html
from typing import cast

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector_app.registry.entries import Registry
from inspector_app.registry.rules import TABLE
from inspector_app.registry.validation import label
from inspector_app.replication import conflicts, duplicates, outbox, quarantine
from inspector_app.replication import tables as replication
from inspector_app.store import changelog
from inspector_app.store.changelog import ChangeSet
from inspector_app.store.database import Store
from sync.api import META, Credentials, SyncError
from sync.engine import demo_refusal
from sync.report import SyncReport
from ui.context import AppContext
from ui.crash import Refusal, is_expected
from ui.export import export_button
from ui.merge_dialog import MergeDialog
from ui.ops import run_op
from ui.settings import AUTO_SYNC_MINUTES, CA_FILE, PROXY, SERVER_URL
from ui.tasks import TaskContext

QPROGRESS_RANGE = 2**31 - 1  # a progress bar's range is a C int


class SyncPage(QWidget):
    status_changed = Signal(str)
    sync_finished = Signal(object)  # SyncReport, or the SyncError that stopped it
    signed_in = Signal(object)  # the user (dict) or None

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("syncPage")
        self.running: TaskContext | None = None
        self.online: bool | None = None
        self.last_error: SyncError | None = None
        self.progress: QProgressDialog | None = None
        self.status_changed_text = ""
        self.merge_dialog: MergeDialog | None = None
        self._build()
        self.timer = QTimer(self)
        self.timer.timeout.connect(lambda: self.sync_now(auto=True))
        ctx.broadcaster.changes_applied.connect(lambda _changes: self.refresh_lists())

    # -- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        settings = self.ctx.settings
        server_box = QGroupBox(self.tr("Server"), self)
        self.url_edit = QLineEdit(settings.get(SERVER_URL), self)
        self.url_edit.setObjectName("serverUrl")
        self.url_edit.setPlaceholderText("https://sync.example.gov.cn")
        self.proxy_edit = QLineEdit(settings.get(PROXY), self)
        self.proxy_edit.setObjectName("proxy")
        self.proxy_edit.setPlaceholderText("http://proxy:3128")
        self.ca_edit = QLineEdit(settings.get(CA_FILE), self)
        self.ca_edit.setObjectName("caFile")
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._pick_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_edit, 1)
        ca_row.addWidget(browse)
        form = QFormLayout(server_box)
        form.addRow(self.tr("Server address"), self.url_edit)
        form.addRow(self.tr("Proxy"), self.proxy_edit)
        form.addRow(self.tr("CA certificate file"), ca_row)
        for edit in (self.url_edit, self.proxy_edit, self.ca_edit):
            edit.editingFinished.connect(self._save_settings)

        account_box = QGroupBox(self.tr("Account"), self)
        self.user_edit = QLineEdit(self)
        self.user_edit.setObjectName("username")
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.returnPressed.connect(self.login)
        self.login_button = QPushButton(self.tr("Sign in"), self)
        self.login_button.setObjectName("loginButton")
        self.login_button.clicked.connect(self.login)
        self.logout_button = QPushButton(self.tr("Sign out"), self)
        self.logout_button.setObjectName("logoutButton")
        self.logout_button.clicked.connect(self.logout)
        self.account_label = QLabel(self)
        self.account_label.setObjectName("accountLabel")
        self.account_label.setWordWrap(True)
        account = QFormLayout(account_box)
        account.addRow(self.tr("User name"), self.user_edit)
        account.addRow(self.tr("Password"), self.password_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.login_button)
        buttons.addWidget(self.logout_button)
        buttons.addStretch(1)
        account.addRow("", buttons)
        account.addRow("", self.account_label)

        self.state_label = QLabel(self)
        self.state_label.setObjectName("syncState")
        self.state_label.setWordWrap(True)
        self.sync_button = QPushButton(self.tr("Sync now"), self)
        self.sync_button.setObjectName("syncButton")
        self.sync_button.clicked.connect(lambda: self.sync_now())
        state_row = QHBoxLayout()
        state_row.addWidget(self.state_label, 1)
        state_row.addWidget(self.sync_button)

        self.conflicts = QTableWidget(0, 6, self)
        self.conflicts.setObjectName("conflictsTable")
        self.conflicts.setHorizontalHeaderLabels(
            [
                self.tr("Record"),
                self.tr("Field"),
                self.tr("Value kept on the server"),
                self.tr("Other device's value"),
                self.tr("Keep"),
                self.tr("Use other"),
            ]
        )
        header = self.conflicts.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.conflicts.setColumnWidth(0, 260)
        self.conflicts.setWordWrap(True)
        self.conflicts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rejected = QTableWidget(0, 3, self)
        self.rejected.setObjectName("rejectedTable")
        self.rejected.setHorizontalHeaderLabels(
            [self.tr("Record"), self.tr("Change"), self.tr("Reason given by the server")]
        )
        self.rejected.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.rejected.setColumnWidth(0, 260)
        self.rejected.setColumnWidth(1, 200)
        self.rejected.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # records the server sent that this laptop could not store: kept aside, tried again
        # after each pull (inspector_app.replication.quarantine)
        self.set_aside = QTableWidget(0, 3, self)
        self.set_aside.setObjectName("setAsideTable")
        self.set_aside.setHorizontalHeaderLabels(
            [self.tr("Record"), self.tr("First received"), self.tr("Why it cannot be stored")]
        )
        self.set_aside.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.set_aside.setColumnWidth(0, 260)
        self.set_aside.setColumnWidth(1, 200)
        self.set_aside.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # an entry of this laptop and one received with the same code: merged by the officer
        # (inspector_app.replication.duplicates)
        self.pairs = QTableWidget(0, 4, self)
        self.pairs.setObjectName("pairsTable")
        self.pairs.setHorizontalHeaderLabels(
            [
                self.tr("This laptop's entry"),
                self.tr("The server's entry"),
                self.tr("Fields that differ"),
                self.tr("Merge"),
            ]
        )
        self.pairs.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.pairs.setColumnWidth(0, 240)
        self.pairs.setColumnWidth(1, 240)
        self.pairs.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # changes this laptop handed in after an administrator revoked it: held on the server
        # until an administrator decides (sync.server.quarantine); neither synced nor refused
        self.held = QTableWidget(0, 3, self)
        self.held.setObjectName("heldTable")
        self.held.setHorizontalHeaderLabels(
            [self.tr("Record"), self.tr("Change"), self.tr("What the server says")]
        )
        self.held.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.held.setColumnWidth(0, 260)
        self.held.setColumnWidth(1, 200)
        self.held.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lists = QTabWidget(self)
        self.lists.setObjectName("syncLists")
        self.lists.addTab(self.rejected, self.tr("Changes the server refused"))
        self.lists.addTab(self.set_aside, self.tr("Received records waiting"))
        self.lists.addTab(self.pairs, self.tr("Entries to merge"))
        self.lists.addTab(self.held, self.tr("Held for review"))
        self.export_button = export_button(
            self.ctx,
            self,
            lambda: self.lists.tabText(self.lists.currentIndex()),
            lambda: cast(QTableWidget, self.lists.currentWidget()).model(),
        )
        self.lists.setCornerWidget(self.export_button)

        top = QHBoxLayout()
        top.addWidget(server_box, 1)
        top.addWidget(account_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(state_row)
        layout.addWidget(QLabel(self.tr("Conflicts: the same field changed on two devices"), self))
        layout.addWidget(self.conflicts, 1)
        layout.addWidget(self.lists, 1)

    def _pick_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("CA certificate file"), "", "PEM (*.pem *.crt *.cer);;* (*)"
        )
        if path:
            self.ca_edit.setText(path)
            self._save_settings()

    def _save_settings(self) -> None:
        settings = self.ctx.settings
        settings.set(SERVER_URL, self.url_edit.text().strip())
        settings.set(PROXY, self.proxy_edit.text().strip())
        settings.set(CA_FILE, self.ca_edit.text().strip())

    # -- state -----------------------------------------------------------------------------

    def attach(self, reader: Store) -> None:
        creds = Credentials.load(reader)
        if creds is not None:
            self.ctx.user = creds.user
            self.user_edit.setText(str(creds.user.get("username", "")))
            if not self.url_edit.text():
                self.url_edit.setText(creds.server_url)
        self.signed_in.emit(self.ctx.user)
        self.refresh_lists()
        self.update_state()
        minutes = max(1, int(self.ctx.settings.get(AUTO_SYNC_MINUTES)))
        self.timer.start(minutes * 60_000)
        if creds is not None and creds.access_token and not reader.meta("demo"):
            QTimer.singleShot(2000, lambda: self.sync_now(auto=True))

    def update_state(self) -> None:
        reader = self.ctx.reader
        if reader is None:
            return
        pending = changelog.pending_count(reader.conn)
        last = reader.meta(META + "last_sync")
        user = self.ctx.user
        if user:
            who = html.escape(f"{user.get('display_name', '')}（{user.get('username', '')}）")
            self.account_label.setText(self.tr("Signed in as %1").replace("%1", who))
        else:
            self.account_label.setText(self.tr("Not signed in."))
        self.logout_button.setEnabled(bool(user))
        if not user:
            state = self.tr("not signed in")
        elif self.running is not None:
            state = self.tr("syncing…")
        elif self.online is False:
            state = self.tr("offline")
        elif self.online:
            state = self.tr("online")
        else:
            state = self.tr("not yet connected")
        last_text = last[:16].replace("T", " ") if last else self.tr("never")
        text = self.tr("Sync: %1 · %2 changes waiting · last sync %3")
        text = text.replace("%1", state).replace("%2", str(pending)).replace("%3", last_text)
        detail = text
        demo = bool(reader.meta("demo"))
        if demo:
            why = demo_refusal().text(self.ctx.lang)
            detail += "\n" + why
            self.sync_button.setToolTip(why)
        self.sync_button.setEnabled(not demo)
        if self.last_error is not None and not (demo and self.last_error.kind == "demo"):
            detail += "\n" + self.last_error.text(self.ctx.lang)
        self.state_label.setText(detail)
        self.status_changed_text = text
        self.status_changed.emit(text)

    def refresh_lists(self) -> None:
        reader = self.ctx.reader
        if reader is None:
            return
        lang = self.ctx.lang
        found = conflicts.open_conflicts(reader.conn)
        people = conflicts.user_names(reader.conn)
        self.conflicts.setRowCount(len(found))
        for row, conflict in enumerate(found):
            lab = label(conflict.field)
            cells = (
                self._record_name(reader, conflict.table_name, conflict.record_id),
                lab.en if lang.startswith("en") else lab.zh,
                f"{conflict.server_value} ({conflicts.person(people, conflict.server_by)}, "
                f"{conflict.server_at[:16].replace('T', ' ')})",
                f"{conflict.incoming_value} ({conflicts.person(people, conflict.incoming_by)}, "
                f"{conflict.incoming_at[:16].replace('T', ' ')})",
            )
            for column, value in enumerate(cells):
                self.conflicts.setItem(row, column, QTableWidgetItem(value))
            for column, value in enumerate(cells):
                cell = self.conflicts.item(row, column)
                if cell is not None:
                    cell.setToolTip(value)
            keep = QPushButton(self.tr("Keep"), self.conflicts)
            keep.clicked.connect(lambda _c=False, i=conflict.id: self.resolve(i, "server"))
            other = QPushButton(self.tr("Use other"), self.conflicts)
            other.clicked.connect(lambda _c=False, i=conflict.id: self.resolve(i, "incoming"))
            self.conflicts.setCellWidget(row, 4, keep)
            self.conflicts.setCellWidget(row, 5, other)
        refused = outbox.rejected(reader.conn)
        self.rejected.setRowCount(len(refused))
        for row, (entry, reason) in enumerate(refused):
            message = reason.get("en" if lang.startswith("en") else "zh", "") or reason.get(
                "code", ""
            )
            row_cells = (
                self._record_name(reader, entry.table_name, entry.record_id),
                f"{self._operation(entry.op)} · {entry.device_time[:16].replace('T', ' ')}",
                message,
            )
            for column, value in enumerate(row_cells):
                self.rejected.setItem(row, column, QTableWidgetItem(value))
        held = outbox.held_for_review(reader.conn)
        self.held.setRowCount(len(held))
        for row, (entry, reason) in enumerate(held):
            message = reason.get("en" if lang.startswith("en") else "zh", "") or reason.get(
                "code", ""
            )
            held_cells = (
                self._record_name(reader, entry.table_name, entry.record_id),
                f"{self._operation(entry.op)} · {entry.device_time[:16].replace('T', ' ')}",
                message,
            )
            for column, value in enumerate(held_cells):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                self.held.setItem(row, column, cell)
        self.lists.setTabText(3, self.tr("Held for review") + (f" ({len(held)})" if held else ""))
        waiting = quarantine.listed(reader.conn)
        self.set_aside.setRowCount(len(waiting))
        for row, item in enumerate(waiting):
            aside_cells = (
                self._record_name(reader, item.table_name, item.record_id),
                item.first_seen[:16].replace("T", " "),
                item.problem,
            )
            for column, value in enumerate(aside_cells):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                self.set_aside.setItem(row, column, cell)
        self.lists.setTabText(
            1, self.tr("Received records waiting") + (f" ({len(waiting)})" if waiting else "")
        )
        found_pairs = duplicates.pairs(reader.conn, self.ctx.sync.tables)
        self.pairs.setRowCount(len(found_pairs))
        for row, pair in enumerate(found_pairs):
            names = [label(f) for f in pair.differing]
            pair_cells = (
                f"{pair.local['name']} · {pair.local['uscc']}",
                f"{pair.server['name']} · {pair.server['uscc']}",
                "、".join(n.en if lang.startswith("en") else n.zh for n in names),
            )
            for column, value in enumerate(pair_cells):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                self.pairs.setItem(row, column, cell)
            merge = QPushButton(self.tr("Merge…"), self.pairs)
            merge.setObjectName(f"merge_{row}")
            merge.clicked.connect(lambda _c=False, p=pair: self.merge(p))
            self.pairs.setCellWidget(row, 3, merge)
        self.lists.setTabText(
            2, self.tr("Entries to merge") + (f" ({len(found_pairs)})" if found_pairs else "")
        )
        self.conflicts.resizeRowsToContents()
        self.update_state()

    def _operation(self, op: str) -> str:
        names = {"insert": self.tr("New"), "update": self.tr("Edit"), "delete": self.tr("Delete")}
        return names.get(op, op)

    @staticmethod
    def _record_name(reader: Store, table: str, record_id: str) -> str:
        if table == TABLE:
            row = Registry.get(reader.conn, record_id)
            if row:
                return str(row["name"])
        return f"{table} {record_id[:8]}"

    # -- actions ---------------------------------------------------------------------------

    def login(self) -> None:
        username, password = self.user_edit.text().strip(), self.password_edit.text()
        if not self.url_edit.text().strip() or not username or not password:
            self._show_error(
                SyncError(
                    "auth",
                    "请填写服务器地址、用户名和密码。",
                    "Enter the server address, user name and password.",
                )
            )
            return
        if self.ctx.syncer is None:
            return
        self._save_settings()
        service = self.ctx.sync
        connection = service.connection()

        def task(store: Store, _context: TaskContext) -> Credentials:
            return service.login(store, connection, username, password)

        self.login_button.setEnabled(False)
        self.ctx.syncer.submit(task, on_done=self._logged_in, on_error=self._failed)

    def _logged_in(self, creds: Credentials) -> None:
        self.password_edit.clear()
        self.login_button.setEnabled(True)
        self.ctx.user = creds.user
        self.last_error = None
        self.online = True
        self.signed_in.emit(creds.user)
        self.update_state()
        self.sync_now()

    def sync_now(self, auto: bool = False) -> None:
        reader = self.ctx.reader
        if self.running is not None or self.ctx.syncer is None or reader is None:
            return
        if reader.meta("demo"):
            if not auto:
                self._show_error(demo_refusal())
            return
        if self.ctx.user is None:
            if not auto:
                self._show_error(SyncError("auth", "请先登录。", "Sign in first."))
            return
        self._save_settings()
        service = self.ctx.sync
        connection = service.connection()

        def task(store: Store, context: TaskContext) -> SyncReport:
            return service.sync(store, connection, context.progress, context.should_stop)

        self.running = self.ctx.syncer.submit(
            task, on_done=self._synced, on_error=self._failed, on_progress=self._progress
        )
        if not auto:
            self.progress = QProgressDialog(self.tr("Syncing…"), self.tr("Cancel"), 0, 0, self)
            self.progress.setObjectName("syncProgress")
            self.progress.setMinimumDuration(1500)
            self.progress.canceled.connect(self.cancel)
        self.update_state()

    def cancel(self) -> None:
        if self.running is not None and self.ctx.syncer is not None:
            self.ctx.syncer.cancel(self.running)

    def stage_label(self, stage: str) -> str:
        """What the officer reads for a stage the sync reports (``SyncEngine.progress``)."""
        return {
            "push": self.tr("Uploading changes"),
            "pull": self.tr("Downloading changes"),
            "upload": self.tr("Uploading files"),
            "download": self.tr("Downloading files"),
            "snapshot": self.tr("Downloading the records of your jurisdiction"),
            "ready": self.tr("Downloading the registry of your jurisdiction (bytes)"),
        }.get(stage.split(":")[0], stage)

    def _progress(self, stage: str, done: int, total: int) -> None:
        if self.progress is None:
            return
        text = self.stage_label(stage)
        self.progress.setLabelText(f"{text}: {done:,}" + (f" / {total:,}" if total else ""))
        if total:
            # the bar counts in 32-bit ints: bytes over 2 GiB (a month of photos to upload, a
            # large ready database) are shown in larger steps
            step = 1 + total // QPROGRESS_RANGE
            self.progress.setMaximum(total // step)
            self.progress.setValue(min(done, total) // step)

    def _finish_run(self) -> None:
        self.running = None
        if self.progress is not None:
            self.progress.close()
            self.progress = None

    def _synced(self, report: SyncReport) -> None:
        self._finish_run()
        self.online = True
        self.last_error = None
        if report.clock_warning and report.clock_skew_s is not None:
            minutes = int(abs(report.clock_skew_s) // 60)
            self.last_error = SyncError(
                "clock",
                f"本机时钟与服务器相差约{minutes}分钟，请校准本机时间。",
                f"This computer's clock is about {minutes} min off the server's: please set it.",
            )
        # anything may have arrived: every view of a replicated table refreshes
        self.ctx.apply(ChangeSet(updated={table: [] for table in replication.SPECS}))
        self.refresh_lists()
        self.sync_finished.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self._finish_run()
        self.refresh_lists()  # what was pushed before it stopped (a revoked laptop's: held)
        self.login_button.setEnabled(True)
        if isinstance(exc, SyncError):
            self.online = exc.kind not in ("offline", "not_server")
            self._show_error(exc)
        elif is_expected(exc):  # the local store refused (disk full, say)
            told = cast(Refusal, exc)
            self._show_error(SyncError("refused", told.text("zh"), told.text("en")))
        else:  # a bug: logged by the sync thread, shown in the crash dialog
            self._show_error(
                SyncError("bug", "同步因程序错误而中止。", "Sync stopped by a program error.")
            )
            self.ctx.crashes.report(exc, logged=True)
        self.sync_finished.emit(exc)

    def _show_error(self, exc: SyncError) -> None:
        self.last_error = exc
        if exc.kind == "auth":
            self.password_edit.setFocus()
        self.update_state()

    def logout(self) -> None:
        reader = self.ctx.reader
        if reader is None or self.ctx.syncer is None:
            return
        service = self.ctx.sync
        pending = service.waiting(reader)
        if pending:
            QMessageBox.warning(
                self,
                self.tr("Cannot sign out"),
                self.tr(
                    "%1 changes have not reached the server yet. Sync first; signing out "
                    "now could lose them."
                ).replace("%1", str(pending)),
            )
            return
        connection = service.connection()

        def task(store: Store, _context: TaskContext) -> None:
            service.logout(store, connection)  # checks again where the data is

        self.ctx.syncer.submit(task, on_done=lambda _r: self._logged_out(), on_error=self._failed)

    def _logged_out(self) -> None:
        self.ctx.user = None
        self.online = None
        self.signed_in.emit(None)
        self.update_state()

    def merge(self, pair: duplicates.Pair) -> None:
        """Ask which fields keep this laptop's value, then merge (window-modal, not blocking)."""
        dialog = MergeDialog(pair, self.ctx.lang, self)
        self.merge_dialog = dialog
        tables = self.ctx.sync.tables

        def merge_chosen() -> None:
            take = dialog.take_local()
            run_op(
                self.ctx,
                lambda uow: duplicates.merge_duplicate(uow, tables, pair.server_id, take),
                parent=self,
            )

        dialog.accepted.connect(merge_chosen)
        dialog.open()

    def resolve(self, conflict_id: str, keep: str) -> None:
        tables = self.ctx.sync.tables
        run_op(
            self.ctx,
            lambda uow: conflicts.resolve_conflict(uow, tables, conflict_id, keep),
            parent=self,
        )
