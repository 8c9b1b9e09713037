"""A checklist question becomes the finding a hazard records (``inspections.findings``), over
every item of the shipped checklists; and what a verdict does to the hazards
(``inspections.verdicts``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from inspection_support import make_world

from inspector_app.inspections import hazard_photos, hazards, inspections, verdicts
from inspector_app.inspections.checklists import load_catalogue
from inspector_app.inspections.findings import QUESTION, finding_of
from inspector_app.registry.entries import Registry
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store

# every question of the shipped checklists and its finding, read and checked against the
# wording of 安全生产法 Art. 97–105 ("未…的")
SHIPPED = {
    "GEN-97-1": "未按照规定设置安全生产管理机构或者配备安全生产管理人员、注册安全工程师",
    "GEN-97-2": "危险物品、矿山、金属冶炼、建筑施工、运输单位的主要负责人和安全生产管理人员"
    "未按照规定经考核合格",
    "GEN-97-7": "特种作业人员未按照规定经专门的安全作业培训或者未取得相应资格即上岗作业",
    "GEN-97-3": "未对从业人员、被派遣劳动者、实习学生进行安全生产教育和培训，"
    "或者未如实告知有关的安全生产事项",
    "GEN-97-4": "安全生产教育和培训情况未如实记录",
    "GEN-101-4": "未建立安全风险分级管控制度，或者未按照安全风险分级采取相应的管控措施",
    "GEN-101-5": "未建立事故隐患排查治理制度，或者发现的重大事故隐患未按照规定报告",
    "GEN-97-5": "事故隐患排查治理情况未如实记录，或者未向从业人员通报",
    "GEN-102": "已发现的事故隐患（包括以往检查责令整改的隐患）未采取措施消除",
    "GEN-97-6": "未按照规定制定生产安全事故应急救援预案，或者未定期组织演练",
    "GEN-99-1": "有较大危险因素的生产经营场所和有关设施、设备上未设置明显的安全警示标志",
    "GEN-99-2": "安全设备的安装、使用、检测、改造和报废不符合国家标准或者行业标准",
    "GEN-99-3": "安全设备未经常性维护、保养或者未定期检测",
    "GEN-99-4": "监控、报警、防护、救生设备、设施未正常运行，"
    "或者存在关闭、破坏或者篡改、隐瞒、销毁其相关数据、信息的情况",
    "GEN-99-5": "未为从业人员提供符合国家标准或者行业标准的劳动防护用品",
    # 安全生产法 Art. 99 (六): these containers, vehicles and offshore or underground special
    # equipment only (other special equipment falls under the Special Equipment Safety Law)
    "GEN-99-6": "危险物品的容器、运输工具，以及涉及人身安全、危险性较大的海洋石油开采特种设备和"
    "矿山井下特种设备未经具有专业资质的机构检测、检验合格或者未取得安全使用证或者安全标志"
    "即投入使用",
    "GEN-99-7": "使用应当淘汰的危及生产安全的工艺、设备",
    "GEN-99-8": "餐饮等行业的生产经营单位使用燃气的，未安装可燃气体报警装置或者未保障其正常使用",
    "GEN-101-1": "涉及危险物品的，未建立专门的安全管理制度或者未采取可靠的安全措施",
    "GEN-101-2": "重大危险源未登记建档、定期检测、评估和监控，或者未制定应急预案，"
    "或者未告知有关人员应急措施",
    "GEN-101-3": "进行爆破、吊装、动火、临时用电等危险作业时，未安排专门人员进行现场安全管理",
    "GEN-103-2": "发包或者出租生产经营项目、场所、设备的，未与承包单位、承租单位签订安全生产管理"
    "协议，或者未对其安全生产工作统一协调、管理",
    "GEN-104": "两个以上生产经营单位在同一作业区域内作业的，未签订安全生产管理协议或者未指定专职"
    "安全生产管理人员进行安全检查与协调",
    "GEN-105-1": "生产、经营、储存、使用危险物品的车间、商店、仓库与员工宿舍在同一座建筑物内，"
    "或者与员工宿舍的距离不符合安全要求",
    "GEN-105-2": "生产经营场所和员工宿舍未设有符合紧急疏散要求、标志明显、保持畅通的出口和疏散"
    "通道，或者存在占用、锁闭、封堵",
}


def test_every_shipped_question_has_its_finding() -> None:
    catalogue = load_catalogue()
    questions = {i.code: i.text for i in catalogue.items if QUESTION in i.text}
    assert set(questions) == set(SHIPPED), "a new question: write its finding here"
    for code, question in questions.items():
        assert finding_of(question) == SHIPPED[code], code


def test_items_written_as_findings_are_kept() -> None:
    kept = [i for i in load_catalogue().items if QUESTION not in i.text and "有无" not in i.text]
    assert len(kept) > 50  # the gongmao list: findings and short labels
    for item in kept:
        assert finding_of(item.text) == item.text, item.code


@pytest.mark.parametrize(
    "question",
    [
        "现场是否整洁",  # not a duty this module knows: no sure rewrite
        "仓库有无防潮措施",  # 有无 before a duty: the finding would be "未采取…", not sure
        "是否存在应急预案",  # 存在 may be asked of a good thing
        "是否",
        "是否A是否B",  # two questions in one clause
        "消防通道是否畅通，灭火器是否在有效期内",
        "Is the exit clear?",
        "",
    ],
)
def test_what_is_not_surely_a_question_stays_as_written(question: str) -> None:
    assert finding_of(question) == question


@pytest.mark.parametrize(
    ("question", "finding"),
    [
        ("是否建立安全生产责任制？", "未建立安全生产责任制"),
        ("是否擅自拆除安全设施", "擅自拆除安全设施"),
        ("疏散通道有无占用、锁闭", "疏散通道存在占用、锁闭"),
        ("是否制定合并报表制度", "未制定合并报表制度"),  # 并 inside a word stays
    ],
)
def test_the_shapes_of_a_question(question: str, finding: str) -> None:
    assert finding_of(question) == finding


# -- the verdict rule --------------------------------------------------------------------------

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def started(store: Store, registry: Registry, tmp_path: Path) -> tuple[Store, str]:
    world = make_world(store, registry, tmp_path)
    return store, world.start()


def verdict(store: Store, inspection_id: str, code: str, value: str) -> str | None:
    with UnitOfWork(store, "tester") as uow:
        return verdicts.record_verdict(uow, inspection_id, code, value, TODAY)


def test_a_hazard_verdict_records_the_finding_once(started: tuple[Store, str]) -> None:
    store, inspection_id = started
    item = next(
        i for i in inspections.items(store.conn, inspection_id) if i.item_code == "GEN-97-1"
    )
    made = verdict(store, inspection_id, item.item_code, "hazard")
    assert made is not None
    row = hazards.get(store.conn, made)
    assert row is not None
    assert row["description"] == SHIPPED["GEN-97-1"]
    assert (row["basis"], row["item_code"]) == (item.basis, "GEN-97-1")
    assert row["measures"] == "rectify_by_deadline"
    assert row["deadline"] == (TODAY + dt.timedelta(days=15)).isoformat()
    assert verdict(store, inspection_id, item.item_code, "hazard") is None  # not twice
    assert len(hazards.of_inspection(store.conn, inspection_id)) == 1


def test_another_verdict_withdraws_the_hazard_unless_it_has_photos(
    started: tuple[Store, str], tmp_path: Path
) -> None:
    store, inspection_id = started
    first, second = (i.item_code for i in inspections.items(store.conn, inspection_id)[:2])
    verdict(store, inspection_id, first, "hazard")
    kept = verdict(store, inspection_id, second, "hazard")
    assert kept is not None
    picture = tmp_path / "evidence.png"
    picture.write_bytes((tmp_path / "signature.png").read_bytes())
    sha, taken = hazard_photos.import_photo(store, tmp_path / "attachments", picture)
    with UnitOfWork(store, "tester") as uow:
        hazard_photos.add_photo(uow, kept, sha, picture.name, taken)
    verdict(store, inspection_id, first, "compliant")
    verdict(store, inspection_id, second, "not_applicable")
    left = hazards.of_inspection(store.conn, inspection_id)
    assert [h["id"] for h in left] == [kept]  # evidence is not dropped by a key press
    assert [i.verdict for i in inspections.items(store.conn, inspection_id)[:2]] == [
        "compliant",
        "not_applicable",
    ]
