"""What a cell *is*, asked of the lexicon once per cell.

The recognizer never compares strings itself: a cell is a title, a header label, a funds label, a
goals label, an indicator column label, a level-1/level-2 label or a total label because the
lexicon (``labels.toml``) says so.  Matching is exact on the label key, so a long value that merely
starts with a label word is never mistaken for a label.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jixiao.lexicon import Lexicon, load_lexicon
from jixiao.text.normalize import label_key

_TITLE_SLACK = 24  # a title cell may carry a year, a district, "附件3" ... but stays short
# "项目名称：xxx" — a label and its value printed in one cell
_LABEL_VALUE = re.compile(r"^\s*([^:：]{2,12})\s*[:：]\s*(.+)$", re.S)


def lexicon() -> Lexicon:
    return load_lexicon()


@lru_cache(maxsize=4096)
def is_title(text: str) -> bool:
    """A form title such as 项目支出绩效自评表 / 2023年度项目支出绩效自评表 / 附件：…自评表."""
    key = label_key(text)
    if not key or len(key) > 40:
        return False
    return any(alias in key and len(key) <= len(alias) + _TITLE_SLACK for alias in _title_aliases())


@lru_cache(maxsize=1)
def _title_aliases() -> tuple[str, ...]:
    return tuple(lexicon().title.aliases())


def header_label(text: str) -> str | None:
    return lexicon().header.match(text)


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


@lru_cache(maxsize=4096)
def funds_column(text: str) -> str | None:
    """年初预算数 / 全年预算数（A） / 得分（20分×执行率） ... -> initial / adjusted / score ..."""
    table = lexicon().funds_columns
    found = table.match(text)
    if found is None and len(text) <= _MAX_LABEL:
        found = table.match_prefix(text)
    return found


@lru_cache(maxsize=4096)
def indicator_column(text: str) -> str | None:
    """一级指标 / 年度指标值（A） / 偏差原因分析及改进措施 ... -> level1 / target / deviation ..."""
    table = lexicon().indicator_columns
    found = table.match(text)
    if found is None and len(text) <= _MAX_LABEL:
        found = table.match_prefix(text)
    return found


def is_funds_block(text: str) -> bool:
    return lexicon().funds_block.match_prefix(text) is not None and len(label_key(text)) <= 20


def funds_row(text: str) -> str | None:
    return lexicon().funds_rows.match(text)


def goals_label(text: str) -> str | None:
    """``block`` for 年度总体目标, ``expected`` / ``actual`` for the two columns."""
    lex = lexicon()
    if lex.goals_block.match(text):
        return "block"
    return lex.goals.match(text)


def is_indicators_block(text: str) -> bool:
    return lexicon().indicators_block.match(text) is not None


def is_total(text: str) -> bool:
    return lexicon().total.match(text) is not None


def is_grade(text: str) -> bool:
    return lexicon().grade.match(text) is not None
