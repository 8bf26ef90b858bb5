"""The form as a deliverable workbook: :func:`jixiao.render.xlsx.write_form_xlsx` (the same writer
as the test fixtures) with print titles, page numbers and amount formats switched on."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jixiao.model.form import Form
from jixiao.render.xlsx import Layout, Mark, write_form_xlsx

EXPORT_LAYOUT = Layout(print_titles=True, footer=True, amount_format=True)


def write_xlsx(
    forms: Sequence[Form], path: Path, marks: Sequence[Sequence[Mark]] | None = None
) -> None:
    write_form_xlsx(forms, path, EXPORT_LAYOUT, marks)
