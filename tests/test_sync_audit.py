"""Each sync has the server sign the laptop's audit chain: the rows it does not hold are sent
from its own count, the signed head is kept, and a later tampering is found against it."""

from __future__ import annotations

from typing import Any

import pytest
from inspection_support import MACHINE_WORKS
from sync_support import Device

from inspector_app.store import audit


@pytest.mark.slow
def test_every_sync_has_the_chain_signed(devices: Any) -> None:
    laptop: Device = devices("haining1")
    laptop.sync()
    laptop.create(MACHINE_WORKS)
    report = laptop.sync()
    conn = laptop.store.conn
    chain = audit.rows(conn)
    assert chain, "a local write appends to the chain"
    assert report.audit_signed == len(chain)
    assert audit.last_checkpoint(conn) == len(chain)
    assert laptop.api.audit_head()["count"] == len(chain)

    again = laptop.sync()
    assert again.audit_signed == 0  # nothing new: nothing sent

    laptop.update(next(iter(laptop.tables.ids(conn, "enterprise"))), {"legal_rep": "王小明"})
    later = laptop.sync()
    assert later.audit_signed == len(audit.rows(conn)) - len(chain) > 0
    assert audit.verify(conn).intact
