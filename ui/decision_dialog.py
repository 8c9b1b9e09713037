"""The decision dialog (and the notice, which proposes the same penalty): the article's statutory
range for the case's subject and stage, the discretion band's suggestion, the amount in capitals
as it is typed, whether it gives a right to a hearing, and the approver.

An amount outside the statutory range is refused here, with the statute's sentence, before
anything goes to the writer; the domain checks it again (``cases.fine_checker``) with every
other rule of the procedure, and its refusals are shown in the dialog too.

``ArticlePicker`` (the catalogue searched as one types) is the new-case dialog's too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import sqlite3
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from inspector_app.accidents import fines
from inspector_app.cases import articles, cases, money, sanctions
from inspector_app.cases.articles import ArticleEntry, ByGrade, FineRange, GainMultiple, IncomeShare
from inspector_app.cases.cases import CaseState, StepInput
from inspector_app.messages import Bilingual
from inspector_app.store.facts import LocalFacts
from ui.case_steps import ERROR_STYLE, StepDialog, fill_approvers
from ui.context import AppContext
from ui.crash import refusal_text


def penalty_entries(catalogue: articles.ArticleCatalogue, text: str = "") -> list[ArticleEntry]:
    """Entries that fine someone and are in force, matching ``text`` (all when it is empty)."""
    found = catalogue.search(text) if text.strip() else list(catalogue)
    return [e for e in found if e.kind == "penalty" and e.status == "in_force" and e.stages]


class ArticlePicker(QWidget):
    """A search line over the penalty articles and the list of matches to choose from."""

    changed = Signal(str)  # the article id chosen ("" when none matches)

    def __init__(self, parent: QWidget | None = None, allow_none: bool = False) -> None:
        """``allow_none``: offer "no article yet" first (a case may be opened without one)."""
        super().__init__(parent)
        self.allow_none = allow_none
        self.catalogue = articles.default_catalogue()
        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("articleSearch")
        self.search_box.setPlaceholderText(self.tr("Article number, id or words"))
        self.search_box.textChanged.connect(self._search)
        self.combo = QComboBox(self)
        self.combo.setObjectName("articleChoice")
        self.combo.setMinimumContentsLength(30)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.currentIndexChanged.connect(lambda _i: self.changed.emit(self.article_id()))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_box, 1)
        layout.addWidget(self.combo, 3)
        self._search("")

    def _search(self, text: str) -> None:
        keep = self.article_id()
        with QSignalBlocker(self.combo):
            self.combo.clear()
            if self.allow_none:
                self.combo.addItem(self.tr("(no article yet)"), "")
            for entry in penalty_entries(self.catalogue, text):
                self.combo.addItem(f"{entry.cite}　{entry.violation[:40]}", entry.id)
                self.combo.setItemData(
                    self.combo.count() - 1, entry.violation, Qt.ItemDataRole.ToolTipRole
                )
            index = self.combo.findData(keep) if keep else -1
            if index < 0:  # the best match of what was typed ("no article" while empty)
                index = 1 if self.allow_none and text.strip() and self.combo.count() > 1 else 0
            self.combo.setCurrentIndex(index if self.combo.count() else -1)
        if self.article_id() != keep:
            self.changed.emit(self.article_id())

    def article_id(self) -> str:
        data = self.combo.currentData()
        return str(data) if data else ""

    def entry(self) -> ArticleEntry | None:
        article_id = self.article_id()
        return self.catalogue.get(article_id) if article_id in self.catalogue else None

    def set_article(self, article_id: str) -> None:
        if self.combo.findData(article_id) < 0:
            self.search_box.clear()
        self.combo.setCurrentIndex(max(self.combo.findData(article_id), 0))


def accident_ranges(conn: sqlite3.Connection, case: Mapping[str, Any], en: bool) -> str:
    """For a case from an accident: its grade and the fines of 安全生产法 Art. 114 (the unit)
    and Art. 95 (the principal) for that grade ("" for any other case)."""
    if case.get("source") != "accident" or not case.get("source_id"):
        return ""
    try:
        found = fines.fine_ranges_for(LocalFacts(conn), str(case["source_id"]))
    except (Bilingual, ValueError, LookupError):
        return ""
    catalogue = articles.default_catalogue()
    unit, principal = catalogue.get(found.unit_article), catalogue.get(found.principal_article)
    grade = articles.GRADES_EN.get(found.grade, found.grade) if en else found.grade
    lines = [
        f"{grade}: {unit.cite_en} {found.unit.basis_en}; {found.unit_aggravated.basis_en}"
        if en
        else f"{grade}事故：{unit.cite}{found.unit.basis}；{found.unit_aggravated.basis}",
    ]
    spec = principal.stages["first"].fines.get("principal") if "first" in principal.stages else None
    if isinstance(spec, ByGrade) and found.grade in spec.grades:
        share = spec.grades[found.grade]
        if isinstance(share, IncomeShare):
            lines.append(
                f"{principal.cite_en}: {share.pct_min}% of the principal's {share.of}"
                if en
                else f"{principal.cite}：主要负责人{share.of}的{share.pct_min}%"
            )
    return "\n".join(lines)


class DecisionDialog(StepDialog):
    """The penalty of the notice (``kind="notice_delivered"``) or of the decision."""

    def __init__(
        self,
        ctx: AppContext,
        case: Mapping[str, Any],
        state: CaseState,
        conn: sqlite3.Connection,
        kind: str = "decision",
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, kind, today or dt.date.today(), parent)
        self.setObjectName("decisionDialog")
        self.case = dict(case)
        self.state = state
        self.en = ctx.lang.startswith("en")
        self.discretion = articles.load_discretion()
        self.hearing = cases.default_rules().hearing
        self.resize(720, 0)

        self.party_label = QLabel(
            f"<b>{html.escape(str(case['party_name']))}</b>　{html.escape(str(case['cause']))}",
            self,
        )
        self.party_label.setWordWrap(True)
        self.article = ArticlePicker(self)
        self.subject = QComboBox(self)
        self.subject.setObjectName("subjectChoice")
        self.stage = QComboBox(self)
        self.stage.setObjectName("stageChoice")
        self.gains = QLineEdit(self)
        self.gains.setObjectName("gains")
        self.gains.setPlaceholderText(self.tr("yuan, 0 if none"))
        self.income = QLineEdit(self)
        self.income.setObjectName("income")
        self.income.setPlaceholderText(self.tr("yuan"))
        self.grade = QComboBox(self)
        self.grade.setObjectName("gradeChoice")
        for grade in articles.GRADES:
            self.grade.addItem(articles.GRADES_EN[grade] if self.en else grade, grade)
        self.aggravated = QCheckBox(self.tr("Especially serious circumstances"), self)
        self.range_label = QLabel(self)
        self.range_label.setObjectName("rangeLabel")
        self.range_label.setWordWrap(True)
        self.circumstance = QComboBox(self)
        self.circumstance.setObjectName("circumstanceChoice")
        for band in self.discretion.bands.bands:
            self.circumstance.addItem(band.en if self.en else band.zh, band.code)
        self.circumstance.setCurrentIndex(min(1, self.circumstance.count() - 1))
        self.suggestion_label = QLabel(self)
        self.suggestion_label.setObjectName("suggestionLabel")
        self.amount = QLineEdit(self)
        self.amount.setObjectName("amount")
        self.amount.setPlaceholderText(self.tr("Fine in yuan, e.g. 20000"))
        self.capitals_label = QLabel(self)
        self.capitals_label.setObjectName("capitalsLabel")
        self.hearing_label = QLabel(self)
        self.hearing_label.setObjectName("hearingLabel")
        self.hearing_label.setWordWrap(True)
        self.sanctions = sanctions.default()
        self.penalty_list = QListWidget(self)
        self.penalty_list.setObjectName("penaltyList")
        self.penalty_list.setMaximumHeight(110)
        self.confiscation = QLineEdit(self)
        self.confiscation.setObjectName("confiscation")
        self.confiscation.setPlaceholderText(self.tr("yuan"))
        self.mitigation = QComboBox(self)
        self.mitigation.setObjectName("mitigationChoice")
        for code, (zh, en) in sanctions.MITIGATIONS.items():
            self.mitigation.addItem(en if self.en else zh, code)
        self.ground = QComboBox(self)
        self.ground.setObjectName("mitigationGround")
        self.ground.addItem("", "")
        for code, ground in self.sanctions.mitigation.items():
            self.ground.addItem(ground.en if self.en else f"{ground.zh}（{ground.cite}）", code)
        self.band_reason = QLineEdit(self)
        self.band_reason.setObjectName("bandReason")
        self.flags: dict[str, QCheckBox] = {}
        flag_row = QHBoxLayout()
        for code, (zh, en) in sanctions.REVIEW_FLAGS.items():
            box = QCheckBox(en if self.en else zh, self)
            box.setObjectName(f"flag_{code}")
            self.flags[code] = box
            flag_row.addWidget(box)
        self.accident_label = QLabel(accident_ranges(conn, case, self.en), self)
        self.accident_label.setObjectName("accidentLabel")
        self.accident_label.setWordWrap(True)
        self.approver = QComboBox(self)
        self.approver.setObjectName("approverChoice")
        fill_approvers(self.approver, conn, ctx.tree, str(case["authority_code"]), ctx.author)

        circumstance_row = QHBoxLayout()
        circumstance_row.addWidget(self.circumstance)
        circumstance_row.addWidget(self.suggestion_label, 1)
        self.form.insertRow(0, self.tr("Party"), self.party_label)
        self.form.addRow(self.tr("Article"), self.article)
        self.form.addRow(self.tr("Party penalised"), self.subject)
        self.form.addRow(self.tr("Stage"), self.stage)
        self.form.addRow(self.tr("Illegal gains"), self.gains)
        self.form.addRow(self.tr("Prior-year income"), self.income)
        self.form.addRow(self.tr("Accident grade"), self.grade)
        self.form.addRow("", self.aggravated)
        self.form.addRow(self.tr("Statutory range"), self.range_label)
        self.form.addRow(self.tr("Circumstances"), circumstance_row)
        self.form.addRow(self.tr("Fine"), self.amount)
        self.form.addRow(self.tr("In capitals"), self.capitals_label)
        self.form.addRow(self.tr("Other penalties"), self.penalty_list)
        self.form.addRow(self.tr("Confiscated (yuan)"), self.confiscation)
        self.form.addRow(self.tr("Lighter or mitigated"), self.mitigation)
        self.form.addRow(self.tr("Ground (Arts. 30-32)"), self.ground)
        self.form.addRow(self.tr("Reason above the band"), self.band_reason)
        self.form.addRow(self.tr("Case features"), flag_row)
        self.form.addRow(self.tr("Accident"), self.accident_label)
        self.form.addRow(self.tr("Hearing"), self.hearing_label)
        self.form.addRow(self.tr("Approved by"), self.approver)
        self.form.setRowVisible(self.approver, kind == "decision")
        self.form.setRowVisible(self.accident_label, bool(self.accident_label.text()))
        for widget in (self.mitigation, self.ground, self.band_reason):
            self.form.setRowVisible(widget, kind == "decision")
        self.form.setRowVisible(flag_row, kind == "decision")

        article_id = state.article_id or str(case["article_id"] or "")
        if article_id:
            self.article.set_article(article_id)
        if state.proposed is not None and kind == "decision":
            self.amount.setText(f"{state.proposed:f}")
        self._rng: FineRange | None = None
        self._refusal = ""
        self.article.changed.connect(self._article_changed)
        self.subject.currentIndexChanged.connect(self._recompute)
        self.stage.currentIndexChanged.connect(self._stage_changed)
        for edit in (self.gains, self.income, self.amount):
            edit.textChanged.connect(self._recompute)
        self.grade.currentIndexChanged.connect(self._recompute)
        self.aggravated.toggled.connect(self._recompute)
        self.circumstance.currentIndexChanged.connect(self._recompute)
        self.penalty_list.itemChanged.connect(self._recompute)
        self.mitigation.currentIndexChanged.connect(self._recompute)
        self.confiscation.textChanged.connect(self._recompute)
        self._article_changed()
        if kind == "decision":
            self._as_proposed()

    def _as_proposed(self) -> None:
        """Start the decision from what the notice proposed (subject, stage, facts)."""
        notice = next((s for s in reversed(self.state.steps) if s.kind == "notice_delivered"), None)
        data = notice.data if notice else {}
        for combo, key in ((self.stage, "stage"), (self.subject, "subject")):
            index = combo.findData(data.get(key))
            if index >= 0:
                combo.setCurrentIndex(index)
        for edit, key in ((self.gains, "gains"), (self.income, "income")):
            edit.setText(str(data.get(key, "")))
        index = self.grade.findData(data.get("grade"))
        if index >= 0:
            self.grade.setCurrentIndex(index)
        self.aggravated.setChecked(bool(data.get("aggravated")))
        index = self.circumstance.findData(data.get("circumstance"))
        if index >= 0:
            self.circumstance.setCurrentIndex(index)

    # -- the range ---------------------------------------------------------------------------

    def entry(self) -> ArticleEntry | None:
        return self.article.entry()

    def _article_changed(self, *_args: Any) -> None:
        entry = self.entry()
        keep = self.stage.currentData() or "first"
        with QSignalBlocker(self.stage):
            self.stage.clear()
            for name, stage in (entry.stages if entry else {}).items():
                zh = stage.condition.removesuffix("的") or "首次违法"
                en = stage.condition_en or "first offence"
                self.stage.addItem(en if self.en else zh, name)
            self.stage.setCurrentIndex(max(self.stage.findData(keep), 0))
        self._stage_changed()

    def _stage_changed(self, *_args: Any) -> None:
        entry = self.entry()
        stage = entry.stages.get(str(self.stage.currentData())) if entry else None
        keep = self.subject.currentData() or self.case["subject"] or self.case["party_kind"]
        with QSignalBlocker(self.subject):
            self.subject.clear()
            for code in stage.fines if stage else {}:
                who = articles.SUBJECTS[code]
                self.subject.addItem(who.en if self.en else who.zh, code)
            self.subject.setCurrentIndex(max(self.subject.findData(keep), 0))
        self._recompute()

    def _spec(self) -> articles.FineSpec | None:
        entry = self.entry()
        stage = entry.stages.get(str(self.stage.currentData())) if entry else None
        return stage.fines.get(str(self.subject.currentData())) if stage else None

    def _show_inputs(self) -> None:
        """Only the facts the range is computed from (gains, income, grade) are asked for."""
        spec = self._spec()
        inner = list(spec.grades.values()) if isinstance(spec, ByGrade) else [spec]
        self.form.setRowVisible(self.gains, isinstance(spec, GainMultiple))
        self.form.setRowVisible(self.income, any(isinstance(s, IncomeShare) for s in inner))
        self.form.setRowVisible(self.grade, isinstance(spec, ByGrade))
        aggravation = isinstance(spec, ByGrade) and spec.aggravated is not None
        self.form.setRowVisible(self.aggravated, aggravation)
        if not aggravation:
            self.aggravated.setChecked(False)

    def _optional_yuan(self, edit: QLineEdit) -> Decimal | None:
        if not self.form.isRowVisible(edit) or not edit.text().strip():
            return None
        return money.parse_yuan(edit.text())

    def fine_range(self) -> FineRange:
        """The statutory range for what the form says now (ValidationError when it cannot)."""
        entry = self.entry()
        if entry is None:
            raise ValueError(self.tr("Choose the article."))
        grade = self.grade.currentData() if self.form.isRowVisible(self.grade) else None
        return articles.statutory_range(
            entry,
            str(self.subject.currentData() or ""),
            str(self.stage.currentData() or "first"),
            gains=self._optional_yuan(self.gains),
            income=self._optional_yuan(self.income),
            grade=str(grade) if grade else None,
            aggravated=self.aggravated.isChecked(),
        )

    def amount_value(self) -> Decimal | None:
        text = self.amount.text().strip()
        return money.parse_yuan(text) if text else None

    def _fill_penalties(self) -> None:
        """The penalties besides a fine that the article lists at the stage (ticks kept)."""
        entry = self.entry()
        key = (entry.id if entry else "", str(self.stage.currentData() or "first"))
        if getattr(self, "_penalty_key", None) == key:
            return
        self._penalty_key = key
        ticked = set(self.penalties_chosen())
        self.penalty_list.blockSignals(True)
        self.penalty_list.clear()
        for kind in sanctions.allowed_kinds(key[0], key[1], self.sanctions) if entry else []:
            item = QListWidgetItem(kind.en if self.en else kind.zh, self.penalty_list)
            item.setData(Qt.ItemDataRole.UserRole, kind.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = kind.code in ticked
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.penalty_list.blockSignals(False)
        self.form.setRowVisible(self.penalty_list, self.penalty_list.count() > 0)
        self.form.setRowVisible(self.confiscation, self.penalty_list.count() > 0)

    def penalties_chosen(self) -> list[str]:
        items = (self.penalty_list.item(n) for n in range(self.penalty_list.count()))
        checked = Qt.CheckState.Checked
        return [str(i.data(Qt.ItemDataRole.UserRole)) for i in items if i.checkState() == checked]

    def penalties(self) -> list[dict[str, str]]:
        """The ticked penalties as the domain takes them (a confiscation with its amount)."""
        out = []
        for code in self.penalties_chosen():
            entry = {"kind": code}
            if self.sanctions.kinds[code].hearing == "amount":
                entry["amount"] = self.confiscation.text().strip()
            out.append(entry)
        return out

    def _recompute(self, *_args: Any) -> None:
        self._fill_penalties()
        self._show_inputs()
        self._rng, self._refusal = None, ""
        try:
            self._rng = self.fine_range()
        except (Bilingual, ValueError) as exc:
            self.range_label.setText(refusal_text(exc, self.ctx.lang))
            self.range_label.setStyleSheet(ERROR_STYLE)
            self.suggestion_label.clear()
        else:
            self.range_label.setText(self._rng.basis_en if self.en else self._rng.basis)
            self.range_label.setStyleSheet("")
            self._show_suggestion(self._rng)
        self._check_amount()
        self.update_ok()
        self._fit()

    def _fit(self) -> None:
        """Grow to the height the wrapped lines need (a long statute sentence, a refusal):
        the form layout does not ask a wrapping label for its height at the given width."""
        for label in (self.range_label, self.hearing_label, self.error_label):
            width = max(label.width(), 300)
            label.setMinimumHeight(label.heightForWidth(width) if label.text() else 0)
        layout = self.layout()
        needed = layout.totalHeightForWidth(self.width()) if layout is not None else -1
        if needed > self.height():
            self.resize(self.width(), needed)

    def _show_suggestion(self, rng: FineRange) -> None:
        band = str(self.circumstance.currentData())
        try:
            low, high = articles.suggest(rng, band, self.discretion.bands)
        except (Bilingual, ValueError):
            self.suggestion_label.clear()
            return
        self.suggestion_label.setText(
            self.tr("suggested %1 to %2")
            .replace("%1", money.format_yuan(low))
            .replace("%2", money.format_yuan(high))
        )

    def _check_amount(self) -> None:
        self.capitals_label.clear()
        self.hearing_label.clear()
        try:
            amount = self.amount_value()
        except (Bilingual, ValueError) as exc:
            self._refusal = refusal_text(exc, self.ctx.lang)
            return
        if amount is None:
            return
        self.capitals_label.setText(money.decision_phrase(amount))
        if amount == 0 and self.penalties_chosen():
            return  # no fine: another penalty (行政处罚法 Art. 9)
        if self.triggers_hearing():
            self.hearing_label.setText(
                self.tr("The party may ask for a hearing (a larger amount, Art. 63).")
            )
        else:
            self.hearing_label.setText(self.tr("No hearing right: below the larger amount."))
        if self._rng is not None:
            rng = self._rng
            if self.mitigation.currentData() == "mitigated":  # 减轻: below the minimum
                rng = dataclasses.replace(rng, min=None)
            try:
                articles.check_fine(amount, rng)
            except (Bilingual, ValueError) as exc:
                self._refusal = refusal_text(exc, self.ctx.lang)

    # -- state and result -------------------------------------------------------------------

    def triggers_hearing(self) -> bool:
        """Whether the amount typed is a 较大数额 giving a hearing (Art. 63; the domain decides
        by the party's kind, and so does this)."""
        try:
            amount = self.amount_value()
        except (Bilingual, ValueError):
            return False
        kind = str(self.case["party_kind"])
        try:
            chosen = sanctions.hearing_from_penalties(
                self.penalties(), kind, self.sanctions, cases.default_rules().confiscation
            )
        except (Bilingual, ValueError, ArithmeticError):
            chosen = False
        return chosen or (amount is not None and articles.needs_hearing(amount, kind, self.hearing))

    def refusal(self) -> str:
        """Why the amount cannot be written ("" when it can)."""
        return self._refusal

    def can_submit(self) -> bool:
        ready = self._rng is not None and not self._refusal and bool(self.amount.text().strip())
        if self.kind == "decision":
            ready = ready and self.approver.currentIndex() >= 0
        return ready

    def update_ok(self) -> None:
        super().update_ok()
        if not self._busy:
            self.error_label.setText(self._refusal)

    def step_input(self) -> StepInput:
        entry, amount = self.entry(), self.amount_value()
        assert entry is not None and amount is not None
        data: dict[str, Any] = {
            "amount": str(amount),
            "article_id": entry.id,
            "basis": entry.cite,
            "subject": str(self.subject.currentData()),
            "stage": str(self.stage.currentData()),
            "circumstance": str(self.circumstance.currentData()),
        }
        for key, edit in (("gains", self.gains), ("income", self.income)):
            value = self._optional_yuan(edit)
            if value is not None:
                data[key] = str(value)
        if self.form.isRowVisible(self.grade):
            data["grade"] = str(self.grade.currentData())
            data["aggravated"] = self.aggravated.isChecked()
        if self.penalties_chosen():
            data["penalties"] = self.penalties()
        if self.kind == "decision":
            extra = {
                "mitigation": str(self.mitigation.currentData() or ""),
                "mitigation_ground": str(self.ground.currentData() or ""),
                "band_reason": self.band_reason.text().strip(),
                "flags": [code for code, box in self.flags.items() if box.isChecked()],
            }
            data.update({k: v for k, v in extra.items() if v})
        approver = str(self.approver.currentData() or "") if self.kind == "decision" else ""
        return StepInput(self.kind, self.day(), approved_by=approver, data=data)
