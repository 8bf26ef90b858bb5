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
answers ``None`` when the text is not layout text after all.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from jixiao.document import Cell, Grid, Row
from jixiao.lexicon import load_lexicon
from jixiao.model.provenance import Location
from jixiao.readers.text import flow_labels as fl

_GAP = re.compile(r"\S(?: {2,})(?=\S)")
_CHUNK = re.compile(r"\S+(?: \S+)*")
_PAGE_NUMBER = re.compile(r"^[-—–第\s]*\d{1,4}[\s页/共\d—–-]*$")
_MIN_LINES = 5  # fewer padded lines than this is no layout text
_MIN_SHARE = 0.3  # ... nor are they when a small minority of the filled lines
_ALIGNED_SHARE = 0.5  # share of later chunks that start where chunks of other lines start
_SCAN_LINES = 600  # detection looks at the first lines only: it must stay cheap
_FULL_SLACK = 1.6  # display units a line may fall short of its column and still be "full"
_MIN_WRAP = 3.0  # a column narrower than this never wraps
_NEIGHBOURHOOD = 6  # lines around a chunk whose chunks define its column's width
_DRIFT = 4  # columns a wrapped line may start left of the line above (Latin letters are narrow)
_SPANNING = frozenset({fl.LEVEL1, fl.LEVEL2})
_SECTION_LABELS = frozenset({fl.TITLE, fl.HEADER, fl.IND_COL, fl.TOTAL})
# labels that begin a row (a merged label such as 产出指标 may sit on any line of its rows)
_ROW_LABELS = frozenset(
    {fl.TITLE, fl.HEADER, fl.FUNDS_COL, fl.FUNDS_ROW, fl.IND_COL, fl.TOTAL, fl.GRADE}
)


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


# --- chunks and cells ---------------------------------------------------------------------------


@dataclass(slots=True)
class Chunk:
    """A run of text on one line between runs of spaces (display positions ``start``..``end``)."""

    line: int  # 0-based line index
    start: int
    end: int
    text: str
    width: float  # physical width: a CJK character is wider than a Latin one
    section: int = 0  # lines from one title, header label, column labels or total to the next


@dataclass(slots=True)
class Piece:
    """One printed cell: the chunks of its wrapped lines, top to bottom."""

    chunks: list[Chunk]
    kinds: frozenset[str] = fl.NO_KINDS
    col: int | None = None

    @property
    def top(self) -> int:
        return self.chunks[0].line

    @property
    def bottom(self) -> int:
        return self.chunks[-1].line

    @property
    def centre(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def start(self) -> int:
        return min(c.start for c in self.chunks)

    @property
    def end(self) -> int:
        return max(c.end for c in self.chunks)

    @property
    def middle(self) -> float:
        return (self.start + self.end) / 2

    def text(self) -> str:
        out = self.chunks[0].text
        for c in self.chunks[1:]:
            sep = " " if out[-1:].isascii() and out[-1:].isalnum() and c.text[:1].isascii() else ""
            out += sep + c.text
        return out


def _is_wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def _width(text: str) -> float:
    return sum(1.0 if _is_wide(ch) else 0.55 for ch in text)


def _chunks_of(line: str, no: int) -> list[Chunk]:
    out: list[Chunk] = []
    for m in _CHUNK.finditer(line):
        for start, text in _split_joined(m.start(), m.group()):
            out.append(Chunk(no, start, start + len(text), text, _width(text)))
    return out


def _split_joined(start: int, text: str) -> list[tuple[int, str]]:
    """Two CJK texts joined by one space are two cells: a column too narrow for the padding."""
    if " " not in text:
        return [(start, text)]
    out: list[tuple[int, str]] = []
    begin = 0
    for i, ch in enumerate(text):
        if ch == " " and 0 < i < len(text) - 1 and _splits(text[begin:i], text[i + 1]):
            out.append((start + begin, text[begin:i]))
            begin = i + 1
    out.append((start + begin, text[begin:]))
    return out


def _splits(before: str, after: str) -> bool:
    """Whether a single space after ``before`` ends a cell: CJK on both sides, or a CJK label
    before a number (年度总体目 10.08万元 ...), not 第 1 页."""
    if not _is_wide(before[-1]):
        return False
    return _is_wide(after) or (after.isdigit() and len(before) >= 2)


def _column_width(chunk: Chunk, by_start: dict[int, list[Chunk]]) -> float:
    """The widest chunk starting where ``chunk`` starts, in the lines around it (of its section:
    the next form's title is no evidence of this table's column widths)."""
    widest = 0.0
    for s in (chunk.start - 1, chunk.start, chunk.start + 1):
        for other in by_start.get(s, []):
            if (
                abs(other.line - chunk.line) <= _NEIGHBOURHOOD
                and other.section == chunk.section
                and other.width > widest
            ):
                widest = other.width
    return widest


def _overlaps(a: Chunk, b: Chunk) -> bool:
    return a.start < b.end and b.start < a.end


def _pieces(lines: list[list[Chunk]]) -> list[Piece]:
    """Chunks joined into cells: a full line continues in the chunk below it."""
    by_start: dict[int, list[Chunk]] = {}
    section = 0
    for chunks in lines:
        if chunks and fl.kinds_of(chunks[0].text)[0] & _SECTION_LABELS:
            section += 1
        for c in chunks:
            c.section = section
            by_start.setdefault(c.start, []).append(c)
    owner: dict[int, Piece] = {}
    pieces: list[Piece] = []
    for chunks in lines:
        for c in chunks:
            piece = owner.get(id(c))
            if piece is None:
                piece = Piece([c])
                pieces.append(piece)
                owner[id(c)] = piece
            # a wrapped cell's lines but the last are all about as wide as its first
            floor = max(o.width for o in piece.chunks)
            found = _continuation(c, lines, by_start, floor)
            if found is None or id(found[0]) in owner:
                continue
            below, step = found
            if _joins(c, below, step, lines, owner, by_start, len(piece.chunks) == 1):
                piece.chunks.append(below)
                owner[id(below)] = piece
    return pieces


def _joins(
    c: Chunk,
    below: Chunk,
    step: int,
    lines: list[list[Chunk]],
    owner: dict[int, Piece],
    by_start: dict[int, list[Chunk]],
    first: bool,
) -> bool:
    """Whether ``below`` goes on with ``c``'s text.

    A label goes on only into the rest of its own words (项目资金(万 + 元)).  A chunk on a row's
    value line that starts its cell is a single-line value unless the whole row wraps into the
    next line: the cells left of ``below`` there must all go on from the line above.  A row label
    (项目名称, 其中：...) left of ``below`` begins a new row."""
    if fl.is_label(c.text + below.text):
        return True
    if fl.is_label(c.text) or fl.kinds_of(below.text)[0] & _ROW_LABELS:
        return False  # (a level label word such as 成本 may well end a wrapped sentence)
    for o in lines[below.line]:
        if o.start < below.start and id(o) not in owner and fl.kinds_of(o.text)[0] & _ROW_LABELS:
            return False  # a row label (项目名称, 其中：...) left of it: a new row begins there
    if not first or len(lines[c.line]) < _VALUE_LINE:
        return True
    if step != 1:
        return False
    left = [o for o in lines[below.line] if o.start < below.start]
    if left:
        return all(id(o) in owner for o in left)
    # the last line of a two-line cell, unless it is a row's value line itself or wraps on (then
    # it is the first line of the next row's wrapped cell)
    if len(lines[below.line]) >= _VALUE_LINE:
        return False
    return _continuation(below, lines, by_start, 0.0) is None


def _continuation(
    c: Chunk, lines: list[list[Chunk]], by_start: dict[int, list[Chunk]], floor: float
) -> tuple[Chunk, int] | None:
    """The chunk right below a full ``c`` in its column (the row's value line may sit between)."""
    if _is_number(c.text):
        return None
    widest = max(_column_width(c, by_start), floor)
    if widest < _MIN_WRAP or c.width < widest - _FULL_SLACK:
        return None
    for step in (1, 2):
        n = c.line + step
        if n >= len(lines):
            return None
        under = [o for o in lines[n] if _overlaps(o, c)]
        if under:
            first = under[0]
            if first.start >= c.start - _DRIFT and not _is_number(first.text):
                return first, step
            return None
        if not lines[n]:
            return None  # a blank line ends the cell
    return None


_VALUE_LINE = 3  # a line with this many cells is a row's value line


_NUMBER = re.compile(r"^[-+]?[\d,.%]+$")


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text))


# --- rows --------------------------------------------------------------------------------------


@dataclass(slots=True)
class LRow:
    pieces: list[Piece]
    labels: list[Piece] = field(default_factory=list)  # spanning labels placed on this row

    @property
    def top(self) -> int:
        return min(p.top for p in self.pieces)

    @property
    def bottom(self) -> int:
        return max(p.bottom for p in self.pieces)

    @property
    def centre(self) -> float:
        return self.pieces[0].centre

    def cells(self) -> list[Piece]:
        return sorted(self.labels + self.pieces, key=lambda p: (p.end, p.start))


def _rows(pieces: list[Piece]) -> list[LRow]:
    """Cells whose centres coincide (or whose lines overlap, centres close) form one row."""
    rows: list[LRow] = []
    for p in sorted(pieces, key=lambda p: (p.centre, p.start)):
        if rows:
            last = rows[-1]
            delta = abs(p.centre - last.centre)
            overlap = p.top <= last.bottom and last.top <= p.bottom
            if delta <= 0.5 or (overlap and delta <= 1.5):
                last.pieces.append(p)
                continue
        rows.append(LRow([p]))
    return rows


def _is_ind_header(row: LRow) -> bool:
    return sum(1 for p in row.pieces if fl.IND_COL in p.kinds) >= 2


def _ends_table(row: LRow) -> bool:
    first = min(row.pieces, key=lambda p: p.start)
    return bool(first.kinds & {fl.TOTAL, fl.TITLE, fl.HEADER, fl.GRADE})


def _place_labels(
    rows: list[LRow], labels: list[Piece], blocks: list[Piece], filled: list[int]
) -> list[LRow]:
    """Level labels onto the first row of the rows they are centred on; block labels (绩效指标)
    onto their table's header row.  Labels outside any table become rows of their own."""
    loose: list[Piece] = []
    tables = _tables(rows)
    for p in blocks:
        home = _header_for(p, rows, tables)
        if home is None:
            loose.append(p)
        elif not any(fl.IND_BLOCK in q.kinds for q in home.labels):
            home.labels.append(p)
    for table in tables:
        head, body = table[0], table[1:]
        lo = rows[head].bottom
        hi = rows[body[-1]].bottom if body else lo
        mine = [p for p in labels if lo < p.centre <= hi + 1]
        ones, twos = _label_columns(mine)
        body_rows = [rows[i] for i in body]
        # a level-1 run is a union of level-2 runs: its bounds are where level-2 runs start
        starts = _assign(twos, body_rows, None, [], filled)
        lex = load_lexicon()
        parents: list[str | None] = [None] * len(body_rows)
        for i, p in starts.items():
            level2 = lex.level2(_label_text(p))
            parents[i] = level2.parent if level2 is not None else None
        _assign(ones, body_rows, set(starts) if twos else None, parents, filled)
        labels = [p for p in labels if not lo < p.centre <= hi + 1]
    loose.extend(labels)
    out = rows + [LRow([p]) for p in loose]
    return sorted(out, key=lambda r: r.centre)


def _tables(rows: list[LRow]) -> list[list[int]]:
    """Indicator tables: a header row's index, then its body rows' indexes."""
    tables: list[list[int]] = []
    current: list[int] | None = None
    for i, row in enumerate(rows):
        if _is_ind_header(row):
            current = [i]
            tables.append(current)
        elif current is not None:
            if _ends_table(row):
                current = None
            else:
                current.append(i)
    return tables


def _header_for(p: Piece, rows: list[LRow], tables: list[list[int]]) -> LRow | None:
    for table in tables:
        head = rows[table[0]]
        last = rows[table[-1]]
        if head.top - 8 <= p.centre <= last.bottom + 1:
            return head
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
) -> dict[int, Piece]:
    """Partition the body rows into runs, one per label in order, each run centred on its label;
    each label goes onto its run's first row.  ``bounds``: the rows a run may start at;
    ``parents``: per row, the level-1 its level-2 run belongs to by the lexicon (a level-1 run
    holding another's level-2 labels costs).  Answers the rows where runs start, with labels."""
    if not body or not labels:
        return {}
    groups: list[list[Piece]] = []
    for p in labels:  # a label repeated after a page break is one label
        if groups and _label_text(groups[-1][0]) == _label_text(p):
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
        level1 = lex.level1(_label_text(g[0]))
        canonical.append(level1.canonical if level1 is not None else None)
    plan = _Plan(positions, canonical, parents)
    plan.lines = [_filled_line(g[0].centre, filled) for g in groups]
    plan.tops = [_filled_line(r.top, filled) for r in body]
    plan.bottoms = [_filled_line(r.bottom, filled) for r in body]
    firsts = plan.partition(len(body), bounds) or plan.partition(len(body), None) or []
    for g, first in zip(groups, firsts, strict=True):
        body[first].labels.append(g[0])
    return {first: g[0] for g, first in zip(groups, firsts, strict=True)}


def _filled_lines(lines: list[list[Chunk]]) -> list[int]:
    """Each line's index among the lines holding text: blank lines (page ends, padding) do not
    count when a label's place among its rows is measured."""
    out: list[int] = []
    n = 0
    for chunks in lines:
        out.append(n)
        if chunks:
            n += 1
    return out


def _filled_line(line: float, filled: list[int]) -> float:
    whole = int(line)
    return filled[whole] + (line - whole)


def _label_text(p: Piece) -> str:
    return "".join(p.text().split())


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

    def cost(self, k: int, i: int, j: int) -> float:
        """Label ``k`` over rows ``i..j-1``: how far off centre, and whose level-2 runs it holds."""
        # off centre counted in rows and in lines: rows of one line and rows of ten are both
        # rows, but a label sits in the middle of the lines its merged cell covers
        cost = abs((i + j - 1) / 2 - self.positions[k])
        if self.lines:
            cost += abs((self.tops[i] + self.bottoms[j - 1]) / 2 - self.lines[k])
        mine = self.canonical[k]
        if mine is not None and self.parents:
            for r in range(i, j):
                parent = self.parents[r]
                if parent is not None and parent != mine:
                    cost += _FOREIGN
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


# --- columns -----------------------------------------------------------------------------------


def _columns(rows: list[LRow]) -> None:
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


# --- the grid ----------------------------------------------------------------------------------


def to_grid(text: str) -> Grid | None:
    """The rows of layout text, each cell with its column; ``None`` when nothing was found."""
    try:
        raw = text.split("\n")
        pages = _pages(raw)
        lines = [_chunks_of(ln.replace("\f", " "), i) for i, ln in enumerate(raw)]
        _drop_furniture(lines, raw)
        pieces = _pieces(lines)
        for p in pieces:
            p.kinds = fl.kinds_of(_label_text(p))[0] if len(p.chunks) <= 4 else fl.NO_KINDS
        spanning = _level_labels(pieces)
        blocks = [p for p in pieces if fl.IND_BLOCK in p.kinds and p not in spanning]
        others = [p for p in pieces if p not in spanning and p not in blocks]
        if not others:
            return None
        filled = _filled_lines(lines)
        rows = _place_labels(_rows(others), spanning, blocks, filled)
        _columns(rows)
        return Grid(rows=[_row(r, pages) for r in rows], has_columns=True)
    except Exception:  # a reader never raises; the flow reader gets its chance instead
        return None


def _level_labels(pieces: list[Piece]) -> list[Piece]:
    """The pieces that are level labels: a row leads with at most a level-1 and a level-2 label,
    so a label-like text after a level-2 label (服务对象满意度指标 as a 三级指标) is a value."""
    found = [p for p in pieces if p.kinds & _SPANNING and fl.IND_COL not in p.kinds]
    out: list[Piece] = []
    for p in found:
        before = [
            q
            for q in found
            if q is not p and q.end <= p.start and q.top <= p.bottom and p.top <= q.bottom
        ]
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
    page furniture, not a cell."""
    ends = [i for i, ln in enumerate(raw) if ln.startswith("\f")] + [len(raw)]
    for end in ends:
        j = end - 1
        while j >= 0 and not lines[j]:
            j -= 1
        if j >= 0 and len(lines[j]) == 1 and _PAGE_NUMBER.match(lines[j][0].text):
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
