"""Registry search: Chinese substrings, pinyin initials and full pinyin, code prefixes, address,
legal representative; ranked, filtered.

Ranking, in tiers (within a tier, registry order):

1. the exact unified social credit code;
2. names that start with the query (or whose pinyin initials / full pinyin start with it);
3. codes that start with the query;
4. names that contain the query (or whose initials / pinyin contain it);
5. legal representatives and addresses that contain it.

A query with several words (separated by spaces) matches entries that contain every word in
any field. Filters (county, town, supervising unit, industry, key supervision, kind, risk) apply
to every tier. Without a query, entries are listed in pinyin order.

``first_page`` returns the top rows and a count (capped at ``COUNT_CAP``: the UI shows "10000+");
``all_ids`` returns the whole ranked list of rids for the table view (run it off the GUI thread).
"""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from inspector_app.registry import textindex
from inspector_app.registry.validation import USCC_CHARSET

COUNT_CAP = 10_000
_CODE_CHARS = frozenset(USCC_CHARSET)
_HIGH = "\U0010ffff"


@dataclass(frozen=True)
class Filters:
    county_code: str | None = None
    town_code: str | None = None
    supervising_unit: str | None = None
    supervision_industry: str | None = None
    key_supervised: bool | None = None
    kind: str | None = None
    risk_level: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for column in (
            "county_code",
            "town_code",
            "supervising_unit",
            "supervision_industry",
            "kind",
            "risk_level",
        ):
            value = getattr(self, column)
            if value:
                clauses.append(f"{column} = ?")
                params.append(value)
        if self.key_supervised is not None:
            clauses.append("key_supervised = ?")
            params.append(int(self.key_supervised))
        return " AND ".join(clauses), params

    def __bool__(self) -> bool:
        return bool(self.where()[0])


@dataclass(frozen=True)
class Query:
    text: str = ""
    filters: Filters = field(default_factory=Filters)

    @property
    def terms(self) -> list[str]:
        return textindex.normalise_query(self.text).split()


@dataclass(frozen=True)
class Page:
    rids: list[int]
    total: int
    capped: bool  # total is a lower bound (COUNT_CAP reached)


# -- building the tier queries ---------------------------------------------------------------


@dataclass(frozen=True)
class _Tier:
    sql: str  # selects rid
    params: tuple[Any, ...]


def _code_like(term: str) -> str | None:
    code = term.upper()
    if len(code) >= 2 and all(c in _CODE_CHARS for c in code) and any(c.isdigit() for c in code):
        return code
    return None


def _union(parts: list[_Tier], op: str = "UNION") -> _Tier | None:
    if not parts:
        return None
    return _Tier(f" {op} ".join(p.sql for p in parts), tuple(x for p in parts for x in p.params))


def _pinyin_prefix(term: str) -> list[_Tier]:
    """Initials or full pinyin that start with the term."""
    if not term.isascii() or not term.isalpha():
        return []
    parts = [
        _Tier(
            "SELECT rid FROM enterprise WHERE name_initials >= ? AND name_initials < ?",
            (term, term + "~"),
        )
    ]
    splits = textindex.syllable_splits(term)
    if splits:
        first = " ".join(splits[0])
        parts.append(
            _Tier(
                "SELECT rid FROM enterprise WHERE name_pinyin >= ? AND name_pinyin < ?",
                (first, first + "~"),
            )
        )
    return parts


def _pinyin_contains(term: str) -> list[_Tier]:
    """Initials (3+ letters, trigram index) or full pinyin (syllable phrase) containing the term."""
    if not term.isascii() or not term.isalpha():
        return []
    parts = []
    if len(term) >= 3:
        parts.append(
            _Tier(
                "SELECT rowid FROM enterprise_initials_fts WHERE enterprise_initials_fts MATCH ?",
                ('"' + term + '"',),
            )
        )
    expr = textindex.pinyin_expression(term)
    if expr:
        parts.append(
            _Tier("SELECT rowid FROM enterprise_fts WHERE enterprise_fts MATCH ?", (expr,))
        )
    return parts


def _text_contains(term: str, columns: str) -> list[_Tier]:
    """Entries whose ``columns`` contain ``term``: trigrams for 3+ characters, else phrases."""
    trigram = textindex.trigram_phrase(term)
    if trigram:
        return [
            _Tier(
                "SELECT rowid FROM enterprise_trigram WHERE enterprise_trigram MATCH ?",
                (f"{columns} : {trigram}",),
            )
        ]
    text_phrase = textindex.phrase(term)
    if not text_phrase:
        return []
    return [
        _Tier(
            "SELECT rowid FROM enterprise_fts WHERE enterprise_fts MATCH ?",
            (f"{columns} : {text_phrase}",),
        )
    ]


def _code_prefix(code: str | None) -> list[_Tier]:
    if not code:
        return []
    return [_Tier("SELECT rid FROM enterprise WHERE uscc >= ? AND uscc < ?", (code, code + "~"))]


def _term_anywhere(term: str) -> _Tier | None:
    """Rids of entries that contain ``term`` in any searchable field (for multi-word queries)."""
    return _union(
        [
            *_text_contains(term, "{name address legal_rep}"),
            *_pinyin_prefix(term),
            *_pinyin_contains(term),
            *_code_prefix(_code_like(term)),
        ]
    )


def tiers(query: Query) -> list[_Tier]:
    """The rank tiers of a query, best first (see the module docstring)."""
    terms = query.terms
    if not terms:
        return []
    if len(terms) > 1:
        matches = [_term_anywhere(t) for t in terms]
        if any(m is None for m in matches):
            return []
        every = _union(
            [_Tier(f"SELECT * FROM ({m.sql})", m.params) for m in matches if m], "INTERSECT"
        )
        assert every is not None
        first = terms[0]
        return [
            _Tier(
                f"SELECT rid FROM enterprise WHERE name >= ? AND name < ? AND rid IN ({every.sql})",
                (first, first + _HIGH, *every.params),
            ),
            every,
        ]
    term = terms[0]
    code = _code_like(term)
    candidates: list[_Tier | None] = [
        _Tier("SELECT rid FROM enterprise WHERE uscc = ?", (code,))
        if code and len(code) == 18
        else None,
        _Tier("SELECT rid FROM enterprise WHERE name >= ? AND name < ?", (term, term + _HIGH)),
        _union(_pinyin_prefix(term), "UNION ALL"),
        _union(_code_prefix(code)),
        _union(_text_contains(term, "name")),
        _union(_pinyin_contains(term), "UNION ALL"),
        _union(_text_contains(term, "{legal_rep address}")),
    ]
    return [t for t in candidates if t is not None]


def _filtered(tier: _Tier, filters: Filters) -> _Tier:
    where, params = filters.where()
    if not where:
        return tier
    return _Tier(
        f"SELECT rid FROM enterprise WHERE rid IN ({tier.sql}) AND {where}", (*tier.params, *params)
    )


def _browse(filters: Filters) -> _Tier:
    where, params = filters.where()
    sql = "SELECT rid FROM enterprise"
    if where:
        sql += f" WHERE {where}"
    return _Tier(sql + " ORDER BY name_pinyin, rid", tuple(params))


# -- running them ----------------------------------------------------------------------------


def _ranked(
    conn: sqlite3.Connection,
    query: Query,
    limit: int | None,
    should_stop: Callable[[], bool] | None = None,
) -> Iterator[int]:
    """Distinct rids in rank order (at most ``limit``)."""
    if not query.terms:
        sql = _browse(query.filters)
        lim = f" LIMIT {int(limit)}" if limit is not None else ""
        for (rid,) in conn.execute(sql.sql + lim, sql.params):
            yield rid
        return
    seen: set[int] = set()
    for tier in tiers(query):
        t = _filtered(tier, query.filters)
        remaining = None if limit is None else limit - len(seen)
        if remaining is not None and remaining <= 0:
            return
        cursor = conn.execute(t.sql, t.params)
        while True:
            rows = cursor.fetchmany(2000)
            if not rows:
                break
            if should_stop and should_stop():
                return
            for (rid,) in rows:
                if rid not in seen:
                    seen.add(rid)
                    yield rid
                    if limit is not None and len(seen) >= limit:
                        return


def first_page(
    conn: sqlite3.Connection, query: Query, limit: int = 50, cap: int = COUNT_CAP
) -> Page:
    """The top ``limit`` rids in rank order and the number of matches (counted up to ``cap``)."""
    if not query.terms and not query.filters:
        rids = list(_ranked(conn, query, limit))
        total = int(conn.execute("SELECT count(*) FROM enterprise").fetchone()[0])
        return Page(rids=rids, total=total, capped=False)
    ranked = list(_ranked(conn, query, cap + 1))
    return Page(rids=ranked[:limit], total=min(len(ranked), cap), capped=len(ranked) > cap)


def all_ids(
    conn: sqlite3.Connection, query: Query, should_stop: Callable[[], bool] | None = None
) -> array[int]:
    """Every matching rid in rank order, as a compact ``array('q')`` (no Python objects per row)."""
    if not query.terms:
        t = _browse(query.filters)
        out = array("q")
        cursor = conn.execute(t.sql, t.params)
        while True:
            rows = cursor.fetchmany(20_000)
            if not rows:
                return out
            if should_stop and should_stop():
                return out
            out.extend(r[0] for r in rows)
    return array("q", _ranked(conn, query, None, should_stop))


def naive_scan(conn: sqlite3.Connection, text: str, limit: int = 50) -> list[int]:
    """The baseline the benchmark compares against: LIKE '%q%' over the text columns."""
    pattern = f"%{text}%"
    return [
        r[0]
        for r in conn.execute(
            "SELECT rid FROM enterprise WHERE name LIKE ?1 OR address LIKE ?1 OR legal_rep LIKE ?1 "
            "OR name_initials LIKE ?1 OR uscc LIKE ?1 LIMIT ?2",
            (pattern, limit),
        )
    ]
