"""一级 / 二级 indicator labels: recognized wherever they sit, carried down merged cells, inferred
where lost.

Spreadsheet exports lose merged cells, so a row may print its level-2 label in the level-1 column
or no label at all.  The lexicon knows every level-2 label's parent, so a lost level-1 is inferred
from its level-2 — in the form's own wording (效果指标 where the form prints 效果指标) — and noted.
成本指标 is a level-2 under 产出指标 in old forms and a level-1 in 财预〔2021〕101号 forms; the
form's own structure decides (does it print 经济成本指标 and the like under it?).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.document import Cell
from jixiao.lexicon import Level1, Level2
from jixiao.model import Source
from jixiao.recognize import labels
from jixiao.recognize.segment import Line
from jixiao.recognize.values import source
from jixiao.text.normalize import clean

_SCAN = 4  # level labels are among the first cells of a row


def level1_of(text: str) -> Level1 | None:
    """A level-1 label, with a weight printed inside it even when wrapped: 产出指标(55 分\n)."""
    return labels.of(text).level1


@dataclass(slots=True)
class Level:
    printed: str
    canonical: str
    cell: Cell | None  # None: inferred, not printed
    source: Source | None = field(default=None, init=False)  # of the cell, made once

    def __init__(self, printed: str, canonical: str, cell: Cell | None) -> None:
        # compiled __init__ (a dataclass's generated one stays interpreted under mypyc)
        self.printed = printed
        self.canonical = canonical
        self.cell = cell
        # one Source per printed label, shared by every indicator row the label covers (Sources
        # are frozen), instead of one per row
        self.source = None if cell is None else source(cell.text, cell.location)


@dataclass(slots=True)
class FormLevels:
    """What the form's indicator table prints: level-1 wording and which level-2 parents occur."""

    wording: dict[str, str]  # level-1 canonical -> the form's printed label
    parents: set[str]  # canonical level-1s that some printed level-2 label belongs to

    @classmethod
    def scan(cls, lines: list[Line]) -> FormLevels:
        wording: dict[str, str] = {}
        parents: set[str] = set()
        for line in lines:
            for cell in line.cells[:_SCAN]:
                known = labels.of(cell.text)
                l1 = known.level1
                l2 = known.level2
                if l1 and not l2:
                    wording.setdefault(l1.canonical, clean(l1.printed) or l1.canonical)
                if l2 and not l1:
                    parents.add(l2.parent)
        return cls(wording, parents)

    def printed(self, canonical: str) -> str:
        return self.wording.get(canonical, canonical)


@dataclass(slots=True)
class RowLevels:
    level1: tuple[Level1, Cell] | None = None
    level2: tuple[Level2, Cell] | None = None
    consumed: int = 0  # how many leading cells were labels

    def __init__(
        self,
        level1: tuple[Level1, Cell] | None = None,
        level2: tuple[Level2, Cell] | None = None,
        consumed: int = 0,
    ) -> None:
        # compiled __init__ (a dataclass's generated one stays interpreted under mypyc)
        self.level1 = level1
        self.level2 = level2
        self.consumed = consumed


def leading_labels(cells: list[Cell], form_levels: FormLevels) -> RowLevels:
    """The level labels a row starts with (block labels such as 绩效指标 are skipped)."""
    out = RowLevels()
    i = 0
    while i < len(cells) and i < _SCAN:
        known = labels.of(cells[i].text)
        if known.indicators_block:
            i += 1
            continue
        l1 = known.level1
        l2 = known.level2
        if l1 and l2:  # 成本指标, 满意度指标: both a level-1 and a level-2 label
            first_label = out.level1 is None and out.level2 is None
            if not first_label or not _level1_reading(l1, l2, cells[i + 1 :], form_levels):
                l1 = None
            else:
                l2 = None
        if l1 and out.level1 is None and out.level2 is None:
            out.level1 = (l1, cells[i])
        elif l2 and out.level2 is None:
            out.level2 = (l2, cells[i])
        else:
            break
        i += 1
    out.consumed = i
    return out


def _level1_reading(l1: Level1, l2: Level2, rest: list[Cell], form_levels: FormLevels) -> bool:
    if rest and labels.of(rest[0].text).level2 is not None:
        return True  # a level-2 label follows: this one is the level 1
    if l2.parent == l1.canonical:
        return True  # 满意度指标 alone: reading it as the level 1 loses nothing
    return l1.canonical in form_levels.parents  # 成本指标 with 经济成本指标 … under it


class Carry:
    """The level labels in force, carried down rows whose merged cells were left empty."""

    def __init__(self, form_levels: FormLevels) -> None:
        self.form_levels = form_levels
        self.level1: Level | None = None
        self.level2: Level | None = None

    def update(self, row: RowLevels) -> bool:
        """Apply a row's labels; True when the level 1 had to be inferred."""
        inferred = False
        if row.level1 is not None:
            l1, cell = row.level1
            self.level1 = Level(clean(l1.printed) or l1.canonical, l1.canonical, cell)
            self.level2 = None
        if row.level2 is not None:
            l2, cell = row.level2
            self.level2 = Level(clean(cell.text) or l2.canonical, l2.canonical, cell)
            if row.level1 is None and (self.level1 is None or self.level1.canonical != l2.parent):
                self.level1 = Level(self.form_levels.printed(l2.parent), l2.parent, None)
                inferred = True
        return inferred
