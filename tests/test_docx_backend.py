"""The docx backend: gridSpan/vMerge as spans (never copied), nested and split tables in order."""

from __future__ import annotations

import io

import docx
import pytest

from jixiao.document import Document, Grid
from jixiao.readers import ReadError
from jixiao.readers.docx import read_docx


def build() -> bytes:
    """Title and year paragraphs, a merged table with a nested table, a note, a second table."""
    word = docx.Document()
    word.add_paragraph("项目支出绩效自评表")
    word.add_paragraph("(2024年度)")
    table = word.add_table(rows=4, cols=4)
    table.cell(0, 0).text = "项目名称"
    table.cell(0, 1).merge(table.cell(0, 3)).text = "测试项目"
    table.cell(1, 0).merge(table.cell(3, 0)).text = "绩效指标"
    table.cell(1, 1).text = "产出指标"
    table.cell(1, 1).merge(table.cell(2, 1))
    table.cell(1, 2).text = "数量指标"
    run = table.cell(1, 3).paragraphs[0].add_run("一行")
    run.add_break()
    run.add_text("二行")
    inner = table.cell(2, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内1"
    inner.cell(0, 1).text = "内2"
    table.cell(3, 1).text = "总分"
    word.add_paragraph("")
    word.add_paragraph("注：第二张表")
    second = word.add_table(rows=1, cols=2)
    second.cell(0, 0).text = "分值"
    second.cell(0, 1).text = "100"
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def texts(grid: Grid) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in grid.rows]


@pytest.fixture(scope="module")
def doc() -> Document:
    return read_docx(build(), "t.docx")


def test_document_order(doc: Document) -> None:
    kinds = [(g.has_columns, g.origin.table) for g in doc.grids]
    # title paragraphs; outer rows 1-3; nested table 2; outer row 4; note; second table 3
    assert kinds == [(False, None), (True, 1), (True, 2), (True, 1), (False, None), (True, 3)]
    assert texts(doc.grids[0]) == [["项目支出绩效自评表"], ["(2024年度)"]]
    assert texts(doc.grids[4]) == [["注：第二张表"]]  # the empty paragraph is left out
    assert texts(doc.grids[2]) == [["内1", "内2"]]
    assert texts(doc.grids[5]) == [["分值", "100"]]
    assert doc.format == "docx"


def test_spans_once(doc: Document) -> None:
    outer = doc.grids[1]
    first = outer.rows[0].cells
    assert [(c.text, c.colspan, c.col) for c in first] == [("项目名称", 1, 0), ("测试项目", 3, 1)]
    anchor = outer.rows[1].cells[0]
    assert (anchor.text, anchor.col) == ("绩效指标", 0)
    # rowspan 3 is cut at the nested table (held by row 3): rows 2-3 here, row 4 comes after it
    assert anchor.rowspan == 2
    level1 = outer.rows[1].cells[1]
    assert (level1.text, level1.rowspan) == ("产出指标", 2)
    all_texts = [c.text for g in doc.grids for row in g.rows for c in row.cells]
    assert all_texts.count("绩效指标") == 1 and all_texts.count("产出指标") == 1
    # the continued slots are not emitted: row 3 starts at the nested-table cell (col 2)
    assert [c.col for c in outer.rows[1 + 1].cells] == [2, 3]
    assert [c.col for c in doc.grids[3].rows[0].cells] == [1, 2, 3]


def test_line_breaks_and_locations(doc: Document) -> None:
    cell = doc.grids[1].rows[1].cells[3]
    assert cell.text == "一行\n二行"
    assert (cell.location.table, cell.location.row, cell.location.column) == (1, 2, 4)
    assert doc.grids[0].rows[1].cells[0].location.line == 2


def test_corrupt_docx() -> None:
    data = build()
    with pytest.raises(ReadError) as err:
        read_docx(data[: len(data) // 2], "cut.docx")
    assert err.value.problem.code == "corrupt-file"
