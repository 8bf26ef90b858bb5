"""The two goal texts (预期目标, 实际完成情况): where the first ends and the second begins.

Why a separate rule: the goal texts are long paragraphs printed one after the other, and blank
lines appear inside them as often as between them.  The boundary is the line break where the
evidence adds up: the line before ends a sentence and is shorter than its paragraph (a last line),
and the lines after are wrapped to a different width (the two cells are columns of different
widths).  Exports that mark cells (one per line, one line per form) split where they say, and a
flattened text that carries spaces inside a paragraph is re-joined to two texts.
"""

from __future__ import annotations

import re

from jixiao.readers.text.flow_labels import Tok
from jixiao.readers.text.flow_tokens import BLANK, CELL, NL, SPACE, display_width

_SENTENCE_END = re.compile(r"[。；;！!？?.…]$")
_MIDPHRASE_END = re.compile(r"[，、,：:（(“]$")
_CONTINUES = re.compile(r"^(?:[，。、；：）)》”’,.;:!?！？%]|[号元年月日个人次项件]\W)")


def _lines(toks: list[Tok]) -> list[list[Tok]]:
    lines: list[list[Tok]] = []
    for t in toks:
        if lines and t.sep == SPACE:
            lines[-1].append(t)
        else:
            lines.append([t])
    return lines


def _text(line: list[Tok]) -> str:
    return " ".join(t.text for t in line)


def goal_texts(toks: list[Tok], unwrapped: bool = False) -> list[list[Tok]]:
    """At most two groups of tokens: the expected text and the actual text.

    ``unwrapped``: the document prints whole paragraphs on one line (a word processor's text
    export), so a line break ends a paragraph: two lines are the two texts."""
    if not toks:
        return []
    if any(t.sep == CELL for t in toks[1:]):
        return _split_cells(toks)
    lines = _lines(toks)
    if len(lines) < 2:
        return [toks]
    if unwrapped and len(lines) == 2:
        return [lines[0], lines[1]]
    twined = _untwine_columns(lines)
    if twined is not None:
        return twined
    widths = [display_width(_text(line)) for line in lines]
    best, best_score = 0, 0.0
    for b in range(1, len(lines)):
        score = _boundary_score(lines, widths, b)
        if score > best_score:
            best, best_score = b, score
    if best == 0:
        blanks = [b for b in range(1, len(lines)) if lines[b][0].sep == BLANK]
        if len(blanks) != 1:
            return [toks]
        best = blanks[0]  # the one blank line in the block parts the two texts
    first = [t for line in lines[:best] for t in line]
    second = [t for line in lines[best:] for t in line]
    return [first, second]


def _boundary_score(lines: list[list[Tok]], widths: list[float], b: int) -> float:
    before = _text(lines[b - 1])
    score = 0.0
    if _SENTENCE_END.search(before) or before.endswith("</p>"):
        score += 3.0
    elif _MIDPHRASE_END.search(before):
        score -= 3.0
    else:
        score -= 1.0
    if lines[b][0].sep == BLANK or lines[b][0].text.startswith("<p>"):
        score += 1.0
    if _CONTINUES.match(lines[b][0].text):
        score -= 4.0  # "号)、…" or "元。" at a line start goes on the line before
    full_before = max(widths[max(0, b - 4) : b])
    if b >= 2 and widths[b - 1] < full_before * 0.8:
        score += 2.0  # the last, short line of a paragraph
    after = widths[b : b + 4]
    if len(after) >= 2 and b >= 2:
        full_after = max(after[:-1])
        prior = max(widths[max(0, b - 4) : b - 1])
        if abs(full_after - prior) >= max(3.0, 0.12 * prior):
            score += 2.0  # wrapped to another column width
    return score


def _split_cells(toks: list[Tok]) -> list[list[Tok]]:
    cells: list[list[Tok]] = []
    for t in toks:
        if not cells or t.sep == CELL:
            cells.append([t])
        else:
            cells[-1].append(t)
    if len(cells) <= 2:
        return cells
    # a paragraph that carried spaces was cut at them: re-join at the best sentence end
    total = sum(len(t.text) for c in cells for t in c)
    best, best_score = 1, float("-inf")
    seen = 0
    for b in range(1, len(cells)):
        seen += sum(len(t.text) for t in cells[b - 1])
        before, after = cells[b - 1][-1].text, cells[b][0].text
        score = 3.0 if _SENTENCE_END.search(before) or before.endswith("</p>") else 0.0
        score += 1.0 if after.startswith("<p>") else 0.0
        score -= abs(seen - total / 2) / max(total, 1)
        if score > best_score:
            best, best_score = b, score
    return [
        [t for c in cells[:best] for t in c],
        [t for c in cells[best:] for t in c],
    ]


_TWINED_MIN = 8.0  # display width of each of two texts joined on one line, at least
_FULL = 1.5  # a line this close to its column's width is a full (wrapped) line


def _untwine_columns(lines: list[list[Tok]]) -> list[list[Tok]] | None:
    """The two goal texts printed line by line into each other, ``None`` when they are not.

    Why: pdftotext prints text blocks by their baselines; two cells side by side whose lines
    share baselines (LibreOffice centres the shorter text, so its lines fall between the longer
    one's) come out twined, and a line that holds one line of each is joined with a space.  Such
    a line is the evidence and the measure: its first text is the left column (预期目标), the
    rest the right one, and their widths are the columns' widths.  Every other line goes to the
    column it fills; a shorter line, or a sentence's end short of its column's width (a
    paragraph's last line), to the column that prints no full line after it, or else to the one
    still open.  Each text keeps its lines in order."""
    pairs = [
        line
        for line in lines
        if len(line) == 2
        and display_width(line[0].text) >= _TWINED_MIN
        and display_width(line[1].text) >= _TWINED_MIN
        and not line[0].kinds
        and not line[1].kinds
    ]
    if not pairs:
        return None
    left_w = max(display_width(p[0].text) for p in pairs)
    right_w = max(display_width(p[1].text) for p in pairs)
    if abs(left_w - right_w) < 2 * _FULL:
        return None  # columns of one width: a line cannot say which it belongs to
    # full lines of each column, by index, to know which column still prints after a line
    kinds: list[str] = []
    for line in lines:
        if len(line) == 2 and line in pairs:
            kinds.append("pair")
            continue
        if len(line) != 1:
            return None
        w = display_width(line[0].text)
        ends = _SENTENCE_END.search(line[0].text) is not None
        if abs(w - left_w) <= _FULL and not (ends and w < left_w):
            kinds.append("left")
        elif abs(w - right_w) <= _FULL and not (ends and w < right_w):
            kinds.append("right")
        elif w < max(left_w, right_w) + _FULL:
            kinds.append("short")
        else:
            return None  # wider than either column: not two columns
    left: list[Tok] = []
    right: list[Tok] = []
    left_open = right_open = True
    for k, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        if kind == "pair":
            left.append(line[0])
            t = line[1]
            right.append(Tok(t.text, t.line, t.end_line, NL, t.kinds, t.canonical, t.parts))
            continue
        if kind == "left":
            left.append(line[0])
            continue
        if kind == "right":
            right.append(line[0])
            continue
        later = kinds[k + 1 :]
        left_later = any(x in ("left", "pair") for x in later)
        right_later = any(x in ("right", "pair") for x in later)
        if left_open and not left_later and (right_later or not right_open):
            to_left = True
        elif right_open and not right_later and (left_later or not left_open):
            to_left = False
        else:
            to_left = left_open  # both could end here: the left text is printed first
        if to_left:
            left.append(line[0])
            left_open = False
        else:
            right.append(line[0])
            right_open = False
    if not left or not right:
        return None
    return [left, right]
