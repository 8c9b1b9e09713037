"""Checking the JSON data files in ``resources/`` (checklists, articles, holidays…): the
pieces every loader shares. A loader raises ``Problem`` for a broken rule where it finds it and
adds the place (file, entry) when it turns it into its own bilingual error."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class Problem(Exception):
    """A broken rule without its place: ``rule`` is stable, ``zh``/``en`` say what is wrong."""

    def __init__(self, rule: str, zh: str, en: str) -> None:
        super().__init__(en)
        self.rule, self.zh, self.en = rule, zh, en


def json_object(
    value: object, required: Set[str], optional: Set[str] = frozenset()
) -> Mapping[str, Any]:
    """``value`` as a JSON object with every ``required`` key and no key outside both sets."""
    if not isinstance(value, dict):
        raise Problem("type", "应为 JSON 对象", "must be a JSON object")
    missing = sorted(set(required) - set(value))
    unknown = sorted(set(value) - set(required) - set(optional))
    if missing:
        # a misspelt key shows as one missing and one unknown: name both
        also_zh = f"（另有未知字段“{'、'.join(unknown)}”）" if unknown else ""
        also_en = f" (unknown: {', '.join(unknown)})" if unknown else ""
        raise Problem(
            "missing_key",
            f"缺少字段“{'、'.join(missing)}”{also_zh}",
            f"missing key(s): {', '.join(missing)}{also_en}",
        )
    if unknown:
        raise Problem(
            "unknown_key",
            f"含有未知字段“{'、'.join(unknown)}”",
            f"unknown key(s): {', '.join(unknown)}",
        )
    return value


@dataclass(frozen=True)
class DataFileInfo:
    """One data file as the About box lists it: which edition of the facts the app runs on."""

    name: str  # path under resources/
    format: int | None  # the file's "format" number, where it declares one
    digest: str  # the first 12 hex digits of its SHA-256: tells two editions apart
    title_zh: str
    title_en: str


def inventory(root: Path) -> list[DataFileInfo]:
    """Every JSON data file under ``root`` (translations and demo vocabulary are not facts)."""
    out: list[DataFileInfo] = []
    for path in sorted(root.rglob("*.json")):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(("i18n/", "demo/")):
            continue
        raw = path.read_bytes()
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        head = data if isinstance(data, dict) else {}
        title = head.get("title", "")
        zh, en = (
            (str(title.get("zh", "")), str(title.get("en", "")))
            if isinstance(title, dict)
            else (str(title), str(title))
        )
        version = head.get("format")
        out.append(
            DataFileInfo(
                relative,
                version if isinstance(version, int) else None,
                hashlib.sha256(raw).hexdigest()[:12],
                zh,
                en,
            )
        )
    return out
