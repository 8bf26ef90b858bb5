"""The form recognizer: :class:`~jixiao.document.Document` -> forms.

Every format backend produces the same Document (grids of rows of cells), so this is the one place
where forms are understood.  Grids with reliable columns (spreadsheets, pipe tables) and grids
without (flowing text) are read with the same logic: rows by their labels (asked of the lexicon)
and values by their order and kind, with column positions only as a tie-breaker, and the form's own
arithmetic (:mod:`jixiao.recognize.selfcheck`) deciding between competing readings.

:func:`recognize` never raises: whatever it cannot read becomes a :class:`~jixiao.model.Problem`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.document import Cell, Document
from jixiao.model import Form, Problem, Severity
from jixiao.recognize import labels
from jixiao.recognize.assemble import build_form, truncation
from jixiao.recognize.evidence import begins_a_form, shows_a_form
from jixiao.recognize.places import place_en, place_zh
from jixiao.recognize.segment import FormRows, Line, lines_of, split_forms


@dataclass(slots=True)
class RecognizeResult:
    forms: list[Form] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def recognize(document: Document) -> RecognizeResult:
    """Every form of the document, in order, with the problems found on the way."""
    result = RecognizeResult()
    try:
        _recognize(document, result)
    except Exception as exc:  # never raise on any input: report instead
        result.problems.append(
            Problem(
                file=document.name,
                code="recognize-error",
                message=f"识别表格时出错（{type(exc).__name__}），已读出的表格保留",
                message_en=f"error while recognizing the forms ({type(exc).__name__}); forms read so far are kept",
            )
        )
    return result


def _recognize(document: Document, result: RecognizeResult) -> None:
    kept: list[tuple[Form, FormRows]] = []
    rejected: list[FormRows] = []
    beginnings: list[FormRows] = []  # a title and a header label, then nothing: a cut-off form
    for rows in split_forms(document):
        form = build_form(rows, document.name, len(kept))
        if shows_a_form(form, rows):
            kept.append((form, rows))
        else:  # labels quoted in prose, code or a data listing: no form (see evidence.py)
            rejected.append(rows)
            if begins_a_form(rows):
                beginnings.append(rows)
    for index, (form, rows) in enumerate(kept):
        where = truncation(form, rows, last_form=index == len(kept) - 1)
        result.forms.append(form)
        if where is not None:
            result.problems.append(
                Problem(
                    file=document.name,
                    code="form-truncated",
                    severity=Severity.warning,
                    message=f"第{index + 1}个表格不完整，在{place_zh(where) or '末尾'}附近中断",
                    message_en=f"form {index + 1} is incomplete; it stops near "
                    f"{place_en(where) or 'the end'}",
                    location=where,
                )
            )
    if not result.forms:
        result.problems.append(_no_form(document, rejected))
        return
    for rows in beginnings:  # among forms, the start of one more must not pass unnoticed
        where = _first_line(rows).cells[0].location
        result.problems.append(
            Problem(
                file=document.name,
                code="form-truncated",
                severity=Severity.warning,
                message=f"{place_zh(where)}起的表格只有标题和表头的开头，没有表格内容，未读出",
                message_en=f"the form starting at {place_en(where)} has only its title and the "
                "start of its header, no content; not read",
                location=where,
            )
        )


def _no_form(document: Document, rejected: list[FormRows]) -> Problem:
    """The no-form problem; when labels were seen, where the first one is and why it is no form."""
    if rejected:
        cell = _label_cell(_first_line(rejected[0]))
        where = cell.location
        label = _shown_label(cell.text)
        at_zh = f"{place_zh(where)}等处" if place_zh(where) else ""
        at_en = f" ({place_en(where)})" if place_en(where) else ""
        return Problem(
            file=document.name,
            code="no-form",
            message=f"文件中未找到项目支出绩效自评表：{at_zh}有表格标签（“{label}”），"
            "但没有表格内容（资金数额、指标得分或表头信息）",
            message_en=f"no 项目支出绩效自评表 found in the document: form labels such as "
            f"“{label}”{at_en} appear, but no form content (amounts, indicator scores or "
            "header values)",
            location=where,
        )
    has_text = next(iter(lines_of(document)), None) is not None
    return Problem(
        file=document.name,
        code="no-form",
        message="文件中未找到项目支出绩效自评表" if has_text else "文件中没有可读的内容",
        message_en="no 项目支出绩效自评表 found in the document"
        if has_text
        else "the document has no readable content",
    )


def _label_cell(line: Line) -> Cell:
    """The row's first cell that is a label (序号 项目名称 … -> 项目名称), else its first cell."""
    for cell in line.cells:
        found = labels.of(cell.text)
        if (
            found.title
            or found.header is not None
            or found.funds_block
            or found.funds_column is not None
            or found.funds_row is not None
            or found.goals is not None
            or found.indicators_block
            or found.indicator_column is not None
            or found.total
        ):
            return cell
    return line.cells[0]


def _shown_label(text: str) -> str:
    """The label as the lexicon knows it ("(项目名称," -> 项目名称), or the text's start."""
    key = labels.of(text).key
    return key if 0 < len(key) <= 20 else text.strip()[:20]


def _first_line(rows: FormRows) -> Line:
    """The candidate's first printed row (its blocks are kept by kind, not in printed order)."""
    lines = [line for block in rows.blocks.values() for line in block]
    return min(lines, key=lambda line: line.line or 0)


__all__ = ["RecognizeResult", "recognize"]
