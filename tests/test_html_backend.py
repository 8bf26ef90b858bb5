"""The HTML backend: rowspan/colspan once, nested tables, <br>, text outside tables, encodings."""

from __future__ import annotations

import pytest

from jixiao.document import Grid
from jixiao.readers import ReadError, detect_format
from jixiao.readers.html import decode_html, read_html

PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>标题不读</title>
<style>td {{ color: red }}</style><script>var x = "<table>";</script></head><body>
<h2>项目支出绩效自评表</h2><p>(2024年度)</p>
<table border=1><tbody>
<tr><td colspan=2>项目名称</td><td colspan=3>基层医疗卫生
服务能力提升项目</td></tr>
<tr><th rowspan=3>绩效指标</th><td rowspan=2>产出<br>指标</td><td>数量指标</td><td>77件</td><td>5</td></tr>
<tr><td><p>质量</p><p>指标</p></td><td>合格<table><tr><td>内1</td><td>内2</td></tr></table></td><td>5</td></tr>
<tr><td colspan="2">总分</td><td rowspan="9">100</td></tr>
</tbody></table>
<div>注：以上数据&nbsp;为 初步统计</div></body></html>
"""


def texts(grid: Grid) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in grid.rows]


def read(charset: str = "utf-8", encoding: str = "utf-8") -> list[Grid]:
    return read_html(PAGE.format(charset=charset).encode(encoding), "t.html").grids


def test_document_order_and_text_outside_tables() -> None:
    grids = read()
    assert [(g.has_columns, g.origin.table) for g in grids] == [
        (False, None),
        (True, 1),
        (True, 2),
        (True, 1),
        (False, None),
    ]
    assert texts(grids[0]) == [["项目支出绩效自评表"], ["(2024年度)"]]
    assert texts(grids[4]) == [["注：以上数据 为 初步统计"]]
    assert texts(grids[2]) == [["内1", "内2"]]


def test_spans_and_columns() -> None:
    grids = read()
    outer = grids[1]
    row0 = [(c.text, c.col, c.colspan) for c in outer.rows[0].cells]
    # a source line break between two Chinese characters is no space
    assert row0 == [("项目名称", 0, 2), ("基层医疗卫生服务能力提升项目", 2, 3)]
    head = outer.rows[1].cells[0]
    assert (head.text, head.rowspan) == ("绩效指标", 2)  # 3, cut at the nested table's row
    assert [(c.text, c.col) for c in outer.rows[2].cells] == [
        ("质量\n指标", 2),
        ("合格", 3),
        ("5", 4),
    ]
    last = grids[3].rows[0].cells
    assert [(c.text, c.col, c.rowspan) for c in last] == [("总分", 1, 1), ("100", 3, 1)]


def test_br_is_a_line_break() -> None:
    cell = read()[1].rows[1].cells[1]
    assert cell.text == "产出\n指标"
    assert (cell.location.table, cell.location.row, cell.location.column) == (1, 2, 2)
    assert cell.location.line is not None


@pytest.mark.parametrize(
    ("charset", "encoding"), [("gbk", "gbk"), ("GB2312", "gb18030"), ("utf-8", "utf-8")]
)
def test_declared_encodings(charset: str, encoding: str) -> None:
    assert texts(read(charset, encoding)[0])[0] == ["项目支出绩效自评表"]


def test_wrong_declaration_falls_back_to_detection() -> None:
    data = PAGE.format(charset="utf-8").encode("gb18030")
    text, encoding = decode_html(data)
    assert "项目支出绩效自评表" in text
    assert encoding is not None and encoding.lower().startswith("gb")


def test_detected_as_html() -> None:
    assert detect_format(PAGE.format(charset="utf-8").encode()) == "html"


def test_fragment_without_body() -> None:
    grids = read_html("<table><tr><td>一</td><td>二</td></tr></table>".encode(), "f.html").grids
    assert texts(grids[0]) == [["一", "二"]]


def test_empty_page() -> None:
    with pytest.raises(ReadError) as err:
        read_html(b"   ", "e.html")
    assert err.value.problem.code == "empty-file"


def test_caption_is_a_title_before_its_table() -> None:
    page = "<table><caption>项目支出绩效自评表<br>(2024年度)</caption><tr><td>项目名称</td></tr></table>"
    grids = read_html(page.encode(), "c.html").grids
    assert [texts(g) for g in grids] == [
        [["项目支出绩效自评表"], ["(2024年度)"]],
        [["项目名称"]],
    ]
