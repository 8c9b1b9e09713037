"""The documents of a penalty case: what each one says, built from the case and its steps, and
their numbers — every document of a case carries the case's running number with its own code
(（海宁）应急立〔2026〕17号 → （海宁）应急罚〔2026〕17号), a common practice (domain reference
§4.2). Issued documents are stored like the inspection documents (``document`` table, content
frozen at issue); the PDF is the UI's (``ui.documents``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from inspector_app.cases import articles, cases, measure_documents, money, sanctions
from inspector_app.documents import issued, kinds, organ_profiles
from inspector_app.documents.issued import chinese_date
from inspector_app.registry import officers
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.clock import new_id

# the case's documents (``resources/documents/kinds.json``): kind → (code after 应急, title)
KINDS: dict[str, tuple[str, str]] = {k: (v.code, v.title) for k, v in kinds.of_area("case").items()}
# the step a document records (issued from it)
FROM_STEP = {
    "filing_approval": "filing_approved",
    "inquiry_record": "inquiry",
    "penalty_notice": "notice_delivered",
    "hearing_notice": "notice_delivered",
    "penalty_decision": "decision",
    "delivery_receipt": "decision_delivered",
    "closure_approval": "closure_approved",
    "criminal_transfer": "transfer_approved",
    "detention_transfer": "transfer_approved",
    "no_penalty_decision": "no_penalty",
    **measure_documents.FROM_STEP,
}
# where the receiving organ decides what: detention by the police, a crime by the judiciary
TRANSFER_DOCUMENTS = {"police": "detention_transfer", "judiciary": "criminal_transfer"}
# documents handed to the party (行政处罚法 Art. 61; 行政强制法 Art. 24, 27, 54): under a
# provisional number only when the officer chose it knowingly (``provisional_question``)
TO_PARTY = frozenset(
    {
        "penalty_notice",
        "hearing_notice",
        "penalty_decision",
        "delivery_receipt",
        "no_penalty_decision",
        "seizure_record",
        "seizure_decision",
        "seizure_extension",
        "seizure_release",
        "onsite_penalty_decision",
        "demand_notice",
        # 安全生产法 Art. 70 ¶2: the decision is the unit's written notice; the notices to
        # stop and resume the supply go to the supplier, not to the party
        "power_cut_decision",
    }
)
# the decision a later document refers to by its number: it is issued first
REFERS_TO = {
    "seizure_extension": "seizure_decision",
    "seizure_release": "seizure_decision",
    "demand_notice": "penalty_decision",
    "power_cut_notice": "power_cut_decision",
    "power_restore_notice": "power_cut_decision",
}


def applies(kind: str, cur: cases.CaseState) -> bool:
    """Whether the case can have this document now (its step recorded, and the hearing notice
    only with the right, a transfer's document for where it goes)."""
    if not cur.has(FROM_STEP[kind]):
        return False
    if kind == "hearing_notice":
        return cur.hearing_right
    if kind in TRANSFER_DOCUMENTS.values():
        return TRANSFER_DOCUMENTS.get(cur.transfer_to) == kind
    return True


class CaseDocumentError(cases.CaseError):
    pass


def _officer_rows(conn: Any, ids: tuple[str, ...], day: dt.date) -> list[dict[str, str]]:
    out = []
    for officer_id in ids:
        row = conn.execute("SELECT name FROM officer WHERE id = ?", (officer_id,)).fetchone()
        cert = officers.valid_certificate(conn, officer_id, day)
        out.append({"name": row[0] if row else "", "certificate_no": cert.number if cert else ""})
    return out


def _officer_name(conn: Any, officer_id: str) -> str:
    row = conn.execute("SELECT name FROM officer WHERE id = ?", (officer_id,)).fetchone()
    return str(row[0]) if row else ""


def _text(amount: Decimal) -> str:
    return "罚款" + money.decision_phrase(amount)


def content_for(
    conn: Any,
    tree: JurisdictionTree,
    kind: str,
    case_id: str,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The document's fields (without number and date, which ``issue`` adds). ``extra``:
    what the officer adds for this document (payment account, receiving organ…)."""
    extra = dict(extra or {})
    case = cases.require(conn, case_id)
    cur = cases.state(conn, case_id)
    numbered = cases.case_number(cur)
    if numbered is None:
        raise CaseDocumentError(
            "not_filed", "案件批准立案后才能出具文书。", "Documents come after the filing."
        )
    unit = tree.units.get(str(case["authority_code"]), tree.city)
    enterprise = Registry.get(conn, str(case["enterprise_id"])) if case["enterprise_id"] else None
    first = next(s for s in cur.steps if s.kind in ("filing_approved", "onsite_decision"))
    # the team that filed the case (or decided it on the spot, 行政处罚法 Art. 52)
    filing = next((s for s in cur.steps if s.kind == "filing_requested"), first)
    content: dict[str, Any] = {
        "authority": unit.authority,
        "case_number": numbered[0],
        # a number from the device's own range (no leased block): shown as provisional
        "provisional_number": bool(first.data.get("provisional")),
        "cause": case["cause"],
        "party": {
            "kind": case["party_kind"],
            "name": case["party_name"],
            "address": case["party_address"],
            "legal_rep": case["party_legal_rep"],
            "legal_rep_title": str(extra.get("legal_rep_title") or "主要负责人")
            if case["party_kind"] == "unit"
            else "",
            "id_number": case["party_id_number"],
            "uscc": (enterprise or {}).get("uscc", ""),
            "phone": (enterprise or {}).get("contact_phone", ""),
        },
        "officers": _officer_rows(conn, filing.officer_ids, filing.occurred_on),
    }
    step = next((s for s in reversed(cur.steps) if s.kind == FROM_STEP[kind]), None)
    if step is None:
        raise CaseDocumentError(
            "no_step",
            f"尚未“{cases.STEP_KINDS[FROM_STEP[kind]][0]}”，不能出具《{KINDS[kind][1]}》。",
            f"No {FROM_STEP[kind]} step yet.",
        )
    facts = str(case["facts"] or case["cause"])
    evidence = [_evidence_line(s) for s in cur.steps if s.kind in ("inquiry", "evidence")]
    if kind in ("penalty_notice", "penalty_decision") and not evidence:
        raise CaseDocumentError(
            "no_evidence",
            "本案尚无询问笔录或证据，违法事实不清、证据不足的，不得给予行政处罚"
            "（《行政处罚法》第四十条）。",
            "No inquiry or evidence recorded: no penalty without the facts established (Art. 40).",
        )
    basis = str(extra.get("basis") or step.data.get("basis") or _cite(case, step.data))
    entry = _entry(case, step.data)
    # the organ's synced profile (bank, account, court, contact), its seed where unset
    profile = organ_profiles.printed(conn, str(case["authority_code"]))
    contact = {
        "person": str(extra.get("contact_person", content["officers"][0]["name"])),
        "phone": str(extra.get("contact_phone") or profile["contact_phone"]),
        "address": str(extra.get("contact_address") or profile["address"] or unit.authority),
    }
    if kind == "filing_approval":
        content.update(
            {
                "source": cases.SOURCES.get(str(case["source"]), ""),
                # 发现时间 as the filing request recorded it (else the day of the request)
                "found_on": chinese_date(
                    dt.date.fromisoformat(str(filing.data.get("found_on") or filing.occurred_on))
                ),
                "violates": entry.violates if entry else "",
                "facts": facts,
                "officers_opinion": str(filing.data.get("opinion") or "建议立案调查。"),
                "approver": {
                    "name": _officer_name(conn, step.approved_by),
                    "opinion": str(step.data.get("opinion") or "同意立案。"),
                    "date": chinese_date(step.occurred_on),
                },
            }
        )
    elif kind == "inquiry_record":
        content.update(
            {
                "started_at": str(step.data.get("started_at") or chinese_date(step.occurred_on)),
                "ended_at": str(step.data.get("ended_at") or ""),
                "place": str(step.data.get("place") or case["party_address"]),
                "person": {
                    "name": step.data.get("person", ""),
                    "gender": step.data.get("gender", ""),
                    "id_number": step.data.get("id_number", ""),
                    "employer": step.data.get("employer", case["party_name"]),
                    "position": step.data.get("position", ""),
                    "phone": step.data.get("phone", ""),
                    "address": step.data.get("address", ""),
                },
                "inquirer": _officer_name(conn, step.officer_ids[0]) if step.officer_ids else "",
                "recorder": _officer_name(conn, step.officer_ids[-1]) if step.officer_ids else "",
                "record": step.data.get("record", ""),
                "rights_told": True,
                "signatures": {
                    "person": {"name": step.data.get("person", ""), "image": None},
                    "officers": [
                        {"name": _officer_name(conn, o), "image": None} for o in step.officer_ids
                    ],
                },
            }
        )
    elif kind in ("penalty_notice", "hearing_notice"):
        amount = Decimal(str(step.data.get("amount", "0")))
        content.update(
            {
                "facts": facts,
                "basis": basis,
                "penalty_text": _text(amount),
                "penalty_lines": _penalty_lines(amount, basis, step.data),
                "violates": entry.violates if entry else "",
                "correction": _correction(entry),
                "hearing_days": 5,
                "contact": contact,
            }
        )
        if kind == "penalty_notice":
            content.update(
                {
                    "evidence": evidence,
                    "statement_days": cases.CaseRules().statement_days,
                    "hearing_right": bool(step.data.get("hearing_right")),
                }
            )
        elif not step.data.get("hearing_right"):
            raise CaseDocumentError(
                "no_hearing_right",
                "拟作出的处罚不属于听证范围，无需听证告知书。",
                "No hearing right: no hearing notice.",
            )
    elif kind == "penalty_decision":
        amount = Decimal(str(step.data.get("amount", "0")))
        statement = next((s for s in cur.steps if s.kind == "statement"), None)
        remedy_unit = unit
        content.update(
            {
                "facts": facts,
                "evidence": evidence,
                "statement_summary": _statement_summary(cur, statement),
                "basis": basis,
                "penalty_text": _text(amount),
                "penalty_lines": _penalty_lines(amount, basis, step.data),
                "violates": entry.violates if entry else "",
                "correction": _correction(entry),
                "amount_upper": money.to_chinese_upper(amount),
                "amount_figures": money.format_yuan(amount),
                "payment": _payment(extra, profile),
                # 行政复议法 (2023) Art. 24: the county-level government reviews its bureau
                "remedy": {
                    "review_body": remedy_unit.government or tree.city.government,
                    "review_days": 60,
                    "litigation_months": 6,
                    "court": str(extra.get("court") or profile["court"]),
                },
                "decided_on": chinese_date(step.occurred_on),
            }
        )
    elif kind == "delivery_receipt":
        decision = documents_of(conn, case_id, "penalty_decision")
        content.update(
            {
                "documents": [{"name": "行政处罚决定书", "number": d.number} for d in decision][
                    -1:
                ],
                "recipient": str(step.data.get("recipient") or case["party_legal_rep"]),
                "place": str(step.data.get("place") or case["party_address"]),
                "delivered_at": chinese_date(step.occurred_on),
                "method": str(step.data.get("method") or "直接送达"),
                "signatures": {
                    "recipient": {"name": str(step.data.get("recipient") or ""), "image": None},
                    "deliverers": [{"name": o["name"], "image": None} for o in content["officers"]],
                },
            }
        )
    elif kind == "closure_approval":
        decision = documents_of(conn, case_id, "penalty_decision")
        paid_on = max((s.occurred_on for s in cur.steps if s.kind == "payment"), default=None)
        content.update(
            {
                "decision_number": decision[-1].number if decision else "",
                "penalty_text": _text(cur.fine or Decimal("0")),
                "executed": f"已于{chinese_date(paid_on)}缴清罚款" if paid_on else "移送处理",
                "summary": facts,
                "officers_opinion": "处罚决定已执行完毕，建议结案。",
                "approver": {
                    "name": _officer_name(conn, step.approved_by),
                    "opinion": str(step.data.get("opinion") or "同意结案。"),
                    "date": chinese_date(step.occurred_on),
                },
            }
        )
    elif kind == "no_penalty_decision":
        ground = sanctions.default().no_penalty.get(str(step.data.get("ground")))
        content.update(
            {
                "facts": facts,
                "reason": str(step.data.get("reason") or ""),
                "ground": ground.zh if ground else "",
                "ground_cite": ground.cite if ground else "",
                "correction": _correction(entry),
                "remedy": {
                    "review_body": unit.government or tree.city.government,
                    "review_days": 60,
                    "litigation_months": 6,
                },
                "decided_on": chinese_date(step.occurred_on),
            }
        )
        if step.data.get("item"):
            content["item"] = str(step.data["item"])
    elif kind in measure_documents.FROM_STEP:
        shared = {
            "facts": facts,
            "basis": basis,
            "violates": entry.violates if entry else "",
            "correction": _correction(entry),
            "payment": _payment(extra, profile),
            "contact": contact,
            # 行政复议法 (2023) Art. 20, 24; 行政诉讼法 Art. 46
            "remedy": {
                "review_body": unit.government or tree.city.government,
                "review_days": 60,
                "litigation_months": 6,
            },
            "step_officers": _officer_rows(conn, step.officer_ids, step.occurred_on),
            "decision_number": _referred_number(conn, case_id, kind),
        }
        content.update(measure_documents.content(kind, case, cur, step, shared))
    elif kind in TRANSFER_DOCUMENTS.values():
        if not applies(kind, cur):
            raise CaseDocumentError(
                "transfer_kind",
                f"本案移送的是{cases.TRANSFER_TO.get(cur.transfer_to, '')}，"
                f"不能出具《{KINDS[kind][1]}》。",
                "This transfer needs the other transfer document.",
            )
        proposal = next(s for s in cur.steps if s.kind == "transfer_proposed")
        content.update(
            {
                "organ": str(extra.get("organ") or proposal.data.get("organ") or "公安机关"),
                "suspected": str(proposal.data.get("reason") or proposal.data.get("suspected", "")),
                "facts": facts,
                "attachments": [
                    "涉嫌犯罪案件情况的调查报告",
                    "涉案物品清单",
                    "有关检验报告或者鉴定结论",
                    "其他有关涉嫌犯罪的材料",
                ],
                "approver": {
                    "name": _officer_name(conn, step.approved_by),
                    "date": chinese_date(step.occurred_on),
                },
            }
        )
    else:
        raise ValueError(f"unknown case document {kind!r}")
    return content


def _payment(extra: Mapping[str, Any], profile: Mapping[str, str]) -> dict[str, Any]:
    """Where and by when a fine is paid: the bureau's collecting account (a setting of the
    city; until it is set, the document names it) within 15 days (行政处罚法 Art. 67)."""
    return {
        "days": cases.CaseRules().payment_days,
        "bank": str(extra.get("bank") or profile["bank"]),
        "account_name": str(extra.get("account_name") or profile["account_name"]),
        "account_no": str(extra.get("account_no") or profile["account_no"]),
        "surcharge_pct": 3,
    }


def _referred_number(conn: Any, case_id: str, kind: str) -> str:
    """The number of the decision ``kind`` refers to ("" when it refers to none)."""
    if kind not in REFERS_TO:
        return ""
    issued_before = documents_of(conn, case_id, REFERS_TO[kind])
    if not issued_before:
        title = KINDS[REFERS_TO[kind]][1]
        raise CaseDocumentError(
            "no_decision",
            f"请先出具《{title}》，《{KINDS[kind][1]}》引用其文号。",
            f"Issue the {REFERS_TO[kind]} first: this document cites its number.",
        )
    return issued_before[-1].number


def _evidence_line(step: cases.Step) -> str:
    """One item of the evidence list: an inquiry by whom it heard and when, or the evidence."""
    if step.kind == "inquiry":
        return (
            f"询问笔录（被询问人{step.data.get('person', '')}，{chinese_date(step.occurred_on)}）"
        )
    photos = step.data.get("photos") or []
    text = str(step.data.get("description", ""))
    return f"{text}（照片{len(photos)}张）" if photos else text


def _entry(case: Mapping[str, Any], data: Mapping[str, Any]) -> articles.ArticleEntry | None:
    try:
        return articles.default_catalogue().get(str(data.get("article_id") or case["article_id"]))
    except KeyError:
        return None


def _cite(case: Mapping[str, Any], data: Mapping[str, Any]) -> str:
    """The legal basis as written on a document, from the article catalogue."""
    entry = _entry(case, data)
    return entry.cite if entry else str(data.get("article_id") or case["article_id"])


def _correction(entry: articles.ArticleEntry | None) -> str:
    """行政处罚法 Art. 28: the penalty comes with the order to correct the act."""
    order = entry.order.zh if entry and entry.order else "责令改正"
    return f"{order}违法行为（《中华人民共和国行政处罚法》第二十八条）"


def _penalty_lines(amount: Decimal, basis: str, data: Mapping[str, Any]) -> list[dict[str, str]]:
    """Each penalty with the article it rests on: the fine, then the others (行政处罚法 Art. 59
    (三)); a confiscation with its amount."""
    lines = [{"text": _text(amount), "cite": basis}] if amount > 0 else []
    known = sanctions.default().kinds
    catalogue = articles.default_catalogue()
    for penalty in data.get("penalties") or []:
        kind = known.get(str(penalty.get("kind")))
        if kind is None:
            continue
        text = kind.zh
        if penalty.get("amount"):
            text += money.decision_phrase(Decimal(str(penalty["amount"])))
        try:
            cite = catalogue.get(str(penalty.get("article_id"))).cite
        except KeyError:
            cite = basis
        lines.append({"text": text, "cite": cite})
    return lines


def _statement_summary(cur: cases.CaseState, statement: cases.Step | None) -> str:
    if statement is not None:
        return str(statement.data.get("summary") or "当事人进行了陈述、申辩。")
    if cur.waived:
        return "当事人明确表示放弃陈述、申辩的权利。"
    return ""


def documents_of(conn: Any, case_id: str, kind: str | None = None) -> list[issued.Document]:
    found = issued.of_record(conn, case_id)
    return [d for d in found if kind is None or d.kind == kind]


def provisional_question(conn: Any, case_id: str, kind: str) -> tuple[str, str] | None:
    """What to ask (zh, en) before ``kind`` goes to the party under the case's provisional
    number (taken from the device's own range, no block leased by the server); None when
    there is nothing to ask."""
    cur = cases.state(conn, case_id)
    numbered = cases.case_number(cur)
    if kind not in TO_PARTY or numbered is None or not applies(kind, cur):
        return None  # nothing to ask: the document is refused for its own reason, or internal
    if not _provisional(cur):
        return None
    number = numbered[0]
    return (
        f"本案的编号“{number}”是本机临时编号（尚未从服务器领取编号段），送达当事人后不能再改。"
        "建议先联网同步领取正式编号。确定以此临时编号出具《" + KINDS[kind][1] + "》吗？",
        f"The case's number {number} is provisional (no block leased from the server yet) and "
        "cannot change once the party has it. Syncing first gets a final number. Issue the "
        "document under this provisional number?",
    )


def _provisional(cur: cases.CaseState) -> bool:
    first = next((s for s in cur.steps if s.kind in ("filing_approved", "onsite_decision")), None)
    return bool(first and first.data.get("provisional"))


def issue(
    uow: UnitOfWork,
    tree: JurisdictionTree,
    kind: str,
    case_id: str,
    issued_on: dt.date | None = None,
    extra: Mapping[str, Any] | None = None,
    *,
    provisional_ok: bool = False,
) -> issued.Document:
    """Issue a case document under the case's running number; content frozen at issue.

    A document for the party under a provisional number is refused unless the officer was
    asked (``provisional_question``) and chose it: ``provisional_ok``."""
    conn = uow.conn
    if kind not in KINDS:
        raise ValueError(f"unknown case document {kind!r}")
    if not provisional_ok and provisional_question(conn, case_id, kind) is not None:
        raise CaseDocumentError(
            "provisional",
            "本案编号是本机临时编号，须经办案人员确认后才能出具送达当事人的文书。",
            "The case's number is provisional: a document for the party needs the officer's "
            "confirmation.",
        )
    content = content_for(conn, tree, kind, case_id, extra)
    case = cases.require(conn, case_id)
    numbered = cases.case_number(cases.state(conn, case_id))
    assert numbered is not None
    region = numbered[0][1 : numbered[0].index("）")]
    day = issued_on or dt.datetime.fromisoformat(uow.now).date()
    day = measure_documents.dated_on_step(kind, cases.state(conn, case_id)) or day
    year = int(numbered[0].split("〔")[1].split("〕")[0])
    code, title = KINDS[kind]
    # a second document of the same kind (another inquiry, another receipt) is numbered after
    # the first: 17-2, 17-3 … (``issued.expected_number``)
    seq = numbered[1] * issued.CASE_SEQ + len(documents_of(conn, case_id, kind))
    where = {"record_table": "penalty_case", "authority": region, "doc_type": code, "year": year}
    number = issued.expected_number({**where, "seq": seq})
    content.update({"number": number, "issued_on": chinese_date(day), "title": title})
    return issued.store_issued(
        uow,
        new_id(),
        content,
        {
            "kind": kind,
            "record_table": "penalty_case",
            "record_id": case_id,
            "enterprise_id": case["enterprise_id"],
            "county_code": case["county_code"],
            "doc_type": code,
            "authority": region,
            "year": year,
            "seq": seq,
            "number": number,
            "issued_on": day.isoformat(),
        },
    )
