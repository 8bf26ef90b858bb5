"""The editable fields of a form: their paths, Chinese labels, kinds, and how typed text becomes a
value and a value becomes text again.

Why one table: the form page (corrections in place), the new-form page (a unit typing a whole form)
and the live preview all speak of the same fields by the same paths the audit uses for findings
(``funds.total.adjusted``, ``indicators[3].actual``), so a finding, a source, a correction and an
input box for one value always meet on one key.  The browser may also post indicator fields as
``indicators.3.actual`` (no brackets in HTML names); :func:`canonical` folds both to one form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from jixiao.model.form import Form
from jixiao.render.text import number, percent
from jixiao.text.numbers import is_blank, parse_amount, parse_rate, parse_score


class Kind(StrEnum):
    """How a field's text is read."""

    text = "text"
    year = "year"
    amount = "amount"  # in the form's unit (万元 or 元)
    score = "score"  # a weight or a score
    rate = "rate"  # a percentage, stored as a fraction


@dataclass(frozen=True)
class FieldSpec:
    label: str  # Chinese label as the standard form prints it
    kind: Kind
    required: bool = False  # a complete form needs it (new-form "what is missing")


class FieldError(ValueError):
    """Typed text that cannot be the field's value; the message is Chinese, then English."""

    def __init__(self, path: str, message: str, message_en: str) -> None:
        self.path, self.message, self.message_en = path, message, message_en
        super().__init__(f"{path}: {message}")


HEADER: dict[str, FieldSpec] = {
    "year": FieldSpec("年度", Kind.year, True),
    "project_name": FieldSpec("项目名称", Kind.text, True),
    "project_code": FieldSpec("项目编码", Kind.text),
    "department": FieldSpec("主管部门", Kind.text, True),
    "department_code": FieldSpec("主管部门编码", Kind.text),
    "implementer": FieldSpec("实施单位", Kind.text, True),
    "implementer_code": FieldSpec("实施单位编码", Kind.text),
    "manager": FieldSpec("项目负责人", Kind.text),
    "phone": FieldSpec("联系电话", Kind.text),
    "goal_expected": FieldSpec("预期目标", Kind.text, True),
    "goal_actual": FieldSpec("实际完成情况", Kind.text, True),
    "total_weight": FieldSpec("总分（分值）", Kind.score, True),
    "total_score": FieldSpec("总分（得分）", Kind.score, True),
    "grade": FieldSpec("自评等级", Kind.text),
    "funds.unit": FieldSpec("金额单位", Kind.text, True),
    "funds.weight": FieldSpec("预算执行率分值", Kind.score, True),
    "funds.rate": FieldSpec("预算执行率", Kind.rate),
    "funds.score": FieldSpec("预算执行率得分", Kind.score, True),
}
FUNDS_ROWS: tuple[tuple[str, str], ...] = (
    ("total", "年度资金总额"),
    ("current", "其中：当年财政拨款"),
    ("carryover", "上年结转资金"),
    ("other", "其他资金"),
)
FUNDS_COLUMNS: tuple[tuple[str, FieldSpec], ...] = (
    ("initial", FieldSpec("年初预算数", Kind.amount)),
    ("adjusted", FieldSpec("全年预算数", Kind.amount)),
    ("executed", FieldSpec("全年执行数", Kind.amount)),
    ("rate", FieldSpec("执行率", Kind.rate)),
)
INDICATOR_COLUMNS: tuple[tuple[str, FieldSpec], ...] = (
    ("level1", FieldSpec("一级指标", Kind.text, True)),
    ("level2", FieldSpec("二级指标", Kind.text, True)),
    ("level3", FieldSpec("三级指标", Kind.text, True)),
    ("target", FieldSpec("年度指标值", Kind.text, True)),
    ("actual", FieldSpec("实际完成值", Kind.text, True)),
    ("weight", FieldSpec("分值", Kind.score, True)),
    ("score", FieldSpec("得分", Kind.score, True)),
    ("deviation", FieldSpec("偏差原因分析及改进措施", Kind.text)),
)
_INDICATOR = dict(INDICATOR_COLUMNS)
_FUNDS_COLUMN = dict(FUNDS_COLUMNS)
_FUNDS_ROW = dict(FUNDS_ROWS)
_PATH = re.compile(r"^indicators(?:\[(\d+)\]|\.(\d+))\.(\w+)$")
_FUNDS_PATH = re.compile(r"^funds\.(total|current|carryover|other)\.(initial|adjusted|executed|rate)$")
UNITS = ("万元", "元")
MAX_TEXT = 5000  # characters in one cell: a deviation analysis is long, a pasted novel is not


@dataclass(frozen=True)
class FieldRef:
    """A parsed path: ``row`` is the indicator index (None outside the indicator table)."""

    path: str  # canonical: indicators[3].actual
    spec: FieldSpec
    row: int | None = None
    name: str = ""  # the attribute on the Indicator / FundsRow / Form
    funds_row: str | None = None


def canonical(path: str) -> str:
    """``indicators.3.actual`` -> ``indicators[3].actual``; other paths unchanged."""
    m = _PATH.match(path)
    if m:
        return f"indicators[{m.group(1) or m.group(2)}].{m.group(3)}"
    return path


def field_ref(path: str) -> FieldRef:
    """The field at ``path``; :class:`FieldError` for a path the form does not have."""
    path = canonical(path.strip())
    m = _PATH.match(path)
    if m:
        name = m.group(3)
        if name in _INDICATOR:
            return FieldRef(path, _INDICATOR[name], int(m.group(1)), name)
    m = _FUNDS_PATH.match(path)
    if m:
        row, name = m.group(1), m.group(2)
        spec = _FUNDS_COLUMN[name]
        return FieldRef(path, FieldSpec(f"{_FUNDS_ROW[row]}·{spec.label}", spec.kind), None, name, row)
    if path in HEADER:
        return FieldRef(path, HEADER[path], None, path.removeprefix("funds."))
    raise FieldError(path, f"表中没有字段“{path}”", f"the form has no field {path!r}")


def parse_value(ref: FieldRef, text: str | None) -> Any:
    """The value typed text stands for (None for a blank cell); FieldError when it cannot be one."""
    if text is None or not text.strip():
        return None
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise FieldError(ref.path, f"{ref.spec.label}过长（超过 {MAX_TEXT} 字）",
                         f"{ref.spec.label} is too long (over {MAX_TEXT} characters)")  # fmt: skip
    kind = ref.spec.kind
    if kind is Kind.text:
        if "\x00" in text:
            raise FieldError(ref.path, f"{ref.spec.label}含有控制字符", "contains a NUL character")
        if ref.path == "funds.unit" and text not in UNITS:
            raise FieldError(ref.path, "金额单位应为“万元”或“元”", "the unit must be 万元 or 元")
        return text
    if kind is Kind.year:
        digits = text.removesuffix("年").removesuffix("年度").strip()
        if digits.isdigit() and 1990 <= int(digits) <= 2100:
            return int(digits)
        raise FieldError(ref.path, f"年度应为四位数字年份，如 2024（填的是“{text}”）",
                         f"the year must be four digits such as 2024 (got {text!r})")  # fmt: skip
    if is_blank(text):
        return None
    if kind is Kind.rate:
        value = parse_rate(text)
        if value is None or not 0 <= value <= 10:
            raise FieldError(ref.path, f"{ref.spec.label}应为百分数，如 95% （填的是“{text}”）",
                             f"{ref.spec.label} must be a percentage such as 95% (got {text!r})")  # fmt: skip
        return value
    value = parse_amount(text) if kind is Kind.amount else parse_score(text)
    if value is None:
        raise FieldError(ref.path, f"{ref.spec.label}应为数字（填的是“{text}”）",
                         f"{ref.spec.label} must be a number (got {text!r})")  # fmt: skip
    if value < 0:
        raise FieldError(ref.path, f"{ref.spec.label}不能为负数", f"{ref.spec.label} cannot be negative")
    if kind is Kind.score and value > 1000:
        raise FieldError(ref.path, f"{ref.spec.label}超出合理范围（{text}）",
                         f"{ref.spec.label} is out of range ({text})")  # fmt: skip
    return value


def format_value(ref: FieldRef, value: Any) -> str:
    """A value as the text an input box shows (the inverse of :func:`parse_value`)."""
    if value is None:
        return ""
    if ref.spec.kind is Kind.rate:
        return percent(float(value))
    if ref.spec.kind in (Kind.amount, Kind.score):
        return number(float(value))
    return str(value)


def get_value(form: Form, ref: FieldRef) -> Any:
    """The form's current value at ``ref`` (None for an indicator row the form does not have)."""
    if ref.row is not None:
        if ref.row >= len(form.indicators):
            return None
        return getattr(form.indicators[ref.row], ref.name)
    if ref.funds_row is not None:
        return getattr(getattr(form.funds, ref.funds_row), ref.name)
    if ref.path.startswith("funds."):
        return getattr(form.funds, ref.name)
    return getattr(form, ref.path)


def set_value(form: Form, ref: FieldRef, value: Any) -> None:
    """Set the value in place (the form must have the indicator row)."""
    if ref.row is not None:
        if ref.row >= len(form.indicators):
            raise FieldError(ref.path, f"表中没有第 {ref.row + 1} 行指标",
                             f"the form has no indicator row {ref.row + 1}")  # fmt: skip
        setattr(form.indicators[ref.row], ref.name, value)
    elif ref.funds_row is not None:
        setattr(getattr(form.funds, ref.funds_row), ref.name, value)
    elif ref.path.startswith("funds."):
        setattr(form.funds, ref.name, value)
    else:
        setattr(form, ref.path, value)


def all_paths(form: Form) -> list[str]:
    """Every editable path of ``form`` in the order the standard layout prints them."""
    paths = [p for p in HEADER if not p.startswith(("funds.", "total_", "grade"))]
    paths = [p for p in paths if not p.startswith("goal_")]
    paths += ["funds.unit"]
    for row, _ in FUNDS_ROWS:
        paths += [f"funds.{row}.{name}" for name, _ in FUNDS_COLUMNS]
    paths += ["funds.weight", "funds.rate", "funds.score", "goal_expected", "goal_actual"]
    for i in range(len(form.indicators)):
        paths += [f"indicators[{i}].{name}" for name, _ in INDICATOR_COLUMNS]
    return [*paths, "total_weight", "total_score", "grade"]

