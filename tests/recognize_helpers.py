"""Helpers for the recognizer tests: text -> Document -> forms, without the API layer."""

from __future__ import annotations

from jixiao.document import Cell, Document, Grid, Row
from jixiao.model import Form, Location
from jixiao.readers.text.tabular import to_grid
from jixiao.recognize import RecognizeResult, recognize


def read(text: str, name: str = "test.txt") -> RecognizeResult:
    grid = to_grid(text)
    assert grid is not None, "the snippet should be row-structured"
    return recognize(Document(name=name, grids=[grid]))


def only_form(text: str) -> Form:
    result = read(text)
    assert len(result.forms) == 1, result.problems
    return result.forms[0]


def flow_grid(rows: list[list[str]], first_line: int = 1) -> Grid:
    """A grid as the flow reader emits it: one row per printed row, blanks left out, no columns."""
    out = []
    for n, texts in enumerate(rows, start=first_line):
        cells = [Cell(t, Location(line=n)) for t in texts if t.strip()]
        out.append(Row(cells, line=n))
    return Grid(rows=out, has_columns=False)


def codes(form: Form) -> list[str]:
    return [n.code for n in form.notes]
