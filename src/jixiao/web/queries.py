"""The form list's query, shared by the page (``/forms``) and the API (``/api/forms``): visible,
latest versions only, filtered, sorted by a whitelisted column, paginated."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, field_validator
from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session, defer

from jixiao.store.models import FormRow
from jixiao.store.models_web import UserRow
from jixiao.web.deps import latest_forms, visible_forms

SORTS: dict[str, Any] = {
    "year": FormRow.year,
    "department": FormRow.department,
    "project": FormRow.project_name,
    "code": FormRow.project_code,
    "implementer": FormRow.implementer,
    "self": FormRow.self_total,
    "recomputed": FormRow.recomputed_total,
    "grade": FormRow.recomputed_grade,
    "errors": FormRow.n_errors,
    "warnings": FormRow.n_warnings,
    "infos": FormRow.n_infos,
    "id": FormRow.id,
}
PER_PAGE = (20, 50, 100, 200)


class FormFilters(BaseModel):
    """What the list is filtered and sorted by (query parameters of the page and the API)."""

    department: str | None = Field(None, max_length=200)
    year: int | None = Field(None, ge=1900, le=2200)
    grade: str | None = Field(None, max_length=20)
    q: str | None = Field(None, max_length=200, description="project name or code, unit")
    has_errors: bool | None = None
    sort: str = "year"
    dir: str = "desc"
    page: int = Field(1, ge=1, le=100000)
    per_page: int = 50

    @field_validator("sort")
    @classmethod
    def _sort_known(cls, value: str) -> str:
        return value if value in SORTS else "year"

    @field_validator("dir")
    @classmethod
    def _dir_known(cls, value: str) -> str:
        return "asc" if value == "asc" else "desc"

    @field_validator("per_page")
    @classmethod
    def _per_page_known(cls, value: int) -> int:
        return value if value in PER_PAGE else 50

    @field_validator("department", "grade", "q", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    @field_validator("year", "has_errors", mode="before")
    @classmethod
    def _blank_number(cls, value: Any) -> Any:
        return None if value == "" else value


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def visible_latest(user: UserRow) -> ColumnElement[bool]:
    return visible_forms(user) & latest_forms()


def filtered(user: UserRow, f: FormFilters) -> Select[FormRow]:
    # the list never shows the full form JSON: leave it in the database (it is most of a row)
    stmt = select(FormRow).options(defer(FormRow.data)).where(visible_latest(user))
    if f.department:
        stmt = stmt.where(or_(FormRow.department == f.department,
                              FormRow.department_code == f.department))
    if f.year is not None:
        stmt = stmt.where(FormRow.year == f.year)
    if f.grade:
        stmt = stmt.where(FormRow.recomputed_grade == f.grade)
    if f.has_errors is not None:
        stmt = stmt.where(FormRow.n_errors > 0 if f.has_errors else FormRow.n_errors == 0)
    if f.q:
        like = f"%{_escape_like(f.q)}%"
        stmt = stmt.where(or_(
            FormRow.project_name.like(like, escape="\\"),
            FormRow.project_code.like(like, escape="\\"),
            FormRow.implementer.like(like, escape="\\"),
            FormRow.department.like(like, escape="\\"),
        ))  # fmt: skip
    return stmt


def page_of_forms(db: Session, user: UserRow, f: FormFilters) -> tuple[list[FormRow], int]:
    """(rows of the page, total number of matching forms)."""
    stmt = filtered(user, f)
    total = db.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    column = SORTS[f.sort]
    order = column.asc().nulls_last() if f.dir == "asc" else column.desc().nulls_last()
    rows = db.scalars(
        stmt.order_by(order, FormRow.id.desc())
        .limit(f.per_page)
        .offset((f.page - 1) * f.per_page)
    ).all()
    return list(rows), total


def choices(db: Session, user: UserRow) -> dict[str, list[Any]]:
    """Values the filters offer: departments, years and grades among the visible forms."""
    where = visible_latest(user)

    def values(column: Any) -> list[Any]:
        stmt = select(column).distinct().where(where, column.is_not(None)).order_by(column)
        return [v for v in db.scalars(stmt) if v != ""]

    return {
        "departments": values(FormRow.department),
        "years": sorted(values(FormRow.year), reverse=True),
        "grades": values(FormRow.recomputed_grade),
    }


SUMMARY_COLUMNS = (
    FormRow.id, FormRow.year, FormRow.department, FormRow.department_code, FormRow.project_name,
    FormRow.project_code, FormRow.implementer, FormRow.unit_code, FormRow.self_total,
    FormRow.recomputed_total, FormRow.grade, FormRow.recomputed_grade, FormRow.profile,
    FormRow.complete, FormRow.n_errors, FormRow.n_warnings, FormRow.n_infos, FormRow.version,
    FormRow.supersedes_id,
)  # fmt: skip


def form_summary(row: Any) -> dict[str, Any]:
    """One form as the list and the API show it (a FormRow, or a row of ``SUMMARY_COLUMNS``)."""
    diff = None
    if row.self_total is not None and row.recomputed_total is not None:
        diff = round(row.recomputed_total - row.self_total, 2)
    return {
        "id": row.id,
        "year": row.year,
        "department": row.department,
        "department_code": row.department_code,
        "project_name": row.project_name,
        "project_code": row.project_code,
        "implementer": row.implementer,
        "unit_code": row.unit_code,
        "self_total": row.self_total,
        "recomputed_total": row.recomputed_total,
        "difference": diff,
        "grade": row.grade,
        "recomputed_grade": row.recomputed_grade,
        "profile": row.profile,
        "complete": row.complete,
        "findings": {"error": row.n_errors, "warning": row.n_warnings, "info": row.n_infos},
        "version": row.version,
        "supersedes_id": row.supersedes_id,
    }
