"""W: weights and the shape of the indicator table (rules.md §1.2, S9, S12, A20, A21)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from jixiao.checks.registry import Context, Hit, rule
from jixiao.expr import Kind, parse_expression
from jixiao.model import Severity


def _level1_sums(ctx: Context) -> dict[str, float]:
    sums: dict[str, float] = {}
    for r in ctx.rows():
        if r.level1 and r.weight is not None:
            sums[r.level1] = sums.get(r.level1, 0.0) + r.weight
    return sums


@rule("W001", "weight-sum", Severity.error,
      "分值合计不等于满分", "the weights do not add up to the full mark",
      "执行率分值{funds_weight}与各指标分值合计为{sum}，应为{expected}",
      "the execution weight {funds_weight} and the row weights add up to {sum}, not {expected}")
def weight_sum(ctx: Context) -> Iterator[Hit]:
    """执行率分值与全部三级指标分值之和应为满分（通常100）。

    The execution weight plus all row weights must equal the full mark (100).

    错误示例 / failing::

        {"funds": [10, 10, 10, 10, 1.0, 10],
         "rows": [["产出指标", "数量指标", "参与党员人数", "21", "21", 80, 80]]}

    正确示例 / passing::

        {"funds": [10, 10, 10, 10, 1.0, 10],
         "rows": [["产出指标", "数量指标", "参与党员人数", "21", "21", 90, 90]]}
    """
    if not any(i.weight is not None for i in ctx.form.indicators):
        return
    total = ctx.score.weight_sum
    if abs(total - ctx.profile.total_weight) > 1e-6:
        yield Hit("indicators", evidence=dict(
            sum=round(total, 4), expected=ctx.profile.total_weight,
            funds_weight=ctx.score.funds.weight))


@rule("W002", "label-weight", Severity.error,
      "一级指标标注分值与其下分值合计不符", "a level-1 label's weight differs from its rows",
      "“{label}”标注{printed}分，其下三级指标分值合计{sum}分",
      "{label!r} is labelled {printed} points but its rows carry {sum}")
def label_weight(ctx: Context) -> Iterator[Hit]:
    """一级指标标签中注明的分值（如“产出指标(50分)”）应等于其下三级指标分值之和。

    A weight printed in a level-1 label, e.g. 产出指标(50分), must equal the sum of its rows.

    错误示例 / failing::

        {"level1_weights": {"产出指标": 50},
         "rows": [["产出指标", "数量指标", "参与党员人数", "21", "21", 40, 40]]}

    正确示例 / passing::

        {"level1_weights": {"产出指标": 50},
         "rows": [["产出指标", "数量指标", "参与党员人数", "21", "21", 50, 50]]}
    """
    sums = _level1_sums(ctx)
    for label, printed in ctx.form.level1_weights.items():
        canon = ctx.profile.level1(label)
        got = sums.get(canon or label, 0.0)
        if abs(got - printed) > 1e-6:
            yield Hit(f"level1_weights.{label}", evidence=dict(label=label, printed=printed, sum=got))


@rule("W003", "missing-level1", Severity.warning,
      "缺少一级指标", "a level-1 block is missing",
      "表中没有“{label}”类指标", "the form has no {label!r} indicators")
def missing_level1(ctx: Context) -> Iterator[Hit]:
    """模板要求的一级指标（产出、效益/效果、满意度）都应设置；缺少满意度指标最常见。

    Every level-1 block of the template should be present; a missing 满意度指标 is the usual case.

    错误示例 / failing::

        {"rows": [["产出指标", "数量指标", "审计报告", "1份", "1份", 80, 80],
                  ["效益指标", "社会效益指标", "规范管理", "提高", "提高", 10, 10]]}

    正确示例 / passing::

        {"rows": [["产出指标", "数量指标", "审计报告", "1份", "1份", 70, 70],
                  ["效益指标", "社会效益指标", "规范管理", "提高", "提高", 10, 10],
                  ["满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 10, 10]]}
    """
    if not ctx.form.indicators:
        return
    present = {r.level1 for r in ctx.rows()}
    for level1 in ctx.profile.roles.required_level1:
        if level1 not in present:
            yield Hit("indicators", evidence=dict(label=ctx.profile.label(level1)))


@rule("W004", "weight-deviation", Severity.info,
      "一级指标分值偏离模板默认", "a level-1 weight departs from the template default",
      "“{label}”合计{sum}分，模板默认{default}分（相差{gap}分）",
      "{label!r} carries {sum} points; the template default is {default} (off by {gap})")
def weight_deviation(ctx: Context) -> Iterator[Hit]:
    """全国模板原则上为产出50、效益30、满意度10；特殊情况可调整，因此只作提示（偏离超过10分）。

    The national split is 50/30/10 in principle and may be adjusted, so a gap above 10 is info.

    错误示例 / failing::

        {"rows": [["产出指标", "数量指标", "审计报告", "1份", "1份", 80, 80]]}

    正确示例 / passing::

        {"rows": [["产出指标", "数量指标", "审计报告", "1份", "1份", 55, 55]]}
    """
    sums = _level1_sums(ctx)
    for level1, default in ctx.profile.level1_weights.items():
        if level1 in sums and abs(sums[level1] - default) > ctx.profile.thresholds.weight_deviation:
            yield Hit("indicators", evidence=dict(label=ctx.profile.label(level1), sum=sums[level1],
                                                  default=default, gap=abs(sums[level1] - default)))


@rule("W005", "duplicate-indicator", Severity.warning,
      "三级指标重复", "a duplicated indicator",
      "“{indicator}”在{level2}下出现{count}次", "{indicator!r} appears {count} times under {level2}")
def duplicate_indicator(ctx: Context) -> Iterator[Hit]:
    """同一二级指标下的同名三级指标会重复计分。

    The same indicator twice under one level-2 is scored twice.

    错误示例 / failing::

        {"rows": [["产出指标", "数量指标", "培训人数", "≥40人", "120人", 4, 4],
                  ["产出指标", "数量指标", "培训人数", "≥40人", "120人", 4, 4]]}

    正确示例 / passing::

        {"rows": [["产出指标", "数量指标", "培训人数", "≥40人", "120人", 4, 4],
                  ["产出指标", "数量指标", "培训时长", "≥100小时", "115小时", 4, 4]]}
    """
    counts: Counter[tuple[str | None, str | None, str | None]] = Counter(
        (r.level1, r.level2, r.indicator) for r in ctx.rows() if r.indicator)
    seen: set[tuple[str | None, str | None, str | None]] = set()
    for r in ctx.rows():
        key = (r.level1, r.level2, r.indicator)
        if r.indicator and counts[key] > 1 and key not in seen:
            seen.add(key)
            yield Hit(f"indicators[{r.index}].level3", evidence=dict(
                level2=r.level2 or "—", count=counts[key]))


@rule("W006", "unknown-level1", Severity.warning,
      "一级指标无法识别", "the level-1 cannot be recognised",
      "“{indicator}”的一级指标“{label}”不属于模板的一级指标", "{indicator!r}: level-1 {label!r} is not one of the template's")
def unknown_level1(ctx: Context) -> Iterator[Hit]:
    """一级指标缺失或不是模板认可的名称（也不能由二级指标推断），该行无法归类核对。

    A row whose level-1 is blank or unknown (and not implied by its level-2) cannot be classified.

    错误示例 / failing::

        {"rows": [["其他指标", "数量指标", "培训人数", "≥40人", "120人", 4, 4]]}

    正确示例 / passing::

        {"rows": [[null, "数量指标", "培训人数", "≥40人", "120人", 4, 4]]}
    """
    p = ctx.profile
    known = set(p.level1_weights) | set(p.roles.required_level1) | set(p.level2_parents.values())
    for r in ctx.rows():
        if r.weight is not None and r.level1 not in known:
            label = ctx.form.indicators[r.index].level1 or "空白"
            yield Hit(f"indicators[{r.index}].level1", evidence=dict(label=label))


@rule("W007", "placeholder-row", Severity.info,
      "模板占位行未删除", "a template placeholder row left in",
      "“{indicator}”是模板占位行（无指标值与分值），宜删除或填写",
      "{indicator!r} is a template placeholder (no target, no weight); delete or fill it")
def placeholder_row(ctx: Context) -> Iterator[Hit]:
    """“指标1：”之类的模板占位行既无指标值也无分值，说明该类指标没有设置。

    A placeholder such as 指标1 with no target and no weight: that block was never set.

    错误示例 / failing::

        {"rows": [["效益指标", "经济效益指标", "指标 1：", null, null, null, null]]}

    正确示例 / passing::

        {"rows": [["效益指标", "经济效益指标", "降低成本", "≤10万元", "8万元", 10, 10]]}
    """
    for i, ind in enumerate(ctx.form.indicators):
        if ind.weight is None and parse_expression(ind.level3).kind is Kind.artifact:
            yield Hit(f"indicators[{i}].level3")
