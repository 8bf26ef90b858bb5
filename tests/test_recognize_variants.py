"""Template variants from other provinces and renderings, written as they are found in the wild:
Sichuan (分值 before the values, 项目负责人及电话), 101号 columns (指标性质 / 指标值 / 度量单位),
level-1 weights in the labels, 元 with thousands separators, 财政资金 / 财政专户管理资金 / 单位资金
rows, a 20-point funds block, pipe tables, forms split over grids, forms without titles."""

from __future__ import annotations

from tests.recognize_helpers import codes, flow_grid, only_form, read

from jixiao.document import Document
from jixiao.readers.text.tabular import to_grid
from jixiao.recognize import recognize

SICHUAN = """项目支出绩效目标自评表
（2022年度）
项目名称\t乡村道路硬化项目\t\t
主管部门\t中江县交通运输局\t实施单位\t中江县交通运输局
项目负责人及电话\t张三 0838-7221234\t\t
项目资金（万元）\t\t全年预算数（A）\t全年执行数（B）\t分值\t执行率（B/A）\t得分
\t年度资金总额\t100\t90\t10\t90%\t9
\t其中：本年财政拨款\t100\t90\t—\t90%\t—
\t其他资金\t\t\t—\t\t—
年度总体目标\t年初设定目标\t\t年度总体目标完成情况综述
\t完成道路硬化10公里\t\t完成道路硬化10公里，群众出行更方便
绩效指标\t一级指标\t二级指标\t三级指标\t分值\t年度指标值\t全年实际值\t得分\t未完成原因及拟采取的改进措施
\t产出指标(50分)\t数量指标\t道路硬化里程\t30\t≥10公里\t10公里\t30\t
\t\t质量指标\t验收合格率\t20\t100%\t100%\t20\t
\t效益指标(30分)\t社会效益指标\t群众出行便利度\t30\t明显改善\t明显改善\t30\t
\t满意度指标(10分)\t服务对象满意度指标\t群众满意度\t10\t≥90%\t88%\t9\t个别路段施工期间影响出行
总分\t\t\t\t100\t\t\t98\t
"""


def test_sichuan_weight_before_values_and_manager_phone() -> None:
    form = only_form(SICHUAN)
    assert (form.year, form.project_name) == (2022, "乡村道路硬化项目")
    assert (form.manager, form.phone) == ("张三", "0838-7221234")
    total = form.funds.total
    assert (total.initial, total.adjusted, total.executed) == (None, 100, 90)
    assert (form.funds.weight, form.funds.rate, form.funds.score) == (10, 0.9, 9)
    assert form.funds.current.adjusted == 100
    assert form.goal_expected == "完成道路硬化10公里"
    assert form.goal_actual == "完成道路硬化10公里，群众出行更方便"
    first = form.indicators[0]
    assert (first.level1, first.level2, first.level3) == ("产出指标", "数量指标", "道路硬化里程")
    assert (first.weight, first.target, first.actual, first.score) == (30, "≥10公里", "10公里", 30)
    last = form.indicators[-1]
    assert (last.target, last.actual, last.weight, last.score) == ("≥90%", "88%", 10, 9)
    assert last.deviation == "个别路段施工期间影响出行"
    assert form.indicators[1].level1 == "产出指标"  # carried down the merged cell
    assert form.level1_weights == {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
    assert (form.total_weight, form.total_score) == (100, 98)
    assert not [n for n in form.notes if n.severity != "info"]


CENTRAL_101 = """| 项目支出绩效自评表 |
| （2023年度） |
| 项目名称 | 养老服务补贴 |
| 主管部门 | [155]某市民政局 | 实施单位 | （155012）某市养老服务中心 |
| 项目资金（元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
|---|---|---|---|---|---|---|
| 年度资金总额 | 1,200,000.00 | 1,500,000.00 | 1,350,000.00 | 10 | 90% | 9 |
| 其中：财政资金 | 1,000,000.00 | 1,200,000.00 | 1,080,000.00 | — | 90% | — |
| 财政专户管理资金 | 0 | 100,000.00 | 100,000.00 | — | 100% | — |
| 单位资金 | 200,000.00 | 200,000.00 | 170,000.00 | — | 85% | — |
| 年度总体目标 | 预期目标 | 实际完成情况 |
| | 为老人发放补贴 | 已按时发放 |
| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 实际完成值 | 权重 | 得分 | 偏差原因分析及改进措施 |
| | 产出指标 | 数量指标 | 服务人次 | 正向 | 735 | 人次 | 800人次 | 40 | 40 | |
| | 成本指标 | 经济成本指标 | 人均补贴标准 | ≤ | 2000 | 元 | 1800元 | 20 | 20 | |
| | 效益指标 | 社会效益指标 | 老人生活质量 | 定性 | 明显提升 | | 明显提升 | 20 | 18 | 部分地区发放滞后 |
| | 满意度指标 | 服务对象满意度指标 | 老人满意度 | 正向 | 90 | % | 92% | 10 | 10 | |
| 总分 | 100 | 97 |
"""


def test_101_columns_yuan_and_fund_source_rows() -> None:
    form = only_form(CENTRAL_101)
    assert (form.department, form.department_code) == ("某市民政局", "155")
    assert (form.implementer, form.implementer_code) == ("某市养老服务中心", "155012")
    funds = form.funds
    assert funds.unit == "元"
    assert "funds-unit-yuan" in codes(form)
    assert (funds.total.initial, funds.total.adjusted, funds.total.executed) == (
        1_200_000,
        1_500_000,
        1_350_000,
    )
    assert funds.current.executed == 1_080_000
    assert funds.other.executed == 170_000
    assert funds.extra["财政专户管理资金"].adjusted == 100_000
    assert funds.extra["财政专户管理资金"].rate == 1.0
    targets = [i.target for i in form.indicators]
    assert targets == ["≥735人次", "≤2000元", "明显提升", "≥90%"]
    cost = form.indicators[1]
    assert (cost.level1, cost.level2) == ("成本指标", "经济成本指标")  # a level 1 in 101号 forms
    assert form.indicators[2].deviation == "部分地区发放滞后"
    assert (form.total_weight, form.total_score) == (100, 97)
    assert "weights-disagree" not in codes(form) and "scores-disagree" not in codes(form)


TWENTY_POINT = """项目支出绩效自评表
（2021年度）
单位名称\t某县卫生健康局\t项目名称\t基本公共卫生服务
预算执行情况（万元）（20分）\t预算数（A）\t执行数（B）\t执行率（B/A）\t得分（20分×执行率）
年度财政资金总额\t200\t180\t90%\t18
年度总体目标\t预期目标\t实际完成情况
\t完成基本公共卫生服务项目\t已完成
一级指标\t二级指标\t三级指标\t年初目标值（A）\t实际完成值（B）\t分值\t得分
产出指标\t数量指标\t建档人数\t≥5000人\t5200人\t40\t40
效益指标\t社会效益指标\t居民健康水平\t提高\t提高\t40\t38
总分\t100\t96
"""


def test_twenty_point_funds_block_is_a_different_weight() -> None:
    form = only_form(TWENTY_POINT)
    assert form.implementer == "某县卫生健康局"
    assert form.project_name == "基本公共卫生服务"
    funds = form.funds
    assert (funds.total.adjusted, funds.total.executed) == (200, 180)
    assert (funds.weight, funds.rate, funds.score) == (20, 0.9, 18)
    assert [i.target for i in form.indicators] == ["≥5000人", "提高"]
    assert (form.total_weight, form.total_score) == (100, 96)


HAIDIAN = """项目支出绩效自评表
项目名称\t\t社区服务项目
主管部门\t\t北京市海淀区民政局\t实施单位\t\t北京市海淀区民政局
项目资金（万元）\t\t年初预算数(A)\t全年执行数(B)\t分值(10分)\t执行率(B/A)\t得分\t得分计算方法
\t年度资金总额\t310.2\t154.74\t10\t50%\t5\t执行率×该指标分值，最高不得超过分值上限
\t其中：本年一般公共预算拨款\t310.2\t154.74\t—\t50%\t—\t
一级指标\t二级指标\t三级指标\t分值\t年度指标值(A)\t全年实际值(B)\t得分计算方法\t得分\t未完成原因分析
产出指标\t数量指标\t服务人次\t50\t1000人次\t900人次\t按B/A×该指标分值记分\t45\t部分服务延期
满意度指标\t服务对象满意度指标\t满意率\t40\t≥90%\t95%\t完成值达到指标值，记满分\t40\t
总分\t\t\t100\t\t\t\t90\t
"""


def test_haidian_method_columns_are_ignored() -> None:
    form = only_form(HAIDIAN)
    total = form.funds.total
    assert (total.initial, total.adjusted, total.executed) == (310.2, None, 154.74)
    assert (form.funds.weight, form.funds.score) == (10, 5)
    assert form.funds.current.initial == 310.2
    first = form.indicators[0]
    assert (first.weight, first.target, first.actual, first.score) == (
        50,
        "1000人次",
        "900人次",
        45,
    )
    assert first.deviation == "部分服务延期"
    assert form.indicators[1].score == 40


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def test_form_split_over_two_grids() -> None:
    lines = _lines(SICHUAN)
    cut = next(i for i, ln in enumerate(lines) if "效益指标(30分)" in ln)
    first = to_grid("".join(lines[:cut]))
    second = to_grid("".join(lines[cut:]))
    assert first is not None and second is not None
    result = recognize(Document(name="pages", grids=[first, second]))
    (form,) = result.forms
    assert form.complete and result.problems == []
    assert len(form.indicators) == 4
    assert form.total_score == 98


def test_forms_without_titles_start_at_project_name() -> None:
    body = "".join(ln for ln in _lines(SICHUAN) if "自评表" not in ln and "年度）" not in ln)
    result = read(body + body.replace("乡村道路硬化项目", "桥梁维修项目"))
    assert [f.project_name for f in result.forms] == ["乡村道路硬化项目", "桥梁维修项目"]
    assert all(f.complete for f in result.forms)


def test_truncated_form_is_returned_incomplete_with_a_problem() -> None:
    lines = _lines(SICHUAN)
    cut = next(i for i, ln in enumerate(lines) if "质量指标" in ln)
    result = read("".join(lines[:cut]))
    (form,) = result.forms
    assert not form.complete
    assert len(form.indicators) == 1
    assert "form-truncated" in codes(form)
    (problem,) = result.problems
    assert problem.code == "form-truncated"
    assert problem.location is not None and problem.location.line == cut


def test_text_without_a_form_is_a_no_form_problem() -> None:
    result = read("a\tb\tc\nd\te\tf\ng\th\ti\n")
    assert result.forms == []
    assert [p.code for p in result.problems] == ["no-form"]
    empty = recognize(Document(name="e", grids=[]))
    assert [p.code for p in empty.problems] == ["no-form"]


def test_lone_total_number_is_the_score_only_when_the_sums_say_so() -> None:
    score_only = SICHUAN.replace("总分\t\t\t\t100\t\t\t98\t", "总分\t\t\t\t\t\t\t98\t")
    form = only_form(score_only)
    assert (form.total_weight, form.total_score) == (None, 98)
    weight_only = SICHUAN.replace("总分\t\t\t\t100\t\t\t98\t", "总分\t\t\t\t100\t\t\t\t")
    form = only_form(weight_only)
    assert (form.total_weight, form.total_score) == (100, None)


def test_flow_grid_with_two_amounts_uses_the_printed_rate() -> None:
    rows = [
        ["项目支出绩效自评表"],
        ["项目名称", "专项审计"],
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "4.864", "4.864", "10", "100%", "10"],
        ["年度资金总额", "5", "4", "10", "80%", "8"],
    ]
    form = recognize(Document(name="f", grids=[flow_grid(rows)])).forms[0]
    assert (form.funds.total.initial, form.funds.total.adjusted) == (None, 4.864)
    assert form.funds.total.executed == 4.864
    assert form.funds.extra["年度资金总额"].executed == 4  # a repeated row is kept, not merged


def test_placeholder_template_rows_are_skipped_and_noted() -> None:
    text = SICHUAN.replace(
        "总分\t",
        "\t\t生态效益指标\t指标1：\t\t\t\t\t\n\t\t可持续影响指标\t不涉及\t\t\t\t\t\n\t\t\t……\t\t\t\t\t\n总分\t",
    )
    form = only_form(text)
    assert len(form.indicators) == 4
    assert codes(form).count("template-row-skipped") == 3


def test_a_template_row_glued_to_a_real_row_is_not_its_deviation() -> None:
    """Anhui-style PDF text: "指标 2：" follows the last value of the row above it."""
    from jixiao.api import parse_text

    text = (
        "项目支出绩效自评表\n（2022年度）\n项目名称 农村公路养护项目\n"
        "主管部门 某交通运输局 实施单位 某公路中心\n"
        "项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n"
        "年度资金总额 90 90 90 10 100% 10\n"
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施\n"
        "产出指标 数量指标 养护里程 ≥120 公里 120 公里 90 90\n指标 2：\n"
        "总分 100 100\n"
    )
    [form] = parse_text(text).forms
    [row] = form.indicators
    assert row.level3 == "养护里程" and row.score == 90
    assert row.deviation is None
    assert any(n.code == "template-row-skipped" for n in form.notes)
