"""The delegation register: letters (委托书) and grants of powers (赋权), their revocations,
and the park stationing roster (派驻名册) — the records ``registry.delegations.decide`` reads.

Every record is immutable (a correction is a new record); each table's wire check is the one
the write functions here run and the server runs on a pushed record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from inspector_app.plans import common
from inspector_app.plans.common import Collect, fail
from inspector_app.registry.delegations import Rights, default_rights, letters_of, stationings_of
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.facts import Facts

KINDS = {"delegation": common.Label("委托", "Delegation"), "grant": common.Label("赋权", "Grant")}
LETTER_FIELDS = (
    "number",
    "kind",
    "town_code",
    "county_code",
    "supervising_unit",
    "authority_code",
    "authority_name",
    "matters",
    "valid_from",
    "valid_to",
    "signed_on",
    "published_on",
    "publication_ref",
    "note",
    "created_by",
)
REVOCATION_FIELDS = ("letter_id", "revoked_on", "reason", "decided_by", "created_by")
STATIONING_FIELDS = (
    "officer_id",
    "park_code",
    "county_code",
    "supervising_unit",
    "from_on",
    "to_on",
    "order_number",
    "supersedes_id",
    "created_by",
)


# -- wire checks (the server runs the same) --------------------------------------------------------


def check_delegation_letter(
    data: Mapping[str, Any], facts: Facts, today: dt.date
) -> dict[str, Any]:
    c = Collect()
    c.text("number", data.get("number"), 60)
    c.choice("kind", data.get("kind"), KINDS)
    town = c.unit("town_code", facts, data.get("town_code"), ("town",))
    if town is not None:
        c.out["county_code"] = common.county_level(facts, town["code"])
        c.out["supervising_unit"] = town.get("supervising_unit") or town["parent_code"]
        c.field("authority_code", lambda: _authority(data.get("authority_code"), town))
    c.text("authority_name", data.get("authority_name"), 100)
    c.field("matters", lambda: _matters(data.get("matters"), default_rights()))
    signed = c.evidence("signed_on", data.get("signed_on"), today)
    if signed:
        c.evidence("published_on", data.get("published_on"), today, signed, "signed_on")
        start = c.ordered("valid_from", data.get("valid_from"), signed, "signed_on")
        if start:
            c.ordered("valid_to", data.get("valid_to"), start, "valid_from")
    c.text("publication_ref", data.get("publication_ref"), 200)
    c.text("note", data.get("note"), 500, required=False)
    c.author(data)
    if c.ok and facts.find(
        "delegation_letter", {"authority_code": c.out["authority_code"], "number": c.out["number"]}
    ):
        c.add(fail("number", "duplicate", "该机关已登记同一文号的委托书", "already registered"))
    out = c.done()
    return {f: out.get(f) for f in LETTER_FIELDS}


def _authority(code: object, town: Mapping[str, Any]) -> str:
    """The bureau that holds the power: the town's county or the zone that manages it (a town
    cannot pass on a power it holds by delegation: 行政处罚法 Art. 20)."""
    if code not in {town["parent_code"], town.get("supervising_unit")} - {None, ""}:
        raise fail(
            "authority_code",
            "not_competent",
            "应为该镇（街道）所属县级应急管理部门或托管的功能区",
            "must be the town's county-level bureau",
        )
    return str(code)


def _matters(value: object, rights: Rights) -> str:
    codes = common.id_list(value)
    if not codes:
        raise fail("matters", "required", "至少列明一项委托事项", "list at least one matter")
    for code in codes:
        entry = rights.matters.get(code)
        if entry is None:
            raise fail("matters", "unknown", f"“{code}”不是已知事项", f"unknown matter {code!r}")
        if not entry.delegable:
            raise fail("matters", "not_delegable", f"“{entry.zh}”不能委托", "not delegable")
    if len(set(codes)) != len(codes):
        raise fail("matters", "duplicate", "事项重复", "a matter is listed twice")
    return common.joined(sorted(codes))


def check_delegation_revocation(
    data: Mapping[str, Any], facts: Facts, today: dt.date
) -> dict[str, Any]:
    c = Collect()
    letter = c.record("letter_id", facts, "delegation_letter", data.get("letter_id"))
    if letter is not None:
        c.evidence("revoked_on", data.get("revoked_on"), today, letter["signed_on"], "signed_on")
        if facts.find("delegation_revocation", {"letter_id": letter["id"]}):
            c.add(fail("letter_id", "revoked", "该委托书已撤销", "the letter is revoked already"))
    c.text("reason", data.get("reason"), 500)
    c.text("decided_by", data.get("decided_by"), 50)
    c.author(data)
    out = c.done()
    return {f: out.get(f) for f in REVOCATION_FIELDS}


def check_stationing(data: Mapping[str, Any], facts: Facts, today: dt.date) -> dict[str, Any]:
    c = Collect()
    officer = c.record("officer_id", facts, "officer", data.get("officer_id"))
    park = c.unit("park_code", facts, data.get("park_code"), ("park",))
    if park is not None:
        c.out["county_code"], c.out["supervising_unit"] = park["parent_code"], park["code"]
        if officer is not None and officer["unit_code"] not in (park["code"], park["parent_code"]):
            c.add(fail("officer_id", "unit", "只能派驻本县（市、区）的执法人员", "another county"))
    if officer is not None and not officer["active"]:
        c.add(fail("officer_id", "inactive", "该执法人员已停用", "no longer active"))
    start = c.field("from_on", lambda: common.parse_day(data.get("from_on"), "from_on").isoformat())
    if start:
        c.ordered("to_on", data.get("to_on"), start, "from_on")
    c.text("order_number", data.get("order_number"), 60)
    c.author(data)
    c.out["supersedes_id"] = str(data.get("supersedes_id") or "")
    if c.ok:
        _no_overlap(c, facts)
    out = c.done()
    return {f: out.get(f) for f in STATIONING_FIELDS}


def _no_overlap(c: Collect, facts: Facts) -> None:
    start, end, replaced = c.out["from_on"], c.out["to_on"], c.out["supersedes_id"]
    rows = stationings_of(facts, c.out["officer_id"])
    if replaced and replaced not in {s.id for s in rows}:
        c.add(fail("supersedes_id", "unknown", "被更正的派驻记录不存在或已被更正", "none such"))
    for other in rows:
        if other.id != replaced and str(other.from_on) <= end and start <= str(other.to_on):
            c.add(
                fail(
                    "from_on",
                    "overlap",
                    f"与已登记的派驻（{other.order_number}，{other.from_on}至{other.to_on}）重叠",
                    f"overlaps the stationing {other.order_number}",
                )
            )
            return


# -- writing ---------------------------------------------------------------------------------------


def record_letter(
    uow: UnitOfWork, facts: Facts, values: Mapping[str, Any], today: dt.date | None = None
) -> str:
    """Enter a published delegation letter (or grant of powers) in the register."""
    record = check_delegation_letter(
        {**values, "created_by": uow.author}, facts, common.today_of(uow, today)
    )
    return uow.insert("delegation_letter", record)


def revoke_letter(
    uow: UnitOfWork, facts: Facts, values: Mapping[str, Any], today: dt.date | None = None
) -> str:
    record = check_delegation_revocation(
        {**values, "created_by": uow.author}, facts, common.today_of(uow, today)
    )
    return uow.insert("delegation_revocation", record)


def station(
    uow: UnitOfWork, facts: Facts, values: Mapping[str, Any], today: dt.date | None = None
) -> str:
    """Post a county officer to a park (or correct a posting: ``supersedes_id``)."""
    record = check_stationing(
        {**values, "created_by": uow.author}, facts, common.today_of(uow, today)
    )
    return uow.insert("stationing", record)


# -- lists for export ------------------------------------------------------------------------------

REGISTER_HEADERS = (
    "文号",
    "类型",
    "镇（街道）",
    "委托机关",
    "委托事项",
    "有效期起",
    "有效期止",
    "公布日期",
    "状态",
)


def register_rows(
    tree: JurisdictionTree, facts: Facts, town_codes: Sequence[str], today: dt.date
) -> list[list[str]]:
    """The delegation register (委托执法登记) of the given towns, for display and export."""
    rights = default_rights()
    rows = []
    for code in town_codes:
        for letter in letters_of(facts, code):
            if letter.revoked_on is not None and today >= letter.revoked_on:
                status = f"已撤销（{letter.revoked_on.isoformat()}）"
            elif today > letter.valid_to:
                status = "已到期"
            elif today < letter.valid_from:
                status = "未生效"
            else:
                status = "有效"
            rows.append(
                [
                    letter.number,
                    KINDS[letter.kind].zh,
                    tree.units[code].name if code in tree.units else code,
                    letter.authority_name,
                    "、".join(rights.matters[m].zh for m in letter.matters if m in rights.matters),
                    letter.valid_from.isoformat(),
                    letter.valid_to.isoformat(),
                    letter.published_on.isoformat(),
                    status,
                ]
            )
    return rows
