"""The recognizer on seed 000 (密云 2024, a spreadsheet export with shifted rows) and on a flow
grid: the tricky rows named in issue #2 are read by structure, not by position."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.recognize_helpers import codes, flow_grid, read

from jixiao.document import Document
from jixiao.model import Form
from jixiao.recognize import recognize

SEED_000 = Path(__file__).resolve().parents[1] / "src/jixiao/samples/000_9da3ca00a275ab0a.txt"


@pytest.fixture(scope="module")
def forms() -> list[Form]:
    result = read(SEED_000.read_text("utf-8"), name=SEED_000.name)
    assert result.problems == []
    return result.forms


def test_twelve_complete_forms_in_order(forms: list[Form]) -> None:
    assert len(forms) == 12
    assert [f.form_index for f in forms] == list(range(12))
    assert all(f.complete and f.year == 2024 and f.document == SEED_000.name for f in forms)
    assert forms[0].project_name == "基层医疗卫生服务能力提升项目补助资金"
    assert forms[11].project_name == "卫生系统人才资格考试及能力提升等"


def test_header_codes_and_suffixes(forms: list[Form]) -> None:
    assert forms[5].department == "北京市密云区卫生健康委员会"
    assert forms[5].department_code == "162001"
    assert forms[1].implementer == "北京市密云区卫生健康委员会(本级)"
    assert forms[1].implementer_code is None
    src = forms[5].sources["department"]
    assert src.raw == "北京市密云区卫生健康委员会162001" and src.location.line is not None


def test_funds_read_by_order_and_self_check(forms: list[Form]) -> None:
    f0 = forms[0].funds
    assert f0.unit == "万元"
    assert (f0.total.initial, f0.total.adjusted, f0.total.executed) == (4507.55, 4507.55, 4104.267)
    assert (f0.weight, f0.rate, f0.score) == (10, 0.91, 9.1)
    assert f0.current.is_empty()
    assert f0.carryover.rate == 0.91
    # two amounts under three columns: the printed 100% says adjusted + executed
    audit = forms[9].funds
    assert audit.total.initial is None
    assert (audit.total.adjusted, audit.total.executed, audit.rate) == (4.864, 4.864, 1.0)
    # a header that prints only three of the six column labels
    platform = forms[7].funds
    assert (platform.total.executed, platform.weight, platform.rate, platform.score) == (
        1945.33,
        10,
        0.49,
        4.9,
    )
    assert forms[0].sources["funds.total.executed"].raw == "4104.267"


def test_goals_below_their_labels(forms: list[Form]) -> None:
    assert forms[0].goal_expected is not None
    assert forms[0].goal_expected.startswith("对各基层医疗机构进行设备标准化配备")
    assert forms[0].goal_actual == "满足辖区内老百姓就医需求，全面提升医疗机构救治水平。"
    # <p> tags dropped
    assert forms[10].goal_expected is not None and "<p>" not in forms[10].goal_expected


def test_indicator_rows_shifted_left_keep_their_levels(forms: list[Form]) -> None:
    inds = forms[0].indicators
    assert len(inds) == 17
    row = inds[14]  # "健康体检一体机可使用5年" printed from the first column
    assert (row.level1, row.level2, row.level3) == (
        "效果指标",
        "可持续影响",
        "健康体检一体机可使用5年",
    )
    assert (row.target, row.actual, row.weight, row.score) == ("可持续使用", "可持续使用", 5, 5)
    cost = inds[10]
    assert cost.deviation == "实际支出大于预算，超出金额在合理范围内"
    assert (cost.weight, cost.score) == (5, 4.5)
    assert cost.sources["score"].raw == "4.5"


def test_level1_inferred_from_level2_in_the_level1_column(forms: list[Form]) -> None:
    form = forms[2]
    assert form.indicators[0].level1 == "产出指标"
    assert form.indicators[0].level2 == "数量指标"
    assert "level1-inferred" in codes(form)
    assert "level1" not in form.indicators[0].sources


def test_row_with_one_number_is_a_weight_and_the_score_stays_missing(forms: list[Form]) -> None:
    form = forms[4]
    row = next(i for i in form.indicators if i.level3 == "慰问及帮扶计划生育特殊家庭比例")
    assert (row.level2, row.weight, row.score) == ("质量指标", 5, None)
    note = next(n for n in form.notes if n.code == "score-missing")
    assert "5" in note.message


def test_totals_and_sums_agree(forms: list[Form]) -> None:
    for form in forms:
        assert form.total_weight == 100
        weights = (form.funds.weight or 0) + sum(i.weight or 0 for i in form.indicators)
        assert weights == pytest.approx(100), form.project_name
    assert [f.total_score for f in forms][:3] == [98.6, 100, 95.2]


def test_cost_under_output_and_effect_wording_kept(forms: list[Form]) -> None:
    levels = {(i.level1, i.level2) for f in forms for i in f.indicators}
    assert ("产出指标", "成本指标") in levels
    assert ("效果指标", "社会效益") in levels
    assert all(i.level1 != "成本指标" for f in forms for i in f.indicators)


def test_flow_grid_reads_like_a_tab_grid() -> None:
    rows = [
        ["项目支出绩效自评表"],
        ["（2023 年度）"],
        ["项目名称", "11010623T000002053535-2023 年基层党组织党建活动经费"],
        [
            "主管部门",
            "149001-北京市丰台区卫生健康委员会",
            "实施单位",
            "149020-北京市丰台区社区卫生服务管\n理中心",
        ],
        ["项目负责人", "程瑞", "联系电话", "83948926"],
        [
            "项目资金\n（万元）",
            "年初预\n算数",
            "全年预\n算数",
            "全年\n执行数",
            "分值",
            "执行率",
            "得分",
        ],
        ["年度资金总额", "0", "0.2160", "0.2160", "10", "100%", "10"],
        ["其中：当年财政拨款", "0", "0.2160", "0.2160", "—", "100%", "—"],
        ["上年结转资金", "—", "—"],
        ["年度总体目标", "预期目标", "实际完成情况"],
        ["提高党员思想政治\n素质。", "组织党员参观。"],
        [
            "绩\n效\n指\n标",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度\n指标值",
            "实际\n完成值",
            "分值",
            "得分",
            "偏差原因分析及改\n进措施",
        ],
        ["产出指标", "数量指标", "参与党员人数", "21", "21", "15", "15"],
        ["质量指标"],
        ["效益指标", "经济效益\n指标"],
        ["社会效益\n指标", "提高党员素质", "得到\n提高", "提高了", "30", "27", "有待进一步提高"],
        ["满意度\n指标", "服务对象满意度\n标", "党员满意度", "80%", "基本满意", "10", "8"],
        ["总分", "100", "95"],
    ]
    result = recognize(Document(name="flow", grids=[flow_grid(rows)]))
    (form,) = result.forms
    assert (form.year, form.project_code, form.project_name) == (
        2023,
        "11010623T000002053535",
        "2023年基层党组织党建活动经费",
    )
    assert (form.department_code, form.implementer) == (
        "149001",
        "北京市丰台区社区卫生服务管理中心",
    )
    assert (form.manager, form.phone) == ("程瑞", "83948926")
    assert (form.funds.total.initial, form.funds.total.adjusted) == (0, 0.216)
    assert form.goal_expected == "提高党员思想政治素质。"
    assert form.goal_actual == "组织党员参观。"
    assert [i.level3 for i in form.indicators] == ["参与党员人数", "提高党员素质", "党员满意度"]
    social = form.indicators[1]
    assert (social.level1, social.level2, social.target, social.deviation) == (
        "效益指标",
        "社会效益指标",
        "得到提高",
        "有待进一步提高",
    )
    assert form.indicators[2].level2 == "服务对象满意度标"
    assert codes(form).count("template-row-skipped") == 2
    assert (form.total_weight, form.total_score) == (100, 95)
