"""``pdftotext -layout`` text -> a :class:`~jixiao.document.Grid` with columns.

Why a reader of its own: most 自评表 are published as PDF, and the text users most often make of
one is poppler's ``pdftotext -layout``, which keeps the table by padding with spaces.  Neither the
tabular reader (no delimiter) nor the flow reader (it reads words in order) can put a wrapped cell
back together, and layout text wraps everything: a 三级指标 text runs over several lines *above
and below* its row's values, a merged label (项目资金(万元), 产出指标, 数量指标) is printed once on
the middle line of its merged cell, and a page break repeats such labels on the next page.

How it reads (each step keeps the line and column of every value):

1. *Chunks*: each line is cut at runs of two or more spaces; pdftotext gives every character,
   CJK or not, one character column, so a chunk's start and end are display positions.  Two CJK
   texts joined by one space (``正常运行并验收合格 正常运行并验收合格``: a column too narrow for
   two spaces) are two chunks.
2. *Cells*: a chunk that fills its column (as wide as the widest chunk starting there) continues
   in the chunk below it in the same column, on the next line or the one after (the row's values
   may sit on the line between).
3. *Rows*: cells whose vertical centres coincide form a row (a wrapped cell is centred on its
   row's value line).  Level labels (产出指标, 数量指标) span several rows: each goes to the first
   row of the run of rows it is centred on (a small dynamic programme per indicator table).
4. *Columns*: each table (from a row of column labels on) takes its column positions from its
   fullest rows; every row's cells are matched to them in order, so a row with blank cells still
   puts each value under its header.

:func:`looks_like_layout` is the cheap structural test the text backend asks first; :func:`to_grid`
answers ``None`` when the text is not layout text after all.  Steps 1-2 live in
:mod:`~jixiao.readers.text.layout_cells`, step 3 in :mod:`~jixiao.readers.text.layout_rows`, step 4
in :mod:`~jixiao.readers.text.layout_columns`.
"""

from __future__ import annotations

import re
from collections import Counter

from jixiao.document import Cell, Grid, Row
from jixiao.model.provenance import Location
from jixiao.readers.text import flow_labels as fl
from jixiao.readers.text.layout_cells import (
    Chunk,
    Piece,
    cells_of,
    chunks_of,
    label_text,
    split_at_columns,
)
from jixiao.readers.text.layout_columns import columns
from jixiao.readers.text.layout_rows import LRow, filled_lines, place_labels, rows_of

_GAP = re.compile(r"\S(?: {2,})(?=\S)")
# 3, - 3 -, 第 3 页, 3/19, 第 3 页，共 19 页, Page 3 of 19 (a page's furniture, not a cell)
_PAGE_NUMBER = re.compile(
    r"^[-—–\s]*(?:第|page)?\s*\d{1,4}\s*页?\s*(?:(?:[,，/]|of|共)\s*共?\s*\d{1,4}\s*页?)?[-—–\s]*$",
    re.IGNORECASE,
)
_MIN_LINES = 5  # fewer padded lines than this is no layout text
_MIN_SHARE = 0.3  # ... nor are they when a small minority of the filled lines
_ALIGNED_SHARE = 0.5  # share of later chunks that start where chunks of other lines start
_SCAN_LINES = 600  # detection looks at the first lines only: it must stay cheap
_SPANNING = frozenset({fl.LEVEL1, fl.LEVEL2})


def looks_like_layout(text: str) -> bool:
    """Whether ``text`` is laid out in space-padded columns (pdftotext ``-layout`` and the like).

    Many lines must hold chunks separated by runs of spaces, and those chunks must start at the
    same positions line after line: prose indented or spaced by hand does not line up so."""
    if "   " not in text:
        return False
    starts: Counter[int] = Counter()
    later: list[int] = []
    filled = 0
    padded = 0
    for n, line in enumerate(text.split("\n")):
        if n >= _SCAN_LINES:
            break
        if "\t" in line or not line.strip():
            continue
        filled += 1
        gaps = [m.end() for m in _GAP.finditer(line)]
        if not gaps:
            continue
        padded += 1
        for g in gaps:
            starts[g] += 1
            later.append(g)
    if padded < _MIN_LINES or padded < _MIN_SHARE * filled:
        return False
    aligned = sum(1 for s in later if starts[s - 1] + starts[s] + starts[s + 1] >= 3)
    return aligned >= _ALIGNED_SHARE * len(later)


def to_grid(text: str) -> Grid | None:
    """The rows of layout text, each cell with its column; ``None`` when nothing was found."""
    try:
        raw = text.split("\n")
        pages = _pages(raw)
        lines = [chunks_of(ln.replace("\f", " "), i) for i, ln in enumerate(raw)]
        split_at_columns(lines)
        _drop_furniture(lines, raw)
        pieces = cells_of(lines)
        for p in pieces:
            p.kinds = fl.kinds_of(label_text(p))[0] if len(p.chunks) <= 4 else fl.NO_KINDS
        spanning = _level_labels(pieces)
        taken = {id(p) for p in spanning}
        blocks = [p for p in pieces if fl.IND_BLOCK in p.kinds and id(p) not in taken]
        taken.update(id(p) for p in blocks)
        others = [p for p in pieces if id(p) not in taken]
        if not others:
            return None
        filled = filled_lines(lines, {i for i, ln in enumerate(raw) if ln.startswith("\f")})
        rows = place_labels(rows_of(others), spanning, blocks, filled, pages)
        columns(rows)
        return Grid(rows=[_row(r, pages) for r in rows], has_columns=True)
    except Exception:  # a reader never raises; the flow reader gets its chance instead
        return None


def _level_labels(pieces: list[Piece]) -> list[Piece]:
    """The pieces that are level labels: a row leads with at most a level-1 and a level-2 label,
    so a label-like text after a level-2 label (服务对象满意度指标 as a 三级指标) is a value."""
    found = [p for p in pieces if p.kinds & _SPANNING and fl.IND_COL not in p.kinds]
    by_line: dict[int, list[Piece]] = {}
    for p in found:
        for n in range(p.top, p.bottom + 1):
            by_line.setdefault(n, []).append(p)
    out: list[Piece] = []
    for p in found:
        seen: set[int] = set()
        before: list[Piece] = []
        for n in range(p.top, p.bottom + 1):
            for q in by_line[n]:
                if q is not p and q.end <= p.start and id(q) not in seen:
                    seen.add(id(q))
                    before.append(q)
        if len(before) >= 2 or (len(before) == 1 and fl.LEVEL1 not in before[0].kinds):
            continue
        out.append(p)
    return out


def _pages(raw: list[str]) -> list[int]:
    page = 1
    out: list[int] = []
    for ln in raw:
        page += ln.count("\f")
        out.append(page)
    return out


def _drop_furniture(lines: list[list[Chunk]], raw: list[str]) -> None:
    """A page number alone on a page's last filled line (before a form feed, or at the end) is
    page furniture, not a cell.  The whole line is asked: ``第 1 页，共 5 页`` (a browser's or
    WeasyPrint's footer) falls into two chunks at the single space before its digits."""
    ends = [i for i, ln in enumerate(raw) if ln.startswith("\f")] + [len(raw)]
    for end in ends:
        j = end - 1
        while j >= 0 and not lines[j]:
            j -= 1
        if j >= 0 and _PAGE_NUMBER.match(" ".join(c.text for c in lines[j])):
            lines[j] = []


def _row(row: LRow, pages: list[int]) -> Row:
    cells = [
        Cell(
            p.text(),
            Location(
                line=p.top + 1,
                end_line=p.bottom + 1 if p.bottom != p.top else None,
                column=p.col + 1 if p.col is not None else None,
                page=pages[p.top] if pages[-1] > 1 else None,
            ),
            col=p.col,
        )
        for p in row.cells()
    ]
    return Row(cells, line=row.top + 1)


__all__ = ["looks_like_layout", "to_grid"]
