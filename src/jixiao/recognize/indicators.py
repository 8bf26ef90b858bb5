"""The 绩效指标 table: its columns, and each row read by structure rather than fixed positions.

The header row says which columns the template has and in which order (分值 before the values in
Sichuan; 指标性质 / 指标值 / 度量单位 in 101号 forms; a 得分计算方法 column).  A data row is its
leading level labels (recognized wherever they sit) followed by values; the values are placed into
the header's columns in order, weights and scores only where a number is printed, and every
placement is priced: a missing 三级指标 or weight costs more than a missing deviation text, a row
shifted as a whole costs nothing.  Rows whose best placements are close (a lone number: weight or
score?) keep their alternatives for the form's arithmetic to decide (:mod:`selfcheck`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from jixiao.document import Cell
from jixiao.model import Indicator, Source
from jixiao.recognize import labels
from jixiao.recognize.levels import Carry, FormLevels, leading_labels
from jixiao.recognize.segment import Line
from jixiao.recognize.values import clean_text, offset_spread, readings, source
from jixiao.text.memo import Memo
from jixiao.text.normalize import clean, label_key
from jixiao.text.numbers import is_blank, parse_score

DEFAULT_COLUMNS = ("level3", "target", "actual", "weight", "score", "deviation")
_LABEL_COLUMNS = frozenset({"level1", "level2"})
_NUMERIC = frozenset({"weight", "score"})
_TEXT_FIELDS = ("level3", "target", "actual", "deviation")
_EMPTY_COST = {
    "level3": 5.0,
    "weight": 3.0,
    "score": 2.0,
    "target": 1.5,
    "actual": 1.5,
    "value": 1.5,
    "deviation": 0.2,
    "method": 0.1,
}
_CLOSE = 1.5  # placements within this cost of the best are kept for the arithmetic to decide
_MAX_OPTIONS = 4
# 指标性质 -> the operator printed before the value when the target is joined back together
NATURE_OPERATORS = {
    "正向": "≥",
    "正向指标": "≥",
    "反向": "≤",
    "反向指标": "≤",
    "≥": "≥",
    ">=": "≥",
    "≤": "≤",
    "<=": "≤",
    "=": "=",
    "＝": "=",
    "等于": "=",
    ">": ">",
    "<": "<",
    "大于": ">",
    "小于": "<",
    "大于等于": "≥",
    "小于等于": "≤",
    "定性": "",
    "定量": "",
}
_validate_indicator = Indicator.__pydantic_validator__.validate_python
_OPERATOR_START = (*"≥≤=<>＞＜＝", "不低于", "不高于", "不超过", "大于", "小于", "等于")


@dataclass(slots=True)
class Column:
    kind: str
    col: int | None

    def __init__(self, kind: str, col: int | None) -> None:
        # compiled __init__ (a dataclass's generated one stays interpreted under mypyc)
        self.kind = kind
        self.col = col


@dataclass(slots=True)
class Item:
    cell: Cell
    number: float | None
    blank: bool
    size: int  # length of the label key: 指标性质 and 度量单位 are short words

    def __init__(self, cell: Cell, number: float | None, blank: bool, size: int) -> None:
        # compiled __init__ (a dataclass's generated one stays interpreted under mypyc)
        self.cell = cell
        self.number = number
        self.blank = blank
        self.size = size


@dataclass(slots=True)
class RowReading:
    """One indicator row: its alternatives, best first, and what was noted while reading it."""

    options: list[Indicator]
    line: Line
    level1_inferred: bool = False

    def __init__(self, options: list[Indicator], line: Line, level1_inferred: bool = False) -> None:
        # compiled __init__ (a dataclass's generated one stays interpreted under mypyc)
        self.options = options
        self.line = line
        self.level1_inferred = level1_inferred


@dataclass(slots=True)
class TableReading:
    rows: list[RowReading] = field(default_factory=list)
    skipped: list[tuple[Line, str]] = field(default_factory=list)  # template rows left out
    level1_weights: dict[str, tuple[float, Cell]] = field(default_factory=dict)

    def __init__(
        self,
        rows: list[RowReading] | None = None,
        skipped: list[tuple[Line, str]] | None = None,
        level1_weights: dict[str, tuple[float, Cell]] | None = None,
    ) -> None:
        # compiled __init__ (a dataclass's generated one stays interpreted under mypyc)
        self.rows = [] if rows is None else rows
        self.skipped = [] if skipped is None else skipped
        self.level1_weights = {} if level1_weights is None else level1_weights


def read_indicators(lines: list[Line]) -> TableReading:
    out = TableReading()
    form_levels = FormLevels.scan(lines)
    carry = Carry(form_levels)
    columns: list[Column] = [Column(k, None) for k in DEFAULT_COLUMNS]
    previous_header: list[Column] | None = None
    for line in lines:
        header = _header_columns(line)
        if header is not None:
            columns = _merge_headers(previous_header, header) if previous_header else header
            previous_header = columns
            continue
        previous_header = None
        row_levels = leading_labels(line.cells, form_levels)
        inferred = carry.update(row_levels)
        if row_levels.level1 is not None and row_levels.level1[0].weight is not None:
            l1, cell = row_levels.level1
            printed = clean(l1.printed) or l1.canonical
            out.level1_weights.setdefault(printed, (l1.weight or 0.0, cell))
        items = [Item(c, *_typed(c.text)) for c in line.cells[row_levels.consumed :]]
        while len(items) > 1 and _is_placeholder(items[-1]):
            # a template row ("指标2：") glued to the end of a real one is no deviation text
            out.skipped.append((line, items.pop().cell.text))
        if _is_template(items):
            out.skipped.append((line, " ".join(c.text for c in line.cells)))
            continue
        options = _read_values(items, columns, carry)
        out.rows.append(RowReading(options, line, inferred))
    return out


def _header_columns(line: Line) -> list[Column] | None:
    found: list[tuple[str, Cell]] = []
    for c in line.cells:
        kind = labels.of(c.text).indicator_column
        if kind is not None:
            found.append((kind, c))
    if len(found) < 2 or len(found) < (len(line.cells) - 1) / 2:
        return None
    if not any(k in ("level1", "level2", "level3", "nature", "unit") for k, _ in found):
        return None
    return [
        Column(k, c.col if line.positional else None) for k, c in found if k not in _LABEL_COLUMNS
    ]


def _merge_headers(first: list[Column], second: list[Column]) -> list[Column]:
    """A two-row header: the second row's labels (指标性质 / 指标值 / 度量单位) replace the
    first row's column that spans them (年度指标值 or 指标值)."""
    if all(c.col is not None for c in first + second):
        merged = {c.col: c for c in first}
        for c in second:
            merged[c.col] = c
        return [merged[k] for k in sorted(merged, key=lambda x: x or 0)]
    kinds = [c.kind for c in first]
    for spanning in ("target", "value"):
        if spanning in kinds:
            i = kinds.index(spanning)
            return first[:i] + second + first[i + 1 :]
    return first + second


_TYPED: Final = Memo[str, tuple[float | None, bool, int]](8192)


def _typed(text: str) -> tuple[float | None, bool, int]:
    """(number, blank, key length) of a cell text; memoised, values like "5" or "完成" repeat."""
    typed = _TYPED.table.get(text)
    if typed is None:
        typed = _TYPED.recall(text)
    if typed is None:
        blank = is_blank(text)
        size = len(text) if len(text) > 12 else len(label_key(text))
        typed = _TYPED.put(text, ((None if blank else parse_score(text)), blank, size))
    return typed


def _is_placeholder(item: Item) -> bool:
    return not item.blank and labels.of(item.cell.text).placeholder


def _is_template(items: list[Item]) -> bool:
    """Nothing filled in: no values, or only "指标1：", "……", "不涉及"."""
    for it in items:
        if not it.blank:
            known = labels.of(it.cell.text)
            if not (known.placeholder or known.not_applicable):
                return False
    return True


def _allowed(item: Item, kind: str) -> bool:
    return item.blank or item.number is not None or kind not in _NUMERIC


def _read_values(items: list[Item], columns: list[Column], carry: Carry) -> list[Indicator]:
    if len(items) > len(columns):
        items = _fold_extra(items, len(columns))
    kinds = [c.kind for c in columns]
    natural = _natural(items, columns)
    if natural is not None:
        return [_build(items, natural, columns, carry)]
    priced: list[tuple[float, tuple[int, ...]]] = []
    for placement in readings(len(items), len(columns), lambda i, c: _allowed(items[i], kinds[c])):
        priced.append((_cost(items, placement, columns), placement))
    if not priced:
        return [_build(items, tuple(range(len(items))), columns, carry, lenient=True)]
    priced.sort(key=lambda p: p[0])
    best = priced[0][0]
    options: list[Indicator] = []
    seen: set[tuple[float | None, float | None]] = set()
    for cost, placement in priced[:_MAX_OPTIONS]:
        if cost > best + _CLOSE:
            break
        key = _numbers(items, placement, kinds)
        if key not in seen:  # alternatives matter only where the numbers differ
            seen.add(key)
            options.append(_build(items, placement, columns, carry))
    return options


def _natural(items: list[Item], columns: list[Column]) -> tuple[int, ...] | None:
    """The placement of a row that fills every column in order (or all but a trailing deviation),
    when nothing about it is doubtful: every other placement leaves a costlier column empty, so
    the search can be skipped.  Most rows of most forms are like this.

    "Nothing doubtful" is :func:`_cost` at most the price of the empty deviation (0.2): every
    other term of the cost is 0.3 or more, so this asks whether any of them applies, and stops
    at the first that does instead of pricing the whole row."""
    k, m = len(items), len(columns)
    if not (k == m or (k == m - 1 and columns[-1].kind == "deviation")):
        return None
    if k < m and any(c.kind == "method" for c in columns):
        return None
    weight: float | None = None
    score: float | None = None
    shift: int | None = None
    for item, column in zip(items, columns, strict=False):
        kind = column.kind
        if kind in _NUMERIC:
            if not (item.blank or item.number is not None):
                return None  # not allowed there
            if kind == "weight":
                weight = item.number
            else:
                score = item.number
        elif kind == "level3":
            if item.number is not None or item.blank:
                return None
        elif kind == "deviation":
            if item.number is not None:
                return None
        elif kind in ("nature", "unit") and item.size > 6:
            return None
        col, header = item.cell.col, column.col
        if col is not None and header is not None:
            if shift is None:
                shift = col - header
            elif col - header != shift:
                return None  # the values sit at two shifts from their headers
    if weight is not None and not 0 <= weight <= 100:
        return None
    if score is not None and weight is not None and score > weight + 0.01:
        return None
    return tuple(range(k))


def _numbers(
    items: list[Item], placement: tuple[int, ...], kinds: list[str]
) -> tuple[float | None, float | None]:
    found = {kinds[c]: it.number for it, c in zip(items, placement, strict=True)}
    return found.get("weight"), found.get("score")


def _fold_extra(items: list[Item], n: int) -> list[Item]:
    """More values than columns: the surplus texts belong to the last one (a split deviation)."""
    head, tail = items[: n - 1], items[n - 1 :]
    first = tail[0].cell
    text = "\n".join(it.cell.text for it in tail)
    joined = Cell(text, first.location, col=first.col)
    return [*head, Item(joined, None, False, len(text))]


def _cost(items: list[Item], placement: tuple[int, ...], columns: list[Column]) -> float:
    cost = 0.0
    values: dict[str, float | None] = {}
    for item, col in zip(items, placement, strict=True):
        kind = columns[col].kind
        if kind in _NUMERIC:
            values[kind] = item.number
        elif kind == "level3" and (item.number is not None or item.blank):
            cost += 1.5
        elif kind == "deviation" and item.number is not None:
            cost += 1.0
        elif kind in ("nature", "unit") and item.size > 6:
            cost += 1.5
    used = set(placement)
    cost += sum(_EMPTY_COST.get(c.kind, 0.3) for i, c in enumerate(columns) if i not in used)
    weight, score = values.get("weight"), values.get("score")
    if weight is not None and not 0 <= weight <= 100:
        cost += 3.0
    if score is not None and weight is not None and score > weight + 0.01:
        cost += 1.0
    cost += 0.3 * offset_spread([it.cell.col for it in items], [columns[c].col for c in placement])
    return cost


def _build(
    items: list[Item],
    placement: tuple[int, ...],
    columns: list[Column],
    carry: Carry,
    *,
    lenient: bool = False,
) -> Indicator:
    """The indicator of one placement, with the level labels in force (``carry``).

    The levels go in with the other fields, so one validation makes the whole model (setting
    them afterwards cost two ``BaseModel.__setattr__`` calls per indicator); their sources are
    added last, after a joined target's, in the order the sources always had."""
    fields: dict[str, object] = {}
    sources: dict[str, Source] = {}
    parts: dict[str, list[Item]] = {}
    n_columns = len(columns)
    for item, col in zip(items, placement, strict=False):
        kind = columns[col].kind if col < n_columns else "deviation"
        same = parts.get(kind)
        if same is None:
            parts[kind] = [item]
        else:
            same.append(item)
    for kind, its in parts.items():
        item = its[0]
        if kind in _NUMERIC:
            number = item.number
            if number is not None or not lenient:
                fields[kind] = number
                if number is not None:
                    sources[kind] = source(item.cell.text, item.cell.location)
        elif kind in _TEXT_FIELDS and not item.blank:
            text = item.cell.text
            fields[kind] = clean_text(text)
            sources[kind] = source(text, item.cell.location)
    level1, level2 = carry.level1, carry.level2
    if level1 is not None:
        fields["level1"] = level1.printed
    if level2 is not None:
        fields["level2"] = level2.printed
    fields["sources"] = sources
    ind: Indicator = _validate_indicator(fields)  # Indicator(**fields), without __init__'s wrapper
    if ind.target is None and ("value" in parts or "nature" in parts):
        _join_target(ind, parts)
    if level1 is not None and level1.source is not None:
        ind.sources["level1"] = level1.source
    if level2 is not None and level2.source is not None:
        ind.sources["level2"] = level2.source
    return ind


def _join_target(ind: Indicator, parts: dict[str, list[Item]]) -> None:
    """指标性质 + 指标值 + 度量单位 -> one target such as ≥735人次."""
    texts = {k: clean(parts[k][0].cell.text) for k in ("nature", "value", "unit") if k in parts}
    value = texts.get("value") or ""
    nature = texts.get("nature")
    operator = ""
    if nature is not None:
        operator = NATURE_OPERATORS.get(label_key(nature), NATURE_OPERATORS.get(nature, nature))
    if value.startswith(_OPERATOR_START):
        operator = ""
    unit = texts.get("unit") or ""
    if unit and value.endswith(unit):
        unit = ""
    joined = f"{operator}{value}{unit}" if value else None
    if joined:
        ind.target = joined
        first = next(parts[k][0] for k in ("nature", "value", "unit") if k in parts)
        raw = " ".join(parts[k][0].cell.text for k in ("nature", "value", "unit") if k in parts)
        ind.sources["target"] = source(raw, first.cell.location)


def _source(item: Item) -> Source:
    return source(item.cell.text, item.cell.location)
