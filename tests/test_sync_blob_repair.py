"""A damaged evidence photo on the server is repaired from a laptop that holds it whole: the
integrity run marks it, the server lists it to the devices that may read it
(``GET wanted-blobs``), the laptop that has the file sends it again at its next sync, and the
whole copy replaces the damaged one — never bytes that do not hash to the photo's name."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from test_attachments import CHUNK, add, make_file, name_on_server, transfers
from test_battery_net import tamper_stored_blob

from sync import admin
from sync.api import SyncError
from sync.report import SyncReport
from sync.server import db


def damaged(engine: Any) -> set[str]:
    with db.reading(engine) as conn:
        return set(
            conn.execute(
                select(db.blobs.c.sha256).where(db.blobs.c.damaged_at.is_not(None))
            ).scalars()
        )


def test_a_damaged_photo_is_sent_again_by_the_laptop_that_holds_it(
    devices: Any, live_server: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    holder = devices("haining1")
    source = make_file(tmp_path, 3 * CHUNK + 10)
    whole = source.read_bytes()
    sha = add(holder, source)
    report = SyncReport()
    transfers(holder).upload_pending(report)
    assert (report.uploaded, report.resent) == (1, 0)
    name_on_server(live_server, sha)
    tamper_stored_blob(live_server.engine, sha)
    url = live_server.engine.url.render_as_string(hide_password=False)
    assert admin.main(["--db", url, "check-blobs"]) == 2
    assert damaged(live_server.engine) == {sha}

    colleague = devices("haining2")
    elsewhere = devices("nanhu1")
    assert colleague.api.blobs_wanted() == [sha]
    assert elsewhere.api.blobs_wanted() == []  # not a record of theirs: not even its name
    with pytest.raises(SyncError) as refused:
        transfers(colleague).download(sha)
    assert refused.value.code == "blob_damaged"

    # a colleague without the file has nothing to send; bytes that are not the photo are
    # refused and leave the damaged copy as it is (still marked, still not served)
    nothing = SyncReport()
    transfers(colleague).upload_pending(nothing)
    assert (nothing.resent, nothing.uploaded) == (0, 0)
    forged = b"not the photo" * 100
    colleague.api.upload_chunk(sha, 0, forged, total=len(forged))
    with pytest.raises(SyncError) as mismatch:
        colleague.api.complete_blob(sha, len(forged))
    assert mismatch.value.code == "hash_mismatch"
    assert damaged(live_server.engine) == {sha}

    # the laptop that holds it sends it again at its next sync
    again = SyncReport()
    transfers(holder).upload_pending(again)
    assert (again.resent, again.uploaded) == (1, 1)
    assert damaged(live_server.engine) == set()
    assert colleague.api.blobs_wanted() == []
    capsys.readouterr()
    assert admin.main(["--db", url, "check-blobs"]) == 0
    assert "1 attachments checked, 0 damaged" in capsys.readouterr().out
    path = transfers(colleague).download(sha)
    assert path.is_file()
    with db.reading(live_server.engine) as conn:
        stored = b"".join(
            conn.execute(
                select(db.blob_chunks.c.data)
                .where(db.blob_chunks.c.sha256 == sha)
                .order_by(db.blob_chunks.c.offset)
            ).scalars()
        )
    assert stored == whole and hashlib.sha256(stored).hexdigest() == sha
    # nothing more to send at the sync after
    after = SyncReport()
    transfers(holder).upload_pending(after)
    assert (after.resent, after.uploaded) == (0, 0)
    print(
        "\nS11 repair: 1 damaged photo listed to the 2 devices of its county (0 elsewhere), "
        "1 forged upload refused, the holder's copy sent again: 0 damaged, the stored bytes "
        "equal to the photo"
    )
