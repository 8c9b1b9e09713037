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
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from inspector_app.cases import articles
from inspector_app.cases.workdays import Calendar, add_working_days
from inspector_app.messages import Bilingual
from inspector_app.registry import officers
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import choice, error, required_text, validate_id_number
from inspector_app.store.attachments import check_sha256
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.clock import new_id

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
    "closure_approved": ("批准结案", "Closure approved"),
}
APPROVALS = frozenset(
    {
        "filing_approved",
        "filing_refused",
        "transfer_approved",
        "deferral_approved",
        "closure_approved",
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
    """Procedure constants a city may set (defaults from 行政处罚法 and practice)."""

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
    warn_days: int = 10  # how soon before a limit a warning is shown


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
        elif step.kind == "decision_delivered":
            out.delivered_on, out.stage = d, "executing"
            out.due_on = d + dt.timedelta(days=int(data.get("payment_days", 15)))
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
    return out


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


def surcharge(fine: Decimal, due_on: dt.date, paid_on: dt.date, rules: CaseRules) -> Decimal:
    """加处罚款 (行政处罚法 Art. 72 (一)): 3 % of the fine for each day after ``due_on``, never
    more than the fine itself."""
    late = (paid_on - due_on).days
    if late <= 0:
        return Decimal("0.00")
    amount = (fine * rules.surcharge_rate * late).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return min(amount, fine)


def daily_fine(original: Decimal, order_on: dt.date, until: dt.date) -> tuple[int, Decimal]:
    """按日连续处罚 (安全生产法 Art. 112): the original fine for each day from the day after the
    correction order's date up to ``until`` (the day the refusal was established)."""
    days = max((until - order_on).days, 0)
    return days, (original * days).quantize(Decimal("0.01"), ROUND_HALF_UP)


def default_rules() -> CaseRules:
    """The procedure constants with the city's hearing thresholds (``discretion.json``)."""
    return CaseRules(hearing=articles.load_discretion().hearing)


def fine_checker(catalogue: articles.ArticleCatalogue) -> Any:
    """The ``check_fine`` of ``add_step``: the amount must be inside the statutory range of
    the case's article for its subject and stage (``inspector_app.articles``)."""

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
        articles.check_fine(amount, rng)

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


# -- writing -----------------------------------------------------------------------------------


def open_case(
    uow: UnitOfWork,
    tree: JurisdictionTree,
    values: Mapping[str, object],
) -> str:
    """Open a case file (before filing): the party, the cause, when the act happened."""
    conn = uow.conn
    enterprise_id = str(values.get("enterprise_id") or "")
    enterprise = Registry.get(conn, enterprise_id) if enterprise_id else None
    party_kind = choice(values.get("party_kind", "unit"), "party_kind", PARTY_KINDS)
    record: dict[str, Any] = {
        "enterprise_id": enterprise_id,
        "party_kind": party_kind,
        "party_name": required_text(
            values.get("party_name") or (enterprise or {}).get("name"), "party_name", 100
        ),
        "party_id_number": "",
        "party_address": str(values.get("party_address") or (enterprise or {}).get("address", "")),
        "party_legal_rep": str(
            values.get("party_legal_rep") or (enterprise or {}).get("legal_rep", "")
        ),
        "source": choice(values.get("source", "inspection"), "source", SOURCES),
        "source_id": str(values.get("source_id") or ""),
        "cause": required_text(values.get("cause"), "cause", 200),
        "facts": str(values.get("facts") or ""),
        "violation_on": officers.parse_date(values.get("violation_on"), "violation_on").isoformat(),
        "continuing": int(bool(values.get("continuing"))),
        "article_id": str(values.get("article_id") or ""),
        # who is fined: the unit, or for a person party the responsible person (a decision
        # names the subject of its article, 安全生产法 Art. 94–110)
        "subject": str(
            values.get("subject") or ("unit" if party_kind == "unit" else "responsible_person")
        ),
        "created_by": uow.author,
    }
    if party_kind == "person":
        record["party_id_number"] = validate_id_number(
            str(values.get("party_id_number") or ""), "party_id_number"
        )
    if enterprise is not None:
        where = {k: enterprise[k] for k in ("county_code", "town_code", "supervising_unit")}
    else:
        county = str(values.get("county_code") or "")
        if county not in tree.units:
            raise error("county_code", "required", "请选择所属县（市、区）", "choose the county")
        where = {
            "county_code": county,
            "town_code": values.get("town_code"),
            "supervising_unit": county,
        }
    record.update(where)
    record["authority_code"] = str(
        values.get("authority_code") or tree.reporting_unit(record["supervising_unit"]).code
    )
    case_id = new_id()
    columns = [*record, "id", "created_at", "updated_at"]
    conn.execute(
        f"INSERT INTO penalty_case({', '.join(columns)}) "
        f"VALUES ({', '.join(':' + c for c in columns)})",
        {**record, "id": case_id, "created_at": uow.now, "updated_at": uow.now},
    )
    uow.log("penalty_case", case_id, "insert", record)
    return case_id


@dataclass
class StepInput:
    kind: str
    occurred_on: dt.date
    officer_ids: Sequence[str] = ()
    approved_by: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)


def add_step(
    uow: UnitOfWork,
    case_id: str,
    step: StepInput,
    calendar: Calendar,
    rules: CaseRules | None = None,
    check_fine: Any = None,
) -> str:
    """Record a step after the guards let it through (see the module docstring).

    ``check_fine(amount, case, data) -> None`` raises when an amount is outside the article's
    statutory range (``inspector_app.articles``); without it the ranges are not checked."""
    rules = rules or default_rules()
    conn = uow.conn
    case = require(conn, case_id)
    if step.kind not in STEP_KINDS:
        raise ValueError(f"unknown case step {step.kind!r}")
    current = state(conn, case_id)
    data = dict(step.data)
    _guard(conn, case, current, step, data, calendar, rules, check_fine)
    if step.kind == "filing_approved":
        _number_case(uow, case, step.occurred_on, data)
    step_id = new_id()
    record = {
        "case_id": case_id,
        "kind": step.kind,
        "occurred_on": step.occurred_on.isoformat(),
        "officer_ids": ",".join(step.officer_ids),
        "approved_by": step.approved_by,
        "data": json.dumps(data, ensure_ascii=False, sort_keys=True),
        "created_by": uow.author,
    }
    columns = [*record, "id", "created_at"]
    marks = ", ".join(":" + c for c in columns)
    conn.execute(
        f"INSERT INTO case_step({', '.join(columns)}) VALUES ({marks})",
        {**record, "id": step_id, "created_at": uow.now},
    )
    uow.log("case_step", step_id, "insert", record)
    return step_id


CASE_DOC_TYPE = "立"


def _number_case(
    uow: UnitOfWork, case: Mapping[str, Any], day: dt.date, data: dict[str, Any]
) -> None:
    """The case's running number, given at filing (all its documents may share it): taken
    from the device's blocks of the 立 series of the issuing bureau, like any document
    number."""
    from inspector_app.documents import numbers
    from inspector_app.inspections import documents

    row = uow.conn.execute(
        "SELECT short_name FROM jurisdiction WHERE code = ?", (case["authority_code"],)
    ).fetchone()
    region = str(row[0]) if row and row[0] else "嘉"
    series = numbers.check_series(CASE_DOC_TYPE, region, day.year)
    seq = documents.take_number(uow, series, str(case["id"]))
    data["seq"] = seq
    data["case_number"] = documents.format_number(region, CASE_DOC_TYPE, day.year, seq)


def case_number(cur: CaseState) -> tuple[str, int] | None:
    """(number, running number) given at filing, or None before."""
    for step in cur.steps:
        if step.kind == "filing_approved" and "case_number" in step.data:
            return str(step.data["case_number"]), int(step.data["seq"])
    return None


def _refuse(code: str, zh: str, en: str) -> CaseError:
    return CaseError(code, zh, en)


def _guard(
    conn: sqlite3.Connection,
    case: Mapping[str, Any],
    cur: CaseState,
    step: StepInput,
    data: dict[str, Any],
    calendar: Calendar,
    rules: CaseRules,
    check_fine: Any,
) -> None:
    kind, day = step.kind, step.occurred_on
    name = STEP_KINDS[kind][0]
    if cur.stage in ("closed", "refused") and kind != "transfer_outcome":
        raise _refuse(
            "closed",
            f"案件已{'结案' if cur.stage == 'closed' else '不予立案'}，不能再“{name}”。",
            "The case is closed.",
        )
    if cur.steps and day < cur.steps[0].occurred_on:
        raise _refuse(
            "order",
            f"“{name}”的日期不能早于立案呈批日期。",
            "A step cannot precede the filing request.",
        )
    if kind in APPROVALS:
        _require_approver(conn, step.approved_by, name)
    if kind == "filing_requested":
        if cur.has("filing_requested"):
            raise _refuse("twice", "已经提出立案呈批。", "Filing was already requested.")
        _require_team(conn, step.officer_ids, day, case)
        limit = _limitation_end(case, rules, harm=bool(data.get("harm")))
        if day > limit and not case["continuing"]:
            years = rules.limitation_harm_years if data.get("harm") else rules.limitation_years
            raise _refuse(
                "limitation",
                f"违法行为发生已超过{years}年，不再给予行政处罚（《行政处罚法》第三十六条）。",
                f"More than {years} years since the act: no penalty (Administrative Penalty Law "
                "Art. 36).",
            )
        return
    if kind in ("filing_approved", "filing_refused"):
        if cur.stage != "requested":
            raise _refuse("order", f"只有提出立案呈批后才能“{name}”。", "Nothing to approve.")
        return
    if cur.filed_on is None and kind != "transfer_outcome":
        raise _refuse(
            "not_filed",
            f"案件尚未批准立案，不能“{name}”（《行政处罚法》第五十四条）。",
            "The case is not filed yet.",
        )
    if kind == "inquiry":
        _require_team(conn, step.officer_ids, day, case)
        data["person"] = required_text(data.get("person"), "person", 50)
        data["id_number"] = validate_id_number(str(data.get("id_number") or ""), "id_number")
        data["record"] = required_text(data.get("record"), "record", 20000)
        return
    if kind == "evidence":
        data["description"] = required_text(data.get("description"), "description", 500)
        # photos and files as attachments: kept by SHA-256, the hash is the evidence's seal
        photos = list(dict.fromkeys(str(p) for p in data.get("photos", [])))
        for sha in photos:
            try:
                check_sha256(sha)
            except ValueError:
                raise error(
                    "photos",
                    "sha256",
                    "照片须以其SHA-256值登记（附件）",
                    "photos are recorded by their SHA-256 (attachments)",
                ) from None
        if photos:
            data["photos"] = photos
        return
    if kind == "preservation":
        _require_approver(conn, step.approved_by, name)  # 行政处罚法 Art. 56: 负责人批准
        return
    if kind == "preservation_decided":
        if cur.preservations_decided >= len(cur.preservations):
            raise _refuse("order", "没有待处理的先行登记保存证据。", "No preserved evidence waits.")
        return
    if kind == "notice_delivered":
        if cur.notice_on is not None:
            raise _refuse("twice", "行政处罚告知书已送达。", "The notice was already delivered.")
        amount = yuan(data.get("amount"), "fine_amount")
        if check_fine is not None:
            check_fine(amount, case, data)
        data["amount"] = str(amount)
        # the larger amount is judged for whoever is fined (a person fined in a unit's case
        # has the person's threshold)
        subject = str(data.get("subject") or case["subject"] or case["party_kind"])
        kind = articles.kind_of(subject) if subject in articles.SUBJECTS else case["party_kind"]
        data["hearing_right"] = articles.needs_hearing(amount, str(kind), rules.hearing) or bool(
            data.get("hearing_right")
        )
        return
    if kind in ("statement", "rights_waived"):
        if cur.notice_on is None:
            raise _refuse(
                "no_notice", "行政处罚告知书送达后才能陈述申辩。", "No notice delivered yet."
            )
        return
    if kind == "hearing_requested":
        if cur.notice_on is None or not cur.hearing_right:
            raise _refuse(
                "no_hearing_right",
                "本案拟作出的处罚不属于听证范围（《行政处罚法》第六十三条）。",
                "The proposed penalty gives no right to a hearing (Art. 63).",
            )
        last = add_working_days(calendar, cur.notice_on, rules.hearing_request_days)
        if day > last:
            raise _refuse(
                "hearing_late",
                f"听证申请应在告知后{rules.hearing_request_days}个工作日内提出（截止{last.isoformat()}），"
                "已逾期（《行政处罚法》第六十四条）。",
                f"A hearing must be requested within {rules.hearing_request_days} working days "
                f"(by {last.isoformat()}) (Art. 64).",
            )
        return
    if kind == "hearing_notified":
        if cur.hearing_requested_on is None:
            raise _refuse("order", "当事人未申请听证。", "No hearing was requested.")
        hearing_on = officers.parse_date(data.get("hearing_on"), "hearing_on")
        earliest = add_working_days(calendar, day, rules.hearing_notice_days)
        if hearing_on < earliest:
            raise _refuse(
                "hearing_notice",
                f"应当在举行听证的{rules.hearing_notice_days}日前通知当事人（最早{earliest.isoformat()}举行）"
                "（《行政处罚法》第六十四条）。",
                f"The hearing must be notified {rules.hearing_notice_days} working days ahead "
                f"(earliest {earliest.isoformat()}) (Art. 64).",
            )
        data["hearing_on"] = hearing_on.isoformat()
        return
    if kind == "hearing_held":
        if cur.hearing_on is None:
            raise _refuse("order", "尚未通知听证。", "The hearing was not notified.")
        if day < cur.hearing_on:
            raise _refuse(
                "order", f"听证定于{cur.hearing_on.isoformat()}举行。", "Before the set date."
            )
        return
    if kind == "decision":
        _guard_decision(conn, case, cur, step, data, calendar, rules, check_fine)
        return
    if kind == "decision_delivered":
        if cur.decided_on is None:
            raise _refuse("order", "尚未作出处罚决定。", "There is no decision yet.")
        data["payment_days"] = rules.payment_days
        return
    if kind == "deferral_approved":
        if cur.delivered_on is None:
            raise _refuse(
                "order", "处罚决定书送达后才能批准延期或分期缴纳。", "No decision delivered."
            )
        if data.get("instalments"):
            data["instalments"] = _instalments(data["instalments"], cur, step.occurred_on, rules)
            data["due_on"] = data["instalments"][-1]["due_on"]
        due = officers.parse_date(data.get("due_on"), "due_on")
        if cur.due_on is not None and due <= cur.due_on:
            raise _refuse("order", "延期后的缴款期限应晚于原期限。", "A deferral must end later.")
        data["due_on"] = due.isoformat()
        return
    if kind == "payment":
        if cur.delivered_on is None or cur.fine is None:
            raise _refuse("order", "处罚决定书送达后才能缴纳罚款。", "No decision delivered.")
        amount = yuan(data.get("amount"))
        owed = cur.fine + surcharge(cur.fine, cur.due_on or day, day, rules) - cur.paid
        if amount <= 0 or amount > owed:
            raise error(
                "amount",
                "range",
                f"缴款金额应大于0且不超过应缴{owed}元（含加处罚款）",
                f"must be above 0 and at most the {owed} yuan owed",
            )
        data["amount"] = str(amount)
        return
    if kind == "transfer_proposed":
        data["to"] = choice(data.get("to"), "transfer_to", TRANSFER_TO)
        return
    if kind == "transfer_approved":
        if cur.transfer_proposed_on is None:
            raise _refuse("order", "尚未提出移送。", "No transfer was proposed.")
        last = cur.transfer_proposed_on + dt.timedelta(days=rules.transfer_approval_days)
        if day > last:
            raise _refuse(
                "transfer_late",
                f"移送应在提出后{rules.transfer_approval_days}日内批准（截止{last.isoformat()}）"
                "（《行政执法机关移送涉嫌犯罪案件的规定》第五条）。",
                f"A transfer is approved within {rules.transfer_approval_days} days (by {last}).",
            )
        return
    if kind == "transferred":
        if cur.transfer_approved_on is None:
            raise _refuse("order", "移送须经批准。", "The transfer is not approved.")
        if (day - cur.transfer_approved_on).days * 24 > rules.transfer_hours:
            raise _refuse(
                "transfer_late",
                f"批准移送后应在{rules.transfer_hours}小时内移送（《行政执法机关移送涉嫌犯罪案件的规定》第五条）。",
                f"Hand the case over within {rules.transfer_hours} hours of approval.",
            )
        data["organ"] = required_text(data.get("organ"), "organ", 100)
        return
    if kind == "transfer_assistance":
        if cur.transferred_on is None:
            raise _refuse("order", "案件尚未移送。", "The case was not transferred.")
        data["note"] = required_text(data.get("note"), "note", 1000)
        return
    if kind in ("transfer_accepted", "transfer_outcome"):
        if cur.transferred_on is None:
            raise _refuse("order", "案件尚未移送。", "The case was not transferred.")
        if kind == "transfer_outcome" and "detention_days" in data:
            days = int(data["detention_days"])
            if not 1 <= days <= 20:  # 治安管理处罚法: at most 15 days, 20 combined
                raise error("detention_days", "range", "拘留天数应为1至20日", "1 to 20 days")
        return
    if kind == "closure_approved":
        carried_out = cur.fine is not None and cur.paid >= cur.fine
        no_fine = cur.fine is not None and cur.fine == 0 and cur.delivered_on is not None
        handed_over = cur.transfer_accepted
        if not (carried_out or no_fine or handed_over):
            raise _refuse(
                "not_executed",
                "处罚决定尚未执行完毕（罚款未缴清），不能结案。",
                "The decision is not carried out (fine unpaid): the case cannot be closed.",
            )
        return


def _guard_decision(
    conn: sqlite3.Connection,
    case: Mapping[str, Any],
    cur: CaseState,
    step: StepInput,
    data: dict[str, Any],
    calendar: Calendar,
    rules: CaseRules,
    check_fine: Any,
) -> None:
    day = step.occurred_on
    if cur.decided_on is not None:
        raise _refuse("twice", "本案已作出处罚决定。", "The case is decided already.")
    if cur.notice_on is None:
        raise _refuse(
            "no_notice",
            "未向当事人告知拟作出的行政处罚内容及事实、理由、依据和陈述申辩、听证权利，"
            "不得作出处罚决定（《行政处罚法》第四十四条、第六十二条）。",
            "No decision before the penalty notice was delivered (Arts. 44, 62).",
        )
    period_end = add_working_days(calendar, cur.notice_on, rules.statement_days)
    if not cur.waived and day <= period_end:
        raise _refuse(
            "statement_period",
            f"陈述申辩期限（告知后{rules.statement_days}个工作日，至{period_end.isoformat()}）"
            "尚未届满，当事人也未放弃权利，不得作出处罚决定（《行政处罚法》第六十二条）。",
            f"The statement period (to {period_end.isoformat()}) has not passed and the rights "
            "were not waived (Art. 62).",
        )
    if cur.hearing_requested_on is not None and not cur.hearing_held:
        raise _refuse(
            "hearing_pending",
            "当事人已申请听证，听证结束前不得作出处罚决定（《行政处罚法》第六十五条）。",
            "A hearing was requested: no decision before it is held (Art. 65).",
        )
    _require_approver(conn, step.approved_by, STEP_KINDS["decision"][0])
    amount = yuan(data.get("amount"), "fine_amount")
    if check_fine is not None:
        check_fine(amount, case, data)
    if cur.statement_on is not None and cur.proposed is not None and amount > cur.proposed:
        raise _refuse(
            "heavier",
            f"不得因当事人陈述申辩而给予更重的处罚：告知的罚款为{cur.proposed}元"
            "（《行政处罚法》第四十五条）。",
            f"No heavier penalty because the party spoke up: the notice said {cur.proposed} "
            "(Art. 45).",
        )
    article_id = str(data.get("article_id") or cur.article_id or case["article_id"])
    if amount > 0 and _fined_already(conn, case, article_id):
        raise _refuse(
            "double_fine",
            "对当事人的同一个违法行为，不得给予两次以上罚款的行政处罚（《行政处罚法》第二十九条）。",
            "The same act cannot be fined twice (Art. 29).",
        )
    data["amount"] = str(amount)
    data["article_id"] = article_id


def _instalments(
    raw: object, cur: CaseState, day: dt.date, rules: CaseRules
) -> list[dict[str, str]]:
    """分期缴纳 (行政处罚法 Art. 66): dates in order, amounts above 0, adding up to what is
    owed on the day of the approval."""
    if not isinstance(raw, list) or not raw:
        raise error("instalments", "required", "分期计划不能为空", "the plan is empty")
    plan: list[dict[str, str]] = []
    previous = day
    for part in raw:
        when = officers.parse_date(part.get("due_on") if isinstance(part, dict) else None, "due_on")
        amount = yuan(part.get("amount") if isinstance(part, dict) else None, "amount")
        if when <= previous or amount <= 0:
            raise error(
                "instalments",
                "order",
                "各期缴款日期应依次在后、金额应大于0",
                "instalment dates must follow each other and amounts be above 0",
            )
        plan.append({"due_on": when.isoformat(), "amount": str(amount)})
        previous = when
    assert cur.fine is not None
    owed = cur.fine + surcharge(cur.fine, cur.due_on or day, day, rules) - cur.paid
    total = sum((Decimal(p["amount"]) for p in plan), Decimal("0"))
    if total != owed:
        raise error(
            "instalments",
            "total",
            f"各期金额合计{total}元，应等于应缴的{owed}元",
            f"the instalments add up to {total}, not the {owed} owed",
        )
    return plan


def _fined_already(conn: sqlite3.Connection, case: Mapping[str, Any], article_id: str) -> bool:
    """Another case of the same party, act (article) and date already ended in a fine."""
    rows = conn.execute(
        "SELECT c.id FROM penalty_case c JOIN case_step s ON s.case_id = c.id "
        "WHERE c.id <> ? AND c.party_name = ? AND c.violation_on = ? AND s.kind = 'decision'",
        (case["id"], case["party_name"], case["violation_on"]),
    ).fetchall()
    for (other,) in rows:
        decided = [s for s in steps(conn, other) if s.kind == "decision"]
        for s in decided:
            if (
                str(s.data.get("article_id")) == article_id
                and Decimal(str(s.data.get("amount", "0"))) > 0
            ):
                return True
    return False


def _require_approver(conn: sqlite3.Connection, officer_id: str, what: str) -> None:
    row = conn.execute(
        "SELECT role, name FROM officer WHERE id = ? AND active = 1", (officer_id,)
    ).fetchone()
    if row is None or row[0] not in APPROVER_ROLES:
        raise _refuse(
            "approval",
            f"“{what}”须由行政机关负责人（审批人）批准。",
            f"{what} needs the approval of the bureau's head (an approver).",
        )


def _require_team(
    conn: sqlite3.Connection, officer_ids: Sequence[str], day: dt.date, case: Mapping[str, Any]
) -> None:
    from inspector_app.inspections.inspections import check_team

    check_team(conn, officer_ids, day, str(case["enterprise_id"]))


def _limitation_end(case: Mapping[str, Any], rules: CaseRules, harm: bool = False) -> dt.date:
    start = dt.date.fromisoformat(str(case["violation_on"]))
    years = rules.limitation_harm_years if harm else rules.limitation_years
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


# -- deadlines ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    what: str  # zh
    due: dt.date
    days_left: int
    overdue: bool


def deadlines(
    case: Mapping[str, Any],
    cur: CaseState,
    today: dt.date,
    calendar: Calendar,
    rules: CaseRules | None = None,
) -> list[Deadline]:
    """The limits still running, soonest first (the case page counts them down)."""
    rules = rules or default_rules()
    out: list[tuple[str, dt.date]] = []
    if cur.stage in ("closed", "refused"):
        return []
    if cur.decided_on is None and cur.filed_on is None:
        out.append(("追责时效（《行政处罚法》第三十六条）", _limitation_end(case, rules)))
    if cur.filed_on is not None and cur.decided_on is None:
        out.append(
            (
                f"作出处罚决定期限（立案后{rules.decision_limit_days}日，第六十条）",
                cur.filed_on + dt.timedelta(days=rules.decision_limit_days),
            )
        )
    for n, when in enumerate(cur.preservations):
        if n >= cur.preservations_decided:
            out.append(
                (
                    f"先行登记保存证据处理（{rules.preservation_days}个工作日，第五十六条）",
                    add_working_days(calendar, when, rules.preservation_days),
                )
            )
    if cur.notice_on is not None and cur.decided_on is None and not cur.waived:
        out.append(
            ("陈述申辩期限", add_working_days(calendar, cur.notice_on, rules.statement_days))
        )
        if cur.hearing_right and cur.hearing_requested_on is None:
            out.append(
                (
                    "听证申请期限（第六十四条）",
                    add_working_days(calendar, cur.notice_on, rules.hearing_request_days),
                )
            )
    if cur.decided_on is not None and cur.delivered_on is None:
        out.append(
            (
                f"送达处罚决定书（{rules.delivery_days}个工作日，第六十一条）",
                add_working_days(calendar, cur.decided_on, rules.delivery_days),
            )
        )
    if cur.instalments and cur.fine is not None and cur.paid < cur.fine:
        due_so_far = Decimal("0")
        for n, (when, amount) in enumerate(cur.instalments, 1):
            due_so_far += amount
            if cur.paid < due_so_far:  # the first instalment not yet covered
                out.append((f"第{n}期缴款期限（分期缴纳，第六十六条）", when))
                break
    elif cur.due_on is not None and cur.fine is not None and cur.paid < cur.fine:
        out.append(("缴纳罚款期限（第六十七条）", cur.due_on))
    result = [Deadline(what, due, (due - today).days, today > due) for what, due in out]
    return sorted(result, key=lambda d: d.due)


def next_steps(cur: CaseState) -> list[str]:
    """The steps the procedure allows now (the case page offers only these)."""
    if cur.stage == "new":
        return ["filing_requested"]
    if cur.stage == "requested":
        return ["filing_approved", "filing_refused"]
    if cur.stage in ("closed", "refused"):
        return ["transfer_outcome"] if cur.transferred_on else []
    allowed = ["inquiry", "evidence", "preservation", "transfer_proposed"]
    if cur.preservations_decided < len(cur.preservations):
        allowed.append("preservation_decided")
    if cur.transfer_proposed_on and not cur.transfer_approved_on:
        allowed.append("transfer_approved")
    if cur.transfer_approved_on and not cur.transferred_on:
        allowed.append("transferred")
    if cur.transferred_on:
        allowed += ["transfer_accepted", "transfer_assistance", "transfer_outcome"]
    if cur.notice_on is None:
        allowed.append("notice_delivered")
    elif cur.decided_on is None:
        allowed += ["statement", "rights_waived"]
        if cur.hearing_right and cur.hearing_requested_on is None:
            allowed.append("hearing_requested")
        if cur.hearing_requested_on and cur.hearing_on is None:
            allowed.append("hearing_notified")
        if cur.hearing_on and not cur.hearing_held:
            allowed.append("hearing_held")
        allowed.append("decision")
    elif cur.delivered_on is None:
        allowed.append("decision_delivered")
    else:
        if cur.fine is not None and cur.paid < cur.fine:
            allowed += ["payment", "deferral_approved"]
    if (
        cur.fine is not None and cur.paid >= cur.fine and cur.delivered_on
    ) or cur.transfer_accepted:
        allowed.append("closure_approved")
    return list(dict.fromkeys(allowed))


def approvers(conn: sqlite3.Connection, unit_code: str) -> list[officers.Officer]:
    return [o for o in officers.list_officers(conn, unit_code) if o.role in APPROVER_ROLES]
