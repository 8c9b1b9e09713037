"""Who may call what, on whose records (broken object- and function-level authorisation, battery
S1 and S2): every endpoint of the server × every kind of caller × three places (the caller's own
jurisdiction, another county, another township), on SQLite and PostgreSQL.

What each caller may read and write is computed here from the city's jurisdiction file and the
role's powers as the design states them (not through ``sync.server.scope``), and every answer is
held against it: an allowed cell answers 2xx and reads exactly the records of the caller's
jurisdiction; a refused cell answers 401, 403 or 404 and shows nothing; no cell answers 500.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import select
from starlette.routing import Route
from sync_support import PASSWORD

from inspector_app.documents.numbers import local_window
from inspector_app.registry.validation import uscc_check_char
from inspector_app.replication.tables import Scope
from inspector_app.store import audit as chain
from inspector_app.store.clock import new_id
from sync import admin, protocol
from sync.server import db, records

ROOT = Path(__file__).resolve().parent.parent
CITY = json.loads((ROOT / "resources" / "jurisdictions" / "jiaxing.json").read_text("utf-8"))
CHINA = dt.timezone(dt.timedelta(hours=8))

# the callers: (username, the unit they belong to) and how they present themselves
SIGNED_IN = {
    "city": "city1",
    "county": "haining1",
    "township_delegated": "xucun1",  # 许村镇: the registry delegated by 海宁 (sync_support)
    "township": "changan1",  # 长安镇: no delegation
    "approver": "approver1",
    "admin": "admin1",
}
UNITS = {
    "city1": "330400",
    "haining1": "330481",
    "haining2": "330481",
    "xucun1": "330481005",
    "changan1": "330481006",
    "approver1": "330481",
    "admin1": "330400",
    "nanhu1": "330402",
}
ROLES = (*SIGNED_IN, "revoked_device", "no_token", "no_device_header")
PLACES = ("own", "other_county", "other_township")
# (county, town, supervising unit) of each place for each caller
OWN_TOWN = {"xucun1": "330481005", "changan1": "330481006"}
OTHER_TOWN = {"xucun1": "330481006", "changan1": "330481005"}
OTHER_COUNTY = ("330402", "330402001", "330402")


def place_of(username: str, place: str) -> tuple[str, str, str]:
    if place == "other_county":
        return OTHER_COUNTY
    town = (OWN_TOWN if place == "own" else OTHER_TOWN).get(
        username, "330481001" if place == "own" else "330481007"
    )
    return ("330481", town, "330481")


# -- what a caller may do, computed from the jurisdiction file ---------------------------------


def _parks() -> dict[str, str]:
    return {p["code"]: p["county"] for p in CITY["parks"]}


def _zones() -> dict[str, set[str]]:
    return {z["code"]: set(z["manages"]) for z in CITY["zones"]}


def may_read_place(username: str, county: str, town: str, unit: str, public: bool) -> bool:
    """The design's read scope: the city everything; a county bureau its county and what it or
    its parks supervise; a zone what it supervises and the towns it manages; a town its own."""
    mine = UNITS[username]
    if public or mine == CITY["city"]["code"]:
        return True
    if mine in _zones():
        return unit == mine or town in _zones()[mine]
    if len(mine) == 6:  # a county
        return county == mine or unit == mine or _parks().get(unit) == mine
    return town == mine


COVERT_ROLES = {"city1", "approver1", "admin1"}  # resources: plan parameters' covert_roles


def expected_reads(engine: Any, username: str, table: str | None = None) -> set[tuple[str, str]]:
    r, v = db.records.c, db.record_viewers.c
    user_id = user_ids(engine)[username]
    with db.reading(engine) as conn:
        viewers = {
            (t, i)
            for t, i in conn.execute(select(v.table_name, v.record_id).where(v.user_id == user_id))
        }
        query = select(
            r.table_name,
            r.record_id,
            r.county_code,
            r.town_code,
            r.supervising_unit,
            r.public,
            r.restricted,
        )
        if table is not None:
            query = query.where(r.table_name == table)
        rows = conn.execute(query).all()
    return {
        (t, i)
        for t, i, county, town, unit, public, restricted in rows
        if may_read_place(username, county or "", town or "", unit or "", bool(public))
        and (not restricted or username in COVERT_ROLES or (t, i) in viewers)
    }


def may_write_registry(username: str, place: str) -> bool:
    """Registry entries: the administrator anywhere; the city and county bureaus in their scope;
    a township only under a delegation of the registry and only in its own town (行政处罚法
    Art. 20); an approver never (approvals are case steps)."""
    if username == "admin1":
        return True
    if username in ("approver1", "changan1"):
        return False
    county, town, unit = place_of(username, place)
    return may_read_place(username, county, town, unit, False)


def organs(username: str) -> set[str]:
    """The numbering series a caller may lease: its organ's, a township's delegating bureau's."""
    return {"city1": {"嘉"}, "admin1": {"嘉"}, "changan1": set()}.get(username, {"海宁"})


def series_authority(username: str, place: str) -> str:
    if place == "other_county":
        return "南湖"
    if place == "own" and username in ("city1", "admin1"):
        return "嘉"
    return "海宁"


# -- the world the probes run in -----------------------------------------------------------------


@dataclass
class Caller:
    role: str
    username: str
    device: str
    token: str = ""
    refresh: str = ""
    lease: str = ""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class World:
    url: str
    engine: Any
    callers: dict[str, Caller]
    blobs: dict[tuple[str, str], bytes]  # (username, place) → the bytes of a blob there
    photos: dict[tuple[str, str], str]  # (username, place) → the photo record naming it
    leases: dict[str, str]  # username → a lease its device holds
    count: int = 0

    def blob(self, username: str, place: str) -> tuple[str, bytes]:
        data = self.blobs[(username, place)]
        return hashlib.sha256(data).hexdigest(), data


_users: dict[int, dict[str, str]] = {}


def user_ids(engine: Any) -> dict[str, str]:
    if id(engine) not in _users:
        u = db.users.c
        with db.reading(engine) as conn:
            _users[id(engine)] = dict(conn.execute(select(u.username, u.id)).all())
    return _users[id(engine)]


def base_headers() -> dict[str, str]:
    return {protocol.H_PROTOCOL: str(protocol.PROTOCOL_VERSION)}


def sign_in(url: str, username: str, device: str) -> dict[str, Any]:
    answer = requests.post(
        f"{url}/api/v1/login",
        json={"username": username, "password": PASSWORD, "device_id": device},
        headers=base_headers(),
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def caller(url: str, role: str) -> Caller:
    username = {
        "revoked_device": "haining2",
        "no_token": "haining1",
        "no_device_header": "haining1",
    }.get(role, SIGNED_IN.get(role, ""))
    device = f"matrix-{role.replace('_', '-')}"
    who = Caller(role, username, device, headers=base_headers())
    if role == "no_token":
        who.headers[protocol.H_DEVICE] = device
        return who
    tokens = sign_in(url, username, device)
    who.token, who.refresh = tokens["access_token"], tokens["refresh_token"]
    who.headers["Authorization"] = f"Bearer {who.token}"
    if role != "no_device_header":
        who.headers[protocol.H_DEVICE] = device
    return who


def build_world(live_server: Any) -> World:
    url, engine = live_server.url, live_server.engine
    callers = {role: caller(url, role) for role in ROLES}
    admin.revoke_device(engine, callers["revoked_device"].device)
    blobs: dict[tuple[str, str], bytes] = {}
    photos: dict[tuple[str, str], str] = {}
    now = db.now()
    with db.writing(engine) as conn:
        batch = records.Batch()
        for who in callers.values():
            for place in PLACES:
                county, town, unit = place_of(who.username, place)
                data = f"photo of {who.role} at {place}".encode()
                sha = hashlib.sha256(data).hexdigest()
                blobs[(who.username, place)] = data
                photos[(who.username, place)] = new_id()
                exists = conn.execute(
                    select(db.blobs.c.sha256).where(db.blobs.c.sha256 == sha)
                ).first()
                if exists:
                    continue
                conn.execute(
                    db.blobs.insert().values(
                        sha256=sha,
                        size=len(data),
                        received=len(data),
                        complete=True,
                        created_at=now,
                        completed_at=now,
                    )
                )
                conn.execute(
                    db.blob_chunks.insert().values(
                        sha256=sha, offset=0, data=data, chunk_sha256=sha
                    )
                )
                records.put(
                    conn,
                    batch,
                    "hazard_photo",
                    photos[(who.username, place)],
                    {"sha256": sha, "caption": place},
                    Scope(county, town, unit, unit, False),
                    "admin",
                    now,
                    ["sha256"],
                    exists=False,
                )
        batch.finish(conn)
    leases = {}
    year = now.astimezone(CHINA).year
    for username, authority in (("haining1", "海宁"), ("nanhu1", "南湖"), ("xucun1", "海宁")):
        device = f"matrix-lessee-{username}"
        token = sign_in(url, username, device)["access_token"]
        lease_id = new_id()
        answer = requests.post(
            f"{url}/api/v1/numbers/lease",
            json={
                "doc_type": "检记",
                "authority": authority,
                "year": year,
                "size": 2,
                "lease_id": lease_id,
            },
            headers={
                **base_headers(),
                "Authorization": f"Bearer {token}",
                protocol.H_DEVICE: device,
            },
            timeout=30,
        )
        assert answer.status_code == 200, answer.text
        leases[username] = lease_id
    return World(url, engine, callers, blobs, photos, leases)


# -- the probes: one per endpoint, each (request, whether the design allows it, a check) ---------


@dataclass
class Probe:
    method: str
    path: str
    params: dict[str, Any] = field(default_factory=dict)
    json_body: Any = None
    data: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    # a session of the probe's own in place of the caller's (signing out, swapping tokens)
    session: dict[str, str] | None = None
    allowed: bool = True
    # on an allowed answer: how many records it showed that the caller may not read
    leaks: Callable[[requests.Response], int] | None = None
    # on a refused answer: it must not carry these bytes
    secret: bytes = b""


Make = Callable[[World, Caller, str], Probe]


def signed_in(who: Caller) -> bool:
    return who.role in SIGNED_IN


def _enterprise(world: World, who: Caller, place: str) -> dict[str, Any]:
    county, town, unit = place_of(who.username, place)
    world.count += 1
    first17 = f"91{county}M{world.count:03d}{ROLES.index(who.role):02d}{PLACES.index(place):03d}"
    return {
        "uscc": first17 + uscc_check_char(first17),
        "name": f"权限矩阵{world.count}号有限公司",
        "kind": "enterprise",
        "county_code": county,
        "town_code": town,
        "supervising_unit": unit,
        "address": "浙江省嘉兴市测试路1号",
        "legal_rep": "测试",
        "contact_phone": "",
        "industry_section": "C",
        "supervision_industry": "机械",
        "above_size": 0,
        "key_supervised": 0,
        "risk_level": "low",
    }


def push(world: World, who: Caller, place: str) -> Probe:
    entry = {
        "entry_id": new_id(),
        "table": "enterprise",
        "record_id": new_id(),
        "op": "insert",
        "data": _enterprise(world, who, place),
    }

    def accepted_outside(answer: requests.Response) -> int:
        statuses = [r["status"] for r in answer.json()["results"]]
        assert statuses == ["accepted"], answer.text
        return 0

    return Probe(
        "POST",
        "/api/v1/push",
        json_body={"entries": [entry]},
        allowed=signed_in(who) and may_write_registry(who.username, place),
        leaks=accepted_outside,
    )


def hand_in(world: World, who: Caller, place: str) -> Probe:
    """Only a revoked device hands its changes in, and they are only ever held, wherever
    they are (``sync.server.quarantine``); a device in good standing pushes instead."""
    entry = {
        "entry_id": new_id(),
        "table": "enterprise",
        "record_id": new_id(),
        "op": "insert",
        "data": _enterprise(world, who, place),
    }

    def held_only(answer: requests.Response) -> int:
        statuses = [r["status"] for r in answer.json()["results"]]
        assert statuses == ["held"], answer.text
        return 0

    return Probe(
        "POST",
        "/api/v1/quarantine",
        json_body={"entries": [entry]},
        allowed=who.role == "revoked_device",
        leaks=held_only,
    )


def _read_check(
    world: World, who: Caller, place: str, table: str | None
) -> Callable[[requests.Response], int]:
    """Leaks: records shown outside the caller's jurisdiction (and none of it left out; the
    place's photo shown exactly when the place is the caller's to read)."""

    def check(answer: requests.Response) -> int:
        shown = _shown(world, who, answer, table)
        expected = expected_reads(world.engine, who.username, table)
        assert expected - shown == set(), "a record of the caller's jurisdiction is missing"
        if table is None:
            photo = ("hazard_photo", world.photos[(who.username, place)])
            assert (photo in shown) == may_read_place(
                who.username, *place_of(who.username, place), False
            )
        return len(shown - expected)

    return check


def _shown(
    world: World, who: Caller, first: requests.Response, table: str | None
) -> set[tuple[str, str]]:
    shown: set[tuple[str, str]] = set()
    answer = first
    while True:
        page = answer.json()
        if table is None:
            shown |= {(r["table"], r["id"]) for r in page["records"] if not r.get("withdrawn")}
        else:
            shown |= {(table, row[0]) for row in page["rows"]}
        if not page["more"]:
            return shown
        params = (
            {"cursor": page["cursor"], "limit": 2000}
            if table is None
            else {"table": table, "after": page["after"], "limit": 2000}
        )
        path = "/api/v1/pull" if table is None else "/api/v1/snapshot"
        answer = requests.get(world.url + path, params=params, headers=who.headers, timeout=60)
        assert answer.status_code == 200, answer.text


def pull(world: World, who: Caller, place: str) -> Probe:
    return Probe(
        "GET",
        "/api/v1/pull",
        {"cursor": 0, "limit": 2000},
        allowed=signed_in(who),
        leaks=_read_check(world, who, place, None),
    )


def snapshot(world: World, who: Caller, place: str) -> Probe:
    return Probe(
        "GET",
        "/api/v1/snapshot",
        {"table": "enterprise", "limit": 2000},
        allowed=signed_in(who),
        leaks=_read_check(world, who, place, "enterprise"),
    )


def verify(world: World, who: Caller, place: str) -> Probe:
    def counted(answer: requests.Response) -> int:
        count = int(answer.json()["tables"]["hazard_photo"]["count"])
        expected = len(expected_reads(world.engine, who.username, "hazard_photo"))
        return abs(count - expected)

    return Probe(
        "GET",
        "/api/v1/verify",
        {"tables": "enterprise,hazard_photo"},
        allowed=signed_in(who),
        leaks=counted,
    )


def verify_ranges(world: World, who: Caller, place: str) -> Probe:
    def counted(answer: requests.Response) -> int:
        (whole,) = answer.json()["ranges"]  # no bounds: one range, the whole table
        expected = len(expected_reads(world.engine, who.username, "hazard_photo"))
        return abs(int(whole["count"]) - expected)

    return Probe(
        "POST",
        "/api/v1/verify/ranges",
        json_body={"table": "hazard_photo", "bounds": []},
        allowed=signed_in(who),
        leaks=counted,
    )


def ready(world: World, who: Caller, place: str) -> Probe:
    return Probe("GET", "/api/v1/ready", allowed=signed_in(who))


def ready_file(world: World, who: Caller, place: str) -> Probe:
    # no ready database is built for this small world: a file of any hash is refused to
    # everyone (that only the caller's own scope's file is served: test_sync_ready.py)
    fake = hashlib.sha256(f"{who.role}{place}".encode()).hexdigest()
    return Probe("GET", f"/api/v1/ready/{fake}", allowed=False)


def blob_get(world: World, who: Caller, place: str) -> Probe:
    sha, data = world.blob(who.username, place)
    county, town, unit = place_of(who.username, place)
    readable = signed_in(who) and may_read_place(who.username, county, town, unit, False)
    return Probe(
        "GET",
        f"/api/v1/blobs/{sha}",
        {"offset": 0},
        allowed=readable,
        leaks=lambda answer: 0 if answer.content == data else 1,
        secret=data,
    )


def blob_status(world: World, who: Caller, place: str) -> Probe:
    sha, _ = world.blob(who.username, place)
    return Probe("GET", f"/api/v1/blobs/{sha}/status", allowed=signed_in(who))


def blob_put(world: World, who: Caller, place: str) -> Probe:
    data = f"an upload by {who.role} at {place}".encode()
    sha = hashlib.sha256(data).hexdigest()
    return Probe(
        "PUT",
        f"/api/v1/blobs/{sha}",
        {"offset": 0, "total": len(data)},
        data=data,
        headers={protocol.H_CHUNK_SHA256: sha},
        allowed=signed_in(who),
    )


def blob_complete(world: World, who: Caller, place: str) -> Probe:
    sha, data = world.blob(who.username, place)
    return Probe(
        "POST",
        f"/api/v1/blobs/{sha}/complete",
        json_body={"size": len(data)},
        allowed=signed_in(who),
    )


def blobs_wanted(world: World, who: Caller, place: str) -> Probe:
    """Every stored blob marked damaged (done once): each caller is told the names of those a
    record in its scope names, and of no other."""
    with db.writing(world.engine) as conn:
        conn.execute(
            db.blobs.update()
            .where(db.blobs.c.damaged_at.is_(None))
            .values(damaged_at=dt.datetime.now(dt.UTC), damage="marked by the access matrix")
        )
    # where each photo of the world lies (as ``build_world`` named them, one per role)
    places = {
        hashlib.sha256(f"photo of {c.role} at {p}".encode()).hexdigest(): place_of(c.username, p)
        for c in world.callers.values()
        for p in PLACES
    }

    def leaks(answer: requests.Response) -> int:
        listed = answer.json()["wanted"]
        return sum(
            1
            for sha in listed
            if sha not in places or not may_read_place(who.username, *places[sha], False)
        )

    return Probe("GET", "/api/v1/wanted-blobs", allowed=signed_in(who), leaks=leaks)


def _year() -> int:
    return dt.datetime.now(CHINA).year


def lease(world: World, who: Caller, place: str) -> Probe:
    authority = series_authority(who.username, place)
    return Probe(
        "POST",
        "/api/v1/numbers/lease",
        json_body={
            "doc_type": "检记",
            "authority": authority,
            "year": _year(),
            "size": 1,
            "lease_id": new_id(),
        },
        allowed=signed_in(who) and authority in organs(who.username),
    )


def give_back(world: World, who: Caller, place: str) -> Probe:
    """Give back a block: the caller's own (leased for it now), another county's, another
    township's."""
    if place == "own":
        owner = who.username
    else:
        owner = "nanhu1" if place == "other_county" else "xucun1"
    lease_id = world.leases[owner] if place != "own" else ""
    allowed = False
    if (
        place == "own"
        and signed_in(who)
        and series_authority(who.username, "own") in organs(who.username)
    ):
        lease_id = new_id()
        answer = requests.post(
            world.url + "/api/v1/numbers/lease",
            json={
                "doc_type": "检记",
                "authority": series_authority(who.username, "own"),
                "year": _year(),
                "size": 1,
                "lease_id": lease_id,
            },
            headers=who.headers,
            timeout=30,
        )
        assert answer.status_code == 200, answer.text
        allowed = True
    return Probe(
        "POST",
        "/api/v1/numbers/return",
        json_body={"lease_id": lease_id or new_id(), "unused": []},
        allowed=allowed,
    )


def local_numbers(world: World, who: Caller, place: str) -> Probe:
    low, _high = local_window(who.device)
    authority = series_authority(who.username, place)
    return Probe(
        "POST",
        "/api/v1/numbers/local",
        json_body={
            "block_id": new_id(),
            "doc_type": "检记",
            "authority": authority,
            "year": _year(),
            "first": low + PLACES.index(place),
            "last": low + PLACES.index(place),
            "unused": [],
        },
        allowed=signed_in(who) and authority in organs(who.username),
    )


def monthly(world: World, who: Caller, place: str) -> Probe:
    # the server sums the city's or a county's figures; a township has its laptop's report
    today = dt.datetime.now(CHINA).date()
    return Probe(
        "GET",
        "/api/v1/reports/monthly",
        {"year": today.year, "month": today.month},
        allowed=signed_in(who) and len(UNITS[who.username]) == 6,
    )


def audit_head(world: World, who: Caller, place: str) -> Probe:
    return Probe("GET", "/api/v1/audit/head", allowed=signed_in(who))


def audit_checkpoint(world: World, who: Caller, place: str) -> Probe:
    """Rows of the caller's own device, or rows claiming another device's chain."""
    device = who.device if place == "own" else f"matrix-{place.replace('_', '-')}-device"
    row: dict[str, Any] = {
        "seq": 1,
        "device_id": device,
        "at": "2026-03-02T08:00:00Z",
        "actor": who.username,
        "action": "insert",
        "table_name": "enterprise",
        "record_id": "r1",
        "entry_first": 1,
        "entry_last": 1,
        "change_sha256": "a" * 64,
        "before_sha256": "",
        "after_sha256": "b" * 64,
        "prev_hash": chain.GENESIS,
    }
    row["hash"] = chain.row_hash(row)
    return Probe(
        "POST",
        "/api/v1/audit/checkpoint",
        json_body={"rows": [row]},
        allowed=signed_in(who) and place == "own",
    )


def me(world: World, who: Caller, place: str) -> Probe:
    return Probe("GET", "/api/v1/me", allowed=signed_in(who))


def health(world: World, who: Caller, place: str) -> Probe:
    return Probe("GET", "/api/v1/health")


def openapi(world: World, who: Caller, place: str) -> Probe:
    return Probe("GET", "/openapi.json")


def login(world: World, who: Caller, place: str) -> Probe:
    """Signing in needs no token; a revoked device stays refused."""
    device = who.device if who.role == "revoked_device" else new_id()
    return Probe(
        "POST",
        "/api/v1/login",
        json_body={"username": who.username, "password": PASSWORD, "device_id": device},
        allowed=who.role != "revoked_device",
    )


def _fresh(world: World, who: Caller, place: str) -> dict[str, Any]:
    """A session of its own for a probe that ends or swaps it (the caller's stays valid)."""
    if not signed_in(who) and who.role != "no_device_header":
        return {}
    device = new_id()
    return {"device": device, **sign_in(world.url, who.username, device)}


def refresh(world: World, who: Caller, place: str) -> Probe:
    """The device is named in the body: a token without the header is no different here."""
    session = _fresh(world, who, place)
    if who.role == "revoked_device":
        session = {"device": who.device, "refresh_token": who.refresh}
    body = {
        "refresh_token": session.get("refresh_token", "not-a-refresh-token"),
        "device_id": session.get("device", who.device),
    }
    return Probe(
        "POST",
        "/api/v1/refresh",
        json_body=body,
        allowed=signed_in(who) or who.role == "no_device_header",
    )


def logout(world: World, who: Caller, place: str) -> Probe:
    session = _fresh(world, who, place)
    headers = dict(base_headers())
    if who.role == "revoked_device":
        session = {"device": who.device, "access_token": who.token}
    if session:
        headers["Authorization"] = f"Bearer {session['access_token']}"
        if who.role != "no_device_header":
            headers[protocol.H_DEVICE] = session["device"]
    return Probe("POST", "/api/v1/logout", session=headers, allowed=signed_in(who))


MATRIX: dict[tuple[str, str], Make] = {
    ("GET", "/openapi.json"): openapi,
    ("GET", "/api/v1/health"): health,
    ("POST", "/api/v1/login"): login,
    ("POST", "/api/v1/refresh"): refresh,
    ("GET", "/api/v1/me"): me,
    ("POST", "/api/v1/push"): push,
    ("POST", "/api/v1/quarantine"): hand_in,
    ("GET", "/api/v1/pull"): pull,
    ("GET", "/api/v1/snapshot"): snapshot,
    ("GET", "/api/v1/verify"): verify,
    ("POST", "/api/v1/verify/ranges"): verify_ranges,
    ("GET", "/api/v1/ready"): ready,
    ("GET", "/api/v1/ready/{sha256}"): ready_file,
    ("GET", "/api/v1/blobs/{sha256}/status"): blob_status,
    ("PUT", "/api/v1/blobs/{sha256}"): blob_put,
    ("POST", "/api/v1/blobs/{sha256}/complete"): blob_complete,
    ("GET", "/api/v1/blobs/{sha256}"): blob_get,
    ("GET", "/api/v1/wanted-blobs"): blobs_wanted,  # after blob_get: it marks blobs damaged
    ("POST", "/api/v1/numbers/lease"): lease,
    ("POST", "/api/v1/numbers/return"): give_back,
    ("POST", "/api/v1/numbers/local"): local_numbers,
    ("GET", "/api/v1/reports/monthly"): monthly,
    ("GET", "/api/v1/audit/head"): audit_head,
    ("POST", "/api/v1/audit/checkpoint"): audit_checkpoint,
    ("POST", "/api/v1/logout"): logout,  # last: it ends sessions
}


def routes(app: Any) -> set[tuple[str, str]]:
    """Every (method, path) the application answers (FastAPI's routes and its own schema)."""
    return {
        (method, route.path)
        for route in app.routes
        if isinstance(route, Route)
        for method in route.methods or ()
        if method != "HEAD"
    }


def test_every_route_is_in_the_access_matrix(live_server: Any) -> None:
    assert routes(live_server.app) == set(MATRIX)


# what a caller without a valid device session is answered on an endpoint that needs one: 401
# (a device an administrator revoked hears so: 403 ``device_revoked``, its data kept)
UNSIGNED = {"no_token": {401}, "no_device_header": {401}, "revoked_device": {401, 403}}
OPEN = {"/openapi.json", "/api/v1/health", "/api/v1/login", "/api/v1/refresh"}


def judge(probe: Probe, role: str, path: str, answer: requests.Response) -> tuple[int, list[str]]:
    """(records leaked, what is wrong) of one cell's answer."""
    status = answer.status_code
    if status >= 500:
        return 0, ["server error"]
    if probe.allowed:
        if not 200 <= status < 300:
            return 0, ["refused, though allowed"]
        leaked = probe.leaks(answer) if probe.leaks is not None else 0
        return leaked, [f"{leaked} records shown outside the jurisdiction"] if leaked else []
    wrong = []
    if status not in (401, 403, 404):
        wrong.append("not refused")
    elif role in UNSIGNED and path not in OPEN and status not in UNSIGNED[role]:
        wrong.append("not refused as unauthenticated")
    leaked = int(bool(probe.secret) and probe.secret in answer.content)
    if leaked:
        wrong.append("refused, but the bytes were sent")
    return leaked, wrong


def test_every_endpoint_by_every_caller_on_every_place(live_server: Any) -> None:
    world = build_world(live_server)
    cells = leaks = errors = 0
    wrong: list[str] = []
    for (method, path), make in MATRIX.items():
        for role in ROLES:
            who = world.callers[role]
            for place in PLACES:
                probe = make(world, who, place)
                assert probe.method == method
                headers = who.headers if probe.session is None else probe.session
                answer = requests.request(
                    probe.method,
                    world.url + probe.path,
                    params=probe.params,
                    json=probe.json_body,
                    data=probe.data,
                    headers={**headers, **probe.headers},
                    timeout=60,
                )
                cells += 1
                errors += answer.status_code >= 500
                leaked, problems = judge(probe, role, path, answer)
                leaks += leaked
                wrong += [
                    f"{method} {path} as {role} at {place}: {problem} "
                    f"({answer.status_code} {answer.text[:160]})"
                    for problem in problems
                ]
    print(
        f"\naccess matrix ({world.engine.dialect.name}): {len(MATRIX)} endpoints × {len(ROLES)} "
        f"callers × {len(PLACES)} places = {cells} cells probed, {leaks} leaks, "
        f"{errors} server errors"
    )
    assert wrong == [], "\n".join(wrong)
    assert (leaks, errors) == (0, 0)
