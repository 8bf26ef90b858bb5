"""ECharts options for the report's charts, as JSON-able dicts (``echarts.setOption(option)``).

Options only, no JavaScript functions: they travel as JSON into the HTML report and the web
dashboard alike.  Long Chinese department names go on a category axis of horizontal bars, where
they have room; only the worst departments and the most frequent codes are drawn (the tables
beside the charts list them all).
"""

from __future__ import annotations

import math
from typing import Any

from jixiao.analysis.model import ReportData

SEVERITY = {
    "error": ("错误", "#d9534f"),
    "warning": ("警告", "#f0ad4e"),
    "info": ("提示", "#5b9bd5"),
}
MAX_BARS = 20
FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
NO_GRADE = "未填写"


def _base(title: str, subtitle: str = "") -> dict[str, Any]:
    return {
        "title": {"text": title, "subtext": subtitle, "left": "center",
                  "textStyle": {"fontSize": 15}},
        "textStyle": {"fontFamily": FONT},
        "animation": False,
        "tooltip": {"trigger": "item"},
    }  # fmt: skip


def _cut(text: str, n: int = 16) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def scatter_chart(data: ReportData) -> dict[str, Any]:
    """Printed total against execution rate; a point's size grows with the forms it holds."""
    most = max((p.forms for p in data.scatter), default=1)
    points = [
        {"value": [p.rate, p.score, p.forms],
         "symbolSize": round(6 + 18 * math.sqrt(p.forms / most), 1)}
        for p in data.scatter
    ]  # fmt: skip
    low = min((p.score for p in data.scatter), default=0.0)
    floor = max(0.0, math.floor(low / 10) * 10 - 10)
    option = _base("自评总分与资金执行率", "每点为执行率（1%）与总分（0.5 分）相同的表，点越大表越多")
    option.update(
        grid={"left": 60, "right": 30, "top": 95, "bottom": 55},
        xAxis={"type": "value", "name": "资金执行率（%）", "nameLocation": "middle", "nameGap": 30,
               "min": 0, "max": max([100.0, *(p.rate for p in data.scatter)])},
        yAxis={"type": "value", "name": "自评总分", "min": floor, "max": 100,
               "nameTextStyle": {"align": "right"}},
        series=[{
            "type": "scatter", "name": "表", "data": points,
            "encode": {"x": 0, "y": 1, "tooltip": [0, 1, 2]},
            "dimensions": ["执行率（%）", "自评总分", "表数"],
            "itemStyle": {"color": "#3a7bd5", "opacity": 0.65},
            "markLine": {"silent": True, "symbol": "none",
                         "lineStyle": {"type": "dashed", "color": "#999"},
                         "label": {"formatter": "{c}%", "position": "insideEndTop"},
                         "data": [{"xAxis": 60}, {"xAxis": 80}]},
        }],
    )  # fmt: skip
    return option


def inflation_chart(data: ReportData) -> dict[str, Any]:
    """Mean printed − recomputed total per department (the most inflated first)."""
    rows = data.inflation[:MAX_BARS][::-1]  # ECharts draws the first category at the bottom
    option = _base("各部门自评分虚高（自评总分 − 复核总分，平均）",
                   f"前 {min(len(data.inflation), MAX_BARS)} 个部门；负数表示自评偏保守")
    option.update(
        grid={"left": 10, "right": 50, "top": 70, "bottom": 30, "containLabel": True},
        xAxis={"type": "value", "name": "分"},
        yAxis={"type": "category", "data": [_cut(r.department) for r in rows],
               "axisLabel": {"fontSize": 11, "interval": 0}},
        series=[{
            "type": "bar", "name": "平均差额", "barMaxWidth": 28,
            "data": [{"value": round(r.mean_inflation, 2),
                      "itemStyle": {"color": "#d9534f" if r.mean_inflation > 0 else "#5cb85c"}}
                     for r in rows],
            "label": {"show": True, "position": "right", "formatter": "{c}"},
        }],
    )  # fmt: skip
    return option


def codes_chart(data: ReportData) -> dict[str, Any]:
    """Findings per rule code, the most frequent first, coloured by severity."""
    rows = data.codes[:MAX_BARS][::-1]
    cats = [f"{c.code} {_cut(c.summary, 12)}" for c in rows]
    series = []
    for severity, (label, color) in SEVERITY.items():
        series.append({
            "type": "bar", "name": label, "stack": "n", "itemStyle": {"color": color},
            "barMaxWidth": 22,
            "data": [c.findings if c.severity == severity else None for c in rows],
            "label": {"show": True, "position": "right"},
        })  # fmt: skip
    option = _base("审核意见（按规则编号）", f"出现最多的 {len(rows)} 条规则")
    option.update(
        grid={"left": 10, "right": 50, "top": 100, "bottom": 30, "containLabel": True},
        legend={"top": 62, "data": [s["name"] for s in series]},
        xAxis={"type": "value", "name": "条"},
        yAxis={"type": "category", "data": cats, "axisLabel": {"fontSize": 11, "interval": 0}},
        series=series,
        tooltip={"trigger": "axis", "axisPointer": {"type": "shadow"}},
    )  # fmt: skip
    return option


def rates_chart(data: ReportData) -> dict[str, Any]:
    """How many forms fall in each execution-rate band."""
    option = _base("资金执行率分布")
    option.update(
        grid={"left": 50, "right": 20, "top": 60, "bottom": 40},
        xAxis={"type": "category", "data": [b.label for b in data.bands],
               "axisLabel": {"interval": 0, "fontSize": 11}},
        yAxis={"type": "value", "name": "表数", "minInterval": 1},
        series=[{"type": "bar", "name": "表数", "data": [b.forms for b in data.bands],
                 "itemStyle": {"color": "#3a7bd5"},
                 "label": {"show": True, "position": "top"}}],
    )  # fmt: skip
    return option


def grades_chart(data: ReportData) -> dict[str, Any]:
    """Printed 自评等级 beside the recomputed grade."""
    names = ["优", "良", "中", "差"]
    printed = {g: 0 for g in [*names, NO_GRADE]}
    checked = dict(printed)
    for cell in data.grades:
        key = cell.grade if cell.grade in printed else NO_GRADE
        printed[key] += cell.forms
        key = cell.recomputed_grade if cell.recomputed_grade in checked else NO_GRADE
        checked[key] += cell.forms
    cats = list(printed)
    option = _base("等级分布：自评与复核")
    option.update(
        grid={"left": 50, "right": 20, "top": 85, "bottom": 40},
        legend={"top": 40},
        xAxis={"type": "category", "data": cats},
        yAxis={"type": "value", "name": "表数", "minInterval": 1},
        series=[
            {"type": "bar", "name": "自评等级", "data": [printed[c] for c in cats],
             "itemStyle": {"color": "#f0ad4e"}, "label": {"show": True, "position": "top"}},
            {"type": "bar", "name": "复核等级", "data": [checked[c] for c in cats],
             "itemStyle": {"color": "#3a7bd5"}, "label": {"show": True, "position": "top"}},
        ],
    )  # fmt: skip
    return option


def charts(data: ReportData) -> dict[str, dict[str, Any]]:
    """Every chart of the report, by name: ``scatter`` (self-score against execution rate),
    ``inflation`` (by department), ``codes`` (findings by code), ``rates`` (execution-rate
    histogram) and ``grades`` (grade distribution).  Each value is an ECharts option."""
    return {
        "scatter": scatter_chart(data),
        "inflation": inflation_chart(data),
        "codes": codes_chart(data),
        "rates": rates_chart(data),
        "grades": grades_chart(data),
    }
