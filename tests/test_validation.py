"""Unified social credit codes, ID numbers and phone numbers: every rule and its message."""

from __future__ import annotations

import pytest

from inspector_app.registry.validation import (
    ValidationError,
    uscc_check_char,
    uscc_org_code_ok,
    validate_id_number,
    validate_phone,
    validate_uscc,
)

VALID_USCC = [
    "91350100M000100Y43",  # the GB 32100 standard example
    "91330402MA2B3C4D1N",
    "92330481MA28K7F1XR",
    "93330483MA2JX0A52C",
    "913304001467582958",
    "12330400002587319M",
]


@pytest.mark.parametrize("code", VALID_USCC)
def test_valid_codes_pass_unchanged(code: str) -> None:
    assert validate_uscc(code) == code


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"),  # full-width
        (" 91350100 m000100y43 ", "91350100M000100Y43"),  # spaces, lower-case
        ("91350100M000100Y43\t", "91350100M000100Y43"),
    ],
)
def test_codes_are_normalised(typed: str, expected: str) -> None:
    assert validate_uscc(typed) == expected


@pytest.mark.parametrize(
    "code, rule, zh_fragment, en_fragment",
    [
        ("9133040MA2B3C4D1N", "length", "长度应为18位，实际为17位", "got 17"),
        ("91330402MA2B3C4D1NX", "length", "实际为19位", "got 19"),
        ("91330402MA2B3C4DIN", "charset", "“I”", "I"),
        ("91330402MA2B3C4DON", "charset", "“O”", "O"),
        ("91330402MA2B3C4D-N", "charset", "“-”", "-"),
        ("91330402MA2B3C4D1M", "check_char", "第18位应为“N”，实际为“M”", "should be N, got M"),
        ("", "required", "不能为空", "required"),
    ],
)
def test_each_broken_rule_is_named(
    code: str, rule: str, zh_fragment: str, en_fragment: str
) -> None:
    with pytest.raises(ValidationError) as info:
        validate_uscc(code)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.rule == rule
    assert err.field == "uscc"
    assert err.zh.startswith("统一社会信用代码：")
    assert zh_fragment in err.zh
    assert en_fragment in err.en
    assert zh_fragment in str(err) and en_fragment in str(err)


def test_every_single_character_change_is_caught() -> None:
    code = "91330402MA2B3C4D1N"
    for pos in range(18):
        for repl in "0123456789ABCDEFGHJKLMNPQRTUWXY":
            if repl == code[pos]:
                continue
            broken = code[:pos] + repl + code[pos + 1 :]
            with pytest.raises(ValidationError):
                validate_uscc(broken)


def test_check_char_matches_weights() -> None:
    assert uscc_check_char("91350100M000100Y4") == "3"
    assert all(uscc_org_code_ok(c) for c in VALID_USCC)


@pytest.mark.parametrize(
    "number",
    ["11010519491231002X", "330402199003071237", "330481198512110047", "11010519491231002x"],
)
def test_valid_id_numbers(number: str) -> None:
    assert validate_id_number(number) == number.upper()


@pytest.mark.parametrize(
    "number, rule, fragment",
    [
        ("330402199003071238", "check_char", "第18位应为“7”"),
        ("33040219900230123X", "birth_date", "19900230"),
        ("330402189912311234", "birth_date", "18991231"),
        ("33040219900307123", "length", "实际为17位"),
        ("3304021990030712AX", "charset", "前17位应为数字"),
    ],
)
def test_bad_id_numbers(number: str, rule: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_id_number(number)
    assert info.value.rule == rule
    assert info.value.zh.startswith("身份证号码：")
    assert fragment in info.value.zh


def test_future_birth_date_is_refused() -> None:
    body = "33040221000101123"  # born in 2100
    from inspector_app.registry.validation import id_check_char

    with pytest.raises(ValidationError) as info:
        validate_id_number(body + id_check_char(body))
    assert info.value.rule == "birth_date"


@pytest.mark.parametrize(
    "phone, expected",
    [
        ("13905730001", "13905730001"),
        ("0573-82345678", "0573-82345678"),
        ("057382345678", "057382345678"),
        ("", ""),
        ("１３９０５７３０００１", "13905730001"),
    ],
)
def test_phones(phone: str, expected: str) -> None:
    assert validate_phone(phone) == expected


@pytest.mark.parametrize("phone", ["12345", "23905730001", "phone"])
def test_bad_phones(phone: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_phone(phone)
    assert info.value.field == "contact_phone"
    assert "联系电话" in info.value.zh
