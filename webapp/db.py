"""Database engine, one session per request, and the migration check.

The schema belongs to Alembic (``migrations/``). The app never creates tables
itself: it refuses to start on a database that is not at the newest migration
and says which command brings it there.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, before_render_template, current_app, g
from sqlmodel import Session

REPO_ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS_DIR = REPO_ROOT / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 5000


class SchemaOutdated(RuntimeError):
    """The database is missing migrations; the message names the command to run."""


def sqlite_url(path: str | Path) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers work while a review is written (and with synchronous=NORMAL
    # a commit survives an app crash, only a power cut may lose the last ones);
    # busy_timeout makes a second writer wait instead of failing at once; SQLite
    # leaves foreign keys off unless asked on every connection.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = sa.create_engine(url, pool_pre_ping=True)
    sa.event.listen(engine, "connect", _postgresql_settings)
    return engine


def _postgresql_settings(dbapi_connection: Any, _record: Any) -> None:
    # Statements that psycopg prepares (those run again and again on a connection: the study
    # queue's) keep one generic plan instead of being planned anew for each set of values.
    # No parallel plans and no JIT compilation: the app's statements each read a learner's few
    # rows, but at 100,000 cards per learner the planner's estimates (a generic plan's above all:
    # it cannot know how far the new-card walk goes) passed the thresholds of both, and PostgreSQL
    # chose parallel scans whose start-up, or compiled the statement to machine code for about a
    # second each time it ran, where running it takes a tenth of a millisecond.
    dbapi_connection.execute("SET plan_cache_mode = force_generic_plan")
    dbapi_connection.execute("SET max_parallel_workers_per_gather = 0")
    dbapi_connection.execute("SET jit = off")
    dbapi_connection.commit()  # (settings made in a transaction last only if it commits)


def alembic_config(url: str, connection: sa.Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolation treats "%" specially (URL-encoded passwords).
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade_database(url: str) -> None:
    """Bring the database at ``url`` to the newest migration."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(url, connection), "head")
    finally:
        engine.dispose()


def check_schema_current(engine: sa.Engine) -> None:
    """Raise SchemaOutdated unless the database is at Alembic's head revision."""
    url = engine.url.render_as_string(hide_password=True)
    heads = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    if current != heads:
        found = ", ".join(sorted(current)) or "no schema"
        raise SchemaOutdated(
            f"database {url} is at {found} but the app needs {', '.join(sorted(heads))}; "
            "run `python -m webapp.serve` (migrates, then serves) or "
            "`DATABASE_URL=... alembic upgrade head` from the project folder"
        )


@contextmanager
def scratch_database(server_url: str | None, folder: Path, prefix: str) -> Iterator[str]:
    """The URL of an empty database that nothing else uses, removed afterwards (for tests and
    benchmarks): a new SQLite file in ``folder``, or, given a PostgreSQL ``server_url``, a new
    schema there that every connection of the yielded URL searches first."""
    if not server_url:
        yield sqlite_url(folder / f"{prefix}-{uuid.uuid4().hex[:8]}.sqlite3")
        return
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server_url)
    try:
        with admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        separator = "&" if "?" in server_url else "?"
        yield f"{server_url}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["quizgen_engine"] = engine
    if app.config.get("CHECK_SCHEMA", True):
        try:
            check_schema_current(engine)
        except BaseException:
            engine.dispose()  # no app will own it: close its pooled connection now
            raise
    before_render_template.connect(_commit_before_rendering, app)
    app.teardown_appcontext(_close_session)


def dispose_engine(app: Flask) -> None:
    """Close the app's pooled connections (when the server stops, or a test is done)."""
    app.extensions["quizgen_engine"].dispose()


def get_engine() -> sa.Engine:
    return current_app.extensions["quizgen_engine"]


def get_session() -> Session:
    """The session of the current request (or app context), opened on first use.

    It holds one pooled connection for the whole request (a commit midway does not hand it
    back), and the request's work is one transaction: committed when the request ends without
    an error, rolled back otherwise. Objects stay readable after a commit: templates render
    after the view has committed."""
    if "db_session" not in g:
        g.db_connection = get_engine().connect()
        g.db_session = Session(bind=g.db_connection, expire_on_commit=False)
    return g.db_session


def _commit_before_rendering(_app: Flask, **_extra: Any) -> None:
    # The page is made from what was read; ending the transaction first lets a write lock (on
    # SQLite, the whole database's) go while the template renders.
    if "db_session" in g:
        g.db_session.commit()


def _close_session(exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is None:
        return
    connection = g.pop("db_connection")
    try:
        # Only a transaction still open: a page's render has already committed the one before it.
        if exc is None and session.in_transaction():
            session.commit()
    finally:
        session.close()
        connection.close()
