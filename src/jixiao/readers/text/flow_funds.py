"""The funds block in flow text: its header row, then one row per funds row.

Why pairing and not position: pdftotext sometimes prints a row's values before its label (the
label cell is vertically centred and starts lower than the numbers), or a whole column of values
before the column of labels.  Values are collected as runs between labels; a run before the first
label means values come first, and each run then belongs to the label after it.
"""

from __future__ import annotations

import re

from jixiao.document import Cell, Row
from jixiao.model.provenance import Location
from jixiao.readers.text.flow_cells import cell_of
from jixiao.readers.text.flow_labels import FUNDS_BLOCK, FUNDS_COL, FUNDS_ROW, Tok
from jixiao.readers.text.flow_tokens import SPACE

FUNDS_VALUE = re.compile(r"^(?:[-+]?[\d,]*\.?\d+(?:%|％|万元|元|分)?|[—–\-/／]+|无|%|％)$")


def _row(cells: list[Cell]) -> Row:
    return Row(cells, line=cells[0].location.line if cells else None)


def extend(cell: Cell, t: Tok) -> Cell:
    """``cell`` with one more token of text: a space within a line, a line break between lines."""
    joiner = " " if t.sep == SPACE else "\n"
    loc = cell.location
    return Cell(cell.text + joiner + t.text, Location(line=loc.line, end_line=t.end_line))


def funds_rows(toks: list[Tok]) -> list[Row]:
    """The header row (项目资金（万元） and its column labels), then one row per funds row."""
    out: list[Row] = []
    i = 0
    header: list[Cell] = []
    early: list[Tok] = []  # row labels printed before the column labels
    while i < len(toks):
        t = toks[i]
        if FUNDS_ROW in t.kinds and _columns_follow(toks, i):
            # "年度资金总额 / 年初预算数 / 全年预算数 …": the row label's cell is drawn first
            early.append(t)
            i += 1
            continue
        if FUNDS_ROW in t.kinds or FUNDS_VALUE.match(t.text):
            break
        if t.kinds & {FUNDS_BLOCK, FUNDS_COL} or not header:
            header.append(cell_of([t]))
        else:
            header[-1] = extend(header[-1], t)
        i += 1
    if header:
        out.append(_row(header))
    return out + _value_rows(early + toks[i:])


def _columns_follow(toks: list[Tok], i: int) -> bool:
    """The funds row label at ``i`` is followed by a column label (no value between)."""
    return (
        i + 1 < len(toks) and FUNDS_COL in toks[i + 1].kinds and FUNDS_ROW not in toks[i + 1].kinds
    )


def _value_rows(toks: list[Tok]) -> list[Row]:
    """Funds rows as label + values; values printed before their label are moved after it."""
    items: list[tuple[Tok | None, list[Tok]]] = []  # (label, values)
    pending: list[Tok] = []
    for t in toks:
        is_value = not t.kinds and FUNDS_VALUE.match(t.text) is not None
        if is_value and t.text in ("%", "％") and pending and t.sep == SPACE:
            last = pending[-1]  # "91 %"
            pending[-1] = Tok(last.text + t.text, last.line, t.end_line, last.sep)
            continue
        if is_value:
            pending.append(t)
            continue
        if FUNDS_ROW in t.kinds or (not t.kinds and not is_value):
            if (
                items
                and items[-1][0] is not None
                and not items[-1][1]
                and not t.kinds
                and t.sep == SPACE
            ):
                # continuation of an unknown label on the same line
                lab = items[-1][0]
                items[-1] = (Tok(lab.text + " " + t.text, lab.line, t.end_line, lab.sep), [])
                continue
            items.append((None, pending))
            pending = []
            items.append((t, []))
        else:
            pending.append(t)
    items.append((None, pending))
    return _pair_funds(items)


def _pair_funds(items: list[tuple[Tok | None, list[Tok]]]) -> list[Row]:
    """Pair labels with their values.  Values normally follow their label; a block of values
    before the first label means the rendering printed values first: each goes to the next label."""
    labels: list[Tok] = []
    values: list[list[Tok]] = []  # values[i] printed right after labels[i-1] (values[0]: before)
    for label, vals in items:
        if label is None:
            if values:
                values[-1].extend(vals)
            else:
                values.append(list(vals))
        else:
            labels.append(label)
            values.append([])
    if not values:
        return []
    before, after = values[0], values[1:]
    assigned: list[list[Tok]]
    if not before:
        assigned = after
    else:
        # values first: the block before label i belongs to label i
        blocks = [before, *after[:-1]]
        assigned = []
        i = 0
        while i < len(labels):
            block = blocks[i]
            run = 1
            while i + run < len(labels) and not blocks[i + run]:
                run += 1
            if run > 1 and block:
                assigned.extend(_spread(block, run))
            else:
                assigned.append(block)
                assigned.extend([] for _ in range(run - 1))
            i += run
        if after and after[-1] and assigned:
            assigned[-1] = assigned[-1] + after[-1]
    rows = []
    for label, vals in zip(labels, assigned, strict=False):
        rows.append(_row([cell_of([label]), *(cell_of([v]) for v in vals)]))
    return rows


def _spread(block: list[Tok], n: int) -> list[list[Tok]]:
    """A column of values printed before a column of ``n`` labels: one printed line each, or
    equal shares."""
    lines: list[list[Tok]] = []
    for t in block:
        if not lines or t.sep != SPACE:
            lines.append([t])
        else:
            lines[-1].append(t)
    if len(lines) == n:
        return lines
    if len(block) % n == 0:
        size = len(block) // n
        return [block[k * size : (k + 1) * size] for k in range(n)]
    return [block] + [[] for _ in range(n - 1)]
