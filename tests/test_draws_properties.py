"""Properties of the draw over many random pools: it is reproducible from its record, and every
team respects every avoidance rule (recusal and avoidance, pairs, previous rounds, matching by
unit, per-officer limits); the work is spread evenly."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector_app.plans import drawing
from inspector_app.plans.drawing import Candidate, Exclusions, NoTeam, PoolEntry, Stream, TeamRules
from inspector_app.plans.verification import verify_record

UNITS = ("330402", "330481", "330483")
CITY = "330400"
RISKS = ("low", "general", "high", "major")
PROPERTY = settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


@dataclass(frozen=True)
class Case:
    seed: str
    pool: list[PoolEntry]
    officers: list[Candidate]
    by: str
    counts: dict[str, int]
    exclusions: Exclusions
    rules: TeamRules


@st.composite
def cases(draw: st.DrawFn) -> Case:
    seed = draw(st.binary(min_size=32, max_size=32)).hex()
    spots = draw(
        st.lists(st.tuples(st.sampled_from(UNITS), st.sampled_from(RISKS)), min_size=1, max_size=60)
    )
    pool: list[PoolEntry] = [(f"e{n:03d}", unit, risk) for n, (unit, risk) in enumerate(spots)]
    where = draw(st.lists(st.sampled_from((*UNITS, CITY)), min_size=3, max_size=30))
    officers = [Candidate(f"o{n:03d}", unit) for n, unit in enumerate(where)]
    by = draw(st.sampled_from(drawing.STRATA))
    groups = drawing.strata(pool, by)
    counts = {k: draw(st.integers(0, len(v))) for k, v in groups.items()}
    ids = [o.id for o in officers]
    away = {
        e[0]: frozenset(draw(st.lists(st.sampled_from(ids), max_size=4)))
        for e in pool
        if draw(st.booleans())
    }
    pairs = frozenset(
        frozenset(p)
        for p in draw(
            st.lists(
                st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True), max_size=4
            )
        )
    )
    rules = TeamRules(
        draw(st.integers(2, 3)), draw(st.booleans()), CITY, draw(st.sampled_from((0, 0, 3, 6)))
    )
    return Case(seed, pool, officers, by, counts, Exclusions(away, pairs), rules)


def run(case: Case) -> list[tuple[str, tuple[str, ...]]]:
    chosen = drawing.choose_objects(case.seed, case.pool, case.by, case.counts)
    units = {e[0]: e[1] for e in case.pool}
    return drawing.assign_teams(
        case.seed, chosen, units, case.officers, case.exclusions, case.rules
    )


def record_of(case: Case, result: list[tuple[str, tuple[str, ...]]]) -> dict[str, object]:
    """A draw record as ``run_draw`` writes it (decoded), for ``verify_record``."""
    text = drawing.pool_text(case.pool)
    officers = drawing.officers_json(case.officers)
    import json

    return {
        "seed": case.seed,
        "object_pool_sha256": drawing.sha256(text),
        "object_pool_size": len(case.pool),
        "officer_pool": json.loads(officers),
        "officer_pool_sha256": drawing.sha256(officers),
        "exclusions": case.exclusions.as_json(),
        "result": [[e, list(t)] for e, t in result],
        "params": {
            "stratify_by": case.by,
            "counts": case.counts,
            "team": {
                "team_size": case.rules.team_size,
                "match_unit": case.rules.match_unit,
                "max_per_officer": case.rules.max_per_officer,
                "city_code": case.rules.city_code,
            },
        },
    }


@PROPERTY
@given(cases())
def test_a_draw_is_reproducible_from_its_record(case: Case) -> None:
    try:
        result = run(case)
    except NoTeam as exc:
        assert exc.code == "no_team" and exc.enterprise in {e[0] for e in case.pool}
        return
    assert run(case) == result  # the same inputs, the same draw
    found = verify_record(record_of(case, result), case.pool)
    assert found.ok, found.zh
    # the record binds the result: any other team or order is named as a difference
    if result and len(case.officers) > len(result[0][1]):
        other = next(o.id for o in case.officers if o.id not in result[0][1])
        forged = [(result[0][0], (other, *result[0][1][1:])), *result[1:]]
        bad = verify_record(record_of(case, forged), case.pool)
        assert not bad.ok and bad.zh.startswith(f"不一致：第1个对象{result[0][0]}的检查组")
    # the pool is bound by its hash: one entry less is refused
    if len(case.pool) > 1:
        assert not verify_record(record_of(case, result), case.pool[1:]).ok


@PROPERTY
@given(cases())
def test_every_team_respects_every_avoidance_rule(case: Case) -> None:
    try:
        result = run(case)
    except NoTeam:
        return
    pool = {e[0]: e for e in case.pool}
    officers = {o.id: o for o in case.officers}
    chosen = [e for e, _ in result]
    assert len(chosen) == len(set(chosen)) == sum(case.counts.values())
    drawn = Counter(drawing.stratum_of(pool[e], case.by) for e in chosen)
    assert all(drawn[k] == n for k, n in case.counts.items())
    load: Counter[str] = Counter()
    for firm, team in result:
        assert len(team) == len(set(team)) == case.rules.team_size
        assert not set(team) & case.exclusions.enterprises.get(firm, frozenset())
        assert not any(
            frozenset((a, b)) in case.exclusions.pairs for a in team for b in team if a != b
        )
        if case.rules.match_unit:
            assert all(officers[o].unit in (pool[firm][1], CITY) for o in team)
        load.update(team)
    if case.rules.max_per_officer:
        assert max(load.values(), default=0) <= case.rules.max_per_officer


@PROPERTY
@given(
    st.binary(min_size=32, max_size=32), st.integers(3, 40), st.integers(1, 60), st.integers(2, 3)
)
def test_the_work_is_spread_evenly(seed: bytes, officers: int, firms: int, team_size: int) -> None:
    pool: list[PoolEntry] = [(f"e{n:03d}", UNITS[0], "low") for n in range(firms)]
    people = [Candidate(f"o{n:03d}", UNITS[0]) for n in range(officers)]
    if team_size > officers:
        return
    chosen = drawing.choose_objects(seed.hex(), pool, "", {"": firms})
    result = drawing.assign_teams(
        seed.hex(), chosen, {}, people, Exclusions({}), TeamRules(team_size, False, CITY)
    )
    load = Counter(o for _, team in result for o in team)
    counts = [load.get(p.id, 0) for p in people]
    assert max(counts) - min(counts) <= 1


@PROPERTY
@given(
    st.binary(min_size=32, max_size=32),
    st.lists(st.text(min_size=1, max_size=5), unique=True, max_size=50),
)
def test_choosing_everything_is_a_permutation(seed: bytes, ids: list[str]) -> None:
    ordered = sorted(ids)
    assert sorted(drawing.choose(ordered, len(ordered), Stream(seed.hex(), "objects"))) == ordered


@PROPERTY
@given(st.binary(min_size=32, max_size=32), st.integers(1, 2**63))
def test_random_numbers_stay_below_the_bound(seed: bytes, bound: int) -> None:
    stream = Stream(seed.hex(), "x")
    assert all(0 <= stream.below(bound) < bound for _ in range(20))


def test_the_stream_is_the_documented_hmac() -> None:
    """Anyone can re-implement step 1 from the docstring: HMAC-SHA256 blocks, 8 bytes a number."""
    import hmac

    seed = "00" * 32
    block = hmac.new(
        bytes(32), b"fi-draw-1|objects|" + (0).to_bytes(8, "big"), hashlib.sha256
    ).digest()
    stream = Stream(seed, "objects")
    assert [stream.u64() for _ in range(4)] == [
        int.from_bytes(block[i : i + 8], "big") for i in range(0, 32, 8)
    ]
    # a partial shuffle of [a, b, c] drawing 1: j = below(3) from the first number
    first = int.from_bytes(block[:8], "big")
    limit = 2**64 - 2**64 % 3
    assert first < limit  # (true for this seed: no rejection)
    assert drawing.choose(["a", "b", "c"], 1, Stream(seed, "objects")) == [
        ["a", "b", "c"][first % 3]
    ]


# -- the faster code gives what the plain reading of the algorithm gives -------------------------


def plain_teams(case: Case, chosen: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """Step 3 of ``fi-draw-1`` read word for word: every officer checked against every rule for
    every pick (how the draw was first written; the faster code must give the same teams)."""
    stream = Stream(case.seed, "officers")
    rules, units = case.rules, {e[0]: e[1] for e in case.pool}
    ordered = sorted(case.officers, key=lambda o: o.id)
    load = {o.id: 0 for o in ordered}
    out = []
    for firm in chosen:
        away = case.exclusions.enterprises.get(firm, frozenset())
        eligible = [
            o.id
            for o in ordered
            if o.id not in away
            and (not rules.match_unit or o.unit in (units[firm], rules.city_code))
            and (not rules.max_per_officer or load[o.id] < rules.max_per_officer)
        ]
        team: list[str] = []
        for _ in range(rules.team_size):
            free = [
                o
                for o in eligible
                if o not in team
                and not any(frozenset((o, t)) in case.exclusions.pairs for t in team)
            ]
            if not free:
                raise NoTeam(firm, len(eligible), rules.team_size)
            fewest = min(load[o] for o in free)
            tied = [o for o in free if load[o] == fewest]
            pick = tied[stream.below(len(tied))]
            team.append(pick)
            load[pick] += 1
        out.append((firm, tuple(team)))
    return out


@PROPERTY
@given(cases())
def test_the_teams_are_those_of_the_plain_reading(case: Case) -> None:
    chosen = drawing.choose_objects(case.seed, case.pool, case.by, case.counts)
    try:
        expected = plain_teams(case, chosen)
    except NoTeam as exc:
        with pytest.raises(NoTeam) as caught:
            run(case)
        assert (caught.value.enterprise, caught.value.eligible) == (exc.enterprise, exc.eligible)
        return
    assert run(case) == expected


@PROPERTY
@given(
    st.lists(
        st.tuples(
            st.text("abc0129-", min_size=1, max_size=8),
            st.sampled_from(UNITS),
            st.sampled_from(RISKS),
        ),
        unique_by=lambda e: e[0],
        max_size=40,
    )
)
def test_the_pool_text_is_one_line_per_entry_and_reads_back(pool: list[PoolEntry]) -> None:
    text = drawing.pool_text(pool)
    assert text == "".join(f"{i}\t{u}\t{r}\n" for i, u, r in sorted(pool))
    assert drawing.parse_pool(text) == sorted(pool)


@pytest.mark.parametrize(
    "text", ["a\tb\n", "a\tb\tc\td\n", "a\tb\tc", "a\tb\nc\td\te\tf\n", "\n", "a\tb\tc\n\n"]
)
def test_a_text_that_is_not_a_pool_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="id<TAB>unit<TAB>risk"):
        drawing.parse_pool(text)
