"""T: the targets (年度指标值) — missing, unreadable, vague, loose or rewritten (rules.md A9, A12–A19)."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks.registry import Context, Hit, rule
from jixiao.checks.rules._util import CEILING_OPS, amount, is_cost, is_quantity, is_satisfaction
from jixiao.expr import Kind, Op
from jixiao.model import Severity
from jixiao.scoring import Method


@rule("T001", "target-missing", Severity.error,
      "缺少年度指标值", "no target",
      "“{indicator}”没有年度指标值，无法评价完成情况", "{indicator!r} has no target to judge it by")
def target_missing(ctx: Context) -> Iterator[Hit]:
    """有分值的指标必须有年度指标值（年初设定的目标），否则自评无据。

    A weighted row needs its year-start target; without it the self-score has no basis.

    错误示例 / failing::

        {"rows": [["产出指标", "数量指标", "参与党员人数", null, "21", 15, 15]]}

    正确示例 / passing::

        {"rows": [["产出指标", "数量指标", "参与党员人数", "21", "21", 15, 15]]}
    """
    for r in ctx.rows():
        if r.weight is not None and r.target.kind is Kind.empty:
            yield Hit(f"indicators[{r.index}].target")


@rule("T002", "target-unreadable", Severity.warning,
      "年度指标值无法识别", "the target cannot be read",
      "“{indicator}”的年度指标值“{target}”无法识别：{reason}",
      "{indicator!r}: the target {target!r} cannot be read: {reason_en}")
def target_unreadable(ctx: Context) -> Iterator[Hit]:
    """一个单元格里写了几个数值等情况，程序不猜测，报告出来由人判断。

    A target with several values (or otherwise unreadable) is reported, never guessed.

    错误示例 / failing::

        {"rows": [["产出指标", "数量指标", "三节慰问户数", "460户/460户/434户", "460户", 3, 3]]}

    正确示例 / passing::

        {"rows": [["产出指标", "数量指标", "三节慰问户数", "≤460户", "460户", 3, 3]]}
    """
    for r in ctx.rows():
        if r.target.kind is Kind.unreadable:
            yield Hit(f"indicators[{r.index}].target", evidence=dict(
                target=r.target.raw, reason=r.target.reason, reason_en=r.target.reason_en))


@rule("T003", "vague-target", Severity.warning,
      "指标值模糊，无法衡量", "a vague target that cannot be measured",
      "“{indicator}”的年度指标值“{target}”没有可衡量的标准（宜量化或写明分级标准）",
      "{indicator!r}: the target {target!r} sets nothing measurable (quantify it or state levels)")
def vague_target(ctx: Context) -> Iterator[Hit]:
    """“逐步提高”“有所提升”“完成”“优”之类且不含数字的指标值无法检验，任何结果都能算达成。

    Targets such as 逐步提高 / 有所提升 / 完成 / 优 with no number cannot fail.

    错误示例 / failing::

        {"rows": [["效益指标", "社会效益指标", "就医获得感", "有所提升", "有所提升", 5, 5]]}

    正确示例 / passing::

        {"rows": [["效益指标", "社会效益指标", "家庭医生签约率", "≥35%", "36%", 5, 5]]}
    """
    for r in ctx.rows():
        if r.target.kind is Kind.qualitative and r.target.vague:
            yield Hit(f"indicators[{r.index}].target", evidence=dict(target=r.target.raw))


@rule("T004", "reverse-on-quantity", Severity.warning,
      "数量指标使用“≤”", "a ceiling (≤) on an output quantity",
      "数量指标“{indicator}”的目标为“{target}”：上限式目标下，少做甚至不做也算达成",
      "quantity {indicator!r} has the ceiling {target!r}: delivering less, even nothing, counts as met")
def reverse_on_quantity(ctx: Context) -> Iterator[Hit]:
    """产出数量越多越好，应写“≥”；写成“≤”后实际为0也能得满分。

    Output quantities are more-is-better (≥); with ≤ a zero output still scores in full.

    错误示例 / failing::

        {"rows": [["产出指标", "数量指标", "暖心服务包户数", "≤290户", "0", 3, 3]]}

    正确示例 / passing::

        {"rows": [["产出指标", "数量指标", "暖心服务包户数", "≥290户", "290户", 3, 3]]}
    """
    for r in ctx.rows():
        if is_quantity(ctx, r) and r.target.op_explicit and r.target.op in CEILING_OPS:
            yield Hit(f"indicators[{r.index}].target", evidence=dict(target=r.target.raw))


@rule("T005", "cost-ceiling-loose", Severity.warning,
      "成本上限远高于实际", "a cost ceiling far above reality",
      "成本指标“{indicator}”上限{target}，实际仅{actual}（{share}），上限形同虚设",
      "cost {indicator!r}: ceiling {target}, actual {actual} ({share}); the ceiling constrains nothing")
def cost_ceiling_loose(ctx: Context) -> Iterator[Hit]:
    """成本上限的实际值不到上限的 ``cost_loose_ratio``（默认50%）：目标定得过宽，或相关产出没有完成。

    A cost below half its ceiling: the ceiling was loose, or the work it pays for was not done.

    错误示例 / failing::

        {"rows": [["产出指标", "成本指标", "租金补助及相关工作", "≤1105.95万元", "40.9834万元", 5, 5]]}

    正确示例 / passing::

        {"rows": [["产出指标", "成本指标", "三节慰问费用", "≤41.4万元", "27.6万元", 4, 4]]}
    """
    ratio = ctx.profile.thresholds.cost_loose_ratio
    for r in ctx.rows():
        if (is_cost(ctx, r) and r.op in CEILING_OPS and r.a and r.b is not None and r.b > 0
                and r.b / r.a < ratio):
            yield Hit(f"indicators[{r.index}].target", evidence=dict(
                target=r.target.raw, actual=r.actual.raw, share=f"{r.b / r.a * 100:.0f}%"))


@rule("T006", "cost-targets-exceed-budget", Severity.error,
      "成本上限合计超过预算", "the cost ceilings add up to more than the budget",
      "成本指标上限合计{sum}{unit}，超过全年预算数{budget}{unit}的{factor}倍（{rows}）",
      "the cost ceilings add up to {sum} {unit}, more than {factor} × the full-year budget {budget} {unit} ({rows})")
def cost_targets_exceed_budget(ctx: Context) -> Iterator[Hit]:
    """金额型成本指标（不含“元/人”等单价）的上限合计（折算为资金单位）超过全年预算数的
    ``cost_budget_factor``（默认1.1）倍：上限与预算脱节，不起约束作用。

    Money cost ceilings (unit prices excluded), summed in the funds unit, above 1.1 × the budget.

    错误示例 / failing::

        {"funds": [52.8, 207.8334, 207.8334, 10, 1.0, 10],
         "rows": [["产出指标", "成本指标", "生均定额补助", "≤363.6万元", "166.85万元", 5, 5],
                  ["产出指标", "成本指标", "租金补助", "≤1105.95万元", "40.9834万元", 5, 5]]}

    正确示例 / passing::

        {"funds": [5, 5, 5, 10, 1.0, 10],
         "rows": [["产出指标", "成本指标", "宣传节目制作", "≤2.9万元", "2.9万元", 5, 5],
                  ["产出指标", "成本指标", "病媒生物监测成本", "≤2.1万元", "2.1万元", 5, 5]]}
    """
    budget = ctx.form.funds.total.adjusted
    if not budget or budget <= 0:
        return
    parts = []
    for r in ctx.rows():
        value = amount(ctx, r.target)
        if is_cost(ctx, r) and value is not None and r.op in (*CEILING_OPS, Op.eq):
            parts.append((r, value))
    total = sum(v for _, v in parts)
    factor = ctx.profile.thresholds.cost_budget_factor
    if parts and total > factor * budget:
        listed = "、".join(f"{r.indicator} {r.target.raw}" for r, _ in parts)
        yield Hit("indicators", evidence=dict(sum=round(total, 4), budget=budget, factor=factor,
                                              rows=listed, unit=ctx.form.funds.unit or "万元"))


@rule("T007", "target-equals-spend", Severity.error,
      "成本目标等于实际支出而非预算", "a cost target equal to spending, not to the budget",
      "成本指标“{indicator}”目标{target}恰等于全年执行数{executed}{unit}，而全年预算数为{budget}{unit}：目标疑为按支出倒填",
      "cost {indicator!r}: the target {target} equals spending {executed} {unit} while the budget is "
      "{budget} {unit}: the target looks written after the fact")
def target_equals_spend(ctx: Context) -> Iterator[Hit]:
    """成本目标应在年初按预算设定；与全年执行数完全相等、而预算与执行相差超过5%，说明目标是事后按支出改写的。

    A cost target equal to the year's spending while budget and spending differ by more than 5 %:
    the target was rewritten to match what was spent.

    错误示例 / failing::

        {"funds": [4000, 4000, 1945.33, 10, 0.49, 4.9],
         "rows": [["产出指标", "成本指标", "项目资金", "1945.33万元", "1945.33万元", 5, 5]]}

    正确示例 / passing::

        {"funds": [4000, 4000, 1945.33, 10, 0.49, 4.9],
         "rows": [["产出指标", "成本指标", "项目资金", "≤4000万元", "1945.33万元", 5, 5]]}
    """
    f = ctx.form.funds.total
    t = ctx.profile.thresholds
    if not f.adjusted or f.executed is None or abs(f.adjusted - f.executed) <= t.spend_gap * f.adjusted:
        return
    for r in ctx.rows():
        value = amount(ctx, r.target)
        if is_cost(ctx, r) and value is not None and abs(value - f.executed) <= t.spend_match_tolerance:
            yield Hit(f"indicators[{r.index}].target", evidence=dict(
                target=r.target.raw, executed=f.executed, budget=f.adjusted,
                unit=ctx.form.funds.unit or "万元"))


@rule("T008", "input-as-output", Severity.warning,
      "以资金投入作为产出数量", "money used as an output quantity",
      "数量指标“{indicator}”的目标“{target}”是资金金额，反映投入而非产出",
      "quantity {indicator!r} has the target {target!r}: an amount of money is an input, not an output")
def input_as_output(ctx: Context) -> Iterator[Hit]:
    """数量指标应衡量提供了多少产品或服务；以元、万元或“资金/经费/预算”为数量指标是把投入当产出。

    Quantity indicators count what was delivered; money (元, 万元, 资金, 经费) is an input.

    错误示例 / failing::

        {"rows": [["产出指标", "数量指标", "工程资金金额", "43.2万元", "37.24万元", 10, 8]]}

    正确示例 / passing::

        {"rows": [["产出指标", "数量指标", "改造村卫生室数量", "≥43个", "43个", 10, 10]]}
    """
    words = ("资金", "经费", "预算", "金额")
    for r in ctx.rows():
        if not is_quantity(ctx, r):
            continue
        money = r.target.dimension == "money" and not r.target.per
        if money or any(w in (r.indicator or "") for w in words):
            yield Hit(f"indicators[{r.index}].target", evidence=dict(target=r.target.raw))


@rule("T009", "satisfaction-target", Severity.warning,
      "满意度指标值不是百分比", "a satisfaction target that is not a percentage",
      "满意度指标“{indicator}”的目标“{target}”不是满意度百分比，无法按调查结果评价",
      "satisfaction {indicator!r} has the target {target!r}, not a percentage a survey can check")
def satisfaction_target(ctx: Context) -> Iterator[Hit]:
    """服务对象满意度应以调查得到的百分比设定目标（如 ≥90%）。

    Satisfaction targets are survey percentages such as ≥90%.

    错误示例 / failing::

        {"rows": [["满意度指标", "服务对象满意度指标", "村卫生室医务人员满意度", "提升乡村医生就医的获得感", "100%", 10, 10]]}

    正确示例 / passing::

        {"rows": [["满意度指标", "服务对象满意度指标", "村卫生室医务人员满意度", "≥90%", "100%", 10, 10]]}
    """
    for r in ctx.rows():
        if is_satisfaction(ctx, r) and r.target.kind is not Kind.empty and r.target.dimension != "percent":
            yield Hit(f"indicators[{r.index}].target", evidence=dict(target=r.target.raw))


@rule("T010", "target-too-low", Severity.warning,
      "大幅超额完成且未说明", "far above target with no explanation",
      "“{indicator}”实际{actual}为目标{target}的{ratio}，超额{over}以上却未说明原因，年初目标可能定得过低",
      "{indicator!r}: the actual {actual} is {ratio} of the target {target}, more than {over} above, "
      "with no explanation; the target may have been set too low")
def target_too_low(ctx: Context) -> Iterator[Hit]:
    """正向指标实际值超过目标 ``over_achievement``（默认20%）以上，应分析原因（偏离度）；不自动扣分。

    More than 20 % above a ≥ target needs an explanation (the target may be too low); no automatic
    deduction.

    错误示例 / failing::

        {"rows": [["产出指标", "数量指标", "培训人数", "≥40人", "120人", 4, 4]]}

    正确示例 / passing::

        {"rows": [["产出指标", "数量指标", "农村部分计划生育家庭奖励扶助人数", "19660人", "20776人", 10, 9, "年度指标值为预算人数"]]}
    """
    over = ctx.profile.thresholds.over_achievement
    for r in ctx.rows():
        if (r.method in (Method.ratio, Method.exact) and r.a and r.a > 0 and r.b is not None
                and r.b / r.a > 1 + over and not ctx.deviation(r)):
            yield Hit(f"indicators[{r.index}].actual", evidence=dict(
                actual=r.actual.raw, target=r.target.raw, ratio=f"{r.b / r.a * 100:.0f}%",
                over=f"{over * 100:.0f}%", a=r.a, b=r.b))
