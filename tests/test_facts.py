"""The rules' read-only view of the local store."""

from __future__ import annotations

import pytest

from inspector_app.registry import officers
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store
from inspector_app.store.facts import LocalFacts


def test_local_facts_get_and_find(store: Store) -> None:
    with UnitOfWork(store, "test") as uow:
        first = officers.create(uow, "张三", "330481", "county")
        second = officers.create(uow, "李四", "330481", "approver")
        officers.create(uow, "王五", "330402", "county")
    facts = LocalFacts(store.conn)
    found = facts.get("officer", first)
    assert found is not None and found["name"] == "张三" and found["id"] == first
    assert facts.get("officer", "nobody") is None
    haining = facts.find("officer", {"unit_code": "330481"})
    assert [o["id"] for o in haining] == sorted([first, second])
    assert [
        o["name"] for o in facts.find("officer", {"unit_code": "330481", "role": "approver"})
    ] == ["李四"]


def test_local_facts_refuse_unknown_names(store: Store) -> None:
    facts = LocalFacts(store.conn)
    with pytest.raises(KeyError):
        facts.find("officer", {"no_such_column": 1})
    with pytest.raises(KeyError):
        facts.get("no_such_table", "x")
