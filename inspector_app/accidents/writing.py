"""The time a write of the accident tables is judged against (the record and its change-log
entry are written by the unit of work itself: ``UnitOfWork.insert`` and ``update``)."""

from __future__ import annotations

import datetime as dt

from inspector_app.store.changelog import UnitOfWork


def now_of(uow: UnitOfWork) -> dt.datetime:
    """The unit of work's instant (aware): what the writes check "not in the future" against."""
    return dt.datetime.fromisoformat(uow.now)
