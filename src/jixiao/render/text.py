"""Forms rendered back into the text shapes users really bring: spreadsheet exports, pipe tables,
one cell per line, a form on one line, and pdftotext flow.

Why: the reader is only as good as the shapes it has seen.  Rendering every known form in every
shape and reading it back (tests/test_renderings.py, bench/) turns 16 seed forms into thousands of
realistic inputs.  The layout is data (row templates and column lists); a style only decides how a
grid of cells becomes text.  :func:`rendered_form` says what a reader should read back from a
rendering, so callers never duplicate the renderer's choices.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from jixiao.model.form import Form, FundsRow, Indicator

Row = list[str]


class Style(StrEnum):
    tsv = "tsv"  # spreadsheet export: tab-separated, merged cells left empty
    markdown = "markdown"  # pipe table, one row per line, |---| after the first row
    cells = "cells"  # one cell per line, each ending " |"
    flat = "flat"  # the whole form on one line
    pdf = "pdf"  # pdftotext flow: wrapped cells, split labels, a blank line between rows


class Codes(StrEnum):
    prefix = "prefix"  # 149001-北京市…
    suffix = "suffix"  # 北京市…162001
    omit = "omit"  # codes not printed


@dataclass(frozen=True)
class Variant:
    """Template variants seen in the wild (rules.md §1.1, §3, §4)."""

    codes: Codes = Codes.prefix
    yuan: bool = False  # amounts in 元 with thousands separators instead of 万元
    level1_weights: bool = False  # 产出指标(50分)
    sichuan: bool = False  # 分值 before the values, 项目负责人及电话, 年初设定目标 …
    total_label: str = "总分"  # or 总计
    effect_label: str | None = None  # print 效益指标 as this (效果指标), or the reverse

    @property
    def name(self) -> str:
        parts = [f"codes={self.codes}"] if self.codes != Codes.prefix else []
        parts += [k for k in ("yuan", "level1_weights", "sichuan") if getattr(self, k)]
        if self.total_label != "总分":
            parts.append(self.total_label)
        if self.effect_label:
            parts.append(self.effect_label)
        return "+".join(parts) or "standard"


@dataclass(frozen=True)
class Columns:
    """The labels a template prints; one instance per template family."""

    indicators: tuple[tuple[str, str], ...]  # (header, Indicator field)
    # header labels for 项目负责人 / 联系电话 (a single label: both printed in one cell)
    manager: tuple[str, ...]
    goal: tuple[str, str]
    goal_section: str = "年度总体目标"
    funds: tuple[str, ...] = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
    funds_rows: tuple[tuple[str, str], ...] = (
        ("total", "年度资金总额"),
        ("current", "其中：当年财政拨款"),
        ("carryover", "上年结转资金"),
        ("other", "其他资金"),
    )


NATIONAL = Columns(
    indicators=(
        ("一级指标", "level1"),
        ("二级指标", "level2"),
        ("三级指标", "level3"),
        ("年度指标值", "target"),
        ("实际完成值", "actual"),
        ("分值", "weight"),
        ("得分", "score"),
        ("偏差原因分析及改进措施", "deviation"),
    ),
    manager=("项目负责人", "联系电话"),
    goal=("预期目标", "实际完成情况"),
)
SICHUAN = Columns(
    indicators=(
        ("一级指标", "level1"),
        ("二级指标", "level2"),
        ("三级指标", "level3"),
        ("分值", "weight"),
        ("年度指标值", "target"),
        ("全年实际值", "actual"),
        ("得分", "score"),
        ("未完成原因分析", "deviation"),
    ),
    manager=("项目负责人及电话",),
    goal=("年初设定目标", "年度总体目标完成情况综述"),
)
EFFECT_ALIASES = ("效益指标", "效果指标")


# ---- numbers ---------------------------------------------------------------------------------


def _dec(x: float) -> Decimal:
    return Decimal(repr(x))


def number(x: float | None) -> str:
    """Shortest text that reads back as the same float: 5.0 -> "5", 4507.55 -> "4507.55"."""
    return "" if x is None else format(_dec(x).normalize(), "f")


def percent(x: float | None) -> str:
    return "" if x is None else format((_dec(x) * 100).normalize(), "f") + "%"


def to_yuan(x: float | None) -> float | None:
    """万元 -> 元 without float noise (4507.55 -> 45075500.0, not 45075500.00000001)."""
    return None if x is None else float(_dec(x) * 10000)


def yuan(x: float | None) -> str:
    return "" if x is None else format(_dec(x).normalize(), ",f")


# ---- the layout as a grid ----------------------------------------------------------------------


def _coded(name: str | None, code: str | None, codes: Codes) -> str:
    if not name:
        return ""
    if not code or codes == Codes.omit:
        return name
    return f"{code}-{name}" if codes == Codes.prefix else f"{name}{code}"


def _level1_label(label: str | None, variant: Variant, weights: dict[str, float]) -> str:
    if not label:
        return ""
    w = weights.get(label)
    if variant.effect_label and label in EFFECT_ALIASES:
        label = variant.effect_label
    return f"{label}({number(w)}分)" if w is not None else label


def _level1_weights(form: Form, variant: Variant) -> dict[str, float]:
    """The weights printed in level-1 labels: the form's own, or (option) the sums of its rows."""
    if form.level1_weights or not variant.level1_weights:
        return dict(form.level1_weights)
    sums: dict[str, Decimal] = {}
    for ind in form.indicators:
        if ind.level1 and ind.weight is not None:
            sums[ind.level1] = sums.get(ind.level1, Decimal(0)) + _dec(ind.weight)
    return {k: float(v) for k, v in sums.items()}


@dataclass
class Line:
    """One row of the grid; ``kind`` tells the pdf flow how wide its cells are printed."""

    kind: str  # title | header | funds | goal | indicator | total
    cells: Row
    # the form fields this row prints, as field-path prefixes ("funds.total", "indicators[3]"):
    # how a finding's field is placed on its row (exports mark findings on their rows)
    fields: tuple[str, ...] = ()


def form_grid(form: Form, variant: Variant = Variant()) -> list[Line]:
    """The form as rows of cells, merged cells empty: the shape every style starts from."""
    cols = SICHUAN if variant.sichuan else NATIONAL
    unit = "元" if variant.yuan and form.funds.unit == "万元" else form.funds.unit
    scale = variant.yuan and form.funds.unit == "万元"

    def amount(x: float | None) -> str:
        return yuan(to_yuan(x) if scale else x) if variant.yuan else number(x)

    g = [Line("title", ["项目支出绩效自评表"])]
    if form.year is not None:
        g.append(Line("title", [f"({form.year}年度)"], ("year",)))
    g.append(
        Line(
            "header",
            ["项目名称", "", _coded(form.project_name, form.project_code, variant.codes)],
            ("project_name", "project_code"),
        )
    )
    dept = _coded(form.department, form.department_code, variant.codes)
    impl = _coded(form.implementer, form.implementer_code, variant.codes)
    dept_fields = ("department", "department_code", "implementer", "implementer_code")
    g.append(Line("header", ["主管部门", "", dept, "", "实施单位", "", impl], dept_fields))
    if form.manager or form.phone:
        if len(cols.manager) == 1:
            both = " ".join(x for x in (form.manager, form.phone) if x)
            g.append(Line("header", [cols.manager[0], "", both], ("manager", "phone")))
        else:
            cells = [
                cols.manager[0],
                "",
                form.manager or "",
                "",
                cols.manager[1],
                "",
                form.phone or "",
            ]
            g.append(Line("header", cells, ("manager", "phone")))
    head = [f"项目资金({unit})" if unit else "项目资金", "", *cols.funds]
    g.append(Line("funds", head, ("funds.unit",)))
    funds = form.funds
    labelled = [(label, getattr(funds, key), key) for key, label in cols.funds_rows]
    extra = [(label, frow, f"extra.{label}") for label, frow in funds.extra.items()]
    for i, (label, frow, key) in enumerate([*labelled, *extra]):
        assert isinstance(frow, FundsRow)
        amounts = [amount(v) for v in (frow.initial, frow.adjusted, frow.executed)]
        if i == 0:
            rate = frow.rate if frow.rate is not None else funds.rate
            tail = [number(funds.weight), percent(rate), number(funds.score)]
        else:
            tail = ["—", percent(frow.rate), "—"]
        own = ("funds.weight", "funds.rate", "funds.score") if i == 0 else ()
        g.append(Line("funds", ["", label, *amounts, *tail], (f"funds.{key}", *own)))
    g.append(Line("header", [cols.goal_section, cols.goal[0], "", "", "", cols.goal[1]]))
    goal = ["", form.goal_expected or "", "", "", "", form.goal_actual or ""]
    g.append(Line("goal", goal, ("goal_expected", "goal_actual")))
    head = ["绩效指标", *(h for h, _ in cols.indicators)]
    g.append(Line("indicator", head, ("indicators", "level1_weights")))
    rows = _indicator_rows(form, variant, cols)
    g.extend(Line("indicator", r, (f"indicators[{i}]",)) for i, r in enumerate(rows))
    total: Row = [variant.total_label] + [""] * len(cols.indicators)
    fields = [name for _, name in cols.indicators]
    total[1 + fields.index("weight")] = number(form.total_weight)
    total[1 + fields.index("score")] = number(form.total_score)
    g.append(Line("total", total, ("total_weight", "total_score")))
    if form.grade:
        g.append(Line("total", ["自评等级", "", form.grade], ("grade",)))
    return g


def _indicator_rows(form: Form, variant: Variant, cols: Columns) -> list[Row]:
    """Indicator rows with level-1/level-2 cells left blank below their first row (merged)."""
    weights = _level1_weights(form, variant)
    rows: list[Row] = []
    prev: Indicator | None = None
    for ind in form.indicators:
        cells: Row = [""]
        for _, name in cols.indicators:
            value = getattr(ind, name)
            if name == "level1":
                same = prev is not None and prev.level1 == ind.level1
                cells.append("" if same else _level1_label(value, variant, weights))
            elif name == "level2":
                same = prev is not None and (prev.level1, prev.level2) == (ind.level1, ind.level2)
                cells.append("" if same else value or "")
            elif isinstance(value, float):
                cells.append(number(value))
            else:
                cells.append(value or "")
        rows.append(cells)
        prev = ind
    return rows


def _trim(row: Row) -> Row:
    end = len(row)
    while end > 1 and not row[end - 1]:
        end -= 1
    return row[:end]


# ---- styles -----------------------------------------------------------------------------------


def _tsv(grid: list[Line]) -> str:
    return "\n".join("\t".join(_trim(r.cells)) for r in grid) + "\n"


def _markdown(grid: list[Line]) -> str:
    lines = [
        ("## " if i == 0 else "") + r.cells[0] for i, r in enumerate(grid) if r.kind == "title"
    ]
    table = [r.cells for r in grid if r.kind != "title"]
    width = max(len(r) for r in table)
    lines.insert(1, "")
    lines.append("")
    for i, row in enumerate(table):
        cells = [*row, *[""] * (width - len(row))]
        lines.append("| " + " | ".join(cells) + " |")
        if i == 0:
            lines.append("|" + "---|" * width)
    return "\n".join(lines) + "\n"


def _cells(grid: list[Line]) -> str:
    return "".join(f"{c} |\n" for r in grid for c in r.cells if c)


def _flat(grid: list[Line]) -> str:
    return " ".join(c for r in grid for c in r.cells if c) + "\n"


# pdftotext breaks narrow header cells where the column ends.
PDF_SPLITS = {
    "年初预算数": "年初预\n算数",
    "全年预算数": "全年预\n算数",
    "全年执行数": "全年\n执行数",
    "年度指标值": "年度\n指标值",
    "实际完成值": "实际\n完成值",
    "全年实际值": "全年\n实际值",
    "偏差原因分析及改进措施": "偏差原因分析及改\n进措施",
    "绩效指标": "绩\n效\n指\n标",
    "其中：当年财政拨款": "其中：当年财政\n拨款",
}
# (narrowest, widest) characters per printed line, by row kind: header and goal cells span
# several columns, indicator cells are narrow.
PDF_WIDTHS = {"header": (16, 34), "goal": (28, 36), "indicator": (8, 12), "total": (8, 12)}
_DIGIT_CJK = re.compile(r"(?<=\d)(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])(?=\d)")
_NUMERIC = re.compile(r"[-+]?[\d,.]+%?|—")
# Typesetting never starts a line with closing punctuation (kinsoku), so neither do we.
_NO_LINE_START = set(")）」》】、，。；：！？%")
_UNBREAKABLE = re.compile(r"[A-Za-z0-9.,%\-]+|.", re.S)


def _wrap(text: str, width: int) -> list[str]:
    """Lines of about ``width`` characters; never inside a run of ASCII (codes, numbers), never
    starting with closing punctuation."""
    lines, line = [], ""
    for token in _UNBREAKABLE.findall(text):
        if line and len(line) + len(token) > width and token not in _NO_LINE_START:
            lines.append(line)
            line = ""
        line += token
    return [*lines, line] if line else lines


def _pdf_cell(cell: str, kind: str) -> list[str]:
    """One cell as pdftotext prints it: split labels, digits spaced from Chinese, long text
    wrapped (the width varies from cell to cell, as column widths do)."""
    if cell in PDF_SPLITS:
        return PDF_SPLITS[cell].split("\n")
    if cell.startswith("项目资金("):
        return ["项目资金", "（" + cell[5:-1] + "）"]
    if cell.startswith("(") and cell.endswith("年度)"):
        return ["（" + _DIGIT_CJK.sub(" ", cell[1:-1]) + "）"]
    if _NUMERIC.fullmatch(cell) or kind not in PDF_WIDTHS:
        return [cell]
    low, high = PDF_WIDTHS[kind]
    width = low + zlib.crc32(cell.encode()) % (high - low + 1)
    return [_DIGIT_CJK.sub(" ", piece) for piece in _wrap(cell, width)]


def _pdf(grid: list[Line]) -> str:
    out: list[str] = []
    for row in grid:
        line: list[str] = []
        for cell in filter(None, row.cells):
            pieces = _pdf_cell(cell, row.kind)
            if len(pieces) == 1:
                line.append(pieces[0])
                continue
            if line:
                out.append(" ".join(line))
                line = []
            out.extend([*pieces, ""])  # pdftotext ends a multi-line block with a blank line
        if line:
            out.append(" ".join(line))
        if out and out[-1]:
            out.append("")
    return "\n".join(out) + "\n"


_STYLES = {
    Style.tsv: _tsv,
    Style.markdown: _markdown,
    Style.cells: _cells,
    Style.flat: _flat,
    Style.pdf: _pdf,
}
# What separates two forms of one document: pdftotext starts each page with a form feed.
_BETWEEN = {
    Style.pdf: "\f",
    Style.flat: "",
    Style.tsv: "\n",
    Style.markdown: "\n",
    Style.cells: "\n",
}


def render(form: Form, style: Style = Style.tsv, variant: Variant = Variant()) -> str:
    """One form as text in the given style."""
    return _STYLES[style](form_grid(form, variant))


def render_document(
    forms: Iterable[Form], style: Style = Style.tsv, variant: Variant = Variant()
) -> str:
    """Several forms as one document, separated as that kind of export separates them."""
    return _BETWEEN[style].join(render(f, style, variant) for f in forms)


# ---- what a reader should read back ------------------------------------------------------------


_AMOUNTS = ("initial", "adjusted", "executed")


def rendered_form(form: Form, variant: Variant = Variant()) -> Form:
    """The form as the rendering shows it: amounts in 元, codes dropped, labels renamed, level-1
    weights printed.  Compare a read-back form with this, not with the original."""
    out = form.model_copy(deep=True)
    if variant.codes == Codes.omit:
        out.project_code = out.department_code = out.implementer_code = None
    if variant.yuan and out.funds.unit == "万元":
        out.funds.unit = "元"
        rows = [out.funds.total, out.funds.current, out.funds.carryover, out.funds.other]
        for frow in [*rows, *out.funds.extra.values()]:
            for name in _AMOUNTS:
                setattr(frow, name, to_yuan(getattr(frow, name)))
    out.level1_weights = _level1_weights(form, variant)
    if variant.effect_label:
        for ind in out.indicators:
            if ind.level1 in EFFECT_ALIASES:
                ind.level1 = variant.effect_label
        out.level1_weights = {
            (variant.effect_label if k in EFFECT_ALIASES else k): v
            for k, v in out.level1_weights.items()
        }
    return out
