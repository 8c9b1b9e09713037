"""Signing an inspection (安全生产法 Art. 68) and the receipt of a document.

Signing needs every officer of the team to sign and the person in charge to sign or a refusal
recorded with its witness; it fixes the content hash of the record as signed (``content_of``)
and the signed lock (``inspection_rules.require_draft``) refuses every later change. Signing a
review inspection records its reviews (``reviews``); the hazards become official with a
``found`` event each (and ``closed`` when eliminated on the spot).

The server runs the same rules on what a device pushes (``check_signature``,
``check_signed``): a signature only while the record is being signed and only by someone who
may sign it, and a record marked signed only with its signatures and a hash that matches its
content as the server holds it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from inspector_app.inspections import hazards, reviews
from inspector_app.inspections.inspections import (
    _VOLATILE,
    COLUMNS,
    ancestry,
    items,
    require,
    update,
)
from inspector_app.inspections.rules import REVIEW_PREFIX, InspectionError, day_of, require_draft
from inspector_app.inspections.team import check_team
from inspector_app.registry.context import RuleContext
from inspector_app.registry.shapes import FLAG, TIMESTAMP, Shape, check_shape, text
from inspector_app.registry.validation import error, label
from inspector_app.store import attachments
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.clock import new_id
from inspector_app.store.facts import Facts, LocalFacts, facts_of

ROLES = ("officer", "person_in_charge", "receiver")
SIGNATURE_SHAPES: Mapping[str, Shape] = {
    "record_table": text(20, choices=("inspection", "document")),
    "record_id": text(36),
    "role": text(20, choices=ROLES),
    "signer_name": text(50),
    "officer_id": text(36),
    "image_sha256": text(64, optional=True),
    "refused": FLAG,
    "witness": text(50),
    "signed_at": TIMESTAMP,
}


@dataclass(frozen=True)
class SignatureInput:
    """One signature given at signing: an image (attachment SHA-256) or a refusal."""

    role: str  # officer | person_in_charge | receiver
    signer_name: str
    officer_id: str = ""
    image_sha256: str | None = None
    refused: bool = False
    witness: str = ""


# -- the record as signed ----------------------------------------------------------------------


def content_of(facts: Facts | sqlite3.Connection, inspection_id: str) -> dict[str, Any]:
    """The record as signed: the inspection, its team, verdicts, hazards and their photos."""
    facts = facts_of(facts)
    found = facts.get("inspection", inspection_id)
    if found is None:
        raise InspectionError("not_found", "找不到该检查记录。", f"No inspection {inspection_id}.")
    record = {k: found[k] for k in COLUMNS if k not in _VOLATILE}
    team = sorted(facts.find("inspection_officer", {"inspection_id": inspection_id}), key=_place)
    record["officers"] = []
    for member in team:
        officer = facts.get("officer", str(member["officer_id"])) or {}
        cert = facts.get("enforcement_certificate", str(member["certificate_id"])) or {}
        record["officers"].append(
            {
                "officer_id": member["officer_id"],
                "name": officer.get("name", ""),
                "certificate": cert.get("number", ""),
            }
        )
    answered = sorted(facts.find("inspection_item", {"inspection_id": inspection_id}), key=_place)
    record["items"] = [
        {"code": i["item_code"], "verdict": i["verdict"], "note": i["note"]} for i in answered
    ]
    found_hazards = [
        h for h in facts.find("hazard", {"inspection_id": inspection_id}) if not h["withdrawn"]
    ]
    record["hazards"] = [
        {
            "id": h["id"],
            **{k: h[k] for k in ("item_code", "description", "location", "basis", "major")},
            "measures": h["measures"],
            "deadline": h["deadline"],
            "photos": [
                p["sha256"]
                for p in sorted(
                    facts.find("hazard_photo", {"hazard_id": h["id"]}),
                    key=lambda p: (int(p["position"]), str(p["sha256"])),
                )
                if not p["withdrawn"]
            ],
        }
        for h in sorted(found_hazards, key=lambda h: (int(h["position"]), str(h["id"])))
    ]
    return record


def team_of(facts: Facts, inspection_id: str) -> list[str]:
    """The team's officer ids in their order."""
    rows = facts.find("inspection_officer", {"inspection_id": inspection_id})
    return [str(m["officer_id"]) for m in sorted(rows, key=_place)]


def _place(row: Mapping[str, Any]) -> tuple[int, str]:
    return int(row["position"]), str(row["id"])


def content_hash(content: Mapping[str, Any]) -> str:
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def readiness(conn: sqlite3.Connection, inspection_id: str) -> list[tuple[str, str]]:
    """What still keeps the inspection from being signed, as (zh, en) sentences."""
    found = require(conn, inspection_id)
    out: list[tuple[str, str]] = []
    if not found.person_in_charge.strip():
        out.append(("请填写被检查单位现场负责人", "enter the person in charge present"))
    if not found.situation.strip():
        out.append(("请填写检查情况", "describe what was found"))
    answered = items(conn, inspection_id)
    blank = [i for i in answered if not i.verdict]
    if blank:
        out.append(
            (
                f"检查表还有{len(blank)}项未作结论（第一项：{blank[0].item_text[:20]}）",
                f"{len(blank)} checklist items have no verdict",
            )
        )
    hazard_items = {
        i.item_code
        for i in answered
        if i.verdict == "hazard" and not i.item_code.startswith(REVIEW_PREFIX)
    }
    lineage = ancestry(conn, inspection_id)
    recorded = {
        r[0]
        for r in conn.execute(
            f"SELECT item_code FROM hazard WHERE withdrawn = 0 AND inspection_id IN "
            f"({', '.join('?' * len(lineage))})",
            lineage,
        )
    }
    missing = hazard_items - recorded
    if missing:
        out.append(
            (
                f"有{len(missing)}个判为“存在隐患”的检查项尚未登记隐患",
                f"{len(missing)} items marked as hazard have no hazard recorded",
            )
        )
    undecided = conn.execute(
        "SELECT description FROM hazard WHERE inspection_id = ? AND withdrawn = 0 "
        "AND deadline = '' "
        "AND measures NOT LIKE '%eliminate_now%'",
        (inspection_id,),
    ).fetchall()
    if undecided:
        out.append(
            (
                f"隐患“{undecided[0][0][:20]}”等{len(undecided)}项未定整改期限或现场立即排除",
                f"{len(undecided)} hazards have neither a deadline nor immediate elimination",
            )
        )
    return out


# -- the rules the server runs too ----------------------------------------------------------------


def check_signature(data: Mapping[str, Any], ctx: RuleContext) -> dict[str, Any]:
    """A signature: on an inspection only while it is being signed (a draft) and by one of its
    officers or the person in charge; on a document by its receiver, once. A refusal names its
    witness (安全生产法 Art. 68); a signature is an image kept by SHA-256."""
    record = check_shape(data, SIGNATURE_SHAPES)
    _check_signer(
        SignatureInput(
            record["role"],
            record["signer_name"],
            record["officer_id"],
            record["image_sha256"],
            bool(record["refused"]),
            record["witness"],
        )
    )
    if record["image_sha256"] is not None:
        try:
            attachments.check_sha256(record["image_sha256"])
        except ValueError:
            raise error(
                "signatures", "sha256", "签名图像须以其SHA-256值登记", "named by its SHA-256"
            ) from None
    if record["signed_at"]:
        ctx.not_after_today(dt.datetime.fromisoformat(record["signed_at"]).date(), "signatures")
    given = [
        s
        for s in ctx.facts.find("signature", {"record_id": record["record_id"]})
        if s["record_table"] == record["record_table"] and s["role"] == record["role"]
    ]
    if record["record_table"] == "inspection":
        require_draft(ctx.facts, record["record_id"])  # signed only while being signed
        if record["role"] == "receiver":
            raise error("signatures", "role", "检查记录没有受送达人签名", "no receiver here")
        if record["role"] == "officer":
            team = {
                str(m["officer_id"])
                for m in ctx.facts.find(
                    "inspection_officer", {"inspection_id": record["record_id"]}
                )
            }
            if record["officer_id"] not in team:
                raise InspectionError(
                    "officer_signature",
                    "签名：只有本次检查的执法人员可以作为执法人员签名。",
                    "Signatures: only the inspection's officers sign as officers.",
                )
            given = [s for s in given if s["officer_id"] == record["officer_id"]]
    else:
        document = ctx.facts.get("document", record["record_id"])
        if document is None:
            raise InspectionError("not_found", "找不到该文书。", "No such document.")
        if record["role"] != "receiver":
            raise error("signatures", "role", "文书只由受送达人签收", "a document is received")
    if given:
        raise InspectionError(
            "signed_twice", "该签名已经记录，不能再次签名。", "This signature is already recorded."
        )
    return record


def check_signed(
    facts: Facts, inspection_id: str, record: Mapping[str, Any], old: Mapping[str, Any]
) -> None:
    """An inspection turning from draft to signed: its team valid on the day, every officer's
    signature, the person in charge's signature or refusal, and the hash of its content as
    held here. A signed inspection never changes again (``require_draft``)."""
    if old["status"] == "signed":
        require_draft(facts, inspection_id)
    if record["status"] != "signed":
        if record["signed_at"] or record["content_sha256"]:
            raise error("signatures", "state", "草稿不能带有签名信息", "a draft carries no seal")
        return
    day = day_of(record)
    team = [
        str(m["officer_id"])
        for m in facts.find("inspection_officer", {"inspection_id": inspection_id})
    ]
    check_team(facts, team, day, str(record["enterprise_id"]))
    given = [
        s
        for s in facts.find("signature", {"record_id": inspection_id})
        if s["record_table"] == "inspection"
    ]
    signed = {str(s["officer_id"]) for s in given if s["role"] == "officer" and not s["refused"]}
    unsigned = [o for o in team if o not in signed]
    if unsigned:
        raise InspectionError(
            "officer_signature",
            f"{label('signatures').zh}：执法人员须亲自签名（{len(unsigned)}人未签）。",
            f"Signatures: {len(unsigned)} officer(s) have not signed.",
        )
    if not any(s["role"] == "person_in_charge" for s in given):
        raise InspectionError(
            "person_signature",
            "签名：需要被检查单位负责人签名，或记录其拒绝签名及见证人（安全生产法第六十八条）。",
            "Signatures: the person in charge signs, or the refusal is recorded with a witness "
            "(Work Safety Law Art. 68).",
        )
    expected = content_hash({**content_of(facts, inspection_id), **_unsealed(record)})
    if record["content_sha256"] != expected:
        raise InspectionError(
            "content_hash",
            "签名时的内容校验值与记录内容不符，签名无效。",
            "The signed content hash does not match the record's content.",
        )
    if not record["signed_at"]:
        raise error("signatures", "required", "缺少签名时间", "the signing time is missing")


def _unsealed(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record's own fields as they are hashed (what ``content_of`` takes from it)."""
    return {k: record[k] for k in COLUMNS if k not in _VOLATILE and k in record}


# -- writing ---------------------------------------------------------------------------------------


def sign(
    uow: UnitOfWork,
    inspection_id: str,
    given: Sequence[SignatureInput],
    ended_at: dt.datetime | str | None = None,
) -> str:
    """Sign and lock the inspection (安全生产法 Art. 68); returns the content hash.

    Needs every officer of the team to sign, and the person in charge to sign or a refusal
    recorded with its witness. Hazards become official (a ``found`` event each)."""
    conn = uow.conn
    facts = LocalFacts(conn)
    require_draft(facts, inspection_id)
    found = require(conn, inspection_id)
    if ended_at is not None or not found.ended_at:
        update(uow, inspection_id, {"ended_at": ended_at or uow.now})
    missing = readiness(conn, inspection_id)
    if missing:
        raise InspectionError(
            "not_ready",
            "尚不能签名：" + "；".join(zh for zh, _ in missing) + "。",
            "Cannot sign yet: " + "; ".join(en for _, en in missing) + ".",
        )
    members = [
        str(m["officer_id"])
        for m in facts.find("inspection_officer", {"inspection_id": inspection_id})
    ]
    names = {
        str(o["id"]): str(o["name"])
        for o in (facts.get("officer", m) for m in members)
        if o is not None
    }
    by_officer = {s.officer_id: s for s in given if s.role == "officer"}
    unsigned = [names.get(m, m) for m in members if m not in by_officer]
    refused_officer = [s.signer_name for s in by_officer.values() if s.refused]
    if unsigned or refused_officer:
        who = "、".join(unsigned + refused_officer)
        raise InspectionError(
            "officer_signature",
            f"{label('signatures').zh}：执法人员{who}须亲自签名。",
            f"Signatures: officer(s) {who} must sign.",
        )
    if set(by_officer) - set(members):
        raise InspectionError(
            "officer_signature",
            "签名：只有本次检查的执法人员可以作为执法人员签名。",
            "Signatures: only the inspection's officers sign as officers.",
        )
    person = [s for s in given if s.role == "person_in_charge"]
    if len(person) != 1:
        raise InspectionError(
            "person_signature",
            "签名：需要被检查单位负责人签名，或记录其拒绝签名及见证人（安全生产法第六十八条）。",
            "Signatures: the person in charge signs, or the refusal is recorded with a witness "
            "(Work Safety Law Art. 68).",
        )
    for s in given:
        _check_signer(s)
    content = content_of(facts, inspection_id)
    digest = content_hash(content)
    signed_at = uow.now
    for s in given:
        _insert_signature(uow, "inspection", inspection_id, s, signed_at)
    seal = {"status": "signed", "signed_at": signed_at, "content_sha256": digest}
    before = facts.get("inspection", inspection_id)
    assert before is not None
    check_signed(facts, inspection_id, {**before, **seal}, before)
    conn.execute(
        "UPDATE inspection SET status = 'signed', signed_at = ?, content_sha256 = ?, "
        "updated_at = ? WHERE id = ?",
        (signed_at, digest, signed_at, inspection_id),
    )
    uow.log(
        "inspection",
        inspection_id,
        "update",
        {
            "status": ["draft", "signed"],
            "signed_at": ["", signed_at],
            "content_sha256": ["", digest],
        },
    )
    day = found.day
    if found.kind == "review":
        reviews.apply_review(uow, inspection_id, day)
    for hazard in content["hazards"]:
        hazards.record_event(uow, hazard["id"], "found", day, inspection_id=inspection_id)
        if "eliminate_now" in hazard["measures"].split(",") and not hazard["deadline"]:
            hazards.record_event(
                uow, hazard["id"], "closed", day, inspection_id=inspection_id, note="现场立即排除"
            )
    return digest


def _check_signer(s: SignatureInput) -> None:
    if s.role not in ROLES:
        raise ValueError(f"unknown signature role {s.role!r}")
    if not s.signer_name.strip():
        raise error("signer_name", "required", "不能为空", "is required")
    if s.refused:
        if not s.witness.strip():
            raise error(
                "witness",
                "required",
                "拒绝签名的，须注明见证人（安全生产法第六十八条）",
                "a refusal to sign needs a witness (Work Safety Law Art. 68)",
            )
    elif not s.image_sha256:
        raise error(
            "signatures", "required", f"{s.signer_name}尚未签名", f"{s.signer_name} has not signed"
        )


def _insert_signature(
    uow: UnitOfWork, table: str, record_id: str, s: SignatureInput, signed_at: str
) -> str:
    sig_id = new_id()
    ctx = RuleContext(LocalFacts(uow.conn), dt.datetime.fromisoformat(uow.now).date(), uow.author)
    record = check_signature(
        {
            "record_table": table,
            "record_id": record_id,
            "role": s.role,
            "signer_name": s.signer_name.strip(),
            "officer_id": s.officer_id,
            "image_sha256": None if s.refused else s.image_sha256,
            "refused": int(s.refused),
            "witness": s.witness.strip(),
            "signed_at": signed_at,
        },
        ctx,
    )
    uow.conn.execute(
        "INSERT INTO signature(id, record_table, record_id, role, signer_name, officer_id, "
        "image_sha256, refused, witness, signed_at) VALUES (:id, :record_table, :record_id, "
        ":role, :signer_name, :officer_id, :image_sha256, :refused, :witness, :signed_at)",
        {**record, "id": sig_id},
    )
    uow.log("signature", sig_id, "insert", record)
    return sig_id


def sign_receipt(uow: UnitOfWork, document_id: str, given: SignatureInput) -> str:
    """The receiver's signature (or refusal with witness) on an issued document."""
    _check_signer(given)
    return _insert_signature(uow, "document", document_id, given, uow.now)
