"""The quizgen web app: spaced-repetition practice of attributed question decks.

``create_app`` follows the Flask application-factory pattern: defaults, then
``FLASK_*`` environment variables plus ``DATABASE_URL`` and ``SECRET_KEY``, then
the caller's overrides (tests pass theirs here).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click
import sqlalchemy as sa
from flask import Flask, Response, make_response, render_template, request
from flask_wtf.csrf import CSRFError

from . import db, security
from .extensions import csrf, htmx, login_manager
from .models import utc_now
from .web import register_template_helpers

DEFAULT_DECKS_DIR = db.REPO_ROOT / "decks"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    _configure(app, test_config)
    db.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)
    register_template_helpers(app)
    _register_blueprints(app)
    _register_health_check(app)
    _register_error_pages(app)
    _register_backup_commands(app)
    _register_deck_commands(app)
    if app.config["IMPORT_DECKS_ON_START"]:
        from .decks_import import import_all

        with app.app_context():
            for report in import_all(app.config["DECKS_DIR"], session=db.get_session()):
                app.logger.info("deck %s", report)
    return app


def _configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Defaults, then FLASK_* variables (and DATABASE_URL, SECRET_KEY), then ``test_config``."""
    app.config.from_mapping(
        SECRET_KEY=None,
        DATABASE_URL=db.sqlite_url(Path(app.instance_path) / "quizgen.sqlite3"),
        DECKS_DIR=str(DEFAULT_DECKS_DIR),
        IMPORT_DECKS_ON_START=True,
        TEACHER_DECKS_DIR=None,  # None: <instance folder>/teacher-decks
        MAX_CONTENT_LENGTH=5 * 1024 * 1024,  # uploads of sources; larger gets a friendly 413 page
        # A source added by URL: at most this many bytes, fetched within this many seconds, and from
        # no loopback, private or link-local address unless one of these networks holds it.
        FETCH_MAX_BYTES=10_000_000,
        FETCH_TIMEOUT_SECONDS=20,
        FETCH_ALLOWED_NETWORKS=[],
        LEARN_AHEAD_MINUTES=20,  # learning cards due this soon are shown rather than waited for
        CLOCK=utc_now,  # tests replace it to move through days
        WTF_CSRF_TIME_LIMIT=None,  # a token lives as long as the session: long study sessions
    )  # (cookie flags: security.init_app)
    app.config.from_prefixed_env()
    for name in ("DATABASE_URL", "SECRET_KEY"):
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        if not (app.debug or app.testing):
            raise RuntimeError("SECRET_KEY is not set: export SECRET_KEY (or FLASK_SECRET_KEY) "
                               "to a long random string before starting the app")
        app.config["SECRET_KEY"] = os.urandom(32).hex()
    if app.config["DATABASE_URL"].startswith("sqlite"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)


def _register_blueprints(app: Flask) -> None:
    from . import auth, cards, classes, decks, stats, study, teach

    for module in (auth, decks, study, cards, stats, classes):
        app.register_blueprint(module.bp)
    teach.init_app(app)


def _register_health_check(app: Flask) -> None:
    @app.get("/healthz")
    def healthz():
        # Load balancers poll this: answer only if the database answers too.
        with db.get_engine().connect() as connection:
            connection.execute(sa.text("SELECT 1"))
            connection.commit()  # (psycopg drops its prepared statements on a rollback)
        return {"status": "ok"}


def _register_error_pages(app: Flask) -> None:
    def page(status: int, title: str, message: str) -> Response:
        return make_response(render_template("error.html", title=title, message=message), status)

    def too_many_attempts(error: security.TooManyAttempts) -> Response:
        response = page(429, "Too many attempts",
                        "There were too many attempts from here. Wait a few minutes, then try again.")
        response.headers["Retry-After"] = str(error.retry_after)
        return response

    def too_large(_error) -> Response:
        limit = app.config.get("MAX_CONTENT_LENGTH") or 0
        if limit and (request.content_length or 0) > limit:
            return page(413, "Upload too large",
                        f"That upload is larger than {limit // (1024 * 1024)} MB, so nothing was saved. "
                        "Split the source into smaller .txt files and upload them one by one.")
        # Within the size limit, the form itself was refused: too many parts, or one field too large.
        return page(413, "Form too large", "That form has too many fields, or one field holds too much text, "
                    "so nothing was saved. Paste long sources as .txt files instead.")

    app.register_error_handler(CSRFError, lambda e: page(
        400, "Form expired", "The form was missing its security token. Reload the page and try again."))
    app.register_error_handler(403, lambda e: page(403, "Not allowed", "This page is not for your account."))
    app.register_error_handler(404, lambda e: page(404, "Not found", "There is nothing at this address."))
    app.register_error_handler(405, lambda e: page(405, "Not allowed", "That method is not allowed here."))
    app.register_error_handler(413, too_large)
    app.register_error_handler(security.TooManyAttempts, too_many_attempts)


def _register_backup_commands(app: Flask) -> None:
    @app.cli.command("backup")
    @click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
    def backup_command(out: Path) -> None:
        """Back up the database and the teachers' deck folders into OUT (.tar.gz), while the app runs."""
        from .backup import backup
        from .services.storage import decks_root

        counts = backup(db.get_engine(), decks_root(), out)
        click.echo(f"wrote {out}: {sum(counts.values())} rows in {len(counts)} tables, and the deck folders")

    @app.cli.command("restore")
    @click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    def restore_command(archive: Path) -> None:
        """Restore a backup into this instance's empty, migrated database and deck folder."""
        from .backup import RestoreRefused, restore
        from .services.storage import decks_root

        try:
            counts = restore(db.get_engine(), decks_root(), archive)
        except RestoreRefused as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"restored {sum(counts.values())} rows in {len(counts)} tables, and the deck folders")


def _register_deck_commands(app: Flask) -> None:
    @app.cli.command("make-teacher")
    @click.argument("email")
    @click.option("--password", default=None, help="The password of a new account (asked for when not given).")
    def make_teacher_command(email: str, password: str | None) -> None:
        """Make EMAIL a teacher: a new account with PASSWORD, or an existing one promoted."""
        from .repo.users import create_user, get_user_by_email

        session = db.get_session()
        user = get_user_by_email(email, session=session)
        if user is None:
            password = password or click.prompt("Password", hide_input=True, confirmation_prompt=True)
            create_user(email, password, role="teacher", session=session)
            click.echo(f"created teacher {email}")
        else:
            user.role = "teacher"
            session.add(user)
            session.commit()
            click.echo(f"{email} is now a teacher")

    @app.cli.command("import-decks")
    @click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
    def import_decks_command(paths: tuple[Path, ...]) -> None:
        """Import deck files (default: every DECKS_DIR/*/deck.json)."""
        from quizgen.errors import QuizgenError

        from .decks_import import deck_files, import_deck

        files = list(paths) or deck_files(app.config["DECKS_DIR"])
        failed = False
        for path in files:
            try:
                click.echo(str(import_deck(path, session=db.get_session())))
            except QuizgenError as error:
                click.echo(f"error: {error}", err=True)
                failed = True
        if failed:
            raise SystemExit(1)
