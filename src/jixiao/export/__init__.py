"""The standard form written back: a real workbook (``xlsx``) or a print-ready PDF (``pdf``).

Both formats print the same grid: the rows and labels of
:func:`jixiao.render.text.form_grid`, placed with their spans by
:func:`jixiao.render.xlsx.form_cells`; the workbook writer and the HTML of the PDF only style it.
:func:`export_form` takes a :class:`~jixiao.model.Form` from anywhere (a parsed document today,
the store later); findings (``jixiao.audit``) are optionally marked on their rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from pathlib import Path

from jixiao.checks.finding import Finding
from jixiao.export.marks import findings_for, form_marks
from jixiao.model.form import Form


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    pdf = "pdf"


def export_forms(
    forms: Sequence[Form],
    fmt: ExportFormat | str,
    path: Path | str,
    findings: Iterable[Finding] | None = None,
) -> Path:
    """Write ``forms`` to ``path``: one sheet per form (xlsx), one form per page run (pdf).

    ``findings`` (any mix; each is matched to its form by document and form index) are marked on
    their rows when given."""
    fmt = ExportFormat(fmt)
    path = Path(path)
    marks = None
    if findings is not None:
        found = list(findings)
        marks = [form_marks(form, findings_for(form, found)) for form in forms]
    if fmt == ExportFormat.xlsx:
        from jixiao.export.xlsx import write_xlsx

        write_xlsx(forms, path, marks)
    else:
        from jixiao.export.pdf import write_pdf

        write_pdf(forms, path, marks)
    return path


def export_form(
    form: Form, fmt: ExportFormat | str, path: Path | str, findings: Iterable[Finding] | None = None
) -> Path:
    """Write one form as ``fmt`` (xlsx or pdf) to ``path``; see :func:`export_forms`."""
    return export_forms([form], fmt, path, findings)


__all__ = ["ExportFormat", "export_form", "export_forms"]
