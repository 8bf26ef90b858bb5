"""The header block (项目名称, 主管部门, 实施单位 …) of a form in PDF text flow, put back in order.

Why: pdftotext prints text blocks in the order the PDF draws them, not in rows.  A producer that
draws a tall, vertically centred cell early (LibreOffice's 项目资金（万元）, spanning the funds
rows) puts that label, and sometimes a funds row label, among the header's labels and values:
"主管部门 / 项目资金(万元) / 北京市…委员会 / 实施单位 / …".  And a header value may come one
label early ("主管部门 / 甲单位 / 乙单位 / 实施单位").  Both are undone here, on tokens, before
the sections are read; the tokens keep their source lines, so every value still says where it was.
"""

from __future__ import annotations

import re

from jixiao.readers.text.flow_funds import FUNDS_VALUE
from jixiao.readers.text.flow_labels import (
    FUNDS_BLOCK,
    FUNDS_COL,
    FUNDS_ROW,
    GOAL,
    GOALS_BLOCK,
    HEADER,
    IND_BLOCK,
    IND_COL,
    LEVEL1,
    LEVEL2,
    TITLE,
    TOTAL,
    Tok,
)
from jixiao.readers.text.flow_tokens import BLANK

_FUNDS = frozenset({FUNDS_BLOCK, FUNDS_COL, FUNDS_ROW})
# labels after which the header is certainly over
_LATER = frozenset({GOALS_BLOCK, GOAL, IND_BLOCK, IND_COL, LEVEL1, LEVEL2, TITLE, TOTAL})
# labels whose value a text right after them is
_CLAIMS = frozenset({HEADER, FUNDS_BLOCK, FUNDS_COL, FUNDS_ROW})


def _is_funds_label(t: Tok) -> bool:
    return bool(t.kinds & _FUNDS) and HEADER not in t.kinds


def _is_value(t: Tok) -> bool:
    return not t.kinds and FUNDS_VALUE.match(t.text) is not None


def untangle(toks: list[Tok]) -> list[Tok]:
    """Funds labels printed among the header's labels and values move after the header.

    The header goes on while header labels follow, up to the first funds number (the funds
    values begin) or a later section's label; funds labels inside it keep their order."""
    if not _header_after_funds(toks):
        return toks  # most texts: the header ends before the funds block begins
    out: list[Tok] = []
    i, n = 0, len(toks)
    last_label: Tok | None = None
    while i < n:
        t = toks[i]
        if last_label is not None and HEADER in last_label.kinds and _is_funds_label(t):
            end = _header_end(toks, i)
            if end > i:
                zone = toks[i:end]
                out.extend(u for u in zone if not _is_funds_label(u))
                out.extend(u for u in zone if _is_funds_label(u))
                last_label = next(u for u in reversed(zone) if u.kinds)
                i = end
                continue
        if t.kinds:
            last_label = t
        out.append(t)
        i += 1
    return out


def _header_after_funds(toks: list[Tok]) -> bool:
    """Whether, among the labels, a header label follows funds labels that follow a header
    label (the cheap test before :func:`untangle` rebuilds the list)."""
    labels = [t for t in toks if t.kinds]
    k, n = 1, len(labels)
    while k < n:
        if HEADER in labels[k - 1].kinds and _is_funds_label(labels[k]):
            m = k + 1
            while m < n and _is_funds_label(labels[m]):
                m += 1
            if m < n and HEADER in labels[m].kinds:
                return True
            k = m
        k += 1
    return False


def _header_end(toks: list[Tok], start: int) -> int:
    """One past the last header label (and its value) that follows the funds label at
    ``start`` before any funds number or later section; ``start`` when none does."""
    last = -1
    for j in range(start + 1, len(toks)):
        u = toks[j]
        if u.kinds & _LATER or _is_value(u):
            break
        if HEADER in u.kinds:
            last = j
    if last < 0:
        return start
    end = last + 1  # the label's value: a number too ("联系电话 / 63818258")
    while end < len(toks) and not toks[end].kinds:
        end += 1
    return end


def spread_values(toks: list[Tok], is_header_label: list[bool]) -> list[Tok]:
    """A header label with no value after it takes the last block of its neighbour's value when
    that value holds two blocks (a blank line between): "主管部门 / 甲单位 / (blank) / 乙单位 /
    实施单位" gives 乙单位 to 实施单位.  ``is_header_label`` marks the header labels."""
    out = list(toks)
    flags = list(is_header_label)
    k = 0
    while k < len(out):
        if not flags[k] or (k + 1 < len(out) and not flags[k + 1]):
            k += 1
            continue
        # a label with nothing after it: find the value run of the label before
        p = k - 1
        while p >= 0 and not flags[p]:
            p -= 1
        run = list(range(p + 1, k))
        cut = next((q for q in reversed(run) if q != run[0] and out[q].sep == BLANK), -1)
        if p < 0 or cut < 0 or len("".join(u.text for u in out[cut:k])) < 2:
            # one character after a blank line is the last line of the value, not a value
            k += 1
            continue
        moved = out[cut:k]
        out[cut : k + 1] = [out[k], *moved]
        flags[cut : k + 1] = [True] + [False] * len(moved)
        k = cut + 1 + len(moved)
    return out


_YEAR_LINE = re.compile(r"^[(（]?\s*\d{4}\s*年度?\s*[)）]?$")


def pull_back_values(toks: list[Tok]) -> list[Tok]:
    """A header label with another header label right after it and, right before it, a text
    that no label claims ("…(2023年度) / 11010623T…-某项目 / 项目名称 / 主管部门"): pdftotext
    printed the value first (the label cell is vertically centred lower); it moves after."""
    out = toks
    for i in range(1, len(toks) - 1):
        t = out[i]
        if not t.kinds or HEADER not in t.kinds or HEADER not in out[i + 1].kinds:
            continue
        before = out[i - 1]
        if before.kinds:
            continue
        if _YEAR_LINE.match(before.text) or (i >= 2 and out[i - 2].kinds & _CLAIMS):
            continue
        if "：" in before.text or ":" in before.text or _is_value(before):
            continue  # "单位：万元", a caption with its own label; "总分 100 98.6", a number
        if out is toks:
            out = list(toks)
        out[i - 1], out[i] = t, before
    return out
