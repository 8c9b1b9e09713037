"""The reports' synced tables: the publication of decisions (行政处罚法 Art. 48) and the SMS
notice rounds, both append-only, judged by the same checks on the laptop and on the server.
(``case_fact`` is a projection each side computes for itself: it does not sync.)"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from inspector_app.registry.context import RuleContext
from inspector_app.registry.tablespec import TableSpec
from inspector_app.reports import publication, sms_rounds


def _publication(
    _id: str, data: Mapping[str, Any], ctx: RuleContext, _old: Mapping[str, Any] | None
) -> dict[str, Any]:
    return publication.check_case_publication(data, ctx.facts, ctx.today)


def _sms_round(
    _id: str, data: Mapping[str, Any], ctx: RuleContext, _old: Mapping[str, Any] | None
) -> dict[str, Any]:
    return sms_rounds.check_sms_round(data, ctx.facts, ctx.today)


SPECS = (
    TableSpec(
        publication.TABLE,
        publication.FIELDS,
        matter=publication.MATTER,
        check=_publication,
        parent=publication.PARENT,
        immutable=publication.IMMUTABLE,
        local_columns=publication.LOCAL_COLUMNS,
    ),
    TableSpec(
        sms_rounds.TABLE,
        sms_rounds.FIELDS,
        matter=sms_rounds.MATTER,
        check=_sms_round,
        immutable=sms_rounds.IMMUTABLE,
        local_columns=sms_rounds.LOCAL_COLUMNS,
    ),
)
