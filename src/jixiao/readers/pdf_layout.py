"""One PDF page to grids: ruled tables with their merged cells, and the free text around them.

Why our own span reconstruction: pdfplumber returns ``None`` in the slots a merged cell covers and
has no span API, but each cell's box lies exactly on the table's rulings.  The distinct x and y
edges of all cell boxes define the grid; a box covering k of those column gaps has colspan k.

What a page gives: one grid per ruled table (``has_columns``; each cell once at its top-left slot
with ``col`` 0-based, ``Location.row``/``column`` 1-based grid slot, ``bbox`` in points from the
page's top-left corner), and the free text outside the tables (title, year, unit line) as grids of
single-cell rows (``has_columns=False``) placed before the table below them, so a form's title
comes right before its table even when two forms share a page.

Why closing rulings: a merged cell cut by a page break is printed without its bottom (or, on the
next page, top) rule, so pdfplumber finds no cell there and the first-column labels vanish.  The
reader draws the missing rule from the ends of the vertical rulings that stop at the same height
as the table's outermost ones.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from pdfplumber.table import (
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)

from jixiao.document import Cell, Grid, Row
from jixiao.model.provenance import Location
from jixiao.readers.pdf_objects import Obj, PageObjects
from jixiao.readers.pdf_text import Char, cell_text, chunks

Box = tuple[float, float, float, float]  # x0, top, x1, bottom

SNAP = 3.0  # pt: rulings this close are one ruling (pdfplumber's default tolerances)
JOIN = 3.0
INTERSECT = 3.0
MIN_EDGE = 3.0  # pt: shorter segments are glyph strokes or dots, not rulings
MAX_EDGES = 4000  # ruling segments per page past which a page is a drawing, not a form: the
# table finder is quadratic in them, and a map or chart must not stall a batch
_MIN_CELLS = 2  # a lone box (a frame around a logo, a stamp) is not a table
_TOL = 1.0  # pt: cell edges closer than this are the same ruling


@dataclass(slots=True)
class PageContent:
    grids: list[Grid]
    cid_chars: int  # characters extracted as "(cid:NNN)" (font without a ToUnicode map)
    too_complex: bool = False  # more than MAX_EDGES rulings: tables not looked for, text kept


def _distinct(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _TOL:
            out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    """Index of the edge nearest to ``v`` (the value is on a ruling up to snapping)."""
    i = bisect_right(edges, v)
    if i == len(edges) or (i > 0 and v - edges[i - 1] <= edges[i] - v):
        return i - 1
    return i


def _closing_edges(edges: list[Obj]) -> list[Obj]:
    """Horizontal rules at the top and bottom ends of the vertical rulings, where the page cut them."""
    verticals = [e for e in edges if e["orientation"] == "v" and e["height"] > MIN_EDGE]
    if not verticals:
        return []
    out: list[Obj] = []
    for y, key in (
        (min(e["top"] for e in verticals), "top"),
        (max(e["bottom"] for e in verticals), "bottom"),
    ):
        xs = [e["x0"] for e in verticals if abs(e[key] - y) <= _TOL]
        if len(xs) >= 2:
            x0, x1 = min(xs), max(xs)
            out.append(
                {
                    "object_type": "edge",
                    "orientation": "h",
                    "x0": x0,
                    "x1": x1,
                    "top": y,
                    "bottom": y,
                    "width": x1 - x0,
                    "height": 0.0,
                }
            )
    return out


def find_tables(edges: list[Obj]) -> list[list[Box]]:
    """Ruled tables as lists of cell boxes, by pdfplumber's lines strategy on our own edges.

    The steps are pdfplumber's TableFinder (snap and join collinear segments, intersect, take
    the smallest closed rectangles, group touching cells) without its page object.
    """
    edges = [e for e in edges if (e["height"] if e["orientation"] == "v" else e["width"]) >= 1]
    merged = merge_edges(edges + _closing_edges(edges), SNAP, SNAP, JOIN, JOIN)
    merged = [
        e for e in merged if (e["height"] if e["orientation"] == "v" else e["width"]) >= MIN_EDGE
    ]
    cells = intersections_to_cells(edges_to_intersections(merged, INTERSECT, INTERSECT))
    return [
        [(float(c[0]), float(c[1]), float(c[2]), float(c[3])) for c in group]
        for group in cells_to_tables(cells)
        if len(group) >= _MIN_CELLS
    ]


def _table_grid(boxes: list[Box], chars: list[Char], page: int) -> tuple[Grid, list[Char]]:
    """A grid from a table's cell boxes, and the characters that fell in no cell."""
    xs = _distinct([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _distinct([b[1] for b in boxes] + [b[3] for b in boxes])
    spans: list[tuple[int, int, int, int]] = []  # row, col, rowspan, colspan
    slot: dict[tuple[int, int], int] = {}
    for n, (x0, top, x1, bottom) in enumerate(boxes):
        c0, c1 = _index(xs, x0), _index(xs, x1)
        r0, r1 = _index(ys, top), _index(ys, bottom)
        spans.append((r0, c0, max(r1 - r0, 1), max(c1 - c0, 1)))
        for r in range(r0, max(r1, r0 + 1)):
            for c in range(c0, max(c1, c0 + 1)):
                slot.setdefault((r, c), n)
    inside: list[list[Char]] = [[] for _ in boxes]
    outside: list[Char] = []
    for ch in chars:  # clamped: overflow of a cut cell lies just beyond the table (see _overflow)
        r = min(max(bisect_right(ys, (ch["top"] + ch["bottom"]) / 2) - 1, 0), len(ys) - 2)
        c = min(max(bisect_right(xs, (ch["x0"] + ch["x1"]) / 2) - 1, 0), len(xs) - 2)
        n = slot.get((r, c), -1)
        (inside[n] if n >= 0 else outside).append(ch)
    rows: list[list[Cell]] = [[] for _ in range(len(ys) - 1)]
    for n in sorted(range(len(boxes)), key=lambda k: (spans[k][0], spans[k][1])):
        r, c, rowspan, colspan = spans[n]
        box = tuple(round(v, 1) for v in boxes[n])
        where = Location(page=page, bbox=box, row=r + 1, column=c + 1)
        rows[r].append(Cell(cell_text(inside[n]), where, colspan=colspan, rowspan=rowspan, col=c))
    return Grid(rows=[Row(cells) for cells in rows], origin=Location(page=page)), outside


def _text_grid(pieces: list[tuple[str, Box]], page: int) -> Grid:
    rows = [
        Row(
            [
                Cell(
                    text,
                    Location(page=page, bbox=tuple(round(v, 1) for v in box), row=i, column=1),
                    col=0,
                )
            ]
        )
        for i, (text, box) in enumerate(pieces, start=1)
    ]
    return Grid(rows=rows, origin=Location(page=page), has_columns=False)


def _bounds(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _overflow(
    boxes: list[Box], edges: list[Obj], chars: list[Char]
) -> tuple[list[Char], list[Char]]:
    """Characters beyond a page-cut edge of the table that belong to the cut cells; and the rest.

    Why: a spreadsheet prints a merged cell's text at the middle of the whole merged range, so
    when a page break cuts the range, the text is drawn past the end of the table on one page and
    clipped away (invisible, but in the text layer).  Such text lies beyond the table, inside the
    columns of a cell whose edge has no ruling, and it belongs to that cell, not to the free text.
    """
    _, top, _, bottom = _bounds(boxes)
    rules = [e for e in edges if e["orientation"] == "h"]

    def ruled(y: float, x: float) -> bool:
        return any(
            abs(e["top"] - y) <= SNAP and e["x0"] - SNAP <= x <= e["x1"] + SNAP for e in rules
        )

    below = [
        (b[0], b[2])
        for b in boxes
        if abs(b[3] - bottom) <= _TOL and not ruled(bottom, (b[0] + b[2]) / 2)
    ]
    above = [
        (b[0], b[2]) for b in boxes if abs(b[1] - top) <= _TOL and not ruled(top, (b[0] + b[2]) / 2)
    ]
    if not below and not above:
        return [], chars
    taken: list[Char] = []
    rest: list[Char] = []
    for c in chars:
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        cut = below if cy > bottom else above if cy < top else []
        (taken if any(a <= cx <= b for a, b in cut) else rest).append(c)
    return taken, rest


def read_page(page: PageObjects, number: int) -> PageContent:
    """The grids of one page, in reading order (free text before the table below it)."""
    chars = [c for c in page.chars if c["text"].strip()]
    cid = sum(1 for c in chars if c["text"].startswith("(cid:"))
    too_complex = len(page.edges) > MAX_EDGES
    found = [] if too_complex else find_tables(page.edges)
    tables = sorted(found, key=lambda t: (_bounds(t)[1], _bounds(t)[0]))
    rest = chars
    assigned: list[list[Char]] = []
    for boxes in tables:
        x0, top, x1, bottom = _bounds(boxes)
        mine: list[Char] = []
        others: list[Char] = []
        for c in rest:
            inside = (
                x0 <= (c["x0"] + c["x1"]) / 2 <= x1
                and top <= (c["top"] + c["bottom"]) / 2 <= bottom
            )
            (mine if inside else others).append(c)
        assigned.append(mine)
        rest = others
    placed: list[tuple[float, Grid]] = []
    for boxes, mine in zip(tables, assigned, strict=True):
        extra, rest = _overflow(boxes, page.edges, rest)
        grid, stray = _table_grid(boxes, mine + extra, number)
        placed.append((_bounds(boxes)[1], grid))
        rest += stray
    pieces = chunks(rest, page.height)
    grids: list[Grid] = []
    i = 0
    for top, grid in placed:  # free text above a table goes before it; the rest after the last
        before = [p for p in pieces[i:] if p[1][1] < top]
        i += len(before)
        if before:
            grids.append(_text_grid(before, number))
        grids.append(grid)
    if pieces[i:]:
        grids.append(_text_grid(pieces[i:], number))
    return PageContent(grids=grids, cid_chars=cid, too_complex=too_complex)
