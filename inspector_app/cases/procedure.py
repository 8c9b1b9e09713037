"""Opening a case file and recording its steps (the procedure's writing side).

``open_case`` records the party, the cause and when the act happened; ``add_step`` records a
step after the guards (``guards.run``) let it through, and gives the case its running number
at filing. The server runs the same guards on every step a device pushes (``guards.check_step``)
and the same rules on every case record (``check_case``).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from inspector_app.cases import guards, sanctions
from inspector_app.cases.cases import (
    PARTY_KINDS,
    SOURCES,
    CaseError,
    CaseRules,
    StepInput,
    default_rules,
    require,
    state,
)
from inspector_app.cases.judging import FineCheck
from inspector_app.cases.workdays import Calendar
from inspector_app.documents import issued, numbers
from inspector_app.registry import context, officers
from inspector_app.registry.context import RuleContext
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.shapes import DATE, FLAG, Shape, check_shape, free_text, text
from inspector_app.registry.validation import choice, error, required_text, validate_id_number
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.clock import new_id

# -- the case record's rules (the server runs them too) -------------------------------------------

CASE_SHAPES: Mapping[str, Shape] = {
    "county_code": text(32),
    "town_code": text(32, optional=True),
    "supervising_unit": text(32),
    "authority_code": text(32),
    "enterprise_id": text(36),
    "party_kind": text(10, choices=PARTY_KINDS),
    "party_name": text(100),
    "party_id_number": text(18),
    "party_address": text(200),
    "party_legal_rep": text(50),
    "source": text(20, choices=SOURCES),
    "source_id": text(36),
    "cause": text(200),
    "facts": free_text(20_000),
    "violation_on": DATE,
    "continuing": FLAG,
    "article_id": text(40),
    "subject": text(40),
    "created_by": text(64),
}
# what a decision rests on: fixed once the case is decided (行政处罚法 Art. 59: the decision
# names the party, the facts and the provisions; a change is a new decision, not an edit)
DECIDED_FIXED = (
    "enterprise_id",
    "party_kind",
    "party_name",
    "party_id_number",
    "cause",
    "facts",
    "violation_on",
    "continuing",
    "article_id",
    "subject",
)
WHERE = ("county_code", "town_code", "supervising_unit")


def check_case(
    data: Mapping[str, Any], ctx: RuleContext, old: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """A case record: a party with a name (a person with a valid ID number), an act dated no
    later than today, filed where the enterprise is (or in a known county), handled by a known
    bureau; once decided, what the decision rests on never changes."""
    record = check_shape(data, CASE_SHAPES)
    record["party_name"] = required_text(record["party_name"], "party_name", 100)
    record["cause"] = required_text(record["cause"], "cause", 200)
    if not record["violation_on"]:
        raise error("violation_on", "required", "不能为空", "is required")
    ctx.not_after_today(dt.date.fromisoformat(record["violation_on"]), "violation_on")
    if record["party_kind"] == "person":
        record["party_id_number"] = validate_id_number(record["party_id_number"], "party_id_number")
    tree = ctx.jurisdictions() if (ctx.tree or ctx.registry) else None
    if tree is not None:
        for name in ("county_code", "supervising_unit", "authority_code"):
            if record[name] not in tree.units:
                raise error(name, "unknown", "不是已知的单位", "is not a known unit")
    if old is None and record["enterprise_id"]:
        enterprise = ctx.facts.get("enterprise", record["enterprise_id"])
        if enterprise is None:
            raise error(
                "party_name", "enterprise", "找不到当事单位的登记", "no such registry entry"
            )
        wrong = [f for f in WHERE if record[f] != enterprise.get(f)]
        if wrong:
            raise error(wrong[0], "enterprise", "应与当事单位的登记一致", "must match the registry")
    if old is not None:
        changed = [f for f in DECIDED_FIXED if record[f] != old.get(f)]
        if changed and any(
            s["kind"] == "decision" for s in ctx.facts.find("case_step", {"case_id": old["id"]})
        ):
            raise CaseError(
                "decided",
                "案件已作出处罚决定，当事人、违法事实和处罚依据不能再修改；"
                "如需更正，应依法撤销或变更原决定。",
                "The case is decided: its party, facts and article cannot change; a correction "
                "revokes or changes the decision.",
            )
    return record


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
    record = check_case({"town_code": None, **record}, context.of(uow, tree))
    case_id = new_id()
    columns = [*record, "id", "created_at", "updated_at"]
    conn.execute(
        f"INSERT INTO penalty_case({', '.join(columns)}) "
        f"VALUES ({', '.join(':' + c for c in columns)})",
        {**record, "id": case_id, "created_at": uow.now, "updated_at": uow.now},
    )
    uow.log("penalty_case", case_id, "insert", record)
    return case_id


def add_step(
    uow: UnitOfWork,
    case_id: str,
    step: StepInput,
    calendar: Calendar,
    rules: CaseRules | None = None,
    check_fine: FineCheck | None = None,
) -> str:
    """Record a step after the guards let it through (``guards``).

    ``check_fine(amount, case, data) -> None`` raises when an amount is outside the article's
    statutory range (``inspector_app.cases.articles``); without it the ranges are not checked."""
    rules = rules or default_rules()
    conn = uow.conn
    case = require(conn, case_id)
    data = dict(step.data)
    guards.run(context.of(uow), case, state(conn, case_id), step, data, calendar, rules, check_fine)
    if step.kind == "filing_approved":
        _number_case(uow, case, step.occurred_on, data)
    elif step.kind == "onsite_decision":  # a pre-numbered decision of its own series (Art. 52)
        _number_case(uow, case, step.occurred_on, data, sanctions.default().onsite.doc_type)
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
    uow: UnitOfWork,
    case: Mapping[str, Any],
    day: dt.date,
    data: dict[str, Any],
    doc_type: str = CASE_DOC_TYPE,
) -> None:
    """The case's running number, given at filing (all its documents may share it): taken
    from the device's blocks of the 立 series of the issuing bureau, like any document
    number."""
    region = _region(uow.conn, case)
    series = numbers.check_series(doc_type, region, day.year)
    seq = issued.take_number(uow, series, str(case["id"]))
    data["seq"] = seq
    data["case_number"] = issued.format_number(region, doc_type, day.year, seq)
    if seq >= numbers.LOCAL_BASE:
        # from the device's own range, not a block leased by the server: provisional until
        # the officer knowingly keeps it (the documents carry the mark)
        data["provisional"] = True


def _region(conn: sqlite3.Connection, case: Mapping[str, Any]) -> str:
    """The short name of the case's bureau, as its numbers carry it (（海宁）应急…)."""
    row = conn.execute(
        "SELECT short_name FROM jurisdiction WHERE code = ?", (case["authority_code"],)
    ).fetchone()
    return str(row[0]) if row and row[0] else "嘉"


def number_would_be_provisional(
    conn: sqlite3.Connection, case_id: str, day: dt.date, doc_type: str = CASE_DOC_TYPE
) -> bool:
    """Whether the number a step would take now (at filing, or the on-the-spot decision's
    with ``sanctions.default().onsite.doc_type``) comes from the device's own range: no block
    leased by the server has a number left in the series (``issued.take_number``)."""
    case = require(conn, case_id)
    region = _region(conn, case)
    return numbers.remaining(conn, doc_type, region, day.year, numbers.SERVER) == 0
