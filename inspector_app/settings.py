"""What the settings mean, without Qt: the organ's profile printed on documents and its checks,
the sync server's address, and the versioned upgrades of the stored settings.

``ui.settings`` keeps the values (an INI file under the base directory) and runs ``upgrade``
when it opens them. The organ profile's checks are here; the profile itself is a synced record of
the organ (``inspector_app.documents.organ_profiles``), no longer kept on the computer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

from inspector_app.registry.validation import (
    Collector,
    FieldLabel,
    ValidationError,
    error,
    required_text,
    validate_phone,
)

SETTINGS_VERSION = 2

ORGAN_LABELS: Mapping[str, FieldLabel] = {
    "bank": FieldLabel("罚款代收银行", "Bank collecting fines"),
    "account_name": FieldLabel("收款账户名称", "Account name"),
    "account_no": FieldLabel("收款账号", "Account number"),
    "court": FieldLabel("行政诉讼管辖法院", "Court for administrative suits"),
    "contact_phone": FieldLabel("联系电话", "Contact phone"),
    "address": FieldLabel("机关地址", "Address of the organ"),
    "server_url": FieldLabel("同步服务器地址", "Sync server address"),
    "unit_code": FieldLabel("执法机关", "Enforcing organ"),
}
ORGAN_FIELDS = ("bank", "account_name", "account_no", "court", "contact_phone", "address")
PAYMENT_FIELDS = ("bank", "account_name", "account_no")
_ACCOUNT = re.compile(r"^\d{8,32}$")
MAX_TEXT = 100


@dataclass(frozen=True)
class OrganProfile:
    """The enforcing organ as its documents name it (an empty field: the template's wording)."""

    bank: str = ""
    account_name: str = ""
    account_no: str = ""
    court: str = ""
    contact_phone: str = ""
    address: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def _text(value: object, field: str) -> str:
    if not str(value or "").strip():
        return ""
    return required_text(value, field, MAX_TEXT)


def _account(value: object) -> str:
    digits = re.sub(r"[\s-]", "", str(value or ""))
    if digits and not _ACCOUNT.match(digits):
        raise error(
            "account_no",
            "format",
            "应为8至32位数字（可含空格或连字符）",
            "must be 8 to 32 digits (spaces and hyphens allowed)",
            ORGAN_LABELS,
        )
    return digits


def organ_profile(raw: Mapping[str, Any]) -> OrganProfile:
    """The profile as typed, checked field by field (``RecordInvalid`` names every bad one).
    A payment account is given whole or not at all: a decision must not name half of one."""
    collect = Collector()
    for field in ORGAN_FIELDS:
        collect(field, _checker(field, raw.get(field)))
    given = [f for f in PAYMENT_FIELDS if collect.out.get(f, "x")]
    if given and len(given) < len(PAYMENT_FIELDS):
        for field in PAYMENT_FIELDS:
            if field not in given:
                collect.add(
                    error(
                        field,
                        "incomplete",
                        "与银行、户名、账号一并填写，或者三项都不填",
                        "fill in with the bank, account name and number, or leave all three empty",
                        ORGAN_LABELS,
                    )
                )
    values = collect.done()
    return OrganProfile(**{f: str(values[f]) for f in ORGAN_FIELDS})


def _checker(field: str, value: object) -> Callable[[], str]:
    def check() -> str:
        try:
            if field == "account_no":
                return _account(value)
            if field == "contact_phone":
                return validate_phone(str(value or ""), field)
            return _text(value, field)
        except ValidationError as exc:  # the shared checks name the field their own way
            if exc.field != field or field == "account_no":
                raise
            zh, en = exc.zh.split("：", 1)[-1], exc.en.split(": ", 1)[-1]
            raise error(field, exc.rule, zh, en, ORGAN_LABELS) from None

    return check


def server_url(text: str) -> str:
    """The sync server's address: empty (no server yet) or http(s)://host[:port][/path],
    without a trailing slash."""
    value = str(text or "").strip().rstrip("/")
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise error(
            "server_url",
            "format",
            "应以 https:// 或 http:// 开头并包含服务器名，如 https://aj.example.gov.cn",
            "must start with https:// or http:// and name the server, "
            "e.g. https://aj.example.gov.cn",
            ORGAN_LABELS,
        )
    return value


def _v2_server_url(values: MutableMapping[str, Any]) -> None:
    """Version 2 checks the server address: a stored one is written as the check keeps it
    (trimmed, no trailing slash); one the check refuses is kept for the officer to correct."""
    stored = values.get("sync/server_url")
    if isinstance(stored, str):
        try:
            values["sync/server_url"] = server_url(stored)
        except ValidationError:
            pass


# version → the step that brings the values from the version before to it
UPGRADES: Mapping[int, Callable[[MutableMapping[str, Any]], None]] = {2: _v2_server_url}


def upgrade(values: MutableMapping[str, Any], version: int) -> int:
    """Apply every step after ``version`` in order; returns the version reached."""
    for target in sorted(UPGRADES):
        if target > version:
            UPGRADES[target](values)
            version = target
    return max(version, SETTINGS_VERSION)
