"""The typical-case bulletin and the SMS lists through the screens, with a demo year of cases
(pytest-qt, offscreen): the bulletin's picks shown anonymised, an empty bulletin refused with
nothing written, the bulletin issued with one publication record per case and its PDF, the
published cases not picked again; the SMS list built with its numbers deduplicated, a bad
template refused in the form, the gateway file written and the round recorded."""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from gui_support import Gui
from PySide6.QtCore import Qt

from helpers import DayClock
from inspector_app.demo import cases as demo_cases
from inspector_app.reports import anonymise, sms
from inspector_app.store.changelog import ChangeSet
from inspector_app.store.database import Store
from ui.reports_area import ReportsArea

TODAY = demo_cases.DEFAULT_TODAY  # 2026-11-29: the demo year runs from 2025-11-30


class Screens:
    def __init__(self, qtbot: Any, basedir: Path) -> None:
        self.qtbot = qtbot
        self.gui = Gui(qtbot, basedir)
        self.ctx = self.gui.ctx
        reader = self.ctx.reader
        assert reader is not None
        self.conn = reader.conn
        tree = self.ctx.tree

        def install(store: Store) -> None:
            store.clock = DayClock(lambda: TODAY)
            demo_cases.install_cases(store, tree, seed=2018, scale=0.1, today=TODAY)

        self.write_store(install)
        self.area = ReportsArea(self.ctx)
        self.area.set_today(lambda: TODAY)
        self.area.resize(1366, 768)
        self.area.show()
        self.area.report.choose(2026, 11)
        with qtbot.waitSignal(self.area.bulletin.listed, timeout=60_000):
            self.area.attach(reader)

    def close(self) -> None:
        self.qtbot.waitUntil(lambda: not self.ctx.writer.busy(), timeout=60_000)
        self.area.close()
        self.area.deleteLater()
        self.gui.close()

    def write_store(self, fn: Callable[[Store], None]) -> None:
        box: dict[str, Any] = {}

        def task(store: Store, _context: Any) -> Any:
            fn(store)
            return None, ChangeSet()

        self.ctx.writer.submit(
            task, on_done=lambda r: box.update(done=r), on_error=lambda e: box.update(error=e)
        )
        self.qtbot.waitUntil(lambda: bool(box), timeout=60_000)
        if "error" in box:
            raise box["error"]

    def count(self, table: str) -> int:
        return int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


@pytest.fixture
def screens(qtbot: Any, demo_basedir: Path) -> Iterator[Screens]:
    made = Screens(qtbot, demo_basedir)
    yield made
    made.close()


def test_a_bulletin_is_picked_anonymised_and_issued(screens: Screens, qtmodeltester: Any) -> None:
    page = screens.area.bulletin
    screens.area.tabs.setCurrentWidget(page)
    period = page.period()
    assert period is not None and period.label == "2026年第5期"  # September–October
    model = page.model
    qtmodeltester.check(model)
    chosen = model.chosen()
    assert 0 < len(chosen) <= 10 and model.rowCount() >= len(chosen)
    shown = page.browser.toPlainText()
    assert "2026年第5期" in shown
    for c in chosen:
        for person in anonymise.persons_of(c.case, c.steps):
            if person.id_number:
                assert person.id_number not in shown
    assert re.search(r"1[3-9]\d{9}", shown) is None
    screens.gui.save_screenshot("bulletin-zh_CN.png", widget=screens.area)
    # nothing ticked: refused, nothing written
    ticked = list(model.picked)
    for row in range(model.rowCount()):
        model.setData(
            model.index(row, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
        )
    assert model.chosen() == []
    page.issue()
    assert page.message.text() and screens.count("case_publication") == 0
    for row in range(model.rowCount()):
        if model.case_id(row) in ticked:
            model.setData(
                model.index(row, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
            )
    assert {str(c.case["id"]) for c in model.chosen()} == set(ticked)
    with screens.qtbot.waitSignal(page.issued, timeout=60_000) as blocker:
        page.issue()
    path, ids = blocker.args
    assert Path(path).is_file() and len(ids) == len(ticked)
    assert screens.count("case_publication") == len(ticked)
    # listed again: those cases are published and not picked a second time
    screens.qtbot.waitUntil(lambda: page.choice is not None and bool(page.choice.published))
    screens.qtbot.waitUntil(lambda: set(ticked) <= page.model.published, timeout=30_000)
    assert not set(page.model.picked) & set(ticked)


def test_an_sms_list_built_exported_and_recorded(screens: Screens, tmp_path: Path) -> None:
    page = screens.area.sms
    screens.area.tabs.setCurrentWidget(page)
    page.county.setCurrentIndex(page.county.findData("330481"))
    page.title.setText("第十轮：典型案例警示")
    page.template.setPlainText("{法人}您好：请落实安全生产主体责任。")
    with screens.qtbot.waitSignal(page.built, timeout=20_000) as blocker:
        page.build()
    assert blocker.args == [None] and "法人" in page.message.text()
    assert not page.export_button.isEnabled()
    text = "{负责人}您好：近期我市发生多起机械伤害事故，请立即组织开展设备检修作业专项检查。"
    page.template.setPlainText(text)
    assert "UCS-2" in page.length_label.text()
    with screens.qtbot.waitSignal(page.built, timeout=60_000) as blocker:
        page.build()
    made = blocker.args[0]
    tree = screens.ctx.tree
    template = sms.parse_template(text)
    expected = sms.build_list(sms.local_targets(screens.conn, page.target(), tree), template, tree)
    assert made.messages == expected.messages > 0
    assert made.count("duplicate") == expected.count("duplicate")
    assert len({r.phone for r in made.recipients}) == made.messages  # each number once
    assert made.parts == sum(r.segments.parts for r in made.recipients) >= made.messages
    assert page.model.rowCount() == min(made.messages, 2000)
    target = tmp_path / "round.csv"
    with screens.qtbot.waitSignal(page.exported, timeout=20_000) as blocker:
        page.export(target)
    exported_sha256 = blocker.args[1]
    assert exported_sha256 == hashlib.sha256(target.read_bytes()).hexdigest()
    with target.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["手机号码", "短信内容"] and len(rows) == made.messages + 1
    assert all(r[1].startswith("【嘉兴市应急管理局】") for r in rows[1:])
    with screens.qtbot.waitSignal(page.recorded, timeout=20_000):
        page.record()
    recipients, digest = screens.conn.execute(
        "SELECT recipients, list_sha256 FROM sms_round"
    ).fetchone()
    assert recipients == made.messages and digest == exported_sha256
    assert not page.record_button.isEnabled()
    screens.gui.save_screenshot("sms-zh_CN.png", widget=screens.area)
