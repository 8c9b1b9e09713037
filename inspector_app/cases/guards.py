"""The procedure's guards: one per kind of step, each citing the rule it enforces.

``run`` judges a step against the case and the state its earlier steps lead to, normalising the
step's data (amounts to the fen, the hearing right from the thresholds…). It is the one place
the procedure is checked: ``procedure.add_step`` runs it before a step is written on this
device, and the server runs it (through ``check_step``) on every step a device pushes, with the
steps the server holds — so an order, a date or an amount the app refuses is refused however it
arrives. Guards look other records up in ``Facts`` (the approver, the team's certificates, the
party's other cases), never in a database of their own.

Periods of 2, 3, 5 and 7 days are working days (行政处罚法 Art. 85, ``workdays``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from inspector_app.cases import articles, coercion, outcomes, sanctions
from inspector_app.cases.cases import (
    APPROVALS,
    STEP_KINDS,
    TRANSFER_TO,
    CaseRules,
    CaseState,
    StepInput,
    derive,
    limitation_end,
    step_from_record,
    surcharge,
    yuan,
)
from inspector_app.cases.judging import (
    FineCheck,
    Judged,
    refuse,
    require_approver,
    require_team,
)
from inspector_app.cases.workdays import Calendar, add_working_days
from inspector_app.registry import officers
from inspector_app.registry.context import RuleContext
from inspector_app.registry.shapes import DATE, Shape, check_shape, json_text, text
from inspector_app.registry.validation import (
    choice,
    error,
    required_text,
    validate_id_number,
)
from inspector_app.store.attachments import check_sha256
from inspector_app.store.facts import Facts

# steps before (or without) a filing: the filing itself, and a decision on the spot (Art. 51)
UNFILED_STEPS = ("filing_requested", "filing_approved", "filing_refused", "onsite_decision")


def run(
    ctx: RuleContext,
    case: Mapping[str, Any],
    cur: CaseState,
    step: StepInput,
    data: dict[str, Any],
    calendar: Calendar,
    rules: CaseRules,
    check_fine: FineCheck | None,
) -> None:
    """Refuse the step (``CaseError`` or a field's ``ValidationError``) or let it through with
    ``data`` normalised."""
    if step.kind not in STEP_KINDS:
        raise error("kind", "choice", f"“{step.kind}”不是办案环节", f"unknown step {step.kind!r}")
    judged = Judged(ctx.facts, case, cur, step, data, calendar, rules, check_fine, ctx.author)
    ctx.not_after_today(step.occurred_on, "occurred_on")
    if cur.stage in ("closed", "refused") and step.kind != "transfer_outcome":
        raise refuse(
            "closed",
            f"案件已{'结案' if cur.stage == 'closed' else '不予立案'}，不能再“{judged.name}”。",
            "The case is closed.",
        )
    if cur.steps and step.occurred_on < cur.steps[0].occurred_on:
        raise refuse(
            "order",
            f"“{judged.name}”的日期不能早于立案呈批日期。",
            "A step cannot precede the filing request.",
        )
    if step.occurred_on < dt.date.fromisoformat(str(case["violation_on"])):
        raise refuse(
            "order",
            f"“{judged.name}”的日期不能早于违法行为发生日期。",
            "A step cannot precede the act.",
        )
    outcomes.not_before_predecessors(judged)
    if step.kind in APPROVALS:
        require_approver(judged, judged.name)
    if step.kind not in (
        "filing_requested",
        "filing_approved",
        "filing_refused",
        "onsite_decision",
    ):
        if cur.filed_on is None and step.kind != "transfer_outcome":
            raise refuse(
                "not_filed",
                f"案件尚未批准立案，不能“{judged.name}”（《行政处罚法》第五十四条）。",
                "The case is not filed yet.",
            )
    if step.kind in ("closure_approved", "no_penalty") and coercion.blocker(cur):
        # 行政强制法 Art. 28; 安全生产法 Art. 70: a measure is lifted before the case ends
        raise refuse(
            "measure_running",
            f"{coercion.blocker(cur)}，不能“{judged.name}”。",
            "A coercive measure is still in force: release it first.",
        )
    GUARDS[step.kind](judged)


# -- one guard per kind of step --------------------------------------------------------------------


def _filing_requested(j: Judged) -> None:
    if j.cur.has("filing_requested"):
        raise refuse("twice", "已经提出立案呈批。", "Filing was already requested.")
    require_team(j)
    # 行政处罚法 Art. 36: 危害后果 to life, health or financial security gives five years
    harm = bool(j.data.pop("harm", False))
    if harm:
        j.data["harm"] = True
    act = dt.date.fromisoformat(str(j.case["violation_on"]))
    if j.data.get("act_ended_on"):
        # a continuing act: its end, not before it began, not after the filing request
        ended = officers.parse_date(j.data["act_ended_on"], "act_ended_on")
        if not act <= ended <= j.day:
            raise error(
                "act_ended_on",
                "order",
                "违法行为终了日期应在发生日期之后、立案呈批之前",
                "the end of the act lies between its start and the filing request",
            )
        j.data["act_ended_on"], act = ended.isoformat(), ended
    found = j.day
    if j.data.get("found_on"):
        # 发现时间: not before the act, not after the filing request (no filing before finding)
        found = officers.parse_date(j.data["found_on"], "found_on")
        if not dt.date.fromisoformat(str(j.case["violation_on"])) <= found <= j.day:
            raise error(
                "found_on",
                "order",
                "发现时间应在违法行为发生之后、立案呈批之前",
                "the violation is found after the act and before the filing request",
            )
        j.data["found_on"] = found.isoformat()
    # 行政处罚法 Art. 36: not found within two (five) years of the act, or of its end when it
    # continued — the discovery date counts, not the filing
    limit = limitation_end({"violation_on": act.isoformat()}, j.rules, harm=harm)
    ongoing = bool(j.case["continuing"]) and not j.data.get("act_ended_on")
    if found > limit and not ongoing:
        years = j.rules.limitation_harm_years if harm else j.rules.limitation_years
        raise refuse(
            "limitation",
            f"违法行为发生已超过{years}年，不再给予行政处罚（《行政处罚法》第三十六条）。",
            f"More than {years} years since the act: no penalty (Administrative Penalty Law "
            "Art. 36).",
        )


def _filing_decided(j: Judged) -> None:
    if j.cur.stage != "requested":
        raise refuse("order", f"只有提出立案呈批后才能“{j.name}”。", "Nothing to approve.")


def _inquiry(j: Judged) -> None:
    require_team(j)
    j.data["person"] = required_text(j.data.get("person"), "person", 50)
    j.data["id_number"] = validate_id_number(str(j.data.get("id_number") or ""), "id_number")
    j.data["record"] = required_text(j.data.get("record"), "record", 20000)
    # the record names when it began and ended and who was heard (sex, phone, post, address)
    times = [_clock(j.data, name) for name in ("started_at", "ended_at")]
    if times[0] and times[1] and times[1] <= times[0]:
        raise error(
            "ended_at", "order", "询问结束时间应晚于开始时间", "the inquiry ends after it starts"
        )
    if j.data.get("gender"):
        j.data["gender"] = choice(j.data["gender"], "gender", {"男": "男", "女": "女"})
    for name, size in (("phone", 20), ("position", 50), ("address", 200)):
        if j.data.get(name):
            j.data[name] = required_text(j.data[name], name, size)


def _clock(data: dict[str, Any], name: str) -> str:
    """A time of day "HH:MM" (normalised in ``data``), or "" when not given."""
    raw = str(data.get(name) or "").strip()
    if not raw:
        data.pop(name, None)
        return ""
    try:
        value = dt.datetime.strptime(raw.replace("：", ":"), "%H:%M").strftime("%H:%M")
    except ValueError:
        raise error(name, "time", "应为时:分，如 09:30", "must be HH:MM, e.g. 09:30") from None
    data[name] = value
    return value


def _evidence(j: Judged) -> None:
    j.data["description"] = required_text(j.data.get("description"), "description", 500)
    # photos and files as attachments: kept by SHA-256, the hash is the evidence's seal
    photos = list(dict.fromkeys(str(p) for p in j.data.get("photos", [])))
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
        j.data["photos"] = photos


def _preservation(j: Judged) -> None:
    require_approver(j, j.name)  # 行政处罚法 Art. 56: 负责人批准


def _preservation_decided(j: Judged) -> None:
    if j.cur.preservations_decided >= len(j.cur.preservations):
        raise refuse("order", "没有待处理的先行登记保存证据。", "No preserved evidence waits.")


def _notice_delivered(j: Judged) -> None:
    if j.cur.notice_on is not None:
        raise refuse("twice", "行政处罚告知书已送达。", "The notice was already delivered.")
    amount = yuan(j.data.get("amount"), "fine_amount")
    if j.check_fine is not None:
        j.check_fine(amount, j.case, j.data)
    j.data["amount"] = str(amount)
    # the larger amount is judged for whoever is fined (a person fined in a unit's case has the
    # person's threshold)
    subject = str(j.data.get("subject") or j.case["subject"] or j.case["party_kind"])
    kind = articles.kind_of(subject) if subject in articles.SUBJECTS else j.case["party_kind"]
    article_id = str(j.data.get("article_id") or j.case["article_id"])
    penalties = outcomes.judge_penalties(j, article_id)
    # 行政处罚法 Art. 63: a larger fine, or a penalty that gives the right whatever the fine
    j.data["hearing_right"] = (
        articles.needs_hearing(amount, str(kind), j.rules.hearing)
        or sanctions.hearing_from_penalties(
            penalties, str(kind), sanctions.default(), j.rules.confiscation
        )
        or bool(j.data.get("hearing_right"))
    )


def _statement(j: Judged) -> None:
    if j.cur.notice_on is None:
        raise refuse("no_notice", "行政处罚告知书送达后才能陈述申辩。", "No notice delivered yet.")


def _hearing_requested(j: Judged) -> None:
    if j.cur.notice_on is None or not j.cur.hearing_right:
        raise refuse(
            "no_hearing_right",
            "本案拟作出的处罚不属于听证范围（《行政处罚法》第六十三条）。",
            "The proposed penalty gives no right to a hearing (Art. 63).",
        )
    last = add_working_days(j.calendar, j.cur.notice_on, j.rules.hearing_request_days)
    if j.day > last:
        raise refuse(
            "hearing_late",
            f"听证申请应在告知后{j.rules.hearing_request_days}个工作日内提出"
            f"（截止{last.isoformat()}），已逾期（《行政处罚法》第六十四条）。",
            f"A hearing must be requested within {j.rules.hearing_request_days} working days "
            f"(by {last.isoformat()}) (Art. 64).",
        )


def _hearing_notified(j: Judged) -> None:
    if j.cur.hearing_requested_on is None:
        raise refuse("order", "当事人未申请听证。", "No hearing was requested.")
    hearing_on = officers.parse_date(j.data.get("hearing_on"), "hearing_on")
    earliest = add_working_days(j.calendar, j.day, j.rules.hearing_notice_days)
    if hearing_on < earliest:
        raise refuse(
            "hearing_notice",
            f"应当在举行听证的{j.rules.hearing_notice_days}日前通知当事人"
            f"（最早{earliest.isoformat()}举行）（《行政处罚法》第六十四条）。",
            f"The hearing must be notified {j.rules.hearing_notice_days} working days ahead "
            f"(earliest {earliest.isoformat()}) (Art. 64).",
        )
    j.data["hearing_on"] = hearing_on.isoformat()


def _hearing_held(j: Judged) -> None:
    if j.cur.hearing_on is None:
        raise refuse("order", "尚未通知听证。", "The hearing was not notified.")
    if j.day < j.cur.hearing_on:
        raise refuse(
            "order", f"听证定于{j.cur.hearing_on.isoformat()}举行。", "Before the set date."
        )


def _decision(j: Judged) -> None:
    cur = j.cur
    if cur.decided_on is not None:
        raise refuse("twice", "本案已作出处罚决定。", "The case is decided already.")
    if cur.notice_on is None:
        raise refuse(
            "no_notice",
            "未向当事人告知拟作出的行政处罚内容及事实、理由、依据和陈述申辩、听证权利，"
            "不得作出处罚决定（《行政处罚法》第四十四条、第六十二条）。",
            "No decision before the penalty notice was delivered (Arts. 44, 62).",
        )
    period_end = add_working_days(j.calendar, cur.notice_on, j.rules.statement_days)
    if not cur.waived and j.day <= period_end:
        raise refuse(
            "statement_period",
            f"陈述申辩期限（告知后{j.rules.statement_days}个工作日，至{period_end.isoformat()}）"
            "尚未届满，当事人也未放弃权利，不得作出处罚决定（《行政处罚法》第六十二条）。",
            f"The statement period (to {period_end.isoformat()}) has not passed and the rights "
            "were not waived (Art. 62).",
        )
    if cur.hearing_requested_on is not None and not cur.hearing_held:
        raise refuse(
            "hearing_pending",
            "当事人已申请听证，听证结束前不得作出处罚决定（《行政处罚法》第六十五条）。",
            "A hearing was requested: no decision before it is held (Art. 65).",
        )
    require_approver(j, STEP_KINDS["decision"][0])
    amount = yuan(j.data.get("amount"), "fine_amount")
    if j.check_fine is not None:
        j.check_fine(amount, j.case, j.data)
    if cur.statement_on is not None and cur.proposed is not None and amount > cur.proposed:
        raise refuse(
            "heavier",
            f"不得因当事人陈述申辩而给予更重的处罚：告知的罚款为{cur.proposed}元"
            "（《行政处罚法》第四十五条）。",
            f"No heavier penalty because the party spoke up: the notice said {cur.proposed} "
            "(Art. 45).",
        )
    article_id = str(j.data.get("article_id") or cur.article_id or j.case["article_id"])
    if amount > 0 and _fined_already(j.facts, j.case, article_id):
        raise refuse(
            "double_fine",
            "对当事人的同一个违法行为，不得给予两次以上罚款的行政处罚（《行政处罚法》第二十九条）。",
            "The same act cannot be fined twice (Art. 29).",
        )
    outcomes.judge_decision(j, amount, article_id)
    j.data["amount"] = str(amount)
    j.data["article_id"] = article_id


def _decision_delivered(j: Judged) -> None:
    if j.cur.decided_on is None:
        raise refuse("order", "尚未作出处罚决定。", "There is no decision yet.")
    if j.cur.delivered_on is not None:
        raise refuse("twice", "处罚决定书已送达。", "The decision was already delivered.")
    j.data["payment_days"] = j.rules.payment_days
    j.data["due_on"] = outcomes.due_date(j).isoformat()


def _deferral_approved(j: Judged) -> None:
    cur = j.cur
    if cur.delivered_on is None:
        raise refuse("order", "处罚决定书送达后才能批准延期或分期缴纳。", "No decision delivered.")
    if j.data.get("instalments"):
        j.data["instalments"] = _instalments(j.data["instalments"], cur, j.day, j.rules)
        j.data["due_on"] = j.data["instalments"][-1]["due_on"]
    due = officers.parse_date(j.data.get("due_on"), "due_on")
    if cur.due_on is not None and due <= cur.due_on:
        raise refuse("order", "延期后的缴款期限应晚于原期限。", "A deferral must end later.")
    j.data["due_on"] = due.isoformat()


def _payment(j: Judged) -> None:
    cur = j.cur
    if cur.delivered_on is None or cur.fine is None:
        raise refuse("order", "处罚决定书送达后才能缴纳罚款。", "No decision delivered.")
    amount = yuan(j.data.get("amount"))
    owed = outcomes.owed(cur, j.day, j)
    if amount <= 0 or amount > owed:
        raise error(
            "amount",
            "range",
            f"缴款金额应大于0且不超过应缴{owed}元（含加处罚款）",
            f"must be above 0 and at most the {owed} yuan owed",
        )
    j.data["amount"] = str(amount)


def _transfer_proposed(j: Judged) -> None:
    j.data["to"] = choice(j.data.get("to"), "transfer_to", TRANSFER_TO)


def _transfer_approved(j: Judged) -> None:
    if j.cur.transfer_proposed_on is None:
        raise refuse("order", "尚未提出移送。", "No transfer was proposed.")
    last = j.cur.transfer_proposed_on + dt.timedelta(days=j.rules.transfer_approval_days)
    if j.day > last:
        raise refuse(
            "transfer_late",
            f"移送应在提出后{j.rules.transfer_approval_days}日内批准（截止{last.isoformat()}）"
            "（《行政执法机关移送涉嫌犯罪案件的规定》第五条）。",
            f"A transfer is approved within {j.rules.transfer_approval_days} days (by {last}).",
        )


def _transferred(j: Judged) -> None:
    if j.cur.transfer_approved_on is None:
        raise refuse("order", "移送须经批准。", "The transfer is not approved.")
    if (j.day - j.cur.transfer_approved_on).days * 24 > j.rules.transfer_hours:
        raise refuse(
            "transfer_late",
            f"批准移送后应在{j.rules.transfer_hours}小时内移送"
            "（《行政执法机关移送涉嫌犯罪案件的规定》第五条）。",
            f"Hand the case over within {j.rules.transfer_hours} hours of approval.",
        )
    j.data["organ"] = required_text(j.data.get("organ"), "organ", 100)


def _transfer_assistance(j: Judged) -> None:
    if j.cur.transferred_on is None:
        raise refuse("order", "案件尚未移送。", "The case was not transferred.")
    j.data["note"] = required_text(j.data.get("note"), "note", 1000)


def _transfer_followed(j: Judged) -> None:
    if j.cur.transferred_on is None:
        raise refuse("order", "案件尚未移送。", "The case was not transferred.")
    if j.step.kind == "transfer_outcome" and "detention_days" in j.data:
        low, high = j.rules.detention_days
        try:
            days = int(j.data["detention_days"])
        except (TypeError, ValueError):
            days = 0
        if not low <= days <= high:
            raise error(
                "detention_days", "range", f"拘留天数应为{low}至{high}日", f"{low} to {high} days"
            )


def _closure_approved(j: Judged) -> None:
    cur = j.cur
    carried_out = cur.fine is not None and cur.paid >= cur.fine
    no_fine = cur.fine is not None and cur.fine == 0 and cur.delivered_on is not None
    if not (carried_out or no_fine or cur.transfer_accepted or cur.revoked):
        raise refuse(
            "not_executed",
            "处罚决定尚未执行完毕（罚款未缴清），不能结案。",
            "The decision is not carried out (fine unpaid): the case cannot be closed.",
        )
    blocker = outcomes.closure_blockers(cur)
    if blocker and not cur.transfer_accepted:
        raise refuse(
            "not_executed",
            f"处罚决定尚未执行完毕：{blocker}，不能结案。",
            "The decision is not carried out yet: the case cannot be closed.",
        )


GUARDS: Mapping[str, Callable[[Judged], None]] = {
    "filing_requested": _filing_requested,
    "filing_approved": _filing_decided,
    "filing_refused": _filing_decided,
    "inquiry": _inquiry,
    "evidence": _evidence,
    "preservation": _preservation,
    "preservation_decided": _preservation_decided,
    "notice_delivered": _notice_delivered,
    "statement": _statement,
    "rights_waived": _statement,
    "hearing_requested": _hearing_requested,
    "hearing_notified": _hearing_notified,
    "hearing_held": _hearing_held,
    "decision": _decision,
    "decision_delivered": _decision_delivered,
    "deferral_approved": _deferral_approved,
    "payment": _payment,
    "transfer_proposed": _transfer_proposed,
    "transfer_approved": _transfer_approved,
    "transferred": _transferred,
    "transfer_accepted": _transfer_followed,
    "transfer_outcome": _transfer_followed,
    "transfer_assistance": _transfer_assistance,
    "closure_approved": _closure_approved,
    **outcomes.OUTCOME_GUARDS,
    **coercion.GUARDS,
}
assert set(GUARDS) == set(STEP_KINDS), "every kind of step has its guard"


# -- what the guards consult -----------------------------------------------------------------------


def _fined_already(facts: Facts, case: Mapping[str, Any], article_id: str) -> bool:
    """Another case of the same party, act (article) and date already ended in a fine."""
    others = facts.find(
        "penalty_case", {"party_name": case["party_name"], "violation_on": case["violation_on"]}
    )
    for other in others:
        if other["id"] == case["id"]:
            continue
        for row in facts.find("case_step", {"case_id": other["id"]}):
            if row["kind"] != "decision":
                continue
            data = json.loads(str(row["data"]))
            if (
                str(data.get("article_id")) == article_id
                and Decimal(str(data.get("amount", "0"))) > 0
            ):
                return True
    return False


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


# -- what arrives over the wire ------------------------------------------------------------------

STEP_SHAPES: Mapping[str, Shape] = {
    "case_id": text(36),
    "kind": text(30, choices=STEP_KINDS),
    "occurred_on": DATE,
    "officer_ids": text(400),
    "approved_by": text(36),
    "data": json_text(100_000),
    "created_by": text(64),
}


def check_step(
    data: Mapping[str, Any],
    ctx: RuleContext,
    calendar: Calendar,
    rules: CaseRules,
    check_fine: FineCheck | None,
) -> dict[str, Any]:
    """A pushed step, judged by the guards against the case's steps held here. Its data must
    be what the guard makes of it (a device sends steps as its own guards left them)."""
    record = check_shape(data, STEP_SHAPES)
    case = ctx.facts.get("penalty_case", record["case_id"])
    if case is None:
        raise refuse("not_found", "找不到该案件。", f"No case {record['case_id']}.")
    if not record["occurred_on"]:
        raise error("occurred_on", "required", "不能为空", "is required")
    payload = json.loads(record["data"])
    if not isinstance(payload, dict):
        raise error("data", "json", "应为 JSON 对象", "must be a JSON object")
    held = [step_from_record(r) for r in ctx.facts.find("case_step", {"case_id": case["id"]})]
    step = StepInput(
        record["kind"],
        dt.date.fromisoformat(record["occurred_on"]),
        tuple(o for o in record["officer_ids"].split(",") if o),
        record["approved_by"],
        payload,
    )
    judged = dict(payload)
    run(ctx, case, derive(held), step, judged, calendar, rules, check_fine)
    if step.kind in ("filing_approved", "onsite_decision"):
        numbering = ("seq", "case_number", "provisional")
        judged.update({k: payload[k] for k in numbering if k in payload})
    if judged != payload:
        changed = sorted(k for k in set(judged) | set(payload) if judged.get(k) != payload.get(k))
        raise error(
            changed[0] if changed else "data",
            "normal",
            "与办案规则得出的内容不一致",
            "differs from what the procedure's rules make of it",
        )
    return record
