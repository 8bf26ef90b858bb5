"""``jixiao parse``, ``jixiao demo`` and ``jixiao schema``."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from jixiao.api import expand_paths, parse_file
from jixiao.commands._progress import progress_over
from jixiao.i18n import lang, t
from jixiao.model import Form, ParseResult
from jixiao.model.schema import form_schema_text
from jixiao.render.terminal import print_form


class OutputFormat(StrEnum):
    json = "json"
    table = "table"


def report_problems(result: ParseResult, err: Console) -> None:
    for problem in result.problems:
        style = "red" if problem.severity == "error" else "yellow"
        err.print(f"[{style}]{problem.text(lang())}[/{style}]", highlight=False, markup=True)


def run_parse(paths: list[Path], fmt: OutputFormat, sources: bool) -> int:
    """Parse, print, and return the exit status: 1 when any document failed."""
    out = Console(highlight=False, soft_wrap=fmt == OutputFormat.json)
    if not out.is_terminal:
        out.width = max(out.width, 140)  # piped to a file or pager: do not squeeze tables to 80
    err = Console(stderr=True, highlight=False)
    files = list(expand_paths(paths))
    if not files:
        err.print(t("没有可读取的文件", "no files to read"))
        return 1
    failed = 0
    forms: list[Form] = []
    for path in progress_over(files, t("读取", "reading"), err):
        result = parse_file(path)
        report_problems(result, err)
        failed += result.failed
        if fmt == OutputFormat.table:
            for form in result.forms:
                print_form(form, out)
        else:
            forms.extend(result.forms)
    if fmt == OutputFormat.json:
        sys.stdout.write(
            json.dumps([f.to_json(sources=sources) for f in forms], ensure_ascii=False, indent=1)
        )
        sys.stdout.write("\n")
    n_forms = len(forms) if fmt == OutputFormat.json else None
    summary = t(
        f"{len(files)} 个文件，{failed} 个失败",
        f"{len(files)} files, {failed} failed",
    )
    if n_forms is not None:
        summary += t(f"，{n_forms} 张表", f", {n_forms} forms")
    err.print(summary)
    return 1 if failed else 0


def register(app: typer.Typer) -> None:
    @app.command("parse")
    def parse_cmd(
        paths: Annotated[list[Path], typer.Argument(help="文件或文件夹 / files or folders")],
        fmt: Annotated[
            OutputFormat,
            typer.Option("--format", "-f", help="json（公开数据格式）或 table（终端阅读）"),
        ] = OutputFormat.table,
        sources: Annotated[
            bool,
            typer.Option(
                "--sources/--no-sources",
                help="JSON 中包含每个值的来源位置 / include value locations",
            ),
        ] = True,
    ) -> None:
        """读取自评表并显示 / read forms and show them (JSON contract: docs/form.schema.json)."""
        raise typer.Exit(run_parse(paths, fmt, sources))

    @app.command("demo")
    def demo_cmd(
        fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    ) -> None:
        """读取内置的示例自评表（北京两区 16 张）/ parse the embedded sample forms."""
        samples = resources.files("jixiao").joinpath("samples")
        paths = sorted(
            Path(str(samples.joinpath(p.name)))
            for p in samples.iterdir()
            if p.name.endswith(".txt")
        )
        raise typer.Exit(run_parse(paths, fmt, True))

    @app.command("schema")
    def schema_cmd() -> None:
        """输出表单 JSON Schema / print the JSON Schema of a parsed form."""
        sys.stdout.write(form_schema_text())
