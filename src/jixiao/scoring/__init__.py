"""Re-scoring: what the rules say each score of a form should be, with the formula and numbers."""

from jixiao.scoring.form import score_form
from jixiao.scoring.funds import score_funds
from jixiao.scoring.model import FormScore, FundsScore, Method, RowScore, Status
from jixiao.scoring.rows import score_row

__all__ = [
    "FormScore",
    "FundsScore",
    "Method",
    "RowScore",
    "Status",
    "score_form",
    "score_funds",
    "score_row",
]
