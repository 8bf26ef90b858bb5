"""Deciding which consecutive fragments form one cell.

Why a small optimisation and not rules: in PDF flow, a blank line, a line break or a space may each
be inside a cell or between two cells.  The row around the fragments usually says how many cells
there must be (an indicator row has a level-3 name, a target and an actual before its weight), so
:func:`partition` picks the ``k`` breaks with the best evidence:

* separators: a blank line or a space weakly suggests a break, a one-cell-per-line export forces one;
* a unit alone ("元", "万元") or an operator at the end ("小于等", "不超过") continues the cell;
* a line beginning with a number or ≥/≤ after Chinese text starts a value cell;
* wrapped lines of one cell are full: every line but the last has the column's width.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from typing import Final

from jixiao.document import Cell
from jixiao.lexicon import load_lexicon
from jixiao.model.provenance import Location
from jixiao.readers.text.flow_labels import Tok, kinds_of
from jixiao.readers.text.flow_tokens import BLANK, CELL, NL, SPACE, display_width
from jixiao.text.memo import Memo

UNIT_START = re.compile(
    r"^(?:万元|亿元|千元|元|万人次|人次|家次|户次|场次|万人|人|岁|户|个月|个|件|套|台|次|项|家|所|份|场|篇|"
    r"册|本|条|张|辆|座|处|盒|支|瓶|包|袋|箱|名|位|间|栋|床|架|批|期|届|种|类|块|片|剂|课时|学时|"
    r"平方米|平米|米|公里|千米|亩|吨|天|日|月|季度|年|小时|分钟|周|%|‰|％|万|以上|以内|以下)"
)
_CLOSING = re.compile(r"^[，。、；：）)》”’,.;:!?！？%]")
OPERATOR_END = re.compile(
    r"(?:[于过到为达约共超至≥≤<>=＞＜＝]|共计|合计|累计|不低|不少|不高|不超|小于等|大于等)$"
)
_OPERATOR_WORDS = (
    "不超过|不少于|不低于|不高于|不大于|不小于|大于|小于|等于|高于|低于|达到|超过|≥|≤|<|>|＞|＜|≧|≦"
)
# words that open a target or actual ("完成年度培训…", "按计划完成")
_VALUE_OPENERS = "完成|实现|按时|按期|按计划|全部|全年|已|未"
VALUE_START = re.compile(rf"^(?:[\d≥≤<>=＞＜＝≧≦±+\-.]|{_OPERATOR_WORDS}|{_VALUE_OPENERS})")
_COMPARISON = re.compile(rf"(?:{_OPERATOR_WORDS})\s*\d")
_DIGIT_END = re.compile(r"[\d.]$")
_BARE_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
NUMERIC_START = re.compile(r"^[\d≥≤<>=＞＜＝≧≦±+\-.]")
_MIDPHRASE_END = re.compile(r"[，、,（(“]$")
_SENTENCE_END = re.compile(r"[。；;！!？?]$")
_CJK_END = re.compile(r"[\u4e00-\u9fff。；！？）》”]$")
UNIT_ONLY = re.compile(UNIT_START.pattern + "$")
_CJK_START = re.compile(r"^[\u4e00-\u9fff]")
_CLOSED_VALUE = re.compile(r"(?:^|\d)\s*" + UNIT_START.pattern[1:] + "$")
_VALUE_END = re.compile(r"(?:完成|提高|提升|达标|合格|满意|实现|到位)$")
_YEAR = re.compile(r"(?:^|\D)\d{4}\s*年$")
_MONTH = re.compile(r"\d\s*月$")
_DAY = re.compile(r"^\d{1,2}\s*[日号]")
_SUFFIX_ONLY = {"指标", "标", "率", "度"}
# short qualitative values that open a target or actual cell
VALUE_WORDS = re.compile(
    r"^(?:优秀?|良好?|中|差|好|较好|是|否|有|无|合格|达标|达到|实现|完成|已完成|未完成|满意|基本满意|"
    r"较满意|非常满意|(?:有所|逐步|得到|明显|显著|进一步|不断|持续|稳步)?(?:提高|提升|改善|增强|加强|优化|降低|减少)了?|"
    r"按(?:时|期|计划)完成|顺利完成|全部完成|部分完成|基本完成|及时|正常|正常运行|符合|不涉及|全覆盖)$"
)

FORCED = -60.0
_NEVER = 1e9  # cost of a cell across a certain boundary
_CELL_COST = 1.5  # price of one more cell when the number of cells is free
_MAX_DP = 48


def looks_like_value(text: str) -> bool:
    """A target or actual rather than a name: a number, a comparison, or a short word."""
    return bool(VALUE_START.match(text) or VALUE_WORDS.match(text)) or display_width(text) <= 4


def cell_of(toks: list[Tok]) -> Cell:
    """One cell from consecutive tokens: a space within a line, a line break between lines."""
    if len(toks) == 1:
        tok = toks[0]
        return Cell(tok.text, location(tok.line, tok.end_line))
    parts: list[str] = []
    for i, t in enumerate(toks):
        if i:
            parts.append(" " if t.sep == SPACE else "\n")
        parts.append(t.text)
    return Cell("".join(parts), location(toks[0].line, toks[-1].end_line))


_LOCATIONS: Final = Memo[int, Location](4096)
_SPAN_KEY: Final = 1 << 31  # (line, end_line) -> one small int, cheaper to hash than a tuple


def location(line: int, end_line: int) -> Location:
    """Locations are frozen, so one object per line span serves every cell on it (memoised)."""
    if not (0 <= line < _SPAN_KEY and 0 <= end_line < _SPAN_KEY):
        return Location(line=line, end_line=end_line)
    span = line * _SPAN_KEY + end_line
    made = _LOCATIONS.table.get(span)
    if made is None:
        made = _LOCATIONS.recall(span)
    if made is None:
        made = _LOCATIONS.put(span, Location(line=line, end_line=end_line))
    return made


def break_cost(a: Tok, b: Tok, c: Tok | None = None) -> float:
    """Evidence for a cell boundary between ``a`` and ``b`` (negative: likely a boundary);
    ``c`` is the token after ``b``."""
    if b.sep == CELL:
        return FORCED
    phrase = c is not None and in_sentence(b.text, c)
    return _break_cost(a.text, a.sep, b.text, b.sep, phrase)


@lru_cache(maxsize=4096)
def _break_cost(at: str, a_sep: int, bt: str, b_sep: int, phrase: bool) -> float:
    """:func:`break_cost` on plain values, cached: the same boundaries are weighed again for
    each reading of a region."""
    cost = {BLANK: -1.0, NL: 0.0, SPACE: -1.5}.get(b_sep, 0.0)
    value = VALUE_WORDS.match(bt) is not None or (
        len(bt) <= 6 and _VALUE_END.search(bt) is not None
    )
    if b_sep == BLANK and len(bt) <= 2 and not value and not VALUE_START.match(bt):
        cost = 0.0  # pdftotext often leaves a blank line before the last, short line of a cell
    if (UNIT_START.match(bt) and _DIGIT_END.search(at)) or _CLOSING.match(bt):
        cost += 5.0
    elif UNIT_ONLY.match(bt):
        cost += 4.0  # a unit alone ("元" under "4104.267 万") never opens a cell
    if b_sep != SPACE and a_sep != SPACE and len(at) <= 4 and VALUE_WORDS.match(at):
        cost -= 1.5  # "优" alone on its line is a whole cell
    if at == bt and b_sep == SPACE:
        cost -= 2.0  # "可持续使用 可持续使用": target and actual alike
    if _CLOSED_VALUE.search(at) and _CJK_START.match(bt):
        cost -= 1.5  # "2160 元 | 实际执行…": a unit closes its value
    if (_YEAR.search(at) and bt[:1].isdigit()) or (_MONTH.search(at) and _DAY.match(bt)):
        cost += 5.0  # "2024 年 | 12 月 | 31 日"
    if phrase and b_sep == SPACE:
        cost += 1.0  # a cell rarely opens mid-line with "2 使用 5 年"
    if OPERATOR_END.search(at):
        cost += 4.0
    elif (value or VALUE_START.match(bt)) and _CJK_END.search(at) and len(bt) <= 12 and not phrase:
        cost -= 2.0 if b_sep != SPACE else 1.0
    if bt in _SUFFIX_ONLY or (len(at) <= 12 and len(bt) <= 4 and kinds_of(at + bt)[0]):
        cost += 3.0
    elif len(at) <= 6 and len(bt) <= 6 and load_lexicon().is_placeholder(at + bt):
        cost += 4.0  # "指标 1：", a template row's placeholder
    if _MIDPHRASE_END.search(at):
        cost += 1.5
    elif _SENTENCE_END.search(at):
        cost -= 0.5
    return cost


def in_sentence(bt: str, c: Tok) -> bool:
    """A bare number followed on its line by words that are no unit ("15 家社区卫生服务站",
    "2 使用", "2023 年至"): the number is inside a sentence, it does not open a value."""
    if c.sep != SPACE or not _BARE_NUMBER.match(bt) or not _CJK_START.match(c.text):
        return False
    if not UNIT_START.match(c.text):
        return True
    if c.text[0] == "年" and len(bt) == 4:
        return len(c.text) > 1 and not c.text.startswith("年度")
    return len(c.text) > 3 and c.text[0] not in "年月日"


def _lines(group: list[Tok]) -> list[tuple[float, float]]:
    lines: list[list[float]] = []
    for i, t in enumerate(group):
        w, c = display_width(t.text), float(len(t.text))
        if i and t.sep == SPACE:
            lines[-1][0] += 0.5 + w
            lines[-1][1] += c
        else:
            lines.append([w, c])
    return [(w, c) for w, c in lines]


def group_cost(group: list[Tok]) -> float:
    """How unlike one wrapped cell ``group`` is: lines before the last must be full."""
    return _shape_cost(_lines(group))


def _coarsen(toks: list[Tok]) -> list[Tok]:
    """Too many fragments for the search: merge each printed line into one token."""
    out: list[Tok] = []
    for t in toks:
        if out and t.sep == SPACE:
            prev = out[-1]
            out[-1] = Tok(prev.text + " " + t.text, prev.line, t.end_line, prev.sep)
        else:
            out.append(t)
    return out


def partition(toks: list[Tok], k: int | None, min_first: float = 0.0) -> list[list[Tok]]:
    """Split ``toks`` into ``k`` consecutive cells (``None``: as many as the evidence says).

    ``min_first``: the first cell is rarely narrower than this (a level-3 name is not "提高").
    """
    n = len(toks)
    if n == 0:
        return []
    if n > _MAX_DP:
        toks = _coarsen(toks)
        n = len(toks)
        if n > _MAX_DP:
            return _split_forced(toks)
    if k is not None:
        forced = sum(1 for t in toks[1:] if t.sep == CELL)
        k = max(1, min(k, n), min(forced + 1, n))
        if k == n:
            return [[t] for t in toks]
        if k == 1:
            return [list(toks)]
    breaks = [0.0] + [
        break_cost(toks[i - 1], toks[i], toks[i + 1] if i + 1 < n else None) for i in range(1, n)
    ]
    inf = float("inf")
    max_k = n if k is None else k
    # best[c][j]: cost of toks[:j] in c cells; back[c][j]: start of the last cell
    best = [[inf] * (n + 1) for _ in range(max_k + 1)]
    back = [[0] * (n + 1) for _ in range(max_k + 1)]
    best[0][0] = 0.0
    gcost = _group_costs(toks)
    if min_first:
        width = 0.0
        text = ""
        for j in range(1, n + 1):
            width += display_width(toks[j - 1].text)
            text += " " + toks[j - 1].text
            if width < min_first:
                gcost[0][j] += 2.0
            elif _COMPARISON.search(text):
                gcost[0][j] += 1.5  # a name holds no "≥ 90"; that is a target
    extra = _CELL_COST if k is None else 0.0
    for c in range(1, max_k + 1):
        prev_row, row, back_row = best[c - 1], best[c], back[c]
        for j in range(c, n + 1):
            best_cost, best_i = inf, 0
            for i in range(c - 1, j):
                prev = prev_row[i]
                if prev == inf:
                    continue
                cost = prev + gcost[i][j] + breaks[i] + extra
                if cost < best_cost:
                    best_cost, best_i = cost, i
            row[j], back_row[j] = best_cost, best_i
    c = min(range(1, max_k + 1), key=lambda c: best[c][n]) if k is None else k
    groups: list[list[Tok]] = []
    j = n
    while c > 0:
        i = back[c][j]
        groups.append(toks[i:j])
        j, c = i, c - 1
    groups.reverse()
    return groups


def _group_costs(toks: list[Tok]) -> list[list[float]]:
    """:func:`group_cost` of every span ``toks[i:j]``, kept up to date line by line from each
    start; spans across a certain cell boundary are not considered.

    A line counts as narrow only when it is narrow both in printed width and in characters:
    digits print half as wide as Chinese, but some exports wrap by character count."""
    n = len(toks)
    widths = [display_width(t.text) for t in toks]
    chars = [float(len(t.text)) for t in toks]
    out = [[_NEVER] * (n + 1) for _ in range(n + 1)]
    for i in range(n):
        lines = [[widths[i], chars[i]]]
        full_w = full_c = -1.0  # widest line before the last, in both measures
        narrow = 0
        out[i][i + 1] = 0.0
        for j in range(i + 1, n):
            t = toks[j]
            if t.sep == CELL:
                break
            if t.sep == SPACE:
                lines[-1][0] += 0.5 + widths[j]
                lines[-1][1] += chars[j]
            else:
                w, c = lines[-1]
                if w > full_w or c > full_c:
                    full_w, full_c = max(full_w, w), max(full_c, c)
                    narrow = sum(
                        1 for lw, lc in lines if _narrow(lw, full_w) and _narrow(lc, full_c)
                    )
                elif _narrow(w, full_w) and _narrow(c, full_c):
                    narrow += 1
                lines.append([widths[j], chars[j]])
            if len(lines) > 1:
                out[i][j + 1] = _last_line_cost(lines[-1][0], full_w, narrow)
            else:
                out[i][j + 1] = 0.0
    return out


def _narrow(width: float, full: float) -> bool:
    """A wrapped line clearly short of the column: a line may stop early before a long number
    or word that does not fit, so a quarter of the width is tolerated."""
    return width < full - max(1.5, 0.25 * full)


def _last_line_cost(last: float, full: float, narrow: int) -> float:
    cost = min(4.5, 2.0 * narrow)
    if last > full + 1.5:
        cost += 2.0
    elif last > full + 0.25:
        cost += 1.0
    elif last >= full - 0.25:
        cost += 0.75  # a cell's last line is rarely full: the text likely goes on
    return cost


def _shape_cost(lines: list[tuple[float, float]]) -> float:
    if len(lines) < 2:
        return 0.0
    full_w = max(w for w, _ in lines[:-1])
    full_c = max(c for _, c in lines[:-1])
    narrow = sum(1 for w, c in lines[:-1] if _narrow(w, full_w) and _narrow(c, full_c))
    return _last_line_cost(lines[-1][0], full_w, narrow)


def partition_cost(toks: list[Tok], groups: list[list[Tok]]) -> float:
    """The cost :func:`partition` gives a split, to compare two readings of one region."""
    cost = 0.0
    for g in groups:
        cost += group_cost(g)
        cost -= FORCED * sum(1 for t in g[1:] if t.sep == CELL)
    for g_prev, g in pairwise(groups):
        cost += break_cost(g_prev[-1], g[0], g[1] if len(g) > 1 else None)
    return cost


def _split_forced(toks: list[Tok]) -> list[list[Tok]]:
    groups: list[list[Tok]] = []
    for t in toks:
        if not groups or t.sep in (CELL, BLANK):
            groups.append([t])
        else:
            groups[-1].append(t)
    return groups
