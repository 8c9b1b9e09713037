"""Demo data: deterministic, in the city's proportions, every code valid."""

from __future__ import annotations

import itertools
from collections import Counter

from inspector_app.demo import generator as demo
from inspector_app.demo.install import install as install_demo
from inspector_app.registry.entries import Registry
from inspector_app.registry.validation import validate_uscc
from inspector_app.store.database import Store


def test_same_seed_same_data(tree) -> None:
    a = list(itertools.islice(demo.registry_rows(tree, seed=42, scale=0.01), 500))
    b = list(itertools.islice(demo.registry_rows(tree, seed=42, scale=0.01), 500))
    c = list(itertools.islice(demo.registry_rows(tree, seed=43, scale=0.01), 500))
    assert a == b
    assert a != c


def test_proportions_and_validity(tree, registry: Registry) -> None:
    rows = list(demo.registry_rows(tree, seed=2018, scale=0.02))
    kinds = Counter(r["kind"] for r in rows)
    above = sum(r["above_size"] for r in rows)
    assert abs(kinds["individual"] - demo.INDIVIDUAL * 0.02) <= 1
    assert abs(kinds["enterprise"] - (demo.ABOVE_SIZE + demo.OTHER_LEGAL) * 0.02) <= 2
    assert abs(above - demo.ABOVE_SIZE * 0.02) <= 1
    codes = [r["uscc"] for r in rows]
    assert len(set(codes)) == len(codes)
    for row in rows[::37]:
        assert validate_uscc(row["uscc"]) == row["uscc"]
        registry.rules.normalise(row)  # every generated entry passes the registry rules
    units = Counter(tree.reporting_unit(r["supervising_unit"]).code for r in rows)
    assert len(units) == 9
    assert all(r["uscc"].startswith("92") == (r["kind"] == "individual") for r in rows)


def test_full_scale_counts() -> None:
    assert demo.FULL_SIZE == 485_300


def test_officers_have_certificates(tree) -> None:
    officers = list(demo.officers(tree))
    assert len({o["certificate_no"] for o in officers}) == len(officers)
    assert {o["role"] for o in officers} >= {"city", "county", "park", "township", "approver"}
    expired = [o for o in officers if o["certificate_expires_on"] < "2026-11-29"]
    assert 0 < len(expired) < len(officers) // 5


def test_install_fills_an_empty_store_once(store: Store, registry: Registry) -> None:
    added = install_demo(store, registry, scale=0.001)
    assert added == Registry.count(store.conn) > 400
    assert install_demo(store, registry, scale=0.001) == 0  # not empty any more
    # the demo year of penalty cases comes with it (inspector_app.demo_cases)
    assert store.conn.execute("SELECT count(*) FROM penalty_case").fetchone()[0] > 0
    assert store.meta("demo") is not None
    # demo data is reference data: nothing to push
    assert store.conn.execute("SELECT count(*) FROM change_log").fetchone()[0] == 0


def test_roster_lists_each_officer_with_the_latest_certificate(store: Store, tree) -> None:
    import datetime as dt

    from inspector_app.registry import officers
    from inspector_app.store.changelog import UnitOfWork

    officers.load_snapshot(store, list(demo.officers(tree))[:5])
    first = officers.list_officers(store.conn)[0]
    with UnitOfWork(store, "admin") as uow:
        officers.add_certificate(
            uow, first.id, "NEW-0001", "浙江省人民政府", "2026-01-01", "2031-01-01"
        )
    roster = dict((o.id, c) for o, c in officers.roster(store.conn))
    assert len(roster) == 5
    assert roster[first.id] is not None and roster[first.id].number == "NEW-0001"
    assert officers.valid_certificate(store.conn, first.id, dt.date(2027, 1, 1)).number == (
        "NEW-0001"
    )
