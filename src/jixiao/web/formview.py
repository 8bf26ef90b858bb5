"""A stored form as the form page shows it: the standard layout, row by row, each value with its
source and the findings on it, and the recomputed score beside the printed one.

Why not the export's HTML (``export/pdf.py``): a printed grid loses which field each cell prints,
and the page needs exactly that (an input per value, a source per value, a finding on its cell).
So the rows are built here from the same labels (:mod:`jixiao.web.fields`, the export's
``NATIONAL`` columns and funds rows) and placed in the same 9 columns, plus one column the paper
form does not have: the score the rules give.  A finding goes to the row that prints its field
(the longest field prefix, as the export marks rows) and to the cell of that field when the row
has it; a finding on a field no row prints goes to the project row, so none is ever dropped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from jixiao.checks.finding import Finding
from jixiao.model.form import Form
from jixiao.model.provenance import Source
from jixiao.render.text import number, percent
from jixiao.scoring.model import FormScore
from jixiao.web.fields import (
    FUNDS_COLUMNS,
    FUNDS_ROWS,
    INDICATOR_COLUMNS,
    Kind,
    field_ref,
    format_value,
    get_value,
)
from jixiao.web.live import STATUS_ZH
from jixiao.web.pageimage import describe_location, has_page_image

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_ORDER = ("error", "warning", "info")
DECISION_ZH = {"accept": "已采纳", "dismiss": "已驳回"}
COLUMNS = 10  # the 9 columns of the standard form + 复核得分
_LONG = {"goal_expected", "goal_actual", "level3", "deviation", "target", "actual", "project_name"}


def finding_key(code: str, field_path: str | None) -> str:
    """What identifies a finding across versions of a form: a decision on ``S002`` at
    ``indicators[3].score`` still applies after an unrelated value was corrected."""
    return f"{code}|{field_path or ''}"


@dataclass
class ReviewView:
    decision: str  # accept | dismiss
    reason: str
    user: str
    at: datetime | None = None

    @property
    def decision_zh(self) -> str:
        return DECISION_ZH.get(self.decision, self.decision)


@dataclass
class CorrectionView:
    path: str
    label: str
    old: str
    new: str
    user: str
    at: datetime | None
    version: int | None = None


@dataclass
class FindingView:
    key: str
    code: str
    severity: str
    message: str
    message_en: str
    field: str | None
    row: int | None
    indicator: str | None
    evidence: dict[str, Any]
    review: ReviewView | None = None

    @property
    def severity_zh(self) -> str:
        return SEVERITY_ZH.get(self.severity, self.severity)


@dataclass
class SourceView:
    raw: str
    place: str
    page: int | None
    has_image: bool


@dataclass
class ValueView:
    path: str
    label: str
    text: str  # as displayed
    edit: str  # as an input box shows it
    kind: str
    long: bool
    source: SourceView | None = None
    findings: list[FindingView] = field(default_factory=list)
    correction: CorrectionView | None = None

    @property
    def severity(self) -> str | None:
        return worst(self.findings)


@dataclass
class RowView:
    """One row of the layout; ``prefixes`` are the field paths whose findings belong here."""

    kind: str  # header | funds | goal | indicator | total
    key: str
    prefixes: tuple[str, ...]
    values: dict[str, ValueView] = field(default_factory=dict)
    label: str = ""
    findings: list[FindingView] = field(default_factory=list)
    earn: str = ""  # 复核得分 for this row
    status: str = ""
    status_zh: str = ""
    explanation: str = ""
    level1_span: int = 0  # rows the level-1 cell spans from here (0: merged into the one above)
    level2_span: int = 0

    @property
    def severity(self) -> str | None:
        return worst(self.findings)

    @property
    def height(self) -> int:
        """Table rows this row takes: itself plus a row listing its findings."""
        return 1 + (1 if self.findings else 0)


@dataclass
class FormView:
    title_year: str
    unit: str
    header: list[RowView]
    funds: list[RowView]
    goal: RowView
    indicators: list[RowView]
    totals: list[RowView]
    findings: list[FindingView]
    typed_total: str
    recomputed_total: str
    recomputed_range: str
    printed_grade: str
    grade_derived: bool  # the form prints no grade: the one shown is its printed total's
    recomputed_grade: str
    profile: str
    funds_explanation: str

    @property
    def funds_span(self) -> int:
        """The 项目资金 cell: the header row (``funds[0]``) and every amount row, with the rows
        listing their findings."""
        return sum(r.height for r in self.funds)

    @property
    def goal_span(self) -> int:
        return 1 + self.goal.height

    @property
    def indicators_span(self) -> int:
        return 1 + sum(r.height for r in self.indicators)

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(SEVERITY_ORDER, 0)
        for f in self.findings:
            out[f.severity] = out.get(f.severity, 0) + 1
        return out

    @property
    def open_findings(self) -> int:
        return sum(1 for f in self.findings if f.review is None)

    def rows(self) -> list[RowView]:
        return [*self.header, *self.funds, self.goal, *self.indicators, *self.totals]


def worst(findings: Sequence[FindingView]) -> str | None:
    found = {f.severity for f in findings}
    return next((s for s in SEVERITY_ORDER if s in found), None)


def _source(src: Source | None) -> SourceView | None:
    if src is None:
        return None
    loc = src.location
    return SourceView(src.raw, describe_location(loc), loc.page, has_page_image(loc))


def _value(form: Form, path: str, corrections: Mapping[str, CorrectionView]) -> ValueView:
    ref = field_ref(path)
    value = get_value(form, ref)
    if ref.row is not None:
        src = form.indicators[ref.row].sources.get(ref.name) if ref.row < len(form.indicators) else None
    else:
        src = form.sources.get(ref.path)
    text = format_value(ref, value)
    return ValueView(
        path=ref.path,
        label=ref.spec.label,
        text=text,
        edit=text,
        kind=str(ref.spec.kind),
        long=ref.name in _LONG or ref.path in _LONG,
        source=_source(src),
        correction=corrections.get(ref.path),
    )


def _covers(prefix: str, path: str) -> bool:
    return path == prefix or path.startswith((prefix + ".", prefix + "["))


def _fmt(x: float | None) -> str:
    return "" if x is None else number(round(x, 2))


def _finding_view(f: Finding, reviews: Mapping[str, ReviewView]) -> FindingView:
    key = finding_key(f.code, f.field)
    return FindingView(
        key=key, code=f.code, severity=str(f.severity), message=f.message,
        message_en=f.message_en, field=f.field, row=f.row, indicator=f.indicator,
        evidence=dict(f.evidence), review=reviews.get(key),
    )  # fmt: skip


def build_view(
    form: Form,
    score: FormScore,
    findings: Sequence[Finding],
    reviews: Mapping[str, ReviewView] | None = None,
    corrections: Mapping[str, CorrectionView] | None = None,
) -> FormView:
    """The page's view of ``form``: ``reviews`` by :func:`finding_key`, ``corrections`` by path
    (the latest change of each value, to mark corrected cells)."""
    reviews = reviews or {}
    corrections = corrections or {}

    def row(kind: str, key: str, paths: Sequence[str], prefixes: Sequence[str] = (),
            label: str = "") -> RowView:  # fmt: skip
        values = {p: _value(form, p, corrections) for p in paths}
        return RowView(kind, key, tuple(prefixes) or tuple(paths), values, label)

    header = [
        row("header", "project", ["project_name", "project_code"],
            ["project_name", "project_code", "year"], "项目名称"),
        row("header", "department",
            ["department", "department_code", "implementer", "implementer_code"], label="主管部门"),
        row("header", "manager", ["manager", "phone"], label="项目负责人"),
    ]  # fmt: skip
    funds: list[RowView] = [row("funds", "funds", ["funds.unit"], ["funds", "funds.unit"])]
    for i, (key, label) in enumerate(FUNDS_ROWS):
        paths = [f"funds.{key}.{name}" for name, _ in FUNDS_COLUMNS if name != "rate"]
        if i == 0:
            paths += ["funds.weight", "funds.rate", "funds.score"]
            prefixes = [f"funds.{key}", "funds.weight", "funds.rate", "funds.score"]
        else:
            paths.append(f"funds.{key}.rate")
            prefixes = [f"funds.{key}"]
        r = row("funds", f"funds.{key}", paths, prefixes, label)
        if i == 0:
            r.earn = _fmt(score.funds.expected)
            r.status = str(score.funds.status)
            r.status_zh = STATUS_ZH.get(score.funds.status, "")
            r.explanation = score.funds.explanation
            rate = r.values["funds.rate"]
            if not rate.text and form.funds.total.rate is not None:  # printed on the row only
                rate.text = rate.edit = percent(form.funds.total.rate)
                rate.source = rate.source or _source(form.sources.get("funds.total.rate"))
        funds.append(r)
    for label, extra in form.funds.extra.items():
        r = RowView("funds", f"funds.extra.{label}", (f"funds.extra.{label}",), label=label)
        for name, spec in FUNDS_COLUMNS:
            value = getattr(extra, name)
            text = "" if value is None else (percent(value) if spec.kind is Kind.rate else number(value))
            r.values[name] = ValueView(f"funds.extra.{label}.{name}", spec.label, text, text,
                                       str(spec.kind), False)  # fmt: skip
        funds.append(r)
    goal = row("goal", "goal", ["goal_expected", "goal_actual"], label="年度总体目标")
    indicators: list[RowView] = []
    by_index = {r.index: r for r in score.rows}
    for i in range(len(form.indicators)):
        r = row("indicator", f"indicators[{i}]",
                [f"indicators[{i}].{name}" for name, _ in INDICATOR_COLUMNS])  # fmt: skip
        scored = by_index.get(i)
        if scored is not None:
            r.earn = _fmt(scored.expected if scored.expected is not None else scored.recomputed)
            if scored.expected is None and scored.low is not None and scored.high is not None \
                    and scored.low != scored.high:  # fmt: skip
                r.earn = f"{_fmt(scored.low)}–{_fmt(scored.high)}"
            r.status = str(scored.status)
            r.status_zh = STATUS_ZH.get(scored.status, "")
            r.explanation = scored.reason or scored.explanation
        indicators.append(r)
    indicator_head = RowView("indicator-head", "indicators", ("indicators", "level1_weights"))
    totals = [
        row("total", "total", ["total_weight", "total_score"], label="总分"),
        row("total", "grade", ["grade"], label="自评等级"),
    ]
    totals[0].earn = _fmt(score.recomputed_total)
    all_rows = [*header, *funds, goal, indicator_head, *indicators, *totals]
    views = [_finding_view(f, reviews) for f in findings]
    for fv in views:
        target, best = header[0], ""
        for r in all_rows:
            for prefix in r.prefixes:
                if fv.field and _covers(prefix, fv.field) and len(prefix) > len(best):
                    target, best = r, prefix
        if target is indicator_head:
            target = indicators[0] if indicators else totals[0]
        target.findings.append(fv)
        if fv.field and fv.field in target.values:
            target.values[fv.field].findings.append(fv)
    _merge_levels(form, indicators)
    return FormView(
        title_year=f"（{form.year}年度）" if form.year else "",
        unit=form.funds.unit or "",
        header=header,
        funds=funds,
        goal=goal,
        indicators=indicators,
        totals=totals,
        findings=views,
        typed_total=_fmt(form.total_score),
        recomputed_total=_fmt(score.recomputed_total),
        recomputed_range=(
            "" if abs(score.recomputed_high - score.recomputed_low) < 0.005
            else f"{_fmt(score.recomputed_low)}–{_fmt(score.recomputed_high)}"
        ),
        printed_grade=form.grade or score.grade_of_printed_total or "",
        grade_derived=not form.grade,
        recomputed_grade=score.recomputed_grade or "",
        profile=score.profile,
        funds_explanation=score.funds.explanation,
    )


def _merge_levels(form: Form, rows: list[RowView]) -> None:
    """Level-1 and level-2 cells merged down over rows that repeat them, as the paper form does;
    the spans count the rows listing findings, which sit inside the group."""
    inds = form.indicators
    for i, r in enumerate(rows):
        same1 = i > 0 and inds[i - 1].level1 == inds[i].level1
        same2 = same1 and inds[i - 1].level2 == inds[i].level2
        r.level1_span = 0 if same1 else r.height
        r.level2_span = 0 if same2 else r.height
        if same1:
            top = next(k for k in range(i, -1, -1) if rows[k].level1_span)
            rows[top].level1_span += r.height
        if same2:
            top = next(k for k in range(i, -1, -1) if rows[k].level2_span)
            rows[top].level2_span += r.height
