"""Findings placed on the rows (and cells) of the printed layout.

Each grid row names the form fields it prints (``Line.fields``); a finding goes to the row with the
longest field prefix of its ``field`` (``indicators[3].score`` -> the row of ``indicators[3]``,
``indicators`` -> the indicator header), and to the cell of the field's last part when the row
prints it.  A finding without a field, or with one the layout does not print, goes to the project
name row, so no finding is ever dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from jixiao.checks.finding import Finding
from jixiao.i18n import lang
from jixiao.model.form import Form
from jixiao.render.text import NATIONAL, SICHUAN, Line, Variant, form_grid
from jixiao.render.xlsx import Mark, _spans

_FUNDS_CELLS = {"initial": 2, "adjusted": 3, "executed": 4, "weight": 5, "rate": 6, "score": 7}
_HEADER_CELLS = {
    "project_name": 2,
    "project_code": 2,
    "department": 2,
    "department_code": 2,
    "manager": 2,
    "implementer": 6,
    "implementer_code": 6,
    "phone": 6,
    "goal_expected": 1,
    "goal_actual": 5,
}


def findings_for(form: Form, findings: Iterable[Finding]) -> list[Finding]:
    """The findings of ``form``: same form index, and same document when both name one."""
    return [
        f
        for f in findings
        if f.form_index == form.form_index
        and (f.file is None or form.document is None or f.file == form.document)
    ]


def _covers(prefix: str, field: str) -> bool:
    return field == prefix or field.startswith((prefix + ".", prefix + "["))


def _row_of(lines: Sequence[Line], field: str) -> tuple[int, str] | None:
    """The row printing ``field`` and the matched prefix (the longest wins)."""
    best: tuple[int, str] | None = None
    for r, line in enumerate(lines):
        for prefix in line.fields:
            if _covers(prefix, field) and (best is None or len(prefix) > len(best[1])):
                best = (r, prefix)
    return best


def _cell_of(line: Line, prefix: str, field: str, variant: Variant) -> int | None:
    """Index in ``line.cells`` of the cell printing ``field``, if the row prints it alone."""
    last = field.rsplit(".", 1)[-1]
    if line.kind == "indicator" and field != prefix:
        cols = SICHUAN if variant.sichuan else NATIONAL
        names = [name for _, name in cols.indicators]
        return 1 + names.index(last) if last in names else None
    if line.kind == "funds" and field != "funds.unit":
        return _FUNDS_CELLS.get(last)
    if line.kind == "total" and field in ("total_weight", "total_score"):
        cols = SICHUAN if variant.sichuan else NATIONAL
        names = [name for _, name in cols.indicators]
        return 1 + names.index(field.removeprefix("total_"))
    cell = _HEADER_CELLS.get(field)
    return cell if cell is not None and cell < len(line.cells) else None


def form_marks(
    form: Form, findings: Iterable[Finding], variant: Variant | None = None
) -> list[Mark]:
    """One :class:`Mark` per finding, on the layout rows of :func:`form_cells`."""
    variant = variant or Variant()
    lines = form_grid(form, variant)
    fallback = next(r for r, line in enumerate(lines) if line.kind != "title")
    marks: list[Mark] = []
    for f in findings:
        text = f"[{f.code}] {f.text(lang())}"
        found = _row_of(lines, f.field) if f.field else None
        if found is None:
            marks.append(Mark(fallback, None, str(f.severity), text))
            continue
        row, prefix = found
        line = lines[row]
        cell = _cell_of(line, prefix, f.field or "", variant)
        spans = _spans(line)
        col = spans[cell][0] if cell is not None and cell < len(spans) else None
        marks.append(Mark(row, col, str(f.severity), text))
    return marks
