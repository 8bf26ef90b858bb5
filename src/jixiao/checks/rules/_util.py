"""Helpers shared by rule modules: amounts in the funds unit, row roles."""

from __future__ import annotations

from jixiao.checks.registry import Context
from jixiao.expr import Expression, Kind, Op
from jixiao.expr.lexicon import units
from jixiao.scoring import RowScore

CEILING_OPS = (Op.le, Op.lt)


def funds_scale(ctx: Context) -> float:
    """元 per unit of the funds block (万元 → 10000)."""
    info = units().get(ctx.form.funds.unit or "万元")
    return info.scale if info and info.dimension == "money" else 10000.0


def amount(ctx: Context, e: Expression) -> float | None:
    """A money total (not a rate such as 元/人) in the funds unit, or None."""
    if e.kind is not Kind.number or e.dimension != "money" or e.per or e.base_value is None:
        return None
    return e.base_value / funds_scale(ctx)


def is_cost(ctx: Context, r: RowScore) -> bool:
    return r.level2 in ctx.profile.roles.cost_level2 or r.level1 in ctx.profile.roles.cost_level2


def is_quantity(ctx: Context, r: RowScore) -> bool:
    return r.level2 in ctx.profile.roles.quantity_level2


def is_satisfaction(ctx: Context, r: RowScore) -> bool:
    return r.level1 == ctx.profile.roles.satisfaction_level1
