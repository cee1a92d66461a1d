"""Alembic environment: migrates the database named by the caller or DATABASE_URL.

Callers inside the app (``webapp.db.upgrade_database``) hand over an open
connection; the ``alembic`` command line uses ``sqlalchemy.url`` if set, else
the DATABASE_URL environment variable, else the default SQLite file.
"""

from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context
from sqlmodel import SQLModel

import webapp.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from webapp.db import REPO_ROOT, make_engine, sqlite_url

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


def database_url() -> str:
    return (config.get_main_option("sqlalchemy.url")
            or os.environ.get("DATABASE_URL")
            or sqlite_url(REPO_ROOT / "instance" / "quizgen.sqlite3"))


def run_migrations(connection) -> None:
    # Batch mode lets SQLite alter tables by copying them.
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(url=database_url(), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    url = database_url()
    if url.startswith("sqlite"):
        (REPO_ROOT / "instance").mkdir(exist_ok=True)
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            run_migrations(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
