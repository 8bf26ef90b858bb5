"""The body of the indicator table in flow text -> one row per printed indicator row.

Why anchors: the only things every indicator row prints in a fixed shape are its weight and score,
two numbers side by side (after the target and actual in the national layout).  Each such pair
closes a row.  What comes before it, back to the previous row, is [level-1] [level-2] level-3
target actual; what follows it, up to the next level label or the next row's texts, is the
deviation note.  Level labels found through the lexicon split the rest; a level-2 label with no
texts after it is a template row left empty and becomes a row of its own, so the recognizer can
skip it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.document import Cell, Row
from jixiao.lexicon import load_lexicon
from jixiao.readers.text.flow_cells import (
    NUMERIC_START,
    OPERATOR_END,
    UNIT_ONLY,
    UNIT_START,
    VALUE_START,
    VALUE_WORDS,
    cell_of,
    looks_like_value,
    partition,
    partition_cost,
)
from jixiao.readers.text.flow_labels import LEVEL1, LEVEL2, Tok
from jixiao.readers.text.flow_tokens import BLANK, CELL, NL, SPACE
from jixiao.text.normalize import has_cjk, label_key

_SCORE = re.compile(r"^\d{1,3}(?:\.\d+)?分?$")
_NUMBER = re.compile(r"^[\d,]+(?:\.\d+)?$")
_LEVELS = frozenset({LEVEL1, LEVEL2})
_LEVEL3_MIN = 3.0  # display width under which a first text is unlikely to be a level-3 name
_DEVIATION_BIAS = 1.5  # a deviation note must be earned by the evidence ...
_SAME_LINE_BIAS = -4.0  # ... unless it starts on the score's own line


@dataclass(frozen=True, slots=True)
class Layout:
    """What the header says about a row: text cells before the weight, and where the weight is."""

    texts: int = 3  # level-3, target, actual
    unit_column: bool = False  # 度量单位 printed in a column of its own: "1642 人次" is two cells
    weight_first: bool = False  # Sichuan: 分值 printed before the target and actual


def _is_level(t: Tok) -> bool:
    return bool(t.kinds & _LEVELS)


def _anchors(toks: list[Tok], layout: Layout) -> list[tuple[int, int, int, bool]]:
    """(first value, weight, last value, whether it is a score) token positions of every row's
    closing numbers."""
    if layout.weight_first:
        return _weight_first_anchors(toks)
    out: list[tuple[int, int, int, bool]] = []
    n = len(toks)
    i = 0
    while i < n:
        if toks[i].is_label or not _SCORE.match(toks[i].text):
            i += 1
            continue
        if i and toks[i].sep == SPACE and OPERATOR_END.search(toks[i - 1].text):
            i += 1  # "等于 7": the number belongs to its operator
            continue
        j = i
        while j + 1 < n and not toks[j + 1].is_label and _NUMBER.match(toks[j + 1].text):
            j += 1
        if (
            j > i + 1
            and j + 1 < n
            and toks[j + 1].sep == SPACE
            and UNIT_START.match(toks[j + 1].text)
        ):
            j -= 1  # "15 13 2 项任务延期": the note starts with a number
        if j > i and _SCORE.match(toks[j - 1].text) and _SCORE.match(toks[j].text):
            out.append((i, j - 1, j, True))
        i = j + 1
    return out


def _weight_first_anchors(toks: list[Tok]) -> list[tuple[int, int, int, bool]]:
    """Sichuan layout: level-3, weight, target, actual, score.  The score is the first number
    after the weight with at least two cells between them that is not part of a value
    ("2160 元", "不超过 20") and not above the weight.  A row printed without its score shows as
    more than two cells before a number that itself opens a complete row."""
    out: list[tuple[int, int, int, bool]] = []
    n = len(toks)
    i = 0
    while i < n:
        if not _could_weigh(toks, i):
            i += 1
            continue
        found, cells = _score_after(toks, i)
        if found and cells > 2 and _could_weigh(toks, found) and _row_ends(toks, i):
            following, between = _score_after(toks, found)
            if following and between == 2:
                end = _values_end(toks, i)
                out.append((i + 1, i, end, False))
                i = end + 1
                continue
        if found:
            out.append((i + 1, i, found, True))
            i = found + 1
        else:
            i += 1
    return out


def _could_weigh(toks: list[Tok], i: int) -> bool:
    t = toks[i]
    if t.is_label or not _SCORE.match(t.text) or i == 0:
        return False
    return not (i + 1 < len(toks) and _counts_something(t, toks[i + 1]))


def _score_after(toks: list[Tok], i: int) -> tuple[int, int]:
    """(position of the score for the weight at ``i`` or 0, cells seen before it)."""
    weight = float(toks[i].text.rstrip("分"))
    n = len(toks)
    cells = 0
    for k in range(i + 1, min(n, i + 40)):
        c = toks[k]
        if c.is_label:
            break
        before = toks[k - 1].text
        # "等于 6.3072" and "6.3072 / 万元" (a unit on the next line) continue one cell
        joined = OPERATOR_END.search(before) is not None or (
            UNIT_ONLY.match(c.text) is not None and before[-1:].isdigit()
        )
        if cells < 2 or not _SCORE.match(c.text) or joined:
            cells += 0 if joined else 1
            continue
        if float(c.text.rstrip("分")) > weight or (k + 1 < n and _unit_after(toks[k + 1])):
            cells += 1  # no score exceeds its weight; "2 元/平方米" is a value
            continue
        return k, cells
    return 0, cells


def _row_ends(toks: list[Tok], i: int) -> bool:
    """The weight at ``i`` is followed by exactly its target and actual: two certain cells, or
    two pieces on its line and then a blank line."""
    end = _values_end(toks, i)
    if i + 1 < len(toks) and toks[i + 1].sep == CELL:
        return True
    return end - i == 2 and end + 1 < len(toks) and toks[end + 1].sep == BLANK


def _values_end(toks: list[Tok], i: int) -> int:
    """The last token of a score-less row's target and actual: the second certain cell, or
    the end of the weight's printed line."""
    if i + 1 < len(toks) and toks[i + 1].sep == CELL:
        cells, k = 0, i + 1
        while k < len(toks):
            if toks[k].sep == CELL:
                cells += 1
                if cells == 3:
                    return k - 1
            k += 1
        return len(toks) - 1
    k = i
    while k + 1 < len(toks) and toks[k + 1].sep == SPACE:
        k += 1
    return k


def _join_units(toks: list[Tok]) -> list[Tok]:
    """ "2160 元", "15000 人次" on one line: a number and its unit are one value."""
    out: list[Tok] = []
    for t in toks:
        unit = (
            UNIT_ONLY.match(t.text) is not None
            or (len(t.text) == 1 and has_cjk(t.text) and not VALUE_WORDS.match(t.text))
            or (UNIT_START.match(t.text) is not None and ("/" in t.text or "／" in t.text))
        )
        if out and t.sep == SPACE and unit and out[-1].text[-1:].isdigit():
            prev = out[-1]
            out[-1] = Tok(
                prev.text + " " + t.text,
                prev.line,
                t.end_line,
                prev.sep,
                prev.kinds,
                None,
                prev.parts + t.parts,
            )
        else:
            out.append(t)
    return out


def _counts_something(number: Tok, nxt: Tok) -> bool:
    """A number followed on its line by words that are no value is part of a name, not a weight:
    "15 家社区卫生服务站", "1 年内结题", "65 岁及以上" (but "15 优", "10 等于 500 个" are weights)."""
    if nxt.sep != SPACE or not UNIT_START.match(nxt.text):
        return False
    return not (VALUE_WORDS.match(nxt.text) or VALUE_START.match(nxt.text))


def _unit_after(t: Tok) -> bool:
    """A unit right after a number ("元/平方米/天", "人次"): the number is a value, not a score."""
    return (
        t.sep == SPACE
        and UNIT_START.match(t.text) is not None
        and (len(t.text) <= 3 or "/" in t.text or "／" in t.text)
    )


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
            and not _NUMBER.match(out[i - 1].text)
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
        toks = _join_units(toks)
    anchors = _anchors(toks, layout)
    start = 0
    prev: Row | None = None
    missing: tuple[int, int] | None = None
    for first, weight, score, scored in anchors:
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
        if not _SCORE.match(t.text) or _NUMBER.match(texts[p - 1].text):
            continue
        if OPERATOR_END.search(texts[p - 1].text) or UNIT_START.match(texts[p + 1].text):
            continue
        if texts[p + 1].sep == SPACE:
            continue  # a weight ends its line
        if _NUMBER.match(texts[p + 1].text) or (t.sep == SPACE and texts[p + 1].sep == SPACE):
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
