"""A form from the store, ready for :func:`jixiao.export.export_form`: the stored JSON made a
:class:`~jixiao.model.Form` again, with the findings stored beside it.

The store keeps each form's full JSON (``forms.data``, with its values' sources), so nothing is
parsed again; the findings are those recorded at ingest, the same ones the report counts.
"""

from __future__ import annotations

from sqlalchemy import Engine, select

from jixiao.checks.finding import Finding
from jixiao.model.form import Form
from jixiao.store.models import FindingRow, FormRow


class UnknownForm(LookupError):
    """No form with this id in the store."""

    def __init__(self, form_id: int) -> None:
        super().__init__(form_id)
        self.form_id = form_id


def stored_form(engine: Engine, form_id: int) -> tuple[Form, list[Finding]]:
    """The form stored under ``form_id`` and its findings; :class:`UnknownForm` if none."""
    with engine.connect() as conn:
        row = conn.execute(
            select(FormRow.data)
            .where(FormRow.id == form_id)
        ).first()
        if row is None:
            raise UnknownForm(form_id)
        form = Form.model_validate(row.data)
        found = conn.execute(
            select(
                FindingRow.code, FindingRow.rule, FindingRow.severity, FindingRow.field,
                FindingRow.row, FindingRow.indicator, FindingRow.message, FindingRow.message_en,
                FindingRow.evidence, FindingRow.location,
            ).where(FindingRow.form_id == form_id).order_by(FindingRow.id)
        ).all()  # fmt: skip
    findings = [
        Finding(
            file=form.document, form_index=form.form_index, project_name=form.project_name,
            code=f.code, rule=f.rule, severity=f.severity, field=f.field, row=f.row,
            indicator=f.indicator, message=f.message, message_en=f.message_en,
            evidence=f.evidence or {}, location=f.location,
        )
        for f in found
    ]
    return form, findings
