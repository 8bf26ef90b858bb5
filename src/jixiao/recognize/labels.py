"""What a cell *is*, asked of the lexicon once per cell.

The recognizer never compares strings itself: a cell is a title, a header label, a funds label, a
goals label, an indicator column label, a level-1/level-2 label or a total label because the
lexicon (``labels.toml``) says so.  Matching is exact on the label key, so a long value that merely
starts with a label word is never mistaken for a label.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final, NamedTuple

from jixiao.lexicon import Level1, Level2, Lexicon, load_lexicon
from jixiao.text.memo import Memo
from jixiao.text.normalize import label_key

_TITLE_SLACK = 24  # a title cell may carry a year, a district, "附件3" ... but stays short
# "项目名称：xxx" — a label and its value printed in one cell
_LABEL_VALUE = re.compile(r"^\s*([^:：]{2,12})\s*[:：]\s*(.+)$", re.S)


def lexicon() -> Lexicon:
    return load_lexicon()


class CellLabels(NamedTuple):
    """Everything the lexicon says about one cell text, asked once per distinct text.

    Why: the recognizer asks a cell up to a dozen questions (is it a title, a funds row, an
    indicator column, a level label ...), in several places; answering all of them from one label
    key, once, and caching the answers by text replaces hundreds of normalisations and table
    lookups per form with one cache hit per cell.
    """

    key: str
    title: bool
    header: str | None
    funds_block: bool
    funds_column: str | None
    funds_row: str | None
    goals: str | None  # "block", "expected" or "actual"
    indicators_block: bool
    indicator_column: str | None
    total: bool
    grade: bool
    level1: Level1 | None  # as :func:`jixiao.recognize.levels.level1_of` reads it
    level2: Level2 | None
    placeholder: bool
    not_applicable: bool


_SPACE = re.compile(r"\s+")


class _Exact(NamedTuple):
    """The answers of the exact-match tables for one label key."""

    header: str | None = None
    funds_column: str | None = None
    funds_row: str | None = None
    goals: str | None = None
    indicators_block: bool = False
    indicator_column: str | None = None
    total: bool = False
    grade: bool = False
    level2: Level2 | None = None


_NO_EXACT = _Exact()


@lru_cache(maxsize=1)
def _exact_index() -> dict[str, _Exact]:
    """Every label key of the exact-match tables -> all their answers: one dict lookup per text
    instead of one per table (a value, which is no label at all, misses them all at once)."""
    lex = lexicon()
    tables = [
        lex.header,
        lex.funds_columns,
        lex.funds_rows,
        lex.goals_block,
        lex.goals,
        lex.indicators_block,
        lex.indicator_columns,
        lex.total,
        lex.grade,
        lex.level2_table,
    ]
    index: dict[str, _Exact] = {}
    for key in {k for table in tables for k in table.aliases()}:
        goals = "block" if lex.goals_block.match_key(key) else lex.goals.match_key(key)
        index[key] = _Exact(
            header=lex.header.match_key(key),
            funds_column=lex.funds_columns.match_key(key),
            funds_row=lex.funds_rows.match_key(key),
            goals=goals,
            indicators_block=lex.indicators_block.match_key(key) is not None,
            indicator_column=lex.indicator_columns.match_key(key),
            total=lex.total.match_key(key) is not None,
            grade=lex.grade.match_key(key) is not None,
            level2=lex.level2_key(key),
        )
    return index


_OF: Final = Memo[str, CellLabels](4096)


def of(text: str) -> CellLabels:
    """The lexicon's answers for ``text`` (see :class:`CellLabels`); cached by text (a
    :class:`~jixiao.text.memo.Memo`: this is asked a few hundred times per form)."""
    known = _OF.table.get(text)
    if known is None:
        known = _OF.recall(text)
    if known is None:
        known = _OF.put(text, _of(text))
    return known


def _of(text: str) -> CellLabels:
    lex = lexicon()
    key = label_key(text)
    exact = _exact_index().get(key, _NO_EXACT) if text else _NO_EXACT
    funds_column = exact.funds_column
    indicator_column = exact.indicator_column
    if text and len(text) <= _MAX_LABEL:
        if funds_column is None:
            funds_column = lex.funds_columns.match_key_prefix(key)
        if indicator_column is None:
            indicator_column = lex.indicator_columns.match_key_prefix(key)
    return CellLabels(
        key,
        _is_title_key(key),
        exact.header,
        len(key) <= 20 and lex.funds_block.match_key_prefix(key) is not None,
        funds_column,
        exact.funds_row,
        exact.goals,
        exact.indicators_block,
        indicator_column,
        exact.total,
        exact.grade,
        lex.level1(_SPACE.sub("", text) if "(" in text or "（" in text else text),
        exact.level2,
        lex.is_placeholder_key(key),
        lex.is_not_applicable_key(key),
    )


def _is_title_key(key: str) -> bool:
    if not key or len(key) > 40 or _title_pattern().search(key) is None:
        return False
    return any(alias in key and len(key) <= len(alias) + _TITLE_SLACK for alias in _title_aliases())


@lru_cache(maxsize=1)
def _title_pattern() -> re.Pattern[str]:
    """Any title alias anywhere in a key: one regex search rejects the texts that hold none."""
    return re.compile("|".join(re.escape(a) for a in _title_aliases()))


def is_title(text: str) -> bool:
    """A form title such as 项目支出绩效自评表 / 2023年度项目支出绩效自评表 / 附件：…自评表."""
    return of(text).title


@lru_cache(maxsize=1)
def _title_aliases() -> tuple[str, ...]:
    return tuple(lexicon().title.aliases())


def header_label(text: str) -> str | None:
    return of(text).header


def split_label_value(text: str) -> tuple[str, str] | None:
    """``项目名称：基层…`` -> (project_name, 基层…) when the part before the colon is a header label."""
    if ":" not in text and "：" not in text:
        return None
    m = _LABEL_VALUE.match(text)
    if not m:
        return None
    kind = header_label(m.group(1))
    return (kind, m.group(2)) if kind else None


_MAX_LABEL = 24  # longer cells are values, never column labels: skip the prefix scan


def funds_column(text: str) -> str | None:
    """年初预算数 / 全年预算数（A） / 得分（20分×执行率） ... -> initial / adjusted / score ..."""
    return of(text).funds_column


def indicator_column(text: str) -> str | None:
    """一级指标 / 年度指标值（A） / 偏差原因分析及改进措施 ... -> level1 / target / deviation ..."""
    return of(text).indicator_column


def is_funds_block(text: str) -> bool:
    return of(text).funds_block


def funds_row(text: str) -> str | None:
    return of(text).funds_row


def goals_label(text: str) -> str | None:
    """``block`` for 年度总体目标, ``expected`` / ``actual`` for the two columns."""
    return of(text).goals


def is_indicators_block(text: str) -> bool:
    return of(text).indicators_block


def is_total(text: str) -> bool:
    return of(text).total


def is_grade(text: str) -> bool:
    return of(text).grade
