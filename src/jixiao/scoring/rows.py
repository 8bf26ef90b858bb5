"""Recompute one 三级指标 row: the formula for numbers, met / not met for dates, tiers for words.

Formulas (rules.md §1.4–1.6, §6.2): ≥ scores W × B/A when not met; ≤ scores W × A/B when exceeded;
= scores W × B/A below the target and W at or above it; a date is met on or before the deadline;
words fall in a tier whose range is set by the profile.  Every result carries its explanation.
"""

from __future__ import annotations

from typing import Any

from jixiao.expr import Expression, Kind, Op, Tier, compare, parse_expression
from jixiao.model import Indicator
from jixiao.profile import Profile
from jixiao.scoring.fmt import num
from jixiao.scoring.model import Method, RowScore, Status

_HAS_NATURE = "nature" in Indicator.model_fields  # the form model may gain 指标性质 later
_SIGN = {Op.ge: "≥", Op.gt: ">", Op.le: "≤", Op.lt: "<", Op.eq: "="}

TIER_ZH = {
    Tier.achieved: "达成（一档）",
    Tier.basic: "基本达成（二档）",
    Tier.partial: "部分达成（二、三档）",
    Tier.failed: "未达成（三档）",
}
TIER_EN = {
    Tier.achieved: "achieved (tier 1)",
    Tier.basic: "basically achieved (tier 2)",
    Tier.partial: "partly achieved (tiers 2-3)",
    Tier.failed: "not achieved (tier 3)",
}


def tier_range(tier: Tier, weight: float, profile: Profile) -> tuple[float, float]:
    hi, lo = profile.tiers.achieved_floor * weight, profile.tiers.basic_floor * weight
    return {
        Tier.achieved: (hi, weight),
        Tier.basic: (lo, hi),
        Tier.partial: (0.0, hi),
        Tier.failed: (0.0, lo),
    }[tier]


def effective_op(target: Expression, level2: str | None, profile: Profile, nature: str | None) -> Op | None:
    """The operator that decides the direction: 指标性质 first, then a ceiling for bare costs."""
    if nature:
        op = profile.nature_ops.get(nature.strip())
        if op == "qual":
            return None
        if op:
            return Op(op)
    if target.kind not in (Kind.number, Kind.date):
        return None
    if not target.op_explicit and level2 in profile.roles.ceiling_level2:
        return Op.le
    return target.op


def _status(printed: float | None, low: float, high: float, tol: float) -> Status:
    if printed is None:
        return Status.no_score
    if printed > high + tol:
        return Status.above
    if printed < low - tol:
        return Status.below
    return Status.ok


def _clamp(printed: float | None, low: float, high: float) -> float:
    return low if printed is None else min(max(printed, low), high)


def _text_eq(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and "".join((a or "").split()) == "".join((b or "").split())


def score_row(index: int, ind: Indicator, profile: Profile, year: int | None = None) -> RowScore:
    """Recompute one row.  Never raises: what cannot be scored says why."""
    target, actual = parse_expression(ind.target), parse_expression(ind.actual)
    level2 = profile.level2(ind.level2)
    level1 = profile.level1(ind.level1, ind.level2)
    nature: Any = getattr(ind, "nature", None) if _HAS_NATURE else None  # 指标性质, when modelled
    op = effective_op(target, level2, profile, nature if isinstance(nature, str) else None)
    base: dict[str, Any] = dict(
        index=index, indicator=ind.level3, level1=level1, level2=level2, target=target,
        actual=actual, op=op, weight=ind.weight, printed=ind.score,
    )
    w = ind.weight
    if target.kind is Kind.not_applicable or (
        target.kind is Kind.empty and w is None and ind.score is None
    ):
        return RowScore(
            **base, method=Method.not_applicable, status=Status.not_applicable,
            explanation="不涉及，不计分", explanation_en="not applicable; not scored",
        )
    if w is None or w < 0:
        return _unscorable(base, "分值缺失或为负，无法计算得分", "the weight is missing or negative")
    if target.kind in (Kind.empty, Kind.artifact, Kind.unreadable):
        return _unscorable(
            base, f"年度指标值无法识别：{target.reason or '空白'}",
            f"the target cannot be read: {target.reason_en or 'blank'}",
        )
    qualitative_target = target.kind is Kind.qualitative or op is None
    if actual.kind in (Kind.empty, Kind.artifact, Kind.not_applicable) or (
        actual.kind is Kind.unreadable and not qualitative_target
    ):
        return _unscorable(
            base, f"实际完成值无法识别：{actual.reason or '空白或不涉及'}",
            f"the actual value cannot be read: {actual.reason_en or 'blank or n/a'}",
        )
    tol = profile.thresholds.score_tolerance
    if qualitative_target:
        return _qualitative(base, target, actual, ind, w, profile, tol)
    if actual.kind is Kind.qualitative:
        return _qualitative(base, target, actual, ind, w, profile, tol, fallback=True)
    cmp = compare(target, actual, year=year, op=op,
                  exact_tolerance=profile.thresholds.exact_tolerance)
    if not cmp.comparable:
        return _unscorable(base, cmp.reason or "", cmp.reason_en or "")
    assert cmp.a is not None and cmp.b is not None and cmp.met is not None
    a, b, u = cmp.a, cmp.b, cmp.unit or ""
    base.update(a=a, b=b, unit=cmp.unit, met=cmp.met)
    if target.kind is Kind.date:
        if cmp.met:
            low = high = w
            zh = f"时效指标：实际“{actual.raw}”不晚于目标“{target.raw}”，按期完成，得满分 {num(w)}"
            en = f"deadline met: {actual.raw!r} is not after {target.raw!r}; full weight {num(w)}"
        else:
            low, high = tier_range(Tier.partial, w, profile)
            zh = (f"时效指标：实际“{actual.raw}”晚于目标“{target.raw}”，未按期完成，"
                  f"得分应低于一档下限 {num(high)}")
            en = (f"deadline missed: {actual.raw!r} is after {target.raw!r}; the score should stay "
                  f"below the tier-1 floor {num(high)}")
        return RowScore(**base, method=Method.deadline, expected=w if cmp.met else None, low=low,
                        high=high, recomputed=_clamp(ind.score, low, high),
                        status=_status(ind.score, low, high, tol), explanation=zh,
                        explanation_en=en)
    met = cmp.met or (op is Op.eq and b > a)  # above an exact target counts as achieved
    base["met"] = met
    assert op is not None
    return _formula(base, op, a, b, u, w, met, ind.score, tol)


def _formula(base: dict[str, Any], op: Op, a: float, b: float, u: str, w: float, met: bool,
             printed: float | None, tol: float) -> RowScore:
    A, B, W = num(a), num(b), num(w)
    sign = _SIGN[op]
    if op in (Op.ge, Op.gt):
        method = Method.ratio
        if met:
            expected = w
            zh, en = f"正向指标：实际 {B}{u} {sign} 目标 {A}{u}，达成，得满分 {W}", (
                f"positive: B {B}{u} {sign} A {A}{u}; met, full weight {W}")
        elif a <= 0:
            return _unscorable(base, "目标值为0或负数，无法按比例计分", "target is zero or negative")
        else:
            expected = min(max(w * b / a, 0.0), w)
            zh = f"正向指标：实际 {B}{u} 未达到目标 {A}{u}，得分 = {W} × {B}/{A} = {num(round(expected, 2))}"
            en = f"positive: B {B}{u} below A {A}{u}; score = {W} × {B}/{A} = {num(round(expected, 2))}"
    elif op in (Op.le, Op.lt):
        method = Method.reverse_ratio
        if met:
            expected = w
            zh, en = f"反向指标：实际 {B}{u} {sign} 目标 {A}{u}，达成，得满分 {W}", (
                f"reverse: B {B}{u} {sign} A {A}{u}; met, full weight {W}")
        elif b <= 0:
            return _unscorable(base, "实际值为0或负数，无法按比例计分", "actual is zero or negative")
        else:
            expected = min(max(w * a / b, 0.0), w)
            zh = f"反向指标：实际 {B}{u} 超过目标 {A}{u}，得分 = {W} × {A}/{B} = {num(round(expected, 2))}"
            en = f"reverse: B {B}{u} exceeds A {A}{u}; score = {W} × {A}/{B} = {num(round(expected, 2))}"
    else:
        method = Method.exact
        if met or b >= a:
            expected = w
            above = b > a * (1 + 1e-9)
            zh = f"定值指标：实际 {B}{u}，目标 {A}{u}，{'超出目标' if above else '相符'}，得满分 {W}"
            en = f"exact: B {B}{u}, A {A}{u}; {'above target' if above else 'equal'}, full weight {W}"
        elif a <= 0:
            return _unscorable(base, "目标值为0或负数，无法按比例计分", "target is zero or negative")
        else:
            expected = min(max(w * b / a, 0.0), w)
            zh = f"定值指标：实际 {B}{u} 低于目标 {A}{u}，得分 = {W} × {B}/{A} = {num(round(expected, 2))}"
            en = f"exact: B {B}{u} below A {A}{u}; score = {W} × {B}/{A} = {num(round(expected, 2))}"
    return RowScore(**base, method=method, expected=expected, low=expected, high=expected,
                    recomputed=expected, status=_status(printed, expected, expected, tol),
                    explanation=zh, explanation_en=en)


def _qualitative(base: dict[str, Any], target: Expression, actual: Expression, ind: Indicator,
                 w: float, profile: Profile, tol: float, fallback: bool = False) -> RowScore:
    tier = Tier.achieved if _text_eq(ind.target, ind.actual) else actual.tier
    if tier is None:
        zh = f"定性指标：实际“{ind.actual}”未表明完成程度，无法判定档次，得分区间 [0, {num(w)}]"
        en = f"qualitative: {ind.actual!r} does not say how far the goal was met; range [0, {num(w)}]"
        return RowScore(**base, method=Method.qualitative, low=0.0, high=w,
                        recomputed=_clamp(ind.score, 0.0, w), status=Status.ok,
                        explanation=zh, explanation_en=en)
    low, high = tier_range(tier, w, profile)
    why = "与目标相同" if _text_eq(ind.target, ind.actual) else f"“{ind.actual}”"
    why_en = "same as the target" if _text_eq(ind.target, ind.actual) else repr(ind.actual)
    prefix = "实际值无数字，按文字判档：" if fallback else "定性指标："
    prefix_en = "no number in the actual; judged by its wording: " if fallback else "qualitative: "
    zh = f"{prefix}实际{why}属{TIER_ZH[tier]}，得分区间 [{num(round(low, 2))}, {num(round(high, 2))}]"
    en = f"{prefix_en}actual {why_en} is {TIER_EN[tier]}; range [{num(round(low, 2))}, {num(round(high, 2))}]"
    return RowScore(**base, method=Method.qualitative, tier=tier, fallback=fallback, low=low,
                    high=high, recomputed=_clamp(ind.score, low, high),
                    status=_status(ind.score, low, high, tol), explanation=zh, explanation_en=en)


def _unscorable(base: dict[str, Any], zh: str, en: str) -> RowScore:
    printed = base["printed"]
    return RowScore(**base, method=Method.unscorable, recomputed=printed, status=Status.unscorable,
                    explanation=f"无法复核：{zh}", explanation_en=f"cannot recompute: {en}",
                    reason=zh, reason_en=en)
