"""Opening a store: the engine, SQLite's pragmas, migrations on open, and plain-language errors.

The default store is the SQLite file ``jixiao.db`` in the current directory (or ``$JIXIAO_DB``,
a path or a URL); PostgreSQL is used by URL (``postgresql+psycopg://user@host/db``).  SQLite runs
in WAL mode with a busy timeout, foreign keys on, and every transaction started ``IMMEDIATE`` so
that two ingests into one file take turns instead of failing half way.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import SQLAlchemyError

DEFAULT_FILE = "jixiao.db"
BUSY_TIMEOUT = 10.0  # seconds a writer waits for another writer before giving up
MIGRATIONS = Path(__file__).with_name("migrations")


class StoreError(Exception):
    """A store that cannot be used as asked, with a message for the person running the command."""

    def __init__(self, code: str, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code, self.message, self.message_en = code, message, message_en

    def text(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message


def resolve_url(value: str | None = None) -> str:
    """A URL for ``--db``: a URL as given, a path as a SQLite file, nothing as $JIXIAO_DB or
    ``./jixiao.db``."""
    value = value or os.environ.get("JIXIAO_DB") or DEFAULT_FILE
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def display_url(url: str) -> str:
    """The URL without its password, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def _dumps(value: Any) -> str:
    # NaN and infinity are not JSON (PostgreSQL refuses them): fail before anything is written
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def create_store_engine(url: str, busy_timeout: float = BUSY_TIMEOUT) -> Engine:
    """The engine for ``url``: SQLite with WAL, busy timeout, foreign keys, IMMEDIATE writes."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        args: dict[str, Any] = {}
        if parsed.get_backend_name() == "postgresql":
            ms = int(busy_timeout * 1000)
            args["connect_args"] = {"options": f"-c lock_timeout={ms}", "connect_timeout": 10}
        return create_engine(url, json_serializer=_dumps, pool_pre_ping=True, **args)
    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        folder = Path(database).parent
        if not folder.is_dir():
            raise StoreError(
                "no-folder",
                f"数据库所在的文件夹不存在：{folder}",
                f"the database's folder does not exist: {folder}",
            )
    engine = create_engine(
        url, json_serializer=_dumps, connect_args={"timeout": busy_timeout}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        cur.execute("PRAGMA foreign_keys = ON")
        mode = cur.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() not in ("wal", "memory"):
            cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")  # durable in WAL mode up to the last checkpoint
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def explain(exc: BaseException, url: str = "") -> StoreError:
    """A plain-language StoreError for a database exception (locked, read-only, full, ...)."""
    if isinstance(exc, StoreError):
        return exc
    text = str(getattr(exc, "orig", None) or exc).lower()
    where = f"（{display_url(url)}）" if url else ""
    where_en = f" ({display_url(url)})" if url else ""
    if "locked" in text or "lock timeout" in text or "could not obtain lock" in text:
        return StoreError(
            "locked",
            f"数据库被另一个程序锁定，等待后仍未释放{where}；另一次写入结束后再运行即可",
            f"the database is locked by another program and stayed locked{where_en}; "
            "run again once the other writer has finished",
        )
    if "readonly" in text or "read-only" in text or "read only" in text:
        return StoreError(
            "read-only",
            f"数据库是只读的，无法写入{where}；请检查文件权限或换一个位置（--db）",
            f"the database is read-only{where_en}; check the file's permissions or use --db",
        )
    if "disk is full" in text or "no space left" in text or "disk full" in text:
        return StoreError(
            "disk-full",
            f"磁盘已满{where}；已提交的文档都已保存，释放空间后重新运行即可继续",
            f"the disk is full{where_en}; every committed document is kept, free some space "
            "and run again to continue",
        )
    if "not a database" in text or "malformed" in text:
        return StoreError(
            "not-a-database",
            f"这个文件不是 jixiao 数据库（或已损坏）{where}",
            f"this file is not a jixiao database (or it is damaged){where_en}",
        )
    if "unable to open" in text or "connection" in text or "could not connect" in text:
        return StoreError(
            "cannot-open",
            f"无法打开数据库{where}：{exc.__class__.__name__}",
            f"cannot open the database{where_en}: {str(getattr(exc, 'orig', exc)).strip()}",
        )
    return StoreError(
        "database-error",
        f"数据库错误{where}：{str(getattr(exc, 'orig', exc)).strip()}",
        f"database error{where_en}: {str(getattr(exc, 'orig', exc)).strip()}",
    )


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine, revision: str = "head", *, down: bool = False) -> None:
    """Upgrade (or with ``down``, downgrade) the schema to ``revision`` in one transaction."""
    with engine.begin() as conn:
        _lock_schema(conn)
        cfg = alembic_config(conn)
        if down:
            command.downgrade(cfg, revision)
        else:
            command.upgrade(cfg, revision)


def _lock_schema(conn: Connection) -> None:
    """Two first runs at once: one migrates, the other waits (SQLite: BEGIN IMMEDIATE does it)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(5004)")


def check_and_migrate(engine: Engine, url: str) -> None:
    """Bring an older store up to date; refuse a store newer than this code or not ours."""
    head = head_revision()
    if current_revision(engine) == head:
        return  # the usual case, and the only one a read-only store can be in
    with engine.begin() as conn:
        _lock_schema(conn)  # decide and migrate under the lock: another run may have just done it
        current = MigrationContext.configure(conn).get_current_revision()
        if current == head:
            return
        if current is not None:
            try:
                ScriptDirectory.from_config(alembic_config()).get_revision(current)
            except Exception:
                raise StoreError(
                    "newer-database",
                    f"数据库由更新版本的 jixiao 创建（架构版本 {current}，本程序支持到 {head}）；"
                    "请升级 jixiao 后再使用",
                    f"the database was made by a newer jixiao (schema {current}, this one knows "
                    f"up to {head}); upgrade jixiao to use it",
                ) from None
        elif set(inspect(conn).get_table_names()) - {"alembic_version"}:
            raise StoreError(
                "not-a-store",
                f"数据库里已有其他表，不是 jixiao 数据库（{display_url(url)}）",
                f"the database holds other tables; it is not a jixiao store ({display_url(url)})",
            )
        command.upgrade(alembic_config(conn), "head")


def open_store(url: str | None = None, *, busy_timeout: float = BUSY_TIMEOUT) -> Engine:
    """The engine of a ready store (created or migrated as needed); StoreError when it cannot be."""
    url = resolve_url(url)
    try:
        engine = create_store_engine(url, busy_timeout)
        check_and_migrate(engine, url)
    except StoreError:
        raise
    except (SQLAlchemyError, OSError) as exc:
        raise explain(exc, url) from exc
    return engine


def drop_store(url: str) -> None:
    """Drop every jixiao table and the migration mark at ``url``: the empty schema that the tests
    and benchmarks start from on a shared PostgreSQL database (never used by a command)."""
    from jixiao.store.models import Base  # the tables of every layer are registered on it

    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            Base.metadata.drop_all(conn)
            conn.execute(sql_text("DROP TABLE IF EXISTS alembic_version"))
    finally:
        engine.dispose()
