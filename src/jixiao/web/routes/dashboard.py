"""``/dashboard``: the analysis report's charts and figures over the forms the user may see
(``jixiao.analysis``: ``report_data`` + ``charts``), filtered by year and department.
``GET /api/dashboard`` returns the same numbers as JSON."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy import select

from jixiao.analysis import Filters, charts, report_data
from jixiao.analysis.model import ReportData
from jixiao.store.models import FormRow
from jixiao.store.models_web import UserRow
from jixiao.web.deps import CurrentUser, DbSession, get_engine, render
from jixiao.web.queries import choices, visible_latest

router = APIRouter()


def dashboard_data(request: Request, db: DbSession, user: UserRow, year: int | None,
                   department: str | None) -> ReportData:
    """The report over the user's forms.  An administrator's is the whole store as the report
    counts it; anyone else's is exactly the forms of their list (latest versions they may see)."""
    years = [year] if year is not None else []
    departments = [department] if department else []
    if user.role == "admin":
        db.commit()  # the report reads on its own connection (SQLite: no lock may be held)
        filters = Filters(years=years, departments=departments)
        return report_data(get_engine(request), filters)
    ids = list(db.scalars(select(FormRow.id).where(visible_latest(user))))
    db.commit()
    filters = Filters(years=years, departments=departments, all_versions=True)
    return report_data(get_engine(request), filters, form_ids=ids)


def _blank(value: str | None) -> str | None:
    return value.strip() or None if value else None


@router.get("/dashboard")
def dashboard(
    request: Request, db: DbSession, user: CurrentUser,
    year: Annotated[str | None, Query(max_length=8)] = None,
    department: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:  # fmt: skip
    chosen_year = int(year) if year and year.strip().isdigit() else None
    chosen_department = _blank(department)
    options = choices(db, user)
    data = dashboard_data(request, db, user, chosen_year, chosen_department)
    return render(
        request, "dashboard.html", data=data, charts=charts(data) if data.overview.forms else {},
        options=options, year=chosen_year, department=chosen_department or "",
    )  # fmt: skip


@router.get("/api/dashboard")
def api_dashboard(
    request: Request, db: DbSession, user: CurrentUser,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    department: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:  # fmt: skip
    data = dashboard_data(request, db, user, year, _blank(department))
    return {"report": data.model_dump(mode="json", exclude={"source"}), "charts": charts(data)}
