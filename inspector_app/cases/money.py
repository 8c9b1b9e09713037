"""Amounts of money on penalty decisions: parsing, ``¥`` figures and capital Chinese numerals.

Public API (a contract: other modules and document templates rely on the names and results):

* ``to_chinese_upper(amount) -> str`` — the capital form written on a decision (人民币大写),
  ``Decimal("325.04")`` → ``"叁佰贰拾伍元零肆分"``.
* ``parse_yuan(text) -> Decimal`` — an amount typed by an officer, to the fen.
* ``format_yuan(amount) -> str`` — ``"¥20,000.00"``.
* ``decision_phrase(amount) -> str`` — ``"人民币贰万元整（¥20,000.00）"``.
* ``MoneyError`` — a ``ValidationError`` (so a ``ValueError``) on the field ``amount``, naming the
  amount and the rule in Chinese and English.

An amount is a ``Decimal``, an ``int`` or text, in yuan. Floats are refused: ``0.1 + 0.2`` is not
``0.3`` in binary floating point, and a decision must not lose or invent a fen. ``bool`` and
``None`` are refused too. Text may carry a leading ``¥``/``￥``, a trailing ``元``, thousands
separators in groups of three, spaces and full-width digits (``"￥２０，０００.００"``).

Amounts are rounded half-up to the fen (0.005 → 0.01), except by ``parse_yuan``, which refuses
an amount finer than a fen instead of silently changing what the officer typed. Amounts from
0 up to, but not including, 1 万亿 (10^12) yuan are accepted: the capital form has no unit
above 亿 for the thousands of 亿.

The capital form follows 中国人民银行《支付结算办法》附一《正确填写票据和结算凭证的基本规定》:
digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟万亿 and 元角分; 10–19 are written 壹拾…; one 零 for a
run of zeros inside the number; 整 after 元 and never after 角 or 分; 零 after 元 when 角 is 0 and
分 is not (325.04 → 叁佰贰拾伍元零肆分). Where those rules let a 零 be written or left out — the
万 digit is 0 and the 千 digit is not (105000 → 壹拾万伍仟元整), or the 元 digit is 0 and the 角
digit is not (1680.32 → 壹仟陆佰捌拾元叁角贰分) — the 零 is left out ("minimal" style), and 整
is not written after 角. A skipped all-zero 万 section still takes its 零 (100005000 →
壹亿零伍仟元整), so that the figure cannot be read as 壹亿伍仟万. Zero is ``"零元整"``; amounts
below one yuan have no 元 (0.05 → 伍分, 0.50 → 伍角).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from inspector_app.registry.validation import ValidationError

FEN = Decimal("0.01")
LIMIT = Decimal(10) ** 12  # 1 万亿: the first amount the capital form cannot write
DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACE_UNITS = ("", "拾", "佰", "仟")  # inside a four-digit section
SECTION_UNITS = ("亿", "万", "")  # sections from the highest

# digits, optionally grouped by three with commas, then optionally a decimal part
_NUMBER = re.compile(r"^(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$")

Amount = Decimal | str | int


class MoneyError(ValidationError):
    """An amount that cannot be used: names the amount as given and the rule broken."""

    def __init__(self, shown: str, rule: str, zh: str, en: str) -> None:
        if shown:
            super().__init__("amount", rule, f"金额“{shown}”{zh}", f"amount {shown} {en}")
        else:
            super().__init__("amount", rule, f"金额{zh}", f"amount {en}")
        self.shown = shown


def to_chinese_upper(amount: Amount) -> str:
    """The capital form of ``amount`` yuan, rounded half-up to the fen (see the module doc)."""
    value = _amount(amount, exact=False)
    fen_total = int(value * 100)
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    if yuan == 0 and jiao == 0 and fen == 0:
        return "零元整"
    text = _yuan_text(yuan) + "元" if yuan else ""
    if jiao == 0 and fen == 0:
        return text + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif yuan:
        text += "零"  # 325.04 → 叁佰贰拾伍元零肆分: this 零 is required
    if fen:
        text += DIGITS[fen] + "分"
    return text


def parse_yuan(text: str) -> Decimal:
    """The amount an officer typed, as a ``Decimal`` with two places (``"20,000"`` → 20000.00).

    Refuses empty text, anything that is not a plain amount, a negative amount, an amount finer
    than a fen (``"10.005"``; ``"10.500"`` is accepted) and an amount of 1 万亿 or more.
    """
    if text is None:
        raise MoneyError("", "required", "不能为空", "is required")
    if not isinstance(text, str):
        raise MoneyError(repr(text), "type", "应为文本", "must be text")
    return _amount(text, exact=True)


def format_yuan(amount: Amount) -> str:
    """``"¥20,000.00"``: the figure printed next to the capital form."""
    return f"¥{_amount(amount, exact=False):,.2f}"


def decision_phrase(amount: Amount) -> str:
    """``"人民币贰万元整（¥20,000.00）"``: how a decision states a fine (人民币 with no gap)."""
    return f"人民币{to_chinese_upper(amount)}（{format_yuan(amount)}）"


def _amount(amount: object, *, exact: bool) -> Decimal:
    """A checked, non-negative amount below the limit, quantized to the fen."""
    if amount is None:
        raise MoneyError("", "required", "不能为空", "is required")
    if isinstance(amount, float):
        raise MoneyError(
            repr(amount),
            "float",
            "是浮点数，可能丢失或多出分位；请以文本或 Decimal 传入",
            "is a float, which can lose or invent a fen; pass a Decimal or text",
        )
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int | str):
        raise MoneyError(
            repr(amount),
            "type",
            "不是数字或文本",
            "is neither a number nor text",
        )
    shown = amount if isinstance(amount, str) else str(amount)
    value = _from_text(amount) if isinstance(amount, str) else Decimal(amount)
    if not value.is_finite():
        raise MoneyError(shown, "not_finite", "不是有限的数值", "is not a finite number")
    if value < 0:
        raise MoneyError(shown, "negative", "不能为负数", "must not be negative")
    if value >= LIMIT:
        raise _too_large(shown)
    rounded = value.quantize(FEN, rounding=ROUND_HALF_UP).copy_abs()  # copy_abs: no "-0.00"
    if exact and rounded != value:
        raise MoneyError(
            shown,
            "decimals",
            "最多精确到分（小数点后两位）",
            "must not go below the fen (at most two decimal places)",
        )
    if rounded >= LIMIT:  # 999999999999.995 rounds up to the limit
        raise _too_large(shown)
    return rounded


def _from_text(text: str) -> Decimal:
    """The number in typed text; accepts ¥/￥, a trailing 元, commas, spaces, full-width forms."""
    norm = "".join(unicodedata.normalize("NFKC", text).split())  # ￥ → ¥, ２ → 2, ， → ,
    if not norm:
        raise MoneyError("", "required", "不能为空", "is required")
    norm = norm.removeprefix("¥").removesuffix("元")
    match = _NUMBER.match(norm)
    if match is None:
        raise MoneyError(
            text.strip(),
            "format",
            "不是有效的金额（应为如 20000 或 20,000.00 的数字，单位为元）",
            "is not a valid amount (expected a number of yuan such as 20000 or 20,000.00)",
        )
    sign, whole, fraction = match.groups()
    return Decimal(f"{sign}{whole.replace(',', '')}.{fraction or '0'}")


def _too_large(shown: str) -> MoneyError:
    return MoneyError(
        shown,
        "too_large",
        "超出上限：大写金额最高写到仟亿，应小于1万亿元",
        "is too large: the capital form goes up to 仟亿, so it must be below 10^12 yuan",
    )


def _yuan_text(yuan: int) -> str:
    """Capital form of a whole number of yuan, 1 ≤ yuan < 10^12, without 元."""
    parts: list[str] = []
    skipped = False  # an all-zero section after something was written
    for power, unit in zip((8, 4, 0), SECTION_UNITS, strict=True):
        section = yuan // 10**power % 10**4
        if section == 0:
            skipped = skipped or bool(parts)
            continue
        # 10001 → 壹万零壹; 100005000 → 壹亿零伍仟; but 105000 → 壹拾万伍仟 (minimal style)
        if parts and (skipped or section < 1000):
            parts.append("零")
        parts.append(_section_text(section) + unit)
        skipped = False
    return "".join(parts)


def _section_text(section: int) -> str:
    """Capital form of 1 ≤ section ≤ 9999 without leading 零 (1010 → 壹仟零壹拾)."""
    parts: list[str] = []
    pending_zero = False
    for power in (3, 2, 1, 0):
        digit = section // 10**power % 10
        if digit == 0:
            pending_zero = pending_zero or bool(parts)
            continue
        if pending_zero:
            parts.append("零")  # one 零 for a run of zeros; trailing zeros write nothing
            pending_zero = False
        parts.append(DIGITS[digit] + PLACE_UNITS[power])
    return "".join(parts)
