"""SMS notice lists: targets, the template, phone numbers and duplicates, message length in
SMS parts, the gateway file, and the record of a round sent."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_reports_support import WireFacts, demo_year, entry_of

from inspector_app.registry.entries import Registry
from inspector_app.registry.jurisdictions import JurisdictionTree
from inspector_app.registry.validation import RecordInvalid
from inspector_app.reports import publication, sms, sms_rounds
from inspector_app.reports.sms import SmsError, TargetFilter, segments
from inspector_app.reports.wire import sha256_text
from inspector_app.store.changelog import UnitOfWork
from inspector_app.store.database import Store
from inspector_app.store.facts import LocalFacts

TODAY = dt.date(2026, 11, 29)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13905730001", ("mobile", "13905730001")),
        ("139 0573 0001", ("mobile", "13905730001")),
        ("139-0573-0001", ("mobile", "13905730001")),
        ("+86 139 0573 0001", ("mobile", "13905730001")),
        ("008613905730001", ("mobile", "13905730001")),
        ("８６１３９０５７３０００１", ("mobile", "13905730001")),
        ("0573-88888888/13905730002", ("mobile", "13905730002")),
        ("0573-88888888 13905730003", ("mobile", "13905730003")),
        ("0573-88888888", ("landline", "0573-88888888")),
        ("（0573）82345678", ("landline", "057382345678")),
        ("12905730001", ("invalid", "12905730001")),
        ("暂无", ("invalid", "暂无")),
        ("", ("missing", "")),
        (None, ("missing", "")),
    ],
)
def test_phone_numbers_are_normalised(raw: object, expected: tuple[str, str]) -> None:
    assert sms.normalise_phone(raw) == expected


def test_chinese_messages_are_ucs2_70_then_67_a_part() -> None:
    assert segments("安" * 70) == sms.Segments("UCS-2", 70, 1)
    assert segments("安" * 71) == sms.Segments("UCS-2", 71, 2)
    assert segments("安" * 134).parts == 2
    assert segments("安" * 135).parts == 3
    assert segments("A" * 69 + "安").encoding == "UCS-2"  # one Chinese character is enough
    assert segments("😀" * 35) == sms.Segments("UCS-2", 70, 1)  # outside the BMP: two units


def test_latin_messages_are_gsm7_160_then_153_a_part() -> None:
    assert segments("a" * 160) == sms.Segments("GSM-7", 160, 1)
    assert segments("a" * 161).parts == 2
    assert segments("a" * 306).parts == 2
    assert segments("a" * 307).parts == 3
    assert segments("€" * 80) == sms.Segments("GSM-7", 160, 1)  # the extension takes two
    assert segments("€" * 81).parts == 2
    assert segments("Ç@£ {ok}\n").encoding == "GSM-7"
    assert segments("`").encoding == "UCS-2"  # the backtick is not in the GSM alphabet


def test_the_template_names_its_placeholders(tree: JurisdictionTree) -> None:
    template = sms.parse_template("{负责人}您好：请{单位名称}（{县区}{镇街}）做好隐患排查。")
    town = tree.towns_of("330402")[0]
    entry = {
        "name": "嘉兴化工有限公司",
        "legal_rep": "",
        "county_code": "330402",
        "town_code": town.code,
    }
    message = template.render(entry, tree, sms.default_settings())
    assert message == (
        f"【嘉兴市应急管理局】负责人您好：请嘉兴化工有限公司（南湖区{town.name}）做好隐患排查。"
    )
    with pytest.raises(SmsError) as unknown:
        sms.parse_template("{法人}您好")
    assert unknown.value.code == "placeholder"
    assert "“{法人}”不是可用的占位符" in unknown.value.zh and "{负责人}" in unknown.value.zh
    with pytest.raises(SmsError) as brace:
        sms.parse_template("{负责人}您好}")
    assert brace.value.code == "brace" and "花括号" in brace.value.zh
    with pytest.raises(SmsError) as empty:
        sms.parse_template("   ")
    assert empty.value.code == "empty" and "不能为空" in empty.value.zh
    assert sms.parse_template("通知", signature="").render(entry, tree, sms.default_settings()) == (
        "通知"
    )


def entries() -> list[dict[str, Any]]:
    def entry(n: int, phone: str, rep: str = "张建国") -> dict[str, Any]:
        return {
            "id": f"e{n}",
            "name": f"单位{n}",
            "legal_rep": rep,
            "contact_phone": phone,
            "county_code": "330402",
            "town_code": None,
        }

    return [
        entry(1, "13905730001"),
        entry(2, "139 0573 0001", "李重阳"),  # the same head's number written otherwise
        entry(3, "0573-88888888"),
        entry(4, "13905730002"),
        entry(5, ""),
        entry(6, "1234"),
        entry(7, "+8613905730002"),
    ]


def test_each_number_gets_one_message(tree: JurisdictionTree) -> None:
    template = sms.parse_template("{负责人}您好：请落实安全生产主体责任。")
    made = sms.build_list(entries(), template, tree)
    assert [(r.phone, r.enterprise_id) for r in made.recipients] == [
        ("13905730001", "e1"),
        ("13905730002", "e4"),
    ]
    assert made.recipients[0].message == "【嘉兴市应急管理局】张建国您好：请落实安全生产主体责任。"
    by_why = {s.enterprise_id: (s.why, s.kept) for s in made.skipped}
    assert by_why == {
        "e2": ("duplicate", "e1"),
        "e3": ("landline", ""),
        "e5": ("missing", ""),
        "e6": ("invalid", ""),
        "e7": ("duplicate", "e4"),
    }
    assert made.messages == 2 and made.parts == 2 and made.longest == 1
    assert made.count("duplicate") == 2 and made.count("landline") == 1


def test_long_messages_are_billed_by_their_parts(tree: JurisdictionTree) -> None:
    long_text = "请" * 60 + "{单位名称}"
    made = sms.build_list(entries()[:1], sms.parse_template(long_text), tree)
    [recipient] = made.recipients
    assert recipient.segments.units == len("【嘉兴市应急管理局】") + 60 + len("单位1")
    assert recipient.segments.parts == 2 and made.parts == 2


def test_the_gateway_file(tmp_path: Path, tree: JurisdictionTree) -> None:
    template = sms.parse_template('{负责人}您好，"安全生产月"活动，请回复1,2。')
    made = sms.build_list(entries(), template, tree)
    data = sms.gateway_csv(made)
    assert data.startswith("\ufeff".encode()) and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["手机号码", "短信内容"]
    assert rows[1] == [
        "13905730001",
        '【嘉兴市应急管理局】张建国您好，"安全生产月"活动，请回复1,2。',
    ]
    assert len(rows) == 3
    path = tmp_path / "round.csv"
    digest = sms.write_gateway_csv(path, made)
    assert path.read_bytes() == data and digest == hashlib.sha256(data).hexdigest()
    assert sms.list_sha256(made) == digest
    nobody = sms.build_list(entries()[2:3], template, tree)
    with pytest.raises(SmsError) as caught:
        sms.gateway_csv(nobody)
    assert caught.value.code == "empty" and "没有可发送的手机号码" in caught.value.zh


FILTERS = [
    TargetFilter(),
    TargetFilter(units=("330481",)),
    TargetFilter(units=("Z330401", "330402"), key_only=True),
    TargetFilter(industries=("危化", "工贸"), above_size_only=True),
    TargetFilter(kinds=("individual",), risk_levels=("low", "general")),
]


@pytest.mark.parametrize("target", FILTERS)
def test_the_filter_selects_the_same_in_sql_and_in_python(
    demo_store: Store, tree: JurisdictionTree, target: TargetFilter
) -> None:
    selected = sms.local_targets(demo_store.conn, target, tree)
    columns = ", ".join(sms.TARGET_COLUMNS)
    everything = [
        dict(zip(sms.TARGET_COLUMNS, r, strict=True))
        for r in demo_store.conn.execute(
            f"SELECT {columns} FROM enterprise ORDER BY supervising_unit, town_code, name, id"
        )
    ]
    assert selected == [e for e in everything if target.matches(e, tree)]
    assert selected or target.kinds  # the demo registry has entries for each filter


def test_a_county_takes_the_parks_it_supervises(tree: JurisdictionTree) -> None:
    park = tree.parks_of("330481")[0]
    target = TargetFilter(units=("330481",))
    assert park.code in target.supervisors(tree) and "330481" in target.supervisors(tree)
    assert target.matches({"supervising_unit": park.code}, tree)
    assert not target.matches({"supervising_unit": "330402"}, tree)
    assert json.loads(target.to_json())["units"] == ["330481"]


@pytest.fixture
def tables(tmp_path: Path, tree: JurisdictionTree, registry: Registry) -> Iterator[Store]:
    store = demo_year(tmp_path / "i.sqlite3", tree, registry, 0.02)
    yield store
    store.close()


def send(store: Store, tree: JurisdictionTree, case_ids: tuple[str, ...] = ()) -> str:
    template = sms.parse_template("{负责人}您好：请落实安全生产主体责任。")
    target = TargetFilter(units=("330402",), key_only=True)
    made = sms.build_list(sms.local_targets(store.conn, target, tree), template, tree)
    with UnitOfWork(store, "officer") as uow:
        return sms_rounds.record_round(
            uow,
            "330402",
            "2026年第9期安全生产违法行为典型案例短信",
            template,
            target,
            made,
            sms.list_sha256(made),
            dt.date(2026, 11, 20),
            TODAY,
            case_ids,
        )


def test_a_round_is_recorded_and_immutable(tables: Store, tree: JurisdictionTree) -> None:
    record_id = send(tables, tree)
    row = tables.conn.execute(
        "SELECT unit_code, recipients, segments, sent_on, target_filter FROM sms_round "
        "WHERE id = ?",
        (record_id,),
    ).fetchone()
    assert row[0] == "330402" and row[1] > 0 and row[2] >= row[1] and row[3] == "2026-11-20"
    assert json.loads(row[4])["key_only"] is True
    assert tables.conn.execute(
        "SELECT count(*) FROM change_log WHERE table_name = 'sms_round'"
    ).fetchone() == (1,)
    with pytest.raises(sqlite3.DatabaseError, match="immutable"):
        with tables.transaction() as conn:
            conn.execute("UPDATE sms_round SET recipients = 1 WHERE id = ?", (record_id,))


def round_record(**changes: Any) -> dict[str, Any]:
    base = {
        "unit_code": "330402",
        "title": "第9期",
        "template": "{负责人}您好",
        "signature": "【嘉兴市应急管理局】",
        "target_filter": "{}",
        "case_ids": "",
        "recipients": 10,
        "segments": 10,
        "landlines": 0,
        "invalid": 0,
        "duplicates": 0,
        "list_sha256": sha256_text("x"),
        "sent_on": "2026-11-20",
        "created_by": "officer",
    }
    return {**base, **changes}


def test_the_round_check_names_each_problem(tables: Store) -> None:
    facts = LocalFacts(tables.conn)
    assert sms_rounds.check_sms_round(round_record(), facts, TODAY)["recipients"] == 10
    for field, rule, data in (
        ("sent_on", "future", round_record(sent_on="2026-12-01")),
        ("recipients", "integer", round_record(recipients=0)),
        ("segments", "range", round_record(segments=9)),
        ("list_sha256", "sha256", round_record(list_sha256="abc")),
        ("template", "placeholder", round_record(template="{法人}")),
        ("target_filter", "json", round_record(target_filter="[1]")),
        ("title", "required", round_record(title="")),
        ("landlines", "integer", round_record(landlines=-1)),
    ):
        with pytest.raises(RecordInvalid) as caught:
            sms_rounds.check_sms_round(data, facts, TODAY)
        assert {e.field: e.rule for e in caught.value.errors} == {field: rule}, field


def test_a_round_tells_only_of_published_cases(tables: Store, tree: JurisdictionTree) -> None:
    conn = tables.conn
    case_id, decided = conn.execute(
        "SELECT c.id, s.occurred_on FROM penalty_case c JOIN case_step s ON s.case_id = c.id "
        "WHERE s.kind = 'decision' AND c.party_kind = 'unit' ORDER BY s.occurred_on LIMIT 1"
    ).fetchone()
    data = round_record(case_ids=case_id)
    with pytest.raises(RecordInvalid) as caught:
        sms_rounds.check_sms_round(data, LocalFacts(conn), TODAY)
    [problem] = caught.value.errors
    assert problem.rule == "not_published" and "第四十八条" in problem.zh
    with UnitOfWork(tables, "officer") as uow:
        published = publication.publish(
            uow,
            case_id,
            entry_of(tables, tree, case_id),
            "website",
            dt.date.fromisoformat(decided),
            TODAY,
        )
    for facts in (LocalFacts(conn), WireFacts(conn)):
        assert sms_rounds.check_sms_round(data, facts, TODAY)["case_ids"] == case_id
    before = round_record(
        case_ids=case_id,
        sent_on=(dt.date.fromisoformat(decided) - dt.timedelta(days=1)).isoformat(),
    )
    with pytest.raises(RecordInvalid) as early:
        sms_rounds.check_sms_round(before, LocalFacts(conn), TODAY)
    assert "须已依法公开" in early.value.errors[0].zh
    send(tables, tree, (case_id,))
    withdrawn_on = dt.date(2026, 11, 25)
    with UnitOfWork(tables, "officer") as uow:
        publication.withdraw(
            uow, published, "revoked", withdrawn_on, "决定已撤销。", withdrawn_on, TODAY
        )
    # a round sent before the withdrawal stays valid; one sent after it is refused
    assert sms_rounds.check_sms_round(data, WireFacts(conn), TODAY)["sent_on"] == "2026-11-20"
    after = round_record(case_ids=case_id, sent_on="2026-11-26")
    with pytest.raises(RecordInvalid) as caught_after:
        sms_rounds.check_sms_round(after, WireFacts(conn), TODAY)
    assert caught_after.value.errors[0].rule == "not_published"


def test_a_broken_settings_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "sms.json"
    raw = json.loads((sms.resources_dir() / sms.SETTINGS_FILE).read_text(encoding="utf-8"))
    raw["segments"]["ucs2"]["part"] = 0
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SmsError) as caught:
        sms.load_settings(path)
    assert caught.value.code == "segments" and "sms.json" in caught.value.zh
    del raw["csv_header"]
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SmsError) as missing:
        sms.load_settings(path)
    assert missing.value.code == "missing_key" and "csv_header" in missing.value.zh
