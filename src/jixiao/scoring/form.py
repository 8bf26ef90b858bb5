"""Recompute a whole form: funds, every row, totals and grades."""

from __future__ import annotations

from jixiao.model import Form
from jixiao.profile import Profile, choose_profile
from jixiao.scoring.funds import score_funds
from jixiao.scoring.model import FormScore, Method, RowScore
from jixiao.scoring.rows import score_row


def _bounds(row: RowScore) -> tuple[float, float]:
    if row.method is Method.not_applicable:
        return 0.0, 0.0
    if row.low is not None and row.high is not None:
        return row.low, row.high
    value = row.printed or 0.0  # no formula: the printed score stands
    return value, value


def score_form(form: Form, profile: Profile | None = None) -> FormScore:
    """Recompute ``form`` under ``profile`` (chosen from the form when None).  Never raises."""
    profile = profile or choose_profile(form)
    funds = score_funds(form.funds, profile)
    rows = [score_row(i, ind, profile, form.year) for i, ind in enumerate(form.indicators)]
    weight_sum = (funds.weight or 0.0) + sum(r.weight or 0.0 for r in rows)
    printed = [funds.printed] + [r.printed for r in rows if r.weight is not None]
    printed_sum = None if any(p is None for p in printed) else sum(p or 0.0 for p in printed)
    f_value = funds.expected if funds.expected is not None else (funds.printed or 0.0)
    recomputed = f_value + sum(r.recomputed or 0.0 for r in rows
                               if r.method is not Method.not_applicable)
    low = f_value + sum(_bounds(r)[0] for r in rows)
    high = f_value + sum(_bounds(r)[1] for r in rows)
    return FormScore(
        document=form.document, form_index=form.form_index, project_name=form.project_name,
        profile=profile.name, funds=funds, rows=rows, weight_sum=weight_sum,
        printed_sum=printed_sum, printed_total=form.total_score, recomputed_total=recomputed,
        recomputed_low=low, recomputed_high=high, printed_grade=form.grade,
        grade_of_printed_total=(None if form.total_score is None
                                else profile.grade(form.total_score)),
        recomputed_grade=profile.grade(recomputed),
    )
