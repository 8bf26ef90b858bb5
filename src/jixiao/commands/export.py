"""``jixiao export``: a form written back as the standard layout, a workbook or a PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from jixiao.api import parse_file
from jixiao.commands.parse import report_problems
from jixiao.export import ExportFormat, export_forms
from jixiao.i18n import t
from jixiao.model import Form


def _output(path: Path, fmt: ExportFormat, forms: list[Form], chosen: int | None) -> Path:
    """Default output: the input's name with the format's suffix (and the form number when one of
    several forms is exported), in the current folder."""
    stem = path.stem if chosen is None else f"{path.stem}-{chosen + 1}"
    return Path(f"{stem}.{fmt.value}")


def run_export(
    path: Path,
    fmt: ExportFormat,
    form_no: int | None,
    all_forms: bool,
    out: Path | None,
    findings: bool,
) -> int:
    err = Console(stderr=True, highlight=False)
    if form_no is not None and all_forms:
        err.print(t("--form 与 --all 只能选一个", "use either --form or --all, not both"))
        return 2
    result = parse_file(path)
    report_problems(result, err)
    forms = result.forms
    if not forms:
        err.print(t(f"{path}：没有读到自评表，未导出", f"{path}: no form read, nothing exported"))
        return 1
    chosen: int | None = None
    if form_no is not None:
        if not 1 <= form_no <= len(forms):
            err.print(
                t(
                    f"{path} 只有 {len(forms)} 张表，没有第 {form_no} 张",
                    f"{path} has {len(forms)} forms, there is no form {form_no}",
                )
            )
            return 2
        chosen = form_no - 1
        forms = [forms[chosen]]
    elif len(forms) > 1 and not all_forms:
        err.print(
            t(
                f"{path} 有 {len(forms)} 张表：用 --form N（从 1 起）选一张，或用 --all 全部导出",
                f"{path} has {len(forms)} forms: choose one with --form N (from 1), or --all",
            )
        )
        return 2
    target = out or _output(path, fmt, result.forms, chosen)
    if target.exists() and target.resolve() == path.resolve():
        err.print(t("输出文件不能覆盖输入文件", "the output would overwrite the input"))
        return 2
    found = None
    if findings:
        from jixiao.checks.api import audit

        found = audit(forms)
    export_forms(forms, fmt, target, found)
    summary = t(f"已导出 {target}（{len(forms)} 张表", f"wrote {target} ({len(forms)} forms")
    if found is not None:
        summary += t(f"，标注 {len(found)} 条审核意见", f", {len(found)} findings marked")
    err.print(summary + t("）", ")"))
    return 0


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export_cmd(
        path: Annotated[Path, typer.Argument(help="jixiao 能读取的文件 / a file jixiao reads")],
        fmt: Annotated[
            ExportFormat,
            typer.Option("--format", "-f", help="xlsx（标准格式工作簿）或 pdf（可打印）"),
        ],
        form_no: Annotated[
            int | None,
            typer.Option("--form", "-n", help="导出第 N 张表（从 1 起）/ export form N (from 1)"),
        ] = None,
        all_forms: Annotated[
            bool, typer.Option("--all", help="导出文件中的全部表 / export every form")
        ] = False,
        out: Annotated[
            Path | None,
            typer.Option("--output", "-o", help="输出文件（默认：输入文件名 + 后缀）/ output file"),
        ] = None,
        findings: Annotated[
            bool,
            typer.Option("--findings", help="在所在行标注审核意见 / mark audit findings on rows"),
        ] = False,
    ) -> None:
        """按国家标准格式导出自评表（xlsx 或 pdf）/ write forms back in the standard layout."""
        raise typer.Exit(run_export(path, fmt, form_no, all_forms, out, findings))
