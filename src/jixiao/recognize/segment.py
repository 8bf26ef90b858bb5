"""Cutting a document's rows into forms, and each form into its blocks.

A document often holds many forms, and a form may run over several grids (page breaks), so the
rows of all grids are walked as one stream.  Each row either opens a block (its labels say which:
title, header, funds, goals, indicators, total) or continues the current one.  A new form starts at
a title, or — when titles are missing — at a 项目名称 row once the current form has one, or at a
funds block after a form's indicators.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import IntEnum

from jixiao.document import Cell, Document, Row
from jixiao.recognize import labels


class Block(IntEnum):
    """The blocks of a form, in printed order."""

    title = 0
    header = 1
    funds = 2
    goals = 3
    indicators = 4
    total = 5


BLOCK_NAMES_ZH = {
    Block.title: "标题",
    Block.header: "表头",
    Block.funds: "项目资金",
    Block.goals: "年度总体目标",
    Block.indicators: "绩效指标",
    Block.total: "总分",
}

_AMOUNT_COLUMNS = frozenset({"initial", "adjusted", "executed", "rate"})
_LEVEL_COLUMNS = frozenset({"level1", "level2", "level3"})
_FORM_OPENERS = frozenset({"project_name", "project_code"})


@dataclass(slots=True)
class Line:
    """A row with its filled cells, and whether its grid's column positions can be trusted."""

    row: Row
    cells: list[Cell]
    positional: bool

    def __init__(self, row: Row, cells: list[Cell], positional: bool) -> None:
        # compiled __init__ (a dataclass's generated one stays interpreted under mypyc)
        self.row = row
        self.cells = cells
        self.positional = positional

    @property
    def line(self) -> int | None:
        return self.row.line if self.row.line is not None else self.cells[0].location.line


@dataclass(slots=True)
class FormRows:
    """The rows of one form, by block."""

    blocks: dict[Block, list[Line]] = field(default_factory=dict)
    last: Block = Block.title
    last_line: Line | None = None
    header_kinds: set[str] = field(default_factory=set)

    def __init__(
        self,
        blocks: dict[Block, list[Line]] | None = None,
        last: Block = Block.title,
        last_line: Line | None = None,
        header_kinds: set[str] | None = None,
    ) -> None:
        # compiled __init__ (a dataclass's generated one stays interpreted under mypyc)
        self.blocks = {} if blocks is None else blocks
        self.last = last
        self.last_line = last_line
        self.header_kinds = set() if header_kinds is None else header_kinds

    def add(self, block: Block, line: Line) -> None:
        self.blocks.setdefault(block, []).append(line)
        self.last = max(self.last, block)
        self.last_line = line

    def has_content(self) -> bool:
        return any(b != Block.title for b in self.blocks)

    def rows(self, block: Block) -> list[Line]:
        return self.blocks.get(block, [])


def lines_of(document: Document) -> Iterator[Line]:
    for grid in document.grids:
        positional = grid.has_columns
        for row in grid.rows:
            cells = [c for c in row.cells if c.text and not c.text.isspace()]
            if cells:
                yield Line(row, cells, positional)


def opens(line: Line, current: Block | None) -> Block | None:
    """The block this row opens, or ``None`` when it continues the current block."""
    cells = line.cells
    known = [labels.of(c.text) for c in cells[:12]]  # one cache hit per cell, all answers
    first = known[0]
    second = known[1] if len(known) > 1 else None
    if len(cells) <= 3 and (first.title or (second is not None and second.title)):
        return Block.title
    if first.indicators_block:
        return Block.indicators
    columns = [k.indicator_column for k in known]
    if len(columns) - columns.count(None) >= 2 and not _LEVEL_COLUMNS.isdisjoint(columns):
        return Block.indicators
    in_table = current in (Block.indicators, Block.total)
    if first.total or first.grade:
        if current == Block.funds and first.funds_row:
            return None
        if in_table:
            return Block.total
    kind = header_kind(line)
    if kind and (not in_table or kind in _FORM_OPENERS):
        return Block.header
    if in_table:
        return None
    if first.funds_block or _amount_columns(known) >= 2:
        return Block.funds
    if first.funds_row and current in (Block.title, Block.header, None):
        return Block.funds
    if first.goals or (second is not None and second.goals):
        return Block.goals if current != Block.goals else None
    lex = labels.lexicon()
    text = cells[0].text
    if current in (Block.goals, Block.funds) and (
        lex.level1(text) is not None or first.level2 is not None
    ):
        return Block.indicators
    return None


def _amount_columns(known: list[labels.CellLabels]) -> int:
    """How many of the first ten cells are amount column labels (年初预算数, 执行数 ...)."""
    n = 0
    for k in known[:10]:
        if k.funds_column in _AMOUNT_COLUMNS:
            n += 1
    return n


def header_kind(line: Line) -> str | None:
    """The header label the row starts with (项目名称, 主管部门, ...), if any."""
    first = line.cells[0].text
    kind = labels.of(first).header
    if kind is None:
        split = labels.split_label_value(first)
        kind = split[0] if split else None
    return kind


def split_forms(document: Document) -> list[FormRows]:
    """The forms of a document, in order; rows before the first form are ignored."""
    forms: list[FormRows] = []
    current: FormRows | None = None
    block: Block | None = None
    for line in lines_of(document):
        opened = opens(line, block)
        if opened is not None:
            if current is None or _starts_new_form(current, opened, line):
                current = FormRows()
                forms.append(current)
            block = opened
            if opened == Block.header:
                kind = header_kind(line)
                if kind:
                    current.header_kinds.add(kind)
        elif current is None or block is None:
            continue
        current.add(block, line)
    return [f for f in forms if f.has_content()]


def _starts_new_form(current: FormRows, opened: Block, line: Line) -> bool:
    if opened == Block.title:
        return current.has_content()
    if opened == Block.header:
        kind = header_kind(line)
        return kind in _FORM_OPENERS and (
            kind in current.header_kinds or current.last >= Block.funds
        )
    if opened == Block.funds:
        return current.last >= Block.indicators
    if opened in (Block.goals, Block.indicators):
        return current.last >= Block.total
    return False
