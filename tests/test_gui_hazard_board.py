"""The hazard board driven as an officer would: views, filters, the review button (pytest-qt).

A real store holds one signed inspection of 海宁精工机械 with three hazards ordered by a
rectification order, due 15, 16 and 17 days after the inspection; the page queries it on the
app's real search thread.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from inspection_support import DAY, START, World, make_world
from PySide6.QtCore import Qt

import main as entry
from helpers import KNOWN_ENTRIES, new_store
from inspector_app.inspections import documents, hazards, inspections, reviews
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.paths import AppPaths
from ui.context import AppContext
from ui.hazard_board import HazardBoardPage
from ui.settings import LANGUAGE, Settings

FIRST_DEADLINE = DAY + dt.timedelta(days=15)


@dataclass
class Board:
    qtbot: Any
    ctx: AppContext
    page: HazardBoardPage
    world: World
    made: list[str]  # the hazard ids, in the order found (and of their deadlines)
    inspection_id: str

    def wait(self, action: Any) -> int:
        """Do what changes the board and wait for its query; the number of rows shown."""
        with self.qtbot.waitSignal(self.page.refreshed, timeout=20_000) as blocker:
            action()
        return int(blocker.args[0])

    def listed(self) -> list[str]:
        model = self.page.model
        assert model is not None
        return model.hazard_ids()

    def cell(self, row: int, field: str, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        model = self.page.model
        assert model is not None
        column = [f for f, _title in model.COLUMNS].index(field)
        return model.data(model.index(row, column), role)

    def select(self, rows: list[int]) -> None:
        self.page.table.clearSelection()
        for row in rows:
            self.page.table.selectionModel().select(
                self.page.model.index(row, 0),  # type: ignore[union-attr]
                self.page.table.selectionModel().SelectionFlag.Select
                | self.page.table.selectionModel().SelectionFlag.Rows,
            )


def ordered_inspection(world: World) -> tuple[str, list[str]]:
    """A signed inspection with three hazards and the rectification order issued for them."""
    inspection_id = world.start()
    made = world.fill(inspection_id)
    world.sign(inspection_id)
    with UnitOfWork(world.store, "tester") as uow:
        documents.issue(uow, world.tree, "rectification_order", inspection_id, DAY)  # type: ignore[arg-type]
    return inspection_id, made


@pytest.fixture
def board(
    qtbot: Any, tmp_path: Path, tree: JurisdictionTree, registry: Registry
) -> Iterator[Board]:
    paths = AppPaths.create(tmp_path / "base")
    store = new_store(paths.database, tree)
    world = make_world(store, registry, tmp_path)
    inspection_id, made = ordered_inspection(world)
    settings = Settings(paths.settings_file)
    settings.set(LANGUAGE, "zh_CN")
    ctx = entry.build_context(paths, settings)
    ctx.searcher.start()
    page = HazardBoardPage(ctx)
    qtbot.addWidget(page)
    page.today = lambda: DAY
    b = Board(qtbot, ctx, page, world, made, inspection_id)
    try:
        assert b.wait(lambda: page.attach(ctx.open_reader())) == 3
        yield b
    finally:
        ctx.close()
        store.close()


def test_the_open_view_lists_the_ordered_hazards_most_urgent_first(
    board: Board, qtmodeltester: Any
) -> None:
    page = board.page
    assert page.view() == "open"
    assert board.listed() == board.made
    assert board.cell(0, "enterprise") == "海宁精工机械有限公司"
    assert board.cell(0, "description").startswith("隐患1：")
    assert board.cell(0, "location") == "一号车间"
    assert board.cell(0, "found_on") == DAY.isoformat()
    assert [board.cell(n, "deadline") for n in range(3)] == [
        (DAY + dt.timedelta(days=15 + n)).isoformat() for n in range(3)
    ]
    assert {board.cell(n, "state") for n in range(3)} == {hazards.STATES["ordered"][0]}
    assert {board.cell(n, "overdue") for n in range(3)} == {""}
    assert board.cell(0, "major") in (page.model.tr("Yes"), "—")  # type: ignore[union-attr]
    assert page.count_label.text() == "Hazards: 3, overdue: 0"
    assert not page.busy.isVisible()
    assert board.wait(lambda: page.set_view("closed")) == 0
    assert board.wait(lambda: page.set_view("all")) == 3
    qtmodeltester.check(page.model)


def test_after_the_first_deadline_only_the_first_hazard_is_overdue(
    board: Board, qtmodeltester: Any
) -> None:
    page = board.page
    page.today = lambda: FIRST_DEADLINE + dt.timedelta(days=1)
    assert board.wait(lambda: page.set_view("overdue")) == 1
    assert board.listed() == board.made[:1]
    assert board.cell(0, "overdue") == "1"
    red = board.cell(0, "overdue", Qt.ItemDataRole.ForegroundRole)
    assert red is not None and red.color().red() > 150 and red.color().green() < 100
    assert page.count_label.text() == "Hazards: 1, overdue: 1"
    qtmodeltester.check(page.model)

    # the other two fall due within the week; the open view counts the overdue one
    assert board.wait(lambda: page.set_view("due_week")) == 2
    assert board.listed() == board.made[1:]
    assert board.wait(lambda: page.set_view("open")) == 3
    assert page.count_label.text() == "Hazards: 3, overdue: 1"
    assert [board.cell(n, "overdue") for n in range(3)] == ["1", "", ""]
    assert board.cell(1, "overdue", Qt.ItemDataRole.ForegroundRole) is None


def test_filters_by_county_town_industry_and_major(board: Board) -> None:
    page = board.page
    assert not page.town_combo.isEnabled()
    nanhu = page.county_combo.findData("330402")
    assert board.wait(lambda: page.county_combo.setCurrentIndex(nanhu)) == 0
    assert page.count_label.text() == "Hazards: 0, overdue: 0"
    haining = page.county_combo.findData("330481")
    assert board.wait(lambda: page.county_combo.setCurrentIndex(haining)) == 3
    assert page.town_combo.isEnabled()
    xucun = page.town_combo.findData("330481005")
    other_town = page.town_combo.findData("330481001")
    assert board.wait(lambda: page.town_combo.setCurrentIndex(other_town)) == 0
    assert board.wait(lambda: page.town_combo.setCurrentIndex(xucun)) == 3
    # a zone is filtered by the supervising unit: 海宁 is supervised by its county
    zone = page.county_combo.findData("Z330401")
    assert board.wait(lambda: page.county_combo.setCurrentIndex(zone)) == 0
    assert page.town_combo.isEnabled() and page.town_combo.findData("330402006") > 0
    assert board.wait(lambda: page.county_combo.setCurrentIndex(0)) == 3
    assert not page.town_combo.isEnabled()

    other = page.industry_combo.findData("危化")
    assert board.wait(lambda: page.industry_combo.setCurrentIndex(other)) == 0
    machines = page.industry_combo.findData("机械")
    assert board.wait(lambda: page.industry_combo.setCurrentIndex(machines)) == 3

    major = sum(1 for n in range(3) if board.cell(n, "major") != "—")
    assert board.wait(lambda: page.major_combo.setCurrentIndex(1)) == major
    assert board.wait(lambda: page.major_combo.setCurrentIndex(2)) == 3 - major


def test_review_needs_one_enterprise_and_hazards_awaiting_review(board: Board) -> None:
    page = board.page
    assert not page.review_button.isEnabled()
    board.select([0, 1])
    assert page.review_button.isEnabled()
    with board.qtbot.waitSignal(page.review_requested) as blocker:
        page.review_button.click()
    assert blocker.args == [board.made[:2]]

    # a hazard whose rectification passed review needs no other: the board follows the write
    with UnitOfWork(board.world.store, "tester") as uow:
        hazards.record_event(uow, board.made[2], "review_passed", DAY + dt.timedelta(days=3))
    assert board.wait(lambda: board.ctx.apply(uow.changes)) == 2  # no longer open
    assert board.wait(lambda: page.set_view("all")) == 3
    assert board.cell(2, "state") == hazards.STATES["review_passed"][0]
    board.select([1, 2])
    assert not page.review_button.isEnabled()
    with board.qtbot.assertNotEmitted(page.review_requested):
        page.request_review()

    # hazards of another enterprise cannot be reviewed together with these
    with UnitOfWork(board.world.store, "tester") as uow:
        shop = board.world.registry.create(uow, KNOWN_ENTRIES[1])
    _second, theirs = ordered_inspection(dataclasses.replace(board.world, enterprise=shop))
    assert board.wait(page.refresh) == 6  # the view shows all
    ours = board.listed().index(board.made[0])
    board.select([ours, board.listed().index(theirs[0])])
    assert not page.review_button.isEnabled()
    board.select([ours])
    assert page.review_button.isEnabled()


def test_selection_survives_a_refresh_and_double_click_opens_the_inspection(
    board: Board,
) -> None:
    page = board.page
    page.resize(1200, 500)
    page.show()
    board.qtbot.waitExposed(page)
    board.select([1])
    assert board.wait(page.refresh) == 3
    assert page.selected_ids() == [board.made[1]]
    table = page.table
    rect = table.visualRect(page.model.index(1, 1))  # type: ignore[union-attr]
    with board.qtbot.waitSignal(page.inspection_requested) as blocker:
        # an item view takes a double click on the row its first click pressed
        board.qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        board.qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [board.inspection_id]


def test_a_board_query_leaves_other_pages_searches_alone(board: Board) -> None:
    """The search thread is shared: refreshing the board must not drop a registry search."""
    done: list[object] = []
    board.ctx.searcher.submit(lambda store, _context: "registry", on_done=done.append)
    assert board.wait(board.page.refresh) == 3
    board.qtbot.waitUntil(lambda: done == ["registry"], timeout=10_000)


def test_another_pages_newer_search_does_not_drop_the_boards_query(board: Board) -> None:
    page = board.page

    def slow(_store: Any, context: Any) -> None:
        while not context.should_stop():
            time.sleep(0.01)

    board.ctx.searcher.submit(slow, latest_only="registry")
    with board.qtbot.waitSignal(page.refreshed, timeout=20_000) as blocker:
        page.refresh()  # queued behind the registry's slow search ...
        # ... which the registry's next search replaces; the board's query stays queued
        board.ctx.searcher.submit(lambda _s, _c: None, latest_only="registry")
    assert blocker.args == [3]
    assert not page.busy.isVisibleTo(page)


def test_a_failed_review_offers_a_penalty_case(board: Board) -> None:
    page, world = board.page, board.world
    board.ctx.writer.start()  # the escalation is written by the app's writer thread
    with UnitOfWork(world.store, "tester") as uow:
        review = reviews.start_review(
            uow, world.tree, board.made[:1], [world.lead, world.second], START.replace(day=28)
        )
        item = inspections.items(uow.conn, review)[0]
        inspections.set_verdict(uow, review, item.item_code, "hazard", "未整改")
        inspections.update(uow, review, {"person_in_charge": "李安全", "situation": "复查"})
    world.sign(review)
    assert board.wait(page.refresh) == 3
    board.select([board.listed().index(board.made[1])])
    assert not page.escalate_button.isEnabled()  # ordered, not failed
    board.select([board.listed().index(board.made[0])])
    assert page.escalate_button.isEnabled() and page.review_button.isEnabled()
    with (
        board.qtbot.waitSignal(page.refreshed, timeout=20_000),
        board.qtbot.waitSignal(page.case_requested, timeout=20_000) as requested,
    ):
        page.escalate(note="复查不合格，拟立案")
    assert requested.args == [world.enterprise, board.made[0]]  # its case file opens next
    state = hazards.state(world.store.conn, board.made[0])
    assert state.state == "escalated"
    assert state.events[-1].note == "复查不合格，拟立案"
    assert board.made[0] not in board.listed()  # no longer open
