"""Publication records of penalty decisions (行政处罚法 Art. 48): one record each time a decided
case is made public — on the website, in a typical-case bulletin, in the press — and one each
time it is withdrawn.

Art. 48: decisions with some social effect are published; when a published decision is
changed, revoked, confirmed illegal or confirmed void, the bureau withdraws it within three
days (working days, Art. 85; ``resources/publication.json``) and publishes the reason.

The table ``case_publication`` is replicated and immutable: a withdrawal is a record of its own
(``action = 'withdraw'``, ``withdraws_id`` naming the publication), so what was public and when
stays on file. A record carries what was published (``content``, JSON) with its SHA-256, and the
case's place (county, town, supervising unit) so that scope filters are a WHERE clause.

``check_case_publication(data, facts, today)`` is the rule on both sides (the laptop before it
writes, the server on a pushed record): the fields' shape, dates not after today and not
before what they follow (the decision; for a withdrawal, the publication and the change), the
case decided, the place the case's, and the content free of what the anonymisation rules hide
(``anonymise``). A withdrawal made after its deadline is accepted — it happened — and
``withdrawal_late`` says so.

How the change of a decision is learnt is outside this table: the case has no step for a
review's outcome yet, so ``pending_withdrawals`` takes the dates of the changes as input.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from inspector_app.cases.workdays import Calendar, add_working_days, default_calendar
from inspector_app.registry.validation import error
from inspector_app.reports.anonymise import (
    LEAK_NAMES,
    Anonymiser,
    PublicationRules,
    default_rules,
    persons_of,
)
from inspector_app.reports.case_facts import step_of
from inspector_app.reports.wire import MAX_CONTENT, Shape, sha256_text
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.clock import new_id
from inspector_app.store.facts import Facts, LocalFacts

TABLE = "case_publication"
FIELDS = (
    "case_id",
    "county_code",
    "town_code",
    "supervising_unit",
    "action",
    "channel",
    "issue",
    "published_on",
    "content",
    "content_sha256",
    "withdraws_id",
    "reason",
    "changed_on",
    "created_by",
)
LOCAL_COLUMNS = ("created_at",)
PARENT = ("penalty_case", "case_id")
MATTER = "cases"
IMMUTABLE = True
ACTIONS = {"publish": "公开", "withdraw": "撤回"}
CHANNELS = {
    "website": "政府网站",
    "bulletin": "典型案例通报",
    "newspaper": "报纸",
    "tv": "电视",
    "new_media": "政务新媒体",
}


def check_case_publication(
    data: Mapping[str, Any],
    facts: Facts,
    today: dt.date,
    rules: PublicationRules | None = None,
) -> dict[str, Any]:
    """The record normalised, or ``RecordInvalid`` naming every problem (see the module)."""
    rules = rules or default_rules()
    shape = Shape(data, FIELDS)
    case_id = shape.text("case_id")
    action = shape.choice("action", ACTIONS)
    channel = shape.choice("channel", CHANNELS)
    shape.text("issue", required=channel == "bulletin", limit=100)
    published_on = shape.date("published_on", today)
    content = shape.text("content", limit=MAX_CONTENT)
    shape.sha256_of("content_sha256", "content")
    shape.text("created_by")
    for name in ("county_code", "supervising_unit"):
        shape.text(name)
    town = data.get("town_code")
    shape.out["town_code"] = town if town is None else shape.text("town_code", required=False)
    withdraws_id = shape.text("withdraws_id", required=action == "withdraw")
    reason = shape.text("reason", required=action == "withdraw")
    changed_on = shape.date("changed_on", today, required=action == "withdraw")
    if action == "publish":
        for name, value in (("withdraws_id", withdraws_id), ("reason", reason)):
            if value:
                shape.add(error(name, "publish", "公开记录不填该项", "only for a withdrawal"))
        if changed_on is not None:
            shape.add(error("changed_on", "publish", "公开记录不填该项", "only for a withdrawal"))
    elif reason and reason not in rules.withdrawal_reasons:
        shape.add(error("reason", "choice", f"“{reason}”不是撤回事由", f"{reason!r} is no reason"))
    case = facts.get("penalty_case", case_id) if case_id else None
    if case_id and case is None:
        shape.add(error("case_id", "unknown", "找不到该案件", "no such case"))
    if case is not None:
        decided = _check_case(shape, case, facts, published_on, changed_on, content, rules)
        if action == "withdraw" and withdraws_id:
            _check_withdrawal(shape, facts, case_id, withdraws_id, published_on, changed_on)
        shape.later("changed_on", changed_on, decided, "处罚决定日期")
    return shape.done()


def _check_case(
    shape: Shape,
    case: Mapping[str, Any],
    facts: Facts,
    published_on: dt.date | None,
    changed_on: dt.date | None,
    content: str,
    rules: PublicationRules,
) -> dt.date | None:
    """The case is decided, the record is placed where the case is, the content hides what
    the rules hide; returns the decision's date."""
    for name in ("county_code", "town_code", "supervising_unit"):
        if name in shape.data and (shape.data.get(name) or None) != (case.get(name) or None):
            shape.add(error(name, "scope", "与案件的所属地不一致", "differs from the case's"))
    steps = [step_of(r) for r in facts.find("case_step", {"case_id": case["id"]})]
    decisions = sorted(s.occurred_on for s in steps if s.kind == "decision")
    if not decisions:
        shape.add(
            error(
                "case_id",
                "not_decided",
                "案件尚未作出行政处罚决定，不能公开（《行政处罚法》第四十八条）",
                "the case has no decision to publish (Art. 48)",
            )
        )
        return None
    shape.later("published_on", published_on, decisions[0], "处罚决定日期")
    units = [str(case.get("party_name") or "")] if case.get("party_kind") == "unit" else []
    enterprise = facts.get("enterprise", str(case.get("enterprise_id") or ""))
    if enterprise is not None:
        units.append(str(enterprise.get("name") or ""))
    try:
        published = json.loads(content) if content else {}
    except ValueError:
        shape.add(error("content", "json", "应为JSON", "must be JSON"))
        return decisions[0]
    if not isinstance(published, dict):
        shape.add(error("content", "json", "应为JSON对象", "must be a JSON object"))
        return decisions[0]
    hide = Anonymiser(persons_of(case, steps), units, rules)
    leaked = hide.value_leaks(published)
    if leaked:
        zh = "、".join(LEAK_NAMES[k][0] for k in leaked)
        en = ", ".join(LEAK_NAMES[k][1] for k in leaked)
        shape.add(error("content", "personal_data", f"公开内容含有{zh}，须先隐去", f"shows {en}"))
    return decisions[0]


def _check_withdrawal(
    shape: Shape,
    facts: Facts,
    case_id: str,
    withdraws_id: str,
    published_on: dt.date | None,
    changed_on: dt.date | None,
) -> None:
    target = facts.get(TABLE, withdraws_id)
    if target is None or target.get("action") != "publish" or target.get("case_id") != case_id:
        shape.add(
            error("withdraws_id", "unknown", "不是本案的公开记录", "not a publication of the case")
        )
        return
    if facts.find(TABLE, {"withdraws_id": withdraws_id}):
        shape.add(error("withdraws_id", "twice", "该公开记录已撤回", "already withdrawn"))
    shown = dt.date.fromisoformat(str(target["published_on"]))
    shape.later("published_on", published_on, shown, "公开日期")
    shape.later("published_on", published_on, changed_on, "决定变更日期")


def withdrawal_due(
    changed_on: dt.date, calendar: Calendar | None = None, rules: PublicationRules | None = None
) -> dt.date:
    """The last day to withdraw a publication whose decision changed on ``changed_on``."""
    days = (rules or default_rules()).withdraw_working_days
    return add_working_days(calendar or default_calendar(), changed_on, days)


def withdrawal_late(
    record: Mapping[str, Any],
    calendar: Calendar | None = None,
    rules: PublicationRules | None = None,
) -> bool:
    """A withdrawal record made after its deadline."""
    changed = dt.date.fromisoformat(str(record["changed_on"]))
    done = dt.date.fromisoformat(str(record["published_on"]))
    return done > withdrawal_due(changed, calendar, rules)


@dataclass(frozen=True)
class Publication:
    id: str
    record: Mapping[str, Any]
    withdrawal: Mapping[str, Any] | None  # the record that withdrew it

    @property
    def live(self) -> bool:
        return self.withdrawal is None


def publications(records: Iterable[tuple[str, Mapping[str, Any]]]) -> list[Publication]:
    """The publications among (id, record) pairs, each with its withdrawal if any."""
    items = list(records)
    withdrawn = {r["withdraws_id"]: r for _, r in items if r.get("action") == "withdraw"}
    return [
        Publication(record_id, record, withdrawn.get(record_id))
        for record_id, record in sorted(items, key=lambda p: (str(p[1]["published_on"]), p[0]))
        if record.get("action") == "publish"
    ]


@dataclass(frozen=True)
class PendingWithdrawal:
    publication: Publication
    changed_on: dt.date
    due: dt.date
    overdue: bool


def pending_withdrawals(
    found: Sequence[Publication],
    changed: Mapping[str, dt.date],
    today: dt.date,
    calendar: Calendar | None = None,
    rules: PublicationRules | None = None,
) -> list[PendingWithdrawal]:
    """Live publications of cases whose decision changed (case id → day of the change) that
    must be withdrawn, soonest first."""
    out = []
    for publication in found:
        day = changed.get(str(publication.record["case_id"]))
        shown = dt.date.fromisoformat(str(publication.record["published_on"]))
        if publication.live and day is not None and day >= shown:
            due = withdrawal_due(day, calendar, rules)
            out.append(PendingWithdrawal(publication, day, due, today > due))
    return sorted(out, key=lambda p: p.due)


# -- writing (local) ---------------------------------------------------------------------------


def publish(
    uow: UnitOfWork,
    case_id: str,
    content: Mapping[str, Any],
    channel: str,
    published_on: dt.date,
    today: dt.date,
    issue: str = "",
) -> str:
    """Record that the case's decision was made public with ``content`` (already anonymised:
    a content that shows a person is refused)."""
    case = LocalFacts(uow.conn).get("penalty_case", case_id) or {}
    record = _record(uow, case, content, "publish", channel, issue, published_on)
    return _insert(uow, record, today)


def publish_bulletin(
    uow: UnitOfWork, content: Mapping[str, Any], published_on: dt.date, today: dt.date
) -> list[str]:
    """One publication record per case of a typical-case bulletin (``bulletins.
    bulletin_content``), each with the case as the bulletin tells it."""
    ids = []
    for entry in content["cases"]:
        shown = {k: v for k, v in entry.items() if k != "case_id"}
        ids.append(
            publish(
                uow,
                str(entry["case_id"]),
                {**shown, "bulletin": f"{content['authority']}{content['issue']}"},
                "bulletin",
                published_on,
                today,
                issue=str(content["issue"]),
            )
        )
    return ids


def withdraw(
    uow: UnitOfWork,
    publication_id: str,
    reason: str,
    changed_on: dt.date,
    statement: str,
    withdrawn_on: dt.date,
    today: dt.date,
) -> str:
    """Record the withdrawal of a publication with the reason made public (Art. 48)."""
    facts = LocalFacts(uow.conn)
    target = facts.get(TABLE, publication_id) or {}
    case = facts.get("penalty_case", str(target.get("case_id") or "")) or {}
    record = _record(
        uow,
        case or {"id": target.get("case_id", "")},
        {"statement": statement},
        "withdraw",
        str(target.get("channel") or "website"),
        str(target.get("issue") or ""),
        withdrawn_on,
    )
    record.update(withdraws_id=publication_id, reason=reason, changed_on=changed_on.isoformat())
    return _insert(uow, record, today)


def _record(
    uow: UnitOfWork,
    case: Mapping[str, Any],
    content: Mapping[str, Any],
    action: str,
    channel: str,
    issue: str,
    day: dt.date,
) -> dict[str, Any]:
    text = json.dumps(content, ensure_ascii=False, sort_keys=True)
    return {
        "case_id": str(case.get("id") or ""),
        "county_code": case.get("county_code") or "",
        "town_code": case.get("town_code"),
        "supervising_unit": case.get("supervising_unit") or "",
        "action": action,
        "channel": channel,
        "issue": issue,
        "published_on": day.isoformat(),
        "content": text,
        "content_sha256": sha256_text(text),
        "withdraws_id": "",
        "reason": "",
        "changed_on": "",
        "created_by": uow.author,
    }


def _insert(uow: UnitOfWork, record: dict[str, Any], today: dt.date) -> str:
    checked = check_case_publication(record, LocalFacts(uow.conn), today)
    record_id = new_id()
    columns = [*FIELDS, "id", "created_at"]
    uow.conn.execute(
        f"INSERT INTO {TABLE}({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})",
        {**checked, "id": record_id, "created_at": uow.now},
    )
    uow.log(TABLE, record_id, "insert", checked)
    return record_id


def local_records(conn: sqlite3.Connection, case_id: str | None = None) -> list[Publication]:
    where, params = ("WHERE case_id = ?", (case_id,)) if case_id else ("", ())
    rows = conn.execute(f"SELECT id, {', '.join(FIELDS)} FROM {TABLE} {where}", params)
    return publications((r[0], dict(zip(FIELDS, r[1:], strict=True))) for r in rows)
