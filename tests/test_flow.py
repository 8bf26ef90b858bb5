"""The flow splitter: text whose row boundaries were lost -> one row per printed table row.

Why these cases: the seed PDF flow (002) is the only real flow text we have, so it is checked row by
row; the other shapes (one cell per line, a form on one line, values printed before their labels,
other provinces' templates) are hand-written snippets of what those exports look like.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.document import Grid
from jixiao.readers.text.flow import split_rows, to_grid
from jixiao.text.normalize import clean


def rows_of(text: str) -> list[list[str]]:
    return [[clean(c.text) or "" for c in row.cells] for row in to_grid(text).rows]


def row_starting(rows: list[list[str]], *first: str, nth: int = 0) -> list[str]:
    hits = [r for r in rows if r[: len(first)] == list(first)]
    assert len(hits) > nth, f"no row starting {first}: {rows}"
    return hits[nth]


def seed(name: str) -> str:
    return resources.files("jixiao").joinpath("samples").joinpath(name).read_text("utf-8")


@pytest.fixture(scope="module")
def seed002() -> list[list[str]]:
    return rows_of(seed("002_ddf2ad2b933db61d.txt"))


@pytest.fixture(scope="module")
def forms002(seed002: list[list[str]]) -> list[list[list[str]]]:
    forms: list[list[list[str]]] = []
    for row in seed002:
        if row == ["项目支出绩效自评表"]:
            forms.append([])
        forms[-1].append(row)
    return forms


# ---- seed 002 (pdftotext flow), decided ground truth ----------------------------------------


def test_seed_002_has_four_forms(forms002: list[list[list[str]]]) -> None:
    assert len(forms002) == 4
    assert all(f[-1][0] == "总分" for f in forms002)


def test_seed_002_form1_header_and_funds(forms002: list[list[list[str]]]) -> None:
    f = forms002[0]
    assert row_starting(f, "项目名称") == [
        "项目名称",
        "11010623T000002053535-2023年基层党组织党建活动经费",
    ]
    assert row_starting(f, "主管部门") == [
        "主管部门",
        "149001-北京市丰台区卫生健康委员会",
        "实施单位",
        "149020-北京市丰台区社区卫生服务管理中心",
    ]
    assert row_starting(f, "项目负责人") == ["项目负责人", "程瑞", "联系电话", "83948926"]
    assert row_starting(f, "项目资金（万元）") == [
        "项目资金（万元）",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ]
    assert row_starting(f, "年度资金总额") == [
        "年度资金总额",
        "0",
        "0.2160",
        "0.2160",
        "10",
        "100%",
        "10",
    ]
    assert row_starting(f, "其中：当年财政拨款") == [
        "其中：当年财政拨款",
        "0",
        "0.2160",
        "0.2160",
        "—",
        "100%",
        "—",
    ]
    assert row_starting(f, "上年结转资金") == ["上年结转资金", "—", "—"]
    assert row_starting(f, "其他资金") == ["其他资金", "—", "—"]


def test_seed_002_form1_goals(forms002: list[list[list[str]]]) -> None:
    f = forms002[0]
    i = f.index(["年度总体目标", "预期目标", "实际完成情况"])
    expected, actual = f[i + 1]
    assert expected.startswith("党员思想政治教育是") and expected.endswith("带头作用。")
    assert actual.startswith("组织党员参观") and actual.endswith("开展社区卫生管理工作。")


def test_seed_002_form1_indicators(forms002: list[list[list[str]]]) -> None:
    f = forms002[0]
    start = next(i for i, r in enumerate(f) if r[:2] == ["绩效指标", "一级指标"])
    assert f[start][1:] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ]
    assert f[start + 1 :] == [
        ["产出指标", "数量指标", "参与党员人数", "21", "21", "15", "15"],
        ["质量指标"],
        ["时效指标", "项目完成期", "12月底完成", "按计划完成", "15", "15"],
        ["成本指标", "项目控制成本", "不超过2160元", "实际执行金额2160元", "20", "20"],
        ["效益指标", "经济效益指标"],
        [
            "社会效益指标",
            "提高党员思想政治素质、服务群众意识",
            "得到提高",
            "提高了党员思想政治素质为群众服务的思想政治觉悟",
            "30",
            "27",
            "有待进一步提高",
        ],
        ["生态效益指标"],
        ["可持续影响指标"],
        [
            "满意度指标",
            "服务对象满意度标",
            "参与活动党员的满意度",
            "80%",
            "基本满意",
            "10",
            "8",
            "有待进一步提高",
        ],
        ["总分", "100", "95"],
    ]


def test_seed_002_form2(forms002: list[list[list[str]]]) -> None:
    f = forms002[1]
    assert row_starting(f, "成本指标") == [
        "成本指标",
        "项目控制成本",
        "≤150万元",
        "20.03万元",
        "10",
        "7",
    ]
    assert row_starting(f, "满意度指标") == [
        "满意度指标",
        "服务对象满意度标",
        "受益对象满意度",
        "≥90%",
        "基本满意",
        "10",
        "8",
        "加强项目的业务管理，严格执行考核督导",
    ]
    # template placeholders stay one cell, in rows of their own
    assert row_starting(f, "效益指标") == ["效益指标", "经济效益指标", "指标1："]
    assert row_starting(f, "生态效益指标") == ["生态效益指标", "指标1："]
    assert row_starting(f, "可持续影响指标") == [
        "可持续影响指标",
        "提高65岁及以上老年人健康管理率，提升居家老年人生活质量",
        "优",
        "优",
        "15",
        "15",
    ]
    assert row_starting(f, "其中：当年财政拨款") == [
        "其中：当年财政拨款",
        "150",
        "20.03",
        "20.03",
        "—",
        "100%",
        "—",
    ]


def test_seed_002_form3(forms002: list[list[list[str]]]) -> None:
    f = forms002[2]
    assert row_starting(f, "产出指标") == [
        "产出指标",
        "数量指标",
        "培训参加人次",
        "≥1642人次",
        "1556人次",
        "15",
        "13",
        "部分非政府办中心、社区站转型、关停，人员流出无法参与社区培训。",
    ]
    assert row_starting(f, "社会效益指标") == [
        "社会效益指标",
        "提升卫生服务机构专业能力满足辖区内居民健康管理需求",
        "社区卫生机构人员专业能力得到提升，辖区居民健康管理需求得到保障",
        "人员专业能力得到提升、居民健康管理需求得到保障",
        "10",
        "10",
    ]
    assert row_starting(f, "可持续影响指标") == [
        "可持续影响指标",
        "卫生专业技术人员人才梯队建设",
        "（人才梯队建设）提升专业技术人员业务水平及服务能力",
        "得到提升",
        "10",
        "7",
        "有待进一步提高",
    ]
    assert row_starting(f, "成本指标") == [
        "成本指标",
        "继续医学教育培训成本",
        "≤13.66万元",
        "13.66万元",
        "15",
        "15",
    ]
    assert row_starting(f, "年度资金总额") == [
        "年度资金总额",
        "13.66",
        "13.66",
        "13.66",
        "10",
        "100%",
        "10",
    ]


def test_seed_002_form4(forms002: list[list[list[str]]]) -> None:
    f = forms002[3]
    assert row_starting(f, "质量指标") == ["质量指标", "故障率", "小于等于1%", "实现", "15", "15"]
    assert row_starting(f, "系统故障修复响应时间") == [
        "系统故障修复响应时间",
        "小于等于12小时",
        "实现",
        "15",
        "15",
    ]
    assert row_starting(f, "时效指标") == [
        "时效指标",
        "支出进度",
        "小于等于6月",
        "按计划完成",
        "10",
        "10",
    ]
    assert row_starting(f, "成本指标") == [
        "成本指标",
        "项目控制成本",
        "小于等于45.57万元",
        "实际执行金额为45.57万元",
        "10",
        "10",
    ]
    assert row_starting(f, "效益指标") == ["效益指标", "经济效益指标", "不涉及"]
    social = row_starting(f, "社会效益指标")
    assert social[0] == "社会效益指标"
    assert social[1].startswith("保障系统正常运行") and social[1].endswith("APP及微信公众号")
    assert social[2] == "优"
    assert social[3].startswith("2023年共计回访33884人。") and social[3].endswith("2.03万条")
    assert social[4:] == ["15", "11", "有待进一步提高使用率，提出业务要求"]
    assert row_starting(f, "上年结转资金") == ["上年结转资金", "0", "0", "0", "—", "—"]
    assert row_starting(f, "其他资金") == ["其他资金", "0", "0", "0", "—", "—"]
    assert f[-1] == ["总分", "100", "96"]


def test_cells_carry_their_lines() -> None:
    grid = to_grid(seed("002_ddf2ad2b933db61d.txt"))
    assert isinstance(grid, Grid) and grid.has_columns is False
    row = next(r for r in grid.rows if r.cells[0].text == "成本指标")
    assert row.line == 78
    target = row.cells[2]
    assert target.text == "不超过 2160\n元"
    assert (target.location.line, target.location.end_line) == (79, 81)


def test_page_furniture_is_dropped() -> None:
    text = "项目名称 测试项目\n- 1 -\n第 2 页\n主管部门 某委员会 实施单位 某中心\n"
    assert rows_of(text) == [
        ["项目名称", "测试项目"],
        ["主管部门", "某委员会", "实施单位", "某中心"],
    ]


# ---- one cell per line ----------------------------------------------------------------------

CELLS = """项目支出绩效自评表 |
(2024年度) |
项目名称 |
计划生育避孕药具经费 |
主管部门 |
北京市密云区卫生健康委员会 |
实施单位 |
北京市密云区卫生健康委员会(本级) |
项目资金(万元) |
年初预算数 |
全年预算数 |
全年执行数 |
分值 |
执行率 |
得分 |
年度资金总额 |
10 |
10 |
10 |
10 |
100% |
10 |
其中:当年财政拨款 |
10 |
10 |
10 |
— |
100% |
— |
上年结转资金 |
— |
— |
年度总体目标 |
预期目标 |
实际完成情况 |
提高基本避孕药具服务可及性, 使育龄群众获得规范的避孕服务。 |
购买了无纺布帆布袋和服务包。 |
绩效指标 |
一级指标 |
二级指标 |
三级指标 |
年度指标值 |
实际完成值 |
分值 |
得分 |
偏差原因分析及改进措施 |
产出指标 |
数量指标 |
基本避孕药具服务包 |
等于500个 |
500个 |
10 |
10 |
基本避孕药具发放量 (避孕套) |
≥60000盒 |
67600盒 |
5 |
4 |
发放量 不足 |
质量指标 |
避孕药具发放率覆盖率 |
100% |
100% |
10 |
10 |
总计 |
100 |
99 |
"""


def test_one_cell_per_line() -> None:
    rows = rows_of(CELLS)
    assert row_starting(rows, "主管部门") == [
        "主管部门",
        "北京市密云区卫生健康委员会",
        "实施单位",
        "北京市密云区卫生健康委员会(本级)",
    ]
    assert row_starting(rows, "其中:当年财政拨款") == [
        "其中:当年财政拨款",
        "10",
        "10",
        "10",
        "—",
        "100%",
        "—",
    ]
    assert row_starting(rows, "年度总体目标") == ["年度总体目标", "预期目标", "实际完成情况"]
    goals = rows[rows.index(["年度总体目标", "预期目标", "实际完成情况"]) + 1]
    assert goals == [
        "提高基本避孕药具服务可及性,使育龄群众获得规范的避孕服务。",
        "购买了无纺布帆布袋和服务包。",
    ]
    assert row_starting(rows, "产出指标") == [
        "产出指标",
        "数量指标",
        "基本避孕药具服务包",
        "等于500个",
        "500个",
        "10",
        "10",
    ]
    # a cell's own spaces never split it; the deviation note follows the score
    assert row_starting(rows, "基本避孕药具发放量(避孕套)") == [
        "基本避孕药具发放量(避孕套)",
        "≥60000盒",
        "67600盒",
        "5",
        "4",
        "发放量不足",
    ]
    assert rows[-1] == ["总计", "100", "99"]


def test_one_cell_per_line_without_pipes() -> None:
    text = CELLS.replace(" |\n", "\n")
    assert rows_of(text) == rows_of(CELLS)


# ---- a whole form on one line --------------------------------------------------------------

FLAT = (
    "项目支出绩效自评表 (2024年度) 项目名称 健康体检项目 主管部门 某区卫生健康委员会 实施单位 "
    "某区疾病预防控制中心 项目资金(万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分 "
    "年度资金总额 120 118 110.5 10 93.6% 9.4 其中：当年财政拨款 120 118 110.5 — 93.6% — "
    "上年结转资金 — — 其他资金 — — 年度总体目标 预期目标 实际完成情况 完成辖区居民健康体检。 "
    "完成体检2.1万人次。 绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 "
    "偏差原因分析及改进措施 产出指标 数量指标 体检人次 ≥20000人次 21000人次 20 20 "
    "质量指标 体检覆盖率 ≥95% 96% 20 20 时效指标 完成时间 2024年12月 2024年11月 10 10 "
    "效益指标 社会效益指标 居民健康意识 逐步提高 逐步提高 30 28 宣传不足，下年加强 "
    "满意度指标 服务对象满意度指标 受检者满意度 ≥90% 92% 10 10 总分 100 97.4"
)


def test_form_on_one_line() -> None:
    rows = rows_of(FLAT + "\n")
    assert row_starting(rows, "项目名称") == ["项目名称", "健康体检项目"]
    assert row_starting(rows, "主管部门") == [
        "主管部门",
        "某区卫生健康委员会",
        "实施单位",
        "某区疾病预防控制中心",
    ]
    assert row_starting(rows, "年度资金总额") == [
        "年度资金总额",
        "120",
        "118",
        "110.5",
        "10",
        "93.6%",
        "9.4",
    ]
    assert row_starting(rows, "上年结转资金") == ["上年结转资金", "—", "—"]
    goals = rows[rows.index(["年度总体目标", "预期目标", "实际完成情况"]) + 1]
    assert goals == ["完成辖区居民健康体检。", "完成体检2.1万人次。"]
    assert row_starting(rows, "质量指标") == ["质量指标", "体检覆盖率", "≥95%", "96%", "20", "20"]
    assert row_starting(rows, "效益指标") == [
        "效益指标",
        "社会效益指标",
        "居民健康意识",
        "逐步提高",
        "逐步提高",
        "30",
        "28",
        "宣传不足，下年加强",
    ]
    assert rows[-1] == ["总分", "100", "97.4"]


def test_several_forms_on_one_line() -> None:
    rows = rows_of(FLAT + " " + FLAT.replace("健康体检项目", "第二个项目") + "\n")
    assert [r for r in rows if r[0] == "项目名称"] == [
        ["项目名称", "健康体检项目"],
        ["项目名称", "第二个项目"],
    ]
    assert [r for r in rows if r[0] == "总分"] == [["总分", "100", "97.4"]] * 2


# ---- values printed before their labels ---------------------------------------------------

VALUES_FIRST = """项目支出绩效自评表
项目名称 基层医疗卫生服务能力提升项目补助资金
项目资金
（万元）
年初预
算数
全年预
算数
全年
执行数
分值 执行率 得分
4507.55 4507.55 4104.267 10 91% 9.1
年度资金总额
— —
其中：当年财政拨款
4507.55 4507.55 4104.267 — 91% —
上年结转资金
— —
其他资金
年度总体目标 预期目标 实际完成情况
更新设备，提升服务能力。
设备已购置并投入使用。
绩
效
指
标
一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
产出指标
数量指标
77件 77件 5 5
购置设备
19套 19套 5 5
购置慢病服务管理一体化设备
成本指标
4100万元 4104.267万元 5 4.5 超出金额在合理范围内
预计购买设备总价款
总计 100 98.6
"""


def test_values_before_labels() -> None:
    rows = rows_of(VALUES_FIRST)
    assert row_starting(rows, "年度资金总额") == [
        "年度资金总额",
        "4507.55",
        "4507.55",
        "4104.267",
        "10",
        "91%",
        "9.1",
    ]
    assert row_starting(rows, "其中：当年财政拨款") == ["其中：当年财政拨款", "—", "—"]
    assert row_starting(rows, "上年结转资金") == [
        "上年结转资金",
        "4507.55",
        "4507.55",
        "4104.267",
        "—",
        "91%",
        "—",
    ]
    assert row_starting(rows, "其他资金") == ["其他资金", "—", "—"]
    assert row_starting(rows, "产出指标") == [
        "产出指标",
        "数量指标",
        "购置设备",
        "77件",
        "77件",
        "5",
        "5",
    ]
    assert row_starting(rows, "购置慢病服务管理一体化设备") == [
        "购置慢病服务管理一体化设备",
        "19套",
        "19套",
        "5",
        "5",
    ]
    assert row_starting(rows, "成本指标") == [
        "成本指标",
        "预计购买设备总价款",
        "4100万元",
        "4104.267万元",
        "5",
        "4.5",
        "超出金额在合理范围内",
    ]


def test_a_column_of_values_before_the_column_of_names() -> None:
    text = (
        "项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n"
        "13.66 13.66 13.66 10 100% 10\n13.66 13.66 13.66 — 100% —\n— —\n— —\n"
        "年度资金总额\n其中：当年财政拨款\n上年结转资金\n其他资金\n"
        "年度总体目标 预期目标 实际完成情况\n"
    )
    rows = rows_of(text)
    assert rows[1:5] == [
        ["年度资金总额", "13.66", "13.66", "13.66", "10", "100%", "10"],
        ["其中：当年财政拨款", "13.66", "13.66", "13.66", "—", "100%", "—"],
        ["上年结转资金", "—", "—"],
        ["其他资金", "—", "—"],
    ]


# ---- other provinces' templates in flow form ----------------------------------------------

SICHUAN = """项目支出绩效目标自评表
（2022 年度）
项目名称 农村饮水安全维修养护
主管部门 中江县水利局 实施单位 中江县农村供水站
项目负责人及电话 王明 0838-7202020
项目资金
（万元）
全年预算数
（A）
全年执行数
（B）
分值 执行率
（B/A）
得分
年度资金总额 80 76 10 95% 9.5
其中：本年财政拨款 80 76 — 95% —
其他资金 — —
年度总体目标
年初设定目标 年度总体目标完成情况综述
保障农村饮水工程正常运行。
全年维修工程 120 处，工程运行正常。
绩
效
指
标
一级指标 二级指标 三级指标 分值 年度指标值 全年实际值 得分 未完成原因及拟采取的改进措施
产出指标(50分)
数量指标 维修工程数量 20 ≥100 处 120 处 20
质量指标 工程验收合格率 15 100% 100% 15
时效指标 完成及时率 15 ≥95% 90% 13 个别工程因雨季延期
效益指标(30分)
社会效益指标 保障群众饮水安全 30 有效保障 有效保障 30
满意度指标(10分)
服务对象满意度指标 受益群众满意度 10 ≥90% 93% 10
总分 100 97.5
"""


def test_sichuan_weight_before_values() -> None:
    rows = rows_of(SICHUAN)
    assert row_starting(rows, "项目负责人及电话") == ["项目负责人及电话", "王明0838-7202020"]
    assert row_starting(rows, "项目资金（万元）") == [
        "项目资金（万元）",
        "全年预算数（A）",
        "全年执行数（B）",
        "分值",
        "执行率（B/A）",
        "得分",
    ]
    assert row_starting(rows, "年度资金总额") == ["年度资金总额", "80", "76", "10", "95%", "9.5"]
    assert row_starting(rows, "年度总体目标") == [
        "年度总体目标",
        "年初设定目标",
        "年度总体目标完成情况综述",
    ]
    header = row_starting(rows, "绩效指标")
    assert header[4:6] == ["分值", "年度指标值"]
    assert row_starting(rows, "产出指标(50分)") == [
        "产出指标(50分)",
        "数量指标",
        "维修工程数量",
        "20",
        "≥100处",
        "120处",
        "20",
    ]
    assert row_starting(rows, "时效指标") == [
        "时效指标",
        "完成及时率",
        "15",
        "≥95%",
        "90%",
        "13",
        "个别工程因雨季延期",
    ]
    assert row_starting(rows, "效益指标(30分)") == [
        "效益指标(30分)",
        "社会效益指标",
        "保障群众饮水安全",
        "30",
        "有效保障",
        "有效保障",
        "30",
    ]
    assert rows[-1] == ["总分", "100", "97.5"]


NATURE_COLUMNS = """绩效指标
一级指标 二级指标 三级指标 指标性质 指标值 度量单位 实际完成值 分值 得分
产出指标 数量指标 培训人次 ≥ 1642 人次 1556 15 13
时效指标 完成时间 ≤ 10 月 10 15 15
总分 100 95
"""


def test_nature_value_unit_columns() -> None:
    rows = rows_of(NATURE_COLUMNS)
    assert rows[0][:4] == ["绩效指标", "一级指标", "二级指标", "三级指标"]
    assert row_starting(rows, "产出指标") == [
        "产出指标",
        "数量指标",
        "培训人次",
        "≥",
        "1642",
        "人次",
        "1556",
        "15",
        "13",
    ]
    assert row_starting(rows, "时效指标") == [
        "时效指标",
        "完成时间",
        "≤",
        "10",
        "月",
        "10",
        "15",
        "15",
    ]


# ---- robustness ---------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.text(max_size=30),
            st.sampled_from(
                [
                    "项目名称",
                    "年度资金总额",
                    "产出指标",
                    "数量指标",
                    "15",
                    "—",
                    "总分",
                    "\n",
                    "\n\n",
                    " ",
                    " | ",
                    "绩\n效\n指\n标",
                    "一级指标 二级指标",
                    "预期目标",
                    "≥90%",
                    "10 10",
                    "\f",
                ]
            ),
        ),
        max_size=60,
    )
)
def test_never_raises(parts: list[str]) -> None:
    text = "".join(parts)
    assert isinstance(to_grid(text), Grid)
    for row in split_rows(text):
        assert row.cells
        for cell in row.cells:
            assert cell.text.strip()


def test_goal_texts_after_their_own_labels_and_loose_funds_values() -> None:
    text = (
        "项目名称 X\n"
        "项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n"
        "年度资金总额 4,507.55 4507.55万元 4104.267 10 91 % 9.1\n"
        "年度总体目标\n预期目标\n完成甲乙丙。\n实际完成情况\n已完成甲乙。\n"
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施\n"
        "产出指标 数量指标 完成任务数 10 项 8 项 15 13 2 项任务延期\n"
        "总分 100 95\n"
        "填表人：张三 联系电话：123\n"
    )
    rows = rows_of(text)
    assert row_starting(rows, "年度资金总额") == [
        "年度资金总额",
        "4,507.55",
        "4507.55万元",
        "4104.267",
        "10",
        "91%",
        "9.1",
    ]
    assert ["预期目标", "完成甲乙丙。"] in rows
    assert ["实际完成情况", "已完成甲乙。"] in rows
    assert row_starting(rows, "产出指标")[-3:] == ["15", "13", "2项任务延期"]
    # a phone number in the footer does not open a new form's header
    assert not any(r[0] == "联系电话" for r in rows)


# ---- every shape the renderer prints reads back row for row --------------------------------


def _form() -> Any:
    from jixiao.model.form import Form, Funds, FundsRow, Indicator

    def ind(
        l1: str, l2: str, l3: str, t: str, a: str, w: float, s: float, d: str | None = None
    ) -> Indicator:
        return Indicator(
            level1=l1, level2=l2, level3=l3, target=t, actual=a, weight=w, score=s, deviation=d
        )

    return Form(
        year=2023,
        project_name="2023年基层党组织党建活动经费",
        project_code="11010623T000002053535",
        department="北京市丰台区卫生健康委员会",
        department_code="149001",
        implementer="北京市丰台区社区卫生服务管理中心",
        implementer_code="149020",
        manager="程瑞",
        phone="83948926",
        funds=Funds(
            unit="万元",
            total=FundsRow(initial=0, adjusted=0.216, executed=0.216, rate=1.0),
            current=FundsRow(initial=0, adjusted=0.216, executed=0.216, rate=1.0),
            weight=10,
            rate=1.0,
            score=10,
        ),
        goal_expected="党员思想政治教育是党建设工作的重中之重，教育工作需要全面性和经常性。通过系统的理论学习，提高党员思想政治素质。",
        goal_actual="组织党员参观长辛店二七纪念馆，了解工人运动历史。购买图书开展集中学习。",
        indicators=[
            ind("产出指标", "数量指标", "参与党员人数", "21", "21", 15, 15),
            ind(
                "产出指标",
                "数量指标",
                "培训参加人次",
                "≥1642人次",
                "1556人次",
                10,
                9,
                "部分人员流出无法参与培训。",
            ),
            ind(
                "产出指标",
                "时效指标",
                "年度项目完成时间",
                "2024年12月31日",
                "2024年12月31日",
                5,
                3,
                "计划2025年完成",
            ),
            ind(
                "产出指标", "成本指标", "项目控制成本", "不超过2160元", "实际执行金额2160元", 10, 10
            ),
            ind(
                "效益指标",
                "社会效益指标",
                "提高党员思想政治素质、服务群众意识",
                "得到提高",
                "提高了党员思想政治素质为群众服务的思想政治觉悟",
                30,
                27,
                "有待进一步提高",
            ),
            ind(
                "效益指标",
                "可持续影响指标",
                "数字化X射线摄像系统2使用5年",
                "可持续使用",
                "可持续使用",
                10,
                10,
            ),
            ind(
                "满意度指标",
                "服务对象满意度指标",
                "参与活动党员的满意度",
                "≥90%",
                "基本满意",
                10,
                8,
                "有待进一步提高",
            ),
        ],
        total_weight=100,
        total_score=92,
    )


_FOLD = str.maketrans("（）", "()")


def _squeeze(text: str) -> str:
    return "".join(text.split()).translate(_FOLD)


@pytest.mark.parametrize("style", ["cells", "flat", "pdf"])
@pytest.mark.parametrize("variant", ["standard", "level1_weights", "sichuan", "yuan"])
def test_rendered_shapes_read_back_row_for_row(style: str, variant: str) -> None:
    from jixiao.render.text import Style, Variant, form_grid, render

    options = {} if variant == "standard" else {variant: True}
    form, shape = _form(), Variant(**options)
    want = [[_squeeze(c) for c in line.cells if c] for line in form_grid(form, shape)]
    got = [
        [_squeeze(c.text) for c in row.cells]
        for row in to_grid(render(form, Style(style), shape)).rows
    ]
    if style == "flat":  # title and year share the one line
        want = [want[0] + want[1], *want[2:]]
    assert got == want


def test_title_repeated_at_a_page_top_is_furniture() -> None:
    text = (
        "项目支出绩效自评表\n项目名称 测试项目\n"
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施\n"
        "产出指标 数量指标 培训人次 ≥100 人次 120 人次 20 20\n\f"
        "项目支出绩效自评表\n- 2 -\n"
        "质量指标 合格率 100% 100% 20 20\n总分 100 100\n"
    )
    rows = rows_of(text)
    assert [r for r in rows if r[0] == "项目支出绩效自评表"] == [["项目支出绩效自评表"]]
    assert row_starting(rows, "质量指标") == ["质量指标", "合格率", "100%", "100%", "20", "20"]
    assert rows[-1] == ["总分", "100", "100"]


def test_full_width_digits_split_like_ascii() -> None:
    text = (
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施\n"
        "产出指标 数量指标 培训人次 ≥１００ 人次 １２０ 人次 １０ ７ 部分人员未参训\n总分 １００ ９７\n"
    )
    rows = rows_of(text)
    assert row_starting(rows, "产出指标") == [
        "产出指标",
        "数量指标",
        "培训人次",
        "≥100人次",
        "120人次",
        "10",
        "7",
        "部分人员未参训",
    ]
    assert rows[-1] == ["总分", "100", "97"]


def test_sichuan_row_without_score_ends_before_the_next_row() -> None:
    text = (
        "一级指标 二级指标 三级指标 分值 年度指标值 全年实际值 得分 未完成原因分析\n"
        "质量指标\n慰问及帮扶计划生育特\n殊家庭比例\n\n5 逐步提高 逐步提高\n\n"
        "慰问及帮扶失独家庭\n比例\n\n5 全覆盖 全覆盖 5\n\n总分 100 95\n"
    )
    rows = rows_of(text)
    assert row_starting(rows, "质量指标") == [
        "质量指标",
        "慰问及帮扶计划生育特殊家庭比例",
        "5",
        "逐步提高",
        "逐步提高",
    ]
    assert row_starting(rows, "慰问及帮扶失独家庭比例") == [
        "慰问及帮扶失独家庭比例",
        "5",
        "全覆盖",
        "全覆盖",
        "5",
    ]
