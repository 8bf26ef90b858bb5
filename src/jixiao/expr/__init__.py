"""Expressions: the 年度指标值 and 实际完成值 cells read into operator, number, unit, date or tier."""

from jixiao.expr.compare import Comparison, compare
from jixiao.expr.model import Expression, Kind, Op, Tier
from jixiao.expr.parse import classify_tier, is_vague, parse_expression

__all__ = [
    "Comparison",
    "Expression",
    "Kind",
    "Op",
    "Tier",
    "classify_tier",
    "compare",
    "is_vague",
    "parse_expression",
]
