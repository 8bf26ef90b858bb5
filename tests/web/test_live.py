"""Live scoring of a form being typed, and corrections of a stored form (jixiao.web.live)."""

from __future__ import annotations

from pathlib import Path

import pytest

import jixiao
from jixiao.expr import parse_expression
from jixiao.model import Form
from jixiao.scoring import score_form
from jixiao.web.fields import FieldError, field_ref
from jixiao.web.live import (
    apply_correction,
    describe_expression,
    draft_form,
    form_fields,
    preview,
)

SAMPLES = sorted((Path(jixiao.__file__).parent / "samples").glob("*.txt"))


def _forms() -> list[Form]:
    return [f for r in jixiao.parse(SAMPLES) for f in r.forms]


@pytest.mark.parametrize("index", range(2))
def test_fields_round_trip_gives_the_same_score(index: int) -> None:
    form = _forms()[index]
    draft = draft_form(form_fields(form))
    assert draft.errors == {}
    assert [i.model_dump(exclude={"sources"}) for i in draft.form.indicators] == [
        i.model_dump(exclude={"sources"}) for i in form.indicators
    ]
    live = preview(draft)
    assert live.total == pytest.approx(score_form(form).recomputed_total)
    assert live.grade == score_form(form).recomputed_grade
    assert live.missing == []


def test_unreadable_values_are_errors_on_their_own_field() -> None:
    draft = draft_form({
        "year": "24",
        "funds.total.adjusted": "一百万",
        "funds.rate": "很高",
        "funds.unit": "美元",
        "indicators.0.level3": "培训人数",
        "indicators.0.weight": "abc",
        "csrf_token": "x",
    })  # fmt: skip
    assert set(draft.errors) == {"year", "funds.total.adjusted", "funds.rate", "funds.unit",
                                 "indicators[0].weight"}  # fmt: skip
    assert "“24”" in draft.errors["year"]
    assert "一百万" in draft.errors["funds.total.adjusted"]
    assert "万元" in draft.errors["funds.unit"]
    assert draft.form.year is None and draft.form.funds.total.adjusted is None
    assert draft.form.indicators[0].level3 == "培训人数"  # the readable values are kept


def test_removed_rows_keep_the_page_numbering() -> None:
    draft = draft_form({
        "indicators.0.level3": "甲", "indicators.0.weight": "10",
        "indicators.1.level3": "", "indicators.1.weight": "",  # added, never filled
        "indicators.4.level3": "乙", "indicators.4.weight": "x",
    })  # fmt: skip
    assert [i.level3 for i in draft.form.indicators] == ["甲", "乙"]
    assert draft.rows == [0, 4]
    assert "indicators[4].weight" in draft.errors
    live = preview(draft)
    assert [r.row for r in live.rows] == [0, 4]
    missing = {m.path for m in live.missing}
    assert "indicators[4].target" in missing and "indicators[0].target" in missing
    assert "indicators[1].target" not in missing


def test_an_empty_form_says_what_is_missing_and_never_raises() -> None:
    live = preview(draft_form({}))
    missing = {m.path for m in live.missing}
    assert {"project_name", "department", "year", "indicators", "funds.total.adjusted"} <= missing
    assert live.rows == [] and live.total == 0


def test_a_score_typed_above_the_rule_is_shown_with_what_the_row_would_earn() -> None:
    data = {
        "year": "2024", "project_name": "测试项目", "department": "某局", "implementer": "某中心",
        "funds.unit": "万元", "funds.total.adjusted": "100", "funds.total.executed": "90",
        "funds.weight": "10", "funds.score": "10",
        "indicators.0.level1": "产出指标", "indicators.0.level2": "数量指标",
        "indicators.0.level3": "培训人数", "indicators.0.target": "≥100人",
        "indicators.0.actual": "80人", "indicators.0.weight": "10", "indicators.0.score": "10",
        "total_weight": "20", "total_score": "20",
    }  # fmt: skip
    live = preview(draft_form(data))
    row = live.rows[0]
    assert row.target.startswith("数值") and "100" in row.target
    assert row.earn == pytest.approx(8.0)  # 10 × 80/100
    assert row.status == "above" and row.status_zh == "自评偏高"
    assert live.funds_rate == "90%" and live.funds_earn == pytest.approx(9.0)
    assert live.total == pytest.approx(17.0)
    assert any(f.code.startswith("S") and f.row == 0 for f in live.findings)
    assert live.counts["error"] + live.counts["warning"] >= 1


def test_describe_expression_in_chinese() -> None:
    assert describe_expression(parse_expression("≥735人次")) == "数值 ≥735人次"
    assert describe_expression(parse_expression("2024年12月")).startswith("日期 2024年12月")
    assert describe_expression(parse_expression(None)) == "未填"
    assert describe_expression(parse_expression("逐步提高")).startswith("定性")


def test_a_correction_is_a_new_form_with_old_and_new_text() -> None:
    form = _forms()[0]
    before = score_form(form).recomputed_total
    original = form.model_dump()
    row = next(i for i, ind in enumerate(form.indicators) if ind.actual == "77件")
    fix = apply_correction(form, f"indicators.{row}.actual", "70件")
    assert (fix.path, fix.old, fix.new, fix.changed) == (f"indicators[{row}].actual", "77件", "70件", True)
    assert fix.form.indicators[row].actual == "70件"
    assert "actual" not in fix.form.indicators[row].sources  # the value no longer comes from the file
    assert form.model_dump() == original  # the stored form is untouched
    assert score_form(fix.form).recomputed_total < before


def test_correcting_a_number_and_a_rate() -> None:
    form = _forms()[0]
    fix = apply_correction(form, "funds.total.executed", "4,507.55")
    assert fix.form.funds.total.executed == 4507.55
    assert score_form(fix.form).funds.rate == pytest.approx(1.0)
    fix = apply_correction(form, "funds.rate", "100%")
    assert fix.form.funds.rate == 1.0 and fix.new == "100%"


@pytest.mark.parametrize(
    ("path", "text"),
    [("indicators[999].actual", "1"), ("nonsense", "1"), ("total_score", "九十"),
     ("funds.weight", "-5"), ("__class__", "x")],
)  # fmt: skip
def test_bad_corrections_are_refused_with_a_message(path: str, text: str) -> None:
    with pytest.raises(FieldError) as err:
        apply_correction(_forms()[0], path, text)
    assert err.value.message and err.value.message_en


def test_field_paths_are_canonical() -> None:
    assert field_ref("indicators.3.actual").path == "indicators[3].actual"
    assert field_ref("indicators[3].actual").row == 3
    assert field_ref("funds.carryover.rate").spec.label == "上年结转资金·执行率"
