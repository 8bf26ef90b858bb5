"""The execution-rate score: rate = 全年执行数 / 全年预算数, score = min(rate, 1) × W_f.

全年预算数 (the adjusted budget) is the denominator, never 年初预算数 (rules.md §1.3, S1–S2).
"""

from __future__ import annotations

from jixiao.model import Funds
from jixiao.profile import Profile
from jixiao.scoring.fmt import num, pct
from jixiao.scoring.model import FundsScore, Status


def score_funds(funds: Funds, profile: Profile) -> FundsScore:
    total = funds.total
    a, b = total.adjusted, total.executed
    w = funds.weight if funds.weight is not None else profile.funds_weight
    rate = b / a if a and b is not None and a > 0 else None
    common = dict(initial=total.initial, budget=a, executed=b, rate=rate,
                  printed_rate=funds.rate if funds.rate is not None else total.rate, weight=w,
                  printed=funds.score)
    if rate is None:
        return FundsScore(
            **common, expected=None, status=Status.unscorable,
            explanation="无法计算执行率：全年预算数或全年执行数缺失，或预算数为0",
            explanation_en="no execution rate: the full-year budget or spending is missing, or the budget is 0",
        )
    expected = min(rate, 1.0) * w
    tol = profile.thresholds.funds_score_rounding
    printed = funds.score
    if printed is None:
        status = Status.no_score
    elif printed > expected + tol:
        status = Status.above
    elif printed < expected - tol:
        status = Status.below
    else:
        status = Status.ok
    cap = "（执行率超过100%，按100%计）" if rate > 1 else ""
    cap_en = " (rate above 100% counts as 100%)" if rate > 1 else ""
    return FundsScore(
        **common, expected=expected, status=status,
        explanation=(f"执行率 = 全年执行数 {num(b)} ÷ 全年预算数 {num(a)} = {pct(rate)}{cap}；"
                     f"得分 = {num(w)} × {pct(min(rate, 1.0))} = {num(round(expected, 2))}"),
        explanation_en=(f"rate = spent {num(b)} / full-year budget {num(a)} = {pct(rate)}{cap_en}; "
                        f"score = {num(w)} × {pct(min(rate, 1.0))} = {num(round(expected, 2))}"),
    )
