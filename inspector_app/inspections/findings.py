"""A checklist question turned into the finding a hazard records.

The general checklist asks questions ("是否按照规定设置安全生产管理机构…"); a hazard records
what was found ("未按照规定设置安全生产管理机构…"), in the words of the penalty articles
(安全生产法 Art. 97–105 list the violations as "未…的"). The gongmao items are written as
findings already and are kept as they are.

The rewrite is done only where it is sure; otherwise the text is kept whole for the officer to
edit. A question is cut into clauses at "，" and "；"; each clause holding a question word must
be one of these shapes, and an item with any other clause is kept unchanged:

* "S是否P" where P is a duty (it starts with one of ``DUTIES``: 按照规定, 建立, 设置, 如实…):
  "S未P" ("S不符合…" when P is "符合…"). Inside P, "并Q" becomes "或者未Q" (either failing is
  the violation: 安全生产法 Art. 101 (一) "未建立专门安全管理制度、未采取可靠的安全措施"), and
  "…合格后投入使用" becomes "…合格即投入使用" (the violation is using it without).
* "S是否P" where P names the violation itself (it starts with one of ``BAD_ACTS``: 擅自,
  使用应当淘汰…, or is "与…在同一…"): "SP" (Art. 105 (一): "仓库与员工宿舍在同一座建筑物内").
* "S有无P" where P is such an act (占用、锁闭…): "S存在P". "有无" before anything else may
  ask for a duty ("有无防潮措施") and is not rewritten.
* "并Q" right after a rewritten clause shares its question: "或者未Q" (Art. 97 (三)).

Clauses that follow a rewritten one are joined by "，或者" (the articles list alternatives, any
one of which is the violation); clauses without a question word (a condition such as
"涉及危险物品的") are kept as they are.
"""

from __future__ import annotations

import re

QUESTION = "是否"
EXISTS = "有无"
# what may follow 是否 when the question asks whether a duty was met (the finding negates it)
DUTIES = (
    "按照规定",
    "按规定",
    "对",
    "为",
    "与",
    "经",
    "建立",
    "设置",
    "设有",
    "配备",
    "如实",
    "采取",
    "制定",
    "提供",
    "安装",
    "安排",
    "签订",
    "登记",
    "告知",
    "定期",
    "经常性",
    "正常",
    "进行",
    "落实",
    "取得",
    "开展",
    "组织",
    "保障",
    "符合",
)
# acts that are violations in themselves: "有无X" and "是否X" with these affirm them
BAD_ACTS = (
    "擅自",
    "违规",
    "违章",
    "关闭",
    "破坏",
    "篡改",
    "隐瞒",
    "销毁",
    "占用",
    "锁闭",
    "封堵",
    "拆除",
    "使用应当淘汰",
    "使用国家明令淘汰",
)
_SAME_PLACE = re.compile(r"与[^，；]*?在同一")  # "与员工宿舍在同一座建筑物内" (Art. 105 (一))
# "并" that is part of a word, not the conjunction
_NOT_CONJUNCTION = re.compile(r"(?<=[合兼吞])并|并(?=[且列联存网行发])")
_CLAUSES = re.compile(r"([，；])")
_THEN_USE = re.compile(r"后(?=(上岗|投入使用|使用|作业))")


def finding_of(question: str) -> str:
    """The finding a hazard records for a checklist item (the text unchanged when it is not a
    question this module can rewrite for sure)."""
    text = question.strip()
    bare = text.rstrip("？?").rstrip()
    if QUESTION not in bare and EXISTS not in bare:
        return text
    parts = _CLAUSES.split(bare)
    clauses, separators = parts[0::2], parts[1::2]
    out: list[str] = []
    asked = False  # a clause before this one was a question
    for n, clause in enumerate(clauses):
        rewritten = _clause(clause, asked)
        if rewritten is None:
            return text
        finding, question_clause = rewritten
        if n:
            joiner = "，" if separators[n - 1] == "；" else separators[n - 1]
            if asked and question_clause and not finding.startswith("或者"):
                joiner += "或者"
            out.append(joiner)
        out.append(finding)
        asked = asked or question_clause
    return "".join(out)


def _clause(clause: str, asked: bool) -> tuple[str, bool] | None:
    """(the finding, whether the clause was a question), or None when unsure."""
    count = clause.count(QUESTION) + clause.count(EXISTS)
    if count == 0:
        if asked and clause.startswith("并"):
            return "未" + _duty(clause[1:]), True
        return clause, False
    if count > 1:
        return None
    if EXISTS in clause:  # "有无防潮措施" asks for a duty, "有无占用" for a violation
        subject, _, rest = clause.partition(EXISTS)
        return (f"{subject}存在{rest}", True) if rest.startswith(BAD_ACTS) else None
    subject, _, rest = clause.partition(QUESTION)
    if not rest:
        return None
    if rest.startswith(BAD_ACTS) or _SAME_PLACE.match(rest):
        return subject + rest, True
    if not rest.startswith(DUTIES):
        return None
    if rest.startswith("符合"):
        return f"{subject}不{rest}", True
    return f"{subject}未{_duty(rest)}", True


def _duty(rest: str) -> str:
    """A duty not met: each "并" joins a duty of its own ("或者未"), "…后投入使用" is "即"."""
    if _NOT_CONJUNCTION.search(rest):
        return rest
    return _THEN_USE.sub("即", rest.replace("并", "或者未"))
