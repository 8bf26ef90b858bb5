"""Rules of the flow reader for text made by tools we did not write: pdftotext's default reading
order of other producers' PDFs, and word processors' "save as text".

Why hand-written snippets: each test prints one shape those tools really produce (copied in style
from ``tests/data/fixtures/text-exports``), small enough to show which rule reads it; the whole
files are checked field by field in ``test_text_exports``.
"""

from __future__ import annotations

from jixiao.readers.text.flow import to_grid
from jixiao.text.normalize import clean


def rows_of(text: str) -> list[list[str]]:
    return [[clean(c.text) or "" for c in row.cells] for row in to_grid(text).rows]


_IND_HEAD = (
    "绩效指标\n一级指标\n二级指标\n三级指标\n年度指标值\n实际完成值\n分值\n得分\n"
    "偏差原因分析及改进措施\n\n"
)


def test_empty_cells_between_a_note_and_the_next_name_end_the_note() -> None:
    # Word's text export: every cell on its own line, an empty cell as an empty line; a row's note
    # is followed by the next row's empty cells, then its name (two or more blank lines: a cell
    # boundary, where one blank line would only suggest one)
    text = (
        "项目名称\n甲项目\n主管部门\n某委员会\n"
        + _IND_HEAD
        + "产出指标\n质量指标\n完成硬件升级改造\n完成\n部分完成\n2\n1\n"
        "急救车升级改造未完成\n\n\n\n"
        "完成应用软件开发部署\n开发部署完成\n部分完成\n3\n1.5\n"
        "三家医院未完成软件更换部署。\n\n\n\n"
        "互联互通评级\n四级\n部分完成\n2\n1.5\n\n\n"
        "总分\n100\n90\n"
    )
    assert rows_of(text)[3:] == [
        [
            "产出指标",
            "质量指标",
            "完成硬件升级改造",
            "完成",
            "部分完成",
            "2",
            "1",
            "急救车升级改造未完成",
        ],
        [
            "完成应用软件开发部署",
            "开发部署完成",
            "部分完成",
            "3",
            "1.5",
            "三家医院未完成软件更换部署。",
        ],
        ["互联互通评级", "四级", "部分完成", "2", "1.5"],
        ["总分", "100", "90"],
    ]


def test_unwrapped_text_parts_the_goal_texts_at_the_line_break() -> None:
    # a text export prints each paragraph on one line: the two goal texts are two lines, even
    # when the first ends without a full stop (here: cut off in the source)
    expected = (
        "通过专项审计为组织提供有价值的信息，助力其优化管理、提高效率，确保存货资产的安全可靠"
    )
    actual = "对存货管理情况进行专项审计并出具工作报告。"
    long_name = "对" + "各基层医疗机构进行设备标准化配备和基础设施提升" * 5
    text = (
        "项目名称\n甲项目\n主管部门\n某委员会\n"
        "年度总体目标\n预期目标\n实际完成情况\n\n"
        f"{expected}\n{actual}\n"
        + _IND_HEAD
        + f"产出指标\n数量指标\n{long_name}\n10家\n10家\n10\n10\n\n\n"
        "总分\n100\n90\n"
    )
    rows = rows_of(text)
    assert ["年度总体目标", "预期目标", "实际完成情况"] in rows
    assert [expected, actual] in rows
    # the same two lines in wrapped text (no line too long for a column) stay one paragraph
    wrapped = text.replace(long_name, "完成设备配备")
    assert [expected + actual] in rows_of(wrapped)


_FUNDS_COLUMNS = "年初预算数\n\n全年预算数\n\n全年执行数\n\n分值\n\n执行率\n\n得分\n\n"


def test_funds_labels_drawn_among_the_header_move_after_it() -> None:
    # LibreOffice draws the tall 项目资金 cell (and here the 年度资金总额 row label) before the
    # header's second row: pdftotext prints them between 主管部门, its value and 实施单位
    text = (
        "项目支出绩效自评表\n(2024年度)\n项目名称\n\n甲项目补助资金\n\n主管部门\n\n"
        "项目资金(元\n)\n\n某市卫生健康委员会\n年度资金总额\n\n实施单位\n\n某市疾病预防控制中心\n\n"
        + _FUNDS_COLUMNS
        + "450\n\n450\n\n410\n\n10\n\n91%\n\n9.1\n\n"
    )
    rows = rows_of(text)
    assert rows[2:5] == [
        ["项目名称", "甲项目补助资金"],
        ["主管部门", "某市卫生健康委员会", "实施单位", "某市疾病预防控制中心"],
        ["项目资金(元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ]
    assert ["年度资金总额", "450", "450", "410", "10", "91%", "9.1"] in rows


def test_a_header_value_printed_one_label_early_goes_to_the_empty_label() -> None:
    # "主管部门 / 甲 / (blank) / 乙 / 实施单位 / (no value)": two blocks under one label and none
    # under the next, so the second block is the next label's value
    text = (
        "项目名称\n\n乙项目\n\n主管部门\n\n项目资金(万\n元)\n\n某市卫生健康委员会\n\n"
        "某市卫生健康委员会(本级)\n\n实施单位\n\n" + _FUNDS_COLUMNS + "年度资金总额\n\n10\n\n10\n\n"
    )
    assert rows_of(text)[1] == [
        "主管部门",
        "某市卫生健康委员会",
        "实施单位",
        "某市卫生健康委员会(本级)",
    ]
    # a value wrapped over two lines of one block stays whole
    block = text.replace("会\n\n某市卫生健康委员会(本级)", "会\n(本级)")
    assert rows_of(block)[1] == ["主管部门", "某市卫生健康委员会(本级)", "实施单位"]


def test_numbers_of_the_last_row_printed_after_the_total_label_go_back_to_it() -> None:
    text = (
        _IND_HEAD + "满意度指标\n\n服务对象满意度指标\n\n患者满意度调查\n\n≥85%\n\n85%\n\n"
        "总分\n\n5\n\n5\n\n100\n\n98.6\n\n"
    )
    rows = rows_of(text)
    assert rows[-2:] == [
        ["满意度指标", "服务对象满意度指标", "患者满意度调查", "≥85%", "85%", "5", "5"],
        ["总分", "100", "98.6"],
    ]
    # two or three numbers after the label are the total's own (a note may follow them)
    assert rows_of(text.replace("总分\n\n5\n\n5\n\n", "5\n\n5\n\n总分\n\n"))[-1] == [
        "总分",
        "100",
        "98.6",
    ]


def test_a_header_value_printed_before_its_label() -> None:
    # the project's name above 项目名称, which 主管部门 follows at once; the year line stays put
    text = (
        "项目支出绩效自评表\n(2023年度)\n11010623T000002053535-2023年党建活动经费\n\n项目名称\n"
        "主管部门\n\n149001-北京市丰台区卫生健康委员会\n\n项目负责人\n\n李娇\n\n项目资金(万\n元)\n\n"
        "实施单位\n\n149020-北京市丰台区社区卫生服务管理中心\n\n联系电话\n\n63818258\n\n"
        + _FUNDS_COLUMNS
        + "年度资金总额\n\n150\n\n20.03\n\n20.03\n\n10\n\n100%\n\n10\n\n"
    )
    rows = rows_of(text)
    assert rows[:8] == [
        ["项目支出绩效自评表"],
        ["(2023年度)"],
        ["项目名称", "11010623T000002053535-2023年党建活动经费"],
        ["主管部门", "149001-北京市丰台区卫生健康委员会"],
        ["项目负责人", "李娇"],
        ["实施单位", "149020-北京市丰台区社区卫生服务管理中心"],
        ["联系电话", "63818258"],
        ["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ]
    assert ["年度资金总额", "150", "20.03", "20.03", "10", "100%", "10"] in rows
    # with no name before the label, the year line does not become the name
    no_name = text.replace("11010623T000002053535-2023年党建活动经费\n\n", "")
    head = rows_of(no_name)[1:3]
    assert head[0] == ["(2023年度)"]
    assert head[1][:2] == ["项目名称", "主管部门"]


def test_a_label_split_around_the_lines_of_the_cell_beside_it() -> None:
    # the tall 年度总体目标 cell prints its two lines among the wrapped lines of the goal text
    # (the first on the same line); the goal labels came first, a dash of the funds block between
    text = (
        "其他资金\n\n—\n\n预期目标\n\n—\n实际完成情况\n\n"
        "年度总体目 对各基层医疗机构进行设备标准化配备和基础设施提升项目，能够全面推进国家基层\n"
        "标\n卫生健康综合试验区建设工作，保障社区卫生服务中心正常运转。\n\n"
        "满足辖区内老百姓就医需求。\n"
        + _IND_HEAD
        + "产出指标\n数量指标\n购置设备\n77件\n77件\n5\n5\n"
    )
    rows = rows_of(text)
    assert ["年度总体目标", "预期目标", "实际完成情况"] in rows
    assert [
        "对各基层医疗机构进行设备标准化配备和基础设施提升项目，能够全面推进国家基层"
        "卫生健康综合试验区建设工作，保障社区卫生服务中心正常运转。",
        "满足辖区内老百姓就医需求。",
    ] in rows
    assert not any("标" in r for r in rows)
    # the rest of a label alone on its line only joins a first part that opens a line
    other = rows_of("项目说明 年度总体目\n完成甲乙丙任务\n标\n")
    assert ["年度总体目标"] not in other


def test_header_values_stay_put_without_evidence() -> None:
    # one character after a blank line ends the value above (pdftotext's short last line)
    text = "主管部门\n\n某市卫生健康委员\n\n会\n\n实施单位\n\n" + _FUNDS_COLUMNS
    assert rows_of(text)[0] == ["主管部门", "某市卫生健康委员会", "实施单位"]
    # a caption with its own colon is no value of the empty label after it
    caption = "项目支出绩效自评表\n单位：万元\n\n项目名称\n主管部门\n\n某市卫生健康委员会\n"
    assert not any(r[:2] == ["项目名称", "单位：万元"] for r in rows_of(caption))


def test_the_totals_numbers_printed_before_the_total_label() -> None:
    # "… 100 / 95 / (labels, names) / 总分" and nothing after it: the last pair of numbers
    # weighs as much as all rows together, so it is the total's
    rows_text = (
        "产出指标\n\n数量指标\n\n参与党员人数\n\n21\n\n21\n\n15\n\n15\n\n"
        "时效指标\n\n项目完成期\n\n12月底完成\n\n按计划完成\n\n15\n\n15\n\n"
        "成本指标\n\n项目控制成本\n\n不超过2160元\n\n实际执行金额2160元\n\n20\n\n20\n\n"
        "满意度指标\n\n服务对象满意度指标\n\n党员满意度\n\n80%\n\n基本满意\n\n10\n\n8\n\n"
    )
    text = _IND_HEAD + rows_text + "100\n\n95\n\n效益指标\n\n总分\n\n"
    rows = rows_of(text)
    assert rows[-1] == ["总分", "100", "95"]
    assert ["满意度指标", "服务对象满意度指标", "党员满意度", "80%", "基本满意", "10", "8"] in rows
    # a last row that weighs less than the others together keeps its numbers
    plain = _IND_HEAD + rows_text + "总分\n\n"
    assert rows_of(plain)[-1] == ["总分"]
    assert rows_of(plain)[-2][-2:] == ["10", "8"]


def test_a_number_before_the_next_forms_labels_stays_with_the_total() -> None:
    # pdfminer.six: "总分 / 100 / 98.6" then the next form's 项目名称 / 主管部门 (empty name)
    text = "总分\n\n100\n\n98.6\n\n项目名称\n\n主管部门\n\n某市卫生健康委员会\n"
    rows = rows_of(_IND_HEAD + "产出指标\n\n数量指标\n\n甲\n\n1个\n\n1个\n\n5\n\n5\n\n" + text)
    assert ["总分", "100", "98.6"] in rows
