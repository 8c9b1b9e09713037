"""The penalty procedure's periods are data (``resources/case_procedure.json``), each with its
source; a broken file names itself and what is wrong."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from inspector_app.cases import cases
from inspector_app.registry.rules import Classifications
from inspector_app.store.paths import resources_dir


def test_the_shipped_periods_are_the_laws() -> None:
    rules = cases.load_procedure()
    # 行政处罚法 Art. 64 (5 and 7 working days), 60 (90 days), 67 (15 days), 36 (2 and 5 years)
    assert (rules.hearing_request_days, rules.hearing_notice_days) == (5, 7)
    assert (rules.decision_limit_days, rules.payment_days) == (90, 15)
    assert (rules.limitation_years, rules.limitation_harm_years) == (2, 5)
    assert rules.surcharge_rate == Decimal("0.03")  # Art. 72
    assert rules.detention_days == (1, 20)
    assert cases.default_rules() == rules


def test_every_period_names_its_source() -> None:
    data = json.loads((resources_dir() / cases.PROCEDURE_FILE).read_text(encoding="utf-8"))
    for name, entry in data["periods"].items():
        assert entry["source"].strip(), name
        assert isinstance(entry["verified"], bool), name


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (
            lambda d: d["periods"].__setitem__(
                "payment_days", {**d["periods"]["payment_days"], "value": 0}
            ),
            "payment_days",
        ),
        (lambda d: d["periods"].pop("statement_days"), "statement_days"),
        (lambda d: d["surcharge"].__setitem__("rate_per_day", "2"), "加处罚款"),
        (lambda d: d["detention"].__setitem__("min_days", 30), "拘留"),
    ],
)
def test_a_broken_file_is_refused_naming_itself(tmp_path: Path, change, words: str) -> None:  # type: ignore[no-untyped-def]
    data = json.loads((resources_dir() / cases.PROCEDURE_FILE).read_text(encoding="utf-8"))
    change(data)
    broken = tmp_path / cases.PROCEDURE_FILE
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(cases.ProcedureDataError) as caught:
        cases.load_procedure(broken)
    assert cases.PROCEDURE_FILE in caught.value.zh
    assert words in caught.value.zh


def test_the_gongmao_industries_are_data() -> None:
    classes = Classifications.load()
    # 判定标准 (应急管理部令第10号) Art. 2: the eight 工贸 industries, not 危化
    assert classes.gongmao == {"冶金", "有色", "建材", "机械", "轻工", "纺织", "烟草", "商贸"}
    assert "危化" in classes.industries and "危化" not in classes.gongmao
