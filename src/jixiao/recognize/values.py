"""A printed value cell, typed once: number, rate, blank or text.

Rows are read by the order and the kind of their values, not by fixed positions, so every reader
first turns its cells into :class:`Value` and then asks which column each value belongs to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Final

from jixiao.document import Cell
from jixiao.model import Location, Source
from jixiao.text.memo import Memo
from jixiao.text.normalize import clean
from jixiao.text.numbers import is_blank, parse_amount, parse_rate, parse_score


@dataclass(slots=True)
class Value:
    cell: Cell
    number: float | None  # an amount, weight or score (no % sign)
    rate: float | None  # a printed percentage, as a fraction
    blank: bool  # "—", "/", "无": printed, but says nothing

    def __init__(self, cell: Cell, number: float | None, rate: float | None, blank: bool) -> None:
        # compiled __init__ (a dataclass's generated one stays interpreted under mypyc)
        self.cell = cell
        self.number = number
        self.rate = rate
        self.blank = blank

    @property
    def text(self) -> str:
        return self.cell.text

    @property
    def textual(self) -> bool:
        return self.number is None and self.rate is None and not self.blank

    def source(self) -> Source:
        return cell_source(self.cell)


def source(raw: str, location: Location) -> Source:
    """The Source of a value (one place to build them: this runs for every value read).

    Validated like ``Source(raw=..., location=...)`` (same checks, same object), but by the
    model's validator directly: ``BaseModel.__init__`` adds a Python call around it that costs a
    third of the time, and this runs about a hundred times per form."""
    made: Source = _validate_source({"raw": raw, "location": location})
    return made


_validate_source = Source.__pydantic_validator__.validate_python


def cell_source(cell: Cell) -> Source:
    return source(cell.text, cell.location)


def typed(cell: Cell) -> Value:
    number, rate, blank = _typed(cell.text)
    return Value(cell, number, rate, blank)


_TYPED: Final = Memo[str, tuple[float | None, float | None, bool]](8192)


def _typed(text: str) -> tuple[float | None, float | None, bool]:
    """(number, rate, blank) of a cell text, memoised."""
    typed = _TYPED.table.get(text)
    if typed is None:
        typed = _TYPED.recall(text)
    if typed is None:
        typed = _TYPED.put(text, _type_of(text))
    return typed


def _type_of(text: str) -> tuple[float | None, float | None, bool]:
    if is_blank(text):
        return None, None, True
    if "%" in text or "％" in text:
        return None, parse_rate(text), False
    number = parse_amount(text)
    if number is None:
        number = parse_score(text)
    return number, None, False


@lru_cache(maxsize=8192)
def clean_text(text: str) -> str | None:
    """:func:`~jixiao.text.normalize.clean`, cached: short values repeat across rows and forms."""
    return clean(text)


def readings(
    n_items: int, n_columns: int, allowed: Callable[[int, int], bool]
) -> Iterator[tuple[int, ...]]:
    """Every order-preserving placement of ``n_items`` values into ``n_columns`` columns
    (``placement[i]`` is item i's column) that ``allowed(item, column)`` accepts."""
    if n_items > n_columns:
        return
    for placement in combinations(range(n_columns), n_items):
        if all(allowed(i, c) for i, c in enumerate(placement)):
            yield placement


def offset_spread(cols: Sequence[int | None], header_cols: Sequence[int | None]) -> int:
    """How many different shifts the values show against their header columns (0 or 1: aligned).

    Spreadsheet exports shift a whole row left where a merged cell was lost; a reading whose values
    all sit at one shift from their headers is more likely right than one that needs several.
    """
    shifts = {
        c - h for c, h in zip(cols, header_cols, strict=False) if c is not None and h is not None
    }
    return max(0, len(shifts) - 1)
