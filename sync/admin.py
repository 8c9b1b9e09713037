"""Administration of the central server (run on the server machine):

    python -m sync.admin [--db URL] COMMAND ...

Commands: ``init`` (the city's jurisdiction tree), ``add-user``, ``add-certificate``,
``add-delegation``, ``revoke-delegation``, ``import-registry``, ``load-demo``, ``revoke-device``,
``approve-device`` (a new device of someone whose device was revoked), ``reset-password``,
``list-users``, ``list-devices``, ``withdraw-record`` (take a damaged or poisoned record out of
the central store, with the reason and who decided; devices drop it at their next pull),
``list-withdrawn``, ``collect-blobs`` (abandoned uploads, attachments no record names),
``check-blobs`` (re-hash every stored attachment, list and mark the damaged ones; exit status 2
when it finds any), and the quarantine of what a revoked device handed in: ``quarantine-list``,
``quarantine-release ID --by NAME`` (applied through the ordinary push rules, so it may still
be refused, with the rule's code) and ``quarantine-reject ID --reason TEXT --by NAME``.
``--db`` takes the same URLs as the server (default: the server's embedded SQLite file).
Passwords are read from standard input with ``--password-stdin`` or asked for at the terminal;
they never appear on the command line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, update

from inspector_app.demo import generator as demo
from inspector_app.registry import importer, jurisdictions, officers
from inspector_app.registry.entries import Registry
from inspector_app.registry.rules import Classifications
from inspector_app.replication.tables import scope_of
from inspector_app.store.clock import new_id
from sync.server import auth, blobs, db, held, quarantine, records, throttle
from sync.server.app import default_db_url

ADMIN = "admin"


class AdminError(Exception):
    pass


def engine_for(url: str) -> Engine:
    engine = db.make_engine(url)
    db.migrate(engine)
    return engine


def tree_of(engine: Engine) -> jurisdictions.JurisdictionTree:
    with db.reading(engine) as conn:
        row = conn.execute(
            select(db.server_meta.c.value).where(db.server_meta.c.key == "jurisdictions")
        ).first()
    if row is None:
        raise AdminError("the server has no jurisdictions yet: run 'init' first")
    return jurisdictions.build(json.loads(row[0]))


def init(engine: Engine, city_file: Path) -> int:
    data = json.loads(city_file.read_text(encoding="utf-8"))
    tree = jurisdictions.build(data)  # checks the file
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    with db.writing(engine) as conn:
        if conn.execute(
            select(db.server_meta.c.key).where(db.server_meta.c.key == "jurisdictions")
        ).first():
            conn.execute(
                update(db.server_meta)
                .where(db.server_meta.c.key == "jurisdictions")
                .values(value=text)
            )
        else:
            conn.execute(db.server_meta.insert().values(key="jurisdictions", value=text))
        conn.execute(db.jurisdiction.delete())
        for unit in tree.all():
            conn.execute(
                db.jurisdiction.insert().values(
                    code=unit.code,
                    name=unit.name,
                    level=unit.level,
                    parent_code=unit.parent_code,
                    supervising_unit=unit.supervising_unit,
                    authority=unit.authority,
                )
            )
    return len(tree.units)


def add_user(
    engine: Engine,
    username: str,
    name: str,
    role: str,
    unit: str,
    password: str,
    params: auth.PasswordParams = auth.PasswordParams(),
) -> str:
    tree = tree_of(engine)
    if role not in officers.ROLES:
        raise AdminError(f"role must be one of {', '.join(officers.ROLES)}")
    if unit not in tree.units:
        raise AdminError(f"unknown unit {unit}")
    if len(password) < 8:
        raise AdminError("the password must have at least 8 characters")
    user_id = new_id()
    now = db.now()
    with db.writing(engine) as conn:
        if conn.execute(select(db.users.c.id).where(db.users.c.username == username)).first():
            raise AdminError(f"user {username} exists")
        conn.execute(
            db.users.insert().values(
                id=user_id,
                username=username,
                display_name=name,
                role=role,
                unit_code=unit,
                password_hash=auth.hash_password(password, params),
                failed_logins=0,
                active=True,
                created_at=now,
                password_changed_at=now,
            )
        )
        if role != "admin":  # every account except administrators is an officer too
            data = {"name": name, "unit_code": unit, "role": role, "phone": "", "active": 1}
            _put(conn, "officer", user_id, data, tree, now)
    return user_id


def add_certificate(
    engine: Engine, username: str, number: str, authority: str, issued: str, expires: str
) -> str:
    tree = tree_of(engine)
    with db.writing(engine) as conn:
        user = conn.execute(select(db.users.c.id).where(db.users.c.username == username)).first()
        if user is None:
            raise AdminError(f"unknown user {username}")
        first = officers.parse_date(issued, "issued_on")
        last = officers.parse_date(expires, "expires_on")
        if last <= first:
            raise AdminError("the expiry date must be after the issue date")
        cert_id = new_id()
        data = {
            "officer_id": user[0],
            "number": number,
            "issuing_authority": authority,
            "issued_on": first.isoformat(),
            "expires_on": last.isoformat(),
            "revoked": 0,
        }
        _put(conn, "enforcement_certificate", cert_id, data, tree, db.now())
    return cert_id


def _put(
    conn: Any,
    table: str,
    record_id: str,
    data: Mapping[str, Any],
    tree: jurisdictions.JurisdictionTree,
    now: dt.datetime,
) -> None:
    batch = records.Batch()
    records.put(
        conn,
        batch,
        table,
        record_id,
        data,
        scope_of(table, data, tree),
        ADMIN,
        now,
        list(data),
        exists=False,
    )
    batch.finish(conn)


def add_delegation(
    engine: Engine,
    town: str,
    authority: str,
    matters: list[str],
    valid_from: dt.date,
    valid_to: dt.date,
) -> str:
    tree = tree_of(engine)
    unit = tree.units.get(town)
    if unit is None or unit.level != "town":
        raise AdminError(f"{town} is not a town or street")
    if unit.parent_code != authority and tree.default_supervisor(town) != authority:
        raise AdminError(f"{authority} is not the county bureau of {town}")
    if valid_to < valid_from:
        raise AdminError("the validity ends before it starts")
    delegation_id = new_id()
    with db.writing(engine) as conn:
        conn.execute(
            db.delegations.insert().values(
                id=delegation_id,
                town_code=town,
                authority_code=authority,
                matters=json.dumps(sorted(matters)),
                valid_from=valid_from,
                valid_to=valid_to,
                revoked=False,
                created_at=db.now(),
            )
        )
    return delegation_id


def revoke_delegation(engine: Engine, delegation_id: str) -> None:
    with db.writing(engine) as conn:
        done = conn.execute(
            update(db.delegations).where(db.delegations.c.id == delegation_id).values(revoked=True)
        )
        if not done.rowcount:
            raise AdminError(f"unknown delegation {delegation_id}")


def load_registry(engine: Engine, rows: Iterable[Mapping[str, Any]], registry: Registry) -> int:
    """Write checked registry entries as server records (new codes only), in one transaction."""
    now = db.now()
    with db.writing(engine) as conn:
        taken = {
            r[0]
            for r in conn.execute(
                select(db.records.c.natural_key).where(db.records.c.table_name == "enterprise")
            )
        }
        items = []
        for row in rows:
            data = registry.rules.normalise(row)
            if data["uscc"] in taken:
                continue
            taken.add(data["uscc"])
            items.append((data, scope_of("enterprise", data, registry.tree)))
        ids = new_id.many(len(items))
        records.put_many(
            conn,
            "enterprise",
            [(i, d, w) for i, (d, w) in zip(ids, items, strict=True)],
            ADMIN,
            now,
        )
    return len(items)


def import_registry(engine: Engine, path: Path) -> tuple[int, list[importer.Problem]]:
    """The app's import rules (every bad row reported); good rows become server records."""
    registry = Registry(tree_of(engine), Classifications.load())
    prepared = importer.prepare(path, registry.rules)
    return load_registry(engine, prepared.records, registry), prepared.problems


def load_demo(engine: Engine, scale: float, seed: int) -> int:
    registry = Registry(tree_of(engine), Classifications.load())
    return load_registry(engine, demo.registry_rows(registry.tree, seed, scale), registry)


def revoke_device(engine: Engine, device_id: str) -> None:
    now = db.now()
    with db.writing(engine) as conn:
        done = conn.execute(
            update(db.devices).where(db.devices.c.id == device_id).values(revoked_at=now)
        )
        if not done.rowcount:
            raise AdminError(f"unknown device {device_id}")
        conn.execute(
            update(db.tokens).where(db.tokens.c.device_id == device_id).values(revoked_at=now)
        )


def reset_password(
    engine: Engine,
    username: str,
    password: str,
    params: auth.PasswordParams = auth.PasswordParams(),
) -> None:
    if len(password) < 8:
        raise AdminError("the password must have at least 8 characters")
    now = db.now()
    with db.writing(engine) as conn:
        user = conn.execute(select(db.users.c.id).where(db.users.c.username == username)).first()
        if user is None:
            raise AdminError(f"unknown user {username}")
        conn.execute(
            update(db.users)
            .where(db.users.c.id == user[0])
            .values(
                password_hash=auth.hash_password(password, params),
                failed_logins=0,
                locked_until=None,
                password_changed_at=now,
            )
        )
        conn.execute(update(db.tokens).where(db.tokens.c.user_id == user[0]).values(revoked_at=now))
        throttle.clear_account(conn, username)


def approve_device(engine: Engine, device_id: str) -> None:
    """Let a new device of someone whose device was revoked sync (after checking with them)."""
    with db.writing(engine) as conn:
        done = conn.execute(
            update(db.devices)
            .where(db.devices.c.id == device_id, db.devices.c.revoked_at.is_(None))
            .values(approved=True)
        )
        if not done.rowcount:
            raise AdminError(f"unknown or revoked device {device_id}")


def collect_blobs(engine: Engine, days: float) -> tuple[int, int]:
    """Delete uploads abandoned and blobs no record has named for ``days``."""
    with db.writing(engine) as conn:
        age = dt.timedelta(days=days)
        return blobs.collect(conn, db.now(), age, age)


def withdraw_record(engine: Engine, table: str, record_id: str, reason: str, by: str) -> int:
    """Withdraw one record (audited in ``withdrawn_records``); returns the withdrawal's
    sequence number."""
    if not reason.strip():
        raise AdminError("a withdrawal needs its reason (--reason)")
    with db.writing(engine) as conn:
        try:
            return records.withdraw(conn, table, record_id, reason.strip(), by, db.now())
        except records.NotStored as exc:
            raise AdminError(str(exc)) from None


def release_quarantined(engine: Engine, item_id: int, by: str) -> dict[str, Any]:
    """Apply one quarantined change (``sync.server.quarantine.release``); its answer."""
    registry = Registry(tree_of(engine), Classifications.load())
    with db.writing(engine) as conn:
        try:
            return quarantine.release(conn, registry, item_id, by, db.now())
        except quarantine.QuarantineError as exc:
            raise AdminError(str(exc)) from None


def reject_quarantined(engine: Engine, item_id: int, reason: str, by: str) -> None:
    with db.writing(engine) as conn:
        try:
            quarantine.reject(conn, item_id, reason, by, db.now())
        except quarantine.QuarantineError as exc:
            raise AdminError(str(exc)) from None


def _print_quarantined(engine: Engine, every: bool) -> None:
    users = db.users.c
    with db.reading(engine) as conn:
        names = dict(conn.execute(select(users.id, users.username)).all())
        items = quarantine.listed(conn, None if every else "held")
    for item in items:
        decided = ""
        if item["status"] != "held":
            outcome = item["reason"] or ""
            if item["result"]:
                result = json.loads(item["result"])
                outcome = result["status"] + (
                    f" {result['reason'].get('code', '')}" if result.get("reason") else ""
                )
            decided = f"{item['status']} by {item['decided_by']}: {outcome}"
        print(
            item["id"],
            item["table_name"],
            item["record_id"],
            json.loads(item["entry"])["op"],
            f"user={names.get(item['user_id'], item['user_id'])}",
            f"device={item['device_id']}",
            f"made={item['device_time'] or '?'}",
            f"received={_iso(item['received_at'])}",
            f"revoked={_iso(item['revoked_at'])}",
            decided or "held",
        )


def _print_held(engine: Engine, device: str | None) -> None:
    """The backlog, oldest first, then one line of totals (also when it is empty)."""
    users = db.users.c
    with db.reading(engine) as conn:
        names = dict(conn.execute(select(users.id, users.username)).all())
        items = held.backlog(conn, device)
    for item in items:
        print(
            item["entry_id"],
            item["table"],
            item["record_id"],
            item["op"],
            f"user={names.get(item['user_id'], item['user_id'])}",
            f"device={item['device_id']}",
            f"received={_iso(item['received_at'])}",
            f"waits_for={item['waits_for']}:{item['parent_table']}:{item['parent_id']}",
        )
    devices = len({item["device_id"] for item in items})
    print(f"{len(items)} changes held, from {devices} devices")


def _iso(value: dt.datetime) -> str:
    return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).isoformat(timespec="seconds")


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password: ")
    if first != getpass.getpass("again: "):
        raise AdminError("the two passwords differ")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sync.admin",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", default=None, help="database URL (default: embedded SQLite)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("init", help="load the city's jurisdiction tree")
    p.add_argument("--city", default="jiaxing", help="a file of resources/jurisdictions/")
    p.add_argument("--file", type=Path, help="or a jurisdiction file anywhere")
    p = sub.add_parser("add-user")
    p.add_argument("username")
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True, choices=sorted(officers.ROLES))
    p.add_argument("--unit", required=True, help="jurisdiction code of the user's unit")
    p.add_argument("--password-stdin", action="store_true")
    p = sub.add_parser("add-certificate")
    p.add_argument("username")
    p.add_argument("--number", required=True)
    p.add_argument("--authority", default="浙江省人民政府")
    p.add_argument("--issued", required=True)
    p.add_argument("--expires", required=True)
    p = sub.add_parser("add-delegation")
    p.add_argument("--town", required=True)
    p.add_argument("--authority", required=True, help="the delegating county bureau's unit")
    p.add_argument("--matters", required=True, help="comma-separated, e.g. registry")
    p.add_argument("--from", dest="valid_from", required=True)
    p.add_argument("--to", dest="valid_to", required=True)
    p = sub.add_parser("revoke-delegation")
    p.add_argument("delegation_id")
    p = sub.add_parser("import-registry")
    p.add_argument("file", type=Path)
    p = sub.add_parser("load-demo")
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=2018)
    p = sub.add_parser("revoke-device")
    p.add_argument("device_id")
    p = sub.add_parser("approve-device", help="let a new device of a user sync")
    p.add_argument("device_id")
    p = sub.add_parser("reset-password")
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true")
    sub.add_parser("list-users")
    sub.add_parser("list-devices")
    p = sub.add_parser("withdraw-record", help="take a bad record out of the central store")
    p.add_argument("table")
    p.add_argument("record_id")
    p.add_argument("--reason", required=True)
    p.add_argument("--by", default=ADMIN, help="who decided (recorded with the withdrawal)")
    sub.add_parser("list-withdrawn")
    p = sub.add_parser("collect-blobs", help="delete abandoned uploads and unreferenced blobs")
    p.add_argument("--days", type=float, default=7.0, help="untouched for this many days")
    sub.add_parser("check-blobs", help="re-hash every stored attachment; list the damaged")
    p = sub.add_parser("quarantine-list", help="changes a revoked device handed in")
    p.add_argument("--all", action="store_true", help="decided ones too")
    p = sub.add_parser("held-list", help="pushed changes waiting for what comes before them")
    p.add_argument("--device", default=None, help="one device's only")
    p = sub.add_parser("quarantine-release", help="apply a quarantined change")
    p.add_argument("id", type=int)
    p.add_argument("--by", required=True, help="who decided (kept with the change)")
    p = sub.add_parser("quarantine-reject", help="keep a quarantined change as rejected")
    p.add_argument("id", type=int)
    p.add_argument("--reason", required=True)
    p.add_argument("--by", required=True, help="who decided (kept with the change)")
    args = parser.parse_args(argv)
    engine: Engine | None = None
    try:
        engine = engine_for(args.db or default_db_url())
        if args.command == "init":
            path = args.file or jurisdictions.city_file(args.city)
            print(f"{init(engine, path)} jurisdictions loaded from {path.name}")
        elif args.command == "add-user":
            user_id = add_user(
                engine, args.username, args.name, args.role, args.unit, _read_password(args)
            )
            print(f"user {args.username} created: {user_id}")
        elif args.command == "add-certificate":
            print(
                add_certificate(
                    engine, args.username, args.number, args.authority, args.issued, args.expires
                )
            )
        elif args.command == "add-delegation":
            print(
                add_delegation(
                    engine,
                    args.town,
                    args.authority,
                    [m.strip() for m in args.matters.split(",") if m.strip()],
                    dt.date.fromisoformat(args.valid_from),
                    dt.date.fromisoformat(args.valid_to),
                )
            )
        elif args.command == "revoke-delegation":
            revoke_delegation(engine, args.delegation_id)
        elif args.command == "import-registry":
            count, problems = import_registry(engine, args.file)
            for problem in problems:
                print(problem.text("zh"), file=sys.stderr)
            print(f"{count} entries imported, {len({p.row for p in problems})} rows with problems")
        elif args.command == "load-demo":
            print(f"{load_demo(engine, args.scale, args.seed)} demo entries loaded")
        elif args.command == "revoke-device":
            revoke_device(engine, args.device_id)
            print(f"device {args.device_id} revoked")
        elif args.command == "approve-device":
            approve_device(engine, args.device_id)
            print(f"device {args.device_id} approved")
        elif args.command == "reset-password":
            reset_password(engine, args.username, _read_password(args))
            print(f"password of {args.username} reset; its sessions ended")
        elif args.command == "list-users":
            with db.reading(engine) as conn:
                for row in conn.execute(select(db.users).order_by(db.users.c.username)).mappings():
                    print(
                        row["id"],
                        row["username"],
                        row["role"],
                        row["unit_code"],
                        row["display_name"],
                        "" if row["active"] else "(inactive)",
                    )
        elif args.command == "list-devices":
            with db.reading(engine) as conn:
                for row in conn.execute(select(db.devices)).mappings():
                    print(
                        row["id"],
                        row["user_id"],
                        row["name"],
                        "revoked"
                        if row["revoked_at"]
                        else ("active" if row["approved"] else "waiting for approval"),
                    )
        elif args.command == "withdraw-record":
            seq = withdraw_record(engine, args.table, args.record_id, args.reason, args.by)
            print(f"{args.table} {args.record_id} withdrawn (change {seq})")
        elif args.command == "collect-blobs":
            uploads, unused = collect_blobs(engine, args.days)
            print(f"{uploads} abandoned uploads and {unused} unreferenced attachments deleted")
        elif args.command == "check-blobs":
            checked, damaged = blobs.check_all(engine, db.now())
            for item in damaged:
                print(
                    "damaged",
                    item["sha256"],
                    item["size"],
                    item["damage"],
                    "(new)" if item["new"] else "(marked before)",
                )
            print(f"{checked} attachments checked, {len(damaged)} damaged")
            if damaged:
                return 2
        elif args.command == "held-list":
            _print_held(engine, args.device)
        elif args.command == "quarantine-list":
            _print_quarantined(engine, args.all)
        elif args.command == "quarantine-release":
            result = release_quarantined(engine, args.id, args.by)
            code = result.get("reason", {}).get("code", "")
            print(f"quarantined change {args.id} released: {result['status']} {code}".rstrip())
            if result["status"] == "rejected":
                print(result["reason"].get("en", ""), file=sys.stderr)
        elif args.command == "quarantine-reject":
            reject_quarantined(engine, args.id, args.reason, args.by)
            print(f"quarantined change {args.id} rejected")
        elif args.command == "list-withdrawn":
            with db.reading(engine) as conn:
                for item in records.withdrawals(conn):
                    print(
                        item["seq"],
                        item["table_name"],
                        item["record_id"],
                        item["withdrawn_at"].isoformat(),
                        item["withdrawn_by"],
                        item["reason"],
                    )
    except (
        AdminError,
        importer.ImportFileError,
        jurisdictions.JurisdictionDataError,
        ValueError,
    ) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        if engine is not None:
            engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
