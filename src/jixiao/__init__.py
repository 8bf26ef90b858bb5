"""jixiao (绩效): read, re-score, audit, store and write 项目支出绩效自评表.

The public Python API::

    import jixiao
    results = jixiao.parse(["forms.txt"])      # one ParseResult per document
    for result in results:
        for form in result.forms:
            print(form.project_name, form.total_score)
    scores = jixiao.score(["forms.txt"])       # recomputed scores, row by row, with reasons
    findings = jixiao.audit(["forms.txt"])     # every problem a reviewer would flag

The functions are imported on first use, so ``import jixiao.model`` stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# First: decides whether the compiled reader (scripts/compile.py) or its sources run.
from jixiao import _native  # noqa: F401
from jixiao.model import (
    Form,
    Funds,
    FundsRow,
    Indicator,
    Location,
    Note,
    ParseResult,
    Problem,
    Source,
)

if TYPE_CHECKING:
    from jixiao.api import iter_parse, parse, parse_text
    from jixiao.checks.api import audit
    from jixiao.scoring.api import score

#: public function -> the module that defines it
_LAZY = {
    "parse": "jixiao.api",
    "parse_text": "jixiao.api",
    "iter_parse": "jixiao.api",
    "score": "jixiao.scoring.api",
    "audit": "jixiao.checks.api",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'jixiao' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


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
    "audit",
    "iter_parse",
    "parse",
    "parse_text",
    "score",
]

__version__ = "0.1.0"
