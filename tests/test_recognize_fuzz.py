"""The recognizer never raises: arbitrary grids built from form vocabulary, numbers and noise, in
grids with and without columns, give forms or problems — never an exception or a crash report."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.document import Cell, Document, Grid, Row
from jixiao.model import Location
from jixiao.readers.text.tabular import to_grid
from jixiao.recognize import recognize

VOCABULARY = [
    "项目支出绩效自评表",
    "（2024年度）",
    "项目名称",
    "主管部门",
    "实施单位",
    "项目负责人及电话",
    "项目资金（万元）",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "分值",
    "执行率",
    "得分",
    "年度资金总额",
    "其中：当年财政拨款",
    "上年结转资金",
    "其他资金",
    "财政专户管理资金",
    "年度总体目标",
    "预期目标",
    "实际完成情况",
    "绩效指标",
    "一级指标",
    "二级指标",
    "三级指标",
    "指标性质",
    "指标值",
    "度量单位",
    "年度指标值",
    "实际完成值",
    "偏差原因分析及改进措施",
    "产出指标",
    "产出指标(50分)",
    "数量指标",
    "成本指标",
    "经济成本指标",
    "效果指标",
    "社会效益",
    "满意度指标",
    "服务对象满意度指标",
    "总分",
    "总计",
    "合计",
    "自评等级",
    "优",
    "指标1：",
    "……",
    "不涉及",
    "—",
    "",
    "5",
    "10",
    "100",
    "4.5",
    "91%",
    "0",
    "≥90%",
    "1,200.50",
    "149001-北京市",
    "得分计算方法",
    "正向",
    "人次",
    "<p>文本</p>",
    "#####",
]
TEXT = st.one_of(st.sampled_from(VOCABULARY), st.text(max_size=12))
ROWS = st.lists(st.lists(TEXT, max_size=10), max_size=60)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _grid(rows: list[list[str]], columns: bool) -> Grid:
    out = []
    for n, texts in enumerate(rows, start=1):
        cells = [
            Cell(t, Location(line=n, column=k + 1), col=k if columns else None)
            for k, t in enumerate(texts)
        ]
        out.append(Row(cells, line=n))
    return Grid(rows=out, has_columns=columns)


def _check(document: Document) -> None:
    result = recognize(document)
    assert all(p.code != "recognize-error" for p in result.problems), result.problems
    assert result.forms or result.problems
    for form in result.forms:
        form.to_json()  # the output serializes


@FUZZ
@given(pages=st.lists(st.tuples(ROWS, st.booleans()), max_size=3))
def test_arbitrary_grids_never_crash(pages: list[tuple[list[list[str]], bool]]) -> None:
    _check(Document(name="fuzz", grids=[_grid(rows, cols) for rows, cols in pages]))


@FUZZ
@given(rows=ROWS, sep=st.sampled_from(["\t", " | "]))
def test_arbitrary_delimited_text_never_crashes(rows: list[list[str]], sep: str) -> None:
    lines = [("| " + sep.join(r) + " |") if sep != "\t" else sep.join(r) for r in rows]
    grid = to_grid("\n".join(lines))
    if grid is not None:
        _check(Document(name="fuzz", grids=[grid]))
