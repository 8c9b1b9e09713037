"""A small world for inspection tests: an enterprise, officers with certificates, signatures."""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from inspector_app.inspections import hazards, inspections, signing
from inspector_app.inspections.checklists import load_catalogue
from inspector_app.registry import officers
from inspector_app.registry.entries import Registry
from inspector_app.store import attachments
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store

MACHINE_WORKS = {
    "uscc": "91330481MA2CD12348",
    "name": "海宁精工机械有限公司",
    "kind": "enterprise",
    "county_code": "330481",
    "town_code": "330481005",
    "address": "浙江省海宁市许村镇工业路18号",
    "legal_rep": "王海明",
    "contact_phone": "13905730018",
    "industry_section": "C",
    "supervision_industry": "机械",
    "above_size": True,
    "key_supervised": True,
    "risk_level": "general",
}
DAY = dt.date(2026, 11, 20)
START = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def png_bytes(width: int = 8, height: int = 4) -> bytes:
    """A tiny valid PNG (a signature stand-in)."""
    raw = b"".join(b"\x00" + b"\x00\x00\x00" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@dataclass
class World:
    store: Store
    registry: Registry
    tree: object
    attachments_dir: Path
    enterprise: str
    lead: str  # county officer
    second: str  # county officer
    expired: str  # certificate expired before DAY
    township: str  # 许村镇 staff
    signature: str  # sha256 of a signature image

    def checklist(self, operations: tuple[str, ...] = ()) -> list:
        return load_catalogue().for_enterprise("机械", operations)

    def start(self, officer_ids: list[str] | None = None, operations: tuple[str, ...] = ()) -> str:
        with UnitOfWork(self.store, "tester") as uow:
            return inspections.start(
                uow,
                self.tree,  # type: ignore[arg-type]
                self.enterprise,
                officer_ids or [self.lead, self.second],
                "planned",
                self.checklist(operations),
                started_at=START,
                special_operations=operations,
            )

    def fill(self, inspection_id: str, hazards_on: int = 3) -> list[str]:
        """Verdicts for every item (the first ``hazards_on`` are hazards, recorded with a
        deadline), the person in charge and the situation."""
        made: list[str] = []
        with UnitOfWork(self.store, "tester") as uow:
            inspections.update(
                uow,
                inspection_id,
                {
                    "person_in_charge": "李安全",
                    "person_title": "安全科长",
                    "person_phone": "13905731234",
                    "situation": "检查了生产车间、仓库，发现隐患如下。",
                },
            )
            for n, item in enumerate(inspections.items(uow.conn, inspection_id)):
                if n < hazards_on:
                    inspections.set_verdict(uow, inspection_id, item.item_code, "hazard")
                    made.append(
                        hazards.add(
                            uow,
                            inspection_id,
                            {
                                "item_code": item.item_code,
                                "description": f"隐患{n + 1}：{item.item_text[:30]}",
                                "location": "一号车间",
                                "basis": item.basis,
                                "major": item.major,
                                "measures": "rectify_by_deadline",
                                "deadline": (DAY + dt.timedelta(days=15 + n)).isoformat(),
                            },
                        )
                    )
                else:
                    inspections.set_verdict(uow, inspection_id, item.item_code, "compliant")
        return made

    def sign(self, inspection_id: str, refuse: bool = False) -> str:
        team = inspections.team(self.store.conn, inspection_id)
        given = [
            signing.SignatureInput(
                "officer", m.officer.name, officer_id=m.officer.id, image_sha256=self.signature
            )
            for m in team
        ]
        if refuse:
            given.append(
                signing.SignatureInput(
                    "person_in_charge", "李安全", refused=True, witness="村委会 陈见证"
                )
            )
        else:
            given.append(
                signing.SignatureInput("person_in_charge", "李安全", image_sha256=self.signature)
            )
        with UnitOfWork(self.store, "tester") as uow:
            started = dt.datetime.fromisoformat(
                inspections.require(uow.conn, inspection_id).started_at
            )
            return signing.sign(uow, inspection_id, given, ended_at=started + dt.timedelta(hours=2))


def make_world(store: Store, registry: Registry, tmp_path: Path) -> World:
    tree = registry.tree
    with UnitOfWork(store, "tester") as uow:
        enterprise = registry.create(uow, MACHINE_WORKS)
        lead = officers.create(uow, "周执法", "330481", "county", "13900000001")
        second = officers.create(uow, "吴执法", "330481", "county", "13900000002")
        expired = officers.create(uow, "郑过期", "330481", "county")
        township = officers.create(uow, "钱镇干", "330481005", "township")
        for officer_id, number, issued, expires in (
            (lead, "33048100101", "2024-01-01", "2029-12-31"),
            (second, "33048100102", "2024-01-01", "2029-12-31"),
            (expired, "33048100103", "2020-01-01", "2025-12-31"),
            (township, "33048100901", "2025-01-01", "2030-12-31"),
        ):
            officers.add_certificate(uow, officer_id, number, "浙江省人民政府", issued, expires)
    source = tmp_path / "signature.png"
    source.write_bytes(png_bytes())
    folder = tmp_path / "attachments"
    sha = attachments.add_file(store, folder, source, "image/png")
    return World(store, registry, tree, folder, enterprise, lead, second, expired, township, sha)
