"""Which forms an analysis looks at: the latest version of each form, narrowed by filters.

A form identity (project code or name, department, year) may be stored several times: a corrected
document adds version 2 that supersedes version 1, and the same form read from another file (a PDF
and its spreadsheet) is stored again under the same version.  Counting every row would count one
project two or three times, so analyses take, per identity, the highest version and of its copies
the first stored (lowest id).  ``Filters(all_versions=True)`` looks at every stored row instead
(history, audits of the ingest itself).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    and_,
    bindparam,
    false,
    func,
    or_,
    select,
    true,
)

from jixiao.store.models import FormRow


class Filters(BaseModel):
    """What to look at.  Each list is "any of"; different fields must all match."""

    model_config = ConfigDict(frozen=True)

    years: list[int] = Field(default_factory=list, description="年度")
    departments: list[str] = Field(
        default_factory=list, description="部门名称中的一段文字，或完整的部门编码"
    )
    projects: list[str] = Field(
        default_factory=list, description="项目名称中的一段文字，或完整的项目编码"
    )
    profiles: list[str] = Field(default_factory=list, description="评分模板（profile）名称")
    grades: list[str] = Field(default_factory=list, description="表上填写的自评等级")
    recomputed_grades: list[str] = Field(default_factory=list, description="复核后的等级")
    with_errors: bool = Field(False, description="只看有错误级审核意见的表")
    form_ids: list[int] | None = Field(None, description="只看这些表（库中编号）")
    all_versions: bool = Field(False, description="包括被更正版本取代的旧版本和重复副本")

    def describe(self) -> list[str]:
        """The filters in words (Chinese), for the report's header."""
        parts: list[str] = []
        if self.years:
            parts.append("年度：" + "、".join(str(y) for y in self.years))
        if self.departments:
            parts.append("部门：" + "、".join(self.departments))
        if self.projects:
            parts.append("项目：" + "、".join(self.projects))
        if self.profiles:
            parts.append("评分模板：" + "、".join(self.profiles))
        if self.grades:
            parts.append("自评等级：" + "、".join(self.grades))
        if self.recomputed_grades:
            parts.append("复核等级：" + "、".join(self.recomputed_grades))
        if self.with_errors:
            parts.append("仅含错误的表")
        if self.form_ids is not None:
            parts.append(f"指定的 {len(self.form_ids)} 张表")
        if self.all_versions:
            parts.append("包括旧版本与重复副本")
        return parts


def latest_ids() -> Select[tuple[int]]:
    """Ids of the rows that count: per identity the highest version, of its copies the first."""
    ranked = select(
        FormRow.id,
        func.row_number()
        .over(partition_by=FormRow.identity, order_by=(FormRow.version.desc(), FormRow.id))
        .label("rank"),
    ).subquery("ranked")
    return select(ranked.c.id).where(ranked.c.rank == 1)


def _any_text(column: Any, code: Any, values: list[str]) -> ColumnElement[bool]:
    return or_(*(or_(column.contains(v, autoescape=True), code == v) for v in values))


def conditions(filters: Filters) -> list[ColumnElement[bool]]:
    """WHERE conditions on :class:`FormRow` for ``filters``."""
    where: list[ColumnElement[bool]] = []
    if not filters.all_versions:
        where.append(FormRow.id.in_(latest_ids()))
    if filters.years:
        where.append(FormRow.year.in_(filters.years))
    if filters.departments:
        where.append(_any_text(FormRow.department, FormRow.department_code, filters.departments))
    if filters.projects:
        where.append(_any_text(FormRow.project_name, FormRow.project_code, filters.projects))
    if filters.profiles:
        where.append(FormRow.profile.in_(filters.profiles))
    if filters.grades:
        where.append(FormRow.grade.in_(filters.grades))
    if filters.recomputed_grades:
        where.append(FormRow.recomputed_grade.in_(filters.recomputed_grades))
    if filters.with_errors:
        where.append(FormRow.n_errors > 0)
    if filters.form_ids is not None:
        # ids rendered into the SQL (integers: safe), not one bound parameter each: a user may
        # see tens of thousands of forms, beyond SQLite's and psycopg's parameter limits
        ids: Any = bindparam("form_ids", sorted(set(filters.form_ids)), expanding=True,
                        literal_execute=True, unique=True)  # fmt: skip
        where.append(FormRow.id.in_(ids) if filters.form_ids else false())
    return where


def scope(filters: Filters) -> Subquery:
    """The chosen forms' query columns (never their JSON) as a subquery named ``f``."""
    cols = [c for c in FormRow.__table__.c if c.name != "data"]
    where = conditions(filters)
    return select(*cols).where(and_(true(), *where)).subquery("f")
