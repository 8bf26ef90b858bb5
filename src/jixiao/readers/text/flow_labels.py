"""Pieces -> tokens: printed labels found through the lexicon, even when split or spaced out.

Why join before matching: pdftotext breaks narrow label cells ("年初预\\n算数", "年 度 资 金 总\\n额",
vertical "绩\\n效\\n指\\n标").  Consecutive short pieces are joined, longest first, and the join is
kept when its label key is a label of the lexicon.  A token knows every kind of label it could be
(分值 is both a funds and an indicator column); the section it appears in decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from jixiao.lexicon import load_lexicon
from jixiao.readers.text.flow_tokens import BLANK, CELL, NL, SPACE, Piece
from jixiao.text.memo import Memo
from jixiao.text.normalize import label_key

_MAX_JOIN = 8  # pieces joined into one label at most
_MAX_PIECE = 12  # characters; longer pieces are text, never part of a split label
_MAX_KEY = 24
_UNIT_SUFFIXES = ("万元", "元", "亿元", "千元")
_NOTHING_OR_UNIT = ("", *_UNIT_SUFFIXES)  # what may follow a funds-block alias

TITLE = "title"
HEADER = "header"
FUNDS_BLOCK = "funds_block"
FUNDS_COL = "funds_col"
FUNDS_ROW = "funds_row"
GOALS_BLOCK = "goals_block"
GOAL = "goal"
IND_BLOCK = "ind_block"
IND_COL = "ind_col"
LEVEL1 = "level1"
LEVEL2 = "level2"
TOTAL = "total"
GRADE = "grade"
NO_KINDS: frozenset[str] = frozenset()


@dataclass(slots=True)
class Tok:
    """A label or a text piece, with its source lines; ``parts`` keeps the pieces it joined."""

    text: str
    line: int
    end_line: int
    sep: int
    kinds: frozenset[str] = NO_KINDS
    canonical: str | None = None  # the indicator column a column label stands for
    parts: list[Piece] = field(default_factory=list)

    def __init__(
        self,
        text: str,
        line: int,
        end_line: int,
        sep: int,
        kinds: frozenset[str] = NO_KINDS,
        canonical: str | None = None,
        parts: list[Piece] | None = None,
    ) -> None:
        # compiled __init__ (a dataclass's generated one stays interpreted under mypyc)
        self.text = text
        self.line = line
        self.end_line = end_line
        self.sep = sep
        self.kinds = kinds
        self.canonical = canonical
        self.parts = [] if parts is None else parts

    @property
    def is_label(self) -> bool:
        return bool(self.kinds)


@lru_cache(maxsize=4096)
def _kinds_of_key(key: str, raw_has_weight_mark: bool) -> tuple[frozenset[str], str | None]:
    if not key or len(key) > _MAX_KEY + 8 or not _may_start_label(key):
        return NO_KINDS, None
    lex = load_lexicon()
    kinds: set[str] = set()
    canonical: str | None = None
    if lex.title.match(key):
        kinds.add(TITLE)
    if lex.header.match(key):
        kinds.add(HEADER)
    for alias in lex.funds_block.aliases():
        if key.startswith(alias) and key[len(alias) :] in _NOTHING_OR_UNIT:
            kinds.add(FUNDS_BLOCK)
            break
    if lex.funds_columns.match(key):
        kinds.add(FUNDS_COL)
    if lex.funds_rows.match(key):
        kinds.add(FUNDS_ROW)
    if lex.goals_block.match(key):
        kinds.add(GOALS_BLOCK)
    if lex.goals.match(key):
        kinds.add(GOAL)
    if lex.indicators_block.match(key):
        kinds.add(IND_BLOCK)
    column = lex.indicator_columns.match(key)
    if column:
        kinds.add(IND_COL)
        canonical = column
    if lex.level1_table.match(key) or (raw_has_weight_mark and lex.level1(key)):
        kinds.add(LEVEL1)
    if lex.level2(key):
        kinds.add(LEVEL2)
    if lex.total.match(key):
        kinds.add(TOTAL)
    if lex.grade.match(key):
        kinds.add(GRADE)
    return frozenset(kinds), canonical


def _may_start_label(key: str) -> bool:
    """Whether ``key`` starts with some label key of the lexicon.

    Why: every kind above needs it (the tables match exact keys; a funds block and a level-1
    label with its weight start with their alias), and most pieces in a flow text are values
    and sentences that start otherwise: two set lookups reject them before a dozen table
    lookups.  Checked against the full classification in ``tests/test_fast_paths.py``."""
    prefixes, _ = _prefixes()
    return key[:2] in prefixes or key[:1] in _one_char_keys()


@lru_cache(maxsize=1)
def _one_char_keys() -> frozenset[str]:
    """Label keys one character long (a longer key starting with one has another first pair)."""
    return frozenset(k for k in _label_keys() if len(k) == 1)


def kinds_of(text: str) -> tuple[frozenset[str], str | None]:
    """Every kind of label ``text`` is, and the indicator column it names (if any)."""
    if len(text) > 48:
        return _NOTHING
    return _kinds_of_text(text)


_NOTHING: tuple[frozenset[str], str | None] = (NO_KINDS, None)


_KINDS_OF_TEXT: Final = Memo[str, tuple[frozenset[str], str | None]](4096)


def _kinds_of_text(text: str) -> tuple[frozenset[str], str | None]:
    """:func:`kinds_of`, cached by the text itself: the splitter asks about every piece and
    every join of pieces, and words repeat across a document (one cache hit instead of a label
    key and a second cache; a :class:`~jixiao.text.memo.Memo`, cheaper to hit than lru_cache)."""
    kinds = _KINDS_OF_TEXT.table.get(text)
    if kinds is None:
        kinds = _KINDS_OF_TEXT.recall(text)
    if kinds is None:
        has_weight = "分" in text and any(c.isdigit() for c in text)
        kinds = _KINDS_OF_TEXT.put(text, _kinds_of_key(label_key(text), has_weight))
    return kinds


def is_label(text: str) -> bool:
    return bool(kinds_of(text)[0])


def _joined(pieces: list[Piece]) -> str:
    out = [pieces[0].text]
    for p in pieces[1:]:
        out.append((" " if p.sep == SPACE else "\n") + p.text)
    return "".join(out)


def _split_colon(piece: Piece) -> list[Piece]:
    """A label and its value printed in one piece ("项目名称：某项目") -> two pieces."""
    for colon in ("：", ":"):
        head, found, tail = piece.text.partition(colon)
        if found and head and tail and len(head) <= _MAX_PIECE and kinds_of(head)[0] & {HEADER}:
            return [Piece(head, piece.line, piece.sep), Piece(tail, piece.line, SPACE)]
    return [piece]


@lru_cache(maxsize=1)
def _prefixes() -> tuple[frozenset[str], tuple[str, ...]]:
    """Every prefix of every label key (a join that leaves them cannot become a label), and
    the level-1 keys a printed weight may follow ("产出指标(50分)")."""
    keys = _label_keys()
    prefixes = {k[:n] for k in keys for n in range(1, len(k) + 1)}
    return frozenset(prefixes), tuple(load_lexicon().level1_table.aliases())


@lru_cache(maxsize=1)
def _label_keys() -> frozenset[str]:
    """The label key of every alias of every table the splitter asks about."""
    lex = load_lexicon()
    tables = [
        lex.title,
        lex.header,
        lex.funds_block,
        lex.funds_columns,
        lex.funds_rows,
        lex.goals_block,
        lex.goals,
        lex.indicators_block,
        lex.indicator_columns,
        lex.level1_table,
        lex.level2_table,
        lex.total,
        lex.grade,
    ]
    return frozenset(k for table in tables for k in table.aliases())


_WEIGHT_TAIL = re.compile(r"^[\d.]*分?$")


_COULD_GROW: Final = Memo[str, bool](4096)


def _could_grow(key: str) -> bool:
    """Whether a longer join starting with ``key`` could still become a label (memoised)."""
    grows = _COULD_GROW.table.get(key)
    if grows is None:
        grows = _COULD_GROW.recall(key)
    if grows is None:
        grows = _COULD_GROW.put(key, _grows(key))
    return grows


def _grows(key: str) -> bool:
    prefixes, level1 = _prefixes()
    if key in prefixes:
        return True
    if key[:2] not in prefixes or len(key) > _MAX_KEY + 8:
        return False
    if any(key.startswith(a) and _UNIT_TAIL.match(key[len(a) :]) for a in _funds_blocks()):
        return True  # 项目资金（万元）
    return any(key.startswith(a) and _WEIGHT_TAIL.match(key[len(a) :]) for a in level1)


_UNIT_TAIL = re.compile(r"^(?:万元?|元|亿元?|千元?)$")


@lru_cache(maxsize=1)
def _funds_blocks() -> tuple[str, ...]:
    return tuple(load_lexicon().funds_block.aliases())


def _join_limit(pieces: list[Piece], i: int) -> int:
    """One past the last piece a label starting at ``i`` could span."""
    first = pieces[i]
    if len(first.text) > _MAX_PIECE or i + 1 == len(pieces) or pieces[i + 1].sep == CELL:
        return i + 1
    key = label_key(first.text)
    if not _could_grow(key):
        return i + 1
    limit = i + 1
    n = len(pieces)
    while limit < n and limit - i < _MAX_JOIN:
        nxt = pieces[limit]
        if nxt.sep == CELL or len(nxt.text) > _MAX_PIECE:
            break
        key += label_key(nxt.text)
        if len(key) > _MAX_KEY + 8 or not _could_grow(key):
            break
        limit += 1
    return limit


_INTERLEAVE_LINES = 3  # lines within which the rest of an interleaved label is looked for
_MIN_HEAD = 3  # label-key characters the first part of an interleaved label has at least
_MAX_TAIL = 3  # characters the rest of an interleaved label has at most


def _rejoin_interleaved(pieces: list[Piece]) -> list[Piece]:
    """A label split over lines with another cell's lines printed between its parts: pdftotext
    prints a tall, vertically centred label cell line by line among the wrapped lines of the cell
    beside it ("年度总体目 / 区建设工作，促进… / 标", "服务对象满意度指 医生满意度调查 / 标").  The
    first part opens its line and is no label yet, the rest stands alone on a line soon after,
    and the two together are a label: the rest is moved to follow the first part, where the
    ordinary join finds the label.  The rest is looked for first: a piece of at most three
    characters alone on its line is rare, so most texts cost one pass."""
    out = pieces
    n = len(out)
    tails = _label_tails()
    for j in range(2, n):
        tail = out[j]
        if len(tail.text) > _MAX_TAIL or tail.sep not in _LINE_START:
            continue
        if (j + 1 < n and out[j + 1].sep == SPACE) or label_key(tail.text) not in tails:
            continue
        i = j - 2
        while i >= max(0, j - _MAX_BETWEEN) and out[i].line >= tail.line - _INTERLEAVE_LINES:
            if _interleaved_head(out, i, tail):
                if out is pieces:
                    out = list(pieces)
                out[i + 1 : j + 1] = [tail, *out[i + 1 : j]]
                break
            i -= 1
    return out


_LINE_START = (BLANK, NL)  # what separates a piece that opens a printed line
_MAX_BETWEEN = 12  # pieces between the two parts of an interleaved label at most


@lru_cache(maxsize=1)
def _label_tails() -> frozenset[str]:
    """The last one to three characters of every label key: what the rest of a label can be."""
    return frozenset(k[-n:] for k in _label_keys() for n in range(1, _MAX_TAIL + 1) if len(k) > n)


def _interleaved_head(pieces: list[Piece], i: int, tail: Piece) -> bool:
    """Whether ``pieces[i]`` is the first part of a label that ``tail`` completes."""
    head = pieces[i]
    if head.sep not in _LINE_START or len(head.text) > _MAX_PIECE:
        return False
    key = label_key(head.text)
    if len(key) < _MIN_HEAD or key not in _prefixes()[0] or kinds_of(head.text)[0]:
        return False
    if not kinds_of(head.text + tail.text)[0]:
        return False
    nxt = pieces[i + 1]
    return nxt.sep == SPACE or not kinds_of(head.text + nxt.text)[0]  # else the ordinary join


def label_tokens(pieces: list[Piece]) -> list[Tok]:
    """Pieces -> tokens, joining the pieces of split labels (longest join first)."""
    expanded: list[Piece] = []
    for p in pieces:
        if ("：" in p.text or ":" in p.text) and len(p.text) > 2:
            expanded.extend(_split_colon(p))
        else:
            expanded.append(p)
    expanded = _rejoin_interleaved(expanded)
    texts = [p.text for p in expanded]
    out: list[Tok] = []
    i, n = 0, len(expanded)
    while i < n:
        first = expanded[i]
        text = texts[i]
        best = 0
        best_kinds: frozenset[str] = NO_KINDS
        best_canonical: str | None = None
        if len(text) <= 48:
            # a join is only possible before a short piece that is not a certain cell boundary
            limit = (
                i + 1
                if len(text) > _MAX_PIECE or i + 1 == n or expanded[i + 1].sep == CELL
                else _join_limit(expanded, i)
            )
            for j in range(limit, i + 1, -1):
                kinds, canonical = kinds_of("".join(texts[i:j]))
                if kinds:
                    best, best_kinds, best_canonical = j - i, kinds, canonical
                    break
            else:
                best_kinds, best_canonical = _kinds_of_text(text)
                best = 1 if best_kinds else 0
        if best > 1:
            group = expanded[i : i + best]
            out.append(
                Tok(
                    _joined(group),
                    group[0].line,
                    group[-1].line,
                    first.sep,
                    best_kinds,
                    best_canonical,
                    group,
                )
            )
            i += best
        else:
            line = first.line
            out.append(Tok(text, line, line, first.sep, best_kinds, best_canonical, [first]))
            i += 1
    return out


__all__ = [
    "FUNDS_BLOCK",
    "FUNDS_COL",
    "FUNDS_ROW",
    "GOAL",
    "GOALS_BLOCK",
    "GRADE",
    "HEADER",
    "IND_BLOCK",
    "IND_COL",
    "LEVEL1",
    "LEVEL2",
    "TITLE",
    "TOTAL",
    "Tok",
    "is_label",
    "kinds_of",
    "label_tokens",
]
