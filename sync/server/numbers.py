"""Document numbers on the server: blocks of each series leased to devices, never twice.

A series is (doc_type, authority, year); ``number_counters`` holds its next free number (a row
made on first use). A lease moves the counter by the block's size with one
``UPDATE … RETURNING`` inside a write transaction: on PostgreSQL the row lock is held until
commit, on SQLite writers are serialised at ``BEGIN IMMEDIATE``, so two leases never overlap.
Each lease is recorded in ``number_leases`` (device, user, range, time).

Endpoints (signed-in devices; answers signed):

* ``POST /api/v1/numbers/lease`` ``{doc_type, authority, year, size, lease_id?}`` →
  ``{lease_id, doc_type, authority, year, first, last}``. ``lease_id`` is made by the device
  before it asks, so a retry after a lost answer gets the same block back instead of a second
  one (no unexplained gap). Numbers are leased only below ``inspector_app.numbers.LOCAL_BASE``.
* ``POST /api/v1/numbers/return`` ``{lease_id, unused: [numbers]}``: the lease's own device
  gives back numbers it will not use; they are recorded (never leased again). Repeating the
  same return answers the same.
* ``POST /api/v1/numbers/local`` ``{block_id, doc_type, authority, year, first, last, unused}``:
  a device reports a block it made itself before it ever leased the series (see
  ``inspector_app.numbers``). The range must lie in that device's local window; a range another
  device already reported is refused (409 ``number_collision``) so that people see it. The report
  is kept in ``number_leases`` like a returned lease (``first >= LOCAL_BASE`` tells them apart).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field, StrictInt
from sqlalchemy import and_, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from inspector_app.documents.numbers import (
    LOCAL_BASE,
    NumbersError,
    Series,
    check_series,
    local_window,
)
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.store.clock import new_id
from sync.protocol import API_PREFIX
from sync.server import db
from sync.server.api import Api, ApiError, insert_if_missing
from sync.server.auth import Principal

MAX_LEASE = 1000


class LeaseBody(BaseModel):
    doc_type: str
    authority: str
    year: StrictInt
    size: StrictInt
    lease_id: str | None = None


class ReturnBody(BaseModel):
    lease_id: str
    unused: list[StrictInt] = Field(max_length=MAX_LEASE)


class LocalBody(BaseModel):
    block_id: str
    doc_type: str
    authority: str
    year: StrictInt
    first: StrictInt
    last: StrictInt
    unused: list[StrictInt] = Field(max_length=MAX_LEASE)


def series_of(doc_type: str, authority: str, year: int, this_year: int) -> Series:
    try:
        series = check_series(doc_type, authority, year)
    except NumbersError as exc:
        raise ApiError(422, exc.code, exc.zh, exc.en) from exc
    if year > this_year + 1:
        raise ApiError(
            422,
            "bad_series",
            f"年份{year}晚于明年，无法领取编号。",
            f"The year {year} is after next year.",
        )
    return series


# a device or a user holds at most this many numbers of one series (a year's documents of
# one kind for one officer, many times over): an account cannot drain its organ's series
DEVICE_CAP = 5_000
USER_CAP = 10_000
# next year's numbers may be leased from this day of December (offline laptops print the
# first documents of January with them)
NEXT_YEAR_FROM = (12, 15)
CHINA = dt.timezone(dt.timedelta(hours=8))


def organs(conn: Connection, who: Principal, tree: JurisdictionTree, today: dt.date) -> set[str]:
    """The series authorities (short names) a user may lease: their own organ's — the city's,
    their county bureau's (a park's staff: the county's), a township's own (granted powers),
    and the delegating bureau's while a delegation is in force (行政处罚法 Art. 20)."""
    unit = tree.units.get(who.unit_code)
    if unit is None:
        return set()
    names = {unit.short_name, tree.reporting_unit(unit.code).short_name}
    if unit.level == "town":
        names = {unit.short_name}
        d = db.delegations.c
        for (authority,) in conn.execute(
            select(d.authority_code).where(
                d.town_code == unit.code,
                d.revoked.is_(False),
                d.valid_from <= today,
                d.valid_to >= today,
            )
        ):
            if authority in tree.units:
                names.add(tree.units[authority].short_name)
    return {name for name in names if name}


def check_organ(
    conn: Connection, who: Principal, tree: JurisdictionTree, series: Series, today: dt.date
) -> None:
    """Refuse a series that is not the caller's organ's (leased or numbered on the laptop)."""
    if series.authority not in organs(conn, who, tree, today):
        raise ApiError(
            403,
            "not_your_series",
            f"“{series.authority}”不是您所在执法机关的文书编号，无权使用。",
            f"{series.authority} is not your enforcement organ's series.",
        )


def check_series_use(
    conn: Connection, who: Principal, tree: JurisdictionTree, series: Series, now: dt.datetime
) -> None:
    """Refuse a series that is not the caller's organ's, or not this year's (next year's only
    from ``NEXT_YEAR_FROM``)."""
    today = now.astimezone(CHINA).date()
    check_organ(conn, who, tree, series, today)
    years = {today.year}
    if (today.month, today.day) >= NEXT_YEAR_FROM:
        years.add(today.year + 1)
    if series.year not in years:
        raise ApiError(
            422,
            "series_year",
            f"只能领取{today.year}年的编号（12月15日起可领取次年编号）。",
            f"Only {today.year}'s numbers can be leased (next year's from 15 December).",
        )


def _check_caps(conn: Connection, who: Principal, series: Series, size: int) -> None:
    n = db.number_leases.c
    held = {}
    for column, value in (
        ("device", n.device_id == who.device_id),
        ("user", n.user_id == who.user_id),
    ):
        held[column] = int(
            conn.execute(
                select(func.coalesce(func.sum(n.last - n.first + 1), 0)).where(
                    value,
                    n.doc_type == series.doc_type,
                    n.authority == series.authority,
                    n.year == series.year,
                    n.first < LOCAL_BASE,
                )
            ).scalar_one()
        )
    if held["device"] + size > DEVICE_CAP or held["user"] + size > USER_CAP:
        raise ApiError(
            429,
            "lease_cap",
            f"本机或本账号已领取“{series.label()}”的编号过多，请联系管理员。",
            f"This device or account already holds too many numbers of {series.label()}; "
            "contact your administrator.",
            device_cap=DEVICE_CAP,
            user_cap=USER_CAP,
        )


def check_id(value: str, name: str) -> str:
    if not 8 <= len(value) <= 36 or not value.isascii() or not value.isprintable():
        raise ApiError(
            422, "bad_id", f"{name}应为8至36个字符。", f"{name} must be 8 to 36 ASCII characters."
        )
    return value


def _lease_answer(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "lease_id": row["id"],
        "doc_type": row["doc_type"],
        "authority": row["authority"],
        "year": int(row["year"]),
        "first": int(row["first"]),
        "last": int(row["last"]),
    }


def _get_lease(conn: Connection, lease_id: str, *, lock: bool = False) -> dict[str, Any] | None:
    query = select(db.number_leases).where(db.number_leases.c.id == lease_id)
    if lock:
        query = query.with_for_update()
    row = conn.execute(query).mappings().first()
    return dict(row) if row is not None else None


def _same_request(row: Mapping[str, Any], who: Principal, series: Series, size: int) -> bool:
    return (
        row["device_id"] == who.device_id
        and Series(row["doc_type"], row["authority"], int(row["year"])) == series
        and int(row["last"]) - int(row["first"]) + 1 == size
    )


def _lease_id_reused() -> ApiError:
    return ApiError(
        409,
        "lease_id_reused",
        "该编号段标识已用于另一请求。",
        "This lease id was used for another request.",
    )


def _lock_series(conn: Connection, series: Series) -> None:
    """Make the series' counter row (first use) and lock it until commit."""
    c = db.number_counters.c
    insert_if_missing(
        conn,
        db.number_counters,
        {
            "doc_type": series.doc_type,
            "authority": series.authority,
            "year": series.year,
            "next_value": 1,
        },
    )
    conn.execute(select(c.next_value).where(_series_clause(series)).with_for_update()).scalar_one()


def _series_clause(series: Series) -> Any:
    c = db.number_counters.c
    return and_(
        c.doc_type == series.doc_type, c.authority == series.authority, c.year == series.year
    )


def lease(api: Api, who: Principal, series: Series, size: int, lease_id: str) -> dict[str, Any]:
    c = db.number_counters.c
    with db.writing(api.engine) as conn:
        existing = _get_lease(conn, lease_id)
        if existing is not None:
            if not _same_request(existing, who, series, size):
                raise _lease_id_reused()
            return _lease_answer(existing)  # a retry: the same block again
        check_series_use(conn, who, api.tree(), series, api.now())
        _lock_series(conn, series)
        _check_caps(conn, who, series, size)
        top = conn.execute(
            update(db.number_counters)
            .where(and_(_series_clause(series), c.next_value + size <= LOCAL_BASE))
            .values(next_value=c.next_value + size)
            .returning(c.next_value)
        ).scalar_one_or_none()
        if top is None:
            raise ApiError(
                409,
                "series_exhausted",
                f"“{series.label()}”的编号已接近上限，无法再分配{size}个。",
                f"The series {series.label()} cannot give {size} more numbers.",
            )
        row = {
            "id": lease_id,
            "device_id": who.device_id,
            "user_id": who.user_id,
            "doc_type": series.doc_type,
            "authority": series.authority,
            "year": series.year,
            "first": int(top) - size,
            "last": int(top) - 1,
            "issued_at": api.now(),
        }
        conn.execute(insert(db.number_leases).values(**row))
    return _lease_answer(row)


def _numbers_in(numbers: list[int], first: int, last: int) -> list[int]:
    unique = sorted(set(numbers))
    if len(unique) != len(numbers):
        raise ApiError(422, "bad_numbers", "编号有重复。", "The numbers repeat.")
    outside = [n for n in unique if not first <= n <= last]
    if outside:
        shown = ", ".join(str(n) for n in outside[:5])
        raise ApiError(
            422,
            "bad_numbers",
            f"编号 {shown} 不在编号段 {first}–{last} 内。",
            f"Numbers {shown} are not in the block {first}-{last}.",
        )
    return unique


def give_back(api: Api, who: Principal, lease_id: str, numbers: list[int]) -> dict[str, Any]:
    with db.writing(api.engine) as conn:
        row = _get_lease(conn, lease_id, lock=True)
        if row is None:
            raise ApiError(404, "lease_unknown", "服务器上没有该编号段。", "No such lease.")
        if row["device_id"] != who.device_id:
            raise ApiError(
                403,
                "not_your_lease",
                "只有领取该编号段的设备才能退回编号。",
                "Only the device that leased the block may return its numbers.",
            )
        unused = _numbers_in(numbers, int(row["first"]), int(row["last"]))
        if row["returned_at"] is not None:
            if json.loads(row["unused"] or "[]") != unused:
                raise ApiError(
                    409,
                    "already_returned",
                    "该编号段已退回过，且退回的编号不同。",
                    "The block was returned before, with other numbers.",
                )
        else:
            conn.execute(
                update(db.number_leases)
                .where(db.number_leases.c.id == lease_id)
                .values(returned_at=api.now(), unused=json.dumps(unused))
            )
    return {**_lease_answer(row), "unused": unused}


def report_local(api: Api, who: Principal, body: LocalBody, series: Series) -> dict[str, Any]:
    low, high = local_window(who.device_id)
    if not low <= body.first <= body.last <= high:
        raise ApiError(
            422,
            "not_local_window",
            "本机临时号段不在本设备的号段范围内。",
            f"The block {body.first}-{body.last} is outside this device's window {low}-{high}.",
        )
    unused = _numbers_in(body.unused, body.first, body.last)
    leases = db.number_leases.c
    with db.writing(api.engine) as conn:
        # a block numbered offline is the device's own organ's; its year may be last year's (a
        # document issued on 31 December, reported in January)
        check_organ(conn, who, api.tree(), series, api.now().astimezone(CHINA).date())
        _lock_series(conn, series)  # two reports of one series check for overlaps in turn
        existing = _get_lease(conn, body.block_id)
        if existing is not None:
            same = (
                _same_request(existing, who, series, body.last - body.first + 1)
                and existing["first"] == body.first
                and json.loads(existing["unused"] or "[]") == unused
            )
            if not same:
                raise _lease_id_reused()
            return {**_lease_answer(existing), "unused": unused}
        clash = conn.execute(
            select(leases.first, leases.last).where(
                and_(
                    leases.doc_type == series.doc_type,
                    leases.authority == series.authority,
                    leases.year == series.year,
                    leases.first <= body.last,
                    leases.last >= body.first,
                )
            )
        ).first()
        if clash is not None:
            raise ApiError(
                409,
                "number_collision",
                f"本机临时编号 {body.first}–{body.last} 与另一设备已报告的编号重叠，"
                "请联系管理员核对已印制的文书。",
                f"The local numbers {body.first}-{body.last} overlap numbers another device "
                "reported: ask an administrator to check the printed documents.",
            )
        now = api.now()
        row = {
            "id": body.block_id,
            "device_id": who.device_id,
            "user_id": who.user_id,
            "doc_type": series.doc_type,
            "authority": series.authority,
            "year": series.year,
            "first": body.first,
            "last": body.last,
            "issued_at": now,
            "returned_at": now,
            "unused": json.dumps(unused),
        }
        conn.execute(insert(db.number_leases).values(**row))
    return {**_lease_answer(row), "unused": unused}


def register(app: FastAPI, api: Api) -> None:
    prefix = f"{API_PREFIX}/numbers"

    @app.post(prefix + "/lease")
    def lease_numbers(request: Request, body: LeaseBody) -> Response:
        who = api.principal(request)
        series = series_of(body.doc_type, body.authority, body.year, api.now().year)
        if not 1 <= body.size <= MAX_LEASE:
            raise ApiError(
                422,
                "bad_size",
                f"每次领取的编号数应在1到{MAX_LEASE}之间。",
                f"The block size must be between 1 and {MAX_LEASE} (got {body.size}).",
            )
        lease_id = check_id(body.lease_id, "lease_id") if body.lease_id else new_id()
        try:
            result = lease(api, who, series, body.size, lease_id)
        except IntegrityError:
            # the same lease id asked twice at once: the other request committed it first
            result = lease(api, who, series, body.size, lease_id)
        return api.answer(result, key=api.key_of(who))

    @app.post(prefix + "/return")
    def return_numbers(request: Request, body: ReturnBody) -> Response:
        who = api.principal(request)
        lease_id = check_id(body.lease_id, "lease_id")
        return api.answer(give_back(api, who, lease_id, body.unused), key=api.key_of(who))

    @app.post(prefix + "/local")
    def local_numbers(request: Request, body: LocalBody) -> Response:
        who = api.principal(request)
        series = series_of(body.doc_type, body.authority, body.year, api.now().year)
        check_id(body.block_id, "block_id")
        if body.first > body.last:
            raise ApiError(
                422, "bad_block", "编号段无效。", f"Invalid block {body.first}-{body.last}."
            )
        return api.answer(report_local(api, who, body, series), key=api.key_of(who))
