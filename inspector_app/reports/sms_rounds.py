"""The record of an SMS round sent (``sms_round``): replicated, immutable, one per round, with
the counts of the list, the template and filter used, the cases it told about and the SHA-256
of the gateway file (``reports.sms``).

``check_sms_round(data, facts, today)`` is the rule on both sides (the laptop before it writes,
the server on a pushed record): the fields' shape, the template still valid, the date not after
today, at least one number and no fewer billed parts than numbers, and every case the round
tells about public on the day it was sent — published by then and not yet withdrawn
(行政处罚法 Art. 48: only what was made public is repeated to the public). Its place is the
sending unit (``unit_code``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from inspector_app.registry.validation import error
from inspector_app.reports.sms import (
    SmsError,
    SmsList,
    SmsSettings,
    TargetFilter,
    Template,
    parse_template,
)
from inspector_app.reports.wire import Shape
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.clock import new_id
from inspector_app.store.facts import Facts, LocalFacts

TABLE = "sms_round"
FIELDS = (
    "unit_code",
    "title",
    "template",
    "signature",
    "target_filter",
    "case_ids",
    "recipients",
    "segments",
    "landlines",
    "invalid",
    "duplicates",
    "list_sha256",
    "sent_on",
    "created_by",
)
LOCAL_COLUMNS = ("created_at",)
MATTER = "publicity"
IMMUTABLE = True

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def check_sms_round(
    data: Mapping[str, Any], facts: Facts, today: dt.date, settings: SmsSettings | None = None
) -> dict[str, Any]:
    """The record normalised, or ``RecordInvalid`` naming every problem."""
    shape = Shape(data, FIELDS)
    shape.text("unit_code")
    shape.text("title", limit=100)
    template = shape.text("template", limit=2000)
    shape.text("signature", required=False, limit=40)
    shape.text("created_by")
    if template:
        try:
            parse_template(template, settings)
        except SmsError as exc:
            shape.add(error("template", exc.code, exc.zh, exc.en))
    target = shape.text("target_filter")
    try:
        if target and not isinstance(json.loads(target), dict):
            raise ValueError
    except ValueError:
        shape.add(error("target_filter", "json", "应为JSON对象", "must be a JSON object"))
    recipients = shape.integer("recipients", minimum=1)
    if shape.integer("segments", minimum=1) < recipients:
        shape.add(error("segments", "range", "计费条数不能少于号码数", "fewer parts than numbers"))
    for name in ("landlines", "invalid", "duplicates"):
        shape.integer(name)
    digest = shape.text("list_sha256")
    if digest and not _SHA256.match(digest):
        shape.add(error("list_sha256", "sha256", "应为64位小写十六进制", "must be a SHA-256"))
    sent_on = shape.date("sent_on", today)
    for case_id in [c for c in shape.text("case_ids", required=False).split(",") if c]:
        if sent_on is not None and not published_on(facts, case_id, sent_on):
            shape.add(
                error(
                    "case_ids",
                    "not_published",
                    f"短信所述案件在发送日（{sent_on.isoformat()}）须已依法公开且未撤回"
                    "（《行政处罚法》第四十八条）",
                    f"case {case_id} was not published (or was withdrawn) on {sent_on} (Art. 48)",
                )
            )
    return shape.done()


def published_on(facts: Facts, case_id: str, day: dt.date) -> bool:
    """The case's decision was public on ``day``: published on or before it and not withdrawn
    by then (a later withdrawal does not undo a round sent before it)."""
    records = facts.find("case_publication", {"case_id": case_id})
    withdrawn = {
        r["withdraws_id"]
        for r in records
        if r.get("action") == "withdraw" and str(r["published_on"]) <= day.isoformat()
    }
    return any(
        r.get("action") == "publish"
        and str(r["published_on"]) <= day.isoformat()
        and r["id"] not in withdrawn
        for r in records
    )


def record_round(
    uow: UnitOfWork,
    unit_code: str,
    title: str,
    template: Template,
    target: TargetFilter,
    sms_list: SmsList,
    list_sha256: str,
    sent_on: dt.date,
    today: dt.date,
    case_ids: Sequence[str] = (),
) -> str:
    """Record a round sent (after the gateway took the file whose SHA-256 is given)."""
    record = {
        "unit_code": unit_code,
        "title": title,
        "template": template.text,
        "signature": template.signature,
        "target_filter": target.to_json(),
        "case_ids": ",".join(case_ids),
        "recipients": sms_list.messages,
        "segments": sms_list.parts,
        "landlines": sms_list.count("landline"),
        "invalid": sms_list.count("invalid") + sms_list.count("missing"),
        "duplicates": sms_list.count("duplicate"),
        "list_sha256": list_sha256,
        "sent_on": sent_on.isoformat(),
        "created_by": uow.author,
    }
    checked = check_sms_round(record, LocalFacts(uow.conn), today)
    record_id = new_id()
    columns = [*FIELDS, "id", "created_at"]
    uow.conn.execute(
        f"INSERT INTO {TABLE}({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})",
        {**checked, "id": record_id, "created_at": uow.now},
    )
    uow.log(TABLE, record_id, "insert", checked)
    return record_id
