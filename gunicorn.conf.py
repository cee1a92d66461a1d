"""gunicorn settings for quizgen: ``gunicorn webapp.wsgi:app`` (this file is read automatically
from the project folder).

Environment:
    SECRET_KEY          required; a long random string shared by all workers
    DATABASE_URL        e.g. postgresql+psycopg://user@host/db (default: SQLite under instance/)
    QUIZGEN_BIND        address to listen on (default 127.0.0.1:8000; PORT alone also works)
    WEB_CONCURRENCY     worker processes (default: one per CPU, at least 2, on SQLite; else 2 per CPU + 1)
    QUIZGEN_THREADS     threads per worker (default 4)
    QUIZGEN_MIGRATE     "0" to skip migrating and importing decks at start
    FLASK_PROXY_FIX     number of trusted reverse proxies in front (for https detection)

Before forking workers the master migrates the database to the newest
revision and imports every deck under DECKS_DIR, so the workers start on a
ready database and do not race each other doing it.
"""

from __future__ import annotations

import multiprocessing
import os

bind = os.environ.get("QUIZGEN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
_database_url = os.environ.get("DATABASE_URL") or os.environ.get("FLASK_DATABASE_URL") or "sqlite"
# SQLite lets one process write at a time, and every commit empties the page cache of every
# other connection: beyond one process per CPU, more processes only add that contention
# (benchmarks/load_review.py: review throughput up by a tenth to a fifth with 2 workers instead
# of 5 on 2 CPUs). A database server takes the usual 2 per CPU + 1.
_default_workers = (max(2, multiprocessing.cpu_count()) if _database_url.startswith("sqlite")
                    else multiprocessing.cpu_count() * 2 + 1)
workers = int(os.environ.get("WEB_CONCURRENCY") or _default_workers)
# Threads give keep-alive connections and overlap database waits; the app holds no
# per-process state, so threads and processes are interchangeable.
worker_class = "gthread"
threads = int(os.environ.get("QUIZGEN_THREADS") or 4)
timeout = 30
graceful_timeout = 20
keepalive = 5
accesslog = os.environ.get("QUIZGEN_ACCESS_LOG") or None
errorlog = "-"
# No preload: each worker opens its own database connections after the fork.
preload_app = False
# The control socket lives at one path per user, so two servers on one machine would
# fight over it; we do not use it.
control_socket_disable = True


def prepare() -> None:
    """Migrate the database and import the decks once, in the master process."""
    from webapp import create_app, db

    # An app that skips the schema check tells which database the workers will use
    # (and fails early, in one place, if SECRET_KEY is missing).
    probe = create_app({"CHECK_SCHEMA": False, "IMPORT_DECKS_ON_START": False})
    url = probe.config["DATABASE_URL"]
    probe.extensions["quizgen_engine"].dispose()
    db.upgrade_database(url)
    app = create_app({"DATABASE_URL": url, "IMPORT_DECKS_ON_START": True})
    # Close the master's connections so no forked worker inherits a socket.
    app.extensions["quizgen_engine"].dispose()


def on_starting(server) -> None:
    if os.environ.get("QUIZGEN_MIGRATE", "1") != "0":
        server.log.info("migrating the database and importing decks")
        prepare()
