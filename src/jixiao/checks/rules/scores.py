"""S: row scores against the rules, totals and grades (rules.md §6.2 S3–S10, §6.3 A1–A2)."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks.registry import Context, Hit, rule
from jixiao.model import Severity
from jixiao.scoring import Method, Status
from jixiao.scoring.fmt import num

_FORMULAS = (Method.ratio, Method.reverse_ratio, Method.exact)


@rule("S001", "score-over-weight", Severity.error,
      "得分超过分值", "score above the weight",
      "“{indicator}”得分{score}超过分值{weight}", "{indicator!r}: score {score} exceeds weight {weight}")
def score_over_weight(ctx: Context) -> Iterator[Hit]:
    """任何指标得分不得超过其分值。

    No score may exceed its weight.

    错误示例 / failing::

        {"rows": [["产出指标", "数量指标", "培训人数", "≥40人", "120人", 4, 5]]}

    正确示例 / passing::

        {"rows": [["产出指标", "数量指标", "培训人数", "≥40人", "120人", 4, 4]]}
    """
    for i, ind in enumerate(ctx.form.indicators):
        if ind.score is not None and ind.weight is not None and ind.score > ind.weight + 1e-9:
            yield Hit(f"indicators[{i}].score", evidence=dict(score=ind.score, weight=ind.weight))


@rule("S002", "score-inflated", Severity.error,
      "得分高于计分公式", "score above the formula",
      "“{indicator}”得分{printed}，按计分规则应为{expected}：{explanation}",
      "{indicator!r}: scored {printed}; the rules give {expected}: {explanation_en}")
def score_inflated(ctx: Context) -> Iterator[Hit]:
    """定量指标按公式复核：正向 W×B/A，反向 W×A/B，达成得满分；填报得分高出公式超过 ``score_tolerance``
    （默认0.5分，吸收取整）即为虚高。

    Quantitative rows recomputed (≥: W×B/A, ≤: W×A/B, full when met); a printed score more than
    ``score_tolerance`` above is inflated.

    错误示例 / failing::

        {"rows": [["产出指标", "数量指标", "培训参加人次", "≥1642人次", "1000人次", 15, 15]]}

    正确示例 / passing::

        {"rows": [["产出指标", "数量指标", "一次性经济帮助", "80人", "66人", 5, 4]]}
    """
    for r in ctx.rows():
        if r.method in _FORMULAS and r.status is Status.above:
            yield Hit(f"indicators[{r.index}].score", evidence=dict(
                printed=r.printed, expected=round(r.expected or 0, 2), target=r.target.raw,
                actual=r.actual.raw, weight=r.weight, explanation=r.explanation,
                explanation_en=r.explanation_en))


@rule("S003", "score-conservative", Severity.info,
      "得分低于计分规则（自行扣分）", "score below the rules (a voluntary deduction)",
      "“{indicator}”得分{printed}，按计分规则可得{expected}：{explanation}",
      "{indicator!r}: scored {printed}; the rules allow {expected}: {explanation_en}")
def score_conservative(ctx: Context) -> Iterator[Hit]:
    """填报得分低于规则所得（超出容差）：单位自行多扣了分，通常无碍，但应与偏差说明一致。

    The printed score is below what the rules give: the unit deducted more; usually harmless, but it
    should match the deviation note.

    错误示例 / failing::

        {"rows": [["产出指标", "数量指标", "培训参加人次", "≥1642人次", "1556人次", 15, 13, "人员流出"]]}

    正确示例 / passing::

        {"rows": [["产出指标", "数量指标", "培训参加人次", "≥1642人次", "1556人次", 15, 14, "人员流出"]]}
    """
    for r in ctx.rows():
        if r.status is Status.below:
            expected = r.expected if r.expected is not None else r.low
            yield Hit(f"indicators[{r.index}].score", evidence=dict(
                printed=r.printed, expected=round(expected or 0, 2), explanation=r.explanation,
                explanation_en=r.explanation_en))


@rule("S004", "tier-inflated", Severity.error,
      "定性得分高于其档次", "qualitative score above its tier",
      "“{indicator}”实际为“{actual}”，属{tier}，得分应在{low}–{high}之间，填报{printed}",
      "{indicator!r}: the actual {actual!r} is {tier_en}, so the score belongs in {low}–{high}; "
      "printed {printed}")
def tier_inflated(ctx: Context) -> Iterator[Hit]:
    """定性指标分三档：达成 [80%, 100%]、基本达成 [60%, 80%)、未达成 [0, 60%)（湖北式为50%）；
    “部分完成”只说明未达成，落在二、三档。填报得分高于所属档次上限即为虚高。

    Qualitative tiers: achieved [0.8W, W], basic [0.6W, 0.8W), failed [0, 0.6W) (0.5 in the
    Hubei-style profile); "partly" spans tiers 2-3.  A score above its tier is inflated.

    错误示例 / failing::

        {"rows": [["产出指标", "数量指标", "完成平台建设", "完成", "部分完成", 5, 5]]}

    正确示例 / passing::

        {"rows": [["产出指标", "数量指标", "完成平台建设", "完成", "部分完成", 5, 2.5]]}
    """
    from jixiao.scoring.rows import TIER_EN, TIER_ZH

    for r in ctx.rows():
        if r.method is Method.qualitative and r.status is Status.above and r.tier is not None:
            yield Hit(f"indicators[{r.index}].score", evidence=dict(
                actual=r.actual.raw, tier=TIER_ZH[r.tier], tier_en=TIER_EN[r.tier],
                low=round(r.low or 0, 2), high=round(r.high or 0, 2), printed=r.printed))


@rule("S005", "deadline-missed-full", Severity.error,
      "未按期完成却得高分", "deadline missed but scored as met",
      "“{indicator}”目标“{target}”，实际“{actual}”晚于期限，得分应低于{high}，填报{printed}",
      "{indicator!r}: target {target!r}, actual {actual!r} is late; the score should stay below "
      "{high}, printed {printed}")
def deadline_missed_full(ctx: Context) -> Iterator[Hit]:
    """时效指标按是否按期判定：实际日期晚于目标日期即未达成，得分不应进入一档。

    Deadlines are met or missed; a late actual date cannot score in tier 1.

    错误示例 / failing::

        {"year": 2024, "rows": [["产出指标", "时效指标", "光纤租用费", "2024年6月底", "2024年12月", 5, 5]]}

    正确示例 / passing::

        {"year": 2024, "rows": [["产出指标", "时效指标", "宣传节目制作完成时间", "≤8月", "8月", 5, 5]]}
    """
    for r in ctx.rows():
        if r.method is Method.deadline and r.met is False and r.status is Status.above:
            yield Hit(f"indicators[{r.index}].score", evidence=dict(
                target=r.target.raw, actual=r.actual.raw, high=round(r.high or 0, 2),
                printed=r.printed))


@rule("S006", "score-missing", Severity.error,
      "有分值无得分", "a weight with no score",
      "“{indicator}”分值{weight}，但没有得分{implied}",
      "{indicator!r} has weight {weight} but no score{implied_en}")
def score_missing(ctx: Context) -> Iterator[Hit]:
    """有分值的指标必须有得分，否则总分无从核对（得分丢失）。

    A weighted row must carry a score; otherwise the total cannot be checked (a lost score).

    错误示例 / failing::

        {"rows": [["产出指标", "数量指标", "参与党员人数", "21", "21", 15, null]]}

    正确示例 / passing::

        {"rows": [["产出指标", "数量指标", "参与党员人数", "21", "21", 15, 15]]}
    """
    missing = [i for i, ind in enumerate(ctx.form.indicators)
               if ind.weight is not None and ind.score is None]
    implied = ""
    total, f = ctx.form.total_score, ctx.form.funds.score
    if len(missing) == 1 and total is not None and f is not None:
        rest = f + sum(i.score or 0.0 for i in ctx.form.indicators)
        implied = f"；按总分{num(total)}倒推，该项得分应为{num(round(total - rest, 2))}"
    for i in missing:
        yield Hit(f"indicators[{i}].score", evidence=dict(
            weight=ctx.form.indicators[i].weight, implied=implied,
            implied_en=implied and f"; the total {num(total)} implies {num(round((total or 0) - rest, 2))}"))


@rule("S007", "weight-missing", Severity.error,
      "有指标无分值", "an indicator with no weight",
      "“{indicator}”填报了{what}，但没有分值", "{indicator!r} has {what_en} but no weight")
def weight_missing(ctx: Context) -> Iterator[Hit]:
    """填报了得分或指标值的指标必须有分值。

    A row with a score or a target needs a weight.

    错误示例 / failing::

        {"rows": [["产出指标", "数量指标", "参与党员人数", "21", "21", null, 15]]}

    正确示例 / passing::

        {"rows": [["产出指标", "数量指标", "参与党员人数", "21", "21", 15, 15]]}
    """
    for r in ctx.rows():
        ind = ctx.form.indicators[r.index]
        if ind.weight is not None:
            continue
        if ind.score is not None:
            yield Hit(f"indicators[{r.index}].weight", evidence=dict(what=f"得分{num(ind.score)}",
                                                                    what_en=f"score {num(ind.score)}"))
        elif ind.level3 and r.target.kind.value not in ("empty", "not_applicable", "artifact"):
            yield Hit(f"indicators[{r.index}].weight", evidence=dict(what="年度指标值",
                                                                    what_en="a target"))


@rule("S008", "negative-number", Severity.error,
      "出现负数", "a negative number",
      "{what}为负数（{value}）", "{what_en} is negative ({value})")
def negative_number(ctx: Context) -> Iterator[Hit]:
    """分值、得分、预算与执行数都不应为负数。

    Weights, scores, budgets and spending are never negative.

    错误示例 / failing::

        {"rows": [["产出指标", "数量指标", "参与党员人数", "21", "21", 15, -1]]}

    正确示例 / passing::

        {"rows": [["产出指标", "数量指标", "参与党员人数", "21", "21", 15, 15]]}
    """
    f = ctx.form.funds
    for key, label in (("total", "年度资金总额"), ("current", "当年财政拨款"),
                       ("carryover", "上年结转资金"), ("other", "其他资金")):
        row = getattr(f, key)
        for col, zh in (("initial", "年初预算数"), ("adjusted", "全年预算数"), ("executed", "全年执行数")):
            v = getattr(row, col)
            if v is not None and v < 0:
                yield Hit(f"funds.{key}.{col}", evidence=dict(what=f"{label}{zh}",
                                                              what_en=f"funds {key} {col}", value=v))
    for name, zh in (("weight", "执行率分值"), ("score", "执行率得分")):
        v = getattr(f, name)
        if v is not None and v < 0:
            yield Hit(f"funds.{name}", evidence=dict(what=zh, what_en=f"funds {name}", value=v))
    for i, ind in enumerate(ctx.form.indicators):
        for name, zh in (("weight", "分值"), ("score", "得分")):
            v = getattr(ind, name)
            if v is not None and v < 0:
                yield Hit(f"indicators[{i}].{name}", evidence=dict(
                    what=f"“{ind.level3}”的{zh}", what_en=f"the {name} of {ind.level3!r}", value=v))


@rule("S009", "total-mismatch", Severity.error,
      "总分与各项得分之和不符", "the total differs from the sum of the scores",
      "总分填报{printed}，执行率得分与各指标得分合计为{sum}，相差{gap}",
      "the total is {printed}; the execution score and row scores add up to {sum} (off by {gap})")
def total_mismatch(ctx: Context) -> Iterator[Hit]:
    """总分 = 执行率得分 + 各指标得分之和（允许0.05分舍入）。

    The total equals the execution score plus every row score (0.05 rounding allowed).

    错误示例 / failing::

        {"funds": [10, 10, 10, 10, 1.0, 10], "total_score": 100,
         "rows": [["产出指标", "数量指标", "参与党员人数", "21", "21", 90, 80]]}

    正确示例 / passing::

        {"funds": [10, 10, 10, 10, 1.0, 10], "total_score": 90,
         "rows": [["产出指标", "数量指标", "参与党员人数", "21", "21", 90, 80]]}
    """
    s = ctx.score
    if s.printed_total is None or s.printed_sum is None:
        return
    gap = s.printed_total - s.printed_sum
    if abs(gap) > ctx.profile.thresholds.total_tolerance:
        yield Hit("total_score", evidence=dict(printed=s.printed_total, sum=round(s.printed_sum, 4),
                                               gap=round(gap, 4)))


@rule("S010", "total-weight-mismatch", Severity.error,
      "总分值与各项分值之和不符", "the total weight differs from the sum of the weights",
      "总分行的分值为{printed}，各项分值合计为{sum}",
      "the total row's weight is {printed}; the weights add up to {sum}")
def total_weight_mismatch(ctx: Context) -> Iterator[Hit]:
    """总分行的分值应等于执行率分值与各指标分值之和。

    The total row's weight equals the execution weight plus every row weight.

    错误示例 / failing::

        {"funds": [10, 10, 10, 10, 1.0, 10], "total_weight": 100,
         "rows": [["产出指标", "数量指标", "参与党员人数", "21", "21", 80, 80]]}

    正确示例 / passing::

        {"funds": [10, 10, 10, 10, 1.0, 10], "total_weight": 90,
         "rows": [["产出指标", "数量指标", "参与党员人数", "21", "21", 80, 80]]}
    """
    w = ctx.form.total_weight
    if w is not None and abs(w - ctx.score.weight_sum) > 1e-6:
        yield Hit("total_weight", evidence=dict(printed=w, sum=round(ctx.score.weight_sum, 4)))


@rule("S011", "grade-mismatch", Severity.error,
      "自评等级与总分不符", "the grade does not match the total",
      "自评等级为“{printed}”，总分{total}应为“{expected}”",
      "the grade is {printed!r} but a total of {total} means {expected!r}")
def grade_mismatch(ctx: Context) -> Iterator[Hit]:
    """等级：90分（含）以上优，80（含）–90良，60（含）–80中，60以下差。

    Grades: 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60.

    错误示例 / failing::

        {"total_score": 87.4, "grade": "优"}

    正确示例 / passing::

        {"total_score": 87.4, "grade": "良"}
    """
    s = ctx.score
    if s.printed_grade and s.grade_of_printed_total and s.printed_grade.strip() != s.grade_of_printed_total:
        yield Hit("grade", evidence=dict(printed=s.printed_grade, total=s.printed_total,
                                         expected=s.grade_of_printed_total))


@rule("S012", "grade-drops", Severity.warning,
      "复核后等级下降", "the recomputed grade is lower",
      "按计分规则复核，总分至多为{high}（填报{printed}），等级由“{grade}”降为“{recomputed}”",
      "recomputed, the total is at most {high} (printed {printed}); the grade drops from {grade!r} "
      "to {recomputed!r}")
def grade_drops(ctx: Context) -> Iterator[Hit]:
    """把每行得分限制在规则允许的范围内后，总分上限所对应的等级低于按填报总分的等级。

    With every row held to what the rules allow, the best possible total falls into a lower grade.

    错误示例 / failing::

        {"funds": [100, 100, 40, 10, 0.4, 10], "total_score": 100,
         "rows": [["产出指标", "数量指标", "培训人数", "≥100人", "10人", 90, 90]]}

    正确示例 / passing::

        {"funds": [100, 100, 100, 10, 1.0, 10], "total_score": 100,
         "rows": [["产出指标", "数量指标", "培训人数", "≥100人", "100人", 90, 90]]}
    """
    s = ctx.score
    if s.printed_total is None or s.grade_of_printed_total is None:
        return
    best = ctx.profile.grade(s.recomputed_high)
    names = [g.name for g in sorted(ctx.profile.grades, key=lambda g: -g.min)]
    if best in names and names.index(best) > names.index(s.grade_of_printed_total):
        yield Hit("total_score", evidence=dict(high=round(s.recomputed_high, 2),
                                               printed=s.printed_total,
                                               grade=s.grade_of_printed_total, recomputed=best))


@rule("S013", "total-missing", Severity.warning,
      "未填报总分", "no total printed",
      "表中没有总分（合计{sum}）", "the form prints no total (the scores add up to {sum})")
def total_missing(ctx: Context) -> Iterator[Hit]:
    """总分行缺失或为空。

    The 总分 / 总计 row is missing or blank.

    错误示例 / failing::

        {"funds": [10, 10, 10, 10, 1.0, 10],
         "rows": [["产出指标", "数量指标", "参与党员人数", "21", "21", 90, 90]]}

    正确示例 / passing::

        {"funds": [10, 10, 10, 10, 1.0, 10], "total_score": 100,
         "rows": [["产出指标", "数量指标", "参与党员人数", "21", "21", 90, 90]]}
    """
    s = ctx.score
    if s.printed_total is None and ctx.form.indicators:
        yield Hit("total_score", evidence=dict(sum="—" if s.printed_sum is None
                                               else num(round(s.printed_sum, 2))))


@rule("S014", "row-scored-zero", Severity.info,
      "指标得0分", "an indicator scored zero",
      "“{indicator}”得0分（分值{weight}）：目标“{target}”，实际“{actual}”",
      "{indicator!r} scored 0 of {weight}: target {target!r}, actual {actual!r}")
def row_scored_zero(ctx: Context) -> Iterator[Hit]:
    """得0分的指标意味着该项目标完全落空，复核时应逐项看原因。

    A zero score means the target was missed entirely; read its reason.

    错误示例 / failing::

        {"rows": [["产出指标", "成本指标", "人生杂志订阅费用", "等于6.3072万元", "0", 3, 0, "资金不足"]]}

    正确示例 / passing::

        {"rows": [["产出指标", "成本指标", "暖心家园运行费用", "等于16万元", "16万元", 4, 4]]}
    """
    for i, ind in enumerate(ctx.form.indicators):
        if ind.score == 0 and ind.weight:
            yield Hit(f"indicators[{i}].score", evidence=dict(weight=ind.weight, target=ind.target,
                                                             actual=ind.actual))
