"""Shared fixtures: a fresh, migrated database per test, a folder of fixture decks, and the
web app with its clients, a settable clock and a logged-in learner.

Tests run on SQLite by default. With QUIZGEN_TEST_DATABASE_URL set to a
PostgreSQL URL, each test gets its own schema in that database instead (made
the search_path of every connection and dropped afterwards).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session

from webapp_support import Clock, Learner, close_app, make_app, signup

FIXTURES = Path(__file__).parent / "fixtures"


@contextmanager
def fresh_database(tmp_dir: Path) -> Iterator[str]:
    """Yield the URL of an empty database that nothing else uses; clean it up after."""
    from webapp.db import scratch_database

    with scratch_database(os.environ.get("QUIZGEN_TEST_DATABASE_URL"), tmp_dir, "test") as url:
        yield url


@contextmanager
def migrated_database(tmp_dir: Path) -> Iterator[str]:
    from webapp.db import upgrade_database

    with fresh_database(tmp_dir) as url:
        upgrade_database(url)
        yield url


@pytest.fixture
def empty_database_url(tmp_path: Path) -> Iterator[str]:
    """A database with no schema at all, for this test alone."""
    with fresh_database(tmp_path) as url:
        yield url


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A migrated database for this test alone."""
    with migrated_database(tmp_path) as url:
        yield url


@pytest.fixture
def database_factory(tmp_path: Path):
    """``with database_factory() as url:`` gives another migrated database (e.g. per hypothesis example)."""
    return lambda: migrated_database(tmp_path)


def copy_mini_deck(target: Path) -> Path:
    """Copy the mini fixture deck (deck.json and its sources) to ``target/mini``; return that folder."""
    folder = target / "mini"
    shutil.copytree(FIXTURES / "mini", folder)
    return folder


@pytest.fixture
def decks_dir(tmp_path: Path) -> Path:
    """A DECKS_DIR holding a private copy of the mini fixture deck."""
    root = tmp_path / "decks"
    root.mkdir()
    copy_mini_deck(root)
    return root


@pytest.fixture
def teacher_dir(tmp_path: Path) -> Path:
    """Where the teacher wing keeps the decks teachers make (TEACHER_DECKS_DIR)."""
    return tmp_path / "teacher-decks"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def settings() -> dict:
    """Settings the app gets beside the usual test ones (a module overrides or parametrizes it)."""
    return {}


@pytest.fixture
def app(database_url: str, decks_dir: Path, clock: Clock, teacher_dir: Path, settings: dict) -> Iterator[Flask]:
    app = make_app(database_url, decks_dir, clock, TEACHER_DECKS_DIR=str(teacher_dir), **settings)
    yield app
    close_app(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def learner(app: Flask) -> Learner:
    """A learner (UTC) logged in, studying the mini deck."""
    client = app.test_client()
    signup(client, "ada@example.org")
    return Learner(client)


@pytest.fixture
def teacher(app: Flask) -> FlaskClient:
    """A signed-in teacher of the test module's app."""
    client = app.test_client()
    signup(client, "tess@example.org", role="teacher")
    return client


@pytest.fixture
def db(app: Flask, database_url: str) -> Iterator[Session]:
    """A session of its own on the test database, for looking at what the app stored."""
    from webapp.db import make_engine

    engine = make_engine(database_url)
    with Session(engine) as session:
        yield session
    engine.dispose()
