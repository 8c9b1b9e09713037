"""Validation rules for codes and registry fields: the one place each rule lives.

Public API (documented in the README):

* ``validate_uscc(code) -> str`` — unified social credit code (统一社会信用代码, GB 32100-2015).
* ``validate_id_number(number) -> str`` — resident identity number (居民身份证号, GB 11643-1999).
* ``ValidationError`` — a ``ValueError`` naming the field and the rule broken, in Chinese and
  English.

Both functions normalise first (strip spaces, full-width to half-width, upper-case) and return the
normalised value, so that a code typed as ``"９１３５ 0100m000100y43"`` is stored as
``"91350100M000100Y43"``.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from inspector_app.messages import Bilingual

T = TypeVar("T")

# GB 32100-2015: 31 characters, the letters I, O, Z, S, V are never used.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, 26, 16, ...
# GB 11714-1997 organisation code (positions 9-17 of the USCC), check on position 17.
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# GB 11643-1999
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_MAP = "10X98765432"

_USCC_VALUE = {c: i for i, c in enumerate(USCC_CHARSET)}
_PHONE_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_PHONE_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


class RecordInvalid(ValueError):
    """A record broke one or more rules; ``errors`` names each field and rule."""

    def __init__(self, errors: list[ValidationError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))

    def text(self, lang: str = "zh") -> str:
        return "\n".join(e.text(lang) for e in self.errors)


class ValidationError(Bilingual, ValueError):
    """Bad input: names the field and the rule, with a Chinese and an English message.

    ``str(error)`` gives both languages; the UI shows ``error.text(lang)``.
    """

    def __init__(self, field: str, rule: str, zh: str, en: str) -> None:
        super().__init__(zh, en, rule)
        self.field = field
        self.rule = rule


@dataclass(frozen=True)
class FieldLabel:
    zh: str
    en: str


# Display names of the fields that validation messages name.
FIELD_LABELS: Mapping[str, FieldLabel] = {
    "uscc": FieldLabel("统一社会信用代码", "Unified social credit code"),
    "id_number": FieldLabel("身份证号码", "ID number"),
    "name": FieldLabel("单位名称", "Name"),
    "kind": FieldLabel("主体类型", "Entity type"),
    "county_code": FieldLabel("所属县（市、区）", "County"),
    "town_code": FieldLabel("所属镇（街道）", "Town / street"),
    "supervising_unit": FieldLabel("监管单位", "Supervising unit"),
    "address": FieldLabel("地址", "Address"),
    "legal_rep": FieldLabel("法定代表人（负责人）", "Legal representative"),
    "contact_phone": FieldLabel("联系电话", "Contact phone"),
    "industry_section": FieldLabel("国民经济行业门类", "GB/T 4754 section"),
    "supervision_industry": FieldLabel("监管行业", "Supervision industry"),
    "above_size": FieldLabel("规模以上", "Above designated size"),
    "key_supervised": FieldLabel("重点监管", "Key supervision"),
    "risk_level": FieldLabel("风险等级", "Risk level"),
    # inspections and hazards
    "officers": FieldLabel("执法人员", "Officers"),
    "inspection_kind": FieldLabel("检查类型", "Kind of inspection"),
    "place": FieldLabel("检查场所", "Place"),
    "started_at": FieldLabel("检查开始时间", "Start time"),
    "ended_at": FieldLabel("检查结束时间", "End time"),
    "person_in_charge": FieldLabel("被检查单位现场负责人", "Person in charge present"),
    "person_title": FieldLabel("职务", "Position"),
    "person_phone": FieldLabel("负责人电话", "Phone of the person in charge"),
    "situation": FieldLabel("检查情况", "What was found"),
    "special_operations": FieldLabel("专项作业", "Specialised operations"),
    "latitude": FieldLabel("纬度", "Latitude"),
    "longitude": FieldLabel("经度", "Longitude"),
    "verdict": FieldLabel("检查结论", "Verdict"),
    "note": FieldLabel("备注", "Note"),
    "description": FieldLabel("隐患描述", "Hazard description"),
    "location": FieldLabel("隐患部位", "Location"),
    "basis": FieldLabel("法律依据", "Legal basis"),
    "measures": FieldLabel("现场处理措施", "On-site measures"),
    "deadline": FieldLabel("整改期限", "Rectification deadline"),
    "signatures": FieldLabel("签名", "Signatures"),
    "signer_name": FieldLabel("签名人", "Signer"),
    "witness": FieldLabel("见证人", "Witness"),
    "reason": FieldLabel("理由", "Reason"),
    "event": FieldLabel("隐患处理环节", "Hazard step"),
    # penalty cases
    "party_kind": FieldLabel("当事人类型", "Kind of party"),
    "party_name": FieldLabel("当事人", "Party"),
    "party_id_number": FieldLabel("当事人身份证号码", "Party's ID number"),
    "cause": FieldLabel("案由", "Cause"),
    "violation_on": FieldLabel("违法行为发生日期", "Date of the act"),
    "source": FieldLabel("案件来源", "Source of the case"),
    "person": FieldLabel("被询问人", "Person questioned"),
    "record": FieldLabel("笔录内容", "Record"),
    "organ": FieldLabel("接收机关", "Receiving organ"),
    "transfer_to": FieldLabel("移送机关类别", "Transfer to"),
    "fine_amount": FieldLabel("罚款金额", "Fine"),
    "amount": FieldLabel("金额", "Amount"),
    "article": FieldLabel("处罚依据", "Article"),
    "due_on": FieldLabel("缴款期限", "Due date"),
    "hearing_on": FieldLabel("听证日期", "Hearing date"),
    "detention_days": FieldLabel("拘留天数", "Days of detention"),
    "photos": FieldLabel("照片", "Photos"),
    "instalments": FieldLabel("分期缴纳计划", "Instalments"),
    "requested_by": FieldLabel("申请人", "Requested by"),
    "decided_by": FieldLabel("决定人", "Decided by"),
    "occurred_on": FieldLabel("日期", "Date"),
    "found_on": FieldLabel("发现日期", "Date found"),
}


def label(field: str, labels: Mapping[str, FieldLabel] | None = None) -> FieldLabel:
    """The field's display name: from ``labels`` (an aggregate's own table) or the shared
    table, else the field's code."""
    if labels is not None and field in labels:
        return labels[field]
    return FIELD_LABELS.get(field, FieldLabel(field, field))


def error(
    field: str, rule: str, zh: str, en: str, labels: Mapping[str, FieldLabel] | None = None
) -> ValidationError:
    """Build a ValidationError whose messages start with the field's display name (looked up
    in ``labels`` first: each aggregate may name its own fields)."""
    lab = label(field, labels)
    return ValidationError(field, rule, f"{lab.zh}：{zh}", f"{lab.en}: {en}")


class Collector:
    """Runs the checks of one record and reports every failure together (``RecordInvalid``):
    ``collect("field", lambda: check(...))`` keeps the value or the field's error."""

    def __init__(self) -> None:
        self.out: dict[str, Any] = {}
        self.errors: list[ValidationError] = []

    def __call__(self, field: str, check: Callable[[], T]) -> T | None:
        try:
            value = check()
        except ValidationError as exc:
            self.errors.append(exc)
            return None
        self.out[field] = value
        return value

    def add(self, problem: ValidationError) -> None:
        self.errors.append(problem)

    def done(self) -> dict[str, Any]:
        if self.errors:
            raise RecordInvalid(self.errors)
        return self.out


def parse_date(
    value: object, field: str, labels: Mapping[str, FieldLabel] | None = None
) -> dt.date:
    """A calendar day from a ``date`` or ISO text (``2026-01-31``); a moment with a time of day
    is not a date. Refused with the field's name and the format."""
    if isinstance(value, dt.datetime):
        raise error(field, "date", "应为日期，不含时间", "must be a date without a time", labels)
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise error(
            field,
            "date",
            f"“{value}”不是有效日期（格式：2026-01-31）",
            f"{value!r} is not a valid date (format 2026-01-31)",
            labels,
        ) from None


def normalise_code(text: str) -> str:
    """Full-width to half-width (NFKC), drop all whitespace, upper-case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).upper()


def _eighteen_characters(value: object, field: str) -> str:
    """Normalised text of exactly 18 characters (both codes share these first rules)."""
    if not isinstance(value, str):
        raise error(field, "type", "应为文本", "must be text")
    norm = normalise_code(value)
    if not norm:
        raise error(field, "required", "不能为空", "is required")
    if len(norm) != 18:
        raise error(
            field,
            "length",
            f"长度应为18位，实际为{len(norm)}位",
            f"length must be 18 characters, got {len(norm)}",
        )
    return norm


def _with_check_char(norm: str, expected: str, field: str) -> str:
    """``norm`` if its 18th character is ``expected``, else the check_char error."""
    if norm[17] != expected:
        raise error(
            field,
            "check_char",
            f"校验码错误：第18位应为“{expected}”，实际为“{norm[17]}”",
            f"check character is wrong: position 18 should be {expected}, got {norm[17]}",
        )
    return norm


def uscc_check_char(first17: str) -> str:
    total = sum(map(operator.mul, map(_USCC_VALUE.__getitem__, first17), USCC_WEIGHTS))
    return USCC_CHARSET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    """GB 11714 check character for an organisation code body (digits = value, A=10 ... Z=35)."""
    total = sum(int(c, 36) * w for c, w in zip(first8, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def validate_uscc(code: str, field: str = "uscc") -> str:
    """Return the normalised unified social credit code or raise ValidationError.

    Rules, in the order they are checked: 18 characters (length); only the 31 characters of
    GB 32100 — digits and upper-case letters except I, O, Z, S, V (charset); the 18th character
    equals the check character computed from the first 17 (check_char).
    """
    norm = _eighteen_characters(code, field)
    bad = sorted({c for c in norm if c not in _USCC_VALUE})
    if bad:
        shown = "、".join(bad)
        raise error(
            field,
            "charset",
            f"含有不允许的字符“{shown}”（只能使用数字和除I、O、Z、S、V以外的大写字母）",
            f"contains characters not allowed: {' '.join(bad)} "
            "(only digits and capital letters except I, O, Z, S, V)",
        )
    return _with_check_char(norm, uscc_check_char(norm[:17]), field)


def uscc_org_code_ok(code: str) -> bool:
    """Soft check of the embedded organisation code (positions 9-17); not a GB 32100 rule."""
    body = code[8:16]
    return org_code_check_char(body) == code[16]


def id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_MAP[total % 11]


def validate_id_number(number: str, field: str = "id_number") -> str:
    """Return the normalised 18-digit resident ID number or raise ValidationError.

    Rules: 18 characters (length); 17 digits then a digit or X (charset); positions 7-14 are a
    real date not in the future and not before 1900 (birth_date); the check character of
    GB 11643 (check_char).
    """
    norm = _eighteen_characters(number, field)
    if not (norm[:17].isascii() and norm[:17].isdigit()) or not (
        norm[17].isdigit() or norm[17] == "X"
    ):
        raise error(
            field,
            "charset",
            "前17位应为数字，第18位应为数字或X",
            "the first 17 characters must be digits and the 18th a digit or X",
        )
    try:
        born = dt.date(int(norm[6:10]), int(norm[10:12]), int(norm[12:14]))
    except ValueError:
        born = None
    if born is None or born.year < 1900 or born > dt.date.today():
        raise error(
            field,
            "birth_date",
            f"出生日期“{norm[6:14]}”不是有效日期",
            f"birth date {norm[6:14]} is not a valid date",
        )
    return _with_check_char(norm, id_check_char(norm[:17]), field)


def validate_phone(phone: str, field: str = "contact_phone") -> str:
    """An 11-digit mobile number or a landline with area code (0573-82345678); empty allowed."""
    norm = normalise_code(phone).replace("—", "-")
    if not norm:
        return ""
    if _PHONE_MOBILE.match(norm) or _PHONE_LANDLINE.match(norm):
        return norm
    raise error(
        field,
        "format",
        "应为11位手机号码或带区号的固定电话（如0573-82345678）",
        "must be an 11-digit mobile number or a landline with area code (e.g. 0573-82345678)",
    )


# C0 controls and DEL: never part of a name or an address (NUL truncates text in C programs
# that read an export; the others print as nothing); free text keeps tab and line breaks
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"[\t\n\r]")


def clean_text(value: str, field: str, *, multiline: bool = False) -> str:
    """``value`` unchanged if it is well-formed text: valid Unicode (no lone surrogate, which
    cannot be stored or sent as UTF-8) and no control character (line breaks and tabs only in
    ``multiline`` free text)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise error(
            field,
            "unicode",
            "含有无效的字符编码（孤立的代理字符）",
            "contains invalid Unicode (a lone surrogate)",
        ) from None
    bad = _CONTROL.search(value) or (None if multiline else _LINE_BREAKS.search(value))
    if bad:
        raise error(
            field,
            "control_char",
            f"含有不可见的控制字符（U+{ord(bad.group()):04X}）",
            f"contains a control character (U+{ord(bad.group()):04X})",
        )
    return value


def required_text(value: object, field: str, max_len: int) -> str:
    """Trimmed, NFC-normalised text that must be present and not longer than max_len."""
    raw = clean_text(str(value if value is not None else ""), field, multiline=True)
    text = unicodedata.normalize("NFC", raw).strip()
    text = " ".join(text.split())
    if not text:
        raise error(field, "required", "不能为空", "is required")
    if len(text) > max_len:
        raise error(
            field,
            "max_length",
            f"不能超过{max_len}个字符（实际{len(text)}个）",
            f"must be at most {max_len} characters (got {len(text)})",
        )
    return text


def choice(value: object, field: str, allowed: Mapping[str, str]) -> str:
    """One of the allowed codes; also accepts the Chinese display name of a code."""
    text = str(value if value is not None else "").strip()
    if text in allowed:
        return text
    for code, name in allowed.items():
        if text == name:
            return code
    names = "、".join(allowed.values())
    raise error(
        field,
        "choice",
        f"“{text}”不是有效值，应为：{names}",
        f"{text!r} is not one of: {', '.join(allowed)}",
    )


_TRUE = {"1", "true", "yes", "y", "是", "√", "✓"}
_FALSE = {"0", "false", "no", "n", "否", ""}


def flag(value: object, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    text = str(value if value is not None else "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise error(field, "flag", f"“{value}”应为“是”或“否”", f"{value!r} must be yes or no")
