"""Registry import from CSV and XLSX files.

Two steps, so that the UI can show the problems before anything is written:

* ``prepare(path, rules)`` reads the file and checks every row; each bad row is reported with
  its row number (as the spreadsheet shows it: the header is row 1), the field and the reason.
* ``commit(store, registry, prepared, author)`` writes the good rows in one transaction —
  new codes inserted, changed ones updated (history kept in the change log), identical ones
  left alone, so re-importing a file changes nothing. A failure or a cancel rolls back all of it.

``import_file`` does both. Each stage is timed (``ImportReport.timings``) for the benchmark.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import time
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspector_app.messages import Bilingual
from inspector_app.registry.entries import Registry
from inspector_app.registry.rules import FIELDS, RegistryRules
from inspector_app.registry.validation import RecordInvalid, label
from inspector_app.store import changelog
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store

Progress = Callable[[str, int, int], None]
ShouldStop = Callable[[], bool]

# Column headers accepted for each field (normalised: NFKC, no spaces, lower-case).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "uscc": ("统一社会信用代码", "社会信用代码", "信用代码", "uscc"),
    "name": ("单位名称", "企业名称", "名称", "主体名称", "name"),
    "kind": ("主体类型", "类型", "kind"),
    "county_code": ("所属县(市、区)", "县(市、区)", "所属区县", "区县", "county", "county_code"),
    "town_code": ("所属镇(街道)", "镇(街道)", "镇街", "乡镇街道", "town", "town_code"),
    "supervising_unit": ("监管单位", "supervising_unit"),
    "address": ("地址", "注册地址", "经营地址", "住所", "address"),
    "legal_rep": ("法定代表人(负责人)", "法定代表人", "负责人", "经营者", "legal_rep"),
    "contact_phone": ("联系电话", "电话", "contact_phone"),
    "industry_section": ("国民经济行业门类", "行业门类", "industry_section"),
    "supervision_industry": ("监管行业", "行业类别", "supervision_industry"),
    "above_size": ("规模以上", "规上企业", "规模以上工业企业", "above_size"),
    "key_supervised": ("重点监管", "重点监管企业", "key_supervised"),
    "risk_level": ("风险等级", "risk_level"),
}
REQUIRED_COLUMNS = (
    "uscc",
    "name",
    "county_code",
    "town_code",
    "address",
    "legal_rep",
    "supervision_industry",
)
MAX_ROWS = 2_000_000


class ImportFileError(Bilingual, ValueError):
    """The file as a whole cannot be imported (unreadable, wrong format, missing columns)."""


class ImportCancelled(Bilingual):
    """The officer stopped the import: nothing was written (an answer, not a fault)."""

    def __init__(self) -> None:
        super().__init__(
            "导入已取消，未导入任何数据。", "Import cancelled: nothing was imported.", "cancelled"
        )


@dataclass(frozen=True)
class Problem:
    row: int
    field: str
    rule: str
    zh: str
    en: str

    def text(self, lang: str = "zh") -> str:
        if lang.startswith("en"):
            return f"row {self.row}: {self.en}"
        return f"第{self.row}行：{self.zh}"


@dataclass
class Prepared:
    path: Path
    total_rows: int = 0
    records: list[dict[str, Any]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def bad_rows(self) -> int:
        return len({p.row for p in self.problems})


@dataclass(frozen=True)
class Change:
    """An existing entry the import would change: its code, its name and {field: [old, new]}."""

    row: int
    uscc: str
    name: str
    fields: dict[str, list[Any]]


@dataclass
class Preview:
    """What ``commit`` would do to the store, told before the officer confirms."""

    new: int
    changes: list[Change]
    unchanged: int


@dataclass
class ImportReport:
    total_rows: int
    good_rows: int
    inserted: int
    updated: int
    unchanged: int
    problems: list[Problem]
    timings: dict[str, float]


def _norm_header(text: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split()).lower()


_ALIAS_TO_FIELD = {_norm_header(a): f for f, aliases in HEADER_ALIASES.items() for a in aliases}


def map_headers(headers: list[object]) -> dict[int, str]:
    """Column index → field; raises ImportFileError naming missing or repeated columns."""
    mapping: dict[int, str] = {}
    seen: dict[str, int] = {}
    for index, header in enumerate(headers):
        field_name = _ALIAS_TO_FIELD.get(_norm_header(header))
        if field_name is None:
            continue
        if field_name in seen:
            raise ImportFileError(
                f"第{seen[field_name] + 1}列和第{index + 1}列都是“{label(field_name).zh}”",
                f"columns {seen[field_name] + 1} and {index + 1} are both {field_name}",
            )
        seen[field_name] = index
        mapping[index] = field_name
    missing = [f for f in REQUIRED_COLUMNS if f not in seen]
    if missing:
        names = "、".join(label(f).zh for f in missing)
        raise ImportFileError(f"缺少必需的列：{names}", f"missing columns: {', '.join(missing)}")
    return mapping


def _read_csv(path: Path) -> Iterator[list[object]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise ImportFileError("无法识别文件编码", "cannot decode the file")
    try:
        yield from csv.reader(io.StringIO(text, newline=""))
    except csv.Error as exc:
        raise ImportFileError(f"CSV 格式错误：{exc}", f"malformed CSV: {exc}") from exc


def _read_xlsx(path: Path) -> Iterator[list[object]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise ImportFileError(
            f"无法读取 Excel 文件：{exc}", f"cannot read the workbook: {exc}"
        ) from exc
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        book.close()


def read_rows(path: Path) -> Iterator[list[object]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    raise ImportFileError(
        f"不支持的文件类型“{path.suffix}”，请使用 CSV 或 XLSX",
        f"unsupported file type {path.suffix!r}; use CSV or XLSX",
    )


def prepare(
    path: str | Path,
    rules: RegistryRules,
    progress: Progress | None = None,
    should_stop: ShouldStop | None = None,
) -> Prepared:
    """Read and check every row; nothing is written."""
    path = Path(path)
    if not path.exists():
        raise ImportFileError(f"文件不存在：{path}", f"file not found: {path}")
    started = time.perf_counter()
    rows = read_rows(path)
    prepared = Prepared(path=path)
    header = next(rows, None)
    if header is None:
        raise ImportFileError("文件为空", "the file is empty")
    mapping = map_headers(header)
    first_row: dict[str, int] = {}
    for row_no, values in enumerate(rows, start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        prepared.total_rows += 1
        if prepared.total_rows > MAX_ROWS:
            raise ImportFileError(f"文件超过{MAX_ROWS}行", f"more than {MAX_ROWS} rows")
        if should_stop and prepared.total_rows % 5000 == 0 and should_stop():
            raise ImportCancelled()
        if progress and prepared.total_rows % 5000 == 0:
            progress("validate", prepared.total_rows, 0)
        raw = {f: values[i] if i < len(values) else None for i, f in mapping.items()}
        try:
            record = rules.normalise(raw)
        except RecordInvalid as exc:
            prepared.problems.extend(
                Problem(row_no, e.field, e.rule, e.zh, e.en) for e in exc.errors
            )
            continue
        code = record["uscc"]
        if code in first_row:
            prepared.problems.append(
                Problem(
                    row_no,
                    "uscc",
                    "duplicate_in_file",
                    f"{label('uscc').zh}：与第{first_row[code]}行重复",
                    f"{label('uscc').en}: same code as row {first_row[code]}",
                )
            )
            continue
        first_row[code] = row_no
        prepared.records.append(record)
        prepared.row_numbers.append(row_no)
    prepared.timings["validate"] = time.perf_counter() - started
    return prepared


def preview(conn: sqlite3.Connection, prepared: Prepared) -> Preview:
    """Compare the good rows with the registry as ``commit`` will (keyed by USCC, identical
    entries left alone): how many are new, and each existing entry that would change."""
    records = prepared.records
    existing = Registry.rows_by_codes(conn, [r["uscc"] for r in records])
    new = unchanged = 0
    changes: list[Change] = []
    for row, rec in zip(prepared.row_numbers, records, strict=True):
        old = existing.get(rec["uscc"])
        if old is None:
            new += 1
            continue
        delta = changelog.diff(old, rec)
        if delta:
            changes.append(Change(row, rec["uscc"], str(old["name"]), delta))
        else:
            unchanged += 1
    return Preview(new, changes, unchanged)


def commit(
    store: Store,
    registry: Registry,
    prepared: Prepared,
    author: str,
    progress: Progress | None = None,
    should_stop: ShouldStop | None = None,
) -> ImportReport:
    """Write the good rows in one transaction (see the module docstring)."""
    timings = dict(prepared.timings)
    records = prepared.records
    total = len(records)

    started = time.perf_counter()
    keys = []
    for i, rec in enumerate(records):
        keys.append(registry.pinyin.keys(rec["name"]))
        if progress and i % 20_000 == 0:
            progress("pinyin", i, total)
    timings["pinyin"] = time.perf_counter() - started

    def insert_progress(done: int, of: int) -> None:
        if should_stop and should_stop():
            raise ImportCancelled()
        if progress:
            progress("insert", done, of)

    with store.bulk_cache(), UnitOfWork(store, author) as uow:
        started = time.perf_counter()
        result = registry.upsert_many(uow, records, keys, progress=insert_progress)
        timings["insert"] = time.perf_counter() - started
        timings["insert_rows"] = result.rows_s
        timings["change_log"] = result.log_s
        if progress:
            progress("index", 0, result.inserted)
        started = time.perf_counter()
        registry.index_new_rows(uow.conn, result.first_new_rid, rebuild=result.rebuild)
        timings["index"] = time.perf_counter() - started
        if progress:
            progress("index", result.inserted, result.inserted)
        if should_stop and should_stop():
            raise ImportCancelled()
        started = time.perf_counter()
    timings["commit"] = time.perf_counter() - started
    return ImportReport(
        total_rows=prepared.total_rows,
        good_rows=total,
        inserted=result.inserted,
        updated=result.updated,
        unchanged=result.unchanged,
        problems=prepared.problems,
        timings=timings,
    )


def import_file(
    store: Store,
    registry: Registry,
    path: str | Path,
    author: str,
    progress: Progress | None = None,
    should_stop: ShouldStop | None = None,
) -> ImportReport:
    prepared = prepare(path, registry.rules, progress, should_stop)
    return commit(store, registry, prepared, author, progress, should_stop)


def write_csv(
    path: Path,
    records: Sequence[Mapping[str, Any]],
    headers: tuple[str, ...] = FIELDS,
    encoding: str = "utf-8-sig",
) -> None:
    """Write entries in the import format (Chinese headers), e.g. for templates and exports."""
    zh_headers = [HEADER_ALIASES[f][0] for f in headers]
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(zh_headers)
        for rec in records:
            writer.writerow(
                [
                    "是" if rec.get(f) is True else "否" if rec.get(f) is False else rec.get(f, "")
                    for f in headers
                ]
            )
