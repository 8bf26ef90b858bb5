"""The 年度总体目标 block: the expected goal (预期目标 / 年初设定目标) and what was achieved
(实际完成情况 / 年度总体目标完成情况综述).

Templates print the two texts below their labels, beside them, or (in flowing text) one after the
other.  A text that follows its label in the same row belongs to that label; other texts go to the
label whose column they sit under when the grid has columns, and otherwise to the labels in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.document import Cell
from jixiao.model import Form
from jixiao.recognize import labels
from jixiao.recognize.segment import Line
from jixiao.recognize.values import source
from jixiao.text.normalize import clean

_SLOTS = ("expected", "actual")


@dataclass(slots=True)
class _Slot:
    kind: str
    col: int | None
    texts: list[Cell] = field(default_factory=list)

    def __init__(self, kind: str, col: int | None, texts: list[Cell] | None = None) -> None:
        # compiled __init__ (a dataclass's generated one stays interpreted under mypyc)
        self.kind = kind
        self.col = col
        self.texts = [] if texts is None else texts


def read_goals(form: Form, lines: list[Line]) -> None:
    slots: dict[str, _Slot] = {}
    loose: list[tuple[Cell, bool]] = []  # texts not beside a label, with the grid's positional flag
    for line in lines:
        current: _Slot | None = None
        for cell in line.cells:
            known = labels.of(cell.text)
            kind = known.goals
            if kind in _SLOTS:
                current = slots.setdefault(kind, _Slot(kind, cell.col if line.positional else None))
                continue
            if kind == "block" or known.indicators_block:
                continue
            if current is not None and not current.texts:
                current.texts.append(cell)
                current = None
            else:
                loose.append((cell, line.positional))
    _place(slots, loose)
    for kind in _SLOTS:
        slot = slots.get(kind)
        if slot is None or not slot.texts:
            continue
        raw = "\n".join(c.text for c in slot.texts)
        text = clean(raw)
        if text is None:
            continue
        setattr(form, f"goal_{kind}", text)
        form.sources[f"goal_{kind}"] = source(raw, slot.texts[0].location)


def _place(slots: dict[str, _Slot], loose: list[tuple[Cell, bool]]) -> None:
    """Texts not printed beside their label: by column when known, else in order."""
    for kind in _SLOTS:
        slots.setdefault(kind, _Slot(kind, None))
    ordered = [slots[k] for k in _SLOTS]
    open_slots = [s for s in ordered if not s.texts]
    for cell, positional in loose:
        by_col = [s for s in ordered if s.col is not None]
        if positional and cell.col is not None and len(by_col) == len(ordered):
            nearest = min(by_col, key=lambda s: abs((s.col or 0) - (cell.col or 0)))
            nearest.texts.append(cell)
            open_slots = [s for s in open_slots if s is not nearest]
            continue
        target = open_slots.pop(0) if open_slots else ordered[-1]
        target.texts.append(cell)
