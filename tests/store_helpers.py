"""Shared set-up for the store and ingest tests: a fresh store on SQLite or, when
``JIXIAO_TEST_PG_URL`` is set, on PostgreSQL too (``scripts/pg-test-server`` starts one)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from jixiao.store.db import drop_store as reset_postgres

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "src" / "jixiao" / "samples").glob("*.txt"))
FIXTURES = ROOT / "tests" / "data" / "fixtures"
#: the committed files of every format (not the generator scripts, nor the text exports of
#: other tools, some of which the reader does not read right yet: see test_text_exports)
FORMAT_FIXTURES = [FIXTURES / d for d in ("pdf", "pdf-seeds", "xlsx", "xls", "docx", "html")]
PG_URL = os.environ.get("JIXIAO_TEST_PG_URL", "")

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgres",
        id="postgres",
        marks=pytest.mark.skipif(
            not PG_URL,
            reason="JIXIAO_TEST_PG_URL is not set (scripts/pg-test-server starts a local server)",
        ),
    ),
]


def store_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty store; PostgreSQL's tables are dropped before and after."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    reset_postgres(PG_URL)
    yield PG_URL
    reset_postgres(PG_URL)
