"""Flow-reader rules that make pdftotext's default order read alike whichever program made the PDF.

Why: the flow reader was written against LibreOffice Calc's PDFs; WeasyPrint (jixiao's own PDF
export) and LibreOffice Writer draw the same table's cells in other orders.  Each test is a small
hand-made snippet of what those producers' text shows (cut down from
``tests/data/fixtures/text-exports/*.weasyprint.raw.txt``), read through the whole pipeline.
"""

from __future__ import annotations

from jixiao.api import parse_text
from jixiao.readers.text.flow import split_rows
from jixiao.text.normalize import clean

_HEAD = """项目支出绩效自评表
(2023年度)
项目名称

某项目

主管部门

某委员会

实施单位

某中心

"""

# WeasyPrint draws the left column's tall cells (项目资金, 年度总体目标, 绩效指标) first
_LEFT_COLUMN_FIRST = (
    _HEAD
    + """项目资金
(万元)

年度总体
目标
绩效指标

年初预算数

全年预算数

全年执行数

分值

执行率

得分

年度资金总额

1

2

2

10

100%

10

预期目标

实际完成情况

甲目标的全文。

乙完成情况的全文。

一级指标

产出指标

二级指标

三级指标

年度指标值

实际完成值

分值

得分

数量指标

参与人数

21

21

90

90

总分

100

100
"""
)

# the goals' block label and the indicators' one printed between the goal labels, and only the
# level columns' labels before the first row (the other column labels drawn elsewhere)
_PARTIAL_HEADER = (
    _HEAD
    + """项目资金
(万元)

年初预算数

全年预算数

全年执行数

分值

执行率

得分

年度资金总额

1

2

2

10

100%

10

预期目标

年度总体
目标

绩效指标

实际完成情况

甲目标的全文。

乙完成情况的全文。

一级指标

二级指标

产出指标

数量指标

参与人数

21人

20人

90

80

总分

100

90
"""
)


def _rows(text: str) -> list[list[str]]:
    return [[clean(c.text) or "" for c in row.cells] for row in split_rows(text)]


def test_block_labels_printed_as_a_column_go_to_their_blocks() -> None:
    rows = _rows(_LEFT_COLUMN_FIRST)
    assert [
        "项目资金(万元)",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ] in rows
    assert ["年度资金总额", "1", "2", "2", "10", "100%", "10"] in rows
    goal_labels = next(r for r in rows if "预期目标" in r)
    assert goal_labels == ["年度总体目标", "预期目标", "实际完成情况"]
    assert ["甲目标的全文。", "乙完成情况的全文。"] in rows
    block = next(k for k, r in enumerate(rows) if "绩效指标" in r)
    assert rows[block][0] == "绩效指标"
    assert block > rows.index(["甲目标的全文。", "乙完成情况的全文。"])


def test_block_labels_printed_as_a_column_read_as_the_form() -> None:
    result = parse_text(_LEFT_COLUMN_FIRST)
    assert len(result.forms) == 1
    form = result.forms[0]
    assert form.funds.total.initial == 1
    assert form.funds.total.executed == 2
    assert form.funds.score == 10
    assert form.goal_expected == "甲目标的全文。"
    assert form.goal_actual == "乙完成情况的全文。"
    assert [(i.level2, i.level3, i.weight, i.score) for i in form.indicators] == [
        ("数量指标", "参与人数", 90, 90)
    ]


def test_a_header_of_level_columns_only_does_not_place_the_values() -> None:
    result = parse_text(_PARTIAL_HEADER)
    form = result.forms[0]
    assert form.goal_expected == "甲目标的全文。"
    assert form.goal_actual == "乙完成情况的全文。"
    assert [(i.level3, i.target, i.actual, i.weight, i.score) for i in form.indicators] == [
        ("参与人数", "21人", "20人", 90, 80)
    ]
    assert form.total_score == 90


def test_a_label_printed_beside_another_cells_lines_is_taken_out() -> None:
    """Writer centres 项目资金(元) and 其中：当年财政拨款 on the same baselines."""
    rows = _rows("上年\n\n项目资 其中：当年财政拨\n金(元) 款\n上年结转资金\n")
    labels = [cell for row in rows for cell in row]
    assert "项目资金(元)" in labels
    assert "其中：当年财政拨款" in labels


def test_no_untwining_when_a_line_starts_with_a_label() -> None:
    """ "项目负责人 张三 / 联系电话 123": a label and its value on each line stay as they are."""
    text = _HEAD + "项目负责人 张三\n联系电话 83948926\n"
    form = parse_text(text).forms[0]
    assert form.manager == "张三"
    assert form.phone == "83948926"


def test_a_funds_row_label_drawn_among_the_header_opens_the_funds_block() -> None:
    """Writer draws the tall 年度资金总额 cell before 实施单位: it is no part of a header value."""
    text = (
        "项目支出绩效自评表\n项目名称\n\n某项目\n\n主管部门\n\n某委员会\n\n年度资金总额\n\n"
        "实施单位\n\n某中心\n\n年初预算数\n\n全年预算数\n\n全年执行数\n\n分值\n\n执行率\n\n"
        "得分\n\n1\n\n2\n\n2\n\n10\n\n100%\n\n10\n\n预期目标\n\n实际完成情况\n\n甲。\n\n乙。\n"
    )
    form = parse_text(text).forms[0]
    assert form.implementer == "某中心"
    assert form.department == "某委员会"
    assert (form.funds.total.initial, form.funds.total.executed, form.funds.score) == (1, 2, 10)


def test_a_header_without_its_level3_label_does_not_place_the_values() -> None:
    """三级指标 drawn after the first rows: the rest of the header would shift every value."""
    cut = _PARTIAL_HEADER.index("一级指标")
    text = (
        _PARTIAL_HEADER[:cut]
        + "一级指标\n\n二级指标\n\n年度指标值\n\n实际完成值\n\n分值\n\n得分\n\n"
        + "产出指标\n\n数量指标\n\n参与人数\n\n21人\n\n20人\n\n90\n\n80\n\n"
        + "总分\n\n100\n\n90\n"
    )
    form = parse_text(text).forms[0]
    assert [(i.level3, i.target, i.actual, i.weight, i.score) for i in form.indicators] == [
        ("参与人数", "21人", "20人", 90, 80)
    ]


def test_level1_labels_printed_as_a_column_go_to_their_rows() -> None:
    """WeasyPrint draws a page's spanning level-1 cells before its rows."""
    cut = _LEFT_COLUMN_FIRST.index("一级指标")
    text = (
        _LEFT_COLUMN_FIRST[:cut]
        + "一级指标\n\n二级指标\n\n三级指标\n\n年度指标值\n\n实际完成值\n\n分值\n\n得分\n\n"
        + "数量指标\n\n产出指标\n\n效果指标\n\n满意度指标\n\n"
        + "参与人数\n\n21人\n\n21人\n\n40\n\n40\n\n"
        + "社会效益\n\n群众知晓度\n\n提高\n\n提高\n\n30\n\n30\n\n"
        + "服务对象满意度\n\n参与者满意度\n\n≥90%\n\n95%\n\n30\n\n30\n\n"
        + "总分\n\n100\n\n100\n"
    )
    form = parse_text(text).forms[0]
    assert [(i.level1, i.level2, i.level3, i.weight) for i in form.indicators] == [
        ("产出指标", "数量指标", "参与人数", 40),
        ("效果指标", "社会效益", "群众知晓度", 30),
        ("满意度指标", "服务对象满意度", "参与者满意度", 30),
    ]


def test_funds_numbers_printed_between_the_goal_labels_leave_the_goal_texts_alone() -> None:
    """Writer prints the funds score and dashes after 预期目标: they are no goal text."""
    text = _PARTIAL_HEADER.replace("预期目标\n\n", "预期目标\n\n9.1\n\n—\n—\n\n", 1)
    form = parse_text(text).forms[0]
    assert form.goal_expected == "甲目标的全文。"
    assert form.goal_actual == "乙完成情况的全文。"


def test_two_goal_texts_printed_line_by_line_into_each_other_are_parted() -> None:
    """Two cells side by side whose lines share baselines: a line holding one line of each is
    joined with a space; a sentence's last line goes to the column that prints nothing after."""
    a1, a2 = "甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲", "甲甲甲甲甲的结尾。"
    b1, b2, b3, b4 = (
        "乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙",
        "乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙",
        "乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙",
        "乙的结尾。",
    )
    text = _PARTIAL_HEADER.replace(
        "甲目标的全文。\n\n乙完成情况的全文。\n",
        f"{b1}\n{a1} {b2}\n{a2}\n{b3}\n{b4}\n",
        1,
    )
    form = parse_text(text).forms[0]
    assert form.goal_expected == a1 + a2
    assert form.goal_actual == b1 + b2 + b3 + b4


def test_a_goal_text_with_a_space_inside_is_not_parted_at_it() -> None:
    """One column's paragraph with a spaced number ("共 12 次") is no evidence of two columns."""
    text = _PARTIAL_HEADER.replace(
        "甲目标的全文。\n\n乙完成情况的全文。\n",
        "甲甲甲甲甲甲甲甲甲甲 共计完成培训十二次 甲甲甲。\n\n乙完成情况的全文。\n",
        1,
    )
    form = parse_text(text).forms[0]
    assert form.goal_expected == "甲甲甲甲甲甲甲甲甲甲共计完成培训十二次甲甲甲。"  # spaces dropped
    assert form.goal_actual == "乙完成情况的全文。"


def test_a_twined_label_may_end_on_a_line_of_its_own() -> None:
    """ "项目资 年度资金总额 / 金(万 其中：当年财政拨 / 元) / 款": the label's last piece prints
    alone below the lines beside it; the other cell's last piece follows."""
    rows = _rows("上年\n\n项目资 年度资金总额\n金(万 其中：当年财政拨\n元)\n款\n上年结转资金\n")
    labels = [cell for row in rows for cell in row]
    assert "项目资金(万元)" in labels
    assert "年度资金总额" in labels
    assert "其中：当年财政拨款" in labels


def test_a_first_rows_name_printed_after_its_values_goes_before_them() -> None:
    """WeasyPrint: "得分 / 15000人次 / 15157人次 / 15 / 15 / 数量指标 / 服务人次 / 质量指标 …"."""
    cut = _LEFT_COLUMN_FIRST.index("一级指标")
    text = (
        _LEFT_COLUMN_FIRST[:cut]
        + "一级指标\n\n产出指标\n\n二级指标\n\n三级指标\n\n年度指标值\n\n实际完成值\n\n分值\n\n得分\n\n"
        + "15000人次\n\n15157人次\n\n50\n\n50\n\n数量指标\n\n服务人次\n\n"
        + "质量指标\n\n规范完成率\n\n100%\n\n100%\n\n50\n\n40\n\n"
        + "总分\n\n100\n\n90\n"
    )
    form = parse_text(text).forms[0]
    assert [
        (i.level2, i.level3, i.target, i.actual, i.weight, i.score) for i in form.indicators
    ] == [
        ("数量指标", "服务人次", "15000人次", "15157人次", 50, 50),
        ("质量指标", "规范完成率", "100%", "100%", 50, 40),
    ]


def test_a_name_followed_by_its_own_values_stays() -> None:
    """Ordinary order: every row's name before its values; nothing moves."""
    cut = _LEFT_COLUMN_FIRST.index("一级指标")
    text = (
        _LEFT_COLUMN_FIRST[:cut]
        + "一级指标\n\n二级指标\n\n三级指标\n\n年度指标值\n\n实际完成值\n\n分值\n\n得分\n\n"
        + "产出指标\n\n数量指标\n\n服务人次\n\n15000人次\n\n15157人次\n\n50\n\n50\n\n"
        + "质量指标\n\n规范完成率\n\n100%\n\n100%\n\n50\n\n40\n\n"
        + "总分\n\n100\n\n90\n"
    )
    form = parse_text(text).forms[0]
    assert [(i.level2, i.level3, i.target, i.weight) for i in form.indicators] == [
        ("数量指标", "服务人次", "15000人次", 50),
        ("质量指标", "规范完成率", "100%", 50),
    ]
