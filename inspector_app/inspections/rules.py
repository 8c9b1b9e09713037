"""What the other inspection modules build on: the inspection rules of
``resources/inspection_rules.json`` (kinds, on-site measures, deadline presets, the minimum team),
the inspection's refusals, and the signed lock that every change to an inspection or to what
hangs on it passes (安全生产法 Art. 68)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from inspector_app.messages import Bilingual
from inspector_app.store.facts import Facts
from inspector_app.store.paths import resources_dir

RULES_FILE = "inspection_rules.json"
# a review inspection's checklist items are the hazards it reviews: REVIEW-<hazard id>
REVIEW_PREFIX = "REVIEW-"
VERDICTS = {
    "compliant": "符合",
    "hazard": "存在隐患",
    "not_applicable": "不适用",
}


# the draft fields the editor autosaves (everything else is set by the operations below)
class InspectionError(Bilingual):
    """An inspection operation refused by a rule: ``code`` is stable, the text names the rule."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(zh, en, code)


@dataclass(frozen=True)
class Label:
    zh: str
    en: str


@dataclass(frozen=True)
class Measure:
    code: str
    zh: str
    en: str
    basis: str
    onsite_decision: bool  # printed on a 现场处理措施决定书


@dataclass(frozen=True)
class InspectionRules:
    """``resources/inspection_rules.json``: kinds, on-site measures, deadlines, remedies."""

    min_officers: int
    min_officers_basis: str
    kinds: Mapping[str, Label]
    measures: Mapping[str, Measure]
    deadline_presets_days: tuple[int, ...]
    default_deadline_days: int  # the deadline a hazard from a checklist verdict starts with
    review_within_days: int
    remedy: Mapping[str, Any]

    def kind_names(self) -> dict[str, str]:
        return {k: v.zh for k, v in self.kinds.items()}


def load_rules(path: Path | None = None) -> InspectionRules:
    data = json.loads((path or resources_dir() / RULES_FILE).read_text(encoding="utf-8"))
    if data.get("format") != 1:
        raise ValueError(f"{RULES_FILE}: unknown format {data.get('format')!r}")
    measures = {
        code: Measure(code, m["zh"], m["en"], m["basis"], bool(m["onsite_decision"]))
        for code, m in data["measures"].items()
    }
    rules = InspectionRules(
        min_officers=int(data["min_officers"]),
        min_officers_basis=str(data["min_officers_basis"]),
        kinds={k: Label(v["zh"], v["en"]) for k, v in data["kinds"].items()},
        measures=measures,
        deadline_presets_days=tuple(int(d) for d in data["deadline_presets_days"]),
        default_deadline_days=int(data["default_deadline_days"]),
        review_within_days=int(data["review_within_days"]),
        remedy=dict(data["remedy"]),
    )
    if rules.default_deadline_days not in rules.deadline_presets_days:
        raise ValueError(f"{RULES_FILE}: the default deadline is not one of the presets")
    if rules.min_officers < 2:
        raise ValueError(f"{RULES_FILE}: min_officers below the statutory two")
    return rules


@cache
def default_rules() -> InspectionRules:
    return load_rules()


def require_draft(facts: Facts, inspection_id: str) -> dict[str, Any]:
    """The inspection as a record, if it may still be changed: the signed lock (安全生产法
    Art. 68: the signed record stands; a correction is an amendment). Every change to an
    inspection or to what hangs on it (items, team, hazards, photos, signatures) passes here,
    on the laptop and on the server alike."""
    found = facts.get("inspection", inspection_id)
    if found is None:
        raise InspectionError("not_found", "找不到该检查记录。", f"No inspection {inspection_id}.")
    if found["status"] == "signed":
        raise InspectionError(
            "signed",
            "该检查记录已签名，不能再修改；如需更正，请制作更正记录。",
            "This inspection is signed and cannot be changed: record an amendment instead.",
        )
    return found


def day_of(inspection: Mapping[str, Any]) -> dt.date:
    """The inspection's day (the date of its start, in the device's offset)."""
    return dt.datetime.fromisoformat(str(inspection["started_at"])).date()
