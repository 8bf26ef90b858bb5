"""The total row (总分 weight score) in PDF text flow, when pdftotext printed its numbers apart
from the 总分 label.

Why: pdftotext prints a LibreOffice PDF's cells by their drawing order.  The narrow 分值/得分
cells of the last indicator row often come after the 总分 label ("总分 / 5 / 5 / 100 / 98.6"):
the total row holds two numbers, so of four or more numbers in a row after 总分 the last two are
the total and the others close the row before it.  Or the total's numbers come before the label,
among the rows ("… 有待进一步提高 / 100 / 95 / 效益指标 … / 总分" with nothing after it): then the
last pair, when its weight is at least all the rows' weights together, is the total's.  The numbers move
to where they belong; their source lines stay with them.
"""

from __future__ import annotations

from jixiao.readers.text.flow_anchors import SCORE
from jixiao.readers.text.flow_labels import GOAL, GOALS_BLOCK, TITLE, TOTAL, Tok

# labels printed before an indicator table's rows: a total's numbers are looked for after them
_BEFORE_ROWS = frozenset({GOAL, GOALS_BLOCK, TITLE, TOTAL})


def _is_number(t: Tok) -> bool:
    return not t.kinds and SCORE.match(t.text) is not None


def total_last(toks: list[Tok]) -> list[Tok]:
    """``toks`` with each total's numbers next to its label and the row before it whole.  Every
    move keeps the length of the stretch it reorders, so the totals stay where they were found."""
    totals = [i for i, t in enumerate(toks) if t.kinds and TOTAL in t.kinds]
    if not totals:
        return toks
    out = list(toks)
    n = len(out)
    for found in totals:
        i = _total_before(out, found)
        t = out[i]
        end = i + 1
        while end < n and not out[end].kinds:
            end += 1
        run = out[i + 1 : end]
        p = _total_start(run)
        if p:
            out[i:end] = [*run[:p], t, *run[p:]]
    return out


def _total_start(run: list[Tok]) -> int:
    """Position in ``run`` of the total's weight: the last two of the first four or more numbers
    in a row, the weight the largest of them (0: the run is left alone)."""
    k = 0
    while k < len(run):
        if not _is_number(run[k]):
            k += 1
            continue
        j = k
        while j + 1 < len(run) and _is_number(run[j + 1]):
            j += 1
        if j - k + 1 < 4:
            k = j + 1
            continue
        values = [float(u.text.rstrip("分")) for u in run[k : j + 1]]
        return j - 1 if values[-2] == max(values) else 0
    return 0


def _total_before(out: list[Tok], i: int) -> int:
    """A 总分 at ``i`` with no number after it takes the last pair of numbers printed among the
    rows when that pair's weight is at least the other pairs' weights together (three or more
    of them); ``out`` is changed in place.  Returns where the label is then."""
    if i + 1 < len(out) and _is_number(out[i + 1]):
        return i
    start = i
    # back to the goals (column labels may print among the rows, like 绩效指标, a tall cell)
    while start > 0 and not out[start - 1].kinds & _BEFORE_ROWS:
        start -= 1
    pair = _total_pair(out, start, i)
    if pair < 0:
        return i
    moved = out[pair : pair + 2]
    out[pair : i + 1] = [*out[pair + 2 : i + 1], *moved]
    return i - 2


def _total_pair(toks: list[Tok], start: int, end: int) -> int:
    """Position of the first number of the total's pair in ``toks[start:end]`` (-1: none).  The
    last two numbers of each run of numbers are a (weight, score) pair; numbers before them may
    be a numeric target and actual ("21 21 15 15"), so they are not counted as weights."""
    pairs: list[tuple[int, float, float]] = []
    k = start
    while k < end:
        if not _is_number(toks[k]):
            k += 1
            continue
        j = k
        while j + 1 < end and _is_number(toks[j + 1]):
            j += 1
        if j > k:
            pairs.append((j - 1, _value(toks[j - 1]), _value(toks[j])))
        k = j + 1
    if len(pairs) < 4:
        return -1
    top = pairs[-1]  # printed after the rows, like the total row itself
    others = [q[1] for q in pairs[:-1]]
    if top[2] > top[1] or top[1] < sum(others):
        return -1
    return top[0]


def _value(t: Tok) -> float:
    return float(t.text.rstrip("分"))
