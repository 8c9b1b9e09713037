"""Typical-case bulletins: the two-month periods, anonymisation, the choice of cases and the
bulletin filled into its template."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from test_reports_support import Cases, demo_year

from inspector_app.demo import cases as demo_cases
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import id_check_char
from inspector_app.reports import anonymise, bulletins
from inspector_app.reports.anonymise import Anonymiser, Person, PublicationDataError
from inspector_app.reports.bulletins import BulletinError, BulletinPeriod
from inspector_app.store.database import Store

TODAY = demo_cases.DEFAULT_TODAY


def id_number(first17: str) -> str:
    return first17 + id_check_char(first17)


SHEN = id_number("33048319800101123")
WANG = id_number("33040219920215456")


@pytest.fixture(scope="module")
def year(
    tmp_path_factory: pytest.TempPathFactory, tree: JurisdictionTree, registry: Registry
) -> Iterator[Store]:
    store = demo_year(tmp_path_factory.mktemp("bulletins") / "i.sqlite3", tree, registry, 0.1)
    yield store
    store.close()


def test_periods_are_two_calendar_months() -> None:
    january = bulletins.bulletin_period(dt.date(2026, 1, 15))
    assert january == BulletinPeriod(2026, 1, dt.date(2026, 1, 1), dt.date(2026, 2, 28))
    assert january.label == "2026年第1期" and january.span == "2026年1月至2月"
    assert bulletins.bulletin_period(dt.date(2028, 2, 10)).last == dt.date(2028, 2, 29)
    december = bulletins.bulletin_period(dt.date(2026, 12, 31))
    assert (december.issue, december.first, december.last) == (
        6,
        dt.date(2026, 11, 1),
        dt.date(2026, 12, 31),
    )
    assert bulletins.previous_period(january) == BulletinPeriod(
        2025, 6, dt.date(2025, 11, 1), dt.date(2025, 12, 31)
    )


def test_pseudonyms_keep_the_surname() -> None:
    rules = anonymise.default_rules()
    names = ["张建国", "张伟", "欧阳明远", "李四", "张三丰", "欧阳"]
    assert anonymise.pseudonyms(names, rules) == {
        "张建国": "张某",
        "张伟": "张某某",
        "欧阳明远": "欧阳某",
        "李四": "李某",
        "张三丰": "张某甲",
        "欧阳": "欧某",  # two characters: 欧 is the surname, 阳 the name
    }


def test_names_ids_and_phones_are_hidden_units_keep_their_names() -> None:
    hide = Anonymiser(
        [Person("沈华兴", SHEN), Person("王小明", WANG)], ["沈华兴五金店", "嘉兴化工有限公司"]
    )
    text = (
        f"沈华兴五金店经营者沈华兴（身份证号码{SHEN}，手机139 0573 0001被视为一个号码的一部分，"
        f"电话13905730001、+86 13905730002，座机0573-88888888）雇用王小明（{WANG.lower()}）"
        "在嘉兴化工有限公司从事电焊作业。"
    )
    hidden = hide.text(text)
    assert "沈华兴五金店经营者沈某（" in hidden  # the unit's name kept, the person hidden
    assert "王某" in hidden and "王小明" not in hidden
    assert SHEN not in hidden and WANG not in hidden.upper()
    for phone in ("13905730001", "13905730002", "0573-88888888"):
        assert phone not in hidden
    assert hidden.count("＊" * 11) >= 3 and "＊" * 18 in hidden
    assert "嘉兴化工有限公司" in hidden
    assert hide.leaks(text) == ["name", "id_number", "phone"]
    assert hide.leaks(hidden) == []


def test_only_real_id_numbers_are_taken_for_id_numbers() -> None:
    hide = Anonymiser([], [])
    wrong_check = SHEN[:-1] + ("0" if SHEN[-1] != "0" else "1")
    assert hide.text(f"编号{wrong_check}") == f"编号{wrong_check}"
    assert hide.text(f"号码{SHEN}。") == f"号码{'＊' * 18}。"
    assert hide.text("旧号码330402800101123。") == f"旧号码{'＊' * 18}。"


def test_a_json_content_is_checked_throughout() -> None:
    hide = Anonymiser([Person("沈华兴", SHEN)], [])
    content = {"party": "沈华兴", "cases": [{"facts": f"证号{SHEN}"}], "count": 3}
    assert hide.value_leaks(content) == ["name", "id_number"]
    assert hide.value_leaks(hide.value(content)) == []
    assert hide.value(content)["count"] == 3


def test_the_persons_a_case_records(tree: JurisdictionTree) -> None:
    made = Cases()
    case_id = made.open(
        "330402",
        party_kind="person",
        party_name="李四",
        party_id_number=WANG,
        party_legal_rep="张建国",
    )
    made.step(case_id, "inquiry", "2026-01-05", person="王小明", id_number=SHEN, record="问答")
    made.step(case_id, "transfer_outcome", "2026-02-01", person="赵六", detention_days=5)
    persons = anonymise.persons_of(made.records[case_id], made.steps[case_id])
    assert persons == [
        Person("李四", WANG),
        Person("张建国", ""),
        Person("王小明", SHEN),
        Person("赵六", ""),
    ]


def test_broken_rules_files_are_named(tmp_path: Path) -> None:
    path = tmp_path / "publication.json"
    original = (anonymise.resources_dir() / anonymise.RULES_FILE).read_text(encoding="utf-8")
    path.write_text(original.replace('"working_days": 3', '"working_days": 0'), encoding="utf-8")
    with pytest.raises(PublicationDataError) as caught:
        anonymise.load_rules(path)
    assert caught.value.code == "positive" and "withdrawal" in caught.value.zh
    path.write_text(original.replace('"note": ', '"notes": '), encoding="utf-8")
    with pytest.raises(PublicationDataError) as misspelt:
        anonymise.load_rules(path)
    assert misspelt.value.code == "unknown_key" and "notes" in misspelt.value.zh
    assert anonymise.load_rules().withdraw_working_days == 3


def weighted_cases(tree: JurisdictionTree) -> Cases:
    made = Cases()
    for unit, amount in (("330402", "90000.00"), ("330402", "80000.00"), ("330411", "5000.00")):
        made.simple(unit, "2026-11-02", "2026-11-20", amount)
    detained = made.simple("330421", "2026-11-02", "2026-11-20", "3000.00")
    made.step(detained, "transfer_proposed", "2026-11-03", to="police")
    made.step(detained, "transferred", "2026-11-04", organ="公安局")
    made.step(detained, "transfer_outcome", "2026-11-10", detention_days=5, person="王小明")
    judiciary = made.simple("330424", "2026-11-02", "2026-11-21", "2000.00")
    made.step(judiciary, "transfer_proposed", "2026-11-03", to="judiciary")
    made.step(judiciary, "transferred", "2026-11-04", organ="公安局")
    made.simple("330424", "2026-09-02", "2026-10-20", "99000.00")  # another period
    return made


def test_the_weightiest_cases_spread_over_units(tree: JurisdictionTree) -> None:
    made = weighted_cases(tree)
    period = bulletins.bulletin_period(dt.date(2026, 11, 1))
    found = bulletins.candidates(
        [bulletins.candidate(made.records[c], made.steps[c]) for c in made.records], period
    )
    assert len(found) == 5
    picked = bulletins.select_typical(found, 4, tree)
    units = [p.case["supervising_unit"] for p in picked]
    # judiciary, detention, then the biggest fine of each unit before a unit's second case
    assert units == ["330424", "330421", "330402", "330411"]
    everything = bulletins.select_typical(found, 10, tree)
    assert [p.state.fine for p in everything][2:4] == [
        pytest.approx(90000),
        pytest.approx(5000),
    ]
    published = [str(everything[0].case["id"])]
    assert str(everything[0].case["id"]) not in [
        str(p.case["id"]) for p in bulletins.select_typical(found, 10, tree, published)
    ]


def render(content: dict[str, object], monkeypatch: pytest.MonkeyPatch) -> str:
    from ui import documents

    return documents.render_html("typical_case_bulletin", content)


def test_a_bulletin_of_the_demo_year_shows_no_person(
    year: Store, tree: JurisdictionTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    period = bulletins.bulletin_period(dt.date(2026, 9, 1))
    found = bulletins.local_candidates(year.conn, period)
    assert found
    picked = bulletins.select_typical(found, 10, tree)
    assert len(picked) == min(10, len(found))
    content = bulletins.bulletin_content(
        period, picked, tree, "嘉兴市应急管理局", dt.date(2026, 11, 2), TODAY
    )
    html = render(content, monkeypatch)
    assert content["count"] == str(len(picked)) and "2026年第5期" in html
    assert "2026年9月至10月" in html and "2026年11月2日" in html
    for c in picked:
        for person in anonymise.persons_of(c.case, c.steps):
            assert person.name not in re.sub("|".join(map(re.escape, c.unit_names)), "", html)
            if person.id_number:
                assert person.id_number not in html
        assert re.search(r"1[3-9]\d{9}", html) is None
        if c.case["party_kind"] == "unit":
            assert str(c.case["party_name"]) in html  # units keep their names
        assert str(content["cases"][0]["case_number"]) in html  # type: ignore[index]
    assert html.count("案例") >= len(picked)


def test_a_person_party_is_shown_by_role_and_pseudonym(tree: JurisdictionTree) -> None:
    made = Cases()
    case_id = made.simple(
        "330402",
        "2026-11-02",
        "2026-11-20",
        "30000.00",
        party_kind="person",
        party_name="张建国",
        party_id_number=SHEN,
        subject="principal",
        facts=f"2026年10月5日，嘉兴化工有限公司主要负责人张建国（{SHEN}）未履行安全生产管理职责。",
    )
    found = bulletins.candidate(
        made.records[case_id], made.steps[case_id], {"name": "嘉兴化工有限公司"}
    )
    entry = bulletins.case_entry(found, tree)
    assert entry["party"] == "嘉兴化工有限公司主要负责人张某"
    assert "张建国" not in entry["facts"] and SHEN not in entry["facts"]
    assert entry["penalty"] == "罚款人民币3万元"
    assert entry["decided_on"] == "2026年11月20日" and entry["unit"] == "南湖区"


def test_the_penalty_line() -> None:
    assert bulletins.money_text(Decimal("30000")) == "3万元"
    assert bulletins.money_text(Decimal("35000.00")) == "3.5万元"
    assert bulletins.money_text(Decimal("2500.00")) == "2500元"
    assert bulletins.money_text(Decimal("12345.60")) == "12345.6元"


def test_a_bulletin_that_cannot_be_issued(tree: JurisdictionTree) -> None:
    made = weighted_cases(tree)
    period = bulletins.bulletin_period(dt.date(2026, 11, 1))
    found = bulletins.candidates(
        [bulletins.candidate(made.records[c], made.steps[c]) for c in made.records], period
    )
    picked = bulletins.select_typical(found, 5, tree)

    def issue(on: dt.date, cases: list[bulletins.Candidate], today: dt.date) -> str:
        with pytest.raises(BulletinError) as caught:
            bulletins.bulletin_content(period, cases, tree, "嘉兴市应急管理局", on, today)
        return f"{caught.value.code}: {caught.value.zh}"

    assert issue(dt.date(2026, 12, 10), picked, dt.date(2026, 12, 5)).startswith(
        "future: 通报的印发日期不能晚于今天"
    )
    assert issue(dt.date(2026, 10, 30), picked, dt.date(2026, 12, 5)).startswith("early: ")
    late = made.simple("330482", "2026-11-02", "2026-12-03", "8000.00")
    december = bulletins.candidate(made.records[late], made.steps[late])
    assert issue(dt.date(2026, 12, 2), [*picked, december], dt.date(2026, 12, 5)).startswith(
        "order: 通报的印发日期不能早于所通报案件的处罚决定日期（2026-12-03）"
    )
    assert issue(dt.date(2026, 12, 1), [], dt.date(2026, 12, 5)).startswith(
        "empty: 2026年11月至12月没有可通报的案件"
    )
    content = bulletins.bulletin_content(
        period, picked, tree, "嘉兴市应急管理局", dt.date(2026, 12, 1), dt.date(2026, 12, 5)
    )
    assert [c["unit"] for c in content["cases"]][:2] == ["海盐县", "嘉善县"]
