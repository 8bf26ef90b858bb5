"""The tabular text reader: tab, pipe and comma grids keep their rows, cells and positions, and
anything else is left to the flow reader (``None``)."""

from __future__ import annotations

from pathlib import Path

from jixiao.readers.text.tabular import to_grid

SEED_000 = Path(__file__).resolve().parents[1] / "src/jixiao/samples/000_9da3ca00a275ab0a.txt"


def test_tab_separated_rows_keep_lines_and_columns() -> None:
    text = "项目支出绩效自评表\n(2024年度)\n项目名称\t\t基层项目\t\n主管部门\t\t北京市\t\t实施单位\t\tX\n\t\t年度资金总额\t\t1\t2\n"
    grid = to_grid(text)
    assert grid is not None and grid.has_columns
    assert [r.line for r in grid.rows] == [1, 2, 3, 4, 5]
    assert grid.rows[0].texts() == ["项目支出绩效自评表"]
    name = grid.rows[2].cells[1]
    assert name.text == "基层项目" and name.col == 2
    assert name.location.line == 3 and name.location.column == 3
    assert [c.text for c in grid.rows[4].cells] == ["年度资金总额", "1", "2"]
    assert [c.col for c in grid.rows[4].cells] == [2, 4, 5]


def test_seed_000_is_a_tab_grid() -> None:
    grid = to_grid(SEED_000.read_text("utf-8"))
    assert grid is not None
    titles = [r for r in grid.rows if r.texts() == ["项目支出绩效自评表"]]
    assert len(titles) == 12  # "## " markdown heading marks are dropped


def test_markdown_pipes_and_separator_lines_are_stripped() -> None:
    text = (
        "| 项目名称 | 基层项目 |  |\n"
        "|---|:---:|---|\n"
        "| 主管部门 | 北京市 | 实施单位 |\n"
        "| 年度资金总额 | 4,507.55 | 91% |\n"
    )
    grid = to_grid(text)
    assert grid is not None
    assert [r.line for r in grid.rows] == [1, 3, 4]
    assert grid.rows[0].texts() == ["项目名称", "基层项目"]  # blank cells left out
    assert grid.rows[2].cells[1].text == "4,507.55"
    assert grid.rows[2].cells[1].location.column == 2


def test_pipe_rows_without_outer_pipes_on_the_right() -> None:
    grid = to_grid("| a | b\n| c | d\n| e | f\n")
    assert grid is not None
    assert grid.rows[1].texts() == ["c", "d"]


def test_csv_with_quoted_multiline_cell() -> None:
    text = (
        "项目名称,,基层项目,,\n"
        '总体目标,"第一行\n第二行",,完成,\n'
        ",年度资金总额,1,2,3\n"
        ",其中：当年财政拨款,1,2,3\n"
    )
    grid = to_grid(text)
    assert grid is not None
    goal = grid.rows[1].cells[1]
    assert goal.text == "第一行\n第二行"
    assert goal.location.line == 2 and goal.location.end_line == 3
    assert grid.rows[2].line == 4


def test_stray_quote_does_not_swallow_lines() -> None:
    text = 'a\t"b\tc\nd\te\tf\ng\th\ti\n'
    grid = to_grid(text)
    assert grid is not None
    assert len(grid.rows) == 3
    assert grid.rows[0].texts() == ["a", '"b', "c"]


def test_flowing_text_is_not_tabular() -> None:
    text = (
        "项目支出绩效自评表\n（2023 年度）\n项目名称 基层党组织\n主管部门 149001-北京市, 实施单位\n"
    )
    assert to_grid(text) is None
    assert to_grid("") is None
    assert to_grid("a\tb\n" + "plain line\n" * 40) is None  # one tab line among many


def test_thousands_separators_do_not_make_a_csv() -> None:
    """Forms flattened one per line with 元 amounts (45,075,500) are flow text, not CSV."""
    line = "项目支出绩效自评表 (2024年度) 项目名称 某项目 年度资金总额 45,075,500 45,075,500 41,042,670 10 91% 9.1"
    assert to_grid("\n".join([line] * 4)) is None
