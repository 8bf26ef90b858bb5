"""SQL over a dump with DuckDB: the dumped files become the views ``forms``, ``indicators`` and
``findings``, and any DuckDB SQL runs over them, in parallel and out of core.

Parquet files are read as they are (typed); a CSV dump is read with the column types of
:mod:`jixiao.analysis.schema` rather than guessed, so that a code such as ``010203`` stays text
instead of becoming the number 10203.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb

from jixiao.analysis.schema import TABLES, Column

DUCK = {"int": "BIGINT", "float": "DOUBLE", "str": "VARCHAR", "bool": "BOOLEAN",
        "timestamp": "TIMESTAMPTZ", "json": "VARCHAR"}  # fmt: skip


class DumpMissing(Exception):
    """The folder holds no dump (with the Chinese and English message)."""

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message, self.message_en = message, message_en


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _csv_columns(columns: list[Column]) -> str:
    return "{" + ", ".join(f"{_literal(c.name)}: {_literal(DUCK[c.kind])}" for c in columns) + "}"


def connect(folder: Path, *, memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the dump in ``folder`` registered as views."""
    if not folder.is_dir():
        raise DumpMissing(f"文件夹不存在：{folder}", f"no such folder: {folder}")
    con = duckdb.connect(":memory:")
    if memory_limit:
        con.execute(f"SET memory_limit = {_literal(memory_limit)}")
    found = 0
    for table, columns in TABLES.items():
        parquet, csv = folder / f"{table}.parquet", folder / f"{table}.csv"
        if parquet.is_file():
            source = f"read_parquet({_literal(str(parquet))})"
        elif csv.is_file():
            source = (f"read_csv({_literal(str(csv))}, header = true, "
                      f"columns = {_csv_columns(columns)})")  # fmt: skip
        else:
            continue
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM {source}")
        found += 1
    if not found:
        con.close()
        raise DumpMissing(
            f"{folder} 中没有 jixiao dump 导出的文件（forms/indicators/findings 的 .parquet 或 .csv）",
            f"{folder} holds no jixiao dump (forms/indicators/findings .parquet or .csv)",
        )
    return con


def iter_rows(folder: Path, sql: str, batch: int = 10_000
              ) -> tuple[list[str], Iterator[list[tuple[object, ...]]]]:  # fmt: skip
    """Column names of ``sql`` over the dump in ``folder`` and its rows in batches, so that a
    large result is printed as it comes instead of held whole.  Errors in the SQL are raised
    before this returns."""
    con = connect(folder)
    try:
        cur = con.execute(sql)
    except BaseException:
        con.close()
        raise
    if not cur.description:  # a statement without a result (SET, CREATE ...)
        con.close()
        return [], iter(())
    columns = [d[0] for d in cur.description]

    def batches() -> Iterator[list[tuple[object, ...]]]:
        try:
            while rows := cur.fetchmany(batch):
                yield rows
        finally:
            con.close()

    return columns, batches()


def run(folder: Path, sql: str) -> tuple[list[str], list[tuple[object, ...]]]:
    """Column names and rows of ``sql`` over the dump in ``folder``."""
    con = connect(folder)
    try:
        rel = con.sql(sql)
        if rel is None:  # a statement without a result (SET, CREATE ...)
            return [], []
        return list(rel.columns), rel.fetchall()
    finally:
        con.close()
