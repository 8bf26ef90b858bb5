"""Opening a store for reading: a missing SQLite file is an error, not a new empty store.

``open_store`` creates a store that does not exist yet, which is right for ``ingest`` but wrong
for ``report``, ``dump`` and ``export --id``: a mistyped path would silently report nothing.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from jixiao.store.db import StoreError, open_store, resolve_url


def open_existing(db: str | None) -> tuple[Engine, str]:
    """The engine of an existing store and its URL; :class:`StoreError` when there is none."""
    url = resolve_url(db)
    try:
        parsed = make_url(url)
    except Exception:
        raise StoreError("bad-url", f"数据库地址无法识别：{url}",
                         f"the database URL is not understood: {url}") from None  # fmt: skip
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        real_file = database and database != ":memory:" and not database.startswith("file:")
        if real_file and not Path(database).is_file():
            raise StoreError(
                "no-store",
                f"数据库文件不存在：{database}；请先用 jixiao ingest 入库，或用 --db 指定数据库",
                f"no database file at {database}; run jixiao ingest first, or give --db",
            )
    return open_store(url), url
