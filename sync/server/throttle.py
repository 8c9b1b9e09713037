"""Failed sign-ins counted three ways, each with its own lock that doubles every time:

* per account and client address (the officer mistyping, or someone at one machine guessing):
  locked after a few failures, so guessing is slow;
* per client address (one machine guessing many names): locked after more;
* per account from every address (a spread-out attack on one officer): locked after many more.

A colleague mistyping someone's password at one desk therefore locks only that desk's attempts
for that account, for a minute, then two, four…; the officer signs in from their own laptop.
A successful sign-in clears its account's counters (not the address's).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from sync.server import db

FIRST_LOCK = dt.timedelta(minutes=1)
LONGEST_LOCK = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Limit:
    kind: str
    failures: int  # failures in a row that lock


LIMITS = (Limit("pair", 5), Limit("address", 30), Limit("account", 60))


def _keys(username: str, address: str) -> list[tuple[str, Limit]]:
    name = username.casefold()
    values = {"pair": f"{name}|{address}", "address": address, "account": name}
    return [(f"{limit.kind}:{values[limit.kind]}", limit) for limit in LIMITS]


def locked_until(
    conn: Connection, username: str, address: str, now: dt.datetime
) -> dt.datetime | None:
    """The end of the longest lock in force on this attempt, or None."""
    t = db.sign_in_throttle.c
    keys = [key for key, _ in _keys(username, address)]
    ends = [
        aware(row[0])
        for row in conn.execute(select(t.locked_until).where(t.key.in_(keys))).all()
        if row[0] is not None and aware(row[0]) > now
    ]
    return max(ends) if ends else None


def failed(conn: Connection, username: str, address: str, now: dt.datetime) -> None:
    t = db.sign_in_throttle.c
    for key, limit in _keys(username, address):
        row = conn.execute(select(t.failures, t.locks).where(t.key == key)).first()
        failures, locks = (row[0] + 1, row[1]) if row else (1, 0)
        until = None
        if failures >= limit.failures:
            until = now + min(FIRST_LOCK * 2**locks, LONGEST_LOCK)
            failures, locks = 0, min(locks + 1, 30)
        values = {"failures": failures, "locks": locks, "last_failure": now}
        if until is not None:
            values["locked_until"] = until
        if row is None:
            conn.execute(insert(db.sign_in_throttle).values(key=key, **values))
        else:
            conn.execute(update(db.sign_in_throttle).where(t.key == key).values(**values))


def succeeded(conn: Connection, username: str, address: str) -> None:
    """Clear the account's counters (this address's other accounts keep theirs)."""
    t = db.sign_in_throttle.c
    keys = [key for key, limit in _keys(username, address) if limit.kind != "address"]
    conn.execute(delete(db.sign_in_throttle).where(t.key.in_(keys)))


def clear_account(conn: Connection, username: str) -> None:
    """An administrator's reset: every lock naming this account, from any address."""
    t = db.sign_in_throttle.c
    name = username.casefold()
    conn.execute(
        delete(db.sign_in_throttle).where(
            (t.key == f"account:{name}") | t.key.startswith(f"pair:{name}|", autoescape=True)
        )
    )


def aware(value: dt.datetime) -> dt.datetime:
    # SQLite returns naive datetimes for DateTime(timezone=True) columns: they are UTC
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
