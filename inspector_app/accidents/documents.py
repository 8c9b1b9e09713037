"""The three documents of the city's accident systems: what each one says, as plain strings.

* 安全生产警示通报 (``warning_notice``), from a warning notice and its accidents;
* 生产安全事故挂牌督办通知书 (``listing_notice``), from an accident meeting the listing trigger;
* 季度生产安全事故调查报告检查情况通报 (``report_check_bulletin``), from a quarter's checks.

The content builders return dicts of already formatted text (dates as 2026年11月29日) for the
templates ``resources/documents/<kind>.html``; the renderer is the UI's (``ui.documents``).
Issuing takes the next number of the kind's series (the device's leased block, as for every
document) and freezes the content in a ``document`` row, so that every reprint is identical.
The issuers, number formats and the wording of addressees are data (``documents`` in
``resources/accidents.json``), to be set to the office's own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from inspector_app.accidents.model import AccidentView, derive
from inspector_app.accidents.params import AccidentParams, default_params
from inspector_app.documents import issued, numbers
from inspector_app.documents.kinds import load_kinds
from inspector_app.registry.jurisdictions import JurisdictionTree, Unit
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.clock import new_id
from inspector_app.store.facts import Facts

KINDS = ("warning_notice", "listing_notice", "report_check_bulletin")
RECORD_TABLES = {
    "warning_notice": "warning_notice",
    "listing_notice": "accident",
    "report_check_bulletin": "report_check_round",
}


# what a draft shows in place of its number and date (a preview before issue)
DRAFT_NUMBER = "（草稿）"
DRAFT_DATE = "　　年　　月　　日"


def _issued_text(issued_on: str) -> str:
    return chinese_date(dt.date.fromisoformat(issued_on)) if issued_on else DRAFT_DATE


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_moment(moment: dt.datetime) -> str:
    return f"{chinese_date(moment.date())}{moment.hour}时{moment.minute:02d}分"


def issuer(kind: str, tree: JurisdictionTree, params: AccidentParams | None = None) -> str:
    params = params or default_params()
    return params.documents[kind].issuer.format(city=tree.city.name)


def department_choices(tree: JurisdictionTree, params: AccidentParams | None = None) -> list[str]:
    """The city departments a warning notice is usually addressed or copied to (a suggestion
    for the screen; any department may be typed)."""
    params = params or default_params()
    return [d.format(city=tree.city.name) for d in params.departments]


def party_and_government(unit: Unit, params: AccidentParams | None = None) -> str:
    """The addressees of a county's warning: its party committee and its government."""
    params = params or default_params()
    if unit.level == "zone":
        place = unit.name
        pattern = params.party_committee["zone"]
    else:
        place = unit.government.removesuffix("人民政府") or unit.name
        pattern = params.party_committee["county"]
    return f"{pattern.format(place=place)}、{unit.government}"


def take_number(
    uow: UnitOfWork,
    kind: str,
    record_id: str,
    day: dt.date,
    tree: JurisdictionTree,
    params: AccidentParams | None = None,
) -> tuple[str, dict[str, Any]]:
    """The document's number from the kind's series, and the series fields of its row."""
    params = params or default_params()
    setting = params.documents[kind]
    region = tree.city.short_name
    series = numbers.check_series(setting.doc_type, region, day.year)
    seq = issued.take_number(uow, series, record_id)
    number = setting.number_format.format(
        region=region, doc_type=setting.doc_type, year=day.year, seq=seq
    )
    where = {
        "doc_type": series.doc_type,
        "authority": series.authority,
        "year": series.year,
        "seq": seq,
        "number": number,
        "issued_on": day.isoformat(),
    }
    return number, where


def store(
    uow: UnitOfWork,
    kind: str,
    record_id: str,
    content: Mapping[str, Any],
    where: Mapping[str, Any],
    county_code: str,
    enterprise_id: str = "",
) -> str:
    """Freeze an issued document (``document`` table); returns its id."""
    document_id = new_id()
    found = issued.store_issued(
        uow,
        document_id,
        {**content, "title": load_kinds()[kind].title},
        {
            "kind": kind,
            "record_table": RECORD_TABLES[kind],
            "record_id": record_id,
            "enterprise_id": enterprise_id,
            "county_code": county_code,
            **where,
        },
    )
    return found.id


def where_text(view: AccidentView, tree: JurisdictionTree) -> str:
    """Where it happened, as a sentence says it: 海宁市海宁精工机械有限公司二号车间."""
    county = tree.units[str(view["county_code"])].name
    return f"{county}{view['unit_name']}{view['place']}"


def accident_name(view: AccidentView, tree: JurisdictionTree) -> str:
    """The usual name of an accident: 海宁精工机械有限公司“5·10”机械伤害事故."""
    who = str(view["unit_name"]) or tree.units[str(view["county_code"])].name
    day = view.occurred_on
    return f"{who}“{day.month}·{day.day}”{view['accident_type']}事故"


def _accident_row(seq: int, view: AccidentView) -> dict[str, str]:
    return {
        "seq": str(seq),
        "date": chinese_date(view.occurred_on),
        "unit": str(view["unit_name"]) or "（无）",
        "type": str(view["accident_type"]),
        "figures": view.figures.describe(),
        "grade": view.grade,
    }


def views_of(facts: Facts, ids: Sequence[str], params: AccidentParams | None) -> list[AccidentView]:
    out = []
    for accident_id in ids:
        found = facts.get("accident", accident_id)
        if found is not None:
            reports = facts.find("accident_report", {"accident_id": accident_id})
            out.append(derive(found, reports, params))
    return sorted(out, key=lambda v: (v.occurred_at, v.id))


def warning_notice_content(
    notice: Mapping[str, Any],
    facts: Facts,
    tree: JurisdictionTree,
    params: AccidentParams | None = None,
) -> dict[str, Any]:
    """安全生产警示通报: the accidents, their course and preliminary causes, the lessons and
    the measures, addressed to the county's party committee and government (or to a city
    department), copied to the departments and enterprises concerned."""
    params = params or default_params()
    views = views_of(facts, str(notice["accident_ids"]).split(","), params)
    county = tree.units[str(notice["county_code"])]
    if notice["addressed_county"]:
        addressees = party_and_government(tree.units[str(notice["addressed_county"])], params)
    else:
        addressees = str(notice["addressed_department"])
    if notice["basis"] == "repeat" and views:
        first, last = views[0], views[-1]
        days = (last.occurred_on - first.occurred_on).days
        intro = (
            f"{chinese_date(first.occurred_on)}至{chinese_date(last.occurred_on)}，"
            f"{county.name}在{days}天内接连发生{len(views)}起{last['accident_type']}事故，"
            "暴露出安全生产工作中存在的突出问题。为深刻吸取事故教训，"
            "防止同类事故再次发生，现将有关情况通报如下。"
        )
    else:
        intro = (
            f"{county.name}发生的生产安全事故造成较大社会影响。为深刻吸取事故教训，"
            "防止同类事故再次发生，现将有关情况通报如下。"
        )
    return {
        "number": str(notice["number"]) or DRAFT_NUMBER,
        "issued_on": _issued_text(str(notice["issued_on"])),
        "issuer": issuer("warning_notice", tree, params),
        "addressees": addressees,
        "intro": intro,
        "accidents": [_accident_row(n, v) for n, v in enumerate(views, 1)],
        "course": str(notice["course"]),
        "lessons": str(notice["lessons"]),
        "measures": str(notice["measures"]),
        "copy_to": str(notice["copy_to"]),
        "enterprises": str(notice["enterprises"]),
    }


def listing_notice_content(
    view: AccidentView,
    reason: tuple[str, str],
    due_on: dt.date,
    tree: JurisdictionTree,
    *,
    number: str,
    issued_on: dt.date,
    params: AccidentParams | None = None,
) -> dict[str, Any]:
    """生产安全事故挂牌督办通知书, addressed to the county government that leads the
    investigation of a general accident (国务院令第493号 Art. 19)."""
    params = params or default_params()
    county = tree.units[str(view["authority_code"])]
    who = issuer("listing_notice", tree, params)
    return {
        "number": number,
        "issued_on": chinese_date(issued_on),
        "issuer": who,
        "addressee": county.government,
        "accident": {
            "occurred_at": chinese_moment(view.occurred_at),
            "where": where_text(view, tree),
            "unit": str(view["unit_name"]) or "（无）",
            "place": f"{tree.units[str(view['county_code'])].name}{view['place']}",
            "type": str(view["accident_type"]),
            "figures": view.figures.describe(),
            "grade": view.grade,
        },
        "reason": reason[0],
        "requirements": [
            "依法组织事故调查，查明事故发生的经过、原因、人员伤亡情况及直接经济损失，"
            f"自事故发生之日起{params.report_due_days}日内（{chinese_date(due_on)}前）"
            f"提交事故调查报告；特殊情况需要延长的，经批准可以延长，延长期限最长不超过"
            f"{params.max_extension_days}日（《生产安全事故报告和调查处理条例》第二十九条）。",
            "依法认定事故性质和事故责任，对事故责任单位和责任人员提出处理建议；"
            "涉嫌犯罪的，依法移送司法机关追究刑事责任。",
            f"自收到事故调查报告之日起{params.reply_days}日内作出批复（第三十二条），"
            f"并将批复文件、事故调查报告和责任追究落实情况及时报送{who}。",
            f"督办事项办结后，由{who}审核销号。",
        ],
    }


def bulletin_content(
    round_record: Mapping[str, Any],
    rows: Sequence[Mapping[str, Any]],
    tree: JurisdictionTree,
    params: AccidentParams | None = None,
) -> dict[str, Any]:
    """季度事故调查报告检查情况通报 from the quarter's results (``report_checks.results``):
    how many reports were checked per county, how many had defects of each category, and each
    defective report with its defects."""
    params = params or default_params()
    year, q = str(round_record["quarter"]).split("Q")
    by_county: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        by_county.setdefault(str(row["authority_code"]), []).append(row)
    order = [u.code for u in tree.reporting_units()]
    counties = [
        {
            "name": tree.units[code].name,
            "checked": str(len(found)),
            "defective": str(sum(1 for r in found if r["defects"])),
        }
        for code, found in sorted(
            by_county.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99
        )
    ]
    categories = [
        {
            "name": zh,
            "count": str(sum(1 for r in rows if any(d["category"] == code for d in r["defects"]))),
        }
        for code, (zh, _) in params.check_categories.items()
    ]
    defective = [r for r in rows if r["defects"]]
    return {
        "number": str(round_record["number"]) or DRAFT_NUMBER,
        "issued_on": _issued_text(str(round_record["issued_on"])),
        "issuer": issuer("report_check_bulletin", tree, params),
        "addressee": params.bulletin_addressee,
        "period": f"{year}年第{q}季度",
        "checked": str(len(rows)),
        "defective": str(len(defective)),
        "counties": counties,
        "categories": categories,
        "reports": [
            {
                "seq": str(n),
                "county": tree.units[str(r["authority_code"])].name,
                "accident": str(r["name"]),
                "defects": "；".join(
                    d["text"] + (f"（{d['note']}）" if d["note"] else "") for d in r["defects"]
                ),
            }
            for n, r in enumerate(defective, 1)
        ],
        "summary": str(round_record["summary"]),
    }
