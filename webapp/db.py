"""Database engine, one session per request, and the migration check.

The schema belongs to Alembic (``migrations/``). The app never creates tables
itself: it refuses to start on a database that is not at the newest migration
and says which command brings it there.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app, g, has_request_context, request
from psycopg import Column
from psycopg.pq import ExecStatus
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


class _ColumnsOnDemand(Sequence):
    """A psycopg cursor's ``description``, made when first read (see ``_Cursor``)."""

    __slots__ = ("_columns", "_cursor")

    def __init__(self, cursor: psycopg.Cursor) -> None:
        self._cursor: psycopg.Cursor = cursor
        self._columns: list[Column] | None = None

    def _made(self) -> list[Column]:
        if self._columns is None:
            columns = _PSYCOPG_DESCRIPTION(self._cursor)
            assert columns is not None  # made only for a result with columns (``_Cursor.description``)
            self._columns = columns
        return self._columns

    def __getitem__(self, index):
        return self._made()[index]

    def __len__(self) -> int:
        return len(self._made())


class _Cursor(psycopg.Cursor):
    """psycopg's cursor, but ``description`` makes its column objects only when read.

    SQLAlchemy asks for the description after every statement, yet for a statement it has run
    before it only looks at whether there is one (it keeps the result's columns with the
    compiled statement); psycopg made an object per column each time, a sixth or more of the
    client's CPU for a statement returning a row of some thirty columns."""

    @property
    def description(self):
        result = self.pgresult
        if result and (result.nfields or result.status in _ROWS_RETURNED):
            return _ColumnsOnDemand(self)
        return None


# psycopg's own ``description`` getter (the property object, looked up without calling it).
_PSYCOPG_DESCRIPTION: Callable[[psycopg.Cursor], list[Column] | None] = (
    inspect.getattr_static(psycopg.Cursor, "description").fget)
_ROWS_RETURNED = (ExecStatus.TUPLES_OK, ExecStatus.SINGLE_TUPLE, ExecStatus.TUPLES_CHUNK)


# psycopg turns a statement's "%(name)s" placeholders into PostgreSQL's "$1" on every execution,
# and remembers the result only for statements up to 4 KiB (its guard against caching generated
# SQL that never repeats). The study view is one statement of about 8 KiB, run on every study
# request: converting it again cost a quarter of a millisecond per request. The app's own
# statements are a fixed set, so their conversions are kept up to this length (psycopg keeps
# 128 statements at most, and still never caches one with many parameters).
PSYCOPG_CACHED_STATEMENT_LENGTH = 16 * 1024


def _cache_long_statement_conversions() -> None:
    # (psycopg's own module: should a later psycopg drop the setting, the app still runs, only
    # slower, and tests/web/test_study_queue_cost.py says so.)
    try:
        from psycopg import _queries
    except ImportError:
        return
    limit = getattr(_queries, "MAX_CACHED_STATEMENT_LENGTH", None)
    if limit is not None and limit < PSYCOPG_CACHED_STATEMENT_LENGTH:
        _queries.MAX_CACHED_STATEMENT_LENGTH = PSYCOPG_CACHED_STATEMENT_LENGTH


def make_engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    psycopg_3 = sa.engine.make_url(url).get_driver_name() == "psycopg"
    if psycopg_3:
        _cache_long_statement_conversions()
    engine = sa.create_engine(url, pool_pre_ping=True, connect_args={"cursor_factory": _Cursor} if psycopg_3 else {})
    sa.event.listen(engine, "connect", _postgresql_settings)
    return engine


def _postgresql_settings(dbapi_connection: Any, _record: Any) -> None:
    # Statements that psycopg prepares (those run again and again on a connection: the study
    # queue's) keep one generic plan instead of being planned anew for each set of values: the
    # queue's summary cost several times more to plan than to run. (Its constants are written
    # into the SQL, so the generic plans still know them: repo.constant.)
    # No parallel plans either: the app's statements each read a learner's few rows, but a
    # generic plan is costed for any learner, and at 100,000 cards per learner PostgreSQL chose
    # parallel scans whose worker start-up cost far more than the statement (a review request
    # then used 140 ms of database CPU instead of 2).
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    try:
        dbapi_connection.execute("SET plan_cache_mode = force_generic_plan")
        dbapi_connection.execute("SET max_parallel_workers_per_gather = 0")
    finally:
        dbapi_connection.autocommit = autocommit


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
    app.teardown_appcontext(_close_session)


def dispose_engine(app: Flask) -> None:
    """Close the app's pooled connections (when the server stops, or a test is done)."""
    app.extensions["quizgen_engine"].dispose()


def get_engine() -> sa.Engine:
    return current_app.extensions["quizgen_engine"]


# Blueprints whose requests read outside transactions on PostgreSQL (``get_session``); their
# writes go in ``atomic`` blocks. The study pages register here.
READS_OUTSIDE_TRANSACTIONS: set[str] = set()


def get_session() -> Session:
    """The session of the current request (or app context), opened on first use.

    It holds one connection for the whole request, so committing midway does not hand the
    connection back and check it out (and ping it) again. On PostgreSQL, requests of the
    blueprints in ``READS_OUTSIDE_TRANSACTIONS`` read in autocommit mode: each statement sees
    the newest committed data anyway (READ COMMITTED), and the driver would otherwise spend a
    round trip on BEGIN and another on COMMIT around every request's reads."""
    if "db_session" not in g:
        engine = get_engine()
        connection = engine.connect()
        reads_outside = (engine.dialect.name == "postgresql" and has_request_context()
                         and request.blueprint in READS_OUTSIDE_TRANSACTIONS)
        if reads_outside:
            connection.execution_options(isolation_level="AUTOCOMMIT")
        # Objects stay readable after commit: templates render after the view commits.
        session = Session(bind=connection, expire_on_commit=False)
        session.info["reads_outside_transactions"] = reads_outside
        g.db_connection, g.db_session = connection, session
    return g.db_session


@contextmanager
def atomic(session: Session) -> Iterator[None]:
    """A block of writes that land together: the block ends with ``session.commit()`` (or
    ``session.rollback()``). For a session that reads outside transactions, the block runs in
    a real transaction, and the session goes back to autocommit after it."""
    if not session.info.get("reads_outside_transactions"):
        yield
        return
    connection = session.connection()
    session.commit()  # ends the session's (empty) autocommit transaction: nothing is sent
    connection.execution_options(isolation_level=connection.default_isolation_level)
    try:
        yield
    finally:
        if session.in_transaction():  # an error left the block: nothing of it lands
            session.rollback()
        connection.execution_options(isolation_level="AUTOCOMMIT")


def _close_session(exc: BaseException | None) -> None:
    """End the request's session. A request that finished with nothing left unsaved ends its
    transaction with COMMIT rather than ROLLBACK: it only read, or has committed what it wrote.
    PostgreSQL's driver (psycopg) forgets the statements it has prepared on every ROLLBACK, so
    ending each request with one would have every statement parsed and planned anew. A session
    that read outside transactions has none to end (closing it sends nothing, and psycopg keeps
    its prepared statements)."""
    session = g.pop("db_session", None)
    if session is None:
        return
    connection = g.pop("db_connection")
    try:
        if (exc is None and not session.info["reads_outside_transactions"] and session.in_transaction()
                and not (session.new or session.dirty or session.deleted)):
            session.commit()
    finally:
        session.close()
        connection.close()
