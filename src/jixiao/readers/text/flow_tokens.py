"""Flowing text -> pieces: the smallest fragments a cell can be made of, with what separated them.

Why pieces and separators: in PDF text flow a line break, a blank line or a space may or may not
end a cell, and only later evidence (labels, numbers, the shape of the row) decides.  So the
tokenizer decides nothing; it records how strongly the printed text separated two fragments:

* ``CELL``: certainly a new cell (one-cell-per-line exports, a form flattened onto one line);
* ``BLANK``: a blank line between the fragments (often, not always, a new cell); two or more
  blank lines in a row count as ``CELL``: neither pdftotext nor a word processor's text export
  prints them inside a cell (pdftotext parts text blocks by one; a table exported as text prints
  an empty cell as an empty line, so several mean a cell ended and empty ones followed);
* ``NL``: a line break;
* ``SPACE``: a space inside a line (several cells on one line, or "12 月底完成").

Page furniture ("- 1 -", "第 1 页", form feeds) is dropped here, once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from jixiao.text.memo import Memo

CELL, BLANK, NL, SPACE = 0, 1, 2, 3

_FURNITURE = re.compile(
    r"^(?:[-－—–]\s*\d{1,4}\s*[-－—–]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?|共\s*\d{1,4}\s*页)$",
    re.I,
)
_PIPE_EDGES = re.compile(r"^\|\s?|\s?\|$")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
_LONG_LINE = 160  # characters: a line this long with many labels is a whole flattened form


@dataclass(slots=True)
class Piece:
    """A fragment of printed text on one line, and how it was separated from the one before."""

    text: str
    line: int  # 1-based source line
    sep: int  # CELL / BLANK / NL / SPACE before this piece

    def __init__(self, text: str, line: int, sep: int) -> None:
        # compiled __init__ (a dataclass's generated one stays interpreted under mypyc)
        self.text = text
        self.line = line
        self.sep = sep


def _source_lines(text: str) -> list[tuple[int, str]]:
    """Non-furniture lines as (1-based number, stripped text); blank lines kept as ''."""
    if "\f" in text:  # form feeds (page breaks) print as spaces; replaced once, not per line
        text = text.replace("\f", " ")
    out: list[tuple[int, str]] = []
    furniture_start = _FURNITURE_START
    for no, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if line and (line[0] in furniture_start or line[0].isdecimal()) and _FURNITURE.match(line):
            line = ""
        out.append((no, line))
    return out


# what a furniture line can start with (besides a digit, which ``\d`` matches as isdecimal does):
# a cheap test on the first character spares the pattern on nearly every line
_FURNITURE_START = frozenset("-－—–第共pP")


def _pipe_cells(lines: list[tuple[int, str]]) -> bool:
    """One cell per line, marked by a leading or trailing pipe on most lines."""
    filled = [s for _, s in lines if s]
    if len(filled) < 4:
        return False
    piped = sum(1 for s in filled if s.endswith("|") or s.startswith("|"))
    inner = sum(1 for s in filled if "|" in s.strip("| "))
    return piped * 10 >= len(filled) * 6 and inner * 10 < len(filled)


def tokenize(text: str, is_label: Callable[[str], bool]) -> list[Piece]:
    """All pieces of ``text`` in reading order.

    ``is_label`` (a callable str -> bool) tells labels apart, to spot the two layouts where every
    separator is a cell boundary: one cell per line without pipes, and a form flattened onto a line.
    """
    lines = _source_lines(text)
    label = is_label
    if "|" in text and _pipe_cells(lines):  # no pipe at all: no line is marked by one
        return _one_cell_per_line(lines)
    if _unmarked_cells(lines, label):
        return _one_cell_per_line(lines)
    pieces: list[Piece] = []
    blanks = 0
    for no, line in lines:
        if not line:
            blanks += 1
            continue
        words = _SPACES.split(line)
        flat = len(line) >= _LONG_LINE and _at_least(4, words, label)
        first_sep = CELL if (flat and pieces) or blanks >= 2 else (BLANK if blanks else NL)
        for i, word in enumerate(words):
            if not word:
                continue
            sep = first_sep if i == 0 else (CELL if flat else SPACE)
            pieces.append(Piece(word, no, sep if pieces else CELL))
        blanks = 0
    return pieces


def _at_least(n: int, words: list[str], label: Callable[[str], bool]) -> bool:
    """Whether ``n`` or more of ``words`` are labels (stops counting at ``n``)."""
    for word in words:
        if label(word):
            n -= 1
            if n <= 0:
                return True
    return False


def _one_cell_per_line(lines: list[tuple[int, str]]) -> list[Piece]:
    pieces: list[Piece] = []
    for no, line in lines:
        cell = _PIPE_EDGES.sub("", line).strip()
        if cell and not _FURNITURE.match(cell):
            pieces.append(Piece(cell, no, CELL))
    return pieces


def _unmarked_cells(lines: list[tuple[int, str]], label: Callable[[str], bool]) -> bool:
    """One cell per line without pipes: labels always stand alone, no blank lines between rows,
    and no line starts with a label followed by more text."""
    filled = [s for _, s in lines if s]
    if len(filled) < 12:
        return False
    first_blank = next((i for i, (_, s) in enumerate(lines) if s), 0)
    inner_blanks = sum(1 for _, s in lines[first_blank:] if not s)
    if inner_blanks * 20 > len(filled):
        return False
    alone = 0
    for s in filled:
        words = _SPACES.split(s)
        if len(words) > 1 and label(words[0]):
            return False
        if label(s):
            alone += 1
    return alone >= 8


_WIDTHS: Final = Memo[str, float](4096)


def display_width(text: str) -> float:
    """Printed width in CJK characters: ASCII letters and digits count half (memoised)."""
    width = _WIDTHS.table.get(text)
    if width is None:
        width = _WIDTHS.recall(text)
    if width is None:
        width = _WIDTHS.put(text, len(text) - 0.5 * len(text.encode("ascii", "ignore")))
    return width
