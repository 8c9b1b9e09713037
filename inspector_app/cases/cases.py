"""Penalty cases (行政处罚案件): the case file, its steps, and the procedure's guards.

A case is a record (the party, the cause, the facts, when the act happened) plus an append-only
list of dated steps (``case_step``), each with its officers or approver and its own fields.
The case's stage, deadlines and amounts are derived from the steps (``derive``), so that steps
recorded on two machines — an approval given at the office, a payment recorded in the field —
merge by union like the hazards' events.

Guards (``add_step`` refuses a step with a message citing the rule; periods of 2, 3, 5 and 7
days are working days, 行政处罚法 Art. 85, counted with ``inspector_app.workdays``):

* filing: two officers with valid certificates (Art. 42); refused once the limitation has run
  (Art. 36: two years, five where life or health was harmed) — the approaching limit is a
  warning before that;
* approvals (filing, transfer, deferral, closure) are given by an approver;
* investigation steps need an approved filing; a person questioned is identified by a valid
  resident ID number (GB 11643);
* the notice (Art. 44) proposes a penalty inside the article's statutory range and says whether
  the party may ask for a hearing (Art. 63: the "larger amount" thresholds are a setting);
* a hearing request is accepted within 5 working days of the notice (Art. 64) and blocks the
  decision until the hearing is held; the hearing is notified 7 working days ahead;
* no decision before the notice was delivered and the statement period passed or the rights
  were waived (Art. 62); the decision is inside the statutory range, not heavier than the
  notice after a statement (Art. 45), and not a second fine for the same act (Art. 29);
* payment within 15 days of delivery; after that a surcharge of 3 % a day, never more than the
  fine (Art. 72); deferral or instalments by approval (Art. 66);
* transfers: approved within 3 days of the proposal, handed over within 24 hours of approval
  (行政执法机关移送涉嫌犯罪案件的规定); the receiving organ's acceptance and outcome recorded;
* closure after the decision is carried out (or the case was transferred and accepted).

Money is ``Decimal`` yuan held as strings in the step data.

A little over 600 lines: the case's state is derived from all its steps in one pass, and the
derivation is read best whole (the guards that refuse steps are in ``cases.guards``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from inspector_app.cases import articles
from inspector_app.datafile import Problem, json_object
from inspector_app.messages import Bilingual
from inspector_app.registry import officers
from inspector_app.registry.validation import error
from inspector_app.store.paths import resources_dir

SOURCES = {
    "inspection": "现场检查发现",
    "complaint": "投诉举报",
    "accident": "生产安全事故",
    "transfer": "移送",
    "other": "其他",
}
PARTY_KINDS = {"unit": "单位", "person": "个人"}
STEP_KINDS: dict[str, tuple[str, str]] = {
    "filing_requested": ("立案呈批", "Filing requested"),
    "filing_approved": ("批准立案", "Filing approved"),
    "filing_refused": ("不予立案", "Filing refused"),
    "inquiry": ("询问笔录", "Record of inquiry"),
    "evidence": ("证据", "Evidence"),
    "preservation": ("先行登记保存证据", "Evidence preserved"),
    "preservation_decided": ("保存证据处理决定", "Preserved evidence decided"),
    "notice_delivered": ("送达行政处罚告知书", "Penalty notice delivered"),
    "statement": ("陈述申辩", "Statement and defence"),
    "rights_waived": ("放弃陈述申辩和听证", "Rights waived"),
    "hearing_requested": ("申请听证", "Hearing requested"),
    "hearing_notified": ("送达听证通知", "Hearing notified"),
    "hearing_held": ("举行听证", "Hearing held"),
    "decision": ("作出行政处罚决定", "Decision"),
    "decision_delivered": ("送达行政处罚决定书", "Decision delivered"),
    "deferral_approved": ("批准延期（分期）缴纳", "Deferral approved"),
    "payment": ("缴纳罚款", "Payment"),
    "transfer_proposed": ("提出移送", "Transfer proposed"),
    "transfer_approved": ("批准移送", "Transfer approved"),
    "transferred": ("移送", "Transferred"),
    "transfer_accepted": ("接收机关受理", "Transfer accepted"),
    "transfer_outcome": ("接收机关处理结果", "Outcome of the transfer"),
    "transfer_assistance": ("协助接收机关办案", "Assistance to the receiving organ"),
    "no_penalty": ("不予行政处罚决定", "No-penalty decision"),
    "legal_review": ("法制审核", "Legal review"),
    "collective_discussion": ("集体讨论", "Collective discussion"),
    "referral": ("报请有权机关决定", "Referred to the deciding authority"),
    "referral_outcome": ("有权机关决定结果", "Outcome of the referral"),
    "resumption_accepted": ("复产验收", "Resumption accepted"),
    "review_applied": ("申请行政复议", "Administrative review applied for"),
    "review_decided": ("行政复议决定", "Administrative review decided"),
    "suit_filed": ("提起行政诉讼", "Administrative suit filed"),
    "suit_decided": ("行政诉讼裁判", "Administrative suit decided"),
    "demand_notice": ("送达催告书", "Demand notice delivered"),
    "enforcement_applied": ("申请人民法院强制执行", "Court enforcement applied for"),
    "onsite_decision": ("当场作出行政处罚决定", "On-the-spot decision"),
    "onsite_filed": ("当场处罚报备案", "On-the-spot decision filed with the bureau"),
    "onsite_collected": ("当场收缴罚款", "Fine collected on the spot"),
    # 行政强制措施 (``cases.coercion``)
    "seizure": ("实施查封（扣押）", "Sealing or seizure"),
    "seizure_ratified": ("查封（扣押）补办批准", "Seizure approved after the fact"),
    "seizure_extended": ("延长查封（扣押）期限", "Seizure extended"),
    "seizure_released": ("解除查封（扣押）", "Seizure released"),
    "power_cut": ("通知停止供电", "Power cut"),
    "power_restored": ("解除停止供电", "Power cut lifted"),
    "closure_approved": ("批准结案", "Closure approved"),
}
APPROVALS = frozenset(
    {
        "filing_approved",
        "filing_refused",
        "transfer_approved",
        "deferral_approved",
        "closure_approved",
        "no_penalty",
    }
)
APPROVER_ROLES = frozenset({"approver", "admin"})
TRANSFER_TO = {"police": "公安机关（行政拘留）", "judiciary": "司法机关（涉嫌犯罪）"}


class CaseError(Bilingual):
    """A step the procedure does not allow: ``code`` is stable, the text cites the rule."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(zh, en, code)


@dataclass(frozen=True)
class CaseRules:
    """Procedure constants a city may set: ``resources/case_procedure.json`` (each with its
    source) and the hearing thresholds of ``discretion.json``; these defaults are the law's."""

    statement_days: int = 3  # working days for statement and defence after the notice [practice]
    hearing_request_days: int = 5  # Art. 64 (一)
    hearing_notice_days: int = 7  # Art. 64 (二)
    decision_limit_days: int = 90  # Art. 60, from filing
    delivery_days: int = 7  # Art. 61, working days
    payment_days: int = 15  # Art. 67, calendar days from delivery
    surcharge_rate: Decimal = Decimal("0.03")  # Art. 72 (一): 3 % a day, capped at the fine
    limitation_years: int = 2  # Art. 36
    limitation_harm_years: int = 5
    preservation_days: int = 7  # Art. 56, working days
    transfer_approval_days: int = 3  # calendar days [transfer rules]
    transfer_hours: int = 24
    # 较大数额罚款 (Art. 63): a setting, ``resources/discretion.json`` by default
    hearing: articles.HearingThresholds = field(default_factory=articles.HearingThresholds)
    # 没收较大数额 (Art. 63): the same kind of setting
    confiscation: articles.HearingThresholds = field(default_factory=articles.HearingThresholds)
    warn_days: int = 10  # how soon before a limit a warning is shown
    # 治安管理处罚法 Art. 10, 16: detention up to 15 days, 20 when combined
    detention_days: tuple[int, int] = (1, 20)


PROCEDURE_FILE = "case_procedure.json"
# the sections of the same file read by ``sanctions``
SANCTION_SECTIONS = (
    "penalty_kinds",
    "referral_to",
    "mitigation_grounds",
    "no_penalty_grounds",
    "review",
    "onsite",
)


class ProcedureDataError(Bilingual):
    """``case_procedure.json`` breaks a rule: the message names the file and the entry."""


_PERIOD_UNITS = {"days", "working_days", "years", "hours"}


def load_procedure(path: Path | None = None) -> CaseRules:
    """``resources/case_procedure.json`` read and checked (with the hearing thresholds of
    ``discretion.json``); ``articles.ArticleError`` names the file and the broken entry."""
    path = path if path is not None else resources_dir() / PROCEDURE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        body = json_object(
            data,
            {"format", "title", "periods", "surcharge", "detention"},
            {"note", "coercion", *SANCTION_SECTIONS},
        )
        if body["format"] != 1:
            raise Problem("format", "不支持的文件格式版本", "unsupported format")
        names = {f.name for f in dataclasses.fields(CaseRules)} - {"hearing", "surcharge_rate"}
        names -= {"confiscation"}
        names -= {"detention_days"}
        periods = json_object(body["periods"], names)
        values: dict[str, Any] = {}
        for name, raw in periods.items():
            entry = json_object(raw, {"value", "unit", "source", "verified"})
            if type(entry["value"]) is not int or entry["value"] <= 0:
                raise Problem("value", f"{name} 应为正整数", f"{name} must be a positive integer")
            if entry["unit"] not in _PERIOD_UNITS or not str(entry["source"]).strip():
                raise Problem("entry", f"{name} 的单位或依据有误", f"{name}: bad unit or source")
            values[name] = entry["value"]
        surcharge = json_object(body["surcharge"], {"rate_per_day", "source", "verified"})
        rate = Decimal(str(surcharge["rate_per_day"]))
        if not Decimal("0") < rate < Decimal("1"):
            raise Problem("value", "加处罚款比例应在0与1之间", "the surcharge rate is out of range")
        detention = json_object(body["detention"], {"min_days", "max_days", "source", "verified"})
        low, high = detention["min_days"], detention["max_days"]
        if type(low) is not int or type(high) is not int or not 0 < low <= high:
            raise Problem("value", "拘留天数范围有误", "bad detention range")
    except (OSError, ValueError, Problem) as exc:
        rule, zh, en = (
            (exc.rule, exc.zh, exc.en) if isinstance(exc, Problem) else ("read", str(exc), str(exc))
        )
        raise ProcedureDataError(
            f"数据文件“{path.name}”有误：{zh}", f"data file {path.name}: {en}", rule
        ) from None
    discretion = articles.load_discretion()
    return CaseRules(
        **values,
        surcharge_rate=rate,
        detention_days=(low, high),
        hearing=discretion.hearing,
        confiscation=discretion.confiscation,
    )


@dataclass(frozen=True)
class Step:
    id: str
    case_id: str
    kind: str
    occurred_on: dt.date
    officer_ids: tuple[str, ...]
    approved_by: str
    data: Mapping[str, Any]
    created_by: str
    created_at: str

    @property
    def order_key(self) -> tuple[dt.date, str, str]:
        return (self.occurred_on, self.created_at, self.id)


@dataclass
class CaseState:
    """What the steps say about the case."""

    stage: str = "new"  # new, requested, investigating, notified, decided, executing, closed,
    # refused, transferred
    filed_on: dt.date | None = None
    notice_on: dt.date | None = None
    proposed: Decimal | None = None
    hearing_right: bool = False
    statement_on: dt.date | None = None
    waived: bool = False
    hearing_requested_on: dt.date | None = None
    hearing_on: dt.date | None = None
    hearing_held: bool = False
    decided_on: dt.date | None = None
    fine: Decimal | None = None
    article_id: str = ""
    delivered_on: dt.date | None = None
    due_on: dt.date | None = None
    paid: Decimal = Decimal("0")
    instalments: list[tuple[dt.date, Decimal]] = field(default_factory=list)
    preservations: list[dt.date] = field(default_factory=list)
    preservations_decided: int = 0
    transfer_proposed_on: dt.date | None = None
    transfer_to: str = ""
    transfer_approved_on: dt.date | None = None
    transferred_on: dt.date | None = None
    transfer_accepted: bool = False
    closed_on: dt.date | None = None
    penalties: list[dict[str, str]] = field(default_factory=list)  # besides the fine
    legal_reviewed: bool = False
    discussed: bool = False
    referred: set[str] = field(default_factory=set)  # penalty kinds referred
    referral_decided: set[str] = field(default_factory=set)
    resumed: bool = False
    review_on: dt.date | None = None
    suit_on: dt.date | None = None
    # periods of review or suit, during which no surcharge runs (行政处罚法 Art. 73 ¶3)
    pauses: list[tuple[dt.date, dt.date | None]] = field(default_factory=list)
    revoked: bool = False  # the decision was revoked by the review or the court
    demand_on: dt.date | None = None
    enforcement_on: dt.date | None = None
    onsite: bool = False  # decided on the spot (行政处罚法 Art. 51)
    onsite_filed: bool = False
    steps: list[Step] = field(default_factory=list)

    def has(self, kind: str) -> bool:
        return any(s.kind == kind for s in self.steps)


def derive(steps: Iterable[Step]) -> CaseState:
    out = CaseState()
    for step in sorted(steps, key=lambda s: s.order_key):
        out.steps.append(step)
        d, data = step.occurred_on, step.data
        if step.kind == "filing_requested":
            out.stage = "requested"
        elif step.kind == "filing_approved":
            out.filed_on, out.stage = d, "investigating"
        elif step.kind == "filing_refused":
            out.stage = "refused"
        elif step.kind == "preservation":
            out.preservations.append(d)
        elif step.kind == "preservation_decided":
            out.preservations_decided += 1
        elif step.kind == "notice_delivered":
            out.notice_on, out.stage = d, "notified"
            out.proposed = Decimal(str(data.get("amount", "0")))
            out.hearing_right = bool(data.get("hearing_right"))
            out.article_id = str(data.get("article_id", ""))
        elif step.kind == "statement":
            out.statement_on = d
        elif step.kind == "rights_waived":
            out.waived = True
        elif step.kind == "hearing_requested":
            out.hearing_requested_on = d
        elif step.kind == "hearing_notified":
            out.hearing_on = dt.date.fromisoformat(str(data["hearing_on"]))
        elif step.kind == "hearing_held":
            out.hearing_held = True
        elif step.kind == "decision":
            out.decided_on, out.stage = d, "decided"
            out.fine = Decimal(str(data.get("amount", "0")))
            out.article_id = str(data.get("article_id", out.article_id))
            out.penalties = list(data.get("penalties") or [])
        elif step.kind == "decision_delivered":
            out.delivered_on, out.stage = d, "executing"
            due = data.get("due_on")
            out.due_on = (
                dt.date.fromisoformat(str(due))
                if due
                else d + dt.timedelta(days=int(data.get("payment_days", 15)))
            )
        elif step.kind == "deferral_approved":
            out.due_on = dt.date.fromisoformat(str(data["due_on"]))
            plan = data.get("instalments")
            out.instalments = [
                (dt.date.fromisoformat(p["due_on"]), Decimal(p["amount"]))
                for p in (plan if isinstance(plan, list) else [])
            ]
        elif step.kind == "payment":
            out.paid += Decimal(str(data.get("amount", "0")))
        elif step.kind == "transfer_proposed":
            out.transfer_proposed_on = d
            out.transfer_to = str(data.get("to", ""))
        elif step.kind == "transfer_approved":
            out.transfer_approved_on = d
        elif step.kind == "transferred":
            out.transferred_on = d
            if out.stage in ("investigating", "notified"):
                out.stage = "transferred"
        elif step.kind == "transfer_accepted":
            out.transfer_accepted = True
        elif step.kind == "closure_approved":
            out.closed_on, out.stage = d, "closed"
        else:
            _derive_outcome(out, step)
    return out


def _derive_outcome(out: CaseState, step: Step) -> None:
    """What the steps after (or instead of) a decision say."""
    d, data = step.occurred_on, step.data
    if step.kind == "no_penalty":
        out.closed_on, out.stage = d, "closed"
    elif step.kind == "legal_review":
        out.legal_reviewed = True
    elif step.kind == "collective_discussion":
        out.discussed = True
    elif step.kind == "referral":
        out.referred.add(str(data.get("penalty", "")))
    elif step.kind == "referral_outcome":
        out.referral_decided.add(str(data.get("penalty", "")))
    elif step.kind == "resumption_accepted":
        out.resumed = True
    elif step.kind in ("review_applied", "suit_filed"):
        if step.kind == "review_applied":
            out.review_on = d
        else:
            out.suit_on = d
        out.pauses.append((d, None))
    elif step.kind in ("review_decided", "suit_decided"):
        if out.pauses and out.pauses[-1][1] is None:
            out.pauses[-1] = (out.pauses[-1][0], d)
        if data.get("outcome") in ("revoked", "confirmed_illegal"):
            out.revoked = True
    elif step.kind == "demand_notice":
        out.demand_on = d
    elif step.kind == "enforcement_applied":
        out.enforcement_on = d
    elif step.kind == "onsite_decision":
        # decided and handed over on the spot (Art. 52): paid within 15 days (Art. 67)
        out.onsite, out.filed_on, out.decided_on, out.delivered_on = True, d, d, d
        out.stage, out.fine = "executing", Decimal(str(data.get("amount", "0")))
        out.article_id = str(data.get("article_id", ""))
        out.due_on = dt.date.fromisoformat(str(data["due_on"]))
    elif step.kind == "onsite_filed":
        out.onsite_filed = True
    elif step.kind == "onsite_collected":
        out.paid += Decimal(str(data.get("amount", "0")))


# -- money rules -------------------------------------------------------------------------------


def yuan(value: object, field_name: str = "amount") -> Decimal:
    """A non-negative amount in yuan, to the fen (never a float)."""
    if isinstance(value, float):
        raise error(field_name, "float", "金额不能用浮点数表示", "amounts are never floats")
    try:
        amount = Decimal(str(value).replace(",", "").replace("¥", "").strip())
    except InvalidOperation:
        raise error(
            field_name, "number", f"“{value}”不是有效金额", f"{value!r} is not an amount"
        ) from None
    if not amount.is_finite() or amount < 0:
        raise error(field_name, "range", "金额不能为负数", "must not be negative")
    return amount.quantize(Decimal("0.01"), ROUND_HALF_UP)


def surcharge(
    fine: Decimal,
    due_on: dt.date,
    paid_on: dt.date,
    rules: CaseRules,
    pauses: Sequence[tuple[dt.date, dt.date | None]] = (),
) -> Decimal:
    """加处罚款 (行政处罚法 Art. 72 (一)): 3 % of the fine for each day after ``due_on``, never
    more than the fine itself; no day counts while a review or a suit runs (Art. 73 ¶3)."""
    late = (paid_on - due_on).days
    for start, end in pauses:
        first = max(start, due_on + dt.timedelta(days=1))
        last = min(end or paid_on, paid_on)
        if last >= first:
            late -= (last - first).days + 1
    if late <= 0:
        return Decimal("0.00")
    amount = (fine * rules.surcharge_rate * late).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return min(amount, fine)


def daily_fine(original: Decimal, order_on: dt.date, until: dt.date) -> tuple[int, Decimal]:
    """按日连续处罚 (安全生产法 Art. 112): the original fine for each day from the day after the
    correction order's date up to ``until`` (the day the refusal was established)."""
    days = max((until - order_on).days, 0)
    return days, (original * days).quantize(Decimal("0.01"), ROUND_HALF_UP)


@cache
def default_rules() -> CaseRules:
    """The city's procedure constants and hearing thresholds (the data files, read once)."""
    return load_procedure()


def fine_checker(
    catalogue: articles.ArticleCatalogue, bands: articles.DiscretionBands | None = None
) -> Any:
    """The ``check_fine`` of ``add_step``: the amount must be inside the statutory range of
    the case's article for its subject and stage (``inspector_app.articles``) — below its
    minimum only when mitigated (减轻) — and a fine above the discretion band of the stated
    circumstance needs a written reason."""
    bands = bands if bands is not None else articles.load_discretion().bands

    def check(amount: Decimal, case: Mapping[str, Any], data: Mapping[str, Any]) -> None:
        article_id = str(data.get("article_id") or case["article_id"])
        if not article_id:
            return  # no article chosen yet: the notice names one before a decision
        try:
            entry = catalogue.get(article_id)
        except KeyError:
            raise error(
                "article", "unknown", f"“{article_id}”不在处罚条款目录中", "unknown article"
            ) from None
        if amount == 0 and data.get("penalties"):
            return  # a penalty other than a fine (closure, suspension…) without a fine
        subject = str(data.get("subject") or case["subject"] or case["party_kind"])
        rng = articles.statutory_range(
            entry,
            subject,
            str(data.get("stage") or "first"),
            gains=_decimal_or_none(data.get("gains")),
            income=_decimal_or_none(data.get("income")),
            grade=data.get("grade"),
            aggravated=bool(data.get("aggravated")),
        )
        mitigation = str(data.get("mitigation") or "")
        if mitigation == "mitigated":
            # 减轻 (行政处罚法 Art. 30–32): below the statutory minimum, never above the maximum
            rng = dataclasses.replace(rng, min=None)
        articles.check_fine(amount, rng)
        circumstance = str(data.get("circumstance") or "")
        if circumstance and rng.max is not None and mitigation != "mitigated":
            low, high = articles.suggest(rng, circumstance, bands)
            if amount > high and not str(data.get("band_reason") or "").strip():
                raise error(
                    "band_reason",
                    "required",
                    f"罚款{amount}元高于裁量基准区间{low}至{high}元，应当写明理由",
                    f"the fine {amount} is above the discretion band {low}–{high}: give the reason",
                )

    return check


def _decimal_or_none(value: object) -> Decimal | None:
    return None if value in (None, "") else yuan(value)


# -- reading -----------------------------------------------------------------------------------

CASE_COLUMNS = (
    "id",
    "county_code",
    "town_code",
    "supervising_unit",
    "authority_code",
    "enterprise_id",
    "party_kind",
    "party_name",
    "party_id_number",
    "party_address",
    "party_legal_rep",
    "source",
    "source_id",
    "cause",
    "facts",
    "violation_on",
    "continuing",
    "article_id",
    "subject",
    "created_by",
    "created_at",
    "updated_at",
)
STEP_COLUMNS = (
    "id",
    "case_id",
    "kind",
    "occurred_on",
    "officer_ids",
    "approved_by",
    "data",
    "created_by",
    "created_at",
)


def get(conn: sqlite3.Connection, case_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        f"SELECT {', '.join(CASE_COLUMNS)} FROM penalty_case WHERE id = ?", (case_id,)
    ).fetchone()
    return dict(zip(CASE_COLUMNS, row, strict=True)) if row else None


def require(conn: sqlite3.Connection, case_id: str) -> dict[str, Any]:
    found = get(conn, case_id)
    if found is None:
        raise CaseError("not_found", "找不到该案件。", f"No case {case_id}.")
    return found


def step_from_row(row: Sequence[Any]) -> Step:
    return Step(
        row[0],
        row[1],
        row[2],
        dt.date.fromisoformat(row[3]),
        tuple(o for o in str(row[4]).split(",") if o),
        row[5],
        json.loads(row[6]),
        row[7],
        row[8],
    )


def steps(conn: sqlite3.Connection, case_id: str) -> list[Step]:
    rows = conn.execute(
        f"SELECT {', '.join(STEP_COLUMNS)} FROM case_step WHERE case_id = ? "
        "ORDER BY occurred_on, created_at, id",
        (case_id,),
    )
    return [step_from_row(r) for r in rows]


def state(conn: sqlite3.Connection, case_id: str) -> CaseState:
    return derive(steps(conn, case_id))


def step_from_record(record: Mapping[str, Any]) -> Step:
    """A step from its record (``Facts``; ``created_at`` is local only: ids keep the order)."""
    return Step(
        str(record["id"]),
        str(record["case_id"]),
        str(record["kind"]),
        dt.date.fromisoformat(str(record["occurred_on"])),
        tuple(o for o in str(record["officer_ids"]).split(",") if o),
        str(record["approved_by"]),
        json.loads(str(record["data"])),
        str(record["created_by"]),
        str(record.get("created_at") or ""),
    )


@dataclass
class StepInput:
    kind: str
    occurred_on: dt.date
    officer_ids: Sequence[str] = ()
    approved_by: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)


def case_number(cur: CaseState) -> tuple[str, int] | None:
    """(number, running number) given at filing (or the on-the-spot decision's), or None."""
    for step in cur.steps:
        if step.kind in ("filing_approved", "onsite_decision") and "case_number" in step.data:
            return str(step.data["case_number"]), int(step.data["seq"])
    return None


def limitation_end(case: Mapping[str, Any], rules: CaseRules, harm: bool = False) -> dt.date:
    start = dt.date.fromisoformat(str(case["violation_on"]))
    years = rules.limitation_harm_years if harm else rules.limitation_years
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


def approvers(
    conn: sqlite3.Connection, unit_code: str | None = None, *, first: str = ""
) -> list[officers.Officer]:
    """The active officers who may approve a step (``APPROVER_ROLES``): of ``unit_code``, or of
    every unit with those of ``first`` (the case's bureau) at the top; by unit, then name."""
    found = [
        o for o in officers.list_officers(conn, unit_code) if o.role in APPROVER_ROLES and o.active
    ]
    return sorted(found, key=lambda o: (o.unit_code != first, o.unit_code, o.name))
