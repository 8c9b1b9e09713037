"""Penalty articles as data: statutory fine ranges, discretion bands and the hearing threshold.

``resources/penalty_articles.json`` holds the penalty articles of the Work Safety Law (2021),
Art. 93-114, and the related articles of the accident regulations. It is read and checked by
``load_catalogue()``; no key outside those listed is allowed, so a misspelt key is an error::

    {"format": 1, "title": {"zh", "en"}, "source": "...", "notes": "...",
     "primary_law": "AQ2021",                 # entries of other laws are marked "related"
     "laws": {"AQ2021": {"title", "short", "short_en", "edition", "in_force", "source"}},
     "orders": {"correct_by_deadline": {"zh": "责令限期改正", "en": "..."}, ...},
     "actions": {"suspend_rectify": {"zh": "责令停产停业整顿", "en": "..."}, ...},
     "entries": [
       {"id": "AQ2021-103-1",                 # law-article[-paragraph[letter]], stable
        "law": "AQ2021", "article": 103, "paragraph": 1,          # paragraph optional
        "kind": "penalty",                    # or referral, no_admin_penalty, rule
        "violation": "...", "items": [{"no": 1, "text": "..."}],  # items optional
        "subjects": ["unit", "responsible_person"],               # keys of SUBJECTS
        "order": "correct_by_deadline",       # a key of "orders", or null
        "stages": {"first": {"fines": {"unit": FINE}, "actions": ["confiscate_gains"],
                             "condition": "...", "condition_en": "...", "note": "..."},
                   "overdue": ..., "refuse": ..., "serious": ..., "accident": ...},
        "daily_fine": true,                   # Art. 112 applies (see below)
        "related": false, "status": "in_force", "superseded_by": "",   # optional
        "rule": {...},                        # kind "rule" only: Art. 112 and 113
        "source": "...", "verified": true, "note": "..."}]}       # note required if unverified

A FINE is one of: ``{"min": 20000 | null, "max": 50000}`` in yuan (null: the statute says only
"Y以下"); ``{"pct_min": 20, "pct_max": 50, "of": "上一年年收入"}``; ``{"gains_at_least": 100000,
"multiple_min": 2, "multiple_max": 5, "otherwise": {"min", "max"}}`` (Art. 103); or
``{"by_grade": {"一般": FINE, "较大": ..., "重大": ..., "特别重大": ...}, "aggravated":
{"multiple_min": 2, "multiple_max": 5}}`` (Art. 95, 114). Ranges "X以上Y以下" include both ends.

``resources/discretion.json`` holds the discretion bands (the share of a statutory range to
suggest for each circumstance level) and the hearing thresholds; both are defaults that an
administrator replaces with the local rules (``load_discretion()``).

Amounts are ``Decimal`` yuan. Errors in the data files are ``ArticleError`` naming the file, the
entry and the rule; errors in a case's input are ``ValidationError`` naming the field.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any, TypeAlias

from inspector_app.datafile import Problem as _Problem
from inspector_app.datafile import json_object
from inspector_app.messages import Bilingual
from inspector_app.registry.validation import FieldLabel, ValidationError
from inspector_app.store.paths import resources_dir

FORMAT = 1
ARTICLES_FILE = "penalty_articles.json"
DISCRETION_FILE = "discretion.json"
GRADES = ("一般", "较大", "重大", "特别重大")  # accident grades, lowest first
GRADES_EN = {"一般": "ordinary", "较大": "large", "重大": "major", "特别重大": "especially major"}
KINDS = ("penalty", "referral", "no_admin_penalty", "rule")
STATUSES = ("in_force", "superseded")
INCOME_BASIS = "上一年年收入"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Subject:
    zh: str  # as the statute names it
    cite: str  # in a fine sentence: 对{cite}处……的罚款
    en: str
    kind: str  # "person" or "unit": which hearing threshold applies


SUBJECTS: Mapping[str, Subject] = {
    "unit": Subject("生产经营单位", "单位", "the enterprise", "unit"),
    "decision_body": Subject("决策机构", "决策机构", "the decision-making body", "unit"),
    "principal": Subject("主要负责人", "主要负责人", "the principal person in charge", "person"),
    "responsible_person": Subject(
        "直接负责的主管人员和其他直接责任人员",
        "直接负责的主管人员和其他直接责任人员",
        "the persons directly responsible",
        "person",
    ),
    "investor": Subject("个人经营的投资人", "个人经营的投资人", "the sole investor", "person"),
    "other_head": Subject("其他负责人", "其他负责人", "another person in charge", "person"),
    "safety_manager": Subject(
        "安全生产管理人员", "安全生产管理人员", "the safety manager", "person"
    ),
}
# stage -> the statute's usual condition (zh, en); an entry may give its own wording
STAGES: Mapping[str, tuple[str, str]] = {
    "first": ("", ""),
    "overdue": ("逾期未改正的", "not corrected by the deadline"),
    "refuse": ("拒不改正的", "refuses to correct"),
    "serious": ("情节严重的", "serious circumstances"),
    "accident": ("导致发生生产安全事故的", "an accident resulted"),
}
_LABELS: Mapping[str, FieldLabel] = {
    "article": FieldLabel("法律条款", "Article"),
    "subject": FieldLabel("处罚对象", "Party penalised"),
    "stage": FieldLabel("处罚阶段", "Stage"),
    "illegal_gains": FieldLabel("违法所得", "Illegal gains"),
    "prior_year_income": FieldLabel("上一年年收入", "Prior-year income"),
    "accident_grade": FieldLabel("事故等级", "Accident grade"),
    "aggravated": FieldLabel("从重情节", "Aggravation"),
    "fine_amount": FieldLabel("罚款金额", "Fine amount"),
    "circumstance": FieldLabel("情节", "Circumstances"),
}
# keys an entry must have besides the common ones, by kind
_KIND_KEYS: Mapping[str, frozenset[str]] = {
    "penalty": frozenset({"subjects", "order", "stages", "daily_fine"}),
    "rule": frozenset({"rule"}),
    "referral": frozenset(),
    "no_admin_penalty": frozenset(),
}
_ID = re.compile(r"^[A-Z][A-Z0-9]*-[1-9][0-9]*(?:-[1-9][0-9]*[A-Z]?)?$")
_CODE = re.compile(r"^[a-z][a-z_]*$")
_CN_DIGITS = "零一二三四五六七八九"
_CN_VALUE = {**{c: i for i, c in enumerate(_CN_DIGITS)}, "〇": 0, "两": 2}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_NUMBER = r"(\d+|[零〇一二两三四五六七八九十百千]+)"
_ARTICLE_QUERY = re.compile(rf"^第?{_NUMBER}条?(?:第?{_NUMBER}款)?$")


# -- the entries ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Amount:
    """A range in yuan; ``min`` is None where the statute says only "Y以下"."""

    min: Decimal | None
    max: Decimal


@dataclass(frozen=True)
class IncomeShare:
    """A share of the person's income of the year before (percent, both ends included)."""

    pct_min: Decimal
    pct_max: Decimal
    of: str = INCOME_BASIS


@dataclass(frozen=True)
class Multiple:
    min: Decimal
    max: Decimal


@dataclass(frozen=True)
class GainMultiple:
    """Art. 103: a multiple of the illegal gains from ``gains_at_least``, else ``otherwise``."""

    gains_at_least: Decimal
    multiple: Multiple
    otherwise: Amount


@dataclass(frozen=True)
class ByGrade:
    """A fine by accident grade; ``aggravated`` multiplies it (Art. 114 ¶2)."""

    grades: Mapping[str, Amount | IncomeShare]
    aggravated: Multiple | None = None


FineSpec: TypeAlias = Amount | IncomeShare | GainMultiple | ByGrade


@dataclass(frozen=True)
class Label:
    code: str
    zh: str
    en: str


@dataclass(frozen=True)
class Stage:
    name: str  # a key of STAGES
    fines: Mapping[str, FineSpec]  # subject -> fine
    actions: tuple[Label, ...]
    condition: str  # Chinese, "" for the first stage
    condition_en: str
    note: str


@dataclass(frozen=True)
class Item:
    no: int
    text: str


@dataclass(frozen=True)
class DailyFineRule:
    """Art. 112: the original fine again for each day, from the day after the order."""

    start_days_after_order: int
    amount: str  # "original_fine"


@dataclass(frozen=True)
class ClosureRule:
    """Art. 113: closure is proposed after ``penalties`` penalties within ``days``."""

    repeat_windows: tuple[tuple[int, int], ...]  # (days, penalties)
    principal_ban_years: int


@dataclass(frozen=True)
class Law:
    code: str
    title: str
    short: str
    short_en: str
    edition: str
    in_force: str
    source: str


@dataclass(frozen=True)
class ArticleEntry:
    id: str
    law: Law
    article: int
    paragraph: int | None
    kind: str  # one of KINDS
    violation: str
    items: tuple[Item, ...]
    subjects: tuple[str, ...]
    order: Label | None
    stages: Mapping[str, Stage]
    daily_fine: bool
    related: bool
    status: str
    superseded_by: str
    rule: DailyFineRule | ClosureRule | None
    source: str
    verified: bool
    note: str
    # the provision the act breaks (a decision cites it beside the penalty article, 行政处罚法
    # Art. 44, 59); "" where the catalogue does not say
    violates: str = ""

    @property
    def cite(self) -> str:
        """E.g. 《安全生产法》第一百零三条第二款."""
        para = f"第{chinese_number(self.paragraph)}款" if self.paragraph else ""
        return f"《{self.law.short}》第{chinese_number(self.article)}条{para}"

    @property
    def cite_en(self) -> str:
        para = f"({self.paragraph})" if self.paragraph else ""
        return f"{self.law.short_en} Art. {self.article}{para}"


@dataclass(frozen=True)
class FineRange:
    """The statutory range for one case, and the sentence of the statute it comes from."""

    min: Decimal | None  # None: no statutory minimum
    max: Decimal | None
    basis: str
    basis_en: str = ""

    def contains(self, amount: Decimal) -> bool:
        # "X以上Y以下" includes both ends (立法技术规范: 以上、以下 include the number itself)
        above = self.min is None or amount >= self.min
        return above and (self.max is None or amount <= self.max)


class ArticleCatalogue:
    """The entries in file order, looked up by id, by article number or by words."""

    def __init__(self, entries: tuple[ArticleEntry, ...], laws: Mapping[str, Law]) -> None:
        self.entries = entries
        self.laws = laws
        self._by_id = {e.id: e for e in entries}

    def get(self, entry_id: str) -> ArticleEntry:
        """The entry with this id; KeyError if there is none."""
        return self._by_id[entry_id]

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._by_id

    def __iter__(self) -> Iterator[ArticleEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def by_article(self, article: int, law: str | None = None) -> list[ArticleEntry]:
        """The entries of an article number (of every law unless ``law`` is given)."""
        return [e for e in self.entries if e.article == article and law in (None, e.law.code)]

    def search(self, text: str) -> list[ArticleEntry]:
        """Entries matching an id, an article ("99", "第九十九条", "安全生产法第103条第2款") or
        words that all occur in the violation or its items."""
        query = unicodedata.normalize("NFKC", text).strip()
        if query.upper() in self._by_id:
            return [self._by_id[query.upper()]]
        compact, law = "".join(query.split()).replace("《", "").replace("》", ""), None
        for code, item in self.laws.items():
            for name in (item.title, item.short):
                if compact.startswith(name) and len(compact) > len(name):
                    compact, law = compact[len(name) :], code
        match = _ARTICLE_QUERY.match(compact)
        if match:
            found = self.by_article(_parse_number(match[1]), law)
            if match[2]:
                found = [e for e in found if e.paragraph == _parse_number(match[2])]
            return found
        words = query.lower().split()
        if not words:
            return []
        return [e for e in self.entries if all(w in _haystack(e) for w in words)]

    @property
    def daily_fine_rule(self) -> DailyFineRule:
        """安全生产法 Art. 112 as loaded."""
        return next(e.rule for e in self.entries if isinstance(e.rule, DailyFineRule))

    @property
    def closure_rule(self) -> ClosureRule:
        """安全生产法 Art. 113 as loaded."""
        return next(e.rule for e in self.entries if isinstance(e.rule, ClosureRule))

    @property
    def closure_rule_law(self) -> str:
        """The law whose penalties Art. 113 counts (本法规定的行政处罚): the rule's own law."""
        return next(e.law.code for e in self.entries if isinstance(e.rule, ClosureRule))


def _haystack(entry: ArticleEntry) -> str:
    texts = [entry.id, entry.violation, entry.law.short, *(i.text for i in entry.items)]
    return " ".join(texts).lower()


# -- the case's range -----------------------------------------------------------------------


def statutory_range(
    entry: ArticleEntry,
    subject: str,
    stage: str = "first",
    gains: Decimal | None = None,
    income: Decimal | None = None,
    grade: str | None = None,
    aggravated: bool = False,
) -> FineRange:
    """The fine range the statute gives ``subject`` at ``stage`` of ``entry`` for this case.

    ``gains`` (违法所得, 0 if none) is needed for Art. 103, ``income`` (上一年年收入) for the
    income shares, ``grade`` (一般/较大/重大/特别重大) for the accident fines, and
    ``aggravated`` applies the multiple of Art. 114 ¶2 (lower end × 2 to upper end × 5).
    Amounts computed from income or gains are rounded half up to the cent.
    """
    if entry.status != "in_force":
        raise _error(
            "article",
            "superseded",
            f"{entry.cite}已不再适用，应适用条目“{entry.superseded_by}”（{entry.note}）",
            f"{entry.cite_en} no longer applies; use {entry.superseded_by}",
        )
    if stage not in entry.stages:
        named = "、".join(_stage_zh(s) for s in entry.stages) or "无"
        raise _error(
            "stage",
            "no_stage",
            f"{entry.cite}没有“{_stage_zh(stage)}”阶段的处罚（有：{named}）",
            f"{entry.cite_en} has no {stage!r} stage (has: {', '.join(entry.stages) or 'none'})",
        )
    step = entry.stages[stage]
    spec = step.fines.get(subject)
    who = SUBJECTS.get(subject)
    if spec is None or who is None:
        fined = "、".join(SUBJECTS[s].zh for s in step.fines) or "无"
        raise _error(
            "subject",
            "no_fine",
            f"{entry.cite}（{step.condition.removesuffix('的') or _stage_zh(stage)}）"
            f"未规定对“{who.zh if who else subject}”的罚款"
            f"（规定罚款的对象：{fined}）",
            f"{entry.cite_en} ({stage}) sets no fine for {subject} "
            f"(fined: {', '.join(step.fines) or 'none'})",
        )
    cond_zh = f"{step.condition}，" if step.condition else ""
    cond_en = f" where {step.condition_en}" if step.condition_en else ""
    if isinstance(spec, ByGrade):
        grade = _grade(grade)
        cond_zh += f"发生{grade}事故的，"
        cond_en += f" after an accident graded {GRADES_EN[grade]}"
        inner = spec.grades[grade]
        lo, hi, text_zh, text_en = _compute(inner, gains, income)
        if aggravated:
            m = spec.aggravated
            if m is None:
                raise _no_aggravation(entry)
            lo, hi = (None if lo is None else lo * m.min), hi * m.max
            text_zh = f"{_range_zh(lo, hi)}（情节特别严重、影响特别恶劣，按{text_zh}的{_times(m)}）"
            text_en = f"{_range_en(lo, hi)} (aggravated: {m.min}-{m.max} times {text_en})"
    elif aggravated:
        raise _no_aggravation(entry)
    else:
        lo, hi, text_zh, text_en = _compute(spec, gains, income)
    return FineRange(
        lo,
        hi,
        f"{entry.cite}，{cond_zh}对{who.cite}处{text_zh}的罚款",
        f"{entry.cite_en}{cond_en}: {who.en}, fine of {text_en}",
    )


def _compute(
    spec: FineSpec, gains: Decimal | None, income: Decimal | None
) -> tuple[Decimal | None, Decimal, str, str]:
    """(min, max, Chinese wording, English wording) of a fine without grades."""
    if isinstance(spec, Amount):
        return spec.min, spec.max, _range_zh(spec.min, spec.max), _range_en(spec.min, spec.max)
    if isinstance(spec, IncomeShare):
        base = _input(income, "prior_year_income", "上一年年收入", "prior-year income")
        lo, hi = _cents(base * spec.pct_min / 100), _cents(base * spec.pct_max / 100)
        pct = f"百分之{chinese_number(int(spec.pct_min))}"
        if spec.pct_max != spec.pct_min:
            pct += f"以上百分之{chinese_number(int(spec.pct_max))}以下"
        pct_en = f"{spec.pct_min}%" + ("" if lo == hi else f"-{spec.pct_max}%")
        return (
            lo,
            hi,
            f"{spec.of}{pct}（{spec.of}{_yuan_arabic(base)}，即{_range_zh(lo, hi)}）",
            f"{pct_en} of prior-year income ({_yuan_en(base)}), i.e. {_range_en(lo, hi)}",
        )
    if isinstance(spec, GainMultiple):
        base = _input(gains, "illegal_gains", "违法所得（没有的填0）", "illegal gains (0 if none)")
        if base >= spec.gains_at_least:
            lo, hi = base * spec.multiple.min, base * spec.multiple.max
            return (
                lo,
                hi,
                f"违法所得{_times(spec.multiple)}（违法所得{_yuan_arabic(base)}，"
                f"即{_range_zh(lo, hi)}）",
                f"{spec.multiple.min}-{spec.multiple.max} times the illegal gains of "
                f"{_yuan_en(base)}, i.e. {_range_en(lo, hi)}",
            )
        other = spec.otherwise
        return (
            other.min,
            other.max,
            f"{_range_zh(other.min, other.max)}（没有违法所得或者违法所得不足"
            f"{_yuan_zh(spec.gains_at_least)}）",
            f"{_range_en(other.min, other.max)} (gains below {_yuan_en(spec.gains_at_least)})",
        )
    raise TypeError("grades cannot be nested")


def check_fine(amount: Decimal, rng: FineRange) -> None:
    """Raise ValidationError (field ``fine_amount``) unless ``amount`` is a positive amount in
    cents inside ``rng``; the message cites the statute's sentence."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise TypeError("a fine amount is a finite Decimal")
    if amount <= 0:
        raise _error("fine_amount", "positive", "应大于零", "must be more than zero")
    if amount != amount.quantize(CENT):
        raise _error("fine_amount", "cents", "最多精确到分", "must be in whole cents")
    if not rng.contains(amount):
        raise ValidationError(
            "fine_amount",
            "out_of_range",
            f"罚款金额超出法定幅度：依据{rng.basis}（拟处{_yuan_arabic(amount)}）",
            f"Fine amount outside the statutory range: {rng.basis_en} "
            f"(proposed {_yuan_en(amount)})",
        )


# -- discretion and hearing -----------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    code: str
    zh: str
    en: str
    lower_pct: Decimal
    upper_pct: Decimal


@dataclass(frozen=True)
class DiscretionBands:
    """Which share of a statutory range to suggest for each circumstance level (情节)."""

    bands: tuple[Band, ...]
    floor_without_minimum: Decimal = Decimal(0)
    source: str = ""
    verified: bool = False
    note: str = ""

    def get(self, circumstance: str) -> Band:
        """The band by code ("ordinary") or Chinese name ("一般")."""
        for band in self.bands:
            if circumstance in (band.code, band.zh):
                return band
        names = "、".join(b.zh for b in self.bands)
        raise _error(
            "circumstance",
            "choice",
            f"“{circumstance}”不是有效值，应为：{names}",
            f"{circumstance!r} is not one of: {', '.join(b.code for b in self.bands)}",
        )


@dataclass(frozen=True)
class HearingThresholds:
    """较大数额罚款 (行政处罚法 Art. 63): a fine of at least this much gives a right to a
    hearing. A setting: defaults of the old 总局令第15号 Art. 33, a province may set others."""

    person: Decimal = Decimal(20000)
    unit: Decimal = Decimal(50000)
    source: str = ""
    verified: bool = False
    note: str = ""


@dataclass(frozen=True)
class Discretion:
    bands: DiscretionBands
    hearing: HearingThresholds
    confiscation: HearingThresholds = HearingThresholds()


def suggest(rng: FineRange, circumstance: str, bands: DiscretionBands) -> tuple[Decimal, Decimal]:
    """The part of ``rng`` to suggest for ``circumstance``: from the floor (the statutory
    minimum, else the bands' floor) plus ``lower_pct`` of the range to plus ``upper_pct``."""
    band = bands.get(circumstance)
    if rng.max is None:
        raise ValueError("a range without a maximum has no shares")
    floor = rng.min if rng.min is not None else min(bands.floor_without_minimum, rng.max)
    span = rng.max - floor
    low = _cents(floor + span * band.lower_pct / 100)
    high = _cents(floor + span * band.upper_pct / 100)
    return max(low, floor), min(high, rng.max)


def kind_of(subject: str) -> str:
    """ "person" or "unit" for a subject code (or for "person"/"unit" themselves)."""
    if subject in SUBJECTS:
        return SUBJECTS[subject].kind
    if subject in ("person", "unit"):
        return subject
    raise ValueError(f"unknown subject {subject!r}")


def needs_hearing(amount: Decimal, subject_kind: str, thresholds: HearingThresholds) -> bool:
    """Whether a fine this large gives the party a right to a hearing.

    The threshold is inclusive: 较大数额 is "2万元以上" / "5万元以上", and 以上 includes the
    number itself, so a fine of exactly 20,000 yuan on a person needs the hearing notice.
    """
    kind = kind_of(subject_kind)  # a subject code is accepted too
    return amount >= (thresholds.person if kind == "person" else thresholds.unit)


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


def _error(field: str, rule: str, zh: str, en: str) -> ValidationError:
    lab = _LABELS[field]
    return ValidationError(field, rule, f"{lab.zh}：{zh}", f"{lab.en}: {en}")


def _input(value: Decimal | None, field: str, zh: str, en: str) -> Decimal:
    if value is None:
        raise _error(field, "required", f"计算罚款幅度须填写{zh}", f"{en} is needed for the range")
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise _error(field, "amount", "应为不小于零的金额", "must be an amount of at least 0")
    if field == "prior_year_income" and value == 0:
        raise _error(field, "positive", "应大于零", "must be more than 0")
    return value


def _grade(grade: str | None) -> str:
    if not grade:
        raise _error(
            "accident_grade",
            "required",
            f"计算罚款幅度须填写事故等级（{'、'.join(GRADES)}）",
            "the accident grade is needed for the range",
        )
    if grade not in GRADES:
        raise _error(
            "accident_grade",
            "choice",
            f"“{grade}”不是有效值，应为：{'、'.join(GRADES)}",
            f"{grade!r} is not one of: {', '.join(GRADES)}",
        )
    return grade


def _stage_zh(stage: str) -> str:
    return (STAGES[stage][0] or "首次违法").removesuffix("的") if stage in STAGES else stage


def _no_aggravation(entry: ArticleEntry) -> ValidationError:
    return _error(
        "aggravated",
        "no_aggravation",
        f"{entry.cite}没有规定从重倍数",
        f"{entry.cite_en} sets no aggravation multiple",
    )


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def chinese_number(n: int) -> str:
    """A whole number as the statutes write it: 103 → 一百零三, 100000 → 十万."""
    if n == 0:
        return "零"
    out, gap = "", False
    for value, unit in ((10**8, "亿"), (10**4, "万"), (1, "")):
        section = n // value if unit == "亿" else n // value % 10000
        if not section:
            gap = gap or bool(out)
            continue
        if out and (gap or section < 1000):
            out += "零"
        out += _section(section) + unit
        gap = section % 10 == 0
    return out[1:] if out.startswith("一十") else out


def _section(n: int) -> str:
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if not digit:
            zero = bool(out)
            continue
        out += ("零" if zero else "") + _CN_DIGITS[digit] + unit
        zero = False
    return out


def _parse_number(text: str) -> int:
    """Arabic or Chinese digits (九十九, 一百零三) to an int."""
    if text.isdigit():
        return int(text)
    total = digit = 0
    for char in text:
        if char in _CN_UNIT:
            total += (digit or 1) * _CN_UNIT[char]
            digit = 0
        else:
            digit = _CN_VALUE[char]
    return total + digit


def _yuan_zh(amount: Decimal) -> str:
    """五万元 for round amounts, as the statutes write them; 49,382.40元 otherwise."""
    if amount == amount.to_integral_value() and amount % 100 == 0:
        return f"{chinese_number(int(amount))}元"
    return _yuan_arabic(amount)


def _yuan_arabic(amount: Decimal) -> str:
    return f"{amount:,.2f}元"


def _yuan_en(amount: Decimal) -> str:
    if amount == amount.to_integral_value():
        return f"{int(amount):,} yuan"
    return f"{amount:,.2f} yuan"


def _range_zh(low: Decimal | None, high: Decimal) -> str:
    if low is None:
        return f"{_yuan_zh(high)}以下"
    if low == high:
        return _yuan_zh(high)
    return f"{_yuan_zh(low)}以上{_yuan_zh(high)}以下"


def _range_en(low: Decimal | None, high: Decimal) -> str:
    if low is None:
        return f"up to {_yuan_en(high)}"
    if low == high:
        return _yuan_en(high)
    return f"{_yuan_en(low)} to {_yuan_en(high)}"


def _times(m: Multiple) -> str:
    return f"{chinese_number(int(m.min))}倍以上{chinese_number(int(m.max))}倍以下"
