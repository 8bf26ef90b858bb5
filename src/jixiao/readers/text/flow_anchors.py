"""Where each indicator row ends in flow text: its weight and score, found as anchors.

Why anchors: the only things every indicator row prints in a fixed shape are its weight and score,
numbers in known places (side by side after the target and actual in the national layout; around
the target and actual in Sichuan's, where 分值 comes first).  A number that counts the words after
it ("15 家社区卫生服务站"), carries a unit ("2160 元") or follows an operator ("等于 7") is a value
or part of a name, never an anchor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.readers.text.flow_cells import (
    OPERATOR_END,
    UNIT_ONLY,
    UNIT_START,
    VALUE_START,
    VALUE_WORDS,
)
from jixiao.readers.text.flow_labels import Tok
from jixiao.readers.text.flow_tokens import BLANK, CELL, SPACE
from jixiao.text.normalize import has_cjk

SCORE = re.compile(r"^\d{1,3}(?:\.\d+)?分?$")
NUMBER = re.compile(r"^[\d,]+(?:\.\d+)?$")


@dataclass(frozen=True, slots=True)
class Layout:
    """What the header says about a row: text cells before the weight, and where the weight is."""

    texts: int = 3  # level-3, target, actual
    unit_column: bool = False  # 度量单位 printed in a column of its own: "1642 人次" is two cells
    weight_first: bool = False  # Sichuan: 分值 printed before the target and actual


def anchors(toks: list[Tok], layout: Layout) -> list[tuple[int, int, int, bool]]:
    """(first value, weight, last value, whether it is a score) token positions of every row's
    closing numbers."""
    if layout.weight_first:
        return _weight_first_anchors(toks)
    out: list[tuple[int, int, int, bool]] = []
    n = len(toks)
    i = 0
    while i < n:
        if toks[i].is_label or not SCORE.match(toks[i].text):
            i += 1
            continue
        if i and toks[i].sep == SPACE and OPERATOR_END.search(toks[i - 1].text):
            i += 1  # "等于 7": the number belongs to its operator
            continue
        j = i
        while j + 1 < n and not toks[j + 1].is_label and NUMBER.match(toks[j + 1].text):
            j += 1
        if (
            j > i + 1
            and j + 1 < n
            and toks[j + 1].sep == SPACE
            and UNIT_START.match(toks[j + 1].text)
        ):
            j -= 1  # "15 13 2 项任务延期": the note starts with a number
        if j > i and SCORE.match(toks[j - 1].text) and SCORE.match(toks[j].text):
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
    if t.is_label or not SCORE.match(t.text) or i == 0:
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
        if cells < 2 or not SCORE.match(c.text) or joined:
            cells += 0 if joined else 1
            continue
        if float(c.text.rstrip("分")) > weight or (k + 1 < n and unit_after(toks[k + 1])):
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


def join_units(toks: list[Tok]) -> list[Tok]:
    """ "2160 元", "15000 人次" on one line: a number and its unit are one value."""
    out: list[Tok] = []
    for t in toks:
        # the cheap tests first: most tokens do not follow a number on the same line
        if out and t.sep == SPACE and out[-1].text[-1:].isdigit() and _is_unit(t.text):
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


def _is_unit(text: str) -> bool:
    """A unit printed after a number: 元, 人次, a single Chinese character that is no value word,
    or a compound unit such as 元/平方米."""
    return (
        UNIT_ONLY.match(text) is not None
        or (len(text) == 1 and has_cjk(text) and not VALUE_WORDS.match(text))
        or (UNIT_START.match(text) is not None and ("/" in text or "／" in text))
    )


def _counts_something(number: Tok, nxt: Tok) -> bool:
    """A number followed on its line by words that are no value is part of a name, not a weight:
    "15 家社区卫生服务站", "1 年内结题", "65 岁及以上" (but "15 优", "10 等于 500 个" are weights)."""
    if nxt.sep != SPACE or not UNIT_START.match(nxt.text):
        return False
    return not (VALUE_WORDS.match(nxt.text) or VALUE_START.match(nxt.text))


def unit_after(t: Tok) -> bool:
    """A unit right after a number ("元/平方米/天", "人次"): the number is a value, not a score."""
    return (
        t.sep == SPACE
        and UNIT_START.match(t.text) is not None
        and (len(t.text) <= 3 or "/" in t.text or "／" in t.text)
    )
