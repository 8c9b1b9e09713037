"""Issuing the inspection documents (执法文书): number, frozen content, lifecycle events.

``issue`` takes the next number of the series (``documents.numbers``: a leased server block,
or before any sign-in this device's local block), builds the document's content from the signed
records, and stores both in one unit of work; the content is what every later print shows
(reprints are identical; the ``document`` row cannot be changed). Issuing a rectification order
records an ``ordered`` event with its deadline on each hazard it lists.

Numbers follow ``（{region}）应急{code}〔{year}〕{n}号`` (domain reference §4.2); the region is
the short name of the issuing county-level unit (township staff under delegation issue in the
delegating county bureau's name, 行政处罚法 Art. 20). The rendering to PDF is the UI's
(``ui.documents``); this module produces the content it fills in.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from inspector_app.documents import kinds, numbers
from inspector_app.documents.issued import (
    Document,
    chinese_date,
    chinese_time,
    format_number,
    get,
    store_issued,
    take_number,
)
from inspector_app.inspections import hazards, inspections
from inspector_app.inspections import rules as inspection_rules
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.clock import new_id

# the inspection's documents (``resources/documents/kinds.json``): kind → number code, title
DOC_TYPES = {k: v.code for k, v in kinds.of_area("inspection").items()}
TITLES = {k: v.title for k, v in kinds.of_area("inspection").items()}


# -- content -----------------------------------------------------------------------------------


def _signature(sig: Mapping[str, Any]) -> dict[str, Any]:
    if sig["refused"]:
        return {"name": sig["signer_name"], "refused": True, "witness": sig["witness"]}
    return {"name": sig["signer_name"], "image_sha256": sig["image_sha256"]}


def _common(
    conn: sqlite3.Connection, tree: JurisdictionTree, inspection: inspections.Inspection
) -> dict[str, Any]:
    enterprise = Registry.get(conn, inspection.enterprise_id) or {}
    unit = tree.units.get(inspection.authority_code, tree.city)
    return {
        "authority": unit.authority,
        "enterprise": {
            "name": enterprise.get("name", ""),
            "address": enterprise.get("address", ""),
            "legal_rep": enterprise.get("legal_rep", ""),
            "legal_rep_title": "法定代表人（负责人）",
            "contact_phone": enterprise.get("contact_phone", ""),
            "uscc": enterprise.get("uscc", ""),
        },
        "officers": [
            {"name": m.officer.name, "certificate_no": m.certificate.number}
            for m in inspections.team(conn, inspection.id)
        ],
    }


def _remedy(tree: JurisdictionTree, inspection: inspections.Inspection) -> dict[str, Any]:
    rules = inspection_rules.default_rules()
    unit = tree.units.get(inspection.authority_code, tree.city)
    # 行政复议法 (2023) Art. 24: a county-level department's act is reviewed by 本级人民政府
    return {
        "review_body": unit.government or tree.city.government,
        "review_days": int(rules.remedy["review_days"]),
        "litigation_months": int(rules.remedy["litigation_months"]),
    }


def _hazard_rows(conn: sqlite3.Connection, inspection_id: str) -> list[dict[str, Any]]:
    lineage = inspections.ancestry(conn, inspection_id)
    rows: list[dict[str, Any]] = []
    for record_id in reversed(lineage):
        rows.extend(hazards.of_inspection(conn, record_id))
    return rows


def _officer_signatures(conn: sqlite3.Connection, record_id: str) -> list[dict[str, Any]]:
    return [
        _signature(s) for s in inspections.signatures(conn, record_id) if s["role"] == "officer"
    ]


def content_for(
    conn: sqlite3.Connection,
    tree: JurisdictionTree,
    kind: str,
    inspection_id: str,
    hazard_ids: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The document's fields (without number and date, which ``issue`` adds)."""
    inspection = inspections.require(conn, inspection_id)
    rules = inspection_rules.default_rules()
    content = _common(conn, tree, inspection)
    rows = _hazard_rows(conn, inspection_id)
    if hazard_ids is not None:
        wanted = set(hazard_ids)
        rows = [r for r in rows if r["id"] in wanted]
    content["hazard_ids"] = [r["id"] for r in rows]
    # the receiver signs the paper by hand (or ``sign_receipt`` records it); the person in
    # charge met on site is who usually receives the document
    blank_receiver = {"name": inspection.person_in_charge or "受送达人", "image": None}
    if kind == "inspection_record":
        sigs = inspections.signatures(conn, inspection_id)
        person = [_signature(s) for s in sigs if s["role"] == "person_in_charge"]
        content.update(
            {
                "place": inspection.place,
                "started_at": chinese_time(inspection.started_at),
                "ended_at": chinese_time(inspection.ended_at),
                "inspection_kind": rules.kinds[inspection.kind].zh,
                "person_in_charge": {
                    "name": inspection.person_in_charge,
                    "title": inspection.person_title,
                    "phone": inspection.person_phone,
                },
                "certificates_shown": True,
                "situation": inspection.situation,
                "amends": inspection.amend_reason if inspection.amends_id else "",
                "hazards": [
                    {
                        "seq": n,
                        "description": r["description"],
                        "location": r["location"],
                        "basis": r["basis"],
                        "major": bool(r["major"]),
                        "measure": "、".join(
                            rules.measures[m].zh for m in r["measures"].split(",") if m
                        )
                        or ("责令限期整改" if r["deadline"] else ""),
                    }
                    for n, r in enumerate(rows, 1)
                ],
                "signatures": {
                    "officers": _officer_signatures(conn, inspection_id),
                    "person_in_charge": person[0] if person else blank_receiver,
                },
            }
        )
    elif kind == "onsite_measures":
        chosen = [
            r
            for r in rows
            if any(rules.measures[m].onsite_decision for m in r["measures"].split(",") if m)
        ]
        codes = list(
            dict.fromkeys(
                m
                for r in chosen
                for m in r["measures"].split(",")
                if m and rules.measures[m].onsite_decision
            )
        )
        content.update(
            {
                "hazard_ids": [r["id"] for r in chosen],
                "findings": [
                    {"seq": n, "description": r["description"], "location": r["location"]}
                    for n, r in enumerate(chosen, 1)
                ],
                "basis": "；".join(dict.fromkeys(rules.measures[c].basis for c in codes)),
                "measures": [rules.measures[c].zh for c in codes],
                "remedy": _remedy(tree, inspection),
                "signatures": {
                    "officers": _officer_signatures(conn, inspection_id),
                    "receiver": blank_receiver,
                },
            }
        )
    elif kind == "rectification_order":
        ordered = [r for r in rows if r["deadline"]]
        content.update(
            {
                "hazard_ids": [r["id"] for r in ordered],
                "items": [
                    {
                        "seq": n,
                        "description": r["description"],
                        "basis": r["basis"],
                        "deadline": chinese_date(dt.date.fromisoformat(r["deadline"])),
                    }
                    for n, r in enumerate(ordered, 1)
                ],
                "deadline": chinese_date(max(dt.date.fromisoformat(r["deadline"]) for r in ordered))
                if ordered
                else "",
                "remedy": _remedy(tree, inspection),
                "signatures": {
                    "officers": _officer_signatures(conn, inspection_id),
                    "receiver": blank_receiver,
                },
            }
        )
    elif kind == "review_opinion":
        reviewed = [
            i
            for i in inspections.items(conn, inspection_id)
            if i.item_code.startswith(inspection_rules.REVIEW_PREFIX)
        ]
        order_numbers = []
        for item in reviewed:
            hazard_id = item.item_code[len(inspection_rules.REVIEW_PREFIX) :]
            for event in hazards.events(conn, hazard_id):
                if event.kind == "ordered" and event.document_id:
                    doc = get(conn, event.document_id)
                    if doc and doc.number not in order_numbers:
                        order_numbers.append(doc.number)
        failed = [i for i in reviewed if i.verdict == "hazard"]
        content.update(
            {
                "hazard_ids": [
                    i.item_code[len(inspection_rules.REVIEW_PREFIX) :] for i in reviewed
                ],
                "order_number": "、".join(order_numbers),
                "review_date": chinese_date(inspection.day),
                "items": [
                    {
                        "seq": n,
                        "description": i.item_text,
                        "result": "已整改" if i.verdict == "compliant" else "未整改",
                        "note": i.note,
                    }
                    for n, i in enumerate(reviewed, 1)
                ],
                "conclusion": inspection.situation
                or (
                    "经复查，上述隐患均已整改完毕。"
                    if not failed
                    else f"经复查，尚有{len(failed)}项隐患未整改，将依法立案查处。"
                ),
                "signatures": {
                    "officers": _officer_signatures(conn, inspection_id),
                    "receiver": blank_receiver,
                },
            }
        )
    else:
        raise ValueError(f"unknown document kind {kind!r}")
    return content


class DocumentError(inspection_rules.InspectionError):
    pass


def issue(
    uow: UnitOfWork,
    tree: JurisdictionTree,
    kind: str,
    inspection_id: str,
    issued_on: dt.date | None = None,
    hazard_ids: Sequence[str] | None = None,
) -> Document:
    """Issue a document of a signed inspection: take its number, freeze its content; a
    rectification order also records the ``ordered`` event (with deadline) of each hazard."""
    conn = uow.conn
    inspection = inspections.require(conn, inspection_id)
    if not inspection.signed:
        raise DocumentError(
            "not_signed",
            "检查记录签名后才能出具文书。",
            "Documents are issued from a signed inspection.",
        )
    if kind not in DOC_TYPES:
        raise ValueError(f"unknown document kind {kind!r}")
    day = issued_on or dt.datetime.fromisoformat(uow.now).date()
    content = content_for(conn, tree, kind, inspection_id, hazard_ids)
    if kind in ("onsite_measures", "rectification_order") and not content["hazard_ids"]:
        raise DocumentError(
            "nothing_to_order",
            f"没有需要列入《{TITLES[kind]}》的隐患。",
            f"No hazard calls for a {kind.replace('_', ' ')}.",
        )
    if kind == "review_opinion" and inspection.kind != "review":
        raise DocumentError(
            "not_review", "整改复查意见书由复查记录出具。", "A review opinion comes from a review."
        )
    unit = tree.units.get(inspection.authority_code, tree.city)
    region = unit.short_name or tree.city.short_name
    document_id = new_id()
    series = numbers.check_series(DOC_TYPES[kind], region, day.year)
    seq = take_number(uow, series, document_id)
    number = format_number(region, DOC_TYPES[kind], day.year, seq)
    content.update({"number": number, "issued_on": chinese_date(day), "title": TITLES[kind]})
    found = store_issued(
        uow,
        document_id,
        content,
        {
            "kind": kind,
            "record_table": "inspection",
            "record_id": inspection_id,
            "enterprise_id": inspection.enterprise_id,
            "county_code": inspection.county_code,
            "doc_type": series.doc_type,
            "authority": series.authority,
            "year": series.year,
            "seq": seq,
            "number": number,
            "issued_on": day.isoformat(),
        },
    )
    if kind == "rectification_order":
        for hazard_id in content["hazard_ids"]:
            row = hazards.get(conn, hazard_id)
            assert row is not None
            current = hazards.state(conn, hazard_id)
            deadline = dt.date.fromisoformat(row["deadline"])
            if current.state in ("found", "review_failed"):
                hazards.record_event(
                    uow, hazard_id, "ordered", day, deadline=deadline, document_id=document_id
                )
    return found
