"""Pieces shared by the docx and HTML backends: text blocks as grids, nested tables in place.

A nested table (a table inside a cell) is emitted as its own grid right after the row that holds
it, and the outer table continues in a new grid after it.  That keeps document order (the rows of
an indicator table nested in the 绩效指标 cell come before the outer 总分 row) without copying any
cell; rowspans that would cross the cut are shortened to end at it.
"""

from __future__ import annotations

from jixiao.document import Cell, Grid, Row
from jixiao.model.provenance import Location


def text_grid(lines: list[tuple[str, Location]], origin: Location) -> Grid:
    """Free text (title, year, notes between tables): one single-cell row per line."""
    rows = [Row([Cell(text, where, col=0)]) for text, where in lines if text.strip()]
    return Grid(rows=rows, origin=origin, has_columns=False)


def cut_at_nested(rows: list[Row], nested: dict[int, list[Grid]], origin: Location) -> list[Grid]:
    """The table's rows as grids, each nested table placed after the row (index) holding it."""
    if not nested:
        return [Grid(rows=rows, origin=origin)] if rows else []
    out: list[Grid] = []
    start = 0
    for cut in sorted(nested):
        part = rows[start : cut + 1]
        for i, row in enumerate(part):
            for cell in row.cells:
                cell.rowspan = min(cell.rowspan, len(part) - i)
        if part:
            out.append(Grid(rows=part, origin=origin))
        out.extend(nested[cut])
        start = cut + 1
    if rows[start:]:
        out.append(Grid(rows=rows[start:], origin=origin))
    return out
