"""Amounts on penalty decisions: the capital form, parsing typed amounts, every refusal."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from inspector_app.cases.money import (
    MoneyError,
    decision_phrase,
    format_yuan,
    parse_yuan,
    to_chinese_upper,
)
from inspector_app.registry.validation import ValidationError

# the rmb_upper_tests table of the domain reference (§8); the expected text is the minimal style
REFERENCE_TABLE = [
    ("0.05", "伍分"),
    ("0.50", "伍角"),
    ("1.00", "壹元整"),
    ("16.00", "壹拾陆元整"),
    ("101.00", "壹佰零壹元整"),
    ("1010.00", "壹仟零壹拾元整"),
    ("325.04", "叁佰贰拾伍元零肆分"),
    ("1409.50", "壹仟肆佰零玖元伍角"),
    ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
    ("6007.14", "陆仟零柒元壹角肆分"),
    ("10001.00", "壹万零壹元整"),
    ("10500.50", "壹万零伍佰元伍角"),
    ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
    ("20000.00", "贰万元整"),
    ("30000.07", "叁万元零柒分"),
    ("105000.00", "壹拾万伍仟元整"),
    ("107000.53", "壹拾万柒仟元伍角叁分"),
    ("300000.00", "叁拾万元整"),
    ("1005000.00", "壹佰万伍仟元整"),
    ("2000000.10", "贰佰万元壹角"),
    ("100010000.00", "壹亿零壹万元整"),
    ("123456789.12", "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分"),
]


@pytest.mark.parametrize("amount, text", REFERENCE_TABLE)
def test_reference_table(amount: str, text: str) -> None:
    assert to_chinese_upper(Decimal(amount)) == text
    assert to_chinese_upper(amount) == text


@pytest.mark.parametrize(
    "amount, text",
    [
        # the examples of 《正确填写票据和结算凭证的基本规定》
        (Decimal("1409.50"), "壹仟肆佰零玖元伍角"),
        (Decimal("6007.14"), "陆仟零柒元壹角肆分"),
        (Decimal("1680.32"), "壹仟陆佰捌拾元叁角贰分"),
        (Decimal("107000.53"), "壹拾万柒仟元伍角叁分"),
        (Decimal("16409.02"), "壹万陆仟肆佰零玖元零贰分"),
        (Decimal("325.04"), "叁佰贰拾伍元零肆分"),
        (16, "壹拾陆元整"),
    ],
)
def test_official_examples(amount: Decimal | int, text: str) -> None:
    assert to_chinese_upper(amount) == text


@pytest.mark.parametrize(
    "amount, text",
    [
        ("0", "零元整"),
        ("0.00", "零元整"),
        ("-0", "零元整"),
        ("0.004", "零元整"),  # rounds down to nothing
        ("0.01", "壹分"),
        ("0.10", "壹角"),
        ("0.11", "壹角壹分"),
        ("10", "壹拾元整"),
        ("11", "壹拾壹元整"),
        ("110", "壹佰壹拾元整"),
        ("100000", "壹拾万元整"),
        ("1000000", "壹佰万元整"),
        ("100000000", "壹亿元整"),
        ("100000001", "壹亿零壹元整"),
        ("100005000", "壹亿零伍仟元整"),  # a skipped 万 section keeps its 零
        ("105000000", "壹亿零伍佰万元整"),
        ("110000000", "壹亿壹仟万元整"),
        ("1000000000", "壹拾亿元整"),
        ("10.005", "壹拾元零壹分"),  # half-up: 10.01
        ("10.004", "壹拾元整"),  # 10.00
        ("10.015", "壹拾元零贰分"),  # half-up, not half-even
        ("1.995", "贰元整"),
        ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
        ("800000000000", "捌仟亿元整"),
    ],
)
def test_edge_cases(amount: str, text: str) -> None:
    assert to_chinese_upper(amount) == text


def test_int_and_typed_text_are_amounts() -> None:
    assert to_chinese_upper(20000) == "贰万元整"
    assert to_chinese_upper("￥２０，０００.００元") == "贰万元整"
    assert to_chinese_upper(Decimal("2E+4")) == "贰万元整"


def test_never_uses_forbidden_characters() -> None:
    # 支付结算办法: never 一二三…十, 两, 毛, 另
    for amount in ("12345678.91", "2000000.22", "10.10", "20000", "222222222222.22"):
        text = to_chinese_upper(amount)
        assert not set(text) & set("一二三四五六七八九十两毛另"), text
        assert not text.endswith(("角整", "分整"))


def test_format_yuan() -> None:
    assert format_yuan(Decimal("20000")) == "¥20,000.00"
    assert format_yuan("105000") == "¥105,000.00"
    assert format_yuan(Decimal("0.5")) == "¥0.50"
    assert format_yuan("10.005") == "¥10.01"
    assert format_yuan("-0") == "¥0.00"
    assert format_yuan(123456789) == "¥123,456,789.00"


def test_decision_phrase() -> None:
    assert decision_phrase(Decimal("20000")) == "人民币贰万元整（¥20,000.00）"
    assert decision_phrase("105000") == "人民币壹拾万伍仟元整（¥105,000.00）"
    assert decision_phrase("325.04") == "人民币叁佰贰拾伍元零肆分（¥325.04）"


@pytest.mark.parametrize(
    "typed, value",
    [
        ("20000", "20000.00"),
        ("20,000.00", "20000.00"),
        ("¥20000", "20000.00"),
        ("￥20000", "20000.00"),
        ("¥ 20,000", "20000.00"),
        ("２００００", "20000.00"),
        ("２０，０００．５", "20000.50"),
        ("20000元", "20000.00"),
        (" 325.04 ", "325.04"),
        ("10.500", "10.50"),  # no finer than a fen
        ("0", "0.00"),
    ],
)
def test_parse_yuan(typed: str, value: str) -> None:
    parsed = parse_yuan(typed)
    assert parsed == Decimal(value)
    assert str(parsed) == value  # always two places


@pytest.mark.parametrize(
    "typed, rule, zh_fragment, en_fragment",
    [
        ("-5", "negative", "金额“-5”不能为负数", "amount -5 must not be negative"),
        ("-0.001", "negative", "不能为负数", "negative"),
        ("abc", "format", "金额“abc”不是有效的金额", "amount abc is not a valid amount"),
        ("2,0000", "format", "“2,0000”", "2,0000"),  # commas must group by three
        ("1e5", "format", "“1e5”", "1e5"),
        ("NaN", "format", "“NaN”", "NaN"),
        ("Infinity", "format", "“Infinity”", "Infinity"),
        ("1_000", "format", "“1_000”", "1_000"),
        ("12.", "format", "“12.”", "12."),
        ("10.005", "decimals", "金额“10.005”最多精确到分", "at most two decimal places"),
        ("", "required", "金额不能为空", "amount is required"),
        ("  ", "required", "不能为空", "is required"),
        ("1000000000000", "too_large", "应小于1万亿元", "below 10^12 yuan"),
        ("1,000,000,000,000.00", "too_large", "超出上限", "too large"),
    ],
)
def test_parse_yuan_refuses(typed: str, rule: str, zh_fragment: str, en_fragment: str) -> None:
    with pytest.raises(MoneyError) as caught:
        parse_yuan(typed)
    error = caught.value
    assert error.rule == rule
    assert error.field == "amount"
    assert zh_fragment in error.text("zh")
    assert en_fragment in error.text("en")


def test_parse_yuan_refuses_what_is_not_text() -> None:
    anything: Any = 20000
    with pytest.raises(MoneyError) as caught:
        parse_yuan(anything)
    assert caught.value.rule == "type"
    nothing: Any = None
    with pytest.raises(MoneyError, match="is required"):
        parse_yuan(nothing)


@pytest.mark.parametrize(
    "amount, rule, zh_fragment, en_fragment",
    [
        (Decimal("-1"), "negative", "金额“-1”不能为负数", "must not be negative"),
        (-20000, "negative", "“-20000”", "-20000"),
        ("abc", "format", "不是有效的金额", "not a valid amount"),
        (Decimal("NaN"), "not_finite", "金额“NaN”不是有限的数值", "not a finite number"),
        (Decimal("sNaN"), "not_finite", "不是有限的数值", "not a finite number"),
        (Decimal("Infinity"), "not_finite", "“Infinity”", "Infinity"),
        (Decimal("1E+12"), "too_large", "金额“1E+12”超出上限", "too large"),
        (10**15, "too_large", "超出上限", "too large"),
        (Decimal("1E+40"), "too_large", "超出上限", "too large"),
        ("999999999999.995", "too_large", "超出上限", "too large"),  # rounds up to 1 万亿
        (0.1, "float", "金额“0.1”是浮点数", "is a float"),
        (20000.0, "float", "是浮点数", "pass a Decimal or text"),
        (None, "required", "金额不能为空", "amount is required"),
        (True, "type", "金额“True”不是数字或文本", "neither a number nor text"),
        ([20000], "type", "不是数字或文本", "neither a number nor text"),
    ],
)
def test_to_chinese_upper_refuses(
    amount: Any, rule: str, zh_fragment: str, en_fragment: str
) -> None:
    for convert in (to_chinese_upper, format_yuan, decision_phrase):
        with pytest.raises(MoneyError) as caught:
            convert(amount)
        error = caught.value
        assert error.rule == rule
        assert zh_fragment in error.text("zh")
        assert en_fragment in error.text("en")


def test_money_error_is_a_value_error_and_a_validation_error() -> None:
    with pytest.raises(ValueError) as caught:
        to_chinese_upper("-1")
    assert isinstance(caught.value, ValidationError)
    assert str(caught.value) == "金额“-1”不能为负数 (amount -1 must not be negative)"
