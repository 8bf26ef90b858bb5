"""The 总分 / 总计 row (total weight and score) and the optional 自评等级.

The total row prints the weight total then the score total; when only one number is printed it is
the score only if the form's arithmetic says so (see :func:`resolve_lone_total`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.document import Cell
from jixiao.model import Form
from jixiao.recognize import labels, selfcheck
from jixiao.recognize.segment import Line
from jixiao.recognize.values import source
from jixiao.text.normalize import clean
from jixiao.text.numbers import is_blank, parse_score

_MAX_GRADE = 4  # 优 / 良 / 中 / 差 / 优秀 / 良好 / 合格 / 不合格


@dataclass(slots=True)
class TotalReading:
    numbers: list[Cell] = field(default_factory=list)
    grade: Cell | None = None

    def __init__(self, numbers: list[Cell] | None = None, grade: Cell | None = None) -> None:
        # compiled __init__ (a dataclass's generated one stays interpreted under mypyc)
        self.numbers = [] if numbers is None else numbers
        self.grade = grade


def read_total(lines: list[Line]) -> TotalReading:
    out = TotalReading()
    for n, line in enumerate(lines):
        cells = line.cells
        grade_next = False
        for i, cell in enumerate(cells):
            text = cell.text
            known = labels.of(text)
            if i == 0 and known.total:
                continue
            if known.grade:
                grade_next = True
                continue
            if is_blank(text):
                continue
            if parse_score(text) is not None:
                if n == 0 and not grade_next:
                    out.numbers.append(cell)
                continue
            short = len(clean(text) or "") <= _MAX_GRADE
            if out.grade is None and (grade_next or (n == 0 and short)):
                out.grade = cell
            grade_next = False
    return out


def apply_total(form: Form, reading: TotalReading) -> None:
    numbers = reading.numbers
    if len(numbers) >= 2:
        _set(form, "total_weight", numbers[0])
        _set(form, "total_score", numbers[1])
    elif len(numbers) == 1:
        resolve_lone_total(form, numbers[0])
    if reading.grade is not None:
        form.grade = clean(reading.grade.text)
        form.sources["grade"] = source(reading.grade.text, reading.grade.location)


def resolve_lone_total(form: Form, cell: Cell) -> None:
    """One number in the total row: the weight, unless only the score arithmetic agrees."""
    value = parse_score(cell.text)
    if value is None:
        return
    weights_agree = selfcheck.close(selfcheck.weight_sum(form), value, selfcheck.SUM_TOLERANCE)
    scores_agree = selfcheck.close(selfcheck.score_sum(form), value, selfcheck.SUM_TOLERANCE)
    field_name = "total_score" if scores_agree and not weights_agree else "total_weight"
    _set(form, field_name, cell)
    form.note(
        "total-one-number",
        f"总分行只填了一个数，按各项合计判定为{'得分' if field_name == 'total_score' else '分值'}",
        f"the total row prints one number; the sums say it is the total {'score' if field_name == 'total_score' else 'weight'}",
        field=field_name,
        source=form.sources.get(field_name),
    )


def _set(form: Form, name: str, cell: Cell) -> None:
    value = parse_score(cell.text)
    if value is None:
        return
    setattr(form, name, value)
    form.sources[name] = source(cell.text, cell.location)
