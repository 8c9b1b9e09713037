"""Start an inspection: the enterprise, the kind, the officers (each with the certificate valid
today, or why not), the enterprise's specialised operations. The rules are the domain's
(``team.check_team``); this dialog shows who can act before the officer tries, and shows
the domain's message naming who lacks what when the start is refused."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_app.inspections import hazards, inspections, queries, reviews, team
from inspector_app.inspections import rules as inspection_rules
from inspector_app.inspections.checklists import SPECIAL_OPERATIONS
from inspector_app.registry import officers
from inspector_app.registry.entries import Registry
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store
from ui.context import AppContext
from ui.ops import run_op
from ui.registry_picker import fill_matches


class StartInspectionDialog(QDialog):
    started = Signal(str)  # inspection id
    recusal_recorded = Signal(str)  # officer id

    def __init__(
        self,
        ctx: AppContext,
        enterprise_id: str | None = None,
        parent: QWidget | None = None,
        today: dt.date | None = None,
        review_of: list[str] | None = None,
    ) -> None:
        """``review_of``: hazard ids — start the review of their rectification instead."""
        super().__init__(parent)
        self.ctx = ctx
        self.today = today or dt.date.today()
        self.enterprise_id = enterprise_id
        self.review_of = review_of or []
        self.setObjectName("startInspectionDialog")
        if self.review_of:
            self.setWindowTitle(self.tr("Review the rectification"))
        else:
            self.setWindowTitle(self.tr("Start an inspection"))
        self.resize(620, 560)
        rules = inspection_rules.default_rules()

        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(self.tr("Search the registry by name, pinyin or code"))
        self.search_box.textChanged.connect(self._search)
        self.results = QListWidget(self)
        self.results.setMaximumHeight(120)
        self.results.currentItemChanged.connect(self._picked)
        self.enterprise_label = QLabel(self)
        self.enterprise_label.setWordWrap(True)

        self.kind = QComboBox(self)
        for code, name in rules.kinds.items():
            # a review starts from the hazards it reviews (review_of), nothing else
            if (code == "review") == bool(self.review_of):
                self.kind.addItem(name.en if ctx.lang.startswith("en") else name.zh, code)

        self.officer_list = QListWidget(self)
        self.officer_list.setObjectName("officerChoice")
        self.officer_list.itemChanged.connect(self._update_ok)
        self.operations: dict[str, QCheckBox] = {}
        ops_row = QHBoxLayout()
        for code, (zh, en) in SPECIAL_OPERATIONS.items():
            box = QCheckBox(en if ctx.lang.startswith("en") else zh, self)
            self.operations[code] = box
            ops_row.addWidget(box)
        ops_row.addStretch(1)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("startError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Start"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        self.recusal_button = self.buttons.addButton(
            self.tr("Record a recusal…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.recusal_button.clicked.connect(self.record_recusal)

        form = QFormLayout()
        if enterprise_id is None:
            form.addRow(self.tr("Enterprise"), self.search_box)
            form.addRow("", self.results)
        form.addRow(self.tr("Selected"), self.enterprise_label)
        form.addRow(self.tr("Kind"), self.kind)
        if self.review_of:
            reviewed = QLabel(self._review_text(), self)
            reviewed.setWordWrap(True)
            form.addRow(self.tr("Hazards to review"), reviewed)
        else:
            form.addRow(self.tr("Specialised operations"), ops_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        hint = self.tr(
            "Officers (at least %n with a certificate valid today)", "", rules.min_officers
        )
        layout.addWidget(QLabel(hint, self))
        layout.addWidget(self.officer_list, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._fill_officers()
        self._show_enterprise()

    # -- choosing --------------------------------------------------------------------------

    def _reader(self) -> Store:
        return self.ctx.open_reader()

    def _search(self, text: str) -> None:
        fill_matches(self.results, self._reader().conn, text)

    def _picked(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.enterprise_id = str(item.data(Qt.ItemDataRole.UserRole))
            self._show_enterprise()

    def _show_enterprise(self) -> None:
        rec = Registry.get(self._reader().conn, self.enterprise_id) if self.enterprise_id else None
        if rec is None:
            self.enterprise_label.setText(self.tr("No enterprise chosen yet."))
        else:
            self.enterprise_label.setText(
                f"<b>{html.escape(rec['name'])}</b><br>{html.escape(rec['address'])}"
                f"<br>{html.escape(rec['supervision_industry'])}"
            )
            self._fill_officers()
            # the specialised operations of the 工贸 criteria (data: classifications.json)
            applies = rec["supervision_industry"] in self.ctx.classes.gongmao
            for box in self.operations.values():
                box.setEnabled(applies)
            self._last_operations(rec["id"])
        self._update_ok()

    def _last_operations(self, enterprise_id: str) -> None:
        """Tick the operations recorded at the enterprise's last inspection."""
        previous = queries.for_enterprise(self._reader().conn, enterprise_id)
        if previous:
            for code, box in self.operations.items():
                box.setChecked(code in previous[0].operations)

    def _fill_officers(self) -> None:
        self.officer_list.blockSignals(True)
        self.officer_list.clear()
        conn = self._reader().conn
        recused = team.recused_from(conn, self.enterprise_id) if self.enterprise_id else set()
        # the officers who can act first: of the enterprise's county-level unit, then the
        # city team, then the rest; a valid certificate before none
        rec = Registry.get(conn, self.enterprise_id) if self.enterprise_id else None
        home = str(rec["county_code"]) if rec else ""
        tree = self.ctx.tree

        roster = [o for o, _c in officers.roster(conn) if o.active]
        certified = {o.id: officers.valid_certificate(conn, o.id, self.today) for o in roster}

        def rank(officer: officers.Officer) -> tuple[int, int]:
            unit = tree.units.get(officer.unit_code)
            county = tree.reporting_unit(unit.code).code if unit else ""
            place = 0 if county == home else 1 if county == tree.city.code else 2
            return (place, 0 if certified[officer.id] is not None else 1)

        for officer in sorted(roster, key=rank):
            valid = certified[officer.id]
            unit = self.ctx.tree.units.get(officer.unit_code)
            where = unit.name if unit else officer.unit_code
            if valid is not None:
                text = self.tr("%1 (%2) — certificate %3, valid until %4")
                text = (
                    text.replace("%1", officer.name)
                    .replace("%2", where)
                    .replace("%3", valid.number)
                    .replace("%4", valid.expires_on.isoformat())
                )
            else:
                text = (
                    self.tr("%1 (%2) — no certificate valid today")
                    .replace("%1", officer.name)
                    .replace("%2", where)
                )
            if officer.id in recused:
                text += " · " + self.tr("recused from this enterprise")
            item = QListWidgetItem(text, self.officer_list)
            item.setData(Qt.ItemDataRole.UserRole, officer.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            if valid is None or officer.id in recused:
                item.setForeground(Qt.GlobalColor.gray)
        self.officer_list.blockSignals(False)

    def chosen_officers(self) -> list[str]:
        out = []
        for row in range(self.officer_list.count()):
            item = self.officer_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def check_officer(self, officer_id: str) -> None:
        for row in range(self.officer_list.count()):
            item = self.officer_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == officer_id:
                item.setCheckState(Qt.CheckState.Checked)
                return
        raise KeyError(officer_id)

    def _review_text(self) -> str:
        lines = []
        for n, hazard_id in enumerate(self.review_of, 1):
            row = hazards.get(self._reader().conn, hazard_id)
            if row is not None:
                lines.append(f"{n}. {row['description'][:40]}（{row['deadline']}）")
        return "\n".join(lines)

    def _update_ok(self, *_args: Any) -> None:
        enough = len(self.chosen_officers()) >= inspection_rules.default_rules().min_officers
        self.ok_button.setEnabled(bool(self.enterprise_id) and enough)

    def record_recusal(self) -> None:
        """回避 (行政处罚法 Art. 43): the checked officer, on the officer's or the party's
        request, decided by the bureau's head; the officer can no longer be chosen here."""
        chosen = self.chosen_officers()
        if not self.enterprise_id or len(chosen) != 1:
            self.error_label.setText(self.tr("Tick the one officer who is recused."))
            return
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Recusal"))
        self.recusal_requested = QComboBox(dialog)
        self.recusal_requested.addItem(self.tr("The officer asked"), "officer")
        self.recusal_requested.addItem(self.tr("The party asked"), "party")
        self.recusal_reason = QLineEdit(dialog)
        self.recusal_decided = QLineEdit(dialog)
        self.recusal_decided.setPlaceholderText(self.tr("Head of the bureau who decided"))
        form = QFormLayout(dialog)
        form.addRow(self.tr("Requested by"), self.recusal_requested)
        form.addRow(self.tr("Reason"), self.recusal_reason)
        form.addRow(self.tr("Decided by"), self.recusal_decided)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
        )
        box.accepted.connect(dialog.accept)
        box.rejected.connect(dialog.reject)
        form.addRow(box)
        self.recusal_dialog = dialog
        enterprise_id, officer_id = self.enterprise_id, chosen[0]
        today = self.today

        def accepted() -> None:
            requested = str(self.recusal_requested.currentData())
            reason = self.recusal_reason.text()
            decided = self.recusal_decided.text()

            def done(_recusal_id: str) -> None:
                self.error_label.clear()
                self._fill_officers()
                self._update_ok()
                self.recusal_recorded.emit(officer_id)

            run_op(
                self.ctx,
                lambda uow: team.record_recusal(
                    uow, officer_id, enterprise_id, requested, reason, decided, today
                ),
                on_done=done,
                say=self.error_label.setText,
            )

        dialog.accepted.connect(accepted)
        dialog.open()

    # -- starting --------------------------------------------------------------------------

    def start(self) -> None:
        enterprise_id = self.enterprise_id
        if not enterprise_id:
            return
        officer_ids = self.chosen_officers()
        kind = str(self.kind.currentData())
        operations = [
            c for c, box in self.operations.items() if box.isChecked() and box.isEnabled()
        ]
        industry = str(
            (Registry.get(self._reader().conn, enterprise_id) or {}).get("supervision_industry", "")
        )
        checklist = self.ctx.catalogue().for_enterprise(industry, operations)
        tree = self.ctx.tree
        self.ok_button.setEnabled(False)
        self.error_label.clear()
        review_of = list(self.review_of)

        def op(uow: UnitOfWork) -> str:
            if review_of:
                return reviews.start_review(uow, tree, review_of, officer_ids)
            return inspections.start(
                uow,
                tree,
                enterprise_id,
                officer_ids,
                kind,
                checklist,
                special_operations=operations,
            )

        def done(inspection_id: str) -> None:
            self.started.emit(inspection_id)
            self.accept()

        run_op(
            self.ctx,
            op,
            on_done=done,
            say=self.error_label.setText,
            on_failed=self._update_ok,
        )
