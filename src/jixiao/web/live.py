"""Live scoring: what a form being typed (or corrected) would earn, with nothing stored.

Two uses, one engine (the same ``score_form`` and ``audit_form`` as ``jixiao score``/``audit``):

* :func:`draft_form` + :func:`preview` — the new-form page posts its flat fields
  (``funds.total.adjusted``, ``indicators.3.weight``) on every keystroke; they become a
  :class:`~jixiao.model.Form` (each unreadable value an error on its own field, in Chinese), and the
  preview says per indicator how the target and the actual were read, the score the row would earn
  next to the score typed, the totals, the grade and what is still missing;
* :func:`apply_correction` — a reviewer or unit changes one value of a stored form; the result is
  a new form (the stored one is never touched) and the old → new texts for the version history.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from jixiao.checks.engine import audit_form
from jixiao.checks.finding import Finding
from jixiao.expr import Expression, Kind, parse_expression
from jixiao.model import Form, Indicator
from jixiao.profile import Profile, choose_profile
from jixiao.render.text import number, percent
from jixiao.scoring import FormScore, Status, score_form
from jixiao.web.fields import (
    FUNDS_ROWS,
    HEADER,
    INDICATOR_COLUMNS,
    FieldError,
    canonical,
    field_ref,
    format_value,
    get_value,
    parse_value,
    set_value,
)

STATUS_ZH = {
    Status.ok: "相符",
    Status.above: "自评偏高",
    Status.below: "自评偏低",
    Status.unscorable: "无法按公式计分",
    Status.no_score: "未填得分",
    Status.not_applicable: "不适用",
}
_OPS = {">=": "≥", ">": "＞", "<=": "≤", "<": "＜", "=": "＝"}
_TIERS = {"achieved": "达成", "basic": "基本达成", "partial": "部分达成", "failed": "未达成"}
WEB_DOCUMENT = "网页填报"  # the ``document`` of a form typed in the browser


def describe_expression(expr: Expression) -> str:
    """How a target or actual cell was read, in Chinese: ``≥ 735 人次``, ``日期 2024年12月``."""
    if expr.kind is Kind.number and expr.value is not None:
        op = _OPS.get(str(expr.op), "") if expr.op_explicit else ""
        text = f"{op}{number(expr.value)}{expr.unit or ''}"
        return f"数值 {text}" + (f"（{expr.remark}）" if expr.remark else "")
    if expr.kind is Kind.date:
        parts = [f"{expr.year}年" if expr.year else "", f"{expr.month}月" if expr.month else "",
                 f"{expr.day}日" if expr.day else ""]  # fmt: skip
        return "日期 " + ("".join(parts) or (expr.raw or ""))
    if expr.kind is Kind.qualitative:
        tier = _TIERS.get(str(expr.tier), "") if expr.tier else ""
        if expr.vague:
            return "定性表述，无可衡量标准"
        return f"定性：{tier}" if tier else "定性表述"
    if expr.kind is Kind.not_applicable:
        return "不适用"
    if expr.kind is Kind.empty:
        return "未填"
    return expr.reason or "无法识别"


@dataclass
class Draft:
    """A form typed in the browser: the form, the errors by field, and which posted row each
    indicator came from (rows may be removed in the page, leaving gaps in the numbering)."""

    form: Form
    errors: dict[str, str] = field(default_factory=dict)
    rows: list[int] = field(default_factory=list)  # form.indicators[i] came from posted row rows[i]


def draft_form(data: Mapping[str, str]) -> Draft:
    """The posted fields as a Form.  Unknown keys are ignored (the CSRF token, buttons); a value
    that cannot be read is left out of the form and reported on its field, never guessed."""
    form = Form(document=WEB_DOCUMENT)
    errors: dict[str, str] = {}
    posted_rows: dict[int, dict[str, str]] = {}
    for key, text in data.items():
        path = canonical(key)
        try:
            ref = field_ref(path)
        except FieldError:
            continue
        if ref.row is not None:
            posted_rows.setdefault(ref.row, {})[ref.name] = text
            continue
        try:
            set_value(form, ref, parse_value(ref, text))
        except FieldError as err:
            errors[ref.path] = err.message
    rows: list[int] = []
    for posted in sorted(posted_rows):
        values = posted_rows[posted]
        if not any((v or "").strip() for v in values.values()):
            continue  # a blank row the user added and has not filled: not an indicator yet
        ind = Indicator()
        for name, _ in INDICATOR_COLUMNS:
            ref = field_ref(f"indicators[{posted}].{name}")
            try:
                setattr(ind, name, parse_value(ref, values.get(name)))
            except FieldError as err:
                errors[ref.path] = err.message
        form.indicators.append(ind)
        rows.append(posted)
    if form.funds.unit is None and any(
        getattr(getattr(form.funds, r), n) is not None
        for r, _ in FUNDS_ROWS for n in ("initial", "adjusted", "executed")
    ):  # fmt: skip
        form.funds.unit = "万元"  # the national template's unit; the page preselects it
    return Draft(form, errors, rows)


@dataclass
class RowPreview:
    """One indicator row as the scorer sees it."""

    row: int  # the posted row number (the page's numbering)
    name: str | None
    target: str  # how the target was read
    actual: str
    weight: float | None
    typed: float | None
    earn: float | None  # what the rules give
    low: float | None
    high: float | None
    status: str
    status_zh: str
    explanation: str


@dataclass
class Missing:
    path: str
    label: str


@dataclass
class Preview:
    """Everything the live panel shows."""

    form: Form
    score: FormScore
    findings: list[Finding]
    rows: list[RowPreview]
    missing: list[Missing]
    errors: dict[str, str]
    funds_rate: str  # computed execution rate, e.g. "91.05%"
    funds_earn: float | None
    typed_total: float | None
    total: float
    grade: str | None
    weight_sum: float

    @property
    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[str(f.severity)] += 1
        return out


def _missing(form: Form, rows: list[int]) -> list[Missing]:
    out: list[Missing] = []
    for path, spec in HEADER.items():
        if spec.required and get_value(form, field_ref(path)) is None:
            out.append(Missing(path, spec.label))
    for key in ("adjusted", "executed"):
        if getattr(form.funds.total, key) is None:
            label = "全年预算数" if key == "adjusted" else "全年执行数"
            out.append(Missing(f"funds.total.{key}", f"年度资金总额·{label}"))
    if not form.indicators:
        out.append(Missing("indicators", "绩效指标（至少一行）"))
    for i, ind in enumerate(form.indicators):
        posted = rows[i] if i < len(rows) else i
        for name, spec in INDICATOR_COLUMNS:
            if spec.required and getattr(ind, name) is None:
                out.append(Missing(f"indicators[{posted}].{name}",
                                   f"第 {posted + 1} 行指标·{spec.label}"))  # fmt: skip
    return out


def preview(draft: Draft | Form, profile: Profile | None = None) -> Preview:
    """Score and audit a form typed so far (or any form): never raises on a half-filled form."""
    if isinstance(draft, Form):
        draft = Draft(draft, {}, list(range(len(draft.indicators))))
    form = draft.form
    profile = profile or choose_profile(form)
    scored = score_form(form, profile)
    findings = audit_form(form, profile, score=scored)
    rows = []
    for i, r in enumerate(scored.rows):
        rows.append(
            RowPreview(
                row=draft.rows[i] if i < len(draft.rows) else i,
                name=r.indicator,
                target=describe_expression(parse_expression(form.indicators[i].target)),
                actual=describe_expression(parse_expression(form.indicators[i].actual)),
                weight=r.weight,
                typed=r.printed,
                earn=r.expected if r.expected is not None else r.recomputed,
                low=r.low,
                high=r.high,
                status=str(r.status),
                status_zh=STATUS_ZH.get(r.status, str(r.status)),
                explanation=r.reason or r.explanation,
            )
        )
    funds = scored.funds
    return Preview(
        form=form,
        score=scored,
        findings=findings,
        rows=rows,
        missing=_missing(form, draft.rows),
        errors=draft.errors,
        funds_rate=percent(round(funds.rate, 4)) if funds.rate is not None else "",
        funds_earn=funds.expected,
        typed_total=form.total_score,
        total=scored.recomputed_total,
        grade=scored.recomputed_grade,
        weight_sum=scored.weight_sum,
    )


@dataclass
class Correction:
    """One value changed: the new form (a copy) and the texts before and after."""

    form: Form
    path: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


def apply_correction(form: Form, path: str, text: str | None) -> Correction:
    """``form`` with the value at ``path`` replaced by what ``text`` reads as.

    The stored form is not touched (a copy is returned).  The value's old source is dropped from
    the copy: the value now comes from the person who corrected it, which the version history
    records.  :class:`FieldError` (Chinese message) for an unknown path or an unreadable value."""
    ref = field_ref(path)
    if ref.row is not None and ref.row >= len(form.indicators):
        raise FieldError(ref.path, f"表中没有第 {ref.row + 1} 行指标",
                         f"the form has no indicator row {ref.row + 1}")  # fmt: skip
    value = parse_value(ref, text)
    old = format_value(ref, get_value(form, ref))
    out = form.model_copy(deep=True)
    set_value(out, ref, value)
    if ref.path == "funds.rate" and out.funds.total.rate == form.funds.rate:
        out.funds.total.rate = value  # one printed cell, kept in two places by the reader
    if ref.row is not None:
        out.indicators[ref.row].sources.pop(ref.name, None)
    else:
        out.sources.pop(ref.path, None)
    return Correction(out, ref.path, old, format_value(ref, value))


def form_fields(form: Form) -> dict[str, str]:
    """The flat fields of a form, as the new-form page posts them (to reopen a draft)."""
    out: dict[str, str] = {}
    for path in HEADER:
        ref = field_ref(path)
        out[path] = format_value(ref, get_value(form, ref))
    for row, _ in FUNDS_ROWS:
        for name in ("initial", "adjusted", "executed", "rate"):
            ref = field_ref(f"funds.{row}.{name}")
            out[ref.path] = format_value(ref, get_value(form, ref))
    for i in range(len(form.indicators)):
        for name, _ in INDICATOR_COLUMNS:
            ref = field_ref(f"indicators[{i}].{name}")
            out[f"indicators.{i}.{name}"] = format_value(ref, get_value(form, ref))
    return out
