"""The body of the indicator table in flow text -> one row per printed indicator row.

Each row closes at its weight and score (found by :mod:`flow_anchors`).  What comes before them,
back to the previous row, is [level-1] [level-2] level-3 target actual; what follows, up to the
next level label or the next row's texts, is the deviation note.  Level labels found through the
lexicon split the rest; a level-2 label with no texts after it is a template row left empty and
becomes a row of its own, so the recognizer can skip it.  Where no label separates a note from the
next row, the cheaper of the two readings (:func:`flow_cells.partition_cost`) wins.
"""

from __future__ import annotations

from jixiao.document import Cell, Row
from jixiao.lexicon import load_lexicon
from jixiao.readers.text.flow_anchors import NUMBER, SCORE, Layout, anchors, join_units
from jixiao.readers.text.flow_cells import (
    NUMERIC_START,
    OPERATOR_END,
    UNIT_START,
    cell_of,
    looks_like_value,
    partition,
    partition_cost,
)
from jixiao.readers.text.flow_labels import LEVEL1, LEVEL2, Tok
from jixiao.readers.text.flow_tokens import BLANK, CELL, NL, SPACE
from jixiao.text.normalize import label_key

_LEVELS = frozenset({LEVEL1, LEVEL2})
_LEVEL3_MIN = 3.0  # display width under which a first text is unlikely to be a level-3 name
_DEVIATION_BIAS = 1.5  # a deviation note must be earned by the evidence ...
_SAME_LINE_BIAS = -4.0  # ... unless it starts on the score's own line


def _is_level(t: Tok) -> bool:
    return bool(t.kinds & _LEVELS)


def _demote_word_labels(toks: list[Tok]) -> list[Tok]:
    """Only level labels are labels here ("项目资金" may be an indicator's name); and a bare
    short alias ("成本", "质量") on the line after a text ends that text ("继续医学教育培训\n成本")."""
    out = [t if not t.kinds or _is_level(t) else _as_text(t) for t in toks]
    for i in range(1, len(out)):
        t = out[i]
        if (
            _is_level(t)
            and t.sep == NL
            and "指标" not in label_key(t.text)
            and not out[i - 1].is_label
            and not NUMBER.match(out[i - 1].text)
        ):
            out[i] = _as_text(t)
    return out


def _label_groups(toks: list[Tok]) -> list[tuple[list[Tok], list[Tok]]]:
    """[(labels, texts)] in order; the first group may have no labels (texts before any)."""
    groups: list[tuple[list[Tok], list[Tok]]] = []
    for t in toks:
        if _is_level(t):
            if groups and groups[-1][0] and not groups[-1][1] and _joins(groups[-1][0], t):
                groups[-1][0].append(t)
            else:
                groups.append(([t], []))
        elif groups:
            groups[-1][1].append(t)
        else:
            groups.append(([], [t]))
    return groups


def _joins(labels: list[Tok], t: Tok) -> bool:
    """A level-2 label right after a level-1 label belongs to the same row."""
    return len(labels) == 1 and LEVEL1 in labels[0].kinds and LEVEL2 in t.kinds


def _row(cells: list[Cell]) -> Row:
    return Row(cells, line=cells[0].location.line if cells else None)


def _free_row(labels: list[Tok], texts: list[Tok]) -> Row:
    cells = [cell_of([t]) for t in labels]
    cells += [cell_of(g) for g in partition(texts, None)]
    return _row(cells)


def body_rows(toks: list[Tok], layout: Layout) -> list[Row]:
    """Rows of the indicator body (everything between the header row and the total row)."""
    rows: list[Row] = []
    toks = _demote_word_labels(toks)
    if not layout.unit_column:
        toks = join_units(toks)
    closing = anchors(toks, layout)
    start = 0
    prev: Row | None = None
    missing: tuple[int, int] | None = None
    for first, weight, score, scored in closing:
        head_end = min(first, weight)
        region = toks[start:head_end]
        values = toks[head_end : score + 1]
        if missing is not None and prev is not None:
            region = _fill_textless(prev, region, missing)
        prev, missing = _close_region(region, values, layout, rows, prev, scored)
        start = score + 1
    tail = toks[start:]
    if missing is not None and prev is not None:
        tail = _fill_textless(prev, tail, missing)
    _tail(tail, rows, prev)
    return rows


def _fill_textless(prev: Row, region: list[Tok], missing: tuple[int, int]) -> list[Tok]:
    """Values printed before the names (a column of numbers, then the column of names): a row
    that closed with no texts takes the texts that follow it, up to the next level label."""
    at, short = missing
    note = 0
    while note < len(region) and region[note].sep == SPACE and not _is_level(region[note]):
        note += 1  # a deviation note on the score's own line
    end = note
    while end < len(region) and not _is_level(region[end]):
        end += 1
    if end == note:
        return region
    groups = partition(region[note:end], None)
    prev.cells[at:at] = [cell_of(g) for g in groups[:short]]
    prev.line = min(c.location.line or 0 for c in prev.cells) or prev.line
    if note:
        prev.cells.append(cell_of(region[:note]))
    return [t for g in groups[short:] for t in g] + region[end:]


def _close_region(
    region: list[Tok],
    values: list[Tok],
    layout: Layout,
    rows: list[Row],
    prev: Row | None,
    scored: bool = True,
) -> tuple[Row, tuple[int, int] | None]:
    """Rows for the texts before one anchor; returns the anchored row, and where its texts go
    when it has none yet (cell position, number of texts)."""
    groups = _label_groups(region)
    numeric = _numeric_values(values, layout)
    want = max(1, layout.texts - numeric)
    lead: list[Tok] = []
    if groups and not groups[0][0]:
        lead = groups.pop(0)[1]
    if groups:
        if lead:
            _deviation_or_row(lead, prev, rows)
        for labels, texts in groups[:-1]:
            rows.append(_free_row(labels, texts))
        labels, texts = groups[-1]
        if len(texts) < want and len(labels) >= 2 and _same_level2(labels[-2], labels[-1]):
            texts = [_as_text(labels.pop()), *texts]
        elif (
            len(texts) < want
            and len(groups) >= 2
            and not groups[-2][1]
            and rows
            and rows[-1] is not prev
            and _same_level2(groups[-2][0][-1], labels[0])
            and len(labels) == 1
        ):
            # "服务对象满意度标" then "服务对象满意度指标": the second is the level-3 name
            rows.pop()
            texts = [_as_text(labels.pop()), *texts]
            labels = groups[-2][0]
    else:
        labels, texts = [], lead
        if prev is not None and texts:
            texts = _split_deviation(texts, want, prev, values)
    lone = _lone_weight(texts, want) if not layout.weight_first else None
    if lone is not None:  # a row printed with its weight but no score
        head = [cell_of([t]) for t in labels]
        head += [cell_of(g) for g in partition(texts[:lone], want, _LEVEL3_MIN)]
        rows.append(_row([*head, cell_of([texts[lone]])]))
        labels, texts = [], texts[lone + 1 :]
    cells = [cell_of([t]) for t in labels]
    cells += [cell_of(g) for g in partition(texts, want, _LEVEL3_MIN)] if texts else []
    cells += _value_cells(values, layout, scored)
    row = _row(cells)
    rows.append(row)
    short = want - len(texts)
    if short > 0 and all(looks_like_value(t.text) for t in texts):
        return row, (len(labels), short)
    return row, None


def _lone_weight(texts: list[Tok], want: int) -> int | None:
    """Position of a weight printed without its score, between two rows' texts."""
    for p in range(want, len(texts) - 1):
        t = texts[p]
        if not SCORE.match(t.text) or NUMBER.match(texts[p - 1].text):
            continue
        if OPERATOR_END.search(texts[p - 1].text) or UNIT_START.match(texts[p + 1].text):
            continue
        if texts[p + 1].sep == SPACE:
            continue  # a weight ends its line
        if NUMBER.match(texts[p + 1].text) or (t.sep == SPACE and texts[p + 1].sep == SPACE):
            continue
        return p
    return None


def _numeric_values(values: list[Tok], layout: Layout) -> int:
    """How many of the target/actual cells are among the anchor's numbers."""
    if layout.weight_first:
        return 0
    return max(0, len(values) - 2)


def _value_cells(values: list[Tok], layout: Layout, scored: bool = True) -> list[Cell]:
    if layout.weight_first and not scored:  # weight, target, actual: no score printed
        return [cell_of([values[0]])] + [cell_of(g) for g in partition(values[1:], 2)]
    if not layout.weight_first or len(values) <= 2:
        return [cell_of([t]) for t in values]
    # weight, texts (target, actual), score
    inner = values[1:-1]
    cells = [cell_of([values[0]])]
    if len(inner) > 2 and inner[0].sep == SPACE and inner[1].sep != SPACE:
        # "15 优" then a wrapped block: the one value on the weight's line is the target
        cells += [cell_of(inner[:1]), cell_of(inner[1:])]
    else:
        cells += [cell_of(g) for g in partition(inner, min(2, len(inner)))]
    cells.append(cell_of([values[-1]]))
    return cells


def _same_level2(a: Tok, b: Tok) -> bool:
    lex = load_lexicon()
    la, lb = lex.level2(a.text), lex.level2(b.text)
    return la is not None and lb is not None and la.canonical == lb.canonical


def _as_text(t: Tok) -> Tok:
    return Tok(t.text, t.line, t.end_line, t.sep, frozenset(), None, t.parts)


def _split_deviation(texts: list[Tok], want: int, prev: Row, values: list[Tok]) -> list[Tok]:
    """Texts with no label between two anchors: a deviation note of the previous row, then this
    row's texts, or only this row's texts.  The cheaper reading wins."""
    if len(texts) <= want:
        return texts
    cells = 1 + sum(1 for t in texts[1:] if t.sep == CELL)
    if cells > want:  # the export marks every cell: the surplus in front is the note
        cut = [i for i, t in enumerate(texts) if i and t.sep == CELL][cells - want - 1]
        prev.cells.append(cell_of(texts[:cut]))
        return texts[cut:]
    cut = _marked_row_start(texts, want)
    if cut:
        # "…更换部署。\n\n\n\n互联互通评级\n四级\n部分完成": empty cells (the note's row end, the
        # next row's blank level cells) stand between the note and this row's name
        prev.cells.append(cell_of(texts[:cut]))
        return texts[cut:]
    start = _anchor_line_start(texts, values)
    if 0 < start <= len(texts) - want and texts[start].sep == BLANK:
        # "…的原则\n\n乡村医生数统计 386 374 10 8": the row sits on its own line after a blank
        prev.cells.append(cell_of(texts[:start]))
        return texts[start:]
    same_line = texts[0].sep == SPACE
    plain = partition(texts, want, _LEVEL3_MIN)
    with_note = partition(texts, want + 1)
    bias = _SAME_LINE_BIAS if same_line else _DEVIATION_BIAS
    if want >= 2 and len(plain) == want and len(with_note) == want + 1:
        # the target is a value ("≥90%", "完成"); a name in its place means the texts slid
        plain_target = " ".join(t.text for t in plain[-2])
        note_target = " ".join(t.text for t in with_note[-2])
        if looks_like_value(note_target) and not looks_like_value(plain_target):
            bias -= 1.5
    if len(with_note) > 1 and NUMERIC_START.match(with_note[1][0].text):
        bias += 2.0  # the name would be "5 年": a value, so no note before it
    if len(with_note) == want + 1 and (
        partition_cost(texts, with_note) + bias < partition_cost(texts, plain)
    ):
        prev.cells.append(cell_of(with_note[0]))
        return [t for g in with_note[1:] for t in g]
    return texts


def _marked_row_start(texts: list[Tok], want: int) -> int:
    """The last certain cell boundary with at least ``want`` pieces after it (0: none): where
    the export marked a cell start among unmarked lines, the row's name begins there."""
    for i in range(len(texts) - want, 0, -1):
        if texts[i].sep == CELL:
            return i
    return 0


def _anchor_line_start(texts: list[Tok], values: list[Tok]) -> int:
    """Index of the first text on the line of the row's numbers (len(texts) if none is)."""
    if not values or values[0].sep != SPACE:
        return len(texts)
    i = len(texts) - 1
    while i > 0 and texts[i].sep == SPACE:
        i -= 1
    return i


def _deviation_or_row(texts: list[Tok], prev: Row | None, rows: list[Row]) -> None:
    if prev is not None:
        prev.cells.append(cell_of(texts))
    else:
        rows.append(_free_row([], texts))


def _tail(toks: list[Tok], rows: list[Row], prev: Row | None) -> None:
    """After the last anchor: its deviation note, then empty template rows."""
    groups = _label_groups(toks)
    if groups and not groups[0][0]:
        _deviation_or_row(groups.pop(0)[1], prev, rows)
    for labels, texts in groups:
        rows.append(_free_row(labels, texts))
