"""The penalty articles' model: entries, statutory fine ranges, discretion bands and the
hearing thresholds, and the rules computed from them. The data files are read by
``cases.article_loader``; ``cases.articles`` offers both under one name.

A little over 600 lines: the ranges and their wording in Chinese and English (the amounts as
the statute writes them) are one rule and stay together."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeAlias

from inspector_app.registry.validation import FieldLabel, ValidationError

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


def _times(m: Multiple) -> str:
    return f"{chinese_number(int(m.min))}倍以上{chinese_number(int(m.max))}倍以下"


def _range_en(low: Decimal | None, high: Decimal) -> str:
    if low is None:
        return f"up to {_yuan_en(high)}"
    if low == high:
        return _yuan_en(high)
    return f"{_yuan_en(low)} to {_yuan_en(high)}"


def _range_zh(low: Decimal | None, high: Decimal) -> str:
    if low is None:
        return f"{_yuan_zh(high)}以下"
    if low == high:
        return _yuan_zh(high)
    return f"{_yuan_zh(low)}以上{_yuan_zh(high)}以下"


def _yuan_en(amount: Decimal) -> str:
    if amount == amount.to_integral_value():
        return f"{int(amount):,} yuan"
    return f"{amount:,.2f} yuan"


def _yuan_arabic(amount: Decimal) -> str:
    return f"{amount:,.2f}元"


def _yuan_zh(amount: Decimal) -> str:
    """五万元 for round amounts, as the statutes write them; 49,382.40元 otherwise."""
    if amount == amount.to_integral_value() and amount % 100 == 0:
        return f"{chinese_number(int(amount))}元"
    return _yuan_arabic(amount)


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


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _no_aggravation(entry: ArticleEntry) -> ValidationError:
    return _error(
        "aggravated",
        "no_aggravation",
        f"{entry.cite}没有规定从重倍数",
        f"{entry.cite_en} sets no aggravation multiple",
    )


def _stage_zh(stage: str) -> str:
    return (STAGES[stage][0] or "首次违法").removesuffix("的") if stage in STAGES else stage


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


def _input(value: Decimal | None, field: str, zh: str, en: str) -> Decimal:
    if value is None:
        raise _error(field, "required", f"计算罚款幅度须填写{zh}", f"{en} is needed for the range")
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise _error(field, "amount", "应为不小于零的金额", "must be an amount of at least 0")
    if field == "prior_year_income" and value == 0:
        raise _error(field, "positive", "应大于零", "must be more than 0")
    return value


def _error(field: str, rule: str, zh: str, en: str) -> ValidationError:
    lab = _LABELS[field]
    return ValidationError(field, rule, f"{lab.zh}：{zh}", f"{lab.en}: {en}")


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
