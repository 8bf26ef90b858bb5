"""The layout reader: ``pdftotext -layout`` style text (columns kept by padding with spaces).

Why hand-made forms besides the six committed exports: those all come from one producer
(LibreOffice), so their spacing is one spacing.  Here one form — 元 amounts, Sichuan columns (分值
before the values), a 20-point funds block, wrapped 三级指标 texts printed above *and* below their
row's values, merged labels on the middle line of their cells, a page break with a page number —
is laid out twice: wide like a LibreOffice PDF and tight (two spaces between columns) like a Word or
WPS one.  Both must read to the same known answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jixiao
from jixiao.readers.text import layout
from jixiao.readers.text.backend import text_to_document

EXPORTS = Path(__file__).parent / "data" / "fixtures" / "text-exports"
SAMPLES = Path(__file__).resolve().parents[1] / "src" / "jixiao" / "samples"


@dataclass(frozen=True)
class Producer:
    """Where one producer puts the form's columns (display positions)."""

    title: int
    year: int
    label: int  # 项目名称 / 主管部门
    value: int
    label2: int  # 实施单位
    value2: int
    row: int  # 年度资金总额 ...
    funds: tuple[int, ...]  # 年初预算数 .. 得分
    goal: int
    actual: int
    ind: tuple[int, ...]  # 一级指标 .. 未完成原因分析


WIDE = Producer(
    30, 33, 2, 22, 56, 70, 10, (28, 42, 56, 70, 78, 90), 8, 60, (6, 18, 30, 52, 60, 74, 88, 96)
)
TIGHT = Producer(
    20, 22, 0, 10, 30, 40, 6, (20, 31, 42, 53, 57, 65), 7, 32, (0, 6, 12, 25, 29, 40, 51, 55)
)


def line(cells: dict[int, str]) -> str:
    """One printed line: each text at its column (display positions, one per character)."""
    out = ""
    for col, text in sorted(cells.items()):
        if out and col < len(out) + 2:
            raise ValueError(f"{text!r} at {col} runs into {out!r}")
        out += " " * (col - len(out)) + text
    return out


def across(cols: tuple[int, ...], *texts: str) -> dict[int, str]:
    """Texts at consecutive columns."""
    return {col: text for col, text in zip(cols, texts, strict=False)}


def form(c: Producer) -> str:
    """The hand-made form laid out as producer ``c`` would."""
    f, i = c.funds, c.ind

    def ind(level3: str, weight: str, target: str, done: str, score: str) -> dict[int, str]:
        return across(i[2:], level3, weight, target, done, score)

    amounts = ("1,250,000", "1,250,000", "1,180,000")
    lines = [
        line({c.title: "项目支出绩效自评表"}),
        line({c.year: "(2024年度)"}),
        line({c.label: "项目名称", c.value: "乡村道路养护补助"}),
        line(
            {
                c.label: "主管部门",
                c.value: "某县交通运输局",
                c.label2: "实施单位",
                c.value2: "某县公路事务中心",
            }
        ),
        "",
        line(across(f, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")),
        line({c.row: "年度资金总额", **across(f, *amounts, "20", "94.4%", "18.88")}),
        line({0: "项目资金"}),
        line({c.row: "其中：当年财政拨款", **across(f, *amounts, "—", "94.4%", "—")}),
        line({1: "(元)"}),
        line({c.row: "上年结转资金", f[3]: "—", f[5]: "—"}),
        line({c.row: "其他资金", f[3]: "—", f[5]: "—"}),
        line({c.goal + 14: "年初设定目标", c.actual + 4: "年度总体目标完成情况综述"}),
        "",
        line(
            {
                c.goal: "完成全县乡村道路日常养护一百二十公里，及时修补",
                c.actual: "全年完成养护一百二十公里，",
            }
        ),
        line(
            {
                0: "年度总体目",
                c.goal: "路面病害，保障群众安全便捷出行。",
                c.actual: "群众出行满意度明显提升。",
            }
        ),
        line({2: "标"}),
        "",
        line(
            across(
                i,
                "一级指标",
                "二级指标",
                "三级指标",
                "分值",
                "年度指标值",
                "全年实际值",
                "得分",
                "未完成原因分析",
            )
        ),
        line({i[2]: "县道、乡道日常养护里程"}),
        line(across(i[3:], "10", "120公里", "120公里", "10")),
        line({i[1]: "数量指标", i[2]: "（含桥梁涵洞）"}),
        line(ind("修补路面坑槽面积", "10", "≥3000平方米", "3260平方米", "10")),
        line({i[0]: "产出指标"}),
        line(ind("养护路段优良率", "10", "≥85%", "88%", "10")),
        line({i[1]: "质量指标"}),
        line({**ind("病害处置及时率", "10", "≥95%", "93%", "9"), i[7]: "雨季病害集中"}),
        line({i[7]: "，处置偏慢"}),
        "",
        line({i[2] + 8: "第 1 页"}),
        "\f"
        + line(
            {i[1]: "时效指标", **ind("养护任务按季度完成", "5", "按季度完成", "按季度完成", "5")}
        ),
        line({i[1]: "成本指标", **ind("每公里养护成本", "5", "≤10000元", "9833元", "5")}),
        line(ind("群众出行便捷度", "10", "明显提升", "明显提升", "10")),
        line({i[0]: "效益指标", i[1]: "社会效益"}),
        line(ind("道路安全事故发生率", "10", "同比下降", "同比下降", "10")),
        line({i[0]: "满意度指", i[1]: "服务对象满"}),
        line(ind("沿线群众满意度", "10", "≥90%", "92%", "10")),
        line({i[0] + 2: "标", i[1]: "意度指标"}),
        line({i[2]: "总分", i[3]: "100", i[6]: "97.88"}),
        "",
        line({i[2] + 8: "第 2 页"}),
    ]
    return "\n".join(lines) + "\n"


INDICATORS = [
    # level1, level2, level3, weight, target, actual, score
    ("产出指标", "数量指标", "县道、乡道日常养护里程（含桥梁涵洞）", 10, "120公里", "120公里", 10),
    ("产出指标", "数量指标", "修补路面坑槽面积", 10, "≥3000平方米", "3260平方米", 10),
    ("产出指标", "质量指标", "养护路段优良率", 10, "≥85%", "88%", 10),
    ("产出指标", "质量指标", "病害处置及时率", 10, "≥95%", "93%", 9),
    ("产出指标", "时效指标", "养护任务按季度完成", 5, "按季度完成", "按季度完成", 5),
    ("产出指标", "成本指标", "每公里养护成本", 5, "≤10000元", "9833元", 5),
    ("效益指标", "社会效益", "群众出行便捷度", 10, "明显提升", "明显提升", 10),
    ("效益指标", "社会效益", "道路安全事故发生率", 10, "同比下降", "同比下降", 10),
    ("满意度指标", "服务对象满意度指标", "沿线群众满意度", 10, "≥90%", "92%", 10),
]


@pytest.mark.parametrize("positions", [WIDE, TIGHT], ids=["wide", "tight"])
def test_hand_made_form_reads_exactly(positions: Producer) -> None:
    text = form(positions)
    assert layout.looks_like_layout(text)
    result = jixiao.parse_text(text, "road.txt")
    assert not [p for p in result.problems if p.severity == "error"], result.problems
    [f] = result.forms
    assert (f.year, f.project_name) == (2024, "乡村道路养护补助")
    assert (f.department, f.implementer) == ("某县交通运输局", "某县公路事务中心")
    funds = f.funds
    assert funds.unit == "元"
    assert (funds.total.initial, funds.total.adjusted, funds.total.executed) == (
        1250000,
        1250000,
        1180000,
    )
    assert (funds.current.initial, funds.current.executed) == (1250000, 1180000)
    assert (funds.weight, funds.score) == (20, 18.88)
    assert (
        f.goal_expected
        == "完成全县乡村道路日常养护一百二十公里，及时修补路面病害，保障群众安全便捷出行。"
    )
    assert f.goal_actual == "全年完成养护一百二十公里，群众出行满意度明显提升。"
    got = [
        (x.level1, x.level2, x.level3, x.weight, x.target, x.actual, x.score) for x in f.indicators
    ]
    assert got == INDICATORS
    assert f.indicators[3].deviation == "雨季病害集中，处置偏慢"
    assert (f.total_weight, f.total_score) == (100, 97.88)


def test_values_keep_their_line_and_column() -> None:
    text = form(WIDE)
    [f] = jixiao.parse_text(text, "road.txt").forms
    lines = text.split("\n")
    wrapped = f.indicators[0].sources["level3"].location
    assert (wrapped.line, wrapped.end_line) == (20, 22)  # printed above and below its values
    assert lines[wrapped.line - 1].strip() == "县道、乡道日常养护里程"
    weight = f.indicators[0].sources["weight"].location
    assert weight.line == 21 and "10" in lines[weight.line - 1]
    # the grid's columns: the weight sits in the 分值 column of the header row
    grid = text_to_document(text, "road.txt").grids[0]
    header = next(r for r in grid.rows if r.cells[0].text == "一级指标")
    value_row = next(r for r in grid.rows if r.line == 20)
    weight_col = next(c.col for c in value_row.cells if c.text == "10")
    assert header.cells[weight_col or 0].text == "分值"
    assert weight.column == (weight_col or 0) + 1


def test_page_furniture_is_no_cell() -> None:
    grid = layout.to_grid(form(WIDE))
    assert grid is not None and grid.has_columns
    texts = [c.text for r in grid.rows for c in r.cells]
    assert not [t for t in texts if "页" in t]
    pages = {c.location.page for r in grid.rows for c in r.cells}
    assert pages == {1, 2}


@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in EXPORTS.glob("*.layout.txt")),
)
def test_pdftotext_layout_exports_are_detected(name: str) -> None:
    assert layout.looks_like_layout((EXPORTS / name).read_text("utf-8"))


def _other_shapes() -> list[tuple[str, str]]:
    shapes = [
        ("tsv", "项目名称\t道路养护\n主管部门\t交通局\n年初预算数\t全年预算数\t执行数\n1\t2\t3\n"),
        ("pipe", "| 项目名称 | 道路养护 |\n|---|---|\n| 主管部门 | 交通局 |\n| 分值 | 10 |\n"),
        ("one cell per line", "项目名称\n道路养护\n主管部门\n交通局\n年初预算数\n100\n" * 3),
        ("one-line form", "项目名称 道路养护 主管部门 交通局 年初预算数 100 全年预算数 100\n"),
        ("prose", "这是一段说明文字。  作者在句号后面习惯空两格。\n第二段  也是这样。\n" * 4),
    ]
    for p in sorted(EXPORTS.glob("*")):
        if not p.name.endswith(".layout.txt") and p.suffix in (".txt", ".csv"):
            shapes.append((p.name, p.read_text("utf-8")))
    for p in sorted(SAMPLES.glob("*.txt")):
        shapes.append((p.name, p.read_text("utf-8")))
    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    for p in sorted(seeds.glob("*.txt")) if seeds.is_dir() else []:
        shapes.append((f"seed {p.name}", p.read_text("utf-8", errors="replace")))
    return shapes


@pytest.mark.parametrize(
    "text", [t for _, t in _other_shapes()], ids=[n for n, _ in _other_shapes()]
)
def test_other_text_shapes_are_not_claimed(text: str) -> None:
    """Tab, pipe, CSV, flow and one-cell-per-line text keep their own readers."""
    doc = text_to_document(text, "x.txt")
    assert doc.format != "text/layout"


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 60),
            st.sampled_from(
                ["项目名称", "产出指标", "数量指标", "10", "—", "完成全县道路养护", "总分", "\f"]
            ),
        ),
        max_size=40,
    )
)
def test_layout_reader_never_raises(placed: list[tuple[int, str]]) -> None:
    text = "\n".join(" " * col + word + "   " + word for col, word in placed)
    grid = layout.to_grid(text)
    assert grid is None or all(c.text.strip() for r in grid.rows for c in r.cells)


def test_side_by_side_texts_joined_by_one_space_are_cut_apart() -> None:
    """Two long goal texts side by side: where the left line ends in digits pdftotext leaves a
    single space before the right one; the left text's wrapping width tells where it ends."""
    text = "\n".join(
        [
            line({26: "年初设定目标", 50: "年度总体目标完成情况综述"}),
            " " * 8 + "完成全县乡村道路日常养护里程不少于120 全年完成乡村道路养护126公里，修补坑槽",
            "年度总体目   公里，修补路面坑槽面积不少于3000平方 3260平方米，病害处置及时率93%，群众",
            line({2: "标", 8: "米，及时处置雨季路面病害和桥涵隐患，", 48: "出行满意度92%。"}),
            line({8: "保障群众安全便捷出行。"}),
        ]
    )
    grid = layout.to_grid(text)
    assert grid is not None
    goals = next(r for r in grid.rows if r.cells[0].text.startswith("年度总体目"))
    assert [c.text for c in goals.cells] == [
        "年度总体目标",
        "完成全县乡村道路日常养护里程不少于120公里，修补路面坑槽面积不少于3000平方米，"
        "及时处置雨季路面病害和桥涵隐患，保障群众安全便捷出行。",
        "全年完成乡村道路养护126公里，修补坑槽3260平方米，病害处置及时率93%，群众出行满意度92%。",
    ]
    assert [c.col for c in goals.cells] == [0, 1, 2]
