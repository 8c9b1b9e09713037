"""Registry search: Chinese substrings of any length, pinyin, codes, ranking, filters."""

from __future__ import annotations

import random

import pytest

from helpers import KNOWN_ENTRIES
from inspector_app.registry import search
from inspector_app.registry.entries import Registry
from inspector_app.registry.search import Filters, Query
from inspector_app.store.database import Store


def names(store: Store, rids: list[int]) -> list[str]:
    rows = Registry.rows_by_rids(store.conn, rids)
    return [rows[r]["name"] for r in rids]


def find(store: Store, text: str, **filters: object) -> list[str]:
    page = search.first_page(store.conn, Query(text, Filters(**filters)), limit=200)
    return names(store, page.rids)


def test_pinyin_initials(demo_store: Store) -> None:
    found = find(demo_store, "jxhg")
    assert "嘉兴化工有限公司" in found
    rows = [Registry.get_by_uscc(demo_store.conn, KNOWN_ENTRIES[0]["uscc"])]
    assert rows[0]["name_initials"] == "jxhgyxgs"


def test_full_pinyin_while_typing(demo_store: Store) -> None:
    for typed in ("jiaxinghuagong", "jiaxinghuag", "jiaxinghua", "jia xing hua gong"):
        assert "嘉兴化工有限公司" in find(demo_store, typed), typed


def test_polyphones_follow_the_phrase(demo_store: Store) -> None:
    assert "海宁市许村镇重庆小面馆" in find(demo_store, "cqxmg")  # 重庆: chong qing
    assert "海宁市许村镇重庆小面馆" in find(demo_store, "chongqing")
    assert "海宁市许村镇重庆小面馆" not in find(demo_store, "zqxmg")
    assert "桐乡市银行路五金店" in find(demo_store, "yhlwjd")  # 银行: yin hang
    assert "桐乡市银行路五金店" not in find(demo_store, "yxlwjd")


@pytest.mark.parametrize("text", ["重", "重庆", "重庆小", "重庆小面馆", "许村镇重庆"])
def test_chinese_substrings_of_every_length(demo_store: Store, text: str) -> None:
    # two-character patterns are where SQLite 3.40's trigram index silently finds nothing
    assert "海宁市许村镇重庆小面馆" in find(demo_store, text)


def test_exact_code_ranks_first(demo_store: Store) -> None:
    code = KNOWN_ENTRIES[2]["uscc"]
    page = search.first_page(demo_store.conn, Query(code.lower()))
    assert names(demo_store, page.rids[:1]) == ["桐乡市银行路五金店"]


def test_name_prefix_ranks_before_contains(demo_store: Store) -> None:
    for text in ("嘉兴", "华", "海宁市"):
        found = names(demo_store, search.all_ids(demo_store.conn, Query(text)).tolist())
        starts = [n.startswith(text) for n in found]
        assert any(starts) and not all(starts), text
        first_other = starts.index(False)
        assert all(starts[:first_other]) and not any(starts[first_other:]), text


def test_code_prefix(demo_store: Store) -> None:
    page = search.first_page(demo_store.conn, Query("92330481"), limit=500)
    rows = Registry.rows_by_rids(demo_store.conn, page.rids)
    assert page.rids and all(rows[r]["uscc"].startswith("92330481") for r in page.rids)
    total = demo_store.conn.execute(
        "SELECT count(*) FROM enterprise WHERE uscc LIKE '92330481%'"
    ).fetchone()[0]
    assert page.total == total


def test_address_and_legal_representative(demo_store: Store) -> None:
    assert "桐乡市银行路五金店" in find(demo_store, "银行路12号")
    assert "桐乡市银行路五金店" in find(demo_store, "沈华兴")
    assert "嘉兴化工有限公司" in find(demo_store, "张建国")


def test_several_words_must_all_match(demo_store: Store) -> None:
    found = find(demo_store, "海宁 面馆")
    assert "海宁市许村镇重庆小面馆" in found
    rows = demo_store.conn.execute(
        "SELECT name, address, legal_rep FROM enterprise WHERE name IN ({})".format(
            ",".join("?" * len(found))
        ),
        found,
    ).fetchall()
    for row in rows:
        text = "".join(row)
        assert "海宁" in text and "面馆" in text


def test_filters_apply_to_every_tier(demo_store: Store) -> None:
    conn = demo_store.conn
    cases = [
        dict(county_code="330481"),
        dict(town_code="330481005"),
        dict(supervision_industry="机械"),
        dict(key_supervised=True),
        dict(kind="individual"),
        dict(supervising_unit="Z330401"),
        dict(county_code="330483", kind="individual"),
    ]
    for filters in cases:
        for text in ("", "店", "jx", "91330"):
            page = search.first_page(conn, Query(text, Filters(**filters)), limit=300)
            rows = Registry.rows_by_rids(conn, page.rids)
            for row in rows.values():
                for key, value in filters.items():
                    assert row[key] == value, (filters, text, row["name"])
    assert find(demo_store, "重庆", county_code="330402") == []
    assert find(demo_store, "重庆", county_code="330481") == ["海宁市许村镇重庆小面馆"]


def test_browse_without_query_is_in_pinyin_order(demo_store: Store) -> None:
    ids = search.all_ids(demo_store.conn, Query(""))
    assert len(ids) == Registry.count(demo_store.conn)
    keys = [
        r[0]
        for r in demo_store.conn.execute(
            "SELECT name_pinyin FROM enterprise ORDER BY name_pinyin, rid"
        )
    ]
    rows = Registry.rows_by_rids(demo_store.conn, ids[:300].tolist())
    assert [rows[r]["name_pinyin"] for r in ids[:300]] == keys[:300]


def test_first_page_is_the_head_of_the_full_list(demo_store: Store) -> None:
    for text in ("店", "嘉兴", "jx", "91330481", "海宁 五金", ""):
        query = Query(text)
        page = search.first_page(demo_store.conn, query, limit=50)
        everything = search.all_ids(demo_store.conn, query)
        assert everything[:50].tolist() == page.rids
        assert len(set(everything)) == len(everything)
        assert page.total == min(len(everything), search.COUNT_CAP)


def test_count_is_capped(demo_store: Store) -> None:
    page = search.first_page(demo_store.conn, Query("有限"), limit=5, cap=20)
    assert page.capped and page.total == 20 and len(page.rids) == 5


@pytest.mark.parametrize("text", ['"', "*", "AND", "(", "NEAR(", "a:b", "^", "''", "名称 OR"])
def test_query_syntax_characters_are_just_text(demo_store: Store, text: str) -> None:
    search.first_page(demo_store.conn, Query(text))
    search.all_ids(demo_store.conn, Query(text))


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def test_results_agree_with_a_plain_like_scan(demo_store: Store) -> None:
    """Every substring query finds exactly what a LIKE scan over the text fields finds (the
    indexes are an implementation detail: the scan is what the officer expects)."""
    conn = demo_store.conn
    all_names = [r[0] for r in conn.execute("SELECT name FROM enterprise")]
    rng = random.Random(7)
    for _ in range(40):
        name = rng.choice(all_names)
        length = rng.randint(1, 4)
        start = rng.randrange(0, max(1, len(name) - length))
        text = name[start : start + length]
        expected = {
            r[0]
            for r in conn.execute(
                "SELECT rid FROM enterprise WHERE name LIKE ?1 ESCAPE '\\' "
                "OR address LIKE ?1 ESCAPE '\\' OR legal_rep LIKE ?1 ESCAPE '\\'",
                (_like(text),),
            )
        }
        got = set(search.all_ids(conn, Query(text)))
        assert got == expected, (text, len(got), len(expected))


def test_pinyin_and_code_queries_agree_with_a_plain_like_scan(demo_store: Store) -> None:
    """Initials, full pinyin and code prefixes: exactly what a scan of those columns finds."""
    conn = demo_store.conn
    rows = conn.execute("SELECT name_initials, uscc FROM enterprise").fetchall()
    rng = random.Random(11)
    for _ in range(25):
        initials, code = rng.choice(rows)
        text = initials[: rng.randint(3, 5)]
        expected = {
            r[0]
            for r in conn.execute(
                "SELECT rid FROM enterprise WHERE name_initials LIKE ?1 ESCAPE '\\' "
                "OR replace(name_pinyin, ' ', '') LIKE ?1 ESCAPE '\\' OR uscc LIKE ?2",
                (_like(text), text.upper() + "%"),
            )
        }
        got = set(search.all_ids(conn, Query(text)))
        assert expected <= got, text
        prefix = code[:8]
        by_code = {
            r[0]
            for r in conn.execute("SELECT rid FROM enterprise WHERE uscc LIKE ?", (prefix + "%",))
        }
        assert by_code <= set(search.all_ids(conn, Query(prefix))), prefix
