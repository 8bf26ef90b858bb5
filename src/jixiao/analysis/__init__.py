"""Analysis of the store: the report's numbers, its charts and the self-contained HTML report,
the long-format bulk export (CSV / Parquet) and DuckDB SQL over that export.

The API the web dashboard reuses:

* :func:`report_data` (``engine, filters, form_ids=None``) -> :class:`ReportData`: every table of
  the report, computed by SQL aggregates over the latest version of each form;
* :func:`charts` (``data``) -> ``{name: ECharts option}``, JSON-able dicts for ``echarts.setOption``;
* :func:`render_report` (``data``) -> one self-contained HTML page (ECharts inlined, no network).
"""

from __future__ import annotations

from jixiao.analysis.charts import charts
from jixiao.analysis.html import render_report
from jixiao.analysis.model import ReportData
from jixiao.analysis.queries import report_data
from jixiao.analysis.scope import Filters

__all__ = ["Filters", "ReportData", "charts", "render_report", "report_data"]
