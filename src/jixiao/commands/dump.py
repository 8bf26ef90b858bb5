"""``jixiao dump``: forms, indicators and findings in long format, as CSV or Parquet files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy.exc import SQLAlchemyError

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
from jixiao.analysis.dump import DumpFormat, dump
from jixiao.analysis.scope import Filters
from jixiao.i18n import lang, t
from jixiao.store.db import StoreError, explain

LABELS = {"forms": ("表", "forms"), "indicators": ("指标", "indicators"),
          "findings": ("审核意见", "findings")}  # fmt: skip


def run_dump(db: str | None, filters: Filters, fmt: DumpFormat, out: Path, bom: bool) -> int:
    err = Console(stderr=True, highlight=False)
    if out.exists() and not out.is_dir():
        err.print(t(f"{out} 已存在且不是文件夹", f"{out} exists and is not a folder"))
        return 2
    try:
        engine, url = open_existing(db)
    except StoreError as exc:
        err.print(f"[red]{exc.text(lang())}[/red]", soft_wrap=True)
        return 2
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeRemainingColumn())  # fmt: skip
    progress = Progress(*columns, console=err, transient=True, disable=not err.is_terminal)
    task: list[object] = []

    def on_table(name: str, total: int) -> None:
        zh, en = LABELS[name]
        task[:] = [progress.add_task(t(f"导出{zh}", f"dumping {en}"), total=total)]

    def on_rows(n: int) -> None:
        progress.advance(task[0], n)  # type: ignore[arg-type]

    try:
        with progress:
            counts = dump(engine, out, fmt, filters, bom=bom, on_table=on_table, on_rows=on_rows)
    except SQLAlchemyError as exc:
        err.print(f"[red]{explain(exc, url).text(lang())}[/red]", soft_wrap=True)
        return 2
    except OSError as exc:
        err.print(f"[red]{t('无法写入', 'cannot write')} {out}: {exc.strerror or exc}[/red]",
                  soft_wrap=True)  # fmt: skip
        return 2
    finally:
        engine.dispose()
    err.print(
        t(f"已导出到 {out}：{counts['forms']} 张表，{counts['indicators']} 个指标，"
          f"{counts['findings']} 条审核意见（{fmt.value}；列的说明见 datapackage.json）",
          f"wrote {out}: {counts['forms']} forms, {counts['indicators']} indicators, "
          f"{counts['findings']} findings ({fmt.value}; columns in datapackage.json)"),
        soft_wrap=True,
    )  # fmt: skip
    return 0


def register(app: typer.Typer) -> None:
    @app.command("dump")
    def dump_cmd(
        out: Annotated[Path, typer.Option("--output", "-o", help="输出文件夹 / output folder")],
        fmt: Annotated[
            DumpFormat, typer.Option("--format", "-f", help="parquet（默认）或 csv")
        ] = DumpFormat.parquet,
        db: Db = None,
        year: Years = None,
        department: Departments = None,
        project: Projects = None,
        profile: Profiles = None,
        grade: Grades = None,
        recomputed_grade: Regrades = None,
        with_errors: WithErrors = False,
        all_versions: AllVersions = False,
        bom: Annotated[
            bool,
            typer.Option("--bom/--no-bom",
                         help="CSV 带 UTF-8 BOM（默认，Excel 才能正确显示中文）/ UTF-8 BOM in CSV"),
        ] = True,
    ) -> None:
        """批量导出表、指标、审核意见（长格式 CSV 或 Parquet，附 datapackage.json 说明各列）/
        bulk export of forms, indicators and findings."""
        filters = make_filters(year, department, project, profile, grade, recomputed_grade,
                               with_errors, all_versions)  # fmt: skip
        raise typer.Exit(run_dump(db, filters, fmt, out, bom))
