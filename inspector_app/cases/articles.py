"""Penalty articles as data: statutory fine ranges, discretion bands and the hearing threshold.

``resources/penalty_articles.json`` holds the penalty articles of the Work Safety Law (2021),
Art. 93-114, and the related articles of the accident regulations. It is read and checked by
``load_catalogue()``; no key outside those listed is allowed, so a misspelt key is an error::

    {"format": 1, "title": {"zh", "en"}, "source": "...", "notes": "...",
     "primary_law": "AQ2021",                 # entries of other laws are marked "related"
     "laws": {"AQ2021": {"title", "short", "short_en", "edition", "in_force", "source"}},
     "orders": {"correct_by_deadline": {"zh": "责令限期改正", "en": "..."}, ...},
     "actions": {"suspend_rectify": {"zh": "责令停产停业整顿", "en": "..."}, ...},
     "entries": [
       {"id": "AQ2021-103-1",                 # law-article[-paragraph[letter]], stable
        "law": "AQ2021", "article": 103, "paragraph": 1,          # paragraph optional
        "kind": "penalty",                    # or referral, no_admin_penalty, rule
        "violation": "...", "items": [{"no": 1, "text": "..."}],  # items optional
        "subjects": ["unit", "responsible_person"],               # keys of SUBJECTS
        "order": "correct_by_deadline",       # a key of "orders", or null
        "stages": {"first": {"fines": {"unit": FINE}, "actions": ["confiscate_gains"],
                             "condition": "...", "condition_en": "...", "note": "..."},
                   "overdue": ..., "refuse": ..., "serious": ..., "accident": ...},
        "daily_fine": true,                   # Art. 112 applies (see below)
        "related": false, "status": "in_force", "superseded_by": "",   # optional
        "rule": {...},                        # kind "rule" only: Art. 112 and 113
        "source": "...", "verified": true, "note": "..."}]}       # note required if unverified

A FINE is one of: ``{"min": 20000 | null, "max": 50000}`` in yuan (null: the statute says only
"Y以下"); ``{"pct_min": 20, "pct_max": 50, "of": "上一年年收入"}``; ``{"gains_at_least": 100000,
"multiple_min": 2, "multiple_max": 5, "otherwise": {"min", "max"}}`` (Art. 103); or
``{"by_grade": {"一般": FINE, "较大": ..., "重大": ..., "特别重大": ...}, "aggravated":
{"multiple_min": 2, "multiple_max": 5}}`` (Art. 95, 114). Ranges "X以上Y以下" include both ends.

``resources/discretion.json`` holds the discretion bands (the share of a statutory range to
suggest for each circumstance level) and the hearing thresholds; both are defaults that an
administrator replaces with the local rules (``load_discretion()``).

Amounts are ``Decimal`` yuan. Errors in the data files are ``ArticleError`` naming the file, the
entry and the rule; errors in a case's input are ``ValidationError`` naming the field.
"""

from __future__ import annotations

from inspector_app.cases.article_loader import (
    ArticleError,
    default_catalogue,
    load_catalogue,
    load_discretion,
)
from inspector_app.cases.article_model import (
    ARTICLES_FILE,
    CENT,
    DISCRETION_FILE,
    FORMAT,
    GRADES,
    GRADES_EN,
    INCOME_BASIS,
    KINDS,
    STAGES,
    STATUSES,
    SUBJECTS,
    Amount,
    ArticleCatalogue,
    ArticleEntry,
    Band,
    ByGrade,
    ClosureRule,
    DailyFineRule,
    Discretion,
    DiscretionBands,
    FineRange,
    FineSpec,
    GainMultiple,
    HearingThresholds,
    IncomeShare,
    Item,
    Label,
    Law,
    Multiple,
    Stage,
    Subject,
    check_fine,
    chinese_number,
    kind_of,
    needs_hearing,
    statutory_range,
    suggest,
)

__all__ = [
    "ARTICLES_FILE",
    "Amount",
    "ArticleCatalogue",
    "ArticleEntry",
    "ArticleError",
    "Band",
    "ByGrade",
    "CENT",
    "ClosureRule",
    "DISCRETION_FILE",
    "DailyFineRule",
    "Discretion",
    "DiscretionBands",
    "FORMAT",
    "FineRange",
    "FineSpec",
    "GRADES",
    "GRADES_EN",
    "GainMultiple",
    "HearingThresholds",
    "INCOME_BASIS",
    "IncomeShare",
    "Item",
    "KINDS",
    "Label",
    "Law",
    "Multiple",
    "STAGES",
    "STATUSES",
    "SUBJECTS",
    "Stage",
    "Subject",
    "check_fine",
    "chinese_number",
    "default_catalogue",
    "kind_of",
    "load_catalogue",
    "load_discretion",
    "needs_hearing",
    "statutory_range",
    "suggest",
]
