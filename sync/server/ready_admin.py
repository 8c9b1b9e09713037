"""Build ready databases now, on the server machine (``sync.server.ready``):

    python -m sync.server.ready_admin [--db URL] build [SCOPE ...]

SCOPE is ``city`` or a unit's code (a county, zone, park or town: the places its staff read);
without one, the city and every county-level unit. A file already there is brought up to date
incrementally. The server builds them by itself too, when a device of a large enough scope asks
and none is there (that device then takes the ordinary snapshot); building after a registry
import spares those devices the wait.
"""

from __future__ import annotations

import argparse
import sys
import time

from sqlalchemy import Engine

from sync import admin
from sync.server import ready
from sync.server.app import Server, ServerConfig, default_db_url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sync.server.ready_admin",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", default=None, help="database URL (default: embedded SQLite)")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="build or refresh ready databases")
    build.add_argument("scopes", nargs="*", help="city, or unit codes")
    args = parser.parse_args(argv)
    url = args.db or default_db_url()
    engine = admin.engine_for(url)
    try:
        return _build(engine, url, args.scopes)
    finally:
        engine.dispose()


def _build(engine: Engine, url: str, scopes: list[str]) -> int:
    try:
        tree = admin.tree_of(engine)
    except admin.AdminError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    scopes = scopes or ["city", *(u.code for u in tree.counties())]
    unknown = [s for s in scopes if s != "city" and s not in tree.units]
    if unknown:
        print(f"error: unknown unit(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    server = Server(ServerConfig(db_url=url))  # (its id is made here if it never started)
    server_id = server.server_id
    server.engine.dispose()
    shelf = ready.Shelf(engine, ready.folder_for(url, server_id), lambda: tree)
    try:
        for scope in scopes:
            started = time.perf_counter()
            built = shelf.build(scope)
            print(
                f"{scope}: {built.tables['enterprise']} entries, {built.size / 1e6:.1f} MB, "
                f"seq {built.seq}, sha256 {built.sha256} ({time.perf_counter() - started:.1f} s)"
            )
    finally:
        shelf.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
