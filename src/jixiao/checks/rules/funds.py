"""F: the funds block (项目资金) and the execution-rate score (rules.md §1.3, S1–S2, A3–A6)."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks.registry import Context, Hit, rule
from jixiao.model import FundsRow, Severity

_COLUMNS = {"initial": ("年初预算数", "initial budget"), "adjusted": ("全年预算数", "full-year budget"),
            "executed": ("全年执行数", "spending")}
_ROWS = {"total": "年度资金总额", "current": "当年财政拨款", "carryover": "上年结转资金",
         "other": "其他资金"}


def _rows(ctx: Context) -> Iterator[tuple[str, str, FundsRow]]:
    funds = ctx.form.funds
    for key, label in _ROWS.items():
        yield f"funds.{key}", label, getattr(funds, key)
    for label, row in funds.extra.items():
        yield f"funds.extra.{label}", label, row


@rule("F001", "funds-sum", Severity.error,
      "年度资金总额与各分项之和不符", "the funds total differs from the sum of its rows",
      "年度资金总额的{column}为{total}，但当年财政拨款、上年结转资金、其他资金合计为{parts}，相差{gap}",
      "{column_en} of the funds total is {total} but its rows add up to {parts} (off by {gap})")
def funds_sum(ctx: Context) -> Iterator[Hit]:
    """年度资金总额应等于其中各项（当年财政拨款 + 上年结转资金 + 其他资金 + 其他分项）之和，逐列核对。
    空白的分项按0计；各分项都空白时不核对。

    The funds total must equal the sum of its sub-rows, column by column (blank counts as 0).

    错误示例 / failing::

        {"funds": {"total": {"initial": 0, "adjusted": 0, "executed": 0},
                   "current": {"initial": 90, "adjusted": 89.974, "executed": 89.974}}}

    正确示例 / passing::

        {"funds": {"total": {"initial": 5438.4998, "adjusted": 6097.4015, "executed": 5612.688},
                   "current": {"initial": 4192.1976, "adjusted": 4851.0993, "executed": 4623.0993},
                   "carryover": {"initial": 1246.3022, "adjusted": 1246.3022, "executed": 989.5887}}}
    """
    funds = ctx.form.funds
    parts = [funds.current, funds.carryover, funds.other, *funds.extra.values()]
    for col, (zh, en) in _COLUMNS.items():
        values = [getattr(p, col) for p in parts if getattr(p, col) is not None]
        total = getattr(funds.total, col)
        if not values or total is None:
            continue
        s = sum(values)
        if abs(total - s) > ctx.profile.thresholds.funds_sum_tolerance:
            yield Hit(f"funds.total.{col}", evidence=dict(
                column=zh, column_en=en, total=total, parts=round(s, 6), gap=round(abs(total - s), 6)))


@rule("F002", "funds-no-budget", Severity.error,
      "全年预算数缺失或为0，无法计算执行率", "no full-year budget: the execution rate is undefined",
      "年度资金总额的全年预算数为{budget}、全年执行数为{executed}，执行率无法计算",
      "the full-year budget is {budget} and spending {executed}: no execution rate can be computed")
def funds_no_budget(ctx: Context) -> Iterator[Hit]:
    """执行率 = 全年执行数 ÷ 全年预算数；全年预算数缺失或为0时执行率没有意义，得分无从核对。

    The execution rate divides spending by the full-year budget; without a budget it is undefined.

    错误示例 / failing::

        {"funds": [0, 0, 0.2, 10, 1.0, 10]}

    正确示例 / passing::

        {"funds": [0, 0.216, 0.216, 10, 1.0, 10]}
    """
    total = ctx.form.funds.total
    if ctx.score.funds.rate is None:
        yield Hit("funds.total.adjusted", evidence=dict(
            budget=total.adjusted if total.adjusted is not None else "空白",
            executed=total.executed if total.executed is not None else "空白"))


@rule("F003", "funds-score-wrong", Severity.error,
      "执行率得分与公式不符", "the execution-rate score does not match the formula",
      "执行率得分填报{printed}，按“执行率×分值”应为{expected}（{explanation}）",
      "the execution score is {printed}; rate × weight gives {expected} ({explanation_en})")
def funds_score_wrong(ctx: Context) -> Iterator[Hit]:
    """执行率得分 = min(全年执行数 ÷ 全年预算数, 1) × 分值（全年预算数为调整后预算，不是年初预算数）。
    相差超过 ``funds_score_error``（默认0.5分）为错误。

    The execution score is min(B_f / A_f, 1) × W_f; a gap above ``funds_score_error`` is an error.

    错误示例 / failing::

        {"funds": [150, 150, 20.03, 10, 1.0, 10]}

    正确示例 / passing::

        {"funds": [4507.55, 4507.55, 4104.267, 10, 0.91, 9.1]}
    """
    f = ctx.score.funds
    if f.expected is None or f.printed is None:
        return
    if abs(f.printed - f.expected) > ctx.profile.thresholds.funds_score_error:
        yield Hit("funds.score", evidence=dict(
            printed=f.printed, expected=round(f.expected, 2), rate=round(f.rate or 0, 4),
            explanation=f.explanation, explanation_en=f.explanation_en))


@rule("F004", "funds-score-rounding", Severity.warning,
      "执行率得分与公式略有出入", "the execution-rate score is slightly off the formula",
      "执行率得分填报{printed}，按公式为{expected}，差{gap}分（超出舍入误差）",
      "the execution score is {printed}; the formula gives {expected} (off by {gap}, more than rounding)")
def funds_score_rounding(ctx: Context) -> Iterator[Hit]:
    """得分与公式相差超过 ``funds_score_rounding``（0.05分）但不超过 ``funds_score_error``（0.5分）：
    多为取整方式不同（91.05% 记 9.1 属正常），请核对。

    A gap between rounding (0.05) and error (0.5): usually a different rounding; worth a look.

    错误示例 / failing::

        {"funds": [80, 80, 31.571968, 10, 0.39, 4.2]}

    正确示例 / passing::

        {"funds": [80, 80, 31.571968, 10, 0.39, 3.9]}
    """
    f = ctx.score.funds
    if f.expected is None or f.printed is None:
        return
    gap = abs(f.printed - f.expected)
    t = ctx.profile.thresholds
    if t.funds_score_rounding < gap <= t.funds_score_error:
        yield Hit("funds.score", evidence=dict(
            printed=f.printed, expected=round(f.expected, 2), gap=round(gap, 2)))


@rule("F005", "funds-rate-printed", Severity.error,
      "填报的执行率与 全年执行数÷全年预算数 不符", "the printed rate differs from spending / budget",
      "{row}填报执行率{printed}，按{executed}÷{budget}应为{computed}",
      "{row}: the printed rate is {printed}; {executed} / {budget} = {computed}")
def funds_rate_printed(ctx: Context) -> Iterator[Hit]:
    """每一行填报的执行率应等于该行 全年执行数 ÷ 全年预算数，允许 ``rate_tolerance``（0.5个百分点）的舍入。

    Each printed rate must equal that row's spending / full-year budget within 0.5 points.

    错误示例 / failing::

        {"funds": [150, 150, 20.03, 10, 1.0, 1.3]}

    正确示例 / passing::

        {"funds": [150, 20.03, 20.03, 10, 1.0, 10]}
    """
    tol = ctx.profile.thresholds.rate_tolerance + 1e-9
    for path, label, row in _rows(ctx):
        printed = row.rate
        if path == "funds.total" and ctx.form.funds.rate is not None:
            printed = ctx.form.funds.rate
        if printed is None or not row.adjusted or row.executed is None or row.adjusted <= 0:
            continue
        computed = row.executed / row.adjusted
        if abs(printed - computed) > tol:
            yield Hit(f"{path}.rate" if path != "funds.total" else "funds.rate", evidence=dict(
                row=label, printed=f"{round(printed * 100, 2):g}%",
                computed=f"{round(computed * 100, 2):g}%", executed=row.executed,
                budget=row.adjusted))


@rule("F006", "over-execution", Severity.warning,
      "全年执行数超过全年预算数", "spending exceeds the full-year budget",
      "全年执行数{executed}超过全年预算数{budget}（执行率{rate}），请核实是否超预算支出",
      "spending {executed} exceeds the full-year budget {budget} (rate {rate}); check for overspending")
def over_execution(ctx: Context) -> Iterator[Hit]:
    """执行数超过预算数时得分仍以分值为上限，但超预算支出本身需要说明。

    Spending above the budget: the score stays capped, but the overspend needs explaining.

    错误示例 / failing::

        {"funds": [100, 100, 120, 10, 1.2, 10]}

    正确示例 / passing::

        {"funds": [100, 100, 100, 10, 1.0, 10]}
    """
    f = ctx.score.funds
    if f.budget and f.executed is not None and f.executed > f.budget * (1 + 1e-9):
        yield Hit("funds.total.executed", evidence=dict(
            executed=f.executed, budget=f.budget, rate=f"{round((f.rate or 0) * 100, 1):g}%"))


@rule("F007", "budget-adjusted", Severity.warning,
      "年中预算调整幅度大", "large mid-year budget change",
      "全年预算数由年初{initial}调整为{adjusted}（{change}），按年初预算计执行率为{rate_vs_initial}；{concern}",
      "the budget moved from {initial} to {adjusted} ({change}); against the initial budget the rate "
      "is {rate_vs_initial}; {concern_en}")
def budget_adjusted(ctx: Context) -> Iterator[Hit]:
    """|全年预算数 − 年初预算数| ÷ 年初预算数 超过 ``budget_change``（默认50%）时提示，并给出按年初预算计算的执行率。

    A budget changed by more than ``budget_change`` (50 %) of the initial one; the rate against the
    initial budget is shown as evidence.

    错误示例 / failing::

        {"funds": [150, 20.03, 20.03, 10, 1.0, 10]}

    正确示例 / passing::

        {"funds": [5438.4998, 6097.4015, 5612.688, 10, 0.921, 9.2]}
    """
    total = ctx.form.funds.total
    init, adj, spent = total.initial, total.adjusted, total.executed
    if not init or adj is None or init <= 0:
        return
    change = (adj - init) / init
    if abs(change) > ctx.profile.thresholds.budget_change:
        yield Hit("funds.total.adjusted", evidence=dict(
            initial=init, adjusted=adj, change=f"{change * 100:+.0f}%",
            rate_vs_initial="—" if spent is None else f"{spent / init * 100:.1f}%",
            concern="大幅调减预算可能掩盖执行不足" if change < 0 else "年初绩效目标是否随预算追加相应调整请核实",
            concern_en="a large cut can hide under-execution" if change < 0
            else "check that the targets grew with the budget"))


@rule("F008", "funds-weight-profile", Severity.warning,
      "执行率分值与模板不符", "the execution-rate weight differs from the template",
      "执行率分值为{weight}，模板“{profile}”规定为{expected}",
      "the execution-rate weight is {weight}; template {profile} sets {expected}")
def funds_weight_profile(ctx: Context) -> Iterator[Hit]:
    """预算执行率的分值由模板决定（全国模板10分，20分模板20分）。

    The execution-rate weight is fixed by the template (10 nationally, 20 in the 20-point template).

    错误示例 / failing::

        {"funds": [10, 10, 10, 15, 1.0, 15]}

    正确示例 / passing::

        {"funds": [10, 10, 10, 10, 1.0, 10]}
    """
    w = ctx.form.funds.weight
    if w is not None and abs(w - ctx.profile.funds_weight) > 1e-9:
        yield Hit("funds.weight", evidence=dict(
            weight=w, expected=ctx.profile.funds_weight, profile=ctx.profile.name))


@rule("F009", "funds-score-missing", Severity.error,
      "执行率得分缺失", "the execution-rate score is missing",
      "年度资金总额行没有填报执行率得分（分值{weight}）",
      "the funds total row has no execution score (weight {weight})")
def funds_score_missing(ctx: Context) -> Iterator[Hit]:
    """填报了预算或分值，却没有执行率得分：总分无从核对。

    A budget or weight is printed but no execution score: the total cannot be checked.

    错误示例 / failing::

        {"funds": [10, 10, 10, 10, 1.0, null]}

    正确示例 / passing::

        {"funds": [10, 10, 10, 10, 1.0, 10]}
    """
    funds = ctx.form.funds
    if funds.score is None and (funds.weight is not None or funds.total.adjusted is not None):
        yield Hit("funds.score", evidence=dict(
            weight=funds.weight if funds.weight is not None else ctx.profile.funds_weight))


@rule("F010", "funded-mid-year", Severity.info,
      "年初预算为0，项目年中追加", "no initial budget: the project was funded mid-year",
      "年初预算数为0，全年预算数为{adjusted}：项目为年中追加，年初绩效目标是否随之设定请核实",
      "the initial budget is 0 and the full-year budget {adjusted}: a mid-year project; check "
      "when its targets were set")
def funded_mid_year(ctx: Context) -> Iterator[Hit]:
    """年初预算为0、全年预算大于0：年中追加的项目，目标往往是事后填写的。

    No initial budget but a full-year one: targets of mid-year projects are often written afterwards.

    错误示例 / failing::

        {"funds": [0, 16.92, 16.92, 10, 1.0, 10]}

    正确示例 / passing::

        {"funds": [16.92, 16.92, 16.92, 10, 1.0, 10]}
    """
    total = ctx.form.funds.total
    if total.initial == 0 and total.adjusted and total.adjusted > 0:
        yield Hit("funds.total.initial", evidence=dict(adjusted=total.adjusted))
