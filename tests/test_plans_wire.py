"""The wire checks as the server will run them: every record the domain writes, replayed in the
order of the change log into another store (as a server receives a push), passes its table's
check unchanged — one rule, one place."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from test_plans_world import (
    CITY,
    HAINING,
    PARK,
    TODAY,
    XUCUN,
    FixedClock,
    World,
    build_world,
    signed_inspection,
)

from helpers import copy_store
from inspector_app.plans import (
    campaigns,
    consistency,
    draws,
    joint,
    letters,
    plans,
    publication,
    tasks,
)
from inspector_app.plans import (
    tables as schema,
)
from inspector_app.plans.parameters import default_parameters
from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store import changelog
from inspector_app.store.database import Store
from inspector_app.store.facts import LocalFacts


def scenario(w: World, attachments: Path) -> None:
    """One of everything."""
    f, params = w.facts, default_parameters()
    with w.uow() as uow:
        city = plans.create_plan(
            uow, f, {"year": 2026, "level": "city", "unit_code": CITY, "title": "市计划"}, TODAY
        )
        plans.set_target(
            uow, f, city, {"category": "key_supervised", "unit_code": HAINING, "count": 6}, TODAY
        )
    with w.uow() as uow:
        plans.approve(
            uow,
            f,
            w.tree,
            city,
            w.people["市负责人"],
            consistency.load_world(w.store.conn, w.tree, params, 2026),
            TODAY,
        )
    with w.uow() as uow:
        county = plans.create_plan(
            uow,
            f,
            {
                "year": 2026,
                "level": "county",
                "unit_code": HAINING,
                "parent_id": city,
                "title": "海宁计划",
            },
            TODAY,
        )
        plans.set_target(uow, f, county, {"category": "key_supervised", "count": 6}, TODAY)
        for firm in w.key_firms():
            if f.get("enterprise", firm)["county_code"] == HAINING:  # type: ignore[index]
                plans.name_enterprise(uow, f, county, firm, visits=1, today=TODAY)
        plans.name_enterprise(uow, f, county, w.firms["许村一般0"], reason="risk", today=TODAY)
        plans.withdraw_enterprise(uow, f, county, w.firms["许村一般0"])
    with w.uow() as uow:
        plans.approve(
            uow,
            f,
            w.tree,
            county,
            w.people["海宁负责人"],
            consistency.load_world(w.store.conn, w.tree, params, 2026),
            TODAY,
        )
    with w.uow() as uow:
        made = plans.schedule_tasks(uow, f, county, TODAY)
        tasks.assign_team(uow, f, made[0], [w.people["海宁甲"], w.people["海宁乙"]], TODAY)
        tasks.cancel(uow, f, made[1], "企业停产", TODAY, TODAY)
        tasks.declare_avoidance(
            uow,
            f,
            {
                "officer_id": w.people["海宁丙"],
                "enterprise_id": w.firms["许村一般1"],
                "relation": "kinship",
                "reason": "兄弟",
                "declared_on": TODAY,
            },
            TODAY,
        )
    with w.uow("x") as uow:
        draw = draws.run_draw(
            uow,
            w.tree,
            draws.DrawRequest.standard(HAINING, "抽查", TODAY + dt.timedelta(days=3), 3),
            attachments,
            TODAY,
        )
    with w.uow("x") as uow:
        draws.redraw(uow, w.tree, draw, "抽中单位停产", attachments, TODAY)
    with w.uow() as uow:
        publication.record_publication(
            uow,
            f,
            {"draw_id": draw, "kind": "draw", "published_on": TODAY, "channel": "门户网站"},
            TODAY,
        )
        cid = campaigns.create_campaign(
            uow,
            f,
            {
                "title": "专项督查",
                "kind": "special_period",
                "unit_code": CITY,
                "starts_on": "2026-06-01",
                "ends_on": "2026-06-30",
                "areas": [HAINING],
            },
            TODAY,
        )
        group = campaigns.add_group(uow, f, cid, "第一督查组", [HAINING], TODAY)
        campaigns.add_member(
            uow,
            f,
            {"group_id": group, "person_name": "周教授", "department": "expert", "role": "expert"},
            TODAY,
        )
        first = campaigns.report(
            uow,
            f,
            {
                "campaign_id": cid,
                "group_id": group,
                "county_code": HAINING,
                "report_on": TODAY,
                "checks": 3,
                "problems": 1,
            },
            TODAY,
        )
        campaigns.report(
            uow,
            f,
            {
                "campaign_id": cid,
                "group_id": group,
                "county_code": HAINING,
                "report_on": TODAY,
                "checks": 4,
                "problems": 1,
                "supersedes_id": first,
            },
            TODAY,
        )
        problem = campaigns.record_problem(
            uow,
            f,
            {
                "campaign_id": cid,
                "group_id": group,
                "enterprise_id": w.firms["许村一般2"],
                "description": "堵塞",
                "found_on": TODAY,
            },
            TODAY,
        )
        campaigns.problem_event(
            uow,
            f,
            {"problem_id": problem, "kind": "rectified", "occurred_on": TODAY, "note": "已整改"},
            TODAY,
        )
    inspection = signed_inspection(w, w.firms["长安重点0"], TODAY)
    with w.uow() as uow:
        joint.record_joint(
            uow,
            f,
            {
                "title": "联合检查",
                "enterprise_id": w.firms["长安重点0"],
                "inspected_on": TODAY,
                "lead_department": "fire",
                "inspection_id": inspection,
            },
            [
                {"department": "emergency", "officer_id": w.people["海宁甲"]},
                {"department": "emergency", "officer_id": w.people["海宁乙"]},
                {"department": "fire", "person_name": "陈消防"},
            ],
            TODAY,
        )
        clue = joint.record_clue(
            uow,
            f,
            {
                "direction": "incoming",
                "counterpart": "海宁市公安局",
                "party_name": "某加工点",
                "suspected_crime": "other",
                "summary": "举报",
                "dated_on": TODAY,
                "county_code": HAINING,
            },
            TODAY,
        )
        joint.clue_event(
            uow,
            f,
            {"clue_id": clue, "kind": "no_violation", "occurred_on": TODAY, "note": "查无"},
            TODAY,
        )
        letter = letters.record_letter(
            uow,
            f,
            {
                "number": "海宁应急委〔2026〕3号",
                "kind": "delegation",
                "town_code": XUCUN,
                "authority_code": HAINING,
                "authority_name": "海宁市应急管理局",
                "matters": ["penalty_fine"],
                "signed_on": "2026-01-05",
                "published_on": "2026-01-08",
                "publication_ref": "网站",
                "valid_from": "2026-01-10",
                "valid_to": "2026-12-31",
            },
            TODAY,
        )
        letters.revoke_letter(
            uow,
            f,
            {"letter_id": letter, "revoked_on": TODAY, "reason": "调整", "decided_by": "局长"},
            TODAY,
        )
        letters.station(
            uow,
            f,
            {
                "officer_id": w.people["园区甲"],
                "park_code": PARK,
                "from_on": "2026-01-01",
                "to_on": "2026-12-31",
                "order_number": "派〔2026〕1号",
            },
            TODAY,
        )


def as_inserted(conn: Any, table: str, entry: changelog.LogEntry) -> dict[str, Any]:
    """The record as it was inserted: its current wire fields with later updates undone."""
    fields = schema.BY_NAME[table].fields
    row = conn.execute(
        f"SELECT {', '.join(fields)} FROM {table} WHERE id = ?", (entry.record_id,)
    ).fetchone()
    data = dict(zip(fields, row, strict=True))
    for (changes,) in conn.execute(
        "SELECT changes FROM change_log WHERE record_id = ? AND seq > ? AND op = 'update' "
        "ORDER BY seq DESC",
        (entry.record_id, entry.seq),
    ):
        for name, pair in json.loads(changes).items():
            data[name] = pair[0]
    return data


def test_every_record_passes_its_check_when_replayed(
    tmp_path: Path, tree: JurisdictionTree, registry: Registry
) -> None:
    w = build_world(tmp_path / "device.sqlite3", tree, registry)
    w.store.close()
    copy_store(tmp_path / "device.sqlite3", tmp_path / "server.sqlite3")
    w.store = Store.open(tmp_path / "device.sqlite3", clock=FixedClock())
    scenario(w, tmp_path / "attachments")
    server = Store.open(tmp_path / "server.sqlite3", clock=FixedClock())
    facts = LocalFacts(server.conn)
    replayed: dict[str, int] = {}
    for entry in changelog.pending(w.store.conn):
        if entry.table_name not in schema.BY_NAME:
            if entry.table_name == "inspection" and entry.op == "insert":  # the joint one links it
                _copy_row(w, server, "inspection", entry.record_id)
            continue
        spec = schema.BY_NAME[entry.table_name]
        if entry.op == "insert":
            data = as_inserted(w.store.conn, entry.table_name, entry)
            assert schema.check(entry.table_name, data, facts, TODAY) == data, entry.table_name
            row = {
                **data,
                "id": entry.record_id,
                **{c: "2026-06-15T09:00:00+08:00" for c in spec.local_columns},
            }
            with server.transaction() as conn:
                marks = ", ".join("?" * len(row))
                conn.execute(
                    f"INSERT INTO {entry.table_name}({', '.join(row)}) VALUES ({marks})",
                    tuple(row.values()),
                )
        else:
            assert not spec.immutable, entry.table_name
            current = facts.get(entry.table_name, entry.record_id)
            assert current is not None
            data = {k: current[k] for k in spec.fields}
            data.update({k: pair[1] for k, pair in entry.changes.items()})
            assert schema.check(entry.table_name, data, facts, TODAY) == data, entry.table_name
            with server.transaction() as conn:
                sets = ", ".join(f"{k} = ?" for k in entry.changes)
                conn.execute(
                    f"UPDATE {entry.table_name} SET {sets} WHERE id = ?",
                    (*(pair[1] for pair in entry.changes.values()), entry.record_id),
                )
        replayed[entry.table_name] = replayed.get(entry.table_name, 0) + 1
    assert set(replayed) == set(schema.BY_NAME)  # every table took part
    server.close()
    w.store.close()


def _copy_row(w: World, server: Store, table: str, record_id: str) -> None:
    row = w.store.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (record_id,)).fetchone()
    names = [d[1] for d in w.store.conn.execute(f"SELECT * FROM pragma_table_info('{table}')")]
    with server.transaction() as conn:
        conn.execute(
            f"INSERT INTO {table}({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", row
        )
