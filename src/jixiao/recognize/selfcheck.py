"""The form's own arithmetic, used to test a reading and to choose between competing readings.

A 自评表 checks itself: 全年执行数 / 全年预算数 is the printed 执行率; the execution score is the
rate times its weight; the funds weight plus the indicator weights is the total weight, and the
scores add up to the total score.  A reading that agrees with this arithmetic is more likely
right than one that does not, which is how an ambiguous row (two amounts under three columns, a
lone number that may be a weight or a score) is decided.  Where the document itself disagrees, the
printed values are kept and a note says so; a missing number is never filled in, only described.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from jixiao.model import Form, Severity

RATE_TOLERANCE = 0.0051  # rates are printed rounded to 1% or 0.1%
SCORE_TOLERANCE = 0.51  # execution scores are printed rounded to 0.1 or to whole points
SUM_TOLERANCE = 0.051  # sums of printed weights and scores


def close(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance + 1e-9


def rate_agrees(adjusted: float | None, executed: float | None, rate: float | None) -> bool | None:
    """Does executed / adjusted give the printed rate?  ``None``: nothing to compare."""
    if adjusted is None or executed is None or rate is None:
        return None
    if adjusted == 0:
        return executed == 0 and rate in (0.0, 1.0)
    computed = executed / adjusted
    # a rate printed as a whole percentage is rounded to 1%
    tolerance = RATE_TOLERANCE if round(rate * 100, 6) % 1 else 0.0051 + 0.005
    return close(computed, rate, tolerance)


def score_agrees(weight: float | None, rate: float | None, score: float | None) -> bool | None:
    """Is the execution score the rate times its weight (capped at the weight)?"""
    if weight is None or rate is None or score is None:
        return None
    return close(min(rate, 1.0) * weight, score, SCORE_TOLERANCE)


def score_reading(values: Mapping[str, float | None]) -> float:
    """The cost of a reading of one funds row (lower is better): the arithmetic's verdict.

    ``values`` maps column kinds (initial, adjusted, executed, weight, rate, score) to numbers.
    """
    cost = 0.0
    rate = values.get("rate")
    agrees = rate_agrees(values.get("adjusted"), values.get("executed"), rate)
    if agrees is not None:
        cost += -2.0 if agrees else 2.0
    elif values.get("adjusted") is None:
        on_initial = rate_agrees(values.get("initial"), values.get("executed"), rate)
        if on_initial is not None:
            cost += -1.0 if on_initial else 1.0
    scored = score_agrees(values.get("weight"), rate, values.get("score"))
    if scored is not None:
        cost += -1.0 if scored else 1.0
    weight = values.get("weight")
    score = values.get("score")
    if weight is not None and not 0 < weight <= 100:
        cost += 3.0
    if score is not None and weight is not None and score > weight + 0.01:
        cost += 2.0
    if rate is not None and not 0 <= rate <= 5:
        cost += 3.0
    return cost


def score_floor(values: Mapping[str, float | None]) -> float:
    """A lower bound of :func:`score_reading` for ``values``, from which numbers are present
    only: -2 where the rate can be checked on 全年预算数, -1 where only on 年初预算数, -1 more
    where the execution score can be checked.  Every other term of the cost is a penalty (>= 0).
    The funds placement search skips pricing a placement whose bound cannot beat the best."""
    floor = 0.0
    if values.get("rate") is None:
        return floor
    if values.get("executed") is not None:
        if values.get("adjusted") is not None:
            floor -= 2.0
        elif values.get("initial") is not None:
            floor -= 1.0
    if values.get("weight") is not None and values.get("score") is not None:
        floor -= 1.0
    return floor


def total(parts: Iterable[float | None]) -> float:
    return sum(p for p in parts if p is not None)


def weight_sum(form: Form) -> float:
    return total([form.funds.weight, *(i.weight for i in form.indicators)])


def score_sum(form: Form) -> float:
    return total([form.funds.score, *(i.score for i in form.indicators)])


def agreement(form: Form) -> int:
    """How many of the form's sums agree with its printed totals (0, 1 or 2)."""
    n = 0
    if form.total_weight is not None and close(weight_sum(form), form.total_weight, SUM_TOLERANCE):
        n += 1
    if form.total_score is not None and close(score_sum(form), form.total_score, SUM_TOLERANCE):
        n += 1
    return n


def check(form: Form) -> None:
    """Note every place where the printed form disagrees with its own arithmetic."""
    funds = form.funds
    rate_ok = rate_agrees(funds.total.adjusted, funds.total.executed, funds.rate)
    if rate_ok is False and funds.total.adjusted:
        computed = (funds.total.executed or 0) / funds.total.adjusted
        form.note(
            "funds-rate-disagrees",
            f"全年执行数/全年预算数={computed:.2%}，与填报的执行率{funds.rate:.2%}不一致",
            f"executed/adjusted = {computed:.2%}, but the printed rate is {funds.rate:.2%}",
            field="funds.rate",
            severity=Severity.warning,
            source=form.sources.get("funds.rate"),
        )
    missing_w = [i for i, ind in enumerate(form.indicators) if ind.weight is None]
    missing_s = [i for i, ind in enumerate(form.indicators) if ind.score is None]
    _check_sum(form, "total_weight", weight_sum(form), missing_w, "weight", "分值")
    _check_sum(form, "total_score", score_sum(form), missing_s, "score", "得分")


def _check_sum(
    form: Form, field: str, computed: float, missing: list[int], name: str, name_zh: str
) -> None:
    printed = getattr(form, field)
    if printed is None or close(computed, printed, SUM_TOLERANCE):
        return
    gap = round(printed - computed, 4)
    source = form.sources.get(field)
    if len(missing) == 1 and gap >= 0:
        i = missing[0]
        form.note(
            f"{name}-missing",
            f"第{i + 1}个指标未填{name_zh}；按总分推算应为{gap:g}（未填入）",
            f"indicator {i + 1} prints no {name}; the total implies {gap:g} (not filled in)",
            field=f"indicators[{i}].{name}",
            severity=Severity.warning,
            source=source,
        )
        return
    form.note(
        f"{name}s-disagree",
        f"各项{name_zh}之和为{computed:g}，与填报的合计{printed:g}不一致",
        f"the {name}s add up to {computed:g}, but the form prints {printed:g}",
        field=field,
        severity=Severity.warning,
        source=source,
    )
