"""The kinds of enforcement document: data, not code. A kind is a template
``resources/documents/<kind>.html`` declared in ``resources/documents/kinds.json`` with its title,
the code its numbers carry after 应急 (（海宁）应急{code}〔2026〕17号) and the area that issues it
(``inspection``, ``case``; a new area — accidents, reports — adds its templates and lines).

A kind may also name a signature line printed on every page beside the page number
(``page_signature``: a 笔录 is signed page by page, so no page can be swapped afterwards).

The file is read once and checked: every kind has a title, a code that fits a number series and
a template; an error names the file, the kind and the field.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from inspector_app.documents.numbers import MAX_DOC_TYPE
from inspector_app.messages import Bilingual
from inspector_app.store.paths import resources_dir

KINDS_FILE = "kinds.json"


class KindsDataError(Bilingual, ValueError):
    """``kinds.json`` does not declare its kinds as they must be."""


@dataclass(frozen=True)
class DocumentKind:
    kind: str
    title: str
    code: str  # the word after 应急 in the number
    area: str  # who issues it: "inspection", "case", …
    page_signature: str = ""  # a signature line on every page ("" none)


def templates_dir() -> Path:
    return resources_dir() / "documents"


def load_kinds(folder: Path | None = None) -> dict[str, DocumentKind]:
    """The kinds declared in ``folder/kinds.json`` (default: the shipped templates), in the
    file's order (the order menus list them)."""
    folder = folder if folder is not None else templates_dir()
    path = folder / KINDS_FILE

    def bad(where: str, zh: str, en: str) -> KindsDataError:
        return KindsDataError(
            f"文书种类文件 {path.name}：{where} {zh}",
            f"document kinds file {path.name}: {where} {en}",
            "kinds",
        )

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise bad("", f"无法读取（{exc}）", f"cannot be read ({exc})") from exc
    declared = data.get("kinds") if isinstance(data, Mapping) else None
    if not isinstance(declared, Mapping) or not declared:
        raise bad("kinds", "应为非空的对象", "must be a non-empty object")
    out: dict[str, DocumentKind] = {}
    for kind, entry in declared.items():
        if not isinstance(entry, Mapping):
            raise bad(kind, "应为对象", "must be an object")
        fields: dict[str, str] = {}
        for name in ("title", "code", "area", "page_signature"):
            value = entry.get(name, "" if name == "page_signature" else None)
            if not isinstance(value, str) or (name != "page_signature" and not value.strip()):
                raise bad(f"{kind}.{name}", "应为非空文字", "must be non-empty text")
            fields[name] = value
        if len(fields["code"]) > MAX_DOC_TYPE:
            raise bad(f"{kind}.code", "过长", f"is longer than {MAX_DOC_TYPE} characters")
        if not (folder / f"{kind}.html").is_file():
            raise bad(kind, f"没有模板文件 {kind}.html", f"has no template {kind}.html")
        out[kind] = DocumentKind(kind, **fields)
    return out


@cache
def default_kinds() -> Mapping[str, DocumentKind]:
    """The shipped kinds (read once)."""
    return load_kinds()


def kinds_in(folder: Path | None) -> Mapping[str, DocumentKind]:
    """The kinds of a templates folder (``None``: the shipped ones)."""
    return default_kinds() if folder is None else load_kinds(folder)


def of_area(area: str) -> dict[str, DocumentKind]:
    """The shipped kinds one area issues, in the file's order."""
    return {k: v for k, v in default_kinds().items() if v.area == area}
