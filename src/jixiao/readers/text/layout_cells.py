"""Layout text, step 1 and 2: lines cut into chunks, chunks joined into the cells they wrap.

Why a step of its own: pdftotext ``-layout`` wraps a long cell over several lines, and the lines
of one cell are not always adjacent — a row's single-line values sit on the line in the middle of
its wrapped cells, and a merged label may sit on any line of its rows.  A chunk goes on in the
chunk below it only when it fills its column (a wrapped line is as wide as the column allows), the
chunk below lies under it, and nothing says a new row begins there (a row label such as 项目名称
to its left, or the chunk below being a row's own value line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.readers.text import flow_labels as fl

_CHUNK = re.compile(r"\S+(?: \S+)*")
_NUMBER = re.compile(r"^[-+]?[\d,.%]+$")
_LATIN_WORD = re.compile(r"[A-Za-z0-9.,%+\-/()]+")
_CLOSING = frozenset(")）")
_LABEL_PART = 10  # the longest start of a label that wraps in a narrow column (项目资 + 金(元))
_OWN_WIDTH = 3  # a cell of this many lines is its own evidence of its column's width
_WORD_SLACK = 0.6  # full: the line and the next line's first word leave less than this free
_MAX_WORD = 6.0  # the widest first word that may have wrapped whole (a long number)
_VALUE_LINE = 3  # a line with this many cells is a row's value line
_FULL_SLACK = 1.6  # display units a line may fall short of its column and still be "full"
_MIN_WRAP = 3.0  # a column narrower than this never wraps
_NEIGHBOURHOOD = 6  # lines around a chunk whose chunks define its column's width
_ALIGN_LINES = 3  # lines above and below whose chunk starts mark a column
_ALIGN_SLACK = 2  # ... within this many character columns
_WIDTH_SLACK = 1.2  # physical widths this close are one wrapping width
_MIN_CUT = 4  # a piece cut off at a single space is at least this long
_BUCKET = _NEIGHBOURHOOD + 1  # lines per bucket of the start index (neighbours: 3 buckets)
_DRIFT = 4  # columns a wrapped line may start left of the line above (Latin letters are narrow)
_MERGED_LABELS = frozenset({fl.LEVEL1, fl.LEVEL2, fl.IND_BLOCK})
_HEADER_CHUNKS = 4  # a line of column labels has at least this many chunks
_SECTION_LABELS = frozenset({fl.TITLE, fl.HEADER, fl.IND_COL, fl.TOTAL})
# labels that begin a row (a merged label such as 产出指标 may sit on any line of its rows)
_ROW_LABELS = frozenset(
    {fl.TITLE, fl.HEADER, fl.FUNDS_COL, fl.FUNDS_ROW, fl.IND_COL, fl.TOTAL, fl.GRADE}
)


@dataclass(slots=True, eq=False)
class Chunk:
    """A run of text on one line between runs of spaces (display positions ``start``..``end``)."""

    line: int  # 0-based line index
    start: int
    end: int
    text: str
    width: float  # physical width: a CJK character is wider than a Latin one
    section: int = 0  # lines from one title, header label, column labels or total to the next


class Piece:
    """One printed cell: the chunks of its wrapped lines, top to bottom, and the box they fill
    (kept as chunks are added: rows, labels and columns ask for it many times)."""

    __slots__ = ("bottom", "chunks", "col", "end", "kinds", "start", "top")

    def __init__(self, first: Chunk) -> None:
        self.chunks = [first]
        self.kinds: frozenset[str] = fl.NO_KINDS
        self.col: int | None = None
        self.top = first.line
        self.bottom = first.line
        self.start = first.start
        self.end = first.end

    def add(self, chunk: Chunk) -> None:
        self.chunks.append(chunk)
        self.bottom = chunk.line
        self.start = min(self.start, chunk.start)
        self.end = max(self.end, chunk.end)

    @property
    def centre(self) -> float:
        return (self.top + self.bottom) / 2

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


def chunks_of(line: str, no: int) -> list[Chunk]:
    out: list[Chunk] = []
    for m in _CHUNK.finditer(line):
        for start, text in _split_joined(m.start(), m.group()):
            out.append(Chunk(no, start, start + len(text), text, _width(text)))
    return out


def split_at_columns(lines: list[list[Chunk]]) -> None:
    """Cut chunks at a single space where the text after it starts a column nearby.

    Why: where two long texts sit side by side (年初设定目标 and 完成情况), pdftotext leaves one
    space between them on lines whose left text ends in Latin letters, digits or brackets — the
    CJK rule of :func:`_split_joined` cannot see it there; the right text's column, where chunks
    of the lines around start, can."""
    starts: list[set[int]] = [{c.start for c in chunks} for chunks in lines]
    # where each single space of a long chunk falls, measured in physical width from the chunk's
    # start: the left text of a side-by-side pair wraps at one width, line after line
    spaces: list[list[float]] = [_space_widths(chunks) for chunks in lines]
    for n, chunks in enumerate(lines):
        if not spaces[n]:
            continue
        near: dict[int, int] = {}
        widths: list[float] = []
        for m in range(max(0, n - _ALIGN_LINES), min(len(lines), n + _ALIGN_LINES + 1)):
            if m != n:
                for s in starts[m]:
                    near[s] = near.get(s, 0) + 1
                widths.extend(spaces[m])
        out: list[Chunk] = []
        for c in chunks:
            # ... and so do the left texts already cut off by two spaces around it
            same = [
                o.width
                for m in range(max(0, n - _ALIGN_LINES), min(len(lines), n + _ALIGN_LINES + 1))
                if m != n
                for o in lines[m]
                if abs(o.start - c.start) <= 1
            ]
            out.extend(_cut_where_columns_start(c, near, widths + same))
        lines[n] = out


def _space_widths(chunks: list[Chunk]) -> list[float]:
    out: list[float] = []
    for c in chunks:
        if " " in c.text:
            for i, ch in enumerate(c.text):
                if ch == " " and _MIN_CUT <= i <= len(c.text) - 1 - _MIN_CUT:
                    out.append(_width(c.text[:i]))
    return out


def _cut_where_columns_start(c: Chunk, near: dict[int, int], widths: list[float]) -> list[Chunk]:
    out: list[Chunk] = []
    begin = 0
    for i, ch in enumerate(c.text):
        if ch != " " or i - begin < _MIN_CUT or len(c.text) - i - 1 < _MIN_CUT:
            continue
        at = c.start + i + 1
        width = _width(c.text[:i])
        aligned = sum(near.get(at + d, 0) for d in range(-_ALIGN_SLACK, _ALIGN_SLACK + 1)) >= 2
        if aligned or sum(1 for w in widths if abs(w - width) <= _WIDTH_SLACK) >= 2:
            part = c.text[begin:i]
            out.append(Chunk(c.line, c.start + begin, c.start + i, part, _width(part)))
            begin = i + 1
    if begin == 0:
        return [c]
    part = c.text[begin:]
    out.append(Chunk(c.line, c.start + begin, c.end, part, _width(part)))
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
    """Whether a single space after ``before`` ends a cell: CJK on both sides, a closing bracket
    before CJK (金(元) 款), or a CJK label before a number (年度总体目 10.08万元 ...), not
    第 1 页."""
    if before[-1] in _CLOSING and len(before) >= 2:
        return _is_wide(after)  # 金(元) 款: a bracketed label, then the next cell
    if not _is_wide(before[-1]):
        return False
    return _is_wide(after) or (after.isdigit() and len(before) >= 2)


def _column_width(chunk: Chunk, by_start: dict[tuple[int, int], list[Chunk]]) -> float:
    """The widest chunk starting where ``chunk`` starts, in the lines around it (of its section:
    the next form's title is no evidence of this table's column widths)."""
    widest = 0.0
    bucket = chunk.line // _BUCKET
    for s in (chunk.start - 1, chunk.start, chunk.start + 1):
        for b in (bucket - 1, bucket, bucket + 1):
            for other in by_start.get((s, b), []):
                if (
                    abs(other.line - chunk.line) <= _NEIGHBOURHOOD
                    and other.section == chunk.section
                    and other.width > widest
                ):
                    widest = other.width
    return widest


def _is_column_labels(chunks: list[Chunk]) -> bool:
    """A line of an indicator table's column labels, whatever leads it (绩效指标 beside them
    when the producer draws a merged label on its first line, not its middle)."""
    if len(chunks) < _HEADER_CHUNKS:
        return False
    return sum(1 for c in chunks if fl.IND_COL in fl.kinds_of(c.text)[0]) >= 2


def _overlaps(a: Chunk, b: Chunk) -> bool:
    return a.start < b.end and b.start < a.end


def cells_of(lines: list[list[Chunk]]) -> list[Piece]:
    """Chunks joined into cells: a full line continues in the chunk below it."""
    by_start: dict[tuple[int, int], list[Chunk]] = {}  # (start, line bucket) -> chunks
    section = 0
    for chunks in lines:
        if chunks and (
            fl.kinds_of(chunks[0].text)[0] & _SECTION_LABELS or _is_column_labels(chunks)
        ):
            section += 1
        for c in chunks:
            c.section = section
            by_start.setdefault((c.start, c.line // _BUCKET), []).append(c)
    owner: dict[int, Piece] = {}
    pieces: list[Piece] = []
    for chunks in lines:
        for c in chunks:
            piece = owner.get(id(c))
            if piece is None:
                piece = Piece(c)
                pieces.append(piece)
                owner[id(c)] = piece
            # a wrapped cell's lines but the last are all about as wide as its first
            floor = max(o.width for o in piece.chunks)
            # a cell already centred on its row's values takes no line that is not full
            # ... and after a few lines the cell's own lines say how wide its column is (a wider
            # chunk of the next row, 数字化 X 射线 spaced out, is no evidence)
            found = _continuation(
                c,
                lines,
                by_start,
                floor,
                not _centred_on_values(piece, lines),
                len(piece.chunks) >= _OWN_WIDTH,
            )
            if found is None or id(found[0]) in owner:
                continue
            below, step = found
            if _joins(c, below, step, lines, owner, by_start, piece):
                piece.add(below)
                owner[id(below)] = piece
    return pieces


def _joins(
    c: Chunk,
    below: Chunk,
    step: int,
    lines: list[list[Chunk]],
    owner: dict[int, Piece],
    by_start: dict[tuple[int, int], list[Chunk]],
    piece: Piece,
) -> bool:
    """Whether ``below`` goes on with ``c``'s text.

    A label goes on only into the rest of its own words (项目资金(万 + 元)).  A chunk on a row's
    value line that starts its cell is a single-line value unless the whole row wraps into the
    next line: the cells left of ``below`` there must all go on from the line above.  A cell
    of several lines already centred on its row's value line does not go on past a line into
    the next row's value line (centred text: its last line is nearly as wide as a full one).  A row label
    (项目名称, 其中：...) left of ``below`` begins a new row."""
    if fl.is_label(c.text + below.text):
        return True
    if fl.is_label(c.text) or fl.kinds_of(below.text)[0] & _ROW_LABELS:
        return False  # (a level label word such as 成本 may well end a wrapped sentence)
    for o in lines[below.line]:
        if o.start < below.start and id(o) not in owner and fl.kinds_of(o.text)[0] & _ROW_LABELS:
            return False  # a row label (项目名称, 其中：...) left of it: a new row begins there
    if len(piece.chunks) > 1:
        return step == 1 or not _centred_on_values(piece, lines)
    if not _is_value_line(lines[c.line]):
        return True
    if step != 1:
        return _wraps_around(lines, c.line)
    left = [o for o in lines[below.line] if o.start < below.start]
    if left:
        return all(id(o) in owner for o in left)
    # the last line of a two-line cell, unless it is a row's value line itself or wraps on (then
    # it is the first line of the next row's wrapped cell)
    if _is_value_line(lines[below.line]):
        return False
    return _continuation(below, lines, by_start, 0.0) is None


def _wraps_around(lines: list[list[Chunk]], n: int) -> bool:
    """Whether line ``n`` is the first line of a row whose every cell wraps around the values
    on the line below it: each of its chunks goes on two lines down, none on the next line, and
    the numbers (分值, 得分) are all on that middle line."""
    if n + 2 >= len(lines):
        return False
    middle, after = lines[n + 1], lines[n + 2]
    if all(fl.kinds_of(x.text)[0] & _MERGED_LABELS for x in middle):
        return False  # no values between: two rows with a merged label drawn between them
    if any(_is_number(x.text) for x in lines[n]) or any(_is_number(x.text) for x in after):
        return False  # a row's values (分值, 得分) above or below: those are value lines
    for o in lines[n]:
        if fl.kinds_of(o.text)[0] & _MERGED_LABELS:
            continue  # 产出指标 drawn beside the wrapped texts
        if any(_overlaps(o, x) for x in middle) or not any(_overlaps(o, x) for x in after):
            return False
    return True


def _is_value_line(chunks: list[Chunk]) -> bool:
    """Whether a line holds a row's values: many cells, not counting merged level labels (a
    producer that draws 产出指标 on a wrapped cell's first line does not make it a value line)."""
    if len(chunks) < _VALUE_LINE:
        return False
    cells = sum(1 for c in chunks if not fl.kinds_of(c.text)[0] & _MERGED_LABELS)
    return cells >= _VALUE_LINE


def _centred_on_values(piece: Piece, lines: list[list[Chunk]]) -> bool:
    """Whether ``piece``'s lines lie evenly around a row's value line (a line of many cells)."""
    if len(piece.chunks) < 2 or (piece.top + piece.bottom) % 2:
        return False
    return _is_value_line(lines[(piece.top + piece.bottom) // 2])


def _continuation(
    c: Chunk,
    lines: list[list[Chunk]],
    by_start: dict[tuple[int, int], list[Chunk]],
    floor: float,
    lenient: bool = True,
    own: bool = False,
) -> tuple[Chunk, int] | None:
    """The chunk right below a full ``c`` in its column (the row's value line may sit between).

    Full: the first word of the line below would not have fitted after ``c`` — one character
    for CJK text, but a number such as ``80.12`` wraps whole and may leave a wider gap
    (``lenient``: not for a cell whose lines already lie evenly around its row's values)."""
    if _is_number(c.text):
        return None
    if len(c.text) <= _LABEL_PART and not fl.is_label(c.text):
        found = _below(c, lines)
        if found is not None and fl.is_label(c.text + found[0].text):
            return found  # a label wrapped in a narrow column (绩效指 + 标), however wide
    widest = floor if own else max(_column_width(c, by_start), floor)
    if widest < _MIN_WRAP:
        return None
    short = c.width < widest - _FULL_SLACK
    if short and (not lenient or c.width + _MAX_WORD < widest - _WORD_SLACK):
        return None
    for step in (1, 2):
        n = c.line + step
        if n >= len(lines):
            return None
        under = [o for o in lines[n] if _overlaps(o, c)]
        if under:
            first = under[0]
            if first.start >= c.start - _DRIFT and not _is_number(first.text):
                if short and c.width + _lead_width(first.text) < widest - _WORD_SLACK:
                    return None
                return first, step
            return None
        if not lines[n]:
            return None  # a blank line ends the cell
    return None


def _below(c: Chunk, lines: list[list[Chunk]]) -> tuple[Chunk, int] | None:
    """The first chunk under ``c`` on the next line or the one after, whatever its width."""
    for step in (1, 2):
        n = c.line + step
        if n >= len(lines) or not lines[n]:
            return None
        for o in lines[n]:
            if _overlaps(o, c):
                return (o, step) if o.start >= c.start - _DRIFT else None
    return None


def _lead_width(text: str) -> float:
    """The width of ``text``'s first unbreakable word: a run of Latin letters and digits
    (``80.12``, ``APP``), else its first character."""
    m = _LATIN_WORD.match(text)
    return _width(m.group()) if m else _width(text[:1])


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text))


def label_text(p: Piece) -> str:
    """The cell's text without whitespace, as the lexicon is asked about it."""
    return "".join(p.text().split())


__all__ = ["Chunk", "Piece", "cells_of", "chunks_of", "label_text", "split_at_columns"]
