"""安全生产法 Art. 113 (一): penalties *received* by an enterprise, counted in the windows of the
article catalogue (three in 180 days, four in a year): when one is reached, closure is proposed
to the government (Art. 115). A penalty counts on the day its decision reached the party
(delivered, or handed over on the spot), and only a penalty under the Work Safety Law."""

from __future__ import annotations

import datetime as dt
import sqlite3

from inspector_app.cases import articles

# the decisions that reach the party: delivered after a decision, or handed over on the spot
RECEIVED = ("decision_delivered", "onsite_decision")


def received_on(conn: sqlite3.Connection, enterprise_id: str) -> list[dt.date]:
    """The days the enterprise received a penalty under the Work Safety Law (2021)."""
    law = articles.default_catalogue().closure_rule_law
    rows = conn.execute(
        "SELECT s.occurred_on, c.article_id FROM case_step s "
        "JOIN penalty_case c ON c.id = s.case_id "
        f"WHERE c.enterprise_id = ? AND s.kind IN ({', '.join('?' * len(RECEIVED))})",
        (enterprise_id, *RECEIVED),
    )
    return sorted(
        dt.date.fromisoformat(day) for day, article in rows if str(article).startswith(law + "-")
    )


def closure_counts(
    conn: sqlite3.Connection, enterprise_id: str, today: dt.date
) -> tuple[tuple[int, int, int], ...]:
    """(days, threshold, penalties received in the window ending ``today``) per window."""
    days = received_on(conn, enterprise_id)
    windows = articles.default_catalogue().closure_rule.repeat_windows
    return tuple(
        (window, threshold, sum(1 for d in days if today - dt.timedelta(days=window) < d <= today))
        for window, threshold in windows
    )
