"""Layout text, step 4: every cell's column.

Why by order and not by position alone: headers are centred over their columns while numbers are
right-aligned and texts left-aligned, and pdftotext's character columns drift within a line that
holds Latin letters or digits (each takes a full column but half the width).  So each table (from a
row of column labels on) takes its column positions from its fullest rows, and every row's cells
are matched to them in order, as close to those positions as possible: a row with blank cells
still puts each value under its header.
"""

from __future__ import annotations

from jixiao.readers.text import flow_labels as fl
from jixiao.readers.text.layout_cells import Piece
from jixiao.readers.text.layout_rows import LRow


def columns(rows: list[LRow]) -> None:
    """Give every cell its column: each table's rows are matched, in order, to the positions of
    its fullest rows.  Rows before any table of column labels count their cells."""
    sections: list[list[LRow]] = []
    current: list[LRow] = []
    for row in rows:
        cells = row.cells()
        if _opens_section(cells):
            if current:
                sections.append(current)
            current = [row]
        else:
            current.append(row)
    if current:
        sections.append(current)
    for section in sections:
        _columns_of(section)


def _opens_section(cells: list[Piece]) -> bool:
    first = cells[0]
    if first.kinds & {fl.TITLE, fl.HEADER, fl.TOTAL}:
        return True
    return len(cells) >= 2 and all(p.kinds for p in cells)


def _columns_of(section: list[LRow]) -> None:
    counts = [len(r.cells()) for r in section]
    most = max(counts)
    full = [r.cells() for r, n in zip(section, counts, strict=True) if n == most]
    anchors = [sum(cells[k].middle for cells in full) / len(full) for k in range(most)]
    for row in section:
        cells = row.cells()
        for p, col in zip(cells, _match(cells, anchors), strict=True):
            p.col = col


def _match(cells: list[Piece], anchors: list[float]) -> list[int]:
    """Cells in order onto increasing anchor indexes, as close to their positions as possible."""
    n, m = len(cells), len(anchors)
    if n == m:
        return list(range(n))
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    take = [[False] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        best[0][j] = 0.0
    for i in range(1, n + 1):
        for j in range(i, m + 1):
            skip = best[i][j - 1]
            use = best[i - 1][j - 1] + abs(cells[i - 1].middle - anchors[j - 1])
            if use <= skip:
                best[i][j], take[i][j] = use, True
            else:
                best[i][j] = skip
    out = [0] * n
    i, j = n, m
    while i > 0:
        if take[i][j]:
            out[i - 1] = j - 1
            i -= 1
        j -= 1
    return out


__all__ = ["columns"]
