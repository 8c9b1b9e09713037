"""Pinyin keys are exactly pypinyin's phrase-aware reading, computed fast."""

from __future__ import annotations

import random

import pytest

from inspector_app.demo import generator as demo
from inspector_app.registry import textindex
from inspector_app.registry.pinyin import PinyinKeys


@pytest.mark.parametrize(
    "name, initials, syllables",
    [
        (
            "重庆市长安汽车有限公司",
            "cqszaqcyxgs",
            "chong qing shi zhang an qi che you xian gong si",
        ),
        ("嘉兴化工有限公司", "jxhgyxgs", "jia xing hua gong you xian gong si"),
        ("中国银行嘉兴分行", "zgyhjxfh", "zhong guo yin hang jia xing fen hang"),
        ("绿色能源", "lsny", "lv se neng yuan"),
        (
            "嘉兴ABC化工(集团)有限公司 123",
            "jxabchgjtyxgs123",
            "jia xing hua gong ji tuan you xian gong si",
        ),
        ("ＡＢ五金", "abwj", "wu jin"),
    ],
)
def test_known_names(pinyin_keys: PinyinKeys, name: str, initials: str, syllables: str) -> None:
    assert pinyin_keys.keys(name) == (initials, syllables)
    assert pinyin_keys.reference_keys(name) == (initials, syllables)


def test_same_as_pypinyin_on_demo_names(pinyin_keys: PinyinKeys, tree) -> None:
    rows = list(demo.registry_rows(tree, seed=11, scale=0.01))
    rng = random.Random(3)
    sample = [r["name"] for r in rng.sample(rows, 1500)] + [r["address"] for r in rows[:300]]
    for text in sample:
        assert pinyin_keys.keys(text) == pinyin_keys.reference_keys(text), text


def test_fast_path_is_used_for_most_names(tree) -> None:
    keys = PinyinKeys()
    rows = list(demo.registry_rows(tree, seed=5, scale=0.004))
    for r in rows:
        keys.keys(r["name"])
    assert keys.fallbacks < len(rows) * 0.2


@pytest.mark.parametrize(
    "text, expected",
    [
        ("jiaxing", ["jia", "xing"]),
        ("xian", ["xian"]),
        ("jiax", ["jia", "x"]),
        ("chongqing", ["chong", "qing"]),
    ],
)
def test_syllable_splits(text: str, expected: list[str]) -> None:
    splits = textindex.syllable_splits(text)
    assert splits[0] == expected
    assert all("".join(s) == text for s in splits)


def test_non_pinyin_has_no_split() -> None:
    assert textindex.syllable_splits("vvv") == []
    assert textindex.pinyin_expression("123") is None
