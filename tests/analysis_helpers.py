"""Shared set-up for the analysis tests (report, dump, query, export by id): a store holding
every seed and fixture, on SQLite and PostgreSQL, and an independent Python computation of which
rows count (the latest version of each form) to check the SQL against."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from tests.store_helpers import BACKENDS, FORMAT_FIXTURES, PG_URL, SEEDS, reset_postgres

from jixiao.store.db import open_store
from jixiao.store.ingest import ingest
from jixiao.store.models import FormRow

SQLITE_AND_PG = BACKENDS  # PostgreSQL skipped unless JIXIAO_TEST_PG_URL is set


def filled_store(backend: str, folder: Path) -> Iterator[tuple[str, Engine]]:
    """(url, engine) of a store holding the seeds and every fixture (PostgreSQL reset around)."""
    if backend == "sqlite":
        url = f"sqlite:///{folder / 'store.db'}"
    else:
        reset_postgres(PG_URL)
        url = PG_URL
    engine = open_store(url)
    try:
        summary = ingest(engine, [*SEEDS, *FORMAT_FIXTURES], workers=2)
        assert summary.forms > 100 and summary.fatal is None
        yield url, engine
    finally:
        engine.dispose()
        if backend == "postgres":
            reset_postgres(PG_URL)


def form_rows(engine: Engine) -> list[Any]:
    """Every stored form row's query columns (the test stores are small)."""
    cols = [c for c in FormRow.__table__.c if c.name != "data"]
    with engine.connect() as conn:
        return list(conn.execute(select(*cols).order_by(FormRow.id)))


def latest_rows(engine: Engine) -> list[Any]:
    """The rows that count, computed in Python: per identity the highest version, of its copies
    the lowest id."""
    best: dict[str, Any] = {}
    for r in form_rows(engine):
        have = best.get(r.identity)
        if have is None or (r.version, -r.id) > (have.version, -have.id):
            best[r.identity] = r
    return sorted(best.values(), key=lambda r: r.id)
