"""How text is put into the full-text index and how a query term becomes an index expression.

The registry writes index rows with these functions and search builds its queries with them,
so that both sides always agree.

* Names, addresses and legal representatives are indexed twice: one character per token
  (``spaced``), so that any substring of one or two characters is an FTS5 phrase query (this
  also sidesteps SQLite 3.40's trigram bug with two-character CJK patterns); and by trigrams
  (``trigram_text``), which answer substrings of three or more characters reading far fewer
  postings than a phrase of common single characters.
* Pinyin is indexed one syllable per token; a full-pinyin query is split into syllables
  (``syllable_splits``), the last one matched as a prefix so that typing ``jiax`` already finds
  嘉兴.
* Pinyin initials go into a trigram index (substring queries of 3+ letters) and a B-tree
  (prefix queries of any length).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from pypinyin.constants import PINYIN_DICT

from inspector_app.registry.pinyin import toneless  # one definition of the tone stripping

MAX_SPLITS = 12


def normalise_query(text: str) -> str:
    """NFKC (full-width to half-width), lower-case, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def tokens(text: str) -> list[str]:
    """The index tokens of a text: its letters and digits, one character each."""
    return [c for c in unicodedata.normalize("NFKC", text).lower() if c.isalnum()]


def spaced(text: str | None) -> str:
    """Index form of a text: every character separated by a space (NFKC-normalised).

    The FTS5 ``unicode61`` tokenizer then makes one token of each letter or digit and treats
    everything else as a separator; queries go through ``phrase`` and so the same tokenizer.
    """
    return " ".join(unicodedata.normalize("NFKC", text or ""))


TRIGRAM_MIN = 3


def trigram_text(text: str | None) -> str:
    """Trigram index form of a text: NFKC, so that full-width and half-width forms match."""
    return unicodedata.normalize("NFKC", text or "")


def trigram_phrase(text: str) -> str | None:
    """An FTS5 trigram query matching ``text`` as a substring, or None if it is too short."""
    norm = trigram_text(text)
    if len(norm) < TRIGRAM_MIN:
        return None
    return '"' + norm.replace('"', '""') + '"'


def phrase(text: str) -> str | None:
    """An FTS5 phrase matching ``text`` as a substring, or None if it has no tokens."""
    if not tokens(text):
        return None
    return '"' + spaced(text).replace('"', '""') + '"'


@lru_cache(maxsize=1)
def _syllables() -> tuple[frozenset[str], frozenset[str]]:
    """Every toneless pinyin syllable, and every prefix of one."""
    sylls: set[str] = set()
    for readings in PINYIN_DICT.values():
        for reading in readings.split(","):
            syl = toneless(reading)
            # interjections without a vowel (m, n, ng, hm, hng) would only add bogus splits
            if syl.isascii() and syl.isalpha() and any(v in syl for v in "aeiouv"):
                sylls.add(syl)
    prefixes = {s[:i] for s in sylls for i in range(1, len(s) + 1)}
    return frozenset(sylls), frozenset(prefixes)


def syllable_splits(text: str, limit: int = MAX_SPLITS) -> list[list[str]]:
    """Ways to read ``text`` (ASCII letters) as pinyin syllables; the last may be unfinished.

    ``"jiaxing"`` → ``[["jia", "xing"], ["jia", "xin", "g"], ...]``, fewest pieces first.
    """
    sylls, prefixes = _syllables()
    text = text.lower()
    results: list[list[str]] = []

    def walk(pos: int, acc: list[str]) -> None:
        if len(results) >= limit * 4:
            return
        for end in range(len(text), pos, -1):
            piece = text[pos:end]
            if end == len(text):
                if piece in prefixes:
                    results.append([*acc, piece])
            elif piece in sylls:
                walk(end, [*acc, piece])

    if text.isascii() and text.isalpha():
        walk(0, [])
    results.sort(key=len)
    if results:  # readings with many more pieces are implausible and slow to search
        fewest = len(results[0])
        results = [r for r in results if len(r) <= fewest + 1]
        if any(r[-1] in sylls for r in results):  # typed to a syllable's end: a stray
            results = [r for r in results if r[-1] in sylls or len(r[-1]) > 1]  # 1-letter tail
    return results[:limit]


def pinyin_expression(text: str) -> str | None:
    """FTS5 expression for a full-pinyin term over the ``pinyin`` column, or None."""
    splits = syllable_splits(text.replace(" ", ""))
    if not splits:
        return None
    alternatives = sorted({'"' + " ".join(s) + '"*' for s in splits})
    return "pinyin : (" + " OR ".join(alternatives) + ")"
