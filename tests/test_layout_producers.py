"""The layout reader's rules that make it hold for PDF producers besides LibreOffice Calc.

Why: the reader was written against Calc's PDFs; the same forms printed by WeasyPrint (jixiao's
own PDF export) or LibreOffice Writer differ in ways Calc never shows — a footer 第 1 页，共 5 页,
text centred in its cell (a wrapped cell's last line nearly as wide as a full one), a merged
level label drawn on the first line of its cell beside a wrapped text, the block label 绩效指标
on the column labels' line, a number wrapped whole to the next line.  Each test reads a few lines
of a committed WeasyPrint export (or a hand-made layout) and checks the one rule it needs.
"""

from __future__ import annotations

from pathlib import Path

from jixiao.readers.text import layout

EXPORTS = Path(__file__).parent / "data" / "fixtures" / "text-exports"
WEASY = EXPORTS / "002_ddf2ad2b933db61d.weasyprint.layout.txt"


def lines_of(path: Path, first: int, last: int) -> str:
    """Lines ``first``..``last`` (1-based, inclusive) of a committed export."""
    return "\n".join(path.read_text(encoding="utf-8").split("\n")[first - 1 : last])


def texts(text: str) -> list[list[str]]:
    grid = layout.to_grid(text)
    assert grid is not None
    return [[c.text for c in row.cells] for row in grid.rows]


def row_with(rows: list[list[str]], text: str) -> list[str]:
    found = [r for r in rows if text in r]
    assert found, f"no row holds {text!r}: {rows}"
    return found[0]


def test_a_page_footer_with_the_page_count_is_furniture() -> None:
    # WeasyPrint's (and a browser's) footer: two chunks, cut at the space before 5
    text = lines_of(WEASY, 18, 37)
    rows = texts(text)
    assert not [r for r in rows if any("页" in c for c in r)], rows
    assert ["总分", "100", "95"] in rows  # the last row of the page stays


def test_a_row_of_numbers_at_a_page_foot_is_not_a_page_number() -> None:
    table = [
        "    一级指标   二级指标   三级指标      分值   得分",
        "    产出指标   数量指标   人数           10     9",
        "                                     100    95",
        "\f    一级指标   二级指标   三级指标      分值   得分",
        "    产出指标   数量指标   人数           10     9",
    ]
    rows = texts("\n".join(table))
    assert ["100", "95"] in rows


def test_a_centred_cell_stops_at_the_next_rows_value_line() -> None:
    # 提高了党员思想政 / 治素质为群众服务 / 的思想政治觉悟 lie around their row's value line;
    # 基本满意 two lines down is the next row's own value, though 的思想政治觉悟 (centred) is
    # nearly as wide as a full line
    rows = texts(lines_of(WEASY, 14, 31))
    effect = row_with(rows, "提高了党员思想政治素质为群众服务的思想政治觉悟")
    assert "基本满意" not in effect
    assert "基本满意" in row_with(rows, "参与活动党员的满意度")


def test_the_column_labels_line_starts_new_column_widths() -> None:
    # the goal texts above are 36 characters wide where the indicators' 实际完成值 column
    # starts: 绩效指标 leads the column labels' line, and that line still ends their section,
    # so 实际执行金额2160 counts as full in its 8-character column and goes on in 元
    rows = texts(lines_of(WEASY, 14, 31))
    cost = row_with(rows, "项目控制成本")
    assert "实际执行金额2160元" in cost
    assert ["元"] not in rows


def test_a_level_label_beside_a_wrapped_text_does_not_make_a_value_line() -> None:
    # 产出指标 drawn on the first line of a wrapped 三级指标 text: that line holds three chunks,
    # but only two cells, so the text still goes on past the value line (参 + 培率)
    rows = texts(lines_of(WEASY, 108, 118))
    quality = row_with(rows, "非政府办社区卫生服务机构专业技术人员参培率")
    assert "99%" in quality
    assert ["培率"] not in rows


def test_a_number_wrapped_whole_continues_the_cell() -> None:
    # 一对一健康指导 is short of its column: 80.12 did not fit after it, so it wrapped whole
    rows = texts(lines_of(WEASY, 166, 192))
    effect = row_with(rows, "社会效益指标")
    assert any(c.endswith("一对一健康指导80.12万人次，健康教育2.03万条") for c in effect), effect
    # ... but a short last line of a cell already centred on its values takes no next row's text
    cost = row_with(rows, "项目控制成本")
    assert "实际执行金额为45.57万元" in cost


WEASY_12 = EXPORTS / "000_9da3ca00a275ab0a.weasyprint.layout.txt"
WRITER = EXPORTS / "000-9da3ca00a275ab0a.f0.yuan.writer.layout.txt"


def test_a_row_whose_every_cell_wraps_around_its_values_is_one_row() -> None:
    # 基层医疗服务能力提升（市级集中带量采购 | 正常运行并验收合 | 正常运行并验收合, then the
    # scores 5 5 alone on the next line, then 设备）正常运行并验收合格 | 格 | 格
    rows = texts(lines_of(WEASY_12, 20, 50))
    row = row_with(rows, "基层医疗服务能力提升（市级集中带量采购设备）正常运行并验收合格")
    assert row.count("正常运行并验收合格") == 2
    assert row[-2:] == ["5", "5"]
    assert ["格"] not in rows and ["5", "5"] not in rows


def test_a_label_wrapped_in_a_narrow_column_is_joined_whatever_its_width() -> None:
    # Writer: 项目资 / 金(元) and 其中：当年财政拨 / 款 with the row's values between, and
    # 绩效指 / 一级指 over 标 / 标 (the goal texts' column makes 一级指 look short)
    rows = texts(lines_of(WRITER, 1, 30))
    funds = row_with(rows, "项目资金(元)")
    assert "其中：当年财政拨款" in funds
    header = row_with(rows, "绩效指标")
    assert "一级指标" in header
    assert not [r for r in rows if any(c.endswith("一级指") for c in r)]


def test_a_head_repeated_on_the_next_page_continues_the_table() -> None:
    # WeasyPrint repeats the indicator table's head on each page but not the merged labels
    # (成本指标 runs on over the break); 效果指标 / 社会效益 belong to the rows they are centred on
    rows = texts(lines_of(WEASY_12, 226, 266))
    assert "效果指标" not in row_with(rows, "失独家庭生日慰问费用")
    effect = row_with(rows, "服务计划生育特殊家庭能力")
    assert "效果指标" not in effect
    first = [r for r in rows if any(c.startswith("计划生育特殊家庭的获得感") for c in r)]
    assert first and first[0][:2] == ["效果指标", "社会效益"], rows


def test_a_long_cell_measures_its_column_by_its_own_lines() -> None:
    # an 11-line cell whose lines are 8-9 characters wide ends in 平。 after a line of 8; the next
    # row's 数字化 X 射线摄像系 (Latin spaced apart from CJK) looks wider than the column is
    rows = texts(lines_of(WRITER, 22, 92))
    cells = [c for r in rows for c in r if c.startswith("促进家庭医生签约")]
    assert cells and cells[0].endswith("升医疗机构救治水平。"), rows
    assert ["平。"] not in rows
