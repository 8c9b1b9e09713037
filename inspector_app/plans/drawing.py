"""The 双随机 draw itself: pure, deterministic, and simple enough to re-implement elsewhere.

Algorithm ``fi-draw-1``, given the seed (32 bytes from ``os.urandom``, written as 64 hex
characters), the object pool, the officer pool, the exclusions and the parameters:

1. **Random numbers.** Stream *L* (L = ``objects`` or ``officers``) is the concatenation of
   HMAC-SHA256(key = seed bytes, message = ``"fi-draw-1|" + L + "|" + i``) for i = 0, 1, 2…
   (i as 8 bytes big-endian), read 8 bytes at a time as unsigned big-endian integers *u*. A
   number below *n* is ``u % n`` for the first *u* below ``2**64 - 2**64 % n`` (no bias).
2. **Objects.** The pool is sorted by id; with strata (by county-level unit or risk level) each
   stratum is a sorted sub-list and the strata are taken in sorted order. From a list of *n*
   ids, *k* are chosen by a partial Fisher–Yates shuffle on stream ``objects``: for i = 0…k−1,
   j = i + below(n − i), swap positions i and j, take position i.
3. **Teams.** For each chosen enterprise in order, ``team_size`` officers are picked one by one
   from the officers sorted by id who are not excluded for it (recusal, avoidance, recent or
   previous-round involvement), who may serve with those already picked, who work in its
   county-level unit or the city's (when matching by unit), and who are under the per-officer
   limit: among them those with the fewest assignments so far (the work is spread), one
   chosen by ``below(count)`` on stream ``officers``.

Pools are canonical texts: objects one ``id<TAB>unit<TAB>risk`` line each, sorted by id;
officers the JSON list of ``[id, unit]`` sorted by id. Their SHA-256 are what a draw record
stores; the result is the JSON list of ``[enterprise id, [officer ids]]`` in drawing order.
"""

from __future__ import annotations

import bisect
import hashlib
import hmac
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from inspector_app.plans.common import PlanError

ALGORITHM = "fi-draw-1"
STRATA = ("", "unit", "risk_level")
_TWO64 = 1 << 64


class Stream:
    """The deterministic random numbers of step 1."""

    def __init__(self, seed_hex: str, label: str) -> None:
        self._key = bytes.fromhex(seed_hex)
        self._prefix = f"{ALGORITHM}|{label}|".encode()
        self._counter = 0
        self._buffer = b""

    def u64(self) -> int:
        if len(self._buffer) < 8:
            block = hmac.new(
                self._key, self._prefix + self._counter.to_bytes(8, "big"), hashlib.sha256
            ).digest()
            self._counter += 1
            self._buffer += block
        value, self._buffer = self._buffer[:8], self._buffer[8:]
        return int.from_bytes(value, "big")

    def below(self, n: int) -> int:
        if n <= 0:
            raise ValueError("below(n) needs n > 0")
        limit = _TWO64 - _TWO64 % n
        while True:
            u = self.u64()
            if u < limit:
                return u % n


class NoTeam(PlanError):
    """No team can be formed for a chosen enterprise (``name``: how the message calls it)."""

    def __init__(self, enterprise: str, eligible: int, team_size: int, name: str = "") -> None:
        self.enterprise, self.eligible, self.team_size = enterprise, eligible, team_size
        shown = name or enterprise
        super().__init__(
            "no_team",
            f"抽取对象“{shown}”没有足够的可选执法人员组成{team_size}人检查组"
            f"（可选{eligible}人，其余人员因回避、连续轮次或限额已排除）。",
            f"Not enough officers for a team of {team_size} at {shown} "
            f"({eligible} eligible after avoidance, previous rounds and limits).",
        )


# One candidate of the object pool: (id, county-level unit, risk level). A plain tuple, made by
# the hundred thousand straight from SQL; sorting pool entries sorts them by id (ids are unique).
PoolEntry = tuple[str, str, str]


@dataclass(frozen=True)
class Candidate:
    id: str
    unit: str  # the officer's county-level unit, or the city


@dataclass(frozen=True)
class Exclusions:
    """Officers kept away from each chosen enterprise, and pairs who may not serve together."""

    enterprises: Mapping[str, frozenset[str]]
    pairs: frozenset[frozenset[str]] = frozenset()

    def as_json(self) -> dict[str, object]:
        return {
            "enterprises": {k: sorted(v) for k, v in sorted(self.enterprises.items()) if v},
            "pairs": sorted(sorted(p) for p in self.pairs),
        }

    @classmethod
    def from_json(cls, value: Mapping[str, object]) -> Exclusions:
        raw = value.get("enterprises", {})
        pairs = value.get("pairs", [])
        assert isinstance(raw, dict) and isinstance(pairs, list)
        return cls(
            {str(k): frozenset(str(o) for o in v) for k, v in raw.items()},
            frozenset(frozenset(str(o) for o in p) for p in pairs),
        )


@dataclass(frozen=True)
class TeamRules:
    team_size: int
    match_unit: bool
    city_code: str
    max_per_officer: int = 0  # 0: no limit


# -- canonical texts -------------------------------------------------------------------------------


def pool_text(pool: Iterable[PoolEntry]) -> str:
    ordered = sorted(pool)
    if not ordered:
        return ""
    # one ``id<TAB>unit<TAB>risk`` line each: joined in C, not formatted line by line
    return "\n".join(map("\t".join, ordered)) + "\n"


def parse_pool(text: str) -> list[PoolEntry]:
    """The entries of a pool text (the inverse of ``pool_text``); ValueError if it is not one."""
    if not text:
        return []
    cells = text.replace("\n", "\t").split("\t")
    last = cells.pop()  # after the final newline
    out: list[PoolEntry] = list(zip(cells[0::3], cells[1::3], cells[2::3], strict=False))
    # built back, the entries give the text again only if every line held three cells
    if last or len(cells) % 3 or "\n".join(map("\t".join, out)) + "\n" != text:
        raise ValueError("a pool line is not id<TAB>unit<TAB>risk")
    return out


def officers_json(officers: Iterable[Candidate]) -> str:
    return canonical([[o.id, o.unit] for o in sorted(officers, key=lambda o: o.id)])


def canonical(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- the draw --------------------------------------------------------------------------------------


def stratum_of(entry: PoolEntry, by: str) -> str:
    return {"": "", "unit": entry[1], "risk_level": entry[2]}[by]


def strata(pool: Sequence[PoolEntry], by: str) -> dict[str, list[str]]:
    """The pool's ids by stratum ('' when not stratified), each sorted."""
    if by not in STRATA:
        raise ValueError(f"unknown stratum {by!r}")
    ordered = sorted(pool)
    if not by:
        return {"": [e[0] for e in ordered]} if ordered else {}
    out: dict[str, list[str]] = defaultdict(list)
    for e in ordered:
        out[stratum_of(e, by)].append(e[0])
    return dict(out)


def choose(ids: Sequence[str], k: int, stream: Stream) -> list[str]:
    """Step 2 on one sorted list: a partial Fisher–Yates shuffle (O(k) memory and time)."""
    n = len(ids)
    if k > n:
        raise PlanError(
            "pool_too_small",
            f"对象库只有{n}家，少于要抽取的{k}家。",
            f"The pool holds {n}, fewer than the {k} to draw.",
        )
    moved: dict[int, int] = {}
    out = []
    for i in range(k):
        j = i + stream.below(n - i)
        at_j, at_i = moved.get(j, j), moved.get(i, i)
        moved[j] = at_i
        out.append(ids[at_j])
    return out


def units_of(pool: Sequence[PoolEntry], chosen: Sequence[str]) -> dict[str, str]:
    """The county-level unit of each chosen enterprise (for matching teams by unit); ``pool``
    sorted by id, as the pools are, is searched by halves."""
    out: dict[str, str] = {}
    for ident in chosen:
        at = bisect.bisect_left(pool, (ident,))
        if at < len(pool) and pool[at][0] == ident:
            out[ident] = pool[at][1]
    if len(out) < len(set(chosen)):  # not sorted after all: look at every entry
        wanted = set(chosen)
        return {ident: unit for ident, unit, _ in pool if ident in wanted}
    return out


def choose_objects(
    seed: str, pool: Sequence[PoolEntry], by: str, counts: Mapping[str, int]
) -> list[str]:
    stream = Stream(seed, "objects")
    groups = strata(pool, by)
    out: list[str] = []
    for stratum in sorted(counts):
        out.extend(choose(groups.get(stratum, []), int(counts[stratum]), stream))
    return out


def assign_teams(
    seed: str,
    chosen: Sequence[str],
    units: Mapping[str, str],
    officers: Sequence[Candidate],
    exclusions: Exclusions,
    rules: TeamRules,
) -> list[tuple[str, tuple[str, ...]]]:
    """Step 3. ``units``: each chosen enterprise's county-level unit (for matching by unit)."""
    stream = Stream(seed, "officers")
    ordered = [o.id for o in sorted(officers, key=lambda o: o.id)]
    unit_of = {o.id: o.unit for o in officers}
    load = dict.fromkeys(ordered, 0)
    # who may not serve with whom, per officer (the pairs of the exclusions)
    partners: dict[str, set[str]] = defaultdict(set)
    for pair in exclusions.pairs:
        for officer in pair:
            partners[officer].update(pair - {officer})
    nobody: frozenset[str] = frozenset()
    out: list[tuple[str, tuple[str, ...]]] = []
    for enterprise in chosen:
        kept_away = exclusions.enterprises.get(enterprise, nobody)
        allowed_units = (units.get(enterprise, ""), rules.city_code)
        eligible = [
            o
            for o in ordered
            if o not in kept_away
            and (not rules.match_unit or unit_of[o] in allowed_units)
            and (not rules.max_per_officer or load[o] < rules.max_per_officer)
        ]
        team: list[str] = []
        barred: set[str] = set()  # those picked, and those who may not serve with them
        for _ in range(rules.team_size):
            # among those who may still join, the least loaded (the work is spread)
            tied: list[str] = []
            fewest = -1
            for o in eligible:
                if o in barred:
                    continue
                n = load[o]
                if n < fewest or fewest < 0:
                    fewest, tied = n, [o]
                elif n == fewest:
                    tied.append(o)
            if not tied:
                raise NoTeam(enterprise, len(eligible), rules.team_size)
            pick = tied[stream.below(len(tied))]
            team.append(pick)
            barred.add(pick)
            barred.update(partners.get(pick, ()))
            load[pick] += 1
        out.append((enterprise, tuple(team)))
    return out


def result_json(result: Sequence[tuple[str, Sequence[str]]]) -> str:
    return canonical([[e, list(team)] for e, team in result])


def first_difference(
    expected: Sequence[tuple[str, Sequence[str]]], recorded: Sequence[tuple[str, Sequence[str]]]
) -> tuple[str, str] | None:
    """The first place two results differ, as (zh, en); None when they are the same."""
    for n, (a, b) in enumerate(zip(expected, recorded, strict=False), 1):
        if a[0] != b[0]:
            return (
                f"第{n}个抽取对象：重新计算为{a[0]}，记录为{b[0]}",
                f"object {n}: recomputed {a[0]}, recorded {b[0]}",
            )
        if tuple(a[1]) != tuple(b[1]):
            return (
                f"第{n}个对象{a[0]}的检查组：重新计算为{'、'.join(a[1])}，记录为{'、'.join(b[1])}",
                f"team of object {n} ({a[0]}): recomputed {list(a[1])}, recorded {list(b[1])}",
            )
    if len(expected) != len(recorded):
        return (
            f"抽取数量：重新计算为{len(expected)}，记录为{len(recorded)}",
            f"count: recomputed {len(expected)}, recorded {len(recorded)}",
        )
    return None
