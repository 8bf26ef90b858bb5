"""The report's data: plain pydantic models, JSON-able, built by :func:`jixiao.analysis.report_data`.

Every number here is an aggregate computed by the database (or, for the few forms listed for
review, from their query columns), so the model's size grows with the number of departments,
years and rule codes, never with the number of forms.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from jixiao.analysis.scope import Filters


class RateBand(BaseModel):
    """A band of the budget execution rate (资金执行率), lower bound included."""

    key: str
    label: str
    forms: int = 0


class Overview(BaseModel):
    forms: int = Field(description="counted forms (latest versions unless all_versions)")
    stored_rows: int = Field(description="stored form rows matching the filters, all versions")
    departments: int
    years: list[int]
    indicators: int
    findings: int
    errors: int
    warnings: int
    infos: int
    forms_with_errors: int
    mean_self: float | None = Field(description="mean printed 总分 (forms with both totals)")
    mean_recomputed: float | None = Field(description="mean recomputed total (forms with both)")
    mean_inflation: float | None = Field(description="mean of printed − recomputed total")
    inflated_forms: int = Field(description="forms whose printed total beats the recomputed one")
    mean_rate: float | None = Field(description="mean execution rate (fraction)")


class GroupRow(BaseModel):
    """One department in one year."""

    department: str
    department_code: str | None
    year: int | None
    forms: int
    mean_self: float | None
    mean_recomputed: float | None
    mean_inflation: float | None
    inflated_forms: int
    mean_rate: float | None
    rate_bands: list[int] = Field(description="forms per band, in the order of ReportData.bands")
    grades: dict[str, int] = Field(description="printed 自评等级 -> forms ('' = not printed)")
    recomputed_grades: dict[str, int]
    forms_with_errors: int
    findings: int
    top_codes: list[tuple[str, int]] = Field(description="the most frequent finding codes")


class GradeCell(BaseModel):
    grade: str = Field(description="printed grade, '' when the form prints none")
    recomputed_grade: str
    forms: int


class CodeCount(BaseModel):
    code: str
    name: str
    severity: str
    summary: str
    summary_en: str
    findings: int
    forms: int


class DepartmentInflation(BaseModel):
    department: str
    forms: int
    mean_inflation: float
    inflated_forms: int


class ScatterPoint(BaseModel):
    """Forms with (about) this execution rate and printed total; rate in percent."""

    rate: float
    score: float
    forms: int


class ReviewItem(BaseModel):
    """A form worth a reviewer's eyes, with the points that put it on the list."""

    form_id: int
    project_name: str | None
    project_code: str | None
    department: str | None
    year: int | None
    document: str | None
    self_total: float | None
    recomputed_total: float | None
    rate: float | None
    grade: str | None
    recomputed_grade: str | None
    n_errors: int
    n_warnings: int
    priority: float
    reasons: list[str]


class ReportData(BaseModel):
    """Everything the HTML report (and the web dashboard) shows, for one set of filters."""

    generated_at: datetime
    source: str = Field(description="the store, without password")
    filters: Filters
    overview: Overview
    bands: list[RateBand]
    groups: list[GroupRow]
    grades: list[GradeCell]
    codes: list[CodeCount]
    inflation: list[DepartmentInflation]
    scatter: list[ScatterPoint]
    review: list[ReviewItem]
    priority_rules: list[str] = Field(description="how the review priority is computed, in words")
