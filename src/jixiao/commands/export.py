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


def run_export_stored(
    db: str | None, form_id: int, fmt: ExportFormat, out: Path | None, findings: bool
) -> int:
    """Export the form stored under ``form_id`` (``jixiao export --id N``)."""
    from sqlalchemy.exc import SQLAlchemyError

    from jixiao.analysis.access import open_existing
    from jixiao.export.stored import UnknownForm, stored_form
    from jixiao.i18n import lang
    from jixiao.store.db import StoreError, explain

    err = Console(stderr=True, highlight=False)
    try:
        engine, url = open_existing(db)
    except StoreError as exc:
        err.print(exc.text(lang()), soft_wrap=True)
        return 2
    try:
        form, found = stored_form(engine, form_id)
    except UnknownForm:
        err.print(t(f"数据库中没有编号为 {form_id} 的表（编号见 jixiao report 或 jixiao dump 的 form_id）",
                    f"no form with id {form_id} in the store (ids: form_id in jixiao report or "
                    "jixiao dump)"), soft_wrap=True)  # fmt: skip
        return 2
    except SQLAlchemyError as exc:
        err.print(explain(exc, url).text(lang()), soft_wrap=True)
        return 2
    finally:
        engine.dispose()
    target = out or Path(f"form-{form_id}.{fmt.value}")
    export_forms([form], fmt, target, found if findings else None)
    summary = t(f"已导出 {target}（库中第 {form_id} 号表", f"wrote {target} (form {form_id}")
    if findings:
        summary += t(f"，标注 {len(found)} 条审核意见", f", {len(found)} findings marked")
    err.print(summary + t("）", ")"), soft_wrap=True)
    return 0


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export_cmd(
        fmt: Annotated[
            ExportFormat,
            typer.Option("--format", "-f", help="xlsx（标准格式工作簿）或 pdf（可打印）"),
        ],
        path: Annotated[
            Path | None,
            typer.Argument(help="jixiao 能读取的文件（或用 --id 导出库中的表）/ a file jixiao reads"),
        ] = None,
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
        form_id: Annotated[
            int | None,
            typer.Option("--id", help="导出数据库中编号为 N 的表 / export the stored form N"),
        ] = None,
        db: Annotated[
            str | None,
            typer.Option("--db", help="与 --id 一起用：数据库路径或 URL / with --id: the store"),
        ] = None,
    ) -> None:
        """按国家标准格式导出自评表（xlsx 或 pdf）/ write forms back in the standard layout."""
        if form_id is not None:
            if path is not None or form_no is not None or all_forms:
                Console(stderr=True).print(t("--id 不能与文件、--form 或 --all 同时使用",
                                             "--id cannot be used with a file, --form or --all"))
                raise typer.Exit(2)
            raise typer.Exit(run_export_stored(db, form_id, fmt, out, findings))
        if path is None:
            Console(stderr=True).print(t("请给出要导出的文件，或用 --id N 导出数据库中的表",
                                         "give a file to export, or --id N for a stored form"))
            raise typer.Exit(2)
        raise typer.Exit(run_export(path, fmt, form_no, all_forms, out, findings))
