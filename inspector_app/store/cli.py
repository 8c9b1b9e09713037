"""Opening a laptop's store from a command-line tool (``python -m inspector_app.plans``,
``python -m inspector_app.plans.draws``, ``python -m inspector_app.store.audit``).

A plain store opens as it is. An encrypted one needs the officer's password, typed at the
prompt or, with ``--password-stdin``, read as one line of standard input (for scripts): it
unwraps the database key from the key file beside the database (``inspector.key``), with the
same waits after wrong passwords as the app's own start-up.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from inspector_app.store import dbapi
from inspector_app.store.keyfile import KeyFile
from inspector_app.store.paths import AppPaths

PROMPT = "密码 / password: "


def add_password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the store's password from standard input / 从标准输入读取密码",
    )


def database_key(database: Path, password_stdin: bool = False) -> bytes | None:
    """None for a plain (or missing) database; the key of an encrypted one, unwrapped with
    the password. Raises ``KeyFileError`` (wrong password, key file missing or damaged)."""
    if not database.is_file() or not dbapi.is_encrypted(database):
        return None
    paths = AppPaths(database.parent)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(PROMPT)
    return KeyFile(paths.key_file, paths.key_backup).unlock(password)
