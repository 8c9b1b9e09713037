"""What a rule runs with, on the laptop and on the server alike.

A domain rule that checks a record (a hazard, a case step, a signature…) takes the record and a
``RuleContext``: the ``Facts`` to look other records up in, the day it is judged on (nothing
may be dated after it), who is writing, and the city's jurisdictions. The laptop builds one
over its local store (``local``); the server builds one over its central store for every
pushed record and runs the same function, so that a hand-made request cannot get past a rule
the app enforces.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import error
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.facts import Facts, LocalFacts


@dataclass(frozen=True)
class RuleContext:
    facts: Facts
    today: dt.date
    author: str  # the officer (account) writing: the change log's author, the server's user
    tree: JurisdictionTree | None = None
    registry: Registry | None = None  # the registry's rules (code lists), where a rule needs them

    def jurisdictions(self) -> JurisdictionTree:
        if self.tree is not None:
            return self.tree
        if self.registry is not None:
            return self.registry.tree
        raise RuntimeError("this rule needs the jurisdictions")

    def registry_rules(self) -> Registry:
        if self.registry is None:
            raise RuntimeError("this rule needs the registry")
        return self.registry

    def not_after_today(self, day: dt.date, field: str) -> None:
        """Evidence is never dated in the future."""
        if day > self.today:
            raise error(
                field,
                "future",
                f"不能晚于今天（{self.today.isoformat()}）",
                f"must not be after today ({self.today.isoformat()})",
            )


def local(
    conn: sqlite3.Connection,
    now: str,
    author: str,
    tree: JurisdictionTree | None = None,
) -> RuleContext:
    """The context of a write on this device (``now``: the unit of work's timestamp)."""
    return RuleContext(LocalFacts(conn), dt.datetime.fromisoformat(now).date(), author, tree)


def of(uow: UnitOfWork, tree: JurisdictionTree | None = None) -> RuleContext:
    """The context of a unit of work on this device."""
    return local(uow.conn, uow.now, uow.author, tree)
