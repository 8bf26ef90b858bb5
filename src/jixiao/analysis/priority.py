"""The review priority: a transparent sum of points, the same in SQL (to rank) and in words.

A reviewer with hundreds of forms wants the ones where a careful look pays off first.  Each
reason adds points, and the report lists the reasons beside each form, so the ranking can be
checked by hand and argued with:

* each error-level finding: 10 points; each warning: 2 points;
* printed 总分 above the recomputed one: 5 points per point of difference (a difference below
  0.05, rounding, is ignored);
* printed 自评等级 better than the recomputed grade: 15 points;
* budget execution rate below 60 %: 15 points; 60-80 %: 8 points; above 100 %: 8 points;
  not stated: 5 points;
* an incomplete form (cut off, parts missing): 10 points.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case, literal

ERROR = 10.0
WARNING = 2.0
INFLATION = 5.0
INFLATION_TOLERANCE = 0.05
GRADE = 15.0
RATE_LOW, RATE_LOW_BELOW = 15.0, 0.6
RATE_MID, RATE_MID_BELOW = 8.0, 0.8
RATE_OVER, RATE_OVER_ABOVE = 8.0, 1.0 + 1e-9
RATE_MISSING = 5.0
INCOMPLETE = 10.0

GRADE_RANK = {"优": 4, "良": 3, "中": 2, "差": 1}

RULES = [
    f"每条错误级审核意见 {ERROR:g} 分，每条警告 {WARNING:g} 分",
    f"自评总分高于复核总分：每高 1 分计 {INFLATION:g} 分（差额小于 {INFLATION_TOLERANCE:g} 视为四舍五入，不计）",
    f"自评等级高于复核等级：{GRADE:g} 分",
    f"资金执行率低于 60%：{RATE_LOW:g} 分；60%–80%：{RATE_MID:g} 分；超过 100%：{RATE_OVER:g} 分；"
    f"未填写：{RATE_MISSING:g} 分",
    f"表格不完整：{INCOMPLETE:g} 分",
]


def _rank(column: Any) -> ColumnElement[int]:
    return case(*((column == g, r) for g, r in GRADE_RANK.items()), else_=0)


def priority_sql(f: Any) -> ColumnElement[float]:
    """The priority of the forms in subquery ``f`` (a :func:`scope`), as one SQL expression."""
    inflation = f.c.self_total - f.c.recomputed_total
    total: ColumnElement[float] = (
        f.c.n_errors * ERROR
        + f.c.n_warnings * WARNING
        + case((inflation > INFLATION_TOLERANCE, inflation * INFLATION), else_=literal(0.0))
        + case(
            (_rank(f.c.recomputed_grade) > 0,
             case((_rank(f.c.grade) > _rank(f.c.recomputed_grade), GRADE), else_=literal(0.0))),
            else_=literal(0.0),
        )
        + case(
            (f.c.funds_rate.is_(None), RATE_MISSING),
            (f.c.funds_rate < RATE_LOW_BELOW, RATE_LOW),
            (f.c.funds_rate < RATE_MID_BELOW, RATE_MID),
            (f.c.funds_rate > RATE_OVER_ABOVE, RATE_OVER),
            else_=literal(0.0),
        )
        + case((f.c.complete, literal(0.0)), else_=INCOMPLETE)
    )
    return total


def reasons(row: Any) -> tuple[float, list[str]]:
    """The points of one form (a row with the scope's columns) and why, in Chinese.

    Mirrors :func:`priority_sql` exactly; the tests hold the two to the same numbers."""
    points, why = 0.0, []
    if row.n_errors:
        points += row.n_errors * ERROR
        why.append(f"{row.n_errors} 条错误（+{row.n_errors * ERROR:g}）")
    if row.n_warnings:
        points += row.n_warnings * WARNING
        why.append(f"{row.n_warnings} 条警告（+{row.n_warnings * WARNING:g}）")
    if row.self_total is not None and row.recomputed_total is not None:
        gap = row.self_total - row.recomputed_total
        if gap > INFLATION_TOLERANCE:
            points += gap * INFLATION
            why.append(f"自评总分比复核高 {gap:.2f} 分（+{gap * INFLATION:.1f}）")
    own, checked = GRADE_RANK.get(row.grade or "", 0), GRADE_RANK.get(row.recomputed_grade or "", 0)
    if checked and own > checked:
        points += GRADE
        why.append(f"自评等级“{row.grade}”高于复核等级“{row.recomputed_grade}”（+{GRADE:g}）")
    rate = row.funds_rate
    if rate is None:
        points += RATE_MISSING
        why.append(f"未填写资金执行率（+{RATE_MISSING:g}）")
    elif rate < RATE_LOW_BELOW:
        points += RATE_LOW
        why.append(f"执行率 {rate:.0%}，低于 60%（+{RATE_LOW:g}）")
    elif rate < RATE_MID_BELOW:
        points += RATE_MID
        why.append(f"执行率 {rate:.0%}，低于 80%（+{RATE_MID:g}）")
    elif rate > RATE_OVER_ABOVE:
        points += RATE_OVER
        why.append(f"执行率 {rate:.1%}，超过 100%（+{RATE_OVER:g}）")
    if not row.complete:
        points += INCOMPLETE
        why.append(f"表格不完整（+{INCOMPLETE:g}）")
    return points, why
