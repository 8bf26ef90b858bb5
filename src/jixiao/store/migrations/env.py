"""Alembic environment: run on the connection :func:`jixiao.store.db.open_store` hands over, or on
``sqlalchemy.url`` (``alembic -x`` is not needed: the store migrates itself when opened)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from jixiao.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///jixiao.db")
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("jixiao migrations run online only")
run_migrations_online()
