"""The WSGI entry point for production servers: ``gunicorn webapp.wsgi:app``.

Configuration comes from the environment (see ``create_app``): ``SECRET_KEY``
is required, ``DATABASE_URL`` picks the database. Each worker process builds
its own app and database engine here; nothing a request needs lives only in
one worker (sessions are signed cookies, rate-limit counts are in the
database), so any worker can answer any request.

Migrating the schema and importing the deck files happen once, before the
workers start, in ``gunicorn.conf.py`` (``prepare``); a worker only checks that
the database is at the newest migration and refuses to start otherwise.
"""

from __future__ import annotations

from . import create_app

app = create_app({"IMPORT_DECKS_ON_START": False})
