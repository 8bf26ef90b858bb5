"""Layout text, step 3: cells into table rows, and merged level labels onto their rows.

Why: a wrapped cell is printed centred on its row's values, so cells whose vertical centres
coincide form a row.  A level label (产出指标, 数量指标) spans several rows and is printed once,
centred on them — on a line of its own, or on any line of its rows, and again at the top of the
next page when a page break cuts its merged cell.  The recognizer carries a label down from the
first row it is on, so each label must land on the *first* row of its run: per indicator table a
small dynamic programme splits the rows into one run per label, each as centred on its label as
possible; level-1 runs are unions of level-2 runs, and the lexicon's parents keep a level-2 label
under its own level-1.
"""

from __future__ import annotations

from bisect import bisect_right

from jixiao.lexicon import load_lexicon
from jixiao.readers.text import flow_labels as fl
from jixiao.readers.text.layout_cells import Chunk, Piece, label_text

_BLOCK_ABOVE = 8  # lines above a table's header where its block label (绩效指标) may be printed


class LRow:
    """One table row: its cells, the level labels placed on it, and the lines it covers."""

    __slots__ = ("bottom", "centre", "labels", "pieces", "top")

    def __init__(self, first: Piece) -> None:
        self.pieces = [first]
        self.labels: list[Piece] = []  # spanning labels placed on this row
        self.top = first.top
        self.bottom = first.bottom
        self.centre = first.centre

    def add(self, piece: Piece) -> None:
        self.pieces.append(piece)
        self.top = min(self.top, piece.top)
        self.bottom = max(self.bottom, piece.bottom)

    def cells(self) -> list[Piece]:
        return sorted(self.labels + self.pieces, key=lambda p: (p.end, p.start))


def rows_of(pieces: list[Piece]) -> list[LRow]:
    """Cells whose centres coincide (or whose lines overlap, centres close) form one row."""
    rows: list[LRow] = []
    for p in sorted(pieces, key=lambda p: (p.centre, p.start)):
        if rows:
            last = rows[-1]
            delta = abs(p.centre - last.centre)
            overlap = p.top <= last.bottom and last.top <= p.bottom
            if delta <= 0.5 or (overlap and delta <= 1.5):
                last.add(p)
                continue
        rows.append(LRow(p))
    return rows


def _is_ind_header(row: LRow) -> bool:
    return sum(1 for p in row.pieces if fl.IND_COL in p.kinds) >= 2


def _ends_table(row: LRow) -> bool:
    first = min(row.pieces, key=lambda p: p.start)
    return bool(first.kinds & {fl.TOTAL, fl.TITLE, fl.HEADER, fl.GRADE})


def place_labels(
    rows: list[LRow],
    labels: list[Piece],
    blocks: list[Piece],
    filled: list[int],
    pages: list[int],
) -> list[LRow]:
    """Level labels onto the first row of the rows they are centred on; block labels (绩效指标)
    onto their table's header row.  Labels outside any table become rows of their own."""
    loose: list[Piece] = []
    tables = _tables(rows)
    spans = [(float(rows[t[0]].top - _BLOCK_ABOVE), float(rows[t[-1]].bottom + 1)) for t in tables]
    tops = [lo for lo, _ in spans]
    for p in blocks:
        home = _header_for(p, rows, tables, spans, tops)
        if home is None:
            loose.append(p)
        elif not any(fl.IND_BLOCK in q.kinds for q in home.labels):
            home.labels.append(p)
    labels = sorted(labels, key=lambda p: p.centre)
    centres = [p.centre for p in labels]
    placed: set[int] = set()
    for table in tables:
        head, body = table[0], table[1:]
        lo = rows[head].bottom
        hi = rows[body[-1]].bottom if body else lo
        mine = labels[bisect_right(centres, lo) : bisect_right(centres, hi + 1)]
        placed.update(id(p) for p in mine)
        ones, twos = _label_columns(mine)
        body_rows = [rows[i] for i in body]
        # a level-1 run is a union of level-2 runs: its bounds are where level-2 runs start
        starts = _assign(twos, body_rows, None, [], filled, pages)
        lex = load_lexicon()
        parents: list[str | None] = [None] * len(body_rows)
        for i, p in starts.items():
            level2 = lex.level2(label_text(p))
            parents[i] = level2.parent if level2 is not None else None
        _assign(ones, body_rows, set(starts) if twos else None, parents, filled, pages)
    loose.extend(p for p in labels if id(p) not in placed)
    out = rows + [LRow(p) for p in loose]
    return sorted(out, key=lambda r: r.centre)


def _tables(rows: list[LRow]) -> list[list[int]]:
    """Indicator tables: a header row's index, then its body rows' indexes.

    The same header row again inside a table (nothing such as 总分 or the next title ended it)
    is the header repeated at the top of the next page (WeasyPrint and browsers repeat a table's head): the
    table goes on, and its merged labels are not drawn again there."""
    tables: list[list[int]] = []
    current: list[int] | None = None
    for i, row in enumerate(rows):
        if _is_ind_header(row):
            if current is not None and len(current) > 1 and _repeats(rows[current[0]], row):
                continue
            current = [i]
            tables.append(current)
        elif current is not None:
            if _ends_table(row):
                current = None
            else:
                current.append(i)
    return tables


def _repeats(head: LRow, row: LRow) -> bool:
    """Whether ``row`` prints the same column labels as ``head``."""
    return [label_text(p) for p in head.cells()] == [label_text(p) for p in row.cells()]


def _header_for(
    p: Piece,
    rows: list[LRow],
    tables: list[list[int]],
    spans: list[tuple[float, float]],
    tops: list[float],
) -> LRow | None:
    """The header row of the table whose lines (or the few above them) hold ``p``."""
    k = bisect_right(tops, p.centre) - 1
    if k >= 0 and spans[k][0] <= p.centre <= spans[k][1]:
        return rows[tables[k][0]]
    return None


def _label_columns(labels: list[Piece]) -> tuple[list[Piece], list[Piece]]:
    """Level labels split into their columns: level-1 left, level-2 right (成本指标 is either;
    its position decides)."""
    ones = [p for p in labels if fl.LEVEL1 in p.kinds and fl.LEVEL2 not in p.kinds]
    twos = [p for p in labels if fl.LEVEL2 in p.kinds and fl.LEVEL1 not in p.kinds]
    x1 = sum(p.middle for p in ones) / len(ones) if ones else None
    x2 = sum(p.middle for p in twos) / len(twos) if twos else None
    for p in labels:
        if p in ones or p in twos:
            continue
        if x1 is not None and (x2 is None or abs(p.middle - x1) < abs(p.middle - x2)):
            ones.append(p)
        else:
            twos.append(p)
    return sorted(ones, key=lambda p: p.centre), sorted(twos, key=lambda p: p.centre)


def _assign(
    labels: list[Piece],
    body: list[LRow],
    bounds: set[int] | None,
    parents: list[str | None],
    filled: list[int],
    pages: list[int],
) -> dict[int, Piece]:
    """Partition the body rows into runs, one per label in order, each run centred on its label;
    each label goes onto its run's first row.  ``bounds``: the rows a run may start at;
    ``parents``: per row, the level-1 its level-2 run belongs to by the lexicon (a level-1 run
    holding another's level-2 labels costs).  Answers the rows where runs start, with labels."""
    if not body or not labels:
        return {}
    groups: list[list[Piece]] = []
    for p in labels:  # a label repeated after a page break is one label
        if groups and label_text(groups[-1][0]) == label_text(p):
            groups[-1].append(p)
        else:
            groups.append([p])
    centres = [r.centre for r in body]
    # a merged cell cut by a page break is drawn at its centre, then again at the top of the next
    # page: the first drawing is the one centred on the cell's rows
    positions = [_position(g[0].centre, centres) for g in groups]
    lex = load_lexicon()
    canonical: list[str | None] = []
    for g in groups:
        level1 = lex.level1(label_text(g[0]))
        canonical.append(level1.canonical if level1 is not None else None)
    plan = _Plan(positions, canonical, parents)
    plan.lines = [_filled_line(g[0].centre, filled) for g in groups]
    plan.tops = [_filled_line(r.top, filled) for r in body]
    plan.bottoms = [_filled_line(r.bottom, filled) for r in body]
    plan.pages = [pages[r.top] for r in body]
    firsts = plan.partition(len(body), bounds) or plan.partition(len(body), None) or []
    for g, first in zip(groups, firsts, strict=True):
        body[first].labels.append(g[0])
    return {first: g[0] for g, first in zip(groups, firsts, strict=True)}


def filled_lines(lines: list[list[Chunk]], breaks: set[int]) -> list[int]:
    """Each line's place on one continuous page: the blank lines that end a page (before the
    form feed at a line of ``breaks``; merged labels drawn there count as blank) do not count,
    every other line does (a blank line inside a table is the height of a taller row)."""
    out: list[int] = []
    n = 0
    blank = 0
    for i, chunks in enumerate(lines):
        if i in breaks:
            n -= blank
        out.append(n)
        n += 1
        blank = blank + 1 if _furniture(chunks) else 0
    return out


_MERGED = frozenset({fl.LEVEL1, fl.LEVEL2, fl.IND_BLOCK})


def _furniture(chunks: list[Chunk]) -> bool:
    """A blank line, or one holding only merged labels (drawn again at a page's foot)."""
    return all(fl.kinds_of(c.text)[0] & _MERGED for c in chunks)


def _filled_line(line: float, filled: list[int]) -> float:
    whole = int(line)
    return filled[whole] + (line - whole)


def _position(line: float, centres: list[float]) -> float:
    """Where ``line`` falls among the rows, in row indexes (a row's own centre gives its index)."""
    pos = -0.5
    for c in centres:
        if c < line:
            pos += 1.0
        elif c == line:
            pos += 0.5
    return pos


_FOREIGN = 2.0  # cost of a level-2 label under a level-1 that is not its parent


class _Plan:
    """Labels in order, to be given runs of rows."""

    def __init__(
        self, positions: list[float], canonical: list[str | None], parents: list[str | None]
    ) -> None:
        self.positions = positions
        self.canonical = canonical
        self.parents = parents
        self.lines: list[float] = []  # each label's line
        self.tops: list[float] = []  # each row's first and last line
        self.bottoms: list[float] = []
        self.pages: list[int] = []  # each row's page

    def cost(self, k: int, i: int, j: int) -> float:
        """Label ``k`` over rows ``i..j-1``: how far off centre, and whose level-2 runs it holds."""
        # off centre counted in rows and in lines: rows of one line and rows of ten are both
        # rows, but a label sits in the middle of the lines its merged cell covers
        cost = self._off_centre(k, i, j)
        if self.pages and self.pages[i] != self.pages[j - 1]:
            # a merged cell cut by a page break: some producers (WeasyPrint) draw its label on
            # the first line of the cut cell, or centred on the part before the break
            f = i
            while self.pages[f] == self.pages[i]:
                f += 1
            cost = min(cost, self._off_centre(k, i, f), self._off_centre(k, i, i + 1))
        mine = self.canonical[k]
        if mine is not None and self.parents:
            for r in range(i, j):
                parent = self.parents[r]
                if parent is not None and parent != mine:
                    cost += _FOREIGN
        return cost

    def _off_centre(self, k: int, i: int, j: int) -> float:
        cost = abs((i + j - 1) / 2 - self.positions[k])
        if self.lines:
            cost += abs((self.tops[i] + self.bottoms[j - 1]) / 2 - self.lines[k])
        return cost

    def partition(self, n: int, bounds: set[int] | None) -> list[int] | None:
        """The first row of each label's run: runs cover rows 0..n-1 in order, as cheap as
        possible, starting only at ``bounds`` (any row when ``None``).  With more labels than
        rows each takes its nearest row; ``None``: no partition fits."""
        m = len(self.positions)
        if m > n:
            return [min(max(round(p), 0), n - 1) for p in self.positions]
        inf = float("inf")
        # best[k][j]: cost of giving rows 0..j-1 to labels 0..k-1
        best = [[inf] * (n + 1) for _ in range(m + 1)]
        back = [[0] * (n + 1) for _ in range(m + 1)]
        best[0][0] = 0.0
        for k in range(1, m + 1):
            for j in range(k, n - (m - k) + 1):
                if bounds is not None and j < n and j not in bounds:
                    continue
                for i in range(k - 1, j):
                    prev = best[k - 1][i]
                    if prev == inf:
                        continue
                    cost = prev + self.cost(k - 1, i, j)
                    if cost < best[k][j]:
                        best[k][j] = cost
                        back[k][j] = i
        if best[m][n] == inf:
            return None
        firsts = [0] * m
        j = n
        for k in range(m, 0, -1):
            i = back[k][j]
            firsts[k - 1] = i
            j = i
        return firsts


__all__ = ["LRow", "filled_lines", "place_labels", "rows_of"]
