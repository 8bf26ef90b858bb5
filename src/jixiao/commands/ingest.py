"""``jixiao ingest``: read, score and audit files into the store (SQLite file or PostgreSQL)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from jixiao.commands._progress import ProgressBar
from jixiao.i18n import lang, t
from jixiao.store.db import StoreError, display_url, open_store, resolve_url
from jixiao.store.ingest import IngestSummary, ingest
from jixiao.store.records import DocumentRecord
from jixiao.store.write import Written


def print_summary(s: IngestSummary, err: Console) -> None:
    for f in s.failures:
        reason = f.reason_en if lang() == "en" and f.reason_en else f.reason
        err.print(f"[red]{f.name}: {reason}[/red]", highlight=False, soft_wrap=True)
    err.print(
        t(
            f"{s.files} 个文件：新入库 {s.stored} 个，已在库中跳过 {s.skipped} 个；"
            f"{s.forms} 张表（其中 {s.new_versions} 张为更正后的新版本），{s.findings} 条审核意见；"
            f"{len(s.failures)} 个失败",
            f"{s.files} files: {s.stored} stored, {s.skipped} already stored (skipped); "
            f"{s.forms} forms ({s.new_versions} of them corrected versions), "
            f"{s.findings} findings; {len(s.failures)} failed",
        ),
        highlight=False,
        soft_wrap=True,
    )
    if s.interrupted:
        err.print(t("已中断：已提交的文档都已保存，再次运行即可继续",
                    "interrupted: every committed document is kept; run again to continue"))
    if s.fatal is not None:
        err.print(f"[red]{s.fatal.text(lang())}[/red]", highlight=False, soft_wrap=True)


def run_ingest(paths: list[Path], db: str | None, workers: int | None) -> int:
    err = Console(stderr=True, highlight=False)
    url = resolve_url(db)
    try:
        engine = open_store(url)
    except StoreError as exc:
        err.print(f"[red]{exc.text(lang())}[/red]", highlight=False, soft_wrap=True)
        return 2
    bar = ProgressBar(t("入库", "ingesting"), err)

    def done(_rec: DocumentRecord | None, _w: Written) -> None:
        bar.advance()

    try:
        summary = ingest(engine, paths, workers, on_start=bar.start, on_done=done)
    finally:
        bar.stop()
        engine.dispose()
    if not summary.files:
        err.print(t("没有可读取的文件", "no files to read"))
        return 1
    print_summary(summary, err)
    err.print(t(f"数据库：{display_url(url)}", f"database: {display_url(url)}"), highlight=False,
              soft_wrap=True)
    if summary.interrupted:
        return 130
    if summary.fatal is not None:
        return 2
    return 1 if summary.failures else 0


def register(app: typer.Typer) -> None:
    @app.command("ingest")
    def ingest_cmd(
        paths: Annotated[list[Path], typer.Argument(help="文件或文件夹 / files or folders")],
        db: Annotated[
            str | None,
            typer.Option(
                "--db",
                help="数据库：SQLite 文件路径或 URL（默认 ./jixiao.db 或 $JIXIAO_DB）/ "
                "database path or URL, e.g. postgresql+psycopg://user@host/db",
            ),
        ] = None,
        workers: Annotated[
            int | None,
            typer.Option("--workers", "-j", min=1, help="并行进程数（默认 CPU 核数）/ processes"),
        ] = None,
    ) -> None:
        """读取、复核、审核并存入数据库（可重复运行，中断后继续）/ read, score and audit into the store."""
        raise typer.Exit(run_ingest(paths, db, workers))
