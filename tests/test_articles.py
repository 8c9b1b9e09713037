"""Penalty articles: the shipped catalogue, statutory ranges, discretion, hearing, bad files."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from inspector_app.cases.articles import (
    GRADES,
    ArticleCatalogue,
    ArticleError,
    ByGrade,
    ClosureRule,
    DailyFineRule,
    Discretion,
    FineRange,
    HearingThresholds,
    check_fine,
    chinese_number,
    load_catalogue,
    load_discretion,
    needs_hearing,
    statutory_range,
    suggest,
)
from inspector_app.registry.validation import ValidationError
from inspector_app.store.paths import resources_dir

D = Decimal
# 安全生产法 (2021) articles of the reference table (domain.md §1.1), and Art. 107 besides
TABLE_ARTICLES = [*range(93, 107), 108, 109, 110, 112, 113, 114]
Edit = Callable[[Callable[[dict[str, Any]], object]], Path]


@pytest.fixture(scope="module")
def catalogue() -> ArticleCatalogue:
    return load_catalogue()


@pytest.fixture(scope="module")
def discretion() -> Discretion:
    return load_discretion()


def rng(
    catalogue: ArticleCatalogue, entry_id: str, subject: str, stage: str = "first", **kw: Any
) -> FineRange:
    return statutory_range(catalogue.get(entry_id), subject, stage, **kw)


def bounds(r: FineRange) -> tuple[Decimal | None, Decimal | None]:
    return r.min, r.max


# --- the shipped files ------------------------------------------------------------------


def test_shipped_catalogue_loads(catalogue: ArticleCatalogue) -> None:
    assert len(catalogue) == 30  # with 安全生产法 Art. 92 ¶1 and ¶2
    assert all(e.verified for e in catalogue)  # every text checked against LawRefBook
    assert len({e.id for e in catalogue}) == len(catalogue)
    assert catalogue.laws["AQ2021"].in_force == "2021-09-01"


@pytest.mark.parametrize("article", TABLE_ARTICLES)
def test_every_table_article_is_present(catalogue: ArticleCatalogue, article: int) -> None:
    entries = catalogue.by_article(article, "AQ2021")
    assert entries
    for entry in entries:
        assert not entry.related and entry.status == "in_force"
        # the source names the article as the statute writes it
        assert f"第{chinese_number(article)}条" in entry.source
        assert "LawRefBook" in entry.source


def test_article_103_is_split_by_sanction(catalogue: ArticleCatalogue) -> None:
    ids = [e.id for e in catalogue.by_article(103)]
    assert ids == ["AQ2021-103-1", "AQ2021-103-2", "AQ2021-103-3A", "AQ2021-103-3B"]
    assert [e.cite for e in catalogue.by_article(103)][1] == "《安全生产法》第一百零三条第二款"


def test_related_regulation_entries(catalogue: ArticleCatalogue) -> None:
    related = {e.id: e for e in catalogue if e.related}
    assert set(related) == {"SGTL2007-35", "SGTL2007-36", "SGTL2007-37", "SGTL2007-38"}
    assert related["SGTL2007-36"].status == "in_force"
    assert bounds(rng(catalogue, "SGTL2007-36", "unit")) == (D(1_000_000), D(5_000_000))
    # Art. 37/38 give less than the 2021 Act: kept for reading, refused for new cases
    assert related["SGTL2007-37"].superseded_by == "AQ2021-114"
    assert related["SGTL2007-38"].superseded_by == "AQ2021-95"
    with pytest.raises(ValidationError) as exc:
        rng(catalogue, "SGTL2007-37", "unit", grade="一般")
    assert exc.value.rule == "superseded"
    assert "AQ2021-114" in exc.value.zh


def test_kinds_without_fines(catalogue: ArticleCatalogue) -> None:
    assert catalogue.get("AQ2021-100").kind == "referral"
    assert catalogue.get("AQ2021-107").kind == "no_admin_penalty"
    assert all(e.note for e in catalogue if e.kind != "penalty")


def test_daily_fine_and_closure_rules(catalogue: ArticleCatalogue) -> None:
    assert catalogue.daily_fine_rule == DailyFineRule(1, "original_fine")
    assert catalogue.closure_rule == ClosureRule(((180, 3), (365, 4)), 5)
    daily = {e.id for e in catalogue if e.daily_fine}
    assert "AQ2021-99" in daily and "AQ2021-108" in daily
    # no correction order (Art. 114, 103 ¶3 second sentence) or no fine on the unit (Art. 94)
    assert not daily & {"AQ2021-114", "AQ2021-103-3B", "AQ2021-94", "AQ2021-95"}


def test_discretion_loads(discretion: Discretion) -> None:
    bands = discretion.bands
    assert [b.zh for b in bands.bands] == ["轻微", "一般", "较重", "严重"]
    assert not bands.verified and "裁量基准" in bands.note  # defaults, not the law
    assert (discretion.hearing.person, discretion.hearing.unit) == (D(20000), D(50000))
    assert not discretion.hearing.verified


# --- statutory ranges -------------------------------------------------------------------


def test_article_99_ranges(catalogue: ArticleCatalogue) -> None:
    first = rng(catalogue, "AQ2021-99", "unit")
    assert bounds(first) == (None, D(50000))
    assert first.basis == "《安全生产法》第九十九条，对单位处五万元以下的罚款"
    assert bounds(rng(catalogue, "AQ2021-99", "unit", "overdue")) == (D(50000), D(200000))
    person = rng(catalogue, "AQ2021-99", "responsible_person", "overdue")
    assert bounds(person) == (D(10000), D(20000))
    assert "逾期未改正的" in person.basis
    assert catalogue.get("AQ2021-99").stages["serious"].actions[0].zh == "责令停产停业整顿"


def test_article_94_principal(catalogue: ArticleCatalogue) -> None:
    assert bounds(rng(catalogue, "AQ2021-94", "principal")) == (D(20000), D(50000))
    assert bounds(rng(catalogue, "AQ2021-94", "principal", "overdue")) == (D(50000), D(100000))


@pytest.mark.parametrize(
    ("gains", "expected"),
    [
        (D(150_000), (D(300_000), D(750_000))),
        (D(100_000), (D(200_000), D(500_000))),  # "十万元以上" includes 100,000
        (D("99999.99"), (D(100_000), D(200_000))),
        (D(50_000), (D(100_000), D(200_000))),
        (D(0), (D(100_000), D(200_000))),
    ],
)
def test_article_103_gains(
    catalogue: ArticleCatalogue, gains: Decimal, expected: tuple[Decimal, Decimal]
) -> None:
    assert bounds(rng(catalogue, "AQ2021-103-1", "unit", gains=gains)) == expected


def test_article_95_income_share(catalogue: ArticleCatalogue) -> None:
    r = rng(catalogue, "AQ2021-95", "principal", income=D(200_000), grade="一般")
    assert bounds(r) == (D(80_000), D(80_000))
    assert "上一年年收入百分之四十" in r.basis
    odd = rng(catalogue, "AQ2021-95", "principal", income=D("123456.78"), grade="特别重大")
    assert bounds(odd) == (D("123456.78"), D("123456.78"))
    cents = rng(catalogue, "AQ2021-95", "principal", income=D("1000.05"), grade="一般")
    assert cents.min == D("400.02")  # 400.02 exactly, then half-up to the cent


def test_article_110_and_96_income_ranges(catalogue: ArticleCatalogue) -> None:
    r = rng(catalogue, "AQ2021-110", "principal", income=D(300_000))
    assert bounds(r) == (D(180_000), D(300_000))
    r = rng(catalogue, "AQ2021-96", "other_head", "accident", income=D(100_000))
    assert bounds(r) == (D(20_000), D(50_000))


def test_article_114_grades_and_aggravation(catalogue: ArticleCatalogue) -> None:
    expected = {
        "一般": (D(300_000), D(1_000_000)),
        "较大": (D(1_000_000), D(2_000_000)),
        "重大": (D(2_000_000), D(10_000_000)),
        "特别重大": (D(10_000_000), D(20_000_000)),
    }
    for grade in GRADES:
        assert bounds(rng(catalogue, "AQ2021-114", "unit", grade=grade)) == expected[grade]
    worse = rng(catalogue, "AQ2021-114", "unit", grade="较大", aggravated=True)
    assert bounds(worse) == (D(2_000_000), D(10_000_000))
    assert "二倍以上五倍以下" in worse.basis
    assert isinstance(catalogue.get("AQ2021-114").stages["first"].fines["unit"], ByGrade)


def test_article_102_refusal(catalogue: ArticleCatalogue) -> None:
    r = rng(catalogue, "AQ2021-102", "responsible_person", "refuse")
    assert bounds(r) == (D(50_000), D(100_000))
    assert "拒不执行的" in r.basis


@pytest.mark.parametrize(
    ("entry_id", "subject", "stage", "kw", "field", "rule"),
    [
        ("AQ2021-95", "principal", "first", {"grade": "一般"}, "prior_year_income", "required"),
        ("AQ2021-95", "principal", "first", {"income": D(1)}, "accident_grade", "required"),
        (
            "AQ2021-95",
            "principal",
            "first",
            {"income": D(1), "grade": "小"},
            "accident_grade",
            "choice",
        ),
        (
            "AQ2021-95",
            "principal",
            "first",
            {"income": D(0), "grade": "一般"},
            "prior_year_income",
            "positive",
        ),
        ("AQ2021-103-1", "unit", "first", {}, "illegal_gains", "required"),
        ("AQ2021-103-1", "unit", "first", {"gains": D(-1)}, "illegal_gains", "amount"),
        ("AQ2021-99", "unit", "first", {"aggravated": True}, "aggravated", "no_aggravation"),
        ("AQ2021-99", "responsible_person", "first", {}, "subject", "no_fine"),
        ("AQ2021-102", "unit", "refuse", {}, "subject", "no_fine"),
        ("AQ2021-99", "unit", "refuse", {}, "stage", "no_stage"),
        ("AQ2021-108", "unit", "first", {}, "stage", "no_stage"),
    ],
)
def test_missing_or_wrong_case_input(
    catalogue: ArticleCatalogue,
    entry_id: str,
    subject: str,
    stage: str,
    kw: dict[str, Any],
    field: str,
    rule: str,
) -> None:
    with pytest.raises(ValidationError) as exc:
        rng(catalogue, entry_id, subject, stage, **kw)
    assert (exc.value.field, exc.value.rule) == (field, rule)
    assert exc.value.zh and exc.value.en


# --- checking an amount -----------------------------------------------------------------


def test_check_fine_article_99(catalogue: ArticleCatalogue) -> None:
    r = rng(catalogue, "AQ2021-99", "unit")
    check_fine(D(50_000), r)
    check_fine(D("0.01"), r)
    with pytest.raises(ValidationError) as exc:
        check_fine(D("50000.01"), r)
    err = exc.value
    assert (err.field, err.rule) == ("fine_amount", "out_of_range")
    assert err.zh.startswith(
        "罚款金额超出法定幅度：依据《安全生产法》第九十九条，对单位处五万元以下的罚款"
    )
    assert "50,000.01" in err.zh and "Art. 99" in err.en


def test_check_fine_lower_end_is_included(catalogue: ArticleCatalogue) -> None:
    r = rng(catalogue, "AQ2021-99", "unit", "overdue")
    check_fine(D(50_000), r)
    check_fine(D(200_000), r)
    with pytest.raises(ValidationError, match="五万元以上二十万元以下"):
        check_fine(D("49999.99"), r)


@pytest.mark.parametrize(("amount", "rule"), [(D(0), "positive"), (D("1.005"), "cents")])
def test_check_fine_bad_amounts(catalogue: ArticleCatalogue, amount: Decimal, rule: str) -> None:
    with pytest.raises(ValidationError) as exc:
        check_fine(amount, rng(catalogue, "AQ2021-99", "unit"))
    assert exc.value.rule == rule


def test_check_fine_refuses_float(catalogue: ArticleCatalogue) -> None:
    with pytest.raises(TypeError):
        check_fine(100.0, rng(catalogue, "AQ2021-99", "unit"))  # type: ignore[arg-type]


# --- discretion -------------------------------------------------------------------------


def _ranges(catalogue: ArticleCatalogue) -> list[FineRange]:
    return [
        rng(catalogue, "AQ2021-99", "unit"),
        rng(catalogue, "AQ2021-99", "unit", "overdue"),
        rng(catalogue, "AQ2021-103-1", "unit", gains=D(150_000)),
        rng(catalogue, "AQ2021-95", "principal", income=D("123456.78"), grade="一般"),
        rng(catalogue, "AQ2021-96", "safety_manager", "accident", income=D("98765.43")),
        rng(catalogue, "AQ2021-114", "unit", grade="重大", aggravated=True),
    ]


@pytest.mark.parametrize("circumstance", ["slight", "ordinary", "heavy", "serious"])
def test_suggestions_fall_inside_the_range(
    catalogue: ArticleCatalogue, discretion: Discretion, circumstance: str
) -> None:
    for r in _ranges(catalogue):
        low, high = suggest(r, circumstance, discretion.bands)
        assert r.max is not None
        assert (r.min or D(0)) <= low <= high <= r.max
        if low > 0:
            check_fine(low, r)
        check_fine(high, r)


def test_suggestion_bands(catalogue: ArticleCatalogue, discretion: Discretion) -> None:
    overdue = rng(catalogue, "AQ2021-99", "unit", "overdue")  # 50,000-200,000
    assert suggest(overdue, "一般", discretion.bands) == (D(95_000), D(140_000))
    assert suggest(overdue, "serious", discretion.bands) == (D(177_500), D(200_000))
    first = rng(catalogue, "AQ2021-99", "unit")  # no minimum: the floor is 0
    assert suggest(first, "slight", discretion.bands) == (D(0), D(15_000))
    with pytest.raises(ValidationError) as exc:
        suggest(first, "极其严重", discretion.bands)
    assert (exc.value.field, exc.value.rule) == ("circumstance", "choice")


# --- hearing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "kind", "expected"),
    [
        (D("19999.99"), "person", False),
        (D(20_000), "person", True),  # 较大数额 "2万元以上" includes 20,000
        (D("49999.99"), "unit", False),
        (D(50_000), "unit", True),
        (D(30_000), "unit", False),
        (D(30_000), "responsible_person", True),  # a subject code gives its kind
        (D(30_000), "principal", True),
    ],
)
def test_hearing_thresholds(
    discretion: Discretion, amount: Decimal, kind: str, expected: bool
) -> None:
    assert needs_hearing(amount, kind, discretion.hearing) is expected


def test_hearing_threshold_is_a_setting() -> None:
    local = HearingThresholds(person=D(10_000), unit=D(30_000))
    assert needs_hearing(D(30_000), "unit", local)
    with pytest.raises(ValueError):
        needs_hearing(D(1), "company", local)


# --- search -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("99", ["AQ2021-99"]),
        ("第九十九条", ["AQ2021-99"]),
        ("第 99 条", ["AQ2021-99"]),
        ("《安全生产法》第一百零三条第二款", ["AQ2021-103-2"]),
        ("安全生产法第110条", ["AQ2021-110"]),
        ("第三十五条", ["SGTL2007-35"]),
        ("aq2021-114", ["AQ2021-114"]),
        ("动火", ["AQ2021-101"]),
        ("劳动防护用品", ["AQ2021-99"]),
        ("疏散通道 锁闭", ["AQ2021-105"]),
        ("第二百条", []),
        ("", []),
    ],
)
def test_search(catalogue: ArticleCatalogue, query: str, ids: list[str]) -> None:
    assert [e.id for e in catalogue.search(query)] == ids


def test_by_article_and_get(catalogue: ArticleCatalogue) -> None:
    assert catalogue.get("AQ2021-99").article == 99
    assert "AQ2021-99" in catalogue and "AQ2021-111" not in catalogue
    with pytest.raises(KeyError):
        catalogue.get("AQ2021-111")
    assert catalogue.by_article(111) == []


@pytest.mark.parametrize(
    ("n", "text"),
    [(10, "十"), (99, "九十九"), (103, "一百零三"), (110, "一百一十"), (100_000, "十万"),
     (1_005_000, "一百万零五千"), (10_500, "一万零五百"), (20_000_000, "二千万")],
)  # fmt: skip
def test_chinese_number(n: int, text: str) -> None:
    assert chinese_number(n) == text


# --- broken files -----------------------------------------------------------------------


@pytest.fixture
def edit_articles(tmp_path: Path) -> Edit:
    """Write a changed copy of the shipped catalogue and return its path."""

    def edit(change: Callable[[dict[str, Any]], object]) -> Path:
        data = json.loads((resources_dir() / "penalty_articles.json").read_text(encoding="utf-8"))
        change(data)
        path = tmp_path / "penalty_articles.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    return edit


def entry(data: dict[str, Any], entry_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(e for e in data["entries"] if e["id"] == entry_id)
    return found


DROP = object()  # remove the key instead of setting it
FIRST = ["stages", "first", "fines"]
# (case, entry id, keys down to the value inside the entry, new value or DROP, rule broken)
BROKEN: list[tuple[str, str, list[str], object, str]] = [
    ("unknown key", "AQ2021-99", ["fine"], 1, "unknown_key"),
    ("no source", "AQ2021-97", ["source"], DROP, "missing_source"),
    ("empty source", "AQ2021-98", ["source"], " ", "missing_source"),
    ("min > max", "AQ2021-94", [*FIRST, "principal", "min"], 60000, "min_gt_max"),
    ("float amount", "AQ2021-99", [*FIRST, "unit", "max"], 5e4, "bad_amount"),
    ("bad subject", "AQ2021-99", ["subjects"], ["unit", "boss"], "bad_subject"),
    ("fined outsider", "AQ2021-109", [*FIRST, "principal"], {"min": None, "max": 1}, "bad_subject"),
    ("id mismatch", "AQ2021-99", ["article"], 98, "id_format"),
    ("unknown law", "AQ2021-99", ["law"], "XX", "unknown_law"),
    ("unknown stage", "AQ2021-99", ["stages", "later"], {"actions": ["suspend"]}, "bad_stage"),
    ("unknown action", "AQ2021-99", ["stages", "serious", "actions"], ["jail"], "unknown_action"),
    ("daily fine", "AQ2021-114", ["daily_fine"], True, "daily_fine_mismatch"),
    ("grades", "AQ2021-114", [*FIRST, "unit", "by_grade", "重大"], DROP, "bad_grade"),
    ("unverified", "AQ2021-99", ["verified"], False, "note_required"),
    ("related", "SGTL2007-35", ["related"], DROP, "related_mismatch"),
    ("superseded", "SGTL2007-37", ["superseded_by"], "AQ2021-999", "unknown_superseded_by"),
]


def assert_names_entry(err: ArticleError, rule: str, entry_id: str) -> None:
    assert (err.rule, err.file, err.entry) == (rule, "penalty_articles.json", entry_id)
    assert "penalty_articles.json" in err.zh and f"（{entry_id}）" in err.zh
    assert "penalty_articles.json" in err.en and f"({entry_id})" in err.en


@pytest.mark.parametrize(
    ("entry_id", "keys", "value", "rule"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN]
)
def test_broken_catalogue_names_file_entry_and_rule(
    edit_articles: Edit, entry_id: str, keys: list[str], value: object, rule: str
) -> None:
    def change(data: dict[str, Any]) -> None:
        target = entry(data, entry_id)
        for key in keys[:-1]:
            target = target[key]
        if value is DROP:
            del target[keys[-1]]
        else:
            target[keys[-1]] = value

    with pytest.raises(ArticleError) as exc:
        load_catalogue(edit_articles(change))
    assert_names_entry(exc.value, rule, entry_id)


def test_duplicate_id(edit_articles: Edit) -> None:
    path = edit_articles(lambda d: d["entries"].append(dict(entry(d, "AQ2021-99"))))
    with pytest.raises(ArticleError) as exc:
        load_catalogue(path)
    assert_names_entry(exc.value, "duplicate_id", "AQ2021-99")
    first = 1 + next(n for n, e in enumerate(json_entries()) if e["id"] == "AQ2021-99")
    assert f"第{first}个条目" in exc.value.zh  # the first use is named too


def json_entries() -> list[dict[str, Any]]:
    """The shipped catalogue's entries as written."""
    data = json.loads((resources_dir() / "penalty_articles.json").read_text(encoding="utf-8"))
    return list(data["entries"])


def test_unreadable_catalogue(tmp_path: Path) -> None:
    path = tmp_path / "penalty_articles.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(ArticleError) as exc:
        load_catalogue(path)
    assert exc.value.rule == "unreadable"
    assert "penalty_articles.json" in exc.value.zh


def test_broken_discretion_file(tmp_path: Path) -> None:
    data = json.loads((resources_dir() / "discretion.json").read_text(encoding="utf-8"))
    data["bands"]["circumstances"][1]["lower_pct"] = 70  # above its upper 60
    path = tmp_path / "discretion.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ArticleError) as exc:
        load_discretion(path)
    assert (exc.value.rule, exc.value.entry) == ("min_gt_max", "bands")
    assert "discretion.json" in exc.value.zh and "“bands”部分" in exc.value.zh

    data["bands"]["circumstances"][1]["lower_pct"] = 30
    del data["hearing"]["source"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ArticleError) as exc:
        load_discretion(path)
    assert (exc.value.rule, exc.value.entry) == ("missing_source", "hearing")
