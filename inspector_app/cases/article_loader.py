"""Reading and checking ``resources/penalty_articles.json`` and ``resources/discretion.json``
into the model of ``cases.article_model`` (the files' format is described in ``cases.articles``);
every rule broken is an ``ArticleError`` naming the file, the entry and the rule."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from inspector_app.cases.article_model import (
    _CODE,
    _ID,
    _KIND_KEYS,
    ARTICLES_FILE,
    DISCRETION_FILE,
    FORMAT,
    GRADES,
    INCOME_BASIS,
    KINDS,
    STAGES,
    STATUSES,
    SUBJECTS,
    Amount,
    ArticleCatalogue,
    ArticleEntry,
    Band,
    ByGrade,
    ClosureRule,
    DailyFineRule,
    Discretion,
    DiscretionBands,
    FineSpec,
    GainMultiple,
    HearingThresholds,
    IncomeShare,
    Item,
    Label,
    Law,
    Multiple,
    Stage,
)
from inspector_app.datafile import Problem as _Problem
from inspector_app.datafile import json_object
from inspector_app.messages import Bilingual
from inspector_app.store.paths import resources_dir

# -- loading --------------------------------------------------------------------------------


class ArticleError(Bilingual):
    """A shipped data file breaks a rule; the message names the file, the entry and the rule."""

    def __init__(self, place: _Place, rule: str, zh: str, en: str) -> None:
        where_zh, where_en = place.describe()
        super().__init__(
            f"数据文件“{place.file}”{where_zh}：{zh}",
            f"data file {place.file}{where_en}: {en}",
            rule,
        )
        self.file = place.file
        self.entry = place.name
        self.rule = rule


@dataclass(frozen=True)
class _Place:
    file: str
    index: int = 0  # entries counted from 1; 0 for a part of the file
    name: str = ""  # the entry's id or the part's key

    def describe(self) -> tuple[str, str]:
        if self.index:
            named = (f"（{self.name}）", f" ({self.name})") if self.name else ("", "")
            return f"第{self.index}个条目{named[0]}", f", entry {self.index}{named[1]}"
        return (f"“{self.name}”部分", f", {self.name}") if self.name else ("", "")


def load_catalogue(path: Path | None = None) -> ArticleCatalogue:
    """Read and check the penalty articles (default: the shipped file); ArticleError if broken."""
    path = path if path is not None else resources_dir() / ARTICLES_FILE
    data = _read(path)
    with _at(_Place(path.name)):
        data = _object(
            data,
            {"format", "title", "primary_law", "laws", "orders", "actions", "entries"},
            {"source", "notes"},
        )
        _format(data)
        _str(_object(data["title"], {"zh", "en"}), "zh")
        _source(data)
        laws = {code: _law(code, raw) for code, raw in _mapping(data, "laws").items()}
        orders = _labels(data, "orders")
        actions = _labels(data, "actions")
        primary = _str(data, "primary_law")
        if primary not in laws:
            raise _Problem("unknown_law", f"未知的法律“{primary}”", f"unknown law {primary}")
        raw_entries = _list(data, "entries")
    entries: list[ArticleEntry] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_entries, 1):
        place = _Place(path.name, index, _name_of(raw))
        with _at(place):
            entry = _entry(raw, laws, primary, orders, actions)
            if entry.id in seen:
                raise _Problem(
                    "duplicate_id",
                    f"编号“{entry.id}”与第{seen[entry.id]}个条目重复",
                    f"id {entry.id} is also used by entry {seen[entry.id]}",
                )
        seen[entry.id] = index
        entries.append(entry)
    for index, entry in enumerate(entries, 1):
        if entry.superseded_by and entry.superseded_by not in seen:
            raise ArticleError(
                _Place(path.name, index, entry.id),
                "unknown_superseded_by",
                f"superseded_by 指向不存在的条目“{entry.superseded_by}”",
                f"superseded_by names no entry: {entry.superseded_by}",
            )
    return ArticleCatalogue(tuple(entries), laws)


@cache
def default_catalogue() -> ArticleCatalogue:
    """The shipped catalogue, loaded once (the rules that read it: closure, daily fines)."""
    return load_catalogue()


def load_discretion(path: Path | None = None) -> Discretion:
    """Read and check the discretion bands and hearing thresholds; ArticleError if broken."""
    path = path if path is not None else resources_dir() / DISCRETION_FILE
    data = _read(path)
    with _at(_Place(path.name)):
        data = _object(data, {"format", "title", "bands", "hearing"})
        _format(data)
        _str(_object(data["title"], {"zh", "en"}), "zh")
    with _at(_Place(path.name, name="bands")):
        raw = _object(
            data["bands"],
            {"verified", "floor_without_minimum", "circumstances"},
            {"source", "note"},  # a missing source is reported as such by _source
        )
        source, verified, note = _provenance(raw)
        bands = tuple(_band(b) for b in _list(raw, "circumstances"))
        for key in ("code", "zh"):
            names = [getattr(b, key) for b in bands]
            if len(set(names)) != len(names):
                raise _Problem("duplicate_band", f"情节的 {key} 重复", f"repeated band {key}")
        floor = raw["floor_without_minimum"]
        if type(floor) is not int or floor < 0:
            raise _Problem("bad_amount", "floor_without_minimum 应为非负整数", "bad floor")
        discretion_bands = DiscretionBands(bands, Decimal(floor), source, verified, note)
    with _at(_Place(path.name, name="hearing")):
        raw = _object(
            data["hearing"], {"verified", "person", "unit"}, {"source", "note", "confiscation"}
        )
        source, verified, note = _provenance(raw)
        person, unit = _yuan(raw["person"], "person"), _yuan(raw["unit"], "unit")
        hearing = HearingThresholds(person, unit, source, verified, note)
        confiscation = hearing
        if "confiscation" in raw:  # 没收较大数额违法所得、较大价值非法财物 (Art. 63)
            seized = _object(raw["confiscation"], {"person", "unit"})
            confiscation = HearingThresholds(
                _yuan(seized["person"], "person"), _yuan(seized["unit"], "unit"), source
            )
    return Discretion(discretion_bands, hearing, confiscation)


def _read(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArticleError(
            _Place(path.name), "unreadable", f"无法读取（{exc}）", f"cannot be read ({exc})"
        ) from exc


def _entry(
    raw: object,
    laws: Mapping[str, Law],
    primary: str,
    orders: Mapping[str, Label],
    actions: Mapping[str, Label],
) -> ArticleEntry:
    if isinstance(raw, dict):
        _source(raw)  # before the other keys: an entry without its source is the worst fault
    kind = raw.get("kind") if isinstance(raw, dict) else None
    if kind not in KINDS:
        raise _Problem("bad_kind", f"kind 应为：{'、'.join(KINDS)}", f"kind must be one of {KINDS}")
    data = _object(
        raw,
        {"id", "law", "article", "kind", "violation", "source", "verified"} | _KIND_KEYS[kind],
        {"paragraph", "items", "related", "status", "superseded_by", "note", "violates"},
    )
    law = laws.get(str(data["law"]))
    if law is None:
        raise _Problem("unknown_law", f"未知的法律“{data['law']}”", f"unknown law {data['law']!r}")
    article = _int(data, "article")
    paragraph = _int(data, "paragraph") if "paragraph" in data else None
    entry_id = _str(data, "id")
    stem = f"{law.code}-{article}" + (f"-{paragraph}" if paragraph else "")
    if not _ID.match(entry_id) or not re.fullmatch(re.escape(stem) + "[A-Z]?", entry_id):
        raise _Problem(
            "id_format",
            f"编号应为“{stem}”（有款的可加一个大写字母区分）",
            f"the id must be {stem} (with one capital letter to tell parts of a paragraph apart)",
        )
    related = data.get("related", False)
    if related is not (law.code != primary):
        raise _Problem(
            "related_mismatch",
            f"“{primary}”以外法律的条目须标 related: true，其他条目不标",
            f"entries of laws other than {primary} (and only they) are marked related: true",
        )
    status = data.get("status", "in_force")
    superseded_by = _str(data, "superseded_by", required=False)
    if status not in STATUSES or (status == "superseded") != bool(superseded_by):
        raise _Problem(
            "bad_status",
            "status 应为 in_force 或 superseded，superseded 须同时给出 superseded_by",
            "status must be in_force or superseded, and superseded needs superseded_by",
        )
    verified, note = _bool(data, "verified"), _str(data, "note", required=False)
    if not verified and not note:
        raise _Problem(
            "note_required", "未核实的条目须在 note 中说明", "an unverified entry needs a note"
        )
    if kind in ("referral", "no_admin_penalty") and not note:
        raise _Problem(
            "note_required", "此类条目须在 note 中说明如何处理", "this kind needs a note"
        )
    subjects, stages, order, daily_fine = _sanctions(data, orders, actions)
    return ArticleEntry(
        id=entry_id,
        law=law,
        article=article,
        paragraph=paragraph,
        kind=str(kind),
        violation=_str(data, "violation"),
        items=_items(data.get("items", [])),
        subjects=subjects,
        order=order,
        stages=stages,
        daily_fine=daily_fine,
        related=related,
        status=status,
        superseded_by=superseded_by,
        rule=_rule(data["rule"]) if "rule" in data else None,
        source=_str(data, "source"),
        verified=verified,
        note=note,
        violates=_str(data, "violates", required=False),
    )


def _sanctions(
    data: Mapping[str, Any], orders: Mapping[str, Label], actions: Mapping[str, Label]
) -> tuple[tuple[str, ...], dict[str, Stage], Label | None, bool]:
    if "stages" not in data:
        return (), {}, None, False
    subjects = data["subjects"]
    if (
        not isinstance(subjects, list)
        or not subjects
        or any(s not in SUBJECTS for s in subjects)
        or len(set(subjects)) != len(subjects)
    ):
        raise _Problem(
            "bad_subject",
            f"subjects 应为不重复的处罚对象列表：{'、'.join(SUBJECTS)}",
            f"subjects must be a list of distinct codes among: {', '.join(SUBJECTS)}",
        )
    order_code = data["order"]
    if order_code is not None and order_code not in orders:
        raise _Problem(
            "unknown_order", f"未知的命令“{order_code}”", f"unknown order {order_code!r}"
        )
    raw_stages = _mapping(data, "stages")
    stages = {name: _stage(name, value, subjects, actions) for name, value in raw_stages.items()}
    daily_fine = _bool(data, "daily_fine")
    # 安全生产法 Art. 112: the enterprise was ordered to correct and was fined
    expected = order_code is not None and any("unit" in s.fines for s in stages.values())
    if daily_fine != expected:
        raise _Problem(
            "daily_fine_mismatch",
            f"daily_fine 应为 {str(expected).lower()}："
            "按日连续处罚适用于既责令改正又对单位罚款的条目",
            f"daily_fine must be {str(expected).lower()}: Art. 112 applies where the enterprise "
            "was both ordered to correct and fined",
        )
    return tuple(subjects), stages, orders.get(order_code or ""), daily_fine


def _stage(name: str, raw: object, subjects: list[str], actions: Mapping[str, Label]) -> Stage:
    if name not in STAGES:
        raise _Problem(
            "bad_stage",
            f"未知的阶段“{name}”",
            f"unknown stage {name!r}; one of {', '.join(STAGES)}",
        )
    data = _object(raw, set(), {"fines", "actions", "condition", "condition_en", "note"})
    fines_raw = data.get("fines", {})
    codes = data.get("actions", [])
    if not isinstance(fines_raw, dict) or not isinstance(codes, list) or not (fines_raw or codes):
        raise _Problem(
            "empty_stage", f"阶段“{name}”应有罚款或措施", f"stage {name} needs a fine or action"
        )
    for subject in fines_raw:
        if subject not in subjects:
            raise _Problem(
                "bad_subject",
                f"阶段“{name}”的罚款对象“{subject}”不在 subjects 中",
                f"stage {name} fines {subject!r}, which is not in subjects",
            )
    bad = [c for c in codes if c not in actions]
    if bad:
        raise _Problem("unknown_action", f"未知的措施“{bad[0]}”", f"unknown action {bad[0]!r}")
    default_zh, default_en = STAGES[name]
    return Stage(
        name=name,
        fines={s: _fine(v) for s, v in fines_raw.items()},
        actions=tuple(actions[c] for c in codes),
        condition=_str(data, "condition", required=False) or default_zh,
        condition_en=_str(data, "condition_en", required=False) or default_en,
        note=_str(data, "note", required=False),
    )


def _fine(raw: object) -> FineSpec:
    if isinstance(raw, dict) and "by_grade" in raw:
        data = _object(raw, {"by_grade"}, {"aggravated"})
        grades = _mapping(data, "by_grade")
        if list(grades) != list(GRADES):
            raise _Problem(
                "bad_grade",
                f"by_grade 应依次列出：{'、'.join(GRADES)}",
                f"by_grade must list, in order: {', '.join(GRADES)}",
            )
        by_grade = {g: _simple_fine(v) for g, v in grades.items()}
        aggravated = None
        if "aggravated" in data:
            aggravated = _multiple(_object(data["aggravated"], {"multiple_min", "multiple_max"}))
            if not all(isinstance(v, Amount) and v.min is not None for v in by_grade.values()):
                raise _Problem("bad_aggravation", "从重倍数只用于有下限的金额", "bad aggravation")
        return ByGrade(by_grade, aggravated)
    if isinstance(raw, dict) and "gains_at_least" in raw:
        data = _object(raw, {"gains_at_least", "multiple_min", "multiple_max", "otherwise"})
        otherwise = _simple_fine(data["otherwise"])
        if not isinstance(otherwise, Amount):
            raise _Problem(
                "bad_fine", "otherwise 应为金额幅度", "otherwise must be an amount range"
            )
        return GainMultiple(
            _yuan(data["gains_at_least"], "gains_at_least"), _multiple(data), otherwise
        )
    return _simple_fine(raw)


def _simple_fine(raw: object) -> Amount | IncomeShare:
    if isinstance(raw, dict) and "pct_min" in raw:
        data = _object(raw, {"pct_min", "pct_max", "of"})
        low, high = _pct(data, "pct_min"), _pct(data, "pct_max")
        if data["of"] != INCOME_BASIS:
            raise _Problem("bad_fine", f"of 应为“{INCOME_BASIS}”", f"of must be {INCOME_BASIS}")
        _ordered(low, high)
        return IncomeShare(low, high)
    data = _object(raw, {"min", "max"})
    minimum = None if data["min"] is None else _yuan(data["min"], "min")
    maximum = _yuan(data["max"], "max")
    _ordered(minimum, maximum)
    return Amount(minimum, maximum)


def _multiple(data: Mapping[str, Any]) -> Multiple:
    low, high = data["multiple_min"], data["multiple_max"]
    if type(low) is not int or type(high) is not int or low < 1:
        raise _Problem("bad_fine", "倍数应为正整数", "multiples must be positive whole numbers")
    _ordered(Decimal(low), Decimal(high))
    return Multiple(Decimal(low), Decimal(high))


def _ordered(low: Decimal | None, high: Decimal) -> None:
    if low is not None and low > high:
        raise _Problem(
            "min_gt_max", f"下限{low}大于上限{high}", f"min {low} is more than max {high}"
        )


def _yuan(value: object, key: str) -> Decimal:
    if type(value) is not int or value <= 0:
        raise _Problem(
            "bad_amount", f"“{key}”应为正整数（元）", f"{key} must be whole yuan above 0"
        )
    return Decimal(value)


def _pct(data: Mapping[str, Any], key: str) -> Decimal:
    value = data[key]
    if type(value) is not int or not 0 <= value <= 100:
        raise _Problem("bad_pct", f"“{key}”应为0到100的整数", f"{key} must be a whole 0-100")
    return Decimal(value)


def _band(raw: object) -> Band:
    data = _object(raw, {"code", "zh", "en", "lower_pct", "upper_pct"})
    code = _str(data, "code")
    if not _CODE.match(code):
        raise _Problem("bad_code", f"代码“{code}”应为小写字母", f"code {code!r} must be lower-case")
    low, high = _pct(data, "lower_pct"), _pct(data, "upper_pct")
    _ordered(low, high)
    return Band(code, _str(data, "zh"), _str(data, "en"), low, high)


def _rule(raw: object) -> DailyFineRule | ClosureRule:
    kind = raw.get("kind") if isinstance(raw, dict) else None
    if kind == "daily_fine":
        data = _object(raw, {"kind", "start_days_after_order", "amount"})
        if data["amount"] != "original_fine":
            raise _Problem("bad_rule", "amount 应为 original_fine", "amount must be original_fine")
        return DailyFineRule(_int(data, "start_days_after_order"), "original_fine")
    if kind == "closure":
        data = _object(raw, {"kind", "repeat_windows", "principal_ban_years"})
        windows = []
        for window in _list(data, "repeat_windows"):
            w = _object(window, {"penalties", "days"})
            windows.append((_int(w, "days"), _int(w, "penalties")))
        return ClosureRule(tuple(windows), _int(data, "principal_ban_years"))
    raise _Problem("bad_rule", "rule.kind 应为 daily_fine 或 closure", "bad rule kind")


def _items(raw: object) -> tuple[Item, ...]:
    if not isinstance(raw, list):
        raise _Problem("bad_items", "items 应为列表", "items must be a list")
    items = tuple(
        Item(_int(d, "no"), _str(d, "text")) for d in (_object(r, {"no", "text"}) for r in raw)
    )
    if [i.no for i in items] != list(range(1, len(items) + 1)):
        raise _Problem("bad_items", "项的编号应从1起连续", "items must be numbered 1, 2, 3 ...")
    return items


def _law(code: str, raw: object) -> Law:
    data = _object(raw, {"title", "short", "short_en", "edition", "in_force"}, {"source"})
    title, short, short_en, edition, in_force = (
        _str(data, k) for k in ("title", "short", "short_en", "edition", "in_force")
    )
    return Law(code, title, short, short_en, edition, in_force, _source(data))


def _labels(data: Mapping[str, Any], key: str) -> dict[str, Label]:
    labels = {}
    for code, raw in _mapping(data, key).items():
        text = _object(raw, {"zh", "en"})
        labels[code] = Label(code, _str(text, "zh"), _str(text, "en"))
    return labels


def _provenance(data: Mapping[str, Any]) -> tuple[str, bool, str]:
    source, verified = _source(data), _bool(data, "verified")
    note = _str(data, "note", required=False)
    if not verified and not note:
        raise _Problem(
            "note_required", "未核实的数据须在 note 中说明", "unverified data needs a note"
        )
    return source, verified, note


def _format(data: Mapping[str, Any]) -> None:
    if data["format"] != FORMAT:
        raise _Problem("format", f"格式版本应为{FORMAT}", f"format must be {FORMAT}")


def _source(data: Mapping[str, Any]) -> str:
    value = data.get("source")
    if not isinstance(value, str) or not value.strip():
        raise _Problem("missing_source", "缺少来源（source）", "source is missing")
    return value.strip()


@contextmanager
def _at(place: _Place) -> Iterator[None]:
    try:
        yield
    except _Problem as p:
        raise ArticleError(place, p.rule, p.zh, p.en) from None


def _object(
    value: object, required: AbstractSet[str], optional: AbstractSet[str] = frozenset()
) -> dict[str, Any]:
    return dict(json_object(value, required, optional))


def _name_of(raw: object) -> str:
    value = raw.get("id") if isinstance(raw, dict) else None
    return value.strip() if isinstance(value, str) else ""


def _str(data: Mapping[str, Any], key: str, required: bool = True) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise _Problem("empty", f"“{key}”应为非空文本", f"{key} must be non-empty text")
    return value.strip()


def _int(data: Mapping[str, Any], key: str) -> int:
    value = data[key]
    if type(value) is not int or value < 1:
        raise _Problem("type", f"“{key}”应为正整数", f"{key} must be a positive whole number")
    return value


def _bool(data: Mapping[str, Any], key: str) -> bool:
    value = data[key]
    if not isinstance(value, bool):
        raise _Problem("type", f"“{key}”应为 true 或 false", f"{key} must be true or false")
    return value


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data[key]
    if not isinstance(value, list) or not value:
        raise _Problem("empty", f"“{key}”应为非空列表", f"{key} must be a non-empty list")
    return value


def _mapping(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = data[key]
    if not isinstance(value, dict) or not value:
        raise _Problem("empty", f"“{key}”应为非空对象", f"{key} must be a non-empty object")
    return value


# -- inputs, numbers and wording ------------------------------------------------------------
