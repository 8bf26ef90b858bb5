"""``jixiao query``: DuckDB SQL over a ``jixiao dump`` folder (views forms, indicators, findings)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import duckdb
import typer
from rich.console import Console
from rich.table import Table

from jixiao.analysis.query import DumpMissing, iter_rows
from jixiao.i18n import lang, t


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def print_result(columns: list[str], batches: Iterator[list[tuple[Any, ...]]],
                 fmt: OutputFormat, limit: int | None) -> None:  # fmt: skip
    """Print the rows as they come (CSV and JSON stream; a table shows the first ``limit``)."""
    shown, total = 0, 0
    if fmt == OutputFormat.table:
        table = Table(*columns, show_lines=False)
        for rows in batches:
            for r in rows:
                total += 1
                if limit is None or shown < limit:
                    table.add_row(*("" if v is None else str(_plain(v)) for v in r))
                    shown += 1
        Console(soft_wrap=False).print(table)
        if shown < total:
            Console(stderr=True).print(t(f"（只显示前 {shown} 行，共 {total} 行；"
                                         "用 --limit 或 --format csv 查看全部）",
                                         f"(first {shown} of {total} rows shown; use "
                                         "--limit or --format csv for all)"))  # fmt: skip
        return
    out = csv.writer(sys.stdout, lineterminator="\n") if fmt == OutputFormat.csv else None
    if out is not None:
        out.writerow(columns)
    else:
        sys.stdout.write("[")
    for rows in batches:
        for r in rows:
            if limit is not None and shown >= limit:
                break
            if out is not None:
                out.writerow([_plain(v) for v in r])
            else:
                record = dict(zip(columns, map(_plain, r), strict=True))
                sys.stdout.write(("," if shown else "") + "\n "
                                 + json.dumps(record, ensure_ascii=False, default=str))
            shown += 1
    if out is None:
        sys.stdout.write("\n]\n")


def register(app: typer.Typer) -> None:
    @app.command("query")
    def query_cmd(
        folder: Annotated[Path, typer.Argument(help="jixiao dump 的输出文件夹 / a dump folder")],
        sql: Annotated[str, typer.Argument(help="SQL（DuckDB）；表：forms、indicators、findings")],
        fmt: Annotated[
            OutputFormat, typer.Option("--format", "-f", help="table、csv 或 json")
        ] = OutputFormat.table,
        limit: Annotated[
            int | None,
            typer.Option("--limit", min=0, help="最多输出的行数（table 默认 100）/ rows shown"),
        ] = None,
    ) -> None:
        """用 SQL（DuckDB）查询 dump 导出的文件 / SQL over a dump with DuckDB."""
        err = Console(stderr=True, highlight=False)
        try:
            columns, batches = iter_rows(folder, sql)
        except DumpMissing as exc:
            err.print(f"[red]{exc.message_en if lang() == 'en' else exc.message}[/red]",
                      soft_wrap=True)  # fmt: skip
            raise typer.Exit(2) from None
        except duckdb.Error as exc:
            err.print(f"[red]{t('SQL 错误', 'SQL error')}：{str(exc).strip()}[/red]",
                      soft_wrap=True)  # fmt: skip
            raise typer.Exit(2) from None
        if limit is None and fmt == OutputFormat.table:
            limit = 100
        print_result(columns, batches, fmt, limit)
