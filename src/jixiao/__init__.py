"""jixiao (绩效): read, re-score, audit, store and write 项目支出绩效自评表.

The public Python API::

    import jixiao
    results = jixiao.parse(["forms.txt"])      # one ParseResult per document
    for result in results:
        for form in result.forms:
            print(form.project_name, form.total_score)
"""

from jixiao.api import parse, parse_text
from jixiao.model import Form, Funds, FundsRow, Indicator, Location, Note, ParseResult, Problem, Source

__all__ = [
    "Form",
    "Funds",
    "FundsRow",
    "Indicator",
    "Location",
    "Note",
    "ParseResult",
    "Problem",
    "Source",
    "parse",
    "parse_text",
]

__version__ = "0.1.0"
