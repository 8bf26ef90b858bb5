"""The typed core: forms, their values' sources, and the notes and problems readers report."""

from jixiao.model.form import Form, Funds, FundsRow, Indicator
from jixiao.model.problem import ParseResult, Problem
from jixiao.model.provenance import Location, Note, Severity, Source

__all__ = [
    "Form",
    "Funds",
    "FundsRow",
    "Indicator",
    "Location",
    "Note",
    "ParseResult",
    "Problem",
    "Severity",
    "Source",
]
