"""Recomputed scores: the funds score, the formulas, tiers, totals and grades, with explanations."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.checks.fragment import form_from_fragment
from jixiao.expr import Tier
from jixiao.model import Funds, FundsRow, Indicator
from jixiao.profile import (
    ProfileError,
    choose_profile,
    load_config,
    load_profile,
    packaged_profiles,
)
from jixiao.scoring import Method, Status, score_form, score_funds, score_row

NATIONAL = load_profile("national")


def row(target: str | None, actual: str | None, w: float | None, s: float | None,
        level2: str = "数量指标", level1: str = "产出指标") -> Indicator:
    return Indicator(level1=level1, level2=level2, level3="x", target=target, actual=actual,
                     weight=w, score=s)


@pytest.mark.parametrize(
    ("budget", "spent", "rate", "expected", "printed"),
    [(4507.55, 4104.267, 0.9105, 9.105, 9.1), (6097.4015, 5612.688, 0.9205, 9.205, 9.2),
     (4000, 1945.33, 0.4863, 4.863, 4.9), (100, 120, 1.2, 10, 10)],
)
def test_execution_score_uses_the_full_year_budget_and_caps_at_the_weight(
    budget: float, spent: float, rate: float, expected: float, printed: float
) -> None:
    funds = Funds(total=FundsRow(initial=1, adjusted=budget, executed=spent), weight=10, score=printed)
    f = score_funds(funds, NATIONAL)
    assert f.rate == pytest.approx(rate, abs=1e-4)
    assert f.expected == pytest.approx(expected, abs=1e-3)
    assert f.status is Status.ok
    assert str(budget).rstrip("0").rstrip(".") in f.explanation


def test_adjusted_budget_not_initial_is_the_denominator() -> None:
    funds = Funds(total=FundsRow(initial=150, adjusted=20.03, executed=20.03), weight=10, score=10)
    assert score_funds(funds, NATIONAL).rate == pytest.approx(1.0)


def test_no_budget_means_no_rate() -> None:
    f = score_funds(Funds(total=FundsRow(adjusted=0, executed=5), weight=10, score=10), NATIONAL)
    assert f.rate is None and f.status is Status.unscorable


def test_positive_ratio_when_not_met() -> None:
    r = score_row(0, row("80人", "66人", 5, 4), NATIONAL)
    assert r.method is Method.exact and r.expected == pytest.approx(4.125)
    assert r.status is Status.ok  # 4 is within the rounding tolerance
    assert "5 × 66/80" in r.explanation and "5 × 66/80" in r.explanation_en


def test_positive_ratio_flags_a_score_below_the_formula() -> None:
    r = score_row(0, row("≥1642 人次", "1556 人次", 15, 13), NATIONAL)
    assert r.method is Method.ratio and r.expected == pytest.approx(14.214, abs=1e-3)
    assert r.status is Status.below


def test_reverse_ratio_on_a_cost_overrun_and_bare_cost_is_a_ceiling() -> None:
    r = score_row(0, row("4100万元", "4104.267万元", 5, 4.5, level2="成本指标"), NATIONAL)
    assert r.method is Method.reverse_ratio
    assert r.expected == pytest.approx(5 * 4100 / 4104.267)
    assert r.status is Status.ok  # 4.5 is 0.49 below 4.99: within the 0.5 tolerance


def test_reverse_met_scores_full_even_at_zero() -> None:
    r = score_row(0, row("≤290户", "0", 3, 3), NATIONAL)
    assert (r.method, r.expected, r.met) == (Method.reverse_ratio, 3, True)


def test_exact_above_target_is_full_and_met() -> None:
    r = score_row(0, row("19660人", "20776人", 10, 9), NATIONAL)
    assert r.expected == 10 and r.met and r.status is Status.below


def test_score_above_the_formula_is_marked() -> None:
    r = score_row(0, row("≥100人", "50人", 10, 10), NATIONAL)
    assert r.expected == pytest.approx(5) and r.status is Status.above


def test_partly_achieved_spans_tiers_two_and_three() -> None:
    r = score_row(0, row("完成", "部分完成", 5, 2.5), NATIONAL)
    assert r.method is Method.qualitative and r.tier is Tier.partial
    assert (r.low, r.high) == (0, 4) and r.status is Status.ok


def test_basic_tier_and_hubei_floor() -> None:
    r = score_row(0, row("≥90%", "基本满意", 10, 10, level2="服务对象满意度指标", level1="满意度指标"),
                  NATIONAL)
    assert r.fallback and (r.low, r.high) == (6, 8) and r.status is Status.above
    hubei = score_row(0, row("完成", "基本完成", 10, 5), load_profile("twenty-point"))
    assert (hubei.low, hubei.high) == (5, 8)


def test_actual_copying_the_target_is_tier_one() -> None:
    r = score_row(0, row("逐步提升", "逐步提升", 5, 5, level2="社会效益"), NATIONAL)
    assert r.tier is Tier.achieved and (r.low, r.high) == (4, 5)


def test_deadline_met_and_missed() -> None:
    met = score_row(0, row("2024年12月31日", "2024年12月31日", 5, 3, level2="时效指标"), NATIONAL, 2024)
    assert met.method is Method.deadline and met.expected == 5 and met.status is Status.below
    late = score_row(0, row("2024年6月底(按年支付)", "2024年12月", 5, 5, level2="时效指标"), NATIONAL)
    assert late.met is False and late.high == 4 and late.status is Status.above


def test_unreadable_and_incomparable_rows_say_why() -> None:
    r = score_row(0, row("374名", "100%", 10, 10), NATIONAL)
    assert r.method is Method.unscorable and "单位" in (r.reason or "")
    r = score_row(0, row("2024年6月底之前", "#####", 20, 20, level2="时效指标"), NATIONAL)
    assert r.method is Method.unscorable and r.reason


def test_not_applicable_rows_are_excluded() -> None:
    r = score_row(0, row("不涉及", None, None, None), NATIONAL)
    assert r.method is Method.not_applicable


def test_totals_and_grade() -> None:
    form = form_from_fragment({
        "funds": [4000, 4000, 1945.33, 10, 0.49, 4.9], "total_score": 87.4,
        "rows": [["产出指标", "数量指标", "a", "完成", "部分完成", 25, 17.5, "x"],
                 ["效果指标", "社会效益", "b", "逐步提升", "逐步提升", 45, 45],
                 ["满意度指标", "服务对象满意度指标", "c", "≥90%", "90%", 20, 20]]})
    s = score_form(form, load_profile("beijing-2024"))
    assert s.printed_sum == pytest.approx(87.4) and s.weight_sum == 100
    assert s.grade_of_printed_total == "良"
    assert s.recomputed_low <= s.recomputed_total <= s.recomputed_high


@pytest.mark.parametrize(("total", "grade"), [(95.2, "优"), (90, "优"), (89.99, "良"), (80, "良"),
                                              (79.9, "中"), (60, "中"), (59.9, "差")])
def test_grade_bands(total: float, grade: str) -> None:
    assert NATIONAL.grade(total) == grade


def test_every_packaged_profile_loads() -> None:
    names = packaged_profiles()
    assert {"national", "beijing-2023", "beijing-2024", "twenty-point", "sichuan"} <= set(names)
    for name in names:
        assert load_profile(name).name == name


def test_profiles_extend_and_override() -> None:
    twenty = load_profile("twenty-point")
    assert twenty.funds_weight == 20 and twenty.tiers.basic_floor == 0.5
    assert twenty.level1_weights == {}  # replaced, not merged
    assert load_profile("beijing-2024").level1("效果指标") == "效益指标"
    assert load_profile("national", {"thresholds": {"score_tolerance": 0.2}}).thresholds.score_tolerance == 0.2


def test_a_bad_profile_names_the_file_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "mine.toml"
    bad.write_text('name = "mine"\nextends = "national"\n[thresholds]\nscore_tolerence = 1\n', "utf-8")
    with pytest.raises(ProfileError) as err:
        load_profile(bad)
    assert "mine.toml" in str(err.value) and "thresholds.score_tolerence" in str(err.value)
    assert "模板配置有误" in str(err.value) and "invalid profile" in str(err.value)
    with pytest.raises(ProfileError, match="unknown profile"):
        load_profile("nowhere")


def test_a_user_profile_file_can_be_added(tmp_path: Path) -> None:
    mine = tmp_path / "hubei.toml"
    mine.write_text('name = "hubei"\nextends = "national"\n[tiers]\nbasic_floor = 0.5\n', "utf-8")
    assert load_profile(mine).tiers.basic_floor == 0.5


def test_config_overrides_thresholds_and_rejects_typos(tmp_path: Path) -> None:
    cfg = tmp_path / "jixiao.toml"
    cfg.write_text('profile = "national"\nignore = ["A009"]\n[thresholds]\nover_achievement = 0.5\n', "utf-8")
    config = load_config(cfg)
    assert config.ignore == ["A009"] and config.overrides == {"thresholds": {"over_achievement": 0.5}}
    cfg.write_text("[thresholds]\nover_achievment = 0.5\n", "utf-8")
    with pytest.raises(ProfileError, match="over_achievment"):
        load_config(cfg)


def test_profile_is_chosen_from_the_form() -> None:
    assert choose_profile(form_from_fragment({"funds": [1, 1, 1, 20, 1.0, 20]})).name == "twenty-point"
    effect = form_from_fragment({"rows": [["效果指标", "社会效益", "a", "提高", "提高", 5, 5]]})
    assert choose_profile(effect).name == "beijing-2024"
    assert choose_profile(form_from_fragment({"department": "北京市丰台区卫生健康委员会"})).name == "beijing-2023"
    assert choose_profile(form_from_fragment({})).name == "national"
