"""The form as a print-ready PDF: HTML + CSS of the standard layout, printed by WeasyPrint.

The cells and their spans are :func:`jixiao.render.xlsx.form_cells` (the grid the workbook is
written from), so the layout exists once.  A4 landscape, 0.6 pt rules, Noto Sans CJK SC embedded
as a subset (Debian ``fonts-noto-cjk``; ``libharfbuzz-subset0`` makes the subsetting fast).  The
form is two tables printed as one: the header, funds and goal rows, then the indicators with their
header row in ``<thead>``, so a form running over a page break repeats the indicator header; the
``绩效指标`` cell continues below it without a rule, as one merged cell.  Rows never split inside.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from pathlib import Path

from jixiao.i18n import t
from jixiao.model.form import Form
from jixiao.render.xlsx import (
    COLUMN_WIDTHS,
    FONT,
    WIDTH,
    Layout,
    Mark,
    Placed,
    form_cells,
    form_height,
    worst,
)

#: (row, marked cell) background colours by severity
COLOURS = {
    "error": ("#fbe3d6", "#f4b183"),
    "warning": ("#fff2cc", "#ffd966"),
    "info": ("#eaf2fb", "#bdd7ee"),
}

CSS = f"""
@page {{
  size: A4 landscape;
  margin: 12mm 10mm 14mm 10mm;
  @bottom-center {{
    content: "第 " counter(page) " 页，共 " counter(pages) " 页";
    font-family: "{FONT}"; font-size: 8pt; color: #555;
  }}
}}
html {{ font-family: "{FONT}", sans-serif; font-size: 9pt; line-height: 1.35; }}
section.form + section.form {{ break-before: page; }}
h1 {{ text-align: center; font-size: 16pt; font-weight: bold; margin: 0 0 1mm 0;
      letter-spacing: 0.1em; }}
p.year {{ text-align: center; font-size: 10pt; margin: 0 0 3mm 0; }}
table {{ width: 100%; border-collapse: collapse; table-layout: fixed; }}
td, th {{ border: 0.6pt solid #000; padding: 1.5pt 3pt; text-align: center;
          vertical-align: middle; font-weight: normal; overflow-wrap: anywhere; }}
td.long {{ text-align: left; }}
td.label {{ font-weight: bold; }}
td.open-bottom {{ border-bottom: hidden; }}
td.open-top {{ border-top: hidden; }}
section.review {{ margin-top: 4mm; font-size: 8.5pt; }}
section.review h2 {{ font-size: 10pt; margin: 0 0 1mm 0; }}
section.review li {{ margin: 0.5mm 0; padding-left: 1mm; break-inside: avoid; }}
section.review li span.code {{ font-weight: bold; }}
tr {{ break-inside: avoid; }}
tr.total {{ break-before: avoid; }}
thead {{ display: table-header-group; }}
"""


def _colgroup() -> str:
    total = sum(COLUMN_WIDTHS)
    cols = "".join(f'<col style="width:{w / total:.4%}">' for w in COLUMN_WIDTHS)
    return f"<colgroup>{cols}</colgroup>"


def _review(marks: Sequence[Mark]) -> str:
    """The findings as a list below the form, in row order, each in its severity's colour.

    Not a column of the table: a reader of the exported PDF would take it for form content."""
    items = []
    for m in sorted(marks, key=lambda m: m.row):
        code, _, text = m.text.partition(" ")
        items.append(
            f'<li style="background:{COLOURS[m.severity][0]}"><span class="code">'
            f"{html.escape(code)}</span> {html.escape(text)}</li>"
        )
    title = t(f"审核意见（{len(marks)} 条）", f"Review findings ({len(marks)})")
    return f'<section class="review"><h2>{title}</h2><ol>{"".join(items)}</ol></section>'


def _td(c: Placed, classes: list[str], style: str = "", rowspan: int | None = None) -> str:
    span = c.rowspan if rowspan is None else rowspan
    attrs = ""
    if span > 1:
        attrs += f' rowspan="{span}"'
    if c.colspan > 1:
        attrs += f' colspan="{c.colspan}"'
    if c.kind == "long":
        classes = [*classes, "long"]
    if classes:
        attrs += f' class="{" ".join(classes)}"'
    if style:
        attrs += f' style="{style}"'
    text = html.escape(c.text).replace("\n", "<br>")
    return f"<td{attrs}>{text}</td>"


def form_html(form: Form, marks: Sequence[Mark] = (), layout: Layout | None = None) -> str:
    """One form as an HTML ``<section>``: title, year, and the grid as two joined tables."""
    cells = form_cells(form, layout or Layout())
    by_row: dict[int, list[Mark]] = {}
    for m in marks:
        by_row.setdefault(m.row, []).append(m)
    titles = [c for c in cells if c.kind == "title"]
    table = [c for c in cells if c.kind != "title"]
    first = min(c.row for c in table)
    head = next(c for c in table if c.text == "绩效指标" and c.col == 0)
    end = form_height(cells)
    # the 绩效指标 cell: its own header cell, continued below the header row by a cell of its own
    starts: dict[tuple[int, int], tuple[Placed, int]] = {}
    for c in table:
        starts[c.row, c.col] = (c, 1 if c is head else c.rowspan)
    if head.rowspan > 1:
        cont = Placed(head.row + 1, 0, "", "", head.rowspan - 1, 1)
        starts[cont.row, 0] = (cont, cont.rowspan)
    covered: set[tuple[int, int]] = set()
    for (r0, c0), (c, rowspan) in starts.items():
        covered.update((r, k) for r in range(r0, r0 + rowspan) for k in range(c0, c0 + c.colspan))

    def row_html(r: int) -> str:
        row_marks = by_row.get(r, [])
        row_bg = hit_bg = ""
        if row_marks:
            row_bg, hit_bg = COLOURS[worst(row_marks)]
        hit_cols = {m.col for m in row_marks if m.col is not None}
        out = []
        for k in range(WIDTH):
            style = f"background:{hit_bg if k in hit_cols else row_bg}" if row_marks else ""
            if (r, k) not in starts:
                if (r, k) not in covered:  # a blank slot: an empty bordered cell, as in the xlsx
                    out.append(f'<td style="{style}"></td>' if style else "<td></td>")
                continue
            c, rowspan = starts[r, k]
            classes: list[str] = []
            if c is head and head.rowspan > 1:
                classes.append("open-bottom")
            elif c.text == "" and c.col == 0:
                classes.append("open-top")
            if c.col == 0 and c.text:
                classes.append("label")
            out.append(_td(c, classes, style if rowspan == 1 else "", rowspan))
        # the 总分 row stays with the last indicator: a page of header + 总分 alone reads badly
        total = r > head.row + 1 and r >= head.row + head.rowspan
        return ('<tr class="total">' if total else "<tr>") + "".join(out) + "</tr>"

    parts = ['<section class="form">']
    for c in titles:
        tag = "h1" if c.row == 0 else 'p class="year"'
        parts.append(f"<{tag}>{html.escape(c.text)}</{tag.split()[0]}>")
    col = _colgroup()
    parts.append(f"<table>{col}<tbody>")
    parts.extend(row_html(r) for r in range(first, head.row))
    parts.append(f"</tbody></table><table>{col}<thead>{row_html(head.row)}</thead><tbody>")
    parts.extend(row_html(r) for r in range(head.row + 1, end))
    parts.append("</tbody></table>")
    if marks:
        parts.append(_review(marks))
    parts.append("</section>")
    return "\n".join(parts)


def document_html(forms: Sequence[Form], marks: Sequence[Sequence[Mark]] | None = None) -> str:
    """The forms as one HTML document, each form starting on a new page."""
    all_marks = list(marks) if marks is not None else [[] for _ in forms]
    body = "\n".join(form_html(f, m) for f, m in zip(forms, all_marks, strict=True))
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>项目支出绩效自评表</title><style>{CSS}</style></head><body>"
        f"{body}</body></html>"
    )


def write_pdf(
    forms: Sequence[Form], path: Path, marks: Sequence[Sequence[Mark]] | None = None
) -> None:
    from weasyprint import HTML  # type: ignore[import-untyped]

    # WeasyPrint logs every CSS property it ignores; the form's CSS is ours and known good.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    HTML(string=document_html(forms, marks)).write_pdf(str(path))
