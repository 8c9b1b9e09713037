"""What the campaign dashboard shows: the campaigns (newest first), and for one campaign its
figures in total and by supervision group (``campaign_figures``), the summary by group and
county, the daily reports in force and the problems still open, overdue first."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass

from inspector_app.plans import campaign_figures
from inspector_app.plans.campaign_figures import Figures


@dataclass(frozen=True)
class CampaignRow:
    id: str
    title: str
    starts_on: str
    ends_on: str


@dataclass(frozen=True)
class Dashboard:
    total: Figures
    groups: list[tuple[str, Figures]]  # group name → figures, in name order
    summary: list[list[object]]  # ``campaign_figures.SUMMARY_HEADERS``
    reports: list[list[object]]  # REPORT_HEADERS
    problems: list[list[object]]  # PROBLEM_HEADERS


REPORT_HEADERS = (
    "日期",
    "督查组",
    "县（市、区）",
    "检查单位数",
    "发现问题数",
    "当场整改",
    "立案查处",
)
PROBLEM_HEADERS = ("单位名称", "督查组", "问题", "发现日期", "整改期限", "逾期")


def campaign_list(conn: sqlite3.Connection) -> list[CampaignRow]:
    return [
        CampaignRow(*r)
        for r in conn.execute(
            "SELECT id, title, starts_on, ends_on FROM campaign ORDER BY starts_on DESC, id DESC"
        )
    ]


def dashboard(
    conn: sqlite3.Connection, campaign_id: str, today: dt.date, unit_names: Mapping[str, str]
) -> Dashboard:
    summary = campaign_figures.summary(conn, campaign_id, today, unit_names)
    groups = conn.execute(
        "SELECT id, name, counties FROM campaign_group WHERE campaign_id = ? ORDER BY id",
        (campaign_id,),
    ).fetchall()
    names = {g[0]: g[1] for g in groups}
    # the summary's rows: each county of a group, then the group's 小计, then the 合计
    by_group: list[tuple[str, Figures]] = []
    total = Figures()
    width = len(Figures().row())
    for row in summary:
        values = [int(str(v)) for v in row[2 : 2 + width]]
        if row[1] == "小计":
            by_group.append((str(row[0]), Figures(*values)))
        elif row[0] == "合计":
            total = Figures(*values)
    reports = []
    for day, group, county, checks, problems, rectified, cases in conn.execute(
        "SELECT r.report_on, r.group_id, r.county_code, r.checks, r.problems, r.rectified, "
        "r.cases FROM campaign_report r WHERE r.campaign_id = ? AND NOT EXISTS (SELECT 1 FROM "
        "campaign_report s WHERE s.supersedes_id = r.id) ORDER BY r.report_on DESC, r.id",
        (campaign_id,),
    ):
        reports.append(
            [
                day,
                names.get(group, group),
                unit_names.get(county, county),
                checks,
                problems,
                rectified,
                cases,
            ]
        )
    firms = dict(
        conn.execute(
            "SELECT e.id, e.name FROM enterprise e JOIN campaign_problem p "
            "ON p.enterprise_id = e.id WHERE p.campaign_id = ?",
            (campaign_id,),
        ).fetchall()
    )
    problems_rows = []
    for problem, state in campaign_figures.open_problems(conn, campaign_id, today):
        late = (today - state.deadline).days if state.deadline and state.overdue(today) else 0
        problems_rows.append(
            [
                firms.get(problem["enterprise_id"], problem["enterprise_id"]),
                names.get(problem["group_id"], problem["group_id"]),
                problem["description"],
                problem["found_on"],
                state.deadline.isoformat() if state.deadline else "",
                f"{late}天" if late else "",
            ]
        )

    return Dashboard(total, by_group, summary, reports, problems_rows)
