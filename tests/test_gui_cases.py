"""Penalty cases through the screens, with the demo data (pytest-qt, offscreen): a case from
the new-case dialog to closure with its documents, the decision dialog refusing a fine outside
the statutory range, only the allowed steps offered, refusals shown in the form with nothing
written, and the list's filters.

The checks look at data (ids, dates, amounts, the domain's messages), never at the labels of
the UI, so they hold with and without the Chinese translation."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from gui_support import Gui
from PySide6.QtCore import QDate, QSignalBlocker, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox, QWidget

from helpers import DayClock
from inspector_app.accidents import operations as accident_operations
from inspector_app.cases import cases, deadlines, procedure
from inspector_app.cases.cases import StepInput
from inspector_app.cases.workdays import add_working_days, default_calendar
from inspector_app.inspections import rules as inspection_rules
from inspector_app.registry import officers
from inspector_app.store.changelog import ChangeSet, UnitOfWork
from inspector_app.store.database import Store
from ui.case_page import STAGE_MARGIN, CasePage, stage_names
from ui.case_steps import StepForm
from ui.cases_page import CasesPage
from ui.decision_dialog import DecisionDialog

CAL = default_calendar()
D0 = dt.date(2026, 12, 1)  # a Tuesday, no holiday near; the demo's certificates are valid
ID_NUMBER = "110101199003074477"
CAUSE = "未按规定对从业人员进行安全生产教育和培训"


def wd(n: int) -> dt.date:
    return add_working_days(CAL, D0, n)


def type_text(widget: QWidget, text: str) -> None:
    """Commit Chinese text as an input method does (QTest types Latin-1 only)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def pdf_text(path: Path) -> str:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return "".join(text.split())  # names and numbers may wrap across lines


class Screens:
    """The app with the cases page shown on its own (the main window wires it later)."""

    def __init__(self, qtbot: Any, basedir: Path, lang: str = "zh_CN") -> None:
        self.qtbot = qtbot
        self.gui = Gui(qtbot, basedir, lang)
        self.ctx = self.gui.ctx
        reader = self.ctx.reader
        assert reader is not None
        self.conn = reader.conn
        self.day = D0
        self.page = CasesPage(self.ctx)
        self.page.today = lambda: self.day
        self.write_store(lambda store: setattr(store, "clock", DayClock(lambda: self.day)))
        self.page.resize(1440, 860)
        self.page.show()
        with qtbot.waitSignal(self.page.refreshed, timeout=20_000):
            self.page.attach(reader)

    @property
    def case_page(self) -> CasePage:
        return self.page.case_page

    def close(self) -> None:
        self.page.close()
        self.page.deleteLater()
        self.gui.close()

    # -- the demo's people -------------------------------------------------------------------

    def machine_works(self) -> tuple[str, str, str]:
        row = self.conn.execute(
            "SELECT id, name, county_code FROM enterprise WHERE supervision_industry = '机械' "
            "AND kind = 'enterprise' ORDER BY rid LIMIT 1"
        ).fetchone()
        return str(row[0]), str(row[1]), str(row[2])

    def team(self, county: str, skip: int = 0) -> list[str]:
        """Two officers of the county whose certificates cover the whole case."""
        found = [
            o.id
            for o, _c in officers.roster(self.conn)
            if o.unit_code == county
            and o.role == "county"
            and officers.valid_certificate(self.conn, o.id, D0) is not None
            and officers.valid_certificate(self.conn, o.id, D0 + dt.timedelta(days=90))
        ]
        assert len(found) >= skip + 2, "the demo has certified officers in every county"
        return found[skip : skip + 2]

    def approver(self, case_id: str) -> str:
        unit = str(cases.require(self.conn, case_id)["authority_code"])
        return cases.approvers(self.conn, unit)[0].id

    # -- writing behind the screens (to set up a case quickly) --------------------------------

    def write_store(self, fn: Callable[[Store], None]) -> None:
        """Run ``fn`` on the writer thread's store (and wait)."""
        box: dict[str, Any] = {}

        def task(store: Store, _context: Any) -> Any:
            fn(store)
            return None, ChangeSet()

        self.ctx.writer.submit(
            task, on_done=lambda r: box.update(done=r), on_error=lambda e: box.update(error=e)
        )
        self.qtbot.waitUntil(lambda: bool(box), timeout=20_000)
        if "error" in box:
            raise box["error"]

    def write(self, fn: Callable[[UnitOfWork], Any], author: str = "") -> Any:
        box: dict[str, Any] = {}

        def task(store: Store, _context: Any) -> Any:
            with UnitOfWork(store, author or "tester") as uow:
                result = fn(uow)
            return result, uow.changes

        self.ctx.writer.submit(
            task, on_done=lambda r: box.update(done=r), on_error=lambda e: box.update(error=e)
        )
        self.qtbot.waitUntil(lambda: bool(box), timeout=20_000)
        if "error" in box:
            raise box["error"]
        result, changes = box["done"]
        self.ctx.apply(changes)
        return result

    def open_case(self, enterprise_id: str, **values: Any) -> str:
        defaults = {
            "enterprise_id": enterprise_id,
            "cause": CAUSE,
            "violation_on": "2026-11-20",
            "article_id": "AQ2021-97",
        }
        tree = self.ctx.tree
        return str(self.write(lambda uow: procedure.open_case(uow, tree, {**defaults, **values})))

    def add(self, case_id: str, kind: str, day: dt.date, **kwargs: Any) -> None:
        step = StepInput(kind, day, **kwargs)
        # an approval is recorded by the approver himself
        self.write(lambda uow: procedure.add_step(uow, case_id, step, CAL), step.approved_by)

    def refresh(self) -> None:
        """List the cases again once the queries started by earlier changes are done."""
        self.qtbot.waitUntil(lambda: not self.ctx.searcher.busy(), timeout=20_000)
        QApplication.processEvents()
        with self.qtbot.waitSignal(self.page.refreshed, timeout=20_000):
            self.page.refresh()

    def step_count(self, case_id: str) -> int:
        row = self.conn.execute("SELECT count(*) FROM case_step WHERE case_id = ?", (case_id,))
        return int(row.fetchone()[0])

    # -- through the screens -----------------------------------------------------------------

    def start(self, kind: str) -> Any:
        button = self.case_page.action_buttons[kind]
        self.qtbot.waitUntil(button.isVisible, timeout=5_000)  # a new button shows next loop
        assert button.isEnabled()
        button.click()
        dialog = self.case_page.step_dialog
        assert dialog is not None and dialog.kind == kind and dialog.isVisible()
        return dialog

    def record(self, dialog: Any) -> None:
        assert dialog.ok_button.isEnabled(), dialog.error_label.text()
        with self.qtbot.waitSignal(self.case_page.step_recorded, timeout=20_000) as blocker:
            dialog.ok_button.click()
        assert blocker.args == [dialog.kind]
        assert not dialog.isVisible()

    def issue(self, kind: str) -> str:
        action = self.case_page.document_actions[kind]
        assert action.isVisible()
        with self.qtbot.waitSignal(self.case_page.documents_issued, timeout=30_000) as blocker:
            action.trigger()
            question = self.case_page.provisional_box
            if question is not None and question.isVisible():  # the demo numbers locally
                accept(question)
        ((issued_kind, path),) = blocker.args[0]
        assert issued_kind == kind and Path(path).is_file()
        box = self.case_page.issued_box
        assert box is not None
        box.done(0)
        return pdf_text(Path(path))


def accept(box: QMessageBox) -> None:
    """Click the box's accepting button (not Cancel)."""
    role = QMessageBox.ButtonRole.AcceptRole
    next(b for b in box.buttons() if box.buttonRole(b) == role).click()


@pytest.fixture
def screens(qtbot: Any, demo_basedir: Path) -> Iterator[Screens]:
    made = Screens(qtbot, demo_basedir)
    yield made
    made.close()


def field(dialog: StepForm, name: str) -> Any:
    return dialog.fields[name]


def choose(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


@pytest.mark.slow
def test_a_case_from_the_new_case_dialog_to_closure(screens: Screens) -> None:
    qtbot, page, conn = screens.qtbot, screens.page, screens.conn
    enterprise_id, name, county = screens.machine_works()

    # the new-case dialog: the party from the registry, the article from the catalogue
    dialog = page.new_case()
    assert not dialog.ok_button.isEnabled()
    type_text(dialog.search_box, name)
    assert dialog.results.count() >= 1
    dialog.results.setCurrentRow(0)
    assert dialog.enterprise_id == enterprise_id
    type_text(dialog.cause, CAUSE)
    type_text(dialog.facts, "新招用的操作工未经安全生产教育和培训即上岗作业。")
    dialog.violation_on.setDate(QDate(2026, 11, 20))
    dialog.article.search_box.setText("第九十七条")
    assert dialog.article.article_id() == "AQ2021-97"
    assert dialog.subject.currentData() == "unit"
    with qtbot.waitSignal(page.opened, timeout=20_000) as opened:
        dialog.ok_button.click()
    case_id = opened.args[0]
    case = cases.require(conn, case_id)
    assert (case["party_name"], case["article_id"], case["subject"]) == (name, "AQ2021-97", "unit")
    assert case["violation_on"] == "2026-11-20" and case["cause"] == CAUSE
    assert page.stack.currentWidget() is screens.case_page
    assert list(screens.case_page.action_buttons) == ["filing_requested", "onsite_decision"]

    # filing by two officers, approved by an approver
    team = screens.team(county)
    form = screens.start("filing_requested")
    assert not form.ok_button.isEnabled()  # two officers first
    for officer_id in team:
        form.officer_list.check(officer_id)
    screens.record(form)
    assert set(screens.case_page.action_buttons) == {"filing_approved", "filing_refused"}
    approver = screens.approver(case_id)
    screens.ctx.user = {"id": approver}  # the approver signs in to approve
    form = screens.start("filing_approved")
    choose(field(form, "approver"), approver)
    screens.record(form)
    numbered = cases.case_number(cases.state(conn, case_id))
    assert numbered is not None
    number, seq = numbered
    running = f"〔2026〕{seq}号"
    assert number in screens.case_page.title.text()
    texts = {"filing_approval": screens.issue("filing_approval")}

    # the inquiry: the filing officers are ticked already
    form = screens.start("inquiry")
    assert set(form.officer_list.chosen()) == set(team)
    type_text(field(form, "person"), "李安全")
    field(form, "id_number").setText(ID_NUMBER)
    type_text(field(form, "record"), "问：新员工是否经过安全培训？\n答：没有。")
    screens.record(form)
    texts["inquiry_record"] = screens.issue("inquiry_record")

    # the notice proposes 20,000 yuan: the range of Art. 97 and the capitals are shown
    notice = screens.start("notice_delivered")
    assert isinstance(notice, DecisionDialog)
    assert notice.article.article_id() == "AQ2021-97"
    assert "第九十七条" in notice.range_label.text()
    notice.amount.setText("20000")
    assert notice.capitals_label.text() == "人民币贰万元整（¥20,000.00）"
    assert not notice.triggers_hearing()  # a unit's larger amount starts at 50,000
    assert not notice.form.isRowVisible(notice.approver)
    screens.record(notice)
    texts["penalty_notice"] = screens.issue("penalty_notice")
    assert not screens.case_page.document_actions["hearing_notice"].isVisible()
    assert "decision" in screens.case_page.action_buttons

    # four working days later the statement period has passed: the decision
    screens.day = wd(4)
    decision = screens.start("decision")
    assert isinstance(decision, DecisionDialog)
    assert not decision.form.isRowVisible(decision.gains)  # Art. 97 needs no gains or income
    assert not decision.form.isRowVisible(decision.income)
    assert not decision.form.isRowVisible(decision.grade)
    choose(decision.circumstance, "ordinary")
    assert "30,000.00" in decision.suggestion_label.text()  # 30-60 % of up to 100,000
    decision.amount.setText("150000")
    assert not decision.ok_button.isEnabled()
    assert "第九十七条" in decision.refusal() and "第九十七条" in decision.error_label.text()
    assert decision.triggers_hearing()
    screens.gui.save_screenshot("decision-zh_CN.png", widget=decision)
    decision.amount.setText("20000")
    assert decision.ok_button.isEnabled() and decision.refusal() == ""
    assert decision.capitals_label.text().startswith("人民币贰万元整")
    choose(decision.approver, approver)
    screens.record(decision)
    state = cases.state(conn, case_id)
    assert state.fine == 20000 and state.decided_on == wd(4)
    texts["penalty_decision"] = screens.issue("penalty_decision")

    screens.day = wd(5)
    form = screens.start("decision_delivered")
    assert field(form, "recipient").text() == case["party_legal_rep"]
    screens.record(form)
    texts["delivery_receipt"] = screens.issue("delivery_receipt")
    assert set(screens.case_page.action_buttons) >= {"payment", "deferral_approved"}
    due = [d for d in screens.case_page.deadlines if d.due == wd(5) + dt.timedelta(days=15)]
    assert due and not due[0].overdue
    screens.gui.save_screenshot("case-zh_CN.png", widget=page)

    # payment: the amount owed is offered
    screens.day = wd(6)
    form = screens.start("payment")
    assert field(form, "amount").text() == "20000.00"
    screens.record(form)
    screens.day = wd(7)
    form = screens.start("closure_approved")
    choose(field(form, "approver"), approver)
    screens.record(form)
    state = cases.state(conn, case_id)
    assert state.stage == "closed" and state.paid == 20000
    assert deadlines.next_steps(state) == [] and "payment" not in screens.case_page.action_buttons
    texts["closure_approval"] = screens.issue("closure_approval")

    # every document names the party and carries the case's running number
    for kind, text in texts.items():
        assert name in text, kind
        assert running in text, kind
    assert "贰万元整" in texts["penalty_decision"]
    shown = [
        screens.case_page.document_list.item(n).text()
        for n in range(screens.case_page.document_list.count())
    ]
    assert len(shown) == 6 and all(running in s for s in shown)

    # back on the list the case is closed
    screens.case_page.close_button.click()
    assert page.stack.currentWidget() is page.list_view
    screens.refresh()
    assert page.model.case_ids() == [case_id]
    row = page.model.case_row(0)
    assert row is not None and row.stage == "closed" and row.number == number


def test_only_the_next_steps_are_offered(screens: Screens) -> None:
    enterprise_id, _name, county = screens.machine_works()
    case_id = screens.open_case(enterprise_id)
    screens.page.open_case(case_id)

    def buttons() -> set[str]:
        return set(screens.case_page.action_buttons)

    assert buttons() == {"filing_requested", "onsite_decision"}  # Art. 51: or on the spot
    onsite = screens.start("onsite_decision")  # its form opens: officers, penalty, amount
    assert field(onsite, "onsite_penalty").currentData() == "fine"
    onsite.reject()
    assert not screens.case_page.issue_button.isEnabled()  # no document before filing
    screens.add(case_id, "filing_requested", D0, officer_ids=screens.team(county))
    assert buttons() == {"filing_approved", "filing_refused"}  # nothing else until approved
    screens.add(case_id, "filing_approved", D0, approved_by=screens.approver(case_id))
    assert "notice_delivered" in buttons() and "decision" not in buttons()
    assert "decision_delivered" not in buttons() and "closure_approved" not in buttons()
    screens.add(case_id, "notice_delivered", D0, data={"amount": "20000"})
    assert "notice_delivered" not in buttons() and {"decision", "statement"} <= buttons()
    assert "hearing_requested" not in buttons()  # 20,000 gives a unit no hearing
    # no inquiry yet, no hearing right: the notice and the filing approval only
    assert set(screens.case_page.issuable()) == {"filing_approval", "penalty_notice"}
    assert [d.what for d in screens.case_page.deadlines][0].startswith("陈述申辩")

    # a document the case cannot have is refused with the domain's reason, nothing issued
    screens.case_page.issue("hearing_notice")
    screens.qtbot.waitUntil(lambda: screens.case_page.status.isVisible(), timeout=20_000)
    assert "听证" in screens.case_page.status.text()
    assert screens.case_page.document_list.count() == 0


def test_a_refused_step_shows_its_message_and_writes_nothing(screens: Screens) -> None:
    enterprise_id, _name, county = screens.machine_works()
    case_id = screens.open_case(enterprise_id)
    screens.add(case_id, "filing_requested", D0, officer_ids=screens.team(county))
    screens.add(case_id, "filing_approved", D0, approved_by=screens.approver(case_id))
    screens.page.open_case(case_id)
    before = screens.step_count(case_id)

    # an ID number with a wrong check digit (GB 11643)
    form = screens.start("inquiry")
    type_text(field(form, "person"), "李安全")
    field(form, "id_number").setText(ID_NUMBER[:-1] + "8")
    type_text(field(form, "record"), "问：x\n答：y")
    with screens.qtbot.waitSignal(screens.case_page.step_refused, timeout=20_000) as refused:
        form.ok_button.click()
    assert "身份证" in refused.args[0] and refused.args[0] == form.error_label.text()
    assert form.isVisible() and form.ok_button.isEnabled()  # the officer may correct it
    assert screens.step_count(case_id) == before
    field(form, "id_number").setText(ID_NUMBER)
    screens.record(form)
    assert screens.step_count(case_id) == before + 1

    # a decision inside the statement period (行政处罚法 Art. 62)
    screens.add(case_id, "notice_delivered", D0, data={"amount": "20000"})
    before = screens.step_count(case_id)
    screens.day = wd(2)
    decision = screens.start("decision")
    assert isinstance(decision, DecisionDialog) and decision.amount.text() == "20000.00"
    choose(decision.approver, screens.approver(case_id))
    with screens.qtbot.waitSignal(screens.case_page.step_refused, timeout=20_000) as refused:
        decision.ok_button.click()
    assert "第六十二条" in refused.args[0] and "第六十二条" in decision.error_label.text()
    assert decision.isVisible() and screens.step_count(case_id) == before
    decision.reject()

    # evidence without its description
    assert "payment" not in screens.case_page.action_buttons
    form = screens.start("evidence")
    with screens.qtbot.waitSignal(screens.case_page.step_refused, timeout=20_000) as refused:
        form.ok_button.click()  # no description
    assert refused.args[0] and screens.step_count(case_id) == before


def test_the_list_filters_by_stage_deadline_officer_and_county(
    screens: Screens, qtmodeltester: Any
) -> None:
    page, conn = screens.page, screens.conn
    enterprise_id, _name, county = screens.machine_works()
    other_county = next(u.code for u in screens.ctx.tree.counties() if u.code != county)

    # a person as the party, through the dialog: a wrong ID number is refused there
    dialog = page.new_case()
    dialog.person_radio.setChecked(True)
    type_text(dialog.person_name, "钱志明")
    dialog.person_id.setText(ID_NUMBER[:-1] + "8")
    choose(dialog.county, other_county)
    type_text(dialog.cause, "未经培训上岗作业")
    dialog.ok_button.click()
    # the 18th character is not the check character of GB 11643
    screens.qtbot.waitUntil(lambda: "校验码" in dialog.error_label.text(), timeout=20_000)
    assert dialog.isVisible() and dialog.ok_button.isEnabled()
    assert screens.conn.execute("SELECT count(*) FROM penalty_case").fetchone()[0] == 0
    dialog.person_id.setText(ID_NUMBER)
    with screens.qtbot.waitSignal(dialog.created, timeout=20_000) as created:
        dialog.ok_button.click()
    waiting = created.args[0]  # to be filed
    person = cases.require(conn, waiting)
    assert (person["party_kind"], person["party_id_number"]) == ("person", ID_NUMBER)
    assert person["county_code"] == other_county and person["article_id"] == ""
    page.show_list()
    investigated = screens.open_case(enterprise_id, cause="未如实记录安全生产教育和培训情况")
    notified = screens.open_case(enterprise_id, cause="特种作业人员未持证上岗")
    first_team, second_team = screens.team(county), screens.team(county, skip=2)
    for case_id, team in ((investigated, first_team), (notified, second_team)):
        screens.add(case_id, "filing_requested", D0, officer_ids=team)
        screens.add(case_id, "filing_approved", D0, approved_by=screens.approver(case_id))
    screens.add(notified, "notice_delivered", D0, data={"amount": "5000"})

    def shown(**choices: Any) -> set[str]:
        combos = {
            "stage": page.stage_combo,
            "due": page.due_combo,
            "officer": page.officer_combo,
            "county": page.county_combo,
        }
        for key, combo in combos.items():
            with QSignalBlocker(combo):
                if key in choices:
                    choose(combo, choices[key])
                else:
                    combo.setCurrentIndex(0)
        screens.refresh()
        return set(page.model.case_ids())

    assert shown() == {waiting, investigated, notified}
    qtmodeltester.check(page.model)
    assert page.model.case_ids()[0] == notified  # the statement period ends soonest
    with screens.qtbot.waitSignal(page.refreshed, timeout=20_000):  # a filter lists again
        choose(page.stage_combo, "pending")
    assert set(page.model.case_ids()) == {waiting}
    assert shown(stage="pending") == {waiting}
    assert shown(stage="investigating") == {investigated}
    assert shown(stage="notified") == {notified}
    assert shown(due="soon") == {notified}
    assert shown(due="overdue") == set()
    assert shown(officer=first_team[0]) == {investigated}
    assert shown(officer=second_team[1]) == {notified}
    assert shown(county=other_county) == {waiting}
    assert shown(county=county, stage="notified") == {notified}

    # a week later the statement period of the notified case is over: overdue, in red
    screens.day = wd(6)
    assert shown(due="overdue") == {notified}
    index = page.model.index(0, 4)
    assert page.model.data(index, Qt.ItemDataRole.ForegroundRole) is not None
    assert page.model.data(page.model.index(0, 0)).startswith("（")  # the case number
    qtmodeltester.check(page.model)

    # a double click opens the case in the same stack
    with screens.qtbot.waitSignal(page.opened, timeout=5_000) as opened:
        page.table.doubleClicked.emit(page.model.index(0, 1))
    assert opened.args == [notified] and page.stack.currentWidget() is screens.case_page


def test_a_case_opened_from_an_enterprise_keeps_its_source(screens: Screens) -> None:
    enterprise_id, name, _county = screens.machine_works()
    dialog = screens.page.new_case(enterprise_id, source="complaint", source_id="TS-2026-031")
    assert name in dialog.enterprise_label.text() and not dialog.ok_button.isEnabled()
    type_text(dialog.cause, CAUSE)
    assert dialog.ok_button.isEnabled()
    with screens.qtbot.waitSignal(screens.page.opened, timeout=20_000) as opened:
        dialog.ok_button.click()
    case = cases.require(screens.conn, opened.args[0])
    assert (case["enterprise_id"], case["source"]) == (enterprise_id, "complaint")
    assert case["source_id"] == "TS-2026-031" and case["article_id"] == ""


def test_evidence_photos_are_kept_by_hash_and_listed_on_the_decision(
    screens: Screens, tmp_path: Path
) -> None:
    import hashlib

    from PySide6.QtGui import QColor, QImage

    from inspector_app.store import attachments

    enterprise_id, _name, county = screens.machine_works()
    case_id = screens.open_case(enterprise_id)
    screens.add(case_id, "filing_requested", D0, officer_ids=screens.team(county))
    screens.add(case_id, "filing_approved", D0, approved_by=screens.approver(case_id))
    screens.page.open_case(case_id)
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("darkred"))
    shot = tmp_path / "现场照片.png"
    assert image.save(str(shot))
    form = screens.start("evidence")
    type_text(field(form, "description"), "安全出口被封堵的照片")
    form.add_photo_files([str(shot), str(shot)])  # the same photo once
    screens.record(form)
    step = [s for s in cases.state(screens.conn, case_id).steps if s.kind == "evidence"][0]
    digest = hashlib.sha256(shot.read_bytes()).hexdigest()
    assert step.data["photos"] == [digest]
    kept = attachments.path_of(screens.ctx.paths.attachments_dir, digest)
    assert kept.read_bytes() == shot.read_bytes()


def test_the_forms_ask_for_as_many_officers_as_the_rule_says(
    screens: Screens, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The minimum is the rule's (``inspection_rules.json``), not a number in the forms."""
    three = dataclasses.replace(inspection_rules.default_rules(), min_officers=3)
    monkeypatch.setattr(inspection_rules, "default_rules", lambda: three)
    enterprise_id, _name, county = screens.machine_works()
    screens.page.open_case(screens.open_case(enterprise_id))
    form = screens.start("filing_requested")
    first, second = screens.team(county)
    third = next(
        o.id
        for o, _c in officers.roster(screens.conn)
        if o.unit_code == county
        and o.id not in (first, second)
        and officers.valid_certificate(screens.conn, o.id, D0) is not None
    )
    assert "3" in form.form.labelForField(form.officer_list).text()
    form.officer_list.check(first)
    form.officer_list.check(second)
    assert not form.ok_button.isEnabled()
    form.officer_list.check(third)
    assert form.ok_button.isEnabled()
    form.reject()

    window = screens.gui.window
    window.start_inspection(enterprise_id)
    dialog = window.inspections_page.start_dialog
    assert dialog is not None
    dialog.check_officer(first)
    dialog.check_officer(second)
    assert not dialog.ok_button.isEnabled()
    dialog.check_officer(third)
    assert dialog.ok_button.isEnabled()
    dialog.reject()


def test_a_closure_case_goes_through_its_forms(screens: Screens) -> None:
    """Every step the case page offers opens its form (行政处罚法 Art. 58, 57; 安全生产法
    Art. 113, 115): the legal reviewer is chosen from those who did not investigate, the
    closure is referred to the government and closed after its outcome."""
    enterprise_id, _name, county = screens.machine_works()
    case_id = screens.open_case(enterprise_id, article_id="AQ2021-113")
    team = screens.team(county)
    boss = screens.approver(case_id)
    screens.ctx.user = {"id": boss}  # the head records the discussion himself
    screens.add(case_id, "filing_requested", D0, officer_ids=team)
    screens.add(case_id, "filing_approved", D0, approved_by=boss)
    penalties = [{"kind": "closure"}]
    screens.add(case_id, "notice_delivered", D0, data={"amount": "0", "penalties": penalties})
    screens.add(case_id, "rights_waived", D0)
    screens.page.open_case(case_id)
    offered = set(screens.case_page.action_buttons)
    assert {"legal_review", "collective_discussion", "no_penalty"} <= offered

    form = screens.start("legal_review")
    reviewers = field(form, "reviewer")
    chosen = {reviewers.itemData(n) for n in range(reviewers.count())}
    assert chosen and not chosen & set(team)  # Art. 58: not an investigator
    type_text(field(form, "opinion"), "事实清楚，同意")
    screens.record(form)
    form = screens.start("collective_discussion")
    choose(field(form, "approver"), boss)
    type_text(field(form, "participants"), "局长、副局长")
    type_text(field(form, "conclusion"), "报请关闭")
    screens.record(form)
    data = {"amount": "0", "penalties": penalties, "flags": ["major"]}
    screens.add(case_id, "decision", D0, approved_by=boss, data=data)
    screens.add(case_id, "decision_delivered", D0)
    screens.page.open_case(case_id)
    after = set(screens.case_page.action_buttons)
    assert "referral" in after and "closure_approved" not in after
    for kind in after:  # every form offered opens without a crash
        dialog = screens.start(kind)
        dialog.reject()
    form = screens.start("referral")
    assert field(form, "penalty").currentData() == "closure"
    type_text(field(form, "organ"), "嘉善县人民政府")
    screens.record(form)
    form = screens.start("referral_outcome")
    assert field(form, "referral_result").currentData() == "granted"
    screens.record(form)
    assert "closure_approved" in set(screens.case_page.action_buttons)


def test_the_notice_offers_the_articles_penalties_and_an_accidents_ranges(
    screens: Screens,
) -> None:
    """A case from an accident shows the accident's grade and the Art. 114 range; a closure
    (安全生产法 Art. 113) needs no fine and gives the hearing right (行政处罚法 Art. 63)."""
    conn = screens.conn
    enterprise_id, _name, _county = screens.machine_works()
    tree = screens.ctx.tree
    accident = {
        "occurred_at": dt.datetime(2026, 11, 20, 9, 0),
        "place": "二号车间",
        "sector": "industry_trade",
        "accident_type": "机械致害",
        "enterprise_id": enterprise_id,
    }
    report = {
        "reported_at": dt.datetime(2026, 11, 20, 9, 30),
        "deaths": 1,
        "missing": 0,
        "serious_injuries": 0,
        "minor_injuries": 0,
        "direct_loss_yuan": 500000,
        "course": "操作工在清理设备时被卷入。",
        "reporter": "王海明",
    }
    outcome = screens.write(
        lambda uow: accident_operations.record_accident(uow, accident, report, tree=tree)
    )
    accident_id = conn.execute("SELECT id FROM accident").fetchone()[0]
    assert outcome is not None
    case_id = screens.open_case(
        enterprise_id, source="accident", source_id=str(accident_id), article_id="AQ2021-114"
    )
    case = cases.require(conn, case_id)
    dialog = DecisionDialog(
        screens.ctx, case, cases.state(conn, case_id), conn, "notice_delivered", D0
    )
    text = dialog.accident_label.text()
    assert "事故" in text and "第一百一十四条" in text
    dialog.reject()

    closing = screens.open_case(enterprise_id, article_id="AQ2021-97")
    record = cases.require(conn, closing)
    dialog = DecisionDialog(
        screens.ctx, record, cases.state(conn, closing), conn, "notice_delivered", D0
    )
    codes = [
        dialog.penalty_list.item(n).data(Qt.ItemDataRole.UserRole)
        for n in range(dialog.penalty_list.count())
    ]
    assert codes == ["closure"]  # Art. 97 lists no other penalty at its first stage
    dialog.penalty_list.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.amount.setText("0")
    assert dialog.triggers_hearing() and not dialog.refusal()
    assert dialog.step_input().data["penalties"] == [{"kind": "closure"}]
    dialog.stage.setCurrentIndex(dialog.stage.findData("overdue"))
    codes = {
        dialog.penalty_list.item(n).data(Qt.ItemDataRole.UserRole)
        for n in range(dialog.penalty_list.count())
    }
    assert codes == {"closure", "suspend_rectify"}  # ordered and not obeyed: Art. 97
    dialog.reject()


def test_the_filing_form_records_harm_for_the_five_year_limitation(screens: Screens) -> None:
    """Issue 15 item 7: 行政处罚法 Art. 36 gives five years instead of two where the act
    harmed life or health; the filing form has the flag, stores it and the check uses it."""
    enterprise_id, _name, county = screens.machine_works()
    case_id = screens.open_case(enterprise_id, violation_on="2023-11-20")  # three years ago
    screens.page.open_case(case_id)
    form = screens.start("filing_requested")
    for officer_id in screens.team(county):
        form.officer_list.check(officer_id)
    harm = field(form, "harm")
    assert not harm.isChecked()
    with screens.qtbot.waitSignal(screens.case_page.step_refused, timeout=20_000) as refused:
        form.ok_button.click()
    assert "第三十六条" in refused.args[0] and "2年" in form.error_label.text()
    assert form.isVisible() and screens.step_count(case_id) == 0
    harm.setChecked(True)
    screens.record(form)
    (step,) = cases.state(screens.conn, case_id).steps
    assert step.kind == "filing_requested" and step.data["harm"] is True


def test_a_provisional_number_is_asked_before_the_party_gets_it(screens: Screens) -> None:
    """Issue 10 item 12: a document for the party under the device's own (provisional) number
    is issued only once the officer chose it; Cancel issues nothing."""
    enterprise_id, _name, county = screens.machine_works()
    case_id = screens.open_case(enterprise_id)
    screens.add(case_id, "filing_requested", D0, officer_ids=screens.team(county))
    screens.add(case_id, "filing_approved", D0, approved_by=screens.approver(case_id))
    screens.add(case_id, "evidence", D0, data={"description": "未培训的操作工名单"})
    screens.add(case_id, "notice_delivered", D0, data={"amount": "20000"})
    screens.page.open_case(case_id)
    page = screens.case_page
    assert cases.state(screens.conn, case_id).steps[1].data["provisional"] is True
    page.document_actions["penalty_notice"].trigger()
    box = page.provisional_box
    assert box is not None and box.isVisible() and "临时编号" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    screens.qtbot.wait(200)
    assert page.document_list.count() == 0 and not box.isVisible()
    text = screens.issue("penalty_notice")  # accepted this time
    assert page.document_list.count() == 1 and "行政处罚告知书" in text


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_every_stage_name_fits_its_column_at_1366x768(
    qtbot: Any, demo_basedir: Path, lang: str
) -> None:
    """Issue 15 item 2: "Being carried out" was cut off. Each stage's name, measured with the
    list's font, fits the stage column and the stage filter at the common laptop size."""
    made = Screens(qtbot, demo_basedir, lang)
    try:
        page = made.page
        page.resize(1366, 768)
        qtbot.wait(50)
        names = stage_names()
        assert ("Being carried out" in names) == (lang == "en")
        metrics = page.table.fontMetrics()
        column = page.table.columnWidth(3)
        for name in names:
            assert metrics.horizontalAdvance(name) + 2 * STAGE_MARGIN <= column, name
        combo = page.stage_combo
        for n in range(combo.count()):
            text = combo.itemText(n)
            assert combo.fontMetrics().horizontalAdvance(text) < combo.width(), text
        # the table's columns still fit the window's width without scrolling
        assert page.table.horizontalHeader().length() <= page.table.viewport().width() + 1
    finally:
        made.close()


def filed_case(screens: Screens) -> str:
    enterprise_id, _name, county = screens.machine_works()
    case_id = screens.open_case(enterprise_id)
    screens.add(case_id, "filing_requested", D0, officer_ids=screens.team(county))
    screens.add(case_id, "filing_approved", D0, approved_by=screens.approver(case_id))
    screens.page.open_case(case_id)
    return case_id


def test_the_seizure_forms_refuse_in_the_field_and_write_nothing(screens: Screens) -> None:
    """行政强制法 Art. 25: a seizure of 45 days is refused, the days field marked and still
    showing 45, nothing written; at 30 days it is recorded, then extended and released through
    their forms, the period's end counted down."""
    case_id = filed_case(screens)
    county = str(cases.require(screens.conn, case_id)["county_code"])
    approver = screens.approver(case_id)
    screens.ctx.user = {"id": approver}  # the head approves and records it himself
    before = screens.step_count(case_id)
    form = screens.start("seizure")
    for officer_id in screens.team(county):
        form.officer_list.check(officer_id)
    choose(field(form, "approver"), approver)
    choose(field(form, "measure"), "seal")
    type_text(field(form, "items"), "无安全标志的压力容器 1台\n报废的起重吊具 2套")
    type_text(field(form, "record"), "当场告知查封的理由、依据和当事人依法享有的权利。")
    field(form, "days").setValue(45)
    with screens.qtbot.waitSignal(screens.case_page.step_refused, timeout=20_000) as refused:
        form.ok_button.click()
    assert "第二十五条" in refused.args[0] and "第二十五条" in form.error_label.text()
    assert form.refused_field == "days" and field(form, "days").value() == 45
    assert "b00020" in field(form, "days").styleSheet()
    assert form.isVisible() and screens.step_count(case_id) == before
    # the party absent: the witness is named (Art. 18 (八))
    field(form, "days").setValue(30)
    choose(field(form, "signed_by"), "witness")
    with screens.qtbot.waitSignal(screens.case_page.step_refused, timeout=20_000):
        form.ok_button.click()
    assert form.refused_field == "witness" and screens.step_count(case_id) == before
    type_text(field(form, "witness"), "张见证")
    screens.record(form)
    step = cases.state(screens.conn, case_id).steps[-1]
    assert step.kind == "seizure" and step.data["items"][1] == "报废的起重吊具 2套"
    assert step.data["until"] == (D0 + dt.timedelta(days=30)).isoformat()
    assert any("第二十五条" in d.what for d in screens.case_page.deadlines)
    assert "closure_approved" not in screens.case_page.action_buttons

    form = screens.start("seizure_extended")
    choose(field(form, "approver"), approver)
    type_text(field(form, "reason"), "需委托检验机构检测")
    screens.record(form)
    form = screens.start("seizure_released")
    choose(field(form, "approver"), approver)
    choose(field(form, "release_ground"), "no_violation")
    screens.record(form)
    assert cases.state(screens.conn, case_id).steps[-1].data["ground"] == "no_violation"
    assert "seizure" in screens.case_page.action_buttons  # a new one may follow


def test_the_power_cut_form_refuses_a_notice_under_24_hours(screens: Screens) -> None:
    """安全生产法 Art. 70 ¶2: the decision, recorded on the day it is delivered to the unit,
    is its written notice; the planned cut (a date that may lie ahead) comes 24 hours later at
    the soonest, unless an emergency is stated with its reason."""
    case_id = filed_case(screens)
    approver = screens.approver(case_id)
    screens.ctx.user = {"id": approver}
    form = screens.start("power_cut")
    assert not form.form.isRowVisible(field(form, "emergency_reason"))
    field(form, "emergency").setChecked(True)  # an emergency states why
    assert form.form.isRowVisible(field(form, "emergency_reason"))
    field(form, "emergency").setChecked(False)
    choose(field(form, "approver"), approver)
    type_text(field(form, "order"), "责令暂时停产停业决定")
    type_text(field(form, "supplier"), "国网海宁市供电公司")
    tomorrow = screens.day + dt.timedelta(days=1)
    field(form, "cut_on").setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    field(form, "notified_at").setText("10:00")  # today at 10:00, cut tomorrow at 09:00
    with screens.qtbot.waitSignal(screens.case_page.step_refused, timeout=20_000) as refused:
        form.ok_button.click()
    assert "第七十条第二款" in refused.args[0] and form.refused_field == "cut_on"
    assert screens.step_count(case_id) == 2
    field(form, "notified_at").setText("08:30")
    screens.record(form)
    step = cases.state(screens.conn, case_id).steps[-1]
    assert step.occurred_on == screens.day and step.data["cut_on"] == tomorrow.isoformat()
    assert (step.data["notified_at"], step.data["cut_at"]) == ("08:30", "09:00")
    assert "power_restored" in screens.case_page.action_buttons
    screens.day = tomorrow  # lifted on the day of the cut at the soonest
    form = screens.start("power_restored")
    type_text(field(form, "reason"), "已停产整改，隐患已消除")
    screens.record(form)
    assert "power_cut" in screens.case_page.action_buttons


def test_an_on_the_spot_decision_asks_before_a_provisional_number(screens: Screens) -> None:
    """Issue 10 item 12, 行政处罚法 Art. 52: the on-the-spot decision goes to the party with its
    number at once; with no block leased from the server the form asks, Cancel writes nothing."""
    enterprise_id, _name, county = screens.machine_works()
    case_id = screens.open_case(enterprise_id)
    screens.page.open_case(case_id)
    form = screens.start("onsite_decision")
    for officer_id in screens.team(county):
        form.officer_list.check(officer_id)
    field(form, "amount").setText("200")
    assert procedure.number_would_be_provisional(screens.conn, case_id, D0, "当罚")
    form.ok_button.click()
    box = form.provisional_box
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()
    screens.qtbot.wait(200)
    assert screens.step_count(case_id) == 0 and form.isVisible()
    with screens.qtbot.waitSignal(screens.case_page.step_recorded, timeout=20_000):
        form.ok_button.click()
        assert form.provisional_box is not None
        accept(form.provisional_box)
    (step,) = cases.state(screens.conn, case_id).steps
    assert step.kind == "onsite_decision" and step.data["provisional"] is True
