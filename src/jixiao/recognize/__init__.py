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

from jixiao.document import Document
from jixiao.model import Form, Problem, Severity
from jixiao.recognize.assemble import build_form, truncation
from jixiao.recognize.segment import lines_of, split_forms


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
    parts = split_forms(document)
    for index, rows in enumerate(parts):
        form = build_form(rows, document.name, index)
        where = truncation(form, rows, last_form=index == len(parts) - 1)
        result.forms.append(form)
        if where is not None:
            result.problems.append(
                Problem(
                    file=document.name,
                    code="form-truncated",
                    severity=Severity.warning,
                    message=f"第{index + 1}个表格不完整，在第{where.line}行附近中断",
                    message_en=f"form {index + 1} is incomplete; it stops near line {where.line}",
                    location=where,
                )
            )
    if not result.forms:
        has_text = next(iter(lines_of(document)), None) is not None
        result.problems.append(
            Problem(
                file=document.name,
                code="no-form",
                message="文件中未找到项目支出绩效自评表" if has_text else "文件中没有可读的内容",
                message_en="no 项目支出绩效自评表 found in the document"
                if has_text
                else "the document has no readable content",
            )
        )


__all__ = ["RecognizeResult", "recognize"]
