"""The total row (总分 weight score) in PDF text flow, when the last indicator row's numbers are
printed after the 总分 label.

Why: pdftotext prints a LibreOffice PDF's cells by their drawing order, and the narrow 分值/得分
cells of the last indicator row often come after the 总分 label: "总分 / 5 / 5 / 100 / 98.6".
The total row holds two numbers, so of four or more numbers in a row after 总分 the last two are
the total and the others close the row before it: they move back in front of the label (their
source lines stay with them).
"""

from __future__ import annotations

from jixiao.readers.text.flow_anchors import SCORE
from jixiao.readers.text.flow_labels import TOTAL, Tok


def _is_number(t: Tok) -> bool:
    return not t.kinds and SCORE.match(t.text) is not None


def total_last(toks: list[Tok]) -> list[Tok]:
    """``toks`` with the numbers of the row before each total moved in front of its label."""
    if not any(TOTAL in t.kinds for t in toks):
        return toks
    out: list[Tok] = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        if TOTAL not in t.kinds:
            out.append(t)
            i += 1
            continue
        end = i + 1
        while end < n and not toks[end].kinds:
            end += 1
        run = toks[i + 1 : end]
        p = _total_start(run)
        if p:
            out.extend(run[:p])
            out.append(t)
            out.extend(run[p:])
        else:
            out.append(t)
            out.extend(run)
        i = end
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
