"""C: cross-checks between parts of a form (rules.md A17)."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks.registry import Context, Hit, rule
from jixiao.model import Severity


@rule("C001", "benefit-inconsistent", Severity.warning,
      "执行或产出不足，效益却全部满分", "weak delivery but every benefit scored in full",
      "{why}，而{benefit}{count}项全部满分（{benefit_score}分）：效益自评缺乏依据",
      "{why_en}, yet all {count} benefit rows score in full ({benefit_score}): the benefits are unsupported")
def benefit_inconsistent(ctx: Context) -> Iterator[Hit]:
    """预算执行率低于 ``weak_execution_rate``（60%），或产出指标得分不足其分值的 ``weak_output_share``（80%），
    效益（效果）指标却全部满分：钱没花出去、事没做完，效益从何而来。

    Execution below 60 % or outputs below 80 % of their weight, yet every benefit row is full.

    错误示例 / failing::

        {"funds": [4000, 4000, 1945.33, 10, 0.49, 4.9],
         "rows": [["产出指标", "数量指标", "平台建设", "完成", "部分完成", 5, 2.5, "三家医院未完成"],
                  ["效果指标", "社会效益", "医疗服务水平", "逐步提升", "逐步提升", 5, 5]]}

    正确示例 / passing::

        {"funds": [4000, 4000, 3900, 10, 0.975, 9.8],
         "rows": [["产出指标", "数量指标", "平台建设", "完成", "完成", 5, 5],
                  ["效果指标", "社会效益", "医疗服务水平", "逐步提升", "逐步提升", 5, 5]]}
    """
    roles, t = ctx.profile.roles, ctx.profile.thresholds
    rows = [r for r in ctx.rows() if r.weight]
    benefit = [r for r in rows if r.level1 == roles.benefit_level1]
    output = [r for r in rows if r.level1 == roles.output_level1]
    if not benefit or any(r.printed is None or r.printed < (r.weight or 0) - 1e-9 for r in benefit):
        return
    rate = ctx.score.funds.rate
    out_w = sum(r.weight or 0 for r in output)
    out_s = sum(r.printed or 0 for r in output)
    share = out_s / out_w if out_w else None
    why, why_en = [], []
    if rate is not None and rate < t.weak_execution_rate:
        why.append(f"预算执行率仅{rate * 100:.0f}%")
        why_en.append(f"execution is only {rate * 100:.0f}%")
    if share is not None and share < t.weak_output_share:
        why.append(f"产出指标仅得{out_s:g}/{out_w:g}分")
        why_en.append(f"outputs scored {out_s:g} of {out_w:g}")
    if why:
        yield Hit("indicators", evidence=dict(
            why="，".join(why), why_en="; ".join(why_en), benefit=ctx.profile.label(roles.benefit_level1),
            count=len(benefit), benefit_score=sum(r.printed or 0 for r in benefit),
            rate=None if rate is None else round(rate, 4), output_share=None if share is None else round(share, 4)))
