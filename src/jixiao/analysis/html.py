"""The report as one self-contained HTML file: tables, and ECharts inlined from the package.

The file must open on a reviewer's laptop with no network (and no CDN behind a government
firewall), so ECharts is read from ``jixiao/assets/vendor/echarts.min.js`` and written into the
page, the chart options are inlined as JSON, and the page references no URL at all.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from jixiao.analysis.charts import SEVERITY, charts
from jixiao.analysis.model import ReportData


@cache
def echarts_js() -> str:
    """The vendored ECharts, made safe to sit inside a <script> element."""
    text = (files("jixiao") / "assets" / "vendor" / "echarts.min.js").read_text("utf-8")
    return text.replace("</script", "<\\/script")


def _json_for_script(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _pct(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def _signed(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:+.{digits}f}"


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("jixiao.analysis", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(fmt=_fmt, pct=_pct, signed=_signed)
    return env


def render_report(data: ReportData, title: str = "项目支出绩效自评分析报告") -> str:
    """The HTML report for ``data`` (from :func:`jixiao.analysis.report_data`)."""
    template = _environment().get_template("report.html.j2")
    return template.render(
        title=title,
        d=data,
        o=data.overview,
        severity={k: v[0] for k, v in SEVERITY.items()},
        charts_json=_json_for_script(charts(data)),
        echarts=echarts_js(),
    )
