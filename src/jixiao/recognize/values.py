"""A printed value cell, typed once: number, rate, blank or text.

Rows are read by the order and the kind of their values, not by fixed positions, so every reader
first turns its cells into :class:`Value` and then asks which column each value belongs to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

from jixiao.document import Cell
from jixiao.model import Source
from jixiao.text.numbers import is_blank, parse_amount, parse_rate, parse_score


@dataclass(slots=True)
class Value:
    cell: Cell
    number: float | None  # an amount, weight or score (no % sign)
    rate: float | None  # a printed percentage, as a fraction
    blank: bool  # "—", "/", "无": printed, but says nothing

    @property
    def text(self) -> str:
        return self.cell.text

    @property
    def textual(self) -> bool:
        return self.number is None and self.rate is None and not self.blank

    def source(self) -> Source:
        return Source(raw=self.cell.text, location=self.cell.location)


def typed(cell: Cell) -> Value:
    text = cell.text
    blank = is_blank(text)
    if blank:
        return Value(cell, None, None, True)
    if "%" in text or "％" in text:
        return Value(cell, None, parse_rate(text), False)
    number = parse_amount(text)
    if number is None:
        number = parse_score(text)
    return Value(cell, number, None, False)


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
