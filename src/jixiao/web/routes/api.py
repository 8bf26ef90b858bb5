"""The JSON HTTP API, with the same sign-in, CSRF and visibility as the pages.

* ``GET /api/forms`` — the list (filters as ``/forms``), ``{"total", "page", "per_page", "forms"}``
* ``GET /api/forms/{id}`` — one form: its summary, the full form JSON, its findings
* ``GET /api/forms/{id}/versions`` — the versions of the form the user may see
* ``POST /api/upload`` — one or more files (multipart ``files``), as the upload page
* ``/api/login``, ``/api/logout``, ``/api/me``, ``/api/csrf`` — in ``routes/auth.py``

A form the user may not see answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import select

from jixiao.store.models import FindingRow, FormRow
from jixiao.web.deps import CurrentUser, DbSession, form_for, visible_forms
from jixiao.web.queries import FormFilters, form_summary, page_of_forms

router = APIRouter(prefix="/api")


@router.get("/forms")
def api_forms(db: DbSession, user: CurrentUser,
              filters: Annotated[FormFilters, Query()]) -> dict[str, Any]:
    rows, total = page_of_forms(db, user, filters)
    return {
        "total": total, "page": filters.page, "per_page": filters.per_page,
        "forms": [form_summary(r) for r in rows],
    }  # fmt: skip


def finding_json(row: FindingRow) -> dict[str, Any]:
    return {
        "code": row.code, "rule": row.rule, "severity": row.severity, "field": row.field,
        "row": row.row, "indicator": row.indicator, "message": row.message,
        "message_en": row.message_en, "evidence": row.evidence,
    }  # fmt: skip


@router.get("/forms/{form_id}")
def api_form(form_id: int, db: DbSession, user: CurrentUser) -> dict[str, Any]:
    row = form_for(db, user, form_id)
    findings = db.scalars(select(FindingRow).where(FindingRow.form_id == row.id)
                          .order_by(FindingRow.id))
    return {
        **form_summary(row),
        "form": row.data,
        "findings_list": [finding_json(f) for f in findings],
    }


@router.get("/forms/{form_id}/versions")
def api_versions(form_id: int, db: DbSession, user: CurrentUser) -> list[dict[str, Any]]:
    row = form_for(db, user, form_id)
    versions = db.scalars(
        select(FormRow)
        .where(FormRow.identity == row.identity, FormRow.unit_code.is_not_distinct_from(row.unit_code),
               visible_forms(user))
        .order_by(FormRow.version, FormRow.id)
    )
    return [form_summary(v) for v in versions]
