"""Target and actual expressions: operators, numbers, units, dates, tiers; unreadable is reported."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.expr import Kind, Op, Tier, compare, parse_expression


@pytest.mark.parametrize(
    ("text", "op", "value", "unit"),
    [
        ("≥1642 人次", Op.ge, 1642, "人次"),
        ("小于等于 1%", Op.le, 1, "%"),
        ("不超过 2160元", Op.le, 2160, "元"),
        ("等于500个", Op.eq, 500, "个"),
        (">90%", Op.gt, 90, "%"),
        ("=100%", Op.eq, 100, "%"),
        ("不低于95%", Op.ge, 95, "%"),
        ("100人以上", Op.ge, 100, "人"),
        ("50万元以内", Op.le, 50, "万元"),
        ("小于等于12小时", Op.le, 12, "小时"),
        ("≤5元/平方米/天", Op.le, 5, "元/平方米/天"),
        ("300元每人", Op.eq, 300, "元/人"),
        ("≥60000盒", Op.ge, 60000, "盒"),
        ("≤1105.95万元", Op.le, 1105.95, "万元"),
        ("24", Op.eq, 24, None),
        ("实际执行金额为45.57万元", Op.eq, 45.57, "万元"),
        ("20,000个", Op.eq, 20000, "个"),
        ("１２个月", Op.eq, 12, "个月"),
    ],
)
def test_numbers_with_operator_and_unit(text: str, op: Op, value: float, unit: str | None) -> None:
    e = parse_expression(text)
    assert e.kind is Kind.number
    assert (e.op, e.value, e.unit) == (op, value, unit)


def test_a_bare_number_implies_equals_but_says_so() -> None:
    assert parse_expression("24").op_explicit is False
    assert parse_expression("=24").op_explicit is True


def test_money_converts_between_yuan_and_wan() -> None:
    wan, yuan = parse_expression("10万元"), parse_expression("100000元")
    assert wan.base_value == yuan.base_value == 100000
    assert wan.dimension == yuan.dimension == "money"


@pytest.mark.parametrize(
    ("text", "op", "year", "month", "day"),
    [
        ("2024年10月", Op.eq, 2024, 10, None),
        ("12月底", Op.eq, None, 12, None),
        ("≤8月", Op.le, None, 8, None),
        ("2024年6月底(按年支付)", Op.eq, 2024, 6, None),
        ("2024年6月底之前", Op.le, 2024, 6, None),
        ("2024年12月31日", Op.eq, 2024, 12, 31),
        ("小于等于 6 月", Op.le, None, 6, None),
        ("2024-06-30", Op.eq, 2024, 6, 30),
    ],
)
def test_dates_and_deadlines(text: str, op: Op, year: int | None, month: int, day: int | None) -> None:
    e = parse_expression(text)
    assert e.kind is Kind.date
    assert (e.op, e.year, e.month, e.day) == (op, year, month, day)


def test_a_deadline_keeps_its_remark() -> None:
    assert parse_expression("2024年6月底(按年支付)").remark == "按年支付"


@pytest.mark.parametrize(
    ("text", "tier"),
    [
        ("有所提升", Tier.achieved), ("逐步提高", Tier.achieved), ("完成", Tier.achieved),
        ("全覆盖", Tier.achieved), ("优", Tier.achieved), ("全部实现", Tier.achieved),
        ("基本满意", Tier.basic), ("基本完成", Tier.basic), ("良", Tier.basic),
        ("部分完成", Tier.partial), ("未完成", Tier.failed), ("未达到预期", Tier.failed),
        ("差", Tier.failed), ("四级", None),
    ],
)
def test_qualitative_wording_sorted_into_tiers(text: str, tier: Tier | None) -> None:
    e = parse_expression(text)
    assert e.kind is Kind.qualitative
    assert e.tier is tier


def test_vague_wording_is_marked() -> None:
    assert parse_expression("逐步提高").vague
    assert parse_expression("完成").vague
    assert not parse_expression("正常运行并验收合格").vague


@pytest.mark.parametrize("text", ["#####", "……", "指标1", "指标 2："])
def test_artefacts_are_not_values(text: str) -> None:
    e = parse_expression(text)
    assert e.kind is Kind.artifact and e.reason


@pytest.mark.parametrize("text", ["460户/460户/434户", "2023年共计回访33884人，截至2022年12月签约30.71万人"])
def test_several_values_are_reported_not_guessed(text: str) -> None:
    e = parse_expression(text)
    assert e.kind is Kind.unreadable
    assert e.value is None and e.reason and e.reason_en


def test_a_number_inside_a_sentence_is_not_taken_as_the_target() -> None:
    assert parse_expression("提升374名乡医村卫生室诊疗服务能力").kind is Kind.qualitative


@pytest.mark.parametrize(("text", "kind"), [(None, Kind.empty), ("  ", Kind.empty),
                                            ("不涉及", Kind.not_applicable), ("无", Kind.not_applicable)])
def test_blank_and_not_applicable(text: str | None, kind: Kind) -> None:
    assert parse_expression(text).kind is kind


def test_a_bare_actual_inherits_the_target_unit() -> None:
    c = compare(parse_expression("≤70万元"), parse_expression("31.571968"))
    assert c.comparable and c.met and c.b == pytest.approx(31.571968)


def test_yuan_and_wan_compare_after_conversion() -> None:
    c = compare(parse_expression("≤10万元"), parse_expression("100000元"))
    assert c.comparable and c.met and c.b == pytest.approx(10)


@pytest.mark.parametrize(("a", "b"), [("374名", "100%"), ("1份", "2024年11月"), ("≥5人", "5小时")])
def test_incomparable_units_give_a_reason_not_a_ratio(a: str, b: str) -> None:
    c = compare(parse_expression(a), parse_expression(b))
    assert not c.comparable and c.reason and c.met is None


def test_rate_units_with_the_same_meaning_compare() -> None:
    assert compare(parse_expression("300元每人"), parse_expression("300元/人/年")).comparable
    assert not compare(parse_expression("5元/人"), parse_expression("5元/天")).comparable


def test_deadlines_are_met_on_or_before_the_date() -> None:
    assert compare(parse_expression("≤8月"), parse_expression("8月")).met
    assert not compare(parse_expression("2024年6月底"), parse_expression("2024年12月")).met
    assert compare(parse_expression("2024年12月31日"), parse_expression("2024年12月31日")).met


@given(st.one_of(st.none(), st.text(max_size=40)))
def test_parsing_never_raises(text: str | None) -> None:
    e = parse_expression(text)
    assert e.kind in Kind
