"""Run the central server: ``python -m sync.server [--db URL] [--host H] [--port P]``.

``--db`` takes ``sqlite:///PATH`` or ``postgresql://user@host:port/database``; without it the
server uses an embedded SQLite file in the platform's data folder. Administration (users,
jurisdictions, registry imports, devices) is ``python -m sync.admin``.
"""

from __future__ import annotations

import argparse
import logging
import sys

import uvicorn

from sync.server.app import ServerConfig, create_app, default_db_url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sync.server",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", default=None, help="database URL (default: embedded SQLite)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on")
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper())
    app = create_app(ServerConfig(db_url=args.db or default_db_url()))
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
