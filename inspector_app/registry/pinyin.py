"""Pinyin search keys for names, computed once at write time.

``PinyinKeys.keys(name)`` returns ``(initials, syllables)``: ``"嘉兴化工有限公司"`` →
``("jxhgyxgs", "jia xing hua gong you xian gong si")``. Letters and digits in the name are kept
(lower-case) in the initials; the syllables are those of the Chinese characters only.

The result is exactly what pypinyin's phrase-aware conversion gives (``lazy_pinyin``), so
polyphones stay right (重庆 → ``cq``, 银行 → ``yh``), but it costs a few microseconds a name
instead of ~90 µs: a character's reading can only differ from its default reading inside a
phrase of pypinyin's phrase dictionary whose reading deviates from the per-character defaults.
A name that contains none of those "deviant" phrases is converted with a per-character table;
only the others (a minority) go through pypinyin itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

_PASSTHROUGH = "\x00"
_ALNUM = re.compile(r"[a-z0-9]+")


def toneless(reading: str) -> str:
    # pypinyin's NORMAL style writes ü (with or without a tone mark) as v
    text = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    return "".join(c for c in text if not unicodedata.combining(c))


class PinyinKeys:
    """Pinyin initials and full pinyin of names; build once and reuse (building takes ~0.3 s)."""

    def __init__(self) -> None:
        self._default: dict[str, str] = {
            chr(cp): toneless(readings.split(",")[0]) for cp, readings in PINYIN_DICT.items()
        }
        deviant: set[str] = set()
        for phrase, readings in PHRASES_DICT.items():
            if len(phrase) != len(readings):
                deviant.add(phrase)
                continue
            for char, reading in zip(phrase, readings, strict=True):
                if self._default.get(char) != toneless(reading[0]):
                    deviant.add(phrase)
                    break
        self._deviant = frozenset(deviant)
        lengths: dict[str, set[int]] = {}
        for phrase in deviant:
            lengths.setdefault(phrase[0], set()).add(len(phrase))
        # first character of a deviant phrase -> the phrase lengths starting with it
        self._starts: dict[str, tuple[int, ...]] = {
            c: tuple(sorted(ls)) for c, ls in lengths.items()
        }
        self.fallbacks = 0  # how many names needed pypinyin itself (reported by the benchmark)

    def needs_phrase_lookup(self, name: str) -> bool:
        """True if the name contains a phrase whose reading differs from the per-char defaults."""
        deviant, starts = self._deviant, self._starts
        for pos, char in enumerate(name):
            lengths = starts.get(char)
            if lengths:
                for length in lengths:
                    if name[pos : pos + length] in deviant:
                        return True
        return False

    def syllables(self, name: str) -> list[str]:
        """One reading per Chinese character; other characters as ``"\\x00" + char``."""
        if self.needs_phrase_lookup(name):
            self.fallbacks += 1
            return self._reference_syllables(name)
        default = self._default
        return [default.get(c) or _PASSTHROUGH + c for c in name]

    @staticmethod
    def _reference_syllables(name: str) -> list[str]:
        tokens = lazy_pinyin(name, style=Style.NORMAL, errors=lambda s: _PASSTHROUGH + s)
        out: list[str] = []
        for token in tokens:
            if token.startswith(_PASSTHROUGH):
                out.extend(_PASSTHROUGH + c for c in token[1:])
            else:
                out.append(token)
        return out

    def keys(self, name: str) -> tuple[str, str]:
        return keys_from_syllables(self.syllables(name))

    def reference_keys(self, name: str) -> tuple[str, str]:
        """The same keys through pypinyin alone (slow; used by tests and the benchmark)."""
        return keys_from_syllables(self._reference_syllables(name))

    def many(self, names: Iterable[str]) -> list[tuple[str, str]]:
        return [self.keys(n) for n in names]


def keys_from_syllables(syllables: list[str]) -> tuple[str, str]:
    initials: list[str] = []
    full: list[str] = []
    for syl in syllables:
        if syl.startswith(_PASSTHROUGH):
            initials.extend(_ALNUM.findall(unicodedata.normalize("NFKC", syl[1:]).lower()))
        else:
            initials.append(syl[0])
            full.append(syl)
    return "".join(initials), " ".join(full)


def query_is_pinyin(text: str) -> bool:
    """A query of ASCII letters (optionally with digits) can be pinyin initials or full pinyin."""
    return bool(text) and text.isascii() and any(c.isalpha() for c in text)
