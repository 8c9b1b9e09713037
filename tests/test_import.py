"""Registry import: bad rows reported by row, field and reason; good rows in one transaction;
re-import changes nothing; a crash or cancel mid-import leaves nothing half-written."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from helpers import KNOWN_ENTRIES, ROOT, generated, new_store
from inspector_app.registry import importer
from inspector_app.registry.entries import Registry
from inspector_app.registry.importer import HEADER_ALIASES, ImportCancelled, ImportFileError
from inspector_app.registry.rules import FIELDS
from inspector_app.store.database import Store

HEADERS = [HEADER_ALIASES[f][0] for f in FIELDS]


def cell(value: object) -> object:
    return "是" if value is True else "否" if value is False else value


def write_csv(
    path: Path, rows: list[dict], encoding: str = "utf-8-sig", headers: list[str] = HEADERS
) -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([cell(row.get(f, "")) for f in FIELDS])
    return path


def write_xlsx(path: Path, rows: list[dict]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([cell(row.get(f, "")) for f in FIELDS])
    book.save(path)
    return path


def log_count(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM change_log").fetchone()[0]


def test_bad_rows_are_reported_and_good_rows_imported(
    tmp_path: Path, store: Store, registry: Registry, tree
) -> None:
    rows = generated(tree, 20)
    rows[3] = dict(
        rows[3], uscc=rows[3]["uscc"][:-1] + ("0" if rows[3]["uscc"][-1] != "0" else "1")
    )
    rows[7] = dict(rows[7], county_code="上海市", legal_rep="")
    rows[12] = dict(rows[12], uscc=rows[2]["uscc"])  # same code as an earlier row
    path = write_csv(tmp_path / "名录.csv", rows)
    report = importer.import_file(store, registry, path, "importer")
    assert report.total_rows == 20 and report.good_rows == 17 and report.inserted == 17
    problems = {(p.row, p.field): p for p in report.problems}
    # row numbers as the spreadsheet shows them: header is row 1
    assert problems[(5, "uscc")].rule == "check_char"
    assert "校验码错误" in problems[(5, "uscc")].zh
    assert problems[(9, "county_code")].rule == "unknown"
    assert problems[(9, "legal_rep")].zh == "法定代表人（负责人）：不能为空"
    assert problems[(14, "uscc")].rule == "duplicate_in_file"
    assert "与第4行重复" in problems[(14, "uscc")].zh
    assert problems[(5, "uscc")].text().startswith("第5行：")
    assert Registry.count(store.conn) == 17
    assert log_count(store) == 17


def test_reimport_changes_nothing(tmp_path: Path, store: Store, registry: Registry, tree) -> None:
    path = write_csv(tmp_path / "a.csv", generated(tree, 50))
    first = importer.import_file(store, registry, path, "importer")
    assert first.inserted == 50
    before = (Registry.count(store.conn), log_count(store))
    second = importer.import_file(store, registry, path, "importer")
    assert (second.inserted, second.updated, second.unchanged) == (0, 0, 50)
    assert (Registry.count(store.conn), log_count(store)) == before


def test_changed_rows_are_updated_with_history(
    tmp_path: Path, store: Store, registry: Registry, tree
) -> None:
    rows = generated(tree, 10)
    importer.import_file(store, registry, write_csv(tmp_path / "a.csv", rows), "first")
    rows[4] = dict(rows[4], address="浙江省嘉兴市南湖区新地址88号", risk_level="major")
    report = importer.import_file(store, registry, write_csv(tmp_path / "b.csv", rows), "second")
    assert (report.inserted, report.updated, report.unchanged) == (0, 1, 9)
    entity = Registry.get_by_uscc(store.conn, rows[4]["uscc"])
    assert entity["address"] == "浙江省嘉兴市南湖区新地址88号"
    history = Registry.history(store.conn, entity["id"])
    assert [h.op for h in history] == ["insert", "update"]
    assert history[1].author == "second"
    assert history[1].changes["risk_level"][1] == "major"


def test_the_preview_lists_the_entries_an_import_would_change(
    tmp_path: Path, store: Store, registry: Registry, tree
) -> None:
    rows = generated(tree, 10)
    importer.import_file(store, registry, write_csv(tmp_path / "a.csv", rows), "first")
    old_address = rows[4]["address"]
    rows[4] = dict(rows[4], address="浙江省嘉兴市南湖区新地址88号")
    rows.extend(generated(tree, 12)[10:])  # two new codes
    prepared = importer.prepare(write_csv(tmp_path / "b.csv", rows), registry.rules)
    before = log_count(store)
    seen = importer.preview(store.conn, prepared)
    assert log_count(store) == before  # a preview writes nothing
    assert (seen.new, len(seen.changes), seen.unchanged) == (2, 1, 9)
    (change,) = seen.changes
    assert change.uscc == rows[4]["uscc"] and change.row == 6  # header is row 1
    assert change.fields == {"address": [old_address, "浙江省嘉兴市南湖区新地址88号"]}
    # what the preview announced is what the import does
    report = importer.commit(store, registry, prepared, "second")
    assert (report.inserted, report.updated, report.unchanged) == (2, 1, 9)


def test_xlsx_and_gbk_csv(tmp_path: Path, store: Store, registry: Registry, tree) -> None:
    rows = generated(tree, 30)
    report = importer.import_file(store, registry, write_xlsx(tmp_path / "a.xlsx", rows[:15]), "x")
    assert report.inserted == 15 and not report.problems
    report = importer.import_file(
        store, registry, write_csv(tmp_path / "b.csv", rows[15:], encoding="gb18030"), "x"
    )
    assert report.inserted == 15 and not report.problems
    assert Registry.get_by_uscc(store.conn, rows[20]["uscc"])["name"] == rows[20]["name"]


def test_numeric_excel_cell_is_explained(tmp_path: Path, store: Store, registry: Registry) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    row = [cell(KNOWN_ENTRIES[0].get(f, "")) for f in FIELDS]
    row[0] = 9.13304001467582e17  # what Excel makes of an all-digit code typed as a number
    sheet.append(row)
    path = tmp_path / "n.xlsx"
    book.save(path)
    report = importer.import_file(store, registry, path, "x")
    assert report.inserted == 0
    assert report.problems[0].rule == "numeric_cell"
    assert "文本格式" in report.problems[0].zh


def test_missing_columns_refuse_the_file(tmp_path: Path, store: Store, registry: Registry) -> None:
    path = write_csv(
        tmp_path / "a.csv",
        [KNOWN_ENTRIES[0]],
        headers=["统一社会信用代码", "单位名称", "地址"] + HEADERS[3:6],
    )
    with pytest.raises(ImportFileError) as info:
        importer.import_file(store, registry, path, "x")
    assert "缺少必需的列" in info.value.zh and "法定代表人" in info.value.zh
    assert Registry.count(store.conn) == 0


@pytest.mark.parametrize(
    "name, content, fragment",
    [
        ("a.txt", "x", "不支持的文件类型"),
        ("empty.csv", "", "文件为空"),
        ("broken.xlsx", "not a zip", "无法读取 Excel 文件"),
    ],
)
def test_unreadable_files(
    tmp_path: Path, store: Store, registry: Registry, name: str, content: str, fragment: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError) as info:
        importer.import_file(store, registry, path, "x")
    assert fragment in info.value.zh


def test_cancel_rolls_back_everything(
    tmp_path: Path, store: Store, registry: Registry, tree
) -> None:
    path = write_csv(tmp_path / "a.csv", generated(tree, 300))
    prepared = importer.prepare(path, registry.rules)
    calls = []

    def stop() -> bool:
        calls.append(1)
        return True

    with pytest.raises(ImportCancelled):
        importer.commit(store, registry, prepared, "x", should_stop=stop)
    assert calls
    assert Registry.count(store.conn) == 0 and log_count(store) == 0
    assert store.integrity_check() == []


KILL_CHILD = r"""
import sys, time
sys.path.insert(0, {root!r})
from inspector_app.registry import importer
from inspector_app.registry import jurisdictions
from inspector_app.registry.entries import Registry
from inspector_app.store.database import Store
store = Store.open({db!r})
registry = Registry(jurisdictions.load())
def progress(stage, done, total):
    if stage == {stage!r} and done > 0:
        print("STAGE", stage, flush=True)
        time.sleep(30)
importer.import_file(store, registry, {csv!r}, "kill", progress=progress)
print("FINISHED", flush=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["insert", "index"])
def test_crash_mid_import_leaves_nothing_half_written(
    tmp_path: Path, registry: Registry, tree, stage: str
) -> None:
    db = tmp_path / "inspector.sqlite3"
    s = new_store(db, tree)
    everything = generated(tree, 25_040, seed=2)
    rows = everything[:25_000]
    importer.import_file(
        s, registry, write_csv(tmp_path / "first.csv", everything[25_000:]), "before"
    )
    before = (Registry.count(s.conn), log_count(s))
    s.close()
    csv_path = write_csv(tmp_path / "big.csv", rows)
    script = KILL_CHILD.format(root=str(ROOT), db=str(db), csv=str(csv_path), stage=stage)
    with subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True
    ) as child:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.startswith("STAGE"), line
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    reopened = Store.open(db)
    try:
        assert (Registry.count(reopened.conn), log_count(reopened)) == before
        assert reopened.integrity_check() == []
        assert Registry.get_by_uscc(reopened.conn, rows[0]["uscc"]) is None
        # the search indexes dropped for the bulk load are back
        names = {
            r[0]
            for r in reopened.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        }
        assert {"enterprise_id", "enterprise_uscc", "enterprise_name", "enterprise_pinyin"} <= names
        # and the same import then succeeds completely
        report = importer.import_file(reopened, registry, csv_path, "after")
        assert report.inserted == 25_000
    finally:
        reopened.close()


def test_bulk_load_with_a_duplicate_code_rolls_back(
    store: Store, registry: Registry, tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from inspector_app.registry import entries as registry_module
    from inspector_app.store.changelog import UnitOfWork

    monkeypatch.setattr(registry_module, "BULK_MIN_ROWS", 1)
    records = [registry.rules.normalise(r) for r in generated(tree, 30)]
    records.append(dict(records[0], name="重复代码有限公司"))  # what prepare() would refuse
    with pytest.raises(sqlite3.IntegrityError):
        with UnitOfWork(store, "x") as uow:
            result = registry.upsert_many(uow, records)
            assert result.rebuild  # the unique indexes were dropped for the bulk load
            registry.index_new_rows(uow.conn, result.first_new_rid, rebuild=result.rebuild)
    assert Registry.count(store.conn) == 0 and log_count(store) == 0
    names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
    assert "enterprise_uscc" in names
