"""Public import path of the money helpers (a contract: see the README's Public API). They live
in ``inspector_app.cases.money``."""

from inspector_app.cases.money import (
    MoneyError,
    decision_phrase,
    format_yuan,
    parse_yuan,
    to_chinese_upper,
)

__all__ = ["MoneyError", "decision_phrase", "format_yuan", "parse_yuan", "to_chinese_upper"]
