"""Errors told to the user: every one carries a Chinese and an English sentence.

The domain layer has no Qt, so it cannot use Qt's translations: its messages carry both
languages themselves, and the UI shows ``error.text(lang)``.
"""

from __future__ import annotations


class Bilingual(Exception):
    """An error with a Chinese (``zh``) and an English (``en``) sentence and a stable ``code``."""

    def __init__(self, zh: str, en: str, code: str = "") -> None:
        super().__init__(f"{zh} ({en})")
        self.zh, self.en, self.code = zh, en, code

    def text(self, lang: str = "zh") -> str:
        return self.en if lang.startswith("en") else self.zh
