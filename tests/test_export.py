"""``jixiao export``: every seed form written as the standard workbook and as a PDF reads back as
itself; the workbook has the merges, borders and print setup of a deliverable, the PDF embeds its
CJK font and repeats the indicator header on a new page; ``--findings`` marks the rows.

Needs the Debian packages ``fonts-noto-cjk`` (the font WeasyPrint embeds) and
``libharfbuzz-subset0`` (fast subsetting: without it each PDF takes ~10 s).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from tests.test_formats_roundtrip import contract, differences
from typer.testing import CliRunner

import jixiao
from jixiao.checks.finding import Finding
from jixiao.cli import app
from jixiao.export import export_form, export_forms
from jixiao.export.marks import form_marks
from jixiao.i18n import set_lang
from jixiao.model import Form
from jixiao.render.text import form_grid

SAMPLES = Path(__file__).parents[1] / "src" / "jixiao" / "samples"
SEEDS = ("000_9da3ca00a275ab0a", "002_ddf2ad2b933db61d")
#: pages per exported form (A4 landscape, 9 pt): a regression guard on the print layout
PAGES = {
    "000_9da3ca00a275ab0a": [2, 1, 1, 1, 2, 2, 1, 2, 2, 1, 2, 2],
    "002_ddf2ad2b933db61d": [1, 1, 2, 1],
}
runner = CliRunner()


@pytest.fixture(autouse=True)
def _chinese() -> None:
    """Messages in Chinese, whatever an earlier test (``--lang en``) left behind."""
    set_lang("zh")


@cache
def seed_forms(seed: str) -> tuple[Form, ...]:
    (result,) = jixiao.parse(SAMPLES / f"{seed}.txt")
    assert result.forms and not result.problems
    return tuple(result.forms)


@cache
def seed_findings(seed: str) -> tuple[Finding, ...]:
    return tuple(jixiao.audit(list(seed_forms(seed))))


def _cases() -> list[Any]:
    return [
        pytest.param(seed, i, fmt, id=f"{seed[:3]}-{i}-{fmt}")
        for seed in SEEDS
        for i in range(len(PAGES[seed]))
        for fmt in ("xlsx", "pdf")
    ]


def read_back(path: Path) -> list[Form]:
    (result,) = jixiao.parse(path)
    assert not result.problems, [p.message for p in result.problems]
    return result.forms


def assert_same(got: list[Form], want: list[Form]) -> None:
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        assert differences(contract(g), contract(w)) == []


@pytest.mark.parametrize(("seed", "index", "fmt"), _cases())
def test_export_then_parse_gives_back_the_same_form(
    seed: str, index: int, fmt: str, tmp_path: Path
) -> None:
    form = seed_forms(seed)[index]
    out = export_form(form, fmt, tmp_path / f"form.{fmt}")
    assert_same(read_back(out), [form])
    if fmt == "pdf":
        import pypdfium2

        pdf = pypdfium2.PdfDocument(out)
        assert len(pdf) == PAGES[seed][index]
        if len(pdf) > 1:  # the indicator header is repeated at the top of the next page
            text = re.sub(r"\s+", "", pdf[1].get_textpage().get_text_range())
            assert text.startswith("绩效指标一级指标二级指标三级指标")


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
@pytest.mark.parametrize("seed", SEEDS)
def test_whole_document_with_findings_reads_back(seed: str, fmt: str, tmp_path: Path) -> None:
    """Marks (fills, comments, the 审核意见 list under a PDF form) never change what is read."""
    forms = list(seed_forms(seed))
    out = export_forms(forms, fmt, tmp_path / f"all.{fmt}", seed_findings(seed))
    assert_same(read_back(out), forms)


def test_workbook_is_a_deliverable(tmp_path: Path) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    form = seed_forms(SEEDS[0])[0]
    book = load_workbook(export_form(form, "xlsx", tmp_path / "form.xlsx"))
    (ws,) = book.worksheets
    merged = {str(r) for r in ws.merged_cells.ranges}
    funds = next(
        r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value).startswith("项目资金")
    )
    # title, project name, the 项目资金 label over its header and four rows
    assert {"A1:I1", "C3:I3", f"A{funds}:A{funds + 4}"} <= merged
    assert len(merged) >= 20
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "绩效指标")
    assert ws.print_title_rows == f"${header}:${header}"
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == "9"  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert "&P" in ws.oddFooter.center.text
    assert ws.cell(1, 1).value == "项目支出绩效自评表" and ws.cell(1, 1).font.b
    for row in ws.iter_rows(min_row=3, max_row=ws.max_row):
        for cell in row:
            if type(cell).__name__ == "Cell":  # openpyxl loads merged slots without styles
                assert cell.border.left.style == "thin" and cell.border.bottom.style == "thin"
    assert all(ws.column_dimensions[c].width > 5 for c in "ABCDEFGHI")
    amounts = ws.cell(funds + 1, 4)  # 年度资金总额 / 年初预算数
    assert amounts.value == form.funds.total.initial and amounts.number_format == "#,##0.00"
    rate = ws.cell(funds + 1, 8)
    assert rate.value == form.funds.rate and rate.number_format.endswith("%")
    assert ws.cell(3, 3).alignment.wrap_text
    assert ws.cell(3, 3).font.name == "Noto Sans CJK SC"


def test_pdf_embeds_a_cjk_font(tmp_path: Path) -> None:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    out = export_form(seed_forms(SEEDS[1])[0], "pdf", tmp_path / "form.pdf")
    embedded: set[str] = set()
    with out.open("rb") as fh:
        doc = PDFDocument(PDFParser(fh))
        for page in PDFPage.create_pages(doc):
            for font in resolve1(page.resources.get("Font", {})).values():
                font = resolve1(font)
                descendants = resolve1(font.get("DescendantFonts")) or [font]
                for sub in map(resolve1, descendants):
                    desc = resolve1(sub.get("FontDescriptor")) or {}
                    if any(k in desc for k in ("FontFile", "FontFile2", "FontFile3")):
                        embedded.add(str(resolve1(sub.get("BaseFont"))))
    assert any("CJK" in name for name in embedded), embedded


def test_findings_go_to_their_rows_and_cells() -> None:
    seed = SEEDS[1]
    form = seed_forms(seed)[1]
    findings = [f for f in seed_findings(seed) if f.form_index == form.form_index]
    lines = form_grid(form)
    marks = form_marks(form, findings)
    assert len(marks) == len(findings)
    for f, m in zip(findings, marks, strict=True):
        if f.row is not None and f.field and f.field.startswith("indicators["):
            assert lines[m.row].fields == (f"indicators[{f.row}]",)
        if f.field and f.field.endswith(".score") and f.row is not None:
            assert m.col == 7  # 得分 is column H
        if f.field == "funds.total.adjusted":
            assert lines[m.row].fields[0] == "funds.total" and m.col == 4


def test_workbook_marks_rows_with_fill_and_comments(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    seed = SEEDS[1]
    form = seed_forms(seed)[1]
    findings = [f for f in seed_findings(seed) if f.form_index == form.form_index]
    assert findings
    out = export_form(form, "xlsx", tmp_path / "marked.xlsx", seed_findings(seed))
    ws = load_workbook(out).active
    comments = " ".join(c.comment.text for row in ws.iter_rows() for c in row if c.comment)
    assert all(f"[{f.code}]" in comments for f in findings)
    filled = {c.row for row in ws.iter_rows() for c in row if c.fill.fgColor.rgb != "00000000"}
    assert {m.row + 1 for m in form_marks(form, findings)} == filled


def test_pdf_lists_findings_under_the_form(tmp_path: Path) -> None:
    import pypdfium2

    seed = SEEDS[1]
    form = seed_forms(seed)[0]
    findings = [f for f in seed_findings(seed) if f.form_index == form.form_index]
    out = export_form(form, "pdf", tmp_path / "marked.pdf", findings)
    pdf = pypdfium2.PdfDocument(out)
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert f"审核意见（{len(findings)} 条）" in text
    assert all(f"[{f.code}]" in text for f in findings)


def test_cli_export(tmp_path: Path) -> None:
    seed = SAMPLES / f"{SEEDS[1]}.txt"
    result = runner.invoke(app, ["export", str(seed), "-f", "xlsx"])
    assert result.exit_code == 2 and "--all" in result.output  # 4 forms: which one?
    out = tmp_path / "two.pdf"
    result = runner.invoke(app, ["export", str(seed), "-f", "pdf", "-n", "2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert_same(read_back(out), [seed_forms(SEEDS[1])[1]])
    out = tmp_path / "all.xlsx"
    args = ["export", str(seed), "-f", "xlsx", "--all", "--findings", "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and "审核意见" in result.output, result.output
    assert len(read_back(out)) == 4
    result = runner.invoke(app, ["export", str(seed), "-f", "pdf", "-n", "9"])
    assert result.exit_code == 2
