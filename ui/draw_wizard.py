"""The 双随机 draw wizard: the object pool (filters with a live count), the officers and the
teams, the draw, then its result read back from the stored record — seed, pool hashes — and
verified by running it again from that record.

The draw itself is ``draws.run_draw`` in a unit of work on the writer thread (its change set
refreshes the views); a refusal (a pool smaller than the
draw, a planned day before today, no team for an enterprise…) stays on the page's message line
and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from inspector_app.plans import consistency, draw_lists, draws, pools, verification
from inspector_app.plans.draws import DrawRequest
from inspector_app.plans.parameters import RISK_LEVELS, default_parameters
from inspector_app.plans.pools import ObjectFilter, OfficerFilter
from inspector_app.store import attachments
from inspector_app.store.database import Store
from ui.context import AppContext
from ui.ops import run_op
from ui.plan_models import ListModel, message_line, pick
from ui.tasks import TaskContext

RESULT_HEADERS = (
    QT_TRANSLATE_NOOP("DrawWizard", "No."),
    QT_TRANSLATE_NOOP("DrawWizard", "Enterprise"),
    QT_TRANSLATE_NOOP("DrawWizard", "Credit code"),
    QT_TRANSLATE_NOOP("DrawWizard", "County"),
    QT_TRANSLATE_NOOP("DrawWizard", "Officers"),
    QT_TRANSLATE_NOOP("DrawWizard", "Planned day"),
)


def verdict_text(found: verification.Verification, lang: str) -> str:
    lines = [pick(found.zh, found.en, lang)]
    lines += [pick(zh, en, lang) for zh, en in found.notes]
    return "\n".join(lines)


class PoolPage(QWizardPage):
    """Who may be drawn: the units, industry, risk, key flag and the exclusions."""

    counted = Signal(int)  # entries in the pool, -1 when the count failed

    def __init__(self, ctx: AppContext, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.setTitle(self.tr("Object pool"))
        self.setSubTitle(self.tr("The registry entries the draw chooses from"))
        params = default_parameters()
        self.unit_combo = QComboBox(self)
        self.unit_combo.setObjectName("unitCombo")
        tree = ctx.tree
        self.unit_combo.addItem(tree.city.name, tree.city.code)
        for unit in tree.reporting_units():
            self.unit_combo.addItem(unit.name, unit.code)
            for park in tree.parks_of(unit.code):
                self.unit_combo.addItem("　" + park.name, park.code)
        self.industry_combo = QComboBox(self)
        self.industry_combo.setObjectName("industryCombo")
        self.industry_combo.addItem(self.tr("All industries"), None)
        for code, english in ctx.classes.industries.items():
            self.industry_combo.addItem(english if ctx.lang.startswith("en") else code, code)
        self.risk_combo = QComboBox(self)
        self.risk_combo.setObjectName("riskCombo")
        self.risk_combo.addItem(self.tr("All risk levels"), None)
        for risk in RISK_LEVELS:
            self.risk_combo.addItem(consistency.risk_name(risk), risk)
        self.key_combo = QComboBox(self)
        self.key_combo.setObjectName("keyCombo")
        self.key_combo.addItem(self.tr("Key-supervised or not"), None)
        self.key_combo.addItem(self.tr("Key-supervised only"), True)
        self.key_combo.addItem(self.tr("Not key-supervised"), False)
        self.inspected_spin = QSpinBox(self)
        self.inspected_spin.setObjectName("inspectedSpin")
        self.inspected_spin.setRange(0, 3650)
        self.inspected_spin.setValue(params.exclude_inspected_days)
        self.penalised_spin = QSpinBox(self)
        self.penalised_spin.setObjectName("penalisedSpin")
        self.penalised_spin.setRange(0, 3650)
        self.penalised_spin.setValue(params.exclude_penalised_days)
        self.named_check = QCheckBox(self.tr("Leave out enterprises named in this year's plans"))
        self.named_check.setObjectName("namedCheck")
        self.named_check.setChecked(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("poolCount")
        form = QFormLayout(self)
        form.addRow(self.tr("Unit"), self.unit_combo)
        form.addRow(self.tr("Industry"), self.industry_combo)
        form.addRow(self.tr("Risk level"), self.risk_combo)
        form.addRow(self.tr("Key supervision"), self.key_combo)
        form.addRow(self.tr("Leave out inspected in the last (days)"), self.inspected_spin)
        form.addRow(self.tr("Leave out penalised in the last (days)"), self.penalised_spin)
        form.addRow("", self.named_check)
        form.addRow(self.tr("In the pool"), self.count_label)
        for combo in (self.unit_combo, self.industry_combo, self.risk_combo, self.key_combo):
            combo.currentIndexChanged.connect(lambda _n: self.count())
        for spin in (self.inspected_spin, self.penalised_spin):
            spin.valueChanged.connect(lambda _n: self.count())
        self.named_check.toggled.connect(lambda _b: self.count())
        self.pool_size = -1

    def unit_code(self) -> str:
        return str(self.unit_combo.currentData())

    def object_filter(self, year: int) -> ObjectFilter:
        industry, risk, key = (
            self.industry_combo.currentData(),
            self.risk_combo.currentData(),
            self.key_combo.currentData(),
        )
        return ObjectFilter(
            units=(self.unit_code(),),
            industries=(str(industry),) if industry else (),
            risk_levels=(str(risk),) if risk else (),
            key_supervised=None if key is None else bool(key),
            exclude_inspected_days=self.inspected_spin.value(),
            exclude_penalised_days=self.penalised_spin.value(),
            exclude_named_year=year if self.named_check.isChecked() else 0,
        )

    def count(self) -> None:
        """Count the pool as the filters now stand (search thread; a newer count replaces)."""
        flt, tree, day = self.object_filter(self.today.year), self.ctx.tree, self.today

        def task(store: Store, _context: TaskContext) -> int:
            return len(pools.object_pool(store.conn, tree, flt, day))

        self.count_label.setText(self.tr("Counting…"))
        self.ctx.searcher.submit(
            task, on_done=self._counted, on_error=self._failed, latest_only="draw_pool_count"
        )

    def _counted(self, n: int) -> None:
        self.pool_size = n
        self.count_label.setText(self.tr("%1 entries").replace("%1", f"{n:,}"))
        self.counted.emit(n)

    def _failed(self, exc: BaseException) -> None:
        self.pool_size = -1
        self.count_label.setText(str(exc))
        self.counted.emit(-1)


class DrawPage(QWizardPage):
    """What to draw and who inspects: the count, the planned day, the teams; then the draw."""

    def __init__(self, wizard: DrawWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Officers and the draw"))
        self.setSubTitle(
            self.tr("Officers certified on the planned day, in teams; the seed is drawn by the app")
        )
        self._wizard = wizard
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("titleEdit")
        self.count_spin = QSpinBox(self)
        self.count_spin.setObjectName("countSpin")
        self.count_spin.setRange(1, 100_000)
        self.count_spin.setValue(10)
        self.day_edit = QDateEdit(self)
        self.day_edit.setObjectName("plannedDay")
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.team_spin = QSpinBox(self)
        self.team_spin.setObjectName("teamSpin")
        self.team_spin.setRange(2, 6)
        self.match_check = QCheckBox(self.tr("Officers of the enterprise's own county"))
        self.match_check.setObjectName("matchCheck")
        self.covert_check = QCheckBox(self.tr("Covert check (暗查暗访)"))
        self.covert_check.setObjectName("covertCheck")
        self.officer_label = QLabel(self)
        self.officer_label.setObjectName("officerCount")
        self.message = message_line(self)
        form = QFormLayout(self)
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Enterprises to draw"), self.count_spin)
        form.addRow(self.tr("Planned day"), self.day_edit)
        form.addRow(self.tr("Officers a team"), self.team_spin)
        form.addRow("", self.match_check)
        form.addRow("", self.covert_check)
        form.addRow(self.tr("Officer pool"), self.officer_label)
        form.addRow(self.message)
        self.day_edit.dateChanged.connect(lambda _d: self.count_officers())

    def initializePage(self) -> None:
        today = self._wizard.today
        if not self.title_edit.text():
            unit = self._wizard.pool_page.unit_combo.currentText().strip()
            self.title_edit.setText(
                self.tr("%1 random check %2").replace("%1", unit).replace("%2", today.isoformat())
            )
        self.day_edit.setMinimumDate(QDate(today.year, today.month, today.day))
        if self.day_edit.date() < self.day_edit.minimumDate().addDays(1):
            self.day_edit.setDate(QDate(today.year, today.month, today.day).addDays(7))
        self.count_officers()

    def planned_on(self) -> dt.date:
        d = self.day_edit.date()
        return dt.date(d.year(), d.month(), d.day())

    def count_officers(self) -> None:
        unit, tree, day = (
            self._wizard.pool_page.unit_code(),
            self._wizard.ctx.tree,
            self.planned_on(),
        )

        def task(store: Store, _context: TaskContext) -> int:
            return len(pools.officer_pool(store.conn, tree, OfficerFilter((unit,)), day))

        self._wizard.ctx.searcher.submit(
            task,
            on_done=lambda n: self.officer_label.setText(
                self.tr("%1 officers certified on the planned day").replace("%1", str(n))
            ),
            latest_only="draw_officer_count",
        )

    def validatePage(self) -> bool:
        """Next runs the draw; the wizard moves on once it is recorded."""
        if self._wizard.draw_id:
            return True
        self._wizard.run()
        return False


class ResultPage(QWizardPage):
    """The draw as its record holds it, and its verification."""

    def __init__(self, wizard: DrawWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Result"))
        self.setSubTitle(self.tr("Read back from the stored record; anyone can run it again"))
        self.record_label = QLabel(self)
        self.record_label.setObjectName("recordLabel")
        self.record_label.setWordWrap(True)
        self.record_label.setTextInteractionFlags(
            self.record_label.textInteractionFlags()
            | self.record_label.textInteractionFlags().TextSelectableByMouse
        )
        self.model = ListModel("DrawWizard", RESULT_HEADERS, self)
        self.table = QTableView(self)
        self.table.setObjectName("resultTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)  # the list carries its own 序号
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.verify_button = QPushButton(self.tr("Verify"), self)
        self.verify_button.setObjectName("verifyButton")
        self.verify_button.clicked.connect(self.verify)
        self.verdict = QLabel(self)
        self.verdict.setObjectName("verdictLabel")
        self.verdict.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.record_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.verify_button)
        layout.addWidget(self.verdict)

    def initializePage(self) -> None:
        draw_id = self._wizard.draw_id
        reader = self._wizard.ctx.reader
        if reader is None or not draw_id:
            return
        detail = draw_lists.draw_detail(reader.conn, draw_id)
        if detail is None:
            return
        self.record_label.setText(record_text(detail.record))
        self.model.set_rows(detail.rows)

    def verify(self) -> None:
        self._wizard.verify(self.verdict.setText)


def record_text(record: dict[str, object]) -> str:
    """The facts of a draw that make it verifiable, as shown under its result."""

    return "\n".join(
        (
            QCoreApplication.translate("DrawRecord", "Drawn on %1 for %2; algorithm %3")
            .replace("%1", str(record["drawn_on"]))
            .replace("%2", str(record["planned_on"]))
            .replace("%3", str(record["algorithm"])),
            QCoreApplication.translate("DrawRecord", "Seed: %1").replace("%1", str(record["seed"])),
            QCoreApplication.translate("DrawRecord", "Object pool: %1 entries, SHA-256 %2")
            .replace("%1", str(record["object_pool_size"]))
            .replace("%2", str(record["object_pool_sha256"])),
            QCoreApplication.translate("DrawRecord", "Officer pool: SHA-256 %1").replace(
                "%1", str(record["officer_pool_sha256"])
            ),
            QCoreApplication.translate("DrawRecord", "Result: SHA-256 %1").replace(
                "%1", str(record["result_sha256"])
            ),
        )
    )


class DrawWizard(QWizard):
    drawn = Signal(str)  # the id of the recorded draw
    verified = Signal(bool)

    def __init__(
        self, ctx: AppContext, today: dt.date, plan_id: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.plan_id = plan_id
        self.draw_id = ""
        self.setObjectName("drawWizard")
        self.setWindowTitle(self.tr("Random check draw"))
        self.pool_page = PoolPage(ctx, today, self)
        self.draw_page = DrawPage(self)
        self.result_page = ResultPage(self)
        for page in (self.pool_page, self.draw_page, self.result_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Draw"))
        self.draw_page.setCommitPage(True)
        self.resize(760, 560)
        self.pool_page.count()

    def request(self) -> DrawRequest:
        page, pool = self.draw_page, self.pool_page
        unit = pool.unit_code()
        planned = page.planned_on()
        params = default_parameters()
        return DrawRequest(
            unit_code=unit,
            title=page.title_edit.text().strip(),
            planned_on=planned,
            counts={"": page.count_spin.value()},
            objects=pool.object_filter(planned.year),
            officer_units=(unit,),
            officer_recent_days=params.officer_recent_days,
            team_size=page.team_spin.value(),
            match_unit=page.match_check.isChecked(),
            plan_id=self.plan_id,
            covert=page.covert_check.isChecked(),
        )

    def run(self, on_done: Callable[[str], None] | None = None) -> None:
        """Draw and record on the writer thread; then show the result page."""
        request = self.request()
        tree, folder = self.ctx.tree, self.ctx.paths.attachments_dir
        self.draw_page.message.clear()
        self.button(QWizard.WizardButton.CommitButton).setEnabled(False)

        def done(draw_id: str) -> None:
            self.draw_id = draw_id
            self.drawn.emit(draw_id)
            self.next()
            if on_done is not None:
                on_done(draw_id)

        def failed() -> None:
            self.button(QWizard.WizardButton.CommitButton).setEnabled(True)

        run_op(
            self.ctx,
            lambda uow: draws.run_draw(uow, tree, request, folder),
            on_done=done,
            on_failed=failed,
            say=self.draw_page.message.setText,
            parent=self,
        )

    def verify(self, show: Callable[[str], None]) -> None:
        """Run the recorded draw again from its record (search thread) and say whether the
        result is the same."""
        draw_id, tree, folder = self.draw_id, self.ctx.tree, self.ctx.paths.attachments_dir

        def task(store: Store, _context: TaskContext) -> verification.Verification:
            vault = attachments.Vault.of(folder, store)
            return verification.verify(store.conn, tree, draw_id, vault)

        def done(found: verification.Verification) -> None:
            show(verdict_text(found, self.ctx.lang))
            self.verified.emit(found.ok)

        self.ctx.searcher.submit(task, on_done=done, on_error=lambda e: show(str(e)))
