"""The enforcing organ's profile printed on its documents: the bank collecting its fines, the
account's name and number (行政处罚法 Art. 67), the court for a suit against it (行政诉讼法
Art. 18), its contact phone and address.

A profile belongs to the organ, not to a laptop: one synced record per organ (``organ_profile``,
its id made from the organ's code so that every device names the same record), changed only by
an approver or administrator of that organ — the rule below, run by the laptop and by the server
alike (``replication.check``). Documents print the record's values; a field the organ has not
set prints the seed of ``resources/organ_profile.json`` (placeholders such as 【待设置：代收银行】,
which tell the officer not to hand the document over).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Mapping
from functools import cache
from typing import Any

from inspector_app.messages import Bilingual
from inspector_app.registry import context
from inspector_app.registry.context import RuleContext
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import RecordInvalid, ValidationError, error
from inspector_app.settings import ORGAN_FIELDS, ORGAN_LABELS, organ_profile
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.paths import resources_dir

TABLE = "organ_profile"
SEED_FILE = "organ_profile.json"
FIELDS = ("unit_code", *ORGAN_FIELDS)
# who may change an organ's profile: its head (负责人, the approvers) and its administrators
EDITOR_ROLES = frozenset({"approver", "admin"})
_NAMESPACE = uuid.UUID("6f0c2f4e-3b1a-5c7d-9e8f-0a1b2c3d4e5f")


class OrganProfileRefused(Bilingual):
    """Who may not change this organ's profile, or which organ is not one."""


def record_id(unit_code: str) -> str:
    """The profile's id: the same on every device for one organ (a UUID from its code)."""
    return str(uuid.uuid5(_NAMESPACE, f"{TABLE}:{unit_code}"))


def check_profile(
    data: Mapping[str, Any], ctx: RuleContext, old: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The record as it may be stored: an organ of the city, every field checked (the error
    names it), the organ fixed once set, and written by an approver or administrator of that
    organ (an account that is no officer is an administrator's: the server lets only the roles
    with the ``organ`` matter write)."""
    unit_code = str(data.get("unit_code") or "")
    tree = ctx.jurisdictions()
    unit = tree.units.get(unit_code)
    if unit is None or not unit.authority:
        raise error(
            "unit_code",
            "unknown",
            "不是本市机构名录中的执法机关",
            "is not an enforcing organ of the city's list of units",
            ORGAN_LABELS,
        )
    if old is not None and old.get("unit_code") != unit_code:
        raise error("unit_code", "fixed", "不能改为另一机关", "cannot change", ORGAN_LABELS)
    profile = organ_profile(data)  # RecordInvalid naming every bad field
    writer = ctx.facts.get("officer", ctx.author)
    if writer is not None and (
        not writer.get("active")
        or writer.get("role") not in EDITOR_ROLES
        or str(writer.get("unit_code")) not in (unit_code, tree.city.code)
    ):
        raise OrganProfileRefused(
            f"只有{unit.authority}的负责人（审批人）或管理员可以修改本机关的文书信息。",
            f"Only an approver or an administrator of {unit.authority} may change its profile.",
            "organ_profile_editor",
        )
    return {"unit_code": unit_code, **profile.as_dict()}


def stored(conn: sqlite3.Connection, unit_code: str) -> dict[str, str] | None:
    """The organ's synced profile on this device, or None."""
    row = conn.execute(
        f"SELECT {', '.join(FIELDS)} FROM {TABLE} WHERE id = ?", (record_id(unit_code),)
    ).fetchone()
    return dict(zip(FIELDS, (str(v or "") for v in row), strict=True)) if row else None


def save(
    uow: UnitOfWork, tree: JurisdictionTree, unit_code: str, raw: Mapping[str, Any]
) -> dict[str, list[Any]]:
    """Set the organ's profile (the fields of ``ORGAN_FIELDS``); returns {field: [old, new]}
    of what changed. Checked by ``check_profile`` first: nothing is written when it fails."""
    rid = record_id(unit_code)
    old = stored(uow.conn, unit_code)
    given = {f: str(raw.get(f) or "") for f in ORGAN_FIELDS}
    try:
        record = check_profile({"unit_code": unit_code, **given}, context.of(uow, tree), old)
    except ValidationError as exc:  # as the server answers it: a record naming its field
        raise RecordInvalid([exc]) from None
    if old is None:
        row = {"id": rid, **record, "created_at": uow.now, "updated_at": uow.now}
        uow.conn.execute(
            f"INSERT INTO {TABLE}({', '.join(row)}) VALUES ({', '.join(':' + c for c in row)})",
            row,
        )
        uow.log(TABLE, rid, "insert", record)
        return {f: [None, v] for f, v in record.items()}
    return uow.update(TABLE, rid, old, record, touch=True)


@cache
def seed() -> Mapping[str, Any]:
    """``resources/organ_profile.json``: the default of every organ and any organ's own."""
    data = json.loads((resources_dir() / SEED_FILE).read_text(encoding="utf-8"))
    return dict(data)


def printed(conn: sqlite3.Connection, unit_code: str) -> dict[str, str]:
    """What a document prints for the organ: its synced profile, each field it has not set
    taken from the seed (the organ's own entry, else the default placeholders)."""
    data = seed()
    base = {f: "" for f in ORGAN_FIELDS}
    base.update(data.get("default", {}))
    base.update(data.get("units", {}).get(unit_code, {}))
    own = stored(conn, unit_code) or {}
    return {**base, **{f: v for f, v in own.items() if f in ORGAN_FIELDS and v}}
