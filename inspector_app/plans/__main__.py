"""``python -m inspector_app.plans COMMAND --db PATH …`` — plans from the command line.

* ``check --year Y`` — the consistency findings of the year's plans (exit 1 if any error);
* ``progress --year Y [--today D]`` — tasks by county-level unit and the key-supervised
  enterprises not inspected yet;
* ``verify DRAW_ID [--attachments DIR]`` — re-run a recorded draw (as
  ``python -m inspector_app.plans.draws verify``).

An encrypted store asks its password (``--password-stdin``: one line of standard input).

Lists print as tab-separated rows under their headers (Chinese, as exported).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from inspector_app.plans import consistency, draws, plans, progress
from inspector_app.plans.parameters import default_parameters
from inspector_app.registry import jurisdictions
from inspector_app.store.cli import add_password_option, database_key
from inspector_app.store.database import Store
from inspector_app.store.facts import LocalFacts
from inspector_app.store.keyfile import KeyFileError


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    print("\t".join(headers))
    for row in rows:
        print("\t".join(str(c) for c in row))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m inspector_app.plans")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("check", "progress"):
        p = sub.add_parser(name)
        p.add_argument("--db", required=True, type=Path)
        p.add_argument("--year", required=True, type=int)
        p.add_argument("--today", type=dt.date.fromisoformat, default=None)
        add_password_option(p)
    p = sub.add_parser("verify")
    p.add_argument("draw_id")
    p.add_argument("--db", required=True, type=Path)
    p.add_argument("--attachments", type=Path, default=None)
    add_password_option(p)
    args = parser.parse_args(argv)
    if args.command == "verify":
        extra = ["--attachments", str(args.attachments)] if args.attachments else []
        extra += ["--password-stdin"] if args.password_stdin else []
        return draws.main(["verify", args.draw_id, "--db", str(args.db), *extra])
    tree = jurisdictions.load()
    try:
        key = database_key(args.db, args.password_stdin)
    except KeyFileError as exc:
        print(f"{exc.zh} / {exc.en}", file=sys.stderr)
        return 2
    store = Store.open(args.db, readonly=True, check=False, key=key)
    try:
        today = args.today or store.clock.today()
        if args.command == "check":
            params = default_parameters()
            world = consistency.load_world(store.conn, tree, params, args.year, today)
            year_plans = plans.year_plans(LocalFacts(store.conn), args.year)
            findings = consistency.check_tree(year_plans, world, tree, params)
            _table(
                ("级别", "代码", "说明"),
                [("错误" if f.severity == "error" else "提示", f.code, f.zh) for f in findings],
            )
            return 1 if any(f.severity == "error" for f in findings) else 0
        _table(
            progress.PROGRESS_HEADERS,
            progress.county_progress(store.conn, tree, args.year, today),
        )
        missing = progress.key_not_inspected(store.conn, tree, tree.city.code, args.year, today)
        print()
        print(f"本年度尚未检查的重点监管企业：{len(missing)}家")
        _table(progress.KEY_HEADERS, progress.key_rows(tree, missing))
        return 0
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
