"""What a notice or a decision may impose besides a fine, and the grounds for a lighter outcome.

Facts as data in ``resources/case_procedure.json`` (each section with its source):

* ``penalty_kinds``: the penalties other than a fine (行政处罚法 Art. 9) — confiscation,
  suspension for rectification, suspension, licences, a ban from the post, closure. A kind is
  allowed only where the article (at its stage) lists one of its ``actions`` in the catalogue;
  a kind with ``articles`` cites that article whatever the case's (closure: 安全生产法
  Art. 113, on the repeated penalties counted by ``closure_counts``). ``hearing``
  says when it gives the right to a hearing (行政处罚法 Art. 63): ``always`` (suspension,
  licences, closure, a ban) or ``amount`` (confiscation of a larger amount). ``referral`` names
  who decides it in the end (安全生产法 Art. 115: closure by the government; a licence by its
  issuer); ``resumption`` that work resumes only after the organ accepts the rectification.
* ``mitigation_grounds`` (Art. 30–32): what allows 减轻, a fine below the statutory minimum.
* ``no_penalty_grounds`` (Art. 30, 31, 33, 36, 57): what allows 不予行政处罚.
* ``review``: the amounts from which the legal review (Art. 58) and the collective discussion
  (Art. 57 ¶2) are required — local rules, defaults to be confirmed.

``resources/first_offence.json`` holds the first-offence lists (首违不罚, Art. 33 ¶1) by
province.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from inspector_app.cases import articles
from inspector_app.cases.cases import yuan
from inspector_app.datafile import Problem, json_object
from inspector_app.messages import Bilingual
from inspector_app.registry.validation import error
from inspector_app.store.paths import resources_dir

PROCEDURE_FILE = "case_procedure.json"
FIRST_OFFENCE_FILE = "first_offence.json"
HEARING_WHEN = ("always", "amount", "never")
REVIEW_FLAGS = {
    "public_interest": ("涉及重大公共利益", "Involves a major public interest"),
    "complex": ("案件情况疑难复杂、涉及多个法律关系", "Difficult, several legal relations"),
    "major": ("重大违法行为", "A major violation"),
}
MITIGATIONS = {"": ("", ""), "lighter": ("从轻", "Lighter"), "mitigated": ("减轻", "Mitigated")}


class SanctionDataError(Bilingual):
    """A section of the procedure's data files breaks a rule (names the file and the entry)."""


@dataclass(frozen=True)
class PenaltyKind:
    code: str
    zh: str
    en: str
    actions: frozenset[str]
    articles: frozenset[str]
    hearing: str  # one of HEARING_WHEN
    referral: str  # "" or a key of Sanctions.referral_to
    resumption: bool


@dataclass(frozen=True)
class Ground:
    code: str
    zh: str
    en: str
    cite: str  # the article of 行政处罚法, e.g. 第三十二条第（一）项


@dataclass(frozen=True)
class FirstOffenceItem:
    code: str
    article_id: str
    text: str


@dataclass(frozen=True)
class Sanctions:
    kinds: Mapping[str, PenaltyKind]
    referral_to: Mapping[str, tuple[str, str]]
    mitigation: Mapping[str, Ground]
    no_penalty: Mapping[str, Ground]
    legal_review_amount: Mapping[str, Decimal]  # "unit" / "person"
    collective_amount: Mapping[str, Decimal]
    first_offence: Mapping[str, tuple[FirstOffenceItem, ...]]  # province code -> items
    onsite: Onsite


@dataclass(frozen=True)
class Onsite:
    """当场处罚 (行政处罚法 Art. 51, 52, 68): the limits and the decision's number series."""

    person_max: Decimal
    unit_max: Decimal
    collect_max: Decimal
    filing_days: int  # working days to file the decision with the bureau (a local rule)
    doc_type: str


def _grounds(raw: object) -> dict[str, Ground]:
    body = json_object(raw, {"source", "verified", "grounds"})
    out = {}
    for code, entry in dict(body["grounds"]).items():
        item = json_object(entry, {"zh", "en", "cite"})
        out[code] = Ground(code, str(item["zh"]), str(item["en"]), str(item["cite"]))
    if not out:
        raise Problem("grounds", "情形不能为空", "no grounds")
    return out


def _amounts(raw: object, name: str) -> dict[str, Decimal]:
    body = json_object(raw, {"unit", "person"})
    out = {k: Decimal(str(v)) for k, v in body.items()}
    if any(v <= 0 for v in out.values()):
        raise Problem("value", f"{name} 应为正数", f"{name} must be positive")
    return out


def load(path: Path | None = None, first_offence: Path | None = None) -> Sanctions:
    """The sections of ``case_procedure.json`` read and checked, with the first-offence lists."""
    path = path if path is not None else resources_dir() / PROCEDURE_FILE
    fo_path = first_offence if first_offence is not None else resources_dir() / FIRST_OFFENCE_FILE
    current = path
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        kinds_body = json_object(data["penalty_kinds"], {"source", "verified", "kinds"})
        referral_to = {
            code: (str(v["zh"]), str(v["en"])) for code, v in dict(data["referral_to"]).items()
        }
        kinds: dict[str, PenaltyKind] = {}
        for code, raw in dict(kinds_body["kinds"]).items():
            entry = json_object(
                raw, {"zh", "en", "actions", "articles", "hearing", "referral", "resumption"}
            )
            if entry["hearing"] not in HEARING_WHEN:
                raise Problem("hearing", f"{code} 的听证条件有误", f"{code}: bad hearing")
            if entry["referral"] and entry["referral"] not in referral_to:
                raise Problem("referral", f"{code} 的报请机关有误", f"{code}: bad referral")
            if not entry["actions"] and not entry["articles"]:
                raise Problem("actions", f"{code} 未列明适用条款", f"{code}: no article allows it")
            kinds[code] = PenaltyKind(
                code,
                str(entry["zh"]),
                str(entry["en"]),
                frozenset(entry["actions"]),
                frozenset(entry["articles"]),
                str(entry["hearing"]),
                str(entry["referral"]),
                bool(entry["resumption"]),
            )
        review = json_object(
            data["review"],
            {"source", "verified", "legal_review_amount", "collective_amount"},
            {"note"},
        )
        mitigation = _grounds(data["mitigation_grounds"])
        no_penalty = _grounds(data["no_penalty_grounds"])
        legal = _amounts(review["legal_review_amount"], "legal_review_amount")
        collective = _amounts(review["collective_amount"], "collective_amount")
        raw_onsite = json_object(
            data["onsite"],
            {"source", "verified", "person_max", "unit_max", "collect_max", "filing_days"},
            {"note", "doc_type"},
        )
        onsite = Onsite(
            Decimal(str(raw_onsite["person_max"])),
            Decimal(str(raw_onsite["unit_max"])),
            Decimal(str(raw_onsite["collect_max"])),
            int(raw_onsite["filing_days"]),
            str(raw_onsite.get("doc_type") or "当罚"),
        )
        current = fo_path
        fo = json_object(
            json.loads(fo_path.read_text(encoding="utf-8")),
            {"format", "title", "source", "provinces"},
            {"note"},
        )
        lists: dict[str, tuple[FirstOffenceItem, ...]] = {}
        for province, raw in dict(fo["provinces"]).items():
            body = json_object(raw, {"name", "verified", "source", "items"}, {"example"})
            lists[province] = tuple(
                FirstOffenceItem(str(i["code"]), str(i["article_id"]), str(i["text"]))
                for i in body["items"]
            )
    except (OSError, ValueError, KeyError, TypeError, Problem) as exc:
        zh, en = (exc.zh, exc.en) if isinstance(exc, Problem) else (str(exc), str(exc))
        raise SanctionDataError(
            f"数据文件“{current.name}”有误：{zh}", f"data file {current.name}: {en}", "data"
        ) from None
    return Sanctions(kinds, referral_to, mitigation, no_penalty, legal, collective, lists, onsite)


@cache
def default() -> Sanctions:
    return load()


# -- judging a notice's or a decision's penalties --------------------------------------------


def check_penalties(
    raw: object, article_id: str, stage: str, sanctions: Sanctions
) -> list[dict[str, str]]:
    """The penalties besides the fine, each ``{"kind", "article_id"[, "amount"]}``: a known kind
    that the article (at the stage) lists; a confiscation names its amount."""
    if raw in (None, ""):
        return []
    if not isinstance(raw, list):
        raise error("penalties", "type", "应为处罚列表", "must be a list of penalties")
    catalogue = articles.default_catalogue()
    out: list[dict[str, str]] = []
    for item in raw:
        if not isinstance(item, dict):
            raise error("penalties", "type", "每项处罚应为对象", "each penalty is an object")
        code = str(item.get("kind") or "")
        kind = sanctions.kinds.get(code)
        if kind is None:
            raise error("penalties", "kind", f"“{code}”不是处罚种类", f"{code!r} is no penalty")
        # a kind with its own article (closure: 安全生产法 Art. 113) cites it whatever the
        # case's article; any other is allowed only where the case's article lists it
        where = min(kind.articles) if kind.articles else str(item.get("article_id") or article_id)
        if not _allowed(kind, where, str(item.get("stage") or stage), catalogue):
            raise error(
                "penalties",
                "article",
                f"“{kind.zh}”不是{_cite(where, catalogue)}规定的处罚（《行政处罚法》第四条）",
                f"{kind.en} is not a penalty of {where} (Administrative Penalty Law Art. 4)",
            )
        entry = {"kind": code, "article_id": where}
        if kind.hearing == "amount":
            amount = yuan(item.get("amount"), "penalties")
            if amount <= 0:
                raise error("penalties", "amount", f"“{kind.zh}”应写明数额", "state the amount")
            entry["amount"] = str(amount)
        out.append(entry)
    return out


def allowed_kinds(article_id: str, stage: str, sanctions: Sanctions) -> list[PenaltyKind]:
    """The penalties besides a fine that the article lists at the stage (the forms offer these)."""
    catalogue = articles.default_catalogue()
    return [
        k
        for k in sanctions.kinds.values()
        if k.articles or _allowed(k, article_id, stage, catalogue)
    ]


def _allowed(
    kind: PenaltyKind, article_id: str, stage: str, catalogue: articles.ArticleCatalogue
) -> bool:
    if article_id in kind.articles:
        return True
    try:
        entry = catalogue.get(article_id)
    except KeyError:
        return False
    stages = [entry.stages[stage]] if stage in entry.stages else list(entry.stages.values())
    return any(a.code in kind.actions for s in stages for a in s.actions)


def _cite(article_id: str, catalogue: articles.ArticleCatalogue) -> str:
    try:
        return catalogue.get(article_id).cite
    except KeyError:
        return f"“{article_id}”"


def hearing_from_penalties(
    penalties: Sequence[Mapping[str, str]], party_kind: str, sanctions: Sanctions, confiscation: Any
) -> bool:
    """行政处罚法 Art. 63: 没收较大数额违法所得、没收较大价值非法财物, 吊销许可证件, 责令停产
    停业、责令关闭、限制从业 give a hearing right whatever the fine (``confiscation``: the
    thresholds of the larger amount)."""
    for p in penalties:
        kind = sanctions.kinds[p["kind"]]
        if kind.hearing == "always":
            return True
        if kind.hearing == "amount" and articles.needs_hearing(
            Decimal(p["amount"]), party_kind, confiscation
        ):
            return True
    return False


def reviews_required(
    amount: Decimal, party_kind: str, flags: Sequence[str], hearing_held: bool, s: Sanctions
) -> tuple[bool, bool]:
    """(legal review, collective discussion) required before the decision: 行政处罚法 Art. 58
    (a major public interest, after a hearing, a difficult case, the local amount) and Art. 57
    ¶2 (a complex case or a major violation, the local amount)."""
    kind = "person" if party_kind == "person" else "unit"
    legal = (
        hearing_held
        or "public_interest" in flags
        or "complex" in flags
        or amount >= s.legal_review_amount[kind]
    )
    collective = "complex" in flags or "major" in flags or amount >= s.collective_amount[kind]
    return legal, collective
