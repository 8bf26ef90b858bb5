"""The funds block (项目资金): unit, columns, and the amounts of each row.

The columns present vary by template (no 年初预算数 in Sichuan, no 全年预算数 in old Haidian forms,
a 得分计算方法 column, a 20-point block), so they are read from the block's own header row.  Each
data row's values are placed into those columns by order and kind — a percentage only goes under
执行率, a number never under 得分计算方法 — and where a row prints fewer values than there are
columns, the self-check (executed / adjusted = printed rate) chooses among the placements.  Column
positions help only as a tie-breaker, because spreadsheet exports shift rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from jixiao.document import Cell
from jixiao.model import Form, FundsRow, Location
from jixiao.recognize import labels, selfcheck
from jixiao.recognize.segment import Line
from jixiao.recognize.values import Value, offset_spread, source, typed
from jixiao.text.normalize import clean

DEFAULT_COLUMNS = ("initial", "adjusted", "executed", "weight", "rate", "score")
_AMOUNTS = frozenset({"initial", "adjusted", "executed"})
_ROW_FIELDS = ("initial", "adjusted", "executed", "rate")
# cost of leaving a column empty: the pair that makes the execution rate matters most
_EMPTY_COST = {"adjusted": 0.3, "executed": 0.3, "initial": 0.2}
_WEIGHT_IN_LABEL = re.compile(r"(\d+(?:\.\d+)?)\s*分")
_STANDARD_ROWS = ("total", "current", "carryover", "other")


@dataclass(slots=True)
class Column:
    kind: str
    col: int | None

    def __init__(self, kind: str, col: int | None) -> None:
        # compiled __init__ (a dataclass's generated one stays interpreted under mypyc)
        self.kind = kind
        self.col = col


def read_funds(form: Form, lines: list[Line]) -> None:
    columns: list[Column] = []
    label_weight: float | None = None
    for line in lines:
        found = _header_columns(line)
        if found:
            columns = found
        for cell in line.cells[:3]:
            known = labels.of(cell.text)
            if known.funds_block or known.funds_column:
                unit = _unit(cell.text)
                if unit and form.funds.unit is None:
                    form.funds.unit = unit
                    form.sources["funds.unit"] = source(cell.text, cell.location)
                m = _WEIGHT_IN_LABEL.search(cell.text)
                if m and known.funds_block:
                    label_weight = float(m.group(1))
        if found:
            label_weight = label_weight or _weight_in_headers(line.cells)
            continue
        _read_row(form, line, columns or [Column(k, None) for k in DEFAULT_COLUMNS])
    if form.funds.weight is None and label_weight is not None:
        form.funds.weight = label_weight
    if form.funds.unit == "元":
        form.note(
            "funds-unit-yuan",
            "资金单位为元（不是万元）",
            "amounts are in 元 (yuan), not 万元",
            field="funds.unit",
            source=form.sources.get("funds.unit"),
        )


def _unit(text: str) -> str | None:
    """The amount unit named in the block label; the label may wrap inside it ("(万\n元)")."""
    text = "".join(text.split())
    for unit in ("亿元", "万元", "千元", "元"):
        if unit in text:
            return unit
    return None


def _weight_in_headers(cells: list[Cell]) -> float | None:
    """Headers such as 得分（20分×执行率） / 分值（10分） carry the block's weight where no 分值 is printed."""
    for cell in cells:
        m = _WEIGHT_IN_LABEL.search(cell.text)
        if m and labels.funds_column(cell.text) in ("score", "weight"):
            return float(m.group(1))
    return None


def _header_columns(line: Line) -> list[Column]:
    columns = []
    for cell in line.cells:
        known = labels.of(cell.text)
        if known.funds_row:
            return []
        kind = known.funds_column
        if kind and not known.funds_block:
            columns.append(Column(kind, cell.col if line.positional else None))
    return columns if len(columns) >= 2 else []


def _read_row(form: Form, line: Line, columns: list[Column]) -> None:
    cells = line.cells
    at = next((i for i, c in enumerate(cells[:3]) if labels.of(c.text).funds_row), None)
    if at is None:
        return
    label = cells[at]
    kind = labels.of(label.text).funds_row or "extra"
    values = [typed(c) for c in cells[at + 1 :]]
    values = [v for v in values if not (v.textual and labels.of(v.text).funds_row)]
    if sum(not v.textual for v in values) > len(columns):
        columns = _completed(columns)
    reading = _best_reading(values, columns)
    name = kind
    if kind == "extra" or (kind in _STANDARD_ROWS and _taken(form, kind)):
        name = f"extra.{_printed_label(label.text)}"
    _store(form, name, reading, values, columns)


def _completed(columns: list[Column]) -> list[Column]:
    """A header that names fewer columns than the row prints values (merged header cells lost in
    the export): the missing standard columns are added in their usual order."""
    present = {c.kind for c in columns}
    out: list[Column] = []
    known = iter(columns)
    pending = next(known, None)
    for kind in DEFAULT_COLUMNS:
        if kind in present:
            while pending is not None and pending.kind != kind:
                out.append(pending)
                pending = next(known, None)
            if pending is not None:
                out.append(pending)
                pending = next(known, None)
        else:
            out.append(Column(kind, None))
    while pending is not None:
        out.append(pending)
        pending = next(known, None)
    return out


def _taken(form: Form, kind: str) -> bool:
    return any(key.startswith(f"funds.{kind}.") for key in form.sources)


def _printed_label(text: str) -> str:
    printed = clean(text) or text
    for prefix in ("其中：", "其中:", "其中"):
        if printed.startswith(prefix):
            return printed[len(prefix) :].strip() or printed
    return printed


def _allowed(value: Value, kind: str) -> bool:
    if value.blank:
        return True
    if kind == "method":
        return value.textual
    if value.textual:
        return False
    if value.rate is not None:
        return kind == "rate"
    return True


def _value_class(value: Value) -> int:
    """What :func:`_allowed` looks at in a value: blank, text, a rate, or a number."""
    if value.blank:
        return _BLANK
    if value.textual:
        return _TEXT
    return _RATE if value.rate is not None else _NUMBER


_BLANK, _TEXT, _RATE, _NUMBER = range(4)
# a value of each class, to ask _allowed itself what a class may fill
_CLASS_SAMPLES = (
    Value(Cell("—", Location()), None, None, True),
    Value(Cell("说明", Location()), None, None, False),
    Value(Cell("90%", Location()), None, 0.9, False),
    Value(Cell("10", Location()), 10.0, None, False),
)


@lru_cache(maxsize=256)
def _fit_row(value_class: int, kinds: tuple[str, ...]) -> tuple[bool, ...]:
    """:func:`_allowed` of a value of ``value_class`` under each column kind: the answer depends
    on nothing else, so a row's few layouts are asked once, not once per (value, column)."""
    sample = _CLASS_SAMPLES[value_class]
    return tuple(_allowed(sample, k) for k in kinds)


def _best_reading(values: list[Value], columns: list[Column]) -> list[int]:
    """The column index of each value; a value that fits no column is left out (-1)."""
    kinds = tuple(c.kind for c in columns)
    fits = [_fit_row(_value_class(v), kinds) for v in values]
    usable = [i for i, row in enumerate(fits) if any(row)]
    if len(usable) > len(columns):
        usable = usable[: len(columns)]
    items = [values[i] for i in usable]
    item_fits = [fits[i] for i in usable]
    best: tuple[float, tuple[int, ...]] | None = None
    if len(items) <= len(columns):
        search = _Search(items, columns)
        for placement in combinations(range(len(columns)), len(items)):
            if all(row[c] for row, c in zip(item_fits, placement, strict=True)):
                cost = search.cost(placement, None if best is None else best[0])
                if cost is not None and (best is None or cost < best[0]):
                    best = (cost, placement)
    out = [-1] * len(values)
    if best is not None:
        for item, col in zip(usable, best[1], strict=True):
            out[item] = col
    return out


class _Search:
    """A row's placement search: what pricing a placement needs of the values and columns is
    taken once, not once per placement (four amounts under six columns: fifteen placements)."""

    __slots__ = ("column_cols", "item_cols", "items", "kinds")

    def __init__(self, items: list[Value], columns: list[Column]) -> None:
        self.items = items
        self.kinds = tuple(c.kind for c in columns)
        self.item_cols = [it.cell.col for it in items]
        self.column_cols = [c.col for c in columns]

    def cost(self, placement: tuple[int, ...], to_beat: float | None = None) -> float | None:
        """The price of one placement (lower is better): blanks under amounts, bare numbers read
        as rates, columns left empty, the arithmetic's verdict (:func:`selfcheck.score_reading`)
        and rows shifted against their headers.

        ``None`` when the placement cannot cost less than ``to_beat`` even if the arithmetic
        agrees as far as it can (:func:`selfcheck.score_floor`); the rest is a penalty, so the
        arithmetic and the shift need not be priced.  Sound: the floor never exceeds the verdict,
        and adding penalties to equal float sums never rounds below the bound."""
        kinds = self.kinds
        numbers: dict[str, float | None] = {}
        cost = 0.0
        for item, col in zip(self.items, placement, strict=True):
            kind = kinds[col]
            if item.blank:
                cost += 0.2 if kind in _AMOUNTS else 0.0
                continue
            if kind == "rate":
                numbers["rate"] = item.rate if item.rate is not None else _bare_rate(item.number)
                cost += 0.0 if item.rate is not None else 0.5
            elif kind != "method":
                numbers[kind] = item.number
        cost += _empty_cost(self.kinds, placement)
        if to_beat is not None and cost + selfcheck.score_floor(numbers) >= to_beat:
            return None
        cost += selfcheck.score_reading(numbers)
        column_cols = self.column_cols
        cost += 0.3 * offset_spread(self.item_cols, [column_cols[c] for c in placement])
        return cost


@lru_cache(maxsize=1024)
def _empty_cost(kinds: tuple[str, ...], placement: tuple[int, ...]) -> float:
    """The price of the columns ``placement`` leaves empty, summed as the search always did (the
    same float); a layout has a few dozen placements and every row of a form asks the same."""
    empty = [_EMPTY_COST.get(k, 0.1) for k in kinds]
    return sum(empty[i] for i in range(len(empty)) if i not in placement)


def _bare_rate(number: float | None) -> float | None:
    if number is None:
        return None
    return number / 100 if number > 1.5 else number


def _store(
    form: Form, name: str, placement: list[int], values: list[Value], columns: list[Column]
) -> None:
    row = FundsRow()
    funds = form.funds
    is_total = name == "total"
    for value, col in zip(values, placement, strict=True):
        if col < 0 or value.blank:
            continue
        kind = columns[col].kind
        if kind == "method":
            continue
        number = value.rate if kind == "rate" and value.rate is not None else value.number
        if kind == "rate" and value.rate is None:
            number = _bare_rate(number)
        if number is None:
            continue
        if kind in _ROW_FIELDS:
            setattr(row, kind, number)
            form.sources[f"funds.{name}.{kind}"] = value.source()
        if is_total and kind in ("weight", "rate", "score"):
            setattr(funds, kind, number)
            form.sources[f"funds.{kind}"] = value.source()
    if name.startswith("extra."):
        funds.extra[name[len("extra.") :]] = row
    else:
        setattr(funds, name, row)
