"""D: the deviation analysis (偏差原因分析及改进措施) — missing, boilerplate or contradicting (rules.md A7, A8, A22)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.checks.registry import Context, Hit, rule
from jixiao.expr import Tier
from jixiao.model import Severity
from jixiao.scoring import Method
from jixiao.scoring.fmt import num

_PUNCT = re.compile(r"[\s，,。.;；:：、!！?？()（）\"“”']")
_YEAR = re.compile(r"(20\d\d)\s*年")


@rule("D001", "missing-deviation", Severity.error,
      "扣分或未达标却未说明原因", "a deduction or a missed target with no reason given",
      "“{indicator}”{what}，但偏差原因分析及改进措施为空",
      "{indicator!r}: {what_en}, but the deviation analysis is blank")
def missing_deviation(ctx: Context) -> Iterator[Hit]:
    """目标未完成或扣了分，都必须在“偏差原因分析及改进措施”中说明原因和措施。

    A missed target or any deduction needs its reason and remedy in the deviation column.

    错误示例 / failing::

        {"rows": [["产出指标", "成本指标", "项目控制成本", "≤150万元", "20.03万元", 10, 7]]}

    正确示例 / passing::

        {"rows": [["产出指标", "成本指标", "项目控制成本", "≤150万元", "20.03万元", 10, 10]]}
    """
    for r in ctx.rows():
        if r.weight is None or ctx.deviation(r):
            continue
        if r.printed is not None and r.printed < r.weight - 1e-9:
            yield Hit(f"indicators[{r.index}].deviation", evidence=dict(
                what=f"得分{num(r.printed)}低于分值{num(r.weight)}",
                what_en=f"scored {num(r.printed)} of {num(r.weight)}", weight=r.weight, score=r.printed))
        elif r.met is False or r.tier in (Tier.partial, Tier.failed):
            yield Hit(f"indicators[{r.index}].deviation", evidence=dict(
                what=f"未达到目标（目标“{r.target.raw}”，实际“{r.actual.raw}”）",
                what_en=f"missed its target ({r.target.raw!r} vs {r.actual.raw!r})",
                weight=r.weight, score=r.printed))


@rule("D002", "weak-deviation", Severity.warning,
      "偏差原因空泛", "a boilerplate deviation note",
      "“{indicator}”的偏差原因“{text}”过于空泛，没有说明具体原因和改进措施",
      "{indicator!r}: the deviation note {text!r} explains nothing specific")
def weak_deviation(ctx: Context) -> Iterator[Hit]:
    """“无”“暂无”“有待进一步提高”“加强管理”“资金不足”之类的套话，或不足8个字的说明，不构成偏差分析。

    Boilerplate (无, 暂无, 有待进一步提高, 加强管理, 资金不足) or under 8 characters is no analysis.

    错误示例 / failing::

        {"rows": [["产出指标", "成本指标", "人生杂志订阅费用", "等于6.3072万元", "0", 3, 0, "资金不足"]]}

    正确示例 / passing::

        {"rows": [["产出指标", "数量指标", "培训参加人次", "≥1642人次", "1556人次", 15, 13, "部分社区站转型、关停，人员流出无法参与培训"]]}
    """
    t = ctx.profile.thresholds
    weak = {_PUNCT.sub("", w) for w in ctx.profile.text.weak_deviation}
    for r in ctx.rows():
        text = ctx.deviation(r)
        if not text:
            continue
        bare = _PUNCT.sub("", text)
        if bare in weak or len(bare) < t.deviation_min_chars:
            yield Hit(f"indicators[{r.index}].deviation", evidence=dict(text=text))


@rule("D003", "deadline-contradiction", Severity.warning,
      "时效得分与所填日期矛盾", "the deadline score contradicts the dates",
      "“{indicator}”{what}", "{indicator!r}: {what_en}")
def deadline_contradiction(ctx: Context) -> Iterator[Hit]:
    """实际日期显示按期完成却被扣分，或偏差说明写明推迟到目标之后的年份：实际完成值与说明互相矛盾。

    The actual date meets the deadline yet points were deducted, or the note names a later year:
    the actual value and the note contradict each other.

    错误示例 / failing::

        {"year": 2024, "rows": [["产出指标", "时效指标", "年度项目完成时间", "2024年12月31日", "2024年12月31日", 5, 3, "计划2025年第完成项目整体建设"]]}

    正确示例 / passing::

        {"year": 2024, "rows": [["产出指标", "时效指标", "年度项目完成时间", "2024年12月31日", "2024年12月31日", 5, 5]]}
    """
    tol = ctx.profile.thresholds.score_tolerance
    for r in ctx.rows():
        if r.method is not Method.deadline or r.weight is None:
            continue
        note = ctx.deviation(r)
        target_year = r.target.year or ctx.form.year
        later = [int(y) for y in _YEAR.findall(note) if target_year and int(y) > target_year]
        if r.met and later:
            yield Hit(f"indicators[{r.index}].actual", evidence=dict(
                what=f"实际完成值“{r.actual.raw}”表明按期完成，但偏差说明称推迟到{later[0]}年：“{note}”",
                what_en=f"the actual {r.actual.raw!r} says on time, but the note defers to {later[0]}: {note!r}"))
        elif r.met and r.printed is not None and r.printed < r.weight - tol:
            yield Hit(f"indicators[{r.index}].score", evidence=dict(
                what=f"实际“{r.actual.raw}”未晚于目标“{r.target.raw}”，却只得{num(r.printed)}分（分值{num(r.weight)}）",
                what_en=f"the actual {r.actual.raw!r} meets {r.target.raw!r}, yet scored {num(r.printed)} of {num(r.weight)}"))
