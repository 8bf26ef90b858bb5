"""The intermediate document every format backend produces, and the recognizer consumes.

A :class:`Document` is a list of :class:`Grid` (a page, a sheet, a table, or a whole text file);
a grid is a list of rows; a row is a list of :class:`Cell` left to right.  A cell that spans
several columns or rows appears once, at its top-left slot, with ``colspan``/``rowspan`` set; it is
never copied into the slots it covers.

Backends that cannot know the column structure (flowing text) emit one row per printed table row,
with blank cells left out: the recognizer reads rows by labels and by the order of the values,
never by fixed positions, so both kinds of grid read the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.model.provenance import Location, Note


@dataclass(slots=True)
class Cell:
    """One printed cell: its text exactly as extracted (line breaks kept) and where it was."""

    text: str
    location: Location = field(default_factory=Location)
    colspan: int = 1
    rowspan: int = 1
    col: int | None = None  # 0-based grid column where known (None for flowing text)

    def __init__(
        self,
        text: str,
        location: Location | None = None,
        colspan: int = 1,
        rowspan: int = 1,
        col: int | None = None,
    ) -> None:
        # Written out rather than generated: the dataclass's own ``__init__`` is made at run
        # time, so it stays interpreted under mypyc; this one is compiled (a cell is made for
        # every printed value, so this is a few per cent of the whole parse).
        self.text = text
        self.location = Location() if location is None else location
        self.colspan = colspan
        self.rowspan = rowspan
        self.col = col

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    line: int | None = None  # first source line of the row, for text input

    def __init__(self, cells: list[Cell], line: int | None = None) -> None:
        self.cells = cells  # a compiled __init__, as Cell's
        self.line = line

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    def filled(self) -> list[Cell]:
        return [c for c in self.cells if not c.blank]


@dataclass(slots=True)
class Grid:
    """A page, sheet, table or text block holding rows of cells."""

    rows: list[Row]
    origin: Location = field(default_factory=Location)
    has_columns: bool = True  # False when cells carry no reliable column positions (flow text)

    def __init__(
        self, rows: list[Row], origin: Location | None = None, has_columns: bool = True
    ) -> None:
        # compiled __init__ (a dataclass's generated one stays interpreted under mypyc)
        self.rows = rows
        self.origin = Location() if origin is None else origin
        self.has_columns = has_columns


@dataclass(slots=True)
class Document:
    name: str
    grids: list[Grid]
    format: str = "text"
    notes: list[Note] = field(
        default_factory=list
    )  # document-level observations (e.g. Traditional)
