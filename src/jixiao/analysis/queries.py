"""The report's numbers, each one SQL aggregate over the chosen forms (see :mod:`scope`).

Nothing here loads a form's JSON or one Python object per form: the database groups and counts,
and Python receives one row per department and year, per band, per rule code.  Only the top
``review`` forms come back one by one.  The same SQL runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Float, Subquery, case, cast, func, literal, select

from jixiao.analysis import priority
from jixiao.analysis.model import (
    CodeCount,
    DepartmentInflation,
    GradeCell,
    GroupRow,
    Overview,
    RateBand,
    ReportData,
    ReviewItem,
    ScatterPoint,
)
from jixiao.analysis.scope import Filters, scope
from jixiao.store.models import DocumentRow, FindingRow, IndicatorRow

# (key, label, upper bound exclusive); a rate of 0.99999 is printed as 100 %, hence the epsilon
BANDS: list[tuple[str, str, float | None]] = [
    ("lt60", "低于 60%", 0.6),
    ("60-80", "60%–80%", 0.8),
    ("80-90", "80%–90%", 0.9),
    ("90-100", "90%–100%", 1.0 - 1e-6),
    ("100", "100%", 1.0 + 1e-6),
    ("gt100", "超过 100%", None),
]
NO_RATE = ("none", "未填写")
NO_DEPARTMENT = "（未填写部门）"
TOP_CODES = 3


def band_labels() -> list[RateBand]:
    return [RateBand(key=k, label=label) for k, label, _ in BANDS] + [
        RateBand(key=NO_RATE[0], label=NO_RATE[1])
    ]


def _band(rate: Any) -> Any:
    """The band's index (as in :func:`band_labels`) of an execution-rate column."""
    whens: list[tuple[Any, int]] = [(rate.is_(None), len(BANDS))]
    whens += [(rate < upper, i) for i, (_, _, upper) in enumerate(BANDS) if upper is not None]
    return case(*whens, else_=len(BANDS) - 1)


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def _inflation(f: Subquery) -> Any:
    return f.c.self_total - f.c.recomputed_total


def _inflated(f: Subquery) -> Any:
    return func.coalesce(
        func.sum(case((_inflation(f) > priority.INFLATION_TOLERANCE, 1), else_=0)), 0
    )


def _paired(f: Subquery, column: Any) -> Any:
    """The mean of ``column`` over forms with both a printed and a recomputed total, so that the
    two means compare like with like (an empty form recomputes to 0 but prints nothing)."""
    both = f.c.self_total.is_not(None) & f.c.recomputed_total.is_not(None)
    return func.avg(case((both, column), else_=None))


def _dept(f: Subquery) -> Any:
    return func.coalesce(f.c.department, literal(NO_DEPARTMENT))


def overview(conn: Connection, filters: Filters) -> Overview:
    f = scope(filters)
    row = conn.execute(
        select(
            func.count(),
            func.count(func.distinct(f.c.department)),  # named departments only
            func.coalesce(func.sum(f.c.n_errors), 0),
            func.coalesce(func.sum(f.c.n_warnings), 0),
            func.coalesce(func.sum(f.c.n_infos), 0),
            func.coalesce(func.sum(case((f.c.n_errors > 0, 1), else_=0)), 0),
            _paired(f, f.c.self_total),
            _paired(f, f.c.recomputed_total),
            func.avg(_inflation(f)),
            _inflated(f),
            func.avg(f.c.funds_rate),
        )
    ).one()
    years = conn.scalars(
        select(f.c.year).where(f.c.year.is_not(None)).distinct().order_by(f.c.year)
    ).all()
    n_ind = conn.scalar(
        select(func.count()).select_from(IndicatorRow).join(f, IndicatorRow.form_id == f.c.id)
    )
    every = scope(filters.model_copy(update={"all_versions": True}))
    stored = conn.scalar(select(func.count()).select_from(every))
    errors, warnings, infos = int(row[2]), int(row[3]), int(row[4])
    return Overview(
        forms=row[0], stored_rows=stored or 0, departments=row[1], years=list(years),
        indicators=n_ind or 0, findings=errors + warnings + infos, errors=errors,
        warnings=warnings, infos=infos, forms_with_errors=int(row[5]), mean_self=_num(row[6]),
        mean_recomputed=_num(row[7]), mean_inflation=_num(row[8]), inflated_forms=int(row[9]),
        mean_rate=_num(row[10]),
    )  # fmt: skip


def findings_by_group(conn: Connection, filters: Filters) -> list[Any]:
    """Findings per (department, year, code): count, forms, and the rule's stored name and
    severity.  One pass over the findings serves both the groups' top codes and the codes table
    (a form belongs to one department and year, so forms per code add up across groups)."""
    f = scope(filters)
    dept = _dept(f)
    return list(conn.execute(
        select(
            dept.label("department"), f.c.year, FindingRow.code,
            func.count().label("findings"),
            func.count(func.distinct(FindingRow.form_id)).label("forms"),
            func.min(FindingRow.rule).label("rule"), func.min(FindingRow.severity).label("severity"),
        )
        .select_from(FindingRow)
        .join(f, FindingRow.form_id == f.c.id)
        .group_by(dept, f.c.year, FindingRow.code)
    ))  # fmt: skip


def groups(conn: Connection, filters: Filters, code_rows: list[Any] | None = None
           ) -> list[GroupRow]:  # fmt: skip
    """One row per department and year, with bands, grades and the most frequent codes."""
    if code_rows is None:
        code_rows = findings_by_group(conn, filters)
    f = scope(filters)
    dept = _dept(f)
    base = conn.execute(
        select(
            dept.label("department"),
            f.c.year,
            func.min(f.c.department_code),
            func.count(),
            _paired(f, f.c.self_total),
            _paired(f, f.c.recomputed_total),
            func.avg(_inflation(f)),
            _inflated(f),
            func.avg(f.c.funds_rate),
            func.coalesce(func.sum(case((f.c.n_errors > 0, 1), else_=0)), 0),
            func.coalesce(func.sum(f.c.n_errors + f.c.n_warnings + f.c.n_infos), 0),
        )
        .group_by(dept, f.c.year)
        .order_by(dept, f.c.year)
    ).all()
    bands: dict[tuple[str, int | None], list[int]] = defaultdict(lambda: [0] * (len(BANDS) + 1))
    band = _band(f.c.funds_rate)
    for d, y, b, n in conn.execute(
        select(dept, f.c.year, band, func.count()).group_by(dept, f.c.year, band)
    ):
        bands[(d, y)][int(b)] = n
    grades: dict[tuple[str, int | None], Counter[str]] = defaultdict(Counter)
    regrades: dict[tuple[str, int | None], Counter[str]] = defaultdict(Counter)
    for d, y, g, r, n in conn.execute(
        select(dept, f.c.year, f.c.grade, f.c.recomputed_grade, func.count()).group_by(
            dept, f.c.year, f.c.grade, f.c.recomputed_grade
        )
    ):
        grades[(d, y)][g or ""] += n
        regrades[(d, y)][r or ""] += n
    codes: dict[tuple[str, int | None], Counter[str]] = defaultdict(Counter)
    for r in code_rows:
        codes[(r.department, r.year)][r.code] = r.findings
    out = []
    for r in base:
        key = (r[0], r[1])
        top = sorted(codes[key].items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_CODES]
        out.append(GroupRow(
            department=r[0], year=r[1], department_code=r[2], forms=r[3], mean_self=_num(r[4]),
            mean_recomputed=_num(r[5]), mean_inflation=_num(r[6]), inflated_forms=int(r[7]),
            mean_rate=_num(r[8]), forms_with_errors=int(r[9]), findings=int(r[10]),
            rate_bands=bands[key], grades=dict(grades[key]), recomputed_grades=dict(regrades[key]),
            top_codes=top,
        ))  # fmt: skip
    return out


def grade_cells(conn: Connection, filters: Filters) -> list[GradeCell]:
    f = scope(filters)
    rows = conn.execute(
        select(f.c.grade, f.c.recomputed_grade, func.count()).group_by(
            f.c.grade, f.c.recomputed_grade
        )
    )
    cells: Counter[tuple[str, str]] = Counter()
    for g, r, n in rows:
        cells[(g or "", r or "")] += n
    order = {g: i for i, g in enumerate(priority.GRADE_RANK)}
    return [
        GradeCell(grade=g, recomputed_grade=r, forms=n)
        for (g, r), n in sorted(cells.items(), key=lambda kv: (order.get(kv[0][1], 9),
                                                               order.get(kv[0][0], 9), kv[0]))
    ]  # fmt: skip


def code_counts(conn: Connection, filters: Filters, code_rows: list[Any] | None = None
                ) -> list[CodeCount]:  # fmt: skip
    from jixiao.checks import all_rules

    catalogue = {r.code: r for r in all_rules()}
    if code_rows is None:
        code_rows = findings_by_group(conn, filters)
    totals: dict[str, list[Any]] = {}
    for r in code_rows:
        t = totals.setdefault(r.code, [r.rule, r.severity, 0, 0])
        t[2] += r.findings
        t[3] += r.forms
    rows = [(code, *t) for code, t in totals.items()]
    out = []
    for code, name, severity, n, forms in rows:
        rule = catalogue.get(code)
        out.append(CodeCount(
            code=code, name=rule.name if rule else name, severity=str(rule.severity) if rule
            else severity, summary=rule.summary if rule else "", summary_en=rule.summary_en
            if rule else "", findings=n, forms=forms,
        ))  # fmt: skip
    return sorted(out, key=lambda c: (-c.findings, c.code))


def department_inflation(conn: Connection, filters: Filters) -> list[DepartmentInflation]:
    """Mean printed − recomputed total per department (forms with both totals), most first."""
    f = scope(filters)
    dept = _dept(f)
    gap = func.avg(_inflation(f))
    rows = conn.execute(
        select(dept, func.count(), gap, _inflated(f))
        .where(f.c.self_total.is_not(None), f.c.recomputed_total.is_not(None))
        .group_by(dept)
        .order_by(gap.desc(), dept)
    )
    return [
        DepartmentInflation(department=d, forms=n, mean_inflation=float(m), inflated_forms=int(k))
        for d, n, m, k in rows
    ]


def scatter(conn: Connection, filters: Filters) -> list[ScatterPoint]:
    """Printed total against execution rate, binned (1 % × 0.5 points) so that the number of
    points stays bounded however many forms there are; each point says how many forms it holds."""
    f = scope(filters)
    rate = func.round(cast(f.c.funds_rate, Float) * 100)
    score = func.round(cast(f.c.self_total, Float) * 2) / 2
    rows = conn.execute(
        select(rate, score, func.count())
        .where(f.c.funds_rate.is_not(None), f.c.self_total.is_not(None))
        .group_by(rate, score)
        .order_by(rate, score)
    )
    return [ScatterPoint(rate=float(r), score=float(s), forms=n) for r, s, n in rows]


def review(conn: Connection, filters: Filters, top: int) -> list[ReviewItem]:
    """The ``top`` forms with the highest review priority (ties: lower id first)."""
    f = scope(filters)
    points = priority.priority_sql(f).label("priority")
    rows = conn.execute(
        select(f, points, DocumentRow.name.label("document"))
        .join(DocumentRow, DocumentRow.id == f.c.document_id)
        .where(points > 0)
        .order_by(points.desc(), f.c.id)
        .limit(top)
    ).all()
    out = []
    for r in rows:
        score, why = priority.reasons(r)
        out.append(ReviewItem(
            form_id=r.id, project_name=r.project_name, project_code=r.project_code,
            department=r.department, year=r.year, document=r.document, self_total=r.self_total,
            recomputed_total=r.recomputed_total, rate=r.funds_rate, grade=r.grade,
            recomputed_grade=r.recomputed_grade, n_errors=r.n_errors, n_warnings=r.n_warnings,
            priority=round(score, 6), reasons=why,
        ))  # fmt: skip
    return out


def report_data(
    engine: Engine,
    filters: Filters | None = None,
    form_ids: list[int] | None = None,
    *,
    top: int = 30,
) -> ReportData:
    """Everything the report shows for ``filters`` (default: every form, latest versions).

    ``form_ids`` narrows to those store ids (the web app's "my forms" / a selection); ``top`` is
    the number of forms listed for review.  Memory stays flat in the number of forms: the
    database aggregates.  Raises SQLAlchemy errors as they come (the caller explains them)."""
    filters = filters or Filters()
    if form_ids is not None:
        filters = filters.model_copy(update={"form_ids": list(form_ids)})
    with engine.connect() as conn:
        code_rows = findings_by_group(conn, filters)
        data = ReportData(
            generated_at=datetime.now(UTC),
            source=engine.url.render_as_string(hide_password=True),
            filters=filters,
            overview=overview(conn, filters),
            bands=band_labels(),
            groups=groups(conn, filters, code_rows),
            grades=grade_cells(conn, filters),
            codes=code_counts(conn, filters, code_rows),
            inflation=department_inflation(conn, filters),
            scatter=scatter(conn, filters),
            review=review(conn, filters, top),
            priority_rules=priority.RULES,
        )
    totals = [0] * len(data.bands)
    for g in data.groups:
        totals = [a + b for a, b in zip(totals, g.rate_bands, strict=True)]
    for band, n in zip(data.bands, totals, strict=True):
        band.forms = n
    return data


__all__ = ["BANDS", "report_data"]
