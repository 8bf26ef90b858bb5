"""Whether a candidate form is a form: enough independent evidence, not a label or two.

Why: blocks are opened by their labels, so any text that quotes a label — a script whose
docstrings mention 年度总体目标, a README explaining the JSON contract, the lexicon itself, a
CSV dump, a log — yields candidates whose "goals" are paragraphs of prose and whose every value is
empty.  A user who points ``parse`` or ``ingest`` at a folder holding such files must hear "no
form in this file", not get garbage forms.  A form, even one cut off half way, shows what prose
never does: amounts in its funds table, indicator rows with their weights or scores, or a header
whose labels are followed by names.  The test is by structure and values, never by file name,
and it is the same for every format (the recognizer does not know where a grid came from).

The line between the two sides is tested in ``tests/test_not_a_form.py``: a real form cut off
after its header, or after its first amounts, is still a (partial) form; a lone goals label
followed by prose, labels followed by code, a JSON or CSV listing of forms are not.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from jixiao.model import Form, FundsRow
from jixiao.recognize import labels
from jixiao.recognize.segment import Block, FormRows

_NAMED_FIELDS = ("project_name", "department", "implementer", "manager")
# what a name on a form never holds, but code, markup and data listings do
_NOT_IN_A_NAME = re.compile(
    r"^[\"']|[\"']$|[\"'][\s,):;]|[\s,(:;][\"']|[{}\[\]=<>`\\$]|://|__"
    r"|\b(?:def|None|null|true|false)\b"
)
# a level label as a form prints it: the label, perhaps spaced out or with its weight (50分)
_WEIGHT_SUFFIX = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分?\s*[)）]\s*$")
_ASCII_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PHONE = re.compile(r"^[\d\s()（）+\-－—/转]{5,24}$")
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{2,39}$")
_NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?%?$")
_LIST_ROWS = 3  # unlabelled rows of numbers in a funds block that make it a list of projects
_MAX_NAME = 80  # characters; the longest project names seen are about 50


class Evidence(NamedTuple):
    """What a candidate shows of a form; each part is independent of the others."""

    amounts: int  # numbers read in the funds rows' amount columns
    indicator_rows: int  # indicator rows with a known level label and a weight or a score
    header_values: int  # header labels followed by something that can be a name, code or phone
    totals: int  # numbers of the total row
    title: bool  # a form title was printed


def evidence(form: Form, rows: FormRows) -> Evidence:
    """Everything the candidate shows (for :func:`is_form`, and for tests to see the line)."""
    return Evidence(
        amounts=0 if _a_list(rows) else _amounts(form),
        indicator_rows=sum(
            1 for ind in form.indicators if _real_row(ind.level1, ind.level2, ind.weight, ind.score)
        ),
        header_values=_header_values(form),
        totals=_count(form.total_weight, form.total_score),
        title=Block.title in rows.blocks,
    )


def shows_a_form(form: Form, rows: FormRows) -> bool:
    """``is_form(evidence(form, rows))``, asking the cheap questions first: a real form answers
    at its first two amounts, so the check costs nothing on the way of every form read."""
    funds = form.funds
    if _filled(funds.total) + _filled(funds.current) >= 2 and not _a_list(rows):
        return True
    if any(_real_row(i.level1, i.level2, i.weight, i.score) for i in form.indicators):
        return True
    return is_form(evidence(form, rows))


def begins_a_form(rows: FormRows) -> bool:
    """A candidate that is no form but starts like one: a title, then a header label.

    Why: in a file holding forms, such a candidate is the start of one more form cut off (a
    transfer that stopped, a page that was lost) and is reported, where prose that merely
    quotes a label is not."""
    return Block.title in rows.blocks and Block.header in rows.blocks


def _a_list(rows: FormRows) -> bool:
    """Whether the funds block is a list of projects: a summary sheet whose column heads are the
    amount columns (项目名称 年初预算数 全年预算数 …) has rows of numbers that no funds label
    opens, one per project.  A form's funds block has none (none in any seed, fixture, text
    export or bench document), so its amounts — even a 合计 row's — are no form's."""
    unlabelled = 0
    for line in rows.blocks.get(Block.funds, []):
        first = labels.of(line.cells[0].text)
        if first.funds_row is not None or first.funds_block or first.funds_column is not None:
            continue
        numbers = 0
        for cell in line.cells:
            if _NUMBER.match(cell.text.strip()):
                numbers += 1
        if numbers >= 2:
            unlabelled += 1
            if unlabelled >= _LIST_ROWS:
                return True
    return False


def _filled(row: FundsRow) -> int:
    """How many of the row's amount columns hold a number."""
    return _count(row.initial, row.adjusted, row.executed, row.rate)


def _count(*values: float | None) -> int:
    n = 0
    for value in values:
        if value is not None:
            n += 1
    return n


def is_form(found: Evidence) -> bool:
    """Two amounts, one scored indicator row or three header values are each a form; two
    header values need one more sign (the title, an amount or a total) beside them."""
    if found.amounts >= 2 or found.indicator_rows >= 1 or found.header_values >= 3:
        return True
    if found.header_values == 2:
        return found.title or found.amounts + found.totals >= 1
    return False


def _amounts(form: Form) -> int:
    funds = form.funds
    rows: list[FundsRow] = [funds.total, funds.current, funds.carryover, funds.other]
    rows.extend(funds.extra.values())
    return sum(_filled(row) for row in rows)


def _real_row(
    level1: str | None, level2: str | None, weight: float | None, score: float | None
) -> bool:
    if weight is None and score is None:
        return False
    if level1 is not None and _as_label(level1) and labels.of(level1).level1 is not None:
        return True
    return level2 is not None and _as_label(level2) and labels.of(level2).level2 is not None


def _as_label(text: str) -> bool:
    """Printed as a label, not quoted in code or prose: ``产出指标``, ``产出指标(50分)``, but not
    ``"产出指标",`` or ``效果指标).`` (the lexicon ignores punctuation, so it cannot tell)."""
    if _ASCII_PUNCTUATION.search(text) is None:
        return True
    return _ASCII_PUNCTUATION.search(_WEIGHT_SUFFIX.sub("", text)) is None


def _header_values(form: Form) -> int:
    n = 0
    for name in _NAMED_FIELDS:
        value = getattr(form, name)
        if isinstance(value, str) and _is_name(value):
            n += 1
    if form.phone is not None and _PHONE.match(form.phone.strip()):
        n += 1
    if form.project_code is not None and _CODE.match(form.project_code.strip()):
        n += 1
    return n


def _is_name(value: str) -> bool:
    """A name as forms print them: some Chinese, not too long, nothing of code or data syntax."""
    text = value.strip()
    return (
        0 < len(text) <= _MAX_NAME
        and _CJK.search(text) is not None
        and _NOT_IN_A_NAME.search(text) is None
        and labels.of(text).header is None  # the next label, not a value
    )


__all__ = ["Evidence", "begins_a_form", "evidence", "is_form", "shows_a_form"]
