"""Forms written as the standard-layout workbook: merged cells, borders, a CJK font, print setup.

Why here and not in the fixture script: the same writer is the export of later issues, and the
fixtures of the format backends are made from it (xlsx directly; pdf, docx and xls through
LibreOffice; HTML through :func:`form_cells`).  The rows and labels come from
:func:`jixiao.render.text.form_grid`, so every rendering of a form (text or workbook) prints the
same labels; this module only adds what a workbook has and text does not: spans, number cells
and their formats, styles.

Numbers are written as numbers (amounts, weights, scores) and rates as fractions with a percent
format (0.91 shown as 91%), as agencies' own workbooks do; ``Layout.numbers_as_text`` writes them
as the printed text instead, the other shape seen in the wild.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jixiao.model.form import Form
from jixiao.render.text import NATIONAL, SICHUAN, Line, Variant, form_grid

WIDTH = 9  # columns A..I
COLUMN_WIDTHS = (8.0, 10.0, 12.0, 30.0, 14.0, 14.0, 9.0, 9.0, 24.0)
FONT = "Noto Sans CJK SC"
_NUMERIC = re.compile(r"^-?[\d,]+(?:\.\d+)?%?$")
Worksheet = Any  # openpyxl ships no type information
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Layout:
    """How forms are laid out in the workbook."""

    variant: Variant = field(default_factory=Variant)
    per_sheet: bool = True  # one form per sheet; False: all forms stacked on one sheet
    numbers_as_text: bool = False  # amounts/weights/scores/rates written as their printed text
    page_break_after: int | None = None  # a manual page break after this many indicator rows
    font: str = FONT
    # the deliverable's extras (jixiao export): the indicator header row repeated on every
    # printed page, page numbers in the footer, amounts shown with two decimals
    print_titles: bool = False
    footer: bool = False
    amount_format: bool = False


@dataclass(frozen=True)
class Mark:
    """A finding placed on the layout: its row (0-based, as :class:`Placed`), the column of the
    cell it concerns (None: the whole row), its severity and its text."""

    row: int
    col: int | None
    severity: str  # error | warning | info
    text: str


#: fill colours of marked rows, by the most severe mark on the row
MARK_FILLS = {"error": "F8CBAD", "warning": "FFE699", "info": "DDEBF7"}
SEVERITY_ORDER = ("error", "warning", "info")


def worst(marks: Iterable[Mark]) -> str:
    """The most severe of the marks' severities."""
    found = {m.severity for m in marks}
    return next((s for s in SEVERITY_ORDER if s in found), "info")


@dataclass(slots=True)
class Placed:
    """One cell of the layout: 0-based row/col within the form, its span and typed value."""

    row: int
    col: int
    text: str
    value: float | str
    rowspan: int = 1
    colspan: int = 1
    number_format: str | None = None
    kind: str = "table"  # title | table | long (wrapped left-aligned text)


def _typed(text: str, as_text: bool) -> tuple[float | str, str | None]:
    """A printed number as a number cell and its format; other text unchanged."""
    if as_text or not _NUMERIC.match(text):
        return text, None
    if text.endswith("%"):
        digits = text[:-1].split(".")
        decimals = len(digits[1]) if len(digits) > 1 else 0
        fmt = "0%" if not decimals else "0." + "0" * decimals + "%"
        return float(text[:-1].replace(",", "")) / 100, fmt
    value = float(text.replace(",", ""))
    if "," in text:
        return value, "#,##0" if value.is_integer() else "#,##0.00"
    return value, None


def _spans(line: Line) -> list[tuple[int, int]]:
    """(column, colspan) of each cell of a layout line, by the line's shape."""
    n = len(line.cells)
    if line.kind == "title":
        return [(0, WIDTH)]
    if line.kind in ("header", "total") and n == 3:
        return [(0, 2), (1, 0), (2, WIDTH - 2)]
    if line.kind == "header" and n == 7:
        return [(0, 2), (1, 0), (2, 2), (3, 0), (4, 2), (5, 0), (6, 3)]
    if line.kind in ("header", "goal") and n == 6:
        return [(0, 1), (1, 4), (2, 0), (3, 0), (4, 0), (5, 4)]
    if line.kind == "funds":
        return [(0, 1), (1, 2)] + [(2 + i, 1) for i in range(1, n - 2)] + [(WIDTH - 1, 1)]
    if line.kind == "total":
        first = next((i for i, c in enumerate(line.cells) if i and c), n)
        return [(0, first)] + [(i, 1 if i >= first else 0) for i in range(1, n)]
    return [(i, 1) for i in range(n)]


def form_cells(form: Form, layout: Layout = Layout()) -> list[Placed]:
    """The form as placed cells: merged regions once at their top-left, blanks left out."""
    variant = layout.variant
    cols = SICHUAN if variant.sichuan else NATIONAL
    fields = [name for _, name in cols.indicators]
    numeric_ind = {1 + fields.index("weight"), 1 + fields.index("score")}
    long_ind = {1 + fields.index(name) for name in ("level3", "deviation")}
    lines = form_grid(form, variant)
    out: list[Placed] = []
    section: Placed | None = None  # the open column-A label (项目资金, 总体目标, 绩效指标)
    level: dict[int, Placed] = {}  # the open level-1 / level-2 cells (columns B, C)
    for r, line in enumerate(lines):
        continues = line.kind in ("funds", "goal", "indicator") and not line.cells[0]
        if continues and section is not None:
            section.rowspan += 1
        elif not continues:
            section = None
        body_row = continues and line.kind == "indicator"
        for i, (col, span) in enumerate(_spans(line)):
            text = line.cells[i] if i < len(line.cells) else ""
            if span == 0:
                continue
            if body_row and i in (1, 2) and not text:
                if i in level:
                    level[i].rowspan += 1  # same level-1/level-2 as the row above: merged
                continue
            if not text:
                continue
            numeric = (
                (line.kind == "funds" and continues and i >= 2)
                or (line.kind == "funds" and i >= 2 and _NUMERIC.match(text) is not None)
                or (line.kind == "total" and i > 0 and line.cells[0] != "自评等级")
                or (body_row and i in numeric_ind)
            )
            value, fmt = _typed(text, layout.numbers_as_text or not numeric)
            amount = line.kind == "funds" and continues and 2 <= i <= 4
            if layout.amount_format and amount and fmt is None and isinstance(value, float):
                decimals = len(text.partition(".")[2])
                fmt = "#,##0.00" if decimals <= 2 else "#,##0." + "0" * decimals
            kind = "title" if line.kind == "title" else "table"
            if line.kind == "goal" or (body_row and i in long_ind):
                kind = "long"
            cell = Placed(r, col, text, value, 1, span, fmt, kind)
            out.append(cell)
            if i == 0 and line.kind != "title" and not continues:
                section = cell
            if body_row and i in (1, 2):
                level[i] = cell
                if i == 1:
                    level.pop(2, None)
    return out


def form_height(cells: Sequence[Placed]) -> int:
    return max(c.row + c.rowspan for c in cells)


def _text_width(text: str) -> float:
    """Width in Excel column units at 10 pt: a Chinese character is about two digits wide."""
    return sum(1.1 if ord(ch) < 0x2E80 else 2.05 for ch in text)


def row_heights(cells: Sequence[Placed], line: float = 15.0) -> dict[int, float]:
    """Row heights (points) that fit the wrapped text: LibreOffice does not grow rows of a
    loaded xlsx by itself, and overflowing text would overlap the next row in the PDF."""
    heights: dict[int, float] = {}
    for c in cells:
        if c.kind == "title":
            heights[c.row] = 24.0 if c.row == 0 else 16.0
            continue
        width = sum(COLUMN_WIDTHS[c.col : c.col + c.colspan]) - 1.5
        lines = sum(
            max(1, -(-int(_text_width(part)) // max(int(width), 1))) for part in c.text.split("\n")
        )
        per_row = lines * line / c.rowspan + 3
        heights[c.row] = max(heights.get(c.row, 18.0), per_row)
    return heights


def _sheet_title(index: int, form: Form, used: set[str]) -> str:
    base = _SHEET_BAD.sub("", f"{index + 1}-{form.project_name or '表'}")[:28]
    title, n = base, 1
    while title in used:
        n += 1
        title = f"{base[:25]}~{n}"
    used.add(title)
    return title


def write_form_xlsx(
    forms: Iterable[Form],
    path: Path | str,
    layout: Layout = Layout(),
    marks: Sequence[Sequence[Mark]] | None = None,
) -> None:
    """Write ``forms`` as a workbook in the standard layout (one per sheet, or stacked).

    ``marks`` (one list per form) fills each marked row with its severity's colour and puts the
    texts in a comment on the cell concerned (the row's first cell when none is named)."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.comments import Comment  # type: ignore[import-untyped]
    from openpyxl.styles import (  # type: ignore[import-untyped]
        Alignment,
        Border,
        Font,
        PatternFill,
        Side,
    )
    from openpyxl.worksheet.pagebreak import Break  # type: ignore[import-untyped]

    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = Font(name=layout.font, size=10)
    title_font = Font(name=layout.font, size=16, bold=True)
    center = Alignment(wrap_text=True, vertical="center", horizontal="center")
    left = Alignment(wrap_text=True, vertical="center", horizontal="left")

    book = Workbook()
    first_sheet: Worksheet | None = book.active
    used: set[str] = set()

    def new_sheet(title: str) -> Worksheet:
        nonlocal first_sheet
        if first_sheet is not None:
            ws, first_sheet = first_sheet, None
            ws.title = title
        else:
            ws = book.create_sheet(title)
        for i, width in enumerate(COLUMN_WIDTHS):
            ws.column_dimensions[chr(65 + i)].width = width
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.8
        ws.page_margins.footer = 0.3  # the page number clear of the table and of the paper edge
        if layout.footer:
            ws.oddFooter.center.text = "第 &P 页，共 &N 页"
            ws.oddFooter.center.font = layout.font
        return ws

    def mark(ws: Worksheet, cells: Sequence[Placed], top: int, form_marks: Sequence[Mark]) -> None:
        by_row: dict[int, list[Mark]] = {}
        for m in form_marks:
            by_row.setdefault(m.row, []).append(m)
        for r, row_marks in by_row.items():
            fill = PatternFill("solid", fgColor=MARK_FILLS[worst(row_marks)])
            # a cell merged over several rows (一级/二级指标) is not the marked row's alone
            tall = {c.col for c in cells if c.row == r and c.rowspan > 1}
            for cc in range(1, WIDTH + 1):
                if cc - 1 not in tall:
                    ws.cell(top + r + 1, cc).fill = fill
            by_col: dict[int, list[str]] = {}
            for m in row_marks:
                by_col.setdefault(m.col if m.col is not None else 0, []).append(m.text)
            starts = {c.col: c for c in cells if c.row <= r < c.row + c.rowspan}
            for col, texts in by_col.items():
                # a comment sits on a merged region's top-left cell
                anchor = next(
                    (c for c in starts.values() if c.col <= col < c.col + c.colspan), None
                )
                row0, col0 = (anchor.row, anchor.col) if anchor else (r, col)
                target = ws.cell(top + row0 + 1, col0 + 1)
                text = (
                    "\n".join(texts)
                    if target.comment is None
                    else (target.comment.text + "\n" + "\n".join(texts))
                )
                comment = Comment(text, "jixiao")
                comment.width, comment.height = (
                    320,
                    40 + 18 * text.count("\n") + 18 * len(text) // 22,
                )
                target.comment = comment

    def place(ws: Worksheet, form: Form, top: int, form_marks: Sequence[Mark] = ()) -> int:
        cells = form_cells(form, layout)
        titles = {c.row for c in cells if c.kind == "title"}
        for r in range(form_height(cells)):
            if r not in titles:
                for cc in range(1, WIDTH + 1):
                    ws.cell(top + r + 1, cc).border = box
        for r, height in row_heights(cells).items():
            ws.row_dimensions[top + r + 1].height = height
        for c in cells:
            r0, c0 = top + c.row + 1, c.col + 1
            target = ws.cell(r0, c0, c.value)
            if isinstance(c.value, str) and c.value.startswith("="):
                target.data_type = "s"  # "=100%" is a target value, not a formula
            target.font = title_font if c.kind == "title" and c.row == 0 else font
            target.alignment = left if c.kind == "long" else center
            if c.number_format:
                target.number_format = c.number_format
            if c.rowspan > 1 or c.colspan > 1:
                ws.merge_cells(
                    start_row=r0, start_column=c0, end_row=r0 + c.rowspan - 1,
                    end_column=c0 + c.colspan - 1,
                )  # fmt: skip
        header = next(c.row for c in cells if c.text == "绩效指标")
        if layout.page_break_after is not None:
            ws.row_breaks.append(Break(id=top + header + 1 + layout.page_break_after))
        if layout.print_titles and layout.per_sheet:
            ws.print_title_rows = f"{top + header + 1}:{top + header + 1}"
        if form_marks:
            mark(ws, cells, top, form_marks)
        return top + form_height(cells)

    forms = list(forms)
    all_marks = list(marks) if marks is not None else [[] for _ in forms]
    if layout.per_sheet:
        for i, form in enumerate(forms):
            place(new_sheet(_sheet_title(i, form, used)), form, 0, all_marks[i])
    else:
        ws = new_sheet("绩效自评表")
        top = 0
        for i, form in enumerate(forms):
            if i:
                ws.row_breaks.append(Break(id=top + 1))
                top += 2
            top = place(ws, form, top, all_marks[i])
    if first_sheet is not None:
        first_sheet.title = "空"
    book.save(str(path))
