"""``jixiao report``: the analysis report of the store as one HTML file that opens offline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy.exc import SQLAlchemyError

from jixiao.analysis import render_report, report_data
from jixiao.analysis.access import open_existing
from jixiao.analysis.cli_options import (
    AllVersions,
    Db,
    Departments,
    Grades,
    Profiles,
    Projects,
    Regrades,
    WithErrors,
    Years,
    make_filters,
)
from jixiao.analysis.scope import Filters
from jixiao.i18n import lang, t
from jixiao.store.db import StoreError, explain


def run_report(db: str | None, filters: Filters, out: Path, top: int) -> int:
    err = Console(stderr=True, highlight=False)
    if out.is_dir():
        err.print(t(f"{out} 是文件夹，请给出报告的文件名（如 report.html）",
                    f"{out} is a folder; give the report's file name (e.g. report.html)"))  # fmt: skip
        return 2
    try:
        engine, url = open_existing(db)
    except StoreError as exc:
        err.print(f"[red]{exc.text(lang())}[/red]", soft_wrap=True)
        return 2
    try:
        with err.status(t("正在汇总……", "aggregating…")):
            data = report_data(engine, filters, top=top)
    except SQLAlchemyError as exc:
        err.print(f"[red]{explain(exc, url).text(lang())}[/red]", soft_wrap=True)
        return 2
    finally:
        engine.dispose()
    try:
        out.write_text(render_report(data), encoding="utf-8")
    except OSError as exc:
        err.print(f"[red]{t('无法写入报告', 'cannot write the report')} {out}: "
                  f"{exc.strerror or exc}[/red]", soft_wrap=True)  # fmt: skip
        return 2
    o = data.overview
    if not o.forms:
        err.print(t("没有符合条件的自评表；报告中只有说明", "no form matches; the report says so"))
    err.print(
        t(f"已生成 {out}：{o.forms} 张表，{o.departments} 个部门，{o.findings} 条审核意见，"
          f"列出 {len(data.review)} 张待复核的表",
          f"wrote {out}: {o.forms} forms, {o.departments} departments, {o.findings} findings, "
          f"{len(data.review)} forms listed for review"),
        soft_wrap=True,
    )  # fmt: skip
    return 0


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report_cmd(
        out: Annotated[
            Path, typer.Option("--output", "-o", help="报告文件（.html）/ report file")
        ] = Path("report.html"),
        db: Db = None,
        year: Years = None,
        department: Departments = None,
        project: Projects = None,
        profile: Profiles = None,
        grade: Grades = None,
        recomputed_grade: Regrades = None,
        with_errors: WithErrors = False,
        all_versions: AllVersions = False,
        top: Annotated[
            int, typer.Option("--top", min=0, help="列出待复核的表数 / forms listed for review")
        ] = 30,
    ) -> None:
        """分析报告：按部门和年度汇总，图表，待复核的表（单个 HTML 文件，离线可打开）/ the analysis
        report as one self-contained HTML file."""
        filters = make_filters(year, department, project, profile, grade, recomputed_grade,
                               with_errors, all_versions)  # fmt: skip
        raise typer.Exit(run_report(db, filters, out, top))
