"""The bulk export: forms, indicators and findings in long format, as CSV or Parquet.

Rows are streamed from the database in batches (a server-side cursor on PostgreSQL) and written
batch by batch, so memory stays flat whatever the size of the store.  Each file is written under
a temporary name and renamed when complete: an interrupted dump never leaves a file that looks
whole.  ``datapackage.json`` (a Frictionless Data Package) beside the data gives every column's
type and meaning, the filters and the row counts.

CSV is UTF-8 *with* a byte-order mark by default: Excel, which most of the forms' users open CSV
files with, reads a CSV without one as GBK and garbles every Chinese character; DuckDB, pandas
and Python's ``utf-8-sig`` read the mark transparently.  ``bom=False`` leaves it out.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
from sqlalchemy import Engine, Select, Text, case, cast, func, select

from jixiao.analysis.schema import FRICTIONLESS, TABLE_DOC, TABLES, arrow_schema
from jixiao.analysis.scope import Filters, latest_ids, scope
from jixiao.store.models import DocumentRow, FindingRow, IndicatorRow

BATCH = 20_000


class DumpFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"


def _forms_query(filters: Filters) -> Select[Any]:
    f = scope(filters)
    n_ind = (
        select(func.count()).where(IndicatorRow.form_id == f.c.id).correlate(f).scalar_subquery()
    )
    latest = case((f.c.id.in_(latest_ids()), True), else_=False) if filters.all_versions else None
    cols: dict[str, Any] = {
        "form_id": f.c.id, "document": DocumentRow.name, "ingested_at": DocumentRow.ingested_at,
        "inflation": f.c.self_total - f.c.recomputed_total, "n_indicators": n_ind,
        "latest": latest if latest is not None else True,
    }  # fmt: skip
    picked = [cols[c.name] if c.name in cols else f.c[c.name] for c in TABLES["forms"]]
    return (
        select(*picked)
        .select_from(f)
        .join(DocumentRow, DocumentRow.id == f.c.document_id)
        .order_by(f.c.id)
    )


def _child_query(table: str, filters: Filters) -> Select[Any]:
    f = scope(filters)
    model: Any = IndicatorRow if table == "indicators" else FindingRow
    order = IndicatorRow.position if table == "indicators" else FindingRow.id
    picked: list[Any] = []
    for c in TABLES[table]:
        if c.name == "form_id":
            picked.append(f.c.id)
        elif c.name in ("year", "department", "project_name"):
            picked.append(f.c[c.name])
        elif c.kind == "json":
            picked.append(cast(getattr(model, c.name), Text))
        else:
            picked.append(getattr(model, c.name))
    return select(*picked).select_from(model).join(f, model.form_id == f.c.id).order_by(f.c.id,
                                                                                        order)


def query_for(table: str, filters: Filters) -> Select[Any]:
    return _forms_query(filters) if table == "forms" else _child_query(table, filters)


def count_rows(engine: Engine, table: str, filters: Filters) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(query_for(table, filters)
                                                                .subquery())) or 0)  # fmt: skip


def _utc(v: Any) -> Any:
    # SQLite drops the zone; the store writes UTC
    return v.replace(tzinfo=UTC) if isinstance(v, datetime) and v.tzinfo is None else v


def _json_null(v: Any) -> Any:
    return None if v == "null" else v


FIX: dict[str, Callable[[Any], Any]] = {"timestamp": _utc, "bool": bool, "float": float,
                                        "json": _json_null}  # fmt: skip
CSV_TEXT: dict[str, Callable[[Any], Any]] = {
    "timestamp": lambda v: v.isoformat(),
    "bool": lambda v: "true" if v else "false",
}


def _fix(values: Sequence[Any], fix: Callable[[Any], Any]) -> list[Any]:
    return [None if v is None else fix(v) for v in values]


def stream(engine: Engine, table: str, filters: Filters, batch: int = BATCH
           ) -> Iterator[list[list[Any]]]:  # fmt: skip
    """The rows of ``table`` in batches of at most ``batch`` rows (a server-side cursor where
    possible), each batch column by column: values are converted per column, not per value."""
    columns = TABLES[table]
    fixes = [(i, FIX[c.kind]) for i, c in enumerate(columns) if c.kind in FIX]
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=batch).execute(
            query_for(table, filters)
        )
        for part in result.partitions(batch):
            cols = [list(col) for col in zip(*part, strict=True)]
            for i, fix in fixes:
                cols[i] = _fix(cols[i], fix)
            yield cols


def write_csv(path: Path, table: str, batches: Iterator[list[list[Any]]], bom: bool,
              progress: Callable[[int], None]) -> int:  # fmt: skip
    columns = TABLES[table]
    texts = [(i, CSV_TEXT[c.kind]) for i, c in enumerate(columns) if c.kind in CSV_TEXT]
    n = 0
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow([c.name for c in columns])
        for cols in batches:
            for i, text in texts:
                cols[i] = _fix(cols[i], text)
            out.writerows(zip(*cols, strict=True))
            n += len(cols[0])
            progress(len(cols[0]))
    return n


def write_parquet(path: Path, table: str, batches: Iterator[list[list[Any]]],
                  progress: Callable[[int], None]) -> int:  # fmt: skip
    schema = arrow_schema(table)
    n = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for cols in batches:
            arrays = [pa.array(col, type=field.type) for col, field in zip(cols, schema, strict=True)]
            writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=schema))
            n += len(cols[0])
            progress(len(cols[0]))
    return n


def datapackage(fmt: DumpFormat, filters: Filters, counts: dict[str, int], source: str
                ) -> dict[str, Any]:  # fmt: skip
    """The Frictionless Data Package describing a dump."""
    resources = []
    for table, columns in TABLES.items():
        zh, en = TABLE_DOC[table]
        resource: dict[str, Any] = {
            "name": table, "path": f"{table}.{fmt.value}", "format": fmt.value,
            "title": zh, "description": en, "rows": counts.get(table, 0),
            "schema": {"fields": [
                {"name": c.name, "type": FRICTIONLESS[c.kind], "title": c.zh,
                 "description": c.en} | ({"format": "json"} if c.kind == "json" else {})
                for c in columns
            ], "primaryKey": ["form_id"] if table == "forms" else []},
        }  # fmt: skip
        if fmt == DumpFormat.csv:
            resource["encoding"] = "utf-8-sig"
            resource["dialect"] = {"delimiter": ",", "header": True, "doubleQuote": True}
        if table != "forms":
            resource["schema"]["foreignKeys"] = [
                {"fields": ["form_id"], "reference": {"resource": "forms", "fields": ["form_id"]}}
            ]
        resources.append(resource)
    return {
        "profile": "tabular-data-package",
        "name": "jixiao-dump",
        "title": "jixiao 自评表导出 / jixiao forms export",
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "jixiao": {"source": source, "filters": filters.model_dump(),
                   "filters_text": filters.describe()},
        "resources": resources,
    }  # fmt: skip


def dump(
    engine: Engine,
    out: Path,
    fmt: DumpFormat | str = DumpFormat.parquet,
    filters: Filters | None = None,
    *,
    bom: bool = True,
    on_table: Callable[[str, int], None] | None = None,
    on_rows: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Write ``forms``, ``indicators`` and ``findings`` of the chosen forms into folder ``out``,
    with ``datapackage.json``; return the row count per table.

    ``on_table(name, total_rows)`` is called before each table, ``on_rows(n)`` after each batch
    (progress bars)."""
    fmt, filters = DumpFormat(fmt), filters or Filters()
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for table in TABLES:
        if on_table is not None:
            on_table(table, count_rows(engine, table, filters))
        target = out / f"{table}.{fmt.value}"
        partial = out / f".{table}.{fmt.value}.partial"
        batches = stream(engine, table, filters)
        progress = on_rows or (lambda _n: None)
        try:
            if fmt == DumpFormat.csv:
                counts[table] = write_csv(partial, table, batches, bom, progress)
            else:
                counts[table] = write_parquet(partial, table, batches, progress)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    package = datapackage(fmt, filters, counts, engine.url.render_as_string(hide_password=True))
    if fmt == DumpFormat.csv and not bom:
        for resource in package["resources"]:
            resource["encoding"] = "utf-8"
    (out / "datapackage.json").write_text(
        json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return counts
