"""SMS notice lists for enterprise heads (e.g. the nine rounds of typical-case messages the city
sent, 13.5 万 messages).

* **Targets**: registry entries by county-level unit, town, supervision industry, kind, risk
  level, key-supervision and above-size flags (``TargetFilter``); ``local_targets`` runs it as
  one query over the local ``enterprise`` table, ``TargetFilter.matches`` is the same rule over
  a plain record (the server's).
* **Template**: text with placeholders in braces (``{负责人}``, ``{单位名称}``, ``{县区}``,
  ``{镇街}`` — ``resources/sms.json``); an unknown placeholder or a stray brace is refused.
  The sender's signature (【嘉兴市应急管理局】) starts every message and counts in its length.
* **Numbers**: the head's telephone normalised (full-width digits, spaces, dashes, +86 or 0086
  removed); only mobile numbers (1[3-9] and 9 digits) are sent; landlines are listed, not sent;
  a number shared by several entries is sent once (the first entry in list order: unit, town,
  name) and the others are listed as duplicates.
* **Length**: a message in the GSM 7-bit alphabet takes 160 septets, or 153 per part when split
  (extension characters take two); any other character (Chinese) makes it UCS-2: 70 characters,
  67 per part (characters outside the BMP count two).
* **Gateway file**: CSV of (phone, message), UTF-8 with BOM, CRLF, with a header row.
* **Send record**: ``reports.sms_rounds``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import sqlite3
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from inspector_app.datafile import Problem, json_object
from inspector_app.messages import Bilingual
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store.paths import resources_dir

FORMAT = 1
SETTINGS_FILE = "sms.json"


class SmsError(Bilingual):
    """A list or template that cannot be used as given (``code`` is stable)."""


@dataclass(frozen=True)
class SmsSettings:
    gsm_single: int
    gsm_part: int
    ucs2_single: int
    ucs2_part: int
    basic: frozenset[str]
    extension: frozenset[str]
    signature: str
    placeholders: Mapping[str, str]  # 负责人 → legal_rep
    fallbacks: Mapping[str, str]  # what an empty value is written as
    csv_header: tuple[str, str]


def load_settings(path: Path | None = None) -> SmsSettings:
    path = path or resources_dir() / SETTINGS_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        top = json_object(
            raw,
            {
                "format",
                "segments",
                "gsm7_basic",
                "gsm7_extension",
                "signature",
                "placeholders",
                "fallbacks",
                "csv_header",
            },
            {"alphabet_source", "csv_source"},
        )
        if top["format"] != FORMAT:
            raise Problem("format", f"格式版本应为{FORMAT}", f"format must be {FORMAT}")
        seg = json_object(top["segments"], {"gsm7", "ucs2", "source", "verified"}, {"note"})
        gsm = json_object(seg["gsm7"], {"single", "part"})
        ucs2 = json_object(seg["ucs2"], {"single", "part"})
        sizes = [gsm["single"], gsm["part"], ucs2["single"], ucs2["part"]]
        if not all(isinstance(n, int) and 0 < n for n in sizes):
            raise Problem("segments", "短信长度应为正整数", "segment sizes must be positive")
        signature = json_object(top["signature"], {"default", "source", "verified"}, {"note"})
        placeholders = top["placeholders"]
        if not isinstance(placeholders, dict) or not placeholders:
            raise Problem("placeholders", "占位符不能为空", "placeholders must not be empty")
        header = top["csv_header"]
        if not (isinstance(header, list) and len(header) == 2):
            raise Problem("csv_header", "表头应为两列", "the header has two columns")
        return SmsSettings(
            gsm_single=gsm["single"],
            gsm_part=gsm["part"],
            ucs2_single=ucs2["single"],
            ucs2_part=ucs2["part"],
            basic=frozenset(str(top["gsm7_basic"])),
            extension=frozenset(str(top["gsm7_extension"])),
            signature=str(signature["default"]),
            placeholders={str(k): str(v) for k, v in placeholders.items()},
            fallbacks={str(k): str(v) for k, v in dict(top["fallbacks"]).items()},
            csv_header=(str(header[0]), str(header[1])),
        )
    except (OSError, ValueError) as exc:
        raise SmsError(
            f"短信设置文件“{path.name}”无法读取：{exc}",
            f"{path.name} cannot be read: {exc}",
            "read",
        ) from exc
    except Problem as problem:
        raise SmsError(
            f"短信设置文件“{path.name}”：{problem.zh}", f"{path.name}: {problem.en}", problem.rule
        ) from None


@cache
def default_settings() -> SmsSettings:
    return load_settings()


# -- length ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segments:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets, or UTF-16 code units
    parts: int  # messages billed


def segments(text: str, settings: SmsSettings | None = None) -> Segments:
    s = settings or default_settings()
    if all(ch in s.basic or ch in s.extension for ch in text):
        units = sum(2 if ch in s.extension else 1 for ch in text)
        single, part, encoding = s.gsm_single, s.gsm_part, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, part, encoding = s.ucs2_single, s.ucs2_part, "UCS-2"
    parts = 1 if units <= single else -(-units // part)
    return Segments(encoding, units, parts)


# -- numbers -----------------------------------------------------------------------------------

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
_SEPARATORS = re.compile(r"[,，;；/、]+")


def normalise_phone(raw: object) -> tuple[str, str]:
    """(kind, number): kind is "mobile", "landline", "invalid" or "missing"; a field holding
    several numbers (separated by commas, slashes, or spaces between whole numbers) gives its
    first mobile number, else its first landline."""
    text = unicodedata.normalize("NFKC", str(raw or "")).strip()
    if not text:
        return "missing", ""
    landline = ""
    for piece in _SEPARATORS.split(text):
        for candidate in (piece, *piece.split()):
            compact = re.sub(r"[\s()（）]", "", candidate).replace("—", "-")
            digits = compact.replace("-", "")
            for prefix in ("+86", "0086", "86"):
                if digits.startswith(prefix) and _MOBILE.match(digits[len(prefix) :]):
                    digits = digits[len(prefix) :]
            if _MOBILE.match(digits):
                return "mobile", digits
            if not landline and _LANDLINE.match(compact):
                landline = compact
    return ("landline", landline) if landline else ("invalid", text)


# -- targets -----------------------------------------------------------------------------------

TARGET_COLUMNS = (
    "id",
    "name",
    "kind",
    "legal_rep",
    "contact_phone",
    "county_code",
    "town_code",
    "supervising_unit",
    "supervision_industry",
    "key_supervised",
    "above_size",
    "risk_level",
)


@dataclass(frozen=True)
class TargetFilter:
    units: tuple[str, ...] = ()  # county-level units: the entries they supervise
    towns: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()  # supervision industries
    kinds: tuple[str, ...] = ()  # enterprise, individual
    risk_levels: tuple[str, ...] = ()
    key_only: bool = False
    above_size_only: bool = False

    def supervisors(self, tree: JurisdictionTree) -> list[str]:
        """The supervising units under the county-level units asked for."""
        wanted = set(self.units)
        return sorted(c for c in tree.units if tree.reporting_unit(c).code in wanted)

    def where(self, tree: JurisdictionTree) -> tuple[str, list[Any]]:
        clauses: list[str] = ["1 = 1"]
        params: list[Any] = []
        for column, values in (
            ("supervising_unit", self.supervisors(tree) if self.units else ()),
            ("town_code", self.towns),
            ("supervision_industry", self.industries),
            ("kind", self.kinds),
            ("risk_level", self.risk_levels),
        ):
            if values:
                clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
                params.extend(values)
        if self.key_only:
            clauses.append("key_supervised = 1")
        if self.above_size_only:
            clauses.append("above_size = 1")
        return " AND ".join(clauses), params

    def matches(self, entry: Mapping[str, Any], tree: JurisdictionTree) -> bool:
        supervisor = str(entry.get("supervising_unit") or "")
        unit = tree.reporting_unit(supervisor).code if supervisor in tree.units else ""
        return (
            (not self.units or unit in self.units)
            and (not self.towns or entry.get("town_code") in self.towns)
            and (not self.industries or entry.get("supervision_industry") in self.industries)
            and (not self.kinds or entry.get("kind") in self.kinds)
            and (not self.risk_levels or entry.get("risk_level") in self.risk_levels)
            and (not self.key_only or bool(entry.get("key_supervised")))
            and (not self.above_size_only or bool(entry.get("above_size")))
        )

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)


def local_targets(
    conn: sqlite3.Connection, target: TargetFilter, tree: JurisdictionTree
) -> list[dict[str, Any]]:
    """The registry entries the filter selects, in list order (unit, town, name)."""
    where, params = target.where(tree)
    rows = conn.execute(
        f"SELECT {', '.join(TARGET_COLUMNS)} FROM enterprise WHERE {where} "
        "ORDER BY supervising_unit, town_code, name, id",
        params,
    )
    return [dict(zip(TARGET_COLUMNS, r, strict=True)) for r in rows]


# -- the template ------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Template:
    text: str
    signature: str
    fields: Mapping[str, str]  # placeholder → field, of those the text uses

    def render(
        self, entry: Mapping[str, Any], tree: JurisdictionTree, settings: SmsSettings
    ) -> str:
        def value(match: re.Match[str]) -> str:
            field_name = self.fields[match.group(1)]
            if field_name in ("county", "town"):
                code = str(entry.get(f"{field_name}_code") or "")
                found = tree.units[code].name if code in tree.units else ""
            else:
                found = str(entry.get(field_name) or "").strip()
            return found or settings.fallbacks.get(field_name, "")

        return self.signature + _PLACEHOLDER.sub(value, self.text)


def parse_template(
    text: str, settings: SmsSettings | None = None, signature: str | None = None
) -> Template:
    s = settings or default_settings()
    body = text.strip()
    if not body:
        raise SmsError("短信内容不能为空。", "The message is empty.", "empty")
    used: dict[str, str] = {}
    for match in _PLACEHOLDER.finditer(body):
        name = match.group(1).strip()
        if name not in s.placeholders:
            known = "、".join(f"{{{k}}}" for k in s.placeholders)
            raise SmsError(
                f"短信模板中的“{{{name}}}”不是可用的占位符（可用：{known}）。",
                f"{{{name}}} is not a placeholder (known: {', '.join(s.placeholders)}).",
                "placeholder",
            )
        used[match.group(1)] = s.placeholders[name]
    if "{" in _PLACEHOLDER.sub("", body) or "}" in _PLACEHOLDER.sub("", body):
        raise SmsError(
            "短信模板中有不成对的花括号。", "The template has an unmatched brace.", "brace"
        )
    return Template(body, s.signature if signature is None else signature, used)


# -- the list ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    phone: str
    message: str
    enterprise_id: str
    name: str
    segments: Segments


@dataclass(frozen=True)
class Skipped:
    enterprise_id: str
    name: str
    phone: str  # as recorded (or normalised, for a duplicate)
    why: str  # landline, invalid, missing, duplicate
    kept: str = ""  # for a duplicate: the entry whose message goes to that number


@dataclass(frozen=True)
class SmsList:
    recipients: tuple[Recipient, ...]
    skipped: tuple[Skipped, ...]

    @property
    def messages(self) -> int:
        return len(self.recipients)

    @property
    def parts(self) -> int:
        """Messages billed: the parts of every message."""
        return sum(r.segments.parts for r in self.recipients)

    @property
    def longest(self) -> int:
        return max((r.segments.parts for r in self.recipients), default=0)

    def count(self, why: str) -> int:
        return sum(1 for s in self.skipped if s.why == why)


def build_list(
    targets: Iterable[Mapping[str, Any]],
    template: Template,
    tree: JurisdictionTree,
    settings: SmsSettings | None = None,
) -> SmsList:
    s = settings or default_settings()
    recipients: list[Recipient] = []
    skipped: list[Skipped] = []
    first_for: dict[str, str] = {}
    for entry in targets:
        entry_id, name = str(entry.get("id") or ""), str(entry.get("name") or "")
        kind, number = normalise_phone(entry.get("contact_phone"))
        if kind != "mobile":
            skipped.append(Skipped(entry_id, name, str(entry.get("contact_phone") or ""), kind))
            continue
        if number in first_for:
            skipped.append(Skipped(entry_id, name, number, "duplicate", first_for[number]))
            continue
        first_for[number] = entry_id
        message = template.render(entry, tree, s)
        recipients.append(Recipient(number, message, entry_id, name, segments(message, s)))
    return SmsList(tuple(recipients), tuple(skipped))


def gateway_csv(sms_list: SmsList, settings: SmsSettings | None = None) -> bytes:
    """The file an SMS gateway imports: (phone, message), UTF-8 with BOM, CRLF."""
    if not sms_list.recipients:
        raise SmsError("名单中没有可发送的手机号码。", "No mobile number to send to.", "empty")
    s = settings or default_settings()
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(s.csv_header)
    for r in sms_list.recipients:
        writer.writerow((r.phone, r.message))
    return out.getvalue().encode("utf-8-sig")


def write_gateway_csv(path: Path, sms_list: SmsList, settings: SmsSettings | None = None) -> str:
    """Write the gateway file (replaced whole); returns its SHA-256 for the round's record."""
    data = gateway_csv(sms_list, settings)
    fd, tmp = tempfile.mkstemp(prefix=".sms-", suffix=".csv", dir=Path(path).parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return hashlib.sha256(data).hexdigest()


def list_sha256(sms_list: SmsList, settings: SmsSettings | None = None) -> str:
    """The SHA-256 of the gateway file the list gives."""
    return hashlib.sha256(gateway_csv(sms_list, settings)).hexdigest()
