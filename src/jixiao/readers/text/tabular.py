"""Text whose rows survived the export -> a :class:`~jixiao.document.Grid` with columns.

Three shapes keep one table row per text line: tab-separated spreadsheet exports, markdown / pipe
tables (``| a | b |``) and comma-separated exports whose lines all have the same number of fields.
Each keeps its cells' positions (blank cells are left out; every cell knows its column), so the
grid says ``has_columns=True``; the recognizer still reads
rows by labels and values first, because exports shift rows where a merged cell was lost.

:func:`to_grid` answers ``None`` when the text is not one of these shapes, so the caller falls back
to the flow reader.  Lines without a delimiter (a title, "(2024年度)") become one-cell rows.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from typing import Final

from jixiao.document import Cell, Grid, Row
from jixiao.model.provenance import Location
from jixiao.readers.text.flow_labels import is_label
from jixiao.text.memo import Memo

_MIN_ROWS = 3  # fewer delimited lines than this is not a table
_MIN_SHARE = 0.2  # ... nor is a text where they are a small minority of the lines
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")  # 4,507.55: a number, not a delimiter
_MAX_QUOTED_LINES = 30  # a quoted cell spanning more lines than this is a stray quote


def to_grid(text: str) -> Grid | None:
    """The rows of a tab, pipe or comma grid; ``None`` when the text is not row-structured."""
    try:
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        filled = [ln for ln in lines if ln.strip()]
        if not filled:
            return None
        tabbed = sum(1 for ln in filled if "\t" in ln)
        if _enough(tabbed, len(filled)):
            return Grid(rows=_delimited_rows(lines, "\t"))
        piped = sum(1 for ln in filled if _is_pipe_row(ln))
        if _enough(piped, len(filled)):
            return Grid(rows=_pipe_rows(lines))
        if _looks_like_csv(filled):
            return Grid(rows=_delimited_rows(lines, ","))
    except Exception:  # a reader never raises; the flow reader gets its chance instead
        return None
    return None


def _enough(count: int, total: int) -> bool:
    return count >= _MIN_ROWS and count >= _MIN_SHARE * total


def _is_pipe_row(line: str) -> bool:
    s = line.strip()
    return s.startswith("|") and s.count("|") >= 2


def _cell(text: str, line: int, index: int, end_line: int | None = None) -> Cell:
    return Cell(text, _location(line, index + 1, end_line), 1, 1, index)


_LOCATIONS: Final = Memo[int, Location](4096)
_LINE_KEY: Final = 1 << 22  # (line, column, end_line) -> one small int, cheaper than a tuple
_COLUMN_KEY: Final = 1 << 16


def _location(line: int, column: int, end_line: int | None) -> Location:
    """Locations are frozen, so one object per place serves every document (line 12, cell 3;
    memoised)."""
    end = 0 if end_line is None else end_line + 1
    if 0 <= line < _LINE_KEY and 0 <= column < _COLUMN_KEY and 0 <= end < _LINE_KEY:
        place = (line * _COLUMN_KEY + column) * _LINE_KEY + end
        made = _LOCATIONS.table.get(place)
        if made is None:
            made = _LOCATIONS.recall(place)
        if made is None:
            made = _LOCATIONS.put(place, _new_location(line, column, end_line))
        return made
    return _new_location(line, column, end_line)


def _new_location(line: int, column: int, end_line: int | None) -> Location:
    if end_line is not None and end_line != line:
        return Location(line=line, end_line=end_line, column=column)
    return Location(line=line, column=column)


def _cells(fields: list[str], line: int, end_line: int | None = None) -> list[Cell]:
    """The filled cells of a record; blank ones are left out (each cell keeps its column)."""
    return [_cell(f, line, k, end_line) for k, f in enumerate(fields) if f.strip()]


def _single(line: str, no: int) -> Row:
    text = _HEADING.sub("", line).strip()
    return Row([_cell(text, no, 0)], line=no)


def _delimited_rows(lines: list[str], delimiter: str) -> list[Row]:
    """Rows of a delimiter-separated export; quoted cells may hold line breaks (Excel does this)."""
    rows: list[Row] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        no = i + 1
        if not line.strip():
            i += 1
            continue
        if delimiter not in line and '"' not in line:
            rows.append(_single(line, no))
            i += 1
            continue
        fields, used = _split_quoted(lines, i, delimiter)
        if len(fields) == 1:
            rows.append(_single(fields[0], no))
        else:
            end = no + used - 1
            rows.append(Row(_cells(fields, no, end), line=no))
        i += used
    return rows


def _split_quoted(lines: list[str], start: int, delimiter: str) -> tuple[list[str], int]:
    """The fields of the record starting at ``lines[start]`` and how many lines it used.

    A quoted cell may hold line breaks (Excel writes them so); a quote that never closes within a
    few lines is a stray quote mark, and the line is split as it stands.
    """
    line = lines[start]
    if '"' not in line:
        return line.split(delimiter), 1
    used = 1
    chunk = line
    while chunk.count('"') % 2 and used < _MAX_QUOTED_LINES and start + used < len(lines):
        chunk += "\n" + lines[start + used]
        used += 1
    if chunk.count('"') % 2:
        return line.split(delimiter), 1
    try:
        records = list(csv.reader([chunk], delimiter=delimiter))
    except csv.Error:
        return line.split(delimiter), 1
    if len(records) != 1:
        return line.split(delimiter), 1
    return records[0], used


def _pipe_rows(lines: list[str]) -> list[Row]:
    rows: list[Row] = []
    for i, line in enumerate(lines):
        no = i + 1
        s = line.strip()
        if not s or (_PIPE_SEPARATOR.match(s) and "-" in s):
            continue
        if not _is_pipe_row(s):  # a row cut off after its first cell keeps only "| 项目名称"
            rows.append(_single(s[1:] if s.startswith("|") and len(s) > 1 else s, no))
            continue
        body = s[1:-1] if s.endswith("|") and len(s) > 1 else s[1:]
        fields = [f.strip() for f in body.replace("\\|", "\x00").split("|")]
        fields = [
            f.replace("\x00", "|").replace("<br>", "\n").replace("<br/>", "\n") for f in fields
        ]
        rows.append(Row(_cells(fields, no), line=no))
    return rows


def _looks_like_csv(filled: list[str]) -> bool:
    """Spreadsheet CSV pads every record to the same width; prose with commas does not.

    Forms flattened one per line are no CSV either, even when their goal texts happen to hold
    the same number of commas on most lines (forms made from one template print the same
    sentences): a CSV record puts each label in a field of its own, so a line whose
    space-separated words include several labels is a flattened form, not a record."""
    counts = (_THOUSANDS.sub("", ln).count(",") if "," in ln else 0 for ln in filled)
    widths = Counter(n for n in counts if n)
    if not widths:
        return False
    width, count = widths.most_common(1)[0]
    if not (width >= 3 and _enough(count, len(filled)) and count >= 0.5 * len(filled)):
        return False
    records = sum(1 for ln in filled if "," in ln and not _flattened_form(ln))
    return _enough(records, len(filled)) and records >= 0.5 * len(filled)


_FLAT_LABELS = 3  # labels among a line's space-separated words that make it a flattened form


def _flattened_form(line: str) -> bool:
    """Whether several of the line's space-separated words are labels (项目名称 ... 主管部门 ...)."""
    found = 0
    for word in line.split():
        if len(word) <= _MAX_LABEL_WORD and is_label(word):
            found += 1
            if found >= _FLAT_LABELS:
                return True
    return False


_MAX_LABEL_WORD = 24


__all__ = ["to_grid"]
